import { Alert, Button, Modal, Group as Row, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus, IconUserSearch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../shared/api.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import {
  applyTicks,
  currentSearchParams,
  idsParam,
  setIdsParam,
  useCursorPaging,
  useReplaceParams,
  useUrlParam,
} from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import type { AddMembersResult, Group, Page, User } from '../../shared/types.ts';
import { useDepartments } from '../departments/departmentsApi.ts';
import { personColumns } from '../users/userColumns.tsx';
import { DepartmentFilter, StatusFilter } from '../users/userFilters.tsx';
import { displayName } from '../users/usersApi.ts';
import { groupsQueryKey, plural } from './groupsApi.ts';

const PICKER_PAGE_SIZE = 25;

type PickerSort = 'name' | 'email' | 'department';
const PICKER_SORTS: readonly PickerSort[] = ['name', 'email', 'department'];

/**
 * The picker lives in the group page's address, so a refresh or a copied link reopens it as it was:
 * `assign=1` (open), and its own search, filters, sort, page and ticked users, each named with the
 * `assign` prefix so they never mix with the members table's.
 */
export const ASSIGN_PARAM = 'assign';
const param = {
  search: 'assignSearch',
  departmentId: 'assignDepartmentId',
  status: 'assignStatus',
  sort: 'assignSort',
  picked: 'assignSelected',
} as const;

/** Closing the picker forgets it: every `assign…` parameter goes. */
export function forgetAssignParams(params: URLSearchParams) {
  for (const name of [...params.keys()]) if (name.startsWith(ASSIGN_PARAM)) params.delete(name);
}

/**
 * Assign Users: the organization's users who are not in the group yet, searched and filtered by the
 * server one keyset page at a time; ticked users are kept across pages until Assign to the Group.
 */
export function AssignUsersModal(props: { opened: boolean; group: Group; onClose: () => void }) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size={960}
      title={`Assign Users to “${props.group.name}”`}
    >
      {props.opened && <Picker group={props.group} onClose={props.onClose} />}
    </Modal>
  );
}

function describeAdded(result: AddMembersResult, groupName: string) {
  const parts = [`Added ${plural(result.added, 'user')} to “${groupName}”.`];
  if (result.alreadyMembers > 0) {
    parts.push(
      result.alreadyMembers === 1
        ? '1 user was already a member.'
        : `${result.alreadyMembers.toLocaleString()} users were already members.`,
    );
  }
  const missing = result.notFound.userIds.length + result.notFound.emails.length;
  if (missing > 0) parts.push(`${plural(missing, 'user was', 'users were')} not found (deleted meanwhile?).`);
  return parts.join(' ');
}

function Picker({ group, onClose }: { group: Group; onClose: () => void }) {
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [params] = useSearchParams();
  const replaceParams = useReplaceParams();
  const [search, setSearch] = useUrlParam(param.search, '', ASSIGN_PARAM);
  const [departmentId, setDepartmentId] = useUrlParam(param.departmentId, '', ASSIGN_PARAM);
  const [status, setStatus] = useUrlParam(param.status, '', ASSIGN_PARAM);
  const [sortParam, setSortParam] = useUrlParam(param.sort, 'name', ASSIGN_PARAM);
  const descending = sortParam.startsWith('-');
  const sortColumn = (descending ? sortParam.slice(1) : sortParam) as PickerSort;
  const sortStatus: DataTableSortStatus<User> = {
    columnAccessor: PICKER_SORTS.includes(sortColumn) ? sortColumn : 'name',
    direction: descending ? 'desc' : 'asc',
  };
  const paging = useCursorPaging(ASSIGN_PARAM, { replace: true });
  const pickedIds = idsParam(params, param.picked);
  const picked = new Set(pickedIds);
  const setPicked = (ids: string[]) => replaceParams((copy) => setIdsParam(copy, param.picked, ids));

  const query = {
    notInGroupId: group.id,
    search: search || undefined,
    departmentId: departmentId || undefined,
    status: status === 'active' || status === 'disabled' ? status : undefined,
    sort: sortStatus.columnAccessor as PickerSort,
    order: sortStatus.direction,
    limit: PICKER_PAGE_SIZE,
    cursor: paging.cursor,
  };
  const users = useQuery({
    queryKey: ['users', 'not-in-group', query],
    queryFn: ({ signal }) => api<Page<User>>('/users', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const records = users.data?.data ?? [];
  const filtered = Boolean(search || departmentId || status);

  const assign = useMutation({
    mutationFn: (userIds: string[]) =>
      api<AddMembersResult>(`/groups/${group.id}/members`, { method: 'POST', body: { userIds } }),
    onSuccess: (result) => {
      queryClient.invalidateQueries({ queryKey: groupsQueryKey });
      queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({
        color: 'green',
        title: 'Assign to the Group',
        message: describeAdded(result, group.name),
      });
      onClose();
    },
  });

  function onPageSelection(next: User[]) {
    const drawn = records.filter((u) => picked.has(u.id)).map((u) => u.id);
    replaceParams((copy) =>
      setIdsParam(
        copy,
        param.picked,
        applyTicks(
          idsParam(copy, param.picked),
          drawn,
          next.map((u) => u.id),
        ),
      ),
    );
  }

  return (
    <Stack gap="sm">
      <Row gap="sm" wrap="nowrap" role="search" aria-label="Filter users">
        <SearchBox
          label="Search users"
          placeholder="Search by name or email"
          value={search}
          onSearch={setSearch}
          style={{ flex: 1 }}
          autoFocus
        />
        <DepartmentFilter departments={departments.data} value={departmentId} onChange={setDepartmentId} />
        <StatusFilter value={status} onChange={setStatus} />
      </Row>

      {users.error ? (
        <Alert color="red" role="alert" title="Could not load users">
          {errorMessage(users.error)}
        </Alert>
      ) : (
        <div>
          <DataTable<User>
            aria-label="Users not in the group"
            withTableBorder
            borderRadius="md"
            highlightOnHover
            verticalAlign="center"
            height={400}
            // Fixed layout: every column has its width (spare room shared out), long values end in "…".
            styles={{ table: { tableLayout: 'fixed' } }}
            fetching={users.isPending || (users.isFetching && users.isPlaceholderData)}
            records={records}
            idAccessor="id"
            selectedRecords={records.filter((u) => picked.has(u.id))}
            onSelectedRecordsChange={onPageSelection}
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
                  <IconUserSearch size={28} color="var(--mantine-color-dimmed)" aria-hidden />
                  <Text fw={500}>
                    {filtered ? 'No users match these filters' : 'Everyone is already in this group'}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {filtered
                      ? 'Only users who are not yet members are listed. Try another search.'
                      : 'Add users under Users first, or import them from a CSV file.'}
                  </Text>
                </Stack>
              )
            }
            columns={[...personColumns<User>({ name: 220, email: 240, department: 170 })]}
          />
          <PagerBar
            pageNumber={paging.pageNumber}
            hasPrevious={paging.hasPrevious}
            nextCursor={users.isPlaceholderData ? null : users.data?.nextCursor}
            onPrevious={paging.previous}
            onNext={paging.next}
          />
        </div>
      )}

      {assign.error && (
        <Alert color="red" role="alert" title="Nobody was assigned">
          {errorMessage(assign.error)}
        </Alert>
      )}
      <Row justify="space-between" wrap="nowrap">
        <Row gap="xs" aria-live="polite">
          <Text size="sm" c={picked.size > 0 ? undefined : 'dimmed'} fw={picked.size > 0 ? 500 : undefined}>
            {picked.size > 0
              ? `${plural(picked.size, 'user')} selected`
              : 'Check the boxes next to the users to assign.'}
          </Text>
          {picked.size > 0 && (
            <Button size="compact-sm" variant="subtle" onClick={() => setPicked([])}>
              Clear
            </Button>
          )}
        </Row>
        <Row gap="sm" wrap="nowrap">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconUserPlus size={16} />}
            disabled={picked.size === 0}
            loading={assign.isPending}
            onClick={() => assign.mutate(idsParam(currentSearchParams(), param.picked))}
          >
            Assign to the Group
          </Button>
        </Row>
      </Row>
    </Stack>
  );
}
