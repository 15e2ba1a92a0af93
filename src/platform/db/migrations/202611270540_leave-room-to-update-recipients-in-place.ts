import { type Kysely, sql } from 'kysely';

/**
 * A simulation's recipient row is written once at launch and then updated several times: sent (or
 * not delivered), opened, clicked, failed, reported. With full pages, each update writes the new
 * row version to another page and so a new entry into each of the table's five indexes. A quarter
 * of each page left free lets PostgreSQL keep the new version on the same page without touching
 * any index (a heap-only tuple update: none of the updated columns is indexed), and reclaim the old
 * one there. Applies to pages written from now on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table phishing_recipients set (fillfactor = 75)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table phishing_recipients reset (fillfactor)`.execute(db);
}
