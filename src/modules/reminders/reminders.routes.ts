import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { groupParamsSchema } from '../groups/groups.schemas.ts';
import {
  groupRemindersBodySchema,
  reminderResultSchema,
  trainingSettingsSchema,
  updateTrainingSettingsBodySchema,
  userRemindersBodySchema,
} from './reminders.schemas.ts';
import type { ReminderService } from './reminders.service.ts';

// 100,000 user ids is ~4 MB of JSON.
const REMINDER_BODY_LIMIT = 16 * 1024 * 1024;

export function reminderRoutes(deps: { reminders: ReminderService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Reminders'];
    const description =
      'Each user gets one email listing the courses they still have to complete, with links. Disabled users, users with nothing pending and users reminded within the cooldown (training settings, 24 h by default) are skipped and counted. "sent" means queued for delivery; the email log shows delivery.';
    app.post(
      '/groups/:id/reminders',
      {
        bodyLimit: REMINDER_BODY_LIMIT,
        schema: {
          tags,
          summary: "Remind a group's members (all, or the listed ones) of their pending training",
          description,
          params: groupParamsSchema,
          body: groupRemindersBodySchema,
          response: { 200: reminderResultSchema },
        },
      },
      async (request) => deps.reminders.remindGroup(request.ctx, request.params.id, request.body?.userIds),
    );
    app.post(
      '/users/reminders',
      {
        bodyLimit: REMINDER_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Remind the listed users of their pending training',
          description,
          body: userRemindersBodySchema,
          response: { 200: reminderResultSchema },
        },
      },
      async (request) => deps.reminders.remindUsers(request.ctx, request.body.userIds),
    );
    app.get(
      '/training/settings',
      {
        schema: {
          tags,
          summary: 'Reminder cooldown and the weekly automatic reminder for overdue training',
          response: { 200: trainingSettingsSchema },
        },
      },
      async (request) => deps.reminders.settings(request.ctx.orgId),
    );
    app.put(
      '/training/settings',
      {
        schema: {
          tags,
          summary:
            'Set the reminder cooldown and the weekly automatic reminder (weekday and hour in a time zone)',
          body: updateTrainingSettingsBodySchema,
          response: { 200: trainingSettingsSchema },
        },
      },
      async (request) => deps.reminders.updateSettings(request.ctx, request.body),
    );
  };
}
