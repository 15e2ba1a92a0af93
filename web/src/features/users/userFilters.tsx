import { ActionIcon, Select, Tooltip } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import type { Department } from '../../shared/types.ts';

/**
 * The filters every list of people offers (Users, a group's members, the Assign Users picker), so they
 * read and behave the same everywhere.
 */
export function DepartmentFilter(props: {
  departments: Department[] | undefined;
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  return (
    <Select
      aria-label="Department"
      placeholder="All departments"
      data={(props.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
      value={props.value || null}
      onChange={props.onChange}
      searchable
      clearable
      nothingFoundMessage="No department with this name"
      w={200}
    />
  );
}

const STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
];

export function StatusFilter(props: { value: string | null; onChange: (value: string | null) => void }) {
  return (
    <Select
      aria-label="Status"
      placeholder="Any status"
      data={STATUSES}
      value={props.value || null}
      onChange={props.onChange}
      clearable
      w={140}
    />
  );
}

export function ClearFiltersButton({ onClick }: { onClick: () => void }) {
  return (
    <Tooltip label="Clear filters" withArrow>
      <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Clear filters" onClick={onClick}>
        <IconFilterOff size={18} />
      </ActionIcon>
    </Tooltip>
  );
}
