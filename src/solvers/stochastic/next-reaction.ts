/**
 * ssa-next-reaction: Gibson & Bruck's next reaction method (J. Phys. Chem. A 104 (2000) 1876-1889).
 *
 * Each reaction k carries an absolute putative firing time tau_k; the next reaction is the one with the
 * smallest tau_k, kept at the root of an indexed binary min-heap (pos[k] = heap slot of reaction k), so the
 * choice is O(1) and an update O(log M). Initially (and after an event changed the state)
 * tau_k = t + E_k / a_k with E_k ~ Exp(1) independent (tau_k = Infinity when a_k = 0).
 *
 * After reaction mu fires at time t (Gibson & Bruck, section "The next reaction method", step 5):
 *   - for mu itself a new random number is drawn: tau_mu = t + E / a_mu,new;
 *   - for every other reaction alpha in mu's dependency graph the random number is REUSED by rescaling:
 *     tau_alpha = t + (a_alpha,old / a_alpha,new) (tau_alpha - t) (eq. of step 5c), which keeps the unit-rate
 *     residual a_alpha (tau_alpha - t) ~ Exp(1);
 *   - when a_alpha,new = 0 the residual r_alpha = a_alpha,old (tau_alpha - t) is stored and tau_alpha = Infinity;
 *     when the propensity later becomes positive again tau_alpha = t + r_alpha / a_alpha,new (the paper's
 *     treatment of a propensity that passes through zero). A reaction whose propensity was 0 from the
 *     start (no stored residual) draws a fresh E ~ Exp(1) when it becomes positive.
 * Reactions outside mu's dependency graph keep their tau unchanged. Only the fired reaction consumes a random
 * number, which is why the method uses one uniform per firing (the direct method uses two).
 */
import type { RandomStream, ReactionSystem, StochasticRunOptions, StochasticRunResult, StochasticSolverDescriptor } from './types.js';
import { allPropensities, badPropensity, expDraw, runExact, type ExactCore } from './common.js';

/** Indexed binary min-heap of reactions keyed by tau (the caller owns tau). */
export class IndexedMinHeap {
  /** heap[s] = reaction at slot s. */
  readonly heap: Int32Array;
  /** pos[k] = slot of reaction k. */
  readonly pos: Int32Array;
  constructor(
    private readonly key: Float64Array,
  ) {
    const M = key.length;
    this.heap = new Int32Array(M);
    this.pos = new Int32Array(M);
  }
  /** Build the heap from all keys (Floyd's heapify, O(M)). */
  build(): void {
    const M = this.key.length;
    for (let k = 0; k < M; k++) {
      this.heap[k] = k;
      this.pos[k] = k;
    }
    for (let s = (M >> 1) - 1; s >= 0; s--) this.down(s);
  }
  /** Reaction with the smallest key (-1 if empty). */
  top(): number {
    return this.heap.length ? this.heap[0]! : -1;
  }
  /** Restore the heap after key[k] changed. */
  update(k: number): void {
    const s = this.pos[k]!;
    if (s > 0 && this.key[k]! < this.key[this.heap[(s - 1) >> 1]!]!) this.up(s);
    else this.down(s);
  }
  private up(s0: number): void {
    const heap = this.heap, pos = this.pos, key = this.key;
    let s = s0;
    const k = heap[s]!;
    const v = key[k]!;
    while (s > 0) {
      const p = (s - 1) >> 1;
      const kp = heap[p]!;
      if (!(v < key[kp]!)) break;
      heap[s] = kp;
      pos[kp] = s;
      s = p;
    }
    heap[s] = k;
    pos[k] = s;
  }
  private down(s0: number): void {
    const heap = this.heap, pos = this.pos, key = this.key;
    const M = heap.length;
    let s = s0;
    const k = heap[s]!;
    const v = key[k]!;
    for (;;) {
      let c = 2 * s + 1;
      if (c >= M) break;
      if (c + 1 < M && key[heap[c + 1]!]! < key[heap[c]!]!) c++;
      const kc = heap[c]!;
      if (!(key[kc]! < v)) break;
      heap[s] = kc;
      pos[kc] = s;
      s = c;
    }
    heap[s] = k;
    pos[k] = s;
  }
}

class NextReactionCore implements ExactCore {
  private readonly a: Float64Array;
  private readonly tau: Float64Array;
  /** Stored unit-rate residual of a reaction whose propensity went to 0 (NaN: none). */
  private readonly resid: Float64Array;
  private readonly heap: IndexedMinHeap;

  constructor(
    private readonly sys: ReactionSystem,
    private readonly x: Float64Array,
    private readonly rng: RandomStream,
  ) {
    const M = sys.nReactions;
    this.a = new Float64Array(M);
    this.tau = new Float64Array(M);
    this.resid = new Float64Array(M);
    this.heap = new IndexedMinHeap(this.tau);
  }

  reset(t: number): void {
    allPropensities(this.sys, t, this.x, this.a);
    const a = this.a, tau = this.tau;
    for (let k = 0; k < a.length; k++) tau[k] = a[k]! > 0 ? t + expDraw(this.rng) / a[k]! : Infinity;
    this.resid.fill(NaN);
    this.heap.build();
  }

  next(_t: number): number {
    const k = this.heap.top();
    return k < 0 ? Infinity : this.tau[k]!;
  }

  fire(t: number): boolean {
    const mu = this.heap.top();
    if (mu < 0 || !(this.tau[mu]! < Infinity)) return false;
    const x = this.x, sys = this.sys, a = this.a, tau = this.tau, resid = this.resid, heap = this.heap;
    const cp = sys.changePtr, ci = sys.changeIdx, cv = sys.changeVal;
    for (let q = cp[mu]!, e = cp[mu + 1]!; q < e; q++) {
      const i = ci[q]!;
      x[i] = x[i]! + cv[q]!;
    }
    const dp = sys.dependsPtr, di = sys.dependsIdx;
    let selfDone = false;
    for (let q = dp[mu]!, e = dp[mu + 1]!; q < e; q++) {
      const k = di[q]!;
      const v = sys.propensity(k, t, x);
      if (!(v >= 0 && v < Infinity)) throw badPropensity(sys, k, t, v);
      const old = a[k]!;
      a[k] = v;
      if (k === mu) {
        selfDone = true;
        tau[k] = v > 0 ? t + expDraw(this.rng) / v : Infinity;
        resid[k] = NaN;
      } else if (old > 0) {
        if (v > 0) {
          if (v === old) continue;
          tau[k] = t + (old / v) * (tau[k]! - t); // Gibson & Bruck step 5c: reuse the random number
        } else {
          resid[k] = old * (tau[k]! - t);
          tau[k] = Infinity;
        }
      } else {
        if (!(v > 0)) continue;
        const r = resid[k]!;
        tau[k] = t + (r === r ? r : expDraw(this.rng)) / v;
        resid[k] = NaN;
      }
      heap.update(k);
    }
    if (!selfDone) {
      // the fired reaction does not read what it changes: its propensity is unchanged, draw a new time
      const v = a[mu]!;
      tau[mu] = t + expDraw(this.rng) / v;
      heap.update(mu);
    }
    return true;
  }
}

export const nextReactionDescriptor: StochasticSolverDescriptor = {
  id: 'ssa-next-reaction',
  kind: 'stochastic',
  name: 'Gibson-Bruck next reaction method',
  method:
    'Next reaction method: absolute putative firing times in an indexed binary priority queue, dependency-graph updates that rescale (reuse) the random numbers of affected reactions, one new random number per firing.',
  references: [
    'M. A. Gibson, J. Bruck, Efficient exact stochastic simulation of chemical systems with many species and many channels, J. Phys. Chem. A 104 (2000) 1876-1889. doi:10.1021/jp993732q',
  ],
  settings: [],
  exact: true,
  run(system: ReactionSystem, opts: StochasticRunOptions): StochasticRunResult {
    return runExact(system, opts, 'ssa-next-reaction', (x) => new NextReactionCore(system, x, opts.rng));
  },
};
