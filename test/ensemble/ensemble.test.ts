/**
 * simulateEnsemble (src/ensemble.ts): statistics against analytic values, merged statistics against a direct
 * computation from the kept trajectories, bit-identical results across thread counts, cancellation.
 *
 * Immigration-death 0 -> X (alpha = 10/s), X -> 0 (mu = 0.1/s), X(0) = 0: X(t) ~ Poisson(lambda_t) with
 * lambda_t = alpha/mu (1 - e^{-mu t}) (Gillespie 2007, Annu. Rev. Phys. Chem. 58:35; DSMTS 002-01 family), so
 * mean = variance = lambda_t.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExosimError } from '../../src/diagnostics.js';
import { ensembleTable, quantileSorted, simulateEnsemble } from '../../src/ensemble.js';
import { formatCsv } from '../../src/io/csv.js';
import { simulate } from '../../src/simulate.js';
import { ROOT } from '../cli/helpers.js';
import { compileText, IMMIGRATION_DEATH, tinyDirect } from './helpers.js';

const lambda = (t: number): number => 100 * (1 - Math.exp(-0.1 * t));
const compiled = compileText(IMMIGRATION_DEATH);
const WORKER = join(ROOT, 'dist', 'src', 'ensemble-worker.js'); // built by test/global-setup.ts
const source = { text: IMMIGRATION_DEATH, format: 'yaml' as const, file: 'immigration-death.yaml' };

function codeOf(f: () => unknown): Promise<string | undefined> {
  return Promise.resolve()
    .then(f)
    .then(
      () => undefined,
      (e: unknown) => (e instanceof ExosimError ? e.diagnostics[0]?.code : String(e)),
    );
}

describe('simulateEnsemble: statistics', () => {
  for (const solver of ['ssa-direct', tinyDirect] as const) {
    it(`mean and SD match Poisson(lambda_t) (${typeof solver === 'string' ? solver : 'test engine'}; Z and Y tests)`, async () => {
      const n = 2000;
      const r = await simulateEnsemble(compiled, { tEnd: 50, steps: 10, solver, replicates: n, seed: 11, stats: ['mean', 'sd'], inProcess: true });
      expect(r.status).toBe('done');
      expect(r.replicatesDone).toBe(n);
      const mean = r.series.find((s) => s.stat === 'mean')!.values;
      const sd = r.series.find((s) => s.stat === 'sd')!.values;
      expect(mean[0]).toBe(0);
      expect(sd[0]).toBe(0);
      for (let i = 1; i < r.time.length; i++) {
        const lam = lambda(r.time[i]!);
        // DSMTS Z_t = sqrt(n)(Xbar - mu)/sigma ~ N(0, 1): |Z| < 4.5 fails by chance with probability 6.8e-6.
        const z = (Math.sqrt(n) * (mean[i]! - lam)) / Math.sqrt(lam);
        expect(Math.abs(z)).toBeLessThan(4.5);
        // Y_t = sqrt(n/2)(S^2/sigma^2 - 1) ~ N(0, 1 + kurtosis excess/2 = 1 + 1/(2 lambda)): |Y| < 5 (~1e-6).
        const y = Math.sqrt(n / 2) * (sd[i]! ** 2 / lam - 1);
        expect(Math.abs(y)).toBeLessThan(5);
      }
      expect(r.firings).toBeGreaterThan(0);
    });
  }

  it('SSA ensemble means match the ODE solution of the same compiled model (linear network)', async () => {
    // For a linear network the mean of the chemical master equation obeys the rate equations exactly.
    const n = 1000;
    const r = await simulateEnsemble(compiled, { tEnd: 40, steps: 8, solver: 'ssa-next-reaction', replicates: n, seed: 2, inProcess: true });
    const ode = simulate(compiled, { tEnd: 40, steps: 8, rtol: 1e-10, atol: 1e-10 });
    const mean = r.series[0]!.values;
    const sd = r.series[1]!.values;
    for (let i = 1; i < r.time.length; i++) {
      // z with the sample SD (n = 1000: t-distribution ~ normal): |z| < 4.5, false failure 6.8e-6 per time.
      expect(Math.abs((Math.sqrt(n) * (mean[i]! - ode.values[0]![i]!)) / sd[i]!)).toBeLessThan(4.5);
    }
  });

  it('merged mean, SD, min, max and quantiles equal a direct computation from the trajectories', async () => {
    const r = await simulateEnsemble(compiled, {
      tEnd: 20,
      steps: 4,
      solver: tinyDirect,
      replicates: 157,
      chunkSize: 10,
      seed: 3,
      stats: ['mean', 'sd', 'min', 'max', 'q05', 'q50', 'q975'],
      keepTrajectories: true,
    });
    const traj = r.trajectories!;
    expect(traj.map((t) => t.replicate)).toEqual(Array.from({ length: 157 }, (_, i) => i));
    for (let i = 0; i < r.time.length; i++) {
      const xs = traj.map((t) => t.values[i]!);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
      const sorted = [...xs].sort((a, b) => a - b);
      // Type-7 quantile written out here independently: h = (n-1)p, linear between order statistics.
      const q = (p: number): number => {
        const h = (sorted.length - 1) * p;
        const lo = Math.floor(h);
        return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!);
      };
      const got = (stat: string): number => r.series.find((s) => s.stat === stat)!.values[i]!;
      expect(got('mean')).toBeCloseTo(m, 10);
      expect(got('sd')).toBeCloseTo(Math.sqrt(v), 10);
      expect(got('min')).toBe(sorted[0]);
      expect(got('max')).toBe(sorted[sorted.length - 1]);
      expect(got('q05')).toBeCloseTo(q(0.05), 12);
      expect(got('q50')).toBeCloseTo(q(0.5), 12);
      expect(got('q975')).toBeCloseTo(q(0.975), 12);
    }
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('writes time,<X>-<stat> columns in the order asked, one row per output time', async () => {
    const r = await simulateEnsemble(compiled, { tEnd: 5, steps: 5, solver: tinyDirect, replicates: 3, stats: ['sd', 'mean', 'q95'] });
    const csv = formatCsv(ensembleTable(r)).trim().split('\n');
    expect(csv[0]).toBe('time,X-sd,X-mean,X-q95');
    expect(csv).toHaveLength(7);
    expect(r.record.ensemble).toMatchObject({ replicates: 3, replicatesDone: 3, seed: 0, threads: 1, stats: ['sd', 'mean', 'q95'] });
    expect(r.record.seed).toBe(0);
    expect(r.record.solver.id).toBe('test-direct');
  });
});

describe('simulateEnsemble: threads and seeds', () => {
  it('gives bit-identical statistics with 1 (in-process), 1, 2 and 3 worker threads; other seeds differ', async () => {
    const run = (threads: number, seed = 5, inProcess = false) =>
      simulateEnsemble(compiled, {
        tEnd: 30,
        steps: 6,
        solver: 'ssa-direct',
        replicates: 300,
        seed,
        threads,
        inProcess,
        stats: ['mean', 'sd', 'q10', 'max'],
        source,
        workerScript: WORKER,
        keepTrajectories: true,
      });
    const ref = await run(1, 5, true);
    expect(ref.record.ensemble.threads).toBe(1);
    const bits = (r: Awaited<typeof ref>) => r.series.map((s) => Array.from(s.values));
    for (const t of [1, 2, 3]) {
      const r = await run(t);
      expect(r.record.ensemble.threads).toBe(t);
      expect(bits(r)).toEqual(bits(ref));
      expect(r.trajectories!.map((x) => Array.from(x.values))).toEqual(ref.trajectories!.map((x) => Array.from(x.values)));
      expect(r.firings).toBe(ref.firings);
    }
    const other = await run(2, 6);
    expect(bits(other)).not.toEqual(bits(ref));
  });

  it('reports model errors from workers as ExosimError', async () => {
    // Workers compile the calling thread's flat model (EnsembleWorkerData.flat): give them one whose rate law
    // names an unknown symbol, so that their compilation fails.
    const flat = structuredClone(compiled.flat);
    flat.reactions[0]!.rate = { kind: 'id', name: 'no_such_symbol' };
    const code = await codeOf(() => simulateEnsemble({ ...compiled, flat }, { tEnd: 5, solver: 'ssa-direct', replicates: 10, threads: 2, source, workerScript: WORKER }));
    expect(code).toMatch(/^E_/);
  });
});

describe('simulateEnsemble: cancellation and options', () => {
  it('shouldCancel leaves a valid partial result over the finished replicates', async () => {
    let progressCalls = 0;
    let lastDone = 0;
    const r = await simulateEnsemble(compiled, {
      tEnd: 10,
      steps: 2,
      solver: tinyDirect,
      replicates: 1000,
      chunkSize: 10,
      keepTrajectories: true,
      stats: ['mean'],
      onProgress: (_f, done) => {
        progressCalls++;
        lastDone = done;
      },
      shouldCancel: () => progressCalls >= 5,
    });
    expect(r.status).toBe('cancelled');
    expect(r.record.status).toBe('cancelled');
    expect(r.replicatesDone).toBeGreaterThan(0);
    expect(r.replicatesDone).toBeLessThan(1000);
    expect(lastDone).toBeLessThanOrEqual(r.replicatesDone);
    expect(r.record.ensemble.replicateRanges).toEqual([[0, r.replicatesDone]]);
    expect(r.trajectories).toHaveLength(r.replicatesDone);
    expect(r.count[2]).toBe(r.replicatesDone);
    const xs = r.trajectories!.map((t) => t.values[2]!);
    expect(r.series[0]!.values[2]).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 10);
  });

  it('cancels worker runs too (partial result, whole replicates only)', async () => {
    let calls = 0;
    const r = await simulateEnsemble(compiled, {
      tEnd: 50,
      steps: 5,
      solver: 'ssa-direct',
      replicates: 100000,
      threads: 2,
      source,
      workerScript: WORKER,
      onProgress: () => void calls++,
      shouldCancel: () => calls >= 3,
    });
    expect(r.status).toBe('cancelled');
    expect(r.replicatesDone).toBeLessThan(100000);
    expect(r.replicatesDone).toBe(r.record.ensemble.replicateRanges.reduce((s, [a, b]) => s + b - a, 0));
    expect(r.count[5]).toBe(r.replicatesDone);
  });

  it('refuses bad options', async () => {
    const base = { tEnd: 5, solver: tinyDirect, replicates: 4 };
    expect(await codeOf(() => simulateEnsemble(compiled, { ...base, replicates: 0 }))).toBe('E_BAD_OPTION');
    expect(await codeOf(() => simulateEnsemble(compiled, { ...base, seed: 1.5 }))).toBe('E_BAD_OPTION');
    expect(await codeOf(() => simulateEnsemble(compiled, { ...base, threads: 0 }))).toBe('E_BAD_OPTION');
    expect(await codeOf(() => simulateEnsemble(compiled, { ...base, stats: ['mode' as 'mean'] }))).toBe('E_BAD_OPTION');
    expect(await codeOf(() => simulateEnsemble(compiled, { ...base, solver: 'ode-bdf' }))).toBe('E_UNKNOWN_SOLVER');
    expect(await codeOf(() => simulateEnsemble(compiled, { ...base, overrides: { nope: 1 } }))).toBe('E_UNKNOWN_OVERRIDE');
  });
});
