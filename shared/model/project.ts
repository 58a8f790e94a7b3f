// Project-level records: metadata, summaries and settings exchanged through the API.
import type { BBox } from './geometry';
import type { Level, SchoolType } from './levels';

export interface ProjectMeta {
  name: string;
  region: string | null; // e.g. 青溪县
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
}

export interface ProjectSummary {
  path: string;
  meta: ProjectMeta;
  bbox: BBox | null;
  counts: {
    schools: number;
    schoolsByType: Partial<Record<SchoolType, number>>;
    residences: number;
    catchments: number;
    catchmentsByLevel: Partial<Record<Level, number>>;
    housing: number;
    roads: number;
    scenarios: number;
    pupils: number;
  };
  scenarios: { id: string; name: string; kind: 'baseline' | 'variant' }[];
}

/** An optional online raster basemap; off until the planner turns it on. */
export interface OnlineBasemap {
  enabled: boolean;
  urlTemplate: string; // e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
  apiKey: string | null; // substituted for {key} / {tk} in the template
  attribution: string;
  maxZoom: number;
}

export interface AppSettings {
  locale: 'zh-CN' | 'en' | null; // null: follow the system language
  onlineBasemap: OnlineBasemap;
}

export function defaultSettings(): AppSettings {
  return {
    locale: null,
    onlineBasemap: { enabled: false, urlTemplate: '', apiKey: null, attribution: '', maxZoom: 18 },
  };
}
