#!/usr/bin/env node
/**
 * bench/sbml model generator: a deterministic (seeded) SBML Level 3 Version 2 core document with 1,000 species
 * and 2,000 reactions, written like a large curated model (kinetic laws in MathML, local parameters,
 * compartments, rules), for timing SBML reading (ExoSim importSbml vs libSBML readSBMLFromString), compiling
 * and simulating.
 *
 *   node bench/sbml/gen-sbml.mjs [--out <file>] [--seed <int>] [--species <n>]
 *   (default: bench/sbml/out/gen/generated-1000x2000.xml, seed 20240611)
 *
 * Structure (PRNG mulberry32; the reaction graph follows bench/ode/gen-network.mjs so that the ODE is
 * bounded and positive, see there):
 *   - 3 compartments: cytosol (1 L), nucleus (0.25 L), extracellular (2 L); species x1..x1000, along one random
 *     cycle: the first 60% of the cycle in the cytosol, the next 25% in the nucleus, the rest extracellular
 *     (so a few conversions are transports between compartments). initialConcentration U(0.1, 1),
 *     hasOnlySubstanceUnits false (species symbols in math are concentrations; kinetic laws are multiplied by
 *     the reactant's compartment size, so they are in amount/time as SBML requires).
 *   - 1,000 conversions x_perm[i-1] -> x_perm[i] around the cycle: even ones mass action
 *     `C * k * S` (local parameter k = 10^U(-2, 3)), odd ones Michaelis-Menten `C * Vmax * S / (Km + S)`
 *     (local parameters Km = 10^U(-0.5, 0.5), Vmax = k * Km so the initial slope matches the mass-action range)
 *   - 400 bimolecular x_a + x_b -> x_c (all within 8 places along the cycle), `C * k * A * B`, k = 10^U(-1, 2)
 *   - 100 productions 0 -> x_i, `C * kp * signal` (local kp = 10^U(-1, 0); `signal` is a global parameter
 *     driven by a rate rule: d(signal)/dt = k_on * (1 - signal) - k_off * signal, signal(0) = 0)
 *   - 500 first-order degradations x_i -> 0 on distinct species, `C * kdeg_eff * f * S` (local f = 10^U(-1, 0),
 *     global kdeg_eff given by the assignment rule kdeg_eff = kdeg_base * (1 + 0.5 * signal), i.e. 1 - 1.5 x
 *     the base rate, so bounds are kept)
 *   - 10 assignment rules obs_j = sum of 10 species concentrations (observables), 1 initial assignment
 *     (kdeg_base = 2 * kdeg_half), unit definitions, model-level units.
 *   Counts: 1,000 species, 2,000 reactions, 3 compartments, 2,500 local parameters (the 500 MM reactions have two),
 *   11 assignment rules, 1 rate rule (1,001 ODE states).
 * Output is byte-identical for the same arguments (no dates, no Math.random).
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: 32-bit seeded PRNG (Tommy Ettinger), returns U[0, 1). Same as bench/ode/gen-network.mjs. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MATHML = 'http://www.w3.org/1998/Math/MathML';

/** MathML helpers (content markup, as libSBML writes it). */
const ci = (x) => `<ci> ${x} </ci>`;
const times = (...a) => `<apply><times/>${a.join('')}</apply>`;
const plus = (...a) => `<apply><plus/>${a.join('')}</apply>`;
const minus = (a, b) => `<apply><minus/>${a}${b}</apply>`;
const divide = (a, b) => `<apply><divide/>${a}${b}</apply>`;
/** A dimensionless literal (`sbml:units`, SBML L3 section 3.4.2; the prefix is declared on <sbml>). */
const cn = (x) => `<cn sbml:units="dimensionless"> ${x} </cn>`;
const math = (body) => `<math xmlns="${MATHML}">${body}</math>`;

/**
 * Generate the SBML document text.
 * @param {{ seed?: number, species?: number, conversions?: number, bimolecular?: number, productions?: number, degradations?: number }} [opts]
 * @returns {{ text: string, counts: { species: number, reactions: number, compartments: number, localParameters: number, assignmentRules: number, rateRules: number, initialAssignments: number }, tEnd: number }}
 */
export function generateSbml(opts = {}) {
  const n = opts.species ?? 1000;
  const seed = opts.seed ?? 20240611;
  const nConv = opts.conversions ?? n;
  const nBi = opts.bimolecular ?? Math.round(0.4 * n);
  const nProd = opts.productions ?? Math.round(0.1 * n);
  const nDeg = Math.min(n, opts.degradations ?? Math.round(0.5 * n));
  const rnd = mulberry32(seed);
  const int = (m) => Math.floor(rnd() * m);
  const logU = (lo, hi) => 10 ** (lo + (hi - lo) * rnd());
  const num = (x) => String(Number(x.toPrecision(6)));

  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  // compartment of species by position along the cycle
  const comps = [
    { id: 'cytosol', size: 1 },
    { id: 'nucleus', size: 0.25 },
    { id: 'extracellular', size: 2 },
  ];
  const compOf = new Array(n);
  perm.forEach((sp, pos) => {
    compOf[sp] = pos < 0.6 * n ? 'cytosol' : pos < 0.85 * n ? 'nucleus' : 'extracellular';
  });
  const sid = (i) => `x${i + 1}`;
  const y0 = Array.from({ length: n }, () => num(0.1 + 0.9 * rnd()));

  const L = [];
  L.push('<?xml version="1.0" encoding="UTF-8"?>');
  L.push('<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" xmlns:sbml="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">');
  L.push(
    `  <model id="bench_generated_${n}" name="bench/sbml generated network (seed ${seed})" substanceUnits="mole" timeUnits="second" volumeUnits="litre" extentUnits="mole">`,
  );
  L.push('    <notes><body xmlns="http://www.w3.org/1999/xhtml"><p>Generated by bench/sbml/gen-sbml.mjs for benchmarking; see that file.</p></body></notes>');
  L.push('    <listOfUnitDefinitions>');
  L.push('      <unitDefinition id="per_second"><listOfUnits><unit kind="second" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition>');
  L.push(
    '      <unitDefinition id="molar"><listOfUnits><unit kind="mole" exponent="1" scale="0" multiplier="1"/><unit kind="litre" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition>',
  );
  L.push(
    '      <unitDefinition id="molar_per_second"><listOfUnits><unit kind="mole" exponent="1" scale="0" multiplier="1"/><unit kind="litre" exponent="-1" scale="0" multiplier="1"/><unit kind="second" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition>',
  );
  L.push(
    '      <unitDefinition id="per_molar_per_second"><listOfUnits><unit kind="mole" exponent="-1" scale="0" multiplier="1"/><unit kind="litre" exponent="1" scale="0" multiplier="1"/><unit kind="second" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition>',
  );
  L.push('    </listOfUnitDefinitions>');
  L.push('    <listOfCompartments>');
  for (const c of comps) L.push(`      <compartment id="${c.id}" spatialDimensions="3" size="${c.size}" units="litre" constant="true"/>`);
  L.push('    </listOfCompartments>');
  L.push('    <listOfSpecies>');
  for (let i = 0; i < n; i++) {
    L.push(
      `      <species id="${sid(i)}" compartment="${compOf[i]}" initialConcentration="${y0[i]}" substanceUnits="mole" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>`,
    );
  }
  L.push('    </listOfSpecies>');

  // global parameters and rules
  const nObs = 10;
  L.push('    <listOfParameters>');
  L.push('      <parameter id="signal" value="0" units="dimensionless" constant="false"/>');
  L.push('      <parameter id="k_on" value="0.05" units="per_second" constant="true"/>');
  L.push('      <parameter id="k_off" value="0.02" units="per_second" constant="true"/>');
  L.push('      <parameter id="kdeg_half" value="0.5" units="per_second" constant="true"/>');
  L.push('      <parameter id="kdeg_base" units="per_second" constant="true"/>');
  L.push('      <parameter id="kdeg_eff" value="1" units="per_second" constant="false"/>');
  for (let j = 0; j < nObs; j++) L.push(`      <parameter id="obs${j + 1}" value="0" units="molar" constant="false"/>`);
  L.push('    </listOfParameters>');
  L.push('    <listOfInitialAssignments>');
  L.push(`      <initialAssignment symbol="kdeg_base">${math(times(cn(2), ci('kdeg_half')))}</initialAssignment>`);
  L.push('    </listOfInitialAssignments>');
  L.push('    <listOfRules>');
  L.push(
    `      <rateRule variable="signal">${math(minus(times(ci('k_on'), minus(cn(1), ci('signal'))), times(ci('k_off'), ci('signal'))))}</rateRule>`,
  );
  L.push(`      <assignmentRule variable="kdeg_eff">${math(times(ci('kdeg_base'), plus(cn(1), times(cn(0.5), ci('signal')))))}</assignmentRule>`);
  for (let j = 0; j < nObs; j++) {
    const terms = [];
    for (let m = 0; m < 10; m++) terms.push(ci(sid(perm[(j * 97 + m * 13) % n])));
    L.push(`      <assignmentRule variable="obs${j + 1}">${math(plus(...terms))}</assignmentRule>`);
  }
  L.push('    </listOfRules>');

  // reactions
  L.push('    <listOfReactions>');
  let rid = 0;
  let localParameters = 0;
  const ref = (tag, s, st = 1) => `<${tag} species="${sid(s)}" stoichiometry="${st}" constant="true"/>`;
  const reaction = (reactants, products, modifiers, body, locals) => {
    rid++;
    localParameters += locals.length;
    const out = [`      <reaction id="r${rid}" reversible="false">`];
    if (reactants.length) out.push(`        <listOfReactants>${reactants.map((s) => ref('speciesReference', s)).join('')}</listOfReactants>`);
    if (products.length) out.push(`        <listOfProducts>${products.map((s) => ref('speciesReference', s)).join('')}</listOfProducts>`);
    if (modifiers.length) out.push(`        <listOfModifiers>${modifiers.map((s) => `<modifierSpeciesReference species="${sid(s)}"/>`).join('')}</listOfModifiers>`);
    out.push('        <kineticLaw>');
    out.push(`          ${math(body)}`);
    if (locals.length) {
      out.push('          <listOfLocalParameters>');
      for (const [id, v, units] of locals) out.push(`            <localParameter id="${id}" value="${v}" units="${units}"/>`);
      out.push('          </listOfLocalParameters>');
    }
    out.push('        </kineticLaw>');
    out.push('      </reaction>');
    L.push(out.join('\n'));
  };

  for (let c = 0; c < nConv; c++) {
    const from = perm[c % n];
    const to = perm[(c + 1) % n];
    const k = logU(-2, 3);
    const C = ci(compOf[from]);
    if (c % 2 === 0) {
      reaction([from], [to], [], times(C, ci('k'), ci(sid(from))), [['k', num(k), 'per_second']]);
    } else {
      const Km = logU(-0.5, 0.5);
      reaction([from], [to], [], divide(times(C, ci('Vmax'), ci(sid(from))), plus(ci('Km'), ci(sid(from)))), [
        ['Vmax', num(k * Km), 'molar_per_second'],
        ['Km', num(Km), 'molar'],
      ]);
    }
  }
  const window = 8;
  for (let b = 0; b < nBi; b++) {
    const pa = int(n);
    const pb = (pa + 1 + int(window)) % n;
    let pc = pa;
    while (pc === pa || pc === pb) pc = (pa - window + int(2 * window + 1) + n) % n;
    const a = perm[pa];
    const bb = perm[pb];
    reaction([a, bb], [perm[pc]], [], times(ci(compOf[a]), ci('k'), ci(sid(a)), ci(sid(bb))), [['k', num(logU(-1, 2)), 'per_molar_per_second']]);
  }
  for (let p = 0; p < nProd; p++) {
    const i = int(n);
    reaction([], [i], [], times(ci(compOf[i]), ci('kp'), ci('signal')), [['kp', num(logU(-1, 0)), 'molar_per_second']]);
  }
  const shuffled = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  for (let d = 0; d < nDeg; d++) {
    const i = shuffled[d];
    reaction([i], [], [], times(ci(compOf[i]), ci('kdeg_eff'), ci('f'), ci(sid(i))), [['f', num(logU(-1, 0)), 'dimensionless']]);
  }
  L.push('    </listOfReactions>');
  L.push('  </model>');
  L.push('</sbml>');
  return {
    text: L.join('\n') + '\n',
    counts: {
      species: n,
      reactions: rid,
      compartments: comps.length,
      localParameters,
      assignmentRules: nObs + 1,
      rateRules: 1,
      initialAssignments: 1,
    },
    tEnd: 1000,
  };
}

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const species = Number(arg('species', '1000'));
  const seed = Number(arg('seed', '20240611'));
  const out = resolve(arg('out', join(here, 'out', 'gen', `generated-${species}x${2 * species}.xml`)));
  const g = generateSbml({ species, seed });
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp${process.pid}`;
  writeFileSync(tmp, g.text);
  renameSync(tmp, out);
  process.stderr.write(`[bench/sbml] wrote ${out} (${g.counts.species} species, ${g.counts.reactions} reactions, ${(g.text.length / 1e6).toFixed(2)} MB)\n`);
  process.stdout.write(JSON.stringify({ file: out, ...g.counts, tEnd: g.tEnd, bytes: Buffer.byteLength(g.text) }) + '\n');
}
