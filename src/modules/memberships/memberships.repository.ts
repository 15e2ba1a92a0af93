import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { DB } from '../../platform/db/schema.ts';
import {
  applyUserFilters,
  applyUserKeyset,
  type UserFilters,
  type UserPageRequest,
} from '../users/users.repository.ts';

export function selectMembers(db: Kysely<DB>, orgId: string, groupId: string) {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('users as u', (join) =>
      join.onRef('u.org_id', '=', 'm.org_id').onRef('u.id', '=', 'm.user_id'),
    )
    .leftJoin('departments as d', (join) =>
      join.onRef('d.org_id', '=', 'u.org_id').onRef('d.id', '=', 'u.department_id'),
    )
    .select([
      'u.id',
      'u.email',
      'u.first_name',
      'u.last_name',
      'u.department_id',
      'd.name as department_name',
      'u.language',
      'u.location',
      'u.role',
      'u.status',
      'u.last_login_at',
      'u.created_at',
      'u.updated_at',
      'm.added_at',
      'm.added_by_type',
      'm.added_by_id',
      'm.added_by_label',
      'm.reason',
      'm.expires_at',
    ])
    .where('m.org_id', '=', orgId)
    .where('m.group_id', '=', groupId);
}

export function createMembershipRepository(db: Kysely<DB>) {
  return {
    async listMembers(orgId: string, groupId: string, filters: UserFilters, page: UserPageRequest) {
      return applyUserKeyset(
        applyUserFilters(selectMembers(db, orgId, groupId), orgId, filters),
        page,
      ).execute();
    },

    /**
     * The ids of every member matching the filters ("select all matching"), in no particular order:
     * one column, read from the membership key and, when filtered, the users it joins.
     */
    async memberIds(orgId: string, groupId: string, filters: UserFilters): Promise<string[]> {
      const query = db
        .selectFrom('group_memberships as m')
        .innerJoin('users as u', (join) =>
          join.onRef('u.org_id', '=', 'm.org_id').onRef('u.id', '=', 'm.user_id'),
        )
        .select('u.id')
        .where('m.org_id', '=', orgId)
        .where('m.group_id', '=', groupId);
      const rows = await applyUserFilters(query, orgId, filters).execute();
      return rows.map((r) => r.id);
    },

    /** The organization's users matching the given ids or emails (joined, so 100,000 inputs stay one query). */
    async resolveUsers(orgId: string, userIds: string[], emails: string[]) {
      const byId = userIds.length
        ? await sql<{ id: string; email_normalized: string }>`
            select u.id, u.email_normalized from unnest(${arrayLiteral(userIds)}::uuid[]) as w(id)
            join users u on u.org_id = ${orgId}::uuid and u.id = w.id`.execute(db)
        : { rows: [] };
      const byEmail = emails.length
        ? await sql<{ id: string; email_normalized: string }>`
            select u.id, u.email_normalized from unnest(${arrayLiteral(emails)}::text[]) as w(email)
            join users u on u.org_id = ${orgId}::uuid and u.email_normalized = w.email`.execute(db)
        : { rows: [] };
      return [...byId.rows, ...byEmail.rows];
    },

    /** Adds the users not yet members; returns how many were added. */
    async add(
      orgId: string,
      groupId: string,
      userIds: string[],
      actor: Actor,
      now: Date,
      expiresAt: Date | null = null,
    ) {
      if (userIds.length === 0) return 0;
      const result = await sql`
        insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label, expires_at)
        select ${orgId}::uuid, ${groupId}::uuid, id, ${now}::timestamptz, ${actor.type}, ${actor.id}::uuid, ${actor.label}, ${expiresAt}::timestamptz
        from unnest(${arrayLiteral(userIds)}::uuid[]) as id
        on conflict (org_id, group_id, user_id) do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    async remove(orgId: string, groupId: string, userIds: string[]) {
      const result = await db
        .deleteFrom('group_memberships')
        .where('org_id', '=', orgId)
        .where('group_id', '=', groupId)
        .where('user_id', '=', sql<string>`any(${userIds}::uuid[])`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
