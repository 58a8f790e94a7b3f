// Pupil-weighted summaries of distances (each residence's distance counts once per pupil).
import type { DistanceStats } from './types';

export class WeightedSample {
  private values: number[] = [];
  private weights: number[] = [];

  add(value: number, weight: number): void {
    if (weight > 0 && Number.isFinite(value)) {
      this.values.push(value);
      this.weights.push(weight);
    }
  }

  get weight(): number {
    return this.weights.reduce((a, b) => a + b, 0);
  }

  /** Weight of the values ≤ limit. */
  weightWithin(limit: number): number {
    let s = 0;
    for (let k = 0; k < this.values.length; k++) if (this.values[k] <= limit) s += this.weights[k];
    return s;
  }

  weightBeyond(limit: number): number {
    let s = 0;
    for (let k = 0; k < this.values.length; k++) if (this.values[k] > limit) s += this.weights[k];
    return s;
  }

  /**
   * Mean, and the weighted quantiles: the smallest value whose cumulative weight reaches q of the
   * total (so the median of pupils 1, 1, 10 living at 100, 200, 900 m is 900 m).
   */
  stats(): DistanceStats | null {
    const n = this.values.length;
    if (n === 0) return null;
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => this.values[a] - this.values[b]);
    const total = this.weight;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += this.values[k] * this.weights[k];
    const quantile = (q: number): number => {
      let acc = 0;
      for (const k of order) {
        acc += this.weights[k];
        if (acc >= q * total - 1e-9) return this.values[k];
      }
      return this.values[order[n - 1]];
    };
    return { mean: sum / total, median: quantile(0.5), p90: quantile(0.9), max: this.values[order[n - 1]] };
  }
}
