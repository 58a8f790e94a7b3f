import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Catchment, Level, PolygonGeometry, Residence, Road, School, SchoolType } from '../model';
import { defaultStandards, emptyGrades, LEVEL_GRADES } from '../model';
import { evaluateScenario, type EvaluationData } from '../engine/evaluate';
import type { Evaluation, SchoolLevelIndicators } from '../engine/types';
import { buildPlanningTables, type Cell, type Locale, type PlanningTable } from './planning-tables';
import { NUMBER_FORMATS, writeXlsx } from './xlsx';
import { writeCsv } from './csv';

// ---------------------------------------------------------------------------------------------
// A small county near 116.6° E, 26.2° N: four primary catchments (one a unit list, one whose school
// lies outside it, two that overlap), two junior catchments, a residence in no catchment, a street
// grid so road distances exist, and resource figures so the CV rows appear.

const rect = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

function grades(values: number[]): number[] {
  const g = emptyGrades();
  values.forEach((v, k) => (g[k] = v));
  return g;
}

function school(id: string, name: string, type: SchoolType, at: [number, number], o: Partial<School>): School {
  return {
    id, name, namePinyin: null, type, status: 'open', location: { type: 'Point', coordinates: at }, township: '城关镇', address: null,
    classesByGrade: emptyGrades(), enrolmentByGrade: emptyGrades(), capacity: {}, staff: null, teachers: null, floorAreaM2: null, siteAreaM2: null,
    alliance: null, boarding: false, extra: {}, ...o,
  };
}

function residence(id: string, at: [number, number], settlement: Residence['settlement'], pupils: number[]): Residence {
  return { id, name: `小区${id}`, namePinyin: null, kind: settlement === 'rural' ? 'village' : 'complex', settlement, geometry: { type: 'Point', coordinates: at }, township: null, households: null, population: null, pupilsByGrade: grades(pupils), pupilSource: 'grade', extra: {} };
}

function county(): EvaluationData {
  const schools: School[] = [
    school('P1', '城关小学', 'primary', [116.6, 26.2], { classesByGrade: grades([2, 2, 2, 2, 2, 2]), enrolmentByGrade: grades([90, 95, 112, 120, 133, 80]), teachers: 30, staff: 36, floorAreaM2: 6000, siteAreaM2: 12000 }),
    // A code with a leading zero (must stay text) and a name with a comma and quotes (CSV quoting).
    school('0012', '东风小学（"希望"校区, 北）', 'primary', [116.58, 26.2], { township: null, capacity: { primary: 100 }, classesByGrade: grades([1, 1, 1, 1]), enrolmentByGrade: grades([40, 38, 45, 30]), teachers: 8, staff: 10, floorAreaM2: 1500, siteAreaM2: 4000 }),
    school('N1', '实验学校', 'nine_year', [116.61, 26.203], { capacity: { primary: 300, junior: 200 }, classesByGrade: grades([1, 1, 1, 1, 1, 1, 2, 2, 2]), enrolmentByGrade: grades([45, 50, 44, 47, 52, 40, 100, 110, 120]), teachers: 40, staff: 45, floorAreaM2: 9000, siteAreaM2: 20000 }),
    school('J1', '第二中学', 'junior', [116.592, 26.196], { classesByGrade: grades([0, 0, 0, 0, 0, 0, 4, 4, 4]), enrolmentByGrade: grades([0, 0, 0, 0, 0, 0, 200, 210, 230]), teachers: 35, staff: 40, floorAreaM2: 8000, siteAreaM2: 15000 }),
    school('TP', '石门教学点', 'teaching_point', [116.64, 26.23], { township: '石门乡', classesByGrade: grades([1, 1]), enrolmentByGrade: grades([8, 6]), teachers: 2, staff: 2 }),
    school('X1', '旧校', 'primary', [116.62, 26.22], { status: 'closed' }),
  ];
  const residences: Residence[] = [
    residence('R1', [116.598, 26.199], 'urban', [10, 12, 9, 11, 8, 10, 9, 8, 7]),
    residence('R2', [116.601, 26.203], 'urban', [15, 14, 13, 12, 11, 10, 12, 11, 10]),
    residence('R3', [116.604, 26.2], 'urban', [5, 5, 5, 5, 5, 5, 4, 4, 4]), // in pri-01 and pri-02
    residence('R4', [116.61, 26.207], 'town', [20, 18, 19, 17, 16, 15, 30, 28, 27]),
    residence('R5', [116.612, 26.197], 'urban', [12, 11, 10, 9, 8, 7, 20, 19, 18]),
    residence('R6', [116.59, 26.2], 'urban', [25, 24, 23, 22, 21, 20, 15, 14, 13]),
    residence('R7', [116.587, 26.203], 'rural', [3, 4, 2, 3, 4, 2, 3, 2, 3]),
    residence('R8', [116.63, 26.2], 'urban', [6, 5, 4, 3, 2, 1, 3, 3, 3]), // in no catchment
    residence('R9', [116.64, 26.232], 'rural', [4, 3]), // listed in the teaching point's unit catchment
  ];
  const c = (id: string, level: Level, schoolId: string, geometry: PolygonGeometry | null, unitIds: string[] = []): Catchment => ({ id, scenarioId: 'base', level, schoolId, form: geometry ? 'polygon' : 'units', geometry, unitIds });
  const catchments: Catchment[] = [
    c('pri-01', 'primary', 'P1', rect(116.595, 26.195, 116.605, 26.205)),
    c('pri-02', 'primary', 'N1', rect(116.603, 26.195, 116.615, 26.21)),
    c('pri-03', 'primary', '0012', rect(116.585, 26.195, 116.595, 26.205)),
    c('pri-04', 'primary', 'TP', null, ['R9']),
    c('jun-01', 'junior', 'J1', rect(116.585, 26.19, 116.605, 26.205)),
    c('jun-02', 'junior', 'N1', rect(116.605, 26.19, 116.615, 26.21)),
  ];
  const roads: Road[] = [];
  for (const lat of [26.196, 26.2, 26.204, 26.208, 26.232]) roads.push({ id: `h${lat}`, name: null, roadClass: 'street', oneway: false, geometry: { type: 'LineString', coordinates: [[116.575, lat], [116.65, lat]] } });
  for (const lon of [116.58, 116.59, 116.6, 116.61, 116.62, 116.64]) roads.push({ id: `v${lon}`, name: null, roadClass: 'village', oneway: false, geometry: { type: 'LineString', coordinates: [[lon, 26.185], [lon, 26.235]] } });
  return { schools, residences, catchments, roads, standards: defaultStandards() };
}

const data = county();
const ev: Evaluation = evaluateScenario(data, { scenarioId: 'base', method: 'catchment', profile: 'walking' });

// ---------------------------------------------------------------------------------------------
// What each column must hold, straight from the engine's figures.

const WORDS = {
  'zh-CN': { yes: '是', no: '否', level: { primary: '小学', junior: '初中', senior: '高中' }, titles: ['学校名册', '学区', '全县汇总'], about: '说明' },
  en: { yes: 'yes', no: 'no', level: { primary: 'Primary', junior: 'Junior', senior: 'Senior' }, titles: ['School roster', 'Catchments', 'County summary'], about: 'About' },
} as const;

function expectedSchoolCell(key: string, s: SchoolLevelIndicators, locale: Locale): Cell {
  const g = /^g(\d+)$/.exec(key);
  if (g) return (LEVEL_GRADES[s.level] as readonly number[]).includes(Number(g[1])) ? s.pupilsByGrade[Number(g[1]) - 1] : null;
  const school = data.schools.find((x) => x.id === s.schoolId)!;
  const km = (d: SchoolLevelIndicators['straight'], k: 'mean' | 'median' | 'p90' | 'max') => (d ? d[k] / 1000 : null);
  const map: Record<string, Cell> = {
    code: s.schoolId, name: school.name, township: school.township, level: WORDS[locale].level[s.level],
    enrolment: s.enrolment, pupils: s.pupils, seats: s.seats, utilisation: s.utilisation, surplus: s.surplus, classes: s.classes,
    classesNeeded: s.classesNeeded, classesAboveStandard: s.classesAboveStandard, oversizedClasses: s.oversizedClasses, extraLargeClasses: s.extraLargeClasses,
    straightMean: km(s.straight, 'mean'), straightMedian: km(s.straight, 'median'), straightP90: km(s.straight, 'p90'), straightMax: km(s.straight, 'max'),
    roadMean: km(s.network, 'mean'), minutesMean: s.networkMinutes?.mean ?? null, shareWithinRadius: s.shareWithinRadius,
    pupilsBeyondWalkingLimit: s.pupilsBeyondWalkingLimit, overCapacity: s.overCapacity ? WORDS[locale].yes : WORDS[locale].no,
  };
  if (!(key in map)) throw new Error(`no expectation for column ${key}`);
  return map[key];
}

function schoolRows(): SchoolLevelIndicators[] {
  return ev.levels.flatMap((l) => l.schools);
}

/** The county rows the summary must hold for a level: [indicator, value, standard, result]. */
function expectedCounty(locale: Locale): [string, Cell, Cell, Cell][] {
  const zh = locale === 'zh-CN';
  return ev.levels.flatMap((l) => {
    const t = l.county;
    const rows: [string, Cell, Cell, Cell][] = [
      [zh ? '学校数' : 'Schools', t.schools, null, null],
      [zh ? '学生' : 'Pupils', t.pupils, null, null],
      [zh ? '学位' : 'Seats', t.seats, null, null],
      [zh ? '学位余缺' : 'Seat balance', t.seatBalance, null, null],
      [zh ? '满员学校缺口' : 'Seats short at full schools', t.seatGap, null, null],
      [zh ? '超容量学校' : 'Schools over capacity', t.overCapacitySchools, null, null],
      [zh ? '超标准班额班级' : 'Classes above standard size', t.classesAboveStandard, null, null],
      [zh ? '大班额班级（≥56人）' : 'Oversized classes (≥56)', t.oversizedClasses, null, null],
      [zh ? '超大班额班级（≥66人）' : 'Extra-large classes (≥66)', t.extraLargeClasses, null, null],
      [zh ? '服务半径内学生占比' : 'Pupils within service radius', t.shareWithinRadius,
        l.level === 'primary' ? (zh ? '城镇 500 米；乡村 2000 米' : 'urban 500 m; rural 2,000 m') : (zh ? '城镇 1000 米' : 'urban 1,000 m'), null],
      [zh ? '未覆盖学生（空白区）' : 'Pupils in no catchment (gaps)', t.gapPupils, null, null],
      [zh ? '重叠区学生' : 'Pupils in overlaps', t.overlapPupils, null, null],
      [zh ? '无学位学生' : 'Pupils without a seat', t.unseatedPupils, null, null],
    ];
    const label: Record<string, [string, string]> = { teachersPer100: ['每百名学生专任教师', 'Teachers per 100 pupils'], staffPer100: ['每百名学生教职工', 'Staff per 100 pupils'], floorAreaPerPupil: ['生均校舍建筑面积', 'Floor area per pupil'], siteAreaPerPupil: ['生均占地面积', 'Site area per pupil'] };
    for (const cv of t.cv) rows.push([zh ? `${label[cv.indicator][0]}（差异系数）` : `${label[cv.indicator][1]} (CV)`, cv.cv, cv.limit, cv.pass ? (zh ? '达标' : 'pass') : (zh ? '未达标' : 'fail')]);
    return rows.map((r) => [`${WORDS[locale].level[l.level]}|${r[0]}`, r[1], r[2], r[3]] as [string, Cell, Cell, Cell]);
  });
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

function sameCell(actual: Cell | undefined, expected: Cell, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number');
    expect(close(actual as number, expected), `${where}: ${String(actual)} ≠ ${expected}`).toBe(true);
  } else {
    expect(actual ?? null, where).toBe(expected);
  }
}

// ---------------------------------------------------------------------------------------------

describe('the evaluation the tables are built from', () => {
  it('exercises every kind of figure the tables show', () => {
    expect(ev.roadsUsed).toBe(true);
    const primary = ev.levels.find((l) => l.level === 'primary')!;
    expect(primary.county.gapPupils).toBeGreaterThan(0);
    expect(primary.county.overlapPupils).toBeGreaterThan(0);
    expect(primary.county.cv.length).toBeGreaterThan(0);
    expect(primary.catchments.find((k) => k.catchmentId === 'pri-03')!.schoolOutside).toBe(true);
    expect(primary.catchments.find((k) => k.catchmentId === 'pri-04')!.form).toBe('units');
    expect(schoolRows().some((s) => s.overCapacity)).toBe(true);
    expect(schoolRows().some((s) => s.pupilsBeyondWalkingLimit > 0 || s.network !== null)).toBe(true);
  });
});

describe('buildPlanningTables', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    describe(locale, () => {
      const tables = buildPlanningTables(ev, data, locale);
      const [schools, catchments, summary] = tables;

      it('builds the three tables in order, titled in the locale', () => {
        expect(tables.map((t) => t.id)).toEqual(['schools', 'catchments', 'county']);
        expect(tables.map((t) => t.title)).toEqual(WORDS[locale].titles);
        for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.columns.length);
      });

      it('gives one roster row per school and level with the engine’s figures, numbers as numbers', () => {
        const rows = schoolRows();
        expect(schools.rows).toHaveLength(rows.length);
        expect(schools.rows.map((r) => r[0])).toEqual(rows.map((s) => s.schoolId));
        // Grades 1–9: both levels are evaluated; each row fills only its own level's grades.
        expect(schools.columns.filter((c) => /^g\d+$/.test(c.key)).map((c) => c.header)).toEqual(
          locale === 'zh-CN' ? ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级'] : [1, 2, 3, 4, 5, 6, 7, 8, 9].map((g) => `Grade ${g}`),
        );
        rows.forEach((s, r) => {
          schools.columns.forEach((c, k) => {
            if (c.key === 'type' || c.key === 'status') return;
            sameCell(schools.rows[r][k], expectedSchoolCell(c.key, s, locale), `${s.schoolId}/${s.level}/${c.key}`);
          });
          const gradeSum = schools.columns.reduce((a, c, k) => a + (/^g\d+$/.test(c.key) ? ((schools.rows[r][k] as number | null) ?? 0) : 0), 0);
          expect(gradeSum).toBe(s.pupils);
        });
        const col = (key: string) => schools.columns.findIndex((c) => c.key === key);
        const n1 = schools.rows.find((r) => r[0] === 'N1')!;
        expect(n1[col('type')]).toBe(locale === 'zh-CN' ? '九年一贯制' : 'Nine-year');
        expect(n1[col('status')]).toBe(locale === 'zh-CN' ? '在办' : 'Open');
        expect(schools.rows.find((r) => r[0] === 'TP')![col('type')]).toBe(locale === 'zh-CN' ? '教学点' : 'Teaching point');
        expect(schools.rows.some((r) => r[0] === 'X1')).toBe(false); // closed, named by no catchment
        expect(schools.columns.find((c) => c.key === 'utilisation')!.kind).toBe('percent');
        expect(schools.columns.find((c) => c.key === 'straightMean')!.kind).toBe('km');
        expect(schools.columns.find((c) => c.key === 'pupils')!.kind).toBe('int');
      });

      it('lists the catchments with their overlaps, form and school outside', () => {
        const all = ev.levels.flatMap((l) => l.catchments);
        expect(catchments.rows.map((r) => r[0])).toEqual(all.map((k) => k.catchmentId));
        const col = (key: string) => catchments.columns.findIndex((c) => c.key === key);
        const row = (id: string) => catchments.rows.find((r) => r[0] === id)!;
        for (const k of all) {
          const r = row(k.catchmentId);
          sameCell(r[col('areaKm2')], k.areaKm2, `${k.catchmentId} area`);
          sameCell(r[col('polsbyPopper')], k.polsbyPopper, `${k.catchmentId} PP`);
          sameCell(r[col('pupils')], k.pupils, `${k.catchmentId} pupils`);
          sameCell(r[col('residences')], k.residences, `${k.catchmentId} residences`);
          const s = ev.levels.find((l) => l.level === k.level)!.schools.find((x) => x.schoolId === k.schoolId)!;
          sameCell(r[col('seats')], s.seats, `${k.catchmentId} seats`);
          sameCell(r[col('schoolPupils')], s.pupils, `${k.catchmentId} school pupils`);
          sameCell(r[col('g1')], k.level === 'primary' ? s.pupilsByGrade[0] : null, `${k.catchmentId} g1`);
          sameCell(r[col('straightP90')], s.straight ? s.straight.p90 / 1000 : null, `${k.catchmentId} p90`);
        }
        const zh = locale === 'zh-CN';
        expect(row('pri-01')[col('overlaps')]).toBe('实验学校');
        expect(row('pri-02')[col('overlaps')]).toBe('城关小学');
        expect(row('pri-03')[col('schoolOutside')]).toBe(zh ? '是' : 'yes');
        expect(row('pri-01')[col('schoolOutside')]).toBe(zh ? '否' : 'no');
        expect(row('pri-04')[col('form')]).toBe(zh ? '名单' : 'Unit list');
        expect(row('pri-01')[col('form')]).toBe(zh ? '边界' : 'Polygon');
        expect(row('pri-04')[col('areaKm2')]).toBeNull();
        // The figures of the catchment's school say so in their headers.
        expect(catchments.columns.find((c) => c.key === 'g1')!.header).toBe(zh ? '本校一年级' : 'School: grade 1');
        expect(catchments.columns.find((c) => c.key === 'seats')!.header).toBe(zh ? '本校学位' : 'School: seats');
      });

      it('summarises the county per level with standards and CV results in words', () => {
        expect(summary.columns.map((c) => c.header)).toEqual(locale === 'zh-CN' ? ['学段', '指标', '数值', '标准', '是否达标'] : ['Level', 'Indicator', 'Value', 'Standard', 'Result']);
        const want = expectedCounty(locale);
        expect(summary.rows.map((r) => `${r[0]}|${r[1]}`)).toEqual(want.map((w) => w[0]));
        summary.rows.forEach((r, k) => {
          sameCell(r[2], want[k][1], `${want[k][0]} value`);
          sameCell(r[3], want[k][2], `${want[k][0]} standard`);
          sameCell(r[4], want[k][3], `${want[k][0]} result`);
        });
        // Shares are percent cells, CVs ratio cells (3 decimals), limits 2 decimals.
        const share = summary.rows.findIndex((r) => r[1] === (locale === 'zh-CN' ? '服务半径内学生占比' : 'Pupils within service radius'));
        expect(summary.cellKinds![share][2]).toBe('percent');
        const cv = summary.rows.findIndex((r) => String(r[1]).includes(locale === 'zh-CN' ? '差异系数' : '(CV)'));
        expect(summary.cellKinds![cv][2]).toBe('ratio');
        expect(summary.cellKinds![cv][3]).toBe('decimal');
        expect(summary.cellKinds![0][2]).toBe('int');
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------

const META = { title: '青溪县学校布局规划指标', scenario: '基准方案', generatedAt: '2025-03-01T08:00:00.000Z' };

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

describe('writeXlsx', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`writes one sheet per table (${locale}) with a bold frozen header, filters, formats and the values`, async () => {
      const tables = buildPlanningTables(ev, data, locale);
      const bytes = await writeXlsx(tables, { ...META, locale });
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip
      const wb = await readBack(bytes);
      expect(wb.worksheets.map((w) => w.name)).toEqual([...WORDS[locale].titles, WORDS[locale].about]);
      expect(wb.creator).toBe('SchoolNet Planner');
      for (const t of tables) {
        const ws = wb.getWorksheet(t.title)!;
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(ws.autoFilter).toBeTruthy();
        expect(ws.rowCount).toBe(t.rows.length + 1);
        t.columns.forEach((c, k) => {
          const h = ws.getRow(1).getCell(k + 1);
          expect(h.value).toBe(c.header);
          expect(h.font?.bold).toBe(true);
          const width = ws.getColumn(k + 1).width ?? ws.properties.defaultColWidth!;
          expect(width).toBeGreaterThanOrEqual(6);
          // CJK characters count double: a Chinese header is never cut at half its width.
          if (!c.width) expect(width).toBeGreaterThanOrEqual(Math.min(60, [...c.header].reduce((a, ch) => a + (/[\u4e00-\u9fff（）]/.test(ch) ? 2 : 1), 0)));
        });
        t.rows.forEach((cells, r) => {
          cells.forEach((v, k) => {
            const cell = ws.getRow(r + 2).getCell(k + 1);
            const where = `${t.id} r${r + 2} ${t.columns[k].key}`;
            if (v === null) {
              expect(cell.value ?? null, where).toBeNull();
            } else if (typeof v === 'number') {
              expect(cell.value, where).toBe(v);
              const kind = t.cellKinds?.[r]?.[k] ?? t.columns[k].kind;
              expect(kind, where).not.toBe('text');
              expect(cell.numFmt, where).toBe(NUMBER_FORMATS[kind as Exclude<typeof kind, 'text'>]);
            } else {
              expect(cell.value, where).toBe(v);
            }
          });
        });
      }
      // Spot checks of the formats a bureau sees.
      const roster = wb.getWorksheet(WORDS[locale].titles[0])!;
      const header = (roster.getRow(1).values as unknown[]).slice(1);
      const util = header.indexOf(tables[0].columns.find((c) => c.key === 'utilisation')!.header) + 1;
      const seats = header.indexOf(tables[0].columns.find((c) => c.key === 'seats')!.header) + 1;
      const mean = header.indexOf(tables[0].columns.find((c) => c.key === 'straightMean')!.header) + 1;
      expect(roster.getRow(2).getCell(util).numFmt).toBe('0.0%');
      expect(roster.getRow(2).getCell(seats).numFmt).toBe('#,##0');
      expect(roster.getRow(2).getCell(mean).numFmt).toBe('0.00');
      expect(roster.getRow(2).getCell(1).value).toBe('P1');
      expect(roster.getColumn(1).width).toBeGreaterThanOrEqual(6);
      const summary = wb.getWorksheet(WORDS[locale].titles[2])!;
      const cvRow = tables[2].rows.findIndex((r) => String(r[1]).includes(locale === 'zh-CN' ? '差异系数' : '(CV)')) + 2;
      expect(summary.getRow(cvRow).getCell(3).numFmt).toBe('0.000');
      expect(summary.getRow(cvRow).getCell(4).numFmt).toBe('0.00');
      const about = wb.getWorksheet(WORDS[locale].about)!;
      const text = about.getSheetValues().flat().filter((v) => typeof v === 'string').join('\n');
      expect(text).toContain(META.scenario);
      expect(text).toContain(META.generatedAt);
      expect(text).toContain(META.title);
    });
  }

  it('keeps sheet names valid and unique', async () => {
    const t = (title: string): PlanningTable => ({ id: 'county', title, columns: [{ key: 'a', header: 'a', kind: 'int' }], rows: [[1]] });
    const bytes = await writeXlsx([t('规划/指标:[2025]*?\\汇总表与一个非常非常非常非常非常非常非常长的名字'), t('County'), t('county')], { ...META, locale: 'en' });
    const names = (await readBack(bytes)).worksheets.map((w) => w.name);
    expect(names).toHaveLength(4);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------
// LibreOffice reads the workbook back: every sheet to its own CSV, compared with the engine.

function soffice(): string {
  const exe = existsSync('/usr/bin/soffice') ? '/usr/bin/soffice' : 'soffice';
  const probe = spawnSync(exe, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error || probe.status !== 0) {
    throw new Error(`LibreOffice is required for this test but '${exe} --version' failed (${probe.error?.message ?? probe.stderr}). Install it (Debian: apt-get install libreoffice-calc) and put soffice on PATH.`);
  }
  return exe;
}

/** A LibreOffice cell as CSV text (raw values, not as shown; percent cells keep their % sign) → number or text. */
function fromLibreOffice(text: string, kind: string): Cell {
  if (text === '') return null;
  if (kind === 'text') return text;
  if (/^-?[\d.]+(E[+-]?\d+)?%$/i.test(text)) return Number(text.slice(0, -1)) / 100;
  if (/^-?[\d.]+(E[+-]?\d+)?$/i.test(text)) return Number(text);
  return text;
}

describe('the workbook as LibreOffice reads it', () => {
  it('converts every sheet to CSV with the engine’s numbers and the Chinese text intact', async () => {
    const exe = soffice();
    const dir = mkdtempSync(join(tmpdir(), 'planning-tables-'));
    try {
      const tables = buildPlanningTables(ev, data, 'zh-CN');
      writeFileSync(join(dir, 'plan.xlsx'), await writeXlsx(tables, { ...META, locale: 'zh-CN' }));
      // Tokens: separator 44 (,), quote 34 ("), charset 76 (UTF-8), from line 1, no column formats,
      // language 0, quoted-as-text false, detect special numbers true, save as shown FALSE (raw
      // values), formulas false, keep spaces false, sheet -1 = every sheet to <name>-<sheet>.csv.
      const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
      const run = spawnSync(exe, ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', filter, '--outdir', join(dir, 'out'), join(dir, 'plan.xlsx')], { encoding: 'utf8', timeout: 180_000 });
      expect(run.status, `soffice failed: ${run.stderr}\n${run.stdout}`).toBe(0);
      const files = readdirSync(join(dir, 'out'));
      expect(files.sort()).toEqual(['plan-全县汇总.csv', 'plan-学区.csv', 'plan-学校名册.csv', 'plan-说明.csv'].sort());

      const sheet = (name: string): string[][] => Papa.parse<string[]>(readFileSync(join(dir, 'out', `plan-${name}.csv`), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

      // The roster: every cell against the engine's figure for that school and level.
      const roster = sheet('学校名册');
      const [st] = tables;
      expect(roster[0]).toEqual(st.columns.map((c) => c.header));
      const rows = schoolRows();
      expect(roster).toHaveLength(rows.length + 1);
      rows.forEach((s, r) => {
        st.columns.forEach((c, k) => {
          const got = fromLibreOffice(roster[r + 1][k] ?? '', c.kind);
          if (c.key === 'type' || c.key === 'status') expect(got).toBe(st.rows[r][k]);
          else sameCell(got, expectedSchoolCell(c.key, s, 'zh-CN'), `LibreOffice roster ${s.schoolId}/${s.level}/${c.key}`);
        });
      });
      expect(roster.find((r) => r[0] === '0012')![1]).toBe('东风小学（"希望"校区, 北）');

      // The catchments: the numbers the engine gives for each.
      const ct = tables[1];
      const lo = sheet('学区');
      expect(lo[0]).toEqual(ct.columns.map((c) => c.header));
      const col = (key: string) => ct.columns.findIndex((c) => c.key === key);
      for (const k of ev.levels.flatMap((l) => l.catchments)) {
        const r = lo.find((x) => x[0] === k.catchmentId)!;
        sameCell(fromLibreOffice(r[col('areaKm2')], 'decimal'), k.areaKm2, `LibreOffice ${k.catchmentId} area`);
        sameCell(fromLibreOffice(r[col('polsbyPopper')], 'ratio'), k.polsbyPopper, `LibreOffice ${k.catchmentId} PP`);
        sameCell(fromLibreOffice(r[col('pupils')], 'int'), k.pupils, `LibreOffice ${k.catchmentId} pupils`);
        sameCell(fromLibreOffice(r[col('residences')], 'int'), k.residences, `LibreOffice ${k.catchmentId} residences`);
        const s = ev.levels.find((l) => l.level === k.level)!.schools.find((x) => x.schoolId === k.schoolId)!;
        sameCell(fromLibreOffice(r[col('utilisation')], 'percent'), s.utilisation, `LibreOffice ${k.catchmentId} utilisation`);
      }

      // The county summary: value, standard and result of every indicator.
      const want = expectedCounty('zh-CN');
      const summary = sheet('全县汇总').slice(1);
      expect(summary.map((r) => `${r[0]}|${r[1]}`)).toEqual(want.map((w) => w[0]));
      summary.forEach((r, k) => {
        sameCell(fromLibreOffice(r[2], 'decimal'), want[k][1], `LibreOffice ${want[k][0]} value`);
        sameCell(fromLibreOffice(r[3], typeof want[k][2] === 'number' ? 'decimal' : 'text'), want[k][2], `LibreOffice ${want[k][0]} standard`);
        sameCell(fromLibreOffice(r[4] ?? '', 'text'), want[k][3], `LibreOffice ${want[k][0]} result`);
      });
      expect(readFileSync(join(dir, 'out', 'plan-说明.csv'), 'utf8')).toContain(META.scenario);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('writeCsv', () => {
  const table: PlanningTable = {
    id: 'schools',
    title: 't',
    columns: [
      { key: 'name', header: '学校名称', kind: 'text' },
      { key: 'note', header: 'a, "b"', kind: 'text' },
      { key: 'share', header: '占比', kind: 'percent' },
      { key: 'n', header: 'n', kind: 'int' },
    ],
    rows: [
      ['东风小学', 'plain', 0.913, 1234],
      ['A, B', 'say "hi"', null, -20],
      ['line\nbreak', 'cr\r\nlf', 1.25, 0.1 + 0.2],
    ],
  };
  const text = writeCsv(table);

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.slice(1, text.indexOf('\r\n'))).toBe('学校名称,"a, ""b""",占比,n');
    expect(text).toContain('\r\n东风小学,plain,0.913,1234\r\n');
    expect(text).toContain('\r\n"A, B","say ""hi""",,-20\r\n');
    expect(text).toContain('\r\n"line\nbreak","cr\r\nlf",1.25,0.30000000000000004\r\n');
    // Outside quoted fields there is no bare LF.
    expect(text.replace(/"(?:[^"]|"")*"/g, '').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('round-trips through an RFC 4180 reader', () => {
    const back = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
    expect(back).toEqual([
      ['学校名称', 'a, "b"', '占比', 'n'],
      ['东风小学', 'plain', '0.913', '1234'],
      ['A, B', 'say "hi"', '', '-20'],
      ['line\nbreak', 'cr\r\nlf', '1.25', '0.30000000000000004'],
    ]);
  });

  it('writes the planning tables with unformatted numbers', () => {
    const [schools, , summary] = buildPlanningTables(ev, data, 'zh-CN');
    const csv = writeCsv(schools);
    const back = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
    expect(back).toHaveLength(schools.rows.length + 1);
    const util = schools.columns.findIndex((c) => c.key === 'utilisation');
    back.slice(1).forEach((r, k) => expect(r[util]).toBe(schools.rows[k][util] === null ? '' : String(schools.rows[k][util])));
    expect(csv.slice(csv.indexOf('\r\n'))).not.toMatch(/\d%/);
    expect(writeCsv(summary).split('\r\n')[0]).toBe('\uFEFF学段,指标,数值,标准,是否达标');
  });
});
