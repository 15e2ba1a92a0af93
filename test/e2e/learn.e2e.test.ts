/**
 * The learner portal (/learn) in a real browser, as a learner without any admin session: an emailed
 * sign-in link (delivered over SMTP into an in-process sink, its link pointing at this server), My
 * Learning, a course's lessons and quiz (a failed attempt, then a pass) and the completion page; then
 * the admin API sees the course completed and the learner's last login. Links that are used or expired
 * are refused in plain words, with the form to ask for a new one.
 *
 * `HEED_SCREENSHOTS=1 npm run test:e2e -- learn` also saves docs/screenshots/learn-*.png.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uniqueSuffix } from '../helpers/factories.ts';
import { type MailConsoleHarness, type Page, startConsoleWithMail } from './browser.ts';

let h: MailConsoleHarness;
beforeAll(async () => {
  h = await startConsoleWithMail();
});
afterAll(async () => {
  await h?.close();
});

const HOUR = 3600_000;
const PHONE = { width: 390, height: 844 };

async function screenshot(page: Page, name: string) {
  if (!process.env.HEED_SCREENSHOTS) return;
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('[aria-label="Loading"], .mantine-Loader-root'));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(resolve('docs/screenshots'), `learn-${name}.png`), fullPage: true });
}

/** Delivers what is queued and returns the sign-in link most recently emailed to this address. */
async function emailedLink(address: string): Promise<string> {
  const mail = (await h.mailTo(address)).at(-1);
  const link = new RegExp(`${h.baseUrl}/learn/sign-in#token=[\\w-]+`).exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`no sign-in link was emailed to ${address}`);
  expect(mail!.subject).toMatch(/^Sign in to .+ training$/);
  return link;
}

/** An organization whose owner's browser page can use the admin API, with one learner in a group. */
async function organizationWithLearner(name: string) {
  const { page: admin } = await h.signedInOwner(name);
  const email = `lea-${uniqueSuffix()}@${name.toLowerCase()}.test`;
  const bulk = await admin.request.post('/api/v1/users/bulk', {
    data: { users: [{ email, firstName: 'Lea', lastName: 'Learner', groups: ['Finance team'] }] },
  });
  expect(bulk.status(), await bulk.text()).toBe(200);
  const users = (await (await admin.request.get('/api/v1/users', { params: { search: email } })).json())
    .data as { id: string; email: string }[];
  const groups = (await (await admin.request.get('/api/v1/groups')).json()).data as {
    id: string;
    name: string;
  }[];
  return {
    admin,
    email,
    userId: users.find((u) => u.email === email)!.id,
    groupId: groups.find((g) => g.name === 'Finance team')!.id,
  };
}

interface AdminCourse {
  id: string;
  title: string;
  lessons: { title: string }[];
  quiz: { prompt: string; options: string[]; correct: number[]; explanation: string }[];
}

async function builtInCourse(admin: Page, title: string): Promise<AdminCourse> {
  const courses = (await (await admin.request.get('/api/v1/courses')).json()).data as AdminCourse[];
  expect(courses).toHaveLength(6);
  const course = courses.find((c) => c.title === title);
  if (!course) throw new Error(`no built-in course "${title}"`);
  return (await admin.request.get(`/api/v1/courses/${course.id}`)).json();
}

async function assign(admin: Page, courseId: string, groupId: string, dueAt: Date) {
  const response = await admin.request.post('/api/v1/assignments', {
    data: { courseId, groupIds: [groupId], dueAt: dueAt.toISOString() },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Chooses these options of a quiz question (a radio group, or a group of checkboxes). */
async function answer(page: Page, index: number, question: AdminCourse['quiz'][number], options: number[]) {
  const multiple = question.correct.length > 1;
  const group = page.getByRole(multiple ? 'group' : 'radiogroup', {
    name: `${index + 1}. ${question.prompt}`,
    exact: true,
  });
  for (const option of options) {
    await group
      .getByRole(multiple ? 'checkbox' : 'radio', { name: question.options[option], exact: true })
      .check();
  }
}

/** Nothing wider than the viewport (a phone must not scroll sideways). */
async function fitsWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('the learner portal', () => {
  test('a learner signs in from the emailed link, takes an assigned course, fails the quiz, passes it, and the admin sees it completed', async () => {
    const { admin, email, userId, groupId } = await organizationWithLearner('Acme');
    const phishing = await builtInCourse(admin, 'Spotting Phishing Emails');
    const another = ((await (await admin.request.get('/api/v1/courses')).json()).data as AdminCourse[]).find(
      (c) => c.id !== phishing.id,
    )!;
    await assign(admin, phishing.id, groupId, new Date(h.clock.now().getTime() + 7 * 24 * HOUR));
    await assign(admin, another.id, groupId, new Date(h.clock.now().getTime() + 2 * HOUR));
    h.clock.advance(3 * HOUR); // the second course is now overdue

    const context = await h.newContext();
    const signInPage = await context.newPage();
    await signInPage.goto('/learn');
    await signInPage.waitForURL('**/learn/sign-in');
    await signInPage.getByRole('heading', { name: 'Sign in to your training' }).waitFor();
    await signInPage.getByRole('textbox', { name: 'Email' }).fill(email);
    await screenshot(signInPage, 'sign-in');
    await signInPage.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await signInPage.getByText('If that address belongs to').waitFor();

    // The email's link opens in a new tab.
    const link = await emailedLink(email);
    await signInPage.close();
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForURL((url) => url.pathname === '/learn');
    expect(page.url()).not.toContain('token');
    await page.getByRole('heading', { name: 'My Learning', level: 1 }).waitFor();
    const header = page.getByRole('banner');
    await header.getByText('Acme', { exact: true }).waitFor();
    await header.getByText('Lea Learner').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count(), 'no admin sidebar').toBe(0);

    const toDo = page.getByRole('region', { name: 'To do' });
    const phishingCard = toDo.getByRole('article', { name: phishing.title });
    await phishingCard.getByText(`0 of ${phishing.lessons.length} lessons`).waitFor();
    const overdueCard = toDo.getByRole('article', { name: another.title });
    await overdueCard.getByText('Overdue').waitFor();
    // Soonest due first: the overdue course leads.
    expect(await toDo.getByRole('article').first().getAttribute('aria-labelledby')).toBe(
      `course-${another.id}`,
    );
    await screenshot(page, 'my-learning');

    await phishingCard.getByRole('link', { name: `Start ${phishing.title}` }).click();
    await page.waitForURL(`**/learn/courses/${phishing.id}`);
    await page.getByRole('heading', { name: phishing.lessons[0]!.title, level: 2 }).waitFor();
    await page.getByText(`Lesson 1 of ${phishing.lessons.length}`).waitFor();
    // Markdown: inline code and lists render as such, raw text never shows its markers.
    const lesson = page.getByRole('article', { name: phishing.lessons[0]!.title });
    await lesson.locator('code', { hasText: 'acrne.com' }).waitFor();
    expect(await lesson.getByRole('listitem').count()).toBeGreaterThanOrEqual(4);
    expect(await lesson.textContent()).not.toContain('**');
    await screenshot(page, 'lesson');

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: phishing.lessons[1]!.title, level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByRole('heading', { name: phishing.lessons[0]!.title, level: 2 }).waitFor();
    for (let i = 1; i < phishing.lessons.length; i++) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: phishing.lessons[i]!.title, level: 2 }).waitFor();
    }
    // The last lesson links out to further reading: in a new tab, without an opener or referrer.
    const reading = page.getByRole('article').getByRole('link', { name: 'phishing' });
    expect(await reading.getAttribute('target')).toBe('_blank');
    expect(await reading.getAttribute('rel')).toBe('noopener noreferrer');
    const read = (await (await context.request.get('/api/v1/learn/tasks')).json()).pending.find(
      (t: { course: { id: string } }) => t.course.id === phishing.id,
    );
    expect(read).toMatchObject({ status: 'in_progress', lessonsCompleted: phishing.lessons.length - 1 });

    await page.getByRole('button', { name: 'Continue to the quiz' }).click();
    await page.getByRole('heading', { name: 'Quiz', level: 2 }).waitFor();
    // Submitting with questions left unanswered is stopped in the browser.
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByText(`${phishing.quiz.length} are still unanswered`).waitFor();

    for (const [i, question] of phishing.quiz.entries()) {
      const wrong = question.options.findIndex((_, option) => !question.correct.includes(option));
      await answer(page, i, question, [wrong]);
    }
    await screenshot(page, 'quiz');
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('You scored 0%');
    expect(await page.getByText('Not right: this question needs another look.').count()).toBe(
      phishing.quiz.length,
    );
    await screenshot(page, 'quiz-failed');

    await page.getByRole('button', { name: 'Try again' }).click();
    for (const [i, question] of phishing.quiz.entries()) await answer(page, i, question, question.correct);
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('heading', { name: 'Course completed' }).waitFor();
    await page.getByText('You scored 100%').waitFor();
    await page.getByText(phishing.quiz[0]!.explanation).waitFor();
    await screenshot(page, 'completed');

    await page.getByRole('link', { name: 'Back to My Learning' }).click();
    await page.waitForURL((url) => url.pathname === '/learn');
    const done = page
      .getByRole('region', { name: 'Completed' })
      .getByRole('article', { name: phishing.title });
    await done.getByText('Score 100%').waitFor();
    expect(await page.getByRole('region', { name: 'To do' }).getByRole('article').count()).toBe(1);

    const enrollments = (await (await admin.request.get(`/api/v1/courses/${phishing.id}/enrollments`)).json())
      .data;
    expect(enrollments).toMatchObject([{ user: { id: userId }, status: 'completed', score: 100 }]);
    const user = await (await admin.request.get(`/api/v1/users/${userId}`)).json();
    expect(user.lastLoginAt).toBeTruthy();

    // Reviewing the course later, on a phone: it says when it was completed, and nothing is wider than the screen.
    await page.setViewportSize(PHONE);
    await page.goto(`/learn/courses/${phishing.id}`);
    await page.getByText('You completed this course on').waitFor();
    await page.getByRole('heading', { name: phishing.lessons[0]!.title, level: 2 }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'lesson-phone');
    await page.goto(`/learn/courses/${phishing.id}?step=quiz`);
    await page.getByRole('heading', { name: 'Quiz', level: 2 }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await answer(page, 0, phishing.quiz[0]!, phishing.quiz[0]!.correct);
    await screenshot(page, 'quiz-phone');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/learn/sign-in');
    await page.goto(`/learn/courses/${phishing.id}`);
    await page.waitForURL(`**/learn/sign-in?next=${encodeURIComponent(`/learn/courses/${phishing.id}`)}`);
    await context.close();
  });

  test('on a phone, a learner sent to sign in comes back to the page they wanted; a used or expired link is refused with the form to ask again', async () => {
    const { email } = await organizationWithLearner('Globex');
    const wanted = `/learn/courses/${crypto.randomUUID()}`;
    const phone = await h.newContext({ viewport: PHONE, isMobile: true });
    const page = await phone.newPage();
    await page.goto(wanted);
    await page.waitForURL(`**/learn/sign-in?next=${encodeURIComponent(wanted)}`);
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'sign-in-phone');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText('If that address belongs to').waitFor();

    // Opened from the email in a new tab: the page asked for is remembered by this browser.
    const link = await emailedLink(email);
    const tab = await phone.newPage();
    await tab.goto(link);
    await tab.waitForURL(`**${wanted}`);
    await tab.getByText('This course is not in your training').waitFor();
    await tab.getByRole('link', { name: 'Go to My Learning' }).click();
    await tab.getByText('Nothing to do right now').waitFor();
    expect(await fitsWidth(tab)).toBe(true);
    await screenshot(tab, 'my-learning-empty-phone');

    // The same link again, in another browser: used, so refused, and the form is there to ask again.
    const other = await (await h.newContext()).newPage();
    await other.goto(link);
    await other.getByText('This sign-in link is no longer valid').waitFor();
    expect(other.url()).not.toContain('token');
    await other.getByRole('button', { name: 'Email me a sign-in link' }).waitFor();
    expect((await other.context().request.get('/api/v1/learn/me')).status()).toBe(401);
    await screenshot(other, 'link-refused');

    // A fresh link opened after its 15 minutes: refused too.
    await other.getByRole('textbox', { name: 'Email' }).fill(email);
    await other.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await other.getByText('If that address belongs to').waitFor();
    const expiring = await emailedLink(email);
    expect(expiring).not.toBe(link);
    h.clock.advance(15 * 60_000 + 1000);
    // Pasted into the address bar of the sign-in page still open: only the fragment changes.
    await other.goto(expiring);
    await other.getByText('This sign-in link is no longer valid').waitFor();
    expect(other.url()).not.toContain('token');
    await other.getByRole('textbox', { name: 'Email' }).waitFor();
    expect((await other.context().request.get('/api/v1/learn/me')).status()).toBe(401);
    await phone.close();
  });
});
