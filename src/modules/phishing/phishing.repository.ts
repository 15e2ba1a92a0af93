/**
 * Phishing templates and landing pages: Kysely queries only. Both kinds hold the built-in copies
 * (`builtin_key`) beside the organization's own, and are archived, never deleted.
 */
import { type Kysely, sql } from 'kysely';
import type { DB, PhishingDifficulty } from '../../platform/db/schema.ts';
import { likePattern } from '../../platform/pagination.ts';

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

/** The two kinds of phishing content, which share their lifecycle (built-in or own, archived or not). */
export type ContentTable = 'phishing_templates' | 'phishing_landing_pages';

export function createPhishingRepository(db: Kysely<DB>) {
  /**
   * Inserts built-in copies, or brings those older than the catalog's version up to date: every
   * content column the rows carry, the built-in version and `version + 1` (archived stays).
   */
  async function upsertBuiltIns(
    table: ContentTable,
    orgId: string,
    rows: (BuiltInTemplateWrite | BuiltInLandingPageWrite)[],
    now: Date,
  ) {
    if (rows.length === 0) return;
    const { key: _key, version: _version, ...sample } = rows[0]!;
    const updated = [...Object.keys(sample), 'builtin_version', 'updated_at'];
    // The two tables share these columns; Kysely cannot type an insert into either one.
    await (db as Kysely<any>)
      .insertInto(table)
      .values(
        rows.map(({ key, version, ...content }) => ({
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
            ...Object.fromEntries(updated.map((column) => [column, eb.ref(`excluded.${column}`)])),
            version: sql`${sql.ref(table)}.version + 1`,
          }))
          .where(`${table}.builtin_version`, '<', sql.ref('excluded.builtin_version')),
      )
      .execute();
  }

  return {
    /** The built-in keys and versions of each kind this organization holds. */
    async builtInVersions(orgId: string) {
      const versionsOf = async (table: ContentTable) => {
        const rows = await db
          .selectFrom(table)
          .select(['builtin_key', 'builtin_version'])
          .where('org_id', '=', orgId)
          .where('builtin_key', 'is not', null)
          .execute();
        return new Map(rows.map((r) => [r.builtin_key!, r.builtin_version ?? 0]));
      };
      const [templates, landingPages] = await Promise.all([
        versionsOf('phishing_templates'),
        versionsOf('phishing_landing_pages'),
      ]);
      return { templates, landingPages };
    },

    /** Copies built-in templates in, or brings copies up to date (content only: archived stays). */
    upsertBuiltInTemplates: (orgId: string, templates: BuiltInTemplateWrite[], now: Date) =>
      upsertBuiltIns('phishing_templates', orgId, templates, now),

    upsertBuiltInLandingPages: (orgId: string, pages: BuiltInLandingPageWrite[], now: Date) =>
      upsertBuiltIns('phishing_landing_pages', orgId, pages, now),

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
