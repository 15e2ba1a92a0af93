import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { groupParamsSchema } from '../groups/groups.schemas.ts';
import { attachmentDisposition } from './csv-writer.ts';
import type { ExportService } from './exports.service.ts';

export function exportRoutes(deps: { exports: ExportService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/groups/:id/members.csv',
      {
        schema: {
          tags: ['Group members'],
          summary: 'Assigned Users Report: the group members as CSV',
          description:
            'Columns: User Name, Email Address, Department, Last Login Date, Date Added to the Platform (ISO 8601 UTC).',
          params: groupParamsSchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const report = await deps.exports.assignedUsersReport(request.ctx.orgId, request.params.id);
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachmentDisposition(report.filename))
          .header('cache-control', 'no-store');
        return reply.send(Readable.from(report.lines));
      },
    );
  };
}
