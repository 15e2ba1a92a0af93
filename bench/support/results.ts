/** What a benchmark reports: one row per target, printed as a table by bench/run.ts. */

export interface Measurement {
  benchmark: string;
  target: string;
  measured: string;
  /** null: a figure printed for reference, with no target to meet. */
  pass: boolean | null;
  ratio?: string;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Measurement[]>;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(2)} ms`;
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A measurement against an upper bound ("≤ 2 s"). */
export function atMost(
  benchmark: string,
  target: string,
  value: number,
  limit: number,
  format: (v: number) => string,
  ratio?: string,
): Measurement {
  return { benchmark, target, measured: format(value), pass: value <= limit, ratio };
}

/** A measurement against a lower bound ("≥ 3,000 requests/s"). */
export function atLeast(
  benchmark: string,
  target: string,
  value: number,
  limit: number,
  format: (v: number) => string,
  ratio?: string,
): Measurement {
  return { benchmark, target, measured: format(value), pass: value >= limit, ratio };
}

export function printTable(rows: Measurement[], out: NodeJS.WritableStream = process.stdout) {
  const header = ['benchmark', 'target', 'measured', 'result', 'ratio'];
  const cells = rows.map((r) => [
    r.benchmark,
    r.target,
    r.measured,
    r.pass === null ? 'info' : r.pass ? 'pass' : 'FAIL',
    r.ratio ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |\n`;
  out.write(line(header));
  out.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const c of cells) out.write(line(c));
}

/** Runs a single benchmark module as a script: `tsx bench/<name>.ts`. */
export async function runAlone(benchmark: Benchmark) {
  const rows = await benchmark.run();
  printTable(rows);
  process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
