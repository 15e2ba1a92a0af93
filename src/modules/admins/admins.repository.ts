import type { Kysely } from 'kysely';
import type { AccountStatus, AdminRole, DB } from '../../platform/db/schema.ts';

/** What an admin looks like to the console; never the password hash or the invitation token hash. */
function selectAdmin(db: Kysely<DB>) {
  return db
    .selectFrom('admins')
    .select((eb) => [
      'id',
      'email',
      'name',
      'role',
      'status',
      'last_login_at',
      'created_at',
      'invitation_expires_at',
      'invitation_accepted_at',
      eb('password_hash', 'is', null).as('pending'),
    ]);
}
export type AdminRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAdminRepository>['find']>>>;

export function createAdminRepository(db: Kysely<DB>) {
  return {
    async list(orgId: string) {
      return selectAdmin(db)
        .where('org_id', '=', orgId)
        .orderBy((eb) => eb('role', '=', 'owner'), 'desc')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async find(orgId: string, id: string) {
      return selectAdmin(db).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    },

    /** The admin's row, locked for the rest of the transaction (role, status and invitation changes). */
    async lock(orgId: string, id: string) {
      return selectAdmin(db).where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    async insertInvited(
      orgId: string,
      admin: {
        email: string;
        name: string;
        role: AdminRole;
        invitationTokenHash: string;
        invitationExpiresAt: Date;
        createdAt: Date;
      },
    ): Promise<string> {
      const row = await db
        .insertInto('admins')
        .values({
          org_id: orgId,
          email: admin.email,
          name: admin.name,
          password_hash: null,
          role: admin.role,
          invitation_token_hash: admin.invitationTokenHash,
          invitation_expires_at: admin.invitationExpiresAt,
          created_at: admin.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A new token for a pending invitation: the old one stops working. */
    async replaceInvitationToken(orgId: string, id: string, tokenHash: string, expiresAt: Date) {
      await db
        .updateTable('admins')
        .set({ invitation_token_hash: tokenHash, invitation_expires_at: expiresAt })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('password_hash', 'is', null)
        .execute();
    },

    async deletePending(orgId: string, id: string) {
      await db
        .deleteFrom('admins')
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('password_hash', 'is', null)
        .execute();
    },

    async setName(orgId: string, id: string, name: string) {
      await db.updateTable('admins').set({ name }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },

    async setRole(orgId: string, id: string, role: AdminRole) {
      await db.updateTable('admins').set({ role }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },

    async setStatus(orgId: string, id: string, status: AccountStatus) {
      await db
        .updateTable('admins')
        .set({ status })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },

    /** Ends every session of the admin at once; returns how many there were. */
    async deleteSessions(orgId: string, adminId: string): Promise<number> {
      const result = await db
        .deleteFrom('admin_sessions')
        .where('org_id', '=', orgId)
        .where('admin_id', '=', adminId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
