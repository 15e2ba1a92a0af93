/**
 * The members page is written as JSON text from text rows (memberships.repository.ts
 * `listMemberPage`, member-json.ts) and sent as it is, without the zod serializer. These tests hold
 * it to the mapping it replaced (`list`: rows mapped in Node and serialized through
 * memberPageSchema): the same JSON, field for field and in the same order, and the same cursors,
 * for every sort, order and filter, on values of every kind.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMembers,
  createGroup,
  createOrg,
  createUsers,
  type TestOrg,
} from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { userSortSchema } from '../users/users.schemas.ts';
import { listMembersQuerySchema, memberPageSchema } from './memberships.schemas.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** An organization whose group holds members with every kind of value the page can show. */
async function seedAwkwardMembers() {
  const org = await createOrg(t);
  const group = await createGroup(org, 'Everyone');
  const department = (
    await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Ré "Search" \\ Dev' } })
  ).json();
  const other = (
    await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Sales' } })
  ).json();
  const users = await createUsers(org, [
    { email: 'zoe@acme.test', firstName: 'Zoë', lastName: 'Ångström', departmentId: department.id },
    {
      email: 'quote@acme.test',
      firstName: 'Mary "Q" O\'Neil',
      lastName: 'Back\\slash / solidus',
      language: 'fr-CA',
      location: 'Montréal, QC',
      role: 'Lead — 🚀 rockets',
      departmentId: other.id,
    },
    {
      email: 'control@acme.test',
      firstName: 'Tab\there',
      lastName: 'Bell\u0007 Esc\u001b Sep\u2028 Unit\u001f Del\u007f',
      location: 'Line\nbreak\r\n',
    },
    { email: 'plain@acme.test', firstName: 'Al', lastName: 'Plain', status: 'disabled' },
    { email: 'nameless@acme.test' },
    { email: 'same1@acme.test', firstName: 'Same', lastName: 'Name', departmentId: other.id },
    { email: 'same2@acme.test', firstName: 'Same', lastName: 'Name', role: '' },
    { email: 'unicode@acme.test', firstName: 'Ünï', lastName: '日本語', departmentId: department.id },
  ]);
  const ids = users.map((u) => u.id);
  const added = await org.request({
    method: 'POST',
    url: `/api/v1/groups/${group.id}/members`,
    payload: { userIds: ids },
  });
  expect(added.statusCode).toBe(200);

  // Values the API cannot set: last sign-in (some with microseconds), the reason and expiry an
  // automation records, a member added by an admin.
  const db = t.database.db;
  await sql`update users set last_login_at = case email
      when 'zoe@acme.test' then '2026-03-04T05:06:07.891234Z'::timestamptz
      when 'quote@acme.test' then '1999-12-31T23:59:59.999999Z'::timestamptz
      when 'plain@acme.test' then '2026-03-04T05:06:07.891Z'::timestamptz
      when 'same1@acme.test' then '2026-03-04T05:06:07.891Z'::timestamptz
      end,
      updated_at = created_at + interval '1.234567 seconds' * length(email)
    where org_id = ${org.orgId}::uuid`.execute(db);
  await sql`update group_memberships set
      added_at = added_at - interval '3 days 0.000999 seconds' * length(user_id::text || added_by_label),
      reason = case user_id
        when ${ids[0]}::uuid then '{"rule": "department = \\"Ré\\"", "nested": {"n": [1, 2.5, -3e2, null, true], "é": "x\\\\y\\u0001"}}'::jsonb
        when ${ids[1]}::uuid then '"a plain string"'::jsonb
        when ${ids[2]}::uuid then 'null'::jsonb
        when ${ids[3]}::uuid then '[]'::jsonb
        end,
      expires_at = case when user_id = ${ids[0]}::uuid then '2027-01-01T00:00:00.001Z'::timestamptz end,
      added_by_type = case when user_id = ${ids[4]}::uuid then 'admin' else added_by_type end,
      added_by_id = case when user_id = ${ids[4]}::uuid then ${org.ownerId}::uuid else added_by_id end,
      added_by_label = case when user_id = ${ids[4]}::uuid then 'Owner "Ann" \\ Admin' else added_by_label end
    where org_id = ${org.orgId}::uuid and group_id = ${group.id}::uuid`.execute(db);
  return { org, group, departmentId: department.id as string };
}

/** Pages through both implementations with the same query and compares every page. */
async function expectSamePages(org: TestOrg, groupId: string, raw: Record<string, unknown>) {
  const { memberships } = t.container.services;
  let cursor: string | undefined;
  let pages = 0;
  do {
    const query = listMembersQuerySchema.parse({ ...raw, cursor });
    const mapped = JSON.stringify(memberPageSchema.parse(await memberships.list(org.orgId, groupId, query)));
    const written = (await memberships.listJson(org.orgId, groupId, query)).toString();
    // Same JSON value and field order (byte for byte once parsed and written again).
    expect(JSON.stringify(JSON.parse(written)), JSON.stringify(raw)).toBe(mapped);
    cursor = JSON.parse(written).nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 20);
  expect(cursor).toBeUndefined();
  return pages;
}

describe('members page written as JSON text', () => {
  it('matches the mapped page for every sort and order, page by page, cursors included', async () => {
    const { org, group } = await seedAwkwardMembers();
    for (const sort of userSortSchema.options) {
      for (const order of ['asc', 'desc']) {
        expect(await expectSamePages(org, group.id, { sort, order, limit: '3' })).toBe(3);
        await expectSamePages(org, group.id, { sort, order, limit: '500' });
      }
    }
  });

  it('matches the mapped page with every filter, alone and together', async () => {
    const { org, group, departmentId } = await seedAwkwardMembers();
    const filters = [
      { search: 'same' },
      { search: 'Ö' },
      { search: '"q"' },
      { search: '%' },
      { departmentId },
      { status: 'disabled' },
      { status: 'active', departmentId, search: 'ü' },
      { search: 'nobody matches this' },
    ];
    for (const filter of filters) {
      for (const sort of ['name', 'lastLogin', 'department']) {
        await expectSamePages(org, group.id, { ...filter, sort, order: 'desc', limit: '2' });
      }
    }
  });

  it('serves the written page over HTTP as JSON, with the route still documented by its schema', async () => {
    const { org, group } = await seedAwkwardMembers();
    const response = await org.request({ method: 'GET', url: `/api/v1/groups/${group.id}/members?limit=2` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['x-request-id']).toBeTruthy();
    const page = response.json();
    expect(memberPageSchema.parse(page)).toEqual(page);
    const query = listMembersQuerySchema.parse({ limit: '2' });
    expect(page).toEqual(
      memberPageSchema.parse(await t.container.services.memberships.list(org.orgId, group.id, query)),
    );

    const openapi = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const documented = openapi.paths['/api/v1/groups/{id}/members'].get.responses['200'];
    const schema = documented.content['application/json'].schema;
    expect(schema.properties.data.items.properties.membership.properties).toHaveProperty('reason');
    expect(schema.required).toEqual(['data', 'nextCursor']);
  });

  it('answers 404 for an empty page of a group that does not exist, and an empty page for an empty group', async () => {
    const org = await createOrg(t);
    const empty = await createGroup(org, 'Empty');
    const response = await org.request({ method: 'GET', url: `/api/v1/groups/${empty.id}/members` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: [], nextCursor: null });
    const missing = await org.request({
      method: 'GET',
      url: '/api/v1/groups/00000000-0000-4000-8000-000000000000/members',
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('members page asked for again', () => {
  /** The first page of the group as the service writes it, and its members' emails in order. */
  async function page(orgId: string, groupId: string) {
    const body = await t.container.services.memberships.listJson(
      orgId,
      groupId,
      listMembersQuerySchema.parse({ limit: '50' }),
    );
    return { body, members: JSON.parse(body.toString()).data as Array<Record<string, any>> };
  }

  it('is sent as it was kept until something it shows changes, whoever changes it', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Pilot');
    const department = (
      await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Research' } })
    ).json();
    const [ada, bob] = await createUsers(org, [
      { email: 'ada@acme.test', firstName: 'Ada', departmentId: department.id },
      { email: 'bob@acme.test', firstName: 'Bob' },
    ]);
    await addMembers(org, group.id, [ada!.id]);

    let kept = await page(org.orgId, group.id);
    const changes: Array<[string, () => Promise<unknown>, (members: Array<Record<string, any>>) => void]> = [
      [
        'a member renamed',
        () =>
          org.request({ method: 'PATCH', url: `/api/v1/users/${ada!.id}`, payload: { firstName: 'Adele' } }),
        (m) => expect(m[0]!.firstName).toBe('Adele'),
      ],
      [
        'their department renamed',
        () =>
          org.request({
            method: 'PATCH',
            url: `/api/v1/departments/${department.id}`,
            payload: { name: 'R&D' },
          }),
        (m) => expect(m[0]!.department.name).toBe('R&D'),
      ],
      [
        'a member added',
        () =>
          org.request({
            method: 'POST',
            url: `/api/v1/groups/${group.id}/members`,
            payload: { userIds: [bob!.id] },
          }),
        (m) => expect(m.map((u) => u.email)).toEqual(['ada@acme.test', 'bob@acme.test']),
      ],
      [
        'a member disabled',
        () => org.request({ method: 'POST', url: '/api/v1/users/disable', payload: { userIds: [bob!.id] } }),
        (m) => expect(m[1]!.status).toBe('disabled'),
      ],
      [
        'a sign-in recorded by another process, in SQL',
        () =>
          sql`update users set last_login_at = '2026-01-02T03:04:05.678Z' where id = ${ada!.id}::uuid`.execute(
            t.database.db,
          ),
        (m) => expect(m[0]!.lastLoginAt).toBe('2026-01-02T03:04:05.678Z'),
      ],
      [
        'a member removed',
        () =>
          org.request({
            method: 'POST',
            url: `/api/v1/groups/${group.id}/members/remove`,
            payload: { userIds: [ada!.id] },
          }),
        (m) => expect(m.map((u) => u.email)).toEqual(['bob@acme.test']),
      ],
    ];
    for (const [change, make, shows] of changes) {
      // Unchanged: the very bytes kept the first time.
      expect((await page(org.orgId, group.id)).body, `before ${change}`).toBe(kept.body);
      const response = await make();
      if (response && typeof response === 'object' && 'statusCode' in response) {
        expect((response as { statusCode: number }).statusCode, change).toBeLessThan(300);
      }
      const fresh = await page(org.orgId, group.id);
      expect(fresh.body, `after ${change}`).not.toBe(kept.body);
      shows(fresh.members);
      kept = fresh;
    }
  });

  it("is never another organization's: the same request from another organization finds no group", async () => {
    const owner = await createOrg(t);
    const group = await createGroup(owner, 'Pilot');
    const [ada] = await createUsers(owner, [{ email: 'ada@acme.test' }]);
    await addMembers(owner, group.id, [ada!.id]);
    const url = `/api/v1/groups/${group.id}/members?limit=50`;
    for (let i = 0; i < 2; i++) expect((await owner.request({ method: 'GET', url })).statusCode).toBe(200);
    const other = await createOrg(t);
    const response = await other.request({ method: 'GET', url });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('ada@acme.test');
  });
});
