import { z } from 'zod';
import {
  adminSummarySchema,
  emailSchema,
  organizationNameSchema,
  organizationSchema,
  passwordSchema,
} from '../organizations/organizations.schemas.ts';

export const setupBodySchema = z.strictObject({
  token: z.string().min(1).max(200),
  organizationName: organizationNameSchema,
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(200).optional(),
});

export const acceptInvitationBodySchema = z.strictObject({
  token: z.string().min(1, 'is required').max(200),
  password: passwordSchema,
  name: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .optional()
    .describe('Your name; left out or empty keeps the one the inviting admin gave'),
});

export const loginBodySchema = z.strictObject({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(200),
});

export const sessionResponseSchema = z.object({
  admin: adminSummarySchema,
  organization: organizationSchema,
});

export const meResponseSchema = z.object({
  type: z.enum(['admin', 'api_key']),
  organization: organizationSchema,
  admin: adminSummarySchema.optional(),
  apiKey: z.object({ id: z.string(), name: z.string(), prefix: z.string() }).optional(),
});
