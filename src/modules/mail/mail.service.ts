/**
 * Email, as the rest of Heed sees it: other services queue messages inside their own transaction
 * (`queue`), admins read the log, retry what failed, and set their organization's SMTP server.
 * Delivery itself is the worker's (mail.worker.ts).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import type { DeliveryResolver, InstanceMail } from './mail.delivery.ts';
import { createEmailRepository, type NewEmail } from './mail.repository.ts';
import type {
  Email,
  EmailDetail,
  ListEmailsQuery,
  MailSettings,
  UpdateMailSettingsInput,
} from './mail.schemas.ts';
import { type EmailRenderers, renderQueued } from './mail.templates.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** `smtp://user:secret@host` → `smtp://user:•••@host`: settings are shown, passwords never. */
export function withoutPassword(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '•••';
    return decodeURIComponent(parsed.toString());
  } catch {
    return null;
  }
}

type EmailRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createEmailRepository>['find']>>>;

function toEmail(row: Omit<EmailRow, 'html' | 'text' | 'template' | 'params' | 'message_id'>): Email {
  return {
    id: row.id,
    kind: row.kind,
    to: { address: row.to_address, name: row.to_name },
    userId: row.user_id,
    subject: row.subject,
    status: row.status,
    statusDetail: row.status === 'sent' ? null : row.last_error,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'queued' ? iso(row.next_attempt_at) : null,
    createdAt: iso(row.created_at)!,
    sentAt: iso(row.sent_at),
  };
}

export function createMailService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  instance: InstanceMail;
  delivery: Pick<DeliveryResolver, 'forget'>;
  renderers: EmailRenderers;
}) {
  const queuedListeners = new Set<() => void>();

  return {
    /**
     * Queues emails in the caller's transaction (pass its `trx`): they exist exactly when the change
     * that caused them commits. Call `notifyQueued()` after the commit to have them sent at once.
     */
    queue(trx: Kysely<DB>, orgId: string, emails: NewEmail[]): Promise<number> {
      return createEmailRepository(trx).queue(orgId, emails, deps.clock.now());
    },

    notifyQueued() {
      for (const listener of queuedListeners) listener();
    },

    /** The delivery worker in this process listens, so new mail does not wait for its next poll. */
    onQueued(listener: () => void) {
      queuedListeners.add(listener);
      return () => queuedListeners.delete(listener);
    },

    async list(orgId: string, query: ListEmailsQuery): Promise<Page<Email>> {
      const cursor = decodeCursor(query.cursor, 'timestamp');
      const rows = await createEmailRepository(deps.db).list(orgId, query, { limit: query.limit, cursor });
      return toPage(rows, query.limit, (r) => ({ value: iso(r.created_at)!, id: r.id }), toEmail);
    },

    async get(orgId: string, id: string): Promise<EmailDetail> {
      const row = await createEmailRepository(deps.db).find(orgId, id);
      if (!row) throw new NotFoundError('Email');
      // Queued from a template and not processed yet: shown as it will be rendered.
      const content = await renderQueued(deps.renderers, orgId, row);
      return { ...toEmail(row), ...content, messageId: row.message_id };
    },

    /** Queues a failed or undelivered email again (an admin's decision: it may reach someone twice). */
    async retry(ctx: RequestContext, id: string): Promise<EmailDetail> {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const emails = createEmailRepository(trx);
        const row = await emails.find(ctx.orgId, id);
        if (!row) throw new NotFoundError('Email');
        if (!(await emails.requeue(ctx.orgId, id, now))) {
          throw new ConflictError(
            `Only a failed or undelivered email can be sent again; this one is ${row.status.replace('_', ' ')}.`,
          );
        }
        await createAuditRepository(trx).record(ctx, now, {
          action: 'email.retried',
          targetType: 'email',
          targetId: id,
          details: { to: row.to_address, subject: row.subject, previousStatus: row.status },
        });
      });
      this.notifyQueued();
      return this.get(ctx.orgId, id);
    },

    async settings(orgId: string): Promise<MailSettings> {
      const own = await deps.db
        .selectFrom('mail_settings')
        .select(['smtp_url', 'mail_from'])
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      const smtpUrl = own?.smtp_url ?? deps.instance.smtpUrl;
      return {
        smtp: {
          configured: smtpUrl !== null,
          source: own?.smtp_url ? 'organization' : deps.instance.smtpUrl ? 'instance' : 'none',
          url: withoutPassword(smtpUrl),
        },
        from: own?.mail_from ?? deps.instance.from,
        organizationOverride: {
          smtpUrl: withoutPassword(own?.smtp_url ?? null),
          from: own?.mail_from ?? null,
        },
      };
    },

    async updateSettings(ctx: RequestContext, input: UpdateMailSettingsInput): Promise<MailSettings> {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const stored = await trx
          .selectFrom('mail_settings')
          .select('smtp_url')
          .where('org_id', '=', ctx.orgId)
          .forUpdate()
          .executeTakeFirst();
        // The console shows the stored URL with its password hidden; sending that back unchanged
        // keeps the stored password.
        const smtpUrl =
          input.smtpUrl !== null && stored?.smtp_url && input.smtpUrl === withoutPassword(stored.smtp_url)
            ? stored.smtp_url
            : input.smtpUrl;
        await trx
          .insertInto('mail_settings')
          .values({ org_id: ctx.orgId, smtp_url: smtpUrl, mail_from: input.from, updated_at: now })
          .onConflict((oc) =>
            oc.column('org_id').doUpdateSet({ smtp_url: smtpUrl, mail_from: input.from, updated_at: now }),
          )
          .execute();
        await createAuditRepository(trx).record(ctx, now, {
          action: 'mail.settings_updated',
          targetType: 'organization',
          targetId: ctx.orgId,
          details: { smtpUrl: withoutPassword(input.smtpUrl), from: input.from },
        });
      });
      deps.delivery.forget(ctx.orgId);
      return this.settings(ctx.orgId);
    },
  };
}
export type MailService = ReturnType<typeof createMailService>;
