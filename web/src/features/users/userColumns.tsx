import { Badge, Text } from '@mantine/core';
import type { DataTableColumn } from 'mantine-datatable';
import type { User } from '../../shared/types.ts';

type PersonRow = Pick<User, 'firstName' | 'lastName' | 'email' | 'department' | 'status'>;

/**
 * The Name, Email, Department and Status columns every table of people shows (Users, a group's
 * members, the Assign Users picker), so they look and sort the same everywhere.
 */
export function personColumns<T extends PersonRow>(widths: {
  name: number;
  department: number;
  status: number;
}): DataTableColumn<T>[] {
  return [
    {
      accessor: 'name',
      title: 'Name',
      sortable: true,
      width: widths.name,
      ellipsis: true,
      render: (person) => {
        const name = `${person.firstName} ${person.lastName}`.trim();
        return name ? (
          <Text size="sm" fw={500} truncate="end" title={name}>
            {name}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" fs="italic">
            No name
          </Text>
        );
      },
    },
    {
      accessor: 'email',
      title: 'Email',
      sortable: true,
      ellipsis: true,
      render: (person) => (
        <Text size="sm" truncate="end" title={person.email}>
          {person.email}
        </Text>
      ),
    },
    {
      accessor: 'department',
      title: 'Department',
      sortable: true,
      width: widths.department,
      ellipsis: true,
      render: (person) =>
        person.department ? (
          <Text size="sm" truncate="end" title={person.department.name}>
            {person.department.name}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      accessor: 'status',
      title: 'Status',
      width: widths.status,
      render: (person) =>
        person.status === 'active' ? (
          <Badge color="green" variant="light">
            Active
          </Badge>
        ) : (
          <Badge color="gray" variant="filled">
            Disabled
          </Badge>
        ),
    },
  ];
}
