// The offline basemap style: a plain background, the county's own context layers (boundaries,
// rivers, lakes, roads, place names) and the planning layers, all from GeoJSON the project carries.
// No tile, glyph or sprite URL: nothing is fetched from the network.
import type { StyleSpecification, LayerSpecification, ExpressionSpecification } from 'maplibre-gl';
import { SCHOOL_COLORS, SETTLEMENT_COLORS } from './symbols';
import { fontFaces, MAP_FONT } from './fonts';
import type { LayerName } from '../state/store';

const empty = { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } };
export const SOURCES = ['county', 'townships', 'rivers', 'lakes', 'places', 'roads', 'catchments', 'residences', 'schools', 'problems', 'hover-link'] as const;
export type SourceName = (typeof SOURCES)[number];

/** Which map layers each toggle in the layer panel shows or hides. */
export const LAYER_GROUPS: Record<LayerName, string[]> = {
  onlineBasemap: ['online-basemap'],
  townships: ['township-line'],
  rivers: ['lake-fill', 'river-line'],
  roads: ['road-minor', 'road-major'],
  catchmentsPrimary: ['catchment-primary-fill', 'catchment-primary-line'],
  catchmentsJunior: ['catchment-junior-fill', 'catchment-junior-line'],
  residences: ['residence-fill', 'residence-point', 'residence-bin'],
  problems: ['problem-area', 'problem-outline', 'problem-point'],
  schools: ['school-symbol', 'school-label'],
  labels: ['place-village', 'place-town', 'township-label'],
};

const label = (locale: string): ExpressionSpecification =>
  locale === 'en' ? ['case', ['has', 'namePinyin'], ['format', ['get', 'name'], {}, '\n', {}, ['get', 'namePinyin'], { 'font-scale': 0.8 }], ['get', 'name']] : ['get', 'name'];

export function baseStyle(locale: string): StyleSpecification {
  const text = label(locale);
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } },
    { id: 'county-fill', type: 'fill', source: 'county', paint: { 'fill-color': '#fbfaf5' } },
    { id: 'lake-fill', type: 'fill', source: 'lakes', paint: { 'fill-color': '#a5c8e4' } },
    { id: 'river-line', type: 'line', source: 'rivers', paint: { 'line-color': '#7fb0d8', 'line-width': ['match', ['get', 'rank'], 1, 3.5, 2, 1.8, 0.9] } },
    { id: 'catchment-primary-fill', type: 'fill', source: 'catchments', filter: ['==', ['get', 'level'], 'primary'], paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.13 } },
    { id: 'catchment-junior-fill', type: 'fill', source: 'catchments', filter: ['==', ['get', 'level'], 'junior'], layout: { visibility: 'none' }, paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.1 } },
    { id: 'road-minor', type: 'line', source: 'roads', filter: ['in', ['get', 'roadClass'], ['literal', ['township', 'village', 'street']]], minzoom: 10, paint: { 'line-color': '#d6cfc2', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.4, 15, 2] } },
    { id: 'road-major', type: 'line', source: 'roads', filter: ['in', ['get', 'roadClass'], ['literal', ['expressway', 'national', 'provincial', 'county']]], paint: { 'line-color': ['match', ['get', 'roadClass'], 'national', '#e8a33d', 'provincial', '#eec260', '#cdbf9f'], 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1, 14, 4] } },
    { id: 'township-line', type: 'line', source: 'townships', paint: { 'line-color': '#8a8f98', 'line-width': 1, 'line-dasharray': [4, 2] } },
    { id: 'county-line', type: 'line', source: 'county', paint: { 'line-color': '#5b5f66', 'line-width': 2.2 } },
    { id: 'catchment-primary-line', type: 'line', source: 'catchments', filter: ['==', ['get', 'level'], 'primary'], paint: { 'line-color': '#1e3a8a', 'line-width': 1.1, 'line-opacity': 0.7 } },
    { id: 'catchment-junior-line', type: 'line', source: 'catchments', filter: ['==', ['get', 'level'], 'junior'], layout: { visibility: 'none' }, paint: { 'line-color': '#166534', 'line-width': 2, 'line-dasharray': [3, 1.5] } },
    // The catchment being edited, and the problems of the level being edited (overlap areas, split
    // catchments, residences in gaps or overlaps, schools over capacity or outside their catchment).
    { id: 'catchment-selected', type: 'line', source: 'catchments', filter: ['==', ['get', 'id'], ''], paint: { 'line-color': '#f59e0b', 'line-width': 3.5 } },
    { id: 'problem-area', type: 'fill', source: 'problems', filter: ['==', ['get', 'problem'], 'overlap-area'], paint: { 'fill-color': '#dc2626', 'fill-opacity': 0.35 } },
    { id: 'problem-outline', type: 'line', source: 'problems', filter: ['==', ['get', 'problem'], 'parts'], paint: { 'line-color': '#dc2626', 'line-width': 2.5, 'line-dasharray': [2, 1.5] } },
    { id: 'residence-fill', type: 'fill', source: 'residences', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': ['match', ['get', 'settlement'], 'urban', SETTLEMENT_COLORS.urban, 'town', SETTLEMENT_COLORS.town, SETTLEMENT_COLORS.rural], 'fill-opacity': 0.55, 'fill-outline-color': '#92400e' } },
    {
      // A large project's units, binned when zoomed out (renderer/map/residence-layer.worker.ts).
      id: 'residence-bin', type: 'circle', source: 'residences', filter: ['has', 'count'],
      paint: {
        'circle-color': '#d97706', 'circle-opacity': 0.55, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5,
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'pupils']], 0, 1.5, 100, 6, 1000, 14],
      },
    },
    {
      id: 'residence-point', type: 'circle', source: 'residences', filter: ['all', ['==', ['geometry-type'], 'Point'], ['!', ['has', 'count']]],
      paint: {
        'circle-color': ['match', ['get', 'settlement'], 'urban', SETTLEMENT_COLORS.urban, 'town', SETTLEMENT_COLORS.town, SETTLEMENT_COLORS.rural],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['*', 0.35, ['sqrt', ['get', 'pupils']]], 14, ['*', 1.1, ['sqrt', ['get', 'pupils']]]],
        'circle-opacity': 0.7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5,
      },
    },
    {
      id: 'problem-point', type: 'circle', source: 'problems', filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': ['match', ['get', 'problem'], 'gap', 5, 'overlap', 5, 11],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-width': ['match', ['get', 'problem'], 'gap', 2, 'overlap', 2, 2.5],
        'circle-stroke-color': ['match', ['get', 'problem'], 'gap', '#dc2626', 'overlap', '#7c3aed', 'school-outside', '#ea580c', '#b91c1c'],
      },
    },
    { id: 'hover-link', type: 'line', source: 'hover-link', paint: { 'line-color': '#111827', 'line-width': 1.6, 'line-dasharray': [2, 1.2] } },
    { id: 'township-label', type: 'symbol', source: 'places', filter: ['==', ['get', 'rank'], 2], layout: { 'text-field': text, 'text-font': [MAP_FONT], 'text-size': 13, 'text-offset': [0, 1.1] }, paint: { 'text-color': '#374151', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } },
    { id: 'place-village', type: 'symbol', source: 'places', filter: ['==', ['get', 'rank'], 3], minzoom: 12, layout: { 'text-field': text, 'text-font': [MAP_FONT], 'text-size': 11 }, paint: { 'text-color': '#4b5563', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 } },
    {
      id: 'school-symbol', type: 'symbol', source: 'schools',
      layout: {
        'icon-image': ['get', 'symbol'], 'icon-allow-overlap': true, 'icon-ignore-placement': true,
        'icon-size': ['interpolate', ['linear'], ['get', 'enrolment'], 0, 0.38, 100, 0.45, 1000, 0.7, 3000, 0.95],
        'symbol-sort-key': ['-', 0, ['get', 'enrolment']],
      },
    },
    { id: 'school-label', type: 'symbol', source: 'schools', minzoom: 12.5, layout: { 'text-field': text, 'text-font': [MAP_FONT], 'text-size': 11, 'text-offset': [0, 1.3], 'text-anchor': 'top', 'text-optional': true }, paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 } },
    { id: 'place-town', type: 'symbol', source: 'places', filter: ['==', ['get', 'rank'], 1], layout: { 'text-field': text, 'text-font': [MAP_FONT], 'text-size': 16 }, paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 2 } },
  ];
  return {
    version: 8,
    name: 'SchoolNet offline',
    'font-faces': fontFaces(),
    // Catchments are keyed by their id: their utilisation is feature state (MapController.setUtilisation).
    sources: Object.fromEntries(SOURCES.map((s) => [s, s === 'catchments' ? { ...empty, promoteId: 'id' } : { ...empty }])),
    layers,
  } as StyleSpecification;
}

export const SCHOOL_LEGEND_COLORS = SCHOOL_COLORS;
