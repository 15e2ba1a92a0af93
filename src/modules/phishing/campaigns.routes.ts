import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  audiencePreviewBodySchema,
  audiencePreviewSchema,
  campaignBodySchema,
  campaignPageSchema,
  campaignParamsSchema,
  campaignSchema,
  listCampaignsQuerySchema,
} from './campaigns.schemas.ts';
import type { CampaignService } from './campaigns.service.ts';

export function campaignRoutes(deps: { campaigns: CampaignService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Phishing simulation'];
    app.get(
      '/phishing/campaigns',
      {
        schema: {
          tags,
          summary: 'Campaigns, newest first, each with its funnel',
          querystring: listCampaignsQuerySchema,
          response: { 200: campaignPageSchema },
        },
      },
      async (request) => deps.campaigns.list(request.ctx.orgId, request.query),
    );
    app.post(
      '/phishing/campaigns',
      {
        schema: {
          tags,
          summary: 'Create a campaign (a draft: launch it when ready)',
          description:
            'Templates, landing page, groups, departments and users must be the organization’s own; archived content is refused. Disabled users are left out at launch, and everyone is sent one email however many of the targets name them.',
          body: campaignBodySchema,
          response: { 201: campaignSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.campaigns.create(request.ctx, request.body)),
    );
    app.post(
      '/phishing/campaigns/audience-preview',
      {
        schema: {
          tags,
          summary: 'How many people these targets reach (active, each once), and a few of them',
          body: audiencePreviewBodySchema,
          response: { 200: audiencePreviewSchema },
        },
      },
      async (request) => deps.campaigns.previewAudience(request.ctx.orgId, request.body),
    );
    app.get(
      '/phishing/campaigns/:id',
      {
        schema: {
          tags,
          summary: 'One campaign',
          params: campaignParamsSchema,
          response: { 200: campaignSchema },
        },
      },
      async (request) => deps.campaigns.get(request.ctx.orgId, request.params.id),
    );
    app.put(
      '/phishing/campaigns/:id',
      {
        schema: {
          tags,
          summary: 'Replace a draft campaign (a launched one cannot change: 409)',
          params: campaignParamsSchema,
          body: campaignBodySchema,
          response: { 200: campaignSchema },
        },
      },
      async (request) => deps.campaigns.update(request.ctx, request.params.id, request.body),
    );
    app.delete(
      '/phishing/campaigns/:id',
      {
        schema: {
          tags,
          summary: 'Delete a draft campaign (cancel a launched one instead)',
          params: campaignParamsSchema,
        },
      },
      async (request, reply) => {
        await deps.campaigns.delete(request.ctx, request.params.id);
        return reply.code(204).send();
      },
    );
    app.post(
      '/phishing/campaigns/:id/launch',
      {
        schema: {
          tags,
          summary: 'Launch a draft: recipients are fixed now and their emails queued',
          description:
            'With a launch time in the future the campaign is scheduled and sends then; otherwise it starts sending now. Emails are spread evenly over the sending window.',
          params: campaignParamsSchema,
          response: { 200: campaignSchema },
        },
      },
      async (request) => deps.campaigns.launch(request.ctx, request.params.id),
    );
    app.post(
      '/phishing/campaigns/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel a launched campaign: emails not yet sent are withdrawn',
          params: campaignParamsSchema,
          response: { 200: campaignSchema },
        },
      },
      async (request) => deps.campaigns.cancel(request.ctx, request.params.id),
    );
  };
}
