import { Badge } from '@mantine/core';
import type { DataTableColumn } from 'mantine-datatable';
import type { User } from '../../shared/types.ts';

type PersonRow = Pick<User, 'firstName' | 'lastName' | 'email' | 'department' | 'status'>;

/** Dimmed text in a cell. */
export const DIMMED = { color: 'var(--mantine-color-dimmed)' } as const;

/**
 * The Name, Email, Department and Status columns every table of people shows (Users, a group's
 * members, the Assign Users picker), so they look and sort the same everywhere. Cells are plain
 * elements, not Text components: a page draws 200 of them, and the cell's own ellipsis truncates them.
 */
export function personColumns<T extends PersonRow>(widths: {
  name: number;
  email: number;
  department: number;
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
          <span title={name} style={{ fontWeight: 500 }}>
            {name}
          </span>
        ) : (
          <span style={{ ...DIMMED, fontStyle: 'italic' }}>No name</span>
        );
      },
    },
    {
      accessor: 'email',
      title: 'Email',
      sortable: true,
      // Every column has a width (the tables use a fixed layout): in a wide window the spare room is
      // shared out, in a narrow one the table scrolls sideways instead of squeezing this one to nothing.
      width: widths.email,
      ellipsis: true,
      render: (person) => <span title={person.email}>{person.email}</span>,
    },
    {
      accessor: 'department',
      title: 'Department',
      sortable: true,
      width: widths.department,
      ellipsis: true,
      render: (person) =>
        person.department ? (
          <span title={person.department.name}>{person.department.name}</span>
        ) : (
          <span style={DIMMED}>—</span>
        ),
    },
    {
      accessor: 'status',
      title: 'Status',
      // The width of the wider badge, "DISABLED", with the cell's padding: narrower cut it to "DISA…".
      width: 112,
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
