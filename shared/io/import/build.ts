// Source tables to model records, layer by layer: cells read through the column mapping, values in
// planners' words recognised, coordinates converted to WGS84 from the file's system (never
// silently: the report says which system was used and why), references between layers matched by
// code or tolerantly by name. Every row that cannot be used is reported with its row number,
// column and reason; columns the model has no field for are kept as extra attributes.
import type { Problem, ProblemCode } from '../../base/problems';
import type { ArealGeometry, Catchment, ExtraAttributes, Geometry, HousingDevelopment, Level, LinearGeometry, PointGeometry, Residence, Road, School, SchoolType } from '../../model';
import { emptyGrades, LEVEL_GRADES, SCHOOL_TYPE_LEVELS } from '../../model';
import { coordinateChecks, crsFromDeclared, toWgs84, transformGeometry, type CrsSpec } from '../../geo/crs';
import { rewind } from '@turf/turf';
import { geometryProblem } from '../../geo/validate-geometry';
import { lookupWord, RESIDENCE_KIND_WORDS, ROAD_CLASS_WORDS, SETTLEMENT_WORDS } from '../vocabulary';
import type { Cell, SourceTable } from '../source';
import { detectColumns, FIELDS, type ImportLayer } from './fields';
import { NameMatcher, type NameMatch } from './names';
import { cellText, parseBool, parseLevel, parseNumber, parseSchoolType, parseStatus } from './values';

export interface LayerOptions {
  /** Coordinate system of the file; null/undefined: the one it declares, else WGS84 (reported as assumed). */
  crs?: CrsSpec | null;
  /** Field → column overrides of the detected mapping. */
  columns?: Record<string, string>;
  /** The level every row of the file belongs to (a catchment file of one level, a 小学 roster). */
  level?: Level | null;
  /** The project's extent, for "far from the project area" warnings. */
  projectBbox?: [number, number, number, number] | null;
}

export interface LayerReport {
  file: string;
  layer: ImportLayer;
  rows: number;
  imported: number;
  skipped: number;
  mapping: Record<string, string>;
  unmappedColumns: string[];
  crs: CrsSpec | null;
  crsSource: 'given' | 'declared' | 'assumed' | 'none';
  /** References matched other than exactly, for the planner to confirm. */
  inexactMatches: { input: string; matched: string; how: string }[];
  /** Names that matched nothing. */
  unmatched: string[];
  problems: Problem[];
}

interface NumberRule { int?: boolean; min?: number; max?: number }
const NO_RULE: NumberRule = {};
const MIN0: NumberRule = { min: 0 };
const INT_MIN0: NumberRule = { int: true, min: 0 };

class Rows {
  readonly problems: Problem[] = [];
  readonly skippedRows = new Set<number>();
  readonly mapping: Record<string, string>;
  private readonly index: Map<string, number>;

  constructor(readonly table: SourceTable, readonly layer: ImportLayer, overrides: Record<string, string> = {}) {
    this.index = new Map(table.columns.map((c, k) => [c, k]));
    const detected = detectColumns(layer, table.columns);
    const known = new Set(FIELDS[layer].map((f) => f.key));
    for (const [field, column] of Object.entries(overrides)) {
      if (!known.has(field)) continue; // a global --columns entry for another layer's field
      if (!this.index.has(column)) this.problems.push({ file: table.file, field: column, message: `column "${column}" (given for ${field}) is not in the file; its columns are ${table.columns.join(', ')}`, severity: 'error', code: 'column-not-in-file', params: { column, field, columns: table.columns.join(', ') } });
      else detected[field] = column;
    }
    this.mapping = detected;
  }

  has(field: string): boolean {
    return this.mapping[field] !== undefined;
  }

  private fieldIndex = new Map<string, number>();

  cell(row: number, field: string): Cell {
    let k = this.fieldIndex.get(field);
    if (k === undefined) {
      const col = this.mapping[field];
      k = col === undefined ? -1 : this.index.get(col)!;
      this.fieldIndex.set(field, k);
    }
    return k < 0 ? null : this.table.rows[row][k] ?? null;
  }

  text(row: number, field: string): string | null {
    return cellText(this.cell(row, field));
  }

  number(row: number, field: string, opts: NumberRule = NO_RULE): number | null {
    const raw = this.cell(row, field);
    const v = parseNumber(raw);
    if (v === null) return null;
    if (Number.isFinite(v) && !(opts.int && !Number.isInteger(v)) && !(opts.min !== undefined && v < opts.min) && !(opts.max !== undefined && v > opts.max) && Math.abs(v) <= 1e12) return v;
    const [msg, code, bound]: [string, string, number | null] | [null, null, null] = !Number.isFinite(v) ? ['is not a number', 'not-a-number', null]
      : opts.int && !Number.isInteger(v) ? ['must be a whole number', 'not-whole-number', null]
        : opts.min !== undefined && v < opts.min ? [`must be ≥ ${opts.min}`, 'below-min', opts.min]
          : opts.max !== undefined && v > opts.max ? [`must be ≤ ${opts.max}`, 'above-max', opts.max]
            : Math.abs(v) > 1e12 ? ['is implausibly large', 'implausibly-large', null] : [null, null, null];
    if (msg === null) return v;
    const params: Record<string, string | number> = { value: String(raw) };
    if (bound !== null) params[code === 'below-min' ? 'min' : 'max'] = bound;
    this.problem(row, field, `${msg} (got "${String(raw)}"); left empty`, 'warning', { code, params });
    return null;
  }

  problem(row: number, field: string | undefined, message: string, severity: 'error' | 'warning' = 'error', coded?: ProblemCode): void {
    const p: Problem = { file: this.table.file, row: row + 1, field: field ? this.mapping[field] ?? field : undefined, message, severity };
    if (coded) {
      p.code = coded.code;
      if (coded.params) p.params = coded.params;
    }
    this.problems.push(p);
  }

  skip(row: number, field: string | undefined, message: string, coded?: ProblemCode): void {
    this.problem(row, field, `${message}; row skipped`, 'error', coded);
    this.skippedRows.add(row);
  }

  private extraColumns: number[] | null = null;

  /** The cells of columns no field took, as extra attributes (nothing read is dropped). */
  extra(row: number): ExtraAttributes {
    if (!this.extraColumns) {
      const taken = new Set(Object.values(this.mapping));
      this.extraColumns = this.table.columns.flatMap((c, k) => (taken.has(c) ? [] : [k]));
    }
    const out: ExtraAttributes = {};
    const cells = this.table.rows[row];
    for (const k of this.extraColumns) {
      const v = cells[k];
      if (v !== null && v !== '' && v !== undefined) out[this.table.columns[k]] = v;
    }
    return out;
  }

  unmappedColumns(): string[] {
    const taken = new Set(Object.values(this.mapping));
    return this.table.columns.filter((c) => !taken.has(c));
  }
}

interface Located {
  crs: CrsSpec | null;
  source: LayerReport['crsSource'];
  convert: ((x: number, y: number) => [number, number]) | null;
}

function locate(table: SourceTable, opts: LayerOptions): Located {
  if (opts.crs) return { crs: opts.crs, source: 'given', convert: toWgs84(opts.crs) };
  const declared = table.declaredCrs ? crsFromDeclared(table.declaredCrs) : null;
  if (declared) return { crs: declared, source: 'declared', convert: toWgs84(declared) };
  const wgs: CrsSpec = { kind: 'wgs84' };
  return { crs: wgs, source: 'assumed', convert: toWgs84(wgs) };
}

function report(r: Rows, imported: number, loc: Located | null, extra: Partial<LayerReport> = {}): LayerReport {
  return {
    file: r.table.file, layer: r.layer, rows: r.table.rows.length, imported, skipped: r.skippedRows.size, mapping: r.mapping,
    unmappedColumns: r.unmappedColumns(), crs: loc?.crs ?? null, crsSource: loc?.source ?? 'none', inexactMatches: [], unmatched: [],
    problems: [...r.table.problems, ...r.problems], ...extra,
  };
}

/** Geometry of a row in WGS84: the file's own (converted), else the lon/lat columns; null with a problem. */
function rowGeometry(r: Rows, row: number, loc: Located, allowed: readonly Geometry['type'][], checks: { row: number; x: number; y: number }[]): Geometry | null {
  const g = r.table.geometries?.[row] ?? null;
  if (g) {
    let wgs = loc.convert ? transformGeometry(g, loc.convert) : g;
    const problem = geometryProblem(wgs, allowed);
    if (problem) {
      r.skip(row, undefined, `geometry: ${problem}`, { code: 'geometry-problem', params: { problem } });
      return null;
    }
    // Shapefile rings run clockwise; store polygons the GeoJSON way (outer rings counter-clockwise).
    if (wgs.type === 'Polygon' || wgs.type === 'MultiPolygon') wgs = rewind(wgs) as Geometry;
    return wgs;
  }
  if (!allowed.includes('Point')) {
    r.skip(row, undefined, `has no ${allowed.join('/')} geometry`, { code: 'no-geometry-of-type', params: { types: allowed.join('/') } });
    return null;
  }
  if (!r.has('lon') || !r.has('lat')) {
    r.skip(row, undefined, 'has no geometry and the file has no longitude/latitude columns', { code: 'no-geometry-no-lonlat' });
    return null;
  }
  const x = r.number(row, 'lon');
  const y = r.number(row, 'lat');
  if (x === null || y === null) {
    r.skip(row, x === null ? 'lon' : 'lat', 'has no coordinate', { code: 'no-coordinate' });
    return null;
  }
  checks.push({ row: row + 1, x, y }); // numbered as the planner sees rows (1 = first data row)
  const [lon, lat] = loc.convert ? loc.convert(x, y) : [x, y];
  return { type: 'Point', coordinates: [lon, lat] };
}

/** Runs the coordinate checks (placeholders, swapped axes, far away) and skips rows with errors. */
function checkCoordinates(r: Rows, loc: Located, checks: { row: number; x: number; y: number }[], opts: LayerOptions, out: (Geometry | null)[]): void {
  if (!loc.crs || checks.length === 0) return;
  const res = coordinateChecks(checks, loc.crs, opts.projectBbox ?? null);
  if (res.swapped) r.problems.push({ file: r.table.file, message: 'longitude and latitude look swapped in most rows: check the column mapping (经度 = longitude, 纬度 = latitude)', severity: 'error', code: 'swapped-axes' });
  const wanted = new Set(res.problems.map((p) => p.row));
  const byRow = new Map(wanted.size ? checks.filter((c) => wanted.has(c.row)).map((c) => [c.row, c]) : []);
  for (const p of res.problems) {
    const row = p.row - 1;
    const message = p.message.replace(/^Row \d+: /, '');
    const c = byRow.get(p.row);
    // The coordinate codes of crs.ts, with the row's own x/y; a whole-degree placeholder (a warning
    // there, skipped here) is told apart from a filler such as (0, 0).
    const code = p.code === 'placeholder' && p.severity === 'warning' ? 'placeholder-whole-degrees' : p.code;
    const coded: ProblemCode = { code, params: { x: c ? c.x : '', y: c ? c.y : '', ...p.params } };
    // A placeholder position would put the school or home ~100 km off: not imported.
    if (p.severity === 'error' || p.code === 'placeholder') {
      r.skip(row, 'lon', message, coded);
      out[row] = null;
    } else r.problem(row, 'lon', message, 'warning', coded);
  }
}

function distribute(total: number, grades: readonly number[]): number[] {
  const out = emptyGrades();
  const base = Math.floor(total / grades.length);
  let rest = total - base * grades.length;
  for (const g of grades) {
    out[g - 1] = base + (rest > 0 ? 1 : 0);
    if (rest > 0) rest--;
  }
  return out;
}

export function buildSchools(table: SourceTable, opts: LayerOptions = {}): { schools: School[]; report: LayerReport } {
  const r = new Rows(table, 'schools', opts.columns);
  const loc = locate(table, opts);
  const checks: { row: number; x: number; y: number }[] = [];
  const geoms = table.rows.map((_, i) => rowGeometry(r, i, loc, ['Point'], checks));
  checkCoordinates(r, loc, checks, opts, geoms);
  const seen = new Set<string>();
  const schools: School[] = [];
  table.rows.forEach((_, i) => {
    if (r.skippedRows.has(i)) return;
    const name = r.text(i, 'name');
    if (!name) return r.skip(i, 'name', 'has no school name', { code: 'no-school-name' });
    let id = r.text(i, 'id') ?? `S${String(i + 1).padStart(5, '0')}`;
    if (seen.has(id)) {
      r.problem(i, 'id', `code ${id} is used by an earlier row; this one is kept as ${id}-${i + 1}`, 'warning', { code: 'duplicate-code', params: { id, newId: `${id}-${i + 1}` } });
      id = `${id}-${i + 1}`;
    }
    const typeCell = r.cell(i, 'type');
    let type: SchoolType | null = parseSchoolType(typeCell);
    if (type === null && typeCell !== null && typeCell !== '') r.problem(i, 'type', `unknown school type "${String(typeCell)}"`, 'warning', { code: 'unknown-school-type', params: { value: String(typeCell) } });
    type ??= opts.level === 'junior' ? 'junior' : opts.level === 'senior' ? 'senior' : opts.level === 'primary' ? 'primary' : null;
    if (type === null) return r.skip(i, 'type', 'has no school type (give a type column or set the level for the whole file)', { code: 'no-school-type' });
    const g = geoms[i] as PointGeometry | null;
    if (!g) return;
    const levels = SCHOOL_TYPE_LEVELS[type];
    const grades = levels.flatMap((l) => LEVEL_GRADES[l]);
    let enrol = emptyGrades();
    const byGrade = grades.some((gr) => r.has(`enrolment_g${gr}`));
    const extra = r.extra(i);
    if (byGrade) enrol = enrol.map((_, k) => r.number(i, `enrolment_g${k + 1}`, INT_MIN0) ?? 0);
    else {
      const total = r.number(i, 'enrolment', INT_MIN0);
      if (total !== null) {
        enrol = distribute(total, grades);
        extra['在校生总数'] = total; // per-grade figures were spread evenly: keep what was given
      }
    }
    let classes = emptyGrades();
    if (grades.some((gr) => r.has(`classes_g${gr}`))) classes = classes.map((_, k) => r.number(i, `classes_g${k + 1}`, INT_MIN0) ?? 0);
    else {
      const total = r.number(i, 'classes', INT_MIN0);
      if (total !== null) {
        classes = distribute(total, grades);
        extra['班级总数'] = total;
      }
    }
    const capacity: Partial<Record<Level, number>> = {};
    const cap = r.number(i, 'capacity', INT_MIN0);
    if (cap !== null) {
      if (levels.length === 1) capacity[levels[0]] = cap;
      else r.problem(i, 'capacity', `one seat figure for a school of ${levels.length} levels: give seats per level (小学学位数 / 初中学位数); kept as an extra attribute`, 'warning', { code: 'capacity-several-levels', params: { levels: levels.length } });
      if (levels.length !== 1) extra['学位数'] = cap;
    }
    for (const [field, level] of [['capacityPrimary', 'primary'], ['capacityJunior', 'junior'], ['capacitySenior', 'senior']] as const) {
      const v = r.number(i, field, INT_MIN0);
      if (v !== null) capacity[level] = v;
    }
    seen.add(id);
    schools.push({
      id, name, namePinyin: null, type, status: parseStatus(r.cell(i, 'status')) ?? 'open', location: g,
      township: r.text(i, 'township'), address: r.text(i, 'address'), classesByGrade: classes, enrolmentByGrade: enrol, capacity,
      staff: r.number(i, 'staff', { min: 0 }), teachers: r.number(i, 'teachers', { min: 0 }), floorAreaM2: r.number(i, 'floorAreaM2', { min: 0 }),
      siteAreaM2: r.number(i, 'siteAreaM2', { min: 0 }), alliance: r.text(i, 'alliance'), boarding: parseBool(r.cell(i, 'boarding')) ?? false, extra,
    });
  });
  return { schools, report: report(r, schools.length, loc) };
}

export function buildResidences(table: SourceTable, opts: LayerOptions = {}): { residences: Residence[]; report: LayerReport } {
  const r = new Rows(table, 'residences', opts.columns);
  const loc = locate(table, opts);
  const checks: { row: number; x: number; y: number }[] = [];
  const geoms = table.rows.map((_, i) => rowGeometry(r, i, loc, ['Point', 'Polygon', 'MultiPolygon'], checks));
  checkCoordinates(r, loc, checks, opts, geoms);
  const seen = new Set<string>();
  const out: Residence[] = [];
  const byGrade = Array.from({ length: 12 }, (_, k) => r.has(`pupils_g${k + 1}`)).some(Boolean);
  table.rows.forEach((_, i) => {
    if (r.skippedRows.has(i)) return;
    const g = geoms[i] as Residence['geometry'] | null;
    if (!g) return;
    let id = r.text(i, 'id') ?? `R${String(i + 1).padStart(6, '0')}`;
    if (seen.has(id)) {
      r.problem(i, 'id', `code ${id} is used by an earlier row; this one is kept as ${id}-${i + 1}`, 'warning', { code: 'duplicate-code', params: { id, newId: `${id}-${i + 1}` } });
      id = `${id}-${i + 1}`;
    }
    seen.add(id);
    let pupils = emptyGrades();
    let source: Residence['pupilSource'] = 'grade';
    if (byGrade) pupils = pupils.map((_, k) => r.number(i, `pupils_g${k + 1}`, MIN0) ?? 0);
    else {
      source = 'level';
      const perLevel: Record<'primary' | 'junior' | 'senior', number | null> = { primary: r.number(i, 'pupilsPrimary', MIN0), junior: r.number(i, 'pupilsJunior', MIN0), senior: r.number(i, 'pupilsSenior', MIN0) };
      const total = r.number(i, 'pupils', MIN0);
      if (total !== null && perLevel.primary === null && perLevel.junior === null && perLevel.senior === null) perLevel[(opts.level ?? 'primary') as keyof typeof perLevel] = total;
      for (const level of ['primary', 'junior', 'senior'] as const) {
        const v = perLevel[level];
        if (v === null) continue;
        const grades = LEVEL_GRADES[level];
        for (const gr of grades) pupils[gr - 1] = v / grades.length;
      }
    }
    out.push({
      id, name: r.text(i, 'name') ?? id, namePinyin: null,
      kind: lookupWord(RESIDENCE_KIND_WORDS, r.text(i, 'kind')) ?? (g.type === 'Point' ? 'complex' : 'block'),
      settlement: lookupWord(SETTLEMENT_WORDS, r.text(i, 'settlement')) ?? (r.text(i, 'settlement')?.toUpperCase() === 'R' ? 'rural' : 'urban'),
      geometry: g, township: r.text(i, 'township'), households: r.number(i, 'households', MIN0), population: r.number(i, 'population', MIN0),
      pupilsByGrade: pupils, pupilSource: source, extra: r.extra(i),
    });
  });
  return { residences: out, report: report(r, out.length, loc) };
}

/** Finds schools by code, or by name tolerantly; optionally among those teaching a level, or by an attribute. */
export class SchoolResolver {
  private readonly byId: Map<string, School>;
  private readonly byName: NameMatcher<School>;
  readonly inexact: NameMatch<School>[] = [];
  readonly unmatched = new Set<string>();

  constructor(private readonly schools: readonly School[], private readonly key?: string) {
    this.byId = new Map(schools.map((s) => [s.id, s]));
    this.byName = new NameMatcher(schools, (s) => s.name);
  }

  /** A school's value of the key attribute (an extra column, or the code), compared trimmed and case-blind. */
  private keyOf(s: School): string {
    const v = this.key === 'id' ? s.id : s.extra[this.key!];
    return v === null || v === undefined ? '' : String(v).trim().toLowerCase();
  }

  resolve(ref: string, level: Level | null): School | null {
    const fits = (s: School) => !level || SCHOOL_TYPE_LEVELS[s.type].includes(level);
    if (this.key) {
      // A key attribute may repeat across levels (zone 7 of elementary and zone 7 of high school).
      const want = ref.trim().toLowerCase();
      const hit = this.schools.find((s) => this.keyOf(s) === want && fits(s));
      if (hit) return hit;
    }
    const direct = this.byId.get(ref);
    if (direct && fits(direct)) return direct;
    const m = this.byName.match(ref);
    if (m && fits(m.item)) {
      if (m.how !== 'exact') this.inexact.push(m);
      return m.item;
    }
    this.unmatched.add(ref);
    return null;
  }
}

export function buildPolygonCatchments(table: SourceTable, schools: readonly School[], scenarioId: string, opts: LayerOptions & { schoolKey?: string } = {}): { catchments: Catchment[]; report: LayerReport } {
  const r = new Rows(table, 'catchments', opts.columns);
  const loc = locate(table, opts);
  const resolver = new SchoolResolver(schools, opts.schoolKey);
  const parts = new Map<string, { level: Level; schoolId: string; polys: ArealGeometry[] }>();
  let unitOutlines = 0;
  table.rows.forEach((_, i) => {
    const form = r.text(i, 'form')?.toLowerCase();
    if (form === '名单' || form === 'units') {
      // An exported unit-list catchment's outline: its units come back through the assignment table.
      unitOutlines++;
      r.skippedRows.add(i);
      return;
    }
    let g = rowGeometry(r, i, loc, ['Polygon', 'MultiPolygon'], []) as ArealGeometry | null;
    if (!g) return;
    if (g.type === 'MultiPolygon' && g.coordinates.length === 1) g = { type: 'Polygon', coordinates: g.coordinates[0] }; // one part: a polygon (GIS layers often promote)
    const ref = r.text(i, 'school');
    if (!ref) return r.skip(i, 'school', 'names no school', { code: 'names-no-school' });
    const level = parseLevel(r.cell(i, 'level')) ?? opts.level ?? null;
    const school = resolver.resolve(ref, level);
    if (!school) return r.skip(i, 'school', `no school matches "${ref}"`, { code: 'no-school-match', params: { name: ref } });
    const lv = level ?? (SCHOOL_TYPE_LEVELS[school.type].length === 1 ? SCHOOL_TYPE_LEVELS[school.type][0] : null);
    if (!lv) return r.skip(i, 'level', `${school.name} teaches several levels: give a level column or set the level for the file`, { code: 'several-levels', params: { school: school.name } });
    const key = `${lv}:${school.id}`;
    const entry = parts.get(key) ?? { level: lv, schoolId: school.id, polys: [] };
    entry.polys.push(g);
    parts.set(key, entry);
  });
  if (unitOutlines > 0) r.problems.push({ file: table.file, field: r.mapping.form, message: `${unitOutlines} rows are outlines of unit-list catchments (形式 = 名单); skipped: their units are imported from the assignment table`, severity: 'warning', code: 'unit-outlines-skipped', params: { count: unitOutlines } });
  const catchments = [...parts.values()].map((e): Catchment => {
    const geometry: ArealGeometry = e.polys.length === 1 ? e.polys[0] : { type: 'MultiPolygon', coordinates: e.polys.flatMap((p) => (p.type === 'Polygon' ? [p.coordinates] : p.coordinates)) };
    return { id: `${scenarioId}:${e.level}:${e.schoolId}`, scenarioId, level: e.level, schoolId: e.schoolId, form: 'polygon', geometry, unitIds: [] };
  });
  return { catchments, report: report(r, catchments.length, loc, { inexactMatches: resolver.inexact.map((m) => ({ input: m.input, matched: m.matchedName, how: m.how })), unmatched: [...resolver.unmatched] }) };
}

/**
 * An assignment table (划片名单: residence unit → school, or a block-to-zone table with one column
 * per level) to unit-set catchments. Residence units are found by code or tolerantly by name.
 */
export function buildAssignments(table: SourceTable, schools: readonly School[], residences: readonly Residence[], scenarioId: string, opts: LayerOptions & { schoolKey?: string } = {}): { catchments: Catchment[]; report: LayerReport } {
  const r = new Rows(table, 'assignments', opts.columns);
  const resolver = new SchoolResolver(schools, opts.schoolKey);
  const resById = new Map(residences.map((x) => [x.id, x]));
  const resByName = new NameMatcher(residences, (x) => x.name);
  const inexact: NameMatch<unknown>[] = [];
  const unmatchedUnits = new Set<string>();
  const units = new Map<string, { level: Level; schoolId: string; ids: string[]; seen: Set<string> }>();
  const perLevelColumns = (['primary', 'junior', 'senior'] as const).filter((l) => r.has(l));
  if (!r.has('residence')) r.problems.push({ file: table.file, message: 'no column names the residence unit (单元编码 / 小区名称 / residence)', severity: 'error', code: 'no-residence-column' });
  if (!r.has('school') && perLevelColumns.length === 0) r.problems.push({ file: table.file, message: 'no column names the school (学校代码 / 学校名称 / school) or a zone per level', severity: 'error', code: 'no-school-column' });
  table.rows.forEach((_, i) => {
    const ref = r.text(i, 'residence');
    if (!ref) return r.skip(i, 'residence', 'names no residence unit', { code: 'names-no-residence' });
    let unit = resById.get(ref) ?? null;
    if (!unit) {
      const m = resByName.match(ref);
      if (m) {
        unit = m.item;
        if (m.how !== 'exact') inexact.push(m);
      }
    }
    if (!unit) {
      unmatchedUnits.add(ref);
      r.skippedRows.add(i);
      return;
    }
    const pairs: [Level | null, string | null][] = perLevelColumns.length > 0 ? perLevelColumns.map((l) => [l, r.text(i, l)]) : [[parseLevel(r.cell(i, 'level')) ?? opts.level ?? null, r.text(i, 'school')]];
    for (const [level, schoolRef] of pairs) {
      if (!schoolRef) continue;
      const school = resolver.resolve(schoolRef, level);
      if (!school) {
        r.problem(i, level && perLevelColumns.length ? level : 'school', `no school matches "${schoolRef}"`, 'error', { code: 'no-school-match', params: { name: schoolRef } });
        r.skippedRows.add(i);
        continue;
      }
      const lv = level ?? (SCHOOL_TYPE_LEVELS[school.type].length === 1 ? SCHOOL_TYPE_LEVELS[school.type][0] : 'primary');
      const key = `${lv}:${school.id}`;
      const e = units.get(key) ?? { level: lv, schoolId: school.id, ids: [], seen: new Set<string>() };
      if (!e.seen.has(unit.id)) {
        e.ids.push(unit.id);
        e.seen.add(unit.id);
      }
      units.set(key, e);
    }
  });
  const catchments = [...units.values()].map((e): Catchment => ({ id: `${scenarioId}:${e.level}:${e.schoolId}`, scenarioId, level: e.level, schoolId: e.schoolId, form: 'units', geometry: null, unitIds: e.ids }));
  const rep = report(r, catchments.length, null, {
    inexactMatches: [...resolver.inexact, ...inexact].map((m) => ({ input: m.input, matched: m.matchedName, how: m.how })),
    unmatched: [...resolver.unmatched, ...unmatchedUnits],
  });
  if (unmatchedUnits.size > 0) rep.problems.push({ file: table.file, message: `${unmatchedUnits.size} residence unit names match no unit in the project (listed as unmatched)`, severity: 'warning', code: 'unmatched-units', params: { count: unmatchedUnits.size } });
  return { catchments, report: rep };
}

export function buildRoads(table: SourceTable, opts: LayerOptions = {}): { roads: Road[]; report: LayerReport } {
  const r = new Rows(table, 'roads', opts.columns);
  const loc = locate(table, opts);
  const roads: Road[] = [];
  table.rows.forEach((_, i) => {
    const g = rowGeometry(r, i, loc, ['LineString', 'MultiLineString'], []) as LinearGeometry | null;
    if (!g) return;
    const clsText = r.text(i, 'roadClass');
    const cls = lookupWord(ROAD_CLASS_WORDS, clsText);
    if (clsText && !cls) r.problem(i, 'roadClass', `unknown road class "${clsText}"; read as a village road`, 'warning', { code: 'unknown-road-class', params: { value: clsText } });
    roads.push({ id: r.text(i, 'id') ?? `road-${i + 1}`, name: r.text(i, 'name'), roadClass: cls ?? 'village', geometry: g, oneway: parseBool(r.cell(i, 'oneway')) ?? false });
  });
  return { roads, report: report(r, roads.length, loc) };
}

export function buildHousing(table: SourceTable, opts: LayerOptions = {}): { housing: HousingDevelopment[]; report: LayerReport } {
  const r = new Rows(table, 'housing', opts.columns);
  const loc = locate(table, opts);
  const checks: { row: number; x: number; y: number }[] = [];
  const geoms = table.rows.map((_, i) => rowGeometry(r, i, loc, ['Point', 'Polygon', 'MultiPolygon'], checks));
  checkCoordinates(r, loc, checks, opts, geoms);
  const housing: HousingDevelopment[] = [];
  table.rows.forEach((_, i) => {
    if (r.skippedRows.has(i) || !geoms[i]) return;
    const name = r.text(i, 'name');
    const dwellings = r.number(i, 'dwellings', INT_MIN0);
    const year = r.number(i, 'completionYear', { int: true, min: 1900, max: 2200 });
    if (!name) return r.skip(i, 'name', 'has no project name', { code: 'no-project-name' });
    if (dwellings === null) return r.skip(i, 'dwellings', 'has no number of dwellings', { code: 'no-dwellings' });
    if (year === null) return r.skip(i, 'completionYear', 'has no completion year', { code: 'no-completion-year' });
    housing.push({ id: r.text(i, 'id') ?? `H${i + 1}`, name, namePinyin: null, geometry: geoms[i] as HousingDevelopment['geometry'], dwellings, completionYear: year, housingType: r.text(i, 'housingType'), pupilsPerDwelling: {} });
  });
  return { housing, report: report(r, housing.length, loc) };
}

/**
 * Adds the columns (and, where the left row has none, the geometry) of `right` to `left`, joining
 * rows on left[leftKey] = right[rightKey]. Right columns whose names clash get the right file's
 * name as a prefix. Left rows without a partner are kept and reported.
 */
export function joinTables(left: SourceTable, right: SourceTable, leftKey: string, rightKey: string): SourceTable {
  const li = left.columns.indexOf(leftKey);
  const ri = right.columns.indexOf(rightKey);
  const problems: Problem[] = [...left.problems];
  if (li < 0 || ri < 0) {
    problems.push({ file: li < 0 ? left.file : right.file, field: li < 0 ? leftKey : rightKey, message: `join column "${li < 0 ? leftKey : rightKey}" is not in the file`, severity: 'error', code: 'join-column-missing', params: { column: li < 0 ? leftKey : rightKey } });
    return { ...left, problems };
  }
  const key = (c: Cell) => (c === null ? '' : String(c).trim());
  const byKey = new Map<string, number>();
  right.rows.forEach((row, k) => {
    const v = key(row[ri]);
    if (v && !byKey.has(v)) byKey.set(v, k);
  });
  const taken = new Set(left.columns);
  const added = right.columns.map((c, k) => (k === ri ? null : taken.has(c) ? `${right.file}:${c}` : c));
  const columns = [...left.columns, ...added.filter((c): c is string => c !== null)];
  let missing = 0;
  const rows = left.rows.map((row) => {
    const k = byKey.get(key(row[li]));
    if (k === undefined) missing++;
    const other = k === undefined ? null : right.rows[k];
    return [...row, ...added.flatMap((c, j) => (c === null ? [] : [other ? other[j] ?? null : null]))];
  });
  const geometries = left.geometries ?? (right.geometries ? left.rows.map((row) => {
    const k = byKey.get(key(row[li]));
    return k === undefined ? null : right.geometries![k];
  }) : null);
  if (missing > 0) problems.push({ file: left.file, field: leftKey, message: `${missing} rows have no partner in ${right.file} (joined on ${leftKey} = ${rightKey})`, severity: 'warning', code: 'join-partner-missing', params: { count: missing, file: right.file, leftKey, rightKey } });
  const declaredCrs = left.geometries ? left.declaredCrs : right.geometries ? right.declaredCrs : left.declaredCrs;
  return { file: left.file, columns, rows, geometries, declaredCrs, encoding: left.encoding, problems };
}
