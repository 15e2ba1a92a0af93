/**
 * Reminders: one email per user listing the courses they still have to complete, with links. Sent
 * to a group (all members or selected ones), to selected users, or automatically once a week to
 * users with overdue courses. Disabled users, users with nothing pending and users reminded within
 * the organization's cooldown are skipped and counted. "Sent" means queued in the same transaction;
 * delivery is the mail worker's.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import type { MailService } from '../mail/mail.service.ts';
import { type EmailRenderer, renderEmail } from '../mail/mail.templates.ts';
import {
  createReminderRepository,
  type ReminderParams,
  type ReminderTargets,
} from './reminders.repository.ts';
import type { ReminderResult, TrainingSettings, UpdateTrainingSettingsInput } from './reminders.schemas.ts';

const HOUR = 3600_000;
const DEFAULTS = {
  reminder_cooldown_hours: 24,
  auto_reminders: false,
  auto_reminder_weekday: 1,
  auto_reminder_hour: 9,
  time_zone: 'UTC',
  auto_reminders_last_run: null,
};

export function createReminderService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  publicUrl: string;
  mail: Pick<MailService, 'queue' | 'notifyQueued'>;
}) {
  /** Classifies the targets and queues the reminders, in the caller's transaction. */
  async function remind(
    trx: Kysely<DB>,
    orgId: string,
    targets: ReminderTargets,
    requested: number | null,
  ): Promise<ReminderResult> {
    const now = deps.clock.now();
    const repository = createReminderRepository(trx);
    const settings = (await repository.settings(orgId)) ?? DEFAULTS;
    const org = await trx
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    const counts = await repository.queueReminders(orgId, targets, {
      cooldownStart: new Date(now.getTime() - settings.reminder_cooldown_hours * HOUR),
      now,
      // Two requests at once for the same people fall in the same minute: the key lets one through.
      slot: now.toISOString().slice(0, 16),
      organizationName: org.name,
    });
    return {
      sent: counts.sent,
      skipped: {
        nothingPending: counts.nothing_pending,
        disabled: counts.disabled,
        cooldown: counts.cooldown,
      },
      notFound: requested === null ? 0 : requested - counts.targeted,
    };
  }

  async function remindAndRecord(
    ctx: RequestContext,
    targets: ReminderTargets,
    requested: number | null,
    audit: object,
  ) {
    const now = deps.clock.now();
    const result = await deps.db.transaction().execute(async (trx) => {
      if (targets.kind === 'group') {
        const group = await trx
          .selectFrom('groups')
          .select(['id', 'name'])
          .where('org_id', '=', ctx.orgId)
          .where('id', '=', targets.groupId)
          .executeTakeFirst();
        if (!group) throw new NotFoundError('Group');
        Object.assign(audit, { group: group.name });
      }
      const outcome = await remind(trx, ctx.orgId, targets, requested);
      if (outcome.sent > 0) {
        await createAuditRepository(trx).record(ctx, now, {
          action: 'reminders.sent',
          targetType: targets.kind === 'group' ? 'group' : 'user',
          targetId: targets.kind === 'group' ? targets.groupId : null,
          details: { ...audit, sent: outcome.sent, skipped: outcome.skipped },
        });
      }
      return outcome;
    });
    if (result.sent > 0) deps.mail.notifyQueued();
    return result;
  }

  function toSettings(
    row:
      | typeof DEFAULTS
      | NonNullable<Awaited<ReturnType<ReturnType<typeof createReminderRepository>['settings']>>>,
  ): TrainingSettings {
    return {
      reminderCooldownHours: row.reminder_cooldown_hours,
      automaticReminders: {
        enabled: row.auto_reminders,
        weekday: row.auto_reminder_weekday,
        hour: row.auto_reminder_hour,
        timeZone: row.time_zone,
        lastRunAt: row.auto_reminders_last_run ? new Date(row.auto_reminders_last_run).toISOString() : null,
      },
    };
  }

  return {
    remindGroup(ctx: RequestContext, groupId: string, userIds: string[] | undefined) {
      const ids = userIds ? [...new Set(userIds)] : null;
      return remindAndRecord(ctx, { kind: 'group', groupId, userIds: ids }, null, {
        members: ids?.length ?? 'all',
      });
    },

    remindUsers(ctx: RequestContext, userIds: string[]) {
      const ids = [...new Set(userIds)];
      return remindAndRecord(ctx, { kind: 'users', userIds: ids }, ids.length, { users: ids.length });
    },

    /** Serves every organization whose weekly automatic reminder is due now. Returns what was sent. */
    async runAutomaticReminders(): Promise<{ orgId: string; result: ReminderResult }[]> {
      const now = deps.clock.now();
      const due = await createReminderRepository(deps.db).claimDueAutomaticReminders(now);
      const served = [];
      for (const org of due) {
        const result = await deps.db.transaction().execute(async (trx) => {
          const outcome = await remind(trx, org.org_id, { kind: 'overdue', now }, null);
          if (outcome.sent > 0) {
            await createAuditRepository(trx).record(
              {
                orgId: org.org_id,
                actor: { type: 'system', id: null, label: 'Automatic reminders' },
                ip: null,
              },
              now,
              {
                action: 'reminders.sent',
                targetType: 'user',
                details: { automatic: true, sent: outcome.sent, skipped: outcome.skipped },
              },
            );
          }
          return outcome;
        });
        served.push({ orgId: org.org_id, result });
      }
      if (served.some((s) => s.result.sent > 0)) deps.mail.notifyQueued();
      return served;
    },

    async settings(orgId: string): Promise<TrainingSettings> {
      return toSettings((await createReminderRepository(deps.db).settings(orgId)) ?? DEFAULTS);
    },

    async updateSettings(ctx: RequestContext, input: UpdateTrainingSettingsInput): Promise<TrainingSettings> {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        await createReminderRepository(trx).saveSettings(
          ctx.orgId,
          {
            reminder_cooldown_hours: input.reminderCooldownHours,
            auto_reminders: input.automaticReminders.enabled,
            auto_reminder_weekday: input.automaticReminders.weekday,
            auto_reminder_hour: input.automaticReminders.hour,
            time_zone: input.automaticReminders.timeZone,
          },
          now,
        );
        await createAuditRepository(trx).record(ctx, now, {
          action: 'training.settings_updated',
          targetType: 'organization',
          targetId: ctx.orgId,
          details: input,
        });
      });
      return this.settings(ctx.orgId);
    },
  };
}
export type ReminderService = ReturnType<typeof createReminderService>;

/**
 * Renders a queued reminder (template `reminder`) at delivery: the organization's current name and
 * time zone (read at most every few seconds per organization), its pending courses with links.
 */
export function createReminderRenderer(deps: {
  db: Kysely<DB>;
  clock: Clock;
  publicUrl: string;
}): EmailRenderer {
  const organizations = new Map<string, { readAt: number; name: string; date: Intl.DateTimeFormat }>();
  async function organization(orgId: string) {
    const now = deps.clock.now().getTime();
    const cached = organizations.get(orgId);
    if (cached && now - cached.readAt < 10_000) return cached;
    const row = await deps.db
      .selectFrom('organizations as o')
      .leftJoin('training_settings as s', 's.org_id', 'o.id')
      .select(['o.name', 's.time_zone'])
      .where('o.id', '=', orgId)
      .executeTakeFirstOrThrow();
    const fresh = {
      readAt: now,
      name: row.name,
      date: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: row.time_zone ?? 'UTC' }),
    };
    organizations.set(orgId, fresh);
    return fresh;
  }

  return async (orgId, raw) => {
    const params = raw as unknown as ReminderParams;
    const { name, date } = await organization(orgId);
    const asOf = new Date(params.asOf);
    const tasks = params.tasks;
    const overdue = tasks.some((t) => new Date(t.dueAt) < asOf);
    return renderEmail({
      organizationName: name,
      preheader: `${tasks.length} security training ${tasks.length === 1 ? 'course' : 'courses'} to complete`,
      heading: overdue ? 'Your security training is overdue' : 'A reminder about your security training',
      paragraphs: [
        `Hello ${params.firstName || params.email},`,
        tasks.length === 1
          ? 'You still have this course to complete:'
          : `You still have these ${tasks.length} courses to complete:`,
      ],
      items: tasks.map((t) => ({
        label: t.title,
        detail:
          new Date(t.dueAt) < asOf
            ? `overdue since ${date.format(new Date(t.dueAt))}`
            : `due ${date.format(new Date(t.dueAt))}`,
        url: `${deps.publicUrl}/learn/courses/${t.courseId}`,
      })),
      action: { label: 'Go to my training', url: `${deps.publicUrl}/learn` },
      footer: `You get this because ${name} assigned you security training. Sign in with your work email: a one-time link is sent to you.`,
    });
  };
}
