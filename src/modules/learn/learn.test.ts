import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { type SmtpSink, startSmtpSink } from '../../../test/helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { BUILT_IN_COURSES } from '../training/catalog/index.ts';
import { LEARNER_COOKIE } from './learn.routes.ts';
import { SIGN_IN_REQUESTED } from './learn.service.ts';

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ env: { SMTP_URL: sink.url, PUBLIC_URL: 'https://heed.example' } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const DAY = 24 * 3600_000;
const silent = { error() {}, warn() {} };
let addressCounter = 0;
const fromAddress = () => `198.51.100.${++addressCounter % 250}`;

async function requestLink(email: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/learn/sign-in-links',
    remoteAddress: fromAddress(),
    payload: { email },
  });
  expect(response.statusCode).toBe(202);
  expect(response.json()).toEqual({ message: SIGN_IN_REQUESTED });
  await t.container.createMailWorker(silent).runOnce();
}

const mailTo = (address: string) => sink.messages.filter((m) => JSON.stringify(m.to).includes(address));

/** The token of the latest sign-in link emailed to this address. */
function tokenFrom(address: string) {
  const mail = mailTo(address).at(-1);
  const match = /https:\/\/heed\.example\/learn\/sign-in#token=([\w-]+)/.exec(mail?.text ?? '');
  if (!match) throw new Error(`no sign-in link emailed to ${address}`);
  expect(mail!.html).toContain(`href="https://heed.example/learn/sign-in#token=${match[1]}"`);
  return match[1]!;
}

async function signIn(token: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/learn/sessions',
    remoteAddress: fromAddress(),
    payload: { token },
  });
}

async function learnerOf(address: string) {
  await requestLink(address);
  const response = await signIn(tokenFrom(address));
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === LEARNER_COOKIE)!;
  return { cookie: `${LEARNER_COOKIE}=${cookie.value}` };
}

async function orgWithLearner(email = `learner-${Math.random().toString(36).slice(2)}@acme.test`) {
  const org = await createOrg(t);
  const [user] = await createUsers(org, [{ email, firstName: 'Lea', lastName: 'Learner' }]);
  return { org, user: user!, email };
}

async function assignBuiltIn(org: TestOrg, userId: string, key = 'phishing-basics', dueInDays = 7) {
  const title = BUILT_IN_COURSES.find((c) => c.key === key)!.title;
  const courses = (await org.request({ method: 'GET', url: '/api/v1/courses' })).json().data;
  const course = courses.find((c: { title: string }) => c.title === title) as { id: string };
  const response = await org.request({
    method: 'POST',
    url: '/api/v1/assignments',
    payload: {
      courseId: course.id,
      userIds: [userId],
      dueAt: new Date(t.clock.now().getTime() + dueInDays * DAY).toISOString(),
    },
  });
  expect(response.statusCode).toBe(201);
  return course.id;
}

describe('signing in to the learner portal', () => {
  it('emails a link that signs the learner in once and sets their last login', async () => {
    const { org, user, email } = await orgWithLearner();
    await requestLink(email);
    const [mail] = mailTo(email);
    expect(mail!.subject).toBe('Sign in to Acme training');
    expect(mail!.text).toContain('works once, for the next 15 minutes');

    const token = tokenFrom(email);
    const first = await signIn(token);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      user: { id: user.id, email },
      organization: { id: org.orgId, name: 'Acme' },
    });
    const cookie = first.cookies.find((c) => c.name === LEARNER_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const stored = (await org.request({ method: 'GET', url: `/api/v1/users/${user.id}` })).json();
    expect(stored.lastLoginAt).toBe(t.clock.now().toISOString());

    const again = await signIn(token);
    expect(again.statusCode).toBe(401);
    expect(again.json().detail).toContain('no longer valid');
  });

  it('refuses a link after 15 minutes', async () => {
    const { email } = await orgWithLearner();
    await requestLink(email);
    t.clock.advance(15 * 60_000 + 1);
    const response = await signIn(tokenFrom(email));
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers the same for an unknown or disabled address and sends it nothing', async () => {
    const before = sink.messages.length;
    await requestLink('nobody-at-all@nowhere.test');
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'gone@acme.test', status: 'disabled' }]);
    await requestLink('gone@acme.test');
    expect(sink.messages.length).toBe(before);
  });

  it('sends one person at most three links per quarter hour, however often they ask', async () => {
    const { email } = await orgWithLearner();
    for (let i = 0; i < 5; i++) await requestLink(email);
    expect(mailTo(email)).toHaveLength(3);
    t.clock.advance(15 * 60_000 + 1);
    await requestLink(email);
    expect(mailTo(email)).toHaveLength(4);
  });

  it('sends someone in two organizations one link for each, each signing in to its own', async () => {
    const email = `both-${Math.random().toString(36).slice(2)}@example.test`;
    const a = await createOrg(t, 'Alpha');
    const b = await createOrg(t, 'Beta');
    await createUsers(a, [{ email }]);
    await createUsers(b, [{ email }]);
    await requestLink(email);
    const mails = mailTo(email);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'Sign in to Alpha training',
      'Sign in to Beta training',
    ]);
    const organizations = [];
    for (const mail of mails) {
      const token = /#token=([\w-]+)/.exec(mail.text ?? '')![1]!;
      organizations.push((await signIn(token)).json().organization.id);
    }
    expect(organizations.sort()).toEqual([a.orgId, b.orgId].sort());
  });

  it('ends a disabled user’s session, and signing out ends it too', async () => {
    const { org, user, email } = await orgWithLearner();
    const learner = await learnerOf(email);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/learn/me', headers: learner })).statusCode,
    ).toBe(200);
    await org.request({ method: 'POST', url: '/api/v1/users/disable', payload: { userIds: [user.id] } });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/learn/me', headers: learner });
    expect(me.statusCode).toBe(401);

    const other = await orgWithLearner();
    const session = await learnerOf(other.email);
    await t.app.inject({ method: 'POST', url: '/api/v1/learn/sign-out', headers: session });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/learn/tasks', headers: session })).statusCode,
    ).toBe(401);
  });
});

describe('taking a course', () => {
  it('lists pending courses, shows lessons and questions without answers, and completes on a pass', async () => {
    const { org, user, email } = await orgWithLearner();
    const courseId = await assignBuiltIn(org, user.id);
    const learner = await learnerOf(email);
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: learner });
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: learner, payload });

    const tasks = (await get('/api/v1/learn/tasks')).json();
    expect(tasks.completed).toEqual([]);
    expect(tasks.pending).toMatchObject([
      { course: { id: courseId }, status: 'not_started', overdue: false },
    ]);

    const course = (await get(`/api/v1/learn/courses/${courseId}`)).json();
    expect(course.lessons.length).toBeGreaterThan(0);
    expect(JSON.stringify(course.quiz)).not.toContain('correct');
    expect(JSON.stringify(course.quiz)).not.toContain('explanation');

    const early = await post(`/api/v1/learn/courses/${courseId}/quiz`, {
      answers: course.quiz.map(() => [0]),
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe('Read every lesson before taking the quiz.');

    const progress = await post(`/api/v1/learn/courses/${courseId}/progress`, {
      lessonsCompleted: course.lessons.length,
    });
    expect(progress.json()).toMatchObject({ status: 'in_progress', lessonsCompleted: course.lessons.length });

    const admin = (await org.request({ method: 'GET', url: `/api/v1/courses/${courseId}` })).json();
    const wrong = admin.quiz.map((q: { options: string[]; correct: number[] }) => [
      q.options.findIndex((_, i) => !q.correct.includes(i)),
    ]);
    const failed = (await post(`/api/v1/learn/courses/${courseId}/quiz`, { answers: wrong })).json();
    expect(failed).toMatchObject({ score: 0, passed: false, task: { status: 'in_progress' } });
    expect(
      failed.questions.every(
        (q: { correct: boolean; explanation: null }) => !q.correct && q.explanation === null,
      ),
    ).toBe(true);

    const right = admin.quiz.map((q: { correct: number[] }) => q.correct);
    const passed = (await post(`/api/v1/learn/courses/${courseId}/quiz`, { answers: right })).json();
    expect(passed).toMatchObject({ score: 100, passed: true, task: { status: 'completed', score: 100 } });
    expect(passed.questions[0].explanation).toBe(admin.quiz[0].explanation);

    const after = (await get('/api/v1/learn/tasks')).json();
    expect(after).toMatchObject({ pending: [], completed: [{ course: { id: courseId }, score: 100 }] });
    const seen = (
      await org.request({ method: 'GET', url: `/api/v1/courses/${courseId}/enrollments` })
    ).json();
    expect(seen.data).toMatchObject([{ status: 'completed', score: 100, quizAttempts: 2 }]);
  });

  it('opens only the courses assigned to the learner, never another organization’s', async () => {
    const a = await orgWithLearner();
    const b = await orgWithLearner();
    const theirs = await assignBuiltIn(b.org, b.user.id);
    const unassigned = (await a.org.request({ method: 'GET', url: '/api/v1/courses' })).json().data[0].id;
    const learner = await learnerOf(a.email);
    for (const id of [theirs, unassigned]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/learn/courses/${id}`,
        headers: learner,
      });
      expect(response.statusCode).toBe(404);
      const progress = await t.app.inject({
        method: 'POST',
        url: `/api/v1/learn/courses/${id}/progress`,
        headers: learner,
        payload: { lessonsCompleted: 1 },
      });
      expect(progress.statusCode).toBe(404);
    }
  });

  it('needs a learner session: an admin session or API key is not one', async () => {
    const { org } = await orgWithLearner();
    for (const headers of [org.session, org.key]) {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/learn/tasks', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json().detail).toBe('Sign in to see your training.');
    }
  });
});
