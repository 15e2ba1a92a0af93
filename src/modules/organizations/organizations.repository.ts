import type { Kysely } from 'kysely';
import type { AdminRole, DB } from '../../platform/db/schema.ts';

export function createOrganizationRepository(db: Kysely<DB>) {
  return {
    async count(): Promise<number> {
      const row = await db
        .selectFrom('organizations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async create(name: string, createdAt: Date): Promise<{ id: string; name: string; createdAt: Date }> {
      const row = await db
        .insertInto('organizations')
        .values({ name, created_at: createdAt })
        .returning(['id', 'name', 'created_at'])
        .executeTakeFirstOrThrow();
      return { id: row.id, name: row.name, createdAt: new Date(row.created_at) };
    },

    async findById(orgId: string) {
      return db
        .selectFrom('organizations')
        .select(['id', 'name', 'created_at'])
        .where('id', '=', orgId)
        .executeTakeFirst();
    },

    async createAdmin(
      orgId: string,
      admin: { email: string; name: string; passwordHash: string; role: AdminRole; createdAt: Date },
    ) {
      return db
        .insertInto('admins')
        .values({
          org_id: orgId,
          email: admin.email,
          name: admin.name,
          password_hash: admin.passwordHash,
          role: admin.role,
          created_at: admin.createdAt,
        })
        .returning(['id', 'email', 'name', 'role'])
        .executeTakeFirstOrThrow();
    },
  };
}
