// `npm run bench [-- --json]`: performance measurements (not tests). The last line printed is one
// JSON object with every measurement.
import { measureStartup } from './startup';
import { benchMap } from './map';
import { benchAssign, benchCapacity, benchNetwork } from './engine';
import { benchImport } from './import';
import { buildIfStale } from '../lib/app';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  // `--only assign,network` runs a subset.
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
  const want = (k: string) => !only || only.has(k);
  const log = (s: string) => (json ? process.stderr.write(`${s}\n`) : console.log(s));
  const results: Record<string, unknown> = {};
  if (want('assign')) results.assign = benchAssign(log);
  if (want('network')) results.network = benchNetwork(log);
  if (want('capacity')) results.capacity = await benchCapacity(log);
  if (want('import')) results.import = await benchImport(log);
  if (!want('startup') && !want('map')) {
    console.log(JSON.stringify(results));
    return;
  }
  buildIfStale();
  if (want('map')) results.map = await benchMap(log);
  if (!want('startup')) {
    console.log(JSON.stringify(results));
    return;
  }
  const startup = await measureStartup();
  results.startup = Object.fromEntries(Object.entries(startup).map(([k, v]) => [k, Math.round(v)]));
  if (!json) {
    console.log(`browser mode start-up to a drawn map: ${(startup.firstMapIdleMs / 1000).toFixed(2)} s (server ready ${(startup.serverReadyMs / 1000).toFixed(2)} s, page to map ${(startup.pageToMapIdleMs / 1000).toFixed(2)} s)`);
    console.log(`demo project: ${(startup.demoFileBytes / 1e6).toFixed(1)} MB written in ${(startup.demoWriteMs / 1000).toFixed(1)} s`);
  }
  console.log(JSON.stringify(results));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
