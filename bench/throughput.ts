/**
 * Authenticated GET of a members page (limit 50, API key) under load: autocannon, 50 connections,
 * against the real server on PostgreSQL; then the same load against a bare Fastify hello-world in a
 * child process of its own, measured in the same run, as the ceiling of this machine.
 *
 * The same page asked for again is served from the server's page cache after a check of the
 * organization's directory version (platform/page-cache.ts), as it is in production. The same load
 * on a server that keeps no pages (PAGE_CACHE_MB=0) is measured too, and printed beside it: what a
 * page costs when it is read from the database every time.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/platform/db/database.ts';
import {
  cpuFrom,
  createPostgresDatabase,
  createTenant,
  openContainer,
  perRequest,
  ROOT,
  seedUsersAndGroup,
  startHeedServer,
  startProcess,
  withCleanup,
} from './support/environment.ts';
import { atLeast, type Benchmark, type Measurement, runAlone } from './support/results.ts';

const USERS = 100_000;
const CONNECTIONS = 50;
const WARM_UP_SECONDS = 3;
const SECONDS = 10;

async function load(url: string, headers: Record<string, string>, duration: number) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  }
  return result;
}

const perSecond = (v: number) => `${Math.round(v).toLocaleString('en-US')} req/s`;

export const benchmark: Benchmark = {
  name: 'throughput',
  description: 'autocannon, 50 connections: authenticated members page vs a bare Fastify hello-world',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const database = await createPostgresDatabase('throughput');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId } = await seedUsersAndGroup(container, tenant, USERS);
      await container.close();

      const url = (server: { url: string }) => `${server.url}/api/v1/groups/${groupId}/members?limit=50`;
      const headers = { authorization: `Bearer ${tenant.apiKey}` };
      const reader = await openDatabase({ kind: 'postgres', url: database.url!, poolSize: 1 });
      const measure = async (env: Record<string, string>) => {
        const server = await startHeedServer(database, env);
        await load(url(server), headers, WARM_UP_SECONDS);
        const cpu = await cpuFrom(server.pid, reader.db);
        const result = await load(url(server), headers, SECONDS);
        const spent = await cpu();
        await server.stop();
        return { result, spent };
      };
      const { result: heed, spent } = await measure({});
      const uncached = await measure({ PAGE_CACHE_MB: '0' });
      await reader.close();

      const hello = await startProcess(
        ['--import', 'tsx', join(ROOT, 'bench/support/hello-server.ts')],
        {},
        '/',
      );
      await load(hello.url, {}, WARM_UP_SECONDS);
      const bare = await load(hello.url, {}, SECONDS);
      await hello.stop();

      const ratio = `${((heed.requests.average / bare.requests.average) * 100).toFixed(1)} % of hello-world`;
      return [
        atLeast(
          'throughput',
          'authenticated members page ≥ 3,000 req/s (the same page again: kept pages, version-checked)',
          heed.requests.average,
          3000,
          perSecond,
          `${ratio} (${perSecond(bare.requests.average)})`,
        ),
        {
          benchmark: 'throughput',
          target: 'per members page: CPU of server / PostgreSQL / autocannon',
          measured: perRequest(spent, heed.requests.total),
          pass: null,
        },
        {
          benchmark: 'throughput',
          target: 'members page latency p50 / p99 under that load',
          measured: `${heed.latency.p50} ms / ${heed.latency.p99} ms`,
          pass: null,
        },
        {
          benchmark: 'throughput',
          target: 'the same without the page cache (PAGE_CACHE_MB=0): every page read from the database',
          measured: perSecond(uncached.result.requests.average),
          pass: null,
          ratio: `CPU per page ${perRequest(uncached.spent, uncached.result.requests.total)}; p50 / p99 ${uncached.result.latency.p50} / ${uncached.result.latency.p99} ms`,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
