/**
 * The course editor and the training reports in a real browser: a course written from scratch (two
 * Markdown lessons, two quiz questions), an error from the API shown under its field, edits that survive
 * a reload, the unsaved-changes guard, archiving; a built-in course cloned into an editable copy; a
 * course's enrollments downloaded as CSV, and a group's and a user's training.
 *
 * `HEED_SCREENSHOTS=1 npm run test:e2e -- course-editor` also saves docs/screenshots/{course-editor-new,
 * course-editor,course-editor-error,course-export,group-training,user-training}.png.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ConsoleHarness, type Page, startConsole } from './browser.ts';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsole();
});
afterAll(async () => {
  await h?.close();
});

async function screenshot(page: Page, name: string) {
  if (!process.env.HEED_SCREENSHOTS) return;
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(resolve('docs/screenshots'), `${name}.png`) });
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('Course editor', () => {
  test('write a course with two lessons and two questions, fix an error, edit it, and archive it', async () => {
    const { page } = await h.signedInOwner('Acme');
    await page.setViewportSize({ width: 1280, height: 1000 });
    // The browser's own "leave this page?" question when reloading with unsaved changes: stay on it.
    page.on('dialog', (dialog) => void dialog.accept());

    await page.goto('/training');
    await page.getByRole('link', { name: 'New Course' }).click();
    await page.waitForURL('**/training/courses/new');
    await page.getByRole('heading', { name: 'New course', level: 2 }).waitFor();
    await screenshot(page, 'course-editor-new');

    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Invoice fraud');
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('How invoice fraud works, and how to check a payment request before paying it.');
    await page.getByRole('textbox', { name: 'Estimated minutes' }).fill('12');
    await page.getByRole('textbox', { name: 'Pass mark' }).fill('50');
    await page.getByRole('textbox', { name: 'Video URL' }).fill('http://video.acme.test/invoices');

    const lesson1 = page.getByRole('group', { name: 'Lesson 1' });
    await lesson1.getByRole('textbox', { name: 'Lesson title' }).fill('What invoice fraud looks like');
    await lesson1
      .getByRole('textbox', { name: 'Lesson 1 text (Markdown)' })
      .fill(
        '### Changed bank details\n\nA supplier suddenly has **new bank details**.\n\n- urgency\n- secrecy',
      );
    await lesson1.getByRole('tab', { name: 'Preview' }).click();
    await lesson1.getByRole('heading', { name: 'Changed bank details', level: 3 }).waitFor();
    await lesson1.locator('strong', { hasText: 'new bank details' }).waitFor();
    await lesson1.getByRole('tab', { name: 'Write' }).click();

    await page.getByRole('button', { name: 'Add lesson' }).click();
    const lesson2 = page.getByRole('group', { name: 'Lesson 2' });
    await lesson2.getByRole('textbox', { name: 'Lesson title' }).fill('Checking a request');
    await lesson2
      .getByRole('textbox', { name: 'Lesson 2 text (Markdown)' })
      .fill('Call back on a number you **already know**.');

    const question1 = page.getByRole('group', { name: 'Question 1' });
    await question1
      .getByRole('textbox', { name: 'Question', exact: true })
      .fill('A supplier emails new bank details. You…');
    await question1.getByRole('textbox', { name: 'Answer 1', exact: true }).fill('pay the invoice');
    await question1
      .getByRole('textbox', { name: 'Answer 2', exact: true })
      .fill('call them on a known number');
    await question1.getByRole('checkbox', { name: 'Answer 2 is right' }).check();

    await page.getByRole('button', { name: 'Add question' }).click();
    const question2 = page.getByRole('group', { name: 'Question 2' });
    await question2.getByRole('textbox', { name: 'Question', exact: true }).fill('Which are red flags?');
    await question2.getByRole('button', { name: 'Add answer' }).click();
    await question2.getByRole('textbox', { name: 'Answer 1', exact: true }).fill('urgency');
    await question2.getByRole('textbox', { name: 'Answer 2', exact: true }).fill('a known contact');
    await question2.getByRole('textbox', { name: 'Answer 3', exact: true }).fill('a request for secrecy');
    await question2.getByRole('checkbox', { name: 'Answer 1 is right' }).check();
    await question2.getByRole('checkbox', { name: 'Answer 3 is right' }).check();
    await screenshot(page, 'course-editor');

    // The API refuses the http:// video: its message shows under the field and in the summary.
    await page.getByRole('button', { name: 'Create course' }).click();
    const videoUrl = page.getByRole('textbox', { name: 'Video URL' });
    await page.getByText('Must be an https:// URL.').first().waitFor();
    expect(await videoUrl.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').filter({ hasText: 'Video URL: Must be an https:// URL.' }).waitFor();
    expect(page.url()).toMatch(/\/training\/courses\/new$/);
    await screenshot(page, 'course-editor-error');

    await videoUrl.fill('https://video.acme.test/invoices');
    expect(await videoUrl.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.waitForURL(new RegExp(`/training/courses/${UUID}$`));
    await page.getByRole('heading', { name: 'Invoice fraud', level: 2 }).waitFor();
    await page.getByText('Created “Invoice fraud”.').waitFor();
    await page.getByText('2 lessons · about 12 minutes · 2-question quiz, pass mark 50%').waitFor();
    const courseUrl = page.url();
    const courseId = courseUrl.split('/').pop()!;
    const saved = await (await page.request.get(`/api/v1/courses/${courseId}`)).json();
    expect(saved).toMatchObject({
      builtIn: false,
      videoUrl: 'https://video.acme.test/invoices',
      lessons: [{ title: 'What invoice fraud looks like' }, { title: 'Checking a request' }],
      quiz: [
        { options: ['pay the invoice', 'call them on a known number'], correct: [1] },
        { options: ['urgency', 'a known contact', 'a request for secrecy'], correct: [0, 2] },
      ],
    });

    // In the catalog, as the organization's own course.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.waitForURL('**/training');
    const row = page.getByRole('table', { name: 'Courses' }).getByRole('row', { name: /Invoice fraud/ });
    await row.waitFor();
    expect(await row.getByText('Built-in').count()).toBe(0);

    // Edit: a new title and the lessons swapped; unsaved work survives a reload.
    await row.getByRole('link', { name: 'Invoice fraud', exact: true }).click();
    await page.waitForURL(courseUrl);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(`${courseUrl}/edit`);
    const title = page.getByRole('textbox', { name: 'Title', exact: true });
    expect(await title.inputValue()).toBe('Invoice fraud');
    await title.fill('Invoice fraud, step by step');
    await page.getByRole('button', { name: 'Move lesson 2 up' }).click();
    expect(
      await page
        .getByRole('group', { name: 'Lesson 1' })
        .getByRole('textbox', { name: 'Lesson title' })
        .inputValue(),
    ).toBe('Checking a request');
    await page.getByText('Unsaved changes').waitFor();
    await page.reload();
    await page.getByText('Your unsaved changes from before the page was reloaded are back.').waitFor();
    expect(await title.inputValue()).toBe('Invoice fraud, step by step');
    expect(
      await page
        .getByRole('group', { name: 'Lesson 1' })
        .getByRole('textbox', { name: 'Lesson title' })
        .inputValue(),
    ).toBe('Checking a request');

    // Leaving asks first; "Keep editing" stays.
    await page.getByRole('link', { name: 'Courses', exact: true }).first().click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Keep editing' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${courseUrl}/edit`);

    // A question needs an answer marked right: the API's message lands under that question's answers.
    const firstQuestion = page.getByRole('group', { name: 'Question 1' });
    await firstQuestion.getByRole('checkbox', { name: 'Answer 2 is right' }).uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await firstQuestion.getByText('Answers: Must mark at least one answer as right.').waitFor();
    await firstQuestion.getByRole('checkbox', { name: 'Answer 2 is right' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(courseUrl);
    await page.getByRole('heading', { name: 'Invoice fraud, step by step', level: 2 }).waitFor();
    await page.getByRole('button', { name: /^1\. Checking a request/ }).waitFor();
    await page.getByRole('button', { name: /^2\. What invoice fraud looks like/ }).waitFor();

    // Archive, after a confirmation; then restore.
    await page.getByRole('button', { name: 'Archive' }).click();
    const confirm = page.getByRole('dialog', { name: 'Archive “Invoice fraud, step by step”?' });
    await confirm.getByRole('button', { name: 'Archive course' }).click();
    await page.getByText('Archived “Invoice fraud, step by step”.').waitFor();
    await page.getByRole('main').getByText('Archived', { exact: true }).waitFor();
    expect((await (await page.request.get(`/api/v1/courses/${courseId}`)).json()).status).toBe('archived');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page
      .getByRole('dialog', { name: 'Restore “Invoice fraud, step by step”?' })
      .getByRole('button', { name: 'Restore course' })
      .click();
    await page.getByRole('button', { name: 'Archive' }).waitFor();
  });

  test('a built-in course is read-only: Clone makes an editable copy', async () => {
    const { page } = await h.signedInOwner('Acme');
    const catalog = (await (await page.request.get('/api/v1/courses')).json()).data as {
      id: string;
      title: string;
    }[];
    const phishing = catalog.find((c) => c.title === 'Spotting Phishing Emails')!;

    // The editor's own address for a built-in course offers the clone instead of a form.
    await page.goto(`/training/courses/${phishing.id}/edit`);
    await page.getByText('“Spotting Phishing Emails” is a built-in course').waitFor();
    expect(await page.getByRole('textbox', { name: 'Title', exact: true }).count()).toBe(0);

    await page.goto(`/training/courses/${phishing.id}`);
    await page.getByRole('heading', { name: 'Spotting Phishing Emails', level: 2 }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Clone' }).click();
    await page.waitForURL(new RegExp(`/training/courses/${UUID}/edit$`));
    expect(page.url()).not.toContain(phishing.id);
    const title = page.getByRole('textbox', { name: 'Title', exact: true });
    expect(await title.inputValue()).toBe('Copy of Spotting Phishing Emails');
    await title.fill('Phishing at Acme');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Phishing at Acme', level: 2 }).waitFor();
    const copy = (await (await page.request.get('/api/v1/courses')).json()).data.find(
      (c: { title: string }) => c.title === 'Phishing at Acme',
    );
    expect(copy).toMatchObject({ builtIn: false });
    const original = await (await page.request.get(`/api/v1/courses/${phishing.id}`)).json();
    expect(original).toMatchObject({ title: 'Spotting Phishing Emails', builtIn: true });
  });
});

describe('Training reports', () => {
  test("export a course's enrollments as CSV; a group's and a user's training", async () => {
    const { page } = await h.signedInOwner('Acme');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const bulk = await page.request.post('/api/v1/users/bulk', {
      data: {
        users: [
          {
            email: 'ada@acme.test',
            firstName: 'Ada',
            lastName: 'Lovelace',
            department: 'Finance',
            groups: ['Pilots'],
          },
          { email: 'grace@acme.test', firstName: 'Grace', lastName: 'Hopper', groups: ['Pilots'] },
          { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing' },
        ],
      },
    });
    expect(bulk.status(), await bulk.text()).toBe(200);
    const catalog = (await (await page.request.get('/api/v1/courses')).json()).data as {
      id: string;
      title: string;
    }[];
    const course = catalog.find((c) => c.title === 'Spotting Phishing Emails')!;
    const groups = (await (await page.request.get('/api/v1/groups')).json()).data as {
      id: string;
      name: string;
    }[];
    const pilots = groups.find((g) => g.name === 'Pilots')!;
    const dueAt = new Date(h.clock.now().getTime() + 14 * 86400_000);
    dueAt.setUTCMilliseconds(0);
    const assigned = await page.request.post('/api/v1/assignments', {
      data: { courseId: course.id, groupIds: [pilots.id], dueAt: dueAt.toISOString() },
    });
    expect(assigned.status(), await assigned.text()).toBe(201);

    await page.goto(`/training/courses/${course.id}`);
    const people = page.getByRole('table', { name: 'People with this course' });
    await people.getByRole('row', { name: /grace@acme\.test/ }).waitFor();
    await screenshot(page, 'course-export');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^Spotting Phishing Emails-enrollments-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync((await file.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('User Name,Email Address,Department,Status,Score,Completed At,Due At,Assigned At');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      new RegExp(
        `^Ada Lovelace,ada@acme\\.test,Finance,Not started,,,${dueAt.toISOString().replace(/\./g, '\\.')},\\d{4}-`,
      ),
    );
    expect(lines[2]).toMatch(/^Grace Hopper,grace@acme\.test,,Not started,,,/);
    expect(page.url(), 'the download did not navigate away').toMatch(
      new RegExp(`/training/courses/${UUID}$`),
    );

    // The group's page: a Training drawer with the counts per course and the group's own export.
    await page.goto(`/groups/${pilots.id}`);
    await page.getByRole('button', { name: 'Training' }).click();
    const drawer = page.getByRole('dialog', { name: 'Training of “Pilots”' });
    const courseRow = drawer.getByRole('row', { name: /Spotting Phishing Emails/ });
    await courseRow.waitFor();
    expect((await courseRow.getByRole('cell').allTextContents()).slice(1)).toEqual(['2', '2', '0', '0', '0']);
    await screenshot(page, 'group-training');
    const groupDownload = page.waitForEvent('download');
    await drawer.getByRole('link', { name: 'Export CSV' }).click();
    const groupFile = await groupDownload;
    expect(groupFile.suggestedFilename()).toMatch(/^Pilots-enrollments-\d{4}-\d{2}-\d{2}\.csv$/);
    const groupLines = readFileSync((await groupFile.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(groupLines[0]).toBe(
      'User Name,Email Address,Department,Course,Status,Score,Completed At,Due At,Assigned At',
    );
    expect(groupLines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      'Ada Lovelace,ada@acme.test,Finance,Spotting Phishing Emails,Not started',
      'Grace Hopper,grace@acme.test,,Spotting Phishing Emails,Not started',
    ]);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // A user's Edit dialog: the Training tab lists their courses.
    const users = (await (await page.request.get('/api/v1/users?search=ada')).json()).data as {
      id: string;
    }[];
    await page.goto(`/users?dialog=edit&user=${users[0]!.id}`);
    const dialog = page.getByRole('dialog', { name: 'Edit Ada Lovelace' });
    await dialog.getByRole('tab', { name: 'Training' }).click();
    const userCourse = dialog.getByRole('row', { name: /Spotting Phishing Emails/ });
    await userCourse.getByText('Not started').waitFor();
    await screenshot(page, 'user-training');
  });
});
