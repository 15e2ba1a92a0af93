import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.ts';
import { buildApp } from './app.ts';

let t: TestApp;
let app: FastifyInstance;
let webDir: string;

beforeAll(async () => {
  t = await createTestApp();
  webDir = mkdtempSync(join(tmpdir(), 'heed-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Heed console</title>');
  writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(webDir, 'assets', 'app-1234.js.gz'), gzipSync('console.log(1)'));
  writeFileSync(join(webDir, 'assets', 'app-1234.js.br'), brotliCompressSync('console.log(1)'));
  writeFileSync(join(webDir, 'assets', 'app-1234.css'), 'body{}');
  app = await buildApp({ ...t.container, config: { ...t.container.config, webDir } }, { logger: false });
});
afterAll(async () => {
  await app.close();
  await t.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('without a built console', () => {
  it('sends the front door to the API reference', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/api/docs');
  });
});

describe('the built web console', () => {
  it('is served at / and at every page path, so deep links and refreshes work', async () => {
    for (const url of ['/', '/groups/6a1c1f52-8c59-4a8a-9a45-0b1a0ad3c1f0?search=x', '/settings/api']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('Heed console');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('serves an asset with its content type, and no body for HEAD', async () => {
    const css = await app.inject({ method: 'GET', url: '/assets/app-1234.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toBe('body{}');
    const head = await app.inject({ method: 'HEAD', url: '/assets/app-1234.js' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(head.body).toBe('');
  });

  it('prefers the brotli copy when the browser accepts it, and sends the file itself otherwise', async () => {
    const br = await app.inject({
      method: 'GET',
      url: '/assets/app-1234.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1)');
    const plain = await app.inject({
      method: 'GET',
      url: '/assets/app-1234.js',
      headers: { 'accept-encoding': '' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1)');
  });

  it('never reads outside the console: an escaping path is the console page or a 404, never another file', async () => {
    for (const url of ['/assets/../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body).not.toContain('"dependencies"');
      if (response.statusCode === 200) expect(response.body).toContain('Heed console');
      else expect(response.statusCode).toBe(404);
    }
  });

  it('sends the pre-compressed copy of an asset to browsers that accept gzip', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/assets/app-1234.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.rawPayload).toString()).toBe('console.log(1)');
  });

  it('keeps unknown API routes and missing assets as 404 problems, never the console page', async () => {
    for (const url of ['/api/v1/nothing-here', '/api/nothing', '/assets/missing.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answers a 404 problem, not an error, for a file deleted by a rebuild under the running server', async () => {
    writeFileSync(join(webDir, 'assets', 'gone-1.js'), 'x');
    const server = await buildApp(
      { ...t.container, config: { ...t.container.config, webDir } },
      { logger: false },
    );
    try {
      rmSync(join(webDir, 'assets', 'gone-1.js'));
      const response = await server.inject({ method: 'GET', url: '/assets/gone-1.js' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    } finally {
      await server.close();
    }
  });

  it('answers only GET and HEAD with the page: other methods on a page path are 404 problems', async () => {
    const response = await app.inject({ method: 'POST', url: '/groups', payload: {} });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
