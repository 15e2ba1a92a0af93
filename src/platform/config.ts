import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  HEED_DATA_DIR: z.string().default('./data'),
  HEED_WEB_DIR: z.string().default('./dist/web'),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(8),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).max(320).optional(),
  TRACKING_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  TRACKING_URL: z.string().url().optional(),
  MAIL_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  logLevel: string;
  database: DatabaseConfig;
  /** The built web console served at `/`; null (HEED_WEB_DIR empty) serves the API alone. */
  webDir: string | null;
  sessionTtlMs: number;
  /** Bytes of response pages kept in the process (platform/page-cache.ts); 0 keeps none. */
  pageCacheBytes: number;
  trustProxy: boolean;
  secureCookies: boolean;
  mail: {
    /** The instance's SMTP server; without one (and no organization override) mail is kept, not sent. */
    smtpUrl: string | null;
    /** The From header, e.g. `Heed <no-reply@example.com>`. */
    from: string;
    /** Run the delivery worker inside `heed serve` (false when separate `heed worker` processes do it). */
    runWorker: boolean;
  };
  /**
   * The phishing simulation's tracking server: its own listener and origin (no admin cookies or
   * API there), the links in simulation emails point at `publicUrl`.
   */
  tracking: { port: number; publicUrl: string };
}

/** A setting of the environment with a value Heed cannot use; the message names each one and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Pure: reads the given environment, never process.env directly. Throws a ConfigError on bad values. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (
    e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`
  ).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: resolve(e.HEED_DATA_DIR) },
    webDir: e.HEED_WEB_DIR === '' ? null : resolve(e.HEED_WEB_DIR),
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    pageCacheBytes: Math.round(e.PAGE_CACHE_MB * 1024 * 1024),
    trustProxy: e.TRUST_PROXY,
    secureCookies: publicUrl.startsWith('https://'),
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ?? `Heed <no-reply@${new URL(publicUrl).hostname}>`,
      runWorker: e.MAIL_WORKER,
    },
    tracking: {
      port: e.TRACKING_PORT,
      publicUrl: (
        e.TRACKING_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.TRACKING_PORT}`
      ).replace(/\/$/, ''),
    },
  };
}
