import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvCellSql } from './csv-writer.ts';

const TRICKY = [
  null,
  '',
  'plain',
  'Doe, Jane',
  'say "hi"',
  'two\nlines',
  'carriage\rreturn',
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  '\tTab',
  '\rCR',
  '=HYPERLINK("http://x")',
  "O'Brien",
  'Zoë Léa-Müller',
  'a-b=c',
];

describe('csvCellSql', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  it('formats every cell exactly as csvCell does', async () => {
    for (const value of TRICKY) {
      const { rows } = await db.query<{ cell: string }>(`select ${csvCellSql('$1::text')} as cell`, [value]);
      expect(rows[0]?.cell, JSON.stringify(value)).toBe(csvCell(value));
    }
  });
});
