import { Anchor, Badge, Button, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconSchool } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { useReplaceParams } from '../../shared/paging.ts';
import { ENROLLMENT_STATES, groupCourseCountsQuery, groupEnrollmentsCsvUrl } from './trainingApi.ts';

const PARAM = 'training';

const count = (value: number, color?: string) => (
  <Text size="sm" c={value === 0 ? 'dimmed' : color}>
    {value.toLocaleString()}
  </Text>
);

/**
 * A group's training at a glance: a "Training" button for the group page's header that opens a drawer
 * (kept in the address as `training=1`) with, per course its members have, how many are where, and the
 * CSV of every member's courses.
 */
export function GroupTrainingButton({ groupId, groupName }: { groupId: string; groupName: string }) {
  const [params] = useSearchParams();
  const replaceParams = useReplaceParams();
  const opened = params.get(PARAM) === '1';
  const setOpened = (open: boolean) =>
    replaceParams((copy) => (open ? copy.set(PARAM, '1') : copy.delete(PARAM)));
  return (
    <>
      <Button variant="default" leftSection={<IconSchool size={16} />} onClick={() => setOpened(true)}>
        Training
      </Button>
      <Drawer
        opened={opened}
        onClose={() => setOpened(false)}
        position="right"
        size="xl"
        title={<Text fw={600}>Training of “{groupName}”</Text>}
      >
        {opened && <GroupTraining groupId={groupId} />}
      </Drawer>
    </>
  );
}

function GroupTraining({ groupId }: { groupId: string }) {
  const counts = useQuery(groupCourseCountsQuery(groupId));
  if (counts.error) return <ErrorState error={counts.error} onRetry={() => counts.refetch()} />;
  if (!counts.data) return <PageLoader />;
  const rows = counts.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed">
          The courses of the group’s current members, and where they stand.
        </Text>
        <Button
          component="a"
          href={groupEnrollmentsCsvUrl(groupId)}
          download
          size="xs"
          variant="default"
          leftSection={<IconDownload size={14} />}
          style={{ flexShrink: 0 }}
        >
          Export CSV
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Stack align="center" gap={6} py="xl">
          <IconSchool size={28} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text fw={500}>No training yet</Text>
          <Text size="sm" c="dimmed" ta="center">
            Nobody in this group has a course. Assign one from its page under Training → Courses.
          </Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" striped aria-label="Courses of this group’s members">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Course</Table.Th>
                <Table.Th ta="right">Assigned</Table.Th>
                <Table.Th ta="right">{ENROLLMENT_STATES.not_started.label}</Table.Th>
                <Table.Th ta="right">{ENROLLMENT_STATES.in_progress.label}</Table.Th>
                <Table.Th ta="right">{ENROLLMENT_STATES.completed.label}</Table.Th>
                <Table.Th ta="right">{ENROLLMENT_STATES.overdue.label}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.course.id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Anchor component={Link} to={`/training/courses/${row.course.id}`} size="sm">
                        {row.course.title}
                      </Anchor>
                      {row.course.status === 'archived' && (
                        <Badge size="xs" variant="light" color="gray">
                          Archived
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{count(row.assigned)}</Table.Td>
                  <Table.Td ta="right">{count(row.notStarted)}</Table.Td>
                  <Table.Td ta="right">{count(row.inProgress, 'blue')}</Table.Td>
                  <Table.Td ta="right">{count(row.completed, 'green')}</Table.Td>
                  <Table.Td ta="right">{count(row.overdue, 'red')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
