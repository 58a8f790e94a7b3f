// Catchment editing on the map. terra-draw (on its MapLibre adapter) does the pointer work: the
// select mode drags, inserts (midpoints) and deletes (right-click) vertices of the catchment being
// reshaped, the polygon mode draws a new catchment, the line-string mode draws a split line and the
// freehand mode a lasso. Each finished gesture becomes an Edit through shared/edits/ops (which also
// moves a shared boundary on both sides and snaps to neighbours), and is committed through
// state/edits.ts; while a vertex is dragged the same operation is previewed, so the neighbours and
// the indicators follow the pointer. The brush paints residence units under the pointer.
import type * as maplibregl from 'maplibre-gl';
import { TerraDraw, TerraDrawFreehandMode, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import i18n from 'i18next';
import type { ArealGeometry, Catchment, Position } from '../../shared/model';
import type { Edit } from '../../shared/edits';
// The light operations only (ops.ts would bring the engine onto the UI thread through generate).
import type { EditContext } from '../../shared/edits/ops-context';
import { deleteVertex, insertVertex, moveVertex, snapPosition } from '../../shared/edits/ops-vertex';
import { drawCatchment, mergeCatchments, splitCatchment } from '../../shared/edits/ops-shape';
import { paintUnits, unitsInside } from '../../shared/edits/ops-units';
import { splitParts } from '../../shared/edits/ops-split';
import { EditOpError } from '../../shared/edits/ops-context';
import { commitEdit, currentCatchments, previewEdit } from '../state/edits';
import { useStore, type EditTool } from '../state/store';

/** Snapping distance in screen pixels (converted to metres at the current zoom). */
const SNAP_PX = 10;
const BRUSH_PX = 18;
type Ring = Position[];

function ringsOf(g: ArealGeometry | null): Ring[][] {
  if (!g) return [];
  return g.type === 'Polygon' ? [g.coordinates as Ring[]] : (g.coordinates as Ring[][]);
}

/** terra-draw keeps 9 decimals; a vertex it did not touch is the stored one within that. */
const samePos = (a: Position, b: Position) => Math.abs(a[0] - b[0]) <= 2e-9 && Math.abs(a[1] - b[1]) <= 2e-9;
const round9 = (rings: Ring[]): Ring[] => rings.map((r) => r.map((p) => [Math.round(p[0] * 1e9) / 1e9, Math.round(p[1] * 1e9) / 1e9] as Position));

/** The one vertex that differs between two versions of a ring (a drag, an insert or a delete). */
export function ringDiff(before: Ring, after: Ring): { kind: 'move'; at: Position; to: Position } | { kind: 'insert'; at: Position; start: Position; end: Position } | { kind: 'delete'; at: Position } | null {
  const b = before.slice(0, -1);
  const a = after.slice(0, -1);
  if (a.length === b.length) {
    const k = b.findIndex((p, i) => !samePos(p, a[i]));
    return k < 0 ? null : { kind: 'move', at: b[k], to: a[k] };
  }
  if (a.length === b.length + 1) {
    let k = 0;
    while (k < b.length && samePos(b[k], a[k])) k++;
    return { kind: 'insert', at: a[k], start: b[(k - 1 + b.length) % b.length], end: b[k % b.length] };
  }
  if (a.length === b.length - 1) {
    let k = 0;
    while (k < a.length && samePos(b[k], a[k])) k++;
    return { kind: 'delete', at: b[k] };
  }
  return null;
}

function pointInRing(p: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export class CatchmentEditor {
  private draw: TerraDraw;
  /** terra-draw feature id → the catchment part it shows. */
  private parts = new Map<string, { catchmentId: string; part: number; rings: Ring[] }>();
  private mergeFirst: string | null = null;
  private brush: { ids: Set<string>; el: HTMLDivElement } | null = null;
  private lastVertex: { catchmentId: string; at: Position } | null = null;
  private frame = 0;
  /** A vertex drag is in progress: terra-draw owns the geometry until it finishes. */
  private dragging = false;
  private unsubscribe: () => void;

  constructor(private readonly map: maplibregl.Map) {
    const snap = { toCustom: (e: { lng: number; lat: number }) => this.snap([e.lng, e.lat], this.editingIds()) };
    let n = 0;
    this.draw = new TerraDraw({
      // Catchment parts keep their catchment's id (`id#part`); drawn shapes get `drawn-N`.
      idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => `drawn-${++n}` },
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'td', coordinatePrecision: 9 }),
      modes: [
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: false, coordinates: { draggable: true, deletable: true, midpoints: true, snappable: snap } } } },
          keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
          allowManualDeselection: false,
          styles: { selectedPolygonColor: '#2563eb', selectedPolygonFillOpacity: 0.08, selectedPolygonOutlineColor: '#1d4ed8', selectedPolygonOutlineWidth: 2, selectionPointColor: '#1d4ed8', selectionPointWidth: 5, midPointColor: '#93c5fd', midPointWidth: 4 },
        }),
        new TerraDrawPolygonMode({ snapping: snap, keyEvents: { cancel: 'Escape', finish: 'Enter' }, styles: { fillColor: '#16a34a', fillOpacity: 0.15, outlineColor: '#15803d', outlineWidth: 2 } }),
        new TerraDrawLineStringMode({ keyEvents: { cancel: 'Escape', finish: 'Enter' }, styles: { lineStringColor: '#dc2626', lineStringWidth: 3 } }),
        new TerraDrawFreehandMode({ keyEvents: { cancel: 'Escape', finish: 'Enter' }, styles: { fillColor: '#f59e0b', fillOpacity: 0.15, outlineColor: '#d97706', outlineWidth: 2 } }),
      ],
    });
    this.draw.start();
    this.draw.on('change', (ids, type, ctx) => {
      // Only the pointer's geometry changes (not selection flags, not our own addFeatures).
      if (ctx && ('origin' in ctx || ctx.target === 'properties')) return;
      this.changed(ids as string[], type);
    });
    this.draw.on('finish', (id, ctx) => this.finished(String(id), ctx.mode, ctx.action));
    map.on('click', this.click);
    map.on('mousedown', this.brushDown);
    this.unsubscribe = useStore.subscribe((s, prev) => {
      if (s.tool !== prev.tool || s.editLevel !== prev.editLevel) this.applyTool();
      else if (s.selectedCatchment !== prev.selectedCatchment || s.data?.catchments !== prev.data?.catchments) this.syncSelected();
    });
    window.addEventListener('keydown', this.keydown);
    this.applyTool();
  }

  destroy(): void {
    this.unsubscribe();
    window.removeEventListener('keydown', this.keydown);
    this.map.off('click', this.click);
    this.map.off('mousedown', this.brushDown);
    this.draw.stop();
  }

  // ---- context -------------------------------------------------------------------------------

  private ctx(): EditContext {
    const st = useStore.getState();
    const data = st.data!;
    const scenarioId = (data.summary.scenarios.find((s) => s.kind === 'baseline') ?? data.summary.scenarios[0])?.id ?? 'baseline';
    const county = data.context.find((c) => c.kind === 'county');
    return { scenarioId, level: st.editLevel, catchments: currentCatchments(), schools: data.schools, residences: data.residences, clip: (county?.geometry as ArealGeometry | undefined) ?? null };
  }

  private metresPerPixel(): number {
    const c = this.map.getContainer();
    const y = c.clientHeight / 2;
    return this.map.unproject([0, y]).distanceTo(this.map.unproject([100, y])) / 100;
  }

  private snap(p: Position, exclude: string[]): Position {
    if (!useStore.getState().data) return p;
    try {
      return snapPosition(this.ctx(), p, SNAP_PX * this.metresPerPixel(), exclude).position;
    } catch {
      return p;
    }
  }

  private editingIds(): string[] {
    return [...new Set([...this.parts.values()].map((p) => p.catchmentId))];
  }

  private fail(e: unknown): void {
    useStore.getState().setEditNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
  }

  private commit(make: () => Edit): void {
    let edit: Edit;
    try {
      edit = make();
    } catch (e) {
      previewEdit(null);
      this.fail(e);
      this.syncSelected();
      return;
    }
    void commitEdit(edit);
  }

  // ---- tools ---------------------------------------------------------------------------------

  private applyTool(): void {
    const { tool } = useStore.getState();
    this.mergeFirst = null;
    this.draw.clear();
    this.parts.clear();
    this.draw.setMode(this.modeFor(tool));
    this.map.getCanvas().style.cursor = tool === 'draw' || tool === 'split' || tool === 'lasso' ? 'crosshair' : tool === 'paint' ? 'cell' : '';
    if (tool === 'paint') this.map.dragPan.disable();
    else this.map.dragPan.enable();
    if (tool === 'reshape' || tool === 'split') this.syncSelected();
  }

  /** terra-draw's mode for a tool; the split line is drawn only once a catchment is chosen (clicks choose it first). */
  private modeFor(tool: EditTool): string {
    const modes: Record<EditTool, string> = { inspect: 'select', reshape: 'select', draw: 'polygon', split: 'linestring', merge: 'select', paint: 'select', lasso: 'freehand' };
    return tool === 'split' && !useStore.getState().selectedCatchment ? 'select' : modes[tool];
  }

  /** Shows the selected catchment's parts in terra-draw (reshape), keeping what is being dragged. */
  private syncSelected(): void {
    const st = useStore.getState();
    if (st.tool !== 'reshape' && st.tool !== 'split') return;
    if (st.tool === 'split' && this.draw.getMode() !== this.modeFor('split') && this.draw.getModeState() !== 'drawing') this.draw.setMode(this.modeFor('split'));
    const c = st.selectedCatchment ? currentCatchments().find((x) => x.id === st.selectedCatchment) : undefined;
    if (this.dragging) return; // terra-draw owns the geometry until the drag finishes; finished() resyncs
    // After a drag terra-draw already shows the new outline: keep its features (re-adding them costs
    // the UI thread time the figures of the edit are waiting for).
    if (c && c.form === 'polygon' && c.geometry && this.parts.size && [...this.parts.values()].every((p) => p.catchmentId === c.id)) {
      const now = ringsOf(c.geometry);
      const same = now.length === this.parts.size && now.every((rings, part) => {
        const f = this.draw.getSnapshotFeature(`${c.id}#${part}`);
        return f !== undefined && JSON.stringify(f.geometry.coordinates) === JSON.stringify(round9(rings));
      });
      if (same) {
        now.forEach((rings, part) => this.parts.set(`${c.id}#${part}`, { catchmentId: c.id, part, rings }));
        return;
      }
    }
    const keep = [...this.parts.keys()];
    if (keep.length) this.draw.removeFeatures(keep.filter((id) => this.draw.getSnapshotFeature(id)));
    this.parts.clear();
    if (!c || c.form !== 'polygon' || !c.geometry) return;
    const features: GeoJSONStoreFeatures[] = ringsOf(c.geometry).map((rings, part) => {
      const id = `${c.id}#${part}`;
      this.parts.set(id, { catchmentId: c.id, part, rings });
      return { id, type: 'Feature', geometry: { type: 'Polygon', coordinates: round9(rings) }, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures;
    });
    const valid = this.draw.addFeatures(features);
    for (const v of valid) if (!v.valid) console.warn(`catchment editor: terra-draw refused ${String(v.id)}: ${v.reason ?? ''}`);
    if (st.tool === 'reshape') for (const v of valid) if (v.valid && v.id !== undefined) this.draw.selectFeature(v.id);
  }

  private catchmentAt(point: maplibregl.PointLike): Catchment | null {
    const level = useStore.getState().editLevel;
    const layer = `catchment-${level}-fill`;
    if (!this.map.getLayer(layer)) return null;
    const f = this.map.queryRenderedFeatures(point, { layers: [layer] })[0];
    if (!f) return null;
    const id = String((f.properties as { id: string }).id);
    return currentCatchments().find((c) => c.id === id) ?? null;
  }

  private click = (e: maplibregl.MapMouseEvent): void => {
    const st = useStore.getState();
    if (st.tool === 'inspect' || st.tool === 'draw' || st.tool === 'lasso' || st.tool === 'paint') {
      if (st.tool === 'inspect') {
        const c = this.catchmentAt(e.point);
        st.selectCatchment(c?.id ?? null);
      }
      return;
    }
    // Split: the first click chooses the catchment, the next ones draw the line (Esc chooses again).
    if (st.tool === 'split' && st.selectedCatchment) return;
    const c = this.catchmentAt(e.point);
    if (st.tool === 'merge') {
      if (!c) return;
      if (!this.mergeFirst || this.mergeFirst === c.id) {
        this.mergeFirst = c.id;
        st.selectCatchment(c.id);
        st.setEditNotice({ kind: 'info', text: i18n.t('edit.mergePickSecond') });
        return;
      }
      const keep = this.mergeFirst;
      this.mergeFirst = null;
      this.commit(() => mergeCatchments(this.ctx(), keep, c.id));
      st.selectCatchment(keep);
      return;
    }
    // reshape, split: pick the catchment to work on (a click on a vertex or midpoint is terra-draw's).
    if (st.tool === 'reshape' && this.draw.getFeaturesAtLngLat({ lng: e.lngLat.lng, lat: e.lngLat.lat }, { pointerDistance: 8 }).length > 0 && st.selectedCatchment) return;
    if (c && c.id !== st.selectedCatchment) st.selectCatchment(c.id);
  };

  // ---- terra-draw events ---------------------------------------------------------------------

  /** The edit that turns the part's stored rings into what terra-draw now shows. */
  private vertexEdit(featureId: string): Edit | null {
    const part = this.parts.get(featureId);
    const f = this.draw.getSnapshotFeature(featureId);
    if (!part || !f || f.geometry.type !== 'Polygon') return null;
    const now = f.geometry.coordinates as Ring[];
    for (let r = 0; r < part.rings.length; r++) {
      const d = now[r] ? ringDiff(part.rings[r], now[r]) : null;
      if (!d) continue;
      const ctx = this.ctx();
      this.lastVertex = { catchmentId: part.catchmentId, at: d.kind === 'move' ? d.to : d.at };
      if (d.kind === 'move') return moveVertex(ctx, part.catchmentId, d.at, d.to, { snapMetres: SNAP_PX * this.metresPerPixel() });
      if (d.kind === 'insert') return insertVertex(ctx, part.catchmentId, d.start, d.end, d.at);
      return deleteVertex(ctx, part.catchmentId, d.at);
    }
    return null;
  }

  private changed(ids: string[], type: string): void {
    if (type !== 'update' || useStore.getState().tool !== 'reshape') return;
    const id = ids.find((x) => this.parts.has(x));
    if (!id) return;
    this.dragging = true;
    if (this.frame) return;
    // At most one preview a frame: neighbours follow the pointer, the worker re-evaluates.
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.dragging) return;
      try {
        const e = this.vertexEdit(id);
        previewEdit(e && e.changes.length ? e : null);
      } catch {
        previewEdit(null);
      }
    });
  }

  private finished(id: string, mode: string, action: string): void {
    const st = useStore.getState();
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.dragging = false;
    if (mode === 'select' && this.parts.has(id)) {
      if (action === 'dragCoordinate' || action === 'insertMidpoint' || action === 'deleteCoordinate') {
        this.commit(() => {
          const e = this.vertexEdit(id);
          if (!e) throw new Error(i18n.t('edit.nothingChanged'));
          return e;
        });
      }
      this.syncSelected();
      return;
    }
    const f = this.draw.getSnapshotFeature(id);
    this.draw.removeFeatures([id]);
    if (!f) return;
    const coords = f.geometry.coordinates as unknown;
    if (mode === 'polygon' && st.tool === 'draw') {
      const school = st.targetSchool;
      if (!school) return this.fail(new Error(i18n.t('edit.chooseSchool')));
      const polygon: ArealGeometry = { type: 'Polygon', coordinates: coords as Ring[] };
      this.commit(() => {
        const ctx = this.ctx();
        // Where the level is zoned by unit lists (a 划片 list, census blocks), drawing zones the units inside.
        const own = ctx.catchments.find((c) => c.scenarioId === ctx.scenarioId && c.level === ctx.level && c.schoolId === school);
        const byUnits = own ? own.form === 'units' : ctx.catchments.some((c) => c.level === ctx.level && c.form === 'units');
        return byUnits ? { ...paintUnits(ctx, unitsInside(ctx, polygon), school), action: 'draw' } : drawCatchment(ctx, school, polygon);
      });
    } else if (mode === 'linestring' && st.tool === 'split') {
      const target = st.selectedCatchment;
      if (!target) return this.fail(new Error(i18n.t('edit.pickCatchment')));
      this.commit(() => {
        const ctx = this.ctx();
        const c = ctx.catchments.find((x) => x.id === target);
        if (c?.form !== 'units') return splitCatchment(ctx, target, coords as Position[], st.targetSchool);
        // A unit list is split by its outline: the units beyond the line go to the chosen school.
        if (!c.geometry) throw new EditOpError('This catchment has no outline to split');
        const school = ctx.schools.find((x) => x.id === c.schoolId);
        const parts = splitParts(c.geometry, coords as Position[]);
        if (parts.length < 2) throw new EditOpError('The line does not cut the catchment in two: draw it right across');
        const at = school?.location.coordinates;
        const keep = parts.find((p) => at && pointInRing(at as Position, p.coordinates[0] as Ring)) ?? parts[0];
        const listed = new Set(c.unitIds);
        const moving = parts.filter((p) => p !== keep).flatMap((p) => unitsInside(ctx, p)).filter((u) => listed.has(u));
        return { ...paintUnits(ctx, moving, st.targetSchool), action: 'split' };
      });
      this.syncSelected();
    } else if (mode === 'freehand' && st.tool === 'lasso') {
      try {
        this.paint(unitsInside(this.ctx(), { type: 'Polygon', coordinates: coords as Ring[] }));
      } catch (e) {
        this.fail(e);
      }
    }
  }

  private keydown = (e: KeyboardEvent): void => {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    const st = useStore.getState();
    if (e.key === 'Escape') {
      this.mergeFirst = null;
      if (st.tool !== 'inspect' && this.draw.getModeState() !== 'drawing') st.selectCatchment(null);
      previewEdit(null);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && st.tool === 'reshape' && this.lastVertex) {
      const v = this.lastVertex;
      this.lastVertex = null;
      e.preventDefault();
      this.commit(() => deleteVertex(this.ctx(), v.catchmentId, v.at));
    }
  };

  // ---- painting units --------------------------------------------------------------------------

  private paint(ids: string[]): void {
    const st = useStore.getState();
    if (ids.length === 0) return;
    this.commit(() => paintUnits(this.ctx(), ids, st.targetSchool));
  }

  private unitsUnder(point: maplibregl.Point): string[] {
    const layers = ['residence-point', 'residence-fill'].filter((l) => this.map.getLayer(l));
    const box: [maplibregl.PointLike, maplibregl.PointLike] = [[point.x - BRUSH_PX, point.y - BRUSH_PX], [point.x + BRUSH_PX, point.y + BRUSH_PX]];
    return this.map.queryRenderedFeatures(box, { layers }).map((f) => String((f.properties as { id: string }).id));
  }

  private brushDown = (e: maplibregl.MapMouseEvent): void => {
    if (useStore.getState().tool !== 'paint' || e.originalEvent.button !== 0) return;
    const el = document.createElement('div');
    el.className = 'paint-brush';
    el.style.width = el.style.height = `${2 * BRUSH_PX}px`;
    this.map.getContainer().appendChild(el);
    this.brush = { ids: new Set(), el };
    const move = (ev: maplibregl.MapMouseEvent) => {
      if (!this.brush) return;
      this.brush.el.style.left = `${ev.point.x - BRUSH_PX}px`;
      this.brush.el.style.top = `${ev.point.y - BRUSH_PX}px`;
      for (const id of this.unitsUnder(ev.point)) this.brush.ids.add(id);
    };
    const up = () => {
      this.map.off('mousemove', move);
      window.removeEventListener('mouseup', up);
      const b = this.brush;
      this.brush = null;
      b?.el.remove();
      if (b) this.paint([...b.ids]);
    };
    move(e);
    this.map.on('mousemove', move);
    window.addEventListener('mouseup', up);
  };
}
