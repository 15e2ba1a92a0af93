import { type Kysely, sql } from 'kysely';

/**
 * Every email Heed sends, with its full rendered content: the outbox the delivery worker reads and
 * the email log admins see, in one table. A row is written in the same transaction as the change
 * that causes it, once per idempotency key (the unique index), and moves:
 *
 *   queued ──claimed──▶ sending ──▶ sent
 *     ▲                   │  └────▶ failed          (permanent SMTP error, retries exhausted, or the
 *     └── temporary ──────┘                           worker stopped mid-send: never sent twice)
 *   queued ──no SMTP──▶ not_delivered                 (kept, shown, can be queued again)
 *
 * A worker claims due rows with FOR UPDATE SKIP LOCKED, a lease (`locked_until`) and a token of its
 * own (`claim_token`), and only the holder of the token moves the row on. A claimed row whose worker
 * died before sending is claimable again when the lease ends; one in `sending` is not (it may have
 * reached the SMTP server), and is marked failed instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table emails (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      idempotency_key text not null,
      kind text not null,
      to_address text not null,
      to_name text not null default '',
      user_id uuid,
      subject text not null,
      -- Either rendered when queued, or a template and its parameters, rendered at delivery and
      -- when shown (so a reminder to 10,000 people is 10,000 small rows, written at once). An
      -- email that could not be delivered for want of SMTP also keeps its rendered content.
      template text,
      params jsonb,
      html text,
      text text,
      status text not null default 'queued'
        check (status in ('queued', 'sending', 'sent', 'failed', 'not_delivered')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      locked_until timestamptz,
      claim_token uuid,
      last_error text,
      message_id text,
      created_at timestamptz not null,
      sent_at timestamptz,
      primary key (org_id, id),
      check ((html is not null and text is not null) or (template is not null and params is not null))
    );
    create unique index emails_idempotency_key on emails (org_id, idempotency_key);
    -- The worker's query, across organizations: due rows in order, only while they wait.
    create index emails_due_idx on emails (next_attempt_at) where status = 'queued';
    -- A worker that died mid-send leaves rows in 'sending'; the sweep finds them by lease.
    create index emails_sending_idx on emails (locked_until) where status = 'sending';
    -- The email log, newest first, and a learner's latest emails (reminder cooldown).
    create index emails_created_idx on emails (org_id, created_at, id);
    create index emails_user_idx on emails (org_id, user_id, kind, created_at) where user_id is not null;

    -- An organization's own SMTP server and sender, overriding the instance's (SMTP_URL, MAIL_FROM).
    create table mail_settings (
      org_id uuid primary key references organizations(id) on delete cascade,
      smtp_url text,
      mail_from text,
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table mail_settings; drop table emails;`.execute(db);
}
