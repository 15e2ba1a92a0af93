import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUsers, type TestOrg } from '../../../../test/helpers/factories.ts';
import {
  BROWSER_UA,
  enablePhishedUsers,
  launchCampaign,
  tokensOf,
} from '../../../../test/helpers/phishing.ts';
import { type SmtpSink, startSmtpSink } from '../../../../test/helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.ts';
import { createTrackingRecorder } from './tracking.recorder.ts';
import type { TrackedEvent } from './tracking.repository.ts';

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startSmtpSink({ parse: false });
  t = await createTestApp({ env: { SMTP_URL: sink.url } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const silent = { error() {}, warn() {} };
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Math.random().toString(36).slice(2, 7)}@acme.test`;
const recorder = () => createTrackingRecorder({ db: t.container.database.db, clock: t.clock });
const click = (token: string): TrackedEvent => ({
  token,
  kind: 'clicked',
  at: t.clock.now(),
  ip: '198.51.100.7',
  userAgent: BROWSER_UA,
  suppressedReason: null,
});

/**
 * An organization with the Phished Users automation on (a remediation course) whose campaign to
 * `people` was delivered a minute ago; answers their tokens in order.
 */
async function phishedOrganization(people: number) {
  const org = await createOrg(t);
  const users = await createUsers(
    org,
    Array.from({ length: people }, (_, i) => ({ email: unique(`person${i}`) })),
  );
  const { groupId, courseId } = await enablePhishedUsers(org, { removeAfter: '3m' });
  const campaign = await launchCampaign(org, { userIds: users.map((u) => u!.id) });
  await t.container.createMailWorker(silent).runOnce();
  t.clock.advance(60_000);
  const tokens = await tokensOf(t, org.orgId, campaign.id);
  return {
    org,
    campaignId: campaign.id,
    groupId,
    courseId,
    tokens: users.map((u) => tokens.get(u!.email)!.token),
  };
}

async function outcome(org: TestOrg, groupId: string, courseId: string) {
  const db = t.container.database.db;
  const row = await sql<{
    failed: number;
    clicks: number;
    members: number;
    enrolled: number;
    assigned: number;
  }>`
    select
      (select count(*) from phishing_recipients where org_id = ${org.orgId}::uuid and failed_at is not null)::int as failed,
      (select count(*) from phishing_events where org_id = ${org.orgId}::uuid and kind = 'clicked')::int as clicks,
      (select count(*) from group_memberships where org_id = ${org.orgId}::uuid and group_id = ${groupId}::uuid)::int as members,
      (select count(*) from enrollments where org_id = ${org.orgId}::uuid and course_id = ${courseId}::uuid)::int as enrolled,
      (select coalesce(sum(user_count), 0) from assignments where org_id = ${org.orgId}::uuid and course_id = ${courseId}::uuid)::int as assigned`.execute(
    db,
  );
  return row.rows[0]!;
}

const automationEntries = async (org: TestOrg) =>
  (
    await org.request({
      method: 'GET',
      url: '/api/v1/audit-log?action=phishing.phished_users_added&limit=50',
    })
  ).json().data as Array<{ target: { id: string }; details: Record<string, any> }>;

describe('the tracking recorder', () => {
  it('fails each person once when two servers record their first clicks at the same moment', async () => {
    const { org, groupId, courseId, tokens } = await phishedOrganization(40);
    // Two recorders are two server processes: each writes its own batches, both name everyone.
    const [one, two] = [recorder(), recorder()];
    const recorded = await Promise.all([
      ...tokens.map((token) => one.record(click(token))),
      ...[...tokens].reverse().map((token) => two.record(click(token))),
    ]);
    expect(recorded.every((r) => r?.orgId === org.orgId)).toBe(true);

    expect(await outcome(org, groupId, courseId)).toEqual({
      failed: 40,
      clicks: 80,
      members: 40,
      enrolled: 40,
      assigned: 40,
    });
    const entries = await automationEntries(org);
    const added = entries.reduce((sum, e) => sum + e.details.added, 0);
    expect(added).toBe(40);
    expect(entries.every((e) => e.details.renewed === 0)).toBe(true);
  });

  it('puts the first failures of one batch from two organizations each in their own group', async () => {
    const first = await phishedOrganization(3);
    const second = await phishedOrganization(2);
    const batch = recorder();
    // One turn of the event loop: one batch, one statement.
    const recorded = await Promise.all(
      [...first.tokens, ...second.tokens].map((token) => batch.record(click(token))),
    );
    expect(recorded.map((r) => r?.orgId)).toEqual([
      ...first.tokens.map(() => first.org.orgId),
      ...second.tokens.map(() => second.org.orgId),
    ]);

    for (const [them, people] of [
      [first, 3],
      [second, 2],
    ] as const) {
      expect(await outcome(them.org, them.groupId, them.courseId)).toEqual({
        failed: people,
        clicks: people,
        members: people,
        enrolled: people,
        assigned: people,
      });
      expect(await automationEntries(them.org)).toEqual([
        expect.objectContaining({
          target: { type: 'group', id: them.groupId },
          details: expect.objectContaining({
            added: people,
            renewed: 0,
            remediation: { enrolled: people, reopened: 0, courses: 1 },
            campaignIds: [them.campaignId],
          }),
        }),
      ]);
    }
  });

  it('writes later clicks of people it has seen fail without failing them again', async () => {
    const { org, groupId, courseId, tokens } = await phishedOrganization(2);
    const batch = recorder();
    await Promise.all(tokens.map((token) => batch.record(click(token))));
    t.clock.advance(60_000);
    await Promise.all(tokens.map((token) => batch.record(click(token))));

    expect(await outcome(org, groupId, courseId)).toEqual({
      failed: 2,
      clicks: 4,
      members: 2,
      enrolled: 2,
      assigned: 2,
    });
    // The membership's reason is still the first failure: a repeat click is no new failure.
    const reasons = await sql<{ at: string }>`
      select reason->>'at' as at from group_memberships
      where org_id = ${org.orgId}::uuid and group_id = ${groupId}::uuid`.execute(t.container.database.db);
    const firstClick = new Date(t.clock.now().getTime() - 60_000).toISOString();
    expect(reasons.rows.map((r) => r.at)).toEqual([firstClick, firstClick]);
  });

  it('sends the next batch to the database before answering the requests of the batch just written', async () => {
    const { tokens } = await phishedOrganization(2);
    const steps: string[] = [];
    let second: Promise<unknown> | undefined;
    // Every statement the recorder sends passes here as it is compiled, just before it goes out;
    // the second click arrives while the first one's statement is on its way.
    const observed = t.container.database.db.withPlugin({
      transformQuery: (args) => {
        steps.push('statement sent');
        second ??= batch.record(click(tokens[1]!)).then(() => steps.push('second answered'));
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const batch = createTrackingRecorder({ db: observed, clock: t.clock });
    await batch.record(click(tokens[0]!)).then(() => steps.push('first answered'));
    await second;
    expect(steps).toEqual(['statement sent', 'statement sent', 'first answered', 'second answered']);
  });

  it('drains only once everything is written and answered, also a click that arrives while a batch is being answered', async () => {
    const { tokens } = await phishedOrganization(2);
    let second: Promise<unknown> | undefined;
    // When the first statement's result is in, the second click arrives just after the recorder
    // has finished that batch and before it has answered it.
    const observed = t.container.database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (!second) setImmediate(() => (second = batch.record(click(tokens[1]!))));
        return args.result;
      },
    });
    const batch = createTrackingRecorder({ db: observed, clock: t.clock });
    const first = batch.record(click(tokens[0]!));
    const drained = batch.drain().then(() => 'drained');
    const hung = new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000));
    expect(await Promise.race([drained, hung])).toBe('drained');
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
  });
});
