/**
 * Planner statistics after bulk writes. A first upload of 100,000 users into an empty organization
 * leaves PostgreSQL believing the tables are nearly empty until autovacuum gets round to ANALYZE
 * (a minute or more on a busy server), and meanwhile it picks plans that read every member of a
 * group to show a page of 50. Refreshing the statistics right after such a write keeps keyset pages
 * on their indexes from the first request on.
 */
import { type Kysely, sql } from 'kysely';

/** Rows written by one operation from which statistics are refreshed at once. */
export const BULK_WRITE_ANALYZE_THRESHOLD = 10_000;

/**
 * ANALYZE the given tables, outside any transaction. Best effort: the write is already committed, so
 * a failure here (e.g. a role that may not ANALYZE) is left to autovacuum rather than reported.
 */
export async function refreshStatistics(db: Kysely<any>, tables: string[]): Promise<void> {
  try {
    await sql`analyze ${sql.join(tables.map((t) => sql.id(t)))}`.execute(db);
  } catch {
    // autovacuum will analyze the tables later
  }
}
