/**
 * Opens the one database Heed runs on: PostgreSQL when DATABASE_URL is set, otherwise an embedded
 * PGlite persisted in HEED_DATA_DIR. Both speak the same SQL and run the same migrations.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';
import { statisticsSettled } from './statistics.ts';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseConfig['kind'];
  close(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another Heed process (pid ${pid}). ` +
        'PGlite serves one process at a time: stop that process first, or set DATABASE_URL to use PostgreSQL.',
    );
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An exclusive lock file beside the data, so a second process fails at once instead of corrupting it. */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, 'heed.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner)) {
        throw new DataDirInUseError(dataDir, owner);
      }
      rmSync(lockPath, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

/**
 * A statement whose text starts with `/* prepared: <name> *\/` runs as a named prepared statement
 * on each connection (prepared the first time that connection runs it): for the few statements on a
 * hot path, whose planning costs more than running them (the tracking server's batch of events:
 * ≈ 2 ms to plan, ≈ 1 ms to run). Other statements are planned per execution as usual, since no
 * single plan suits every size of bulk write. PGlite reads the marker as the comment it is.
 */
const PREPARED_MARKER = /^\/\* prepared: ([a-z_]+) \*\//;

const preparedNames = new Map<string, string | null>();

/** The statement's name on the server: its marker and a digest of its text (a name is one text). */
function preparedName(text: string): string | null {
  let name = preparedNames.get(text);
  if (name === undefined) {
    const marker = PREPARED_MARKER.exec(text)?.[1];
    name = marker ? `${marker}_${createHash('sha1').update(text).digest('hex').slice(0, 12)}` : null;
    // Only marked texts are kept (a few, each once); others are looked at and forgotten.
    if (marker) preparedNames.set(text, name);
  }
  return name;
}

function preparesMarkedStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof text === 'string' && text.startsWith('/* prepared: ') ? preparedName(text) : null;
    if (name && Array.isArray(values)) return query({ name, text, values }, callback);
    return query(text, values, callback);
  };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      // No JIT: it compiles a query for a second or more when the planner's estimate is large (a bulk
      // statement over unnested parameters has no statistics), and the queries here are short.
      options: '-c jit=off',
    });
    // An idle connection the server ends (a restart, a failover, a database dropped WITH (FORCE))
    // is an 'error' event on the pool, which would otherwise crash the process. The pool has already
    // discarded that connection; the next query opens a new one, and fails loudly if it cannot.
    pool.on('error', () => {});
    pool.on('connect', preparesMarkedStatements);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      async close() {
        await statisticsSettled(db);
        await db.destroy();
      },
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const unlock = lockDataDir(config.dataDir);
  try {
    const pglite = await PGlite.create(join(config.dataDir, 'pg'));
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      async close() {
        await statisticsSettled(db);
        await db.destroy();
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
