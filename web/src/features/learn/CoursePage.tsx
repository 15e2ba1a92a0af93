import { Alert, Anchor, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconExternalLink, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../shared/api.ts';
import { formatDate } from '../../shared/dates.ts';
import { PageLoader } from '../../shared/PageState.tsx';
import type { LearnerCourse, Task } from '../../shared/types.ts';
import { LearnQueryError, LearnShell } from './LearnShell.tsx';
import { LessonMarkdown } from './LessonMarkdown.tsx';
import { courseQuery, isSignedOut, tasksQuery } from './learnApi.ts';
import { QuizStep } from './QuizStep.tsx';
import { useSignInAgain } from './useSignInAgain.ts';

/** Where the learner is in a course: a lesson (1-based) or the quiz. */
type Step = { kind: 'lesson'; lesson: number } | { kind: 'quiz' };

/** Where the learner left off: the first unread lesson, the quiz once all are read; a completed course from the start. */
function resumeStep(course: LearnerCourse): Step {
  const count = course.lessons.length;
  const read = Math.min(course.task.lessonsCompleted, count);
  if (course.task.status === 'completed' && count > 0) return { kind: 'lesson', lesson: 1 };
  return read >= count ? { kind: 'quiz' } : { kind: 'lesson', lesson: read + 1 };
}

/**
 * The step the address asks for (`?lesson=2`, `?step=quiz`), or else `resume`; never past the first
 * unread lesson, and the quiz only once every lesson is read (the server refuses it before).
 */
function currentStep(course: LearnerCourse, params: URLSearchParams, resume: Step): Step {
  const count = course.lessons.length;
  const read = Math.min(course.task.lessonsCompleted, count);
  const allRead = read >= count;
  const furthest = Math.min(read + 1, count);
  const asked = Number.parseInt(params.get('lesson') ?? '', 10);
  const wanted: Step =
    params.get('step') === 'quiz'
      ? { kind: 'quiz' }
      : Number.isInteger(asked) && asked >= 1
        ? { kind: 'lesson', lesson: asked }
        : resume;
  if (wanted.kind === 'quiz') return allRead ? wanted : { kind: 'lesson', lesson: furthest };
  return count === 0 ? { kind: 'quiz' } : { kind: 'lesson', lesson: Math.min(wanted.lesson, furthest) };
}

const isWebLink = (url: string) => /^https?:\/\//i.test(url);

function CourseNotFound({ error }: { error: unknown }) {
  return (
    <Alert color="yellow" title="This course is not in your training" role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {error instanceof ApiError && error.status === 404
            ? 'It may have been withdrawn, or the link belongs to someone else. Your courses are listed in My Learning.'
            : errorMessage(error)}
        </Text>
        <Button component={Link} to="/learn" size="xs" variant="white" color="yellow.9">
          Go to My Learning
        </Button>
      </Stack>
    </Alert>
  );
}

/** /learn/courses/:courseId: the lessons one at a time, then the quiz, then the completion page. */
export default function CoursePage() {
  const { courseId = '' } = useParams();
  const course = useQuery(courseQuery(courseId));
  const notFound = course.error instanceof ApiError && [400, 404].includes(course.error.status);

  return (
    <LearnShell title={course.data?.title ?? 'Course'}>
      {course.isPending ? (
        <PageLoader />
      ) : course.error ? (
        notFound ? (
          <CourseNotFound error={course.error} />
        ) : (
          <LearnQueryError error={course.error} onRetry={() => course.refetch()} />
        )
      ) : (
        <CourseSteps course={course.data} />
      )}
    </LearnShell>
  );
}

function CourseSteps({ course }: { course: LearnerCourse }) {
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const signInAgain = useSignInAgain();
  // Where to resume is decided when the page opens: passing the quiz must not move the learner away.
  const [resume] = useState(() => resumeStep(course));
  // Said when the page opens on a completed course, not the moment the quiz completes it.
  const [completedBefore] = useState(course.task.status === 'completed');
  const step = currentStep(course, params, resume);
  const count = course.lessons.length;
  const stepKey = step.kind === 'quiz' ? 'quiz' : `lesson-${step.lesson}`;

  // A new step starts at its top, with the keyboard and screen reader focus on its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(stepKey);
  useEffect(() => {
    if (shownStep.current === stepKey) return;
    shownStep.current = stepKey;
    window.scrollTo({ top: 0 });
    heading.current?.focus({ preventScroll: true });
  }, [stepKey]);

  /** The server's answer about this course (progress, a quiz result) replaces what the page shows. */
  const updateTask = (task: Task) => {
    queryClient.setQueryData(courseQuery(course.id).queryKey, (old) => (old ? { ...old, task } : old));
    void queryClient.invalidateQueries({ queryKey: tasksQuery.queryKey });
  };

  const progress = useMutation({
    mutationFn: (lessonsCompleted: number) =>
      api<Task>(`/learn/courses/${course.id}/progress`, { method: 'POST', body: { lessonsCompleted } }),
    onError: (error) => {
      if (isSignedOut(error)) signInAgain();
    },
  });

  const goTo = (next: Step) =>
    setParams(next.kind === 'quiz' ? { step: 'quiz' } : { lesson: String(next.lesson) });

  function nextFrom(lesson: number) {
    const target: Step = lesson >= count ? { kind: 'quiz' } : { kind: 'lesson', lesson: lesson + 1 };
    // Reading a lesson again (or a completed course) records nothing new.
    if (course.task.lessonsCompleted >= lesson) {
      goTo(target);
      return;
    }
    progress.mutate(lesson, {
      onSuccess: (task) => {
        updateTask(task);
        goTo(target);
      },
    });
  }

  const position = step.kind === 'quiz' ? count + 1 : step.lesson;
  const positionLabel = step.kind === 'quiz' ? 'Quiz' : `Lesson ${step.lesson} of ${count}`;

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Anchor component={Link} to="/learn" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            My Learning
          </Group>
        </Anchor>
        <Title order={1} size="h2">
          {course.title}
        </Title>
        <Text size="sm" c="dimmed">
          About {course.estimatedMinutes} min · {count} {count === 1 ? 'lesson' : 'lessons'} and a quiz · pass
          mark {course.passMark}%
          {course.task.status !== 'completed' && ` · due ${formatDate(course.task.dueAt)}`}
        </Text>
        {completedBefore && (
          <Alert color="teal" variant="light" py="xs">
            You completed this course on {formatDate(course.task.completedAt)} with a score of{' '}
            {course.task.score}%. You can read it again or retake the quiz at any time.
          </Alert>
        )}
        {course.videoUrl && isWebLink(course.videoUrl) && (
          <Anchor href={course.videoUrl} target="_blank" rel="noopener noreferrer" size="sm">
            <Group gap={6} component="span">
              <IconPlayerPlay size={16} aria-hidden />
              Watch the course video
              <IconExternalLink size={14} aria-label="(opens in a new tab)" />
            </Group>
          </Anchor>
        )}
        <Stack gap={4} mt="xs">
          <Text size="sm" fw={600}>
            {positionLabel}
          </Text>
          <Progress
            value={(position / (count + 1)) * 100}
            size="sm"
            aria-label={`Where you are in the course: ${positionLabel}`}
          />
        </Stack>
      </Stack>

      {step.kind === 'lesson' && count > 0 ? (
        <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="article" aria-labelledby="lesson-title">
          <Stack gap="lg">
            <Title order={2} id="lesson-title" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
              {course.lessons[step.lesson - 1]!.title}
            </Title>
            <LessonMarkdown markdown={course.lessons[step.lesson - 1]!.markdown} />
            {progress.isError && !isSignedOut(progress.error) && (
              <Alert color="red" role="alert">
                {errorMessage(progress.error)}
              </Alert>
            )}
            <Group justify="space-between" gap="sm">
              {step.lesson > 1 ? (
                <Button
                  variant="default"
                  leftSection={<IconArrowLeft size={16} aria-hidden />}
                  onClick={() => goTo({ kind: 'lesson', lesson: step.lesson - 1 })}
                >
                  Previous
                </Button>
              ) : (
                <span />
              )}
              <Button
                rightSection={<IconArrowRight size={16} aria-hidden />}
                loading={progress.isPending}
                onClick={() => nextFrom(step.lesson)}
              >
                {step.lesson >= count ? 'Continue to the quiz' : 'Next'}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : (
        <QuizStep
          key={course.id}
          course={course}
          headingRef={heading}
          onBack={count > 0 ? () => goTo({ kind: 'lesson', lesson: count }) : undefined}
          onResult={updateTask}
        />
      )}
    </Stack>
  );
}
