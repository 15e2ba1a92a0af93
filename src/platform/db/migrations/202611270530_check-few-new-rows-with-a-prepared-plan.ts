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

function membershipsCheck(cachedForFew: boolean) {
  return `
    create or replace function group_memberships_check_references() returns trigger language plpgsql as $$
    declare
      group_orgs uuid[];
      group_ids uuid[];
      checked_org uuid;
      new_count bigint;
      nestloop text;
      missing boolean;
    begin
      select array_agg(k.org_id), array_agg(k.group_id) into group_orgs, group_ids
        from (select distinct n.org_id, n.group_id from new_memberships n) k;
      if cardinality(group_ids) > (
        select count(*) from (
          select 1 from groups g
          join unnest(group_orgs, group_ids) as k(org_id, id) on g.org_id = k.org_id and g.id = k.id
          for key share of g
        ) found
      ) then
        raise foreign_key_violation using constraint = 'group_memberships_org_id_group_id_fkey',
          message = 'a membership references a group that does not exist in its organization';
      end if;${checkUsersLoop(
        'new_memberships',
        'group_memberships_org_id_user_id_fkey',
        'a membership references a user that does not exist in its organization',
        cachedForFew,
      )}
      return null;
    end $$;`;
}

function enrollmentsCheck(cachedForFew: boolean) {
  return `
    create or replace function enrollments_check_references() returns trigger language plpgsql as $$
    declare
      course_orgs uuid[];
      course_ids uuid[];
      checked_org uuid;
      new_count bigint;
      nestloop text;
      missing boolean;
    begin
      select array_agg(k.org_id), array_agg(k.course_id) into course_orgs, course_ids
        from (select distinct n.org_id, n.course_id from new_enrollments n) k;
      if cardinality(course_ids) > (
        select count(*) from (
          select 1 from courses c
          join unnest(course_orgs, course_ids) as k(org_id, id) on c.org_id = k.org_id and c.id = k.id
          for key share of c
        ) found
      ) then
        raise foreign_key_violation using constraint = 'enrollments_org_id_course_id_fkey',
          message = 'an enrollment references a course that does not exist in its organization';
      end if;${checkUsersLoop(
        'new_enrollments',
        'enrollments_org_id_user_id_fkey',
        'an enrollment references a user that does not exist in its organization',
        cachedForFew,
      )}
      return null;
    end $$;`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(membershipsCheck(true) + enrollmentsCheck(true)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(membershipsCheck(false) + enrollmentsCheck(false)).execute(db);
}
