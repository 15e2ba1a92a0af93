import { type Kysely, sql } from 'kysely';

/**
 * Phishing campaigns, their recipients and what happened to each simulation email; and the
 * Phished Users automation's settings.
 *
 * - `phishing_campaigns`: what to send (templates, landing page), to whom (groups, departments,
 *   users, resolved at launch into recipients), when (launch time, sending window), what counts as
 *   failing, and until when. At launch the templates and the landing page are copied into the
 *   campaign (`content`), so editing or archiving them later never changes a campaign under way.
 * - `phishing_recipients`: one row per person of a campaign: the unguessable token of their
 *   links (unique across the instance: the tracking server knows nothing else), the template they
 *   got, their department and groups when launched (the results' breakdowns), and the first time of
 *   each outcome (sent, delivery failed, opened, clicked, submitted, reported, failed).
 * - `phishing_events`: every tracked request and delivery outcome, with time, IP and user agent;
 *   `suppressed_reason` marks what a mail scanner did (never counted).
 * - `phished_users_settings`: the automation (Phishing Simulation → Settings → Phished Users).
 *
 * Delivery outcomes come from the email outbox: a statement-level trigger on `emails` turns the
 * worker's "sent" and "failed" updates of simulation emails into events and recipient times in
 * the same statement, so the mail worker needs to know nothing about campaigns.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table phishing_campaigns (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      status text not null default 'draft'
        check (status in ('draft', 'scheduled', 'sending', 'in_progress', 'completed', 'cancelled')),
      template_ids uuid[] not null,
      landing_page_id uuid not null,
      group_ids uuid[] not null default '{}',
      department_ids uuid[] not null default '{}',
      user_ids uuid[] not null default '{}',
      launch_at timestamptz,
      send_window_minutes int not null default 0 check (send_window_minutes between 0 and 10080),
      fail_on text[] not null default '{clicked,submitted}',
      ends_at timestamptz,
      -- Set at launch: the templates and landing page as they were, and how many people.
      content jsonb,
      recipient_count int not null default 0,
      launched_at timestamptz,
      completed_at timestamptz,
      cancelled_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by_type text not null check (created_by_type in ('admin', 'api_key', 'system')),
      created_by_id uuid,
      created_by_label text not null,
      primary key (org_id, id),
      foreign key (org_id, landing_page_id) references phishing_landing_pages(org_id, id)
    );
    create index phishing_campaigns_created_idx on phishing_campaigns (org_id, created_at, id);
    -- The background tick's work: campaigns that may change state by time.
    create index phishing_campaigns_active_idx on phishing_campaigns (status)
      where status in ('scheduled', 'sending', 'in_progress');

    create table phishing_recipients (
      org_id uuid not null,
      campaign_id uuid not null,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      token text not null,
      email text not null,
      first_name text not null default '',
      last_name text not null default '',
      department_id uuid,
      department_name text,
      group_ids uuid[] not null default '{}',
      template_index int not null default 0,
      send_at timestamptz not null,
      sent_at timestamptz,
      delivery_failed_at timestamptz,
      delivery_error text,
      opened_at timestamptz,
      clicked_at timestamptz,
      submitted_at timestamptz,
      reported_at timestamptz,
      failed_at timestamptz,
      suppressed_count int not null default 0,
      primary key (org_id, campaign_id, id),
      foreign key (org_id, campaign_id) references phishing_campaigns(org_id, id) on delete cascade
    -- Room on each page: the outcome times are written once each, later, and none is indexed, so
    -- with space beside the row those updates stay on the page (HOT) instead of touching five indexes.
    ) with (fillfactor = 75);
    create unique index phishing_recipients_token_key on phishing_recipients (token);
    create unique index phishing_recipients_user_key on phishing_recipients (org_id, campaign_id, user_id);
    create index phishing_recipients_user_idx on phishing_recipients (org_id, user_id);
    -- The results' recipients list and CSV, in keyset pages by email (unique within a campaign: one
    -- email per person). Without the id: with it, the planner took this index for lookups by id too,
    -- reading a whole campaign's entries for each row the tracking server moves.
    create index phishing_recipients_email_idx on phishing_recipients (org_id, campaign_id, lower(email));

    create table phishing_events (
      org_id uuid not null,
      id bigint generated always as identity,
      campaign_id uuid not null,
      recipient_id uuid not null,
      kind text not null
        check (kind in ('sent', 'delivery_failed', 'opened', 'clicked', 'submitted', 'reported', 'bait')),
      at timestamptz not null,
      ip text,
      user_agent text,
      suppressed_reason text,
      detail text,
      primary key (org_id, id)
    );
    -- No foreign key: it would lock the campaign's row (FOR KEY SHARE) for every event, and the
    -- tracking server writes thousands a second for the same campaign. Events are only ever written
    -- for a recipient found by its token (so of an existing campaign); a deleted campaign takes its
    -- events with it, one statement per deleted set, as the other bulk tables do (migration …1406).
    create function cascade_deleted_campaigns() returns trigger language plpgsql as $fn$
    begin
      delete from phishing_events e using deleted_campaigns c where e.org_id = c.org_id and e.campaign_id = c.id;
      return null;
    end
    $fn$;
    create trigger phishing_campaigns_cascade after delete on phishing_campaigns
      referencing old table as deleted_campaigns for each statement execute function cascade_deleted_campaigns();
    create index phishing_events_recipient_idx on phishing_events (org_id, campaign_id, recipient_id, at);
    -- "The same client followed the hidden link": an organization's bait hits by address.
    create index phishing_events_bait_idx on phishing_events (org_id, ip, at) where kind = 'bait';

    create table phished_users_settings (
      org_id uuid primary key references organizations(id) on delete cascade,
      enabled boolean not null default false,
      group_id uuid,
      remove_after text not null default 'never' check (remove_after in ('never', '1m', '3m', '6m', '1y')),
      remediation_course_ids uuid[] not null default '{}',
      remediation_due_days int not null default 14 check (remediation_due_days between 1 and 365),
      updated_at timestamptz not null,
      foreign key (org_id, group_id) references groups(org_id, id)
    );
    -- The sweep's work: memberships whose removal time has come.
    create index group_memberships_expires_idx on group_memberships (expires_at) where expires_at is not null;

    -- Simulation emails' delivery outcomes, recorded where the outbox records them.
    create function phishing_record_delivery() returns trigger language plpgsql as $fn$
    begin
      with changed as (
        select n.org_id, (n.params->>'campaignId')::uuid as campaign_id,
               (n.params->>'recipientId')::uuid as recipient_id, n.status,
               coalesce(n.sent_at, now()) as at, n.last_error
        from new_emails n
        join old_emails o on o.org_id = n.org_id and o.id = n.id
        where n.kind = 'phishing' and n.status <> o.status and n.status in ('sent', 'failed', 'not_delivered')
      ),
      events as (
        insert into phishing_events (org_id, campaign_id, recipient_id, kind, at, detail)
        select org_id, campaign_id, recipient_id,
               case when status = 'sent' then 'sent' else 'delivery_failed' end, at,
               case when status = 'sent' then null else last_error end
        from changed
      )
      update phishing_recipients r
      set sent_at = case when c.status = 'sent' then c.at else r.sent_at end,
          delivery_failed_at = case when c.status = 'sent' then r.delivery_failed_at else c.at end,
          delivery_error = case when c.status = 'sent' then r.delivery_error else c.last_error end
      from changed c
      where r.org_id = c.org_id and r.campaign_id = c.campaign_id and r.id = c.recipient_id;
      return null;
    end
    $fn$;
    create trigger emails_phishing_delivery after update on emails
      referencing old table as old_emails new table as new_emails
      for each statement execute function phishing_record_delivery();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger emails_phishing_delivery on emails;
    drop trigger phishing_campaigns_cascade on phishing_campaigns;
    drop function cascade_deleted_campaigns();
    drop function phishing_record_delivery();
    drop index group_memberships_expires_idx;
    drop table phished_users_settings;
    drop table phishing_events;
    drop table phishing_recipients;
    drop table phishing_campaigns;
  `.execute(db);
}
