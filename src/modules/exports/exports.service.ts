/**
 * The Assigned Users Report: a group's members as CSV, streamed from the database in keyset batches
 * (lines formatted by PostgreSQL) so a 100,000-member group never sits in memory.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { DB } from '../../platform/db/schema.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { createGroupRepository } from '../groups/groups.repository.ts';
import { sortKeyOf } from '../users/users.mapper.ts';
import { csvLine } from './csv-writer.ts';
import { createExportRepository } from './exports.repository.ts';

export const ASSIGNED_USERS_HEADER = [
  'User Name',
  'Email Address',
  'Department',
  'Last Login Date',
  'Date Added to the Platform',
];
// Rows per keyset query: each page is one query whose lines PostgreSQL formats (exports.repository.ts).
const BATCH_SIZE = 1000;

export function createExportService(deps: { db: Kysely<DB>; clock: Clock }) {
  return {
    /** Checks the group first, so a missing one is a 404 before any byte is streamed. */
    async assignedUsersReport(orgId: string, groupId: string) {
      const group = await createGroupRepository(deps.db).findBasics(orgId, groupId);
      if (!group) throw new NotFoundError('Group');
      const day = deps.clock.now().toISOString().slice(0, 10);
      const reports = createExportRepository(deps.db);
      async function* lines(): AsyncGenerator<string> {
        yield csvLine(ASSIGNED_USERS_HEADER);
        let after: { value: string; id: string } | null = null;
        for (;;) {
          const rows = await reports.assignedUsersPage(orgId, groupId, after, BATCH_SIZE);
          const page = rows.slice(0, BATCH_SIZE);
          let chunk = '';
          for (const r of page) chunk += r.line;
          if (chunk) yield chunk;
          const last = page.at(-1);
          if (rows.length <= BATCH_SIZE || !last) return;
          after = { value: sortKeyOf(last), id: last.id };
        }
      }
      return { filename: `${group.name}-users-${day}.csv`, lines: lines() };
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
