// Application settings kept in a JSON file in the user's config folder (not in a project: they
// belong to the planner's machine). A damaged file is reported and left untouched until a change.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { schemas } from '../../shared/api';
import { defaultSettings, type AppSettings } from '../../shared/model';

export class SettingsFile {
  private current: AppSettings;
  readonly warning: string | null;

  constructor(private readonly path: string) {
    const loaded = SettingsFile.load(path);
    this.current = loaded.settings;
    this.warning = loaded.warning;
  }

  private static load(path: string): { settings: AppSettings; warning: string | null } {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return { settings: defaultSettings(), warning: null };
    }
    try {
      const parsed = schemas.appSettings.safeParse({ ...defaultSettings(), ...(JSON.parse(text) as object) });
      if (parsed.success) return { settings: parsed.data, warning: null };
      return { settings: defaultSettings(), warning: `${path}: ${parsed.error.issues[0].message}; using defaults` };
    } catch (e) {
      return { settings: defaultSettings(), warning: `${path}: not valid JSON (${(e as Error).message}); using defaults` };
    }
  }

  get(): AppSettings {
    return structuredClone(this.current);
  }

  update(patch: Partial<AppSettings>): AppSettings {
    const next = { ...this.current, ...patch };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2));
    renameSync(tmp, this.path); // atomic replace: a crash leaves the old or the new file, never half
    this.current = next;
    return this.get();
  }
}
