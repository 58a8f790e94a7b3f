// The one owner of the MapLibre map: creates it with the offline style, feeds it the project's
// layers, applies layer visibility and the online basemap, and turns hovers and clicks into
// tooltips and selections. React components talk to the map only through this class.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { SCHOOL_STATUSES, SCHOOL_TYPES, type BBox, type OnlineBasemap } from '../../shared/model';
import { baseStyle, LAYER_GROUPS, SOURCES } from './style';
import { drawSymbol, NO_SEATS_COLOR, symbolId, UTILISATION_CLASSES } from './symbols';
import { catchmentFeatures, toSources, type UtilisationMap } from './features';
import { largeProject, residencesPending, type LayerName, type ProjectData } from '../state/store';
import type { ResidenceView, ResidenceViewRequest } from '../../shared/geo/residence-view';
import { ResidenceLayer } from './residence-layer';
import { mark } from '../timeline';

maplibregl.setWorkerUrl(workerUrl);

export interface MapEvents {
  /** `row`: a large project's unit by its row in the column block (the residence worker's feature id). */
  onHover(info: { x: number; y: number; kind: 'school' | 'residence'; id: string; name: string; value: number; lngLat: [number, number]; row?: number } | null): void;
  onSelect(sel: { kind: 'school' | 'residence'; id: string } | null): void;
  onIdle(): void;
  /** The backend's answer for a view of a large project's units (used until the block has arrived). */
  residenceView?(req: ResidenceViewRequest): Promise<ResidenceView>;
}

const INTERACTIVE = ['school-symbol', 'residence-point', 'residence-fill', 'residence-bin'];

/** 'print': the map of the print layout (no controls or interaction, no fades, sharp canvas kept for copying). */
export interface MapControllerOptions { variant?: 'app' | 'print'; pixelRatio?: number }

const viewKey = (r: ResidenceViewRequest) => JSON.stringify(r);

export class MapController {
  readonly map: maplibregl.Map;
  private loaded: Promise<void>;
  private locale: string;
  private data: ProjectData | null = null;
  private util: UtilisationMap = new Map();
  private colourBy: 'school' | 'utilisation' = 'school';

  constructor(container: HTMLElement, locale: string, private readonly events: MapEvents, opts: MapControllerOptions = {}) {
    this.locale = locale;
    const print = opts.variant === 'print';
    this.map = new maplibregl.Map({
      container, style: baseStyle(locale), center: [116.62, 26.21], zoom: 9, maxPitch: 0,
      ...(print
        ? { attributionControl: false, interactive: false, fadeDuration: 0, pixelRatio: opts.pixelRatio, canvasContextAttributes: { preserveDrawingBuffer: true } }
        // No label fade-in: the picture is complete (and the map idle) as soon as it is drawn.
        : { attributionControl: { compact: true }, fadeDuration: 0 }),
    });
    if (!print) {
      this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    }
    this.loaded = new Promise((ok) => this.map.once('load', () => { mark('map load'); ok(); }));
    this.map.on('styleimagemissing', (e) => this.addSymbol(e.id));
    this.map.on('idle', () => this.events.onIdle());
    this.map.on('mousemove', (e) => this.hover(e));
    this.map.on('mouseout', () => this.events.onHover(null));
    this.map.on('click', (e) => this.click(e));
    this.map.on('moveend', this.requestResidences);
  }

  private addSymbol(id: string): void {
    const m = /^school-(.+)-(open|planned|closed)$/.exec(id);
    if (!m || this.map.hasImage(id)) return;
    this.map.addImage(id, drawSymbol(m[1] as (typeof SCHOOL_TYPES)[number], m[2] as (typeof SCHOOL_STATUSES)[number]), { pixelRatio: 2 });
  }

  private pick(point: maplibregl.PointLike) {
    const layers = INTERACTIVE.filter((l) => this.map.getLayer(l) && this.map.getLayoutProperty(l, 'visibility') !== 'none');
    return this.map.queryRenderedFeatures(point, { layers })[0];
  }

  private hover(e: maplibregl.MapMouseEvent): void {
    const f = this.pick(e.point);
    this.map.getCanvas().style.cursor = f ? 'pointer' : '';
    if (!f) return this.events.onHover(null);
    const p = f.properties as Record<string, unknown>;
    if (f.layer.id === 'residence-bin') {
      this.events.onHover({ x: e.point.x, y: e.point.y, kind: 'residence', id: '', name: `${Number(p.count).toLocaleString()} ×`, value: Number(p.pupils), lngLat: [e.lngLat.lng, e.lngLat.lat] });
      return;
    }
    const school = f.layer.id === 'school-symbol';
    this.events.onHover({ x: e.point.x, y: e.point.y, kind: school ? 'school' : 'residence', id: String(p.id), name: String(p.name), value: Number(school ? p.enrolment : p.pupils), lngLat: [e.lngLat.lng, e.lngLat.lat], row: this.residenceLayer && typeof f.id === 'number' ? f.id : undefined });
  }

  private click(e: maplibregl.MapMouseEvent): void {
    const f = this.pick(e.point);
    if (!f || f.layer.id === 'residence-bin') return this.events.onSelect(null);
    this.events.onSelect({ kind: f.layer.id === 'school-symbol' ? 'school' : 'residence', id: String((f.properties as { id: string }).id) });
  }

  private residenceLayer: ResidenceLayer | null = null;
  private residenceBlock: Uint8Array | null = null;
  /** A large project whose block is on its way: views come from the backend meanwhile. */
  private awaitingBlock = false;
  private viewSeq = 0;
  /** Residence features (units or bins) the map holds now. */
  residencesDrawn = 0;

  /**
   * A large project's units: the residence worker serves each view from the block; until the block
   * has arrived (null), the backend serves them (the same features: shared/geo/residence-view.ts).
   */
  setResidenceBlock(block: Uint8Array | null): void {
    this.awaitingBlock = block === null;
    if (block === this.residenceBlock && this.residenceLayer) return;
    this.residenceLayer?.destroy();
    this.residenceLayer = null;
    this.residenceBlock = block;
    if (block) this.residenceLayer = new ResidenceLayer(block, (r, req) => this.showResidences(r, req));
    // The backend's answer for this view is what the worker would give: it stays until the view moves.
    if (!(block && this.shownView !== null && this.shownView === viewKey(this.viewRequest()))) this.requestResidences();
  }

  /** The view whose residences are drawn (viewKey), null before any. */
  private shownView: string | null = null;

  private showResidences(r: ResidenceView, req: ResidenceViewRequest): void {
    void this.loaded.then(() => {
      this.shownView = viewKey(req);
      if (!this.residencesDrawn) {
        mark('residences view');
        window.dispatchEvent(new Event('schoolnet:residences-shown'));
      }
      this.residencesDrawn = r.features.features.length;
      (this.map.getSource('residences') as maplibregl.GeoJSONSource | undefined)?.setData(r.features as never);
    });
  }

  /** What the residences of the current view are asked for with: the view padded by a tenth each side. */
  private viewRequest(): ResidenceViewRequest {
    const b = this.map.getBounds();
    const padX = (b.getEast() - b.getWest()) * 0.1;
    const padY = (b.getNorth() - b.getSouth()) * 0.1;
    return {
      bbox: [Math.max(-180, b.getWest() - padX), Math.max(-90, b.getSouth() - padY), Math.min(180, b.getEast() + padX), Math.min(90, b.getNorth() + padY)],
      zoom: this.map.getZoom(),
      grades: null,
    };
  }

  private requestResidences = (): void => {
    if (!this.residenceLayer && !this.awaitingBlock) return;
    const req = this.viewRequest();
    const seq = ++this.viewSeq;
    if (this.residenceLayer) return this.residenceLayer.view(req);
    void this.events.residenceView?.(req).then((v) => {
      if (seq === this.viewSeq && !this.residenceLayer) this.showResidences(v, req);
    }, () => { /* a failed view leaves the last one drawn; the next move asks again */ });
  };

  /** Shows the project; fits the view to `fitTo` (default: the project's extent). */
  async setData(data: ProjectData, fitTo?: BBox | null): Promise<void> {
    this.data = data;
    // The view and a large project's first residences are asked for before the style has loaded.
    const bbox = fitTo ?? data.summary.bbox;
    if (bbox) this.fit(bbox);
    const large = largeProject(data);
    if (large) this.setResidenceBlock(residencesPending(data) ? null : data.residenceBlock);
    else {
      this.residenceLayer?.destroy();
      this.residenceLayer = null;
      this.residenceBlock = null;
      this.awaitingBlock = false;
    }
    await this.loaded;
    if (this.data !== data) return; // newer data came while the style loaded
    for (const id of new Set(data.schools.map((x) => symbolId(x.type, x.status)))) this.addSymbol(id); // others when asked for (styleimagemissing)
    mark('set data');
    const sources = toSources(data);
    for (const name of SOURCES) {
      if (name === 'residences' && large) continue; // filled view by view (setResidenceBlock)
      (this.map.getSource(name) as maplibregl.GeoJSONSource).setData(sources[name] as never);
    }
    this.applyUtilisation();
    if (!large) this.residencesDrawn = data.residences.length;
  }

  /** Runs `fn` once the style has loaded (the drawing tools must start after it). */
  onLoad(fn: () => void): void {
    void this.loaded.then(fn);
  }

  /** Problem markers of the level being edited (see features.ts problemFeatures). */
  async setProblems(fc: unknown): Promise<void> {
    await this.loaded;
    (this.map.getSource('problems') as maplibregl.GeoJSONSource | undefined)?.setData(fc as never);
  }

  /** A dashed line from a hovered residence to the school it is assigned to (null: none). */
  setHoverLink(from: [number, number] | null, to: [number, number] | null): void {
    const src = this.map.getSource('hover-link') as maplibregl.GeoJSONSource | undefined;
    src?.setData({ type: 'FeatureCollection', features: from && to ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [from, to] } }] : [] });
  }

  /** Outlines the catchment being edited. */
  async setSelectedCatchment(id: string | null): Promise<void> {
    await this.loaded;
    if (this.map.getLayer('catchment-selected')) this.map.setFilter('catchment-selected', ['==', ['get', 'id'], id ?? '']);
  }

  /** Redraws the catchments only (after an edit), keeping the view. */
  async setCatchments(catchments: ProjectData['catchments']): Promise<void> {
    await this.loaded;
    if (!this.data) return;
    this.data = { ...this.data, catchments };
    (this.map.getSource('catchments') as maplibregl.GeoJSONSource).setData(catchmentFeatures(catchments, this.data.schools) as never);
    this.applyUtilisation();
  }

  /** Each catchment's utilisation as its feature state (−1: not evaluated, or its school has no seats: drawn grey). */
  private applyUtilisation(): void {
    for (const c of this.data?.catchments ?? []) {
      const u = this.util.get(`${c.level}:${c.schoolId}`);
      this.map.setFeatureState({ source: 'catchments', id: c.id }, { util: u === undefined || u === null ? -1 : u });
    }
  }

  /** Colours catchment fills by their school's utilisation (or by school) and refreshes the figures. */
  async setUtilisation(util: UtilisationMap, colourBy: 'school' | 'utilisation'): Promise<void> {
    await this.loaded;
    this.util = util;
    this.colourBy = colourBy;
    this.applyUtilisation();
    const steps: unknown[] = ['step', ['coalesce', ['feature-state', 'util'], -1], NO_SEATS_COLOR, 0, UTILISATION_CLASSES[0].color];
    for (let k = 1; k < UTILISATION_CLASSES.length; k++) steps.push(UTILISATION_CLASSES[k - 1].upTo, UTILISATION_CLASSES[k].color);
    const color = colourBy === 'utilisation' ? steps : ['get', 'color'];
    for (const id of ['catchment-primary-fill', 'catchment-junior-fill']) {
      this.map.setPaintProperty(id, 'fill-color', color as maplibregl.ExpressionSpecification);
      this.map.setPaintProperty(id, 'fill-opacity', colourBy === 'utilisation' ? 0.42 : id.includes('primary') ? 0.13 : 0.1);
    }
  }

  /** Catchment fill colours drawn now, by catchment id (for tests: what the planner sees). */
  catchmentColours(): Record<string, string> {
    const out: Record<string, string> = {};
    const layers = ['catchment-primary-fill', 'catchment-junior-fill'].filter((l) => this.map.getLayoutProperty(l, 'visibility') !== 'none');
    for (const f of layers.length ? this.map.queryRenderedFeatures({ layers }) : []) {
      const c = f.layer.paint?.['fill-color' as keyof typeof f.layer.paint] as unknown as { r: number; g: number; b: number } | undefined;
      if (c && typeof c === 'object') out[String((f.properties as { id: string }).id)] = `#${[c.r, c.g, c.b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`;
    }
    return out;
  }

  get colouring(): 'school' | 'utilisation' {
    return this.colourBy;
  }

  fit(b: BBox): void {
    this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 30, animate: false });
  }

  async setLocale(locale: string): Promise<void> {
    if (locale === this.locale) return;
    this.locale = locale;
    await this.loaded;
    const style = baseStyle(locale);
    for (const l of style.layers) if (l.type === 'symbol' && l.layout?.['text-field']) this.map.setLayoutProperty(l.id, 'text-field', l.layout['text-field']);
  }

  async setLayers(layers: Record<LayerName, boolean>): Promise<void> {
    await this.loaded;
    for (const [name, ids] of Object.entries(LAYER_GROUPS)) {
      for (const id of ids) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', layers[name as LayerName] ? 'visible' : 'none');
    }
  }

  /** Adds, replaces or removes the planner's online raster basemap below every data layer. */
  async setOnlineBasemap(b: OnlineBasemap | null, visible: boolean): Promise<void> {
    await this.loaded;
    if (this.map.getLayer('online-basemap')) this.map.removeLayer('online-basemap');
    if (this.map.getSource('online-basemap')) this.map.removeSource('online-basemap');
    if (!b || !b.enabled || !b.urlTemplate) return;
    const url = b.urlTemplate.replace(/\{(key|tk)\}/g, encodeURIComponent(b.apiKey ?? ''));
    this.map.addSource('online-basemap', { type: 'raster', tiles: [url], tileSize: 256, maxzoom: b.maxZoom, attribution: b.attribution });
    this.map.addLayer({ id: 'online-basemap', type: 'raster', source: 'online-basemap', layout: { visibility: visible ? 'visible' : 'none' } }, 'county-fill');
  }

  /**
   * A copy of the map as drawn, taken in the frame that draws it (the WebGL buffer is cleared
   * after). With `pixelRatio`, the map is drawn once at that resolution for the copy.
   */
  async snapshot(pixelRatio?: number): Promise<HTMLCanvasElement> {
    const before = this.map.getPixelRatio();
    if (pixelRatio && pixelRatio !== before) {
      this.map.setPixelRatio(pixelRatio);
      await this.whenIdle();
    }
    try {
      return await this.copyCanvas();
    } finally {
      if (pixelRatio && pixelRatio !== before) this.map.setPixelRatio(before);
    }
  }

  private copyCanvas(): Promise<HTMLCanvasElement> {
    return new Promise((ok) => {
      this.map.once('render', () => {
        const src = this.map.getCanvas();
        const copy = document.createElement('canvas');
        copy.width = src.width;
        copy.height = src.height;
        copy.getContext('2d')!.drawImage(src, 0, 0);
        ok(copy);
      });
      this.map.triggerRepaint();
    });
  }

  /** Resolves when the map has drawn everything it was given (sources parsed, no movement). */
  whenIdle(): Promise<void> {
    return new Promise((ok) => {
      this.map.once('idle', () => ok());
      this.map.triggerRepaint();
    });
  }

  /** Ground metres per CSS pixel at the centre of the view (for a scale bar). */
  metresPerPixel(): number {
    const c = this.map.getContainer();
    const y = c.clientHeight / 2;
    const x = c.clientWidth / 2;
    return this.map.unproject([x - 50, y]).distanceTo(this.map.unproject([x + 50, y])) / 100;
  }

  /** The view's extent, west, south, east, north. */
  viewBounds(): BBox {
    const b = this.map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  }

  get bearing(): number {
    return this.map.getBearing();
  }

  flyTo(lon: number, lat: number): void {
    this.map.flyTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), 13), duration: 600 });
  }

  renderedSchools(): number {
    return this.map.getLayer('school-symbol') ? this.map.queryRenderedFeatures({ layers: ['school-symbol'] }).length : 0;
  }

  renderedCatchments(): number {
    const layers = ['catchment-primary-fill', 'catchment-junior-fill'].filter((l) => this.map.getLayoutProperty(l, 'visibility') !== 'none');
    return layers.length ? this.map.queryRenderedFeatures({ layers }).length : 0;
  }

  schoolScreenPoint(id: string): { x: number; y: number } | null {
    const s = this.data?.schools.find((x) => x.id === id);
    if (!s) return null;
    const p = this.map.project(s.location.coordinates as [number, number]);
    const r = this.map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }

  destroy(): void {
    this.residenceLayer?.destroy();
    this.map.remove();
  }
}
