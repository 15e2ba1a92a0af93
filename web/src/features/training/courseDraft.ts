/**
 * The course editor's working copy: the course as the form holds it (each lesson, question and answer
 * with a key of its own, so rows keep their identity while they move), conversions to and from the
 * API's body, the API's field errors by path, and the copy kept in sessionStorage so a reload of the
 * editor keeps unsaved work.
 */
import { ApiError } from '../../shared/api.ts';
import type { CourseDetail, CourseInput } from './trainingApi.ts';

export interface LessonDraft {
  key: string;
  title: string;
  markdown: string;
}
export interface AnswerDraft {
  key: string;
  text: string;
  correct: boolean;
}
export interface QuestionDraft {
  key: string;
  prompt: string;
  answers: AnswerDraft[];
  explanation: string;
}
export interface CourseDraft {
  title: string;
  summary: string;
  estimatedMinutes: number | '';
  passMark: number | '';
  videoUrl: string;
  lessons: LessonDraft[];
  quiz: QuestionDraft[];
}

export const MAX_ANSWERS = 6;
export const MAX_LESSONS = 30;
export const MAX_QUESTIONS = 50;

let counter = 0;
/** A key for a new row, unique in this page's life. */
export const newKey = () => `k${++counter}`;

export const emptyLesson = (): LessonDraft => ({ key: newKey(), title: '', markdown: '' });
export const emptyAnswer = (): AnswerDraft => ({ key: newKey(), text: '', correct: false });
export const emptyQuestion = (): QuestionDraft => ({
  key: newKey(),
  prompt: '',
  answers: [emptyAnswer(), emptyAnswer()],
  explanation: '',
});

export function draftOf(course: CourseDetail | null): CourseDraft {
  if (!course) {
    return {
      title: '',
      summary: '',
      estimatedMinutes: 10,
      passMark: 70,
      videoUrl: '',
      lessons: [emptyLesson()],
      quiz: [emptyQuestion()],
    };
  }
  return {
    title: course.title,
    summary: course.summary,
    estimatedMinutes: course.estimatedMinutes,
    passMark: course.passMark,
    videoUrl: course.videoUrl ?? '',
    lessons: course.lessons.map((l) => ({ key: newKey(), title: l.title, markdown: l.markdown })),
    quiz: course.quiz.map((q) => ({
      key: newKey(),
      prompt: q.prompt,
      explanation: q.explanation,
      answers: q.options.map((text, i) => ({ key: newKey(), text, correct: q.correct.includes(i) })),
    })),
  };
}

/** The API's body. Empty numbers go as null: the API names the field that needs one. */
export function inputOf(draft: CourseDraft): CourseInput {
  return {
    title: draft.title,
    summary: draft.summary,
    estimatedMinutes: draft.estimatedMinutes === '' ? (null as unknown as number) : draft.estimatedMinutes,
    passMark: draft.passMark === '' ? (null as unknown as number) : draft.passMark,
    videoUrl: draft.videoUrl.trim() === '' ? null : draft.videoUrl.trim(),
    lessons: draft.lessons.map((l) => ({ title: l.title, markdown: l.markdown })),
    quiz: draft.quiz.map((q) => ({
      prompt: q.prompt,
      options: q.answers.map((a) => a.text),
      correct: q.answers.flatMap((a, i) => (a.correct ? [i] : [])),
      explanation: q.explanation,
    })),
  };
}

export const sameContent = (a: CourseDraft, b: CourseDraft) =>
  JSON.stringify(inputOf(a)) === JSON.stringify(inputOf(b));

/** Moves the item at `from` one place up (-1) or down (+1). */
export function moved<T>(items: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return items;
  const copy = [...items];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}

// ——— The API's field errors ———

/** Field errors by path without `body.` (`title`, `lessons.0.markdown`, `quiz.1.options.2`). */
export type FieldErrors = Record<string, string>;

function sentence(message: string) {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Zod's own wording for a missing number, in the editor's words. */
function plainMessage(message: string) {
  if (/expected number, received null/i.test(message)) return 'is required';
  if (/too small: expected number to be >=(\d+)/i.test(message)) {
    return `must be at least ${message.match(/>=(\d+)/)![1]}`;
  }
  if (/too big: expected number to be <=(\d+)/i.test(message)) {
    return `must be at most ${message.match(/<=(\d+)/)![1]}`;
  }
  return message;
}

/** The API error's field errors (first per path), and what is left to say in an alert. */
export function courseErrors(error: unknown): { fields: FieldErrors; rest: string | null } {
  if (!error) return { fields: {}, rest: null };
  if (!(error instanceof ApiError)) return { fields: {}, rest: String((error as Error).message ?? error) };
  const fields: FieldErrors = {};
  for (const item of error.problem.errors ?? []) {
    const path = item.path.replace(/^body\.?/, '');
    if (!item.path.startsWith('body') || fields[path]) continue;
    fields[path] = sentence(plainMessage(item.message));
  }
  return { fields, rest: Object.keys(fields).length > 0 ? null : error.problem.detail };
}

const FIELD_NAMES: Record<string, string> = {
  '': 'The course',
  title: 'Title',
  summary: 'Description',
  estimatedMinutes: 'Estimated minutes',
  passMark: 'Pass mark',
  videoUrl: 'Video URL',
  lessons: 'Lessons',
  quiz: 'Quiz',
};
const ITEM_FIELD_NAMES: Record<string, string> = {
  title: 'title',
  markdown: 'text',
  prompt: 'question',
  options: 'answers',
  correct: 'right answers',
  explanation: 'explanation',
};

/** `quiz.1.options.2` → "Question 2, answer 3", for the list of problems in plain words. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const [section, index, field, sub] = parts;
  if ((section === 'lessons' || section === 'quiz') && index !== undefined && /^\d+$/.test(index)) {
    const item = `${section === 'lessons' ? 'Lesson' : 'Question'} ${Number(index) + 1}`;
    if (field === undefined) return item;
    if (field === 'options' && sub !== undefined) return `${item}, answer ${Number(sub) + 1}`;
    return `${item}, ${ITEM_FIELD_NAMES[field] ?? field}`;
  }
  return FIELD_NAMES[path] ?? path;
}

// ——— The copy kept across a reload ———

const storageKey = (courseId: string | null) => `heed.course-draft.${courseId ?? 'new'}`;

/** The unsaved draft of this course kept by an earlier visit, if it was made from this version. */
export function readStoredDraft(courseId: string | null, version: number): CourseDraft | null {
  try {
    const raw = sessionStorage.getItem(storageKey(courseId));
    if (!raw) return null;
    const stored = JSON.parse(raw) as { version: number; draft: CourseDraft };
    if (stored.version !== version) return null;
    // Keys of this page's life: the stored ones could repeat those made since.
    const draft = stored.draft;
    return {
      ...draft,
      lessons: draft.lessons.map((l) => ({ ...l, key: newKey() })),
      quiz: draft.quiz.map((q) => ({
        ...q,
        key: newKey(),
        answers: q.answers.map((a) => ({ ...a, key: newKey() })),
      })),
    };
  } catch {
    return null;
  }
}

export function storeDraft(courseId: string | null, version: number, draft: CourseDraft | null) {
  try {
    if (draft) sessionStorage.setItem(storageKey(courseId), JSON.stringify({ version, draft }));
    else sessionStorage.removeItem(storageKey(courseId));
  } catch {
    // Storage full or refused: the draft just does not survive a reload.
  }
}
