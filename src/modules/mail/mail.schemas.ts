import { z } from 'zod';
import { cursorSchema, limitSchema } from '../../platform/pagination.ts';

export const emailStatusSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'not_delivered']);

export const emailSchema = z.object({
  id: z.string(),
  kind: z.string().describe('What the email is: admin_invitation, reminder, sign_in_link, …'),
  to: z.object({ address: z.string(), name: z.string() }),
  userId: z.string().nullable().describe('The learner it was for, if any'),
  subject: z.string(),
  status: emailStatusSchema,
  statusDetail: z
    .string()
    .nullable()
    .describe('Why it is not (yet) sent: the SMTP error, "not delivered: no SMTP configured", …'),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable().describe('When a queued email is tried (again)'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type Email = z.infer<typeof emailSchema>;

export const emailDetailSchema = emailSchema.extend({
  html: z.string(),
  text: z.string(),
  messageId: z.string().nullable(),
});
export type EmailDetail = z.infer<typeof emailDetailSchema>;

export const emailPageSchema = z.object({ data: z.array(emailSchema), nextCursor: z.string().nullable() });

export const listEmailsQuerySchema = z.strictObject({
  status: emailStatusSchema.optional(),
  kind: z.string().trim().max(50).optional(),
  search: z.string().trim().max(200).optional().describe('Matches recipient or subject, case-insensitively'),
  userId: z.uuid().optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListEmailsQuery = z.infer<typeof listEmailsQuerySchema>;

export const emailParamsSchema = z.strictObject({ id: z.uuid() });

const smtpUrlSchema = z
  .string()
  .trim()
  .max(1000)
  .regex(
    /^smtps?:\/\/[^\s]+$/,
    'must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465',
  );

export const mailSettingsSchema = z.object({
  smtp: z.object({
    configured: z.boolean().describe('Whether email is sent at all; without SMTP it is kept in the log'),
    source: z.enum(['organization', 'instance', 'none']),
    url: z.string().nullable().describe('The SMTP server in use, password hidden'),
  }),
  from: z.string(),
  organizationOverride: z.object({
    smtpUrl: z.string().nullable().describe('password hidden'),
    from: z.string().nullable(),
  }),
});
export type MailSettings = z.infer<typeof mailSettingsSchema>;

export const updateMailSettingsBodySchema = z.strictObject({
  smtpUrl: smtpUrlSchema.nullable().describe("The organization's own SMTP server; null uses the instance's"),
  from: z
    .string()
    .trim()
    .min(3)
    .max(320)
    .regex(/^[^\r\n]+$/, 'must be one line')
    .nullable()
    .describe('The From header, e.g. "Acme Security <security@acme.example>"; null uses the instance\'s'),
});
export type UpdateMailSettingsInput = z.infer<typeof updateMailSettingsBodySchema>;
