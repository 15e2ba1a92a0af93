import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, type TestOrg, uniqueSuffix } from '../../../test/helpers/factories.ts';
import { type SmtpSink, startSmtpSink } from '../../../test/helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { createSmtpTransport, type MailTransport } from '../../platform/mail/transport.ts';
import type { NewEmail } from './mail.repository.ts';
import { renderEmail } from './mail.templates.ts';
import { createMailWorker, INTERRUPTED_REASON, NO_SMTP_REASON, RETRY_DELAYS_MS } from './mail.worker.ts';

const silent = { error() {}, warn() {} };

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Heed <no-reply@heed.test>' } });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

function email(overrides: Partial<NewEmail> = {}): NewEmail {
  const address = overrides.to?.address ?? `learner-${uniqueSuffix()}@acme.test`;
  const { html, text } = renderEmail({
    organizationName: 'Acme',
    heading: 'You have training to complete',
    paragraphs: ['Please finish it this week.'],
    action: { label: 'Start training', url: 'https://heed.test/learn' },
  });
  return {
    idempotencyKey: `test:${uniqueSuffix()}`,
    kind: 'test',
    to: { address, name: 'Ada Lovelace' },
    userId: null,
    subject: 'Training reminder',
    html,
    text,
    ...overrides,
  };
}

async function queue(org: TestOrg, emails: NewEmail[]) {
  return t.container.services.mail.queue(t.database.db, org.orgId, emails);
}

async function logOf(org: TestOrg, query = '') {
  const response = await org.request({ method: 'GET', url: `/api/v1/emails${query}` });
  expect(response.statusCode).toBe(200);
  return response.json().data as Array<Record<string, any>>;
}

const received = (address: string) =>
  sink.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address));

describe('email delivery', () => {
  it('delivers a queued email over SMTP with its recipient, subject, HTML and text, and logs it as sent', async () => {
    const org = await createOrg(t);
    const message = email();
    expect(await queue(org, [message])).toBe(1);
    await t.container.createMailWorker(silent).runOnce();

    const [mail] = received(message.to.address);
    expect(mail!.subject).toBe('Training reminder');
    expect(mail!.from?.value).toEqual([{ address: 'no-reply@heed.test', name: 'Heed' }]);
    expect(mail!.to).toMatchObject({ value: [{ address: message.to.address, name: 'Ada Lovelace' }] });
    expect(mail!.html).toContain('href="https://heed.test/learn"');
    expect(mail!.text).toContain('Start training: https://heed.test/learn');

    const [logged] = await logOf(org);
    expect(logged).toMatchObject({
      status: 'sent',
      attempts: 1,
      statusDetail: null,
      subject: 'Training reminder',
    });
    expect(mail!.messageId).toBe(`<${logged!.id}@${new URL(t.container.config.publicUrl).hostname}>`);
  });

  it('queues an email once per idempotency key, however often it is asked', async () => {
    const org = await createOrg(t);
    const message = email();
    expect(await queue(org, [message])).toBe(1);
    expect(await queue(org, [message, { ...message, subject: 'Another subject' }])).toBe(0);
    await t.container.createMailWorker(silent).runOnce();
    await t.container.createMailWorker(silent).runOnce();
    expect(received(message.to.address)).toHaveLength(1);
    expect(await logOf(org)).toHaveLength(1);
  });

  it('retries a temporary SMTP failure later with a growing delay, then delivers it', async () => {
    const org = await createOrg(t);
    const message = email();
    sink.refuse(message.to.address, 451, 2);
    await queue(org, [message]);
    const worker = t.container.createMailWorker(silent);

    await worker.runOnce();
    let [logged] = await logOf(org);
    expect(logged).toMatchObject({ status: 'queued', attempts: 1 });
    expect(logged!.statusDetail).toMatch(/^attempt 1: .*Try again later/);
    expect(Date.parse(logged!.nextAttemptAt) - t.clock.now().getTime()).toBe(RETRY_DELAYS_MS[0]);

    await worker.runOnce(); // not due yet
    expect((await logOf(org))[0]).toMatchObject({ attempts: 1 });

    t.clock.advance(RETRY_DELAYS_MS[0]!);
    await worker.runOnce();
    [logged] = await logOf(org);
    expect(logged).toMatchObject({ status: 'queued', attempts: 2 });
    expect(Date.parse(logged!.nextAttemptAt) - t.clock.now().getTime()).toBe(RETRY_DELAYS_MS[1]);

    t.clock.advance(RETRY_DELAYS_MS[1]!);
    await worker.runOnce();
    expect((await logOf(org))[0]).toMatchObject({ status: 'sent', attempts: 3 });
    expect(received(message.to.address)).toHaveLength(1);
  });

  it('records a permanent failure with the server’s reason and never tries it again', async () => {
    const org = await createOrg(t);
    const message = email();
    sink.refuse(message.to.address, 550);
    await queue(org, [message]);
    const worker = t.container.createMailWorker(silent);
    await worker.runOnce();
    t.clock.advance(24 * 3600_000);
    await worker.runOnce();
    const [logged] = await logOf(org);
    expect(logged).toMatchObject({ status: 'failed', attempts: 1 });
    expect(logged!.statusDetail).toContain('Mailbox unavailable');
    expect(received(message.to.address)).toHaveLength(0);
  });

  it('gives up after the last retry and says so', async () => {
    const org = await createOrg(t);
    const message = email();
    sink.refuse(message.to.address, 421);
    await queue(org, [message]);
    const worker = t.container.createMailWorker(silent);
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      await worker.runOnce();
      t.clock.advance(RETRY_DELAYS_MS[attempt] ?? 0);
    }
    const [logged] = await logOf(org);
    expect(logged).toMatchObject({ status: 'failed', attempts: RETRY_DELAYS_MS.length + 1 });
    expect(logged!.statusDetail).toMatch(/^gave up after 6 attempts: /);
  });

  it('never sends an email twice when its worker dies mid-batch; the next worker sends the rest', async () => {
    const org = await createOrg(t);
    const messages = Array.from({ length: 6 }, () => email());
    await queue(org, messages);

    // The first worker's SMTP connection hangs on its third email, and the worker is never heard
    // from again (as if killed): nothing resolves, nothing is recorded after that point.
    const real = createSmtpTransport(sink.url);
    let sent = 0;
    const dying: MailTransport = {
      send: (message) => (++sent <= 2 ? real.send(message) : new Promise(() => {})),
      close: () => real.close(),
    };
    const first = createMailWorker(
      {
        db: t.database.db,
        clock: t.clock,
        deliveryFor: async () => ({ transport: dying, from: 'Heed <no-reply@heed.test>' }),
        messageIdHost: 'heed.test',
        renderers: t.container.services.renderers,
        log: silent,
      },
      { concurrency: 1 },
    );
    void first.runOnce();
    const before = sink.messages.length;
    await sink.waitFor(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the third is now in its SMTP conversation

    // Later, a new worker: the emails the dead one had claimed but not started go out; the one it
    // was sending is marked failed, not sent again.
    t.clock.advance(11 * 60_000);
    await t.container.createMailWorker(silent).runOnce();
    real.close();

    const counts = messages.map((m) => received(m.to.address).length);
    expect(counts.filter((n) => n === 1)).toHaveLength(5);
    expect(counts.filter((n) => n > 1)).toHaveLength(0);
    const log = await logOf(org);
    expect(log.filter((e) => e.status === 'sent')).toHaveLength(5);
    expect(log.filter((e) => e.status === 'failed').map((e) => e.statusDetail)).toEqual([INTERRUPTED_REASON]);
  });

  it('sends many emails over a few pooled SMTP connections, not one connection per email', async () => {
    const pooled = await startSmtpSink({ parse: false });
    const transport = createSmtpTransport(pooled.url);
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          transport.send({
            from: 'Heed <no-reply@heed.test>',
            to: { address: `learner-${i}@acme.test`, name: '' },
            subject: 'Training reminder',
            html: '<p>Hello</p>',
            text: 'Hello',
            messageId: `<pool-${i}@heed.test>`,
          }),
        ),
      );
      expect(pooled.recipients).toHaveLength(40);
      expect(pooled.connections).toBeGreaterThan(0);
      expect(pooled.connections).toBeLessThanOrEqual(10);
    } finally {
      transport.close();
      await pooled.close();
    }
  });

  it('lets two workers share one queue without sending anything twice', async () => {
    const org = await createOrg(t);
    const messages = Array.from({ length: 40 }, () => email());
    await queue(org, messages);
    const options = { batchSize: 7 };
    const a = t.container.createMailWorker(silent, options);
    const b = t.container.createMailWorker(silent, options);
    for (let i = 0; i < 4; i++) await Promise.all([a.runOnce(), b.runOnce()]);
    expect(messages.map((m) => received(m.to.address).length)).toEqual(messages.map(() => 1));
  });

  it('sends through the organization’s own SMTP server and sender when it has one', async () => {
    const own = await startSmtpSink();
    try {
      const org = await createOrg(t);
      const response = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/mail/settings',
        headers: org.session,
        payload: {
          smtpUrl: own.url.replace('smtp://', 'smtp://acme:s3cret@'),
          from: 'Acme Security <security@acme.test>',
        },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        smtp: {
          configured: true,
          source: 'organization',
          url: own.url.replace('smtp://', 'smtp://acme:•••@'),
        },
        from: 'Acme Security <security@acme.test>',
      });
      expect(response.body).not.toContain('s3cret');

      const message = email();
      await queue(org, [message]);
      await t.container.createMailWorker(silent).runOnce();
      expect(own.messages.map((m) => m.from?.value)).toEqual([
        [{ address: 'security@acme.test', name: 'Acme Security' }],
      ]);
      expect(received(message.to.address)).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it('keeps the stored SMTP password when the hidden form is sent back, and refuses a non-SMTP URL', async () => {
    const org = await createOrg(t);
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/mail/settings', headers: org.session, payload });
    await put({ smtpUrl: 'smtps://acme:s3cret@smtp.acme.test:465', from: null });
    const shown = (
      await t.app.inject({ method: 'GET', url: '/api/v1/mail/settings', headers: org.session })
    ).json();
    expect(shown.organizationOverride.smtpUrl).toBe('smtps://acme:•••@smtp.acme.test:465');
    await put({ smtpUrl: shown.organizationOverride.smtpUrl, from: 'Acme <it@acme.test>' });
    const stored = await t.database.db
      .selectFrom('mail_settings')
      .select('smtp_url')
      .where('org_id', '=', org.orgId)
      .executeTakeFirstOrThrow();
    expect(stored.smtp_url).toBe('smtps://acme:s3cret@smtp.acme.test:465');

    const bad = await put({ smtpUrl: 'http://smtp.acme.test', from: null });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0].message).toContain('smtp:// or smtps://');
  });

  it('keeps mail settings to signed-in admins', async () => {
    const org = await createOrg(t);
    const response = await org.request({ method: 'GET', url: '/api/v1/mail/settings' });
    expect(response.statusCode).toBe(403);
  });

  it('shows an admin the full content of an email and lets them queue a failed one again', async () => {
    const org = await createOrg(t);
    const message = email();
    sink.refuse(message.to.address, 550, 1);
    await queue(org, [message]);
    const worker = t.container.createMailWorker(silent);
    await worker.runOnce();
    const [logged] = await logOf(org, `?status=failed&search=${encodeURIComponent(message.to.address)}`);
    const detail = await org.request({ method: 'GET', url: `/api/v1/emails/${logged!.id}` });
    expect(detail.json()).toMatchObject({ status: 'failed', html: message.html, text: message.text });

    const retried = await org.request({ method: 'POST', url: `/api/v1/emails/${logged!.id}/retry` });
    expect(retried.json()).toMatchObject({ status: 'queued', statusDetail: null });
    await worker.runOnce();
    expect((await logOf(org))[0]).toMatchObject({ status: 'sent' });
    expect(received(message.to.address)).toHaveLength(1);

    const again = await org.request({ method: 'POST', url: `/api/v1/emails/${logged!.id}/retry` });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('this one is sent');
  });

  it('emails an invited admin the link to accept, and a reissued link again', async () => {
    const org = await createOrg(t);
    const address = `new-admin-${uniqueSuffix()}@acme.test`;
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admins',
      headers: org.session,
      payload: { email: address, role: 'admin', name: 'Nia Admin' },
    });
    expect(invited.statusCode).toBe(201);
    await t.container.createMailWorker(silent).runOnce();
    const [mail] = received(address);
    expect(mail!.subject).toBe('You are invited to Acme on Heed');
    expect(mail!.html).toContain(`href="${invited.json().invitationUrl.replace(/&/g, '&amp;')}"`);
    expect(mail!.text).toContain(invited.json().invitationUrl);

    const reissued = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admins/${invited.json().admin.id}/invitation`,
      headers: org.session,
    });
    await t.container.createMailWorker(silent).runOnce();
    expect(received(address)).toHaveLength(2);
    expect(received(address)[1]!.text).toContain(reissued.json().invitationUrl);
  });

  it('pages the email log newest first with a cursor', async () => {
    const org = await createOrg(t);
    for (let i = 0; i < 3; i++) {
      await queue(org, [email({ subject: `Message ${i}` })]);
      t.clock.advance(1000);
    }
    const first = (await org.request({ method: 'GET', url: '/api/v1/emails?limit=2' })).json();
    expect(first.data.map((e: { subject: string }) => e.subject)).toEqual(['Message 2', 'Message 1']);
    const second = (
      await org.request({ method: 'GET', url: `/api/v1/emails?limit=2&cursor=${first.nextCursor}` })
    ).json();
    expect(second).toMatchObject({ data: [{ subject: 'Message 0' }], nextCursor: null });
  });
});

describe('email without an SMTP server', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await createTestApp();
  });
  afterAll(() => bare.close());

  it('keeps the email with its full content, shown as "not delivered: no SMTP configured"', async () => {
    const org = await createOrg(bare);
    const message = email();
    await bare.container.services.mail.queue(bare.database.db, org.orgId, [message]);
    await bare.container.createMailWorker(silent).runOnce();
    const list = (await org.request({ method: 'GET', url: '/api/v1/emails' })).json().data;
    expect(list).toMatchObject([{ status: 'not_delivered', statusDetail: NO_SMTP_REASON }]);
    const detail = (await org.request({ method: 'GET', url: `/api/v1/emails/${list[0].id}` })).json();
    expect(detail.html).toBe(message.html);
    const settings = (
      await bare.app.inject({ method: 'GET', url: '/api/v1/mail/settings', headers: org.session })
    ).json();
    expect(settings.smtp).toEqual({ configured: false, source: 'none', url: null });
  });
});

describe('renderEmail', () => {
  it('escapes every string it is given and links only to http(s)', () => {
    const { html, text } = renderEmail({
      organizationName: 'Acme <script>alert(1)</script>',
      heading: 'Hi "Bobby" & co',
      paragraphs: ["O'Brien <b>bold</b>"],
      items: [{ label: '<img src=x onerror=alert(1)>', url: 'https://heed.test/learn?a=1&b=2' }],
      action: { label: 'Go', url: 'https://heed.test/x' },
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Acme &lt;script&gt;');
    expect(html).toContain('Hi &quot;Bobby&quot; &amp; co');
    expect(html).toContain('href="https://heed.test/learn?a=1&amp;b=2"');
    expect(text).toContain("O'Brien <b>bold</b>");
    expect(() =>
      renderEmail({
        organizationName: 'Acme',
        heading: 'x',
        paragraphs: [],
        action: { label: 'x', url: 'javascript:alert(1)' },
      }),
    ).toThrow(/javascript:/);
  });
});
