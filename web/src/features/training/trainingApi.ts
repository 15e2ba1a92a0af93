import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type {
  Course,
  CourseDetail,
  Enrollment,
  GroupCourseCounts,
} from '../../../../src/modules/training/training.schemas.ts';
import { api, apiUrl } from '../../shared/api.ts';
import type { Page } from '../../shared/types.ts';

export type { Course, CourseDetail, Enrollment };

/** Every training query starts with this key: invalidating it refreshes the catalog, counts and enrollments. */
export const trainingQueryKey = ['training'] as const;

export const ENROLLMENTS_PAGE_SIZE = 50;

export type CourseStatusFilter = 'active' | 'archived' | 'all';
export const COURSE_STATUS_FILTERS: readonly CourseStatusFilter[] = ['active', 'archived', 'all'];

export function courseStatusFilter(raw: string | null): CourseStatusFilter {
  return COURSE_STATUS_FILTERS.includes(raw as CourseStatusFilter) ? (raw as CourseStatusFilter) : 'active';
}

/** The catalog: a few dozen courses at most, loaded whole. */
export const courseListQuery = (status: CourseStatusFilter) =>
  queryOptions({
    queryKey: [...trainingQueryKey, 'courses', status],
    queryFn: async ({ signal }) =>
      (await api<{ data: Course[] }>('/courses', { query: { status }, signal })).data,
  });

export function useCourses(status: CourseStatusFilter) {
  return useQuery({ ...courseListQuery(status), placeholderData: keepPreviousData });
}

export const courseDetailQuery = (courseId: string) =>
  queryOptions({
    queryKey: [...trainingQueryKey, 'course', courseId],
    queryFn: ({ signal }) => api<CourseDetail>(`/courses/${courseId}`, { signal }),
  });

export type EnrollmentStatusFilter = 'not_started' | 'in_progress' | 'completed' | 'overdue' | 'pending';
export const ENROLLMENT_FILTERS: { value: EnrollmentStatusFilter; label: string }[] = [
  { value: 'pending', label: 'Not completed' },
  { value: 'not_started', label: 'Not started' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'completed', label: 'Completed' },
];

export interface EnrollmentListParams {
  status?: EnrollmentStatusFilter;
  search?: string;
  cursor?: string;
}

/** The page of enrollments an address of the course page asks for (`?status=…&search=…&cursor=…`). */
export function enrollmentListParams(url: URLSearchParams): EnrollmentListParams {
  const status = url.get('status') as EnrollmentStatusFilter | null;
  return {
    status: ENROLLMENT_FILTERS.some((f) => f.value === status) ? (status ?? undefined) : undefined,
    search: url.get('search')?.trim() || undefined,
    cursor: url.get('cursor') || undefined,
  };
}

export const enrollmentPageQuery = (courseId: string, params: EnrollmentListParams) =>
  queryOptions({
    queryKey: [...trainingQueryKey, 'course', courseId, 'enrollments', params],
    queryFn: ({ signal }) =>
      api<Page<Enrollment>>(`/courses/${courseId}/enrollments`, {
        query: { ...params, limit: ENROLLMENTS_PAGE_SIZE },
        signal,
      }),
  });

export function useEnrollmentPage(courseId: string, params: EnrollmentListParams) {
  return useQuery({ ...enrollmentPageQuery(courseId, params), placeholderData: keepPreviousData });
}

export interface AssignmentResult {
  enrolled: number;
  alreadyEnrolled: number;
  skippedDisabled: number;
  notFound: { userIds: string[] };
}

export interface AssignmentInput {
  courseId: string;
  groupIds: string[];
  departmentIds: string[];
  dueAt: string;
  includeFutureMembers: boolean;
}

export function createAssignment(input: AssignmentInput) {
  return api<AssignmentResult>('/assignments', {
    method: 'POST',
    body: {
      courseId: input.courseId,
      groupIds: input.groupIds.length > 0 ? input.groupIds : undefined,
      departmentIds: input.departmentIds.length > 0 ? input.departmentIds : undefined,
      dueAt: input.dueAt,
      includeFutureMembers: input.includeFutureMembers,
    },
  });
}

/** "Assigned to 12 users (3 already had it, 1 disabled left out)". */
export function assignmentSummary(result: AssignmentResult): string {
  const users = `${result.enrolled.toLocaleString()} ${result.enrolled === 1 ? 'user' : 'users'}`;
  const notes: string[] = [];
  if (result.alreadyEnrolled > 0) notes.push(`${result.alreadyEnrolled.toLocaleString()} already had it`);
  if (result.skippedDisabled > 0) notes.push(`${result.skippedDisabled.toLocaleString()} disabled left out`);
  return `Assigned to ${users}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

export type EnrollmentState = 'not_started' | 'in_progress' | 'completed' | 'overdue';

export const ENROLLMENT_STATES: Record<EnrollmentState, { label: string; color: string }> = {
  not_started: { label: 'Not started', color: 'gray' },
  in_progress: { label: 'In progress', color: 'blue' },
  completed: { label: 'Completed', color: 'green' },
  overdue: { label: 'Overdue', color: 'red' },
};

/** An enrollment's one state to show: overdue wins over not started / in progress. */
export function enrollmentState(enrollment: Enrollment): EnrollmentState {
  if (enrollment.status === 'completed') return 'completed';
  return enrollment.overdue ? 'overdue' : enrollment.status;
}

// ——— Course editor, CSV exports, and the training of a group or a user ———

export type CourseInput = Pick<
  CourseDetail,
  'title' | 'summary' | 'estimatedMinutes' | 'passMark' | 'videoUrl' | 'lessons' | 'quiz'
>;

/** Creates a course (`courseId` null) or replaces the content of one of the organization's own. */
export function saveCourse(courseId: string | null, input: CourseInput) {
  return courseId
    ? api<CourseDetail>(`/courses/${courseId}`, { method: 'PUT', body: input })
    : api<CourseDetail>('/courses', { method: 'POST', body: input });
}

export function cloneCourse(courseId: string) {
  return api<CourseDetail>(`/courses/${courseId}/clone`, { method: 'POST' });
}

export function setCourseArchived(courseId: string, archived: boolean) {
  return api<CourseDetail>(`/courses/${courseId}/${archived ? 'archive' : 'restore'}`, { method: 'POST' });
}

/** The CSV report of a course's enrollments (a plain link: the browser downloads it). */
export const courseEnrollmentsCsvUrl = (courseId: string) => apiUrl(`/courses/${courseId}/enrollments.csv`);
export const groupEnrollmentsCsvUrl = (groupId: string) => apiUrl(`/groups/${groupId}/enrollments.csv`);

export type { GroupCourseCounts };

export const groupCourseCountsQuery = (groupId: string) =>
  queryOptions({
    queryKey: [...trainingQueryKey, 'group', groupId, 'counts'],
    queryFn: async ({ signal }) =>
      (await api<{ data: GroupCourseCounts[] }>(`/groups/${groupId}/enrollment-counts`, { signal })).data,
  });

/** A user's courses: the first page (a person rarely has more than a few dozen). */
export const userEnrollmentsQuery = (userId: string) =>
  queryOptions({
    queryKey: [...trainingQueryKey, 'user', userId, 'enrollments'],
    queryFn: ({ signal }) =>
      api<Page<Enrollment>>(`/users/${userId}/enrollments`, { query: { limit: 100 }, signal }),
  });
