import { pgSchema, pgTable, pgView, pgMaterializedView, integer, text, boolean } from 'drizzle-orm/pg-core';
import { sql, eq, gt, and } from 'drizzle-orm';

export const shop = pgSchema('shop');

export const products = pgTable('products', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  price: integer('price').notNull(),
  active: boolean('active').notNull().default(true),
});

// A view from the query builder: its values are inlined in the definition.
export const activeProducts = pgView('active_products').as((qb) =>
  qb.select({ id: products.id, name: products.name }).from(products)
    .where(and(eq(products.active, true), gt(products.price, 6), eq(products.name, "it's"))));

// A view with declared columns, raw SQL and every option.
export const cheapProducts = pgView('cheap_products', { id: integer('id'), name: text('name') })
  .with({ checkOption: 'local', securityInvoker: true })
  .as(sql`select "id", "name" from "products" where "price" < 100`);

// A view the kit does not manage.
export const legacyView = pgView('legacy_view', { id: integer('id') }).existing();

// A materialized view in a schema, with every option.
export const shopMat = shop.materializedView('shop_mat', { id: integer('id') })
  .with({ fillfactor: 60 })
  .using('heap')
  .tablespace('pg_default')
  .withNoData()
  .as(sql`select "id" from "products"`);
