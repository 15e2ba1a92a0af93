import { z } from 'zod';

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string().nullable(), label: z.string() }),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
});

export const createdApiKeySchema = z.object({
  apiKey: apiKeySchema,
  secret: z.string().describe('The key itself. Shown only in this response; store it now.'),
});

export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) });
export const apiKeyParamsSchema = z.strictObject({ id: z.uuid() });
