/**
 * Reminders (POST /groups/:id/reminders, /users/reminders) and the training settings they obey (the
 * cooldown, the weekly automatic reminder). Free of components: pages.ts imports the settings query.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type {
  ReminderResult,
  TrainingSettings,
  UpdateTrainingSettingsInput,
} from '../../../../src/modules/reminders/reminders.schemas.ts';
import { api } from '../../shared/api.ts';

export type { ReminderResult, TrainingSettings, UpdateTrainingSettingsInput };

/** The reminder routes take at most this many ids per call; "all matching" members can be more. */
const IDS_PER_CALL = 100_000;

export const trainingSettingsQuery = queryOptions({
  queryKey: ['training', 'settings'],
  queryFn: ({ signal }) => api<TrainingSettings>('/training/settings', { signal }),
  staleTime: 60_000,
});

export function useTrainingSettings() {
  return useQuery(trainingSettingsQuery);
}

export function updateTrainingSettings(input: UpdateTrainingSettingsInput) {
  return api<TrainingSettings>('/training/settings', { method: 'PUT', body: input });
}

function addUp(results: ReminderResult[]): ReminderResult {
  const sum = (pick: (r: ReminderResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    sent: sum((r) => r.sent),
    skipped: {
      nothingPending: sum((r) => r.skipped.nothingPending),
      disabled: sum((r) => r.skipped.disabled),
      cooldown: sum((r) => r.skipped.cooldown),
    },
    notFound: sum((r) => r.notFound),
  };
}

async function inChunks(ids: string[], send: (chunk: string[]) => Promise<ReminderResult>) {
  const results: ReminderResult[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_CALL) {
    results.push(await send(ids.slice(start, start + IDS_PER_CALL)));
  }
  return addUp(results);
}

/** Every member of the group (no ids: one call, however large the group), or only the listed ones. */
export function remindGroup(groupId: string, userIds?: string[]): Promise<ReminderResult> {
  const path = `/groups/${groupId}/reminders`;
  if (!userIds) return api<ReminderResult>(path, { method: 'POST' });
  return inChunks(userIds, (chunk) =>
    api<ReminderResult>(path, { method: 'POST', body: { userIds: chunk } }),
  );
}

export function remindUsers(userIds: string[]): Promise<ReminderResult> {
  return inChunks(userIds, (chunk) =>
    api<ReminderResult>('/users/reminders', { method: 'POST', body: { userIds: chunk } }),
  );
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "the last 24 hours", "the last hour"; null when there is no cooldown. */
export function cooldownPeriod(hours: number | undefined): string | null {
  if (hours === 0) return null;
  if (hours === undefined) return 'the cooldown set in Training → Settings';
  return hours === 1 ? 'the last hour' : `the last ${hours.toLocaleString()} hours`;
}

/** Who is left out, for a confirmation: "Members with nothing pending, disabled accounts and … are skipped." */
export function skipRules(people: 'Members' | 'Users', cooldownHours: number | undefined): string {
  const period = cooldownPeriod(cooldownHours);
  return period
    ? `${people} with nothing pending, disabled accounts and anyone reminded in ${period} are skipped.`
    : `${people} with nothing pending and disabled accounts are skipped.`;
}

/**
 * The API's answer in plain words: "Reminders sent to 12 users. Skipped: 3 with nothing pending,
 * 1 disabled, 2 reminded within the last 24 hours." (parts that are zero are left out).
 */
export function reminderSummary(result: ReminderResult, cooldownHours: number | undefined): string {
  const { nothingPending, disabled, cooldown } = result.skipped;
  const skipped: string[] = [];
  if (nothingPending > 0) skipped.push(`${nothingPending.toLocaleString()} with nothing pending`);
  if (disabled > 0) skipped.push(`${disabled.toLocaleString()} disabled`);
  if (cooldown > 0) {
    const period = cooldownPeriod(cooldownHours);
    skipped.push(
      `${cooldown.toLocaleString()} reminded ${period && cooldownHours !== undefined ? `within ${period}` : 'recently'}`,
    );
  }
  if (result.notFound > 0) skipped.push(`${result.notFound.toLocaleString()} no longer found`);
  const sent =
    result.sent > 0 ? `Reminders sent to ${count(result.sent, 'user')}.` : 'No reminders were sent.';
  if (skipped.length > 0) return `${sent} Skipped: ${skipped.join(', ')}.`;
  return result.sent > 0 ? sent : `${sent} There was nobody to remind.`;
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
