// Generates the fictional demo county 青溪县 into resources/demo (or --out DIR) from one seed.
// Usage: npm run demo:generate [-- --out DIR] [-- --seed N]. Same seed, same bytes.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CENTRE, makeRng, toLonLat, type XY } from './frame';
import { NameBook, name } from './names';
import { makeLandscape } from './landscape';
import { makeUnits } from './settlements';
import { makeAlliances, makeSchools } from './schools';
import { isConnected, makeRoads } from './roads';
import { feature, ll, put, writeCsv, writeGeoJson } from './write';
import { summarise, readme } from './summary';

export const DEFAULT_SEED = 20261124;
const GRADES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级', '高一', '高二', '高三'];

export function generateDemo(outDir: string, seed = DEFAULT_SEED): ReturnType<typeof summarise> {
  const rng = makeRng(seed);
  const names = new NameBook(rng);
  const land = makeLandscape(rng, names);
  const units = makeUnits(rng, land, names);
  const plan = makeSchools(rng, land, units);
  makeAlliances(rng, plan, land);
  const roads = makeRoads(rng, land, units);
  const roadLines = roads.map((r) => ({ ...r, lonlat: ll(r.line) }));
  if (!isConnected(roadLines.map((r) => ({ line: r.lonlat })))) throw new Error('the road network is not connected');
  const tname = (i: number) => land.townships[i].name.zh;

  // Planned housing: mostly at the edge of the county seat, a couple in growing towns.
  const housing: { code: string; n: ReturnType<typeof name>; at: XY; dwellings: number; year: number; type: string }[] = [];
  const stems = ['滨江', '锦绣', '翠湖', '学府', '龙湾', '阳光', '溪岸', '云山', '丰泽'];
  for (let k = 0; k < 9; k++) {
    const town = k >= 7 ? land.townships[1 + ((k * 5) % (land.townships.length - 1))] : land.townships[0];
    const at: XY = k >= 7 ? [town.seat[0] + rng.range(-0.6, 0.6), town.seat[1] + rng.range(-0.6, 0.6)] : [land.citySpan[1] - rng.range(0.2, 2.5), town.seat[1] + (k % 2 ? 1 : -1) * rng.range(1.2, 2.0)];
    const type = rng.pick(['商品住宅', '商品住宅', '安置房', '保障性住房']);
    housing.push({ code: `H${String(k + 1).padStart(3, '0')}`, n: name(k >= 7 ? town.name.zh.slice(0, 2) : '', stems[k], rng.pick(['花园', '新城', '家园', '华府'])), at, dwellings: Math.round(rng.range(3, k >= 7 ? 8 : 30)) * 100, year: rng.int(2027, 2031), type });
  }

  // --- files ---
  writeCsv(outDir, 'schools.csv', [
    '学校代码', '学校名称', '学校名称拼音', '学校类型', '办学状态', '经度', '纬度', '乡镇', '地址',
    ...GRADES.map((g) => `${g}学生数`), ...GRADES.map((g) => `${g}班数`), '小学学位数', '初中学位数', '高中学位数',
    '教职工数', '专任教师数', '校舍建筑面积', '占地面积', '教共体', '寄宿制',
  ], plan.schools.map((s) => {
    const [lon, lat] = toLonLat(s.at);
    return [s.code, s.name.zh, s.name.py, s.type, s.status, lon, lat, tname(s.township), s.address, ...s.enrol, ...s.classes,
      s.seats.primary ?? null, s.seats.junior ?? null, s.seats.senior ?? null, s.staff, s.teachers, s.floor, s.site, s.alliance, s.boarding ? '是' : '否'];
  }));
  writeGeoJson(outDir, 'residences.geojson', units.map((u) => feature(
    u.outline ? { type: 'Polygon', coordinates: [ll(u.outline)] } : { type: 'Point', coordinates: toLonLat(u.at) },
    { 编码: u.id, 名称: u.name.zh, 拼音: u.name.py, 类型: u.kind, 城乡类型: u.settlement, 乡镇: tname(u.township), 户数: u.households, 人口: u.population, ...Object.fromEntries(GRADES.map((g, i) => [g, u.pupils[i]])) },
  )));
  const schoolName = new Map(plan.schools.map((s) => [s.code, s.name.zh]));
  writeCsv(outDir, 'catchments_primary.csv', ['学校代码', '学校名称', '单元编码', '单元名称'], units.map((u) => {
    const c = plan.primaryOf.get(u.id)!;
    return [c, schoolName.get(c)!, u.id, u.name.zh];
  }));
  writeGeoJson(outDir, 'catchments_junior.geojson', plan.juniorAreas.map((a) => feature(
    a.rings.length === 1 ? { type: 'Polygon', coordinates: a.rings[0].map(ll) } : { type: 'MultiPolygon', coordinates: a.rings.map((p) => p.map(ll)) },
    { 学校代码: a.code, 学校名称: schoolName.get(a.code), 学段: '初中' },
  )));
  writeCsv(outDir, 'housing.csv', ['项目编码', '项目名称', '项目名称拼音', '经度', '纬度', '住宅户数', '竣工年份', '住宅类型'],
    housing.map((h) => [h.code, h.n.zh, h.n.py, ...toLonLat(h.at), h.dwellings, h.year, h.type]));
  writeGeoJson(outDir, 'roads.geojson', roadLines.map((r) => feature({ type: 'LineString', coordinates: r.lonlat }, { 编码: r.id, 名称: r.name, 等级: r.cls, 单行: false })));
  writeGeoJson(outDir, 'context/county.geojson', [feature({ type: 'Polygon', coordinates: [ll(land.outline)] }, { 名称: '青溪县', 拼音: 'Qingxi Xian' })]);
  writeGeoJson(outDir, 'context/townships.geojson', land.townships.map((t) => {
    const [lon, lat] = toLonLat(t.seat);
    return feature({ type: 'Polygon', coordinates: t.boundary.map(ll) }, { 名称: t.name.zh, 拼音: t.name.py, 类型: t.kind, 驻地经度: lon, 驻地纬度: lat });
  }));
  writeGeoJson(outDir, 'context/rivers.geojson', land.rivers.map((r) => feature({ type: 'LineString', coordinates: ll(r.line) }, { 名称: r.name.zh, 拼音: r.name.py, 等级: r.rank })));
  writeGeoJson(outDir, 'context/lakes.geojson', land.lakes.map((l) => feature({ type: 'Polygon', coordinates: [ll(l.ring)] }, { 名称: l.name.zh, 拼音: l.name.py })));
  const places = [
    feature({ type: 'Point', coordinates: toLonLat(land.townships[0].seat) }, { 名称: '青溪县', 拼音: 'Qingxi Xian', 等级: 1 }),
    ...land.townships.filter((t) => !t.isSeatTown).map((t) => feature({ type: 'Point', coordinates: toLonLat(t.seat) }, { 名称: t.name.zh, 拼音: t.name.py, 等级: 2 })),
    ...units.filter((u) => u.kind === '村').map((u) => feature({ type: 'Point', coordinates: toLonLat(u.at) }, { 名称: u.name.zh, 拼音: u.name.py, 等级: 3 })),
  ];
  writeGeoJson(outDir, 'context/places.geojson', places);

  const summary = summarise(plan.schools, units, land, roads.length, housing.length);
  put(outDir, 'project.json', JSON.stringify({
    name: '青溪县（演示）', nameEn: 'Qingxi County (demo)', region: '青溪县', fictional: true, seed, baseYear: 2026,
    centre: CENTRE, generator: 'scripts/generate-demo', counts: summary.counts,
  }, null, 2) + '\n');
  put(outDir, 'README.md', readme(seed, summary));
  return summary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const seedAt = args.indexOf('--seed');
  const out = outAt >= 0 ? args[outAt + 1] : join(fileURLToPath(new URL('../..', import.meta.url)), 'resources', 'demo');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : DEFAULT_SEED;
  const t = performance.now();
  const s = generateDemo(out, seed);
  console.log(`Wrote ${out} in ${((performance.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(s.counts)}`);
}
