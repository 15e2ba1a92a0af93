/**
 * A real app on a real, freshly copied database for one test file. Tests create their own
 * organizations in it (see factories.ts), so files and tests never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { type Container, createContainer } from '../../src/container.ts';
import { buildApp } from '../../src/http/app.ts';
import { createManualClock } from '../../src/platform/clock.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { adminUrl, databaseUrl } from './postgres.ts';

export interface TestDatabase {
  config: Config['database'];
  drop(): Promise<void>;
}

/** A private copy of the migrated template database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('postgresTemplate');
  const base = process.env.TEST_DATABASE_URL;
  if (template && base) {
    const name = `heed_test_${randomBytes(6).toString('hex')}`;
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(base), poolSize: 1 });
    try {
      await sql`create database ${sql.id(name)} template ${sql.id(template)}`.execute(admin.db);
    } finally {
      await admin.close();
    }
    return {
      config: { kind: 'postgres', url: databaseUrl(base, name), poolSize: 10 },
      async drop() {
        const dropper = await openDatabase({ kind: 'postgres', url: adminUrl(base), poolSize: 1 });
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(dropper.db);
        await dropper.close();
      },
    };
  }
  const templateDir = inject('pgliteTemplateDir');
  if (!templateDir) throw new Error('The test global setup did not prepare a database template.');
  const root = mkdtempSync(join(tmpdir(), 'heed-file-'));
  cpSync(templateDir, join(root, 'data'), { recursive: true });
  return {
    config: { kind: 'pglite', dataDir: join(root, 'data') },
    async drop() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  clock: ReturnType<typeof createManualClock>;
  database: Database;
  close(): Promise<void>;
}

/** `env` adds configuration, e.g. `{ SMTP_URL }` of a test SMTP sink. */
export async function createTestApp(options: { env?: Record<string, string> } = {}): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HEED_WEB_DIR: '', ...options.env }),
    database: testDatabase.config,
  };
  const database = await openDatabase(testDatabase.config);
  const clock = createManualClock(new Date());
  const container = await createContainer(config, { clock, database, migrate: false });
  const app = await buildApp(container, { logger: false });
  await app.ready();
  return {
    app,
    container,
    clock,
    database,
    async close() {
      await app.close();
      await container.close();
      await testDatabase.drop();
    },
  };
}
