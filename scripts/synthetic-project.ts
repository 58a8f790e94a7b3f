// `tsx scripts/synthetic-project.ts OUT.sqlite --residences N`: writes the synthetic county of
// scripts/lib/synthetic-project.ts (300 primary schools and catchments, N residence points).
import { resolve } from 'node:path';
import { writeSyntheticProject } from './lib/synthetic-project';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--'));
const at = args.indexOf('--residences');
const n = at >= 0 ? Number(args[at + 1]) : Number.NaN;
if (!out || !Number.isInteger(n) || n < 1) {
  console.error('Usage: tsx scripts/synthetic-project.ts OUT.sqlite --residences N   (N a whole number ≥ 1)');
  process.exit(2);
}
writeSyntheticProject(resolve(out), n, (s) => console.log(s));
