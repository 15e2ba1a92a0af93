import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import type { PhishingFailure } from './phished-users.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const URL = '/api/v1/phishing/settings/phished-users';
const DAY = 24 * 3600_000;
const CAMPAIGN = { campaignId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', campaignName: 'Parcel delivery' };

const settingsOf = (org: TestOrg) => org.request({ method: 'GET', url: URL });

async function saveSettings(org: TestOrg, body: Record<string, unknown>) {
  return org.request({
    method: 'PUT',
    url: URL,
    payload: { enabled: true, groupName: 'Phished Users', removeAfter: 'never', ...body },
  });
}

async function enable(org: TestOrg, body: Record<string, unknown> = {}) {
  const response = await saveSettings(org, body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { groupId: string; [key: string]: unknown };
}

/** What the tracking server's event writer does: the failure and its effects in one transaction. */
async function fail(orgId: string, failures: Array<Partial<PhishingFailure> & { userId: string }>) {
  await t.container.database.db.transaction().execute((trx) =>
    t.container.services.phishedUsers.recordFailures(
      trx,
      orgId,
      failures.map((f) => ({ ...CAMPAIGN, event: 'clicked' as const, at: t.clock.now(), ...f })),
    ),
  );
}

async function members(org: TestOrg, groupId: string) {
  const response = await org.request({ method: 'GET', url: `/api/v1/groups/${groupId}/members?sort=email` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as Array<{
    email: string;
    membership: { addedBy: { type: string; label: string }; reason: any; expiresAt: string | null };
  }>;
}

async function courses(org: TestOrg) {
  const response = await org.request({ method: 'GET', url: '/api/v1/courses' });
  return response.json().data as Array<{ id: string; title: string }>;
}

async function enrollmentsOf(org: TestOrg, userId: string) {
  const response = await org.request({ method: 'GET', url: `/api/v1/users/${userId}/enrollments` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as Array<{
    course: { id: string };
    status: string;
    dueAt: string;
    lessonsCompleted: number;
    score: number | null;
  }>;
}

describe('Phished Users settings', () => {
  it('answers the defaults when nothing has been saved', async () => {
    const org = await createOrg(t);
    const response = await settingsOf(org);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      enabled: false,
      groupName: 'Phished Users',
      removeAfter: 'never',
      remediationCourseIds: [],
      remediationDueDays: 14,
      groupId: null,
      memberCount: 0,
    });
  });

  it('creates the group, of kind phished, the first time the automation is enabled, and audits it', async () => {
    const org = await createOrg(t);
    const saved = await enable(org, { groupName: '  Clicked a lure ', removeAfter: '3m' });
    expect(saved).toMatchObject({
      enabled: true,
      groupName: 'Clicked a lure',
      removeAfter: '3m',
      memberCount: 0,
    });
    const groups = (await org.request({ method: 'GET', url: '/api/v1/groups' })).json().data;
    expect(groups).toEqual([
      expect.objectContaining({ id: saved.groupId, name: 'Clicked a lure', kind: 'phished' }),
    ]);
    expect((await settingsOf(org)).json()).toEqual(saved);
    const audit = (await org.request({ method: 'GET', url: '/api/v1/audit-log?limit=50' })).json().data;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['group.created', 'phishing.phished_users_settings_updated']),
    );
  });

  it('renames the group with the name, and keeps it and its members when the automation is turned off', async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    const { groupId } = await enable(org);
    await fail(org.orgId, [{ userId: ann!.id }]);
    const renamed = await enable(org, { groupName: 'Needs a refresher' });
    expect(renamed).toMatchObject({ groupId, groupName: 'Needs a refresher', memberCount: 1 });
    const off = await enable(org, { enabled: false, groupName: 'Needs a refresher' });
    expect(off).toMatchObject({ enabled: false, groupId, memberCount: 1 });
    const group = (await org.request({ method: 'GET', url: `/api/v1/groups/${groupId}` })).json();
    expect(group).toMatchObject({ name: 'Needs a refresher', kind: 'phished', memberCount: 1 });
  });

  it('keeps a name saved with the automation off, before any group exists, and names the group with it', async () => {
    const org = await createOrg(t);
    const off = await enable(org, { enabled: false, groupName: 'Clicked a lure' });
    expect(off).toMatchObject({ enabled: false, groupName: 'Clicked a lure', groupId: null });
    const read = (await org.request({ method: 'GET', url: URL })).json();
    expect(read).toMatchObject({ enabled: false, groupName: 'Clicked a lure', groupId: null });
    const on = await enable(org, { groupName: 'Clicked a lure' });
    const group = (await org.request({ method: 'GET', url: `/api/v1/groups/${on.groupId}` })).json();
    expect(group).toMatchObject({ name: 'Clicked a lure', kind: 'phished' });
  });

  it('refuses a remediation course that is not an active course of the organization, naming it', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t, 'Other');
    const theirs = (await courses(other))[0]!;
    const response = await saveSettings(org, { remediationCourseIds: [theirs.id] });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toContain(theirs.id);
    expect(response.json().errors).toEqual([
      { path: 'body.remediationCourseIds.0', message: expect.stringContaining(theirs.id) },
    ]);
    // Nothing was written: no group, the defaults still.
    expect((await settingsOf(org)).json()).toMatchObject({ enabled: false, groupId: null });
    expect((await org.request({ method: 'GET', url: '/api/v1/groups' })).json().data).toEqual([]);
  });

  it('refuses days outside 1–365 and an empty group name, under their fields', async () => {
    const org = await createOrg(t);
    const days = await saveSettings(org, { remediationDueDays: 0 });
    expect(days.statusCode).toBe(400);
    expect(days.json().errors).toEqual([expect.objectContaining({ path: 'body.remediationDueDays' })]);
    const name = await saveSettings(org, { groupName: '   ' });
    expect(name.statusCode).toBe(400);
    expect(name.json().errors).toEqual([expect.objectContaining({ path: 'body.groupName' })]);
    const period = await saveSettings(org, { removeAfter: '2w' });
    expect(period.statusCode).toBe(400);
  });

  it('refuses a group name another group has, when creating the group and when renaming it', async () => {
    const org = await createOrg(t);
    await createGroup(org, 'Phished Users');
    const clash = await saveSettings(org, {});
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toBe(
      'A group named "Phished Users" already exists. Choose another name for the Phished Users group, or rename that group first.',
    );
    await enable(org, { groupName: 'Clickers' });
    const rename = await saveSettings(org, { groupName: 'PHISHED USERS' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().detail).toContain('already exists');
    expect((await settingsOf(org)).json()).toMatchObject({ groupName: 'Clickers' });
  });

  it('lets another organization neither read nor change the settings', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t, 'Other');
    const mine = await enable(org, { groupName: 'Ours', removeAfter: '1y' });
    expect((await settingsOf(other)).json()).toMatchObject({
      enabled: false,
      groupId: null,
      groupName: 'Phished Users',
    });
    const theirs = await enable(other, { groupName: 'Ours', removeAfter: '1m' });
    expect(theirs.groupId).not.toBe(mine.groupId);
    expect((await settingsOf(org)).json()).toEqual(mine);
    // Their admin session reads their own settings too.
    const viaSession = await t.app.inject({ method: 'GET', url: URL, headers: other.session });
    expect(viaSession.json()).toEqual(theirs);
  });
});

describe('recording failures', () => {
  it('adds the failing users with the failure as the reason and the removal time, in the caller’s transaction', async () => {
    const org = await createOrg(t);
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const { groupId } = await enable(org, { removeAfter: '1m' });
    const at = new Date('2026-01-31T10:00:00.000Z');

    await expect(
      t.container.database.db.transaction().execute(async (trx) => {
        await t.container.services.phishedUsers.recordFailures(trx, org.orgId, [
          { ...CAMPAIGN, userId: ann!.id, event: 'clicked', at },
        ]);
        throw new Error('the event writer failed');
      }),
    ).rejects.toThrow('the event writer failed');
    expect(await members(org, groupId)).toEqual([]);

    await fail(org.orgId, [
      { userId: ann!.id, at },
      { userId: bob!.id, event: 'submitted', at: new Date(at.getTime() - DAY) },
      { userId: bob!.id, event: 'clicked', at: new Date(at.getTime() - 2 * DAY) },
    ]);
    const list = await members(org, groupId);
    expect(list).toEqual([
      expect.objectContaining({
        email: 'ann@acme.test',
        membership: expect.objectContaining({
          addedBy: { type: 'system', id: null, label: 'Phished Users automation' },
          reason: { ...CAMPAIGN, event: 'clicked', at: at.toISOString() },
          // A calendar month from 31 January.
          expiresAt: '2026-02-28T10:00:00.000Z',
        }),
      }),
      expect.objectContaining({
        email: 'bob@acme.test',
        membership: expect.objectContaining({
          reason: { ...CAMPAIGN, event: 'submitted', at: '2026-01-30T10:00:00.000Z' },
          expiresAt: '2026-02-28T10:00:00.000Z',
        }),
      }),
    ]);
    const audit = (
      await org.request({
        method: 'GET',
        url: '/api/v1/audit-log?action=phishing.phished_users_added&limit=10',
      })
    ).json().data;
    expect(audit).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'system', label: 'Phished Users automation' }),
        target: { type: 'group', id: groupId },
        details: {
          group: 'Phished Users',
          added: 2,
          renewed: 0,
          remediation: { enrolled: 0, reopened: 0, courses: 0 },
          campaignIds: [CAMPAIGN.campaignId],
        },
      }),
    ]);
  });

  it('restarts the timer on a new failure, also for a member added by hand, but not for an older one', async () => {
    const org = await createOrg(t);
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const { groupId } = await enable(org, { removeAfter: '3m' });
    const byHand = await org.request({
      method: 'POST',
      url: `/api/v1/groups/${groupId}/members`,
      payload: { userIds: [bob!.id] },
    });
    expect(byHand.json()).toMatchObject({ added: 1 });
    await fail(org.orgId, [{ userId: ann!.id, at: new Date('2026-03-01T08:00:00Z') }]);
    await fail(org.orgId, [
      { userId: ann!.id, at: new Date('2026-04-10T08:00:00Z'), campaignName: 'Invoice' },
      { userId: bob!.id, at: new Date('2026-04-11T08:00:00Z') },
    ]);
    await fail(org.orgId, [{ userId: ann!.id, at: new Date('2026-02-01T08:00:00Z') }]);
    const [annMember, bobMember] = await members(org, groupId);
    expect(annMember!.membership).toMatchObject({
      reason: { campaignName: 'Invoice', at: '2026-04-10T08:00:00.000Z' },
      expiresAt: '2026-07-10T08:00:00.000Z',
    });
    expect(bobMember!.membership).toMatchObject({
      addedBy: { type: 'api_key' },
      reason: { at: '2026-04-11T08:00:00.000Z' },
      expiresAt: '2026-07-11T08:00:00.000Z',
    });
  });

  it('applies a new removal period to the current automated members from their failure', async () => {
    const org = await createOrg(t);
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const { groupId } = await enable(org);
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${groupId}/members`,
      payload: { userIds: [bob!.id] },
    });
    await fail(org.orgId, [{ userId: ann!.id, at: new Date('2026-05-15T12:00:00Z') }]);
    expect((await members(org, groupId))[0]!.membership.expiresAt).toBeNull();
    await enable(org, { removeAfter: '6m' });
    const [annMember, bobMember] = await members(org, groupId);
    expect(annMember!.membership.expiresAt).toBe('2026-11-15T12:00:00.000Z');
    expect(bobMember!.membership.expiresAt).toBeNull();
    await enable(org, { removeAfter: 'never' });
    expect((await members(org, groupId))[0]!.membership.expiresAt).toBeNull();
  });

  it('keeps one remediation assignment per course a day, however many batches the failures come in', async () => {
    const org = await createOrg(t);
    const [ann, bob, cy] = await createUsers(org, [
      { email: 'ann@acme.test' },
      { email: 'bob@acme.test' },
      { email: 'cy@acme.test' },
    ]);
    const [first] = await courses(org);
    await enable(org, { remediationCourseIds: [first!.id] });
    const at = new Date(t.clock.now().getTime() - 60_000);
    await fail(org.orgId, [{ userId: ann!.id, at }]);
    await fail(org.orgId, [{ userId: bob!.id, at }]);
    const assignments = async () =>
      (await org.request({ method: 'GET', url: `/api/v1/assignments?courseId=${first!.id}` })).json()
        .data as {
        userCount: number;
      }[];
    expect((await assignments()).map((a) => a.userCount)).toEqual([2]);

    t.clock.advance(DAY);
    await fail(org.orgId, [{ userId: cy!.id, at: t.clock.now() }]);
    expect((await assignments()).map((a) => a.userCount).sort()).toEqual([1, 2]);
  });

  it('enrolls the failing users in the remediation courses, due the set days later, and reopens a completed one', async () => {
    const org = await createOrg(t);
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const [first, second] = await courses(org);
    await enable(org, { remediationCourseIds: [first!.id, second!.id], remediationDueDays: 7 });
    const at = new Date('2026-06-01T09:30:00.000Z');
    await fail(org.orgId, [
      { userId: ann!.id, at },
      { userId: bob!.id, at },
    ]);
    const due = new Date(at.getTime() + 7 * DAY).toISOString();
    expect(await enrollmentsOf(org, ann!.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          course: expect.objectContaining({ id: first!.id }),
          status: 'not_started',
          dueAt: due,
        }),
        expect.objectContaining({
          course: expect.objectContaining({ id: second!.id }),
          status: 'not_started',
          dueAt: due,
        }),
      ]),
    );
    const assignments = (
      await org.request({ method: 'GET', url: `/api/v1/assignments?courseId=${first!.id}` })
    ).json().data;
    expect(assignments).toEqual([
      expect.objectContaining({
        userCount: 2,
        createdBy: { type: 'system', id: null, label: 'Phished Users automation' },
      }),
    ]);

    // Ann completes the first course; Bob is half-way through it.
    const db = t.container.database.db;
    await sql`update enrollments set status = 'completed', lessons_completed = 3, score = 90,
                started_at = ${at}, completed_at = ${at}
              where org_id = ${org.orgId} and user_id = ${ann!.id} and course_id = ${first!.id}`.execute(db);
    await sql`update enrollments set status = 'in_progress', lessons_completed = 1, started_at = ${at}
              where org_id = ${org.orgId} and user_id = ${bob!.id} and course_id = ${first!.id}`.execute(db);

    const again = new Date('2026-09-01T09:30:00.000Z');
    await fail(org.orgId, [
      { userId: ann!.id, at: again },
      { userId: bob!.id, at: again },
    ]);
    const annFirst = (await enrollmentsOf(org, ann!.id)).find((e) => e.course.id === first!.id)!;
    expect(annFirst).toMatchObject({
      status: 'not_started',
      lessonsCompleted: 0,
      score: null,
      dueAt: new Date(again.getTime() + 7 * DAY).toISOString(),
    });
    const bobFirst = (await enrollmentsOf(org, bob!.id)).find((e) => e.course.id === first!.id)!;
    expect(bobFirst).toMatchObject({ status: 'in_progress', lessonsCompleted: 1, dueAt: due });
  });

  it('does nothing while the automation is off', async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    const [course] = await courses(org);
    await fail(org.orgId, [{ userId: ann!.id }]);
    const { groupId } = await enable(org, { enabled: false, remediationCourseIds: [course!.id] });
    expect(groupId).toBeNull();
    await fail(org.orgId, [{ userId: ann!.id }]);
    const { groupId: created } = await enable(org, { remediationCourseIds: [course!.id] });
    await enable(org, { enabled: false, remediationCourseIds: [course!.id] });
    await fail(org.orgId, [{ userId: ann!.id }]);
    expect(await members(org, created)).toEqual([]);
    expect(await enrollmentsOf(org, ann!.id)).toEqual([]);
  });
});

describe('the removal sweep', () => {
  it('removes the members whose time has come, not hand-added ones, not later ones and not other organizations’', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t, 'Other');
    const [ann, bob, cat] = await createUsers(org, [
      { email: 'ann@acme.test' },
      { email: 'bob@acme.test' },
      { email: 'cat@acme.test' },
    ]);
    const [zed] = await createUsers(other, [{ email: 'zed@other.test' }]);
    const { groupId } = await enable(org, { removeAfter: '1m' });
    const { groupId: otherGroupId } = await enable(other, { removeAfter: '3m' });
    const start = t.clock.now();
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${groupId}/members`,
      payload: { userIds: [cat!.id] },
    });
    await fail(org.orgId, [
      { userId: ann!.id, at: start },
      { userId: bob!.id, at: new Date(start.getTime() + 10 * DAY) },
    ]);
    await fail(other.orgId, [{ userId: zed!.id, at: start }]);

    // The sweep serves every organization: first what other tests of this file left behind.
    await t.container.services.phishedUsers.sweep();
    t.clock.advance(32 * DAY);
    expect(await t.container.services.phishedUsers.sweep()).toBe(1);
    expect((await members(org, groupId)).map((m) => m.email)).toEqual(['bob@acme.test', 'cat@acme.test']);
    expect((await members(other, otherGroupId)).map((m) => m.email)).toEqual(['zed@other.test']);
    expect(await t.container.services.phishedUsers.sweep()).toBe(0);
    const audit = (
      await org.request({ method: 'GET', url: `/api/v1/audit-log?action=group.members_removed&limit=10` })
    ).json().data;
    expect(audit).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'system' }),
        details: expect.objectContaining({ removed: 1 }),
      }),
    ]);

    t.clock.advance(400 * DAY);
    expect(await t.container.services.phishedUsers.sweep(t.clock.now())).toBeGreaterThanOrEqual(2);
    expect((await members(org, groupId)).map((m) => m.email)).toEqual(['cat@acme.test']);
    expect(await members(other, otherGroupId)).toEqual([]);
  });
});

describe('the phished group by hand', () => {
  it('takes members added and removed by hand through the memberships API', async () => {
    const org = await createOrg(t);
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const { groupId } = await enable(org, { removeAfter: '1m' });
    const added = await org.request({
      method: 'POST',
      url: `/api/v1/groups/${groupId}/members`,
      payload: { userIds: [ann!.id, bob!.id] },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ added: 2 });
    const list = await members(org, groupId);
    expect(list.map((m) => [m.membership.reason, m.membership.expiresAt])).toEqual([
      [null, null],
      [null, null],
    ]);
    const removed = await org.request({
      method: 'POST',
      url: `/api/v1/groups/${groupId}/members/remove`,
      payload: { userIds: [ann!.id] },
    });
    expect(removed.json()).toEqual({ removed: 1 });
    expect((await members(org, groupId)).map((m) => m.email)).toEqual(['bob@acme.test']);
  });

  it('refuses to delete the group while the automation is on, and deletes it once it is off', async () => {
    const org = await createOrg(t);
    const { groupId } = await enable(org);
    const refused = await org.request({ method: 'DELETE', url: `/api/v1/groups/${groupId}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      'This is the Phished Users group of the phishing automation; turn the automation off in Phishing Simulation → Settings → Phished Users to delete it.',
    );
    await enable(org, { enabled: false });
    const deleted = await org.request({ method: 'DELETE', url: `/api/v1/groups/${groupId}` });
    expect(deleted.statusCode).toBe(204);
    expect((await settingsOf(org)).json()).toMatchObject({
      enabled: false,
      groupId: null,
      groupName: 'Phished Users',
    });
    const again = await enable(org);
    expect(again.groupId).not.toBe(groupId);
  });
});
