// The one renderer store, built from slices: project data, selection, layer visibility and UI
// (locale, settings). Cross-slice effects (reload on project change, locale to i18n) live in effects.ts.
import { create } from 'zustand';
import type { AppSettings, Catchment, ContextFeature, ProjectSummary, Residence, Road, School, StandardsProfile } from '../../shared/model';
import type { Locale } from '../i18n';
import type { AssignmentMethod, Evaluation } from '../../shared/engine/types';
import type { Level } from '../../shared/model';
import type { Result } from '../../shared/api';
import { LARGE_PROJECT_RESIDENCES } from '../../shared/io/residence-columns';

export interface ProjectData {
  summary: ProjectSummary;
  schools: School[];
  residences: Residence[];
  catchments: Catchment[];
  context: ContextFeature[];
  roads: Road[];
  standards: StandardsProfile;
  /**
   * A large project's residence units as one column block (shared/io/residence-columns.ts);
   * `residences` is then empty: the map and the evaluation worker read the block. It arrives after
   * the rest (null meanwhile: see residencesPending).
   */
  residenceBlock: Uint8Array | null;
}

/** A project of more than LARGE_PROJECT_RESIDENCES units: its units come as one column block. */
export function largeProject(d: ProjectData | null): boolean {
  return d !== null && d.summary.counts.residences > LARGE_PROJECT_RESIDENCES;
}

/**
 * A large project whose residence block has not arrived yet: the map asks the backend for what
 * each view shows meanwhile, and the evaluation waits for the block.
 */
export function residencesPending(d: ProjectData | null): boolean {
  return largeProject(d) && d!.residenceBlock === null;
}

export const LAYERS = ['schools', 'residences', 'catchmentsPrimary', 'catchmentsJunior', 'problems', 'roads', 'rivers', 'townships', 'labels', 'onlineBasemap'] as const;
export type LayerName = (typeof LAYERS)[number];
export type Selection = { kind: 'school'; id: string } | { kind: 'residence'; id: string } | null;

interface ProjectSlice {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  data: ProjectData | null;
  setData(data: ProjectData): void;
  /** The residence block of the project loaded with `summary` (ignored if another has been loaded since). */
  setResidenceBlock(block: Uint8Array, summary: ProjectSummary): void;
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

/** The catchment editing tools (renderer/map/editing.ts) and the edit history of the file. */
export const EDIT_TOOLS = ['inspect', 'reshape', 'draw', 'split', 'merge', 'paint', 'lasso'] as const;
export type EditTool = (typeof EDIT_TOOLS)[number];
export type EditHistory = Result<'edits.history'>;
interface EditSlice {
  tool: EditTool;
  /** The level whose catchments the tools edit. */
  editLevel: Level;
  /** The school a new catchment, painted units or a split-off part go to. */
  targetSchool: string | null;
  selectedCatchment: string | null;
  history: EditHistory | null;
  /** Something the planner must read (an edit refused, a hint): cleared by the next edit. */
  editNotice: { kind: 'error' | 'info'; text: string } | null;
  /** Edits sent and not yet acknowledged. */
  editsInFlight: number;
  setTool(t: EditTool): void;
  setEditLevel(l: Level): void;
  setTargetSchool(id: string | null): void;
  selectCatchment(id: string | null): void;
  setHistory(h: EditHistory | null): void;
  setEditNotice(n: EditSlice['editNotice']): void;
  setEditsInFlight(n: number): void;
  /** Replaces the shown catchments (an edit, its preview, undo, redo): the places stay the same objects. */
  setCatchments(list: ProjectData['catchments']): void;
}

export type State = ProjectSlice & SelectionSlice & LayerSlice & UiSlice & EvaluationSlice & EditSlice;

export const useStore = create<State>()((set, get) => ({
  status: 'loading',
  error: null,
  data: null,
  setData: (data) => set({ data, status: 'ready', error: null }),
  setResidenceBlock: (block, summary) => set((s) => (s.data?.summary === summary ? { data: { ...s.data, residenceBlock: block } } : {})),
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

  layers: { schools: true, residences: true, catchmentsPrimary: true, catchmentsJunior: false, problems: true, roads: true, rivers: true, townships: true, labels: true, onlineBasemap: false },
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

  tool: 'inspect',
  editLevel: 'primary',
  targetSchool: null,
  selectedCatchment: null,
  history: null,
  editNotice: null,
  editsInFlight: 0,
  // The catchment being worked on carries over between reshaping and splitting only.
  setTool: (tool) => set((s) => ({ tool, editNotice: null, selectedCatchment: ['reshape', 'split'].includes(tool) && ['reshape', 'split'].includes(s.tool) ? s.selectedCatchment : null })),
  setEditLevel: (editLevel) => set((s) => ({ editLevel, selectedCatchment: null, layers: { ...s.layers, catchmentsPrimary: editLevel === 'primary' ? true : s.layers.catchmentsPrimary, catchmentsJunior: editLevel === 'junior' ? true : s.layers.catchmentsJunior } })),
  setTargetSchool: (targetSchool) => set({ targetSchool }),
  selectCatchment: (selectedCatchment) => set({ selectedCatchment }),
  setHistory: (history) => set({ history }),
  setEditNotice: (editNotice) => set({ editNotice }),
  setEditsInFlight: (editsInFlight) => set({ editsInFlight }),
  // The same catchments again (an edit acknowledged after its preview) change nothing: no redraw, no re-evaluation.
  setCatchments: (catchments) => set((s) => (s.data && !(s.data.catchments.length === catchments.length && s.data.catchments.every((c, k) => c === catchments[k])) ? { data: { ...s.data, catchments } } : {})),
}));
