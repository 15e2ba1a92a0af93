import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUsers, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { sha256 } from '../../platform/crypto.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** API keys are managed by a signed-in admin: these requests carry the owner's session cookie. */
function asOwner(org: TestOrg, options: { method: 'GET' | 'POST'; url: string; payload?: unknown }) {
  return t.app.inject({ ...options, payload: options.payload as never, headers: org.session });
}

async function createKey(org: TestOrg, name: string) {
  const response = await asOwner(org, { method: 'POST', url: '/api/v1/api-keys', payload: { name } });
  expect(response.statusCode).toBe(201);
  return response.json() as { apiKey: { id: string; prefix: string }; secret: string };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('api keys', () => {
  it('creates a key whose secret is returned once and starts with the prefix the list shows', async () => {
    const org = await createOrg(t);
    const response = await asOwner(org, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: '  HR sync ' },
    });
    expect(response.statusCode).toBe(201);
    const { apiKey, secret } = response.json();
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: 'HR sync',
      prefix: expect.stringMatching(/^heed_[0-9a-f]{8}$/),
      createdAt: t.clock.now().toISOString(),
      createdBy: { id: org.ownerId, label: org.ownerEmail },
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(secret.length).toBeGreaterThan(apiKey.prefix.length + 40);

    const list = await asOwner(org, { method: 'GET', url: '/api/v1/api-keys' });
    expect(list.json().data.find((k: { id: string }) => k.id === apiKey.id)).toEqual(apiKey);
  });

  it('never shows the secret or its hash again, and stores only the hash', async () => {
    const org = await createOrg(t);
    const { apiKey, secret } = await createKey(org, 'Secretive');
    const list = await asOwner(org, { method: 'GET', url: '/api/v1/api-keys' });
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(sha256(secret));
    expect(list.body).not.toContain(secret.slice(apiKey.prefix.length + 1));

    const stored = await t.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('org_id', '=', org.orgId)
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash).toBe(sha256(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('lists the keys newest first with name, prefix, creation, creator and last use', async () => {
    const org = await createOrg(t);
    t.clock.advance(1000);
    const { apiKey } = await createKey(org, 'Newer');
    const list = await asOwner(org, { method: 'GET', url: '/api/v1/api-keys' });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((k: { name: string }) => k.name)).toEqual(['Newer', 'test key']);
    expect(list.json().data[0]).toEqual({
      id: apiKey.id,
      name: 'Newer',
      prefix: apiKey.prefix,
      createdAt: t.clock.now().toISOString(),
      createdBy: { id: org.ownerId, label: org.ownerEmail },
      lastUsedAt: null,
      revokedAt: null,
    });
  });

  it('records when a key was last used, to the minute', async () => {
    const org = await createOrg(t);
    const { apiKey, secret } = await createKey(org, 'Used');
    const lastUsed = async () =>
      (await asOwner(org, { method: 'GET', url: '/api/v1/api-keys' }))
        .json()
        .data.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt;
    expect(await lastUsed()).toBeNull();

    const firstUse = t.clock.now().toISOString();
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) })).statusCode,
    ).toBe(200);
    expect(await lastUsed()).toBe(firstUse);

    t.clock.advance(30_000);
    await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) });
    expect(await lastUsed()).toBe(firstUse);

    t.clock.advance(60_000);
    const laterUse = t.clock.now().toISOString();
    await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) });
    expect(await lastUsed()).toBe(laterUse);
  });

  it('revokes a key: it stops working at once and stays in the list as revoked', async () => {
    const org = await createOrg(t);
    const { apiKey, secret } = await createKey(org, 'Leaked');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) })).statusCode,
    ).toBe(200);

    const revoked = await asOwner(org, { method: 'POST', url: `/api/v1/api-keys/${apiKey.id}/revoke` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: apiKey.id, revokedAt: t.clock.now().toISOString() });

    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toBe('The API key is unknown or has been revoked.');

    // The organization's other key is untouched.
    expect((await org.request({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(200);
    const list = (await asOwner(org, { method: 'GET', url: '/api/v1/api-keys' })).json().data;
    expect(list.find((k: { id: string }) => k.id === apiKey.id).revokedAt).toBe(revoked.json().revokedAt);
  });

  it('keeps the first revocation time when a key is revoked twice', async () => {
    const org = await createOrg(t);
    const { apiKey } = await createKey(org, 'Twice');
    const url = `/api/v1/api-keys/${apiKey.id}/revoke`;
    const first = await asOwner(org, { method: 'POST', url });
    t.clock.advance(5000);
    const second = await asOwner(org, { method: 'POST', url });
    expect(second.statusCode).toBe(200);
    expect(second.json().revokedAt).toBe(first.json().revokedAt);
  });

  it('answers an unknown or malformed key with a 401 problem', async () => {
    const org = await createOrg(t);
    const { secret } = await createKey(org, 'Real');
    for (const authorization of [
      'Bearer heed_00000000_unknown',
      `Bearer ${secret}x`,
      `Basic ${Buffer.from('user:pass').toString('base64')}`,
      'Bearer',
    ]) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('does not let an API key list, create or revoke API keys', async () => {
    const org = await createOrg(t);
    const responses = [
      await org.request({ method: 'GET', url: '/api/v1/api-keys' }),
      await org.request({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'Minted' } }),
      await org.request({ method: 'POST', url: `/api/v1/api-keys/${org.apiKeyId}/revoke` }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toBe('API keys are managed by a signed-in admin, not with an API key.');
    }
    const list = (await asOwner(org, { method: 'GET', url: '/api/v1/api-keys' })).json().data;
    expect(list.map((k: { name: string; revokedAt: string | null }) => [k.name, k.revokedAt])).toEqual([
      ['test key', null],
    ]);
  });

  it('authenticates /api/v1 routes as the organization of the key', async () => {
    const first = await createOrg(t, 'First');
    const second = await createOrg(t, 'Second');
    const [ann] = await createUsers(first, [{ email: 'ann@first.test' }]);

    expect((await first.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).statusCode).toBe(200);
    expect((await second.request({ method: 'GET', url: `/api/v1/users/${ann!.id}` })).statusCode).toBe(404);
    const secondList = await second.request({ method: 'GET', url: '/api/v1/users' });
    expect(secondList.json().data).toEqual([]);
    const created = await second.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'ann@first.test' },
    });
    expect(created.statusCode).toBe(201);
    const firstList = await first.request({ method: 'GET', url: '/api/v1/users' });
    expect(firstList.json().data.map((u: { id: string }) => u.id)).toEqual([ann!.id]);
  });

  it("hides another organization's keys: not listed, and revoking one is a 404", async () => {
    const owner = await createOrg(t);
    const intruder = await createOrg(t);
    const { apiKey, secret } = await createKey(owner, 'Private');

    const list = await asOwner(intruder, { method: 'GET', url: '/api/v1/api-keys' });
    expect(list.json().data.map((k: { id: string }) => k.id)).toEqual([intruder.apiKeyId]);
    const revoke = await asOwner(intruder, { method: 'POST', url: `/api/v1/api-keys/${apiKey.id}/revoke` });
    expect(revoke.statusCode).toBe(404);
    expect(revoke.json().detail).toBe('API key was not found.');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(secret) })).statusCode,
    ).toBe(200);
  });

  it('refuses a key without a usable name, and creates nothing', async () => {
    const org = await createOrg(t);
    for (const payload of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'ok', scopes: ['all'] }]) {
      const response = await asOwner(org, { method: 'POST', url: '/api/v1/api-keys', payload });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const revokeNotAUuid = await asOwner(org, { method: 'POST', url: '/api/v1/api-keys/not-a-uuid/revoke' });
    expect(revokeNotAUuid.statusCode).toBe(400);
    const list = (await asOwner(org, { method: 'GET', url: '/api/v1/api-keys' })).json().data;
    expect(list).toHaveLength(1);
  });
});
