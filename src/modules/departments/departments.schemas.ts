import { z } from 'zod';

export const departmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(['manual', 'sso']),
  memberCount: z.number().int(),
  createdAt: z.string(),
});
export type Department = z.infer<typeof departmentSchema>;

export const departmentNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');
export const departmentBodySchema = z.strictObject({ name: departmentNameSchema });
export const departmentParamsSchema = z.strictObject({ id: z.uuid() });
export const departmentListSchema = z.object({ data: z.array(departmentSchema) });
