import { z } from 'zod';
import { cursorSchema, limitSchema } from '../../platform/pagination.ts';

export const auditEntrySchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actor: z.object({
    type: z.enum(['admin', 'api_key', 'system']),
    id: z.string().nullable(),
    label: z.string(),
  }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

// Years 1–9999: PGlite sends a Date as its toISOString, which it cannot read back outside them.
const instantSchema = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
}, 'must be between the years 1 and 9999');

export const auditQuerySchema = z.strictObject({
  action: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  actorId: z.uuid().optional(),
  since: instantSchema.optional(),
  until: instantSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});

export const auditPageSchema = z.object({
  data: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
