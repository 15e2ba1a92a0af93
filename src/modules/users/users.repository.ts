import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { AccountStatus, DB } from '../../platform/db/schema.ts';
import { type Cursor, likePattern } from '../../platform/pagination.ts';
import type { UserSort } from './users.schemas.ts';

/** Each sort is an expression the database can walk in index order, plus its type for cursors. */
export const USER_SORTS: Record<UserSort, { expression: string; kind: 'text' | 'timestamp' }> = {
  name: { expression: 'u.name_sort', kind: 'text' },
  email: { expression: 'u.email_normalized', kind: 'text' },
  department: { expression: "coalesce(d.name_normalized, '')", kind: 'text' },
  lastLogin: {
    expression: "coalesce(u.last_login_at, '1970-01-01T00:00:00Z'::timestamptz)",
    kind: 'timestamp',
  },
  createdAt: { expression: 'u.created_at', kind: 'timestamp' },
};

export interface UserFilters {
  search?: string;
  departmentId?: string;
  groupId?: string;
  notInGroupId?: string;
  status?: AccountStatus;
}

export interface UserPageRequest {
  sort: UserSort;
  order: 'asc' | 'desc';
  limit: number;
  after: Cursor | null;
}

export type UserRow = Awaited<ReturnType<ReturnType<typeof createUserRepository>['findById']>> & {};

export interface UserWrite {
  email?: string;
  first_name?: string;
  last_name?: string;
  department_id?: string | null;
  language?: string | null;
  location?: string | null;
  role?: string | null;
  status?: AccountStatus;
}

function selectUsers(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('users as u')
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
    ])
    .where('u.org_id', '=', orgId);
}

/** Applies filters shared by the users list and a group's members list. */
export function applyUserFilters<O>(
  query: SelectQueryBuilder<any, any, O>,
  orgId: string,
  filters: UserFilters,
): SelectQueryBuilder<any, any, O> {
  let q = query;
  if (filters.search) {
    const pattern = likePattern(filters.search);
    q = q.where((eb) =>
      eb.or([eb('u.email_normalized', 'like', pattern), eb('u.name_sort', 'like', pattern)]),
    );
  }
  if (filters.departmentId) q = q.where('u.department_id', '=', filters.departmentId);
  if (filters.status) q = q.where('u.status', '=', filters.status);
  if (filters.groupId) {
    const groupId = filters.groupId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('group_memberships as gm')
          .select(sql.lit(1).as('one'))
          .where('gm.org_id', '=', orgId)
          .where('gm.group_id', '=', groupId)
          .whereRef('gm.user_id', '=', 'u.id'),
      ),
    );
  }
  if (filters.notInGroupId) {
    const groupId = filters.notInGroupId;
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('group_memberships as gm')
            .select(sql.lit(1).as('one'))
            .where('gm.org_id', '=', orgId)
            .where('gm.group_id', '=', groupId)
            .whereRef('gm.user_id', '=', 'u.id'),
        ),
      ),
    );
  }
  return q;
}

/** Orders by (sort expression, id) and starts after the cursor: a keyset page, never OFFSET. */
export function applyUserKeyset<O>(query: SelectQueryBuilder<any, any, O>, page: UserPageRequest) {
  const { expression, kind } = USER_SORTS[page.sort];
  const sortExpr = sql.raw(expression);
  const direction = sql.raw(page.order);
  let q = query.select(sql<string>`${sortExpr}`.as('sort_key'));
  if (page.after) {
    const value =
      kind === 'timestamp' ? sql`${page.after.value}::timestamptz` : sql`${page.after.value}::text`;
    const comparison = sql.raw(page.order === 'asc' ? '>' : '<');
    q = q.where(sql<boolean>`(${sortExpr}, u.id) ${comparison} (${value}, ${page.after.id}::uuid)`);
  }
  return q
    .orderBy(sql`${sortExpr} ${direction}`)
    .orderBy(sql`u.id ${direction}`)
    .limit(page.limit + 1);
}

export function createUserRepository(db: Kysely<DB>) {
  return {
    async findById(orgId: string, id: string) {
      return selectUsers(db, orgId).where('u.id', '=', id).executeTakeFirst();
    },

    async list(orgId: string, filters: UserFilters, page: UserPageRequest) {
      return applyUserKeyset(applyUserFilters(selectUsers(db, orgId), orgId, filters), page).execute();
    },

    async insert(orgId: string, values: UserWrite & { email: string }, now: Date): Promise<string> {
      const row = await db
        .insertInto('users')
        .values({ ...values, org_id: orgId, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(orgId: string, id: string, values: UserWrite, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ ...values, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Which of these ids exist in the organization, with their status and email. */
    async findStatuses(orgId: string, ids: string[]) {
      if (ids.length === 0) return [];
      return db
        .selectFrom('users')
        .select(['id', 'email_normalized', 'status'])
        .where('org_id', '=', orgId)
        .where('id', '=', sql<string>`any(${ids}::uuid[])`)
        .execute();
    },

    async setStatus(orgId: string, ids: string[], status: AccountStatus, now: Date): Promise<number> {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable('users')
        .set({ status, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', sql<string>`any(${ids}::uuid[])`)
        .where('status', '<>', status)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async ownerEmail(orgId: string): Promise<string | null> {
      const row = await db
        .selectFrom('admins')
        .select('email_normalized')
        .where('org_id', '=', orgId)
        .where('role', '=', 'owner')
        .executeTakeFirst();
      return row?.email_normalized ?? null;
    },

    async departmentExists(orgId: string, departmentId: string): Promise<boolean> {
      const row = await db
        .selectFrom('departments')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', departmentId)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
