import { describe, expect, it } from 'vitest';
import { attachmentDisposition, csvCell, csvLine } from './csv-writer.ts';

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it('quotes commas, quotes and line breaks and leaves plain text alone', () => {
    expect(csvCell('Doe, Jane')).toBe('"Doe, Jane"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
  });

  it('ends each line with CRLF', () => {
    expect(csvLine(['a', null, 'b'])).toBe('a,,b\r\n');
  });
});

describe('attachmentDisposition', () => {
  it('names the file plainly when it is ASCII', () => {
    expect(attachmentDisposition('Sales-users-2026-11-26.csv')).toBe(
      'attachment; filename="Sales-users-2026-11-26.csv"',
    );
  });

  it('adds a UTF-8 form for other names and never lets a quote through', () => {
    const header = attachmentDisposition('Équipe "A"-users-2026-11-26.csv');
    expect(header).toContain('filename="_quipe _A_-users-2026-11-26.csv"');
    expect(header).toContain("filename*=UTF-8''%C3%89quipe%20%22A%22-users-2026-11-26.csv");
  });
});
