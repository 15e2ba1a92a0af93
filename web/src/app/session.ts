import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../shared/api.ts';
import type { Me } from '../shared/types.ts';

export const meQueryKey = ['me'] as const;

/** The session check (`GET /auth/me`): who is signed in, in which organization. */
export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: () => api<Me>('/auth/me'),
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

/** Where to come back to after signing in: only a path of this console, never another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/users';
}
