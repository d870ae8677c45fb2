import { describe, expect, it } from 'vitest';
import { importSbml } from '../../src/sbml/index.js';
import { compileModel } from '../../src/compile/compile.js';
import { simulate } from '../../src/simulate.js';
import type { FlatModel } from '../../src/model/types.js';
import { collectCalls } from '../../src/expr/traverse.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { ExosimError } from '../../src/diagnostics.js';
import { describeModel } from '../../src/model/describe.js';

const L3 = 'http://www.sbml.org/sbml/level3/version2/core';
const L2 = 'http://www.sbml.org/sbml/level2/version4';
const MML = 'http://www.w3.org/1998/Math/MathML';

function doc(body: string, opts: { ns?: string; level?: number; version?: number; extra?: string } = {}): string {
  const ns = opts.ns ?? L3;
  return `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="${ns}" level="${opts.level ?? 3}" version="${opts.version ?? 2}"${opts.extra ?? ''}>
  <model id="m">
${body}
  </model>
</sbml>`;
}
const math = (inner: string) => `<math xmlns="${MML}">${inner}</math>`;

/** An SBML L3V1 document (the last version with the `fast` attribute). */
const L3L1 = (body: string) => doc(body, { ns: 'http://www.sbml.org/sbml/level3/version1/core', level: 3, version: 1 });

function flatOf(text: string): FlatModel {
  const r = importSbml(text, { file: 't.xml' });
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errs).toEqual([]);
  expect(r.flat).toBeDefined();
  return r.flat!;
}

function run(flat: FlatModel, tEnd: number, steps = 10) {
  const res = simulate(compileModel(flat), { tEnd, steps, rtol: 1e-10, atol: 1e-14, solver: 'ode-bdf' });
  const col = (id: string) => {
    const k = res.columns.findIndex((c) => c.id === id);
    expect(k).toBeGreaterThanOrEqual(0);
    return Array.from(res.values[k]!);
  };
  return { t: Array.from(res.time), col };
}

const decayModel = (extraSpecies = '', k = '0.7') => doc(`
    <listOfCompartments><compartment id="C" size="2" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="C" initialConcentration="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
      <species id="B" compartment="C" initialConcentration="0" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>${extraSpecies}
    </listOfSpecies>
    <listOfParameters><parameter id="k" value="${k}" constant="true"/></listOfParameters>
    <listOfReactions>
      <reaction id="R1" reversible="false">
        <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
        <listOfProducts><speciesReference species="B" constant="true"/></listOfProducts>
        <kineticLaw>${math('<apply><times/><ci>k</ci><ci>A</ci><ci>C</ci></apply>')}</kineticLaw>
      </reaction>
    </listOfReactions>`);

describe('importSbml: structure', () => {
  it('imports compartments, species, parameters and reactions', () => {
    const r = importSbml(decayModel(), { file: 'decay.xml' });
    expect(r.info).toMatchObject({ level: 3, version: 2, speciesIds: ['A', 'B'], compartmentOf: { A: 'C', B: 'C' } });
    const f = r.flat!;
    expect(f.compartments).toMatchObject([{ id: 'C', size: 2, constant: true }]);
    expect(f.species.map((s) => [s.id, s.initial, s.initialKind, s.hasOnlySubstanceUnits])).toEqual([
      ['A', 1, 'concentration', false],
      ['B', 0, 'concentration', false],
    ]);
    expect(f.parameters).toMatchObject([{ id: 'k', value: 0.7, constant: true }]);
    expect(f.reactions).toHaveLength(1);
    const rx = f.reactions[0]!;
    expect(rx.reactants).toEqual([{ species: 'A', stoichiometry: 1 }]);
    expect(rx.products).toEqual([{ species: 'B', stoichiometry: 1 }]); // L3: absent stoichiometry = 1
    expect(rx.reversible).toBe(false);
    expect(f.locations.get('A')).toMatchObject({ file: 'decay.xml' });
    expect(f.locations.get('A')!.line).toBeGreaterThan(1);
  });

  it('renames reserved-word ids consistently (pi -> pi_)', () => {
    const f = flatOf(doc(`
    <listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="A" compartment="C" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="pi" value="0.5" constant="true"/></listOfParameters>
    <listOfReactions><reaction id="R" reversible="false">
      <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
      <kineticLaw>${math('<apply><times/><ci>pi</ci><ci>A</ci></apply>')}</kineticLaw>
    </reaction></listOfReactions>`));
    expect(f.parameters.map((p) => p.id)).toEqual(['pi_']);
    const { t, col } = run(f, 2);
    // dA/dt = -0.5 A (the parameter, not 3.14159...)
    col('A').forEach((a, i) => expect(a).toBeCloseTo(Math.exp(-0.5 * t[i]!), 8));
  });
});

describe('importSbml: numerics against analytic solutions', () => {
  it('A -> B mass action with concentration semantics in a compartment of size 2', () => {
    // rate = k [A] V (substance/time) => d[A]/dt = -k [A]: [A] = exp(-k t), [B] = 1 - exp(-k t)
    const { t, col } = run(flatOf(decayModel()), 3);
    const A = col('A');
    const B = col('B');
    t.forEach((ti, i) => {
      expect(A[i]!).toBeCloseTo(Math.exp(-0.7 * ti), 8);
      expect(B[i]!).toBeCloseTo(1 - Math.exp(-0.7 * ti), 8);
    });
  });

  it('hasOnlySubstanceUnits: the symbol is the amount', () => {
    // rate = k * A(amount) => A(t) = 3 exp(-k t) mol regardless of the size 2
    const f = flatOf(doc(`
    <listOfCompartments><compartment id="C" size="2" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="A" compartment="C" initialAmount="3" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="k" value="0.4" constant="true"/></listOfParameters>
    <listOfReactions><reaction id="R" reversible="false">
      <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
      <kineticLaw>${math('<apply><times/><ci>k</ci><ci>A</ci></apply>')}</kineticLaw>
    </reaction></listOfReactions>`));
    expect(f.species[0]).toMatchObject({ initial: 3, initialKind: 'amount', hasOnlySubstanceUnits: true });
    const { t, col } = run(f, 4);
    col('A').forEach((a, i) => expect(a).toBeCloseTo(3 * Math.exp(-0.4 * t[i]!), 8));
  });

  it('a local parameter shadows the global one in its own kinetic law only', () => {
    const text = decayModel('', '100').replace(
      '<kineticLaw>',
      '<kineticLaw><listOfLocalParameters><localParameter id="k" value="0.25"/></listOfLocalParameters>',
    );
    const f = flatOf(text);
    expect(f.parameters.map((p) => [p.id, p.value])).toEqual([
      ['k', 100],
      ['R1.k', 0.25],
    ]);
    const { t, col } = run(f, 2);
    col('A').forEach((a, i) => expect(a).toBeCloseTo(Math.exp(-0.25 * t[i]!), 8));
  });

  it('Level 2 kineticLaw/listOfParameters are local parameters too', () => {
    const f = flatOf(doc(`
    <listOfCompartments><compartment id="C" size="1"/></listOfCompartments>
    <listOfSpecies><species id="A" compartment="C" initialAmount="2"/></listOfSpecies>
    <listOfReactions><reaction id="R" reversible="false">
      <listOfReactants><speciesReference species="A"/></listOfReactants>
      <kineticLaw>${math('<apply><times/><ci>k</ci><ci>A</ci></apply>')}<listOfParameters><parameter id="k" value="1.5"/></listOfParameters></kineticLaw>
    </reaction></listOfReactions>`, { ns: L2, level: 2, version: 4 }));
    expect(f.parameters.map((p) => p.id)).toEqual(['R.k']);
    const { t, col } = run(f, 1);
    col('A').forEach((a, i) => expect(a).toBeCloseTo(2 * Math.exp(-1.5 * t[i]!), 8));
  });

  it('an event at t = 1 resets a decaying species', () => {
    // dA/dt = -A; at t = 1, A := 5 => A = exp(-t) for t < 1, 5 exp(-(t - 1)) after
    const f = flatOf(doc(`
    <listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="A" compartment="C" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfReactions><reaction id="R" reversible="false">
      <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
      <kineticLaw>${math('<ci>A</ci>')}</kineticLaw>
    </reaction></listOfReactions>
    <listOfEvents><event id="E" useValuesFromTriggerTime="true">
      <trigger initialValue="false" persistent="true">${math('<apply><geq/><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><cn>1</cn></apply>')}</trigger>
      <listOfEventAssignments><eventAssignment variable="A">${math('<cn>5</cn>')}</eventAssignment></listOfEventAssignments>
    </event></listOfEvents>`));
    expect(f.events).toHaveLength(1);
    expect(f.events[0]).toMatchObject({ id: 'E', initialValue: false, persistent: true, useValuesFromTriggerTime: true });
    const { t, col } = run(f, 3, 30);
    const A = col('A');
    t.forEach((ti, i) => {
      if (Math.abs(ti - 1) < 1e-9) return; // the row at the event time itself
      const exact = ti < 1 ? Math.exp(-ti) : 5 * Math.exp(-(ti - 1));
      expect(A[i]!).toBeCloseTo(exact, 6);
    });
  });

  it('an assignment rule defines a parameter from a species', () => {
    const text = decayModel().replace(
      '<parameter id="k" value="0.7" constant="true"/>',
      '<parameter id="k" value="0.7" constant="true"/><parameter id="y" constant="false"/>',
    ).replace('<listOfReactions>', `<listOfRules><assignmentRule variable="y">${math('<apply><times/><cn>2</cn><ci>A</ci></apply>')}</assignmentRule></listOfRules>\n<listOfReactions>`);
    const f = flatOf(text);
    expect(f.assignmentRules.map((r) => r.variable)).toEqual(['y']);
    const { t, col } = run(f, 2);
    col('y').forEach((y, i) => expect(y).toBeCloseTo(2 * Math.exp(-0.7 * t[i]!), 8));
  });

  it('Level 2 event defaults: a trigger already true at t0 does not fire', () => {
    const f = flatOf(doc(`
    <listOfCompartments><compartment id="C" size="1"/></listOfCompartments>
    <listOfParameters><parameter id="p" value="1" constant="false"/></listOfParameters>
    <listOfEvents><event>
      <trigger>${math('<apply><geq/><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><cn>0</cn></apply>')}</trigger>
      <listOfEventAssignments><eventAssignment variable="p">${math('<cn>7</cn>')}</eventAssignment></listOfEventAssignments>
    </event></listOfEvents>`, { ns: L2, level: 2, version: 4 }));
    expect(f.events[0]).toMatchObject({ id: 'event_1', initialValue: true, persistent: true, useValuesFromTriggerTime: true });
  });
});

describe('importSbml: constant species-reference stoichiometry (SBML L3 speciesReference id)', () => {
  // Reaction R: -> nA A at constant flux k = 0.5 (substance/time). The stoichiometry nA is set by an initial
  // assignment nA = B, B the concentration of species B at t0: 6 mol / 2 L = 3. So dA/dt = 3 k and
  // A(t) = 1.5 t (amount, hasOnlySubstanceUnits); the id nA used in math means 3 (q = 10 nA = 30).
  const model = (extra = '') => doc(`
    <listOfCompartments><compartment id="C" size="2" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="C" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
      <species id="B" compartment="C" initialAmount="6" hasOnlySubstanceUnits="false" boundaryCondition="true" constant="false"/>
    </listOfSpecies>
    <listOfParameters><parameter id="k" value="0.5" constant="true"/><parameter id="q" constant="false"/></listOfParameters>
    <listOfInitialAssignments><initialAssignment symbol="nA">${math('<ci>B</ci>')}</initialAssignment></listOfInitialAssignments>
    <listOfRules><assignmentRule variable="q">${math('<apply><times/><cn>10</cn><ci>nA</ci></apply>')}</assignmentRule>${extra}</listOfRules>
    <listOfReactions>
      <reaction id="R" reversible="false">
        <listOfProducts><speciesReference id="nA" species="A" stoichiometry="1" constant="true"/></listOfProducts>
        <kineticLaw>${math('<ci>k</ci>')}</kineticLaw>
      </reaction>
    </listOfReactions>`);

  it('evaluates the initial assignment at t0 and uses the id in math as a constant parameter', () => {
    const f = flatOf(model());
    expect(f.reactions[0]!.products).toEqual([{ species: 'A', stoichiometry: 3 }]);
    expect(f.parameters.find((p) => p.id === 'nA')).toMatchObject({ value: 3, constant: true });
    expect(f.initialAssignments.map((r) => r.variable)).not.toContain('nA');
    const { t, col } = run(f, 4, 4);
    const a = col('A');
    t.forEach((ti, i) => expect(a[i]).toBeCloseTo(1.5 * ti, 8));
  });

  it('a math-less L3V2 rule to a species reference has no effect; a rule with math makes the stoichiometry variable', () => {
    const noMath = flatOf(model('<rateRule variable="nA"/>'));
    expect(noMath.reactions[0]!.products[0]!.stoichiometry).toBe(3);
    const code = (text: string) => importSbml(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    // with math, the rule makes the stoichiometry vary: the id becomes a non-constant parameter used as the stoichiometry
    const varying = flatOf(model(`<rateRule variable="nA">${math('<cn>1</cn>')}</rateRule>`).replace('constant="true"/></listOfProducts>', 'constant="false"/></listOfProducts>'));
    expect(varying.parameters.find((p) => p.id === 'nA')).toMatchObject({ constant: false });
    expect(varying.reactions[0]!.products[0]!.stoichiometryExpr).toEqual({ kind: 'id', name: 'nA' });
    void code;
  });
});

describe('importSbml: constant stoichiometryMath (L2) and conversion factors (L3)', () => {
  // A -> B with kinetic law k*A*C (substance/time, C = 2): amount_A' = -k*amount_A, so [A] = exp(-k t).
  it('stoichiometryMath constant in time is evaluated once at t0 (through a function definition)', () => {
    const k = 0.7;
    const text = doc(`
    <listOfFunctionDefinitions><functionDefinition id="f">${math('<lambda><bvar><ci>x</ci></bvar><apply><times/><cn>2</cn><ci>x</ci></apply></lambda>')}</functionDefinition></listOfFunctionDefinitions>
    <listOfCompartments><compartment id="C" size="2"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="C" initialConcentration="1"/>
      <species id="B" compartment="C" initialConcentration="0"/>
    </listOfSpecies>
    <listOfParameters><parameter id="k" value="${k}"/><parameter id="p1" value="1.5" constant="false"/><parameter id="q" value="9"/></listOfParameters>
    <listOfInitialAssignments><initialAssignment symbol="q">${math('<apply><divide/><cn>1</cn><ci>C</ci></apply>')}</initialAssignment></listOfInitialAssignments>
    <listOfReactions>
      <reaction id="R1" reversible="false">
        <listOfReactants><speciesReference species="A"><stoichiometryMath>${math('<apply><times/><ci>q</ci><ci>C</ci></apply>')}</stoichiometryMath></speciesReference></listOfReactants>
        <listOfProducts><speciesReference species="B"><stoichiometryMath>${math('<apply><ci>f</ci><ci>p1</ci></apply>')}</stoichiometryMath></speciesReference></listOfProducts>
        <kineticLaw>${math('<apply><times/><ci>k</ci><ci>A</ci><ci>C</ci></apply>')}</kineticLaw>
      </reaction>
    </listOfReactions>`, { ns: L2, level: 2, version: 4 });
    const flat = flatOf(text);
    // reactant: q*C with q = 1/C by initial assignment -> 1; product: f(p1) = 2*1.5 = 3 (p1 has no rule: constant)
    expect(flat.reactions[0]!.reactants[0]!.stoichiometry).toBeCloseTo(1, 14);
    expect(flat.reactions[0]!.products[0]!.stoichiometry).toBe(3);
    const { t, col } = run(flat, 2);
    const A = col('A');
    const B = col('B');
    t.forEach((ti, i) => {
      expect(A[i]).toBeCloseTo(Math.exp(-k * ti), 7);
      expect(B[i]).toBeCloseTo(3 * (1 - Math.exp(-k * ti)), 7);
    });
  });

  it('conversion factors multiply the stoichiometry; the species-level one overrides the model-level one', () => {
    const k = 0.7;
    // model-level cf = 2 (applies to A), species-level cb = 1.5*2 = 3 by initial assignment (applies to B).
    // amount_A' = -2*k*amount_A -> [A] = exp(-2 k t); amount_B' = 3*k*amount_A -> amount_B = 3*(1 - exp(-2 k t))
    // (amount_A(0) = 2), [B] = amount_B / 2.
    const text = decayModel('', String(k))
      .replace('<model id="m">', '<model id="m" conversionFactor="cf">')
      .replace('<species id="B" compartment="C"', '<species id="B" conversionFactor="cb" compartment="C"')
      .replace('</listOfParameters>', '<parameter id="cf" value="2" constant="true"/><parameter id="cb" value="7" constant="true"/></listOfParameters>')
      .replace('<listOfReactions>', `<listOfInitialAssignments><initialAssignment symbol="cb">${math('<apply><times/><cn>1.5</cn><cn>2</cn></apply>')}</initialAssignment></listOfInitialAssignments><listOfReactions>`);
    const flat = flatOf(text);
    expect(flat.reactions[0]!.reactants[0]!.stoichiometry).toBe(2);
    expect(flat.reactions[0]!.products[0]!.stoichiometry).toBe(3);
    const { t, col } = run(flat, 2);
    const A = col('A');
    const B = col('B');
    t.forEach((ti, i) => {
      expect(A[i]).toBeCloseTo(Math.exp(-2 * k * ti), 7);
      expect(B[i]).toBeCloseTo((3 * (1 - Math.exp(-2 * k * ti))) / 2, 7);
    });
  });
});

describe('importSbml: refusals', () => {
  const code = (text: string) => importSbml(text, { file: 'x.xml' }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  const species = `<listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="A" compartment="C" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="p" value="1" constant="false"/></listOfParameters>`;

  it('not SBML', () => {
    expect(code('<foo/>')).toEqual(['E_SBML_NOT_SBML']);
    expect(code(`<sbml xmlns="http://example.org/x"/>`)).toEqual(['E_SBML_NOT_SBML']);
  });
  it('algebraic rules: a linear rule becomes an assignment rule for the variable it determines', () => {
    // 0 = p + 2 A - 3, A changed by a reaction, p a non-constant parameter: p = 3 - 2 A (A's concentration)
    const rule = math('<apply><minus/><apply><plus/><ci>p</ci><apply><times/><cn>2</cn><ci>A</ci></apply></apply><cn>3</cn></apply>');
    const r = importSbml(decayModel().replace('<listOfReactions>', `<listOfRules><algebraicRule>${rule}</algebraicRule></listOfRules><listOfReactions>`)
      .replace('</listOfParameters>', '<parameter id="p" constant="false"/></listOfParameters>'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ar = r.flat!.assignmentRules.find((x) => x.variable === 'p')!;
    for (const A of [0, 0.5, 7]) expect(evaluate(ar.expr, (n) => (n === 'A' ? A : NaN))).toBeCloseTo(3 - 2 * A, 14);
  });
  it('algebraic rules: an over-determined rule is an error with file:line', () => {
    const r = importSbml(doc(`${species.replace('</listOfParameters>', '<parameter id="q" value="1" constant="true"/></listOfParameters>')}<listOfRules><algebraicRule>${math('<ci>q</ci>')}</algebraicRule></listOfRules>`), { file: 'x.xml' });
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.message).toMatch(/determines no variable/);
    expect(d.file).toBe('x.xml');
    expect(d.line).toBeGreaterThan(1);
    expect(r.flat).toBeUndefined();
  });
  it('delay() and rateOf() pass through to the compiler as calls', () => {
    const delay = `<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol><ci>A</ci><cn>1</cn></apply>`;
    const rateOf = `<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/rateOf">rateOf</csymbol><ci>A</ci></apply>`;
    for (const [m, fn] of [[delay, 'delay'], [rateOf, 'rateOf']] as const) {
      const r = importSbml(doc(`${species}<listOfRules><assignmentRule variable="p">${math(m)}</assignmentRule></listOfRules>`));
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const rule = r.flat!.assignmentRules.find((x) => x.variable === 'p')!;
      expect([...collectCalls(rule.expr)]).toContain(fn);
    }
  });
  it('packages are refused by name (fbc), layout is ignored with a warning', () => {
    const fbc = doc(`${species}`, { extra: ' xmlns:fbc="http://www.sbml.org/sbml/level3/version1/fbc/version2" fbc:required="false"' });
    const r = importSbml(fbc);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E_SBML_UNSUPPORTED']);
    expect(r.diagnostics[0]!.message).toMatch(/fbc package \(flux balance/);
    const layout = doc(`${species}`, { extra: ' xmlns:layout="http://www.sbml.org/sbml/level3/version1/layout/version1" layout:required="false"' });
    const rl = importSbml(layout);
    expect(rl.flat).toBeDefined();
    expect(rl.diagnostics.map((d) => d.code)).toEqual(['W_SBML_PACKAGE_IGNORED']);
  });
  it('missing required attributes give E_SBML_INVALID with a line', () => {
    const r = importSbml(doc(`<listOfCompartments><compartment size="1" constant="true"/></listOfCompartments>`));
    expect(r.diagnostics[0]).toMatchObject({ code: 'E_SBML_INVALID', line: 4 }); // line 1 <?xml, 2 <sbml>, 3 <model>, 4 the compartment
    expect(code(doc(`<listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
      <listOfSpecies><species id="A" initialAmount="1"/></listOfSpecies>`))).toEqual(['E_SBML_INVALID']);
  });
});

describe('importSbml: variable stoichiometry and conversion factors (simulated against closed forms)', () => {
  // decayModel: A -> B at rate k [A] C (substance/time), C = 2, [A](0) = 1: amount_A = 2 e^{-kt}. With a product
  // stoichiometry s(t): d amount_B/dt = s(t) k 2 e^{-kt}.
  const k = 0.7;
  const E = (t: number) => Math.exp(-k * t);
  // integral_0^t u e^{-ku} du = (1 - e^{-kt}(1 + kt)) / k^2
  const I1 = (t: number) => (1 - E(t) * (1 + k * t)) / (k * k);
  const I0 = (t: number) => (1 - E(t)) / k;
  const time = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>';
  const check = (text: string, bConc: (t: number) => number) => {
    const { t, col } = run(flatOf(text), 3, 6);
    const B = col('B');
    t.forEach((ti, i) => expect(Math.abs(B[i]! - bConc(ti))).toBeLessThan(1e-8 * Math.max(1, Math.abs(bConc(ti)))));
  };
  it('L2-style stoichiometryMath = time: [B] = k I1(t)', () => {
    const text = decayModel().replace('<speciesReference species="B" constant="true"/>', `<speciesReference species="B"><stoichiometryMath>${math(time)}</stoichiometryMath></speciesReference>`);
    check(text, (t) => k * I1(t)); // amount_B = 2 k I1, [B] = amount / 2
  });
  it('a species reference with a rate rule d(sr)/dt = 1, sr(0) = 1: [B] = k (I0 + I1)', () => {
    const text = decayModel()
      .replace('<speciesReference species="B" constant="true"/>', '<speciesReference id="sr" species="B" stoichiometry="1" constant="false"/>')
      .replace('<listOfReactions>', `<listOfRules><rateRule variable="sr">${math('<cn>1</cn>')}</rateRule></listOfRules><listOfReactions>`);
    check(text, (t) => k * (I0(t) + I1(t)));
  });
  it('a conversion factor with a rate rule d(cf)/dt = 1, cf(0) = 2 on B: [B] = k (2 I0 + I1)', () => {
    const text = decayModel()
      .replace('<parameter id="k" value="0.7" constant="true"/>', '<parameter id="k" value="0.7" constant="true"/><parameter id="cf" value="2" constant="false"/>')
      .replace('<species id="B" compartment="C"', '<species id="B" conversionFactor="cf" compartment="C"')
      .replace('<listOfReactions>', `<listOfRules><rateRule variable="cf">${math('<cn>1</cn>')}</rateRule></listOfRules><listOfReactions>`);
    check(text, (t) => k * (2 * I0(t) + I1(t)));
  });
});

describe('importSbml: fast reactions (always at equilibrium), against the quasi-equilibrium closed form', () => {
  // A <-> B fast (kf [A] - kr [B]), B -> 0 slow (k [B]); C = 1, A(0) = 1, B(0) = 0 (not at equilibrium: the fast
  // reaction equilibrates it at t0). With K = kf / kr: B = K A, total T = A + B, T' = -k K/(1+K) T, T(0) = 1.
  const kf = 3, kr = 1.5, k = 0.4, K = kf / kr;
  const text = L3L1(`
    <listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="C" initialConcentration="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
      <species id="B" compartment="C" initialConcentration="0" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
    </listOfSpecies>
    <listOfParameters><parameter id="kf" value="${kf}" constant="true"/><parameter id="kr" value="${kr}" constant="true"/><parameter id="k" value="${k}" constant="true"/></listOfParameters>
    <listOfReactions>
      <reaction id="F" reversible="true" fast="true">
        <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
        <listOfProducts><speciesReference species="B" stoichiometry="1" constant="true"/></listOfProducts>
        <kineticLaw>${math('<apply><minus/><apply><times/><ci>kf</ci><ci>A</ci></apply><apply><times/><ci>kr</ci><ci>B</ci></apply></apply>')}</kineticLaw>
      </reaction>
      <reaction id="D" reversible="false" fast="false">
        <listOfReactants><speciesReference species="B" stoichiometry="1" constant="true"/></listOfReactants>
        <kineticLaw>${math('<apply><times/><ci>k</ci><ci>B</ci></apply>')}</kineticLaw>
      </reaction>
    </listOfReactions>`);
  it('imports fast="true" and simulates the equilibrium manifold', () => {
    const flat = flatOf(text);
    expect(flat.reactions.find((r) => r.id === 'F')!.fast).toBe(true);
    expect(describeModel(flat)).toMatch(/Reaction F .* It is fast: always at equilibrium/);
    const { t, col } = run(flat, 4, 8);
    const A = col('A');
    const B = col('B');
    t.forEach((ti, i) => {
      const T = Math.exp((-k * K * ti) / (1 + K));
      expect(Math.abs(A[i]! - T / (1 + K))).toBeLessThan(1e-8);
      expect(Math.abs(B[i]! - (K * T) / (1 + K))).toBeLessThan(1e-8);
    });
  });
});

describe('importSbml: algebraic rules not linear in their variable (solved by Newton at every evaluation)', () => {
  // S decays (k = 0.5, S(0) = 4); 0 = z^2 - S determines z (declared start 1: the positive root), w = rateOf(z).
  // Closed form: z = sqrt(S) = 2 e^{-kt/2}, dz/dt = -(k/2) z.
  const rate = '<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/rateOf">rateOf</csymbol><ci>z</ci></apply>';
  const nl = (rule: string, z0 = '1') => doc(`
    <listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="S" compartment="C" initialConcentration="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="k" value="0.5" constant="true"/><parameter id="z" value="${z0}" constant="false"/><parameter id="w" value="0" constant="false"/></listOfParameters>
    <listOfRules><algebraicRule>${math(rule)}</algebraicRule><assignmentRule variable="w">${math(rate)}</assignmentRule></listOfRules>
    <listOfReactions><reaction id="R" reversible="false"><listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
      <kineticLaw>${math('<apply><times/><ci>k</ci><ci>S</ci><ci>C</ci></apply>')}</kineticLaw></reaction></listOfReactions>`);
  const square = '<apply><minus/><apply><power/><ci>z</ci><cn>2</cn></apply><ci>S</ci></apply>';
  it('follows the root continuous from the declared start, and rateOf(z) by the implicit function theorem', () => {
    const flat = flatOf(nl(square));
    expect(flat.algebraicRules?.map((r) => r.variable)).toEqual(['z']);
    expect(describeModel(flat)).toContain('z is the solution of 0 = z^2 - S at all times');
    for (const [z0, sign] of [['1', 1], ['-1', -1]] as const) {
      const { t, col } = run(flatOf(nl(square, z0)), 4, 8);
      const z = col('z');
      const w = col('w');
      t.forEach((ti, i) => {
        const zt = sign * 2 * Math.exp(-0.25 * ti);
        expect(Math.abs(z[i]! - zt)).toBeLessThan(1e-8);
        expect(Math.abs(w[i]! + 0.25 * zt)).toBeLessThan(1e-7);
      });
    }
  });
  it('a rule with no solution is a clear error naming the variable', () => {
    const none = '<apply><plus/><apply><power/><ci>z</ci><cn>2</cn></apply><ci>S</ci></apply>'; // z^2 + S = 0, S > 0
    let err: unknown;
    try {
      run(flatOf(nl(none)), 1, 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExosimError);
    const d = (err as ExosimError).diagnostics[0]!;
    expect(d.code).toBe('E_ALGEBRAIC_RULE_SOLVE');
    expect(d.message).toMatch(/'z'/);
    expect(d.hint).toBeTruthy();
  });
});
