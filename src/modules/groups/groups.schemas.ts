import { z } from 'zod';

export const groupKindSchema = z.enum(['custom', 'phished', 'smart', 'synced']);

export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: groupKindSchema,
  memberCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Group = z.infer<typeof groupSchema>;

export const groupNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');
export const groupBodySchema = z.strictObject({ name: groupNameSchema });
export const groupParamsSchema = z.strictObject({ id: z.uuid() });
export const groupListSchema = z.object({ data: z.array(groupSchema) });
export const listGroupsQuerySchema = z.strictObject({
  search: z.string().trim().max(100).optional(),
  kind: groupKindSchema.optional(),
});
