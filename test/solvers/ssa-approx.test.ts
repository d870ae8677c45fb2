/**
 * Approximate stochastic engines (issue 4): ssa-tau-leap and ssa-hybrid. Statistical tests with fixed seeds
 * (deterministic), against analytic or published values, each with its false-failure probability stated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModelText } from '../../src/pipeline.js';
import { buildParameters } from '../../src/simulate.js';
import { replicateEventSeed, replicateStream } from '../../src/solvers/stochastic/rng.js';
import { logGamma, poisson, tauLeapDescriptor } from '../../src/solvers/stochastic/tau-leap.js';
import { hybridDescriptor } from '../../src/solvers/stochastic/hybrid.js';
import { directDescriptor } from '../../src/solvers/stochastic/direct.js';
import { integrate } from '../../src/solvers/ode/driver.js';
import { getSolver } from '../../src/solvers/registry.js';
import { resolveOdeSettings } from '../../src/solvers/ode/common.js';
import type { ReactionSystem, StochasticSolverDescriptor } from '../../src/solvers/stochastic/types.js';

const DSMTS = fileURLToPath(new URL('../dsmts/cases', import.meta.url)); // committed copy of the DSMTS cases

function defaults(d: StochasticSolverDescriptor, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (const x of d.settings) s[x.name] = x.default;
  return { ...s, ...extra };
}

/** A mass-action ReactionSystem by hand: propensity k * prod C(x_i, m_i) * m_i! (combinatorial form), or a custom law. */
interface Rx {
  reactants: [number, number][];
  products: [number, number][];
  k: number;
  /** custom propensity (reads `reads`) */
  law?: (t: number, x: Float64Array) => number;
  reads?: number[];
}
function massAction(ids: string[], reactions: Rx[], opts: { timeDependent?: boolean } = {}): ReactionSystem {
  const n = ids.length, M = reactions.length;
  const prop = (k: number, t: number, x: Float64Array): number => {
    const r = reactions[k]!;
    if (r.law) return r.law(t, x);
    let a = r.k;
    for (const [i, m] of r.reactants) for (let q = 0; q < m; q++) a *= Math.max(0, x[i]! - q) / (q + 1);
    return a;
  };
  const changePtr = new Int32Array(M + 1), changeIdx: number[] = [], changeVal: number[] = [];
  const reads: number[][] = [];
  reactions.forEach((r, k) => {
    const net = new Map<number, number>();
    for (const [i, m] of r.reactants) net.set(i, (net.get(i) ?? 0) - m);
    for (const [i, m] of r.products) net.set(i, (net.get(i) ?? 0) + m);
    for (const [i, v] of [...net].sort((a, b) => a[0] - b[0])) if (v !== 0) { changeIdx.push(i); changeVal.push(v); }
    changePtr[k + 1] = changeIdx.length;
    reads.push(r.reads ?? r.reactants.map(([i]) => i));
  });
  const readersPtr = new Int32Array(n + 1), readersIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    reads.forEach((rd, k) => { if (rd.includes(i)) readersIdx.push(k); });
    readersPtr[i + 1] = readersIdx.length;
  }
  const dependsPtr = new Int32Array(M + 1), dependsIdx: number[] = [];
  for (let k = 0; k < M; k++) {
    const set = new Set<number>();
    for (let j = changePtr[k]!; j < changePtr[k + 1]!; j++) reads.forEach((rd, q) => { if (rd.includes(changeIdx[j]!)) set.add(q); });
    dependsIdx.push(...[...set].sort((a, b) => a - b));
    dependsPtr[k + 1] = dependsIdx.length;
  }
  const sys: ReactionSystem = {
    n, nReactions: M, reactionIds: reactions.map((_, k) => `R${k}`), stateIds: ids, countFactor: new Float64Array(n).fill(1),
    propensity: prop,
    propensities(t, x, out) { for (let k = 0; k < M; k++) out[k] = prop(k, t, x); },
    changePtr, changeIdx: Int32Array.from(changeIdx), changeVal: Float64Array.from(changeVal),
    dependsPtr, dependsIdx: Int32Array.from(dependsIdx), readersPtr, readersIdx: Int32Array.from(readersIdx),
    timeDependent: opts.timeDependent ?? false, continuous: new Int32Array(0),
    ode() {
      const a = new Float64Array(M);
      return { n, rates(t, x, dx) {
        dx.fill(0);
        sys.propensities(t, x, a);
        for (let k = 0; k < M; k++) for (let j = changePtr[k]!; j < changePtr[k + 1]!; j++) { const i = changeIdx[j]!; dx[i] = dx[i]! + changeVal[j]! * a[k]!; }
      } };
    },
    outputs(_t, x, out) { out.set(x); },
    initialState() { return new Float64Array(n); },
    eventHooks() { return undefined; },
  };
  return sys;
}

/** Ensemble moments of every state at every output time. */
function ensemble(desc: StochasticSolverDescriptor, sys: ReactionSystem, x0: Float64Array, outT: Float64Array, nRep: number, seed: number, settings: Record<string, unknown>) {
  const T = outT.length, n = sys.n;
  const s1 = new Float64Array(T * n), s2 = new Float64Array(T * n);
  let firings = 0, steps = 0;
  for (let r = 0; r < nRep; r++) {
    const events = sys.eventHooks(0, x0, replicateEventSeed(seed, r));
    const res = desc.run(sys, { t0: 0, outputTimes: outT, x0, rng: replicateStream(seed, r), settings, ...(events ? { events } : {}) });
    expect(res.status).toBe('done');
    firings += res.firings;
    steps += res.steps;
    for (let q = 0; q < T * n; q++) { const v = res.states[q]!; s1[q] = s1[q]! + v; s2[q] = s2[q]! + v * v; }
  }
  const mean = s1.map((v) => v / nRep);
  const variance = s2.map((v, q) => (v - nRep * mean[q]! ** 2) / (nRep - 1));
  return { mean, variance, firings: firings / nRep, steps: steps / nRep };
}

function loadDsmts(c: string) {
  const f = join(DSMTS, c, `${c}-sbml-l3v2.xml`);
  const compiled = compileModelText(readFileSync(f, 'utf8'), { file: f }).compiled!;
  const sys = compiled.reactionSystem!(buildParameters(compiled).p);
  const lines = readFileSync(join(DSMTS, c, `${c}-results.csv`), 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  return { sys, header, rows, outT: Float64Array.from(rows, (r) => r[0]!) };
}

describe('Poisson sampler (inversion < 10, PTRS >= 10)', () => {
  it('log Gamma matches known values', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 13);
    expect(logGamma(1)).toBe(0);
    expect(logGamma(3.5)).toBeCloseTo(1.2009736023470743, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
  });

  // Per mean: z-tests of the sample mean and variance (|z| < 4.5: false failure 7e-6 each) and a chi-square
  // goodness of fit over bins with expected count >= 20 (threshold df + 6 sqrt(2 df): false failure < 1e-5).
  it.each([0.3, 3, 9.9, 10, 27.5, 400, 1e5])('mean %d: moments and distribution', (mu) => {
    const rng = replicateStream(7, Math.round(mu * 10));
    const N = 40000;
    const counts = new Map<number, number>();
    let s1 = 0, s2 = 0;
    for (let i = 0; i < N; i++) {
      const k = poisson(rng, mu);
      expect(Number.isInteger(k) && k >= 0).toBe(true);
      s1 += k; s2 += k * k;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const m = s1 / N, v = (s2 - N * m * m) / (N - 1);
    expect(Math.abs(m - mu) / Math.sqrt(mu / N)).toBeLessThan(4.5);
    expect(Math.abs(v - mu) / Math.sqrt((mu + 2 * mu * mu) / N)).toBeLessThan(4.5);
    // chi-square over pooled bins
    const pmf = (k: number) => Math.exp(-mu + k * Math.log(mu) - logGamma(k + 1));
    let chi = 0, df = -1, accE = 0, accO = 0;
    const lo = Math.max(0, Math.floor(mu - 8 * Math.sqrt(mu))), hi = Math.ceil(mu + 8 * Math.sqrt(mu) + 10);
    let tailO = N;
    for (let k = lo; k <= hi; k++) {
      accE += N * pmf(k); accO += counts.get(k) ?? 0; tailO -= counts.get(k) ?? 0;
      if (accE >= 20) { chi += (accO - accE) ** 2 / accE; df++; accE = 0; accO = 0; }
    }
    expect(tailO).toBeLessThan(5); // outside mu +- 8 sd: probability < 1e-14 per draw
    expect(chi).toBeLessThan(df + 6 * Math.sqrt(2 * df));
  });
});

describe('ssa-tau-leap on DSMTS', () => {
  // Mean ratio Xbar/mu must lie in [0.98, 1.02] (the DSMTS guide's band for approximate simulators) wherever the
  // sampling error of the ratio at n = 10,000 is <= 0.5 % (the band is then >= 4 SE wide: false failure < 6e-5
  // per time point); the SD is checked with the suite's Y statistic, |Y| < 5 (false failure ~ 6e-7 per point for
  // normal data; the SD ratio's own sampling error at n = 10,000, 0.7 %, is too close to 2 % for a ratio band).
  // Measured ratios at n = 10,000 and larger n: scripts/dsmts-approx.ts.
  it.each(['00001', '00031'])('case %s: mean ratios in [0.98, 1.02], SD passes the Y test (n = 10,000)', (c) => {
    const { sys, header, rows, outT } = loadDsmts(c);
    const x0 = sys.initialState(0);
    const nRep = 10000;
    const e = ensemble(tauLeapDescriptor, sys, x0, outT, nRep, 2024, defaults(tauLeapDescriptor));
    let checked = 0;
    sys.stateIds.forEach((id, j) => {
      const mc = header.indexOf(`${id}-mean`), sc = header.indexOf(`${id}-sd`);
      if (mc < 0) return;
      rows.forEach((row, i) => {
        const mu = row[mc]!, sd = row[sc]!;
        if (!(mu > 0 && sd > 0)) return;
        const m = e.mean[i * sys.n + j]!, v = e.variance[i * sys.n + j]!;
        if (sd / (mu * Math.sqrt(nRep)) <= 0.005) {
          expect(m / mu, `${id} mean at t = ${outT[i]}`).toBeGreaterThanOrEqual(0.98);
          expect(m / mu, `${id} mean at t = ${outT[i]}`).toBeLessThanOrEqual(1.02);
          checked++;
        }
        const Y = Math.sqrt(nRep / 2) * (v / (sd * sd) - 1);
        expect(Math.abs(Y), `${id} Y at t = ${outT[i]}`).toBeLessThan(5);
      });
    });
    expect(checked).toBeGreaterThan(40);
  }, 60000);

  // Events under tau-leaping: time event (00029: X := 20 at t = 22.5) and state event (00033: P2 > 30 resets).
  // |Z| < 4.5 at every time point (false failure 7e-6 per point); n = 3000.
  it.each(['00029', '00033'])('case %s with events: means agree (|Z| < 4.5)', (c) => {
    const { sys, header, rows, outT } = loadDsmts(c);
    const x0 = sys.initialState(0);
    const nRep = 3000;
    const e = ensemble(tauLeapDescriptor, sys, x0, outT, nRep, 11, defaults(tauLeapDescriptor));
    sys.stateIds.forEach((id, j) => {
      const mc = header.indexOf(`${id}-mean`), sc = header.indexOf(`${id}-sd`);
      if (mc < 0) return;
      rows.forEach((row, i) => {
        const mu = row[mc]!, sd = row[sc]!;
        if (!(sd > 0)) return;
        const Z = (Math.sqrt(nRep) * (e.mean[i * sys.n + j]! - mu)) / sd;
        expect(Math.abs(Z), `${id} at t = ${outT[i]}`).toBeLessThan(4.5);
      });
    });
  }, 60000);
});

describe('ssa-tau-leap safeguards', () => {
  it('never produces a negative population, even with a huge epsilon', () => {
    // Immigration-death 0 -> X (50/time), X -> 0 (1/time * X), a dimerisation 2X -> Y, Y -> 2X, and Z made at
    // 100/time and removed by a zero-order law (100/time while Z >= 1) whose propensity does not read Z: the step
    // selection cannot see Z, so leaps of tau ~ 0.1-1 draw Poisson(10-100) removals from a handful of Z and are
    // rejected and halved. Every state the engine evaluates propensities at (each leap and exact step) is recorded.
    let minSeen = Infinity;
    const inner = massAction(['X', 'Y', 'Z'], [
      { reactants: [], products: [[0, 1]], k: 50 },
      { reactants: [[0, 1]], products: [], k: 1 },
      { reactants: [[0, 2]], products: [[1, 1]], k: 0.05 },
      { reactants: [[1, 1]], products: [[0, 2]], k: 0.5 },
      { reactants: [], products: [[2, 1]], k: 100 },
      { reactants: [[2, 1]], products: [], k: 100, law: (_t, x) => (x[2]! >= 1 ? 100 : 0), reads: [] },
    ]);
    const sys: ReactionSystem = {
      ...inner,
      propensities(t, x, out) {
        for (let i = 0; i < x.length; i++) if (x[i]! < minSeen) minSeen = x[i]!;
        inner.propensities(t, x, out);
      },
    };
    const outT = Float64Array.from({ length: 21 }, (_, i) => i);
    for (const eps of [0.3, 0.9]) {
      for (let r = 0; r < 200; r++) {
        const res = tauLeapDescriptor.run(sys, { t0: 0, outputTimes: outT, x0: Float64Array.of(50, 0, 20), rng: replicateStream(5, r), settings: defaults(tauLeapDescriptor, { epsilon: eps, ssaFactor: 0 }) });
        for (const v of res.states) expect(v).toBeGreaterThanOrEqual(0);
        expect(res.steps).toBeLessThan(20 * 200); // really leaping (not exact steps): fewer steps than firings
        expect(res.firings).toBeGreaterThan(res.steps);
      }
    }
    expect(minSeen).toBeGreaterThanOrEqual(0);
  });

  it('reproduces a replicate exactly for a seed', () => {
    const { sys, outT } = loadDsmts('00031');
    const x0 = sys.initialState(0);
    const run = (seed: number) => tauLeapDescriptor.run(sys, { t0: 0, outputTimes: outT, x0, rng: replicateStream(seed, 3), settings: defaults(tauLeapDescriptor) }).states;
    expect(Array.from(run(9))).toEqual(Array.from(run(9)));
    expect(Array.from(run(9))).not.toEqual(Array.from(run(10)));
  });
});

describe('ssa-hybrid', () => {
  // Exosomes E: 0 -> E (kp), E -> 0 (kd E): abundant (fast, deterministic). miRNA load M: E -> E + M (kl E, ~1 per
  // time: slow, exact), M -> 0 (km M: slow). Linear network: the ensemble mean equals the ODE solution exactly.
  const exo = (kp: number, kd: number, kl: number, km: number) =>
    massAction(['E', 'M'], [
      { reactants: [], products: [[0, 1]], k: kp },
      { reactants: [[0, 1]], products: [], k: kd },
      { reactants: [[0, 1]], products: [[0, 1], [1, 1]], k: kl },
      { reactants: [[1, 1]], products: [], k: km },
    ]);

  it('ensemble mean matches the ODE solution of a linear network (E fast, M exact)', () => {
    const sys = exo(1000, 1, 0.001, 0.1);
    const x0 = Float64Array.of(500, 0);
    const outT = Float64Array.of(0, 0.5, 1, 2, 5, 10, 20);
    const nRep = 2000;
    const e = ensemble(hybridDescriptor, sys, x0, outT, nRep, 77, defaults(hybridDescriptor));
    const desc = getSolver('ode-dopri5');
    const ode = integrate(sys.ode(), { t0: 0, y0: x0, outputTimes: outT, solver: desc, settings: resolveOdeSettings({ rtol: 1e-10, atol: 1e-10 }, desc) });
    outT.forEach((_, i) => {
      const eOde = ode.states[i]![0]!, mOde = ode.states[i]![1]!;
      // E is deterministic in the hybrid: its mean is the ODE value to the ODE tolerance.
      expect(Math.abs(e.mean[i * 2]! - eOde)).toBeLessThan(1e-3 * Math.max(1, eOde));
      // M: z-test of the ensemble mean (|z| < 4.5: false failure 7e-6 per time; variance from the sample).
      if (mOde > 0) expect(Math.abs(e.mean[i * 2 + 1]! - mOde) / Math.sqrt(e.variance[i * 2 + 1]! / nRep)).toBeLessThan(4.5);
    });
    // The partition worked: only the rare reactions fire (about 20 loads + 10 decays by t = 20), not ~20,000 E events.
    expect(e.firings).toBeLessThan(100);
  }, 30000);

  it('agrees with the exact SSA (ssa-direct) on a small case: mean and variance of M', () => {
    const sys = exo(150, 1, 0.01, 0.1);
    const x0 = Float64Array.of(150, 0);
    const outT = Float64Array.of(0, 5, 10);
    const nRep = 3000;
    const h = ensemble(hybridDescriptor, sys, x0, outT, nRep, 3, defaults(hybridDescriptor));
    const d = ensemble(directDescriptor, sys, x0, outT, nRep, 4, defaults(directDescriptor));
    for (let i = 1; i < outT.length; i++) {
      const q = i * 2 + 1;
      // two-sample z-test of the means and of the variances (Var(s^2) ~ (mu4 - s^4) / n ~ (v + 2 v^2) / n for
      // Poisson-like M); |z| < 4.5: false failure 7e-6 each. E's fluctuations (8 %) add < 1 % to Var(M).
      const zm = (h.mean[q]! - d.mean[q]!) / Math.sqrt((h.variance[q]! + d.variance[q]!) / nRep);
      expect(Math.abs(zm)).toBeLessThan(4.5);
      const vv = (v: number) => (v + 2 * v * v) / nRep;
      const zv = (h.variance[q]! - d.variance[q]!) / Math.sqrt(vv(h.variance[q]!) + vv(d.variance[q]!));
      expect(Math.abs(zv)).toBeLessThan(4.5);
    }
  }, 30000);

  it('is exact for a time-varying propensity (integrated propensity)', () => {
    // 0 -> X with a(t) = 2 (1 + sin t), never fast (a < 10): X(t) ~ Poisson(2 (t + 1 - cos t)).
    const sys = massAction(['X'], [{ reactants: [], products: [[0, 1]], k: 2, law: (t) => 2 * (1 + Math.sin(t)), reads: [] }], { timeDependent: true });
    const outT = Float64Array.of(0, 1, 2, 3, 5, 8);
    const nRep = 3000;
    const e = ensemble(hybridDescriptor, sys, Float64Array.of(0), outT, nRep, 21, defaults(hybridDescriptor));
    for (let i = 1; i < outT.length; i++) {
      const t = outT[i]!, lam = 2 * (t + 1 - Math.cos(t));
      expect(Math.abs(e.mean[i]! - lam) / Math.sqrt(lam / nRep)).toBeLessThan(4.5);
      expect(Math.abs(e.variance[i]! - lam) / Math.sqrt((lam + 2 * lam * lam) / nRep)).toBeLessThan(4.5);
    }
  });

  it('reproduces a replicate exactly for a seed', () => {
    const sys = exo(1000, 1, 0.001, 0.1);
    const outT = Float64Array.of(0, 1, 5, 10);
    const run = (seed: number) => hybridDescriptor.run(sys, { t0: 0, outputTimes: outT, x0: Float64Array.of(500, 0), rng: replicateStream(seed, 0), settings: defaults(hybridDescriptor) }).states;
    expect(Array.from(run(1))).toEqual(Array.from(run(1)));
    expect(Array.from(run(1))).not.toEqual(Array.from(run(2)));
  });
});
