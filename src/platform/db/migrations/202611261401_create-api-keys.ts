import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_keys (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      prefix text not null,
      secret_hash text not null,
      created_by_admin_id uuid,
      created_by_label text not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (org_id, id)
    );
    create unique index api_keys_secret_hash_key on api_keys (secret_hash);
    create index api_keys_created_by_idx on api_keys (org_id, created_by_admin_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table api_keys`.execute(db);
}
