import { CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import { directoryVersionSql } from '../../platform/db/directory-version.ts';
import type { DB } from '../../platform/db/schema.ts';
import { withUniqueFallback } from '../../platform/db/unique-fallback.ts';
import { likePattern } from '../../platform/pagination.ts';
import {
  applyUserFilters,
  applyUserKeyset,
  USER_SORTS,
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

/** ISO 8601 in UTC with milliseconds, as `Date#toISOString` writes it (for years 1–9999). */
const isoText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A member as the members page reads it: text only. Timestamps come already written as the API
 * writes them, the reason as JSON text, and the sort key as the cursor holds it, so node-pg parses
 * no date and no JSON (that parsing, the mapping and the zod serializer were most of the page's
 * cost in Node); member-json.ts writes the response from these.
 */
export interface MemberPageRow {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  department_id: string | null;
  department_name: string | null;
  language: string | null;
  location: string | null;
  role: string | null;
  status: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  added_at: string;
  added_by_type: string;
  added_by_id: string | null;
  added_by_label: string;
  reason: string | null;
  expires_at: string | null;
  sort_key: string;
  /** The organization's directory version in the page's snapshot (the same on every row). */
  directory_version: string;
}

type PageShape = Pick<UserPageRequest, 'sort' | 'order'> & {
  search: boolean;
  department: boolean;
  status: boolean;
  after: boolean;
};

/**
 * The members page statement for one shape of request (sort, order, which filters, first page or
 * not): the same rows, in the same order, as `listMembers` (selectMembers + applyUserFilters +
 * applyUserKeyset; memberships.test.ts compares the pages). Its text depends on the shape only, so
 * it is written once per shape rather than built by the query builder on every request (≈ 80 µs).
 * Parameters: $1 organization, $2 group, $3 limit, then those of the shape in this order: search
 * pattern, department, status, cursor value and id.
 *
 * It is not a named prepared statement, although parsing it again costs PostgreSQL ≈ 0.1–0.15 ms:
 * after five executions PostgreSQL may switch a prepared statement to one generic plan, and no
 * plan fits every group. Measured: after five pages of 20-member groups in small organizations,
 * the generic plan took 0.6–1.1 s for the first page of a 100,000-member group instead of 4 ms.
 */
function memberPageSql(shape: PageShape): string {
  const { expression: sort, kind } = USER_SORTS[shape.sort];
  const order = `${sort} ${shape.order}, u.id ${shape.order}`;
  const where = ['m.org_id = $1::uuid', 'm.group_id = $2::uuid'];
  let next = 4;
  if (shape.search) {
    const pattern = `$${next++}::text`;
    where.push(`(u.email_normalized like ${pattern} or u.name_sort like ${pattern})`);
  }
  if (shape.department) where.push(`u.department_id = $${next++}::uuid`);
  if (shape.status) where.push(`u.status = $${next++}::text`);
  if (shape.after) {
    const type = kind === 'timestamp' ? 'timestamptz' : 'text';
    const comparison = shape.order === 'asc' ? '>' : '<';
    where.push(`(${sort}, u.id) ${comparison} ($${next++}::${type}, $${next++}::uuid)`);
  }
  // The department sort needs the department joined; otherwise its name is a subquery, which is the
  // same row but a join fewer for the planner to consider (≈ 0.08 ms of PostgreSQL's time a page).
  const joinDepartment = shape.sort === 'department';
  const departmentName = joinDepartment
    ? 'd.name'
    : '(select d.name from departments d where d.org_id = u.org_id and d.id = u.department_id)';
  return `select u.id, u.email, u.first_name, u.last_name, u.department_id, ${departmentName} as department_name,
  u.language, u.location, u.role, u.status, ${isoText('u.last_login_at')} as last_login_at,
  ${isoText('u.created_at')} as created_at, ${isoText('u.updated_at')} as updated_at,
  ${isoText('m.added_at')} as added_at, m.added_by_type, m.added_by_id, m.added_by_label,
  m.reason::text as reason, ${isoText('m.expires_at')} as expires_at,
  ${kind === 'timestamp' ? isoText(sort) : sort} as sort_key, ${directoryVersionSql('$1::uuid')} as directory_version
from group_memberships m
join users u on u.org_id = m.org_id and u.id = m.user_id${
    joinDepartment ? '\nleft join departments d on d.org_id = u.org_id and d.id = u.department_id' : ''
  }
where ${where.join(' and ')}
order by ${order}
limit $3::int + 1`;
}

const memberPageStatements = new Map<string, string>();

function memberPageStatement(shape: PageShape): string {
  const key = `${shape.sort} ${shape.order} ${shape.search} ${shape.department} ${shape.status} ${shape.after}`;
  let text = memberPageStatements.get(key);
  if (text === undefined) {
    text = memberPageSql(shape);
    memberPageStatements.set(key, text);
  }
  return text;
}

export function createMembershipRepository(db: Kysely<DB>) {
  return {
    async listMembers(orgId: string, groupId: string, filters: UserFilters, page: UserPageRequest) {
      return applyUserKeyset(
        applyUserFilters(selectMembers(db, orgId, groupId), orgId, filters),
        page,
      ).execute();
    },

    /** The same keyset page as `listMembers` (`limit + 1` rows), as text for member-json.ts. */
    async listMemberPage(
      orgId: string,
      groupId: string,
      filters: UserFilters,
      page: UserPageRequest,
    ): Promise<MemberPageRow[]> {
      const parameters: unknown[] = [orgId, groupId, page.limit];
      if (filters.search) parameters.push(likePattern(filters.search));
      if (filters.departmentId) parameters.push(filters.departmentId);
      if (filters.status) parameters.push(filters.status);
      if (page.after) parameters.push(page.after.value, page.after.id);
      const text = memberPageStatement({
        sort: page.sort,
        order: page.order,
        search: Boolean(filters.search),
        department: Boolean(filters.departmentId),
        status: Boolean(filters.status),
        after: page.after !== null,
      });
      return (await db.executeQuery<MemberPageRow>(CompiledQuery.raw(text, parameters))).rows;
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

    /**
     * Adds the organization's users named by id or email (lower-cased) that are not yet members, in
     * one statement: the users are matched, the current members subtracted (EXCEPT, a hash set
     * operation) and the rest plainly inserted, so 100,000 emails never travel back to Node as
     * rows. They are inserted in user order: out of the hash set operation they came in hash order,
     * and each landed on a random page of both membership indexes (which end in the user); sorted,
     * the group's key takes them as appends and the user index page by page (100,000 new members:
     * 0.88 s of inserting before, 0.5 s after, and ≈ 20 ms of sorting; docs/PERFORMANCE.md, run 17). Answers how many were added, how many distinct users were found, and the ids and
     * emails that matched no user.
     */
    async addUsers(
      orgId: string,
      groupId: string,
      wanted: { userIds: string[]; emails: string[] },
      actor: Actor,
      now: Date,
      expiresAt: Date | null = null,
    ) {
      const write = async (onConflict: RawBuilder<unknown>) => {
        const result = await sql<{
          added: number;
          found: number;
          missing_ids: string[];
          missing_emails: string[];
        }>`
          with by_id as materialized (
            select w.id as wanted, w.position, u.id
            from unnest(${arrayLiteral(wanted.userIds)}::uuid[]) with ordinality as w(id, position)
            left join users u on u.org_id = ${orgId}::uuid and u.id = w.id
          ), by_email as materialized (
            select w.email as wanted, w.position, u.id
            from unnest(${arrayLiteral(wanted.emails)}::text[]) with ordinality as w(email, position)
            left join users u on u.org_id = ${orgId}::uuid and u.email_normalized = w.email
          ), found as materialized (
            select id from by_id where id is not null
            union
            select id from by_email where id is not null
          ), added as (
            insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label, expires_at)
            select ${orgId}::uuid, ${groupId}::uuid, n.id, ${now}::timestamptz, ${actor.type}, ${actor.id}::uuid,
                   ${actor.label}, ${expiresAt}::timestamptz
            from (
              select id from found
              except
              select m.user_id from group_memberships m where m.org_id = ${orgId}::uuid and m.group_id = ${groupId}::uuid
            ) as n
            order by n.id
            ${onConflict}
            returning 1
          )
          select (select count(*) from added)::int as added,
                 (select count(*) from found)::int as found,
                 array(select wanted::text from by_id where id is null order by position) as missing_ids,
                 array(select wanted from by_email where id is null order by position) as missing_emails`.execute(
          db,
        );
        return result.rows[0]!;
      };
      const row = await withUniqueFallback(
        db,
        () => write(sql``),
        () => write(sql`on conflict (org_id, group_id, user_id) do nothing`),
      );
      return {
        added: row.added,
        found: row.found,
        notFound: { userIds: row.missing_ids, emails: row.missing_emails },
      };
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
