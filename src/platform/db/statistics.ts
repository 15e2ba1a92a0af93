/**
 * Planner statistics after bulk writes. A first upload of 100,000 users into an empty organization
 * leaves PostgreSQL believing the tables are nearly empty until autovacuum gets round to ANALYZE
 * (a minute or more on a busy server), and meanwhile it picks plans that read every member of a
 * group to show a page of 50, or that compare 100,000 new enrollments with each other one by one.
 *
 * So the write's caller refreshes them before it answers, in two steps. First a coarse ANALYZE
 * (a sample of 3,000 rows instead of 30,000: 18 ms instead of 170 ms for the users and memberships
 * of a 100,000-row upload): the row counts and rough distributions that keep every plan sane, in
 * place before the next request. Then the full ANALYZE, in the background: nobody waits for the
 * finer histograms. Closing the database waits for those still running (`statisticsSettled`).
 * (Answering before any ANALYZE was tried: a course assigned again right after its first 100,000
 * enrollments was planned on an empty table and ran for minutes.)
 */
import { type Kysely, sql } from 'kysely';

/** Rows written by one operation from which statistics are refreshed at once. */
export const BULK_WRITE_ANALYZE_THRESHOLD = 10_000;

/** Sample size of the coarse ANALYZE: PostgreSQL samples 300 rows per unit of target. */
const COARSE_STATISTICS_TARGET = 10;

const running = new WeakMap<Kysely<any>, Set<Promise<void>>>();

/**
 * Refreshes the statistics of the given tables: coarse ones now, full ones in the background. Best
 * effort: the write is already committed, so a failure here (a role that may not ANALYZE, a
 * database closing) is left to autovacuum rather than reported.
 */
export async function refreshStatistics(db: Kysely<any>, tables: string[]): Promise<void> {
  const analyze = sql`analyze ${sql.join(tables.map((t) => sql.id(t)))}`;
  try {
    await db.transaction().execute(async (trx) => {
      await sql`set local default_statistics_target = ${sql.lit(COARSE_STATISTICS_TARGET)}`.execute(trx);
      await analyze.execute(trx);
    });
  } catch {
    // autovacuum will analyze the tables later
  }
  const refreshes = running.get(db) ?? new Set<Promise<void>>();
  running.set(db, refreshes);
  const full = analyze
    .execute(db)
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => refreshes.delete(full));
  refreshes.add(full);
}

/** Resolves once the full statistics refreshes started on `db` so far have finished. */
export async function statisticsSettled(db: Kysely<any>): Promise<void> {
  await Promise.all([...(running.get(db) ?? [])]);
}
