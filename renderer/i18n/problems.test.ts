// Every problem code the import builders produce has a zh-CN and an en entry, and each entry only
// interpolates params the problem carries; problemText falls back to the English message.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../shared/base/problems';
import type { SourceTable, Cell } from '../../shared/io/source';
import { buildAssignments, buildHousing, buildPolygonCatchments, buildResidences, buildRoads, buildSchools, joinTables } from '../../shared/io/import/build';
import type { Geometry, School } from '../../shared/model';
import zhCN from './zh-CN.json';
import en from './en.json';
import { problemText } from './problems';

const table = (file: string, columns: string[], rows: Cell[][], geometries: SourceTable['geometries'] = null): SourceTable =>
  ({ file, columns, rows, geometries, declaredCrs: null, encoding: 'utf-8', problems: [] });
const same = (cols: string[]) => Object.fromEntries(cols.map((c) => [c, c]));

function problemsFromBadInput(): Problem[] {
  const out: Problem[] = [];
  const cols = ['id', 'name', 'type', 'lon', 'lat', 'enrolment', 'capacity'];
  const schools = buildSchools(table('schools.csv', cols, [
    ['A', '一小', '小学', 120.1234, 30.2345, 'abc', 500], // not a number
    ['A', '二小', '小学', 120.2234, 30.3345, '12.5', 300], // duplicate code, not whole
    ['C', '三小', '幼儿园', 120.3234, 30.1345, null, null], // unknown type (→ no type)
    ['D', null, '小学', 120.4234, 30.2445, null, null], // no school name
    ['E', '五小', '小学', null, 30.2, null, null], // no coordinate
    ['F', '六小', '小学', 0, 0, null, null], // placeholder, implausibly large
    ['G', '七小', '小学', 120, 30, null, null], // whole degrees
    ['H', '八小', '小学', 120.1234, 30.2345, null, null], // duplicate position
    ['I', '九小', '小学', 500000, 3000000, null, null], // projected as geographic
    ['J', '十小', '小学', 120.5, 95.5, null, null], // latitude out of range
    ['K', '九年', '九年一贯制', 120.6234, 30.4345, '-3', 900], // below min, capacity for several levels
    ['L', '远校', '小学', 100.5, 40.5, '1e13', null], // far from the project
  ]), { columns: same(cols), projectBbox: [119.9, 30, 120.7, 30.5] });
  out.push(...schools.report.problems);
  out.push(...buildSchools(table('s2.csv', ['name'], [['x']]), { columns: { name: 'name', type: 'typ' } }).report.problems); // column not in file
  // Swapped columns in most rows; GCJ-02 points outside China.
  out.push(...buildResidences(table('res.csv', ['lon', 'lat'], [[30.1, 120.1], [30.2, 120.2], [30.3, 120.3], [30.4, 120.4]]), { columns: same(['lon', 'lat']) }).report.problems);
  out.push(...buildResidences(table('gcj.csv', ['lon', 'lat'], [[2.35, 48.85], [120.1, 30.2]]), { columns: same(['lon', 'lat']), crs: { kind: 'gcj02' } }).report.problems);
  out.push(...buildResidences(table('nogeo.csv', ['name'], [['x']])).report.problems);
  const known = schools.schools as School[];
  const poly: Geometry = { type: 'Polygon', coordinates: [[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30]]] };
  const open: Geometry = { type: 'Polygon', coordinates: [[[120, 30], [120.1, 30], [120.1, 30.1], [120.2, 30.3]]] };
  const catchCols = ['school', 'level', 'form'];
  out.push(...buildPolygonCatchments(table('zones.geojson', catchCols, [[null, null, null], ['无此校', null, null], ['九年', null, null], ['一小', null, '名单'], ['一小', null, null], ['一小', null, null]],
    [poly, poly, poly, poly, open, null]), known, 'base', { columns: same(catchCols) }).report.problems);
  out.push(...buildAssignments(table('list.csv', ['residence', 'school'], [[null, '一小'], ['无此小区', '一小']]), known, [], 'base', { columns: same(['residence', 'school']) }).report.problems);
  out.push(...buildAssignments(table('empty.csv', ['x'], [['1']]), known, [], 'base').report.problems);
  out.push(...buildRoads(table('roads.csv', ['roadClass'], [['天路']], [{ type: 'LineString', coordinates: [[120, 30], [120.1, 30.1]] }]), { columns: { roadClass: 'roadClass' } }).report.problems);
  const hCols = ['name', 'dwellings', 'completionYear', 'lon', 'lat'];
  out.push(...buildHousing(table('housing.csv', hCols, [[null, 10, 2030, 120.11, 30.21], ['a', null, 2030, 120.12, 30.22], ['b', 10, 2500, 120.13, 30.23]]), { columns: same(hCols) }).report.problems);
  const left = table('l.csv', ['k'], [['1'], ['2']]);
  out.push(...joinTables(left, table('r.csv', ['k', 'v'], [['1', 'x']]), 'k', 'k').problems);
  out.push(...joinTables(left, table('r.csv', ['k'], []), 'k', 'nope').problems);
  return out;
}

const entries = (lang: Record<string, unknown>) => lang.importProblem as Record<string, string>;

describe('import problem translations', () => {
  const problems = problemsFromBadInput();
  const codes = new Set(problems.map((p) => p.code).filter((c): c is string => !!c));

  it('the builders give the common problems a code', () => {
    for (const c of [
      'no-coordinate', 'no-school-name', 'no-school-type', 'unknown-school-type', 'not-a-number', 'not-whole-number', 'below-min', 'above-max',
      'implausibly-large', 'duplicate-code', 'geometry-problem', 'no-geometry-no-lonlat', 'no-school-match', 'several-levels', 'unit-outlines-skipped',
      'swapped-axes', 'join-partner-missing', 'join-column-missing', 'column-not-in-file', 'placeholder', 'placeholder-whole-degrees', 'duplicate',
      'projected-as-geographic', 'out-of-range', 'outside-china', 'far-from-project', 'capacity-several-levels', 'names-no-school', 'names-no-residence',
      'no-residence-column', 'no-school-column', 'unmatched-units', 'unknown-road-class', 'no-project-name', 'no-dwellings',
    ]) expect(codes, c).toContain(c);
  });

  it('every code produced has a zh-CN and an en entry using only the params given', () => {
    for (const [name, lang] of [['zh-CN', zhCN], ['en', en]] as const) {
      for (const p of problems) {
        if (!p.code) continue;
        const text = entries(lang)[p.code];
        expect(text, `${name} importProblem.${p.code}`).toBeTypeOf('string');
        for (const [, param] of text.matchAll(/\{\{(\w+)\}\}/g)) expect(p.params ?? {}, `${name} ${p.code}: {{${param}}}`).toHaveProperty(param);
      }
    }
  });

  it('zh-CN and en have the same codes', () => {
    expect(Object.keys(entries(zhCN)).sort()).toEqual(Object.keys(entries(en)).sort());
  });

  it('shows the translation when there is one, else the English message', () => {
    const fake = {
      exists: (k: string) => k === 'importProblem.not-a-number',
      t: (k: string, o?: Record<string, unknown>) => `${k}:${String(o?.value)}`,
    } as unknown as Parameters<typeof problemText>[1];
    expect(problemText({ message: 'is not a number', code: 'not-a-number', params: { value: 'abc' } }, fake)).toBe('importProblem.not-a-number:abc');
    expect(problemText({ message: 'something new', code: 'unknown-code' }, fake)).toBe('something new');
    expect(problemText({ message: 'plain' }, fake)).toBe('plain');
  });
});
