/**
 * simulate: run a compiled model with an ODE solver and return named, unit-labelled columns plus the run record.
 *
 * Steps: validate options -> parameter vector p = copy of the defaults with overrides (declared units ->
 * model base units) -> y0 = initialState(p, t0) -> events at t0 (handle(t0, y0, []): triggers with
 * initialValue false that are true at t0 fire now) -> integrate (driver: output times, root finding,
 * delayed executions) -> outputs in declared units -> RunRecord.
 * Absolute tolerance: the user's atol is in each species' declared unit; atol_i = atol * atolScale[i].
 */
import { createHash } from 'node:crypto';
import { ExosimError, diag, type Diagnostic } from './diagnostics.js';
import type { CompiledModel } from './compile/types.js';
import type { SbmlEventHooks } from './compile/events.js';
import { parameterLayout } from './compile/compile.js';
import type { SimulationResult, RunRecord } from './results.js';
import { getSolver, hasSolver, listSolvers } from './solvers/registry.js';
import { integrate } from './solvers/ode/driver.js';
import { resolveOdeSettings } from './solvers/ode/common.js';
import { closestNames, toBaseFactor } from './model/units.js';
import type { ParameterSource } from './model/types.js';

export interface SimulateOptions {
  /** Start time in model time units (default 0). */
  tStart?: number;
  /** End time in model time units. */
  tEnd: number;
  /** N -> N + 1 equally spaced output rows including both ends (default 100). */
  steps?: number;
  /** Explicit output times (alternative to steps): strictly increasing, within [tStart, tEnd]. */
  times?: number[];
  /** Solver id (default 'ode-auto'). */
  solver?: string;
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance in each species' declared unit (default 1e-12). */
  atol?: number;
  /** Extra solver settings (validated against the solver's descriptor). */
  settings?: Record<string, unknown>;
  /** Parameter values, species initial values and compartment sizes, in their declared units. */
  overrides?: Record<string, number>;
  onProgress?: (fraction: number) => void;
  shouldCancel?: () => boolean;
  /** Model text, hashed (sha256) into the run record. */
  modelText?: string;
  modelFile?: string;
  exosimVersion?: string;
  /** Seed of the run's random choices (ODE runs: ties between simultaneous events of equal priority). Default 0. */
  seed?: number;
}

function bad(message: string, hint: string, path: (string | number)[]): ExosimError {
  return new ExosimError([diag('E_BAD_OPTION', message, { hint, path })]);
}

/** Parameter vector with overrides applied (declared units -> base units). Throws E_UNKNOWN_OVERRIDE / E_BAD_OPTION. */
export function buildParameters(compiled: CompiledModel, overrides: Record<string, number> = {}): { p: Float64Array; overridden: Set<string> } {
  const flat = compiled.flat;
  const layout = parameterLayout(compiled);
  const p = Float64Array.from(compiled.defaultParameters);
  const problems: Diagnostic[] = [];
  const ruled = new Set(flat.assignmentRules.map((r) => r.variable));
  const ia = new Set(flat.initialAssignments.map((r) => r.variable));
  const overridden = new Set<string>();
  for (const [idv, value] of Object.entries(overrides)) {
    const path = ['overrides', idv];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(diag('E_BAD_OPTION', `Override ${idv} = ${String(value)} is not a finite number.`, { hint: 'Give a finite number in the declared unit.', path }));
      continue;
    }
    if (ruled.has(idv) || ia.has(idv)) {
      problems.push(
        diag('E_BAD_OPTION', `Cannot override '${idv}': it is computed by ${ruled.has(idv) ? 'an assignment rule' : 'an initial assignment'}.`, {
          hint: 'Override the parameters its formula uses instead.',
          path,
        }),
      );
      continue;
    }
    const pi = compiled.parameterIndex.get(idv);
    if (pi !== undefined) {
      const fp = flat.parameters[pi]!;
      p[pi] = value * (fp.unit ? toBaseFactor(flat.units, fp.unit) : 1);
      overridden.add(idv);
      continue;
    }
    const ci = flat.compartments.findIndex((c) => c.id === idv);
    if (ci >= 0) {
      p[layout.compartmentOffset + ci] = value * toBaseFactor(flat.units, flat.compartments[ci]!.unit);
      overridden.add(idv);
      continue;
    }
    const si = flat.species.findIndex((s) => s.id === idv);
    if (si >= 0) {
      // The species' declared unit is that of its initial value (amount or concentration): base = declared / outputFactor.
      p[layout.speciesInitialOffset + si] = value / flat.species[si]!.outputFactor;
      overridden.add(idv);
      continue;
    }
    const known = [...flat.parameters.map((x) => x.id), ...flat.compartments.map((x) => x.id), ...flat.species.map((x) => x.id)];
    const close = closestNames(idv, known);
    problems.push(
      diag('E_UNKNOWN_OVERRIDE', `Unknown id '${idv}' in overrides: not a parameter, species or compartment of model '${flat.id}'.`, {
        hint: close.length ? `Did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : 'List the model ids with `exosim compile --emit flat`.',
        path,
      }),
    );
  }
  if (problems.length) throw new ExosimError(problems);
  return { p, overridden };
}

function outputTimes(o: SimulateOptions, tStart: number): Float64Array {
  const tEnd = o.tEnd;
  if (o.times !== undefined) {
    const ts = o.times;
    if (!Array.isArray(ts) || ts.length === 0) throw bad('times must be a non-empty array of numbers.', 'Give at least one output time.', ['times']);
    ts.forEach((t, i) => {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < tStart || t > tEnd) {
        throw bad(`times[${i}] = ${String(t)} is outside [tStart, tEnd] = [${tStart}, ${tEnd}].`, 'Output times must lie within the simulated interval.', ['times', i]);
      }
      if (i > 0 && !(t > ts[i - 1]!)) throw bad(`times must be strictly increasing; times[${i}] = ${t} follows ${ts[i - 1]}.`, 'Sort the times and remove duplicates.', ['times', i]);
    });
    return Float64Array.from(ts);
  }
  const steps = o.steps ?? 100;
  if (!Number.isInteger(steps) || steps < 1) throw bad(`steps = ${steps} must be an integer >= 1.`, 'Use e.g. steps: 100 (101 output rows).', ['steps']);
  const out = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) out[i] = tStart + ((tEnd - tStart) * i) / steps;
  out[steps] = tEnd;
  return out;
}

export function simulate(compiled: CompiledModel, options: SimulateOptions): SimulationResult {
  const wall0 = performance.now();
  const flat = compiled.flat;
  const tStart = options.tStart ?? 0;
  const tEnd = options.tEnd;
  if (typeof tStart !== 'number' || !Number.isFinite(tStart)) throw bad(`tStart = ${String(tStart)} is not a finite number.`, 'Use a finite start time.', ['tStart']);
  if (typeof tEnd !== 'number' || !Number.isFinite(tEnd) || !(tEnd > tStart)) {
    throw bad(`tEnd = ${String(tEnd)} must be a finite number greater than tStart = ${tStart}.`, 'Set tEnd after tStart.', ['tEnd']);
  }
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-12;
  if (!(rtol > 0) || !Number.isFinite(rtol)) throw bad(`rtol = ${rtol} must be > 0.`, 'Typical values: 1e-6 to 1e-10.', ['rtol']);
  if (!(atol > 0) || !Number.isFinite(atol)) throw bad(`atol = ${atol} must be > 0.`, 'Use a small positive value in the species declared units.', ['atol']);
  const times = outputTimes(options, tStart);

  const solverId = options.solver ?? 'ode-auto';
  if (!hasSolver(solverId)) {
    const ids = listSolvers().map((s) => s.id);
    throw new ExosimError([
      diag('E_UNKNOWN_SOLVER', `Unknown solver '${solverId}'.`, { hint: `Known solvers: ${ids.join(', ')}.`, path: ['solver'] }),
    ]);
  }
  const solver = getSolver(solverId);

  const { p, overridden } = buildParameters(compiled, options.overrides);
  const y0 = compiled.initialState(p, tStart);
  const n = compiled.stateIds.length;
  const atolVec = new Float64Array(n);
  for (let i = 0; i < n; i++) atolVec[i] = atol * compiled.atolScale[i]!;
  const userSettings = { ...(options.settings ?? {}) };
  const settings = resolveOdeSettings({ ...userSettings, rtol, atol: n > 0 ? atolVec : atol }, solver);

  const pInitial = Float64Array.from(p); // after initial assignments, before any event
  const system = compiled.odeSystem(p);
  const hooks = compiled.eventHooks(p, tStart, y0, { seed: options.seed ?? 0 });
  const eventTimes: number[] = [];
  if (hooks) {
    const r = hooks.handle(tStart, y0, []);
    if (r.changed && !(hooks as Partial<SbmlEventHooks>).firedTimes) eventTimes.push(tStart);
  }

  const res = integrate(system, {
    t0: tStart,
    y0,
    outputTimes: times,
    solver,
    settings,
    ...(hooks ? { events: hooks } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shouldCancel ? { shouldCancel: options.shouldCancel } : {}),
  });
  const fired = (hooks as Partial<SbmlEventHooks> | undefined)?.firedTimes;
  if (fired) {
    // executions (incl. at t0), deduplicated when several events run at the same time
    for (const t of fired) if (eventTimes[eventTimes.length - 1] !== t) eventTimes.push(t);
  } else eventTimes.push(...res.eventTimes);

  const nRows = res.times.length;
  const nCols = compiled.outputs.length;
  const values = Array.from({ length: nCols }, () => new Float64Array(nRows));
  const row = new Float64Array(nCols);
  // Events may change p (parameters, compartment sizes): outputs at each row use the p in force then.
  // Output rows at an event time report the state after the event (driver convention), so p too.
  const history = (hooks as Partial<SbmlEventHooks> | undefined)?.parameterHistory ?? [];
  let pRow: Float64Array = pInitial;
  let h = 0;
  for (let i = 0; i < nRows; i++) {
    const ti = res.times[i]!;
    while (h < history.length && history[h]!.t <= ti + 4 * Number.EPSILON * Math.max(1, Math.abs(ti))) pRow = history[h++]!.p;
    compiled.computeOutputs(ti, res.states[i]!, pRow, row);
    for (let k = 0; k < nCols; k++) values[k]![i] = row[k]!;
  }

  const record = buildRunRecord(compiled, pInitial, overridden, options, {
    solver: { id: solver.id, settings: { ...recordSettings(settings), atol } },
    tStart,
    tEnd,
    outputPoints: times.length,
    stats: res.stats,
    status: res.status,
    eventTimes,
  });
  record.wallTimeMs = performance.now() - wall0;
  return { time: res.times, timeUnit: flat.units.time.text, columns: compiled.outputs, values, record };
}

/** Settings as plain JSON data (atol is recorded as the user's scalar, in declared units; see atolScale). */
function recordSettings(s: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) out[k] = v instanceof Float64Array ? Array.from(v) : v;
  return out;
}

/** What differs between kinds of run (time course, steady state) in a run record. */
export type RunRecordSpecifics = Pick<RunRecord, 'solver' | 'tStart' | 'tEnd' | 'outputPoints' | 'stats' | 'status' | 'eventTimes'>;

/**
 * The run record written beside every result: model hash, version, platform, the columns with their units, and
 * every parameter's value (declared unit, as used: `p` after overrides), unit and source. `wallTimeMs` is 0;
 * the caller sets it when the run is over.
 */
export function buildRunRecord(
  compiled: CompiledModel,
  p: Float64Array,
  overridden: ReadonlySet<string>,
  options: { overrides?: Record<string, number>; modelText?: string; modelFile?: string; exosimVersion?: string; seed?: number },
  specifics: RunRecordSpecifics,
): RunRecord {
  const flat = compiled.flat;
  const parameters: RunRecord['parameters'] = flat.parameters.map((fp) => {
    const f = fp.unit ? toBaseFactor(flat.units, fp.unit) : 1;
    const entry: { id: string; value: number; unit: string; source?: ParameterSource; overridden: boolean } = {
      id: fp.id,
      value: p[compiled.parameterIndex.get(fp.id)!]! / f,
      unit: fp.unit?.text ?? 'dimensionless',
      overridden: overridden.has(fp.id),
    };
    if (fp.source) entry.source = fp.source;
    return entry;
  });
  const proc = (globalThis as { process?: { version?: string; platform?: string } }).process;
  const record: RunRecord = {
    exosimVersion: options.exosimVersion ?? 'unknown',
    createdAt: new Date().toISOString(),
    modelHash: createHash('sha256').update(options.modelText ?? '').digest('hex'),
    modelId: flat.id,
    seed: compiled.eventsUseSeed ? (options.seed ?? 0) : null,
    timeUnit: flat.units.time.text,
    columns: compiled.outputs.map((c) => ({ ...c })),
    overrides: { ...(options.overrides ?? {}) },
    wallTimeMs: 0,
    parameters,
    node: proc?.version ?? 'unknown',
    platform: proc?.platform ?? 'unknown',
    ...specifics,
  };
  if (options.modelFile !== undefined) record.modelFile = options.modelFile;
  if (compiled.codegen !== undefined) record.codegen = compiled.codegen; // generated JavaScript or interpreter
  return record;
}

