// Real data: Fairfax County Public Schools (../shared/data/real/fairfax-fcps, see its PROVENANCE.md).
// Census blocks become residence units carrying their total population as "pupils" of every level
// (the dataset has no pupils per block; population is what PROVENANCE's figures count). Current
// zones become unit-set catchments; scenario 2's high-school polygons become polygon catchments.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArealGeometry, Catchment, Residence, School } from '../../model';
import { defaultStandards, emptyGrades } from '../../model';
import { evaluateScenario, type EvaluationData } from '../evaluate';

const DIR = resolve(__dirname, '../../../../shared/data/real/fairfax-fcps');

function need(file: string): string {
  const path = join(DIR, file);
  if (!existsSync(path)) throw new Error(`Real dataset missing: ${path} (the tests read ../shared/data beside the repository; see its PROVENANCE.md)`);
  return readFileSync(path, 'utf8');
}

interface Block { type: 'Feature'; properties: Record<string, string | number>; geometry: ArealGeometry }
const blocks = (JSON.parse(need('ffx_blocks.geojson')) as { features: Block[] }).features;
const lookup = need('zone_id_lookup.csv').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
const LEVEL = { ES: { level: 'primary', type: 'primary', grade: 1, column: 'elem' }, MS: { level: 'junior', type: 'junior', grade: 7, column: 'middle' }, HS: { level: 'senior', type: 'senior', grade: 10, column: 'high' } } as const;

const residences: Residence[] = blocks.map((b) => {
  const pupils = emptyGrades();
  for (const v of Object.values(LEVEL)) pupils[v.grade - 1] = Number(b.properties.pop);
  return {
    id: String(b.properties.geoid20), name: String(b.properties.geoid20), namePinyin: null, kind: 'block', settlement: b.properties.ur20 === 'R' ? 'rural' : 'urban',
    geometry: b.geometry, township: String(b.properties.countyfp20), households: Number(b.properties.housing20), population: Number(b.properties.pop),
    pupilsByGrade: pupils, pupilSource: 'grade', extra: {},
  };
});

// A school per zone; its site is the census internal point of one of its blocks (no facility points needed here).
const schools: School[] = lookup.map(([type, zone, , name]) => {
  const t = LEVEL[type as keyof typeof LEVEL];
  const first = blocks.find((b) => Number(b.properties[`${t.column}_current`]) === Number(zone))!;
  return {
    id: `${type}-${zone}`, name, namePinyin: null, type: t.type, status: 'open',
    location: { type: 'Point', coordinates: [Number(first.properties.intptlon20), Number(first.properties.intptlat20)] },
    township: null, address: null, classesByGrade: emptyGrades(), enrolmentByGrade: emptyGrades(), capacity: {}, staff: null, teachers: null, floorAreaM2: null, siteAreaM2: null, alliance: null, boarding: false, extra: {},
  };
});

function zoneCatchments(suffix: string, scenarioId: string): Catchment[] {
  const out: Catchment[] = [];
  for (const [type, t] of Object.entries(LEVEL)) {
    const members = new Map<number, string[]>();
    for (const b of blocks) {
      const z = Number(b.properties[`${t.column}_${suffix}`]);
      members.set(z, [...(members.get(z) ?? []), String(b.properties.geoid20)]);
    }
    for (const [zone, unitIds] of members) out.push({ id: `${scenarioId}:${type}-${zone}`, scenarioId, level: t.level, schoolId: `${type}-${zone}`, form: 'units', geometry: null, unitIds });
  }
  return out;
}

const hsByName = new Map(lookup.filter((r) => r[0] === 'HS').map((r) => [r[3], `HS-${r[1]}`]));
const scenario2 = (JSON.parse(need('scenario_2_hs.geojson')) as { features: { properties: { name: string }; geometry: ArealGeometry }[] }).features.map((f): Catchment => {
  const schoolId = hsByName.get(f.properties.name.slice(0, -3));
  if (!schoolId) throw new Error(`scenario_2_hs.geojson: no school named ${f.properties.name}`);
  return { id: `s2:${schoolId}`, scenarioId: 's2', level: 'senior', schoolId, form: 'polygon', geometry: f.geometry, unitIds: [] };
});

const data: EvaluationData = { schools, residences, catchments: [...zoneCatchments('current', 'current'), ...scenario2], roads: [], standards: defaultStandards() };

describe('Fairfax County blocks as unit-set catchments (current zones)', () => {
  const ev = evaluateScenario(data, { scenarioId: 'current', levels: ['primary', 'junior', 'senior'], network: false });
  const pupilsOf = (level: string, id: string) => ev.levels.find((l) => l.level === level)!.schools.find((s) => s.schoolId === id)!.pupils;

  it('counts all 1,189,113 people once per level, with no gap or overlap', () => {
    for (const l of ev.levels) {
      expect(l.county.pupils).toBe(1_189_113);
      expect(l.gaps).toHaveLength(0);
      expect(l.overlaps).toHaveLength(0);
    }
    expect(ev.levels.map((l) => l.schools.length)).toEqual([138, 26, 24]);
  });

  it('reproduces the population-by-zone figures of PROVENANCE.md', () => {
    expect(pupilsOf('primary', 'ES-86')).toBe(17_821); // Oak View, the largest
    expect(pupilsOf('primary', 'ES-72')).toBe(3_031); // Bucknell, the smallest
    const es = ev.levels[0].schools.map((s) => s.pupils);
    expect(Math.max(...es)).toBe(17_821);
    expect(Math.min(...es)).toBe(3_031);
    expect(pupilsOf('senior', 'HS-23')).toBe(62_290); // Fairfax
    expect(pupilsOf('senior', 'HS-20')).toBe(35_721); // South County
    expect(pupilsOf('senior', 'HS-1')).toBe(53_001); // Herndon
    expect(pupilsOf('senior', 'HS-24')).toBe(48_002); // Woodson
  });
});

describe('Fairfax scenario 2 high-school polygons', () => {
  it('reproduces the point-in-polygon agreement figures of PROVENANCE.md (9,155 agree, 52 disagree, 197 in none)', () => {
    const ev = evaluateScenario(data, { scenarioId: 's2', levels: ['senior'], network: false });
    const assigned = ev.assignment.senior ?? {};
    let agree = 0;
    let disagree = 0;
    let none = 0;
    for (const b of blocks) {
      const id = String(b.properties.geoid20);
      const got = assigned[id];
      if (got === undefined) none++;
      else if (got === `HS-${b.properties.high_scenario2}`) agree++;
      else disagree++;
    }
    expect([agree, disagree, none]).toEqual([9_155, 52, 197]);
    // Blocks in no polygon are listed as gaps by name, never dropped (those with people).
    const level = ev.levels[0];
    const peopleInNone = blocks.filter((b) => assigned[String(b.properties.geoid20)] === undefined && Number(b.properties.pop) > 0).length;
    expect(level.gaps).toHaveLength(peopleInNone);
    expect(level.county.pupils + level.county.gapPupils).toBe(1_189_113);
    expect(level.catchments).toHaveLength(24);
    expect(ev.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
