/**
 * Local sensitivities at the nominal point by central finite differences:
 *   dy/dp ~ (y(p (1 + h)) - y(p (1 - h))) / (2 h p)                   (error O(h^2) y''' p^2)
 *   normalised (logarithmic) coefficient S = (p / y) dy/dp = d ln y / d ln p
 * (Varma, Morbidelli & Wu 1999, Parametric Sensitivity in Chemical Systems, ch. 2). A parameter with nominal 0
 * is stepped by h times its range width instead (S is then not defined: NaN). 2k + 1 evaluations.
 */
import { type SensitivityProblem, type RunOptions, requireNoFailures } from './common.js';
import { evaluatePoints } from './parallel.js';
import { ExosimError, diag } from '../../diagnostics.js';

export interface LocalResult {
  method: 'local';
  h: number;
  evaluations: number;
  threads: number;
  y0: number;
  params: { id: string; nominal: number; dydp: number; normalized: number }[];
}

export async function localAnalysis(problem: SensitivityProblem, opts: RunOptions & { h?: number; nominal?: Record<string, number> } = {}): Promise<LocalResult> {
  const h = opts.h ?? 1e-3;
  const k = problem.params.length;
  const nominal = problem.params.map((p) => opts.nominal?.[p.id] ?? p.nominal);
  const missing = problem.params.filter((_, i) => nominal[i] === undefined || !Number.isFinite(nominal[i]!));
  if (missing.length) throw new ExosimError([diag('E_SENS_PARAM', `No nominal value for ${missing.map((p) => p.id).join(', ')}.`, { hint: 'Local sensitivities are taken at the parameters\' default values; give them with --set id=value.' })]);
  const x0 = nominal as number[];
  const step = x0.map((v, i) => (v !== 0 ? h * Math.abs(v) : h * (problem.params[i]!.high - problem.params[i]!.low)));
  const rows = 2 * k + 1;
  const design = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) design[r * k + j] = x0[j]!;
  for (let i = 0; i < k; i++) {
    design[(1 + 2 * i) * k + i] = x0[i]! + step[i]!;
    design[(2 + 2 * i) * k + i] = x0[i]! - step[i]!;
  }
  const res = await evaluatePoints(problem.target, problem.params.map((p) => p.id), design, opts);
  requireNoFailures(res, rows);
  const y0 = res.y[0]!;
  return {
    method: 'local',
    h,
    evaluations: rows,
    threads: res.threads,
    y0,
    params: problem.params.map((p, i) => {
      const dydp = (res.y[1 + 2 * i]! - res.y[2 + 2 * i]!) / (2 * step[i]!);
      return { id: p.id, nominal: x0[i]!, dydp, normalized: x0[i] !== 0 && y0 !== 0 ? (dydp * x0[i]!) / y0 : NaN };
    }),
  };
}
