import { Badge, Tooltip } from '@mantine/core';
import { type GroupKind, KINDS } from './groupsApi.ts';

/** custom / phished / smart / synced, with what the kind means on hover or focus. */
export function GroupKindBadge({ kind, size = 'sm' }: { kind: GroupKind; size?: 'sm' | 'md' | 'lg' }) {
  const { label, color, description } = KINDS[kind];
  return (
    <Tooltip label={description} withArrow openDelay={300}>
      <Badge color={color} variant="light" size={size} tt="none">
        {label}
      </Badge>
    </Tooltip>
  );
}
