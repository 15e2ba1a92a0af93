/**
 * What a failed browser test leaves behind. CI keeps only its log, so when a wait runs out the log says
 * what each open page was doing: its address and frames, the alerts it shows, the requests still
 * waiting for an answer, and its last troubles (failed requests, 4xx and 5xx answers, console errors,
 * uncaught exceptions). A screenshot of each goes to test-results/e2e/.
 *
 * The harness watches each context it opens (`watchContext`); test/e2e/setup.ts reports when a test
 * fails.
 */
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BrowserContext, Page, Request } from 'playwright-core';

const OUT = resolve('test-results/e2e');
/** The troubles kept per page: the last ones lead to a failure. */
const KEPT_EVENTS = 40;

interface PageWatch {
  page: Page;
  openedAt: number;
  /** Requests sent and not yet answered (or failed), with when they were sent. */
  pending: Map<Request, number>;
  events: string[];
}

const watched = new Set<PageWatch>();

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(2)} s`;

function watchPage(page: Page) {
  const watch: PageWatch = { page, openedAt: performance.now(), pending: new Map(), events: [] };
  const note = (line: string) => {
    watch.events.push(`${seconds(watch.openedAt)}  ${line}`);
    if (watch.events.length > KEPT_EVENTS) watch.events.shift();
  };
  watched.add(watch);
  page.on('close', () => watched.delete(watch));
  page.on('request', (request) => watch.pending.set(request, performance.now()));
  page.on('requestfinished', (request) => watch.pending.delete(request));
  page.on('requestfailed', (request) => {
    watch.pending.delete(request);
    note(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      note(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      note(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => note(`uncaught: ${error.message}`));
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) note(`frame ${frame.name() || '(unnamed)'} navigated to ${frame.url()}`);
  });
}

/** Watches every page a new context opens, for the report of a failed test. */
export function watchContext(context: BrowserContext): BrowserContext {
  context.on('page', watchPage);
  return context;
}

const SETTLE_MS = 5_000;
/** Never let a page that no longer answers keep the report (or the run) waiting. */
const within = <T>(work: Promise<T>, fallback: T) =>
  Promise.race([
    work.catch(() => fallback),
    new Promise<T>((done) => setTimeout(() => done(fallback), SETTLE_MS)),
  ]);

async function describePage(watch: PageWatch, file: string): Promise<string> {
  const { page } = watch;
  const alerts = await within(page.getByRole('alert').allTextContents(), ['(could not be read)']);
  const frames = await Promise.all(
    page.frames().map(async (frame) => {
      const text = await within(
        frame.evaluate(() => document.body?.textContent?.length ?? -1),
        -2,
      );
      const title = await within(
        frame.frameElement().then((element) => element.getAttribute('title')),
        null,
      );
      return `${title ? `"${title}" ` : ''}${frame.url().slice(0, 100)} (${text < 0 ? 'no body' : `${text} characters of text`})`;
    }),
  );
  const shot = await within(
    page.screenshot({ path: file, fullPage: true }).then(() => relative(process.cwd(), file)),
    '(no screenshot: the page did not answer)',
  );
  const pending = [...watch.pending].map(
    ([request, sentAt]) => `${request.method()} ${request.url()} for ${seconds(sentAt)}`,
  );
  const list = (items: string[]) => (items.length ? items.map((item) => `\n    ${item}`).join('') : ' none');
  return [
    `  page ${page.url()} (open ${seconds(watch.openedAt)}), screenshot ${shot}`,
    `  alerts:${list(alerts)}`,
    `  frames:${list(frames)}`,
    `  requests without an answer:${list(pending)}`,
    `  last troubles:${list(watch.events)}`,
  ].join('\n');
}

/** Prints (and screenshots) every open page, for the test named `testName` that has just failed. */
export async function reportOpenPages(testName: string) {
  const open = [...watched].filter((watch) => !watch.page.isClosed());
  if (open.length === 0) return;
  mkdirSync(OUT, { recursive: true });
  const name = testName.replace(/[^\w.-]+/g, '-').slice(0, 150);
  const reports = await Promise.all(
    open.map((watch, i) => describePage(watch, join(OUT, `${name}-${i + 1}.png`))),
  );
  process.stderr.write(`\n✗ ${testName}: what the browser showed\n${reports.join('\n')}\n`);
}
