// Totals of the generated county, for project.json, the README and the generator's own checks.
import { CENTRE } from './frame';
import type { Landscape } from './landscape';
import type { SchoolRec } from './schools';
import type { Unit } from './settlements';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function summarise(schools: SchoolRec[], units: Unit[], land: Landscape, roads: number, housing: number) {
  const byType: Record<string, number> = {};
  for (const s of schools) byType[s.type] = (byType[s.type] ?? 0) + 1;
  const byKind: Record<string, number> = {};
  for (const u of units) byKind[u.kind] = (byKind[u.kind] ?? 0) + 1;
  const open = schools.filter((s) => s.status === '在办');
  let oversized = 0;
  let extraLarge = 0;
  for (const s of open) for (let g = 0; g < 12; g++) {
    if (s.classes[g] === 0) continue;
    const size = s.enrol[g] / s.classes[g];
    if (size >= 56) oversized += s.classes[g];
    if (size >= 66) extraLarge += s.classes[g];
  }
  const seats = (level: 'primary' | 'junior', a: number, b: number, std: number) =>
    sum(open.map((s) => s.seats[level] ?? (s.classes.slice(a, b).some((c) => c > 0) ? sum(s.classes.slice(a, b)) * std : 0)));
  const counts = {
    schools: schools.length,
    schoolsByType: byType,
    planned: schools.filter((s) => s.status === '规划').length,
    closed: schools.filter((s) => s.status === '已撤并').length,
    smallSchools: open.filter((s) => (s.type === '小学' || s.type === '教学点') && sum(s.enrol) < 100).length,
    residences: units.length,
    residencesByKind: byKind,
    polygonResidences: units.filter((u) => u.outline).length,
    population: sum(units.map((u) => u.population)),
    countySeatPopulation: sum(units.filter((u) => u.settlement === '城区').map((u) => u.population)),
    townships: land.townships.length,
    pupilsPrimary: sum(units.map((u) => sum(u.pupils.slice(0, 6)))),
    pupilsJunior: sum(units.map((u) => sum(u.pupils.slice(6, 9)))),
    enrolledPrimary: sum(schools.map((s) => sum(s.enrol.slice(0, 6)))),
    enrolledJunior: sum(schools.map((s) => sum(s.enrol.slice(6, 9)))),
    seatsPrimary: seats('primary', 0, 6, 45),
    seatsJunior: seats('junior', 6, 9, 50),
    oversizedClasses: oversized,
    extraLargeClasses: extraLarge,
    alliances: new Set(schools.map((s) => s.alliance).filter(Boolean)).size,
    roads,
    housing,
  };
  return { counts };
}

export function readme(seed: number, s: ReturnType<typeof summarise>): string {
  const c = s.counts;
  const rows = Object.entries(c.schoolsByType).map(([k, v]) => `| ${k} | ${v} |`).join('\n');
  return `# 青溪县（演示） — the demo county

**Fictional.** 青溪县 (Qingxi County) does not exist: every school, village, pupil and road here was
made up by \`scripts/generate-demo\` from the seed ${seed}. It is placed at real coordinates
(centre ${CENTRE[0]}°E, ${CENTRE[1]}°N, WGS84) in the hills of western Fujian so that the map, distances
and coordinate handling behave as for a real county. Regenerate with \`npm run demo:generate\`
(same seed, same bytes; \`-- --seed N\` for another county, \`-- --out DIR\` elsewhere).

The files are in the formats a planner imports: \`schools.csv\` (学校名单, UTF-8 with BOM, Chinese
headers), \`residences.geojson\` (小区 and villages with pupils by grade), \`catchments_primary.csv\`
(a 划片 list: school code → residence unit), \`catchments_junior.geojson\` (catchment polygons),
\`housing.csv\` (planned housing), \`roads.geojson\`, and \`context/\` (county and township boundaries,
rivers, a reservoir, place names) for the offline basemap.

## How it is made
1. **Land.** A county outline about 58 km × 48 km. A main river (青溪) crosses it west to east; 13
   tributary valleys branch north and south, each with two or three side streams. Valleys are where
   people live, so everything below follows the rivers.
2. **Townships.** The county seat 城关镇 on the main river near the centre, and twelve township seats
   up the valleys at least 8.5 km apart. Township boundaries are the Voronoi cells of the seats,
   clipped to the county (they tile it without gaps).
3. **Residence units.** 小区 on a 300 m block grid along both banks of the county seat, sharing
   150,000 people (15 % drawn as small polygons); 16–24 小区 around each township seat (220–620
   people each); natural villages every 0.3–0.7 km along every valley, alternating banks (about 170
   people, fewer far from any seat), grouped 3–6 at a time into administrative villages (行政村).
4. **Pupils by grade** = population × a rate per grade year: county seat 1.28 % (primary), 1.18 %
   (junior), 1.02 % (senior); township seats 1.18 / 1.08 / 0.90 %; villages 0.92 / 0.96 / 0.68 %,
   with village primary cohorts shrinking 7 % a year towards grade 1 (fewer births, out-migration)
   and town cohorts growing slightly; then noise.
5. **Schools.** County seat: 实验小学 and 第一–第十一小学, two nine-year schools, five junior
   schools, 第三中学 (complete secondary), 第一中学 (senior), and two planned schools (规划) in the
   growth area. Each township: a central primary and a junior school (or one nine-year 中心学校 in
   most 乡), up to five village primary schools (村小) more than 3.2 km from the seat, and up to two
   teaching points (教学点) beyond 6 km. Two village schools are closed (已撤并).
6. **Catchments.** Primary: every unit is listed under the nearest open primary-serving school of its
   township (straight-line distance). Junior: the township polygon for its junior-serving school; the
   county seat's township split between its eight junior-serving schools by Voronoi.
7. **Enrolment.** Pupils are counted at their catchment school, then rural families move them:
   village schools keep 62 % of their primary pupils (teaching points keep 70 % of grades 1–3 and
   none above), township central schools 93 %, township juniors 80 %; of those who leave half go to
   the township central school and the rest to the county seat's schools. Senior high: 62 % of the age
   group, split between the two senior schools.
8. **Classes and seats.** County-seat schools were built for their own catchment (a fixed number of
   classes per grade, seats = classes × 45 or 50) and receive the incomers, so their classes are
   oversized (大班额). Township central schools open classes as needed (≤ 42–47 pupils). Village
   schools have one class per grade with pupils, and stated seats only sometimes (else classes × 45).
   Staff: about 17–20 pupils per post in town, 12–15 in township schools, 1.2–1.7 posts per class in
   village schools. Floor and site areas per pupil grow from town to village.
9. **Alliances (教共体).** Eight urban primary schools each lead a township central school and two
   to four village schools ("1+1+N").
10. **Roads.** G235 along the main river, county roads (县道) up the tributaries to the township
   seats, township roads (乡道) beyond and up the side streams, S205 north from the county seat, a
   600 m street grid in town, and a spur (村道) to every village. Junctions share vertices: the
   network is one connected graph.

## Totals (seed ${seed})
| school type | schools |
| --- | --- |
${rows}

| figure | value |
| --- | --- |
| schools (planned / closed) | ${c.schools} (${c.planned} / ${c.closed}) |
| open primary schools and teaching points under 100 pupils | ${c.smallSchools} |
| residence units (小区 / 行政村 centres / 自然村) | ${c.residences} (${c.residencesByKind['小区'] ?? 0} / ${c.residencesByKind['村'] ?? 0} / ${c.residencesByKind['自然村'] ?? 0}); ${c.polygonResidences} as polygons |
| population (county seat) | ${c.population} (${c.countySeatPopulation}) |
| townships | ${c.townships} |
| primary / junior pupils living in the county | ${c.pupilsPrimary} / ${c.pupilsJunior} |
| primary / junior pupils enrolled | ${c.enrolledPrimary} / ${c.enrolledJunior} |
| primary / junior seats of open schools | ${c.seatsPrimary} / ${c.seatsJunior} |
| classes of 56+ pupils (of which 66+) | ${c.oversizedClasses} (${c.extraLargeClasses}) |
| alliances | ${c.alliances} |
| roads / planned housing developments | ${c.roads} / ${c.housing} |
`;
}
