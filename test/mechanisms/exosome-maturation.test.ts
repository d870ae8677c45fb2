/**
 * Mechanism 5, exosome-maturation: compiles for every option; the ODE follows the analytic solution
 * EV_pre(0)·e^(-kt) with k = ln2/24 h (most pre-miRNA converted by 72 h, Melo 2014 / seed 001); no conversion for
 * exosomes of non-tumorigenic cells, with Dicer blocked, or under Jeppesen 2019; copies are conserved; an SSA
 * ensemble agrees with the analytic mean within its confidence interval.
 */
import { describe, expect, it } from 'vitest';
import { mechanism } from '../../src/mechanisms/exosome-maturation/index.js';
import { compileDoc, ensembleStat, runCondition, runEnsembleInProcess, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

function host(opts: Record<string, string> = {}, pre0 = 1000, miR0 = 100): ModelDoc {
  return {
    exosim: '1', id: 'host', units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [{ id: 'well', size: 0.5, unit: 'mL' }],
    species: [
      { id: 'P', compartment: 'well', initialAmount: pre0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'R', compartment: 'well', initialAmount: miR0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    modules: [mechanism.module(opts)],
    instances: [{ id: 'm', module: 'exosome_maturation', bind: { medium: 'well', EV_pre: 'P', EV_miR: 'R' } }],
  };
}

describe('exosome-maturation mechanism', () => {
  it('metadata, ports, options; every parameter sourced with range, tag and confidence', () => {
    expect(mechanism.id).toBe('exosome-maturation');
    expect(mechanism.number).toBe(5);
    expect(mechanism.ports.map((p) => p.id)).toEqual(['medium', 'EV_pre', 'EV_miR', 'k_dice_EV', 'exo_dicer']);
    for (const evidence of ['melo2014', 'jeppesen2019']) {
      for (const origin of ['cancer', 'normal']) {
        const m = mechanism.module({ evidence, origin });
        expect(m.id).toBe('exosome_maturation');
        compileDoc(host({ evidence, origin }));
        for (const p of m.parameters ?? []) {
          const [lo, hi] = p.range!;
          expect(p.value! >= lo && p.value! <= hi, p.id).toBe(true);
          expect(p.unit).toBeTruthy();
          const src = p.source as { citation?: string; tag?: string };
          expect(src.citation).toMatch(/\w+/);
          expect(['S', 'S2', 'C', 'D', 'R']).toContain(src.tag);
          expect(['high', 'medium', 'low']).toContain(p.confidence);
        }
      }
    }
    // both sides of the dispute are cited
    const cite = (evidence: string): string => (mechanism.module({ evidence }).parameters!.find((p) => p.id === 'exo_dicer')!.source as { citation: string }).citation;
    expect(cite('melo2014')).toMatch(/Melo/);
    expect(cite('jeppesen2019')).toMatch(/Jeppesen/);
    expect(mechanism.references.join(' ')).toMatch(/Melo[\s\S]*Jeppesen/);
    expect(() => mechanism.module({ evidence: 'x' })).toThrow();
  });

  it('cancer exosomes: EV_pre(t) = EV_pre(0)·exp(-ln2·t/24 h); 87.5 % converted by 72 h; copies conserved', () => {
    const r = runCondition(compileDoc(host()), { tEnd: 72, steps: 72 });
    const k = Math.LN2 / 24;
    for (const t of [6, 24, 48, 72]) {
      expect(valueAt(r, 'P', t) / (1000 * Math.exp(-k * t))).toBeCloseTo(1, 6);
      expect(valueAt(r, 'P', t) + valueAt(r, 'R', t)).toBeCloseTo(1100, 6);
    }
    expect(valueAt(r, 'P', 24)).toBeCloseTo(500, 3); // half converted in 24 h
    expect(1 - valueAt(r, 'P', 72) / 1000).toBeCloseTo(0.875, 5); // "most conversion done by 72 h"
    // the mature/pre ratio rises monotonically
    const ratio = [0, 24, 48, 72].map((t) => valueAt(r, 'R', t) / valueAt(r, 'P', t));
    for (let i = 1; i < ratio.length; i++) expect(ratio[i]!).toBeGreaterThan(ratio[i - 1]!);
    expect(ratio[3]! / ratio[0]!).toBeCloseTo(((0.1 + 1 - Math.exp(-72 * k)) * Math.exp(72 * k)) / 0.1, 4);
  });

  it('no maturation: exosomes of non-tumorigenic cells, Dicer blocked, or the Jeppesen 2019 evidence', () => {
    const flat = (doc: ModelDoc, overrides: Record<string, number> = {}): void => {
      const r = runCondition(compileDoc(doc), { tEnd: 72, steps: 6, overrides });
      expect(valueAt(r, 'P', 72)).toBe(1000);
      expect(valueAt(r, 'R', 72)).toBe(100);
    };
    flat(host({ origin: 'normal' }));
    flat(host(), { 'm.exo_dicer': 0 });
    flat(host({ evidence: 'jeppesen2019' }));
    // a partial block scales the rate: half the activity gives half the first-order rate
    const r = runCondition(compileDoc(host()), { tEnd: 48, steps: 4, overrides: { 'm.exo_dicer': 0.5 } });
    expect(valueAt(r, 'P', 48)).toBeCloseTo(500, 3);
  });

  it('stochastic view: SSA ensemble mean of EV_pre at 24 h equals the analytic 50 % within its CI', async () => {
    const n = 400, pre0 = 40;
    const res = await runEnsembleInProcess(compileDoc(host({}, pre0, 0)), { tEnd: 24, steps: 1, solver: 'ssa-direct', replicates: n, seed: 11 });
    const mean = ensembleStat(res, 'P').at(-1)!;
    // each copy survives independently with p = 1/2: binomial SD sqrt(pre0·p(1-p)), mean over n replicates
    const se = Math.sqrt(pre0 * 0.25 / n);
    expect(Math.abs(mean - pre0 / 2)).toBeLessThan(3.29 * se);
  });

  it('describe() names k_dice_EV and exo_dicer with values for each evidence', () => {
    const melo = mechanism.describe().join(' ');
    expect(melo).toContain('k_dice_EV = 0.0289 1/h');
    expect(melo).toContain('exo_dicer = 1 dimensionless');
    expect(mechanism.describe({ evidence: 'jeppesen2019' }).join(' ')).toMatch(/exo_dicer = 0 dimensionless: Jeppesen 2019/);
    expect(mechanism.describe({ origin: 'normal' }).join(' ')).toMatch(/MCF-10A/);
  });
});
