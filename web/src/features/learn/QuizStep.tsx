import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Radio,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconCheck, IconRosetteDiscountCheck, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type RefObject, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../shared/api.ts';
import { formatDate } from '../../shared/dates.ts';
import type { LearnerCourse, QuizResult, Task } from '../../shared/types.ts';
import { isSignedOut } from './learnApi.ts';
import { useSignInAgain } from './useSignInAgain.ts';

type Question = LearnerCourse['quiz'][number];

function QuestionField({
  question,
  index,
  value,
  onChange,
  readOnly,
  missing,
  correct,
}: {
  question: Question;
  index: number;
  value: string[];
  onChange: (value: string[]) => void;
  readOnly: boolean;
  missing: boolean;
  /** After a failed attempt: whether this answer was right. */
  correct: boolean | null;
}) {
  const common = {
    label: `${index + 1}. ${question.prompt}`,
    description: question.multiple ? 'Choose every answer that applies.' : 'Choose one answer.',
    error: missing
      ? 'Choose an answer.'
      : correct === false
        ? 'Not right: this question needs another look.'
        : undefined,
    readOnly,
    styles: {
      label: { fontWeight: 600, fontSize: 'var(--mantine-font-size-md)', marginBottom: 2 },
      description: { marginBottom: 10 },
      error: { marginTop: 10 },
    },
  };
  return (
    <Box
      p={{ base: 'sm', sm: 'md' }}
      bd={`1px solid var(--mantine-color-${correct === null ? 'gray-3' : correct ? 'teal-4' : 'red-4'})`}
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
      data-question={index + 1}
    >
      {question.multiple ? (
        <Checkbox.Group value={value} onChange={onChange} {...common}>
          <Stack gap="sm">
            {question.options.map((option, i) => (
              <Checkbox key={option} value={String(i)} label={option} />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : (
        <Radio.Group value={value[0] ?? null} onChange={(choice) => onChange([choice])} {...common}>
          <Stack gap="sm">
            {question.options.map((option, i) => (
              <Radio key={option} value={String(i)} label={option} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {correct && (
        <Group gap={4} mt="xs" c="teal.8">
          <IconCheck size={16} aria-hidden />
          <Text size="sm" fw={500}>
            Correct
          </Text>
        </Group>
      )}
    </Box>
  );
}

/**
 * The course's quiz: every question answered, then scored by the server against the pass mark. A failed
 * attempt shows which questions were wrong (not the right answers) and can be retried at once; a pass
 * shows the completion page with every explanation.
 */
export function QuizStep({
  course,
  headingRef,
  onBack,
  onResult,
}: {
  course: LearnerCourse;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onBack?: () => void;
  onResult: (task: Task) => void;
}) {
  const signInAgain = useSignInAgain();
  const [answers, setAnswers] = useState<string[][]>(() => course.quiz.map(() => []));
  const [showMissing, setShowMissing] = useState(false);
  const [result, setResult] = useState<QuizResult | null>(null);
  const missing = answers.filter((a) => a.length === 0).length;

  // A result (failed or passed) and a new attempt each start at the top, focused on the heading, once drawn.
  const toTop = () =>
    requestAnimationFrame(() => {
      window.scrollTo({ top: 0 });
      headingRef.current?.focus({ preventScroll: true });
    });

  const submit = useMutation({
    mutationFn: () =>
      api<QuizResult>(`/learn/courses/${course.id}/quiz`, {
        method: 'POST',
        body: { answers: answers.map((a) => a.map(Number).sort((x, y) => x - y)) },
      }),
    onSuccess: (answer) => {
      setResult(answer);
      onResult(answer.task);
      toTop();
    },
    onError: (error) => {
      if (isSignedOut(error)) signInAgain();
    },
  });

  function send(event: FormEvent) {
    event.preventDefault();
    if (missing > 0) {
      setShowMissing(true);
      return;
    }
    submit.mutate();
  }

  function tryAgain() {
    // The right answers stay; the wrong ones are for the learner to choose again.
    setAnswers((current) => current.map((a, i) => (result?.questions[i]?.correct ? a : [])));
    setShowMissing(false);
    setResult(null);
    submit.reset();
    toTop();
  }

  if (result?.passed) {
    return <CourseCompleted course={course} result={result} answers={answers} headingRef={headingRef} />;
  }

  const failed = result !== null;
  const wrong = result ? result.questions.filter((q) => !q.correct).length : 0;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="quiz-title">
      <form onSubmit={send} noValidate>
        <Stack gap="lg">
          <div>
            <Title
              order={2}
              size="h3"
              id="quiz-title"
              ref={headingRef}
              tabIndex={-1}
              style={{ outline: 'none' }}
            >
              Quiz
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              {course.quiz.length} questions. You pass with {course.passMark}% or more, and you can try again
              as often as you need.
            </Text>
          </div>
          {failed && (
            <Alert color="red" role="alert" title={`You scored ${result.score}%: not a pass yet`}>
              The pass mark is {result.passMark}%. {wrong === 1 ? 'One answer was' : `${wrong} answers were`}{' '}
              not right; they are marked below. Choose “Try again” to answer them again.
            </Alert>
          )}
          {course.quiz.map((question, i) => (
            <QuestionField
              key={question.prompt}
              question={question}
              index={i}
              value={answers[i] ?? []}
              onChange={(value) => setAnswers((current) => current.map((a, j) => (j === i ? value : a)))}
              readOnly={failed || submit.isPending}
              missing={showMissing && (answers[i]?.length ?? 0) === 0}
              correct={result ? (result.questions[i]?.correct ?? false) : null}
            />
          ))}
          {showMissing && missing > 0 && (
            <Alert color="yellow" role="alert">
              Answer every question before submitting: {missing === 1 ? 'one is' : `${missing} are`} still
              unanswered.
            </Alert>
          )}
          {submit.isError && !isSignedOut(submit.error) && (
            <Alert color="red" role="alert">
              {errorMessage(submit.error)}
            </Alert>
          )}
          <Group justify="space-between" gap="sm">
            {onBack ? (
              <Button
                variant="default"
                leftSection={<IconArrowLeft size={16} aria-hidden />}
                onClick={onBack}
              >
                Back to the lessons
              </Button>
            ) : (
              <span />
            )}
            {failed ? (
              <Button onClick={tryAgain}>Try again</Button>
            ) : (
              <Button type="submit" loading={submit.isPending}>
                Submit answers
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function CourseCompleted({
  course,
  result,
  answers,
  headingRef,
}: {
  course: LearnerCourse;
  result: QuizResult;
  answers: string[][];
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="completed-title">
      <Stack gap="xl">
        <Stack align="center" gap="sm" ta="center">
          <ThemeIcon size={64} radius="xl" color="teal" variant="light" aria-hidden>
            <IconRosetteDiscountCheck size={40} />
          </ThemeIcon>
          <Title order={2} id="completed-title" ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
            Course completed
          </Title>
          <Text size="lg">
            You scored <strong>{result.score}%</strong> (the pass mark is {result.passMark}%).
          </Text>
          <Text c="dimmed" size="sm">
            You completed “{course.title}”
            {result.task.completedAt ? ` on ${formatDate(result.task.completedAt)}` : ''}. Well done.
          </Text>
          <Button component={Link} to="/learn" mt="xs">
            Back to My Learning
          </Button>
        </Stack>
        <Stack gap="md" component="section" aria-labelledby="explanations-title">
          <Title order={3} size="h4" id="explanations-title">
            The answers explained
          </Title>
          {course.quiz.map((question, i) => {
            const outcome = result.questions[i];
            const chosen = (answers[i] ?? []).map((a) => question.options[Number(a)]).filter(Boolean);
            return (
              <Box
                key={question.prompt}
                p={{ base: 'sm', sm: 'md' }}
                bd="1px solid var(--mantine-color-gray-3)"
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              >
                <Stack gap={6}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                    <Text fw={600}>
                      {i + 1}. {question.prompt}
                    </Text>
                    {outcome?.correct ? (
                      <Badge
                        color="teal"
                        variant="light"
                        leftSection={<IconCheck size={12} aria-hidden />}
                        style={{ flexShrink: 0 }}
                      >
                        Correct
                      </Badge>
                    ) : (
                      <Badge
                        color="red"
                        variant="light"
                        leftSection={<IconX size={12} aria-hidden />}
                        style={{ flexShrink: 0 }}
                      >
                        Wrong
                      </Badge>
                    )}
                  </Group>
                  {chosen.length === 1 ? (
                    <Text size="sm">
                      <Text span c="dimmed" size="sm">
                        Your answer:{' '}
                      </Text>
                      {chosen[0]}
                    </Text>
                  ) : (
                    <div>
                      <Text c="dimmed" size="sm">
                        Your answers:
                      </Text>
                      <List size="sm" spacing={2}>
                        {chosen.map((option) => (
                          <List.Item key={option}>{option}</List.Item>
                        ))}
                      </List>
                    </div>
                  )}
                  {outcome?.explanation && <Text size="sm">{outcome.explanation}</Text>}
                </Stack>
              </Box>
            );
          })}
        </Stack>
      </Stack>
    </Paper>
  );
}
