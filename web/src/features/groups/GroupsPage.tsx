import {
  ActionIcon,
  Anchor,
  Button,
  CloseButton,
  Group as Row,
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
  IconBellRinging,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTrash,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../shared/api.ts';
import { formatDate } from '../../shared/dates.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import { useUrlParam } from '../../shared/paging.ts';
import type { Group } from '../../shared/types.ts';
import { useKeptWhileClosing, useUrlDialog } from '../../shared/urlDialog.ts';
import { remindGroup } from '../training/remindersApi.ts';
import { SEND_REMINDERS_HELP, useSendReminders } from '../training/useSendReminders.tsx';
import { GroupKindBadge } from './GroupKindBadge.tsx';
import { GroupNameModal } from './GroupNameModal.tsx';
import { groupsQueryKey, plural, useGroups } from './groupsApi.ts';

type SortColumn = 'name' | 'kind' | 'memberCount' | 'createdAt';
const SORT_COLUMNS: SortColumn[] = ['name', 'kind', 'memberCount', 'createdAt'];

/** `sort` in the URL: a column, with a leading "-" for descending (e.g. `-memberCount`). */
function parseSort(raw: string): DataTableSortStatus<Group> {
  const desc = raw.startsWith('-');
  const column = (desc ? raw.slice(1) : raw) as SortColumn;
  return {
    columnAccessor: SORT_COLUMNS.includes(column) ? column : 'name',
    direction: desc ? 'desc' : 'asc',
  };
}

const REMIND_GROUP = `Send reminders to every member. ${SEND_REMINDERS_HELP}`;

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function deleteConsequence(group: Group) {
  return group.memberCount === 0
    ? 'The group has no members. This cannot be undone.'
    : `Its ${plural(group.memberCount, 'member')} will be removed from the group. Their user accounts stay, ` +
        'with their department and their other groups. This cannot be undone.';
}

export default function GroupsPage() {
  const groups = useGroups();
  const queryClient = useQueryClient();
  const [search, setSearch] = useUrlParam('search');
  const [sortParam, setSortParam] = useUrlParam('sort', 'name');
  const sortStatus = parseSort(sortParam);
  // New Group and Edit live in the address (`dialog=new`, `dialog=edit&group=<id>`).
  const urlDialog = useUrlDialog('group');
  const editedGroup =
    urlDialog.dialog === 'edit' ? (groups.data?.find((g) => g.id === urlDialog.id) ?? null) : null;
  const dialogOpened = urlDialog.dialog === 'new' || editedGroup !== null;
  const dialogGroup = useKeptWhileClosing(editedGroup, dialogOpened);

  const remove = useMutation({
    mutationFn: (group: Group) => api(`/groups/${group.id}`, { method: 'DELETE' }),
    onSuccess: (_result, group) => {
      queryClient.invalidateQueries({ queryKey: groupsQueryKey });
      queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({
        color: 'green',
        title: `Deleted the group “${group.name}”`,
        message:
          group.memberCount > 0
            ? `${plural(group.memberCount, 'membership')} removed; the users stay.`
            : 'It had no members.',
      });
    },
    onError: (error, group) =>
      notifications.show({
        color: 'red',
        title: `Could not delete “${group.name}”`,
        message: errorMessage(error),
      }),
  });

  const reminders = useSendReminders();
  function confirmReminders(group: Group) {
    reminders.confirm({
      key: group.id,
      title: `Send reminders to the ${plural(group.memberCount, 'member')} of “${group.name}”?`,
      people: 'Members',
      send: () => remindGroup(group.id),
    });
  }

  function confirmDelete(group: Group) {
    modals.openConfirmModal({
      title: `Delete the group “${group.name}”?`,
      children: <Text size="sm">{deleteConsequence(group)}</Text>,
      labels: { confirm: 'Delete Group', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(group),
    });
  }

  const all = groups.data ?? [];
  const records = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = (groups.data ?? []).filter((g) => !needle || g.name.toLowerCase().includes(needle));
    const { columnAccessor, direction } = sortStatus;
    list.sort((a, b) => {
      const order =
        columnAccessor === 'memberCount'
          ? a.memberCount - b.memberCount
          : columnAccessor === 'createdAt'
            ? a.createdAt.localeCompare(b.createdAt)
            : columnAccessor === 'kind'
              ? a.kind.localeCompare(b.kind)
              : collator.compare(a.name, b.name);
      return (direction === 'desc' ? -order : order) || collator.compare(a.name, b.name);
    });
    return list;
  }, [groups.data, search, sortStatus]);

  return (
    <Stack gap="md">
      <Row justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Groups</Title>
          <Text c="dimmed" size="sm">
            Groups segment users by any criteria: language, location, risk level. A user can be in many
            groups.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => urlDialog.open('new')}>
          New Group
        </Button>
      </Row>

      {all.length > 0 && (
        <TextInput
          aria-label="Search groups"
          placeholder="Search groups by name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          rightSection={
            search ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setSearch('')} /> : null
          }
          maw={360}
        />
      )}

      {groups.error ? (
        <ErrorState error={groups.error} onRetry={() => groups.refetch()} />
      ) : (
        <DataTable<Group>
          aria-label="Groups"
          withTableBorder
          borderRadius="md"
          highlightOnHover
          verticalAlign="center"
          minHeight={groups.isPending || records.length === 0 ? 240 : undefined}
          fetching={groups.isPending}
          records={records}
          idAccessor="id"
          sortStatus={sortStatus}
          onSortStatusChange={(next) =>
            setSortParam(`${next.direction === 'desc' ? '-' : ''}${String(next.columnAccessor)}`)
          }
          emptyState={
            groups.isPending ? (
              <span />
            ) : (
              <Stack align="center" gap={6} p="md">
                <IconUsersGroup size={28} color="var(--mantine-color-dimmed)" aria-hidden />
                {search ? (
                  <>
                    <Text fw={500}>No group matches “{search}”</Text>
                    <Button
                      size="xs"
                      variant="light"
                      style={{ pointerEvents: 'auto' }}
                      onClick={() => setSearch('')}
                    >
                      Clear search
                    </Button>
                  </>
                ) : (
                  <>
                    <Text fw={500}>No groups yet</Text>
                    <Text size="sm" c="dimmed">
                      Create one with New Group, or import users with a Groups column.
                    </Text>
                  </>
                )}
              </Stack>
            )
          }
          columns={[
            {
              accessor: 'name',
              title: 'Name',
              sortable: true,
              ellipsis: true,
              render: (g) => (
                <Anchor component={Link} to={`/groups/${g.id}`} size="sm" fw={500}>
                  {g.name}
                </Anchor>
              ),
            },
            {
              accessor: 'kind',
              title: 'Kind',
              sortable: true,
              width: 120,
              render: (g) => <GroupKindBadge kind={g.kind} />,
            },
            {
              accessor: 'memberCount',
              title: 'Members',
              sortable: true,
              textAlign: 'right',
              width: 120,
              render: (g) => (
                <Text size="sm" c={g.memberCount === 0 ? 'dimmed' : undefined}>
                  {g.memberCount.toLocaleString()}
                </Text>
              ),
            },
            {
              accessor: 'createdAt',
              title: 'Created',
              sortable: true,
              width: 150,
              render: (g) => formatDate(g.createdAt),
            },
            {
              accessor: 'actions',
              title: <VisuallyHidden>Actions</VisuallyHidden>,
              textAlign: 'right',
              width: 136,
              render: (g) => (
                <Row gap={4} justify="flex-end" wrap="nowrap">
                  {/* Focusable even for an empty group, so keyboard users reach the tooltip that says why. */}
                  <Tooltip
                    label={g.memberCount === 0 ? 'Nobody to remind: the group has no members.' : REMIND_GROUP}
                    withArrow
                    multiline
                    w={280}
                    events={{ hover: true, focus: true, touch: true }}
                  >
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Send reminders to the members of ${g.name}`}
                      aria-disabled={g.memberCount === 0 || undefined}
                      data-disabled={g.memberCount === 0 || undefined}
                      loading={reminders.pendingKey === g.id}
                      onClick={() => g.memberCount > 0 && confirmReminders(g)}
                    >
                      <IconBellRinging size={18} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Edit name" withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Edit ${g.name}`}
                      onClick={() => urlDialog.open('edit', g.id)}
                    >
                      <IconPencil size={18} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Delete group" withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete ${g.name}`}
                      loading={remove.isPending && remove.variables?.id === g.id}
                      onClick={() => confirmDelete(g)}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Row>
              ),
            },
          ]}
        />
      )}

      <GroupNameModal opened={dialogOpened} group={dialogGroup} onClose={urlDialog.close} />
    </Stack>
  );
}
