// Application settings: defaults, atomic saves, and a damaged file reported and kept until a change.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsFile } from './settings';
import { defaultSettings } from '../../shared/model';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'snp-settings-')), 'sub', 'settings.json');

describe('SettingsFile', () => {
  it('starts from defaults: language follows the system, online basemap off', () => {
    const s = new SettingsFile(fresh());
    expect(s.get()).toEqual(defaultSettings());
    expect(s.get().onlineBasemap.enabled).toBe(false);
  });

  it('saves changes and reads them back in a new instance', () => {
    const path = fresh();
    new SettingsFile(path).update({ locale: 'en', onlineBasemap: { enabled: true, urlTemplate: 'https://t0.tianditu.gov.cn/vec_w/wmts?tk={tk}&x={x}&y={y}&z={z}', apiKey: 'abc', attribution: '天地图', maxZoom: 18 } });
    const again = new SettingsFile(path);
    expect(again.get().locale).toBe('en');
    expect(again.get().onlineBasemap).toMatchObject({ enabled: true, apiKey: 'abc' });
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('reports a damaged file, uses defaults, and does not overwrite it until the planner changes something', () => {
    const path = fresh();
    new SettingsFile(path).update({ locale: 'en' });
    writeFileSync(path, '{"locale": "en", "onlineBasemap": ');
    const s = new SettingsFile(path);
    expect(s.warning).toMatch(/not valid JSON/);
    expect(s.get()).toEqual(defaultSettings());
    expect(readFileSync(path, 'utf8')).toBe('{"locale": "en", "onlineBasemap": ');
  });

  it('rejects settings that break the schema (a non-http basemap URL)', () => {
    const path = fresh();
    new SettingsFile(path).update({});
    writeFileSync(path, JSON.stringify({ locale: 'fr', onlineBasemap: defaultSettings().onlineBasemap }));
    expect(new SettingsFile(path).warning).toBeTruthy();
  });
});
