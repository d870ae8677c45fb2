/**
 * Sobol' index estimators from Saltelli samples, and bootstrap confidence intervals.
 *
 * With f_A, f_B (N runs each at the independent matrices A, B) and f_ABi (A with column i taken from B):
 * - total variance V = Var(f_A ∪ f_B) (2N runs),
 * - first order (Saltelli et al. 2010, Comput Phys Commun 181:259, Table 2 (b)):
 *     S_i = (1/N) sum_j f_B(j) (f_ABi(j) - f_A(j)) / V,
 * - total effect (Jansen 1999, ibid. Table 2 (f)):
 *     ST_i = (1/2N) sum_j (f_A(j) - f_ABi(j))^2 / V.
 * Confidence intervals: percentile bootstrap over the N rows j (Archer, Saltelli & Sobol' 1997, J Stat Comput
 * Simul 58:99), resampling rows jointly for A, B and every AB_i, with seeded streams (replicateStream(seed, b)).
 */
import { replicateStream } from '../../solvers/stochastic/rng.js';

export interface SobolIndices {
  S1: number[];
  ST: number[];
  S1_ci: [number, number][];
  ST_ci: [number, number][];
  /** Output variance and mean over A and B. */
  variance: number;
  mean: number;
}

/** Point estimates on the rows `rows` (indices into 0..N-1). */
function estimate(fA: Float64Array, fB: Float64Array, fAB: Float64Array[], rows: ArrayLike<number>): { S1: number[]; ST: number[]; V: number; mean: number } {
  const n = rows.length;
  let s = 0;
  let s2 = 0;
  for (let r = 0; r < n; r++) {
    const j = rows[r]!;
    s += fA[j]! + fB[j]!;
    s2 += fA[j]! ** 2 + fB[j]! ** 2;
  }
  const mean = s / (2 * n);
  const V = s2 / (2 * n) - mean * mean;
  const S1: number[] = [];
  const ST: number[] = [];
  for (const ab of fAB) {
    let a = 0;
    let t = 0;
    for (let r = 0; r < n; r++) {
      const j = rows[r]!;
      a += fB[j]! * (ab[j]! - fA[j]!);
      t += (fA[j]! - ab[j]!) ** 2;
    }
    S1.push(a / n / V);
    ST.push(t / (2 * n) / V);
  }
  return { S1, ST, V, mean };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Sobol' indices with `bootstrap` resamples (default 500) for 95 % percentile intervals. */
export function sobolIndices(fA: Float64Array, fB: Float64Array, fAB: Float64Array[], opts: { bootstrap?: number; seed?: number; level?: number } = {}): SobolIndices {
  const N = fA.length;
  const all = Array.from({ length: N }, (_, j) => j);
  const est = estimate(fA, fB, fAB, all);
  const B = opts.bootstrap ?? 500;
  const level = opts.level ?? 0.95;
  const k = fAB.length;
  const bs1: number[][] = Array.from({ length: k }, () => []);
  const bst: number[][] = Array.from({ length: k }, () => []);
  const rows = new Int32Array(N);
  for (let b = 0; b < B; b++) {
    const rng = replicateStream(opts.seed ?? 0, b + 1);
    for (let j = 0; j < N; j++) rows[j] = Math.floor(rng.next() * N);
    const e = estimate(fA, fB, fAB, rows);
    for (let i = 0; i < k; i++) {
      bs1[i]!.push(e.S1[i]!);
      bst[i]!.push(e.ST[i]!);
    }
  }
  const ci = (xs: number[]): [number, number] => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return [percentile(s, (1 - level) / 2), percentile(s, 1 - (1 - level) / 2)];
  };
  return { S1: est.S1, ST: est.ST, S1_ci: bs1.map(ci), ST_ci: bst.map(ci), variance: est.V, mean: est.mean };
}
