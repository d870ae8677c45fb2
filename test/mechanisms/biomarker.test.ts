/**
 * Mechanism 12 (biomarker): compiles in a host; the plasma level of the tumour-derived miRNA equals the steady
 * state derived by hand from the literature numbers; 10 % of it is inside exosomes (parameters.md §0 #13); after a
 * resection it falls with the free-miRNA half-life (1 day) and is back inside the healthy range within 10 days
 * (Kelly 2015); detection/normal-range readouts; every parameter is sourced.
 */
import { describe, expect, it } from 'vitest';
import { mechanism } from '../../src/mechanisms/biomarker/index.js';
import { compileDoc, runCondition, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

function host(initial = 'steady-state'): ModelDoc {
  return {
    exosim: '1', id: 'biomarker_host', units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [{ id: 'plasma', size: 3150, unit: 'mL' }],
    parameters: [
      { id: 'N_cells', value: 1e9, unit: 'dimensionless' },
      { id: 't_surgery', value: 24, unit: 'h' },
    ],
    modules: [mechanism.module({ initial })],
    instances: [{ id: 'bm', module: 'biomarker', bind: { medium: 'plasma', N_tumour: 'N_cells' } }],
    events: [{ id: 'resection', trigger: 'time >= t_surgery', assignments: [{ variable: 'N_cells', formula: '0' }] }],
  };
}

// Steady state by hand (header formula), from the literature values: 1e9 cells x 60 exosomes/h x 0.00825
// copies/exosome x f_blood 0.1 reach 3150 mL of plasma; EV-borne t1/2 5 h; 10 % of the total is EV-borne.
const S = 1e9 * 60 * 0.00825 * 0.1; // copies/h
const EV_SS = S / (Math.LN2 / 5) / 3150; // copies/mL inside exosomes
const TUMOUR_SS = EV_SS / 0.1; // copies/mL, all tumour-derived

describe('biomarker mechanism', () => {
  const compiled = compileDoc(host());

  it('the tumour-derived plasma level equals the hand-derived steady state, 10 % inside exosomes', () => {
    const r = runCondition(compiled, { tEnd: 20, steps: 20, overrides: { t_surgery: 1e6 } });
    expect(valueAt(r, 'bm.tumour_copies_per_mL', 20) / TUMOUR_SS).toBeCloseTo(1, 6);
    expect(valueAt(r, 'bm.EV_copies_per_mL', 20) / valueAt(r, 'bm.tumour_copies_per_mL', 20)).toBeCloseTo(0.1, 6);
    // the 'empty' start approaches the same steady state (time scale of the 1-day free half-life)
    const empty = compileDoc(host('empty'));
    const r2 = runCondition(empty, { tEnd: 24 * 20, steps: 40, overrides: { t_surgery: 1e6 } });
    expect(valueAt(r2, 'bm.tumour_copies_per_mL', 0)).toBe(0);
    expect(valueAt(r2, 'bm.tumour_copies_per_mL', 24 * 20) / TUMOUR_SS).toBeCloseTo(1, 3);
  });

  it('after resection the tumour-derived level falls with the 1-day half-life and is normal within 10 days', () => {
    const r = runCondition(compiled, { tEnd: 24 * 12, steps: 24 * 12 });
    const x = (t: number) => valueAt(r, 'bm.tumour_copies_per_mL', t);
    // 2 days after surgery the EV-borne pool (t1/2 5 h) is gone; the free pool halves each day
    expect(x(24 + 72) / x(24 + 48)).toBeCloseTo(0.5, 2);
    expect(valueAt(r, 'bm.above_normal', 12)).toBe(1);
    expect(valueAt(r, 'bm.above_normal', 24 + 240)).toBe(0);
    // back within the healthy spread: tumour excess < background median x (e^(sigma) - 1)
    expect(x(24 + 240)).toBeLessThan(3e5 * (Math.exp(0.7) - 1));
  });

  it('level is monotone in tumour burden; detection limit and normal range', () => {
    const levels = [0, 1e7, 1e8, 1e9, 1e10].map((n) =>
      valueAt(runCondition(compiled, { tEnd: 1, steps: 1, overrides: { N_cells: n, t_surgery: 1e6 } }), 'bm.plasma_copies_per_mL', 1));
    for (let i = 1; i < levels.length; i++) expect(levels[i]!).toBeGreaterThan(levels[i - 1]!);
    const healthy = runCondition(compiled, { tEnd: 1, steps: 1, overrides: { N_cells: 0 } });
    expect(valueAt(healthy, 'bm.fold_over_background', 1)).toBeCloseTo(1, 9);
    expect(valueAt(healthy, 'bm.detected', 1)).toBe(1); // 3e5 copies/mL >= LOD 30 copies / 1 uL
    expect(valueAt(healthy, 'bm.above_normal', 1)).toBe(0);
    const low = runCondition(compiled, { tEnd: 1, steps: 1, overrides: { N_cells: 0, 'bm.bg_factor': 0.05 } });
    expect(valueAt(low, 'bm.detected', 1)).toBe(0); // 1.5e4 < 3e4 copies/mL
    expect(() => runCondition(compiled, { tEnd: 1, set: { 'bm.nope': 1 } })).toThrow();
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
    expect(text).toContain('copies_per_EV = 0.00825');
    expect(text).toContain('f_EV = 0.1');
    expect(text).toContain('t_half_free = 1 day');
    expect(mechanism.number).toBe(12);
  });
});

describe('biomarker options', () => {
  it('an unknown option value is an error', () => {
    expect(() => mechanism.module({ initial: 'warm' })).toThrow(/initial/);
  });
});
