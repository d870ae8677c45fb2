#!/usr/bin/env node
/**
 * Summarise a V8 CPU profile (node --cpu-prof) by self time per function, for finding the hot spots of an engine:
 *
 *   node --cpu-prof --cpu-prof-dir=bench/ssa/out/prof bench/ssa/exosim-bench.mjs single --file <model> \
 *        --engines ssa-direct --t-end T --reps 3
 *   node bench/ssa/prof-summary.mjs bench/ssa/out/prof/<file>.cpuprofile [--top 25]
 *
 * Prints: self-time share, self ms, function name, file:line (1-based), and for the top functions the hottest
 * source lines (positionTicks) so that a slow line inside a function is visible.
 */
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--'));
const topIdx = argv.indexOf('--top');
const top = topIdx >= 0 ? Number(argv[topIdx + 1]) : 25;
if (!file) {
  process.stderr.write('usage: prof-summary.mjs <profile.cpuprofile> [--top N]\n');
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, 'utf8'));
const dt = new Map(); // node id -> total sampled microseconds
for (let i = 0; i < prof.samples.length; i++) {
  const d = prof.timeDeltas[i + 1] ?? 0;
  dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + d);
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
for (const n of prof.nodes) {
  const cf = n.callFrame;
  const short = cf.url.replace(/^.*\/(dist|src|node_modules)\//, '$1/');
  const key = `${cf.functionName || '(anonymous)'} ${short}:${cf.lineNumber + 1}`;
  const e = byFn.get(key) ?? { key, us: 0, lines: new Map() };
  e.us += dt.get(n.id) ?? 0;
  const ticks = (n.positionTicks ?? []).reduce((a, p) => a + p.ticks, 0);
  const perTick = ticks ? (dt.get(n.id) ?? 0) / ticks : 0;
  for (const p of n.positionTicks ?? []) e.lines.set(p.line, (e.lines.get(p.line) ?? 0) + p.ticks * perTick);
  byFn.set(key, e);
}
const rows = [...byFn.values()].sort((a, b) => b.us - a.us).slice(0, top);
process.stdout.write(`total sampled ${(total / 1000).toFixed(0)} ms\n`);
for (const r of rows) {
  const hot = [...r.lines.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([l, us]) => `L${l} ${((100 * us) / total).toFixed(1)}%`);
  process.stdout.write(`${((100 * r.us) / total).toFixed(1).padStart(5)}%  ${(r.us / 1000).toFixed(0).padStart(6)} ms  ${r.key}${hot.length ? `   [${hot.join(', ')}]` : ''}\n`);
}
