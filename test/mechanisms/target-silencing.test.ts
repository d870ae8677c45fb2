/**
 * Mechanism 2, target silencing: compiles in a host; metadata complete; the unrepressed steady state is
 * k_tx t1/2 / ln2 (mRNA) and k_tl mRNA_0 / k_p (protein); with a fixed miRISC pool the steady state equals the
 * hand-derived titration solution (bisection on free miRISC of the conservation law), which tends to Levine's
 * threshold-linear limit; fully bound repression is decay_fold / rho_tl; ceRNA sites derepress; an 'extra-miRNA'
 * instance adds repression on a shared target; the protein approaches its new level with the protein half-life.
 */
import { describe, expect, it } from 'vitest';
import { mechanism, SITE_KD } from '../../src/mechanisms/target-silencing/index.js';
import { compileDoc, runCondition, finalValue, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

const LN2 = Math.log(2);
const NA = 6.02214076e23;
const V = 1.4e-12; // L

function host(R0: number, opts: { extra?: number; set?: Record<string, number>; site?: string } = {}): ModelDoc {
  const doc: ModelDoc = {
    exosim: '1', id: 'silencing_host', units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [{ id: 'cyt', size: 1.4, unit: 'pL' }],
    species: [
      { id: 'risc', compartment: 'cyt', initialAmount: R0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'risc2', compartment: 'cyt', initialAmount: opts.extra ?? 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'm', compartment: 'cyt', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'P', compartment: 'cyt', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    modules: [mechanism.module({ site_type: opts.site ?? '7mer-m8' })],
    instances: [{ id: 'sil', module: 'target_silencing', bind: { cell: 'cyt', miRISC: 'risc', mRNA: 'm', protein: 'P' }, ...(opts.set ? { set: opts.set } : {}) }],
  };
  if (opts.extra !== undefined) {
    doc.modules!.push(mechanism.module({ role: 'extra-miRNA' }));
    doc.instances!.push({ id: 'sil2', module: 'target_silencing_extra', bind: { cell: 'cyt', miRISC: 'risc2', mRNA: 'm', protein: 'P' } });
  }
  return doc;
}

/** Hand-derived steady state of the titration model for a conserved miRISC pool R_T (defaults of the module). */
function titration(RT: number, o: { Kd_pM?: number; sites?: number; ceRNA?: number } = {}) {
  const ktx = 100, km = LN2 / 9, kp = LN2 / 46, ktl = 40, fold = 2, rho = 0.5;
  const konPerMolecule = (1e7 * 3600) / (NA * V); // 1/(molecule h) per site
  const koff = 1e7 * (o.Kd_pM ?? 50) * 1e-12 * 3600; // 1/h
  const kon = konPerMolecule * (o.sites ?? 1);
  const kC = fold * km;
  const Kt = (koff + kC) / kon; // molecules: C = r m / Kt
  const Kc = (koff + km) / konPerMolecule; // ceRNA: B = r S_free / Kc
  const S = o.ceRNA ?? 0;
  const parts = (r: number) => {
    const m = ktx / (km + (kC * r) / Kt);
    const C = (r * m) / Kt;
    const B = (S * r) / (Kc + r);
    return { m, C, B };
  };
  let lo = 0, hi = RT;
  for (let i = 0; i < 200; i++) {
    const r = (lo + hi) / 2;
    const p = parts(r);
    if (r + p.C + p.B > RT) hi = r;
    else lo = r;
  }
  const { m, C } = parts((lo + hi) / 2);
  const protein = (ktl * (m + rho * C)) / kp;
  const protein0 = (ktl * (ktx / km)) / kp;
  return { m, C, protein, rel: protein / protein0, mRNA0: ktx / km, protein0 };
}

describe('target-silencing mechanism', () => {
  it('metadata: number 2, ports, every parameter sourced with value inside its range (both roles, all site types)', () => {
    expect(mechanism.number).toBe(2);
    for (const role of ['target', 'extra-miRNA']) {
      for (const site_type of Object.keys(SITE_KD)) {
        const m = mechanism.module({ role, site_type });
        expect(m.ports).toEqual(mechanism.ports.map((p) => p.id));
        const ids = new Set([...(m.species ?? []).map((s) => s.id), ...(m.compartments ?? []).map((c) => c.id)]);
        for (const p of m.ports ?? []) expect(ids.has(p), p).toBe(true);
        const computed = new Set((m.rules ?? []).map((r) => r.variable));
        for (const p of m.parameters ?? []) {
          if (computed.has(p.id)) continue;
          expect(p.value, p.id).toBeTypeOf('number');
          expect(p.unit, p.id).toBeTruthy();
          expect(p.value!).toBeGreaterThanOrEqual(p.range![0]);
          expect(p.value!).toBeLessThanOrEqual(p.range![1]);
          const src = p.source;
          expect(typeof src === 'object' && src.citation && ['S', 'S2', 'C', 'D', 'R'].includes(src.tag ?? ''), p.id).toBe(true);
          expect(p.confidence, p.id).toBeDefined();
        }
      }
    }
  });

  it('describe() names the key parameters with values', () => {
    const t = mechanism.describe().join(' ');
    for (const s of ['k_tx = 100', 't_half_mRNA = 9 h', 't_half_protein = 46 h', 'k_on = 1e7', 'Kd = 50 pM', 'rho_tl = 0.5', 'decay_fold = 2', 'ceRNA_sites']) expect(t).toContain(s);
    expect(mechanism.describe({ site_type: '8mer' }).join(' ')).toContain('Kd = 20 pM');
  });

  it('no miRISC: steady state mRNA = k_tx t1/2 / ln2 and protein = k_tl mRNA_0 / k_p, and it stays there', () => {
    const r = runCondition(compileDoc(host(0)), { tEnd: 200, steps: 10 });
    expect(finalValue(r, 'm')).toBeCloseTo((100 * 9) / LN2, 6);
    expect(finalValue(r, 'P') / ((40 * ((100 * 9) / LN2)) / (LN2 / 46))).toBeCloseTo(1, 8);
    expect(finalValue(r, 'sil.protein_rel')).toBeCloseTo(1, 8);
  });

  it('with a fixed miRISC pool the steady state equals the hand-derived titration solution', () => {
    const c = compileDoc(host(0));
    for (const RT of [30, 300, 650, 1000, 3000]) {
      const r = runCondition(c, { tEnd: 2000, steps: 4, overrides: { risc: RT } });
      const ref = titration(RT);
      expect(finalValue(r, 'sil.mRNA_total') / (ref.m + ref.C), `RT ${RT}`).toBeCloseTo(1, 3);
      expect(finalValue(r, 'sil.protein_rel') / ref.rel, `RT ${RT}`).toBeCloseTo(1, 3);
    }
  });

  it('titration threshold (Levine 2007): repression is small below and near-maximal above R_T = k_tx/(decay_fold k_m)', () => {
    const threshold = 100 / (2 * (LN2 / 9)); // 649 molecules
    const c = compileDoc(host(0, { site: '8mer' }));
    const rel = (RT: number) => finalValue(runCondition(c, { tEnd: 2000, steps: 2, overrides: { risc: RT } }), 'sil.protein_rel');
    const below0 = rel(0.3 * threshold), above = rel(3 * threshold);
    // threshold-linear limit: C = min(R_T, k_tx/k_C); protein rel = (m + rho C)/m0
    const lim = (RT: number) => {
      const C = Math.min(RT, threshold);
      const m = (100 - 2 * (LN2 / 9) * C) / (LN2 / 9);
      return (m + 0.5 * C) / ((100 * 9) / LN2);
    };
    expect(Math.abs(below0 - lim(0.3 * threshold))).toBeLessThan(0.03);
    expect(Math.abs(above - lim(3 * threshold))).toBeLessThan(0.03);
    expect(above).toBeCloseTo(0.25, 1); // fully bound: decay_fold / rho_tl = 4-fold
    // threshold-linear response to target transcription (Levine 2007 Fig. 2): at fixed R_T = 1000, protein rises
    // slowly with k_tx below k_tx* = decay_fold k_m R_T (slope rho_tl/decay_fold of the free slope) and with the
    // full slope above it
    const P = (ktx: number) => finalValue(runCondition(c, { tEnd: 3000, steps: 2, overrides: { risc: 1000, 'sil.k_tx': ktx } }), 'P');
    const kstar = 2 * (LN2 / 9) * 1000; // 154 molecules/h
    const below = (P(0.6 * kstar) - P(0.3 * kstar)) / (0.3 * kstar);
    const aboveSlope = (P(3 * kstar) - P(2 * kstar)) / kstar;
    const free = 40 / (LN2 / 46) / (LN2 / 9); // d protein / d k_tx without miRNA
    expect(aboveSlope / free).toBeCloseTo(1, 1);
    expect(below / free).toBeCloseTo(0.25, 1);
  });

  it('typical endogenous levels give the typical 1.2-2 fold repression (parameters.md §0 #20)', () => {
    const c = compileDoc(host(0));
    const fold = (RT: number) => 1 / finalValue(runCondition(c, { tEnd: 2000, steps: 2, overrides: { risc: RT } }), 'sil.protein_rel');
    expect(fold(250)).toBeGreaterThan(1.2);
    expect(fold(250)).toBeLessThan(2);
    expect(fold(1e4)).toBeLessThanOrEqual(4.0001);
  });

  it('ceRNA sites sponge miRISC: derepression matches the hand-derived steady state', () => {
    const c = compileDoc(host(0));
    const RT = 1000;
    const base = finalValue(runCondition(c, { tEnd: 3000, steps: 2, overrides: { risc: RT } }), 'sil.protein_rel');
    const sponged = finalValue(runCondition(c, { tEnd: 3000, steps: 2, overrides: { risc: RT, 'sil.ceRNA_sites': 1.5e5 } }), 'sil.protein_rel');
    expect(sponged).toBeGreaterThan(base + 0.2);
    expect(sponged / titration(RT, { ceRNA: 1.5e5 }).rel).toBeCloseTo(1, 3);
  });

  it('a second miRNA (extra-miRNA instance) on the same target adds repression', () => {
    const one = finalValue(runCondition(compileDoc(host(200)), { tEnd: 2000, steps: 2 }), 'sil.protein_rel');
    const two = finalValue(runCondition(compileDoc(host(200, { extra: 200 })), { tEnd: 2000, steps: 2 }), 'sil.protein_rel');
    expect(two).toBeLessThan(one - 0.02);
  });

  it('the protein approaches its repressed level with the protein half-life (46 h) once mRNA has settled', () => {
    // a mRNA-level step from t = 0; protein follows as a two-exponential; after ~5 mRNA half-lives the remaining
    // protein excess decays with k_p: (P(t) - P_inf) ratio over 46 h is 1/2
    const c = compileDoc(host(3000));
    const r = runCondition(c, { tEnd: 800, steps: 800, rtol: 1e-10, atol: 1e-8 });
    const Pinf = titration(3000).protein;
    const e1 = valueAt(r, 'P', 100) - Pinf, e2 = valueAt(r, 'P', 146) - Pinf;
    expect(e2 / e1).toBeCloseTo(0.5, 2);
  });
});
