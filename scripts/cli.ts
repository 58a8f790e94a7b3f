// The command line: `npm run cli -- <command> …`. Each command calls the same backend code the app uses.
import { resolve } from 'node:path';
import { createDemoProject } from '../electron/backend';
import { openProject } from '../electron/store';
import { APP_VERSION, ROOT } from './lib/app';
import { join } from 'node:path';
import { statSync } from 'node:fs';

const USAGE = `Usage: npm run cli -- <command>
  demo OUT.sqlite [--overwrite]   write the demo county project to OUT.sqlite
  info PROJECT                    print a project's counts`;

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

const COMMANDS: Record<string, (args: string[]) => void> = { demo, info };

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
