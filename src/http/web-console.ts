/**
 * Serves the built web console (dist/web, made by `npm run build`) at `/`: hashed assets with a
 * long cache, and index.html for every other page path so deep links work. /api stays the API's.
 *
 * The brotli copies (`scripts/compress-web.mjs`), which every current browser takes, are read once,
 * at start, and sent from memory: a first visit asks for about twenty files at once, and reading each
 * from disk per request (a stat and an open for each candidate encoding, then a stream) cost 3–6 ms
 * of the server's time apiece here, so a first page's code arrived hundreds of milliseconds late.
 * They are ≈ 0.4 MB; the gzip copies and the files themselves (≈ 2 MB, for clients without brotli)
 * are read from disk when asked for.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendRouteNotFound } from './plugins/problem-details.ts';

export function hasBuiltConsole(webDir: string): boolean {
  return existsSync(join(webDir, 'index.html'));
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

interface ConsoleFile {
  type: string;
  /** Where the file is on disk (its gzip copy, when there is one, beside it with `.gz`). */
  path: string;
  br?: Buffer;
  hasGzip: boolean;
}

/** Every file of the built console by URL path ("/assets/index-abc.js"), its compressed copies beside it. */
export function loadConsoleFiles(webDir: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (entry.name.endsWith('.br') || entry.name.endsWith('.gz')) continue;
      const file: ConsoleFile = {
        type: CONTENT_TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
        path,
        hasGzip: existsSync(`${path}.gz`),
      };
      if (existsSync(`${path}.br`)) file.br = readFileSync(`${path}.br`);
      files.set(`/${relative(webDir, path).split(sep).join('/')}`, file);
    }
  };
  walk(webDir);
  return files;
}

/** Which copy to send: brotli or gzip when the browser accepts it (and one exists), else the file itself. */
async function send(request: FastifyRequest, reply: FastifyReply, file: ConsoleFile, cacheControl: string) {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  const gzip = file.hasGzip && /\bgzip\b/.test(accepted);
  let body: Buffer;
  if (file.br && /\bbr\b/.test(accepted)) {
    reply.header('content-encoding', 'br');
    body = file.br;
  } else {
    try {
      body = await readFile(gzip ? `${file.path}.gz` : file.path);
    } catch {
      // Rebuilt under a running server: this build's files are gone from disk (restart to serve the new one).
      return sendRouteNotFound(request, reply);
    }
    if (gzip) reply.header('content-encoding', 'gzip');
  }
  return reply
    .header('content-type', file.type)
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding')
    .send(body);
}

export async function registerWebConsole(app: FastifyInstance, webDir: string | null) {
  const files = webDir !== null && hasBuiltConsole(webDir) ? loadConsoleFiles(webDir) : null;
  const indexHtml = files?.get('/index.html');

  if (files) {
    app.get('/assets/*', { schema: { hide: true } }, (request, reply) => {
      const file = files.get(request.url.split('?')[0]!);
      if (!file) return sendRouteNotFound(request, reply);
      return send(request, reply, file, 'public, max-age=31536000, immutable');
    });
  } else {
    // API only (HEED_WEB_DIR empty or not built): the front door is the API reference.
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/api/docs'));
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage =
      indexHtml !== undefined &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !path.startsWith('/api/') &&
      path !== '/api' &&
      !path.startsWith('/assets/');
    if (isPage) return send(request, reply, indexHtml, 'no-cache');
    return sendRouteNotFound(request, reply);
  });
}
