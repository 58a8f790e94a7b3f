// Capacity-limited assignment of pupils to schools: an exact, integral min-cost transportation
// solve. Every residence's pupils start at their nearest school; pupils over a school's capacity
// are then pushed to schools with free seats along shortest (cheapest) chains of moves, found by
// Dijkstra with node potentials on the compressed school-to-school graph, until no school is over
// capacity or no school with free seats can be reached. What is left over capacity is unseated.
//
// Objective (lexicographic): (1) seat as many pupils as possible; (2) minimise the total distance
// of all pupils, where an unseated pupil is charged the distance to the school whose overflow it
// is part of. When capacity suffices this is the plain min-cost transportation optimum, and
// `totalCost` is its value. When it does not, `totalCost` counts the seated pupils only and
// `overflowFlows` lists the unseated pupils by the school they overflow from.
//
// Which pupils of an overflowing school are unseated: the farthest residences first (largest
// cost(r, s)), ties by lower residence index. Any choice gives the same objective.
//
// A cost of Infinity (or NaN) forbids the pair; a residence with no allowed school is all unseated.
// Cost: R·S calls to cost() to start, then per augmentation one O(S²)-at-worst search (it stops at the
// nearest school with free seats) plus the arc updates of the schools whose residents changed.
//
// Pure TypeScript: no host APIs.

export interface CapacityProblem {
  supply: ArrayLike<number>; // pupils per residence i (non-negative integers), length R
  capacity: ArrayLike<number>; // seats per school j (non-negative integers), length S
  cost: (i: number, j: number) => number; // distance residence i -> school j (>= 0, finite; Infinity = not allowed)
}

export interface CapacityFlow {
  residence: number;
  school: number;
  pupils: number;
}

export interface CapacityResult {
  /** Seated pupils: integral, pupils > 0, sorted by residence then school. */
  flows: CapacityFlow[];
  /** Σ pupils · cost over `flows` (seated pupils only). */
  totalCost: number;
  seated: number;
  /** > 0 only when the schools a set of residences can reach have fewer seats than those residences have pupils. */
  unseated: number;
  /** Sorted by residence; pupils > 0. Includes residences that can reach no school at all. */
  unseatedByResidence: { residence: number; pupils: number }[];
  /**
   * Length S: pupils left over capacity at school j (unseated, 0 when feasible). Sums to `unseated`
   * minus the pupils of residences whose every cost is Infinity (they overflow from no school).
   */
  overflowBySchool: number[];
  /** The unseated pupils by residence and the school they overflow from; sorted like `flows`. */
  overflowFlows: CapacityFlow[];
  /** Augmentations (shortest-path searches that moved pupils). */
  iterations: number;
}

function abortError(): Error {
  const e = new Error('Capacity-limited assignment was aborted');
  e.name = 'AbortError';
  return e;
}

function checkCount(v: number, what: string, k: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${what}[${k}] must be a non-negative integer, got ${v}`);
}

/**
 * Solves the capacity-limited assignment exactly. Throws a RangeError for a supply or capacity that
 * is not a non-negative integer, and an Error named 'AbortError' when `opts.signal.aborted` is seen
 * set (checked between augmentations and while reading costs).
 */
export function solveCapacityLimited(p: CapacityProblem, opts?: { signal?: { aborted: boolean } }): CapacityResult {
  const signal = opts?.signal;
  const R = p.supply.length;
  const S = p.capacity.length;
  const cost = p.cost;

  const cap = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    checkCount(p.capacity[j], 'capacity', j);
    cap[j] = p.capacity[j];
  }
  const supply = new Float64Array(R);
  let totalSupply = 0;
  for (let i = 0; i < R; i++) {
    checkCount(p.supply[i], 'supply', i);
    supply[i] = p.supply[i];
    totalSupply += supply[i];
  }

  // Pseudo-flow x(r, s) > 0, kept per school: members[s][k] is a residence, amount[s][k] its pupils
  // there, mcost[s][k] = cost(r, s). pos maps r·S + s to k.
  const members: number[][] = [];
  const amount: number[][] = [];
  const mcost: number[][] = [];
  for (let j = 0; j < S; j++) {
    members.push([]);
    amount.push([]);
    mcost.push([]);
  }
  const pos = new Map<number, number>();
  const load = new Float64Array(S);
  const unreachable = new Float64Array(R); // pupils of residences with no finite-cost school

  // 1. Everyone at the nearest school (ties: lowest j). This pseudo-flow has no negative residual cycle.
  for (let r = 0; r < R; r++) {
    if ((r & 1023) === 1023 && signal?.aborted) throw abortError();
    if (supply[r] === 0) continue;
    let best = Infinity;
    let bestJ = -1;
    for (let j = 0; j < S; j++) {
      const c = cost(r, j);
      if (c < best) {
        best = c;
        bestJ = j;
      }
    }
    if (bestJ < 0) {
      unreachable[r] = supply[r];
      continue;
    }
    pos.set(r * S + bestJ, members[bestJ].length);
    members[bestJ].push(r);
    amount[bestJ].push(supply[r]);
    mcost[bestJ].push(best);
    load[bestJ] += supply[r];
  }

  // 2. Compressed school graph: arc s→t costs min over residences r at s of cost(r,t) − cost(r,s)
  // (moving one pupil of r from s to t); arg[s·S + t] is that r. All arcs are ≥ 0 at the start.
  const arc = new Float64Array(S * S).fill(Infinity);
  const arg = new Int32Array(S * S).fill(-1);

  /** Lowers row s with residence r newly at s (cr = cost(r, s)). */
  const addToRow = (s: number, r: number, cr: number): void => {
    const base = s * S;
    for (let t = 0; t < S; t++) {
      if (t === s) continue;
      const v = cost(r, t) - cr;
      if (v < arc[base + t]) {
        arc[base + t] = v;
        arg[base + t] = r;
      }
    }
  };
  /** Recomputes arc s→t from the residences now at s. */
  const recomputeArc = (s: number, t: number): void => {
    const ms = members[s];
    const cs = mcost[s];
    let best = Infinity;
    let bestR = -1;
    for (let k = 0; k < ms.length; k++) {
      const v = cost(ms[k], t) - cs[k];
      if (v < best) {
        best = v;
        bestR = ms[k];
      }
    }
    arc[s * S + t] = best;
    arg[s * S + t] = bestR;
  };

  for (let s = 0; s < S; s++) {
    if (signal?.aborted) throw abortError();
    const ms = members[s];
    for (let k = 0; k < ms.length; k++) addToRow(s, ms[k], mcost[s][k]);
  }

  const addPupils = (r: number, s: number, n: number): void => {
    const key = r * S + s;
    const k = pos.get(key);
    load[s] += n;
    if (k !== undefined) {
      amount[s][k] += n;
      return;
    }
    const cr = cost(r, s);
    pos.set(key, members[s].length);
    members[s].push(r);
    amount[s].push(n);
    mcost[s].push(cr);
    addToRow(s, r, cr);
  };
  const removePupils = (r: number, s: number, n: number): void => {
    const key = r * S + s;
    const k = pos.get(key)!;
    load[s] -= n;
    const left = amount[s][k] - n;
    if (left > 0) {
      amount[s][k] = left;
      return;
    }
    // r leaves s: swap-remove, then recompute the arcs of s that r was the cheapest mover for.
    const ms = members[s];
    const last = ms.length - 1;
    if (k !== last) {
      ms[k] = ms[last];
      amount[s][k] = amount[s][last];
      mcost[s][k] = mcost[s][last];
      pos.set(ms[k] * S + s, k);
    }
    ms.pop();
    amount[s].pop();
    mcost[s].pop();
    pos.delete(key);
    const base = s * S;
    for (let t = 0; t < S; t++) if (arg[base + t] === r) recomputeArc(s, t);
  };

  // 3. Successive shortest paths from over-full schools to schools with free seats.
  // Reduced cost of s→t: arc + pi[s] − pi[t] ≥ 0 (clamped at 0 against rounding). Over-full schools
  // are all sources at distance 0 of every search, so their pi stays 0 and a multi-source search is
  // exact. Their outgoing arcs are folded into srcBest[v] = min over over-full s of arc s→v (srcArg:
  // that s), kept up to date between searches, so a search starts from it instead of scanning them.
  const pi = new Float64Array(S);
  const dist = new Float64Array(S);
  const done = new Uint8Array(S);
  const prev = new Int32Array(S);
  const srcBest = new Float64Array(S);
  const srcArg = new Int32Array(S);
  let sources: number[] = [];
  for (let s = 0; s < S; s++) if (load[s] > cap[s]) sources.push(s);
  const recomputeSourceColumn = (v: number): void => {
    let best = Infinity;
    let bestS = -1;
    for (const s of sources) {
      const a = arc[s * S + v];
      if (a < best) {
        best = a;
        bestS = s;
      }
    }
    srcBest[v] = best;
    srcArg[v] = bestS;
  };
  for (let v = 0; v < S; v++) recomputeSourceColumn(v);

  const pathFrom: number[] = [];
  const pathTo: number[] = [];
  const pathRes: number[] = [];
  let iterations = 0;

  while (sources.length > 0) {
    if (signal?.aborted) throw abortError();
    let next = -1;
    let nextD = Infinity;
    for (let v = 0; v < S; v++) {
      if (load[v] > cap[v]) {
        done[v] = 1;
        dist[v] = 0;
        prev[v] = -1;
        continue;
      }
      done[v] = 0;
      const a = srcBest[v];
      let d = Infinity;
      if (a !== Infinity) {
        d = a - pi[v];
        if (d < 0) d = 0;
      }
      dist[v] = d;
      prev[v] = srcArg[v];
      if (d < nextD) {
        nextD = d;
        next = v;
      }
    }

    let target = -1;
    while (next >= 0) {
      const u = next;
      if (load[u] < cap[u]) {
        target = u;
        break;
      }
      done[u] = 1;
      const du = dist[u];
      const base = u * S;
      const pu = pi[u] + du;
      next = -1;
      nextD = Infinity;
      for (let v = 0; v < S; v++) {
        if (done[v]) continue;
        const a = arc[base + v];
        let dv = dist[v];
        if (a !== Infinity) {
          let nd = a + pu - pi[v];
          if (nd < du) nd = du;
          if (nd < dv) {
            dv = nd;
            dist[v] = nd;
            prev[v] = u;
          }
        }
        if (dv < nextD) {
          nextD = dv;
          next = v;
        }
      }
    }
    if (target < 0) break; // no school with free seats is reachable: the rest is unseated

    const D = dist[target];
    for (let v = 0; v < S; v++) pi[v] += done[v] ? dist[v] : D;

    // Path back from target to its source; bottleneck over the movers' pupils.
    pathFrom.length = 0;
    pathTo.length = 0;
    pathRes.length = 0;
    let delta = cap[target] - load[target];
    let v = target;
    while (prev[v] >= 0) {
      const u = prev[v];
      const r = arg[u * S + v];
      const have = amount[u][pos.get(r * S + u)!];
      if (have < delta) delta = have;
      pathFrom.push(u);
      pathTo.push(v);
      pathRes.push(r);
      v = u;
    }
    const source = v;
    const over = load[source] - cap[source];
    if (over < delta) delta = over;
    for (let k = 0; k < pathFrom.length; k++) {
      removePupils(pathRes[k], pathFrom[k], delta);
      addPupils(pathRes[k], pathTo[k], delta);
    }
    iterations++;

    // Only the source's arcs changed among the sources' (they can only have risen), and the source
    // may have stopped being over-full: refresh the columns it was the cheapest source for.
    const still = load[source] > cap[source];
    if (!still) sources = sources.filter((s) => s !== source);
    const base = source * S;
    for (let w = 0; w < S; w++) if (srcArg[w] === source && (!still || arc[base + w] !== srcBest[w])) recomputeSourceColumn(w);
  }

  // 4. Read out: overflow (farthest residences first) and seated flows.
  const overflowBySchool: number[] = new Array<number>(S).fill(0);
  const unseatedAt = new Float64Array(R);
  const flows: CapacityFlow[] = [];
  const overflowFlows: CapacityFlow[] = [];
  for (let s = 0; s < S; s++) {
    const ms = members[s];
    let excess = load[s] - cap[s];
    const order = ms.map((_, k) => k);
    if (excess > 0) {
      overflowBySchool[s] = excess;
      order.sort((a, b) => mcost[s][b] - mcost[s][a] || ms[a] - ms[b]);
    }
    for (const k of order) {
      const r = ms[k];
      let n = amount[s][k];
      if (excess > 0) {
        const out = Math.min(excess, n);
        excess -= out;
        n -= out;
        unseatedAt[r] += out;
        overflowFlows.push({ residence: r, school: s, pupils: out });
      }
      if (n > 0) flows.push({ residence: r, school: s, pupils: n });
    }
  }
  const byResidenceThenSchool = (a: CapacityFlow, b: CapacityFlow): number => a.residence - b.residence || a.school - b.school;
  flows.sort(byResidenceThenSchool);
  overflowFlows.sort(byResidenceThenSchool);

  let totalCost = 0;
  for (const f of flows) totalCost += f.pupils * cost(f.residence, f.school);

  const unseatedByResidence: { residence: number; pupils: number }[] = [];
  let unseated = 0;
  for (let r = 0; r < R; r++) {
    const n = unseatedAt[r] + unreachable[r];
    if (n > 0) {
      unseatedByResidence.push({ residence: r, pupils: n });
      unseated += n;
    }
  }

  return { flows, totalCost, seated: totalSupply - unseated, unseated, unseatedByResidence, overflowBySchool, overflowFlows, iterations };
}
