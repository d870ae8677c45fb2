/**
 * SBML export (src/sbml/export.ts, src/sbml/mathml-write.ts): round trips export -> import on every example model
 * (examples/**) and every complete model in docs/*.md, compared entity by entity, by evaluating every expression
 * at random points, and by simulating both flat models; the committed SBML Test Suite cases that ExoSim passes
 * directly must still pass after import -> export -> import (scored against the suite's own expected results);
 * the exported documents are checked with libSBML's checkConsistency when python3-sbml5 is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrors, isExosimError } from '../../src/diagnostics.js';
import { compileModel } from '../../src/compile/compile.js';
import { simulate } from '../../src/simulate.js';
import { loadModelText, flattenModel } from '../../src/model/index.js';
import type { FlatModel } from '../../src/model/types.js';
import type { Expr, FunctionDef } from '../../src/expr/ast.js';
import { BUILTINS } from '../../src/expr/builtins.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { parseExpression } from '../../src/expr/parse.js';
import { collectIdentifiers } from '../../src/expr/traverse.js';
import { exportSbml, EXOSIM_ANNOTATION_NS } from '../../src/sbml/export.js';
import { exprToMathml, renderXml } from '../../src/sbml/mathml-write.js';
import { importSbml } from '../../src/sbml/import.js';
import { mathmlToExpr } from '../../src/sbml/mathml.js';
import { parseXml } from '../../src/sbml/xml.js';
import { caseInfo, isTimeCourse, listCases, readCaseResults, readCaseSettings, scoreCase } from '../../src/sbml/suite/index.js';
import { simulateSbmlForSuite } from '../../src/sbml/suite/exosim-simulator.js';
import { mulberry32 } from '../helpers/prng.js';
import { cli } from '../cli/helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CASES = join(ROOT, 'test', 'sbml-suite', 'cases');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ya?ml|json)$/.test(e)) out.push(p);
  }
  return out;
}

/** Complete models in docs/*.md: ```yaml blocks starting with `exosim:` and not marked `<!-- expect: E_... -->`. */
function docModels(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of readdirSync(join(ROOT, 'docs')).filter((x) => x.endsWith('.md')).sort()) {
    const lines = readFileSync(join(ROOT, 'docs', f), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      let j = start - 1;
      while (j >= 0 && lines[j]!.trim() === '') j--;
      const expectsError = j >= 0 && /^<!--\s*expect:/.test(lines[j]!.trim());
      const first = body.find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
      if (!expectsError && /^exosim:/.test(first)) out.push({ name: `docs/${f}:${start + 1}`, text: body.join('\n') + '\n' });
    }
  }
  return out;
}

function flatten(text: string, file: string): FlatModel {
  const lr = loadModelText(text, { file, format: file.endsWith('.json') ? 'json' : 'yaml' });
  expect(hasErrors(lr.diagnostics), JSON.stringify(lr.diagnostics)).toBe(false);
  const fr = flattenModel(lr.loaded!);
  expect(hasErrors(fr.diagnostics), JSON.stringify(fr.diagnostics)).toBe(false);
  return fr.flat!;
}

function roundTrip(flat: FlatModel, file: string): { xml: string; flat2: FlatModel } {
  const xml = exportSbml(flat);
  const ir = importSbml(xml, { file });
  expect(ir.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { xml, flat2: ir.flat! };
}

/** Same double, or both NaN, or within `rel` relative. */
function close(a: number, b: number, rel = 1e-12): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/** Expression pairs (label, before, after) of two flat models with the same ids. */
function exprPairs(a: FlatModel, b: FlatModel): [string, Expr, Expr][] {
  const out: [string, Expr, Expr][] = [];
  a.reactions.forEach((r, i) => out.push([`rate of ${r.id}`, r.rate, b.reactions[i]!.rate]));
  const rules = (m: FlatModel) => [...m.assignmentRules, ...m.rateRules, ...m.initialAssignments];
  rules(a).forEach((r, i) => out.push([`rule for ${r.variable}`, r.expr, rules(b)[i]!.expr]));
  a.events.forEach((e, i) => {
    const f = b.events[i]!;
    out.push([`trigger of ${e.id}`, e.trigger, f.trigger]);
    if (e.delay) out.push([`delay of ${e.id}`, e.delay, f.delay!]);
    if (e.priority) out.push([`priority of ${e.id}`, e.priority, f.priority!]);
    e.assignments.forEach((x, k) => out.push([`${e.id}: ${x.variable}`, x.expr, f.assignments[k]!.expr]));
  });
  a.observables.forEach((o, i) => out.push([`observable ${o.id}`, o.expr, b.observables[i]!.expr]));
  return out;
}

/** Compare two flat models: ids, numbers, flags, units, sources; expressions at random points. */
function compareFlat(a: FlatModel, b: FlatModel, seed: number): void {
  const ids = (m: FlatModel) => ({
    compartments: m.compartments.map((x) => x.id),
    species: m.species.map((x) => x.id),
    parameters: m.parameters.map((x) => x.id),
    reactions: m.reactions.map((x) => x.id),
    events: m.events.map((x) => x.id),
    observables: m.observables.map((x) => x.id),
    functions: m.functions.map((x) => x.id),
    assignmentRules: m.assignmentRules.map((x) => x.variable),
    rateRules: m.rateRules.map((x) => x.variable),
    initialAssignments: m.initialAssignments.map((x) => x.variable),
  });
  expect(ids(b)).toEqual(ids(a));
  expect(b.id).toBe(a.id);
  expect(b.name).toBe(a.name);
  expect(b.description).toBe(a.description);
  expect(b.units).toEqual(a.units);
  a.compartments.forEach((c, i) => {
    const d = b.compartments[i]!;
    expect(close(c.size, d.size), `size of ${c.id}`).toBe(true);
    expect([d.constant, d.unit, d.name]).toEqual([c.constant, c.unit, c.name]);
  });
  a.species.forEach((s, i) => {
    const t = b.species[i]!;
    expect(close(s.initial, t.initial), `initial value of ${s.id}: ${s.initial} vs ${t.initial}`).toBe(true);
    expect(close(s.outputFactor, t.outputFactor), `output factor of ${s.id}`).toBe(true);
    const flags = (x: typeof s) => [x.compartment, x.initialKind, x.unit, x.boundaryCondition, x.constant, x.hasOnlySubstanceUnits, x.name];
    expect(flags(t)).toEqual(flags(s));
  });
  a.parameters.forEach((p, i) => {
    const q = b.parameters[i]!;
    expect(close(p.value, q.value), `value of ${p.id}: ${p.value} vs ${q.value}`).toBe(true);
    expect([q.unit, q.constant, q.range, q.source, q.description, q.name]).toEqual([p.unit, p.constant, p.range, p.source, p.description, p.name]);
  });
  a.reactions.forEach((r, i) => {
    const s = b.reactions[i]!;
    expect([s.reactants, s.products, s.modifiers, s.reversible, s.name]).toEqual([r.reactants, r.products, r.modifiers, r.reversible, r.name]);
  });
  a.events.forEach((e, i) => {
    const f = b.events[i]!;
    expect([f.persistent, f.initialValue, f.useValuesFromTriggerTime, f.assignments.map((x) => x.variable)]).toEqual([
      e.persistent,
      e.initialValue,
      e.useValuesFromTriggerTime,
      e.assignments.map((x) => x.variable),
    ]);
  });
  a.observables.forEach((o, i) => expect([b.observables[i]!.unit, b.observables[i]!.name]).toEqual([o.unit, o.name]));
  // every expression: the same value at random points (each identifier one random value in [0.5, 2])
  const fa = new Map(a.functions.map((f) => [f.id, f]));
  const fb = new Map(b.functions.map((f) => [f.id, f]));
  const rnd = mulberry32(seed);
  for (let k = 0; k < 5; k++) {
    const env = new Map<string, number>();
    const val = (n: string) => {
      let v = env.get(n);
      if (v === undefined) env.set(n, (v = 0.5 + 1.5 * rnd()));
      return v;
    };
    for (const [label, x, y] of exprPairs(a, b)) {
      const vx = evaluate(x, val, fa);
      const vy = evaluate(y, val, fb);
      expect(close(vx, vy), `${label}: ${vx} vs ${vy}`).toBe(true);
    }
  }
}

/** End times (model time units) for simulating the examples: the spans their docs use. */
const T_END: Record<string, number> = {
  'decay.yaml': 48,
  'dosing-event.yaml': 24,
  'module-instance.yaml': 100,
  'exosome-transfer.yaml': 72,
  'hires.yaml': 321.8122,
  'robertson.yaml': 40,
  'oregonator.yaml': 30,
};

function compareSimulations(a: FlatModel, b: FlatModel, tEnd: number): void {
  const opts = { tEnd, steps: 20, rtol: 1e-8, atol: 1e-12, solver: 'ode-bdf' };
  const ra = simulate(compileModel(a), opts);
  const rb = simulate(compileModel(b), opts);
  expect(rb.columns.map((c) => [c.id, c.unit])).toEqual(ra.columns.map((c) => [c.id, c.unit]));
  ra.values.forEach((col, k) => {
    const scale = Math.max(...Array.from(col, Math.abs));
    col.forEach((v, i) => {
      const w = rb.values[k]![i]!;
      // 1e-9 relative, with an absolute floor of 1e-9 of the column's largest value (values that pass through 0)
      expect(Math.abs(v - w) <= 1e-9 * Math.max(Math.abs(v), 1e-3 * scale) || close(v, w), `${ra.columns[k]!.id} at t=${ra.time[i]}: ${v} vs ${w}`).toBe(true);
    });
  });
}

const exported: { name: string; xml: string }[] = [];

const examples = walk(join(ROOT, 'examples'));
describe('SBML export round trip: every example model', () => {
  it('finds the examples', () => expect(examples.length).toBeGreaterThanOrEqual(8));
  examples.forEach((file, n) => {
    const name = relative(ROOT, file);
    it(name, () => {
      const flat1 = flatten(readFileSync(file, 'utf8'), file);
      const { xml, flat2 } = roundTrip(flat1, name);
      exported.push({ name, xml });
      compareFlat(flat1, flat2, 1000 + n);
      compareSimulations(flat1, flat2, T_END[file.split('/').pop()!] ?? 10);
      // export of the re-imported model gives the same document (a fixed point)
      expect(exportSbml(flat2)).toBe(xml);
    });
  });
});

const docs = docModels();
describe('SBML export round trip: every complete model in docs/*.md', () => {
  it('finds the documented models', () => expect(docs.length).toBeGreaterThan(0));
  docs.forEach((d, n) => {
    it(d.name, () => {
      const flat1 = flatten(d.text, d.name);
      const { xml, flat2 } = roundTrip(flat1, d.name);
      exported.push({ name: d.name, xml });
      compareFlat(flat1, flat2, 2000 + n);
      compareSimulations(flat1, flat2, 5);
    });
  });
});

describe('SBML export: ids, annotations, units', () => {
  const yaml = `exosim: '1'
id: m_x
units: { time: min, substance: nmol, volume: fL }
compartments:
  - { id: cell, size: 2, unit: pL }
modules:
  - id: mod
    ports: [c, k]
    compartments:
      - { id: c, size: 1, unit: pL }
    parameters:
      - { id: k, value: 1, unit: 1/h }
    species:
      - { id: b, compartment: c, initialConcentration: 3, unit: nM }
    reactions:
      - { id: r, equation: b ->, rate: k * b * c }
instances:
  - { id: a, module: mod, bind: { c: cell, k: k } }
species:
  - { id: a__b, compartment: cell, initialAmount: 40, unit: exosome }
parameters:
  - id: k
    value: 0.5
    unit: 1/h
    range: [0.1, 2]
    description: 'uptake "rate" <per> cell & more'
    source: { citation: 'Doe 2020', doi: '10.1/x', url: 'https://example.org/a?b=1&c=2', tag: S2, confidence: medium, note: "fit; line1\\nline2" }
  - { id: n, value: 2 }
reactions:
  - { id: s, equation: -> a__b, rate: n * f(a.b) }
functions:
  - { id: f, args: [x], formula: x * k * time }
observables:
  - { id: total, formula: a.b * n, unit: nM }
`;
  it('maps dotted ids to unique SBML ids, keeps the originals, and restores sources, units and observables', () => {
    const flat1 = flatten(yaml, 'inline.yaml');
    const { xml, flat2 } = roundTrip(flat1, 'inline.xml');
    // '.' -> '__'; the clash with the genuine id a__b gets a suffix
    expect(xml).toContain('<species id="a__b" ');
    expect(xml).toContain('<species id="a__b_2" ');
    expect(xml).toContain('<model id="m_x"');
    expect(xml).toContain(`xmlns:exosim="${EXOSIM_ANNOTATION_NS}"`);
    // the function's free symbols (k, time) become lambda arguments; a.b used by reaction s becomes a modifier
    expect(xml).toMatch(/<bvar>\s*<ci>k<\/ci>/);
    expect(xml).toMatch(/<modifierSpeciesReference species="a__b(_2)?"\/>/);
    // base units: min -> (60 second), nmol -> (1e-9 mole), fL -> (1e-15 litre); 1/h in base units is 1/min
    expect(xml).toMatch(/<unitDefinition id="u_time" name="min">\s*<listOfUnits>\s*<unit kind="second" exponent="1" scale="0" multiplier="60"\/>/);
    expect(xml).toMatch(/<unitDefinition id="u_substance" name="nmol">\s*<listOfUnits>\s*<unit kind="mole" exponent="1" scale="-9" multiplier="1"\/>/);
    expect(xml).toMatch(/<unitDefinition id="u_volume" name="fL">\s*<listOfUnits>\s*<unit kind="litre" exponent="1" scale="-15" multiplier="1"\/>/);
    expect(xml).toContain('<parameter id="k" value="0.008333333333333333" units="u_per_time" constant="true">');
    // cell counts and exosome counts are SBML items
    expect(xml).toMatch(/substanceUnits="u_item"/);
    compareFlat(flat1, flat2, 7);
    compareSimulations(flat1, flat2, 30);
    expect(flat2.parameters[0]!.source).toEqual({
      citation: 'Doe 2020',
      doi: '10.1/x',
      url: 'https://example.org/a?b=1&c=2',
      tag: 'S2',
      confidence: 'medium',
      note: 'fit; line1\nline2',
    });
    expect(flat2.parameters[0]!.description).toBe('uptake "rate" <per> cell & more');
  });

  it('refuses what SBML MathML cannot express, naming the expression', () => {
    const flat = flatten(yaml, 'inline.yaml');
    const bad = { ...flat, reactions: [{ ...flat.reactions[0]!, rate: { kind: 'call', fn: 'mystery', args: [{ kind: 'num', value: 1 }] } as Expr }] };
    try {
      exportSbml(bad);
      expect.unreachable();
    } catch (e) {
      expect(isExosimError(e)).toBe(true);
      const d = (e as { diagnostics: { code: string; message: string }[] }).diagnostics[0]!;
      expect(d.code).toBe('E_SBML_EXPORT');
      expect(d.message).toMatch(/the rate of reaction '(a\.r|s)'/);
      expect(d.message).toContain('mystery(1)');
    }
    const unknown = { ...flat, reactions: [{ ...flat.reactions[0]!, rate: { kind: 'id', name: 'nowhere' } as Expr }] };
    expect(() => exportSbml(unknown)).toThrow(/nowhere/);
    expect(() => exportSbml(flat, { id: '1bad' })).toThrow(/not a valid SBML identifier/);
  });
});

describe('SBML export: variable stoichiometry', () => {
  // dA/dt = -k A, dB/dt = s(t) k A with the product's stoichiometry s(t) = 1 + time set by an assignment rule
  // (SBML L3V2 section 4.11.3). Analytic: A = 10 e^(-k t), B = 10 k [(1/k + 1/k^2) - e^(-k t) ((1 + t)/k + 1/k^2)].
  const sbml = `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="vs">
    <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="c" initialAmount="10" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
      <species id="B" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
    </listOfSpecies>
    <listOfParameters><parameter id="k" value="0.1" constant="true"/></listOfParameters>
    <listOfRules>
      <assignmentRule variable="sB"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><plus/><cn>1</cn>
        <csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol></apply></math></assignmentRule>
    </listOfRules>
    <listOfReactions>
      <reaction id="R" reversible="false">
        <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
        <listOfProducts><speciesReference id="sB" species="B" stoichiometry="1" constant="false"/></listOfProducts>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>A</ci></apply></math></kineticLaw>
      </reaction>
    </listOfReactions>
  </model>
</sbml>`;
  it('is written as a species reference set by an assignment rule and read back as the same stoichiometry', () => {
    const ir = importSbml(sbml);
    expect(ir.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const flat1 = ir.flat!;
    expect(flat1.reactions[0]!.products[0]!.stoichiometryExpr).toBeDefined();
    const { xml, flat2 } = roundTrip(flat1, 'vs.xml');
    expect(xml).toMatch(/<speciesReference id="R__B__stoichiometry" species="B" stoichiometry="1" constant="false">/);
    expect(xml).toContain('<assignmentRule variable="R__B__stoichiometry">');
    // folded back: no extra parameter or rule, the same stoichiometry expression
    expect(flat2.parameters.map((p) => p.id)).toEqual(flat1.parameters.map((p) => p.id));
    expect(flat2.assignmentRules.map((r) => r.variable)).toEqual(flat1.assignmentRules.map((r) => r.variable));
    expect(flat2.reactions[0]!.products[0]).toEqual(flat1.reactions[0]!.products[0]);
    const res = simulate(compileModel(flat2), { tEnd: 5, steps: 5, rtol: 1e-10, atol: 1e-12, solver: 'ode-bdf' });
    const k = 0.1;
    const t = 5;
    const B = 10 * k * (1 / k + 1 / (k * k) - Math.exp(-k * t) * ((1 + t) / k + 1 / (k * k)));
    const col = res.columns.findIndex((c) => c.id === 'B');
    expect(Math.abs(res.values[col]![5]! - B)).toBeLessThan(1e-6 * B);
  });
});

describe('MathML writer: every built-in survives export -> import with the same values', () => {
  /** e -> MathML text -> parseXml -> mathmlToExpr. */
  const back = (e: Expr, functions: ReadonlySet<string> = new Set()): Expr => {
    const text = renderXml(exprToMathml(e, { mapId: (n) => n, functions, where: 'test' }, 'any'));
    const root = parseXml(text).root!;
    const r = mathmlToExpr(root);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return r.expr!;
  };
  const parse = (s: string): Expr => {
    const r = parseExpression(s, { functions: new Set(['g']) });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.expr;
  };
  const cases = [
    ...[...BUILTINS.entries()]
      .filter(([name]) => name !== 'delay' && name !== 'piecewise')
      .flatMap(([name, spec]) => {
        const out: string[] = [];
        for (let n = spec.minArgs; n <= Math.min(spec.maxArgs, 3); n++) out.push(`${name}(${['x', 'y', 'z'].slice(0, n).join(', ')})`);
        return out;
      }),
    'piecewise(x, x > y, y, y > z, z)',
    'piecewise(x, x > y)', // no otherwise: NaN when no condition holds, on both sides
    'piecewise(x)',
    'x + y + z - x * y * z / (x - z) ^ y',
    '-x + +y',
    '(x > y) * 3 + (x <= z && y != z || !(x == y))',
    'x && 2', // numbers as conditions
    'pi * avogadro * 1e-23 + time',
    '1e300 * 1e10 + -0 * x - 2.5e-7 + 0.1',
    // (no signed zeros for atan2: the quadrant formula reads atan2(-0, -1) as +pi, Math.atan2 as -pi)
    'sign(x - y) + sign(0) + atan2(x - 1, y - 1) + atan2(0 - x, -y) + atan2(0, 0 - x) + atan2(x, 0)',
    'g(x, y > z) + 3', // a user function keeps its arguments
  ];
  const g: FunctionDef = { id: 'g', params: ['a', 'b'], body: parse('a * 2 + b') };
  const fns = new Map([['g', g]]);
  it.each(cases)('%s', (src) => {
    const e = parse(src);
    const e2 = back(e, new Set(['g']));
    const rnd = mulberry32(src.length * 7919);
    for (let k = 0; k < 20; k++) {
      // integers now and then so floor/factorial/equality branches are exercised
      const env: Record<string, number> = { x: 0, y: 0, z: 0, time: 3 * rnd() };
      for (const n of ['x', 'y', 'z']) env[n] = k % 4 === 0 ? Math.floor(4 * rnd()) : 0.1 + 1.8 * rnd();
      const look = (n: string) => env[n]!;
      const v1 = evaluate(e, look, fns);
      const v2 = evaluate(e2, look, fns);
      // atan2 as a quadrant piecewise agrees to rounding; everything else is the same double
      expect(close(v1, v2, src.includes('atan2') ? 1e-15 : 0), `${src} at ${JSON.stringify(env)}: ${v1} vs ${v2}`).toBe(true);
    }
    expect([...collectIdentifiers(e2)].sort()).toEqual([...collectIdentifiers(e)].filter((n) => n !== 'avogadro').sort());
  });
});

describe('SBML Test Suite cases (committed subset): import -> export -> import still passes', () => {
  it('every case ExoSim passes directly passes after the round trip', () => {
    let direct = 0;
    let roundTripped = 0;
    const failures: string[] = [];
    for (const ref of listCases(CASES)) {
      const info = caseInfo(CASES, ref.id);
      if (!isTimeCourse(info) || !info.sbmlPath) continue;
      const settings = readCaseSettings(info);
      const expected = readCaseResults(info, settings);
      const text = readFileSync(info.sbmlPath, 'utf8');
      let pass: boolean;
      try {
        pass = scoreCase(expected, simulateSbmlForSuite(text, settings), settings).pass;
      } catch {
        pass = false; // refused or failed directly: not part of this test
      }
      if (!pass) continue;
      direct++;
      const imp = importSbml(text);
      const xml = exportSbml(imp.flat!);
      exported.push({ name: `suite ${ref.id}`, xml });
      // the exported ids are the first import's flat ids (reserved words renamed): ask for those columns
      const ren = imp.info?.renamed ?? {};
      const m = (v: string) => ren[v] ?? v;
      const s2 = { ...settings, variables: settings.variables.map(m), amount: settings.amount.map(m), concentration: settings.concentration.map(m) };
      try {
        const computed = simulateSbmlForSuite(xml, s2);
        computed.header = ['time', ...settings.variables];
        const score = scoreCase(expected, computed, settings);
        if (score.pass) roundTripped++;
        else failures.push(`${ref.id}: ${score.reason ?? JSON.stringify(score.failures[0])}`);
      } catch (e) {
        failures.push(`${ref.id}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    // measured 2026-11-21: 56 of the committed time-course cases pass directly
    expect(direct).toBeGreaterThanOrEqual(50);
    expect(roundTripped).toBe(direct);
  });
});

describe('exosim export (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exosim-export-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes SBML that `exosim run` simulates to the same CSV as the YAML model', async () => {
    const out = join(dir, 'two-cells.xml');
    const r = await cli(['export', 'examples/basics/module-instance.yaml', '--to', 'sbml', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<sbml xmlns="http:\/\/www.sbml.org\/sbml\/level3\/version2\/core" level="3" version="2">/);
    const a = await cli(['run', 'examples/basics/module-instance.yaml', '--t-end', '100', '--steps', '10', '--quiet']);
    const b = await cli(['run', out, '--t-end', '100', '--steps', '10', '--quiet']);
    expect([a.code, b.code]).toEqual([0, 0]);
    const rows = (t: string) => t.trim().split('\n').map((l) => l.split(','));
    const [ha, ...ra] = rows(a.stdout);
    const [hb, ...rb] = rows(b.stdout);
    expect(hb).toEqual(ha); // time,donor.miR,recipient.miR,total_miR: dotted ids and the observable are back
    ra.forEach((row, i) => row.forEach((v, k) => expect(close(Number(v), Number(rb[i]![k]!), 1e-9), `${ha![k]} row ${i}`).toBe(true)));
  });

  it('prints to stdout without --out, and converts an SBML input', async () => {
    const r = await cli(['export', 'examples/basics/decay.yaml', '--id', 'decay_v2', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('<model id="decay_v2"');
    const l2 = join(CASES, '00521', '00521-sbml-l2v5.xml');
    const c = await cli(['export', l2, '--quiet']);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('level="3" version="2"');
  });

  it('reports bad flags and bad models as file:line:col diagnostics with exit code 2, leaving --out untouched', async () => {
    const flags = await cli(['export', 'examples/basics/decay.yaml', '--to', 'cellml', '--out', 'decay.yaml', '--id', '9x']);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain("error E_FLAG: --to: unknown target format 'cellml'");
    expect(flags.stderr).toContain('error E_FLAG: --out:');
    expect(flags.stderr).toContain('error E_FLAG: --id:');
    expect(flags.stderr).toContain('fix: ');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, "exosim: '1'\nid: bad\nspecies:\n  - { id: S, compartment: nowhere, initialAmount: 1 }\n");
    const out = join(dir, 'keep.xml');
    writeFileSync(out, 'keep');
    const r = await cli(['export', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:\\d+: error E_[A-Z_]+: `));
    expect(readFileSync(out, 'utf8')).toBe('keep');
    const missing = await cli(['export', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error E_FILE_NOT_FOUND');
  });
});

function libsbmlAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import libsbml'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const HAVE_LIBSBML = libsbmlAvailable();
if (!HAVE_LIBSBML) console.warn('test/sbml/export.test.ts: python3-sbml5 (libSBML) is not installed: the checkConsistency test is skipped');

const CHECK_PY = `
import json, sys, libsbml
out = {}
for f in sys.argv[1:]:
    d = libsbml.readSBMLFromFile(f)
    d.checkConsistency()
    errs = []
    for i in range(d.getNumErrors()):
        e = d.getError(i)
        if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR:
            errs.append('%s line %d: %s' % (e.getErrorId(), e.getLine(), e.getMessage().strip()[:400]))
    out[f] = {'level': d.getLevel(), 'version': d.getVersion(), 'errors': errs}
print(json.dumps(out))
`;

describe.skipIf(!HAVE_LIBSBML)('libSBML checkConsistency of the exported documents (python3-sbml5)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exosim-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('every exported document is valid SBML Level 3 Version 2 (no errors; unit warnings allowed)', () => {
    expect(exported.length).toBeGreaterThanOrEqual(examples.length + docs.length);
    const files = exported.map((x, i) => {
      const p = join(dir, `${i}.xml`);
      writeFileSync(p, x.xml);
      return p;
    });
    const res = JSON.parse(execFileSync('/usr/bin/python3', ['-c', CHECK_PY, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<
      string,
      { level: number; version: number; errors: string[] }
    >;
    const problems = files.flatMap((p, i) => {
      const r = res[p]!;
      return r.level === 3 && r.version === 2 && r.errors.length === 0 ? [] : [`${exported[i]!.name}: L${r.level}V${r.version} ${r.errors.join('; ')}`];
    });
    expect(problems).toEqual([]);
  });
});
