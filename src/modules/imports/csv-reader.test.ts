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
