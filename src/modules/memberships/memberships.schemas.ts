import { z } from 'zod';
import { emailSchema } from '../organizations/organizations.schemas.ts';
import { listUsersQuerySchema, userSchema } from '../users/users.schemas.ts';

const MAX_PER_CALL = 100_000;

export const addMembersBodySchema = z
  .strictObject({
    userIds: z.array(z.uuid()).max(MAX_PER_CALL).optional(),
    emails: z.array(emailSchema).max(MAX_PER_CALL).optional(),
  })
  .refine((b) => (b.userIds?.length ?? 0) + (b.emails?.length ?? 0) > 0, {
    message: 'list at least one user in userIds or emails',
  });

export const addMembersResultSchema = z.object({
  added: z.number().int(),
  alreadyMembers: z.number().int(),
  notFound: z.object({ userIds: z.array(z.string()), emails: z.array(z.string()) }),
});
export type AddMembersResult = z.infer<typeof addMembersResultSchema>;

export const removeMembersBodySchema = z.strictObject({
  userIds: z.array(z.uuid()).min(1, 'must list at least one user').max(MAX_PER_CALL),
});
export const removeMembersResultSchema = z.object({ removed: z.number().int() });

export const membershipSchema = z.object({
  addedAt: z.string(),
  addedBy: z.object({
    type: z.enum(['admin', 'api_key', 'system']),
    id: z.string().nullable(),
    label: z.string(),
  }),
  reason: z.unknown().nullable(),
  expiresAt: z.string().nullable(),
});

export const memberSchema = userSchema.extend({ membership: membershipSchema });
export type Member = z.infer<typeof memberSchema>;

export const listMembersQuerySchema = listUsersQuerySchema.omit({ groupId: true, notInGroupId: true });
export const memberPageSchema = z.object({ data: z.array(memberSchema), nextCursor: z.string().nullable() });

/** The filters of the members list, without sort or paging: "every member matching this search". */
export const memberIdsQuerySchema = listMembersQuerySchema.pick({
  search: true,
  departmentId: true,
  status: true,
});
export const memberIdsSchema = z.object({ userIds: z.array(z.string()) });
