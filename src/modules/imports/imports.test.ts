import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { signal } from '../../../test/helpers/signal.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { createImportRepository, type UpsertColumns } from './imports.repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const uploadCsv = (org: TestOrg, csv: string, query = '') =>
  org.request({
    method: 'POST',
    url: `/api/v1/users/bulk${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });

const uploadJson = (org: TestOrg, body: unknown, query = '') =>
  org.request({ method: 'POST', url: `/api/v1/users/bulk${query}`, payload: body as object });

/** Every user of the organization, by email. */
async function usersOf(org: TestOrg) {
  const users: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (
      await org.request({
        method: 'GET',
        url: `/api/v1/users?sort=email&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      })
    ).json();
    users.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return users;
}

async function userByEmail(org: TestOrg, email: string) {
  return (await usersOf(org)).find((u) => u.email.toLowerCase() === email.toLowerCase());
}

async function groupsOf(org: TestOrg) {
  return (await org.request({ method: 'GET', url: '/api/v1/groups' })).json().data as any[];
}

async function departmentsOf(org: TestOrg) {
  return (await org.request({ method: 'GET', url: '/api/v1/departments' })).json().data as any[];
}

async function memberEmails(org: TestOrg, groupId: string) {
  const page = (
    await org.request({ method: 'GET', url: `/api/v1/groups/${groupId}/members?sort=email&limit=500` })
  ).json();
  return page.data.map((m: any) => m.email);
}

async function importAuditEntries(org: TestOrg) {
  return (await org.request({ method: 'GET', url: '/api/v1/audit-log?action=users.imported' })).json().data;
}

const STAFF_CSV = [
  'Email,First Name,Last Name,Department,Language,Location,Groups',
  'ann@acme.test,Ann,Archer,Finance,en,London,Pilots;Managers',
  'bob@acme.test,Bob,Baker,Sales,de,Berlin,Pilots',
  'cy@acme.test,Cy,Cole,Finance,fr,Paris,',
].join('\n');

describe('bulk upload of users as CSV', () => {
  it('creates the users, their departments, groups and memberships, and reports the counts', async () => {
    const org = await createOrg(t);
    const response = await uploadCsv(org, STAFF_CSV);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      dryRun: false,
      total: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
      departmentsCreated: 2,
      groupsCreated: 2,
      membershipsAdded: 3,
    });

    const users = await usersOf(org);
    expect(
      users.map((u) => [u.email, u.firstName, u.lastName, u.department?.name, u.language, u.location]),
    ).toEqual([
      ['ann@acme.test', 'Ann', 'Archer', 'Finance', 'en', 'London'],
      ['bob@acme.test', 'Bob', 'Baker', 'Sales', 'de', 'Berlin'],
      ['cy@acme.test', 'Cy', 'Cole', 'Finance', 'fr', 'Paris'],
    ]);
    expect((await departmentsOf(org)).map((d) => [d.name, d.memberCount]).sort()).toEqual([
      ['Finance', 2],
      ['Sales', 1],
    ]);
    const groups = await groupsOf(org);
    const pilots = groups.find((g) => g.name === 'Pilots');
    const managers = groups.find((g) => g.name === 'Managers');
    expect(await memberEmails(org, pilots.id)).toEqual(['ann@acme.test', 'bob@acme.test']);
    expect(await memberEmails(org, managers.id)).toEqual(['ann@acme.test']);
  });

  it('reports every row unchanged when the same file is uploaded again', async () => {
    const org = await createOrg(t);
    await uploadCsv(org, STAFF_CSV);
    const before = await usersOf(org);
    t.clock.advance(60_000);

    const again = await uploadCsv(org, STAFF_CSV);
    expect(again.json()).toMatchObject({
      total: 3,
      created: 0,
      updated: 0,
      unchanged: 3,
      failed: 0,
      departmentsCreated: 0,
      groupsCreated: 0,
      membershipsAdded: 0,
    });
    expect(await usersOf(org)).toEqual(before);
  });

  it('updates only the rows that differ, matching emails case-insensitively', async () => {
    const org = await createOrg(t);
    await uploadCsv(org, STAFF_CSV);
    const changed = [
      'Email,First Name,Last Name,Department,Language,Location,Groups',
      'ANN@Acme.TEST,Annie,Archer,Finance,en,London,',
      'bob@acme.test,Bob,Baker,Sales,de,Berlin,',
      'dee@acme.test,Dee,Dunn,,,,',
    ].join('\n');
    expect((await uploadCsv(org, changed)).json()).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 1,
      failed: 0,
    });
    const users = await usersOf(org);
    expect(users.map((u) => u.email)).toEqual([
      'ann@acme.test',
      'bob@acme.test',
      'cy@acme.test',
      'dee@acme.test',
    ]);
    expect(users[0]).toMatchObject({ firstName: 'Annie', lastName: 'Archer' });
  });

  it('matches existing users created one by one, whatever the case of their email and spaces around it', async () => {
    const org = await createOrg(t);
    const [grace] = await createUsers(org, [{ email: 'Grace@Navy.test', firstName: 'Grace' }]);
    const report = await uploadCsv(org, 'email,last name\n  grace@navy.TEST ,Hopper\n');
    expect(report.json()).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const users = await usersOf(org);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ id: grace!.id, firstName: 'Grace', lastName: 'Hopper' });
  });

  it('matches headers ignoring case and spaces, in any order, and ignores unknown columns', async () => {
    const org = await createOrg(t);
    const csv = [
      'Employee Id,LOCATION,lastname,EMAIL,FirstName, department ,language,GROUPS',
      '17,Oslo,Nordmann,ola@acme.test,Ola,IT,nb,Helpdesk',
    ].join('\n');
    expect((await uploadCsv(org, csv)).json()).toMatchObject({ created: 1, failed: 0 });
    expect(await userByEmail(org, 'ola@acme.test')).toMatchObject({
      firstName: 'Ola',
      lastName: 'Nordmann',
      department: { name: 'IT' },
      language: 'nb',
      location: 'Oslo',
    });
    expect((await groupsOf(org)).map((g) => g.name)).toEqual(['Helpdesk']);
  });

  it('reads a file that starts with a UTF-8 byte order mark, with CRLF line ends and non-ASCII text', async () => {
    const org = await createOrg(t);
    const csv = '\uFEFFEmail,First Name,Last Name\r\njose@acme.test,José,Müller-Łukasz\r\n';
    expect((await uploadCsv(org, csv)).json()).toMatchObject({ created: 1, failed: 0 });
    expect(await userByEmail(org, 'jose@acme.test')).toMatchObject({
      firstName: 'José',
      lastName: 'Müller-Łukasz',
    });
  });

  it('accepts a charset parameter on the content type', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      payload: 'Email\nkim@acme.test\n',
    });
    expect(response.json()).toMatchObject({ created: 1 });
  });

  it('keeps commas, quotes and line breaks inside quoted cells, counting rows as a spreadsheet does', async () => {
    const org = await createOrg(t);
    const csv = [
      'Email,First Name,Last Name,Location',
      'ann@acme.test,Ann,"Archer, Jr.","1 Main St',
      'Springfield"',
      'not-an-email,"Say ""hi""",X,Y',
      'bob@acme.test,Bob,"O""Brien",Cork',
    ].join('\n');
    const report = (await uploadCsv(org, csv)).json();
    expect(report).toMatchObject({ total: 3, created: 2, failed: 1 });
    expect(report.errors).toEqual([
      { row: 3, email: 'not-an-email', message: expect.stringContaining('valid email') },
    ]);
    expect(await userByEmail(org, 'ann@acme.test')).toMatchObject({
      lastName: 'Archer, Jr.',
      location: '1 Main St\nSpringfield',
    });
    expect(await userByEmail(org, 'bob@acme.test')).toMatchObject({ lastName: 'O"Brien' });
  });

  it('splits the Groups column on semicolons, reusing existing groups whatever their case', async () => {
    const org = await createOrg(t);
    const existing = await createGroup(org, 'Phishing Pilots');
    const csv = [
      'Email,Groups',
      'ann@acme.test, phishing pilots ; New Hires ;;',
      'bob@acme.test,NEW HIRES',
    ].join('\n');
    const report = (await uploadCsv(org, csv)).json();
    expect(report).toMatchObject({ created: 2, groupsCreated: 1, membershipsAdded: 3, failed: 0 });
    const groups = await groupsOf(org);
    expect(groups.map((g) => g.name).sort()).toEqual(['New Hires', 'Phishing Pilots']);
    expect(await memberEmails(org, existing.id)).toEqual(['ann@acme.test']);
    const newHires = groups.find((g) => g.name === 'New Hires');
    expect(await memberEmails(org, newHires.id)).toEqual(['ann@acme.test', 'bob@acme.test']);
  });

  it('puts a row in every group it names, however many, and adds only the memberships a user lacks', async () => {
    const org = await createOrg(t);
    const first = ['Email,Groups', 'ann@acme.test,A;B;C;D', 'bob@acme.test,B', 'cy@acme.test,'].join('\n');
    expect((await uploadCsv(org, first)).json()).toMatchObject({
      created: 3,
      groupsCreated: 4,
      membershipsAdded: 5,
    });

    // Stored users gain only the groups they are not in yet, new users all of theirs, and ?group=
    // comes on top of what each row names.
    const second = [
      'Email,Groups',
      'ann@acme.test,A;B;C;D;F',
      'bob@acme.test,C;A;b',
      'cy@acme.test,',
      'dee@acme.test,D;A;C',
    ].join('\n');
    expect((await uploadCsv(org, second, '?group=E')).json()).toMatchObject({
      created: 1,
      unchanged: 3,
      groupsCreated: 2,
      membershipsAdded: 10,
      failed: 0,
    });
    const members: Record<string, string[]> = {};
    for (const g of await groupsOf(org)) members[g.name] = await memberEmails(org, g.id);
    expect(members).toEqual({
      A: ['ann@acme.test', 'bob@acme.test', 'dee@acme.test'],
      B: ['ann@acme.test', 'bob@acme.test'],
      C: ['ann@acme.test', 'bob@acme.test', 'dee@acme.test'],
      D: ['ann@acme.test', 'dee@acme.test'],
      E: ['ann@acme.test', 'bob@acme.test', 'cy@acme.test', 'dee@acme.test'],
      F: ['ann@acme.test'],
    });
  });

  it('assigns everyone in the file to the group named by ?group=, creating it when missing', async () => {
    const org = await createOrg(t);
    const report = (await uploadCsv(org, STAFF_CSV, '?group=All%20Staff')).json();
    expect(report).toMatchObject({ created: 3, groupsCreated: 3, membershipsAdded: 6 });
    const allStaff = (await groupsOf(org)).find((g) => g.name === 'All Staff');
    expect(await memberEmails(org, allStaff.id)).toEqual(['ann@acme.test', 'bob@acme.test', 'cy@acme.test']);

    // Existing members and users are left as they are; a new user joins.
    const more = (await uploadCsv(org, 'Email\nann@acme.test\ndee@acme.test\n', '?group=all%20staff')).json();
    expect(more).toMatchObject({ created: 1, unchanged: 1, groupsCreated: 0, membershipsAdded: 1 });
    expect(await memberEmails(org, allStaff.id)).toHaveLength(4);
  });

  it('never clears a stored value with an empty cell or a missing column', async () => {
    const org = await createOrg(t);
    await uploadCsv(org, STAFF_CSV);
    const blanks = [
      'Email,First Name,Last Name,Department,Language,Location,Groups',
      'ann@acme.test,,,,,,',
      'bob@acme.test,  ,  ,  ,  ,  ,  ',
    ].join('\n');
    expect((await uploadCsv(org, blanks)).json()).toMatchObject({ updated: 0, unchanged: 2, failed: 0 });
    expect((await uploadCsv(org, 'Email\ncy@acme.test\n')).json()).toMatchObject({ unchanged: 1 });

    const users = await usersOf(org);
    expect(
      users.map((u) => [u.email, u.firstName, u.lastName, u.department?.name, u.language, u.location]),
    ).toEqual([
      ['ann@acme.test', 'Ann', 'Archer', 'Finance', 'en', 'London'],
      ['bob@acme.test', 'Bob', 'Baker', 'Sales', 'de', 'Berlin'],
      ['cy@acme.test', 'Cy', 'Cole', 'Finance', 'fr', 'Paris'],
    ]);
    const pilots = (await groupsOf(org)).find((g) => g.name === 'Pilots');
    expect(await memberEmails(org, pilots.id)).toEqual(['ann@acme.test', 'bob@acme.test']);
  });

  it('moves a user to another department named in the file, creating it when missing', async () => {
    const org = await createOrg(t);
    await uploadCsv(org, STAFF_CSV);
    const report = (
      await uploadCsv(org, 'Email,Department\nann@acme.test,  legal  \nbob@acme.test,FINANCE\n')
    ).json();
    expect(report).toMatchObject({ updated: 2, departmentsCreated: 1 });
    expect((await userByEmail(org, 'ann@acme.test')).department.name).toBe('legal');
    expect((await userByEmail(org, 'bob@acme.test')).department.name).toBe('Finance');
    expect((await departmentsOf(org)).map((d) => d.name).sort()).toEqual(['Finance', 'Sales', 'legal']);
  });

  it('reports bad rows with their row number and email while writing the good ones', async () => {
    const org = await createOrg(t);
    const csv = [
      'Email,First Name,Last Name,Groups',
      'good1@acme.test,Good,One,Team',
      'not-an-email,Bad,Email,Team',
      'GOOD1@acme.test,Dup,Licate,Team',
      `long@acme.test,${'x'.repeat(101)},Long,Team`,
      ',No,Email,Team',
      `badgroup@acme.test,Bad,Group,${'g'.repeat(101)}`,
      'good2@acme.test,Good,Two,Team',
    ].join('\n');
    const report = (await uploadCsv(org, csv)).json();
    expect(report).toMatchObject({ total: 7, created: 2, updated: 0, unchanged: 0, failed: 5 });
    expect(report.errors).toEqual([
      { row: 3, email: 'not-an-email', message: expect.stringContaining('valid email') },
      { row: 4, email: 'GOOD1@acme.test', message: expect.stringMatching(/duplicate.*row 2/i) },
      { row: 5, email: 'long@acme.test', message: expect.stringMatching(/First Name.*100/) },
      { row: 6, email: null, message: expect.stringMatching(/email is required/i) },
      { row: 7, email: 'badgroup@acme.test', message: expect.stringContaining('100') },
    ]);

    // The good rows are written in full, the bad ones not at all (no half-written user, no stray group).
    const users = await usersOf(org);
    expect(users.map((u) => [u.email, u.firstName])).toEqual([
      ['good1@acme.test', 'Good'],
      ['good2@acme.test', 'Good'],
    ]);
    const groups = await groupsOf(org);
    expect(groups.map((g) => [g.name, g.memberCount])).toEqual([['Team', 2]]);
  });

  it('counts the header as row 1 and the first record as row 2', async () => {
    const org = await createOrg(t);
    const report = (await uploadCsv(org, 'Email\nwrong\n')).json();
    expect(report.errors).toEqual([{ row: 2, email: 'wrong', message: expect.any(String) }]);
    expect(report.failed).toBe(1);
    expect(await usersOf(org)).toEqual([]);
  });

  it('counts blank lines in the row numbers, as a spreadsheet shows them, without treating them as rows', async () => {
    const org = await createOrg(t);
    const report = (await uploadCsv(org, '\nEmail\nok@acme.test\n\nwrong\n\n')).json();
    expect(report.errors).toEqual([{ row: 5, email: 'wrong', message: expect.any(String) }]);
    expect(report).toMatchObject({ total: 2, created: 1, failed: 1 });
  });

  it('refuses a CSV without an Email column with a 400 problem and writes nothing', async () => {
    const org = await createOrg(t);
    const response = await uploadCsv(org, 'First Name,Last Name,Groups\nAnn,Archer,Pilots\n');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, detail: expect.stringContaining('Email column') });
    expect(await usersOf(org)).toEqual([]);
    expect(await groupsOf(org)).toEqual([]);
    expect(await importAuditEntries(org)).toEqual([]);
  });

  it('refuses a malformed CSV (an unclosed quote) with a 400 problem and writes nothing', async () => {
    const org = await createOrg(t);
    const response = await uploadCsv(org, 'Email,First Name\nann@acme.test,Ann\nbob@acme.test,"Bob\n');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toMatch(/malformed/i);
    expect(await usersOf(org)).toEqual([]);
  });

  it('refuses an empty body, as CSV or as JSON, with a 400 problem', async () => {
    const org = await createOrg(t);
    for (const response of [
      await uploadCsv(org, ''),
      await org.request({
        method: 'POST',
        url: '/api/v1/users/bulk',
        headers: { 'content-type': 'application/json' },
        payload: '',
      }),
      await org.request({ method: 'POST', url: '/api/v1/users/bulk' }),
    ]) {
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(await usersOf(org)).toEqual([]);
  });

  it('refuses a CSV with only a header row or two Email columns', async () => {
    const org = await createOrg(t);
    const twice = await uploadCsv(org, 'Email,E-mail Address\na@acme.test,b@acme.test\n');
    expect(twice.statusCode).toBe(400);
    expect(twice.json().detail).toContain('twice');
    const headerOnly = await uploadCsv(org, 'Email,First Name\n');
    // A header with no records is a valid, empty upload.
    expect(headerOnly.statusCode).toBe(200);
    expect(headerOnly.json()).toMatchObject({ total: 0, created: 0, failed: 0 });
    expect(await usersOf(org)).toEqual([]);
  });
});

describe('bulk upload of users as JSON', () => {
  it('upserts users by email and assigns them all to the given group', async () => {
    const org = await createOrg(t);
    const [ann] = await createUsers(org, [{ email: 'ann@acme.test', firstName: 'Ann', location: 'Rome' }]);
    const response = await uploadJson(org, {
      group: 'Cohort 1',
      users: [
        { email: 'ANN@acme.test', lastName: 'Archer', department: 'Legal' },
        { email: 'bob@acme.test', firstName: 'Bob', groups: ['Pilots'] },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      dryRun: false,
      total: 2,
      created: 1,
      updated: 1,
      unchanged: 0,
      failed: 0,
      errors: [],
      departmentsCreated: 1,
      groupsCreated: 2,
      membershipsAdded: 3,
    });
    expect(await userByEmail(org, 'ann@acme.test')).toMatchObject({
      id: ann!.id,
      firstName: 'Ann',
      lastName: 'Archer',
      location: 'Rome',
      department: { name: 'Legal' },
    });
    const cohort = (await groupsOf(org)).find((g) => g.name === 'Cohort 1');
    expect(await memberEmails(org, cohort.id)).toEqual(['ann@acme.test', 'bob@acme.test']);
  });

  it('takes the group from the query string too', async () => {
    const org = await createOrg(t);
    await uploadJson(org, { users: [{ email: 'ann@acme.test' }] }, '?group=Everyone');
    const everyone = (await groupsOf(org)).find((g) => g.name === 'Everyone');
    expect(await memberEmails(org, everyone.id)).toEqual(['ann@acme.test']);
  });

  it('never clears a stored value with an empty string or null', async () => {
    const org = await createOrg(t);
    const full = {
      email: 'ann@acme.test',
      firstName: 'Ann',
      lastName: 'Archer',
      department: 'Finance',
      language: 'en',
      location: 'London',
    };
    await uploadJson(org, { users: [full] });
    const report = await uploadJson(org, {
      users: [
        {
          email: 'ann@acme.test',
          firstName: '',
          lastName: null,
          department: ' ',
          language: null,
          location: '',
          groups: [],
        },
      ],
    });
    expect(report.json()).toMatchObject({ updated: 0, unchanged: 1, failed: 0 });
    expect(await userByEmail(org, 'ann@acme.test')).toMatchObject({
      firstName: 'Ann',
      lastName: 'Archer',
      department: { name: 'Finance' },
      language: 'en',
      location: 'London',
    });
  });

  it('numbers rows from 1 for users[0] and reports unknown fields, wrong types and bad emails', async () => {
    const org = await createOrg(t);
    const response = await uploadJson(org, {
      users: [
        { email: 'ok@acme.test', firstName: 'Ok' },
        { email: 'extra@acme.test', nickname: 'Ex' },
        { email: 'typed@acme.test', firstName: 42 },
        { email: 'nope' },
        'just a string',
        { email: 'OK@acme.test' },
        { email: 'long@acme.test', location: 'l'.repeat(201) },
        { email: 'groups@acme.test', groups: 'Pilots' },
        { email: 'ok2@acme.test', lastName: 'Two' },
      ],
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ total: 9, created: 2, failed: 7 });
    expect(report.errors).toEqual([
      { row: 2, email: 'extra@acme.test', message: expect.stringContaining('nickname') },
      { row: 3, email: 'typed@acme.test', message: expect.stringContaining('First Name') },
      { row: 4, email: 'nope', message: expect.stringContaining('valid email') },
      { row: 5, email: null, message: expect.any(String) },
      { row: 6, email: 'OK@acme.test', message: expect.stringMatching(/duplicate.*row 1/i) },
      { row: 7, email: 'long@acme.test', message: expect.stringMatching(/Location.*200/) },
      { row: 8, email: 'groups@acme.test', message: expect.any(String) },
    ]);
    expect((await usersOf(org)).map((u) => u.email)).toEqual(['ok2@acme.test', 'ok@acme.test']);
  });

  it('refuses a body that is not {users, group?} with a 400 problem naming the field', async () => {
    const org = await createOrg(t);
    for (const body of [{ users: [] }, { users: 'x' }, { people: [{ email: 'a@acme.test' }] }, [1, 2]]) {
      const response = await uploadJson(org, body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].path).toMatch(/^body/);
    }
    const longGroup = await uploadJson(org, { users: [{ email: 'a@acme.test' }], group: 'g'.repeat(101) });
    expect(longGroup.statusCode).toBe(400);
    expect(longGroup.json().errors[0].path).toBe('body.group');
    expect(await usersOf(org)).toEqual([]);
  });

  it('refuses a malformed JSON body with a 400 problem', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      headers: { 'content-type': 'application/json' },
      payload: '{"users": [{"email": "a@acme.test"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await usersOf(org)).toEqual([]);
  });
});

describe('a dry run of a bulk upload', () => {
  const messyCsv = [
    'Email,First Name,Last Name,Department,Groups',
    'ann@acme.test,Annie,Archer,Legal,Pilots;Auditors',
    'new@acme.test,New,Person,Ops,Auditors',
    'bad-email,Bad,Row,,',
    'new@acme.test,Dup,Row,,',
    'bob@acme.test,Bob,Baker,Sales,',
  ].join('\n');

  it('answers the report the real run then gives, and writes nothing', async () => {
    const org = await createOrg(t);
    await uploadCsv(org, STAFF_CSV);
    const usersBefore = await usersOf(org);
    const groupsBefore = await groupsOf(org);
    const departmentsBefore = await departmentsOf(org);
    const auditBefore = await importAuditEntries(org);
    expect(auditBefore).toHaveLength(1);

    const dry = await uploadCsv(org, messyCsv, '?dryRun=true&group=Everyone');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      created: 1,
      updated: 1,
      unchanged: 1,
      failed: 2,
      departmentsCreated: 2,
      groupsCreated: 2,
    });

    expect(await usersOf(org)).toEqual(usersBefore);
    expect(await groupsOf(org)).toEqual(groupsBefore);
    expect(await departmentsOf(org)).toEqual(departmentsBefore);
    expect(await importAuditEntries(org)).toEqual(auditBefore);

    const real = await uploadCsv(org, messyCsv, '?group=Everyone');
    expect(real.json()).toEqual({ ...dry.json(), dryRun: false });
    expect(await importAuditEntries(org)).toHaveLength(2);
    expect((await usersOf(org)).map((u) => u.email)).toContain('new@acme.test');
  });

  it('writes nothing for JSON either, and leaves no audit entry', async () => {
    const org = await createOrg(t);
    const body = { users: [{ email: 'ann@acme.test', department: 'Ops', groups: ['Pilots'] }], group: 'All' };
    const dry = await uploadJson(org, body, '?dryRun=true');
    expect(dry.json()).toMatchObject({
      dryRun: true,
      created: 1,
      departmentsCreated: 1,
      groupsCreated: 2,
      membershipsAdded: 2,
    });
    expect(await usersOf(org)).toEqual([]);
    expect(await groupsOf(org)).toEqual([]);
    expect(await departmentsOf(org)).toEqual([]);
    expect(await importAuditEntries(org)).toEqual([]);

    expect((await uploadJson(org, body)).json()).toEqual({ ...dry.json(), dryRun: false });
  });

  it('refuses a dryRun value other than true or false', async () => {
    const org = await createOrg(t);
    const response = await uploadCsv(org, 'Email\na@acme.test\n', '?dryRun=yes');
    expect(response.statusCode).toBe(400);
    expect(await usersOf(org)).toEqual([]);
  });
});

describe('the bulk upload audit trail and tenancy', () => {
  it('records who imported what, without the rows themselves', async () => {
    const org = await createOrg(t);
    await uploadCsv(org, STAFF_CSV, '?group=Everyone');
    const [entry] = await importAuditEntries(org);
    expect(entry).toMatchObject({
      action: 'users.imported',
      actor: { type: 'api_key', id: org.apiKeyId },
      details: { created: 3, failed: 0, group: 'Everyone' },
    });
    expect(entry.details.errors).toBeUndefined();
  });

  it('upserts into the calling organization only, even for an email another organization has', async () => {
    const first = await createOrg(t);
    const second = await createOrg(t);
    await uploadCsv(first, STAFF_CSV);
    const report = (
      await uploadCsv(second, 'Email,First Name,Groups\nann@acme.test,Other Ann,Pilots\n')
    ).json();
    expect(report).toMatchObject({ created: 1, updated: 0, groupsCreated: 1 });
    expect(await userByEmail(first, 'ann@acme.test')).toMatchObject({ firstName: 'Ann' });
    expect(await userByEmail(second, 'ann@acme.test')).toMatchObject({ firstName: 'Other Ann' });
    expect(await usersOf(second)).toHaveLength(1);
    const firstPilots = (await groupsOf(first)).find((g) => g.name === 'Pilots');
    expect(await memberEmails(first, firstPilots.id)).toEqual(['ann@acme.test', 'bob@acme.test']);
  });

  it('refuses an unauthenticated upload', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/bulk',
      headers: { 'content-type': 'text/csv' },
      payload: 'Email\na@acme.test\n',
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('body size limits', () => {
  it('accepts a CSV of 20,000 rows, several megabytes, on the bulk route', async () => {
    const org = await createOrg(t);
    const lines = ['Email,First Name,Last Name,Department,Language,Location,Groups'];
    for (let i = 0; i < 20_000; i++) {
      lines.push(
        `user${i}@bulk.test,First${i},Last${i},Dept ${i % 12},en,${'Street '.repeat(20)}${i},Batch ${i % 3}`,
      );
    }
    const csv = lines.join('\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(3 * 1024 * 1024);

    const response = await uploadCsv(org, csv);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      total: 20_000,
      created: 20_000,
      failed: 0,
      departmentsCreated: 12,
      groupsCreated: 3,
      membershipsAdded: 20_000,
    });
    const groups = await groupsOf(org);
    expect(groups.map((g) => g.memberCount).reduce((a, b) => a + b, 0)).toBe(20_000);

    const again = await uploadCsv(org, csv);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 20_000, membershipsAdded: 0 });
  });

  it('accepts a JSON body of several megabytes on the bulk route', async () => {
    const org = await createOrg(t);
    const users = Array.from({ length: 15_000 }, (_, i) => ({
      email: `json${i}@bulk.test`,
      firstName: `First${i}`,
      location: `${'Avenue '.repeat(20)}${i}`,
    }));
    const payload = JSON.stringify({ users });
    expect(Buffer.byteLength(payload)).toBeGreaterThan(2 * 1024 * 1024);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ created: 15_000, failed: 0 });
  });

  it('refuses a 2 MB body on a small route with a 413 problem', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 413 });
    expect(await groupsOf(org)).toEqual([]);
  });
});

describe('groups filled automatically', () => {
  it('refuses rows that name a smart or synced group, and a ?group= that is one, while writing the rest', async () => {
    const org = await createOrg(t);
    const smart = await createGroup(org, 'High Risk');
    // No route makes a smart group yet (a later issue); the kind is set the way its sync will.
    await t.database.db.updateTable('groups').set({ kind: 'smart' }).where('id', '=', smart.id).execute();

    const report = (
      await uploadCsv(org, 'Email,Groups\nok@acme.test,Finance\nrisky@acme.test,high risk\n')
    ).json();
    expect(report).toMatchObject({ created: 1, failed: 1 });
    expect(report.errors).toEqual([
      { row: 3, email: 'risky@acme.test', message: 'The group "high risk" is managed automatically.' },
    ]);
    expect(await memberEmails(org, smart.id)).toEqual([]);

    const refused = await uploadCsv(org, 'Email\nother@acme.test\n', '?group=High%20Risk');
    expect(refused.statusCode).toBe(409);
    expect(await userByEmail(org, 'other@acme.test')).toBeUndefined();
  });
});

describe('planner statistics after a bulk upload', () => {
  /** PostgreSQL's estimate of the users table's rows, as the planner reads it (-1: never analyzed). */
  const estimatedUsers = async () =>
    Math.max(
      0,
      Number(
        (
          await sql<{ n: number }>`select reltuples as n from pg_class where relname = 'users'`.execute(
            t.database.db,
          )
        ).rows[0]!.n,
      ),
    );

  it('are refreshed before the upload answers, so the next request is planned on the new rows', async () => {
    const org = await createOrg(t);
    const before = await estimatedUsers();
    const lines = ['Email,First Name,Last Name'];
    for (let i = 0; i < 10_000; i++) lines.push(`planned-${i}@stats.example.com,Ann,Number ${i}`);
    const response = await uploadCsv(org, lines.join('\n'));
    expect(response.json()).toMatchObject({ created: 10_000, failed: 0 });
    // A sample's estimate, not a count: within a few percent of the rows added.
    expect(await estimatedUsers()).toBeGreaterThan(before + 9_000);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two uploads of the same people at once (PostgreSQL)', () => {
  const actor = { type: 'system' as const, id: null, label: 'test' };
  /** The columns of an upload of `rows` (email and groups by position in `groupIds`), no other fields. */
  const columnsOf = (rows: { email: string; groups: number[] }[], groupIds: string[]): UpsertColumns => ({
    emails: rows.map((r) => r.email),
    firstNames: rows.map(() => ''),
    lastNames: rows.map(() => ''),
    departments: rows.map(() => null),
    languages: rows.map(() => null),
    locations: rows.map(() => null),
    departmentIds: [],
    firstGroups: rows.map((r) => r.groups[0] ?? null),
    secondGroups: rows.map((r) => r.groups[1] ?? null),
    otherGroupRows: rows.flatMap((r, i) => r.groups.slice(2).map(() => i + 1)),
    otherGroups: rows.flatMap((r) => r.groups.slice(2)),
    groupIds,
  });
  /** Whether some backend of this database waits for a lock (the second upload, on the first's rows). */
  const someoneWaits = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.db)
    ).rows[0]!.n > 0;

  it('writes each user and membership once: the upload that trips over the other redoes its write tolerantly', async () => {
    const org = await createOrg(t);
    const groups = await Promise.all(['G1', 'G2', 'G3', 'G4'].map((name) => createGroup(org, name)));
    const groupIds = groups.map((g) => g.id);
    const db = t.database.db;
    const now = t.clock.now();

    // The first upload writes and holds its transaction open; the second, naming the same two
    // people (one in more groups) and a third, waits on the first's new rows.
    const committing = signal();
    const wrote = signal();
    const first = db.transaction().execute(async (trx) => {
      const result = await createImportRepository(trx).write(
        org.orgId,
        columnsOf(
          [
            { email: 'ann@acme.test', groups: [1, 2] },
            { email: 'bob@acme.test', groups: [1] },
          ],
          groupIds,
        ),
        actor,
        now,
      );
      wrote.fire();
      await committing.fired;
      return result;
    });
    await wrote.fired;
    const second = db.transaction().execute((trx) =>
      createImportRepository(trx).write(
        org.orgId,
        columnsOf(
          [
            { email: 'ann@acme.test', groups: [1, 2, 3, 4] },
            { email: 'BOB@acme.test', groups: [2] },
            { email: 'cy@acme.test', groups: [3] },
          ],
          groupIds,
        ),
        actor,
        now,
      ),
    );
    while (!(await someoneWaits())) await new Promise((resolve) => setTimeout(resolve, 20));
    committing.fire();

    expect(await first).toEqual({ created: 2, updated: 0, membershipsAdded: 3 });
    expect(await second).toEqual({ created: 1, updated: 0, membershipsAdded: 4 });
    expect((await usersOf(org)).map((u) => u.email)).toEqual([
      'ann@acme.test',
      'bob@acme.test',
      'cy@acme.test',
    ]);
    const members = await Promise.all(groups.map((g) => memberEmails(org, g.id)));
    expect(members).toEqual([
      ['ann@acme.test', 'bob@acme.test'],
      ['ann@acme.test', 'bob@acme.test'],
      ['ann@acme.test', 'cy@acme.test'],
      ['ann@acme.test'],
    ]);
  });
});
