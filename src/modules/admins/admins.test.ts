import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, TEST_PASSWORD, type TestOrg, uniqueSuffix } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { sha256 } from '../../platform/crypto.ts';
import { EXPIRED_INVITATION, INVALID_INVITATION, MAX_FAILED_SIGN_INS } from '../auth/auth.service.ts';
import {
  DUPLICATE_ADMIN_EMAIL,
  INVITATION_TTL_MS,
  ONLY_OWNER_CHANGES_ROLES,
  OWNER_NEVER_DEMOTED,
  OWNER_NEVER_DISABLED,
} from './admins.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const NEW_PASSWORD = 'a brand new long password';
const WRONG_PASSWORD_ANSWER = {
  type: 'https://heed.dev/problems/unauthorized',
  title: 'Unauthorized',
  status: 401,
  detail: 'The email or password is incorrect.',
};

/** Sign-in and accepting an invitation are rate-limited per IP: each call comes from its own address. */
let ipCount = 0;
const uniqueIp = () => {
  ipCount += 1;
  return `203.0.${Math.floor(ipCount / 250)}.${(ipCount % 250) + 1}`;
};

type Headers = Record<string, string>;
const send = (headers: Headers, options: InjectOptions) =>
  t.app.inject({ ...options, headers: { ...headers, ...(options.headers ?? {}) } });
const cookieOf = (response: LightMyRequestResponse): Headers => {
  const cookie = response.cookies.find((c) => c.name === 'heed_session');
  if (!cookie) throw new Error(`no session cookie: ${response.body}`);
  return { cookie: `heed_session=${cookie.value}` };
};
const tokenOf = (invitationUrl: string) => new URL(invitationUrl).searchParams.get('token')!;

async function listAdmins(headers: Headers) {
  const response = await send(headers, { method: 'GET', url: '/api/v1/admins' });
  expect(response.statusCode).toBe(200);
  return response.json().data as Array<Record<string, any>>;
}

async function invite(org: TestOrg, payload: Record<string, unknown>, headers: Headers = org.session) {
  const response = await send(headers, {
    method: 'POST',
    url: '/api/v1/admins',
    payload: { role: 'admin', ...payload },
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json() as { admin: Record<string, any> & { id: string }; invitationUrl: string };
  return { ...body, token: tokenOf(body.invitationUrl) };
}

function accept(payload: Record<string, unknown>, ip = uniqueIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accept-invitation',
    remoteAddress: ip,
    payload: { password: NEW_PASSWORD, ...payload },
  });
}

function signIn(email: string, password: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: uniqueIp(),
    payload: { email, password },
  });
}

/** An admin of the organization who has accepted the invitation, with their signed-in session. */
async function acceptedAdmin(org: TestOrg, name = 'Ann') {
  const email = `${name.toLowerCase()}-${uniqueSuffix()}@acme.test`;
  const { admin, token } = await invite(org, { email, name });
  const accepted = await accept({ token });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return { id: admin.id, email, session: cookieOf(accepted) };
}

/** Sessions last 12 hours: tests that move the clock by days sign the owner in again. */
async function ownerSession(org: TestOrg): Promise<Headers> {
  const response = await signIn(org.ownerEmail, TEST_PASSWORD);
  expect(response.statusCode).toBe(200);
  return cookieOf(response);
}

async function auditOf(org: TestOrg, action: string) {
  const response = await send(org.session, { method: 'GET', url: `/api/v1/audit-log?action=${action}` });
  return response.json().data as Array<Record<string, any>>;
}

const me = (headers: Headers) => send(headers, { method: 'GET', url: '/api/v1/auth/me' });

describe('listing admins', () => {
  it('lists the owner with email, name, role, status, last sign-in, creation and an accepted invitation', async () => {
    const org = await createOrg(t);
    expect(await listAdmins(org.session)).toEqual([
      {
        id: org.ownerId,
        email: org.ownerEmail,
        name: '',
        role: 'owner',
        status: 'active',
        lastLoginAt: t.clock.now().toISOString(),
        createdAt: t.clock.now().toISOString(),
        invitation: { status: 'accepted', expiresAt: null, acceptedAt: null },
      },
    ]);
  });

  it('lists a pending invitation with its expiry, owner first, and shows it expired after 7 days', async () => {
    const org = await createOrg(t);
    t.clock.advance(1000);
    const invitedAt = t.clock.now();
    const { admin } = await invite(org, { email: 'Pending@Acme.test', name: 'Pam' });
    const expiresAt = new Date(invitedAt.getTime() + INVITATION_TTL_MS).toISOString();

    const list = await listAdmins(org.session);
    expect(list.map((a) => a.role)).toEqual(['owner', 'admin']);
    expect(list[1]).toEqual({
      id: admin.id,
      email: 'Pending@Acme.test',
      name: 'Pam',
      role: 'admin',
      status: 'active',
      lastLoginAt: null,
      createdAt: invitedAt.toISOString(),
      invitation: { status: 'pending', expiresAt, acceptedAt: null },
    });

    t.clock.advance(INVITATION_TTL_MS - 1);
    const later = await ownerSession(org);
    expect((await listAdmins(later))[1]!.invitation.status).toBe('pending');
    t.clock.advance(1);
    expect((await listAdmins(later))[1]!.invitation).toEqual({
      status: 'expired',
      expiresAt,
      acceptedAt: null,
    });
  });
});

describe('inviting an admin', () => {
  it('creates a pending admin and answers the one-time link once; only its SHA-256 is stored', async () => {
    const org = await createOrg(t);
    const response = await send(org.session, {
      method: 'POST',
      url: '/api/v1/admins',
      payload: { email: '  New.Admin@Acme.test ', name: ' Nora ', role: 'admin' },
    });
    expect(response.statusCode).toBe(201);
    const { admin, invitationUrl } = response.json();
    expect(admin).toEqual({
      id: expect.any(String),
      email: 'New.Admin@Acme.test',
      name: 'Nora',
      role: 'admin',
      status: 'active',
      lastLoginAt: null,
      createdAt: t.clock.now().toISOString(),
      invitation: {
        status: 'pending',
        expiresAt: new Date(t.clock.now().getTime() + INVITATION_TTL_MS).toISOString(),
        acceptedAt: null,
      },
    });
    expect(invitationUrl).toMatch(
      new RegExp(`^${t.container.config.publicUrl.replace(/\./g, '\\.')}/invite\\?token=[A-Za-z0-9_-]{43}$`),
    );
    const token = tokenOf(invitationUrl);

    const stored = await t.database.db
      .selectFrom('admins')
      .selectAll()
      .where('org_id', '=', org.orgId)
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(stored.invitation_token_hash).toBe(sha256(token));
    expect(stored.password_hash).toBeNull();
    expect(JSON.stringify(stored)).not.toContain(token);

    const list = await send(org.session, { method: 'GET', url: '/api/v1/admins' });
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(sha256(token));
    expect(list.json().data.find((a: { id: string }) => a.id === admin.id)).toEqual(admin);

    expect(await auditOf(org, 'admin.invited')).toEqual([
      expect.objectContaining({
        actor: { type: 'admin', id: org.ownerId, label: org.ownerEmail },
        target: { type: 'admin', id: admin.id },
        details: { email: 'New.Admin@Acme.test', role: 'admin', expiresAt: admin.invitation.expiresAt },
      }),
    ]);
  });

  it('refuses an email an admin already has, in any case, in this organization or another, with one 409', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const { admin } = await invite(org, { email: 'taken@acme.test' });
    const before = await listAdmins(org.session);

    const answers = [];
    for (const email of ['TAKEN@acme.test', org.ownerEmail.toUpperCase(), other.ownerEmail]) {
      const response = await send(org.session, {
        method: 'POST',
        url: '/api/v1/admins',
        payload: { email, role: 'admin' },
      });
      expect(response.statusCode, email).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      answers.push(response.json());
    }
    expect(answers[0]).toEqual({
      type: 'https://heed.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: DUPLICATE_ADMIN_EMAIL,
    });
    // Whose email it is, and in which organization, is not told apart.
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await listAdmins(org.session)).toEqual(before);
    expect(before.map((a) => a.id)).toContain(admin.id);
    expect(await auditOf(org, 'admin.invited')).toHaveLength(1);
  });

  it('refuses an invalid email, another role than admin, unknown fields or a long name, and creates nothing', async () => {
    const org = await createOrg(t);
    const bad = [
      { payload: { email: 'not-an-email', role: 'admin' }, path: 'body.email' },
      { payload: { role: 'admin' }, path: 'body.email' },
      { payload: { email: 'x@acme.test', role: 'owner' }, path: 'body.role' },
      { payload: { email: 'x@acme.test' }, path: 'body.role' },
      { payload: { email: 'x@acme.test', role: 'admin', name: 'n'.repeat(201) }, path: 'body.name' },
      { payload: { email: 'x@acme.test', role: 'admin', password: TEST_PASSWORD }, path: 'body' },
    ];
    for (const { payload, path } of bad) {
      const response = await send(org.session, { method: 'POST', url: '/api/v1/admins', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect((await listAdmins(org.session)).map((a) => a.id)).toEqual([org.ownerId]);
  });

  it('keeps an invited admin from signing in before accepting, with the answer of a wrong password', async () => {
    const org = await createOrg(t);
    await invite(org, { email: 'early@acme.test' });
    // More attempts than the lockout allows: a pending admin has no password to guess, so no lockout either.
    const passwords = [TEST_PASSWORD, NEW_PASSWORD, ...Array(MAX_FAILED_SIGN_INS).fill('x')];
    for (const password of passwords) {
      const response = await signIn('early@acme.test', password);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual(WRONG_PASSWORD_ANSWER);
      expect(response.cookies).toEqual([]);
    }
    expect((await signIn(`nobody-${uniqueSuffix()}@acme.test`, 'x')).json()).toEqual(WRONG_PASSWORD_ANSWER);
  });
});

describe('accepting an invitation', () => {
  it('sets the password, signs the admin in with a session cookie and answers like sign-in', async () => {
    const org = await createOrg(t, 'Initech');
    const { admin, token } = await invite(org, { email: 'milton@initech.test', name: 'Milton' });
    t.clock.advance(60_000);

    const response = await accept({ token, name: ' Milton Waddams ' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      admin: { id: admin.id, email: 'milton@initech.test', name: 'Milton Waddams', role: 'admin' },
      organization: { id: org.orgId, name: 'Initech' },
    });
    const cookie = response.cookies.find((c) => c.name === 'heed_session')!;
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict' });
    const whoAmI = await me(cookieOf(response));
    expect(whoAmI.json()).toMatchObject({ type: 'admin', admin: { id: admin.id, role: 'admin' } });

    const listed = (await listAdmins(org.session)).find((a) => a.id === admin.id);
    expect(listed).toMatchObject({
      name: 'Milton Waddams',
      lastLoginAt: t.clock.now().toISOString(),
      invitation: { status: 'accepted', expiresAt: null, acceptedAt: t.clock.now().toISOString() },
    });
    const stored = await t.database.db
      .selectFrom('admins')
      .select(['invitation_token_hash', 'password_hash'])
      .where('org_id', '=', org.orgId)
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(stored.invitation_token_hash).toBeNull();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);

    expect((await signIn('MILTON@initech.test', NEW_PASSWORD)).statusCode).toBe(200);
    expect(await auditOf(org, 'admin.invitation_accepted')).toEqual([
      expect.objectContaining({
        actor: { type: 'admin', id: admin.id, label: 'milton@initech.test' },
        target: { type: 'admin', id: admin.id },
      }),
    ]);
  });

  it('keeps the name the inviting admin gave when none, or an empty one, is sent', async () => {
    const org = await createOrg(t);
    const first = await invite(org, { email: `a-${uniqueSuffix()}@acme.test`, name: 'Given' });
    const second = await invite(org, { email: `b-${uniqueSuffix()}@acme.test`, name: 'Also given' });
    expect((await accept({ token: first.token })).json().admin.name).toBe('Given');
    expect((await accept({ token: second.token, name: '  ' })).json().admin.name).toBe('Also given');
  });

  it('accepts a link once only', async () => {
    const org = await createOrg(t);
    const { token } = await invite(org, { email: 'once@acme.test' });
    expect((await accept({ token })).statusCode).toBe(200);
    const again = await accept({ token, password: 'an attacker password' });
    expect(again.statusCode).toBe(401);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().detail).toBe(INVALID_INVITATION);
    expect(again.cookies).toEqual([]);
    expect((await signIn('once@acme.test', 'an attacker password')).statusCode).toBe(401);
    expect((await signIn('once@acme.test', NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a link after 7 days with a 401 saying it expired, and accepts one just before', async () => {
    const org = await createOrg(t);
    const late = await invite(org, { email: `late-${uniqueSuffix()}@acme.test` });
    const onTime = await invite(org, { email: `ontime-${uniqueSuffix()}@acme.test` });
    t.clock.advance(INVITATION_TTL_MS - 1000);
    expect((await accept({ token: onTime.token })).statusCode).toBe(200);
    t.clock.advance(1000);
    const expired = await accept({ token: late.token });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ status: 401, detail: EXPIRED_INVITATION });
    expect(expired.cookies).toEqual([]);
    expect(
      (await listAdmins(await ownerSession(org))).find((a) => a.id === late.admin.id)!.invitation.status,
    ).toBe('expired');
  });

  it('refuses an unknown token with a 401 and a short password with a 400, and the link still works', async () => {
    const org = await createOrg(t);
    const { token } = await invite(org, { email: 'careful@acme.test' });
    const unknown = await accept({ token: `${token}x` });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(INVALID_INVITATION);
    const weak = await accept({ token, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([
      { path: 'body.password', message: 'must be at least 12 characters' },
    ]);
    expect((await accept({ token })).statusCode).toBe(200);
  });

  it('rate-limits attempts per IP address like sign-in', async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push((await accept({ token: `guess-${attempt}` }, ip)).statusCode);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);

    const org = await createOrg(t);
    const { token } = await invite(org, { email: 'limited@acme.test' });
    expect((await accept({ token }, ip)).statusCode).toBe(429);
    expect((await accept({ token })).statusCode).toBe(200);
  });
});

describe('looking up an invitation', () => {
  /** The invitation page asks, before the invitee chooses a password, what the link is for. */
  function lookUp(token: string, ip = uniqueIp(), headers: Headers = {}) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      remoteAddress: ip,
      headers,
      payload: { token },
    });
  }

  /** A dead link's answer: a 404 problem with the given detail, naming no organization and no email. */
  function expectDeadLink(response: LightMyRequestResponse, detail: string, secrets: string[]) {
    expect(response.statusCode, response.body).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toEqual({
      type: 'https://heed.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      detail,
    });
    for (const secret of secrets) expect(response.body).not.toContain(secret);
  }

  it('names the organization, the invited email and name, the role and the expiry, without signing in or writing anything', async () => {
    const org = await createOrg(t, 'Initech');
    const email = `milton-${uniqueSuffix()}@initech.test`;
    const { token } = await invite(org, { email, name: 'Milton' });
    const auditBefore = (
      await send(org.session, { method: 'GET', url: '/api/v1/audit-log?limit=500' })
    ).json().data;

    const response = await lookUp(token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      organizationName: 'Initech',
      email,
      name: 'Milton',
      role: 'admin',
      expiresAt: new Date(t.clock.now().getTime() + INVITATION_TTL_MS).toISOString(),
    });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.cookies).toEqual([]);
    // Another organization's session changes nothing: the token alone says which invitation it is.
    const other = await createOrg(t, 'Globex');
    expect((await lookUp(token, uniqueIp(), other.session)).json().organizationName).toBe('Initech');

    const auditAfter = (await send(org.session, { method: 'GET', url: '/api/v1/audit-log?limit=500' })).json()
      .data;
    expect(auditAfter).toEqual(auditBefore);
    // Looking does not use the link up.
    expect((await accept({ token })).statusCode).toBe(200);
  });

  it('answers a used, re-issued, revoked or never-issued link with the same 404, naming nobody', async () => {
    const org = await createOrg(t, 'Initech');
    const secrets = ['Initech', 'initech.test'];
    const used = await invite(org, { email: `used-${uniqueSuffix()}@initech.test` });
    expect((await accept({ token: used.token })).statusCode).toBe(200);
    const reissued = await invite(org, { email: `resent-${uniqueSuffix()}@initech.test` });
    const fresh = await send(org.session, {
      method: 'POST',
      url: `/api/v1/admins/${reissued.admin.id}/invitation`,
    });
    const revoked = await invite(org, { email: `revoked-${uniqueSuffix()}@initech.test` });
    await send(org.session, { method: 'DELETE', url: `/api/v1/admins/${revoked.admin.id}` });

    const neverIssued = await lookUp('a-token-nobody-was-ever-sent');
    expectDeadLink(neverIssued, INVALID_INVITATION, secrets);
    for (const token of [used.token, reissued.token, revoked.token]) {
      const response = await lookUp(token);
      expectDeadLink(response, INVALID_INVITATION, secrets);
      expect(response.json()).toEqual(neverIssued.json());
    }
    expect((await lookUp(tokenOf(fresh.json().invitationUrl))).statusCode).toBe(200);
  });

  it('says an expired link has expired, without naming the organization or the email', async () => {
    const org = await createOrg(t, 'Initech');
    const { token } = await invite(org, { email: `late-${uniqueSuffix()}@initech.test` });
    t.clock.advance(INVITATION_TTL_MS - 1000);
    expect((await lookUp(token)).statusCode).toBe(200);
    t.clock.advance(1000);
    expectDeadLink(await lookUp(token), EXPIRED_INVITATION, ['Initech', 'initech.test']);
  });

  it('cannot be probed: a token one character off, cut short, in another case, or its stored hash finds nothing', async () => {
    const org = await createOrg(t, 'Initech');
    const { token } = await invite(org, { email: `probed-${uniqueSuffix()}@initech.test` });
    const unknown = (await lookUp('never-issued')).json();
    for (const probe of [
      `${token}x`,
      token.slice(0, -1),
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
      sha256(token),
      ` ${token}`,
    ]) {
      const response = await lookUp(probe);
      expectDeadLink(response, INVALID_INVITATION, ['Initech', 'initech.test']);
      expect(response.json()).toEqual(unknown);
    }
    expect((await lookUp(token)).statusCode).toBe(200);
  });

  it('refuses a token over 200 characters, or none, with a 400 naming the field', async () => {
    const long = await lookUp('t'.repeat(201));
    expect(long.statusCode).toBe(400);
    expect(long.json().errors).toEqual([{ path: 'body.token', message: 'must be at most 200 characters' }]);
    const empty = await lookUp('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ path: 'body.token', message: 'is required' }]);
  });

  it('rate-limits lookups per IP address like sign-in', async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push((await lookUp(`guess-${attempt}`, ip)).statusCode);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(404));
    expect(statuses[20]).toBe(429);

    const org = await createOrg(t);
    const { token } = await invite(org, { email: `limited-${uniqueSuffix()}@acme.test` });
    expect((await lookUp(token, ip)).statusCode).toBe(429);
    expect((await lookUp(token)).statusCode).toBe(200);
  });
});

describe('re-issuing an invitation', () => {
  it('answers a new link: the old one stops working, the new one works for 7 more days', async () => {
    const org = await createOrg(t);
    const first = await invite(org, { email: 'resend@acme.test' });
    t.clock.advance(INVITATION_TTL_MS + 60_000);
    const session = await ownerSession(org);

    const response = await send(session, {
      method: 'POST',
      url: `/api/v1/admins/${first.admin.id}/invitation`,
    });
    expect(response.statusCode).toBe(200);
    const { admin, invitationUrl } = response.json();
    const token = tokenOf(invitationUrl);
    expect(token).not.toBe(first.token);
    expect(admin).toMatchObject({
      id: first.admin.id,
      invitation: {
        status: 'pending',
        expiresAt: new Date(t.clock.now().getTime() + INVITATION_TTL_MS).toISOString(),
      },
    });
    const audit = await send(session, {
      method: 'GET',
      url: '/api/v1/audit-log?action=admin.invitation_reissued',
    });
    expect(audit.json().data).toEqual([
      expect.objectContaining({
        target: { type: 'admin', id: first.admin.id },
        details: { email: 'resend@acme.test', expiresAt: admin.invitation.expiresAt },
      }),
    ]);

    expect((await accept({ token: first.token })).json().detail).toBe(INVALID_INVITATION);
    expect((await accept({ token })).statusCode).toBe(200);
  });

  it('refuses to re-issue for an admin who has accepted, or for the owner, with a 409', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    for (const id of [ann.id, org.ownerId]) {
      const response = await send(org.session, { method: 'POST', url: `/api/v1/admins/${id}/invitation` });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/has already accepted the invitation/);
    }
    expect(await auditOf(org, 'admin.invitation_reissued')).toEqual([]);
  });
});

describe('deleting an invitation', () => {
  it('deletes a pending invitation: gone from the list, its link dead, its email free again', async () => {
    const org = await createOrg(t);
    const { admin, token } = await invite(org, { email: 'revoked@acme.test' });
    const response = await send(org.session, { method: 'DELETE', url: `/api/v1/admins/${admin.id}` });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    expect((await listAdmins(org.session)).map((a) => a.id)).toEqual([org.ownerId]);
    expect((await accept({ token })).json().detail).toBe(INVALID_INVITATION);
    expect(await auditOf(org, 'admin.invitation_revoked')).toEqual([
      expect.objectContaining({
        target: { type: 'admin', id: admin.id },
        details: { email: 'revoked@acme.test' },
      }),
    ]);
    const again = await invite(org, { email: 'REVOKED@acme.test' });
    expect(again.admin.id).not.toBe(admin.id);
  });

  it('refuses to delete an admin who has accepted, or the owner (disable instead), with a 409', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    for (const id of [ann.id, org.ownerId]) {
      const response = await send(org.session, { method: 'DELETE', url: `/api/v1/admins/${id}` });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/disable them instead/);
    }
    expect((await listAdmins(org.session)).map((a) => a.id)).toEqual([org.ownerId, ann.id]);
    expect((await me(ann.session)).statusCode).toBe(200);
  });
});

describe('roles', () => {
  it('transfers ownership when the owner makes another admin the owner: the previous owner becomes an admin', async () => {
    const org = await createOrg(t);
    t.clock.advance(1000);
    const ann = await acceptedAdmin(org, 'Ann');
    t.clock.advance(1000);
    const bob = await acceptedAdmin(org, 'Bob');

    const response = await send(org.session, {
      method: 'PATCH',
      url: `/api/v1/admins/${ann.id}`,
      payload: { role: 'owner' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: ann.id, role: 'owner' });
    expect((await listAdmins(org.session)).map((a) => [a.id, a.role])).toEqual([
      [ann.id, 'owner'],
      [org.ownerId, 'admin'],
      [bob.id, 'admin'],
    ]);
    expect((await me(org.session)).json().admin.role).toBe('admin');
    expect((await me(ann.session)).json().admin.role).toBe('owner');
    expect(await auditOf(org, 'admin.ownership_transferred')).toEqual([
      expect.objectContaining({
        actor: { type: 'admin', id: org.ownerId, label: org.ownerEmail },
        target: { type: 'admin', id: ann.id },
        details: { from: { id: org.ownerId, email: org.ownerEmail }, to: { id: ann.id, email: ann.email } },
      }),
    ]);

    // The previous owner no longer changes roles, can now be disabled; the new owner is protected.
    const grab = await send(org.session, {
      method: 'PATCH',
      url: `/api/v1/admins/${bob.id}`,
      payload: { role: 'owner' },
    });
    expect(grab.statusCode).toBe(403);
    expect(grab.json().detail).toBe(ONLY_OWNER_CHANGES_ROLES);
    const disableNewOwner = await send(org.session, {
      method: 'POST',
      url: `/api/v1/admins/${ann.id}/disable`,
    });
    expect(disableNewOwner.json().detail).toBe(OWNER_NEVER_DISABLED);
    const disablePrevious = await send(ann.session, {
      method: 'POST',
      url: `/api/v1/admins/${org.ownerId}/disable`,
    });
    expect(disablePrevious.statusCode).toBe(200);
  });

  it('refuses to demote the owner directly, whoever asks, with a 409 saying to transfer ownership', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    for (const headers of [org.session, ann.session]) {
      const response = await send(headers, {
        method: 'PATCH',
        url: `/api/v1/admins/${org.ownerId}`,
        payload: { role: 'admin' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toBe(OWNER_NEVER_DEMOTED);
    }
    expect((await listAdmins(org.session)).map((a) => [a.id, a.role])).toEqual([
      [org.ownerId, 'owner'],
      [ann.id, 'admin'],
    ]);
  });

  it('answers a role change by an admin who is not the owner with a 403, and changes nothing', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org, 'Ann');
    const bob = await acceptedAdmin(org, 'Bob');
    const before = await listAdmins(org.session);
    for (const id of [bob.id, ann.id]) {
      const response = await send(ann.session, {
        method: 'PATCH',
        url: `/api/v1/admins/${id}`,
        payload: { role: 'owner', name: 'Usurper' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toBe(ONLY_OWNER_CHANGES_ROLES);
    }
    expect(await listAdmins(org.session)).toEqual(before);
    expect(await auditOf(org, 'admin.renamed')).toEqual([]);
  });

  it('refuses to make a pending or a disabled admin the owner, with a 409', async () => {
    const org = await createOrg(t);
    const pending = await invite(org, { email: `pending-${uniqueSuffix()}@acme.test` });
    const ann = await acceptedAdmin(org);
    await send(org.session, { method: 'POST', url: `/api/v1/admins/${ann.id}/disable` });
    const before = await listAdmins(org.session);

    const toPending = await send(org.session, {
      method: 'PATCH',
      url: `/api/v1/admins/${pending.admin.id}`,
      payload: { role: 'owner' },
    });
    expect(toPending.statusCode).toBe(409);
    expect(toPending.json().detail).toMatch(/has not accepted the invitation yet/);
    const toDisabled = await send(org.session, {
      method: 'PATCH',
      url: `/api/v1/admins/${ann.id}`,
      payload: { role: 'owner' },
    });
    expect(toDisabled.statusCode).toBe(409);
    expect(toDisabled.json().detail).toMatch(/is disabled/);
    expect(await listAdmins(org.session)).toEqual(before);
  });

  it('lets any admin rename an admin, audited; an unchanged role is no change', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org, 'Ann');
    const response = await send(ann.session, {
      method: 'PATCH',
      url: `/api/v1/admins/${org.ownerId}`,
      payload: { name: '  Olive Owner ', role: 'owner' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: org.ownerId, name: 'Olive Owner', role: 'owner' });
    expect((await me(org.session)).json().admin.name).toBe('Olive Owner');
    expect(await auditOf(org, 'admin.renamed')).toEqual([
      expect.objectContaining({
        actor: { type: 'admin', id: ann.id, label: ann.email },
        details: { email: org.ownerEmail, from: '', to: 'Olive Owner' },
      }),
    ]);
    const same = await send(ann.session, {
      method: 'PATCH',
      url: `/api/v1/admins/${ann.id}`,
      payload: { role: 'admin' },
    });
    expect(same.statusCode).toBe(200);
    expect(await auditOf(org, 'admin.renamed')).toHaveLength(1);
  });

  it('refuses an empty change, an unknown role or an unknown field with a 400', async () => {
    const org = await createOrg(t);
    for (const payload of [{}, { role: 'superadmin' }, { name: 'x', status: 'disabled' }, { name: 7 }]) {
      const response = await send(org.session, {
        method: 'PATCH',
        url: `/api/v1/admins/${org.ownerId}`,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('keeps one owner per organization in the database itself', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    await expect(
      t.database.db
        .updateTable('admins')
        .set({ role: 'owner' })
        .where('org_id', '=', org.orgId)
        .where('id', '=', ann.id)
        .execute(),
    ).rejects.toThrow(/admins_one_owner_key/);
  });
});

describe('disabling and enabling', () => {
  it('disables an admin: their session is refused at once and they cannot sign in until enabled', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    const second = await signIn(ann.email, NEW_PASSWORD);
    expect((await me(cookieOf(second))).statusCode).toBe(200);

    const response = await send(org.session, { method: 'POST', url: `/api/v1/admins/${ann.id}/disable` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: ann.id, status: 'disabled' });
    for (const headers of [ann.session, cookieOf(second)]) {
      const refused = await me(headers);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().detail).toBe('Your session has expired. Sign in again.');
    }
    const sessions = await t.database.db
      .selectFrom('admin_sessions')
      .select('token_hash')
      .where('org_id', '=', org.orgId)
      .where('admin_id', '=', ann.id)
      .execute();
    expect(sessions).toEqual([]);
    const disabledSignIn = await signIn(ann.email, NEW_PASSWORD);
    expect(disabledSignIn.statusCode).toBe(401);
    expect(disabledSignIn.json().detail).toBe('This admin account is disabled.');
    expect(await auditOf(org, 'admin.disabled')).toEqual([
      expect.objectContaining({
        target: { type: 'admin', id: ann.id },
        details: { email: ann.email, sessionsEnded: 2 },
      }),
    ]);
    // The owner's own session is untouched.
    expect((await me(org.session)).statusCode).toBe(200);

    const enabled = await send(org.session, { method: 'POST', url: `/api/v1/admins/${ann.id}/enable` });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ id: ann.id, status: 'active' });
    expect((await signIn(ann.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(await auditOf(org, 'admin.enabled')).toHaveLength(1);
  });

  it('never disables the owner, whoever asks', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    for (const headers of [ann.session, org.session]) {
      const response = await send(headers, { method: 'POST', url: `/api/v1/admins/${org.ownerId}/disable` });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toBe(OWNER_NEVER_DISABLED);
    }
    expect((await me(org.session)).statusCode).toBe(200);
    expect(await auditOf(org, 'admin.disabled')).toEqual([]);
  });

  it('does not let an admin disable themself', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    const response = await send(ann.session, { method: 'POST', url: `/api/v1/admins/${ann.id}/disable` });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe('You cannot disable your own account. Ask another admin to do it.');
    expect((await me(ann.session)).statusCode).toBe(200);
  });

  it('refuses to disable a pending invitation (delete it instead)', async () => {
    const org = await createOrg(t);
    const { admin, token } = await invite(org, { email: `pending-${uniqueSuffix()}@acme.test` });
    const response = await send(org.session, { method: 'POST', url: `/api/v1/admins/${admin.id}/disable` });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/delete the invitation instead/);
    expect((await accept({ token })).statusCode).toBe(200);
  });

  it('treats disabling a disabled admin and enabling an active one as no change', async () => {
    const org = await createOrg(t);
    const ann = await acceptedAdmin(org);
    const url = `/api/v1/admins/${ann.id}`;
    expect((await send(org.session, { method: 'POST', url: `${url}/enable` })).json().status).toBe('active');
    await send(org.session, { method: 'POST', url: `${url}/disable` });
    const again = await send(org.session, { method: 'POST', url: `${url}/disable` });
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('disabled');
    expect(await auditOf(org, 'admin.disabled')).toHaveLength(1);
    expect(await auditOf(org, 'admin.enabled')).toEqual([]);
  });
});

describe('who may manage admins', () => {
  it('refuses every admin route to an API key with a 403, and changes nothing', async () => {
    const org = await createOrg(t);
    const { admin } = await invite(org, { email: 'keyed@acme.test' });
    const before = await listAdmins(org.session);
    const requests: InjectOptions[] = [
      { method: 'GET', url: '/api/v1/admins' },
      { method: 'POST', url: '/api/v1/admins', payload: { email: 'minted@acme.test', role: 'admin' } },
      { method: 'POST', url: `/api/v1/admins/${admin.id}/invitation` },
      { method: 'PATCH', url: `/api/v1/admins/${org.ownerId}`, payload: { name: 'Keyed' } },
      { method: 'POST', url: `/api/v1/admins/${admin.id}/disable` },
      { method: 'POST', url: `/api/v1/admins/${admin.id}/enable` },
      { method: 'DELETE', url: `/api/v1/admins/${admin.id}` },
    ];
    for (const request of requests) {
      const response = await org.request(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toBe('Admins are managed by a signed-in admin, not with an API key.');
    }
    expect(await listAdmins(org.session)).toEqual(before);
  });

  it('answers a request without credentials with a 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admins' });
    expect(response.statusCode).toBe(401);
  });

  it("hides another organization's admins: not listed, and every change is a 404 like an unknown id", async () => {
    const a = await createOrg(t, 'Alpha');
    const b = await createOrg(t, 'Beta');
    const ann = await acceptedAdmin(a);
    const pending = await invite(a, { email: `pending-${uniqueSuffix()}@alpha.test` });
    const before = await listAdmins(a.session);

    expect((await listAdmins(b.session)).map((x) => x.id)).toEqual([b.ownerId]);
    const asB = (request: InjectOptions) => send(b.session, request);
    const attempts: Array<(id: string) => InjectOptions> = [
      (id) => ({ method: 'PATCH', url: `/api/v1/admins/${id}`, payload: { name: 'Mallory' } }),
      (id) => ({ method: 'PATCH', url: `/api/v1/admins/${id}`, payload: { role: 'owner' } }),
      (id) => ({ method: 'POST', url: `/api/v1/admins/${id}/disable` }),
      (id) => ({ method: 'POST', url: `/api/v1/admins/${id}/enable` }),
      (id) => ({ method: 'POST', url: `/api/v1/admins/${id}/invitation` }),
      (id) => ({ method: 'DELETE', url: `/api/v1/admins/${id}` }),
    ];
    const missing = randomUUID();
    for (const attempt of attempts) {
      for (const id of [ann.id, pending.admin.id, a.ownerId]) {
        const foreign = await asB(attempt(id));
        expect(foreign.statusCode, `${attempt(id).method} ${attempt(id).url}`).toBe(404);
        expect(foreign.json()).toEqual((await asB(attempt(missing))).json());
        expect(foreign.json().detail).toBe('Admin was not found.');
      }
    }
    expect(await listAdmins(a.session)).toEqual(before);
    expect((await me(ann.session)).statusCode).toBe(200);
    expect((await accept({ token: pending.token })).json().organization.id).toBe(a.orgId);
  });

  it('refuses an admin id that is not a UUID with a 400', async () => {
    const org = await createOrg(t);
    const response = await send(org.session, { method: 'POST', url: '/api/v1/admins/123/disable' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'params.id' })]);
  });
});
