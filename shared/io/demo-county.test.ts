// Reading county inputs: good files give model records; each bad cell or feature is named by file, row and field.
import { describe, expect, it } from 'vitest';
import { InputError } from '../base/problems';
import { parseDemoCounty, type DemoFileName } from './demo-county';
import { GRADE_WORDS_ZH } from './vocabulary';

const header = ['学校代码', '学校名称', '学校名称拼音', '学校类型', '办学状态', '经度', '纬度', '乡镇', '地址',
  ...GRADE_WORDS_ZH.map((g) => `${g}学生数`), ...GRADE_WORDS_ZH.map((g) => `${g}班数`), '小学学位数', '初中学位数', '高中学位数',
  '教职工数', '专任教师数', '校舍建筑面积', '占地面积', '教共体', '寄宿制'];

function schoolRow(code: string, type: string, lon = '116.1', enrolG1 = '45'): string {
  const cells: Record<string, string> = { 学校代码: code, 学校名称: `测试${code}小学`, 学校名称拼音: 'Ceshi Xiaoxue', 学校类型: type, 办学状态: '在办', 经度: lon, 纬度: '26.1', 乡镇: '城关镇', 一年级学生数: enrolG1, 一年级班数: '1', 小学学位数: '270', 教职工数: '20', 专任教师数: '18', 寄宿制: '否' };
  return header.map((h) => cells[h] ?? '').join(',');
}

const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const square = [[[116, 26], [116.2, 26], [116.2, 26.2], [116, 26.2], [116, 26]]];

function files(overrides: Partial<Record<DemoFileName, string>> = {}): Record<DemoFileName, string> {
  return {
    'project.json': JSON.stringify({ name: '测试县', region: '测试县' }),
    'schools.csv': `\ufeff${header.join(',')}\n${schoolRow('2136000001', '小学')}\n${schoolRow('2136000002', '九年一贯制')}\n`,
    'residences.geojson': fc([
      { type: 'Feature', geometry: { type: 'Point', coordinates: [116.05, 26.05] }, properties: { 编码: 'R1', 名称: '幸福小区', 拼音: 'Xingfu Xiaoqu', 类型: '小区', 城乡类型: '城区', 乡镇: '城关镇', 户数: 300, 人口: 900, 一年级: 12, 七年级: 8 } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [116.15, 26.15] }, properties: { 编码: 'R2', 名称: '上洋村', 类型: '村', 城乡类型: '乡村', 户数: 80, 人口: 260, 一年级: 2 } },
    ]),
    'catchments_primary.csv': '学校代码,学校名称,单元编码,单元名称\n2136000001,a,R1,幸福小区\n2136000002,b,R2,上洋村\n',
    'catchments_junior.geojson': fc([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square }, properties: { 学校代码: '2136000002', 学段: '初中' } }]),
    'housing.csv': '项目编码,项目名称,项目名称拼音,经度,纬度,住宅户数,竣工年份,住宅类型\nH1,滨江花园,,116.1,26.1,1200,2028,商品住宅\n',
    'roads.geojson': fc([{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[116, 26], [116.2, 26.2]] }, properties: { 编码: 'G1', 名称: '国道', 等级: '国道', 单行: false } }]),
    'context/county.geojson': fc([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square }, properties: { 名称: '测试县' } }]),
    'context/townships.geojson': fc([]),
    'context/rivers.geojson': fc([]),
    'context/lakes.geojson': fc([]),
    'context/places.geojson': fc([]),
    ...overrides,
  };
}

function problemsOf(overrides: Partial<Record<DemoFileName, string>>): string[] {
  try {
    parseDemoCounty(files(overrides), '2026-01-01T00:00:00Z');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems.map((p) => `${p.file}|${p.row ?? ''}|${p.field ?? ''}|${p.message}`);
  }
  return [];
}

describe('parseDemoCounty', () => {
  it('reads schools, residences, both catchment forms, housing, roads and context', () => {
    const c = parseDemoCounty(files(), '2026-01-01T00:00:00Z');
    expect(c.name).toBe('测试县');
    expect(c.schools.map((s) => s.type)).toEqual(['primary', 'nine_year']);
    expect(c.schools[0].enrolmentByGrade[0]).toBe(45);
    expect(c.schools[0].capacity).toEqual({ primary: 270 });
    expect(c.residences[0]).toMatchObject({ kind: 'complex', settlement: 'urban', households: 300 });
    expect(c.residences[0].pupilsByGrade[6]).toBe(8);
    expect(c.catchments.filter((x) => x.form === 'units').map((x) => x.unitIds)).toEqual([['R1'], ['R2']]);
    expect(c.catchments.filter((x) => x.form === 'polygon')).toHaveLength(1);
    expect(c.housing[0]).toMatchObject({ dwellings: 1200, completionYear: 2028 });
    expect(c.roads[0].roadClass).toBe('national');
    expect(c.context.map((x) => x.kind)).toEqual(['county']);
  });

  it('names file, row and column of a bad number', () => {
    const bad = files()['schools.csv'].replace(schoolRow('2136000002', '九年一贯制'), schoolRow('2136000002', '九年一贯制', '116.1', '四十'));
    expect(problemsOf({ 'schools.csv': bad })).toContain('schools.csv|2|一年级学生数|is not a number (got "四十")');
  });

  it('names an unknown school type and a longitude out of range', () => {
    const bad = files()['schools.csv'].replace(schoolRow('2136000001', '小学'), schoolRow('2136000001', '大学', '200'));
    const p = problemsOf({ 'schools.csv': bad });
    expect(p).toContain('schools.csv|1|学校类型|unknown school type "大学"');
    expect(p).toContain('schools.csv|1|经度|must be ≤ 180 (got "200")');
  });

  it('names a feature with an unclosed ring and a catchment row pointing at no school', () => {
    const openRing = fc([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[116, 26], [116.2, 26], [116.2, 26.2], [116, 26.2]]] }, properties: { 学校代码: '2136000002' } }]);
    const p = problemsOf({ 'catchments_junior.geojson': openRing, 'catchments_primary.csv': '学校代码,学校名称,单元编码,单元名称\n9999,x,R1,y\n' });
    expect(p.some((x) => x.startsWith('catchments_junior.geojson|1||') && x.includes('not closed'))).toBe(true);
    expect(p).toContain('catchments_primary.csv|1|学校代码|no school with code 9999');
  });

  it('refuses a file that is not GeoJSON at all', () => {
    expect(problemsOf({ 'roads.geojson': 'PK\u0003\u0004 zip bytes' })[0]).toMatch(/^roads.geojson\|\|\|not valid JSON/);
  });
});
