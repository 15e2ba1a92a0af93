/**
 * Assigning 100,000 existing users to a group by email in one call
 * (POST /api/v1/groups/:id/members {emails}) through the real server on PostgreSQL.
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
import { atMost, type Benchmark, type Measurement, runAlone, seconds } from './support/results.ts';

const USERS = 100_000;

export const benchmark: Benchmark = {
  name: 'assign-members',
  description: 'POST /api/v1/groups/:id/members with 100,000 emails on PostgreSQL',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const database = await createPostgresDatabase('assign');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId, emails } = await seedUsersAndGroup(container, tenant, USERS, {
        groupName: 'Quarterly Phishing Test',
        assign: false,
      });
      await container.close();

      const server = await startHeedServer(database);
      const body = { type: 'application/json', data: JSON.stringify({ emails }) };
      const result = await requestOk(
        server,
        tenant.apiKey,
        'POST',
        `/api/v1/groups/${groupId}/members`,
        body,
      );
      const answer = JSON.parse(result.text) as { added: number };
      if (answer.added !== USERS) throw new Error(`Unexpected answer: ${result.text.slice(0, 300)}`);
      const again = await requestOk(server, tenant.apiKey, 'POST', `/api/v1/groups/${groupId}/members`, body);
      await server.stop();

      return [
        atMost('assign-members', '100k emails to a group, PostgreSQL ≤ 2 s', result.ms, 2000, seconds),
        {
          benchmark: 'assign-members',
          target: 'same call again (all members already)',
          measured: seconds(again.ms),
          pass: null,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
