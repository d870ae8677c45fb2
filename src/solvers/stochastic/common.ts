/**
 * Shared pieces of the exact stochastic engines (ssa-direct, ssa-next-reaction, ssa-cr): settings resolution,
 * input checks, random draws, output recording, SBML event handling between firings, and the single-replicate
 * driver loop `runExact` that every exact engine plugs its selection core into.
 *
 * Trajectory semantics. An exact SSA trajectory is piecewise constant and right-continuous: the state in force
 * at an output time T is the state after every firing and event at times <= T. Output times are therefore
 * recorded just before the first firing strictly after them; an event located at (or within the root-finding
 * tolerance of) an output time shows the post-event state there (the SBML Test Suite convention the ODE driver
 * follows too, src/solvers/ode/driver.ts).
 *
 * Events (SBML Level 3 semantics live in the hooks, src/compile/events.ts; this file only decides WHEN to call
 * them, mirroring the ODE driver):
 *   - at t0: handle(t0, x, []) (triggers with initialValue false that are true at t0 fire now; simulate() does
 *     the same for ODE runs);
 *   - between firings the state x is fixed, but root functions g_k(t, x) may depend on time (`time >= 25`).
 *     After the engine drew its next firing time t + tau we look at (a) the earliest scheduled (delayed)
 *     execution ts = nextScheduledTime(t) and (b) sign changes of the active roots between t and
 *     min(t + tau, ts, tEnd) with x fixed; a sign change is located with the Illinois variant of regula falsi
 *     (Dowell & Jarratt, BIT 11 (1971) 168-174; the CVODE rootfinding the ODE driver uses) to
 *     |t_hi - t_lo| <= 1e-12 max(1, |t|), and handle(te, x, crossed, before) is called at te = the upper end of
 *     the final bracket. A root exactly 0 at a reference point is inactive until it leaves 0 (as in CVODE).
 *     A root that changes sign twice between two firings with x fixed is missed (as in CVODE between steps).
 *   - when an event changed the state (or a parameter), every propensity is recomputed and the pending firing
 *     is discarded: by memorylessness of the exponential waiting times the process restarted at te is exact.
 *     When it changed nothing, the pending firing is kept (also exact: given tau > te - t, the residual waiting
 *     time is again exponential with the same rate).
 *   - after each firing the roots are evaluated at the new state; if the sign (-, 0, +) of any root differs
 *     from its value just before the firing, handle(t, x, []) is called. A firing is a JUMP of g, not a
 *     continuous crossing: the hooks must evaluate each trigger with the actual post-jump values of g. Passing
 *     such roots in `crossed` would make the hooks substitute "the sign after a continuous crossing" (0 for
 *     `==`, the opposite of the last sign otherwise), which is wrong for a jump that lands exactly on 0 (P2
 *     reaching 30 under `P2 > 30` would count as > 30) or jumps over an `==` value. With crossed = [] the
 *     hooks see exactly the trigger values of the new state (DSMTS 003-04, case 00033: `P2 > 30`).
 *   - `terminate` from the hooks ends the run (status 'terminated'); outputs at the event time are written.
 *
 * Species copy numbers stay integers: x0 is rounded (Math.round) and so is the state after each event
 * assignment (an assignment such as X := X / 2 would otherwise leave a fractional copy number).
 */
import { findRoot } from '../root-find.js';
import { diag, ExosimError, type Diagnostic } from '../../diagnostics.js';
import { SolverError, type EventHooks, type SettingDescriptor } from '../types.js';
import type { RandomStream, ReactionSystem, StochasticRunOptions, StochasticRunResult, StochasticSolverDescriptor } from './types.js';

/** Poll shouldCancel every this many firings. */
export const POLL_EVERY = 4096;
/** More than this many event handlings at (numerically) the same time is an event loop (as in the ODE driver). */
export const MAX_EVENTS_AT_SAME_TIME = 10000;

// ------------------------------------------------------------------------------------------ settings

/** The `recomputeEvery` setting of engines that keep running sums of propensities. */
export const recomputeEverySetting: SettingDescriptor = {
  name: 'recomputeEvery',
  type: 'integer',
  default: 1000,
  help: 'Recompute the running total propensity (and group sums) from scratch every this many firings, bounding round-off drift of the incremental updates.',
};

/**
 * Settings with defaults filled in and values checked against the descriptor (E_SOLVER_SETTING_UNKNOWN,
 * E_SOLVER_SETTING_TYPE, E_SOLVER_SETTING_RANGE for negative numbers). Throws ExosimError with all problems.
 */
export function resolveStochasticSettings(
  partial: Record<string, unknown> | undefined,
  descriptor: Pick<StochasticSolverDescriptor, 'id' | 'settings'>,
): Record<string, unknown> {
  const known = new Map(descriptor.settings.map((d) => [d.name, d] as const));
  const out: Record<string, unknown> = {};
  for (const d of descriptor.settings) out[d.name] = d.default;
  const problems: Diagnostic[] = [];
  for (const [name, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    const d = known.get(name);
    const path = ['solver', name];
    if (!d) {
      problems.push(
        diag('E_SOLVER_SETTING_UNKNOWN', `Solver '${descriptor.id}' has no setting '${name}'.`, {
          hint: known.size ? `Known settings: ${[...known.keys()].join(', ')}.` : `Solver '${descriptor.id}' has no settings.`,
          path,
        }),
      );
      continue;
    }
    let ok = true;
    if (d.type === 'number' || d.type === 'integer') {
      if (typeof value !== 'number' || !Number.isFinite(value) || (d.type === 'integer' && !Number.isInteger(value))) {
        problems.push(diag('E_SOLVER_SETTING_TYPE', `Solver setting '${name}' must be a finite ${d.type}, got ${JSON.stringify(value)}.`, { hint: `${d.help} Default: ${d.default}.`, path }));
        ok = false;
      } else if (value < 0) {
        problems.push(diag('E_SOLVER_SETTING_RANGE', `Solver setting '${name}' = ${value} must be >= 0.`, { hint: `${d.help} Default: ${d.default}.`, path }));
        ok = false;
      }
    } else if (d.type === 'boolean') {
      if (typeof value !== 'boolean') {
        problems.push(diag('E_SOLVER_SETTING_TYPE', `Solver setting '${name}' must be true or false, got ${JSON.stringify(value)}.`, { hint: `Default: ${d.default}.`, path }));
        ok = false;
      }
    } else if (typeof value !== 'string' || (d.choices && !d.choices.includes(value))) {
      problems.push(
        diag('E_SOLVER_SETTING_TYPE', `Solver setting '${name}' must be ${d.choices ? `one of ${d.choices.join(', ')}` : 'a string'}, got ${JSON.stringify(value)}.`, {
          hint: `Default: ${d.default}.`,
          path,
        }),
      );
      ok = false;
    }
    if (ok) out[name] = value;
  }
  if (problems.length) throw new ExosimError(problems);
  return out;
}

/** A numeric setting from already-resolved settings, or its default when missing / not a number. */
export function numberSetting(settings: Record<string, unknown>, name: string, fallback: number): number {
  const v = settings[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** A string setting, or its default. */
export function stringSetting(settings: Record<string, unknown>, name: string, fallback: string): string {
  const v = settings[name];
  return typeof v === 'string' ? v : fallback;
}

// ------------------------------------------------------------------------------------------ checks

/**
 * What the exact engines cannot simulate: propensities that vary between firings (explicit `time` or continuous
 * states in rate laws: E_TIME_DEPENDENT_PROPENSITY) and continuous states (E_STOCHASTIC_CONTINUOUS_STATE).
 * Time-dependent event triggers are fine (handled between firings).
 */
export function checkExactSupported(system: ReactionSystem, solverId: string, t0: number): void {
  if (system.continuous.length > 0) {
    const ids = Array.from(system.continuous, (i) => system.stateIds[i] ?? `#${i}`);
    throw new SolverError(
      'E_STOCHASTIC_CONTINUOUS_STATE',
      `${solverId} is an exact discrete-state engine; the model has continuous state(s) set by rate rules: ${ids.join(', ')}.`,
      t0,
      'Use ssa-hybrid (continuous states integrated alongside the jumps) or an ODE solver.',
    );
  }
  if (system.timeDependent) {
    throw new SolverError(
      'E_TIME_DEPENDENT_PROPENSITY',
      `${solverId} needs propensities that stay constant between firings; some rate law of this model reads \`time\` (directly or through a rule or a rate-rule variable).`,
      t0,
      'Use ssa-hybrid (which integrates time-varying propensities) or an ODE solver; or replace the time-dependence by events that change a parameter.',
    );
  }
}

/** Output times strictly increasing, finite, >= t0; x0 of length n with finite entries. */
export function checkRunOptions(system: ReactionSystem, opts: StochasticRunOptions): void {
  const { t0, outputTimes: outT, x0 } = opts;
  if (!Number.isFinite(t0)) throw new SolverError('E_OUTPUT_TIMES', `Start time ${t0} is not finite.`, t0, 'Use a finite start time.');
  for (let i = 0; i < outT.length; i++) {
    const ti = outT[i]!;
    if (!Number.isFinite(ti) || ti < t0 || (i > 0 && !(ti > outT[i - 1]!))) {
      throw new SolverError(
        'E_OUTPUT_TIMES',
        `Output times must be finite, >= t0 = ${t0} and strictly increasing; entry ${i} is ${ti}${i > 0 ? ` after ${outT[i - 1]}` : ''}.`,
        t0,
        'Sort the output times and remove duplicates.',
      );
    }
  }
  if (x0.length !== system.n) {
    throw new SolverError('E_BAD_INITIAL', `Initial state has ${x0.length} entries, the system has ${system.n}.`, t0, 'Pass one initial value per state variable.');
  }
  for (let i = 0; i < x0.length; i++) {
    if (!Number.isFinite(x0[i]!)) {
      throw new SolverError('E_BAD_INITIAL', `Initial value of state '${system.stateIds[i] ?? i}' is ${x0[i]}.`, t0, 'Check initial assignments for divisions by zero or missing values.');
    }
  }
}

/** Mask of continuous states (1) among the n states. */
export function continuousMask(system: ReactionSystem): Uint8Array {
  const m = new Uint8Array(system.n);
  for (const i of system.continuous) m[i] = 1;
  return m;
}

/** Round the species (non-continuous states) of x to integers in place (Math.round: nearest, halves up). */
export function roundSpecies(x: Float64Array, continuous?: Uint8Array): void {
  for (let i = 0; i < x.length; i++) if (!continuous || !continuous[i]) x[i] = Math.round(x[i]!);
}

/** The error for a propensity that is negative, NaN or infinite. */
export function badPropensity(system: ReactionSystem, k: number, t: number, a: number): SolverError {
  return new SolverError(
    'E_NEGATIVE_PROPENSITY',
    `Propensity of reaction '${system.reactionIds[k] ?? `#${k}`}' is ${a} at t = ${t}; a propensity must be a finite number >= 0.`,
    t,
    'Check the rate law: it must not become negative (use max(0, ...) or mass action), divide by zero, or be used for a reversible net rate (split a reversible reaction into two irreversible ones for stochastic runs).',
  );
}

/** out <- all propensities at (t, x), each checked (E_NEGATIVE_PROPENSITY). Returns their sum. */
export function allPropensities(system: ReactionSystem, t: number, x: Float64Array, out: Float64Array): number {
  system.propensities(t, x, out);
  let s = 0;
  for (let k = 0; k < out.length; k++) {
    const a = out[k]!;
    if (!(a >= 0 && a < Infinity)) throw badPropensity(system, k, t, a);
    s += a;
  }
  return s;
}

// ------------------------------------------------------------------------------------------ random draws

/*
 * Exp(1) by the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat method for generating random variables",
 * J. Stat. Softw. 5(8), doi:10.18637/jss.v005.i08: the exponential version REXP with 256 layers), with the layer
 * index and the abscissa taken from DISJOINT bits of one 32-bit output, as Doornik (2005, "An improved ziggurat
 * method to generate normal random samples") recommends: in Marsaglia & Tsang's code the index is the low 8 bits
 * of the same word that gives the abscissa, which correlates the two.
 *
 * The density f(x) = e^-x, x >= 0, is covered by 256 regions of equal area V = 3.949659822581572e-3:
 *   - layer 0 (base): the rectangle [0, R] x [0, f(R)] plus the tail x > R (area R f(R) + f(R) = V), R = x_255 =
 *     7.69711747013104972, drawn as a rectangle of width Q = V / f(R) > R;
 *   - layers i = 1..255: the rectangles [0, x_i] x [f(x_i), f(x_{i-1})], x_0 = 0 < x_1 < ... < x_255 = R, with
 *     x_i (f(x_{i-1}) - f(x_i)) = V, i.e. x_{i-1} = -ln(V / x_i + f(x_i)) (computed below from x_255 = R down).
 * One draw: u = 32-bit output; i = u & 255 (uniform layer), j = u >>> 8 (uniform on 0..2^24 - 1), x = j w_i with
 * w_i = x_i / 2^24 (w_0 = Q / 2^24): a uniform point of the layer's width (on a grid of 2^24 points). Then
 *   - j < k_i = 2^24 x_{i-1} / x_i (k_0 = 2^24 R / Q): x lies in the part of the layer entirely under f: accept
 *     (probability 98.9 % per draw; no log, no exp);
 *   - i = 0, x beyond R: the tail. By memorylessness X | X > R ~ R + Exp(1): return R - ln(1 - U) with a 53-bit
 *     U in [0, 1) (1 - U in (0, 1]), exact;
 *   - 1 <= i: wedge, accept x when a uniform ordinate y = f(x_i) + U (f(x_{i-1}) - f(x_i)) lies under e^-x,
 *     otherwise start over with a new 32-bit output (rejection: exact).
 * So every region is chosen with probability 1/256 = its share of the unit area, the point is uniform in it and
 * kept iff under the curve: the accepted x has density e^-x exactly, up to the 2^-24 x_i grid of the abscissa
 * (cells <= R / 2^24 = 4.6e-7 wide; the inversion -ln(1 - U) has its own grid from the 53-bit U) and to the
 * double rounding of the tables (the recursion from x_255 leaves the top layer's area within ~1e-12 relative of V).
 */
const ZIG_R = 7.69711747013104972; // x_255: right edge of the widest layer (start of the tail)
const ZIG_V = 3.949659822581572e-3; // area of each of the 256 regions
const ZIG_SCALE = 16777216; // 2^24: the abscissa's resolution per layer
/** k_i: accept j < k_i without the density test. */
const zigK = new Float64Array(256);
/** w_i: abscissa per unit of j. */
const zigW = new Float64Array(256);
/** f_i = e^-x_i (f_0 = 1). */
const zigF = new Float64Array(256);
{
  const q = ZIG_V / Math.exp(-ZIG_R);
  zigK[0] = (ZIG_R / q) * ZIG_SCALE;
  zigK[1] = 0;
  zigW[0] = q / ZIG_SCALE;
  zigW[255] = ZIG_R / ZIG_SCALE;
  zigF[0] = 1;
  zigF[255] = Math.exp(-ZIG_R);
  let de = ZIG_R;
  let te = ZIG_R;
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ZIG_V / de + Math.exp(-de)); // x_i from x_{i+1}
    zigK[i + 1] = (de / te) * ZIG_SCALE;
    te = de;
    zigF[i] = Math.exp(-de);
    zigW[i] = de / ZIG_SCALE;
  }
}

/** A stream that also gives its raw 32-bit outputs (uniform on 0..2^32 - 1). */
export type Uint32Stream = RandomStream & { nextUint32(): number };

/** Exp(1) variate by the ziggurat (see the comment above): one 32-bit output and a table look-up in 98.9 % of draws. */
export function expZiggurat(rng: Uint32Stream): number {
  return expZigguratFrom(rng, rng.nextUint32());
}

/**
 * The ziggurat draw whose first 32-bit output `u` was already taken from `rng` (engines that inline the fast
 * path, u's layer test, call this for the rest): consumes exactly what expZiggurat would after u.
 */
export function expZigguratFrom(rng: Uint32Stream, u: number): number {
  for (;;) {
    const i = u & 255;
    const j = u >>> 8;
    if (j < zigK[i]!) return j * zigW[i]!;
    if (i === 0) return ZIG_R - Math.log(1 - rng.next()); // tail: R + Exp(1)
    const x = j * zigW[i]!;
    const fi = zigF[i]!;
    if (fi + rng.next() * (zigF[i - 1]! - fi) < Math.exp(-x)) return x; // wedge
    u = rng.nextUint32();
  }
}

/** The ziggurat's acceptance bounds k_i and abscissa scales w_i (read-only), for engines inlining the fast path. */
export const ZIGGURAT_K: Readonly<Float64Array> = zigK;
export const ZIGGURAT_W: Readonly<Float64Array> = zigW;

/** Exp(1) variate by inversion: -ln(1 - U), U in [0, 1) so 1 - U in (0, 1] and the result is finite, >= 0. */
export function expInversion(rng: RandomStream): number {
  return -Math.log(1 - rng.next());
}

/**
 * Exp(1) variate: the ziggurat when the stream gives its raw 32-bit outputs (RandomStream.nextUint32, as
 * replicateStream's xoshiro128** does), else inversion. Both are exact in distribution; they consume different
 * numbers of outputs, so the same seed gives different trajectories under the two.
 */
export function expDraw(rng: RandomStream): number {
  return rng.nextUint32 !== undefined ? expZiggurat(rng as Uint32Stream) : expInversion(rng);
}

/** Uniform variate in [0, 1). */
export function uniformDraw(rng: RandomStream): number {
  return rng.next();
}

// ------------------------------------------------------------------------------------------ outputs

/** Records the state in force at each output time into states[i * n + j]. */
export class OutputRecorder {
  readonly states: Float64Array;
  reached = 0;
  constructor(
    private readonly outT: Float64Array,
    private readonly n: number,
  ) {
    this.states = new Float64Array(outT.length * n);
  }
  /** Record x at every pending output time < tLimit (x is the state in force on [t, tLimit)). */
  writeBefore(tLimit: number, x: Float64Array): void {
    const outT = this.outT;
    while (this.reached < outT.length && outT[this.reached]! < tLimit) this.states.set(x, this.reached++ * this.n);
  }
  /** Record x at every pending output time <= tLimit. */
  writeUpTo(tLimit: number, x: Float64Array): void {
    const outT = this.outT;
    while (this.reached < outT.length && outT[this.reached]! <= tLimit) this.states.set(x, this.reached++ * this.n);
  }
}

// ------------------------------------------------------------------------------------------ events

/** Root-finding tolerance on t (absolute): 1e-12 relative, as the ODE driver's default. */
export function eventTimeTol(t: number): number {
  return 1e-12 * Math.max(1, Math.abs(t));
}

const sgn = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);

/**
 * Drives EventHooks for a piecewise-constant state (see the file comment). Usage per engine step:
 * find(t, tH, x) -> event time in (t, tH] or Infinity; if finite, fire(te, x); otherwise, after the reaction
 * fired at tH, afterFiring(tH, x).
 */
export class EventWatcher {
  readonly m: number;
  private readonly gRef: Float64Array; // roots at the current reference point (t, x)
  private readonly gLo: Float64Array;
  private readonly gHi: Float64Array;
  private readonly gMid: Float64Array;
  private readonly active: Uint8Array;
  private readonly crossed: number[] = [];
  private lastTime = NaN;
  private atSameTime = 0;
  /** Whether gHi holds the roots at (tH, x) from the last find() without event (used by afterFiring). */
  private preValid = false;

  constructor(private readonly hooks: EventHooks) {
    this.m = hooks.rootCount;
    this.gRef = new Float64Array(this.m);
    this.gLo = new Float64Array(this.m);
    this.gHi = new Float64Array(this.m);
    this.gMid = new Float64Array(this.m);
    this.active = new Uint8Array(this.m);
  }

  /** Reference roots at (t, x); roots exactly 0 are inactive until they leave 0. */
  private setReference(t: number, x: Float64Array): void {
    if (this.m === 0) return;
    this.hooks.roots(t, x, this.gRef);
    for (let k = 0; k < this.m; k++) this.active[k] = this.gRef[k] !== 0 ? 1 : 0;
  }

  private count(t: number): void {
    if (Math.abs(t - this.lastTime) <= eventTimeTol(t)) {
      if (++this.atSameTime > MAX_EVENTS_AT_SAME_TIME) {
        throw new SolverError(
          'E_EVENT_LOOP',
          `More than ${MAX_EVENTS_AT_SAME_TIME} events fired at t = ${t}: the event assignments keep re-triggering each other.`,
          t,
          'Check event triggers and assignments: an assignment must not immediately re-arm its own trigger.',
        );
      }
    } else this.atSameTime = 0;
    this.lastTime = t;
  }

  /** SBML events at t0 (handle(t0, x, [])), then the root reference. */
  start(t0: number, x: Float64Array): { changed: boolean; terminate: boolean } {
    const r = this.hooks.handle(t0, x, this.crossed.splice(0));
    this.setReference(t0, x);
    this.lastTime = t0;
    return r;
  }

  /**
   * The earliest event time in (t, tH] with x fixed (a located root crossing, or a scheduled execution), or
   * Infinity if none. The event found is executed by fire().
   */
  find(t: number, tH: number, x: Float64Array): number {
    this.preValid = false;
    const hooks = this.hooks;
    const m = this.m;
    const tS = hooks.nextScheduledTime(t);
    const tLim = tS < tH ? tS : tH;
    this.crossed.length = 0;
    if (m > 0) {
      const gLo = this.gLo, gHi = this.gHi, gMid = this.gMid, active = this.active;
      gLo.set(this.gRef);
      hooks.roots(tLim, x, gHi);
      const te = this.locate(t, tLim, x, gLo, gHi, gMid, active);
      if (te === te) {
        return te;
      }
      // no crossing up to tLim: gHi now holds the roots at (tLim, x)
      this.preValid = tLim === tH;
    }
    if (tS <= tH) {
      return tS;
    }
    return Infinity;
  }

  /**
   * CVODE-style search (cvRootfind; same algorithm as the ODE driver's findRoot) for the earliest crossing
   * of an active root in (tLo, tHi] with x fixed. Returns the time (upper end of the final bracket) and fills
   * `crossed`, or NaN if no root changed sign. On return gLo holds the roots at the lower end of the bracket.
   */
  private locate(tLo0: number, tHi0: number, x: Float64Array, gLo: Float64Array, gHi: Float64Array, gMid: Float64Array, active: Uint8Array): number {
    const m = this.m;
    const tHi = findRoot(tLo0, tHi0, gLo, gHi, gMid, active, (t, out) => this.hooks.roots(t, x, out), eventTimeTol(tHi0));
    if (!(tHi === tHi)) return NaN;
    const crossed = this.crossed;
    crossed.length = 0;
    for (let k = 0; k < m; k++) {
      if (!active[k]) continue;
      const gh = gHi[k]!;
      if (gh === 0 || gLo[k]! * gh < 0) crossed.push(k);
    }
    return tHi;
  }

  /** Execute the event found by find() at te (x may change in place). */
  fire(te: number, x: Float64Array): { changed: boolean; terminate: boolean } {
    this.count(te);
    const r = this.hooks.handle(te, x, this.crossed, this.crossed.length ? this.gLo : undefined);
    this.crossed.length = 0;
    this.setReference(te, x);
    return r;
  }

  /**
   * After a firing at t: handle(t, x, []) when the sign of some root changed with the jump (see the file
   * comment for why crossed is empty). Returns null when nothing was called.
   */
  afterFiring(t: number, x: Float64Array): { changed: boolean; terminate: boolean } | null {
    const m = this.m;
    if (m === 0) return null;
    const gNew = this.gMid;
    this.hooks.roots(t, x, gNew);
    // signs just before the jump: roots at (t, x_old) from find(), else the reference
    const gPre = this.preValid ? this.gHi : this.gRef;
    let changed = false;
    for (let k = 0; k < m; k++) {
      if (sgn(gNew[k]!) !== sgn(gPre[k]!)) {
        changed = true;
        break;
      }
    }
    if (!changed) {
      this.gRef.set(gNew);
      for (let k = 0; k < m; k++) this.active[k] = gNew[k] !== 0 ? 1 : 0;
      return null;
    }
    this.count(t);
    const r = this.hooks.handle(t, x, []);
    this.setReference(t, x);
    return r;
  }
}

// ------------------------------------------------------------------------------------------ driver loop

/**
 * The selection core of an exact engine, working on the driver's state vector x (in place).
 * reset(t): recompute every propensity at (t, x) and forget any pending firing (start, after an event).
 * next(t): the absolute time of the next firing (Infinity when no reaction can fire); remembers its choice
 *   (direct methods may defer the choice of the reaction to fire()).
 * fire(t): apply the reaction chosen for time t to x and update the propensities that depend on it. Returns
 *   false if, after exact recomputation, no reaction could fire (round-off guard; nothing changed).
 */
export interface ExactCore {
  reset(t: number): void;
  next(t: number): number;
  fire(t: number): boolean;
}

/**
 * One replicate of an exact engine: checks, rounding, events, outputs, cancellation. `makeCore` builds the
 * engine's selection core on the driver's state vector.
 */
export function runExact(system: ReactionSystem, opts: StochasticRunOptions, solverId: string, makeCore: (x: Float64Array) => ExactCore): StochasticRunResult {
  checkRunOptions(system, opts);
  const t0 = opts.t0;
  checkExactSupported(system, solverId, t0);
  const n = system.n;
  const outT = opts.outputTimes;
  const nOut = outT.length;
  const x = Float64Array.from(opts.x0);
  roundSpecies(x);
  const rec = new OutputRecorder(outT, n);
  let firings = 0;
  let events = 0;
  const result = (status: StochasticRunResult['status']): StochasticRunResult => ({ states: rec.states, reached: rec.reached, firings, steps: firings, events, status });
  if (nOut === 0) return result('done');
  const tEnd = outT[nOut - 1]!;

  const ev = opts.events ? new EventWatcher(opts.events) : null;
  if (ev) {
    const r = ev.start(t0, x);
    if (r.changed) {
      events++;
      roundSpecies(x);
    }
    if (r.terminate) {
      rec.writeUpTo(t0, x);
      return result('terminated');
    }
  }
  const core = makeCore(x);
  core.reset(t0);
  let t = t0;
  let tNext = core.next(t);
  const shouldCancel = opts.shouldCancel;
  let sincePoll = 0;
  if (shouldCancel && shouldCancel()) return result('cancelled');

  for (;;) {
    if (ev) {
      const tH = tNext < tEnd ? tNext : tEnd;
      const te = ev.find(t, tH, x);
      if (te <= tH) {
        // the pending firing lies after te: x is in force on [t, te)
        rec.writeBefore(te - eventTimeTol(te), x);
        const r = ev.fire(te, x);
        t = te;
        if (r.changed) {
          events++;
          roundSpecies(x);
        }
        if (r.terminate) {
          rec.writeUpTo(te + eventTimeTol(te), x);
          return result('terminated');
        }
        if (r.changed) {
          core.reset(t);
          tNext = core.next(t);
        }
        continue;
      }
    }
    if (tNext > tEnd) break;
    rec.writeBefore(tNext, x);
    t = tNext;
    if (core.fire(t)) {
      firings++;
      if (ev) {
        const r = ev.afterFiring(t, x);
        if (r) {
          if (r.changed) {
            events++;
            roundSpecies(x);
          }
          if (r.terminate) {
            rec.writeUpTo(t + eventTimeTol(t), x);
            return result('terminated');
          }
          if (r.changed) core.reset(t);
        }
      }
    }
    tNext = core.next(t);
    if (shouldCancel && ++sincePoll >= POLL_EVERY) {
      sincePoll = 0;
      if (shouldCancel()) return result('cancelled');
    }
  }
  rec.writeUpTo(tEnd, x);
  return result('done');
}
