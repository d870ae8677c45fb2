/**
 * Mechanism 10, phenotypes: compiles in a host for every option; metadata complete; and each sub-module matches an
 * independent reference: the steady states of the Lu et al. 2013 miR-200/ZEB module found here by root-finding of
 * the steady-state equations (bistability and a miR-200 pulse switching M -> E), the analytic culture growth
 * N0 exp((r0 prolif_rel - d0/AKT_rel) t) at a clamped PTEN, the first-order RHOC relaxation, the exponential drug
 * kill, and the analytic threshold-crossing time of the transformation event.
 */
import { describe, expect, it } from 'vitest';
import { mechanism, PHENOTYPES } from '../../src/mechanisms/phenotypes/index.js';
import { compileDoc, runCondition, finalValue, valueAt, crossingTime } from '../../src/scenarios/support.js';
import type { ModelDoc, ReactionDoc } from '../../src/model/types.js';

function host(phenotype: string, extra: { reactions?: ReactionDoc[]; opts?: Record<string, string> } = {}): ModelDoc {
  return {
    exosim: '1', id: 'ph_host', units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [{ id: 'rc', size: 1.4, unit: 'pL' }],
    modules: [mechanism.module({ phenotype, ...(extra.opts ?? {}) })],
    instances: [{ id: 'ph', module: 'phenotypes', bind: { cell: 'rc' } }],
    ...(extra.reactions ? { reactions: extra.reactions } : {}),
  };
}

// ---- independent reference: Lu 2013 ZEB/miR-200 steady states by bisection (parameters.md §7.1 values) -------------
const L = [1, 0.6, 0.3, 0.1, 0.05, 0.05, 0.05];
const GM = [0, 0.04, 0.2, 1, 1, 1, 1];
const GU = [0, 0.005, 0.05, 0.5, 0.5, 0.5, 0.5];
const C6 = [1, 6, 15, 20, 15, 6, 1];
const hs = (x: number, x0: number, n: number, l: number) => (1 + l * (x / x0) ** n) / (1 + (x / x0) ** n);
const sum = (c: number[], u: number, withI: boolean) => {
  let s = 0;
  for (let i = 0; i <= 6; i++) s += c[i]! * C6[i]! * (withI ? i : 1) * (u / 1e4) ** i;
  return s / (1 + u / 1e4) ** 6;
};
function bisect(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  for (let k = 0; k < 200; k++) {
    const m = 0.5 * (a + b);
    const fm = f(m);
    if (fa * fm <= 0) b = m;
    else { a = m; fa = fm; }
  }
  return 0.5 * (a + b);
}
/** Steady states (miR-200, ZEB mRNA, ZEB) at SNAIL = S: for each ZEB, solve miR-200 and mRNA, then find roots in ZEB. */
function luSteadyStates(S: number): { u: number; m: number; Z: number }[] {
  const given = (Z: number) => {
    const A = 11 * hs(Z, 25e3, 2, 7.5) * hs(S, 180e3, 2, 10);
    const B = 2.1e3 * hs(Z, 220e3, 3, 0.1) * hs(S, 180e3, 2, 0.1);
    const u = bisect((u) => B - (A / (sum(GM, u, false) + 0.5)) * sum(GU, u, true) - 0.05 * u, 0, B / 0.05 + 1);
    const m = A / (sum(GM, u, false) + 0.5);
    return { u, m, F: 100 * m * sum(L, u, false) - 0.1 * Z };
  };
  const out: { u: number; m: number; Z: number }[] = [];
  const grid = Array.from({ length: 4001 }, (_, k) => 10 ** (2 + (5 * k) / 4000));
  let prev = given(grid[0]!).F;
  for (let k = 1; k < grid.length; k++) {
    const cur = given(grid[k]!).F;
    if (prev * cur < 0) {
      const Z = bisect((z) => given(z).F, grid[k - 1]!, grid[k]!);
      const g = given(Z);
      out.push({ u: g.u, m: g.m, Z });
    }
    prev = cur;
  }
  return out;
}

describe('phenotypes mechanism', () => {
  it('metadata: number 10, ports exist, every parameter sourced with value inside its range, for every option', () => {
    expect(mechanism.number).toBe(10);
    expect(mechanism.id).toBe('phenotypes');
    const portIds = mechanism.ports.map((p) => p.id);
    for (const phenotype of ['all', ...PHENOTYPES, 'proliferation+invasion+transformation']) {
      for (const drug of ['temozolomide', 'cisplatin']) {
        const m = mechanism.module({ phenotype, drug });
        const ids = new Set([...(m.species ?? []).map((s) => s.id), ...(m.parameters ?? []).map((p) => p.id), ...(m.compartments ?? []).map((c) => c.id)]);
        for (const p of m.ports ?? []) {
          expect(ids.has(p), p).toBe(true);
          expect(portIds, p).toContain(p);
        }
        const computed = new Set([...(m.rules ?? []).map((r) => r.variable), ...(m.initialAssignments ?? []).map((r) => r.symbol), ...(m.events ?? []).flatMap((e) => e.assignments.map((a) => a.variable))]);
        for (const p of m.parameters ?? []) {
          if (computed.has(p.id) && p.value === undefined) continue;
          expect(p.value, p.id).toBeTypeOf('number');
          expect(p.unit, p.id).toBeTruthy();
          if (computed.has(p.id)) continue; // event-assigned flag (transformed) starts at 0
          expect(p.range, p.id).toBeDefined();
          expect(p.value!, p.id).toBeGreaterThanOrEqual(p.range![0]);
          expect(p.value!, p.id).toBeLessThanOrEqual(p.range![1]);
          const src = p.source;
          expect(typeof src === 'object' && !!src.citation && ['S', 'S2', 'C', 'D', 'R'].includes(src.tag ?? ''), p.id).toBe(true);
          expect(typeof src === 'object' && /parameters\.md|protocol|assumption|numerical|unit|no source|model switch/.test(src.citation ?? ''), `${p.id}: ${typeof src === 'object' ? src.citation : src}`).toBe(true);
          expect(p.confidence, p.id).toBeDefined();
        }
        expect(() => compileDoc(host(phenotype, { opts: { drug } }))).not.toThrow();
      }
    }
    expect(() => mechanism.module({ phenotype: 'telepathy' })).toThrow(/phenotype/);
    expect(() => mechanism.module({ emt_start: 'hybrid' })).toThrow(/emt_start/);
    expect(mechanism.references.length).toBeGreaterThan(3);
  });

  it('describe() gives sentences naming the key parameters with their values', () => {
    const text = mechanism.describe().join(' ');
    for (const s of mechanism.describe()) expect(s).toMatch(/\.$/);
    for (const frag of ['a_prolif = 1', 'K_AKT = 1', 'g_miR200 = 2100', 'k_miR200 = 0.05', 'k_ZEB = 0.1', 'SNAIL = 200000', 'theta_transform = 0.3', 'r_efflux = 3', 't_half_RHOC = 46'])
      expect(text).toContain(frag);
    expect(mechanism.describe({ phenotype: 'emt' }).join(' ')).not.toContain('a_prolif');
  });

  it('EMT: the default SNAIL lies in the bistable window; both simulated states equal the root-found steady states', () => {
    const roots = luSteadyStates(200e3);
    expect(roots.length).toBeGreaterThanOrEqual(3); // E, saddle(s), M (Lu 2013: tristable ternary switch)
    const E = roots[0]!; // lowest ZEB
    const M = roots[roots.length - 1]!;
    expect(M.Z / E.Z).toBeGreaterThan(50);
    // outside the window: monostable
    expect(luSteadyStates(150e3).length).toBe(1);
    expect(luSteadyStates(250e3).length).toBe(1);

    const cm = compileDoc(host('emt'));
    // start in M (default) -> stays at the M steady state
    const rM = runCondition(cm, { tEnd: 500, steps: 50 });
    expect(finalValue(rM, 'ph.ZEB') / M.Z).toBeCloseTo(1, 3);
    expect(finalValue(rM, 'ph.miR200') / M.u).toBeCloseTo(1, 3);
    expect(finalValue(rM, 'ph.epithelial_score')).toBeLessThan(0.05);
    // start in E (option) -> stays at the E steady state
    const cmE = compileDoc(host('emt', { opts: { emt_start: 'epithelial' } }));
    const rE = runCondition(cmE, { tEnd: 500, steps: 50 });
    expect(finalValue(rE, 'ph.ZEB') / E.Z).toBeCloseTo(1, 3);
    expect(finalValue(rE, 'ph.ZEB_mRNA') / E.m).toBeCloseTo(1, 3);
    expect(finalValue(rE, 'ph.epithelial_score')).toBeGreaterThan(0.95);
  });

  it('EMT: a sustained miR-200 supply switches a mesenchymal cell to the epithelial state, which persists (hysteresis)', () => {
    const supply: ReactionDoc = { id: 'delivery', equation: '-> ph.miR200', rate: 'piecewise(k_del, time < 72, 0)' };
    const doc = host('emt', { reactions: [supply] });
    doc.parameters = [{ id: 'k_del', value: 3000, unit: 'molecule/h' }];
    const cm = compileDoc(doc);
    const r = runCondition(cm, { tEnd: 600, steps: 120 });
    expect(valueAt(r, 'ph.epithelial_score', 0)).toBeLessThan(0.05);
    expect(finalValue(r, 'ph.epithelial_score')).toBeGreaterThan(0.4); // hybrid or epithelial long after the supply stopped
    const weak = runCondition(cm, { tEnd: 600, steps: 120, overrides: { k_del: 100 } });
    expect(finalValue(weak, 'ph.epithelial_score')).toBeLessThan(0.05); // a small supply does not flip the switch
  });

  it('proliferation: culture size equals N0 exp((r0 (1 + a (1 - p)) - d0 (1 + p/K)/(1 + 1/K)) t) at a fixed PTEN fraction p', () => {
    const cm = compileDoc(host('proliferation'));
    const p = 0.4; // PTEN at 40 % of control, held constant (no reactions on PTEN in this host)
    const r = runCondition(cm, { tEnd: 72, steps: 72, overrides: { 'ph.PTEN': p * 1e4 } });
    const r0 = 0.029, d0 = 0.005, a = 1, K = 1;
    const akt = (1 + 1 / K) / (1 + p / K);
    const net = r0 * (1 + a * (1 - p)) - d0 / akt;
    expect(finalValue(r, 'ph.N_viable') / (1e5 * Math.exp(net * 72))).toBeCloseTo(1, 4);
    expect(finalValue(r, 'ph.viable_rel') / Math.exp((net - (r0 - d0)) * 72)).toBeCloseTo(1, 4);
    expect(finalValue(r, 'ph.prolif_rel')).toBeCloseTo(1.6, 10);
    // control: PTEN at its reference -> everything at 1
    const c = runCondition(cm, { tEnd: 72, steps: 6 });
    expect(finalValue(c, 'ph.viable_rel')).toBeCloseTo(1, 6);
    expect(finalValue(c, 'ph.AKT_rel')).toBeCloseTo(1, 12);
  });

  it('invasion: RHOC relaxes to RHOC_ctrl (1 + 1/K)/(1 + h/K) with rate ln2/46 h at a fixed HOXD10 fraction h', () => {
    const cm = compileDoc(host('invasion'));
    const h = 0.5;
    const r = runCondition(cm, { tEnd: 100, steps: 10, overrides: { 'ph.HOXD10': h * 1e4 } });
    const ss = 1e4 * 2 / (1 + h);
    const k = Math.log(2) / 46;
    const expected = ss + (1e4 - ss) * Math.exp(-k * 100);
    expect(finalValue(r, 'ph.RHOC') / expected).toBeCloseTo(1, 5);
    expect(finalValue(r, 'ph.invasion_rel')).toBeCloseTo(expected / 1e4, 5);
  });

  it('migration: migration_rel = 1 + a_mig (1 - cMYB/cMYB_ref)', () => {
    const cm = compileDoc(host('migration'));
    const r = runCondition(cm, { tEnd: 1, steps: 1, overrides: { 'ph.cMYB': 3000 } });
    expect(finalValue(r, 'ph.migration_rel')).toBeCloseTo(1.7, 10);
  });

  it('resistance: surviving fraction exp(-k t) with k = kmax C^h/(EC50^h + C^h), C = drug/(1 + r MDR1/MDR1_ref)', () => {
    for (const drug of ['temozolomide', 'cisplatin']) {
      const cm = compileDoc(host('resistance', { opts: { drug } }));
      const m = mechanism.module({ phenotype: 'resistance', drug });
      const val = (id: string) => m.parameters!.find((p) => p.id === id)!.value!;
      const kill = (mdr: number) => {
        const C = val('drug') / (1 + val('r_efflux') * mdr);
        return (val('kmax_kill') * C) / (val('EC50_drug') + C);
      };
      const r = runCondition(cm, { tEnd: 72, steps: 6, overrides: { 'ph.MDR1': 2000 } }); // MDR1 down to 20 % (anti-miR-9)
      expect(finalValue(r, 'ph.viability_drug')).toBeCloseTo(Math.exp(-kill(0.2) * 72), 6);
      expect(finalValue(r, 'ph.resistance_rel')).toBeCloseTo(Math.exp(-(kill(0.2) - kill(1)) * 72), 6);
      expect(finalValue(r, 'ph.resistance_rel')).toBeLessThan(1); // less MDR1, the drug kills more
    }
  });

  it('transformation: the event fires when the score crosses theta, at t = -ln(1 - theta/w)/k for PTEN decaying at rate k', () => {
    const decay: ReactionDoc = { id: 'pten_loss', equation: 'ph.PTEN ->', rate: 'kx * ph.PTEN' };
    const doc = host('transformation', { reactions: [decay] });
    doc.parameters = [{ id: 'kx', value: 0.02, unit: '1/h' }];
    const cm = compileDoc(doc);
    const r = runCondition(cm, { tEnd: 100, steps: 200 });
    // score = 0.5 (1 - e^{-kt}) (HOXD10 at reference) reaches 0.3 at t = -ln(1 - 0.6)/k
    const tStar = -Math.log(1 - 0.3 / 0.5) / 0.02;
    expect(crossingTime(r, 'ph.transformed', 0.5, 'up')).toBeGreaterThan(tStar - 0.5);
    expect(crossingTime(r, 'ph.transformed', 0.5, 'up')).toBeLessThan(tStar + 0.5);
    expect(finalValue(r, 'ph.transformed')).toBe(1);
    // slower loss: never reaches theta within 100 h (max score 0.5 (1 - e^{-0.4}) = 0.16)
    const slow = runCondition(cm, { tEnd: 100, steps: 20, overrides: { kx: 0.004 } });
    expect(finalValue(slow, 'ph.transformed')).toBe(0);
  });
});
