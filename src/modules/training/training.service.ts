/**
 * Training for admins: the course catalog (built-in courses copied into every organization beside
 * its own), assignments of a course to users, groups and departments, and where each enrolled user
 * stands. What learners do with their courses is the learner portal's (learn.service.ts).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { BULK_WRITE_ANALYZE_THRESHOLD, refreshStatistics } from '../../platform/db/statistics.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { BUILT_IN_COURSES } from './catalog/index.ts';
import { createTrainingRepository, type EnrollmentCountsRow } from './training.repository.ts';
import type {
  Assignment,
  Course,
  CourseDetail,
  CourseInput,
  CreateAssignmentInput,
  Enrollment,
  GroupCourseCounts,
  ListEnrollmentsQuery,
} from './training.schemas.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const HOUR = 3600_000;

type CourseRow = Awaited<ReturnType<ReturnType<typeof createTrainingRepository>['listCourses']>>[number];
type EnrollmentRow = Awaited<
  ReturnType<ReturnType<typeof createTrainingRepository>['listEnrollments']>
>[number];
type AssignmentRow = Awaited<
  ReturnType<ReturnType<typeof createTrainingRepository>['listAssignments']>
>[number];

const NO_ENROLLMENTS = { assigned: 0, notStarted: 0, inProgress: 0, completed: 0, overdue: 0 };

function toCourse(row: CourseRow, counts?: EnrollmentCountsRow): Course {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    estimatedMinutes: row.estimated_minutes,
    passMark: row.pass_mark,
    videoUrl: row.video_url,
    builtIn: row.builtin_key !== null,
    status: row.status,
    version: row.version,
    lessonCount: Number(row.lesson_count),
    questionCount: Number(row.question_count),
    enrollments: counts
      ? {
          assigned: counts.assigned,
          notStarted: counts.not_started,
          inProgress: counts.in_progress,
          completed: counts.completed,
          overdue: counts.overdue,
        }
      : NO_ENROLLMENTS,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

function toAssignment(row: AssignmentRow): Assignment {
  return {
    id: row.id,
    course: { id: row.course_id, title: row.course_title },
    dueAt: iso(row.due_at)!,
    groupIds: row.group_ids,
    departmentIds: row.department_ids,
    userCount: row.user_count,
    includeFutureMembers: row.include_future_members,
    createdAt: iso(row.created_at)!,
    createdBy: { type: row.created_by_type, id: row.created_by_id, label: row.created_by_label },
  };
}

export function toEnrollment(row: EnrollmentRow, now: Date): Enrollment {
  return {
    user: {
      id: row.user_id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      department: row.department_name,
      status: row.user_status,
    },
    course: { id: row.course_id, title: row.course_title },
    status: row.status,
    overdue: row.status !== 'completed' && new Date(row.due_at) < now,
    dueAt: iso(row.due_at)!,
    lessonsCompleted: row.lessons_completed,
    quizAttempts: row.quiz_attempts,
    score: row.score,
    startedAt: iso(row.started_at),
    completedAt: iso(row.completed_at),
    assignedAt: iso(row.created_at)!,
  };
}

const enrollmentCursor = (row: EnrollmentRow) => ({
  value: `${row.name_sort}\u0001${row.course_id}`,
  id: row.user_id,
});

function courseWrite(input: CourseInput) {
  return {
    title: input.title,
    summary: input.summary,
    estimated_minutes: input.estimatedMinutes,
    pass_mark: input.passMark,
    video_url: input.videoUrl,
    lessons: input.lessons,
    quiz: input.quiz,
  };
}

export function createTrainingService(deps: { db: Kysely<DB>; clock: Clock }) {
  /** Organizations whose built-in courses this process has brought up to date. */
  const catalogChecked = new Set<string>();

  async function ensureCatalog(orgId: string) {
    if (catalogChecked.has(orgId)) return;
    const repository = createTrainingRepository(deps.db);
    const held = await repository.builtInVersions(orgId);
    const stale = BUILT_IN_COURSES.filter((c) => (held.get(c.key) ?? 0) < c.version);
    if (stale.length > 0) await repository.upsertBuiltIns(orgId, stale, deps.clock.now());
    catalogChecked.add(orgId);
  }

  async function courseDetail(orgId: string, id: string): Promise<CourseDetail> {
    await ensureCatalog(orgId);
    const repository = createTrainingRepository(deps.db);
    const row = await repository.findCourse(orgId, id);
    if (!row) throw new NotFoundError('Course');
    const [counts] = await repository.enrollmentCounts(orgId, deps.clock.now(), id);
    return { ...toCourse(row, counts), lessons: row.lessons, quiz: row.quiz };
  }

  /** Locks an organization's course for a change, refusing built-in ones. */
  async function lockOwnCourse(trx: Kysely<DB>, orgId: string, id: string, change: string) {
    const course = await createTrainingRepository(trx).lockCourse(orgId, id);
    if (!course) throw new NotFoundError('Course');
    if (course.builtin_key !== null) {
      throw new ConflictError(
        `"${course.title}" is a built-in course and cannot be ${change}: clone it to make your own version.`,
      );
    }
    return course;
  }

  return {
    ensureCatalog,

    async listCourses(orgId: string, status: 'active' | 'archived' | 'all'): Promise<Course[]> {
      await ensureCatalog(orgId);
      const repository = createTrainingRepository(deps.db);
      const [rows, counts] = await Promise.all([
        repository.listCourses(orgId, status),
        repository.enrollmentCounts(orgId, deps.clock.now()),
      ]);
      const byCourse = new Map(counts.map((c) => [c.course_id, c]));
      return rows.map((row) => toCourse(row, byCourse.get(row.id)));
    },

    getCourse: courseDetail,

    async createCourse(ctx: RequestContext, input: CourseInput): Promise<CourseDetail> {
      const now = deps.clock.now();
      const id = await deps.db.transaction().execute(async (trx) => {
        const created = await createTrainingRepository(trx).insertCourse(ctx.orgId, courseWrite(input), now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'course.created',
          targetType: 'course',
          targetId: created,
          details: { title: input.title },
        });
        return created;
      });
      return courseDetail(ctx.orgId, id);
    },

    async updateCourse(ctx: RequestContext, id: string, input: CourseInput): Promise<CourseDetail> {
      await ensureCatalog(ctx.orgId);
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const course = await lockOwnCourse(trx, ctx.orgId, id, 'edited');
        await createTrainingRepository(trx).updateCourse(ctx.orgId, id, courseWrite(input), now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'course.updated',
          targetType: 'course',
          targetId: id,
          details: { title: input.title, previousTitle: course.title, version: course.version + 1 },
        });
      });
      return courseDetail(ctx.orgId, id);
    },

    /** A copy the organization owns and can edit, built-in or not. */
    async cloneCourse(ctx: RequestContext, id: string): Promise<CourseDetail> {
      const source = await courseDetail(ctx.orgId, id);
      return this.createCourse(ctx, {
        title: `Copy of ${source.title}`.slice(0, 200),
        summary: source.summary,
        estimatedMinutes: source.estimatedMinutes,
        passMark: source.passMark,
        videoUrl: source.videoUrl,
        lessons: source.lessons,
        quiz: source.quiz,
      });
    },

    /** Archived courses cannot be assigned; who has one keeps it. Built-in ones can be archived too. */
    async setCourseArchived(ctx: RequestContext, id: string, archived: boolean): Promise<CourseDetail> {
      await ensureCatalog(ctx.orgId);
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const repository = createTrainingRepository(trx);
        const course = await repository.lockCourse(ctx.orgId, id);
        if (!course) throw new NotFoundError('Course');
        const status = archived ? 'archived' : 'active';
        if (course.status === status) return;
        await repository.setCourseStatus(ctx.orgId, id, status, now);
        await createAuditRepository(trx).record(ctx, now, {
          action: archived ? 'course.archived' : 'course.restored',
          targetType: 'course',
          targetId: id,
          details: { title: course.title },
        });
      });
      return courseDetail(ctx.orgId, id);
    },

    async assign(ctx: RequestContext, input: CreateAssignmentInput) {
      await ensureCatalog(ctx.orgId);
      const now = deps.clock.now();
      const dueAt = new Date(input.dueAt);
      if (dueAt.getTime() < now.getTime() + HOUR) {
        throw new ValidationError('The due date must be at least an hour from now.', [
          { path: 'body.dueAt', message: 'must be at least an hour from now' },
        ]);
      }
      const userIds = [...new Set(input.userIds ?? [])];
      const groupIds = [...new Set(input.groupIds ?? [])];
      const departmentIds = [...new Set(input.departmentIds ?? [])];
      const result = await deps.db.transaction().execute(async (trx) => {
        const repository = createTrainingRepository(trx);
        const course = await repository.lockCourse(ctx.orgId, input.courseId);
        if (!course) throw new NotFoundError('Course');
        if (course.status === 'archived') {
          throw new ConflictError(`"${course.title}" is archived: restore it before assigning it.`);
        }
        const groups = await repository.groupIdsFound(ctx.orgId, groupIds);
        if (groups.size < groupIds.length) throw new NotFoundError('Group');
        const departments = await repository.departmentIdsFound(ctx.orgId, departmentIds);
        if (departments.size < departmentIds.length) throw new NotFoundError('Department');

        const assignmentId = await repository.insertAssignment(
          ctx.orgId,
          {
            courseId: course.id,
            dueAt,
            groupIds,
            departmentIds,
            includeFutureMembers: input.includeFutureMembers,
          },
          ctx.actor,
          now,
        );
        if (input.includeFutureMembers) {
          const dueInSeconds = Math.round((dueAt.getTime() - now.getTime()) / 1000);
          await repository.insertRules(
            ctx.orgId,
            assignmentId,
            course.id,
            { groupIds, departmentIds },
            dueInSeconds,
          );
        }
        const enrolled = await repository.enroll(
          ctx.orgId,
          { assignmentId, courseId: course.id, dueAt, userIds, groupIds, departmentIds },
          now,
        );
        await repository.setAssignmentUserCount(ctx.orgId, assignmentId, enrolled.enrolled);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'course.assigned',
          targetType: 'course',
          targetId: course.id,
          details: {
            course: course.title,
            assignmentId,
            dueAt: dueAt.toISOString(),
            groupIds,
            departmentIds,
            users: userIds.length,
            enrolled: enrolled.enrolled,
            includeFutureMembers: input.includeFutureMembers,
          },
        });
        const [row] = await repository.listAssignments(
          ctx.orgId,
          { id: assignmentId },
          { limit: 1, cursor: null },
        );
        return {
          assignment: toAssignment(row!),
          enrolled: enrolled.enrolled,
          alreadyEnrolled: enrolled.targeted - enrolled.disabled - enrolled.enrolled,
          skippedDisabled: enrolled.disabled,
          notFound: { userIds: enrolled.missing_ids },
        };
      });
      if (result.enrolled >= BULK_WRITE_ANALYZE_THRESHOLD) await refreshStatistics(deps.db, ['enrollments']);
      return result;
    },

    async listAssignments(orgId: string, query: { courseId?: string; limit: number; cursor?: string }) {
      const cursor = decodeCursor(query.cursor, 'timestamp');
      const rows = await createTrainingRepository(deps.db).listAssignments(
        orgId,
        { courseId: query.courseId },
        { limit: query.limit, cursor },
      );
      return toPage(rows, query.limit, (r) => ({ value: iso(r.created_at)!, id: r.id }), toAssignment);
    },

    /** Per course the group's members have: how many have it and where they stand. */
    async groupCourseCounts(orgId: string, groupId: string): Promise<GroupCourseCounts[]> {
      const repository = createTrainingRepository(deps.db);
      const missing = await repository.missingScope(orgId, { groupId });
      if (missing) throw new NotFoundError(missing);
      const rows = await repository.groupEnrollmentCounts(orgId, groupId, deps.clock.now());
      return rows.map((r) => ({
        course: { id: r.course_id, title: r.course_title, status: r.course_status },
        assigned: r.assigned,
        notStarted: r.not_started,
        inProgress: r.in_progress,
        completed: r.completed,
        overdue: r.overdue,
      }));
    },

    /** A course's, a group's or a user's enrollments, by user name. */
    async listEnrollments(
      orgId: string,
      scope: { courseId?: string; groupId?: string; userId?: string },
      query: ListEnrollmentsQuery,
    ): Promise<Page<Enrollment>> {
      const now = deps.clock.now();
      const cursor = decodeCursor(query.cursor);
      const repository = createTrainingRepository(deps.db);
      const missing = await repository.missingScope(orgId, scope);
      if (missing) throw new NotFoundError(missing);
      const rows = await repository.listEnrollments(
        orgId,
        { ...scope, courseId: scope.courseId ?? query.courseId },
        query,
        { limit: query.limit, cursor },
        now,
      );
      return toPage(rows, query.limit, enrollmentCursor, (r) => toEnrollment(r, now));
    },
  };
}
export type TrainingService = ReturnType<typeof createTrainingService>;
