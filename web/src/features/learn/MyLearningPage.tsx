import { Badge, Button, EmptyState, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconCalendarDue, IconCircleCheck, IconClock, IconMoodSmile } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDate } from '../../shared/dates.ts';
import { PageLoader } from '../../shared/PageState.tsx';
import type { Task } from '../../shared/types.ts';
import { LearnQueryError, LearnShell } from './LearnShell.tsx';
import { learnerQuery, tasksQuery } from './learnApi.ts';

const lessonsDone = (task: Task) => {
  const { lessonCount } = task.course;
  const read = Math.min(task.lessonsCompleted, lessonCount);
  if (read >= lessonCount && lessonCount > 0) return `All ${lessonCount} lessons read: the quiz is next`;
  return `${read} of ${lessonCount} ${lessonCount === 1 ? 'lesson' : 'lessons'}`;
};

function PendingCourse({ task }: { task: Task }) {
  const { course } = task;
  const started = task.status === 'in_progress';
  const percent =
    course.lessonCount > 0
      ? (Math.min(task.lessonsCompleted, course.lessonCount) / course.lessonCount) * 100
      : 0;
  const action = started ? 'Continue' : 'Start';
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="article"
      aria-labelledby={`course-${course.id}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Title order={3} size="h4" id={`course-${course.id}`}>
            {course.title}
          </Title>
          {task.overdue ? (
            <Badge color="red" variant="filled">
              Overdue
            </Badge>
          ) : (
            started && (
              <Badge color="indigo" variant="light">
                In progress
              </Badge>
            )
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {course.summary}
        </Text>
        <Group gap="lg" style={{ rowGap: 4 }}>
          <Group gap={6} wrap="nowrap">
            <IconCalendarDue
              size={16}
              aria-hidden
              color={task.overdue ? 'var(--mantine-color-red-7)' : undefined}
            />
            <Text size="sm" c={task.overdue ? 'red.7' : undefined} fw={task.overdue ? 600 : undefined}>
              {task.overdue ? 'Was due' : 'Due'} {formatDate(task.dueAt)}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <IconClock size={16} aria-hidden />
            <Text size="sm">About {course.estimatedMinutes} min</Text>
          </Group>
        </Group>
        <Group justify="space-between" align="flex-end" gap="md">
          <Stack gap={4} style={{ flex: '1 1 200px' }} maw={360}>
            <Text size="sm">{lessonsDone(task)}</Text>
            <Progress value={percent} size="sm" aria-label={`${course.title}: lessons read`} />
          </Stack>
          <Button
            component={Link}
            to={`/learn/courses/${course.id}`}
            aria-label={`${action} ${course.title}`}
          >
            {action}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function CompletedCourse({ task }: { task: Task }) {
  const { course } = task;
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="article"
      aria-labelledby={`course-${course.id}`}
    >
      <Group justify="space-between" align="center" gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 260px' }}>
          <IconCircleCheck
            size={22}
            color="var(--mantine-color-teal-7)"
            aria-hidden
            style={{ flexShrink: 0 }}
          />
          <Stack gap={2}>
            <Title order={3} size="h5" id={`course-${course.id}`}>
              {course.title}
            </Title>
            <Text size="sm" c="dimmed">
              Score {task.score ?? '—'}% · Completed {formatDate(task.completedAt)}
            </Text>
          </Stack>
        </Group>
        <Button
          variant="default"
          size="sm"
          component={Link}
          to={`/learn/courses/${course.id}`}
          aria-label={`Review ${course.title}`}
        >
          Review
        </Button>
      </Group>
    </Paper>
  );
}

/** /learn, "My Learning": the courses to do (soonest due first), then those done (latest first). */
export default function MyLearningPage() {
  const learner = useQuery(learnerQuery);
  const tasks = useQuery(tasksQuery);
  const pending = tasks.data?.pending ?? [];
  const completed = tasks.data?.completed ?? [];

  return (
    <LearnShell title="My Learning">
      <Stack gap="xl">
        <div>
          <Title order={1}>My Learning</Title>
          <Text c="dimmed" mt={4}>
            {learner.data?.user.firstName ? `Hello ${learner.data.user.firstName}. ` : ''}
            These are the courses {learner.data?.organization.name ?? 'your organization'} has asked you to
            take.
          </Text>
        </div>
        {tasks.isPending ? (
          <PageLoader />
        ) : tasks.error ? (
          <LearnQueryError error={tasks.error} onRetry={() => tasks.refetch()} />
        ) : (
          <>
            <Stack gap="md" component="section" aria-labelledby="learn-pending">
              <Title order={2} size="h3" id="learn-pending">
                To do
              </Title>
              {pending.length === 0 ? (
                <Paper withBorder p="xl">
                  <EmptyState
                    icon={<IconMoodSmile size={28} aria-hidden />}
                    withIndicatorBackground
                    title="Nothing to do right now"
                    description={
                      completed.length > 0
                        ? 'You have completed all your training. New courses assigned to you will show up here.'
                        : 'No training has been assigned to you yet. When it is, it will show up here and you will get an email.'
                    }
                  />
                </Paper>
              ) : (
                pending.map((task) => <PendingCourse key={task.course.id} task={task} />)
              )}
            </Stack>
            {completed.length > 0 && (
              <Stack gap="sm" component="section" aria-labelledby="learn-completed">
                <Title order={2} size="h3" id="learn-completed">
                  Completed
                </Title>
                {completed.map((task) => (
                  <CompletedCourse key={task.course.id} task={task} />
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </LearnShell>
  );
}
