import { Skeleton, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../shared/api.ts';
import { emailQueryKey } from '../email/emailApi.ts';
import {
  type ReminderResult,
  reminderSummary,
  skipRules,
  trainingSettingsQuery,
  useTrainingSettings,
} from './remindersApi.ts';

interface Reminding {
  /** Which button is busy (a group's id on the Groups list). */
  key: string;
  send: () => Promise<ReminderResult>;
  onSent?: () => void;
}

/**
 * Send Reminders, wherever it is: a confirmation that says who is skipped (with the organization's
 * cooldown), the call, and a toast with what the API answered, in words.
 */
export function useSendReminders() {
  const queryClient = useQueryClient();

  const remind = useMutation({
    mutationFn: ({ send }: Reminding) => send(),
    onSuccess: (result, { onSent }) => {
      queryClient.invalidateQueries({ queryKey: emailQueryKey });
      onSent?.();
      const skippedSome =
        result.skipped.nothingPending + result.skipped.disabled + result.skipped.cooldown + result.notFound >
        0;
      notifications.show({
        color: result.sent > 0 ? 'green' : 'yellow',
        title: 'Send Reminders',
        // The confirmation loaded the settings to name the cooldown.
        message: reminderSummary(
          result,
          queryClient.getQueryData(trainingSettingsQuery.queryKey)?.reminderCooldownHours,
        ),
        autoClose: skippedSome ? 10_000 : 5000,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'No reminder was sent', message: errorMessage(error) }),
  });

  function confirm(options: Reminding & { title: string; people: 'Members' | 'Users' }) {
    const { title, people, ...reminding } = options;
    modals.openConfirmModal({
      title,
      children: (
        <Stack gap="xs">
          <Text size="sm">
            Each {people === 'Members' ? 'member' : 'user'} gets one email listing the courses they still have
            to complete, with a link to each.
          </Text>
          <SkipRules people={people} />
        </Stack>
      ),
      labels: { confirm: 'Send Reminders', cancel: 'Cancel' },
      onConfirm: () => remind.mutate(reminding),
    });
  }

  return { confirm, pendingKey: remind.isPending ? remind.variables.key : null };
}

/** Who is skipped, with the organization's cooldown (asked for when a confirmation first opens). */
function SkipRules({ people }: { people: 'Members' | 'Users' }) {
  const settings = useTrainingSettings();
  if (settings.isPending) return <Skeleton height={40} aria-label="Loading" />;
  return (
    <Text size="sm" c="dimmed">
      {skipRules(people, settings.data?.reminderCooldownHours)}
    </Text>
  );
}

/** What Send Reminders does, for its tooltip. */
export const SEND_REMINDERS_HELP =
  'Emails each person a list of the courses they still have to complete, with links.';
