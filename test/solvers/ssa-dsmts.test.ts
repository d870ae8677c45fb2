/**
 * DSMTS (Evans, Gillespie & Wilkinson 2008; test/dsmts/cases, a committed copy of ../shared/conformance/dsmts) with every exact engine at n = 1,000
 * replicates (fixed seed, so the outcome is deterministic), on 10 representative cases of the 20 (the other
 * ones differ only in the way the same birth-death / immigration-death law is written, or are slow: 00005 and
 * 00023 fire ~90,000 reactions per replicate). All 20 cases, at n = 10,000: scripts/dsmts-exact.ts.
 *
 * Tests per output point (the suite's procedure, README-upstream-summary.md): mean Z_t in (-3, 3), SD Y_t in
 * (-5, 5); where sigma_t = 0 the sample mean and SD must equal the expected ones to ~1e-9.
 *
 * Chance allowance. For a correct engine each mean test fails with probability p = P(|N(0,1)| > 3) = 0.0027
 * (Z is a standardised mean of n = 1,000 independent replicates: normal to a good approximation), so over N
 * mean tests (points with sigma > 0) about lambda = N p fail. The failures are not independent: Z_t is
 * correlated in t, and variables tied by a conservation law (00033: P + 2 P2 = 100) or a rule (00019: y = 2 X)
 * fail together. We therefore count failure CLUMPS (maximal runs of consecutive failing output times of a case,
 * any variable) and, by Aldous' Poisson clumping heuristic (Probability Approximations via the Poisson
 * Clumping Heuristic, Springer 1989), take their number as Poisson with mean <= lambda. Allowance: the smallest
 * k with P(Poisson(lambda) > k) <= 1e-3 (false-failure probability <= 1e-3 per engine). With the ~770 mean
 * tests here, lambda ~ 2.1 and k = 8. Y is asymptotically N(0, 1 + kappa/2) (kappa the excess kurtosis of X_t,
 * small for these near-Poisson laws), so P(|Y| > 5) is ~1e-6 per point where the normal approximation holds;
 * it fails for the skewed case 00003, whose SD failures at large t the suite expects (excluded, reported),
 * and only roughly holds at n = 1,000 for the event cases. We allow the same k SD clumps: far above the ~0.001
 * expected under normality, of the order of the suite authors' "5 or 6 SD failures over the suite" (n = 10,000).
 */
import { describe, expect, it } from 'vitest';
import { getStochasticSolver } from '../../src/solvers/stochastic/registry.js';
import { DEFAULT_DSMTS_DIR, loadDsmtsCase, normalTwoSided, poissonAllowance, runDsmtsCase, type DsmtsCase, type DsmtsOutcome } from '../../scripts/dsmts-exact.js';

const DIR = DEFAULT_DSMTS_DIR;
const CASES = ['00001', '00003', '00007', '00011', '00019', '00027', '00029', '00031', '00033', '00039'];
const N = 1000;
const SEED = 20240604;
const ENGINES = ['ssa-direct', 'ssa-next-reaction', 'ssa-cr'];

describe('DSMTS with the exact engines (n = 1,000)', () => {
  const cases = new Map<string, DsmtsCase>();
  const get = (id: string): DsmtsCase => {
    let c = cases.get(id);
    if (!c) cases.set(id, (c = loadDsmtsCase(DIR, id)));
    return c;
  };

  it.each(ENGINES)('%s: mean and SD failures within the chance allowance', (id) => {
    const engine = getStochasticSolver(id);
    // cases are independent experiments: one seed per case
    const outcomes: DsmtsOutcome[] = CASES.map((cid) => runDsmtsCase(get(cid), engine, N, SEED + Number(cid)));
    let meanTests = 0, meanClumps = 0, sdClumps = 0;
    const details: string[] = [];
    for (const o of outcomes) {
      meanTests += o.meanTests;
      meanClumps += o.meanClumps;
      if (o.id !== '00003') sdClumps += o.sdClumps;
      if (o.failures.length) details.push(`${o.id}: ${o.failures.join('; ')}`);
      // points with sigma = 0 (t = 0) must be reproduced exactly: never a chance failure
      expect(o.exactFailures, o.failures.join('; ')).toBe(0);
    }
    const lambda = meanTests * normalTwoSided(3);
    const allowance = poissonAllowance(lambda, 1e-3);
    expect(allowance).toBeGreaterThanOrEqual(5);
    expect(meanClumps, details.join('\n')).toBeLessThanOrEqual(allowance);
    expect(sdClumps, details.join('\n')).toBeLessThanOrEqual(allowance);
    // a real bug repeats: no case may fail more than a third of its mean tests
    for (const o of outcomes) expect(o.meanFailures, `${o.id}: ${o.failures.join('; ')}`).toBeLessThan(o.meanTests / 3);
  });
});
