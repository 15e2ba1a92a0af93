/**
 * Reminders, set-based: the targeted users are classified (disabled, nothing pending, reminded
 * within the cooldown) and the reminders queued by one statement, whatever the number of users.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { DB } from '../../platform/db/schema.ts';

export type ReminderTargets =
  | { kind: 'group'; groupId: string; userIds: string[] | null }
  | { kind: 'users'; userIds: string[] }
  | { kind: 'overdue'; now: Date };

export interface PendingTask {
  courseId: string;
  title: string;
  dueAt: string;
}

/** The parameters of the `reminder` email template. */
export interface ReminderParams {
  firstName: string;
  email: string;
  tasks: PendingTask[];
  /** When it was queued: what was overdue then is called overdue. */
  asOf: string;
}

function targetsSql(orgId: string, targets: ReminderTargets): RawBuilder<unknown> {
  switch (targets.kind) {
    case 'group':
      return sql`
        select u.id, u.email, u.first_name, u.last_name, u.status
        from group_memberships m
        join users u on u.org_id = m.org_id and u.id = m.user_id
        where m.org_id = ${orgId}::uuid and m.group_id = ${targets.groupId}::uuid
          ${targets.userIds ? sql`and m.user_id = any(${arrayLiteral(targets.userIds)}::uuid[])` : sql``}`;
    case 'users':
      return sql`
        select u.id, u.email, u.first_name, u.last_name, u.status
        from (select distinct w.id from unnest(${arrayLiteral(targets.userIds)}::uuid[]) as w(id)) w
        join users u on u.org_id = ${orgId}::uuid and u.id = w.id`;
    case 'overdue':
      return sql`
        select u.id, u.email, u.first_name, u.last_name, u.status
        from users u
        where u.org_id = ${orgId}::uuid
          and exists (
            select 1 from enrollments e
            where e.org_id = u.org_id and e.user_id = u.id and e.status <> 'completed'
              and e.due_at < ${targets.now}::timestamptz
          )`;
  }
}

export function createReminderRepository(db: Kysely<DB>) {
  return {
    /**
     * Classifies the targeted users and queues one reminder for each active one with pending
     * courses who was not reminded within the cooldown, in one statement: the emails are written as
     * the `reminder` template and its parameters (rendered at delivery), never travelling through
     * Node. Returns the counts.
     */
    async queueReminders(
      orgId: string,
      targets: ReminderTargets,
      options: { cooldownStart: Date; now: Date; slot: string; organizationName: string },
    ): Promise<{
      targeted: number;
      sent: number;
      disabled: number;
      nothing_pending: number;
      cooldown: number;
    }> {
      const { now } = options;
      const result = await sql<{
        targeted: number;
        sent: number;
        disabled: number;
        nothing_pending: number;
        cooldown: number;
      }>`
        with targeted as materialized (${targetsSql(orgId, targets)}),
        pending as materialized (
          select e.user_id,
                 json_agg(json_build_object('courseId', c.id, 'title', c.title,
                   'dueAt', to_char(e.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                   order by e.due_at, c.title) as tasks,
                 bool_or(e.due_at < ${now}::timestamptz) as overdue
          from enrollments e
          join courses c on c.org_id = e.org_id and c.id = e.course_id and c.status = 'active'
          where e.org_id = ${orgId}::uuid and e.status <> 'completed'
            and e.user_id in (select id from targeted)
          group by e.user_id
        ),
        reminded as materialized (
          select distinct m.user_id
          from emails m
          where m.org_id = ${orgId}::uuid and m.kind = 'reminder' and m.status in ('queued', 'sending', 'sent')
            and m.created_at > ${options.cooldownStart}::timestamptz
            and m.user_id in (select id from targeted)
        ),
        classified as materialized (
          select t.id, t.email, t.first_name, t.last_name, t.status, p.tasks, p.overdue,
                 r.user_id is not null as cooled
          from targeted t
          left join pending p on p.user_id = t.id
          left join reminded r on r.user_id = t.id
        ),
        queued as (
          insert into emails (org_id, idempotency_key, kind, template, params, to_address, to_name, user_id,
                              subject, next_attempt_at, created_at)
          select ${orgId}::uuid, 'reminder:' || c.id || ':' || ${options.slot}, 'reminder', 'reminder',
                 json_build_object('firstName', c.first_name, 'email', c.email, 'tasks', c.tasks,
                                   'asOf', ${now.toISOString()}::text),
                 c.email, trim(c.first_name || ' ' || c.last_name), c.id,
                 case when c.overdue then 'Overdue: your ' else 'Reminder: your ' end
                   || ${options.organizationName}::text || ' security training',
                 ${now}::timestamptz, ${now}::timestamptz
          from classified c
          where c.status = 'active' and c.tasks is not null and not c.cooled
          on conflict (org_id, idempotency_key) do nothing
          returning 1
        )
        select (select count(*) from classified)::int as targeted,
               (select count(*) from queued)::int as sent,
               (select count(*) from classified where status <> 'active')::int as disabled,
               (select count(*) from classified where status = 'active' and tasks is null)::int as nothing_pending,
               (select count(*) from classified where status = 'active' and tasks is not null)::int
                 - (select count(*) from queued)::int as cooldown`.execute(db);
      return result.rows[0]!;
    },

    async settings(orgId: string) {
      return db.selectFrom('training_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
    },

    async saveSettings(
      orgId: string,
      values: {
        reminder_cooldown_hours: number;
        auto_reminders: boolean;
        auto_reminder_weekday: number;
        auto_reminder_hour: number;
        time_zone: string;
      },
      now: Date,
    ) {
      await db
        .insertInto('training_settings')
        .values({ org_id: orgId, ...values, updated_at: now })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...values, updated_at: now }))
        .execute();
    },

    /**
     * The organizations whose automatic reminder is due now (their weekday and hour, in their time
     * zone) and not yet served for this hour; each is claimed by setting its last run, so of several
     * processes only one serves it.
     */
    async claimDueAutomaticReminders(now: Date) {
      const result = await sql<{ org_id: string; reminder_cooldown_hours: number; time_zone: string }>`
        update training_settings s
        set auto_reminders_last_run = ${now}::timestamptz
        where s.auto_reminders
          and extract(dow from ${now}::timestamptz at time zone s.time_zone) = s.auto_reminder_weekday
          and extract(hour from ${now}::timestamptz at time zone s.time_zone) = s.auto_reminder_hour
          and (s.auto_reminders_last_run is null
               or s.auto_reminders_last_run < ${now}::timestamptz - interval '1 hour')
        returning s.org_id, s.reminder_cooldown_hours, s.time_zone`.execute(db);
      return result.rows;
    },
  };
}
