/**
 * Sobol' (variance-based) global sensitivity with Saltelli sampling (Saltelli 2002, Comput Phys Commun 145:280;
 * Saltelli et al. 2010, ibid. 181:259): a 2k-dimensional Sobol' sequence (Joe & Kuo direction numbers, seeded
 * digital shift; sobol-sequence.ts) gives the unit matrices A (first k columns) and B (last k); AB_i is A with
 * column i from B. N (k + 2) evaluations give first-order S_i (Saltelli 2010) and total ST_i (Jansen 1999) with
 * bootstrap intervals (estimators.ts). N a power of two keeps the Sobol' points balanced.
 */
import { type SensitivityProblem, type RunOptions, requireNoFailures } from './common.js';
import { sobolIndices } from './estimators.js';
import { evaluatePoints } from './parallel.js';
import { fromUnit } from './params.js';
import { sobolPoints, SOBOL_MAX_DIM } from './sobol-sequence.js';
import { ExosimError, diag } from '../../diagnostics.js';

export interface SobolResult {
  method: 'sobol';
  n: number;
  evaluations: number;
  seed: number;
  threads: number;
  mean: number;
  variance: number;
  params: { id: string; S1: number; S1_ci: [number, number]; ST: number; ST_ci: [number, number]; low: number; high: number; scale: 'linear' | 'log' }[];
}

/** The Saltelli design in parameter values: rows A (N), B (N), AB_1 (N), ..., AB_k (N); k columns. */
export function saltelliDesign(problem: SensitivityProblem, n: number, seed: number): Float64Array {
  const k = problem.params.length;
  const u = sobolPoints(n, 2 * k, seed);
  const rows = n * (k + 2);
  const out = new Float64Array(rows * k);
  const put = (row: number, j: number, uu: number) => {
    out[row * k + j] = fromUnit(problem.params[j]!, uu);
  };
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < k; j++) {
      const a = u[r * 2 * k + j]!;
      const b = u[r * 2 * k + k + j]!;
      put(r, j, a);
      put(n + r, j, b);
      for (let i = 0; i < k; i++) put((2 + i) * n + r, j, j === i ? b : a);
    }
  }
  return out;
}

export async function sobolAnalysis(problem: SensitivityProblem, opts: RunOptions & { n?: number; bootstrap?: number } = {}): Promise<SobolResult> {
  const k = problem.params.length;
  const n = opts.n ?? 512;
  const seed = opts.seed ?? 0;
  if (2 * k > SOBOL_MAX_DIM) {
    throw new ExosimError([diag('E_SENS_TOO_MANY', `Sobol' analysis of ${k} parameters needs a ${2 * k}-dimensional sequence; at most ${Math.floor(SOBOL_MAX_DIM / 2)} parameters are supported.`, { hint: 'Screen with --method morris first and pass the important ones with --params.' })]);
  }
  if (!Number.isInteger(n) || n < 2) throw new ExosimError([diag('E_FLAG', `--n: Sobol' base sample must be an integer >= 2, got ${n}.`, { hint: 'Use a power of two, e.g. --n 512.' })]);
  const design = saltelliDesign(problem, n, seed);
  const ids = problem.params.map((p) => p.id);
  const r = await evaluatePoints(problem.target, ids, design, opts);
  requireNoFailures(r, n * (k + 2));
  const y = r.y;
  const fA = y.subarray(0, n);
  const fB = y.subarray(n, 2 * n);
  const fAB = Array.from({ length: k }, (_, i) => y.subarray((2 + i) * n, (3 + i) * n));
  const idx = sobolIndices(fA, fB, fAB, { seed, ...(opts.bootstrap !== undefined ? { bootstrap: opts.bootstrap } : {}) });
  return {
    method: 'sobol',
    n,
    evaluations: n * (k + 2),
    seed,
    threads: r.threads,
    mean: idx.mean,
    variance: idx.variance,
    params: problem.params.map((p, i) => ({ id: p.id, S1: idx.S1[i]!, S1_ci: idx.S1_ci[i]!, ST: idx.ST[i]!, ST_ci: idx.ST_ci[i]!, low: p.low, high: p.high, scale: p.scale })),
  };
}
