// Browser mode as both `npm start` (without Electron) and `npm run serve` run it: parse --port and
// --project, start the host, print the one line with the URL, stop cleanly on a signal.
import { startBrowserHost, type BrowserHost } from '../../electron/transport/browser-host';
import { APP_VERSION, ROOT, argValue } from './app';

export async function runBrowserMode(args: string[], log: (line: string) => void): Promise<BrowserHost> {
  const portText = argValue(args, '--port');
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (got "${portText}")`);
  const host = await startBrowserHost({
    root: ROOT, appVersion: APP_VERSION, port, project: argValue(args, '--project'),
    validateResults: process.env.SCHOOLNET_VALIDATE_RESULTS === '1', log,
  });
  console.log(`SchoolNet Planner (browser mode) is running at ${host.server.url}`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return host;
}

export function exitOnError(command: string): (e: unknown) => void {
  return (e) => {
    console.error(`${command}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  };
}
