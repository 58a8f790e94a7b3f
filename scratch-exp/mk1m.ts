import { writeProject } from '../scripts/bench/map';
(async () => { const r = await writeProject('/tmp/exp/bench1m.sqlite', (s: string) => console.log(s)); console.log(r); })();
