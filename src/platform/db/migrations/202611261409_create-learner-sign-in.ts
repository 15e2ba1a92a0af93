import { type Kysely, sql } from 'kysely';

/**
 * Learners (users) sign in to the portal with an emailed link: single use, valid 15 minutes, of which
 * only the SHA-256 is kept. A used link becomes a session, also kept as a hash. Both belong to the
 * user's organization; a user's email is unique per organization, not across them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table learner_sign_in_links (
      token_hash text primary key,
      org_id uuid not null,
      user_id uuid not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null,
      foreign key (org_id, user_id) references users(org_id, id) on delete cascade
    );
    create index learner_sign_in_links_user_idx on learner_sign_in_links (org_id, user_id, created_at);

    create table learner_sessions (
      token_hash text primary key,
      org_id uuid not null,
      user_id uuid not null,
      expires_at timestamptz not null,
      created_at timestamptz not null,
      foreign key (org_id, user_id) references users(org_id, id) on delete cascade
    );
    create index learner_sessions_user_idx on learner_sessions (org_id, user_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table learner_sessions; drop table learner_sign_in_links;`.execute(db);
}
