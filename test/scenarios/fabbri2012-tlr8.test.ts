/**
 * Scenario fabbri2012-tlr8: runs once; every check passes (NF-kB, TNF-alpha and IL-6 rise with tumour exosomes;
 * no response without the receptor; smaller tumours in TLR7-/- mice); series finite; more agonist per exosome gives
 * a stronger response; unknown --set ids throw.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/fabbri2012-tlr8/index.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

describe('fabbri2012-tlr8', () => {
  let base: ScenarioResult;

  it('runs with every check passing and finite series', async () => {
    base = await scenario.run({ set: {}, seed: 0 });
    expect(base.id).toBe('fabbri2012-tlr8');
    expect(base.checks.length).toBeGreaterThanOrEqual(6);
    for (const c of base.checks) expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)} ${c.detail ?? ''}`).toBe(true);
    for (const [k, s] of Object.entries(base.series)) {
      expect(s.x.length, k).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v), k).toBe(true);
    }
    expect(base.series['TNF_fold/control']!.y[0]).toBeCloseTo(1, 12);
    const spec = scenario.plot(base) as { vconcat?: unknown[] };
    expect(spec.vconcat?.length).toBe(2);
  });

  it('more miR-21/29a per exosome gives a stronger cytokine response and a bigger wild-type tumour', async () => {
    const more = await scenario.run({ set: { agonist_per_EV: 0.1 }, seed: 0 });
    expect(more.series['TNF_fold/exosomes']!.y[0]!).toBeGreaterThan(base.series['TNF_fold/exosomes']!.y[0]! * 1.2);
    const last = (r: ScenarioResult, k: string) => r.series[k]!.y[r.series[k]!.y.length - 1]!;
    expect(last(more, 'tumour_volume/exosomes')).toBeGreaterThan(last(base, 'tumour_volume/exosomes'));
    // the knockout does not respond to the agonist at all
    expect(last(more, 'tumour_volume/knockout') / last(base, 'tumour_volume/knockout')).toBeCloseTo(1, 6);
  });

  it('an unknown --set id throws an ExosimError', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { 'tlr_v.no_such_parameter': 1 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
  });
});
