/**
 * Admin sign-in with server-side sessions, the account lockout, and first-run setup.
 * Sessions and setup tokens are random secrets; only their SHA-256 is stored.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../platform/context.ts';
import {
  decoyPasswordHash,
  hashPassword,
  randomToken,
  sha256,
  verifyPassword,
} from '../../platform/crypto.ts';
import type { DB } from '../../platform/db/schema.ts';
import {
  AppError,
  ConflictError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createOrganizationRepository } from '../organizations/organizations.repository.ts';
import type { OrganizationService } from '../organizations/organizations.service.ts';
import { createAuthRepository } from './auth.repository.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export const INVALID_INVITATION =
  'This invitation link is invalid or has already been used. Ask an admin of your organization for a new one.';
export const EXPIRED_INVITATION =
  'This invitation link has expired. Ask an admin of your organization to send a new one.';

export interface SessionIdentity {
  orgId: string;
  actor: Actor;
}

export function createAuthService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  organizations: OrganizationService;
  sessionTtlMs: number;
}) {
  const repository = createAuthRepository(deps.db);

  async function openSession(orgId: string, adminId: string, db: Kysely<DB>) {
    const token = randomToken(32);
    const now = deps.clock.now();
    await createAuthRepository(db).createSession(
      orgId,
      adminId,
      sha256(token),
      now,
      new Date(now.getTime() + deps.sessionTtlMs),
    );
    return { token, expiresAt: new Date(now.getTime() + deps.sessionTtlMs) };
  }

  return {
    /** On an instance without organizations, a fresh one-time setup token (older ones die). */
    async issueSetupTokenIfEmpty(): Promise<string | null> {
      if ((await createOrganizationRepository(deps.db).count()) > 0) return null;
      const token = randomToken(24);
      await repository.replaceSetupToken(sha256(token), deps.clock.now());
      return token;
    },

    async setup(
      input: { token: string; organizationName: string; email: string; password: string; name?: string },
      ip: string | null,
    ) {
      return deps.db.transaction().execute(async (trx) => {
        const claimed = await createAuthRepository(trx).claimSetupToken(
          sha256(input.token),
          deps.clock.now(),
        );
        if (!claimed) throw new UnauthorizedError('This setup link is invalid or has already been used.');
        if ((await createOrganizationRepository(trx).count()) > 0) {
          throw new ConflictError('This Heed instance is already set up. Sign in instead.');
        }
        const { organization, owner } = await deps.organizations.createWithOwner(
          {
            organizationName: input.organizationName,
            ownerEmail: input.email,
            ownerPassword: input.password,
            ownerName: input.name,
          },
          trx,
        );
        const ctx = {
          orgId: organization.id,
          actor: { type: 'admin' as const, id: owner.id, label: owner.email },
          ip,
        };
        await createAuditRepository(trx).record(ctx, deps.clock.now(), {
          action: 'organization.created',
          targetType: 'organization',
          targetId: organization.id,
          details: { name: organization.name, ownerEmail: owner.email },
        });
        const session = await openSession(organization.id, owner.id, trx);
        return { organization: { id: organization.id, name: organization.name }, admin: owner, session };
      });
    },

    async signIn(email: string, password: string) {
      const admin = await repository.findAdminForSignIn(email.trim());
      const now = deps.clock.now();
      // An invited admin who has not accepted has no password: answered exactly like an unknown email.
      if (!admin || admin.password_hash === null) {
        await verifyPassword(await decoyPasswordHash, password); // same cost as a real check
        throw new UnauthorizedError('The email or password is incorrect.');
      }
      if (admin.locked_until && new Date(admin.locked_until) > now) {
        const seconds = (new Date(admin.locked_until).getTime() - now.getTime()) / 1000;
        throw new TooManyRequestsError(
          `Too many failed sign-in attempts. This account is locked for ${Math.ceil(seconds / 60)} more minute(s).`,
          seconds,
        );
      }
      if (!(await verifyPassword(admin.password_hash, password))) {
        const lock =
          admin.failed_login_count + 1 >= MAX_FAILED_SIGN_INS ? new Date(now.getTime() + LOCKOUT_MS) : null;
        await repository.recordFailedSignIn(admin.org_id, admin.id, lock);
        throw new UnauthorizedError('The email or password is incorrect.');
      }
      if (admin.status !== 'active') throw new UnauthorizedError('This admin account is disabled.');
      return deps.db.transaction().execute(async (trx) => {
        await createAuthRepository(trx).recordSignIn(admin.org_id, admin.id, now);
        await createAuthRepository(trx).deleteExpiredSessions(now); // housekeeping, cheap on the expiry index
        const organization = await createOrganizationRepository(trx).findById(admin.org_id);
        const session = await openSession(admin.org_id, admin.id, trx);
        return {
          admin: { id: admin.id, email: admin.email, name: admin.name, role: admin.role },
          organization: { id: admin.org_id, name: organization?.name ?? '' },
          session,
        };
      });
    },

    /**
     * What an invitation link is for, shown before the invitee chooses a password. A dead link (never
     * issued, already used, re-issued, revoked or expired) is a 404 that names no organization or email.
     */
    async describeInvitation(token: string) {
      const invitation = await repository.describeInvitation(sha256(token));
      if (invitation?.status !== 'active' || invitation.invitation_expires_at === null) {
        throw new AppError(404, 'not-found', 'Not found', INVALID_INVITATION);
      }
      const expiresAt = new Date(invitation.invitation_expires_at);
      if (expiresAt <= deps.clock.now())
        throw new AppError(404, 'not-found', 'Not found', EXPIRED_INVITATION);
      return {
        organizationName: invitation.organization_name,
        email: invitation.email,
        name: invitation.name,
        role: invitation.role,
        expiresAt: expiresAt.toISOString(),
      };
    },

    /** Sets the invited admin's password, consumes the link and signs them in, like sign-in answers. */
    async acceptInvitation(input: { token: string; password: string; name?: string }, ip: string | null) {
      const tokenHash = sha256(input.token);
      const invited = await repository.findInvitation(tokenHash);
      if (invited?.status !== 'active') throw new UnauthorizedError(INVALID_INVITATION);
      if (new Date(invited.invitation_expires_at!) <= deps.clock.now()) {
        throw new UnauthorizedError(EXPIRED_INVITATION);
      }
      const passwordHash = await hashPassword(input.password); // before the transaction: it takes a while
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const auth = createAuthRepository(trx);
        const admin = await auth.acceptInvitation(tokenHash, { passwordHash, name: input.name, at: now });
        if (!admin) throw new UnauthorizedError(INVALID_INVITATION);
        await auth.recordSignIn(admin.org_id, admin.id, now);
        const ctx = {
          orgId: admin.org_id,
          actor: { type: 'admin' as const, id: admin.id, label: admin.email },
          ip,
        };
        await createAuditRepository(trx).record(ctx, now, {
          action: 'admin.invitation_accepted',
          targetType: 'admin',
          targetId: admin.id,
          details: { email: admin.email },
        });
        const organization = await createOrganizationRepository(trx).findById(admin.org_id);
        const session = await openSession(admin.org_id, admin.id, trx);
        return {
          admin: { id: admin.id, email: admin.email, name: admin.name, role: admin.role },
          organization: { id: admin.org_id, name: organization?.name ?? '' },
          session,
        };
      });
    },

    async signOut(token: string) {
      await repository.deleteSession(sha256(token));
    },

    async authenticateSession(token: string): Promise<SessionIdentity | null> {
      const session = await repository.findSession(sha256(token), deps.clock.now());
      if (!session) return null;
      return {
        orgId: session.org_id,
        actor: { type: 'admin', id: session.id, label: session.email, role: session.role },
      };
    },

    async describeAdmin(orgId: string, adminId: string) {
      const admin = await repository.findAdmin(orgId, adminId);
      if (!admin) throw new UnauthorizedError();
      return admin;
    },

    async describe(orgId: string) {
      const organization = await createOrganizationRepository(deps.db).findById(orgId);
      if (!organization) throw new ValidationError('Unknown organization');
      return { id: organization.id, name: organization.name };
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
