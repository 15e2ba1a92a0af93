import { Anchor, Badge, Center, Loader, Table, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../shared/dates.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import { ENROLLMENT_STATES, enrollmentState, userEnrollmentsQuery } from './trainingApi.ts';

/**
 * The Edit user dialog's two tabs: its form ("Details", the children) and the user's courses
 * ("Training": status, score, due date), loaded when the tab is opened.
 */
export function UserTrainingTabs({ userId, children }: { userId: string; children: ReactNode }) {
  const [tab, setTab] = useState<string | null>('details');
  return (
    <Tabs value={tab} onChange={setTab}>
      <Tabs.List mb="md">
        <Tabs.Tab value="details">Details</Tabs.Tab>
        <Tabs.Tab value="training">Training</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="details">{children}</Tabs.Panel>
      <Tabs.Panel value="training">{tab === 'training' && <UserTraining userId={userId} />}</Tabs.Panel>
    </Tabs>
  );
}

function UserTraining({ userId }: { userId: string }) {
  const enrollments = useQuery(userEnrollmentsQuery(userId));
  if (enrollments.error)
    return <ErrorState error={enrollments.error} onRetry={() => enrollments.refetch()} />;
  if (!enrollments.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the user’s courses" />
      </Center>
    );
  }
  const rows = enrollments.data.data;
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md">
        No courses assigned to this user yet.
      </Text>
    );
  }
  return (
    <>
      <Table verticalSpacing="xs" aria-label="The user’s courses">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Course</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Score</Table.Th>
            <Table.Th>Due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => {
            const state = ENROLLMENT_STATES[enrollmentState(e)];
            return (
              <Table.Tr key={e.course.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/training/courses/${e.course.id}`} size="sm">
                    {e.course.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={state.color}>
                    {state.label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{e.score === null ? <Text c="dimmed">—</Text> : `${e.score}%`}</Table.Td>
                <Table.Td>
                  <span title={formatDateTime(e.dueAt)}>{formatDate(e.dueAt)}</span>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {enrollments.data.nextCursor && (
        <Text size="xs" c="dimmed" mt="xs">
          The first {rows.length} of this user’s courses.
        </Text>
      )}
    </>
  );
}
