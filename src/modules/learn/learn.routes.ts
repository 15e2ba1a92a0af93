/**
 * /api/v1/learn: the learner portal's API. None of it takes an admin session or an API key: the
 * learner cookie (set by using an emailed sign-in link) is the only credential, checked here.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors.ts';
import {
  courseParamsSchema,
  learnerCourseSchema,
  learnerSchema,
  progressBodySchema,
  quizBodySchema,
  quizResultSchema,
  requestSignInBodySchema,
  requestSignInResponseSchema,
  signInBodySchema,
  taskSchema,
  tasksSchema,
} from './learn.schemas.ts';
import type { LearnerSession, LearnService } from './learn.service.ts';

export const LEARNER_COOKIE = 'heed_learner';

declare module 'fastify' {
  interface FastifyRequest {
    learner: LearnerSession | null;
  }
  interface FastifyContextConfig {
    learner?: boolean;
  }
}

// Per IP; the service also limits how many links one person is sent.
const SIGN_IN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

export function learnRoutes(deps: {
  learn: LearnService;
  cookie: { secure: boolean };
}): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Learner portal'];
    app.decorateRequest('learner', null);
    app.addHook('onRequest', async (request) => {
      if (!request.routeOptions.config?.learner) return;
      const token = request.cookies[LEARNER_COOKIE];
      const session = token ? await deps.learn.authenticate(token) : null;
      if (!session) {
        throw new UnauthorizedError(
          token ? 'Your session has ended. Sign in again.' : 'Sign in to see your training.',
        );
      }
      // Cookie-authenticated writes must come from our own pages.
      const origin = request.headers.origin;
      if (request.method !== 'GET' && origin !== undefined) {
        let host: string | null = null;
        try {
          host = new URL(origin).host;
        } catch {
          host = null;
        }
        if (host !== request.headers.host) throw new ForbiddenError('Cross-site requests are not accepted.');
      }
      request.learner = session;
    });
    const learner = (request: { learner: LearnerSession | null }) => request.learner!;

    app.post(
      '/learn/sign-in-links',
      {
        config: { public: true, rateLimit: SIGN_IN_RATE_LIMIT },
        schema: {
          tags,
          summary:
            'Email a sign-in link (single use, 15 minutes); the answer never says whether the email is known',
          body: requestSignInBodySchema,
          response: { 202: requestSignInResponseSchema },
        },
      },
      async (request, reply) => reply.code(202).send(await deps.learn.requestSignIn(request.body.email)),
    );
    app.post(
      '/learn/sessions',
      {
        config: { public: true, rateLimit: SIGN_IN_RATE_LIMIT },
        schema: {
          tags,
          summary: 'Sign in with the token of an emailed link (sets the learner cookie)',
          body: signInBodySchema,
          response: { 200: learnerSchema },
        },
      },
      async (request, reply) => {
        const result = await deps.learn.signIn(request.body.token);
        reply.setCookie(LEARNER_COOKIE, result.token, {
          path: '/',
          httpOnly: true,
          // Lax: the portal is opened from a link in an email, another site.
          sameSite: 'lax',
          secure: deps.cookie.secure,
          expires: result.expiresAt,
        });
        return deps.learn.me(result.session);
      },
    );
    app.post(
      '/learn/sign-out',
      {
        config: { public: true },
        schema: { tags, summary: 'Sign out of the learner portal', response: { 204: z.null() } },
      },
      async (request, reply) => {
        const token = request.cookies[LEARNER_COOKIE];
        if (token) await deps.learn.signOut(token);
        reply.clearCookie(LEARNER_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/learn/me',
      {
        config: { public: true, learner: true },
        schema: {
          tags,
          summary: 'The signed-in learner and their organization',
          response: { 200: learnerSchema },
        },
      },
      async (request) => deps.learn.me(learner(request)),
    );
    app.get(
      '/learn/tasks',
      {
        config: { public: true, learner: true },
        schema: {
          tags,
          summary: 'My Learning: pending and completed courses',
          response: { 200: tasksSchema },
        },
      },
      async (request) => deps.learn.tasks(learner(request)),
    );
    app.get(
      '/learn/courses/:id',
      {
        config: { public: true, learner: true },
        schema: {
          tags,
          summary: 'A course assigned to the learner: lessons and quiz questions (without answers)',
          params: courseParamsSchema,
          response: { 200: learnerCourseSchema },
        },
      },
      async (request) => deps.learn.course(learner(request), request.params.id),
    );
    app.post(
      '/learn/courses/:id/progress',
      {
        config: { public: true, learner: true },
        schema: {
          tags,
          summary: 'Record lessons read',
          params: courseParamsSchema,
          body: progressBodySchema,
          response: { 200: taskSchema },
        },
      },
      async (request) =>
        deps.learn.recordProgress(learner(request), request.params.id, request.body.lessonsCompleted),
    );
    app.post(
      '/learn/courses/:id/quiz',
      {
        config: { public: true, learner: true },
        schema: {
          tags,
          summary: 'Submit quiz answers: scored against the pass mark; passing completes the course',
          params: courseParamsSchema,
          body: quizBodySchema,
          response: { 200: quizResultSchema },
        },
      },
      async (request) => deps.learn.submitQuiz(learner(request), request.params.id, request.body.answers),
    );
  };
}
