// A planner brings their own school roster in through the import wizard: a GBK-encoded CSV with
// Chinese headers, one row without coordinates and one with a placeholder. They see the detected
// column mapping and the problems by row before anything is written, set the coordinate system to
// GCJ-02 and see it named, import, and the school list shows the new roster. A zip with nothing
// readable is refused with a clear message and writes nothing. The real datasets go in without hand
// editing: Durham through its recipe (three layers in one import), Fairfax's schools through the
// one-layer path with two joined tables. These specs change the project, so they run on a server
// and fresh demo of their own (ownProject).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A real dataset's folder beside the repository (../shared/data/real/NAME), or a clear failure. */
function realData(name: string): string {
  const dir = join(ROOT, '..', 'shared', 'data', 'real', name);
  if (!existsSync(dir)) throw new Error(`Real dataset missing: ${dir} (the e2e specs read ../shared/data beside the repository)`);
  return dir;
}

test.use({ ownProject: true });
test.describe.configure({ mode: 'serial' });

/** Text to GBK bytes, with the table read back from Node's own GBK decoder. */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`"${ch}" has no GBK code`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

// Positions as a planner copies them from AMap (GCJ-02), inside the demo county.
const ROSTER = [
  '学校代码,学校名称,学段,经度,纬度,在校生数,班级数',
  '3300001,青溪县新城小学,小学,116.6012,26.2355,420,12',
  '3300002,青溪县滨江小学,小学,116.6480,26.2330,380,12',
  '3300003,青溪县东山中学,初中,116.6201,26.2511,900,18',
  '3300004,青溪县北门小学,小学,,,150,6',
  '3300005,青溪县西岭教学点,小学,0,0,30,2',
].join('\r\n') + '\r\n';

async function openWizard(app: Page) {
  await app.getByTestId('import-open').click();
  await expect(app.getByTestId('import-wizard')).toBeVisible();
}

test('a zip with nothing readable is refused with a clear message and writes nothing', async ({ app, server }) => {
  const before = (await server.call('project.summary')) as { counts: { schools: number } };
  await openWizard(app);
  await app.getByTestId('import-layer-schools').check();
  const zip = zipSync({ '照片.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'notes.docx': strToU8('not a table') });
  await app.getByTestId('import-file').setInputFiles({ name: '学校名录.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await app.getByTestId('import-next').click();
  const blocked = app.getByTestId('import-blocked');
  await expect(blocked).toBeVisible();
  await expect(blocked).toContainText('无法导入');
  await expect(blocked).toContainText('学校名录.zip');
  await expect(blocked).toContainText('zip 中没有可读取的 .shp、.csv、.xlsx 或 .geojson 文件');
  await expect(blocked).toContainText('照片.jpg');
  await expect(app.getByTestId('import-commit')).toBeDisabled();
  await app.getByRole('button', { name: '取消' }).click();
  await expect(app.getByTestId('import-wizard')).toHaveCount(0);
  const after = (await server.call('project.summary')) as { counts: { schools: number } };
  expect(after.counts.schools).toBe(before.counts.schools);
  await expect(app.getByTestId('school-list').locator('li')).toHaveCount(before.counts.schools);
});

test('a planner imports a GBK school roster: mapping and problems first, GCJ-02 named, then the new roster', async ({ app, server }, testInfo) => {
  const demoSchools = (await server.call('schools.list', {})) as unknown[];
  expect(demoSchools.length).toBeGreaterThan(100);
  await openWizard(app);
  await app.getByTestId('import-layer-schools').check();
  await app.getByTestId('import-file').setInputFiles({ name: '学校名录.csv', mimeType: 'text/csv', buffer: gbk(ROSTER) });
  await app.getByTestId('import-next').click();

  // The detected mapping, in the planner's language, before anything is written.
  await expect(app.getByTestId('import-summary')).toContainText('共 5 行：可导入 3 行，跳过 2 行');
  await expect(app.getByTestId('import-map-id')).toHaveValue('学校代码');
  await expect(app.getByTestId('import-map-name')).toHaveValue('学校名称');
  await expect(app.getByTestId('import-map-type')).toHaveValue('学段');
  await expect(app.getByTestId('import-map-lon')).toHaveValue('经度');
  await expect(app.getByTestId('import-map-lat')).toHaveValue('纬度');
  await expect(app.getByTestId('import-map-enrolment')).toHaveValue('在校生数');
  await expect(app.getByTestId('import-mapping')).toContainText('学校名称');
  // The GBK bytes were read as GBK.
  await expect(app.getByTestId('import-encoding').locator('option:checked')).toHaveText(/GB/i);
  await expect(app.getByTestId('import-sample')).toContainText('青溪县新城小学');

  // Problems by row: the row without coordinates and the placeholder row, with their column.
  const problems = app.getByTestId('import-problems').locator('tbody tr');
  await expect(problems.filter({ hasText: '缺少坐标' })).toHaveCount(1);
  await expect(problems.filter({ hasText: '缺少坐标' }).locator('td').nth(0)).toHaveText('4');
  await expect(problems.filter({ hasText: '缺少坐标' }).locator('td').nth(1)).toHaveText('经度');
  await expect(problems.filter({ hasText: '占位坐标' }).locator('td').nth(0)).toHaveText('5');
  await expect(problems.filter({ hasText: '占位坐标' }).locator('td').nth(3)).toHaveText('错误');

  // Nothing declared: the assumption is spelled out; then the planner says the positions are GCJ-02.
  await expect(app.getByTestId('import-crs-note')).toHaveText('坐标系：WGS84（GPS 经纬度） — 假定（文件未声明坐标系）');
  await app.getByTestId('import-crs').selectOption('gcj02');
  await expect(app.getByTestId('import-crs-note')).toHaveText('坐标系：GCJ-02 (高德/腾讯) — 由您选择');
  await expect(app.getByTestId('import-map')).toHaveAttribute('data-points', '3');
  await expect(app.getByTestId('import-replaces')).toContainText(`${demoSchools.length} 所`);
  // Let the small map draw, for the picture of this step.
  await app.waitForTimeout(1500);
  await app.screenshot({ path: process.env.WIZARD_SCREENSHOT ?? testInfo.outputPath('wizard-preview.png') });
  // Still nothing written.
  expect(((await server.call('schools.list', {})) as unknown[]).length).toBe(demoSchools.length);

  await expect(app.getByTestId('import-commit')).toBeEnabled();
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-done')).toBeVisible();
  await expect(app.getByTestId('import-done-counts')).toContainText('学校 3 所');
  await app.getByTestId('import-finish').click();
  await expect(app.getByTestId('import-wizard')).toHaveCount(0);

  // The school list now shows the imported roster (the backend said the project changed).
  const list = app.getByTestId('school-list').locator('li');
  await expect(list).toHaveCount(3);
  await expect(app.getByTestId('school-list')).toContainText('青溪县新城小学');
  await expect(app.getByTestId('school-list')).toContainText('青溪县东山中学');
  await expect(app.getByTestId('school-list')).not.toContainText('青溪县北门小学');
  const schools = (await server.call('schools.list', {})) as { id: string; name: string; location: { coordinates: [number, number] } }[];
  expect(schools.map((s) => s.id).sort()).toEqual(['3300001', '3300002', '3300003']);
  // Converted from GCJ-02: here WGS84 lies some 500 m west (and a little north) of the AMap position.
  const [lon, lat] = schools.find((s) => s.id === '3300001')!.location.coordinates;
  expect(116.6012 - lon).toBeGreaterThan(0.002);
  expect(116.6012 - lon).toBeLessThan(0.01);
  expect(Math.abs(lat - 26.2355)).toBeLessThan(0.01);
});

test('Durham goes in through its recipe: three layers previewed with their declared coordinate systems, then imported at once', async ({ app, server }, testInfo) => {
  test.setTimeout(240_000);
  const data = realData('durham-dps');
  const files = readdirSync(data).filter((f) => !f.endsWith('.md')).map((f) => join(data, f));
  await openWizard(app);
  await app.getByTestId('import-mode-recipe').check();
  await app.getByTestId('import-recipe-file').setInputFiles(join(ROOT, 'docs', 'recipes', 'durham-dps.json'));
  await expect(app.getByTestId('import-recipe-summary')).toContainText('3 个图层');

  // A file the recipe names but the planner did not choose is named, and nothing goes ahead.
  await app.getByTestId('import-recipe-data').setInputFiles(files.filter((f) => !f.endsWith('durham_regions.geojson')));
  await expect(app.getByTestId('import-recipe-missing')).toContainText('durham_regions.geojson');
  await expect(app.getByTestId('import-recipe-needs').locator('tr[data-file="durham_regions.geojson"]')).toContainText('未选择');
  await expect(app.getByTestId('import-next')).toBeDisabled();

  await app.getByTestId('import-recipe-data').setInputFiles(files);
  await expect(app.getByTestId('import-recipe-missing')).toHaveCount(0);
  await expect(app.getByTestId('import-recipe-unused')).toContainText('sgr_tables_htype_reg.csv');
  await app.getByTestId('import-next').click();

  // Every layer, with the coordinate system its file declares.
  const layers = app.getByTestId('import-recipe-layers').locator('tbody tr');
  await expect(layers).toHaveCount(3);
  await expect(layers.nth(0)).toHaveAttribute('data-layer', 'schools');
  await expect(layers.nth(1)).toHaveAttribute('data-layer', 'residences');
  await expect(layers.nth(2)).toHaveAttribute('data-layer', 'catchments');
  await expect(app.getByTestId('import-recipe-crs-schools')).toHaveText('EPSG:3857 Web 墨卡托（WGS 84 / Pseudo-Mercator） — 文件声明');
  await expect(app.getByTestId('import-recipe-crs-residences')).toHaveText('EPSG:3857 Web 墨卡托（WGS 84 / Pseudo-Mercator） — 文件声明');
  await expect(app.getByTestId('import-recipe-crs-catchments')).toHaveText('EPSG:2264 NAD83 / 北卡罗来纳州平面坐标（美国测量英尺） — 文件声明');
  await expect(layers.nth(1)).toContainText('共 851 行：可导入 851 行，跳过 0 行');
  await expect(app.getByTestId('import-recipe-matches-catchments')).toHaveText('未匹配 0 个，近似匹配 0 个');
  // The first layer in view: its mapping and its positions on the map.
  await expect(app.getByTestId('import-recipe-layer')).toHaveAttribute('data-layer', 'schools');
  await expect(app.getByTestId('import-map')).toHaveAttribute('data-points', '5');
  // The catchments' tab: regions matched to schools on region_base, for the senior level.
  await app.getByTestId('import-recipe-tab-catchments').click();
  await expect(app.getByTestId('import-recipe-layer')).toHaveAttribute('data-layer', 'catchments');
  await expect(app.getByTestId('import-crs-note')).toContainText('EPSG:2264');
  await expect(app.getByTestId('import-recipe-mapping').locator('tr[data-field="school"]')).toContainText('region');
  await expect(app.getByTestId('import-recipe-layer')).toContainText('region_base');
  await app.getByTestId('import-recipe-tab-schools').click();
  await app.waitForTimeout(1500); // let the small map draw, for the picture of this step
  await app.screenshot({ path: process.env.RECIPE_SCREENSHOT ?? testInfo.outputPath('wizard-recipe-preview.png') });

  await expect(app.getByTestId('import-commit')).toBeEnabled();
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
  await expect(app.getByTestId('import-done-counts')).toContainText('学校 5 所');
  await expect(app.getByTestId('import-done-counts')).toContainText('居住单元 851 个');
  await app.getByTestId('import-finish').click();
  await expect(app.getByTestId('import-wizard')).toHaveCount(0);

  await expect(app.getByTestId('school-list').locator('li')).toHaveCount(5);
  await expect(app.getByTestId('school-list')).toContainText('Riverside High School');
  // The county panel (nothing selected): the senior level the catchments brought, with its pupils.
  await expect(app.getByTestId('county-panel')).toBeVisible();
  await expect(app.getByTestId('county-senior-pupils')).toHaveText('7,058', { timeout: 60_000 });
  await expect(app.getByTestId('county-senior-schools')).toHaveText('5');
  const summary = (await server.call('project.summary')) as { counts: { schools: number; residences: number; catchmentsByLevel: Record<string, number> } };
  expect(summary.counts).toMatchObject({ schools: 5, residences: 851, catchmentsByLevel: { senior: 5 } });
});

test("Fairfax's schools through one layer: the capacity table joined to the facilities shapefile and the zone lookup", async ({ app, server }, testInfo) => {
  test.setTimeout(180_000);
  const data = realData('fairfax-fcps');
  const shapefile = readdirSync(data).filter((f) => f.startsWith('School_Facilities.')).map((f) => join(data, f));
  expect(shapefile.map((f) => f.slice(f.lastIndexOf('.'))).sort()).toEqual(['.cpg', '.dbf', '.prj', '.shp', '.shx']);
  await openWizard(app);
  await app.getByTestId('import-mode-single').check();
  await app.getByTestId('import-layer-schools').check();
  await app.getByTestId('import-file').setInputFiles(join(data, 'school_capacities.csv'));
  await app.getByTestId('import-next').click();
  await expect(app.getByTestId('import-summary')).toContainText('school_capacities.csv');

  // 1st join: the facilities' positions (a shapefile, all its parts) on object_id_school = OBJECTID.
  const joinTable = async (files: string[], left: string, right: string, index: number) => {
    await app.getByTestId('import-join-add').click();
    await app.getByTestId('import-join-upload').setInputFiles(files);
    const rightKey = app.getByTestId('import-join-right');
    await expect(rightKey.locator(`option[value="${right}"]`)).toHaveCount(1);
    await app.getByTestId('import-join-left').selectOption(left);
    await rightKey.selectOption(right);
    await app.getByTestId('import-join-apply').click();
    await expect(app.getByTestId(`import-join-${index}`)).toContainText(`${left} = ${right}`);
    await expect(app.getByTestId(`import-joined-${index}`)).toBeVisible();
  };
  await joinTable(shapefile, 'object_id_school', 'OBJECTID', 0);
  await expect(app.getByTestId('import-join-0')).toContainText('School_Facilities.shp');
  // 2nd join: the zone ids the assignment columns of the blocks name.
  await joinTable([join(data, 'zone_id_lookup.csv')], 'object_id_school', 'object_id_school', 1);
  await expect(app.getByTestId('import-join-1')).toContainText('zone_id_lookup.csv');

  // type and name are in more than one file: the planner says which columns.
  for (const [field, column] of [['id', 'object_id_school'], ['name', 'name'], ['type', 'type'], ['capacity', 'capacity'], ['enrolment', 'membership']] as const) {
    await app.getByTestId(`import-map-${field}`).selectOption(column);
    await expect(app.getByTestId(`import-map-${field}`)).toHaveValue(column);
  }
  await expect(app.getByTestId('import-summary')).toContainText('共 188 行：可导入 188 行，跳过 0 行');
  await expect(app.getByTestId('import-crs-note')).toHaveText('坐标系：EPSG:2283 NAD83 / 弗吉尼亚州北区平面坐标（美国测量英尺） — 文件声明');
  await expect(app.getByTestId('import-map')).toHaveAttribute('data-points', '188');
  await app.waitForTimeout(1000);
  await app.screenshot({ path: testInfo.outputPath('wizard-joins.png') });

  await expect(app.getByTestId('import-commit')).toBeEnabled();
  await app.getByTestId('import-commit').click();
  await expect(app.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
  await expect(app.getByTestId('import-done-counts')).toContainText('学校 188 所');
  await app.getByTestId('import-finish').click();
  await expect(app.getByTestId('school-list').locator('li')).toHaveCount(188);
  const schools = (await server.call('schools.list', {})) as { type: string; capacity: Record<string, number>; extra: Record<string, unknown> }[];
  expect(schools).toHaveLength(188);
  expect([schools.filter((s) => s.type === 'primary').length, schools.filter((s) => s.type === 'junior').length, schools.filter((s) => s.type === 'senior').length]).toEqual([138, 26, 24]);
  expect(schools.every((s) => s.extra.zone_id !== undefined && s.extra.zone_id !== null)).toBe(true);
});
