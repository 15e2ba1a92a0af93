/**
 * Planner statistics after bulk writes. A first upload of 100,000 users into an empty organization
 * leaves PostgreSQL believing the tables are nearly empty until autovacuum gets round to ANALYZE
 * (a minute or more on a busy server), and meanwhile it picks plans that read every member of a
 * group to show a page of 50. Refreshing the statistics right after such a write keeps keyset pages
 * on their indexes from the first request on.
 *
 * The refresh runs after the write has committed and is not waited for: ANALYZE of the users and
 * memberships after a 100,000-row upload takes 0.15–0.25 s, which the person uploading would
 * otherwise wait for (they are told what was written, not when the planner learnt of it). Closing
 * the database waits for refreshes still running (`statisticsSettled`).
 */
import { type Kysely, sql } from 'kysely';

/** Rows written by one operation from which statistics are refreshed at once. */
export const BULK_WRITE_ANALYZE_THRESHOLD = 10_000;

const running = new WeakMap<Kysely<any>, Set<Promise<void>>>();

/**
 * Starts ANALYZE of the given tables in the background, outside any transaction. Best effort: the
 * write is already committed, so a failure here (e.g. a role that may not ANALYZE, a database
 * closing) is left to autovacuum rather than reported.
 */
export function refreshStatistics(db: Kysely<any>, tables: string[]): void {
  const refreshes = running.get(db) ?? new Set<Promise<void>>();
  running.set(db, refreshes);
  const refresh = sql`analyze ${sql.join(tables.map((t) => sql.id(t)))}`
    .execute(db)
    .then(
      () => undefined,
      () => undefined, // autovacuum will analyze the tables later
    )
    .finally(() => refreshes.delete(refresh));
  refreshes.add(refresh);
}

/** Resolves once the statistics refreshes started on `db` so far have finished. */
export async function statisticsSettled(db: Kysely<any>): Promise<void> {
  await Promise.all([...(running.get(db) ?? [])]);
}
