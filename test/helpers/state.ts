/**
 * Everything an organization can see of itself (its admins and API keys included, its phishing
 * campaigns with every recipient's timeline, its phishing statistics and settings), read through its
 * own API key and its owner's session: tests take it before and after a request that must change
 * nothing, and compare.
 */
import { expect } from 'vitest';
import type { TestOrg } from './factories.ts';
import type { TestApp } from './test-app.ts';

/**
 * `phishingDetail: false` reads the campaigns list (funnels included) but not every campaign's
 * results, recipients, timelines and CSV: what a check of a route outside phishing needs (every
 * write is in the audit log anyway), at a fraction of the requests.
 */
export async function everythingOf(t: TestApp, org: TestOrg, options: { phishingDetail?: boolean } = {}) {
  const phishingDetail = options.phishingDetail ?? true;
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
  const campaigns = await read('/api/v1/phishing/campaigns?limit=200');
  const campaignResults: Record<string, unknown> = {};
  for (const campaign of phishingDetail ? campaigns.data : []) {
    const url = `/api/v1/phishing/campaigns/${campaign.id}`;
    const recipients = await read(`${url}/recipients?limit=200`);
    const timelines: Record<string, unknown> = {};
    for (const recipient of recipients.data) {
      timelines[recipient.id] = await read(`${url}/recipients/${recipient.id}`);
    }
    campaignResults[campaign.id] = {
      results: await read(`${url}/results`),
      recipients,
      timelines,
      csv: await read(`${url}/results.csv`),
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
    campaigns,
    campaignResults,
    phishingStats: phishingDetail ? await read('/api/v1/phishing/stats') : null,
    phishedUsers: await read('/api/v1/phishing/settings/phished-users'),
    me: await read('/api/v1/auth/me', org.session),
  };
}
