import { sql } from 'drizzle-orm';
import { integer, pgPolicy, pgRole, pgSchema, pgTable, text } from 'drizzle-orm/pg-core';

export const admin = pgRole('rls_admin', { createRole: true });
export const reader = pgRole('rls_reader');
export const auditor = pgRole('rls_auditor', { inherit: false });
export const outside = pgRole('rls_outside').existing();

export const docs = pgTable('docs', {
  id: integer().primaryKey(),
  owner: text().notNull(),
  body: text(),
}, () => [
  pgPolicy('docs_read', { as: 'permissive', for: 'select', to: [reader, auditor], using: sql`owner = current_user or body is not null` }),
  pgPolicy('docs_insert', { as: 'restrictive', for: 'update', to: [reader, admin], withCheck: sql`owner = current_user` }),
  pgPolicy('docs_outside', { as: 'restrictive', for: 'delete', to: [outside, 'current_user'], using: sql`body is null` }),
]);

export const notes = pgTable('notes', { id: integer().primaryKey() });

export const app = pgSchema('app');
export const secrets = app.table('secrets', { id: integer().primaryKey(), k: text() });

export const plain = pgTable('plain', { id: integer().primaryKey() }).enableRLS();
