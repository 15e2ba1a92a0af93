/**
 * `npm run bench` runs every benchmark, one after another, and prints one table;
 * `npm run bench -- <name> [<name>…]` runs only those. Exit code 1 when a target is missed.
 * Each benchmark sets up and tears down its own database and server; see docs/PERFORMANCE.md.
 */
import { cpus, loadavg } from 'node:os';
import { benchmark as assignCourse } from './assign-course.ts';
import { benchmark as assignMembers } from './assign-members.ts';
import { benchmark as bulkUpsert } from './bulk-upsert.ts';
import { benchmark as bulkUpsertPglite } from './bulk-upsert-pglite.ts';
import { benchmark as consoleBench } from './console.ts';
import { benchmark as exportCsv } from './export-csv.ts';
import { benchmark as idleMemory } from './idle-memory.ts';
import { benchmark as membersPage } from './members-page.ts';
import { benchmark as phishingCampaign } from './phishing-campaign.ts';
import { benchmark as phishingClick } from './phishing-click.ts';
import { benchmark as reminders } from './reminders.ts';
import type { Benchmark, Measurement } from './support/results.ts';
import { printTable } from './support/results.ts';
import { benchmark as throughput } from './throughput.ts';

const ALL: Benchmark[] = [
  bulkUpsert,
  bulkUpsertPglite,
  assignMembers,
  exportCsv,
  membersPage,
  throughput,
  idleMemory,
  assignCourse,
  reminders,
  phishingClick,
  phishingCampaign,
  consoleBench,
];

const names = process.argv.slice(2).filter((a) => a !== '--');
const unknown = names.filter((n) => !ALL.some((b) => b.name === n));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark: ${unknown.join(', ')}\nAvailable:\n`);
  for (const b of ALL) process.stderr.write(`  ${b.name.padEnd(20)} ${b.description}\n`);
  process.exit(2);
}
const selected = names.length > 0 ? ALL.filter((b) => names.includes(b.name)) : ALL;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
process.stdout.write(
  `Heed benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load()}\n`,
);
const rows: Measurement[] = [];
for (const benchmark of selected) {
  const started = performance.now();
  process.stdout.write(`\n▶ ${benchmark.name}: ${benchmark.description}\n`);
  try {
    const results = await benchmark.run();
    rows.push(...results);
    printTable(results);
  } catch (error) {
    rows.push({
      benchmark: benchmark.name,
      target: 'run',
      measured: `error: ${(error as Error).message.split('\n')[0]}`,
      pass: false,
    });
    process.stderr.write(`${(error as Error).stack}\n`);
  }
  process.stdout.write(
    `  (${((performance.now() - started) / 1000).toFixed(0)} s, load average ${load()})\n`,
  );
}
process.stdout.write('\nSummary\n');
printTable(rows);
process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
