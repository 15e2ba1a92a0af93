/**
 * The server's resident memory at idle on PostgreSQL: `heed serve` as a child process, read from
 * /proc/<pid>/status once started, and again after some light traffic and a few idle seconds.
 */
import { pathToFileURL } from 'node:url';
import {
  createPostgresDatabase,
  createTenant,
  openContainer,
  requestOk,
  seedUsersAndGroup,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atMost, type Benchmark, type Measurement, megabytes, runAlone } from './support/results.ts';

const LIMIT = 150 * 1024 * 1024;

export const benchmark: Benchmark = {
  name: 'idle-memory',
  description: 'RSS of `heed serve` at idle on PostgreSQL, after start and after light traffic',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const database = await createPostgresDatabase('idle');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId } = await seedUsersAndGroup(container, tenant, 1000);
      await container.close();

      const server = await startHeedServer(database);
      await new Promise((r) => setTimeout(r, 3000));
      const afterStart = server.rss();
      for (let i = 0; i < 200; i++) {
        await requestOk(server, tenant.apiKey, 'GET', `/api/v1/groups/${groupId}/members?limit=50`);
        await requestOk(server, tenant.apiKey, 'GET', '/api/v1/users?limit=20');
      }
      await requestOk(server, tenant.apiKey, 'GET', '/api/openapi.json');
      await new Promise((r) => setTimeout(r, 5000));
      const afterTraffic = server.rss();
      await server.stop();

      return [
        atMost('idle-memory', 'idle RSS after start ≤ 150 MB', afterStart, LIMIT, megabytes),
        atMost('idle-memory', 'idle RSS after light traffic ≤ 150 MB', afterTraffic, LIMIT, megabytes),
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
