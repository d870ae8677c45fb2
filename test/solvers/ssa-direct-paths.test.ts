/**
 * ssa-direct has three implementations of one method (src/solvers/stochastic/direct.ts): the generic selection
 * core under runExact (events, any random stream), the fused loop (no events, xoshiro128**), and the loop
 * generated per small mass-action network (direct-codegen.ts). They must draw the same numbers and do the same
 * arithmetic, so for a given stream the trajectories are BIT-IDENTICAL: that is what these tests check. The
 * generic path is forced by wrapping the stream in an object that is not a Xoshiro128StarStar (same numbers).
 * The method itself is checked statistically in ssa-exact.test.ts and ssa-dsmts.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModelText } from '../../src/pipeline.js';
import { buildParameters } from '../../src/simulate.js';
import { SolverError } from '../../src/solvers/types.js';
import type { RandomStream, ReactionSystem, StochasticRunResult } from '../../src/solvers/stochastic/types.js';
import { getStochasticSolver } from '../../src/solvers/stochastic/registry.js';
import { resolveStochasticSettings } from '../../src/solvers/stochastic/common.js';
import { replicateStream } from '../../src/solvers/stochastic/rng.js';
import { directLoopSource, generatedDirectLoop } from '../../src/solvers/stochastic/direct-codegen.js';

const engine = getStochasticSolver('ssa-direct');
const ROOT = join(import.meta.dirname, '..', '..');

function system(text: string, file: string, opts: { massAction?: boolean; codegen?: 'js' | 'interpret' } = {}): ReactionSystem {
  const res = compileModelText(text, { file, ...(opts.codegen ? { codegen: opts.codegen } : {}) });
  const c = res.compiled;
  if (!c?.reactionSystem) throw new Error(res.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const { p } = buildParameters(c);
  return c.reactionSystem(p, { massAction: opts.massAction !== false });
}

/** The same numbers as replicateStream(seed, r), but not a Xoshiro128StarStar: forces the generic path. */
function wrapped(seed: number, r: number): RandomStream {
  const s = replicateStream(seed, r);
  return { next: () => s.next(), nextUint32: () => s.nextUint32() };
}

function run(sys: ReactionSystem, rng: RandomStream, searchOrder: string, tEnd: number, shouldCancel?: () => boolean): StochasticRunResult {
  const outputTimes = Float64Array.from({ length: 41 }, (_, i) => (i * tEnd) / 40);
  return engine.run(sys, { t0: 0, outputTimes, x0: sys.initialState(0), rng, settings: resolveStochasticSettings({ searchOrder }, engine), ...(shouldCancel ? { shouldCancel } : {}) });
}

function same(a: StochasticRunResult, b: StochasticRunResult): void {
  expect(a.status).toBe(b.status);
  expect(a.firings).toBe(b.firings);
  expect(a.reached).toBe(b.reached);
  expect(Array.from(a.states)).toEqual(Array.from(b.states));
}

const dimerisation = (): ReactionSystem => {
  const f = join(ROOT, 'test', 'dsmts', 'cases', '00031', '00031-sbml-l3v2.xml');
  return system(readFileSync(f, 'utf8'), f);
};
const toy = (opts: { massAction?: boolean; codegen?: 'js' | 'interpret' } = {}): ReactionSystem => {
  const f = join(ROOT, 'bench', 'ssa', 'models', 'exosome-toy.yaml');
  return system(readFileSync(f, 'utf8'), f, opts);
};
/** A Michaelis-Menten degradation: not mass action, so no tables and no generated loop. */
const MM = `exosim: '1'
id: mm
units: { time: s, substance: molecule, volume: L }
compartments:
  - { id: c, size: 1, unit: L }
species:
  - { id: S, compartment: c, initialAmount: 300, unit: molecule, hasOnlySubstanceUnits: true }
  - { id: P, compartment: c, initialAmount: 0, unit: molecule, hasOnlySubstanceUnits: true }
parameters:
  - { id: V, value: 20, unit: molecule/s }
  - { id: K, value: 50, unit: molecule }
  - { id: kin, value: 5, unit: molecule/s }
reactions:
  - { id: conv, equation: 'S -> P', rate: 'V * S / (K + S)' }
  - { id: feed, equation: '-> S', rate: kin }
`;

describe('ssa-direct: generated, fused and generic loops give identical trajectories', () => {
  it('the generated loop is used for small mass-action networks, and only there', () => {
    expect(generatedDirectLoop(dimerisation())).not.toBeNull();
    expect(generatedDirectLoop(toy())).not.toBeNull();
    expect(generatedDirectLoop(toy({ massAction: false }))).toBeNull();
    expect(generatedDirectLoop(toy({ codegen: 'interpret' }))).toBeNull();
    expect(generatedDirectLoop(system(MM, 'mm.yaml'))).toBeNull();
    // the rate constants are literals in the source: k1 / 2 of the dimerisation's k1 P (P - 1) / 2
    expect(directLoopSource(dimerisation())).toContain('0.0001 * x0 * (x0 - 1)');
  });

  it.each([
    ['dimerisation', dimerisation, 2000],
    ['exosome toy', () => toy(), 300],
  ] as const)('%s: generated (auto) == generic (index order), 5 replicates', (_name, make, tEnd) => {
    const sys = make();
    for (let r = 0; r < 5; r++) {
      const fast = run(sys, replicateStream(7, r), 'auto', tEnd);
      expect(fast.firings).toBeGreaterThan(100);
      same(fast, run(sys, wrapped(7, r), 'index', tEnd));
    }
  });

  it.each([
    ['exosome toy, sorting order', () => toy(), 'sorting'],
    ['exosome toy, kernels, index order', () => toy({ massAction: false }), 'index'],
    ['Michaelis-Menten (no tables)', () => system(MM, 'mm.yaml'), 'auto'],
  ] as const)('%s: fused == generic, 5 replicates', (_name, make, order) => {
    const sys = make();
    for (let r = 0; r < 5; r++) same(run(sys, replicateStream(11, r), order, 300), run(sys, wrapped(11, r), order, 300));
  });

  it('generated loop: cancellation returns a valid partial result', () => {
    const sys = toy();
    let polls = 0;
    const res = run(sys, replicateStream(3, 0), 'auto', 1e5, () => ++polls > 3);
    expect(res.status).toBe('cancelled');
    expect(res.firings).toBeGreaterThanOrEqual(2 * 4096); // polled at the start and every 4,096 draws
    expect(res.reached).toBeLessThan(41);
    // the states written are whole copy numbers >= 0
    for (let i = 0; i < res.reached * sys.n; i++) expect(Number.isInteger(res.states[i]!) && res.states[i]! >= 0).toBe(true);
  });

  it('generated loop: a negative propensity stops the run with E_NEGATIVE_PROPENSITY', () => {
    const text = MM.replace("rate: 'V * S / (K + S)'", "rate: 'kd * S'").replace("rate: kin }", "rate: 'kin * (S - 1)' }").replace("- { id: kin, value: 5, unit: molecule/s }", "- { id: kin, value: 5, unit: 1/s }\n  - { id: kd, value: 50, unit: 1/s }").replace('initialAmount: 300', 'initialAmount: 3');
    const sys = system(text, 'neg.yaml');
    expect(generatedDirectLoop(sys)).not.toBeNull();
    let err: unknown;
    try {
      run(sys, replicateStream(1, 0), 'auto', 100);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SolverError);
    expect((err as SolverError).code).toBe('E_NEGATIVE_PROPENSITY');
    expect((err as SolverError).message).toContain("'feed'");
  });
});
