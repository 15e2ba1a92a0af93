import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import type { Department } from '../../shared/types.ts';
import { departmentsQueryKey } from './departmentsApi.ts';

/** New Department (no `department`) or Rename (with one): a name, saved with the server's message inline. */
export function DepartmentNameModal(props: {
  opened: boolean;
  department?: Department | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.department ? `Rename “${props.department.name}”` : 'New Department'}
    >
      {/* Mounted only while open, so each opening starts from the department's current name. */}
      {props.opened && <NameForm department={props.department ?? null} onClose={props.onClose} />}
    </Modal>
  );
}

function NameForm({ department, onClose }: { department: Department | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(department?.name ?? '');
  const save = useMutation({
    mutationFn: () =>
      department
        ? api<Department>(`/departments/${department.id}`, { method: 'PATCH', body: { name } })
        : api<Department>('/departments', { method: 'POST', body: { name } }),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: departmentsQueryKey });
      // Users show their department's name.
      queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({
        color: 'green',
        message: department
          ? `Renamed “${department.name}” to “${saved.name}”.`
          : `Created the department “${saved.name}”.`,
      });
      onClose();
    },
  });

  // A duplicate name (409) or a bad name (400) belongs under the field; anything else above the buttons.
  const errors = fieldErrors(save.error, ['name'] as const);
  const nameError =
    errors.fields.name ??
    (save.error instanceof ApiError && save.error.status === 409 ? save.error.problem.detail : null);
  const otherError = nameError ? null : errors.rest;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Department name"
          placeholder="e.g. Finance"
          required
          maxLength={100}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            if (save.error) save.reset();
          }}
          error={nameError}
          data-autofocus
        />
        {otherError && (
          <Alert color="red" role="alert">
            {otherError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={save.isPending}
            disabled={!name.trim() || (department !== null && name.trim() === department.name)}
          >
            {department ? 'Save' : 'Create Department'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
