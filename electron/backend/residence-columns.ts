// The residence column block of a project (shared/io/residence-columns.ts): read from the file's
// cache, or built from the residences (a polygon unit by its interior point, as the engine places
// it) and cached for the next time.
import { decodeResidenceColumns, encodeResidenceColumns, isCurrentBlock, LARGE_PROJECT_RESIDENCES, type ResidenceColumnData } from '../../shared/io/residence-columns';
import { representativePoint } from '../../shared/geo/unit-outline';
import type { Residence } from '../../shared/model';
import type { ProjectStore } from '../store';

export { LARGE_PROJECT_RESIDENCES };

/** The block of each open store, kept in memory while its residences do not change. */
const inMemory = new WeakMap<ProjectStore, { generation: number; bytes: Uint8Array; columns: ResidenceColumnData | null }>();

function held(store: ProjectStore) {
  const h = inMemory.get(store);
  if (h && h.generation === store.residences.generation()) return h;
  const fresh = { generation: store.residences.generation(), bytes: readOrBuild(store), columns: null };
  inMemory.set(store, fresh);
  return fresh;
}

export function residenceColumnBlock(store: ProjectStore): Uint8Array {
  return held(store).bytes;
}

/** The block's columns (views into it, decoded once). */
export function residenceColumns(store: ProjectStore): ResidenceColumnData {
  const h = held(store);
  h.columns ??= decodeResidenceColumns(h.bytes);
  return h.columns;
}

function readOrBuild(store: ProjectStore): Uint8Array {
  const cached = store.residences.columnsCache();
  if (cached && isCurrentBlock(cached)) return cached;
  const c = store.residences.columns();
  for (const o of c.others) {
    try {
      const p = representativePoint({ geometry: o.geometry } as Residence);
      c.x[o.row] = p[0];
      c.y[o.row] = p[1];
    } catch {
      // an empty or broken outline stays NaN: the evaluation lists it as a problem
    }
  }
  const polygon = new Uint8Array(c.ids.length);
  for (const o of c.others) polygon[o.row] = 1;
  const d: ResidenceColumnData = { count: c.ids.length, ids: c.ids, x: c.x, y: c.y, pupils: c.pupils, settlement: c.settlement, polygon };
  const bytes = encodeResidenceColumns(d);
  store.residences.setColumnsCache(bytes);
  return bytes;
}
