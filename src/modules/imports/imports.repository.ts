import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';

export interface UpsertColumns {
  emails: string[];
  firstNames: string[];
  lastNames: string[];
  departmentIds: (string | null)[];
  languages: (string | null)[];
  locations: (string | null)[];
}

const keep = (column: string) =>
  sql.raw(`case when excluded.${column} = '' then u.${column} else excluded.${column} end`);
const keepUnlessNull = (column: string) => sql.raw(`coalesce(excluded.${column}, u.${column})`);

export function createImportRepository(db: Kysely<DB>) {
  return {
    /**
     * One statement for a whole batch. An empty cell never clears a stored value (first/last names
     * arrive as '' and departments, languages, locations as null); a row equal to what is stored is
     * not touched at all, so it is neither returned nor counted as updated.
     */
    async upsertUsers(orgId: string, rows: UpsertColumns, now: Date) {
      const result = await sql<{ inserted: boolean }>`
        insert into users as u (org_id, email, first_name, last_name, department_id, language, location, created_at, updated_at)
        select ${orgId}::uuid, t.email, t.first_name, t.last_name, t.department_id, t.language, t.location, ${now}::timestamptz, ${now}::timestamptz
        from unnest(${rows.emails}::text[], ${rows.firstNames}::text[], ${rows.lastNames}::text[],
                    ${rows.departmentIds}::uuid[], ${rows.languages}::text[], ${rows.locations}::text[])
             as t(email, first_name, last_name, department_id, language, location)
        on conflict (org_id, email_normalized) do update set
          first_name = ${keep('first_name')},
          last_name = ${keep('last_name')},
          department_id = ${keepUnlessNull('department_id')},
          language = ${keepUnlessNull('language')},
          location = ${keepUnlessNull('location')},
          updated_at = excluded.updated_at
        where (u.first_name, u.last_name, u.department_id, u.language, u.location)
          is distinct from (${keep('first_name')}, ${keep('last_name')}, ${keepUnlessNull('department_id')},
                            ${keepUnlessNull('language')}, ${keepUnlessNull('location')})
        returning (xmax = 0) as inserted`.execute(db);
      let created = 0;
      for (const row of result.rows) if (row.inserted) created++;
      return { created, updated: result.rows.length - created };
    },

    /** Memberships for (email, group) pairs of this import; existing ones are left as they are. */
    async addMemberships(orgId: string, emails: string[], groupIds: string[], actor: Actor, now: Date) {
      if (emails.length === 0) return 0;
      const result = await sql`
        insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label)
        select ${orgId}::uuid, p.group_id, u.id, ${now}::timestamptz, ${actor.type}, ${actor.id}::uuid, ${actor.label}
        from unnest(${emails}::text[], ${groupIds}::uuid[]) as p(email, group_id)
        join users u on u.org_id = ${orgId}::uuid and u.email_normalized = p.email
        on conflict (org_id, group_id, user_id) do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}
