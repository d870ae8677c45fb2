/**
 * Morris elementary-effects screening (Morris 1991, Technometrics 33:161; mu* of Campolongo, Cariboni &
 * Saltelli 2007, Environ Model Softw 22:1509).
 *
 * Each of r trajectories starts at a random point of the p-level grid {0, 1/(p-1), ..., 1} of the unit cube and
 * moves one parameter at a time (random order) by Delta = p / (2 (p - 1)) (up when x + Delta <= 1, else down; for
 * p even every level has exactly one partner, so each level is equally likely at both ends of a step).
 * Elementary effect of parameter i: EE_i = (f(x') - f(x)) / (u'_i - u_i), in output units per unit of the
 * parameter's (linear or log) range. Per parameter: mu = mean EE, mu* = mean |EE|, sigma = SD of EE (n - 1), and a
 * 95 % bootstrap interval of mu* over trajectories. r (k + 1) evaluations. Seeded: replicateStream(seed, t)
 * draws trajectory t.
 */
import { type SensitivityProblem, type RunOptions, requireNoFailures } from './common.js';
import { evaluatePoints } from './parallel.js';
import { fromUnit } from './params.js';
import { replicateStream } from '../../solvers/stochastic/rng.js';

export interface MorrisResult {
  method: 'morris';
  trajectories: number;
  levels: number;
  delta: number;
  evaluations: number;
  seed: number;
  threads: number;
  params: { id: string; mu: number; muStar: number; muStar_ci: [number, number]; sigma: number; low: number; high: number; scale: 'linear' | 'log' }[];
  /** EE[t][i]: elementary effect of parameter i on trajectory t. */
  effects: number[][];
}

/** Unit-cube trajectories: r x (k + 1) points, and the parameter moved at each step. */
export function morrisTrajectories(k: number, r: number, levels: number, seed: number): { u: Float64Array; order: number[][] } {
  const delta = levels / (2 * (levels - 1));
  const u = new Float64Array(r * (k + 1) * k);
  const order: number[][] = [];
  for (let t = 0; t < r; t++) {
    const rng = replicateStream(seed, t);
    const x = Array.from({ length: k }, () => Math.floor(rng.next() * levels) / (levels - 1));
    const perm = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    order.push(perm);
    const base = t * (k + 1) * k;
    for (let j = 0; j < k; j++) u[base + j] = x[j]!;
    for (let s = 0; s < k; s++) {
      const i = perm[s]!;
      x[i] = x[i]! + delta <= 1 + 1e-12 ? x[i]! + delta : x[i]! - delta;
      for (let j = 0; j < k; j++) u[base + (s + 1) * k + j] = x[j]!;
    }
  }
  return { u, order };
}

export async function morrisAnalysis(problem: SensitivityProblem, opts: RunOptions & { trajectories?: number; levels?: number; bootstrap?: number } = {}): Promise<MorrisResult> {
  const k = problem.params.length;
  const r = opts.trajectories ?? 20;
  const levels = opts.levels ?? 4;
  const seed = opts.seed ?? 0;
  const { u, order } = morrisTrajectories(k, r, levels, seed);
  const design = new Float64Array(u.length);
  for (let row = 0; row < r * (k + 1); row++) for (let j = 0; j < k; j++) design[row * k + j] = fromUnit(problem.params[j]!, u[row * k + j]!);
  const ids = problem.params.map((p) => p.id);
  const res = await evaluatePoints(problem.target, ids, design, opts);
  requireNoFailures(res, r * (k + 1));
  const y = res.y;
  const effects: number[][] = [];
  for (let t = 0; t < r; t++) {
    const ee = new Array<number>(k).fill(0);
    for (let s = 0; s < k; s++) {
      const i = order[t]![s]!;
      const a = t * (k + 1) + s;
      const du = u[(a + 1) * k + i]! - u[a * k + i]!;
      ee[i] = (y[a + 1]! - y[a]!) / du;
    }
    effects.push(ee);
  }
  const B = opts.bootstrap ?? 500;
  const params = problem.params.map((p, i) => {
    const e = effects.map((row) => row[i]!);
    const mu = e.reduce((s, v) => s + v, 0) / r;
    const muStar = e.reduce((s, v) => s + Math.abs(v), 0) / r;
    const sigma = r > 1 ? Math.sqrt(e.reduce((s, v) => s + (v - mu) ** 2, 0) / (r - 1)) : 0;
    const boots: number[] = [];
    for (let b = 0; b < B; b++) {
      const rng = replicateStream(seed, 1_000_000 + b);
      let s = 0;
      for (let t = 0; t < r; t++) s += Math.abs(e[Math.floor(rng.next() * r)]!);
      boots.push(s / r);
    }
    boots.sort((a, b) => a - b);
    const q = (x: number) => boots[Math.min(B - 1, Math.max(0, Math.round(x * (B - 1))))]!;
    return { id: p.id, mu, muStar, muStar_ci: [q(0.025), q(0.975)] as [number, number], sigma, low: p.low, high: p.high, scale: p.scale };
  });
  return { method: 'morris', trajectories: r, levels, delta: levels / (2 * (levels - 1)), evaluations: r * (k + 1), seed, threads: res.threads, params, effects };
}
