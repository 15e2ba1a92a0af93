import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUsers } from '../../../../test/helpers/factories.ts';
import { BROWSER_UA, launchCampaign, tokensOf, trackingServer } from '../../../../test/helpers/phishing.ts';
import { type SmtpSink, startSmtpSink } from '../../../../test/helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.ts';

let sink: SmtpSink;
let t: TestApp;
let tracking: ReturnType<typeof trackingServer>;
beforeAll(async () => {
  sink = await startSmtpSink({ parse: false });
  t = await createTestApp({ env: { SMTP_URL: sink.url, TRACKING_URL: 'https://track.example' } });
  tracking = trackingServer(t);
  await tracking.ready();
});
afterAll(async () => {
  await tracking.close();
  await t.close();
  await sink.close();
});

const silent = { error() {}, warn() {} };
const deliver = () => t.container.createMailWorker(silent).runOnce();
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Math.random().toString(36).slice(2, 7)}@acme.test`;
const person = { 'user-agent': BROWSER_UA };

/** An organization whose campaign to Ann and Bob was delivered a minute ago. */
async function delivered(options: { failOn?: string[] } = {}) {
  const org = await createOrg(t);
  const [ann, bob] = await createUsers(org, [
    { email: unique('ann'), firstName: 'Ann' },
    { email: unique('bob'), firstName: 'Bob' },
  ]);
  const campaign = await launchCampaign(org, { userIds: [ann!.id, bob!.id], ...options });
  await deliver();
  t.clock.advance(60_000);
  const tokens = await tokensOf(t, org.orgId, campaign.id);
  return { org, campaign, ann: tokens.get(ann!.email)!, bob: tokens.get(bob!.email)! };
}

const recipientRow = async (id: string) =>
  (
    await sql<{
      opened_at: Date | null;
      clicked_at: Date | null;
      submitted_at: Date | null;
      reported_at: Date | null;
      failed_at: Date | null;
      suppressed_count: number;
    }>`select opened_at, clicked_at, submitted_at, reported_at, failed_at, suppressed_count
       from phishing_recipients where id = ${id}::uuid`.execute(t.container.database.db)
  ).rows[0]!;

const eventsOf = async (recipientId: string) =>
  (
    await sql<{
      kind: string;
      suppressed_reason: string | null;
      ip: string | null;
      user_agent: string | null;
    }>`
      select kind, suppressed_reason, ip, user_agent from phishing_events
      where recipient_id = ${recipientId}::uuid order by id`.execute(t.container.database.db)
  ).rows;

describe('the tracking server', () => {
  it('records a click and shows the landing page, whose form posts back here with nothing in it', async () => {
    const { ann } = await delivered();
    const click = await tracking.inject({ method: 'GET', url: `/c/${ann.token}`, headers: person });
    expect(click.statusCode).toBe(200);
    expect(click.headers['content-type']).toContain('text/html');
    expect(click.headers['content-security-policy']).toContain("form-action 'self'");
    expect(click.body).toContain(`action="/s/${ann.token}"`);
    expect(click.body).not.toMatch(/<input[^>]*\sname=/i);
    expect(click.body).not.toMatch(/<script/i);
    const row = await recipientRow(ann.id);
    expect(row.clicked_at).not.toBeNull();
    expect(row.opened_at).not.toBeNull();
    expect(row.failed_at).not.toBeNull();
    expect(await eventsOf(ann.id)).toEqual([
      expect.objectContaining({ kind: 'sent' }),
      expect.objectContaining({ kind: 'clicked', suppressed_reason: null, user_agent: BROWSER_UA }),
    ]);
  });

  it('records a submission but never what was typed: not read, not stored', async () => {
    const { ann } = await delivered();
    const secret = `hunter2-${Math.random().toString(36).slice(2)}`;
    const submit = await tracking.inject({
      method: 'POST',
      url: `/s/${ann.token}`,
      headers: { ...person, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=ann&password=${secret}`,
    });
    expect(submit.statusCode).toBe(200);
    expect(submit.body).toContain('This was a phishing simulation');
    expect(submit.body).not.toContain(secret);
    expect((await recipientRow(ann.id)).submitted_at).not.toBeNull();
    const tables = [
      'phishing_events',
      'phishing_recipients',
      'phishing_campaigns',
      'audit_log',
      'emails',
      'group_memberships',
    ];
    for (const table of tables) {
      const found = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table)} x where x::text like ${`%${secret}%`}`.execute(
        t.container.database.db,
      );
      expect(found.rows[0]!.n, table).toBe(0);
    }
  });

  it('takes scanners for what they are: HEAD requests, scanner agents, no agent — recorded, never failing', async () => {
    const { ann } = await delivered();
    await tracking.inject({ method: 'HEAD', url: `/c/${ann.token}`, headers: person });
    await tracking.inject({
      method: 'GET',
      url: `/c/${ann.token}`,
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))' },
    });
    // (light-my-request sends a user agent of its own unless told otherwise)
    await tracking.inject({ method: 'GET', url: `/c/${ann.token}`, headers: { 'user-agent': '' } });
    const row = await recipientRow(ann.id);
    expect(row).toMatchObject({ clicked_at: null, failed_at: null, suppressed_count: 3 });
    const reasons = (await eventsOf(ann.id))
      .filter((e) => e.kind === 'clicked')
      .map((e) => e.suppressed_reason);
    expect(reasons).toEqual([
      expect.stringContaining('HEAD request'),
      expect.stringContaining('Barracuda'),
      expect.stringContaining('No user agent'),
    ]);
  });

  it('takes a click within seconds of delivery without an open for a scanner’s', async () => {
    const org = await createOrg(t);
    const [cy] = await createUsers(org, [{ email: unique('cy') }]);
    const campaign = await launchCampaign(org, { userIds: [cy!.id] });
    await deliver();
    const { token, id } = (await tokensOf(t, org.orgId, campaign.id)).get(cy!.email)!;
    t.clock.advance(3_000);
    await tracking.inject({ method: 'GET', url: `/c/${token}`, headers: person });
    expect(await recipientRow(id)).toMatchObject({ failed_at: null, suppressed_count: 1 });
    expect((await eventsOf(id)).at(-1)!.suppressed_reason).toContain('within 10 seconds of delivery');

    // The person opening and clicking later counts.
    t.clock.advance(60_000);
    await tracking.inject({ method: 'GET', url: `/c/${token}`, headers: person });
    expect((await recipientRow(id)).failed_at).not.toBeNull();
  });

  it('takes the hidden link and what follows from the same address for a scanner’s', async () => {
    const { ann, bob } = await delivered();
    await tracking.inject({
      method: 'GET',
      url: `/b/${ann.token}`,
      headers: person,
      remoteAddress: '203.0.113.9',
    });
    await tracking.inject({
      method: 'GET',
      url: `/c/${ann.token}`,
      headers: person,
      remoteAddress: '203.0.113.9',
    });
    expect(await recipientRow(ann.id)).toMatchObject({
      clicked_at: null,
      failed_at: null,
      suppressed_count: 2,
    });
    const events = await eventsOf(ann.id);
    expect(events.at(-2)).toMatchObject({
      kind: 'bait',
      suppressed_reason: expect.stringContaining('hidden link'),
    });
    expect(events.at(-1)).toMatchObject({
      kind: 'clicked',
      suppressed_reason: expect.stringContaining('just followed'),
    });

    // Another address is a person.
    await tracking.inject({
      method: 'GET',
      url: `/c/${bob.token}`,
      headers: person,
      remoteAddress: '198.51.100.7',
    });
    expect((await recipientRow(bob.id)).failed_at).not.toBeNull();
  });

  it('records the open pixel without failing anyone', async () => {
    const { ann } = await delivered();
    const pixel = await tracking.inject({ method: 'GET', url: `/o/${ann.token}`, headers: person });
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.rawPayload.length).toBeGreaterThan(30);
    expect(await recipientRow(ann.id)).toMatchObject({ failed_at: null, clicked_at: null });
    expect((await recipientRow(ann.id)).opened_at).not.toBeNull();
  });

  it('records a report only when the person confirms it', async () => {
    const { ann } = await delivered();
    const ask = await tracking.inject({ method: 'GET', url: `/r/${ann.token}`, headers: person });
    expect(ask.body).toContain('Report this email as suspicious?');
    expect((await recipientRow(ann.id)).reported_at).toBeNull();
    const confirm = await tracking.inject({ method: 'POST', url: `/r/${ann.token}`, headers: person });
    expect(confirm.body).toContain('Thank you');
    expect((await recipientRow(ann.id)).reported_at).not.toBeNull();
    expect((await recipientRow(ann.id)).failed_at).toBeNull();
  });

  it('counts only what the campaign says fails: with "submitted", a click alone does not', async () => {
    const { ann } = await delivered({ failOn: ['submitted'] });
    await tracking.inject({ method: 'GET', url: `/c/${ann.token}`, headers: person });
    expect((await recipientRow(ann.id)).failed_at).toBeNull();
    await tracking.inject({ method: 'POST', url: `/s/${ann.token}`, headers: person });
    expect((await recipientRow(ann.id)).failed_at).not.toBeNull();
  });

  it('records every one of many simultaneous clicks once, and the failure once', async () => {
    const { ann, bob } = await delivered();
    const responses = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        tracking.inject({ method: 'GET', url: `/c/${i % 2 ? ann.token : bob.token}`, headers: person }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const clicks = (await eventsOf(ann.id)).filter((e) => e.kind === 'clicked');
    expect(clicks).toHaveLength(60);
    const failures = await sql<{ n: number }>`
      select count(*)::int as n from phishing_recipients where id in (${ann.id}::uuid, ${bob.id}::uuid) and failed_at is not null`.execute(
      t.container.database.db,
    );
    expect(failures.rows[0]!.n).toBe(2);
  });

  it('answers an unknown or malformed token with a 404 that records nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from phishing_events`.execute(
      t.container.database.db,
    );
    for (const url of [
      '/c/0123456789abcdef0123456789abcdef',
      '/c/not-a-token',
      '/s/ffffffffffffffffffffffffffffffff',
      '/nothing',
    ]) {
      const response = await tracking.inject({
        method: url.startsWith('/s') ? 'POST' : 'GET',
        url,
        headers: person,
      });
      expect(response.statusCode, url).toBe(404);
    }
    const after = await sql<{ n: number }>`select count(*)::int as n from phishing_events`.execute(
      t.container.database.db,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('has no admin API, console or cookies', async () => {
    const { org } = await delivered();
    for (const url of ['/api/v1/auth/me', '/api/v1/groups', '/', '/users']) {
      const response = await tracking.inject({ method: 'GET', url, headers: { ...org.key, ...org.session } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('lets one organization’s token change only that organization’s recipient', async () => {
    const first = await delivered();
    const second = await delivered();
    await tracking.inject({ method: 'GET', url: `/c/${first.ann.token}`, headers: person });
    expect((await recipientRow(first.ann.id)).failed_at).not.toBeNull();
    for (const r of [second.ann, second.bob]) expect((await recipientRow(r.id)).failed_at).toBeNull();
    const theirs = await sql<{ org_id: string }>`
      select distinct org_id from phishing_events where recipient_id = ${first.ann.id}::uuid`.execute(
      t.container.database.db,
    );
    expect(theirs.rows.map((r) => r.org_id)).toEqual([first.org.orgId]);
  });

  it('takes an organization’s events with it when the organization is deleted, and no one else’s', async () => {
    const first = await delivered();
    const second = await delivered();
    for (const r of [first.ann, second.ann]) {
      await tracking.inject({ method: 'GET', url: `/c/${r.token}`, headers: person });
    }
    const db = t.container.database.db;
    await sql`delete from organizations where id = ${first.org.orgId}::uuid`.execute(db);
    const left = await sql<{ org_id: string; n: number }>`
      select org_id, count(*)::int as n from phishing_events
      where org_id in (${first.org.orgId}::uuid, ${second.org.orgId}::uuid) group by org_id`.execute(db);
    expect(left.rows).toEqual([{ org_id: second.org.orgId, n: 3 }]);
  });
});
