#!/usr/bin/env node
/**
 * One scenario in a fresh process on the BUILT library (dist/): import, run (seed 0, defaults), report wall time,
 * CPU time and peak resident memory as one JSON line. Used by bench/scenarios/bench.mjs.
 *   node run-one.mjs <scenario-id>
 */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const id = process.argv[2];
const t0 = performance.now();
const c0 = process.cpuUsage();
const { getScenario } = await import(pathToFileURL(join(root, 'dist', 'src', 'scenarios', 'registry.js')).href);
const tImport = performance.now() - t0;
const s = getScenario(id);
const t1 = performance.now();
const c1 = process.cpuUsage();
const r = await s.run({ set: {}, seed: 0 });
const wall = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(c1);
const total = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({
    id,
    importSeconds: tImport / 1000,
    runSeconds: wall,
    runCpuSeconds: (cpu.user + cpu.system) / 1e6,
    totalCpuSeconds: (total.user + total.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    checks: r.checks.length,
    passed: r.checks.filter((c) => c.pass).length,
  }) + '\n',
);
