/**
 * Therapy design (issue 6): knock-down of the target in tumour and off-target organs, and the dose search.
 * References are independent of the code under test: the target-silencing module's steady-state formula
 * (README: C = r m / K_t, m = k_tx / (k_m (1 + decay_fold r / K_t)), protein = k_tl (m + rho_tl C) / k_p) evaluated
 * at the simulated total miRISC; monotonicity in the dose; the dose x loading invariance of a linear delivery
 * chain; the root's verification by an independent re-simulation.
 */
import { describe, expect, it } from 'vitest';
import {
  buildTherapyDesignModel, exosomesFromUg, ohnoDesign, overridesOf, readKnockdown, simulateTherapy, solveDose,
  T_WARM, validateDesign, type TherapyDesign,
} from '../../src/analysis/therapy-design.js';
import { compileDoc, runCondition, valueAt } from '../../src/scenarios/support.js';
import { mechanism as targetSilencing } from '../../src/mechanisms/target-silencing/index.js';
import { isExosimError } from '../../src/diagnostics.js';

const N_A = 6.02214076e23;

/** Steady-state target protein at a total miRISC pool R_T (free r + target-bound C), from the README formulas. */
function steadyProtein(RT: number): number {
  const p = Object.fromEntries((targetSilencing.module().parameters ?? []).map((q) => [q.id, q.value ?? NaN]));
  const km = Math.LN2 / p.t_half_mRNA!, kp = Math.LN2 / p.t_half_protein!;
  const kon = p.k_on! * 3600 * p.n_sites!; // 1/(M h)
  const koff = p.k_on! * 3600 * p.Kd! * 1e-12; // 1/h
  const Kt = ((koff + p.decay_fold! * km) * 1.4e-12 * N_A) / kon; // molecules (V = 1.4 pL)
  const m = (r: number) => p.k_tx! / (km * (1 + (p.decay_fold! * r) / Kt));
  const total = (r: number) => r + (r * m(r)) / Kt;
  let lo = 0, hi = RT; // total(r) increases in r: bisection for total(r) = R_T
  for (let i = 0; i < 200; i++) { const mid = (lo + hi) / 2; if (total(mid) < RT) lo = mid; else hi = mid; }
  const r = (lo + hi) / 2, C = (r * m(r)) / Kt;
  return (p.k_tl! * (m(r) + p.rho_tl! * C)) / kp;
}

describe('therapy design: knock-down at a dose', () => {
  it('equals the silencing module\'s steady-state formula at the delivered miRISC (single in-vitro dose, quasi-constant input)', () => {
    // 1e3 cells in 1 mL barely deplete the well (N k_up / V ~ 5e-6 /h): delivery is constant, the target follows
    // the slowly rising miRISC pool quasi-statically (mRNA 9 h, protein 46 h)
    const d: TherapyDesign = { payload: 'mimic', copiesPerEV: 1e3, ligand: 'none', route: 'in-vitro', dose: 6e10, nDoses: 1, interval_h: 24, tEnd_h: 3000, step_h: 100, set: { 'tum.N0_A': 1e3 } };
    const course = simulateTherapy(d);
    const compiled = compileDoc(buildTherapyDesignModel({ payload: 'mimic', ligand: 'none', route: 'in-vitro', organs: [] }));
    const run = (dose: number) => runCondition(compiled, { tStart: -T_WARM, tEnd: 3000, times: [0, 3000], set: { ...overridesOf({ ...d, dose }) } });
    const treated = run(d.dose), ctrl = run(0);
    const RT = (res: ReturnType<typeof run>) => valueAt(res, 'RISC', 3000) + valueAt(res, 'tgt.mRNA_bound', 3000) + valueAt(res, 'mimic', 3000);
    const kdRef = 1 - steadyProtein(RT(treated)) / steadyProtein(RT(ctrl));
    const kd = readKnockdown(course, 'tumour', 'end');
    expect(RT(treated)).toBeGreaterThan(100); // a real knock-down regime, not the trivial one
    expect(kdRef).toBeGreaterThan(0.1);
    expect(Math.abs(kd - kdRef)).toBeLessThan(0.01);
  });

  it('rises monotonically with the dose and depends on dose and loading only through their product', () => {
    const base = ohnoDesign(1e4);
    const doses = [1e8, 1e9, 1e10, 1e11];
    const kd = doses.map((dose) => readKnockdown(simulateTherapy({ ...base, dose }), 'tumour', 'peak'));
    for (let i = 1; i < kd.length; i++) expect(kd[i]!).toBeGreaterThan(kd[i - 1]!);
    expect(kd[0]!).toBeGreaterThan(0);
    // first-order transport and uptake: 10x the exosomes with 1/10 the copies deliver the same payload
    const a = simulateTherapy({ ...base, dose: 2e9, copiesPerEV: 1e3 });
    const b = simulateTherapy({ ...base, dose: 2e8, copiesPerEV: 1e4 });
    for (const s of a.sites) expect(readKnockdown(a, s, 'peak')).toBeCloseTo(readKnockdown(b, s, 'peak'), 4);
  });

  it('GE11 targeting raises the tumour knock-down relative to the off-target organs', () => {
    const ge11 = simulateTherapy(ohnoDesign(1e4));
    const none = simulateTherapy({ ...ohnoDesign(1e4), ligand: 'none' });
    const kd = (c: typeof ge11, s: 'tumour' | 'liver' | 'spleen' | 'lung') => readKnockdown(c, s, 'peak');
    expect(kd(ge11, 'tumour')).toBeGreaterThan(1.3 * kd(none, 'tumour'));
    for (const o of ['liver', 'spleen', 'lung'] as const) {
      // EGFR-negative organs: their capture constants do not change (the endocrine module's plasma clearance k10 is
      // fixed; the tumour's larger share comes out of the rest of the body), so neither does their knock-down
      expect(kd(ge11, o)).toBeCloseTo(kd(none, o), 4);
      expect(kd(ge11, 'tumour') / kd(ge11, o)).toBeGreaterThan(kd(none, 'tumour') / kd(none, o));
    }
  });
});

describe('therapy design: dose search', () => {
  it('finds the dose for 20 % and 50 % tumour knock-down; re-simulation matches within tolerance', () => {
    const d = ohnoDesign(1e4);
    const s20 = solveDose(d, { knockdown: 0.2, site: 'tumour' });
    const s50 = solveDose(d, { knockdown: 0.5, site: 'tumour' });
    for (const [s, k] of [[s20, 0.2], [s50, 0.5]] as const) {
      expect(s.feasible).toBe(true);
      expect(s.verified).toBe(true);
      // an independent re-simulation at the reported dose
      const again = readKnockdown(simulateTherapy({ ...d, dose: s.dose }), 'tumour', 'peak');
      expect(Math.abs(again - k)).toBeLessThan(0.005);
      // bracketing: 0.8x and 1.25x the dose fall below and above the target
      expect(readKnockdown(simulateTherapy({ ...d, dose: 0.8 * s.dose }), 'tumour', 'peak')).toBeLessThan(k);
      expect(readKnockdown(simulateTherapy({ ...d, dose: 1.25 * s.dose }), 'tumour', 'peak')).toBeGreaterThan(k);
      expect(Object.keys(s.knockdowns).sort()).toEqual(['liver', 'lung', 'spleen', 'tumour']);
    }
    expect(s50.dose).toBeGreaterThan(s20.dose);
    expect(s50.doseUg).toBeCloseTo((s50.dose * 6e-16) / 1e-6, 6);
  });

  it('siRNA payload, knock-down read at a time point, off-target organ as the site', () => {
    const d: TherapyDesign = { payload: 'siRNA', copiesPerEV: 100, ligand: 'none', route: 'iv', dose: 1e10, nDoses: 1, interval_h: 24, tEnd_h: 168, organs: ['liver'] };
    const s = solveDose(d, { knockdown: 0.5, site: 'liver', readout: { at: 72 } });
    expect(s.feasible && s.verified).toBe(true);
    expect(Math.abs(readKnockdown(simulateTherapy({ ...d, dose: s.dose }), 'liver', { at: 72 }) - 0.5)).toBeLessThan(0.005);
  });

  it('says when no dose in the range is feasible at natural loading, and gives the dose beyond it (verified)', () => {
    const d = { ...ohnoDesign(), tEnd_h: 336, nDoses: 2 };
    const s = solveDose(d, { knockdown: 0.5, site: 'tumour', hi: 1e13 });
    expect(s.feasible).toBe(false);
    expect(s.atHi).toBeLessThan(0.5);
    expect(s.statement).toMatch(/No dose up to/);
    expect(s.beyondBracket?.verified).toBe(true);
    expect(s.beyondBracket!.dose).toBeGreaterThan(1e13);
  });
});

describe('therapy design: invalid input', () => {
  const err = (f: () => unknown): string => {
    try { f(); } catch (e) { if (isExosimError(e)) return e.diagnostics.map((x) => `${x.code}: ${x.message}`).join('\n'); throw e; }
    return '';
  };
  it('rejects bad designs and queries with E_THERAPY_DESIGN', () => {
    expect(err(() => validateDesign({ ...ohnoDesign(), payload: 'shRNA' as never }))).toMatch(/E_THERAPY_DESIGN: payload 'shRNA'/);
    expect(err(() => validateDesign({ ...ohnoDesign(), copiesPerEV: 1e5 }))).toMatch(/exceed 10000/);
    expect(err(() => validateDesign({ ...ohnoDesign(), nDoses: 0 }))).toMatch(/number of doses/);
    expect(err(() => solveDose(ohnoDesign(1e4), { knockdown: 50, site: 'tumour' }))).toMatch(/E_THERAPY_DESIGN: target knock-down must be a fraction/);
    expect(err(() => solveDose(ohnoDesign(1e4), { knockdown: 0.5, site: 'brain' }))).toMatch(/site 'brain' is not simulated/);
    expect(exosomesFromUg(1)).toBeCloseTo(1e-6 / 6e-16, 0);
  });
});
