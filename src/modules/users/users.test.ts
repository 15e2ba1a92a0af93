import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const OWNER_REFUSAL = "The organization's owner can never be disabled.";

async function createDepartment(org: TestOrg, name: string): Promise<{ id: string; name: string }> {
  const response = await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name } });
  if (response.statusCode !== 201) throw new Error(`create department failed: ${response.body}`);
  return response.json();
}

async function addMembers(org: TestOrg, groupId: string, userIds: string[]) {
  const response = await org.request({
    method: 'POST',
    url: `/api/v1/groups/${groupId}/members`,
    payload: { userIds },
  });
  if (response.statusCode !== 200) throw new Error(`add members failed: ${response.body}`);
}

/** Learners sign in through the learner portal (a later issue); until then tests set the date directly. */
async function setLastLogin(org: TestOrg, userId: string, at: string) {
  await t.database.db
    .updateTable('users')
    .set({ last_login_at: new Date(at) })
    .where('org_id', '=', org.orgId)
    .where('id', '=', userId)
    .execute();
}

async function listEmails(org: TestOrg, query: string): Promise<string[]> {
  const response = await org.request({ method: 'GET', url: `/api/v1/users?${query}` });
  expect(response.statusCode).toBe(200);
  return response.json().data.map((u: { email: string }) => u.email);
}

/** Every page of a listing, following nextCursor to the end. */
async function pageThrough(org: TestOrg, query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/v1/users?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await org.request({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    const page: { data: Array<{ email: string }>; nextCursor: string | null } = response.json();
    expect(page.data.length).toBeLessThanOrEqual(limit);
    seen.push(...page.data.map((u) => u.email));
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 100) throw new Error('pagination does not end');
  } while (cursor);
  return seen;
}

describe('creating users', () => {
  it('creates a user with the email trimmed and the other fields defaulted', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: '  Ann.Lee@Acme.test ', firstName: ' Ann ', lastName: 'Lee' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      email: 'Ann.Lee@Acme.test',
      firstName: 'Ann',
      lastName: 'Lee',
      department: null,
      language: null,
      location: null,
      role: null,
      status: 'active',
      lastLoginAt: null,
      createdAt: t.clock.now().toISOString(),
      updatedAt: t.clock.now().toISOString(),
    });
  });

  it('creates a user with every field', async () => {
    const org = await createOrg(t);
    const sales = await createDepartment(org, 'Sales');
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: 'bob@acme.test',
        firstName: 'Bob',
        lastName: 'Stone',
        departmentId: sales.id,
        language: 'fr-FR',
        location: 'Lyon',
        role: 'Account manager',
        status: 'disabled',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      department: { id: sales.id, name: 'Sales' },
      language: 'fr-FR',
      location: 'Lyon',
      role: 'Account manager',
      status: 'disabled',
    });
  });

  it('refuses an invalid email with a 400 naming the field, and creates nothing', async () => {
    const org = await createOrg(t);
    for (const email of ['not-an-email', '', '   ', 'ann@', '@acme.test', `${'a'.repeat(250)}@acme.test`]) {
      const response = await org.request({ method: 'POST', url: '/api/v1/users', payload: { email } });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].path).toBe('body.email');
    }
    expect(await listEmails(org, '')).toEqual([]);
  });

  it('refuses a second user with the same email in any case, with a 409 problem', async () => {
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'ann@acme.test' }]);
    const duplicate = await org.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: ' ANN@Acme.Test ' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    expect(duplicate.json()).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'A user with this email already exists in the organization.',
    });
    expect(await listEmails(org, '')).toEqual(['ann@acme.test']);
  });

  it('lets two organizations have a user with the same email', async () => {
    const first = await createOrg(t);
    const second = await createOrg(t);
    await createUsers(first, [{ email: 'shared@acme.test' }]);
    const response = await second.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'Shared@acme.test' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('refuses unknown fields, over-long fields, wrong types and malformed JSON', async () => {
    const org = await createOrg(t);
    for (const payload of [
      { email: 'a@acme.test', admin: true },
      { email: 'a@acme.test', firstName: 'x'.repeat(101) },
      { email: 'a@acme.test', location: 'x'.repeat(201) },
      { email: 'a@acme.test', language: 'x'.repeat(36) },
      { email: 'a@acme.test', firstName: 42 },
      { email: 'a@acme.test', status: 'deleted' },
      { email: 'a@acme.test', departmentId: 'sales' },
    ]) {
      const response = await org.request({ method: 'POST', url: '/api/v1/users', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors.length).toBeGreaterThan(0);
    }
    const malformed = await org.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@acme.test",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(await listEmails(org, '')).toEqual([]);
  });

  it("refuses an unknown department or another organization's department", async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const theirs = await createDepartment(other, 'Theirs');
    for (const departmentId of [UNKNOWN_ID, theirs.id]) {
      const response = await org.request({
        method: 'POST',
        url: '/api/v1/users',
        payload: { email: 'ann@acme.test', departmentId },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ path: 'body.departmentId', message: 'was not found' }]);
    }
    expect(await listEmails(org, '')).toEqual([]);
  });
});

describe('reading and updating a user', () => {
  it('gets a user by id', async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test', firstName: 'Ann' }]);
    const response = await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(ann);
  });

  it("answers 404 for an unknown user or another organization's, and 400 for a malformed id", async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const [theirs] = await createUsers(other, [{ email: 'theirs@other.test' }]);
    for (const id of [UNKNOWN_ID, theirs!.id]) {
      const response = await org.request({ method: 'GET', url: `/api/v1/users/${id}` });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, detail: 'User was not found.' });
    }
    expect((await org.request({ method: 'GET', url: '/api/v1/users/42' })).statusCode).toBe(400);
  });

  it('keeps the fields left out of an update and clears those set to null', async () => {
    const org = await createOrg(t);
    const sales = await createDepartment(org, 'Sales');
    const [ann] = await createUsers(org, [
      {
        email: 'ann@acme.test',
        firstName: 'Ann',
        lastName: 'Lee',
        departmentId: sales.id,
        language: 'en',
        location: 'Leeds',
        role: 'Engineer',
      },
    ]);
    t.clock.advance(1000);

    const renamed = await org.request({
      method: 'PATCH',
      url: `/api/v1/users/${ann!.id}`,
      payload: { lastName: 'Smith' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toEqual({
      ...ann,
      lastName: 'Smith',
      updatedAt: t.clock.now().toISOString(),
    });

    const cleared = await org.request({
      method: 'PATCH',
      url: `/api/v1/users/${ann!.id}`,
      payload: { departmentId: null, location: null, role: null },
    });
    expect(cleared.json()).toMatchObject({
      firstName: 'Ann',
      lastName: 'Smith',
      department: null,
      language: 'en',
      location: null,
      role: null,
      createdAt: ann!.createdAt,
    });
    expect((await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).json()).toEqual(
      cleared.json(),
    );
  });

  it('moves a user to a department and trims a changed email', async () => {
    const org = await createOrg(t);
    const finance = await createDepartment(org, 'Finance');
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    const response = await org.request({
      method: 'PATCH',
      url: `/api/v1/users/${ann!.id}`,
      payload: { departmentId: finance.id, email: ' ann.lee@acme.test ' },
    });
    expect(response.json()).toMatchObject({
      email: 'ann.lee@acme.test',
      department: { id: finance.id, name: 'Finance' },
    });
  });

  it("refuses to change a user's email to another user's in any case, and changes nothing", async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const response = await org.request({
      method: 'PATCH',
      url: `/api/v1/users/${ann!.id}`,
      payload: { email: 'BOB@acme.test', firstName: 'Changed' },
    });
    expect(response.statusCode).toBe(409);
    expect((await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).json()).toEqual(ann);
  });

  it('leaves a user untouched when an update that also disables it fails', async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    const response = await org.request({
      method: 'PATCH',
      url: `/api/v1/users/${ann!.id}`,
      payload: { email: 'bob@acme.test', status: 'disabled' },
    });
    expect(response.statusCode).toBe(409);
    expect((await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).json()).toEqual(ann);
  });

  it("answers 404 when updating an unknown user or another organization's", async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const [theirs] = await createUsers(other, [{ email: 'theirs@other.test', firstName: 'Theirs' }]);
    for (const id of [UNKNOWN_ID, theirs!.id]) {
      for (const payload of [{ firstName: 'Hacked' }, { status: 'disabled' }, {}]) {
        const response = await org.request({ method: 'PATCH', url: `/api/v1/users/${id}`, payload });
        expect(response.statusCode).toBe(404);
      }
    }
    expect((await other.request({ method: 'GET', url: `/api/v1/users/${theirs!.id}` })).json()).toEqual(
      theirs,
    );
  });
});

describe('listing users', () => {
  it('searches by name or email, case-insensitively, treating wildcards as text', async () => {
    const org = await createOrg(t);
    await createUsers(org, [
      { email: 'grace@navy.test', firstName: 'Grace', lastName: 'Hopper' },
      { email: 'alan@bletchley.test', firstName: 'Alan', lastName: 'Turing' },
      { email: 'ada_l@engine.test', firstName: 'Ada', lastName: 'Lovelace' },
    ]);
    expect(await listEmails(org, 'search=hOPP')).toEqual(['grace@navy.test']);
    expect(await listEmails(org, 'search=BLETCHLEY')).toEqual(['alan@bletchley.test']);
    expect(await listEmails(org, `search=${encodeURIComponent('ada love')}`)).toEqual(['ada_l@engine.test']);
    expect(await listEmails(org, 'search=_')).toEqual(['ada_l@engine.test']);
    expect(await listEmails(org, `search=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await listEmails(org, 'search=nobody')).toEqual([]);
  });

  it('filters by department, group, not-in-group and status', async () => {
    const org = await createOrg(t);
    const sales = await createDepartment(org, 'Sales');
    const pilots = await createGroup(org, 'Pilots');
    const [ann, bob, cat] = await createUsers(org, [
      { email: 'ann@acme.test', departmentId: sales.id },
      { email: 'bob@acme.test' },
      { email: 'cat@acme.test', departmentId: sales.id },
    ]);
    await addMembers(org, pilots.id, [ann!.id, bob!.id]);
    await org.request({ method: 'POST', url: `/api/v1/users/${cat!.id}/disable` });

    expect(await listEmails(org, `sort=email&departmentId=${sales.id}`)).toEqual([
      'ann@acme.test',
      'cat@acme.test',
    ]);
    expect(await listEmails(org, `sort=email&groupId=${pilots.id}`)).toEqual([
      'ann@acme.test',
      'bob@acme.test',
    ]);
    expect(await listEmails(org, `sort=email&notInGroupId=${pilots.id}`)).toEqual(['cat@acme.test']);
    expect(await listEmails(org, 'sort=email&status=disabled')).toEqual(['cat@acme.test']);
    expect(await listEmails(org, 'sort=email&status=active')).toEqual(['ann@acme.test', 'bob@acme.test']);
    expect(await listEmails(org, `sort=email&departmentId=${sales.id}&groupId=${pilots.id}`)).toEqual([
      'ann@acme.test',
    ]);
    expect(await listEmails(org, `sort=email&groupId=${pilots.id}&search=bob`)).toEqual(['bob@acme.test']);
  });

  it("lists no one in another organization's department or group", async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const theirDepartment = await createDepartment(other, 'Theirs');
    const theirGroup = await createGroup(other, 'Theirs');
    const [theirs] = await createUsers(other, [
      { email: 'theirs@other.test', departmentId: theirDepartment.id },
    ]);
    await addMembers(other, theirGroup.id, [theirs!.id]);
    await createUsers(org, [{ email: 'ours@acme.test' }]);

    expect(await listEmails(org, `departmentId=${theirDepartment.id}`)).toEqual([]);
    expect(await listEmails(org, `groupId=${theirGroup.id}`)).toEqual([]);
    expect(await listEmails(org, '')).toEqual(['ours@acme.test']);
  });

  describe('sorted by every column, both ways, across pages', () => {
    // Each column orders the five users differently; empty departments and logins sort first.
    const people = [
      {
        email: 'c@acme.test',
        firstName: 'Dana',
        lastName: 'Young',
        dept: 'Finance',
        login: '2026-01-10T08:00:00Z',
      },
      { email: 'E@acme.test', firstName: 'adam', lastName: 'Zed', dept: null, login: null },
      {
        email: 'a@acme.test',
        firstName: 'Bea',
        lastName: 'Xu',
        dept: 'engineering',
        login: '2026-03-10T08:00:00Z',
      },
      {
        email: 'd@acme.test',
        firstName: 'Carl',
        lastName: 'West',
        dept: 'Marketing',
        login: '2025-12-10T08:00:00Z',
      },
      {
        email: 'b@acme.test',
        firstName: 'Eve',
        lastName: 'Vance',
        dept: 'Accounting',
        login: '2026-02-10T08:00:00Z',
      },
    ];
    const ascending: Record<string, string[]> = {
      name: ['E@acme.test', 'a@acme.test', 'd@acme.test', 'c@acme.test', 'b@acme.test'],
      email: ['a@acme.test', 'b@acme.test', 'c@acme.test', 'd@acme.test', 'E@acme.test'],
      department: ['E@acme.test', 'b@acme.test', 'a@acme.test', 'c@acme.test', 'd@acme.test'],
      lastLogin: ['E@acme.test', 'd@acme.test', 'c@acme.test', 'b@acme.test', 'a@acme.test'],
      createdAt: ['c@acme.test', 'E@acme.test', 'a@acme.test', 'd@acme.test', 'b@acme.test'],
    };

    let org: TestOrg;
    beforeAll(async () => {
      org = await createOrg(t);
      for (const person of people) {
        const department = person.dept ? await createDepartment(org, person.dept) : null;
        const [user] = await createUsers(org, [
          {
            email: person.email,
            firstName: person.firstName,
            lastName: person.lastName,
            departmentId: department?.id ?? null,
          },
        ]);
        if (person.login) await setLastLogin(org, user!.id, person.login);
        t.clock.advance(1000);
      }
    });

    for (const [sort, expected] of Object.entries(ascending)) {
      it(`sorts by ${sort} ascending and descending, on one page and across pages`, async () => {
        expect(await listEmails(org, `sort=${sort}`)).toEqual(expected);
        expect(await listEmails(org, `sort=${sort}&order=asc`)).toEqual(expected);
        expect(await listEmails(org, `sort=${sort}&order=desc`)).toEqual([...expected].reverse());
        for (const limit of [1, 2, 4]) {
          expect(await pageThrough(org, `sort=${sort}&order=asc`, limit)).toEqual(expected);
          expect(await pageThrough(org, `sort=${sort}&order=desc`, limit)).toEqual([...expected].reverse());
        }
      });
    }
  });

  it('sorts by name by default', async () => {
    const org = await createOrg(t);
    await createUsers(org, [
      { email: 'z@acme.test', firstName: 'Amy' },
      { email: 'a@acme.test', firstName: 'Zoe' },
    ]);
    expect(await listEmails(org, '')).toEqual(['z@acme.test', 'a@acme.test']);
  });

  it('returns every user exactly once across pages even when sort values are equal', async () => {
    const org = await createOrg(t);
    const sales = await createDepartment(org, 'Sales');
    const users = await createUsers(
      org,
      Array.from({ length: 7 }, (_, i) => ({
        email: `user${i}@acme.test`,
        firstName: 'Same',
        lastName: 'Name',
        departmentId: sales.id,
      })),
    );
    for (const user of users.slice(0, 3)) await setLastLogin(org, user.id, '2026-01-01T00:00:00Z');
    const everyone = users.map((u) => u.email).sort();

    for (const sort of ['name', 'department', 'lastLogin', 'createdAt', 'email']) {
      for (const order of ['asc', 'desc']) {
        const query = `sort=${sort}&order=${order}`;
        const onePage = await listEmails(org, query);
        for (const limit of [1, 2, 3]) {
          const paged = await pageThrough(org, query, limit);
          expect(paged, `${query}&limit=${limit}`).toEqual(onePage);
        }
        expect([...onePage].sort()).toEqual(everyone);
      }
    }
  });

  it('answers nextCursor null on the last page', async () => {
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'a@acme.test' }, { email: 'b@acme.test' }]);
    const exact = await org.request({ method: 'GET', url: '/api/v1/users?limit=2' });
    expect(exact.json().nextCursor).toBeNull();
    const first = await org.request({ method: 'GET', url: '/api/v1/users?limit=1&sort=email' });
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const last = await org.request({
      method: 'GET',
      url: `/api/v1/users?limit=1&sort=email&cursor=${first.json().nextCursor}`,
    });
    expect(last.json()).toMatchObject({ data: [{ email: 'b@acme.test' }], nextCursor: null });
  });

  it('refuses a tampered cursor with a 400 problem', async () => {
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'a@acme.test' }, { email: 'b@acme.test' }]);
    const nameCursor = (await org.request({ method: 'GET', url: '/api/v1/users?limit=1&sort=name' })).json()
      .nextCursor;
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const tampered = [
      `sort=name&cursor=not-a-cursor`,
      `sort=name&cursor=${encode(['a', 'not-a-uuid'])}`,
      `sort=name&cursor=${encode({ value: 'a', id: UNKNOWN_ID })}`,
      `sort=name&cursor=${encode(['a', UNKNOWN_ID, 'extra'])}`,
      `sort=name&cursor=${encode([1, UNKNOWN_ID])}`,
      `sort=createdAt&cursor=${encode(['yesterday', UNKNOWN_ID])}`,
      // A cursor of the name sort is not a date: it cannot continue the createdAt sort.
      `sort=createdAt&cursor=${nameCursor}`,
      `sort=lastLogin&cursor=${nameCursor}`,
    ];
    for (const query of tampered) {
      const response = await org.request({ method: 'GET', url: `/api/v1/users?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        status: 400,
        errors: [{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }],
      });
    }
  });

  it('refuses a limit out of range, an unknown sort and unknown parameters', async () => {
    const org = await createOrg(t);
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'sort=password', 'order=up', 'role=admin']) {
      const response = await org.request({ method: 'GET', url: `/api/v1/users?${query}` });
      expect(response.statusCode, query).toBe(400);
    }
  });
});

describe('disabling and enabling users', () => {
  it('disables and enables one user', async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
    const disabled = await org.request({ method: 'POST', url: `/api/v1/users/${ann!.id}/disable` });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: ann!.id, status: 'disabled' });
    expect(
      (await org.request({ method: 'POST', url: `/api/v1/users/${ann!.id}/disable` })).json().status,
    ).toBe('disabled');

    const enabled = await org.request({ method: 'POST', url: `/api/v1/users/${ann!.id}/enable` });
    expect(enabled.json()).toMatchObject({ id: ann!.id, status: 'active' });
  });

  it("answers 404 when disabling an unknown user or another organization's", async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const [theirs] = await createUsers(other, [{ email: 'theirs@other.test' }]);
    for (const id of [UNKNOWN_ID, theirs!.id]) {
      expect((await org.request({ method: 'POST', url: `/api/v1/users/${id}/disable` })).statusCode).toBe(
        404,
      );
    }
    expect((await other.request({ method: 'GET', url: `/api/v1/users/${theirs!.id}` })).json().status).toBe(
      'active',
    );
  });

  it('disables and enables many users at once, reporting what it did', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const [theirs] = await createUsers(other, [{ email: 'theirs@other.test' }]);
    const [ann, bob, cat] = await createUsers(org, [
      { email: 'ann@acme.test' },
      { email: 'bob@acme.test' },
      { email: 'cat@acme.test', status: 'disabled' },
    ]);

    const disabled = await org.request({
      method: 'POST',
      url: '/api/v1/users/disable',
      payload: { userIds: [ann!.id, bob!.id, cat!.id, ann!.id, UNKNOWN_ID, theirs!.id] },
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toEqual({
      changed: 2,
      unchanged: 1,
      notFound: [UNKNOWN_ID, theirs!.id],
      refused: [],
    });
    expect(await listEmails(org, 'sort=email&status=disabled')).toEqual([
      'ann@acme.test',
      'bob@acme.test',
      'cat@acme.test',
    ]);
    expect((await other.request({ method: 'GET', url: `/api/v1/users/${theirs!.id}` })).json().status).toBe(
      'active',
    );

    const enabled = await org.request({
      method: 'POST',
      url: '/api/v1/users/enable',
      payload: { userIds: [ann!.id, cat!.id] },
    });
    expect(enabled.json()).toEqual({ changed: 2, unchanged: 0, notFound: [], refused: [] });
    expect(await listEmails(org, 'sort=email&status=active')).toEqual(['ann@acme.test', 'cat@acme.test']);
  });

  it('takes 100,000 user ids in one call (a whole group selected with "all matching")', async () => {
    const org = await createOrg(t);
    const [ann, bob] = await createUsers(org, [{ email: 'ann@acme.test' }, { email: 'bob@acme.test' }]);
    // ~3.9 MB of JSON: past the 1 MB default body limit of other routes.
    const unknown = Array.from(
      { length: 99_998 },
      (_, i) => `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
    );
    const userIds = [ann!.id, ...unknown, bob!.id];

    const disabled = await org.request({
      method: 'POST',
      url: '/api/v1/users/disable',
      payload: { userIds },
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ changed: 2, unchanged: 0, refused: [] });
    expect(disabled.json().notFound).toHaveLength(99_998);
    const enabled = await org.request({ method: 'POST', url: '/api/v1/users/enable', payload: { userIds } });
    expect(enabled.json()).toMatchObject({ changed: 2 });

    const tooMany = await org.request({
      method: 'POST',
      url: '/api/v1/users/disable',
      payload: { userIds: [...userIds, UNKNOWN_ID] },
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it('refuses an empty or malformed list of user ids', async () => {
    const org = await createOrg(t);
    for (const payload of [
      { userIds: [] },
      { userIds: ['nope'] },
      {},
      { userIds: [UNKNOWN_ID], all: true },
    ]) {
      const response = await org.request({ method: 'POST', url: '/api/v1/users/disable', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  describe('the owner', () => {
    async function orgWithOwnerUser() {
      const org = await createOrg(t);
      // The owner's learner account: the user whose email is the owner admin's, in any case.
      const [owner] = await createUsers(org, [{ email: org.ownerEmail.toUpperCase() }]);
      return { org, owner: owner! };
    }

    it('can never be disabled alone: 409, and stays active', async () => {
      const { org, owner } = await orgWithOwnerUser();
      const response = await org.request({ method: 'POST', url: `/api/v1/users/${owner.id}/disable` });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 409, detail: OWNER_REFUSAL });
      expect((await org.request({ method: 'GET', url: `/api/v1/users/${owner.id}` })).json().status).toBe(
        'active',
      );
    });

    it('can never be disabled by an update: 409, and stays active', async () => {
      const { org, owner } = await orgWithOwnerUser();
      const response = await org.request({
        method: 'PATCH',
        url: `/api/v1/users/${owner.id}`,
        payload: { status: 'disabled', firstName: 'Changed' },
      });
      expect(response.statusCode).toBe(409);
      expect((await org.request({ method: 'GET', url: `/api/v1/users/${owner.id}` })).json()).toEqual(owner);
    });

    it('is listed as refused in a bulk disable, while the others are disabled', async () => {
      const { org, owner } = await orgWithOwnerUser();
      const [ann] = await createUsers(org, [{ email: 'ann@acme.test' }]);
      const response = await org.request({
        method: 'POST',
        url: '/api/v1/users/disable',
        payload: { userIds: [owner.id, ann!.id] },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        changed: 1,
        unchanged: 0,
        notFound: [],
        refused: [{ userId: owner.id, reason: OWNER_REFUSAL }],
      });
      expect(await listEmails(org, 'status=disabled')).toEqual(['ann@acme.test']);
    });

    it('cannot be created disabled', async () => {
      const org = await createOrg(t);
      const response = await org.request({
        method: 'POST',
        url: '/api/v1/users',
        payload: { email: org.ownerEmail, status: 'disabled' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe(OWNER_REFUSAL);
      expect(await listEmails(org, '')).toEqual([]);
    });

    it("cannot be disabled by giving a disabled user the owner's email", async () => {
      const org = await createOrg(t);
      const [ann] = await createUsers(org, [{ email: 'ann@acme.test', status: 'disabled' }]);
      const response = await org.request({
        method: 'PATCH',
        url: `/api/v1/users/${ann!.id}`,
        payload: { email: org.ownerEmail },
      });
      expect(response.statusCode).toBe(409);
      expect((await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).json()).toEqual(ann);
    });

    it('can be enabled with the others', async () => {
      const { org, owner } = await orgWithOwnerUser();
      const response = await org.request({
        method: 'POST',
        url: '/api/v1/users/enable',
        payload: { userIds: [owner.id] },
      });
      expect(response.json()).toEqual({ changed: 0, unchanged: 1, notFound: [], refused: [] });
    });
  });
});
