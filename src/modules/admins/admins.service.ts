/**
 * Account Settings → Admins: the organization's console accounts. Admins are invited (a row without a
 * password and a one-time link, of which only the SHA-256 is stored) and accept through the auth module.
 * The owner is protected: never disabled, never demoted; ownership only moves by the owner handing it
 * to another active admin who has signed in, in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import type { DB } from '../../platform/db/schema.ts';
import { ConflictError, ForbiddenError, isUniqueViolation, NotFoundError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import type { MailService } from '../mail/mail.service.ts';
import { renderEmail } from '../mail/mail.templates.ts';
import { type AdminRow, createAdminRepository } from './admins.repository.ts';
import type { Admin, InviteAdminInput, UpdateAdminInput } from './admins.schemas.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const DUPLICATE_ADMIN_EMAIL =
  'An admin with this email already exists. Each admin email can be used once on this Heed instance.';
export const OWNER_NEVER_DISABLED = "The organization's owner can never be disabled.";
export const OWNER_NEVER_DEMOTED =
  "The owner's role cannot be changed directly. To hand the organization over, the owner makes another " +
  'admin the owner, which transfers ownership and makes the previous owner an admin.';
export const ONLY_OWNER_CHANGES_ROLES = "Only the organization's owner can change admin roles.";

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toAdmin(row: AdminRow, now: Date): Admin {
  const expiresAt = row.invitation_expires_at === null ? null : new Date(row.invitation_expires_at);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    lastLoginAt: iso(row.last_login_at),
    createdAt: new Date(row.created_at).toISOString(),
    invitation: row.pending
      ? {
          status: expiresAt && expiresAt > now ? 'pending' : 'expired',
          expiresAt: iso(expiresAt),
          acceptedAt: null,
        }
      : { status: 'accepted', expiresAt: null, acceptedAt: iso(row.invitation_accepted_at) },
  };
}

export function createAdminService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  publicUrl: string;
  mail: Pick<MailService, 'queue' | 'notifyQueued'>;
}) {
  const repository = createAdminRepository(deps.db);

  /** The invitation email, queued in the invitation's transaction (the link is also shown to the inviter). */
  async function queueInvitationEmail(
    trx: Kysely<DB>,
    ctx: RequestContext,
    invitee: { email: string; name: string; role: string },
    invitation: { token: string; tokenHash: string; expiresAt: Date },
  ) {
    const org = await trx
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', ctx.orgId)
      .executeTakeFirstOrThrow();
    const { html, text } = renderEmail({
      organizationName: org.name,
      preheader: `${ctx.actor.label} invited you to manage security training`,
      heading: `Join ${org.name} on Heed`,
      paragraphs: [
        `${ctx.actor.label} invited you to ${org.name}'s Heed console as ${invitee.role === 'owner' ? 'its owner' : 'an admin'}: where you manage users, groups, training and phishing simulations.`,
        `Choose your password with the button below. The link works until ${invitation.expiresAt.toUTCString()}.`,
      ],
      action: { label: 'Accept the invitation', url: invitationUrl(invitation.token) },
      footer: 'If you were not expecting this, ignore this email: nothing happens without the link.',
    });
    await deps.mail.queue(trx, ctx.orgId, [
      {
        idempotencyKey: `admin-invitation:${invitation.tokenHash}`,
        kind: 'admin_invitation',
        to: { address: invitee.email, name: invitee.name },
        userId: null,
        subject: `You are invited to ${org.name} on Heed`,
        html,
        text,
      },
    ]);
  }
  const invitationUrl = (token: string) => `${deps.publicUrl}/invite?token=${encodeURIComponent(token)}`;
  const newInvitation = (now: Date) => {
    const token = randomToken(32);
    return { token, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
  };

  /** Runs `work` on the locked admin row; another organization's admin is simply not found. */
  async function withLockedAdmin<T>(
    ctx: RequestContext,
    id: string,
    work: (admin: AdminRow, trx: Kysely<DB>, now: Date) => Promise<T>,
  ): Promise<T> {
    const now = deps.clock.now();
    return deps.db.transaction().execute(async (trx) => {
      const admin = await createAdminRepository(trx).lock(ctx.orgId, id);
      if (!admin) throw new NotFoundError('Admin');
      return work(admin, trx, now);
    });
  }

  async function reread(trx: Kysely<DB>, orgId: string, id: string, now: Date): Promise<Admin> {
    return toAdmin((await createAdminRepository(trx).find(orgId, id))!, now);
  }

  return {
    async list(orgId: string): Promise<Admin[]> {
      const now = deps.clock.now();
      return (await repository.list(orgId)).map((row) => toAdmin(row, now));
    },

    async invite(
      ctx: RequestContext,
      input: InviteAdminInput,
    ): Promise<{ admin: Admin; invitationUrl: string }> {
      const now = deps.clock.now();
      const invitation = newInvitation(now);
      try {
        return await deps.db.transaction().execute(async (trx) => {
          const id = await createAdminRepository(trx).insertInvited(ctx.orgId, {
            email: input.email,
            name: input.name ?? '',
            role: input.role,
            invitationTokenHash: invitation.tokenHash,
            invitationExpiresAt: invitation.expiresAt,
            createdAt: now,
          });
          await createAuditRepository(trx).record(ctx, now, {
            action: 'admin.invited',
            targetType: 'admin',
            targetId: id,
            details: { email: input.email, role: input.role, expiresAt: invitation.expiresAt.toISOString() },
          });
          await queueInvitationEmail(
            trx,
            ctx,
            { email: input.email, name: input.name ?? '', role: input.role },
            invitation,
          );
          return {
            admin: await reread(trx, ctx.orgId, id, now),
            invitationUrl: invitationUrl(invitation.token),
          };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'admins_email_key')) throw new ConflictError(DUPLICATE_ADMIN_EMAIL);
        throw error;
      } finally {
        deps.mail.notifyQueued();
      }
    },

    /** A fresh link for a pending (or expired) invitation (emailed again); the previous link stops working. */
    async reissueInvitation(ctx: RequestContext, id: string) {
      const result = await withLockedAdmin(ctx, id, async (admin, trx, now) => {
        if (!admin.pending) {
          throw new ConflictError(
            `${admin.email} has already accepted the invitation and signs in with their own password.`,
          );
        }
        const invitation = newInvitation(now);
        await createAdminRepository(trx).replaceInvitationToken(
          ctx.orgId,
          id,
          invitation.tokenHash,
          invitation.expiresAt,
        );
        await createAuditRepository(trx).record(ctx, now, {
          action: 'admin.invitation_reissued',
          targetType: 'admin',
          targetId: id,
          details: { email: admin.email, expiresAt: invitation.expiresAt.toISOString() },
        });
        await queueInvitationEmail(
          trx,
          ctx,
          { email: admin.email, name: admin.name, role: admin.role },
          invitation,
        );
        return {
          admin: await reread(trx, ctx.orgId, id, now),
          invitationUrl: invitationUrl(invitation.token),
        };
      });
      deps.mail.notifyQueued();
      return result;
    },

    /** Deleting an admin is only for an invitation nobody accepted; an admin who signed in is disabled. */
    async revokeInvitation(ctx: RequestContext, id: string): Promise<void> {
      await withLockedAdmin(ctx, id, async (admin, trx, now) => {
        if (!admin.pending) {
          throw new ConflictError(
            'Only a pending invitation can be deleted. An admin who has accepted stays on record: disable them instead.',
          );
        }
        await createAdminRepository(trx).deletePending(ctx.orgId, id);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'admin.invitation_revoked',
          targetType: 'admin',
          targetId: id,
          details: { email: admin.email },
        });
      });
    },

    async update(ctx: RequestContext, id: string, input: UpdateAdminInput): Promise<Admin> {
      return withLockedAdmin(ctx, id, async (target, trx, now) => {
        const admins = createAdminRepository(trx);
        const audit = createAuditRepository(trx);
        if (input.role !== undefined && input.role !== target.role) {
          if (target.role === 'owner') throw new ConflictError(OWNER_NEVER_DEMOTED);
          // Read from the database under lock, not from the session: a concurrent transfer may have
          // made the caller an admin since the request was authenticated.
          const actor =
            ctx.actor.type === 'admin' && ctx.actor.id
              ? await admins.lock(ctx.orgId, ctx.actor.id)
              : undefined;
          if (actor?.role !== 'owner') throw new ForbiddenError(ONLY_OWNER_CHANGES_ROLES);
          if (target.pending) {
            throw new ConflictError(
              `${target.email} has not accepted the invitation yet. Ownership can only go to an admin who has signed in.`,
            );
          }
          if (target.status !== 'active') {
            throw new ConflictError(`${target.email} is disabled. Enable them before making them the owner.`);
          }
          // Demote first: the database allows one owner per organization at any moment.
          await admins.setRole(ctx.orgId, actor.id, 'admin');
          await admins.setRole(ctx.orgId, target.id, 'owner');
          await audit.record(ctx, now, {
            action: 'admin.ownership_transferred',
            targetType: 'admin',
            targetId: target.id,
            details: {
              from: { id: actor.id, email: actor.email },
              to: { id: target.id, email: target.email },
            },
          });
        }
        if (input.name !== undefined && input.name !== target.name) {
          await admins.setName(ctx.orgId, id, input.name);
          await audit.record(ctx, now, {
            action: 'admin.renamed',
            targetType: 'admin',
            targetId: id,
            details: { email: target.email, from: target.name, to: input.name },
          });
        }
        return reread(trx, ctx.orgId, id, now);
      });
    },

    /** The admin's sessions end in the same transaction, so their next request is refused. */
    async disable(ctx: RequestContext, id: string): Promise<Admin> {
      return withLockedAdmin(ctx, id, async (admin, trx, now) => {
        if (admin.role === 'owner') throw new ConflictError(OWNER_NEVER_DISABLED);
        if (ctx.actor.type === 'admin' && ctx.actor.id === id) {
          throw new ConflictError('You cannot disable your own account. Ask another admin to do it.');
        }
        if (admin.pending) {
          throw new ConflictError(
            `${admin.email} has not accepted the invitation yet: delete the invitation instead.`,
          );
        }
        if (admin.status === 'disabled') return toAdmin(admin, now);
        const admins = createAdminRepository(trx);
        await admins.setStatus(ctx.orgId, id, 'disabled');
        const sessionsEnded = await admins.deleteSessions(ctx.orgId, id);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'admin.disabled',
          targetType: 'admin',
          targetId: id,
          details: { email: admin.email, sessionsEnded },
        });
        return reread(trx, ctx.orgId, id, now);
      });
    },

    async enable(ctx: RequestContext, id: string): Promise<Admin> {
      return withLockedAdmin(ctx, id, async (admin, trx, now) => {
        if (admin.status === 'active') return toAdmin(admin, now);
        await createAdminRepository(trx).setStatus(ctx.orgId, id, 'active');
        await createAuditRepository(trx).record(ctx, now, {
          action: 'admin.enabled',
          targetType: 'admin',
          targetId: id,
          details: { email: admin.email },
        });
        return reread(trx, ctx.orgId, id, now);
      });
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
