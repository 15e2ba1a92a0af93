import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ForbiddenError } from '../../platform/errors.ts';
import {
  emailDetailSchema,
  emailPageSchema,
  emailParamsSchema,
  listEmailsQuerySchema,
  mailSettingsSchema,
  updateMailSettingsBodySchema,
} from './mail.schemas.ts';
import type { MailService } from './mail.service.ts';

export function mailRoutes(deps: { mail: MailService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Email'];
    app.get(
      '/emails',
      {
        schema: {
          tags,
          summary: 'The email log: every email queued, sent, failed or not delivered, newest first',
          querystring: listEmailsQuerySchema,
          response: { 200: emailPageSchema },
        },
      },
      async (request) => deps.mail.list(request.ctx.orgId, request.query),
    );
    app.get(
      '/emails/:id',
      {
        schema: {
          tags,
          summary: 'One email with its full rendered content (HTML and plain text)',
          params: emailParamsSchema,
          response: { 200: emailDetailSchema },
        },
      },
      async (request) => deps.mail.get(request.ctx.orgId, request.params.id),
    );
    app.post(
      '/emails/:id/retry',
      {
        schema: {
          tags,
          summary: 'Queue a failed or undelivered email again',
          params: emailParamsSchema,
          response: { 200: emailDetailSchema },
        },
      },
      async (request) => deps.mail.retry(request.ctx, request.params.id),
    );

    // The SMTP server holds credentials: only a signed-in admin reads or changes it.
    const adminOnly = async (request: { ctx: { actor: { type: string } } }) => {
      if (request.ctx.actor.type !== 'admin')
        throw new ForbiddenError('Email settings are managed by a signed-in admin, not with an API key.');
    };
    app.get(
      '/mail/settings',
      {
        preHandler: adminOnly,
        schema: {
          tags,
          summary: "How the organization's email is sent: its own SMTP server, the instance's, or none",
          response: { 200: mailSettingsSchema },
        },
      },
      async (request) => deps.mail.settings(request.ctx.orgId),
    );
    app.put(
      '/mail/settings',
      {
        preHandler: adminOnly,
        schema: {
          tags,
          summary: "Set the organization's own SMTP server and sender (null: use the instance's)",
          body: updateMailSettingsBodySchema,
          response: { 200: mailSettingsSchema },
        },
      },
      async (request) => deps.mail.updateSettings(request.ctx, request.body),
    );
  };
}
