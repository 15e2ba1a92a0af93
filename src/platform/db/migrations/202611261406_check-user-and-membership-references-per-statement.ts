/**
 * Users and memberships are the tables written 100,000 rows at a time (bulk upload, assignment).
 * A foreign key is a row-level trigger: each new row ran one lookup per reference, and each
 * membership locked its user row, which was most of the cost of a bulk write (a 96,000-membership
 * insert: 0.75 s without its two foreign keys, 2.8 s with them; docs/PERFORMANCE.md).
 *
 * The same guarantees now hold once per statement, with transition tables:
 * - after an INSERT (or an UPDATE of users), every referenced parent must exist in the same
 *   organization, else the statement fails with foreign_key_violation (SQLSTATE 23503), as before.
 *   The distinct parents are locked FOR KEY SHARE, as a foreign key would, so a concurrent delete of
 *   that organization, department or group waits for this transaction. Users referenced by new
 *   memberships are checked but not locked (locking 100,000 user rows is the cost avoided here):
 *   users are only ever deleted together with their organization, which is locked.
 * - after a DELETE of a parent, the cascade runs as one set-based statement: memberships of deleted
 *   groups and users go, users of a deleted department are left without one.
 * - the keys of a membership and the organization of a user never change.
 * One index of users goes too (see below): each index costs ≈ 0.25 s per 100,000 new users.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users drop constraint users_org_id_fkey;
    alter table users drop constraint users_org_id_department_id_fkey;
    alter table group_memberships drop constraint group_memberships_org_id_group_id_fkey;
    alter table group_memberships drop constraint group_memberships_org_id_user_id_fkey;
    -- Served only the department foreign key and the department filter; the filter walks the name
    -- index of the organization's users instead, and the cascade below the organization's rows.
    drop index users_department_idx;

    -- Each check first reduces the new rows to the distinct parents they name (a handful of
    -- organizations, departments, groups), then locks those parents by key and counts them: fewer
    -- found than named means one is missing. The plans of these statements do not depend on how
    -- many rows the statement wrote, so a plan cached by PL/pgSQL for a one-row insert stays right
    -- for 100,000.
    create function users_check_references() returns trigger language plpgsql as $$
    declare
      org_ids uuid[];
      department_orgs uuid[];
      department_ids uuid[];
    begin
      if tg_op = 'INSERT' then
        select array_agg(distinct n.org_id) into org_ids from new_users n;
        if cardinality(org_ids) > (
          select count(*) from (select 1 from organizations o where o.id = any(org_ids) for key share) found
        ) then
          raise foreign_key_violation using constraint = 'users_org_id_fkey',
            message = 'insert into users references an organization that does not exist';
        end if;
      end if;
      select array_agg(k.org_id), array_agg(k.department_id) into department_orgs, department_ids
        from (select distinct n.org_id, n.department_id from new_users n where n.department_id is not null) k;
      if cardinality(department_ids) > (
        select count(*) from (
          select 1 from departments d
          join unnest(department_orgs, department_ids) as k(org_id, id) on d.org_id = k.org_id and d.id = k.id
          for key share of d
        ) found
      ) then
        raise foreign_key_violation using constraint = 'users_org_id_department_id_fkey',
          message = 'a user references a department that does not exist in its organization';
      end if;
      return null;
    end $$;
    create trigger users_references_on_insert after insert on users
      referencing new table as new_users for each statement execute function users_check_references();
    create trigger users_references_on_update after update on users
      referencing new table as new_users for each statement execute function users_check_references();

    create function group_memberships_check_references() returns trigger language plpgsql as $$
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
      end if;
      -- Users are many, so they are not locked (see above) and their check is planned anew each time
      -- (EXECUTE), for this statement's number of rows: with few new memberships each probes the
      -- users' primary key; with many, the organization's users are hashed once instead (0.4 s of
      -- index probes for 100,000 new memberships, against 0.1 s), which the planner does not see for
      -- itself: it guesses the transition table's rows per organization, and a users table just
      -- filled by this transaction has no statistics yet.
      for checked_org, new_count in select n.org_id, count(*) from new_memberships n group by n.org_id loop
        nestloop := current_setting('enable_nestloop');
        perform set_config('enable_nestloop', case when new_count > 1000 then 'off' else nestloop end, true);
        execute 'select exists (
                   select 1 from new_memberships n
                   where n.org_id = $1
                     and not exists (select 1 from users u where u.org_id = $1 and u.id = n.user_id))'
          into missing using checked_org;
        perform set_config('enable_nestloop', nestloop, true);
        if missing then
          raise foreign_key_violation using constraint = 'group_memberships_org_id_user_id_fkey',
            message = 'a membership references a user that does not exist in its organization';
        end if;
      end loop;
      return null;
    end $$;
    create trigger group_memberships_references_on_insert after insert on group_memberships
      referencing new table as new_memberships for each statement execute function group_memberships_check_references();

    create function forbid_key_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the % of a row in % cannot change', tg_argv[0], tg_table_name;
    end $$;
    create trigger users_org_is_fixed before update of org_id on users
      for each row when (old.org_id is distinct from new.org_id) execute function forbid_key_change('organization');
    create trigger group_memberships_keys_are_fixed before update of org_id, group_id, user_id on group_memberships
      for each row when ((old.org_id, old.group_id, old.user_id) is distinct from (new.org_id, new.group_id, new.user_id))
      execute function forbid_key_change('key');

    create function cascade_deleted_organizations() returns trigger language plpgsql as $$
    begin
      delete from group_memberships m using deleted_organizations o where m.org_id = o.id;
      delete from users u using deleted_organizations o where u.org_id = o.id;
      return null;
    end $$;
    create trigger organizations_cascade after delete on organizations
      referencing old table as deleted_organizations for each statement execute function cascade_deleted_organizations();

    create function cascade_deleted_users() returns trigger language plpgsql as $$
    begin
      delete from group_memberships m using deleted_users u where m.org_id = u.org_id and m.user_id = u.id;
      return null;
    end $$;
    create trigger users_cascade after delete on users
      referencing old table as deleted_users for each statement execute function cascade_deleted_users();

    create function cascade_deleted_groups() returns trigger language plpgsql as $$
    begin
      delete from group_memberships m using deleted_groups g where m.org_id = g.org_id and m.group_id = g.id;
      return null;
    end $$;
    create trigger groups_cascade after delete on groups
      referencing old table as deleted_groups for each statement execute function cascade_deleted_groups();

    create function cascade_deleted_departments() returns trigger language plpgsql as $$
    begin
      update users u set department_id = null
        from deleted_departments d where u.org_id = d.org_id and u.department_id = d.id;
      return null;
    end $$;
    create trigger departments_cascade after delete on departments
      referencing old table as deleted_departments for each statement execute function cascade_deleted_departments();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger departments_cascade on departments;
    drop trigger groups_cascade on groups;
    drop trigger users_cascade on users;
    drop trigger organizations_cascade on organizations;
    drop trigger group_memberships_keys_are_fixed on group_memberships;
    drop trigger users_org_is_fixed on users;
    drop trigger group_memberships_references_on_insert on group_memberships;
    drop trigger users_references_on_update on users;
    drop trigger users_references_on_insert on users;
    drop function cascade_deleted_departments(), cascade_deleted_groups(), cascade_deleted_users(),
      cascade_deleted_organizations(), forbid_key_change(), group_memberships_check_references(),
      users_check_references();
    create index users_department_idx on users (org_id, department_id, id);
    alter table users add foreign key (org_id) references organizations(id) on delete cascade;
    alter table users add foreign key (org_id, department_id) references departments(org_id, id)
      on delete set null (department_id);
    alter table group_memberships add foreign key (org_id, group_id) references groups(org_id, id) on delete cascade;
    alter table group_memberships add foreign key (org_id, user_id) references users(org_id, id) on delete cascade;
  `.execute(db);
}
