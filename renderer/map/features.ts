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

export function catchmentFeatures(catchments: Catchment[], schools: School[], util: UtilisationMap): FC {
  const names = new Map(schools.map((s) => [s.id, s.name]));
  return fc(catchments.filter((c) => c.geometry).map((c) => {
    const u = util.get(`${c.level}:${c.schoolId}`);
    return {
      type: 'Feature', geometry: c.geometry,
      // util −1: not evaluated or the school has no seats (drawn grey).
      properties: { id: c.id, level: c.level, schoolId: c.schoolId, name: names.get(c.schoolId) ?? c.schoolId, color: catchmentColor(c.schoolId), util: u === undefined || u === null ? -1 : u },
    };
  }));
}

export function toSources(data: { schools: School[]; residences: Residence[]; catchments: Catchment[]; context: ContextFeature[]; roads: Road[] }, util: UtilisationMap = new Map()): Record<SourceName, FC> {
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
    catchments: catchmentFeatures(data.catchments, data.schools, util),
    residences: fc(data.residences.map((r, i) => ({
      type: 'Feature', id: i, geometry: r.geometry,
      properties: { id: r.id, name: r.name, namePinyin: r.namePinyin, settlement: r.settlement, pupils: pupils(r), kind: r.kind },
    }))),
    schools: fc(data.schools.map((s, i) => ({
      type: 'Feature', id: i, geometry: s.location,
      properties: { id: s.id, name: s.name, namePinyin: s.namePinyin, type: s.type, status: s.status, enrolment: enrolment(s), symbol: symbolId(s.type, s.status) },
    }))),
  };
}
