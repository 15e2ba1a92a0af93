/**
 * The writes of a bulk import, set-based: one statement per table for a whole batch.
 *
 * Why not a single `INSERT … ON CONFLICT DO UPDATE`: it pays a speculative insertion into the unique
 * index for every row, even an unchanged one, and a new row costs about half as much again as with a
 * plain INSERT (measured on PostgreSQL 15; see docs/PERFORMANCE.md). So one statement matches the
 * batch with the stored users once (one hash join), updates the rows that differ and plain-inserts
 * the missing ones. A concurrent transaction can still insert one of the same emails meanwhile: the
 * INSERT then fails on the unique index, and the batch is redone, inside a savepoint, with the
 * ON CONFLICT form, which is always right, just slower.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { DB } from '../../platform/db/schema.ts';
import { isUniqueViolation } from '../../platform/errors.ts';

export interface UpsertColumns {
  emails: string[];
  firstNames: string[];
  lastNames: string[];
  departmentIds: (string | null)[];
  languages: (string | null)[];
  locations: (string | null)[];
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

/** Runs `fast`; if it trips over a row another transaction inserted meanwhile, undoes it and runs `safe`. */
async function withUniqueFallback<T>(db: Kysely<DB>, fast: () => Promise<T>, safe: () => Promise<T>) {
  await sql`savepoint import_batch`.execute(db);
  try {
    const result = await fast();
    await sql`release savepoint import_batch`.execute(db);
    return result;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await sql`rollback to savepoint import_batch`.execute(db);
    const result = await safe();
    await sql`release savepoint import_batch`.execute(db);
    return result;
  }
}

export function createImportRepository(db: Kysely<DB>) {
  const incoming = (rows: UpsertColumns): RawBuilder<unknown> => sql`
    unnest(${arrayLiteral(rows.emails)}::text[], ${arrayLiteral(rows.firstNames)}::text[],
           ${arrayLiteral(rows.lastNames)}::text[], ${arrayLiteral(rows.departmentIds)}::uuid[],
           ${arrayLiteral(rows.languages)}::text[], ${arrayLiteral(rows.locations)}::text[])
      as t(email, first_name, last_name, department_id, language, location)`;

  return {
    /**
     * Upserts one batch by email (one row per email in the batch; must run in a transaction). A row
     * equal to what is stored is not touched at all, so it counts neither as created nor updated.
     */
    async upsertUsers(orgId: string, rows: UpsertColumns, now: Date) {
      const matchAndWrite = async () => {
        const result = await sql<{ created: number; updated: number }>`
          with matched as materialized (
            select t.*, u.id as user_id, u.id is not null and ${differs('t', 'u')} as changed
            from ${incoming(rows)}
            left join users u on u.org_id = ${orgId}::uuid and u.email_normalized = lower(t.email)
          ), updated as (
            update users as u set ${keptAssignments('m', 'u')}, updated_at = ${now}::timestamptz
            from matched m
            where u.org_id = ${orgId}::uuid and u.id = m.user_id and m.changed
            returning 1
          ), created as (
            insert into users (org_id, email, first_name, last_name, department_id, language, location, created_at, updated_at)
            select ${orgId}::uuid, m.email, m.first_name, m.last_name, m.department_id, m.language, m.location,
                   ${now}::timestamptz, ${now}::timestamptz
            from matched m where m.user_id is null
            returning 1
          )
          select (select count(*) from created)::int as created, (select count(*) from updated)::int as updated`.execute(
          db,
        );
        return result.rows[0]!;
      };
      const upsert = async () => {
        const result = await sql<{ inserted: boolean }>`
          insert into users as u (org_id, email, first_name, last_name, department_id, language, location, created_at, updated_at)
          select ${orgId}::uuid, t.email, t.first_name, t.last_name, t.department_id, t.language, t.location,
                 ${now}::timestamptz, ${now}::timestamptz
          from ${incoming(rows)}
          on conflict (org_id, email_normalized) do update set ${keptAssignments('excluded', 'u')},
            updated_at = excluded.updated_at
          where ${differs('excluded', 'u')}
          returning (xmax = 0) as inserted`.execute(db);
        let created = 0;
        for (const row of result.rows) if (row.inserted) created++;
        return { created, updated: result.rows.length - created };
      };
      return withUniqueFallback(db, matchAndWrite, upsert);
    },

    /**
     * Memberships for (email, group) pairs of this import; existing ones are left as they are.
     * Returns how many were added. The pairs already stored are subtracted first with EXCEPT (a hash
     * or sort set operation, never a row-by-row probe), so re-uploading a file pays no speculative
     * insertion per membership; ON CONFLICT stays for the ones a concurrent transaction adds.
     */
    async addMemberships(orgId: string, emails: string[], groupIds: string[], actor: Actor, now: Date) {
      if (emails.length === 0) return 0;
      const distinctGroupIds = [...new Set(groupIds)];
      const result = await sql`
        insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label)
        select ${orgId}::uuid, n.group_id, n.user_id, ${now}::timestamptz, ${actor.type}, ${actor.id}::uuid, ${actor.label}
        from (
          select p.group_id, u.id as user_id
          from unnest(${arrayLiteral(emails)}::text[], ${arrayLiteral(groupIds)}::uuid[]) as p(email, group_id)
          join users u on u.org_id = ${orgId}::uuid and u.email_normalized = p.email
          except
          select m.group_id, m.user_id from group_memberships m
          where m.org_id = ${orgId}::uuid and m.group_id = any(${arrayLiteral(distinctGroupIds)}::uuid[])
        ) as n
        on conflict (org_id, group_id, user_id) do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}
