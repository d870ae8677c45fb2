/**
 * DSMTS (Evans, Gillespie & Wilkinson, Bioinformatics 24 (2008) 285-286) for the exact stochastic engines,
 * single-threaded, with the suite's mean and SD tests (../shared/conformance/dsmts/README-upstream-summary.md):
 *   Z_t = sqrt(n) (Xbar_t - mu_t) / sigma_t            must lie in meanRange, (-3, 3) for every case;
 *   Y_t = sqrt(n/2) (S_t^2 / sigma_t^2 - 1)            must lie in sdRange, (-5, 5) for every case;
 *   where sigma_t = 0 (e.g. t = 0) only |Xbar_t - mu_t| and S_t are checked to be ~0 (<= 1e-9 (1 + |mu_t|)).
 * Case 00003 (001-03) is strongly skewed: its SD failures are expected (the suite says so) and counted apart.
 *
 * Usage: npx tsx scripts/dsmts-exact.ts [--n 10000] [--solver ssa-direct,...] [--cases 00001,00003] [--seed 1]
 *        [--dir test/dsmts/cases] [--rate 00031]   (--rate: firings per second of ssa-direct on a case)
 * The functions are exported for test/solvers/ssa-dsmts.test.ts.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileModelText } from '../src/pipeline.js';
import { buildParameters } from '../src/simulate.js';
import type { RandomStream, ReactionSystem, StochasticSolverDescriptor } from '../src/solvers/stochastic/types.js';
import { getStochasticSolver } from '../src/solvers/stochastic/registry.js';
import { resolveStochasticSettings } from '../src/solvers/stochastic/common.js';
import { replicateEventSeed, replicateStream } from '../src/solvers/stochastic/rng.js';

/** The committed copy of the 20 DSMTS cases (test/dsmts/cases, LGPL-2.1; the same files as ../shared/conformance/dsmts). */
export const DEFAULT_DSMTS_DIR = resolve(import.meta.dirname ?? '.', '..', 'test', 'dsmts', 'cases');

export interface DsmtsCase {
  id: string;
  variables: string[];
  times: Float64Array;
  /** expected mean / SD per variable (same order as variables), per time */
  mu: Float64Array[];
  sigma: Float64Array[];
  meanRange: [number, number];
  sdRange: [number, number];
  system: ReactionSystem;
  /** ids of the system's output columns (ReactionSystem.outputs), for variables that are not states */
  outputIds: string[];
  /** parameter vector the system closes over, and its initial copy (events change p in place) */
  p: Float64Array;
  p0: Float64Array;
}

function parseRange(s: string | undefined, fallback: [number, number]): [number, number] {
  const m = s ? /\(\s*([-\d.eE+]+)\s*,\s*([-\d.eE+]+)\s*\)/.exec(s) : null;
  return m ? [Number(m[1]), Number(m[2])] : fallback;
}

/** Read case `id` (e.g. '00001') from `dir`: model, settings, expected results; compile its reaction system. */
export function loadDsmtsCase(dir: string, id: string): DsmtsCase {
  const base = join(dir, id);
  const settings = new Map<string, string>();
  for (const line of readFileSync(join(base, `${id}-settings.txt`), 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (m) settings.set(m[1]!, m[2]!.trim());
  }
  const variables = (settings.get('variables') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const lines = readFileSync(join(base, `${id}-results.csv`), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',').map((s) => s.trim());
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${id}: no column ${name} in results`);
    return i;
  };
  const times = Float64Array.from(rows, (r) => r[0]!);
  const mu = variables.map((v) => Float64Array.from(rows, (r) => r[col(`${v}-mean`)]!));
  const sigma = variables.map((v) => Float64Array.from(rows, (r) => r[col(`${v}-sd`)]!));
  const file = join(base, `${id}-sbml-l3v2.xml`);
  const res = compileModelText(readFileSync(file, 'utf8'), { file });
  if (!res.compiled?.reactionSystem) throw new Error(`${id}: does not compile: ${res.diagnostics.map((d) => d.message).join('; ')}`);
  const { p } = buildParameters(res.compiled);
  const system = res.compiled.reactionSystem(p);
  return {
    id,
    variables,
    times,
    mu,
    sigma,
    meanRange: parseRange(settings.get('meanRange'), [-3, 3]),
    sdRange: parseRange(settings.get('sdRange'), [-5, 5]),
    system,
    outputIds: res.compiled.outputs.map((o) => o.id),
    p,
    p0: Float64Array.from(p),
  };
}

/** Case ids (NNNNN folders) in `dir`, sorted. */
export function listDsmtsCases(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{5}$/.test(f) && existsSync(join(dir, f, `${f}-results.csv`)))
    .sort();
}

export interface DsmtsOutcome {
  id: string;
  solver: string;
  n: number;
  /** mean-test and SD-test failures over all (variable, time) points with sigma > 0 (the suite's count) */
  meanFailures: number;
  sdFailures: number;
  /** number of (variable, time) points with sigma > 0 (statistical tests) */
  meanTests: number;
  sdTests: number;
  /**
   * Failure CLUMPS: maximal runs of consecutive output times at which some variable fails. Z_t and Y_t are
   * correlated in t and across variables tied by a conservation law (00033: P + 2 P2 = 100) or a rule
   * (00019: y = 2 X), so single failures come in clumps; by Aldous' Poisson clumping heuristic (Probability
   * Approximations via the Poisson Clumping Heuristic, Springer 1989) the number of clumps is close to Poisson
   * with mean <= the expected number of failures. Chance allowances are applied to these counts.
   */
  meanClumps: number;
  sdClumps: number;
  /** points with sigma = 0 where the sample mean or SD is not ~equal to the expected value (never chance) */
  exactFailures: number;
  /** worst |Z| and |Y| */
  maxZ: number;
  maxY: number;
  failures: string[];
  firings: number;
  seconds: number;
}

/** Number of maximal runs of consecutive 1s. */
function clumps(flags: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i] && !(i > 0 && flags[i - 1])) c++;
  return c;
}

/**
 * Run `n` replicates of a case with a solver (replicate r uses replicateStream(seed, r)) and apply the tests.
 * Values are read in model amounts: states x_i / countFactor_i, other variables (assignment-rule parameters)
 * from the system's output columns.
 */
export function runDsmtsCase(
  c: DsmtsCase,
  solver: StochasticSolverDescriptor,
  n: number,
  seed: number,
  makeRng: (seed: number, r: number) => RandomStream = replicateStream,
): DsmtsOutcome {
  const sys = c.system;
  const T = c.times.length;
  const V = c.variables.length;
  const stateOf = c.variables.map((v) => sys.stateIds.indexOf(v));
  const needOutputs = stateOf.some((s) => s < 0);
  const outBuf = new Float64Array(c.outputIds.length);
  const outIndex = c.variables.map((v) => c.outputIds.indexOf(v));
  c.variables.forEach((v, i) => {
    if (stateOf[i]! < 0 && outIndex[i]! < 0) throw new Error(`${c.id}: variable ${v} is neither a state nor an output column`);
  });
  const sum = c.variables.map(() => new Float64Array(T));
  const sum2 = c.variables.map(() => new Float64Array(T));
  const settings = resolveStochasticSettings({}, solver);
  const x0 = sys.initialState(c.times[0]!);
  let firings = 0;
  const w0 = performance.now();
  for (let r = 0; r < n; r++) {
    c.p.set(c.p0);
    const events = sys.eventHooks(c.times[0]!, x0, replicateEventSeed(seed, r));
    const res = solver.run(sys, {
      t0: c.times[0]!,
      outputTimes: c.times,
      x0,
      rng: makeRng(seed, r),
      ...(events ? { events } : {}),
      settings,
    });
    if (res.reached !== T) throw new Error(`${c.id}: replicate ${r} reached ${res.reached} of ${T} outputs (${res.status})`);
    firings += res.firings;
    for (let i = 0; i < T; i++) {
      const xi = res.states.subarray(i * sys.n, (i + 1) * sys.n);
      if (needOutputs) sys.outputs(c.times[i]!, xi, outBuf);
      for (let v = 0; v < V; v++) {
        const s = stateOf[v]!;
        const val = s >= 0 ? xi[s]! / sys.countFactor[s]! : outBuf[outIndex[v]!]!;
        const d = val - c.mu[v]![i]!; // shifted sums (by the expected mean) against cancellation
        const sv = sum[v]!, s2v = sum2[v]!;
        sv[i] = sv[i]! + d;
        s2v[i] = s2v[i]! + d * d;
      }
    }
  }
  const seconds = (performance.now() - w0) / 1000;
  const out: DsmtsOutcome = {
    id: c.id,
    solver: solver.id,
    n,
    meanFailures: 0,
    sdFailures: 0,
    meanTests: 0,
    sdTests: 0,
    meanClumps: 0,
    sdClumps: 0,
    exactFailures: 0,
    maxZ: 0,
    maxY: 0,
    failures: [],
    firings,
    seconds,
  };
  const meanFailAt = new Uint8Array(T);
  const sdFailAt = new Uint8Array(T);
  for (let v = 0; v < V; v++) {
    for (let i = 0; i < T; i++) {
      const mu = c.mu[v]![i]!, sigma = c.sigma[v]![i]!;
      const sd = sum[v]![i]! / n;
      const mean = mu + sd;
      const s2 = Math.max(0, (sum2[v]![i]! - n * sd * sd) / (n - 1));
      const where = `${c.variables[v]} t=${c.times[i]}`;
      if (!(sigma > 0)) {
        const tol = 1e-9 * (1 + Math.abs(mu));
        if (!(Math.abs(mean - mu) <= tol)) {
          out.exactFailures++;
          out.failures.push(`mean ${where}: ${mean} vs ${mu} (sigma 0)`);
        }
        if (!(Math.sqrt(s2) <= tol)) {
          out.exactFailures++;
          out.failures.push(`sd ${where}: ${Math.sqrt(s2)} vs 0 (sigma 0)`);
        }
        continue;
      }
      out.meanTests++;
      out.sdTests++;
      const Z = (Math.sqrt(n) * (mean - mu)) / sigma;
      const Y = Math.sqrt(n / 2) * (s2 / (sigma * sigma) - 1);
      out.maxZ = Math.max(out.maxZ, Math.abs(Z));
      out.maxY = Math.max(out.maxY, Math.abs(Y));
      if (!(Z > c.meanRange[0] && Z < c.meanRange[1])) {
        out.meanFailures++;
        meanFailAt[i] = 1;
        out.failures.push(`mean ${where}: Z = ${Z.toFixed(2)}`);
      }
      if (!(Y > c.sdRange[0] && Y < c.sdRange[1])) {
        out.sdFailures++;
        sdFailAt[i] = 1;
        out.failures.push(`sd ${where}: Y = ${Y.toFixed(2)}`);
      }
    }
  }
  out.meanClumps = clumps(meanFailAt);
  out.sdClumps = clumps(sdFailAt);
  return out;
}

/**
 * P(N >= k) for N ~ Poisson(lambda): the chance that a correct simulator shows k or more failures when each of
 * many nearly independent tests fails with small probability (lambda = tests x per-test probability).
 */
export function poissonTail(lambda: number, k: number): number {
  let term = Math.exp(-lambda);
  let cdf = 0;
  for (let i = 0; i < k; i++) {
    cdf += term;
    term *= lambda / (i + 1);
  }
  return Math.max(0, 1 - cdf);
}

/** Smallest k with P(N > k) <= alpha for N ~ Poisson(lambda). */
export function poissonAllowance(lambda: number, alpha: number): number {
  let k = 0;
  while (poissonTail(lambda, k + 1) > alpha) k++;
  return k;
}

/** Two-sided normal tail P(|Z| > z) (Abramowitz & Stegun 7.1.26 erfc approximation, |error| < 1.5e-7). */
export function normalTwoSided(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return erfc;
}

/** Firings per second of a solver on a case (single thread, n replicates). */
export function firingRate(c: DsmtsCase, solver: StochasticSolverDescriptor, n: number, seed: number): { firings: number; seconds: number; perSecond: number } {
  const sys = c.system;
  const settings = resolveStochasticSettings({}, solver);
  const x0 = sys.initialState(c.times[0]!);
  let firings = 0;
  const w0 = performance.now();
  for (let r = 0; r < n; r++) {
    c.p.set(c.p0);
    const events = sys.eventHooks(c.times[0]!, x0, replicateEventSeed(seed, r));
    const res = solver.run(sys, { t0: c.times[0]!, outputTimes: c.times, x0, rng: replicateStream(seed, r), ...(events ? { events } : {}), settings });
    firings += res.firings;
  }
  const seconds = (performance.now() - w0) / 1000;
  return { firings, seconds, perSecond: firings / seconds };
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = resolve(arg('dir') ?? DEFAULT_DSMTS_DIR);
  const n = Number(arg('n') ?? 10000);
  const seed = Number(arg('seed') ?? 1);
  const solvers = (arg('solver') ?? 'ssa-direct,ssa-next-reaction,ssa-cr').split(',').map((s) => getStochasticSolver(s.trim()));
  const cases = arg('cases')?.split(',').map((s) => s.trim()) ?? listDsmtsCases(dir);
  const rateCase = arg('rate');
  if (rateCase) {
    const c = loadDsmtsCase(dir, rateCase);
    for (const s of solvers) {
      firingRate(c, s, 20, seed + 1); // warm-up
      const r = firingRate(c, s, Math.max(1, Math.floor(n / 10)), seed);
      console.log(`${s.id} on ${rateCase}: ${r.firings} firings in ${r.seconds.toFixed(2)} s = ${(r.perSecond / 1e6).toFixed(2)} M firings/s`);
    }
    return;
  }
  for (const s of solvers) {
    let mf = 0, sf = 0, sf3 = 0, mt = 0, mc = 0, sc = 0, ex = 0;
    console.log(`== ${s.id}, n = ${n}, seed = ${seed} (+ case number)`);
    for (const id of cases) {
      const c = loadDsmtsCase(dir, id);
      const o = runDsmtsCase(c, s, n, seed + Number(id));
      mf += o.meanFailures;
      mt += o.meanTests;
      mc += o.meanClumps;
      ex += o.exactFailures;
      if (id === '00003') sf3 += o.sdFailures;
      else {
        sf += o.sdFailures;
        sc += o.sdClumps;
      }
      console.log(
        `${id}  mean fails ${o.meanFailures}/${o.meanTests} (${o.meanClumps} clumps)  sd fails ${o.sdFailures}/${o.sdTests} (${o.sdClumps} clumps)  ` +
          `max|Z| ${o.maxZ.toFixed(2)}  max|Y| ${o.maxY.toFixed(2)}  ${(o.firings / n).toFixed(0)} firings/rep  ${o.seconds.toFixed(1)} s` +
          `${o.failures.length ? '  [' + o.failures.slice(0, 8).join('; ') + (o.failures.length > 8 ? '; ...' : '') + ']' : ''}`,
      );
    }
    const lam = mt * normalTwoSided(3);
    console.log(
      `TOTAL ${s.id}: mean failures ${mf} in ${mc} clumps (of ${mt} tests; a correct simulator: ${lam.toFixed(1)} expected, ` +
        `Poisson 99.9% allowance ${poissonAllowance(lam, 1e-3)}); SD failures ${sf} in ${sc} clumps (+ ${sf3} in 00003, expected to fail); ` +
        `sigma = 0 mismatches ${ex}`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
