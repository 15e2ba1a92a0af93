/**
 * Ids for the new rows of one set-based statement (a bulk import's users), drawn by the statement
 * itself as `(prefix || lpad(to_hex(n), 6, '0'))::uuid` for its rows n = 1, 2, …
 *
 * They are UUIDv7 (RFC 9562): the 48-bit time of the write, then 50 random bits shared by the batch,
 * then a 24-bit counter (RFC 9562's "fixed bit-length dedicated counter") in the last six hex digits.
 * So one batch's ids ascend, and every index that leads with the id after the organization (the
 * primary key, the creation and last-login sort indexes, the memberships' keys) receives them as
 * appends to a few pages instead of 100,000 inserts scattered over all of its pages. Measured on
 * PostgreSQL 15, 100,000 users into a copy of `users` with its six indexes: 1.58–1.76 s with
 * random ids, 0.99–1.00 s with ascending ones (docs/PERFORMANCE.md, run 13). It also spares
 * PGlite's `gen_random_uuid()`, ≈ 7 µs a call there.
 *
 * Two batches in the same millisecond share a prefix with a chance of 2^-50; the primary key
 * would refuse the second one's rows, never merge them.
 */
import { randomBytes } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';

/** Rows one prefix can number: the counter's 24 bits. */
export const BATCH_ID_CAPACITY = 0xff_ffff;

/** The first 30 characters of the batch's ids (`xxxxxxxx-xxxx-7xxx-Vxxx-xxxxxx`), for `now`. */
export function batchIdPrefix(now: Date): string {
  const time = now.getTime().toString(16).padStart(12, '0').slice(-12);
  const random = randomBytes(7).toString('hex'); // 56 bits: 50 are used
  const variant = (0x8 | (Number.parseInt(random[3]!, 16) & 0x3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 13)}`;
}

/** The id numbered `rowNumber` (a bigint expression, from 1) of the batch, as SQL. */
export function batchId(prefix: string, rowNumber: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(${prefix}::text || lpad(to_hex(${rowNumber}), 6, '0'))::uuid`;
}
