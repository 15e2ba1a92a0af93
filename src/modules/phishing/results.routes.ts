import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv } from '../exports/exports.routes.ts';
import { campaignParamsSchema } from './campaigns.schemas.ts';
import {
  campaignResultsSchema,
  listRecipientsQuerySchema,
  phishingStatsSchema,
  recipientPageSchema,
  recipientParamsSchema,
  recipientTimelineSchema,
} from './results.schemas.ts';
import type { PhishingResultsService } from './results.service.ts';

const PHISH_PRONE = 'Phish-prone = failed ÷ delivered (0–1; null when nothing was delivered).';
const STATUS =
  'A recipient’s status is the furthest they went: submitted, then clicked, then reported (someone who clicked and then reported still clicked), then opened, then sent, then delivery_failed, then scheduled.';

export function phishingResultsRoutes(deps: {
  phishingResults: PhishingResultsService;
}): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Phishing simulation'];
    app.get(
      '/phishing/campaigns/:id/results',
      {
        schema: {
          tags,
          summary: 'A campaign’s results: funnel, breakdowns by department and group, activity per hour',
          description: `Funnel stages count the people who got at least that far (opened includes those who clicked with images blocked); requests taken for mail scanners’ never count. Departments and groups are the recipients’ at launch. The timeline has one entry per UTC hour with events. ${PHISH_PRONE}`,
          params: campaignParamsSchema,
          response: { 200: campaignResultsSchema },
        },
      },
      async (request) => deps.phishingResults.results(request.ctx.orgId, request.params.id),
    );
    app.get(
      '/phishing/campaigns/:id/recipients',
      {
        schema: {
          tags,
          summary: 'A campaign’s recipients and how far each went, by email',
          description: STATUS,
          params: campaignParamsSchema,
          querystring: listRecipientsQuerySchema,
          response: { 200: recipientPageSchema },
        },
      },
      async (request) =>
        deps.phishingResults.listRecipients(request.ctx.orgId, request.params.id, request.query),
    );
    app.get(
      '/phishing/campaigns/:id/recipients/:recipientId',
      {
        schema: {
          tags,
          summary: 'One recipient’s timeline: every event, suppressed ones with the reason, oldest first',
          params: recipientParamsSchema,
          response: { 200: recipientTimelineSchema },
        },
      },
      async (request) =>
        deps.phishingResults.recipientTimeline(
          request.ctx.orgId,
          request.params.id,
          request.params.recipientId,
        ),
    );
    app.get(
      '/phishing/campaigns/:id/results.csv',
      {
        schema: {
          tags,
          summary: 'A campaign’s results as CSV, one row per recipient',
          description:
            'By email. Columns: Name, Email, Department (at launch), Template, Status (Submitted, Clicked, Reported, Opened, Sent, Delivery failed or Scheduled), Sent, Opened, Clicked, Submitted, Reported, Failed (first times, ISO 8601 UTC), Suppressed requests.',
          params: campaignParamsSchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) =>
        sendCsv(reply, await deps.phishingResults.resultsCsv(request.ctx.orgId, request.params.id)),
    );
    app.get(
      '/phishing/stats',
      {
        schema: {
          tags,
          summary: 'The organization’s phishing statistics over its launched campaigns',
          description: `Counts campaigns that were launched and started sending (a campaign cancelled or still scheduled before anything was delivered is left out). Trend: one point per campaign by launch time. By department: the one people were in at each launch. By group: the groups people are in now. Top users: the most failures, at most 20. ${PHISH_PRONE}`,
          response: { 200: phishingStatsSchema },
        },
      },
      async (request) => deps.phishingResults.stats(request.ctx.orgId),
    );
  };
}
