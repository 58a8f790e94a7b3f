// `npm run cli -- export PROJECT --format pdf|png`: the demo county as a one-page A4 sheet (PDF)
// and as a PNG of the sheet, made by the CLI in Chromium. The PDF is read back with poppler
// (pdfinfo, pdftotext, pdftoppm) and the PNG decoded here, so the checks see what a planner gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { buildIfStale, ROOT } from './lib/app';
import { chromiumPath } from './lib/map-export';

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const tools = existsSync(chromiumPath()) && ['pdfinfo', 'pdftoppm', 'pdftotext'].every(has);

let dir = '';
let project = '';
const env = () => ({ ...process.env, SCHOOLNET_CONFIG_DIR: join(dir, 'config'), SCHOOLNET_DATA_DIR: join(dir, 'data') });

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', 'cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...env(), ...extraEnv }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (performance.now() - t0) / 1000 };
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return r.stdout;
}

/** Text with all white space removed (pdftotext breaks lines and spaces CJK text its own way). */
const squash = (s: string) => s.replace(/\s+/g, '');

/** A binary PGM (P5) as width, height and grey values. */
function readPgm(file: string): { width: number; height: number; px: Uint8Array } {
  const buf = readFileSync(file);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, px: buf.subarray(header[0].length, header[0].length + width * height) };
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium's screenshots are). */
function readPng(file: string): { width: number; height: number; channels: number; px: Uint8Array } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.subarray(off + 4, off + 8).toString('latin1');
    const body = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect(body[8]).toBe(8); // bit depth
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
      expect(body[12]).toBe(0); // not interlaced
    } else if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1
        : Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      px[y * stride + x] = (row[x] + pred) & 255;
    }
  }
  return { width, height, channels, px };
}

/** The colour a utilisation fill shows over the county (as renderer/print/PrintLayout.tsx computes it). */
const over = (hex: string, alpha = 0.42, bg = '#fbfaf5') => [0, 1, 2].map((i) => Math.round(parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) * alpha + parseInt(bg.slice(1 + 2 * i, 3 + 2 * i), 16) * (1 - alpha)));

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe.skipIf(!tools)('map export: the print sheet as PDF and PNG', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'snp-map-export-'));
    buildIfStale();
    project = join(dir, 'demo.sqlite');
    const r = cli(['demo', project]);
    expect(r.status, r.stderr).toBe(0);
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a one-page A4 landscape PDF with title, legend, scale bar, sources and date, and a map that is drawn', () => {
    const out = join(dir, 'sheet-zh.pdf');
    const r = cli(['export', project, '--format', 'pdf', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*sheet-zh\.pdf \(1 page, A4 landscape/);
    console.log(`export --format pdf (zh-CN): ${r.seconds.toFixed(1)} s, ${(statSync(out).size / 1024).toFixed(0)} KB`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const info = run('pdfinfo', [out]);
    expect(info).toMatch(/^Pages:\s+1$/m);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Math.abs(Number(size[1]) - 841.89)).toBeLessThan(1.5); // 297 mm
    expect(Math.abs(Number(size[2]) - 595.28)).toBeLessThan(1.5); // 210 mm

    const text = squash(run('pdftotext', [out, '-']));
    for (const words of ['青溪县（演示）', '小学学区学位使用率', '方案：现状', '图例', '学位使用率（划入学生÷学位）', '≥110%', '学校类型', '县界', '主要指标',
      '比例尺', '千米', '数据来源', '项目文件demo.sqlite', 'WGS84', `制图日期：${today()}`]) {
      expect(text, words).toContain(squash(words));
    }
    // The representative fraction for the sheet at full size (the county is about 70 km across) and the bar's labels.
    const ratio = Number(/1:(\d{1,3}(?:,\d{3})+)/.exec(text)?.[1].replace(/,/g, ''));
    expect(ratio).toBeGreaterThan(250_000);
    expect(ratio).toBeLessThan(600_000);
    expect(text).toMatch(/\d+千米/);
    expect(text).toMatch(/116°30′E/); // the graticule on the frame

    // Rendered as a planner would see it: mostly not white, and the map frame full of detail.
    run('pdftoppm', ['-gray', '-r', '60', out, join(dir, 'page')]);
    const pgm = readPgm(readdirSync(dir).map((f) => join(dir, f)).find((f) => /page-\d+\.pgm$/.test(f))!);
    expect(pgm.width).toBeGreaterThan(690);
    expect(pgm.width).toBeLessThan(705); // 297 mm at 60 dpi ≈ 701
    let inked = 0;
    for (const v of pgm.px) if (v < 235) inked++;
    expect(inked / pgm.px.length).toBeGreaterThan(0.25);
    const levels = new Set<number>();
    let sum = 0, n = 0;
    for (let y = Math.round(pgm.height * 0.25); y < pgm.height * 0.85; y++) {
      for (let x = Math.round(pgm.width * 0.1); x < pgm.width * 0.65; x++) {
        const v = pgm.px[y * pgm.width + x];
        levels.add(v);
        sum += v;
        n++;
      }
    }
    expect(levels.size).toBeGreaterThan(60);
    expect(sum / n).toBeLessThan(235);
  }, 240_000);

  it('writes the sheet in English with a fixed date', () => {
    const out = join(dir, 'sheet-en.pdf');
    const r = cli(['export', project, '--format', 'pdf', '--out', out, '--lang', 'en', '--date', '2026-03-15', '--scenario', '现状 Baseline']);
    expect(r.status, r.stderr).toBe(0);
    console.log(`export --format pdf (en): ${r.seconds.toFixed(1)} s`);
    expect(run('pdfinfo', [out])).toMatch(/^Pages:\s+1$/m);
    const text = run('pdftotext', [out, '-']).replace(/\s+/g, ' ');
    for (const words of ['Primary catchments by seat utilisation', 'Scenario: 现状 Baseline', 'Legend', 'Utilisation (pupils assigned ÷ seats)', 'School types',
      'County boundary', 'Key figures', 'Scale', 'km', 'Sources', 'the project file demo.sqlite', 'WGS84', 'Date: 2026-03-15']) {
      expect(text, words).toContain(words);
    }
    expect(text).toMatch(/1 : \d{3},\d{3}/);
    expect(text).toMatch(/\b\d+ km\b/);
  }, 240_000);

  it('writes a PNG of the sheet at twice the CSS size, with the catchments coloured by utilisation', () => {
    const out = join(dir, 'sheet.png');
    const r = cli(['export', project, '--format', 'png', '--out', out, '--lang', 'en']);
    expect(r.status, r.stderr).toBe(0);
    console.log(`export --format png: ${r.seconds.toFixed(1)} s, ${(statSync(out).size / 1024).toFixed(0)} KB`);
    expect(r.stdout).toContain('2246 × 1588 px');
    const png = readPng(out);
    expect([png.width, png.height]).toEqual([2246, 1588]); // A4 landscape, 1123 × 794 CSS px × 2
    const near = (k: number, rgb: number[]) => Math.abs(png.px[k] - rgb[0]) <= 4 && Math.abs(png.px[k + 1] - rgb[1]) <= 4 && Math.abs(png.px[k + 2] - rgb[2]) <= 4;
    const under60 = over('#60a5fa');
    const over110 = over('#dc2626');
    let blue = 0, red = 0, white = 0;
    const mapRight = Math.round(png.width * 0.72); // left of the legend column
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < mapRight; x++) {
        const k = (y * png.width + x) * png.channels;
        if (near(k, under60)) blue++;
        else if (near(k, over110)) red++;
        else if (png.px[k] > 250 && png.px[k + 1] > 250 && png.px[k + 2] > 250) white++;
      }
    }
    const area = mapRight * png.height;
    expect(blue / area).toBeGreaterThan(0.05); // most catchments are under 60 % full
    expect(red / area).toBeGreaterThan(0.005); // and some are over 110 %
    expect(white / area).toBeLessThan(0.6);
  }, 240_000);

  it('names a missing scenario and a missing Chromium clearly, and writes nothing', () => {
    const out = join(dir, 'none.pdf');
    const bad = cli(['export', project, '--format', 'pdf', '--out', out, '--scenario', 'nope']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('no scenario "nope" (scenarios: 现状 Baseline)');
    const noBrowser = cli(['export', project, '--format', 'png', '--out', out], { CHROMIUM_PATH: join(dir, 'no-chromium') });
    expect(noBrowser.status).toBe(1);
    expect(noBrowser.stderr).toMatch(/Chromium is needed .* not found at .*no-chromium.*CHROMIUM_PATH/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
