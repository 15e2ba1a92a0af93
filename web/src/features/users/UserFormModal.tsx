import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import type { User } from '../../shared/types.ts';
import { useKeptWhileClosing } from '../../shared/urlDialog.ts';
import { departmentsQueryKey, useDepartments } from '../departments/departmentsApi.ts';
import { UserTrainingTabs } from '../training/UserTraining.tsx';
import { displayName } from './usersApi.ts';

const FIELDS = ['email', 'firstName', 'lastName', 'departmentId', 'language', 'location', 'role'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

function initialValues(user: User | null): Values {
  return {
    email: user?.email ?? '',
    firstName: user?.firstName ?? '',
    lastName: user?.lastName ?? '',
    departmentId: user?.department?.id ?? '',
    language: user?.language ?? '',
    location: user?.location ?? '',
    role: user?.role ?? '',
  };
}

/**
 * Add User, or Edit a user. The dialog keeps focus; server errors land under their field. Opened from
 * a link, Edit may wait for its user (or say that they no longer exist).
 */
export function UserFormModal(props: {
  opened: boolean;
  mode: 'add' | 'edit';
  user: User | null;
  error: unknown;
  onClose: () => void;
}) {
  const { mode, user, error } = useKeptWhileClosing(props, props.opened);
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={mode === 'add' ? 'Add User' : user ? `Edit ${displayName(user)}` : 'Edit user'}
      size="lg"
    >
      {props.opened &&
        (mode === 'add' ? (
          <UserForm user={null} onClose={props.onClose} />
        ) : user ? (
          <UserTrainingTabs userId={user.id}>
            <UserForm key={user.id} user={user} onClose={props.onClose} />
          </UserTrainingTabs>
        ) : error ? (
          <Stack>
            <Alert color="red" role="alert" title="This user cannot be edited">
              {error instanceof ApiError && (error.status === 404 || error.status === 400)
                ? 'There is no such user any more: they may have been deleted, or the link is incomplete.'
                : errorMessage(error)}
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                Close
              </Button>
            </Group>
          </Stack>
        ) : (
          <Center py="xl">
            <Loader aria-label="Loading the user" />
          </Center>
        ))}
    </Modal>
  );
}

function UserForm({ user, onClose }: { user: User | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [initial] = useState(() => initialValues(user));
  const [values, setValues] = useState(initial);

  const save = useMutation({
    mutationFn: () => {
      if (user) {
        // Only what changed: an emptied optional field is cleared (null), the rest is left alone.
        const body: Record<string, string | null> = {};
        for (const field of FIELDS) {
          if (values[field].trim() === initial[field].trim()) continue;
          const value = values[field].trim();
          body[field] = value === '' && field !== 'firstName' && field !== 'lastName' ? null : value;
        }
        if (Object.keys(body).length === 0) return Promise.resolve(user);
        return api<User>(`/users/${user.id}`, { method: 'PATCH', body });
      }
      const body: Record<string, string> = {};
      for (const field of FIELDS) if (values[field].trim() !== '') body[field] = values[field].trim();
      return api<User>('/users', { method: 'POST', body });
    },
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: ['users'] });
      queryClient.invalidateQueries({ queryKey: departmentsQueryKey });
      notifications.show({
        color: 'green',
        message: user ? `Saved ${displayName(saved)}.` : `Added ${displayName(saved)}.`,
      });
      onClose();
    },
  });

  const errors = fieldErrors(save.error, FIELDS);
  // A taken email (409) is about the Email field.
  if (
    save.error instanceof ApiError &&
    save.error.status === 409 &&
    /email/i.test(save.error.problem.detail)
  ) {
    errors.fields.email = save.error.problem.detail;
    errors.rest = null;
  }

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (save.error) save.reset();
  };
  const text = (field: Field) => ({
    value: values[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(field)(e.currentTarget.value),
    error: errors.fields[field],
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (values.email.trim()) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Email"
          type="email"
          required
          autoComplete="off"
          maxLength={254}
          data-autofocus
          {...text('email')}
        />
        <SimpleGrid cols={2}>
          <TextInput label="First name" maxLength={100} autoComplete="off" {...text('firstName')} />
          <TextInput label="Last name" maxLength={100} autoComplete="off" {...text('lastName')} />
        </SimpleGrid>
        <Select
          label="Department"
          placeholder={departments.isPending ? 'Loading departments…' : 'No department'}
          data={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          value={values.departmentId || null}
          onChange={(value) => set('departmentId')(value ?? '')}
          searchable
          clearable
          nothingFoundMessage="No department with this name"
          error={
            errors.fields.departmentId ?? (departments.error ? 'Departments could not be loaded.' : undefined)
          }
          comboboxProps={{ withinPortal: true }}
        />
        <SimpleGrid cols={3}>
          <TextInput
            label="Language"
            placeholder="e.g. en"
            maxLength={35}
            autoComplete="off"
            {...text('language')}
          />
          <TextInput
            label="Location"
            placeholder="e.g. London"
            maxLength={200}
            autoComplete="off"
            {...text('location')}
          />
          <TextInput
            label="Role"
            placeholder="e.g. Accountant"
            maxLength={100}
            autoComplete="off"
            {...text('role')}
          />
        </SimpleGrid>
        {errors.rest && (
          <Alert color="red" role="alert">
            {errors.rest}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!values.email.trim()}>
            {user ? 'Save changes' : 'Add User'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
