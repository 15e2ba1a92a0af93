/**
 * End-to-end harness: the real app listening on a free port over a fresh database copy, and Debian's
 * Chromium driven by playwright-core (never a downloaded browser).
 */

import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { createContainer } from '../../src/container.ts';
import { buildApp } from '../../src/http/app.ts';
import { buildTrackingApp } from '../../src/modules/phishing/tracking/tracking.server.ts';
import { createManualClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { TEST_PASSWORD, uniqueSuffix } from '../helpers/factories.ts';
import { freePort } from '../helpers/net.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';
import { createTestDatabase } from '../helpers/test-app.ts';
import { launchChromium } from './chromium.ts';
import { watchContext } from './diagnostics.ts';

export { CHROMIUM_ARGS, launchChromium } from './chromium.ts';

/**
 * `smtpUrl`: deliver email there (e.g. test/helpers/smtp-sink.ts), with the server's own address as its
 * public URL so that emailed links open in the browser under test.
 */
export async function startConsole(options: { smtpUrl?: string } = {}) {
  const testDatabase = await createTestDatabase();
  const port = options.smtpUrl ? await freePort() : 0;
  const mail = options.smtpUrl ? { SMTP_URL: options.smtpUrl, PUBLIC_URL: `http://127.0.0.1:${port}` } : {};
  // The phishing simulation's links land on a listener of their own, as in `heed serve`.
  const trackingPort = await freePort();
  const trackingUrl = `http://127.0.0.1:${trackingPort}`;
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HEED_WEB_DIR: resolve('dist/web'),
      TRACKING_URL: trackingUrl,
      ...mail,
    }),
    database: testDatabase.config,
  };
  const database = await openDatabase(testDatabase.config);
  const clock = createManualClock(new Date());
  const container = await createContainer(config, { clock, database, migrate: false });
  const app = await buildApp(container, { logger: false });
  await app.listen({ host: '127.0.0.1', port });
  const tracking = buildTrackingApp({
    db: database.db,
    clock,
    trustProxy: false,
  });
  await tracking.listen({ host: '127.0.0.1', port: trackingPort });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  /** A context on this server, watched for the report of a failed test (diagnostics.ts). */
  const newContext = async (options: BrowserContextOptions = {}) =>
    watchContext(
      await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: 1280, height: 800 },
        acceptDownloads: true,
        ...options,
      }),
    );

  return {
    app,
    container,
    clock,
    baseUrl,
    trackingUrl,
    browser,
    /** A new organization with its owner; returns a browser page already signed in as the owner. */
    async signedInOwner(name = 'Acme') {
      const email = `owner-${uniqueSuffix()}@${name.toLowerCase().replace(/\W/g, '')}.test`;
      const { organization, owner } = await container.services.organizations.createWithOwner({
        organizationName: name,
        ownerEmail: email,
        ownerPassword: TEST_PASSWORD,
      });
      const context = await newContext();
      const response = await context.request.post('/api/v1/auth/login', {
        data: { email, password: TEST_PASSWORD },
      });
      if (!response.ok()) throw new Error(`sign-in failed: ${await response.text()}`);
      const page = await context.newPage();
      return { organization, owner, email, context, page };
    },
    newContext,
    async close() {
      await browser.close();
      await app.close();
      await tracking.close();
      await container.close();
      await testDatabase.drop();
    },
  };
}
export type ConsoleHarness = Awaited<ReturnType<typeof startConsole>>;

/**
 * The console with an SMTP server in this process: what the app emails is delivered there when a
 * test says so (the mail worker runs on demand, not in the background), its links open here.
 */
export async function startConsoleWithMail() {
  const sink = await startSmtpSink();
  const harness = await startConsole({ smtpUrl: sink.url });
  const worker = harness.container.createMailWorker({ error() {}, warn() {} });
  return {
    ...harness,
    /** Sends what is queued. */
    deliver: () => worker.runOnce(),
    /** Sends what is queued; the messages this address has received, oldest first. */
    async mailTo(address: string) {
      await worker.runOnce();
      return sink.messages.filter((m) => JSON.stringify(m.to).includes(address));
    },
    async close() {
      await harness.close();
      await sink.close();
    },
  };
}
export type MailConsoleHarness = Awaited<ReturnType<typeof startConsoleWithMail>>;
export type { Page };

/** Whether the element's text is drawn whole, not cut short by its box (an ellipsis or clipping). */
export function isShownWhole(element: Locator): Promise<boolean> {
  return element.evaluate((el) => el.scrollWidth <= el.clientWidth);
}

/** Whether the element ends within the page's window, so nobody has to scroll sideways to see it all. */
export async function fitsTheWindow(element: Locator): Promise<boolean> {
  const right = await element.evaluate((el) => el.getBoundingClientRect().right);
  return right <= element.page().viewportSize()!.width;
}
