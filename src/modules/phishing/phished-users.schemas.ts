/** The API of the Phished Users automation (Phishing Simulation → Settings → Phished Users). */
import { z } from 'zod';

export const removeAfterSchema = z
  .enum(['never', '1m', '3m', '6m', '1y'])
  .describe('Automatic removal, counted from the failure: never, 1 month, 3 months, 6 months or 1 year');
export type RemoveAfter = z.infer<typeof removeAfterSchema>;

export const phishedUsersSettingsSchema = z.object({
  enabled: z.boolean().describe('Whether people who fail a simulation are added to the group'),
  groupName: z.string(),
  removeAfter: removeAfterSchema,
  remediationCourseIds: z
    .array(z.string())
    .describe('Courses assigned automatically to everyone who fails, due remediationDueDays later'),
  remediationDueDays: z.number().int(),
  groupId: z
    .string()
    .nullable()
    .describe('Read-only: the group of kind "phished", created the first time the automation is enabled'),
  memberCount: z.number().int().describe('Read-only: how many people are in the group now'),
});
export type PhishedUsersSettings = z.infer<typeof phishedUsersSettingsSchema>;

export const updatePhishedUsersSettingsBodySchema = z.strictObject({
  enabled: z.boolean(),
  groupName: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  removeAfter: removeAfterSchema,
  remediationCourseIds: z
    .array(z.uuid({ message: 'must be course ids' }))
    .max(50, 'at most 50 courses')
    .default([]),
  remediationDueDays: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(365, 'must be at most 365 days')
    .default(14),
});
export type UpdatePhishedUsersSettingsInput = z.infer<typeof updatePhishedUsersSettingsBodySchema>;

/** What a phished group's membership says about why the person is there (`membership.reason`). */
export interface PhishedReason {
  campaignId: string;
  campaignName: string;
  event: 'clicked' | 'submitted';
  /** ISO 8601: when the person failed; the removal timer counts from here. */
  at: string;
}
