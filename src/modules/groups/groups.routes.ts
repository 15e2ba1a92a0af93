import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  groupBodySchema,
  groupListSchema,
  groupParamsSchema,
  groupSchema,
  listGroupsQuerySchema,
} from './groups.schemas.ts';
import type { GroupService } from './groups.service.ts';

export function groupRoutes(deps: { groups: GroupService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Groups'];
    app.get(
      '/groups',
      {
        schema: {
          tags,
          summary: 'List groups with kind and member count',
          querystring: listGroupsQuerySchema,
          response: { 200: groupListSchema },
        },
      },
      async (request) => ({ data: await deps.groups.list(request.ctx.orgId, request.query) }),
    );
    app.post(
      '/groups',
      {
        schema: {
          tags,
          summary: 'Create a custom group (names are unique, ignoring case)',
          body: groupBodySchema,
          response: { 201: groupSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.groups.create(request.ctx, request.body.name)),
    );
    app.get(
      '/groups/:id',
      { schema: { tags, summary: 'Get a group', params: groupParamsSchema, response: { 200: groupSchema } } },
      async (request) => deps.groups.get(request.ctx.orgId, request.params.id),
    );
    app.patch(
      '/groups/:id',
      {
        schema: {
          tags,
          summary: 'Rename a group',
          params: groupParamsSchema,
          body: groupBodySchema,
          response: { 200: groupSchema },
        },
      },
      async (request) => deps.groups.rename(request.ctx, request.params.id, request.body.name),
    );
    app.delete(
      '/groups/:id',
      {
        schema: {
          tags,
          summary: 'Delete a group; its memberships go, its users stay',
          params: groupParamsSchema,
        },
      },
      async (request, reply) => {
        await deps.groups.delete(request.ctx, request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
