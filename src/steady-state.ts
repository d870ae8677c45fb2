/**
 * steadyState: the steady state of a compiled model, f(t0, y*) = 0, with named, unit-labelled values and a
 * run record (like simulate).
 *
 * Steps: refuse models with events (E_STEADY_STATE_EVENTS: a steady state of the event-free flow need not be
 * a steady state of the hybrid system) and models whose rates depend explicitly on `time`
 * (E_STEADY_STATE_TIME: f(t, y) = 0 for one t is not a steady state) -> parameter vector p with overrides
 * (declared units -> base units, buildParameters) -> y0 = initialState(p, t0) -> findSteadyState
 * (src/solvers/ode/steady-state.ts: damped Newton with the iteration matrix at alpha = 0, fallback to
 * integration by a stiff solver over growing horizons, Newton polish) -> outputs in declared units at (t0, y*).
 *
 * Tolerances: rtol (no unit) and atol in each species' declared unit; atol_i = atol * atolScale[i] in model
 * base units, as in simulate. Convergence: weighted RMS norm of f with weights 1/(rtol |y_i| + atol_i) below
 * 1 per model time unit (see findSteadyState).
 *
 * Conservation laws (e.g. A <-> B, A + B = T) make the Jacobian singular; Newton then fails to factor and the
 * integration fallback finds the steady state in the conservation class of y0.
 */
import { ExosimError, diag } from './diagnostics.js';
import type { CompiledModel, OutputColumn } from './compile/types.js';
import type { FunctionDef, Expr } from './expr/ast.js';
import { collectIdentifiers, inlineFunctions } from './expr/traverse.js';
import type { RunRecord } from './results.js';
import { buildParameters, buildRunRecord } from './simulate.js';
import { createIterationMatrix } from './solvers/linalg/iteration-matrix.js';
import { findSteadyState } from './solvers/ode/steady-state.js';
import { SolverError } from './solvers/types.js';

export interface ModelSteadyStateOptions {
  /** Parameter values, species initial values and compartment sizes, in their declared units. */
  overrides?: Record<string, number>;
  /** Relative tolerance (default 1e-8). */
  rtol?: number;
  /** Absolute tolerance in each species' declared unit (default 1e-12). */
  atol?: number;
  /** Time at which the (autonomous) rates are evaluated and the initial state computed (default 0). */
  t0?: number;
  /** Model text, hashed (sha256) into the run record. */
  modelText?: string;
  modelFile?: string;
  exosimVersion?: string;
}

export interface ModelSteadyStateResult {
  /** The model's output columns (species in declared units, then observables). */
  columns: OutputColumn[];
  /** One value per column, in the column's declared unit, at the steady state. */
  values: Float64Array;
  /** 'newton' when Newton converged from the initial state; 'integration' when the fallback was needed. */
  method: 'newton' | 'integration';
  /** Weighted RMS norm of f at the steady state (weights 1/(rtol |y_i| + atol_i), per model time unit). */
  residual: number;
  /** Newton iterations used (all attempts). */
  iterations: number;
  /** Run record: solver id 'steady-state', tStart = tEnd = t0, one output point. */
  record: RunRecord;
}

function bad(message: string, hint: string, path: (string | number)[]): ExosimError {
  return new ExosimError([diag('E_BAD_OPTION', message, { hint, path })]);
}

/** Where (if anywhere) the model's dynamics use `time` explicitly: reaction rates, rate rules, assignment rules. */
function explicitTimeUses(compiled: CompiledModel): string[] {
  const flat = compiled.flat;
  const defs = new Map<string, FunctionDef>(flat.functions.map((f) => [f.id, f]));
  const usesTime = (e: Expr): boolean => {
    let x = e;
    try {
      x = inlineFunctions(e, defs);
    } catch {
      // recursive definitions are rejected at validation; check the expression as written
    }
    return collectIdentifiers(x).has('time');
  };
  const where: string[] = [];
  for (const r of flat.reactions) if (usesTime(r.rate)) where.push(`the rate of reaction '${r.id}'`);
  for (const r of flat.rateRules) if (usesTime(r.expr)) where.push(`the rate rule for '${r.variable}'`);
  for (const r of flat.assignmentRules) if (usesTime(r.expr)) where.push(`the assignment rule for '${r.variable}'`);
  return where;
}

/** Steady state of a compiled model. Throws ExosimError (E_STEADY_STATE_EVENTS, E_STEADY_STATE_TIME,
 * E_NO_STEADY_STATE, E_BAD_OPTION, E_UNKNOWN_OVERRIDE, ...). */
export function steadyState(compiled: CompiledModel, options: ModelSteadyStateOptions = {}): ModelSteadyStateResult {
  const wall0 = performance.now();
  const flat = compiled.flat;
  const t0 = options.t0 ?? 0;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-12;
  if (typeof t0 !== 'number' || !Number.isFinite(t0)) throw bad(`t0 = ${String(t0)} is not a finite number.`, 'Use a finite time.', ['t0']);
  if (typeof rtol !== 'number' || !(rtol > 0) || !Number.isFinite(rtol)) throw bad(`rtol = ${rtol} must be > 0.`, 'Typical values: 1e-6 to 1e-10.', ['rtol']);
  if (typeof atol !== 'number' || !(atol > 0) || !Number.isFinite(atol)) throw bad(`atol = ${atol} must be > 0.`, 'Use a small positive value in the species declared units.', ['atol']);

  const fileOf = options.modelFile !== undefined ? { file: options.modelFile } : {};
  if (flat.events.length > 0) {
    throw new ExosimError([
      diag('E_STEADY_STATE_EVENTS', `Model '${flat.id}' has ${flat.events.length} event${flat.events.length === 1 ? '' : 's'} (${flat.events.map((e) => `'${e.id}'`).join(', ')}): its steady state is not well defined.`, {
        hint: 'Remove the events for a steady-state calculation, or simulate the model instead (exosim run).',
        path: ['events'],
        ...fileOf,
      }),
    ]);
  }
  const timeUses = explicitTimeUses(compiled);
  if (timeUses.length > 0) {
    throw new ExosimError([
      diag('E_STEADY_STATE_TIME', `Model '${flat.id}' depends explicitly on time in ${timeUses.join(', ')}: a non-autonomous model has no steady state.`, {
        hint: 'Replace `time` by a parameter (its value at the time of interest), or simulate the model instead (exosim run).',
        ...fileOf,
      }),
    ]);
  }

  const { p, overridden } = buildParameters(compiled, options.overrides);
  const pInitial = Float64Array.from(p);
  const y0 = compiled.initialState(p, t0);
  const n = compiled.stateIds.length;
  // atol_i = atol (declared unit) * atolScale_i (declared -> model base units), as in simulate.
  const atolVec = new Float64Array(n);
  for (let i = 0; i < n; i++) atolVec[i] = atol * compiled.atolScale[i]!;
  const system = compiled.odeSystem(p);

  let ss: ReturnType<typeof findSteadyState>;
  try {
    ss = findSteadyState(system, y0, { t0, rtol, atol: atolVec, createIterationMatrix });
  } catch (e) {
    if (e instanceof SolverError) {
      const noSs = e.code === 'E_NO_STEADY_STATE' || e.code === 'E_MAX_STEPS';
      throw new ExosimError([
        diag(noSs ? 'E_NO_STEADY_STATE' : e.code, noSs && e.code !== 'E_NO_STEADY_STATE' ? `No steady state found: ${e.message}` : e.message, {
          hint: e.hint || 'The model may oscillate or grow without bound; simulate it (exosim run) to see what it does.',
          ...fileOf,
        }),
      ]);
    }
    throw e;
  }

  const values = new Float64Array(compiled.outputs.length);
  compiled.computeOutputs(t0, ss.y, pInitial, values);

  const record = buildRunRecord(compiled, pInitial, overridden, options, {
    solver: { id: 'steady-state', settings: { rtol, atol, method: ss.method, residual: ss.residual, iterations: ss.iterations } },
    tStart: t0,
    tEnd: t0,
    outputPoints: 1,
    stats: ss.stats,
    status: 'done',
    eventTimes: [],
  });
  record.wallTimeMs = performance.now() - wall0;
  return { columns: compiled.outputs, values, method: ss.method, residual: ss.residual, iterations: ss.iterations, record };
}
