/**
 * Resolves who is calling every /api/v1 route: `Authorization: Bearer <API key>` or the admin session
 * cookie. Routes marked `config: { public: true }` skip it. The result is `request.ctx`, the
 * RequestContext every service call takes; the organization comes from the credential, never from input.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyService } from '../../modules/api-keys/api-keys.service.ts';
import { SESSION_COOKIE } from '../../modules/auth/auth.routes.ts';
import type { AuthService } from '../../modules/auth/auth.service.ts';
import type { RequestContext } from '../../platform/context.ts';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    apiKey: { id: string; name: string; prefix: string } | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie-authenticated writes must come from our own origin (SameSite=Strict is the first line). */
function assertSameOrigin(request: FastifyRequest) {
  const origin = request.headers.origin;
  if (SAFE_METHODS.has(request.method) || origin === undefined) return;
  const host = request.headers.host;
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost !== host)
    throw new ForbiddenError('Cross-site requests are not accepted with a session cookie.');
}

export function registerAuthentication(
  app: FastifyInstance,
  deps: { auth: AuthService; apiKeys: ApiKeyService },
) {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('apiKey', null);

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const found = match?.[1] ? await deps.apiKeys.authenticate(match[1]) : null;
      if (!found) throw new UnauthorizedError('The API key is unknown or has been revoked.');
      request.ctx = { orgId: found.orgId, actor: found.actor, ip: request.ip };
      request.apiKey = found.key;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await deps.auth.authenticateSession(token) : null;
    if (!session) {
      throw new UnauthorizedError(
        token ? 'Your session has expired. Sign in again.' : 'Sign in or send an API key.',
      );
    }
    assertSameOrigin(request);
    request.ctx = { orgId: session.orgId, actor: session.actor, ip: request.ip };
  });
}
