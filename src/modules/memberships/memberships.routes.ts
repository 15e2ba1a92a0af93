import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { groupParamsSchema } from '../groups/groups.schemas.ts';
import {
  addMembersBodySchema,
  addMembersResultSchema,
  listMembersQuerySchema,
  memberIdsQuerySchema,
  memberIdsSchema,
  memberPageSchema,
  removeMembersBodySchema,
  removeMembersResultSchema,
} from './memberships.schemas.ts';
import type { MembershipService } from './memberships.service.ts';

// 100,000 emails in one call is ~4 MB of JSON.
const MEMBERSHIP_BODY_LIMIT = 16 * 1024 * 1024;

export function membershipRoutes(deps: { memberships: MembershipService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Group members'];
    app.get(
      '/groups/:id/members',
      {
        schema: {
          tags,
          summary: "List a group's members: search, filter, sort, keyset pages",
          params: groupParamsSchema,
          querystring: listMembersQuerySchema,
          response: { 200: memberPageSchema },
        },
      },
      // The page comes as JSON bytes in memberPageSchema's shape (member-json.ts; memberships.test.ts
      // compares it with the mapped page). Fastify sends a Buffer as it is, without the response
      // serializer: the schema above documents the response (OpenAPI).
      async (request, reply) => {
        const body = await deps.memberships.listJson(request.ctx.orgId, request.params.id, request.query);
        return reply
          .type('application/json; charset=utf-8')
          .send(body as unknown as z.infer<typeof memberPageSchema>);
      },
    );
    app.get(
      '/groups/:id/member-ids',
      {
        schema: {
          tags,
          summary: 'The ids of every member matching a search and filters ("select all matching")',
          description:
            'Takes the filters of the members list, without sort or paging; the ids can be passed to the bulk routes (remove from group, disable).',
          params: groupParamsSchema,
          querystring: memberIdsQuerySchema,
          response: { 200: memberIdsSchema },
        },
      },
      async (request) => deps.memberships.ids(request.ctx.orgId, request.params.id, request.query),
    );
    app.post(
      '/groups/:id/members',
      {
        bodyLimit: MEMBERSHIP_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Assign users to the group by id and/or email (idempotent)',
          params: groupParamsSchema,
          body: addMembersBodySchema,
          response: { 200: addMembersResultSchema },
        },
      },
      async (request) => deps.memberships.add(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/groups/:id/members/remove',
      {
        bodyLimit: MEMBERSHIP_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Remove the selected members from the group',
          params: groupParamsSchema,
          body: removeMembersBodySchema,
          response: { 200: removeMembersResultSchema },
        },
      },
      async (request) => deps.memberships.remove(request.ctx, request.params.id, request.body.userIds),
    );
  };
}
