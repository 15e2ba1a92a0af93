/**
 * Account Settings in a real browser: API keys (created, copied, used and revoked), admins (invited,
 * accepting in another browser, disabled) and the audit log that records all of it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_PASSWORD } from '../helpers/factories.ts';
import { type ConsoleHarness, type Page, startConsole } from './browser.ts';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsole();
});
afterAll(async () => {
  await h?.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API & Integrations', () => {
  test('create an API key, copy it from the one-time dialog, use it with the API, then revoke it', async () => {
    const { page, context } = await h.signedInOwner('Acme');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/users');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'API & Integrations' })
      .click();
    await page.waitForURL('**/settings/api');
    await page.getByText('No API keys yet').waitFor();
    const docs = page.getByRole('link', { name: 'API documentation' });
    expect(await docs.getAttribute('href')).toBe('/api/docs');
    expect(await page.getByText('--data-binary @people.csv').textContent()).toContain(
      `${h.baseUrl}/api/v1/users/bulk`,
    );

    await page.getByRole('button', { name: 'Create API key' }).click();
    await page
      .getByRole('dialog', { name: 'Create API key' })
      .getByRole('textbox', { name: 'Name' })
      .fill('HR sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    await shown.getByText('This is the only time the key is shown').waitFor();
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await shown.getByRole('textbox', { name: 'API key “HR sync”' }).inputValue());
    expect(copied).toMatch(/^heed_[0-9a-f]{8}_/);
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });

    const me = await fetch(`${h.baseUrl}/api/v1/auth/me`, { headers: bearer(copied) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      type: 'api_key',
      organization: { name: 'Acme' },
      apiKey: { name: 'HR sync' },
    });
    const upload = await fetch(`${h.baseUrl}/api/v1/users/bulk`, {
      method: 'POST',
      headers: { ...bearer(copied), 'content-type': 'text/csv' },
      body: 'Email,First Name,Last Name\nada@acme.test,Ada,Lovelace\n',
    });
    expect(await upload.json()).toMatchObject({ created: 1, failed: 0 });

    await page.reload();
    const row = page.getByRole('row', { name: /HR sync/ });
    await row.getByText('Active').waitFor();
    expect(await row.textContent(), 'the key was used, so it has a last-used date').not.toContain('Never');

    await page.getByRole('button', { name: 'Revoke HR sync' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke the API key “HR sync”?' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await row.getByText('Revoked').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke HR sync' }).count()).toBe(0);
    expect((await fetch(`${h.baseUrl}/api/v1/auth/me`, { headers: bearer(copied) })).status).toBe(401);
  });

  test('the secret is shown only once: closing the dialog forgets it, and a blank name cannot be submitted', async () => {
    const { page } = await h.signedInOwner('Acme');
    await page.goto('/settings/api');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByRole('textbox', { name: 'Name' }).fill('   ');
    expect(await form.getByRole('button', { name: 'Create key' }).isDisabled()).toBe(true);
    await form.getByRole('textbox', { name: 'Name' }).fill('CI');
    await form.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    await shown.waitFor();
    await page.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Create API key' }).click();
    expect(await form.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('');
    expect(await page.getByText(/heed_[0-9a-f]{8}_\S{20,}/).count()).toBe(0);
    await page.getByRole('row', { name: /CI/ }).getByText('Active').waitFor();
  });
});

describe('Admins', () => {
  test('invite an admin, who accepts in another browser and is signed in; the owner then sees them active', async () => {
    const { page } = await h.signedInOwner('Acme');
    await page.goto('/settings/admins');
    await page.getByRole('button', { name: 'Invite admin' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite admin' });
    await invite.getByRole('textbox', { name: 'Email' }).fill('grace@acme.test');
    await invite.getByRole('textbox', { name: 'Name' }).fill('Grace');
    await invite.getByRole('button', { name: 'Send invitation' }).click();

    const created = page.getByRole('dialog', { name: 'Invitation created' });
    const link = await created.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(link).toMatch(/\/invite\?token=/);
    await created.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /grace@acme\.test/ });
    await row.getByText('Invitation pending').waitFor();

    // Inviting the same email again is refused with the server's message under the field.
    await page.getByRole('button', { name: 'Invite admin' }).click();
    await invite.getByRole('textbox', { name: 'Email' }).fill('grace@acme.test');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByText('An admin with this email already exists.').waitFor();
    await invite.getByRole('button', { name: 'Cancel' }).click();

    const invitee = await (await h.newContext()).newPage();
    const url = new URL(link);
    await invitee.goto(`${url.pathname}${url.search}`);
    // Before choosing a password, the page says who invites whom, as what.
    await invitee.getByRole('heading', { name: 'Join Acme' }).waitFor();
    await invitee.getByText('You are invited to join Acme on Heed as grace@acme.test (admin)').waitFor();
    const name = invitee.getByRole('textbox', { name: 'Your name' });
    expect(await name.inputValue(), 'the name the inviting admin gave').toBe('Grace');
    await name.fill('Grace Hopper');
    await invitee.getByRole('textbox', { name: /^Password/ }).fill(TEST_PASSWORD);
    await invitee.getByRole('textbox', { name: 'Confirm password' }).fill(`${TEST_PASSWORD}!`);
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByText('The two passwords are not the same.').waitFor();
    await invitee.getByRole('textbox', { name: 'Confirm password' }).fill(TEST_PASSWORD);
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.waitForURL('**/users');
    await invitee.getByRole('banner').getByText('grace@acme.test').waitFor();

    // The link worked once: opened again, it says so, names nobody, and offers no form.
    const again = await (await h.newContext()).newPage();
    await again.goto(`${url.pathname}${url.search}`);
    const dead = again.getByRole('alert').filter({ hasText: 'This link no longer works' });
    await dead.getByText('This invitation link is invalid or has already been used.').waitFor();
    expect(await again.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
    expect(await again.locator('body').textContent()).not.toContain('grace@acme.test');
    await again.getByRole('link', { name: 'sign in' }).waitFor();

    await page.reload();
    await row.getByText('Active').waitFor();
    expect(await row.textContent()).toContain('Grace Hopper');
  });

  test('disable an admin: they are signed out at once; the owner has no disable action', async () => {
    const { page, email: ownerEmail } = await h.signedInOwner('Acme');
    const invitation = await page.context().request.post('/api/v1/admins', {
      data: { email: 'alan@acme.test', name: 'Alan', role: 'admin' },
    });
    const { invitationUrl } = await invitation.json();
    const alan = await (await h.newContext()).newPage();
    const token = new URL(invitationUrl).searchParams.get('token');
    const accepted = await alan.context().request.post('/api/v1/auth/accept-invitation', {
      data: { token, password: TEST_PASSWORD },
    });
    expect(accepted.status()).toBe(200);
    await alan.goto('/groups');
    await alan.getByRole('banner').getByText('alan@acme.test').waitFor();

    await page.goto('/settings/admins');
    await page.getByRole('button', { name: `Actions for ${ownerEmail}` }).click();
    await page.getByText('The owner can never be disabled.').waitFor();
    expect(await page.getByRole('menuitem', { name: 'Disable admin' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Actions for alan@acme.test' }).click();
    await page.getByRole('menuitem', { name: 'Disable admin' }).click();
    await page
      .getByRole('dialog', { name: 'Disable Alan?' })
      .getByRole('button', { name: 'Disable admin' })
      .click();
    await page
      .getByRole('row', { name: /alan@acme\.test/ })
      .getByText('Disabled')
      .waitFor();

    // Signed out at once: the next request of Alan's console is refused and sends him to sign in. That
    // request may be a background refresh of the groups page (next=/groups) or the click (next=/departments).
    await alan.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Departments' }).click();
    await alan.waitForURL(/\/login\?next=%2F(departments|groups)$/);
  });
});

describe('Admins: invitations and ownership', () => {
  async function invite(page: Page, email: string, name: string) {
    const response = await page
      .context()
      .request.post('/api/v1/admins', { data: { email, name, role: 'admin' } });
    expect(response.status()).toBe(201);
    return (await response.json()).invitationUrl as string;
  }
  const tokenOf = (url: string) => new URL(url).searchParams.get('token');

  test('re-send a pending invitation: a new link replaces the old one; revoke it: the row goes', async () => {
    const { page } = await h.signedInOwner('Acme');
    const first = await invite(page, 'kay@acme.test', 'Kay');
    await page.goto('/settings/admins');

    await page.getByRole('button', { name: 'Actions for kay@acme.test' }).click();
    await page.getByRole('menuitem', { name: 'Re-send invitation' }).click();
    await page
      .getByRole('dialog', { name: 'Create a new invitation link for kay@acme.test?' })
      .getByRole('button', { name: 'Create new link' })
      .click();
    const shown = page.getByRole('dialog', { name: 'New invitation link' });
    await shown.getByText('The link sent before no longer works.').waitFor();
    const second = await shown.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    await shown.getByRole('button', { name: 'Done' }).click();

    const old = await (await h.newContext()).newPage();
    await old.goto(`/invite?token=${tokenOf(first)}`);
    await old.getByText('This link no longer works').waitFor();
    expect(await old.getByRole('textbox', { name: /^Password/ }).count()).toBe(0);
    const current = await (await h.newContext()).newPage();
    await current.goto(`/invite?token=${tokenOf(second)}`);
    await current.getByText('You are invited to join Acme on Heed as kay@acme.test (admin)').waitFor();

    await page.getByRole('button', { name: 'Actions for kay@acme.test' }).click();
    await page.getByRole('menuitem', { name: 'Revoke invitation' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke the invitation for kay@acme.test?' })
      .getByRole('button', { name: 'Revoke invitation' })
      .click();
    await page.getByRole('row', { name: /kay@acme\.test/ }).waitFor({ state: 'detached' });
    await current.reload();
    await current.getByText('This invitation link is invalid or has already been used.').waitFor();
    const late = await page.context().request.post('/api/v1/auth/accept-invitation', {
      data: { token: tokenOf(second), password: TEST_PASSWORD },
    });
    expect(late.status()).toBe(401);
  });

  test('an expired link says it has expired and to ask for a new one, without naming the organization', async () => {
    const { page } = await h.signedInOwner('Acme');
    const link = await invite(page, 'max@acme.test', 'Max');
    h.clock.advance(7 * 24 * 3600_000 + 60_000);
    const invitee = await (await h.newContext()).newPage();
    await invitee.goto(`/invite?token=${tokenOf(link)}`);
    await invitee
      .getByRole('alert')
      .getByText('This invitation link has expired. Ask an admin of your organization to send a new one.')
      .waitFor();
    expect(await invitee.locator('body').textContent()).not.toContain('max@acme.test');
    expect(await invitee.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
  });

  test('the owner makes another admin the owner, after confirming, and becomes an admin', async () => {
    const { page, email: ownerEmail } = await h.signedInOwner('Acme');
    const link = await invite(page, 'lin@acme.test', 'Lin');
    const accepted = await (await h.newContext()).request.post('/api/v1/auth/accept-invitation', {
      data: { token: tokenOf(link), password: TEST_PASSWORD },
    });
    expect(accepted.status()).toBe(200);
    await page.goto('/settings/admins');

    await page.getByRole('button', { name: 'Actions for lin@acme.test' }).click();
    await page.getByRole('menuitem', { name: 'Make owner' }).click();
    await page
      .getByRole('dialog', { name: 'Make Lin the owner?' })
      .getByRole('button', { name: 'Transfer ownership' })
      .click();
    await page.getByText('lin@acme.test is now the owner.').waitFor();

    await page
      .getByRole('row', { name: /lin@acme\.test/ })
      .getByText('Owner')
      .waitFor();
    await page
      .getByRole('row', { name: new RegExp(ownerEmail.replace(/[.]/g, '\\.')) })
      .getByText('Admin', { exact: true })
      .waitFor();
    // No longer the owner: no role changes on offer, and the new owner cannot be disabled.
    await page.getByRole('button', { name: 'Actions for lin@acme.test' }).click();
    await page.getByRole('menuitem', { name: 'Edit name' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Make owner' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: 'Disable admin' }).count()).toBe(0);
  });
});

describe('Audit log', () => {
  test('shows who did what, filters by action in the URL, and says when nothing matches', async () => {
    const { page, email } = await h.signedInOwner('Acme');
    await page.context().request.post('/api/v1/api-keys', { data: { name: 'Payroll' } });
    await page.context().request.post('/api/v1/admins', { data: { email: 'ida@acme.test', role: 'admin' } });

    await page.goto('/settings/audit-log');
    const invited = page.getByRole('row', { name: /Admin invited/ });
    await invited.waitFor();
    expect(await invited.textContent()).toContain(email);
    expect(await invited.textContent()).toContain('ida@acme.test');
    const keyRow = page.getByRole('row', { name: /API key created/ });
    expect(await keyRow.textContent()).toContain('Payroll');

    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'API key created' }).click();
    await page.waitForURL('**/settings/audit-log?action=api_key.created');
    await page.getByRole('row', { name: /Admin invited/ }).waitFor({ state: 'detached' });
    await keyRow.waitFor();

    await page.reload();
    expect(await page.getByRole('combobox', { name: 'Action' }).inputValue()).toBe('API key created');
    await keyRow.waitFor();

    // A change of settings shows what they were before in words, not as JSON.
    await page.context().request.put('/api/v1/phishing/settings/phished-users', {
      data: {
        enabled: true,
        groupName: 'Phished Users',
        removeAfter: '3m',
        remediationCourseIds: [],
        remediationDueDays: 14,
      },
    });
    await page.goto('/settings/audit-log?action=phishing.phished_users_settings_updated');
    const settingsRow = page.getByRole('row', { name: /Phished Users settings changed/ });
    await settingsRow.waitFor();
    const settingsDetails = await settingsRow.getByRole('cell').last().textContent();
    expect(settingsDetails).toContain('enabled: yes');
    expect(settingsDetails).toContain('before: enabled no, remove after never');
    expect(settingsDetails).not.toContain('{');

    await page.goto('/settings/audit-log?from=2020-01-01&to=2020-01-31');
    await page.getByText('No entries match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('row', { name: /Admin invited/ }).waitFor();
  });
});
