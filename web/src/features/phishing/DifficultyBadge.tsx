import { Badge } from '@mantine/core';
import { DIFFICULTIES, type Difficulty } from './phishingApi.ts';

export function DifficultyBadge({ difficulty }: { difficulty: Difficulty }) {
  const d = DIFFICULTIES.find((x) => x.value === difficulty)!;
  return (
    <Badge variant="light" color={d.color}>
      {d.label}
    </Badge>
  );
}
