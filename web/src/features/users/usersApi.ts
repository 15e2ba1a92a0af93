import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import type { Page, StatusChangeResult, User } from '../../shared/types.ts';
import { groupListQuery } from '../groups/groupsApi.ts';

export const PAGE_SIZE = 50;

export type UserSort = 'name' | 'email' | 'department' | 'lastLogin' | 'createdAt';
export const USER_SORTS: readonly UserSort[] = ['name', 'email', 'department', 'lastLogin', 'createdAt'];

export interface UserListParams {
  search?: string;
  departmentId?: string;
  groupId?: string;
  status?: 'active' | 'disabled';
  sort: UserSort;
  order: 'asc' | 'desc';
  cursor?: string;
}

/** `sort` in the URL: the API's sort, with a leading "-" for descending (e.g. `-createdAt`). */
export function parseUserSort(raw: string): { sort: UserSort; order: 'asc' | 'desc' } {
  const desc = raw.startsWith('-');
  const sort = (desc ? raw.slice(1) : raw) as UserSort;
  return USER_SORTS.includes(sort) ? { sort, order: desc ? 'desc' : 'asc' } : { sort: 'name', order: 'asc' };
}

/**
 * The page of users an address of the Users page asks for (`/users?search=…&sort=-createdAt&cursor=…`).
 * The page and the router's prefetch both read the address through this, so they ask the same query.
 */
export function userListParams(url: URLSearchParams): UserListParams {
  const status = url.get('status');
  return {
    search: url.get('search') || undefined,
    departmentId: url.get('departmentId') || undefined,
    groupId: url.get('groupId') || undefined,
    status: status === 'active' || status === 'disabled' ? status : undefined,
    ...parseUserSort(url.get('sort') ?? 'name'),
    cursor: url.get('cursor') || undefined,
  };
}

/** One keyset page of users, filtered and sorted by the server. */
export const userPageQuery = (params: UserListParams) =>
  queryOptions({
    queryKey: ['users', 'list', params],
    queryFn: ({ signal }) => api<Page<User>>('/users', { query: { ...params, limit: PAGE_SIZE }, signal }),
  });

/** The page of users on screen; the previous page stays while the next loads. */
export function useUserPage(params: UserListParams) {
  return useQuery({ ...userPageQuery(params), placeholderData: keepPreviousData });
}

/** One user, by id: the user an edit link names, when they are not on the page on screen. */
export const userQuery = (userId: string) =>
  queryOptions({
    queryKey: ['users', 'one', userId],
    queryFn: ({ signal }) => api<User>(`/users/${userId}`, { signal }),
  });

/**
 * The user of an edit dialog opened from the address (`dialog=edit&user=<id>`): taken from the page on
 * screen when they are on it, asked from the server otherwise (a refresh on page 3, a copied link).
 */
export function useEditedUser(userId: string | null, onScreen: readonly User[]) {
  const shown = userId ? onScreen.find((u) => u.id === userId) : undefined;
  const lookup = useQuery({ ...userQuery(userId ?? ''), enabled: userId !== null && !shown });
  if (!userId) return { user: null, error: null };
  return { user: shown ?? lookup.data ?? null, error: shown ? null : lookup.error };
}

/** Groups for the filter: the whole list (names and kinds), as the Groups page shows it. */
export function useGroupOptions() {
  return useQuery(groupListQuery);
}

export const displayName = (user: Pick<User, 'firstName' | 'lastName' | 'email'>) =>
  `${user.firstName} ${user.lastName}`.trim() || user.email;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** The counts of a bulk disable/enable in one readable line, leaving out what is zero. */
export function describeStatusChange(action: 'disable' | 'enable', result: StatusChangeResult): string {
  const done = action === 'disable' ? 'Disabled' : 'Enabled';
  const already = action === 'disable' ? 'already disabled' : 'already active';
  const parts = [`${done} ${plural(result.changed, 'account')}.`];
  if (result.unchanged > 0)
    parts.push(`${plural(result.unchanged, 'account was', 'accounts were')} ${already}.`);
  if (result.refused.length > 0) {
    parts.push(
      `${plural(result.refused.length, 'account was', 'accounts were')} left active: ${lowerFirst(result.refused[0]?.reason ?? 'refused.')}`,
    );
  }
  if (result.notFound.length > 0) {
    parts.push(`${plural(result.notFound.length, 'user was', 'users were')} not found (deleted meanwhile?).`);
  }
  return parts.join(' ');
}
