/**
 * Contracts between compiled models and solvers. Solvers see only this narrow interface (packed state,
 * compiled functions), never the model or its parse tree (libRoadRunner's ExecutableModel idea).
 */

/** Compressed sparse row pattern of an n x n matrix. Column indices within a row are sorted ascending. */
export interface SparsityPattern {
  n: number;
  /** length n + 1 */
  rowPtr: Int32Array;
  /** length nnz */
  colIdx: Int32Array;
}

/** An ODE system dy/dt = f(t, y) on a packed Float64Array state of length n. */
export interface OdeSystem {
  readonly n: number;
  /** dydt <- f(t, y). Must not keep references to y or dydt. */
  rates(t: number, y: Float64Array, dydt: Float64Array): void;
  /** Dense analytic Jacobian, row-major: J[i * n + j] = d f_i / d y_j. Optional (solvers fall back to finite differences). */
  jacobian?(t: number, y: Float64Array, J: Float64Array): void;
  /** Sparsity pattern of the Jacobian (structural nonzeros; the diagonal need not be included). */
  sparsity?: SparsityPattern;
  /** Sparse analytic Jacobian: values[k] = J[i, colIdx[k]] for rowPtr[i] <= k < rowPtr[i+1]. */
  jacobianSparse?(t: number, y: Float64Array, values: Float64Array): void;
  /**
   * Optional: called by the driver after every accepted step (restart = false) and after an event changed the
   * state (restart = true), with the state at that time (not to be kept). Delay models record their solution
   * history here. `interpolate` (accepted steps only) is the stepper's dense output over the step just taken.
   */
  stepAccepted?(t: number, y: Float64Array, restart: boolean, interpolate?: (tq: number, out: Float64Array) => void): void;
  /**
   * Optional: the next time after t at which the solution is not smooth (e.g. t0 + j tau for a delay tau);
   * Infinity if none. The driver stops exactly there and restarts the stepper.
   */
  nextBreakpoint?(t: number): number;
  /** Optional: the largest step the solver may take (e.g. the smallest constant delay of a DDE). */
  readonly maxStep?: number;
}

/** Counters every stepper keeps (reported in run records and benchmarks). */
export interface SolverStats {
  steps: number;
  rejectedSteps: number;
  rhsEvals: number;
  jacobianEvals: number;
  luDecompositions: number;
  linearSolves: number;
  newtonIterations: number;
  newtonFailures: number;
}

export function emptyStats(): SolverStats {
  return { steps: 0, rejectedSteps: 0, rhsEvals: 0, jacobianEvals: 0, luDecompositions: 0, linearSolves: 0, newtonIterations: 0, newtonFailures: 0 };
}

/** Settings common to every ODE stepper. Tolerances follow CVODE: error weight w_i = 1 / (rtol |y_i| + atol_i). */
export interface OdeSettings {
  rtol: number;
  /** Scalar, or one value per state variable. */
  atol: number | Float64Array;
  /** Maximum number of steps over one `integrate` call before giving up (SolverError E_MAX_STEPS). */
  maxSteps: number;
  /** Initial step size; 0 = automatic (Hairer & Wanner's starting-step heuristic). */
  initialStep: number;
  /** Maximum step size; 0 = unlimited. */
  maxStep: number;
  /** Linear solver: dense LU, sparse LU, or auto (sparse when n >= 100 and the pattern is sparse). Stiff solvers only. */
  linearSolver: 'auto' | 'dense' | 'sparse';
  /** Extra stepper-specific settings (e.g. maxOrder for BDF), validated by the stepper's descriptor. */
  [extra: string]: unknown;
}

/**
 * A one-step-at-a-time integrator with dense output. Created at (t0, y0); the driver owns the loop.
 * After `step`, the interval [tPrev, t] is covered by `interpolate`.
 */
export interface Stepper {
  readonly t: number;
  readonly tPrev: number;
  /** Current state (owned by the stepper; read-only for callers; valid until the next call). */
  readonly y: Float64Array;
  readonly stats: SolverStats;
  /** Order of the method used in the last step (for reports). */
  readonly order: number;
  /**
   * Take one successful step, never stepping beyond `tStop` (a hard stop: output times are not hard stops,
   * discontinuities and scheduled events are). Throws SolverError on failure (step size underflow,
   * repeated Newton failure, NaN).
   */
  step(tStop: number): void;
  /** Dense output: out <- y(tq) for tq in [tPrev, t]. */
  interpolate(tq: number, out: Float64Array): void;
  /** Restart at (t, y) after a discontinuity (event assignment): drops history, keeps the step size hint. */
  restart(t: number, y: Float64Array): void;
}

export class SolverError extends Error {
  readonly code: string;
  readonly t: number;
  readonly hint: string;
  constructor(code: string, message: string, t: number, hint: string) {
    super(message);
    this.name = 'SolverError';
    this.code = code;
    this.t = t;
    this.hint = hint;
  }
}

export interface SettingDescriptor {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  default: number | boolean | string;
  unit?: string;
  help: string;
  choices?: string[];
}

/** Model features a solver can or cannot handle; a model needing a missing feature is refused loudly. */
export interface SolverFeatures {
  events: boolean;
  stiff: boolean;
  /** Uses the analytic Jacobian when the model provides one. */
  analyticJacobian: boolean;
  sparse: boolean;
  stochastic: boolean;
  delays: boolean;
  algebraicRules: boolean;
}

/** A solver describes itself (libRoadRunner's registrable integrators). CLI help and docs are generated from this. */
export interface OdeSolverDescriptor {
  id: string; // e.g. 'ode-dopri5'
  kind: 'ode';
  name: string;
  method: string; // one sentence
  references: string[];
  settings: SettingDescriptor[];
  features: SolverFeatures;
  create(system: OdeSystem, t0: number, y0: Float64Array, settings: OdeSettings): Stepper;
}

/**
 * Event hooks the driver calls. Root functions g_k(t, y) are continuous functions whose sign changes mark
 * candidate event times (compiled from the relational parts of triggers); the hooks decide what fires.
 */
export interface EventHooks {
  readonly rootCount: number;
  /** out[k] <- g_k(t, y). */
  roots(t: number, y: Float64Array, out: Float64Array): void;
  /** Earliest pending scheduled time strictly after `t` (delayed event executions); Infinity if none. */
  nextScheduledTime(t: number): number;
  /**
   * Called (a) at a located root time with `crossed` = indices of root functions that changed sign there,
   * (b) at a scheduled time with `crossed` = [] .
   * `before` (when given, length rootCount): the value of each root function at the last point before t where
   * the driver evaluated it (the side a crossed root came from; 0 when unknown).
   * May modify y in place. Returns whether y changed (the stepper is then restarted) and whether to stop.
   */
  handle(t: number, y: Float64Array, crossed: readonly number[], before?: Float64Array): { changed: boolean; terminate: boolean };
}

export interface IntegrateOptions {
  t0: number;
  y0: Float64Array;
  /** Strictly increasing output times, all >= t0. The state at each is written to the result. */
  outputTimes: Float64Array;
  solver: OdeSolverDescriptor;
  settings: OdeSettings;
  events?: EventHooks;
  /** Absolute tolerance for event time location (root finding on the dense output). Default 1e-12 * max(1, |t|). */
  eventTimeTol?: number;
  /** Called now and then with fraction done in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Polled between steps; when it returns true the run stops and returns what it has (status 'cancelled'). */
  shouldCancel?: () => boolean;
}

export interface IntegrateResult {
  /** Output times actually reached (a prefix of outputTimes when terminated or cancelled). */
  times: Float64Array;
  /** states[i] = state at times[i] (copies). */
  states: Float64Array[];
  status: 'done' | 'terminated' | 'cancelled';
  stats: SolverStats;
  /** Times at which events fired (for the run record). */
  eventTimes: number[];
}
