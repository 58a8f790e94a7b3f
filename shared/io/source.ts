// What every reader of an input file produces, whatever the format: a table of cells with the
// file's own column names, an optional geometry per row (in the file's coordinates), and what is
// known of the file's coordinate system and text encoding. Column mapping, coordinate conversion
// and record building (import/) work on this one shape.
import type { Geometry } from '../model';
import type { Problem } from '../base/problems';

export type Cell = string | number | boolean | null;

export interface SourceTable {
  /** The file (or zip member / GeoPackage layer) name used in every problem message. */
  file: string;
  columns: string[];
  rows: Cell[][];
  /** Per row, the feature's geometry (GeoJSON shape, coordinates as in the file), or null. */
  geometries: (Geometry | null)[] | null;
  /** The coordinate system the file declares: a `.prj` WKT, a GeoJSON `crs` name, a GeoPackage srs definition. */
  declaredCrs: { kind: 'wkt' | 'name' | 'epsg'; value: string } | null;
  /** The text encoding used to read the file ('utf-8', 'gb18030', …), when it was text. */
  encoding: string | null;
  /** Problems found while reading (malformed rows, bad geometry), named by file and row. */
  problems: Problem[];
}

export type SourceFormat = 'csv' | 'xlsx' | 'json' | 'geojson' | 'shapefile' | 'gpkg';

export interface ReadOptions {
  /** Override the detected text encoding (CSV, DBF). */
  encoding?: string;
  /** XLSX sheet or GeoPackage layer to read (default: the first). */
  layer?: string;
  /** Stop early when set (checked between chunks of rows). */
  signal?: { aborted: boolean };
  onProgress?: (done: number, total: number) => void;
}
