/**
 * Test factories: every test makes its own organization, signed-in owner and API key.
 */
import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestOrg {
  orgId: string;
  ownerEmail: string;
  ownerId: string;
  /** Headers that authenticate as the organization's API key. */
  key: { authorization: string };
  apiKeyId: string;
  /** Cookie header of the owner's console session. */
  session: { cookie: string };
  /** app.inject as this organization's API key (or pass headers to override). */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export const uniqueSuffix = () => randomBytes(5).toString('hex');

export async function createOrg(t: TestApp, name = 'Acme'): Promise<TestOrg> {
  const ownerEmail = `owner-${uniqueSuffix()}@${name.toLowerCase().replace(/\W/g, '')}.test`;
  const { organization, owner } = await t.container.services.organizations.createWithOwner({
    organizationName: name,
    ownerEmail,
    ownerPassword: TEST_PASSWORD,
  });
  // Sign-in is rate-limited per IP; each test organization signs in from an address of its own.
  const [a, b, c] = randomBytes(3);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: `10.${a}.${b}.${c}`,
    payload: { email: ownerEmail, password: TEST_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { cookie },
    payload: { name: 'test key' },
  });
  if (created.statusCode !== 201) throw new Error(`api key failed: ${created.body}`);
  const { secret, apiKey } = created.json();
  const key = { authorization: `Bearer ${secret}` };
  return {
    orgId: organization.id,
    ownerEmail,
    ownerId: owner.id,
    key,
    apiKeyId: apiKey.id,
    session: { cookie },
    request: (options) => t.app.inject({ ...options, headers: { ...key, ...(options.headers ?? {}) } }),
  };
}

/** Creates users through the API and returns them in the order given. */
export async function createUsers(org: TestOrg, users: Array<Record<string, unknown>>) {
  const created = [];
  for (const user of users) {
    const response = await org.request({ method: 'POST', url: '/api/v1/users', payload: user });
    if (response.statusCode !== 201) throw new Error(`create user failed: ${response.body}`);
    created.push(response.json());
  }
  return created as Array<{ id: string; email: string; [key: string]: unknown }>;
}

export async function createGroup(org: TestOrg, name: string): Promise<{ id: string; name: string }> {
  const response = await org.request({ method: 'POST', url: '/api/v1/groups', payload: { name } });
  if (response.statusCode !== 201) throw new Error(`create group failed: ${response.body}`);
  return response.json();
}

/** Adds users to a group through the API (what an admin's "Add members" does). */
export async function addMembers(org: TestOrg, groupId: string, userIds: string[]) {
  const response = await org.request({
    method: 'POST',
    url: `/api/v1/groups/${groupId}/members`,
    payload: { userIds },
  });
  if (response.statusCode !== 200) throw new Error(`add members failed: ${response.body}`);
  return response.json() as {
    added: number;
    alreadyMembers: number;
    notFound: { userIds: string[]; emails: string[] };
  };
}
