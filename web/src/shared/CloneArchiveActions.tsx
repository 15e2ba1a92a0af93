import { ActionIcon } from '@mantine/core';
import { IconArchive, IconArchiveOff, IconCopy } from '@tabler/icons-react';

/**
 * The row actions of a library of content that is built-in or own and can be archived (courses,
 * phishing templates, landing pages): Clone, then Archive or Restore. Tooltips come from the
 * table's ActionTooltips (`data-tooltip`).
 */
export function CloneArchiveActions(props: {
  name: string;
  status: 'active' | 'archived';
  cloning: boolean;
  onClone: () => void;
  onArchive: () => void;
  onRestore: () => void;
}) {
  return (
    <>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Clone ${props.name}`}
        data-tooltip="Clone: make your own editable copy"
        loading={props.cloning}
        onClick={props.onClone}
      >
        <IconCopy size={18} />
      </ActionIcon>
      {props.status === 'active' ? (
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Archive ${props.name}`}
          data-tooltip="Archive"
          onClick={props.onArchive}
        >
          <IconArchive size={18} />
        </ActionIcon>
      ) : (
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Restore ${props.name}`}
          data-tooltip="Restore"
          onClick={props.onRestore}
        >
          <IconArchiveOff size={18} />
        </ActionIcon>
      )}
    </>
  );
}
