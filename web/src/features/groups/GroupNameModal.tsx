import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import { NameDialog } from '../../shared/NameDialog.tsx';
import type { Group } from '../../shared/types.ts';
import { groupsQueryKey } from './groupsApi.ts';

/** New Group (no `group`) → Create Group, or Edit (with one) → Save. */
export function GroupNameModal({
  opened,
  group,
  onClose,
}: {
  opened: boolean;
  group?: Group | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  return (
    <NameDialog<Group>
      opened={opened}
      onClose={onClose}
      title={group ? `Edit “${group.name}”` : 'New Group'}
      label="Group name"
      description={group ? undefined : 'For example a language, a location or a risk level.'}
      placeholder="e.g. London Office"
      currentName={group?.name ?? null}
      submitLabel={group ? 'Save' : 'Create Group'}
      save={(name) =>
        group
          ? api<Group>(`/groups/${group.id}`, { method: 'PATCH', body: { name } })
          : api<Group>('/groups', { method: 'POST', body: { name } })
      }
      onSaved={(saved) => {
        queryClient.invalidateQueries({ queryKey: groupsQueryKey });
        notifications.show({
          color: 'green',
          message: group
            ? `Renamed “${group.name}” to “${saved.name}”.`
            : `Created the group “${saved.name}”.`,
        });
      }}
    />
  );
}
