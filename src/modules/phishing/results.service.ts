/**
 * What phishing campaigns measured: a campaign's funnel, its breakdowns by department and group, its
 * activity per hour, its recipients (paged, and each one's timeline) and its results as CSV; and the
 * organization's statistics over every launched campaign. Phish-prone = failed ÷ delivered, where
 * delivered means the email was sent and failed means the person did what the campaign counts as
 * failing. Requests taken for mail scanners' (suppressed) never count. Read-only: nothing is audited.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { DB } from '../../platform/db/schema.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type Cursor, decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { keysetCsv } from '../exports/exports.service.ts';
import {
  createResultsRepository,
  describeCampaigns,
  phishProneOf,
  type RateCounts,
} from './results.repository.ts';
import type {
  CampaignResults,
  ListRecipientsQuery,
  PhishingStats,
  RateRow,
  Recipient,
} from './results.schemas.ts';

export const RESULTS_CSV_HEADER = [
  'Name',
  'Email',
  'Department',
  'Template',
  'Status',
  'Sent',
  'Opened',
  'Clicked',
  'Submitted',
  'Reported',
  'Failed',
  'Suppressed requests',
];
/** The people who failed most, in the statistics. */
const TOP_USERS = 20;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const toRate = (row: RateCounts): RateRow => ({ ...row, phishProne: phishProneOf(row) });

type Repository = ReturnType<typeof createResultsRepository>;
type RecipientRow = Awaited<ReturnType<Repository['recipientsPage']>>[number];

function toRecipient(row: RecipientRow): Recipient {
  return {
    id: row.id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    department: row.department_name,
    template: row.template,
    status: row.status,
    failed: row.failed_at !== null,
    sendAt: iso(row.send_at)!,
    sentAt: iso(row.sent_at),
    deliveryFailedAt: iso(row.delivery_failed_at),
    deliveryError: row.delivery_error,
    openedAt: iso(row.opened_at),
    clickedAt: iso(row.clicked_at),
    submittedAt: iso(row.submitted_at),
    reportedAt: iso(row.reported_at),
    failedAt: iso(row.failed_at),
    suppressed: row.suppressed_count,
  };
}

export function createPhishingResultsService(deps: { db: Kysely<DB>; clock: Clock }) {
  const repository = () => createResultsRepository(deps.db);

  return {
    /** The campaign, its funnel, breakdowns and hourly activity: five queries, whatever its size. */
    async results(orgId: string, campaignId: string): Promise<CampaignResults> {
      const results = repository();
      const row = await results.findCampaign(orgId, campaignId);
      if (!row) throw new NotFoundError('Campaign');
      const [[campaign], byDepartment, byGroup, timeline] = await Promise.all([
        describeCampaigns(deps.db, orgId, [row]),
        results.byDepartment(orgId, campaignId),
        results.byGroup(orgId, campaignId),
        results.timeline(orgId, campaignId),
      ]);
      return {
        campaign: campaign!,
        funnel: campaign!.funnel,
        byDepartment: byDepartment.map(toRate),
        byGroup: byGroup.map(toRate),
        timeline,
      };
    },

    /**
     * A keyset page of a campaign's recipients by email. The campaign is only looked up when the page
     * comes back empty, to tell "no one matches" from "no such campaign".
     */
    async listRecipients(
      orgId: string,
      campaignId: string,
      query: ListRecipientsQuery,
    ): Promise<Page<Recipient>> {
      const after = decodeCursor(query.cursor);
      const filters = {
        search: query.search || undefined,
        status: query.status,
        failed: query.failed === undefined ? undefined : query.failed === 'true',
      };
      const results = repository();
      const rows = await results.recipientsPage(orgId, campaignId, filters, after, query.limit);
      if (rows.length === 0 && (await results.campaignName(orgId, campaignId)) === undefined) {
        throw new NotFoundError('Campaign');
      }
      return toPage(rows, query.limit, (r) => ({ value: r.sort_key, id: r.id }), toRecipient);
    },

    /** One recipient and every event of theirs, suppressed ones with their reasons, oldest first. */
    async recipientTimeline(orgId: string, campaignId: string, recipientId: string) {
      const results = repository();
      const row = await results.findRecipient(orgId, campaignId, recipientId);
      if (!row) {
        const campaign = await results.campaignName(orgId, campaignId);
        throw new NotFoundError(campaign === undefined ? 'Campaign' : 'Recipient');
      }
      const events = await results.events(orgId, campaignId, recipientId);
      return {
        recipient: toRecipient(row),
        events: events.map((e) => ({
          id: e.id,
          kind: e.kind,
          at: iso(e.at)!,
          ip: e.ip,
          userAgent: e.user_agent,
          suppressed: e.suppressed_reason !== null,
          suppressedReason: e.suppressed_reason,
          detail: e.detail,
        })),
      };
    },

    /**
     * The results as CSV, one row per recipient by email, streamed in keyset batches; a missing
     * campaign is a 404 before any byte is streamed.
     */
    async resultsCsv(orgId: string, campaignId: string) {
      const results = repository();
      const name = await results.campaignName(orgId, campaignId);
      if (name === undefined) throw new NotFoundError('Campaign');
      const lines = keysetCsv(
        RESULTS_CSV_HEADER,
        (after: Cursor | null, limit) => results.csvPage(orgId, campaignId, after, limit),
        (last) => ({ value: last.sort_key, id: last.id }),
      );
      const day = deps.clock.now().toISOString().slice(0, 10);
      return { filename: `${name}-results-${day}.csv`, lines };
    },

    /** The organization's statistics over its launched campaigns (see results.repository.ts). */
    async stats(orgId: string): Promise<PhishingStats> {
      const results = repository();
      const [organization, trend, byDepartment, byGroup, topUsers] = await Promise.all([
        results.organizationRate(orgId),
        results.trend(orgId),
        results.statsByDepartment(orgId),
        results.statsByGroup(orgId),
        results.topUsers(orgId, TOP_USERS),
      ]);
      return {
        organization: toRate(organization),
        trend: trend.map((point) => ({
          campaignId: point.campaign_id,
          name: point.name,
          launchedAt: point.launched_at,
          delivered: point.delivered,
          failed: point.failed,
          reported: point.reported,
          phishProne: phishProneOf(point),
        })),
        byDepartment: byDepartment.map(toRate),
        byGroup: byGroup.map(toRate),
        topUsers: topUsers.map(toRate),
      };
    },
  };
}
export type PhishingResultsService = ReturnType<typeof createPhishingResultsService>;
