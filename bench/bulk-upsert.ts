/**
 * Bulk upsert of 100,000 users in one CSV request (POST /api/v1/users/bulk, text/csv) through the
 * real server on PostgreSQL: first all new, then the same file again (all unchanged). Compared with
 * a plain COPY of the same file into a bare table, measured in the same run.
 */
import { pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.ts';
import type { DB } from '../src/platform/db/schema.ts';
import { timePlainCopy } from './support/copy-baseline.ts';
import {
  cpuFrom,
  createPostgresDatabase,
  createTenant,
  openContainer,
  requestOk,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atMost, type Benchmark, type Measurement, runAlone, seconds } from './support/results.ts';
import { generateUsersCsv } from './support/users-csv.ts';

const USERS = 100_000;

/**
 * Waits until no other session of this database is running a statement: the full ANALYZE an
 * upload starts in the background (after answering) belongs to its cost.
 */
async function databaseSettled(db: Kysely<DB>) {
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`.execute(db);
    if (rows[0]!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectReport(text: string, expected: { created: number; unchanged: number }) {
  const report = JSON.parse(text) as { created: number; unchanged: number; failed: number };
  if (report.created !== expected.created || report.unchanged !== expected.unchanged || report.failed !== 0) {
    throw new Error(`Unexpected import report: ${text.slice(0, 300)}`);
  }
}

export const benchmark: Benchmark = {
  name: 'bulk-upsert',
  description: 'POST /api/v1/users/bulk with 100,000 CSV rows on PostgreSQL, then again unchanged',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const { csv } = generateUsersCsv(USERS);
      const database = await createPostgresDatabase('bulk');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      await container.close();

      const copyMs = await timePlainCopy(database.url!, csv);
      const server = await startHeedServer(database);
      // CPU time moves less than wall time on a shared machine: the figure to compare changes by.
      const reader = await openDatabase({ kind: 'postgres', url: database.url!, poolSize: 1 });
      const body = { type: 'text/csv', data: csv };
      const firstCpu = await cpuFrom(server.pid, reader.db);
      const first = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/users/bulk', body);
      await databaseSettled(reader.db);
      const firstSpent = await firstCpu();
      expectReport(first.text, { created: USERS, unchanged: 0 });
      const againCpu = await cpuFrom(server.pid, reader.db);
      const again = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/users/bulk', body);
      await databaseSettled(reader.db);
      const againSpent = await againCpu();
      expectReport(again.text, { created: 0, unchanged: USERS });
      await reader.close();
      await server.stop();
      const cpu = (spent: { server: number; database: number }) =>
        `${seconds(spent.server)} / ${seconds(spent.database)}`;

      const ratio = (ms: number) => `${(ms / copyMs).toFixed(1)}× COPY (${seconds(copyMs)})`;
      return [
        atMost('bulk-upsert', '100k new users, PostgreSQL ≤ 2 s', first.ms, 2000, seconds, ratio(first.ms)),
        atMost(
          'bulk-upsert',
          'same file again (unchanged) ≤ 1.5 s',
          again.ms,
          1500,
          seconds,
          ratio(again.ms),
        ),
        {
          benchmark: 'bulk-upsert',
          target: 'CPU of the server / PostgreSQL (with the background ANALYZE): new upload; same file again',
          measured: `${cpu(firstSpent)}; ${cpu(againSpent)}`,
          pass: null,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
