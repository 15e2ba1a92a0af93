/**
 * Phishing simulation content for admins: email templates (lures) and landing pages. Built-in ones are
 * copied into an organization the first time it reads either list, and brought up to date by version,
 * like the course catalog. Built-in content is read-only (clone it to change it) but can be archived.
 * Every admin write is audited in its own transaction.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createOrganizationRepository } from '../organizations/organizations.repository.ts';
import { BUILT_IN_LANDING_PAGES, BUILT_IN_TEMPLATES } from './catalog/index.ts';
import { countForms, prepareLandingPage, renderTeachableMoment } from './landing-page.ts';
import {
  renderPhishingEmail,
  TEMPLATE_VARIABLES,
  unknownVariables,
  usesVariable,
} from './phishing.render.ts';
import { type ContentTable, createPhishingRepository, type TemplateWrite } from './phishing.repository.ts';
import type {
  LandingPage,
  LandingPageDetail,
  LandingPageInput,
  ListLandingPagesQuery,
  ListTemplatesQuery,
  Template,
  TemplateDetail,
  TemplateInput,
  TemplatePreviewInput,
} from './phishing.schemas.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Who a preview is addressed to when the editor names nobody. */
export const SAMPLE_RECIPIENT = {
  firstName: 'Alex',
  lastName: 'Morgan',
  email: 'alex.morgan@example.com',
  department: 'Finance',
};
/** Placeholder links of a preview: reserved names that lead nowhere. */
export const PREVIEW_LINKS = {
  link: 'https://phish.example/preview/link',
  reportLink: 'https://phish.example/preview/report',
  // A 1×1 transparent GIF, so the preview loads nothing from anywhere.
  trackingPixelUrl: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
};

type Repository = ReturnType<typeof createPhishingRepository>;

/** How each kind of content is named in its table, its 404s, its refusals and its audit entries. */
interface ContentKind {
  table: ContentTable;
  notFound: string;
  noun: string;
  audit: 'phishing_template' | 'phishing_landing_page';
}
const TEMPLATE: ContentKind = {
  table: 'phishing_templates',
  notFound: 'Template',
  noun: 'template',
  audit: 'phishing_template',
};
const LANDING_PAGE: ContentKind = {
  table: 'phishing_landing_pages',
  notFound: 'Landing page',
  noun: 'landing page',
  audit: 'phishing_landing_page',
};
type TemplateRow = Awaited<ReturnType<Repository['listTemplates']>>[number];
type LandingPageRow = Awaited<ReturnType<Repository['listLandingPages']>>[number];

function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    difficulty: row.difficulty,
    subject: row.subject,
    senderName: row.sender_name,
    senderAddress: row.sender_address,
    builtIn: row.builtin_key !== null,
    status: row.archived_at === null ? 'active' : 'archived',
    archivedAt: iso(row.archived_at),
    redFlags: row.red_flags,
    version: row.version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

function toLandingPage(row: LandingPageRow): LandingPage {
  return {
    id: row.id,
    name: row.name,
    builtIn: row.builtin_key !== null,
    status: row.archived_at === null ? 'active' : 'archived',
    archivedAt: iso(row.archived_at),
    formCount: countForms(row.html),
    version: row.version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

const FIELD_LABELS: Record<string, string> = {
  'body.subject': 'The subject',
  'body.htmlBody': 'The HTML body',
  'body.textBody': 'The text body',
};

const KNOWN_LIST = TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ');

/**
 * What saving a template would refuse, by field: a variable the renderer does not know, and a body
 * without {{link}} (a lure nobody can click measures nothing).
 */
export function templateProblems(parts: {
  subject: string;
  htmlBody: string;
  textBody: string;
}): FieldError[] {
  const problems: FieldError[] = [];
  for (const field of ['subject', 'htmlBody', 'textBody'] as const) {
    const unknown = unknownVariables(parts[field]);
    if (unknown.length > 0) {
      problems.push({
        path: `body.${field}`,
        message: `uses ${unknown.length === 1 ? 'an unknown variable' : 'unknown variables'} ${unknown
          .map((v) => `{{${v}}}`)
          .join(', ')}: the variables are ${KNOWN_LIST}`,
      });
    }
  }
  for (const field of ['htmlBody', 'textBody'] as const) {
    if (parts[field].trim() && !usesVariable(parts[field], 'link')) {
      problems.push({ path: `body.${field}`, message: 'must contain {{link}}, the link that is tracked' });
    }
  }
  return problems;
}

function templateWrite(input: TemplateInput): TemplateWrite {
  const problems = templateProblems(input);
  if (problems.length > 0) {
    const [first] = problems;
    const field = FIELD_LABELS[first!.path] ?? 'The template';
    throw new ValidationError(
      problems.length === 1
        ? `${field} ${first!.message}.`
        : `${field} ${first!.message}; see errors[] for the other ${problems.length - 1} problem(s).`,
      problems,
    );
  }
  return {
    name: input.name,
    category: input.category,
    difficulty: input.difficulty,
    subject: input.subject,
    sender_name: input.senderName,
    sender_address: input.senderAddress,
    html_body: input.htmlBody,
    text_body: input.textBody,
    red_flags: input.redFlags,
  };
}

export function createPhishingService(deps: { db: Kysely<DB>; clock: Clock }) {
  /** Organizations whose built-in content this process has brought up to date. */
  const catalogChecked = new Set<string>();

  async function ensureCatalog(orgId: string) {
    if (catalogChecked.has(orgId)) return;
    const repository = createPhishingRepository(deps.db);
    const held = await repository.builtInVersions(orgId);
    const now = deps.clock.now();
    const templates = BUILT_IN_TEMPLATES.filter((t) => (held.templates.get(t.key) ?? 0) < t.version);
    const pages = BUILT_IN_LANDING_PAGES.filter((p) => (held.landingPages.get(p.key) ?? 0) < p.version);
    if (templates.length > 0) {
      await repository.upsertBuiltInTemplates(
        orgId,
        templates.map((t) => ({
          key: t.key,
          version: t.version,
          name: t.name,
          category: t.category,
          difficulty: t.difficulty,
          subject: t.subject,
          sender_name: t.senderName,
          sender_address: t.senderAddress,
          html_body: t.htmlBody,
          text_body: t.textBody,
          red_flags: t.redFlags,
        })),
        now,
      );
    }
    if (pages.length > 0) {
      await repository.upsertBuiltInLandingPages(
        orgId,
        pages.map((p) => ({
          key: p.key,
          version: p.version,
          name: p.name,
          html: prepareLandingPage(p.html),
        })),
        now,
      );
    }
    catalogChecked.add(orgId);
  }

  async function templateDetail(orgId: string, id: string): Promise<TemplateDetail> {
    await ensureCatalog(orgId);
    const row = await createPhishingRepository(deps.db).findTemplate(orgId, id);
    if (!row) throw new NotFoundError('Template');
    return { ...toTemplate(row), htmlBody: row.html_body, textBody: row.text_body };
  }

  async function landingPageDetail(orgId: string, id: string): Promise<LandingPageDetail> {
    await ensureCatalog(orgId);
    const row = await createPhishingRepository(deps.db).findLandingPage(orgId, id);
    if (!row) throw new NotFoundError('Landing page');
    return { ...toLandingPage(row), html: row.html };
  }

  async function createTemplate(ctx: RequestContext, input: TemplateInput, clonedFrom?: string) {
    const write = templateWrite(input);
    const now = deps.clock.now();
    const id = await deps.db.transaction().execute(async (trx) => {
      const created = await createPhishingRepository(trx).insertTemplate(ctx.orgId, write, now);
      await createAuditRepository(trx).record(ctx, now, {
        action: 'phishing_template.created',
        targetType: 'phishing_template',
        targetId: created,
        details: { name: input.name, ...(clonedFrom ? { clonedFrom } : {}) },
      });
      return created;
    });
    return templateDetail(ctx.orgId, id);
  }

  async function createLandingPage(ctx: RequestContext, input: LandingPageInput, clonedFrom?: string) {
    const html = prepareLandingPage(input.html);
    const now = deps.clock.now();
    const id = await deps.db.transaction().execute(async (trx) => {
      const created = await createPhishingRepository(trx).insertLandingPage(
        ctx.orgId,
        { name: input.name, html },
        now,
      );
      await createAuditRepository(trx).record(ctx, now, {
        action: 'phishing_landing_page.created',
        targetType: 'phishing_landing_page',
        targetId: created,
        details: { name: input.name, ...(clonedFrom ? { clonedFrom } : {}) },
      });
      return created;
    });
    return landingPageDetail(ctx.orgId, id);
  }

  /** Locks a row of `kind` for an edit (a 404 when missing); built-in content is refused. */
  async function lockForEdit(trx: Kysely<DB>, kind: ContentKind, orgId: string, id: string) {
    const row = await createPhishingRepository(trx).lock(kind.table, orgId, id);
    if (!row) throw new NotFoundError(kind.notFound);
    if (row.builtin_key !== null) {
      throw new ConflictError(
        `"${row.name}" is a built-in ${kind.noun} and cannot be edited: clone it to make your own version.`,
      );
    }
    return row;
  }

  /** Archives or restores a row of `kind` (built-in ones too), audited; a no-op when already so. */
  async function setArchived(ctx: RequestContext, kind: ContentKind, id: string, archived: boolean) {
    await ensureCatalog(ctx.orgId);
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      const repository = createPhishingRepository(trx);
      const row = await repository.lock(kind.table, ctx.orgId, id);
      if (!row) throw new NotFoundError(kind.notFound);
      if ((row.archived_at !== null) === archived) return;
      await repository.setArchived(kind.table, ctx.orgId, id, archived ? now : null, now);
      await createAuditRepository(trx).record(ctx, now, {
        action: `${kind.audit}.${archived ? 'archived' : 'restored'}`,
        targetType: kind.audit,
        targetId: id,
        details: { name: row.name },
      });
    });
  }

  return {
    ensureCatalog,

    async listTemplates(orgId: string, query: ListTemplatesQuery): Promise<Template[]> {
      await ensureCatalog(orgId);
      const rows = await createPhishingRepository(deps.db).listTemplates(orgId, query);
      return rows.map(toTemplate);
    },

    getTemplate: templateDetail,

    createTemplate: (ctx: RequestContext, input: TemplateInput) => createTemplate(ctx, input),

    async updateTemplate(ctx: RequestContext, id: string, input: TemplateInput): Promise<TemplateDetail> {
      await ensureCatalog(ctx.orgId);
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const row = await lockForEdit(trx, TEMPLATE, ctx.orgId, id);
        await createPhishingRepository(trx).updateTemplate(ctx.orgId, id, templateWrite(input), now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'phishing_template.updated',
          targetType: 'phishing_template',
          targetId: id,
          details: { name: input.name, previousName: row.name, version: row.version + 1 },
        });
      });
      return templateDetail(ctx.orgId, id);
    },

    /** A copy the organization owns and can edit, built-in or not. */
    async cloneTemplate(ctx: RequestContext, id: string): Promise<TemplateDetail> {
      const source = await templateDetail(ctx.orgId, id);
      return createTemplate(
        ctx,
        {
          name: `Copy of ${source.name}`.slice(0, 200),
          category: source.category,
          difficulty: source.difficulty,
          subject: source.subject,
          senderName: source.senderName,
          senderAddress: source.senderAddress,
          htmlBody: source.htmlBody,
          textBody: source.textBody,
          redFlags: source.redFlags,
        },
        id,
      );
    },

    /** Archived templates leave the default list; built-in ones can be archived too. */
    async setTemplateArchived(ctx: RequestContext, id: string, archived: boolean): Promise<TemplateDetail> {
      await setArchived(ctx, TEMPLATE, id, archived);
      return templateDetail(ctx.orgId, id);
    },

    /** A draft rendered for a sample person, as the editor shows it while the admin types. */
    async previewTemplate(orgId: string, draft: TemplatePreviewInput) {
      const recipient = draft.sampleUser ?? SAMPLE_RECIPIENT;
      const rendered = renderPhishingEmail(draft, recipient, PREVIEW_LINKS);
      const organizationName = (await createOrganizationRepository(deps.db).findById(orgId))?.name ?? '';
      const from = draft.senderName
        ? `${draft.senderName.replace(/[\r\n"]+/g, ' ')} <${draft.senderAddress}>`
        : draft.senderAddress;
      return {
        ...rendered,
        from,
        teachableMoment: renderTeachableMoment({
          organizationName,
          redFlags: draft.redFlags.map((f) => f.trim()).filter(Boolean),
        }),
        problems: templateProblems(draft),
      };
    },

    async listLandingPages(orgId: string, query: ListLandingPagesQuery): Promise<LandingPage[]> {
      await ensureCatalog(orgId);
      const rows = await createPhishingRepository(deps.db).listLandingPages(orgId, query);
      return rows.map(toLandingPage);
    },

    getLandingPage: landingPageDetail,

    createLandingPage: (ctx: RequestContext, input: LandingPageInput) => createLandingPage(ctx, input),

    async updateLandingPage(
      ctx: RequestContext,
      id: string,
      input: LandingPageInput,
    ): Promise<LandingPageDetail> {
      await ensureCatalog(ctx.orgId);
      const html = prepareLandingPage(input.html);
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const row = await lockForEdit(trx, LANDING_PAGE, ctx.orgId, id);
        await createPhishingRepository(trx).updateLandingPage(ctx.orgId, id, { name: input.name, html }, now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'phishing_landing_page.updated',
          targetType: 'phishing_landing_page',
          targetId: id,
          details: { name: input.name, previousName: row.name, version: row.version + 1 },
        });
      });
      return landingPageDetail(ctx.orgId, id);
    },

    async cloneLandingPage(ctx: RequestContext, id: string): Promise<LandingPageDetail> {
      const source = await landingPageDetail(ctx.orgId, id);
      return createLandingPage(ctx, { name: `Copy of ${source.name}`.slice(0, 200), html: source.html }, id);
    },

    async setLandingPageArchived(
      ctx: RequestContext,
      id: string,
      archived: boolean,
    ): Promise<LandingPageDetail> {
      await setArchived(ctx, LANDING_PAGE, id, archived);
      return landingPageDetail(ctx.orgId, id);
    },

    /** The page as it would be stored and served. */
    previewLandingPage(html: string) {
      const prepared = prepareLandingPage(html);
      return { html: prepared, formCount: countForms(prepared) };
    },
  };
}
export type PhishingService = ReturnType<typeof createPhishingService>;
