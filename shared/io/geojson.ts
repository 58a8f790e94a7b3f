// GeoJSON text to validated features; each unusable feature becomes a Problem naming it.
import type { Problem } from '../base/problems';
import type { Feature, Geometry } from '../model';
import { geometryProblem } from '../geo/validate-geometry';

export interface IndexedFeature {
  feature: Feature<Geometry, Record<string, unknown>>;
  index: number;
}

function featureLabel(f: { id?: unknown; properties?: Record<string, unknown> | null }): string | undefined {
  const p = f.properties ?? {};
  const label = p['名称'] ?? p['name'] ?? p['编码'] ?? p['id'] ?? f.id;
  return label === undefined || label === null ? undefined : String(label);
}

export function parseFeatureCollection(text: string, file: string, problems: Problem[], allowed: readonly Geometry['type'][] | null): IndexedFeature[] {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    problems.push({ file, message: `not valid JSON: ${(e as Error).message}`, severity: 'error' });
    return [];
  }
  const fc = data as { type?: unknown; features?: unknown };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    problems.push({ file, message: 'is not a GeoJSON FeatureCollection', severity: 'error' });
    return [];
  }
  const out: IndexedFeature[] = [];
  fc.features.forEach((raw: unknown, index: number) => {
    const f = raw as { type?: unknown; id?: unknown; geometry?: unknown; properties?: Record<string, unknown> | null };
    const label = featureLabel(f);
    const problem = f?.type !== 'Feature' ? 'is not a Feature' : geometryProblem(f.geometry, allowed);
    if (problem) {
      problems.push({ file, row: index + 1, feature: label, message: problem, severity: 'error' });
      return;
    }
    out.push({ feature: { type: 'Feature', geometry: f.geometry as Geometry, properties: f.properties ?? {} }, index });
  });
  return out;
}
