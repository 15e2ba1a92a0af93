import { type Kysely, sql } from 'kysely';

/**
 * Per organization: how long after a reminder a user is not reminded again, and the weekly
 * automatic reminder for overdue training (weekday and hour in the organization's time zone).
 * `auto_reminders_last_run` is the slot last served, so one slot is served once, by one process.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table training_settings (
      org_id uuid primary key references organizations(id) on delete cascade,
      reminder_cooldown_hours int not null default 24 check (reminder_cooldown_hours between 0 and 720),
      auto_reminders boolean not null default false,
      auto_reminder_weekday int not null default 1 check (auto_reminder_weekday between 0 and 6),
      auto_reminder_hour int not null default 9 check (auto_reminder_hour between 0 and 23),
      time_zone text not null default 'UTC',
      auto_reminders_last_run timestamptz,
      updated_at timestamptz not null
    );
    create index training_settings_auto_idx on training_settings (org_id) where auto_reminders;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table training_settings`.execute(db);
}
