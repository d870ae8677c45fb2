/**
 * Scenario katakowski2013-mir146b: runs once, every check passes on simulated numbers, series are finite with units, the plot renders,
 * --set moves the outcome in the expected direction (a larger dose needs a lower miR-146b loading), and an unknown --set id is an error.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/katakowski2013-mir146b/index.js';
import { expectCleanRun, expectModelAndMetadata } from './helpers.js';
import { renderVegaLiteSvg } from '../../src/plot/vega.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let base: ScenarioResult;

describe('scenario katakowski2013-mir146b', () => {
  it('model compiles; metadata complete', () => {
    expectModelAndMetadata(scenario, 'katakowski2013-mir146b', 'therapy');
  });

  it('runs; every check passes; series finite with units', async () => {
    base = await scenario.run({ set: {}, seed: 0 });
    expectCleanRun(base, 2);
    // EGFR recovers towards control after the single dose (miRISC half-life 24 h)
    const egfr = base.series['EGFR/miR-146b exosomes']!;
    expect(egfr.y[egfr.y.length - 1]!).toBeGreaterThan(Math.min(...egfr.y));
  }, 30_000);

  it('the plot renders', async () => {
    const svg = await renderVegaLiteSvg(scenario.plot(base));
    expect(svg).toMatch(/^<svg/);
  }, 30_000);

  it('--set moves the outcome in the expected direction (a larger dose needs a lower miR-146b loading)', async () => {
    const r = await scenario.run({ set: { 'tx.dose': 8.33e10 }, seed: 0 });
    const gap = (x: ScenarioResult) => x.checks[1]!.gap!.closingParameters['tx.payload_per_EV']!;
    expect(gap(r)).toBeLessThan(gap(base));
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
