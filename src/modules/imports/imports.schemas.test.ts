import { describe, expect, it } from 'vitest';
import {
  importRowSchema,
  normalizeImportRow,
  parsePlainCsvRecord,
  parsePlainImportRow,
} from './imports.schemas.ts';
import { recordToObject } from './imports.service.ts';

const long = (n: number) => 'x'.repeat(n);

// Rows around every rule of the schema: each is either accepted by both with the same result, or
// left to zod by the plain parser.
const rows: unknown[] = [
  { email: 'ada@acme.test' },
  { email: '  ada@acme.test  ', firstName: ' Ada ', lastName: 'Lovelace', groups: [' Pilot ', 'All'] },
  {
    email: 'o.brien+tag@sub.acme.test',
    firstName: "D'Arcy",
    department: 'R&D',
    language: 'pt-BR',
    location: 'New York, NY',
  },
  { email: 'ada@acme.test', firstName: null, lastName: undefined, department: null, groups: null },
  { email: 'ada@acme.test', firstName: '', groups: [] },
  {
    email: 'ada@acme.test',
    firstName: long(100),
    location: long(200),
    language: long(35),
    department: long(100),
  },
  { email: 'ada@acme.test', firstName: long(101) },
  { email: 'ada@acme.test', firstName: `  ${long(100)}  ` },
  { email: 'ada@acme.test', location: long(201) },
  { email: 'ada@acme.test', language: long(36) },
  { email: 'ada@acme.test', department: long(101) },
  { email: 'ada@acme.test', groups: [long(101)] },
  { email: 'ada@acme.test', groups: Array.from({ length: 50 }, (_, i) => `g${i}`) },
  { email: 'ada@acme.test', groups: Array.from({ length: 51 }, (_, i) => `g${i}`) },
  { email: 'ada@acme.test', groups: 'Pilot' },
  { email: 'ada@acme.test', groups: [1] },
  { email: 'ada@acme.test', firstName: 42 },
  { email: 'ada@acme.test', nickname: 'A' },
  { email: `${long(250)}@a.io` },
  { email: `${long(240)}@acme.test` },
  { email: 'not-an-email' },
  { email: 'ada@acme' },
  { email: 'ada..x@acme.test' },
  { email: '   ' },
  { email: '' },
  { email: 7 },
  { firstName: 'No email' },
  {},
  null,
  'ada@acme.test',
  ['ada@acme.test'],
];

describe('parsePlainImportRow', () => {
  it.each(rows.map((row) => [JSON.stringify(row)?.slice(0, 80), row]))(
    'agrees with the zod schema on %s',
    (_, row) => {
      const plain = parsePlainImportRow(row);
      const zod = importRowSchema.safeParse(row);
      if (plain !== undefined) {
        expect(zod.success).toBe(true);
        expect(plain).toEqual(zod.data);
      } else if (zod.success) {
        throw new Error('a row zod accepts should not be left to zod');
      }
    },
  );
});

describe('parsePlainCsvRecord', () => {
  const fields = ['email', 'firstName', 'lastName', 'department', 'language', 'location', 'groups'] as const;
  const records: string[][] = [
    ['ada@acme.test'],
    ['  ada@acme.test ', ' Ada ', '', '  ', 'en', 'New York, NY', ' Pilot ; ;All '],
    ['ada@acme.test', long(100), long(101)],
    ['ada@acme.test', `  ${long(100)}  `],
    ['ada@acme.test', '', '', long(101)],
    ['ada@acme.test', '', '', '', long(36)],
    ['ada@acme.test', '', '', '', '', long(201)],
    ['ada@acme.test', '', '', '', '', '', long(101)],
    ['ada@acme.test', '', '', '', '', '', Array.from({ length: 50 }, (_, i) => `g${i}`).join(';')],
    ['ada@acme.test', '', '', '', '', '', Array.from({ length: 51 }, (_, i) => `g${i}`).join(';')],
    ['ada@acme.test', '', '', '', '', '', ';;'],
    ['not-an-email', 'Ada'],
    [`${long(250)}@a.io`],
    ['   ', 'Ada'],
    ['', 'Ada'],
    [],
  ];
  it.each(records.map((record) => [JSON.stringify(record).slice(0, 80), record]))(
    'reads %s as the plain parser reads the object a CSV row becomes',
    (_, record) => {
      const direct = parsePlainCsvRecord(record, fields, 7);
      const viaObject = parsePlainImportRow(recordToObject(record, fields));
      expect(direct).toEqual(viaObject && normalizeImportRow(7, viaObject));
    },
  );

  it('skips columns that map to no field', () => {
    expect(parsePlainCsvRecord(['Ada@acme.test', 'ignored'], ['email', null], 2)).toEqual({
      row: 2,
      email: 'Ada@acme.test',
      emailKey: 'ada@acme.test',
      firstName: '',
      lastName: '',
      department: null,
      language: null,
      location: null,
      groups: [],
    });
  });
});
