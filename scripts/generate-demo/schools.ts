// Schools of every type, the baseline catchments and the enrolment that follows from them: pupils
// are counted where they live, then some rural pupils drift to township and county-seat schools, so
// town schools are full with oversized classes and village schools and teaching points half empty.
import { featureCollection, intersect, point, polygon, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { dist, insidePolygon, type Rng, type XY } from './frame';
import type { Landscape } from './landscape';
import { name, type Name } from './names';
import type { Unit } from './settlements';

export type SchoolType = '小学' | '初中' | '九年一贯制' | '完全中学' | '高中' | '教学点';
export interface SchoolRec {
  code: string; name: Name; type: SchoolType; status: '在办' | '规划' | '已撤并'; at: XY; township: number; address: string;
  enrol: number[]; classes: number[]; seats: { primary?: number; junior?: number; senior?: number };
  staff: number; teachers: number; floor: number; site: number; alliance: string; boarding: boolean;
}
export interface SchoolPlan { schools: SchoolRec[]; primaryOf: Map<string, string>; juniorAreas: { code: string; rings: XY[][][] }[] }

const NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const PRIMARY_SERVING: SchoolType[] = ['小学', '九年一贯制', '教学点'];
const JUNIOR_SERVING: SchoolType[] = ['初中', '九年一贯制', '完全中学'];

function blank(rng: Rng, t: Omit<SchoolRec, 'enrol' | 'classes' | 'seats' | 'staff' | 'teachers' | 'floor' | 'site' | 'alliance' | 'boarding' | 'address'>, road: string): SchoolRec {
  return { ...t, address: `${road}${rng.int(1, 188)}号`, enrol: new Array(12).fill(0), classes: new Array(12).fill(0), seats: {}, staff: 0, teachers: 0, floor: 0, site: 0, alliance: '', boarding: false };
}

function spreadPoints(land: Landscape, n: number, rows: number[], rng: Rng): XY[] {
  const [x0, x1] = land.citySpan;
  const cols = Math.ceil(n / rows.length);
  const out: XY[] = [];
  for (let c = 0; c < cols; c++) {
    for (const dy of rows) {
      if (out.length >= n) break;
      const x = x0 + ((c + 0.5) / cols) * (x1 - x0) + rng.range(-0.3, 0.3);
      const main = land.rivers[0].line.reduce((a, b) => (Math.abs(b[0] - x) < Math.abs(a[0] - x) ? b : a));
      out.push([x, main[1] + dy + rng.range(-0.25, 0.25)]);
    }
  }
  return out;
}

export function makeSchools(rng: Rng, land: Landscape, units: Unit[]): SchoolPlan {
  const schools: SchoolRec[] = [];
  let serial = 0;
  const code = () => `21363${String(++serial).padStart(5, '0')}`;
  const add = (s: Omit<SchoolRec, 'enrol' | 'classes' | 'seats' | 'staff' | 'teachers' | 'floor' | 'site' | 'alliance' | 'boarding' | 'address'>, road: string) => {
    const rec = blank(rng, s, road);
    schools.push(rec);
    return rec;
  };
  // County seat.
  const primaryAt = spreadPoints(land, 14, [1.1, -1.1], rng);
  for (let i = 0; i < 12; i++) add({ code: code(), name: i === 0 ? name('青溪', '县', '实验', '小学') : name('青溪', '县', `第${NUM[i]}`, '小学'), type: '小学', status: '在办', at: primaryAt[i], township: 0 }, rng.pick(['解放路', '人民路', '滨江路', '中山路', '建设路']));
  add({ code: code(), name: name('青溪', '县', '城东', '学校'), type: '九年一贯制', status: '在办', at: primaryAt[12], township: 0 }, '城东大道');
  add({ code: code(), name: name('青溪', '县', '城西', '学校'), type: '九年一贯制', status: '在办', at: primaryAt[13], township: 0 }, '城西大道');
  const juniorAt = spreadPoints(land, 6, [0.7, -0.7], rng);
  ['二', '四', '五', '六'].forEach((n, i) => add({ code: code(), name: name('青溪', '县', `第${n}`, '中学'), type: '初中', status: '在办', at: juniorAt[i], township: 0 }, '文昌路'));
  add({ code: code(), name: name('青溪', '县', '城关', '中学'), type: '初中', status: '在办', at: juniorAt[4], township: 0 }, '城关路');
  add({ code: code(), name: name('青溪', '县', '第三', '中学'), type: '完全中学', status: '在办', at: juniorAt[5], township: 0 }, '学府路');
  add({ code: code(), name: name('青溪', '县', '第一', '中学'), type: '高中', status: '在办', at: [land.townships[0].seat[0] + 0.4, land.townships[0].seat[1] + 1.6], township: 0 }, '学府路');
  // Planned schools in the growth area at the east end of town.
  add({ code: code(), name: name('青溪', '县', '滨江', '小学'), type: '小学', status: '规划', at: [land.citySpan[1] - 0.6, land.townships[0].seat[1] - 1.5], township: 0 }, '滨江东路');
  add({ code: code(), name: name('青溪', '县', '第七', '中学'), type: '初中', status: '规划', at: [land.citySpan[1] - 0.9, land.townships[0].seat[1] + 1.4], township: 0 }, '滨江东路');

  // Townships: central school(s) at the seat, village schools and teaching points further out.
  let closedLeft = 2;
  land.townships.forEach((t, ti) => {
    if (t.isSeatTown) return;
    const town = t.name.zh;
    const stem = town.slice(0, 2);
    const suffix = town.slice(2);
    const nineYear = t.kind === '乡' && rng.next() < 0.8;
    if (nineYear) add({ code: code(), name: name(stem, suffix, '中心', '学校'), type: '九年一贯制', status: '在办', at: t.seat, township: ti }, `${stem}街`);
    else {
      add({ code: code(), name: name(stem, suffix, '中心', '小学'), type: '小学', status: '在办', at: [t.seat[0] + 0.25, t.seat[1] + 0.15], township: ti }, `${stem}街`);
      add({ code: code(), name: name(stem, suffix, '中学'), type: '初中', status: '在办', at: [t.seat[0] - 0.3, t.seat[1] - 0.2], township: ti }, `${stem}街`);
    }
    const villages = units.filter((u) => u.township === ti && u.kind === '村').sort((a, b) => dist(b.at, t.seat) - dist(a.at, t.seat));
    const sites: XY[] = [t.seat];
    let villageSchools = 0;
    let points = 0;
    for (const v of villages) {
      const d = dist(v.at, t.seat);
      if (sites.some((s) => dist(s, v.at) < 2.8)) continue;
      if (d > 6 && points < 2 && villageSchools >= 2) {
        add({ code: code(), name: name(stem, suffix, v.name.zh.replace(/村$/, ''), '教学点'), type: '教学点', status: '在办', at: v.at, township: ti }, v.name.zh);
        points++;
      } else if (d > 3.2 && villageSchools < 5) {
        const closed = closedLeft > 0 && villageSchools === 4 && ti % 3 === 1;
        if (closed) closedLeft--;
        add({ code: code(), name: name(stem, suffix, v.name.zh.replace(/村$/, ''), '小学'), type: '小学', status: closed ? '已撤并' : '在办', at: v.at, township: ti }, v.name.zh);
        villageSchools++;
      } else continue;
      sites.push(v.at);
    }
  });

  // Primary catchments (unit lists): the nearest open primary-serving school of the unit's township.
  const open = schools.filter((s) => s.status === '在办');
  const primaryOf = new Map<string, string>();
  for (const u of units) {
    const options = open.filter((s) => PRIMARY_SERVING.includes(s.type) && s.township === u.township);
    const best = options.reduce((a, b) => (dist(b.at, u.at) < dist(a.at, u.at) ? b : a));
    primaryOf.set(u.id, best.code);
  }

  // Junior catchments (polygons): the township for its junior-serving school; the county seat's
  // township split between its junior-serving schools by Voronoi.
  const juniorAreas: SchoolPlan['juniorAreas'] = [];
  land.townships.forEach((t, ti) => {
    const js = open.filter((s) => JUNIOR_SERVING.includes(s.type) && s.township === ti);
    if (js.length === 1) {
      juniorAreas.push({ code: js[0].code, rings: [t.boundary] });
      return;
    }
    const cells = voronoi(featureCollection(js.map((s) => point(s.at))), { bbox: [-80, -80, 80, 80] });
    js.forEach((s, k) => {
      const clipped = intersect(featureCollection([cells.features[k] as Feature<Polygon>, polygon(t.boundary)])) as Feature<Polygon | MultiPolygon> | null;
      if (!clipped) throw new Error(`no junior catchment for ${s.name.zh}`);
      juniorAreas.push({ code: s.code, rings: (clipped.geometry.type === 'Polygon' ? [clipped.geometry.coordinates] : clipped.geometry.coordinates) as XY[][][] });
    });
  });
  const juniorOf = (u: Unit) => juniorAreas.find((a) => a.rings.some((poly) => insidePolygon(u.at, poly[0])))?.code;

  fillEnrolment(rng, schools, units, primaryOf, juniorOf);
  return { schools, primaryOf, juniorAreas };
}

function fillEnrolment(rng: Rng, schools: SchoolRec[], units: Unit[], primaryOf: Map<string, string>, juniorOf: (u: Unit) => string | undefined): void {
  const resident = new Map(schools.map((s) => [s.code, new Array(12).fill(0) as number[]]));
  for (const u of units) {
    const p = resident.get(primaryOf.get(u.id)!)!;
    for (let g = 0; g < 6; g++) p[g] += u.pupils[g];
    const jc = juniorOf(u);
    if (!jc) throw new Error(`unit ${u.id} lies in no junior catchment`);
    const j = resident.get(jc)!;
    for (let g = 6; g < 9; g++) j[g] += u.pupils[g];
  }
  const cityPrimary = schools.filter((s) => s.township === 0 && s.status === '在办' && (s.type === '小学' || s.type === '九年一贯制'));
  const cityJunior = schools.filter((s) => s.township === 0 && s.status === '在办' && ['初中', '九年一贯制', '完全中学'].includes(s.type));
  const central = (ti: number, level: 'p' | 'j') => schools.find((s) => s.township === ti && s.status === '在办' && (s.type === '九年一贯制' || (level === 'p' ? s.name.zh.endsWith('中心小学') : s.type === '初中')))!;
  const toCity: number[] = new Array(12).fill(0);
  for (const s of schools) {
    const r = resident.get(s.code)!;
    for (let g = 0; g < 9; g++) {
      let keep = 1;
      if (s.township !== 0 && g < 6) keep = s.type === '教学点' ? (g < 3 ? 0.7 : 0) : s.name.zh.endsWith('中心小学') || s.type === '九年一贯制' ? 0.93 : 0.62;
      if (s.township !== 0 && g >= 6) keep = 0.8;
      const kept = Math.round(r[g] * keep);
      s.enrol[g] += kept;
      const left = r[g] - kept;
      if (left <= 0) continue;
      const toCentral = s.township !== 0 && g < 6 && s.type !== '九年一贯制' && !s.name.zh.endsWith('中心小学') ? Math.round(left * 0.5) : 0;
      if (toCentral) central(s.township, 'p').enrol[g] += toCentral;
      toCity[g] += left - toCentral;
    }
  }
  // Pupils moving to the county seat go to its schools in proportion to their own catchments.
  for (let g = 0; g < 9; g++) {
    const targets = g < 6 ? cityPrimary : cityJunior;
    const weights = targets.map((t) => resident.get(t.code)![g] + 1);
    const total = weights.reduce((a, b) => a + b, 0);
    targets.forEach((t, k) => { t.enrol[g] += Math.round((toCity[g] * weights[k]) / total); });
  }
  // Senior high: county-wide, 62 % of the age group, split between the two senior schools.
  const seniors = schools.filter((s) => s.type === '高中' || s.type === '完全中学');
  for (let g = 9; g < 12; g++) {
    const age = units.reduce((a, u) => a + u.pupils[g], 0) * 0.62;
    seniors.forEach((s, k) => { s.enrol[g] = Math.round(age * (k === 0 ? 0.45 : 0.55)); });
  }
  for (const s of schools) sizeSchool(rng, s, resident.get(s.code)!);
}

/** Classes, seats, staff and floor areas from the enrolment, by kind of school. */
function sizeSchool(rng: Rng, s: SchoolRec, resident: number[]): void {
  const sum = (a: number, b: number) => s.enrol.slice(a, b).reduce((x, y) => x + y, 0);
  const urban = s.township === 0;
  const village = s.township !== 0 && (s.type === '教学点' || (s.type === '小学' && !s.name.zh.endsWith('中心小学')));
  if (s.status === '规划') {
    s.seats = s.type === '小学' ? { primary: 36 * 45 } : { junior: 24 * 50 };
    s.floor = Math.round((s.type === '小学' ? 36 * 45 : 24 * 50) * 5.5);
    s.site = Math.round(s.floor * 2.2);
    s.enrol.fill(0);
    return;
  }
  if (s.status === '已撤并') {
    s.enrol.fill(0);
    s.floor = Math.round(rng.range(500, 900));
    s.site = Math.round(s.floor * 3);
    return;
  }
  const bands: [number, number, 'primary' | 'junior' | 'senior', number][] = [[0, 6, 'primary', 45], [6, 9, 'junior', 50], [9, 12, 'senior', 50]];
  for (const [a, b, level, std] of bands) {
    const total = sum(a, b);
    if (total === 0) continue;
    if (urban) {
      // Town schools were built for their own catchment; pupils who came from villages crowd the classes.
      const basePerGrade = resident.slice(a, b).reduce((x, y) => x + y, 0) / (b - a) || total / (b - a);
      const perGrade = Math.max(2, Math.round(basePerGrade / rng.range(std - 3, std + 4)));
      // Most schools split a grade before it reaches 66 (the extra-large mark); a few have not yet.
      const cap = rng.next() < 0.75 ? 64 : 80;
      for (let g = a; g < b; g++) s.classes[g] = s.enrol[g] > 0 ? Math.max(perGrade, Math.ceil(s.enrol[g] / cap)) : 0;
      s.seats[level] = perGrade * (b - a) * std;
    } else if (village) {
      for (let g = a; g < b; g++) s.classes[g] = s.enrol[g] > 0 ? 1 : 0;
      if (rng.next() < 0.4) s.seats[level] = (b - a) * 45; // some village schools state their seats
    } else {
      for (let g = a; g < b; g++) s.classes[g] = s.enrol[g] > 0 ? Math.max(1, Math.ceil(s.enrol[g] / (std - 3))) : 0;
      s.seats[level] = Math.round((s.classes.slice(a, b).reduce((x, y) => x + y, 0) * std * rng.range(1.0, 1.25)) / 5) * 5;
    }
  }
  const enrol = sum(0, 12);
  const classes = s.classes.reduce((x, y) => x + y, 0);
  if (urban) {
    s.staff = Math.round(enrol / rng.range(17, 20.5));
    s.floor = Math.round(enrol * rng.range(4.0, 5.6));
    s.site = Math.round(s.floor * rng.range(1.6, 2.4));
  } else if (village) {
    s.staff = Math.max(s.type === '教学点' ? 1 : 3, Math.round(classes * rng.range(1.2, 1.7)));
    s.floor = Math.round(s.type === '教学点' ? rng.range(200, 450) : rng.range(600, 1500));
    s.site = Math.round(s.floor * rng.range(2.5, 4));
  } else {
    s.staff = Math.round(enrol / rng.range(12, 15)) + 4;
    s.floor = Math.round(Math.max(enrol, 200) * rng.range(6, 9));
    s.site = Math.round(s.floor * rng.range(2.2, 3.2));
    s.boarding = s.type === '初中' || s.type === '九年一贯制';
  }
  s.teachers = Math.max(1, Math.round(s.staff * rng.range(0.86, 0.95)));
}

/** "1+1+N" alliances: an urban primary leads a township central school and a few village schools. */
export function makeAlliances(rng: Rng, plan: SchoolPlan, land: Landscape): void {
  const leads = plan.schools.filter((s) => s.township === 0 && s.type === '小学' && s.status === '在办').slice(0, 8);
  const towns = land.townships.map((_, i) => i).filter((i) => i !== 0);
  leads.forEach((lead, k) => {
    const ti = towns[k % towns.length];
    const label = `${lead.name.zh.replace('青溪县', '')}教共体`;
    lead.alliance = label;
    const members = plan.schools.filter((s) => s.township === ti && s.status === '在办' && (s.type === '小学' || s.type === '九年一贯制' || s.type === '教学点'));
    const core = members.find((s) => s.name.zh.endsWith('中心小学') || s.type === '九年一贯制');
    if (core) core.alliance = label;
    members.filter((s) => s !== core).slice(0, rng.int(2, 4)).forEach((s) => { s.alliance = label; });
  });
}
