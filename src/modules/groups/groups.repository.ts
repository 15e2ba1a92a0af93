import { type Kysely, sql } from 'kysely';
import type { DB, GroupKind } from '../../platform/db/schema.ts';
import { likePattern } from '../../platform/pagination.ts';

function selectGroups(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('groups as g')
    .select([
      'g.id',
      'g.name',
      'g.kind',
      'g.created_at',
      'g.updated_at',
      (eb) =>
        eb
          .selectFrom('group_memberships as m')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('m.org_id', '=', 'g.org_id')
          .whereRef('m.group_id', '=', 'g.id')
          .as('member_count'),
    ])
    .where('g.org_id', '=', orgId);
}

export type GroupRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createGroupRepository>['findById']>>>;

export function createGroupRepository(db: Kysely<DB>) {
  return {
    async list(orgId: string, filters: { search?: string; kind?: GroupKind }) {
      let query = selectGroups(db, orgId);
      if (filters.search) query = query.where('g.name_normalized', 'like', likePattern(filters.search));
      if (filters.kind) query = query.where('g.kind', '=', filters.kind);
      return query.orderBy('g.name_normalized').orderBy('g.id').execute();
    },
    async findById(orgId: string, id: string) {
      return selectGroups(db, orgId).where('g.id', '=', id).executeTakeFirst();
    },
    /** The group row alone, without its member count (which reads every membership of the group). */
    async findBasics(orgId: string, id: string) {
      return db
        .selectFrom('groups')
        .select(['id', 'name', 'kind'])
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
    },
    /** Lower-case names of the groups filled by a rule or a directory, which hand edits must not touch. */
    async managedGroupNames(orgId: string): Promise<Set<string>> {
      const rows = await db
        .selectFrom('groups')
        .select('name_normalized')
        .where('org_id', '=', orgId)
        .where('kind', 'in', ['smart', 'synced'])
        .execute();
      return new Set(rows.map((r) => r.name_normalized));
    },
    /** The group row alone, locked for the rest of the transaction (membership writes, renames). */
    async lock(orgId: string, id: string) {
      return db
        .selectFrom('groups')
        .select(['id', 'name', 'kind'])
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },
    async insert(orgId: string, name: string, kind: GroupKind, now: Date) {
      const row = await db
        .insertInto('groups')
        .values({ org_id: orgId, name, kind, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async rename(orgId: string, id: string, name: string, now: Date) {
      await db
        .updateTable('groups')
        .set({ name, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },
    /** The Phished Users automation's settings, when this group is its group. */
    async phishedAutomation(orgId: string, id: string) {
      return db
        .selectFrom('phished_users_settings')
        .select('enabled')
        .where('org_id', '=', orgId)
        .where('group_id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },
    /** Lets the (disabled) automation forget its group, which is about to be deleted. */
    async detachPhishedAutomation(orgId: string, id: string) {
      await db
        .updateTable('phished_users_settings')
        .set({ group_id: null })
        .where('org_id', '=', orgId)
        .where('group_id', '=', id)
        .execute();
    },
    async delete(orgId: string, id: string) {
      await db.deleteFrom('groups').where('org_id', '=', orgId).where('id', '=', id).execute();
    },
    /** Creates the named custom groups that do not exist yet; returns every name's id (by lower-case name). */
    async ensureByName(
      orgId: string,
      names: string[],
      now: Date,
    ): Promise<{ ids: Map<string, string>; created: number }> {
      if (names.length === 0) return { ids: new Map(), created: 0 };
      const inserted = await sql<{ id: string }>`
        insert into groups (org_id, name, kind, created_at, updated_at)
        select ${orgId}::uuid, n, 'custom', ${now}::timestamptz, ${now}::timestamptz from unnest(${names}::text[]) as n
        on conflict (org_id, name_normalized) do nothing
        returning id`.execute(db);
      const rows = await db
        .selectFrom('groups')
        .select(['id', 'name_normalized', 'kind'])
        .where('org_id', '=', orgId)
        .where('name_normalized', '=', sql<string>`any(${names.map((n) => n.toLowerCase())}::text[])`)
        .execute();
      return { ids: new Map(rows.map((r) => [r.name_normalized, r.id])), created: inserted.rows.length };
    },
  };
}
