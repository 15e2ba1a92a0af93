/**
 * The learner portal's queries (/api/v1/learn). Kept free of components and UI libraries: pages.ts
 * imports it to start a page's first queries before React exists.
 *
 * The learner's credential is the `heed_learner` cookie set by signing in with an emailed link; it is
 * independent of the admin console's session, so these queries live under their own `learn` key.
 */
import { queryOptions } from '@tanstack/react-query';
import { ApiError, api } from '../../shared/api.ts';
import type { Learner, LearnerCourse, Task } from '../../shared/types.ts';

export const learnQueryKey = ['learn'] as const;

/** Who is signed in to the portal; a 401 means nobody (the portal then asks to sign in). */
export const learnerQuery = queryOptions({
  queryKey: [...learnQueryKey, 'me'],
  queryFn: ({ signal }) => api<Learner>('/learn/me', { signal }),
  staleTime: 60_000,
});

/** My Learning: pending courses (by due date) and completed ones (newest first). */
export const tasksQuery = queryOptions({
  queryKey: [...learnQueryKey, 'tasks'],
  queryFn: ({ signal }) => api<{ pending: Task[]; completed: Task[] }>('/learn/tasks', { signal }),
});

/** A course assigned to the learner: its lessons, its quiz (without answers) and where they are in it. */
export const courseQuery = (courseId: string) =>
  queryOptions({
    queryKey: [...learnQueryKey, 'course', courseId],
    queryFn: ({ signal }) => api<LearnerCourse>(`/learn/courses/${encodeURIComponent(courseId)}`, { signal }),
  });

export const SIGN_IN_PATH = '/learn/sign-in';

/** The sign-in page, asked to come back to `here` afterwards (only when that is a portal page). */
export function signInPath(here?: string) {
  return here && here !== '/learn' ? `${SIGN_IN_PATH}?next=${encodeURIComponent(here)}` : SIGN_IN_PATH;
}

/** Where to go after signing in: a page of the portal, never another site or the admin console. */
export function safeLearnNext(next: string | null | undefined): string {
  return next && /^\/learn(?:[/?#]|$)/.test(next) && !next.startsWith(SIGN_IN_PATH) ? next : '/learn';
}

export const isSignedOut = (error: unknown) => error instanceof ApiError && error.status === 401;

/**
 * The page asked for before the sign-in link was emailed: the link opens the sign-in page without it
 * (often in a new tab), so it is kept in this browser for as long as the link works.
 */
const NEXT_KEY = 'heed.learn.next';
const LINK_LIFETIME_MS = 15 * 60_000;

export function rememberNext(next: string) {
  try {
    if (next === '/learn') localStorage.removeItem(NEXT_KEY);
    else localStorage.setItem(NEXT_KEY, JSON.stringify({ next, until: Date.now() + LINK_LIFETIME_MS }));
  } catch {
    // Storage can be unavailable (private modes): the learner just lands on My Learning.
  }
}

export function takeRememberedNext(): string | null {
  try {
    const raw = localStorage.getItem(NEXT_KEY);
    localStorage.removeItem(NEXT_KEY);
    if (!raw) return null;
    const { next, until } = JSON.parse(raw) as { next?: unknown; until?: unknown };
    return typeof next === 'string' && typeof until === 'number' && until > Date.now() ? next : null;
  } catch {
    return null;
  }
}
