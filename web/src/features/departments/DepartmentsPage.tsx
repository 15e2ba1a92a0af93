import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Stack,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../shared/api.ts';
import { formatDate } from '../../shared/dates.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import { useUrlParam } from '../../shared/paging.ts';
import type { Department } from '../../shared/types.ts';
import { useKeptWhileClosing, useUrlDialog } from '../../shared/urlDialog.ts';
import { DepartmentNameModal } from './DepartmentNameModal.tsx';
import { departmentsQueryKey, useDepartments } from './departmentsApi.ts';

type SortColumn = 'name' | 'memberCount' | 'createdAt';
const SORT_COLUMNS: SortColumn[] = ['name', 'memberCount', 'createdAt'];

/** `sort` in the URL: a column, with a leading "-" for descending (e.g. `-memberCount`). */
function parseSort(raw: string): DataTableSortStatus<Department> {
  const desc = raw.startsWith('-');
  const column = (desc ? raw.slice(1) : raw) as SortColumn;
  return {
    columnAccessor: SORT_COLUMNS.includes(column) ? column : 'name',
    direction: desc ? 'desc' : 'asc',
  };
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const usersLeft = (count: number) =>
  count === 0
    ? 'It has no users, so nobody is left without a department.'
    : `${count === 1 ? '1 user' : `${count.toLocaleString()} users`} will be left without a department. ` +
      `Their accounts and group memberships stay as they are.`;

export default function DepartmentsPage() {
  const departments = useDepartments();
  const queryClient = useQueryClient();
  const [sortParam, setSortParam] = useUrlParam('sort', 'name');
  const sortStatus = parseSort(sortParam);
  // New Department and Rename live in the address (`dialog=new`, `dialog=rename&department=<id>`).
  const urlDialog = useUrlDialog('department');
  const renamed =
    urlDialog.dialog === 'rename' ? (departments.data?.find((d) => d.id === urlDialog.id) ?? null) : null;
  const dialogOpened = urlDialog.dialog === 'new' || renamed !== null;
  const dialogDepartment = useKeptWhileClosing(renamed, dialogOpened);

  const remove = useMutation({
    mutationFn: (department: Department) => api(`/departments/${department.id}`, { method: 'DELETE' }),
    onSuccess: (_result, department) => {
      queryClient.invalidateQueries({ queryKey: departmentsQueryKey });
      queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'green', message: `Deleted the department “${department.name}”.` });
    },
    onError: (error, department) =>
      notifications.show({
        color: 'red',
        title: `Could not delete “${department.name}”`,
        message: errorMessage(error),
      }),
  });

  function confirmDelete(department: Department) {
    modals.openConfirmModal({
      title: `Delete “${department.name}”?`,
      children: <Text size="sm">{usersLeft(department.memberCount)}</Text>,
      labels: { confirm: 'Delete Department', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(department),
    });
  }

  const records = useMemo(() => {
    const list = [...(departments.data ?? [])];
    const { columnAccessor, direction } = sortStatus;
    list.sort((a, b) => {
      const order =
        columnAccessor === 'memberCount'
          ? a.memberCount - b.memberCount
          : columnAccessor === 'createdAt'
            ? a.createdAt.localeCompare(b.createdAt)
            : collator.compare(a.name, b.name);
      return (direction === 'desc' ? -order : order) || collator.compare(a.name, b.name);
    });
    return list;
  }, [departments.data, sortStatus]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Departments</Title>
          <Text c="dimmed" size="sm">
            Departments mirror your organization's hierarchy. Each user belongs to at most one.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => urlDialog.open('new')}>
          New Department
        </Button>
      </Group>

      {departments.error ? (
        <ErrorState error={departments.error} onRetry={() => departments.refetch()} />
      ) : (
        <DataTable<Department>
          withTableBorder
          borderRadius="md"
          highlightOnHover
          minHeight={departments.isPending || records.length === 0 ? 220 : undefined}
          fetching={departments.isPending}
          records={records}
          idAccessor="id"
          sortStatus={sortStatus}
          onSortStatusChange={(next) =>
            setSortParam(`${next.direction === 'desc' ? '-' : ''}${String(next.columnAccessor)}`)
          }
          emptyState={
            <Stack align="center" gap={4} p="md">
              <IconBuilding size={28} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text fw={500}>No departments yet</Text>
              <Text size="sm" c="dimmed">
                Create one with New Department, or import users with a Department column.
              </Text>
            </Stack>
          }
          columns={[
            {
              accessor: 'name',
              title: 'Name',
              sortable: true,
              render: (d) => (
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" fw={500}>
                    {d.name}
                  </Text>
                  {d.source === 'sso' && (
                    <Badge size="xs" variant="light" color="grape">
                      SSO
                    </Badge>
                  )}
                </Group>
              ),
            },
            {
              accessor: 'memberCount',
              title: 'Users',
              sortable: true,
              textAlign: 'right',
              width: 120,
              render: (d) =>
                d.memberCount > 0 ? (
                  <Anchor
                    component={Link}
                    to={`/users?departmentId=${d.id}`}
                    size="sm"
                    aria-label={`${d.memberCount.toLocaleString()} users in ${d.name}`}
                  >
                    {d.memberCount.toLocaleString()}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    0
                  </Text>
                ),
            },
            {
              accessor: 'createdAt',
              title: 'Created',
              sortable: true,
              width: 160,
              render: (d) => formatDate(d.createdAt),
            },
            {
              accessor: 'actions',
              title: <VisuallyHidden>Actions</VisuallyHidden>,
              textAlign: 'right',
              width: 110,
              render: (d) => {
                const synced = d.source === 'sso';
                const why = 'Synced from SSO: change it in your identity provider.';
                return (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label={synced ? why : 'Rename'} withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Rename ${d.name}`}
                        disabled={synced}
                        onClick={() => urlDialog.open('rename', d.id)}
                      >
                        <IconPencil size={18} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={synced ? why : 'Delete'} withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${d.name}`}
                        disabled={synced}
                        loading={remove.isPending && remove.variables?.id === d.id}
                        onClick={() => confirmDelete(d)}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                );
              },
            },
          ]}
        />
      )}

      <DepartmentNameModal opened={dialogOpened} department={dialogDepartment} onClose={urlDialog.close} />
    </Stack>
  );
}
