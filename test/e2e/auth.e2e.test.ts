/**
 * First run, sign in / sign out and session expiry, in a real browser. This file has a database of its
 * own, and the setup test runs first, while the instance has no organization yet.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_PASSWORD, uniqueSuffix } from '../helpers/factories.ts';
import { type ConsoleHarness, startConsole } from './browser.ts';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsole();
});
afterAll(async () => {
  await h?.close();
});

async function createOwner(name: string) {
  const email = `owner-${uniqueSuffix()}@${name.toLowerCase()}.test`;
  await h.container.services.organizations.createWithOwner({
    organizationName: name,
    ownerEmail: email,
    ownerPassword: TEST_PASSWORD,
  });
  return email;
}

describe('first run', () => {
  test('the one-time setup link creates the organization and its owner, who lands signed in; the link then stops working', async () => {
    const token = await h.container.services.auth.issueSetupTokenIfEmpty();
    expect(token, 'the instance must have no organization yet').toBeTruthy();
    const context = await h.newContext();
    const page = await context.newPage();

    await page.goto(`/setup?token=${token}`);
    await page.getByRole('heading', { name: 'Welcome to Heed' }).waitFor();
    await page.getByRole('textbox', { name: 'Organization name' }).fill('Initech');
    await page.getByRole('textbox', { name: 'Your email' }).fill('peter@initech.test');
    await page.getByRole('textbox', { name: /^Password/ }).fill('short');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('Password must be at least 12 characters').waitFor();

    await page.getByRole('textbox', { name: /^Password/ }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL('**/users');
    await page.getByRole('banner').getByText('Initech', { exact: true }).waitFor();
    await page.getByRole('banner').getByText('peter@initech.test').waitFor();

    const again = await (await h.newContext()).newPage();
    await again.goto(`/setup?token=${token}`);
    await again.getByRole('textbox', { name: 'Organization name' }).fill('Initrode');
    await again.getByRole('textbox', { name: 'Your email' }).fill('bill@initrode.test');
    await again.getByRole('textbox', { name: /^Password/ }).fill(TEST_PASSWORD);
    await again.getByRole('button', { name: 'Create organization' }).click();
    await expect
      .poll(() => again.getByRole('alert').textContent())
      .toContain('This setup link is invalid or has already been used.');
    await context.close();
  });

  test('the setup page opened without its link explains where the link comes from', async () => {
    const page = await (await h.newContext()).newPage();
    await page.goto('/setup');
    await page.getByText('one-time setup link that the server printed').waitFor();
    expect(await page.getByRole('button', { name: 'Create organization' }).count()).toBe(0);
  });
});

describe('signing in and out', () => {
  test('a visitor is sent to sign in, a wrong password is refused in plain words, and signing in opens the page asked for', async () => {
    const email = await createOwner('Globex');
    const page = await (await h.newContext()).newPage();

    await page.goto('/departments');
    await page.waitForURL('**/login?next=%2Fdepartments');
    // The page's own first query (started with the session check) was refused too: that is no expired
    // session, and nothing says so.
    await page.waitForLoadState('networkidle');
    expect(await page.getByText('Your session has expired').count()).toBe(0);
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('textbox', { name: /^Password/ }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The email or password is incorrect.');

    await page.getByRole('textbox', { name: /^Password/ }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/departments');
    await page.getByRole('banner').getByText(email).waitFor();
  });

  test('signing out ends the session: the console is closed until you sign in again', async () => {
    const email = await createOwner('Hooli');
    const page = await (await h.newContext()).newPage();
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('textbox', { name: /^Password/ }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/users');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.goto('/settings/api');
    await page.waitForURL('**/login?next=%2Fsettings%2Fapi');
    expect((await page.context().request.get('/api/v1/auth/me')).status()).toBe(401);
  });
});

describe('the menu in a narrow window', () => {
  test('below 1200 pixels it folds behind a button, opens over the page, and folds again once a page is chosen', async () => {
    const { page, context } = await h.signedInOwner('Narrowco');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto('/users');
    await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();

    const groupsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' });
    // Folded away means moved off the left edge (the menu slides), so ask where it is.
    const menuShown = async () => {
      const box = await groupsLink.boundingBox();
      return box !== null && box.x + box.width > 0;
    };
    expect(await menuShown(), 'folded away at first').toBe(false);
    const usersTable = page.getByRole('table', { name: 'Users' });
    expect(await usersTable.evaluate((table) => table.getBoundingClientRect().left)).toBeLessThan(100);

    await page.getByRole('button', { name: 'Open the menu' }).click();
    await expect.poll(menuShown).toBe(true);
    await groupsLink.click();
    await page.waitForURL('**/groups');
    await expect.poll(menuShown).toBe(false);
    await page.getByRole('button', { name: 'Open the menu' }).waitFor();
    await context.close();
  });
});

describe('session expiry', () => {
  test('after 12 hours the next action sends you to sign in, and signing in brings you back to where you were', async () => {
    const { page, email } = await h.signedInOwner('Umbrella');
    await page.goto('/settings/api?from=expiry');
    await page.getByRole('heading', { name: 'API & Integrations' }).waitFor();

    h.clock.advance(12 * 3600_000 + 60_000);
    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill('After lunch');
    await page.getByRole('button', { name: 'Create key' }).click();

    await page.waitForURL('**/login?next=%2Fsettings%2Fapi%3Ffrom%3Dexpiry');
    // Said by the sign-out notice and, when it rendered before the redirect, by the failed action's alert.
    await page.getByText('Your session has expired. Sign in again.').first().waitFor();
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('textbox', { name: /^Password/ }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/settings/api?from=expiry');
    await page.getByRole('heading', { name: 'API & Integrations' }).waitFor();
    // The action that met the expired session was not carried out.
    await page.getByText('No API keys yet').waitFor();
  });
});
