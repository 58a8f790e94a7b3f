// The command line: `npm run cli -- <command> …`. Each command calls the same backend code the app uses.
import { resolve } from 'node:path';
import { createDemoProject } from '../electron/backend';
import { openProject } from '../electron/store';
import { APP_VERSION, ROOT } from './lib/app';
import { evaluateProject, resolveScenario } from '../electron/backend/evaluation';
import { ASSIGNMENT_METHODS, type AssignmentMethod } from '../shared/engine/types';
import { LEVELS, type Level } from '../shared/model';
import { formatEvaluation } from './lib/format-evaluation';
import { join } from 'node:path';
import { statSync } from 'node:fs';

const USAGE = `Usage: npm run cli -- <command>
  demo OUT.sqlite [--overwrite]   write the demo county project to OUT.sqlite
  info PROJECT                    print a project's counts
  evaluate PROJECT [--scenario NAME] [--level primary|junior|senior] [--method catchment|nearest|network|capacity]
           [--profile walking|driving] [--json]
                                  print the scenario's indicators (the figures the app shows)`;

function demo(args: string[]): void {
  const out = args.find((a) => !a.startsWith('--'));
  if (!out) throw new Error(`demo needs an output file\n${USAGE}`);
  const started = performance.now();
  const store = createDemoProject(resolve(out), join(ROOT, 'resources'), APP_VERSION, { overwrite: args.includes('--overwrite') }, (phase, done, total) =>
    process.stderr.write(`  ${phase} (${done}/${total})\n`));
  const counts = { schools: store.schools.count(), residences: store.residences.count(), catchments: store.catchments.count(), roads: store.roads.count() };
  store.close();
  const bytes = statSync(resolve(out)).size;
  console.log(`Wrote ${resolve(out)}: ${counts.schools} schools, ${counts.residences} residence units, ${counts.catchments} catchments, ${counts.roads} roads; ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function info(args: string[]): void {
  const path = args[0];
  if (!path) throw new Error(`info needs a project file\n${USAGE}`);
  const store = openProject(resolve(path), { appVersion: APP_VERSION });
  try {
    console.log(JSON.stringify({ meta: store.meta(), schools: store.schools.count(), byType: store.countsByType(), residences: store.residences.count(), pupils: store.residences.totalPupils(), catchments: store.catchments.count(), extent: store.extent() }, null, 2));
  } finally {
    store.close();
  }
}

function option(args: string[], name: string): string | undefined {
  const k = args.indexOf(`--${name}`);
  if (k < 0) return undefined;
  const v = args[k + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value\n${USAGE}`);
  return v;
}

function evaluate(args: string[]): void {
  const path = args[0];
  if (!path || path.startsWith('--')) throw new Error(`evaluate needs a project file\n${USAGE}`);
  const level = option(args, 'level');
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) throw new Error(`--level must be one of ${LEVELS.join(', ')}`);
  const method = option(args, 'method') ?? 'catchment';
  if (!(ASSIGNMENT_METHODS as readonly string[]).includes(method)) throw new Error(`--method must be one of ${ASSIGNMENT_METHODS.join(', ')}`);
  const profile = option(args, 'profile') ?? 'walking';
  if (profile !== 'walking' && profile !== 'driving') throw new Error('--profile must be walking or driving');
  const store = openProject(resolve(path), { appVersion: APP_VERSION });
  try {
    const scenario = resolveScenario(store, option(args, 'scenario'));
    const ev = evaluateProject(store, { scenario: scenario.id, levels: level ? [level as Level] : undefined, method: method as AssignmentMethod, profile });
    if (args.includes('--json')) console.log(JSON.stringify({ scenario, ...ev }, null, 2));
    else console.log(formatEvaluation(ev, scenario.name));
  } finally {
    store.close();
  }
}

const COMMANDS: Record<string, (args: string[]) => void> = { demo, info, evaluate };

try {
  const [command, ...rest] = process.argv.slice(2);
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    console.error(command ? `Unknown command "${command}"\n${USAGE}` : USAGE);
    process.exit(2);
  }
  run(rest);
} catch (e) {
  console.error(`cli: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
