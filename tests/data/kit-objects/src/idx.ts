import { pgTable, integer, text, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const labels = pgTable('labels', {
  id: integer('id').primaryKey(),
  label: text('label').notNull(),
  body: text('body'),
}, (t) => [
  index('labels_lower_idx').on(sql`lower(label)`),
  uniqueIndex('labels_lower_body_idx').on(sql`lower(${t.label})`, t.body.desc()),
  index('labels_ops_idx').on(t.label.op('text_pattern_ops')),
  index('labels_trgm_idx').using('gin', sql`to_tsvector('english', ${t.body})`),
  index('labels_mixed_idx').on(t.id.asc().nullsFirst(), sql`(length(body))`),
]);
