/**
 * The Phished Users automation's queries: its settings, the memberships of its group (added with the
 * failure that put each person there and when they leave), remediation enrollments, and the sweep of
 * expired memberships. Failures arrive in batches of up to hundreds; a batch is one statement.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { systemContext } from '../../platform/context.ts';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { DB, RemoveAfter } from '../../platform/db/schema.ts';
import { auditEntrySql } from '../audit/audit.repository.ts';

/** The label memberships, assignments and audit entries of the automation carry. */
export const AUTOMATION_LABEL = 'Phished Users automation';

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
     * Hands a batch of first failures of one organization to the automation, in one statement (a
     * click's transaction waits for every round trip, so the four steps below are one):
     * - the settings row, read FOR SHARE (see lockSettings): when the automation is off, or its
     *   group does not exist, nothing else happens;
     * - the failing users join the group: each user's latest failure of the batch becomes the
     *   membership's reason and starts its removal timer. A user already in the group (added earlier
     *   by a failure or by hand) gets the new reason and timer, unless the stored failure is the
     *   later one (batches may be written out of order). Users deleted since the campaign launched
     *   are left out;
     * - the active ones are enrolled in the active remediation courses, due `remediation_due_days`
     *   after their latest failure, under the automation's assignment of each course for the day
     *   (the day's first failures create it, later ones add to its count). A user with the course
     *   still pending keeps it as it is: they are already on it, with the due date they were given.
     *   A completed enrollment is reopened (not started again, due date renewed, lessons, attempts
     *   count and score cleared): failing again shows the course did not stick, and a user has one
     *   enrollment per course, so doing it again means reopening that one. The quiz attempts table
     *   keeps the earlier attempts as history;
     * - when anything changed, one audit entry names the group and the counts.
     * Answers the counts (all 0 when the automation is off).
     */
    async recordFailures(orgId: string, failures: FailureRows, now: Date): Promise<FailuresRecorded> {
      const result = await sql<FailuresRecorded>`/* prepared: phished_users_record_failures */
        with settings as materialized (
          select s.group_id, coalesce(g.name, s.group_name) as group_name, s.remediation_course_ids,
                 s.remediation_due_days, ${periodOf('s.remove_after')} as period
          from phished_users_settings s
          join groups g on g.org_id = s.org_id and g.id = s.group_id
          where s.org_id = ${orgId}::uuid and s.enabled
          for share of s
        ), failed as materialized (
          select distinct on (f.user_id) f.user_id, f.campaign_id, f.campaign_name, f.event, f.at, u.status
          from unnest(${arrayLiteral(failures.userIds)}::uuid[], ${arrayLiteral(failures.campaignIds)}::uuid[],
                      ${arrayLiteral(failures.campaignNames)}::text[], ${arrayLiteral(failures.events)}::text[],
                      ${arrayLiteral(failures.ats)}::timestamptz[]) as f(user_id, campaign_id, campaign_name, event, at)
          join users u on u.org_id = ${orgId}::uuid and u.id = f.user_id
          where exists (select 1 from settings)
          order by f.user_id, f.at desc
        ), written as (
          insert into group_memberships
            (org_id, group_id, user_id, added_at, added_by_type, added_by_id, added_by_label, reason, expires_at)
          select ${orgId}::uuid, s.group_id, f.user_id, ${now}::timestamptz, 'system', null, ${AUTOMATION_LABEL},
                 jsonb_build_object('campaignId', f.campaign_id, 'campaignName', f.campaign_name, 'event', f.event,
                   'at', to_char(f.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                 ${expiryOf('f.at', sql`s.period`)}
          from failed f cross join settings s
          -- Rows (and so row locks) in key order: two batches at once cannot deadlock on them.
          order by f.user_id
          on conflict (org_id, group_id, user_id) do update
          set reason = excluded.reason, expires_at = excluded.expires_at
          where group_memberships.reason->>'at' is null
             or (group_memberships.reason->>'at')::timestamptz <= (excluded.reason->>'at')::timestamptz
          returning (xmax = 0) as inserted
        ), wanted as materialized (
          select f.user_id, c.id as course_id, f.at + s.remediation_due_days * interval '1 day' as due_at
          from failed f
          cross join settings s
          join courses c on c.org_id = ${orgId}::uuid and c.id = any(s.remediation_course_ids) and c.status = 'active'
          -- Each person's enrollment looked up by its key. As a plain join, with the statistics of a
          -- table that grew since its last ANALYZE (a wave of first failures enrolls thousands in
          -- minutes), the planner hashed every enrollment of the organization for each batch: 7 ms
          -- per batch at 17,000 enrollments and growing. OFFSET 0 keeps the lookup per person.
          left join lateral (
            select e.status from enrollments e
            where e.org_id = ${orgId}::uuid and e.user_id = f.user_id and e.course_id = c.id
            offset 0
          ) e on true
          where f.status = 'active' and (e.status is null or e.status = 'completed')
        ), per_course as (
          select w.course_id, count(*)::int as people, max(w.due_at) as due_at from wanted w group by w.course_id
        ), todays as (
          -- The automation's assignment of the course made today (UTC), if any: failures trickle in
          -- batch by batch, and one assignment a day per course reads better in Training than one per
          -- batch of clicks.
          select distinct on (a.course_id) a.id, a.course_id
          from assignments a
          where a.org_id = ${orgId}::uuid and a.course_id in (select course_id from per_course)
            and a.created_at >= date_trunc('day', ${now}::timestamptz at time zone 'UTC') at time zone 'UTC'
            and a.created_by_type = 'system' and a.created_by_label = ${AUTOMATION_LABEL}
          order by a.course_id, a.created_at desc
        ), bumped as (
          update assignments a
          set user_count = a.user_count + c.people, due_at = greatest(a.due_at, c.due_at)
          from todays t join per_course c on c.course_id = t.course_id
          where a.org_id = ${orgId}::uuid and a.id = t.id
          returning a.id, a.course_id
        ), assigned as (
          insert into assignments
            (org_id, course_id, due_at, group_ids, user_count, created_at, created_by_type, created_by_id, created_by_label)
          select ${orgId}::uuid, c.course_id, c.due_at, array[s.group_id], c.people,
                 ${now}::timestamptz, 'system', null, ${AUTOMATION_LABEL}
          from per_course c cross join settings s
          where c.course_id not in (select course_id from todays)
          returning id, course_id
        ), targets as (
          select id, course_id from assigned union all select id, course_id from bumped
        ), enrolled as (
          insert into enrollments (org_id, user_id, course_id, assignment_id, due_at, created_at)
          select ${orgId}::uuid, w.user_id, w.course_id, a.id, w.due_at, ${now}::timestamptz
          from wanted w
          join targets a on a.course_id = w.course_id
          -- Rows (and so row locks) in key order: two batches at once cannot deadlock on them.
          order by w.user_id, w.course_id
          on conflict (org_id, user_id, course_id) do update
          set assignment_id = excluded.assignment_id, due_at = excluded.due_at, status = 'not_started',
              lessons_completed = 0, quiz_attempts = 0, score = null, started_at = null, completed_at = null,
              created_at = excluded.created_at
          where enrollments.status = 'completed'
          returning (xmax = 0) as inserted
        ), counts as (
          select (select count(*) filter (where inserted) from written)::int as added,
                 (select count(*) filter (where not inserted) from written)::int as renewed,
                 (select count(*) filter (where inserted) from enrolled)::int as enrolled,
                 (select count(*) filter (where not inserted) from enrolled)::int as reopened,
                 (select count(*) from targets)::int as courses
        ), audited as (
          ${auditEntrySql(
            systemContext(orgId, AUTOMATION_LABEL),
            now,
            {
              action: 'phishing.phished_users_added',
              targetType: 'group',
              targetId: sql`s.group_id::text`,
              details: sql`jsonb_build_object('group', s.group_name, 'added', c.added, 'renewed', c.renewed,
                'remediation', jsonb_build_object('enrolled', c.enrolled, 'reopened', c.reopened, 'courses', c.courses),
                'campaignIds', ${JSON.stringify([...new Set(failures.campaignIds)])}::jsonb)`,
            },
            sql`from settings s cross join counts c where c.added + c.renewed + c.enrolled + c.reopened > 0`,
          )}
        )
        select added, renewed, enrolled, reopened, courses from counts`.execute(db);
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
