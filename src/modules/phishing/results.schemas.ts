/** Campaign results and the organization's phishing statistics. */
import { z } from 'zod';
import { campaignSchema, funnelSchema } from './campaigns.schemas.ts';

export const phishingEventKindSchema = z.enum([
  'sent',
  'delivery_failed',
  'opened',
  'clicked',
  'submitted',
  'reported',
  'bait',
]);

/** A breakdown row: a department, a group, or a person. */
export const rateRowSchema = z.object({
  id: z.string().nullable().describe('null: people without a department'),
  name: z.string(),
  recipients: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  reported: z.number().int(),
  phishProne: z.number().nullable().describe('failed ÷ delivered, 0–1; null when nothing was delivered'),
});
export type RateRow = z.infer<typeof rateRowSchema>;

export const campaignResultsSchema = z.object({
  campaign: campaignSchema,
  funnel: funnelSchema,
  byDepartment: z.array(rateRowSchema),
  byGroup: z.array(rateRowSchema).describe('The targeted groups the recipients were in at launch'),
  /** Events per hour since launch (for the chart), non-suppressed only. */
  timeline: z.array(
    z.object({
      hour: z.string(),
      opened: z.number().int(),
      clicked: z.number().int(),
      submitted: z.number().int(),
      reported: z.number().int(),
    }),
  ),
});
export type CampaignResults = z.infer<typeof campaignResultsSchema>;

export const recipientStatusSchema = z.enum([
  'scheduled',
  'sent',
  'delivery_failed',
  'opened',
  'clicked',
  'submitted',
  'reported',
]);
export type RecipientStatus = z.infer<typeof recipientStatusSchema>;

export const recipientSchema = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  template: z.string(),
  status: recipientStatusSchema.describe('The furthest the person went'),
  failed: z.boolean(),
  sendAt: z.string(),
  sentAt: z.string().nullable(),
  deliveryFailedAt: z.string().nullable(),
  deliveryError: z.string().nullable(),
  openedAt: z.string().nullable(),
  clickedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  suppressed: z.number().int(),
});
export type Recipient = z.infer<typeof recipientSchema>;

export const listRecipientsQuerySchema = z.strictObject({
  search: z.string().trim().max(200).optional().describe('Matches name or email'),
  status: recipientStatusSchema.optional(),
  failed: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListRecipientsQuery = z.infer<typeof listRecipientsQuerySchema>;
export const recipientPageSchema = z.object({
  data: z.array(recipientSchema),
  nextCursor: z.string().nullable(),
});

export const eventSchema = z.object({
  id: z.string(),
  kind: phishingEventKindSchema,
  at: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  suppressed: z.boolean(),
  suppressedReason: z.string().nullable(),
  detail: z.string().nullable(),
});
export const recipientTimelineSchema = z.object({ recipient: recipientSchema, events: z.array(eventSchema) });

export const recipientParamsSchema = z.strictObject({
  id: z.uuid({ message: 'must be a campaign id' }),
  recipientId: z.uuid({ message: 'must be a recipient id' }),
});

export const phishingStatsSchema = z.object({
  organization: rateRowSchema,
  /** One point per launched campaign, oldest first (the trend). */
  trend: z.array(
    z.object({
      campaignId: z.string(),
      name: z.string(),
      launchedAt: z.string(),
      delivered: z.number().int(),
      failed: z.number().int(),
      reported: z.number().int(),
      phishProne: z.number().nullable(),
    }),
  ),
  byDepartment: z.array(rateRowSchema),
  byGroup: z.array(rateRowSchema),
  /** The people who failed most, most first (at most 20). */
  topUsers: z.array(rateRowSchema),
});
export type PhishingStats = z.infer<typeof phishingStatsSchema>;
