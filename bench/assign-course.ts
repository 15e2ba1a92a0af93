/**
 * Assigning a course to a 100,000-member group (POST /api/v1/assignments {courseId, groupIds,
 * dueAt}) through the real server on PostgreSQL: 100,000 enrollments in one call.
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
  name: 'assign-course',
  description: 'POST /api/v1/assignments: a course to a 100,000-member group on PostgreSQL',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const database = await createPostgresDatabase('assign_course');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId } = await seedUsersAndGroup(container, tenant, USERS);
      const [course] = await container.services.training.listCourses(tenant.orgId, 'active');
      await container.close();

      const server = await startHeedServer(database);
      const body = {
        type: 'application/json',
        data: JSON.stringify({
          courseId: course!.id,
          groupIds: [groupId],
          dueAt: new Date(Date.now() + 14 * 86400_000).toISOString(),
        }),
      };
      const result = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/assignments', body);
      const answer = JSON.parse(result.text) as { enrolled: number };
      if (answer.enrolled !== USERS) throw new Error(`Unexpected answer: ${result.text.slice(0, 300)}`);
      const again = await requestOk(server, tenant.apiKey, 'POST', '/api/v1/assignments', body);
      await server.stop();

      return [
        atMost(
          'assign-course',
          'a course to a 100k-member group, PostgreSQL ≤ 3 s',
          result.ms,
          3000,
          seconds,
        ),
        {
          benchmark: 'assign-course',
          target: 'same call again (all enrolled already)',
          measured: seconds(again.ms),
          pass: null,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
