import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPageSchema, auditQuerySchema } from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

export function auditRoutes(deps: { audit: AuditService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit-log',
      {
        schema: {
          tags: ['Audit log'],
          summary: 'List audit log entries, newest first',
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema },
        },
      },
      async (request) => deps.audit.list(request.ctx.orgId, request.query),
    );
  };
}
