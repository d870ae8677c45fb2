/**
 * Mechanism 7 (endocrine): compiles in a host; an i.v. bolus reproduces the PUBLISHED organ shares at 4 h
 * (Morishita 2015: liver 28 %, lung 7 %, spleen 1.6 %) and the PUBLISHED plasma half-lives (t1/2 alpha 5 min,
 * t1/2 beta 300 min, parameters.md §1.5), found from the simulated curve by the method of residuals; interstitial
 * exosomes drain with the analytic exponential; every parameter is sourced.
 */
import { describe, expect, it } from 'vitest';
import { mechanism, ORGAN_SHARES_4H } from '../../src/mechanisms/endocrine/index.js';
import { compileDoc, runCondition, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

const DOSE = 1e10;

function host(opts: Record<string, string> = {}): ModelDoc {
  return {
    exosim: '1', id: 'endocrine_host', units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [{ id: 'plasma', size: 1, unit: 'mL' }, { id: 'tumour_int', size: 0.5, unit: 'mL' }],
    species: [
      { id: 'EVp', compartment: 'plasma', initialAmount: DOSE, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'EVt', compartment: 'tumour_int', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
    ],
    modules: [mechanism.module(opts)],
    instances: [{ id: 'endo', module: 'endocrine', bind: { medium: 'plasma', tissue: 'tumour_int', EV: 'EVp', EV_tissue: 'EVt' } }],
  };
}

describe('endocrine mechanism', () => {
  const compiled = compileDoc(host());

  it('compiles with and without cargo pools', () => {
    expect(compiled.flat.species.some((s) => s.id === 'endo.EV_miR_liver')).toBe(true);
    const noCargo = compileDoc(host({ cargo: 'off' }));
    expect(noCargo.flat.species.some((s) => s.id.includes('miR'))).toBe(false);
  });

  it('organ shares of an i.v. dose at 4 h equal the published Morishita 2015 percentages', () => {
    const r = runCondition(compiled, { tEnd: 4, steps: 40 });
    // published: liver 28 %, lung 7 %, spleen 1.6 % of the injected dose (parameters.md §0 #11)
    const published = { liver: 28, lung: 7, spleen: 1.6 };
    for (const [organ, pct] of Object.entries(published)) {
      const sim = (100 * valueAt(r, `endo.EV_${organ}`, 4)) / DOSE;
      expect(sim).toBeGreaterThan(pct * 0.99);
      expect(sim).toBeLessThan(pct * 1.01);
    }
    // mass balance: nothing created or lost
    const ids = ['EVp', 'endo.EV_periph', ...['liver', 'lung', 'spleen', 'LN', 'tumour', 'brain', 'other'].map((o) => `endo.EV_${o}`)];
    const total = ids.reduce((a, id) => a + valueAt(r, id, 4), 0);
    expect(Math.abs(total - DOSE) / DOSE).toBeLessThan(1e-6);
    expect(ORGAN_SHARES_4H.liver.value).toBe(28);
  });

  it('the plasma curve has the two published half-lives (method of residuals)', () => {
    const times = [0, ...Array.from({ length: 30 }, (_, i) => (i + 1) / 120), 3, 4, 5, 6, 7, 8];
    const r = runCondition(compiled, { tEnd: 8, times, rtol: 1e-9, atol: 1e-3 });
    const C = (t: number) => valueAt(r, 'EVp', t);
    // terminal phase: log-linear slope between 3 h and 8 h
    const beta = (Math.log(C(3)) - Math.log(C(8))) / 5;
    const tHalfBetaMin = (Math.LN2 / beta) * 60;
    expect(tHalfBetaMin).toBeGreaterThan(300 * 0.97);
    expect(tHalfBetaMin).toBeLessThan(300 * 1.03);
    // back-extrapolated terminal line B e^(-beta t); residual C - B e^(-beta t) gives the fast phase
    const B = C(3) * Math.exp(beta * 3);
    const res = (t: number) => C(t) - B * Math.exp(-beta * t);
    const alpha = (Math.log(res(1 / 120)) - Math.log(res(15 / 120))) / (14 / 120);
    const tHalfAlphaMin = (Math.LN2 / alpha) * 60;
    expect(tHalfAlphaMin).toBeGreaterThan(5 * 0.95);
    expect(tHalfAlphaMin).toBeLessThan(5 * 1.05);
    // the fast phase holds A_alpha = 0.9 of the initial concentration
    expect(1 - B / DOSE).toBeGreaterThan(0.88);
    expect(1 - B / DOSE).toBeLessThan(0.92);
  });

  it('exosomes in the source tissue drain into blood exponentially with k_entry = 0.1 /h', () => {
    const r = runCondition(compiled, { tEnd: 10, steps: 10, overrides: { EVp: 0, EVt: 1e9 } });
    expect(valueAt(r, 'EVt', 10) / 1e9).toBeCloseTo(Math.exp(-1), 4);
  });

  it('--set of an organ share changes the organ uptake accordingly', () => {
    const r = runCondition(compiled, { tEnd: 4, steps: 8, set: { 'endo.share_brain': 1 } });
    expect((100 * valueAt(r, 'endo.EV_brain', 4)) / DOSE).toBeCloseTo(1, 2);
    expect(() => runCondition(compiled, { tEnd: 1, set: { 'endo.no_such': 1 } })).toThrow();
  });

  it('every parameter has value, unit, range (containing the value), citation, tag and confidence', () => {
    for (const p of mechanism.module().parameters ?? []) {
      expect(p.value, p.id).toBeTypeOf('number');
      expect(p.unit, p.id).toBeTruthy();
      expect(p.range, p.id).toBeDefined();
      expect(p.value!).toBeGreaterThanOrEqual(p.range![0]);
      expect(p.value!).toBeLessThanOrEqual(p.range![1]);
      const src = p.source as { citation?: string; tag?: string };
      expect(src.citation, p.id).toBeTruthy();
      expect(['S', 'S2', 'C', 'D', 'R']).toContain(src.tag);
      expect(p.confidence, p.id).toBeTruthy();
      if (src.tag !== 'D') expect(src.citation, p.id).toMatch(/parameters\.md|not in parameters\.md/);
    }
  });

  it('describe() names the key parameters with their values', () => {
    const text = mechanism.describe().join(' ');
    expect(text).toContain('t_half_alpha = 5 min');
    expect(text).toContain('t_half_beta = 300 min');
    expect(text).toContain('share_liver = 28 %');
    expect(mechanism.number).toBe(7);
  });
});

describe('endocrine options', () => {
  it('an unknown option value is an error', () => {
    expect(() => mechanism.module({ cargo: 'maybe' })).toThrow(/cargo/);
  });
});
