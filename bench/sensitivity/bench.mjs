#!/usr/bin/env node
/**
 * bench/sensitivity: parallel speed-up of `exosim sensitivity` (issue 6: "runs in parallel on all cores"). The
 * Sobol' analysis of docs/sensitivity.md (chevillet2014-stoichiometry, log10:knockdown at 72 h, 14 parameters) with a
 * base sample --n (default 64: N (k + 2) = 1,024 ODE runs), each configuration in a fresh process, threads 1 and
 * then every thread count up to the cores, alternating, --rounds rounds (default 3). The peer is ExoSim itself on one
 * thread in the same run: speed-up = median wall(1 thread) / median wall(T threads). Also checks that the indices
 * are identical for every thread count, and reports user CPU per run (per-run CPU cost when cores are shared).
 * Writes out/latest.md and out/latest.json (atomically); --baseline also copies the JSON to baseline.json.
 *   node bench/sensitivity/bench.mjs [--n 64] [--rounds 3] [--baseline]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
const n = Number(opt('n', '64'));
const rounds = Number(opt('rounds', '3'));
const say = (m) => process.stderr.write(`[bench/sensitivity] ${m}\n`);
const out = join(here, 'out');
mkdirSync(out, { recursive: true });

import { existsSync } from 'node:fs';
if (!existsSync('/usr/bin/time')) {
  say('installing GNU time (Debian package time) for the CPU figures');
  execFileSync('apt-get', ['install', '-y', '-q', 'time'], { stdio: 'inherit' });
}
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const P = 'copies_per_EV,rec.f_escape,rec.eta_bind,rec.k_D,donor.k_sec,bio.t_half_miR,bio.f_guide,target.t_half_protein,target.t_half_mRNA,target.Kd,target.n_sites,target.decay_fold,target.rho_tl,rec.t_half_lys';
const threadCounts = [...new Set([1, ...Array.from({ length: availableParallelism() - 1 }, (_, i) => i + 2)])];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// one run in a fresh process; user + system CPU of the child from GNU time (Debian package `time`)
function runTimed(threads) {
  const file = join(out, `result-${threads}.json`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, join(root, 'bin', 'exosim.js'), 'sensitivity', 'chevillet2014-stoichiometry', '--output', 'log10:knockdown', '--t', '72', '--params', P,
    '--range', 'target.decay_fold=1.5:10', '--range', 'target.rho_tl=0:0.8', '--method', 'sobol', '--n', String(n), '--threads', String(threads), '--out', file], { cwd: root, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`exosim sensitivity --threads ${threads} failed: ${r.stderr}`);
  const [u, s] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: u + s, indices: JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).params) };
}

const runs = Object.fromEntries(threadCounts.map((t) => [t, []]));
for (let round = 0; round < rounds; round++) {
  for (const t of threadCounts) {
    const x = runTimed(t);
    runs[t].push(x);
    say(`round ${round + 1}: ${t} thread(s) ${x.wall.toFixed(2)} s wall, ${x.cpu.toFixed(2)} s CPU`);
  }
}
const identical = threadCounts.every((t) => runs[t].every((x) => x.indices === runs[1][0].indices));
const base = median(runs[1].map((x) => x.wall));
const rows = threadCounts.map((t) => ({
  threads: t,
  wallSeconds: median(runs[t].map((x) => x.wall)),
  cpuSeconds: median(runs[t].map((x) => x.cpu)),
  speedup: base / median(runs[t].map((x) => x.wall)),
  walls: runs[t].map((x) => Number(x.wall.toFixed(3))),
}));
const result = {
  benchmark: 'sensitivity', date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavg: loadavg(),
  workload: { scenario: 'chevillet2014-stoichiometry', output: 'log10:knockdown at 72 h', method: 'sobol', n, parameters: 14, odeRuns: n * 16 }, rounds, identicalIndices: identical, rows,
};
const md = [
  `# bench/sensitivity — ${result.date}`, '',
  `Sobol' (N = ${n}, ${n * 16} ODE runs), chevillet2014-stoichiometry, ${rounds} rounds, fresh process each; node ${process.version}, ${cpus().length} CPUs (${result.cpuModel}).`, '',
  '| threads | median wall (s) | median CPU (s) | speed-up vs 1 thread | walls (s) |', '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.threads} | ${r.wallSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.speedup.toFixed(2)} | ${r.walls.join(', ')} |`), '',
  `Indices identical for every thread count: ${identical ? 'yes' : 'NO'}.`, '',
].join('\n');
const write = (f, s) => { writeFileSync(`${f}.tmp`, s); renameSync(`${f}.tmp`, f); };
write(join(out, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
write(join(out, 'latest.md'), md);
if (argv.includes('--baseline')) copyFileSync(join(out, 'latest.json'), join(here, 'baseline.json'));
process.stdout.write(md);
if (!identical) process.exit(1);
