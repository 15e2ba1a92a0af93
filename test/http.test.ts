import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import { createOrg } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): any },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const problem = response.json();
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(typeof problem.detail).toBe('string');
  return problem;
}

describe('request ids', () => {
  it('puts an X-Request-Id on every response, successful or not, each one different', async () => {
    const org = await createOrg(t);
    const responses = [
      await t.app.inject({ method: 'GET', url: '/api/v1/health' }),
      await org.request({ method: 'GET', url: '/api/v1/groups' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/groups' }),
      await t.app.inject({ method: 'GET', url: '/no/such/route' }),
      await org.request({ method: 'POST', url: '/api/v1/groups', payload: { name: '' } }),
      await t.app.inject({ method: 'GET', url: '/api/openapi.json' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 401, 404, 400, 200]);
    const ids = responses.map((r) => r.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('echoes the X-Request-Id a proxy sent', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'edge-7f3a-42' },
    });
    expect(ok.headers['x-request-id']).toBe('edge-7f3a-42');
    const failed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { 'x-request-id': 'edge-7f3a-43' },
    });
    expect(failed.statusCode).toBe(401);
    expect(failed.headers['x-request-id']).toBe('edge-7f3a-43');
  });
});

describe('security headers', () => {
  it('sends the helmet headers on API responses and on errors', async () => {
    const org = await createOrg(t);
    for (const response of [
      await org.request({ method: 'GET', url: '/api/v1/users' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/users' }),
      await t.app.inject({ method: 'GET', url: '/missing' }),
    ]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': expect.any(String),
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document listing the main paths, without authentication', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info.title).toBe('Heed API');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/health',
        '/api/v1/auth/login',
        '/api/v1/api-keys',
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/users/bulk',
        '/api/v1/departments',
        '/api/v1/groups',
        '/api/v1/groups/{id}',
        '/api/v1/groups/{id}/members',
        '/api/v1/groups/{id}/members/remove',
        '/api/v1/groups/{id}/members.csv',
        '/api/v1/audit-log',
      ]),
    );
    // Generated from the route schemas: the body of group creation is documented as it is validated.
    const createGroup = spec.paths['/api/v1/groups'].post;
    expect(createGroup.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string', maxLength: 100 } },
      required: ['name'],
    });
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.paths['/api/v1/health'].get.security).toEqual([]);
  });

  it('renders the documentation page at /api/docs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<html');
    expect(response.body).toMatch(/swagger-ui/i);
  });
});

describe('health', () => {
  it('answers ok without authentication after checking the database', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: t.database.kind });
  });
});

describe('errors as application/problem+json', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const problem = expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' }),
      404,
    );
    expect(problem.detail).toBe('No route for GET /api/v1/nothing-here.');
  });

  it('answers a request without credentials, or with an unknown key, with a 401 problem', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/users' }), 401);
    expectProblem(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: 'Bearer heed_not_a_real_key' },
      }),
      401,
    );
  });

  it('answers malformed JSON with a 400 problem and writes nothing', async () => {
    const org = await createOrg(t);
    const response = await org.request({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Broken",',
    });
    expectProblem(response, 400);
    expect((await org.request({ method: 'GET', url: '/api/v1/groups' })).json().data).toEqual([]);
  });

  it('answers an empty JSON body with a 400 problem', async () => {
    const org = await createOrg(t);
    expectProblem(
      await org.request({
        method: 'POST',
        url: '/api/v1/groups',
        headers: { 'content-type': 'application/json' },
        payload: '',
      }),
      400,
    );
  });

  it('answers a content type the route does not take with a 415 problem', async () => {
    const org = await createOrg(t);
    for (const contentType of ['text/plain', 'text/csv', 'application/xml']) {
      const problem = expectProblem(
        await org.request({
          method: 'POST',
          url: '/api/v1/groups',
          headers: { 'content-type': contentType },
          payload: 'name=Sneaky',
        }),
        415,
      );
      expect(problem.detail).toContain(contentType);
    }
    expect((await org.request({ method: 'GET', url: '/api/v1/groups' })).json().data).toEqual([]);
  });

  it('lists every validation failure in errors[] with the path of the field', async () => {
    const org = await createOrg(t);
    const body = expectProblem(
      await org.request({ method: 'POST', url: '/api/v1/users', payload: { email: 'nope', shoeSize: 9 } }),
      400,
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^body/) })]),
    );
    const query = expectProblem(await org.request({ method: 'GET', url: '/api/v1/users?limit=0' }), 400);
    expect(query.errors[0].path).toMatch(/^querystring/);
    const params = expectProblem(await org.request({ method: 'GET', url: '/api/v1/users/42' }), 400);
    expect(params.errors[0].path).toMatch(/^params/);
  });

  it('answers a body over the size limit of a small route with a 413 problem', async () => {
    const org = await createOrg(t);
    const problem = expectProblem(
      await org.request({
        method: 'POST',
        url: '/api/v1/departments',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'd'.repeat(1024 * 1024 + 1) }),
      }),
      413,
    );
    expect(problem.title).toBe('Request body too large');
    expect((await org.request({ method: 'GET', url: '/api/v1/departments' })).json().data).toEqual([]);
  });

  describe('when something fails unexpectedly', () => {
    let failing: FastifyInstance;
    const internals =
      'relation "users" violates constraint users_pkey; connect ECONNREFUSED 10.1.2.3:5432 password=hunter2';

    beforeAll(async () => {
      const groups = t.container.services.groups;
      failing = await buildApp(
        {
          ...t.container,
          services: {
            ...t.container.services,
            groups: {
              ...groups,
              list: async () => {
                throw new Error(internals);
              },
            },
          },
        },
        { logger: false },
      );
      await failing.ready();
    });
    afterAll(async () => {
      await failing.close();
    });

    it('answers a 500 problem that quotes the request id and leaks no internals', async () => {
      const org = await createOrg(t);
      const response = await failing.inject({ method: 'GET', url: '/api/v1/groups', headers: org.key });
      const problem = expectProblem(response, 500);
      expect(problem.title).toBe('Internal server error');
      expect(problem.requestId).toBe(response.headers['x-request-id']);
      expect(problem.detail).toContain(String(response.headers['x-request-id']));
      for (const secret of ['hunter2', 'ECONNREFUSED', 'users_pkey', '10.1.2.3', 'Error', 'at ']) {
        expect(response.body).not.toContain(secret);
      }
      expect(Object.keys(problem).sort()).toEqual(['detail', 'requestId', 'status', 'title', 'type']);
    });
  });
});
