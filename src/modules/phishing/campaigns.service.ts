/**
 * Phishing campaigns: drafts, launching (recipients resolved and their emails queued in the same
 * transaction), cancelling, and moving on by time. Results are read by results.service.ts; what
 * happens to a sent email is recorded by the tracking server (tracking/).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { BULK_WRITE_ANALYZE_THRESHOLD, refreshStatistics } from '../../platform/db/statistics.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import type { MailService } from '../mail/mail.service.ts';
import { type EmailRenderer, formatAddress } from '../mail/mail.templates.ts';
import {
  type Audience,
  type CampaignContent,
  type CampaignWrite,
  createCampaignRepository,
} from './campaigns.repository.ts';
import type { AudiencePreview, Campaign, CampaignInput, ListCampaignsQuery } from './campaigns.schemas.ts';
import { renderPhishingEmail } from './phishing.render.ts';
import { type CampaignRow, describeCampaigns } from './results.repository.ts';

export const trackingLinks = (trackingUrl: string, token: string) => ({
  click: `${trackingUrl}/c/${token}`,
  open: `${trackingUrl}/o/${token}`,
  report: `${trackingUrl}/r/${token}`,
  bait: `${trackingUrl}/b/${token}`,
  submit: `${trackingUrl}/s/${token}`,
});

/** A link no person sees or can click; a mail scanner that follows every link follows it too. */
const baitLink = (href: string) =>
  `<a href="${href}" style="display:none;font-size:0;line-height:0;max-height:0;overflow:hidden" aria-hidden="true" tabindex="-1">&#8203;</a>`;

function withBait(html: string, href: string): string {
  const bodyEnd = html.search(/<\/body\s*>/i);
  return bodyEnd < 0
    ? `${html}${baitLink(href)}`
    : `${html.slice(0, bodyEnd)}${baitLink(href)}${html.slice(bodyEnd)}`;
}

/** The parameters a simulation email is queued with (campaigns.repository.ts `queueEmails`). */
interface PhishingEmailParams {
  campaignId: string;
  recipientId: string;
  token: string;
  templateIndex: number;
  firstName: string;
  lastName: string;
  email: string;
  department: string | null;
}

/**
 * Renders a simulation email at delivery from the campaign's launched content (kept in memory per
 * campaign: it never changes after launch) and the recipient's parameters.
 */
export function createCampaignRenderer(deps: { db: Kysely<DB>; trackingUrl: string }): EmailRenderer {
  const contents = new Map<string, CampaignContent>();
  return async (orgId, raw) => {
    const params = raw as unknown as PhishingEmailParams;
    const key = `${orgId}:${params.campaignId}`;
    let content = contents.get(key);
    if (!content) {
      const launched = await createCampaignRepository(deps.db).launchedContent(orgId, params.campaignId);
      if (!launched) throw new Error(`campaign ${params.campaignId} has no launched content`);
      content = launched;
      if (contents.size >= 100) contents.delete(contents.keys().next().value!);
      contents.set(key, content);
    }
    const template = content.templates[params.templateIndex] ?? content.templates[0]!;
    const links = trackingLinks(deps.trackingUrl, params.token);
    const rendered = renderPhishingEmail(
      template,
      {
        firstName: params.firstName,
        lastName: params.lastName,
        email: params.email,
        department: params.department,
      },
      { link: links.click, trackingPixelUrl: links.open, reportLink: links.report },
    );
    return {
      html: withBait(rendered.html, links.bait),
      text: rendered.text,
      subject: rendered.subject,
      from: formatAddress(template.senderName, template.senderAddress),
    };
  };
}

const toDate = (value: string | null) => (value === null ? null : new Date(value));

export function createCampaignService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  mail: Pick<MailService, 'queue' | 'notifyQueued'>;
  trackingUrl: string;
}) {
  /** Checks what a draft names against the organization's data; a 400 names every bad field. */
  async function validate(db: Kysely<DB>, orgId: string, input: CampaignInput): Promise<CampaignWrite> {
    const campaigns = createCampaignRepository(db);
    const errors: { path: string; message: string }[] = [];
    const templateIds = [...new Set(input.templateIds)];
    const templates = await campaigns.templates(orgId, templateIds);
    const found = new Map(templates.map((t) => [t.id, t]));
    for (const id of templateIds) {
      const template = found.get(id);
      if (!template) errors.push({ path: 'body.templateIds', message: `no template ${id}` });
      else if (template.archived_at)
        errors.push({
          path: 'body.templateIds',
          message: `"${template.name}" is archived; restore it or pick another`,
        });
    }
    const page = await campaigns.landingPage(orgId, input.landingPageId);
    if (!page) errors.push({ path: 'body.landingPageId', message: `no landing page ${input.landingPageId}` });
    else if (page.archived_at)
      errors.push({
        path: 'body.landingPageId',
        message: `"${page.name}" is archived; restore it or pick another`,
      });

    const audience: Audience = {
      groupIds: [...new Set(input.groupIds)],
      departmentIds: [...new Set(input.departmentIds)],
      userIds: [...new Set(input.userIds)],
    };
    const existing = await campaigns.existing(orgId, audience);
    const missing = (ids: string[], present: Set<string>) => ids.filter((id) => !present.has(id));
    for (const [field, ids, present, what] of [
      ['groupIds', audience.groupIds, existing.groupIds, 'group'],
      ['departmentIds', audience.departmentIds, existing.departmentIds, 'department'],
      ['userIds', audience.userIds, existing.userIds, 'user'],
    ] as const) {
      const absent = missing(ids, present);
      if (absent.length)
        errors.push({ path: `body.${field}`, message: `no ${what} ${absent.slice(0, 3).join(', ')}` });
    }
    const launchAt = toDate(input.launchAt);
    const endsAt = toDate(input.endsAt);
    const start = launchAt && launchAt > deps.clock.now() ? launchAt : deps.clock.now();
    if (endsAt && endsAt <= start) errors.push({ path: 'body.endsAt', message: 'must be after the launch' });
    if (errors.length) throw new ValidationError('The campaign has invalid fields.', errors);
    return {
      name: input.name,
      templateIds,
      landingPageId: input.landingPageId,
      ...audience,
      launchAt,
      sendWindowMinutes: input.sendWindowMinutes,
      failOn: [...new Set(input.failOn)],
      endsAt,
    };
  }

  async function describe(orgId: string, rows: CampaignRow[]): Promise<Campaign[]> {
    return describeCampaigns(deps.db, orgId, rows);
  }

  async function get(orgId: string, id: string): Promise<Campaign> {
    const row = await createCampaignRepository(deps.db).find(orgId, id);
    if (!row) throw new NotFoundError('Campaign');
    return (await describe(orgId, [row]))[0]!;
  }

  /** The draft, locked in the caller's transaction; anything else is a 409 saying what it is. */
  async function lockDraft(trx: Kysely<DB>, orgId: string, id: string, doing: string) {
    const row = await createCampaignRepository(trx).find(orgId, id, { lock: true });
    if (!row) throw new NotFoundError('Campaign');
    if (row.status !== 'draft')
      throw new ConflictError(
        `Only a draft campaign can be ${doing}; this one is ${row.status.replace('_', ' ')}.`,
      );
    return row;
  }

  return {
    get,

    async list(orgId: string, query: ListCampaignsQuery): Promise<Page<Campaign>> {
      const cursor = decodeCursor(query.cursor, 'timestamp');
      const rows = await createCampaignRepository(deps.db).list(orgId, query, { limit: query.limit, cursor });
      const page = toPage(
        rows,
        query.limit,
        (r) => ({ value: new Date(r.created_at).toISOString(), id: r.id }),
        (r) => r,
      );
      return { data: await describe(orgId, page.data), nextCursor: page.nextCursor };
    },

    async create(ctx: RequestContext, input: CampaignInput): Promise<Campaign> {
      const now = deps.clock.now();
      const id = await deps.db.transaction().execute(async (trx) => {
        const write = await validate(trx, ctx.orgId, input);
        const created = await createCampaignRepository(trx).insert(ctx.orgId, write, ctx.actor, now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'phishing_campaign.created',
          targetType: 'phishing_campaign',
          targetId: created,
          details: { name: write.name },
        });
        return created;
      });
      return get(ctx.orgId, id);
    },

    async update(ctx: RequestContext, id: string, input: CampaignInput): Promise<Campaign> {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        await lockDraft(trx, ctx.orgId, id, 'edited');
        const write = await validate(trx, ctx.orgId, input);
        await createCampaignRepository(trx).update(ctx.orgId, id, write, now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'phishing_campaign.updated',
          targetType: 'phishing_campaign',
          targetId: id,
          details: { name: write.name },
        });
      });
      return get(ctx.orgId, id);
    },

    async delete(ctx: RequestContext, id: string): Promise<void> {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const row = await lockDraft(trx, ctx.orgId, id, 'deleted (cancel a launched one instead)');
        await createCampaignRepository(trx).delete(ctx.orgId, id);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'phishing_campaign.deleted',
          targetType: 'phishing_campaign',
          targetId: id,
          details: { name: row.name },
        });
      });
    },

    previewAudience(orgId: string, audience: Audience): Promise<AudiencePreview> {
      return createCampaignRepository(deps.db).previewAudience(orgId, audience);
    },

    /**
     * Launches a draft in one transaction: its templates and landing page are copied into it, its
     * audience resolved into recipients (active people, each once) and their emails queued at
     * their send times. A launch time in the future makes it scheduled; the emails wait in the
     * outbox until then.
     */
    async launch(ctx: RequestContext, id: string): Promise<Campaign> {
      const now = deps.clock.now();
      const recipients = await deps.db.transaction().execute(async (trx) => {
        const campaigns = createCampaignRepository(trx);
        const row = await lockDraft(trx, ctx.orgId, id, 'launched');
        const launchAt = row.launch_at && new Date(row.launch_at) > now ? new Date(row.launch_at) : now;
        if (row.ends_at && new Date(row.ends_at) <= launchAt)
          throw new ValidationError('The campaign ends before it starts: change its end date.', [
            { path: 'body.endsAt', message: 'must be after the launch' },
          ]);
        const templates = await campaigns.templates(ctx.orgId, row.template_ids);
        const byId = new Map(templates.map((t) => [t.id, t]));
        const chosen = row.template_ids.map((tid) => byId.get(tid)).filter((t) => t !== undefined);
        const archived = chosen.find((t) => t.archived_at);
        if (chosen.length !== row.template_ids.length || archived)
          throw new ConflictError(
            archived
              ? `The template "${archived.name}" is archived: restore it or pick another before launching.`
              : 'A template of this campaign no longer exists: pick another before launching.',
          );
        const page = await campaigns.landingPage(ctx.orgId, row.landing_page_id);
        if (!page || page.archived_at)
          throw new ConflictError(
            `The landing page "${page?.name ?? ''}" is archived: restore it or pick another before launching.`,
          );
        const content: CampaignContent = {
          templates: chosen.map((t) => ({
            id: t.id,
            name: t.name,
            subject: t.subject,
            senderName: t.sender_name,
            senderAddress: t.sender_address,
            htmlBody: t.html_body,
            textBody: t.text_body,
            redFlags: t.red_flags,
          })),
          landingPage: { id: page.id, name: page.name, html: page.html },
        };
        const audience = {
          groupIds: row.group_ids,
          departmentIds: row.department_ids,
          userIds: row.user_ids,
        };
        const recipients = await campaigns.insertRecipients(ctx.orgId, id, audience, {
          start: launchAt,
          windowMs: row.send_window_minutes * 60_000,
          templateCount: content.templates.length,
        });
        if (recipients === 0)
          throw new ConflictError(
            'This campaign has nobody to send to: its groups, departments and users hold no active people.',
          );
        await campaigns.queueEmails(ctx.orgId, id, content, deps.trackingUrl, now);
        await campaigns.markLaunched(ctx.orgId, id, {
          status: launchAt > now ? 'scheduled' : 'sending',
          launchAt,
          content,
          recipients,
          now,
        });
        await createAuditRepository(trx).record(ctx, now, {
          action: 'phishing_campaign.launched',
          targetType: 'phishing_campaign',
          targetId: id,
          details: { name: row.name, recipients, launchAt: launchAt.toISOString() },
        });
        return recipients;
      });
      // Planned on real numbers from the first tracked click and delivery on (statistics.ts).
      if (recipients >= BULK_WRITE_ANALYZE_THRESHOLD)
        await refreshStatistics(deps.db, ['phishing_recipients', 'emails']);
      deps.mail.notifyQueued();
      return get(ctx.orgId, id);
    },

    /** Stops a campaign: emails not yet sent are withdrawn; what was sent stays in the results. */
    async cancel(ctx: RequestContext, id: string): Promise<Campaign> {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const campaigns = createCampaignRepository(trx);
        const row = await campaigns.find(ctx.orgId, id, { lock: true });
        if (!row) throw new NotFoundError('Campaign');
        if (!['scheduled', 'sending', 'in_progress'].includes(row.status))
          throw new ConflictError(
            row.status === 'draft'
              ? 'A draft has not been launched: delete it instead.'
              : `This campaign is already ${row.status}.`,
          );
        const withdrawn = await campaigns.cancel(ctx.orgId, id, now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'phishing_campaign.cancelled',
          targetType: 'phishing_campaign',
          targetId: id,
          details: { name: row.name, emailsWithdrawn: withdrawn },
        });
      });
      return get(ctx.orgId, id);
    },

    /** Moves campaigns on by time (the background tick, every few seconds). */
    advance(): Promise<number> {
      return createCampaignRepository(deps.db).advance(deps.clock.now());
    },
  };
}
export type CampaignService = ReturnType<typeof createCampaignService>;
