import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, TEST_PASSWORD, uniqueSuffix } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS } from './auth.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const HOUR = 3600_000;
const SESSION_TTL = 12 * HOUR;

/** Sign-in is rate-limited per IP: each test signs in from an address of its own (outside createOrg's 10/8). */
let ipCount = 0;
const uniqueIp = () => {
  ipCount += 1;
  return `198.51.${Math.floor(ipCount / 250)}.${(ipCount % 250) + 1}`;
};

function signIn(app: TestApp, email: string, password: string, ip: string) {
  return app.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    payload: { email, password },
  });
}

const sessionCookie = (response: LightMyRequestResponse) => {
  const cookie = response.cookies.find((c) => c.name === 'heed_session');
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return cookie;
};
const cookieHeader = (response: LightMyRequestResponse) => ({
  cookie: `heed_session=${sessionCookie(response).value}`,
});

function me(headers: Record<string, string>) {
  return t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
}

/** First-run setup needs an instance without organizations: each test gets a fresh one. */
async function withEmptyInstance(test: (empty: TestApp) => Promise<void>) {
  const empty = await createTestApp();
  try {
    await test(empty);
  } finally {
    await empty.close();
  }
}

function setup(app: TestApp, payload: Record<string, unknown>) {
  return app.app.inject({ method: 'POST', url: '/api/v1/setup', remoteAddress: uniqueIp(), payload });
}

const organizationCount = async (app: TestApp) =>
  Number(
    (
      await app.database.db
        .selectFrom('organizations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('first-run setup', () => {
  it('creates the organization and its owner with the setup token, and signs the owner in', async () => {
    await withEmptyInstance(async (empty) => {
      const token = await empty.container.services.auth.issueSetupTokenIfEmpty();
      expect(token).toEqual(expect.any(String));

      const response = await setup(empty, {
        token,
        organizationName: '  Initech ',
        email: ' Peter@Initech.test ',
        password: TEST_PASSWORD,
        name: 'Peter Gibbons',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({
        organization: { id: expect.any(String), name: 'Initech' },
        admin: { id: expect.any(String), email: 'Peter@Initech.test', name: 'Peter Gibbons', role: 'owner' },
      });

      const cookie = sessionCookie(response);
      expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict' });
      // Cookie dates have a precision of one second.
      expect(new Date(cookie.expires!).getTime()).toBe(
        Math.floor((empty.clock.now().getTime() + SESSION_TTL) / 1000) * 1000,
      );
      const raw = String(response.headers['set-cookie']);
      expect(raw).toContain('HttpOnly');
      expect(raw).toContain('SameSite=Strict');

      const whoAmI = await empty.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: cookieHeader(response),
      });
      expect(whoAmI.json()).toMatchObject({
        type: 'admin',
        organization: response.json().organization,
        admin: { email: 'Peter@Initech.test', role: 'owner' },
      });

      const login = await signIn(empty, 'peter@initech.test', TEST_PASSWORD, uniqueIp());
      expect(login.statusCode).toBe(200);
    });
  });

  it('accepts the setup token once only', async () => {
    await withEmptyInstance(async (empty) => {
      const token = await empty.container.services.auth.issueSetupTokenIfEmpty();
      const body = { token, organizationName: 'First', email: 'first@first.test', password: TEST_PASSWORD };
      expect((await setup(empty, body)).statusCode).toBe(201);

      const again = await setup(empty, { ...body, organizationName: 'Second', email: 'second@second.test' });
      expect(again.statusCode).toBe(401);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json()).toMatchObject({
        status: 401,
        detail: 'This setup link is invalid or has already been used.',
      });
      expect(await organizationCount(empty)).toBe(1);
      expect(await empty.container.services.auth.issueSetupTokenIfEmpty()).toBeNull();
    });
  });

  it('refuses a wrong setup token with a 401 and creates nothing', async () => {
    await withEmptyInstance(async (empty) => {
      const token = await empty.container.services.auth.issueSetupTokenIfEmpty();
      const wrong = await setup(empty, {
        token: `${token}x`,
        organizationName: 'Intruder',
        email: 'intruder@evil.test',
        password: TEST_PASSWORD,
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers['set-cookie']).toBeUndefined();
      expect(await organizationCount(empty)).toBe(0);

      // The real token still works afterwards.
      const right = await setup(empty, {
        token,
        organizationName: 'Rightful',
        email: 'owner@rightful.test',
        password: TEST_PASSWORD,
      });
      expect(right.statusCode).toBe(201);
    });
  });

  it('kills an older setup token when a newer one is issued', async () => {
    await withEmptyInstance(async (empty) => {
      const older = await empty.container.services.auth.issueSetupTokenIfEmpty();
      const newer = await empty.container.services.auth.issueSetupTokenIfEmpty();
      const body = { organizationName: 'Acme', email: 'owner@acme.test', password: TEST_PASSWORD };
      expect((await setup(empty, { ...body, token: older })).statusCode).toBe(401);
      expect((await setup(empty, { ...body, token: newer })).statusCode).toBe(201);
    });
  });

  it('refuses a short password and keeps the token usable', async () => {
    await withEmptyInstance(async (empty) => {
      const token = await empty.container.services.auth.issueSetupTokenIfEmpty();
      const body = { token, organizationName: 'Acme', email: 'owner@acme.test' };
      const weak = await setup(empty, { ...body, password: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors).toEqual([
        { path: 'body.password', message: 'must be at least 12 characters' },
      ]);
      expect(await organizationCount(empty)).toBe(0);
      expect((await setup(empty, { ...body, password: TEST_PASSWORD })).statusCode).toBe(201);
    });
  });

  it('issues no setup token once an organization exists', async () => {
    await createOrg(t);
    expect(await t.container.services.auth.issueSetupTokenIfEmpty()).toBeNull();
  });
});

describe('sign-in', () => {
  it('signs an admin in with the right password and sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const org = await createOrg(t, 'Globex');
    const response = await signIn(t, org.ownerEmail, TEST_PASSWORD, uniqueIp());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      admin: { id: org.ownerId, email: org.ownerEmail, name: '', role: 'owner' },
      organization: { id: org.orgId, name: 'Globex' },
    });
    expect(sessionCookie(response)).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict' });
    expect((await me(cookieHeader(response))).statusCode).toBe(200);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const org = await createOrg(t);
    const response = await signIn(t, `  ${org.ownerEmail.toUpperCase()} `, TEST_PASSWORD, uniqueIp());
    expect(response.statusCode).toBe(200);
    expect(response.json().admin.id).toBe(org.ownerId);
  });

  it('answers a wrong password and an unknown email with the same 401, and no cookie', async () => {
    const org = await createOrg(t);
    const ip = uniqueIp();
    const wrongPassword = await signIn(t, org.ownerEmail, 'not the password at all', ip);
    const unknownEmail = await signIn(t, `nobody-${uniqueSuffix()}@nowhere.test`, TEST_PASSWORD, ip);
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrongPassword.json()).toEqual(unknownEmail.json());
    expect(wrongPassword.json()).toEqual({
      type: 'https://heed.dev/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail: 'The email or password is incorrect.',
    });
  });

  it(`locks the account for 15 minutes after ${MAX_FAILED_SIGN_INS} failures, even for the right password`, async () => {
    const org = await createOrg(t);
    const ip = uniqueIp();
    for (let attempt = 1; attempt <= MAX_FAILED_SIGN_INS; attempt++) {
      expect((await signIn(t, org.ownerEmail, 'wrong password!', ip)).statusCode).toBe(401);
    }

    const locked = await signIn(t, org.ownerEmail, TEST_PASSWORD, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe(String(LOCKOUT_MS / 1000));
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.json()).toMatchObject({
      status: 429,
      detail: 'Too many failed sign-in attempts. This account is locked for 15 more minute(s).',
    });
    expect(locked.headers['set-cookie']).toBeUndefined();

    t.clock.advance(LOCKOUT_MS - 60_000);
    const stillLocked = await signIn(t, org.ownerEmail, TEST_PASSWORD, ip);
    expect(stillLocked.statusCode).toBe(429);
    expect(stillLocked.headers['retry-after']).toBe('60');

    t.clock.advance(60_000);
    expect((await signIn(t, org.ownerEmail, TEST_PASSWORD, ip)).statusCode).toBe(200);
  });

  it('locks only the attacked account', async () => {
    const attacked = await createOrg(t);
    const other = await createOrg(t);
    const ip = uniqueIp();
    for (let attempt = 1; attempt <= MAX_FAILED_SIGN_INS; attempt++) {
      await signIn(t, attacked.ownerEmail, 'wrong password!', ip);
    }
    expect((await signIn(t, attacked.ownerEmail, TEST_PASSWORD, ip)).statusCode).toBe(429);
    expect((await signIn(t, other.ownerEmail, TEST_PASSWORD, ip)).statusCode).toBe(200);
  });

  it('starts counting failures again after a successful sign-in', async () => {
    const org = await createOrg(t);
    const ip = uniqueIp();
    for (let attempt = 1; attempt < MAX_FAILED_SIGN_INS; attempt++) {
      await signIn(t, org.ownerEmail, 'wrong password!', ip);
    }
    expect((await signIn(t, org.ownerEmail, TEST_PASSWORD, ip)).statusCode).toBe(200);
    for (let attempt = 1; attempt < MAX_FAILED_SIGN_INS; attempt++) {
      expect((await signIn(t, org.ownerEmail, 'wrong password!', ip)).statusCode).toBe(401);
    }
    expect((await signIn(t, org.ownerEmail, TEST_PASSWORD, ip)).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts per IP address', async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push((await signIn(t, `nobody-${attempt}@nowhere.test`, 'whatever password', ip)).statusCode);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);

    const org = await createOrg(t);
    expect((await signIn(t, org.ownerEmail, TEST_PASSWORD, ip)).statusCode).toBe(429);
    expect((await signIn(t, org.ownerEmail, TEST_PASSWORD, uniqueIp())).statusCode).toBe(200);
  });

  it('refuses a disabled admin, and ends the sessions it already had', async () => {
    const org = await createOrg(t);
    await t.database.db
      .updateTable('admins')
      .set({ status: 'disabled' })
      .where('org_id', '=', org.orgId)
      .where('id', '=', org.ownerId)
      .execute();

    const response = await signIn(t, org.ownerEmail, TEST_PASSWORD, uniqueIp());
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('This admin account is disabled.');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect((await me(org.session)).statusCode).toBe(401);
  });

  it('refuses a body without a password, or with unknown fields', async () => {
    const org = await createOrg(t);
    const ip = uniqueIp();
    const inject = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        payload: payload as never,
      });
    expect((await inject({ email: org.ownerEmail })).statusCode).toBe(400);
    expect((await inject({ email: org.ownerEmail, password: TEST_PASSWORD, admin: true })).statusCode).toBe(
      400,
    );
  });
});

describe('who am I', () => {
  it('describes the signed-in admin and the organization', async () => {
    const org = await createOrg(t, 'Umbrella');
    const response = await me(org.session);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      type: 'admin',
      organization: { id: org.orgId, name: 'Umbrella' },
      admin: { id: org.ownerId, email: org.ownerEmail, name: '', role: 'owner' },
    });
  });

  it('describes an API key and its organization', async () => {
    const org = await createOrg(t, 'Hooli');
    const response = await me(org.key);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      type: 'api_key',
      organization: { id: org.orgId, name: 'Hooli' },
      apiKey: { id: org.apiKeyId, name: 'test key', prefix: expect.stringMatching(/^heed_[0-9a-f]{8}$/) },
    });
    expect(org.key.authorization).toContain(response.json().apiKey.prefix);
  });
});

describe('sessions', () => {
  it('ends the session at logout: the cookie no longer authenticates', async () => {
    const org = await createOrg(t);
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: org.session });
    expect(logout.statusCode).toBe(204);
    const cleared = sessionCookie(logout);
    expect(cleared.value).toBe('');
    expect(new Date(cleared.expires!).getTime()).toBeLessThanOrEqual(Date.now());

    const after = await me(org.session);
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toBe('Your session has expired. Sign in again.');
  });

  it('ends only the session that logged out', async () => {
    const org = await createOrg(t);
    const second = await signIn(t, org.ownerEmail, TEST_PASSWORD, uniqueIp());
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: org.session });
    expect((await me(org.session)).statusCode).toBe(401);
    expect((await me(cookieHeader(second))).statusCode).toBe(200);
  });

  it('expires a session 12 hours after sign-in', async () => {
    const org = await createOrg(t);
    t.clock.advance(SESSION_TTL - 60_000);
    expect((await me(org.session)).statusCode).toBe(200);
    t.clock.advance(60_000);
    const expired = await me(org.session);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toBe('Your session has expired. Sign in again.');
  });

  it('refuses a cookie-authenticated write from a foreign origin with a 403, and writes nothing', async () => {
    const org = await createOrg(t);
    const headers = { ...org.session, host: 'heed.example.test' };
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { ...headers, origin: 'https://evil.example.test' },
      payload: { name: 'Planted' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect(foreign.json().detail).toBe('Cross-site requests are not accepted with a session cookie.');
    const departments = await t.app.inject({ method: 'GET', url: '/api/v1/departments', headers });
    expect(departments.json().data).toEqual([]);

    const sameOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { ...headers, origin: 'https://heed.example.test' },
      payload: { name: 'Legit' },
    });
    expect(sameOrigin.statusCode).toBe(201);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { ...headers, origin: 'null' },
      payload: { name: 'Sandboxed' },
    });
    expect(malformed.statusCode).toBe(403);
  });

  it('lets a foreign origin read with a cookie, and write with an API key', async () => {
    const org = await createOrg(t);
    const origin = 'https://elsewhere.example.test';
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { ...org.session, origin },
    });
    expect(read.statusCode).toBe(200);
    const write = await org.request({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { origin },
      payload: { name: 'From a script' },
    });
    expect(write.statusCode).toBe(201);
  });

  it('answers a request without credentials with a 401 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toEqual({
      type: 'https://heed.dev/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail: 'Sign in or send an API key.',
    });
  });

  it('answers an unknown session cookie with a 401', async () => {
    const response = await me({ cookie: 'heed_session=forged-token' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
