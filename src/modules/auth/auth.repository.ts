import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

export function createAuthRepository(db: Kysely<DB>) {
  return {
    /**
     * Sign-in is the one lookup that cannot start from an organization: the email says which one.
     * Admin emails are unique across the instance for that reason.
     */
    async findAdminForSignIn(email: string) {
      return db
        .selectFrom('admins')
        .select([
          'org_id',
          'id',
          'email',
          'name',
          'role',
          'status',
          'password_hash',
          'failed_login_count',
          'locked_until',
        ])
        .where('email_normalized', '=', email.toLowerCase())
        .executeTakeFirst();
    },

    async findAdmin(orgId: string, adminId: string) {
      return db
        .selectFrom('admins')
        .select(['id', 'email', 'name', 'role'])
        .where('org_id', '=', orgId)
        .where('id', '=', adminId)
        .executeTakeFirst();
    },

    async recordFailedSignIn(orgId: string, adminId: string, lockedUntil: Date | null) {
      await db
        .updateTable('admins')
        .set((eb) =>
          lockedUntil
            ? { failed_login_count: 0, locked_until: lockedUntil }
            : { failed_login_count: eb('failed_login_count', '+', 1) },
        )
        .where('org_id', '=', orgId)
        .where('id', '=', adminId)
        .execute();
    },

    async recordSignIn(orgId: string, adminId: string, at: Date) {
      await db
        .updateTable('admins')
        .set({ failed_login_count: 0, locked_until: null, last_login_at: at })
        .where('org_id', '=', orgId)
        .where('id', '=', adminId)
        .execute();
    },

    async createSession(orgId: string, adminId: string, tokenHash: string, createdAt: Date, expiresAt: Date) {
      await db
        .insertInto('admin_sessions')
        .values({
          org_id: orgId,
          admin_id: adminId,
          token_hash: tokenHash,
          created_at: createdAt,
          expires_at: expiresAt,
        })
        .execute();
    },

    /** A live session of an active admin, with what the request context needs. */
    async findSession(tokenHash: string, now: Date) {
      return db
        .selectFrom('admin_sessions as s')
        .innerJoin('admins as a', (join) =>
          join.onRef('a.org_id', '=', 's.org_id').onRef('a.id', '=', 's.admin_id'),
        )
        .select(['s.org_id', 'a.id', 'a.email', 'a.name', 'a.role'])
        .where('s.token_hash', '=', tokenHash)
        .where('s.expires_at', '>', now)
        .where('a.status', '=', 'active')
        .executeTakeFirst();
    },

    /** Like sign-in, accepting an invitation starts from the token alone: it names the admin and organization. */
    async findInvitation(tokenHash: string) {
      return db
        .selectFrom('admins')
        .select(['org_id', 'id', 'status', 'invitation_expires_at'])
        .where('invitation_token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    /** The invitation page's lookup: who is invited, to which organization, until when. */
    async describeInvitation(tokenHash: string) {
      return db
        .selectFrom('admins as a')
        .innerJoin('organizations as o', 'o.id', 'a.org_id')
        .select([
          'o.name as organization_name',
          'a.email',
          'a.name',
          'a.role',
          'a.status',
          'a.invitation_expires_at',
        ])
        .where('a.invitation_token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    /**
     * Sets the password and consumes the token in one statement, so a link used twice (or re-issued,
     * or revoked, or expired in the meantime) cannot succeed twice.
     */
    async acceptInvitation(tokenHash: string, accepted: { passwordHash: string; name?: string; at: Date }) {
      return db
        .updateTable('admins')
        .set({
          password_hash: accepted.passwordHash,
          invitation_token_hash: null,
          invitation_expires_at: null,
          invitation_accepted_at: accepted.at,
          ...(accepted.name ? { name: accepted.name } : {}),
        })
        .where('invitation_token_hash', '=', tokenHash)
        .where('invitation_expires_at', '>', accepted.at)
        .where('status', '=', 'active')
        .returning(['org_id', 'id', 'email', 'name', 'role'])
        .executeTakeFirst();
    },

    async deleteSession(tokenHash: string) {
      await db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
    },

    async deleteExpiredSessions(now: Date) {
      await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
    },

    async replaceSetupToken(tokenHash: string, now: Date) {
      await db.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
      await db
        .insertInto('setup_tokens')
        .values({ token_hash: tokenHash, created_at: now, used_at: null })
        .execute();
    },

    /** Locks the token row so two setups racing with the same link cannot both succeed. */
    async claimSetupToken(tokenHash: string, now: Date): Promise<boolean> {
      const row = await db
        .updateTable('setup_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .returning('token_hash')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
