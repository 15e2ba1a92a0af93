import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createUserBodySchema,
  listUsersQuerySchema,
  statusChangeResultSchema,
  updateUserBodySchema,
  userIdsBodySchema,
  userPageSchema,
  userParamsSchema,
  userSchema,
} from './users.schemas.ts';
import type { UserService } from './users.service.ts';

// 100,000 user ids (a whole group's "select all matching") is ~4 MB of JSON.
const BULK_STATUS_BODY_LIMIT = 16 * 1024 * 1024;

export function userRoutes(deps: { users: UserService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Users'];
    app.get(
      '/users',
      {
        schema: {
          tags,
          summary: 'List users: search, filter, sort, keyset pages',
          querystring: listUsersQuerySchema,
          response: { 200: userPageSchema },
        },
      },
      async (request) => deps.users.list(request.ctx.orgId, request.query),
    );
    app.post(
      '/users',
      {
        schema: { tags, summary: 'Create a user', body: createUserBodySchema, response: { 201: userSchema } },
      },
      async (request, reply) => reply.code(201).send(await deps.users.create(request.ctx, request.body)),
    );
    app.get(
      '/users/:id',
      { schema: { tags, summary: 'Get a user', params: userParamsSchema, response: { 200: userSchema } } },
      async (request) => deps.users.get(request.ctx.orgId, request.params.id),
    );
    app.patch(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'Update a user (fields left out are kept; null clears)',
          params: userParamsSchema,
          body: updateUserBodySchema,
          response: { 200: userSchema },
        },
      },
      async (request) => deps.users.update(request.ctx, request.params.id, request.body),
    );
    for (const [action, status] of [
      ['disable', 'disabled'],
      ['enable', 'active'],
    ] as const) {
      app.post(
        `/users/:id/${action}`,
        {
          schema: {
            tags,
            summary: `${action === 'disable' ? 'Disable' : 'Enable'} one user`,
            params: userParamsSchema,
            response: { 200: userSchema },
          },
        },
        async (request) => deps.users.setOne(request.ctx, request.params.id, status),
      );
      app.post(
        `/users/${action}`,
        {
          bodyLimit: BULK_STATUS_BODY_LIMIT,
          schema: {
            tags,
            summary: `${action === 'disable' ? 'Disable' : 'Enable'} many users`,
            body: userIdsBodySchema,
            response: { 200: statusChangeResultSchema },
          },
        },
        async (request) =>
          action === 'disable'
            ? deps.users.disable(request.ctx, request.body.userIds)
            : deps.users.enable(request.ctx, request.body.userIds),
      );
    }
  };
}
