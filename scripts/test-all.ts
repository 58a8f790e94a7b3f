// `npm test`: typecheck (per-layer tsconfigs), lint (layer rules), build, unit tests, then the e2e
// suite in browser mode. Ends with one summary line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/app';

const bin = (pkg: string, file: string) => join(ROOT, 'node_modules', pkg, file);
const node = process.execPath;
const LAYERS = ['shared', 'electron', 'renderer', 'scripts'];

interface Step { name: string; cmd: string; args: string[] }
const steps: Step[] = [
  ...LAYERS.map((l) => ({ name: `typecheck ${l}`, cmd: node, args: [bin('typescript', 'bin/tsc'), '-p', l] })),
  { name: 'lint', cmd: node, args: [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings=0'] },
  { name: 'build', cmd: node, args: [bin('electron-vite', 'bin/electron-vite.js'), 'build'] },
  { name: 'unit tests', cmd: node, args: [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.cache/reports/unit.json'] },
  { name: 'e2e tests', cmd: node, args: [bin('@playwright/test', 'cli.js'), 'test'] },
];

const only = process.argv.slice(2);
// Reports live outside test-results/, which Playwright empties when it starts.
const REPORTS = join(ROOT, '.cache', 'reports');
mkdirSync(REPORTS, { recursive: true });
for (const f of ['unit.json', 'e2e.json']) rmSync(join(REPORTS, f), { force: true });

const failedSteps: string[] = [];
const started = Date.now();
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  const t0 = Date.now();
  console.log(`\n=== ${step.name}`);
  const r = spawnSync(step.cmd, step.args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  console.log(`=== ${step.name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failedSteps.push(step.name);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const unitFile = join(REPORTS, 'unit.json');
if (existsSync(unitFile)) {
  const u = JSON.parse(readFileSync(unitFile, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number };
  passed += u.numPassedTests;
  failed += Math.max(u.numFailedTests, u.numFailedTestSuites);
  skipped += u.numPendingTests + u.numTodoTests;
}
const e2eFile = join(REPORTS, 'e2e.json');
if (existsSync(e2eFile)) {
  const e = JSON.parse(readFileSync(e2eFile, 'utf8')) as { stats: { expected: number; unexpected: number; skipped: number; flaky: number } };
  passed += e.stats.expected + e.stats.flaky;
  failed += e.stats.unexpected;
  skipped += e.stats.skipped;
}
// A step that failed without test counts of its own (typecheck, lint, build, a runner that
// could not start) counts as one failure, so the summary never reads green when a step failed.
const countedSteps = ['unit tests', 'e2e tests'];
failed += failedSteps.filter((s) => !countedSteps.includes(s)).length;
if (failed === 0 && failedSteps.length > 0) failed = failedSteps.length;
console.log(`\nSteps failed: ${failedSteps.length ? failedSteps.join(', ') : 'none'} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
