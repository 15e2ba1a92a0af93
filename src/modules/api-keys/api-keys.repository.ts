import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

const columns = [
  'id',
  'name',
  'prefix',
  'created_at',
  'created_by_admin_id',
  'created_by_label',
  'last_used_at',
  'revoked_at',
] as const;

export function createApiKeyRepository(db: Kysely<DB>) {
  return {
    async create(
      orgId: string,
      key: {
        name: string;
        prefix: string;
        secretHash: string;
        createdByAdminId: string | null;
        createdByLabel: string;
        createdAt: Date;
      },
    ) {
      return db
        .insertInto('api_keys')
        .values({
          org_id: orgId,
          name: key.name,
          prefix: key.prefix,
          secret_hash: key.secretHash,
          created_by_admin_id: key.createdByAdminId,
          created_by_label: key.createdByLabel,
          created_at: key.createdAt,
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
    },

    async list(orgId: string) {
      return db
        .selectFrom('api_keys')
        .select(columns)
        .where('org_id', '=', orgId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
    },

    async revoke(orgId: string, id: string, at: Date) {
      await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return db
        .selectFrom('api_keys')
        .select(columns)
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Authentication looks a key up by its hash: the key itself names the organization. */
    async findActiveBySecretHash(secretHash: string) {
      return db
        .selectFrom('api_keys')
        .select(['org_id', 'id', 'name', 'prefix', 'last_used_at'])
        .where('secret_hash', '=', secretHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async touch(orgId: string, id: string, at: Date) {
      await db
        .updateTable('api_keys')
        .set({ last_used_at: at })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },
  };
}
