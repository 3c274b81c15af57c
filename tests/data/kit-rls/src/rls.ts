import { sql } from 'drizzle-orm';
import { integer, pgPolicy, pgRole, pgSchema, pgTable, text } from 'drizzle-orm/pg-core';

export const admin = pgRole('rls_admin', { createRole: true, createDb: true, inherit: false });
export const reader = pgRole('rls_reader');
export const temp = pgRole('rls_temp', { createDb: true });
export const outside = pgRole('rls_outside').existing();

export const docs = pgTable('docs', {
  id: integer().primaryKey(),
  owner: text().notNull(),
  body: text(),
}, () => [
  pgPolicy('docs_read', { as: 'permissive', for: 'select', to: reader, using: sql`owner = current_user` }),
  pgPolicy('docs_insert', { as: 'restrictive', for: 'insert', to: [reader, admin], withCheck: sql`owner = current_user` }),
  pgPolicy('docs_all', { to: 'public', using: sql`true`, withCheck: sql`true` }),
  pgPolicy('docs_outside', { for: 'delete', to: [outside, 'current_user'], using: sql`body is null` }),
]);

export const notes = pgTable('notes', { id: integer().primaryKey() }).enableRLS();

export const app = pgSchema('app');
export const secrets = app.table('secrets', { id: integer().primaryKey(), k: text() }, () => [
  pgPolicy('secrets_update', { for: 'update', to: 'current_user', using: sql`k <> ''` }),
]);

export const plain = pgTable('plain', { id: integer().primaryKey() });
