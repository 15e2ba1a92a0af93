/**
 * Groups in a real browser, as the help article walks through them: New Group → Create Group, the
 * row actions of the Groups list (Send reminders, Edit, Delete), and on a group's page Assign Users →
 * Assign to the Group, Send Reminders, Remove from Group, Disable Account, selecting every matching
 * member, and Export CSV (the Assigned Users Report). Reminders delivered by email: reminders.e2e.test.ts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ConsoleHarness, isShownWhole, type Page, startConsole } from './browser.ts';

let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsole();
});
afterAll(async () => {
  await harness?.close();
});

interface Person {
  email: string;
  firstName?: string;
  lastName?: string;
  department?: string;
  groups?: string[];
}

/** Fills the organization through the bulk API, as an HR script would. */
async function seed(page: Page, users: Person[]) {
  const response = await page.request.post('/api/v1/users/bulk', { data: { users } });
  expect(response.status(), await response.text()).toBe(200);
}

async function groupId(page: Page, name: string): Promise<string> {
  const groups = (await (await page.request.get('/api/v1/groups')).json()).data as {
    id: string;
    name: string;
  }[];
  const group = groups.find((g) => g.name === name);
  if (!group) throw new Error(`no group named ${name}`);
  return group.id;
}

async function openGroup(page: Page, name: string) {
  await page.goto(`/groups/${await groupId(page, name)}`);
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

const membersTable = (page: Page) => page.getByRole('table', { name: /^Members of / });

/** The emails in the members table, top to bottom (waits for the table to settle first). */
async function membersShown(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const cells = membersTable(page).locator('tbody tr td:nth-child(3)');
  return (await cells.allTextContents()).filter((text) => text.includes('@'));
}

/** A member's row, found by the email cell (every row names the admin who added it, an email too). */
const memberRow = (page: Page, email: string) =>
  membersTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: email, exact: true }) });

async function notification(page: Page, text: string) {
  await page.getByRole('alert').filter({ hasText: text }).first().waitFor();
}

async function statusOf(page: Page, email: string) {
  const users = (await (await page.request.get(`/api/v1/users?search=${encodeURIComponent(email)}`)).json())
    .data;
  return (users as { email: string; status: string }[]).find((u) => u.email === email)?.status;
}

describe('Creating a group', () => {
  test('Users → Groups → New Group → a name → Create Group: the group lists as custom with no members and opens', async () => {
    const { page } = await harness.signedInOwner();
    await page.goto('/users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await page.waitForURL('**/groups');
    await page.getByText('No groups yet').waitFor();

    await page.getByRole('button', { name: 'New Group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Group' });
    await dialog.getByRole('textbox', { name: 'Group name' }).fill('  Finance Team ');
    await dialog.getByRole('button', { name: 'Create Group' }).click();
    await dialog.waitFor({ state: 'detached' });
    await notification(page, 'Created the group “Finance Team”.');

    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Finance Team' }) });
    await row.getByText('Custom', { exact: true }).waitFor();
    expect((await row.getByRole('cell').nth(2).textContent())?.trim()).toBe('0');

    await row.getByRole('link', { name: 'Finance Team' }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Finance Team', level: 2 }).waitFor();
    await page.getByText('0 members · created').waitFor();
    await page.getByText('No members yet').waitFor();
  });

  test('a name another group has, in any case, gets the server’s message under the field and nothing is created', async () => {
    const { page } = await harness.signedInOwner();
    await page.request.post('/api/v1/groups', { data: { name: 'Managers' } });
    await page.goto('/groups');

    await page.getByRole('button', { name: 'New Group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Group' });
    const name = dialog.getByRole('textbox', { name: 'Group name' });
    await name.fill('MANAGERS');
    await dialog.getByRole('button', { name: 'Create Group' }).click();
    await dialog.getByText('A group named "MANAGERS" already exists.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    const groups = (await (await page.request.get('/api/v1/groups')).json()).data;
    expect(groups.map((g: { name: string }) => g.name)).toEqual(['Managers']);

    await name.fill('Managers (London)');
    expect(await dialog.getByText('already exists').count(), 'typing clears the message').toBe(0);
    await dialog.getByRole('button', { name: 'Create Group' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Managers (London)' }).waitFor();
  });
});

describe('Group-level actions on the Groups list', () => {
  test('Send reminders says what it does, asks first, and reports who was reminded and who was skipped', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [{ email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', groups: ['Sales'] }]);
    await page.goto('/groups');

    const remind = page.getByRole('button', { name: 'Send reminders to the members of Sales' });
    await remind.focus();
    await page.getByRole('tooltip').filter({ hasText: 'Send reminders to every member.' }).waitFor();
    await remind.click();
    const dialog = page.getByRole('dialog', { name: 'Send reminders to the 1 member of “Sales”?' });
    await dialog.getByText('Members with nothing pending, disabled accounts and anyone reminded').waitFor();
    await dialog.getByRole('button', { name: 'Send Reminders' }).click();
    // Ada has no course to complete: nobody is reminded, and the toast says why.
    await notification(page, 'No reminders were sent. Skipped: 1 with nothing pending.');
    await dialog.waitFor({ state: 'detached' });
  });

  test('Edit renames the group, and a taken name is refused inline', async () => {
    const { page } = await harness.signedInOwner();
    await page.request.post('/api/v1/groups', { data: { name: 'Old name' } });
    await page.request.post('/api/v1/groups', { data: { name: 'Taken' } });
    await page.goto('/groups');

    await page.getByRole('button', { name: 'Edit Old name' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit “Old name”' });
    const name = dialog.getByRole('textbox', { name: 'Group name' });
    expect(await name.inputValue()).toBe('Old name');
    await name.fill('taken');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('A group named "taken" already exists.').waitFor();

    await name.fill('New name');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await notification(page, 'Renamed “Old name” to “New name”.');
    await page.getByRole('link', { name: 'New name' }).waitFor();
    expect(await page.getByRole('link', { name: 'Old name' }).count()).toBe(0);
  });

  test('Delete names the number of members, deletes the group and keeps its users', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', groups: ['Contractors'] },
      { email: 'alan@acme.test', groups: ['Contractors'] },
    ]);
    await page.goto('/groups');

    await page.getByRole('button', { name: 'Delete Contractors' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the group “Contractors”?' });
    await dialog
      .getByText('Its 2 members will be removed from the group. Their user accounts stay')
      .waitFor();
    await dialog.getByRole('button', { name: 'Delete Group' }).click();
    await notification(page, '2 memberships removed; the users stay.');
    await page.getByText('No groups yet').waitFor();

    const users = (await (await page.request.get('/api/v1/users')).json()).data;
    expect(users.map((u: { email: string }) => u.email).sort()).toEqual(['ada@acme.test', 'alan@acme.test']);
  });
});

describe('Assigning users to a group', () => {
  test('Assign Users → tick users on several pages of the picker → Assign to the Group', async () => {
    const { page, email } = await harness.signedInOwner();
    const people: Person[] = Array.from({ length: 30 }, (_, i) => ({
      email: `person${String(i).padStart(2, '0')}@acme.test`,
      firstName: 'Person',
      lastName: String(i).padStart(2, '0'),
      department: i === 29 ? 'Finance' : 'Sales',
    }));
    people[0]!.groups = ['Pilots'];
    await seed(page, people);
    await openGroup(page, 'Pilots');

    await page.getByRole('button', { name: 'Assign Users' }).first().click();
    const picker = page.getByRole('dialog', { name: 'Assign Users to “Pilots”' });
    const search = picker.getByRole('textbox', { name: 'Search users' });
    // Members are not offered again.
    await search.fill('person00@');
    await picker.getByText('No users match these filters').waitFor();
    await search.fill('');
    await picker.getByRole('cell', { name: 'person01@acme.test' }).waitFor();

    await picker.getByRole('checkbox', { name: 'Select Person 01' }).click();
    await picker.getByRole('checkbox', { name: 'Select Person 02' }).click();
    await picker.getByRole('button', { name: 'Next' }).click();
    await picker.getByRole('checkbox', { name: 'Select Person 27' }).click();
    await picker.getByText('3 users selected').waitFor();

    await picker.getByLabel('Department', { exact: true }).click();
    await page.getByRole('option', { name: 'Finance' }).click();
    // Person 29 was on the previous page too: wait for the filtered page itself, not just for their row.
    await expect
      .poll(() => picker.getByRole('cell', { name: /@acme\.test/ }).count(), { timeout: 10_000 })
      .toBe(1);
    await picker.getByRole('cell', { name: 'person29@acme.test' }).waitFor();
    await picker.getByRole('checkbox', { name: 'Select Person 29' }).click();
    await picker.getByText('4 users selected').waitFor();

    await picker.getByRole('button', { name: 'Assign to the Group' }).click();
    await picker.waitFor({ state: 'detached' });
    await notification(page, 'Added 4 users to “Pilots”.');
    await page.getByText('5 members · created').waitFor();
    await expect
      .poll(() => membersShown(page))
      .toEqual([
        'person00@acme.test',
        'person01@acme.test',
        'person02@acme.test',
        'person27@acme.test',
        'person29@acme.test',
      ]);
    await memberRow(page, 'person27@acme.test').getByText(`by ${email}`).waitFor();
  });

  test('users assigned meanwhile by someone else are counted as already members', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace' },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing' },
    ]);
    const created = await page.request.post('/api/v1/groups', { data: { name: 'Night shift' } });
    const id = (await created.json()).id;
    await openGroup(page, 'Night shift');

    await page.getByRole('button', { name: 'Assign Users' }).first().click();
    const picker = page.getByRole('dialog', { name: 'Assign Users to “Night shift”' });
    await picker.getByRole('checkbox', { name: 'Select Ada Lovelace' }).click();
    await picker.getByRole('checkbox', { name: 'Select Alan Turing' }).click();
    await page.request.post(`/api/v1/groups/${id}/members`, { data: { emails: ['alan@acme.test'] } });
    await picker.getByRole('button', { name: 'Assign to the Group' }).click();
    await notification(page, 'Added 1 user to “Night shift”. 1 user was already a member.');
    await expect.poll(() => membersShown(page)).toEqual(['ada@acme.test', 'alan@acme.test']);
  });
});

describe('Addresses that keep the view: refresh and copied links', () => {
  test('the Assign Users picker keeps its open state, search, filters, page and ticked users in the address', async () => {
    const { page } = await harness.signedInOwner();
    const people: Person[] = Array.from({ length: 30 }, (_, i) => ({
      email: `person${String(i).padStart(2, '0')}@acme.test`,
      firstName: 'Person',
      lastName: String(i).padStart(2, '0'),
      department: i >= 28 ? 'Finance' : 'Sales',
    }));
    people[0]!.groups = ['Pilots'];
    await seed(page, people);
    await openGroup(page, 'Pilots');
    const historyLength = await page.evaluate(() => history.length);

    await page.getByRole('button', { name: 'Assign Users' }).first().click();
    let picker = page.getByRole('dialog', { name: 'Assign Users to “Pilots”' });
    await picker.getByRole('checkbox', { name: 'Select Person 01' }).click();
    await picker.getByRole('checkbox', { name: 'Select Person 02' }).click();
    await picker.getByRole('button', { name: 'Next' }).click();
    await picker.getByRole('checkbox', { name: 'Select Person 27' }).click();
    await picker.getByText('3 users selected').waitFor();
    expect(new URL(page.url()).searchParams.get('assign')).toBe('1');

    await page.reload();
    picker = page.getByRole('dialog', { name: 'Assign Users to “Pilots”' });
    await picker.getByText('3 users selected').waitFor();
    await picker.getByText('Page 2', { exact: true }).waitFor();
    await expect
      .poll(() => picker.getByRole('checkbox', { name: 'Select Person 27' }).isChecked())
      .toBe(true);

    await picker.getByLabel('Department', { exact: true }).click();
    await page.getByRole('option', { name: 'Finance' }).click();
    await picker.getByRole('textbox', { name: 'Search users' }).fill('person29');
    await page.waitForURL(/assignSearch=person29/);
    await picker.getByRole('cell', { name: 'person29@acme.test' }).waitFor();

    // A copied link opens the same picker in another tab.
    const copy = await page.context().newPage();
    await copy.goto(page.url());
    const copied = copy.getByRole('dialog', { name: 'Assign Users to “Pilots”' });
    await copied.getByRole('cell', { name: 'person29@acme.test' }).waitFor();
    expect(await copied.getByRole('textbox', { name: 'Search users' }).inputValue()).toBe('person29');
    expect(await copied.getByRole('combobox', { name: 'Department' }).inputValue()).toBe('Finance');
    await copied.getByText('3 users selected').waitFor();
    await copy.close();

    await picker.getByRole('checkbox', { name: 'Select Person 29' }).click();
    await picker.getByText('4 users selected').waitFor();
    await picker.getByRole('button', { name: 'Assign to the Group' }).click();
    await picker.waitFor({ state: 'detached' });
    await notification(page, 'Added 4 users to “Pilots”.');
    // Closed, the picker leaves nothing behind in the address, and it never added history entries.
    expect([...new URL(page.url()).searchParams.keys()].filter((k) => k.startsWith('assign'))).toEqual([]);
    expect(await page.evaluate(() => history.length)).toBe(historyLength);
  });

  test('ticked members, the group’s search and its page survive a refresh', async () => {
    const { page } = await harness.signedInOwner();
    await seed(
      page,
      Array.from({ length: 55 }, (_, i) => ({
        email: `member${String(i).padStart(2, '0')}@acme.test`,
        firstName: 'Member',
        lastName: String(i).padStart(2, '0'),
        groups: ['Everyone'],
      })),
    );
    await openGroup(page, 'Everyone');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2 · members 51–55 of 55').waitFor();
    await page.getByRole('checkbox', { name: 'Select Member 52' }).click();
    await page.getByRole('checkbox', { name: 'Select Member 54' }).click();
    await page.getByText('2 selected').waitFor();

    await page.reload();
    await page.getByText('Page 2 · members 51–55 of 55').waitFor();
    await page.getByText('2 selected').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Select Member 52' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Select Member 53' }).isChecked()).toBe(false);
  });

  test('New Group and Edit on the Groups list reopen after a refresh', async () => {
    const { page } = await harness.signedInOwner();
    await page.request.post('/api/v1/groups', { data: { name: 'Night shift' } });
    await page.goto('/groups');

    await page.getByRole('button', { name: 'New Group' }).click();
    expect(new URL(page.url()).searchParams.get('dialog')).toBe('new');
    await page.reload();
    const created = page.getByRole('dialog', { name: 'New Group' });
    await created.getByRole('textbox', { name: 'Group name' }).waitFor();
    await created.getByRole('button', { name: 'Cancel' }).click();
    await created.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.has('dialog')).toBe(false);

    await page.getByRole('button', { name: 'Edit Night shift' }).click();
    await page.reload();
    const edit = page.getByRole('dialog', { name: 'Edit “Night shift”' });
    expect(await edit.getByRole('textbox', { name: 'Group name' }).inputValue()).toBe('Night shift');
  });
});

describe('Managing existing group members', () => {
  test('Remove from Group: the ticked members leave the group, their accounts stay', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', groups: ['Pilots'] },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing', groups: ['Pilots'] },
      { email: 'grace@acme.test', firstName: 'Grace', lastName: 'Hopper', groups: ['Pilots'] },
    ]);
    await openGroup(page, 'Pilots');
    expect(await page.getByRole('button', { name: 'Remove from Group' }).isDisabled()).toBe(true);

    await page.getByRole('checkbox', { name: 'Select Ada Lovelace' }).click();
    await page.getByRole('checkbox', { name: 'Select Grace Hopper' }).click();
    await page.getByText('2 selected').waitFor();
    expect(page.url()).toContain('selected=');
    await page.getByRole('button', { name: 'Remove from Group' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove 2 members from “Pilots”?' });
    await confirm.getByRole('button', { name: 'Remove from Group' }).click();
    await notification(page, 'Removed 2 members from “Pilots”.');

    await expect.poll(() => membersShown(page)).toEqual(['alan@acme.test']);
    await page.getByText('1 member · created').waitFor();
    expect(await statusOf(page, 'ada@acme.test')).toBe('active');
    expect(await statusOf(page, 'grace@acme.test')).toBe('active');
  });

  test('Disable Account: the ticked accounts are disabled and stay in the group; the owner’s never is', async () => {
    const { page, email } = await harness.signedInOwner();
    await seed(page, [
      { email, firstName: 'Owen', lastName: 'Owner', groups: ['Pilots'] },
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', groups: ['Pilots'] },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing', groups: ['Pilots'] },
    ]);
    await openGroup(page, 'Pilots');

    await page.getByRole('checkbox', { name: 'Select Ada Lovelace' }).click();
    await page.getByText('1 selected', { exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Select Owen Owner' }).click();
    await page.getByText('2 selected', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Disable Account' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable 2 accounts?' });
    await confirm.getByRole('button', { name: 'Disable Account' }).click();
    await notification(page, 'Disabled 1 account. 1 account was left active');

    const disabled = memberRow(page, 'ada@acme.test').getByText('Disabled', { exact: true });
    await disabled.waitFor();
    expect(await isShownWhole(disabled), 'the Disabled badge is not cut short').toBe(true);
    await memberRow(page, email).getByText('Active', { exact: true }).waitFor();
    await memberRow(page, 'alan@acme.test').getByText('Active', { exact: true }).waitFor();
    expect(await membersShown(page)).toHaveLength(3);
    expect(await statusOf(page, 'ada@acme.test')).toBe('disabled');
  });

  test('select every member matching a search, across pages, remind them and remove them all at once', async () => {
    const { page } = await harness.signedInOwner();
    const people: Person[] = [
      ...Array.from({ length: 55 }, (_, i) => ({
        email: `alpha${String(i).padStart(2, '0')}@acme.test`,
        groups: ['Everyone'],
      })),
      ...Array.from({ length: 5 }, (_, i) => ({ email: `beta${i}@acme.test`, groups: ['Everyone'] })),
    ];
    await seed(page, people);
    await openGroup(page, 'Everyone');
    await page.getByText('Page 1 · members 1–50 of 60').waitFor();

    await page.getByRole('textbox', { name: 'Search members' }).fill('alpha');
    await page.waitForURL(/search=alpha/);
    await page.getByText('Page 1 · members 1–50', { exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Select every member on this page' }).click();
    await page.getByText('All 50 on this page selected.').waitFor();
    await page.getByRole('button', { name: 'Select all 55 matching' }).click();
    await page.getByText('All 55 matching members selected.').waitFor();

    // Send Reminders acts on the 55 matches only (none has a course to do), then the selection goes.
    await page.getByRole('button', { name: 'Send Reminders' }).click();
    await page
      .getByRole('dialog', { name: 'Send reminders to 55 matching members of “Everyone”?' })
      .getByRole('button', { name: 'Send Reminders' })
      .click();
    await notification(page, 'No reminders were sent. Skipped: 55 with nothing pending.');
    await page.getByText('Tick members to act on several at once.').waitFor();

    await page.getByRole('checkbox', { name: 'Select every member on this page' }).click();
    await page.getByText('All 50 on this page selected.').waitFor();
    await page.getByRole('button', { name: 'Select all 55 matching' }).click();
    await page.getByText('All 55 matching members selected.').waitFor();
    expect(page.url()).toContain('selected=all');

    // The selection is in the URL: a refresh keeps it.
    await page.reload();
    await page.getByText('All 55 matching members selected.').waitFor();

    await page.getByRole('button', { name: 'Remove from Group' }).click();
    await page
      .getByRole('dialog', { name: 'Remove 55 members from “Everyone”?' })
      .getByRole('button', { name: 'Remove from Group' })
      .click();
    await notification(page, 'Removed 55 members from “Everyone”.');
    await page.getByText('No members match these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect
      .poll(async () => (await membersShown(page)).sort())
      .toEqual([
        'beta0@acme.test',
        'beta1@acme.test',
        'beta2@acme.test',
        'beta3@acme.test',
        'beta4@acme.test',
      ]);
    await page.getByText('5 members · created').waitFor();
  });

  test('Send Reminders acts on the ticked members, and says what it does', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', groups: ['Pilots'] },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing', groups: ['Pilots'] },
    ]);
    await openGroup(page, 'Pilots');

    const remind = page.getByRole('button', { name: 'Send Reminders' });
    expect(await remind.isDisabled(), 'nothing ticked yet').toBe(true);
    await remind.hover();
    await page.getByRole('tooltip').filter({ hasText: 'Tick members to remind them' }).waitFor();

    await page.getByRole('checkbox', { name: 'Select Ada Lovelace' }).click();
    await page.getByText('1 selected', { exact: true }).waitFor();
    expect(await remind.isDisabled()).toBe(false);
    await remind.click();
    const dialog = page.getByRole('dialog', { name: 'Send reminders to 1 selected member of “Pilots”?' });
    await dialog.getByRole('button', { name: 'Send Reminders' }).click();
    await notification(page, 'No reminders were sent. Skipped: 1 with nothing pending.');
    await page.getByText('Tick members to act on several at once.').waitFor();
  });
});

describe('Reporting and exports', () => {
  test('Export CSV at the top right downloads the Assigned Users Report', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      {
        email: 'ada@acme.test',
        firstName: 'Ada',
        lastName: 'Lovelace',
        department: 'Engineering',
        groups: ['Pilots'],
      },
      {
        email: 'grace@acme.test',
        firstName: 'Grace',
        lastName: 'Hopper',
        department: 'Finance',
        groups: ['Pilots'],
      },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing' },
    ]);
    await openGroup(page, 'Pilots');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^Pilots-users-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync((await file.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('User Name,Email Address,Department,Last Login Date,Date Added to the Platform');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^Ada Lovelace,ada@acme\.test,Engineering,,\d{4}-\d{2}-\d{2}T/);
    expect(lines[2]).toMatch(/^Grace Hopper,grace@acme\.test,Finance,,\d{4}-\d{2}-\d{2}T/);
    expect(page.url(), 'the download did not navigate away').toMatch(/\/groups\/[0-9a-f-]{36}$/);
  });
});
