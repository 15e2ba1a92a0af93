/**
 * Phishing campaigns in a real browser, with the simulation's emails delivered over SMTP into an
 * in-process sink and their links followed over HTTP to the tracking server's own port: an admin
 * creates and launches a campaign from the wizard and watches its results move as people (and mail
 * scanners) act; Phishing Simulation → Settings turns the Phished Users automation on, and the group
 * then says why each person is in it and until when; a draft is saved, reopened, edited and deleted.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uniqueSuffix } from '../helpers/factories.ts';
import { BROWSER_UA } from '../helpers/phishing.ts';
import {
  fitsTheWindow,
  isShownWhole,
  type MailConsoleHarness,
  type Page,
  startConsoleWithMail,
} from './browser.ts';

let h: MailConsoleHarness;
beforeAll(async () => {
  h = await startConsoleWithMail();
});
afterAll(async () => {
  await h?.close();
});

const SCANNER_UA = 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))';
/** The campaign page asks again every 5 s while a campaign is live: allow two rounds and some. */
const LIVE = { timeout: 15_000, intervals: [250] };

const toast = (page: Page, text: string) => page.getByRole('alert').filter({ hasText: text }).first();
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  if (people.length > 0) {
    const bulk = await page.request.post('/api/v1/users/bulk', { data: { users: people } });
    expect(bulk.status(), await bulk.text()).toBe(200);
  }
  const users = (await (await page.request.get('/api/v1/users', { params: { limit: 100 } })).json()).data as {
    id: string;
    email: string;
  }[];
  return { ...signedIn, userId: (email: string) => users.find((u) => u.email === email)!.id };
}

/** The lure's tracked link in the last email this address got. */
async function lureLink(address: string) {
  const mail = (await h.mailTo(address)).at(-1);
  if (!mail) throw new Error(`no email reached ${address}`);
  const link = /href="([^"]+\/c\/[0-9a-f]{32})"/.exec(String(mail.html))?.[1];
  if (!link) throw new Error(`no tracked link in the email to ${address}`);
  expect(link.startsWith(`${h.trackingUrl}/c/`), link).toBe(true);
  return link;
}

/** What a person does who falls for it: opens the link in a browser, then submits the landing page's form. */
async function fallFor(link: string) {
  const landing = await fetch(link, { headers: { 'user-agent': BROWSER_UA } });
  expect(landing.status).toBe(200);
  const action = /<form[^>]*action="([^"]+)"/.exec(await landing.text())?.[1];
  expect(action, 'the landing page has a form').toBeTruthy();
  const submitted = await fetch(new URL(action!, link), {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=someone%40example.test&password=hunter2',
  });
  expect(submitted.status).toBe(200);
  expect(await submitted.text()).toContain('This was a phishing simulation');
}

/** A stat card of the campaign page (Phish-prone, Clicked…), as "label | value | hint". */
const stat = async (page: Page, label: string) =>
  (await page.getByRole('group', { name: label, exact: true }).locator('p').allTextContents()).join(' | ');

describe('Campaigns', () => {
  test('an admin creates a campaign in the wizard and launches it; as one person falls for it and a mail scanner checks the other’s link, the campaign page follows without a reload', async () => {
    const suffix = uniqueSuffix();
    const ann = `ann-${suffix}@acme.test`;
    const bob = `bob-${suffix}@acme.test`;
    const cy = `cy-${suffix}@acme.test`;
    const org = await organization('Acme', [
      { email: ann, firstName: 'Ann', lastName: 'Able', groups: ['Finance team'] },
      { email: bob, firstName: 'Bob', lastName: 'Baker', groups: ['Finance team'] },
      { email: cy, firstName: 'Cy', lastName: 'Gone', groups: ['Finance team'] },
    ]);
    const { page } = org;
    await page.setViewportSize({ width: 1280, height: 900 });
    const disabled = await page.request.post('/api/v1/users/disable', {
      data: { userIds: [org.userId(cy)] },
    });
    expect(disabled.status(), await disabled.text()).toBe(200);

    // Sidebar → Campaigns → New Campaign.
    await page.goto('/users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.waitForURL('**/phishing/campaigns');
    await page.getByRole('heading', { name: 'No campaigns yet' }).waitFor();
    await page.getByRole('link', { name: 'New Campaign' }).first().click();
    await page.waitForURL('**/phishing/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 2 }).waitFor();

    // Details: a name, a template, a landing page.
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Finance password lure');
    await page.getByRole('combobox', { name: 'Templates' }).click();
    await page.getByRole('option', { name: /^Password expires today/ }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Landing page' }).click();
    await page.getByRole('option', { name: 'Account sign-in' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL('**/phishing/campaigns/new?step=recipients');

    // Recipients: a group of three, one of them disabled: the live count says two, and why.
    await page.getByRole('combobox', { name: 'Groups' }).click();
    await page.getByRole('option', { name: /Finance team/ }).click();
    await page.keyboard.press('Escape');
    await page.getByText('2 people will receive it', { exact: true }).waitFor();
    await page.getByText('1 disabled account left out', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL('**/phishing/campaigns/new?step=schedule');

    // Schedule: as soon as it is launched, by default.
    expect(await page.getByRole('radio', { name: 'As soon as I launch it' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL('**/phishing/campaigns/new?step=review');

    // Review: the count and the email as one of the recipients would get it.
    await page.getByRole('heading', { name: 'Summary', level: 4 }).waitFor();
    await page.getByText('2 people', { exact: true }).waitFor();
    await page
      .getByText(/1 group, 0 departments, 0 people picked by name · 1 disabled account left out/)
      .waitFor();
    await page.getByText(/^As (Ann Able|Bob Baker) would get it\./).waitFor();
    await expect
      .poll(() => page.frameLocator('iframe[title="Email preview"]').locator('body').textContent())
      .toMatch(/\S/);

    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Launch “Finance password lure” to 2 people?' });
    await confirm.getByText('1 disabled account left out.').waitFor();
    await confirm.getByRole('button', { name: 'Launch to 2 people' }).click();
    await toast(page, '“Finance password lure” is launched: emails are on their way.').waitFor();
    await page.waitForURL(/\/phishing\/campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { name: 'Finance password lure', level: 2 }).waitFor();
    await page.getByText('Sending', { exact: true }).waitFor();
    await page.getByText('Live · updates every 5 s').waitFor();

    // The mail worker sends the two emails; Cy, disabled, gets none. Once all are sent, it is in progress.
    await h.deliver();
    const annLink = await lureLink(ann);
    const bobLink = await lureLink(bob);
    expect(await h.mailTo(cy)).toHaveLength(0);
    expect(annLink).not.toBe(bobLink);
    expect(await h.container.services.campaigns.advance()).toBeGreaterThanOrEqual(1);
    await page.getByText('In progress', { exact: true }).waitFor(LIVE);

    // Minutes later, Ann clicks and submits the form; a mail scanner checks Bob's link (HEAD, then its own agent).
    h.clock.advance(5 * 60_000);
    await fallFor(annLink);
    expect((await fetch(bobLink, { method: 'HEAD', headers: { 'user-agent': BROWSER_UA } })).status).toBe(
      200,
    );
    expect((await fetch(bobLink, { headers: { 'user-agent': SCANNER_UA } })).status).toBe(200);

    // The page follows by itself.
    await expect.poll(() => stat(page, 'Clicked'), LIVE).toBe('Clicked | 1 | 50% of delivered');
    expect(await stat(page, 'Submitted')).toBe('Submitted | 1 | 50% of delivered');
    expect(await stat(page, 'Phish-prone')).toMatch(/^Phish-prone \| 50(\.0)?% \| 1 failed$/);
    expect(await stat(page, 'Delivered')).toBe('Delivered | 2');
    // A click implies the email was opened, pixel or not.
    expect(await stat(page, 'Opened')).toBe('Opened | 1 | 50% of delivered');
    await page.getByText('2 requests taken for mail scanners and not counted.').waitFor(LIVE);
    const recipients = page.getByRole('table', { name: 'Recipients' });
    const annRow = recipients.getByRole('row', { name: new RegExp(literally(ann)) });
    const bobRow = recipients.getByRole('row', { name: new RegExp(literally(bob)) });
    await annRow.getByText('Submitted', { exact: true }).waitFor(LIVE);
    await bobRow.getByText('Sent', { exact: true }).waitFor();
    expect(await bobRow.textContent()).toContain('2'); // the scanner column

    // Ann's timeline: the email, the click and the submission, counted.
    await page.getByRole('button', { name: 'Open the events of Ann Able' }).click();
    // In the address: a reload or a copied link opens it again.
    await page.waitForURL(
      (url) =>
        url.pathname === `/phishing/campaigns/${campaignId}` &&
        url.searchParams.get('dialog') === 'recipient' &&
        url.searchParams.has('recipient'),
    );
    let drawer = page.getByRole('dialog', { name: 'Ann Able' });
    const annEvents = drawer.getByRole('list', { name: 'Events, oldest first' });
    await annEvents.getByText('Clicked the link', { exact: true }).waitFor();
    await annEvents.getByText('Submitted the form', { exact: true }).waitFor();
    await drawer.getByText('Failed', { exact: true }).waitFor();
    expect(await drawer.getByText('Not counted').count()).toBe(0);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Bob's: the scanner's requests, greyed, with their reasons, not counted; Bob has not failed.
    await page.getByRole('button', { name: 'Open the events of Bob Baker' }).click();
    drawer = page.getByRole('dialog', { name: 'Bob Baker' });
    await drawer.getByText('Not failed', { exact: true }).waitFor();
    await drawer.getByText('2 not counted', { exact: true }).waitFor();
    await drawer
      .getByText('HEAD request: link checkers ask for the headers only, people never do', { exact: true })
      .waitFor();
    await drawer.getByText('Known scanner (Barracuda) by its user agent', { exact: true }).waitFor();
    expect(await drawer.getByText('Not counted', { exact: true }).count()).toBe(2);
    await drawer.getByText(/^Greyed events were taken for a mail server’s link scanner/).waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // The list says the same.
    await page.getByRole('link', { name: 'Campaigns' }).first().click();
    await page.waitForURL(/\/phishing\/campaigns$/);
    const row = page
      .getByRole('table', { name: 'Campaigns' })
      .getByRole('row', { name: /Finance password lure/ });
    await row.getByText('In progress', { exact: true }).waitFor();
    expect(await row.textContent()).toMatch(/50(\.0)?%/);

    // The email log lists the simulation's emails as sent, with when, whole and within the window.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Email' }).click();
    const log = page.getByRole('table', { name: 'Emails' });
    const annEmail = log.getByRole('row', { name: new RegExp(literally(ann)) });
    const sent = annEmail.getByText('Sent', { exact: true });
    await sent.waitFor();
    expect(await annEmail.textContent()).toMatch(/sent \d/);
    expect(await isShownWhole(sent), 'the status badge is not cut short').toBe(true);
    expect(await fitsTheWindow(log), 'the log fits the window without scrolling sideways').toBe(true);
  });

  test('a draft: saved from the wizard, reopened from the list, edited, then deleted after confirming', async () => {
    const suffix = uniqueSuffix();
    const dee = `dee-${suffix}@globex.test`;
    const { page } = await organization('Globex', [{ email: dee, firstName: 'Dee', lastName: 'Draft' }]);
    await page.goto('/phishing/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 2 }).waitFor();

    // Save as draft asks for what every campaign needs, and nothing more.
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByText('Give the campaign a name.').waitFor();
    await page.getByText('Pick at least one template.').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Invoice draft');
    await page.getByRole('combobox', { name: 'Templates' }).click();
    await page.getByRole('option', { name: /^Overdue invoice/ }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Landing page' }).click();
    await page.getByRole('option', { name: 'Account sign-in' }).click();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await toast(page, 'Saved “Invoice draft” as a draft.').waitFor();
    await page.waitForURL(/\/phishing\/campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { name: 'This campaign is a draft' }).waitFor();
    await page.getByText('No recipients chosen yet.').waitFor();

    // Reopened from the list.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.waitForURL(/\/phishing\/campaigns$/);
    const list = page.getByRole('table', { name: 'Campaigns' });
    const row = list.getByRole('row', { name: /Invoice draft/ });
    await row.getByText('Draft', { exact: true }).waitFor();
    await row.getByText('Nothing sent yet').waitFor();
    await row.getByRole('link', { name: 'Invoice draft' }).click();
    await page.waitForURL(`**/phishing/campaigns/${campaignId}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(`**/phishing/campaigns/${campaignId}/edit`);
    await page.getByRole('heading', { name: 'Edit “Invoice draft”', level: 2 }).waitFor();
    const name = page.getByRole('textbox', { name: 'Name', exact: true });
    expect(await name.inputValue()).toBe('Invoice draft');

    // Edited: a new name, and a person picked by name.
    await name.fill('Invoice draft for Dee');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL('**/edit?step=recipients');
    const people = page.getByRole('combobox', { name: 'Individual people' });
    await people.click();
    await people.fill('Dee');
    await page.getByRole('option', { name: /Dee Draft/ }).click();
    await page.keyboard.press('Escape');
    await page.getByText('1 person will receive it', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await toast(page, 'Saved “Invoice draft for Dee” as a draft.').waitFor();
    await page.waitForURL(`**/phishing/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: 'Invoice draft for Dee', level: 2 }).waitFor();
    await page.getByText(/1 person picked by name: 1 person would receive it now\./).waitFor();

    // Deleted, once confirmed: Cancel keeps it.
    await page.getByRole('button', { name: 'Delete' }).click();
    let confirm = page.getByRole('dialog', { name: 'Delete the draft “Invoice draft for Dee”?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await page.request.get(`/api/v1/phishing/campaigns/${campaignId}`)).status()).toBe(200);
    await page.getByRole('button', { name: 'Delete' }).click();
    confirm = page.getByRole('dialog', { name: 'Delete the draft “Invoice draft for Dee”?' });
    await confirm.getByText('Nothing has been sent. The draft is removed for good.').waitFor();
    await confirm.getByRole('button', { name: 'Delete draft' }).click();
    await toast(page, 'Deleted the draft “Invoice draft for Dee”.').waitFor();
    await page.waitForURL(/\/phishing\/campaigns$/);
    await page.getByRole('heading', { name: 'No campaigns yet' }).waitFor();
    expect((await page.request.get(`/api/v1/phishing/campaigns/${campaignId}`)).status()).toBe(404);
  });
});

describe('Phishing Simulation → Settings', () => {
  test('the Phished Users automation is turned on, its group renamed, with a removal period and a course; a taken name is explained; the group then says why each person is in it and when they leave', async () => {
    const suffix = uniqueSuffix();
    // An address as long as many real ones: the members table must still show the last column.
    const eve = `eve.clicker-${suffix}@initech-industries.test`;
    const org = await organization('Initech', [{ email: eve, firstName: 'Eve', lastName: 'Clicker' }]);
    const { page } = org;
    await page.setViewportSize({ width: 1280, height: 900 });
    const custom = await page.request.post('/api/v1/groups', { data: { name: 'Security Champions' } });
    expect(custom.status(), await custom.text()).toBe(201);

    await page.goto('/phishing');
    const nav = page.getByRole('navigation', { name: 'Main' });
    // Training has a Settings entry too: this is the one under Phishing Simulation.
    await nav
      .getByRole('link', { name: 'Settings', exact: true })
      .and(nav.locator('[href="/phishing/settings"]'))
      .click();
    await page.waitForURL('**/phishing/settings');
    await page.getByRole('heading', { name: 'Phishing settings', level: 2 }).waitFor();
    expect(await nav.locator('a[href="/phishing/settings"]').getAttribute('data-active')).toBe('true');
    expect(await nav.locator('a[href="/phishing"]').getAttribute('data-active')).toBeNull();

    const enabled = page.getByRole('switch', { name: 'Add everyone who fails a simulation to a group' });
    const groupName = page.getByRole('textbox', { name: 'Group name' });
    const removal = page.getByRole('combobox', { name: 'Automatic removal' });
    const courses = page.getByRole('combobox', { name: 'Courses assigned on failure' });
    expect(await enabled.isChecked()).toBe(false);
    await page
      .getByText('The group (of kind Phished) is created when you first turn the automation on.')
      .waitFor();

    // A name another group has: refused, and said under the name.
    await enabled.check();
    await groupName.fill('Security Champions');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/A group named "Security Champions" already exists\./).waitFor();
    expect(await groupName.getAttribute('aria-invalid')).toBe('true');

    await groupName.fill('Clicked Recently');
    expect(await groupName.getAttribute('aria-invalid')).toBeNull();
    await removal.click();
    await page.getByRole('option', { name: '3 months' }).click();
    await courses.click();
    await page.getByRole('option', { name: 'Spotting Phishing Emails' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Everyone who fails a simulation now joins “Clicked Recently”.').waitFor();
    await page.getByRole('link', { name: 'Open “Clicked Recently”' }).waitFor();
    const stored = await (await page.request.get('/api/v1/phishing/settings/phished-users')).json();
    expect(stored).toMatchObject({ enabled: true, groupName: 'Clicked Recently', removeAfter: '3m' });
    expect(stored.remediationCourseIds).toHaveLength(1);

    // A reload shows what is stored.
    await page.reload();
    await page.getByRole('heading', { name: 'Phishing settings', level: 2 }).waitFor();
    expect(await enabled.isChecked()).toBe(true);
    expect(await groupName.inputValue()).toBe('Clicked Recently');
    expect(await removal.inputValue()).toBe('3 months');
    await page
      .getByRole('region', { name: 'Remediation training' })
      .getByText('Spotting Phishing Emails', { exact: true })
      .waitFor();
    await page.getByText('· 0 members').waitFor();

    // Groups: the group, with its kind.
    await nav.getByRole('link', { name: 'Groups' }).click();
    await page.waitForURL('**/groups');
    const groupRow = page.getByRole('row', { name: /Clicked Recently/ });
    await groupRow.getByText('Phished', { exact: true }).waitFor();

    // Eve fails a campaign (launched through the API, her link followed over HTTP).
    const content = async (path: string) =>
      (await (await page.request.get(`/api/v1/phishing/${path}`)).json()).data as {
        id: string;
        name: string;
      }[];
    const templates = await content('templates');
    const pages = await content('landing-pages');
    const created = await page.request.post('/api/v1/phishing/campaigns', {
      data: {
        name: 'Parcel notice',
        templateIds: [templates[0]!.id],
        landingPageId: pages[0]!.id,
        userIds: [org.userId(eve)],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const campaignId = (await created.json()).id as string;
    const launched = await page.request.post(`/api/v1/phishing/campaigns/${campaignId}/launch`);
    expect(launched.status(), await launched.text()).toBe(200);
    const link = await lureLink(eve);
    h.clock.advance(5 * 60_000);
    expect((await fetch(link, { headers: { 'user-agent': BROWSER_UA } })).status).toBe(200);

    // The group page says why Eve is there and when she leaves.
    await groupRow.getByRole('link', { name: 'Clicked Recently' }).click();
    await page.waitForURL('**/groups/*');
    const members = page.getByRole('table', { name: 'Members of Clicked Recently' });
    const eveRow = members.getByRole('row', { name: new RegExp(literally(eve)) });
    await eveRow.getByText(/^Clicked the link in “Parcel notice” on /).waitFor();
    await eveRow.getByText(/^Leaves on /).waitFor();
    expect(await fitsTheWindow(members), 'the reason column is in view without scrolling sideways').toBe(
      true,
    );
    // In a narrower window the table scrolls sideways rather than squeezing a column to nothing, and
    // the group's kind stays whole beside its wrapped name.
    await page.setViewportSize({ width: 1024, height: 900 });
    const eveEmail = eveRow.getByText(eve, { exact: true });
    await expect
      .poll(() => eveEmail.evaluate((email) => email.closest('td')!.getBoundingClientRect().width))
      .toBeGreaterThan(100);
    expect(await isShownWhole(page.locator('main').getByText('Phished', { exact: true }))).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    const member = (await (await page.request.get(`/api/v1/groups/${stored.groupId}/members`)).json())
      .data[0];
    const failedAt = new Date(member.membership.reason.at);
    const leaves = new Date(member.membership.expiresAt);
    const months =
      (leaves.getUTCFullYear() - failedAt.getUTCFullYear()) * 12 +
      leaves.getUTCMonth() -
      failedAt.getUTCMonth();
    expect(months).toBe(3);
    expect(await eveRow.getByText(/^Leaves on /).textContent()).toBe(
      `Leaves on ${await page.evaluate(
        (iso) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso)),
        member.membership.expiresAt,
      )}`,
    );
  });
});
