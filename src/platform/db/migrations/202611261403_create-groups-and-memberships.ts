import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table groups (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      name_normalized text generated always as (lower(name)) stored,
      kind text not null default 'custom' check (kind in ('custom', 'phished', 'smart', 'synced')),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (org_id, id)
    );
    create unique index groups_name_key on groups (org_id, name_normalized);

    -- Each membership says when and by whom it was added; expires_at and reason serve the automated
    -- groups (the Phished Users removal timer, the rule or event that put a user there).
    create table group_memberships (
      org_id uuid not null,
      group_id uuid not null,
      user_id uuid not null,
      added_at timestamptz not null,
      added_by_type text not null check (added_by_type in ('admin', 'api_key', 'system')),
      added_by_id uuid,
      added_by_label text not null,
      reason jsonb,
      expires_at timestamptz,
      primary key (org_id, group_id, user_id),
      foreign key (org_id, group_id) references groups(org_id, id) on delete cascade,
      foreign key (org_id, user_id) references users(org_id, id) on delete cascade
    );
    create index group_memberships_user_idx on group_memberships (org_id, user_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table group_memberships; drop table groups;`.execute(db);
}
