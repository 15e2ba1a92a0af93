/**
 * The composition root shared by every entry (server, CLI, tests, benchmarks):
 * config → database → services, built once and passed down explicitly.
 */

import { createAdminService } from './modules/admins/admins.service.ts';
import { createApiKeyService } from './modules/api-keys/api-keys.service.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createDepartmentService } from './modules/departments/departments.service.ts';
import { createExportService } from './modules/exports/exports.service.ts';
import { createGroupService } from './modules/groups/groups.service.ts';
import { createImportService } from './modules/imports/imports.service.ts';
import { createLearnService } from './modules/learn/learn.service.ts';
import { createDeliveryResolver } from './modules/mail/mail.delivery.ts';
import { createMailService } from './modules/mail/mail.service.ts';
import type { EmailRenderers } from './modules/mail/mail.templates.ts';
import {
  createMailWorker,
  type MailWorker,
  type MailWorkerLogger,
  type MailWorkerOptions,
} from './modules/mail/mail.worker.ts';
import { createMembershipService } from './modules/memberships/memberships.service.ts';
import { createOrganizationService } from './modules/organizations/organizations.service.ts';
import { createCampaignRenderer, createCampaignService } from './modules/phishing/campaigns.service.ts';
import { createPhishedUsersService } from './modules/phishing/phished-users.service.ts';
import { createPhishingService } from './modules/phishing/phishing.service.ts';
import { createPhishingResultsService } from './modules/phishing/results.service.ts';
import { createReminderRenderer, createReminderService } from './modules/reminders/reminders.service.ts';
import { createTrainingService } from './modules/training/training.service.ts';
import { createUserService } from './modules/users/users.service.ts';
import type { Clock } from './platform/clock.ts';
import { systemClock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { type Database, openDatabase } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrator.ts';
import { createPageCache } from './platform/page-cache.ts';

export function createServices(
  database: Database,
  config: Config,
  clock: Clock,
  delivery: Pick<ReturnType<typeof createDeliveryResolver>, 'forget'>,
) {
  const { db } = database;
  const organizations = createOrganizationService({ db, clock });
  // Templates rendered at delivery, by the module that owns them.
  const renderers: EmailRenderers = {
    reminder: createReminderRenderer({ db, clock, publicUrl: config.publicUrl }),
    phishing: createCampaignRenderer({ db, trackingUrl: config.tracking.publicUrl }),
  };
  const mail = createMailService({
    db,
    clock,
    instance: { smtpUrl: config.mail.smtpUrl, from: config.mail.from },
    delivery,
    renderers,
  });
  return {
    renderers,
    mail,
    organizations,
    auth: createAuthService({ db, clock, organizations, sessionTtlMs: config.sessionTtlMs }),
    apiKeys: createApiKeyService({ db, clock }),
    admins: createAdminService({ db, clock, publicUrl: config.publicUrl, mail }),
    audit: createAuditService({ db }),
    users: createUserService({ db, clock }),
    departments: createDepartmentService({ db, clock }),
    groups: createGroupService({ db, clock }),
    memberships: createMembershipService({
      db,
      clock,
      pages: createPageCache({ maxBytes: config.pageCacheBytes }),
    }),
    imports: createImportService({ db, clock }),
    exports: createExportService({ db, clock }),
    training: createTrainingService({ db, clock }),
    phishing: createPhishingService({ db, clock }),
    campaigns: createCampaignService({ db, clock, mail, trackingUrl: config.tracking.publicUrl }),
    phishedUsers: createPhishedUsersService({ db, clock }),
    phishingResults: createPhishingResultsService({ db, clock }),
    learn: createLearnService({ db, clock, publicUrl: config.publicUrl, mail }),
    reminders: createReminderService({ db, clock, publicUrl: config.publicUrl, mail }),
  };
}
export type Services = ReturnType<typeof createServices>;

export interface Container {
  config: Config;
  clock: Clock;
  database: Database;
  services: Services;
  /**
   * A delivery worker for this process (each call makes one; `heed serve` starts one unless
   * MAIL_WORKER=false, `heed worker` runs one alone, tests drive theirs with `runOnce`).
   */
  createMailWorker(log: MailWorkerLogger, options?: MailWorkerOptions): MailWorker;
  /**
   * What runs beside requests: the mail delivery worker; once a minute, the weekly automatic
   * reminders that are due and the Phished Users removal sweep; every 5 s, campaigns moving on by time. `stop()` finishes the batch in hand.
   */
  startBackgroundWork(log: MailWorkerLogger): { stop(): Promise<void> };
  close(): Promise<void>;
}

export async function createContainer(
  config: Config,
  options: { clock?: Clock; database?: Database; migrate?: boolean } = {},
): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.database));
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const delivery = createDeliveryResolver({
    db: database.db,
    clock,
    instance: { smtpUrl: config.mail.smtpUrl, from: config.mail.from },
  });
  const services = createServices(database, config, clock, delivery);
  const newMailWorker = (log: MailWorkerLogger, options?: MailWorkerOptions) => {
    const worker = createMailWorker(
      {
        db: database.db,
        clock,
        deliveryFor: delivery.deliveryFor,
        messageIdHost: new URL(config.publicUrl).hostname,
        renderers: services.renderers,
        log,
      },
      options,
    );
    return worker;
  };
  return {
    config,
    clock,
    database,
    services,
    createMailWorker: newMailWorker,
    startBackgroundWork(log) {
      const worker = newMailWorker(log);
      // New mail in this process wakes the worker instead of waiting for its next poll.
      const unsubscribe = services.mail.onQueued(() => worker.nudge());
      worker.start();
      let running: Promise<unknown> = Promise.resolve();
      const timer = setInterval(() => {
        running = Promise.all([
          services.reminders.runAutomaticReminders().catch((error) => {
            log.error({ err: error }, 'automatic reminders: a run failed; the next minute tries again');
          }),
          services.phishedUsers.sweep().catch((error) => {
            log.error({ err: error }, 'phished users: the removal sweep failed; the next minute tries again');
          }),
        ]);
      }, 60_000);
      timer.unref();
      // Campaigns move on by time (scheduled → sending → in progress → completed).
      let advancing: Promise<unknown> = Promise.resolve();
      const campaignTimer = setInterval(() => {
        advancing = services.campaigns.advance().catch((error) => {
          log.error({ err: error }, 'phishing campaigns: moving campaigns on failed; trying again shortly');
        });
      }, 5_000);
      campaignTimer.unref();
      return {
        async stop() {
          clearInterval(timer);
          clearInterval(campaignTimer);
          unsubscribe();
          await running;
          await advancing;
          await worker.stop();
        },
      };
    },
    async close() {
      delivery.close();
      await database.close();
    },
  };
}
