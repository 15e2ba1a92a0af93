/**
 * A realistic, deterministic import file: unique emails, first and last names, ~20 departments,
 * a handful of languages and locations, and 0–2 groups per user (names separated by ";").
 */

/** A list written as one '|'-separated string, to keep the data compact. */
const words = (list: string) => list.split('|');

const FIRST_NAMES = words(
  "Olivia|Liam|Emma|Noah|Amelia|Oliver|Sophia|Elijah|Charlotte|James|Ava|Lucas|Mia|Mateo|Isabella|Theo|Léa|Jonas|Chloé|Lukas|Zoë|Hannah|Finn|Emilia|Ben|Sofía|Hugo|Aiko|Haruto|Priya|Arjun|Fatima|Omar|Ingrid|Sven|Marta|Giulia|Luca|Ana|João|D'Arcy|Seán|Zsófia",
);
const LAST_NAMES = words(
  "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Müller|Schmidt|Schneider|Fischer|Dubois|Lefèvre|Moreau|Rossi|Russo|Ferrari|Sato|Suzuki|Takahashi|Patel|Sharma|Khan|Nguyen|Kim|Lee|Andersson|Johansson|Nowak|Kowalski|Silva|Santos|O'Brien|van der Berg|de Vries|Jansen|Novák",
);
const DEPARTMENTS = words(
  'Engineering|Sales|Marketing|Finance|Human Resources|Legal|Customer Support|Operations|IT|Security|Product|Design|Procurement|Facilities|Research|Quality Assurance|Logistics|Communications|Executive Office|Data & Analytics',
);
const LANGUAGES = ['en', 'en', 'en', 'de', 'fr', 'es', 'nl', 'it', 'pt-BR', 'ja', 'pl', 'sv'];
const LOCATIONS = words(
  'London|Berlin|Paris|Madrid|Amsterdam|Milan|São Paulo|Tokyo|Warsaw|Stockholm|New York, NY|Austin, TX|Toronto|Remote',
);
const GROUPS = words(
  'All Staff Training|Phishing Pilot|New Hires 2026|Managers|Finance Approvers|Privileged Access|Remote Workers|Executives|Contractors|Security Champions',
);

/** Small, fast, seedable PRNG (mulberry32), so every run imports the same file. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface GeneratedUsers {
  csv: string;
  emails: string[];
}

/** `withGroups: false` leaves the Groups cells empty (seeding a group without the other ten). */
export function generateUsersCsv(
  count: number,
  options: { seed?: number; withGroups?: boolean } = {},
): GeneratedUsers {
  const withGroups = options.withGroups ?? true;
  const next = random(options.seed ?? 42);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const lines = ['Email,First Name,Last Name,Department,Language,Location,Groups'];
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const local = `${first}.${last}`
      .normalize('NFD')
      .replace(/[^A-Za-z.]/g, '')
      .toLowerCase();
    const email = `${local}.${i}@example.com`;
    emails.push(email);
    const groupCount = Math.floor(next() * 3);
    const groups = new Set<string>();
    for (let g = 0; g < groupCount; g++) groups.add(pick(GROUPS));
    if (!withGroups) groups.clear();
    lines.push(
      [email, first, last, pick(DEPARTMENTS), pick(LANGUAGES), pick(LOCATIONS), [...groups].join(';')]
        .map(quote)
        .join(','),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, emails };
}
