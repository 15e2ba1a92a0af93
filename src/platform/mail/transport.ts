/**
 * Sending one message over SMTP (nodemailer), and telling a temporary failure (try again later)
 * from a permanent one (give up and say why). Everything about when to send, and how often, is the
 * delivery worker's (src/modules/mail/mail.worker.ts).
 */
import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  from: string;
  to: { address: string; name: string };
  subject: string;
  html: string;
  text: string;
  /** Stable per email, so a receiving server that sees the same message twice can tell. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

export interface SendFailure {
  temporary: boolean;
  reason: string;
}

/** A pooled SMTP transport for `smtp://user:pass@host:port` or `smtps://…` URLs. */
export function createSmtpTransport(url: string, options: { timeoutMs?: number } = {}): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport(url, {
    pool: true,
    maxConnections: 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as Parameters<typeof nodemailer.createTransport>[1]);
  return {
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: { name: message.to.name, address: message.to.address },
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      });
    },
    close: () => transporter.close(),
  };
}

const TEMPORARY_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
]);

/**
 * SMTP says it itself: 4xx replies are transient, 5xx permanent (RFC 5321 §4.2.1). Without a reply
 * (the server could not be reached, the connection dropped), trying again later is the right call;
 * anything else (a malformed address, a message nodemailer refuses to build) will never succeed.
 */
export function classifySendFailure(error: unknown): SendFailure {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const reason = (e?.response ?? e?.message ?? String(error)).trim().slice(0, 500);
  if (typeof e?.responseCode === 'number') {
    return { temporary: e.responseCode >= 400 && e.responseCode < 500, reason };
  }
  if (e?.code && TEMPORARY_CODES.has(e.code)) return { temporary: true, reason };
  return { temporary: false, reason };
}
