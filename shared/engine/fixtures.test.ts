// Hand-checked fixtures (fixtures/README.md): each folder holds input.geojson, a FeatureCollection a
// GIS can open (schools, residences and catchments told apart by properties.kind), and
// expected.json, the figures worked out by hand beside it. This file turns the features into the
// model's records, runs evaluateScenario once per fixture and compares with expected.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ArealGeometry, Catchment, Level, PointGeometry, Residence, School, SchoolStatus, SchoolType, SettlementType } from '../model';
import { defaultStandards, emptyGrades } from '../model';
import { evaluateScenario, type EvaluationData } from './evaluate';
import type { AssignmentMethod, Evaluation } from './types';

const ROOT = fileURLToPath(new URL('./fixtures', import.meta.url));

type Props = Record<string, unknown>;
interface InputFeature { type: 'Feature'; properties: Props; geometry: { type: string; coordinates: unknown } }

/** Per-grade columns `<prefix>_g1` … `<prefix>_g12`; a missing column is 0. */
function byGrade(p: Props, prefix: string): number[] {
  const out = emptyGrades();
  for (let g = 1; g <= 12; g++) {
    const v = p[`${prefix}_g${g}`];
    if (v !== undefined && v !== null) out[g - 1] = Number(v);
  }
  return out;
}

const num = (v: unknown): number | null => (v === undefined || v === null ? null : Number(v));

function toSchool(f: InputFeature): School {
  const p = f.properties;
  const capacity: Partial<Record<Level, number>> = {};
  for (const level of ['primary', 'junior', 'senior'] as const) {
    const v = num(p[`capacity_${level}`]);
    if (v !== null) capacity[level] = v;
  }
  return {
    id: String(p.id), name: String(p.name), namePinyin: null, type: p.type as SchoolType, status: (p.status ?? 'open') as SchoolStatus,
    location: f.geometry as PointGeometry, township: null, address: null,
    classesByGrade: byGrade(p, 'classes'), enrolmentByGrade: byGrade(p, 'enrolment'), capacity,
    staff: num(p.staff), teachers: num(p.teachers), floorAreaM2: num(p.floorAreaM2), siteAreaM2: num(p.siteAreaM2),
    alliance: null, boarding: false, extra: {},
  };
}

function toResidence(f: InputFeature): Residence {
  const p = f.properties;
  return {
    id: String(p.id), name: String(p.name), namePinyin: null, kind: 'complex', settlement: (p.settlement ?? 'urban') as SettlementType,
    geometry: f.geometry as Residence['geometry'], township: null, households: null, population: null,
    pupilsByGrade: byGrade(p, 'pupils'), pupilSource: 'grade', extra: {},
  };
}

function toCatchment(f: InputFeature, scenarioId: string): Catchment {
  const p = f.properties;
  return {
    id: String(p.id), scenarioId: String(p.scenarioId ?? scenarioId), level: p.level as Level, schoolId: String(p.schoolId),
    form: 'polygon', geometry: f.geometry as ArealGeometry, unitIds: [],
  };
}

interface Expected {
  description: string;
  scenarioId: string;
  method?: AssignmentMethod;
  problems: unknown;
  levels: Partial<Record<Level, Record<string, unknown>>>;
}

function load(name: string): { data: EvaluationData; expected: Expected } {
  const dir = join(ROOT, name);
  const input = JSON.parse(readFileSync(join(dir, 'input.geojson'), 'utf8')) as { type: string; features: InputFeature[] };
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  expect(input.type).toBe('FeatureCollection');
  const kinds = new Set(input.features.map((f) => f.properties.kind));
  for (const k of kinds) expect(['school', 'residence', 'catchment']).toContain(k);
  const of = (kind: string) => input.features.filter((f) => f.properties.kind === kind);
  return {
    data: {
      schools: of('school').map(toSchool),
      residences: of('residence').map(toResidence),
      catchments: of('catchment').map((f) => toCatchment(f, expected.scenarioId)),
      roads: [],
      standards: defaultStandards(),
    },
    expected,
  };
}

/**
 * Compares `actual` with an expected value, collecting mismatches. Expected objects match as a
 * subset (only the keys they name; "why" is commentary). `{ value, tol?, reject? }` wraps a value:
 * numbers compare within tol (default 1e-9 relative), and must stay 0.01 away from each rejected value.
 */
function compare(actual: unknown, expected: unknown, path: string, errors: string[]): void {
  const spec = expected !== null && typeof expected === 'object' && !Array.isArray(expected) && 'value' in expected ? (expected as { value: unknown; tol?: number; reject?: number[] }) : null;
  const exp = spec ? spec.value : expected;
  if (typeof exp === 'number') {
    const tol = spec?.tol ?? 1e-9 * Math.max(1, Math.abs(exp));
    if (typeof actual !== 'number' || !(Math.abs(actual - exp) <= tol)) errors.push(`${path}: expected ${exp} ± ${tol}, got ${JSON.stringify(actual)}`);
    for (const r of spec?.reject ?? []) {
      if (typeof actual === 'number' && Math.abs(actual - r) < 0.01) errors.push(`${path}: ${actual} is the rejected value ${r}`);
    }
    return;
  }
  if (Array.isArray(exp)) {
    if (!Array.isArray(actual)) {
      errors.push(`${path}: expected an array, got ${JSON.stringify(actual)}`);
      return;
    }
    if (actual.length !== exp.length) errors.push(`${path}: expected ${exp.length} items, got ${actual.length}: ${JSON.stringify(actual)}`);
    exp.forEach((e, k) => compare(actual[k], e, `${path}[${k}]`, errors));
    return;
  }
  if (exp !== null && typeof exp === 'object') {
    if (actual === null || typeof actual !== 'object') {
      errors.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [key, e] of Object.entries(exp)) if (key !== 'why') compare((actual as Record<string, unknown>)[key], e, `${path}.${key}`, errors);
    return;
  }
  if (actual !== exp) errors.push(`${path}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(actual)}`);
}

const unwrap = (v: unknown): unknown => (v !== null && typeof v === 'object' && !Array.isArray(v) && 'value' in v ? (v as { value: unknown }).value : v);

function checkLevel(evaluation: Evaluation, level: Level, exp: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const lv = evaluation.levels.find((l) => l.level === level);
  if (!lv) return [`level ${level} was not evaluated`];
  for (const [key, e] of Object.entries(exp)) {
    switch (key) {
      case 'schools':
        for (const [id, row] of Object.entries(e as Record<string, unknown>)) {
          const actual = lv.schools.find((s) => s.schoolId === id);
          if (!actual) errors.push(`${level}.schools.${id}: no row`);
          else compare(actual, row, `${level}.schools.${id}`, errors);
        }
        break;
      case 'absentSchools':
        for (const id of unwrap(e) as string[]) if (lv.schools.some((s) => s.schoolId === id)) errors.push(`${level}.schools: ${id} should have no row`);
        break;
      case 'catchments':
        for (const [id, row] of Object.entries(e as Record<string, unknown>)) {
          const actual = lv.catchments.find((c) => c.catchmentId === id);
          if (!actual) errors.push(`${level}.catchments.${id}: no row`);
          else compare(actual, row, `${level}.catchments.${id}`, errors);
        }
        break;
      case 'catchmentIds':
        compare(lv.catchments.map((c) => c.catchmentId), e, `${level}.catchmentIds`, errors);
        break;
      case 'assignment':
        compare(evaluation.assignment[level] ?? {}, e, `${level}.assignment`, errors);
        compare(Object.keys(evaluation.assignment[level] ?? {}).sort(), Object.keys(e as object).sort(), `${level}.assignment keys`, errors);
        break;
      case 'county':
      case 'gaps':
      case 'overlaps':
      case 'unseated':
        compare(lv[key], e, `${level}.${key}`, errors);
        break;
      default:
        errors.push(`expected.json: unknown key ${level}.${key}`);
    }
  }
  return errors;
}

const FIXTURES = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('hand-checked fixtures', () => {
  it('finds the fixtures', () => {
    expect(FIXTURES).toEqual(expect.arrayContaining(['catchments', 'county-cv', 'distances', 'nine-year-split', 'school-figures']));
  });

  describe.each(FIXTURES)('%s', (name) => {
    const { data, expected } = load(name);
    const evaluation = evaluateScenario(data, { scenarioId: expected.scenarioId, method: expected.method, network: false });

    it('reports the expected problems', () => {
      const errors: string[] = [];
      compare(evaluation.problems, expected.problems, 'problems', errors);
      expect(errors).toEqual([]);
    });

    for (const [level, exp] of Object.entries(expected.levels)) {
      it(`${level}: matches expected.json`, () => {
        expect(checkLevel(evaluation, level as Level, exp!)).toEqual([]);
      });
    }
  });
});
