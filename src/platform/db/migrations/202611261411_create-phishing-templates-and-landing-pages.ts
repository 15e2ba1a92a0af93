import { type Kysely, sql } from 'kysely';

/**
 * Phishing simulation content: the email templates (lures) and the landing pages a lure's link opens.
 * Built-in ones are copied into every organization (`builtin_key`, kept up to date by
 * `builtin_version`) beside the organization's own, like courses. Campaigns will reference both by
 * (org_id, id), so a campaign can only ever name content of its own organization.
 *
 * - `phishing_templates`: subject, sender, HTML and text bodies with {{variables}}, difficulty,
 *   category and the lure's red flags (shown on the teachable-moment page).
 * - `phishing_landing_pages`: the page behind the link, stored already prepared
 *   (`prepareLandingPage`): no scripts, no form action, no input names, so what a person types can
 *   never be sent anywhere.
 *
 * `archived_at` hides a row from new campaigns; campaigns that used it keep it (rows are never deleted).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table phishing_templates (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      builtin_key text,
      builtin_version int,
      name text not null,
      category text not null default '',
      difficulty text not null check (difficulty in ('easy', 'medium', 'hard')),
      subject text not null,
      sender_name text not null,
      sender_address text not null,
      html_body text not null,
      text_body text not null,
      red_flags text[] not null default '{}',
      version int not null default 1,
      archived_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (org_id, id)
    );
    create unique index phishing_templates_builtin_key on phishing_templates (org_id, builtin_key)
      where builtin_key is not null;

    create table phishing_landing_pages (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      builtin_key text,
      builtin_version int,
      name text not null,
      html text not null,
      version int not null default 1,
      archived_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (org_id, id)
    );
    create unique index phishing_landing_pages_builtin_key on phishing_landing_pages (org_id, builtin_key)
      where builtin_key is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table phishing_landing_pages;
    drop table phishing_templates;
  `.execute(db);
}
