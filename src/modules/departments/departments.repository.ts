import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/**
 * Departments with their member counts. The users of the organization are counted in one pass
 * (grouped by department) rather than once per department: users has no index by department (see
 * the migration that dropped it), and 20 departments of a 100,000-user organization would otherwise
 * be 20 scans.
 */
function selectDepartments(db: Kysely<DB>, orgId: string) {
  const counts = db
    .selectFrom('users')
    .select(['department_id', sql<number>`count(*)::int`.as('n')])
    .where('org_id', '=', orgId)
    .where('department_id', 'is not', null)
    .groupBy('department_id')
    .as('c');
  return db
    .selectFrom('departments as d')
    .leftJoin(counts, 'c.department_id', 'd.id')
    .select(['d.id', 'd.name', 'd.source', 'd.created_at', sql<number>`coalesce(c.n, 0)`.as('member_count')])
    .where('d.org_id', '=', orgId);
}

export function createDepartmentRepository(db: Kysely<DB>) {
  return {
    async list(orgId: string) {
      return selectDepartments(db, orgId).orderBy('d.name_normalized').orderBy('d.id').execute();
    },
    async findById(orgId: string, id: string) {
      return selectDepartments(db, orgId).where('d.id', '=', id).executeTakeFirst();
    },
    async insert(orgId: string, name: string, now: Date) {
      return (
        await db
          .insertInto('departments')
          .values({ org_id: orgId, name, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    async rename(orgId: string, id: string, name: string) {
      const result = await db
        .updateTable('departments')
        .set({ name })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(orgId: string, id: string) {
      return db
        .deleteFrom('departments')
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .returning(['name'])
        .executeTakeFirst();
    },
    /** Creates the named departments that do not exist yet; returns every name's id (by lower-case name). */
    async ensureByName(
      orgId: string,
      names: string[],
      now: Date,
    ): Promise<{ ids: Map<string, string>; created: number }> {
      if (names.length === 0) return { ids: new Map(), created: 0 };
      const inserted = await sql<{ id: string }>`
        insert into departments (org_id, name, created_at)
        select ${orgId}::uuid, n, ${now}::timestamptz from unnest(${names}::text[]) as n
        on conflict (org_id, name_normalized) do nothing
        returning id`.execute(db);
      const rows = await db
        .selectFrom('departments')
        .select(['id', 'name_normalized'])
        .where('org_id', '=', orgId)
        .where('name_normalized', '=', sql<string>`any(${names.map((n) => n.toLowerCase())}::text[])`)
        .execute();
      return { ids: new Map(rows.map((r) => [r.name_normalized, r.id])), created: inserted.rows.length };
    },
  };
}
