/**
 * The phishing simulation end to end, over real sockets: a campaign is launched through the API,
 * its emails arrive at an SMTP server, an HTTP client follows the link in the email and submits
 * the landing page's form to the tracking server's own port, and the Phished Users automation does
 * the rest — membership with its reason, remediation training, removal when the period is over.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUsers, type TestOrg } from './helpers/factories.ts';
import { freePort } from './helpers/net.ts';
import { BROWSER_UA, enablePhishedUsers, launchCampaign, trackingServer } from './helpers/phishing.ts';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let sink: SmtpSink;
let t: TestApp;
let tracking: ReturnType<typeof trackingServer>;
beforeAll(async () => {
  sink = await startSmtpSink();
  const port = await freePort();
  t = await createTestApp({ env: { SMTP_URL: sink.url, TRACKING_URL: `http://127.0.0.1:${port}` } });
  tracking = trackingServer(t);
  await tracking.listen({ host: '127.0.0.1', port });
});
afterAll(async () => {
  await tracking.close();
  await t.close();
  await sink.close();
});

const DAY = 24 * 3600_000;
const silent = { error() {}, warn() {} };
const deliver = () => t.container.createMailWorker(silent).runOnce();
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Math.random().toString(36).slice(2, 7)}@acme.test`;

/** Follows the lure's link in the email Ann got, then submits the landing page's form, as a browser would. */
async function fallFor(address: string, typed: string) {
  const mail = (await sink.waitFor(1)).findLast((m) => JSON.stringify(m.to).includes(address));
  if (!mail) throw new Error(`no email reached ${address}`);
  const link = /href="([^"]+\/c\/[0-9a-f]{32})"/.exec(String(mail.html))![1]!;
  const page = await fetch(link, { headers: { 'user-agent': BROWSER_UA } });
  expect(page.status).toBe(200);
  const action = /<form[^>]*action="([^"]+)"/.exec(await page.text())![1]!;
  const submitted = await fetch(new URL(action, link), {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, 'content-type': 'application/x-www-form-urlencoded' },
    body: `email=${encodeURIComponent(address)}&password=${encodeURIComponent(typed)}`,
  });
  expect(submitted.status).toBe(200);
  expect(await submitted.text()).toContain('This was a phishing simulation');
}

async function phishedMembers(org: TestOrg, groupId: string) {
  const response = await org.request({ method: 'GET', url: `/api/v1/groups/${groupId}/members` });
  return (
    response.json().data as {
      email: string;
      membership: {
        reason: { campaignName: string; event: string; at: string } | null;
        expiresAt: string | null;
      };
    }[]
  ).map((m) => ({ email: m.email, ...m.membership }));
}

describe('a phishing simulation, end to end', () => {
  it('puts whoever falls for it in Phished Users with the reason, assigns training, and lets them go when the period ends', async () => {
    const org = await createOrg(t);
    const ann = unique('ann');
    const bob = unique('bob');
    const [annUser, bobUser] = await createUsers(org, [
      { email: ann, firstName: 'Ann' },
      { email: bob, firstName: 'Bob' },
    ]);
    const { groupId, courseId } = await enablePhishedUsers(org);

    const campaign = await launchCampaign(org, { name: 'Invoice lure', userIds: [annUser!.id, bobUser!.id] });
    await deliver();
    await sink.waitFor(2);
    t.clock.advance(5 * 60_000);

    const typed = `P@ss-${Math.random().toString(36).slice(2)}`;
    await fallFor(ann, typed);

    // Failure recorded, with the membership and the training in the same transaction.
    const recipients = (
      await org.request({ method: 'GET', url: `/api/v1/phishing/campaigns/${campaign.id}/recipients` })
    ).json().data as { email: string; failed: boolean; status: string }[];
    expect(recipients.find((r) => r.email === ann)).toMatchObject({ failed: true, status: 'submitted' });
    expect(recipients.find((r) => r.email === bob)).toMatchObject({ failed: false, status: 'sent' });

    const members = await phishedMembers(org, groupId);
    expect(members.map((m) => m.email)).toEqual([ann]);
    expect(members[0]!.reason).toMatchObject({ campaignName: 'Invoice lure', event: 'clicked' });
    const failedAt = new Date(members[0]!.reason!.at).getTime();
    expect(new Date(members[0]!.expiresAt!).getTime()).toBeGreaterThan(failedAt + 27 * DAY);

    const training = await sql<{ due_at: Date; course_id: string }>`
      select due_at, course_id from enrollments
      where org_id = ${org.orgId}::uuid and user_id = ${annUser!.id}::uuid`.execute(t.container.database.db);
    expect(training.rows).toHaveLength(1);
    expect(training.rows[0]!.course_id).toBe(courseId);
    expect(new Date(training.rows[0]!.due_at).getTime()).toBe(failedAt + 7 * DAY);

    // What was typed never reached the database.
    const leaked = await sql<{ n: number }>`
      select (select count(*) from phishing_events e where e::text like ${`%${typed}%`})
           + (select count(*) from audit_log a where a::text like ${`%${typed}%`})
           + (select count(*) from group_memberships m where m::text like ${`%${typed}%`}) as n`.execute(
      t.container.database.db,
    );
    expect(Number(leaked.rows[0]!.n)).toBe(0);

    // A month later the sweep lets Ann go.
    t.clock.advance(32 * DAY);
    expect(await t.container.services.phishedUsers.sweep()).toBeGreaterThanOrEqual(1);
    expect(await phishedMembers(org, groupId)).toEqual([]);
  });

  it('restarts the removal timer when the person fails again', async () => {
    const org = await createOrg(t);
    const cy = unique('cy');
    const [cyUser] = await createUsers(org, [{ email: cy, firstName: 'Cy' }]);
    const settings = await org.request({
      method: 'PUT',
      url: '/api/v1/phishing/settings/phished-users',
      payload: { enabled: true, groupName: 'Phished Users', removeAfter: '1m' },
    });
    const groupId = settings.json().groupId as string;

    await launchCampaign(org, { name: 'First', userIds: [cyUser!.id] });
    await deliver();
    t.clock.advance(5 * 60_000);
    await fallFor(cy, 'x');
    const first = (await phishedMembers(org, groupId))[0]!;

    t.clock.advance(20 * DAY);
    await launchCampaign(org, { name: 'Second', userIds: [cyUser!.id] });
    await deliver();
    await sink.waitFor(1);
    t.clock.advance(5 * 60_000);
    await fallFor(cy, 'y');
    const second = (await phishedMembers(org, groupId))[0]!;
    expect(second.reason).toMatchObject({ campaignName: 'Second' });
    expect(new Date(second.expiresAt!).getTime() - new Date(first.expiresAt!).getTime()).toBeGreaterThan(
      20 * DAY,
    );

    // Past the first timer, within the second: still there.
    t.clock.advance(15 * DAY);
    await t.container.services.phishedUsers.sweep();
    expect((await phishedMembers(org, groupId)).map((m) => m.email)).toEqual([cy]);
  });
});
