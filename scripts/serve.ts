// Browser mode: `npm run serve -- --port N [--project FILE]`. Serves the built renderer and the API
// on 127.0.0.1 and prints one line with the full URL (token included) to open.
import { startBrowserHost } from '../electron/transport/browser-host';
import { APP_VERSION, ROOT, argValue, buildIfStale } from './lib/app';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const portText = argValue(args, '--port');
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (got "${portText}")`);
  if (!args.includes('--no-build')) buildIfStale();
  const host = await startBrowserHost({
    root: ROOT, appVersion: APP_VERSION, port, project: argValue(args, '--project'),
    validateResults: process.env.SCHOOLNET_VALIDATE_RESULTS === '1', log: (l) => console.error(l),
  });
  console.log(`SchoolNet Planner (browser mode) is running at ${host.server.url}`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`serve: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
