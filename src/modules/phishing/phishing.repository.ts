/**
 * Phishing templates and landing pages: Kysely queries only. Both kinds hold the built-in copies
 * (`builtin_key`) beside the organization's own, and are archived, never deleted.
 */
import { type Kysely, sql } from 'kysely';
import type { DB, PhishingDifficulty } from '../../platform/db/schema.ts';

export interface TemplateWrite {
  name: string;
  category: string;
  difficulty: PhishingDifficulty;
  subject: string;
  sender_name: string;
  sender_address: string;
  html_body: string;
  text_body: string;
  red_flags: string[];
}

export interface BuiltInTemplateWrite extends TemplateWrite {
  key: string;
  version: number;
}

export interface LandingPageWrite {
  name: string;
  html: string;
}

export interface BuiltInLandingPageWrite extends LandingPageWrite {
  key: string;
  version: number;
}

type Status = 'active' | 'archived' | 'all';

const TEMPLATE_COLUMNS = [
  'id',
  'builtin_key',
  'name',
  'category',
  'difficulty',
  'subject',
  'sender_name',
  'sender_address',
  'red_flags',
  'version',
  'archived_at',
  'created_at',
  'updated_at',
] as const;

const LANDING_PAGE_COLUMNS = [
  'id',
  'builtin_key',
  'name',
  'html',
  'version',
  'archived_at',
  'created_at',
  'updated_at',
] as const;

const likePattern = (search: string) => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The two kinds of phishing content, which share their lifecycle (built-in or own, archived or not). */
export type ContentTable = 'phishing_templates' | 'phishing_landing_pages';

export function createPhishingRepository(db: Kysely<DB>) {
  return {
    async organizationName(orgId: string) {
      const row = await db
        .selectFrom('organizations')
        .select('name')
        .where('id', '=', orgId)
        .executeTakeFirst();
      return row?.name ?? '';
    },

    /** The built-in keys and versions of each kind this organization holds. */
    async builtInVersions(orgId: string) {
      const [templates, pages] = await Promise.all([
        db
          .selectFrom('phishing_templates')
          .select(['builtin_key', 'builtin_version'])
          .where('org_id', '=', orgId)
          .where('builtin_key', 'is not', null)
          .execute(),
        db
          .selectFrom('phishing_landing_pages')
          .select(['builtin_key', 'builtin_version'])
          .where('org_id', '=', orgId)
          .where('builtin_key', 'is not', null)
          .execute(),
      ]);
      return {
        templates: new Map(templates.map((r) => [r.builtin_key!, r.builtin_version ?? 0])),
        landingPages: new Map(pages.map((r) => [r.builtin_key!, r.builtin_version ?? 0])),
      };
    },

    /** Copies built-in templates in, or brings copies up to date (content only: archived stays). */
    async upsertBuiltInTemplates(orgId: string, templates: BuiltInTemplateWrite[], now: Date) {
      if (templates.length === 0) return;
      await db
        .insertInto('phishing_templates')
        .values(
          templates.map(({ key, version, ...content }) => ({
            org_id: orgId,
            builtin_key: key,
            builtin_version: version,
            ...content,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'builtin_key'])
            .where('builtin_key', 'is not', null)
            .doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              category: eb.ref('excluded.category'),
              difficulty: eb.ref('excluded.difficulty'),
              subject: eb.ref('excluded.subject'),
              sender_name: eb.ref('excluded.sender_name'),
              sender_address: eb.ref('excluded.sender_address'),
              html_body: eb.ref('excluded.html_body'),
              text_body: eb.ref('excluded.text_body'),
              red_flags: eb.ref('excluded.red_flags'),
              builtin_version: eb.ref('excluded.builtin_version'),
              updated_at: eb.ref('excluded.updated_at'),
              version: sql`phishing_templates.version + 1`,
            }))
            .where('phishing_templates.builtin_version', '<', (eb) => eb.ref('excluded.builtin_version')),
        )
        .execute();
    },

    async upsertBuiltInLandingPages(orgId: string, pages: BuiltInLandingPageWrite[], now: Date) {
      if (pages.length === 0) return;
      await db
        .insertInto('phishing_landing_pages')
        .values(
          pages.map(({ key, version, ...content }) => ({
            org_id: orgId,
            builtin_key: key,
            builtin_version: version,
            ...content,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'builtin_key'])
            .where('builtin_key', 'is not', null)
            .doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              html: eb.ref('excluded.html'),
              builtin_version: eb.ref('excluded.builtin_version'),
              updated_at: eb.ref('excluded.updated_at'),
              version: sql`phishing_landing_pages.version + 1`,
            }))
            .where('phishing_landing_pages.builtin_version', '<', (eb) => eb.ref('excluded.builtin_version')),
        )
        .execute();
    },

    /** Built-in first, then by name. */
    async listTemplates(
      orgId: string,
      filters: { status: Status; difficulty?: PhishingDifficulty; search?: string },
    ) {
      let query = db
        .selectFrom('phishing_templates')
        .select(TEMPLATE_COLUMNS)
        .where('org_id', '=', orgId)
        .orderBy(sql`builtin_key is null`)
        .orderBy(sql`lower(name)`)
        .orderBy('id');
      if (filters.status === 'active') query = query.where('archived_at', 'is', null);
      if (filters.status === 'archived') query = query.where('archived_at', 'is not', null);
      if (filters.difficulty) query = query.where('difficulty', '=', filters.difficulty);
      if (filters.search) {
        const pattern = likePattern(filters.search);
        query = query.where((eb) =>
          eb.or([
            eb('name', 'ilike', pattern),
            eb('subject', 'ilike', pattern),
            eb('category', 'ilike', pattern),
          ]),
        );
      }
      return query.execute();
    },

    async findTemplate(orgId: string, id: string) {
      return db
        .selectFrom('phishing_templates')
        .select([...TEMPLATE_COLUMNS, 'html_body', 'text_body'])
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertTemplate(orgId: string, template: TemplateWrite, now: Date) {
      const row = await db
        .insertInto('phishing_templates')
        .values({
          org_id: orgId,
          builtin_key: null,
          builtin_version: null,
          ...template,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateTemplate(orgId: string, id: string, template: TemplateWrite, now: Date) {
      await db
        .updateTable('phishing_templates')
        .set({ ...template, version: sql`version + 1`, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    async listLandingPages(orgId: string, filters: { status: Status; search?: string }) {
      let query = db
        .selectFrom('phishing_landing_pages')
        .select(LANDING_PAGE_COLUMNS)
        .where('org_id', '=', orgId)
        .orderBy(sql`builtin_key is null`)
        .orderBy(sql`lower(name)`)
        .orderBy('id');
      if (filters.status === 'active') query = query.where('archived_at', 'is', null);
      if (filters.status === 'archived') query = query.where('archived_at', 'is not', null);
      if (filters.search) query = query.where('name', 'ilike', likePattern(filters.search));
      return query.execute();
    },

    async findLandingPage(orgId: string, id: string) {
      return db
        .selectFrom('phishing_landing_pages')
        .select(LANDING_PAGE_COLUMNS)
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertLandingPage(orgId: string, page: LandingPageWrite, now: Date) {
      const row = await db
        .insertInto('phishing_landing_pages')
        .values({
          org_id: orgId,
          builtin_key: null,
          builtin_version: null,
          ...page,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateLandingPage(orgId: string, id: string, page: LandingPageWrite, now: Date) {
      await db
        .updateTable('phishing_landing_pages')
        .set({ ...page, version: sql`version + 1`, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    /** A template's or landing page's identity alone, locked for the rest of the transaction. */
    async lock(table: ContentTable, orgId: string, id: string) {
      return db
        .selectFrom(table)
        .select(['id', 'name', 'builtin_key', 'archived_at', 'version'])
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    async setArchived(table: ContentTable, orgId: string, id: string, archivedAt: Date | null, now: Date) {
      await db
        .updateTable(table)
        .set({ archived_at: archivedAt, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },
  };
}
