import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { arrayLiteral, integerArrayLiteral } from './array-literal.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The list the database reads from the literal. */
async function readBack(literal: string): Promise<(string | null)[]> {
  const result = await sql<{ values: (string | null)[] }>`select ${literal}::text[] as values`.execute(
    t.database.db,
  );
  return result.rows[0]!.values;
}

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b c', 'say "hi"', 'back\\slash', ''])).toBe(
      '{"a","b c","say \\"hi\\"","back\\\\slash",""}',
    );
  });

  it('writes a list with nothing to escape the same way, and escapes a list in which one element needs it', () => {
    expect(arrayLiteral(['a', 'b c', '', 'Zoë', 'x,y'])).toBe('{"a","b c","","Zoë","x,y"}');
    expect(arrayLiteral(['a', 'b', 'c"d', 'e'])).toBe('{"a","b","c\\"d","e"}');
    expect(arrayLiteral(['a', null, 'c'])).toBe('{"a",null,"c"}');
  });

  it('writes null bare and {} for an empty list', () => {
    expect(arrayLiteral(['a', null, 'NULL'])).toBe('{"a",null,"NULL"}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('escapes a list holding control characters or lone surrogates element by element', () => {
    expect(arrayLiteral(['a', 'line\nbreak', null])).toBe('{"a","line\nbreak",null}');
    expect(arrayLiteral(['\ud800'])).toBe('{"\ud800"}');
  });

  it('is read back by the database as the very list it was made from, whichever way it was written', async () => {
    const lists: (string | null)[][] = [
      ['a', 'b c', '', 'Zoë', 'x,y', '{braces}', ' padded ', 'NULL', 'null', null, '日本語', '🙂'],
      ['say "hi"', 'back\\slash', 'ends with \\', '\\"', '"', '\\', 'a\\nb (a backslash and an n)'],
      ['line\nbreak', 'tab\there', 'carriage\rreturn', 'bell\u0007', null, 'plain'],
      [],
      [null],
      [''],
    ];
    for (const list of lists) expect(await readBack(arrayLiteral(list))).toEqual(list);
  });
});

describe('integerArrayLiteral', () => {
  it('is read back by the database as the very list of integers and nulls it was made from', async () => {
    for (const list of [[1, null, 3], [], [null], [0, -7, 2147483647]]) {
      expect(integerArrayLiteral(list)).toBe(`{${list.map((v) => v ?? 'null').join(',')}}`);
      const result = await sql<{
        values: (number | null)[];
      }>`select ${integerArrayLiteral(list)}::int[] as values`.execute(t.database.db);
      expect(result.rows[0]!.values).toEqual(list);
    }
  });
});
