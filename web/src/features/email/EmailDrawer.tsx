import { Alert, Badge, Button, Code, Drawer, Group, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { SandboxedPreview } from '../../shared/SandboxedPreview.tsx';
import { useKeptWhileClosing } from '../../shared/urlDialog.ts';
import {
  canRetry,
  EMAIL_STATUSES,
  type EmailDetail,
  emailQuery,
  emailQueryKey,
  kindLabel,
  retryEmail,
} from './emailApi.ts';

/** One email in full, as it was written: what it says (HTML and plain text), to whom, and what became of it. */
export function EmailDrawer({ emailId, onClose }: { emailId: string | null; onClose: () => void }) {
  const shownId = useKeptWhileClosing(emailId, emailId !== null);
  const email = useQuery({ ...emailQuery(shownId ?? ''), enabled: shownId !== null });

  return (
    <Drawer
      opened={emailId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Text fw={600}>{email.data?.subject ?? 'Email'}</Text>}
    >
      {email.error ? (
        <ErrorState error={email.error} onRetry={() => email.refetch()} />
      ) : email.data ? (
        <EmailContent email={email.data} />
      ) : (
        <PageLoader />
      )}
    </Drawer>
  );
}

function EmailContent({ email }: { email: EmailDetail }) {
  const queryClient = useQueryClient();
  const status = EMAIL_STATUSES[email.status];
  const retry = useMutation({
    mutationFn: () => retryEmail(email.id),
    onSuccess: (updated) => {
      queryClient.setQueryData(emailQuery(email.id).queryKey, updated);
      queryClient.invalidateQueries({ queryKey: emailQueryKey });
      notifications.show({ color: 'green', message: `Queued again for ${email.to.address}.` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not send it again', message: errorMessage(error) }),
  });

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            To:{' '}
          </Text>
          {email.to.name ? `${email.to.name} <${email.to.address}>` : email.to.address}
        </Text>
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            Kind:{' '}
          </Text>
          {kindLabel(email.kind)}
        </Text>
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            Created:{' '}
          </Text>
          {formatDateTime(email.createdAt)}
          {email.sentAt && (
            <>
              {' · '}
              <Text span c="dimmed" size="sm">
                Sent:{' '}
              </Text>
              {formatDateTime(email.sentAt)}
            </>
          )}
        </Text>
        <Group gap="xs">
          <Badge variant="light" color={status.color}>
            {status.label}
          </Badge>
          <Text size="sm" c="dimmed">
            {email.attempts} {email.attempts === 1 ? 'attempt' : 'attempts'}
            {email.nextAttemptAt && email.status === 'queued'
              ? ` · next try ${formatDateTime(email.nextAttemptAt)}`
              : ''}
          </Text>
        </Group>
        {email.messageId && (
          <Text size="xs" c="dimmed">
            Message-ID: <Code>{email.messageId}</Code>
          </Text>
        )}
      </Stack>

      {email.statusDetail && (
        <Alert
          color={email.status === 'failed' ? 'red' : 'orange'}
          icon={<IconAlertTriangle size={18} />}
          title="Status detail"
        >
          {email.statusDetail}
        </Alert>
      )}

      {canRetry(email) && (
        <Group>
          <Button
            leftSection={<IconSend size={16} />}
            loading={retry.isPending}
            onClick={() => retry.mutate()}
          >
            Send again
          </Button>
        </Group>
      )}

      <Tabs defaultValue="html">
        <Tabs.List>
          <Tabs.Tab value="html">HTML</Tabs.Tab>
          <Tabs.Tab value="text">Plain text</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          <SandboxedPreview title={`HTML of “${email.subject}”`} html={email.html} height={520} />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {email.text}
          </Code>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
