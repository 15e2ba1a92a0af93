import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { type SmtpSink, startSmtpSink } from '../../../test/helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ env: { SMTP_URL: sink.url, PUBLIC_URL: 'https://heed.example' } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const silent = { error() {}, warn() {} };
const deliver = () => t.container.createMailWorker(silent).runOnce();
const mailTo = (address: string) => sink.messages.filter((m) => JSON.stringify(m.to).includes(address));
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Math.random().toString(36).slice(2, 7)}@acme.test`;

/**
 * An organization with a group of five: Ann and Bob with a pending course (Bob's overdue), Cy who
 * completed everything (no enrollment), Dee disabled with a pending course, and Eve in the group but
 * reminded just before.
 */
async function world() {
  const org = await createOrg(t);
  const emails = {
    ann: unique('ann'),
    bob: unique('bob'),
    cy: unique('cy'),
    dee: unique('dee'),
    eve: unique('eve'),
  };
  const [ann, bob, cy, dee, eve] = await createUsers(org, [
    { email: emails.ann, firstName: 'Ann' },
    { email: emails.bob, firstName: 'Bob' },
    { email: emails.cy, firstName: 'Cy' },
    { email: emails.dee, firstName: 'Dee' },
    { email: emails.eve, firstName: 'Eve' },
  ]);
  const group = await createGroup(org, 'Everyone');
  await org.request({
    method: 'POST',
    url: `/api/v1/groups/${group.id}/members`,
    payload: { userIds: [ann!.id, bob!.id, cy!.id, dee!.id, eve!.id] },
  });
  const courses = (await org.request({ method: 'GET', url: '/api/v1/courses' })).json().data as Array<{
    id: string;
    title: string;
  }>;
  const [first, second] = courses;
  const assign = (courseId: string, userIds: string[], dueInMs: number) =>
    org.request({
      method: 'POST',
      url: '/api/v1/assignments',
      payload: { courseId, userIds, dueAt: new Date(t.clock.now().getTime() + dueInMs).toISOString() },
    });
  await assign(first!.id, [ann!.id, dee!.id, eve!.id], 10 * DAY);
  await assign(second!.id, [ann!.id, bob!.id], 2 * HOUR);
  t.clock.advance(3 * HOUR); // Bob's course is now overdue
  await org.request({ method: 'POST', url: '/api/v1/users/disable', payload: { userIds: [dee!.id] } });
  await org.request({ method: 'POST', url: '/api/v1/users/reminders', payload: { userIds: [eve!.id] } });
  await deliver();
  return {
    org,
    group,
    emails,
    ann: ann!,
    bob: bob!,
    cy: cy!,
    dee: dee!,
    eve: eve!,
    first: first!,
    second: second!,
  };
}

async function remindGroup(org: TestOrg, groupId: string, payload?: object) {
  const response = await org.request({ method: 'POST', url: `/api/v1/groups/${groupId}/reminders`, payload });
  expect(response.statusCode, response.body).toBe(200);
  await deliver();
  return response.json();
}

describe('reminders', () => {
  it("remind a group's members of their pending courses, skipping disabled, done and recently reminded users", async () => {
    const w = await world();
    expect(await remindGroup(w.org, w.group.id)).toEqual({
      sent: 2,
      skipped: { nothingPending: 1, disabled: 1, cooldown: 1 },
      notFound: 0,
    });
    const [annMail] = mailTo(w.emails.ann);
    expect(annMail!.subject).toBe('Overdue: your Acme security training');
    expect(annMail!.html).toContain(`href="https://heed.example/learn/courses/${w.first.id}"`);
    expect(annMail!.html).toContain(`href="https://heed.example/learn/courses/${w.second.id}"`);
    expect(annMail!.text).toContain('You still have these 2 courses to complete:');
    expect(annMail!.text).toMatch(/due \d+ \w+ \d{4}/);
    const [bobMail] = mailTo(w.emails.bob);
    expect(bobMail!.text).toMatch(/overdue since \d+ \w+ \d{4}/);
    expect(bobMail!.text).toContain('You still have this course to complete:');
    const [eveMail] = mailTo(w.emails.eve);
    expect(eveMail!.subject).toBe('Reminder: your Acme security training');
    expect(mailTo(w.emails.cy)).toHaveLength(0);
    expect(mailTo(w.emails.dee)).toHaveLength(0);
    expect(mailTo(w.emails.eve)).toHaveLength(1);

    const log = (await w.org.request({ method: 'GET', url: '/api/v1/emails?kind=reminder' })).json().data;
    expect(log.map((e: { status: string }) => e.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('reminds only the selected members of a group, leaving out users who are not its members', async () => {
    const w = await world();
    const [outsider] = await createUsers(w.org, [{ email: unique('outsider') }]);
    const result = await remindGroup(w.org, w.group.id, { userIds: [w.ann.id, outsider!.id] });
    expect(result).toEqual({
      sent: 1,
      skipped: { nothingPending: 0, disabled: 0, cooldown: 0 },
      notFound: 0,
    });
    expect(mailTo(w.emails.bob)).toHaveLength(0);
  });

  it('reminds selected users, counting ids that are no user of the organization', async () => {
    const w = await world();
    const other = await createOrg(t, 'Other');
    const [stranger] = await createUsers(other, [{ email: unique('stranger') }]);
    const response = await w.org.request({
      method: 'POST',
      url: '/api/v1/users/reminders',
      payload: { userIds: [w.bob.id, w.bob.id, w.cy.id, stranger!.id] },
    });
    expect(response.json()).toEqual({
      sent: 1,
      skipped: { nothingPending: 1, disabled: 0, cooldown: 0 },
      notFound: 1,
    });
  });

  it("waits the organization's cooldown before reminding someone again", async () => {
    const w = await world();
    const settings = (await w.org.request({ method: 'GET', url: '/api/v1/training/settings' })).json();
    expect(settings.reminderCooldownHours).toBe(24);
    await remindGroup(w.org, w.group.id, { userIds: [w.ann.id] });
    t.clock.advance(2 * HOUR);
    expect((await remindGroup(w.org, w.group.id, { userIds: [w.ann.id] })).skipped.cooldown).toBe(1);

    await w.org.request({
      method: 'PUT',
      url: '/api/v1/training/settings',
      payload: {
        reminderCooldownHours: 1,
        automaticReminders: { enabled: false, weekday: 1, hour: 9, timeZone: 'UTC' },
      },
    });
    expect((await remindGroup(w.org, w.group.id, { userIds: [w.ann.id] })).sent).toBe(1);
    expect(mailTo(w.emails.ann)).toHaveLength(2);
  });

  it("sends the weekly automatic reminder to users with overdue courses, once, at the organization's local hour", async () => {
    const w = await world();
    // Next Tuesday, 09:00 in Berlin (UTC+1 in winter).
    const now = t.clock.now();
    const tuesday = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 8, 0, 0),
    );
    while (tuesday.getUTCDay() !== 2) tuesday.setUTCDate(tuesday.getUTCDate() + 1);
    const put = await w.org.request({
      method: 'PUT',
      url: '/api/v1/training/settings',
      payload: {
        reminderCooldownHours: 24,
        automaticReminders: { enabled: true, weekday: 2, hour: 9, timeZone: 'Europe/Berlin' },
      },
    });
    expect(put.statusCode).toBe(200);

    t.clock.set(new Date(tuesday.getTime() - HOUR));
    expect((await t.container.services.reminders.runAutomaticReminders()).map((s) => s.orgId)).not.toContain(
      w.org.orgId,
    );
    t.clock.set(new Date(tuesday.getTime() + 5 * 60_000));
    const served = await t.container.services.reminders.runAutomaticReminders();
    const ours = served.find((s) => s.orgId === w.org.orgId);
    // Ann and Bob are overdue by now; Eve too (her course was due in 10 days, the Tuesday may be later).
    expect(ours?.result.sent).toBeGreaterThanOrEqual(2);
    await deliver();
    expect(mailTo(w.emails.bob).map((m) => m.subject)).toEqual(['Overdue: your Acme security training']);

    t.clock.set(new Date(tuesday.getTime() + 30 * 60_000));
    expect((await t.container.services.reminders.runAutomaticReminders()).map((s) => s.orgId)).not.toContain(
      w.org.orgId,
    );
    const settings = (await w.org.request({ method: 'GET', url: '/api/v1/training/settings' })).json();
    expect(settings.automaticReminders.lastRunAt).toBe(
      new Date(tuesday.getTime() + 5 * 60_000).toISOString(),
    );
  });

  it('answers a group of another organization as not found and sends nothing', async () => {
    const w = await world();
    const other = await createOrg(t, 'Other');
    const theirs = await createGroup(other, 'Theirs');
    const response = await w.org.request({ method: 'POST', url: `/api/v1/groups/${theirs.id}/reminders` });
    expect(response.statusCode).toBe(404);
  });
});
