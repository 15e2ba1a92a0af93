/**
 * The real `heed` binary, spawned as a user would run it (`node bin/heed.js …` in the checkout), on a
 * fresh embedded data dir per describe block; and on a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set. Each process pays tsx startup and a database open, so the tests share
 * data dirs within a block and keep the number of processes small.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer } from '../src/container.ts';
import { buildApp } from '../src/http/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { adminUrl, databaseUrl } from './helpers/postgres.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLI_TIMEOUT = 120_000;
const PASSWORD = 'a long enough passphrase';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI process: this one's, minus any database settings, plus `env`. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.TEST_DATABASE_URL;
  delete base.HEED_DATA_DIR;
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

/**
 * Runs `heed …` to completion. The kill is only a safety net so a hanging process fails the test
 * (a killed process has a signal and no exit code) instead of stalling the suite.
 */
function heed(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/heed.js', ...args], {
      cwd: REPO_ROOT,
      env: cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT - 10_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

/** Starts `heed serve` and resolves once it listens, with the address it listens on. */
function serve(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/heed.js', 'serve'], {
      cwd: REPO_ROOT,
      env: cliEnv({ HOST: '127.0.0.1', PORT: '0', TRACKING_PORT: '0', LOG_LEVEL: 'info', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`heed serve exited (${code}) before listening:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Opens the data dir the CLI left behind in this process (the CLI has exited and released it). */
async function withApp<T>(dataDir: string, work: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>) {
  const container = await createContainer(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HEED_DATA_DIR: dataDir }),
  );
  const app = await buildApp(container, { logger: false });
  try {
    await app.ready();
    return await work(app);
  } finally {
    await app.close();
    await container.close();
  }
}

let tempRoot: string;
beforeAll(() => {
  tempRoot = mkdtempSync(join(tmpdir(), 'heed-cli-'));
});
afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

const freshDataDir = () => mkdtempSync(join(tempRoot, 'data-'));

function writeCsv(name: string, lines: string[]): string {
  const path = join(tempRoot, `${name}-${randomBytes(4).toString('hex')}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('heed on the embedded database', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let orgId: string;

  beforeAll(() => {
    dataDir = freshDataDir();
    env = { HEED_DATA_DIR: dataDir };
  });

  it(
    'migrates a fresh data dir, and again without complaint',
    async () => {
      const first = await heed(['migrate'], env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('Database is up to date.');
      expect(existsSync(join(dataDir, 'pg'))).toBe(true);
      // The lock is released when the command ends.
      expect(existsSync(join(dataDir, 'heed.lock'))).toBe(false);

      const again = await heed(['migrate'], env);
      expect(again.code).toBe(0);
    },
    CLI_TIMEOUT * 2,
  );

  it(
    'creates an organization and prints its id alone on the last line; its owner can sign in',
    async () => {
      const run = await heed(
        [
          'org',
          'create',
          '--name',
          'Acme Corp',
          '--admin-email',
          'Owner@Acme.test',
          '--admin-password',
          PASSWORD,
        ],
        env,
      );
      expect(run.code).toBe(0);
      expect(lastLine(run.stdout)).toMatch(UUID);
      orgId = lastLine(run.stdout);

      await withApp(dataDir, async (app) => {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'owner@acme.test', password: PASSWORD },
        });
        expect(login.statusCode).toBe(200);
        expect(login.json().organization).toEqual({ id: orgId, name: 'Acme Corp' });
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'creates an API key and prints the secret alone on the last line; the key works with the API',
    async () => {
      const run = await heed(['api-key', 'create', '--org', orgId, '--name', 'HR sync'], env);
      expect(run.code).toBe(0);
      const secret = lastLine(run.stdout);
      expect(secret).not.toMatch(/\s/);
      expect(secret.length).toBeGreaterThanOrEqual(20);

      await withApp(dataDir, async (app) => {
        const me = await app.inject({
          method: 'GET',
          url: '/api/v1/users',
          headers: { authorization: `Bearer ${secret}` },
        });
        expect(me.statusCode).toBe(200);
        // Keys are listed by a signed-in admin only.
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'owner@acme.test', password: PASSWORD },
        });
        const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        const keys = await app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie } });
        const listed = keys.json().data;
        expect(listed.map((k: any) => k.name)).toEqual(['HR sync']);
        expect(JSON.stringify(listed)).not.toContain(secret);
        expect(secret.startsWith(listed[0].prefix)).toBe(true);
        const wrong = await app.inject({
          method: 'GET',
          url: '/api/v1/users',
          headers: { authorization: `Bearer ${secret}x` },
        });
        expect(wrong.statusCode).toBe(401);
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'imports users from a CSV file with the same report as the API, a dry run writing nothing',
    async () => {
      const file = writeCsv('staff', [
        '\uFEFFEMAIL,first name,LastName,Department,Groups',
        'ann@acme.test,Ann,Archer,Finance,Pilots',
        'bob@acme.test,Bob,"Baker, Jr.",Sales,',
      ]);

      const dry = await heed(
        ['users', 'import', file, '--org', orgId, '--group', 'Staff', '--dry-run', '--json'],
        env,
      );
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toEqual({
        dryRun: true,
        total: 2,
        created: 2,
        updated: 0,
        unchanged: 0,
        failed: 0,
        errors: [],
        departmentsCreated: 2,
        groupsCreated: 2,
        membershipsAdded: 3,
      });

      const real = await heed(['users', 'import', file, '--org', orgId, '--group', 'Staff', '--json'], env);
      expect(real.code).toBe(0);
      // Same report as the dry run: the dry run wrote nothing, or this one would say "unchanged".
      expect(JSON.parse(real.stdout)).toEqual({ ...JSON.parse(dry.stdout), dryRun: false });

      const again = await heed(['users', 'import', file, '--org', orgId], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('2 rows');
      expect(again.stdout).toContain('created 0, updated 0, unchanged 2, failed 0');
    },
    CLI_TIMEOUT * 3,
  );

  it(
    'reports bad rows with their row number and exits with code 3, writing the good rows',
    async () => {
      const file = writeCsv('mixed', [
        'Email,First Name',
        'cy@acme.test,Cy',
        'not-an-email,Bad',
        'CY@acme.test,Twice',
      ]);
      const run = await heed(['users', 'import', file, '--org', orgId], env);
      expect(run.code).toBe(3);
      expect(run.stdout).toContain('created 1, updated 0, unchanged 0, failed 2');
      expect(run.stdout).toMatch(/row 3 \(not-an-email\): .*valid email/);
      expect(run.stdout).toMatch(/row 4 \(CY@acme\.test\): Duplicate email.*row 2/);

      await withApp(dataDir, async (app) => {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'owner@acme.test', password: PASSWORD },
        });
        const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        const users = await app.inject({
          method: 'GET',
          url: '/api/v1/users?sort=email',
          headers: { cookie },
        });
        expect(users.json().data.map((u: any) => [u.email, u.lastName])).toEqual([
          ['ann@acme.test', 'Archer'],
          ['bob@acme.test', 'Baker, Jr.'],
          ['cy@acme.test', ''],
        ]);
        const groups = await app.inject({ method: 'GET', url: '/api/v1/groups', headers: { cookie } });
        expect(groups.json().data.map((g: any) => [g.name, g.memberCount])).toEqual([
          ['Pilots', 1],
          ['Staff', 2],
        ]);
      });
    },
    CLI_TIMEOUT * 2,
  );

  it(
    'refuses a CSV without an Email column with a message and a non-zero exit',
    async () => {
      const file = writeCsv('no-email', ['Name,Department', 'Ann,Finance']);
      const run = await heed(['users', 'import', file, '--org', orgId, '--json'], env);
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBe(null);
      expect(run.stderr).toContain('no Email column');
      expect(run.stdout).toBe('');
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses an organization id that exists nowhere, and a file that does not exist',
    async () => {
      const unknown = await heed(
        ['api-key', 'create', '--org', '00000000-0000-4000-8000-000000000000', '--name', 'x'],
        env,
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no organization has the id 00000000-0000-4000-8000-000000000000');
      expect(unknown.stdout).toBe('');

      const missing = await heed(['users', 'import', join(tempRoot, 'nope.csv'), '--org', orgId], env);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such file');
    },
    CLI_TIMEOUT * 2,
  );
});

describe('heed with wrong arguments', () => {
  let env: Record<string, string>;
  beforeAll(() => {
    env = { HEED_DATA_DIR: freshDataDir() };
  });

  it(
    'refuses a bad setting in the environment with a message naming it, not a stack trace',
    async () => {
      const run = await heed(['serve'], { ...env, PAGE_CACHE_MB: 'lots', PORT: '0', TRACKING_PORT: '0' });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'heed: Invalid configuration:\n  PAGE_CACHE_MB: Invalid input: expected number, received NaN\n',
      );
      expect(run.stdout).toBe('');
    },
    CLI_TIMEOUT,
  );

  it(
    'answers an unknown command with a usage message on stderr and a non-zero exit',
    async () => {
      const run = await heed(['frobnicate'], env);
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBe(null);
      expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
      expect(run.stderr).toMatch(/Usage: heed/);
    },
    CLI_TIMEOUT,
  );

  it(
    'answers a missing required option with the usage of that command',
    async () => {
      const run = await heed(['org', 'create', '--name', 'Acme'], env);
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBe(null);
      expect(run.stderr).toMatch(/required option '--admin-email <email>' not specified/);
      expect(run.stderr).toMatch(/Usage: heed org create/);
      expect(run.stdout).toBe('');
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses an organization id that is not a UUID, and an invalid admin email, before touching the database',
    async () => {
      const badId = await heed(['api-key', 'create', '--org', 'acme', '--name', 'x'], env);
      expect(badId.code).not.toBe(0);
      expect(badId.code).not.toBe(null);
      expect(badId.stderr).toContain('must be an organization id');

      const badEmail = await heed(
        ['org', 'create', '--name', 'Acme', '--admin-email', 'nope', '--admin-password', PASSWORD],
        env,
      );
      expect(badEmail.code).toBe(2);
      expect(badEmail.stderr).toContain('--admin-email');
      expect(badEmail.stdout).toBe('');
      // Nothing was created: the data dir was never even opened.
      expect(existsSync(join(env.HEED_DATA_DIR!, 'pg'))).toBe(false);
    },
    CLI_TIMEOUT * 2,
  );
});

describe('heed demo', () => {
  it(
    'creates "Demo Co" with about 300 users and prints how to sign in',
    async () => {
      const dataDir = freshDataDir();
      const run = await heed(['demo'], { HEED_DATA_DIR: dataDir });
      expect(run.code).toBe(0);
      const email = /email:\s+(\S+)/.exec(run.stdout)?.[1];
      const password = /password:\s+(\S+)/.exec(run.stdout)?.[1];
      expect(email).toBeDefined();
      expect(password).toBeDefined();
      expect(run.stdout).toMatch(/Created "Demo Co" with \d+ users/);
      expect(run.stdout).toMatch(/Sign in at http/);

      await withApp(dataDir, async (app) => {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password },
        });
        expect(login.statusCode).toBe(200);
        expect(login.json().organization.name).toBe('Demo Co');
        const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        let users = 0;
        let cursor: string | null = null;
        do {
          const page: any = (
            await app.inject({
              method: 'GET',
              url: `/api/v1/users?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
              headers: { cookie },
            })
          ).json();
          users += page.data.length;
          cursor = page.nextCursor;
        } while (cursor);
        expect(users).toBeGreaterThanOrEqual(250);
        expect(users).toBeLessThanOrEqual(350);
        const departments = (
          await app.inject({ method: 'GET', url: '/api/v1/departments', headers: { cookie } })
        ).json().data;
        expect(departments).toHaveLength(6);
        const groups = (
          await app.inject({ method: 'GET', url: '/api/v1/groups', headers: { cookie } })
        ).json().data;
        expect(groups.length).toBeGreaterThanOrEqual(2);
        // The simulations' history is back-dated as a whole: no email is sent before it was written.
        const emails = (
          await app.inject({ method: 'GET', url: '/api/v1/emails?limit=200', headers: { cookie } })
        ).json().data as { createdAt: string; sentAt: string | null }[];
        const sent = emails.filter((e) => e.sentAt);
        expect(sent.length).toBeGreaterThan(0);
        expect(sent.filter((e) => e.sentAt! < e.createdAt)).toEqual([]);
      });
    },
    CLI_TIMEOUT,
  );
});

describe('heed on a data dir another process holds', () => {
  it(
    'fails at once with a message saying the data dir is in use, and works again once the server stops',
    async () => {
      const dataDir = freshDataDir();
      const server = await serve({ HEED_DATA_DIR: dataDir });
      let serverExit: number | null = null;
      try {
        const health = await fetch(`${server.url}/api/v1/health`);
        expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });

        const blocked = await heed(
          [
            'org',
            'create',
            '--name',
            'Blocked',
            '--admin-email',
            'a@blocked.test',
            '--admin-password',
            PASSWORD,
          ],
          { HEED_DATA_DIR: dataDir },
        );
        // It exited by itself (a hanging process would have been killed by the safety net).
        expect(blocked.signal).toBe(null);
        expect(blocked.code).toBe(1);
        expect(blocked.stderr).toMatch(/in use by another Heed process \(pid \d+\)/);
        expect(blocked.stdout).toBe('');
        // The server still works on its data dir.
        expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
      } finally {
        serverExit = await stop(server.child);
      }
      expect(serverExit).toBe(0);

      const after = await heed(['migrate'], { HEED_DATA_DIR: dataDir });
      expect(after.code).toBe(0);
    },
    CLI_TIMEOUT * 3,
  );

  it(
    'takes over a lock left behind by a process that died',
    async () => {
      const dataDir = freshDataDir();
      const dead = spawnSync(process.execPath, ['-e', '']);
      writeFileSync(join(dataDir, 'heed.lock'), String(dead.pid));
      const run = await heed(['migrate'], { HEED_DATA_DIR: dataDir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(existsSync(join(dataDir, 'heed.lock'))).toBe(false);
    },
    CLI_TIMEOUT,
  );
});

describe.runIf(process.env.TEST_DATABASE_URL)('heed on PostgreSQL', () => {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `heed_cli_${randomBytes(6).toString('hex')}`;
  let env: Record<string, string>;

  beforeAll(async () => {
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(base), poolSize: 1 });
    try {
      await sql`create database ${sql.id(name)}`.execute(admin.db);
    } finally {
      await admin.close();
    }
    // HEED_DATA_DIR points nowhere useful on purpose: DATABASE_URL wins.
    env = { DATABASE_URL: databaseUrl(base, name), HEED_DATA_DIR: join(tempRoot, 'unused') };
  });
  afterAll(async () => {
    const admin = await openDatabase({ kind: 'postgres', url: adminUrl(base), poolSize: 1 });
    try {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
    } finally {
      await admin.close();
    }
  });

  it(
    'migrates, creates an organization and a key, and imports users while a server runs beside it',
    async () => {
      expect((await heed(['migrate'], env)).code).toBe(0);
      const org = await heed(
        [
          'org',
          'create',
          '--name',
          'Pg Corp',
          '--admin-email',
          'owner@pg.test',
          '--admin-password',
          PASSWORD,
        ],
        env,
      );
      expect(org.code).toBe(0);
      const orgId = lastLine(org.stdout);
      expect(orgId).toMatch(UUID);

      const server = await serve(env);
      try {
        const key = await heed(['api-key', 'create', '--org', orgId, '--name', 'beside the server'], env);
        expect(key.code).toBe(0);
        const secret = lastLine(key.stdout);

        const file = writeCsv('pg', ['Email,First Name,Groups', 'ann@pg.test,Ann,Pilots', 'bad,Bad,']);
        const imported = await heed(['users', 'import', file, '--org', orgId, '--json'], env);
        expect(imported.code).toBe(3);
        expect(JSON.parse(imported.stdout)).toMatchObject({
          created: 1,
          failed: 1,
          errors: [{ row: 3, email: 'bad' }],
        });

        const users = await fetch(`${server.url}/api/v1/users`, {
          headers: { authorization: `Bearer ${secret}` },
        });
        expect(users.status).toBe(200);
        expect((await users.json()).data.map((u: any) => u.email)).toEqual(['ann@pg.test']);
      } finally {
        expect(await stop(server.child)).toBe(0);
      }
      expect(existsSync(env.HEED_DATA_DIR!)).toBe(false);
    },
    CLI_TIMEOUT * 5,
  );
});
