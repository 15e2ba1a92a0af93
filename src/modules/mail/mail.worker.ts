/**
 * The delivery worker: claims due emails in batches, sends each over the organization's SMTP
 * transport, and records what happened. Any number of workers can run against one database (in
 * `heed serve`, or as `heed worker` processes); claims use SKIP LOCKED and per-worker tokens.
 *
 * At most once per email: emails are marked `sending` (committed) before their SMTP conversations
 * start, a chunk of `concurrency` at a time, and an email found in `sending` after its lease is
 * marked failed, never sent again. A worker that dies therefore loses at most the chunk it was
 * sending at that moment (visible in the log with the reason), and never sends one twice; the rest
 * of its batch goes to the next worker.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { DB } from '../../platform/db/schema.ts';
import { classifySendFailure, type MailTransport } from '../../platform/mail/transport.ts';

export interface Delivery {
  transport: MailTransport;
  from: string;
}

import { type ClaimedEmail, createOutboxRepository } from './mail.repository.ts';
import { type EmailRenderers, renderQueued } from './mail.templates.ts';

export const NO_SMTP_REASON = 'not delivered: no SMTP configured';
export const INTERRUPTED_REASON =
  'Delivery was interrupted (the worker stopped while sending). Not retried, so that it is never sent twice.';

/** Waits after the 1st, 2nd, … temporary failure; after the last one the email is given up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];

export interface MailWorkerOptions {
  batchSize?: number;
  /** How many emails are handed to the transport at once (its pool sends them back to back). */
  concurrency?: number;
  /** A claimed batch must start sending within this time, or another worker may take it. */
  claimLeaseMs?: number;
  /** After this long in `sending`, an email whose worker went silent is marked failed. */
  sendLeaseMs?: number;
  /** The longest sleep between looks at the queue when nothing is due. */
  pollMs?: number;
}

export interface MailWorkerLogger {
  error(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface MailWorkerDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** How an organization's mail leaves (transport and From), or null when it has no SMTP server. */
  deliveryFor(orgId: string): Promise<Delivery | null>;
  /** The host part of Message-IDs. */
  messageIdHost: string;
  /** Renders emails queued as a template and its parameters. */
  renderers: EmailRenderers;
  log: MailWorkerLogger;
}

export function createMailWorker(deps: MailWorkerDeps, options: MailWorkerOptions = {}) {
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 50;
  const claimLeaseMs = options.claimLeaseMs ?? 2 * 60_000;
  const sendLeaseMs = options.sendLeaseMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const outbox = createOutboxRepository(deps.db);

  /**
   * Sends a chunk of one organization's emails at once: all are marked `sending` in one statement,
   * handed to the transport together (its pool of connections works through them back to back),
   * and the accepted ones are marked sent in one statement. A failure is recorded per email.
   */
  async function deliverChunk(
    orgId: string,
    emails: ClaimedEmail[],
    { transport, from }: Delivery,
    token: string,
  ) {
    // A template's email is rendered here for sending; the log renders it again when shown (only
    // an undelivered one keeps its rendered content, see markNotDelivered).
    const rendered = await renderAll(orgId, emails);
    const held = await outbox.markSending(
      orgId,
      emails.map((e) => e.id),
      token,
      deps.clock.now(),
      sendLeaseMs,
    );
    const contentOf = new Map(rendered.map((r) => [r.id, r]));
    const sending = emails.filter((e) => held.has(e.id));
    const outcomes = await Promise.allSettled(
      sending.map((email) => {
        const content = contentOf.get(email.id)!;
        return transport.send({
          from: content.from ?? from,
          to: { address: email.to_address, name: email.to_name },
          subject: content.subject ?? email.subject,
          html: content.html,
          text: content.text,
          messageId: `<${email.id}@${deps.messageIdHost}>`,
        });
      }),
    );
    const sent: string[] = [];
    const unsent: { id: string; nextAttemptAt: Date | null; reason: string }[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const email = sending[i]!;
      if (outcome.status === 'fulfilled') {
        sent.push(email.id);
        continue;
      }
      const failure = classifySendFailure(outcome.reason);
      const attempt = email.attempts + 1;
      const delay = RETRY_DELAYS_MS[attempt - 1];
      if (failure.temporary && delay !== undefined) {
        const nextAttemptAt = new Date(deps.clock.now().getTime() + delay);
        unsent.push({ id: email.id, nextAttemptAt, reason: `attempt ${attempt}: ${failure.reason}` });
      } else {
        const reason = failure.temporary
          ? `gave up after ${attempt} attempts: ${failure.reason}`
          : failure.reason;
        unsent.push({ id: email.id, nextAttemptAt: null, reason });
      }
    }
    await outbox.markUnsent(orgId, unsent, token);
    await outbox.markSent(orgId, sent, token, deps.clock.now(), deps.messageIdHost);
  }

  /** The content of each email: as queued, or rendered now from its template. */
  async function renderAll(orgId: string, emails: ClaimedEmail[]) {
    const rendered = [];
    for (const email of emails) {
      rendered.push({ id: email.id, ...(await renderQueued(deps.renderers, orgId, email)) });
    }
    return rendered;
  }

  /** Sends one organization's share of a batch, `concurrency` emails at a time. */
  async function deliverAll(orgId: string, emails: ClaimedEmail[], delivery: Delivery, token: string) {
    for (let start = 0; start < emails.length; start += concurrency) {
      const chunk = emails.slice(start, start + concurrency);
      try {
        await deliverChunk(orgId, chunk, delivery, token);
      } catch (error) {
        // A database error mid-way: the rows stay claimed or in `sending`, and the lease decides.
        deps.log.error(
          { err: error, emails: chunk.length },
          'mail delivery: could not record a chunk of emails',
        );
      }
    }
  }

  /** One pass: fail interrupted emails, claim a batch, deliver it. Returns how many were claimed. */
  async function runOnce(): Promise<number> {
    const now = deps.clock.now();
    const interrupted = await outbox.failInterrupted(now, INTERRUPTED_REASON);
    if (interrupted > 0)
      deps.log.warn({ interrupted }, 'mail delivery: emails interrupted mid-send were marked failed');
    const token = randomUUID();
    const claimed = await outbox.claimDue(now, claimLeaseMs, batchSize, token);
    const byOrg = new Map<string, ClaimedEmail[]>();
    for (const email of claimed) {
      const list = byOrg.get(email.org_id) ?? [];
      list.push(email);
      byOrg.set(email.org_id, list);
    }
    for (const [orgId, emails] of byOrg) {
      const delivery = await deps.deliveryFor(orgId);
      if (!delivery) {
        await outbox.markNotDelivered(orgId, await renderAll(orgId, emails), token, NO_SMTP_REASON);
      } else {
        await deliverAll(orgId, emails, delivery, token);
      }
    }
    return claimed.length;
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function sleep(ms: number) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
  }

  return {
    runOnce,

    /** Runs until `stop()`: batches back to back while there is work, else a short sleep. */
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let claimed = 0;
          try {
            claimed = await runOnce();
          } catch (error) {
            deps.log.error({ err: error }, 'mail delivery: a pass failed; trying again shortly');
          }
          if (running && claimed < batchSize) await sleep(pollMs);
        }
      })();
    },

    /** Something was queued: look now instead of at the end of the sleep. */
    nudge() {
      wake?.();
    },

    /** Finishes the batch in hand (its emails are in their SMTP conversation), then stops. */
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
export type MailWorker = ReturnType<typeof createMailWorker>;
