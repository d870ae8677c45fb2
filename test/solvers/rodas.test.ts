import { describe, expect, it } from 'vitest';
import { rodasDescriptor, RodasStepper } from '../../src/solvers/ode/rodas.js';
import type { OdeSettings, OdeSystem, SparsityPattern, Stepper } from '../../src/solvers/types.js';
import { maxRelError, stiffProblems } from './problems.js';

function settings(over: Partial<OdeSettings> = {}): OdeSettings {
  return { rtol: 1e-6, atol: 1e-12, maxSteps: 1_000_000, initialStep: 0, maxStep: 0, linearSolver: 'auto', ...over };
}

/** Minimal driver: step to tEnd (a hard stop), return the final state. */
function run(stepper: Stepper, tEnd: number, maxSteps = 1_000_000): Float64Array {
  let k = 0;
  while (stepper.t < tEnd) {
    stepper.step(tEnd);
    if (++k > maxSteps) throw new Error('too many steps');
  }
  return Float64Array.from(stepper.y);
}

describe('Rosenbrock RODAS (ode-rosenbrock)', () => {
  it('describes itself', () => {
    expect(rodasDescriptor.id).toBe('ode-rosenbrock');
    expect(rodasDescriptor.features.stiff).toBe(true);
    const names = rodasDescriptor.settings.map((s) => s.name);
    for (const n of ['rtol', 'atol', 'linearSolver', 'maxStep', 'initialStep', 'maxSteps']) expect(names).toContain(n);
  });

  it('integrates exponential decay to the analytic solution, stopping exactly at tStop', () => {
    const sys: OdeSystem = { n: 2, rates: (_t, y, f) => { f[0] = -y[0]!; f[1] = -1000 * y[1]!; } };
    const s = rodasDescriptor.create(sys, 0, Float64Array.from([1, 1]), settings({ rtol: 1e-8, atol: 1e-14 }));
    const y = run(s, 2);
    expect(s.t).toBe(2);
    expect(Math.abs(y[0]! - Math.exp(-2)) / Math.exp(-2)).toBeLessThan(1e-6);
    expect(Math.abs(y[1]!)).toBeLessThan(1e-12);
    expect(s.stats.steps).toBeGreaterThan(0);
    expect(s.stats.jacobianEvals).toBe(s.stats.steps); // one (finite-difference) Jacobian per accepted step
    expect(s.stats.luDecompositions).toBe(s.stats.steps + s.stats.rejectedSteps);
    expect(s.stats.linearSolves).toBe(6 * s.stats.luDecompositions);
    expect(s.stats.rhsEvals).toBeGreaterThan(7 * s.stats.steps);
  });

  it('is accurate on a stiff non-autonomous problem (Prothero-Robinson, y = sin t)', () => {
    // y' = lambda (y - sin t) + cos t, y(0) = 0, exact solution sin t; lambda = -1e4 (stiff). Tests df/dt.
    const sys: OdeSystem = { n: 1, rates: (t, y, f) => { f[0] = -1e4 * (y[0]! - Math.sin(t)) + Math.cos(t); } };
    const s = rodasDescriptor.create(sys, 0, Float64Array.from([0]), settings({ rtol: 1e-8, atol: 1e-12 }));
    const y = run(s, 3);
    expect(Math.abs(y[0]! - Math.sin(3))).toBeLessThan(1e-7);
  });

  for (const p of stiffProblems) {
    it(`solves ${p.name} to t_end within 1e-5 relative error (rtol 1e-9, atol 1e-16)`, () => {
      for (const linearSolver of ['dense', 'sparse'] as const) {
        const s = rodasDescriptor.create(p.system, p.t0, Float64Array.from(p.y0), settings({ rtol: 1e-9, atol: 1e-16, linearSolver }));
        const y = run(s, p.tEnd);
        const skip = p.name === 'ROBER' ? [1] : [];
        expect(maxRelError(y, p.reference, skip)).toBeLessThan(1e-5);
      }
    });
  }

  it('error decreases as the tolerance tightens (HIRES)', () => {
    const p = stiffProblems.find((q) => q.name === 'HIRES')!;
    const errs: number[] = [];
    const steps: number[] = [];
    for (const rtol of [1e-4, 1e-6, 1e-8, 1e-10]) {
      const s = rodasDescriptor.create(p.system, p.t0, Float64Array.from(p.y0), settings({ rtol, atol: rtol }));
      errs.push(maxRelError(run(s, p.tEnd), p.reference));
      steps.push(s.stats.steps);
    }
    for (let i = 1; i < errs.length; i++) {
      expect(errs[i]!).toBeLessThan(errs[i - 1]!);
      expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
    }
    // Tolerance proportionality: the error follows the tolerance (about 10x per 100x here, absolute and
    // relative error mix), and a 1e4x tighter tolerance costs about (1e4)^(1/4) = 10x more steps for an
    // order-4 method (order 3 would need 22x, order 2 100x).
    expect(errs[3]! / errs[1]!).toBeLessThan(1e-3);
    expect(steps[3]! / steps[1]!).toBeLessThan(20);
  });

  it('observed order of convergence is about 4 at fixed step sizes', () => {
    // y' = -y + sin(t) on [0, 1] with a fixed step (huge tolerance, initialStep = maxStep = h).
    const exact = (t: number): number => 1.5 * Math.exp(-t) + 0.5 * (Math.sin(t) - Math.cos(t));
    const sys: OdeSystem = { n: 1, rates: (t, y, f) => { f[0] = -y[0]! + Math.sin(t); } };
    const errs: number[] = [];
    for (const h of [0.1, 0.05, 0.025]) {
      const s = rodasDescriptor.create(sys, 0, Float64Array.from([1]), settings({ rtol: 0.5, atol: 1, initialStep: h, maxStep: h }));
      const y = run(s, 1);
      expect(s.stats.rejectedSteps).toBe(0);
      errs.push(Math.abs(y[0]! - exact(1)));
    }
    const p1 = Math.log2(errs[0]! / errs[1]!), p2 = Math.log2(errs[1]! / errs[2]!);
    expect(p1).toBeGreaterThan(3.5);
    expect(p2).toBeGreaterThan(3.5);
  });

  it('dense output is accurate mid-step on a smooth problem (harmonic oscillator)', () => {
    const sys: OdeSystem = { n: 2, rates: (_t, y, f) => { f[0] = y[1]!; f[1] = -y[0]!; } };
    const s = rodasDescriptor.create(sys, 0, Float64Array.from([1, 0]), settings({ rtol: 1e-7, atol: 1e-10 }));
    const out = new Float64Array(2);
    let worst = 0;
    let maxH = 0;
    while (s.t < 10) {
      s.step(10);
      maxH = Math.max(maxH, s.t - s.tPrev);
      for (const frac of [0.25, 0.5, 0.75]) {
        const tq = s.tPrev + frac * (s.t - s.tPrev);
        s.interpolate(tq, out);
        worst = Math.max(worst, Math.abs(out[0]! - Math.cos(tq)), Math.abs(out[1]! + Math.sin(tq)));
      }
      // Interpolation reproduces the end points.
      s.interpolate(s.t, out);
      expect(Math.abs(out[0]! - s.y[0]!)).toBeLessThan(1e-14);
    }
    expect(maxH).toBeGreaterThan(0.05); // real steps, not tiny ones
    expect(worst).toBeLessThan(1e-5);
  });

  it('restarts after a state change and respects maxStep', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -2 * y[0]!; } };
    const s = rodasDescriptor.create(sys, 0, Float64Array.from([1]), settings({ rtol: 1e-8, atol: 1e-14, maxStep: 0.1 })) as RodasStepper;
    run(s, 1);
    expect(s.stats.steps).toBeGreaterThanOrEqual(10);
    s.restart(1, Float64Array.from([5]));
    expect(s.t).toBe(1);
    const y = run(s, 2);
    expect(Math.abs(y[0]! - 5 * Math.exp(-2)) / (5 * Math.exp(-2))).toBeLessThan(1e-6);
  });

  it('gives the same answer with the sparse linear solver on a 200-species network, and conserves mass', () => {
    // Linear chain A_0 -> A_1 -> ... with fast and slow rates plus reversible dimerisation A_i + A_i <-> A_{i+100}
    // (mass-conserving if A_{i+150} counts double). Rosenbrock methods preserve linear invariants exactly.
    const n = 200;
    const half = 100;
    const k = new Float64Array(half);
    for (let i = 0; i < half; i++) k[i] = i % 7 === 0 ? 1e4 : 1 + (i % 5);
    const rates = (_t: number, y: Float64Array, f: Float64Array): void => {
      f.fill(0);
      for (let i = 0; i + 1 < half; i++) { const v = k[i]! * y[i]!; f[i] = f[i]! - v; f[i + 1] = f[i + 1]! + v; }
      for (let i = 0; i < half; i++) {
        const v = 10 * y[i]! * y[i]! - 0.5 * y[i + half]!;
        f[i] = f[i]! - 2 * v;
        f[i + half] = f[i + half]! + v;
      }
    };
    const rows: number[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < half; i++) {
      rows[i]!.push(i, i + half);
      if (i > 0) rows[i]!.push(i - 1);
      rows[i + half]!.push(i, i + half);
    }
    const rowPtr = new Int32Array(n + 1);
    const cols: number[] = [];
    for (let i = 0; i < n; i++) { cols.push(...[...new Set(rows[i]!)].sort((a, b) => a - b)); rowPtr[i + 1] = cols.length; }
    const sparsity: SparsityPattern = { n, rowPtr, colIdx: Int32Array.from(cols) };
    const sys: OdeSystem = { n, rates, sparsity };
    const y0 = new Float64Array(n);
    for (let i = 0; i < half; i++) y0[i] = 1 / (1 + i);
    const mass = (y: Float64Array): number => { let m = 0; for (let i = 0; i < half; i++) m += y[i]! + 2 * y[i + half]!; return m; };
    const results: Float64Array[] = [];
    for (const linearSolver of ['dense', 'sparse'] as const) {
      const s = rodasDescriptor.create(sys, 0, y0, settings({ rtol: 1e-7, atol: 1e-12, linearSolver, autonomous: true })) as RodasStepper;
      expect(s.matrix.kind).toBe(linearSolver);
      const y = run(s, 5);
      expect(Math.abs(mass(y) - mass(y0)) / mass(y0)).toBeLessThan(1e-10);
      results.push(y);
    }
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(results[0]![i]! - results[1]![i]!) / (1e-6 + Math.abs(results[0]![i]!)));
    expect(worst).toBeLessThan(1e-6);
  });

  it('throws a SolverError when the rates become non-finite', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = y[0]! * y[0]!; } }; // blows up at t = 1
    const s = rodasDescriptor.create(sys, 0, Float64Array.from([1]), settings());
    expect(() => run(s, 2)).toThrow(/SolverError|too small|Non-finite/);
  });
});
