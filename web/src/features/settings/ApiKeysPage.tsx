import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconBan,
  IconCheck,
  IconCopy,
  IconExternalLink,
  IconKey,
  IconPlus,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/dates.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import type { ApiKey } from '../../shared/types.ts';

const apiKeysKey = ['api-keys'] as const;

interface CreatedKey {
  apiKey: ApiKey;
  secret: string;
}

/** Account Settings → API & Integrations: the keys HR scripts use, and how to call the bulk API. */
export default function ApiKeysPage() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: apiKeysKey, queryFn: () => api<{ data: ApiKey[] }>('/api-keys') });
  const [creating, setCreating] = useState(false);

  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api<ApiKey>(`/api-keys/${key.id}/revoke`, { method: 'POST' }),
    onSuccess: (key) => {
      notifications.show({
        color: 'green',
        title: 'API key revoked',
        message: `“${key.name}” no longer works.`,
      });
      return queryClient.invalidateQueries({ queryKey: apiKeysKey });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not revoke the key', message: errorMessage(error) }),
  });

  function confirmRevoke(key: ApiKey) {
    modals.openConfirmModal({
      title: `Revoke the API key “${key.name}”?`,
      children: (
        <Text size="sm">
          Scripts and integrations using the key <Code>{key.prefix}_…</Code> will stop working at once. This
          cannot be undone; create a new key if you need one again.
        </Text>
      ),
      labels: { confirm: 'Revoke key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(key),
    });
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>API & Integrations</Title>
          <Text c="dimmed" size="sm" mt={4}>
            API keys let your HR system and scripts upload users and assign them to groups in bulk.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          Create API key
        </Button>
      </Group>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm">
          API keys
        </Title>
        {keys.error ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : (
          <DataTable<ApiKey>
            aria-label="API keys"
            minHeight={keys.data?.data.length ? undefined : 180}
            fetching={keys.isPending}
            records={keys.data?.data ?? []}
            noRecordsText="No API keys yet. Create one to use the API."
            noRecordsIcon={<IconKey size={32} stroke={1.5} />}
            highlightOnHover
            verticalAlign="center"
            rowStyle={(key) => (key.revokedAt ? { opacity: 0.6 } : undefined)}
            columns={[
              { accessor: 'name', title: 'Name', render: (key) => <Text fw={500}>{key.name}</Text> },
              {
                accessor: 'prefix',
                title: 'Key',
                render: (key) => <Code>{key.prefix}_…</Code>,
              },
              { accessor: 'createdAt', title: 'Created', render: (key) => formatDate(key.createdAt) },
              { accessor: 'createdBy', title: 'Created by', render: (key) => key.createdBy.label },
              {
                accessor: 'lastUsedAt',
                title: 'Last used',
                render: (key) =>
                  key.lastUsedAt ? formatDateTime(key.lastUsedAt) : <Text c="dimmed">Never</Text>,
              },
              {
                accessor: 'revokedAt',
                title: 'Status',
                render: (key) =>
                  key.revokedAt ? (
                    <Tooltip label={`Revoked ${formatDateTime(key.revokedAt)}`}>
                      <Badge color="gray" variant="light">
                        Revoked
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Badge color="green" variant="light">
                      Active
                    </Badge>
                  ),
              },
              {
                accessor: 'actions',
                title: <VisuallyHidden>Actions</VisuallyHidden>,
                textAlign: 'right',
                width: 80,
                render: (key) =>
                  key.revokedAt ? null : (
                    <Tooltip label="Revoke">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Revoke ${key.name}`}
                        loading={revoke.isPending && revoke.variables?.id === key.id}
                        onClick={() => confirmRevoke(key)}
                      >
                        <IconBan size={18} />
                      </ActionIcon>
                    </Tooltip>
                  ),
              },
            ]}
          />
        )}
      </Paper>

      <ApiDocs />

      <CreateKeyModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

/** Name → create → the secret, shown this once, with a copy button. */
function CreateKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api<CreatedKey>('/api-keys', { method: 'POST', body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
  const created = create.data;
  const nameError =
    create.error instanceof ApiError
      ? (create.error.problem.errors?.find((e) => e.path === 'body.name')?.message ?? null)
      : null;

  function close() {
    onClose();
    // After the closing animation, so the secret does not flash back to the form.
    setTimeout(() => {
      setName('');
      create.reset();
    }, 200);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Your new API key' : 'Create API key'}
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy this key now">
            This is the only time the key is shown. Heed stores only a fingerprint of it, so it cannot be
            shown again. If you lose it, revoke it and create a new one.
          </Alert>
          <TextInput
            label={`API key “${created.apiKey.name}”`}
            value={created.secret}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            rightSectionWidth={110}
            rightSection={
              <CopyButton value={created.secret}>
                {({ copied, copy }) => (
                  <Button
                    size="compact-sm"
                    variant={copied ? 'light' : 'filled'}
                    color={copied ? 'teal' : undefined}
                    leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    onClick={copy}
                  >
                    {copied ? 'Copied' : 'Copy key'}
                  </Button>
                )}
              </CopyButton>
            }
          />
          <Text size="sm" c="dimmed">
            Send it as <Code>Authorization: Bearer &lt;key&gt;</Code> with every API request.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label="Name"
              description="Where the key is used, so you recognise it later (for example “HR sync”)."
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError && `Name ${nameError}`}
              data-autofocus
            />
            {create.error && !nameError && (
              <Alert color="red" role="alert">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function CopyCode({ label, code }: { label: string; code: string }) {
  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              onClick={copy}
              aria-label={`Copy: ${label}`}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block>{code}</Code>
    </div>
  );
}

function ApiDocs() {
  const origin = window.location.origin;
  const csv = [
    'Email,First Name,Last Name,Department,Language,Location,Groups',
    'ada@example.com,Ada,Lovelace,Engineering,en,London,Managers;London Office',
  ].join('\n');
  const curl = [
    `curl -X POST "${origin}/api/v1/users/bulk?dryRun=true" \\`,
    '  -H "Authorization: Bearer $HEED_API_KEY" \\',
    '  -H "Content-Type: text/csv" \\',
    '  --data-binary @people.csv',
  ].join('\n');
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={3} size="h4">
            Bulk upload users with the API
          </Title>
          <Text size="sm" c="dimmed" mt={4} maw={720}>
            Upload a CSV to create or update users by email; missing departments and groups are created and an
            empty cell never clears a stored value. <Code>dryRun=true</Code> reports what would happen without
            writing; drop it to apply. Add <Code>group=Name</Code> to also assign everyone in the file to a
            group.
          </Text>
        </div>
        <Button
          component="a"
          href="/api/docs"
          target="_blank"
          rel="noopener"
          variant="light"
          rightSection={<IconExternalLink size={16} />}
        >
          API documentation
        </Button>
      </Group>
      <Stack gap="md">
        <CopyCode label="people.csv" code={csv} />
        <CopyCode label="Bulk upload with curl" code={curl} />
        <Text size="sm" c="dimmed">
          Every endpoint, with its parameters and answers, is in the{' '}
          <Anchor href="/api/docs" target="_blank" rel="noopener">
            API reference
          </Anchor>{' '}
          (OpenAPI: <Anchor href="/api/openapi.json">/api/openapi.json</Anchor>).
        </Text>
      </Stack>
    </Paper>
  );
}
