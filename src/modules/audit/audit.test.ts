import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Entry {
  id: string;
  occurredAt: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null };
  ip: string | null;
  details: Record<string, unknown>;
}

async function auditLog(org: TestOrg, query = ''): Promise<Entry[]> {
  const response = await org.request({ method: 'GET', url: `/api/v1/audit-log?limit=500&${query}` });
  expect(response.statusCode).toBe(200);
  expect(response.json().nextCursor).toBeNull();
  return response.json().data;
}

async function createDepartment(org: TestOrg, name: string): Promise<{ id: string }> {
  const response = await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name } });
  if (response.statusCode !== 201) throw new Error(`create department failed: ${response.body}`);
  return response.json();
}

const apiKeyPrefix = (org: TestOrg) =>
  org.key.authorization.replace('Bearer ', '').split('_').slice(0, 2).join('_');

describe('audit log', () => {
  it('records a write by an admin: who, what, which object, when and from which IP', async () => {
    const org = await createOrg(t);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: org.session,
      remoteAddress: '203.0.113.7',
      payload: { email: 'ann@acme.test' },
    });
    expect(created.statusCode).toBe(201);

    expect(await auditLog(org, 'action=user.created')).toEqual([
      {
        id: expect.any(String),
        occurredAt: t.clock.now().toISOString(),
        actor: { type: 'admin', id: org.ownerId, label: org.ownerEmail },
        action: 'user.created',
        target: { type: 'user', id: created.json().id },
        ip: '203.0.113.7',
        details: { email: 'ann@acme.test' },
      },
    ]);
  });

  it('records a write by an API key, labelled with the key name and prefix', async () => {
    const org = await createOrg(t);
    const department = await org.request({
      method: 'POST',
      url: '/api/v1/departments',
      remoteAddress: '198.51.100.23',
      payload: { name: 'Sales' },
    });

    const [entry] = await auditLog(org, 'action=department.created');
    expect(entry).toEqual({
      id: expect.any(String),
      occurredAt: t.clock.now().toISOString(),
      actor: { type: 'api_key', id: org.apiKeyId, label: `API key test key (${apiKeyPrefix(org)})` },
      action: 'department.created',
      target: { type: 'department', id: department.json().id },
      ip: '198.51.100.23',
      details: { name: 'Sales' },
    });
  });

  it('records updates, renames, deletions, disabling and key revocation with what changed', async () => {
    const org = await createOrg(t);
    const department = await createDepartment(org, 'Old');
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    await org.request({ method: 'PATCH', url: `/api/v1/users/${ann!.id}`, payload: { firstName: 'Ann' } });
    await org.request({ method: 'POST', url: '/api/v1/users/disable', payload: { userIds: [ann!.id] } });
    await org.request({
      method: 'PATCH',
      url: `/api/v1/departments/${department.id}`,
      payload: { name: 'New' },
    });
    await org.request({ method: 'DELETE', url: `/api/v1/departments/${department.id}` });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/api-keys/${org.apiKeyId}/revoke`,
      headers: org.session,
    });

    const session = { headers: org.session };
    const entries: Entry[] = (
      await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', ...session })
    ).json().data;
    expect(entries.map((e) => [e.action, e.target.type, e.target.id, e.details])).toEqual([
      ['api_key.revoked', 'api_key', org.apiKeyId, { name: 'test key', prefix: apiKeyPrefix(org) }],
      ['department.deleted', 'department', department.id, { name: 'New', usersLeftWithoutDepartment: 0 }],
      ['department.renamed', 'department', department.id, { from: 'Old', to: 'New' }],
      ['user.disabled', 'user', ann!.id, { count: 1, userIds: [ann!.id] }],
      ['user.updated', 'user', ann!.id, { fields: ['firstName'] }],
      ['user.created', 'user', ann!.id, { email: 'ann@acme.test' }],
      ['department.created', 'department', department.id, { name: 'Old' }],
      ['api_key.created', 'api_key', org.apiKeyId, { name: 'test key', prefix: apiKeyPrefix(org) }],
    ]);
    expect(entries[0]!.actor).toEqual({ type: 'admin', id: org.ownerId, label: org.ownerEmail });
  });

  it('lists the newest entries first', async () => {
    const org = await createOrg(t);
    const times: string[] = [];
    for (const name of ['First', 'Second', 'Third']) {
      t.clock.advance(60_000);
      times.push(t.clock.now().toISOString());
      await createDepartment(org, name);
    }
    const entries = await auditLog(org, 'action=department.created');
    expect(entries.map((e) => [e.details.name, e.occurredAt])).toEqual([
      ['Third', times[2]],
      ['Second', times[1]],
      ['First', times[0]],
    ]);
  });

  it('orders entries by when they were written, also when their ids gain a digit', async () => {
    const org = await createOrg(t);
    // Move the id sequence to just below the next power of ten, so the next ids are e.g. 98, 99, 100, 101.
    const { max } = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max<string>('id').as('max'))
      .executeTakeFirstOrThrow();
    const next = 10 ** String(Number(max) + 2).length - 2;
    await sql`alter table audit_log alter column id restart with ${sql.lit(next)}`.execute(t.database.db);
    for (const name of ['A', 'B', 'C', 'D']) await createDepartment(org, name);

    const entries = await auditLog(org, 'action=department.created');
    expect(entries.map((e) => [e.id, e.details.name])).toEqual([
      [String(next + 3), 'D'],
      [String(next + 2), 'C'],
      [String(next + 1), 'B'],
      [String(next), 'A'],
    ]);
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit-log?action=department.created&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: Entry[]; nextCursor: string | null } = (
        await org.request({ method: 'GET', url })
      ).json();
      seen.push(...page.data.map((e) => e.details.name));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['D', 'C', 'B', 'A']);
  });

  it('pages with a keyset cursor: every entry once, unshaken by entries written meanwhile', async () => {
    const org = await createOrg(t);
    for (let i = 0; i < 7; i++) await createDepartment(org, `Department ${i}`);
    const everything = await auditLog(org);
    expect(everything).toHaveLength(8);

    const seen: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/audit-log?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: Entry[]; nextCursor: string | null } = (
        await org.request({ method: 'GET', url })
      ).json();
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data);
      cursor = page.nextCursor;
      pages += 1;
      // A write between pages is newer than every entry still to come: it must not show up in them.
      if (pages === 1) await createDepartment(org, 'Written meanwhile');
    } while (cursor && pages < 10);

    expect(pages).toBe(3);
    expect(seen).toEqual(everything);
  });

  it('filters by action, target type, target, actor and time', async () => {
    const org = await createOrg(t);
    const start = t.clock.now().toISOString();
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    t.clock.advance(60_000);
    const middle = t.clock.now().toISOString();
    const department = await createDepartment(org, 'Sales');
    t.clock.advance(60_000);
    const end = t.clock.now().toISOString();
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${ann!.id}`,
      headers: org.session,
      payload: { departmentId: department.id },
    });

    const actions = async (query: string) => (await auditLog(org, query)).map((e) => e.action);
    expect(await actions('action=user.updated')).toEqual(['user.updated']);
    expect(await actions('targetType=user')).toEqual(['user.updated', 'user.created']);
    expect(await actions(`targetId=${department.id}`)).toEqual(['department.created']);
    expect(await actions(`targetType=user&targetId=${ann!.id}`)).toEqual(['user.updated', 'user.created']);
    expect(await actions(`actorId=${org.ownerId}`)).toEqual(['user.updated', 'api_key.created']);
    expect(await actions(`actorId=${org.apiKeyId}`)).toEqual(['department.created', 'user.created']);
    expect(await actions(`since=${encodeURIComponent(middle)}`)).toEqual([
      'user.updated',
      'department.created',
    ]);
    // `until` is exclusive, `since` inclusive.
    expect(await actions(`since=${encodeURIComponent(start)}&until=${encodeURIComponent(end)}`)).toEqual([
      'department.created',
      'user.created',
      'api_key.created',
    ]);
    expect(await actions(`since=${encodeURIComponent(middle)}&until=${encodeURIComponent(end)}`)).toEqual([
      'department.created',
    ]);
    expect(await actions('since=2026-01-01T10:00:00%2B02:00&until=2026-01-01T08:00:00Z')).toEqual([]);
    expect(await actions('action=user.deleted')).toEqual([]);
  });

  it('pages through a filtered list', async () => {
    const org = await createOrg(t);
    const users = await createUsers(
      org,
      Array.from({ length: 5 }, (_, i) => ({ email: `user${i}@acme.test` })),
    );
    for (let i = 0; i < 3; i++) await createDepartment(org, `Department ${i}`);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `action=user.created&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: Entry[]; nextCursor: string | null } = (
        await org.request({ method: 'GET', url: `/api/v1/audit-log?${query}` })
      ).json();
      seen.push(...page.data.map((e) => e.target.id!));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual(users.map((u) => u.id).reverse());
  });

  it('records nothing for a dry run', async () => {
    const org = await createOrg(t);
    const before = await auditLog(org);
    const json = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk?dryRun=true',
      payload: { users: [{ email: 'ann@acme.test', department: 'Sales', groups: ['Pilots'] }], group: 'All' },
    });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ dryRun: true, created: 1 });
    const csv = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk?dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload: 'Email,First Name,Department\nbob@acme.test,Bob,Finance\n',
    });
    expect(csv.json()).toMatchObject({ dryRun: true, created: 1 });

    expect(await auditLog(org)).toEqual(before);
    expect((await org.request({ method: 'GET', url: '/api/v1/users' })).json().data).toEqual([]);

    const real = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      payload: { users: [{ email: 'ann@acme.test' }] },
    });
    expect(real.json()).toMatchObject({ dryRun: false, created: 1 });
    expect((await auditLog(org)).map((e) => e.action)).toEqual(['users.imported', 'api_key.created']);
  });

  it('records nothing for a write that fails', async () => {
    const org = await createOrg(t);
    const department = await createDepartment(org, 'Sales');
    await createDepartment(org, 'Finance');
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const [owner] = await createUsers(org, [{ email: org.ownerEmail }]);
    const before = await auditLog(org);

    const failures = [
      { method: 'POST' as const, url: '/api/v1/users', payload: { email: 'ANN@acme.test' } },
      { method: 'POST' as const, url: '/api/v1/users', payload: { email: 'not an email' } },
      { method: 'POST' as const, url: '/api/v1/departments', payload: { name: 'sales' } },
      { method: 'PATCH' as const, url: `/api/v1/departments/${department.id}`, payload: { name: 'FINANCE' } },
      {
        method: 'PATCH' as const,
        url: `/api/v1/users/${ann!.id}`,
        payload: { email: 'bob@acme.test', status: 'disabled' },
      },
      { method: 'POST' as const, url: `/api/v1/users/${owner!.id}/disable` },
      { method: 'PATCH' as const, url: `/api/v1/users/${owner!.id}`, payload: { status: 'disabled' } },
      { method: 'POST' as const, url: '/api/v1/api-keys', payload: { name: 'Minted by a key' } },
    ];
    for (const failure of failures) {
      const response = await org.request(failure);
      expect(response.statusCode, `${failure.method} ${failure.url}`).toBeGreaterThanOrEqual(400);
    }
    expect(await auditLog(org)).toEqual(before);
  });

  it('records nothing for reads, nor for writes that change nothing', async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    const before = await auditLog(org);
    await org.request({ method: 'GET', url: '/api/v1/users' });
    await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` });
    await org.request({ method: 'POST', url: '/api/v1/users/enable', payload: { userIds: [ann!.id] } });
    await org.request({ method: 'PATCH', url: `/api/v1/users/${ann!.id}`, payload: {} });
    expect(await auditLog(org)).toEqual(before);
  });

  it('shows an organization its own entries only, whatever the filter', async () => {
    const owner = await createOrg(t);
    const intruder = await createOrg(t);
    const [ann] = await createUsers(owner, [{ email: 'ann@owner.test' }]);

    expect((await auditLog(intruder)).map((e) => [e.action, e.target.id])).toEqual([
      ['api_key.created', intruder.apiKeyId],
    ]);
    expect(await auditLog(intruder, `targetId=${ann!.id}`)).toEqual([]);
    expect(await auditLog(intruder, `actorId=${owner.ownerId}`)).toEqual([]);
    expect(await auditLog(intruder, `actorId=${owner.apiKeyId}`)).toEqual([]);

    // A cursor from the owner's log reveals nothing of it either.
    const ownerPage = (await owner.request({ method: 'GET', url: '/api/v1/audit-log?limit=1' })).json();
    const intruderPage = await intruder.request({
      method: 'GET',
      url: `/api/v1/audit-log?cursor=${ownerPage.nextCursor}`,
    });
    expect(intruderPage.statusCode).toBe(200);
    expect(intruderPage.json().data.every((e: Entry) => e.target.id === intruder.apiKeyId)).toBe(true);
  });

  it('refuses a tampered cursor and malformed filters with a 400 problem', async () => {
    const org = await createOrg(t);
    for (const query of [
      'cursor=abc',
      'cursor=-1',
      'cursor=99999999999999999999',
      'actorId=owner',
      'since=yesterday',
      'until=2026-13-01T00:00:00Z',
      'limit=0',
      'limit=501',
      'actor=me',
    ]) {
      const response = await org.request({ method: 'GET', url: `/api/v1/audit-log?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('requires authentication', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log' });
    expect(response.statusCode).toBe(401);
  });
});
