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

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString();

const COURSE_HEADER = [
  'User Name',
  'Email Address',
  'Department',
  'Status',
  'Score',
  'Completed At',
  'Due At',
  'Assigned At',
];
const GROUP_HEADER = [
  'User Name',
  'Email Address',
  'Department',
  'Course',
  'Status',
  'Score',
  'Completed At',
  'Due At',
  'Assigned At',
];

/** The data records of a report, its header checked, parsed by an independent CSV reader. */
function recordsOf(body: string, header: string[]): string[][] {
  const [first, ...records] = parse(body, { relax_column_count: false }) as string[][];
  expect(first).toEqual(header);
  return records;
}

const courseCsv = (org: TestOrg, courseId: string) =>
  org.request({ method: 'GET', url: `/api/v1/courses/${courseId}/enrollments.csv` });
const groupCsv = (org: TestOrg, groupId: string) =>
  org.request({ method: 'GET', url: `/api/v1/groups/${groupId}/enrollments.csv` });

async function createCourse(org: TestOrg, title: string) {
  const response = await org.request({
    method: 'POST',
    url: '/api/v1/courses',
    payload: {
      title,
      estimatedMinutes: 5,
      passMark: 50,
      lessons: [{ title: 'One', markdown: 'Text' }],
      quiz: [{ prompt: 'Q', options: ['a', 'b'], correct: [0] }],
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; title: string };
}

async function assign(org: TestOrg, body: Record<string, unknown>) {
  const response = await org.request({ method: 'POST', url: '/api/v1/assignments', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Moves an enrollment along as the learner portal would (its own tests cover how). */
async function progress(
  org: TestOrg,
  userId: string,
  courseId: string,
  change: { status: 'in_progress' } | { status: 'completed'; score: number; completedAt: Date },
) {
  const now = t.clock.now();
  const completed = change.status === 'completed';
  await sql`update enrollments
            set status = ${change.status}, started_at = ${now},
                score = ${completed ? change.score : null},
                completed_at = ${completed ? change.completedAt : null}
            where org_id = ${org.orgId} and user_id = ${userId} and course_id = ${courseId}`.execute(
    t.database.db,
  );
}

describe("a course's enrollments as CSV", () => {
  it('lists each enrolled person once with status, score and ISO 8601 UTC dates, and only them', async () => {
    const org = await createOrg(t);
    t.clock.set(new Date('2026-03-02T09:00:00.000Z'));
    const finance = (
      await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Finance' } })
    ).json();
    const [ann, bob, cy, dee, eve] = await createUsers(org, [
      { email: 'ann@acme.test', firstName: 'Ann', lastName: 'Archer', departmentId: finance.id },
      { email: 'bob@acme.test', firstName: 'Bob', lastName: 'Baker' },
      { email: 'cy@acme.test', firstName: 'Cy' },
      { email: 'dee@acme.test', firstName: 'Dee', lastName: 'Dunn' },
      { email: 'eve@acme.test', firstName: 'Eve', lastName: 'Evans' },
    ]);
    await createUsers(org, [{ email: 'never@acme.test', firstName: 'Never', lastName: 'Assigned' }]);
    const course = await createCourse(org, 'Invoice fraud');
    const other = await createCourse(org, 'Another course');

    // Dee and Eve have two days; the others two weeks.
    const soon = inDays(2);
    await assign(org, { courseId: course.id, userIds: [dee!.id, eve!.id], dueAt: soon });
    t.clock.set(new Date('2026-03-02T10:00:00.000Z'));
    const later = inDays(14);
    await assign(org, { courseId: course.id, userIds: [ann!.id, bob!.id, cy!.id], dueAt: later });
    await assign(org, { courseId: other.id, userIds: [cy!.id], dueAt: later });
    await progress(org, ann!.id, course.id, {
      status: 'completed',
      score: 90,
      completedAt: new Date('2026-03-03T08:15:00.000Z'),
    });
    await progress(org, bob!.id, course.id, { status: 'in_progress' });
    await progress(org, eve!.id, course.id, {
      status: 'completed',
      score: 100,
      completedAt: new Date('2026-03-03T12:00:00.000Z'),
    });
    // Three days on: Dee's course is overdue; Eve finished hers in time, so it stays completed.
    t.clock.set(new Date('2026-03-05T10:00:00.000Z'));

    const response = await courseCsv(org, course.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="Invoice fraud-enrollments-2026-03-05.csv"',
    );
    expect(response.body.startsWith(`${COURSE_HEADER.join(',')}\r\n`)).toBe(true);
    expect(recordsOf(response.body, COURSE_HEADER)).toEqual([
      [
        'Ann Archer',
        'ann@acme.test',
        'Finance',
        'Completed',
        '90',
        '2026-03-03T08:15:00.000Z',
        later,
        '2026-03-02T10:00:00.000Z',
      ],
      ['Bob Baker', 'bob@acme.test', '', 'In progress', '', '', later, '2026-03-02T10:00:00.000Z'],
      ['Cy', 'cy@acme.test', '', 'Not started', '', '', later, '2026-03-02T10:00:00.000Z'],
      ['Dee Dunn', 'dee@acme.test', '', 'Overdue', '', '', soon, '2026-03-02T09:00:00.000Z'],
      [
        'Eve Evans',
        'eve@acme.test',
        '',
        'Completed',
        '100',
        '2026-03-03T12:00:00.000Z',
        soon,
        '2026-03-02T09:00:00.000Z',
      ],
    ]);
  });

  it('shows the same status as the enrollments list, for every row', async () => {
    const org = await createOrg(t);
    const users = await createUsers(
      org,
      ['a', 'b', 'c', 'd'].map((x) => ({ email: `${x}@acme.test`, firstName: x.toUpperCase() })),
    );
    const course = await createCourse(org, 'Statuses');
    await assign(org, { courseId: course.id, userIds: [users[0]!.id, users[1]!.id], dueAt: inDays(1) });
    await assign(org, { courseId: course.id, userIds: [users[2]!.id, users[3]!.id], dueAt: inDays(5) });
    await progress(org, users[1]!.id, course.id, { status: 'in_progress' });
    await progress(org, users[2]!.id, course.id, { status: 'in_progress' });
    t.clock.advance(2 * DAY);
    const list = (
      await org.request({ method: 'GET', url: `/api/v1/courses/${course.id}/enrollments` })
    ).json().data as Array<{ user: { email: string }; status: string; overdue: boolean }>;
    const words = { not_started: 'Not started', in_progress: 'In progress', completed: 'Completed' };
    const expected = list.map((e) => [e.user.email, e.overdue ? 'Overdue' : words[e.status as 'completed']]);
    const records = recordsOf((await courseCsv(org, course.id)).body, COURSE_HEADER);
    expect(records.map((r) => [r[1], r[3]])).toEqual(expected);
    expect(expected.map((e) => e[1])).toEqual(['Overdue', 'Overdue', 'In progress', 'Not started']);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const org = await createOrg(t);
    const upload = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      payload: {
        users: [
          { email: 'eq@acme.test', firstName: '=HYPERLINK("http://evil.test")', department: '+Sales' },
          { email: 'at@acme.test', firstName: '@SUM(A1:A9)', lastName: 'Doe, "JJ"', department: '-1+2' },
        ],
      },
    });
    expect(upload.json()).toMatchObject({ created: 2, failed: 0 });
    const ids = (await org.request({ method: 'GET', url: '/api/v1/users' }))
      .json()
      .data.map((u: { id: string }) => u.id);
    const course = await createCourse(org, '=cmd|" /C calc"!A0');
    await assign(org, { courseId: course.id, userIds: ids, dueAt: inDays(7) });
    const group = await createGroup(org, 'Risky');
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: ids },
    });

    const byCourse = recordsOf((await courseCsv(org, course.id)).body, COURSE_HEADER);
    const byGroup = recordsOf((await groupCsv(org, group.id)).body, GROUP_HEADER);
    expect(byCourse.map((r) => r.slice(0, 3))).toEqual([
      [`'=HYPERLINK("http://evil.test")`, 'eq@acme.test', "'+Sales"],
      [`'@SUM(A1:A9) Doe, "JJ"`, 'at@acme.test', "'-1+2"],
    ]);
    expect(byGroup.map((r) => r[3])).toEqual([`'=cmd|" /C calc"!A0`, `'=cmd|" /C calc"!A0`]);
    for (const record of [...byCourse, ...byGroup]) {
      for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    // The course's own title names the file, as plain text.
    expect((await courseCsv(org, course.id)).headers['content-disposition']).toBe(
      'attachment; filename="=cmd|_ /C calc_!A0-enrollments-' +
        `${t.clock.now().toISOString().slice(0, 10)}.csv"; filename*=UTF-8''` +
        encodeURIComponent(`=cmd|" /C calc"!A0-enrollments-${t.clock.now().toISOString().slice(0, 10)}.csv`),
    );
  });

  it('answers 404 problem+json for an unknown course, and for another organization’s', async () => {
    const owner = await createOrg(t);
    const other = await createOrg(t);
    const [secret] = await createUsers(owner, [{ email: 'secret@acme.test' }]);
    const course = await createCourse(owner, 'Private course');
    await assign(owner, { courseId: course.id, userIds: [secret!.id], dueAt: inDays(7) });

    for (const id of [course.id, '00000000-0000-4000-8000-000000000000']) {
      const response = await courseCsv(other, id);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.body).not.toContain('secret@acme.test');
    }
    expect(recordsOf((await courseCsv(owner, course.id)).body, COURSE_HEADER)).toHaveLength(1);
    expect((await courseCsv(owner, 'not-a-uuid')).statusCode).toBe(400);
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/courses/${course.id}/enrollments.csv`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe("a group's enrollments as CSV", () => {
  it('has one row per member and course, and leaves out people outside the group', async () => {
    const org = await createOrg(t);
    t.clock.set(new Date('2026-06-01T12:00:00.000Z'));
    const [ann, bob, outsider] = await createUsers(org, [
      { email: 'ann@acme.test', firstName: 'Ann', lastName: 'Archer' },
      { email: 'bob@acme.test', firstName: 'Bob', lastName: 'Baker' },
      { email: 'out@acme.test', firstName: 'Out', lastName: 'Sider' },
    ]);
    const pilots = await createGroup(org, 'Pilots');
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${pilots.id}/members`,
      payload: { userIds: [ann!.id, bob!.id] },
    });
    const first = await createCourse(org, 'First course');
    const second = await createCourse(org, 'Second course');
    const due = inDays(10);
    await assign(org, { courseId: first.id, userIds: [ann!.id, bob!.id, outsider!.id], dueAt: due });
    await assign(org, { courseId: second.id, userIds: [ann!.id], dueAt: due });
    await progress(org, ann!.id, second.id, {
      status: 'completed',
      score: 75,
      completedAt: new Date('2026-06-02T07:30:00.000Z'),
    });

    const response = await groupCsv(org, pilots.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="Pilots-enrollments-2026-06-01.csv"',
    );
    const records = recordsOf(response.body, GROUP_HEADER);
    const assigned = '2026-06-01T12:00:00.000Z';
    expect(records.sort((a, b) => `${a[1]}${a[3]}`.localeCompare(`${b[1]}${b[3]}`))).toEqual([
      ['Ann Archer', 'ann@acme.test', '', 'First course', 'Not started', '', '', due, assigned],
      [
        'Ann Archer',
        'ann@acme.test',
        '',
        'Second course',
        'Completed',
        '75',
        '2026-06-02T07:30:00.000Z',
        due,
        assigned,
      ],
      ['Bob Baker', 'bob@acme.test', '', 'First course', 'Not started', '', '', due, assigned],
    ]);
    const empty = await createGroup(org, 'Nobody trained');
    expect((await groupCsv(org, empty.id)).body).toBe(`${GROUP_HEADER.join(',')}\r\n`);
  });

  it('exports more rows than one database batch completely, splitting a member’s courses across batches', async () => {
    const org = await createOrg(t);
    const count = 334; // × 3 courses = 1,002 rows: the first batch ends inside the last member's courses
    const lines = ['Email,First Name,Last Name'];
    for (let i = 0; i < count; i++) lines.push(`member${i}@big.test,Same,Name`);
    const upload = await org.request({
      method: 'POST',
      url: '/api/v1/users/bulk?group=Everyone',
      headers: { 'content-type': 'text/csv' },
      payload: lines.join('\n'),
    });
    expect(upload.json()).toMatchObject({ created: count, failed: 0 });
    const group = (await org.request({ method: 'GET', url: '/api/v1/groups' }))
      .json()
      .data.find((g: { name: string }) => g.name === 'Everyone');
    const titles = ['Course A', 'Course B', 'Course C'];
    for (const title of titles) {
      const course = await createCourse(org, title);
      await assign(org, { courseId: course.id, groupIds: [group.id], dueAt: inDays(7) });
    }

    const records = recordsOf((await groupCsv(org, group.id)).body, GROUP_HEADER);
    expect(records).toHaveLength(count * titles.length);
    const pairs = new Set(records.map((r) => `${r[1]} ${r[3]}`));
    expect(pairs.size).toBe(count * titles.length);
    for (let i = 0; i < count; i++) {
      for (const title of titles) expect(pairs.has(`member${i}@big.test ${title}`)).toBe(true);
    }
  });

  it("answers 404 for another organization's group and never shows its members' training", async () => {
    const owner = await createOrg(t);
    const other = await createOrg(t);
    const group = await createGroup(owner, 'Private');
    const [secret] = await createUsers(owner, [{ email: 'secret@acme.test' }]);
    await owner.request({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { userIds: [secret!.id] },
    });
    const course = await createCourse(owner, 'Private course');
    await assign(owner, { courseId: course.id, groupIds: [group.id], dueAt: inDays(7) });

    const response = await groupCsv(other, group.id);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).not.toContain('secret@acme.test');
    expect(recordsOf((await groupCsv(owner, group.id)).body, GROUP_HEADER)).toHaveLength(1);
    expect((await groupCsv(owner, 'not-a-uuid')).statusCode).toBe(400);
  });
});
