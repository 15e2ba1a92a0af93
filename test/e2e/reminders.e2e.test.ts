/**
 * Reminders and the training settings in a real browser, with email delivered over SMTP into an
 * in-process sink whose links point at this server: an admin assigns a course to a group, sends
 * reminders from the group page (the toast says who was reminded and who was skipped, and why); the
 * learner follows the reminder's link, signs in with the emailed link, completes the course, and the
 * admin sees it completed. Also: Send reminders on the Groups list (and the cooldown it obeys), Send
 * Reminders on the Users list, Training → Settings, and the learner portal's own "page not found".
 *
 * `HEED_SCREENSHOTS=1 npm run test:e2e -- reminders` also saves docs/screenshots/{send-reminders,
 * reminders-sent,training-settings,learn-not-found}.png.
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

const DAY = 24 * 3600_000;

async function screenshot(page: Page, name: string) {
  if (!process.env.HEED_SCREENSHOTS) return;
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  // The viewport: the console's header and sidebar are fixed, and would be drawn mid-page in a full-page capture.
  await page.screenshot({ path: join(resolve('docs/screenshots'), `${name}.png`) });
}

const toast = (page: Page, text: string) => page.getByRole('alert').filter({ hasText: text }).first();

interface Person {
  email: string;
  firstName: string;
  lastName: string;
  groups?: string[];
}

/** A new organization (its owner signed in) filled through the bulk API; returns ids by email and name. */
async function organization(name: string, people: Person[]) {
  const signedIn = await h.signedInOwner(name);
  const { page } = signedIn;
  const bulk = await page.request.post('/api/v1/users/bulk', { data: { users: people } });
  expect(bulk.status(), await bulk.text()).toBe(200);
  const users = (await (await page.request.get('/api/v1/users', { params: { limit: 100 } })).json()).data as {
    id: string;
    email: string;
  }[];
  const groups = (await (await page.request.get('/api/v1/groups')).json()).data as {
    id: string;
    name: string;
  }[];
  return {
    ...signedIn,
    userId: (email: string) => users.find((u) => u.email === email)!.id,
    groupId: (group: string) => groups.find((g) => g.name === group)!.id,
  };
}

interface AdminCourse {
  id: string;
  title: string;
  lessons: { title: string }[];
  quiz: { prompt: string; options: string[]; correct: number[] }[];
}

async function builtInCourse(admin: Page, title: string): Promise<AdminCourse> {
  const courses = (await (await admin.request.get('/api/v1/courses')).json()).data as AdminCourse[];
  const course = courses.find((c) => c.title === title);
  if (!course) throw new Error(`no built-in course "${title}"`);
  return (await admin.request.get(`/api/v1/courses/${course.id}`)).json();
}

async function assignByApi(admin: Page, courseId: string, groupId: string) {
  const response = await admin.request.post('/api/v1/assignments', {
    data: { courseId, groupIds: [groupId], dueAt: new Date(h.clock.now().getTime() + 7 * DAY).toISOString() },
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

describe('Send Reminders', () => {
  test('an admin assigns a course to a group, reminds its members from the group page; the learner signs in from the emailed link, completes the course, and the admin sees it completed', async () => {
    const suffix = uniqueSuffix();
    const lea = `lea-${suffix}@acme.test`;
    const ben = `ben-${suffix}@acme.test`;
    const cy = `cy-${suffix}@acme.test`;
    const org = await organization('Acme', [
      { email: lea, firstName: 'Lea', lastName: 'Learner', groups: ['Finance team'] },
      { email: ben, firstName: 'Ben', lastName: 'Benson', groups: ['Finance team'] },
      { email: cy, firstName: 'Cy', lastName: 'Newcomer' },
    ]);
    const { page } = org;
    await page.setViewportSize({ width: 1280, height: 900 });
    const course = await builtInCourse(page, 'Spotting Phishing Emails');

    // Assign the course to the group in the console.
    await page.goto(`/training/courses/${course.id}`);
    await page.getByRole('heading', { name: course.title, level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Assign' }).click();
    const assign = page.getByRole('dialog', { name: `Assign “${course.title}”` });
    await assign.getByRole('combobox', { name: 'Groups' }).click();
    await page.getByRole('option', { name: /Finance team/ }).click();
    await assign.getByRole('button', { name: 'Assign' }).click();
    await toast(page, 'Assigned to 2 users').waitFor();
    await assign.waitFor({ state: 'detached' });
    await toast(page, 'Assigned to 2 users').getByRole('button').click();

    // Ben's account is disabled since; Cy joins the group after the assignment, with nothing to do.
    const groupId = org.groupId('Finance team');
    const disabled = await page.request.post('/api/v1/users/disable', {
      data: { userIds: [org.userId(ben)] },
    });
    expect(disabled.status(), await disabled.text()).toBe(200);
    const added = await page.request.post(`/api/v1/groups/${groupId}/members`, { data: { emails: [cy] } });
    expect(added.status(), await added.text()).toBe(200);

    // Group page: tick every member, Send Reminders, confirm.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('link', { name: 'Finance team' }).click();
    await page.waitForURL(`**/groups/${groupId}`);
    const members = page.getByRole('table', { name: 'Members of Finance team' });
    await members.getByRole('cell', { name: cy, exact: true }).waitFor();
    const remind = page.getByRole('button', { name: 'Send Reminders' });
    expect(await remind.isDisabled(), 'nothing ticked yet').toBe(true);
    await page.getByRole('checkbox', { name: 'Select every member on this page' }).click();
    await page.getByText('3 selected', { exact: true }).waitFor();
    await remind.click();
    const confirm = page.getByRole('dialog', {
      name: 'Send reminders to 3 selected members of “Finance team”?',
    });
    await confirm
      .getByText(
        'Members with nothing pending, disabled accounts and anyone reminded in the last 24 hours are skipped.',
      )
      .waitFor();
    await screenshot(page, 'send-reminders');
    await confirm.getByRole('button', { name: 'Send Reminders' }).click();
    await toast(page, 'Reminders sent to 1 user. Skipped: 1 with nothing pending, 1 disabled.').waitFor();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('Tick members to act on several at once.').waitFor();
    // Focus returns to Send Reminders, whose tooltip would cover the toast in the picture.
    await page.mouse.move(640, 700);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'reminders-sent');

    // The reminder arrives, once, to Lea only, with a link to the course on this server.
    const reminders = await h.mailTo(lea);
    expect(reminders.map((m) => m.subject)).toEqual(['Reminder: your Acme security training']);
    expect((await h.mailTo(ben)).length + (await h.mailTo(cy)).length).toBe(0);
    const courseLink = `${h.baseUrl}/learn/courses/${course.id}`;
    expect(reminders[0]!.text).toContain(courseLink);
    expect(reminders[0]!.text).toContain(course.title);

    // The learner opens the reminder's link: signed out, the portal asks for an email and sends a link.
    const learner = await h.newContext();
    const signIn = await learner.newPage();
    await signIn.goto(courseLink);
    await signIn.waitForURL(`**/learn/sign-in?next=${encodeURIComponent(`/learn/courses/${course.id}`)}`);
    await signIn.getByRole('textbox', { name: 'Email' }).fill(lea);
    await signIn.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await signIn.getByText('If that address belongs to').waitFor();
    const signInMail = (await h.mailTo(lea)).at(-1)!;
    expect(signInMail.subject).toBe('Sign in to Acme training');
    const magicLink = new RegExp(`${h.baseUrl}/learn/sign-in#token=[\\w-]+`).exec(signInMail.text ?? '')?.[0];
    expect(magicLink, signInMail.text).toBeTruthy();

    // The emailed link opens in a new tab and lands on the course the reminder pointed at.
    await signIn.close();
    const learn = await learner.newPage();
    await learn.goto(magicLink!);
    await learn.waitForURL(`**/learn/courses/${course.id}`);
    await learn.getByRole('heading', { name: course.lessons[0]!.title, level: 2 }).waitFor();
    for (let i = 1; i < course.lessons.length; i++) {
      await learn.getByRole('button', { name: 'Next' }).click();
      await learn.getByRole('heading', { name: course.lessons[i]!.title, level: 2 }).waitFor();
    }
    await learn.getByRole('button', { name: 'Continue to the quiz' }).click();
    await learn.getByRole('heading', { name: 'Quiz', level: 2 }).waitFor();
    for (const [i, question] of course.quiz.entries()) await answer(learn, i, question, question.correct);
    await learn.getByRole('button', { name: 'Submit answers' }).click();
    await learn.getByRole('heading', { name: 'Course completed' }).waitFor();
    await learn.getByText('You scored 100%').waitFor();
    await learner.close();

    // The admin sees it completed on the course page; a reminder now finds nothing pending for Lea.
    await page.goto(`/training/courses/${course.id}`);
    const people = page.getByRole('table', { name: 'People with this course' });
    await people
      .getByRole('row', { name: new RegExp(lea.replace(/[.]/g, '\\.')) })
      .getByText('Completed')
      .waitFor();
    const again = await page.request.post(`/api/v1/groups/${groupId}/reminders`);
    expect(await again.json()).toMatchObject({ sent: 0, skipped: { nothingPending: 2, disabled: 1 } });
  }, 150_000); // a whole course taken in the browser: slow on a busy machine

  test('Groups list: Send reminders asks first, reminds every member, and a second time skips those just reminded', async () => {
    const suffix = uniqueSuffix();
    const people = ['ada', 'alan', 'grace'].map((first) => ({
      email: `${first}-${suffix}@globex.test`,
      firstName: first,
      lastName: 'Globex',
      groups: ['Sales'],
    }));
    const org = await organization('Globex', people);
    const { page } = org;
    const course = await builtInCourse(page, 'Spotting Phishing Emails');
    await assignByApi(page, course.id, org.groupId('Sales'));
    await page.request.post('/api/v1/groups', { data: { name: 'Empty' } });

    await page.goto('/groups');
    // An empty group has nobody to remind, and says so.
    const empty = page.getByRole('button', { name: 'Send reminders to the members of Empty' });
    expect(await empty.isDisabled()).toBe(true);
    await empty.focus();
    await page.getByRole('tooltip').filter({ hasText: 'Nobody to remind' }).waitFor();

    const bell = page.getByRole('button', { name: 'Send reminders to the members of Sales' });
    await bell.hover();
    await page.getByRole('tooltip').filter({ hasText: 'Send reminders to every member.' }).waitFor();
    await bell.click();
    let confirm = page.getByRole('dialog', { name: 'Send reminders to the 3 members of “Sales”?' });
    await confirm.getByText('anyone reminded in the last 24 hours are skipped').waitFor();
    // Cancel sends nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await h.mailTo(people[0]!.email)).toHaveLength(0);

    await bell.click();
    confirm = page.getByRole('dialog', { name: 'Send reminders to the 3 members of “Sales”?' });
    await confirm.getByRole('button', { name: 'Send Reminders' }).click();
    await toast(page, 'Reminders sent to 3 users.').waitFor();
    for (const person of people) {
      expect((await h.mailTo(person.email)).map((m) => m.subject)).toEqual([
        'Reminder: your Globex security training',
      ]);
    }

    // Again an hour later: all three were reminded within the cooldown.
    h.clock.advance(3600_000);
    await bell.click();
    await page
      .getByRole('dialog', { name: 'Send reminders to the 3 members of “Sales”?' })
      .getByRole('button', { name: 'Send Reminders' })
      .click();
    await toast(page, 'No reminders were sent. Skipped: 3 reminded within the last 24 hours.').waitFor();
    for (const person of people) expect(await h.mailTo(person.email)).toHaveLength(1);
  });

  test('Users list: Send Reminders on the ticked users', async () => {
    const suffix = uniqueSuffix();
    const ann = `ann-${suffix}@initech.test`;
    const bob = `bob-${suffix}@initech.test`;
    const org = await organization('Initech', [
      { email: ann, firstName: 'Ann', lastName: 'Able', groups: ['Ops'] },
      { email: bob, firstName: 'Bob', lastName: 'Baker' },
    ]);
    const { page } = org;
    const course = await builtInCourse(page, 'Spotting Phishing Emails');
    await assignByApi(page, course.id, org.groupId('Ops'));

    await page.goto('/users');
    await page.getByRole('checkbox', { name: 'Select Ann Able' }).click();
    await page.getByText('1 selected', { exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Select Bob Baker' }).click();
    await page.getByText('2 selected', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send Reminders' }).click();
    const confirm = page.getByRole('dialog', { name: 'Send reminders to 2 users?' });
    await confirm.getByText('Users with nothing pending, disabled accounts').waitFor();
    await confirm.getByRole('button', { name: 'Send Reminders' }).click();
    await toast(page, 'Reminders sent to 1 user. Skipped: 1 with nothing pending.').waitFor();
    await page.getByText('Tick users to remind, enable or disable several at once.').waitFor();
    expect(await h.mailTo(ann)).toHaveLength(1);
    expect(await h.mailTo(bob)).toHaveLength(0);
  });
});

describe('Training → Settings', () => {
  test('the cooldown and the weekly automatic reminder are saved, refused values are explained under their field, and reminders then name the new cooldown', async () => {
    const org = await organization('Umbrella', [
      { email: `zoe-${uniqueSuffix()}@umbrella.test`, firstName: 'Zoe', lastName: 'Zed', groups: ['Labs'] },
    ]);
    const { page } = org;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/training');
    const nav = page.getByRole('navigation', { name: 'Main' });
    // Phishing Simulation has a Settings entry too: this is the one under Training.
    await nav
      .getByRole('link', { name: 'Settings', exact: true })
      .and(nav.locator('[href="/training/settings"]'))
      .click();
    await page.waitForURL('**/training/settings');
    await page.getByRole('heading', { name: 'Training settings', level: 2 }).waitFor();
    // Only Settings is highlighted in the sidebar, not Courses.
    expect(await nav.locator('a[href="/training"]').getAttribute('data-active')).toBeNull();
    expect(await nav.locator('a[href="/training/settings"]').getAttribute('data-active')).toBe('true');

    const cooldown = page.getByRole('textbox', { name: 'Reminder cooldown (hours)' });
    expect(await cooldown.inputValue()).toBe('24 h');
    await page.getByText('Last run: never').waitFor();
    const weekday = page.getByRole('combobox', { name: 'Day' });
    expect(await weekday.isDisabled(), 'off until automatic reminders are on').toBe(true);

    // Out of range: explained under the field, nothing saved.
    await cooldown.fill('1000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a whole number of hours from 0 to 720 (30 days).').waitFor();
    expect(await cooldown.getAttribute('aria-invalid')).toBe('true');

    await cooldown.fill('48');
    await page.getByRole('switch', { name: 'Remind users with overdue courses every week' }).check();
    await weekday.click();
    await page.getByRole('option', { name: 'Friday' }).click();
    await page.getByRole('combobox', { name: 'Hour' }).click();
    await page.getByRole('option', { name: '17:00' }).click();
    const timeZone = page.getByRole('combobox', { name: 'Time zone' });
    await timeZone.click();
    await timeZone.fill('Berlin');
    await page.getByRole('option', { name: 'Europe/Berlin' }).click();

    // A value the API refuses comes back under its field, in the API's words.
    await page.route('**/api/v1/training/settings', async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      const body = route.request().postDataJSON();
      await route.continue({
        postData: JSON.stringify({
          ...body,
          automaticReminders: { ...body.automaticReminders, timeZone: 'Mars/Olympus' },
        }),
      });
    });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Must be an IANA time zone, e.g. Europe/Berlin.').waitFor();
    expect(await timeZone.getAttribute('aria-invalid')).toBe('true');
    await page.unroute('**/api/v1/training/settings');

    await page.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Overdue courses are reminded every Friday at 17:00 (Europe/Berlin).').waitFor();
    await screenshot(page, 'training-settings');
    expect(await timeZone.getAttribute('aria-invalid')).toBeNull();
    const stored = await (await page.request.get('/api/v1/training/settings')).json();
    expect(stored).toMatchObject({
      reminderCooldownHours: 48,
      automaticReminders: { enabled: true, weekday: 5, hour: 17, timeZone: 'Europe/Berlin', lastRunAt: null },
    });

    // After a reload the page shows what is stored.
    await page.reload();
    await page.getByRole('heading', { name: 'Training settings', level: 2 }).waitFor();
    expect(await cooldown.inputValue()).toBe('48 h');
    expect(await weekday.inputValue()).toBe('Friday');
    expect(await page.getByRole('combobox', { name: 'Hour' }).inputValue()).toBe('17:00');
    expect(await timeZone.inputValue()).toBe('Europe/Berlin');

    // Send reminders names the new cooldown.
    await page.goto('/groups');
    await page.getByRole('button', { name: 'Send reminders to the members of Labs' }).click();
    const confirm = page.getByRole('dialog', { name: 'Send reminders to the 1 member of “Labs”?' });
    await confirm.getByText('anyone reminded in the last 48 hours are skipped').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
  });
});

describe('The learner portal', () => {
  test('an unknown /learn address shows the portal’s own “page not found”, with the way to My Learning', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto('/learn/no-such-page');
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await page.getByRole('banner', { name: 'Learner portal' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count(), 'no admin sidebar').toBe(0);
    expect(await page.getByText('Go to Users').count()).toBe(0);
    await screenshot(page, 'learn-not-found');

    await page.goto('/learn/courses/not-a-course/extra');
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Go to My Learning' }).click();
    // Signed out, My Learning asks to sign in first.
    await page.waitForURL('**/learn/sign-in');
    await context.close();
  });
});
