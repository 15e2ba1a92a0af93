import { describe, expect, it } from 'vitest';
import { isBlankRecord, readCsv } from './csv-reader.ts';

describe('readCsv', () => {
  it('splits plain records on commas and line ends of every kind', () => {
    expect(readCsv('a,b\n1,2\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(readCsv('name,note\n"Doe, Jane","said ""hi""\nthen left"\n')).toEqual([
      ['name', 'note'],
      ['Doe, Jane', 'said "hi"\nthen left'],
    ]);
  });

  it('drops a UTF-8 byte order mark and keeps blank lines as blank records, so positions match rows', () => {
    const records = readCsv('\uFEFFEmail\n\na@b.co\n\n');
    expect(records).toEqual([['Email'], [''], ['a@b.co'], ['']]);
    expect(records.map(isBlankRecord)).toEqual([false, true, false, true]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(readCsv('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('refuses a quoted field that is never closed', () => {
    expect(() => readCsv('a\n"open')).toThrow(/never closed/);
  });

  it('refuses text after a closing quote', () => {
    expect(() => readCsv('"a"b,c')).toThrow(/after a closing quote/);
  });
});

describe('readCsv splitting plain lines natively', () => {
  // Deterministic random CSV text from pieces that exercise every rule: quotes, doubled quotes,
  // commas and line breaks inside quotes, CRLF, lone CR, blank lines, empty and trailing fields.
  const pieces = [
    'a',
    'Doe',
    ' x ',
    '',
    ',',
    '\n',
    '\r\n',
    '"q,1"',
    '"say ""hi"""',
    '"two\nlines"',
    ';',
    'é',
  ];
  function randomText(seed: number, length: number) {
    let state = seed;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    let text = '';
    for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
    // One file in five also has a lone CR.
    return seed % 5 === 0 ? text.replace('\n', '\r') : text;
  }

  it('reads 500 random files exactly as the character-by-character reader does', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const text = randomText(seed, 5 + (seed % 60));
      const slow = () => readCsv(text, { splitPlainLines: false });
      const fast = () => readCsv(text);
      let expected: string[][] | Error;
      try {
        expected = slow();
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error) expect(fast).toThrow(expected.message);
      else expect(fast()).toEqual(expected);
    }
  });
});
