/**
 * Campaign results and the organization's phishing statistics: Kysely queries only, every one of them
 * set-based. A campaign's results are a handful of grouped passes over its recipients (which hold the
 * first time of each outcome and their department and groups at launch) and its events, whatever its
 * size; nothing here runs a query per recipient.
 *
 * Also campaigns as the API shows them (`describeCampaigns`, `toCampaign`) and the funnels of a page
 * of campaigns (`funnelsFor`), shared with the campaign service.
 */
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { CampaignStatus, DB, PhishingCampaignsTable } from '../../platform/db/schema.ts';
import { type Cursor, likePattern } from '../../platform/pagination.ts';
import { csvCellSql } from '../exports/csv-writer.ts';
import { isoUtc } from '../exports/exports.repository.ts';
import type { Campaign, Funnel } from './campaigns.schemas.ts';
import type { RecipientStatus } from './results.schemas.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * A recipient's status: the furthest they went. Submitting and clicking outrank reporting (someone who
 * clicked and then reported still fell for it); reporting outranks merely opening; an email that was
 * delivered outranks an earlier failed attempt. Before any delivery outcome the email is scheduled.
 */
const STATUS = `(case when r.submitted_at is not null then 'submitted'
  when r.clicked_at is not null then 'clicked'
  when r.reported_at is not null then 'reported'
  when r.opened_at is not null then 'opened'
  when r.sent_at is not null then 'sent'
  when r.delivery_failed_at is not null then 'delivery_failed'
  else 'scheduled' end)`;

/** The same status in words, for the CSV. */
const STATUS_WORDS = `(case ${STATUS} when 'submitted' then 'Submitted' when 'clicked' then 'Clicked'
  when 'reported' then 'Reported' when 'opened' then 'Opened' when 'sent' then 'Sent'
  when 'delivery_failed' then 'Delivery failed' else 'Scheduled' end)`;

/**
 * The names of a campaign's templates by `template_index` (alias `tn`): from its launch-time copy
 * (`content`), or, for a campaign without one, from the organization's templates. A derived table read
 * once per query, so the campaign's content (every template's bodies) is not unpacked once per row.
 */
function templateNames(orgId: string, campaignId: string) {
  return sql<{ template_index: number; name: string }>`(
    select (x.ord - 1)::int as template_index, x.name
    from phishing_campaigns c
    cross join lateral (
      select t.value->>'name' as name, t.ord
      from jsonb_array_elements(c.content->'templates') with ordinality as t(value, ord)
      where c.content is not null
      union all
      select pt.name, u.ord
      from unnest(c.template_ids) with ordinality as u(id, ord)
      join phishing_templates pt on pt.org_id = c.org_id and pt.id = u.id
      where c.content is null
    ) as x
    where c.org_id = ${orgId} and c.id = ${campaignId}
  )`.as('tn');
}
const TEMPLATE_NAME = `coalesce(tn.name, '')`;

const RECIPIENT_NAME = `btrim(r.first_name || ' ' || r.last_name)`;
const RECIPIENT_SORT = 'lower(r.email)';

/**
 * The counts of a breakdown row over recipients `r`: delivered = sent, failed = failed_at set
 * (`count(r.id)`, not `count(*)`: an outer join's row without recipients counts none).
 */
const RATE_COUNTS = sql`count(r.id)::int as recipients, count(r.sent_at)::int as delivered,
  count(r.failed_at)::int as failed, count(r.reported_at)::int as reported`;

export interface RateCounts {
  id: string | null;
  name: string;
  recipients: number;
  delivered: number;
  failed: number;
  reported: number;
}

/** failed ÷ delivered, or null when nothing was delivered. */
export const phishProneOf = (counts: { delivered: number; failed: number }) =>
  counts.delivered === 0 ? null : counts.failed / counts.delivered;

export const emptyFunnel = (): Funnel => ({
  recipients: 0,
  sent: 0,
  deliveryFailed: 0,
  opened: 0,
  clicked: 0,
  submitted: 0,
  reported: 0,
  failed: 0,
  suppressed: 0,
});

/** The campaign's templates and landing page as launched (only their ids and names are read here). */
interface LaunchedContent {
  templates: { id: string; name: string }[];
  landingPage: { id: string; name: string };
}
export type CampaignRow = Selectable<PhishingCampaignsTable>;

/** Names of templates and landing pages by id, for campaigns not launched yet (no `content`). */
export interface ContentNames {
  templates: Map<string, string>;
  landingPages: Map<string, string>;
}

const launchedContent = (row: CampaignRow): LaunchedContent | null =>
  row.content === null
    ? null
    : ((typeof row.content === 'string' ? JSON.parse(row.content) : row.content) as LaunchedContent);

/**
 * A campaign row as the API shows it. Its templates and landing page are named from the launch-time
 * copy when there is one (what was sent, even if the library has changed since), otherwise from
 * `names` (the library as it is now); its funnel is `funnelsFor`'s (none yet: all zeros).
 */
export function toCampaign(row: CampaignRow, names: ContentNames, funnel: Funnel = emptyFunnel()): Campaign {
  const content = launchedContent(row);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    templates: content
      ? content.templates.map((t) => ({ id: t.id, name: t.name }))
      : row.template_ids.map((id) => ({ id, name: names.templates.get(id) ?? '' })),
    landingPage: content
      ? { id: content.landingPage.id, name: content.landingPage.name }
      : { id: row.landing_page_id, name: names.landingPages.get(row.landing_page_id) ?? '' },
    groupIds: row.group_ids,
    departmentIds: row.department_ids,
    userIds: row.user_ids,
    launchAt: iso(row.launch_at),
    sendWindowMinutes: row.send_window_minutes,
    failOn: row.fail_on,
    endsAt: iso(row.ends_at),
    recipientCount: row.recipient_count,
    launchedAt: iso(row.launched_at),
    completedAt: iso(row.completed_at),
    cancelledAt: iso(row.cancelled_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    createdBy: row.created_by_label,
    funnel,
    phishProne: phishProneOf({ delivered: funnel.sent, failed: funnel.failed }),
  };
}

/**
 * Campaign rows (`selectAll()` of phishing_campaigns, of one organization) as the API shows them, in the
 * same order: at most three queries for any number of campaigns (their funnels in one grouped pass;
 * the names of the drafts' templates and landing pages, only when there are drafts).
 */
export async function describeCampaigns(
  db: Kysely<DB>,
  orgId: string,
  rows: CampaignRow[],
): Promise<Campaign[]> {
  if (rows.length === 0) return [];
  const results = createResultsRepository(db);
  const funnels = await results.funnelsFor(
    orgId,
    rows.map((r) => r.id),
  );
  const drafts = rows.filter((r) => r.content === null);
  const names = await results.contentNames(
    orgId,
    drafts.flatMap((r) => r.template_ids),
    drafts.map((r) => r.landing_page_id),
  );
  return rows.map((row) => toCampaign(row, names, funnels.get(row.id)));
}

/** What the recipients list and the CSV filter by. */
export interface RecipientFilters {
  search?: string;
  status?: RecipientStatus;
  failed?: boolean;
}

/** Only launched campaigns count in the statistics (see `countedCampaigns`). */
const COUNTED_WITHOUT_DELIVERY: CampaignStatus[] = ['sending', 'in_progress', 'completed'];

/**
 * The campaigns the statistics count: launched and not drafts; a campaign still scheduled or cancelled
 * counts only once something of it was delivered (one cancelled before sending measured nothing).
 */
function countedCampaigns(orgId: string) {
  return sql`select c.id, c.name, c.launched_at from phishing_campaigns c
    where c.org_id = ${orgId} and c.launched_at is not null and c.status <> 'draft'
      and (c.status = any(${COUNTED_WITHOUT_DELIVERY}::text[]) or exists (
        select 1 from phishing_recipients d
        where d.org_id = c.org_id and d.campaign_id = c.id and d.sent_at is not null))`;
}

export function createResultsRepository(db: Kysely<DB>) {
  function recipientsOf(orgId: string, campaignId: string, filters: RecipientFilters) {
    let query = db
      .selectFrom('phishing_recipients as r')
      .leftJoin(templateNames(orgId, campaignId), (join) =>
        join.onRef('tn.template_index', '=', 'r.template_index'),
      )
      .where('r.org_id', '=', orgId)
      .where('r.campaign_id', '=', campaignId);
    if (filters.search) {
      const pattern = likePattern(filters.search);
      query = query.where(
        sql<boolean>`(lower(r.email) like ${pattern} or lower(${sql.raw(RECIPIENT_NAME)}) like ${pattern})`,
      );
    }
    if (filters.status) query = query.where(sql<boolean>`${sql.raw(STATUS)} = ${filters.status}`);
    if (filters.failed !== undefined) {
      query = query.where('r.failed_at', filters.failed ? 'is not' : 'is', null);
    }
    return query;
  }

  function keyset(query: ReturnType<typeof recipientsOf>, after: Cursor | null, limit: number) {
    const sort = sql.raw(RECIPIENT_SORT);
    const q = after
      ? query.where(sql<boolean>`(${sort}, r.id) > (${after.value}::text, ${after.id}::uuid)`)
      : query;
    return q
      .orderBy(sql`${sort}`)
      .orderBy('r.id')
      .limit(limit + 1);
  }

  async function rates(query: RawBuilder<RateCounts>): Promise<RateCounts[]> {
    return (await query.execute(db)).rows;
  }

  return {
    async findCampaign(orgId: string, id: string): Promise<CampaignRow | undefined> {
      return db
        .selectFrom('phishing_campaigns')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** The current names of these templates and landing pages (ids of other organizations: none). */
    async contentNames(
      orgId: string,
      templateIds: string[],
      landingPageIds: string[],
    ): Promise<ContentNames> {
      const named = (rows: { id: string; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
      const templates = templateIds.length
        ? await db
            .selectFrom('phishing_templates')
            .select(['id', 'name'])
            .where('org_id', '=', orgId)
            .where('id', '=', sql<string>`any(${[...new Set(templateIds)]}::uuid[])`)
            .execute()
        : [];
      const landingPages = landingPageIds.length
        ? await db
            .selectFrom('phishing_landing_pages')
            .select(['id', 'name'])
            .where('org_id', '=', orgId)
            .where('id', '=', sql<string>`any(${[...new Set(landingPageIds)]}::uuid[])`)
            .execute()
        : [];
      return { templates: named(templates), landingPages: named(landingPages) };
    },

    /** Whether the organization has this campaign (to tell an empty page from a missing campaign). */
    async campaignName(orgId: string, id: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('phishing_campaigns')
        .select('name')
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.name;
    },

    /**
     * The funnels of campaigns, one grouped pass over their recipients (a page of campaigns: one
     * query). A stage counts the people who got at least that far, so opened ≥ clicked ≥ submitted
     * (a click while images were blocked still means the email was opened); reported is its own count.
     * Only first-time columns are read: suppressed requests never set them, they are only counted.
     * Campaigns without recipients are absent from the map.
     */
    async funnelsFor(orgId: string, campaignIds: string[]): Promise<Map<string, Funnel>> {
      const funnels = new Map<string, Funnel>();
      if (campaignIds.length === 0) return funnels;
      const { rows } = await sql<Funnel & { campaign_id: string }>`
        select r.campaign_id, count(*)::int as recipients, count(r.sent_at)::int as sent,
          (count(*) filter (where r.sent_at is null and r.delivery_failed_at is not null))::int as "deliveryFailed",
          (count(*) filter (where r.opened_at is not null or r.clicked_at is not null
            or r.submitted_at is not null))::int as opened,
          (count(*) filter (where r.clicked_at is not null or r.submitted_at is not null))::int as clicked,
          count(r.submitted_at)::int as submitted, count(r.reported_at)::int as reported,
          count(r.failed_at)::int as failed, coalesce(sum(r.suppressed_count), 0)::int as suppressed
        from phishing_recipients r
        where r.org_id = ${orgId} and r.campaign_id = any(${campaignIds}::uuid[])
        group by r.campaign_id`.execute(db);
      for (const { campaign_id, ...funnel } of rows) funnels.set(campaign_id, funnel);
      return funnels;
    },

    /** By the department the recipients were in at launch; people without one: id null. */
    async byDepartment(orgId: string, campaignId: string) {
      return rates(sql<RateCounts>`
        select r.department_id as id, coalesce(max(r.department_name), 'No department') as name, ${RATE_COUNTS}
        from phishing_recipients r
        where r.org_id = ${orgId} and r.campaign_id = ${campaignId}
        group by r.department_id
        order by r.department_id is null, lower(coalesce(max(r.department_name), '')), r.department_id`);
    },

    /** By the targeted groups the recipients were in at launch (`group_ids`), named as they are now. */
    async byGroup(orgId: string, campaignId: string) {
      return rates(sql<RateCounts>`
        select gid.id::text as id, coalesce(g.name, 'Deleted group') as name, ${RATE_COUNTS}
        from phishing_recipients r
        cross join lateral unnest(r.group_ids) as gid(id)
        left join groups g on g.org_id = r.org_id and g.id = gid.id
        where r.org_id = ${orgId} and r.campaign_id = ${campaignId}
        group by gid.id, g.name
        order by lower(coalesce(g.name, 'Deleted group')), gid.id`);
    },

    /** Non-suppressed opens, clicks, submissions and reports per hour (UTC), hours with events only. */
    async timeline(orgId: string, campaignId: string) {
      const { rows } = await sql<{
        hour: string;
        opened: number;
        clicked: number;
        submitted: number;
        reported: number;
      }>`
        select to_char(date_trunc('hour', e.at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24":00:00.000Z"') as hour,
          (count(*) filter (where e.kind = 'opened'))::int as opened,
          (count(*) filter (where e.kind = 'clicked'))::int as clicked,
          (count(*) filter (where e.kind = 'submitted'))::int as submitted,
          (count(*) filter (where e.kind = 'reported'))::int as reported
        from phishing_events e
        where e.org_id = ${orgId} and e.campaign_id = ${campaignId} and e.suppressed_reason is null
          and e.kind in ('opened', 'clicked', 'submitted', 'reported')
        group by date_trunc('hour', e.at at time zone 'UTC')
        order by date_trunc('hour', e.at at time zone 'UTC')`.execute(db);
      return rows;
    },

    /** A keyset page of recipients by email (then id), with their status and template's name. */
    async recipientsPage(
      orgId: string,
      campaignId: string,
      filters: RecipientFilters,
      after: Cursor | null,
      limit: number,
    ) {
      return keyset(recipientsOf(orgId, campaignId, filters), after, limit)
        .select(RECIPIENT_COLUMNS)
        .execute();
    },

    async findRecipient(orgId: string, campaignId: string, id: string) {
      return recipientsOf(orgId, campaignId, {})
        .select(RECIPIENT_COLUMNS)
        .where('r.id', '=', id)
        .executeTakeFirst();
    },

    /** Every event of a recipient, suppressed ones included, oldest first. */
    async events(orgId: string, campaignId: string, recipientId: string) {
      return db
        .selectFrom('phishing_events')
        .select([
          sql<string>`id::text`.as('id'),
          'kind',
          'at',
          'ip',
          'user_agent',
          'suppressed_reason',
          'detail',
        ])
        .where('org_id', '=', orgId)
        .where('campaign_id', '=', campaignId)
        .where('recipient_id', '=', recipientId)
        .orderBy('at')
        .orderBy('id')
        .execute();
    },

    /** A page of the results CSV: each recipient as a finished line, formatted by PostgreSQL. */
    async csvPage(orgId: string, campaignId: string, after: Cursor | null, limit: number) {
      return keyset(recipientsOf(orgId, campaignId, {}), after, limit)
        .select(['r.id', sql<string>`${sql.raw(RECIPIENT_SORT)}`.as('sort_key'), CSV_LINE.as('line')])
        .execute();
    },

    /** Over every counted campaign: the organization's totals, named after it. */
    async organizationRate(orgId: string): Promise<RateCounts> {
      const { rows } = await sql<RateCounts>`
        with counted as (${countedCampaigns(orgId)})
        select o.id::text as id, o.name, ${RATE_COUNTS}
        from organizations o
        left join (phishing_recipients r join counted c on c.id = r.campaign_id)
          on r.org_id = o.id
        where o.id = ${orgId}
        group by o.id, o.name`.execute(db);
      return rows[0]!;
    },

    /** One point per counted campaign, by launch time. */
    async trend(orgId: string) {
      const { rows } = await sql<{
        campaign_id: string;
        name: string;
        launched_at: Date | string;
        delivered: number;
        failed: number;
        reported: number;
      }>`
        with counted as (${countedCampaigns(orgId)})
        select c.id as campaign_id, c.name, c.launched_at, count(r.sent_at)::int as delivered,
          count(r.failed_at)::int as failed, count(r.reported_at)::int as reported
        from counted c
        left join phishing_recipients r on r.org_id = ${orgId} and r.campaign_id = c.id
        group by c.id, c.name, c.launched_at
        order by c.launched_at, c.id`.execute(db);
      return rows.map((row) => ({ ...row, launched_at: iso(row.launched_at)! }));
    },

    /**
     * By the department people were in when each campaign was launched, named as it is now (or as it
     * was, if it has since been deleted).
     */
    async statsByDepartment(orgId: string) {
      return rates(sql<RateCounts>`
        with counted as (${countedCampaigns(orgId)})
        select r.department_id::text as id,
          coalesce(d.name, max(r.department_name), 'No department') as name, ${RATE_COUNTS}
        from phishing_recipients r
        join counted c on c.id = r.campaign_id
        left join departments d on d.org_id = r.org_id and d.id = r.department_id
        where r.org_id = ${orgId}
        group by r.department_id, d.name
        order by r.department_id is null, lower(coalesce(d.name, max(r.department_name), '')), r.department_id`);
    },

    /**
     * By the groups people are in now (their current memberships, of every kind), over their whole
     * history: "how phish-prone is this group" rather than "how did the group targeted then do", which
     * is what a campaign's own breakdown (`byGroup`, from the launch-time `group_ids`) answers.
     */
    async statsByGroup(orgId: string) {
      return rates(sql<RateCounts>`
        with counted as (${countedCampaigns(orgId)})
        select g.id::text as id, g.name, ${RATE_COUNTS}
        from phishing_recipients r
        join counted c on c.id = r.campaign_id
        join group_memberships m on m.org_id = r.org_id and m.user_id = r.user_id
        join groups g on g.org_id = m.org_id and g.id = m.group_id
        where r.org_id = ${orgId}
        group by g.id, g.name
        order by lower(g.name), g.id`);
    },

    /** The people with the most failures (at least one), then the highest rate; named as they are now. */
    async topUsers(orgId: string, limit: number) {
      return rates(sql<RateCounts>`
        with counted as (${countedCampaigns(orgId)})
        select r.user_id::text as id,
          coalesce(nullif(btrim(u.first_name || ' ' || u.last_name), ''), u.email,
            nullif(btrim(max(r.first_name || ' ' || r.last_name)), ''), max(r.email)) as name,
          ${RATE_COUNTS}
        from phishing_recipients r
        join counted c on c.id = r.campaign_id
        left join users u on u.org_id = r.org_id and u.id = r.user_id
        where r.org_id = ${orgId}
        group by r.user_id, u.first_name, u.last_name, u.email
        having count(r.failed_at) > 0
        order by count(r.failed_at) desc, count(r.failed_at)::float / nullif(count(r.sent_at), 0) desc nulls last,
          r.user_id
        limit ${limit}`);
    },
  };
}

const RECIPIENT_COLUMNS = [
  'r.id',
  'r.user_id',
  'r.email',
  sql<string>`${sql.raw(RECIPIENT_NAME)}`.as('name'),
  'r.department_name',
  sql<string>`${sql.raw(TEMPLATE_NAME)}`.as('template'),
  sql<RecipientStatus>`${sql.raw(STATUS)}`.as('status'),
  sql<string>`${sql.raw(RECIPIENT_SORT)}`.as('sort_key'),
  'r.send_at',
  'r.sent_at',
  'r.delivery_failed_at',
  'r.delivery_error',
  'r.opened_at',
  'r.clicked_at',
  'r.submitted_at',
  'r.reported_at',
  'r.failed_at',
  'r.suppressed_count',
] as const;

/** Name, Email, Department, Template, Status, Sent, Opened, Clicked, Submitted, Reported, Failed, Suppressed requests. */
const CSV_LINE = sql<string>`${sql.raw(
  [
    csvCellSql(RECIPIENT_NAME),
    csvCellSql('r.email'),
    csvCellSql('r.department_name'),
    csvCellSql('tn.name'),
    STATUS_WORDS,
    isoUtc('r.sent_at'),
    isoUtc('r.opened_at'),
    isoUtc('r.clicked_at'),
    isoUtc('r.submitted_at'),
    isoUtc('r.reported_at'),
    isoUtc('r.failed_at'),
    'r.suppressed_count::text',
  ].join(` || ',' || `),
)} || E'\\r\\n'`;
