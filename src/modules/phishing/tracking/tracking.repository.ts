/**
 * The tracking server's reads and writes. A token is the only thing a tracked request carries; it
 * names exactly one recipient of one organization, so nothing here ever takes an organization from
 * the request. Events are written in batches (tracking.recorder.ts), each batch one statement: it
 * records the events, judges the scanners among them, moves each recipient's outcome times and,
 * when someone may fail for the first time, marks them failed exactly once and hands them to the
 * Phished Users automation.
 */
import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../../platform/db/array-literal.ts';
import type { DB } from '../../../platform/db/schema.ts';
import type { CampaignContent } from '../campaigns.repository.ts';
import { failureEffectsSql } from '../phished-users.repository.ts';
import { BAIT_WINDOW_MINUTES, QUICK_CLICK_SECONDS } from './scanners.ts';

export type TrackedKind = 'opened' | 'clicked' | 'submitted' | 'reported' | 'bait';

export interface TrackedEvent {
  token: string;
  kind: TrackedKind;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  /** Already known to be a scanner's from the request itself (scanners.ts). */
  suppressedReason: string | null;
}

export const BAIT_REASON = 'Followed the hidden link no person can see: a mail scanner';
const QUICK_REASON = `Clicked within ${QUICK_CLICK_SECONDS} seconds of delivery without the email being opened: a mail scanner`;
const AFTER_BAIT_REASON = `From an address that had just followed the hidden link no person can see (within ${BAIT_WINDOW_MINUTES} minutes): a mail scanner`;

export function createTrackingRepository(db: Kysely<DB>) {
  return {
    /** The recipient a token names, with what the pages need; null for a token nobody was given. */
    async recipientByToken(token: string) {
      const result = await sql<{
        org_id: string;
        campaign_id: string;
        template_index: number;
      }>`/* prepared: phishing_recipient_by_token */
        select r.org_id, r.campaign_id, r.template_index
        from phishing_recipients r where r.token = ${token}`.execute(db);
      return result.rows[0] ?? null;
    },

    /** What a campaign's pages are made of, and whose it is. */
    async campaignContent(orgId: string, campaignId: string) {
      const result = await sql<{ content: CampaignContent; organization_name: string }>`
        select c.content, o.name as organization_name
        from phishing_campaigns c join organizations o on o.id = c.org_id
        where c.org_id = ${orgId}::uuid and c.id = ${campaignId}::uuid`.execute(db);
      return result.rows[0] ?? null;
    },

    /**
     * Records a batch of tracked requests (any organizations) in one statement and moves each
     * recipient's first-time outcomes. Returns a row per recipient the batch named (a token nobody
     * was given has none, and records nothing): whose it is and which template they got (the
     * pages), whether they had failed before (`failed_before`: such a token can never fail anyone
     * again, so the recorder writes its later events without `failures`) and whether this batch
     * failed them (`failed_now`).
     *
     * With `failures` (given the time the automation records them at), the batch's recipients are
     * locked first (in id order, so two batches at once cannot deadlock on them) and judged on
     * their latest committed row: whoever had not failed and has a failing event here is marked
     * failed by this statement and no other, exactly once whatever runs beside it, and handed to the
     * Phished Users automation in the same statement (`failureEffectsSql`), so the event, the
     * failure, the membership and the remediation commit together or not at all. Without it,
     * nobody is failed: for batches of people known to have failed already (a failure is never
     * undone) and of events that cannot fail anyone, which then take no row locks.
     */
    async recordEvents(events: TrackedEvent[], failures?: { at: Date }) {
      const result = await sql<{
        org_id: string;
        campaign_id: string;
        token: string;
        template_index: number;
        failed_before: boolean;
        failed_now: boolean;
      }>`/* prepared: phishing_record_events */
        with input as (
          select * from unnest(
            ${arrayLiteral(events.map((e) => e.token))}::text[],
            ${arrayLiteral(events.map((e) => e.kind))}::text[],
            ${arrayLiteral(events.map((e) => e.at.toISOString()))}::timestamptz[],
            ${arrayLiteral(events.map((e) => e.ip))}::text[],
            ${arrayLiteral(events.map((e) => e.userAgent))}::text[],
            ${arrayLiteral(events.map((e) => e.suppressedReason))}::text[]
          ) as i(token, kind, at, ip, user_agent, reason)
        ),
        judged as (
          select r.org_id, r.campaign_id, r.id as recipient_id, r.user_id, c.name as campaign_name, i.token,
                 r.template_index, i.kind, i.at, i.ip, i.user_agent,
                 r.failed_at is not null as failed_before,
                 case
                   when i.kind = 'bait' then coalesce(i.reason, ${BAIT_REASON}::text)
                   when i.reason is not null then i.reason
                   when i.kind = 'clicked' and r.opened_at is null and r.sent_at is not null
                        and i.at < r.sent_at + make_interval(secs => ${QUICK_CLICK_SECONDS}::int)
                     then ${QUICK_REASON}::text
                   when i.ip is not null and exists (
                     select 1 from phishing_events b
                     where b.org_id = r.org_id and b.kind = 'bait' and b.ip = i.ip and b.at <= i.at
                       and b.at > i.at - make_interval(mins => ${BAIT_WINDOW_MINUTES}::int)
                   ) then ${AFTER_BAIT_REASON}::text
                 end as suppressed_reason,
                 -- Counts only while the campaign runs (not after its end, nor once cancelled), only
                 -- for someone not failed already, and only in a statement that fails people.
                 ${failures ? sql`true` : sql`false`}
                   and c.status in ('sending', 'in_progress') and (c.ends_at is null or i.at < c.ends_at)
                   and i.kind = any(c.fail_on) and r.failed_at is null as failing_kind
          from input i
          join phishing_recipients r on r.token = i.token
          join phishing_campaigns c on c.org_id = r.org_id and c.id = r.campaign_id
          ${failures ? sql`order by r.id for update of r` : sql``}
        ),
        inserted as (
          insert into phishing_events (org_id, campaign_id, recipient_id, kind, at, ip, user_agent, suppressed_reason)
          select org_id, campaign_id, recipient_id, kind, at, ip, user_agent, suppressed_reason from judged
        ),
        outcomes as (
          select org_id, campaign_id, recipient_id, user_id, campaign_name, min(token) as token,
                 min(template_index) as template_index,
                 bool_or(failed_before) as failed_before,
                 min(at) filter (where suppressed_reason is null) as seen,
                 min(at) filter (where suppressed_reason is null and kind in ('clicked', 'submitted')) as clicked,
                 min(at) filter (where suppressed_reason is null and kind = 'submitted') as submitted,
                 min(at) filter (where suppressed_reason is null and kind = 'reported') as reported,
                 count(*) filter (where suppressed_reason is not null)::int as suppressed,
                 min(at) filter (where suppressed_reason is null and failing_kind) as fail_at,
                 (array_agg(kind order by at) filter (where suppressed_reason is null and failing_kind))[1] as fail_kind
          from judged
          group by org_id, campaign_id, recipient_id, user_id, campaign_name
        ),
        moved as (
          -- Whoever clicked, submitted or reported had the email open: the funnel never narrows upwards.
          -- A failure candidate's row is locked above and was not failed then, so it is failed here.
          update phishing_recipients r
          set opened_at = least(r.opened_at, o.seen),
              clicked_at = least(r.clicked_at, o.clicked),
              submitted_at = least(r.submitted_at, o.submitted),
              reported_at = least(r.reported_at, o.reported),
              suppressed_count = r.suppressed_count + o.suppressed,
              failed_at = coalesce(r.failed_at, o.fail_at)
          from outcomes o
          where r.org_id = o.org_id and r.campaign_id = o.campaign_id and r.id = o.recipient_id
            -- A repeat click moves nothing: no new row version for it.
            and (o.suppressed > 0 or o.fail_at is not null
                 or least(r.opened_at, o.seen) is distinct from r.opened_at
                 or least(r.clicked_at, o.clicked) is distinct from r.clicked_at
                 or least(r.submitted_at, o.submitted) is distinct from r.submitted_at
                 or least(r.reported_at, o.reported) is distinct from r.reported_at)
        )${
          failures
            ? sql`, first_failures as (
          select org_id, user_id, campaign_id, campaign_name, fail_kind as event, fail_at as at
          from outcomes where fail_at is not null
        ), ${failureEffectsSql(sql`first_failures`, failures.at)}`
            : sql``
        }
        select org_id, campaign_id, token, template_index, failed_before, fail_at is not null as failed_now
        from outcomes`.execute(db);
      return result.rows;
    },
  };
}
