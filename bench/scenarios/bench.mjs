#!/usr/bin/env node
/**
 * bench/scenarios: every scenario (src/scenarios/registry.ts) in a fresh process, one core (scenarios run their
 * stochastic ensembles in the calling thread), 3 rounds; median run time (wall and CPU), import time and peak
 * resident memory. Goal (issue 5): every scenario under 10 s on one core with its default replicate counts.
 * Writes out/latest.md and out/latest.json (atomically); --baseline also copies the JSON to baseline.json.
 *   node bench/scenarios/bench.mjs [--rounds 3] [--baseline]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync, copyFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
const rounds = Number(opt('rounds', '3'));
const say = (m) => process.stderr.write(`[bench/scenarios] ${m}\n`);

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const { listScenarios } = await import(pathToFileURL(join(root, 'dist', 'src', 'scenarios', 'registry.js')).href);
const ids = listScenarios().map((s) => s.id);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const rows = [];
for (const id of ids) {
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    const out = execFileSync(process.execPath, [join(here, 'run-one.mjs'), id], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    runs.push(JSON.parse(out.trim().split('\n').pop()));
  }
  const row = {
    id,
    runSeconds: median(runs.map((x) => x.runSeconds)),
    runCpuSeconds: median(runs.map((x) => x.runCpuSeconds)),
    importSeconds: median(runs.map((x) => x.importSeconds)),
    maxRssMB: Math.max(...runs.map((x) => x.maxRssMB)),
    checks: runs[0].checks,
    passed: runs[0].passed,
  };
  row.underGoal = row.runCpuSeconds < 10;
  rows.push(row);
  say(`${id}: run ${row.runSeconds.toFixed(2)} s (CPU ${row.runCpuSeconds.toFixed(2)} s), import ${row.importSeconds.toFixed(2)} s, peak RSS ${row.maxRssMB.toFixed(0)} MB, ${row.passed}/${row.checks} checks`);
}
const env = { date: new Date().toISOString(), cpu: cpus()[0]?.model ?? '', cores: cpus().length, node: process.version, loadavg: loadavg() };
const L = [`# bench/scenarios (${env.date})`, '', `${env.cores} CPU (${env.cpu}), Node ${env.node}, load average ${env.loadavg.map((x) => x.toFixed(2)).join(' ')}; ${rounds} rounds, medians; one core per scenario.`, '', '| scenario | run (s) | run CPU (s) | library import (s) | peak RSS (MB) | checks passed | < 10 s |', '|---|---|---|---|---|---|---|'];
for (const r of rows) L.push(`| ${r.id} | ${r.runSeconds.toFixed(2)} | ${r.runCpuSeconds.toFixed(2)} | ${r.importSeconds.toFixed(2)} | ${r.maxRssMB.toFixed(0)} | ${r.passed}/${r.checks} | ${r.underGoal ? 'yes' : '**no**'} |`);
const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });
const write = (f, text) => { writeFileSync(f + '.tmp', text); renameSync(f + '.tmp', f); };
write(join(outDir, 'latest.md'), L.join('\n') + '\n');
write(join(outDir, 'latest.json'), JSON.stringify({ env, rows }, null, 2) + '\n');
if (argv.includes('--baseline')) copyFileSync(join(outDir, 'latest.json'), join(here, 'baseline.json'));
process.stdout.write(L.join('\n') + '\n');
if (rows.some((r) => !r.underGoal)) process.exitCode = 1;
