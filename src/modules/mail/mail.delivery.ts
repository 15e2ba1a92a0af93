/**
 * Which SMTP server and sender an organization's mail goes out through: its own (Account Settings →
 * Email) or else the instance's (SMTP_URL, MAIL_FROM), or none. Transports are pooled connections,
 * kept one per SMTP URL; an organization's settings are read at most every few seconds per process.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { DB } from '../../platform/db/schema.ts';
import { createSmtpTransport, type MailTransport } from '../../platform/mail/transport.ts';
import type { Delivery } from './mail.worker.ts';

const SETTINGS_TTL_MS = 5_000;

export interface InstanceMail {
  smtpUrl: string | null;
  from: string;
}

export function createDeliveryResolver(deps: {
  db: Kysely<DB>;
  clock: Clock;
  instance: InstanceMail;
  createTransport?: (url: string) => MailTransport;
}) {
  const createTransport = deps.createTransport ?? ((url: string) => createSmtpTransport(url));
  const transports = new Map<string, MailTransport>();
  const settings = new Map<string, { readAt: number; smtpUrl: string | null; from: string | null }>();

  async function organizationSettings(orgId: string) {
    const now = deps.clock.now().getTime();
    const cached = settings.get(orgId);
    if (cached && now - cached.readAt < SETTINGS_TTL_MS) return cached;
    const row = await deps.db
      .selectFrom('mail_settings')
      .select(['smtp_url', 'mail_from'])
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    const fresh = { readAt: now, smtpUrl: row?.smtp_url ?? null, from: row?.mail_from ?? null };
    settings.set(orgId, fresh);
    return fresh;
  }

  return {
    async deliveryFor(orgId: string): Promise<Delivery | null> {
      const own = await organizationSettings(orgId);
      const url = own.smtpUrl ?? deps.instance.smtpUrl;
      if (!url) return null;
      let transport = transports.get(url);
      if (!transport) {
        transport = createTransport(url);
        transports.set(url, transport);
      }
      return { transport, from: own.from ?? deps.instance.from };
    },

    /** The organization changed its settings in this process: read them again next time. */
    forget(orgId: string) {
      settings.delete(orgId);
    },

    close() {
      for (const transport of transports.values()) transport.close();
      transports.clear();
    },
  };
}
export type DeliveryResolver = ReturnType<typeof createDeliveryResolver>;
