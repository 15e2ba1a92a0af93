import { Alert, Button, Code, Group, Modal, Paper, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconMailCog, IconMailOff, IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldErrors } from '../../shared/formErrors.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import { useUrlDialog } from '../../shared/urlDialog.ts';
import { emailQueryKey, type MailSettings, mailSettingsQuery, updateMailSettings } from './emailApi.ts';

/** How this organization's email leaves Heed: its own SMTP server, the installation's, or not at all. */
export function MailSettingsCard() {
  const settings = useQuery(mailSettingsQuery);
  const urlDialog = useUrlDialog('email');

  if (settings.error) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  if (!settings.data) return <Skeleton height={92} radius="md" />;
  const { smtp, from } = settings.data;

  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group align="flex-start" wrap="nowrap" gap="sm">
          {smtp.configured ? (
            <IconMailCog size={24} color="var(--mantine-color-indigo-6)" aria-hidden />
          ) : (
            <IconMailOff size={24} color="var(--mantine-color-orange-6)" aria-hidden />
          )}
          {smtp.configured ? (
            <Stack gap={4}>
              <Text fw={600}>
                {smtp.source === 'organization'
                  ? 'Sent through your organization’s own SMTP server'
                  : 'Sent through this Heed installation’s SMTP server'}
              </Text>
              <Text size="sm">
                Server: <Code>{smtp.url}</Code>
              </Text>
              <Text size="sm">
                From: <Code>{from}</Code>
              </Text>
            </Stack>
          ) : (
            <Stack gap={4}>
              <Text fw={600}>No SMTP server configured: emails are kept here, not sent</Text>
              <Text size="sm" c="dimmed">
                Invitations, sign-in links and reminders are written and listed below as “Not delivered”, with
                their full content. Set an SMTP server with Edit (or SMTP_URL for the whole installation) and
                send them again.
              </Text>
            </Stack>
          )}
        </Group>
        <Button
          variant="default"
          leftSection={<IconPencil size={16} />}
          style={{ flexShrink: 0 }}
          onClick={() => urlDialog.open('mail-settings')}
        >
          Edit
        </Button>
      </Group>
      <MailSettingsModal
        settings={settings.data}
        opened={urlDialog.dialog === 'mail-settings'}
        onClose={urlDialog.close}
      />
    </Paper>
  );
}

function MailSettingsModal({
  settings,
  opened,
  onClose,
}: {
  settings: MailSettings;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [smtpUrl, setSmtpUrl] = useState('');
  const [from, setFrom] = useState('');
  const save = useMutation({
    mutationFn: () => updateMailSettings({ smtpUrl: smtpUrl.trim() || null, from: from.trim() || null }),
    onSuccess: (saved) => {
      queryClient.setQueryData(mailSettingsQuery.queryKey, saved);
      queryClient.invalidateQueries({ queryKey: emailQueryKey });
      notifications.show({
        color: 'green',
        message: saved.smtp.configured
          ? 'Saved. New emails are sent with these settings.'
          : 'Saved. Without an SMTP server, emails are kept in the log.',
      });
      onClose();
    },
  });

  // Every opening starts from what is stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on opening only
  useEffect(() => {
    if (!opened) return;
    setSmtpUrl(settings.organizationOverride.smtpUrl ?? '');
    setFrom(settings.organizationOverride.from ?? '');
    save.reset();
  }, [opened]);

  const errors = fieldErrors(save.error, ['smtpUrl', 'from'] as const);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Email settings" size="lg">
      <form onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Your organization’s own SMTP server and sender. Leave a field empty to use this Heed
            installation’s settings (SMTP_URL and MAIL_FROM), if it has them.
          </Text>
          <TextInput
            label="SMTP server URL"
            placeholder="smtps://user:password@smtp.example.com:465"
            description="smtp:// or smtps://, with the user name and password in the URL. A stored password is shown as •••: leave it that way to keep it, or type a new one to replace it."
            value={smtpUrl}
            onChange={(e) => setSmtpUrl(e.currentTarget.value)}
            error={errors.fields.smtpUrl}
            autoComplete="off"
            spellCheck={false}
          />
          <TextInput
            label="From"
            placeholder="Acme Security <security@acme.example>"
            description="The sender people see: a name and an address, or an address alone."
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={errors.fields.from}
          />
          {errors.rest && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
              {errors.rest}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
