import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('groups', () => {
  it('creates a group that lists with its kind and member count', async () => {
    const org = await createOrg(t);
    const created = await org.request({
      method: 'POST',
      url: '/api/v1/groups',
      payload: { name: '  Finance Team ' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Finance Team', kind: 'custom', memberCount: 0 });

    const list = await org.request({ method: 'GET', url: '/api/v1/groups' });
    expect(list.json().data).toEqual([
      expect.objectContaining({ name: 'Finance Team', kind: 'custom', memberCount: 0 }),
    ]);
  });

  it('refuses a second group with the same name in any case, with a 409 problem', async () => {
    const org = await createOrg(t);
    await createGroup(org, 'Sales');
    const duplicate = await org.request({
      method: 'POST',
      url: '/api/v1/groups',
      payload: { name: 'SALES' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    expect(duplicate.json()).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'A group named "SALES" already exists.',
    });
  });

  it('lets two organizations use the same group name', async () => {
    const first = await createOrg(t);
    const second = await createOrg(t);
    await createGroup(first, 'Managers');
    expect(
      (await second.request({ method: 'POST', url: '/api/v1/groups', payload: { name: 'Managers' } }))
        .statusCode,
    ).toBe(201);
  });

  it('renames a group, and refuses a name another group has', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Old name');
    await createGroup(org, 'Taken');
    const renamed = await org.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.id}`,
      payload: { name: 'New name' },
    });
    expect(renamed.json()).toMatchObject({ id: group.id, name: 'New name' });
    const clash = await org.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.id}`,
      payload: { name: 'taken' },
    });
    expect(clash.statusCode).toBe(409);
  });

  it('deletes a group: its memberships go, its users stay', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Temporary');
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: [ann!.id] },
    });

    expect((await org.request({ method: 'DELETE', url: `/api/v1/groups/${group.id}` })).statusCode).toBe(204);
    expect((await org.request({ method: 'GET', url: `/api/v1/groups/${group.id}` })).statusCode).toBe(404);
    expect((await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).statusCode).toBe(200);
  });
});

describe('group membership', () => {
  it('assigns users by id and by email in one idempotent call, reporting what it did', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Phishing pilots');
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'Bob@Acme.test' }]);
    const url = `/api/v1/groups/${group.id}/members`;

    const first = await org.request({
      method: 'POST',
      url,
      payload: { userIds: [ann!.id], emails: ['BOB@acme.test', 'nobody@acme.test'] },
    });
    expect(first.json()).toEqual({
      added: 2,
      alreadyMembers: 0,
      notFound: { userIds: [], emails: ['nobody@acme.test'] },
    });

    const again = await org.request({ method: 'POST', url, payload: { userIds: [ann!.id, bob!.id] } });
    expect(again.json()).toEqual({ added: 0, alreadyMembers: 2, notFound: { userIds: [], emails: [] } });
    expect((await org.request({ method: 'GET', url: `/api/v1/groups/${group.id}` })).json().memberCount).toBe(
      2,
    );
  });

  it('counts a user named by id and by email once, and lists the ids and emails it could not find in the order given', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t, 'Other');
    const group = await createGroup(org, 'Pilots');
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    const [stranger] = await createUsers(other, [{ email: 'stranger@other.test' }]);
    const missingId = '00000000-0000-4000-8000-000000000001';
    const response = await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: {
        userIds: [stranger!.id, ann!.id, missingId],
        emails: ['zed@acme.test', 'ANN@acme.test', 'stranger@other.test', 'amy@acme.test'],
      },
    });
    expect(response.json()).toEqual({
      added: 1,
      alreadyMembers: 0,
      notFound: {
        userIds: [stranger!.id, missingId],
        emails: ['zed@acme.test', 'stranger@other.test', 'amy@acme.test'],
      },
    });
  });

  it('records when and by which API key or admin each member was added', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Audited');
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: [ann!.id] },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      headers: org.session,
      payload: { userIds: [bob!.id] },
    });

    const members = (
      await org.request({ method: 'GET', url: `/api/v1/groups/${group.id}/members?sort=email` })
    ).json().data;
    expect(members.map((m: any) => [m.email, m.membership.addedBy.type, m.membership.addedBy.id])).toEqual([
      ['ann@acme.test', 'api_key', org.apiKeyId],
      ['bob@acme.test', 'admin', org.ownerId],
    ]);
    expect(new Date(members[0].membership.addedAt).getTime()).toBe(t.clock.now().getTime());
  });

  it('removes only the selected members', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Removals');
    const users = await createUsers(org, [
      { email: 'a@acme.test' },
      { email: 'b@acme.test' },
      { email: 'c@acme.test' },
    ]);
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: users.map((u) => u.id) },
    });

    const removed = await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members/remove`,
      payload: { userIds: [users[0]!.id, users[1]!.id] },
    });
    expect(removed.json()).toEqual({ removed: 2 });
    const left = (await org.request({ method: 'GET', url: `/api/v1/groups/${group.id}/members` })).json()
      .data;
    expect(left.map((m: any) => m.email)).toEqual(['c@acme.test']);
  });

  it('pages through members with a keyset cursor, each member exactly once', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Paged');
    const users = await createUsers(
      org,
      Array.from({ length: 7 }, (_, i) => ({
        email: `user${i}@acme.test`,
        firstName: 'Same',
        lastName: 'Name',
      })),
    );
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: users.map((u) => u.id) },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=3&sort=name${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = (
        await org.request({ method: 'GET', url: `/api/v1/groups/${group.id}/members?${query}` })
      ).json();
      seen.push(...page.data.map((m: any) => m.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(users.map((u) => u.email).sort());
  });

  it('searches members by name or email', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Searchable');
    const users = await createUsers(org, [
      { email: 'grace@acme.test', firstName: 'Grace', lastName: 'Hopper' },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing' },
    ]);
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: users.map((u) => u.id) },
    });
    const found = await org.request({ method: 'GET', url: `/api/v1/groups/${group.id}/members?search=hopp` });
    expect(found.json().data.map((m: any) => m.email)).toEqual(['grace@acme.test']);
  });

  it('lists the ids of every member matching a search and filters, for "select all matching"', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Everyone');
    const finance = (
      await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Finance' } })
    ).json();
    const [grace, alan, ada] = await createUsers(org, [
      { email: 'grace@acme.test', firstName: 'Grace', lastName: 'Hopper', departmentId: finance.id },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing', status: 'disabled' },
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', departmentId: finance.id },
      { email: 'outsider@acme.test', firstName: 'Grace', lastName: 'Outside' },
    ]);
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: [grace!.id, alan!.id, ada!.id] },
    });
    const ids = async (query = '') => {
      const response = await org.request({
        method: 'GET',
        url: `/api/v1/groups/${group.id}/member-ids${query}`,
      });
      expect(response.statusCode).toBe(200);
      return (response.json().userIds as string[]).sort();
    };

    expect(await ids()).toEqual([grace!.id, alan!.id, ada!.id].sort());
    expect(await ids('?search=GRACE')).toEqual([grace!.id]);
    expect(await ids(`?departmentId=${finance.id}`)).toEqual([grace!.id, ada!.id].sort());
    expect(await ids('?status=disabled')).toEqual([alan!.id]);
    expect(await ids(`?search=a&departmentId=${finance.id}&status=active`)).toEqual(
      [grace!.id, ada!.id].sort(),
    );
    expect(await ids('?search=outside')).toEqual([]);
  });

  it('answers member ids of a group that does not exist with a 404 problem', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'GET',
      url: '/api/v1/groups/00000000-0000-4000-8000-000000000000/member-ids',
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
