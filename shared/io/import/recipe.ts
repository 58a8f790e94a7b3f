// What to import: per layer a file, its columns, coordinate system, level, key and joined side
// tables. The CLI flags, the recipes of docs/recipes and the wizard all describe an import this way,
// and checkRecipe reads a recipe file with every error named by its place ("schools.joins.0.path").
import { LEVELS, type Level } from '../../model';
import { IMPORT_LAYERS, type ImportLayer } from './fields';

export interface ImportFileSpec {
  path: string;
  /** XLSX sheet or GeoPackage layer. */
  layer?: string;
  encoding?: string;
  /** 'wgs84' | 'gcj02' | 'bd09' | 'EPSG:n' | proj4 | WKT; default: what the file declares, else WGS84. */
  crs?: string;
  /** Field → column overrides of the detected mapping. */
  columns?: Record<string, string>;
  level?: Level;
  /** Side tables joined onto this one: join.path's `rightKey` column equals this file's `leftKey`. */
  joins?: { path: string; leftKey: string; rightKey: string; layer?: string; encoding?: string }[];
  /** For catchments and assignments: the school attribute their school references name (default: code, then name). */
  schoolKey?: string;
}

export type ImportSpec = Partial<Record<ImportLayer, ImportFileSpec>> & {
  /** Scenario the catchments go to (default: the baseline). */
  scenarioId?: string;
};

const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** A recipe's JSON value checked for its shape; paths stay as written (the caller resolves them). */
export function checkRecipe(raw: unknown): { recipe: ImportSpec | null; errors: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { recipe: null, errors: [`must be a JSON object with one entry per layer (${IMPORT_LAYERS.join(', ')})`] };
  const errors: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'scenarioId') {
      if (!isText(value)) errors.push('scenarioId: must be a scenario id');
      continue;
    }
    if (!(IMPORT_LAYERS as readonly string[]).includes(key)) {
      errors.push(`${key}: is not a layer (${IMPORT_LAYERS.join(', ')})`);
      continue;
    }
    const v = value as Record<string, unknown> | null;
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      errors.push(`${key}: must be an object naming the layer's file`);
      continue;
    }
    if (!isText(v.path)) errors.push(`${key}.path: must name the layer's file`);
    for (const f of ['layer', 'encoding', 'crs', 'schoolKey'] as const) if (v[f] !== undefined && !isText(v[f])) errors.push(`${key}.${f}: must be text`);
    if (v.level !== undefined && !(LEVELS as readonly unknown[]).includes(v.level)) errors.push(`${key}.level: must be one of ${LEVELS.join(', ')}`);
    if (v.columns !== undefined) {
      if (!v.columns || typeof v.columns !== 'object' || Array.isArray(v.columns)) errors.push(`${key}.columns: must map fields to column names`);
      else for (const [f, c] of Object.entries(v.columns)) if (!isText(c)) errors.push(`${key}.columns.${f}: must name a column`);
    }
    if (v.joins !== undefined) {
      if (!Array.isArray(v.joins)) errors.push(`${key}.joins: must be a list`);
      else v.joins.forEach((j: unknown, k: number) => {
        const o = j as Record<string, unknown> | null;
        if (!o || typeof o !== 'object') return void errors.push(`${key}.joins.${k}: must be an object`);
        if (!isText(o.path)) errors.push(`${key}.joins.${k}.path: must name the joined file`);
        for (const f of ['leftKey', 'rightKey'] as const) if (!isText(o[f])) errors.push(`${key}.joins.${k}.${f}: must name a column`);
      });
    }
  }
  const recipe = raw as ImportSpec;
  if (errors.length === 0 && !IMPORT_LAYERS.some((l) => recipe[l])) errors.push(`names no layer (${IMPORT_LAYERS.join(', ')})`);
  return errors.length ? { recipe: null, errors } : { recipe, errors: [] };
}
