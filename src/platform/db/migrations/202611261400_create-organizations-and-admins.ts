import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table organizations (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      created_at timestamptz not null default now()
    );

    -- Admins sign in with their email alone, so an admin email is unique across the instance.
    create table admins (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null,
      email_normalized text generated always as (lower(email)) stored,
      name text not null default '',
      password_hash text not null,
      role text not null check (role in ('owner', 'admin')),
      status text not null default 'active' check (status in ('active', 'disabled')),
      failed_login_count int not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (org_id, id)
    );
    create unique index admins_email_key on admins (email_normalized);
    create unique index admins_id_key on admins (id);

    create table admin_sessions (
      token_hash text primary key,
      org_id uuid not null,
      admin_id uuid not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      foreign key (org_id, admin_id) references admins(org_id, id) on delete cascade
    );
    create index admin_sessions_admin_idx on admin_sessions (org_id, admin_id);
    create index admin_sessions_expiry_idx on admin_sessions (expires_at);

    -- The one-time link printed by the first start of an empty instance; only its hash is kept.
    create table setup_tokens (
      token_hash text primary key,
      created_at timestamptz not null,
      used_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table setup_tokens; drop table admin_sessions; drop table admins; drop table organizations;`.execute(
    db,
  );
}
