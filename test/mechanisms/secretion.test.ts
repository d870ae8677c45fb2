/**
 * Mechanism 4, secretion: compiles in a host, metadata complete, and behaves as the hand-derived references say:
 * linear accumulation N k_sec t (no feedback), cargo ratio copies_per_EV, multiplicative factors, and with the
 * autocrine feedback the time to reach a concentration given by quadrature of dC/dt = r (1 + a C/(K + C)).
 */
import { describe, expect, it } from 'vitest';
import { mechanism, SECRETION_EFFECTS } from '../../src/mechanisms/secretion/index.js';
import { compileDoc, runCondition, finalValue, crossingTime } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

function host(set: Record<string, number> = {}): ModelDoc {
  return {
    exosim: '1', id: 'secretion_host', units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [{ id: 'dish', size: 2, unit: 'mL' }],
    species: [
      { id: 'EVs', compartment: 'dish', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'cargo', compartment: 'dish', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'pre_cargo', compartment: 'dish', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    parameters: [
      { id: 'donors', value: 1e5, unit: 'dimensionless' },
      { id: 'load', value: 0.00825, unit: 'molecule/exosome' },
      { id: 'pre_load', value: 0.002, unit: 'molecule/exosome' },
    ],
    modules: [mechanism.module()],
    instances: [{ id: 'don', module: 'secretion', bind: { medium: 'dish', EV: 'EVs', EV_miR: 'cargo', EV_pre: 'pre_cargo', N_cells: 'donors', copies_per_EV: 'load', pre_per_EV: 'pre_load' }, set }],
    observables: [{ id: 'conc', formula: 'EVs / dish', unit: 'exosome/mL' }],
  };
}

describe('secretion mechanism', () => {
  it('metadata: number 4, ports exist in the module, every parameter sourced with value inside its range', () => {
    expect(mechanism.number).toBe(4);
    const m = mechanism.module();
    const ids = new Set([...(m.species ?? []).map((s) => s.id), ...(m.parameters ?? []).map((p) => p.id), ...(m.compartments ?? []).map((c) => c.id)]);
    for (const p of mechanism.ports) expect(ids.has(p.id), p.id).toBe(true);
    expect(m.ports).toEqual(mechanism.ports.map((p) => p.id));
    const computed = new Set((m.rules ?? []).map((r) => r.variable));
    for (const p of m.parameters ?? []) {
      if (computed.has(p.id)) continue;
      expect(p.value, p.id).toBeTypeOf('number');
      expect(p.unit, p.id).toBeTruthy();
      expect(p.range, p.id).toBeDefined();
      expect(p.value!).toBeGreaterThanOrEqual(p.range![0]);
      expect(p.value!).toBeLessThanOrEqual(p.range![1]);
      const src = p.source;
      expect(typeof src === 'object' && src.citation && src.tag, p.id).toBeTruthy();
      expect(['S', 'S2', 'C', 'D', 'R']).toContain(typeof src === 'object' ? src.tag : '');
      expect(p.confidence ?? (typeof src === 'object' ? src.confidence : undefined), p.id).toBeDefined();
    }
    for (const e of Object.values(SECRETION_EFFECTS)) {
      expect(e.value).toBeGreaterThanOrEqual(e.range[0]);
      expect(e.value).toBeLessThanOrEqual(e.range[1]);
      expect(ids.has(e.parameter)).toBe(true);
    }
    expect(mechanism.references.length).toBeGreaterThan(3);
  });

  it('describe() names the key parameters with their values', () => {
    const text = mechanism.describe().join(' ');
    for (const s of ['k_sec', '60', 'copies_per_EV', '0.00825', 'rab27', 'rab35', 'f_heparanase', 'f_cisplatin', 'a_auto', 'K_auto']) expect(text).toContain(s);
    for (const line of mechanism.describe()) expect(line).toMatch(/[.)]$/);
  });

  it('no feedback: EV(t) = N k_sec t and the cargo ratio is copies_per_EV (hand-derived)', () => {
    const c = compileDoc(host());
    const r = runCondition(c, { tEnd: 24, steps: 24 });
    expect(finalValue(r, 'EVs')).toBeCloseTo(1e5 * 60 * 24, -2); // 1.44e8 exosomes
    expect(finalValue(r, 'cargo') / finalValue(r, 'EVs')).toBeCloseTo(0.00825, 10);
    expect(finalValue(r, 'pre_cargo') / finalValue(r, 'EVs')).toBeCloseTo(0.002, 10);
    // Chevillet corollary (parameters.md §2.1): one donor cell exports ~0.5 copies per hour at 60 EV/h
    expect(60 * 0.00825).toBeCloseTo(0.495, 3);
    expect(finalValue(r, 'cargo') / (1e5 * 24)).toBeCloseTo(0.495, 6);
  });

  it('knock-down and stimulation factors multiply the rate', () => {
    const c = compileDoc(host());
    const base = finalValue(runCondition(c, { tEnd: 10, steps: 2 }), 'EVs');
    const E = SECRETION_EFFECTS;
    const kd = finalValue(runCondition(c, { tEnd: 10, steps: 2, overrides: { 'don.rab27': E.rab27_knockdown.value } }), 'EVs');
    expect(kd / base).toBeCloseTo(E.rab27_knockdown.value, 8);
    const stim = finalValue(runCondition(c, { tEnd: 10, steps: 2, overrides: { 'don.f_heparanase': 3, 'don.f_cisplatin': 2, 'don.rab35': 0.5 } }), 'EVs');
    expect(stim / base).toBeCloseTo(3, 8);
  });

  it('autocrine feedback: time to reach C* matches the quadrature of dC/dt = r (1 + a C/(K + C))', () => {
    const a = 2, K = 1e7; // exosome/mL
    const c = compileDoc(host({ a_auto: a, K_auto: K }));
    const res = runCondition(c, { tEnd: 24, steps: 2400, rtol: 1e-9, atol: 1e-6 });
    const r0 = (1e5 * 60) / 2; // basal increase of C in exosome/mL/h
    const Cstar = 5e7;
    // t(C*) = int_0^C* dC / (r0 (1 + a C/(K + C))), Simpson's rule with 2000 panels
    const f = (C: number) => 1 / (r0 * (1 + (a * C) / (K + C)));
    const n = 2000, h = Cstar / n;
    let s = f(0) + f(Cstar);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i * h);
    const tRef = (s * h) / 3;
    const tSim = crossingTime(res, 'conc', Cstar, 'up');
    expect(Math.abs(tSim - tRef) / tRef).toBeLessThan(2e-3);
    // faster than without feedback (C*/r0) but not faster than with the saturated gain (C*/(r0 (1+a)))
    expect(tSim).toBeLessThan(Cstar / r0);
    expect(tSim).toBeGreaterThan(Cstar / (r0 * (1 + a)));
  });

  it('an unknown override id is an ExosimError', () => {
    const c = compileDoc(host());
    expect(() => runCondition(c, { tEnd: 1, set: { 'don.k_secretion': 3 } })).toThrow(/Unknown id/);
  });
});
