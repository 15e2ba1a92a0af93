/**
 * What every benchmark stands on: its own database (a fresh PostgreSQL database on 127.0.0.1:5432
 * or a temporary PGlite data dir), its own organization and API key, and the real server started as
 * a child process (`node bin/heed.js serve`) so its memory can be read from /proc/<pid>/status.
 * Everything is torn down at the end, also when a benchmark fails or the run is interrupted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { type Container, createContainer } from '../../src/container.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { systemContext } from '../../src/platform/context.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import type { DB } from '../../src/platform/db/schema.ts';
import { freePort } from '../../test/helpers/net.ts';
import { generateUsersCsv } from './users-csv.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The PostgreSQL server to create benchmark databases on (its maintenance database). */
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// ---------------------------------------------------------------------------------------------
// Cleanup: run on normal exit of a benchmark and on Ctrl-C of the whole run.

const cleanups: (() => Promise<void>)[] = [];

export function onCleanup(cleanup: () => Promise<void>) {
  cleanups.push(cleanup);
}

export async function cleanupAll() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()!;
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${(error as Error).message}\n`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: cleaning up benchmark databases and servers…\n`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Databases.

export interface BenchDatabase {
  /** Environment for `heed serve` and loadConfig: DATABASE_URL or HEED_DATA_DIR. */
  env: Record<string, string>;
  kind: 'postgres' | 'pglite';
  url?: string;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createPostgresDatabase(name: string): Promise<BenchDatabase> {
  const database = `heed_bench_${name.replace(/[^a-z0-9]/gi, '_')}_${randomBytes(3).toString('hex')}`;
  const admin = await openDatabase({ kind: 'postgres', url: POSTGRES_ADMIN_URL, poolSize: 1 });
  try {
    await sql`create database ${sql.id(database)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  onCleanup(async () => {
    const dropper = await openDatabase({ kind: 'postgres', url: POSTGRES_ADMIN_URL, poolSize: 1 });
    try {
      await sql`drop database if exists ${sql.id(database)} with (force)`.execute(dropper.db);
    } finally {
      await dropper.close();
    }
  });
  const url = withDatabase(POSTGRES_ADMIN_URL, database);
  return { env: { DATABASE_URL: url }, kind: 'postgres', url };
}

export function createPgliteDataDir(name: string): BenchDatabase {
  const root = mkdtempSync(join(tmpdir(), `heed-bench-${name}-`));
  onCleanup(async () => rmSync(root, { recursive: true, force: true }));
  return { env: { HEED_DATA_DIR: join(root, 'data') }, kind: 'pglite' };
}

// ---------------------------------------------------------------------------------------------
// The tenant: a migrated database with one organization and an API key for it.

export interface Tenant {
  orgId: string;
  apiKey: string;
}

/** Opens the app's own container on the benchmark database (migrating it), for setup and seeding. */
export async function openContainer(database: BenchDatabase): Promise<Container> {
  return createContainer(loadConfig({ ...database.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' }));
}

export async function createTenant(container: Container, name = 'Bench Co'): Promise<Tenant> {
  const { organization } = await container.services.organizations.createWithOwner({
    organizationName: name,
    ownerEmail: `owner-${randomBytes(4).toString('hex')}@bench.example.com`,
    ownerPassword: randomBytes(18).toString('base64url'),
  });
  const { secret } = await container.services.apiKeys.create(systemContext(organization.id), 'benchmark');
  return { orgId: organization.id, apiKey: secret };
}

// ---------------------------------------------------------------------------------------------
// The server, as a child process.

export interface ServerProcess {
  url: string;
  /** The phishing tracking server's own listener. */
  trackingUrl: string;
  pid: number;
  child: ChildProcess;
  /** Resident set size of the server process now, in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

/** VmRSS of a process, in bytes, from /proc/<pid>/status. */
export function readRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`No VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * CPU time (user + system) of a process so far, in ms, from /proc/<pid>/stat (USER_HZ is 100 on
 * Linux); 0 for a process that is gone or not on this machine (a PostgreSQL elsewhere).
 */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU so far of each PostgreSQL backend serving this database but not this connection. */
async function backendsCpu(db: Kysely<DB>): Promise<Map<number, number>> {
  const pids = await sql<{ pid: number }>`
    select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`.execute(
    db,
  );
  return new Map(pids.rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

/**
 * Starts counting the CPU of the server, of PostgreSQL's backends for this database and of this
 * process (autocannon); the function returned reads what each spent since.
 */
export async function cpuFrom(serverPid: number, db: Kysely<DB>) {
  const server = cpuMs(serverPid);
  const database = await backendsCpu(db);
  const generator = process.cpuUsage();
  return async () => {
    const spent = process.cpuUsage(generator);
    return {
      server: cpuMs(serverPid) - server,
      database: sumNewCpu(database, await backendsCpu(db)),
      generator: (spent.user + spent.system) / 1000,
    };
  };
}

/** CPU per request of server / PostgreSQL / load generator, in ms. */
export const perRequest = (cpu: { server: number; database: number; generator: number }, requests: number) =>
  `${(cpu.server / requests).toFixed(2)} / ${(cpu.database / requests).toFixed(2)} / ${(cpu.generator / requests).toFixed(2)} ms`;

/** CPU spent between two readings; a backend born in between counts whole. */
function sumNewCpu(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The server was not ready within ${timeoutMs / 1000} s:\n${output()}`);
}

/**
 * Starts a Node script as a listening server on a loopback port and waits for `readyPath`.
 * `node bin/heed.js serve` runs the server in the very process spawned (tsx registers in-process),
 * so the child's pid is the server's.
 */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  readyPath = '/api/v1/health',
): Promise<ServerProcess> {
  const port = await freePort();
  const trackingPort = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TRACKING_PORT: String(trackingPort),
      TRACKING_URL: `http://127.0.0.1:${trackingPort}`,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  onCleanup(stop);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${url}${readyPath}`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    trackingUrl: `http://127.0.0.1:${trackingPort}`,
    pid: child.pid!,
    child,
    rss: () => readRss(child.pid!),
    stop,
  };
}

/** `heed serve` on the benchmark database: production mode, warnings only in the log. */
/**
 * The Node flags `npm start` gives the server (package.json's "start": `node <flags> bin/heed.js
 * serve`), so a benchmark measures the server as it is run.
 */
function serverNodeFlags(): string[] {
  const start = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
  ).scripts.start;
  const words = start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('bin/heed.js'));
}

/**
 * `node bin/heed.js serve` as `npm start` runs it, on the benchmark's database. BENCH_NODE_ARGS adds
 * Node flags, e.g. `BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` profiles the server
 * (written when it stops).
 */
export function startHeedServer(database: BenchDatabase, extraEnv: Record<string, string> = {}) {
  const extraArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return startProcess([...serverNodeFlags(), ...extraArgs, join(ROOT, 'bin/heed.js'), 'serve'], {
    ...database.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  });
}

// ---------------------------------------------------------------------------------------------
// Requests.

export async function request(
  server: { url: string },
  apiKey: string,
  method: string,
  path: string,
  body?: { type: string; data: string },
): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      ...(body ? { 'content-type': body.type } : {}),
    },
    body: body?.data,
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

export async function requestOk(...args: Parameters<typeof request>) {
  const result = await request(...args);
  if (result.status < 200 || result.status > 299) {
    throw new Error(`${args[2]} ${args[3]} answered ${result.status}: ${result.text.slice(0, 500)}`);
  }
  return result;
}

/** `/api/v1` of the server with this API key, JSON in and out: `api<T>('POST', '/groups', {name})`. */
export function apiClient(server: { url: string }, apiKey: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const json = body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(body) };
    const { text } = await requestOk(server, apiKey, method, `/api/v1${path}`, json);
    return JSON.parse(text) as T;
  };
}

/** Runs a benchmark body with cleanup of everything it created, whatever happens. */
export async function withCleanup<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await cleanupAll();
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding through the app's own services.

export interface SeededGroup {
  groupId: string;
  emails: string[];
}

/**
 * Imports `count` generated users (through the import service, as an upload would) and puts every
 * one of them in a new group, `groupName`, unless `assign` is false (then the group is left empty).
 */
export async function seedUsersAndGroup(
  container: Container,
  tenant: Tenant,
  count: number,
  options: { groupName?: string; assign?: boolean } = {},
): Promise<SeededGroup> {
  const groupName = options.groupName ?? 'Everyone';
  const ctx = systemContext(tenant.orgId, 'benchmark seed');
  const { csv, emails } = generateUsersCsv(count, { withGroups: false });
  const report = await container.services.imports.importCsv(ctx, csv, {
    dryRun: false,
    group: options.assign === false ? undefined : groupName,
  });
  if (report.failed > 0 || report.created !== count) {
    throw new Error(`Seeding failed: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 3) })}`);
  }
  const group =
    options.assign === false
      ? await container.services.groups.create(ctx, groupName)
      : (await container.services.groups.list(tenant.orgId, { search: groupName })).find(
          (g) => g.name === groupName,
        );
  if (!group) throw new Error(`Seeding failed: no group ${groupName}`);
  return { groupId: group.id, emails };
}
