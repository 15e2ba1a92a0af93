import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { builtInContent, createCampaign, launchCampaign, tokensOf } from '../../../test/helpers/phishing.ts';
import { type SmtpSink, startSmtpSink } from '../../../test/helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ env: { SMTP_URL: sink.url, TRACKING_URL: 'https://track.example' } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const silent = { error() {}, warn() {} };
const deliver = () => t.container.createMailWorker(silent).runOnce();
const mailTo = (address: string) => sink.messages.filter((m) => JSON.stringify(m.to).includes(address));
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Math.random().toString(36).slice(2, 7)}@acme.test`;

/** Ann and Bob in Sales, Bob and Cy in Finance (department), Dee disabled in Sales, Eve on her own. */
async function world() {
  const org = await createOrg(t);
  const finance = (
    await org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Finance' } })
  ).json() as {
    id: string;
  };
  const emails = {
    ann: unique('ann'),
    bob: unique('bob'),
    cy: unique('cy'),
    dee: unique('dee'),
    eve: unique('eve'),
  };
  const [ann, bob, cy, dee, eve] = await createUsers(org, [
    { email: emails.ann, firstName: 'Ann', lastName: 'Archer' },
    { email: emails.bob, firstName: 'Bob', lastName: 'Baker', departmentId: finance.id },
    { email: emails.cy, firstName: 'Cy', lastName: 'Cole', departmentId: finance.id },
    { email: emails.dee, firstName: 'Dee', lastName: 'Dunn' },
    { email: emails.eve, firstName: 'Eve', lastName: 'Eden' },
  ]);
  const sales = await createGroup(org, 'Sales');
  await org.request({
    method: 'POST',
    url: `/api/v1/groups/${sales.id}/members`,
    payload: { userIds: [ann!.id, bob!.id, dee!.id] },
  });
  await org.request({ method: 'POST', url: '/api/v1/users/disable', payload: { userIds: [dee!.id] } });
  return { org, emails, users: { ann: ann!, bob: bob!, cy: cy!, dee: dee!, eve: eve! }, sales, finance };
}

const everyone = (w: Awaited<ReturnType<typeof world>>) => ({
  groupIds: [w.sales.id],
  departmentIds: [w.finance.id],
  userIds: [w.users.eve.id, w.users.ann.id],
});

describe('phishing campaigns', () => {
  it('creates a draft that lists with an empty funnel', async () => {
    const w = await world();
    const draft = await createCampaign(w.org, { name: 'Spring lure', ...everyone(w) });
    expect(draft).toMatchObject({
      name: 'Spring lure',
      status: 'draft',
      recipientCount: 0,
      failOn: ['clicked', 'submitted'],
      funnel: { sent: 0, clicked: 0 },
    });
    const list = (await w.org.request({ method: 'GET', url: '/api/v1/phishing/campaigns' })).json();
    expect(list.data.map((c: { id: string }) => c.id)).toEqual([draft.id]);
  });

  it('refuses content and targets the organization does not have, naming each field', async () => {
    const w = await world();
    const other = await createOrg(t, 'Other');
    const theirs = await builtInContent(other);
    const response = await w.org.request({
      method: 'POST',
      url: '/api/v1/phishing/campaigns',
      payload: {
        name: 'Bad',
        templateIds: [theirs.templates[0]!.id],
        landingPageId: theirs.landingPage.id,
        groupIds: ['00000000-0000-4000-8000-000000000000'],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.templateIds', 'body.landingPageId', 'body.groupIds']),
    );
  });

  it('refuses an archived template with a message naming it', async () => {
    const w = await world();
    const { templates } = await builtInContent(w.org);
    await w.org.request({ method: 'POST', url: `/api/v1/phishing/templates/${templates[1]!.id}/archive` });
    const response = await w.org.request({
      method: 'POST',
      url: '/api/v1/phishing/campaigns',
      payload: {
        name: 'Old lure',
        templateIds: [templates[1]!.id],
        landingPageId: (await builtInContent(w.org)).landingPage.id,
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toContain(`"${templates[1]!.name}" is archived`);
  });

  it('previews the audience: each active person once, disabled ones counted apart', async () => {
    const w = await world();
    const preview = await w.org.request({
      method: 'POST',
      url: '/api/v1/phishing/campaigns/audience-preview',
      payload: everyone(w),
    });
    expect(preview.json()).toMatchObject({ recipients: 4, disabledLeftOut: 1 });
    expect(
      preview
        .json()
        .sample.map((s: { email: string }) => s.email)
        .sort(),
    ).toEqual([w.emails.ann, w.emails.bob, w.emails.cy, w.emails.eve].sort());
  });

  it('launches: each active person gets one personalised simulation email with tracked links', async () => {
    const w = await world();
    const { templates } = await builtInContent(w.org);
    const launched = await launchCampaign(w.org, { ...everyone(w) });
    expect(launched).toMatchObject({ status: 'sending', recipientCount: 4 });

    await deliver();
    const tokens = await tokensOf(t, w.org.orgId, launched.id);
    expect([...tokens.keys()].sort()).toEqual([w.emails.ann, w.emails.bob, w.emails.cy, w.emails.eve].sort());
    expect(mailTo(w.emails.dee)).toHaveLength(0);
    const [toBob] = mailTo(w.emails.bob);
    expect(mailTo(w.emails.bob)).toHaveLength(1);
    const token = tokens.get(w.emails.bob)!.token;
    expect(toBob!.from?.value[0]?.address).toBe(templates[0]!.senderAddress);
    expect(toBob!.subject).not.toContain('{{');
    expect(toBob!.html).toContain(`https://track.example/c/${token}`);
    expect(toBob!.html).toContain(`https://track.example/o/${token}`);
    expect(toBob!.html).toContain(`https://track.example/r/${token}`);
    expect(toBob!.html).toContain(`https://track.example/b/${token}`);
    expect(toBob!.text).toContain(`https://track.example/c/${token}`);
    expect(toBob!.html).toContain('Bob');

    // The outbox's delivery is the campaign's: sent times recorded, then the campaign moves on.
    const campaign = (
      await w.org.request({ method: 'GET', url: `/api/v1/phishing/campaigns/${launched.id}` })
    ).json();
    expect(campaign.funnel).toMatchObject({ recipients: 4, sent: 4 });
    await t.container.services.campaigns.advance();
    const moved = (
      await w.org.request({ method: 'GET', url: `/api/v1/phishing/campaigns/${launched.id}` })
    ).json();
    expect(moved.status).toBe('in_progress');
  });

  it('writes each subject from the template for its person, variables and all', async () => {
    const w = await world();
    const { landingPage } = await builtInContent(w.org);
    const template = await w.org.request({
      method: 'POST',
      url: '/api/v1/phishing/templates',
      payload: {
        name: 'Personal',
        difficulty: 'easy',
        subject: '{{ firstName }}, about {{department}} ({{email}})',
        senderName: 'IT "Desk"',
        senderAddress: 'it@corp.example',
        htmlBody: '<p>Hi {{firstName}} <a href="{{link}}">open</a></p>',
        textBody: 'Hi {{firstName}} {{link}}',
      },
    });
    const created = await w.org.request({
      method: 'POST',
      url: '/api/v1/phishing/campaigns',
      payload: {
        name: 'Subjects',
        templateIds: [template.json().id],
        landingPageId: landingPage.id,
        userIds: [w.users.bob.id],
      },
    });
    await w.org.request({ method: 'POST', url: `/api/v1/phishing/campaigns/${created.json().id}/launch` });
    const queued = await sql<{ subject: string }>`
      select subject from emails where org_id = ${w.org.orgId}::uuid and kind = 'phishing'`.execute(
      t.container.database.db,
    );
    expect(queued.rows[0]!.subject).toBe(`Bob, about Finance (${w.emails.bob})`);
    await deliver();
    const [mail] = mailTo(w.emails.bob);
    expect(mail!.subject).toBe(`Bob, about Finance (${w.emails.bob})`);
    expect(mail!.from?.value[0]).toMatchObject({ name: 'IT "Desk"', address: 'it@corp.example' });
  });

  it('schedules a launch in the future: nothing is sent before its time, then it sends', async () => {
    const w = await world();
    const launchAt = new Date(t.clock.now().getTime() + 3600_000);
    const launched = await launchCampaign(w.org, {
      userIds: [w.users.eve.id],
      launchAt: launchAt.toISOString(),
    });
    expect(launched.status).toBe('scheduled');
    await deliver();
    expect(mailTo(w.emails.eve)).toHaveLength(0);

    t.clock.advance(3600_000 + 1000);
    await t.container.services.campaigns.advance();
    const sending = (
      await w.org.request({ method: 'GET', url: `/api/v1/phishing/campaigns/${launched.id}` })
    ).json();
    expect(sending.status).toBe('sending');
    await deliver();
    expect(mailTo(w.emails.eve)).toHaveLength(1);
  });

  it('spreads sending evenly over the window', async () => {
    const w = await world();
    const launched = await launchCampaign(w.org, { ...everyone(w), sendWindowMinutes: 60 });
    const rows = await sql<{ send_at: Date }>`
      select send_at from phishing_recipients where org_id = ${w.org.orgId}::uuid and campaign_id = ${launched.id}::uuid
      order by send_at`.execute(t.container.database.db);
    const offsets = rows.rows.map((r) => (new Date(r.send_at).getTime() - t.clock.now().getTime()) / 60_000);
    expect(offsets).toEqual([0, 15, 30, 45]);
  });

  it('changes nothing of a launched campaign: editing, launching again or deleting it is a 409', async () => {
    const w = await world();
    const launched = await launchCampaign(w.org, { userIds: [w.users.ann.id] });
    const { templates, landingPage } = await builtInContent(w.org);
    const edit = await w.org.request({
      method: 'PUT',
      url: `/api/v1/phishing/campaigns/${launched.id}`,
      payload: { name: 'Changed', templateIds: [templates[0]!.id], landingPageId: landingPage.id },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().detail).toBe('Only a draft campaign can be edited; this one is sending.');
    const again = await w.org.request({
      method: 'POST',
      url: `/api/v1/phishing/campaigns/${launched.id}/launch`,
    });
    expect(again.statusCode).toBe(409);
    const remove = await w.org.request({
      method: 'DELETE',
      url: `/api/v1/phishing/campaigns/${launched.id}`,
    });
    expect(remove.statusCode).toBe(409);
  });

  it('edits and deletes a draft', async () => {
    const w = await world();
    const draft = await createCampaign(w.org, { userIds: [w.users.ann.id] });
    const { templates, landingPage } = await builtInContent(w.org);
    const edited = await w.org.request({
      method: 'PUT',
      url: `/api/v1/phishing/campaigns/${draft.id}`,
      payload: {
        name: 'Renamed',
        templateIds: [templates[2]!.id, templates[3]!.id],
        landingPageId: landingPage.id,
        failOn: ['submitted'],
      },
    });
    expect(edited.json()).toMatchObject({ name: 'Renamed', failOn: ['submitted'], userIds: [] });
    expect(edited.json().templates.map((x: { id: string }) => x.id)).toEqual([
      templates[2]!.id,
      templates[3]!.id,
    ]);
    expect(
      (await w.org.request({ method: 'DELETE', url: `/api/v1/phishing/campaigns/${draft.id}` })).statusCode,
    ).toBe(204);
    expect(
      (await w.org.request({ method: 'GET', url: `/api/v1/phishing/campaigns/${draft.id}` })).statusCode,
    ).toBe(404);
  });

  it('refuses to launch a campaign nobody would receive', async () => {
    const w = await world();
    const launch = await w.org.request({
      method: 'POST',
      url: `/api/v1/phishing/campaigns/${(await createCampaign(w.org, { userIds: [w.users.dee.id] })).id}/launch`,
    });
    expect(launch.statusCode).toBe(409);
    expect(launch.json().detail).toContain('nobody to send to');
  });

  it('cancels: emails not yet sent are withdrawn, and it never sends them', async () => {
    const w = await world();
    const launched = await launchCampaign(w.org, {
      ...everyone(w),
      launchAt: new Date(t.clock.now().getTime() + 60_000).toISOString(),
    });
    const cancelled = await w.org.request({
      method: 'POST',
      url: `/api/v1/phishing/campaigns/${launched.id}/cancel`,
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    t.clock.advance(120_000);
    await t.container.services.campaigns.advance();
    await deliver();
    expect(mailTo(w.emails.ann)).toHaveLength(0);
    const again = await w.org.request({
      method: 'POST',
      url: `/api/v1/phishing/campaigns/${launched.id}/cancel`,
    });
    expect(again.statusCode).toBe(409);
  });

  it('completes a campaign at its end date', async () => {
    const w = await world();
    const endsAt = new Date(t.clock.now().getTime() + 2 * 3600_000);
    const launched = await launchCampaign(w.org, { userIds: [w.users.cy.id], endsAt: endsAt.toISOString() });
    await deliver();
    await t.container.services.campaigns.advance();
    t.clock.advance(2 * 3600_000 + 1000);
    await t.container.services.campaigns.advance();
    const done = (
      await w.org.request({ method: 'GET', url: `/api/v1/phishing/campaigns/${launched.id}` })
    ).json();
    expect(done.status).toBe('completed');
    expect(done.completedAt).not.toBeNull();
  });

  it('never shows or launches another organization’s campaign', async () => {
    const w = await world();
    const other: TestOrg = await createOrg(t, 'Other');
    const draft = await createCampaign(w.org, { userIds: [w.users.ann.id] });
    for (const request of [
      { method: 'GET' as const, url: `/api/v1/phishing/campaigns/${draft.id}` },
      { method: 'POST' as const, url: `/api/v1/phishing/campaigns/${draft.id}/launch` },
      { method: 'DELETE' as const, url: `/api/v1/phishing/campaigns/${draft.id}` },
    ]) {
      expect((await other.request(request)).statusCode).toBe(404);
    }
    expect((await other.request({ method: 'GET', url: '/api/v1/phishing/campaigns' })).json().data).toEqual(
      [],
    );
  });
});
