import {
  ActionIcon,
  Button,
  CloseButton,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconBellRinging,
  IconFileImport,
  IconPencil,
  IconSearch,
  IconUserCheck,
  IconUserOff,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ActionTooltips } from '../../shared/ActionTooltips.tsx';
import { api, errorMessage } from '../../shared/api.ts';
import { formatDate } from '../../shared/dates.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import { ErrorState } from '../../shared/PageState.tsx';
import {
  applyTicks,
  currentSearchParams,
  idsParam,
  setIdsParam,
  useCursorPaging,
  useReplaceParams,
  useUrlParam,
} from '../../shared/paging.ts';
import { useStagedRows } from '../../shared/stagedRows.ts';
import type { StatusChangeResult, User } from '../../shared/types.ts';
import { useUrlDialog } from '../../shared/urlDialog.ts';
import { useDepartments } from '../departments/departmentsApi.ts';
import { remindUsers } from '../training/remindersApi.ts';
import { SEND_REMINDERS_HELP, useSendReminders } from '../training/useSendReminders.tsx';
import { ImportCsvModal } from './ImportCsvModal.tsx';
import { UserFormModal } from './UserFormModal.tsx';
import { DIMMED, personColumns } from './userColumns.tsx';
import { ClearFiltersButton, DepartmentFilter, StatusFilter } from './userFilters.tsx';
import {
  describeStatusChange,
  displayName,
  PAGE_SIZE,
  useEditedUser,
  useGroupOptions,
  userListParams,
  useUserPage,
} from './usersApi.ts';

const FILTER_PARAMS = ['search', 'departmentId', 'groupId', 'status'] as const;

const accounts = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'account' : 'accounts'}`;

export default function UsersPage() {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const replaceParams = useReplaceParams();
  const paging = useCursorPaging();
  const [search, setSearch] = useUrlParam('search');
  const [departmentId, setDepartmentId] = useUrlParam('departmentId');
  const [groupId, setGroupId] = useUrlParam('groupId');
  const [status, setStatus] = useUrlParam('status');
  const [, setSortParam] = useUrlParam('sort', 'name');
  const listParams = userListParams(params);
  const { sort, order } = listParams;

  const departments = useDepartments();
  const groups = useGroupOptions();
  const users = useUserPage(listParams);
  const records = users.data?.data ?? [];
  const shownRecords = useStagedRows(records);
  const filtered = FILTER_PARAMS.some((name) => params.get(name));

  // The search box answers every keystroke; the URL (and so the query) follows once typing pauses.
  const [searchInput, setSearchInput] = useState(search);
  const pushedSearch = useRef(search);
  const pushSearch = useDebouncedCallback((value: string) => {
    pushedSearch.current = value.trim();
    setSearch(value.trim());
  }, 300);
  useEffect(() => {
    // Back/forward or a link changed the search: show it (but never undo what is being typed).
    if (search !== pushedSearch.current) {
      pushedSearch.current = search;
      setSearchInput(search);
    }
  }, [search]);

  // Selection: the ticked rows of this page, in the URL (`selected=id.id`), so refresh keeps them.
  const selectedIds = useMemo(() => (params.get('selected') ?? '').split('.').filter(Boolean), [params]);
  const selectedRecords = records.filter((u) => selectedIds.includes(u.id));
  const setSelected = (ids: string[]) => replaceParams((copy) => setIdsParam(copy, 'selected', ids));
  const tick = (next: User[]) =>
    replaceParams((copy) => {
      const drawn = selectedRecords.map((u) => u.id);
      setIdsParam(
        copy,
        'selected',
        applyTicks(
          idsParam(copy, 'selected'),
          drawn,
          next.map((u) => u.id),
        ),
      );
    });
  // Another page, filter or sort: what was ticked is no longer on screen, so it is no longer selected.
  const settled = users.data && !users.isPlaceholderData && !users.isFetching;
  useEffect(() => {
    if (!settled || selectedIds.length === 0) return;
    const onPage = new Set(records.map((u) => u.id));
    if (selectedIds.every((id) => onPage.has(id))) return;
    replaceParams(
      (copy) =>
        setIdsParam(
          copy,
          'selected',
          idsParam(copy, 'selected').filter((id) => onPage.has(id)),
        ),
      { immediate: false },
    );
  });

  function clearPage() {
    setParams(
      () => {
        const copy = currentSearchParams();
        for (const name of ['cursor', 'trail', 'selected']) copy.delete(name);
        return copy;
      },
      { replace: true },
    );
  }

  function clearFilters() {
    setSearchInput('');
    pushSearch.cancel();
    pushedSearch.current = '';
    setParams(
      () => {
        const copy = currentSearchParams();
        for (const name of [...FILTER_PARAMS, 'cursor', 'trail', 'selected']) copy.delete(name);
        return copy;
      },
      { replace: true },
    );
  }

  // Dialogs, in the URL so a refresh or a copied link reopens them: `dialog=add`, `dialog=import`,
  // `dialog=edit&user=<id>` (the user is looked up when they are not on this page).
  const { dialog, id: userParam, open: openDialog, close: closeDialog } = useUrlDialog('user');
  const editedId = dialog === 'edit' ? userParam : null;
  const edited = useEditedUser(editedId, records);

  const setOne = useMutation({
    mutationFn: ({ user, action }: { user: User; action: 'disable' | 'enable' }) =>
      api<User>(`/users/${user.id}/${action}`, { method: 'POST' }),
    onSuccess: (saved, { action }) => {
      queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({
        color: 'green',
        message: `${action === 'disable' ? 'Disabled' : 'Enabled'} ${displayName(saved)}'s account.`,
      });
    },
    onError: (error, { user, action }) =>
      notifications.show({
        color: 'red',
        title: `Could not ${action} ${displayName(user)}`,
        message: errorMessage(error),
      }),
  });

  const setMany = useMutation({
    mutationFn: ({ ids, action }: { ids: string[]; action: 'disable' | 'enable' }) =>
      api<StatusChangeResult>(`/users/${action}`, { method: 'POST', body: { userIds: ids } }),
    onSuccess: (result, { action }) => {
      queryClient.invalidateQueries({ queryKey: ['users'] });
      setSelected([]);
      const clean = result.refused.length === 0 && result.notFound.length === 0;
      notifications.show({
        color: clean ? 'green' : 'yellow',
        title: action === 'disable' ? 'Disable Account' : 'Enable Account',
        message: describeStatusChange(action, result),
        autoClose: clean ? 5000 : 10000,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Nothing was changed', message: errorMessage(error) }),
  });

  function confirmOne(user: User) {
    modals.openConfirmModal({
      title: `Disable ${displayName(user)}'s account?`,
      children: (
        <Text size="sm">
          {user.email} stays in the user list and in their groups, and can be enabled again at any time.
        </Text>
      ),
      labels: { confirm: 'Disable', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => setOne.mutate({ user, action: 'disable' }),
    });
  }

  function confirmMany(action: 'disable' | 'enable') {
    const ids = selectedRecords.map((u) => u.id);
    const verb = action === 'disable' ? 'Disable' : 'Enable';
    modals.openConfirmModal({
      title: `${verb} ${accounts(ids.length)}?`,
      children: (
        <Text size="sm">
          {action === 'disable'
            ? 'Disabled users stay in the user list and in their groups, and can be enabled again at any time.'
            : 'The selected users become active again.'}
        </Text>
      ),
      labels: { confirm: `${verb} ${accounts(ids.length)}`, cancel: 'Cancel' },
      confirmProps: { color: action === 'disable' ? 'red' : undefined },
      onConfirm: () => setMany.mutate({ ids, action }),
    });
  }

  const reminders = useSendReminders();
  function confirmReminders() {
    const ids = selectedRecords.map((u) => u.id);
    reminders.confirm({
      key: 'selected',
      title: `Send reminders to ${ids.length.toLocaleString()} ${ids.length === 1 ? 'user' : 'users'}?`,
      people: 'Users',
      send: () => remindUsers(ids),
      onSent: () => setSelected([]),
    });
  }

  const sortStatus: DataTableSortStatus<User> = { columnAccessor: sort, direction: order };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Users</Title>
          <Text c="dimmed" size="sm">
            Everyone who receives training and simulations in your organization.
          </Text>
        </div>
        <Group gap="sm" wrap="nowrap">
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} />}
            onClick={() => openDialog('import')}
          >
            Import CSV
          </Button>
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => openDialog('add')}>
            Add User
          </Button>
        </Group>
      </Group>

      <Group gap="sm" align="flex-end" wrap="nowrap" role="search" aria-label="Filter users">
        <TextInput
          aria-label="Search users"
          placeholder="Search by name or email"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={searchInput}
          onChange={(e) => {
            setSearchInput(e.currentTarget.value);
            pushSearch(e.currentTarget.value);
          }}
          onKeyDown={(e) => e.key === 'Enter' && pushSearch.flush()}
          rightSection={
            searchInput ? (
              <CloseButton
                size="sm"
                aria-label="Clear search"
                onClick={() => {
                  setSearchInput('');
                  pushSearch('');
                  pushSearch.flush();
                }}
              />
            ) : null
          }
          style={{ flex: 1, minWidth: 220 }}
        />
        <DepartmentFilter
          departments={departments.data}
          value={departmentId}
          onChange={(value) => setDepartmentId(value)}
        />
        <Select
          aria-label="Group"
          placeholder="All groups"
          data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          value={groupId || null}
          onChange={(value) => setGroupId(value)}
          searchable
          clearable
          nothingFoundMessage="No group with this name"
          w={200}
        />
        <StatusFilter value={status} onChange={(value) => setStatus(value)} />
        {filtered && <ClearFiltersButton onClick={clearFilters} />}
      </Group>

      <Group justify="space-between" mih={30}>
        <Text size="sm" c={selectedRecords.length > 0 ? undefined : 'dimmed'} aria-live="polite">
          {selectedRecords.length > 0
            ? `${selectedRecords.length} selected`
            : 'Tick users to remind, enable or disable several at once.'}
        </Text>
        <Group gap="xs">
          {/* Focusable while unusable, so keyboard users reach the tooltip that says what it does. */}
          <Tooltip
            label={
              selectedRecords.length > 0
                ? `Remind the selected users. ${SEND_REMINDERS_HELP}`
                : `Tick users to remind them of their pending training. ${SEND_REMINDERS_HELP}`
            }
            withArrow
            multiline
            w={280}
            events={{ hover: true, focus: true, touch: true }}
          >
            <Button
              size="xs"
              variant="default"
              leftSection={<IconBellRinging size={14} />}
              data-disabled={selectedRecords.length === 0 || undefined}
              aria-disabled={selectedRecords.length === 0 || undefined}
              loading={reminders.pendingKey !== null}
              onClick={() => selectedRecords.length > 0 && confirmReminders()}
            >
              Send Reminders
            </Button>
          </Tooltip>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUserCheck size={14} />}
            disabled={selectedRecords.length === 0}
            loading={setMany.isPending && setMany.variables?.action === 'enable'}
            onClick={() => confirmMany('enable')}
          >
            Enable Account
          </Button>
          <Button
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconUserOff size={14} />}
            disabled={selectedRecords.length === 0}
            loading={setMany.isPending && setMany.variables?.action === 'disable'}
            onClick={() => confirmMany('disable')}
          >
            Disable Account
          </Button>
        </Group>
      </Group>

      {users.error ? (
        <Stack gap="xs">
          <ErrorState error={users.error} onRetry={() => users.refetch()} />
          {paging.cursor && (
            // A stale or edited link to a later page: the first page always works.
            <Button variant="light" size="xs" onClick={clearPage} style={{ alignSelf: 'flex-start' }}>
              Go to the first page
            </Button>
          )}
        </Stack>
      ) : (
        <div>
          <ActionTooltips>
            <DataTable<User>
              aria-label="Users"
              withTableBorder
              borderRadius="md"
              highlightOnHover
              verticalAlign="center"
              height="calc(100dvh - 320px)"
              // Fixed layout: every column has its width (spare room shared out), long values end in "…".
              styles={{ table: { tableLayout: 'fixed' } }}
              minHeight={300}
              fetching={users.isPending || (users.isFetching && users.isPlaceholderData)}
              records={shownRecords}
              idAccessor="id"
              selectedRecords={selectedRecords}
              onSelectedRecordsChange={tick}
              getRecordSelectionCheckboxProps={(u) => ({ 'aria-label': `Select ${displayName(u)}` })}
              allRecordsSelectionCheckboxProps={{ 'aria-label': 'Select every user on this page' }}
              sortStatus={sortStatus}
              onSortStatusChange={(next) =>
                setSortParam(`${next.direction === 'desc' ? '-' : ''}${String(next.columnAccessor)}`)
              }
              emptyState={
                users.isPending ? (
                  <span />
                ) : (
                  <Stack align="center" gap={6} p="md">
                    <IconUsers size={28} color="var(--mantine-color-dimmed)" aria-hidden />
                    <Text fw={500}>{filtered ? 'No users match these filters' : 'No users yet'}</Text>
                    <Text size="sm" c="dimmed">
                      {filtered
                        ? 'Try another search, or clear the filters.'
                        : 'Add a user, or import everyone at once from a CSV file.'}
                    </Text>
                    {filtered && (
                      <Button
                        size="xs"
                        variant="light"
                        style={{ pointerEvents: 'auto' }}
                        onClick={clearFilters}
                      >
                        Clear filters
                      </Button>
                    )}
                  </Stack>
                )
              }
              columns={[
                ...personColumns<User>({ name: 170, email: 200, department: 140 }),
                {
                  accessor: 'lastLogin',
                  title: 'Last login',
                  sortable: true,
                  width: 116,
                  render: (u) =>
                    u.lastLoginAt ? formatDate(u.lastLoginAt) : <span style={DIMMED}>Never</span>,
                },
                {
                  accessor: 'createdAt',
                  title: 'Date added',
                  sortable: true,
                  width: 116,
                  render: (u) => formatDate(u.createdAt),
                },
                {
                  accessor: 'actions',
                  title: <VisuallyHidden>Actions</VisuallyHidden>,
                  width: 80,
                  textAlign: 'right',
                  render: (u) => {
                    const name = displayName(u);
                    const busy = setOne.isPending && setOne.variables?.user.id === u.id;
                    return (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Edit ${name}`}
                          data-tooltip="Edit"
                          onClick={() => openDialog('edit', u.id)}
                        >
                          <IconPencil size={18} />
                        </ActionIcon>
                        {u.status === 'active' ? (
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Disable ${name}`}
                            data-tooltip="Disable account"
                            loading={busy}
                            onClick={() => confirmOne(u)}
                          >
                            <IconUserOff size={18} />
                          </ActionIcon>
                        ) : (
                          <ActionIcon
                            variant="subtle"
                            color="green"
                            aria-label={`Enable ${name}`}
                            data-tooltip="Enable account"
                            loading={busy}
                            onClick={() => setOne.mutate({ user: u, action: 'enable' })}
                          >
                            <IconUserCheck size={18} />
                          </ActionIcon>
                        )}
                      </Group>
                    );
                  },
                },
              ]}
            />
          </ActionTooltips>
          <PagerBar
            pageNumber={paging.pageNumber}
            hasPrevious={paging.hasPrevious}
            nextCursor={users.isPlaceholderData ? null : users.data?.nextCursor}
            onPrevious={paging.previous}
            onNext={paging.next}
            label={
              records.length > 0
                ? `Page ${paging.pageNumber} · users ${((paging.pageNumber - 1) * PAGE_SIZE + 1).toLocaleString()}–${(
                    (paging.pageNumber - 1) * PAGE_SIZE + records.length
                  ).toLocaleString()}`
                : `Page ${paging.pageNumber}`
            }
          />
        </div>
      )}

      <UserFormModal
        opened={dialog === 'add' || dialog === 'edit'}
        mode={dialog === 'edit' ? 'edit' : 'add'}
        user={edited.user}
        error={edited.error}
        onClose={closeDialog}
      />
      <ImportCsvModal opened={dialog === 'import'} onClose={closeDialog} />
    </Stack>
  );
}
