import { z } from 'zod';

export const groupRemindersBodySchema = z
  .strictObject({
    userIds: z
      .array(z.uuid())
      .min(1, 'must list at least one user')
      .max(100_000)
      .optional()
      .describe(
        "Only these members (others in the list are not the group's and are left out); all members when omitted",
      ),
  })
  .nullish()
  .describe('Optional: without a body, every member is reminded');

export const userRemindersBodySchema = z.strictObject({
  userIds: z.array(z.uuid()).min(1, 'must list at least one user').max(100_000),
});

export const reminderResultSchema = z.object({
  sent: z.number().int().describe('Reminders queued for delivery, one per user'),
  skipped: z.object({
    nothingPending: z.number().int().describe('No course left to complete'),
    disabled: z.number().int().describe('Disabled accounts are never reminded'),
    cooldown: z.number().int().describe('Reminded within the cooldown (training settings)'),
  }),
  notFound: z.number().int().describe('User ids that are no user of the organization'),
});
export type ReminderResult = z.infer<typeof reminderResultSchema>;

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

export const trainingSettingsSchema = z.object({
  reminderCooldownHours: z.number().int(),
  automaticReminders: z.object({
    enabled: z.boolean(),
    weekday: z.number().int().describe('0 = Sunday … 6 = Saturday'),
    hour: z.number().int().describe('0–23, in timeZone'),
    timeZone: z.string(),
    lastRunAt: z.string().nullable(),
  }),
});
export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;

export const updateTrainingSettingsBodySchema = z.strictObject({
  reminderCooldownHours: z.number().int().min(0).max(720),
  automaticReminders: z.strictObject({
    enabled: z.boolean(),
    weekday: z.number().int().min(0).max(6),
    hour: z.number().int().min(0).max(23),
    timeZone: z
      .string()
      .max(100)
      .refine((tz) => TIME_ZONES.has(tz), 'must be an IANA time zone, e.g. Europe/Berlin'),
  }),
});
export type UpdateTrainingSettingsInput = z.infer<typeof updateTrainingSettingsBodySchema>;
