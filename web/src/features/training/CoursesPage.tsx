import {
  ActionIcon,
  Anchor,
  Badge,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconCopy, IconSchool } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { Link, useNavigate } from 'react-router';
import { ActionTooltips } from '../../shared/ActionTooltips.tsx';
import { api, errorMessage } from '../../shared/api.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import { useUrlParam } from '../../shared/paging.ts';
import {
  type Course,
  type CourseStatusFilter,
  courseStatusFilter,
  trainingQueryKey,
  useCourses,
} from './trainingApi.ts';

const count = (value: number, color?: string) => (
  <Text size="sm" c={value === 0 ? 'dimmed' : color}>
    {value.toLocaleString()}
  </Text>
);

/** Training → Courses: the catalog, built-in and the organization's own, with how each is doing. */
export default function CoursesPage() {
  const [statusParam, setStatus] = useUrlParam('status', 'active');
  const status = courseStatusFilter(statusParam);
  const courses = useCourses(status);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const clone = useMutation({
    mutationFn: (course: Course) => api<Course>(`/courses/${course.id}/clone`, { method: 'POST' }),
    onSuccess: (copy) => {
      queryClient.invalidateQueries({ queryKey: trainingQueryKey });
      notifications.show({ color: 'green', message: `Created “${copy.title}”.` });
      navigate(`/training/courses/${copy.id}`);
    },
    onError: (error, course) =>
      notifications.show({
        color: 'red',
        title: `Could not clone “${course.title}”`,
        message: errorMessage(error),
      }),
  });

  const changeStatus = useMutation({
    mutationFn: ({ course, change }: { course: Course; change: 'archive' | 'restore' }) =>
      api<Course>(`/courses/${course.id}/${change}`, { method: 'POST' }),
    onSuccess: (_result, { course, change }) => {
      queryClient.invalidateQueries({ queryKey: trainingQueryKey });
      notifications.show({
        color: 'green',
        message: change === 'archive' ? `Archived “${course.title}”.` : `Restored “${course.title}”.`,
      });
    },
    onError: (error, { course, change }) =>
      notifications.show({
        color: 'red',
        title: `Could not ${change} “${course.title}”`,
        message: errorMessage(error),
      }),
  });

  function confirmArchive(course: Course) {
    const pending = course.enrollments.assigned - course.enrollments.completed;
    modals.openConfirmModal({
      title: `Archive “${course.title}”?`,
      children: (
        <Text size="sm">
          It leaves the catalog and can no longer be assigned.{' '}
          {pending > 0
            ? `The ${pending.toLocaleString()} people who have it and have not finished can still complete it.`
            : 'Nobody has it pending.'}{' '}
          You can restore it at any time.
        </Text>
      ),
      labels: { confirm: 'Archive course', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => changeStatus.mutate({ course, change: 'archive' }),
    });
  }

  function confirmRestore(course: Course) {
    modals.openConfirmModal({
      title: `Restore “${course.title}”?`,
      children: <Text size="sm">It comes back into the catalog and can be assigned again.</Text>,
      labels: { confirm: 'Restore course', cancel: 'Cancel' },
      onConfirm: () => changeStatus.mutate({ course, change: 'restore' }),
    });
  }

  const records = courses.data ?? [];

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Courses</Title>
        <Text c="dimmed" size="sm">
          Short courses with lessons and a quiz. Open one to assign it to groups and departments and to follow
          who has completed it.
        </Text>
      </div>

      <SegmentedControl
        aria-label="Show courses"
        value={status}
        onChange={(value) => setStatus(value as CourseStatusFilter)}
        data={[
          { value: 'active', label: 'Active' },
          { value: 'archived', label: 'Archived' },
          { value: 'all', label: 'All' },
        ]}
        w="fit-content"
      />

      {courses.error ? (
        <ErrorState error={courses.error} onRetry={() => courses.refetch()} />
      ) : (
        <ActionTooltips>
          <DataTable<Course>
            aria-label="Courses"
            withTableBorder
            borderRadius="md"
            highlightOnHover
            verticalAlign="center"
            minHeight={courses.isPending || records.length === 0 ? 240 : undefined}
            fetching={courses.isFetching}
            records={records}
            idAccessor="id"
            noRecordsIcon={<IconSchool size={28} stroke={1.5} />}
            noRecordsText={
              courses.isPending ? '' : status === 'archived' ? 'No archived courses.' : 'No courses here.'
            }
            columns={[
              {
                accessor: 'title',
                title: 'Course',
                render: (c) => (
                  <Stack gap={2}>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/training/courses/${c.id}`} size="sm" fw={500}>
                        {c.title}
                      </Anchor>
                      {c.builtIn && (
                        <Badge size="xs" variant="light" color="indigo" style={{ flexShrink: 0 }}>
                          Built-in
                        </Badge>
                      )}
                    </Group>
                    {c.summary && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {c.summary}
                      </Text>
                    )}
                  </Stack>
                ),
              },
              { accessor: 'lessonCount', title: 'Lessons', textAlign: 'right', width: 90 },
              {
                accessor: 'estimatedMinutes',
                title: 'Minutes',
                textAlign: 'right',
                width: 90,
              },
              {
                accessor: 'assigned',
                title: 'Assigned',
                textAlign: 'right',
                width: 100,
                render: (c) => count(c.enrollments.assigned),
              },
              {
                accessor: 'completed',
                title: 'Completed',
                textAlign: 'right',
                width: 110,
                render: (c) => count(c.enrollments.completed, 'green'),
              },
              {
                accessor: 'overdue',
                title: 'Overdue',
                textAlign: 'right',
                width: 100,
                render: (c) => count(c.enrollments.overdue, 'red'),
              },
              {
                accessor: 'status',
                title: 'Status',
                width: 110,
                render: (c) =>
                  c.status === 'active' ? (
                    <Badge variant="light" color="green">
                      Active
                    </Badge>
                  ) : (
                    <Badge variant="light" color="gray">
                      Archived
                    </Badge>
                  ),
              },
              {
                accessor: 'actions',
                title: <VisuallyHidden>Actions</VisuallyHidden>,
                textAlign: 'right',
                width: 100,
                render: (c) => (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Clone ${c.title}`}
                      data-tooltip="Clone: make your own editable copy"
                      loading={clone.isPending && clone.variables?.id === c.id}
                      onClick={() => clone.mutate(c)}
                    >
                      <IconCopy size={18} />
                    </ActionIcon>
                    {c.status === 'active' ? (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Archive ${c.title}`}
                        data-tooltip="Archive"
                        onClick={() => confirmArchive(c)}
                      >
                        <IconArchive size={18} />
                      </ActionIcon>
                    ) : (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Restore ${c.title}`}
                        data-tooltip="Restore"
                        onClick={() => confirmRestore(c)}
                      >
                        <IconArchiveOff size={18} />
                      </ActionIcon>
                    )}
                  </Group>
                ),
              },
            ]}
          />
        </ActionTooltips>
      )}
    </Stack>
  );
}
