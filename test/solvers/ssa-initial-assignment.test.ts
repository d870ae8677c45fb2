/**
 * Parameters computed by initial assignments (k = ln(2) / t_half) in stochastic runs: they must hold their
 * assigned values in every replicate (a regression: the per-replicate parameter restore used to bring back NaN).
 * Pure decay A -> 0 from A0 = 1000 copies: A(t) ~ Binomial(A0, exp(-k t)), so at t = t_half the ensemble mean is
 * 500 with per-replicate SD sqrt(1000 / 4) = 15.8.
 */
import { describe, expect, it } from 'vitest';
import { compileModelText } from '../../src/pipeline.js';
import { buildParameters } from '../../src/simulate.js';
import { simulateEnsemble } from '../../src/ensemble.js';

const MODEL = `exosim: '1'
id: ia_decay
units: { time: h, substance: molecule, volume: pL }
compartments:
  - { id: cell, size: 1, unit: pL }
species:
  - { id: A, compartment: cell, initialAmount: 1000, unit: molecule, hasOnlySubstanceUnits: true }
parameters:
  - { id: t_half, value: 2, unit: h }
  - { id: k, unit: 1/h }
initialAssignments:
  - { symbol: k, formula: 'ln(2) / t_half' }
reactions:
  - { id: decay, equation: 'A ->', rate: 'k * A' }
`;

describe('stochastic runs with initial assignments to parameters', () => {
  const compiled = compileModelText(MODEL, { file: 'ia.yaml' }).compiled!;

  it('the reaction system sees the assigned value (and tabulates it as mass action)', () => {
    const { p } = buildParameters(compiled);
    const sys = compiled.reactionSystem!(p);
    expect(sys.massAction?.rate[0]).toBeCloseTo(Math.log(2) / 2, 14);
    const a = new Float64Array(1);
    sys.propensities(0, sys.initialState(0), a);
    expect(a[0]).toBeCloseTo((1000 * Math.log(2)) / 2, 10);
  });

  it.each(['ssa-direct', 'ssa-next-reaction', 'ssa-cr', 'ssa-tau-leap'])('%s: ensemble mean at t_half is 500 (binomial; tau-leaping within 2 %%)', async (solver) => {
    const n = 400;
    const r = await simulateEnsemble(compiled, { solver, replicates: n, tEnd: 2, steps: 1, seed: 3, inProcess: true });
    const k = r.columns.findIndex((c) => c.id === 'A');
    const mean = r.series[k * r.stats.length]!.values[1]!;
    const sd = r.series[k * r.stats.length + 1]!.values[1]!;
    // exact engines: within 4.5 standard errors; tau-leaping (approximate, O(tau^2) bias per leap): within 2 %
    expect(Math.abs(mean - 500)).toBeLessThan(solver === 'ssa-tau-leap' ? 10 : 4.5 * (Math.sqrt(250) / Math.sqrt(n)));
    expect(sd).toBeGreaterThan(15.8 * 0.8);
    expect(sd).toBeLessThan(15.8 * 1.2);
  });

  it.each(['ssa-direct', 'ssa-next-reaction', 'ssa-hybrid'])('%s: an event trigger reading an initially assigned parameter fires', async (solver) => {
    // t_ev = 2 * t_half (= 4 h) by initial assignment; at t_ev, B := 100 (B has no reactions)
    const text = MODEL.replace("  - { id: k, unit: 1/h }", "  - { id: k, unit: 1/h }\n  - { id: t_ev, unit: h }")
      .replace("  - { symbol: k, formula: 'ln(2) / t_half' }", "  - { symbol: k, formula: 'ln(2) / t_half' }\n  - { symbol: t_ev, formula: '2 * t_half' }")
      .replace("species:\n", "species:\n  - { id: B, compartment: cell, initialAmount: 0, unit: molecule, hasOnlySubstanceUnits: true }\n")
      + "events:\n  - { id: pulse, trigger: 'time >= t_ev', assignments: [{ variable: B, formula: '100' }] }\n";
    const c = compileModelText(text, { file: 'ia-event.yaml' }).compiled!;
    const r = await simulateEnsemble(c, { solver, replicates: 4, tEnd: 6, steps: 6, seed: 1, inProcess: true });
    const k = r.columns.findIndex((col) => col.id === 'B');
    const mean = Array.from(r.series[k * r.stats.length]!.values);
    expect(mean.slice(0, 4)).toEqual([0, 0, 0, 0]); // t = 0..3 h
    expect(mean.slice(4)).toEqual([100, 100, 100]); // t = 4, 5, 6 h
  });
});
