import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Menu,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconCopy,
  IconCrown,
  IconDots,
  IconMailForward,
  IconPencil,
  IconPlayerPlay,
  IconTrash,
  IconUserOff,
  IconUserPlus,
  IconUserShield,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { type FormEvent, type ReactNode, useState } from 'react';
import { meQueryKey, useMe } from '../../app/session.ts';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import type { Admin } from '../../shared/types.ts';

const adminsKey = ['admins'] as const;

interface Invitation {
  admin: Admin;
  invitationUrl: string;
}

const displayName = (admin: Admin) => admin.name || admin.email;

function StatusBadge({ admin }: { admin: Admin }) {
  if (admin.invitation.status === 'pending') {
    return (
      <Stack gap={2} align="flex-start">
        <Badge color="blue" variant="light">
          Invitation pending
        </Badge>
        <Text size="xs" c="dimmed">
          Link expires {formatDateTime(admin.invitation.expiresAt)}
        </Text>
      </Stack>
    );
  }
  if (admin.invitation.status === 'expired') {
    return (
      <Stack gap={2} align="flex-start">
        <Badge color="orange" variant="light">
          Invitation expired
        </Badge>
        <Text size="xs" c="dimmed">
          Expired {formatDateTime(admin.invitation.expiresAt)}
        </Text>
      </Stack>
    );
  }
  return admin.status === 'active' ? (
    <Badge color="green" variant="light">
      Active
    </Badge>
  ) : (
    <Badge color="gray" variant="light">
      Disabled
    </Badge>
  );
}

/** Account Settings → Admins: who can sign in to this console, invitations, roles and access. */
export default function AdminsPage() {
  const queryClient = useQueryClient();
  const me = useMe();
  const myId = me.data?.admin?.id;
  const iAmOwner = me.data?.admin?.role === 'owner';
  const admins = useQuery({ queryKey: adminsKey, queryFn: () => api<{ data: Admin[] }>('/admins') });
  const [inviting, setInviting] = useState(false);
  const [renaming, setRenaming] = useState<Admin | null>(null);
  // A fresh invitation link (from inviting or re-issuing), shown once.
  const [link, setLink] = useState<{ invitation: Invitation; reissued: boolean } | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: adminsKey });
  const failed = (title: string) => (error: unknown) =>
    notifications.show({ color: 'red', title, message: errorMessage(error) });

  const reissue = useMutation({
    mutationFn: (admin: Admin) => api<Invitation>(`/admins/${admin.id}/invitation`, { method: 'POST' }),
    onSuccess: (invitation) => {
      setLink({ invitation, reissued: true });
      return refresh();
    },
    onError: failed('Could not create a new invitation link'),
  });
  const revokeInvitation = useMutation({
    mutationFn: (admin: Admin) => api(`/admins/${admin.id}`, { method: 'DELETE' }),
    onSuccess: (_, admin) => {
      notifications.show({
        color: 'green',
        title: 'Invitation revoked',
        message: `The link sent to ${admin.email} no longer works.`,
      });
      return refresh();
    },
    onError: failed('Could not revoke the invitation'),
  });
  const setStatus = useMutation({
    mutationFn: ({ admin, to }: { admin: Admin; to: 'disable' | 'enable' }) =>
      api<Admin>(`/admins/${admin.id}/${to}`, { method: 'POST' }),
    onSuccess: (admin) => {
      notifications.show({
        color: 'green',
        title: admin.status === 'disabled' ? 'Admin disabled' : 'Admin enabled',
        message:
          admin.status === 'disabled'
            ? `${admin.email} can no longer sign in.`
            : `${admin.email} can sign in again.`,
      });
      return refresh();
    },
    onError: failed('Could not change the admin'),
  });
  const makeOwner = useMutation({
    mutationFn: (admin: Admin) =>
      api<Admin>(`/admins/${admin.id}`, { method: 'PATCH', body: { role: 'owner' } }),
    onSuccess: (admin) => {
      notifications.show({
        color: 'green',
        title: 'Ownership transferred',
        message: `${admin.email} is now the owner.`,
      });
      return Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: meQueryKey })]);
    },
    onError: failed('Could not transfer ownership'),
  });

  function confirm(options: {
    title: string;
    body: ReactNode;
    confirm: string;
    danger?: boolean;
    onConfirm: () => void;
  }) {
    modals.openConfirmModal({
      title: options.title,
      children: <Text size="sm">{options.body}</Text>,
      labels: { confirm: options.confirm, cancel: 'Cancel' },
      confirmProps: options.danger ? { color: 'red' } : undefined,
      onConfirm: options.onConfirm,
    });
  }

  /** The row's menu items: only what this admin may do to that row. */
  function actionsFor(admin: Admin): ReactNode[] {
    const items: ReactNode[] = [];
    const pending = admin.invitation.status !== 'accepted';
    const isMe = admin.id === myId;
    if (pending) {
      items.push(
        <Menu.Item
          key="reissue"
          leftSection={<IconMailForward size={16} />}
          onClick={() =>
            confirm({
              title: `Create a new invitation link for ${admin.email}?`,
              body: 'The link sent before stops working. You will get a new link to send, valid for 7 days.',
              confirm: 'Create new link',
              onConfirm: () => reissue.mutate(admin),
            })
          }
        >
          Re-send invitation
        </Menu.Item>,
        <Menu.Item
          key="revoke"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() =>
            confirm({
              title: `Revoke the invitation for ${admin.email}?`,
              body: 'The invitation link stops working and the invitation is removed. You can invite them again later.',
              confirm: 'Revoke invitation',
              danger: true,
              onConfirm: () => revokeInvitation.mutate(admin),
            })
          }
        >
          Revoke invitation
        </Menu.Item>,
      );
      return items;
    }
    items.push(
      <Menu.Item key="rename" leftSection={<IconPencil size={16} />} onClick={() => setRenaming(admin)}>
        Edit name
      </Menu.Item>,
    );
    if (iAmOwner && admin.role !== 'owner' && admin.status === 'active') {
      items.push(
        <Menu.Item
          key="owner"
          leftSection={<IconCrown size={16} />}
          onClick={() =>
            confirm({
              title: `Make ${displayName(admin)} the owner?`,
              body: (
                <>
                  Ownership moves to {admin.email}, and you become an admin. The owner is the only one who can
                  change roles, and can never be disabled. Only the new owner can hand ownership back.
                </>
              ),
              confirm: 'Transfer ownership',
              danger: true,
              onConfirm: () => makeOwner.mutate(admin),
            })
          }
        >
          Make owner
        </Menu.Item>,
      );
    }
    if (admin.role !== 'owner' && !isMe) {
      items.push(
        admin.status === 'active' ? (
          <Menu.Item
            key="disable"
            color="red"
            leftSection={<IconUserOff size={16} />}
            onClick={() =>
              confirm({
                title: `Disable ${displayName(admin)}?`,
                body: `${admin.email} is signed out at once and can no longer sign in until an admin enables the account again.`,
                confirm: 'Disable admin',
                danger: true,
                onConfirm: () => setStatus.mutate({ admin, to: 'disable' }),
              })
            }
          >
            Disable admin
          </Menu.Item>
        ) : (
          <Menu.Item
            key="enable"
            leftSection={<IconPlayerPlay size={16} />}
            onClick={() => setStatus.mutate({ admin, to: 'enable' })}
          >
            Enable admin
          </Menu.Item>
        ),
      );
    }
    return items;
  }

  const rows = admins.data?.data ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Admins</Title>
          <Text c="dimmed" size="sm" mt={4}>
            The people who can sign in to this console. The owner can transfer ownership and can never be
            disabled.
          </Text>
        </div>
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviting(true)}>
          Invite admin
        </Button>
      </Group>

      <Paper withBorder p="md">
        {admins.error ? (
          <ErrorState error={admins.error} onRetry={() => admins.refetch()} />
        ) : (
          <DataTable<Admin>
            aria-label="Admins"
            minHeight={rows.length ? undefined : 180}
            fetching={admins.isPending}
            records={rows}
            noRecordsText="No admins"
            noRecordsIcon={<IconUserShield size={32} stroke={1.5} />}
            highlightOnHover
            verticalAlign="center"
            rowStyle={(admin) => (admin.status === 'disabled' ? { opacity: 0.65 } : undefined)}
            columns={[
              {
                accessor: 'name',
                title: 'Name',
                render: (admin) => (
                  <Group gap={6} wrap="nowrap">
                    <Text fw={500} c={admin.name ? undefined : 'dimmed'}>
                      {admin.name || '—'}
                    </Text>
                    {admin.id === myId && (
                      <Badge size="xs" variant="outline">
                        You
                      </Badge>
                    )}
                  </Group>
                ),
              },
              { accessor: 'email', title: 'Email' },
              {
                accessor: 'role',
                title: 'Role',
                width: 110,
                render: (admin) =>
                  admin.role === 'owner' ? (
                    <Badge color="indigo" leftSection={<IconCrown size={12} />}>
                      Owner
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      Admin
                    </Badge>
                  ),
              },
              {
                accessor: 'status',
                title: 'Status',
                width: 210,
                render: (admin) => <StatusBadge admin={admin} />,
              },
              {
                accessor: 'lastLoginAt',
                title: 'Last login',
                width: 190,
                render: (admin) =>
                  admin.lastLoginAt ? formatDateTime(admin.lastLoginAt) : <Text c="dimmed">Never</Text>,
              },
              {
                accessor: 'actions',
                title: <VisuallyHidden>Actions</VisuallyHidden>,
                textAlign: 'right',
                width: 70,
                render: (admin) => {
                  const items = actionsFor(admin);
                  return (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${admin.email}`}>
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Label>{admin.email}</Menu.Label>
                        {items}
                        {admin.role === 'owner' && <Menu.Label>The owner can never be disabled.</Menu.Label>}
                      </Menu.Dropdown>
                    </Menu>
                  );
                },
              },
            ]}
          />
        )}
      </Paper>

      <InviteModal
        opened={inviting}
        onClose={() => setInviting(false)}
        onInvited={(invitation) => {
          setInviting(false);
          setLink({ invitation, reissued: false });
        }}
      />
      <InvitationLinkModal link={link} onClose={() => setLink(null)} />
      <RenameModal admin={renaming} onClose={() => setRenaming(null)} />
    </Stack>
  );
}

function InviteModal(props: {
  opened: boolean;
  onClose: () => void;
  onInvited: (invitation: Invitation) => void;
}) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const invite = useMutation({
    mutationFn: () =>
      api<Invitation>('/admins', {
        method: 'POST',
        body: { email, role: 'admin', ...(name.trim() ? { name: name.trim() } : {}) },
      }),
    onSuccess: async (invitation) => {
      await queryClient.invalidateQueries({ queryKey: adminsKey });
      setEmail('');
      setName('');
      invite.reset();
      props.onInvited(invitation);
    },
  });
  const fieldError = (field: string) =>
    invite.error instanceof ApiError
      ? invite.error.problem.errors?.find((e) => e.path === `body.${field}`)?.message
      : undefined;
  const duplicate = invite.error instanceof ApiError && invite.error.status === 409;

  function close() {
    invite.reset();
    props.onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }

  return (
    <Modal opened={props.opened} onClose={close} title="Invite admin" size="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            You get a one-time link to send them. With it they choose a password and sign in as an admin.
          </Text>
          <TextInput
            label="Email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={
              (fieldError('email') && `Email ${fieldError('email')}`) ||
              (duplicate ? errorMessage(invite.error) : undefined)
            }
            data-autofocus
          />
          <TextInput
            label="Name"
            description="Optional. They can change it when they accept."
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError('name') && `Name ${fieldError('name')}`}
          />
          {invite.error && !duplicate && !fieldError('email') && !fieldError('name') && (
            <Alert color="red" role="alert">
              {errorMessage(invite.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={invite.isPending} disabled={!email.trim()}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function InvitationLinkModal({
  link,
  onClose,
}: {
  link: { invitation: Invitation; reissued: boolean } | null;
  onClose: () => void;
}) {
  const admin = link?.invitation.admin;
  return (
    <Modal
      opened={link !== null}
      onClose={onClose}
      title={link?.reissued ? 'New invitation link' : 'Invitation created'}
      size="lg"
      closeOnClickOutside={false}
    >
      {link && admin && (
        <Stack>
          <Text size="sm">
            Send this link to <b>{admin.email}</b>. It works once and expires{' '}
            {formatDateTime(admin.invitation.expiresAt)}.
            {link.reissued && ' The link sent before no longer works.'}
          </Text>
          <Alert color="yellow" title="Copy the link now">
            For security the link is shown only this once. If it gets lost, use Re-send invitation to create a
            new one.
          </Alert>
          <TextInput
            label="Invitation link"
            value={link.invitation.invitationUrl}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            rightSectionWidth={110}
            rightSection={
              <CopyButton value={link.invitation.invitationUrl}>
                {({ copied, copy }) => (
                  <Button
                    size="compact-sm"
                    variant={copied ? 'light' : 'filled'}
                    color={copied ? 'teal' : undefined}
                    leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    onClick={copy}
                  >
                    {copied ? 'Copied' : 'Copy link'}
                  </Button>
                )}
              </CopyButton>
            }
          />
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function RenameModal({ admin, onClose }: { admin: Admin | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  if (admin && editing !== admin.id) {
    setEditing(admin.id);
    setName(admin.name);
  }
  const rename = useMutation({
    mutationFn: () => api<Admin>(`/admins/${admin!.id}`, { method: 'PATCH', body: { name: name.trim() } }),
    onSuccess: async (updated) => {
      notifications.show({
        color: 'green',
        title: 'Name saved',
        message: `${updated.email} is now “${updated.name || updated.email}”.`,
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: adminsKey }),
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]);
      close();
    },
  });
  const nameError =
    rename.error instanceof ApiError
      ? rename.error.problem.errors?.find((e) => e.path === 'body.name')?.message
      : undefined;

  function close() {
    rename.reset();
    setEditing(null);
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    rename.mutate();
  }

  return (
    <Modal opened={admin !== null} onClose={close} title={admin ? `Edit name of ${admin.email}` : ''}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError && `Name ${nameError}`}
            data-autofocus
          />
          {rename.error && !nameError && (
            <Alert color="red" role="alert">
              {errorMessage(rename.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
