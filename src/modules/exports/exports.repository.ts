/**
 * The CSV reports' rows (the Assigned Users Report; a course's and a group's enrollments), one keyset
 * page (by name) at a time, each already formatted as a CSV line by PostgreSQL: a 100,000-member export
 * then costs the server one string per row rather than a parsed row object with dates, and its memory
 * barely moves while it streams.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Cursor } from '../../platform/pagination.ts';
import { applyUserKeyset } from '../users/users.repository.ts';
import { csvCellSql } from './csv-writer.ts';

// ISO 8601 in UTC with milliseconds, exactly what Date#toISOString writes; empty when null. Such a
// cell never needs quotes and never starts like a formula.
export const isoUtc = (column: string) =>
  `coalesce(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')`;

const joinCells = (cells: string[]) => sql.raw(cells.join(` || ',' || `));

// User Name, Email Address, Department: the first cells of every report.
const PERSON_CELLS = [
  csvCellSql(`btrim(u.first_name || ' ' || u.last_name)`),
  csvCellSql('u.email'),
  csvCellSql('d.name'),
];

// The Assigned Users Report: the person, Last Login Date, Date Added to the Platform.
const LINE = sql.raw(
  `${[...PERSON_CELLS, isoUtc('u.last_login_at'), isoUtc('u.created_at')].join(` || ',' || `)} || E'\\r\\n'`,
);

// Enrollments: the person, [Course,] Status, Score, Completed At, Due At, Assigned At.
const AFTER_STATUS_CELLS = joinCells([
  `coalesce(e.score::text, '')`,
  isoUtc('e.completed_at'),
  isoUtc('e.due_at'),
  isoUtc('e.created_at'),
]);

/**
 * One enrollment as a CSV line. Its status in words, as the console shows it: overdue (past due, not
 * completed) wins over not started and in progress.
 */
function enrollmentLine(withCourse: boolean, now: Date) {
  const before = joinCells(withCourse ? [...PERSON_CELLS, csvCellSql('c.title')] : PERSON_CELLS);
  const status = sql`(case when e.status = 'completed' then 'Completed'
    when e.due_at < ${now}::timestamptz then 'Overdue'
    when e.status = 'in_progress' then 'In progress' else 'Not started' end)`;
  return sql<string>`${before} || ',' || ${status} || ',' || ${AFTER_STATUS_CELLS} || E'\\r\\n'`;
}

/** The position of the last row of a page of enrollments: the user's name sort, id, and the course. */
export interface EnrollmentCursor {
  nameSort: string;
  userId: string;
  courseId: string;
}

export function createExportRepository(db: Kysely<DB>) {
  return {
    async assignedUsersPage(orgId: string, groupId: string, after: Cursor | null, limit: number) {
      const query = db
        .selectFrom('group_memberships as m')
        .innerJoin('users as u', (join) =>
          join.onRef('u.org_id', '=', 'm.org_id').onRef('u.id', '=', 'm.user_id'),
        )
        .leftJoin('departments as d', (join) =>
          join.onRef('d.org_id', '=', 'u.org_id').onRef('d.id', '=', 'u.department_id'),
        )
        .select(['u.id', sql<string>`${LINE}`.as('line')])
        .where('m.org_id', '=', orgId)
        .where('m.group_id', '=', groupId);
      return applyUserKeyset(query, { sort: 'name', order: 'asc', limit, after }).execute();
    },

    /**
     * A page of enrollments as CSV lines, by user name: a course's (one per person), or a group's
     * members' (one per member and course, with the course's title).
     */
    async enrollmentsPage(
      orgId: string,
      scope: { courseId: string } | { groupId: string },
      now: Date,
      after: EnrollmentCursor | null,
      limit: number,
    ) {
      const inGroup = 'groupId' in scope;
      let query = db
        .selectFrom('enrollments as e')
        .innerJoin('users as u', (join) =>
          join.onRef('u.org_id', '=', 'e.org_id').onRef('u.id', '=', 'e.user_id'),
        )
        .innerJoin('courses as c', (join) =>
          join.onRef('c.org_id', '=', 'e.org_id').onRef('c.id', '=', 'e.course_id'),
        )
        .leftJoin('departments as d', (join) =>
          join.onRef('d.org_id', '=', 'u.org_id').onRef('d.id', '=', 'u.department_id'),
        )
        .select(['u.name_sort', 'u.id as user_id', 'e.course_id', enrollmentLine(inGroup, now).as('line')])
        .where('e.org_id', '=', orgId)
        .orderBy('u.name_sort')
        .orderBy('u.id')
        .orderBy('e.course_id')
        .limit(limit + 1);
      if ('courseId' in scope) query = query.where('e.course_id', '=', scope.courseId);
      else {
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('group_memberships as m')
              .select(sql.lit(1).as('one'))
              .where('m.org_id', '=', orgId)
              .where('m.group_id', '=', scope.groupId)
              .whereRef('m.user_id', '=', 'e.user_id'),
          ),
        );
      }
      if (after) {
        query = query.where(
          sql<boolean>`(u.name_sort, u.id, e.course_id) > (${after.nameSort}, ${after.userId}::uuid, ${after.courseId}::uuid)`,
        );
      }
      return query.execute();
    },

    /** A course's title, or undefined when the organization has no such course. */
    async courseTitle(orgId: string, courseId: string) {
      const row = await db
        .selectFrom('courses')
        .select('title')
        .where('org_id', '=', orgId)
        .where('id', '=', courseId)
        .executeTakeFirst();
      return row?.title;
    },
  };
}
