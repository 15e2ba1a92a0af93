/**
 * Migrates one template database per test run; every test file then gets its own copy of it
 * (a copied PGlite data dir, or `CREATE DATABASE … TEMPLATE` on PostgreSQL) and drops it afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrator.ts';
import { adminUrl, databaseUrl } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string | null;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const postgresUrl = process.env.TEST_DATABASE_URL;
  if (postgresUrl) {
    const template = `heed_template_${process.pid}`;
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(postgresUrl), poolSize: 1 });
    await sql`drop database if exists ${sql.id(template)}`.execute(admin.db);
    await sql`create database ${sql.id(template)}`.execute(admin.db);
    const db = await openDatabase({ kind: 'postgres', url: databaseUrl(postgresUrl, template), poolSize: 1 });
    await migrateToLatest(db.db);
    await db.close();
    project.provide('postgresTemplate', template);
    project.provide('pgliteTemplateDir', null);
    return async () => {
      await sql`drop database if exists ${sql.id(template)} with (force)`.execute(admin.db);
      await admin.close();
    };
  }
  const root = mkdtempSync(join(tmpdir(), 'heed-test-'));
  const dataDir = join(root, 'template');
  const db = await openDatabase({ kind: 'pglite', dataDir });
  await migrateToLatest(db.db);
  await db.close();
  project.provide('pgliteTemplateDir', dataDir);
  project.provide('postgresTemplate', null);
  return () => rmSync(root, { recursive: true, force: true });
}
