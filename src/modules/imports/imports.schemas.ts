import { z } from 'zod';
import { groupNameSchema } from '../groups/groups.schemas.ts';
import { EMAIL_MAX_LENGTH, emailSchema } from '../organizations/organizations.schemas.ts';
import { USER_FIELD_LIMITS } from '../users/users.schemas.ts';

export const MAX_IMPORT_ROWS = 100_000;
const MAX_GROUPS_PER_ROW = 50;
const GROUP_NAME_MAX = 100;
const TEXT_LIMITS: Record<'firstName' | 'lastName' | 'department' | 'language' | 'location', number> = {
  firstName: USER_FIELD_LIMITS.name,
  lastName: USER_FIELD_LIMITS.name,
  department: 100,
  language: USER_FIELD_LIMITS.language,
  location: USER_FIELD_LIMITS.location,
};

const cell = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullish();

/** One row of an import, from JSON or a CSV record. Empty means "keep what is stored". */
export const importRowSchema = z.strictObject({
  email: z.string({ error: 'Email is required' }).trim().min(1, 'Email is required').pipe(emailSchema),
  firstName: cell(TEXT_LIMITS.firstName, 'First Name'),
  lastName: cell(TEXT_LIMITS.lastName, 'Last Name'),
  department: cell(TEXT_LIMITS.department, 'Department'),
  language: cell(TEXT_LIMITS.language, 'Language'),
  location: cell(TEXT_LIMITS.location, 'Location'),
  groups: z
    .array(z.string().trim().max(GROUP_NAME_MAX, `a group name must be at most ${GROUP_NAME_MAX} characters`))
    .max(MAX_GROUPS_PER_ROW, `at most ${MAX_GROUPS_PER_ROW} groups per user`)
    .nullish(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

/**
 * `importRowSchema.parse` for the rows that are plainly valid, without zod: an upload of 100,000
 * rows spent ≈ 0.2 s in zod. Returns what zod would (strings trimmed), or undefined when the row is
 * not plainly valid, and then zod decides and words the error. It accepts only what the schema
 * accepts (the same email pattern, limits after trimming), which `imports.schemas.test.ts` checks
 * against zod itself.
 */
export function parsePlainImportRow(raw: unknown): ImportRow | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const row: Record<string, unknown> = {};
  let email: string | undefined;
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = (raw as Record<string, unknown>)[key];
    if (key === 'email') {
      if (typeof value !== 'string') return undefined;
      email = value.trim();
      if (email.length === 0 || email.length > EMAIL_MAX_LENGTH || !z.regexes.email.test(email))
        return undefined;
      row.email = email;
    } else if (key === 'groups') {
      if (value === null || value === undefined) {
        row.groups = value;
        continue;
      }
      if (!Array.isArray(value) || value.length > MAX_GROUPS_PER_ROW) return undefined;
      const groups: string[] = [];
      for (const name of value) {
        if (typeof name !== 'string') return undefined;
        const trimmed = name.trim();
        if (trimmed.length > GROUP_NAME_MAX) return undefined;
        groups.push(trimmed);
      }
      row.groups = groups;
    } else if (Object.hasOwn(TEXT_LIMITS, key)) {
      if (value === null || value === undefined) {
        row[key] = value;
        continue;
      }
      if (typeof value !== 'string') return undefined;
      const trimmed = value.trim();
      if (trimmed.length > TEXT_LIMITS[key as keyof typeof TEXT_LIMITS]) return undefined;
      row[key] = trimmed;
    } else {
      return undefined;
    }
  }
  return email === undefined ? undefined : (row as ImportRow);
}

/**
 * A valid row as the write takes it, numbered as the upload showed it: every field present (names ''
 * and the others null when blank: "keep what is stored"), the email's lower-case key beside it, and
 * its non-blank group names.
 */
export interface NormalizedImportRow {
  row: number;
  email: string;
  emailKey: string;
  firstName: string;
  lastName: string;
  department: string | null;
  language: string | null;
  location: string | null;
  groups: readonly string[];
}

/** The groups of a row that names none: one shared list, frozen. */
const NO_GROUPS: readonly string[] = Object.freeze([]);

export function normalizeImportRow(row: number, data: ImportRow): NormalizedImportRow {
  const groups = data.groups?.filter(Boolean);
  return {
    row,
    email: data.email,
    emailKey: data.email.toLowerCase(),
    firstName: data.firstName ?? '',
    lastName: data.lastName ?? '',
    department: data.department || null,
    language: data.language || null,
    location: data.location || null,
    groups: groups?.length ? groups : NO_GROUPS,
  };
}

/**
 * The same for a CSV record, read straight from its cells: what `normalizeImportRow` makes of what
 * `parsePlainImportRow` returns for the object `csvToRows` would build from them (blank cells left
 * out, groups split on ";"), without building either object: the row is made once, in its final
 * shape. Undefined when the record is not plainly valid.
 */
export function parsePlainCsvRecord(
  record: readonly string[],
  fields: readonly (keyof ImportRow | null)[],
  row: number,
): NormalizedImportRow | undefined {
  let email: string | undefined;
  let firstName = '';
  let lastName = '';
  let department: string | null = null;
  let language: string | null = null;
  let location: string | null = null;
  let groups: readonly string[] = NO_GROUPS;
  for (let c = 0; c < fields.length; c++) {
    const field = fields[c];
    const value = record[c];
    if (!field || value === undefined) continue;
    const trimmed = value.trim();
    if (trimmed === '') continue;
    if (field === 'email') {
      if (trimmed.length > EMAIL_MAX_LENGTH || !z.regexes.email.test(trimmed)) return undefined;
      email = trimmed;
    } else if (field === 'groups') {
      const names: string[] = [];
      for (const part of value.split(';')) {
        const name = part.trim();
        if (!name) continue;
        if (name.length > GROUP_NAME_MAX) return undefined;
        names.push(name);
      }
      if (names.length > MAX_GROUPS_PER_ROW) return undefined;
      if (names.length > 0) groups = names;
    } else {
      if (trimmed.length > TEXT_LIMITS[field]) return undefined;
      if (field === 'firstName') firstName = trimmed;
      else if (field === 'lastName') lastName = trimmed;
      else if (field === 'department') department = trimmed;
      else if (field === 'language') language = trimmed;
      else location = trimmed;
    }
  }
  if (email === undefined) return undefined;
  return {
    row,
    email,
    emailKey: email.toLowerCase(),
    firstName,
    lastName,
    department,
    language,
    location,
    groups,
  };
}

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
