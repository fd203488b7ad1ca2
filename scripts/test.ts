// npm test — every check, in order: types, lint, unit + integration (vitest, real Postgres),
// end to end (Playwright, real Chromium). All stages run; the summary decides the exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

type Stage = { name: string; command: string[]; counts?: () => { passed: number; failed: number; skipped: number } };

const readJson = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const stages: Stage[] = [
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  {
    name: 'vitest',
    command: ['npx', 'vitest', 'run'],
    counts: () => {
      const report = readJson('test-results/vitest.json');
      return report
        ? { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests }
        : { passed: 0, failed: 1, skipped: 0 };
    },
  },
  {
    name: 'playwright',
    command: ['npx', 'playwright', 'test'],
    counts: () => {
      const report = readJson('test-results/playwright.json');
      return report
        ? { passed: report.stats.expected, failed: report.stats.unexpected + report.stats.flaky, skipped: report.stats.skipped }
        : { passed: 0, failed: 1, skipped: 0 };
    },
  },
];

rmSync('test-results/vitest.json', { force: true });
rmSync('test-results/playwright.json', { force: true });

const results: { name: string; ok: boolean; seconds: number }[] = [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const stage of stages) {
  console.log(`\n▶ ${stage.name}: ${stage.command.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(stage.command[0]!, stage.command.slice(1), { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const counts = stage.counts?.() ?? (run.status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 });
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  results.push({ name: stage.name, ok: run.status === 0 && counts.failed === 0, seconds: (Date.now() - started) / 1000 });
}

console.log('\nSummary');
for (const result of results) console.log(`  ${result.ok ? '✓' : '✗'} ${result.name.padEnd(11)} ${result.seconds.toFixed(1)} s`);
if (skipped > 0) console.log(`  ✗ ${skipped} skipped test(s): every test must run`);
const ok = results.every((result) => result.ok) && skipped === 0;
console.log(`\nTests: ${passed} passed, ${ok ? failed : Math.max(failed, 1)} failed`);
process.exit(ok ? 0 : 1);
