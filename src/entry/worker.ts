/**
 * Composition root of `heed worker`: email delivery and automatic reminders without the HTTP server,
 * for deployments that run them in processes of their own (any number, on PostgreSQL; run the
 * servers with MAIL_WORKER=false). Stops after its batch in hand on SIGINT/SIGTERM.
 */
import { createContainer } from '../container.ts';
import type { Config } from '../platform/config.ts';

export async function runWorker(config: Config) {
  const container = await createContainer(config);
  const log = {
    error: (object: object, message: string) =>
      process.stderr.write(`${message} ${JSON.stringify(object, errorJson)}\n`),
    warn: (object: object, message: string) => process.stderr.write(`${message} ${JSON.stringify(object)}\n`),
  };
  const background = container.startBackgroundWork(log);
  process.stdout.write(
    `Delivering email${config.mail.smtpUrl ? '' : ' (SMTP_URL is not set: only organizations with their own SMTP server get mail)'}. Stop with Ctrl-C.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await background.stop();
  await container.close();
}

function errorJson(_key: string, value: unknown) {
  return value instanceof Error ? { message: value.message, stack: value.stack } : value;
}
