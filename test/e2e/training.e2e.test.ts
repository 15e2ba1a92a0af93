/**
 * Training and email in the admin console, in a real browser: the course catalog, a built-in course
 * assigned to a group through the Assign dialog (its toast and the enrolled people in the course's
 * table), then Account Settings → Email without SMTP: the notice that mail is kept, not sent, and an
 * email opened in full from the log.
 *
 * `HEED_SCREENSHOTS=1 npm run test:e2e -- training` also saves docs/screenshots/{training,course,
 * assign-course,email-log}.png.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ConsoleHarness, fitsTheWindow, isShownWhole, type Page, startConsole } from './browser.ts';

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
  // The viewport, not the full page: the console's header and sidebar are fixed, and would be drawn
  // mid-page in a full-page capture.
  await page.screenshot({ path: join(resolve('docs/screenshots'), `${name}.png`) });
}

const PEOPLE = [
  {
    email: 'ada@acme.test',
    firstName: 'Ada',
    lastName: 'Lovelace',
    department: 'Finance',
    groups: ['Finance team'],
  },
  {
    email: 'alan@acme.test',
    firstName: 'Alan',
    lastName: 'Turing',
    department: 'Finance',
    groups: ['Finance team'],
  },
  {
    email: 'grace@acme.test',
    firstName: 'Grace',
    lastName: 'Hopper',
    department: 'IT',
    groups: ['Finance team'],
  },
  { email: 'linus@acme.test', firstName: 'Linus', lastName: 'Torvalds', department: 'IT' },
];

describe('Training', () => {
  test('assign a built-in course to a group from its page; the people appear enrolled; the email log says mail is kept', async () => {
    const { page } = await h.signedInOwner('Acme');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const bulk = await page.request.post('/api/v1/users/bulk', { data: { users: PEOPLE } });
    expect(bulk.status(), await bulk.text()).toBe(200);

    await page.goto('/users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.waitForURL('**/training');
    const catalog = page.getByRole('table', { name: 'Courses' });
    const row = catalog.getByRole('row', { name: /Spotting Phishing Emails/ });
    await row.getByText('Built-in').waitFor();
    expect(await catalog.getByText('Built-in').count()).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'training');

    await row.getByRole('link', { name: 'Spotting Phishing Emails' }).click();
    await page.waitForURL('**/training/courses/*');
    await page.getByRole('heading', { name: 'Spotting Phishing Emails', level: 2 }).waitFor();
    await page.getByText('Nobody has this course yet').waitFor();
    // A lesson opens into its rendered Markdown.
    await page.getByRole('button', { name: /Who is really writing to you\?/ }).click();
    await page
      .getByRole('region', { name: /Who is really writing to you\?/ })
      .locator('p')
      .first()
      .waitFor();
    await page.getByRole('button', { name: /Who is really writing to you\?/ }).click();
    await page.getByRole('region', { name: /Who is really writing to you\?/ }).waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Assign' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign “Spotting Phishing Emails”' });
    await dialog.getByRole('combobox', { name: 'Groups' }).click();
    await page.getByRole('option', { name: /Finance team/ }).click();
    await dialog.getByText('The chosen groups have 3 members in all.').waitFor();
    await dialog.getByRole('checkbox', { name: 'Also assign to people who join later' }).check();
    await screenshot(page, 'assign-course');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Assigned to 3 users').waitFor();
    await dialog.waitFor({ state: 'detached' });

    const people = page.getByRole('table', { name: 'People with this course' });
    for (const email of ['ada@acme.test', 'alan@acme.test', 'grace@acme.test']) {
      await people
        .getByRole('row', { name: new RegExp(email) })
        .getByText('Not started')
        .waitFor();
    }
    expect(await people.getByRole('row', { name: /linus@acme\.test/ }).count()).toBe(0);
    await screenshot(page, 'course');

    // Assigning the same group again enrolls nobody new, and says so.
    await page.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByRole('combobox', { name: 'Groups' }).click();
    await page.getByRole('option', { name: /Finance team/ }).click();
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Assigned to 0 users (3 already had it)').waitFor();

    // Search and status filters live in the address.
    await page.getByRole('textbox', { name: 'Search people' }).fill('grace');
    await page.waitForURL(/search=grace/);
    await people.getByRole('row', { name: /ada@acme\.test/ }).waitFor({ state: 'detached' });
    await people.getByRole('row', { name: /grace@acme\.test/ }).waitFor();
    await page.getByRole('textbox', { name: 'Search people' }).fill('');
    await people.getByRole('row', { name: /ada@acme\.test/ }).waitFor();

    // Reminders put email in the log; without SMTP it is kept there, "not delivered".
    const groups = (await (await page.request.get('/api/v1/groups')).json()).data as {
      id: string;
      name: string;
    }[];
    const financeTeam = groups.find((g) => g.name === 'Finance team')!;
    const reminders = await page.request.post(`/api/v1/groups/${financeTeam.id}/reminders`, { data: {} });
    expect(reminders.status(), await reminders.text()).toBe(200);
    await h.container.createMailWorker({ error() {}, warn() {} }).runOnce();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Email' }).click();
    await page.waitForURL('**/settings/email');
    await page.reload(); // the assignment's toasts go; the page comes back from its address alone
    await page.getByText('No SMTP server configured: emails are kept here, not sent').waitFor();
    const log = page.getByRole('table', { name: 'Emails' });
    const ada = log.getByRole('row', { name: /ada@acme\.test/ });
    const notDelivered = ada.getByText('Not delivered', { exact: true });
    await notDelivered.waitFor();
    expect(await isShownWhole(notDelivered), 'the status badge is not cut short').toBe(true);
    expect(await fitsTheWindow(log), 'the log fits the window without scrolling sideways').toBe(true);
    await screenshot(page, 'email-log');

    await ada.getByRole('button', { name: /Open the email/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Ada Lovelace <ada@acme.test>').waitFor();
    await drawer.getByRole('button', { name: 'Send again' }).waitFor();
    const html = drawer.locator('iframe');
    expect(await html.getAttribute('sandbox')).toBe('');
    await page
      .frameLocator('iframe[title^="HTML of"]')
      .getByText('Spotting Phishing Emails')
      .first()
      .waitFor();
    await drawer.getByRole('tab', { name: 'Plain text' }).click();
    await drawer
      .getByText(/Spotting Phishing Emails/)
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // The organization's own SMTP server: a bad URL is refused under its field; a good one is shown
    // with its password hidden, also when the dialog opens again.
    await page.getByRole('button', { name: 'Edit' }).click();
    const settings = page.getByRole('dialog', { name: 'Email settings' });
    await settings.getByText(/leave it that way to keep it/).waitFor();
    const smtpUrl = settings.getByRole('textbox', { name: 'SMTP server URL' });
    await smtpUrl.fill('http://mail.acme.test');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByText(/Must be an smtp:\/\/ or smtps:\/\/ URL/).waitFor();
    await smtpUrl.fill('smtp://heed:s3cret@mail.acme.test:2525');
    await settings.getByRole('textbox', { name: 'From' }).fill('Acme Security <security@acme.test>');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.waitFor({ state: 'detached' });
    await page.getByText('Sent through your organization’s own SMTP server').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('s3cret');
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await smtpUrl.inputValue()).not.toContain('s3cret');
    expect(await smtpUrl.inputValue()).toMatch(/^smtp:\/\/heed:.+@mail\.acme\.test:2525/);
    await settings.getByRole('button', { name: 'Cancel' }).click();
  });
});
