// kit fidelity schema (v1): type spellings, table order across schemas, index nulls, identity in a named schema.
import { sql } from 'drizzle-orm';
import {
  bit, char, check, index, integer, interval, numeric, pgSchema, pgTable, text, time, timestamp, varchar, vector,
} from 'drizzle-orm/pg-core';

export const shop = pgSchema('shop');

export const zebra = pgTable('zebra', {
  id: integer('id').primaryKey(),
  ts0: timestamp('ts0', { precision: 0 }),
  ts3: timestamp('ts3', { precision: 3 }),
  ts: timestamp('ts'),
  tstz: timestamp('tstz', { withTimezone: true }),
  tstz6: timestamp('tstz6', { precision: 6, withTimezone: true }),
  t: time('t'),
  t2: time('t2', { precision: 2 }),
  ttz: time('ttz', { withTimezone: true }),
  ttz4: time('ttz4', { precision: 4, withTimezone: true }),
  iv: interval('iv'),
  ivf: interval('ivf', { fields: 'day to second' }),
  ivp: interval('ivp', { precision: 3 }),
  n: numeric('n'),
  n10: numeric('n10', { precision: 10 }),
  n102: numeric('n102', { precision: 10, scale: 2 }),
  vc: varchar('vc', { length: 8 }),
  vcn: varchar('vcn'),
  ch: char('ch', { length: 3 }),
  chn: char('chn'),
  b: bit('b', { dimensions: 4 }),
  v: vector('v', { dimensions: 3 }),
  ia: integer('ia').array(),
  ta: text('ta').array().array(),
  tsa: timestamp('tsa', { precision: 3 }).array(),
  va: varchar('va', { length: 5 }).array(),
}, (t) => [
  index('zebra_ts_idx').on(t.ts.asc().nullsLast()),
  index('zebra_ts3_idx').on(t.ts3.asc().nullsFirst()),
  index('zebra_tstz_idx').on(t.tstz.desc().nullsLast()),
  index('zebra_t_idx').on(t.t.desc()),
  check('zebra_n_check', sql`${t.n} > 0`),
]);

export const apple = pgTable('apple', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  label: varchar('label', { length: 16 }),
});

export const mango = shop.table('mango', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity({ startWith: 10 }),
  name: text('name'),
});

export const banana = shop.table('banana', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
});

