import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ForbiddenError } from '../../platform/errors.ts';
import {
  adminListSchema,
  adminParamsSchema,
  adminSchema,
  invitationSchema,
  inviteAdminBodySchema,
  updateAdminBodySchema,
} from './admins.schemas.ts';
import type { AdminService } from './admins.service.ts';

export function adminRoutes(deps: { admins: AdminService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Admins'];
    // Console accounts are managed by admins in the console; a leaked API key must not mint admins.
    app.addHook('preHandler', async (request) => {
      if (request.ctx.actor.type !== 'admin')
        throw new ForbiddenError('Admins are managed by a signed-in admin, not with an API key.');
    });
    app.get(
      '/admins',
      {
        schema: {
          tags,
          summary: "List the organization's admins, with their invitation state",
          response: { 200: adminListSchema },
        },
      },
      async (request) => ({ data: await deps.admins.list(request.ctx.orgId) }),
    );
    app.post(
      '/admins',
      {
        schema: {
          tags,
          summary: 'Invite an admin: the one-time invitation link is in this response only',
          body: inviteAdminBodySchema,
          response: { 201: invitationSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.admins.invite(request.ctx, request.body)),
    );
    app.post(
      '/admins/:id/invitation',
      {
        schema: {
          tags,
          summary: "Re-issue a pending admin's invitation: a new link, the old one stops working",
          params: adminParamsSchema,
          response: { 200: invitationSchema },
        },
      },
      async (request) => deps.admins.reissueInvitation(request.ctx, request.params.id),
    );
    app.patch(
      '/admins/:id',
      {
        schema: {
          tags,
          summary:
            'Rename an admin, or (the owner only) make another admin the owner, transferring ownership',
          params: adminParamsSchema,
          body: updateAdminBodySchema,
          response: { 200: adminSchema },
        },
      },
      async (request) => deps.admins.update(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/admins/:id/disable',
      {
        schema: {
          tags,
          summary: 'Disable an admin (never the owner, never yourself); their sessions end at once',
          params: adminParamsSchema,
          response: { 200: adminSchema },
        },
      },
      async (request) => deps.admins.disable(request.ctx, request.params.id),
    );
    app.post(
      '/admins/:id/enable',
      {
        schema: {
          tags,
          summary: 'Enable a disabled admin; they sign in again',
          params: adminParamsSchema,
          response: { 200: adminSchema },
        },
      },
      async (request) => deps.admins.enable(request.ctx, request.params.id),
    );
    app.delete(
      '/admins/:id',
      {
        schema: {
          tags,
          summary: 'Delete a pending invitation (an admin who has accepted is disabled instead)',
          params: adminParamsSchema,
        },
      },
      async (request, reply) => {
        await deps.admins.revokeInvitation(request.ctx, request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
