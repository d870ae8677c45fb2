/**
 * Mechanism 1, biogenesis: compiles in a host model; steady state equals the hand-derived solution of its linear
 * ODEs; production, RISC-loading time and mature half-life match Kingston & Bartel 2019 (110 ± 50 copies/cell/min,
 * < 30 min, 24 h median); Dicer knock-down stops the canonical route but not the miR-451 route.
 */
import { describe, expect, it } from 'vitest';
import { mechanism } from '../../src/mechanisms/biogenesis/index.js';
import { compileDoc, crossingTime, finalValue, runCondition, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc, ParameterDoc } from '../../src/model/types.js';
import { isExosimError } from '../../src/diagnostics.js';

function host(pathway: string): ModelDoc {
  return {
    exosim: '1', id: 'host', units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [{ id: 'cyto', size: 1.4, unit: 'pL' }],
    modules: [mechanism.module({ pathway })],
    instances: [{ id: 'b', module: 'biogenesis', bind: { cell: 'cyto' } }],
  };
}

function checkParameters(ps: ParameterDoc[]): void {
  for (const p of ps) {
    expect(typeof p.value, p.id).toBe('number');
    expect(p.unit, p.id).toBeTruthy();
    expect(p.range, p.id).toBeDefined();
    const [lo, hi] = p.range!;
    expect(p.value! >= lo && p.value! <= hi, `${p.id} = ${p.value} in [${lo}, ${hi}]`).toBe(true);
    const src = p.source as { citation?: string; tag?: string };
    expect(src.citation, p.id).toMatch(/\w+/);
    expect(['S', 'S2', 'C', 'D', 'R']).toContain(src.tag);
    expect(['high', 'medium', 'low']).toContain(p.confidence);
    expect(p.description, p.id).toBeTruthy();
  }
}

const P = new Map((mechanism.module().parameters ?? []).map((p) => [p.id, p.value!]));
const v = (id: string): number => P.get(id)!;
const LN2 = Math.LN2;

describe('biogenesis mechanism', () => {
  it('metadata: id, number, ports per the conventions, options, references', () => {
    expect(mechanism.id).toBe('biogenesis');
    expect(mechanism.number).toBe(1);
    expect(mechanism.ports.map((p) => p.id)).toEqual(['cell', 'pri', 'pre', 'miR', 'miRISC']);
    for (const path of ['canonical', 'dicer-independent']) {
      const m = mechanism.module({ pathway: path });
      expect(m.id).toBe('biogenesis');
      expect(m.ports).toEqual(['cell', 'pri', 'pre', 'miR', 'miRISC']);
      for (const s of m.species ?? []) {
        expect(s.hasOnlySubstanceUnits, s.id).toBe(true);
        expect(s.unit).toBe('molecule');
      }
      checkParameters(m.parameters ?? []);
    }
    expect(() => mechanism.module({ pathway: 'nonsense' })).toThrow(/pathway/);
    expect(mechanism.references.length).toBeGreaterThan(2);
  });

  it('canonical steady state equals the hand-derived solution of the linear ODEs', () => {
    const r = runCondition(compileDoc(host('canonical')), { tEnd: 1500, steps: 30 });
    // rates per minute (declared units): k_tx molecule/min, k_* 1/min; half-lives in h -> 1/min
    const kPre = LN2 / (v('t_half_pre') * 60), kFree = LN2 / (v('t_half_free') * 60), kRisc = LN2 / (v('t_half_miR') * 60);
    const pri = v('k_tx') / v('k_drosha');
    const preNuc = v('k_tx') / v('k_export');
    const pre = v('k_tx') / (v('k_dice') + kPre);
    const duplex = (v('k_dice') * pre) / v('k_sel');
    const miR = (v('f_guide') * v('k_sel') * duplex) / (v('k_load') + kFree);
    const miRISC = (v('k_load') * miR) / kRisc;
    expect(finalValue(r, 'b.pri')).toBeCloseTo(pri, 6);
    expect(finalValue(r, 'b.pre_nuc') / preNuc).toBeCloseTo(1, 6);
    expect(finalValue(r, 'b.pre') / pre).toBeCloseTo(1, 6);
    expect(finalValue(r, 'b.duplex') / duplex).toBeCloseTo(1, 6);
    expect(finalValue(r, 'b.miR') / miR).toBeCloseTo(1, 6);
    expect(finalValue(r, 'b.miRISC') / miRISC).toBeCloseTo(1, 4);
  });

  it('duplex production of a highly expressed miRNA is 110 ± 50 copies/cell/min (Kingston & Bartel 2019)', () => {
    const r = runCondition(compileDoc(host('canonical')), { tEnd: 24, steps: 24 });
    const prod = finalValue(r, 'b.duplex_production'); // molecule/min
    expect(prod).toBeGreaterThan(60);
    expect(prod).toBeLessThan(160);
  });

  it('duplex -> miRISC takes < 30 min (Kingston & Bartel 2019): hypoexponential loading curve', () => {
    const c = compileDoc(host('canonical'));
    const r = runCondition(c, { tEnd: 3, steps: 600, overrides: { 'b.k_tx': 0, 'b.duplex': 1000 } });
    // two sequential first-order steps, a = k_sel, b = k_load + k_free (per h); loaded fraction f_guide k_load / b
    const a = v('k_sel') * 60, b = (v('k_load') + LN2 / (v('t_half_free') * 60)) * 60;
    const plateau = 1000 * v('f_guide') * (v('k_load') * 60) / b;
    const cdf = (t: number): number => 1 - (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
    for (const t of [0.1, 0.25, 0.5, 1]) {
      // miRISC decay (ln2/24 h) is negligible over 1 h: within 3 %
      expect(valueAt(r, 'b.miRISC', t) / (plateau * cdf(t))).toBeGreaterThan(0.97);
      expect(valueAt(r, 'b.miRISC', t) / (plateau * cdf(t))).toBeLessThanOrEqual(1.0000001);
    }
    const tHalf = crossingTime(r, 'b.miRISC', plateau / 2, 'up');
    expect(tHalf).toBeLessThan(0.5); // h
  });

  it('mature miRNA (miRISC) half-life is the median 24 h (Kingston & Bartel 2019)', () => {
    const r = runCondition(compileDoc(host('canonical')), { tEnd: 72, steps: 72, overrides: { 'b.k_tx': 0, 'b.miRISC': 1000 } });
    expect(valueAt(r, 'b.miRISC', 24)).toBeCloseTo(500, 3);
    expect(valueAt(r, 'b.miRISC', 72)).toBeCloseTo(125, 3);
  });

  it('Dicer knock-down scales canonical maturation; a block leaves pre-miRNA at k_tx·t_half_pre/ln2', () => {
    const c = compileDoc(host('canonical'));
    const full = finalValue(runCondition(c, { tEnd: 1500, steps: 10 }), 'b.miRISC');
    const half = finalValue(runCondition(c, { tEnd: 1500, steps: 10, overrides: { 'b.dicer_activity': 0.5 } }), 'b.miRISC');
    const kPre = LN2 / (v('t_half_pre') * 60);
    // miRISC* ∝ k_dice·d / (k_dice·d + k_pre)
    const expectedRatio = ((0.5 * v('k_dice')) / (0.5 * v('k_dice') + kPre)) / (v('k_dice') / (v('k_dice') + kPre));
    expect(half / full).toBeCloseTo(expectedRatio, 4);
    const blocked = runCondition(c, { tEnd: 200, steps: 10, overrides: { 'b.dicer_activity': 0 } });
    expect(finalValue(blocked, 'b.miRISC')).toBe(0);
    expect(finalValue(blocked, 'b.pre') / (v('k_tx') / kPre)).toBeCloseTo(1, 4);
  });

  it('Dicer-independent (miR-451) route: matures without Dicer, steady state as derived', () => {
    const m = mechanism.module({ pathway: 'dicer-independent' });
    const Q = new Map((m.parameters ?? []).map((p) => [p.id, p.value!]));
    const q = (id: string): number => Q.get(id)!;
    const c = compileDoc(host('dicer-independent'));
    let err: unknown;
    try {
      runCondition(c, { tEnd: 1, overrides: { 'b.dicer_activity': 0 } });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true); // no Dicer in this route
    const r = runCondition(c, { tEnd: 1500, steps: 10 });
    const kPre = LN2 / (q('t_half_pre') * 60), kRisc = LN2 / (q('t_half_miR') * 60);
    const pre = q('k_tx') / (q('k_ago_slice') + kPre);
    const acpre = (q('k_ago_slice') * pre) / (q('k_parn') + kRisc);
    const risc = (q('k_parn') * acpre) / kRisc;
    expect(finalValue(r, 'b.pre') / pre).toBeCloseTo(1, 5);
    expect(finalValue(r, 'b.acpre') / acpre).toBeCloseTo(1, 5);
    expect(finalValue(r, 'b.miRISC') / risc).toBeCloseTo(1, 3);
  });

  it('describe() gives sentences naming the key parameters with values', () => {
    for (const pathway of ['canonical', 'dicer-independent']) {
      const text = mechanism.describe({ pathway });
      expect(text.length).toBeGreaterThan(3);
      for (const s of text) expect(s).toMatch(/\.$/);
      const all = text.join(' ');
      expect(all).toContain('k_tx = 110 molecule/min');
      expect(all).toContain('t_half_miR = 24 h');
      expect(all).toContain(pathway === 'canonical' ? 'k_dice = 0.5 1/min' : 'k_parn = 0.05 1/min');
    }
  });
});
