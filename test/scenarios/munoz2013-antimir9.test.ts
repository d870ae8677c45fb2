/**
 * Scenario munoz2013-antimir9: runs once, every check passes on simulated numbers, series are finite with units, the plot renders,
 * --set moves the outcome in the expected direction (a 10-fold higher escape fraction needs a lower anti-miR loading), and an unknown --set id is an error.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/munoz2013-antimir9/index.js';
import { expectCleanRun, expectModelAndMetadata } from './helpers.js';
import { renderVegaLiteSvg } from '../../src/plot/vega.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let base: ScenarioResult;

describe('scenario munoz2013-antimir9', () => {
  it('model compiles; metadata complete', () => {
    expectModelAndMetadata(scenario, 'munoz2013-antimir9', 'therapy');
  });

  it('runs; every check passes; series finite with units', async () => {
    base = await scenario.run({ set: {}, seed: 0 });
    expectCleanRun(base, 2);
    // independent reference: the natural loading delivers ~1e2-fold fewer anti-miR copies than miR-9 copies
    // (1.2e11 exosomes x 0.00825 copies x f_escape 0.01 spread over 1e5 cells and 72 h < 10 copies per cell)
    expect(base.checks[0]!.gap!.statement).toMatch(/cytosol \(\d\.\d copies per cell/);
  }, 30_000);

  it('the plot renders', async () => {
    const svg = await renderVegaLiteSvg(scenario.plot(base));
    expect(svg).toMatch(/^<svg/);
  }, 30_000);

  it('--set moves the outcome in the expected direction (a 10-fold higher escape fraction needs a lower anti-miR loading)', async () => {
    const r = await scenario.run({ set: { 'up.f_escape': 0.1 }, seed: 0 });
    const gap = (x: ScenarioResult) => x.checks[0]!.gap!.closingParameters['tx.payload_per_EV']!;
    expect(gap(r)).toBeLessThan(gap(base) / 5);
    expect(gap(r)).toBeGreaterThan(gap(base) / 20);
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
