import { z } from 'zod';
import { emailSchema } from '../organizations/organizations.schemas.ts';

export const adminRoleSchema = z.enum(['owner', 'admin']);

export const adminSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: adminRoleSchema,
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  invitation: z
    .object({
      status: z
        .enum(['pending', 'expired', 'accepted'])
        .describe(
          'pending: the link works until expiresAt; expired: not accepted in time, re-send it; ' +
            'accepted: the admin has set a password (the owner who set up the organization counts as accepted)',
        ),
      expiresAt: z.string().nullable().describe('When the pending link stops working; null once accepted'),
      acceptedAt: z.string().nullable().describe('When the invitation was accepted; null if never invited'),
    })
    .describe('Whether this admin can sign in yet'),
});
export type Admin = z.infer<typeof adminSchema>;

export const adminListSchema = z.object({ data: z.array(adminSchema) });

const adminNameSchema = z.string().trim().max(200, 'must be at most 200 characters');

export const inviteAdminBodySchema = z.strictObject({
  email: emailSchema,
  name: adminNameSchema.optional(),
  role: z.literal('admin', {
    message: "must be 'admin' (to make someone the owner, transfer ownership once they have signed in)",
  }),
});
export type InviteAdminInput = z.infer<typeof inviteAdminBodySchema>;

export const invitationSchema = z.object({
  admin: adminSchema,
  invitationUrl: z
    .string()
    .describe('The one-time link to send to the invitee. Shown only in this response; it expires in 7 days.'),
});

export const updateAdminBodySchema = z
  .strictObject({
    name: adminNameSchema.optional(),
    role: adminRoleSchema
      .optional()
      .describe('Only the owner may change roles; making another admin the owner transfers ownership'),
  })
  .refine((body) => body.name !== undefined || body.role !== undefined, 'must change name or role');
export type UpdateAdminInput = z.infer<typeof updateAdminBodySchema>;

export const adminParamsSchema = z.strictObject({ id: z.uuid() });
