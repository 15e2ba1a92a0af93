/**
 * The Users and Departments pages in a real browser: import a CSV through its preview, add and edit
 * users, disable them (one, several, never the owner), search, filter, sort, page, and manage departments.
 */
import { readFileSync } from 'node:fs';
import type { FileChooser } from 'playwright-core';
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
}

/** Fills the organization through the bulk API, as an HR script would. */
async function seed(page: Page, users: Person[]) {
  const response = await page.request.post('/api/v1/users/bulk', { data: { users } });
  expect(response.status(), await response.text()).toBe(200);
}

/** Waits, like a person watching the screen, for what the page shows to match (as long as a locator would). */
const until = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

/** The emails in the users table, top to bottom. */
async function emailsShown(page: Page) {
  const rows = await page.getByRole('row').allInnerTexts();
  return rows.flatMap((text) => text.match(/[\w.+-]+@[\w-]+\.test/) ?? []);
}

/**
 * Clicks the button that opens the file chooser and picks a file in it. Playwright asks the browser
 * to intercept file choosers when the first listener is added, without waiting for the answer: on a
 * busy machine the click could arrive first, open an unseen native chooser instead, and the event
 * never came (seen once in CI). A round trip to the page after adding the listener lets the request
 * arrive before the click.
 */
async function clickAndChoose(
  page: Page,
  button: ReturnType<Page['getByRole']>,
  file: Parameters<FileChooser['setFiles']>[0],
) {
  const chooser = page.waitForEvent('filechooser');
  await page.evaluate(() => undefined);
  await button.click();
  await (await chooser).setFiles(file);
}

async function chooseFile(page: Page, dialog: ReturnType<Page['getByRole']>, name: string, content: string) {
  await clickAndChoose(page, dialog.getByRole('button', { name: /Choose (another )?file/ }), {
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(content),
  });
}

describe('Import CSV', () => {
  test('the preview reports every row without saving; Import saves the good rows and the users appear', async () => {
    const { page } = await harness.signedInOwner();
    await page.goto('/users');
    await page.getByText('No users yet').waitFor();

    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import users from a CSV file' });
    await chooseFile(
      page,
      dialog,
      'people.csv',
      [
        'Email,First Name,Last Name,Department,Language,Location,Groups',
        'ada@acme.test,Ada,Lovelace,Engineering,en,London,Managers',
        'not-an-email,Bad,Address,,,,',
        ',No,Email,,,,',
        'grace@acme.test,Grace,Hopper,Finance,en,New York,',
      ].join('\n'),
    );

    const preview = dialog.getByRole('region', { name: 'Import preview' });
    await preview.getByLabel('Will be created: 2').waitFor();
    await preview.getByLabel('With errors: 2').waitFor();
    await preview.getByRole('row', { name: /^3 not-an-email Must be a valid email address/ }).waitFor();
    await preview.getByRole('row', { name: /^4 \(none\) Email is required/ }).waitFor();
    // A dry run: nothing is saved yet.
    const before = await (await page.request.get('/api/v1/users')).json();
    expect(before.data).toEqual([]);

    await dialog.getByRole('button', { name: 'Import 2 users' }).click();
    const report = dialog.getByRole('region', { name: 'Import report' });
    await report.getByLabel('Created: 2').waitFor();
    await report.getByLabel('Failed: 2').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    await rowOf(page, 'ada@acme.test').getByText('Engineering').waitFor();
    await rowOf(page, 'grace@acme.test').getByText('Finance').waitFor();
    expect(await emailsShown(page)).toEqual(['ada@acme.test', 'grace@acme.test']);
  });

  test('"assign everyone to group" puts every imported user in that group', async () => {
    const { page } = await harness.signedInOwner();
    await page.goto('/users');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import users from a CSV file' });
    await dialog.getByLabel('Assign everyone to group').fill('Spring hires');
    await chooseFile(page, dialog, 'hires.csv', 'Email,First Name\nada@acme.test,Ada\nalan@acme.test,Alan\n');
    await dialog.getByText('Will also add: 1 new group, 2 group memberships.').waitFor();
    await dialog.getByRole('button', { name: 'Import 2 users' }).click();
    await dialog.getByRole('region', { name: 'Import report' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('combobox', { name: 'Group' }).click();
    await page.getByRole('option', { name: 'Spring hires' }).click();
    await until(() => emailsShown(page)).toEqual(['ada@acme.test', 'alan@acme.test']);
  });

  test('a file without an Email column, or not a CSV at all, gets a readable message', async () => {
    const { page } = await harness.signedInOwner();
    await page.goto('/users');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import users from a CSV file' });

    await chooseFile(page, dialog, 'names.csv', 'Name,Mail\nAda,ada@acme.test\n');
    await dialog.getByRole('alert').filter({ hasText: 'The CSV has no Email column.' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    await clickAndChoose(page, dialog.getByRole('button', { name: 'Choose another file' }), {
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('x'),
    });
    await dialog.getByRole('alert').filter({ hasText: '“photo.png” is not a CSV file.' }).waitFor();
  });

  test('the template downloads with the expected header and an example row', async () => {
    const { page } = await harness.signedInOwner();
    await page.goto('/users');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download template' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('heed-users-template.csv');
    const lines = readFileSync((await file.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('Email,First Name,Last Name,Department,Language,Location,Groups');
    expect(lines).toHaveLength(2);
  });
});

describe('Add and edit users', () => {
  test('an admin adds a user, is told inline when the email is taken, and edits the user', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [{ email: 'grace@acme.test', firstName: 'Grace', department: 'Finance' }]);
    await page.goto('/users');
    await rowOf(page, 'grace@acme.test').waitFor();

    await page.getByRole('button', { name: 'Add User' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add User' });
    await dialog.getByLabel('Email').fill('ada@acme.test');
    await dialog.getByLabel('First name').fill('Ada');
    await dialog.getByLabel('Last name').fill('Lovelace');
    await dialog.getByLabel('Department').click();
    await page.getByRole('option', { name: 'Finance' }).click();
    await dialog.getByLabel('Location').fill('London');
    await dialog.getByRole('button', { name: 'Add User' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, 'ada@acme.test').getByText('Ada Lovelace').waitFor();
    await rowOf(page, 'ada@acme.test').getByText('Finance').waitFor();

    await page.getByRole('button', { name: 'Add User' }).click();
    dialog = page.getByRole('dialog', { name: 'Add User' });
    await dialog.getByLabel('Email').fill('GRACE@acme.test');
    await dialog.getByRole('button', { name: 'Add User' }).click();
    await dialog.getByText('A user with this email already exists in the organization.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Edit Ada Lovelace' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit Ada Lovelace' });
    expect(await dialog.getByLabel('Location').inputValue()).toBe('London');
    await dialog.getByLabel('Last name').fill('King');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, 'ada@acme.test').getByText('Ada King').waitFor();
  });
});

describe('Dialogs in the address', () => {
  test('Add User, Edit and Import CSV reopen after a refresh and from a copied link, without history entries', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', department: 'Engineering' },
      ...Array.from({ length: 55 }, (_, i) => ({
        email: `user${String(i).padStart(2, '0')}@acme.test`,
        firstName: 'User',
        lastName: String(i).padStart(2, '0'),
      })),
    ]);
    await page.goto('/users');
    await rowOf(page, 'ada@acme.test').waitFor();
    const historyLength = await page.evaluate(() => history.length);

    await page.getByRole('button', { name: 'Add User' }).click();
    expect(new URL(page.url()).searchParams.get('dialog')).toBe('add');
    await page.reload();
    const add = page.getByRole('dialog', { name: 'Add User' });
    await add.getByLabel('Email').waitFor();
    await add.getByRole('button', { name: 'Cancel' }).click();
    await add.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).searchParams.has('dialog')).toBe(false);

    await page.getByRole('button', { name: 'Edit Ada Lovelace' }).click();
    await page.reload();
    const edit = page.getByRole('dialog', { name: 'Edit Ada Lovelace' });
    expect(await edit.getByLabel('Email').inputValue()).toBe('ada@acme.test');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.reload();
    const importing = page.getByRole('dialog', { name: 'Import users from a CSV file' });
    await importing.getByRole('button', { name: 'Choose file' }).waitFor();
    await importing.getByRole('button', { name: 'Cancel' }).click();
    await importing.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => history.length)).toBe(historyLength);

    // A link to edit a user who is not on the first page: the user is looked up.
    const users = (await (await page.request.get('/api/v1/users?search=user54')).json()).data;
    const copy = await page.context().newPage();
    await copy.goto(`/users?dialog=edit&user=${users[0].id}`);
    const far = copy.getByRole('dialog', { name: 'Edit User 54' });
    expect(await far.getByLabel('Email').inputValue()).toBe('user54@acme.test');
    await far.getByLabel('Last name').fill('Fifty-four');
    await far.getByRole('button', { name: 'Save changes' }).click();
    await far.waitFor({ state: 'hidden' });
    await copy.goto('/users?search=user54');
    await rowOf(copy, 'user54@acme.test').getByText('User Fifty-four').waitFor();

    // A link to a user who does not exist says so.
    await copy.goto('/users?dialog=edit&user=3b241101-e2bb-4255-8caf-4136c566a962');
    await copy
      .getByRole('dialog', { name: 'Edit user' })
      .getByText('There is no such user any more')
      .waitFor();
  });
});

describe('Disable and enable', () => {
  test('an admin disables one user from the table, then enables the account again', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace' },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing' },
    ]);
    await page.goto('/users');

    await page.getByRole('button', { name: 'Disable Ada Lovelace' }).click();
    const confirm = page.getByRole('dialog', { name: "Disable Ada Lovelace's account?" });
    await confirm.getByRole('button', { name: 'Disable' }).click();
    const disabled = rowOf(page, 'ada@acme.test').getByText('Disabled');
    await disabled.waitFor();
    expect(await isShownWhole(disabled), 'the Disabled badge is not cut short').toBe(true);
    expect(await rowOf(page, 'alan@acme.test').getByText('Active').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Enable Ada Lovelace' }).click();
    await rowOf(page, 'ada@acme.test').getByText('Active').waitFor();
  });

  test('disabling the selected users reports the counts, and the owner is never disabled', async () => {
    const { page, email: ownerEmail } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace' },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing' },
      { email: 'grace@acme.test', firstName: 'Grace', lastName: 'Hopper' },
      { email: ownerEmail, firstName: 'Olive', lastName: 'Owner' },
    ]);
    await page.goto('/users');

    for (const name of ['Ada Lovelace', 'Grace Hopper', 'Olive Owner']) {
      const box = page.getByRole('checkbox', { name: `Select ${name}` });
      await box.click();
      await until(() => box.isChecked()).toBe(true);
    }
    await page.getByText('3 selected').waitFor();
    // The selection is in the address, so a refresh keeps it.
    await page.reload();
    await page.getByText('3 selected').waitFor();

    await page.getByRole('button', { name: 'Disable Account' }).click();
    await page
      .getByRole('dialog', { name: 'Disable 3 accounts?' })
      .getByRole('button', { name: 'Disable 3 accounts' })
      .click();
    await page
      .getByText(
        "Disabled 2 accounts. 1 account was left active: the organization's owner can never be disabled.",
      )
      .waitFor();
    await rowOf(page, 'ada@acme.test').getByText('Disabled').waitFor();
    await rowOf(page, 'grace@acme.test').getByText('Disabled').waitFor();
    expect(await rowOf(page, ownerEmail).getByText('Active').isVisible()).toBe(true);
    expect(await rowOf(page, 'alan@acme.test').getByText('Active').isVisible()).toBe(true);
  });
});

describe('Search, filters, sorting and pages', () => {
  test('search and filters narrow the table, live in the address, and survive a refresh', async () => {
    const { page } = await harness.signedInOwner();
    await seed(page, [
      { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', department: 'Engineering' },
      { email: 'alan@acme.test', firstName: 'Alan', lastName: 'Turing', department: 'Engineering' },
      { email: 'grace@acme.test', firstName: 'Grace', lastName: 'Hopper', department: 'Finance' },
    ]);
    await page.goto('/users');
    await until(() => emailsShown(page)).toEqual(['ada@acme.test', 'alan@acme.test', 'grace@acme.test']);

    await page.getByLabel('Search users').fill('hopper');
    await until(() => emailsShown(page)).toEqual(['grace@acme.test']);
    expect(new URL(page.url()).searchParams.get('search')).toBe('hopper');
    await page.reload();
    await until(() => emailsShown(page)).toEqual(['grace@acme.test']);
    expect(await page.getByLabel('Search users').inputValue()).toBe('hopper');
    await page.getByRole('button', { name: 'Clear search' }).click();
    await until(() => emailsShown(page)).toHaveLength(3);

    await page.getByRole('combobox', { name: 'Department' }).click();
    await page.getByRole('option', { name: 'Engineering' }).click();
    await until(() => emailsShown(page)).toEqual(['ada@acme.test', 'alan@acme.test']);

    await page.getByRole('button', { name: 'Disable Alan Turing' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await rowOf(page, 'alan@acme.test').getByText('Disabled').waitFor();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Active' }).click();
    await until(() => emailsShown(page)).toEqual(['ada@acme.test']);

    await page.getByLabel('Search users').fill('nobody');
    await page.getByText('No users match these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await until(() => emailsShown(page)).toHaveLength(3);
  });

  test('columns sort on the server, and pages move with Next and Previous', async () => {
    const { page } = await harness.signedInOwner();
    const people = Array.from({ length: 55 }, (_, i) => ({
      email: `user${String(i).padStart(2, '0')}@acme.test`,
      firstName: 'User',
      lastName: String(i).padStart(2, '0'),
    }));
    await seed(page, people);
    await page.goto('/users');
    await until(async () => (await emailsShown(page)).length).toBe(50);
    expect((await emailsShown(page))[0]).toBe('user00@acme.test');

    await page.getByRole('button', { name: 'Next' }).click();
    await until(() => emailsShown(page)).toEqual(people.slice(50).map((p) => p.email));
    await page.getByText('Page 2 · users 51–55').waitFor();
    await page.reload();
    await until(() => emailsShown(page)).toEqual(people.slice(50).map((p) => p.email));
    await page.getByRole('button', { name: 'Previous' }).click();
    await until(async () => (await emailsShown(page))[0]).toBe('user00@acme.test');

    // Email, descending: click the header twice.
    const emailHeader = page.getByRole('button', { name: /^Email/ });
    await emailHeader.click();
    await emailHeader.getByRole('img', { name: 'Sorted ascending' }).waitFor();
    await emailHeader.click();
    await emailHeader.getByRole('img', { name: 'Sorted descending' }).waitFor();
    await until(async () => (await emailsShown(page))[0]).toBe('user54@acme.test');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-email');
  });
});

describe('Departments', () => {
  test('New Department and Rename reopen after a refresh', async () => {
    const { page } = await harness.signedInOwner();
    await page.request.post('/api/v1/departments', { data: { name: 'Legal' } });
    await page.goto('/departments');
    await page.getByRole('button', { name: 'Rename Legal' }).click();
    await page.reload();
    const rename = page.getByRole('dialog', { name: 'Rename “Legal”' });
    expect(await rename.getByLabel('Department name').inputValue()).toBe('Legal');
    await rename.getByRole('button', { name: 'Cancel' }).click();
    await rename.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).searchParams.has('dialog')).toBe(false);

    await page.getByRole('button', { name: 'New Department' }).click();
    await page.reload();
    await page.getByRole('dialog', { name: 'New Department' }).getByLabel('Department name').waitFor();
  });

  test('an admin creates, renames and deletes departments; duplicates and the users left behind are spelled out', async () => {
    const { page } = await harness.signedInOwner();
    await page.goto('/departments');
    await page.getByText('No departments yet').waitFor();

    await page.getByRole('button', { name: 'New Department' }).click();
    let dialog = page.getByRole('dialog', { name: 'New Department' });
    await dialog.getByLabel('Department name').fill('Finance');
    await dialog.getByRole('button', { name: 'Create Department' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, 'Finance').waitFor();

    await page.getByRole('button', { name: 'New Department' }).click();
    dialog = page.getByRole('dialog', { name: 'New Department' });
    await dialog.getByLabel('Department name').fill('finance');
    await dialog.getByRole('button', { name: 'Create Department' }).click();
    await dialog.getByText('A department with this name already exists.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await seed(page, [
      { email: 'ada@acme.test', department: 'Finance' },
      { email: 'grace@acme.test', department: 'Finance' },
    ]);
    await page.reload();
    await page.getByRole('link', { name: '2 users in Finance' }).waitFor();

    await page.getByRole('button', { name: 'Rename Finance' }).click();
    dialog = page.getByRole('dialog', { name: 'Rename “Finance”' });
    await dialog.getByLabel('Department name').fill('Finance & Legal');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, 'Finance & Legal').waitFor();

    await page.getByRole('button', { name: 'Delete Finance & Legal' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Finance & Legal”?' });
    await confirm.getByText('2 users will be left without a department.').waitFor();
    await confirm.getByRole('button', { name: 'Delete Department' }).click();
    await page.getByText('No departments yet').waitFor();

    // The users stay, without a department.
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await rowOf(page, 'ada@acme.test').waitFor();
    const row = await rowOf(page, 'ada@acme.test').textContent();
    expect(row).toContain('—');
    expect(row).not.toContain('Finance');
  });
});
