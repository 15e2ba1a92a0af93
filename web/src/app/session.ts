import { useQuery } from '@tanstack/react-query';
import { api } from '../shared/api.ts';
import type { Me } from '../shared/types.ts';

export const meQueryKey = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: () => api<Me>('/auth/me'), staleTime: 60_000 });
}

/** Where to come back to after signing in: only a path of this console, never another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/users';
}
