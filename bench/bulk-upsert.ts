/**
 * Bulk upsert of 100,000 users in one CSV request (POST /api/v1/users/bulk, text/csv) through the
 * real server on PostgreSQL: first all new, then the same file again (all unchanged). Compared with
 * a plain COPY of the same file into a bare table, measured in the same run.
 */
import { pathToFileURL } from 'node:url';
import { timePlainCopy } from './support/copy-baseline.ts';
import {
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
      const body = { type: 'text/csv', data: csv };
      const first = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/users/bulk', body);
      expectReport(first.text, { created: USERS, unchanged: 0 });
      const again = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/users/bulk', body);
      expectReport(again.text, { created: 0, unchanged: USERS });
      await server.stop();

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
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
