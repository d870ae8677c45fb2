/**
 * Scenario ohno2013-ge11-let7a: runs once, every check passes on simulated numbers, series are finite with units, the plot renders,
 * --set moves the outcome in the expected direction (a smaller GE11 factor lowers the tumour uptake of GE11 exosomes), and an unknown --set id is an error.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/ohno2013-ge11-let7a/index.js';
import { expectCleanRun, expectModelAndMetadata } from './helpers.js';
import { renderVegaLiteSvg } from '../../src/plot/vega.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let base: ScenarioResult;

describe('scenario ohno2013-ge11-let7a', () => {
  it('model compiles; metadata complete', () => {
    expectModelAndMetadata(scenario, 'ohno2013-ge11-let7a', 'therapy');
  });

  it('runs; every check passes; series finite with units', async () => {
    base = await scenario.run({ set: {}, seed: 0 });
    expectCleanRun(base, 2);
    // independent reference: the GE11/untargeted uptake ratio lies between 1 and the square of the ligand factor
    // (capture from plasma and cell uptake are each raised at most ligand_gain = 3-fold)
    const ratio = base.series['uptake/GE11 let-7a exosomes']!.y[0]! / base.series['uptake/untargeted let-7a exosomes']!.y[0]!;
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThanOrEqual(9);
  }, 30_000);

  it('the plot renders', async () => {
    const svg = await renderVegaLiteSvg(scenario.plot(base));
    expect(svg).toMatch(/^<svg/);
  }, 30_000);

  it('--set moves the outcome in the expected direction (a smaller GE11 factor lowers the tumour uptake of GE11 exosomes)', async () => {
    const r = await scenario.run({ set: { 'up.ligand_gain': 1.5 }, seed: 0 });
    const up = (x: ScenarioResult) => x.series['uptake/GE11 let-7a exosomes']!.y[0]!;
    expect(up(r)).toBeLessThan(up(base));
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
