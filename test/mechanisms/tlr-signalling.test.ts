/**
 * Mechanism 9 (tlr-signalling): compiles in a host; without ligand the macrophage stays at its resting state;
 * with a clamped endosomal miRNA load the receptor occupancy, NF-kB nuclear fraction and cytokine secretion fold
 * reach the steady state derived by hand; a receptor knockout abolishes the response; secretion lags NF-kB by
 * ~1-2 h (parameters.md §7.4); every parameter is sourced.
 */
import { describe, expect, it } from 'vitest';
import { mechanism } from '../../src/mechanisms/tlr-signalling/index.js';
import { compileDoc, crossingTime, runCondition, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

function host(): ModelDoc {
  return {
    exosim: '1', id: 'tlr_host', units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [{ id: 'macrophage', size: 2, unit: 'pL' }, { id: 'well', size: 1, unit: 'mL' }],
    // endosomal agonist load clamped (boundary condition): binding does not deplete it
    species: [{ id: 'L', compartment: 'macrophage', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: true }],
    modules: [mechanism.module()],
    instances: [{ id: 'mac', module: 'tlr_signalling', bind: { cell: 'macrophage', medium: 'well', miR_endo: 'L' } }],
  };
}

// Hand-derived steady state for a clamped load L (defaults: K_tlr 100, koff 1/h, t1/2 proc 1.5 h, C_half 200,
// tau 30 min, f_basal 0.05, TLR_total 2000):
//   kon L TLR = (koff + k_proc) C  ->  C = TLR_total L / (L + K_eff),  K_eff = K_tlr (koff + k_proc) / koff
//   nuclear fraction f = (k_basal + k_act C) / (k_basal + k_act C + k_out); secretion fold = f / f_basal
function expected(L: number) {
  const kproc = Math.LN2 / 1.5, kout = 2, kbasal = (kout * 0.05) / 0.95, kact = kout / 200;
  const C = (2000 * L) / (L + (100 * (1 + kproc)) / 1);
  const f = (kbasal + kact * C) / (kbasal + kact * C + kout);
  return { occ: C / 2000, f, fold: f / 0.05 };
}

describe('tlr-signalling mechanism', () => {
  const compiled = compileDoc(host());

  it('without ligand the macrophage stays at rest (5 % nuclear NF-kB, basal secretion)', () => {
    const r = runCondition(compiled, { tEnd: 24, steps: 24 });
    expect(valueAt(r, 'mac.NFkB_nuclear_fraction', 24)).toBeCloseTo(0.05, 9);
    expect(valueAt(r, 'mac.TNF_secretion_fold', 24)).toBeCloseTo(1, 6);
    // basal TNF in the medium: 1e6 cells x 15 molecules/h accumulating with t1/2 12 h (analytic)
    const k = Math.LN2 / 12;
    const tnf = ((1e6 * 15) / k) * (1 - Math.exp(-k * 24));
    expect(valueAt(r, 'mac.TNF', 24) / tnf).toBeCloseTo(1, 4);
  });

  it('a clamped endosomal load gives the hand-derived occupancy, NF-kB fraction and secretion fold', () => {
    for (const L of [10, 100, 1000]) {
      const r = runCondition(compiled, { tEnd: 72, steps: 72, overrides: { L } });
      const e = expected(L);
      expect(valueAt(r, 'mac.occupancy', 72) / e.occ).toBeCloseTo(1, 5);
      expect(valueAt(r, 'mac.NFkB_nuclear_fraction', 72) / e.f).toBeCloseTo(1, 5);
      expect(valueAt(r, 'mac.TNF_secretion_fold', 72) / e.fold).toBeCloseTo(1, 4);
      expect(valueAt(r, 'mac.IL6_secretion_fold', 72) / e.fold).toBeCloseTo(1, 4);
    }
  });

  it('receptor knockout (TLR_total = 0, TLR7-/-) abolishes the cytokine response', () => {
    const r = runCondition(compiled, { tEnd: 24, steps: 24, overrides: { L: 1000, 'mac.TLR_total': 0 } });
    expect(valueAt(r, 'mac.TNF_secretion_fold', 24)).toBeCloseTo(1, 6);
    expect(valueAt(r, 'mac.IL6_secretion_fold', 24)).toBeCloseTo(1, 6);
  });

  it('cytokine secretion lags receptor activation by about 1-2 h', () => {
    const r = runCondition(compiled, { tEnd: 24, steps: 480, overrides: { L: 1000 } });
    const final = valueAt(r, 'mac.TNF_secretion_fold', 24);
    const tHalf = crossingTime(r, 'mac.TNF_secretion_fold', 1 + (final - 1) / 2, 'up');
    const tHalfNF = crossingTime(r, 'mac.NFkB_nuclear_fraction', (0.05 + valueAt(r, 'mac.NFkB_nuclear_fraction', 24)) / 2, 'up');
    expect(tHalf - tHalfNF).toBeGreaterThan(1);
    expect(tHalf - tHalfNF).toBeLessThan(3);
  });

  it('every parameter has value, unit, range (containing the value), citation, tag and confidence', () => {
    for (const p of mechanism.module().parameters ?? []) {
      expect(p.value, p.id).toBeTypeOf('number');
      expect(p.unit, p.id).toBeTruthy();
      expect(p.value!).toBeGreaterThanOrEqual(p.range![0]);
      expect(p.value!).toBeLessThanOrEqual(p.range![1]);
      const src = p.source as { citation?: string; tag?: string };
      expect(src.citation, p.id).toBeTruthy();
      expect(['S', 'S2', 'C', 'D', 'R']).toContain(src.tag);
      expect(p.confidence, p.id).toBeTruthy();
    }
  });

  it('describe() names the key parameters with their values', () => {
    const text = mechanism.describe().join(' ');
    expect(text).toContain('K_tlr = 100');
    expect(text).toContain('TLR_total = 2000');
    expect(text).toContain('tau_nfkb = 30 min');
    expect(mechanism.number).toBe(9);
  });
});
