/**
 * ssa-cr: composition-rejection SSA (Slepoy, Thompson & Plimpton, J. Chem. Phys. 128 (2008) 205101), an exact
 * method whose cost per firing does not grow with the number of reactions M.
 *
 * Groups: a reaction with propensity a > 0 belongs to group e = floor(log2 a), i.e. a in [2^e, 2^(e+1)) (e read
 * from the IEEE-754 exponent bits; subnormals go to the group of bound 2^-1022). Group sums A_e are kept with
 * incremental updates; a0 = sum_e A_e.
 * Selection of the next reaction (time step as in the direct method, tau = -ln(1 - U) / a0):
 *   composition: pick group e with probability A_e / a0 by linear search over the NON-EMPTY groups (their
 *     number is at most log2(a_max / a_min) + 1, a few tens whatever M);
 *   rejection: pick a member k of group e uniformly, accept it with probability a_k / 2^(e+1) (>= 1/2), else
 *     repeat. The accepted k has probability a_k / A_e within the group (von Neumann rejection), hence
 *     a_k / a0 overall: the method is exact. Mean trials per firing <= 2.
 * Updates: after a firing each propensity in the dependency graph is recomputed; a reaction that changes group
 * is moved (swap-with-last removal, append) in O(1). Running sums are recomputed from scratch every
 * `recomputeEvery` firings (default 1,000) and whenever a0 drops below 1e-6 of its last exact value.
 *
 * Why composition-rejection rather than the optimised (or sorting) direct method for large networks: the
 * direct method's search costs O(M) per firing in the worst case and O(mean search depth) on average, which
 * stays small only when a few reactions dominate the firing frequencies. In the networks that motivate
 * ExoSim (thousands of similar transfer/uptake channels between exosome and cell populations, each with
 * comparable propensity) the frequencies are flat and the search depth is ~M/2 even after sorting. CR's
 * selection is O(number of groups) + O(1) expected trials, independent of M and of how the propensities are
 * distributed; its update is O(1) per affected reaction (the next reaction method pays O(log M) per affected
 * reaction for the heap). For small networks (tens of reactions) ssa-direct is usually faster: the group
 * bookkeeping costs more than a short linear search.
 */
import type { RandomStream, ReactionSystem, StochasticRunOptions, StochasticRunResult, StochasticSolverDescriptor } from './types.js';
import { allPropensities, badPropensity, expDraw, numberSetting, recomputeEverySetting, runExact, type ExactCore } from './common.js';

// IEEE-754 exponent extraction through a shared buffer (little-endian hosts; big-endian falls back to log2).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Number of group slots: exponents -1023 (subnormals) .. 1023. */
const NGROUPS = 2047;

/**
 * Group slot of a positive finite propensity: the biased IEEE-754 exponent, floor(log2 a) + 1023 for normal
 * numbers (a in [2^(g-1023), 2^(g-1022))), 0 for subnormals (a < 2^-1022).
 */
function groupOf(a: number): number {
  if (LITTLE) {
    f64[0] = a;
    return (u32[1]! >>> 20) & 0x7ff;
  }
  // one slot higher than floor(log2 a) + 1023 so that a rounding error of log2 cannot make the bound < a
  return Math.min(NGROUPS - 1, Math.max(0, Math.floor(Math.log2(a)) + 1024));
}

/** Upper bound 2^(g-1022) of the propensities in slot g (the largest slot: Number.MAX_VALUE, not Infinity). */
function groupBound(g: number): number {
  return g >= NGROUPS - 1 ? Number.MAX_VALUE : 2 ** (g - 1022);
}

class CompositionRejectionCore implements ExactCore {
  private readonly a: Float64Array;
  /** Group slot of each reaction (-1 when a = 0) and its index inside the group's member list. */
  private readonly grp: Int32Array;
  private readonly slot: Int32Array;
  private readonly members: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(NGROUPS);
  private readonly size = new Int32Array(NGROUPS);
  private readonly sum = new Float64Array(NGROUPS);
  private readonly bound = new Float64Array(NGROUPS);
  /** Non-empty groups (their slots) and the position of each slot in that list (-1 if empty). */
  private readonly active: Int32Array;
  private nActive = 0;
  private readonly activePos = new Int32Array(NGROUPS).fill(-1);
  private a0 = 0;
  private a0Exact = 0;
  private since = 0;

  constructor(
    private readonly sys: ReactionSystem,
    private readonly x: Float64Array,
    private readonly rng: RandomStream,
    private readonly recomputeEvery: number,
  ) {
    const M = sys.nReactions;
    this.a = new Float64Array(M);
    this.grp = new Int32Array(M).fill(-1);
    this.slot = new Int32Array(M);
    this.active = new Int32Array(NGROUPS);
    for (let g = 0; g < NGROUPS; g++) this.bound[g] = groupBound(g);
  }

  private insert(k: number, g: number): void {
    let mem = this.members[g];
    const s = this.size[g]!;
    if (!mem || s === mem.length) {
      const grown = new Int32Array(Math.max(8, 2 * s));
      if (mem) grown.set(mem);
      mem = this.members[g] = grown;
    }
    mem[s] = k;
    this.slot[k] = s;
    this.size[g] = s + 1;
    this.grp[k] = g;
    if (s === 0) {
      this.activePos[g] = this.nActive;
      this.active[this.nActive++] = g;
    }
  }

  private remove(k: number, g: number): void {
    const mem = this.members[g]!;
    const s = this.slot[k]!;
    const last = this.size[g]! - 1;
    const kl = mem[last]!;
    mem[s] = kl;
    this.slot[kl] = s;
    this.size[g] = last;
    this.grp[k] = -1;
    if (last === 0) {
      this.sum[g] = 0; // exact: no round-off residue in an empty group
      const p = this.activePos[g]!;
      const gl = this.active[--this.nActive]!;
      this.active[p] = gl;
      this.activePos[gl] = p;
      this.activePos[g] = -1;
    }
  }

  reset(t: number): void {
    const a = this.a;
    allPropensities(this.sys, t, this.x, a);
    for (let i = 0; i < this.nActive; i++) {
      const g = this.active[i]!;
      this.size[g] = 0;
      this.sum[g] = 0;
      this.activePos[g] = -1;
    }
    this.nActive = 0;
    this.grp.fill(-1);
    for (let k = 0; k < a.length; k++) if (a[k]! > 0) this.insert(k, groupOf(a[k]!));
    this.exactSums();
  }

  /** Group sums and a0 from scratch. */
  private exactSums(): void {
    const a = this.a;
    let total = 0;
    for (let i = 0; i < this.nActive; i++) {
      const g = this.active[i]!;
      const mem = this.members[g]!;
      let s = 0;
      for (let q = 0, e = this.size[g]!; q < e; q++) s += a[mem[q]!]!;
      this.sum[g] = s;
      total += s;
    }
    this.a0 = this.a0Exact = total;
    this.since = 0;
  }

  next(t: number): number {
    if (this.a0 < 1e-6 * this.a0Exact || this.a0 <= 0) this.exactSums();
    const a0 = this.a0;
    if (!(a0 > 0)) return Infinity;
    return t + expDraw(this.rng) / a0;
  }

  fire(t: number): boolean {
    const nA = this.nActive;
    if (nA === 0) return false;
    const a = this.a, rng = this.rng, active = this.active, sum = this.sum;
    // composition: group with probability A_e / a0
    const r = rng.next() * this.a0;
    let cum = 0;
    let i = 0;
    for (; i < nA - 1; i++) {
      cum += sum[active[i]!]!;
      if (cum > r) break;
    }
    const g = active[i]!; // round-off beyond the last cumulative sum: the last non-empty group
    // rejection inside the group
    const mem = this.members[g]!;
    const sz = this.size[g]!;
    const bound = this.bound[g]!;
    let j: number;
    for (;;) {
      j = mem[Math.floor(rng.next() * sz)]!;
      if (rng.next() * bound < a[j]!) break;
    }
    // state change
    const x = this.x, sys = this.sys;
    const cp = sys.changePtr, ci = sys.changeIdx, cv = sys.changeVal;
    for (let q = cp[j]!, e = cp[j + 1]!; q < e; q++) {
      const i = ci[q]!;
      x[i] = x[i]! + cv[q]!;
    }
    // dependent propensities, group membership, running sums
    const dp = sys.dependsPtr, di = sys.dependsIdx;
    let a0 = this.a0;
    for (let q = dp[j]!, e = dp[j + 1]!; q < e; q++) {
      const k = di[q]!;
      const v = sys.propensity(k, t, x);
      if (!(v >= 0 && v < Infinity)) throw badPropensity(sys, k, t, v);
      const old = a[k]!;
      if (v === old) continue;
      a[k] = v;
      a0 += v - old;
      const go = this.grp[k]!;
      const gn = v > 0 ? groupOf(v) : -1;
      if (go === gn) sum[go] = sum[go]! + (v - old);
      else {
        if (go >= 0) {
          sum[go] = sum[go]! - old;
          this.remove(k, go);
        }
        if (gn >= 0) {
          this.insert(k, gn);
          sum[gn] = sum[gn]! + v;
        }
      }
    }
    this.a0 = a0;
    if (++this.since >= this.recomputeEvery) this.exactSums();
    return true;
  }
}

export const compositionRejectionDescriptor: StochasticSolverDescriptor = {
  id: 'ssa-cr',
  kind: 'stochastic',
  name: 'Composition-rejection SSA (Slepoy, Thompson & Plimpton)',
  method:
    'Exact SSA for large networks: reactions grouped by powers of 2 of their propensity, group chosen by its share of the total, reaction within the group by rejection sampling; cost per firing independent of the number of reactions.',
  references: [
    'A. Slepoy, A. P. Thompson, S. J. Plimpton, A constant-time kinetic Monte Carlo algorithm for simulation of large biochemical reaction networks, J. Chem. Phys. 128 (2008) 205101. doi:10.1063/1.2919546',
    'D. T. Gillespie, Exact stochastic simulation of coupled chemical reactions, J. Phys. Chem. 81 (1977) 2340-2361. doi:10.1021/j100540a008',
  ],
  settings: [recomputeEverySetting],
  exact: true,
  run(system: ReactionSystem, opts: StochasticRunOptions): StochasticRunResult {
    const every = Math.max(1, Math.floor(numberSetting(opts.settings, 'recomputeEvery', 1000)));
    return runExact(system, opts, 'ssa-cr', (x) => new CompositionRejectionCore(system, x, opts.rng, every));
  },
};
