/**
 * The admin/API HTTP application: JSON API under /api/v1, OpenAPI at /api/openapi.json and /api/docs.
 * Built from a Container so tests, the server and benchmarks all run the same app.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Container } from '../container.ts';
import { adminRoutes } from '../modules/admins/admins.routes.ts';
import { apiKeyRoutes } from '../modules/api-keys/api-keys.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { departmentRoutes } from '../modules/departments/departments.routes.ts';
import { exportRoutes } from '../modules/exports/exports.routes.ts';
import { groupRoutes } from '../modules/groups/groups.routes.ts';
import { importRoutes } from '../modules/imports/imports.routes.ts';
import { learnRoutes } from '../modules/learn/learn.routes.ts';
import { mailRoutes } from '../modules/mail/mail.routes.ts';
import { membershipRoutes } from '../modules/memberships/memberships.routes.ts';
import { campaignRoutes } from '../modules/phishing/campaigns.routes.ts';
import { phishedUsersRoutes } from '../modules/phishing/phished-users.routes.ts';
import { phishingRoutes } from '../modules/phishing/phishing.routes.ts';
import { phishingResultsRoutes } from '../modules/phishing/results.routes.ts';
import { reminderRoutes } from '../modules/reminders/reminders.routes.ts';
import { trainingRoutes } from '../modules/training/training.routes.ts';
import { userRoutes } from '../modules/users/users.routes.ts';
import { registerAuthentication } from './plugins/authentication.ts';
import { registerNulCharacterGuard } from './plugins/nul-characters.ts';
import { registerProblemDetails } from './plugins/problem-details.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerWebConsole } from './web-console.ts';

// Small by default; the bulk routes raise their own limit.
const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildApp(
  container: Container,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const { config, services, database } = container;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only (the bulk route adds CSV): a text/plain body is a 415, not a confusing "expected object".
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemDetails(app);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: config.secureCookies,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Heed API',
        version: '1.0.0',
        description:
          'Security-awareness training: users, departments, groups, memberships, bulk import and reports. ' +
          'Authenticate with `Authorization: Bearer <API key>` (Account Settings → API & Integrations).',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerWebConsole(app, config.webDir);

  await app.register(
    async (api) => {
      registerAuthentication(api, { auth: services.auth, apiKeys: services.apiKeys });
      registerNulCharacterGuard(api);
      api.get(
        '/health',
        {
          config: { public: true },
          schema: {
            tags: ['Health'],
            summary: 'Liveness and database check (no authentication)',
            security: [],
            response: { 200: z.object({ status: z.literal('ok'), database: z.string() }) },
          },
        },
        async () => {
          await sql`select 1`.execute(database.db);
          return { status: 'ok' as const, database: database.kind };
        },
      );
      await api.register(authRoutes({ auth: services.auth, cookie: { secure: config.secureCookies } }));
      await api.register(apiKeyRoutes({ apiKeys: services.apiKeys }));
      await api.register(adminRoutes({ admins: services.admins }));
      await api.register(userRoutes({ users: services.users }));
      await api.register(importRoutes({ imports: services.imports }));
      await api.register(departmentRoutes({ departments: services.departments }));
      await api.register(groupRoutes({ groups: services.groups }));
      await api.register(membershipRoutes({ memberships: services.memberships }));
      await api.register(exportRoutes({ exports: services.exports }));
      await api.register(auditRoutes({ audit: services.audit }));
      await api.register(mailRoutes({ mail: services.mail }));
      await api.register(trainingRoutes({ training: services.training }));
      await api.register(reminderRoutes({ reminders: services.reminders }));
      await api.register(phishingRoutes({ phishing: services.phishing }));
      await api.register(campaignRoutes({ campaigns: services.campaigns }));
      await api.register(phishingResultsRoutes({ phishingResults: services.phishingResults }));
      await api.register(phishedUsersRoutes({ phishedUsers: services.phishedUsers }));
      await api.register(learnRoutes({ learn: services.learn, cookie: { secure: config.secureCookies } }));
    },
    { prefix: '/api/v1' },
  );

  return app;
}
