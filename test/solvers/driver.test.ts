import { describe, expect, it } from 'vitest';
import { dopri5Descriptor } from '../../src/solvers/ode/dopri5.js';
import { resolveOdeSettings } from '../../src/solvers/ode/common.js';
import { integrate } from '../../src/solvers/ode/driver.js';
import { SolverError, type OdeSystem } from '../../src/solvers/types.js';

const decay = (k: number): OdeSystem => ({ n: 1, rates: (_t, y, f) => { f[0] = -k * y[0]!; } });
const settings = (o: Record<string, unknown> = {}) => resolveOdeSettings({ rtol: 1e-10, atol: 1e-14, ...o }, dopri5Descriptor);

describe('integrate (driver)', () => {
  it('hits every output time exactly (N+1 rows) including t0', () => {
    const times = Float64Array.from({ length: 101 }, (_, i) => i * 0.37);
    const r = integrate(decay(1), { t0: 0, y0: Float64Array.of(1), outputTimes: times, solver: dopri5Descriptor, settings: settings() });
    expect(r.times).toEqual(times);
    expect(r.states.length).toBe(101);
    expect(r.states[0]![0]).toBe(1);
    for (let i = 0; i < 101; i++) expect(Math.abs(r.states[i]![0]! - Math.exp(-times[i]!))).toBeLessThan(1e-10);
    // states are copies
    expect(r.states[1]).not.toBe(r.states[2]);
  });

  it('output times not starting at t0 and a single output time', () => {
    const r = integrate(decay(2), { t0: 1, y0: Float64Array.of(3), outputTimes: Float64Array.of(4), solver: dopri5Descriptor, settings: settings() });
    expect(r.times).toEqual(Float64Array.of(4));
    expect(Math.abs(r.states[0]![0]! - 3 * Math.exp(-6)) / (3 * Math.exp(-6))).toBeLessThan(1e-8);
  });

  it('rejects bad output times', () => {
    expect(() => integrate(decay(1), { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 2, 1), solver: dopri5Descriptor, settings: settings() })).toThrow(SolverError);
    expect(() => integrate(decay(1), { t0: 1, y0: Float64Array.of(1), outputTimes: Float64Array.of(0.5), solver: dopri5Descriptor, settings: settings() })).toThrow(/E_OUTPUT|>= t0/);
  });

  it('cancellation returns a prefix with status cancelled', () => {
    const times = Float64Array.from({ length: 10001 }, (_, i) => i * 0.01);
    const sys: OdeSystem = { n: 2, rates: (_t, y, f) => { f[0] = y[1]!; f[1] = -100 * y[0]!; } };
    let polls = 0;
    const r = integrate(sys, {
      t0: 0, y0: Float64Array.of(1, 0), outputTimes: times, solver: dopri5Descriptor, settings: settings(),
      shouldCancel: () => ++polls > 3,
    });
    expect(r.status).toBe('cancelled');
    expect(r.times.length).toBeGreaterThan(0);
    expect(r.times.length).toBeLessThan(times.length);
    expect(r.states.length).toBe(r.times.length);
    const i = r.times.length - 1;
    expect(Math.abs(r.states[i]![0]! - Math.cos(10 * r.times[i]!))).toBeLessThan(1e-7);
  });

  it('reports progress in [0, 1], increasing, ending at 1', () => {
    const seen: number[] = [];
    integrate(decay(1), {
      t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.from({ length: 2001 }, (_, i) => i), solver: dopri5Descriptor,
      settings: settings({ maxStep: 0.05 }), onProgress: (f) => seen.push(f),
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
  });

  it('throws E_MAX_STEPS', () => {
    try {
      integrate(decay(1), { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 100), solver: dopri5Descriptor, settings: settings({ maxSteps: 5, maxStep: 0.1 }) });
      expect.unreachable();
    } catch (e) {
      expect((e as SolverError).code).toBe('E_MAX_STEPS');
    }
  });
});
