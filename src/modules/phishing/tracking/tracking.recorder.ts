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
 * A failure (the first failing event of a recipient) is handed to the Phished Users automation
 * in the same transaction, so the event and the group membership exist together or not at all.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { FirstFailure, TrackedEvent } from './tracking.repository.ts';
import { createTrackingRepository } from './tracking.repository.ts';

export interface FailureHandler {
  recordFailures(
    trx: Kysely<DB>,
    orgId: string,
    failures: {
      userId: string;
      campaignId: string;
      campaignName: string;
      event: 'clicked' | 'submitted';
      at: Date;
    }[],
  ): Promise<void>;
}

interface Waiting {
  event: TrackedEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createTrackingRecorder(deps: {
  db: Kysely<DB>;
  phishedUsers: FailureHandler;
  /** Batches written at once; more waiting requests form the next batches. */
  concurrency?: number;
  maxBatch?: number;
}) {
  const concurrency = deps.concurrency ?? 2;
  const maxBatch = deps.maxBatch ?? 1000;
  let waiting: Waiting[] = [];
  let writing = 0;
  let idle: Promise<void> = Promise.resolve();
  let settleIdle: (() => void) | null = null;

  async function write(batch: Waiting[]) {
    await deps.db.transaction().execute(async (trx) => {
      const tracking = createTrackingRepository(trx);
      const outcomes = await tracking.recordEvents(batch.map((w) => w.event));
      const failures = await tracking.markFailed(
        outcomes.map((o) => ({
          orgId: o.org_id,
          campaignId: o.campaign_id,
          recipientId: o.recipient_id,
          at: new Date(o.fail_at!),
          kind: o.fail_kind!,
        })),
      );
      const byOrg = new Map<string, FirstFailure[]>();
      for (const failure of failures) {
        const list = byOrg.get(failure.orgId) ?? [];
        list.push(failure);
        byOrg.set(failure.orgId, list);
      }
      for (const [orgId, list] of byOrg) await deps.phishedUsers.recordFailures(trx, orgId, list);
    });
  }

  function pump() {
    while (writing < concurrency && waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      writing++;
      write(batch)
        .then(
          () => {
            for (const w of batch) w.resolve();
          },
          (error) => {
            for (const w of batch) w.reject(error);
          },
        )
        .finally(() => {
          writing--;
          if (writing === 0 && waiting.length === 0) settleIdle?.();
          pump();
        });
    }
  }

  return {
    /** Resolves once the event is committed. */
    record(event: TrackedEvent): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (writing === 0 && waiting.length === 0) {
          idle = new Promise<void>((r) => {
            settleIdle = r;
          });
        }
        waiting.push({ event, resolve, reject });
        // Requests arriving in the same turn of the event loop join this batch.
        if (writing < concurrency) setImmediate(pump);
      });
    },

    /** Waits until everything recorded so far is written (shutdown, tests). */
    drain(): Promise<void> {
      return writing === 0 && waiting.length === 0 ? Promise.resolve() : idle;
    },
  };
}
export type TrackingRecorder = ReturnType<typeof createTrackingRecorder>;
