/**
 * bisectLog (src/analysis/bisect.ts) against analytic roots: x^2 = 2 on [1e-3, 1e3] (root sqrt 2), a decreasing
 * f(x) = 1/x, error bounds from the halving count, the 'reached' end, and unbracketed targets.
 */
import { describe, expect, it } from 'vitest';
import { bisectLog } from '../../src/analysis/bisect.js';

describe('bisectLog', () => {
  it('finds sqrt(2) for x^2 = 2 within the bound (range decades / 2^n)', () => {
    for (const n of [10, 20, 40]) {
      const x = bisectLog((v) => v * v, 1e-3, 1e3, 2, { iterations: n });
      const decades = Math.abs(Math.log10(x) - Math.log10(Math.SQRT2));
      expect(decades).toBeLessThanOrEqual(6 / 2 ** n);
    }
    expect(bisectLog((v) => v * v, 1e-3, 1e3, 2, { iterations: 60 })).toBeCloseTo(Math.SQRT2, 12);
  });

  it('works for decreasing functions', () => {
    expect(bisectLog((v) => 1 / v, 1e-2, 1e4, 0.25, { iterations: 50 })).toBeCloseTo(4, 10);
  });

  it("'reached' returns the end where f has passed the target (f(x) - target has the sign of f(hi) - target)", () => {
    const up = (v: number) => Math.log(v);
    const down = (v: number) => -Math.log(v);
    for (const n of [3, 7, 14]) {
      const xu = bisectLog(up, 1e-3, 1e3, 0.7, { iterations: n, result: 'reached' });
      expect(up(xu)).toBeGreaterThanOrEqual(0.7);
      const xd = bisectLog(down, 1e-3, 1e3, -0.7, { iterations: n, result: 'reached' });
      expect(down(xd)).toBeLessThanOrEqual(-0.7);
      // and it is within the bracket width of the root
      expect(Math.abs(Math.log10(xu) - Math.log10(Math.exp(0.7)))).toBeLessThanOrEqual(6 / 2 ** n);
    }
  });

  it('NaN when [lo, hi] does not bracket the target or f is not finite there', () => {
    expect(bisectLog((v) => v, 1, 10, 100)).toBeNaN();
    expect(bisectLog((v) => v, 1, 10, 0.5)).toBeNaN();
    expect(bisectLog(() => NaN, 1, 10, 5)).toBeNaN();
  });

  it('returns an end or a midpoint met exactly', () => {
    expect(bisectLog((v) => v, 1, 100, 1)).toBe(1);
    expect(bisectLog((v) => v, 1, 100, 100)).toBe(100);
    expect(bisectLog((v) => Math.log10(v), 1, 100, 1)).toBe(10); // the first midpoint is the root
  });
});
