import { Alert, Button, Modal, Group as Row, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import type { Group } from '../../shared/types.ts';
import { groupsQueryKey } from './groupsApi.ts';

/**
 * New Group (no `group`) → Create Group, or Edit (with one) → Save. A duplicate name is the server's
 * 409 message, shown under the field.
 */
export function GroupNameModal(props: { opened: boolean; group?: Group | null; onClose: () => void }) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.group ? `Edit “${props.group.name}”` : 'New Group'}
    >
      {/* Mounted only while open, so each opening starts from the group's current name. */}
      {props.opened && <NameForm group={props.group ?? null} onClose={props.onClose} />}
    </Modal>
  );
}

function NameForm({ group, onClose }: { group: Group | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(group?.name ?? '');
  const save = useMutation({
    mutationFn: () =>
      group
        ? api<Group>(`/groups/${group.id}`, { method: 'PATCH', body: { name } })
        : api<Group>('/groups', { method: 'POST', body: { name } }),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: groupsQueryKey });
      notifications.show({
        color: 'green',
        message: group ? `Renamed “${group.name}” to “${saved.name}”.` : `Created the group “${saved.name}”.`,
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
          label="Group name"
          description={group ? undefined : 'For example a language, a location or a risk level.'}
          placeholder="e.g. London Office"
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
        <Row justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={save.isPending}
            disabled={!name.trim() || (group !== null && name.trim() === group.name)}
          >
            {group ? 'Save' : 'Create Group'}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
