import { type Kysely, sql } from 'kysely';

/**
 * Training: each organization's course catalog, the assignments admins make, and one enrollment per
 * user and course (what the learner sees, what reminders and reports count).
 *
 * - `courses`: the built-in courses are copied into every organization (`builtin_key`, kept up to
 *   date by `builtin_version`) beside the organization's own. Lessons and quiz are JSON documents: a
 *   course is read and written whole, and `version` counts its edits.
 * - `assignments`: one admin decision (a course, a due date, the groups, departments and users it
 *   went to). With `include_future_members`, its groups and departments become `assignment_rules`,
 *   and users who join them later are enrolled by the triggers below, whatever path adds them (the
 *   API, a bulk upload, an automation), in the same statement.
 * - `enrollments`: keyed by (organization, user, course): a course is pending or done once per user.
 *   Overdue is not stored: it is `status <> 'completed' and due_at < now`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table courses (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      builtin_key text,
      builtin_version int,
      title text not null,
      summary text not null default '',
      estimated_minutes int not null check (estimated_minutes between 1 and 600),
      pass_mark int not null check (pass_mark between 1 and 100),
      video_url text,
      lessons jsonb not null,
      quiz jsonb not null,
      version int not null default 1,
      status text not null default 'active' check (status in ('active', 'archived')),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (org_id, id)
    );
    create unique index courses_builtin_key on courses (org_id, builtin_key) where builtin_key is not null;

    create table assignments (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      course_id uuid not null,
      due_at timestamptz not null,
      group_ids uuid[] not null default '{}',
      department_ids uuid[] not null default '{}',
      user_count int not null default 0,
      include_future_members boolean not null default false,
      created_at timestamptz not null,
      created_by_type text not null check (created_by_type in ('admin', 'api_key', 'system')),
      created_by_id uuid,
      created_by_label text not null,
      primary key (org_id, id),
      foreign key (org_id, course_id) references courses(org_id, id)
    );
    create index assignments_course_idx on assignments (org_id, course_id, created_at);

    -- Who joins later is enrolled too: one row per group or department of such an assignment. A
    -- later joiner gets as long as the assignment first gave (due_in), counted from joining.
    create table assignment_rules (
      org_id uuid not null,
      assignment_id uuid not null,
      course_id uuid not null,
      group_id uuid,
      department_id uuid,
      due_in interval not null,
      check ((group_id is null) <> (department_id is null)),
      foreign key (org_id, assignment_id) references assignments(org_id, id) on delete cascade
    );
    create index assignment_rules_group_idx on assignment_rules (org_id, group_id) where group_id is not null;
    create index assignment_rules_department_idx on assignment_rules (org_id, department_id)
      where department_id is not null;
    create index assignment_rules_assignment_idx on assignment_rules (org_id, assignment_id);

    create table enrollments (
      org_id uuid not null,
      user_id uuid not null,
      course_id uuid not null,
      assignment_id uuid not null,
      due_at timestamptz not null,
      status text not null default 'not_started' check (status in ('not_started', 'in_progress', 'completed')),
      lessons_completed int not null default 0,
      quiz_attempts int not null default 0,
      score int,
      started_at timestamptz,
      completed_at timestamptz,
      created_at timestamptz not null,
      primary key (org_id, user_id, course_id)
    );
    create index enrollments_course_idx on enrollments (org_id, course_id, user_id);

    create table quiz_attempts (
      org_id uuid not null,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      course_id uuid not null,
      course_version int not null,
      answers jsonb not null,
      score int not null,
      passed boolean not null,
      created_at timestamptz not null,
      primary key (org_id, id),
      foreign key (org_id, user_id, course_id) references enrollments(org_id, user_id, course_id) on delete cascade
    );
    create index quiz_attempts_enrollment_idx on quiz_attempts (org_id, user_id, course_id, created_at);

    -- Enrollments are written 100,000 at a time: like memberships (migration 202611261406), their
    -- references are checked once per statement. Courses are few: locked by key and counted. Users
    -- are many: checked per organization with a hash when the statement wrote many rows.
    create function enrollments_check_references() returns trigger language plpgsql as $$
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
      end if;
      for checked_org, new_count in select n.org_id, count(*) from new_enrollments n group by n.org_id loop
        nestloop := current_setting('enable_nestloop');
        perform set_config('enable_nestloop', case when new_count > 1000 then 'off' else nestloop end, true);
        execute 'select exists (
                   select 1 from new_enrollments n
                   where n.org_id = $1
                     and not exists (select 1 from users u where u.org_id = $1 and u.id = n.user_id))'
          into missing using checked_org;
        perform set_config('enable_nestloop', nestloop, true);
        if missing then
          raise foreign_key_violation using constraint = 'enrollments_org_id_user_id_fkey',
            message = 'an enrollment references a user that does not exist in its organization';
        end if;
      end loop;
      return null;
    end $$;
    create trigger enrollments_references_on_insert after insert on enrollments
      referencing new table as new_enrollments for each statement execute function enrollments_check_references();
    create trigger enrollments_keys_are_fixed before update of org_id, user_id, course_id on enrollments
      for each row when ((old.org_id, old.user_id, old.course_id) is distinct from (new.org_id, new.user_id, new.course_id))
      execute function forbid_key_change('key');

    create function cascade_deleted_users_to_enrollments() returns trigger language plpgsql as $$
    begin
      delete from enrollments e using deleted_users u where e.org_id = u.org_id and e.user_id = u.id;
      return null;
    end $$;
    create trigger users_cascade_enrollments after delete on users
      referencing old table as deleted_users for each statement execute function cascade_deleted_users_to_enrollments();

    -- A group or department that goes takes its rules with it (the enrollments stay).
    create function cascade_deleted_groups_to_rules() returns trigger language plpgsql as $$
    begin
      delete from assignment_rules r using deleted_groups g where r.org_id = g.org_id and r.group_id = g.id;
      return null;
    end $$;
    create trigger groups_cascade_rules after delete on groups
      referencing old table as deleted_groups for each statement execute function cascade_deleted_groups_to_rules();
    create function cascade_deleted_departments_to_rules() returns trigger language plpgsql as $$
    begin
      delete from assignment_rules r using deleted_departments d
        where r.org_id = d.org_id and r.department_id = d.id;
      return null;
    end $$;
    create trigger departments_cascade_rules after delete on departments
      referencing old table as deleted_departments for each statement execute function cascade_deleted_departments_to_rules();

    -- Later joiners: active users who join a group, or arrive in a department, that an assignment
    -- with include_future_members targets are enrolled in its course. Never twice (the key).
    create function enroll_new_group_members() returns trigger language plpgsql as $$
    begin
      -- Most organizations have no such rule: a 100,000-row upload should not pay for the join.
      if not exists (
        select 1 from assignment_rules r
        where r.group_id is not null and r.org_id in (select distinct n.org_id from new_memberships n)
      ) then
        return null;
      end if;
      insert into enrollments (org_id, user_id, course_id, assignment_id, due_at, created_at)
      select distinct on (n.org_id, n.user_id, r.course_id)
             n.org_id, n.user_id, r.course_id, r.assignment_id, n.added_at + r.due_in, n.added_at
      from new_memberships n
      join assignment_rules r on r.org_id = n.org_id and r.group_id = n.group_id
      join users u on u.org_id = n.org_id and u.id = n.user_id and u.status = 'active'
      join courses c on c.org_id = r.org_id and c.id = r.course_id and c.status = 'active'
      order by n.org_id, n.user_id, r.course_id, n.added_at + r.due_in
      on conflict (org_id, user_id, course_id) do nothing;
      return null;
    end $$;
    create trigger group_memberships_enroll after insert on group_memberships
      referencing new table as new_memberships for each statement execute function enroll_new_group_members();

    create function enroll_new_department_members() returns trigger language plpgsql as $$
    begin
      if not exists (
        select 1 from assignment_rules r
        where r.department_id is not null and r.org_id in (select distinct n.org_id from new_users n)
      ) then
        return null;
      end if;
      insert into enrollments (org_id, user_id, course_id, assignment_id, due_at, created_at)
      select distinct on (n.org_id, n.id, r.course_id)
             n.org_id, n.id, r.course_id, r.assignment_id, n.updated_at + r.due_in, n.updated_at
      from new_users n
      join assignment_rules r on r.org_id = n.org_id and r.department_id = n.department_id
      join courses c on c.org_id = r.org_id and c.id = r.course_id and c.status = 'active'
      where n.status = 'active'
      order by n.org_id, n.id, r.course_id, n.updated_at + r.due_in
      on conflict (org_id, user_id, course_id) do nothing;
      return null;
    end $$;
    create trigger users_enroll_on_insert after insert on users
      referencing new table as new_users for each statement execute function enroll_new_department_members();
  `.execute(db);
  // An UPDATE trigger needs the old rows too; a trigger on INSERT cannot name an old table.
  await sql`
    create function enroll_moved_department_members() returns trigger language plpgsql as $$
    begin
      if not exists (
        select 1 from assignment_rules r
        where r.department_id is not null and r.org_id in (select distinct n.org_id from new_users n)
      ) then
        return null;
      end if;
      insert into enrollments (org_id, user_id, course_id, assignment_id, due_at, created_at)
      select distinct on (n.org_id, n.id, r.course_id)
             n.org_id, n.id, r.course_id, r.assignment_id, n.updated_at + r.due_in, n.updated_at
      from new_users n
      join old_users o on o.org_id = n.org_id and o.id = n.id and o.department_id is distinct from n.department_id
      join assignment_rules r on r.org_id = n.org_id and r.department_id = n.department_id
      join courses c on c.org_id = r.org_id and c.id = r.course_id and c.status = 'active'
      where n.status = 'active'
      order by n.org_id, n.id, r.course_id, n.updated_at + r.due_in
      on conflict (org_id, user_id, course_id) do nothing;
      return null;
    end $$;
    create trigger users_enroll_on_update after update on users
      referencing old table as old_users new table as new_users
      for each statement execute function enroll_moved_department_members();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger users_enroll_on_update on users;
    drop trigger users_enroll_on_insert on users;
    drop trigger group_memberships_enroll on group_memberships;
    drop trigger departments_cascade_rules on departments;
    drop trigger groups_cascade_rules on groups;
    drop trigger users_cascade_enrollments on users;
    drop function enroll_moved_department_members(), enroll_new_department_members(), enroll_new_group_members(),
      cascade_deleted_departments_to_rules(), cascade_deleted_groups_to_rules(),
      cascade_deleted_users_to_enrollments();
    drop table quiz_attempts;
    drop table enrollments;
    drop function enrollments_check_references();
    drop table assignment_rules;
    drop table assignments;
    drop table courses;
  `.execute(db);
}
