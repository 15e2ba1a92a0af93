import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { phishedUsersSettingsSchema, updatePhishedUsersSettingsBodySchema } from './phished-users.schemas.ts';
import type { PhishedUsersService } from './phished-users.service.ts';

export function phishedUsersRoutes(deps: { phishedUsers: PhishedUsersService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Phishing simulation'];
    app.get(
      '/phishing/settings/phished-users',
      {
        schema: {
          tags,
          summary: 'The Phished Users automation: its group, automatic removal and remediation training',
          response: { 200: phishedUsersSettingsSchema },
        },
      },
      async (request) => deps.phishedUsers.settings(request.ctx.orgId),
    );
    app.put(
      '/phishing/settings/phished-users',
      {
        schema: {
          tags,
          summary: 'Set the Phished Users automation',
          description:
            'Enabling it the first time creates the group (kind "phished"); a new name renames it; disabling it keeps the group and its members. Everyone who fails a simulation while it is enabled is added at once, with the failure as the reason; removeAfter (counted from the failure, also applied at once to current automated members) removes them again. remediationCourseIds must be active courses of the organization: they are assigned on failure, due remediationDueDays later.',
          body: updatePhishedUsersSettingsBodySchema,
          response: { 200: phishedUsersSettingsSchema },
        },
      },
      async (request) => deps.phishedUsers.updateSettings(request.ctx, request.body),
    );
  };
}
