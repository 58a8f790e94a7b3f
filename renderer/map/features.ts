// Model records to the GeoJSON the map draws (pure: no MapLibre here), with the properties the
// style, tooltips and clicks read.
import type { Catchment, ContextFeature, Residence, Road, School } from '../../shared/model';
import { enrolment, pupils } from '../../shared/model';
import { symbolId } from './symbols';
import type { Evaluation } from '../../shared/engine/types';
import type { SourceName } from './style';

type FC = { type: 'FeatureCollection'; features: { type: 'Feature'; id?: number; geometry: unknown; properties: Record<string, unknown> }[] };
const fc = (features: FC['features']): FC => ({ type: 'FeatureCollection', features });

const PALETTE = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#65a30d', '#ca8a04', '#4f46e5', '#0d9488', '#c026d3', '#b45309'];
export function catchmentColor(schoolId: string): string {
  let h = 0;
  for (let i = 0; i < schoolId.length; i++) h = (h * 31 + schoolId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Utilisation of each catchment's school for the catchment's level, keyed `level:schoolId`. */
export type UtilisationMap = ReadonlyMap<string, number | null>;

export function utilisationByLevelSchool(ev: Evaluation | null): UtilisationMap {
  const m = new Map<string, number | null>();
  for (const l of ev?.levels ?? []) for (const s of l.schools) m.set(`${l.level}:${s.schoolId}`, s.utilisation);
  return m;
}

/** The catchments to draw. Their utilisation colours come from feature state (MapController.setUtilisation): new figures never re-send the outlines. */
export function catchmentFeatures(catchments: Catchment[], schools: School[]): FC {
  const names = new Map(schools.map((s) => [s.id, s.name]));
  return fc(catchments.filter((c) => c.geometry).map((c) => ({
    type: 'Feature', geometry: c.geometry,
    properties: { id: c.id, level: c.level, schoolId: c.schoolId, name: names.get(c.schoolId) ?? c.schoolId, color: catchmentColor(c.schoolId) },
  })));
}

export function toSources(data: { schools: School[]; residences: Residence[]; catchments: Catchment[]; context: ContextFeature[]; roads: Road[] }): Record<SourceName, FC> {
  const ctx = (kind: ContextFeature['kind']) => fc(data.context.filter((c) => c.kind === kind).map((c) => ({ type: 'Feature', geometry: c.geometry, properties: { name: c.name, namePinyin: c.namePinyin, rank: c.rank } })));
  return {
    county: ctx('county'),
    townships: ctx('township'),
    rivers: ctx('river'),
    lakes: ctx('lake'),
    places: fc([
      ...data.context.filter((c) => c.kind === 'place').map((c) => ({ type: 'Feature' as const, geometry: c.geometry, properties: { name: c.name, namePinyin: c.namePinyin, rank: c.rank } })),
    ]),
    roads: fc(data.roads.map((r) => ({ type: 'Feature', geometry: r.geometry, properties: { roadClass: r.roadClass, name: r.name } }))),
    catchments: catchmentFeatures(data.catchments, data.schools),
    residences: fc(data.residences.map((r, i) => ({
      type: 'Feature', id: i, geometry: r.geometry,
      properties: { id: r.id, name: r.name, namePinyin: r.namePinyin, settlement: r.settlement, pupils: pupils(r), kind: r.kind },
    }))),
    schools: fc(data.schools.map((s, i) => ({
      type: 'Feature', id: i, geometry: s.location,
      properties: { id: s.id, name: s.name, namePinyin: s.namePinyin, type: s.type, status: s.status, enrolment: enrolment(s), symbol: symbolId(s.type, s.status) },
    }))),
    problems: fc([]),
    'hover-link': fc([]),
  };
}

/** A problem of the level's catchments, as listed in the problems panel and drawn on the map. */
export interface MapProblem {
  kind: 'overCapacity' | 'gap' | 'overlap' | 'parts' | 'schoolOutside';
  id: string;
  /** Where to fly to. */
  at: [number, number] | null;
  params: Record<string, string | number>;
}

const pointOf = (g: Residence['geometry'] | null | undefined): [number, number] | null => {
  if (!g) return null;
  if (g.type === 'Point') return g.coordinates as [number, number];
  const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]?.[0];
  if (!ring?.length) return null;
  let x = 0, y = 0;
  for (const p of ring) { x += p[0]; y += p[1]; }
  return [x / ring.length, y / ring.length];
};

/**
 * The problems of one level in an evaluation: schools over capacity, residences in no catchment
 * or in several, catchments in several parts, schools outside their own catchment; overlap areas
 * come from `overlapAreas` (computed where turf is).
 */
export function levelProblems(ev: Evaluation | null, level: string, data: { schools: School[]; residences: Residence[] }): MapProblem[] {
  const l = ev?.levels.find((x) => x.level === level);
  if (!l) return [];
  const schools = new Map(data.schools.map((s) => [s.id, s]));
  const residences = new Map(data.residences.map((r) => [r.id, r]));
  const out: MapProblem[] = [];
  for (const s of l.schools) if (s.overCapacity) out.push({ kind: 'overCapacity', id: s.schoolId, at: (schools.get(s.schoolId)?.location.coordinates as [number, number]) ?? null, params: { name: s.name, util: Math.round((s.utilisation ?? 0) * 100) } });
  for (const c of l.catchments) {
    const name = schools.get(c.schoolId)?.name ?? c.schoolId;
    if (c.schoolOutside) out.push({ kind: 'schoolOutside', id: c.catchmentId, at: (schools.get(c.schoolId)?.location.coordinates as [number, number]) ?? null, params: { name } });
    if ((c.parts ?? 1) > 1) out.push({ kind: 'parts', id: c.catchmentId, at: null, params: { name, parts: c.parts ?? 0 } });
  }
  for (const g of l.gaps) out.push({ kind: 'gap', id: g.residenceId, at: pointOf(residences.get(g.residenceId)?.geometry), params: { name: g.name, pupils: Math.round(g.pupils) } });
  for (const o of l.overlaps) out.push({ kind: 'overlap', id: o.residenceId, at: pointOf(residences.get(o.residenceId)?.geometry), params: { name: o.name, schools: o.schoolIds.map((id) => schools.get(id)?.name ?? id).join('、') } });
  return out;
}

/** The problems as map features (overlap areas are added by the caller). */
export function problemFeatures(problems: MapProblem[], catchments: Catchment[], overlapAreas: unknown[]): FC {
  const byId = new Map(catchments.map((c) => [c.id, c]));
  const features: FC['features'] = [];
  for (const p of problems) {
    if (p.kind === 'parts') {
      const c = byId.get(p.id);
      if (c?.geometry) features.push({ type: 'Feature', geometry: c.geometry, properties: { problem: 'parts', id: p.id } });
    } else if (p.at) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p.at }, properties: { problem: p.kind === 'overCapacity' ? 'over-capacity' : p.kind === 'schoolOutside' ? 'school-outside' : p.kind, id: p.id } });
    }
  }
  for (const g of overlapAreas) features.push({ type: 'Feature', geometry: g, properties: { problem: 'overlap-area' } });
  return fc(features);
}
