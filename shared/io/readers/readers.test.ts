// Readers of input files: small committed fixtures (fixtures/, written by fixtures/make-fixtures.py),
// workbooks and zips built here, the real files in ../shared/data/real, and damaged files.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../../base/problems';
import { mulberry32 } from '../../engine/synthetic-city';
import type { Cell, SourceTable } from '../source';
import { readCsv } from './csv';
import { readSource, sniffFormat } from './index';
import { readGeoJson, readJson, readJsonRecords } from './json';
import { readShapefile, readZip } from './shapefile';
import { decodeText, normalizeEncoding } from './text';
import { readXlsx } from './xlsx';

const FIXTURES = resolve(__dirname, 'fixtures');
const REAL = resolve(__dirname, '../../../../shared/data/real');

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES, name)));
}

function real(path: string): Uint8Array {
  const full = resolve(REAL, path);
  if (!existsSync(full)) {
    throw new Error(`real data file missing: ${full} — these tests read the shared data folder ../shared/data/real beside the repo (see its PROVENANCE.md files)`);
  }
  return new Uint8Array(readFileSync(full));
}

function shpMembers(stem: string, exts = ['shp', 'shx', 'dbf', 'prj', 'cpg']): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const e of exts) {
    const p = resolve(FIXTURES, 'shp', `${stem}.${e}`);
    if (existsSync(p)) out[`${stem}.${e}`] = new Uint8Array(readFileSync(p));
  }
  return out;
}

function fairfaxMembers(): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const e of ['shp', 'shx', 'dbf', 'prj', 'cpg']) out[`School_Facilities.${e}`] = real(`fairfax-fcps/School_Facilities.${e}`);
  return out;
}

const errors = (t: SourceTable): Problem[] => t.problems.filter((p) => p.severity === 'error');
const warnings = (t: SourceTable): Problem[] => t.problems.filter((p) => p.severity === 'warning');
const column = (t: SourceTable, name: string): Cell[] => {
  const j = t.columns.indexOf(name);
  expect(j, `column ${name} in ${t.columns.join(', ')}`).toBeGreaterThanOrEqual(0);
  return t.rows.map((r) => r[j]);
};
const sum = (cells: Cell[]): number => cells.reduce<number>((s, c) => s + Number(c ?? 0), 0);

describe('decodeText', () => {
  it('strips a UTF-8 BOM and reads UTF-8', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('学校,a')]);
    expect(decodeText(bytes)).toEqual({ text: '学校,a', encoding: 'utf-8' });
  });

  it('reads GBK bytes (not valid UTF-8) as GB18030, giving the right Chinese', () => {
    const gbk = fixture('gbk-schools.csv');
    const { text, encoding } = decodeText(gbk);
    expect(encoding).toBe('gb18030');
    expect(text.startsWith('学校名称,学段,班级数')).toBe(true);
    expect(text).toContain('杭州市学军小学（求智校区）');
  });

  it('lets an override win, in the spellings GIS tools use', () => {
    const gbk = fixture('gbk-schools.csv');
    expect(decodeText(gbk, 'CP936').encoding).toBe('gbk');
    expect(decodeText(gbk, 'gbk').text).toContain('淳安县千岛湖初级中学');
    // Forcing UTF-8 on GBK bytes gives replacement characters, not the Chinese: the override is obeyed.
    expect(decodeText(gbk, 'utf-8').text).toContain('\ufffd');
    expect(decodeText(new Uint8Array([0xa4, 0xa4, 0xa4, 0xe5]), 'big5').text).toBe('中文');
    expect(() => decodeText(gbk, 'klingon')).toThrow(/unknown text encoding "klingon"/);
  });

  it('maps encoding names to decoder labels', () => {
    expect(normalizeEncoding('CP936')).toBe('gbk');
    expect(normalizeEncoding('936')).toBe('gbk');
    expect(normalizeEncoding('GB2312')).toBe('gbk');
    expect(normalizeEncoding('UTF8')).toBe('utf-8');
    expect(normalizeEncoding('65001')).toBe('utf-8');
    expect(normalizeEncoding('GB18030')).toBe('gb18030');
    expect(normalizeEncoding('1252')).toBe('windows-1252');
    expect(normalizeEncoding('nonsense')).toBeNull();
  });

  it('reads UTF-16 with either byte-order mark', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x2d, 0x4e, 0x87, 0x65, 0x2c, 0x00, 0x61, 0x00]);
    const be = new Uint8Array([0xfe, 0xff, 0x4e, 0x2d, 0x65, 0x87, 0x00, 0x2c, 0x00, 0x61]);
    expect(decodeText(le)).toEqual({ text: '中文,a', encoding: 'utf-16le' });
    expect(decodeText(be)).toEqual({ text: '中文,a', encoding: 'utf-16be' });
  });

  it('keeps a UTF-8 file cut inside a character as UTF-8, with a warning', () => {
    const bytes = new TextEncoder().encode('名称\n杭州');
    const cut = decodeText(bytes.subarray(0, bytes.length - 1));
    expect(cut.encoding).toBe('utf-8');
    expect(cut.text).toBe('名称\n杭');
    expect(cut.warning).toMatch(/middle of a character/);
  });
});

describe('readCsv', () => {
  it('reads a GBK CSV: Chinese header and cells, quoted commas and quotes, numbers kept as text', async () => {
    const t = await readCsv(fixture('gbk-schools.csv'), 'gbk-schools.csv');
    expect(t.encoding).toBe('gb18030');
    expect(t.columns).toEqual(['学校名称', '学段', '班级数', '在校生', '电话', '地址']);
    expect(t.rows).toEqual([
      ['杭州市学军小学（求智校区）', '小学', '36', '1520', '0571-88888888', '西湖区文三路,求智巷'],
      ['萧山区瓜沥镇第二小学', '小学', '12', '480', null, '瓜沥镇'],
      ['淳安县千岛湖初级中学', '初中', '24', '1010', '0571-64812345', '千岛湖镇"新安"路'],
    ]);
    expect(t.geometries).toBeNull();
    expect(t.problems).toEqual([]);
  });

  it('honours an encoding override', async () => {
    const t = await readCsv(fixture('gbk-schools.csv'), 'gbk-schools.csv', { encoding: 'CP936' });
    expect(t.encoding).toBe('gbk');
    expect(t.rows[2][0]).toBe('淳安县千岛湖初级中学');
  });

  it('finds a semicolon delimiter (decimal commas stay in their cells)', async () => {
    const t = await readCsv(fixture('semicolon.csv'), 'semicolon.csv');
    expect(t.columns).toEqual(['name', 'capacity', 'utilisation', 'note']);
    expect(t.rows[1]).toEqual(["Bailey's ES", '1.240', '1,02', 'over; by 2%']);
    expect(t.rows[2]).toEqual(['Canterbury Woods ES', '714', '0,93', null]);
  });

  it('finds a tab delimiter and trims the header', async () => {
    const t = await readCsv(new TextEncoder().encode(' name \t pupils\nA\t1\nB\t2\n'), 'a.tsv');
    expect(t.columns).toEqual(['name', 'pupils']);
    expect(t.rows).toEqual([['A', '1'], ['B', '2']]);
  });

  it('skips empty rows and rows of only commas; reports ragged rows by data row', async () => {
    const t = await readCsv(fixture('ragged.csv'), 'ragged.csv');
    expect(t.rows).toEqual([
      ['1', 'Alpha', '100'],
      ['2', 'Beta', null],
      ['3', 'Gamma', '300'],
      ['4', 'Delta', '400'],
      ['5', 'Epsilon', '500'],
    ]);
    expect(t.problems).toEqual([
      { file: 'ragged.csv', row: 2, message: 'has 2 cells, the header has 3: the missing cells are left empty', severity: 'warning', code: 'row-too-short', params: { cells: 2, width: 3 } },
      expect.objectContaining({ file: 'ragged.csv', row: 3, severity: 'error', message: expect.stringMatching(/has 4 cells, the header has 3: 1 non-empty cell past the last column dropped/) }),
    ]);
  });

  it('names repeated and empty header cells', async () => {
    const t = await readCsv(new TextEncoder().encode('name,name,,x\n1,2,3,4\n'), 'h.csv');
    expect(t.columns).toEqual(['name', 'name_2', 'column_3', 'x']);
    expect(warnings(t).map((p) => p.message)).toEqual([
      'the header has no name for column 3: named column_N',
      'repeated column names renamed: "name" → "name_2"',
    ]);
  });

  it('gives an error for an empty file', async () => {
    const t = await readCsv(new Uint8Array(0), 'empty.csv');
    expect(errors(t)).toEqual([{ file: 'empty.csv', message: 'holds no rows: the file is empty', severity: 'error', code: 'empty-file' }]);
  });

  it('reports an unclosed quote with its row', async () => {
    const t = await readCsv(new TextEncoder().encode('a,b\n1,2\n3,"open\n5,6\n'), 'q.csv');
    expect(errors(t)).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/quoted cell is never closed/) })]);
  });

  it('numbers problems by data row across chunks', async () => {
    const lines = ['id,name,x'];
    for (let i = 1; i <= 200_000; i++) {
      if (i === 150_000) lines.push(`${i},short`);
      else if (i === 180_000) lines.push(`${i},"bad"quote",1`);
      else lines.push(`${i},name ${i},${i % 7}`);
      if (i % 50_000 === 0) lines.push(',,'); // skipped rows of commas do not shift the numbering
    }
    const t = await readCsv(new TextEncoder().encode(lines.join('\n') + '\n'), 'chunks.csv');
    expect(t.rows.length).toBe(200_000);
    expect(t.problems.map((p) => [p.row, p.severity])).toEqual([
      [150_000, 'warning'],
      [180_000, 'error'],
    ]);
    expect(t.rows[179_999][0]).toBe('180000');
  });

  it('reports progress in chunks and stops when cancelled', async () => {
    const lines = ['id,name,x'];
    for (let i = 0; i < 400_000; i++) lines.push(`${i},n${i},${i % 7}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const seen: number[] = [];
    const full = await readCsv(bytes, 'big.csv', { onProgress: (done, total) => seen.push(done / total) });
    expect(full.rows.length).toBe(400_000);
    expect(full.rows[399_999]).toEqual(['399999', 'n399999', String(399_999 % 7)]);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1);

    const signal = { aborted: false };
    const cut = await readCsv(bytes, 'big.csv', { signal, onProgress: () => (signal.aborted = true) });
    expect(cut.rows.length).toBeGreaterThan(0);
    expect(cut.rows.length).toBeLessThan(400_000);
    expect(errors(cut)).toEqual([expect.objectContaining({ message: expect.stringMatching(/^reading was cancelled after [\d,]+ rows$/) })]);
  });

  const benchRows = process.env.READERS_BENCH ? 1_000_000 : 200_000;
  // Speed against papaparse is measured by `npm run bench` (import section), not asserted here.
  it(`reads ${benchRows.toLocaleString('en-US')} rows × 6 columns completely and in order`, async () => {
    const parts = ['id,name,type,capacity,lon,lat\n'];
    for (let i = 0; i < benchRows; i++) parts.push(`${i},School ${i},ES,${500 + (i % 700)},${(120 + (i % 1000) / 1000).toFixed(6)},${(30 + (i % 997) / 1000).toFixed(6)}\n`);
    const bytes = new TextEncoder().encode(parts.join(''));
    const t = await readCsv(bytes, 'bench.csv');
    expect(t.rows.length).toBe(benchRows);
    expect(t.rows[benchRows - 1]).toEqual([String(benchRows - 1), `School ${benchRows - 1}`, 'ES', String(500 + ((benchRows - 1) % 700)), (120 + ((benchRows - 1) % 1000) / 1000).toFixed(6), (30 + ((benchRows - 1) % 997) / 1000).toFixed(6)]);
    expect(t.problems).toEqual([]);
  });
});

async function demoWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校');
  ws.getRow(3).values = ['学校名称', '班级数', '开办日期', '网址', '在校生', '备注', '公办'];
  ws.getRow(4).values = [
    { richText: [{ text: '杭州' }, { text: '一小', font: { bold: true } }] },
    24,
    new Date(Date.UTC(2001, 8, 1)),
    { text: '官网', hyperlink: 'https://example.org/yixiao' },
    { formula: 'B4*40', result: 960 },
    null,
    true,
  ];
  ws.getRow(5).values = ['二小', 12, new Date(Date.UTC(2010, 0, 15, 8, 30)), 'plain', { formula: 'B5*40' }, { error: '#N/A' }, false];
  ws.getRow(7).values = ['三小', 6, null, null, 240, null, null, 'stray'];
  const other = wb.addWorksheet('Capacities');
  other.addRow(['school', 'seats']);
  other.addRow(['一小', 1000]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readXlsx', () => {
  it('reads the first sheet: header = first non-empty row, cells flattened', async () => {
    const t = await readXlsx(await demoWorkbook(), 'schools.xlsx');
    expect(t.columns).toEqual(['学校名称', '班级数', '开办日期', '网址', '在校生', '备注', '公办']);
    expect(t.rows).toEqual([
      ['杭州一小', 24, '2001-09-01', '官网', 960, null, true],
      ['二小', 12, '2010-01-15T08:30:00', 'plain', null, '#N/A', false],
      ['三小', 6, null, null, 240, null, null],
    ]);
    expect(t.problems).toEqual([
      { file: 'schools.xlsx', row: 3, message: 'sheet row 7 has 1 value right of the last named column: dropped', severity: 'warning' },
      { file: 'schools.xlsx', message: '1 formula cell has no saved result (the file was not recalculated in Excel): read as empty', severity: 'warning' },
    ]);
  });

  it('reads the sheet opts.layer names, and lists the sheets when the name is wrong', async () => {
    const bytes = await demoWorkbook();
    const t = await readXlsx(bytes, 'schools.xlsx', { layer: 'capacities' });
    expect(t.columns).toEqual(['school', 'seats']);
    expect(t.rows).toEqual([['一小', 1000]]);
    const missing = await readXlsx(bytes, 'schools.xlsx', { layer: 'Sheet9' });
    expect(errors(missing).map((p) => p.message)).toEqual(['has no sheet named "Sheet9" (sheets: "学校", "Capacities")']);
  });

  it('names a CSV passed as XLSX as not a zip', async () => {
    const t = await readXlsx(fixture('semicolon.csv'), 'schools.xlsx');
    expect(errors(t)[0].message).toMatch(/^not a valid XLSX file \(not a zip archive\)/);
  });
});

describe('JSON records and GeoJSON', () => {
  it('reads records inside "data": columns in first-seen order, nested values as JSON text', () => {
    const t = readJsonRecords(fixture('records.json'), 'records.json');
    expect(t.columns).toEqual(['campus_code', 'name', 'pupils', 'tags', 'location', 'boarding']);
    expect(t.rows).toEqual([
      ['A001', '一小', 640, '["公办","小学"]', null, null],
      ['A002', '二小', null, null, '{"lng":120.1,"lat":30.2}', true],
      ['A003', null, 0, null, null, null],
    ]);
    expect(t.problems).toEqual([]);
  });

  it('accepts a bare array and a "records" wrapper; items that are not objects are errors', () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    expect(readJsonRecords(enc([{ a: 1 }, { b: 2 }]), 'a.json').rows).toEqual([[1, null], [null, 2]]);
    const t = readJsonRecords(enc({ records: [{ a: 1 }, 5, [1]] }), 'r.json');
    expect(t.rows).toEqual([[1]]);
    expect(errors(t).map((p) => p.message)).toEqual(['item 2 is a number, not an object with named fields: skipped', 'item 3 is an array, not an object with named fields: skipped']);
    expect(errors(readJsonRecords(enc({ type: 'x' }), 'o.json'))[0].message).toMatch(/^is not a list of records/);
  });

  it('names where JSON is malformed or cut off', () => {
    const bad = readJson(new TextEncoder().encode('[\n {"a": 1},\n {"a": }\n]'), 'bad.json');
    expect(errors(bad)[0].message).toBe('not valid JSON at line 3, column 8: unexpected "}"');
    const cut = readJson(new TextEncoder().encode('[{"a": 1}, {"a"'), 'cut.json');
    expect(errors(cut)[0].message).toBe('not valid JSON: the file ends before the JSON is complete: it may be truncated');
    const unclosed = readJson(new TextEncoder().encode('[{"a": "x\n"}]'), 'nl.json');
    expect(errors(unclosed)[0].message).toMatch(/^not valid JSON at line 1, column 10: a line break/);
  });

  it('reads projected GeoJSON: crs member, geometries checked without lon/lat ranges', () => {
    const t = readGeoJson(fixture('zones-3857.geojson'), 'zones.geojson');
    expect(t.declaredCrs).toEqual({ kind: 'epsg', value: 'EPSG:3857' });
    expect(t.columns).toEqual(['名称', 'pupils', 'note']);
    expect(t.rows[3]).toEqual(['四号学校', null, '{"k":1}']);
    const g = t.geometries ?? [];
    expect(g.map((x) => x?.type ?? null)).toEqual(['Polygon', null, null, 'Point', 'Point']);
    expect(g[3]?.coordinates).toEqual([13375500, 3537500]);
    expect(g[4]?.coordinates).toEqual([13375600, 3537600]); // z dropped
    expect(t.problems).toEqual([
      { file: 'zones.geojson', row: 2, feature: '二号学区', message: 'has no geometry', severity: 'warning' },
      { file: 'zones.geojson', row: 3, feature: '三号学区', message: 'unusable geometry: a ring is not closed (first and last positions differ)', severity: 'error' },
    ]);
  });

  it('accepts a single Feature; keeps a non-EPSG crs name as a name', () => {
    const f = { type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates: [1, 2] }, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } };
    const t = readGeoJson(new TextEncoder().encode(JSON.stringify(f)), 'one.geojson');
    expect(t.rows).toEqual([['x']]);
    expect(t.geometries).toEqual([{ type: 'Point', coordinates: [1, 2] }]);
    expect(t.declaredCrs).toEqual({ kind: 'name', value: 'urn:ogc:def:crs:OGC:1.3:CRS84' });
  });
});

describe('shapefiles', () => {
  it('reads a GBK shapefile whose .cpg says CP936: Chinese attributes, holes, multipolygons, null shapes, the .prj', async () => {
    const t = await readShapefile(shpMembers('districts'));
    expect(t.file).toBe('districts.shp');
    expect(t.encoding).toBe('gbk');
    expect(t.columns).toEqual(['名称', 'pupils', 'opened']);
    expect(t.rows).toEqual([
      ['西湖学区', 1520, '2001-09-01'],
      ['滨江学区', 980, null],
      ['待定学区', 0, null],
    ]);
    const g = t.geometries ?? [];
    expect(g[0]?.type).toBe('Polygon');
    expect((g[0]?.coordinates as number[][][]).length).toBe(2); // outer ring + hole
    expect(g[1]?.type).toBe('MultiPolygon');
    expect(g[2]).toBeNull();
    expect(t.declaredCrs?.kind).toBe('wkt');
    expect(t.declaredCrs?.value).toMatch(/CGCS2000/);
    expect(t.problems).toEqual([{ file: 'districts.shp', row: 3, message: 'has no geometry (a null shape)', severity: 'warning' }]);
  });

  it('without a .cpg, sees that the text is not UTF-8 and reads it as GBK (with a warning)', async () => {
    const t = await readShapefile(shpMembers('districts', ['shp', 'dbf', 'prj']));
    expect(t.encoding).toBe('gbk');
    expect(t.rows.map((r) => r[0])).toEqual(['西湖学区', '滨江学区', '待定学区']);
    expect(warnings(t).map((p) => p.message)).toContain('no .cpg names the .dbf encoding: the text is not UTF-8 and nothing names its encoding: read as GBK');
  });

  it('without a .cpg, sees that the text is UTF-8; an explicit encoding wins', async () => {
    const t = await readShapefile(shpMembers('schools_utf8'));
    expect(t.encoding).toBe('utf-8');
    expect(t.rows).toEqual([['杭州市学军小学', 1520, '1956-09-01'], ['Café École', 300, null]]);
    expect(t.geometries).toEqual([{ type: 'Point', coordinates: [120.1301, 30.2741] }, { type: 'Point', coordinates: [120.2, 30.3] }]);
    const forced = await readShapefile(shpMembers('schools_utf8'), { encoding: 'windows-1252' });
    expect(forced.rows[1][0]).toBe('CafÃ© Ã‰cole');
  });

  it('matches member names in any case; warns when there is no .dbf or .prj', async () => {
    const m = shpMembers('districts', ['shp']);
    const t = await readShapefile({ 'DISTRICTS.SHP': m['districts.shp'], 'districts.DBF': shpMembers('districts')['districts.dbf'] });
    expect(t.rows.length).toBe(3);
    expect(t.rows[0][0]).toBe('西湖学区'); // GBK detected
    expect(warnings(t).map((p) => p.message)).toContain('no .prj beside the .shp: the coordinate system is unknown');
    const bare = await readShapefile(m);
    expect(bare.columns).toEqual([]);
    expect(bare.rows).toEqual([[], [], []]);
    expect(warnings(bare).map((p) => p.message)).toContain('no .dbf beside the .shp: the features have no attributes');
  });

  it('reads a zip with nested folders: the first shapefile, or the one opts.layer names', async () => {
    const zip = zipSync({
      'export/区划/districts.shp': shpMembers('districts')['districts.shp'],
      'export/区划/districts.dbf': shpMembers('districts')['districts.dbf'],
      'export/区划/districts.prj': shpMembers('districts')['districts.prj'],
      'export/区划/districts.cpg': shpMembers('districts')['districts.cpg'],
      'export/points/schools_utf8.shp': shpMembers('schools_utf8')['schools_utf8.shp'],
      'export/points/schools_utf8.dbf': shpMembers('schools_utf8')['schools_utf8.dbf'],
      'readme.txt': new TextEncoder().encode('hello'),
    });
    const first = await readZip(zip, 'export.zip');
    expect(first.file).toBe('export.zip/export/区划/districts.shp');
    expect(first.rows[0]).toEqual(['西湖学区', 1520, '2001-09-01']);
    expect(warnings(first).map((p) => p.message)).toContain('the zip holds 2 shapefiles (districts, schools_utf8): read "districts"; choose another layer to read another');
    const chosen = await readZip(zip, 'export.zip', { layer: 'schools_utf8' });
    expect(chosen.rows[0][0]).toBe('杭州市学军小学');
    expect(chosen.encoding).toBe('utf-8');
    const wrong = await readZip(zip, 'export.zip', { layer: 'roads' });
    expect(errors(wrong)[0].message).toBe('has no shapefile layer named "roads" (layers: districts, schools_utf8)');
  });

  it('reads the one CSV in a zip without a shapefile', async () => {
    const t = await readZip(zipSync({ 'data/gbk-schools.csv': fixture('gbk-schools.csv') }), 'schools.zip');
    expect(t.file).toBe('schools.zip/data/gbk-schools.csv');
    expect(t.rows[0][0]).toBe('杭州市学军小学（求智校区）');
  });

  it('decodes GBK member names stored without the UTF-8 flag (as Chinese Windows zips them)', async () => {
    const m = shpMembers('districts');
    const zip = zipSync({ 'abcd.shp': m['districts.shp'], 'abcd.dbf': m['districts.dbf'], 'abcd.cpg': m['districts.cpg'] });
    const gbkName = [0xc7, 0xf8, 0xbb, 0xae]; // 区划 in GBK, as long as "abcd"
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (zip[i] === 0x61 && zip[i + 1] === 0x62 && zip[i + 2] === 0x63 && zip[i + 3] === 0x64 && zip[i + 4] === 0x2e) zip.set(gbkName, i);
    }
    const t = await readZip(zip, 'gbk-names.zip', { layer: '区划' });
    expect(t.file).toBe('gbk-names.zip/区划.shp');
    expect(t.rows.map((r) => r[0])).toEqual(['西湖学区', '滨江学区', '待定学区']);
  });

  it('skips records marked deleted in the .dbf', async () => {
    const m = shpMembers('districts');
    const dbf = m['districts.dbf'].slice();
    const view = new DataView(dbf.buffer);
    dbf[view.getUint16(8, true) + view.getUint16(10, true)] = 0x2a; // record 2
    const t = await readShapefile({ ...m, 'districts.dbf': dbf });
    expect(t.rows.map((r) => r[0])).toEqual(['西湖学区', '待定学区']);
    expect(t.geometries?.map((g) => g?.type ?? null)).toEqual(['Polygon', null]);
    expect(warnings(t).map((p) => p.message)).toContain('1 record is marked deleted in the .dbf: skipped');
  });

  it('leaves a field of a type the shapefile package cannot read empty, with a warning', async () => {
    const m = shpMembers('districts');
    const dbf = m['districts.dbf'].slice();
    dbf[32 + 32 + 11] = 0x49; // the second field ("pupils") becomes type 'I'
    const t = await readShapefile({ ...m, 'districts.dbf': dbf });
    expect(t.rows[0]).toEqual(['西湖学区', null, '2001-09-01']);
    expect(warnings(t).map((p) => p.message)).toContain('field "pupils" has dBASE type \'I\', which is not read: left empty');
  });

  it('says clearly when a zip holds nothing readable', async () => {
    const t = await readZip(zipSync({ 'docs/readme.pdf': new Uint8Array([1, 2, 3]), 'districts.dbf': shpMembers('districts')['districts.dbf'] }), 'docs.zip');
    expect(t.rows).toEqual([]);
    expect(t.problems).toEqual([{ file: 'docs.zip', message: 'the zip holds no .shp, .csv, .xlsx or .geojson (it holds docs/readme.pdf, districts.dbf)', severity: 'error', code: 'zip-nothing-readable', params: { files: 'docs/readme.pdf, districts.dbf' } }]);
  });
});

describe('readSource', () => {
  it('dispatches on extension and content', async () => {
    const geo = await readSource('zones.json', fixture('zones-3857.geojson'));
    expect(geo.geometries?.length).toBe(5);
    const records = await readSource('records.json', fixture('records.json'));
    expect(records.geometries).toBeNull();
    expect(records.rows.length).toBe(3);
    const xlsxAsCsv = await readSource('schools.csv', await demoWorkbook());
    expect(xlsxAsCsv.columns[0]).toBe('学校名称');
    const shp = await readSource('districts.shp', shpMembers('districts')['districts.shp'], {}, shpMembers('districts', ['dbf', 'prj', 'cpg']));
    expect(shp.rows[1][0]).toBe('滨江学区');
    const txt = await readSource('list.txt', fixture('semicolon.csv'));
    expect(txt.columns[0]).toBe('name');
    expect(sniffFormat(fixture('zones-3857.geojson'))).toBe('json');
  });

  it('refuses GeoPackage with a clear error: the host reads it', async () => {
    await expect(readSource('schools.gpkg', new Uint8Array([1]))).rejects.toThrow(InputError);
    await expect(readSource('schools.gpkg', new Uint8Array([1]))).rejects.toThrow(/schools\.gpkg: GeoPackage \(\.gpkg\) files are read by the host \(the Electron side/);
    const sqlite = new TextEncoder().encode('SQLite format 3\0....');
    await expect(readSource('schools.dat', sqlite)).rejects.toThrow(/read by the host/);
  });

  it('says what to choose for a lone .dbf or an old .xls', async () => {
    expect(errors(await readSource('districts.dbf', new Uint8Array(10)))[0].message).toMatch(/part of a shapefile: choose its \.shp/);
    expect(errors(await readSource('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])))[0].message).toMatch(/\.xls\) workbooks are not read/);
    expect(errors(await readSource('report.xls', new TextEncoder().encode('<html><table><tr><td>1</td></tr></table></html>')))[0].message).toMatch(/^is a web page \(HTML\)/);
    const tsv = await readSource('export.xls', new TextEncoder().encode('学校\t在校生\n一小\t640\n'));
    expect(tsv.rows).toEqual([['一小', '640']]);
  });
});

describe('real files', () => {
  it('Fairfax School_Facilities shapefile: 260 points in Virginia North feet', async () => {
    const t = await readShapefile(fairfaxMembers());
    expect(t.rows.length).toBe(260);
    expect(t.columns.slice(0, 3)).toEqual(['OBJECTID', 'SCHOOL_NAM', 'SCHOOL_TYP']);
    expect(t.declaredCrs?.kind).toBe('wkt');
    expect(t.declaredCrs?.value).toContain('Virginia_North');
    expect(errors(t)).toEqual([]);
    const xs = (t.geometries ?? []).map((g) => (g?.type === 'Point' ? g.coordinates[0] : NaN));
    expect(Math.min(...xs)).toBeGreaterThan(11_771_000);
    expect(Math.max(...xs)).toBeLessThan(11_895_000);
    expect(new Set(column(t, 'OBJECTID')).size).toBe(260);
    // The same files zipped read the same.
    const zipped = await readSource('School_Facilities.zip', zipSync(Object.fromEntries(Object.entries(fairfaxMembers()).map(([k, v]) => [`School_Facilities/${k}`, v]))));
    expect(zipped.rows).toEqual(t.rows);
  });

  it('Fairfax school_capacities.csv: CRLF, 188 rows', async () => {
    const t = await readSource('school_capacities.csv', real('fairfax-fcps/school_capacities.csv'));
    expect(t.rows.length).toBe(188);
    expect(t.columns).toEqual(['type', 'name', 'capacity', 'membership', 'object_id_school', 'object_id_area']);
    expect(t.rows.flat().some((c) => typeof c === 'string' && c.includes('\r'))).toBe(false);
    expect(t.problems).toEqual([]);
  });

  it('Durham sgr_tables_htype_reg.csv: BOM, 50 rows once the 949 rows of commas are skipped', async () => {
    const t = await readSource('sgr_tables_htype_reg.csv', real('durham-dps/sgr_tables_htype_reg.csv'));
    expect(t.columns.length).toBe(39);
    expect(t.columns[0]).toBe('housing_type');
    expect(t.columns).toContain('sgr_dps_avg_k12_hs');
    expect(t.rows.length).toBe(50);
    expect(new Set(column(t, 'housing_type')).size).toBe(10);
    expect(new Set(column(t, 'region')).size).toBe(5);
    expect(t.problems).toEqual([]);
  });

  it('Durham hs_full_geo.geojson: 851 planning units in EPSG:3857 with the PROVENANCE sums', async () => {
    const t = await readSource('hs_full_geo.geojson', real('durham-dps/hs_full_geo.geojson'));
    expect(t.rows.length).toBe(851);
    expect(t.declaredCrs).toEqual({ kind: 'epsg', value: 'EPSG:3857' });
    expect(t.geometries?.every((g) => g?.type === 'Polygon')).toBe(true);
    expect(sum(column(t, 'basez'))).toBe(7058);
    expect(sum(column(t, 'student_gen'))).toBe(5605);
    expect(t.problems).toEqual([]);
  });

  it('Durham dps_base_2324.geojson: 64 schools, 6 without geometry (warnings)', async () => {
    const t = await readSource('dps_base_2324.geojson', real('durham-dps/dps_base_2324.geojson'));
    expect(t.rows.length).toBe(64);
    expect(t.geometries?.filter((g) => g === null).length).toBe(6);
    expect(warnings(t).length).toBe(6);
    expect(errors(t)).toEqual([]);
  });

  it('Hangzhou schools_flat.csv: 493 campuses, cells with newlines, coordinates as text', async () => {
    const t = await readSource('schools_flat.csv', real('hangzhou-rxyj/schools_flat.csv'));
    expect(t.rows.length).toBe(493);
    expect(t.columns.length).toBe(23);
    expect(new Set(column(t, 'campus_code')).size).toBe(493);
    expect(column(t, 'school_type').filter((c) => c === '小学').length).toBe(440);
    expect(column(t, 'lng')[0]).toBe('120.235194');
    expect(t.rows.flat().some((c) => typeof c === 'string' && c.includes('\n'))).toBe(true);
    expect(t.problems).toEqual([]);
  });

  it('Hangzhou school_community_mappings.csv: BOM, 17,742 rows by student type', async () => {
    const t = await readSource('school_community_mappings.csv', real('hangzhou-rxyj/school_community_mappings.csv'));
    expect(t.columns).toEqual(['school_name', 'campus_code', 'community_name', 'street_name', 'district', 'student_type', 'year']);
    expect(t.rows.length).toBe(17_742);
    const types = column(t, 'student_type');
    expect(types.filter((c) => c === '户籍生').length).toBe(9_169);
    expect(types.filter((c) => c === '新杭州人').length).toBe(8_573);
  });

  it('Hangzhou schools.json: 493 records; list fields as JSON text; same cells as the flat CSV', async () => {
    const t = await readSource('schools.json', real('hangzhou-rxyj/schools.json'));
    expect(t.rows.length).toBe(493);
    expect(t.geometries).toBeNull();
    expect(column(t, 'school_type').filter((c) => c === '初中').length).toBe(53);
    const hj = column(t, 'communities_hj');
    expect(JSON.parse(String(hj[0]))).toBeInstanceOf(Array);
    const flat = await readSource('schools_flat.csv', real('hangzhou-rxyj/schools_flat.csv'));
    expect(t.columns).toEqual(flat.columns);
    expect(column(t, 'campus_code')).toEqual(column(flat, 'campus_code'));
  });
});

describe('damaged files never throw', () => {
  const csvText = 'id,name,note,pupils\n1,Alpha,"two\nlines",100\n2,Beta,plain,200\n3,Gamma,"x, y",300\n';
  const csv = new TextEncoder().encode(csvText);

  it('a CSV cut mid-row gives an error naming the row', async () => {
    const cuts = [csvText.indexOf('Beta') + 2, csvText.indexOf('"two') + 3, csvText.indexOf('Gamma,') + 6, csvText.indexOf('"x, y') + 2];
    for (const at of cuts) {
      const t = await readCsv(csv.subarray(0, at), 'cut.csv');
      expect(errors(t).length, `cut at ${at}`).toBeGreaterThan(0);
      expect(errors(t)[0].row, `cut at ${at}`).toBeGreaterThan(0);
    }
    for (let at = 0; at <= csv.length; at++) await expect(readCsv(csv.subarray(0, at), 'cut.csv')).resolves.toBeDefined();
  });

  it('an XLSX cut anywhere: "not a valid XLSX file (zip central directory missing)"', async () => {
    const bytes = await demoWorkbook();
    for (const at of [0, 10, 500, Math.floor(bytes.length / 2), bytes.length - 30, bytes.length - 1]) {
      const t = await readXlsx(bytes.subarray(0, at), 'schools.xlsx');
      expect(t.rows).toEqual([]);
      const expected = at === 0 ? /^not a valid XLSX file \(the file is empty\)$/ : at < 4 ? /not a zip archive/ : /^not a valid XLSX file \(zip central directory missing\)/;
      expect(errors(t).map((p) => `${p.file}: ${p.message}`)).toEqual([expect.stringMatching(new RegExp(`^schools\\.xlsx: ${expected.source.replace(/^\^/, '')}`))]);
    }
  });

  it('a zip cut anywhere gives an error', async () => {
    const zip = zipSync(shpMembers('districts'));
    for (const at of [5, 100, Math.floor(zip.length / 2), zip.length - 1]) {
      const t = await readSource('districts.zip', zip.subarray(0, at));
      expect(errors(t).map((p) => p.message)).toEqual([expect.stringMatching(/^not a valid zip file \(zip central directory missing\): the file is truncated or damaged$/)]);
    }
  });

  it('a .shp cut anywhere: the whole records are read and the cut one named', async () => {
    const m = fairfaxMembers();
    const shp = m['School_Facilities.shp']; // 260 points, 28 bytes a record
    const header = await readShapefile({ ...m, 'School_Facilities.shp': shp.subarray(0, 60) });
    expect(errors(header).map((p) => p.message)).toEqual(['truncated shapefile: the 100-byte header is incomplete (60 bytes)']);
    const cut = await readShapefile({ ...m, 'School_Facilities.shp': shp.subarray(0, 100 + 28 * 122 + 15) });
    expect(cut.rows.length).toBe(122);
    expect(cut.geometries?.length).toBe(122);
    expect(errors(cut)).toEqual([{ file: 'School_Facilities.shp', row: 123, message: 'truncated shapefile: record 123 ends past the end of the file: read the 122 whole records before it', severity: 'error', code: 'damaged-shapefile', params: { records: 122, detail: 'truncated shapefile: record 123 ends past the end of the file' } }]);
    const recordHeader = await readShapefile({ ...m, 'School_Facilities.shp': shp.subarray(0, 100 + 28 * 5 + 4) });
    expect(recordHeader.rows.length).toBe(5);
    expect(errors(recordHeader)[0].message).toMatch(/^truncated shapefile: the header of record 6 is cut off/);
  });

  it('a .dbf cut short: geometries read, missing attributes named', async () => {
    const m = fairfaxMembers();
    const t = await readShapefile({ ...m, 'School_Facilities.dbf': m['School_Facilities.dbf'].subarray(0, 20_000) });
    expect(t.rows.length).toBe(260);
    expect(errors(t)[0].message).toMatch(/^truncated \.dbf: it holds \d+ of the 260 records its header announces$/);
    expect(t.rows[259].every((c) => c === null)).toBe(true);
  });

  it('random cuts and flipped bytes in every format resolve to a table', async () => {
    const rand = mulberry32(20261201);
    const samples: [string, Uint8Array, Record<string, Uint8Array>?][] = [
      ['a.csv', csv],
      ['a.xlsx', await demoWorkbook()],
      ['a.zip', zipSync(shpMembers('districts'))],
      ['districts.shp', shpMembers('districts')['districts.shp'], shpMembers('districts', ['dbf', 'prj', 'cpg'])],
      ['districts.shp', shpMembers('districts')['districts.shp'], { 'districts.dbf': shpMembers('districts')['districts.dbf'].map((b, i) => (i > 40 && i < 80 ? b ^ 0x55 : b)) }],
      ['zones.geojson', fixture('zones-3857.geojson')],
      ['records.json', fixture('records.json')],
    ];
    for (const [name, bytes, siblings] of samples) {
      for (let k = 0; k < 12; k++) {
        const damaged = k % 2 === 0 ? bytes.slice(0, Math.floor(rand() * bytes.length)) : bytes.map((b) => (rand() < 0.02 ? (b + 1 + Math.floor(rand() * 255)) & 0xff : b));
        const t = await readSource(name, damaged, {}, siblings);
        expect(t.file.startsWith(name), `${name} damage ${k}`).toBe(true);
        expect(Array.isArray(t.rows)).toBe(true);
        if (t.rows.length === 0 && name !== 'a.csv') expect(errors(t).length, `${name} damage ${k}: ${JSON.stringify(t.problems)}`).toBeGreaterThan(0);
      }
    }
  });
});
