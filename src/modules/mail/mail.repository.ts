/**
 * Emails: queued by the services that cause them (inside their transaction), read by admins as the
 * email log, and moved along by the delivery worker (`createOutboxRepository`, the one place that
 * reads across organizations: a worker serves them all).
 */
import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { DB, EmailStatus } from '../../platform/db/schema.ts';
import { type Cursor, likePattern } from '../../platform/pagination.ts';

export interface NewEmail {
  /** One email per key and organization, ever: queuing the same key again does nothing. */
  idempotencyKey: string;
  kind: string;
  to: { address: string; name: string };
  /** The learner it is for, when it is for one (reminder cooldowns, a user's history). */
  userId: string | null;
  subject: string;
  html: string;
  text: string;
}

export interface EmailFilters {
  status?: EmailStatus;
  kind?: string;
  search?: string;
  userId?: string;
}

const LIST_COLUMNS = [
  'id',
  'kind',
  'to_address',
  'to_name',
  'user_id',
  'subject',
  'status',
  'attempts',
  'next_attempt_at',
  'last_error',
  'created_at',
  'sent_at',
] as const;

export function createEmailRepository(db: Kysely<DB>) {
  return {
    /** Queues the emails whose keys are new; returns how many were queued. */
    async queue(orgId: string, emails: NewEmail[], now: Date): Promise<number> {
      if (emails.length === 0) return 0;
      const result = await sql`
        insert into emails (org_id, idempotency_key, kind, to_address, to_name, user_id, subject, html, text,
                            next_attempt_at, created_at)
        select ${orgId}::uuid, e.key, e.kind, e.address, e.name, e.user_id, e.subject, e.html, e.text,
               ${now}::timestamptz, ${now}::timestamptz
        from unnest(${arrayLiteral(emails.map((e) => e.idempotencyKey))}::text[],
                    ${arrayLiteral(emails.map((e) => e.kind))}::text[],
                    ${arrayLiteral(emails.map((e) => e.to.address))}::text[],
                    ${arrayLiteral(emails.map((e) => e.to.name))}::text[],
                    ${arrayLiteral(emails.map((e) => e.userId))}::uuid[],
                    ${arrayLiteral(emails.map((e) => e.subject))}::text[],
                    ${arrayLiteral(emails.map((e) => e.html))}::text[],
                    ${arrayLiteral(emails.map((e) => e.text))}::text[])
          as e(key, kind, address, name, user_id, subject, html, text)
        on conflict (org_id, idempotency_key) do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** Newest first. */
    async list(orgId: string, filters: EmailFilters, page: { limit: number; cursor: Cursor | null }) {
      let query = db
        .selectFrom('emails')
        .select(LIST_COLUMNS)
        .where('org_id', '=', orgId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit + 1);
      if (filters.status) query = query.where('status', '=', filters.status);
      if (filters.kind) query = query.where('kind', '=', filters.kind);
      if (filters.userId) query = query.where('user_id', '=', filters.userId);
      if (filters.search) {
        const pattern = likePattern(filters.search);
        query = query.where((eb) =>
          eb.or([
            eb('to_address', 'ilike', pattern),
            eb('to_name', 'ilike', pattern),
            eb('subject', 'ilike', pattern),
          ]),
        );
      }
      if (page.cursor) {
        const { value, id } = page.cursor;
        query = query.where(sql<boolean>`(created_at, id) < (${value}::timestamptz, ${id}::uuid)`);
      }
      return query.execute();
    },

    async find(orgId: string, id: string) {
      return db
        .selectFrom('emails')
        .select([...LIST_COLUMNS, 'html', 'text', 'template', 'params', 'message_id'])
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Queues a failed or undelivered email once more; false when it is not in such a state. */
    async requeue(orgId: string, id: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('emails')
        .set({
          status: 'queued',
          next_attempt_at: now,
          locked_until: null,
          claim_token: null,
          last_error: null,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('status', 'in', ['failed', 'not_delivered'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** When each of these users was last sent (or queued) an email of this kind. */
    async lastQueuedAt(orgId: string, kind: string, userIds: string[]) {
      if (userIds.length === 0) return new Map<string, Date>();
      const rows = await sql<{ user_id: string; last: Date }>`
        select e.user_id, max(e.created_at) as last
        from emails e
        where e.org_id = ${orgId}::uuid and e.kind = ${kind}
          and e.user_id = any(${arrayLiteral(userIds)}::uuid[])
          and e.status in ('queued', 'sending', 'sent')
        group by e.user_id`.execute(db);
      return new Map(rows.rows.map((r) => [r.user_id, new Date(r.last)]));
    },
  };
}
export type EmailRepository = ReturnType<typeof createEmailRepository>;

export interface ClaimedEmail {
  org_id: string;
  id: string;
  to_address: string;
  to_name: string;
  subject: string;
  template: string | null;
  params: Record<string, unknown> | null;
  html: string | null;
  text: string | null;
  attempts: number;
}

/**
 * The delivery worker's side. Every state change after the claim names the worker's claim token,
 * so a worker that stalled past its lease can no longer touch a row another worker has taken over.
 */
export function createOutboxRepository(db: Kysely<DB>) {
  return {
    /** Claims up to `limit` due emails, oldest first, for `leaseMs`. */
    async claimDue(now: Date, leaseMs: number, limit: number, token: string): Promise<ClaimedEmail[]> {
      const result = await sql<ClaimedEmail>`
        update emails e
        set claim_token = ${token}::uuid, locked_until = ${new Date(now.getTime() + leaseMs)}::timestamptz
        from (
          select org_id, id from emails
          where status = 'queued' and next_attempt_at <= ${now}::timestamptz
            and (locked_until is null or locked_until <= ${now}::timestamptz)
          order by next_attempt_at, id
          limit ${limit}
          for update skip locked
        ) due
        where e.org_id = due.org_id and e.id = due.id
        returning e.org_id, e.id, e.to_address, e.to_name, e.subject, e.template, e.params, e.html, e.text, e.attempts`.execute(
        db,
      );
      return result.rows;
    },

    /**
     * Committed before the SMTP conversations start: from here on these emails may have been sent,
     * so they are never claimed again. Returns the ids still held by this claim (another worker
     * may have taken over some after a lease ran out).
     */
    async markSending(orgId: string, ids: string[], token: string, now: Date, leaseMs: number) {
      if (ids.length === 0) return new Set<string>();
      const rows = await db
        .updateTable('emails')
        .set((eb) => ({
          status: 'sending',
          attempts: eb('attempts', '+', 1),
          locked_until: new Date(now.getTime() + leaseMs),
        }))
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .where('claim_token', '=', token)
        .where('status', '=', 'queued')
        .returning('id')
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    /** The emails the SMTP server accepted; Message-IDs are `<id@host>`. */
    async markSent(orgId: string, ids: string[], token: string, now: Date, messageIdHost: string) {
      if (ids.length === 0) return;
      await db
        .updateTable('emails')
        .set({
          status: 'sent',
          sent_at: now,
          message_id: sql<string>`'<' || id || ${`@${messageIdHost}>`}`,
          locked_until: null,
          last_error: null,
        })
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .where('claim_token', '=', token)
        .where('status', '=', 'sending')
        .execute();
    },

    /**
     * The emails of a chunk that were not accepted, in one statement: each either queued again for
     * `nextAttemptAt` (a temporary failure) or failed for good (`nextAttemptAt` null), with its reason.
     */
    async markUnsent(
      orgId: string,
      emails: { id: string; nextAttemptAt: Date | null; reason: string }[],
      token: string,
    ) {
      if (emails.length === 0) return;
      await sql`
        update emails e
        set status = case when u.next_attempt_at is null then 'failed' else 'queued' end,
            next_attempt_at = coalesce(u.next_attempt_at, e.next_attempt_at),
            claim_token = case when u.next_attempt_at is null then e.claim_token end,
            last_error = u.reason, locked_until = null
        from unnest(${arrayLiteral(emails.map((m) => m.id))}::uuid[],
                    ${arrayLiteral(emails.map((m) => m.nextAttemptAt?.toISOString() ?? null))}::timestamptz[],
                    ${arrayLiteral(emails.map((m) => m.reason))}::text[]) as u(id, next_attempt_at, reason)
        where e.org_id = ${orgId}::uuid and e.id = u.id and e.claim_token = ${token}::uuid
          and e.status = 'sending'`.execute(db);
    },

    /** The claimed emails of an organization with no SMTP server: kept with their content, shown, not sent. */
    async markNotDelivered(
      orgId: string,
      emails: { id: string; html: string; text: string }[],
      token: string,
      reason: string,
    ) {
      if (emails.length === 0) return;
      await sql`
        update emails e
        set status = 'not_delivered', last_error = ${reason}, locked_until = null,
            html = coalesce(e.html, c.html), text = coalesce(e.text, c.text)
        from unnest(${arrayLiteral(emails.map((m) => m.id))}::uuid[], ${arrayLiteral(emails.map((m) => m.html))}::text[],
                    ${arrayLiteral(emails.map((m) => m.text))}::text[]) as c(id, html, text)
        where e.org_id = ${orgId}::uuid and e.id = c.id and e.claim_token = ${token}::uuid and e.status = 'queued'`.execute(
        db,
      );
    },

    /** Emails left in `sending` by a worker that stopped: their outcome is unknown, so they are not retried. */
    async failInterrupted(now: Date, reason: string): Promise<number> {
      const result = await db
        .updateTable('emails')
        .set({ status: 'failed', last_error: reason, locked_until: null })
        .where('status', '=', 'sending')
        .where('locked_until', '<=', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
