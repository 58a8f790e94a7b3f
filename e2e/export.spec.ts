// A planner takes the scenario away: the planning workbook and a layer as CSV download from the
// export menu, built from the same evaluation the panels show.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const done = (page: Page) => page.waitForFunction(() => (window as unknown as { __schoolnet?: { evaluation(): { status: string } } }).__schoolnet?.evaluation().status === 'done', null, { timeout: 60_000 });

test('download the planning workbook and the schools as CSV from the export menu', async ({ app }) => {
  await done(app);
  await app.getByTestId('export-map').click();
  const [xlsx] = await Promise.all([app.waitForEvent('download'), app.getByTestId('export-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = readFileSync((await xlsx.path())!);
  expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK'); // an OOXML zip
  expect(workbook.length).toBeGreaterThan(10_000);

  await app.getByTestId('export-map').click();
  const [csv] = await Promise.all([app.waitForEvent('download'), app.getByTestId('export-csv-schools').click()]);
  expect(csv.suggestedFilename()).toMatch(/schools\.csv$/);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('学校代码,学校名称');
  expect(text).toContain('青溪县实验小学');
  expect(text.trim().split('\r\n')).toHaveLength(109); // header + 108 schools
});
