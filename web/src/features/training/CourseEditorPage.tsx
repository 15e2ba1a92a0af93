import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Checkbox,
  Group,
  Input,
  List,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowDown,
  IconArrowLeft,
  IconArrowUp,
  IconCopy,
  IconDeviceFloppy,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { LeaveGuardModal, useLeaveGuard } from '../../shared/LeaveGuard.tsx';
import { ErrorState, PageLoader } from '../../shared/PageState.tsx';
import { LessonMarkdown } from '../learn/LessonMarkdown.tsx';
import { useCloneCourse } from './courseActions.tsx';
import {
  type AnswerDraft,
  type CourseDraft,
  courseErrors,
  draftOf,
  emptyAnswer,
  emptyLesson,
  emptyQuestion,
  type FieldErrors,
  fieldLabel,
  inputOf,
  type LessonDraft,
  MAX_ANSWERS,
  MAX_LESSONS,
  MAX_QUESTIONS,
  moved,
  type QuestionDraft,
  readStoredDraft,
  sameContent,
  storeDraft,
} from './courseDraft.ts';
import { type CourseDetail, courseDetailQuery, saveCourse, trainingQueryKey } from './trainingApi.ts';

/**
 * Training → New course, and Edit of one of the organization's own courses: details, Markdown lessons
 * with a preview, and the quiz. A built-in course is read-only here: it offers a clone instead.
 */
export default function CourseEditorPage() {
  const { courseId } = useParams();
  return courseId ? (
    <ExistingCourse key={courseId} courseId={courseId} />
  ) : (
    <CourseEditor key="new" course={null} />
  );
}

function ExistingCourse({ courseId }: { courseId: string }) {
  const course = useQuery(courseDetailQuery(courseId));
  if (course.error) {
    const missing =
      course.error instanceof ApiError && (course.error.status === 404 || course.error.status === 400);
    return (
      <Stack gap="md" maw={640}>
        <BackToCourses />
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
  if (course.data.builtIn) return <BuiltInCourse course={course.data} />;
  return <CourseEditor course={course.data} />;
}

function BackToCourses() {
  return (
    <Anchor component={Link} to="/training" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> Courses
      </Group>
    </Anchor>
  );
}

/** Built-in courses are Heed's, kept up to date by Heed: they are changed through a copy. */
function BuiltInCourse({ course }: { course: CourseDetail }) {
  const clone = useCloneCourse();
  return (
    <Stack gap="md" maw={640}>
      <BackToCourses />
      <Alert color="indigo" title={`“${course.title}” is a built-in course`} role="status">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            Built-in courses are written and kept up to date by Heed, so they cannot be edited. Clone it to
            get your own copy to change; this one stays as it is.
          </Text>
          <Group gap="sm">
            <Button
              leftSection={<IconCopy size={16} />}
              loading={clone.isPending}
              onClick={() => clone.mutate(course)}
            >
              Clone to edit
            </Button>
            <Button component={Link} to={`/training/courses/${course.id}`} variant="default">
              Back to the course
            </Button>
          </Group>
        </Stack>
      </Alert>
    </Stack>
  );
}

/** Problems listed in the save bar: it stays on screen, so it stays short; all are marked in place. */
const SUMMARY_SIZE = 3;

function CourseEditor({ course }: { course: CourseDetail | null }) {
  const courseId = course?.id ?? null;
  const version = course?.version ?? 0;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [initial] = useState(() => draftOf(course));
  const [restored] = useState(() => readStoredDraft(courseId, version));
  const [draft, setDraft] = useState<CourseDraft>(restored ?? initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [showRestored, setShowRestored] = useState(restored !== null);
  const dirty = !sameContent(draft, initial);
  const leaving = useRef(false);

  // Unsaved work survives a reload of this tab (and nothing else).
  useEffect(() => {
    storeDraft(courseId, version, dirty ? draft : null);
  }, [courseId, version, draft, dirty]);

  const blocker = useLeaveGuard(dirty, () => !leaving.current);

  const save = useMutation({
    mutationFn: () => saveCourse(courseId, inputOf(draft)),
    onSuccess: (saved) => {
      leaving.current = true;
      storeDraft(courseId, version, null);
      queryClient.invalidateQueries({ queryKey: trainingQueryKey });
      queryClient.setQueryData(courseDetailQuery(saved.id).queryKey, saved);
      notifications.show({
        color: 'green',
        message: course ? `Saved “${saved.title}”.` : `Created “${saved.title}”.`,
      });
      navigate(`/training/courses/${saved.id}`, { replace: !course });
    },
    onError: (error) => {
      const found = courseErrors(error);
      setErrors(found.fields);
      setProblem(
        found.rest ??
          (Object.keys(found.fields).length > 0 ? 'The course was not saved: fix what is marked.' : null),
      );
    },
  });

  // After a refused save, bring the first marked field into view.
  const errorCount = Object.keys(errors).length;
  useEffect(() => {
    if (errorCount === 0) return;
    const first = document.querySelector<HTMLElement>('[data-course-editor] [aria-invalid="true"]');
    first?.focus({ preventScroll: true });
    first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [errorCount]);

  /** Changes the draft; the error of the field changed goes, since it may now be right. */
  function change(update: (d: CourseDraft) => CourseDraft, path?: string) {
    setDraft(update);
    if (path && errors[path]) {
      setErrors(({ [path]: _gone, ...rest }) => rest);
    }
  }
  /** A structural change (rows added, removed or moved): error paths no longer point at their rows. */
  function reshape(update: (d: CourseDraft) => CourseDraft) {
    setDraft(update);
    if (errorCount > 0) setErrors({});
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    save.mutate();
  }

  function discard() {
    storeDraft(courseId, version, null);
    setDraft(draftOf(course));
    setErrors({});
    setProblem(null);
    setShowRestored(false);
  }

  const setLesson = (index: number, field: 'title' | 'markdown', value: string) =>
    change(
      (d) => ({ ...d, lessons: d.lessons.map((l, i) => (i === index ? { ...l, [field]: value } : l)) }),
      `lessons.${index}.${field}`,
    );
  const setQuestion = (index: number, update: (q: QuestionDraft) => QuestionDraft, path?: string) =>
    change((d) => ({ ...d, quiz: d.quiz.map((q, i) => (i === index ? update(q) : q)) }), path);
  const reshapeQuestion = (index: number, update: (q: QuestionDraft) => QuestionDraft) =>
    reshape((d) => ({ ...d, quiz: d.quiz.map((q, i) => (i === index ? update(q) : q)) }));

  const heading = course ? `Edit “${course.title}”` : 'New course';
  const messages = Object.entries(errors);

  return (
    <form onSubmit={submit} noValidate data-course-editor>
      <Stack gap="lg" maw={920}>
        <Breadcrumbs separator="›" fz="sm">
          <Anchor component={Link} to="/training" size="sm">
            Courses
          </Anchor>
          {course && (
            <Anchor component={Link} to={`/training/courses/${course.id}`} size="sm" truncate="end" maw={360}>
              {course.title}
            </Anchor>
          )}
          <Text size="sm" c="dimmed">
            {course ? 'Edit' : 'New course'}
          </Text>
        </Breadcrumbs>

        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} style={{ wordBreak: 'break-word' }}>
              {heading}
            </Title>
            <Text c="dimmed" size="sm">
              {course
                ? 'People who already have this course keep their progress; they see the new content from their next visit.'
                : 'Write the lessons in Markdown and end with a quiz: learners pass with at least the pass mark.'}
            </Text>
          </div>
          {dirty && (
            <Badge variant="light" color="yellow">
              Unsaved changes
            </Badge>
          )}
        </Group>

        {showRestored && dirty && (
          <Alert color="blue" role="status" withCloseButton onClose={() => setShowRestored(false)}>
            <Group justify="space-between" gap="sm">
              <Text size="sm">Your unsaved changes from before the page was reloaded are back.</Text>
              <Button size="compact-sm" variant="white" onClick={discard}>
                Discard them
              </Button>
            </Group>
          </Alert>
        )}

        <Section title="Details">
          <TextInput
            label="Title"
            required
            maxLength={200}
            autoComplete="off"
            value={draft.title}
            onChange={(e) => {
              const value = e.currentTarget.value;
              change((d) => ({ ...d, title: value }), 'title');
            }}
            error={errors.title}
          />
          <Textarea
            label="Description"
            description="Shown in the catalog and to learners before they start."
            autosize
            minRows={2}
            maxRows={6}
            maxLength={1000}
            value={draft.summary}
            onChange={(e) => {
              const value = e.currentTarget.value;
              change((d) => ({ ...d, summary: value }), 'summary');
            }}
            error={errors.summary}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label="Estimated minutes"
              description="How long the lessons and quiz take"
              required
              min={1}
              max={600}
              allowDecimal={false}
              allowNegative={false}
              value={draft.estimatedMinutes}
              onChange={(value) =>
                change(
                  (d) => ({ ...d, estimatedMinutes: typeof value === 'number' ? value : '' }),
                  'estimatedMinutes',
                )
              }
              error={errors.estimatedMinutes}
            />
            <NumberInput
              label="Pass mark"
              description="Share of right answers needed to pass"
              required
              min={1}
              max={100}
              suffix="%"
              allowDecimal={false}
              allowNegative={false}
              value={draft.passMark}
              onChange={(value) =>
                change((d) => ({ ...d, passMark: typeof value === 'number' ? value : '' }), 'passMark')
              }
              error={errors.passMark}
            />
            <TextInput
              label="Video URL"
              description="Optional: shown to learners as a link"
              placeholder="https://"
              maxLength={2000}
              autoComplete="off"
              value={draft.videoUrl}
              onChange={(e) => {
                const value = e.currentTarget.value;
                change((d) => ({ ...d, videoUrl: value }), 'videoUrl');
              }}
              error={errors.videoUrl}
            />
          </SimpleGrid>
        </Section>

        <Section
          title="Lessons"
          description="Learners read them in this order. Markdown: **bold**, _italic_, ### headings, - lists, [links](https://…)."
          error={errors.lessons}
        >
          {draft.lessons.map((lesson, index) => (
            <LessonEditor
              key={lesson.key}
              lesson={lesson}
              index={index}
              count={draft.lessons.length}
              errors={errors}
              onChange={(field, value) => setLesson(index, field, value)}
              onMove={(by) => reshape((d) => ({ ...d, lessons: moved(d.lessons, index, by) }))}
              onRemove={() => reshape((d) => ({ ...d, lessons: d.lessons.filter((_, i) => i !== index) }))}
            />
          ))}
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            w="fit-content"
            disabled={draft.lessons.length >= MAX_LESSONS}
            onClick={() => reshape((d) => ({ ...d, lessons: [...d.lessons, emptyLesson()] }))}
          >
            Add lesson
          </Button>
        </Section>

        <Section
          title="Quiz"
          description="Tick every right answer of a question: it counts as right only when exactly those are chosen."
          error={errors.quiz}
        >
          {draft.quiz.map((question, index) => (
            <QuestionEditor
              key={question.key}
              question={question}
              index={index}
              count={draft.quiz.length}
              errors={errors}
              onChange={(update, path) => setQuestion(index, update, path)}
              onReshape={(update) => reshapeQuestion(index, update)}
              onMove={(by) => reshape((d) => ({ ...d, quiz: moved(d.quiz, index, by) }))}
              onRemove={() => reshape((d) => ({ ...d, quiz: d.quiz.filter((_, i) => i !== index) }))}
            />
          ))}
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            w="fit-content"
            disabled={draft.quiz.length >= MAX_QUESTIONS}
            onClick={() => reshape((d) => ({ ...d, quiz: [...d.quiz, emptyQuestion()] }))}
          >
            Add question
          </Button>
        </Section>

        <Paper
          withBorder
          p="sm"
          radius="md"
          pos="sticky"
          bottom={0}
          style={{ zIndex: 5, boxShadow: 'var(--mantine-shadow-sm)' }}
        >
          <Stack gap="sm">
            {problem && (
              <Alert color="red" role="alert" title={problem}>
                {messages.length > 0 && (
                  <List size="sm" spacing={2}>
                    {messages.slice(0, SUMMARY_SIZE).map(([path, message]) => (
                      <List.Item key={path}>
                        {fieldLabel(path)}: {message}
                      </List.Item>
                    ))}
                    {messages.length > SUMMARY_SIZE && (
                      <List.Item>…and {messages.length - SUMMARY_SIZE} more, marked in red.</List.Item>
                    )}
                  </List>
                )}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button
                variant="default"
                onClick={() => navigate(course ? `/training/courses/${course.id}` : '/training')}
              >
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} />}>
                {course ? 'Save changes' : 'Create course'}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Stack>

      <LeaveGuardModal
        blocker={blocker}
        leaveLabel="Discard changes"
        onLeave={() => storeDraft(courseId, version, null)}
      >
        Your changes to {course ? `“${course.title}”` : 'this new course'} have not been saved. Leaving
        discards them.
      </LeaveGuardModal>
    </form>
  );
}

function Section(props: { title: string; description?: string; error?: string; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <div>
        <Title order={4}>{props.title}</Title>
        {props.description && (
          <Text size="sm" c="dimmed">
            {props.description}
          </Text>
        )}
      </div>
      {props.error && (
        <Alert color="red" variant="light" role="alert" py={6}>
          {props.title}: {props.error}
        </Alert>
      )}
      {props.children}
    </Stack>
  );
}

/** Up, down and remove for one row of an ordered list. */
function RowActions(props: {
  noun: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const label = `${props.noun} ${props.index + 1}`;
  return (
    <Group gap={2} wrap="nowrap">
      <Tooltip label="Move up" openDelay={400}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Move ${label.toLowerCase()} up`}
          disabled={props.index === 0}
          onClick={() => props.onMove(-1)}
        >
          <IconArrowUp size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Move down" openDelay={400}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Move ${label.toLowerCase()} down`}
          disabled={props.index === props.count - 1}
          onClick={() => props.onMove(1)}
        >
          <IconArrowDown size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip
        label={props.count === 1 ? `A course needs at least one ${props.noun.toLowerCase()}` : 'Remove'}
      >
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove ${label.toLowerCase()}`}
          disabled={props.count === 1}
          onClick={props.onRemove}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function LessonEditor(props: {
  lesson: LessonDraft;
  index: number;
  count: number;
  errors: FieldErrors;
  onChange: (field: 'title' | 'markdown', value: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { lesson, index, errors } = props;
  const path = `lessons.${index}`;
  const [tab, setTab] = useState<string | null>('write');
  const error = errors[path];
  return (
    <Paper withBorder radius="md" p="md" role="group" aria-label={`Lesson ${index + 1}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            Lesson {index + 1}
          </Text>
          <RowActions noun="Lesson" {...props} />
        </Group>
        {error && (
          <Text size="sm" c="red">
            {error}
          </Text>
        )}
        <TextInput
          label="Lesson title"
          required
          maxLength={200}
          autoComplete="off"
          value={lesson.title}
          onChange={(e) => props.onChange('title', e.currentTarget.value)}
          error={errors[`${path}.title`]}
        />
        <Tabs value={tab} onChange={setTab} variant="outline" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="write">Write</Tabs.Tab>
            <Tabs.Tab value="preview">Preview</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="xs">
            <Textarea
              aria-label={`Lesson ${index + 1} text (Markdown)`}
              autosize
              minRows={5}
              maxRows={20}
              maxLength={50_000}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              value={lesson.markdown}
              onChange={(e) => props.onChange('markdown', e.currentTarget.value)}
              error={errors[`${path}.markdown`]}
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <Paper bg="gray.0" p="md" radius="sm" mih={120}>
              {lesson.markdown.trim() ? (
                <LessonMarkdown markdown={lesson.markdown} />
              ) : (
                <Text size="sm" c="dimmed">
                  Nothing to preview yet: write the lesson first.
                </Text>
              )}
            </Paper>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Paper>
  );
}

function QuestionEditor(props: {
  question: QuestionDraft;
  index: number;
  count: number;
  errors: FieldErrors;
  onChange: (update: (q: QuestionDraft) => QuestionDraft, path?: string) => void;
  onReshape: (update: (q: QuestionDraft) => QuestionDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { question, index, errors } = props;
  const path = `quiz.${index}`;
  const answersError = errors[`${path}.correct`] ?? errors[`${path}.options`];
  const setAnswer = (i: number, update: Partial<AnswerDraft>, field: string) =>
    props.onChange(
      (q) => ({ ...q, answers: q.answers.map((a, j) => (j === i ? { ...a, ...update } : a)) }),
      field,
    );
  return (
    <Paper withBorder radius="md" p="md" role="group" aria-label={`Question ${index + 1}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            Question {index + 1}
          </Text>
          <RowActions noun="Question" {...props} />
        </Group>
        {errors[path] && (
          <Text size="sm" c="red">
            {errors[path]}
          </Text>
        )}
        <Textarea
          label="Question"
          required
          autosize
          minRows={1}
          maxRows={4}
          maxLength={1000}
          value={question.prompt}
          onChange={(e) => {
            const value = e.currentTarget.value;
            props.onChange((q) => ({ ...q, prompt: value }), `${path}.prompt`);
          }}
          error={errors[`${path}.prompt`]}
        />
        <Stack gap={6}>
          <div>
            <Input.Label required>Answers</Input.Label>
            <Input.Description>Tick the right ones. Between 2 and {MAX_ANSWERS} answers.</Input.Description>
          </div>
          {question.answers.map((answer, i) => (
            <Group key={answer.key} gap="sm" wrap="nowrap" align="flex-start">
              <Checkbox
                mt={8}
                aria-label={`Answer ${i + 1} is right`}
                checked={answer.correct}
                onChange={(e) => setAnswer(i, { correct: e.currentTarget.checked }, `${path}.correct`)}
                color="green"
              />
              <TextInput
                aria-label={`Answer ${i + 1}`}
                placeholder={`Answer ${i + 1}`}
                maxLength={300}
                autoComplete="off"
                style={{ flex: 1 }}
                value={answer.text}
                onChange={(e) => setAnswer(i, { text: e.currentTarget.value }, `${path}.options.${i}`)}
                error={errors[`${path}.options.${i}`]}
              />
              <Tooltip label="Remove answer" openDelay={400}>
                <ActionIcon
                  mt={4}
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove answer ${i + 1}`}
                  disabled={question.answers.length <= 2}
                  onClick={() =>
                    props.onReshape((q) => ({ ...q, answers: q.answers.filter((_, j) => j !== i) }))
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
          {answersError && (
            <Text size="sm" c="red" role="alert">
              Answers: {answersError}
            </Text>
          )}
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            w="fit-content"
            disabled={question.answers.length >= MAX_ANSWERS}
            onClick={() => props.onReshape((q) => ({ ...q, answers: [...q.answers, emptyAnswer()] }))}
          >
            Add answer
          </Button>
        </Stack>
        <Textarea
          label="Explanation"
          description="Optional: shown once the learner has passed."
          autosize
          minRows={1}
          maxRows={4}
          maxLength={1000}
          value={question.explanation}
          onChange={(e) => {
            const value = e.currentTarget.value;
            props.onChange((q) => ({ ...q, explanation: value }), `${path}.explanation`);
          }}
          error={errors[`${path}.explanation`]}
        />
      </Stack>
    </Paper>
  );
}
