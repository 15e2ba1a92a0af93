/**
 * Phishing test helpers: a campaign's content from the built-in library, a launched campaign,
 * and the tracking server over the test app's database.
 */
import { sql } from 'kysely';
import { buildTrackingApp } from '../../src/modules/phishing/tracking/tracking.server.ts';
import type { TestOrg } from './factories.ts';
import type { TestApp } from './test-app.ts';

/** A browser's user agent: what a person's click looks like. */
export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export async function builtInContent(org: TestOrg) {
  const templates = (await org.request({ method: 'GET', url: '/api/v1/phishing/templates' })).json().data as {
    id: string;
    name: string;
    subject: string;
    senderAddress: string;
    redFlags: string[];
  }[];
  const pages = (await org.request({ method: 'GET', url: '/api/v1/phishing/landing-pages' })).json().data as {
    id: string;
    name: string;
  }[];
  return { templates, landingPage: pages[0]! };
}

export async function createCampaign(org: TestOrg, body: Record<string, unknown>) {
  const { templates, landingPage } = await builtInContent(org);
  const response = await org.request({
    method: 'POST',
    url: '/api/v1/phishing/campaigns',
    payload: {
      name: 'Quarterly test',
      templateIds: [templates[0]!.id],
      landingPageId: landingPage.id,
      ...body,
    },
  });
  if (response.statusCode !== 201) throw new Error(`create campaign failed: ${response.body}`);
  return response.json() as { id: string; status: string; [key: string]: unknown };
}

export async function launchCampaign(org: TestOrg, body: Record<string, unknown>) {
  const campaign = await createCampaign(org, body);
  const launched = await org.request({
    method: 'POST',
    url: `/api/v1/phishing/campaigns/${campaign.id}/launch`,
  });
  if (launched.statusCode !== 200) throw new Error(`launch failed: ${launched.body}`);
  return launched.json() as { id: string; status: string; recipientCount: number; [key: string]: unknown };
}

/**
 * Turns the Phished Users automation on with the organization's first built-in course as
 * remediation (other settings as given); answers the group and the course.
 */
export async function enablePhishedUsers(org: TestOrg, settings: Record<string, unknown> = {}) {
  const course = (await org.request({ method: 'GET', url: '/api/v1/courses' })).json().data[0] as {
    id: string;
  };
  const response = await org.request({
    method: 'PUT',
    url: '/api/v1/phishing/settings/phished-users',
    payload: {
      enabled: true,
      groupName: 'Phished Users',
      removeAfter: '1m',
      remediationCourseIds: [course.id],
      remediationDueDays: 7,
      ...settings,
    },
  });
  if (response.statusCode !== 200) throw new Error(`Phished Users settings refused: ${response.body}`);
  return { groupId: response.json().groupId as string, courseId: course.id };
}

/** Each recipient's token, by email (what the emails' links carry). */
export async function tokensOf(t: TestApp, orgId: string, campaignId: string) {
  const rows = await sql<{ email: string; token: string; id: string; user_id: string }>`
    select email, token, id, user_id from phishing_recipients
    where org_id = ${orgId}::uuid and campaign_id = ${campaignId}::uuid`.execute(t.container.database.db);
  return new Map(rows.rows.map((r) => [r.email, r]));
}

/** The tracking server over the test app's database and clock (inject requests into it). */
export function trackingServer(t: TestApp) {
  return buildTrackingApp({
    db: t.container.database.db,
    clock: t.clock,
    trustProxy: false,
  });
}
