import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import type { CampaignStatus, FailingAction, PhishingEventKind } from '../../platform/db/schema.ts';
import { RESULTS_CSV_HEADER } from './results.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Person = { id: string; email: string; firstName?: unknown; lastName?: unknown };

interface EventSpec {
  kind: PhishingEventKind;
  at: string;
  /** Taken for a mail scanner's: recorded, never counted. */
  suppressed?: string;
  ip?: string;
  userAgent?: string;
  detail?: string;
}

interface RecipientSpec {
  user: Person;
  /** The department at launch (none: null). */
  department?: { id: string; name: string } | null;
  /** The targeted groups the person was in at launch. */
  groupIds?: string[];
  templateIndex?: number;
  events?: EventSpec[];
}

interface CampaignSpec {
  name?: string;
  status?: CampaignStatus;
  /** null: never launched (a draft keeps no content). */
  launchedAt?: string | null;
  failOn?: FailingAction[];
  recipients?: RecipientSpec[];
}

/** The organization's first built-in templates and landing page, read (and so seeded) through the API. */
async function library(org: TestOrg) {
  const templates = (await org.request({ method: 'GET', url: '/api/v1/phishing/templates' })).json().data;
  const pages = (await org.request({ method: 'GET', url: '/api/v1/phishing/landing-pages' })).json().data;
  return {
    templates: templates.slice(0, 2) as Array<{ id: string; name: string }>,
    landingPage: pages[0] as { id: string; name: string },
  };
}

/**
 * A campaign with known outcomes, written straight into the tables (the campaign service and the
 * tracking server are tested on their own): its events, and each recipient's first-time outcomes
 * derived from them the way the tracking server records them (any counted request means the email was
 * opened, a submission is also a click, failing is the first click or submission the campaign counts).
 */
async function insertCampaign(org: TestOrg, spec: CampaignSpec = {}) {
  const db = t.container.database.db;
  const { templates, landingPage } = await library(org);
  const launchedAt = spec.launchedAt === undefined ? '2026-03-02T09:00:00.000Z' : spec.launchedAt;
  const failOn = spec.failOn ?? ['clicked', 'submitted'];
  const campaign = await db
    .insertInto('phishing_campaigns')
    .values({
      org_id: org.orgId,
      name: spec.name ?? 'Spring check',
      status: spec.status ?? (launchedAt ? 'in_progress' : 'draft'),
      template_ids: templates.map((tpl) => tpl.id),
      landing_page_id: landingPage.id,
      fail_on: failOn,
      content:
        launchedAt === null
          ? null
          : JSON.stringify({
              templates: templates.map((tpl) => ({ id: tpl.id, name: `${tpl.name} (as launched)` })),
              landingPage: { id: landingPage.id, name: `${landingPage.name} (as launched)` },
            }),
      recipient_count: spec.recipients?.length ?? 0,
      launch_at: launchedAt,
      launched_at: launchedAt,
      created_at: '2026-03-01T08:00:00.000Z',
      updated_at: '2026-03-01T08:00:00.000Z',
      created_by_type: 'admin',
      created_by_id: org.ownerId,
      created_by_label: org.ownerEmail,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const recipients: string[] = [];
  for (const r of spec.recipients ?? []) {
    const events = [...(r.events ?? [])].sort((a, b) => a.at.localeCompare(b.at));
    const counted = events.filter((e) => !e.suppressed);
    const first = (...kinds: PhishingEventKind[]) => counted.find((e) => kinds.includes(e.kind))?.at ?? null;
    const row = await db
      .insertInto('phishing_recipients')
      .values({
        org_id: org.orgId,
        campaign_id: campaign.id,
        user_id: r.user.id,
        token: randomBytes(16).toString('hex'),
        email: r.user.email,
        first_name: String(r.user.firstName ?? ''),
        last_name: String(r.user.lastName ?? ''),
        department_id: r.department?.id ?? null,
        department_name: r.department?.name ?? null,
        group_ids: r.groupIds ?? [],
        template_index: r.templateIndex ?? 0,
        send_at: launchedAt ?? '2026-03-02T09:00:00.000Z',
        sent_at: first('sent'),
        delivery_failed_at: first('delivery_failed'),
        delivery_error: first('delivery_failed') ? '550 no such mailbox' : null,
        opened_at: first('opened', 'clicked', 'submitted', 'reported'),
        clicked_at: first('clicked', 'submitted'),
        submitted_at: first('submitted'),
        reported_at: first('reported'),
        failed_at: first(...failOn),
        suppressed_count: events.length - counted.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    recipients.push(row.id);
    if (events.length) {
      await db
        .insertInto('phishing_events')
        .values(
          events.map((e) => ({
            org_id: org.orgId,
            campaign_id: campaign.id,
            recipient_id: row.id,
            kind: e.kind,
            at: e.at,
            ip: e.ip ?? null,
            user_agent: e.userAgent ?? null,
            suppressed_reason: e.suppressed ?? null,
            detail: e.detail ?? null,
          })),
        )
        .execute();
    }
  }
  return { id: campaign.id, recipients, templates, landingPage };
}

const sent = (at = '2026-03-02T09:01:00.000Z'): EventSpec => ({ kind: 'sent', at });
const event = (kind: PhishingEventKind, at: string, more: Partial<EventSpec> = {}): EventSpec => ({
  kind,
  at,
  ...more,
});

async function createDepartment(org: TestOrg, name: string): Promise<{ id: string; name: string }> {
  const response = await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function addMembers(org: TestOrg, groupId: string, userIds: string[]) {
  const response = await org.request({
    method: 'POST',
    url: `/api/v1/groups/${groupId}/members`,
    payload: { userIds },
  });
  expect(response.statusCode, response.body).toBe(200);
}

async function get(org: TestOrg, url: string, status = 200) {
  const response = await org.request({ method: 'GET', url: `/api/v1${url}` });
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

/** Five people: Ann and Bob in Finance, Cy in Sales, Di and Ed in no department. */
async function people(org: TestOrg) {
  const finance = await createDepartment(org, 'Finance');
  const sales = await createDepartment(org, 'Sales');
  const [ann, bob, cy, di, ed] = await createUsers(org, [
    { email: 'ann@acme.test', firstName: 'Ann', lastName: 'Archer', departmentId: finance.id },
    { email: 'bob@acme.test', firstName: 'Bob', lastName: 'Baker', departmentId: finance.id },
    { email: 'cy@acme.test', firstName: 'Cy', lastName: 'Cole', departmentId: sales.id },
    { email: 'di@acme.test', firstName: 'Di', lastName: 'Dunn' },
    { email: 'ed@acme.test', firstName: 'Ed', lastName: 'Eve' },
  ]);
  return { finance, sales, ann: ann!, bob: bob!, cy: cy!, di: di!, ed: ed! };
}

describe('a campaign’s results', () => {
  it('counts the funnel from each person’s first outcomes, and phish-prone as failed ÷ delivered', async () => {
    const org = await createOrg(t);
    const { ann, bob, cy, di, ed } = await people(org);
    const campaign = await insertCampaign(org, {
      recipients: [
        // Opened, clicked twice and submitted: one person at every stage up to submitted.
        {
          user: ann,
          events: [
            sent(),
            event('opened', '2026-03-02T10:00:00Z'),
            event('clicked', '2026-03-02T10:01:00Z'),
            event('clicked', '2026-03-02T10:02:00Z'),
            event('submitted', '2026-03-02T10:03:00Z'),
          ],
        },
        // Clicked with images blocked (no open), then reported.
        {
          user: bob,
          events: [
            sent(),
            event('clicked', '2026-03-02T11:00:00Z'),
            event('reported', '2026-03-02T11:05:00Z'),
          ],
        },
        // Opened and reported.
        {
          user: cy,
          events: [
            sent(),
            event('opened', '2026-03-02T10:30:00Z'),
            event('reported', '2026-03-02T10:31:00Z'),
          ],
        },
        { user: di, events: [sent()] },
        { user: ed, events: [event('delivery_failed', '2026-03-02T09:01:00Z')] },
      ],
    });

    const results = await get(org, `/phishing/campaigns/${campaign.id}/results`);
    expect(results.funnel).toEqual({
      recipients: 5,
      sent: 4,
      deliveryFailed: 1,
      opened: 3,
      clicked: 2,
      submitted: 1,
      reported: 2,
      failed: 2,
      suppressed: 0,
    });
    expect(results.campaign).toMatchObject({
      id: campaign.id,
      name: 'Spring check',
      status: 'in_progress',
      funnel: results.funnel,
      phishProne: 0.5,
      launchedAt: '2026-03-02T09:00:00.000Z',
      templates: campaign.templates.map((tpl) => ({ id: tpl.id, name: `${tpl.name} (as launched)` })),
      landingPage: { id: campaign.landingPage.id, name: `${campaign.landingPage.name} (as launched)` },
    });
  });

  it('never counts a request taken for a mail scanner’s, though it shows how many there were', async () => {
    const org = await createOrg(t);
    const { ann, bob } = await people(org);
    const scanned = { suppressed: 'clicked within seconds of delivery' };
    const campaign = await insertCampaign(org, {
      recipients: [
        {
          user: ann,
          events: [
            sent(),
            event('clicked', '2026-03-02T09:01:02Z', scanned),
            event('submitted', '2026-03-02T09:01:03Z', scanned),
            event('bait', '2026-03-02T09:01:02Z', { suppressed: 'followed the hidden link' }),
          ],
        },
        { user: bob, events: [sent(), event('opened', '2026-03-02T12:10:00Z')] },
      ],
    });

    const results = await get(org, `/phishing/campaigns/${campaign.id}/results`);
    expect(results.funnel).toMatchObject({
      sent: 2,
      opened: 1,
      clicked: 0,
      submitted: 0,
      failed: 0,
      suppressed: 3,
    });
    expect(results.campaign.phishProne).toBe(0);
    expect(results.timeline).toEqual([
      { hour: '2026-03-02T12:00:00.000Z', opened: 1, clicked: 0, submitted: 0, reported: 0 },
    ]);
  });

  it('counts events per hour for the chart, only hours with any', async () => {
    const org = await createOrg(t);
    const { ann, bob, cy } = await people(org);
    const campaign = await insertCampaign(org, {
      recipients: [
        {
          user: ann,
          events: [
            sent(),
            event('opened', '2026-03-02T10:00:00Z'),
            event('clicked', '2026-03-02T10:59:59Z'),
            event('submitted', '2026-03-02T13:00:00Z'),
          ],
        },
        {
          user: bob,
          events: [
            sent(),
            event('opened', '2026-03-02T10:20:00Z'),
            event('reported', '2026-03-02T13:30:00Z'),
          ],
        },
        { user: cy, events: [sent()] },
      ],
    });

    const { timeline } = await get(org, `/phishing/campaigns/${campaign.id}/results`);
    expect(timeline).toEqual([
      { hour: '2026-03-02T10:00:00.000Z', opened: 2, clicked: 1, submitted: 0, reported: 0 },
      { hour: '2026-03-02T13:00:00.000Z', opened: 0, clicked: 0, submitted: 1, reported: 1 },
    ]);
  });

  it('breaks the results down by the department and targeted groups people were in at launch', async () => {
    const org = await createOrg(t);
    const { finance, sales, ann, bob, cy, di, ed } = await people(org);
    const pilots = await createGroup(org, 'Pilots');
    const managers = await createGroup(org, 'Managers');
    const click = event('clicked', '2026-03-02T10:00:00Z');
    const campaign = await insertCampaign(org, {
      recipients: [
        { user: ann, department: finance, groupIds: [pilots.id, managers.id], events: [sent(), click] },
        { user: bob, department: finance, groupIds: [pilots.id], events: [sent()] },
        {
          user: cy,
          department: sales,
          groupIds: [managers.id],
          events: [sent(), event('reported', '2026-03-02T10:00:00Z')],
        },
        { user: di, department: null, groupIds: [pilots.id], events: [sent(), click] },
        {
          user: ed,
          department: null,
          groupIds: [],
          events: [event('delivery_failed', '2026-03-02T09:01:00Z')],
        },
      ],
    });
    // Moving people afterwards changes nothing: the breakdown is of the campaign as launched.
    const moved = await org.request({
      method: 'PATCH',
      url: `/api/v1/users/${ann.id}`,
      payload: { departmentId: sales.id },
    });
    expect(moved.statusCode, moved.body).toBe(200);

    const results = await get(org, `/phishing/campaigns/${campaign.id}/results`);
    expect(results.byDepartment).toEqual([
      {
        id: finance.id,
        name: 'Finance',
        recipients: 2,
        delivered: 2,
        failed: 1,
        reported: 0,
        phishProne: 0.5,
      },
      { id: sales.id, name: 'Sales', recipients: 1, delivered: 1, failed: 0, reported: 1, phishProne: 0 },
      { id: null, name: 'No department', recipients: 2, delivered: 1, failed: 1, reported: 0, phishProne: 1 },
    ]);
    expect(results.byGroup).toEqual([
      {
        id: managers.id,
        name: 'Managers',
        recipients: 2,
        delivered: 2,
        failed: 1,
        reported: 1,
        phishProne: 0.5,
      },
      {
        id: pilots.id,
        name: 'Pilots',
        recipients: 3,
        delivered: 3,
        failed: 2,
        reported: 0,
        phishProne: 2 / 3,
      },
    ]);
  });

  it('shows a campaign not launched yet with an empty funnel and its templates named from the library', async () => {
    const org = await createOrg(t);
    const campaign = await insertCampaign(org, { launchedAt: null });
    const results = await get(org, `/phishing/campaigns/${campaign.id}/results`);
    expect(results.campaign).toMatchObject({
      status: 'draft',
      templates: campaign.templates.map((tpl) => ({ id: tpl.id, name: tpl.name })),
      landingPage: { id: campaign.landingPage.id, name: campaign.landingPage.name },
      phishProne: null,
    });
    expect(results.funnel).toMatchObject({ recipients: 0, sent: 0, failed: 0 });
    expect(results).toMatchObject({ byDepartment: [], byGroup: [], timeline: [] });
  });

  it('answers 404 for a campaign that does not exist', async () => {
    const org = await createOrg(t);
    const missing = await org.request({
      method: 'GET',
      url: '/api/v1/phishing/campaigns/00000000-0000-4000-8000-000000000000/results',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json().detail).toBe('Campaign was not found.');
  });
});

describe('a campaign’s recipients', () => {
  /** Ann submitted, Bob clicked and reported, Cy reported, Di opened, Ed's email bounced. */
  async function campaignWithEveryStatus(org: TestOrg) {
    const p = await people(org);
    const campaign = await insertCampaign(org, {
      recipients: [
        {
          user: p.ann,
          department: p.finance,
          templateIndex: 1,
          events: [
            sent(),
            event('clicked', '2026-03-02T10:00:00Z'),
            event('submitted', '2026-03-02T10:01:00Z'),
          ],
        },
        {
          user: p.bob,
          events: [
            sent(),
            event('clicked', '2026-03-02T10:00:00Z'),
            event('reported', '2026-03-02T10:02:00Z'),
          ],
        },
        { user: p.cy, events: [sent(), event('reported', '2026-03-02T10:00:00Z')] },
        { user: p.di, events: [sent(), event('opened', '2026-03-02T10:00:00Z')] },
        { user: p.ed, events: [event('delivery_failed', '2026-03-02T09:01:00Z')] },
      ],
    });
    return { ...p, campaign };
  }

  it('lists everyone by email with the furthest they went: submitting and clicking outrank reporting', async () => {
    const org = await createOrg(t);
    const { campaign, finance, ann } = await campaignWithEveryStatus(org);
    const page = await get(org, `/phishing/campaigns/${campaign.id}/recipients`);
    expect(page.nextCursor).toBeNull();
    expect(page.data.map((r: any) => [r.email, r.status, r.failed])).toEqual([
      ['ann@acme.test', 'submitted', true],
      ['bob@acme.test', 'clicked', true],
      ['cy@acme.test', 'reported', false],
      ['di@acme.test', 'opened', false],
      ['ed@acme.test', 'delivery_failed', false],
    ]);
    expect(page.data[0]).toEqual({
      id: campaign.recipients[0],
      userId: ann.id,
      email: 'ann@acme.test',
      name: 'Ann Archer',
      department: finance.name,
      template: `${campaign.templates[1]!.name} (as launched)`,
      status: 'submitted',
      failed: true,
      sendAt: '2026-03-02T09:00:00.000Z',
      sentAt: '2026-03-02T09:01:00.000Z',
      deliveryFailedAt: null,
      deliveryError: null,
      openedAt: '2026-03-02T10:00:00.000Z',
      clickedAt: '2026-03-02T10:00:00.000Z',
      submittedAt: '2026-03-02T10:01:00.000Z',
      reportedAt: null,
      failedAt: '2026-03-02T10:00:00.000Z',
      suppressed: 0,
    });
    expect(page.data[4]).toMatchObject({ deliveryError: '550 no such mailbox', sentAt: null });
  });

  it('pages through the recipients with the cursor of the previous page', async () => {
    const org = await createOrg(t);
    const { campaign } = await campaignWithEveryStatus(org);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await get(org, `/phishing/campaigns/${campaign.id}/recipients?limit=2${query}`);
      seen.push(...page.data.map((r: any) => r.email));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['ann@acme.test', 'bob@acme.test', 'cy@acme.test', 'di@acme.test', 'ed@acme.test']);
  });

  it('finds recipients by name or email, by status, and by whether they failed', async () => {
    const org = await createOrg(t);
    const { campaign } = await campaignWithEveryStatus(org);
    const emails = async (query: string) =>
      (await get(org, `/phishing/campaigns/${campaign.id}/recipients?${query}`)).data.map(
        (r: any) => r.email,
      );
    expect(await emails('search=BAKER')).toEqual(['bob@acme.test']);
    expect(await emails('search=cy%40acme')).toEqual(['cy@acme.test']);
    expect(await emails('search=100%25')).toEqual([]);
    expect(await emails('status=reported')).toEqual(['cy@acme.test']);
    expect(await emails('status=delivery_failed')).toEqual(['ed@acme.test']);
    expect(await emails('failed=true')).toEqual(['ann@acme.test', 'bob@acme.test']);
    expect(await emails('failed=false&status=opened')).toEqual(['di@acme.test']);
  });

  it('refuses a cursor it did not issue, and an unknown status', async () => {
    const org = await createOrg(t);
    const { campaign } = await campaignWithEveryStatus(org);
    const bad = await get(org, `/phishing/campaigns/${campaign.id}/recipients?cursor=not-a-cursor`, 400);
    expect(bad.errors).toEqual([{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }]);
    await get(org, `/phishing/campaigns/${campaign.id}/recipients?status=phished`, 400);
  });

  it('tells an empty page of an existing campaign from a campaign that does not exist', async () => {
    const org = await createOrg(t);
    const { campaign } = await campaignWithEveryStatus(org);
    expect(await get(org, `/phishing/campaigns/${campaign.id}/recipients?search=nobody`)).toEqual({
      data: [],
      nextCursor: null,
    });
    await get(org, '/phishing/campaigns/00000000-0000-4000-8000-000000000000/recipients', 404);
  });

  it('shows one recipient’s timeline oldest first, suppressed requests with their reasons', async () => {
    const org = await createOrg(t);
    const { ann } = await people(org);
    const campaign = await insertCampaign(org, {
      recipients: [
        {
          user: ann,
          events: [
            event('clicked', '2026-03-02T09:30:00Z', { ip: '198.51.100.7', userAgent: 'Mozilla/5.0' }),
            event('bait', '2026-03-02T09:01:05Z', {
              suppressed: 'followed the hidden link',
              ip: '203.0.113.9',
            }),
            event('clicked', '2026-03-02T09:01:06Z', {
              suppressed: 'after the hidden link',
              ip: '203.0.113.9',
            }),
            sent(),
          ],
        },
      ],
    });
    const timeline = await get(
      org,
      `/phishing/campaigns/${campaign.id}/recipients/${campaign.recipients[0]}`,
    );
    expect(timeline.recipient).toMatchObject({ email: 'ann@acme.test', status: 'clicked', suppressed: 2 });
    expect(timeline.events.map((e: any) => ({ ...e, id: typeof e.id }))).toEqual([
      {
        id: 'string',
        kind: 'sent',
        at: '2026-03-02T09:01:00.000Z',
        ip: null,
        userAgent: null,
        suppressed: false,
        suppressedReason: null,
        detail: null,
      },
      {
        id: 'string',
        kind: 'bait',
        at: '2026-03-02T09:01:05.000Z',
        ip: '203.0.113.9',
        userAgent: null,
        suppressed: true,
        suppressedReason: 'followed the hidden link',
        detail: null,
      },
      {
        id: 'string',
        kind: 'clicked',
        at: '2026-03-02T09:01:06.000Z',
        ip: '203.0.113.9',
        userAgent: null,
        suppressed: true,
        suppressedReason: 'after the hidden link',
        detail: null,
      },
      {
        id: 'string',
        kind: 'clicked',
        at: '2026-03-02T09:30:00.000Z',
        ip: '198.51.100.7',
        userAgent: 'Mozilla/5.0',
        suppressed: false,
        suppressedReason: null,
        detail: null,
      },
    ]);
  });

  it('answers 404 for a recipient of another campaign', async () => {
    const org = await createOrg(t);
    const { ann } = await people(org);
    const first = await insertCampaign(org, { recipients: [{ user: ann }] });
    const second = await insertCampaign(org, { recipients: [{ user: ann }] });
    const wrong = await get(org, `/phishing/campaigns/${second.id}/recipients/${first.recipients[0]}`, 404);
    expect(wrong.detail).toBe('Recipient was not found.');
  });
});

describe('the results CSV', () => {
  /** The data records of the CSV (the header row checked and left out), read by an independent parser. */
  function recordsOf(body: string): string[][] {
    const [header, ...records] = parse(body) as string[][];
    expect(header).toEqual(RESULTS_CSV_HEADER);
    return records;
  }

  it('has one row per recipient by email, with first times in ISO 8601 UTC', async () => {
    const org = await createOrg(t);
    const { finance, ann, bob } = await people(org);
    const campaign = await insertCampaign(org, {
      recipients: [
        {
          user: bob,
          events: [
            sent(),
            event('opened', '2026-03-02T10:00:00.123Z'),
            event('reported', '2026-03-02T10:05:00Z'),
            event('clicked', '2026-03-02T09:01:01Z', { suppressed: 'scanner' }),
          ],
        },
        {
          user: ann,
          department: finance,
          templateIndex: 1,
          events: [
            sent(),
            event('clicked', '2026-03-02T10:00:00Z'),
            event('submitted', '2026-03-02T10:01:00Z'),
          ],
        },
      ],
    });
    t.clock.set(new Date('2026-03-05T12:00:00Z'));
    const response = await org.request({
      method: 'GET',
      url: `/api/v1/phishing/campaigns/${campaign.id}/results.csv`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="Spring check-results-2026-03-05.csv"',
    );
    expect(recordsOf(response.body)).toEqual([
      [
        'Ann Archer',
        'ann@acme.test',
        'Finance',
        `${campaign.templates[1]!.name} (as launched)`,
        'Submitted',
        '2026-03-02T09:01:00.000Z',
        '2026-03-02T10:00:00.000Z',
        '2026-03-02T10:00:00.000Z',
        '2026-03-02T10:01:00.000Z',
        '',
        '2026-03-02T10:00:00.000Z',
        '0',
      ],
      [
        'Bob Baker',
        'bob@acme.test',
        '',
        `${campaign.templates[0]!.name} (as launched)`,
        'Reported',
        '2026-03-02T09:01:00.000Z',
        '2026-03-02T10:00:00.123Z',
        '',
        '',
        '2026-03-02T10:05:00.000Z',
        '',
        '1',
      ],
    ]);
  });

  it('neutralises cells that a spreadsheet would run as formulas, and names the file safely', async () => {
    const org = await createOrg(t);
    const [mallory] = await createUsers(org, [
      { email: 'mallory@acme.test', firstName: '=HYPERLINK("http://evil.test")', lastName: 'X' },
    ]);
    const campaign = await insertCampaign(org, {
      name: '@Q2 "payroll", test',
      recipients: [{ user: mallory!, department: { id: mallory!.id, name: '-2+3' }, events: [sent()] }],
    });
    t.clock.set(new Date('2026-04-01T00:00:00Z'));
    const response = await org.request({
      method: 'GET',
      url: `/api/v1/phishing/campaigns/${campaign.id}/results.csv`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body.split('\r\n')[1]).toMatch(
      /^"'=HYPERLINK\(""http:\/\/evil\.test""\) X",mallory@acme\.test,'-2\+3,/,
    );
    expect(recordsOf(response.body)[0]!.slice(0, 3)).toEqual([
      `'=HYPERLINK("http://evil.test") X`,
      'mallory@acme.test',
      "'-2+3",
    ]);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="@Q2 _payroll_, test-results-2026-04-01.csv"; ' +
        `filename*=UTF-8''${encodeURIComponent('@Q2 "payroll", test-results-2026-04-01.csv')}`,
    );
  });

  it('exports a campaign larger than one database batch completely, each recipient once', async () => {
    const org = await createOrg(t);
    const campaign = await insertCampaign(org);
    // Mixed case, so the order is the one the recipients list pages by (email ignoring case).
    await sql`insert into phishing_recipients (org_id, campaign_id, user_id, token, email, send_at)
      select ${org.orgId}, ${campaign.id}, gen_random_uuid(), md5(random()::text || i),
        case when i % 2 = 0 then 'P' else 'p' end || lpad(i::text, 4, '0') || '@acme.test', now()
      from generate_series(1, 1205) as i`.execute(t.container.database.db);
    const response = await org.request({
      method: 'GET',
      url: `/api/v1/phishing/campaigns/${campaign.id}/results.csv`,
    });
    expect(response.statusCode).toBe(200);
    const emails = recordsOf(response.body).map((record) => record[1]!.toLowerCase());
    expect(emails).toHaveLength(1205);
    expect(new Set(emails).size).toBe(1205);
    expect(emails).toEqual([...emails].sort());
  });

  it('answers 404 before streaming anything for a campaign that does not exist', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'GET',
      url: '/api/v1/phishing/campaigns/00000000-0000-4000-8000-000000000000/results.csv',
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-disposition']).toBeUndefined();
  });
});

describe('the organization’s phishing statistics', () => {
  it('follows the trend across campaigns and totals the organization over every launched campaign', async () => {
    const org = await createOrg(t);
    const { finance, sales, ann, bob, cy, di } = await people(org);
    const click = event('clicked', '2026-03-02T10:00:00Z');
    const march = await insertCampaign(org, {
      name: 'March',
      launchedAt: '2026-03-02T09:00:00.000Z',
      status: 'completed',
      recipients: [
        { user: ann, department: finance, events: [sent(), click] },
        { user: bob, department: finance, events: [sent(), click] },
        { user: cy, department: sales, events: [sent(), event('reported', '2026-03-02T10:00:00Z')] },
        { user: di, events: [sent()] },
      ],
    });
    const april = await insertCampaign(org, {
      name: 'April',
      launchedAt: '2026-04-02T09:00:00.000Z',
      recipients: [
        { user: ann, department: finance, events: [sent(), click] },
        { user: bob, department: finance, events: [sent(), event('reported', '2026-04-02T10:00:00Z')] },
        { user: cy, department: sales, events: [sent()] },
        { user: di, events: [event('delivery_failed', '2026-04-02T09:01:00Z')] },
      ],
    });
    // Neither a draft nor a campaign cancelled before anything was delivered measured anything.
    await insertCampaign(org, { name: 'Draft', launchedAt: null, recipients: [] });
    await insertCampaign(org, {
      name: 'Called off',
      status: 'cancelled',
      launchedAt: '2026-05-01T09:00:00.000Z',
      recipients: [{ user: ann }],
    });
    const pilots = await createGroup(org, 'Pilots');
    await addMembers(org, pilots.id, [ann.id, cy.id]);

    const stats = await get(org, '/phishing/stats');
    expect(stats.trend).toEqual([
      {
        campaignId: march.id,
        name: 'March',
        launchedAt: '2026-03-02T09:00:00.000Z',
        delivered: 4,
        failed: 2,
        reported: 1,
        phishProne: 0.5,
      },
      {
        campaignId: april.id,
        name: 'April',
        launchedAt: '2026-04-02T09:00:00.000Z',
        delivered: 3,
        failed: 1,
        reported: 1,
        phishProne: 1 / 3,
      },
    ]);
    expect(stats.organization).toEqual({
      id: org.orgId,
      name: 'Acme',
      recipients: 8,
      delivered: 7,
      failed: 3,
      reported: 2,
      phishProne: 3 / 7,
    });
    expect(stats.byDepartment).toEqual([
      {
        id: finance.id,
        name: 'Finance',
        recipients: 4,
        delivered: 4,
        failed: 3,
        reported: 1,
        phishProne: 0.75,
      },
      { id: sales.id, name: 'Sales', recipients: 2, delivered: 2, failed: 0, reported: 1, phishProne: 0 },
      { id: null, name: 'No department', recipients: 2, delivered: 1, failed: 0, reported: 0, phishProne: 0 },
    ]);
    // By the groups people are in now: Ann (2 of 2) and Cy (0 of 2).
    expect(stats.byGroup).toEqual([
      { id: pilots.id, name: 'Pilots', recipients: 4, delivered: 4, failed: 2, reported: 1, phishProne: 0.5 },
    ]);
    expect(stats.topUsers).toEqual([
      { id: ann.id, name: 'Ann Archer', recipients: 2, delivered: 2, failed: 2, reported: 0, phishProne: 1 },
      { id: bob.id, name: 'Bob Baker', recipients: 2, delivered: 2, failed: 1, reported: 1, phishProne: 0.5 },
    ]);
  });

  it('answers with nothing measured for an organization without campaigns', async () => {
    const org = await createOrg(t, 'Quiet');
    expect(await get(org, '/phishing/stats')).toEqual({
      organization: {
        id: org.orgId,
        name: 'Quiet',
        recipients: 0,
        delivered: 0,
        failed: 0,
        reported: 0,
        phishProne: null,
      },
      trend: [],
      byDepartment: [],
      byGroup: [],
      topUsers: [],
    });
  });
});

describe('another organization', () => {
  it('gets 404 for every result of the first organization’s campaign and never sees its numbers', async () => {
    const org = await createOrg(t);
    const { ann } = await people(org);
    const campaign = await insertCampaign(org, {
      recipients: [{ user: ann, events: [sent(), event('clicked', '2026-03-02T10:00:00Z')] }],
    });
    const other = await createOrg(t, 'Other');
    for (const url of [
      `/phishing/campaigns/${campaign.id}/results`,
      `/phishing/campaigns/${campaign.id}/recipients`,
      `/phishing/campaigns/${campaign.id}/recipients/${campaign.recipients[0]}`,
      `/phishing/campaigns/${campaign.id}/results.csv`,
    ]) {
      const response = await other.request({ method: 'GET', url: `/api/v1${url}` });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().detail).toBe('Campaign was not found.');
    }
    const stats = await get(other, '/phishing/stats');
    expect(stats.organization).toMatchObject({ id: other.orgId, recipients: 0, failed: 0 });
    expect(stats).toMatchObject({ trend: [], byDepartment: [], byGroup: [], topUsers: [] });
    expect((await get(org, '/phishing/stats')).organization).toMatchObject({ recipients: 1, failed: 1 });
  });
});
