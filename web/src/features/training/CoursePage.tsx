import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconArchive,
  IconArchiveOff,
  IconArrowLeft,
  IconCopy,
  IconDownload,
  IconPencil,
  IconSchool,
  IconUserPlus,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/dates.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { useCursorPaging, useUrlParam } from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import { useUrlDialog } from '../../shared/urlDialog.ts';
import { LessonMarkdown } from '../learn/LessonMarkdown.tsx';
import { AssignCourseModal } from './AssignCourseModal.tsx';
import { useArchiveCourse, useCloneCourse } from './courseActions.tsx';
import {
  type CourseDetail,
  courseDetailQuery,
  courseEnrollmentsCsvUrl,
  ENROLLMENT_FILTERS,
  ENROLLMENT_STATES,
  type Enrollment,
  enrollmentListParams,
  enrollmentState,
  useEnrollmentPage,
} from './trainingApi.ts';

export default function CoursePage() {
  const { courseId = '' } = useParams();
  const course = useQuery(courseDetailQuery(courseId));

  if (course.error) {
    const missing =
      course.error instanceof ApiError && (course.error.status === 404 || course.error.status === 400);
    return (
      <Stack gap="md" maw={640}>
        <Anchor component={Link} to="/training" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} aria-hidden /> Courses
          </Group>
        </Anchor>
        {missing ? (
          <Alert color="yellow" title="This course does not exist" role="alert">
            The link may be incomplete. Pick a course from the Courses list.
          </Alert>
        ) : (
          <ErrorState error={course.error} onRetry={() => course.refetch()} />
        )}
      </Stack>
    );
  }
  if (!course.data) return <PageLoader />;
  return <CourseOverview course={course.data} />;
}

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={value === 0 ? 'dimmed' : color}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

function CourseOverview({ course }: { course: CourseDetail }) {
  const urlDialog = useUrlDialog('course');
  const clone = useCloneCourse();
  const status = useArchiveCourse();
  const archived = course.status === 'archived';
  const counts = course.enrollments;

  return (
    <Stack gap="lg">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/training" size="sm">
          Courses
        </Anchor>
        <Text size="sm" c="dimmed" truncate="end" maw={420}>
          {course.title}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6}>
          <Group gap="xs">
            <Title order={2}>{course.title}</Title>
            {course.builtIn && (
              <Badge variant="light" color="indigo">
                Built-in
              </Badge>
            )}
            {archived && (
              <Badge variant="light" color="gray">
                Archived
              </Badge>
            )}
          </Group>
          {course.summary && (
            <Text c="dimmed" size="sm" maw={760}>
              {course.summary}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {course.lessonCount} {course.lessonCount === 1 ? 'lesson' : 'lessons'} · about{' '}
            {course.estimatedMinutes} minutes · {course.questionCount}-question quiz, pass mark{' '}
            {course.passMark}%
            {course.videoUrl && (
              <>
                {' · '}
                <Anchor href={course.videoUrl} target="_blank" rel="noopener noreferrer" size="sm">
                  video
                </Anchor>
              </>
            )}
          </Text>
        </Stack>
        <Group gap="sm" wrap="nowrap">
          {course.builtIn ? (
            <Tooltip label="Built-in courses are read-only: make your own copy to change it" withArrow>
              <Button
                variant="default"
                leftSection={<IconCopy size={16} />}
                loading={clone.isPending}
                onClick={() => clone.mutate(course)}
              >
                Clone
              </Button>
            </Tooltip>
          ) : (
            <Button
              component={Link}
              to={`/training/courses/${course.id}/edit`}
              variant="default"
              leftSection={<IconPencil size={16} />}
            >
              Edit
            </Button>
          )}
          {archived ? (
            <Button
              variant="default"
              leftSection={<IconArchiveOff size={16} />}
              loading={status.change.isPending}
              onClick={() => status.confirmRestore(course)}
            >
              Restore
            </Button>
          ) : (
            <Button
              variant="default"
              color="red"
              leftSection={<IconArchive size={16} />}
              loading={status.change.isPending}
              onClick={() => status.confirmArchive(course)}
            >
              Archive
            </Button>
          )}
          {archived ? (
            <Tooltip label="Archived courses cannot be assigned: restore it first.">
              <Button
                leftSection={<IconUserPlus size={16} />}
                data-disabled
                onClick={(e) => e.preventDefault()}
              >
                Assign
              </Button>
            </Tooltip>
          ) : (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => urlDialog.open('assign')}>
              Assign
            </Button>
          )}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        <Stat label="Assigned" value={counts.assigned} />
        <Stat label="Not started" value={counts.notStarted} />
        <Stat label="In progress" value={counts.inProgress} color="blue" />
        <Stat label="Completed" value={counts.completed} color="green" />
        <Stat label="Overdue" value={counts.overdue} color="red" />
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={4}>Lessons</Title>
        <Accordion variant="separated" multiple>
          {course.lessons.map((lesson, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a course's lessons are a fixed list, in order
            <Accordion.Item key={`${i}-${lesson.title}`} value={String(i)}>
              <Accordion.Control>
                <Text size="sm" fw={500}>
                  {i + 1}. {lesson.title}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <LessonMarkdown markdown={lesson.markdown} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </Stack>

      <Enrollments courseId={course.id} />

      <AssignCourseModal
        course={course}
        opened={urlDialog.dialog === 'assign' && !archived}
        onClose={urlDialog.close}
      />
    </Stack>
  );
}

const fullName = (e: Enrollment) => `${e.user.firstName} ${e.user.lastName}`.trim();

function Enrollments({ courseId }: { courseId: string }) {
  const [params] = useSearchParams();
  const paging = useCursorPaging();
  const [search, setSearch] = useUrlParam('search');
  const [, setStatus] = useUrlParam('status');
  const listParams = enrollmentListParams(params);
  const enrollments = useEnrollmentPage(courseId, listParams);
  const records = enrollments.data?.data ?? [];
  const filtered = Boolean(listParams.search || listParams.status);

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="sm">
        <Title order={4}>People</Title>
        <Button
          component="a"
          href={courseEnrollmentsCsvUrl(courseId)}
          download
          size="xs"
          variant="default"
          leftSection={<IconDownload size={14} />}
        >
          Export CSV
        </Button>
      </Group>
      <Group gap="sm" wrap="wrap">
        <SearchBox
          label="Search people"
          placeholder="Search by name or email"
          value={search}
          onSearch={setSearch}
          style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
        />
        <Select
          aria-label="Status"
          placeholder="Any status"
          data={ENROLLMENT_FILTERS}
          value={listParams.status ?? null}
          onChange={(value) => setStatus(value)}
          clearable
          w={200}
        />
      </Group>
      {enrollments.error ? (
        <ErrorState error={enrollments.error} onRetry={() => enrollments.refetch()} />
      ) : (
        <>
          <DataTable<Enrollment>
            aria-label="People with this course"
            withTableBorder
            borderRadius="md"
            highlightOnHover
            verticalAlign="center"
            minHeight={records.length === 0 ? 220 : undefined}
            fetching={enrollments.isFetching}
            records={records}
            idAccessor={(e) => e.user.id}
            noRecordsIcon={<IconSchool size={28} stroke={1.5} />}
            noRecordsText={
              enrollments.isPending
                ? ''
                : filtered
                  ? 'Nobody with this course matches these filters.'
                  : 'Nobody has this course yet. Assign it to groups or departments.'
            }
            columns={[
              {
                accessor: 'name',
                title: 'Name',
                render: (e) => (
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {fullName(e) || '—'}
                    </Text>
                    {e.user.status === 'disabled' && (
                      <Badge size="xs" variant="outline" color="gray">
                        Disabled
                      </Badge>
                    )}
                  </Group>
                ),
              },
              { accessor: 'email', title: 'Email', ellipsis: true, render: (e) => e.user.email },
              {
                accessor: 'department',
                title: 'Department',
                render: (e) => e.user.department ?? <Text c="dimmed">—</Text>,
              },
              {
                accessor: 'status',
                title: 'Status',
                width: 130,
                render: (e) => {
                  const state = ENROLLMENT_STATES[enrollmentState(e)];
                  return (
                    <Badge variant="light" color={state.color}>
                      {state.label}
                    </Badge>
                  );
                },
              },
              {
                accessor: 'dueAt',
                title: 'Due',
                noWrap: true,
                render: (e) => <span title={formatDateTime(e.dueAt)}>{formatDate(e.dueAt)}</span>,
              },
              {
                accessor: 'score',
                title: 'Score',
                textAlign: 'right',
                width: 80,
                render: (e) => (e.score === null ? <Text c="dimmed">—</Text> : `${e.score}%`),
              },
              {
                accessor: 'completedAt',
                title: 'Completed',
                noWrap: true,
                render: (e) => (e.completedAt ? formatDate(e.completedAt) : <Text c="dimmed">—</Text>),
              },
            ]}
          />
          {(paging.hasPrevious || enrollments.data?.nextCursor) && (
            <PagerBar
              pageNumber={paging.pageNumber}
              hasPrevious={paging.hasPrevious}
              nextCursor={enrollments.data?.nextCursor}
              onPrevious={paging.previous}
              onNext={paging.next}
            />
          )}
        </>
      )}
    </Stack>
  );
}
