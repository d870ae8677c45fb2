/**
 * ssa-tau-leap: adaptive explicit tau-leaping with the step selection of Cao, Gillespie & Petzold (2006),
 * critical reactions, an exact-SSA fallback and rejection of leaps that would make a population negative.
 *
 * One leap from (t, x) (Cao, Gillespie & Petzold, J. Chem. Phys. 124 (2006) 044109, section IV):
 *  1. a_j = propensity of reaction j at (t, x), a0 = sum a_j.
 *  2. Critical reactions: a_j > 0 and L_j < n_c, where L_j = min over the species i that j consumes
 *     (change v_ij < 0) of floor(x_i / |v_ij|) is the number of firings left before a reactant runs out
 *     (Cao, Gillespie & Petzold, J. Chem. Phys. 123 (2005) 054104, eq. 10; n_c = 10).
 *  3. tau' (eq. 33 of the 2006 paper) over the non-critical reactions J_ncr, for every species i read by some
 *     propensity (the reactant species I_rs):
 *       mu_i = sum_{j in J_ncr} v_ij a_j,  sigma_i^2 = sum_{j in J_ncr} v_ij^2 a_j,
 *       tau' = min_i { max(eps x_i / g_i, 1) / |mu_i|,  max(eps x_i / g_i, 1)^2 / sigma_i^2 },
 *     which bounds the expected relative change of every propensity over the leap by about eps (0.03).
 *  4. tau' < ssaFactor / a0 (10 / a0): a leap would fire only a few reactions, so do ssaSteps (100) exact
 *     direct-method steps instead (Gillespie 1977) and go back to 1.
 *  5. tau'' ~ Exp(a0c), a0c = sum of the critical propensities. tau = min(tau', tau''); if tau'' is the smaller,
 *     exactly one critical reaction fires (j with probability a_j / a0c), else none. Non-critical reactions
 *     fire k_j ~ Poisson(a_j tau) times.
 *  3b. Relaxation bound (our addition, setting relaxationBound): tau' <= eps / |J_ii| (see the code).
 *  6. A leap that would make a species negative is rejected: tau' is halved and the leap redrawn from step 5
 *     (the 2006 paper's procedure). After 50 rejections in a row the engine does exact steps instead.
 *
 * Highest order of reaction g_i (eq. 27 of the 2006 paper). The engine does not see reactant lists, only net
 * changes and which states each propensity reads, so g_i is computed conservatively:
 *  - structural order of reaction j: o_j = sum over the species its propensity reads of the multiplicity m_ij,
 *    m_ij = |v_ij| when j consumes i (v_ij in {-2, -3}: dimerisation, trimerisation), else 1 (capped at 3);
 *  - g_i from Cao's rule for HOR_i = max o_j over the reactions reading i: HOR 1 -> 1; HOR 2 -> 2, or
 *    2 + 1/(x_i - 1) if i is needed twice; HOR 3 -> 3, 3/2 (2 + 1/(x_i - 1)) or 3 + 1/(x_i - 1) + 2/(x_i - 2);
 *  - for rate laws that are not mass action (Hill, Michaelis-Menten) the total elasticity
 *    E_j = sum_i |d ln a_j / d ln x_i| is probed by central finite differences at the initial state (species
 *    raised to at least 100 copies, step 5 %) and g_i >= max over the reactions reading i of E_j (capped at 20).
 *    For mass action E_j is about o_j, so the probe changes nothing there; a steep Hill law (n = 4) gets g ~ 4.
 *
 * Approximations beyond the leap itself (documented for users):
 *  - time-dependent propensities (explicit `time`, rate-rule parameters) are frozen at the start of a leap;
 *  - continuous states (rate rules) are integrated over each leap / exact step by DOPRI5 with the species
 *    frozen at their values at the start of the leap;
 *  - events: a leap never steps over an output time, a scheduled (delayed) event time, or a crossing of a root
 *    function of time with the state held fixed (time-only triggers land exactly on their time). A trigger
 *    that becomes true because of the state change of a leap fires at the END of that leap (its true crossing
 *    lies somewhere inside the leap; tau-leaping does not resolve it). Inside exact steps events are exact.
 *
 * Poisson variates: inversion by sequential search for mean < 10, Hoermann's PTRS (transformed rejection with
 * squeeze; W. Hoermann, Insurance: Mathematics and Economics 12 (1993) 39-45) for mean >= 10. Both are exact
 * samplers (no normal approximation).
 */
import { findRoot } from '../root-find.js';
import { getSolver } from '../registry.js';
import { resolveOdeSettings } from '../ode/common.js';
import { SolverError, type EventHooks, type OdeSystem, type SettingDescriptor, type Stepper } from '../types.js';
import type { RandomStream, ReactionSystem, StochasticRunOptions, StochasticRunResult, StochasticSolverDescriptor } from './types.js';
import { badPropensity, checkRunOptions, expDraw, MAX_EVENTS_AT_SAME_TIME, numberSetting } from './common.js';

// ---------------------------------------------------------------------------------------------------------
// Random variates

const LOGGAM_A = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

/**
 * ln Gamma(x) for x > 0: Stirling series with 10 terms at x0 = x + n >= 7, then the recurrence
 * ln Gamma(x) = ln Gamma(x + n) - sum ln(x + k) (the `loggam` of numpy's random module; absolute error ~1e-15).
 */
export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let gl0 = LOGGAM_A[9]!;
  for (let k = 8; k >= 0; k--) gl0 = gl0 * x2 + LOGGAM_A[k]!;
  let gl = gl0 / x0 + 0.9189385332046727 + (x0 - 0.5) * Math.log(x0) - x0; // 0.5 ln(2 pi) = 0.91893...
  for (let k = 1; k <= n; k++) {
    x0 -= 1;
    gl -= Math.log(x0);
  }
  return gl;
}

/**
 * Poisson(mean) variate. mean < 10: inversion by sequential search from 0 (P(0) = e^-mean >= 4.5e-5, about
 * mean + 1 uniforms' worth of work, one uniform). mean >= 10: PTRS, Hoermann (1993), "The transformed rejection
 * method for generating Poisson random variables", Insurance Math. Econom. 12, 39-45, with the constants of the
 * paper (as in numpy's random_poisson_ptrs): acceptance ~ 0.9 with a cheap squeeze, two uniforms per trial.
 */
export function poisson(rng: RandomStream, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    const u = rng.next();
    let p = Math.exp(-mean);
    let f = p;
    let k = 0;
    // Sequential search; the guard stops at k = 200 (probability below 1e-150 for mean < 10) against round-off.
    while (u >= f && k < 200) {
      k++;
      p *= mean / k;
      f += p;
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng.next() - 0.5;
    const V = rng.next();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + mean + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) return k;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Settings

/** Number setting, or the descriptor's default (the caller normally fills defaults in: resolveStochasticSettings). */
export function settingOf(settings: Record<string, unknown>, descriptors: readonly SettingDescriptor[], name: string): number {
  const d = descriptors.find((s) => s.name === name);
  return numberSetting(settings, name, typeof d?.default === 'number' ? d.default : NaN);
}

function settingRange(ok: boolean, name: string, msg: string): void {
  if (!ok) throw new SolverError('E_SOLVER_SETTING_RANGE', `${name}: ${msg}`, 0, `Give ${name} a value in range (see \`exosim solvers\`).`);
}

// ---------------------------------------------------------------------------------------------------------
// Events between state changes

/**
 * Event bookkeeping for engines whose state changes by jumps (firings, leaps) and possibly continuously in
 * between (hybrid). `gRef` always holds the root values at the engine's current (t, x).
 *  - Jumps: when the sign of any root function differs after a jump from before it, handle(t, x, []) is called:
 *    the hooks re-evaluate every trigger with the actual root values (exact for discrete jumps, including a
 *    jump landing exactly on 0, where a "crossed" override would misreport the side).
 *  - Continuous changes between jumps (time, continuous states): the earliest crossing is located by the
 *    Illinois variant of regula falsi on a caller-given evaluator (as the ODE driver does on dense output)
 *    and handle(t, x, crossed, gRef) is called at the upper end of the final bracket.
 *  - Scheduled (delayed) executions: handle(t, x, []).
 */
export class JumpEvents {
  readonly m: number;
  readonly gRef: Float64Array;
  private readonly gHi: Float64Array;
  private readonly gMid: Float64Array;
  private readonly active: Uint8Array;
  private readonly gLo: Float64Array;
  readonly crossed: number[] = [];
  /** Number of handle() calls (event executions checked). */
  count = 0;
  private lastT = NaN;
  private sameT = 0;
  /** Called with the state after an event assignment changed it (e.g. to round species to integers). */
  onChange: ((x: Float64Array) => void) | null = null;

  constructor(
    readonly hooks: EventHooks,
    t: number,
    x: Float64Array,
  ) {
    this.m = hooks.rootCount;
    this.gRef = new Float64Array(this.m);
    this.gHi = new Float64Array(this.m);
    this.gMid = new Float64Array(this.m);
    this.active = new Uint8Array(this.m);
    this.gLo = new Float64Array(this.m);
    if (this.m > 0) hooks.roots(t, x, this.gRef);
  }

  private countAt(t: number): void {
    if (t === this.lastT || Math.abs(t - this.lastT) <= 1e-12 * Math.max(1, Math.abs(t))) {
      if (++this.sameT > MAX_EVENTS_AT_SAME_TIME) {
        throw new SolverError(
          'E_EVENT_LOOP',
          `More than ${MAX_EVENTS_AT_SAME_TIME} events fired at t = ${t}: the event assignments keep re-triggering each other.`,
          t,
          'Check event triggers and assignments: an assignment must not immediately re-arm its own trigger.',
        );
      }
    } else this.sameT = 0;
    this.lastT = t;
    this.count++;
  }

  /** Call the hooks at t (crossed roots, or [] for jumps and scheduled times), then refresh gRef. */
  handle(t: number, x: Float64Array, crossed: readonly number[], useBefore: boolean): { changed: boolean; terminate: boolean } {
    this.countAt(t);
    const r = useBefore ? this.hooks.handle(t, x, crossed, this.gLo) : this.hooks.handle(t, x, crossed);
    if (r.changed && this.onChange) this.onChange(x);
    if (this.m > 0) this.hooks.roots(t, x, this.gRef);
    return r;
  }

  /** After a jump to x at t: handle if any root changed sign (or reached / left 0). Null when nothing fired. */
  afterJump(t: number, x: Float64Array): { changed: boolean; terminate: boolean } | null {
    const m = this.m;
    if (m === 0) return null;
    const g = this.gHi;
    this.hooks.roots(t, x, g);
    let any = false;
    for (let k = 0; k < m; k++) {
      if (Math.sign(g[k]!) !== Math.sign(this.gRef[k]!)) {
        any = true;
        break;
      }
    }
    if (!any) {
      this.gRef.set(g);
      return null;
    }
    return this.handle(t, x, [], false);
  }

  /**
   * Earliest time in (ta, tb] at which a root function that is nonzero at ta (gRef) changes sign or reaches 0,
   * with `evalAt(t, g)` giving the root values along the path (gRef must be the values at ta). Returns NaN if
   * none; else the time (upper end of the final Illinois bracket, tolerance 1e-12 max(1, |t|)), with `crossed`
   * filled and gLo holding the values just before it (for handle's `before`).
   */
  locate(ta: number, tb: number, evalAt: (t: number, g: Float64Array) => void): number {
    const m = this.m;
    if (m === 0 || !(tb > ta)) return NaN;
    const gLo = this.gLo, gHi = this.gHi, gRef = this.gRef, active = this.active;
    gLo.set(gRef);
    evalAt(tb, gHi);
    // inactive until it leaves 0 (CVODE convention; jumps re-check it)
    for (let k = 0; k < m; k++) active[k] = gRef[k] !== 0 ? 1 : 0;
    const tHi = findRoot(ta, tb, gLo, gHi, this.gMid, active, evalAt, 1e-12 * Math.max(1, Math.abs(tb)));
    if (!(tHi === tHi)) return NaN;
    this.crossed.length = 0;
    for (let k = 0; k < m; k++) {
      if (gRef[k] === 0) continue;
      const gh = gHi[k]!;
      if (gh === 0 || gLo[k]! * gh < 0) this.crossed.push(k);
    }
    return tHi;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces of the approximate engines

/** Species (non-continuous states) mask. */
export function speciesMask(sys: ReactionSystem): Uint8Array {
  const isSpecies = new Uint8Array(sys.n).fill(1);
  for (const c of sys.continuous) isSpecies[c] = 0;
  return isSpecies;
}


/**
 * Integrates the continuous states (rate rules) of a ReactionSystem with the species frozen (used by tau-leap
 * between state jumps): DOPRI5 (rtol 1e-6, atol 1e-9) on dx_c/dt = ode().rates restricted to the continuous
 * indices; every other component has derivative 0.
 */
export class FrozenContinuous {
  private readonly stepper: Stepper;
  constructor(sys: ReactionSystem, t0: number, x0: Float64Array) {
    const ode = sys.ode();
    const cont = sys.continuous;
    const n = sys.n;
    const full = new Float64Array(n);
    const reduced: OdeSystem = {
      n,
      rates(t, y, dy) {
        ode.rates(t, y, full);
        dy.fill(0);
        for (const c of cont) dy[c] = full[c]!;
      },
    };
    const desc = getSolver('ode-dopri5');
    this.stepper = desc.create(reduced, t0, x0, resolveOdeSettings({ rtol: 1e-6, atol: 1e-9 }, desc));
  }
  /** x (at ta) <- x at tb, continuous components only. */
  advance(ta: number, tb: number, x: Float64Array, cont: Int32Array): void {
    if (!(tb > ta)) return;
    const st = this.stepper;
    st.restart(ta, x);
    while (st.t < tb) st.step(tb);
    for (const c of cont) x[c] = st.y[c]!;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Highest order of reaction (g_i)

interface OrderInfo {
  /** HOR_i: highest structural order among the reactions reading species i (0: read by none). */
  hor: Int8Array;
  /** Largest multiplicity of i in a reaction of order HOR_i. */
  mult: Int8Array;
  /** Lower bound for g_i from the probed elasticities. */
  gProbe: Float64Array;
  /** Species read by at least one propensity (I_rs). */
  reactantSpecies: Int32Array;
  /** Per reaction k, the species its propensity reads (CSR rdPtr/rdIdx), their multiplicity m_ik and change v_ik. */
  rdPtr: Int32Array;
  rdIdx: Int32Array;
  rdMult: Float64Array;
  rdChange: Float64Array;
}

function orderInfo(sys: ReactionSystem, isSpecies: Uint8Array, x0: Float64Array, t0: number): OrderInfo {
  const n = sys.n, M = sys.nReactions;
  // reads[k]: species read by reaction k's propensity (inverse of readersPtr/readersIdx).
  const reads: number[][] = Array.from({ length: M }, () => []);
  for (let i = 0; i < n; i++) {
    if (!isSpecies[i]) continue;
    for (let p = sys.readersPtr[i]!; p < sys.readersPtr[i + 1]!; p++) reads[sys.readersIdx[p]!]!.push(i);
  }
  const consumed = (k: number, i: number): number => {
    for (let j = sys.changePtr[k]!; j < sys.changePtr[k + 1]!; j++) {
      if (sys.changeIdx[j] === i && sys.changeVal[j]! < 0) return -sys.changeVal[j]!;
    }
    return 0;
  };
  const order = new Int8Array(M);
  const multOf: number[][] = [];
  for (let k = 0; k < M; k++) {
    const ms = reads[k]!.map((i) => {
      const c = consumed(k, i);
      return c >= 2 && Number.isInteger(c) ? Math.min(3, c) : 1;
    });
    multOf.push(ms);
    order[k] = Math.min(3, ms.reduce((s, v) => s + v, 0));
  }
  const hor = new Int8Array(n);
  const mult = new Int8Array(n);
  for (let k = 0; k < M; k++) {
    reads[k]!.forEach((i, q) => {
      const o = order[k]!, mm = multOf[k]![q]!;
      if (o > hor[i]!) {
        hor[i] = o;
        mult[i] = mm;
      } else if (o === hor[i]! && mm > mult[i]!) mult[i] = mm;
    });
  }
  // Elasticity probe at the initial state with species raised to >= 100 copies.
  const gProbe = new Float64Array(n);
  const xp = Float64Array.from(x0);
  for (let i = 0; i < n; i++) if (isSpecies[i] && !(xp[i]! >= 100)) xp[i] = 100;
  for (let k = 0; k < M; k++) {
    let E = 0;
    let ok = true;
    for (const i of reads[k]!) {
      const xi = xp[i]!;
      const h = 0.05 * xi;
      xp[i] = xi + h;
      const ap = sys.propensity(k, t0, xp);
      xp[i] = xi - h;
      const am = sys.propensity(k, t0, xp);
      xp[i] = xi;
      if (!(ap > 0 && am > 0)) {
        ok = false;
        break;
      }
      E += Math.abs(Math.log(ap / am) / Math.log((xi + h) / (xi - h)));
    }
    if (!ok || !Number.isFinite(E)) continue;
    E = Math.min(20, E);
    for (const i of reads[k]!) if (E > gProbe[i]!) gProbe[i] = E;
  }
  const rs: number[] = [];
  for (let i = 0; i < n; i++) if (isSpecies[i] && sys.readersPtr[i + 1]! > sys.readersPtr[i]!) rs.push(i);
  const rdPtr = new Int32Array(M + 1), rdIdx: number[] = [], rdMult: number[] = [], rdChange: number[] = [];
  for (let k = 0; k < M; k++) {
    reads[k]!.forEach((i, q) => {
      rdIdx.push(i);
      rdMult.push(multOf[k]![q]!);
      let v = 0;
      for (let j = sys.changePtr[k]!; j < sys.changePtr[k + 1]!; j++) if (sys.changeIdx[j] === i) v = sys.changeVal[j]!;
      rdChange.push(v);
    });
    rdPtr[k + 1] = rdIdx.length;
  }
  return { hor, mult, gProbe, reactantSpecies: Int32Array.from(rs), rdPtr, rdIdx: Int32Array.from(rdIdx), rdMult: Float64Array.from(rdMult), rdChange: Float64Array.from(rdChange) };
}

/** g_i of Cao, Gillespie & Petzold (2006), eq. 27, at copy number x (with the probe's lower bound). */
function gOf(info: OrderInfo, i: number, x: number): number {
  const hor = info.hor[i]!, mult = info.mult[i]!;
  let g = 1;
  if (hor === 2) g = mult >= 2 ? (x > 1 ? 2 + 1 / (x - 1) : Infinity) : 2;
  else if (hor >= 3) {
    if (mult <= 1) g = 3;
    else if (mult === 2) g = x > 1 ? 1.5 * (2 + 1 / (x - 1)) : Infinity;
    else g = x > 2 ? 3 + 1 / (x - 1) + 2 / (x - 2) : Infinity;
  }
  const gp = info.gProbe[i]!;
  return gp > g ? gp : g;
}

// ---------------------------------------------------------------------------------------------------------
// The engine

const tauLeapSettings: SettingDescriptor[] = [
  { name: 'epsilon', type: 'number', default: 0.03, help: 'Error control parameter of the step selection (Cao, Gillespie & Petzold 2006): bound on the expected relative change of every propensity over one leap.' },
  { name: 'criticalThreshold', type: 'integer', default: 10, help: 'n_c: a reaction that can exhaust one of its reactants within this many firings is critical and fires exactly (at most once per leap).' },
  { name: 'ssaFactor', type: 'number', default: 10, help: 'Do exact SSA steps instead of a leap when the selected leap is shorter than ssaFactor / a0 (a0: total propensity).' },
  { name: 'ssaSteps', type: 'integer', default: 100, help: 'Number of exact SSA steps done when a leap is not worth it.' },
  { name: 'relaxationBound', type: 'boolean', default: true, help: 'Also bound tau by epsilon / |J_ii| (J_ii = sum_j v_ij da_j/dx_i, the relaxation rate of species i): explicit leaps inflate the stationary variance by about 1 / (1 - tau |J_ii| / 2), which Cao et al.\'s bound does not see near a steady state.' },
];

function tauLeapRun(sys: ReactionSystem, opts: StochasticRunOptions): StochasticRunResult {
  const S = opts.settings;
  const eps = settingOf(S, tauLeapSettings, 'epsilon');
  const nc = settingOf(S, tauLeapSettings, 'criticalThreshold');
  const ssaFactor = settingOf(S, tauLeapSettings, 'ssaFactor');
  const ssaSteps = settingOf(S, tauLeapSettings, 'ssaSteps');
  settingRange(eps > 0 && eps < 1, 'epsilon', `${eps} must be in (0, 1).`);
  settingRange(nc >= 0, 'criticalThreshold', `${nc} must be >= 0.`);
  settingRange(ssaFactor >= 0, 'ssaFactor', `${ssaFactor} must be >= 0.`);
  settingRange(ssaSteps >= 1, 'ssaSteps', `${ssaSteps} must be >= 1.`);

  const n = sys.n, M = sys.nReactions;
  const rng = opts.rng;
  const outT = opts.outputTimes;
  const nOut = outT.length;
  const t0 = opts.t0;
  checkRunOptions(sys, opts);
  const isSpecies = speciesMask(sys);
  const cont = sys.continuous;
  const x = Float64Array.from(opts.x0);
  for (let i = 0; i < n; i++) if (isSpecies[i]) x[i] = Math.round(x[i]!);
  const states = new Float64Array(nOut * n);
  let iOut = 0;
  let firings = 0, steps = 0;
  const cP = sys.changePtr, cI = sys.changeIdx, cV = sys.changeVal;

  const info = orderInfo(sys, isSpecies, x, t0);
  const rsp = info.reactantSpecies;
  const relax = S['relaxationBound'] !== false;
  const jac = new Float64Array(n);
  const { rdPtr, rdIdx, rdMult, rdChange } = info;
  const a = new Float64Array(M);
  const critical = new Uint8Array(M);
  const mu = new Float64Array(n);
  const sig2 = new Float64Array(n);
  const xNew = new Float64Array(n);
  const counts = new Float64Array(M);
  const contPart = cont.length > 0 ? new FrozenContinuous(sys, t0, x) : null;
  const xFixedRoots = new Float64Array(n);

  const ev = opts.events ? new JumpEvents(opts.events, t0, x) : null;
  // Species stay integers after event assignments (X := X / 2), as in the exact engines (common.ts).
  if (ev) ev.onChange = (xs) => {
    for (let i = 0; i < n; i++) if (isSpecies[i]) xs[i] = Math.round(xs[i]!);
  };
  let status: StochasticRunResult['status'] = 'done';
  const result = (): StochasticRunResult => ({ states, reached: iOut, firings, steps, events: ev ? ev.count : 0, status });

  // Events at t0 (a trigger true at t0 with initialValue false fires now; harmless if the caller did it).
  if (ev && ev.handle(t0, x, [], false).terminate) {
    status = 'terminated';
    return result();
  }
  let t = t0;

  const computeA = (): number => {
    sys.propensities(t, x, a);
    let a0 = 0;
    for (let k = 0; k < M; k++) {
      const ak = a[k]!;
      if (!(ak >= 0 && ak < Infinity)) throw badPropensity(sys, k, t, ak);
      a0 += ak;
    }
    return a0;
  };
  const fire = (k: number, y: Float64Array, times: number): void => {
    for (let j = cP[k]!; j < cP[k + 1]!; j++) {
      const i = cI[j]!;
      y[i] = y[i]! + times * cV[j]!;
    }
  };
  /** Roots with the state held at x (time-only roots move; continuous states are taken as frozen). */
  const evalFixed = (tq: number, g: Float64Array): void => {
    xFixedRoots.set(x);
    opts.events!.roots(tq, xFixedRoots, g);
  };
  /** Move time from t to t1 with no jump (continuous states integrated). */
  const moveTo = (t1: number): void => {
    if (contPart) contPart.advance(t, t1, x, cont);
    t = t1;
  };
  /** Time-root crossing in (t, t1] with x fixed: returns the crossing time or NaN. */
  const crossingBefore = (t1: number): number => (ev && ev.m > 0 ? ev.locate(t, t1, evalFixed) : NaN);

  /** Exact direct-method steps (at most ssaSteps) toward tStop. Returns true when the run must stop. */
  const ssaBurst = (tStop: number): boolean => {
    for (let s = 0; s < ssaSteps; s++) {
      const a0 = computeA();
      const tn = a0 > 0 ? t + expDraw(rng) / a0 : Infinity;
      const tLim = tn < tStop ? tn : tStop;
      const te = crossingBefore(tLim);
      steps++;
      if (te === te) {
        moveTo(te);
        if (ev!.handle(te, x, ev!.crossed, true).terminate) return true;
        return false;
      }
      if (tn >= tStop) {
        moveTo(tStop);
        const r = ev ? ev.afterJump(t, x) : null;
        return r ? r.terminate : false;
      }
      // fire reaction k with probability a_k / a0 (linear search)
      const u = rng.next() * a0;
      let k = 0, cum = a[0]!;
      while (cum <= u && k < M - 1) cum += a[++k]!;
      while (a[k] === 0 && k > 0) k--; // never pick a zero-propensity reaction through round-off
      moveTo(tn);
      fire(k, x, 1);
      firings++;
      if (ev) {
        const r = ev.afterJump(t, x);
        if (r) return r.terminate;
      }
    }
    return false;
  };

  let sincePoll = 0;
  while (iOut < nOut) {
    const tOut = outT[iOut]!;
    if (t >= tOut) {
      states.set(x, iOut * n);
      iOut++;
      continue;
    }
    if (opts.shouldCancel && ++sincePoll >= 64) {
      sincePoll = 0;
      if (opts.shouldCancel()) {
        status = 'cancelled';
        return result();
      }
    }
    const tSched = ev ? ev.hooks.nextScheduledTime(t) : Infinity;
    const tStop = tSched < tOut ? tSched : tOut;
    const stop = leapOrSsa(tStop);
    if (stop) {
      status = 'terminated';
      return result();
    }
    if (ev && t === tSched) {
      if (ev.handle(t, x, [], false).terminate) {
        status = 'terminated';
        return result();
      }
    }
  }
  return result();

  /** One leap (or a burst of exact steps) from t toward tStop. Returns true when the run must stop. */
  function leapOrSsa(tStop: number): boolean {
    const a0 = computeA();
    if (a0 === 0) {
      // Nothing can fire: move to tStop or to the first time-root crossing.
      const te = crossingBefore(tStop);
      steps++;
      if (te === te) {
        moveTo(te);
        return ev!.handle(te, x, ev!.crossed, true).terminate;
      }
      moveTo(tStop);
      const r = ev ? ev.afterJump(t, x) : null;
      return r ? r.terminate : false;
    }
    // Critical reactions (L_j < n_c).
    let a0c = 0;
    let anyNonCritical = false;
    for (let k = 0; k < M; k++) {
      critical[k] = 0;
      if (a[k] === 0) continue;
      let L = Infinity;
      for (let j = cP[k]!; j < cP[k + 1]!; j++) {
        const v = cV[j]!, i = cI[j]!;
        if (v < 0 && isSpecies[i]) {
          const l = Math.floor(x[i]! / -v);
          if (l < L) L = l;
        }
      }
      if (L < nc) {
        critical[k] = 1;
        a0c += a[k]!;
      } else anyNonCritical = true;
    }
    // tau' over the non-critical reactions (Cao, Gillespie & Petzold 2006, eq. 33).
    let tau1 = Infinity;
    if (anyNonCritical) {
      for (const i of rsp) {
        mu[i] = 0;
        sig2[i] = 0;
      }
      for (let k = 0; k < M; k++) {
        if (critical[k] || a[k] === 0) continue;
        const ak = a[k]!;
        for (let j = cP[k]!; j < cP[k + 1]!; j++) {
          const v = cV[j]!, i = cI[j]!;
          mu[i] = mu[i]! + v * ak;
          sig2[i] = sig2[i]! + v * v * ak;
        }
      }
      for (const i of rsp) {
        const xi = x[i]!;
        const bound = Math.max((eps * xi) / gOf(info, i, xi), 1);
        const m1 = Math.abs(mu[i]!), s2 = sig2[i]!;
        if (m1 > 0) {
          const tt = bound / m1;
          if (tt < tau1) tau1 = tt;
        }
        if (s2 > 0) {
          const tt = (bound * bound) / s2;
          if (tt < tau1) tau1 = tt;
        }
      }
    }
    // Relaxation bound (ExoSim's addition to Cao et al. 2006): tau <= eps / |J_ii| with the diagonal of the
    // Jacobian of the mean drift, J_ii = sum_{j non-critical} v_ij da_j/dx_i, da_j/dx_i ~ m_ij a_j / x_i (exact
    // for mass action). Near a steady state the mean drift vanishes and Cao's bound allows long leaps, but each
    // leap ignores the feedback within it: for immigration-death the stationary variance of the leaped chain is
    // Var / (1 - tau mu / 2) (an SD error of 2.6 % at tau mu = 0.1, DSMTS 002-04); tau |J_ii| <= eps keeps it
    // below eps / 4 (0.75 % at eps = 0.03).
    if (relax && anyNonCritical) {
      for (const i of rsp) jac[i] = 0;
      for (let k = 0; k < M; k++) {
        if (critical[k] || a[k] === 0) continue;
        const ak = a[k]!;
        for (let p = rdPtr[k]!; p < rdPtr[k + 1]!; p++) {
          const v = rdChange[p]!;
          if (v === 0) continue;
          const i = rdIdx[p]!;
          const xi = x[i]!;
          if (xi > 0) jac[i] = jac[i]! + (v * rdMult[p]! * ak) / xi;
        }
      }
      for (const i of rsp) {
        const jv = Math.abs(jac[i]!);
        if (jv > 0) {
          const tt = eps / jv;
          if (tt < tau1) tau1 = tt;
        }
      }
    }
    // Exact steps when a leap would fire only a handful of reactions.
    if (tau1 < ssaFactor / a0) return ssaBurst(tStop);

    for (let rejections = 0; ; rejections++) {
      if (rejections >= 50) return ssaBurst(tStop);
      const tau2 = a0c > 0 ? expDraw(rng) / a0c : Infinity;
      let tau = tau1 < tau2 ? tau1 : tau2;
      let critFires = tau2 <= tau1;
      let tEnd = t + tau;
      if (!(tEnd < tStop)) {
        // Truncated at the output / scheduled time: by memorylessness no critical firing happened before it.
        tEnd = tStop;
        tau = tStop - t;
        critFires = false;
      }
      const te = crossingBefore(tEnd);
      if (te === te) {
        tEnd = te;
        tau = te - t;
        critFires = false;
      }
      xNew.set(x);
      let fired = 0;
      for (let k = 0; k < M; k++) {
        counts[k] = 0;
        if (critical[k] || a[k] === 0) continue;
        const c = poisson(rng, a[k]! * tau);
        if (c > 0) {
          counts[k] = c;
          fired += c;
          fire(k, xNew, c);
        }
      }
      if (critFires) {
        const u = rng.next() * a0c;
        let k = -1, cum = 0;
        for (let q = 0; q < M; q++) {
          if (!critical[q]) continue;
          k = q;
          cum += a[q]!;
          if (cum > u) break;
        }
        fire(k, xNew, 1);
        fired++;
      }
      let negative = false;
      for (let i = 0; i < n; i++) {
        if (isSpecies[i] && xNew[i]! < 0) {
          negative = true;
          break;
        }
      }
      if (negative) {
        tau1 = 0.5 * tau;
        continue;
      }
      // Accept the leap.
      steps++;
      firings += fired;
      if (contPart) contPart.advance(t, tEnd, xNew, cont);
      x.set(xNew);
      t = tEnd;
      if (ev) {
        if (te === te) {
          // A time-root crossing ends the leap: the hooks see the crossed roots (override semantics), and the
          // leap's jump is checked too (handle re-evaluates every trigger with the actual root values).
          return ev.handle(t, x, ev.crossed, true).terminate;
        }
        const r = ev.afterJump(t, x);
        if (r) return r.terminate;
      }
      return false;
    }
  }
}

export const tauLeapDescriptor: StochasticSolverDescriptor = {
  id: 'ssa-tau-leap',
  kind: 'stochastic',
  name: 'Adaptive tau-leaping (Cao-Gillespie-Petzold)',
  method:
    'Explicit tau-leaping with the step selection of Cao, Gillespie & Petzold (2006) (relative propensity change bounded by epsilon), critical reactions fired exactly, exact SSA steps when a leap is not worth it, and rejection of leaps that would make a population negative.',
  references: [
    'Y. Cao, D. T. Gillespie, L. R. Petzold, Efficient step size selection for the tau-leaping simulation method, J. Chem. Phys. 124 (2006) 044109. doi:10.1063/1.2159468',
    'Y. Cao, D. T. Gillespie, L. R. Petzold, Avoiding negative populations in explicit Poisson tau-leaping, J. Chem. Phys. 123 (2005) 054104. doi:10.1063/1.1992473',
    'D. T. Gillespie, Approximate accelerated stochastic simulation of chemically reacting systems, J. Chem. Phys. 115 (2001) 1716-1733. doi:10.1063/1.1378322',
    'W. Hoermann, The transformed rejection method for generating Poisson random variables, Insurance: Mathematics and Economics 12 (1993) 39-45. doi:10.1016/0167-6687(93)90997-4',
  ],
  settings: tauLeapSettings,
  exact: false,
  run: tauLeapRun,
};
