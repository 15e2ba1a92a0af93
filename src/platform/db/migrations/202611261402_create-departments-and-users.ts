import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table departments (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      name_normalized text generated always as (lower(name)) stored,
      source text not null default 'manual' check (source in ('manual', 'sso')),
      created_at timestamptz not null,
      primary key (org_id, id)
    );
    create unique index departments_name_key on departments (org_id, name_normalized);

    create table users (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null,
      email_normalized text generated always as (lower(email)) stored,
      first_name text not null default '',
      last_name text not null default '',
      -- What the "name" sort orders by; kept by the database so indexes and keyset cursors agree.
      name_sort text generated always as (lower(first_name || ' ' || last_name)) stored,
      department_id uuid,
      language text,
      location text,
      role text,
      status text not null default 'active' check (status in ('active', 'disabled')),
      last_login_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (org_id, id),
      foreign key (org_id, department_id) references departments(org_id, id) on delete set null (department_id)
    );
    create unique index users_email_key on users (org_id, email_normalized);
    create index users_name_sort_idx on users (org_id, name_sort, id);
    create index users_department_idx on users (org_id, department_id, id);
    create index users_created_idx on users (org_id, created_at, id);
    create index users_last_login_idx on users (org_id, (coalesce(last_login_at, '1970-01-01T00:00:00Z'::timestamptz)), id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table users; drop table departments;`.execute(db);
}
