// Hand-checked fixtures A and B of ../shared/docs/domain.md.
import { describe, expect, it } from 'vitest';
import { pupilWeightedCv, splitByLevel } from './balance';

describe('pupil-weighted coefficient of variation (fixture A)', () => {
  const schools = [[45, 279], [37, 137], [89, 935], [76, 160], [55, 402]].map(([pupils, books]) => ({ pupils, value: books / pupils }));
  const r = pupilWeightedCv(schools)!;

  it('gives X̄ = 6.33444, S = 3.26386, CV = 0.51526', () => {
    expect(r.mean).toBeCloseTo(6.33444, 5);
    expect(r.sd).toBeCloseTo(3.26386, 4);
    expect(Math.abs(r.cv - 0.5153)).toBeLessThan(0.0001);
    expect(r.pupils).toBe(302);
  });

  it('is neither the unweighted population CV (0.48877) nor the unweighted sample CV (0.54646)', () => {
    expect(Math.abs(r.cv - 0.48877)).toBeGreaterThan(0.01);
    expect(Math.abs(r.cv - 0.54646)).toBeGreaterThan(0.01);
    // and the unweighted mean of Xᵢ (5.96453) is not what it averages
    expect(Math.abs(r.mean - 5.96453)).toBeGreaterThan(0.1);
  });

  it('fails the primary limit 0.50 and gives no answer without pupils', () => {
    expect(r.cv > 0.5).toBe(true);
    expect(pupilWeightedCv([{ pupils: 0, value: 3 }])).toBeNull();
    expect(pupilWeightedCv([{ pupils: 10, value: 4 }])!.cv).toBe(0);
  });
});

describe('splitting a nine-year school between its levels (fixture B)', () => {
  it('gives the primary part 9,711.63 books and the junior part 13,514.37 (±1)', () => {
    const s = splitByLevel(23226, 166, 210);
    expect(s.primary).toBeCloseTo(9711.63, 1);
    expect(s.junior).toBeCloseTo(13514.37, 1);
    expect(Math.abs(s.primary - 9711)).toBeLessThanOrEqual(1);
    expect(Math.abs(s.junior - 13515)).toBeLessThanOrEqual(1);
    expect(s.primary / 166).toBeCloseTo(58.504, 3);
  });
});
