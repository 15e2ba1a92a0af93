/**
 * Tenancy, route by route: organization B, with its API key and with its admin's session, can neither
 * read, change, nor learn the existence of organization A's users, departments, groups, memberships,
 * API keys, admins, audit entries, phishing campaigns (their recipients and results) or Phished Users
 * settings. A's object is a 404 exactly like an id that never existed; lists never show A's rows; bulk
 * calls naming A's ids or emails never touch them. After every test, everything A sees through its own
 * credentials is compared with what it saw before.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from './helpers/factories.ts';
import {
  BROWSER_UA,
  builtInContent,
  createCampaign,
  launchCampaign,
  tokensOf,
  trackingServer,
} from './helpers/phishing.ts';
import { apiRoutes, type RouteKey, routeOf } from './helpers/routes.ts';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink.ts';
import { everythingOf } from './helpers/state.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
let routes: RouteKey[];
/** Where organization A's own SMTP server setting sends its simulation emails. */
let sink: SmtpSink;
let tracking: ReturnType<typeof trackingServer>;
beforeAll(async () => {
  sink = await startSmtpSink({ parse: false });
  t = await createTestApp();
  routes = (await apiRoutes(t)).served;
  tracking = trackingServer(t);
  await tracking.ready();
});
afterAll(async () => {
  await tracking.close();
  await t.close();
  await sink.close();
});

type Send = (options: InjectOptions) => Promise<LightMyRequestResponse>;

const CREDENTIALS = [
  { label: 'API key', of: (org: TestOrg): Record<string, string> => org.key },
  { label: 'admin session', of: (org: TestOrg): Record<string, string> => org.session },
] as const;

/** Every route organization B called, per credential, so the last test can tell none was skipped. */
const called = new Set<string>();

function sendAs(org: TestOrg, credential: (typeof CREDENTIALS)[number]): Send {
  return (options) => {
    const route = routeOf(routes, options.method ?? 'GET', String(options.url));
    if (route) called.add(`${credential.label} ${route}`);
    return t.app.inject({ ...options, headers: { ...credential.of(org), ...(options.headers ?? {}) } });
  };
}

let addressCounter = 0;
/** Sign-in is rate-limited per address; each attempt here comes from an address of its own. */
const freshAddress = () => `192.0.2.${++addressCounter % 250}`;

/**
 * Organization A with a department, users (one disabled), a group with two members, and audit entries
 * for all of it; organization B with a user and a group of its own, and `as` sending as B.
 */
async function twoOrganizations(credential: (typeof CREDENTIALS)[number]) {
  const a = await createOrg(t, 'Alpha');
  const b = await createOrg(t, 'Beta');
  const finance = (
    await a.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Finance' } })
  ).json() as { id: string };
  const [ann, bob, dora] = await createUsers(a, [
    { email: 'ann@alpha.test', firstName: 'Ann', lastName: 'Archer', departmentId: finance.id },
    { email: 'bob@alpha.test', firstName: 'Bob' },
    { email: 'dora@alpha.test', firstName: 'Dora', status: 'disabled' },
  ]);
  const pilots = await createGroup(a, 'Pilots');
  const added = await a.request({
    method: 'POST',
    url: `/api/v1/groups/${pilots.id}/members`,
    payload: { userIds: [ann!.id, bob!.id] },
  });
  expect(added.json()).toMatchObject({ added: 2 });
  const [zed] = await createUsers(b, [{ email: 'zed@beta.test', firstName: 'Zed' }]);
  const betaTeam = await createGroup(b, 'Beta team');
  return {
    a,
    b,
    ann: ann!,
    bob: bob!,
    dora: dora!,
    finance,
    pilots,
    zed: zed!,
    betaTeam,
    as: sendAs(b, credential),
  };
}

/**
 * A's other admins, made through A's owner: one who has accepted the invitation (with the session it
 * got), one still invited, with the link's token.
 */
async function adminsOf(a: TestOrg) {
  const invite = async (email: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admins',
      headers: a.session,
      payload: { email, role: 'admin' },
    });
    expect(response.statusCode).toBe(201);
    const { admin, invitationUrl } = response.json();
    return { id: admin.id as string, token: new URL(invitationUrl).searchParams.get('token')! };
  };
  const accepted = await invite(`ada-${randomUUID()}@alpha.test`);
  const acceptance = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accept-invitation',
    remoteAddress: freshAddress(),
    payload: { token: accepted.token, password: 'long enough password' },
  });
  expect(acceptance.statusCode).toBe(200);
  const session = acceptance.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const pending = await invite(`pia-${randomUUID()}@alpha.test`);
  return { accepted: { id: accepted.id, session: { cookie: session } }, pending };
}

/**
 * B asking for A's object gets exactly what it gets for an id that never existed: the status, the
 * problem body, nothing that tells the two apart.
 */
async function expectHidden(
  as: Send,
  request: (id: string) => InjectOptions,
  foreignId: string,
  status = 404,
) {
  const foreign = await as(request(foreignId));
  const missing = await as(request(randomUUID()));
  expect(foreign.statusCode, `${request(foreignId).method} ${request(foreignId).url}`).toBe(status);
  expect(foreign.headers['content-type']).toContain('application/problem+json');
  expect(foreign.json()).toEqual(missing.json());
  expect(missing.statusCode).toBe(status);
}

/**
 * B naming A's id in a body is refused exactly as naming an id that never existed: same status, and
 * the same problem once each id is blanked out of it (the message names the id it refuses).
 */
async function expectRefusedLikeMissing(
  as: Send,
  request: (id: string) => InjectOptions,
  foreignId: string,
  status = 400,
) {
  const unknown = randomUUID();
  const foreign = await as(request(foreignId));
  const missing = await as(request(unknown));
  const label = `${request(foreignId).method} ${request(foreignId).url} ${JSON.stringify(request(foreignId).payload)}`;
  expect(foreign.statusCode, label).toBe(status);
  expect(missing.statusCode, label).toBe(status);
  expect(foreign.headers['content-type']).toContain('application/problem+json');
  expect(foreign.body.replaceAll(foreignId, 'ID'), label).toEqual(missing.body.replaceAll(unknown, 'ID'));
}

const emailsOf = (response: LightMyRequestResponse) =>
  (response.json().data as Array<{ email: string }>).map((u) => u.email);

describe.each(CREDENTIALS.map((c) => [c.label, c] as const))("organization B's %s", (_label, credential) => {
  const isKey = credential.label === 'API key';

  describe('users', () => {
    it('cannot read, change, disable or enable a user of A: a 404 like an id that never existed', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      await expectHidden(w.as, (id) => ({ method: 'GET', url: `/api/v1/users/${id}` }), w.ann.id);
      await expectHidden(
        w.as,
        (id) => ({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { firstName: 'Mallory' } }),
        w.ann.id,
      );
      await expectHidden(
        w.as,
        (id) => ({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { status: 'disabled' } }),
        w.ann.id,
      );
      await expectHidden(
        w.as,
        (id) => ({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { status: 'active' } }),
        w.dora.id,
      );
      await expectHidden(w.as, (id) => ({ method: 'POST', url: `/api/v1/users/${id}/disable` }), w.ann.id);
      await expectHidden(w.as, (id) => ({ method: 'POST', url: `/api/v1/users/${id}/enable` }), w.dora.id);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("lists none of A's users, whatever the search or filter, even A's group or department", async () => {
      const w = await twoOrganizations(credential);
      const list = (query: string) => w.as({ method: 'GET', url: `/api/v1/users${query}` });

      expect(emailsOf(await list(''))).toEqual(['zed@beta.test']);
      expect(emailsOf(await list('?search=alpha.test'))).toEqual([]);
      expect(emailsOf(await list('?search=ann'))).toEqual([]);
      expect(emailsOf(await list('?status=disabled'))).toEqual([]);
      expect(emailsOf(await list(`?groupId=${w.pilots.id}`))).toEqual([]);
      expect(emailsOf(await list(`?departmentId=${w.finance.id}`))).toEqual([]);
      expect(emailsOf(await list(`?notInGroupId=${w.pilots.id}`))).toEqual(['zed@beta.test']);
      expect(emailsOf(await list('?sort=department&order=desc&limit=500'))).toEqual(['zed@beta.test']);
    });

    it("bulk disable and enable with A's user ids touch none of them and report them as not found", async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);
      const unknown = randomUUID();

      const disabled = await w.as({
        method: 'POST',
        url: '/api/v1/users/disable',
        payload: { userIds: [w.ann.id, w.bob.id, unknown, w.zed.id] },
      });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toEqual({
        changed: 1,
        unchanged: 0,
        notFound: [w.ann.id, w.bob.id, unknown],
        refused: [],
      });

      const enabled = await w.as({
        method: 'POST',
        url: '/api/v1/users/enable',
        payload: { userIds: [w.dora.id, unknown] },
      });
      expect(enabled.statusCode).toBe(200);
      expect(enabled.json()).toEqual({
        changed: 0,
        unchanged: 0,
        notFound: [w.dora.id, unknown],
        refused: [],
      });

      expect(await everythingOf(t, w.a)).toEqual(before);
      expect((await w.b.request({ method: 'GET', url: `/api/v1/users/${w.zed.id}` })).json().status).toBe(
        'disabled',
      );
    });

    it('cannot put a user into a department of A: answered as for a department that never existed', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);
      const usersOfB = (await w.b.request({ method: 'GET', url: '/api/v1/users' })).json();

      const create = (departmentId: string): InjectOptions => ({
        method: 'POST',
        url: '/api/v1/users',
        payload: { email: 'new@beta.test', departmentId },
      });
      const foreign = await w.as(create(w.finance.id));
      const missing = await w.as(create(randomUUID()));
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json()).toEqual(missing.json());

      const move = (departmentId: string): InjectOptions => ({
        method: 'PATCH',
        url: `/api/v1/users/${w.zed.id}`,
        payload: { departmentId },
      });
      const foreignMove = await w.as(move(w.finance.id));
      expect(foreignMove.statusCode).toBe(400);
      expect(foreignMove.json()).toEqual((await w.as(move(randomUUID()))).json());

      expect((await w.b.request({ method: 'GET', url: '/api/v1/users' })).json()).toEqual(usersOfB);
      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it('creates or renames a user of its own to an email A already uses, leaving A’s users as they were', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      const created = await w.as({
        method: 'POST',
        url: '/api/v1/users',
        payload: { email: 'ANN@alpha.test', firstName: 'Other Ann' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().id).not.toBe(w.ann.id);
      const renamed = await w.as({
        method: 'PATCH',
        url: `/api/v1/users/${w.zed.id}`,
        payload: { email: 'bob@alpha.test' },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ id: w.zed.id, email: 'bob@alpha.test' });

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("bulk upserts of A's emails, department and group names create B's own rows and never touch A's", async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      const json = await w.as({
        method: 'POST',
        url: '/api/v1/users/bulk',
        payload: {
          users: [
            { email: 'ann@alpha.test', firstName: 'Mallory', department: 'Finance', groups: ['Pilots'] },
          ],
          group: 'Pilots',
        },
      });
      expect(json.statusCode).toBe(200);
      expect(json.json()).toMatchObject({
        created: 1,
        updated: 0,
        failed: 0,
        departmentsCreated: 1,
        groupsCreated: 1,
        membershipsAdded: 1,
      });

      const csv = await w.as({
        method: 'POST',
        url: '/api/v1/users/bulk?group=Pilots',
        headers: { 'content-type': 'text/csv' },
        payload: 'Email,First Name,Department,Groups\nbob@alpha.test,Mallory,Finance,Pilots\n',
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.json()).toMatchObject({
        created: 1,
        updated: 0,
        failed: 0,
        departmentsCreated: 0,
        groupsCreated: 0,
      });

      expect(await everythingOf(t, w.a)).toEqual(before);
      const ownPilots = (await w.b.request({ method: 'GET', url: '/api/v1/groups?search=pilots' })).json()
        .data;
      expect(ownPilots).toHaveLength(1);
      expect(ownPilots[0].id).not.toBe(w.pilots.id);
      expect(ownPilots[0].memberCount).toBe(2);
    });
  });

  describe('departments', () => {
    it('cannot read, rename or delete a department of A', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      await expectHidden(w.as, (id) => ({ method: 'GET', url: `/api/v1/departments/${id}` }), w.finance.id);
      await expectHidden(
        w.as,
        (id) => ({ method: 'PATCH', url: `/api/v1/departments/${id}`, payload: { name: 'Taken over' } }),
        w.finance.id,
      );
      await expectHidden(
        w.as,
        (id) => ({ method: 'DELETE', url: `/api/v1/departments/${id}` }),
        w.finance.id,
      );

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it('lists only its own departments, and may create or rename one to a name A uses', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      expect((await w.as({ method: 'GET', url: '/api/v1/departments' })).json()).toEqual({ data: [] });
      const created = await w.as({
        method: 'POST',
        url: '/api/v1/departments',
        payload: { name: 'finance' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'finance', memberCount: 0 });
      expect(created.json().id).not.toBe(w.finance.id);
      expect((await w.as({ method: 'GET', url: '/api/v1/departments' })).json().data).toEqual([
        created.json(),
      ]);
      const other = await w.as({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Other' } });
      const renamed = await w.as({
        method: 'PATCH',
        url: `/api/v1/departments/${other.json().id}`,
        payload: { name: 'FINANCE ' },
      });
      expect(renamed.statusCode).toBe(409); // B's own "finance" above, not A's
      const deleted = await w.as({ method: 'DELETE', url: `/api/v1/departments/${created.json().id}` });
      expect(deleted.statusCode).toBe(204);
      const free = await w.as({
        method: 'PATCH',
        url: `/api/v1/departments/${other.json().id}`,
        payload: { name: 'Finance' },
      });
      expect(free.statusCode).toBe(200);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('groups', () => {
    it('cannot read, rename or delete a group of A', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      await expectHidden(w.as, (id) => ({ method: 'GET', url: `/api/v1/groups/${id}` }), w.pilots.id);
      await expectHidden(
        w.as,
        (id) => ({ method: 'PATCH', url: `/api/v1/groups/${id}`, payload: { name: 'Taken over' } }),
        w.pilots.id,
      );
      await expectHidden(w.as, (id) => ({ method: 'DELETE', url: `/api/v1/groups/${id}` }), w.pilots.id);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it('lists only its own groups, and may create or rename one to a name A uses', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      const names = async (query = '') =>
        (
          (await w.as({ method: 'GET', url: `/api/v1/groups${query}` })).json().data as Array<{
            id: string;
            name: string;
          }>
        ).map((g) => g.name);
      expect(await names()).toEqual(['Beta team']);
      expect(await names('?search=pilots')).toEqual([]);
      expect(await names('?kind=custom')).toEqual(['Beta team']);

      const created = await w.as({ method: 'POST', url: '/api/v1/groups', payload: { name: 'PILOTS' } });
      expect(created.statusCode).toBe(201);
      expect(created.json().id).not.toBe(w.pilots.id);
      expect(created.json().memberCount).toBe(0);
      const renamed = await w.as({
        method: 'PATCH',
        url: `/api/v1/groups/${w.betaTeam.id}`,
        payload: { name: 'Pilots' },
      });
      expect(renamed.statusCode).toBe(409); // B's own "PILOTS" just created, not A's
      await w.as({ method: 'DELETE', url: `/api/v1/groups/${created.json().id}` });
      const free = await w.as({
        method: 'PATCH',
        url: `/api/v1/groups/${w.betaTeam.id}`,
        payload: { name: 'Pilots' },
      });
      expect(free.statusCode).toBe(200);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('memberships', () => {
    it('cannot list, export, add to or remove from the members of a group of A', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      await expectHidden(w.as, (id) => ({ method: 'GET', url: `/api/v1/groups/${id}/members` }), w.pilots.id);
      await expectHidden(
        w.as,
        (id) => ({ method: 'GET', url: `/api/v1/groups/${id}/member-ids` }),
        w.pilots.id,
      );
      await expectHidden(
        w.as,
        (id) => ({ method: 'GET', url: `/api/v1/groups/${id}/members.csv` }),
        w.pilots.id,
      );
      for (const payload of [
        { userIds: [w.zed.id] },
        { emails: ['zed@beta.test'] },
        { userIds: [w.dora.id], emails: ['dora@alpha.test'] },
      ]) {
        await expectHidden(
          w.as,
          (id) => ({ method: 'POST', url: `/api/v1/groups/${id}/members`, payload }),
          w.pilots.id,
        );
      }
      await expectHidden(
        w.as,
        (id) => ({
          method: 'POST',
          url: `/api/v1/groups/${id}/members/remove`,
          payload: { userIds: [w.ann.id] },
        }),
        w.pilots.id,
      );

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("cannot add A's users to its own group by id or email: they are not found, like unknown ones", async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);
      const unknown = randomUUID();

      const response = await w.as({
        method: 'POST',
        url: `/api/v1/groups/${w.betaTeam.id}/members`,
        payload: {
          userIds: [w.ann.id, unknown, w.zed.id],
          emails: ['BOB@alpha.test', 'dora@alpha.test', 'nobody@nowhere.test'],
        },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        added: 1,
        alreadyMembers: 0,
        notFound: {
          userIds: [w.ann.id, unknown],
          emails: ['bob@alpha.test', 'dora@alpha.test', 'nobody@nowhere.test'],
        },
      });

      const members = await w.as({ method: 'GET', url: `/api/v1/groups/${w.betaTeam.id}/members` });
      expect(emailsOf(members)).toEqual(['zed@beta.test']);
      const ids = await w.as({ method: 'GET', url: `/api/v1/groups/${w.betaTeam.id}/member-ids` });
      expect(ids.json()).toEqual({ userIds: [w.zed.id] });
      const csv = await w.as({ method: 'GET', url: `/api/v1/groups/${w.betaTeam.id}/members.csv` });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain('alpha.test');
      expect(csv.body.trim().split('\n')).toHaveLength(2);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("removing A's users from its own group removes nothing", async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      const removed = await w.as({
        method: 'POST',
        url: `/api/v1/groups/${w.betaTeam.id}/members/remove`,
        payload: { userIds: [w.ann.id, w.bob.id] },
      });
      expect(removed.statusCode).toBe(200);
      expect(removed.json()).toEqual({ removed: 0 });

      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('API keys', () => {
    // API keys are managed by admins only: B's key is refused every key route, A's key or not.
    const refusal = isKey ? 403 : 404;

    it(`cannot revoke an API key of A (${refusal}, as for a key that never existed), which keeps working`, async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      await expectHidden(
        w.as,
        (id) => ({ method: 'POST', url: `/api/v1/api-keys/${id}/revoke` }),
        w.a.apiKeyId,
        refusal,
      );

      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: w.a.key });
      expect(me.statusCode).toBe(200);
      expect(me.json().organization.id).toBe(w.a.orgId);
      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("never lists A's keys, and a key it creates is its own", async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);

      const list = await w.as({ method: 'GET', url: '/api/v1/api-keys' });
      const created = await w.as({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'Beta key' } });
      if (isKey) {
        expect(list.statusCode).toBe(403);
        expect(created.statusCode).toBe(403);
      } else {
        expect(list.json().data.map((k: { id: string }) => k.id)).toEqual([w.b.apiKeyId]);
        expect(created.statusCode).toBe(201);
        const ownKeys = (await w.as({ method: 'GET', url: '/api/v1/api-keys' })).json().data;
        expect(ownKeys.map((k: { id: string }) => k.id).sort()).toEqual(
          [w.b.apiKeyId, created.json().apiKey.id].sort(),
        );
      }

      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('admins', () => {
    // Admins are managed by admins only: B's key is refused every admin route, A's admin or not.
    const refusal = isKey ? 403 : 404;

    it(`cannot rename, promote, disable, enable, re-invite or delete an admin of A (${refusal}, as for one that never existed)`, async () => {
      const w = await twoOrganizations(credential);
      const admins = await adminsOf(w.a);
      const before = await everythingOf(t, w.a);

      const requests: Array<(id: string) => InjectOptions> = [
        (id) => ({ method: 'PATCH', url: `/api/v1/admins/${id}`, payload: { name: 'Mallory' } }),
        (id) => ({ method: 'PATCH', url: `/api/v1/admins/${id}`, payload: { role: 'owner' } }),
        (id) => ({ method: 'PATCH', url: `/api/v1/admins/${id}`, payload: { role: 'admin' } }),
        (id) => ({ method: 'POST', url: `/api/v1/admins/${id}/disable` }),
        (id) => ({ method: 'POST', url: `/api/v1/admins/${id}/enable` }),
        (id) => ({ method: 'POST', url: `/api/v1/admins/${id}/invitation` }),
        (id) => ({ method: 'DELETE', url: `/api/v1/admins/${id}` }),
      ];
      for (const request of requests) {
        for (const id of [w.a.ownerId, admins.accepted.id, admins.pending.id]) {
          await expectHidden(w.as, request, id, refusal);
        }
      }

      expect(await everythingOf(t, w.a)).toEqual(before);
      const aMe = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: admins.accepted.session,
      });
      expect(aMe.statusCode).toBe(200);
      expect(aMe.json().organization.id).toBe(w.a.orgId);
    });

    it("never lists A's admins; one it invites is its own, and A's emails are taken like its own", async () => {
      const w = await twoOrganizations(credential);
      const admins = await adminsOf(w.a);
      const before = await everythingOf(t, w.a);

      const list = await w.as({ method: 'GET', url: '/api/v1/admins' });
      const invite = (email: string) =>
        w.as({ method: 'POST', url: '/api/v1/admins', payload: { email, role: 'admin' } });
      const ownInvite = await invite(`bea-${randomUUID()}@beta.test`);
      const takenByA = await invite(w.a.ownerEmail.toUpperCase());
      const takenByB = await invite(w.b.ownerEmail.toUpperCase());
      if (isKey) {
        for (const response of [list, ownInvite, takenByA, takenByB]) expect(response.statusCode).toBe(403);
      } else {
        const ids = (list.json().data as Array<{ id: string }>).map((a) => a.id);
        expect(ids).toEqual([w.b.ownerId]);
        expect(ids).not.toContain(admins.accepted.id);
        expect(ownInvite.statusCode).toBe(201);
        const ownAdmins = (await w.as({ method: 'GET', url: '/api/v1/admins' })).json().data;
        expect(ownAdmins.map((a: { id: string }) => a.id)).toEqual([w.b.ownerId, ownInvite.json().admin.id]);
        // Admin emails are unique on the instance: the 409 does not say whose, nor in which organization.
        expect(takenByA.statusCode).toBe(409);
        expect(takenByA.json()).toEqual(takenByB.json());
      }

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("accepting an invitation signs in to the link's organization, whatever credential comes with it", async () => {
      const w = await twoOrganizations(credential);
      const admins = await adminsOf(w.a);
      const before = await everythingOf(t, w.a);
      const accept = (token: string) =>
        w.as({
          method: 'POST',
          url: '/api/v1/auth/accept-invitation',
          remoteAddress: freshAddress(),
          payload: { token, password: 'long enough password' },
        });

      const guessed = await accept(`${admins.pending.token}x`);
      expect(guessed.statusCode).toBe(401);
      expect(guessed.cookies).toEqual([]);
      expect(await everythingOf(t, w.a)).toEqual(before);

      const real = await accept(admins.pending.token);
      expect(real.statusCode).toBe(200);
      expect(real.json()).toMatchObject({
        admin: { id: admins.pending.id },
        organization: { id: w.a.orgId, name: 'Alpha' },
      });
      const bMe = await w.as({ method: 'GET', url: '/api/v1/auth/me' });
      expect(bMe.json().organization.id).toBe(w.b.orgId);
      expect((await w.as({ method: 'GET', url: '/api/v1/users' })).json().data).toEqual([
        expect.objectContaining({ email: 'zed@beta.test' }),
      ]);
    });

    it('looking up an invitation link shows what the link names, whatever credential comes with it; a guessed link shows nothing', async () => {
      const w = await twoOrganizations(credential);
      const admins = await adminsOf(w.a);
      const before = await everythingOf(t, w.a);
      const lookUp = (token: string) =>
        w.as({
          method: 'POST',
          url: '/api/v1/auth/invitation',
          remoteAddress: freshAddress(),
          payload: { token },
        });

      const guessed = await lookUp(`${admins.pending.token}x`);
      const neverIssued = await lookUp('a-token-nobody-was-sent');
      expect(guessed.statusCode).toBe(404);
      expect(guessed.headers['content-type']).toContain('application/problem+json');
      expect(guessed.json()).toEqual(neverIssued.json());
      expect(guessed.body).not.toContain('Alpha');
      expect(guessed.body).not.toContain('alpha.test');

      const real = await lookUp(admins.pending.token);
      expect(real.statusCode).toBe(200);
      expect(real.json()).toEqual({
        organizationName: 'Alpha',
        email: expect.stringMatching(/^pia-.*@alpha\.test$/),
        name: '',
        role: 'admin',
        expiresAt: expect.any(String),
      });
      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('audit log', () => {
    it("shows none of A's entries, even filtered by A's target ids, actors or actions", async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);
      const entriesOfA = new Set((before.audit.data as Array<{ id: string }>).map((e) => e.id));
      expect(entriesOfA.size).toBeGreaterThan(0);

      const all = await w.as({ method: 'GET', url: '/api/v1/audit-log?limit=500' });
      expect(all.statusCode).toBe(200);
      const seen = all.json().data as Array<{ id: string; target: { id: string | null } }>;
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.filter((e) => entriesOfA.has(e.id))).toEqual([]);
      const idsOfA = [w.ann.id, w.bob.id, w.dora.id, w.finance.id, w.pilots.id, w.a.apiKeyId];
      expect(seen.filter((e) => idsOfA.includes(e.target.id ?? ''))).toEqual([]);

      for (const query of [
        `targetId=${w.ann.id}`,
        `targetId=${w.pilots.id}`,
        `targetId=${w.finance.id}`,
        `targetId=${w.a.apiKeyId}`,
        `actorId=${w.a.ownerId}`,
        `actorId=${w.a.apiKeyId}`,
        'targetType=department',
        'action=group.members_added',
      ]) {
        const filtered = await w.as({ method: 'GET', url: `/api/v1/audit-log?${query}` });
        expect(filtered.statusCode, query).toBe(200);
        expect(filtered.json(), query).toEqual({ data: [], nextCursor: null });
      }

      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('email', () => {
    /** An email of A's in the log (sent), and one it could not deliver. */
    async function emailsOfA(w: Awaited<ReturnType<typeof twoOrganizations>>) {
      const message = (subject: string) => ({
        idempotencyKey: `test:${randomUUID()}`,
        kind: 'test',
        to: { address: 'ann@alpha.test', name: 'Ann Archer' },
        userId: w.ann.id,
        subject,
        html: `<p>${subject}</p>`,
        text: subject,
      });
      await t.container.services.mail.queue(t.database.db, w.a.orgId, [
        message('For Ann'),
        message('Also for Ann'),
      ]);
      await t.container.createMailWorker({ error() {}, warn() {} }).runOnce();
      const log = (await t.app.inject({ method: 'GET', url: '/api/v1/emails', headers: w.a.key })).json();
      return log.data.map((e: { id: string }) => e.id) as string[];
    }

    it("cannot read or retry an email of A, nor find A's emails in its log by any filter", async () => {
      const w = await twoOrganizations(credential);
      const [first] = await emailsOfA(w);
      const before = await everythingOf(t, w.a);

      await expectHidden(w.as, (id) => ({ method: 'GET', url: `/api/v1/emails/${id}` }), first!);
      await expectHidden(w.as, (id) => ({ method: 'POST', url: `/api/v1/emails/${id}/retry` }), first!);
      for (const query of ['', '?search=ann', '?status=not_delivered', '?kind=test', `?userId=${w.ann.id}`]) {
        const list = await w.as({ method: 'GET', url: `/api/v1/emails${query}` });
        expect(list.statusCode, query).toBe(200);
        expect(list.json(), query).toEqual({ data: [], nextCursor: null });
      }
      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("reads and sets only its own mail settings, never A's", async () => {
      const w = await twoOrganizations(credential);
      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/mail/settings',
        headers: w.a.session,
        payload: { smtpUrl: 'smtps://alpha:secret@smtp.alpha.test:465', from: 'Alpha <it@alpha.test>' },
      });
      const before = await everythingOf(t, w.a);
      const read = await w.as({ method: 'GET', url: '/api/v1/mail/settings' });
      const write = await w.as({
        method: 'PUT',
        url: '/api/v1/mail/settings',
        payload: { smtpUrl: 'smtp://smtp.beta.test', from: 'Beta <it@beta.test>' },
      });
      if (isKey) {
        expect(read.statusCode).toBe(403);
        expect(write.statusCode).toBe(403);
      } else {
        expect(read.body).not.toContain('alpha');
        expect(write.json().organizationOverride).toEqual({
          smtpUrl: 'smtp://smtp.beta.test',
          from: 'Beta <it@beta.test>',
        });
      }
      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('training', () => {
    /** A's own course, A's copy of a built-in course, and an assignment of it to A's Pilots. */
    async function trainingOfA(w: Awaited<ReturnType<typeof twoOrganizations>>) {
      const own = await w.a.request({
        method: 'POST',
        url: '/api/v1/courses',
        payload: {
          title: 'Alpha secrets',
          estimatedMinutes: 5,
          passMark: 50,
          lessons: [{ title: 'One', markdown: 'Text' }],
          quiz: [{ prompt: 'Q', options: ['a', 'b'], correct: [0] }],
        },
      });
      expect(own.statusCode).toBe(201);
      const catalog = (await w.a.request({ method: 'GET', url: '/api/v1/courses' })).json().data;
      const builtIn = catalog.find((c: { builtIn: boolean }) => c.builtIn) as { id: string };
      const assigned = await w.a.request({
        method: 'POST',
        url: '/api/v1/assignments',
        payload: {
          courseId: builtIn.id,
          groupIds: [w.pilots.id],
          dueAt: new Date(t.clock.now().getTime() + 7 * 86400_000).toISOString(),
          includeFutureMembers: true,
        },
      });
      expect(assigned.json()).toMatchObject({ enrolled: 2 });
      return { own: own.json().id as string, builtIn: builtIn.id };
    }

    it('cannot read, edit, clone, archive or restore a course of A, nor see who has it', async () => {
      const w = await twoOrganizations(credential);
      const courses = await trainingOfA(w);
      const before = await everythingOf(t, w.a);
      const body = {
        title: 'Hijacked',
        estimatedMinutes: 5,
        passMark: 50,
        lessons: [{ title: 'One', markdown: 'Text' }],
        quiz: [{ prompt: 'Q', options: ['a', 'b'], correct: [0] }],
      };
      for (const id of [courses.own, courses.builtIn]) {
        await expectHidden(w.as, (x) => ({ method: 'GET', url: `/api/v1/courses/${x}` }), id);
        await expectHidden(w.as, (x) => ({ method: 'PUT', url: `/api/v1/courses/${x}`, payload: body }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `/api/v1/courses/${x}/clone` }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `/api/v1/courses/${x}/archive` }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `/api/v1/courses/${x}/restore` }), id);
        await expectHidden(w.as, (x) => ({ method: 'GET', url: `/api/v1/courses/${x}/enrollments` }), id);
        await expectHidden(w.as, (x) => ({ method: 'GET', url: `/api/v1/courses/${x}/enrollments.csv` }), id);
      }
      await expectHidden(
        w.as,
        (x) => ({ method: 'GET', url: `/api/v1/groups/${x}/enrollments` }),
        w.pilots.id,
      );
      await expectHidden(
        w.as,
        (x) => ({ method: 'GET', url: `/api/v1/groups/${x}/enrollments.csv` }),
        w.pilots.id,
      );
      await expectHidden(
        w.as,
        (x) => ({ method: 'GET', url: `/api/v1/groups/${x}/enrollment-counts` }),
        w.pilots.id,
      );
      await expectHidden(w.as, (x) => ({ method: 'GET', url: `/api/v1/users/${x}/enrollments` }), w.ann.id);
      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("lists only its own catalog and assignments, and cannot assign A's course or A's people", async () => {
      const w = await twoOrganizations(credential);
      const courses = await trainingOfA(w);
      const before = await everythingOf(t, w.a);
      const catalog = (await w.as({ method: 'GET', url: '/api/v1/courses?status=all' })).json().data;
      expect(catalog.map((c: { id: string }) => c.id)).not.toContain(courses.own);
      expect(catalog.map((c: { id: string }) => c.id)).not.toContain(courses.builtIn);
      expect(catalog.every((c: { enrollments: { assigned: number } }) => c.enrollments.assigned === 0)).toBe(
        true,
      );
      const created = await w.as({
        method: 'POST',
        url: '/api/v1/courses',
        payload: {
          title: 'Alpha secrets',
          estimatedMinutes: 5,
          passMark: 50,
          lessons: [{ title: 'One', markdown: 'Text' }],
          quiz: [{ prompt: 'Q', options: ['a', 'b'], correct: [0] }],
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().id).not.toBe(courses.own);
      const assignments = await w.as({
        method: 'GET',
        url: `/api/v1/assignments?courseId=${courses.builtIn}`,
      });
      expect(assignments.json()).toEqual({ data: [], nextCursor: null });

      const dueAt = new Date(t.clock.now().getTime() + 7 * 86400_000).toISOString();
      await expectHidden(
        w.as,
        (x) => ({
          method: 'POST',
          url: '/api/v1/assignments',
          payload: { courseId: x, userIds: [w.zed.id], dueAt },
        }),
        courses.builtIn,
      );
      const ownCourse = catalog.find((c: { builtIn: boolean }) => c.builtIn).id as string;
      const people = await w.as({
        method: 'POST',
        url: '/api/v1/assignments',
        payload: { courseId: ownCourse, userIds: [w.ann.id, w.bob.id], dueAt },
      });
      expect(people.json()).toMatchObject({ enrolled: 0, notFound: { userIds: [w.ann.id, w.bob.id] } });
      for (const target of [{ groupIds: [w.pilots.id] }, { departmentIds: [w.finance.id] }]) {
        const refused = await w.as({
          method: 'POST',
          url: '/api/v1/assignments',
          payload: { courseId: ownCourse, dueAt, ...target },
        });
        expect(refused.statusCode).toBe(404);
      }
      // B adding its own user to its own group never enrolls them through A's rules.
      await w.as({
        method: 'POST',
        url: `/api/v1/groups/${w.betaTeam.id}/members`,
        payload: { userIds: [w.zed.id] },
      });
      const zed = await w.as({ method: 'GET', url: `/api/v1/users/${w.zed.id}/enrollments` });
      expect(zed.json().data).toEqual([]);
      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('phishing content', () => {
    const ownTemplate = {
      name: 'Alpha lure',
      difficulty: 'easy',
      subject: 'Alpha {{firstName}}',
      senderName: 'Alpha IT',
      senderAddress: 'it@alpha-lure.test',
      htmlBody: '<a href="{{link}}">Alpha</a>',
      textBody: 'Alpha {{link}}',
      redFlags: ['Alpha flag.'],
    };

    /** A's own template and landing page, and A's copies of a built-in of each. */
    async function phishingOfA(a: TestOrg) {
      const template = await a.request({
        method: 'POST',
        url: '/api/v1/phishing/templates',
        payload: ownTemplate,
      });
      expect(template.statusCode).toBe(201);
      const page = await a.request({
        method: 'POST',
        url: '/api/v1/phishing/landing-pages',
        payload: { name: 'Alpha page', html: '<form><input type="password"></form>' },
      });
      expect(page.statusCode).toBe(201);
      const templates = (await a.request({ method: 'GET', url: '/api/v1/phishing/templates' })).json().data;
      const pages = (await a.request({ method: 'GET', url: '/api/v1/phishing/landing-pages' })).json().data;
      return {
        templates: [
          template.json().id as string,
          templates.find((x: { builtIn: boolean }) => x.builtIn).id as string,
        ],
        pages: [page.json().id as string, pages.find((x: { builtIn: boolean }) => x.builtIn).id as string],
      };
    }

    it('cannot read, edit, clone, archive or restore a template or landing page of A', async () => {
      const w = await twoOrganizations(credential);
      const ofA = await phishingOfA(w.a);
      const before = await everythingOf(t, w.a);
      for (const id of ofA.templates) {
        const url = (x: string) => `/api/v1/phishing/templates/${x}`;
        await expectHidden(w.as, (x) => ({ method: 'GET', url: url(x) }), id);
        await expectHidden(w.as, (x) => ({ method: 'PUT', url: url(x), payload: ownTemplate }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/clone` }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/archive` }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/restore` }), id);
      }
      for (const id of ofA.pages) {
        const url = (x: string) => `/api/v1/phishing/landing-pages/${x}`;
        const payload = { name: 'Hijacked', html: '<p>x</p>' };
        await expectHidden(w.as, (x) => ({ method: 'GET', url: url(x) }), id);
        await expectHidden(w.as, (x) => ({ method: 'PUT', url: url(x), payload }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/clone` }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/archive` }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/restore` }), id);
      }
      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("lists only its own templates and pages, and previews with its own organization's name", async () => {
      const w = await twoOrganizations(credential);
      const ofA = await phishingOfA(w.a);
      const before = await everythingOf(t, w.a);
      for (const status of ['active', 'archived', 'all']) {
        const templates = (
          await w.as({ method: 'GET', url: `/api/v1/phishing/templates?status=${status}` })
        ).json();
        const pages = (
          await w.as({ method: 'GET', url: `/api/v1/phishing/landing-pages?status=${status}` })
        ).json();
        for (const id of [...ofA.templates, ...ofA.pages]) {
          expect(templates.data.map((x: { id: string }) => x.id)).not.toContain(id);
          expect(pages.data.map((x: { id: string }) => x.id)).not.toContain(id);
        }
        expect(JSON.stringify(templates)).not.toContain('Alpha');
      }
      const preview = await w.as({
        method: 'POST',
        url: '/api/v1/phishing/templates/preview',
        payload: { subject: 'Hi', htmlBody: '{{link}}', textBody: '{{link}}', redFlags: ['x'] },
      });
      expect(preview.statusCode).toBe(200);
      expect(preview.json().teachableMoment).toContain('Beta');
      expect(preview.json().teachableMoment).not.toContain('Alpha');
      const page = await w.as({
        method: 'POST',
        url: '/api/v1/phishing/landing-pages/preview',
        payload: { html: '<form><input name="p"></form>' },
      });
      expect(page.json()).toEqual({ html: '<form><input type="text" /></form>', formCount: 1 });
      const created = await w.as({ method: 'POST', url: '/api/v1/phishing/templates', payload: ownTemplate });
      expect(created.statusCode).toBe(201);
      const createdPage = await w.as({
        method: 'POST',
        url: '/api/v1/phishing/landing-pages',
        payload: { name: 'Beta page', html: '<p>Beta</p>' },
      });
      expect(createdPage.statusCode).toBe(201);
      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('phishing campaigns', () => {
    const PHISHED_USERS = '/api/v1/phishing/settings/phished-users';
    type World = Awaited<ReturnType<typeof twoOrganizations>>;

    /**
     * A's phishing: its own SMTP server (the sink) so its simulation emails are delivered, Phished
     * Users on with a remediation course, a draft aimed at Pilots, Finance and Bob, and a launched
     * campaign to Pilots in which Ann clicked, so she failed, joined A's phished group and got the
     * course. Also A's own course, which B must not name either.
     */
    async function campaignsOfA(w: World) {
      const mail = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/mail/settings',
        headers: w.a.session,
        payload: { smtpUrl: sink.url, from: 'Alpha <it@alpha.test>' },
      });
      expect(mail.statusCode, mail.body).toBe(200);
      const ownCourse = await w.a.request({
        method: 'POST',
        url: '/api/v1/courses',
        payload: {
          title: 'Alpha remediation',
          estimatedMinutes: 5,
          passMark: 50,
          lessons: [{ title: 'One', markdown: 'Text' }],
          quiz: [{ prompt: 'Q', options: ['a', 'b'], correct: [0] }],
        },
      });
      expect(ownCourse.statusCode).toBe(201);
      const builtInCourse = (await w.a.request({ method: 'GET', url: '/api/v1/courses' }))
        .json()
        .data.find((c: { builtIn: boolean }) => c.builtIn).id as string;
      const settings = await w.a.request({
        method: 'PUT',
        url: PHISHED_USERS,
        payload: {
          enabled: true,
          groupName: 'Alpha phished',
          removeAfter: '3m',
          remediationCourseIds: [ownCourse.json().id, builtInCourse],
          remediationDueDays: 10,
        },
      });
      expect(settings.statusCode, settings.body).toBe(200);
      const { templates, landingPage } = await builtInContent(w.a);
      const draft = await createCampaign(w.a, {
        name: 'Alpha draft',
        templateIds: [templates[0]!.id, templates[1]!.id],
        groupIds: [w.pilots.id],
        departmentIds: [w.finance.id],
        userIds: [w.bob.id],
      });
      const launched = await launchCampaign(w.a, { name: 'Alpha launched', groupIds: [w.pilots.id] });
      expect(launched.recipientCount).toBe(2);
      await t.container.createMailWorker({ error() {}, warn() {} }).runOnce();
      await t.container.services.campaigns.advance();
      t.clock.advance(5 * 60_000);
      const ann = (await tokensOf(t, w.a.orgId, launched.id)).get('ann@alpha.test')!;
      const click = await tracking.inject({
        method: 'GET',
        url: `/c/${ann.token}`,
        headers: { 'user-agent': BROWSER_UA },
      });
      expect(click.statusCode).toBe(200);
      const recipients = (
        await w.a.request({ method: 'GET', url: `/api/v1/phishing/campaigns/${launched.id}/recipients` })
      ).json().data as Array<{ id: string; email: string; failed: boolean; status: string }>;
      expect(recipients.map((r) => [r.email, r.status, r.failed])).toEqual([
        ['ann@alpha.test', 'clicked', true],
        ['bob@alpha.test', 'sent', false],
      ]);
      const stats = (await w.a.request({ method: 'GET', url: '/api/v1/phishing/stats' })).json();
      expect(stats.organization).toMatchObject({ delivered: 2, failed: 1 });
      const phished = settings.json() as { groupId: string };
      const members = await w.a.request({ method: 'GET', url: `/api/v1/groups/${phished.groupId}/members` });
      expect(emailsOf(members)).toEqual(['ann@alpha.test']);
      return {
        draft: draft.id,
        launched: launched.id,
        campaigns: [draft.id, launched.id],
        recipient: ann.id,
        recipients: recipients.map((r) => r.id),
        templates: templates.map((x) => x.id),
        landingPage: landingPage.id,
        phishedGroup: phished.groupId,
        courses: [ownCourse.json().id as string, builtInCourse],
      };
    }

    /** A campaign body naming only B's own content (B's copies of the built-in library). */
    async function bodyOfB(w: World, extra: Record<string, unknown> = {}) {
      const { templates, landingPage } = await builtInContent(w.b);
      return { name: 'Beta test', templateIds: [templates[0]!.id], landingPageId: landingPage.id, ...extra };
    }

    it('cannot read, edit, delete, launch, cancel, nor see the results or recipients of a campaign of A: a 404 like an id that never existed', async () => {
      const w = await twoOrganizations(credential);
      const ofA = await campaignsOfA(w);
      const before = await everythingOf(t, w.a);
      const payload = await bodyOfB(w, { userIds: [w.zed.id] });
      const url = (x: string) => `/api/v1/phishing/campaigns/${x}`;

      for (const id of ofA.campaigns) {
        await expectHidden(w.as, (x) => ({ method: 'GET', url: url(x) }), id);
        await expectHidden(w.as, (x) => ({ method: 'PUT', url: url(x), payload }), id);
        await expectHidden(w.as, (x) => ({ method: 'DELETE', url: url(x) }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/launch` }), id);
        await expectHidden(w.as, (x) => ({ method: 'POST', url: `${url(x)}/cancel` }), id);
        await expectHidden(w.as, (x) => ({ method: 'GET', url: `${url(x)}/results` }), id);
        await expectHidden(w.as, (x) => ({ method: 'GET', url: `${url(x)}/results.csv` }), id);
        await expectHidden(w.as, (x) => ({ method: 'GET', url: `${url(x)}/recipients` }), id);
        await expectHidden(
          w.as,
          (x) => ({ method: 'GET', url: `${url(x)}/recipients?status=clicked&failed=true&search=ann` }),
          id,
        );
      }
      for (const recipient of ofA.recipients) {
        // A's recipient under A's campaign, under an unknown campaign, and A's campaign with an unknown recipient.
        await expectHidden(
          w.as,
          (x) => ({ method: 'GET', url: `${url(ofA.launched)}/recipients/${x}` }),
          recipient,
        );
        await expectHidden(
          w.as,
          (x) => ({ method: 'GET', url: `${url(x)}/recipients/${recipient}` }),
          ofA.launched,
        );
        await expectHidden(
          w.as,
          (x) => ({ method: 'GET', url: `${url(randomUUID())}/recipients/${x}` }),
          recipient,
        );
      }

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("lists, counts and exports only its own campaigns, never A's campaigns, people or numbers", async () => {
      const w = await twoOrganizations(credential);
      const ofA = await campaignsOfA(w);
      const before = await everythingOf(t, w.a);
      const own = await w.as({
        method: 'POST',
        url: '/api/v1/phishing/campaigns',
        payload: await bodyOfB(w, { name: 'Alpha launched', userIds: [w.zed.id] }),
      });
      expect(own.statusCode, own.body).toBe(201);
      const launched = await w.as({
        method: 'POST',
        url: `/api/v1/phishing/campaigns/${own.json().id}/launch`,
      });
      expect(launched.statusCode, launched.body).toBe(200);
      expect(launched.json()).toMatchObject({ recipientCount: 1 });
      const ownId = own.json().id as string;

      const idsOfA = [...ofA.campaigns, ...ofA.recipients, w.ann.id, w.bob.id, w.pilots.id, w.finance.id];
      const expectNothingOfA = (body: string, label: string) => {
        for (const id of idsOfA) expect(body, label).not.toContain(id);
        expect(body, label).not.toContain('alpha.test');
        expect(body, label).not.toContain('Alpha draft');
      };
      for (const query of ['', '?status=draft', '?status=in_progress', '?search=alpha', '?limit=200']) {
        const list = await w.as({ method: 'GET', url: `/api/v1/phishing/campaigns${query}` });
        expect(list.statusCode, query).toBe(200);
        expect(
          list.json().data.map((c: { id: string }) => c.id),
          query,
        ).toEqual(query === '?status=draft' || query === '?status=in_progress' ? [] : [ownId]);
        expectNothingOfA(list.body, query);
      }

      const stats = await w.as({ method: 'GET', url: '/api/v1/phishing/stats' });
      expect(stats.statusCode).toBe(200);
      expectNothingOfA(stats.body, 'stats');
      expect(stats.json().organization).toMatchObject({ delivered: 0, failed: 0, reported: 0 });
      expect(stats.json().topUsers).toEqual([]);
      expect(stats.json().trend.map((p: { campaignId: string }) => p.campaignId)).not.toContain(ofA.launched);

      const url = `/api/v1/phishing/campaigns/${ownId}`;
      for (const read of [
        `${url}/results`,
        `${url}/recipients`,
        `${url}/recipients?search=ann`,
        `${url}/results.csv`,
      ]) {
        const response = await w.as({ method: 'GET', url: read });
        expect(response.statusCode, read).toBe(200);
        expectNothingOfA(response.body, read);
      }
      const recipients = (await w.as({ method: 'GET', url: `${url}/recipients` })).json().data;
      expect(recipients.map((r: { email: string }) => r.email)).toEqual(['zed@beta.test']);
      // A's recipient under B's own campaign is as unknown as a recipient that never existed.
      await expectHidden(w.as, (x) => ({ method: 'GET', url: `${url}/recipients/${x}` }), ofA.recipient);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("previews nobody of A's groups, departments or people, and cannot aim or edit a campaign at A's content or people", async () => {
      const w = await twoOrganizations(credential);
      const ofA = await campaignsOfA(w);
      const before = await everythingOf(t, w.a);

      const preview = (payload: Record<string, unknown>) =>
        w.as({ method: 'POST', url: '/api/v1/phishing/campaigns/audience-preview', payload });
      const ofAOnly = await preview({
        groupIds: [w.pilots.id, ofA.phishedGroup],
        departmentIds: [w.finance.id],
        userIds: [w.ann.id, w.bob.id, w.dora.id],
      });
      expect(ofAOnly.statusCode).toBe(200);
      expect(ofAOnly.json()).toEqual({ recipients: 0, disabledLeftOut: 0, sample: [] });
      const mixed = await preview({ groupIds: [w.pilots.id, w.betaTeam.id], userIds: [w.ann.id, w.zed.id] });
      expect(mixed.json()).toEqual({
        recipients: 1,
        disabledLeftOut: 0,
        sample: [{ id: w.zed.id, email: 'zed@beta.test', name: 'Zed' }],
      });

      const valid = await bodyOfB(w, { userIds: [w.zed.id] });
      const draftOfB = await w.as({ method: 'POST', url: '/api/v1/phishing/campaigns', payload: valid });
      expect(draftOfB.statusCode, draftOfB.body).toBe(201);
      const draftUrl = `/api/v1/phishing/campaigns/${draftOfB.json().id}`;
      const naming: Array<[string, (id: string) => Record<string, unknown>]> = [
        ['templateIds', (id) => ({ ...valid, templateIds: [id] })],
        ['landingPageId', (id) => ({ ...valid, landingPageId: id })],
        ['groupIds', (id) => ({ ...valid, groupIds: [id] })],
        ['departmentIds', (id) => ({ ...valid, departmentIds: [id] })],
        ['userIds', (id) => ({ ...valid, userIds: [w.zed.id, id] })],
      ];
      const foreign: Record<string, string[]> = {
        templateIds: ofA.templates.slice(0, 2),
        landingPageId: [ofA.landingPage],
        groupIds: [w.pilots.id, ofA.phishedGroup],
        departmentIds: [w.finance.id],
        userIds: [w.ann.id, w.dora.id],
      };
      for (const [field, body] of naming) {
        for (const id of foreign[field]!) {
          for (const method of ['POST', 'PUT'] as const) {
            const target = method === 'POST' ? '/api/v1/phishing/campaigns' : draftUrl;
            await expectRefusedLikeMissing(w.as, (x) => ({ method, url: target, payload: body(x) }), id);
            const refused = await w.as({ method, url: target, payload: body(id) });
            expect(refused.json().errors, `${method} ${field}`).toEqual([
              { path: `body.${field}`, message: expect.any(String) },
            ]);
          }
        }
      }
      const campaignsOfB = (await w.as({ method: 'GET', url: '/api/v1/phishing/campaigns' })).json().data;
      expect(campaignsOfB).toEqual([draftOfB.json()]);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it("reads and sets only its own Phished Users settings: never A's group, nor A's courses", async () => {
      const w = await twoOrganizations(credential);
      const ofA = await campaignsOfA(w);
      const before = await everythingOf(t, w.a);

      const read = await w.as({ method: 'GET', url: PHISHED_USERS });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual({
        enabled: false,
        groupName: 'Phished Users',
        removeAfter: 'never',
        remediationCourseIds: [],
        remediationDueDays: 14,
        groupId: null,
        memberCount: 0,
      });
      const body = { enabled: true, groupName: 'Alpha phished', removeAfter: '1m', remediationDueDays: 5 };
      for (const course of ofA.courses) {
        await expectRefusedLikeMissing(
          w.as,
          (x) => ({ method: 'PUT', url: PHISHED_USERS, payload: { ...body, remediationCourseIds: [x] } }),
          course,
        );
      }
      expect((await w.as({ method: 'GET', url: PHISHED_USERS })).json()).toEqual(read.json());

      const saved = await w.as({ method: 'PUT', url: PHISHED_USERS, payload: body });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ enabled: true, groupName: 'Alpha phished', memberCount: 0 });
      expect(saved.json().groupId).not.toBe(ofA.phishedGroup);
      const groupsOfB = (await w.as({ method: 'GET', url: '/api/v1/groups' })).json().data;
      expect(groupsOfB.map((g: { id: string }) => g.id).sort()).toEqual(
        [w.betaTeam.id, saved.json().groupId].sort(),
      );
      expect((await w.as({ method: 'GET', url: PHISHED_USERS })).body).not.toContain(ofA.phishedGroup);

      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('reminders', () => {
    it("cannot remind A's group or A's users, and reads and sets only its own training settings", async () => {
      const w = await twoOrganizations(credential);
      const courses = (await w.a.request({ method: 'GET', url: '/api/v1/courses' })).json().data;
      await w.a.request({
        method: 'POST',
        url: '/api/v1/assignments',
        payload: {
          courseId: courses[0].id,
          groupIds: [w.pilots.id],
          dueAt: new Date(t.clock.now().getTime() + 7 * 86400_000).toISOString(),
        },
      });
      const before = await everythingOf(t, w.a);
      await expectHidden(
        w.as,
        (id) => ({ method: 'POST', url: `/api/v1/groups/${id}/reminders` }),
        w.pilots.id,
      );
      const users = await w.as({
        method: 'POST',
        url: '/api/v1/users/reminders',
        payload: { userIds: [w.ann.id, w.bob.id] },
      });
      expect(users.json()).toEqual({
        sent: 0,
        skipped: { nothingPending: 0, disabled: 0, cooldown: 0 },
        notFound: 2,
      });
      const settings = await w.as({
        method: 'PUT',
        url: '/api/v1/training/settings',
        payload: {
          reminderCooldownHours: 2,
          automaticReminders: { enabled: true, weekday: 3, hour: 7, timeZone: 'Asia/Tokyo' },
        },
      });
      expect(settings.json()).toMatchObject({ reminderCooldownHours: 2 });
      const own = await w.as({ method: 'GET', url: '/api/v1/training/settings' });
      expect(own.json().automaticReminders).toMatchObject({ timeZone: 'Asia/Tokyo' });
      const ofA = await w.a.request({ method: 'GET', url: '/api/v1/training/settings' });
      expect(ofA.json()).toMatchObject({ reminderCooldownHours: 24, automaticReminders: { enabled: false } });
      expect(await everythingOf(t, w.a)).toEqual(before);
    });
  });

  describe('learner portal', () => {
    it("is not entered with B's credential, and reveals nothing of A's learners or courses", async () => {
      const w = await twoOrganizations(credential);
      const courses = (await w.a.request({ method: 'GET', url: '/api/v1/courses' })).json().data;
      const courseOfA = courses[0].id as string;
      await w.a.request({
        method: 'POST',
        url: '/api/v1/assignments',
        payload: {
          courseId: courseOfA,
          userIds: [w.ann.id],
          dueAt: new Date(t.clock.now().getTime() + 7 * 86400_000).toISOString(),
        },
      });
      const before = await everythingOf(t, w.a);
      for (const request of [
        { method: 'GET' as const, url: '/api/v1/learn/me' },
        { method: 'GET' as const, url: '/api/v1/learn/tasks' },
        { method: 'GET' as const, url: `/api/v1/learn/courses/${courseOfA}` },
        {
          method: 'POST' as const,
          url: `/api/v1/learn/courses/${courseOfA}/progress`,
          payload: { lessonsCompleted: 1 },
        },
        {
          method: 'POST' as const,
          url: `/api/v1/learn/courses/${courseOfA}/quiz`,
          payload: { answers: [[0]] },
        },
      ]) {
        const response = await w.as(request);
        expect(response.statusCode, request.url).toBe(401);
        expect(response.body).not.toContain('ann@alpha.test');
      }
      const session = await w.as({
        method: 'POST',
        url: '/api/v1/learn/sessions',
        remoteAddress: freshAddress(),
        payload: { token: 'a-guessed-token-that-nobody-was-sent' },
      });
      expect(session.statusCode).toBe(401);
      const link = await w.as({
        method: 'POST',
        url: '/api/v1/learn/sign-in-links',
        remoteAddress: freshAddress(),
        payload: { email: 'ann@alpha.test' },
      });
      expect(link.statusCode).toBe(202);
      expect(link.body).not.toContain('Alpha');
      const out = await w.as({ method: 'POST', url: '/api/v1/learn/sign-out' });
      expect(out.statusCode).toBe(204);
      const after = await everythingOf(t, w.a);
      // Ann was emailed a sign-in link (she asked, as far as anyone can tell): that is all.
      expect({ ...after, emails: before.emails }).toEqual(before);
    });
  });

  describe('signing in and out', () => {
    it("GET /auth/me names B's organization, never A's", async () => {
      const w = await twoOrganizations(credential);
      const me = await w.as({ method: 'GET', url: '/api/v1/auth/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        type: isKey ? 'api_key' : 'admin',
        organization: { id: w.b.orgId, name: 'Beta' },
      });
    });

    it("signing in as A's owner with a wrong password says no more than for an email nobody has", async () => {
      const w = await twoOrganizations(credential);
      const attempt = (email: string) =>
        w.as({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: freshAddress(),
          payload: { email, password: 'not the password at all' },
        });
      const known = await attempt(w.a.ownerEmail);
      const unknown = await attempt('nobody@nowhere.test');
      expect(known.statusCode).toBe(401);
      expect(known.json()).toEqual(unknown.json());
      expect(known.cookies).toEqual([]);
    });

    it("signing out ends B's own session at most, never A's", async () => {
      const w = await twoOrganizations(credential);
      const out = await w.as({ method: 'POST', url: '/api/v1/auth/logout' });
      expect(out.statusCode).toBe(204);
      const aMe = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: w.a.session });
      expect(aMe.statusCode).toBe(200);
      expect(aMe.json().organization.id).toBe(w.a.orgId);
    });

    it('cannot use first-run setup to create an organization or an owner once organizations exist', async () => {
      const w = await twoOrganizations(credential);
      const before = await everythingOf(t, w.a);
      const email = `intruder-${randomUUID()}@evil.test`;
      const setup = await w.as({
        method: 'POST',
        url: '/api/v1/setup',
        remoteAddress: freshAddress(),
        payload: {
          token: 'a guessed token',
          organizationName: 'Evil',
          email,
          password: 'long enough password',
        },
      });
      expect(setup.statusCode).toBe(401);
      expect(setup.headers['content-type']).toContain('application/problem+json');
      expect(setup.cookies).toEqual([]);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: freshAddress(),
        payload: { email, password: 'long enough password' },
      });
      expect(login.statusCode).toBe(401);
      expect(await everythingOf(t, w.a)).toEqual(before);
    });

    it('learns nothing about any organization from the health check', async () => {
      const w = await twoOrganizations(credential);
      const health = await w.as({ method: 'GET', url: '/api/v1/health' });
      expect(health.statusCode).toBe(200);
      expect(Object.keys(health.json()).sort()).toEqual(['database', 'status']);
      expect(health.body).not.toContain(w.a.orgId);
    });
  });
});

describe('coverage', () => {
  it('serves exactly the /api/v1 routes the OpenAPI document lists', async () => {
    const { served, documented } = await apiRoutes(t);
    expect(served.length).toBeGreaterThan(20);
    expect(served).toEqual(documented);
  });

  it('has called every /api/v1 route as organization B, with its API key and with its admin session', () => {
    const missed = CREDENTIALS.flatMap((credential) =>
      routes.map((route) => `${credential.label} ${route}`).filter((key) => !called.has(key)),
    );
    expect(missed).toEqual([]);
  });
});
