import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPencil, IconPlus, IconSchool } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { Link } from 'react-router';
import { ActionTooltips } from '../../shared/ActionTooltips.tsx';
import { CloneArchiveActions } from '../../shared/CloneArchiveActions.tsx';
import { ErrorState } from '../../shared/PageState.tsx';
import { useUrlParam } from '../../shared/paging.ts';
import { useArchiveCourse, useCloneCourse } from './courseActions.tsx';
import { type Course, type CourseStatusFilter, courseStatusFilter, useCourses } from './trainingApi.ts';

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
  const clone = useCloneCourse();
  const { confirmArchive, confirmRestore } = useArchiveCourse();

  const records = courses.data ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Courses</Title>
          <Text c="dimmed" size="sm">
            Short courses with lessons and a quiz. Open one to assign it to groups and departments and to
            follow who has completed it.
          </Text>
        </div>
        <Button
          component={Link}
          to="/training/courses/new"
          leftSection={<IconPlus size={16} />}
          style={{ flexShrink: 0 }}
        >
          New Course
        </Button>
      </Group>

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
                        <Badge size="xs" variant="light" color="indigo">
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
                width: 130,
                render: (c) => (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    {!c.builtIn && (
                      <ActionIcon
                        component={Link}
                        to={`/training/courses/${c.id}/edit`}
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${c.title}`}
                        data-tooltip="Edit"
                      >
                        <IconPencil size={18} />
                      </ActionIcon>
                    )}
                    <CloneArchiveActions
                      name={c.title}
                      status={c.status}
                      cloning={clone.isPending && clone.variables?.id === c.id}
                      onClone={() => clone.mutate(c)}
                      onArchive={() => confirmArchive(c)}
                      onRestore={() => confirmRestore(c)}
                    />
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
