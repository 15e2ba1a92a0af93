/**
 * Sending one message over SMTP (nodemailer), and telling a temporary failure (try again later)
 * from a permanent one (give up and say why). Everything about when to send, and how often, is the
 * delivery worker's (src/modules/mail/mail.worker.ts).
 */
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';

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
  // The options go beside the URL: a second argument to createTransport would be message defaults,
  // and the pool settings would be silently ignored (a new connection for every message).
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 10,
    // A connection is closed and replaced after this many messages (nodemailer's default is 100).
    maxMessages: 1000,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const envelopeFrom = new Map<string, string>();
  /** The bare address of a From header ("Heed <no-reply@…>" → "no-reply@…"), parsed once per value. */
  const senderOf = (from: string) => {
    let address = envelopeFrom.get(from);
    if (address === undefined) {
      const [first] = addressparser(from, { flatten: true });
      address = first?.address ?? from;
      envelopeFrom.set(from, address);
    }
    return address;
  };
  return {
    async send(message) {
      // Composed into one buffer first: handed over as a stream, a message reaches the socket in
      // dozens of small writes, each a system call (on loopback ≈ 0.5 ms of CPU per message here).
      const raw = await new MailComposer({
        from: message.from,
        to: { name: message.to.name, address: message.to.address },
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      })
        .compile()
        .build();
      await transporter.sendMail({
        envelope: { from: senderOf(message.from), to: [message.to.address] },
        raw,
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
