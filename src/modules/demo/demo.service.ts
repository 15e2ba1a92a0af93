/**
 * `heed demo`: an organization with realistic users to click around in. Goes through the same
 * services an admin would use (organization, import, groups, memberships).
 */
import { sql } from 'kysely';
import type { Services } from '../../container.ts';
import { systemContext } from '../../platform/context.ts';
import { randomToken } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';

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

export async function seedDemo(services: Services, database: Database, userCount = 300) {
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
  return { organization, email: DEMO_ADMIN_EMAIL, password, users: report.created };
}
