// Small model records for store tests.
import type { Catchment, ContextFeature, HousingDevelopment, Residence, Road, School, Scenario } from '../../shared/model';

const grades = (f: (i: number) => number) => Array.from({ length: 12 }, (_, i) => f(i));

export const scenario: Scenario = { id: 'baseline', name: '现状', kind: 'baseline', parentId: null, description: '', createdAt: '2026-01-01T00:00:00Z' };

export const schools: School[] = [
  { id: '2136000001', name: '青溪县实验小学', namePinyin: 'Qingxi Xian Shiyan Xiaoxue', type: 'primary', status: 'open', location: { type: 'Point', coordinates: [116.1, 26.1] }, township: '城关镇', address: '解放路1号', classesByGrade: grades((i) => (i < 6 ? 8 : 0)), enrolmentByGrade: grades((i) => (i < 6 ? 460 : 0)), capacity: { primary: 2160 }, staff: 150, teachers: 140, floorAreaM2: 18000, siteAreaM2: 30000, alliance: '实验小学教共体', boarding: false, extra: { 备注: '老校区', 建校年份: 1952, 重点: true, 空: null } },
  { id: '2136000002', name: '龙溪镇中心学校', namePinyin: null, type: 'nine_year', status: 'open', location: { type: 'Point', coordinates: [116.15, 26.12] }, township: '龙溪镇', address: null, classesByGrade: grades(() => 2), enrolmentByGrade: grades((i) => (i < 9 ? 70 : 0)), capacity: {}, staff: null, teachers: 40, floorAreaM2: null, siteAreaM2: null, alliance: null, boarding: true, extra: {} },
];

export const residences: Residence[] = [
  { id: 'R1', name: '幸福小区', namePinyin: 'Xingfu Xiaoqu', kind: 'complex', settlement: 'urban', geometry: { type: 'Polygon', coordinates: [[[116.09, 26.09], [116.095, 26.09], [116.095, 26.095], [116.09, 26.095], [116.09, 26.09]]] }, township: '城关镇', households: 820, population: 2500, pupilsByGrade: grades((i) => (i < 9 ? 20 + i : 5)), pupilSource: 'grade', extra: { 物业: '某公司' } },
  { id: 'R2', name: '上洋村', namePinyin: 'Shangyang Cun', kind: 'village', settlement: 'rural', geometry: { type: 'Point', coordinates: [116.2, 26.2] }, township: '龙溪镇', households: 120, population: 380, pupilsByGrade: grades((i) => (i < 6 ? 3 : 1.5)), pupilSource: 'ratio', extra: {} },
];

export const catchments: Catchment[] = [
  { id: 'baseline:primary:2136000001', scenarioId: 'baseline', level: 'primary', schoolId: '2136000001', form: 'units', geometry: { type: 'Polygon', coordinates: [[[116.05, 26.05], [116.12, 26.05], [116.12, 26.12], [116.05, 26.12], [116.05, 26.05]]] }, unitIds: ['R1'] },
  { id: 'baseline:primary:2136000002', scenarioId: 'baseline', level: 'primary', schoolId: '2136000002', form: 'units', geometry: null, unitIds: ['R2'] },
  { id: 'baseline:junior:2136000002', scenarioId: 'baseline', level: 'junior', schoolId: '2136000002', form: 'polygon', geometry: { type: 'MultiPolygon', coordinates: [[[[116, 26], [116.3, 26], [116.3, 26.3], [116, 26.3], [116, 26]]], [[[116.4, 26], [116.5, 26], [116.5, 26.1], [116.4, 26]]]] }, unitIds: [] },
];

export const housing: HousingDevelopment[] = [
  { id: 'H1', name: '滨江花园', namePinyin: 'Binjiang Huayuan', geometry: { type: 'Point', coordinates: [116.11, 26.11] }, dwellings: 1500, completionYear: 2028, housingType: '商品住宅', pupilsPerDwelling: { primary: 0.12 } },
];

export const roads: Road[] = [
  { id: 'G1', name: '国道', roadClass: 'national', geometry: { type: 'LineString', coordinates: [[116, 26], [116.1, 26.1], [116.2, 26.2]] }, oneway: false },
  { id: 'X1', name: null, roadClass: 'county', geometry: { type: 'MultiLineString', coordinates: [[[116, 26], [116.1, 26]], [[116.2, 26], [116.3, 26]]] }, oneway: true },
];

export const context: ContextFeature[] = [
  { id: 'county-1', kind: 'county', name: '青溪县', namePinyin: 'Qingxi Xian', rank: 1, geometry: { type: 'Polygon', coordinates: [[[116, 26], [116.5, 26], [116.5, 26.5], [116, 26.5], [116, 26]]] } },
  { id: 'river-1', kind: 'river', name: '青溪', namePinyin: 'Qing Xi', rank: 1, geometry: { type: 'LineString', coordinates: [[116, 26.2], [116.5, 26.3]] } },
  { id: 'place-1', kind: 'place', name: '城关镇', namePinyin: null, rank: 2, geometry: { type: 'Point', coordinates: [116.1, 26.1] } },
];
