#!/usr/bin/env node
/**
 * bench/ssa orchestrator (called by run.sh after ssa.c is compiled and the library built): firings per second of
 * ExoSim's exact stochastic engines against the C direct method (ssa.c) on three models, and the ensemble
 * speed-up on 2 threads. Writes out/latest.md and out/latest.json (atomically), the table on stdout, and
 * bench/ssa/baseline.json with --baseline.
 *
 *   node bench.mjs [--quick] [--baseline] [--ssa <binary>] [--models a,b] [--rounds R]
 *
 * Single-threaded speed: for every model, `rounds` rounds; in each round the C program (fresh process, `cReps`
 * timed replicates) and the ExoSim harness (a fresh process per exact engine: 2 untimed warm-up replicates over
 * a tenth of the span, then `exoReps` timed replicates) run one after the other, the order alternating between
 * rounds so that a change of machine load hits both. Figures: median over all timed replicates of
 * firings / second (each replicate is one run from x0 over [0, tEnd] with 101 output times, timed around the
 * simulation loop only on both sides), ratio = median ExoSim / median C. Goal: ratio >= 0.75.
 * Ensemble: simulateEnsemble with threads = 1 and threads = 2 (worker threads; wall time of the whole call),
 * alternating order, `ensRounds` fresh processes; speed-up = median(T1) / median(T2). Goal: >= 1.8.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeModels } from './gen-models.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const outDir = join(here, 'out');
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(`--${n}`);
const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
const quick = flag('quick');
const baseline = flag('baseline');
const ssaBin = resolve(opt('ssa', join(outDir, 'bin', 'ssa')));
const say = (m) => process.stderr.write(`[bench/ssa] ${m}\n`);

const CFG = quick
  ? { rounds: 1, cReps: 1, exoReps: 1, warmup: 1, span: 0.1, ensRounds: 1, ensReplicates: 200 }
  : { rounds: 5, cReps: 2, exoReps: 2, warmup: 2, span: 1, ensRounds: 3, ensReplicates: 10000 };
if (opt('rounds')) CFG.rounds = Number(opt('rounds'));
const ENSEMBLE = { model: 'exosome-toy', engine: 'ssa-direct', tEnd: 168, outputs: 168 }; // one week in hours, hourly outputs (~2.2e4 firings per replicate)

function runJsonLines(cmd, args) {
  let text;
  try {
    text = execFileSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60 * 60 * 1000 });
  } catch (err) {
    text = (err.stdout ?? '').toString();
    const msg = (err.stderr || err.message || String(err)).toString().trim().split('\n').slice(-3).join(' / ');
    const lines = text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    return lines.length ? lines : [{ error: `${cmd} ${args[0]} failed: ${msg}` }];
  }
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) => ({ n: xs.length, median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const fmtRate = (x) => (Number.isFinite(x) ? (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`) : '-');
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function writeAtomic(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

// ---------------------------------------------------------------------------------------------------------------
const env = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  nproc: sh('nproc', []),
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  cc: sh('cc', ['--version']).split('\n')[0],
  ccFlags: '-O2',
  loadavgStart: loadavg().map((x) => +x.toFixed(2)),
  config: CFG,
};
const manifest = writeModels(join(outDir, 'gen')).filter((m) => m.name !== 'linear');
const wanted = opt('models') ? opt('models').split(',') : manifest.map((m) => m.name);
const exo = join(here, 'exosim-bench.mjs');
const engInfo = runJsonLines(process.execPath, [exo, 'engines'])[0] ?? {};
const engines = engInfo.engines ?? [];
env.exosimEngines = engines;
env.exosimMissing = engInfo.missing ?? [];
if (!engines.length) say(`no exact ExoSim engine in the build (${(engInfo.missing ?? [engInfo.error]).join(', ')}): C side only`);

const models = [];
for (const m of manifest.filter((x) => wanted.includes(x.name))) {
  const tEnd = m.tEnd * CFG.span;
  say(`${m.name}: ${CFG.rounds} round(s), t_end ${tEnd}, engines C${engines.map((e) => `, ${e}`).join('')}`);
  const c = [];
  const ex = new Map(engines.map((e) => [e, []]));
  const errors = [];
  for (let round = 0; round < CFG.rounds; round++) {
    const seed = String(1 + 1000 * round);
    const runC = () => {
      for (const l of runJsonLines(ssaBin, ['bench', m.ssaFile, '--t-end', String(tEnd), '--outputs', String(m.outputs), '--seed', seed, '--reps', String(CFG.cReps)])) {
        if (l.error) errors.push(`C: ${l.error}`);
        else c.push(l);
      }
    };
    // one fresh process per engine (a process running several engines makes runExact's call sites polymorphic),
    // the engine order rotating between rounds
    const runExo = () => {
      for (let q = 0; q < engines.length; q++) {
        const e = engines[(q + round) % engines.length];
        const lines = runJsonLines(process.execPath, [exo, 'single', '--file', m.exosimFile, '--engines', e, '--t-end', String(tEnd), '--outputs', String(m.outputs), '--reps', String(CFG.exoReps), '--warmup', String(CFG.warmup), '--seed', seed]);
        for (const l of lines) {
          if (l.error) errors.push(`${l.engine ?? e}: ${l.error}`);
          else ex.get(l.engine)?.push(l);
        }
      }
    };
    if (round % 2 === 0) { runC(); runExo(); } else { runExo(); runC(); }
  }
  const cs = summary(c.map((l) => l.eventsPerSecond));
  const cc = summary(c.map((l) => l.eventsPerCpuSecond));
  const res = {
    name: m.name, title: m.title, species: m.species, reactions: m.reactions, tEnd, outputs: m.outputs,
    firingsPerRun: median(c.map((l) => l.firings)),
    c: { eventsPerSecond: cs, eventsPerCpuSecond: cc, secondsPerRun: median(c.map((l) => l.seconds)) },
    exosim: {},
    errors: [...new Set(errors)],
  };
  for (const [e, ls] of ex) {
    if (!ls.length) continue;
    const s = summary(ls.map((l) => l.eventsPerSecond));
    const sc = summary(ls.map((l) => l.eventsPerCpuSecond));
    res.exosim[e] = {
      eventsPerSecond: s, eventsPerCpuSecond: sc, secondsPerRun: median(ls.map((l) => l.seconds)), firingsPerRun: median(ls.map((l) => l.firings)),
      ratio: s.median / cs.median, ratioCpu: sc.median / cc.median,
    };
  }
  models.push(res);
  say(`${m.name}: C ${fmtRate(cs.median)}/s (${fmtRate(cc.median)}/CPU s); ${Object.entries(res.exosim).map(([e, r]) => `${e} ${fmtRate(r.eventsPerSecond.median)}/s (${fmt(r.ratio)}x; CPU ${fmt(r.ratioCpu)}x)`).join(', ')}${res.errors.length ? `; errors: ${res.errors.join(' | ')}` : ''}`);
}

// ---------------------------------------------------------------------------------------------------------------
let ensemble = null;
const ensModel = manifest.find((m) => m.name === ENSEMBLE.model);
if (engines.includes(ENSEMBLE.engine) && ensModel && !env.exosimMissing.some((x) => x.startsWith('simulateEnsemble'))) {
  const tEnd = ENSEMBLE.tEnd;
  say(`ensemble: ${ENSEMBLE.model}, ${ENSEMBLE.engine}, ${CFG.ensReplicates} replicates over [0, ${tEnd}], threads 1 and 2, ${CFG.ensRounds} round(s)`);
  const byThreads = { 1: [], 2: [] };
  const errors = [];
  for (let round = 0; round < CFG.ensRounds; round++) {
    const order = round % 2 === 0 ? '1,2' : '2,1';
    for (const l of runJsonLines(process.execPath, [exo, 'ensemble', '--file', ensModel.exosimFile, '--engine', ENSEMBLE.engine, '--replicates', String(CFG.ensReplicates), '--threads', order, '--t-end', String(tEnd), '--outputs', String(ENSEMBLE.outputs), '--seed', String(7 + round)])) {
      if (l.error) errors.push(l.error);
      else byThreads[l.threads].push(l);
    }
  }
  const t1 = summary(byThreads[1].map((l) => l.seconds));
  const t2 = summary(byThreads[2].map((l) => l.seconds));
  ensemble = {
    model: ENSEMBLE.model, engine: ENSEMBLE.engine, replicates: CFG.ensReplicates, tEnd, outputs: ENSEMBLE.outputs,
    firings: byThreads[1][0]?.firings ?? byThreads[2][0]?.firings ?? null,
    workers: { 1: byThreads[1][0]?.workers ?? null, 2: byThreads[2][0]?.workers ?? null },
    threads1: t1, threads2: t2, speedup: t1.median / t2.median,
    cpuSeconds: { 1: median(byThreads[1].map((l) => l.cpuSeconds)), 2: median(byThreads[2].map((l) => l.cpuSeconds)) },
    // cores the process actually got (CPU s / wall s): below ~1.9 for 2 threads the machine did not offer 2 cores
    coresUsed: { 1: median(byThreads[1].map((l) => l.cpuSeconds / l.seconds)), 2: median(byThreads[2].map((l) => l.cpuSeconds / l.seconds)) },
    sameMeans: byThreads[1].length && byThreads[2].length ? byThreads[1].every((l, i) => byThreads[2][i] === undefined || l.mean0 === byThreads[2][i].mean0) : null,
    errors: [...new Set(errors)],
  };
  // the speed-up the work ratio predicts for 2 free cores, 2 x CPU(1) / CPU(2) (shows the extra work of the second
  // worker: start-up, model compilation, JIT warm-up); measured speed-ups only count when coresUsed[2] >= 1.9
  ensemble.speedupBound = (2 * ensemble.cpuSeconds[1]) / ensemble.cpuSeconds[2];
  ensemble.measurable = ensemble.coresUsed[2] >= 1.9;
  say(`ensemble: T1 ${fmt(t1.median)} s, T2 ${fmt(t2.median)} s, speed-up ${fmt(ensemble.speedup)}${errors.length ? `; errors: ${errors.join(' | ')}` : ''}`);
} else {
  say(`ensemble: skipped (${ENSEMBLE.engine} or simulateEnsemble not in the build)`);
}
env.loadavgEnd = loadavg().map((x) => +x.toFixed(2));

// ---------------------------------------------------------------------------------------------------------------
const report = { env, models, ensemble };
const L = [];
L.push(`# bench/ssa (${env.mode}, ${env.date})`, '');
L.push(`${env.nproc} CPU (${env.cpu}), Node ${env.node}, ${env.cc} ${env.ccFlags}; load average ${env.loadavgStart.join(' ')} at the start, ${env.loadavgEnd.join(' ')} at the end.`, '');
const eng = [...new Set(models.flatMap((m) => Object.keys(m.exosim)))];
for (const [title, key, rk] of [
  ['Single-threaded firings per second, wall time (median over rounds; goal ExoSim >= 0.75 x C)', 'eventsPerSecond', 'ratio'],
  ['Single-threaded firings per CPU second (process CPU time: robust to time-slicing on a loaded machine)', 'eventsPerCpuSecond', 'ratioCpu'],
]) {
  L.push(`## ${title}`, '');
  L.push(`| model | species | reactions | firings per run | C direct | ${eng.map((e) => `${e} (x C)`).join(' | ')} |`);
  L.push(`|---|---|---|---|---|${eng.map(() => '---|').join('')}`);
  for (const m of models) {
    const cells = eng.map((e) => (m.exosim[e] ? `${fmtRate(m.exosim[e][key].median)}/s (${fmt(m.exosim[e][rk])}${m.exosim[e][rk] >= 0.75 ? '' : ' **below**'})` : '-'));
    L.push(`| ${m.name} | ${m.species} | ${m.reactions} | ${(m.firingsPerRun / 1e6).toFixed(2)} M | ${fmtRate(m.c[key].median)}/s | ${cells.join(' | ')} |`);
  }
  L.push('');
}
for (const m of models) if (m.errors.length) L.push(`- ${m.name}: ${m.errors.join('; ')}`);
if (env.exosimMissing.length) L.push(`- missing from the ExoSim build: ${env.exosimMissing.join(', ')}`);
L.push('', '## Ensemble speed-up (goal >= 1.8 on 2 threads)', '');
if (ensemble) {
  L.push('| model | engine | replicates | firings | T(1 thread) | T(2 threads) | speed-up | CPU s (1 / 2 threads) | cores used (1 / 2) | 2 CPU(1)/CPU(2) |', '|---|---|---|---|---|---|---|---|---|---|');
  L.push(`| ${ensemble.model} | ${ensemble.engine} | ${ensemble.replicates} | ${(ensemble.firings / 1e6).toFixed(1)} M | ${fmt(ensemble.threads1.median)} s | ${fmt(ensemble.threads2.median)} s | ${fmt(ensemble.speedup)}${ensemble.measurable ? '' : ' (not measurable: the 2-thread run did not get 2 cores)'} | ${fmt(ensemble.cpuSeconds[1])} / ${fmt(ensemble.cpuSeconds[2])} | ${fmt(ensemble.coresUsed[1])} / ${fmt(ensemble.coresUsed[2])} | ${fmt(ensemble.speedupBound)} |`);
  if (ensemble.errors.length) L.push('', `errors: ${ensemble.errors.join('; ')}`);
} else L.push('not measured (engine or simulateEnsemble missing from the build)');
const md = L.join('\n') + '\n';
mkdirSync(outDir, { recursive: true });
writeAtomic(join(outDir, 'latest.md'), md);
writeAtomic(join(outDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
if (baseline) writeAtomic(join(here, 'baseline.json'), JSON.stringify(report, null, 2) + '\n');
process.stdout.write(md);
say(`wrote ${relative(root, join(outDir, 'latest.md'))}, ${relative(root, join(outDir, 'latest.json'))}${baseline ? ', bench/ssa/baseline.json' : ''}`);
