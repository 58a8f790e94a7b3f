// The catchment method for one scenario and level, kept between evaluations: which catchments
// hold each residence, the residences of each catchment and school, gaps, overlaps and each
// school's figures. After an edit only the residences the catchment index re-tested (and those of
// catchments whose school or unit list changed) are looked at again, and only the schools and
// catchments whose residences changed are summed again — over their residences in index order, as
// a full build sums them, so the figures are the same to the last bit.
import type { Catchment, Residence } from '../model';
import type { CatchmentAssignmentState, LevelInputs } from './assign';
import type { CatchmentTallies } from './catchment-indicators';
import type { PointAssignment } from './point-assignment';
import type { SchoolFlowFigures, SchoolTally } from './school-indicators';
import type { LevelEvaluation, ResidenceRef } from './types';

type OverlapRef = LevelEvaluation['overlaps'][number];

export interface CatchmentLevelInput {
  /** The level's catchments, sorted by id. */
  catchments: readonly Catchment[];
  inp: LevelInputs;
  residences: readonly Residence[];
  schoolCount: number;
  /** Residence indexes by id, for unit-set catchments (asked only when some exist). */
  residencesById: () => ReadonlyMap<string, number | number[]>;
  /** A fresh tally for one school's flows. */
  tally: (school: number) => SchoolTally;
  /** What the tallies depend on besides the flows (standards, distance matrix): when any item changes, every school is summed again. */
  tallyKey: readonly unknown[];
}

const EMPTY: Int32Array = new Int32Array(0);

/** Adds and removals for one catchment's or school's sorted residence list. */
class Delta {
  add: number[] = [];
  remove = new Set<number>();
}

function deltaOf(map: Map<number, Delta>, key: number): Delta {
  let d = map.get(key);
  if (!d) map.set(key, (d = new Delta()));
  return d;
}

/** The sorted list without `remove`, with `add` (sorted here) merged in. */
function applyDelta(list: Int32Array, d: Delta): Int32Array {
  const add = d.add.sort((a, b) => a - b);
  const out = new Int32Array(list.length - d.remove.size + add.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < list.length || j < add.length) {
    if (i < list.length && d.remove.has(list[i])) {
      i++;
      continue;
    }
    if (j >= add.length || (i < list.length && list[i] < add[j])) out[o++] = list[i++];
    else out[o++] = add[j++];
  }
  return out;
}

/** As applyDelta, carrying one item per residence (refs of the previous list are kept). */
function applyDeltaWithItems<T>(list: Int32Array, items: T[], d: Delta, make: (r: number) => T): { list: Int32Array; items: T[] } {
  const add = d.add.sort((a, b) => a - b);
  const out = new Int32Array(list.length - d.remove.size + add.length);
  const outItems = new Array<T>(out.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < list.length || j < add.length) {
    if (i < list.length && d.remove.has(list[i])) {
      i++;
      continue;
    }
    if (j >= add.length || (i < list.length && list[i] < add[j])) {
      outItems[o] = items[i];
      out[o++] = list[i++];
    } else {
      outItems[o] = make(add[j]);
      out[o++] = add[j++];
    }
  }
  return { list: out, items: outItems };
}

function sameList(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function unitIdsOf(c: Catchment | undefined): readonly string[] {
  return c && c.form === 'units' ? c.unitIds : [];
}

export class CatchmentLevelState {
  /** Changes whenever any figure of the level may have changed (a cache of the level's rows can key on it). */
  version = 0;
  private generation = -1;
  private catchments: readonly Catchment[] = [];
  private ids: string[] | null = null;
  private pupils: Float64Array | null = null;
  private schoolOf = EMPTY;
  private schoolCount = 0;
  /** Per residence: first (lowest-index) catchment holding it or −1, how many hold it, and the list when several do. */
  private first = EMPTY;
  private count = new Uint16Array(0);
  private multi = new Map<number, Int32Array>();
  /** Per residence: the unit-set catchments listing it (sorted, unique). */
  private units = new Map<number, number[]>();
  private catchmentMembers: Int32Array[] = [];
  private catchmentResidences: number[] = [];
  private catchmentPupils: number[] = [];
  private schoolMembers: Int32Array[] = [];
  private figures: (SchoolFlowFigures | null)[] = [];
  private tallyKey: readonly unknown[] | null = null;
  private gapList = EMPTY;
  private overlapList = EMPTY;
  private shared = new Map<string, number>();
  private mark = new Uint8Array(0);
  /** The school each residence belongs to (its first catchment's), −1 for none. */
  schoolIndex = EMPTY;
  gaps: ResidenceRef[] = [];
  overlaps: OverlapRef[] = [];
  /** How the last update went: residences looked at again, and whether it was a full build. */
  lastUpdate: { full: boolean; touched: number } = { full: true, touched: 0 };

  constructor(private readonly points: CatchmentAssignmentState) {}

  /** The first catchment holding each residence (−1 for none); read-only. */
  get firstCatchment(): Int32Array {
    return this.first;
  }

  figuresOf(school: number): SchoolFlowFigures | null {
    return this.figures[school] ?? null;
  }

  tallies(): CatchmentTallies {
    return { residences: this.catchmentResidences, pupils: this.catchmentPupils, sharedResidences: this.shared };
  }

  update(input: CatchmentLevelInput): void {
    const { catchments, inp } = input;
    const pa = this.points.update(catchments, inp.lon, inp.lat);
    const ids = catchments.map((c) => c.id);
    const changes = this.points.lastChanges;
    const full =
      this.pupils !== inp.pupils || !this.ids || !sameIds(this.ids, ids) || changes === null || this.points.generation !== this.generation + 1 || this.schoolCount !== input.schoolCount;
    this.generation = this.points.generation;
    this.ids = ids;
    const schoolOf = Int32Array.from(catchments, (c) => inp.schoolIndexById.get(c.schoolId) ?? -1);
    if (full) {
      this.rebuild(input, pa, schoolOf);
      this.version++;
      return;
    }
    const before = this.version;
    const touched: number[] = changes.points.slice();
    const replaced = this.replacedCatchments(input, touched);
    if (replaced.any || changes.catchments.length > 0) this.version = before + 1; // their rows may read differently

    const pupils = inp.pupils;
    const oldSchoolOf = this.schoolOf;
    const catchmentDelta = new Map<number, Delta>();
    const schoolDelta = new Map<number, Delta>();
    const gapDelta = new Delta();
    const overlapDelta = new Delta();
    const scratch: number[] = [];
    let looked = 0;
    for (const r of touched) {
      if (this.mark[r]) continue;
      this.mark[r] = 1;
      looked++;
      const oldFirst = this.first[r];
      const oldCount = this.count[r];
      const oldList = oldCount === 0 ? EMPTY : oldCount === 1 ? Int32Array.of(oldFirst) : this.multi.get(r)!;
      const newList = this.listOf(r, pa, inp, scratch);
      const listChanged = !sameList(oldList, newList);
      const p = !(pupils[r] <= 0); // as the full build: residences without pupils send no flow
      const newFirst = newList.length > 0 ? newList[0] : -1;
      const oldSchool = p && oldFirst >= 0 ? oldSchoolOf[oldFirst] : -1;
      const newSchool = p && newFirst >= 0 ? schoolOf[newFirst] : -1;
      if (listChanged) {
        for (const k of oldList) if (!newList.includes(k)) deltaOf(catchmentDelta, k).remove.add(r);
        for (const k of newList) if (!oldList.includes(k)) deltaOf(catchmentDelta, k).add.push(r);
        this.countPairs(oldList, -1);
        this.countPairs(newList, 1);
        this.first[r] = newFirst;
        this.count[r] = newList.length;
        if (newList.length > 1) this.multi.set(r, newList);
        else this.multi.delete(r);
      }
      this.schoolIndex[r] = newFirst >= 0 ? schoolOf[newFirst] : -1;
      if (oldSchool !== newSchool) {
        if (oldSchool >= 0) deltaOf(schoolDelta, oldSchool).remove.add(r);
        if (newSchool >= 0) deltaOf(schoolDelta, newSchool).add.push(r);
      }
      const oldGap = p && (oldFirst < 0 || oldSchoolOf[oldFirst] < 0);
      const newGap = p && (newFirst < 0 || schoolOf[newFirst] < 0);
      if (oldGap && !newGap) gapDelta.remove.add(r);
      if (newGap && !oldGap) gapDelta.add.push(r);
      // An overlap's row names its catchments and their schools: renew it when either changed.
      const oldOverlap = p && oldCount > 1;
      const newOverlap = p && newList.length > 1;
      if (oldOverlap !== newOverlap || (newOverlap && (listChanged || newList.some((k) => replaced.schoolChanged.has(k))))) {
        if (oldOverlap) overlapDelta.remove.add(r);
        if (newOverlap) overlapDelta.add.push(r);
      }
    }
    for (const r of touched) this.mark[r] = 0;
    this.lastUpdate = { full: false, touched: looked };
    this.catchments = catchments;
    this.schoolOf = schoolOf;

    for (const [k, d] of catchmentDelta) {
      this.catchmentMembers[k] = applyDelta(this.catchmentMembers[k], d);
      this.sumCatchment(k, pupils);
    }
    for (const [s, d] of schoolDelta) this.schoolMembers[s] = applyDelta(this.schoolMembers[s], d);
    const retally = !sameIds(this.tallyKey ?? [], input.tallyKey) || this.tallyKey === null;
    if (retally) this.tallyAll(input);
    else for (const s of schoolDelta.keys()) this.figures[s] = this.tallySchool(s, input);
    if (!sameDelta(gapDelta)) {
      const next = applyDeltaWithItems(this.gapList, this.gaps, gapDelta, (r) => gapRef(input, r));
      this.gapList = next.list;
      this.gaps = next.items;
    }
    if (!sameDelta(overlapDelta)) {
      const next = applyDeltaWithItems(this.overlapList, this.overlaps, overlapDelta, (r) => this.overlapRef(input, r));
      this.overlapList = next.list;
      this.overlaps = next.items;
    }
    if (catchmentDelta.size > 0 || schoolDelta.size > 0 || retally || !sameDelta(gapDelta) || !sameDelta(overlapDelta)) this.version = before + 1;
  }

  /**
   * Catchments the edit replaced (same id, new object): residences of one given to another school,
   * and those added to or dropped from a unit list, are added to `touched`; the unit lists are
   * brought up to date.
   */
  private replacedCatchments(input: CatchmentLevelInput, touched: number[]): { any: boolean; schoolChanged: Set<number> } {
    const unitsDelta: { k: number; before: readonly string[]; after: readonly string[] }[] = [];
    const schoolChanged = new Set<number>();
    let any = false;
    input.catchments.forEach((c, k) => {
      const prev = this.catchments[k];
      if (c === prev) return;
      any = true;
      if (c.schoolId !== prev.schoolId) {
        schoolChanged.add(k);
        for (const r of this.catchmentMembers[k]) touched.push(r);
      }
      const a = unitIdsOf(prev);
      const b = unitIdsOf(c);
      if (a !== b && !(a.length === b.length && a.every((id, q) => id === b[q]))) unitsDelta.push({ k, before: a, after: b });
    });
    if (unitsDelta.length === 0) return { any, schoolChanged };
    const byId = input.residencesById();
    for (const { k, before, after } of unitsDelta) {
      for (const id of before) for (const r of indexesOf(byId, id)) {
        const list = this.units.get(r);
        if (!list) continue;
        const rest = list.filter((x) => x !== k);
        if (rest.length) this.units.set(r, rest);
        else this.units.delete(r);
        touched.push(r);
      }
      for (const id of after) for (const r of indexesOf(byId, id)) {
        const list = this.units.get(r) ?? [];
        if (!list.includes(k)) {
          list.push(k);
          list.sort((x, y) => x - y);
        }
        this.units.set(r, list);
        touched.push(r);
      }
    }
    return { any, schoolChanged };
  }

  /** The catchments holding residence r, ascending (polygons by the index, unit sets by listing). */
  private listOf(r: number, pa: PointAssignment, inp: LevelInputs, scratch: number[]): Int32Array {
    const h = pa.hits[r];
    let list: number[];
    if (h === 0) list = [];
    else if (h === 1) list = [pa.owner[r]];
    else {
      pa.index.locateAll(inp.lon[r], inp.lat[r], scratch);
      list = scratch.slice();
    }
    const units = this.units.get(r);
    if (units) list = [...new Set([...list, ...units])].sort((a, b) => a - b);
    return list.length === 0 ? EMPTY : Int32Array.from(list);
  }

  private countPairs(list: ArrayLike<number>, sign: 1 | -1): void {
    for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) {
      const key = `${list[a]}:${list[b]}`;
      const v = (this.shared.get(key) ?? 0) + sign;
      if (v === 0) this.shared.delete(key);
      else this.shared.set(key, v);
    }
  }

  private sumCatchment(k: number, pupils: Float64Array): void {
    const members = this.catchmentMembers[k];
    let p = 0;
    for (let q = 0; q < members.length; q++) p += pupils[members[q]];
    this.catchmentResidences[k] = members.length;
    this.catchmentPupils[k] = p;
  }

  /**
   * Every school's figures in one pass over the residences in index order (each school still adds
   * its own residences in ascending order, as tallySchool does, so the sums are the same).
   */
  private tallyAll(input: CatchmentLevelInput): void {
    const pupils = input.inp.pupils;
    const tallies = new Array<SchoolTally | null>(this.schoolCount).fill(null);
    for (let r = 0; r < pupils.length; r++) {
      const f = this.first[r];
      if (pupils[r] <= 0 || f < 0) continue;
      const s = this.schoolOf[f];
      if (s >= 0) (tallies[s] ??= input.tally(s)).add(r, s, pupils[r]);
    }
    this.figures = tallies.map((t) => t?.figures() ?? null);
    this.tallyKey = input.tallyKey;
  }

  private tallySchool(s: number, input: CatchmentLevelInput): SchoolFlowFigures | null {
    const members = this.schoolMembers[s];
    if (members.length === 0) return null;
    const tally = input.tally(s);
    const pupils = input.inp.pupils;
    for (let q = 0; q < members.length; q++) tally.add(members[q], s, pupils[members[q]]);
    return tally.figures();
  }

  private overlapRef(input: CatchmentLevelInput, r: number): OverlapRef {
    const list = this.multi.get(r)!;
    const cs = input.catchments;
    return { ...gapRef(input, r), catchmentIds: Array.from(list, (k) => cs[k].id), schoolIds: Array.from(list, (k) => cs[k].schoolId) };
  }

  /** Everything from scratch: the first evaluation, or after the catchment list itself changed. */
  private rebuild(input: CatchmentLevelInput, pa: PointAssignment, schoolOf: Int32Array): void {
    const { catchments, inp } = input;
    const n = inp.pupils.length;
    const pupils = inp.pupils;
    const C = catchments.length;
    const S = input.schoolCount;
    this.catchments = catchments;
    this.pupils = pupils;
    this.schoolOf = schoolOf;
    this.schoolCount = S;
    this.mark = new Uint8Array(n);
    this.units = new Map();
    if (catchments.some((c) => c.form === 'units' && c.unitIds.length > 0)) {
      const byId = input.residencesById();
      catchments.forEach((c, k) => {
        for (const id of unitIdsOf(c)) for (const r of indexesOf(byId, id)) {
          const list = this.units.get(r);
          if (!list) this.units.set(r, [k]);
          else if (!list.includes(k)) list.push(k); // catchments are visited in ascending order
        }
      });
    }
    const first = new Int32Array(n);
    const count = new Uint16Array(n);
    const multi = new Map<number, Int32Array>();
    const scratch: number[] = [];
    const perCatchment = new Int32Array(C + 1);
    const perSchool = new Int32Array(S + 1);
    for (let r = 0; r < n; r++) {
      const h = pa.hits[r];
      if (h <= 1 && !this.units.has(r)) {
        first[r] = h === 0 ? -1 : pa.owner[r];
        count[r] = h;
        if (h === 1) perCatchment[pa.owner[r] + 1]++;
      } else {
        const list = this.listOf(r, pa, inp, scratch);
        first[r] = list.length > 0 ? list[0] : -1;
        count[r] = list.length;
        if (list.length > 1) multi.set(r, list);
        for (const k of list) perCatchment[k + 1]++;
      }
      const f = first[r];
      if (!(pupils[r] <= 0) && f >= 0 && schoolOf[f] >= 0) perSchool[schoolOf[f] + 1]++;
    }
    this.first = first;
    this.count = count;
    this.multi = multi;
    // Residence lists by catchment and by school, filled in residence order (so sorted).
    for (let k = 0; k < C; k++) perCatchment[k + 1] += perCatchment[k];
    for (let s = 0; s < S; s++) perSchool[s + 1] += perSchool[s];
    const byCatchment = new Int32Array(perCatchment[C]);
    const bySchool = new Int32Array(perSchool[S]);
    const fillC = perCatchment.slice(0, C);
    const fillS = perSchool.slice(0, S);
    const gaps: number[] = [];
    const overlaps: number[] = [];
    const schoolIndex = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const f = first[r];
      schoolIndex[r] = f >= 0 ? schoolOf[f] : -1;
      if (count[r] === 1) byCatchment[fillC[f]++] = r;
      else if (count[r] > 1) for (const k of multi.get(r)!) byCatchment[fillC[k]++] = r;
      if (pupils[r] <= 0) continue;
      if (f < 0 || schoolOf[f] < 0) gaps.push(r);
      else bySchool[fillS[schoolOf[f]]++] = r;
      if (count[r] > 1) overlaps.push(r);
    }
    this.schoolIndex = schoolIndex;
    this.catchmentMembers = Array.from({ length: C }, (_, k) => byCatchment.subarray(perCatchment[k], perCatchment[k + 1]));
    this.schoolMembers = Array.from({ length: S }, (_, s) => bySchool.subarray(perSchool[s], perSchool[s + 1]));
    this.catchmentResidences = new Array<number>(C).fill(0);
    this.catchmentPupils = new Array<number>(C).fill(0);
    for (let k = 0; k < C; k++) this.sumCatchment(k, pupils);
    this.shared = new Map();
    for (const list of multi.values()) this.countPairs(list, 1);
    this.gapList = Int32Array.from(gaps);
    this.overlapList = Int32Array.from(overlaps);
    this.gaps = gaps.map((r) => gapRef(input, r));
    this.overlaps = overlaps.map((r) => this.overlapRef(input, r));
    this.tallyAll(input);
    this.lastUpdate = { full: true, touched: n };
  }
}

function gapRef(input: CatchmentLevelInput, r: number): ResidenceRef {
  const x = input.residences[r];
  return { residenceId: x.id, name: x.name, pupils: input.inp.pupils[r] };
}

function sameIds(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

function sameDelta(d: Delta): boolean {
  return d.add.length === 0 && d.remove.size === 0;
}

function indexesOf(byId: ReadonlyMap<string, number | number[]>, id: string): readonly number[] {
  const x = byId.get(id);
  return x === undefined ? [] : typeof x === 'number' ? [x] : x;
}
