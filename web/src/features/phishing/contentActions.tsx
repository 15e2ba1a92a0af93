/**
 * What the phishing lists and editors can do to a template or landing page: clone it (and open the
 * copy in its editor), archive or restore it after a confirmation.
 */
import { Badge, Button, Group, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconCopy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../shared/api.ts';
import {
  type ContentKind,
  cloneContent,
  landingPageDetailQuery,
  phishingQueryKey,
  setContentArchived,
  templateDetailQuery,
} from './phishingApi.ts';

interface ContentRef {
  id: string;
  name: string;
}

const NOUN: Record<ContentKind, string> = { template: 'template', 'landing-page': 'landing page' };
const EDITOR: Record<ContentKind, string> = {
  template: '/phishing/templates',
  'landing-page': '/phishing/landing-pages',
};

function detailKey(kind: ContentKind, id: string) {
  return kind === 'template' ? templateDetailQuery(id).queryKey : landingPageDetailQuery(id).queryKey;
}

/** Clones a template or landing page and opens the copy in the editor. */
export function useCloneContent(kind: ContentKind) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (item: ContentRef) => cloneContent<ContentRef>(kind, item.id),
    onSuccess: (copy) => {
      queryClient.invalidateQueries({ queryKey: phishingQueryKey });
      queryClient.setQueryData(detailKey(kind, copy.id), copy as never);
      notifications.show({ color: 'green', message: `Created “${copy.name}”: your own copy to edit.` });
      navigate(`${EDITOR[kind]}/${copy.id}`);
    },
    onError: (error, item) =>
      notifications.show({
        color: 'red',
        title: `Could not clone “${item.name}”`,
        message: errorMessage(error),
      }),
  });
}

/** Archive and Restore, each asking first. */
export function useArchiveContent(kind: ContentKind) {
  const queryClient = useQueryClient();
  const noun = NOUN[kind];
  const change = useMutation({
    mutationFn: ({ item, archive }: { item: ContentRef; archive: boolean }) =>
      setContentArchived<ContentRef>(kind, item.id, archive),
    onSuccess: (updated, { item, archive }) => {
      queryClient.invalidateQueries({ queryKey: phishingQueryKey });
      queryClient.setQueryData(detailKey(kind, updated.id), updated as never);
      notifications.show({
        color: 'green',
        message: archive ? `Archived “${item.name}”.` : `Restored “${item.name}”.`,
      });
    },
    onError: (error, { item, archive }) =>
      notifications.show({
        color: 'red',
        title: `Could not ${archive ? 'archive' : 'restore'} “${item.name}”`,
        message: errorMessage(error),
      }),
  });

  function confirmArchive(item: ContentRef) {
    modals.openConfirmModal({
      title: `Archive “${item.name}”?`,
      children: (
        <Text size="sm">
          The {noun} is no longer offered for new campaigns. Nothing is deleted, and you can restore it at any
          time.
        </Text>
      ),
      labels: { confirm: `Archive ${noun}`, cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => change.mutate({ item, archive: true }),
    });
  }

  function confirmRestore(item: ContentRef) {
    modals.openConfirmModal({
      title: `Restore “${item.name}”?`,
      children: <Text size="sm">The {noun} can be used in new campaigns again.</Text>,
      labels: { confirm: `Restore ${noun}`, cancel: 'Cancel' },
      onConfirm: () => change.mutate({ item, archive: false }),
    });
  }

  return { change, confirmArchive, confirmRestore };
}

/** An editor's Built-in and Archived badges, beside its title. */
export function ContentBadges({
  item,
}: {
  item: { builtIn: boolean; status: 'active' | 'archived' } | null;
}) {
  return (
    <>
      {item?.builtIn && (
        <Badge variant="light" color="indigo">
          Built-in
        </Badge>
      )}
      {item?.status === 'archived' && (
        <Badge variant="light" color="gray">
          Archived
        </Badge>
      )}
    </>
  );
}

/** An editor's Clone, then Archive or Restore buttons, beside its title. */
export function ContentEditorActions({
  kind,
  item,
}: {
  kind: ContentKind;
  item: ContentRef & { status: 'active' | 'archived' };
}) {
  const clone = useCloneContent(kind);
  const { confirmArchive, confirmRestore } = useArchiveContent(kind);
  return (
    <Group gap="xs">
      <Button
        variant="default"
        leftSection={<IconCopy size={16} />}
        loading={clone.isPending}
        onClick={() => clone.mutate(item)}
      >
        Clone
      </Button>
      {item.status === 'active' ? (
        <Button
          variant="default"
          color="red"
          leftSection={<IconArchive size={16} />}
          onClick={() => confirmArchive(item)}
        >
          Archive
        </Button>
      ) : (
        <Button
          variant="default"
          leftSection={<IconArchiveOff size={16} />}
          onClick={() => confirmRestore(item)}
        >
          Restore
        </Button>
      )}
    </Group>
  );
}
