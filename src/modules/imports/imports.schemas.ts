import { z } from 'zod';
import { groupNameSchema } from '../groups/groups.schemas.ts';
import { emailSchema } from '../organizations/organizations.schemas.ts';
import { USER_FIELD_LIMITS } from '../users/users.schemas.ts';

export const MAX_IMPORT_ROWS = 100_000;
const MAX_GROUPS_PER_ROW = 50;

const cell = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullish();

/** One row of an import, from JSON or a CSV record. Empty means "keep what is stored". */
export const importRowSchema = z.strictObject({
  email: z.string({ error: 'Email is required' }).trim().min(1, 'Email is required').pipe(emailSchema),
  firstName: cell(USER_FIELD_LIMITS.name, 'First Name'),
  lastName: cell(USER_FIELD_LIMITS.name, 'Last Name'),
  department: cell(100, 'Department'),
  language: cell(USER_FIELD_LIMITS.language, 'Language'),
  location: cell(USER_FIELD_LIMITS.location, 'Location'),
  groups: z
    .array(z.string().trim().max(100, 'a group name must be at most 100 characters'))
    .max(MAX_GROUPS_PER_ROW, `at most ${MAX_GROUPS_PER_ROW} groups per user`)
    .nullish(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const bulkJsonBodySchema = z.strictObject({
  users: z
    .array(z.unknown())
    .min(1, 'must list at least one user')
    .max(MAX_IMPORT_ROWS, `at most ${MAX_IMPORT_ROWS} users per request`)
    .describe('Each: {email, firstName?, lastName?, department?, language?, location?, groups?: string[]}'),
  group: groupNameSchema.optional().describe('Also assign every user to this group (created if missing)'),
});

export const bulkQuerySchema = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Validate and report without writing anything'),
  group: groupNameSchema.optional().describe('Also assign every user to this group (created if missing)'),
});

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), email: z.string().nullable(), message: z.string() })),
  departmentsCreated: z.number().int(),
  groupsCreated: z.number().int(),
  membershipsAdded: z.number().int(),
});
export type ImportReport = z.infer<typeof importReportSchema>;
