/**
 * ssa-direct: Gillespie's direct method with a dependency graph and a dynamically sorted search order.
 *
 * Method (Gillespie, J. Phys. Chem. 81 (1977) 2340-2361, eq. 21): with propensities a_k(x) and total
 * a0 = sum_k a_k, the waiting time to the next firing is tau = -ln(1 - U1) / a0 (exponential with rate a0,
 * per model time unit) and the reaction fired is the smallest index j in the search order with
 * sum_{i <= j} a_order(i) > U2 a0 (probability a_j / a0), U1, U2 ~ U[0, 1) independent.
 *
 * Propensity updates: after reaction j fires only the propensities in its dependency graph
 * (ReactionSystem.dependsIdx, Gibson & Bruck 2000) are recomputed, and a0 is updated incrementally
 * (a0 += a_new - a_old). The running total drifts by round-off, so it is recomputed from scratch every
 * `recomputeEvery` firings (default 1,000) and whenever it has dropped below 1e-6 of its last exact value
 * (cancellation would make the relative error large; this also catches a total that should be exactly 0).
 *
 * Search order: the SORTING direct method (McCollum, Peterson, Cox, Simpson & Samatova, Comput. Biol. Chem.
 * 30 (2006) 39-49): after reaction j fires it swaps places with its predecessor in the search order, so
 * frequently firing reactions bubble to the front and the mean search depth approaches that of Cao, Li &
 * Petzold's optimised direct method (J. Chem. Phys. 121 (2004) 4059-4067, order by firing frequency from a
 * pre-simulation) without the pre-simulation, and it adapts when the frequencies change during the run
 * (events, transients). `searchOrder: index` keeps the reactions in model order (the textbook method).
 * The search order only changes how the same sampling distribution is searched, not the distribution.
 */
import type { ReactionSystem, StochasticRunOptions, StochasticRunResult, StochasticSolverDescriptor } from './types.js';
import {
  allPropensities,
  badPropensity,
  checkExactSupported,
  checkRunOptions,
  expDraw,
  expZigguratFrom,
  numberSetting,
  POLL_EVERY,
  recomputeEverySetting,
  roundSpecies,
  runExact,
  stringSetting,
  ZIGGURAT_K,
  ZIGGURAT_W,
  type ExactCore,
} from './common.js';
import { Xoshiro128StarStar } from './rng.js';
import { CODEGEN_MAX_REACTIONS, generatedDirectLoop, type GeneratedDirectLoop } from './direct-codegen.js';

class DirectCore implements ExactCore {
  private readonly a: Float64Array;
  private readonly order: Int32Array;
  private a0 = 0;
  private a0Exact = 0;
  private since = 0;

  constructor(
    private readonly sys: ReactionSystem,
    private readonly x: Float64Array,
    private readonly rng: StochasticRunOptions['rng'],
    private readonly recomputeEvery: number,
    private readonly sorting: boolean,
  ) {
    const M = sys.nReactions;
    this.a = new Float64Array(M);
    this.order = new Int32Array(M);
    for (let k = 0; k < M; k++) this.order[k] = k;
  }

  reset(t: number): void {
    this.a0 = this.a0Exact = allPropensities(this.sys, t, this.x, this.a);
    this.since = 0;
  }

  private exactTotal(): void {
    const a = this.a;
    let s = 0;
    for (let k = 0; k < a.length; k++) s += a[k]!;
    this.a0 = this.a0Exact = s;
    this.since = 0;
  }

  next(t: number): number {
    if (this.a0 < 1e-6 * this.a0Exact || this.a0 <= 0) this.exactTotal();
    const a0 = this.a0;
    if (!(a0 > 0)) return Infinity;
    return t + expDraw(this.rng) / a0;
  }

  fire(t: number): boolean {
    const a = this.a, order = this.order, M = order.length;
    // selection: linear search in the current order for the first cumulative sum > U a0
    const r = this.rng.next() * this.a0;
    let cum = 0;
    let i = 0;
    for (; i < M; i++) {
      cum += a[order[i]!]!;
      if (cum > r) break;
    }
    if (i === M) {
      // round-off: r beyond the true sum; take the last reaction in the order with a positive propensity
      i = M - 1;
      while (i >= 0 && !(a[order[i]!]! > 0)) i--;
      if (i < 0) {
        this.exactTotal();
        return false;
      }
    }
    const j = order[i]!;
    // state change
    const x = this.x, sys = this.sys;
    const cp = sys.changePtr, ci = sys.changeIdx, cv = sys.changeVal;
    for (let q = cp[j]!, e = cp[j + 1]!; q < e; q++) {
      const i = ci[q]!;
      x[i] = x[i]! + cv[q]!;
    }
    // dependent propensities, running total
    const dp = sys.dependsPtr, di = sys.dependsIdx;
    let a0 = this.a0;
    for (let q = dp[j]!, e = dp[j + 1]!; q < e; q++) {
      const k = di[q]!;
      const v = sys.propensity(k, t, x);
      if (!(v >= 0 && v < Infinity)) throw badPropensity(sys, k, t, v);
      a0 += v - a[k]!;
      a[k] = v;
    }
    this.a0 = a0;
    // sorting direct method: bubble the fired reaction one place towards the front
    if (this.sorting && i > 0) {
      const prev = order[i - 1]!;
      order[i - 1] = j;
      order[i] = prev;
    }
    if (++this.since >= this.recomputeEvery) this.exactTotal();
    return true;
  }
}

/**
 * The same method as DirectCore + runExact, fused into one loop for runs WITHOUT events on the xoshiro128** stream
 * (the common case of ensembles): the generator's four state words, the running total and the loop counters live
 * in locals, the xoshiro128** steps and the ziggurat's fast path (98.9 % of the exponential draws) are written
 * out inline, and mass-action propensities (ReactionSystem.massAction) are evaluated from their tables in the
 * loop. It draws the same numbers in the same order and performs the same floating-point operations as the
 * generic path, so a seed gives bit-identical trajectories on both (test/solvers/ssa-direct-fused.test.ts).
 * See runExact (common.ts) for the trajectory semantics and DirectCore for the method.
 */
/**
 * Checks and set-up shared by the fused and generated loops: the state (species rounded), the output array, and
 * the early result when there is nothing to do (no output times, or cancelled before the start).
 */
function startEventFree(sys: ReactionSystem, opts: StochasticRunOptions): { x: Float64Array; states: Float64Array; early?: StochasticRunResult } {
  checkRunOptions(sys, opts);
  checkExactSupported(sys, 'ssa-direct', opts.t0);
  const x = Float64Array.from(opts.x0);
  roundSpecies(x);
  const states = new Float64Array(opts.outputTimes.length * sys.n);
  const empty = (status: StochasticRunResult['status']): StochasticRunResult => ({ states, reached: 0, firings: 0, steps: 0, events: 0, status });
  if (opts.outputTimes.length === 0) return { x, states, early: empty('done') };
  if (opts.shouldCancel && opts.shouldCancel()) return { x, states, early: empty('cancelled') };
  return { x, states };
}

function runDirectFused(sys: ReactionSystem, opts: StochasticRunOptions, rng: Xoshiro128StarStar, every: number, sorting: boolean): StochasticRunResult {
  const { x, states, early } = startEventFree(sys, opts);
  if (early) return early;
  const t0 = opts.t0;
  const n = sys.n;
  const M = sys.nReactions;
  const outT = opts.outputTimes;
  const nOut = outT.length;
  let reached = 0;
  let firings = 0;
  const result = (status: StochasticRunResult['status']): StochasticRunResult => ({ states, reached, firings, steps: firings, events: 0, status });
  const tEnd = outT[nOut - 1]!;
  const shouldCancel = opts.shouldCancel;

  const a = new Float64Array(M);
  const order = new Int32Array(M);
  for (let k = 0; k < M; k++) order[k] = k;
  let a0 = allPropensities(sys, t0, x, a);
  let a0Exact = a0;
  let since = 0;
  const cp = sys.changePtr, ci = sys.changeIdx, cv = sys.changeVal;
  const dp = sys.dependsPtr, di = sys.dependsIdx;
  const ma = sys.massAction;
  const useTable = ma !== undefined;
  const rate = ma ? ma.rate : a, fp = ma ? ma.factorPtr : dp, fi = ma ? ma.factorIdx : di, fo = ma ? ma.factorOff : a;
  const zk = ZIGGURAT_K, zw = ZIGGURAT_W;
  let s0 = rng.s0, s1 = rng.s1, s2 = rng.s2, s3 = rng.s3;
  let t = t0;
  let sincePoll = 0;
  let status: StochasticRunResult['status'] = 'done';
  for (;;) {
    // ---- next(t): waiting time tau ~ Exp(a0)
    if (a0 < 1e-6 * a0Exact || a0 <= 0) {
      let sum = 0;
      for (let k = 0; k < M; k++) sum += a[k]!;
      a0 = a0Exact = sum;
      since = 0;
    }
    if (!(a0 > 0)) break;
    // xoshiro128** step (rng.ts), then the ziggurat's fast path (common.ts expZiggurat)
    let mm = Math.imul(s1, 5);
    const u = Math.imul((mm << 7) | (mm >>> 25), 9) >>> 0;
    let tt = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= tt;
    s3 = (s3 << 11) | (s3 >>> 21);
    const zi = u & 255;
    const zj = u >>> 8;
    let e: number;
    if (zj < zk[zi]!) e = zj * zw[zi]!;
    else {
      rng.s0 = s0;
      rng.s1 = s1;
      rng.s2 = s2;
      rng.s3 = s3;
      e = expZigguratFrom(rng, u);
      s0 = rng.s0;
      s1 = rng.s1;
      s2 = rng.s2;
      s3 = rng.s3;
    }
    const tNext = t + e / a0;
    if (shouldCancel && ++sincePoll >= POLL_EVERY) {
      sincePoll = 0;
      if (shouldCancel()) {
        status = 'cancelled';
        break;
      }
    }
    if (tNext > tEnd) break;
    while (reached < nOut && outT[reached]! < tNext) states.set(x, reached++ * n);
    t = tNext;

    // ---- fire(t): U in [0, 1) with 53 bits from two steps (rng.ts next()), linear search
    mm = Math.imul(s1, 5);
    const ua = (Math.imul((mm << 7) | (mm >>> 25), 9) >>> 0) >>> 5;
    tt = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= tt;
    s3 = (s3 << 11) | (s3 >>> 21);
    mm = Math.imul(s1, 5);
    const ub = (Math.imul((mm << 7) | (mm >>> 25), 9) >>> 0) >>> 6;
    tt = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= tt;
    s3 = (s3 << 11) | (s3 >>> 21);
    const r = (ua * 67108864 + ub) * 1.1102230246251565e-16 * a0;
    let cum = 0;
    let i = 0;
    for (; i < M; i++) {
      cum += a[order[i]!]!;
      if (cum > r) break;
    }
    if (i === M) {
      i = M - 1;
      while (i >= 0 && !(a[order[i]!]! > 0)) i--;
      if (i < 0) {
        let sum = 0;
        for (let k = 0; k < M; k++) sum += a[k]!;
        a0 = a0Exact = sum;
        since = 0;
        continue;
      }
    }
    const j = order[i]!;
    for (let q = cp[j]!, qe = cp[j + 1]!; q < qe; q++) {
      const s = ci[q]!;
      x[s] = x[s]! + cv[q]!;
    }
    for (let q = dp[j]!, qe = dp[j + 1]!; q < qe; q++) {
      const k = di[q]!;
      let v: number;
      if (useTable) {
        v = rate[k]!;
        for (let h = fp[k]!, he = fp[k + 1]!; h < he; h++) v *= x[fi[h]!]! - fo[h]!;
      } else v = sys.propensity(k, t, x);
      if (!(v >= 0 && v < Infinity)) {
        rng.s0 = s0;
        rng.s1 = s1;
        rng.s2 = s2;
        rng.s3 = s3;
        throw badPropensity(sys, k, t, v);
      }
      a0 += v - a[k]!;
      a[k] = v;
    }
    if (sorting && i > 0) {
      order[i] = order[i - 1]!;
      order[i - 1] = j;
    }
    firings++;
    if (++since >= every) {
      let sum = 0;
      for (let k = 0; k < M; k++) sum += a[k]!;
      a0 = a0Exact = sum;
      since = 0;
    }
  }
  rng.s0 = s0;
  rng.s1 = s1;
  rng.s2 = s2;
  rng.s3 = s3;
  if (status === 'cancelled') return result('cancelled');
  while (reached < nOut && outT[reached]! <= tEnd) states.set(x, reached++ * n);
  return result('done');
}

/** ssa-direct through the loop generated for this network (direct-codegen.ts). */
function runDirectGenerated(sys: ReactionSystem, opts: StochasticRunOptions, rng: Xoshiro128StarStar, every: number, gen: GeneratedDirectLoop): StochasticRunResult {
  const { x, states, early } = startEventFree(sys, opts);
  if (early) return early;
  const t0 = opts.t0;
  const outT = opts.outputTimes;
  const a = new Float64Array(sys.nReactions);
  allPropensities(sys, t0, x, a);
  const r = gen(x, a, outT, states, rng, t0, every, opts.shouldCancel, ZIGGURAT_K, ZIGGURAT_W, expZigguratFrom, (k, t, v) => badPropensity(sys, k, t, v), POLL_EVERY);
  return { states, reached: r.reached, firings: r.firings, steps: r.firings, events: 0, status: r.status };
}

export const directDescriptor: StochasticSolverDescriptor = {
  id: 'ssa-direct',
  kind: 'stochastic',
  name: "Gillespie's direct method (sorting, dependency graph)",
  method:
    "Gillespie's direct method: exponential waiting time with the total propensity, reaction chosen by linear search in a dynamically sorted order (sorting direct method), only the propensities that depend on the fired reaction recomputed.",
  references: [
    'D. T. Gillespie, Exact stochastic simulation of coupled chemical reactions, J. Phys. Chem. 81 (1977) 2340-2361. doi:10.1021/j100540a008',
    'M. A. Gibson, J. Bruck, Efficient exact stochastic simulation of chemical systems with many species and many channels, J. Phys. Chem. A 104 (2000) 1876-1889. doi:10.1021/jp993732q (dependency graph)',
    'J. M. McCollum, G. D. Peterson, C. D. Cox, M. L. Simpson, N. F. Samatova, The sorting direct method for stochastic simulation of biochemical systems with varying reaction execution behavior, Comput. Biol. Chem. 30 (2006) 39-49. doi:10.1016/j.compbiolchem.2005.10.007',
    'Y. Cao, H. Li, L. Petzold, Efficient formulation of the stochastic simulation algorithm for chemically reacting systems, J. Chem. Phys. 121 (2004) 4059-4067. doi:10.1063/1.1778376',
  ],
  settings: [
    recomputeEverySetting,
    {
      name: 'searchOrder',
      type: 'string',
      default: 'auto',
      choices: ['auto', 'sorting', 'index'],
      help: `Order of the linear search: sorting (a fired reaction moves one place forward; McCollum et al. 2006), index (model order), or auto (index up to ${CODEGEN_MAX_REACTIONS} reactions, where a search is a few comparisons and mass-action networks run in a loop generated for the network; sorting above).`,
    },
  ],
  exact: true,
  run(system: ReactionSystem, opts: StochasticRunOptions): StochasticRunResult {
    const every = Math.max(1, Math.floor(numberSetting(opts.settings, 'recomputeEvery', 1000)));
    const order = stringSetting(opts.settings, 'searchOrder', 'auto');
    const sorting = order === 'sorting' || (order === 'auto' && system.nReactions > CODEGEN_MAX_REACTIONS);
    if (opts.events === undefined && opts.rng instanceof Xoshiro128StarStar) {
      const gen = sorting ? null : generatedDirectLoop(system);
      if (gen) return runDirectGenerated(system, opts, opts.rng, every, gen);
      return runDirectFused(system, opts, opts.rng, every, sorting);
    }
    return runExact(system, opts, 'ssa-direct', (x) => new DirectCore(system, x, opts.rng, every, sorting));
  },
};
