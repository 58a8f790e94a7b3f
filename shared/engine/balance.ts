// Inter-school balance (差异系数): the pupil-weighted coefficient of variation of a resource
// indicator across a county's schools, and the split of a nine-year or complete secondary school's
// resources between its levels. Formulas: ../shared/docs/domain.md (basic-balance method).

export interface WeightedValue {
  pupils: number; // Pᵢ
  value: number; // Xᵢ, the indicator per pupil (e.g. books per pupil)
}

export interface CvResult {
  mean: number; // X̄ = ΣXᵢPᵢ / ΣPᵢ
  sd: number; // S = √Σ(Pᵢ/P)(Xᵢ − X̄)²
  cv: number; // S / X̄
  pupils: number;
  schools: number;
}

/**
 * Pupil-weighted CV. Schools without pupils carry no weight; an unweighted CV is wrong for this
 * standard and is deliberately not offered. Returns null when no school has pupils or the mean is 0.
 */
export function pupilWeightedCv(rows: readonly WeightedValue[]): CvResult | null {
  const used = rows.filter((r) => r.pupils > 0 && Number.isFinite(r.value));
  const total = used.reduce((s, r) => s + r.pupils, 0);
  if (total === 0) return null;
  const mean = used.reduce((s, r) => s + r.value * r.pupils, 0) / total;
  if (mean === 0) return null;
  const variance = used.reduce((s, r) => s + (r.pupils / total) * (r.value - mean) ** 2, 0);
  const sd = Math.sqrt(variance);
  return { mean, sd, cv: sd / mean, pupils: total, schools: used.length };
}

/** Level weights used when a school spans levels: 一贯制 1 : 1.1, 完全中学 1 : 1.2. */
export const JUNIOR_WEIGHT = { nineYear: 1.1, completeSecondary: 1.2 } as const;

/**
 * Splits a resource of a school that spans primary and junior between the two parts:
 * primary share = A / (A + w·B) of the total, where A, B are primary and junior pupils.
 */
export function splitByLevel(total: number, primaryPupils: number, juniorPupils: number, juniorWeight: number = JUNIOR_WEIGHT.nineYear): { primary: number; junior: number } {
  const weighted = primaryPupils + juniorWeight * juniorPupils;
  if (weighted === 0) return { primary: 0, junior: 0 };
  const primary = (total * primaryPupils) / weighted;
  return { primary, junior: total - primary };
}
