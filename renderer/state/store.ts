// The one renderer store, built from slices: project data, selection, layer visibility and UI
// (locale, settings). Cross-slice effects (reload on project change, locale to i18n) live in effects.ts.
import { create } from 'zustand';
import type { AppSettings, Catchment, ContextFeature, ProjectSummary, Residence, Road, School, StandardsProfile } from '../../shared/model';
import type { Locale } from '../i18n';
import type { AssignmentMethod, Evaluation } from '../../shared/engine/types';

export interface ProjectData {
  summary: ProjectSummary;
  schools: School[];
  residences: Residence[];
  catchments: Catchment[];
  context: ContextFeature[];
  roads: Road[];
  standards: StandardsProfile;
}

export const LAYERS = ['schools', 'residences', 'catchmentsPrimary', 'catchmentsJunior', 'roads', 'rivers', 'townships', 'labels', 'onlineBasemap'] as const;
export type LayerName = (typeof LAYERS)[number];
export type Selection = { kind: 'school'; id: string } | { kind: 'residence'; id: string } | null;

interface ProjectSlice {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  data: ProjectData | null;
  setData(data: ProjectData): void;
  setError(message: string): void;
}
interface SelectionSlice {
  selection: Selection;
  flyTo: { lon: number; lat: number; seq: number } | null;
  select(s: Selection, fly?: boolean): void;
}
interface LayerSlice {
  layers: Record<LayerName, boolean>;
  toggleLayer(name: LayerName, on?: boolean): void;
}
interface UiSlice {
  locale: Locale;
  settings: AppSettings | null;
  settingsOpen: boolean;
  setLocale(l: Locale): void;
  setSettings(s: AppSettings): void;
  openSettings(open: boolean): void;
}

/** The scenario evaluation the map and panels show (computed in the worker, see state/evaluation.ts). */
interface EvaluationSlice {
  evaluation: Evaluation | null;
  evaluationStatus: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  evaluationError: string | null;
  evaluationMs: number | null;
  progress: { stage: string; done: number; total: number } | null;
  method: AssignmentMethod;
  profile: 'walking' | 'driving';
  /** What catchment fills show: each school's own colour, or the utilisation of its seats. */
  colourBy: 'school' | 'utilisation';
  setEvaluation(patch: Partial<Pick<EvaluationSlice, 'evaluation' | 'evaluationStatus' | 'evaluationError' | 'evaluationMs' | 'progress'>>): void;
  setMethod(method: AssignmentMethod): void;
  setProfile(profile: 'walking' | 'driving'): void;
  setColourBy(c: 'school' | 'utilisation'): void;
}

export type State = ProjectSlice & SelectionSlice & LayerSlice & UiSlice & EvaluationSlice;

export const useStore = create<State>()((set, get) => ({
  status: 'loading',
  error: null,
  data: null,
  setData: (data) => set({ data, status: 'ready', error: null }),
  setError: (message) => set({ status: 'error', error: message }),

  selection: null,
  flyTo: null,
  select: (selection, fly = false) => {
    let flyTo = get().flyTo;
    const data = get().data;
    if (fly && selection && data) {
      const at = selection.kind === 'school' ? data.schools.find((s) => s.id === selection.id)?.location.coordinates : undefined;
      if (at) flyTo = { lon: at[0], lat: at[1], seq: (flyTo?.seq ?? 0) + 1 };
    }
    set({ selection, flyTo });
  },

  layers: { schools: true, residences: true, catchmentsPrimary: true, catchmentsJunior: false, roads: true, rivers: true, townships: true, labels: true, onlineBasemap: false },
  toggleLayer: (name, on) => set((s) => ({ layers: { ...s.layers, [name]: on ?? !s.layers[name] } })),

  locale: 'zh-CN',
  settings: null,
  settingsOpen: false,
  setLocale: (locale) => set({ locale }),
  setSettings: (settings) => set((s) => ({ settings, layers: { ...s.layers, onlineBasemap: settings.onlineBasemap.enabled } })),
  openSettings: (settingsOpen) => set({ settingsOpen }),

  evaluation: null,
  evaluationStatus: 'idle',
  evaluationError: null,
  evaluationMs: null,
  progress: null,
  method: 'catchment',
  profile: 'walking',
  colourBy: 'utilisation',
  setEvaluation: (patch) => set(patch),
  setMethod: (method) => set({ method }),
  setProfile: (profile) => set({ profile }),
  setColourBy: (colourBy) => set({ colourBy }),
}));
