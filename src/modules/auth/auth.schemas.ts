import { z } from 'zod';
import { adminRoleSchema } from '../admins/admins.schemas.ts';
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

export const invitationLookupBodySchema = z.strictObject({
  token: z
    .string()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters')
    .describe('The token of the invitation link (its `token` query parameter)'),
});

export const invitationDescriptionSchema = z.object({
  organizationName: z.string().describe('The organization the invitee will administer'),
  email: z.string().describe('The email the invitee will sign in with'),
  name: z.string().describe('The name the inviting admin entered; may be empty'),
  role: adminRoleSchema,
  expiresAt: z.string().describe('When the link stops working'),
});
export type InvitationDescription = z.infer<typeof invitationDescriptionSchema>;

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
