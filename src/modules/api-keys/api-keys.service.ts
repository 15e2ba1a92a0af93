/**
 * API keys look like `heed_1a2b3c4d_<secret>`: the first part is the visible prefix that identifies a
 * key in lists; the whole key is hashed (SHA-256, it is high-entropy) and never stored or shown again.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Actor, RequestContext } from '../../platform/context.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import type { DB } from '../../platform/db/schema.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createApiKeyRepository } from './api-keys.repository.ts';
import type { ApiKey } from './api-keys.schemas.ts';

// Writing last_used_at on every request would make each GET a write; a minute's precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

// A verified key is remembered for a few seconds, so a busy integration's requests do not each cost
// a database round trip. Revoking through this process forgets the key at once; another process
// (another server, the `heed` CLI) sees a revocation within this delay. Unknown keys are never cached.
const VERIFIED_KEY_TTL_MS = 5_000;
const VERIFIED_KEY_CACHE_SIZE = 10_000;

type ApiKeyRow = Awaited<ReturnType<ReturnType<typeof createApiKeyRepository>['list']>>[number];

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: { id: row.created_by_admin_id, label: row.created_by_label },
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

type Authenticated = { orgId: string; actor: Actor; key: { id: string; name: string; prefix: string } };

export function createApiKeyService(deps: { db: Kysely<DB>; clock: Clock }) {
  const repository = createApiKeyRepository(deps.db);
  const verified = new Map<string, { result: Authenticated; expiresAt: number }>();
  const forget = (keyId: string) => {
    for (const [hash, entry] of verified) if (entry.result.key.id === keyId) verified.delete(hash);
  };
  return {
    async create(ctx: RequestContext, name: string): Promise<{ apiKey: ApiKey; secret: string }> {
      const prefix = `heed_${randomBytes(4).toString('hex')}`;
      const secret = `${prefix}_${randomToken(32)}`;
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const row = await createApiKeyRepository(trx).create(ctx.orgId, {
          name,
          prefix,
          secretHash: sha256(secret),
          createdByAdminId: ctx.actor.type === 'admin' ? ctx.actor.id : null,
          createdByLabel: ctx.actor.label,
          createdAt: now,
        });
        await createAuditRepository(trx).record(ctx, now, {
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: row.id,
          details: { name, prefix },
        });
        return { apiKey: toApiKey(row), secret };
      });
    },

    async list(orgId: string): Promise<ApiKey[]> {
      return (await repository.list(orgId)).map(toApiKey);
    },

    async revoke(ctx: RequestContext, id: string): Promise<ApiKey> {
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const row = await createApiKeyRepository(trx).revoke(ctx.orgId, id, now);
        if (!row) throw new NotFoundError('API key');
        forget(row.id);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'api_key.revoked',
          targetType: 'api_key',
          targetId: id,
          details: { name: row.name, prefix: row.prefix },
        });
        return toApiKey(row);
      });
    },

    async authenticate(secret: string): Promise<Authenticated | null> {
      const secretHash = sha256(secret);
      const now = deps.clock.now();
      const cached = verified.get(secretHash);
      if (cached && cached.expiresAt > now.getTime()) return cached.result;
      verified.delete(secretHash);
      const key = await repository.findActiveBySecretHash(secretHash);
      if (!key) return null;
      if (
        !key.last_used_at ||
        now.getTime() - new Date(key.last_used_at).getTime() > LAST_USED_PRECISION_MS
      ) {
        await repository.touch(key.org_id, key.id, now);
      }
      const result: Authenticated = {
        orgId: key.org_id,
        actor: { type: 'api_key', id: key.id, label: `API key ${key.name} (${key.prefix})` },
        key: { id: key.id, name: key.name, prefix: key.prefix },
      };
      if (verified.size >= VERIFIED_KEY_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(secretHash, { result, expiresAt: now.getTime() + VERIFIED_KEY_TTL_MS });
      return result;
    },
  };
}
export type ApiKeyService = ReturnType<typeof createApiKeyService>;
