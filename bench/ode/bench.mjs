#!/usr/bin/env node
/**
 * bench/ode orchestrator (called by run.sh after the peers are installed, the C harness compiled and the
 * library built): runs CVODE, SciPy (BDF, Radau, LSODA) and ExoSim (ode-bdf, ode-rosenbrock, ode-auto) on
 * ROBER, HIRES and the generated 1,000-species network at rtol in {1e-4, 1e-6, 1e-8} (atol = rtol * floor of
 * the problem), scores each final state against a reference, and writes a Markdown + JSON report:
 *   bench/ode/out/latest.md, bench/ode/out/latest.json (atomically: temp file + rename), table on stdout.
 *
 *   node bench.mjs [--quick] [--cvode <binary>] [--klu 0|1] [--python /usr/bin/python3] [--baseline]
 *
 * Accuracy: error = max_i |y_i(t_end) - ref_i| / |ref_i| over components with |ref_i| >= floor.
 * References: the Test Set's published end values (ROBER, HIRES); CVODE at rtol 1e-13 (network).
 * Work-precision: time to reach error 1e-6, by linear interpolation of log(time) against log(error) between a
 * tool's runs (points sorted by error); outside the measured range: '<=' the cheapest run when every run is
 * more accurate than 1e-6, '~extrap' (log-log extrapolation from the two most accurate runs) otherwise.
 * --baseline also copies the report to bench/ode/baseline.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(`--${n}`);
const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };

const quick = flag('quick');
const outDir = join(here, 'out');
const genDir = join(outDir, 'gen');
const cvodeBin = resolve(opt('cvode', join(outDir, 'bin', 'cvode-bench')));
const haveKlu = opt('klu', '1') === '1';
const python = opt('python', '/usr/bin/python3');
const TARGET = 1e-6;

const RTOLS = quick ? [1e-6] : [1e-4, 1e-6, 1e-8];
const PROBLEMS = (opt('problems', 'rober,hires,network')).split(',');
const SCIPY = ['BDF', 'Radau', 'LSODA'];
const EXOSIM = ['ode-bdf', 'ode-rosenbrock', 'ode-auto'];
const reps = (problem, tool, method) => {
  if (quick) return 1;
  if (problem !== 'network') return 5;
  if (tool === 'scipy') return method === 'LSODA' ? 1 : 2; // LSODA factors a dense 1000 x 1000 matrix: ~30 s per solve
  return 3;
};
const WARMUP = quick ? 1 : 2;

const log = (s) => process.stderr.write(`[bench/ode] ${s}\n`);

function runJsonLines(cmd, args, timeoutMs = 30 * 60 * 1000) {
  let text;
  try {
    text = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const msg = (err.stderr || err.message || String(err)).toString().trim().split('\n').slice(-3).join(' / ');
    return [{ error: `${cmd} failed: ${msg}` }];
  }
  return text.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l));
}

function maxRelError(y, ref, floor) {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    if (!(Math.abs(ref[i]) >= floor)) continue;
    const e = Math.abs((y[i] ?? NaN) - ref[i]) / Math.abs(ref[i]);
    if (!(e <= worst)) worst = e; // NaN propagates as worst
  }
  return worst;
}

/** Time to reach error TARGET from (error, time) points: see header. */
function timeAtTarget(points) {
  const pts = points.filter((p) => Number.isFinite(p.err) && p.err > 0 && Number.isFinite(p.time)).sort((a, b) => b.err - a.err);
  if (!pts.length) return { time: null, how: 'n/a' };
  const lt = (p) => Math.log(p.time), le = (p) => Math.log(p.err), lT = Math.log(TARGET);
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    if (a.err >= TARGET && b.err <= TARGET) {
      const w = le(a) === le(b) ? 0 : (lT - le(a)) / (le(b) - le(a));
      return { time: Math.exp(lt(a) + w * (lt(b) - lt(a))), how: 'interp' };
    }
  }
  if (pts.every((p) => p.err <= TARGET)) return { time: Math.min(...pts.map((p) => p.time)), how: '<=' };
  if (pts.length === 1) return { time: pts[0].time, how: `single run, err ${pts[0].err.toExponential(1)}` };
  const a = pts[pts.length - 2], b = pts[pts.length - 1];
  const slope = (lt(b) - lt(a)) / (le(b) - le(a) || -1e-300);
  return { time: Math.exp(lt(b) + slope * (lT - le(b))), how: '~extrap' };
}

function sh(cmd, args) {
  try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

function writeAtomic(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const fmt = (x, d = 3) => (x === null || x === undefined || Number.isNaN(x) ? '-' : typeof x === 'number' ? (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(d - 1) : x.toPrecision(d)) : String(x));
const fmtMs = (x) => (x === null || x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

// ---------------------------------------------------------------------------------------------------------
const problems = JSON.parse(readFileSync(join(genDir, 'problems.json'), 'utf8'));
const started = new Date().toISOString();
const runs = [];
const references = {};

for (const name of PROBLEMS) {
  const prob = problems[name];
  const floor = prob.errorFloor;
  const linsol = name === 'network' && haveKlu ? 'klu' : 'dense';
  log(`${name}: reference`);
  if (prob.reference) {
    references[name] = { source: 'Test Set for IVP Solvers (Mazzia & Magherini, release 2.4) published end values', y: prob.reference };
    // peer validation: CVODE at rtol 1e-10 must reproduce the published values
    const [v] = runJsonLines(cvodeBin, [name, '1e-10', String(1e-10 * floor), '1', linsol]);
    references[name].cvodeAtRtol1e10Error = v.error ? null : maxRelError(v.y, prob.reference, floor);
  } else {
    const refRtol = 1e-13;
    const [r] = runJsonLines(cvodeBin, [name, String(refRtol), String(refRtol * floor), '1', linsol]);
    if (r.error) throw new Error(`reference run failed: ${r.error}`);
    const [r2] = runJsonLines(cvodeBin, [name, '1e-12', String(1e-12 * floor), '1', linsol]);
    references[name] = {
      source: `CVODE rtol ${refRtol}, atol ${refRtol * floor}, ${linsol}`,
      y: r.y,
      maxAbsRhsAtEnd: r.maxAbsRhsAtEnd,
      selfCheckErrorVsRtol1e12: r2.error ? null : maxRelError(r2.y, r.y, floor),
      scoredComponents: r.y.filter((v) => Math.abs(v) >= floor).length,
    };
  }
  const ref = references[name].y;

  const record = (res) => {
    const base = { ...res };
    if (!res.error) base.error_ = maxRelError(res.y, ref, floor);
    delete base.y;
    base.err = base.error_ ?? null;
    delete base.error_;
    runs.push(base);
    log(`  ${base.tool} ${base.method} rtol ${fmt(base.rtol)}: ${base.error ? 'FAILED ' + base.error : `err ${fmt(base.err)} time ${fmtMs(base.timeMs)} ms steps ${base.steps}`}`);
  };

  for (const rtol of RTOLS) {
    const atol = rtol * floor;
    const [c] = runJsonLines(cvodeBin, [name, String(rtol), String(atol), String(reps(name, 'cvode')), linsol]);
    record({ tool: 'cvode', method: 'BDF', problem: name, rtol, atol, ...c });
    for (const m of SCIPY) {
      const [s] = runJsonLines(python, [join(here, 'scipy-bench.py'), join(genDir, 'problems.json'), name, m, String(rtol), String(atol), String(reps(name, 'scipy', m))]);
      record({ tool: 'scipy', method: m, problem: name, rtol, atol, ...s });
    }
  }
  const ex = runJsonLines(process.execPath, [join(here, 'exosim-bench.mjs'), 'solve', '--gen', genDir, '--problem', name, '--solvers', EXOSIM.join(','), '--rtols', RTOLS.join(','), '--floor', String(floor), '--reps', String(reps(name, 'exosim')), '--warmup', String(WARMUP)]);
  for (const e of ex) record({ tool: 'exosim', problem: name, ...e });
}

log('ExoSim compile time (network)');
const [compileRes] = runJsonLines(process.execPath, [join(here, 'exosim-bench.mjs'), 'compile', '--gen', genDir, '--problem', 'network', '--reps', quick ? '3' : '10']);

// ---------------------------------------------------------------------------------------------------------
// Work-precision and ratios
const key = (r) => `${r.tool} ${r.method}`;
const wp = {};
for (const name of PROBLEMS) {
  wp[name] = {};
  const rs = runs.filter((r) => r.problem === name);
  for (const k of [...new Set(rs.map(key))]) {
    const pts = rs.filter((r) => key(r) === k && !r.error).map((r) => ({ err: r.err, time: r.timeMs }));
    wp[name][k] = timeAtTarget(pts);
  }
}
const goals = {};
for (const name of PROBLEMS) {
  const w = wp[name];
  const cv = w['cvode BDF']?.time ?? null;
  goals[name] = {};
  for (const m of EXOSIM) {
    const t = w[`exosim ${m}`]?.time ?? null;
    const vsCvode = t !== null && cv ? t / cv : null;
    const vsScipy = Object.fromEntries(SCIPY.map((s) => [s, t !== null && w[`scipy ${s}`]?.time ? t / w[`scipy ${s}`].time : null]));
    goals[name][m] = {
      timeAtTargetMs: t,
      ratioVsCvode: vsCvode,
      ratioVsScipy: vsScipy,
      withinCvode1_5x: vsCvode === null ? null : vsCvode <= 1.5,
      fasterThanAllScipy: Object.values(vsScipy).some((x) => x === null) ? null : Object.values(vsScipy).every((x) => x < 1),
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Environment
const cpuModel = (() => { try { return readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model; } catch { return cpus()[0]?.model; } })();
const scipyRun = runs.find((r) => r.tool === 'scipy' && r.scipy);
const env = {
  date: started,
  mode: quick ? 'quick' : 'full',
  nproc: sh('nproc', []),
  cpu: cpuModel,
  node: process.version,
  cvode: sh('dpkg-query', ['-W', '-f=${Version}', 'libsundials-dev']),
  cvodeLinearSolver: { rober: 'dense (SUNLinSol_Dense)', hires: 'dense (SUNLinSol_Dense)', network: haveKlu ? 'sparse KLU (SUNLinSol_KLU, CSR)' : 'dense (SUNLinSol_Dense; KLU not available)' },
  scipy: scipyRun?.scipy ?? null,
  numpy: scipyRun?.numpy ?? null,
  python: sh(python, ['--version']),
  gcc: sh('gcc', ['-dumpfullversion']),
  exosimEntry: runs.find((r) => r.libraryEntry)?.libraryEntry ?? null,
  rtols: RTOLS,
  target: TARGET,
  reps: quick ? 'quick: 1 per run' : 'ROBER/HIRES 5; network: CVODE 3, SciPy BDF/Radau 2, LSODA 1, ExoSim 3',
  exosimWarmup: WARMUP,
};

// ---------------------------------------------------------------------------------------------------------
// Markdown
const L = [];
L.push(`# ODE benchmark: ExoSim vs CVODE vs SciPy (${quick ? 'quick' : 'full'} run)`);
L.push('');
L.push(`${env.date} | ${env.nproc} x ${env.cpu} | Node ${env.node} | SUNDIALS ${env.cvode} | SciPy ${env.scipy} (NumPy ${env.numpy}) | gcc ${env.gcc}`);
L.push('');
L.push(`Error = max relative error at t_end over components with |ref| >= floor; atol = rtol x floor. Times are best-of-repetitions wall times in ms (each repetition a fresh solve; ExoSim after ${WARMUP} untimed warm-up solve(s) per configuration for the V8 JIT). ExoSim time = integrate() (solver only, incl. creating the ODE system); the simulate() column is the full user-facing call.`);
L.push('');
for (const name of PROBLEMS) {
  const prob = problems[name];
  const refInfo = references[name];
  L.push(`## ${prob.title}`);
  L.push('');
  L.push(`t_end = ${prob.tEnd}, floor = ${prob.errorFloor}, reference: ${refInfo.source}` +
    (refInfo.cvodeAtRtol1e10Error !== undefined ? ` (CVODE at rtol 1e-10 reproduces it to ${fmt(refInfo.cvodeAtRtol1e10Error)})` : '') +
    (refInfo.selfCheckErrorVsRtol1e12 !== undefined ? ` (CVODE rtol 1e-12 differs by ${fmt(refInfo.selfCheckErrorVsRtol1e12)}; max abs f(y_end) = ${fmt(refInfo.maxAbsRhsAtEnd)}; ${refInfo.scoredComponents} components scored)` : '') + '.');
  L.push('');
  L.push('| tool | method | linear solver | rtol | error | steps | rhs evals | Jac evals | LU | time ms | simulate ms |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|');
  const rs = runs.filter((r) => r.problem === name).sort((a, b) => b.rtol - a.rtol);
  for (const rtol of RTOLS) {
    for (const r of rs.filter((x) => x.rtol === rtol)) {
      if (r.error) { L.push(`| ${r.tool} | ${r.method} | - | ${fmt(rtol)} | FAILED: ${String(r.error).replace(/\|/g, '/').slice(0, 120)} | | | | | | |`); continue; }
      const ls = r.tool === 'exosim' ? (r.linearSolver === 'auto' ? (prob.n >= 100 ? 'auto (sparse)' : 'auto (dense)') : r.linearSolver ?? '-') : r.linearSolver;
      L.push(`| ${r.tool} | ${r.method} | ${ls} | ${fmt(rtol)} | ${fmt(r.err)} | ${r.steps} | ${r.rhsEvals} | ${r.jacobianEvals} | ${r.luDecompositions ?? '-'} | ${fmtMs(r.timeMs)} | ${r.tool === 'exosim' ? fmtMs(r.simulateMs) : ''} |`);
    }
  }
  L.push('');
  L.push(`Work-precision: time to reach error 1e-6:`);
  L.push('');
  L.push('| tool | method | time ms at error 1e-6 | how |');
  L.push('|---|---|---|---|');
  for (const [k, v] of Object.entries(wp[name])) L.push(`| ${k.split(' ')[0]} | ${k.split(' ')[1]} | ${fmtMs(v.time)} | ${v.how} |`);
  L.push('');
  L.push('| ExoSim method | / CVODE | / SciPy BDF | / SciPy Radau | / SciPy LSODA | <= 1.5x CVODE | faster than all SciPy |');
  L.push('|---|---|---|---|---|---|---|');
  for (const m of EXOSIM) {
    const g = goals[name][m];
    const yn = (b) => (b === null ? '-' : b ? 'yes' : 'no');
    L.push(`| ${m} | ${fmt(g.ratioVsCvode)} | ${fmt(g.ratioVsScipy.BDF)} | ${fmt(g.ratioVsScipy.Radau)} | ${fmt(g.ratioVsScipy.LSODA)} | ${yn(g.withinCvode1_5x)} | ${yn(g.fasterThanAllScipy)} |`);
  }
  L.push('');
}
L.push('## ExoSim model compile time (network: 1,000 species, 2,000 reactions; goal < 100 ms)');
L.push('');
if (compileRes && !compileRes.error) {
  L.push(`compileModelText: cold (first in a fresh process) ${fmtMs(compileRes.coldMs)} ms, best of ${compileRes.timesMs.length} ${fmtMs(compileRes.bestMs)} ms` +
    (compileRes.stages ? `; stages (warm, best): load ${fmtMs(compileRes.stages.loadMs)} ms, flatten ${fmtMs(compileRes.stages.flattenMs)} ms, compile ${fmtMs(compileRes.stages.compileMs)} ms` : '') +
    `; first kernel calls (rates + Jacobian) ${fmtMs(compileRes.firstKernelCallMs)} ms; generated code ${compileRes.codeChars} chars. Goal met: ${compileRes.coldMs < 100 ? 'yes' : compileRes.bestMs < 100 ? 'warm only' : 'no'}.`);
} else L.push(`FAILED: ${compileRes?.error ?? 'no result'}`);
L.push('');
const md = L.join('\n') + '\n';

mkdirSync(outDir, { recursive: true });
const report = { env, references: Object.fromEntries(Object.entries(references).map(([k, v]) => [k, { ...v, y: PROBLEMS.includes(k) && v.y.length > 20 ? `(${v.y.length} values)` : v.y }])), runs, workPrecision: wp, goals, compile: compileRes };
writeAtomic(join(outDir, 'latest.md'), md);
writeAtomic(join(outDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
if (flag('baseline')) writeAtomic(join(here, 'baseline.json'), JSON.stringify(report, null, 2) + '\n');
process.stdout.write(md);
const failures = runs.filter((r) => r.error);
if (failures.length) log(`${failures.length} run(s) failed (see table)`);
