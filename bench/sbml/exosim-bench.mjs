#!/usr/bin/env node
/**
 * ExoSim side of bench/sbml. Imports the BUILT library (dist/src/...) and prints one JSON object on stdout.
 *
 *   node exosim-bench.mjs cold --file <model.xml>
 *       A fresh process, laid out like libsbml-bench.py's cold run: read the file into memory; import the SBML
 *       reader (dist/src/sbml/import.js and what it imports; timed as moduleImportMs.sbml, like `import libsbml`);
 *       time ONE importSbml call alone (readMs: the first read in the process, before V8 has optimised anything;
 *       diagnostics are checked after the timer, as Python calls getNumErrors after its timer); only then import
 *       the compiler and simulator (moduleImportMs.compileSimulate) and time ONE compile and ONE simulate.
 *   node exosim-bench.mjs warm --file <model.xml> --read-reps N --compile-reps N --sim-reps N --warmup W
 *                              --t-end T --steps S
 *       W untimed warm-up calls of each stage, then N timed calls each; reports median and min (ms).
 *
 * Stages (all on the text already read into memory with readFileSync; no file I/O is timed):
 *   parseXml    src/sbml/xml.ts parseXml(text): XML -> XmlElement tree (fast scanner; saxes for anything else) (breakdown only)
 *   read        src/sbml/import.ts importSbml(text, { file }): parseXml + SBML -> FlatModel (MathML -> Expr,
 *               ids, units, rules, local parameters, checks). This is the figure compared with libSBML.
 *   compile     src/compile/compile.ts compileModel(flat, { jacobian: true }) (generates the kernels' source)
 *   firstKernel compiled.odeSystem(p) + one rates() and one Jacobian call: the `new Function` of the generated
 *               source happens here (on the first odeSystem call), so it is reported with compile
 *   simulate    src/simulate.ts simulate(compiled, { tEnd, steps }) with the defaults of `exosim run`
 *               (solver ode-auto, rtol 1e-6, atol 1e-12); wall time and solver counters (record.stats)
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const t00 = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
// EXOSIM_DIST=<dir> measures another build (its src/ folder inside <dir>), e.g. a copy of dist/ before a change
const dist = process.env.EXOSIM_DIST ? join(resolve(process.env.EXOSIM_DIST), 'src') : join(root, 'dist', 'src');

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function importDist(rel) {
  const f = join(dist, rel);
  if (!existsSync(f)) throw new Error(`${f} not found: build ExoSim first (npm run build)`);
  return import(pathToFileURL(f).href);
}

async function loadLibrary() {
  const t0 = performance.now();
  const xml = await importDist('sbml/xml.js');
  const imp = await importDist('sbml/import.js');
  const t1 = performance.now();
  const comp = await importDist('compile/compile.js');
  const sim = await importDist('simulate.js');
  const t2 = performance.now();
  return { parseXml: xml.parseXml, importSbml: imp.importSbml, compileModel: comp.compileModel, simulate: sim.simulate, buildParameters: sim.buildParameters, importSbmlMs: t1 - t0, importRestMs: t2 - t1 };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};
const summary = (xs) => ({ n: xs.length, medianMs: quantile(xs, 0.5), minMs: Math.min(...xs), maxMs: Math.max(...xs) });

function readOrThrow(lib, text, file) {
  const r = lib.importSbml(text, { file });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.flat || errors.length) {
    throw new Error(`importSbml refused ${file}: ${errors.slice(0, 5).map((d) => `${d.code}: ${d.message}`).join(' | ') || 'no model'}`);
  }
  return r;
}

function counts(flat) {
  const n = (x) => (Array.isArray(x) ? x.length : x && typeof x === 'object' ? Object.keys(x).length : 0);
  return {
    species: n(flat.species),
    reactions: n(flat.reactions),
    parameters: n(flat.parameters),
    compartments: n(flat.compartments),
    assignmentRules: n(flat.assignmentRules),
    rateRules: n(flat.rateRules),
    events: n(flat.events),
  };
}

/** One odeSystem() + rates + Jacobian call (the kernels are compiled from source on the first odeSystem call). */
function firstKernelCall(lib, compiled) {
  const { p } = lib.buildParameters(compiled);
  const y0 = compiled.initialState(p, 0);
  const t0 = performance.now();
  const sys = compiled.odeSystem(p);
  const dydt = new Float64Array(y0.length);
  sys.rates(0, y0, dydt);
  if (sys.sparsity && sys.jacobianSparse) sys.jacobianSparse(0, y0, new Float64Array(sys.sparsity.colIdx.length));
  else if (sys.jacobian) sys.jacobian(0, y0, new Float64Array(y0.length * y0.length));
  const t1 = performance.now();
  return t1 - t0;
}

function simulateOnce(lib, compiled, tEnd, steps) {
  const t0 = performance.now();
  const res = lib.simulate(compiled, { tEnd, steps });
  const ms = performance.now() - t0;
  const last = res.time.length - 1;
  return { ms, stats: res.record.stats, solver: res.record.solver.id, status: res.record.status, rows: res.time.length, yEnd0: res.values[0]?.[last] };
}

async function cold() {
  const file = resolve(arg('file'));
  const text = readFileSync(file, 'utf8');
  // the same steps as libsbml-bench.py cold: import the reader, then one read; nothing else loaded or run between
  const ti0 = performance.now();
  const imp = await importDist('sbml/import.js');
  const ti1 = performance.now();
  const t0 = performance.now();
  const raw = imp.importSbml(text, { file });
  const t1 = performance.now();
  const r = readOrThrow({ importSbml: () => raw }, text, file);
  const ti2 = performance.now();
  const comp = await importDist('compile/compile.js');
  const simMod = await importDist('simulate.js');
  const ti3 = performance.now();
  const lib = { importSbml: imp.importSbml, compileModel: comp.compileModel, simulate: simMod.simulate, buildParameters: simMod.buildParameters, importSbmlMs: ti1 - ti0, importRestMs: ti3 - ti2 };
  const t1c = performance.now();
  const compiled = lib.compileModel(r.flat, { jacobian: true });
  const t2 = performance.now();
  const kernelMs = firstKernelCall(lib, compiled);
  const tEnd = Number(arg('t-end', '100'));
  const steps = Number(arg('steps', '100'));
  const sim = simulateOnce(lib, compiled, tEnd, steps);
  process.stdout.write(
    JSON.stringify({
      mode: 'cold',
      file,
      bytes: Buffer.byteLength(text),
      moduleImportMs: { sbml: lib.importSbmlMs, compileSimulate: lib.importRestMs },
      readMs: t1 - t0,
      compileMs: t2 - t1c,
      firstKernelMs: kernelMs,
      simulate: sim,
      processToEndMs: performance.now() - t00,
      counts: counts(r.flat),
      warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code),
    }) + '\n',
  );
}

async function warm() {
  const file = resolve(arg('file'));
  const text = readFileSync(file, 'utf8');
  const lib = await loadLibrary();
  const readReps = Number(arg('read-reps', '50'));
  const compileReps = Number(arg('compile-reps', '10'));
  const simReps = Number(arg('sim-reps', '5'));
  const warmup = Number(arg('warmup', '5'));
  const tEnd = Number(arg('t-end', '100'));
  const steps = Number(arg('steps', '100'));

  // read: importSbml (and parseXml alone, as a breakdown), interleaved so load drifts hit both alike
  let r;
  for (let i = 0; i < warmup; i++) {
    lib.parseXml(text, { file });
    r = readOrThrow(lib, text, file);
  }
  const parseTimes = [];
  const readTimes = [];
  for (let i = 0; i < readReps; i++) {
    let t0 = performance.now();
    const px = lib.parseXml(text, { file });
    parseTimes.push(performance.now() - t0);
    if (!px.root) throw new Error(`parseXml failed on ${file}`);
    t0 = performance.now();
    r = readOrThrow(lib, text, file);
    readTimes.push(performance.now() - t0);
  }
  const flat = r.flat;

  // compile (with the analytic Jacobian, the default of compileModelText)
  let compiled;
  for (let i = 0; i < Math.min(warmup, 3); i++) compiled = lib.compileModel(flat, { jacobian: true });
  const compileTimes = [];
  for (let i = 0; i < compileReps; i++) {
    const t0 = performance.now();
    compiled = lib.compileModel(flat, { jacobian: true });
    compileTimes.push(performance.now() - t0);
  }
  const kernelMs = firstKernelCall(lib, compiled);

  // simulate: fresh solve each time on the same compiled model
  for (let i = 0; i < Math.min(warmup, 2); i++) simulateOnce(lib, compiled, tEnd, steps);
  const sims = [];
  for (let i = 0; i < simReps; i++) sims.push(simulateOnce(lib, compiled, tEnd, steps));

  process.stdout.write(
    JSON.stringify({
      mode: 'warm',
      file,
      bytes: Buffer.byteLength(text),
      warmup,
      parseXml: summary(parseTimes),
      read: summary(readTimes),
      compile: summary(compileTimes),
      firstKernelMs: kernelMs,
      codegen: compiled.codegen ?? 'js',
      stateCount: compiled.stateIds.length,
      simulate: { ...summary(sims.map((s) => s.ms)), tEnd, steps, solver: sims[0]?.solver, status: sims[0]?.status, stats: sims[0]?.stats, rows: sims[0]?.rows },
      counts: counts(flat),
      warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code),
    }) + '\n',
  );
}

const cmd = process.argv[2];
const run = cmd === 'cold' ? cold : cmd === 'warm' ? warm : undefined;
if (!run) {
  process.stderr.write('usage: node exosim-bench.mjs cold|warm --file <model.xml> [options]\n');
  process.exit(2);
}
run().catch((e) => {
  process.stderr.write(`[bench/sbml] exosim-bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
