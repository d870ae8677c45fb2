/**
 * Exp(1) draws of the exact stochastic engines (expDraw, src/solvers/stochastic/common.ts): the ziggurat
 * (Marsaglia & Tsang 2000) used with streams that give raw 32-bit outputs, and the inversion -ln(1 - U) kept
 * for streams that do not. Every check compares with the analytic Exp(1) law, never with earlier output.
 *
 * Statistics (fixed seeds, so the tests are deterministic; false-failure probability of each check for a
 * correct sampler in brackets):
 *   - Kolmogorov-Smirnov, n = 10^6: sqrt(n) D < 1.95 (P(K > 1.95) = 1.0e-3, Kolmogorov's limit law);
 *   - mean z = (Xbar - 1) / sqrt(1 / n), |z| < 4 (6.3e-5); variance z = (S^2 - 1) / sqrt((mu4 - 1) / n) with
 *     mu4 = 9 the 4th central moment of Exp(1) (asymptotic normality of S^2), |z| < 4 (6.3e-5);
 *   - chi-square over 50 equiprobable bins [-ln(1 - (k-1)/50), -ln(1 - k/50)), 49 df: < 85.35 (the 0.999
 *     quantile: 1.0e-3);
 *   - chi-square over the 255 ziggurat layer intervals [x_{i-1}, x_i) plus the tail (255 df; 0.999 quantile by
 *     the Wilson-Hilferty approximation, 1.0e-3): an error in one layer's table entry moves ~1/256 of the mass;
 *   - tail, n = 10^7: the counts of X > R (R = 7.697, the tail branch), X > 8 (e^-8 = 3.35e-4, ~3,355
 *     expected) as binomial z-tests |z| < 4 (6.3e-5 each), X > 12 (e^-12 = 6.1e-6, ~61 expected) against the
 *     Poisson(n e^-12) law (binomial with p this small), both one-sided tail probabilities > 5e-5 (1.0e-4);
 *   - fallback (inversion) on 2 x 10^5 draws: KS (1.0e-3) and mean (6.3e-5).
 * Family-wise false-failure probability (Bonferroni): < 4.5e-3.
 */
import { describe, expect, it } from 'vitest';
import { expDraw, expInversion, expZiggurat } from '../../src/solvers/stochastic/common.js';
import { replicateStream } from '../../src/solvers/stochastic/rng.js';
import type { RandomStream } from '../../src/solvers/stochastic/types.js';

const R = 7.69711747013104972;

function draws(rng: RandomStream, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = expDraw(rng);
  return x;
}

/** sqrt(n) D_n of the sample against F(x) = 1 - e^-x. */
function ksStatistic(sample: Float64Array): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = -Math.expm1(-s[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return Math.sqrt(n) * d;
}

function moments(sample: Float64Array): { mean: number; variance: number } {
  const n = sample.length;
  let m = 0;
  for (const v of sample) m += v;
  m /= n;
  let s2 = 0;
  for (const v of sample) s2 += (v - m) * (v - m);
  return { mean: m, variance: s2 / (n - 1) };
}

/** Pearson chi-square of the sample over the bins [edges[k], edges[k+1]) (last edge may be Infinity). */
function chiSquare(sample: Float64Array, edges: number[]): number {
  const counts = new Float64Array(edges.length - 1);
  for (const v of sample) {
    let lo = 0;
    let hi = edges.length - 1; // edges[lo] <= v < edges[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v >= edges[mid]!) lo = mid;
      else hi = mid;
    }
    counts[lo]!++;
  }
  let chi = 0;
  const n = sample.length;
  for (let k = 0; k < counts.length; k++) {
    const p = Math.exp(-edges[k]!) - Math.exp(-edges[k + 1]!);
    const e = n * p;
    chi += (counts[k]! - e) ** 2 / e;
  }
  return chi;
}

/** 0.999 quantile of chi-square with df degrees of freedom (Wilson & Hilferty 1931; z_0.999 = 3.0902). */
function chi2Quantile999(df: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + 3.0902 * Math.sqrt(a)) ** 3;
}

/** log P(N = k) for N ~ Poisson(lambda). */
function logPoisson(k: number, lambda: number): number {
  let lf = 0;
  for (let i = 2; i <= k; i++) lf += Math.log(i);
  return k * Math.log(lambda) - lambda - lf;
}

describe('expDraw with a 32-bit stream (ziggurat)', () => {
  const n = 1_000_000;
  const sample = draws(replicateStream(20261121, 0), n);

  it('uses the ziggurat for replicateStream and is reproducible', () => {
    const a = replicateStream(5, 3);
    const b = replicateStream(5, 3);
    for (let i = 0; i < 1000; i++) expect(expDraw(a)).toBe(expZiggurat(b));
    const all = draws(replicateStream(5, 4), 1000);
    for (const v of all) expect(v >= 0 && Number.isFinite(v)).toBe(true);
  });

  it('Kolmogorov-Smirnov against Exp(1), n = 1e6', () => {
    expect(ksStatistic(sample)).toBeLessThan(1.95);
  });

  it('mean 1 and variance 1', () => {
    const { mean, variance } = moments(sample);
    expect(Math.abs((mean - 1) / Math.sqrt(1 / n))).toBeLessThan(4);
    expect(Math.abs((variance - 1) / Math.sqrt(8 / n))).toBeLessThan(4);
  });

  it('chi-square over 50 equiprobable bins', () => {
    const edges = Array.from({ length: 51 }, (_, k) => (k === 50 ? Infinity : -Math.log1p(-k / 50)));
    expect(chiSquare(sample, edges)).toBeLessThan(85.35);
  });

  it('chi-square over the ziggurat layers and the tail', () => {
    // x_255 = R, x_{i-1} = -ln(V / x_i + e^-x_i) (Marsaglia & Tsang 2000), x_0 = 0
    const V = 3.949659822581572e-3;
    const xs = new Array<number>(256);
    xs[255] = R;
    for (let i = 255; i >= 2; i--) xs[i - 1] = -Math.log(V / xs[i]! + Math.exp(-xs[i]!));
    xs[0] = 0;
    const edges = [...xs, Infinity];
    expect(chiSquare(sample, edges)).toBeLessThan(chi2Quantile999(255));
  });

  it('tail: P(X > R), P(X > 8), P(X > 12) at n = 1e7', () => {
    const rng = replicateStream(777, 1);
    const N = 10_000_000;
    let cR = 0;
    let c8 = 0;
    let c12 = 0;
    for (let i = 0; i < N; i++) {
      const v = expDraw(rng);
      if (v > R) {
        cR++;
        if (v > 8) {
          c8++;
          if (v > 12) c12++;
        }
      }
    }
    for (const [c, x] of [
      [cR, R],
      [c8, 8],
    ] as const) {
      const p = Math.exp(-x);
      expect(Math.abs((c - N * p) / Math.sqrt(N * p * (1 - p)))).toBeLessThan(4);
    }
    const lambda = N * Math.exp(-12);
    let lower = 0; // P(N <= c12)
    for (let k = 0; k <= c12; k++) lower += Math.exp(logPoisson(k, lambda));
    const upper = 1 - lower + Math.exp(logPoisson(c12, lambda)); // P(N >= c12)
    expect(lower).toBeGreaterThan(5e-5);
    expect(upper).toBeGreaterThan(5e-5);
  });
});

describe('expDraw with a stream without nextUint32 (inversion)', () => {
  it('falls back to -ln(1 - U): KS and mean, n = 2e5', () => {
    const inner = replicateStream(99, 0);
    const plain: RandomStream = { next: () => inner.next() };
    const copy = replicateStream(99, 0);
    const n = 200_000;
    const sample = draws(plain, n);
    for (let i = 0; i < 100; i++) expect(sample[i]).toBe(expInversion(copy));
    expect(ksStatistic(sample)).toBeLessThan(1.95);
    expect(Math.abs((moments(sample).mean - 1) / Math.sqrt(1 / n))).toBeLessThan(4);
  });
});
