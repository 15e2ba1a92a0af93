/**
 * CSV cells for reports opened in spreadsheets. A cell starting with =, +, -, @, tab or carriage
 * return is prefixed with a single quote so it is shown as text, never run as a formula (OWASP
 * "CSV Injection"); cells with commas, quotes or line breaks are quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** `attachment; filename="…"`, with an RFC 5987 UTF-8 form too when the name is not plain ASCII. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const header = `attachment; filename="${ascii}"`;
  return ascii === filename ? header : `${header}; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The same cell as `csvCell`, computed by PostgreSQL from a text expression, so a large report can be
 * formatted where its rows are instead of as one JavaScript object per row (see exports.repository.ts).
 * csv-writer-sql.test.ts checks both agree.
 */
export function csvCellSql(expression: string): string {
  const safe = `(case when ${expression} ~ '^[=+@\\t\\r-]' then '''' || ${expression} else ${expression} end)`;
  return (
    `(case when ${expression} is null then '' ` +
    // Most cells need neither prefix nor quotes: one regex tells, and they are written as they are.
    `when ${expression} !~ '^[=+@\\t\\r-]|[",\\r\\n]' then ${expression} ` +
    `when ${expression} ~ '[",\\r\\n]' then '"' || replace(${safe}, '"', '""') || '"' ` +
    `else ${safe} end)`
  );
}
