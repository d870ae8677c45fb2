/**
 * What a sensitivity analysis evaluates: plain, structured-cloneable data (sent to worker threads as is), and the
 * evaluator built from it in each thread. Every evaluation is a deterministic function of its parameter values
 * (scenarios run with a fixed seed), so results never depend on which thread ran which point.
 *
 * - `function`: a built-in test function of the unit inputs (Ishigami, linear, product): references with analytic
 *   indices for the tests.
 * - `model`: a flat model (compiled in each thread) simulated with the ODE solver to time `t`; the output is a
 *   column (species, parameter, observable) at `t`, optionally log10-transformed.
 * - `scenario`: a registered scenario run with `--set`-style overrides; the output is a check's observed number
 *   (`check:<i>[:<j>]`, 1-based) or the last value of a series (`series:<name>`).
 */
import type { FlatModel } from '../../model/types.js';
import { compileModel } from '../../compile/compile.js';
import { simulate } from '../../simulate.js';
import { ExosimError, diag } from '../../diagnostics.js';

export type OutputTransform = 'none' | 'log10';

export type EvalTarget =
  | { kind: 'function'; name: string; params: number }
  | { kind: 'model'; flat: FlatModel; column: string; t: number; set: Record<string, number>; rtol?: number; solver?: string; transform?: OutputTransform }
  | { kind: 'scenario'; id: string; output: ScenarioOutput; set: Record<string, number>; seed: number; transform?: OutputTransform };

export type ScenarioOutput = { kind: 'check'; check: number; index: number } | { kind: 'series'; name: string };

/** One evaluation: parameter values (declared units; for functions the raw inputs) -> output number. */
export type Evaluate = (values: Record<string, number>) => Promise<number>;

// ------------------------------------------------------------------------------------------ test functions

/**
 * Ishigami & Homma (1990) function on x in [-pi, pi]^3: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, a = 7, b = 0.1.
 * Analytic indices (Sobol' & Levitan 1999; Saltelli et al. 2008 Global Sensitivity Analysis: The Primer, §4):
 * V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
 * V13 = b^2 pi^8 (1/18 - 1/50) -> S1 0.3139, S2 0.4424, S3 0, ST1 0.5576, ST2 0.4424, ST3 0.2437.
 */
export function ishigami(x: readonly number[], a = 7, b = 0.1): number {
  const [x1, x2, x3] = x as [number, number, number];
  return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
}

/** Built-in test functions of named inputs x1..xk (values as sampled from their ranges). */
export const TEST_FUNCTIONS: Record<string, (x: readonly number[]) => number> = {
  ishigami: (x) => ishigami(x),
  /** f = sum_i c_i x_i with c = (4, -2, 1, 0, 0.5, 0, ...): elementary effect of x_i is c_i * (range width). */
  linear: (x) => x.reduce((s, v, i) => s + (LINEAR_COEFFS[i] ?? 0) * v, 0),
  /** f = x1 * x2 + x3 (x4.. inert): EE of x1 = x2, of x2 = x1, of x3 = 1 (unit ranges). */
  product: (x) => x[0]! * x[1]! + x[2]!,
};

export const LINEAR_COEFFS = [4, -2, 1, 0, 0.5, 0];

// ------------------------------------------------------------------------------------------ evaluators

function transformed(y: number, t: OutputTransform | undefined): number {
  return t === 'log10' ? Math.log10(y) : y;
}

/** Build the evaluator of a target (in the calling thread; compiles models once). */
export async function makeEvaluator(target: EvalTarget): Promise<Evaluate> {
  if (target.kind === 'function') {
    const f = TEST_FUNCTIONS[target.name];
    if (!f) throw new ExosimError([diag('E_SENS_OUTPUT', `No built-in test function '${target.name}'.`, { hint: `Use one of ${Object.keys(TEST_FUNCTIONS).join(', ')}.` })]);
    return async (v) => f(Array.from({ length: target.params }, (_, i) => v[`x${i + 1}`] ?? 0));
  }
  if (target.kind === 'model') {
    const compiled = compileModel(target.flat);
    const { column, t, set } = target;
    return async (v) => {
      const r = simulate(compiled, { tEnd: t, steps: 1, rtol: target.rtol ?? 1e-8, ...(target.solver ? { solver: target.solver } : {}), overrides: { ...set, ...v } });
      const k = r.columns.findIndex((c) => c.id === column);
      const y = r.values[k]!;
      return transformed(y[y.length - 1]!, target.transform);
    };
  }
  const { getScenario } = await import('../../scenarios/registry.js');
  const scenario = getScenario(target.id);
  return async (v) => {
    const r = await scenario.run({ set: { ...target.set, ...v }, seed: target.seed });
    return transformed(scenarioOutputValue(r, target.output), target.transform);
  };
}

/** The number a scenario output names in a scenario result; throws E_SENS_OUTPUT when it is absent. */
export function scenarioOutputValue(r: { checks: { observed: number | number[] }[]; series: Record<string, { y: number[] }> }, out: ScenarioOutput): number {
  if (out.kind === 'check') {
    const c = r.checks[out.check - 1];
    const obs = c === undefined ? undefined : Array.isArray(c.observed) ? c.observed[out.index - 1] : out.index === 1 ? c.observed : undefined;
    if (obs === undefined) {
      throw new ExosimError([diag('E_SENS_OUTPUT', `The scenario has no check:${out.check}:${out.index} (it has ${r.checks.length} checks${c ? `; check ${out.check} has ${Array.isArray(c.observed) ? c.observed.length : 1} observed numbers` : ''}).`, { hint: "Run 'exosim scenario run <id>' to see the checks; name one as check:<i> or check:<i>:<j> (1-based)." })]);
    }
    return obs;
  }
  const s = r.series[out.name];
  if (!s) throw new ExosimError([diag('E_SENS_OUTPUT', `The scenario has no series '${out.name}'.`, { hint: `Series: ${Object.keys(r.series).join(', ')}.` })]);
  return s.y[s.y.length - 1]!;
}
