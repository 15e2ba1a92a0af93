import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  contentParamsSchema,
  landingPageBodySchema,
  landingPageDetailSchema,
  landingPageListSchema,
  landingPagePreviewBodySchema,
  landingPagePreviewSchema,
  listLandingPagesQuerySchema,
  listTemplatesQuerySchema,
  templateBodySchema,
  templateDetailSchema,
  templateListSchema,
  templatePreviewBodySchema,
  templatePreviewSchema,
} from './phishing.schemas.ts';
import type { PhishingService } from './phishing.service.ts';

export function phishingRoutes(deps: { phishing: PhishingService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Phishing simulation'];
    app.get(
      '/phishing/templates',
      {
        schema: {
          tags,
          summary: 'Email templates (lures): the built-in library and the organization’s own',
          querystring: listTemplatesQuerySchema,
          response: { 200: templateListSchema },
        },
      },
      async (request) => ({ data: await deps.phishing.listTemplates(request.ctx.orgId, request.query) }),
    );
    app.post(
      '/phishing/templates',
      {
        schema: {
          tags,
          summary: 'Create an email template',
          description:
            'Subject, HTML and text bodies may use {{firstName}} {{lastName}} {{email}} {{department}} {{link}} {{trackingPixel}} {{reportLink}}; both bodies must contain {{link}}. Any other {{variable}} is refused. Without {{reportLink}}, a report footer is added when the email is sent.',
          body: templateBodySchema,
          response: { 201: templateDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.phishing.createTemplate(request.ctx, request.body)),
    );
    app.post(
      '/phishing/templates/preview',
      {
        schema: {
          tags,
          summary: 'Render a template draft for a sample person (the editor’s live preview)',
          body: templatePreviewBodySchema,
          response: { 200: templatePreviewSchema },
        },
      },
      async (request) => deps.phishing.previewTemplate(request.ctx.orgId, request.body),
    );
    app.get(
      '/phishing/templates/:id',
      {
        schema: {
          tags,
          summary: 'One email template with its bodies',
          params: contentParamsSchema,
          response: { 200: templateDetailSchema },
        },
      },
      async (request) => deps.phishing.getTemplate(request.ctx.orgId, request.params.id),
    );
    app.put(
      '/phishing/templates/:id',
      {
        schema: {
          tags,
          summary: 'Replace one of the organization’s own templates (built-in ones: clone first)',
          params: contentParamsSchema,
          body: templateBodySchema,
          response: { 200: templateDetailSchema },
        },
      },
      async (request) => deps.phishing.updateTemplate(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/phishing/templates/:id/clone',
      {
        schema: {
          tags,
          summary: 'Copy a template (built-in or own) into a new one of the organization’s, to edit',
          params: contentParamsSchema,
          response: { 201: templateDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.phishing.cloneTemplate(request.ctx, request.params.id)),
    );
    app.post(
      '/phishing/templates/:id/archive',
      {
        schema: {
          tags,
          summary: 'Archive a template: it is no longer offered for new campaigns',
          params: contentParamsSchema,
          response: { 200: templateDetailSchema },
        },
      },
      async (request) => deps.phishing.setTemplateArchived(request.ctx, request.params.id, true),
    );
    app.post(
      '/phishing/templates/:id/restore',
      {
        schema: {
          tags,
          summary: 'Bring an archived template back',
          params: contentParamsSchema,
          response: { 200: templateDetailSchema },
        },
      },
      async (request) => deps.phishing.setTemplateArchived(request.ctx, request.params.id, false),
    );

    app.get(
      '/phishing/landing-pages',
      {
        schema: {
          tags,
          summary: 'Landing pages: the built-in ones and the organization’s own',
          querystring: listLandingPagesQuerySchema,
          response: { 200: landingPageListSchema },
        },
      },
      async (request) => ({ data: await deps.phishing.listLandingPages(request.ctx.orgId, request.query) }),
    );
    app.post(
      '/phishing/landing-pages',
      {
        schema: {
          tags,
          summary: 'Create a landing page',
          description:
            'The HTML is prepared before it is stored: scripts, event handlers, javascript: links, form actions and methods, and the name of every input, select, textarea and button are removed, so what someone types is never sent anywhere; only the fact of submission is recorded.',
          body: landingPageBodySchema,
          response: { 201: landingPageDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.phishing.createLandingPage(request.ctx, request.body)),
    );
    app.post(
      '/phishing/landing-pages/preview',
      {
        schema: {
          tags,
          summary: 'The page as it would be stored and served, for the editor’s preview',
          body: landingPagePreviewBodySchema,
          response: { 200: landingPagePreviewSchema },
        },
      },
      async (request) => deps.phishing.previewLandingPage(request.body.html),
    );
    app.get(
      '/phishing/landing-pages/:id',
      {
        schema: {
          tags,
          summary: 'One landing page with its (prepared) HTML',
          params: contentParamsSchema,
          response: { 200: landingPageDetailSchema },
        },
      },
      async (request) => deps.phishing.getLandingPage(request.ctx.orgId, request.params.id),
    );
    app.put(
      '/phishing/landing-pages/:id',
      {
        schema: {
          tags,
          summary: 'Replace one of the organization’s own landing pages (built-in ones: clone first)',
          params: contentParamsSchema,
          body: landingPageBodySchema,
          response: { 200: landingPageDetailSchema },
        },
      },
      async (request) => deps.phishing.updateLandingPage(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/phishing/landing-pages/:id/clone',
      {
        schema: {
          tags,
          summary: 'Copy a landing page (built-in or own) into a new one of the organization’s, to edit',
          params: contentParamsSchema,
          response: { 201: landingPageDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.phishing.cloneLandingPage(request.ctx, request.params.id)),
    );
    app.post(
      '/phishing/landing-pages/:id/archive',
      {
        schema: {
          tags,
          summary: 'Archive a landing page: it is no longer offered for new campaigns',
          params: contentParamsSchema,
          response: { 200: landingPageDetailSchema },
        },
      },
      async (request) => deps.phishing.setLandingPageArchived(request.ctx, request.params.id, true),
    );
    app.post(
      '/phishing/landing-pages/:id/restore',
      {
        schema: {
          tags,
          summary: 'Bring an archived landing page back',
          params: contentParamsSchema,
          response: { 200: landingPageDetailSchema },
        },
      },
      async (request) => deps.phishing.setLandingPageArchived(request.ctx, request.params.id, false),
    );
  };
}
