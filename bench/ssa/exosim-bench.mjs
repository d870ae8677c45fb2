#!/usr/bin/env node
/**
 * ExoSim side of bench/ssa. Imports the BUILT library (dist/src/...) and prints JSON lines on stdout.
 *
 *   node exosim-bench.mjs single   --file <model> --engines ssa-direct,ssa-next-reaction,... --t-end T --outputs K
 *                                  --reps R --warmup W --seed S
 *   node exosim-bench.mjs ensemble --file <model> --engine ssa-direct --replicates N --threads 1,2 --t-end T
 *                                  --outputs K --seed S
 *   node exosim-bench.mjs engines                    (the exact stochastic engines of the registry)
 *
 * single: compileModelText + buildParameters + compiled.reactionSystem(p) once (not timed); per engine, W untimed
 *   warm-up replicates over [0, T/10] (V8 compiles hot code lazily), then R timed replicates over [0, T] with K + 1
 *   equally spaced output times (as ssa.c), replicate i drawing from replicateStream(S, i). Timed: engine.run(...)
 *   only (the scope of ssa.c's timing: the simulation loop with output recording), wall time and the process's CPU
 *   time (process.cpuUsage: user + system, all threads of the process, so V8's background compiler and GC count).
 *   One line per replicate: {"engine","rep","firings","seconds","cpuSeconds","eventsPerSecond","eventsPerCpuSecond","checksum"}.
 * ensemble: simulateEnsemble(compiled, { tEnd, steps: K, solver, replicates: N, seed, threads, source }) for each
 *   thread count, wall time of the whole call (worker start-up and per-worker compilation included: what a user
 *   waits for), and the CPU time of all the process's threads (process.cpuUsage). One line per thread count:
 *   {"threads","workers","seconds","cpuSeconds","firings","replicatesDone"}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
// EXOSIM_DIST: another build of the library (e.g. a private tsc --outDir while dist/ is being rebuilt)
const dist = process.env.EXOSIM_DIST ? resolve(process.env.EXOSIM_DIST) : join(root, 'dist', 'src');

const argv = process.argv.slice(2);
const cmd = argv[0];
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

async function importDist(rel) {
  const f = join(dist, rel);
  if (!existsSync(f)) return undefined;
  return import(pathToFileURL(f).href);
}

/** The library pieces this bench needs; `missing` names what the build does not have yet. */
async function loadLibrary() {
  const [pipeline, simulateMod, registry, rng, ensemble] = await Promise.all([
    importDist('pipeline.js'),
    importDist('simulate.js'),
    importDist('solvers/stochastic/registry.js'),
    importDist('solvers/stochastic/rng.js'),
    importDist('ensemble.js'),
  ]);
  const lib = {
    compileModelText: pipeline?.compileModelText,
    buildParameters: simulateMod?.buildParameters,
    getStochasticSolver: registry?.getStochasticSolver,
    listStochasticSolvers: registry?.listStochasticSolvers,
    replicateStream: rng?.replicateStream,
    simulateEnsemble: ensemble?.simulateEnsemble,
  };
  const where = {
    compileModelText: 'dist/src/pipeline.js',
    buildParameters: 'dist/src/simulate.js',
    getStochasticSolver: 'dist/src/solvers/stochastic/registry.js',
    listStochasticSolvers: 'dist/src/solvers/stochastic/registry.js',
    replicateStream: 'dist/src/solvers/stochastic/rng.js',
    simulateEnsemble: 'dist/src/ensemble.js',
  };
  lib.missing = Object.keys(where).filter((k) => typeof lib[k] !== 'function').map((k) => `${k} (${where[k]})`);
  return lib;
}

function need(lib, names) {
  const miss = names.filter((k) => typeof lib[k] !== 'function');
  if (miss.length) throw new Error(`ExoSim library not ready: ${lib.missing.filter((m) => miss.some((k) => m.startsWith(k + ' '))).join(', ')} missing from the build`);
}

function compile(lib, file) {
  const text = readFileSync(file, 'utf8');
  const r = lib.compileModelText(text, { file: basename(file) });
  const errors = (r.diagnostics ?? []).filter((d) => d.severity === 'error');
  if (!r.compiled || errors.length) throw new Error(`${file} does not compile: ${errors.map((d) => `${d.code}: ${d.message}`).join('; ')}`);
  return { text, compiled: r.compiled, format: file.endsWith('.xml') ? 'sbml' : 'yaml' };
}

/** Settings of an engine: the descriptor's defaults (the harness passes no user settings). */
const defaults = (solver) => Object.fromEntries(solver.settings.map((s) => [s.name, s.default]));

const grid = (tEnd, K) => Float64Array.from({ length: K + 1 }, (_, i) => (tEnd * i) / K);

function exactEngines(lib) {
  return lib.listStochasticSolvers ? lib.listStochasticSolvers().filter((s) => s.exact).map((s) => s.id) : [];
}

async function single(lib) {
  need(lib, ['compileModelText', 'buildParameters', 'getStochasticSolver', 'replicateStream']);
  const file = resolve(arg('file'));
  const tEnd = Number(arg('t-end'));
  const K = Number(arg('outputs', '100'));
  const reps = Number(arg('reps', '3'));
  const warmup = Number(arg('warmup', '2'));
  const seed = Number(arg('seed', '1'));
  const engines = arg('engines', 'exact') === 'exact' ? exactEngines(lib) : arg('engines').split(',');
  const { compiled } = compile(lib, file);
  const { p } = lib.buildParameters(compiled);
  const system = compiled.reactionSystem(p);
  const x0 = system.initialState(0);
  const times = grid(tEnd, K);
  const warmTimes = grid(tEnd / 10, K);
  for (const id of engines) {
    let solver;
    try {
      solver = lib.getStochasticSolver(id);
    } catch (e) {
      out({ engine: id, error: `unknown engine: ${e.message}` });
      continue;
    }
    const settings = defaults(solver);
    try {
      for (let w = 0; w < warmup; w++) solver.run(system, { t0: 0, outputTimes: warmTimes, x0, rng: lib.replicateStream(seed + 1000, w), settings });
      for (let rep = 0; rep < reps; rep++) {
        const rng = lib.replicateStream(seed, rep);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = solver.run(system, { t0: 0, outputTimes: times, x0, rng, settings });
        const seconds = (performance.now() - t0) / 1000;
        const c1 = process.cpuUsage(c0);
        const cpuSeconds = (c1.user + c1.system) / 1e6;
        let checksum = 0;
        for (let j = 0; j < system.n; j++) checksum += r.states[(r.reached - 1) * system.n + j];
        out({ engine: id, rep, firings: r.firings, seconds, cpuSeconds, eventsPerSecond: r.firings / seconds, eventsPerCpuSecond: r.firings / cpuSeconds, checksum, status: r.status });
      }
    } catch (e) {
      out({ engine: id, error: String(e?.message ?? e).split('\n')[0] });
    }
  }
}

async function ensemble(lib) {
  need(lib, ['compileModelText', 'simulateEnsemble']);
  const file = resolve(arg('file'));
  const { text, compiled, format } = compile(lib, file);
  const tEnd = Number(arg('t-end'));
  const K = Number(arg('outputs', '100'));
  const N = Number(arg('replicates', '1000'));
  const seed = Number(arg('seed', '1'));
  const engine = arg('engine', 'ssa-direct');
  for (const threads of arg('threads', '1,2').split(',').map(Number)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await lib.simulateEnsemble(compiled, {
      tEnd, steps: K, solver: engine, replicates: N, seed, threads, stats: ['mean', 'sd'],
      source: { text, format, file: basename(file), path: file },
    });
    const seconds = (performance.now() - t0) / 1000;
    const c1 = process.cpuUsage(c0);
    const cpuSeconds = (c1.user + c1.system) / 1e6;
    const mean0 = r.series[0]?.values?.[K];
    out({ engine, threads, workers: r.record?.ensemble?.threads ?? null, seconds, cpuSeconds, firings: r.firings, replicatesDone: r.replicatesDone, eventsPerSecond: r.firings / seconds, mean0 });
  }
}

const lib = await loadLibrary();
try {
  if (cmd === 'single') await single(lib);
  else if (cmd === 'ensemble') await ensemble(lib);
  else if (cmd === 'engines') out({ engines: exactEngines(lib), all: lib.listStochasticSolvers?.().map((s) => ({ id: s.id, exact: s.exact })) ?? [], missing: lib.missing });
  else throw new Error('usage: exosim-bench.mjs single|ensemble|engines ...');
} catch (e) {
  out({ error: String(e?.message ?? e) });
  process.exitCode = 1;
}
