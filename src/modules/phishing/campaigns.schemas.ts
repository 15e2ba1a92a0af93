/** The API of phishing campaigns: create, edit while a draft, launch, cancel, list, results. */
import { z } from 'zod';

export const campaignStatusSchema = z.enum([
  'draft',
  'scheduled',
  'sending',
  'in_progress',
  'completed',
  'cancelled',
]);
export const failingActionSchema = z.enum(['clicked', 'submitted']);

const ids = (what: string) =>
  z
    .array(z.uuid({ message: `must be ${what} ids` }))
    .max(10_000, 'at most 10,000 ids')
    .default([]);

// Years 1–9999 (in UTC): the databases cannot store or read back a time outside them (a 500 otherwise).
const isoDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date and time' })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, 'must be between the years 1 and 9999');

export const campaignBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  templateIds: z
    .array(z.uuid({ message: 'must be template ids' }))
    .min(1, 'pick at least one template')
    .max(20, 'at most 20 templates')
    .describe('Several: each recipient gets one of them, picked at random'),
  landingPageId: z.uuid({ message: 'must be a landing page id' }),
  groupIds: ids('group').describe('Everyone in these groups'),
  departmentIds: ids('department').describe('Everyone in these departments'),
  userIds: ids('user').describe('These people'),
  launchAt: isoDateTime
    .nullable()
    .default(null)
    .describe('When sending starts; null or a past time: as soon as the campaign is launched'),
  sendWindowMinutes: z
    .number()
    .int()
    .min(0)
    .max(10_080, 'at most 7 days')
    .default(0)
    .describe('Spread the emails evenly over this many minutes from the launch (0: all at once)'),
  failOn: z
    .array(failingActionSchema)
    .min(1, 'pick what counts as failing')
    .default(['clicked', 'submitted'])
    .describe(
      'What counts as failing: clicking the link, submitting the form, or either. Opening never does.',
    ),
  endsAt: isoDateTime
    .nullable()
    .default(null)
    .describe('After this, the campaign is completed: later clicks are recorded but no longer count'),
});
export type CampaignInput = z.infer<typeof campaignBodySchema>;

export const campaignParamsSchema = z.strictObject({ id: z.uuid({ message: 'must be a campaign id' }) });

export const funnelSchema = z.object({
  recipients: z.number().int(),
  sent: z.number().int(),
  deliveryFailed: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  submitted: z.number().int(),
  reported: z.number().int(),
  failed: z
    .number()
    .int()
    .describe('People who did what counts as failing (suppressed requests never count)'),
  suppressed: z.number().int().describe('Requests taken for mail scanners’ (never counted)'),
});
export type Funnel = z.infer<typeof funnelSchema>;

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: campaignStatusSchema,
  templates: z.array(z.object({ id: z.string(), name: z.string() })),
  landingPage: z.object({ id: z.string(), name: z.string() }),
  groupIds: z.array(z.string()),
  departmentIds: z.array(z.string()),
  userIds: z.array(z.string()),
  launchAt: z.string().nullable(),
  sendWindowMinutes: z.number().int(),
  failOn: z.array(failingActionSchema),
  endsAt: z.string().nullable(),
  recipientCount: z.number().int(),
  launchedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  funnel: funnelSchema,
  phishProne: z.number().nullable().describe('failed ÷ delivered, 0–1; null before anything is delivered'),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const listCampaignsQuerySchema = z.strictObject({
  status: campaignStatusSchema.optional(),
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuerySchema>;
export const campaignPageSchema = z.object({
  data: z.array(campaignSchema),
  nextCursor: z.string().nullable(),
});

/** What launching would do, without launching: the console's last wizard step. */
export const audiencePreviewBodySchema = campaignBodySchema.pick({
  groupIds: true,
  departmentIds: true,
  userIds: true,
});
export const audiencePreviewSchema = z.object({
  recipients: z.number().int().describe('Active people, each once'),
  disabledLeftOut: z.number().int(),
  sample: z.array(z.object({ id: z.string(), email: z.string(), name: z.string() })).max(10),
});
export type AudiencePreview = z.infer<typeof audiencePreviewSchema>;
