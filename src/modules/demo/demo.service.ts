/**
 * `heed demo`: an organization with realistic users to click around in. Goes through the same
 * services an admin would use (organization, import, groups, memberships).
 */
import { sql } from 'kysely';
import type { Services } from '../../container.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import { randomToken } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import { scannerByRequest } from '../phishing/tracking/scanners.ts';
import { createTrackingRecorder } from '../phishing/tracking/tracking.recorder.ts';

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sophia',
  'Elijah',
  'Isabella',
  'Lucas',
  'Mia',
  'Mateo',
  'Charlotte',
  'Levi',
  'Ava',
  'Ethan',
  'Harper',
  'Aarav',
  'Yuki',
  'Fatima',
  'Chen',
  'Ingrid',
  'Diego',
  'Zoe',
  'Kwame',
  'Priya',
  'Lars',
  'Amara',
  'Jonas',
  'Leila',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Garcia',
  'Müller',
  'Brown',
  'Nakamura',
  'Okafor',
  'Rossi',
  'Kowalski',
  'Dubois',
  'Silva',
  'Andersen',
  'Patel',
  'Kim',
  'Novak',
  'Haddad',
  'Walker',
  'Lopez',
  "O'Brien",
  'Schmidt',
];
const DEPARTMENTS = [
  { name: 'Engineering', share: 0.3 },
  { name: 'Sales', share: 0.2 },
  { name: 'Marketing', share: 0.12 },
  { name: 'Finance', share: 0.12 },
  { name: 'Human Resources', share: 0.1 },
  { name: 'Operations', share: 0.16 },
];
const LOCATIONS = ['London', 'Berlin', 'New York', 'Lisbon', 'Singapore'];
const LANGUAGES: Record<string, string> = {
  London: 'en',
  Berlin: 'de',
  'New York': 'en',
  Lisbon: 'pt',
  Singapore: 'en',
};

/** The department whose share of the cumulative distribution contains `point` (0 ≤ point < 1). */
function departmentAt(point: number): string {
  let cumulative = 0;
  for (const department of DEPARTMENTS) {
    cumulative += department.share;
    if (point < cumulative) return department.name;
  }
  return DEPARTMENTS.at(-1)!.name;
}

export const DEMO_ADMIN_EMAIL = 'admin@demo-co.example';

export async function seedDemo(services: Services, database: Database, clock: Clock, userCount = 300) {
  const password = `demo-${randomToken(9)}`;
  const { organization } = await services.organizations.createWithOwner({
    organizationName: 'Demo Co',
    ownerEmail: DEMO_ADMIN_EMAIL,
    ownerPassword: password,
    ownerName: 'Demo Admin',
  });
  const ctx = systemContext(organization.id, 'heed demo');
  const users = Array.from({ length: userCount }, (_, i) => {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    // Every first name meets every last name once before any pair repeats (600 distinct people).
    const last = LAST_NAMES[(Math.floor(i / FIRST_NAMES.length) + i) % LAST_NAMES.length]!;
    const department = departmentAt((i * 0.618) % 1);
    const location = LOCATIONS[i % LOCATIONS.length]!;
    const groups = [
      location === 'Berlin' || location === 'Lisbon' ? 'EMEA Offices' : null,
      i % 9 === 0 ? 'New Joiners' : null,
    ];
    const emailName = `${first}.${last}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    return {
      email: `${emailName}${i >= FIRST_NAMES.length * LAST_NAMES.length ? i : ''}@demo-co.example`,
      firstName: first,
      lastName: last,
      department,
      language: LANGUAGES[location],
      location,
      groups: groups.filter((g): g is string => g !== null),
    };
  });
  const report = await services.imports.importJson(ctx, users, { dryRun: false });
  await services.groups.create(ctx, 'Executives');
  // Some people have used the learner portal: give them a last login in the past two months.
  await sql`
    update users set last_login_at = now() - (abs(hashtext(email)) % 5000000) * interval '1 second'
    where org_id = ${organization.id}::uuid and abs(hashtext(email)) % 3 <> 0`.execute(database.db);
  await seedDemoPhishing(services, database, clock, organization.id);
  return { organization, email: DEMO_ADMIN_EMAIL, password, users: report.created };
}

/** A stable pseudo-random number in [0, 1) per person and purpose. */
function chance(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) / 2 ** 32;
}

/**
 * Two campaigns with history: one completed two months ago to everyone, one under way to the EMEA
 * offices; the Phished Users automation on with a remediation course. Their emails are marked sent
 * in the past (there is no SMTP server in a demo) and the people's opens, clicks, submissions,
 * reports and some mail scanners' requests go through the tracking server's own recorder, so the
 * automation, the funnel and the suppression work as they would for real.
 */
async function seedDemoPhishing(services: Services, database: Database, clock: Clock, orgId: string) {
  const ctx = systemContext(orgId, 'heed demo');
  const { db } = database;
  const courses = await services.training.listCourses(orgId, 'active');
  await services.phishedUsers.updateSettings(ctx, {
    enabled: true,
    groupName: 'Phished Users',
    removeAfter: '3m',
    remediationCourseIds: courses.slice(0, 1).map((c) => c.id),
    remediationDueDays: 14,
  });
  const templates = await services.phishing.listTemplates(orgId, { status: 'active' });
  const pages = await services.phishing.listLandingPages(orgId, { status: 'active' });
  const departments = await db.selectFrom('departments').select('id').where('org_id', '=', orgId).execute();
  const emea = await db
    .selectFrom('groups')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', 'EMEA Offices')
    .executeTakeFirstOrThrow();
  const recorder = createTrackingRecorder({ db, clock });
  const DAY = 24 * 3600_000;
  const now = clock.now().getTime();

  const plans = [
    {
      name: 'Q3 password expiry',
      templates: templates.slice(0, 2),
      audience: { groupIds: [], departmentIds: departments.map((d) => d.id), userIds: [] },
      launchedDaysAgo: 62,
      rates: { open: 0.55, click: 0.24, submit: 0.11, report: 0.12 },
      completed: true,
    },
    {
      name: 'Q4 shared invoice',
      templates: templates.slice(2, 4),
      audience: { groupIds: [emea.id], departmentIds: [], userIds: [] },
      launchedDaysAgo: 2,
      rates: { open: 0.5, click: 0.14, submit: 0.06, report: 0.22 },
      completed: false,
    },
  ];
  for (const plan of plans) {
    const draft = await services.campaigns.create(ctx, {
      name: plan.name,
      templateIds: plan.templates.map((t) => t.id),
      landingPageId: pages[0]!.id,
      ...plan.audience,
      launchAt: null,
      sendWindowMinutes: 120,
      failOn: ['clicked', 'submitted'],
      endsAt: null,
    });
    await services.campaigns.launch(ctx, draft.id);
    const launchedAt = new Date(now - plan.launchedDaysAgo * DAY);
    // Back in time: the launch, each send time, and the emails sent then.
    await sql`
      update phishing_campaigns set launched_at = ${launchedAt}, launch_at = ${launchedAt}, created_at = ${launchedAt}
      where org_id = ${orgId}::uuid and id = ${draft.id}::uuid`.execute(db);
    await sql`
      update phishing_recipients set send_at = send_at - (${now - launchedAt.getTime()} * interval '1 millisecond')
      where org_id = ${orgId}::uuid and campaign_id = ${draft.id}::uuid`.execute(db);
    await sql`
      update emails e set status = 'sent', created_at = r.send_at, next_attempt_at = r.send_at, sent_at = r.send_at, attempts = 1
      from phishing_recipients r
      where r.org_id = ${orgId}::uuid and r.campaign_id = ${draft.id}::uuid
        and e.org_id = r.org_id and e.idempotency_key = 'phishing:' || r.id`.execute(db);
    const recipients = await db
      .selectFrom('phishing_recipients')
      .select(['token', 'email', 'send_at'])
      .where('org_id', '=', orgId)
      .where('campaign_id', '=', draft.id)
      .execute();
    const events: Promise<unknown>[] = [];
    for (const r of recipients) {
      const sent = new Date(r.send_at).getTime();
      const at = (minutes: number) => new Date(sent + minutes * 60_000);
      const person = { token: r.token, ip: '192.0.2.10', userAgent: DEMO_BROWSER, suppressedReason: null };
      const roll = (what: string) => chance(`${plan.name}:${r.email}:${what}`);
      if (roll('scanner') < 0.06) {
        events.push(recorder.record({ ...person, kind: 'bait', at: at(0.2), ip: '198.51.100.25' }));
        events.push(
          recorder.record({
            ...person,
            kind: 'clicked',
            at: at(0.25),
            ip: '198.51.100.25',
            userAgent: DEMO_SCANNER,
            suppressedReason: scannerByRequest('GET', DEMO_SCANNER),
          }),
        );
      }
      if (roll('open') >= plan.rates.open) continue;
      events.push(recorder.record({ ...person, kind: 'opened', at: at(30 + roll('t') * 600) }));
      if (roll('click') < plan.rates.click / plan.rates.open) {
        events.push(recorder.record({ ...person, kind: 'clicked', at: at(40 + roll('t') * 600) }));
        if (roll('submit') < plan.rates.submit / plan.rates.click) {
          events.push(recorder.record({ ...person, kind: 'submitted', at: at(41 + roll('t') * 600) }));
        }
      } else if (roll('report') < plan.rates.report / plan.rates.open) {
        events.push(recorder.record({ ...person, kind: 'reported', at: at(35 + roll('t') * 600) }));
      }
    }
    await Promise.all(events);
    await services.campaigns.advance();
    if (plan.completed) {
      const endedAt = new Date(launchedAt.getTime() + 14 * DAY);
      await sql`
        update phishing_campaigns set status = 'completed', ends_at = ${endedAt}, completed_at = ${endedAt}
        where org_id = ${orgId}::uuid and id = ${draft.id}::uuid`.execute(db);
    }
  }
}

const DEMO_BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const DEMO_SCANNER = 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))';
