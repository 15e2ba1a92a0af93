/**
 * Courses, assignments and enrollments. Assigning is set-based: the targeted users are resolved and
 * enrolled by one statement, however many there are.
 */
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { CourseLesson, CourseQuestion, DB } from '../../platform/db/schema.ts';
import type { Cursor } from '../../platform/pagination.ts';
import { applyUserFilters } from '../users/users.repository.ts';
import type { CatalogCourse } from './catalog/types.ts';

export interface CourseWrite {
  title: string;
  summary: string;
  estimated_minutes: number;
  pass_mark: number;
  video_url: string | null;
  lessons: CourseLesson[];
  quiz: CourseQuestion[];
}

const COURSE_COLUMNS = [
  'c.id',
  'c.builtin_key',
  'c.title',
  'c.summary',
  'c.estimated_minutes',
  'c.pass_mark',
  'c.video_url',
  'c.version',
  'c.status',
  'c.created_at',
  'c.updated_at',
  sql<number>`jsonb_array_length(c.lessons)`.as('lesson_count'),
  sql<number>`jsonb_array_length(c.quiz)`.as('question_count'),
] as const;

export interface EnrollmentCountsRow {
  course_id: string;
  assigned: number;
  not_started: number;
  in_progress: number;
  completed: number;
  overdue: number;
}

export function createTrainingRepository(db: Kysely<DB>) {
  return {
    /** The built-in keys and versions this organization holds. */
    async builtInVersions(orgId: string) {
      const rows = await db
        .selectFrom('courses')
        .select(['builtin_key', 'builtin_version'])
        .where('org_id', '=', orgId)
        .where('builtin_key', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.builtin_key!, r.builtin_version ?? 0]));
    },

    /** Copies built-in courses in, or brings copies up to date (content only: status stays). */
    async upsertBuiltIns(orgId: string, courses: CatalogCourse[], now: Date) {
      for (const course of courses) {
        const content = {
          title: course.title,
          summary: course.summary,
          estimated_minutes: course.estimatedMinutes,
          pass_mark: course.passMark,
          lessons: JSON.stringify(course.lessons),
          quiz: JSON.stringify(course.quiz),
          builtin_version: course.version,
          updated_at: now,
        };
        await db
          .insertInto('courses')
          .values({ org_id: orgId, builtin_key: course.key, video_url: null, created_at: now, ...content })
          .onConflict((oc) =>
            oc
              .columns(['org_id', 'builtin_key'])
              .where('builtin_key', 'is not', null)
              .doUpdateSet({ ...content, version: sql`courses.version + 1` })
              .where('courses.builtin_version', '<', course.version),
          )
          .execute();
      }
    },

    async listCourses(orgId: string, status: 'active' | 'archived' | 'all') {
      let query = db
        .selectFrom('courses as c')
        .select(COURSE_COLUMNS)
        .where('c.org_id', '=', orgId)
        .orderBy(sql`c.builtin_key is null`)
        .orderBy(sql`lower(c.title)`)
        .orderBy('c.id');
      if (status !== 'all') query = query.where('c.status', '=', status);
      return query.execute();
    },

    async findCourse(orgId: string, id: string) {
      return db
        .selectFrom('courses as c')
        .select([...COURSE_COLUMNS, 'c.lessons', 'c.quiz'])
        .where('c.org_id', '=', orgId)
        .where('c.id', '=', id)
        .executeTakeFirst();
    },

    /** The course row alone, locked for the rest of the transaction. */
    async lockCourse(orgId: string, id: string) {
      return db
        .selectFrom('courses')
        .select(['id', 'title', 'builtin_key', 'status', 'version'])
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    async insertCourse(orgId: string, course: CourseWrite, now: Date) {
      const row = await db
        .insertInto('courses')
        .values({
          org_id: orgId,
          builtin_key: null,
          builtin_version: null,
          ...course,
          lessons: JSON.stringify(course.lessons),
          quiz: JSON.stringify(course.quiz),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateCourse(orgId: string, id: string, course: CourseWrite, now: Date) {
      await db
        .updateTable('courses')
        .set({
          ...course,
          lessons: JSON.stringify(course.lessons),
          quiz: JSON.stringify(course.quiz),
          version: sql`version + 1`,
          updated_at: now,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    async setCourseStatus(orgId: string, id: string, status: 'active' | 'archived', now: Date) {
      await db
        .updateTable('courses')
        .set({ status, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    /** Per course: how many are enrolled, and where they stand. */
    async enrollmentCounts(orgId: string, now: Date, courseId?: string): Promise<EnrollmentCountsRow[]> {
      const result = await sql<EnrollmentCountsRow>`
        select e.course_id,
               count(*)::int as assigned,
               (count(*) filter (where e.status = 'not_started'))::int as not_started,
               (count(*) filter (where e.status = 'in_progress'))::int as in_progress,
               (count(*) filter (where e.status = 'completed'))::int as completed,
               (count(*) filter (where e.status <> 'completed' and e.due_at < ${now}::timestamptz))::int as overdue
        from enrollments e
        where e.org_id = ${orgId}::uuid ${courseId ? sql`and e.course_id = ${courseId}::uuid` : sql``}
        group by e.course_id`.execute(db);
      return result.rows;
    },

    /** Per course any current member of the group has: how many members have it, and where they stand. */
    async groupEnrollmentCounts(orgId: string, groupId: string, now: Date) {
      const result = await sql<
        EnrollmentCountsRow & { course_title: string; course_status: 'active' | 'archived' }
      >`
        select e.course_id, c.title as course_title, c.status as course_status,
               count(*)::int as assigned,
               (count(*) filter (where e.status = 'not_started'))::int as not_started,
               (count(*) filter (where e.status = 'in_progress'))::int as in_progress,
               (count(*) filter (where e.status = 'completed'))::int as completed,
               (count(*) filter (where e.status <> 'completed' and e.due_at < ${now}::timestamptz))::int as overdue
        from group_memberships m
        join enrollments e on e.org_id = m.org_id and e.user_id = m.user_id
        join courses c on c.org_id = e.org_id and c.id = e.course_id
        where m.org_id = ${orgId}::uuid and m.group_id = ${groupId}::uuid
        group by e.course_id, c.title, c.status
        order by lower(c.title), e.course_id`.execute(db);
      return result.rows;
    },

    async groupIdsFound(orgId: string, ids: string[]) {
      if (ids.length === 0) return new Set<string>();
      const rows = await db
        .selectFrom('groups')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .forShare()
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    async departmentIdsFound(orgId: string, ids: string[]) {
      if (ids.length === 0) return new Set<string>();
      const rows = await db
        .selectFrom('departments')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .forShare()
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    async insertAssignment(
      orgId: string,
      values: {
        courseId: string;
        dueAt: Date;
        groupIds: string[];
        departmentIds: string[];
        includeFutureMembers: boolean;
      },
      actor: Actor,
      now: Date,
    ) {
      const row = await db
        .insertInto('assignments')
        .values({
          org_id: orgId,
          course_id: values.courseId,
          due_at: values.dueAt,
          group_ids: values.groupIds,
          department_ids: values.departmentIds,
          include_future_members: values.includeFutureMembers,
          created_at: now,
          created_by_type: actor.type,
          created_by_id: actor.id,
          created_by_label: actor.label,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async insertRules(
      orgId: string,
      assignmentId: string,
      courseId: string,
      targets: { groupIds: string[]; departmentIds: string[] },
      dueInSeconds: number,
    ) {
      const rows = [
        ...targets.groupIds.map((id) => ({ group_id: id, department_id: null })),
        ...targets.departmentIds.map((id) => ({ group_id: null, department_id: id })),
      ];
      if (rows.length === 0) return;
      await db
        .insertInto('assignment_rules')
        .values(
          rows.map((r) => ({
            org_id: orgId,
            assignment_id: assignmentId,
            course_id: courseId,
            ...r,
            due_in: `${dueInSeconds} seconds`,
          })),
        )
        .execute();
    },

    /**
     * Enrolls the organization's users named by id, by group or by department in the course, once
     * each, in one statement. Disabled users are counted, not enrolled; users who already have the
     * course keep their enrollment.
     */
    async enroll(
      orgId: string,
      input: {
        assignmentId: string;
        courseId: string;
        dueAt: Date;
        userIds: string[];
        groupIds: string[];
        departmentIds: string[];
      },
      now: Date,
    ) {
      const result = await sql<{
        enrolled: number;
        targeted: number;
        disabled: number;
        missing_ids: string[];
      }>`
        with wanted as materialized (
          select w.id from unnest(${arrayLiteral(input.userIds)}::uuid[]) as w(id)
        ), named as materialized (
          select u.id, u.status from wanted w join users u on u.org_id = ${orgId}::uuid and u.id = w.id
        ), targeted as materialized (
          select id, status from named
          union
          select u.id, u.status from group_memberships m
          join users u on u.org_id = m.org_id and u.id = m.user_id
          where m.org_id = ${orgId}::uuid and m.group_id = any(${arrayLiteral(input.groupIds)}::uuid[])
          union
          select u.id, u.status from users u
          where u.org_id = ${orgId}::uuid and u.department_id = any(${arrayLiteral(input.departmentIds)}::uuid[])
        ), enrolled as (
          insert into enrollments (org_id, user_id, course_id, assignment_id, due_at, created_at)
          select ${orgId}::uuid, t.id, ${input.courseId}::uuid, ${input.assignmentId}::uuid,
                 ${input.dueAt}::timestamptz, ${now}::timestamptz
          from targeted t
          where t.status = 'active'
            and not exists (
              select 1 from enrollments e
              where e.org_id = ${orgId}::uuid and e.course_id = ${input.courseId}::uuid and e.user_id = t.id
            )
          on conflict (org_id, user_id, course_id) do nothing
          returning 1
        )
        select (select count(*) from enrolled)::int as enrolled,
               (select count(*) from targeted)::int as targeted,
               (select count(*) from targeted where status <> 'active')::int as disabled,
               array(select w.id::text from wanted w where not exists (select 1 from named n where n.id = w.id)) as missing_ids`.execute(
        db,
      );
      return result.rows[0]!;
    },

    async setAssignmentUserCount(orgId: string, id: string, count: number) {
      await db
        .updateTable('assignments')
        .set({ user_count: count })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    async listAssignments(
      orgId: string,
      filters: { courseId?: string; id?: string },
      page: { limit: number; cursor: Cursor | null },
    ) {
      let query = db
        .selectFrom('assignments as a')
        .innerJoin('courses as c', (j) =>
          j.onRef('c.org_id', '=', 'a.org_id').onRef('c.id', '=', 'a.course_id'),
        )
        .select([
          'a.id',
          'a.course_id',
          'c.title as course_title',
          'a.due_at',
          'a.group_ids',
          'a.department_ids',
          'a.user_count',
          'a.include_future_members',
          'a.created_at',
          'a.created_by_type',
          'a.created_by_id',
          'a.created_by_label',
        ])
        .where('a.org_id', '=', orgId)
        .orderBy('a.created_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(page.limit + 1);
      if (filters.courseId) query = query.where('a.course_id', '=', filters.courseId);
      if (filters.id) query = query.where('a.id', '=', filters.id);
      if (page.cursor) {
        query = query.where(
          sql<boolean>`(a.created_at, a.id) < (${page.cursor.value}::timestamptz, ${page.cursor.id}::uuid)`,
        );
      }
      return query.execute();
    },

    /** Enrollments with their users, by user name: a course's, a group's members', or one user's. */
    async listEnrollments(
      orgId: string,
      scope: { courseId?: string; groupId?: string; userId?: string },
      filters: { status?: string; search?: string },
      page: { limit: number; cursor: Cursor | null },
      now: Date,
    ) {
      let query = db
        .selectFrom('enrollments as e')
        .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 'e.org_id').onRef('u.id', '=', 'e.user_id'))
        .innerJoin('courses as c', (j) =>
          j.onRef('c.org_id', '=', 'e.org_id').onRef('c.id', '=', 'e.course_id'),
        )
        .leftJoin('departments as d', (j) =>
          j.onRef('d.org_id', '=', 'u.org_id').onRef('d.id', '=', 'u.department_id'),
        )
        .select([
          'e.user_id',
          'u.email',
          'u.first_name',
          'u.last_name',
          'd.name as department_name',
          'u.status as user_status',
          'u.name_sort',
          'e.course_id',
          'c.title as course_title',
          'e.status',
          'e.due_at',
          'e.lessons_completed',
          'e.quiz_attempts',
          'e.score',
          'e.started_at',
          'e.completed_at',
          'e.created_at',
        ])
        .where('e.org_id', '=', orgId)
        .orderBy('u.name_sort')
        .orderBy('u.id')
        .orderBy('e.course_id')
        .limit(page.limit + 1);
      if (scope.courseId) query = query.where('e.course_id', '=', scope.courseId);
      if (scope.userId) query = query.where('e.user_id', '=', scope.userId);
      if (scope.groupId) {
        const groupId = scope.groupId;
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('group_memberships as gm')
              .select(sql.lit(1).as('one'))
              .where('gm.org_id', '=', orgId)
              .where('gm.group_id', '=', groupId)
              .whereRef('gm.user_id', '=', 'e.user_id'),
          ),
        );
      }
      switch (filters.status) {
        case 'not_started':
        case 'in_progress':
        case 'completed':
          query = query.where('e.status', '=', filters.status);
          break;
        case 'pending':
          query = query.where('e.status', '<>', 'completed');
          break;
        case 'overdue':
          query = query.where('e.status', '<>', 'completed').where('e.due_at', '<', now);
          break;
      }
      // The users list's own search (name or email), on the same aliases.
      query = applyUserFilters(query, orgId, { search: filters.search });
      if (page.cursor) {
        // The cursor's id is the user's; its value the name sort and the course, joined by U+0001.
        const [nameSort, courseId] = page.cursor.value.split('\u0001');
        query = query.where(
          sql<boolean>`(u.name_sort, u.id, e.course_id) > (${nameSort ?? ''}, ${page.cursor.id}::uuid, ${courseId ?? '00000000-0000-0000-0000-000000000000'}::uuid)`,
        );
      }
      return query.execute();
    },

    /** What of a list's scope does not exist in the organization ('Course', 'Group', 'User'), if anything. */
    async missingScope(orgId: string, scope: { courseId?: string; groupId?: string; userId?: string }) {
      const row = await sql<{ course: boolean; group: boolean; user: boolean }>`
        select ${scope.courseId ?? null}::uuid is null
                 or exists (select 1 from courses where org_id = ${orgId}::uuid and id = ${scope.courseId ?? null}::uuid) as course,
               ${scope.groupId ?? null}::uuid is null
                 or exists (select 1 from groups where org_id = ${orgId}::uuid and id = ${scope.groupId ?? null}::uuid) as "group",
               ${scope.userId ?? null}::uuid is null
                 or exists (select 1 from users where org_id = ${orgId}::uuid and id = ${scope.userId ?? null}::uuid) as "user"`.execute(
        db,
      );
      const found = row.rows[0]!;
      if (!found.course) return 'Course';
      if (!found.group) return 'Group';
      if (!found.user) return 'User';
      return null;
    },

    /** One user's pending enrollments with their courses (reminders). */
    async pendingByUser(orgId: string, userIds: string[]) {
      if (userIds.length === 0) return [];
      return db
        .selectFrom('enrollments as e')
        .innerJoin('courses as c', (j) =>
          j.onRef('c.org_id', '=', 'e.org_id').onRef('c.id', '=', 'e.course_id'),
        )
        .select(['e.user_id', 'e.course_id', 'c.title', 'e.due_at', 'e.status'])
        .where('e.org_id', '=', orgId)
        .where('e.user_id', '=', sql<string>`any(${arrayLiteral(userIds)}::uuid[])`)
        .where('e.status', '<>', 'completed')
        .where('c.status', '=', 'active')
        .orderBy('e.due_at')
        .execute();
    },
  };
}
export type TrainingRepository = ReturnType<typeof createTrainingRepository>;
