/**
 * Scenario alvarez-erviti2011-rvg: runs once, every check passes on simulated numbers, series are finite with units, the plot renders,
 * --set moves the outcome in the expected direction (a 10-fold higher brain escape fraction needs a lower siRNA loading), and an unknown --set id is an error.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/alvarez-erviti2011-rvg/index.js';
import { expectCleanRun, expectModelAndMetadata } from './helpers.js';
import { renderVegaLiteSvg } from '../../src/plot/vega.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let base: ScenarioResult;

describe('scenario alvarez-erviti2011-rvg', () => {
  it('model compiles; metadata complete', () => {
    expectModelAndMetadata(scenario, 'alvarez-erviti2011-rvg', 'therapy');
  });

  it('runs; every check passes; series finite with units', async () => {
    base = await scenario.run({ set: {}, seed: 0 });
    expectCleanRun(base, 2);
    // the reported number: 60 % BACE1 mRNA knock-down in brain (PubMed abstract), i.e. 40 % of untreated
    expect(base.series['BACE1_end_brain/RVG exosomes']!.y[0]!).toBeCloseTo(40, 0);
    // the loading found stays below the protocol's maximum: 150 ug siRNA (13.3 kDa) in 150 ug / 6e-16 g exosomes
    const maxLoading = (150e-6 / 13300) * 6.02214076e23 / (150e-6 / 6e-16);
    expect(base.checks[0]!.gap!.closingParameters['tx.payload_per_EV']!).toBeLessThan(maxLoading);
  }, 30_000);

  it('the plot renders', async () => {
    const svg = await renderVegaLiteSvg(scenario.plot(base));
    expect(svg).toMatch(/^<svg/);
  }, 30_000);

  it('--set moves the outcome in the expected direction (a 10-fold higher brain escape fraction needs a lower siRNA loading)', async () => {
    const r = await scenario.run({ set: { 'up_brain.f_escape': 0.1 }, seed: 0 });
    const load = (x: ScenarioResult) => x.checks[0]!.gap!.closingParameters['tx.payload_per_EV']!;
    expect(load(r)).toBeLessThan(load(base) / 3);
  }, 30_000);

  it('an unknown --set id is an error', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { no_such_parameter: 1 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/no_such_parameter/);
  });
});
