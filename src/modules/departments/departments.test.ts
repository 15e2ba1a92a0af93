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

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

async function createDepartment(org: TestOrg, name: string): Promise<{ id: string; name: string }> {
  const response = await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name } });
  if (response.statusCode !== 201) throw new Error(`create department failed: ${response.body}`);
  return response.json();
}

async function listDepartments(org: TestOrg) {
  const response = await org.request({ method: 'GET', url: '/api/v1/departments' });
  expect(response.statusCode).toBe(200);
  return response.json().data as Array<{ id: string; name: string; memberCount: number }>;
}

describe('departments', () => {
  it('creates a department with its name trimmed, made by hand, without members', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/departments',
      payload: { name: '  Marketing ' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      name: 'Marketing',
      source: 'manual',
      memberCount: 0,
      createdAt: t.clock.now().toISOString(),
    });
    const fetched = await org.request({ method: 'GET', url: `/api/v1/departments/${response.json().id}` });
    expect(fetched.json()).toEqual(response.json());
  });

  it('refuses a second department with the same name in any case, with a 409 problem', async () => {
    const org = await createOrg(t);
    await createDepartment(org, 'Finance');
    const duplicate = await org.request({
      method: 'POST',
      url: '/api/v1/departments',
      payload: { name: ' FINANCE ' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    expect(duplicate.json()).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'A department with this name already exists.',
    });
    expect((await listDepartments(org)).map((d) => d.name)).toEqual(['Finance']);
  });

  it('lets two organizations use the same department name', async () => {
    const first = await createOrg(t);
    const second = await createOrg(t);
    await createDepartment(first, 'Legal');
    const response = await second.request({
      method: 'POST',
      url: '/api/v1/departments',
      payload: { name: 'Legal' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('refuses an empty, over-long or unexpected name, and creates nothing', async () => {
    const org = await createOrg(t);
    for (const payload of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 7 }]) {
      const response = await org.request({ method: 'POST', url: '/api/v1/departments', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].path).toBe('body.name');
    }
    const unknownField = await org.request({
      method: 'POST',
      url: '/api/v1/departments',
      payload: { name: 'Sales', source: 'sso' },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(await listDepartments(org)).toEqual([]);
  });

  it('renames a department, and its users see the new name', async () => {
    const org = await createOrg(t);
    const department = await createDepartment(org, 'R&D');
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test', departmentId: department.id }]);
    const renamed = await org.request({
      method: 'PATCH',
      url: `/api/v1/departments/${department.id}`,
      payload: { name: ' Research ' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: department.id, name: 'Research', memberCount: 1 });
    const user = await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` });
    expect(user.json().department).toEqual({ id: department.id, name: 'Research' });
  });

  it("changes the case of a department's own name, but refuses another department's name", async () => {
    const org = await createOrg(t);
    const department = await createDepartment(org, 'it');
    await createDepartment(org, 'Security');
    const recased = await org.request({
      method: 'PATCH',
      url: `/api/v1/departments/${department.id}`,
      payload: { name: 'IT' },
    });
    expect(recased.statusCode).toBe(200);
    expect(recased.json().name).toBe('IT');

    const clash = await org.request({
      method: 'PATCH',
      url: `/api/v1/departments/${department.id}`,
      payload: { name: 'SECURITY' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toBe('A department with this name already exists.');
    expect((await listDepartments(org)).map((d) => d.name)).toEqual(['IT', 'Security']);
  });

  it('lists departments by name with their member counts', async () => {
    const org = await createOrg(t);
    const sales = await createDepartment(org, 'sales');
    const finance = await createDepartment(org, 'Finance');
    await createDepartment(org, 'Audit');
    await createUsers(org, [
      { email: 'a@acme.test', departmentId: sales.id },
      { email: 'b@acme.test', departmentId: sales.id },
      { email: 'c@acme.test', departmentId: finance.id, status: 'disabled' },
      { email: 'd@acme.test' },
    ]);
    expect((await listDepartments(org)).map((d) => [d.name, d.memberCount])).toEqual([
      ['Audit', 0],
      ['Finance', 1],
      ['sales', 2],
    ]);
    const one = await org.request({ method: 'GET', url: `/api/v1/departments/${sales.id}` });
    expect(one.json().memberCount).toBe(2);
  });

  it('counts a user who moves department in the new one only', async () => {
    const org = await createOrg(t);
    const from = await createDepartment(org, 'From');
    const to = await createDepartment(org, 'To');
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test', departmentId: from.id }]);
    await org.request({ method: 'PATCH', url: `/api/v1/users/${ann!.id}`, payload: { departmentId: to.id } });
    expect((await listDepartments(org)).map((d) => [d.name, d.memberCount])).toEqual([
      ['From', 0],
      ['To', 1],
    ]);
  });

  it('deletes a department: its users stay, without a department', async () => {
    const org = await createOrg(t);
    const doomed = await createDepartment(org, 'Doomed');
    const kept = await createDepartment(org, 'Kept');
    const [ann, bob] = await createUsers(org, [
      { email: 'ann@acme.test', departmentId: doomed.id, location: 'Paris' },
      { email: 'bob@acme.test', departmentId: kept.id },
    ]);

    const deleted = await org.request({ method: 'DELETE', url: `/api/v1/departments/${doomed.id}` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');

    expect((await org.request({ method: 'GET', url: `/api/v1/departments/${doomed.id}` })).statusCode).toBe(
      404,
    );
    expect((await listDepartments(org)).map((d) => [d.name, d.memberCount])).toEqual([['Kept', 1]]);
    const annNow = (await org.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).json();
    expect(annNow).toMatchObject({ email: 'ann@acme.test', department: null, location: 'Paris' });
    const bobNow = (await org.request({ method: 'GET', url: `/api/v1/users/${bob!.id}` })).json();
    expect(bobNow.department).toEqual({ id: kept.id, name: 'Kept' });
    const withoutFilter = await org.request({ method: 'GET', url: '/api/v1/users?sort=email' });
    expect(withoutFilter.json().data.map((u: { email: string }) => u.email)).toEqual([
      'ann@acme.test',
      'bob@acme.test',
    ]);

    expect(
      (await org.request({ method: 'DELETE', url: `/api/v1/departments/${doomed.id}` })).statusCode,
    ).toBe(404);
    // The name is free again.
    expect(
      (await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'doomed' } }))
        .statusCode,
    ).toBe(201);
  });

  it('answers 404 for an unknown department and 400 for a malformed id', async () => {
    const org = await createOrg(t);
    for (const request of [
      { method: 'GET' as const, url: `/api/v1/departments/${UNKNOWN_ID}` },
      { method: 'PATCH' as const, url: `/api/v1/departments/${UNKNOWN_ID}`, payload: { name: 'X' } },
      { method: 'DELETE' as const, url: `/api/v1/departments/${UNKNOWN_ID}` },
    ]) {
      const response = await org.request(request);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, detail: 'Department was not found.' });
    }
    expect((await org.request({ method: 'GET', url: '/api/v1/departments/sales' })).statusCode).toBe(400);
  });

  it("neither shows, renames nor deletes another organization's department", async () => {
    const owner = await createOrg(t);
    const intruder = await createOrg(t);
    const department = await createDepartment(owner, 'Private');
    await createUsers(owner, [{ email: 'ann@owner.test', departmentId: department.id }]);
    const url = `/api/v1/departments/${department.id}`;

    expect(await listDepartments(intruder)).toEqual([]);
    expect((await intruder.request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await intruder.request({ method: 'PATCH', url, payload: { name: 'Stolen' } })).statusCode).toBe(
      404,
    );
    expect((await intruder.request({ method: 'DELETE', url })).statusCode).toBe(404);

    expect((await owner.request({ method: 'GET', url })).json()).toMatchObject({
      name: 'Private',
      memberCount: 1,
    });
  });
});
