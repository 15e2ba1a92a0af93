import { queryOptions } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import type { InvitationDescription } from '../../shared/types.ts';

/** What an invitation link is for (organization, email, role, expiry), asked before the password is set. */
export const invitationQuery = (token: string) =>
  queryOptions({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) =>
      api<InvitationDescription>('/auth/invitation', { method: 'POST', body: { token }, signal }),
    // Looked at once: a link that dies meanwhile says so when the password is sent.
    staleTime: Number.POSITIVE_INFINITY,
  });
