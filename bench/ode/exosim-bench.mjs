#!/usr/bin/env node
/**
 * ExoSim side of bench/ode. Imports the BUILT library (dist/src/index.js; until that entry point exists, the
 * built modules dist/src/pipeline.js, dist/src/simulate.js and dist/src/solvers/index.js) and prints JSON lines.
 *
 *   node exosim-bench.mjs solve   --gen <dir> --problem <rober|hires|network> --solvers ode-bdf,ode-rosenbrock
 *                                 --rtols 1e-4,1e-6 --floor <errorFloor> --reps 5 --warmup 2
 *   node exosim-bench.mjs compile --gen <dir> --problem network --reps 10
 *
 * solve: compileModelText(yaml) once; then for each (solver, rtol) with atol = rtol * floor:
 *   - `warmup` untimed solves (V8 JIT: the first calls run in the interpreter / baseline tiers),
 *   - `reps` timed fresh solves of two kinds:
 *       integrateMs: compiled.odeSystem(p) + initialState + integrate(system, {outputTimes [0, tEnd]})
 *                    (solver only: the scope of the CVODE harness' timing, which also creates its solver)
 *       simulateMs:  simulate(compiled, { tEnd, steps: 1, solver, rtol, atol })   (the user-facing call)
 *   and reports best-of times, counters (result.record.stats) and the final state.
 * compile: times compileModelText on the network YAML `reps` times (first = cold, in a fresh process), and the
 *   stages loadModelText / flattenModel / compileModel separately when those modules are built.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = join(root, 'dist', 'src');

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function importDist(rel) {
  const f = join(dist, rel);
  if (!existsSync(f)) return undefined;
  return import(pathToFileURL(f).href);
}

/** The library API this bench needs, from the public entry point when it exists. */
async function loadLibrary() {
  const index = await importDist('index.js');
  const pipeline = await importDist('pipeline.js');
  const simulateMod = await importDist('simulate.js');
  const solvers = await importDist('solvers/index.js');
  const pick = (name, ...mods) => mods.find((m) => m && typeof m[name] === 'function')?.[name];
  const lib = {
    entry: index ? 'dist/src/index.js' : 'dist/src/{pipeline,simulate,solvers/index}.js (no index.js yet)',
    compileModelText: pick('compileModelText', index, pipeline),
    simulate: pick('simulate', index, simulateMod),
    integrate: pick('integrate', index, solvers),
    getSolver: pick('getSolver', index, solvers),
    resolveOdeSettings: pick('resolveOdeSettings', index, solvers),
    buildParameters: pick('buildParameters', index, simulateMod),
  };
  const missing = ['compileModelText', 'simulate'].filter((k) => !lib[k]);
  if (missing.length) throw new Error(`ExoSim library not ready: ${missing.join(', ')} not exported by the built library under ${dist}`);
  return lib;
}

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function compileOrThrow(lib, text, file) {
  const r = lib.compileModelText(text, { file });
  if (!r.compiled) {
    const msgs = r.diagnostics.filter((d) => d.severity !== 'warning').slice(0, 5).map((d) => `${d.code}: ${d.message}`);
    throw new Error(`compileModelText failed for ${file}: ${msgs.join(' | ') || 'no compiled model'}`);
  }
  return r.compiled;
}

async function solveCmd() {
  const lib = await loadLibrary();
  const gen = resolve(arg('gen', join(here, 'out', 'gen')));
  const name = arg('problem');
  const problems = JSON.parse(readFileSync(join(gen, 'problems.json'), 'utf8'));
  const prob = problems[name];
  if (!prob) throw new Error(`unknown problem ${name}`);
  const file = join(gen, `${name}.yaml`);
  const text = readFileSync(file, 'utf8');
  const compiled = compileOrThrow(lib, text, file);
  const solverIds = arg('solvers', 'ode-bdf,ode-rosenbrock').split(',');
  const rtols = arg('rtols', '1e-6').split(',').map(Number);
  const floor = Number(arg('floor', String(prob.errorFloor)));
  const reps = Number(arg('reps', '3'));
  const warmup = Number(arg('warmup', '1'));
  const tEnd = prob.tEnd;
  // state order: the bench's species order must be the compiled state order (x1..xn / y1..yn)
  const idx = prob.species.map((s) => compiled.stateIndex.get(s));
  if (idx.some((i) => i === undefined)) throw new Error(`compiled model lacks some species of ${name}`);

  for (const solverId of solverIds) {
    for (const rtol of rtols) {
      const atol = rtol * floor;
      const base = { tool: 'exosim', method: solverId, problem: name, rtol, atol };
      try {
        const p = lib.buildParameters ? lib.buildParameters(compiled, {}).p : Float64Array.from(compiled.defaultParameters);
        const n = compiled.stateIds.length;
        const atolVec = new Float64Array(n);
        for (let i = 0; i < n; i++) atolVec[i] = atol * compiled.atolScale[i];
        const canIntegrate = !!(lib.integrate && lib.getSolver && lib.resolveOdeSettings);
        const solveIntegrate = () => {
          const solver = lib.getSolver(solverId);
          const settings = lib.resolveOdeSettings({ rtol, atol: atolVec }, solver);
          const system = compiled.odeSystem(p);
          const y0 = compiled.initialState(p, 0);
          return { res: lib.integrate(system, { t0: 0, y0, outputTimes: Float64Array.of(0, tEnd), solver, settings }), settings };
        };
        const solveSimulate = () => lib.simulate(compiled, { tEnd, steps: 1, solver: solverId, rtol, atol });
        for (let w = 0; w < warmup; w++) { solveSimulate(); if (canIntegrate) solveIntegrate(); }
        const integrateMs = [], simulateMs = [];
        let ires, sres, linearSolver;
        for (let r = 0; r < reps; r++) {
          let t0 = performance.now();
          sres = solveSimulate();
          simulateMs.push(performance.now() - t0);
          if (canIntegrate) {
            t0 = performance.now();
            const x = solveIntegrate();
            integrateMs.push(performance.now() - t0);
            ires = x.res;
            linearSolver = x.settings.linearSolver;
          }
        }
        // final state from simulate (columns = outputs; species first, in declared units = base units here)
        const cols = sres.columns.map((c) => c.id);
        const y = prob.species.map((s) => {
          const k = cols.indexOf(s);
          const v = sres.values[k];
          return v[v.length - 1];
        });
        const yInt = ires ? idx.map((i) => ires.states[ires.states.length - 1][i]) : null;
        const st = sres.record.stats;
        out({
          ...base,
          linearSolver: linearSolver ?? null,
          timeMs: integrateMs.length ? Math.min(...integrateMs) : Math.min(...simulateMs),
          timeScope: integrateMs.length ? 'integrate' : 'simulate',
          integrateMs: integrateMs.length ? Math.min(...integrateMs) : null,
          simulateMs: Math.min(...simulateMs),
          timesMs: integrateMs.length ? integrateMs : simulateMs,
          simulateTimesMs: simulateMs,
          warmupRuns: warmup,
          steps: st.steps,
          rhsEvals: st.rhsEvals,
          jacobianEvals: st.jacobianEvals,
          luDecompositions: st.luDecompositions,
          rejectedSteps: st.rejectedSteps,
          newtonIterations: st.newtonIterations,
          newtonFailures: st.newtonFailures,
          y,
          maxAbsDiffIntegrateVsSimulate: yInt ? Math.max(...yInt.map((v, i) => Math.abs(v - y[i]))) : null,
          libraryEntry: lib.entry,
        });
      } catch (err) {
        out({ ...base, error: `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`, code: err?.code ?? err?.diagnostics?.[0]?.code ?? null });
      }
    }
  }
}

async function compileCmd() {
  const lib = await loadLibrary();
  const gen = resolve(arg('gen', join(here, 'out', 'gen')));
  const name = arg('problem', 'network');
  const reps = Number(arg('reps', '10'));
  const file = join(gen, `${name}.yaml`);
  const text = readFileSync(file, 'utf8');
  const model = await importDist('model/index.js');
  const compileMod = await importDist('compile/compile.js');
  const times = [];
  let compiled;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    compiled = compileOrThrow(lib, text, file);
    times.push(performance.now() - t0);
  }
  // stage split (warm): load (YAML parse + schema) / flatten (validate + units + expressions) / compile (index + codegen)
  let stages = null;
  if (model?.loadModelText && model?.flattenModel && compileMod?.compileModel) {
    const best = { loadMs: Infinity, flattenMs: Infinity, compileMs: Infinity };
    for (let r = 0; r < Math.max(1, Math.min(reps, 5)); r++) {
      let t0 = performance.now();
      const lr = model.loadModelText(text, { file });
      const t1 = performance.now();
      const fr = model.flattenModel(lr.loaded);
      const t2 = performance.now();
      compileMod.compileModel(fr.flat, {});
      const t3 = performance.now();
      best.loadMs = Math.min(best.loadMs, t1 - t0);
      best.flattenMs = Math.min(best.flattenMs, t2 - t1);
      best.compileMs = Math.min(best.compileMs, t3 - t2);
      t0 = t3;
    }
    stages = best;
  }
  // first evaluation of the generated kernels (new Function code is compiled lazily by V8)
  const p = Float64Array.from(compiled.defaultParameters);
  const t0 = performance.now();
  const sys = compiled.odeSystem(p);
  const y0 = compiled.initialState(p, 0);
  const f = new Float64Array(sys.n);
  sys.rates(0, y0, f);
  if (sys.jacobianSparse && sys.sparsity) sys.jacobianSparse(0, y0, new Float64Array(sys.sparsity.colIdx.length));
  else if (sys.jacobian) sys.jacobian(0, y0, new Float64Array(sys.n * sys.n));
  const firstKernelMs = performance.now() - t0;
  out({
    tool: 'exosim',
    kind: 'compile',
    problem: name,
    reactions: compiled.flat.reactions.length,
    species: compiled.flat.species.length,
    coldMs: times[0],
    bestMs: Math.min(...times),
    timesMs: times,
    stages,
    firstKernelCallMs: firstKernelMs,
    codeChars: compiled.code?.length ?? null,
    jacobian: sys.jacobianSparse ? 'sparse' : sys.jacobian ? 'dense' : 'none',
    libraryEntry: lib.entry,
  });
}

const cmd = process.argv[2];
try {
  if (cmd === 'solve') await solveCmd();
  else if (cmd === 'compile') await compileCmd();
  else {
    process.stderr.write('usage: exosim-bench.mjs solve|compile [options] (see the header comment)\n');
    process.exit(2);
  }
} catch (err) {
  process.stderr.write(`exosim-bench: ${err?.message ?? String(err)}\n`);
  process.exit(3);
}
