/**
 * Parameter scans: the output on a 1-D grid of one parameter or a 2-D grid of two (others at their defaults),
 * linear (from + (to - from) i / steps) or logarithmic (from (to / from)^(i / steps)) spacing, steps + 1 values.
 * Points are evaluated in parallel (parallel.ts); 2-D values are row-major z[i][j] for x[i], y[j].
 */
import { type RunOptions, requireNoFailures } from './common.js';
import { evaluatePoints } from './parallel.js';
import type { EvalTarget } from './target.js';
import { ExosimError, diag } from '../../diagnostics.js';

export interface ScanAxis {
  id: string;
  from: number;
  to: number;
  steps: number;
  log: boolean;
}

export interface ScanResult {
  method: 'scan';
  axes: ScanAxis[];
  /** Grid values per axis. */
  values: number[][];
  /** 1-D: output per x; 2-D: output z[i][j] at (x_i, y_j). */
  output: number[] | number[][];
  evaluations: number;
  threads: number;
}

export function axisValues(a: ScanAxis): number[] {
  if (!Number.isInteger(a.steps) || a.steps < 1) throw new ExosimError([diag('E_FLAG', `--steps: must be an integer >= 1, got ${a.steps}.`, { hint: 'Use e.g. --steps 20.' })]);
  if (!Number.isFinite(a.from) || !Number.isFinite(a.to) || a.from === a.to) throw new ExosimError([diag('E_SENS_RANGE', `Scan of '${a.id}': from = ${a.from} and to = ${a.to} must be finite and different.`, { hint: 'Give --from and --to with from != to.' })]);
  if (a.log && !(a.from > 0 && a.to > 0)) throw new ExosimError([diag('E_SENS_RANGE', `Log scan of '${a.id}' needs positive bounds (got ${a.from} .. ${a.to}).`, { hint: 'Use positive --from/--to, or drop --log.' })]);
  return Array.from({ length: a.steps + 1 }, (_, i) => (i === a.steps ? a.to : a.log ? a.from * (a.to / a.from) ** (i / a.steps) : a.from + ((a.to - a.from) * i) / a.steps));
}

export async function scan(target: EvalTarget, axes: ScanAxis[], opts: RunOptions = {}): Promise<ScanResult> {
  const values = axes.map(axisValues);
  const ids = axes.map((a) => a.id);
  if (axes.length === 1) {
    const xs = values[0]!;
    const res = await evaluatePoints(target, ids, Float64Array.from(xs), opts);
    requireNoFailures(res, xs.length);
    return { method: 'scan', axes, values, output: Array.from(res.y), evaluations: xs.length, threads: res.threads };
  }
  const [xs, ys] = values as [number[], number[]];
  const pts = new Float64Array(xs.length * ys.length * 2);
  let r = 0;
  for (const x of xs) for (const y of ys) {
    pts[r++] = x;
    pts[r++] = y;
  }
  const res = await evaluatePoints(target, ids, pts, opts);
  requireNoFailures(res, xs.length * ys.length);
  const z = xs.map((_, i) => Array.from(res.y.subarray(i * ys.length, (i + 1) * ys.length)));
  return { method: 'scan', axes, values, output: z, evaluations: xs.length * ys.length, threads: res.threads };
}
