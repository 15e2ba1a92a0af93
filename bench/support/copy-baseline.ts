/**
 * The floor for an import: a plain `COPY … FROM STDIN (FORMAT csv, HEADER)` of the same file into a
 * bare table with no index, no constraint and no validation, on the same PostgreSQL server.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export async function timePlainCopy(databaseUrl: string, csv: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create table bench_plain_copy (
      email text, first_name text, last_name text, department text, language text, location text, groups text)`);
    const started = performance.now();
    await pipeline(
      Readable.from([Buffer.from(csv)]),
      client.query(copyFrom('copy bench_plain_copy from stdin with (format csv, header true)')),
    );
    const elapsed = performance.now() - started;
    const { rows } = await client.query('select count(*)::int as n from bench_plain_copy');
    if (rows[0].n < 1) throw new Error('COPY loaded no row');
    await client.query('drop table bench_plain_copy');
    return elapsed;
  } finally {
    await client.end();
  }
}
