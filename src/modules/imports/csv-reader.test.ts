import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-reader.ts';

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

  it('drops a UTF-8 byte order mark and blank lines', () => {
    expect(readCsv('\uFEFFEmail\n\na@b.co\n\n')).toEqual([['Email'], ['a@b.co']]);
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
