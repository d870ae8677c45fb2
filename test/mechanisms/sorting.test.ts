/**
 * Mechanism 3, sorting: motif detection and loading weights from sequences (parameters.md §2.3's motif table is the
 * independent reference), the Chevillet 2014 stoichiometry (0.00825 copies per exosome), the donor's loss of copies
 * (analytic exponential), and the Poisson cargo distribution (cargo.ts) against a seeded multinomial sampler and an SSA
 * ensemble of loading (fraction of empty exosomes within binomial confidence intervals).
 */
import { describe, expect, it } from 'vitest';
import { mechanism } from '../../src/mechanisms/sorting/index.js';
import { loadingWeight, normaliseSequence } from '../../src/mechanisms/sorting/motifs.js';
import { MIRNAS, findMirna } from '../../src/mechanisms/sorting/mirna-data.js';
import { cargoDistribution, poissonCargo, poissonCdf, poissonPmf, poissonQuantile } from '../../src/mechanisms/sorting/cargo.js';
import { compileDoc, ensembleStat, finalValue, runCondition, runEnsembleInProcess, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc, ParameterDoc } from '../../src/model/types.js';
import { mulberry32 } from '../helpers/prng.js';

const Z999 = 3.29; // two-sided 99.9 % normal quantile for binomial confidence intervals

function checkParameters(ps: ParameterDoc[]): void {
  for (const p of ps) {
    if (p.id === 'copies_per_EV' || p.id === 'pre_per_EV') continue; // computed by assignment rules
    expect(typeof p.value, p.id).toBe('number');
    expect(p.unit, p.id).toBeTruthy();
    const [lo, hi] = p.range!;
    expect(p.value! >= lo && p.value! <= hi, `${p.id} = ${p.value} in [${lo}, ${hi}]`).toBe(true);
    const src = p.source as { citation?: string; tag?: string };
    expect(src.citation, p.id).toMatch(/\w+/);
    expect(['S', 'S2', 'C', 'D', 'R']).toContain(src.tag);
    expect(['high', 'medium', 'low']).toContain(p.confidence);
  }
}

/** Donor cell with miRISC held at M copies (boundary), N donors secreting; secretion reactions written in the host. */
function host(opts: Record<string, string>, M: number, boundary = true): ModelDoc {
  const pre = opts['pre'] === 'on';
  return {
    exosim: '1', id: 'host', units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [{ id: 'donor', size: 1.4, unit: 'pL' }, { id: 'medium', size: 2, unit: 'mL' }],
    species: [
      { id: 'M', compartment: 'donor', initialAmount: M, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: boundary },
      ...(pre ? [{ id: 'P', compartment: 'donor', initialAmount: 11.3, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: true }] : []),
      { id: 'EV', compartment: 'medium', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'EV_miR', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      ...(pre ? [{ id: 'EV_pre', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true }] : []),
    ],
    parameters: [
      { id: 'N', value: 1e5, unit: 'dimensionless' },
      { id: 'k_sec', value: 60, unit: 'exosome/h' },
      { id: 'cpe', unit: 'molecule/exosome' },
      ...(pre ? [{ id: 'ppe', unit: 'molecule/exosome' }] : []),
    ],
    modules: [mechanism.module(opts)],
    instances: [{ id: 's', module: 'sorting', bind: { cell: 'donor', miRISC: 'M', k_sec: 'k_sec', copies_per_EV: 'cpe', ...(pre ? { pre: 'P', pre_per_EV: 'ppe' } : {}) } }],
    reactions: [
      { id: 'secretion', equation: '-> EV', rate: 'N * k_sec' },
      { id: 'sec_miR', equation: '-> EV_miR', rate: 'N * k_sec * cpe' },
      ...(pre ? [{ id: 'sec_pre', equation: '-> EV_pre', rate: 'N * k_sec * ppe' }] : []),
    ],
  };
}

describe('motifs.ts: loadingWeight', () => {
  it('weight 1 without motif; factors per occurrence; 1-based positions; T read as U', () => {
    expect(loadingWeight('UAGCUUAUCAGACUGAUGUUGA')).toEqual({ motifs: [], weight: 1 }); // miR-21-5p
    const w205 = loadingWeight('UCCUUCAUUCCACCGGAGUCUG'); // miR-205-5p: GGAG at 15
    expect(w205.motifs).toEqual([{ motif: 'GGAG', count: 1, positions: [15] }]);
    expect(w205.weight).toBeCloseTo(Math.sqrt(20), 12);
    expect(loadingWeight('TCCTTCATTCCACCGGAGTCTG').weight).toBeCloseTo(Math.sqrt(20), 12);
    // CGGGAG counted once (not also as GGAG); a separate GGAG counts
    const cg = loadingWeight('ACGGGAGUUGGAGU');
    expect(cg.motifs).toEqual([{ motif: 'CGGGAG', count: 1, positions: [2] }, { motif: 'GGAG', count: 1, positions: [10] }]);
    expect(cg.weight).toBeCloseTo(10 * Math.sqrt(20), 10);
    // CLmotif lowers the weight; overlapping hits are all counted
    expect(loadingWeight('AUGCAUGCA').weight).toBeCloseTo(0.25, 12);
    expect(loadingWeight('GGAGGAG').motifs[0]!.positions).toEqual([1, 4]);
    expect(() => normaliseSequence('ACGX')).toThrow();
  });

  it("motif presence in the 25 project miRNAs equals parameters.md §2.3's list", () => {
    const expected: Record<string, string[]> = {
      GGAG: ['hsa-miR-205-5p', 'hsa-miR-1246'],
      CCCU: ['hsa-miR-10b-5p', 'hsa-miR-150-5p'],
      UGCA: ['hsa-miR-17-3p', 'hsa-miR-106a-5p', 'hsa-miR-574-3p'],
      GGCU: ['hsa-miR-146b-5p', 'hsa-miR-222-3p', 'hsa-miR-375-3p', 'hsa-miR-107'],
      CGGGAG: [],
    };
    expect(MIRNAS.length).toBe(25);
    for (const [motif, names] of Object.entries(expected)) {
      const found = MIRNAS.filter((m) => loadingWeight(m.sequence).motifs.some((h) => h.motif === motif)).map((m) => m.name);
      expect(found.sort(), motif).toEqual([...names].sort());
    }
  });

  it('mirna-data: names resolve; accessions and lengths as in parameters.md §9', () => {
    expect(findMirna('miR-21')?.accession).toBe('MIMAT0000076');
    expect(findMirna('hsa-miR-10b-5p')?.sequence).toBe('UACCCUGUAGAACCGAAUUUGUG');
    expect(findMirna('miR-451')?.accession).toBe('MIMAT0001631');
    expect(findMirna('let-7a')?.sequence.length).toBe(22);
    expect(findMirna('miR-999')).toBeUndefined();
    for (const m of MIRNAS) for (const h of m.hairpins) expect(h.sequence.substr(h.matureStart - 1, m.sequence.length).length).toBeGreaterThan(15);
    // hsa-mir-21 hairpin contains miR-21-5p at position 8 (parameters.md §9)
    const h21 = findMirna('miR-21')!.hairpins[0]!;
    expect(h21.matureStart).toBe(8);
    expect(h21.sequence.slice(7, 7 + 22)).toBe('UAGCUUAUCAGACUGAUGUUGA');
  });
});

describe('sorting module', () => {
  it('metadata, ports, parameters; w_motif derived from the sequence', () => {
    expect(mechanism.id).toBe('sorting');
    expect(mechanism.number).toBe(3);
    const m = mechanism.module({ mirna: 'miR-205', pre: 'on' });
    expect(m.ports).toEqual(['cell', 'miRISC', 'k_sec', 'copies_per_EV', 'pre', 'pre_per_EV']);
    checkParameters(m.parameters ?? []);
    const w = m.parameters!.find((p) => p.id === 'w_motif')!;
    expect(w.value).toBeCloseTo(loadingWeight(findMirna('miR-205')!.sequence).weight, 12);
    expect(mechanism.module({ from: 'miR' }).ports).toEqual(['cell', 'miR', 'k_sec', 'copies_per_EV']);
    expect(mechanism.module().parameters!.find((p) => p.id === 'w_motif')!.value).toBe(1);
    expect(() => mechanism.module({ mirna: 'miR-99999' })).toThrow();
  });

  it('Chevillet 2014: 0.00825 copies per secreted exosome at 1e4 cytosolic copies (motif-less miRNA); GGAG raises it 4.47-fold', () => {
    for (const [name, factor] of [['miR-21', 1], ['miR-205', Math.sqrt(20)]] as const) {
      const r = runCondition(compileDoc(host({ mirna: name }, 1e4)), { tEnd: 24, steps: 4 });
      const perEV = finalValue(r, 'EV_miR') / finalValue(r, 'EV');
      expect(perEV / (0.00825 * factor)).toBeCloseTo(1, 9);
      expect(finalValue(r, 'cpe') / (0.00825 * factor)).toBeCloseTo(1, 9);
      // Chevillet: about one copy per 121 exosomes
      if (factor === 1) expect(Math.round(1 / perEV)).toBe(121);
    }
  });

  it('pre-miRNA sorting (option pre: on) gives pre copies per exosome = phi_pre · w_pre · pre', () => {
    const m = mechanism.module({ mirna: 'miR-21', pre: 'on' });
    const phiPre = m.parameters!.find((p) => p.id === 'phi_pre')!.value!;
    const wPre = m.parameters!.find((p) => p.id === 'w_pre')!.value!;
    expect(wPre).toBeCloseTo(loadingWeight(findMirna('miR-21')!.hairpins[0]!.sequence).weight, 12);
    const r = runCondition(compileDoc(host({ mirna: 'miR-21', pre: 'on' }, 1e4)), { tEnd: 10, steps: 2 });
    expect(finalValue(r, 'EV_pre') / finalValue(r, 'EV') / (phiPre * wPre * 11.3)).toBeCloseTo(1, 9);
  });

  it('the donor loses copies as M0·exp(-k_sec·phi·w·t) (analytic) when nothing replenishes them', () => {
    const M0 = 1e4;
    const r = runCondition(compileDoc(host({ mirna: 'miR-1246' }, M0, false)), { tEnd: 1000, steps: 10 });
    const w = loadingWeight(findMirna('miR-1246')!.sequence).weight;
    const k = 60 * (0.00825 / 1e4) * w; // 1/h
    for (const t of [100, 500, 1000]) expect(valueAt(r, 'M', t) / (M0 * Math.exp(-k * t))).toBeCloseTo(1, 5);
  });

  it('describe() names phi, w_motif and k_sec with values', () => {
    const all = mechanism.describe({ mirna: 'miR-205' }).join(' ');
    expect(all).toContain('w_motif = 4.47');
    expect(all).toContain('k_sec = 60 exosome/h');
    expect(all).toMatch(/phi = 8\.25e-7/);
    expect(all).toContain('GGAG ×1');
  });
});

describe('cargo.ts: Poisson cargo per exosome', () => {
  it('Chevillet numbers: 0.00825 copies per exosome -> 99.18 % empty, one loaded exosome per ~121', () => {
    const d = cargoDistribution(0.00825 * 1e6, 1e6);
    expect(d.mean).toBeCloseTo(0.00825, 12);
    expect(d.fractionEmpty).toBeCloseTo(Math.exp(-0.00825), 14);
    expect(d.fractionLoaded + d.fractionEmpty).toBeCloseTo(1, 14);
    expect(d.exosomesPerLoaded).toBeGreaterThan(121);
    expect(d.exosomesPerLoaded).toBeLessThan(122);
    expect(d.quantiles.q50).toBe(0);
    expect(d.quantiles.q999).toBe(1);
    expect(() => cargoDistribution(1, 0)).toThrow();
  });

  it('pmf sums to 1, cdf and quantiles agree with direct sums', () => {
    for (const mean of [0.01, 0.7, 5, 40]) {
      let s = 0;
      for (let k = 0; k < 200; k++) s += poissonPmf(k, mean);
      expect(s).toBeCloseTo(1, 10);
      for (const q of [0.05, 0.5, 0.95]) {
        const k = poissonQuantile(q, mean);
        expect(poissonCdf(k, mean)).toBeGreaterThanOrEqual(q);
        if (k > 0) expect(poissonCdf(k - 1, mean)).toBeLessThan(q);
      }
    }
    expect(poissonCargo(0).fractionEmpty).toBe(1);
  });

  it('matches a seeded multinomial loading simulation (copies thrown into exosomes one by one)', () => {
    const rnd = mulberry32(20240521);
    for (const [E, mean] of [[200_000, 0.00825], [20_000, 0.5], [20_000, 3]] as const) {
      const C = Math.round(E * mean);
      const counts = new Uint32Array(E);
      for (let c = 0; c < C; c++) counts[Math.floor(rnd() * E)]!++;
      const d = cargoDistribution(C, E);
      for (const k of [0, 1, 2]) {
        const observed = counts.filter((x) => x === k).length / E;
        const p = d.pmf(k);
        const halfWidth = Z999 * Math.sqrt((p * (1 - p)) / E) + 1 / E;
        expect(Math.abs(observed - p), `E=${E} mean=${mean} k=${k}`).toBeLessThan(halfWidth);
      }
    }
  });

  it('matches an SSA ensemble of one forming exosome loaded from a donor by the sorting module', async () => {
    // one intraluminal vesicle fills from the donor's cytosol at copies_per_EV / tau per hour for tau = 1 h:
    // its copy number is Poisson(copies_per_EV); M chosen so that copies_per_EV = 0.5
    const lambda = 0.5;
    const M = (1e4 * lambda) / 0.00825;
    const doc: ModelDoc = {
      exosim: '1', id: 'ilv', units: { time: 'h', substance: 'molecule', volume: 'pL' },
      compartments: [{ id: 'donor', size: 1.4, unit: 'pL' }, { id: 'ilv', size: 3.8e-7, unit: 'pL' }],
      species: [
        { id: 'M', compartment: 'donor', initialAmount: M, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: true },
        { id: 'cargo', compartment: 'ilv', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      ],
      parameters: [
        { id: 'k_sec', value: 60, unit: 'exosome/h' },
        { id: 'cpe', unit: 'molecule/exosome' },
        { id: 'one_EV', value: 1, unit: 'exosome' },
        { id: 'tau', value: 1, unit: 'h' },
      ],
      modules: [mechanism.module()],
      instances: [{ id: 's', module: 'sorting', bind: { cell: 'donor', miRISC: 'M', k_sec: 'k_sec', copies_per_EV: 'cpe' } }],
      reactions: [{ id: 'fill', equation: '-> cargo', rate: 'cpe * one_EV / tau' }],
      observables: [{ id: 'empty', formula: 'piecewise(1, cargo < 0.5, 0)' }],
    };
    const n = 4000;
    const res = await runEnsembleInProcess(compileDoc(doc), { tEnd: 1, steps: 1, solver: 'ssa-direct', replicates: n, seed: 7 });
    const fracEmpty = ensembleStat(res, 'empty').at(-1)!;
    const meanCargo = ensembleStat(res, 'cargo').at(-1)!;
    const d = poissonCargo(lambda);
    const p = d.fractionEmpty;
    expect(Math.abs(fracEmpty - p)).toBeLessThan(Z999 * Math.sqrt((p * (1 - p)) / n));
    expect(Math.abs(meanCargo - lambda)).toBeLessThan(Z999 * Math.sqrt(lambda / n));
  });
});
