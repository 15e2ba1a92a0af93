/**
 * The Assigned Users Report of a 100,000-member group (GET /api/v1/groups/:id/members.csv) from the
 * real server on PostgreSQL: its duration, and how much the server's RSS grows meanwhile (sampled
 * from /proc/<pid>/status every few milliseconds, against the RSS just before the request).
 */
import { pathToFileURL } from 'node:url';
import { systemContext } from '../src/platform/context.ts';
import {
  createPostgresDatabase,
  createTenant,
  openContainer,
  requestOk,
  seedUsersAndGroup,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atMost, type Benchmark, type Measurement, megabytes, runAlone, seconds } from './support/results.ts';

const USERS = 100_000;
const SAMPLE_EVERY_MS = 5;
const WARM_UP_MEMBERS = 2000;

export const benchmark: Benchmark = {
  name: 'export-csv',
  description: 'GET /api/v1/groups/:id/members.csv of a 100,000-member group on PostgreSQL, with RSS',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const database = await createPostgresDatabase('export');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId, emails } = await seedUsersAndGroup(container, tenant, USERS);
      const ctx = systemContext(tenant.orgId, 'benchmark seed');
      const warmUpGroup = await container.services.groups.create(ctx, 'Warm-up');
      await container.services.memberships.add(ctx, warmUpGroup.id, {
        emails: emails.slice(0, WARM_UP_MEMBERS),
      });
      await container.close();

      const server = await startHeedServer(database);
      // A first, small export compiles the code path and fills the pool, so what is measured is what
      // a 100,000-row export adds to a server that has exported before; then the heap settles.
      await requestOk(server, tenant.apiKey, 'GET', `/api/v1/groups/${warmUpGroup.id}/members.csv`);
      await new Promise((r) => setTimeout(r, 2000));

      const before = server.rss();
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, server.rss());
      }, SAMPLE_EVERY_MS);
      const started = performance.now();
      const response = await fetch(`${server.url}/api/v1/groups/${groupId}/members.csv`, {
        headers: { authorization: `Bearer ${tenant.apiKey}` },
        signal: AbortSignal.timeout(120_000),
      });
      if (response.status !== 200 || !response.body) throw new Error(`Export answered ${response.status}`);
      let lines = 0;
      let bytes = 0;
      for await (const chunk of response.body) {
        const data = chunk as Uint8Array;
        bytes += data.length;
        for (let i = 0; i < data.length; i++) if (data[i] === 10) lines++;
        peak = Math.max(peak, server.rss());
      }
      const elapsed = performance.now() - started;
      clearInterval(sampler);
      peak = Math.max(peak, server.rss());
      await server.stop();
      if (lines !== USERS + 1) throw new Error(`The export has ${lines} lines, expected ${USERS + 1}`);

      return [
        atMost(
          'export-csv',
          '100k-member CSV export ≤ 2 s',
          elapsed,
          2000,
          seconds,
          `${megabytes(bytes)} sent`,
        ),
        atMost(
          'export-csv',
          'server RSS growth during export < 50 MB',
          peak - before,
          50 * 1024 * 1024,
          megabytes,
          `RSS ${megabytes(before)} → peak ${megabytes(peak)}`,
        ),
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
