import { describe, expect, it } from 'vitest';
import { findSteadyState } from '../../src/solvers/ode/steady-state.js';
import { createIterationMatrix } from '../../src/solvers/linalg/iteration-matrix.js';
import type { OdeSystem } from '../../src/solvers/types.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('findSteadyState', () => {
  it('linear system y\' = A y + b: fixed point -A^{-1} b by Newton', () => {
    // A = [[-2, 1], [0.5, -3]], b = [1, 2]; det A = 5.5; y* = -A^{-1} b = [5/5.5, 4.5/5.5].
    const sys: OdeSystem = { n: 2, rates: (_t, y, f) => { f[0] = -2 * y[0]! + y[1]! + 1; f[1] = 0.5 * y[0]! - 3 * y[1]! + 2; } };
    const r = findSteadyState(sys, Float64Array.of(0, 0), { rtol: 1e-10, atol: 1e-14, createIterationMatrix });
    expect(r.method).toBe('newton');
    expect(rel(r.y[0]!, 5 / 5.5)).toBeLessThan(1e-10);
    expect(rel(r.y[1]!, 4.5 / 5.5)).toBeLessThan(1e-10);
    expect(r.residual).toBeLessThan(1);
    expect(r.iterations).toBeGreaterThan(0);
  });

  it('Michaelis-Menten production/degradation: S* = k0 Km / (Vmax - k0)', () => {
    const k0 = 0.6, Vmax = 1.5, Km = 3;
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = k0 - (Vmax * y[0]!) / (Km + y[0]!); } };
    const r = findSteadyState(sys, Float64Array.of(0), { rtol: 1e-10, atol: 1e-14, createIterationMatrix });
    expect(r.method).toBe('newton');
    expect(rel(r.y[0]!, (k0 * Km) / (Vmax - k0))).toBeLessThan(1e-9);
  });

  it('falls back to integration when Newton heads to a negative root (f = -(y+1)(y-4), y0 = 0 -> 4)', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -(y[0]! + 1) * (y[0]! - 4); } };
    const r = findSteadyState(sys, Float64Array.of(0), { rtol: 1e-9, atol: 1e-12, createIterationMatrix });
    expect(r.method).toBe('integration');
    expect(rel(r.y[0]!, 4)).toBeLessThan(1e-8);
  });

  it('falls back to integration for a singular Jacobian (conservation law A <-> B)', () => {
    const k1 = 2, k2 = 0.5, total = 3;
    const sys: OdeSystem = { n: 2, rates: (_t, y, f) => { const v = k1 * y[0]! - k2 * y[1]!; f[0] = -v; f[1] = v; } };
    const r = findSteadyState(sys, Float64Array.of(total, 0), { rtol: 1e-9, atol: 1e-14, createIterationMatrix });
    expect(r.method).toBe('integration');
    expect(rel(r.y[0]!, (k2 * total) / (k1 + k2))).toBeLessThan(1e-6);
    expect(rel(r.y[1]!, (k1 * total) / (k1 + k2))).toBeLessThan(1e-6);
  });

  it('reports E_NO_STEADY_STATE for unbounded growth', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, _y, f) => { f[0] = 1; } };
    expect(() => findSteadyState(sys, Float64Array.of(0), { rtol: 1e-6, atol: 1e-9, createIterationMatrix, maxIntegrationTime: 1e4 })).toThrow(/steady state/);
  });
});
