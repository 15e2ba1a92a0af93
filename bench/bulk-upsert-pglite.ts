/**
 * Bulk upsert of 100,000 users in one CSV request through the real server on the embedded PGlite
 * database (a fresh temporary data dir), then the same file again (all unchanged).
 */
import { pathToFileURL } from 'node:url';
import {
  createPgliteDataDir,
  createTenant,
  openContainer,
  requestOk,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atMost, type Benchmark, type Measurement, runAlone, seconds } from './support/results.ts';
import { generateUsersCsv } from './support/users-csv.ts';

const USERS = 100_000;

export const benchmark: Benchmark = {
  name: 'bulk-upsert-pglite',
  description: 'POST /api/v1/users/bulk with 100,000 CSV rows on PGlite, then again unchanged',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const { csv } = generateUsersCsv(USERS);
      const database = createPgliteDataDir('bulk');
      // PGlite serves one process: set the tenant up, close, then hand the data dir to the server.
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      await container.close();

      const server = await startHeedServer(database);
      const body = { type: 'text/csv', data: csv };
      const first = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/users/bulk', body);
      const report = JSON.parse(first.text) as { created: number; failed: number };
      if (report.created !== USERS || report.failed !== 0) {
        throw new Error(`Unexpected import report: ${first.text.slice(0, 300)}`);
      }
      const again = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/users/bulk', body);
      await server.stop();

      return [
        atMost('bulk-upsert-pglite', '100k new users, PGlite ≤ 8 s', first.ms, 8000, seconds),
        {
          benchmark: 'bulk-upsert-pglite',
          target: 'same file again (unchanged), PGlite',
          measured: seconds(again.ms),
          pass: null,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
