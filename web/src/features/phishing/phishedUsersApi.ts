/**
 * The Phished Users automation's settings (GET/PUT /phishing/settings/phished-users). Free of
 * components: pages.ts imports the query to prefetch it.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type {
  PhishedReason,
  PhishedUsersSettings,
  RemoveAfter,
  UpdatePhishedUsersSettingsInput,
} from '../../../../src/modules/phishing/phished-users.schemas.ts';
import { api } from '../../shared/api.ts';

export type { PhishedReason, PhishedUsersSettings, RemoveAfter, UpdatePhishedUsersSettingsInput };

export const phishedUsersSettingsQuery = queryOptions({
  queryKey: ['phishing', 'settings', 'phished-users'],
  queryFn: ({ signal }) => api<PhishedUsersSettings>('/phishing/settings/phished-users', { signal }),
  staleTime: 60_000,
});

export function usePhishedUsersSettings() {
  return useQuery(phishedUsersSettingsQuery);
}

export function updatePhishedUsersSettings(input: UpdatePhishedUsersSettingsInput) {
  return api<PhishedUsersSettings>('/phishing/settings/phished-users', { method: 'PUT', body: input });
}

/** The automatic removal choices, worded as the settings page offers them. */
export const REMOVE_AFTER_OPTIONS: { value: RemoveAfter; label: string }[] = [
  { value: 'never', label: 'Do not remove' },
  { value: '1m', label: '1 month' },
  { value: '3m', label: '3 months' },
  { value: '6m', label: '6 months' },
  { value: '1y', label: '1 year' },
];

/** A phished group membership's reason, when it is one the automation wrote; null otherwise. */
export function phishedReason(reason: unknown): PhishedReason | null {
  if (!reason || typeof reason !== 'object') return null;
  const r = reason as Partial<PhishedReason>;
  return typeof r.campaignName === 'string' && typeof r.at === 'string' && typeof r.event === 'string'
    ? (r as PhishedReason)
    : null;
}
