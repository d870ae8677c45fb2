/**
 * Mechanism 8, uptake: compiles in a host, metadata complete, and matches hand-derived references: bolus depletion
 * of the medium exp(-N k_up t / V), uptake per cell k_up C t at a clamped concentration (~1e3 per day at 1e10/mL,
 * parameters.md §5), cytosolic delivery f_escape k_up c (t - (1 - e^{-kt})/k), endosomal half-life, targeting
 * gain only for receptor-positive cells, and an SSA ensemble whose mean follows the ODE.
 */
import { describe, expect, it } from 'vitest';
import { mechanism, LIGANDS } from '../../src/mechanisms/uptake/index.js';
import { compileDoc, runCondition, finalValue, valueAt, runEnsembleInProcess, ensembleStat } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

const LN2 = Math.log(2);
const KUP_DEFAULT = 2e-3 * 6.3e-13 * 3600; // L/h per cell

function host(opts: { clamp?: boolean; ev0?: number; miR0?: number; N?: number; targeting?: string; pre?: boolean } = {}): ModelDoc {
  const clamp = opts.clamp ?? false;
  const modOpts: Record<string, string> = { targeting: opts.targeting ?? 'none', cargo: opts.pre ? 'mature+pre' : 'mature' };
  const bind: Record<string, string> = { medium: 'well', cell: 'rc', EV: 'ev', EV_miR: 'evmir', miR: 'cyto_miR', N_cells: 'Nrec' };
  const species: NonNullable<ModelDoc['species']> = [
    { id: 'ev', compartment: 'well', initialAmount: opts.ev0 ?? 2e10, unit: 'exosome', hasOnlySubstanceUnits: true, boundaryCondition: clamp },
    { id: 'evmir', compartment: 'well', initialAmount: opts.miR0 ?? 2e10 * 0.00825, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: clamp },
    { id: 'cyto_miR', compartment: 'rc', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
  ];
  if (opts.pre) {
    species.push({ id: 'evpre', compartment: 'well', initialAmount: 1e8, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: clamp });
    bind.EV_pre = 'evpre';
  }
  return {
    exosim: '1', id: 'uptake_host', units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [{ id: 'well', size: 2, unit: 'mL' }, { id: 'rc', size: 1.4, unit: 'pL' }],
    species,
    parameters: [{ id: 'Nrec', value: opts.N ?? 1e5, unit: 'dimensionless' }],
    modules: [mechanism.module(modOpts)],
    instances: [{ id: 'up', module: 'uptake', bind }],
  };
}

describe('uptake mechanism', () => {
  it('metadata: number 8, ports exist, every parameter sourced with value inside its range, for every option', () => {
    expect(mechanism.number).toBe(8);
    for (const targeting of ['none', 'GE11', 'RVG', 'PS']) {
      for (const cargo of ['mature', 'mature+pre']) {
        const m = mechanism.module({ targeting, cargo });
        const ids = new Set([...(m.species ?? []).map((s) => s.id), ...(m.parameters ?? []).map((p) => p.id), ...(m.compartments ?? []).map((c) => c.id)]);
        for (const p of m.ports ?? []) expect(ids.has(p), p).toBe(true);
        for (const p of m.ports ?? []) expect(mechanism.ports.map((x) => x.id)).toContain(p);
        const computed = new Set((m.rules ?? []).map((r) => r.variable));
        for (const p of m.parameters ?? []) {
          if (computed.has(p.id)) { expect(p.value).toBeUndefined(); continue; }
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
    expect(() => mechanism.module({ targeting: 'magic' })).toThrow(/targeting/);
  });

  it('describe() names the key parameters with values', () => {
    const t = mechanism.describe().join(' ');
    for (const s of ['k_D', '6.3e-13', 'eta_bind', '2e-3', 'f_escape', '0.01', 't_half_lys', '1.5 h', 'ligand_gain']) expect(t).toContain(s);
    expect(mechanism.describe({ targeting: 'GE11' }).join(' ')).toContain('EGFR');
  });

  it('bolus: the medium is depleted as exp(-N k_up t / V); per cell uptake = (EV0 - EV)/N', () => {
    const N = 1e6, V = 2e-3; // L
    const c = compileDoc(host({ N }));
    const r = runCondition(c, { tEnd: 48, steps: 48, rtol: 1e-9 });
    const k = (N * KUP_DEFAULT) / V; // 1/h
    for (const t of [12, 24, 48]) expect(valueAt(r, 'ev', t) / 2e10).toBeCloseTo(Math.exp(-k * t), 6);
    expect(finalValue(r, 'up.EV_taken')).toBeCloseTo((2e10 - finalValue(r, 'ev')) / N, 3);
  });

  it('clamped 1e10/mL: ~1e3 exosomes per cell per day (parameters.md §5), delivery f_escape k_up c (t - (1-e^-kt)/k)', () => {
    const c = compileDoc(host({ clamp: true }));
    const r = runCondition(c, { tEnd: 24, steps: 48, rtol: 1e-10, atol: 1e-14 });
    const conc = 1e10 * 1e3; // exosome/L
    const perDay = KUP_DEFAULT * conc * 24;
    expect(finalValue(r, 'up.EV_taken')).toBeCloseTo(perDay, 3);
    expect(perDay).toBeGreaterThan(500);
    expect(perDay).toBeLessThan(2000);
    // cargo: c_m = 0.00825 copies/EV * conc; k = k_lys + k_esc = ln2/1.5 / (1 - f)
    const f = 0.01, k = LN2 / 1.5 / (1 - f);
    const inflow = KUP_DEFAULT * conc * 0.00825; // copies/h into endosomes
    for (const t of [2, 6, 24]) {
      const ref = f * inflow * (t - (1 - Math.exp(-k * t)) / k);
      expect(valueAt(r, 'up.miR_delivered', t) / ref).toBeCloseTo(1, 4);
      expect(valueAt(r, 'up.miR_endo', t) / ((inflow / k) * (1 - Math.exp(-k * t)))).toBeCloseTo(1, 4);
    }
  });

  it('endosomal cargo is lost with half-life t_half_lys (1 - f_escape): pulse then no uptake', () => {
    const doc = host({ ev0: 0, miR0: 0 });
    doc.species!.push({ id: 'x', compartment: 'rc', initialAmount: 1000, unit: 'molecule', hasOnlySubstanceUnits: true });
    doc.instances![0]!.bind!.miR_endo = 'x';
    const r = runCondition(compileDoc(doc), { tEnd: 6, steps: 60, rtol: 1e-10 });
    const k = LN2 / 1.5 / (1 - 0.01);
    expect(valueAt(r, 'x', 3) / 1000).toBeCloseTo(Math.exp(-k * 3), 6);
    expect(finalValue(r, 'cyto_miR') / (1000 * 0.01 * (1 - Math.exp(-k * 6)))).toBeCloseTo(1, 6);
  });

  it('targeting: GE11 raises uptake ligand_gain-fold in receptor-positive cells only', () => {
    const c = compileDoc(host({ clamp: true, targeting: 'GE11' }));
    const pos = finalValue(runCondition(c, { tEnd: 10, steps: 2 }), 'up.EV_taken');
    const neg = finalValue(runCondition(c, { tEnd: 10, steps: 2, overrides: { 'up.receptor': 0 } }), 'up.EV_taken');
    const untargeted = finalValue(runCondition(compileDoc(host({ clamp: true })), { tEnd: 10, steps: 2 }), 'up.EV_taken');
    expect(pos / neg).toBeCloseTo(LIGANDS.GE11.gain, 6);
    expect(neg / untargeted).toBeCloseTo(1, 8);
  });

  it('pre-miRNA cargo (mature+pre) is delivered with the same kinetics', () => {
    const c = compileDoc(host({ clamp: true, pre: true }));
    const r = runCondition(c, { tEnd: 24, steps: 24 });
    const ratio = finalValue(r, 'up.pre') / finalValue(r, 'cyto_miR');
    expect(ratio).toBeCloseTo(1e8 / (2e10 * 0.00825), 6);
  });

  it('stochastic: mean delivered copies per cell follows the ODE, and Poisson statistics hold', async () => {
    // a small dose (copy numbers ~1): clamp the medium, one representative cell (N_cells 0: the clamped medium
    // is not depleted, and the SSA does not fire the medium-side reactions of 1e5 cells)
    const doc = host({ clamp: true, ev0: 2e10, miR0: 2e10 * 0.00825 * 100, N: 0 });
    const c = compileDoc(doc);
    const ode = finalValue(runCondition(c, { tEnd: 24, steps: 4 }), 'up.miR_delivered');
    const n = 400;
    const ens = await runEnsembleInProcess(c, { tEnd: 24, steps: 4, solver: 'ssa-direct', replicates: n, seed: 7, keepTrajectories: true });
    const mean = ensembleStat(ens, 'up.miR_delivered', 'mean');
    const sd = ensembleStat(ens, 'up.miR_delivered', 'sd');
    const m = mean[mean.length - 1]!;
    expect(ode).toBeGreaterThan(0.5);
    expect(Math.abs(m - ode)).toBeLessThan(4 * (sd[sd.length - 1]! / Math.sqrt(n)) + 1e-9);
    // delivered copies are a thinned Poisson process: variance = mean (within sampling error)
    const v = sd[sd.length - 1]! ** 2;
    expect(Math.abs(v / m - 1)).toBeLessThan(0.25);
  });
});
