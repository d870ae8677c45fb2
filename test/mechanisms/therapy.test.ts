/**
 * The therapy mechanism (SYSTEM.md 13): compiles when instanced in a small host model; its behaviour matches
 * independent references (the dose schedule counted by hand, first-order loading, the closed-form solution of
 * A + B -> C, the steady state of a sliced mRNA); every parameter is sourced; describe() names the values.
 */
import { describe, expect, it } from 'vitest';
import { mechanism, therapyOptions, uptakeOptions, THERAPY_PARAMETERS } from '../../src/mechanisms/therapy/index.js';
import { compileDoc, runCondition, valueAt, finalValue, runEnsembleInProcess, ensembleStat } from '../../src/scenarios/support.js';
import type { ModelDoc, ParameterDoc, SpeciesDoc } from '../../src/model/types.js';

const NA = 6.02214076e23;
const V_CELL_L = 1.4e-12; // host cell compartment, L

function host(payload: 'antimiR' | 'mimic' | 'siRNA', extra: Partial<ModelDoc> = {}, set: Record<string, number> = {}): ModelDoc {
  const species: SpeciesDoc[] = [
    { id: 'EV', compartment: 'medium', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
    { id: 'EV_cargo', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'cyto', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
  ];
  const bind: Record<string, string> = { medium: 'medium', cell: 'cell', EV: 'EV', EV_payload: 'EV_cargo', payload: 'cyto' };
  if (payload === 'siRNA') bind.mRNA = 'target';
  else bind.miRISC = 'risc';
  return {
    exosim: '1',
    id: `therapy_host_${payload}`,
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    modules: [mechanism.module({ payload })],
    compartments: [
      { id: 'medium', size: 2, unit: 'mL' },
      { id: 'cell', size: 1.4, unit: 'pL' },
    ],
    species: [...species, ...(extra.species ?? [])],
    parameters: extra.parameters ?? [],
    reactions: extra.reactions ?? [],
    ...(extra.initialAssignments ? { initialAssignments: extra.initialAssignments } : {}),
    instances: [{ id: 'tx', module: 'therapy', bind, set }],
  };
}

const riscSpecies = (n: number): SpeciesDoc => ({ id: 'risc', compartment: 'cell', initialAmount: n, unit: 'molecule', hasOnlySubstanceUnits: true });

describe('therapy mechanism: metadata and parameters', () => {
  it('is mechanism 13 with ports, options and references', () => {
    expect(mechanism.id).toBe('therapy');
    expect(mechanism.number).toBe(13);
    expect(mechanism.options.map((o) => o.name)).toEqual(['payload', 'route', 'dosing', 'ligand']);
    const off = mechanism.module({ payload: 'siRNA', dosing: 'off' });
    expect(off.ports).toEqual(['cell', 'payload', 'mRNA']);
    expect(off.events ?? []).toEqual([]);
    expect(mechanism.references.length).toBeGreaterThan(3);
    for (const p of ['antimiR', 'mimic', 'siRNA']) {
      const m = mechanism.module({ payload: p });
      expect(m.id).toBe('therapy');
      for (const port of m.ports ?? []) expect(mechanism.ports.some((q) => q.id === port), port).toBe(true);
    }
    expect(() => mechanism.module({ payload: 'aptamer' })).toThrow(/payload/);
    expect(therapyOptions({ route: 'iv' }).route).toBe('iv');
    expect(uptakeOptions({ ligand: 'GE11' })).toEqual({ targeting: 'GE11' });
    expect(uptakeOptions({})).toEqual({});
  });

  it('every parameter with a value has unit, range containing it, citation naming parameters.md, tag and confidence', () => {
    const all: ParameterDoc[] = [...THERAPY_PARAMETERS];
    for (const p of ['antimiR', 'mimic', 'siRNA']) all.push(...(mechanism.module({ payload: p }).parameters ?? []));
    for (const p of all) {
      if (p.id === 'doses_given' || p.id === 'dose_offset') continue; // schedule state, starts at 0, set by the dose event
      expect(p.unit, p.id).toBeTruthy();
      expect(p.range, p.id).toBeDefined();
      expect(p.value, p.id).toBeGreaterThanOrEqual(p.range![0]);
      expect(p.value, p.id).toBeLessThanOrEqual(p.range![1]);
      const src = p.source;
      expect(typeof src === 'object' && src !== null, p.id).toBe(true);
      if (typeof src !== 'object') continue;
      expect(src.citation, p.id).toMatch(/\d{4}|SYSTEM\.md/);
      if (!/protocol parameter/.test(src.citation ?? '')) expect(src.citation, p.id).toMatch(/parameters\.md §\d/);
      expect(['S', 'S2', 'C', 'D', 'R'], p.id).toContain(src.tag);
      expect(['high', 'medium', 'low'], p.id).toContain(p.confidence);
    }
  });

  it('describe() gives sentences naming the key parameters with their values', () => {
    const anti = mechanism.describe({ payload: 'antimiR' }).join(' ');
    expect(anti).toMatch(/k_on_anti = 1e7/);
    expect(anti).toMatch(/t_half_free = 24 h/);
    expect(anti).toMatch(/dose = 6e10/);
    const si = mechanism.describe({ payload: 'siRNA', route: 'iv', ligand: 'RVG' }).join(' ');
    expect(si).toMatch(/k_cleave = 0\.1/);
    expect(si).toMatch(/intravenously/);
    expect(si).toMatch(/RVG/);
    for (const s of mechanism.describe({ payload: 'mimic' })) expect(s).toMatch(/^[A-Z].*\.$/);
  });
});

describe('therapy mechanism: behaviour against independent references', () => {
  it('dose schedule: n doses at t_first + k*interval add dose and dose*payload_per_EV (counted by hand)', () => {
    const doc = host('mimic', { species: [riscSpecies(0)] }, { n_doses: 3, t_first: 5, interval: 10, dose: 1e9, payload_per_EV: 2 });
    const c = compileDoc(doc);
    const r = runCondition(c, { tEnd: 60, times: [0, 4.9, 5.1, 14.9, 15.1, 24.9, 25.1, 40, 60] });
    const ev = (t: number) => valueAt(r, 'EV', t);
    expect(ev(4.9)).toBe(0);
    expect(ev(5.1)).toBeCloseTo(1e9, -2);
    expect(ev(14.9)).toBeCloseTo(1e9, -2);
    expect(ev(15.1)).toBeCloseTo(2e9, -2);
    expect(ev(25.1)).toBeCloseTo(3e9, -2);
    expect(ev(60)).toBeCloseTo(3e9, -2); // no fourth dose
    expect(finalValue(r, 'EV_cargo')).toBeCloseTo(6e9, -2);
    expect(finalValue(r, 'tx.doses_given')).toBe(3);
  });

  it('a dose at t = 0 is given at the start (initialValue false), and the default is one dose', () => {
    const c = compileDoc(host('mimic', { species: [riscSpecies(0)] }));
    const r = runCondition(c, { tEnd: 100, steps: 10 });
    expect(valueAt(r, 'EV', 0)).toBeCloseTo(6e10, -3);
    expect(finalValue(r, 'EV')).toBeCloseTo(6e10, -3);
    expect(finalValue(r, 'EV_cargo')).toBeCloseTo(6e10 * 0.00825, -1);
  });

  it('mimic: cytosolic mimic joins miRISC with first-order loading, miRISC(t) = P0 (1 - exp(-k_load t))', () => {
    const doc = host('mimic', { species: [riscSpecies(0)] }, { dose: 0 });
    doc.species = doc.species!.map((s) => (s.id === 'cyto' ? { ...s, initialAmount: 500 } : s));
    const r = runCondition(compileDoc(doc), { tEnd: 2, times: [0, 0.1, 0.25, 0.5, 1, 2] });
    const k = 0.05 * 60; // 0.05 1/min in 1/h (parameters.md §3)
    for (const t of [0.1, 0.25, 0.5, 1, 2]) {
      expect(valueAt(r, 'risc', t)).toBeCloseTo(500 * (1 - Math.exp(-k * t)), 2);
      expect(valueAt(r, 'risc', t) + valueAt(r, 'cyto', t)).toBeCloseTo(500, 4); // conservation
    }
  });

  it('anti-miR: sequestration follows the closed-form solution of A + B -> C', () => {
    // decay switched off (very long half-lives) so that the reference is the exact second-order solution
    const doc = host('antimiR', { species: [riscSpecies(10)] }, { dose: 0, t_half_free: 1e12, t_half_blocked: 1e12 });
    doc.species = doc.species!.map((s) => (s.id === 'cyto' ? { ...s, initialAmount: 30 } : s));
    const times = [0.25, 0.5, 1, 2, 4];
    const r = runCondition(compileDoc(doc), { tEnd: 4, times: [0, ...times], rtol: 1e-10, atol: 1e-10 });
    // k' = k_on / (N_A V): 1e7 1/(M s) * 3600 s/h / (N_A * 1.4e-12 L) in 1/(molecule h)
    const kp = (1e7 * 3600) / (NA * V_CELL_L);
    const a = 30, b = 10;
    for (const t of times) {
      const B = (b * (a - b)) / (a * Math.exp((a - b) * kp * t) - b);
      expect(valueAt(r, 'risc', t) / B).toBeCloseTo(1, 4);
      expect(valueAt(r, 'tx.blocked', t)).toBeCloseTo(b - B, 4);
    }
    expect(valueAt(r, 'risc', 4)).toBeLessThan(0.5); // mostly sequestered by then
  });

  it('anti-miR: free anti-miR turnover has the 24 h half-life (no miRISC present)', () => {
    const doc = host('antimiR', { species: [riscSpecies(0)] }, { dose: 0 });
    doc.species = doc.species!.map((s) => (s.id === 'cyto' ? { ...s, initialAmount: 1000 } : s));
    const r = runCondition(compileDoc(doc), { tEnd: 48, times: [0, 24, 48] });
    expect(valueAt(r, 'cyto', 24)).toBeCloseTo(500, 3);
    expect(valueAt(r, 'cyto', 48)).toBeCloseTo(250, 3);
  });

  it('siRNA: steady state of a sliced mRNA, m* = k_tx / (k_deg + k_cleave S / (N_A V))', () => {
    // host mRNA: transcription 100 /h (Mihaila), decay t1/2 9 h (Schwanhausser); siRISC held constant by long half-life
    const extra: Partial<ModelDoc> = {
      species: [{ id: 'target', compartment: 'cell', initialAmount: 1298.4, unit: 'molecule', hasOnlySubstanceUnits: true }],
      parameters: [{ id: 'k_tx', value: 100, unit: 'molecule/h' }, { id: 't_half_m', value: 9, unit: 'h' }],
      reactions: [
        { id: 'transcription', equation: '-> target', rate: 'k_tx' },
        { id: 'deg', equation: 'target ->', rate: 'ln(2) / t_half_m * target' },
      ],
    };
    const doc = host('siRNA', extra, { dose: 0, t_half_siRISC: 1e12 });
    // 2000 siRNA copies in the cytosol at t = 0: loaded into siRISC within minutes (k_load 3 /h)
    doc.species = doc.species!.map((s) => (s.id === 'cyto' ? { ...s, initialAmount: 2000 } : s));
    const r = runCondition(compileDoc(doc), { tEnd: 200, times: [0, 100, 200], rtol: 1e-9, atol: 1e-9 });
    const kdeg = Math.log(2) / 9;
    const kcl = 0.1 / (1e-9 * NA * V_CELL_L); // 0.1 1/(nM h) -> 1/(molecule h): 1 nM in 1.4 pL = 843 copies
    const mStar = 100 / (kdeg + kcl * 2000);
    expect(finalValue(r, 'target') / mStar).toBeCloseTo(1, 4);
    // knock-down relative to the untreated steady state k_tx / k_deg
    expect(finalValue(r, 'target') / (100 / kdeg)).toBeLessThan(0.5);
  });

  it("dosing 'off': the intracellular action alone (siRNA loading into siRISC, conserved)", () => {
    const doc: ModelDoc = {
      exosim: '1', id: 'off_host', units: { time: 'h', substance: 'molecule', volume: 'pL' },
      modules: [mechanism.module({ payload: 'siRNA', dosing: 'off' })],
      compartments: [{ id: 'cell', size: 1.4, unit: 'pL' }],
      species: [
        { id: 'si', compartment: 'cell', initialAmount: 100, unit: 'molecule', hasOnlySubstanceUnits: true },
        { id: 'm', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      ],
      instances: [{ id: 'tx', module: 'therapy', bind: { cell: 'cell', payload: 'si', mRNA: 'm' }, set: { t_half_siRISC: 1e12 } }],
    };
    const r = runCondition(compileDoc(doc), { tEnd: 1, times: [0, 0.5, 1] });
    expect(valueAt(r, 'tx.siRISC', 0.5)).toBeCloseTo(100 * (1 - Math.exp(-3 * 0.5)), 3);
    expect(valueAt(r, 'tx.siRISC', 1) + valueAt(r, 'si', 1)).toBeCloseTo(100, 4);
  });

  it('stochastic: the dose event gives the exact count under SSA (one dose, nothing consumed)', async () => {
    const doc = host('mimic', { species: [riscSpecies(0)] }, { dose: 1000, payload_per_EV: 3, t_first: 1, n_doses: 2, interval: 4 });
    const c = compileDoc(doc);
    const res = await runEnsembleInProcess(c, { tEnd: 8, times: [0, 0.5, 2, 8], solver: 'ssa-direct', replicates: 5, seed: 1 });
    expect(ensembleStat(res, 'EV')).toEqual([0, 0, 1000, 2000]);
    expect(ensembleStat(res, 'EV_cargo')).toEqual([0, 0, 3000, 6000]);
  });
});
