/**
 * A real SMTP server in the test process (smtp-server), keeping every message it accepts, parsed
 * (mailparser). It can be told to refuse a recipient, temporarily (4xx) or for good (5xx), like a
 * real mail server would.
 */
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Parsed messages (left empty with `parse: false`). */
  messages: ParsedMail[];
  /** Per message accepted, its envelope recipients: cheap, for counting thousands. */
  recipients: string[][];
  /** SMTP connections opened to the sink so far. */
  readonly connections: number;
  /** Refuse RCPT TO for this address with this SMTP reply code, `times` times (default: always). */
  refuse(address: string, code: number, times?: number): void;
  /** Resolves when at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { parse?: boolean } = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const messages: ParsedMail[] = [];
  const recipients: string[][] = [];
  let connections = 0;
  const refusals = new Map<string, { code: number; times: number }>();
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    disabledCommands: ['STARTTLS'],
    // No DNS here: a reverse lookup of the client would only wait for a resolver.
    disableReverseLookup: true,
    logger: false,
    // Senders keep pooled connections open; closing the sink ends them rather than waiting 30 s.
    closeTimeout: 50,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (refusal && refusal.times > 0) {
        refusal.times--;
        const error = Object.assign(
          new Error(`${refusal.code === 550 ? 'Mailbox unavailable' : 'Try again later'}`),
          {
            responseCode: refusal.code,
          },
        );
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const accepted = () => {
        recipients.push(session.envelope.rcptTo.map((r) => r.address.toLowerCase()));
        for (const wake of waiters.splice(0)) wake();
        callback();
      };
      if (!parse) {
        stream.on('data', () => {});
        stream.on('end', accepted);
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          accepted();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    recipients,
    get connections() {
      return connections;
    },
    refuse(address, code, times = Number.POSITIVE_INFINITY) {
      refusals.set(address.toLowerCase(), { code, times });
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (recipients.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${recipients.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
