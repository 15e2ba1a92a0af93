/**
 * The tracking server: what the links and the image in a simulation email reach. Its own listener
 * and origin (TRACKING_PORT), as Gophish separates its phish server: no admin cookies, no API, no
 * console there, only these routes, each keyed by the recipient's unguessable token:
 *
 *   GET  /o/:token   the open pixel (a 1×1 GIF)
 *   GET  /c/:token   the lure's link: records the click and shows the landing page
 *   POST /s/:token   the landing page's form: records the submission (the body is never read) and
 *                    shows the teachable moment
 *   GET  /r/:token   the report link: asks to confirm; POST /r/:token records the report
 *   GET  /b/:token   the hidden bait link no person can see (scanners.ts)
 *
 * An unknown token is a plain 404 that records nothing. Pages are sent with a policy that lets
 * them load styles and images only and post forms only back here.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { DB } from '../../../platform/db/schema.ts';
import { escapeHtml } from '../../mail/mail.templates.ts';
import { prepareLandingPage, renderTeachableMoment } from '../landing-page.ts';
import { scannerByRequest } from './scanners.ts';
import { createTrackingRecorder, type TrackedRecipient as Recipient } from './tracking.recorder.ts';
import { createTrackingRepository, type TrackedKind } from './tracking.repository.ts';

const TOKEN = /^[0-9a-f]{32}$/;
const TOKEN_SLOT = '00000000000000000000000000000000';
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

interface CampaignPages {
  /** The landing page prepared with a placeholder token in its form's action. */
  landing: string;
  organizationName: string;
  redFlags: string[][];
}

/** A small map that forgets its oldest entries (a campaign's pages never change once launched). */
function boundedCache<V>(limit: number) {
  const map = new Map<string, V>();
  return {
    get: (key: string) => map.get(key),
    set(key: string, value: V) {
      if (map.size >= limit) map.delete(map.keys().next().value!);
      map.set(key, value);
    },
  };
}

const simplePage = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{margin:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1b1e;line-height:1.5}
main{max-width:560px;margin:48px auto;background:#fff;border-radius:10px;padding:32px 36px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 12px}button{font:inherit;font-weight:600;background:#1c7ed6;color:#fff;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}</style>
</head><body><main>${body}</main></body></html>`;

export function buildTrackingApp(deps: {
  db: Kysely<DB>;
  clock: Clock;
  trustProxy: boolean;
  logLevel?: string;
}): FastifyInstance & { drain(): Promise<void> } {
  // Warnings and errors only: a line per request (Fastify's info level) would be a line per click.
  const level =
    deps.logLevel && ['fatal', 'error', 'silent'].includes(deps.logLevel) ? deps.logLevel : 'warn';
  const app = Fastify({
    logger: deps.logLevel ? { level } : false,
    trustProxy: deps.trustProxy,
    bodyLimit: 64 * 1024,
  });
  const tracking = createTrackingRepository(deps.db);
  const recorder = createTrackingRecorder({ db: deps.db, clock: deps.clock });
  const campaigns = boundedCache<CampaignPages>(200);

  // What a form sends is never read: the stream is drained and thrown away unparsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, undefined));
    payload.on('error', done);
  });

  /**
   * The recipient a token names, looked up on its own: only for the report link's confirmation
   * page and when recording failed (every other request learns it from the batch that records it).
   */
  async function recipientOf(token: string): Promise<Recipient | null> {
    if (!TOKEN.test(token)) return null;
    const row = await tracking.recipientByToken(token);
    return row ? { orgId: row.org_id, campaignId: row.campaign_id, templateIndex: row.template_index } : null;
  }

  async function pagesOf(recipient: Recipient): Promise<CampaignPages> {
    const key = `${recipient.orgId}:${recipient.campaignId}`;
    const cached = campaigns.get(key);
    if (cached) return cached;
    const row = await tracking.campaignContent(recipient.orgId, recipient.campaignId);
    if (!row) throw new Error(`campaign ${recipient.campaignId} vanished`);
    const pages: CampaignPages = {
      // Prepared again on the way out (the table holds prepared HTML already): every form posts
      // back here, empty.
      landing: prepareLandingPage(row.content.landingPage.html, { submitUrl: `/s/${TOKEN_SLOT}` }),
      organizationName: row.organization_name,
      redFlags: row.content.templates.map((t) => t.redFlags),
    };
    campaigns.set(key, pages);
    return pages;
  }

  /** Records the request; resolves once committed, with the recipient its token names (null: nobody's). */
  function track(request: FastifyRequest, kind: TrackedKind, token: string) {
    const userAgent = request.headers['user-agent'];
    return recorder.record({
      token,
      kind,
      at: deps.clock.now(),
      ip: request.ip ?? null,
      userAgent: userAgent ? userAgent.slice(0, 500) : null,
      suppressedReason: scannerByRequest(request.method, userAgent),
    });
  }

  const notFound = (reply: FastifyReply) =>
    reply
      .code(404)
      .headers(PAGE_HEADERS)
      .send(simplePage('Link not valid', '<h1>This link is not valid</h1><p>It may have been mistyped.</p>'));

  type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

  /**
   * Records the request and hands the handler the recipient its token names, which the batch that
   * recorded it found (no lookup of its own). An unknown token records nothing and is a 404. If
   * recording fails, the person still gets the page (the token looked up on its own) and the lost
   * event is in the log with the reason.
   */
  const recorded =
    (
      kind: TrackedKind,
      handler: (request: TokenRequest, reply: FastifyReply, recipient: Recipient) => Promise<unknown>,
    ) =>
    async (request: TokenRequest, reply: FastifyReply) => {
      const { token } = request.params;
      if (!TOKEN.test(token)) return notFound(reply);
      let recipient: Recipient | null;
      try {
        recipient = await track(request, kind, token);
      } catch (error) {
        request.log.error({ err: error, kind }, 'tracking: could not record an event');
        recipient = await recipientOf(token);
      }
      if (!recipient) return notFound(reply);
      return handler(request, reply, recipient);
    };

  app.get(
    '/o/:token',
    recorded('opened', async (_request, reply) => {
      return reply
        .headers({ 'content-type': 'image/gif', 'cache-control': 'no-store, max-age=0' })
        .send(PIXEL);
    }),
  );

  app.get(
    '/c/:token',
    recorded('clicked', async (request, reply, recipient) => {
      const pages = await pagesOf(recipient);
      return reply.headers(PAGE_HEADERS).send(pages.landing.replaceAll(TOKEN_SLOT, request.params.token));
    }),
  );

  app.post(
    '/s/:token',
    recorded('submitted', async (_request, reply, recipient) => {
      const pages = await pagesOf(recipient);
      return reply.headers(PAGE_HEADERS).send(
        renderTeachableMoment({
          organizationName: pages.organizationName,
          redFlags: pages.redFlags[recipient.templateIndex] ?? [],
        }),
      );
    }),
  );

  app.get('/r/:token', async (request: TokenRequest, reply) => {
    const recipient = await recipientOf(request.params.token);
    if (!recipient) return notFound(reply);
    const pages = await pagesOf(recipient);
    return reply.headers(PAGE_HEADERS).send(
      simplePage(
        'Report a suspicious email',
        `<p style="color:#555;font-size:13px;font-weight:600;margin:0 0 20px">${escapeHtml(pages.organizationName)}</p>
<h1>Report this email as suspicious?</h1>
<p>Reporting tells your security team about the email you just opened. It is always the right thing to do with an email you are unsure about.</p>
<form method="post"><button type="submit">Report it</button></form>`,
      ),
    );
  });

  app.post(
    '/r/:token',
    recorded('reported', async (_request, reply, recipient) => {
      const pages = await pagesOf(recipient);
      return reply.headers(PAGE_HEADERS).send(
        simplePage(
          'Thank you for reporting',
          `<p style="color:#555;font-size:13px;font-weight:600;margin:0 0 20px">${escapeHtml(pages.organizationName)}</p>
<h1>Thank you: well spotted</h1>
<p>This email was a phishing simulation from ${escapeHtml(pages.organizationName)}, and reporting it was exactly right. Keep reporting anything that looks suspicious.</p>`,
        ),
      );
    }),
  );

  app.get(
    '/b/:token',
    recorded('bait', async (_request, reply) => {
      return reply.headers({ 'content-type': 'text/plain', 'cache-control': 'no-store' }).send('');
    }),
  );

  app.setNotFoundHandler((_request, reply) => notFound(reply));
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    request.log.error({ err: error }, 'tracking: request failed');
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return reply
      .code(status)
      .headers(PAGE_HEADERS)
      .send(
        simplePage('Something went wrong', '<h1>Something went wrong</h1><p>Please try again later.</p>'),
      );
  });

  return Object.assign(app, { drain: () => recorder.drain() });
}
