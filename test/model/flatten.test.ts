import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/expr/index.js';
import { flattenModel, loadModelText, parseEquation, type FlatModel } from '../../src/model/index.js';

function flat(text: string): FlatModel {
  const { loaded, diagnostics } = loadModelText(text, { file: 't.yaml' });
  expect(diagnostics).toEqual([]);
  const r = flattenModel(loaded!);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.flat!;
}

function rateAt(f: FlatModel, reactionId: string, env: Record<string, number>): number {
  const r = f.reactions.find((x) => x.id === reactionId)!;
  return evaluate(r.rate, (n) => {
    const v = env[n];
    if (v === undefined) throw new Error(`no value for ${n}`);
    return v;
  });
}

describe('parseEquation', () => {
  it('reads coefficients, both arrow kinds, sources and sinks', () => {
    expect(parseEquation('2 A + B -> C')).toEqual({ ok: true, reactants: [{ species: 'A', stoichiometry: 2 }, { species: 'B', stoichiometry: 1 }], products: [{ species: 'C', stoichiometry: 1 }], reversible: false });
    expect(parseEquation('A <-> B')).toMatchObject({ ok: true, reversible: true });
    expect(parseEquation('-> A')).toEqual({ ok: true, reactants: [], products: [{ species: 'A', stoichiometry: 1 }], reversible: false });
    expect(parseEquation('A ->')).toEqual({ ok: true, reactants: [{ species: 'A', stoichiometry: 1 }], products: [], reversible: false });
    expect(parseEquation('A + A -> 3*donor.B')).toEqual({ ok: true, reactants: [{ species: 'A', stoichiometry: 2 }], products: [{ species: 'donor.B', stoichiometry: 3 }], reversible: false });
    expect(parseEquation('A B -> C').ok).toBe(false);
    expect(parseEquation('A -> B -> C').ok).toBe(false);
    expect(parseEquation('A = B').ok).toBe(false);
  });
});

describe('flattenModel: named kinetic laws', () => {
  const base = `id: m
compartments: [{ id: cell, size: 2 }]
species:
  - { id: A, compartment: cell, initialConcentration: 1 }
  - { id: B, compartment: cell, initialConcentration: 1 }
  - { id: C, compartment: cell, initialConcentration: 1 }
  - { id: X, compartment: cell, initialAmount: 1, hasOnlySubstanceUnits: true }
  - { id: Y, compartment: cell, initialAmount: 1, hasOnlySubstanceUnits: true }
parameters:
  - { id: kf, value: 3 }
  - { id: kr, value: 5 }
  - { id: vmax, value: 7 }
  - { id: km, value: 11 }
  - { id: n, value: 2 }
`;
  it('massAction: V * (kf * A^2 * B - kr * C)', () => {
    const f = flat(`${base}reactions:\n  - { id: r, equation: 2 A + B <-> C, kinetics: { law: massAction, kf: kf, kr: kr } }\n  - { id: s, equation: X + Y -> , kinetics: { law: massAction, kf: kf } }\n  - { id: mm, equation: A -> B, kinetics: { law: michaelisMenten, vmax: vmax, km: km } }\n  - { id: h, equation: A -> C, kinetics: { law: hill, vmax: vmax, k: km, n: n } }\n`);
    const env = { cell: 2, A: 0.5, B: 1.5, C: 4, X: 6, Y: 9, kf: 3, kr: 5, vmax: 7, km: 11, n: 2 };
    expect(rateAt(f, 'r', env)).toBeCloseTo(2 * (3 * 0.25 * 1.5 - 5 * 4), 12);
    // all participants hasOnlySubstanceUnits: no volume factor
    expect(rateAt(f, 's', env)).toBeCloseTo(3 * 6 * 9, 12);
    expect(rateAt(f, 'mm', env)).toBeCloseTo(2 * 7 * 0.5 / (11 + 0.5), 12);
    expect(rateAt(f, 'h', env)).toBeCloseTo(2 * 7 * 0.25 / (121 + 0.25), 12);
    const r = f.reactions.find((x) => x.id === 'r')!;
    expect(r.reactants).toEqual([{ species: 'A', stoichiometry: 2 }, { species: 'B', stoichiometry: 1 }]);
    expect(r.reversible).toBe(true);
  });
});

describe('flattenModel: units', () => {
  it('converts parameters, sizes and initial values into model base units', () => {
    const f = flat(`id: m
units: { time: s, substance: mol, volume: L }
compartments: [{ id: cell, size: 2, unit: pL }]
species:
  - { id: A, compartment: cell, initialConcentration: 5, unit: nM }
  - { id: B, compartment: cell, initialAmount: 602.214076, unit: molecule }
  - { id: E, compartment: cell, initialAmount: 3, unit: exosome }
parameters:
  - { id: k, value: 6, unit: 1/min, range: [1, 10], source: "Doe 2020", confidence: medium }
  - { id: kon, value: 1, unit: 1/(nM*h) }
reactions:
  - { id: r, equation: A + B -> , rate: kon * A * B * cell }
observables:
  - { id: e, formula: E }
`);
    expect(f.compartments[0]!.size).toBeCloseTo(2e-12, 24);
    const A = f.species.find((s) => s.id === 'A')!;
    expect(A.initialKind).toBe('concentration');
    expect(A.initial).toBeCloseTo(5e-9, 21);
    expect(A.initial * A.outputFactor).toBeCloseTo(5, 12);
    const B = f.species.find((s) => s.id === 'B')!;
    expect(B.initialKind).toBe('amount');
    expect(B.initial).toBeCloseTo(1e-21, 33); // 602.214076 molecules = 1e-21 mol
    expect(f.species.find((s) => s.id === 'E')!.initial).toBe(3); // counts stay counts
    const k = f.parameters.find((p) => p.id === 'k')!;
    expect(k.value).toBeCloseTo(0.1, 14); // 6 per minute = 0.1 per second
    expect(k.range).toEqual([1, 10]); // ranges stay in declared units
    expect(k.source).toEqual({ citation: 'Doe 2020', confidence: 'medium' });
    // 1 /(nM h) = 1 / (1e-9 M * 3600 s) = 2.777...e5 /(M s)
    expect(f.parameters.find((p) => p.id === 'kon')!.value).toBeCloseTo(1 / (1e-9 * 3600), 3);
  });
  it('uses the model units as the base (time in min, substance in nmol, volume in fL)', () => {
    const f = flat(`id: m
units: { time: min, substance: nmol, volume: fL }
compartments: [{ id: cell, size: 1, unit: pL }]
species: [{ id: A, compartment: cell, initialAmount: 2, unit: pmol }]
parameters: [{ id: k, value: 0.5, unit: 1/s }]
reactions: [{ id: r, equation: A ->, rate: k * A * cell }]
`);
    expect(f.compartments[0]!.size).toBeCloseTo(1000, 9);
    expect(f.species[0]!.initial).toBeCloseTo(0.002, 15);
    expect(f.parameters[0]!.value).toBeCloseTo(30, 12);
    expect(f.units.time.text).toBe('min');
  });
});

describe('flattenModel: modules', () => {
  const text = `id: m
compartments:
  - { id: donor_cell, size: 2 }
  - { id: recipient_cell, size: 1 }
species:
  - { id: shared, compartment: donor_cell, initialAmount: 4 }
modules:
  - id: dicer
    ports: [substrate]
    compartments: [{ id: c, size: 1 }]
    species:
      - { id: substrate, compartment: c, initialAmount: 0 }
      - { id: product, compartment: c, initialAmount: 0 }
    parameters: [{ id: kcat, value: 1, unit: 1/s }]
    reactions:
      - { id: cut, equation: substrate -> product, rate: kcat * substrate * c }
  - id: cell_mod
    ports: [cyto, pre]
    compartments: [{ id: cyto, size: 1 }]
    species: [{ id: pre, compartment: cyto, initialAmount: 0 }]
    instances:
      - { id: dicer, module: dicer, bind: { substrate: pre }, set: { kcat: 2 } }
instances:
  - { id: donor, module: cell_mod, bind: { cyto: donor_cell, pre: shared }, set: { dicer.kcat: 3 } }
  - { id: recipient, module: cell_mod, bind: { cyto: recipient_cell } }
observables:
  - { id: donor_product, formula: donor.dicer.product }
`;
  it('instantiates recursively with dotted names, binds ports and applies overrides (outer wins)', () => {
    const f = flat(text);
    const ids = f.species.map((s) => s.id).sort();
    expect(ids).toEqual(['donor.dicer.product', 'recipient.dicer.product', 'recipient.pre', 'shared']);
    expect(f.compartments.map((c) => c.id).sort()).toEqual(['donor.dicer.c', 'donor_cell', 'recipient.dicer.c', 'recipient_cell']);
    const cut = f.reactions.find((r) => r.id === 'donor.dicer.cut')!;
    expect(cut.reactants).toEqual([{ species: 'shared', stoichiometry: 1 }]);
    expect(cut.products).toEqual([{ species: 'donor.dicer.product', stoichiometry: 1 }]);
    const v = evaluate(cut.rate, (n) => ({ 'donor.dicer.kcat': 10, shared: 3, 'donor.dicer.c': 0.5 })[n] ?? NaN);
    expect(v).toBeCloseTo(15, 12);
    expect(f.parameters.find((p) => p.id === 'donor.dicer.kcat')!.value).toBe(3);
    expect(f.parameters.find((p) => p.id === 'recipient.dicer.kcat')!.value).toBe(2);
    expect(f.species.find((s) => s.id === 'recipient.pre')!.compartment).toBe('recipient_cell');
    expect(f.locations.get('donor.dicer.kcat')?.line).toBe(14);
  });
  it('reports unknown modules, ports and overrides', () => {
    const bad = text.replace('module: dicer, bind: { substrate: pre }, set: { kcat: 2 }', 'module: dicr, bind: { substrat: pre }, set: { kcat: 2 }')
      .replace('set: { dicer.kcat: 3 }', 'set: { dicer.kcut: 3 }');
    const { loaded } = loadModelText(bad);
    const codes = flattenModel(loaded!).diagnostics.map((d) => d.code);
    expect(codes).toContain('E_UNKNOWN_MODULE');
    const { loaded: l2 } = loadModelText(text.replace('bind: { substrate: pre }', 'bind: { substrat: pre }').replace('set: { dicer.kcat: 3 }', 'set: { dicer.kcut: 3 }'));
    const ds = flattenModel(l2!).diagnostics;
    expect(ds.find((d) => d.code === 'E_UNKNOWN_PORT')?.hint).toMatch(/substrate/);
    expect(ds.find((d) => d.code === 'E_UNKNOWN_SYMBOL')?.hint).toMatch(/dicer\.kcat/);
  });
});
