/**
 * Mechanism 11, tissue: compiles in a host for every option; metadata complete; growth matches the analytic
 * solutions of the exponential, logistic and Gompertz laws; the expected number of lung metastases is
 * N_injected f_lung P_col (1 - e^{-k_fate t}) and rises with the epithelial score as P_col does; a colony founded at
 * t0 follows the single-colony Gompertz solution K exp(ln(1/K) e^{-alpha t}).
 */
import { describe, expect, it } from 'vitest';
import { mechanism } from '../../src/mechanisms/tissue/index.js';
import { compileDoc, runCondition, finalValue, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

function host(opts: Record<string, string>): ModelDoc {
  return {
    exosim: '1', id: 'tissue_host', units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [{ id: 'organ', size: 1, unit: 'mL' }],
    modules: [mechanism.module(opts)],
    instances: [{ id: 't', module: 'tissue', bind: { site: 'organ' } }],
  };
}

const OPTION_SETS: Record<string, string>[] = [];
for (const growth of ['gompertz', 'logistic', 'exponential']) for (const populations of ['1', '2']) for (const metastasis of ['none', 'lung']) OPTION_SETS.push({ growth, populations, metastasis });

describe('tissue mechanism', () => {
  it('metadata: number 11, ports exist, every parameter sourced with value inside its range, for every option', () => {
    expect(mechanism.number).toBe(11);
    const portIds = mechanism.ports.map((p) => p.id);
    for (const o of OPTION_SETS) {
      const m = mechanism.module(o);
      const ids = new Set([...(m.species ?? []).map((s) => s.id), ...(m.parameters ?? []).map((p) => p.id), ...(m.compartments ?? []).map((c) => c.id)]);
      for (const p of m.ports ?? []) {
        expect(ids.has(p), p).toBe(true);
        expect(portIds, p).toContain(p);
      }
      const computed = new Set([...(m.rules ?? []).map((r) => r.variable), ...(m.initialAssignments ?? []).map((r) => r.symbol)]);
      for (const p of m.parameters ?? []) {
        if (computed.has(p.id)) { expect(p.value, p.id).toBeUndefined(); continue; }
        expect(p.value, p.id).toBeTypeOf('number');
        expect(p.unit, p.id).toBeTruthy();
        expect(p.value!, p.id).toBeGreaterThanOrEqual(p.range![0]);
        expect(p.value!, p.id).toBeLessThanOrEqual(p.range![1]);
        const src = p.source;
        expect(typeof src === 'object' && !!src.citation && ['S', 'S2', 'C', 'D', 'R'].includes(src.tag ?? ''), p.id).toBe(true);
        expect(p.confidence, p.id).toBeDefined();
      }
      expect(() => compileDoc(host(o))).not.toThrow();
    }
    expect(() => mechanism.module({ growth: 'cubic' })).toThrow(/growth/);
  });

  it('describe() gives sentences naming the key parameters with values', () => {
    const t = mechanism.describe({ metastasis: 'lung' }).join(' ');
    for (const frag of ['alpha_A = 4.2e-4', 'K_cap = 1e12', 'V_cell = 2000', 'k_arrest = 12', 'f_lung = 0.8', 'p_col_M = 2e-4', 'p_col_E = 2e-3', 'alpha_met = 0.1']) expect(t).toContain(frag);
    expect(mechanism.describe({ growth: 'logistic' }).join(' ')).toContain('r_A = 5.78e-3');
  });

  it('exponential growth: N0 exp(r t) (Hori & Gambhir doubling time 120 d)', () => {
    const cm = compileDoc(host({ growth: 'exponential' }));
    const r = runCondition(cm, { tEnd: 120 * 24, steps: 10 });
    expect(finalValue(r, 't.N_A') / 2e6).toBeCloseTo(1, 2); // 5.78e-3 /d x 120 d = ln 2 (to 3 digits)
  });

  it('logistic growth: K / (1 + (K/N0 - 1) e^{-r t})', () => {
    const cm = compileDoc(host({ growth: 'logistic' }));
    const set = { 't.r_A': 0.5, 't.K_cap': 1e9, 't.N0_A': 1e6 };
    const r = runCondition(cm, { tEnd: 30 * 24, steps: 30, overrides: set });
    for (const d of [5, 12, 20, 30]) {
      const exact = 1e9 / (1 + (1e9 / 1e6 - 1) * Math.exp(-0.5 * d));
      expect(valueAt(r, 't.N_A', d * 24) / exact).toBeCloseTo(1, 4);
    }
  });

  it('Gompertz growth: K exp(ln(N0/K) e^{-alpha t}); two populations share the capacity', () => {
    const cm = compileDoc(host({ growth: 'gompertz' }));
    const r = runCondition(cm, { tEnd: 40 * 24, steps: 40, overrides: { 't.alpha_A': 0.1, 't.K_cap': 1e10, 't.N0_A': 1e5 } });
    for (const d of [10, 25, 40]) {
      const exact = 1e10 * Math.exp(Math.log(1e5 / 1e10) * Math.exp(-0.1 * d));
      expect(valueAt(r, 't.N_A', d * 24) / exact).toBeCloseTo(1, 4);
    }
    // two identical populations of N0/2 each behave as one of N0 (shared capacity)
    const cm2 = compileDoc(host({ growth: 'gompertz', populations: '2' }));
    const r2 = runCondition(cm2, { tEnd: 40 * 24, steps: 40, overrides: { 't.alpha_A': 0.1, 't.alpha_B': 0.1, 't.K_cap': 1e10, 't.N0_A': 5e4, 't.N0_B': 5e4 } });
    expect(finalValue(r2, 't.N_total') / finalValue(r, 't.N_total')).toBeCloseTo(1, 4);
    // growth factor 0 on B: B stays, A grows
    const r3 = runCondition(cm2, { tEnd: 10 * 24, steps: 10, overrides: { 't.gf_B': 0 } });
    expect(finalValue(r3, 't.N_B')).toBeCloseTo(1e6, 3);
    expect(finalValue(r3, 't.N_A')).toBeGreaterThan(1e6);
  });

  it('lung metastasis: count = N_inj f_lung P_col (1 - e^{-k_fate t}), P_col = p_M + (p_E - p_M) E_score', () => {
    const cm = compileDoc(host({ metastasis: 'lung' }));
    const t = 21 * 24;
    for (const E of [0, 0.5, 1]) {
      const r = runCondition(cm, { tEnd: t, steps: 21, overrides: { 't.E_score': E } });
      const P = 2e-4 + (2e-3 - 2e-4) * E;
      const expected = 2e5 * 0.8 * P * (1 - Math.exp(-0.33 * 21));
      expect(finalValue(r, 't.met_count') / expected).toBeCloseTo(1, 2);
    }
  });

  it('a colony founded at once follows the single-colony Gompertz law; the epithelial state makes colonies larger', () => {
    const cm = compileDoc(host({ metastasis: 'lung' }));
    // instantaneous arrest and fate decision: all colonies start together at t ~ 0
    const set = { 't.k_arrest': 1e4, 't.k_fate': 1e4 };
    const r = runCondition(cm, { tEnd: 14 * 24, steps: 14, overrides: set });
    const K = 1e7, a = 0.1;
    const single = (d: number, alpha: number) => K * Math.exp(Math.log(1 / K) * Math.exp(-alpha * d));
    expect(valueAt(r, 't.met_mean_cells', 14 * 24) / single(14, a)).toBeCloseTo(1, 2);
    const rE = runCondition(cm, { tEnd: 14 * 24, steps: 14, overrides: { ...set, 't.E_score': 1 } });
    expect(valueAt(rE, 't.met_mean_cells', 14 * 24) / single(14, 2 * a)).toBeCloseTo(1, 2);
    // mean volume = mean cells x V_cell (2000 um^3 = 2e-6 mm^3)
    expect(finalValue(rE, 't.met_mean_volume') / (finalValue(rE, 't.met_mean_cells') * 2e-6)).toBeCloseTo(1, 6);
  });
});
