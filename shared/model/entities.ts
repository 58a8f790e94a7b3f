// The domain records every layer shares: schools, residence units, catchments, scenarios,
// housing developments, roads and the context (basemap) features of a county.
import type { Level, SchoolStatus, SchoolType } from './levels';
import type { ArealGeometry, LinearGeometry, PointGeometry } from './geometry';

/** Attribute values carried through from imports that the model has no field for. */
export type ExtraAttributes = Record<string, string | number | boolean | null>;

export interface School {
  id: string; // stable key (school code where the source has one)
  name: string;
  namePinyin: string | null;
  type: SchoolType;
  status: SchoolStatus;
  location: PointGeometry;
  township: string | null;
  address: string | null;
  /** Teaching classes per grade 1–12 (index 0 = grade 1). */
  classesByGrade: number[];
  /** Enrolled pupils per grade 1–12. */
  enrolmentByGrade: number[];
  /** Seats per level when the source gives them; null = classes × standard class size. */
  capacity: Partial<Record<Level, number>>;
  staff: number | null; // 教职工
  teachers: number | null; // 专任教师
  floorAreaM2: number | null; // 校舍建筑面积
  siteAreaM2: number | null; // 占地面积
  alliance: string | null; // 教共体 / 教育集团
  boarding: boolean;
  extra: ExtraAttributes;
}

export const RESIDENCE_KINDS = ['complex', 'village', 'block', 'other'] as const;
export type ResidenceKind = (typeof RESIDENCE_KINDS)[number]; // 小区, 村, census block
export const SETTLEMENT_TYPES = ['urban', 'town', 'rural'] as const;
export type SettlementType = (typeof SETTLEMENT_TYPES)[number]; // 城区, 镇区, 乡村

/** How a residence's pupils were given: per grade, per level, or from population × ratio. */
export const PUPIL_SOURCES = ['grade', 'level', 'ratio'] as const;
export type PupilSource = (typeof PUPIL_SOURCES)[number];

export interface Residence {
  id: string;
  name: string;
  namePinyin: string | null;
  kind: ResidenceKind;
  settlement: SettlementType;
  geometry: PointGeometry | ArealGeometry;
  township: string | null;
  households: number | null;
  population: number | null;
  /** Pupils living here per grade 1–12 (derived from levels or ratio when not given). */
  pupilsByGrade: number[];
  pupilSource: PupilSource;
  extra: ExtraAttributes;
}

/** polygon: the drawn or imported outline decides; units: the listed residences decide (outline derived). */
export const CATCHMENT_FORMS = ['polygon', 'units'] as const;
export type CatchmentForm = (typeof CATCHMENT_FORMS)[number];

export interface Catchment {
  id: string;
  scenarioId: string;
  level: Level;
  schoolId: string;
  form: CatchmentForm;
  /** Authoritative for form 'polygon'; a derived outline (or null) for form 'units'. */
  geometry: ArealGeometry | null;
  /** Authoritative for form 'units'; empty for form 'polygon'. */
  unitIds: string[];
}

export interface Scenario {
  id: string;
  name: string;
  kind: 'baseline' | 'variant';
  parentId: string | null;
  description: string;
  createdAt: string; // ISO 8601
}

export interface HousingDevelopment {
  id: string;
  name: string;
  namePinyin: string | null;
  geometry: PointGeometry | ArealGeometry;
  dwellings: number;
  completionYear: number;
  housingType: string | null;
  /** Expected pupils per dwelling by level when the plan states them. */
  pupilsPerDwelling: Partial<Record<Level, number>>;
}

export const ROAD_CLASSES = ['expressway', 'national', 'provincial', 'county', 'township', 'village', 'street'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export interface Road {
  id: string;
  name: string | null;
  roadClass: RoadClass;
  geometry: LinearGeometry;
  oneway: boolean;
}

/** Basemap context a project carries so the map needs nothing from the network. */
export const CONTEXT_KINDS = ['county', 'township', 'river', 'lake', 'place'] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

export interface ContextFeature {
  id: string;
  kind: ContextKind;
  name: string | null;
  namePinyin: string | null;
  /** place rank: 1 county seat, 2 town, 3 village; rivers: 1 main, 2 tributary. */
  rank: number | null;
  geometry: PointGeometry | LinearGeometry | ArealGeometry;
}
