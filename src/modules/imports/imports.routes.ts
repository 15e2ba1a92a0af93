import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { bulkJsonBodySchema, bulkQuerySchema, importReportSchema } from './imports.schemas.ts';
import type { ImportService } from './imports.service.ts';

// 100,000 CSV rows with every column filled are ~15 MB; JSON is bigger. Other routes keep 1 MB.
export const BULK_BODY_LIMIT = 64 * 1024 * 1024;

export function importRoutes(deps: { imports: ImportService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit: BULK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    app.post(
      '/users/bulk',
      {
        bodyLimit: BULK_BODY_LIMIT,
        schema: {
          tags: ['Users'],
          summary:
            'Bulk upsert users by email from JSON or CSV (Content-Type: text/csv), with an optional dry run',
          description:
            'CSV: a header row with Email, First Name, Last Name, Department, Language, Location, Groups (group names ' +
            'separated by ";"); headers match ignoring case and spaces; UTF-8 with or without BOM. An empty cell never ' +
            'clears a stored value. Bad rows are reported with their row number and never abort the good ones.',
          consumes: ['application/json', 'text/csv'],
          querystring: bulkQuerySchema,
          body: z.union([bulkJsonBodySchema, z.string().describe('CSV text')]),
          response: { 200: importReportSchema },
        },
        // The union documents both bodies; the body is checked below against the schema of its own
        // content type, so errors name the field rather than "matches no member of the union".
        validatorCompiler: (route) =>
          route.httpPart === 'body'
            ? (data: unknown) => ({ value: data })
            : validatorCompiler(route as never),
      },
      async (request) => {
        const { dryRun, group } = request.query;
        const options = { dryRun };
        // A JSON body that is a bare string is a malformed JSON upload, not CSV text.
        const json = /json/i.test(request.headers['content-type'] ?? '');
        if (typeof request.body === 'string' && !json) {
          return deps.imports.importCsv(request.ctx, request.body, { ...options, group });
        }
        const parsed = bulkJsonBodySchema.safeParse(request.body);
        if (!parsed.success) {
          const errors = parsed.error.issues.map((i) => ({
            path: ['body', ...i.path].join('.'),
            message: i.message,
          }));
          throw new ValidationError(`${errors[0]?.path}: ${errors[0]?.message}`, errors);
        }
        return deps.imports.importJson(request.ctx, parsed.data.users, {
          ...options,
          group: parsed.data.group ?? group,
        });
      },
    );
  };
}
