import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import type { Group, Member, Page, StatusChangeResult } from '../../shared/types.ts';

/** Every groups query starts with this key: invalidating it refreshes lists, counts and members. */
export const groupsQueryKey = ['groups'] as const;

export const MEMBERS_PAGE_SIZE = 50;

/** The bulk routes take at most this many ids per call; "all matching" can be more. */
const IDS_PER_CALL = 100_000;

export type GroupKind = Group['kind'];

/** The whole list of groups with kind and member count (an organization has tens, not thousands). */
export const groupListQuery = queryOptions({
  queryKey: [...groupsQueryKey, 'list'],
  queryFn: async () => (await api<{ data: Group[] }>('/groups')).data,
});

export function useGroups() {
  return useQuery(groupListQuery);
}

export const groupQuery = (groupId: string) =>
  queryOptions({
    queryKey: [...groupsQueryKey, groupId],
    queryFn: ({ signal }) => api<Group>(`/groups/${groupId}`, { signal }),
  });

export function useGroup(groupId: string) {
  return useQuery(groupQuery(groupId));
}

export interface MemberFilters {
  search?: string;
  departmentId?: string;
  status?: 'active' | 'disabled';
}

export type MemberSort = 'name' | 'email' | 'department' | 'lastLogin' | 'createdAt';
export const MEMBER_SORTS: readonly MemberSort[] = ['name', 'email', 'department', 'lastLogin', 'createdAt'];

export type MemberListParams = MemberFilters & { sort: MemberSort; order: 'asc' | 'desc'; cursor?: string };

/** `sort` in the URL: the API's sort, with a leading "-" for descending (e.g. `-lastLogin`). */
function parseMemberSort(raw: string): { sort: MemberSort; order: 'asc' | 'desc' } {
  const desc = raw.startsWith('-');
  const sort = (desc ? raw.slice(1) : raw) as MemberSort;
  return MEMBER_SORTS.includes(sort)
    ? { sort, order: desc ? 'desc' : 'asc' }
    : { sort: 'name', order: 'asc' };
}

/**
 * The page of members an address of the group page asks for (`?search=…&sort=…&cursor=…`). The page and
 * the router's prefetch both read the address through this, so they ask the same query.
 */
export function memberListParams(url: URLSearchParams): MemberListParams {
  const status = url.get('status');
  return {
    search: url.get('search') || undefined,
    departmentId: url.get('departmentId') || undefined,
    status: status === 'active' || status === 'disabled' ? status : undefined,
    ...parseMemberSort(url.get('sort') ?? 'name'),
    cursor: url.get('cursor') || undefined,
  };
}

/** One keyset page of members, searched, filtered and sorted by the server. */
export const memberPageQuery = (groupId: string, params: MemberListParams) =>
  queryOptions({
    queryKey: [...groupsQueryKey, groupId, 'members', params],
    queryFn: ({ signal }) =>
      api<Page<Member>>(`/groups/${groupId}/members`, {
        query: { ...params, limit: MEMBERS_PAGE_SIZE },
        signal,
      }),
  });

/** The page of members on screen; the previous page stays while the next loads. */
export function useMemberPage(groupId: string, params: MemberListParams) {
  return useQuery({ ...memberPageQuery(groupId, params), placeholderData: keepPreviousData });
}

/** The ids of every member matching the filters: what "select all matching" acts on. */
export function useMemberIds(groupId: string, filters: MemberFilters, enabled: boolean) {
  return useQuery({
    queryKey: [...groupsQueryKey, groupId, 'member-ids', filters],
    queryFn: async ({ signal }) =>
      (await api<{ userIds: string[] }>(`/groups/${groupId}/member-ids`, { query: { ...filters }, signal }))
        .userIds,
    enabled,
  });
}

async function inChunks<T>(ids: string[], send: (chunk: string[]) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_CALL) {
    results.push(await send(ids.slice(start, start + IDS_PER_CALL)));
  }
  return results;
}

export async function removeMembers(groupId: string, userIds: string[]): Promise<{ removed: number }> {
  const results = await inChunks(userIds, (chunk) =>
    api<{ removed: number }>(`/groups/${groupId}/members/remove`, {
      method: 'POST',
      body: { userIds: chunk },
    }),
  );
  return { removed: results.reduce((sum, r) => sum + r.removed, 0) };
}

export async function disableUsers(userIds: string[]): Promise<StatusChangeResult> {
  const results = await inChunks(userIds, (chunk) =>
    api<StatusChangeResult>('/users/disable', { method: 'POST', body: { userIds: chunk } }),
  );
  return {
    changed: results.reduce((sum, r) => sum + r.changed, 0),
    unchanged: results.reduce((sum, r) => sum + r.unchanged, 0),
    notFound: results.flatMap((r) => r.notFound),
    refused: results.flatMap((r) => r.refused),
  };
}

export const KINDS: Record<GroupKind, { label: string; color: string; description: string }> = {
  custom: {
    label: 'Custom',
    color: 'indigo',
    description: 'Members are assigned by hand or through the API.',
  },
  phished: {
    label: 'Phished',
    color: 'red',
    description: 'Users who fail a phishing simulation are added automatically.',
  },
  smart: { label: 'Smart', color: 'violet', description: 'Filled automatically by its rule.' },
  synced: { label: 'Synced', color: 'cyan', description: 'Pushed by your identity provider (SCIM).' },
};

/** Smart and synced groups are filled automatically: the server refuses hand edits of their members. */
export function handEditRefusal(kind: GroupKind): string | null {
  return kind === 'smart' || kind === 'synced'
    ? `Members of a ${kind} group are managed automatically and cannot be changed by hand.`
    : null;
}

export const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;
