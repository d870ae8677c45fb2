#!/usr/bin/env node
/**
 * bench/ssa model generator: one description per model, written for both sides so that they simulate exactly the
 * same network:
 *   - the ExoSim model (YAML with explicit mass-action `rate` expressions; the dimerisation is DSMTS's own SBML),
 *   - the text description read by the C reference ssa.c (format in ssa.c's header).
 *
 *   node gen-models.mjs [--out <dir>] [--seed <n>]     writes <dir>/{dimerisation,exosome-toy,network-1000,linear}.{ssa.txt,yaml|xml path}
 *   node gen-models.mjs --write-toy                     rewrites bench/ssa/models/exosome-toy.yaml (committed) from TOY
 *
 * A model object: { name, title, species: [{ id, x0 }], reactions: [{ id, k, reactants: [[i, order]],
 * change: [[i, delta]] }], tEnd, outputs }. Mass-action propensity (Gillespie 1977, eq. 13-14):
 * a = k * prod h(x_i, order), h(x,1) = x, h(x,2) = x(x-1)/2: the ExoSim rate expression is written in exactly
 * that form (`k * A * B`, `k * A * (A - 1) / 2`), so ExoSim's propensity (SBML's stochastic reading of the
 * kinetic law, species counted in molecules/exosomes: count factor 1) equals the C one term by term.
 * test/bench/ssa-models.test.ts checks that equality on random states.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SEED = 20240611;
export const DSMTS_DIMERISATION = resolve(here, '..', '..', 'test', 'dsmts', 'cases', '00031', '00031-sbml-l3v2.xml'); // committed copy of the DSMTS case
export const TOY_YAML = join(here, 'models', 'exosome-toy.yaml');

/** mulberry32 (Tommy Ettinger, public domain): a small deterministic PRNG for the generator only. */
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

/** Mass-action propensity of reaction r at x (the formula of ssa.c). */
export function propensity(r, x) {
  let a = r.k;
  for (const [i, o] of r.reactants) {
    const v = x[i];
    a *= o === 1 ? v : o === 2 ? (v * (v - 1)) / 2 : (v * (v - 1) * (v - 2)) / 6;
  }
  return a;
}

/** Deterministic rates (reaction-rate equations) with the same propensities: dx/dt = sum_r change_r a_r(x). */
export function rates(model, x, out) {
  out.fill(0);
  for (const r of model.reactions) {
    const a = propensity(r, x);
    for (const [i, d] of r.change) out[i] += d * a;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// (1) Dimerisation, DSMTS 003-02 (case 00031): 2P -> P2 at k1 P (P-1)/2, P2 -> 2P at k2 P2, P0 = 1000.
// ---------------------------------------------------------------------------------------------------------------
export function dimerisation(file = DSMTS_DIMERISATION) {
  const xml = readFileSync(file, 'utf8');
  const attr = (tag, id, name) => {
    const m = new RegExp(`<${tag}\\s[^>]*id="${id}"[^>]*>`).exec(xml);
    const v = m && new RegExp(`${name}="([^"]+)"`).exec(m[0]);
    if (!v) throw new Error(`${file}: ${tag} ${id} has no ${name}`);
    return Number(v[1]);
  };
  const k1 = attr('parameter', 'k1', 'value');
  const k2 = attr('parameter', 'k2', 'value');
  const P0 = attr('species', 'P', 'initialAmount');
  const P20 = attr('species', 'P2', 'initialAmount');
  return {
    name: 'dimerisation',
    title: `Dimerisation, DSMTS 003-02 (00031): 2P -> P2 at k1 P(P-1)/2 (k1 = ${k1}), P2 -> 2P at k2 P2 (k2 = ${k2}), P0 = ${P0}`,
    exosimFile: file,
    species: [{ id: 'P', x0: P0 }, { id: 'P2', x0: P20 }],
    reactions: [
      { id: 'Dimerisation', k: k1, reactants: [[0, 2]], change: [[0, -2], [1, 1]] },
      { id: 'Disassociation', k: k2, reactants: [[1, 1]], change: [[1, -1], [0, 2]] },
    ],
    // equilibrium P ~ 132, P2 ~ 434: ~3.5 firings per second; 3e6 s ~ 1e7 firings
    tEnd: 3e6,
    outputs: 100,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// (2) A 3-species exosome-transfer toy (counts per recipient cell; TOY parameter values, orders of magnitude from
//     the sources named in the YAML).
// ---------------------------------------------------------------------------------------------------------------
export const TOY = {
  name: 'exosome-toy',
  title: 'Exosome transfer toy (3 species: E exosomes near one recipient cell, E_in internalised exosomes, M released miRNA copies; counts per cell)',
  species: [
    { id: 'E', x0: 0, unit: 'exosome', name: 'exosomes in the medium around one recipient cell' },
    { id: 'E_in', x0: 0, unit: 'exosome', name: 'internalised exosomes (endosomes) of the recipient cell' },
    { id: 'M', x0: 0, unit: 'molecule', name: 'miRNA copies released to the cytosol of the recipient cell' },
  ],
  parameters: [
    { id: 'k_sec', value: 60, unit: 'exosome/h', note: 'secretion by the donor cell(s) serving one recipient', source: 'order of magnitude of Chiu et al. 2016, Small (10-1000 exosomes per cancer cell per hour); TOY value' },
    { id: 'k_up', value: 0.05, unit: '1/h', note: 'uptake of a free exosome by the recipient cell', source: 'TOY value: about 1e3 exosomes taken up per cell per day is the order of parameters.md 5' },
    { id: 'k_clear', value: 0.15, unit: '1/h', note: 'loss of free exosomes (dilution, other cells)', source: 'TOY value' },
    { id: 'k_lys', value: 0.46, unit: '1/h', note: 'lysosomal degradation of internalised exosomes', source: 'ln 2 / 1.5 h (cargo half-life 1-2 h, parameters.md 5); TOY rounding' },
    { id: 'k_rel', value: 0.02, unit: '1/h', note: 'release of one miRNA copy per escaping exosome (a small probability per internalised exosome)', source: 'TOY value (escape fraction ~ k_rel / (k_rel + k_lys) = 4%; disputed range 1e-4 to 0.3, parameters.md 5)' },
    { id: 'k_deg', value: 0.029, unit: '1/h', note: 'degradation of cytosolic miRNA', source: 'ln 2 / 24 h (miRNA half-life of about a day); TOY rounding' },
  ],
  reactions: [
    { id: 'secretion', equation: '-> E', rate: 'k_sec', k: 'k_sec', reactants: [], change: [[0, 1]] },
    { id: 'uptake', equation: 'E -> E_in', rate: 'k_up * E', k: 'k_up', reactants: [[0, 1]], change: [[0, -1], [1, 1]] },
    { id: 'clearance', equation: 'E ->', rate: 'k_clear * E', k: 'k_clear', reactants: [[0, 1]], change: [[0, -1]] },
    { id: 'lysosomal_loss', equation: 'E_in ->', rate: 'k_lys * E_in', k: 'k_lys', reactants: [[1, 1]], change: [[1, -1]] },
    { id: 'release', equation: 'E_in -> M', rate: 'k_rel * E_in', k: 'k_rel', reactants: [[1, 1]], change: [[1, -1], [2, 1]] },
    { id: 'miRNA_decay', equation: 'M ->', rate: 'k_deg * M', k: 'k_deg', reactants: [[2, 1]], change: [[2, -1]] },
  ],
  // steady state: E = 60 / 0.2 = 300, E_in = 15 / 0.48 = 31, M = 0.625 / 0.029 = 22; ~150 firings per hour,
  // so 7e4 h ~ 1e7 firings (the 300 h transient is a small part)
  tEnd: 7e4,
  outputs: 100,
};

export function exosomeToy() {
  const pv = new Map(TOY.parameters.map((p) => [p.id, p.value]));
  return {
    name: TOY.name,
    title: TOY.title,
    exosimFile: TOY_YAML,
    species: TOY.species.map((s) => ({ id: s.id, x0: s.x0 })),
    reactions: TOY.reactions.map((r) => ({ id: r.id, k: pv.get(r.k), reactants: r.reactants, change: r.change })),
    tEnd: TOY.tEnd,
    outputs: TOY.outputs,
  };
}

/** The committed ExoSim YAML of the toy (models/exosome-toy.yaml), generated from TOY so that it cannot drift. */
export function toyYaml() {
  const L = [
    '# Exosome transfer TOY for bench/ssa (generated by bench/ssa/gen-models.mjs --write-toy; edit TOY there).',
    '# Three species counted per recipient cell: free exosomes E around the cell, internalised exosomes E_in, and',
    '# miRNA copies M released to the cytosol. An internalised exosome is either degraded in the lysosome or, with a',
    '# small probability, releases one miRNA copy (E_in -> M). The parameter values are TOY values of the right order',
    '# of magnitude (sources in each parameter); this model is a benchmark workload, not a calibrated model.',
    "exosim: '1'",
    'id: exosome_transfer_toy',
    `name: ${JSON.stringify(TOY.title)}`,
    'units: { time: h, substance: molecule, volume: pL }',
    'compartments:',
    '  - { id: cell, size: 1.4, unit: pL, description: cytoplasm of one recipient cell }',
    'species:',
    ...TOY.species.map((s) => `  - { id: ${s.id}, name: ${s.name}, compartment: cell, initialAmount: ${s.x0}, unit: ${s.unit}, hasOnlySubstanceUnits: true }`),
    'parameters:',
  ];
  for (const p of TOY.parameters) {
    L.push(`  - id: ${p.id}`, `    value: ${p.value}`, `    unit: ${p.unit}`, `    description: ${p.note}`, `    source: { citation: ${JSON.stringify(p.source)}, confidence: low }`);
  }
  L.push('reactions:');
  for (const r of TOY.reactions) L.push(`  - { id: ${r.id}, equation: '${r.equation}', rate: '${r.rate}' }`);
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// (3) A generated 1,000-reaction mass-action network (bounded).
// ---------------------------------------------------------------------------------------------------------------
/**
 * 250 species x1..x250 and 1,000 reactions (seeded): 400 conversions xa -> xb (the first 250 along one random
 * cycle through all species, k = 10^U(-1,0)), 300 bimolecular xa + xb -> xc (a, b, c distinct, k = 10^U(-4,-3)),
 * 150 productions -> xi (k = 10^U(1,2) copies per time) and 150 degradations xi -> (k = 10^U(-2,-1)).
 * Bounded: conversions conserve the total count, bimolecular steps remove one copy, every species reaches a
 * degradation along the cycle, production is constant. x0 = the deterministic steady state (explicit Euler to
 * t = 200, dt = 1e-2), rounded: ~200 copies per species, ~3e4 firings per time unit.
 */
export function network({ seed = DEFAULT_SEED, species = 250, conversions = 400, bimolecular = 300, productions = 150, degradations = 150 } = {}) {
  const rnd = mulberry32(seed);
  const int = (n) => Math.floor(rnd() * n);
  const logU = (lo, hi) => Number((10 ** (lo + (hi - lo) * rnd())).toPrecision(6));
  const n = species;
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const reactions = [];
  const add = (k, reactants, change) => reactions.push({ id: `r${reactions.length + 1}`, k, reactants, change });
  for (let c = 0; c < conversions; c++) {
    let a, b;
    if (c < n) [a, b] = [perm[c], perm[(c + 1) % n]];
    else do [a, b] = [int(n), int(n)]; while (a === b);
    add(logU(-1, 0), [[a, 1]], [[a, -1], [b, 1]]);
  }
  for (let c = 0; c < bimolecular; c++) {
    let a, b, d;
    do [a, b, d] = [int(n), int(n), int(n)]; while (a === b || d === a || d === b);
    add(logU(-4, -3), [[a, 1], [b, 1]], [[a, -1], [b, -1], [d, 1]]);
  }
  for (let c = 0; c < productions; c++) {
    const i = int(n);
    add(logU(1, 2), [], [[i, 1]]);
  }
  for (let c = 0; c < degradations; c++) {
    const i = int(n);
    add(logU(-2, -1), [[i, 1]], [[i, -1]]);
  }
  const model = {
    name: 'network-1000',
    title: `Generated mass-action network (seed ${seed}): ${n} species, ${reactions.length} reactions (${conversions} conversions, ${bimolecular} bimolecular, ${productions} productions, ${degradations} degradations)`,
    seed,
    species: Array.from({ length: n }, (_, i) => ({ id: `x${i + 1}`, x0: 0 })),
    reactions,
    tEnd: 50,
    outputs: 100,
  };
  // x0: deterministic steady state by explicit Euler (the largest rate constant times count is ~ 1 per time unit)
  const x = new Float64Array(n).fill(100);
  const f = new Float64Array(n);
  for (let step = 0; step < 20000; step++) {
    rates(model, x, f);
    for (let i = 0; i < n; i++) x[i] = Math.max(0, x[i] + 1e-2 * f[i]);
  }
  model.species.forEach((s, i) => (s.x0 = Math.round(x[i])));
  return model;
}

// ---------------------------------------------------------------------------------------------------------------
// A linear network for the statistical check of the C reference (test/bench/ssa-models.test.ts): means of a
// linear network obey the ODE exactly; D is immigration-death from 0, so D(t) ~ Poisson(20/0.5 (1 - e^{-0.5 t})).
// ---------------------------------------------------------------------------------------------------------------
export function linear() {
  return {
    name: 'linear',
    title: 'Linear network: -> A, A -> B, B -> C, A ->, C ->; -> D, D ->',
    species: [{ id: 'A', x0: 100 }, { id: 'B', x0: 0 }, { id: 'C', x0: 0 }, { id: 'D', x0: 0 }],
    reactions: [
      { id: 'inA', k: 50, reactants: [], change: [[0, 1]] },
      { id: 'AtoB', k: 0.5, reactants: [[0, 1]], change: [[0, -1], [1, 1]] },
      { id: 'BtoC', k: 0.3, reactants: [[1, 1]], change: [[1, -1], [2, 1]] },
      { id: 'degA', k: 0.1, reactants: [[0, 1]], change: [[0, -1]] },
      { id: 'degC', k: 0.2, reactants: [[2, 1]], change: [[2, -1]] },
      { id: 'inD', k: 20, reactants: [], change: [[3, 1]] },
      { id: 'degD', k: 0.5, reactants: [[3, 1]], change: [[3, -1]] },
    ],
    tEnd: 10,
    outputs: 5,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------------------------
const num = (x) => (Number.isInteger(x) ? String(x) : String(x));

/** The C description (ssa.c header). */
export function toSsaText(model) {
  const L = [`# ${model.title}`, '# Generated by bench/ssa/gen-models.mjs. Do not edit.', 'ssa-model 1', `species ${model.species.length}`];
  for (const s of model.species) L.push(`${s.id} ${num(s.x0)}`);
  L.push(`reactions ${model.reactions.length}`);
  for (const r of model.reactions) {
    L.push([r.id, num(r.k), r.reactants.length, ...r.reactants.flat(), r.change.length, ...r.change.flat()].join(' '));
  }
  return L.join('\n') + '\n';
}

/** ExoSim rate expression of reaction r with the propensity form of ssa.c. */
export function rateExpr(model, r, kName) {
  const f = [kName];
  for (const [i, o] of r.reactants) {
    const s = model.species[i].id;
    if (o === 1) f.push(s);
    else if (o === 2) f.push(`${s} * (${s} - 1) / 2`);
    else f.push(`${s} * (${s} - 1) * (${s} - 2) / 6`);
  }
  return f.join(' * ');
}

/** ExoSim YAML: counts in molecules (count factor 1), explicit rates in the ssa.c propensity form. */
export function toYaml(model) {
  const L = [
    `# ${model.title}`,
    '# Generated by bench/ssa/gen-models.mjs. Do not edit.',
    "exosim: '1'",
    `id: bench_ssa_${model.name.replace(/[^A-Za-z0-9_]/g, '_')}`,
    `name: ${JSON.stringify(model.title)}`,
    'units: { time: s, substance: molecule, volume: pL }',
    'compartments:',
    '  - { id: box, size: 1, unit: pL }',
    'species:',
  ];
  for (const s of model.species) L.push(`  - { id: ${s.id}, compartment: box, initialAmount: ${s.x0}, unit: molecule, hasOnlySubstanceUnits: true }`);
  L.push('parameters:');
  for (const r of model.reactions) {
    const order = r.reactants.reduce((a, [, o]) => a + o, 0);
    const unit = order === 0 ? 'molecule/s' : order === 1 ? '1/s' : `1/(molecule${order > 2 ? `^${order - 1}` : ''}*s)`;
    L.push(`  - { id: k_${r.id}, value: ${r.k}, unit: '${unit}' }`);
  }
  L.push('reactions:');
  for (const r of model.reactions) {
    const reac = [], prod = [];
    for (const [i, d] of r.change) (d < 0 ? reac : prod).push(`${Math.abs(d) === 1 ? '' : `${Math.abs(d)} `}${model.species[i].id}`);
    const mods = r.reactants.filter(([i]) => !r.change.some(([j]) => j === i)).map(([i]) => model.species[i].id);
    let line = `  - { id: ${r.id}, equation: '${reac.join(' + ')} -> ${prod.join(' + ')}'`;
    if (mods.length) line += `, modifiers: [${mods.join(', ')}]`;
    line += `, rate: '${rateExpr(model, r, `k_${r.id}`)}' }`;
    L.push(line.replace("equation: ' -> ", "equation: '-> ").replace(" -> '", " ->'"));
  }
  return L.join('\n') + '\n';
}

function writeAtomic(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** The three benchmark models (+ the linear check model), with the ExoSim file of each. */
export function benchModels({ seed = DEFAULT_SEED } = {}) {
  return [dimerisation(), exosomeToy(), network({ seed })];
}

/** Writes <out>/<name>.ssa.txt for every model and <out>/<name>.yaml for the generated ones; returns a manifest. */
export function writeModels(outDir, { seed = DEFAULT_SEED } = {}) {
  const manifest = [];
  for (const m of [...benchModels({ seed }), linear()]) {
    const ssaFile = join(outDir, `${m.name}.ssa.txt`);
    writeAtomic(ssaFile, toSsaText(m));
    let exosimFile = m.exosimFile;
    if (!exosimFile) {
      exosimFile = join(outDir, `${m.name}.yaml`);
      writeAtomic(exosimFile, toYaml(m));
    }
    manifest.push({ name: m.name, title: m.title, ssaFile, exosimFile, tEnd: m.tEnd, outputs: m.outputs, species: m.species.length, reactions: m.reactions.length });
  }
  writeAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
  if (argv.includes('--write-toy')) {
    writeAtomic(TOY_YAML, toyYaml());
    process.stderr.write(`[bench/ssa] wrote ${TOY_YAML}\n`);
  } else {
    const m = writeModels(resolve(opt('out', join(here, 'out', 'gen'))), { seed: Number(opt('seed', DEFAULT_SEED)) });
    process.stderr.write(`[bench/ssa] generated ${m.map((x) => `${x.name} (${x.species} species, ${x.reactions} reactions)`).join(', ')}\n`);
  }
}
