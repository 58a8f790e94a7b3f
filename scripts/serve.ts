// Browser mode: `npm run serve -- --port N [--project FILE]`. Serves the built renderer and the API
// on 127.0.0.1 and prints one line with the full URL (token included) to open.
import { buildIfStale } from './lib/app';
import { exitOnError, runBrowserMode } from './lib/browser-mode';

const args = process.argv.slice(2);
if (!args.includes('--no-build')) buildIfStale();
runBrowserMode(args, (l) => console.error(l)).catch(exitOnError('serve'));
