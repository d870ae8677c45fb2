/**
 * Helpers every scenario uses: compile a ModelDoc, simulate conditions (parameter overrides on one compiled
 * model), read columns, run stochastic ensembles in the calling thread, and build checks. Scenario code should
 * not reimplement these.
 */
import { ExosimError, diag, hasErrors } from '../diagnostics.js';
import { flattenModel } from '../model/flatten.js';
import { loadedFromDoc } from '../model/builder.js';
import type { ModelDoc } from '../model/types.js';
import { compileModel } from '../compile/compile.js';
import type { CompiledModel } from '../compile/types.js';
import { simulate, type SimulateOptions } from '../simulate.js';
import type { SimulationResult } from '../results.js';
import { simulateEnsemble, type EnsembleOptions, type EnsembleResult } from '../ensemble.js';
import type { ScenarioCheck, ScenarioSeries } from './types.js';

/** Compile a model document (validation, flattening, compilation); throws ExosimError with every problem. */
export function compileDoc(doc: ModelDoc, file = `${doc.id}.scenario`): CompiledModel {
  const fr = flattenModel(loadedFromDoc(doc, file));
  if (!fr.flat || hasErrors(fr.diagnostics)) throw new ExosimError(fr.diagnostics.filter((d) => d.severity !== 'warning'));
  return compileModel(fr.flat);
}

/**
 * One condition: the compiled model with `overrides` (declared units; the scenario's condition overrides first,
 * the user's --set on top), ODE solver ode-auto unless given. Throws ExosimError E_UNKNOWN_OVERRIDE for unknown ids.
 */
export function runCondition(compiled: CompiledModel, opts: Omit<SimulateOptions, 'overrides'> & { overrides?: Record<string, number>; set?: Record<string, number> }): SimulationResult {
  const { set, overrides, ...rest } = opts;
  return simulate(compiled, { ...rest, overrides: { ...(overrides ?? {}), ...(set ?? {}) } });
}

/** A column of a result by output id (species, parameter, observable); throws for unknown ids (a scenario bug). */
export function column(result: SimulationResult, id: string): number[] {
  const k = result.columns.findIndex((c) => c.id === id);
  if (k < 0) throw new Error(`scenario: no output column '${id}' (have ${result.columns.map((c) => c.id).join(', ')})`);
  return Array.from(result.values[k]!);
}

/** The unit of an output column. */
export function columnUnit(result: SimulationResult, id: string): string {
  const c = result.columns.find((c) => c.id === id);
  if (!c) throw new Error(`scenario: no output column '${id}'`);
  return c.unit;
}

/** Value of column `id` at time t (linear interpolation between output times; t within the output range). */
export function valueAt(result: SimulationResult, id: string, t: number): number {
  const y = column(result, id);
  const ts = result.time;
  if (t <= ts[0]!) return y[0]!;
  for (let i = 1; i < ts.length; i++) {
    if (t <= ts[i]!) {
      const w = (t - ts[i - 1]!) / (ts[i]! - ts[i - 1]!);
      return y[i - 1]! + w * (y[i]! - y[i - 1]!);
    }
  }
  return y[y.length - 1]!;
}

/** The last value of a column. */
export function finalValue(result: SimulationResult, id: string): number {
  const y = column(result, id);
  return y[y.length - 1]!;
}

/** First output time at which column `id` crosses `level` (upwards if rising, else downwards), or NaN. */
export function crossingTime(result: SimulationResult, id: string, level: number, direction: 'up' | 'down'): number {
  const y = column(result, id);
  const ts = result.time;
  for (let i = 1; i < y.length; i++) {
    const a = y[i - 1]!, b = y[i]!;
    const hit = direction === 'up' ? a < level && b >= level : a > level && b <= level;
    if (hit) return ts[i - 1]! + ((level - a) / (b - a)) * (ts[i]! - ts[i - 1]!);
  }
  return NaN;
}

/** A series for the plot from a result column. */
export function seriesOf(result: SimulationResult, id: string, condition: string, labels: { x?: string; y: string; scale?: number }): ScenarioSeries {
  const s = labels.scale ?? 1;
  return { x: Array.from(result.time), y: column(result, id).map((v) => v * s), xLabel: labels.x ?? `time (${result.timeUnit})`, yLabel: labels.y, condition };
}

/**
 * A stochastic ensemble in the calling thread (scenarios are small; no worker start-up): mean and SD (and any
 * other stats) per output time. Same seed, same numbers.
 */
export async function runEnsembleInProcess(compiled: CompiledModel, opts: Omit<EnsembleOptions, 'inProcess' | 'source'>): Promise<EnsembleResult> {
  return simulateEnsemble(compiled, { ...opts, inProcess: true });
}

/** Mean (or another stat) of column `id` from an ensemble result, per output time. */
export function ensembleStat(res: EnsembleResult, id: string, stat: string = 'mean'): number[] {
  const k = res.columns.findIndex((c) => c.id === id);
  const s = res.stats.indexOf(stat as never);
  if (k < 0 || s < 0) throw new Error(`scenario: no ensemble column '${id}' with stat '${stat}'`);
  return Array.from(res.series[k * res.stats.length + s]!.values);
}

// ------------------------------------------------------------------------------------------ checks

/** observed > reference (or < for 'down'), strictly, by at least `minRelative` of |reference| (default 1 %). */
export function checkDirection(name: string, expected: string, observed: number, reference: number, direction: 'up' | 'down', minRelative = 0.01, detail?: string): ScenarioCheck {
  const margin = minRelative * Math.abs(reference);
  const pass = direction === 'up' ? observed > reference + margin : observed < reference - margin;
  return { name, expected, observed: [observed, reference], pass, detail: detail ?? `[simulated, reference]; ${direction === 'up' ? 'higher' : 'lower'} by at least ${minRelative * 100} % required` };
}

/** low <= observed <= high, where [low, high] is the range the paper reports (or its uncertainty). */
export function checkRange(name: string, expected: string, observed: number, low: number, high: number, detail?: string): ScenarioCheck {
  return { name, expected, observed, pass: observed >= low && observed <= high, ...(detail !== undefined ? { detail } : {}) };
}

/** Throw E_SCENARIO_FAILED-style errors for invalid scenario use (unknown id etc.). */
export function scenarioError(code: string, message: string, hint: string): ExosimError {
  return new ExosimError([diag(code, message, { hint })]);
}
