/**
 * The Phished Users automation's queries: its settings, the memberships of its group (added with the
 * failure that put each person there and when they leave), remediation enrollments, and the sweep of
 * expired memberships. Failures arrive in batches of up to hundreds; a batch is one statement.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { DB, RemoveAfter } from '../../platform/db/schema.ts';
import { auditEntrySql } from '../audit/audit.repository.ts';

/** The label memberships, assignments and audit entries of the automation carry. */
export const AUTOMATION_LABEL = 'Phished Users automation';
const AUTOMATION_ACTOR: Actor = { type: 'system', id: null, label: AUTOMATION_LABEL };

/** How long a failure keeps someone in the group; null: until removed by hand. */
export const REMOVAL_PERIODS: Record<RemoveAfter, string | null> = {
  never: null,
  '1m': '1 month',
  '3m': '3 months',
  '6m': '6 months',
  '1y': '1 year',
};

export interface FailureRows {
  userIds: string[];
  campaignIds: string[];
  campaignNames: string[];
  events: string[];
  /** ISO 8601 */
  ats: string[];
}

/** What `recordFailures` answers: memberships added and renewed, enrollments made and reopened, courses. */
export interface FailuresRecorded {
  added: number;
  renewed: number;
  enrolled: number;
  reopened: number;
  courses: number;
}

/**
 * `at` plus the period (an interval expression, null for none) in calendar terms of UTC ("1 month"
 * from 31 January is 28/29 February), so the removal time does not depend on the database session's
 * time zone; null without a period.
 */
const expiryOf = (at: string, period: RawBuilder<unknown>) =>
  sql<Date | null>`case when ${period} is null then null
    else (${sql.raw(at)} at time zone 'UTC' + ${period}) at time zone 'UTC' end`;

/** The removal period of a `remove_after` column as an interval (null: never), from REMOVAL_PERIODS. */
const periodOf = (column: string) =>
  sql.raw(
    `case ${column} ${Object.entries(REMOVAL_PERIODS)
      .map(([key, period]) => `when '${key}' then ${period ? `interval '${period}'` : 'null::interval'}`)
      .join(' ')} end`,
  );

/**
 * What failing does, as common table expressions to follow others in a WITH (comma-separated, no
 * leading WITH): the failures are the rows of `source`, a relation of the statement with columns
 * `org_id, user_id, campaign_id, campaign_name, event, at`, of any number of organizations. The
 * tracking server's batch statement writes its events, marks the first failures and does all of
 * this in one autocommitted statement (one round trip; a batch used to be five); for each
 * organization whose automation is on:
 * - the settings row is read FOR SHARE (see lockSettings): when the automation is off, or its group
 *   does not exist, nothing else happens for that organization;
 * - the failing users join the group: each user's latest failure becomes the membership's reason
 *   and starts its removal timer. A user already in the group (added earlier by a failure or by
 *   hand) gets the new reason and timer, unless the stored failure is the later one (batches may be
 *   written out of order). Users deleted since the campaign launched are left out;
 * - the active ones are enrolled in the active remediation courses, due `remediation_due_days`
 *   after their latest failure, under the automation's assignment of each course for the day (the
 *   day's first failures create it, later ones add to its count). A user with the course still
 *   pending keeps it as it is: they are already on it, with the due date they were given. A
 *   completed enrollment is reopened (not started again, due date renewed, lessons, attempts count
 *   and score cleared): failing again shows the course did not stick, and a user has one enrollment
 *   per course, so doing it again means reopening that one. The quiz attempts table keeps the
 *   earlier attempts as history;
 * - when anything changed, one audit entry per organization names the group and the counts.
 * The expressions it defines, which the rest of the statement must not reuse: settings, failed,
 * written, wanted, per_course, todays, bumped, assigned, targets, enrolled, counts (a row per
 * organization with the automation on: added, renewed, enrolled, reopened, courses), audited.
 */
export function failureEffectsSql(source: RawBuilder<unknown>, now: Date): RawBuilder<unknown> {
  return sql`settings as materialized (
      select s.org_id, s.group_id, g.name as group_name, s.remediation_course_ids, s.remediation_due_days,
             ${periodOf('s.remove_after')} as period
      from phished_users_settings s
      join groups g on g.org_id = s.org_id and g.id = s.group_id
      where s.org_id in (select org_id from ${source}) and s.enabled
      for share of s
    ), failed as materialized (
      select distinct on (f.org_id, f.user_id) f.org_id, f.user_id, f.campaign_id, f.campaign_name, f.event, f.at,
             u.status
      from ${source} f
      join users u on u.org_id = f.org_id and u.id = f.user_id
      where f.org_id in (select org_id from settings)
      order by f.org_id, f.user_id, f.at desc
    ), written as (
      insert into group_memberships
        (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label, reason, expires_at)
      select f.org_id, s.group_id, f.user_id, ${now}::timestamptz, 'system', null, ${AUTOMATION_LABEL},
             jsonb_build_object('campaignId', f.campaign_id, 'campaignName', f.campaign_name, 'event', f.event,
               'at', to_char(f.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
             ${expiryOf('f.at', sql`s.period`)}
      from failed f join settings s on s.org_id = f.org_id
      -- Rows (and so row locks) in key order: two batches at once cannot deadlock on them.
      order by f.org_id, f.user_id
      on conflict (org_id, group_id, user_id) do update
      set reason = excluded.reason, expires_at = excluded.expires_at
      where group_memberships.reason->>'at' is null
         or (group_memberships.reason->>'at')::timestamptz <= (excluded.reason->>'at')::timestamptz
      returning org_id, (xmax = 0) as inserted
    ), wanted as materialized (
      select f.org_id, f.user_id, c.id as course_id, f.at + s.remediation_due_days * interval '1 day' as due_at
      from failed f
      join settings s on s.org_id = f.org_id
      join courses c on c.org_id = f.org_id and c.id = any(s.remediation_course_ids) and c.status = 'active'
      -- Each person's enrollment looked up by its key. As a plain join, with the statistics of a
      -- table that grew since its last ANALYZE (a wave of first failures enrolls thousands in
      -- minutes), the planner hashed every enrollment of the organization for each batch: 7 ms
      -- per batch at 17,000 enrollments and growing. OFFSET 0 keeps the lookup per person.
      left join lateral (
        select e.status from enrollments e
        where e.org_id = f.org_id and e.user_id = f.user_id and e.course_id = c.id
        offset 0
      ) e on true
      where f.status = 'active' and (e.status is null or e.status = 'completed')
    ), per_course as (
      select w.org_id, w.course_id, count(*)::int as people, max(w.due_at) as due_at
      from wanted w group by w.org_id, w.course_id
    ), todays as (
      -- The automation's assignment of the course made today (UTC), if any: failures trickle in
      -- batch by batch, and one assignment a day per course reads better in Training than one per
      -- batch of clicks.
      select distinct on (a.org_id, a.course_id) a.org_id, a.id, a.course_id
      from per_course c
      join assignments a on a.org_id = c.org_id and a.course_id = c.course_id
      where a.created_at >= date_trunc('day', ${now}::timestamptz at time zone 'UTC') at time zone 'UTC'
        and a.created_by_type = 'system' and a.created_by_label = ${AUTOMATION_LABEL}
      order by a.org_id, a.course_id, a.created_at desc
    ), bumped as (
      update assignments a
      set user_count = a.user_count + c.people, due_at = greatest(a.due_at, c.due_at)
      from todays t join per_course c on c.org_id = t.org_id and c.course_id = t.course_id
      where a.org_id = t.org_id and a.id = t.id
      returning a.org_id, a.id, a.course_id
    ), assigned as (
      insert into assignments
        (org_id, course_id, due_at, group_ids, user_count, created_at, created_by_type, created_by_id, created_by_label)
      select c.org_id, c.course_id, c.due_at, array[s.group_id], c.people,
             ${now}::timestamptz, 'system', null, ${AUTOMATION_LABEL}
      from per_course c join settings s on s.org_id = c.org_id
      where not exists (select 1 from todays t where t.org_id = c.org_id and t.course_id = c.course_id)
      returning org_id, id, course_id
    ), targets as (
      select org_id, id, course_id from assigned union all select org_id, id, course_id from bumped
    ), enrolled as (
      insert into enrollments (org_id, user_id, course_id, assignment_id, due_at, created_at)
      select w.org_id, w.user_id, w.course_id, a.id, w.due_at, ${now}::timestamptz
      from wanted w
      join targets a on a.org_id = w.org_id and a.course_id = w.course_id
      -- Rows (and so row locks) in key order: two batches at once cannot deadlock on them.
      order by w.org_id, w.user_id, w.course_id
      on conflict (org_id, user_id, course_id) do update
      set assignment_id = excluded.assignment_id, due_at = excluded.due_at, status = 'not_started',
          lessons_completed = 0, quiz_attempts = 0, score = null, started_at = null, completed_at = null,
          created_at = excluded.created_at
      where enrollments.status = 'completed'
      returning org_id, (xmax = 0) as inserted
    ), counts as (
      select s.org_id, s.group_id, s.group_name,
             (select count(*) filter (where w.inserted) from written w where w.org_id = s.org_id)::int as added,
             (select count(*) filter (where not w.inserted) from written w where w.org_id = s.org_id)::int as renewed,
             (select count(*) filter (where e.inserted) from enrolled e where e.org_id = s.org_id)::int as enrolled,
             (select count(*) filter (where not e.inserted) from enrolled e where e.org_id = s.org_id)::int as reopened,
             (select count(*) from targets t where t.org_id = s.org_id)::int as courses,
             (select jsonb_agg(distinct f.campaign_id) from ${source} f where f.org_id = s.org_id) as campaign_ids
      from settings s
    ), audited as (
      ${auditEntrySql(
        { orgId: sql`c.org_id`, actor: AUTOMATION_ACTOR, ip: null },
        now,
        {
          action: 'phishing.phished_users_added',
          targetType: 'group',
          targetId: sql`c.group_id::text`,
          details: sql`jsonb_build_object('group', c.group_name, 'added', c.added, 'renewed', c.renewed,
            'remediation', jsonb_build_object('enrolled', c.enrolled, 'reopened', c.reopened, 'courses', c.courses),
            'campaignIds', c.campaign_ids)`,
        },
        sql`from counts c where c.added + c.renewed + c.enrolled + c.reopened > 0`,
      )}
    )`;
}

export function createPhishedUsersRepository(db: Kysely<DB>) {
  return {
    /**
     * The stored settings with the group's name (before the group exists, the name saved for it)
     * and member count; undefined when never saved.
     */
    async settings(orgId: string) {
      return db
        .selectFrom('phished_users_settings as s')
        .leftJoin('groups as g', (join) =>
          join.onRef('g.org_id', '=', 's.org_id').onRef('g.id', '=', 's.group_id'),
        )
        .select([
          's.enabled',
          's.group_id',
          's.remove_after',
          's.remediation_course_ids',
          's.remediation_due_days',
          sql<string | null>`coalesce(g.name, s.group_name)`.as('group_name'),
          (eb) =>
            eb
              .selectFrom('group_memberships as m')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('m.org_id', '=', 's.org_id')
              .whereRef('m.group_id', '=', 's.group_id')
              .as('member_count'),
        ])
        .where('s.org_id', '=', orgId)
        .executeTakeFirst();
    },

    /**
     * The settings row, created with the defaults if missing, locked for the rest of the transaction:
     * two saves at once are serialized, and failures recorded meanwhile (which read it FOR SHARE)
     * wait for the new period rather than writing the old one after the recompute.
     */
    async lockSettings(orgId: string, now: Date) {
      await db
        .insertInto('phished_users_settings')
        .values({ org_id: orgId, updated_at: now })
        .onConflict((oc) => oc.column('org_id').doNothing())
        .execute();
      return db
        .selectFrom('phished_users_settings')
        .select(['enabled', 'group_id', 'remove_after', 'remediation_course_ids', 'remediation_due_days'])
        .where('org_id', '=', orgId)
        .forUpdate()
        .executeTakeFirstOrThrow();
    },

    async saveSettings(
      orgId: string,
      values: {
        enabled: boolean;
        group_id: string | null;
        group_name: string;
        remove_after: RemoveAfter;
        remediation_course_ids: string[];
        remediation_due_days: number;
      },
      now: Date,
    ) {
      await db
        .updateTable('phished_users_settings')
        .set({ ...values, updated_at: now })
        .where('org_id', '=', orgId)
        .execute();
    },

    /** Which of the ids are the organization's active courses (locked against archiving meanwhile). */
    async activeCourseIds(orgId: string, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('courses')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', sql<string>`any(${arrayLiteral(ids)}::uuid[])`)
        .where('status', '=', 'active')
        .forShare()
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    /** Another group of the organization with this name, ignoring case. */
    async otherGroupNamed(orgId: string, name: string, exceptId: string | null) {
      let query = db
        .selectFrom('groups')
        .select(['id', 'name', 'kind'])
        .where('org_id', '=', orgId)
        .where('name_normalized', '=', name.toLowerCase());
      if (exceptId) query = query.where('id', '<>', exceptId);
      return query.executeTakeFirst();
    },

    /**
     * Sets the removal time of the group's automated members (those with a failure in their reason)
     * from their failure time and the new period; hand-added members keep none.
     */
    async recomputeExpiry(orgId: string, groupId: string, period: string | null) {
      const result = await sql`
        update group_memberships
        set expires_at = ${expiryOf("(reason->>'at')::timestamptz", sql`${period}::interval`)}
        where org_id = ${orgId}::uuid and group_id = ${groupId}::uuid and reason->>'at' is not null`.execute(
        db,
      );
      return Number(result.numAffectedRows ?? 0);
    },

    /**
     * Hands failures of one organization to the automation (see `failureEffectsSql`) as a statement
     * of its own; answers the counts (all 0 when the automation is off).
     */
    async recordFailures(orgId: string, failures: FailureRows, now: Date): Promise<FailuresRecorded> {
      const result = await sql<FailuresRecorded>`
        with given as (
          select ${orgId}::uuid as org_id, f.*
          from unnest(${arrayLiteral(failures.userIds)}::uuid[], ${arrayLiteral(failures.campaignIds)}::uuid[],
                      ${arrayLiteral(failures.campaignNames)}::text[], ${arrayLiteral(failures.events)}::text[],
                      ${arrayLiteral(failures.ats)}::timestamptz[]) as f(user_id, campaign_id, campaign_name, event, at)
        ), ${failureEffectsSql(sql`given`, now)}
        select coalesce(sum(added), 0)::int as added, coalesce(sum(renewed), 0)::int as renewed,
               coalesce(sum(enrolled), 0)::int as enrolled, coalesce(sum(reopened), 0)::int as reopened,
               coalesce(sum(courses), 0)::int as courses
        from counts`.execute(db);
      return result.rows[0]!;
    },

    /**
     * Removes every membership of a phished group, in any organization, whose removal time has
     * come, in one statement (the partial index on expires_at finds them). Hand-added members have
     * no removal time. Answers how many left each group.
     */
    async removeExpired(now: Date) {
      const result = await sql<{ org_id: string; group_id: string; group_name: string; removed: number }>`
        with removed as (
          delete from group_memberships m
          using groups g
          where m.expires_at <= ${now}::timestamptz
            and g.org_id = m.org_id and g.id = m.group_id and g.kind = 'phished'
          returning m.org_id, m.group_id, g.name
        )
        select org_id, group_id, name as group_name, count(*)::int as removed
        from removed
        group by org_id, group_id, name
        order by org_id, group_id`.execute(db);
      return result.rows;
    },
  };
}
