import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_log (
      org_id uuid not null references organizations(id) on delete cascade,
      id bigint generated always as identity,
      occurred_at timestamptz not null,
      actor_type text not null check (actor_type in ('admin', 'api_key', 'system')),
      actor_id uuid,
      actor_label text not null,
      action text not null,
      target_type text not null,
      target_id text,
      ip text,
      details jsonb not null default '{}'::jsonb,
      primary key (org_id, id)
    );
    create index audit_log_recent_idx on audit_log (org_id, id desc);
    create index audit_log_action_idx on audit_log (org_id, action, id desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
}
