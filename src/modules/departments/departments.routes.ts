import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  departmentBodySchema,
  departmentListSchema,
  departmentParamsSchema,
  departmentSchema,
} from './departments.schemas.ts';
import type { DepartmentService } from './departments.service.ts';

export function departmentRoutes(deps: { departments: DepartmentService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Departments'];
    app.get(
      '/departments',
      {
        schema: {
          tags,
          summary: 'List departments with member counts',
          response: { 200: departmentListSchema },
        },
      },
      async (request) => ({ data: await deps.departments.list(request.ctx.orgId) }),
    );
    app.post(
      '/departments',
      {
        schema: {
          tags,
          summary: 'Create a department',
          body: departmentBodySchema,
          response: { 201: departmentSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.departments.create(request.ctx, request.body.name)),
    );
    app.get(
      '/departments/:id',
      {
        schema: {
          tags,
          summary: 'Get a department',
          params: departmentParamsSchema,
          response: { 200: departmentSchema },
        },
      },
      async (request) => deps.departments.get(request.ctx.orgId, request.params.id),
    );
    app.patch(
      '/departments/:id',
      {
        schema: {
          tags,
          summary: 'Rename a department',
          params: departmentParamsSchema,
          body: departmentBodySchema,
          response: { 200: departmentSchema },
        },
      },
      async (request) => deps.departments.rename(request.ctx, request.params.id, request.body.name),
    );
    app.delete(
      '/departments/:id',
      {
        schema: {
          tags,
          summary: 'Delete a department; its users are left without one',
          params: departmentParamsSchema,
        },
      },
      async (request, reply) => {
        await deps.departments.delete(request.ctx, request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
