import { describe, expect, it } from 'vitest';
import type { Cell, SourceTable } from '../source';
import { detectColumns, normaliseHeader } from './fields';
import { NameMatcher } from './names';
import { parseLevel, parseNumber, parseSchoolType, typeFromGradeBand } from './values';
import { buildAssignments, buildResidences, buildSchools, joinTables } from './build';

const table = (file: string, columns: string[], rows: Cell[][], extra: Partial<SourceTable> = {}): SourceTable => ({ file, columns, rows, geometries: null, declaredCrs: null, encoding: 'utf-8', problems: [], ...extra });

describe('column detection', () => {
  it('recognises Chinese and English headers, full-width forms and units in brackets', () => {
    expect(normaliseHeader('学位数（个）')).toBe('学位数');
    expect(normaliseHeader('Ｓｃｈｏｏｌ Ｎａｍｅ')).toBe('schoolname');
    expect(detectColumns('schools', ['学校名称', '经度', '纬度', '在校生数', '一年级学生数', '班级数', '专任教师数', '学位数(个)'])).toEqual({
      name: '学校名称', lon: '经度', lat: '纬度', enrolment: '在校生数', enrolment_g1: '一年级学生数', classes: '班级数', teachers: '专任教师数', capacity: '学位数(个)',
    });
    expect(detectColumns('schools', ['School Name', 'Longitude', 'Latitude', 'Enrollment', 'grade1', 'Capacity'])).toMatchObject({ name: 'School Name', lon: 'Longitude', lat: 'Latitude', enrolment: 'Enrollment', enrolment_g1: 'grade1', capacity: 'Capacity' });
    expect(detectColumns('residences', ['小区名称', '户数', '人口', '小学生数', '初中生数'])).toMatchObject({ name: '小区名称', households: '户数', population: '人口', pupilsPrimary: '小学生数', pupilsJunior: '初中生数' });
  });
});

describe('values in planners’ words', () => {
  it('reads school types and grade bands in Chinese and English', () => {
    expect(['小学', '初中', '九年一贯制', '完全中学', '教学点', 'Elementary', 'Middle School', 'HS', 'ES'].map(parseSchoolType)).toEqual(['primary', 'junior', 'nine_year', 'complete_secondary', 'teaching_point', 'primary', 'junior', 'senior', 'primary']);
    expect(['K-6', 'K-5', '7-8', '6 to 8', '9-12', '1-9', '7-12', 'K to 5', 'PS'].map(typeFromGradeBand)).toEqual(['primary', 'primary', 'junior', 'junior', 'senior', 'nine_year', 'complete_secondary', 'primary', null]);
    expect(['小学', 'junior', 'High', '高中', '??'].map(parseLevel)).toEqual(['primary', 'junior', 'senior', 'senior', null]);
  });

  it('reads numbers with separators and full-width digits, and refuses text', () => {
    expect([parseNumber('1,234'), parseNumber('１２３'), parseNumber(' 45 '), parseNumber(''), parseNumber(7)]).toEqual([1234, 123, 45, null, 7]);
    expect(parseNumber('十二')).toBeNaN();
  });
});

describe('tolerant name matching', () => {
  const m = new NameMatcher(['杭州市学军小学', 'Colvin Run Elementary', 'Oak View ES', '青溪县第一中学'], (s) => s);
  it('matches exactly, then across width, campus notes, type suffixes and one misspelling, saying how', () => {
    expect(m.match('杭州市学军小学')).toMatchObject({ item: '杭州市学军小学', how: 'exact' });
    expect(m.match('杭州市学军小学（求智校区）')).toMatchObject({ item: '杭州市学军小学', how: 'campus' });
    expect(m.match('ＣＯＬＶＩＮ ＲＵＮ ＥＬＥＭＥＮＴＡＲＹ')).toMatchObject({ item: 'Colvin Run Elementary', how: 'normalised' });
    expect(m.match('Oak View Elementary School')).toMatchObject({ item: 'Oak View ES', how: 'suffix' });
    expect(m.match('青溪县第一中校')).toMatchObject({ item: '青溪县第一中学', how: 'spelling' });
  });
  it('matches nothing rather than guessing between two candidates', () => {
    const two = new NameMatcher(['第一小学', '第七小学'], (s) => s);
    expect(two.match('第二小学')).toBeNull();
    expect(m.match('完全不同的名字')).toBeNull();
  });
});

describe('building records', () => {
  it('skips and reports rows it cannot use, by row and column, and keeps unknown columns as extra attributes', () => {
    const t = table('schools.csv', ['学校名称', '学段', '经度', '纬度', '在校生数', '备注'], [
      ['第一小学', '小学', '116.6', '26.2', '540', '老校区'],
      ['第二小学', '小学', '', '26.3', '300', null],
      ['', '小学', '116.7', '26.2', '10', null],
      ['第三中学', '初中', '116.65', '26.25', 'many', null],
      ['第四学校', '大学', '116.61', '26.21', '100', null],
    ]);
    const { schools, report } = buildSchools(t);
    expect(schools.map((s) => s.name)).toEqual(['第一小学', '第三中学']);
    expect(schools[0].extra).toMatchObject({ 备注: '老校区', 在校生总数: 540 });
    expect(schools[0].enrolmentByGrade.slice(0, 6)).toEqual([90, 90, 90, 90, 90, 90]);
    expect(schools[1].enrolmentByGrade.every((v) => v === 0)).toBe(true);
    const byRow = report.problems.map((p) => [p.row, p.field, p.severity, p.message.split(' (')[0].split(';')[0]]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(byRow).toEqual([
      [2, '经度', 'error', 'has no coordinate'],
      [3, '学校名称', 'error', 'has no school name'],
      [4, '在校生数', 'warning', 'is not a number'],
      [5, '学段', 'warning', 'unknown school type "大学"'],
      [5, '学段', 'error', 'has no school type'],
    ]);
    expect(report.skipped).toBe(3);
    expect(report.crsSource).toBe('assumed');
  });

  it('detects swapped longitude and latitude and imports nothing from such a file', () => {
    const rows = Array.from({ length: 10 }, (_, k) => [`校${k}`, '小学', String(26.2 + k * 0.01), String(116.6 + k * 0.01)]);
    const { schools, report } = buildSchools(table('swapped.csv', ['学校名称', '学段', '经度', '纬度'], rows));
    expect(report.problems.some((p) => /swapped/.test(p.message) && p.severity === 'error' && p.row === undefined)).toBe(true);
    expect(schools.length).toBeLessThanOrEqual(10);
  });

  it('converts GCJ-02 positions to WGS84 when told', () => {
    const t = table('gcj.csv', ['名称', '经度', '纬度', '小学生数'], [['西湖小区', '120.15', '30.27', '12']]);
    const plain = buildResidences(t).residences[0];
    const gcj = buildResidences(t, { crs: { kind: 'gcj02' } }).residences[0];
    const [a, b] = [plain.geometry.coordinates as number[], gcj.geometry.coordinates as number[]];
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThan(0.003);
    expect(gcj.pupilsByGrade.slice(0, 6)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(gcj.pupilSource).toBe('level');
  });

  it('turns a 划片 list into unit-set catchments, matching names tolerantly and listing the unmatched', () => {
    const schools = buildSchools(table('s.csv', ['学校名称', '学段', '经度', '纬度'], [['青溪县实验小学', '小学', '116.6', '26.2'], ['城东学校', '九年一贯制', '116.7', '26.2']])).schools;
    const residences = buildResidences(table('r.csv', ['单元编码', '名称', '经度', '纬度'], [['A', '龙湖小区', '116.6', '26.21'], ['B', '书香苑', '116.61', '26.21'], ['C', '江南家园', '116.62', '26.21']])).residences;
    const list = table('list.csv', ['学校名称', '小区名称'], [['青溪县实验小学', '龙湖小区'], ['青溪县实验小学（东校区）', '书香苑'], ['城东学校', '江南家园'], ['青溪县实验小学', '不存在小区']]);
    const { catchments, report } = buildAssignments(list, schools, residences, 'base', { level: 'primary' });
    expect(catchments.map((c) => [c.schoolId, c.level, c.unitIds])).toEqual([['S00001', 'primary', ['A', 'B']], ['S00002', 'primary', ['C']]]);
    expect(report.inexactMatches).toEqual([{ input: '青溪县实验小学（东校区）', matched: '青溪县实验小学', how: 'campus' }]);
    expect(report.unmatched).toEqual(['不存在小区']);
  });

  it('joins a side table on a key column and reports rows without a partner', () => {
    const left = table('cap.csv', ['id', 'capacity'], [['1', 500], ['2', 600], ['3', 700]]);
    const right = table('fac.csv', ['OBJECTID', 'name'], [['1', 'A'], ['2', 'B']], { geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'Point', coordinates: [3, 4] }] });
    const j = joinTables(left, right, 'id', 'OBJECTID');
    expect(j.columns).toEqual(['id', 'capacity', 'name']);
    expect(j.rows).toEqual([['1', 500, 'A'], ['2', 600, 'B'], ['3', 700, null]]);
    expect(j.geometries).toEqual([{ type: 'Point', coordinates: [1, 2] }, { type: 'Point', coordinates: [3, 4] }, null]);
    expect(j.problems[0].message).toMatch(/1 rows have no partner in fac.csv/);
  });
});

describe('import recipes', () => {
  it('accepts the committed recipes and names every fault of a broken one by its place', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { checkRecipe } = await import('./recipe');
    const dir = join(__dirname, '../../../docs/recipes');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) expect(checkRecipe(JSON.parse(readFileSync(join(dir, f), 'utf8'))).errors).toEqual([]);
    expect(checkRecipe({ school: { path: 'a.csv' }, residences: { path: '', level: 'college', columns: { name: 3 }, joins: [{ path: 'b.csv', leftKey: 'id' }] } }).errors).toEqual([
      'school: is not a layer (schools, residences, catchments, assignments, roads, housing)',
      "residences.path: must name the layer's file",
      'residences.level: must be one of primary, junior, senior',
      'residences.columns.name: must name a column',
      'residences.joins.0.rightKey: must name a column',
    ]);
    expect(checkRecipe([]).recipe).toBeNull();
    expect(checkRecipe({}).errors).toEqual(['names no layer (schools, residences, catchments, assignments, roads, housing)']);
  });
});
