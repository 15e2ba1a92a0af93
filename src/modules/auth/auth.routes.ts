import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnauthorizedError } from '../../platform/errors.ts';
import {
  acceptInvitationBodySchema,
  invitationDescriptionSchema,
  invitationLookupBodySchema,
  loginBodySchema,
  meResponseSchema,
  sessionResponseSchema,
  setupBodySchema,
} from './auth.schemas.ts';
import type { AuthService } from './auth.service.ts';

export const SESSION_COOKIE = 'heed_session';

export interface SessionCookieOptions {
  secure: boolean;
}

// Per IP, on top of the per-account lockout in the service.
const SIGN_IN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

export function authRoutes(deps: { auth: AuthService; cookie: SessionCookieOptions }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Authentication'];
    const cookieOptions = (expires: Date) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: deps.cookie.secure,
      expires,
    });

    app.post(
      '/setup',
      {
        config: { public: true, rateLimit: SIGN_IN_RATE_LIMIT },
        schema: {
          tags,
          security: [],
          summary: 'First run: create the organization and its owner with the one-time setup token',
          body: setupBodySchema,
          response: { 201: sessionResponseSchema },
        },
      },
      async (request, reply) => {
        const result = await deps.auth.setup(request.body, request.ip);
        reply.setCookie(SESSION_COOKIE, result.session.token, cookieOptions(result.session.expiresAt));
        return reply.code(201).send({ admin: result.admin, organization: result.organization });
      },
    );

    app.post(
      '/auth/login',
      {
        config: { public: true, rateLimit: SIGN_IN_RATE_LIMIT },
        schema: {
          tags,
          summary: 'Sign in with email and password',
          body: loginBodySchema,
          response: { 200: sessionResponseSchema },
        },
      },
      async (request, reply) => {
        const result = await deps.auth.signIn(request.body.email, request.body.password);
        reply.setCookie(SESSION_COOKIE, result.session.token, cookieOptions(result.session.expiresAt));
        return { admin: result.admin, organization: result.organization };
      },
    );

    // A POST, not GET /invitations/{token}: the token is a secret (it signs the invitee in), so it stays
    // out of URLs and so of access logs and proxies, as for accepting the invitation.
    app.post(
      '/auth/invitation',
      {
        config: { public: true, rateLimit: SIGN_IN_RATE_LIMIT },
        schema: {
          tags,
          security: [],
          summary:
            'What an admin invitation link is for (organization, email, role, expiry), before accepting it',
          description:
            'Public: the token is the credential. A link that was never issued, was already used, re-issued ' +
            'or revoked, or has expired is a 404 that names no organization or email. Changes nothing.',
          body: invitationLookupBodySchema,
          response: { 200: invitationDescriptionSchema },
        },
      },
      async (request, reply) => {
        const invitation = await deps.auth.describeInvitation(request.body.token);
        // Names a person and an organization: kept out of every cache.
        reply.header('cache-control', 'no-store');
        return invitation;
      },
    );

    app.post(
      '/auth/accept-invitation',
      {
        config: { public: true, rateLimit: SIGN_IN_RATE_LIMIT },
        schema: {
          tags,
          security: [],
          summary: 'Accept an admin invitation: set a password with the one-time link, and be signed in',
          body: acceptInvitationBodySchema,
          response: { 200: sessionResponseSchema },
        },
      },
      async (request, reply) => {
        const result = await deps.auth.acceptInvitation(request.body, request.ip);
        reply.setCookie(SESSION_COOKIE, result.session.token, cookieOptions(result.session.expiresAt));
        return { admin: result.admin, organization: result.organization };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { public: true },
        schema: { tags, summary: 'Sign out (ends the session)', response: { 204: z.null() } },
      },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await deps.auth.signOut(token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        schema: {
          tags,
          summary: 'Who is signed in (an admin or an API key) and in which organization',
          response: { 200: meResponseSchema },
        },
      },
      async (request) => {
        const { ctx } = request;
        const organization = await deps.auth.describe(ctx.orgId);
        if (ctx.actor.type === 'admin' && ctx.actor.id) {
          return {
            type: 'admin' as const,
            organization,
            admin: await deps.auth.describeAdmin(ctx.orgId, ctx.actor.id),
          };
        }
        if (!request.apiKey) throw new UnauthorizedError();
        return { type: 'api_key' as const, organization, apiKey: request.apiKey };
      },
    );
  };
}
