/**
 * Writes tracked requests in batches, and answers each request only once its batch committed.
 *
 * A click is a small write, and thousands a second as single transactions would spend the
 * database on commits. Requests that arrive while a batch is being written wait for the next one;
 * so under load a batch holds whatever came in meanwhile (one transaction for hundreds of
 * requests), and alone a request is written at once. Each request's promise settles with its
 * batch: nothing is answered as recorded before it is, and a failed batch fails its requests
 * (the page still shows; the error is logged) instead of being retried into duplicates.
 *
 * A batch is one statement, autocommitted (tracking.repository.ts): a batch in which someone may
 * fail for the first time also marks the failure and hands it to the Phished Users automation in
 * that statement, so the event, the failure and the group membership exist together or not at all.
 * It used to be a transaction of five round trips (BEGIN, events, failures, Phished Users,
 * COMMIT), which were a third of a batch's time (docs/PERFORMANCE.md, run 15).
 *
 * One batch is written at a time: under load, everything that arrived meanwhile is the next batch
 * (much of a statement's cost is per statement, not per event; two writers at once halved the
 * batches and doubled the statements, and were tried again with the single statement: no gain), and
 * the next batch is sent before the last one's requests are answered, so the database is not left
 * waiting while their pages are sent. A batch in which nobody can fail for the first time (opens,
 * reports, hidden-link hits, and clicks or submissions of people this process has seen failed
 * already: a failure is never undone) takes no row locks and leaves the automation out.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { DB } from '../../../platform/db/schema.ts';
import type { TrackedEvent } from './tracking.repository.ts';
import { createTrackingRepository } from './tracking.repository.ts';

/** Whose a recorded token is: what the tracking server needs to answer with the right pages. */
export interface TrackedRecipient {
  orgId: string;
  campaignId: string;
  templateIndex: number;
}

interface Waiting {
  event: TrackedEvent;
  resolve: (recipient: TrackedRecipient | null) => void;
  reject: (error: unknown) => void;
}

export function createTrackingRecorder(deps: {
  db: Kysely<DB>;
  /** The time the Phished Users automation records its memberships and enrollments at. */
  clock: Clock;
  /** Batches written at once; more waiting requests form the next batches. */
  concurrency?: number;
  maxBatch?: number;
}) {
  const concurrency = deps.concurrency ?? 1;
  const maxBatch = deps.maxBatch ?? 1000;
  const tracking = createTrackingRepository(deps.db);
  /** Tokens of recipients known to have failed (bounded; forgetting one only costs row locks). */
  const failed = new Set<string>();
  const rememberFailed = (token: string) => {
    if (failed.size >= 50_000) failed.delete(failed.values().next().value!);
    failed.add(token);
  };
  const mayFailNow = (event: TrackedEvent) =>
    (event.kind === 'clicked' || event.kind === 'submitted') && !failed.has(event.token);

  let waiting: Waiting[] = [];
  let writing = 0;
  /** Batches written and not answered yet (they are answered in the next turn of the event loop). */
  let answering = 0;
  const busy = () => writing > 0 || waiting.length > 0 || answering > 0;
  let idle: Promise<void> = Promise.resolve();
  let settleIdle: (() => void) | null = null;

  async function write(batch: Waiting[]): Promise<Map<string, TrackedRecipient>> {
    const events = batch.map((w) => w.event);
    const outcomes = await tracking.recordEvents(
      events,
      events.some(mayFailNow) ? { at: deps.clock.now() } : undefined,
    );
    const recipients = new Map<string, TrackedRecipient>();
    for (const o of outcomes) {
      recipients.set(o.token, {
        orgId: o.org_id,
        campaignId: o.campaign_id,
        templateIndex: o.template_index,
      });
      // Committed: whoever failed before or in this batch has failed for good.
      if (o.failed_before || o.failed_now) rememberFailed(o.token);
    }
    return recipients;
  }

  function pump() {
    while (writing < concurrency && waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      writing++;
      write(batch).then(
        (recipients) =>
          settle(() => {
            for (const w of batch) w.resolve(recipients.get(w.event.token) ?? null);
          }),
        (error) =>
          settle(() => {
            for (const w of batch) w.reject(error);
          }),
      );
    }
  }

  /**
   * After a batch: the next one goes to the database first, and this one's requests are answered
   * in the next turn of the event loop. Answered at once, their pages would be rendered and sent
   * (a few milliseconds for a batch of dozens) before the next statement was even sent, with the
   * database idle meanwhile.
   */
  function settle(answer: () => void) {
    writing--;
    answering++;
    pump();
    setImmediate(() => {
      answering--;
      answer();
      if (!busy()) settleIdle?.();
    });
  }

  return {
    /**
     * Resolves once the event is committed, with the recipient its token names; null for a token
     * nobody was given (nothing is recorded for it).
     */
    record(event: TrackedEvent): Promise<TrackedRecipient | null> {
      return new Promise<TrackedRecipient | null>((resolve, reject) => {
        if (!busy()) {
          idle = new Promise<void>((r) => {
            settleIdle = r;
          });
        }
        waiting.push({ event, resolve, reject });
        // Requests arriving in the same turn of the event loop join this batch.
        if (writing < concurrency) setImmediate(pump);
      });
    },

    /** Waits until everything recorded so far is written and answered (shutdown, tests). */
    drain(): Promise<void> {
      return busy() ? idle : Promise.resolve();
    },
  };
}
export type TrackingRecorder = ReturnType<typeof createTrackingRecorder>;
