/**
 * The writes of a bulk import, set-based: one statement writes the users and memberships of a whole
 * upload (data-modifying CTEs), so its rows are sent and matched with the stored users once.
 *
 * Why not a single `INSERT … ON CONFLICT DO UPDATE`: it pays a speculative insertion into the unique
 * index for every row, even an unchanged one, and a new row costs about half as much again as with a
 * plain INSERT (measured on PostgreSQL 15; see docs/PERFORMANCE.md). So one statement matches the
 * batch with the stored users once (one hash join), updates the rows that differ and plain-inserts
 * the missing ones; a concurrent upload of the same emails is handled by `withUniqueFallback`.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import { arrayLiteral, integerArrayLiteral } from '../../platform/db/array-literal.ts';
import { BATCH_ID_CAPACITY, batchId, batchIdPrefix } from '../../platform/db/batch-ids.ts';
import type { DB } from '../../platform/db/schema.ts';
import { withUniqueFallback } from '../../platform/db/unique-fallback.ts';

/**
 * The rows of an upload as parallel lists, one element per row. Departments and groups are named by
 * their position (from 1) in `departmentIds` and `groupIds`, which hold each id once: an id per row
 * or membership would be about half of the 15 MB of parameters a 100,000-row upload sends, for
 * PostgreSQL to parse 200,000 uuids instead of a few dozen.
 */
export interface UpsertColumns {
  emails: string[];
  firstNames: string[];
  lastNames: string[];
  /** The row's department: its position in `departmentIds`, or null for none. */
  departments: (number | null)[];
  languages: (string | null)[];
  locations: (string | null)[];
  departmentIds: string[];
  /**
   * The first and second groups the row joins (their positions in `groupIds`), or null. Rows
   * rarely name more than two groups, so nearly every membership comes straight from its row,
   * with no join.
   */
  firstGroups: (number | null)[];
  secondGroups: (number | null)[];
  /**
   * The groups of rows naming more than two, beyond the second, as two parallel lists: the row
   * (1-based position in the lists above) and the group it joins (its position in `groupIds`).
   */
  otherGroupRows: number[];
  otherGroups: number[];
  groupIds: string[];
}

export interface ImportWriteResult {
  created: number;
  updated: number;
  membershipsAdded: number;
}

// An empty cell never clears a stored value: first/last names arrive as '' and departments,
// languages and locations as null. `incoming` and `stored` are table aliases.
const NAME_COLUMNS = ['first_name', 'last_name'];
const keep = (column: string, incoming: string, stored: string) =>
  NAME_COLUMNS.includes(column)
    ? `case when ${incoming}.${column} = '' then ${stored}.${column} else ${incoming}.${column} end`
    : `coalesce(${incoming}.${column}, ${stored}.${column})`;
const KEPT_COLUMNS = ['first_name', 'last_name', 'department_id', 'language', 'location'];
/** `first_name = …, last_name = …, …`: the SET list of an upsert. */
const keptAssignments = (incoming: string, stored: string) =>
  sql.raw(KEPT_COLUMNS.map((c) => `${c} = ${keep(c, incoming, stored)}`).join(', '));
/** True when applying the incoming row would change the stored one. */
const differs = (incoming: string, stored: string) =>
  sql.raw(
    `(${KEPT_COLUMNS.map((c) => `${stored}.${c}`).join(', ')}) is distinct from ` +
      `(${KEPT_COLUMNS.map((c) => keep(c, incoming, stored)).join(', ')})`,
  );

/** An upload as relations of a statement, with its group ids; see `relationsOf`. */
interface UploadRelations {
  /** The rows, `t`: email, names, department_id, language, location, first_group_id, second_group_id, row_number. */
  incoming: RawBuilder<unknown>;
  /** The memberships of rows naming more than two groups, beyond their second, `w`: (row_number, group_id). */
  otherMemberships: RawBuilder<unknown>;
  /** The upload's groups, as a uuid[] expression. */
  groupIds: RawBuilder<unknown>;
  count: number;
}

/**
 * The upload's columns as relations, each array literal built once: a literal of a 100,000-row
 * column is megabytes of text, the group ids are named in three places of the statement, and the
 * tolerant rewrite sends the rows again (twice).
 */
function relationsOf(rows: UpsertColumns): UploadRelations {
  const groupIds = sql`${arrayLiteral(rows.groupIds)}::uuid[]`;
  const incoming = sql`
    (select r.email, r.first_name, r.last_name, (${arrayLiteral(rows.departmentIds)}::uuid[])[r.department] as department_id,
            r.language, r.location, (${groupIds})[r.first_group] as first_group_id,
            (${groupIds})[r.second_group] as second_group_id, r.row_number
     from unnest(${arrayLiteral(rows.emails)}::text[], ${arrayLiteral(rows.firstNames)}::text[],
                 ${arrayLiteral(rows.lastNames)}::text[], ${integerArrayLiteral(rows.departments)}::int[],
                 ${arrayLiteral(rows.languages)}::text[], ${arrayLiteral(rows.locations)}::text[],
                 ${integerArrayLiteral(rows.firstGroups)}::int[], ${integerArrayLiteral(rows.secondGroups)}::int[])
       with ordinality as r(email, first_name, last_name, department, language, location, first_group, second_group, row_number)) as t`;
  const otherMemberships = sql`
    (select r.row_number, (${groupIds})[r.group_number] as group_id
     from unnest(${integerArrayLiteral(rows.otherGroupRows)}::bigint[], ${integerArrayLiteral(rows.otherGroups)}::int[])
       as r(row_number, group_number)) as w`;
  return { incoming, otherMemberships, groupIds, count: rows.emails.length };
}

export function createImportRepository(db: Kysely<DB>) {
  /**
   * The new users (no stored `u`) numbered 1, 2, … in the order of the name sort, as `name_sort`
   * will be. Stored users sort after them with a null key, which costs the sort next to nothing.
   */
  const newUserRank = sql`row_number() over (
    order by case when u.id is null then lower(t.first_name || ' ' || t.last_name) end)`;

  /** One statement for users and memberships: the rows are sent and matched with the stored users once. */
  async function writeTogether(orgId: string, rows: UploadRelations, actor: Actor, now: Date) {
    if (rows.count > BATCH_ID_CAPACITY) throw new Error('Too many rows for one import statement.');
    const result = await sql<ImportWriteResult>`
      with matched as materialized (
        -- A new user's id is drawn here, so its memberships need not find it again after the insert.
        -- The ids ascend in the order of the name sort (batch-ids.ts), and rows come out in that
        -- order: the users' indexes that lead with the id or the name take them as appends.
        select t.*, u.id is null as is_new,
               coalesce(u.id, ${batchId(batchIdPrefix(now), newUserRank)}) as user_id,
               u.id is not null and ${differs('t', 'u')} as changed
        from ${rows.incoming}
        left join users u on u.org_id = ${orgId}::uuid and u.email_normalized = lower(t.email)
      ), updated as (
        update users as u set ${keptAssignments('m', 'u')}, updated_at = ${now}::timestamptz
        from matched m
        where u.org_id = ${orgId}::uuid and u.id = m.user_id and m.changed
        returning 1
      ), created as (
        insert into users (org_id, id, email, first_name, last_name, department_id, language, location, created_at, updated_at)
        select ${orgId}::uuid, m.user_id, m.email, m.first_name, m.last_name, m.department_id, m.language, m.location,
               ${now}::timestamptz, ${now}::timestamptz
        from matched m where m.is_new
        returning 1
      ), wanted as (
        select m.first_group_id as group_id, m.user_id, m.is_new from matched m where m.first_group_id is not null
        union all
        select m.second_group_id, m.user_id, m.is_new from matched m where m.second_group_id is not null
        union all
        select w.group_id, m.user_id, m.is_new from ${rows.otherMemberships} join matched m using (row_number)
      ), memberships as (
        insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label)
        select ${orgId}::uuid, n.group_id, n.user_id, ${now}::timestamptz, ${actor.type}, ${actor.id}::uuid, ${actor.label}
        from (
          -- A new user has no membership yet; a stored user's are subtracted in one anti-join
          -- against the stored memberships of the upload's groups only (not all of the organization's).
          select group_id, user_id from wanted where is_new
          union all
          select w.group_id, w.user_id from wanted w
          where not w.is_new and not exists (
            select 1 from group_memberships s
            where s.org_id = ${orgId}::uuid and s.group_id = any(${rows.groupIds})
              and s.group_id = w.group_id and s.user_id = w.user_id)
        ) as n
        -- In user order: new users' ids ascend, so both membership indexes, which end in the user,
        -- take each group's rows as appends.
        order by n.user_id
        returning 1
      )
      select (select count(*) from created)::int as created, (select count(*) from updated)::int as updated,
             (select count(*) from memberships)::int as "membershipsAdded"`.execute(db);
    return result.rows[0]!;
  }

  /** The same with ON CONFLICT, for when a concurrent transaction wrote some of the same users or memberships. */
  async function writeTolerantly(orgId: string, rows: UploadRelations, actor: Actor, now: Date) {
    const users = await sql<{ inserted: boolean }>`
      insert into users as u (org_id, email, first_name, last_name, department_id, language, location, created_at, updated_at)
      select ${orgId}::uuid, t.email, t.first_name, t.last_name, t.department_id, t.language, t.location,
             ${now}::timestamptz, ${now}::timestamptz
      from ${rows.incoming}
      on conflict (org_id, email_normalized) do update set ${keptAssignments('excluded', 'u')},
        updated_at = excluded.updated_at
      where ${differs('excluded', 'u')}
      returning (xmax = 0) as inserted`.execute(db);
    let created = 0;
    for (const row of users.rows) if (row.inserted) created++;
    // The rows are sent once (a CTE named twice is read from one materialized copy).
    const memberships = await sql`
      with rows as (select t.* from ${rows.incoming}), wanted as (
        select first_group_id as group_id, email from rows where first_group_id is not null
        union all
        select second_group_id, email from rows where second_group_id is not null
        union all
        select w.group_id, r.email from ${rows.otherMemberships} join rows r using (row_number)
      )
      insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label)
      select ${orgId}::uuid, w.group_id, u.id, ${now}::timestamptz, ${actor.type}, ${actor.id}::uuid, ${actor.label}
      from wanted w
      join users u on u.org_id = ${orgId}::uuid and u.email_normalized = lower(w.email)
      on conflict (org_id, group_id, user_id) do nothing`.execute(db);
    return {
      created,
      updated: users.rows.length - created,
      membershipsAdded: Number(memberships.numAffectedRows ?? 0),
    };
  }

  return {
    /**
     * Upserts users by email (one row per email; must run in a transaction) and adds the listed
     * memberships they do not have yet. A row equal to what is stored is not touched at all, so it
     * counts neither as created nor updated. A new user's memberships are all new; a stored user's
     * stored ones are subtracted with one hash anti-join (never a row-by-row probe), so the rest is a
     * plain INSERT.
     */
    async write(orgId: string, rows: UpsertColumns, actor: Actor, now: Date): Promise<ImportWriteResult> {
      // The matched rows, hashes and sorts of a 100,000-row upload are tens of MB; with the default
      // 4 MB they spill to temporary files. For this transaction only.
      await sql`set local work_mem = '128MB'`.execute(db);
      const relations = relationsOf(rows);
      return withUniqueFallback(
        db,
        () => writeTogether(orgId, relations, actor, now),
        () => writeTolerantly(orgId, relations, actor, now),
      );
    },
  };
}
