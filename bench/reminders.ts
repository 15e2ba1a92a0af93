/**
 * Reminders to a 10,000-member group with pending training (POST /api/v1/groups/:id/reminders)
 * through the real server on PostgreSQL, delivering to an SMTP server in this process
 * (smtp-server, messages counted by envelope, not parsed): the API answers once the reminders are
 * queued; the delivery worker in the server sends them. Checks that every member gets exactly one.
 */
import { pathToFileURL } from 'node:url';
import { startSmtpSink } from '../test/helpers/smtp-sink.ts';
import {
  createPostgresDatabase,
  createTenant,
  onCleanup,
  openContainer,
  requestOk,
  seedUsersAndGroup,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atMost, type Benchmark, type Measurement, runAlone, seconds } from './support/results.ts';

const MEMBERS = 10_000;

export const benchmark: Benchmark = {
  name: 'reminders',
  description: 'POST /api/v1/groups/:id/reminders to 10,000 members, then delivery to a local SMTP server',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const sink = await startSmtpSink({ parse: false });
      onCleanup(() => sink.close());
      const database = await createPostgresDatabase('reminders');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId, emails } = await seedUsersAndGroup(container, tenant, MEMBERS);
      const [course] = await container.services.training.listCourses(tenant.orgId, 'active');
      await container.close();

      const server = await startHeedServer(database, { SMTP_URL: sink.url });
      const dueAt = new Date(Date.now() + 7 * 86400_000).toISOString();
      const assignment = {
        type: 'application/json',
        data: JSON.stringify({ courseId: course!.id, groupIds: [groupId], dueAt }),
      };
      await requestOk(server, tenant.apiKey, 'POST', '/api/v1/assignments', assignment);

      const started = performance.now();
      const result = await requestOk(server, tenant.apiKey, 'POST', `/api/v1/groups/${groupId}/reminders`);
      const answer = JSON.parse(result.text) as { sent: number };
      if (answer.sent !== MEMBERS) throw new Error(`Unexpected answer: ${result.text.slice(0, 300)}`);
      await sink.waitFor(MEMBERS, 120_000);
      const delivered = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 2000)); // anything sent twice would arrive now
      await server.stop();

      const perRecipient = new Map<string, number>();
      for (const to of sink.recipients.flat()) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      const twice = [...perRecipient.values()].filter((n) => n > 1).length;
      const missing = emails.filter((e) => !perRecipient.has(e.toLowerCase())).length;
      return [
        atMost('reminders', '10k members: API answers ≤ 1 s (queued)', result.ms, 1000, seconds),
        atMost('reminders', 'all 10k emails at the SMTP server ≤ 60 s', delivered, 60_000, seconds),
        {
          benchmark: 'reminders',
          target: 'each member exactly once',
          measured: `${sink.recipients.length} messages, ${twice} twice, ${missing} missing`,
          pass: twice === 0 && missing === 0 && sink.recipients.length === MEMBERS,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
