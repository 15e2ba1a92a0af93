/**
 * Serves the built web console (dist/web, made by `npm run build`) at `/`: hashed assets with a
 * long cache, and index.html for every other page path so deep links work. /api stays the API's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendRouteNotFound } from './plugins/problem-details.ts';

export function hasBuiltConsole(webDir: string): boolean {
  return existsSync(join(webDir, 'index.html'));
}

export async function registerWebConsole(app: FastifyInstance, webDir: string | null) {
  const enabled = webDir !== null && hasBuiltConsole(webDir);
  if (enabled) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders(res, path) {
        res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    await app.register(fastifyStatic, {
      root: join(webDir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      preCompressed: true,
      setHeaders(res) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  if (!enabled) {
    // API only (HEED_WEB_DIR empty or not built): the front door is the API reference.
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/api/docs'));
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage =
      enabled &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !path.startsWith('/api/') &&
      path !== '/api' &&
      !path.startsWith('/assets/');
    if (isPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendRouteNotFound(request, reply);
  });
}
