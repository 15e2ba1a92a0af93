import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
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

const HEADER = 'User Name,Email Address,Department,Last Login Date,Date Added to the Platform';

const exportMembers = (org: TestOrg, groupId: string) =>
  org.request({ method: 'GET', url: `/api/v1/groups/${groupId}/members.csv` });

/** The data records of a report (the header row left out), parsed by an independent CSV reader. */
function recordsOf(body: string): string[][] {
  const [header, ...records] = parse(body, { relax_column_count: false }) as string[][];
  expect(header).toEqual(HEADER.split(','));
  return records;
}

async function addMembers(org: TestOrg, groupId: string, userIds: string[]) {
  const response = await org.request({
    method: 'POST',
    url: `/api/v1/groups/${groupId}/members`,
    payload: { userIds },
  });
  expect(response.statusCode).toBe(200);
}

describe('the Assigned Users Report', () => {
  it('starts with exactly the agreed header line', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Empty');
    const response = await exportMembers(org, group.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.body).toBe(`${HEADER}\r\n`);
  });

  it('lists every member once, with name, email, department and ISO 8601 UTC dates', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Finance');
    const department = (
      await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Accounting' } })
    ).json();
    t.clock.set(new Date('2026-02-03T04:05:06.789Z'));
    const [ann] = await createUsers(org, [
      { email: 'ann@acme.test', firstName: 'Ann', lastName: 'Archer', departmentId: department.id },
    ]);
    t.clock.set(new Date('2026-02-04T10:00:00.000Z'));
    const [bob, solo] = await createUsers(org, [
      { email: 'bob@acme.test', firstName: 'Bob', lastName: 'Baker' },
      { email: 'solo@acme.test', firstName: 'Solo' },
    ]);
    await createUsers(org, [{ email: 'outsider@acme.test', firstName: 'Not', lastName: 'Member' }]);
    await sql`update users set last_login_at = ${new Date('2026-03-01T08:30:00Z')} where id = ${ann!.id}`.execute(
      t.database.db,
    );
    await addMembers(org, group.id, [ann!.id, bob!.id, solo!.id]);

    const response = await exportMembers(org, group.id);
    expect(response.statusCode).toBe(200);
    const records = recordsOf(response.body);
    expect(records.sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
      ['Ann Archer', 'ann@acme.test', 'Accounting', '2026-03-01T08:30:00.000Z', '2026-02-03T04:05:06.789Z'],
      ['Bob Baker', 'bob@acme.test', '', '', '2026-02-04T10:00:00.000Z'],
      ['Solo', 'solo@acme.test', '', '', '2026-02-04T10:00:00.000Z'],
    ]);
  });

  it('names the file after the group and the date of the injected clock', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Sales Team');
    t.clock.set(new Date('2026-11-26T23:59:59Z'));
    const response = await exportMembers(org, group.id);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="Sales Team-users-2026-11-26.csv"',
    );
    t.clock.advance(2000);
    expect((await exportMembers(org, group.id)).headers['content-disposition']).toBe(
      'attachment; filename="Sales Team-users-2026-11-27.csv"',
    );
  });

  it('keeps a non-ASCII or quoted group name out of the plain filename, offering it as UTF-8', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Équipe "A"');
    t.clock.set(new Date('2026-05-01T12:00:00Z'));
    const disposition = (await exportMembers(org, group.id)).headers['content-disposition'] as string;
    expect(disposition).toContain('filename="_quipe _A_-users-2026-05-01.csv"');
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent('Équipe "A"-users-2026-05-01.csv')}`,
    );
  });

  it('neutralises cells a spreadsheet would run as formulas, and quotes commas and quotes', async () => {
    const org = await createOrg(t);
    const group = await createGroup(org, 'Risky');
    const upload = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      payload: {
        group: 'Risky',
        users: [
          { email: 'eq@acme.test', firstName: '=HYPERLINK("http://evil.test")', department: '+Sales' },
          { email: 'at@acme.test', firstName: '@SUM(A1:A9)', department: '-1+2' },
          { email: 'minus@acme.test', firstName: '-2+3', lastName: 'Doe, "JJ"', department: '@Ops' },
          { email: 'tab@acme.test', firstName: 'Tab', department: 'Tabbed' },
          { email: 'cr@acme.test', firstName: 'Cr', department: 'Returned' },
          { email: '-dash@acme.test', firstName: 'Dash' },
        ],
      },
    });
    expect(upload.json()).toMatchObject({ created: 6, failed: 0 });
    // Names and departments are trimmed on input; a leading tab or CR can still arrive through
    // another path (SSO sync later), so put them in the database directly.
    await sql`update departments set name = ${'\tTabbed'} where org_id = ${org.orgId} and name = 'Tabbed'`.execute(
      t.database.db,
    );
    await sql`update departments set name = ${'\rReturned'} where org_id = ${org.orgId} and name = 'Returned'`.execute(
      t.database.db,
    );

    const response = await exportMembers(org, group.id);
    const byEmail = new Map(recordsOf(response.body).map((r) => [r[1], r]));
    expect(byEmail.get('eq@acme.test')!.slice(0, 3)).toEqual([
      `'=HYPERLINK("http://evil.test")`,
      'eq@acme.test',
      "'+Sales",
    ]);
    expect(byEmail.get('at@acme.test')!.slice(0, 3)).toEqual(["'@SUM(A1:A9)", 'at@acme.test', "'-1+2"]);
    expect(byEmail.get('minus@acme.test')!.slice(0, 3)).toEqual([
      `'-2+3 Doe, "JJ"`,
      'minus@acme.test',
      "'@Ops",
    ]);
    expect(byEmail.get('tab@acme.test')![2]).toBe("'\tTabbed");
    expect(byEmail.get('cr@acme.test')![2]).toBe("'\rReturned");
    expect(byEmail.get("'-dash@acme.test")![0]).toBe('Dash');
    // No cell of the file, read raw, starts with a formula character.
    for (const record of byEmail.values()) {
      for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('exports a group larger than one database batch completely, each member once', async () => {
    const org = await createOrg(t);
    const count = 4500;
    const lines = ['Email,First Name,Last Name'];
    // Few distinct names, so batch boundaries fall inside runs of equal names.
    for (let i = 0; i < count; i++) lines.push(`member${i}@big.test,Same,Name${i % 3}`);
    const upload = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk?group=Everyone',
      headers: { 'content-type': 'text/csv' },
      payload: lines.join('\n'),
    });
    expect(upload.json()).toMatchObject({ created: count, membershipsAdded: count, failed: 0 });
    await createUsers(org, [{ email: 'not-in-group@big.test' }]);
    const group = (await org.request({ method: 'GET', url: '/api/v1/groups' }))
      .json()
      .data.find((g: any) => g.name === 'Everyone');

    const response = await exportMembers(org, group.id);
    expect(response.statusCode).toBe(200);
    const records = recordsOf(response.body);
    expect(records).toHaveLength(count);
    const emails = new Set(records.map((r) => r[1]));
    expect(emails.size).toBe(count);
    for (let i = 0; i < count; i++) expect(emails.has(`member${i}@big.test`)).toBe(true);
    expect(emails.has('not-in-group@big.test')).toBe(false);
  });

  it('answers 404 problem+json, not a CSV, for an unknown group', async () => {
    const org = await createOrg(t);
    const response = await exportMembers(org, '00000000-0000-4000-8000-000000000000');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.json()).toMatchObject({ status: 404, title: 'Not found' });
  });

  it("answers 404 for another organization's group and never shows its members", async () => {
    const owner = await createOrg(t);
    const other = await createOrg(t);
    const group = await createGroup(owner, 'Private');
    const [secret] = await createUsers(owner, [{ email: 'secret@acme.test' }]);
    await addMembers(owner, group.id, [secret!.id]);

    const response = await exportMembers(other, group.id);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('secret@acme.test');
    expect(recordsOf((await exportMembers(owner, group.id)).body)).toHaveLength(1);
  });

  it('answers 400 for a group id that is not a UUID and 401 without credentials', async () => {
    const org = await createOrg(t);
    const bad = await exportMembers(org, 'not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const group = await createGroup(org, 'Guarded');
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/members.csv` });
    expect(anonymous.statusCode).toBe(401);
  });
});
