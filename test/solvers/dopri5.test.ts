import { describe, expect, it } from 'vitest';
import { dopri5Descriptor, Dopri5Stepper } from '../../src/solvers/ode/dopri5.js';
import { resolveOdeSettings } from '../../src/solvers/ode/common.js';
import { integrate } from '../../src/solvers/ode/driver.js';
import type { OdeSystem } from '../../src/solvers/types.js';

/** Principal branch of the Lambert W function for x >= 0, by Halley's iteration on w e^w = x. */
function lambertW(x: number): number {
  if (x === 0) return 0;
  let w = x < 1 ? x / (1 + x) : Math.log(x) - (x > 3 ? Math.log(Math.log(x)) : 0);
  if (x < 1) w = Math.log1p(x) * 0.9;
  for (let i = 0; i < 100; i++) {
    const ew = Math.exp(w);
    const f = w * ew - x;
    const wn = w - f / (ew * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    if (Math.abs(wn - w) <= 1e-16 * Math.max(1, Math.abs(wn))) return wn;
    w = wn;
  }
  return w;
}

const linspace = (a: number, b: number, k: number) => Float64Array.from({ length: k + 1 }, (_, i) => (i === k ? b : a + ((b - a) * i) / k));

describe('lambertW (test helper)', () => {
  it('inverts w e^w', () => {
    for (const x of [1e-12, 1e-3, 0.5, 1, Math.E, 10, 742, 1e6]) {
      const w = lambertW(x);
      expect(Math.abs(w * Math.exp(w) - x) / x).toBeLessThan(1e-14);
    }
    expect(lambertW(Math.E)).toBeCloseTo(1, 14);
  });
});

describe('ode-dopri5', () => {
  it('exponential decay y = exp(-kt) at many output times (rtol 1e-10 -> rel err < 1e-8)', () => {
    const k = 0.7;
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -k * y[0]!; } };
    const times = linspace(0, 20, 400);
    const r = integrate(sys, {
      t0: 0, y0: Float64Array.of(2), outputTimes: times, solver: dopri5Descriptor,
      settings: resolveOdeSettings({ rtol: 1e-10, atol: 1e-20 }, dopri5Descriptor),
    });
    expect(r.status).toBe('done');
    expect(r.times.length).toBe(401);
    expect(r.states.length).toBe(401);
    for (let i = 0; i < times.length; i++) {
      expect(r.times[i]).toBe(times[i]);
      const exact = 2 * Math.exp(-k * times[i]!);
      expect(Math.abs(r.states[i]![0]! - exact) / exact).toBeLessThan(1e-8);
    }
    expect(r.stats.steps).toBeGreaterThan(10);
    expect(r.stats.rhsEvals).toBeGreaterThan(6 * r.stats.steps);
  });

  it('harmonic oscillator over 10 periods vs sin/cos', () => {
    const w = 2.5;
    const sys: OdeSystem = { n: 2, rates: (_t, y, f) => { f[0] = y[1]!; f[1] = -w * w * y[0]!; } };
    const T = (2 * Math.PI) / w;
    const times = linspace(0, 10 * T, 1000);
    const r = integrate(sys, {
      t0: 0, y0: Float64Array.of(1, 0), outputTimes: times, solver: dopri5Descriptor,
      settings: resolveOdeSettings({ rtol: 1e-10, atol: 1e-12 }, dopri5Descriptor),
    });
    let worst = 0;
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      worst = Math.max(worst, Math.abs(r.states[i]![0]! - Math.cos(w * t)), Math.abs(r.states[i]![1]! + w * Math.sin(w * t)) / w);
    }
    expect(worst).toBeLessThan(1e-7);
    // Back to the start after 10 periods.
    const last = r.states[r.states.length - 1]!;
    expect(Math.abs(last[0]! - 1)).toBeLessThan(1e-8);
  });

  it('Michaelis-Menten depletion S\' = -Vmax S/(Km+S) vs the Lambert-W closed form (1e-7 relative)', () => {
    const Vmax = 1.3, Km = 2, S0 = 10;
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = (-Vmax * y[0]!) / (Km + y[0]!); } };
    const times = linspace(0, 30, 300);
    const r = integrate(sys, {
      t0: 0, y0: Float64Array.of(S0), outputTimes: times, solver: dopri5Descriptor,
      settings: resolveOdeSettings({ rtol: 1e-11, atol: 1e-22 }, dopri5Descriptor),
    });
    // Integrated rate law: Km ln(S/S0) + S - S0 = -Vmax t  =>  S = Km W( (S0/Km) exp((S0 - Vmax t)/Km) ).
    for (let i = 0; i < times.length; i++) {
      const exact = Km * lambertW((S0 / Km) * Math.exp((S0 - Vmax * times[i]!) / Km));
      expect(Math.abs(r.states[i]![0]! - exact) / exact).toBeLessThan(1e-7);
    }
  });

  it('dense output is accurate between steps and continuous at step ends', () => {
    const sys: OdeSystem = { n: 2, rates: (t, y, f) => { f[0] = -y[0]! + Math.sin(t); f[1] = y[0]!; } };
    // Exact: y0(t) = (sin t - cos t)/2 + C e^{-t}, with y0(0) = 1 -> C = 1.5; y1 = integral.
    const y0x = (t: number) => (Math.sin(t) - Math.cos(t)) / 2 + 1.5 * Math.exp(-t);
    const y1x = (t: number) => (-Math.cos(t) - Math.sin(t)) / 2 - 1.5 * Math.exp(-t) + 2;
    const s = new Dopri5Stepper(sys, 0, Float64Array.of(1, 0), resolveOdeSettings({ rtol: 1e-8, atol: 1e-10 }, dopri5Descriptor));
    const out = new Float64Array(2);
    let checked = 0;
    let prevEnd = Float64Array.of(1, 0);
    while (s.t < 10) {
      s.step(10);
      expect(s.t).toBeGreaterThan(s.tPrev);
      // continuity: interpolate at tPrev equals the previous step's end state, at t equals the new state
      s.interpolate(s.tPrev, out);
      expect(Math.abs(out[0]! - prevEnd[0]!)).toBeLessThan(1e-14);
      s.interpolate(s.t, out);
      expect(Math.abs(out[0]! - s.y[0]!)).toBeLessThan(1e-14);
      for (let j = 1; j < 10; j++) {
        const tq = s.tPrev + ((s.t - s.tPrev) * j) / 10;
        s.interpolate(tq, out);
        expect(Math.abs(out[0]! - y0x(tq))).toBeLessThan(1e-6);
        expect(Math.abs(out[1]! - y1x(tq))).toBeLessThan(1e-6);
        checked++;
      }
      prevEnd = Float64Array.from(s.y);
    }
    expect(s.t).toBe(10);
    expect(checked).toBeGreaterThan(50);
    expect(s.stiffnessDetected).toBe(false);
  });

  it('never steps past tStop and lands on it exactly', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
    const s = dopri5Descriptor.create(sys, 0, Float64Array.of(1), resolveOdeSettings({}, dopri5Descriptor));
    for (const stop of [0.1, 0.1 + 1e-9, 0.3, 7.25]) {
      while (s.t < stop) {
        s.step(stop);
        expect(s.t).toBeLessThanOrEqual(stop);
      }
      expect(s.t).toBe(stop);
    }
  });

  it('flags stiffness on a stiff problem and not on a non-stiff one', () => {
    // y' = -1e4 (y - cos t): explicit steps are limited by stability, |h lambda| ~ 3.3.
    const stiff: OdeSystem = { n: 1, rates: (t, y, f) => { f[0] = -1e4 * (y[0]! - Math.cos(t)); } };
    const s = new Dopri5Stepper(stiff, 0, Float64Array.of(0), resolveOdeSettings({ rtol: 1e-6, atol: 1e-9 }, dopri5Descriptor));
    while (s.t < 2 && !s.stiffnessDetected) s.step(2);
    expect(s.stiffnessDetected).toBe(true);
    const easy: OdeSystem = { n: 1, rates: (t, y, f) => { f[0] = Math.cos(t) - 0.1 * y[0]!; } };
    const e = new Dopri5Stepper(easy, 0, Float64Array.of(0), resolveOdeSettings({ rtol: 1e-6, atol: 1e-9, stiffnessCheckInterval: 1 }, dopri5Descriptor));
    while (e.t < 200) e.step(200);
    expect(e.stiffnessDetected).toBe(false);
  });

  it('restart after a jump continues from the new state', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
    const s = new Dopri5Stepper(sys, 0, Float64Array.of(1), resolveOdeSettings({ rtol: 1e-10, atol: 1e-14 }, dopri5Descriptor));
    while (s.t < 1) s.step(1);
    s.restart(1, Float64Array.of(5));
    expect(s.t).toBe(1);
    while (s.t < 3) s.step(3);
    expect(Math.abs(s.y[0]! - 5 * Math.exp(-2)) / (5 * Math.exp(-2))).toBeLessThan(1e-8);
  });

  it('throws E_NAN on non-finite rates', () => {
    const sys: OdeSystem = { n: 1, rates: (t, y, f) => { f[0] = t > 0.5 ? NaN : -y[0]!; } };
    const s = new Dopri5Stepper(sys, 0, Float64Array.of(1), resolveOdeSettings({}, dopri5Descriptor));
    expect(() => { while (s.t < 1) s.step(1); }).toThrow(/E_STEP_UNDERFLOW|Non-finite|too small/);
  });
});

describe('resolveOdeSettings', () => {
  it('fills defaults and collects all problems', () => {
    const s = resolveOdeSettings({}, dopri5Descriptor);
    expect(s.rtol).toBe(1e-6);
    expect(s.safety).toBe(0.9);
    let err: unknown;
    try {
      resolveOdeSettings({ rtol: -1, bogus: 3, maxSteps: 1.5 } as never, dopri5Descriptor);
    } catch (e) { err = e; }
    const diags = (err as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code).sort();
    expect(diags).toEqual(['E_SOLVER_SETTING_RANGE', 'E_SOLVER_SETTING_TYPE', 'E_SOLVER_SETTING_UNKNOWN']);
  });
});
