import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from './api.ts';
import { fieldErrors } from './formErrors.ts';

export interface NameDialogProps<T extends { name: string }> {
  opened: boolean;
  onClose: () => void;
  title: string;
  label: string;
  placeholder: string;
  description?: string;
  /** The current name when renaming; null when creating. */
  currentName: string | null;
  submitLabel: string;
  save: (name: string) => Promise<T>;
  onSaved: (saved: T) => void;
}

/**
 * Create or rename something that only has a name (a department, a group): a duplicate (409) or
 * invalid name (400) is the server's message under the field, anything else above the buttons.
 */
export function NameDialog<T extends { name: string }>(props: NameDialogProps<T>) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      {/* Mounted only while open, so each opening starts from the current name. */}
      {props.opened && <NameForm {...props} />}
    </Modal>
  );
}

function NameForm<T extends { name: string }>(props: NameDialogProps<T>) {
  const [name, setName] = useState(props.currentName ?? '');
  const save = useMutation({
    mutationFn: () => props.save(name),
    onSuccess: (saved) => {
      props.onSaved(saved);
      props.onClose();
    },
  });

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
          label={props.label}
          description={props.description}
          placeholder={props.placeholder}
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
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={save.isPending}
            disabled={!name.trim() || (props.currentName !== null && name.trim() === props.currentName)}
          >
            {props.submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
