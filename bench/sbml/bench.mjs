#!/usr/bin/env node
/**
 * bench/sbml driver (called by run.sh): generates the 1,000 x 2,000 model, runs the ExoSim side
 * (exosim-bench.mjs) and the libSBML side (libsbml-bench.py) on the same files, and writes the report:
 * Markdown on stdout and in out/latest.md, all figures in out/latest.json and bench/sbml/results.json
 * (and bench/sbml/baseline.json with --baseline).
 *
 *   node bench.mjs [--quick] [--baseline] [--python /usr/bin/python3]
 *
 * Fairness: both sides read the file into memory first and time only the in-memory read; the warm runs of the
 * two tools alternate (ExoSim, libSBML, ExoSim, libSBML, ... `rounds` times) and their samples are pooled, so a
 * change of machine load hits both; cold figures are fresh processes (`coldRuns` per tool, alternating).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const out = join(here, 'out');
const quick = process.argv.includes('--quick');
const baseline = process.argv.includes('--baseline');
const pyIdx = process.argv.indexOf('--python');
const python = pyIdx >= 0 ? process.argv[pyIdx + 1] : '/usr/bin/python3';
const say = (m) => process.stderr.write(`[bench/sbml] ${m}\n`);

const BIOMODELS = resolve(process.env.SBML_BIOMODELS ?? join(root, '..', 'shared', 'conformance', 'biomodels'));

/** Benchmark cases. Simulation spans: BIOMD10 shows its sustained MAPK oscillations (period ~ 2,000 s) over
 * 0..10,000 s; BIOMD12 uses the time span of its SED-ML file (0..1,000, 1-unit grid); the generated model
 * 0..1,000 s (its slowest driven mode, the signal rate rule, has time constant 1/0.07 s). */
function cases(genFile) {
  const small = quick ? { readReps: 40, compileReps: 5, simReps: 2, warmup: 10, rounds: 1, coldRuns: 1, consistencyReps: 1 } : { readReps: 150, compileReps: 20, simReps: 10, warmup: 30, rounds: 2, coldRuns: 5, consistencyReps: 5 };
  const big = quick ? { readReps: 4, compileReps: 2, simReps: 1, warmup: 2, rounds: 1, coldRuns: 1, consistencyReps: 1 } : { readReps: 12, compileReps: 5, simReps: 3, warmup: 3, rounds: 2, coldRuns: 3, consistencyReps: 2 };
  return [
    { name: 'BIOMD0000000010', title: 'BIOMD0000000010 (Kholodenko 2000, MAPK cascade; SBML L2V4)', file: join(BIOMODELS, 'BIOMD0000000010', 'BIOMD0000000010.xml'), tEnd: 10000, steps: 1000, ...small },
    { name: 'BIOMD0000000012', title: 'BIOMD0000000012 (Elowitz & Leibler 2000, repressilator; SBML L2V1)', file: join(BIOMODELS, 'BIOMD0000000012', 'BIOMD0000000012_url.xml'), tEnd: 1000, steps: 1000, ...small },
    { name: 'generated-1000x2000', title: 'generated (gen-sbml.mjs, seed 20240611): 1,000 species, 2,000 reactions; SBML L3V2', file: genFile, tEnd: 1000, steps: 100, ...big },
  ];
}

function runJson(cmd, args) {
  const txt = execFileSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = txt.trim().split('\n').pop();
  return JSON.parse(line);
}

const fmt = (x) => (x === undefined || x === null || Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};
/** Pool summaries {n, medianMs, minMs, maxMs} of several rounds: min of mins, median of the round medians
 * weighted by n (the rounds have equal n, so the median of medians). */
const pool = (ss) => ({ n: ss.reduce((a, s) => a + s.n, 0), medianMs: quantile(ss.map((s) => s.medianMs), 0.5), minMs: Math.min(...ss.map((s) => s.minMs)), maxMs: Math.max(...ss.map((s) => s.maxMs)), rounds: ss.length });

function benchCase(c) {
  if (!existsSync(c.file)) throw new Error(`${c.file} not found (set SBML_BIOMODELS to the folder holding BIOMD0000000010/ and BIOMD0000000012/)`);
  say(`${c.name}: cold runs (${c.coldRuns} fresh processes per tool)`);
  const exoCold = [];
  const pyCold = [];
  for (let i = 0; i < c.coldRuns; i++) {
    exoCold.push(runJson(process.execPath, [join(here, 'exosim-bench.mjs'), 'cold', '--file', c.file, '--t-end', String(c.tEnd), '--steps', String(c.steps)]));
    pyCold.push(runJson(python, [join(here, 'libsbml-bench.py'), 'cold', '--file', c.file]));
  }
  say(`${c.name}: warm runs (${c.rounds} round(s), ${c.readReps} reads per round and tool)`);
  const exoWarm = [];
  const pyWarm = [];
  for (let r = 0; r < c.rounds; r++) {
    exoWarm.push(
      runJson(process.execPath, [
        join(here, 'exosim-bench.mjs'), 'warm', '--file', c.file, '--read-reps', String(c.readReps), '--compile-reps', String(c.compileReps),
        '--sim-reps', String(r === 0 ? c.simReps : 1), '--warmup', String(c.warmup), '--t-end', String(c.tEnd), '--steps', String(c.steps),
      ]),
    );
    pyWarm.push(runJson(python, [join(here, 'libsbml-bench.py'), 'warm', '--file', c.file, '--reps', String(c.readReps), '--warmup', String(c.warmup), '--consistency-reps', String(r === 0 ? c.consistencyReps : 0)]));
  }
  const coldSummary = (xs) => ({ n: xs.length, medianMs: quantile(xs, 0.5), minMs: Math.min(...xs) });
  const e0 = exoWarm[0];
  const res = {
    name: c.name,
    title: c.title,
    file: relative(root, c.file).startsWith('..') ? c.file : relative(root, c.file),
    bytes: e0.bytes,
    counts: e0.counts,
    exosim: {
      read: pool(exoWarm.map((w) => w.read)),
      parseXml: pool(exoWarm.map((w) => w.parseXml)),
      compile: pool(exoWarm.map((w) => w.compile)),
      firstKernelMs: e0.firstKernelMs,
      simulate: e0.simulate,
      stateCount: e0.stateCount,
      warnings: e0.warnings,
      cold: {
        readMs: coldSummary(exoCold.map((x) => x.readMs)),
        compileMs: coldSummary(exoCold.map((x) => x.compileMs)),
        firstKernelMs: coldSummary(exoCold.map((x) => x.firstKernelMs)),
        simulateMs: coldSummary(exoCold.map((x) => x.simulate.ms)),
        moduleImportMs: coldSummary(exoCold.map((x) => x.moduleImportMs.sbml)),
        moduleImportAllMs: coldSummary(exoCold.map((x) => x.moduleImportMs.sbml + x.moduleImportMs.compileSimulate)),
      },
    },
    libsbml: {
      read: pool(pyWarm.map((w) => w.read)),
      readErrors: pool(pyWarm.map((w) => w.readErrors)),
      readConsistency: pyWarm[0].readConsistency,
      numErrors: pyWarm[0].numErrors,
      consistencyIssues: pyWarm[0].consistencyIssues,
      counts: pyWarm[0].counts,
      cold: { readMs: coldSummary(pyCold.map((x) => x.readMs)), moduleImportMs: coldSummary(pyCold.map((x) => x.moduleImportMs)) },
    },
  };
  res.ratio = {
    readMedian: res.exosim.read.medianMs / res.libsbml.read.medianMs,
    readMin: res.exosim.read.minMs / res.libsbml.read.minMs,
    readVsReadErrorsMedian: res.exosim.read.medianMs / res.libsbml.readErrors.medianMs,
    coldReadMedian: res.exosim.cold.readMs.medianMs / res.libsbml.cold.readMs.medianMs,
  };
  return { res, env: { libsbml: pyWarm[0].libsbml, xmlParser: pyWarm[0].xmlParser, python: pyWarm[0].python } };
}

function version(cmd) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', cmd], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function report(data) {
  const L = [];
  const e = data.env;
  L.push(`### SBML benchmark: ExoSim vs libSBML (${data.env.mode} run)`);
  L.push('');
  L.push(`${e.date} | ${e.nproc} x ${e.cpu} | load average at start ${e.loadavg} | Node ${e.node} | libSBML ${e.libsbml} (Debian python3-sbml5 ${e.pythonSbml5}, ${e.xmlParser}) | Python ${e.python}`);
  L.push('');
  L.push('Read = the text already in memory -> model object. ExoSim: `importSbml(text, {file})` (XML parse: fast scanner, saxes fallback; + SBML -> FlatModel with expressions). libSBML: `readSBMLFromString(text)` (XML parse + SBMLDocument object model with ASTNode math + read-time error log; no consistency checks). Warm: median / min over all repetitions after warm-up, in ms; cold: the first read in a fresh process (median / min over the cold runs), module import not included (listed separately).');
  L.push('');
  L.push('#### Read');
  L.push('');
  L.push('| model | size | ExoSim read median / min | (parseXml alone) | libSBML read median / min | libSBML read + getNumErrors | ratio ExoSim / libSBML (median; min) | goal <= 1.0 | cold read ExoSim / libSBML | module import ExoSim (sbml) / libsbml |');
  L.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of data.models) {
    const x = r.exosim;
    const p = r.libsbml;
    L.push(
      `| ${r.name} | ${(r.bytes / 1024).toFixed(0)} KB | ${fmt(x.read.medianMs)} / ${fmt(x.read.minMs)} | ${fmt(x.parseXml.medianMs)} / ${fmt(x.parseXml.minMs)} | ${fmt(p.read.medianMs)} / ${fmt(p.read.minMs)} | ${fmt(p.readErrors.medianMs)} / ${fmt(p.readErrors.minMs)} | ${r.ratio.readMedian.toFixed(2)}; ${r.ratio.readMin.toFixed(2)} | ${r.ratio.readMedian <= 1 ? 'met' : '**not met**'} | ${fmt(x.cold.readMs.medianMs)} / ${fmt(p.cold.readMs.medianMs)} | ${fmt(x.cold.moduleImportMs.medianMs)} / ${fmt(p.cold.moduleImportMs.medianMs)} |`,
    );
  }
  L.push('');
  L.push('libSBML read + checkConsistency() (full validation, for reference; ExoSim does not do this much):');
  L.push('');
  L.push('| model | libSBML read + checkConsistency median / min ms | issues reported |');
  L.push('|---|---|---|');
  for (const r of data.models) L.push(`| ${r.name} | ${fmt(r.libsbml.readConsistency?.medianMs)} / ${fmt(r.libsbml.readConsistency?.minMs)} | ${r.libsbml.consistencyIssues ?? '-'} |`);
  L.push('');
  L.push('#### Compile and simulate (ExoSim)');
  L.push('');
  L.push('| model | species / reactions / states | compile (jacobian) median / min ms | first kernel call ms | cold compile ms | simulate: t span, points | solver | simulate median / min ms | cold simulate ms | steps (rejected) | rhs | Jac | LU |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of data.models) {
    const x = r.exosim;
    const s = x.simulate;
    const st = s.stats;
    L.push(
      `| ${r.name} | ${r.counts.species} / ${r.counts.reactions} / ${x.stateCount} | ${fmt(x.compile.medianMs)} / ${fmt(x.compile.minMs)} | ${fmt(x.firstKernelMs)} | ${fmt(x.cold.compileMs.medianMs)} | 0..${s.tEnd}, ${s.rows} | ${s.solver} (rtol 1e-6, atol 1e-12) | ${fmt(s.medianMs)} / ${fmt(s.minMs)} | ${fmt(x.cold.simulateMs.medianMs)} | ${st.steps} (${st.rejectedSteps}) | ${st.rhsEvals} | ${st.jacobianEvals} | ${st.luDecompositions} |`,
    );
  }
  L.push('');
  return L.join('\n');
}

function writeAtomic(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function main() {
  const genFile = join(out, 'gen', 'generated-1000x2000.xml');
  execFileSync(process.execPath, [join(here, 'gen-sbml.mjs'), '--out', genFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  const models = [];
  let penv = {};
  const loadavg = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  for (const c of cases(genFile)) {
    const { res, env } = benchCase(c);
    models.push(res);
    penv = env;
  }
  const data = {
    env: {
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      nproc: String(os.availableParallelism?.() ?? os.cpus().length),
      cpu: (os.cpus()[0]?.model ?? 'unknown').trim(),
      loadavg,
      loadavgEnd: os.loadavg().map((x) => x.toFixed(2)).join(' '),
      node: process.version,
      ...penv,
      pythonSbml5: version('python3-sbml5'),
      exosimEntry: 'dist/src/sbml/import.js, dist/src/compile/compile.js, dist/src/simulate.js',
      simulateDefaults: { solver: 'ode-auto', rtol: 1e-6, atol: 1e-12 },
    },
    models,
  };
  const md = report(data);
  writeAtomic(join(out, 'latest.md'), md + '\n');
  const json = JSON.stringify(data, null, 2) + '\n';
  writeAtomic(join(out, 'latest.json'), json);
  writeAtomic(join(here, 'results.json'), json);
  if (baseline) {
    writeAtomic(join(here, 'baseline.json'), json);
    say('baseline.json updated');
  }
  process.stdout.write(md + '\n');
  // sanity: both sides saw the same model
  for (const r of models) {
    if (r.libsbml.counts.species !== r.counts.species || r.libsbml.counts.reactions !== r.counts.reactions) {
      say(`WARNING: ${r.name}: ExoSim and libSBML disagree on counts (${JSON.stringify(r.counts)} vs ${JSON.stringify(r.libsbml.counts)})`);
    }
  }
}

main().catch((e) => {
  say(`ERROR: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
