/**
 * Auxiliary values: quantities the generated kernels read from the parameter vector p but that are not
 * parameters. They live after the declared layout, p[auxOffset ..), and are (re)computed by providers before
 * every kernel evaluation (rates, Jacobian, outputs, event roots/triggers/assignments, initial state):
 *   - algebraic variables of algebraic rules and fast reactions (solved by Newton's method from the state);
 *   - delayed values delay(e, tau) (looked up in the solution history of the run).
 * This keeps the kernels themselves unchanged (ordinary reads of p[k]) and gives every back end (generated
 * JavaScript and the interpreter) the feature at once.
 *
 * Per-run state (the solution history of a delay model, the Newton start of an algebraic solve) belongs to one
 * simulation; every simulation works on its own copy of p (simulate() copies defaultParameters), so runs are
 * keyed by their parameter vector.
 */

/** One run's instance of a provider. */
export interface AuxRun {
  /** Write this provider's slots of p for the state (t, y). Called before any kernel reads them. */
  refresh(t: number, y: Float64Array): void;
  /**
   * Called by the integrator after each accepted step (restart = false) and after an event changed the state
   * (restart = true), with the state at the end of the step. Used by delay providers to record history.
   */
  stepAccepted?(t: number, y: Float64Array, restart: boolean, interpolate?: (tq: number, out: Float64Array) => void): void;
  /**
   * Called before an event assignment changes the state: may rewrite y (in place) to an equivalent state in
   * which the assignment has its intended meaning (fast reactions commit their equilibrium into y).
   */
  commit?(t: number, y: Float64Array): void;
  /** The next time after t where the solution is not smooth (a delay's breakpoint); Infinity if none. */
  nextBreakpoint?(t: number): number;
}

export interface AuxProvider {
  /** For messages and generated-code comments, e.g. 'algebraic rules' or 'delays'. */
  label: string;
  /** Largest step an integrator may take (a delay model's smallest constant delay); undefined when unbounded. */
  maxStep?: number;
  /**
   * True when the slot values depend on the current state y (algebraic variables). The analytic Jacobian of
   * the kernels treats p as constant, so it is then incomplete: odeSystem drops it and solvers use finite
   * differences. Delayed values depend on past states only (false).
   */
  dependsOnState: boolean;
  /** A run's instance for parameter vector p, starting at t0. */
  create(p: Float64Array, t0: number): AuxRun;
}

/** The providers of a compiled model and their runs, keyed by parameter vector. */
export class AuxRegistry {
  private readonly runs = new WeakMap<Float64Array, AuxRun[]>();
  constructor(readonly providers: readonly AuxProvider[]) {}

  get empty(): boolean {
    return this.providers.length === 0;
  }

  /** The smallest maxStep of the providers (undefined when none bounds the step). */
  get maxStep(): number | undefined {
    const m = Math.min(...this.providers.map((p) => p.maxStep ?? Infinity));
    return Number.isFinite(m) ? m : undefined;
  }

  get dependsOnState(): boolean {
    return this.providers.some((p) => p.dependsOnState);
  }

  /** Start (or restart) the runs for p at t0: a new simulation on this parameter vector. */
  start(p: Float64Array, t0: number): AuxRun[] {
    const r = this.providers.map((pr) => pr.create(p, t0));
    this.runs.set(p, r);
    return r;
  }

  /** The runs for p (started at t0 when none exist yet). */
  runsFor(p: Float64Array, t0: number): AuxRun[] {
    return this.runs.get(p) ?? this.start(p, t0);
  }

  /** Refresh every provider's slots of p for (t, y) once (no closure: for one-off calls such as output rows). */
  refreshOnce(p: Float64Array, t0: number, t: number, y: Float64Array): void {
    for (const r of this.runsFor(p, t0)) r.refresh(t, y);
  }

  /** A refresh function for p: every provider writes its slots for (t, y), in provider order. */
  refresher(p: Float64Array, t0: number): (t: number, y: Float64Array) => void {
    const runs = this.runsFor(p, t0);
    if (runs.length === 1) {
      const r = runs[0]!;
      return (t, y) => r.refresh(t, y);
    }
    return (t, y) => {
      for (const r of runs) r.refresh(t, y);
    };
  }

  /** The next breakpoint of p's runs after t (undefined when no provider has breakpoints). */
  breakpoints(p: Float64Array, t0: number): ((t: number) => number) | undefined {
    const runs = this.runsFor(p, t0).filter((r) => r.nextBreakpoint);
    if (!runs.length) return undefined;
    return (t) => {
      let b = Infinity;
      for (const r of runs) b = Math.min(b, r.nextBreakpoint!(t));
      return b;
    };
  }

  /** The commit function for p (undefined when no provider needs one). */
  committer(p: Float64Array, t0: number): ((t: number, y: Float64Array) => void) | undefined {
    const runs = this.runsFor(p, t0).filter((r) => r.commit);
    if (!runs.length) return undefined;
    return (t, y) => {
      for (const r of runs) r.commit!(t, y);
    };
  }

  /** The integrator's step callback for p (undefined when no provider records history). */
  stepCallback(p: Float64Array, t0: number): ((t: number, y: Float64Array, restart: boolean, interpolate?: (tq: number, out: Float64Array) => void) => void) | undefined {
    const runs = this.runsFor(p, t0).filter((r) => r.stepAccepted);
    if (!runs.length) return undefined;
    return (t, y, restart, interpolate) => {
      for (const r of runs) r.stepAccepted!(t, y, restart, interpolate);
    };
  }
}
