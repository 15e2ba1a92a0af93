/**
 * Bulk upsert of users from JSON or CSV, by email. Rows are validated first; bad ones are reported
 * with their row number and never written, good ones are written together in one transaction, in
 * set-based batches. A dry run does all of it and rolls back, so its report is exactly what a real
 * run would say.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { BULK_WRITE_ANALYZE_THRESHOLD, refreshStatistics } from '../../platform/db/statistics.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createDepartmentRepository } from '../departments/departments.repository.ts';
import { createGroupRepository } from '../groups/groups.repository.ts';
import { forEachCsvRecord, isBlankRecord } from './csv-reader.ts';
import { createImportRepository, type UpsertColumns } from './imports.repository.ts';
import {
  type ImportReport,
  type ImportRow,
  importRowSchema,
  MAX_IMPORT_ROWS,
  type NormalizedImportRow,
  normalizeImportRow,
  parsePlainCsvRecord,
  parsePlainImportRow,
} from './imports.schemas.ts';

/** Validation reports progress every this many rows. */
const BATCH_SIZE = 10_000;

/** Header cells are matched ignoring case, spaces, dashes and underscores. */
const CSV_COLUMNS: Record<string, keyof ImportRow> = {
  email: 'email',
  emailaddress: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  department: 'department',
  language: 'language',
  location: 'location',
  groups: 'groups',
  group: 'groups',
};

export interface ImportProgress {
  phase: 'validating' | 'writing';
  done: number;
  total: number;
}

export interface ImportOptions {
  dryRun: boolean;
  group?: string;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * A row of the upload, numbered as the upload shows it: either still the raw value to validate
 * (a JSON element, or a CSV record that is not plainly valid, as an object), or a CSV record already
 * read as plainly valid, in its final shape.
 */
type NumberedRow = { row: number; raw: unknown } | NormalizedImportRow;

class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

/**
 * CSV text → one row per record, numbered as a spreadsheet shows them (header is row 1), each record
 * turned into its row as it is read (`forEachCsvRecord`).
 */
export function csvToRows(text: string): { rows: NumberedRow[]; ignoredColumns: string[] } {
  // Row numbers are positions in the file as a spreadsheet shows it: blank lines count, quoted line
  // breaks do not. The header is the first non-blank record.
  let fields: (keyof ImportRow | null)[] | undefined;
  const ignoredColumns: string[] = [];
  const rows: NumberedRow[] = [];
  let dataRecords = 0;
  forEachCsvRecord(text, (record, recordNumber) => {
    if (fields) {
      // Past the limit the rest is only counted, for the message.
      if (++dataRecords > MAX_IMPORT_ROWS || isBlankRecord(record)) return;
      rows.push(
        parsePlainCsvRecord(record, fields, recordNumber) ?? {
          row: recordNumber,
          raw: recordToObject(record, fields),
        },
      );
    } else if (!isBlankRecord(record)) {
      fields = headerFields(record, ignoredColumns);
    }
  });
  if (!fields) {
    throw new ValidationError('The CSV is empty: it needs a header row with an Email column.', [
      { path: 'body', message: 'has no header row' },
    ]);
  }
  if (dataRecords > MAX_IMPORT_ROWS) {
    throw new ValidationError(
      `The CSV has ${dataRecords} rows; at most ${MAX_IMPORT_ROWS} are accepted per upload.`,
      [{ path: 'body', message: `has more than ${MAX_IMPORT_ROWS} rows` }],
    );
  }
  return { rows, ignoredColumns };
}

/** The field each header cell names (null for a column Heed does not read, listed in `ignored`). */
function headerFields(header: readonly string[], ignored: string[]): (keyof ImportRow | null)[] {
  const fields: (keyof ImportRow | null)[] = [];
  for (const cell of header) {
    const field = CSV_COLUMNS[cell.toLowerCase().replace(/[\s_-]+/g, '')] ?? null;
    if (field && fields.includes(field)) {
      throw new ValidationError(`The CSV has the column "${cell}" twice.`, [
        { path: 'body', message: `has the column "${cell}" twice` },
      ]);
    }
    if (!field && cell.trim()) ignored.push(cell.trim());
    fields.push(field);
  }
  if (!fields.includes('email')) {
    throw new ValidationError(
      'The CSV has no Email column. Expected a header row with Email, First Name, Last Name, Department, Language, Location, Groups.',
      [{ path: 'body', message: 'has no Email column' }],
    );
  }
  return fields;
}

/** A CSV record as the object a JSON upload would send: blank cells left out, groups split on ";". */
export function recordToObject(record: readonly string[], fields: readonly (keyof ImportRow | null)[]) {
  const raw: Record<string, unknown> = {};
  for (let c = 0; c < fields.length; c++) {
    const field = fields[c];
    const value = record[c];
    if (!field || value === undefined || value.trim() === '') continue;
    raw[field] =
      field === 'groups'
        ? value
            .split(';')
            .map((g) => g.trim())
            .filter(Boolean)
        : value;
  }
  return raw;
}

export function jsonToRows(users: unknown[]): NumberedRow[] {
  return users.map((raw, index) => ({ row: index + 1, raw }));
}

function validate(rows: NumberedRow[], onProgress?: ImportOptions['onProgress']) {
  const valid: NormalizedImportRow[] = [];
  const errors: ImportReport['errors'] = [];
  const firstRowOfEmail = new Map<string, number>();
  const emailOf = (raw: unknown) =>
    typeof raw === 'object' && raw && typeof (raw as { email?: unknown }).email === 'string'
      ? (raw as { email: string }).email.trim() || null
      : null;
  for (const numbered of rows) {
    let candidate: NormalizedImportRow;
    if ('raw' in numbered) {
      const { row, raw } = numbered;
      let data = parsePlainImportRow(raw);
      if (!data) {
        const parsed = importRowSchema.safeParse(raw);
        if (!parsed.success) {
          errors.push({
            row,
            email: emailOf(raw),
            message: parsed.error.issues.map((i) => i.message).join('; '),
          });
          continue;
        }
        data = parsed.data;
      }
      candidate = normalizeImportRow(row, data);
    } else {
      candidate = numbered;
    }
    const first = firstRowOfEmail.get(candidate.emailKey);
    if (first !== undefined) {
      errors.push({
        row: candidate.row,
        email: candidate.email,
        message: `Duplicate email: it already appears on row ${first} of this upload.`,
      });
      continue;
    }
    firstRowOfEmail.set(candidate.emailKey, candidate.row);
    valid.push(candidate);
    if (valid.length % BATCH_SIZE === 0)
      onProgress?.({ phase: 'validating', done: candidate.row, total: rows.length });
  }
  return { valid, errors };
}

/**
 * The lower-case key of a department or group name, computed once per spelling: an upload names a
 * few dozen of them 100,000 times, and each `toLowerCase` makes a new string.
 */
function nameKeys(): (name: string) => string {
  const keys = new Map<string, string>();
  return function keyOf(name) {
    let key = keys.get(name);
    if (key === undefined) {
      key = name.toLowerCase();
      keys.set(name, key);
    }
    return key;
  };
}

/** Names collected case-insensitively, each kept in the first spelling seen. */
function nameSet(keyOf: (name: string) => string) {
  const byKey = new Map<string, string>();
  return {
    add(name: string) {
      const key = keyOf(name);
      if (!byKey.has(key)) byKey.set(key, name);
    },
    names: () => [...byKey.values()],
  };
}

export function createImportService(deps: { db: Kysely<DB>; clock: Clock }) {
  async function run(
    ctx: RequestContext,
    rows: NumberedRow[],
    options: ImportOptions,
  ): Promise<ImportReport> {
    const { valid, errors } = validate(rows, options.onProgress);
    const now = deps.clock.now();

    // Smart and synced groups are filled automatically; rows asking for them are refused up front.
    const keyOf = nameKeys();
    const groupNameSet = nameSet(keyOf);
    if (options.group) groupNameSet.add(options.group);
    for (const r of valid) for (const g of r.groups) groupNameSet.add(g);
    const groupNames = groupNameSet.names();
    const managed = await createGroupRepository(deps.db).managedGroupNames(ctx.orgId);
    if (options.group && managed.has(keyOf(options.group))) {
      throw new ConflictError(
        `The group "${options.group}" is managed automatically; users cannot be assigned to it by hand.`,
      );
    }
    const accepted =
      managed.size === 0
        ? valid
        : valid.filter((r) => {
            const refused = r.groups.find((g) => managed.has(keyOf(g)));
            if (refused)
              errors.push({
                row: r.row,
                email: r.email,
                message: `The group "${refused}" is managed automatically.`,
              });
            return !refused;
          });
    errors.sort((a, b) => a.row - b.row);

    const write = async (trx: Kysely<DB>): Promise<ImportReport> => {
      const departmentNames = nameSet(keyOf);
      for (const r of accepted) if (r.department) departmentNames.add(r.department);
      const departments = await createDepartmentRepository(trx).ensureByName(
        ctx.orgId,
        departmentNames.names(),
        now,
      );
      const groups = await createGroupRepository(trx).ensureByName(ctx.orgId, groupNames, now);
      // The columns of the write, in one pass over the rows. Departments and groups go by their
      // position (from 1) in the lists of their ids, each name's key mapped to it once.
      const count = accepted.length;
      const departmentIds = [...departments.ids.values()];
      const groupIds = [...groups.ids.values()];
      const departmentNumbers = new Map([...departments.ids.keys()].map((key, index) => [key, index + 1]));
      const groupNumbers = new Map([...groups.ids.keys()].map((key, index) => [key, index + 1]));
      const groupOf = (name: string) => groupNumbers.get(keyOf(name))!;
      const everyone = options.group ? groupOf(options.group) : undefined;
      const columns: UpsertColumns = {
        emails: new Array<string>(count),
        firstNames: new Array<string>(count),
        lastNames: new Array<string>(count),
        departments: new Array<number | null>(count),
        languages: new Array<string | null>(count),
        locations: new Array<string | null>(count),
        departmentIds,
        firstGroups: new Array<number | null>(count),
        secondGroups: new Array<number | null>(count),
        otherGroupRows: [],
        otherGroups: [],
        groupIds,
      };
      for (let i = 0; i < count; i++) {
        const r = accepted[i]!;
        columns.emails[i] = r.email;
        columns.firstNames[i] = r.firstName;
        columns.lastNames[i] = r.lastName;
        columns.departments[i] = r.department ? departmentNumbers.get(keyOf(r.department))! : null;
        columns.languages[i] = r.language;
        columns.locations[i] = r.location;
        // Each group once per row, however often the row names it (in any case).
        if (!everyone && r.groups.length <= 1) {
          columns.firstGroups[i] = r.groups.length === 1 ? groupOf(r.groups[0]!) : null;
          columns.secondGroups[i] = null;
          continue;
        }
        const numbers = new Set<number>();
        for (const g of r.groups) numbers.add(groupOf(g));
        if (everyone) numbers.add(everyone);
        const [first = null, second = null, ...others] = numbers;
        columns.firstGroups[i] = first;
        columns.secondGroups[i] = second;
        for (const n of others) {
          columns.otherGroupRows.push(i + 1);
          columns.otherGroups.push(n);
        }
      }
      options.onProgress?.({ phase: 'writing', done: 0, total: accepted.length });
      const { created, updated, membershipsAdded } = await createImportRepository(trx).write(
        ctx.orgId,
        columns,
        ctx.actor,
        now,
      );
      options.onProgress?.({ phase: 'writing', done: accepted.length, total: accepted.length });
      const report: ImportReport = {
        dryRun: options.dryRun,
        total: rows.length,
        created,
        updated,
        unchanged: accepted.length - created - updated,
        failed: errors.length,
        errors,
        departmentsCreated: departments.created,
        groupsCreated: groups.created,
        membershipsAdded,
      };
      if (options.dryRun) throw new DryRunRollback(report);
      // Like every other write, an upload that changed nothing (all rows bad or unchanged) leaves no entry.
      const wrote = created + updated + membershipsAdded + departments.created + groups.created > 0;
      if (wrote) {
        await createAuditRepository(trx).record(ctx, now, {
          action: 'users.imported',
          targetType: 'user',
          details: { ...report, errors: undefined, group: options.group ?? null },
        });
      }
      return report;
    };

    try {
      const report = await deps.db.transaction().execute(write);
      if (report.created + report.membershipsAdded >= BULK_WRITE_ANALYZE_THRESHOLD) {
        await refreshStatistics(deps.db, ['users', 'group_memberships']);
      }
      return report;
    } catch (error) {
      if (error instanceof DryRunRollback) return error.report;
      throw error;
    }
  }

  return {
    importJson(ctx: RequestContext, users: unknown[], options: ImportOptions) {
      return run(ctx, jsonToRows(users), options);
    },
    importCsv(ctx: RequestContext, csv: string, options: ImportOptions) {
      const { rows } = csvToRows(csv);
      return run(ctx, rows, options);
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;
