// Capacity-limited assignment: hand-checked instances, a cross-check against the HiGHS MILP solver,
// shortfall and unreachable residences, and properties over random small instances.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveCapacityLimited, type CapacityProblem, type CapacityResult } from './capacity-flow';
import { mulberry32 } from './synthetic-city';


function matrixProblem(supply: number[], capacity: number[], costs: number[][]): CapacityProblem {
  return { supply, capacity, cost: (i, j) => costs[i][j] };
}

const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, x) => s + x, 0);

/** Checks every structural promise of a result; returns the seated pupils per school. */
function checkResult(p: CapacityProblem, r: CapacityResult): number[] {
  const R = p.supply.length;
  const S = p.capacity.length;
  const seatedAt = new Array<number>(S).fill(0);
  const seatedOf = new Array<number>(R).fill(0);
  const unseatedOf = new Array<number>(R).fill(0);
  let cost = 0;
  for (let k = 0; k < r.flows.length; k++) {
    const f = r.flows[k];
    expect(Number.isInteger(f.pupils) && f.pupils > 0).toBe(true);
    expect(Number.isFinite(p.cost(f.residence, f.school))).toBe(true);
    if (k > 0) {
      const g = r.flows[k - 1];
      expect(g.residence < f.residence || (g.residence === f.residence && g.school < f.school)).toBe(true);
    }
    seatedAt[f.school] += f.pupils;
    seatedOf[f.residence] += f.pupils;
    cost += f.pupils * p.cost(f.residence, f.school);
  }
  for (const u of r.unseatedByResidence) {
    expect(Number.isInteger(u.pupils) && u.pupils > 0).toBe(true);
    unseatedOf[u.residence] += u.pupils;
  }
  for (let i = 0; i < R; i++) expect(seatedOf[i] + unseatedOf[i]).toBe(p.supply[i]);
  for (let j = 0; j < S; j++) expect(seatedAt[j]).toBeLessThanOrEqual(p.capacity[j]);
  expect(r.totalCost).toBeCloseTo(cost, 6);
  expect(r.unseated).toBe(sum(unseatedOf));
  expect(r.seated).toBe(sum(seatedOf));
  expect(r.seated + r.unseated).toBe(sum(p.supply));
  // The overflow is listed by school, and a school overflows only when all its seats are taken.
  expect(r.overflowBySchool).toHaveLength(S);
  const overAt = new Array<number>(S).fill(0);
  const overOf = new Array<number>(R).fill(0);
  for (const o of r.overflowFlows) {
    expect(Number.isFinite(p.cost(o.residence, o.school))).toBe(true);
    overAt[o.school] += o.pupils;
    overOf[o.residence] += o.pupils;
  }
  expect(overAt).toEqual(r.overflowBySchool);
  for (let j = 0; j < S; j++) if (r.overflowBySchool[j] > 0) expect(seatedAt[j]).toBe(p.capacity[j]);
  for (let i = 0; i < R; i++) {
    const reachable = Array.from({ length: S }, (_, j) => p.cost(i, j)).some(Number.isFinite);
    expect(unseatedOf[i]).toBe(overOf[i] + (reachable ? 0 : p.supply[i]));
  }
  return seatedAt;
}

describe('hand-checked instances', () => {
  // Everyone is nearest to school 0 (12 seats, 23 pupils). Moving a pupil to school 1 costs +3 for
  // residence 0, +1 for residence 1 and +4 for residence 2: all 5 of residence 1 move, then 6 of residence 0.
  const supply = [10, 5, 8];
  const costs = [
    [1, 4],
    [2, 3],
    [2, 6],
  ];

  it('moves the cheapest pupils out of a full school (cost 59)', () => {
    const p = matrixProblem(supply, [12, 20], costs);
    const r = solveCapacityLimited(p);
    expect(r.flows).toEqual([
      { residence: 0, school: 0, pupils: 4 },
      { residence: 0, school: 1, pupils: 6 },
      { residence: 1, school: 1, pupils: 5 },
      { residence: 2, school: 0, pupils: 8 },
    ]);
    expect(r.totalCost).toBe(4 * 1 + 6 * 4 + 5 * 3 + 8 * 2);
    expect(r.totalCost).toBe(59);
    expect(r.seated).toBe(23);
    expect(r.unseated).toBe(0);
    expect(r.unseatedByResidence).toEqual([]);
    expect(r.overflowBySchool).toEqual([0, 0]);
    expect(r.overflowFlows).toEqual([]);
    expect(r.iterations).toBe(2);
    checkResult(p, r);
  });

  it('leaves the farthest pupils of a full school unseated when seats are short', () => {
    // 20 seats for 23 pupils: residence 1 (5) and 3 of residence 0 fill school 1; school 0 keeps 15
    // pupils for 12 seats, and residence 2 (distance 2) is farther from it than residence 0 (distance 1).
    const p = matrixProblem(supply, [12, 8], costs);
    const r = solveCapacityLimited(p);
    expect(r.flows).toEqual([
      { residence: 0, school: 0, pupils: 7 },
      { residence: 0, school: 1, pupils: 3 },
      { residence: 1, school: 1, pupils: 5 },
      { residence: 2, school: 0, pupils: 5 },
    ]);
    expect(r.totalCost).toBe(7 + 12 + 15 + 10);
    expect(r.unseated).toBe(3);
    expect(r.seated).toBe(20);
    expect(r.unseatedByResidence).toEqual([{ residence: 2, pupils: 3 }]);
    expect(r.overflowBySchool).toEqual([3, 0]);
    expect(r.overflowFlows).toEqual([{ residence: 2, school: 0, pupils: 3 }]);
    checkResult(p, r);
  });

  it('leaves the lower residence unseated first between equally far residences', () => {
    const r = solveCapacityLimited(matrixProblem([3, 3], [4], [[5], [5]]));
    expect(r.unseatedByResidence).toEqual([{ residence: 0, pupils: 2 }]);
    expect(r.flows).toEqual([
      { residence: 0, school: 0, pupils: 1 },
      { residence: 1, school: 0, pupils: 3 },
    ]);
  });

  it('never uses a forbidden (Infinity) pair, and a residence that reaches no school is all unseated', () => {
    const I = Infinity;
    const p = matrixProblem([7, 4, 6, 0], [5, 10], [
      [1, I],
      [I, I],
      [1, 2],
      [I, I],
    ]);
    const r = solveCapacityLimited(p);
    expect(r.flows).toEqual([
      { residence: 0, school: 0, pupils: 5 },
      { residence: 2, school: 1, pupils: 6 },
    ]);
    expect(r.totalCost).toBe(5 + 12);
    expect(r.unseatedByResidence).toEqual([
      { residence: 0, pupils: 2 },
      { residence: 1, pupils: 4 },
    ]);
    expect(r.unseated).toBe(6);
    expect(r.overflowBySchool).toEqual([2, 0]); // residence 1 overflows from no school
    checkResult(p, r);
  });

  it('handles no residences, no schools, zero supply and zero capacity', () => {
    expect(solveCapacityLimited(matrixProblem([], [3], [])).flows).toEqual([]);
    const noSchools = solveCapacityLimited(matrixProblem([2, 0], [], [[], []]));
    expect(noSchools.unseatedByResidence).toEqual([{ residence: 0, pupils: 2 }]);
    expect(noSchools.overflowBySchool).toEqual([]);
    const zeroCap = matrixProblem([3, 0], [0, 0], [[1, 2], [0, 0]]);
    const r = solveCapacityLimited(zeroCap);
    expect(r.flows).toEqual([]);
    expect(r.overflowBySchool).toEqual([3, 0]);
    checkResult(zeroCap, r);
  });

  it('breaks ties toward the lowest school', () => {
    const r = solveCapacityLimited(matrixProblem([4], [10, 10, 10], [[2, 1, 1]]));
    expect(r.flows).toEqual([{ residence: 0, school: 1, pupils: 4 }]);
  });

  it('rejects non-integer or negative counts and stops when aborted', () => {
    expect(() => solveCapacityLimited(matrixProblem([1.5], [2], [[1]]))).toThrow(RangeError);
    expect(() => solveCapacityLimited(matrixProblem([1], [-2], [[1]]))).toThrow(RangeError);
    expect(() => solveCapacityLimited(matrixProblem([3], [1, 5], [[1, 2]]), { signal: { aborted: true } })).toThrow(/aborted/);
  });
});

interface RandomInstance {
  supply: number[];
  capacity: number[];
  costs: number[][];
}

function randomInstance(seed: number, o: { capacityFactor: [number, number]; forbidden: number }): RandomInstance {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const S = int(4, 8);
  const R = int(10, 40);
  const supply = Array.from({ length: R }, () => int(0, 30));
  const costs = Array.from({ length: R }, () => Array.from({ length: S }, () => (rnd() < o.forbidden ? Infinity : int(0, 50))));
  const factor = o.capacityFactor[0] + rnd() * (o.capacityFactor[1] - o.capacityFactor[0]);
  const target = Math.ceil(sum(supply) * factor);
  // Uneven capacities so that many schools are over capacity at first.
  const weights = Array.from({ length: S }, () => 0.1 + rnd() * rnd() * 3);
  const w = sum(weights);
  const capacity = weights.map((x) => Math.floor((target * x) / w));
  if (factor >= 1) capacity[0] += target - sum(capacity); // exact total ≥ supply
  return { supply, capacity, costs };
}

type Highs = { solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> } };
let highsPromise: Promise<Highs> | undefined;
async function loadHighs(): Promise<Highs> {
  highsPromise ??= import('highs').then((m) => m.default({}) as unknown as Highs);
  return highsPromise;
}

/**
 * CPLEX LP text. Without `penalty`: supply equality rows and capacity ≤ rows. With it: each school
 * may overflow by o_j at `penalty` per pupil (the solver's objective when seats are short), and
 * residences that reach no school are left out.
 */
function toLp(inst: RandomInstance, penalty?: number): string {
  const { supply, capacity, costs } = inst;
  const terms: string[] = [];
  const rows: string[] = [];
  const ints: string[] = [];
  const bySchool: string[][] = capacity.map(() => []);
  supply.forEach((n, i) => {
    const vars: string[] = [];
    costs[i].forEach((c, j) => {
      if (!Number.isFinite(c)) return;
      const x = `x_${i}_${j}`;
      vars.push(x);
      bySchool[j].push(x);
      ints.push(x);
      terms.push(`${c} ${x}`);
    });
    if (vars.length > 0) rows.push(` s${i}: ${vars.join(' + ')} = ${n}`);
  });
  capacity.forEach((c, j) => {
    const lhs = [...bySchool[j]];
    if (penalty !== undefined) {
      terms.push(`${penalty} o_${j}`);
      ints.push(`o_${j}`);
      lhs.push(`- o_${j}`);
    }
    if (lhs.length > 0) rows.push(` c${j}: ${lhs.join(' + ').replace(/\+ -/g, '-')} <= ${c}`);
  });
  const wrap = (xs: string[], sep: string) => xs.reduce<string[]>((ls, x, k) => (k % 8 === 0 ? [...ls, x] : [...ls.slice(0, -1), `${ls[ls.length - 1]}${sep}${x}`]), []).join(`\n  ${sep.trim()} `);
  return ['Minimize', ` obj: ${wrap(terms, ' + ')}`, 'Subject To', ...rows, 'General', ` ${wrap(ints, ' ')}`, 'End', ''].join('\n');
}

describe('agrees with the HiGHS MILP optimum', () => {
  const options = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 };

  it('on 30 seeded feasible random instances (equality rows, capacity ≤ rows)', async () => {
    const highs = await loadHighs();
    let withOverfullStart = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const inst = randomInstance(seed, { capacityFactor: [1, 1.3], forbidden: 0 });
      const p = matrixProblem(inst.supply, inst.capacity, inst.costs);
      const r = solveCapacityLimited(p);
      checkResult(p, r);
      expect(r.unseated).toBe(0);
      if (r.iterations > 0) withOverfullStart++;
      const sol = highs.solve(toLp(inst), options);
      expect(sol.Status, `seed ${seed}`).toBe('Optimal');
      expect(Math.abs(sol.ObjectiveValue - r.totalCost), `seed ${seed}`).toBeLessThan(1e-6);
    }
    expect(withOverfullStart).toBeGreaterThan(20); // the instances do exercise the push phase
  });

  it('on 20 seeded random instances with short seats and forbidden pairs (overflow penalty)', async () => {
    const highs = await loadHighs();
    const P = 100_000; // above any chain of moves (≤ 2·8·50)
    for (let seed = 101; seed <= 120; seed++) {
      const inst = randomInstance(seed, { capacityFactor: [0.6, 1.1], forbidden: seed % 2 ? 0.3 : 0.7 });
      const p = matrixProblem(inst.supply, inst.capacity, inst.costs);
      const r = solveCapacityLimited(p);
      checkResult(p, r);
      const unreachable = inst.supply.reduce((s, n, i) => (inst.costs[i].every((c) => c === Infinity) ? s + n : s), 0);
      const overflowCost = r.overflowFlows.reduce((s, f) => s + f.pupils * inst.costs[f.residence][f.school], 0);
      const sol = highs.solve(toLp(inst, P), options);
      expect(sol.Status, `seed ${seed}`).toBe('Optimal');
      const milpOverflow = inst.capacity.reduce((s, _, j) => s + Math.round(sol.Columns[`o_${j}`]?.Primal ?? 0), 0);
      expect(r.unseated - unreachable, `seed ${seed}`).toBe(milpOverflow);
      expect(Math.abs(sol.ObjectiveValue - (r.totalCost + overflowCost + P * (r.unseated - unreachable))), `seed ${seed}`).toBeLessThan(1e-6);
    }
  });
});

describe('shortfall', () => {
  it('leaves exactly supply − capacity unseated, seats no school over capacity, and lists the overflow by school', () => {
    for (let seed = 201; seed <= 210; seed++) {
      const inst = randomInstance(seed, { capacityFactor: [0.5, 0.95], forbidden: 0 });
      const p = matrixProblem(inst.supply, inst.capacity, inst.costs);
      const r = solveCapacityLimited(p);
      const seatedAt = checkResult(p, r);
      expect(r.unseated).toBe(sum(inst.supply) - sum(inst.capacity));
      expect(seatedAt).toEqual(inst.capacity); // every seat is taken
      expect(sum(r.overflowBySchool)).toBe(r.unseated);
    }
  });
});

describe('properties', () => {
  const instance = (withForbidden: boolean) =>
    fc
      .record({ S: fc.integer({ min: 1, max: 5 }), R: fc.integer({ min: 0, max: 8 }) })
      .chain(({ S, R }) =>
        fc.record({
          supply: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: R, maxLength: R }),
          capacity: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: S, maxLength: S }),
          costs: fc.array(
            fc.array(withForbidden ? fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(Infinity)) : fc.integer({ min: 0, max: 20 }), { minLength: S, maxLength: S }),
            { minLength: R, maxLength: R },
          ),
        }),
      );

  it('counts every pupil once, never seats over capacity, and seats everyone when capacity suffices', () => {
    fc.assert(
      fc.property(instance(false), ({ supply, capacity, costs }) => {
        const p = matrixProblem(supply, capacity, costs);
        const r = solveCapacityLimited(p);
        checkResult(p, r);
        if (sum(capacity) >= sum(supply)) expect(r.unseated).toBe(0);
        else expect(r.unseated).toBe(sum(supply) - sum(capacity));
      }),
      { seed: 20260601, numRuns: 400 },
    );
  });

  it('keeps those promises with forbidden pairs, and only reachable pupils can be seated', () => {
    fc.assert(
      fc.property(instance(true), ({ supply, capacity, costs }) => {
        const p = matrixProblem(supply, capacity, costs);
        const r = solveCapacityLimited(p);
        checkResult(p, r);
        const reachable = supply.reduce((s, n, i) => (costs[i].some(Number.isFinite) ? s + n : s), 0);
        expect(r.seated).toBeLessThanOrEqual(Math.min(reachable, sum(capacity)));
      }),
      { seed: 20260602, numRuns: 400 },
    );
  });
});
