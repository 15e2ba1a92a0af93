import { type Kysely, sql } from 'kysely';

/**
 * The per-statement reference checks of memberships and enrollments (migrations 202611261406 and
 * 202611261408) planned their users check anew on every statement (EXECUTE), with enable_nestloop
 * set around it, so that a statement of 100,000 rows gets a hash. A statement of a few rows (the
 * tracking server adds the people who fail a simulation in batches of tens, hundreds of batches a
 * second) paid ≈ 0.3 ms of PL/pgSQL and planning per check for that. Up to 1,000 rows the check is
 * now a plain query, whose plan PL/pgSQL prepares once per connection: each row probes the users'
 * primary key. Above that, as before.
 */
const FEW_ROWS = 1000;

function checkUsersLoop(transitionTable: string, constraint: string, message: string, cachedForFew: boolean) {
  const planned = `
        nestloop := current_setting('enable_nestloop');
        perform set_config('enable_nestloop', case when new_count > ${FEW_ROWS} then 'off' else nestloop end, true);
        execute 'select exists (
                   select 1 from ${transitionTable} n
                   where n.org_id = $1
                     and not exists (select 1 from users u where u.org_id = $1 and u.id = n.user_id))'
          into missing using checked_org;
        perform set_config('enable_nestloop', nestloop, true);`;
  const body = cachedForFew
    ? `
        if new_count <= ${FEW_ROWS} then
          missing := exists (
            select 1 from ${transitionTable} n
            where n.org_id = checked_org
              and not exists (select 1 from users u where u.org_id = checked_org and u.id = n.user_id));
        else${planned.replaceAll('\n', '\n  ')}
        end if;`
    : planned;
  return `
      for checked_org, new_count in select n.org_id, count(*) from ${transitionTable} n group by n.org_id loop${body}
        if missing then
          raise foreign_key_violation using constraint = '${constraint}',
            message = '${message}';
        end if;
      end loop;`;
}

/** A table whose new rows reference a parent (group, course) and a user of their organization. */
interface Child {
  table: string;
  /** The transition table of its insert and update triggers. */
  rows: string;
  noun: string;
  parent: { table: string; alias: string; column: string; noun: string };
}

const MEMBERSHIPS: Child = {
  table: 'group_memberships',
  rows: 'new_memberships',
  noun: 'a membership',
  parent: { table: 'groups', alias: 'g', column: 'group_id', noun: 'a group' },
};
const ENROLLMENTS: Child = {
  table: 'enrollments',
  rows: 'new_enrollments',
  noun: 'an enrollment',
  parent: { table: 'courses', alias: 'c', column: 'course_id', noun: 'a course' },
};

/** `<table>_check_references()`: the parents checked (and locked) at once, then the users. */
function referencesCheck({ table, rows, noun, parent }: Child, cachedForFew: boolean) {
  return `
    create or replace function ${table}_check_references() returns trigger language plpgsql as $$
    declare
      parent_orgs uuid[];
      parent_ids uuid[];
      checked_org uuid;
      new_count bigint;
      nestloop text;
      missing boolean;
    begin
      select array_agg(k.org_id), array_agg(k.${parent.column}) into parent_orgs, parent_ids
        from (select distinct n.org_id, n.${parent.column} from ${rows} n) k;
      if cardinality(parent_ids) > (
        select count(*) from (
          select 1 from ${parent.table} ${parent.alias}
          join unnest(parent_orgs, parent_ids) as k(org_id, id) on ${parent.alias}.org_id = k.org_id and ${parent.alias}.id = k.id
          for key share of ${parent.alias}
        ) found
      ) then
        raise foreign_key_violation using constraint = '${table}_org_id_${parent.column}_fkey',
          message = '${noun} references ${parent.noun} that does not exist in its organization';
      end if;${checkUsersLoop(
        rows,
        `${table}_org_id_user_id_fkey`,
        `${noun} references a user that does not exist in its organization`,
        cachedForFew,
      )}
      return null;
    end $$;`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(referencesCheck(MEMBERSHIPS, true) + referencesCheck(ENROLLMENTS, true)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(referencesCheck(MEMBERSHIPS, false) + referencesCheck(ENROLLMENTS, false)).execute(db);
}
