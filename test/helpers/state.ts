/**
 * Everything an organization can see of itself (its admins and API keys included), read through its
 * own API key and its owner's session: tests take it before and after a request that must change
 * nothing, and compare.
 */
import { expect } from 'vitest';
import type { TestOrg } from './factories.ts';
import type { TestApp } from './test-app.ts';

export async function everythingOf(t: TestApp, org: TestOrg) {
  const read = async (url: string, headers: Record<string, string> = org.key) => {
    const response = await t.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, url).toBe(200);
    return url.endsWith('.csv') ? response.body : response.json();
  };
  const groups = await read('/api/v1/groups');
  const members: Record<string, unknown> = {};
  for (const group of groups.data) {
    members[group.id] = {
      list: await read(`/api/v1/groups/${group.id}/members?sort=email&limit=500`),
      csv: await read(`/api/v1/groups/${group.id}/members.csv`),
    };
  }
  return {
    users: await read('/api/v1/users?sort=email&limit=500'),
    departments: await read('/api/v1/departments'),
    groups,
    members,
    apiKeys: await read('/api/v1/api-keys', org.session),
    admins: await read('/api/v1/admins', org.session),
    audit: await read('/api/v1/audit-log?limit=500'),
    emails: await read('/api/v1/emails?limit=500'),
    mailSettings: await read('/api/v1/mail/settings', org.session),
    courses: await read('/api/v1/courses?status=all'),
    assignments: await read('/api/v1/assignments?limit=500'),
    phishingTemplates: await read('/api/v1/phishing/templates?status=all'),
    landingPages: await read('/api/v1/phishing/landing-pages?status=all'),
    me: await read('/api/v1/auth/me', org.session),
  };
}
