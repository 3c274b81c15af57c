import { pgSchema, pgSequence, pgEnum, pgTable, integer, text, bigint } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const inv = pgSchema('inv');

export const mood = pgEnum('mood', ['sad', 'ok', 'happy']);
export const itemStatus = inv.enum('item_status', ['new', 'used', 'broken']);


export const fullSeq = pgSequence('full_seq', {
  startWith: 100, increment: 3, minValue: 10, maxValue: 10000, cache: 5, cycle: true,
});
export const descSeq = pgSequence('desc_seq', { increment: -1 });
export const invSeq = inv.sequence('inv_seq', { startWith: 7, cache: 3 });

export const items = inv.table('items', {
  id: integer('id').primaryKey(),
  status: itemStatus('status').notNull().default('new'),
  statuses: itemStatus('statuses').array(),
  mood: mood('mood'),
  code: bigint('code', { mode: 'number' }).default(sql`nextval('inv.inv_seq')`),
});
export const newSeq = inv.sequence('new_seq', { minValue: 5 });
