import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { createDirectoryVersionReader } from '../../platform/db/directory-version.ts';
import type { DB } from '../../platform/db/schema.ts';
import { BULK_WRITE_ANALYZE_THRESHOLD, refreshStatistics } from '../../platform/db/statistics.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import type { PageCache } from '../../platform/page-cache.ts';
import { decodeCursor, encodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createGroupRepository } from '../groups/groups.repository.ts';
import { isoOrNull, sortKeyOf, toUser } from '../users/users.mapper.ts';
import { USER_SORTS, type UserFilters, type UserPageRequest } from '../users/users.repository.ts';
import { memberPageJson } from './member-json.ts';
import { createMembershipRepository } from './memberships.repository.ts';
import type { AddMembersResult, listMembersQuerySchema, Member } from './memberships.schemas.ts';

type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;

/** Smart and synced groups are filled by their rule or directory; hand edits would be overwritten. */
function assertHandEditable(kind: string) {
  if (kind === 'smart' || kind === 'synced') {
    throw new ConflictError(
      `Members of a ${kind} group are managed automatically and cannot be changed by hand.`,
    );
  }
}

export function createMembershipService(deps: { db: Kysely<DB>; clock: Clock; pages: PageCache }) {
  const repository = createMembershipRepository(deps.db);
  const versions = createDirectoryVersionReader(deps.db);

  /**
   * The rows of a members page (`limit + 1`), read by `read` with the query's filters and keyset.
   * Members found prove the group is this organization's; only an empty page costs the lookup.
   */
  async function pageRows<Row>(
    orgId: string,
    groupId: string,
    query: ListMembersQuery,
    read: (orgId: string, groupId: string, filters: UserFilters, page: UserPageRequest) => Promise<Row[]>,
  ): Promise<Row[]> {
    const rows = await read(
      orgId,
      groupId,
      { search: query.search, departmentId: query.departmentId, status: query.status },
      {
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        after: decodeCursor(query.cursor, USER_SORTS[query.sort].kind),
      },
    );
    if (rows.length === 0 && !(await createGroupRepository(deps.db).findBasics(orgId, groupId))) {
      throw new NotFoundError('Group');
    }
    return rows;
  }

  return {
    /**
     * A members page as objects, mapped in Node (memberSchema's shape). The route sends `listJson`
     * instead; this is the reference that page is held to (memberships.test.ts).
     */
    async list(orgId: string, groupId: string, query: ListMembersQuery): Promise<Page<Member>> {
      const rows = await pageRows(orgId, groupId, query, repository.listMembers);
      return toPage(
        rows,
        query.limit,
        (r) => ({ value: sortKeyOf(r), id: r.id }),
        (r) => ({
          ...toUser(r),
          membership: {
            addedAt: new Date(r.added_at).toISOString(),
            addedBy: { type: r.added_by_type, id: r.added_by_id, label: r.added_by_label },
            reason: r.reason ?? null,
            expiresAt: isoOrNull(r.expires_at),
          },
        }),
      );
    },

    /**
     * The same page as `list`, as the response body itself (member-json.ts): what
     * `GET /groups/:id/members` sends, without mapping objects or running the serializer. A page
     * asked for again is sent as it was kept while the organization's directory version is the one
     * it was read at (platform/page-cache.ts): one primary-key lookup, shared by the requests that
     * arrive together, instead of the page's query.
     */
    async listJson(orgId: string, groupId: string, query: ListMembersQuery): Promise<Buffer> {
      const key = `members ${groupId} ${JSON.stringify(query)}`;
      if (deps.pages.has(orgId, key)) {
        const kept = deps.pages.get(orgId, key, await versions.current(orgId));
        if (kept) return kept;
      }
      const rows = await pageRows(orgId, groupId, query, repository.listMemberPage);
      const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
      const nextCursor = last ? encodeCursor({ value: last.sort_key, id: last.id }) : null;
      const body = Buffer.from(memberPageJson(rows, query.limit, nextCursor));
      // An empty page has no row to say which version it was read at; it is cheap to read again.
      if (rows.length > 0) deps.pages.set(orgId, key, rows[0]!.directory_version, body);
      return body;
    },

    /** Every member matching the filters, ids only: what "select all matching" acts on. */
    async ids(
      orgId: string,
      groupId: string,
      filters: { search?: string; departmentId?: string; status?: 'active' | 'disabled' },
    ): Promise<{ userIds: string[] }> {
      if (!(await createGroupRepository(deps.db).findBasics(orgId, groupId))) {
        throw new NotFoundError('Group');
      }
      return { userIds: await repository.memberIds(orgId, groupId, filters) };
    },

    /** Idempotent: users already in the group are counted, not re-added; unknown ones are listed. */
    async add(
      ctx: RequestContext,
      groupId: string,
      input: { userIds?: string[]; emails?: string[] },
    ): Promise<AddMembersResult> {
      const userIds = [...new Set(input.userIds ?? [])];
      const emails = [...new Set((input.emails ?? []).map((e) => e.toLowerCase()))];
      const result = await deps.db.transaction().execute(async (trx) => {
        const group = await createGroupRepository(trx).lock(ctx.orgId, groupId);
        if (!group) throw new NotFoundError('Group');
        assertHandEditable(group.kind);
        const now = deps.clock.now();
        const { added, found, notFound } = await createMembershipRepository(trx).addUsers(
          ctx.orgId,
          groupId,
          { userIds, emails },
          ctx.actor,
          now,
        );
        if (added > 0) {
          await createAuditRepository(trx).record(ctx, now, {
            action: 'group.members_added',
            targetType: 'group',
            targetId: groupId,
            details: { group: group.name, added },
          });
        }
        return { added, alreadyMembers: found - added, notFound };
      });
      if (result.added >= BULK_WRITE_ANALYZE_THRESHOLD) {
        await refreshStatistics(deps.db, ['group_memberships']);
      }
      return result;
    },

    async remove(ctx: RequestContext, groupId: string, userIds: string[]): Promise<{ removed: number }> {
      return deps.db.transaction().execute(async (trx) => {
        const group = await createGroupRepository(trx).lock(ctx.orgId, groupId);
        if (!group) throw new NotFoundError('Group');
        assertHandEditable(group.kind);
        const removed = await createMembershipRepository(trx).remove(ctx.orgId, groupId, [
          ...new Set(userIds),
        ]);
        if (removed > 0) {
          await createAuditRepository(trx).record(ctx, deps.clock.now(), {
            action: 'group.members_removed',
            targetType: 'group',
            targetId: groupId,
            details: { group: group.name, removed, userIds: userIds.slice(0, 1000) },
          });
        }
        return { removed };
      });
    },
  };
}
export type MembershipService = ReturnType<typeof createMembershipService>;
