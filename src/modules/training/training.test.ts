import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { BUILT_IN_COURSES } from './catalog/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString();

const ownCourse = (title = 'Spotting fake invoices') => ({
  title,
  summary: 'How invoice fraud works and how to check a payment request.',
  estimatedMinutes: 10,
  passMark: 50,
  lessons: [
    { title: 'What invoice fraud looks like', markdown: '### Changed bank details\nAlways call back.' },
    { title: 'Checking a request', markdown: 'Use a number you already know.' },
  ],
  quiz: [
    {
      prompt: 'A supplier emails new bank details. You…',
      options: ['pay', 'call them back on a known number'],
      correct: [1],
    },
    {
      prompt: 'Which are red flags?',
      options: ['urgency', 'a new account', 'a known contact'],
      correct: [0, 1],
    },
  ],
});

async function courses(org: TestOrg, query = '') {
  const response = await org.request({ method: 'GET', url: `/api/v1/courses${query}` });
  expect(response.statusCode).toBe(200);
  return response.json().data as Array<Record<string, any>>;
}

async function builtIn(org: TestOrg, key = 'phishing-basics') {
  const title = BUILT_IN_COURSES.find((c) => c.key === key)!.title;
  return (await courses(org)).find((c) => c.title === title)!;
}

async function assign(org: TestOrg, body: Record<string, unknown>) {
  return org.request({ method: 'POST', url: '/api/v1/assignments', payload: body });
}

async function enrollments(org: TestOrg, url: string) {
  const response = await org.request({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Array<Record<string, any>>; nextCursor: string | null };
}

describe('course catalog', () => {
  it('gives every organization the built-in courses, each with lessons and a quiz', async () => {
    const org = await createOrg(t);
    const list = await courses(org);
    expect(list.map((c) => c.title)).toEqual(
      [...BUILT_IN_COURSES]
        .map((c) => c.title)
        .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    expect(list.length).toBeGreaterThanOrEqual(6);
    for (const course of list) {
      expect(course).toMatchObject({ builtIn: true, status: 'active', enrollments: { assigned: 0 } });
      expect(course.lessonCount).toBeGreaterThan(0);
      expect(course.questionCount).toBeGreaterThan(0);
    }
    const detail = (await org.request({ method: 'GET', url: `/api/v1/courses/${list[0]!.id}` })).json();
    expect(detail.lessons[0].markdown.length).toBeGreaterThan(100);
  });

  it('creates, edits, clones and archives its own course; a built-in one can be cloned or archived, not edited', async () => {
    const org = await createOrg(t);
    const created = await org.request({ method: 'POST', url: '/api/v1/courses', payload: ownCourse() });
    expect(created.statusCode).toBe(201);
    const course = created.json();
    expect(course).toMatchObject({ builtIn: false, version: 1, lessonCount: 2, questionCount: 2 });
    expect(course.quiz[0]).toMatchObject({ correct: [1], explanation: '' });

    const edited = await org.request({
      method: 'PUT',
      url: `/api/v1/courses/${course.id}`,
      payload: { ...ownCourse('Invoice fraud'), videoUrl: 'https://video.example/invoice' },
    });
    expect(edited.json()).toMatchObject({
      title: 'Invoice fraud',
      version: 2,
      videoUrl: 'https://video.example/invoice',
    });

    const phishing = await builtIn(org);
    const refused = await org.request({
      method: 'PUT',
      url: `/api/v1/courses/${phishing.id}`,
      payload: ownCourse(),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('clone it');

    const clone = await org.request({ method: 'POST', url: `/api/v1/courses/${phishing.id}/clone` });
    expect(clone.statusCode).toBe(201);
    expect(clone.json()).toMatchObject({ title: `Copy of ${phishing.title}`, builtIn: false });

    const archived = await org.request({ method: 'POST', url: `/api/v1/courses/${phishing.id}/archive` });
    expect(archived.json()).toMatchObject({ status: 'archived' });
    expect((await courses(org)).map((c) => c.id)).not.toContain(phishing.id);
    expect((await courses(org, '?status=archived')).map((c) => c.id)).toEqual([phishing.id]);
    const restored = await org.request({ method: 'POST', url: `/api/v1/courses/${phishing.id}/restore` });
    expect(restored.json()).toMatchObject({ status: 'active' });
  });

  it('refuses a quiz whose right answers are not among its answers, naming the field', async () => {
    const org = await createOrg(t);
    const course = ownCourse();
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/courses',
      payload: { ...course, quiz: [{ prompt: 'Q', options: ['a', 'b'], correct: [2] }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: 'body.quiz.0.correct', message: 'must point at answers that exist' },
    ]);
  });
});

describe('assignments', () => {
  async function world() {
    const org = await createOrg(t);
    const finance = (
      await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Finance' } })
    ).json();
    const [ann, bob, cy, dee, eve] = await createUsers(org, [
      { email: 'ann@acme.test', firstName: 'Ann' },
      { email: 'bob@acme.test', firstName: 'Bob', departmentId: finance.id },
      { email: 'cy@acme.test', firstName: 'Cy', departmentId: finance.id },
      { email: 'dee@acme.test', firstName: 'Dee', status: 'disabled' },
      { email: 'eve@acme.test', firstName: 'Eve' },
    ]);
    const pilots = await createGroup(org, 'Pilots');
    await org.request({
      method: 'POST',
      url: `/api/v1/groups/${pilots.id}/members`,
      payload: { userIds: [ann!.id, bob!.id, dee!.id] },
    });
    return { org, finance, pilots, ann: ann!, bob: bob!, cy: cy!, dee: dee!, eve: eve! };
  }

  it('enrolls each active user of the groups, departments and ids once, leaving disabled users out', async () => {
    const w = await world();
    const course = await builtIn(w.org);
    const response = await assign(w.org, {
      courseId: course.id,
      groupIds: [w.pilots.id],
      departmentIds: [w.finance.id],
      userIds: [w.bob.id, w.eve.id],
      dueAt: inDays(14),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      enrolled: 4,
      alreadyEnrolled: 0,
      skippedDisabled: 1,
      notFound: { userIds: [] },
      assignment: {
        course: { id: course.id, title: course.title },
        groupIds: [w.pilots.id],
        departmentIds: [w.finance.id],
        userCount: 4,
        includeFutureMembers: false,
      },
    });

    const again = await assign(w.org, { courseId: course.id, groupIds: [w.pilots.id], dueAt: inDays(30) });
    expect(again.json()).toMatchObject({ enrolled: 0, alreadyEnrolled: 2, skippedDisabled: 1 });

    const list = await enrollments(w.org, `/api/v1/courses/${course.id}/enrollments`);
    expect(list.data.map((e) => e.user.email)).toEqual([
      'ann@acme.test',
      'bob@acme.test',
      'cy@acme.test',
      'eve@acme.test',
    ]);
    expect(list.data[0]).toMatchObject({
      status: 'not_started',
      overdue: false,
      dueAt: inDays(14),
      score: null,
    });
    expect((await builtIn(w.org)).enrollments).toEqual({
      assigned: 4,
      notStarted: 4,
      inProgress: 0,
      completed: 0,
      overdue: 0,
    });
  });

  it('lists the user ids it could not find, and answers a group of another organization as not found', async () => {
    const w = await world();
    const other = await createOrg(t, 'Other');
    const theirGroup = await createGroup(other, 'Theirs');
    const [stranger] = await createUsers(other, [{ email: 'stranger@other.test' }]);
    const course = await builtIn(w.org);
    const response = await assign(w.org, {
      courseId: course.id,
      userIds: [stranger!.id, w.ann.id],
      dueAt: inDays(7),
    });
    expect(response.json()).toMatchObject({ enrolled: 1, notFound: { userIds: [stranger!.id] } });

    const foreign = await assign(w.org, { courseId: course.id, groupIds: [theirGroup.id], dueAt: inDays(7) });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe('Group was not found.');
    const theirCourse = await builtIn(other);
    const foreignCourse = await assign(w.org, {
      courseId: theirCourse.id,
      userIds: [w.ann.id],
      dueAt: inDays(7),
    });
    expect(foreignCourse.statusCode).toBe(404);
  });

  it('refuses a due date in the past and an archived course, and writes nothing', async () => {
    const w = await world();
    const course = await builtIn(w.org);
    const past = await assign(w.org, { courseId: course.id, userIds: [w.ann.id], dueAt: inDays(-1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([
      { path: 'body.dueAt', message: 'must be at least an hour from now' },
    ]);
    await w.org.request({ method: 'POST', url: `/api/v1/courses/${course.id}/archive` });
    const archived = await assign(w.org, { courseId: course.id, userIds: [w.ann.id], dueAt: inDays(7) });
    expect(archived.statusCode).toBe(409);
    expect(archived.json().detail).toContain('archived');
    expect((await enrollments(w.org, `/api/v1/users/${w.ann.id}/enrollments`)).data).toEqual([]);
    expect((await w.org.request({ method: 'GET', url: '/api/v1/assignments' })).json().data).toEqual([]);
  });

  it('enrolls users who join the group or department later, when asked to, with as long to finish', async () => {
    const w = await world();
    const course = await builtIn(w.org, 'passwords-and-mfa');
    await assign(w.org, {
      courseId: course.id,
      groupIds: [w.pilots.id],
      departmentIds: [w.finance.id],
      dueAt: inDays(10),
      includeFutureMembers: true,
    });
    const other = await builtIn(w.org, 'safe-browsing');
    await assign(w.org, { courseId: other.id, groupIds: [w.pilots.id], dueAt: inDays(10) });

    t.clock.advance(3 * DAY);
    await w.org.request({
      method: 'POST',
      url: `/api/v1/groups/${w.pilots.id}/members`,
      payload: { userIds: [w.eve.id] },
    });
    const [newcomer] = await createUsers(w.org, [{ email: 'new@acme.test', departmentId: w.finance.id }]);
    const imported = await w.org.request({
      method: 'POST',
      url: '/api/v1/users/bulk',
      payload: { users: [{ email: 'bulk@acme.test', groups: ['Pilots'] }] },
    });
    expect(imported.json()).toMatchObject({ created: 1, membershipsAdded: 1 });

    const eve = await enrollments(w.org, `/api/v1/users/${w.eve.id}/enrollments`);
    expect(eve.data).toMatchObject([{ course: { id: course.id }, dueAt: inDays(10) }]);
    const fresh = await enrollments(w.org, `/api/v1/users/${newcomer!.id}/enrollments`);
    expect(fresh.data).toMatchObject([{ course: { id: course.id }, dueAt: inDays(10) }]);
    const list = await enrollments(w.org, `/api/v1/courses/${course.id}/enrollments?search=bulk`);
    expect(list.data).toMatchObject([{ user: { email: 'bulk@acme.test' } }]);
    const otherList = await enrollments(w.org, `/api/v1/courses/${other.id}/enrollments`);
    expect(otherList.data.map((e) => e.user.email)).toEqual(['ann@acme.test', 'bob@acme.test']);
  });

  it('shows overdue once the due date passes, and pages a course’s enrollments by name', async () => {
    const w = await world();
    const course = await builtIn(w.org);
    await assign(w.org, {
      courseId: course.id,
      userIds: [w.ann.id, w.bob.id, w.cy.id, w.eve.id],
      dueAt: inDays(2),
    });
    t.clock.advance(3 * DAY);
    const overdue = await enrollments(
      w.org,
      `/api/v1/courses/${course.id}/enrollments?status=overdue&limit=3`,
    );
    expect(overdue.data.map((e) => e.user.firstName)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(overdue.data.every((e) => e.overdue)).toBe(true);
    const next = await enrollments(
      w.org,
      `/api/v1/courses/${course.id}/enrollments?status=overdue&limit=3&cursor=${overdue.nextCursor}`,
    );
    expect(next).toMatchObject({ data: [{ user: { firstName: 'Eve' } }], nextCursor: null });
    const group = await enrollments(w.org, `/api/v1/groups/${w.pilots.id}/enrollments?courseId=${course.id}`);
    expect(group.data.map((e) => e.user.firstName)).toEqual(['Ann', 'Bob']);
    expect((await builtIn(w.org)).enrollments).toMatchObject({ assigned: 4, overdue: 4 });
  });

  it("counts a group's members per course by where they stand, leaving out non-members", async () => {
    const w = await world();
    const phishing = await builtIn(w.org);
    const passwords = await builtIn(w.org, 'passwords-and-mfa');
    await assign(w.org, { courseId: phishing.id, userIds: [w.ann.id, w.cy.id], dueAt: inDays(2) });
    await assign(w.org, { courseId: phishing.id, userIds: [w.bob.id], dueAt: inDays(9) });
    await assign(w.org, { courseId: passwords.id, userIds: [w.bob.id, w.cy.id], dueAt: inDays(9) });
    await t.database.db
      .updateTable('enrollments')
      .set({ status: 'in_progress' })
      .where('org_id', '=', w.org.orgId)
      .where('user_id', '=', w.bob.id)
      .where('course_id', '=', phishing.id)
      .execute();
    t.clock.advance(3 * DAY);
    const response = await w.org.request({
      method: 'GET',
      url: `/api/v1/groups/${w.pilots.id}/enrollment-counts`,
    });
    expect(response.statusCode).toBe(200);
    // Pilots are Ann, Bob and Dee (disabled, never enrolled); Cy is not a member.
    expect(response.json().data).toEqual(
      [
        {
          course: { id: phishing.id, title: phishing.title, status: 'active' },
          assigned: 2,
          notStarted: 1,
          inProgress: 1,
          completed: 0,
          overdue: 1,
        },
        {
          course: { id: passwords.id, title: passwords.title, status: 'active' },
          assigned: 1,
          notStarted: 1,
          inProgress: 0,
          completed: 0,
          overdue: 0,
        },
      ].sort((a, b) => a.course.title.toLowerCase().localeCompare(b.course.title.toLowerCase())),
    );
    const empty = await createGroup(w.org, 'Untrained');
    const none = await w.org.request({ method: 'GET', url: `/api/v1/groups/${empty.id}/enrollment-counts` });
    expect(none.json()).toEqual({ data: [] });
  });

  it('assigns from a department alone even with no group, and a user list with duplicates counts each once', async () => {
    const w = await world();
    const course = await builtIn(w.org, 'social-engineering');
    const response = await assign(w.org, {
      courseId: course.id,
      departmentIds: [w.finance.id],
      userIds: [w.cy.id, w.cy.id],
      dueAt: inDays(5),
    });
    expect(response.json()).toMatchObject({ enrolled: 2, alreadyEnrolled: 0, skippedDisabled: 0 });
  });
});
