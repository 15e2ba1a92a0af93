/**
 * A members page (limit 50) deep inside a 100,000-member group, through the real server on
 * PostgreSQL: sequential requests with cursors taken from 80–99 % into the list (default sort,
 * name), one at a time over a kept-alive connection; p50 and p95 of the request duration.
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { encodeCursor } from '../src/platform/pagination.ts';
import {
  createPostgresDatabase,
  createTenant,
  openContainer,
  requestOk,
  seedUsersAndGroup,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atMost, type Benchmark, type Measurement, millis, percentile, runAlone } from './support/results.ts';

const USERS = 100_000;
const WARM_UP = 50;
const SAMPLES = 300;

export const benchmark: Benchmark = {
  name: 'members-page',
  description: 'GET /api/v1/groups/:id/members?limit=50&cursor=… deep in a 100,000-member group',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const database = await createPostgresDatabase('page');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId } = await seedUsersAndGroup(container, tenant, USERS);
      // Cursors as the API issues them (sort value and id of a page's last row), far into the list.
      const { rows } = await sql<{ name_sort: string; id: string }>`
        select u.name_sort, u.id from group_memberships m
        join users u on u.org_id = m.org_id and u.id = m.user_id
        where m.org_id = ${tenant.orgId} and m.group_id = ${groupId}
        order by u.name_sort, u.id`.execute(container.database.db);
      await container.close();
      const cursors: string[] = [];
      for (let i = 0; i < 100; i++) {
        const row = rows[Math.floor(rows.length * (0.8 + (0.19 * i) / 100))]!;
        cursors.push(encodeCursor({ value: row.name_sort, id: row.id }));
      }

      const server = await startHeedServer(database);
      const path = (i: number) =>
        `/api/v1/groups/${groupId}/members?limit=50&cursor=${cursors[i % cursors.length]}`;
      for (let i = 0; i < WARM_UP; i++) await requestOk(server, tenant.apiKey, 'GET', path(i));
      const durations: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const result = await requestOk(server, tenant.apiKey, 'GET', path(i));
        const page = JSON.parse(result.text) as { data: unknown[] };
        if (page.data.length !== 50) throw new Error(`A deep page had ${page.data.length} members`);
        durations.push(result.ms);
      }
      await server.stop();
      durations.sort((a, b) => a - b);

      return [
        atMost(
          'members-page',
          'deep members page (limit 50) p50 ≤ 10 ms',
          percentile(durations, 50),
          10,
          millis,
        ),
        {
          benchmark: 'members-page',
          target: `same, p95 and max (${SAMPLES} requests)`,
          measured: `${millis(percentile(durations, 95))} / ${millis(durations.at(-1)!)}`,
          pass: null,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
