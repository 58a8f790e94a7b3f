// Bulk loading of a layer's GeoPackage R-tree. Inserting through SQLite's R*Tree module costs
// about 3.7 µs a row (a million residences: 3.7 s), because every insert rewrites its nodes. For a
// load, the envelopes are instead packed into a static R-tree in Hilbert order (flatbush sorts them)
// and its nodes are written straight into the module's own tables, %_node, %_parent and %_rowid,
// as GDAL's GeoPackage driver does for large loads (ogr_sqlite_rtree_bulk_loader). The format is
// the one documented at the head of SQLite's ext/rtree/rtree.c:
//   node blob: depth of the tree (root only) and cell count as big-endian uint16, then cells of a
//   big-endian int64 (row id in a leaf, child node in a branch) and minx, maxx, miny, maxy as
//   big-endian float32, rounded outwards; the blob is as long as the root SQLite created.
// The result is an ordinary R-tree: later row-by-row inserts and deletes maintain it, and
// `rtreecheck()` and `PRAGMA integrity_check` verify it (see store.test.ts).
import type Database from 'better-sqlite3';
import Flatbush from 'flatbush';
import { envelopeOf } from './gpkg-geometry';

/** Row ids and their envelopes, growing as rows are added. */
export class EnvelopeList {
  count = 0;
  fids = new Float64Array(1024);
  /** minx, miny, maxx, maxy per row */
  boxes = new Float64Array(4096);

  push(fid: number, minX: number, minY: number, maxX: number, maxY: number): void {
    if (this.count === this.fids.length) {
      const fids = new Float64Array(this.count * 2);
      fids.set(this.fids);
      this.fids = fids;
      const boxes = new Float64Array(this.count * 8);
      boxes.set(this.boxes);
      this.boxes = boxes;
    }
    const k = this.count++;
    this.fids[k] = fid;
    this.boxes[4 * k] = minX;
    this.boxes[4 * k + 1] = minY;
    this.boxes[4 * k + 2] = maxX;
    this.boxes[4 * k + 3] = maxY;
  }

  /** Adds a row by its GeoPackage geometry blob (nothing for a null or empty geometry). */
  pushGeometry(fid: number, geom: unknown): void {
    if (!(geom instanceof Uint8Array)) return;
    const e = envelopeOf(geom); // minx, maxx, miny, maxy
    if (e) this.push(fid, e[0], e[2], e[1], e[3]);
  }
}

/** The envelopes of every non-empty geometry in a feature table. */
export function envelopesOfTable(db: Database.Database, table: string): EnvelopeList {
  const list = new EnvelopeList();
  for (const [fid, geom] of db.prepare(`SELECT fid, geom FROM "${table}" WHERE geom IS NOT NULL`).raw(true).iterate() as Iterable<[number, unknown]>) list.pushGeometry(fid, geom);
  return list;
}

// SQLite converts doubles to the R-tree's float32 rounding outwards (rtreeValueDown / rtreeValueUp).
const RND_TOWARDS = 1 - 1 / 8388608;
const RND_AWAY = 1 + 1 / 8388608;
const down = (d: number) => {
  const f = Math.fround(d);
  return f > d ? Math.fround(d * (d < 0 ? RND_AWAY : RND_TOWARDS)) : f;
};
const up = (d: number) => {
  const f = Math.fround(d);
  return f < d ? Math.fround(d * (d < 0 ? RND_TOWARDS : RND_AWAY)) : f;
};

const CELL_BYTES = 24; // int64 id + 4 float32
const ROWID_BATCH = 500;

/**
 * Drops and recreates the R-tree `rtree` and fills it with `list`, packed. Call inside a
 * transaction, with the feature table's R-tree triggers dropped.
 */
export function packRtree(db: Database.Database, rtree: string, list: EnvelopeList): void {
  db.exec(`DROP TABLE IF EXISTS "${rtree}"; CREATE VIRTUAL TABLE "${rtree}" USING rtree(id, minx, maxx, miny, maxy);`);
  const n = list.count;
  if (n === 0) return;
  const nodeBytes = (db.prepare(`SELECT length(data) AS n FROM "${rtree}_node" WHERE nodeno = 1`).get() as { n: number }).n;
  const capacity = Math.floor((nodeBytes - 4) / CELL_BYTES);
  if (!(capacity >= 4)) throw new Error(`Unexpected R-tree node size ${nodeBytes} in ${rtree}`);

  // Leaf cells in Hilbert order, with boxes already rounded as SQLite stores them.
  const index = new Flatbush(n, capacity);
  const { boxes, fids } = list;
  for (let k = 0; k < n; k++) index.add(down(boxes[4 * k]), down(boxes[4 * k + 1]), up(boxes[4 * k + 2]), up(boxes[4 * k + 3]));
  index.finish();
  // Level 0: the leaf cells; each level above holds one box per node of the level below.
  const order = index._indices;
  const levels: Level[] = [{ ids: Float64Array.from(order.subarray(0, n), (i) => fids[i]), boxes: Float64Array.from(index._boxes.subarray(0, 4 * n)) }];
  // The leaf (its index among the leaves) of each row, in the list's order: rows listed by fid
  // then go into %_rowid in key order.
  const leafOf = new Uint32Array(n);
  for (let pos = 0; pos < n; pos++) leafOf[order[pos]] = Math.floor(pos / capacity);
  for (let below = levels[0]; ; ) {
    const cells = below.ids.length;
    const nodes = Math.ceil(cells / capacity);
    const above: Level = { ids: new Float64Array(nodes), boxes: new Float64Array(4 * nodes) };
    for (let j = 0; j < nodes; j++) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let c = j * capacity, end = Math.min(cells, c + capacity); c < end; c++) {
        x0 = Math.min(x0, below.boxes[4 * c]);
        y0 = Math.min(y0, below.boxes[4 * c + 1]);
        x1 = Math.max(x1, below.boxes[4 * c + 2]);
        y1 = Math.max(y1, below.boxes[4 * c + 3]);
      }
      above.boxes.set([x0, y0, x1, y1], 4 * j);
    }
    levels.push(above);
    if (nodes === 1) break;
    below = above;
  }
  // levels[L] (L ≥ 1) lists the nodes whose cells are levels[L - 1]; the top one is the root.
  // Node numbers go from the root (1) down, level by level.
  // SQLite's defensive mode (better-sqlite3's default) forbids writing these tables; it is lifted
  // for the writes below only.
  db.unsafeMode(true);
  try {
    const firstLeaf = writeNodes(db, rtree, levels, capacity, nodeBytes);
    const many = db.prepare(`INSERT INTO "${rtree}_rowid" (rowid, nodeno) VALUES ${Array(ROWID_BATCH).fill('(?, ?)').join(', ')}`);
    const one = db.prepare(`INSERT INTO "${rtree}_rowid" (rowid, nodeno) VALUES (?, ?)`);
    const batch: number[] = [];
    for (let k = 0; k < n; k++) {
      batch.push(fids[k], firstLeaf + leafOf[k]);
      if (batch.length === 2 * ROWID_BATCH) {
        many.run(...batch);
        batch.length = 0;
      }
    }
    for (let k = 0; k < batch.length; k += 2) one.run(batch[k], batch[k + 1]);
  } finally {
    db.unsafeMode(false);
  }
}

type Level = { ids: Float64Array; boxes: Float64Array };

/** Writes %_node and %_parent; returns the node number of the first leaf. */
function writeNodes(db: Database.Database, rtree: string, levels: Level[], capacity: number, nodeBytes: number): number {
  const top = levels.length - 1;
  const firstNode: number[] = [];
  for (let L = top, next = 1; L >= 1; L--) {
    firstNode[L] = next;
    next += levels[L].ids.length;
  }
  for (let L = 1; L < top; L++) for (let j = 0; j < levels[L].ids.length; j++) levels[L].ids[j] = firstNode[L] + j; // a branch cell names its child node

  const node = db.prepare(`INSERT OR REPLACE INTO "${rtree}_node" (nodeno, data) VALUES (?, ?)`);
  const parent = db.prepare(`INSERT INTO "${rtree}_parent" (nodeno, parentnode) VALUES (?, ?)`);
  const blob = Buffer.alloc(nodeBytes);
  for (let L = top; L >= 1; L--) {
    const cellsBelow = levels[L - 1];
    const nodes = levels[L].ids.length;
    for (let j = 0; j < nodes; j++) {
      const nodeno = firstNode[L] + j;
      blob.fill(0);
      blob.writeUInt16BE(nodeno === 1 ? top - 1 : 0, 0);
      const c0 = j * capacity;
      const c1 = Math.min(cellsBelow.ids.length, c0 + capacity);
      blob.writeUInt16BE(c1 - c0, 2);
      for (let c = c0, o = 4; c < c1; c++, o += CELL_BYTES) {
        const id = cellsBelow.ids[c];
        blob.writeUInt32BE(Math.floor(id / 2 ** 32), o);
        blob.writeUInt32BE(id % 2 ** 32, o + 4);
        blob.writeFloatBE(cellsBelow.boxes[4 * c], o + 8); // minx
        blob.writeFloatBE(cellsBelow.boxes[4 * c + 2], o + 12); // maxx
        blob.writeFloatBE(cellsBelow.boxes[4 * c + 1], o + 16); // miny
        blob.writeFloatBE(cellsBelow.boxes[4 * c + 3], o + 20); // maxy
        if (L > 1) parent.run(id, nodeno);
      }
      node.run(nodeno, blob);
    }
  }
  return firstNode[1];
}
