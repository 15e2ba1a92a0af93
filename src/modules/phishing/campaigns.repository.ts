/**
 * Campaign rows, and launching set-based: the audience is resolved, de-duplicated and written as
 * recipients, and their simulation emails queued in the outbox, by two statements whatever the
 * number of people.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/context.ts';
import { arrayLiteral } from '../../platform/db/array-literal.ts';
import type { CampaignStatus, DB, FailingAction } from '../../platform/db/schema.ts';
import { likePattern } from '../../platform/pagination.ts';
import { type TemplateVariable, VARIABLE_PATTERN } from './phishing.render.ts';

export interface CampaignWrite {
  name: string;
  templateIds: string[];
  landingPageId: string;
  groupIds: string[];
  departmentIds: string[];
  userIds: string[];
  launchAt: Date | null;
  sendWindowMinutes: number;
  failOn: FailingAction[];
  endsAt: Date | null;
}

export interface Audience {
  groupIds: string[];
  departmentIds: string[];
  userIds: string[];
}

/** The campaign's content as launched: what its emails and pages are made of, ever after. */
export interface CampaignContent {
  templates: {
    id: string;
    name: string;
    subject: string;
    senderName: string;
    senderAddress: string;
    htmlBody: string;
    textBody: string;
    redFlags: string[];
  }[];
  landingPage: { id: string; name: string; html: string };
}

const uuids = (ids: string[]) => sql`${arrayLiteral(ids)}::uuid[]`;

/** Everyone the audience names, each once, with whether they are active. */
function audienceSql(orgId: string, audience: Audience): RawBuilder<{ user_id: string }> {
  return sql`
    select m.user_id from group_memberships m
    where m.org_id = ${orgId}::uuid and m.group_id = any(${uuids(audience.groupIds)})
    union
    select u.id from users u
    where u.org_id = ${orgId}::uuid and u.department_id = any(${uuids(audience.departmentIds)})
    union
    select u.id from users u
    where u.org_id = ${orgId}::uuid and u.id = any(${uuids(audience.userIds)})`;
}

/**
 * A subject as SQL over the recipient row `r`: its literal pieces and variables concatenated, so
 * each person's subject is written by the statement that queues the email (one pass, like the
 * renderer: a value that looks like a variable stays text).
 */
function subjectSql(subject: string, links: { click: RawBuilder<string>; report: RawBuilder<string> }) {
  const columns: Record<TemplateVariable, RawBuilder<string>> = {
    firstName: sql`r.first_name`,
    lastName: sql`r.last_name`,
    email: sql`r.email`,
    department: sql`coalesce(r.department_name, '')`,
    link: links.click,
    reportLink: links.report,
    trackingPixel: sql`''`,
  };
  const parts: RawBuilder<unknown>[] = [];
  let last = 0;
  for (const match of subject.matchAll(VARIABLE_PATTERN)) {
    parts.push(sql`${subject.slice(last, match.index)}::text`);
    parts.push(columns[match[1] as TemplateVariable] ?? sql`${match[0]}::text`);
    last = match.index + match[0].length;
  }
  parts.push(sql`${subject.slice(last)}::text`);
  return sql<string>`regexp_replace(concat(${sql.join(parts)}), '[\r\n]+', ' ', 'g')`;
}

export function createCampaignRepository(db: Kysely<DB>) {
  return {
    async insert(orgId: string, input: CampaignWrite, actor: Actor, now: Date): Promise<string> {
      const row = await db
        .insertInto('phishing_campaigns')
        .values({
          org_id: orgId,
          name: input.name,
          template_ids: input.templateIds,
          landing_page_id: input.landingPageId,
          group_ids: input.groupIds,
          department_ids: input.departmentIds,
          user_ids: input.userIds,
          launch_at: input.launchAt,
          send_window_minutes: input.sendWindowMinutes,
          fail_on: input.failOn,
          ends_at: input.endsAt,
          created_at: now,
          updated_at: now,
          created_by_type: actor.type,
          created_by_id: actor.id,
          created_by_label: actor.label,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(orgId: string, id: string, input: CampaignWrite, now: Date): Promise<void> {
      await db
        .updateTable('phishing_campaigns')
        .set({
          name: input.name,
          template_ids: input.templateIds,
          landing_page_id: input.landingPageId,
          group_ids: input.groupIds,
          department_ids: input.departmentIds,
          user_ids: input.userIds,
          launch_at: input.launchAt,
          send_window_minutes: input.sendWindowMinutes,
          fail_on: input.failOn,
          ends_at: input.endsAt,
          updated_at: now,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    async delete(orgId: string, id: string): Promise<void> {
      await db.deleteFrom('phishing_campaigns').where('org_id', '=', orgId).where('id', '=', id).execute();
    },

    /** The row, locked for the caller's transaction when `lock` (launch, cancel, edit). */
    async find(orgId: string, id: string, options: { lock?: boolean } = {}) {
      let query = db
        .selectFrom('phishing_campaigns')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', '=', id);
      if (options.lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    async list(
      orgId: string,
      filters: { status?: CampaignStatus; search?: string },
      page: { limit: number; cursor: { value: string; id: string } | null },
    ) {
      let query = db
        .selectFrom('phishing_campaigns')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit + 1);
      if (filters.status) query = query.where('status', '=', filters.status);
      if (filters.search) query = query.where('name', 'ilike', likePattern(filters.search));
      if (page.cursor) {
        const { value, id } = page.cursor;
        query = query.where(sql<boolean>`(created_at, id) < (${value}::timestamptz, ${id}::uuid)`);
      }
      return query.execute();
    },

    /** Which of these ids are the organization's templates, and which of those are archived. */
    async templates(orgId: string, ids: string[]) {
      if (ids.length === 0) return [];
      return db
        .selectFrom('phishing_templates')
        .select([
          'id',
          'name',
          'subject',
          'sender_name',
          'sender_address',
          'html_body',
          'text_body',
          'red_flags',
          'archived_at',
        ])
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .execute();
    },

    /** What a launched campaign's emails and pages are made of (null before launch). */
    async launchedContent(orgId: string, id: string): Promise<CampaignContent | null> {
      const row = await db
        .selectFrom('phishing_campaigns')
        .select('content')
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return (row?.content as CampaignContent | null | undefined) ?? null;
    },

    async landingPage(orgId: string, id: string) {
      return db
        .selectFrom('phishing_landing_pages')
        .select(['id', 'name', 'html', 'archived_at'])
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Which of the named groups, departments and users exist in the organization. */
    async existing(orgId: string, audience: Audience) {
      const [groups, departments, users] = await Promise.all([
        audience.groupIds.length
          ? db
              .selectFrom('groups')
              .select('id')
              .where('org_id', '=', orgId)
              .where('id', 'in', audience.groupIds)
              .execute()
          : [],
        audience.departmentIds.length
          ? db
              .selectFrom('departments')
              .select('id')
              .where('org_id', '=', orgId)
              .where('id', 'in', audience.departmentIds)
              .execute()
          : [],
        audience.userIds.length
          ? sql<{ id: string }>`
              select u.id from users u
              where u.org_id = ${orgId}::uuid and u.id = any(${uuids(audience.userIds)})`
              .execute(db)
              .then((r) => r.rows)
          : [],
      ]);
      return {
        groupIds: new Set(groups.map((g) => g.id)),
        departmentIds: new Set(departments.map((d) => d.id)),
        userIds: new Set(users.map((u) => u.id)),
      };
    },

    /** How many active people the audience names (each once), how many disabled ones it leaves out, a few names. */
    async previewAudience(orgId: string, audience: Audience) {
      const result = await sql<{
        recipients: number;
        disabled: number;
        sample: { id: string; email: string; name: string }[] | null;
      }>`
        with audience as (${audienceSql(orgId, audience)}),
        people as (
          select u.id, u.email, trim(u.first_name || ' ' || u.last_name) as name, u.status
          from audience a join users u on u.org_id = ${orgId}::uuid and u.id = a.user_id
        )
        select count(*) filter (where status = 'active')::int as recipients,
               count(*) filter (where status <> 'active')::int as disabled,
               (select json_agg(s) from (
                  select id, email, name from people where status = 'active' order by email limit 10
                ) s) as sample
        from people`.execute(db);
      const row = result.rows[0]!;
      return { recipients: row.recipients, disabledLeftOut: row.disabled, sample: row.sample ?? [] };
    },

    /**
     * Writes the recipients of a launch: the audience's active people once each, with a fresh
     * unguessable token (122 random bits), a template picked at random, their department and
     * targeted groups as of now, and when their email goes out (spread evenly over the window, in
     * random order). Returns how many.
     */
    async insertRecipients(
      orgId: string,
      campaignId: string,
      audience: Audience,
      plan: { start: Date; windowMs: number; templateCount: number },
    ): Promise<number> {
      const result = await sql`
        with audience as (${audienceSql(orgId, audience)}),
        people as (
          select u.id, u.email, u.first_name, u.last_name, u.department_id, d.name as department_name,
                 row_number() over (order by random()) - 1 as position,
                 count(*) over () as total
          from audience a
          join users u on u.org_id = ${orgId}::uuid and u.id = a.user_id and u.status = 'active'
          left join departments d on d.org_id = u.org_id and d.id = u.department_id
        )
        insert into phishing_recipients (org_id, campaign_id, user_id, token, email, first_name, last_name,
                                         department_id, department_name, group_ids, template_index, send_at)
        select ${orgId}::uuid, ${campaignId}::uuid, p.id, replace(gen_random_uuid()::text, '-', ''), p.email,
               p.first_name, p.last_name, p.department_id, p.department_name,
               array(select m.group_id from group_memberships m
                     where m.org_id = ${orgId}::uuid and m.user_id = p.id
                       and m.group_id = any(${uuids(audience.groupIds)})),
               floor(random() * ${plan.templateCount}::int)::int,
               ${plan.start}::timestamptz
                 + make_interval(secs => (${plan.windowMs}::float8 / 1000) * p.position / greatest(p.total, 1))
        from people p`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /**
     * Queues every recipient's simulation email in the outbox, due at their send time, as the
     * `phishing` template and its parameters (rendered at delivery); the subject is written here.
     */
    async queueEmails(
      orgId: string,
      campaignId: string,
      content: CampaignContent,
      trackingUrl: string,
      now: Date,
    ): Promise<number> {
      const click = sql<string>`${`${trackingUrl}/c/`}::text || r.token`;
      const report = sql<string>`${`${trackingUrl}/r/`}::text || r.token`;
      const subjects = content.templates.map(
        (template, index) => sql`when ${index}::int then ${subjectSql(template.subject, { click, report })}`,
      );
      const result = await sql`
        insert into emails (org_id, idempotency_key, kind, template, params, to_address, to_name, user_id,
                            subject, next_attempt_at, created_at)
        select r.org_id, 'phishing:' || r.id, 'phishing', 'phishing',
               json_build_object('campaignId', r.campaign_id, 'recipientId', r.id, 'token', r.token,
                                 'templateIndex', r.template_index, 'firstName', r.first_name,
                                 'lastName', r.last_name, 'email', r.email, 'department', r.department_name),
               r.email, trim(r.first_name || ' ' || r.last_name), r.user_id,
               case r.template_index ${sql.join(subjects, sql` `)} end,
               r.send_at, ${now}::timestamptz
        from phishing_recipients r
        where r.org_id = ${orgId}::uuid and r.campaign_id = ${campaignId}::uuid
        on conflict (org_id, idempotency_key) do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    async markLaunched(
      orgId: string,
      id: string,
      launch: {
        status: CampaignStatus;
        launchAt: Date;
        content: CampaignContent;
        recipients: number;
        now: Date;
      },
    ): Promise<void> {
      await db
        .updateTable('phishing_campaigns')
        .set({
          status: launch.status,
          launch_at: launch.launchAt,
          content: JSON.stringify(launch.content),
          recipient_count: launch.recipients,
          launched_at: launch.now,
          updated_at: launch.now,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    /** Cancels: emails not yet handed to the worker are withdrawn from the outbox. Returns how many. */
    async cancel(orgId: string, id: string, now: Date): Promise<number> {
      const withdrawn = await sql`
        delete from emails e
        using phishing_recipients r
        where r.org_id = ${orgId}::uuid and r.campaign_id = ${id}::uuid
          and e.org_id = r.org_id and e.idempotency_key = 'phishing:' || r.id and e.status = 'queued'`.execute(
        db,
      );
      await db
        .updateTable('phishing_campaigns')
        .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
      return Number(withdrawn.numAffectedRows ?? 0);
    },

    /**
     * Moves campaigns on by time, across organizations: scheduled → sending when the launch time
     * comes; sending → in progress once every email was sent or failed; in progress → completed at
     * the end date. Returns how many changed.
     */
    async advance(now: Date): Promise<number> {
      const result = await sql`
        update phishing_campaigns c
        set status = next.status, updated_at = ${now}::timestamptz,
            completed_at = case when next.status = 'completed' then ${now}::timestamptz else c.completed_at end
        from (
          select c.org_id, c.id,
                 case
                   when c.status = 'scheduled' and c.launch_at <= ${now}::timestamptz then 'sending'
                   when c.status = 'sending' and not exists (
                     select 1 from phishing_recipients r
                     where r.org_id = c.org_id and r.campaign_id = c.id
                       and r.sent_at is null and r.delivery_failed_at is null
                   ) then 'in_progress'
                   when c.status = 'in_progress' and c.ends_at <= ${now}::timestamptz then 'completed'
                 end as status
          from phishing_campaigns c
          where c.status in ('scheduled', 'sending', 'in_progress')
        ) next
        where c.org_id = next.org_id and c.id = next.id and next.status is not null`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}
export type CampaignRepository = ReturnType<typeof createCampaignRepository>;
