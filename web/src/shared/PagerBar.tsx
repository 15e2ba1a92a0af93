import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';

/** Previous / next for keyset pages: there is no "page 7 of 2,000" jump, by design (it would need OFFSET). */
export function PagerBar(props: {
  pageNumber: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  label?: string;
}) {
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">
        {props.label ?? `Page ${props.pageNumber}`}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconChevronLeft size={14} />}
          disabled={!props.hasPrevious}
          onClick={props.onPrevious}
        >
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          rightSection={<IconChevronRight size={14} />}
          disabled={!props.nextCursor}
          onClick={() => props.nextCursor && props.onNext(props.nextCursor)}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
