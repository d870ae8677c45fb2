/**
 * SBML comp (hierarchical model composition) flattening, src/sbml/comp.ts.
 *
 * Small hand-written hierarchical models are checked two independent ways: against a core model flattened by
 * hand from the comp specification (both simulated, the columns compared) and against the analytic solution
 * of the flattened ODEs. Then committed SBML Test Suite comp cases are run and scored with the suite's rule
 * against the suite's expected results.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flattenComp } from '../../src/sbml/comp.js';
import { importSbml } from '../../src/sbml/import.js';
import { parseXml } from '../../src/sbml/xml.js';
import { caseInfo, EXOSIM_SUPPORTED_PACKAGES, isTimeCourse } from '../../src/sbml/suite/cases.js';
import { externalReaderFor, simulateCase, simulateSbmlForSuite } from '../../src/sbml/suite/exosim-simulator.js';
import type { SuiteSettings } from '../../src/sbml/suite/files.js';
import { runSuite } from '../../src/sbml/suite/runner.js';

const CASES = fileURLToPath(new URL('../sbml-suite/cases', import.meta.url));
const COMP = 'http://www.sbml.org/sbml/level3/version1/comp/version1';

/** A Level 3 Version 2 document; `comp` true adds the comp namespace and comp:required. */
const doc = (model: string, extra = '', comp = true): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core"${comp ? ` xmlns:comp="${COMP}" comp:required="true"` : ''} level="3" version="2">
  <model id="top">
${model}
  </model>
${extra}
</sbml>`;
const math = (m: string) => `<math xmlns="http://www.w3.org/1998/Math/MathML">${m}</math>`;
const ci = (x: string) => `<ci>${x}</ci>`;
const cn = (x: number) => `<cn>${x}</cn>`;
const ap = (op: string, ...a: string[]) => `<apply><${op}/>${a.join('')}</apply>`;
const TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>';

/** First-order decay S -> (rate k*S) in compartment C (size 1), as a core model body. */
const decayBody = (s0: number, k: number, pre = '') => `
    <listOfCompartments><compartment id="${pre}C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="${pre}S" compartment="${pre}C" initialAmount="${s0}" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="${pre}k" value="${k}" constant="true"/></listOfParameters>
    <listOfReactions>
      <reaction id="${pre}J" reversible="false">
        <listOfReactants><speciesReference species="${pre}S" stoichiometry="1" constant="true"/></listOfReactants>
        <kineticLaw>${math(ap('times', ci(`${pre}k`), ci(`${pre}S`)))}</kineticLaw>
      </reaction>
    </listOfReactions>`;
const decayDef = (s0: number, k: number, ports = '') => `
  <comp:listOfModelDefinitions>
    <comp:modelDefinition id="decay">${decayBody(s0, k)}
      <comp:listOfPorts>
        <comp:port comp:id="S_port" comp:idRef="S"/>
        <comp:port comp:id="k_port" comp:idRef="k"/>
        <comp:port comp:id="J_port" comp:idRef="J"/>
        <comp:port comp:id="C_port" comp:idRef="C"/>${ports}
      </comp:listOfPorts>
    </comp:modelDefinition>
  </comp:listOfModelDefinitions>`;

const settings = (variables: string[], duration = 2, steps = 20): SuiteSettings => ({
  start: 0,
  duration,
  steps,
  variables,
  absolute: 1e-7,
  relative: 1e-7,
  amount: [],
  concentration: [],
});

function run(text: string, variables: string[], duration = 2, steps = 20): number[][] {
  return simulateSbmlForSuite(text, settings(variables, duration, steps)).rows;
}

/** Both tables equal within the solver tolerance. */
function expectSameRows(a: number[][], b: number[][]) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a[i]!.length; j++) expect(a[i]![j]!).toBeCloseTo(b[i]![j]!, 7);
  }
}

describe('flattenComp: submodels, deletions, replacements', () => {
  it('instantiates two submodels with prefixed ids, equal to the hand-flattened model and to S0 exp(-k t)', () => {
    const hier = doc(`
    <comp:listOfSubmodels>
      <comp:submodel comp:id="A" comp:modelRef="decay"/>
      <comp:submodel comp:id="B" comp:modelRef="decay"/>
    </comp:listOfSubmodels>`, decayDef(4, 0.5));
    const vars = ['A__S', 'B__S', 'A__k'];
    const merged = doc(
      `<listOfCompartments><compartment id="A__C" size="1" constant="true"/><compartment id="B__C" size="1" constant="true"/></listOfCompartments>
       <listOfSpecies>
         <species id="A__S" compartment="A__C" initialAmount="4" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
         <species id="B__S" compartment="B__C" initialAmount="4" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
       </listOfSpecies>
       <listOfParameters><parameter id="A__k" value="0.5" constant="true"/><parameter id="B__k" value="0.5" constant="true"/></listOfParameters>
       <listOfReactions>
         <reaction id="A__J" reversible="false"><listOfReactants><speciesReference species="A__S" stoichiometry="1" constant="true"/></listOfReactants>
           <kineticLaw>${math(ap('times', ci('A__k'), ci('A__S')))}</kineticLaw></reaction>
         <reaction id="B__J" reversible="false"><listOfReactants><speciesReference species="B__S" stoichiometry="1" constant="true"/></listOfReactants>
           <kineticLaw>${math(ap('times', ci('B__k'), ci('B__S')))}</kineticLaw></reaction>
       </listOfReactions>`,
      '',
      false,
    );
    const got = run(hier, vars);
    expectSameRows(got, run(merged, vars));
    for (const r of got) {
      expect(r[1]!).toBeCloseTo(4 * Math.exp(-0.5 * r[0]!), 6);
      expect(r[2]!).toBeCloseTo(4 * Math.exp(-0.5 * r[0]!), 6);
      expect(r[3]).toBe(0.5);
    }
  });

  it('nests submodels (prefix A__B__) and keeps the original line numbers', () => {
    const text = doc(`
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="outer"/></comp:listOfSubmodels>`, `
  <comp:listOfModelDefinitions>
    <comp:modelDefinition id="inner">${decayBody(2, 1)}</comp:modelDefinition>
    <comp:modelDefinition id="outer">
      <comp:listOfSubmodels><comp:submodel comp:id="B" comp:modelRef="inner"/></comp:listOfSubmodels>
    </comp:modelDefinition>
  </comp:listOfModelDefinitions>`);
    const { root } = parseXml(text);
    const r = flattenComp(root!);
    expect(r.diagnostics).toEqual([]);
    const model = r.root!.children.find((c) => c.name === 'model')!;
    const species = model.children.find((c) => c.name === 'listOfSpecies')!.children[0]!;
    expect(species.attrs['id']).toBe('A__B__S');
    expect(species.attrs['compartment']).toBe('A__B__C');
    expect(text.split('\n')[species.line - 1]).toContain('<species id="S"');
    // no comp element or attribute is left
    const json = JSON.stringify(r.root);
    expect(json).not.toContain(COMP);
    const got = run(text, ['A__B__S'], 1, 4);
    for (const row of got) expect(row[1]!).toBeCloseTo(2 * Math.exp(-row[0]!), 6);
  });

  it('deletion (by port) removes the reaction: the species stays constant', () => {
    const text = doc(`
    <comp:listOfSubmodels>
      <comp:submodel comp:id="A" comp:modelRef="decay">
        <comp:listOfDeletions><comp:deletion comp:portRef="J_port"/></comp:listOfDeletions>
      </comp:submodel>
    </comp:listOfSubmodels>`, decayDef(3, 1));
    const flat = doc(decayBody(3, 1, 'A__').replace(/<listOfReactions>[\s\S]*<\/listOfReactions>/, ''), '', false);
    const got = run(text, ['A__S']);
    expectSameRows(got, run(flat, ['A__S']));
    for (const r of got) expect(r[1]).toBe(3);
  });

  it('replacedElement: a shared top-level species and rate constant; the flattened ODE dS/dt = -(kA + kB) S', () => {
    // S replaces A's and B's species (one pool, two decay reactions); kA replaces A's k (B keeps its own 0.5)
    const text = doc(`
    <listOfCompartments><compartment id="C" size="1" constant="true">
      <comp:listOfReplacedElements>
        <comp:replacedElement comp:submodelRef="A" comp:portRef="C_port"/>
        <comp:replacedElement comp:submodelRef="B" comp:idRef="C"/>
      </comp:listOfReplacedElements></compartment></listOfCompartments>
    <listOfSpecies><species id="S" compartment="C" initialAmount="10" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false">
      <comp:listOfReplacedElements>
        <comp:replacedElement comp:submodelRef="A" comp:portRef="S_port"/>
        <comp:replacedElement comp:submodelRef="B" comp:portRef="S_port"/>
      </comp:listOfReplacedElements></species></listOfSpecies>
    <listOfParameters><parameter id="kA" value="2" constant="true">
      <comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:idRef="k"/></comp:listOfReplacedElements></parameter></listOfParameters>
    <comp:listOfSubmodels>
      <comp:submodel comp:id="A" comp:modelRef="decay"/>
      <comp:submodel comp:id="B" comp:modelRef="decay"/>
    </comp:listOfSubmodels>`, decayDef(99, 0.5));
    const flat = doc(`
    <listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="S" compartment="C" initialAmount="10" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="kA" value="2" constant="true"/><parameter id="B__k" value="0.5" constant="true"/></listOfParameters>
    <listOfReactions>
      <reaction id="A__J" reversible="false"><listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
        <kineticLaw>${math(ap('times', ci('kA'), ci('S')))}</kineticLaw></reaction>
      <reaction id="B__J" reversible="false"><listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
        <kineticLaw>${math(ap('times', ci('B__k'), ci('S')))}</kineticLaw></reaction>
    </listOfReactions>`, '', false);
    const imp = importSbml(text);
    expect(imp.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(imp.flat!.species.map((s) => s.id)).toEqual(['S']);
    expect(imp.flat!.compartments.map((c) => c.id)).toEqual(['C']);
    const got = run(text, ['S']);
    expectSameRows(got, run(flat, ['S']));
    for (const r of got) expect(r[1]!).toBeCloseTo(10 * Math.exp(-2.5 * r[0]!), 6);
  });

  it('replacedBy: the submodel element takes the top-level id (and value); references follow it', () => {
    // top-level k (value 7, ignored) is replacedBy A's k (0.25); top-level rule y = 2 k
    const text = doc(`
    <listOfParameters>
      <parameter id="k" value="7" constant="true"><comp:replacedBy comp:submodelRef="A" comp:portRef="k_port"/></parameter>
      <parameter id="y" constant="false"/>
    </listOfParameters>
    <listOfRules><assignmentRule variable="y">${math(ap('times', cn(2), ci('k')))}</assignmentRule></listOfRules>
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="decay"/></comp:listOfSubmodels>`, decayDef(1, 0.25));
    const imp = importSbml(text);
    expect(imp.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(imp.flat!.parameters.map((p) => p.id).sort()).toEqual(['k', 'y']);
    const got = run(text, ['k', 'y', 'A__S']);
    for (const r of got) {
      expect(r[1]).toBe(0.25);
      expect(r[2]).toBeCloseTo(0.5, 12);
      expect(r[3]!).toBeCloseTo(Math.exp(-0.25 * r[0]!), 6);
    }
  });
});

describe('flattenComp: conversion factors', () => {
  /** A submodel with x' = 1 (rate rule), y = time (assignment rule), and S produced at rate 1 (extent/time). */
  const clockDef = `
  <comp:listOfModelDefinitions>
    <comp:modelDefinition id="clock">
      <listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
      <listOfSpecies><species id="S" compartment="C" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
      <listOfParameters><parameter id="x" value="0" constant="false"/><parameter id="y" constant="false"/><parameter id="r" constant="false"/></listOfParameters>
      <listOfRules>
        <rateRule variable="x">${math(cn(1))}</rateRule>
        <assignmentRule variable="y">${math(TIME)}</assignmentRule>
        <assignmentRule variable="r">${math(ci('J'))}</assignmentRule>
      </listOfRules>
      <listOfReactions><reaction id="J" reversible="false">
        <listOfProducts><speciesReference species="S" stoichiometry="1" constant="true"/></listOfProducts>
        <kineticLaw>${math(cn(1))}</kineticLaw></reaction></listOfReactions>
    </comp:modelDefinition>
  </comp:listOfModelDefinitions>`;

  it('timeConversionFactor T and extentConversionFactor E: x = t/T, y = t/T, S = E t / T, rate J in submodel units = 1', () => {
    const text = doc(`
    <listOfParameters><parameter id="T" value="4" constant="true"/><parameter id="E" value="3" constant="true"/></listOfParameters>
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="clock" comp:timeConversionFactor="T" comp:extentConversionFactor="E"/></comp:listOfSubmodels>`, clockDef);
    // hand-flattened (comp spec 3.5.3): rate rule / T, csymbol time / T, kinetic law * E / T
    const flat = doc(`
    <listOfCompartments><compartment id="A__C" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="A__S" compartment="A__C" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="T" value="4" constant="true"/><parameter id="E" value="3" constant="true"/>
      <parameter id="A__x" value="0" constant="false"/><parameter id="A__y" constant="false"/><parameter id="A__r" constant="false"/></listOfParameters>
    <listOfRules>
      <rateRule variable="A__x">${math(ap('divide', cn(1), ci('T')))}</rateRule>
      <assignmentRule variable="A__y">${math(ap('divide', TIME, ci('T')))}</assignmentRule>
      <assignmentRule variable="A__r">${math(ap('divide', ap('times', ci('A__J'), ci('T')), ci('E')))}</assignmentRule>
    </listOfRules>
    <listOfReactions><reaction id="A__J" reversible="false">
      <listOfProducts><speciesReference species="A__S" stoichiometry="1" constant="true"/></listOfProducts>
      <kineticLaw>${math(ap('divide', ap('times', cn(1), ci('E')), ci('T')))}</kineticLaw></reaction></listOfReactions>`, '', false);
    const vars = ['A__x', 'A__y', 'A__S', 'A__r', 'A__J'];
    const got = run(text, vars);
    expectSameRows(got, run(flat, vars));
    for (const r of got) {
      expect(r[1]!).toBeCloseTo(r[0]! / 4, 8);
      expect(r[2]!).toBeCloseTo(r[0]! / 4, 12);
      expect(r[3]!).toBeCloseTo((3 * r[0]!) / 4, 8);
      expect(r[4]!).toBeCloseTo(1, 12); // the submodel's own view of its rate
      expect(r[5]!).toBeCloseTo(3 / 4, 12); // the flattened rate, in top-level extent / time
    }
  });

  it('replacedElement conversionFactor f: rules on the replaced element are scaled, references divided', () => {
    // top z replaces A's x with f = 10 (z = 10 x): the rate rule x' = 1 becomes z' = 10 (times f), and A's rule
    // u = 3 x reads x = z / f
    const text = doc(`
    <listOfParameters>
      <parameter id="f" value="10" constant="true"/>
      <parameter id="z" value="5" constant="false">
        <comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:idRef="x" comp:conversionFactor="f"/></comp:listOfReplacedElements>
      </parameter>
    </listOfParameters>
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="sub"/></comp:listOfSubmodels>`, `
  <comp:listOfModelDefinitions>
    <comp:modelDefinition id="sub">
      <listOfParameters><parameter id="x" value="0" constant="false"/><parameter id="u" constant="false"/></listOfParameters>
      <listOfRules>
        <rateRule variable="x">${math(cn(1))}</rateRule>
        <assignmentRule variable="u">${math(ap('times', cn(3), ci('x')))}</assignmentRule>
      </listOfRules>
    </comp:modelDefinition>
  </comp:listOfModelDefinitions>`);
    const flat = doc(`
    <listOfParameters><parameter id="f" value="10" constant="true"/><parameter id="z" value="5" constant="false"/><parameter id="A__u" constant="false"/></listOfParameters>
    <listOfRules>
      <rateRule variable="z">${math(ap('times', cn(1), ci('f')))}</rateRule>
      <assignmentRule variable="A__u">${math(ap('times', cn(3), ap('divide', ci('z'), ci('f'))))}</assignmentRule>
    </listOfRules>`, '', false);
    const vars = ['z', 'A__u'];
    const got = run(text, vars);
    expectSameRows(got, run(flat, vars));
    for (const r of got) {
      expect(r[1]!).toBeCloseTo(5 + 10 * r[0]!, 8);
      expect(r[2]!).toBeCloseTo((3 * (5 + 10 * r[0]!)) / 10, 8);
    }
  });
});

describe('flattenComp: refusals and errors', () => {
  const ext = doc(`
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="X"/></comp:listOfSubmodels>`, `
  <comp:listOfExternalModelDefinitions>
    <comp:externalModelDefinition comp:id="X" comp:source="SRC" comp:modelRef="decay"/>
  </comp:listOfExternalModelDefinitions>`);
  const extFile = doc('', decayDef(6, 1));

  it('refuses an external model definition when no reader is given, by name and line', () => {
    const r = importSbml(ext.replace('SRC', 'other.xml'), { file: 'm.xml' });
    const e = r.diagnostics.find((d) => d.code === 'E_SBML_UNSUPPORTED')!;
    expect(e.message).toMatch(/external model definition 'X' \(comp:source="other.xml"\)/);
    expect(e.file).toBe('m.xml');
    expect(e.line).toBe(ext.split('\n').findIndex((l) => l.includes('externalModelDefinition comp:id')) + 1);
    expect(r.flat).toBeUndefined();
  });

  it('reads external models through the reader, and refuses URLs, absolute paths and ".." escapes', () => {
    const asked: string[] = [];
    const readExternal = (s: string) => {
      asked.push(s);
      return s === 'lib/other.xml' ? extFile : undefined;
    };
    const ok = importSbml(ext.replace('SRC', './lib/other.xml'), { readExternal });
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ok.flat!.species.map((s) => s.id)).toEqual(['A__S']);
    for (const bad of ['../other.xml', '/etc/passwd', 'http://example.org/m.xml', 'file:///etc/passwd', 'lib/../../x.xml']) {
      const r = importSbml(ext.replace('SRC', bad), { readExternal });
      expect(r.diagnostics.map((d) => d.code), bad).toContain('E_SBML_EXTERNAL_MODEL');
    }
    const missing = importSbml(ext.replace('SRC', 'nope.xml'), { readExternal });
    expect(missing.diagnostics.find((d) => d.code === 'E_SBML_EXTERNAL_MODEL')!.message).toMatch(/cannot read the external model file 'nope.xml'/);
    expect(asked).toEqual(['lib/other.xml', 'nope.xml']); // unsafe sources never reach the reader
  });

  it('the suite reader stays inside the document directory (symbolic links and ".." included)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'comp-ext-'));
    mkdirSync(join(dir, 'case'));
    writeFileSync(join(dir, 'secret.xml'), extFile);
    writeFileSync(join(dir, 'case', 'ok.xml'), extFile);
    const read = externalReaderFor(join(dir, 'case', 'main.xml'));
    expect(read('ok.xml')).toBe(extFile);
    expect(read('../secret.xml')).toBeUndefined();
    expect(read(join(dir, 'secret.xml'))).toBeUndefined();
    expect(read('missing.xml')).toBeUndefined();
  });

  it('reports unresolvable references and cycles as E_SBML_INVALID with the line', () => {
    const bad = doc(`
    <listOfParameters><parameter id="p" value="1" constant="true">
      <comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:idRef="nothere"/></comp:listOfReplacedElements>
    </parameter></listOfParameters>
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="decay"/></comp:listOfSubmodels>`, decayDef(1, 1));
    const r = importSbml(bad, { file: 'b.xml' });
    const e = r.diagnostics.find((d) => d.code === 'E_SBML_INVALID')!;
    expect(e.message).toMatch(/id 'nothere'.*submodel instance 'A'/);
    expect(e.line).toBe(bad.split('\n').findIndex((l) => l.includes('nothere')) + 1);

    const cyc = doc(`
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="m1"/></comp:listOfSubmodels>`, `
  <comp:listOfModelDefinitions>
    <comp:modelDefinition id="m1"><comp:listOfSubmodels><comp:submodel comp:id="B" comp:modelRef="m2"/></comp:listOfSubmodels></comp:modelDefinition>
    <comp:modelDefinition id="m2"><comp:listOfSubmodels><comp:submodel comp:id="C" comp:modelRef="m1"/></comp:listOfSubmodels></comp:modelDefinition>
  </comp:listOfModelDefinitions>`);
    expect(importSbml(cyc).diagnostics.map((d) => d.message).join('\n')).toMatch(/contains itself \(a cycle of submodels\)/);
  });

  it('refuses replacing a whole submodel by name', () => {
    const text = doc(`
    <listOfParameters><parameter id="p" value="1" constant="true">
      <comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:idRef="B"/></comp:listOfReplacedElements>
    </parameter></listOfParameters>
    <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="outer"/></comp:listOfSubmodels>`, `
  <comp:listOfModelDefinitions>
    <comp:modelDefinition id="inner">${decayBody(1, 1)}</comp:modelDefinition>
    <comp:modelDefinition id="outer"><comp:listOfSubmodels><comp:submodel comp:id="B" comp:modelRef="inner"/></comp:listOfSubmodels></comp:modelDefinition>
  </comp:listOfModelDefinitions>`);
    const e = importSbml(text).diagnostics.find((d) => d.code === 'E_SBML_UNSUPPORTED')!;
    expect(e.message).toMatch(/replacing the whole submodel 'B'/);
  });
});

describe('SBML Test Suite comp cases (committed subset) through the importer, compiler and simulator', () => {
  it('passes every committed comp case against the suite expected results', async () => {
    const isComp = (id: string) => (caseInfo(CASES, id).packagesPresent ?? []).includes('comp');
    const s = await runSuite(CASES, simulateCase, {
      filter: (i) => (i.packagesPresent ?? []).includes('comp') && isTimeCourse(i, { supportedPackages: EXOSIM_SUPPORTED_PACKAGES }),
      concurrency: 2,
    });
    expect(s.results.every((r) => isComp(r.id))).toBe(true);
    expect(s.run).toBeGreaterThanOrEqual(10); // 01129 01133 01135 01149 01159 01169 01183 01347 01471 01475
    expect(s.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.reason ?? ''}`)).toEqual([]);
  }, 60_000);
});
