/**
 * Bulk inserts that skip what is already stored (a hash join or EXCEPT against the table, read
 * once) are cheaper as a plain INSERT than as `INSERT … ON CONFLICT`, which pays a speculative
 * insertion into the unique index for every row. A concurrent transaction can still insert one of
 * the same keys meanwhile: the plain INSERT then fails on the unique index, and the work is redone,
 * inside a savepoint, with the ON CONFLICT form, which is always right, just slower.
 */
import { type Kysely, sql } from 'kysely';
import { isUniqueViolation } from '../errors.ts';

/** Runs `fast`; if it trips over a row another transaction inserted meanwhile, undoes it and runs `safe`. Must run in a transaction. */
export async function withUniqueFallback<T>(
  db: Kysely<any>,
  fast: () => Promise<T>,
  safe: () => Promise<T>,
): Promise<T> {
  await sql`savepoint unique_fallback`.execute(db);
  try {
    const result = await fast();
    await sql`release savepoint unique_fallback`.execute(db);
    return result;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await sql`rollback to savepoint unique_fallback`.execute(db);
    const result = await safe();
    await sql`release savepoint unique_fallback`.execute(db);
    return result;
  }
}
