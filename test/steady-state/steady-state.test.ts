import { describe, expect, it } from 'vitest';
import { ExosimError } from '../../src/diagnostics.js';
import { steadyState } from '../../src/steady-state.js';
import * as index from '../../src/index.js';
import { compile, GROWTH, MM, REVERSIBLE, TWO_COMPARTMENTS, WITH_EVENT, WITH_TIME, WITH_TIME_RULE } from './models.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const value = (r: ReturnType<typeof steadyState>, id: string) => r.values[r.columns.findIndex((c) => c.id === id)]!;

function codeOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ExosimError);
    return (e as ExosimError).diagnostics.map((d) => d.code);
  }
  throw new Error('expected an ExosimError');
}

describe('steadyState', () => {
  it('is exported from the package entry point', () => {
    expect(index.steadyState).toBe(steadyState);
  });

  it('Michaelis-Menten degradation: S* = Km k0 / (Vmax - k0), by Newton', () => {
    const r = steadyState(compile(MM));
    const [k0, Vmax, Km] = [0.6, 1.5, 3];
    expect(r.method).toBe('newton');
    expect(r.columns.map((c) => [c.id, c.unit])).toEqual([['S', 'nM']]);
    expect(rel(value(r, 'S'), (Km * k0) / (Vmax - k0))).toBeLessThan(1e-8);
    expect(r.residual).toBeLessThan(1);
    expect(r.iterations).toBeGreaterThan(0);
  });

  it('overrides (declared units) change the answer as the formula says', () => {
    const c = compile(MM);
    for (const [k0, Vmax, Km] of [[1.2, 1.5, 3], [0.6, 4, 0.5], [0.01, 1.5, 3]] as const) {
      const r = steadyState(c, { overrides: { k0, Vmax, Km } });
      expect(rel(value(r, 'S'), (Km * k0) / (Vmax - k0))).toBeLessThan(1e-8);
      expect(r.record.overrides).toEqual({ k0, Vmax, Km });
      expect(r.record.parameters.find((p) => p.id === 'k0')).toMatchObject({ value: k0, overridden: true, unit: 'nM/min' });
    }
  });

  it('two compartments, concentration units: k_prod in nM/min, k_ex in 1/h, k_deg in 1/day, volumes in pL and mL', () => {
    const r = steadyState(compile(TWO_COMPARTMENTS));
    const kProd = 3 * 60; // nM/h
    const kEx = 0.2; // 1/h
    const kDeg = 1.5 / 24; // 1/h
    const vCell = 2e-12, vMedium = 0.5e-3; // L
    const xStar = kProd / kEx; // nM
    const yStar = ((kProd * vCell) / (kDeg * vMedium)) * 1e3; // nM -> pM
    expect(r.columns.map((c) => [c.id, c.unit])).toEqual([['X', 'nM'], ['Y', 'pM']]);
    expect(rel(value(r, 'X'), xStar)).toBeLessThan(1e-8);
    expect(rel(value(r, 'Y'), yStar)).toBeLessThan(1e-8);
  });

  it('conservation law A <-> B (singular Jacobian): the integration fallback finds A* = kr T / (kf + kr)', () => {
    const r = steadyState(compile(REVERSIBLE));
    const [kf, kr, T] = [2, 0.5, 3];
    expect(r.method).toBe('integration');
    expect(rel(value(r, 'A'), (kr * T) / (kf + kr))).toBeLessThan(1e-7);
    expect(rel(value(r, 'B'), (kf * T) / (kf + kr))).toBeLessThan(1e-7);
    expect(r.residual).toBeLessThan(1);
    // The conserved total follows the initial value (an override of A's initial concentration).
    const r2 = steadyState(compile(REVERSIBLE), { overrides: { A: 5, B: 1, kr: 1 } });
    expect(r2.method).toBe('integration');
    expect(rel(value(r2, 'A'), (1 * 6) / (2 + 1))).toBeLessThan(1e-7);
  });

  it('conservation across two compartments of different volumes (amounts conserved)', () => {
    const text = REVERSIBLE.replace('- { id: cell, size: 1, unit: L }', '- { id: cell, size: 1, unit: L }\n  - { id: med, size: 3, unit: mL }')
      .replace('{ id: B, compartment: cell', '{ id: B, compartment: med')
      .replace('(kf * A - kr * B) * cell', 'kf * A * cell - kr * B * med');
    const r = steadyState(compile(text));
    // amounts a + b = 3 nmol, kf a = kr b  ->  a = kr T / (kf + kr) = 0.6 nmol (A = 0.6 nM), b = 2.4 nmol (B = 2.4 / 3e-3 nM).
    expect(rel(value(r, 'A'), 0.6)).toBeLessThan(1e-7);
    expect(rel(value(r, 'B'), 2.4 / 3e-3)).toBeLessThan(1e-7);
  });

  it('fills the run record: solver steady-state, tStart = tEnd = t0, one output point, status done', () => {
    const r = steadyState(compile(MM), { rtol: 1e-9, atol: 1e-10, t0: 5, modelText: 'abc', modelFile: 'm.yaml', exosimVersion: '9.9.9' });
    expect(r.record.solver.id).toBe('steady-state');
    expect(r.record.solver.settings).toMatchObject({ rtol: 1e-9, atol: 1e-10, method: 'newton' });
    expect(r.record).toMatchObject({ tStart: 5, tEnd: 5, outputPoints: 1, status: 'done', eventTimes: [], modelFile: 'm.yaml', exosimVersion: '9.9.9', modelId: 'mm_ss', timeUnit: 'min', seed: null });
    // sha256('abc')
    expect(r.record.modelHash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(r.record.columns).toEqual([{ id: 'S', unit: 'nM', kind: 'species' }]);
  });

  it('refuses models with events (E_STEADY_STATE_EVENTS)', () => {
    expect(codeOf(() => steadyState(compile(WITH_EVENT)))).toEqual(['E_STEADY_STATE_EVENTS']);
  });

  it('refuses models whose rates or rules use time (E_STEADY_STATE_TIME)', () => {
    expect(codeOf(() => steadyState(compile(WITH_TIME)))).toEqual(['E_STEADY_STATE_TIME']);
    expect(codeOf(() => steadyState(compile(WITH_TIME_RULE)))).toEqual(['E_STEADY_STATE_TIME']);
  });

  it('unbounded growth: E_NO_STEADY_STATE with a hint', () => {
    try {
      steadyState(compile(GROWTH));
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(ExosimError);
      const d = (e as ExosimError).diagnostics[0]!;
      expect(d.code).toBe('E_NO_STEADY_STATE');
      expect(d.hint).toMatch(/simulate/);
    }
  });

  it('bad options and unknown overrides', () => {
    const c = compile(MM);
    expect(codeOf(() => steadyState(c, { rtol: 0 }))).toEqual(['E_BAD_OPTION']);
    expect(codeOf(() => steadyState(c, { atol: -1 }))).toEqual(['E_BAD_OPTION']);
    expect(codeOf(() => steadyState(c, { overrides: { k00: 1 } }))).toEqual(['E_UNKNOWN_OVERRIDE']);
  });
});
