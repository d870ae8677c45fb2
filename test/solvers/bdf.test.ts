/**
 * Tests of the CVODE-style BDF stepper against analytic solutions and the published reference solutions of
 * the Test Set for IVP Solvers (ROBER, HIRES, OREGO; see problems.ts).
 */
import { describe, expect, it } from 'vitest';
import { bdfDescriptor } from '../../src/solvers/ode/bdf.js';
import { resolveOdeSettings } from '../../src/solvers/ode/common.js';
import { SolverError, type OdeSettings, type OdeSystem, type Stepper } from '../../src/solvers/types.js';
import { hires, maxRelError, oregonator, robertson, type TestProblem } from './problems.js';

function settings(over: Partial<OdeSettings> = {}): OdeSettings {
  return { rtol: 1e-6, atol: 1e-12, maxSteps: 1e6, initialStep: 0, maxStep: 0, linearSolver: 'auto', ...over };
}

/** Step until t reaches tEnd (hard stop at tEnd), with a safety cap on the number of steps. */
function runTo(st: Stepper, tEnd: number, cap = 1e6): void {
  let k = 0;
  while (st.t < tEnd) {
    st.step(tEnd);
    if (++k > cap) throw new Error('too many steps');
  }
}

/** y' = -k y, y(0) = 1: y = exp(-k t). No Jacobian given (finite differences in the iteration matrix). */
const K = 0.8;
const decay: OdeSystem = {
  n: 1,
  rates(_t, y, f) {
    f[0] = -K * y[0]!;
  },
};

/**
 * Linear stiff 2x2 system y' = A y, A = [[-500.5, 499.5], [499.5, -500.5]], eigenvalues -1 (eigenvector
 * (1, 1)) and -1000 (eigenvector (1, -1)). With y(0) = (2, 0): y = e^{-t} (1, 1) + e^{-1000 t} (1, -1).
 */
const stiff2: OdeSystem = {
  n: 2,
  rates(_t, y, f) {
    const a = y[0]!, b = y[1]!;
    f[0] = -500.5 * a + 499.5 * b;
    f[1] = 499.5 * a - 500.5 * b;
  },
  jacobian(_t, _y, J) {
    J[0] = -500.5; J[1] = 499.5;
    J[2] = 499.5; J[3] = -500.5;
  },
};
const stiff2Exact = (t: number): [number, number] => [Math.exp(-t) + Math.exp(-1000 * t), Math.exp(-t) - Math.exp(-1000 * t)];

function solveProblem(p: TestProblem, over: Partial<OdeSettings> = {}): Stepper {
  const st = bdfDescriptor.create(p.system, p.t0, Float64Array.from(p.y0), settings({ rtol: 1e-9, atol: 1e-16, linearSolver: 'dense', ...over }));
  runTo(st, p.tEnd);
  return st;
}

describe('ode-bdf descriptor', () => {
  it('describes itself', () => {
    expect(bdfDescriptor.id).toBe('ode-bdf');
    expect(bdfDescriptor.kind).toBe('ode');
    expect(bdfDescriptor.features.stiff).toBe(true);
    const names = bdfDescriptor.settings.map((s) => s.name);
    for (const n of ['maxOrder', 'linearSolver', 'maxStep', 'initialStep', 'maxSteps', 'maxNewtonIterations']) expect(names).toContain(n);
    expect(bdfDescriptor.settings.find((s) => s.name === 'maxOrder')?.default).toBe(5);
    expect(bdfDescriptor.settings.find((s) => s.name === 'maxNewtonIterations')?.default).toBe(3);
    for (const s of bdfDescriptor.settings) expect(s.help.length).toBeGreaterThan(10);
    expect(new Set(names).size).toBe(names.length);
  });

  it('settings resolve through the common validator and drive the stepper', () => {
    const s = resolveOdeSettings({ rtol: 1e-8, maxOrder: 2 }, bdfDescriptor);
    expect(s.maxOrder).toBe(2);
    expect(s.maxNewtonIterations).toBe(3);
    const st = bdfDescriptor.create(decay, 0, Float64Array.of(1), s);
    let maxOrder = 0;
    while (st.t < 5) {
      st.step(5);
      maxOrder = Math.max(maxOrder, st.order);
    }
    expect(maxOrder).toBe(2);
  });

  it('rejects maxOrder outside 1..5', () => {
    expect(() => bdfDescriptor.create(decay, 0, Float64Array.of(1), settings({ maxOrder: 6 }))).toThrow(SolverError);
  });
});

describe('ode-bdf accuracy', () => {
  it('exponential decay matches exp(-kt) at step ends and through interpolation (rtol 1e-10)', () => {
    const st = bdfDescriptor.create(decay, 0, Float64Array.of(1), settings({ rtol: 1e-10, atol: 1e-14 }));
    const out = new Float64Array(1);
    const checkTimes = [0.1, 0.5, 1, 2.5, 4, 7, 10];
    let next = 0;
    let worstStep = 0;
    let worstInterp = 0;
    while (st.t < 10) {
      st.step(10);
      worstStep = Math.max(worstStep, Math.abs(st.y[0]! - Math.exp(-K * st.t)) / Math.exp(-K * st.t));
      while (next < checkTimes.length && checkTimes[next]! <= st.t) {
        const tq = checkTimes[next]!;
        expect(tq).toBeGreaterThanOrEqual(st.tPrev);
        st.interpolate(tq, out);
        worstInterp = Math.max(worstInterp, Math.abs(out[0]! - Math.exp(-K * tq)) / Math.exp(-K * tq));
        next++;
      }
    }
    expect(next).toBe(checkTimes.length);
    expect(st.t).toBe(10);
    expect(worstStep).toBeLessThan(1e-7);
    expect(worstInterp).toBeLessThan(1e-7);
    expect(st.order).toBeGreaterThan(1); // the order rose above 1
    expect(st.stats.steps).toBeGreaterThan(10);
    expect(st.stats.jacobianEvals).toBeGreaterThan(0);
  });

  it('interpolate reproduces the step end points exactly', () => {
    const st = bdfDescriptor.create(decay, 0, Float64Array.of(1), settings());
    const out = new Float64Array(1);
    for (let i = 0; i < 20; i++) {
      st.step(5);
      st.interpolate(st.t, out);
      expect(out[0]).toBe(st.y[0]);
    }
  });

  it('linear stiff 2x2 system matches its eigen-solution (dense and sparse linear solvers)', () => {
    for (const linearSolver of ['dense', 'sparse'] as const) {
      const st = bdfDescriptor.create(stiff2, 0, Float64Array.of(2, 0), settings({ rtol: 1e-8, atol: 1e-12, linearSolver }));
      const out = new Float64Array(2);
      let worst = 0;
      while (st.t < 10) {
        st.step(10);
        const tm = 0.5 * (st.tPrev + st.t);
        st.interpolate(tm, out);
        const [a, b] = stiff2Exact(tm);
        // Error relative to the slow mode's size (the fast mode decays to nothing).
        const scale = Math.exp(-tm);
        worst = Math.max(worst, Math.abs(out[0]! - a) / scale, Math.abs(out[1]! - b) / scale);
      }
      const [a, b] = stiff2Exact(10);
      expect(Math.abs(st.y[0]! - a) / a).toBeLessThan(1e-5);
      expect(Math.abs(st.y[1]! - b) / b).toBeLessThan(1e-5);
      expect(worst).toBeLessThan(1e-5);
      // Stiffness: an explicit method would need > 1000 * 10 / 2.8 steps for stability alone.
      expect(st.stats.steps).toBeLessThan(1000);
    }
  });
});

describe('ode-bdf on the stiff test set (rtol 1e-9, atol 1e-16)', () => {
  const report: string[] = [];
  for (const p of [robertson, hires, oregonator]) {
    it(`${p.name}: max relative error vs the published reference < 1e-5`, () => {
      const st = solveProblem(p);
      expect(st.t).toBe(p.tEnd);
      const err = maxRelError(st.y, p.reference);
      report.push(`${p.name}: err ${err.toExponential(2)} ${JSON.stringify(st.stats)}`);
      expect(err).toBeLessThan(1e-5);
      // Work in CVODE's class (CVODE itself takes about 3000 steps on ROBER at these tolerances).
      expect(st.stats.steps).toBeLessThan(10000);
      expect(st.stats.jacobianEvals).toBeLessThan(st.stats.steps / 10);
      expect(st.stats.luDecompositions).toBeLessThan(st.stats.steps / 2);
    });
  }

  it('ROBER with finite-difference Jacobian still matches the reference', () => {
    const sys: OdeSystem = { n: 3, rates: robertson.system.rates };
    const st = bdfDescriptor.create(sys, 0, Float64Array.from(robertson.y0), settings({ rtol: 1e-8, atol: 1e-14 }));
    runTo(st, robertson.tEnd);
    expect(maxRelError(st.y, robertson.reference, [1])).toBeLessThan(1e-5);
  });

  it('maxOrder = 1 still converges (with many more steps)', () => {
    const ref = solveProblem(hires, { rtol: 1e-7, atol: 1e-12 });
    const st = solveProblem(hires, { rtol: 1e-7, atol: 1e-12, maxOrder: 1 });
    expect(maxRelError(st.y, hires.reference)).toBeLessThan(1e-3);
    expect(st.order).toBe(1);
    expect(st.stats.steps).toBeGreaterThan(5 * ref.stats.steps);
  });

  it('maxOrder = 2 on OREGO converges', () => {
    const st = solveProblem(oregonator, { rtol: 1e-8, atol: 1e-14, maxOrder: 2 });
    expect(maxRelError(st.y, oregonator.reference)).toBeLessThan(1e-4);
  });
});

describe('ode-bdf stops and restarts', () => {
  it('never steps past tStop and lands on it exactly', () => {
    const stops = [0.3, 0.7, 1.1, Math.PI, 5];
    const st = bdfDescriptor.create(stiff2, 0, Float64Array.of(2, 0), settings({ rtol: 1e-8, atol: 1e-12 }));
    for (const ts of stops) {
      while (st.t < ts) {
        st.step(ts);
        expect(st.t).toBeLessThanOrEqual(ts);
      }
      expect(st.t).toBe(ts);
      const [a, b] = stiff2Exact(ts);
      expect(Math.abs(st.y[0]! - a) / a).toBeLessThan(1e-6);
      expect(Math.abs(st.y[1]! - b) / b).toBeLessThan(1e-6);
    }
  });

  it('a tStop just ahead of t is hit exactly with a short step', () => {
    const st = bdfDescriptor.create(decay, 0, Float64Array.of(1), settings({ rtol: 1e-10, atol: 1e-14 }));
    runTo(st, 1);
    st.step(1 + 1e-9);
    expect(st.t).toBe(1 + 1e-9);
    expect(st.tPrev).toBe(1);
    runTo(st, 3);
    expect(Math.abs(st.y[0]! - Math.exp(-K * 3)) / Math.exp(-K * 3)).toBeLessThan(1e-7);
  });

  it('restart(t, y) continues from a new state (piecewise analytic solution)', () => {
    const st = bdfDescriptor.create(decay, 0, Float64Array.of(1), settings({ rtol: 1e-10, atol: 1e-14 }));
    runTo(st, 2);
    // Event at t = 2: add 3 to y. Afterwards y = (e^{-2k} + 3) e^{-k (t - 2)}.
    const y2 = Float64Array.of(st.y[0]! + 3);
    st.restart(2, y2);
    expect(st.t).toBe(2);
    expect(st.order).toBe(1);
    expect(st.y[0]).toBe(y2[0]);
    const out = new Float64Array(1);
    st.interpolate(2, out);
    expect(out[0]).toBe(y2[0]);
    runTo(st, 6);
    const exact = (Math.exp(-2 * K) + 3) * Math.exp(-K * 4);
    expect(Math.abs(st.y[0]! - exact) / exact).toBeLessThan(1e-7);
    st.interpolate(0.5 * (st.tPrev + st.t), out);
    const tm = 0.5 * (st.tPrev + st.t);
    const exm = (Math.exp(-2 * K) + 3) * Math.exp(-K * (tm - 2));
    expect(Math.abs(out[0]! - exm) / exm).toBeLessThan(1e-7);
  });

  it('restart accepts the stepper\'s own y buffer', () => {
    const st = bdfDescriptor.create(stiff2, 0, Float64Array.of(2, 0), settings({ rtol: 1e-8, atol: 1e-12 }));
    runTo(st, 1);
    st.restart(st.t, st.y);
    runTo(st, 3);
    const [a, b] = stiff2Exact(3);
    expect(Math.abs(st.y[0]! - a) / a).toBeLessThan(1e-6);
    expect(Math.abs(st.y[1]! - b) / b).toBeLessThan(1e-6);
  });

  it('honours maxStep and initialStep', () => {
    const st = bdfDescriptor.create(decay, 0, Float64Array.of(1), settings({ maxStep: 0.05, initialStep: 1e-3 }));
    st.step(10);
    expect(st.t).toBeCloseTo(1e-3, 15);
    let worst = 0;
    while (st.t < 10) {
      st.step(10);
      worst = Math.max(worst, st.t - st.tPrev);
    }
    expect(worst).toBeLessThanOrEqual(0.05 * (1 + 1e-12));
  });
});

describe('ode-bdf failures', () => {
  function expectSolverError(fn: () => void, codes: string[]): SolverError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(SolverError);
      const se = e as SolverError;
      expect(codes).toContain(se.code);
      expect(se.message.length).toBeGreaterThan(20);
      expect(se.hint.length).toBeGreaterThan(10);
      return se;
    }
    throw new Error('expected a SolverError');
  }

  it('NaN from the right-hand side gives E_NAN', () => {
    const sys: OdeSystem = {
      n: 1,
      rates(t, y, f) {
        f[0] = t > 1 ? NaN : -y[0]!;
      },
    };
    const st = bdfDescriptor.create(sys, 0, Float64Array.of(1), settings());
    const e = expectSolverError(() => runTo(st, 5), ['E_NAN']);
    expect(e.t).toBeGreaterThan(0.5);
    expect(e.t).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('finite-time blow-up (y\' = y^2, y(0) = 1, singular at t = 1) fails loudly near t = 1', () => {
    const sys: OdeSystem = {
      n: 1,
      rates(_t, y, f) {
        f[0] = y[0]! * y[0]!;
      },
      jacobian(_t, y, J) {
        J[0] = 2 * y[0]!;
      },
    };
    const st = bdfDescriptor.create(sys, 0, Float64Array.of(1), settings());
    const e = expectSolverError(() => runTo(st, 2), ['E_STEP_UNDERFLOW', 'E_NEWTON_FAILURE', 'E_NAN']);
    expect(e.t).toBeGreaterThan(0.99);
    expect(e.t).toBeLessThan(1.01);
  });

  it('asking for a step with tStop <= t is an error', () => {
    const st = bdfDescriptor.create(decay, 0, Float64Array.of(1), settings());
    runTo(st, 1);
    expectSolverError(() => st.step(1), ['E_BAD_INPUT']);
  });
});
