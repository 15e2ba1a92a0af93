/** Composition root of the HTTP server: container → app → listen, with graceful shutdown. */
import { createContainer } from '../container.ts';
import { buildApp } from '../http/app.ts';
import { buildTrackingApp } from '../modules/phishing/tracking/tracking.server.ts';
import type { Config } from '../platform/config.ts';

export async function startServer(config: Config) {
  const container = await createContainer(config);
  const app = await buildApp(container);
  // The phishing simulation's links land on their own listener and origin (tracking.server.ts).
  const tracking = buildTrackingApp({
    db: container.database.db,
    clock: container.clock,
    trustProxy: config.trustProxy,
    logLevel: config.logLevel,
  });

  const setupToken = await container.services.auth.issueSetupTokenIfEmpty();
  await app.listen({ host: config.host, port: config.port });
  const trackingAddress = await tracking.listen({ host: config.host, port: config.tracking.port });
  app.log.info(
    `Phishing tracking listening at ${trackingAddress}; simulation emails link to ${config.tracking.publicUrl}`,
  );
  // Email and automatic reminders go out from this process unless `heed worker` processes do it.
  const background = config.mail.runWorker ? container.startBackgroundWork(app.log) : null;
  if (!config.mail.smtpUrl) {
    app.log.warn(
      'SMTP_URL is not set: emails are kept in the email log, not sent (unless an organization sets its own SMTP server).',
    );
  }
  if (setupToken) {
    const link = `${config.publicUrl}/setup?token=${setupToken}`;
    process.stdout.write(
      [
        '',
        'This Heed instance has no organization yet. Create yours with this one-time setup link:',
        `  ${link}`,
        'or through the API:',
        `  curl -X POST ${config.publicUrl}/api/v1/setup -H 'content-type: application/json' \\`,
        `    -d '{"token":"${setupToken}","organizationName":"Acme","email":"you@example.com","password":"a long passphrase"}'`,
        '',
      ].join('\n'),
    );
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await tracking.close();
      await tracking.drain();
      await background?.stop();
      await container.close();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { app, tracking, container };
}
