import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ForbiddenError } from '../../platform/errors.ts';
import {
  apiKeyListSchema,
  apiKeyParamsSchema,
  apiKeySchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
} from './api-keys.schemas.ts';
import type { ApiKeyService } from './api-keys.service.ts';

export function apiKeyRoutes(deps: { apiKeys: ApiKeyService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['API keys'];
    // Keys are managed by admins in the console; a leaked key must not be able to mint more keys.
    app.addHook('preHandler', async (request) => {
      if (request.ctx.actor.type !== 'admin')
        throw new ForbiddenError('API keys are managed by a signed-in admin, not with an API key.');
    });
    app.get(
      '/api-keys',
      {
        schema: {
          tags,
          summary: "List the organization's API keys (never their secrets)",
          response: { 200: apiKeyListSchema },
        },
      },
      async (request) => ({ data: await deps.apiKeys.list(request.ctx.orgId) }),
    );
    app.post(
      '/api-keys',
      {
        schema: {
          tags,
          summary: 'Create an API key; the secret is in this response only',
          body: createApiKeyBodySchema,
          response: { 201: createdApiKeySchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.apiKeys.create(request.ctx, request.body.name)),
    );
    app.post(
      '/api-keys/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Revoke an API key: it stops working at once',
          params: apiKeyParamsSchema,
          response: { 200: apiKeySchema },
        },
      },
      async (request) => deps.apiKeys.revoke(request.ctx, request.params.id),
    );
  };
}
