import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { groupParamsSchema } from '../groups/groups.schemas.ts';
import { courseParamsSchema } from '../training/training.schemas.ts';
import { attachmentDisposition } from './csv-writer.ts';
import type { ExportService } from './exports.service.ts';

type Report = { filename: string; lines: AsyncIterable<string> };

export function sendCsv(reply: FastifyReply, report: Report) {
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', attachmentDisposition(report.filename))
    .header('cache-control', 'no-store');
  return reply.send(Readable.from(report.lines));
}

const ENROLLMENT_COLUMNS =
  'Status (Not started, In progress, Completed, or Overdue: past due and not completed), Score (best passing quiz score, %), Completed At, Due At, Assigned At; dates in ISO 8601 UTC.';

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
      async (request, reply) =>
        sendCsv(reply, await deps.exports.assignedUsersReport(request.ctx.orgId, request.params.id)),
    );
    app.get(
      '/courses/:id/enrollments.csv',
      {
        schema: {
          tags: ['Training'],
          summary: "A course's enrollments as CSV: who has it and where they stand",
          description: `One row per person, by name. Columns: User Name, Email Address, Department, ${ENROLLMENT_COLUMNS}`,
          params: courseParamsSchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) =>
        sendCsv(reply, await deps.exports.courseEnrollmentsReport(request.ctx.orgId, request.params.id)),
    );
    app.get(
      '/groups/:id/enrollments.csv',
      {
        schema: {
          tags: ['Training'],
          summary: "The training of a group's members as CSV",
          description: `One row per member and course, by name. Columns: User Name, Email Address, Department, Course, ${ENROLLMENT_COLUMNS}`,
          params: groupParamsSchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) =>
        sendCsv(reply, await deps.exports.groupEnrollmentsReport(request.ctx.orgId, request.params.id)),
    );
  };
}
