import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import { NameDialog } from '../../shared/NameDialog.tsx';
import type { Department } from '../../shared/types.ts';
import { departmentsQueryKey } from './departmentsApi.ts';

/** New Department (no `department`) → Create Department, or Rename (with one) → Save. */
export function DepartmentNameModal({
  opened,
  department,
  onClose,
}: {
  opened: boolean;
  department?: Department | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  return (
    <NameDialog<Department>
      opened={opened}
      onClose={onClose}
      title={department ? `Rename “${department.name}”` : 'New Department'}
      label="Department name"
      placeholder="e.g. Finance"
      currentName={department?.name ?? null}
      submitLabel={department ? 'Save' : 'Create Department'}
      save={(name) =>
        department
          ? api<Department>(`/departments/${department.id}`, { method: 'PATCH', body: { name } })
          : api<Department>('/departments', { method: 'POST', body: { name } })
      }
      onSaved={(saved) => {
        queryClient.invalidateQueries({ queryKey: departmentsQueryKey });
        // Users show their department's name.
        queryClient.invalidateQueries({ queryKey: ['users'] });
        notifications.show({
          color: 'green',
          message: department
            ? `Renamed “${department.name}” to “${saved.name}”.`
            : `Created the department “${saved.name}”.`,
        });
      }}
    />
  );
}
