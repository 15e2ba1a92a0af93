import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import type { Group, Page, StatusChangeResult, User } from '../../shared/types.ts';

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

/** One keyset page of users, filtered and sorted by the server; the previous page stays while the next loads. */
export function useUserPage(params: UserListParams) {
  return useQuery({
    queryKey: ['users', 'list', params],
    queryFn: ({ signal }) => api<Page<User>>('/users', { query: { ...params, limit: PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Groups for the filter: the whole list (names and kinds), as the Groups page shows it. */
export function useGroupOptions() {
  return useQuery({
    queryKey: ['groups', 'options'],
    queryFn: async () => (await api<{ data: Group[] }>('/groups')).data,
  });
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
