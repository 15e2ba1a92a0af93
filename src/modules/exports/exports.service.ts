/**
 * CSV reports, streamed from the database in keyset batches (lines formatted by PostgreSQL) so a
 * 100,000-member group never sits in memory: the Assigned Users Report (a group's members), and the
 * training reports (a course's enrollments; a group's members' enrollments, one row per course).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { DB } from '../../platform/db/schema.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { createGroupRepository } from '../groups/groups.repository.ts';
import { sortKeyOf } from '../users/users.mapper.ts';
import { csvLine } from './csv-writer.ts';
import { createExportRepository, type EnrollmentCursor } from './exports.repository.ts';

export const ASSIGNED_USERS_HEADER = [
  'User Name',
  'Email Address',
  'Department',
  'Last Login Date',
  'Date Added to the Platform',
];
const ENROLLMENT_COLUMNS = ['Status', 'Score', 'Completed At', 'Due At', 'Assigned At'];
export const COURSE_ENROLLMENTS_HEADER = ['User Name', 'Email Address', 'Department', ...ENROLLMENT_COLUMNS];
export const GROUP_ENROLLMENTS_HEADER = [
  'User Name',
  'Email Address',
  'Department',
  'Course',
  ...ENROLLMENT_COLUMNS,
];
// Rows per keyset query: each page is one query whose lines PostgreSQL formats (exports.repository.ts).
const BATCH_SIZE = 1000;

/**
 * A CSV as it streams: the header, then each keyset page's lines (formatted by PostgreSQL) joined
 * into one chunk, until a page comes back short. `page` asks for one row more than a batch to know.
 */
export async function* keysetCsv<Row extends { line: string }, Cursor>(
  header: string[],
  page: (after: Cursor | null, limit: number) => Promise<Row[]>,
  cursorOf: (last: Row) => Cursor,
): AsyncGenerator<string> {
  yield csvLine(header);
  let after: Cursor | null = null;
  for (;;) {
    const rows = await page(after, BATCH_SIZE);
    const batch = rows.slice(0, BATCH_SIZE);
    let chunk = '';
    for (const r of batch) chunk += r.line;
    if (chunk) yield chunk;
    const last = batch.at(-1);
    if (rows.length <= BATCH_SIZE || !last) return;
    after = cursorOf(last);
  }
}

export function createExportService(deps: { db: Kysely<DB>; clock: Clock }) {
  /** Statuses are as of the moment the report starts, for every row. */
  function enrollmentsReport(
    orgId: string,
    scope: { courseId: string } | { groupId: string },
    header: string[],
    name: string,
  ) {
    const now = deps.clock.now();
    const reports = createExportRepository(deps.db);
    const lines = keysetCsv(
      header,
      (after: EnrollmentCursor | null, limit) => reports.enrollmentsPage(orgId, scope, now, after, limit),
      (last) => ({ nameSort: last.name_sort, userId: last.user_id, courseId: last.course_id }),
    );
    const day = now.toISOString().slice(0, 10);
    return { filename: `${name}-enrollments-${day}.csv`, lines };
  }

  return {
    /** Checks the group first, so a missing one is a 404 before any byte is streamed. */
    async assignedUsersReport(orgId: string, groupId: string) {
      const group = await createGroupRepository(deps.db).findBasics(orgId, groupId);
      if (!group) throw new NotFoundError('Group');
      const day = deps.clock.now().toISOString().slice(0, 10);
      const reports = createExportRepository(deps.db);
      const lines = keysetCsv(
        ASSIGNED_USERS_HEADER,
        (after: { value: string; id: string } | null, limit) =>
          reports.assignedUsersPage(orgId, groupId, after, limit),
        (last) => ({ value: sortKeyOf(last), id: last.id }),
      );
      return { filename: `${group.name}-users-${day}.csv`, lines };
    },

    /** A course's enrollments, one row per person; a missing course is a 404 before any byte. */
    async courseEnrollmentsReport(orgId: string, courseId: string) {
      const title = await createExportRepository(deps.db).courseTitle(orgId, courseId);
      if (title === undefined) throw new NotFoundError('Course');
      return enrollmentsReport(orgId, { courseId }, COURSE_ENROLLMENTS_HEADER, title);
    },

    /** The enrollments of a group's members, one row per member and course. */
    async groupEnrollmentsReport(orgId: string, groupId: string) {
      const group = await createGroupRepository(deps.db).findBasics(orgId, groupId);
      if (!group) throw new NotFoundError('Group');
      return enrollmentsReport(orgId, { groupId }, GROUP_ENROLLMENTS_HEADER, group.name);
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
