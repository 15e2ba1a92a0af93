/**
 * `npm run screenshots`: regenerates docs/screenshots/*.png of every main screen of the console, on a
 * throwaway embedded database filled by the demo seed. Builds the console first when it is stale.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createContainer } from '../../src/container.ts';
import { buildApp } from '../../src/http/app.ts';
import { seedDemo } from '../../src/modules/demo/demo.service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { launchChromium } from './chromium.ts';

const OUT = resolve('docs/screenshots');

async function main() {
  const build = spawnSync('node', ['scripts/build-web-if-needed.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the console failed');

  const dataDir = mkdtempSync(join(tmpdir(), 'heed-screens-'));
  const config = loadConfig({
    HEED_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    HEED_WEB_DIR: resolve('dist/web'),
  });
  const container = await createContainer(config);
  const demo = await seedDemo(container.services, container.database, container.clock);
  const app = await buildApp(container, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  mkdirSync(OUT, { recursive: true });
  try {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const shoot = async (name: string, on = page, idle: 'networkidle' | 'load' = 'networkidle') => {
      // 'load' for pages with a sandboxed srcdoc frame: one that has been redrawn never reports idle.
      await on.waitForLoadState(idle);
      // Pages are lazy chunks, then their data: wait until no loader is left, then for transitions.
      await on.waitForFunction(() => !document.querySelector('[aria-label="Loading"], .mantine-Loader-root'));
      await on.waitForTimeout(400);
      await on.screenshot({ path: join(OUT, `${name}.png`) });
      process.stdout.write(`docs/screenshots/${name}.png\n`);
    };

    await page.goto('/login');
    await page.getByLabel('Email').fill(demo.email);
    await shoot('sign-in');
    await page.getByRole('textbox', { name: 'Password' }).fill(demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/users');
    await shoot('users');

    await page.goto('/departments');
    await shoot('departments');

    await page.goto('/groups');
    await shoot('groups');

    await page.getByRole('link', { name: 'EMEA Offices' }).click();
    await page.waitForURL('**/groups/*');
    await shoot('group');

    await page.getByRole('button', { name: 'Assign Users' }).first().click();
    await page.getByRole('dialog').waitFor();
    await shoot('assign-users');
    await page.keyboard.press('Escape');

    await page.goto('/settings/api');
    await shoot('api-keys');

    await page.goto('/settings/admins');
    await shoot('admins');

    await page.goto('/settings/audit-log');
    await shoot('audit-log');

    // Phishing Simulation: the demo has a completed and an in-progress campaign, and Phished Users on.
    await page.goto('/phishing');
    await page.getByRole('heading', { name: 'Phishing overview' }).waitFor();
    await shoot('phishing-overview');

    await page.goto('/phishing/campaigns');
    await page.getByRole('link', { name: 'Q4 shared invoice' }).waitFor();
    await shoot('phishing-campaigns');

    await page.getByRole('link', { name: 'Q4 shared invoice' }).click();
    await page.waitForURL('**/phishing/campaigns/*');
    await page.getByRole('table', { name: 'Recipients' }).getByRole('row').nth(1).waitFor();
    await shoot('phishing-campaign');

    await page.goto('/phishing/settings');
    await page.getByRole('switch', { name: 'Add everyone who fails a simulation to a group' }).waitFor();
    await shoot('phished-users-settings');

    // The wizard's last step, for a new campaign to the EMEA offices (left unsaved: shot last, as
    // leaving it would ask first).
    await page.goto('/phishing/campaigns/new');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Q1 parcel delivery');
    await page.getByRole('combobox', { name: 'Templates' }).click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Landing page' }).click();
    await page.getByRole('option').first().click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('combobox', { name: 'Groups' }).click();
    await page.getByRole('option', { name: /EMEA Offices/ }).click();
    await page.keyboard.press('Escape');
    await page.getByText(/will receive it$/).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.frameLocator('iframe[title="Email preview"]').locator('body').waitFor();
    await shoot('phishing-campaign-wizard', page, 'load');

    // The invitation page, as the invitee sees it before choosing a password.
    const invited = await context.request.post('/api/v1/admins', {
      data: { email: `grace.hopper@${demo.email.split('@')[1]}`, name: 'Grace Hopper', role: 'admin' },
    });
    const link = new URL((await invited.json()).invitationUrl);
    const invitee = await (
      await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } })
    ).newPage();
    await invitee.goto(`${link.pathname}${link.search}`);
    await invitee.getByRole('button', { name: 'Accept invitation' }).waitFor();
    await shoot('invite', invitee);
  } finally {
    await browser.close();
    await app.close();
    await container.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
