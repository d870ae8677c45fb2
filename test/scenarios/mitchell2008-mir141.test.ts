/**
 * Scenario mitchell2008-mir141: runs once; every check passes (AUC and sensitivity against Mitchell 2008, burden
 * tracking, xenografts, fall after prostatectomy against Kelly 2015); series finite; a slower free-miRNA clearance
 * delays the return to baseline; unknown --set ids throw; the cohort helpers match textbook values.
 */
import { describe, expect, it } from 'vitest';
import { normalQuantile, rocAuc, scenario } from '../../src/scenarios/mitchell2008-mir141/index.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

describe('mitchell2008-mir141', () => {
  let base: ScenarioResult;

  it('runs with every check passing and finite series', async () => {
    base = await scenario.run({ set: {}, seed: 0 });
    expect(base.id).toBe('mitchell2008-mir141');
    expect(base.checks.length).toBeGreaterThanOrEqual(5);
    for (const c of base.checks) expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)} ${c.detail ?? ''}`).toBe(true);
    for (const [k, s] of Object.entries(base.series)) {
      expect(s.x.length, k).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v), k).toBe(true);
    }
    const spec = scenario.plot(base) as { vconcat?: unknown[]; background?: string };
    expect(spec.vconcat?.length).toBe(2);
    expect(spec.background).toBe('white');
  });

  it('a longer free-miRNA half-life delays the return to baseline after surgery', async () => {
    const slow = await scenario.run({ set: { 'bm.t_half_free': 2 }, seed: 0 });
    const name = (r: ScenarioResult) => r.checks.find((c) => c.name.includes('prostatectomy'))!.observed as number[];
    expect(name(slow)[0]!).toBeGreaterThan(name(base)[0]! * 1.5);
    expect(slow.record.set).toEqual({ 'bm.t_half_free': 2 });
  });

  it('an unknown --set id throws an ExosimError', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { 'bm.no_such_parameter': 1 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
  });

  it('cohort helpers: normal quantiles and ROC AUC', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(rocAuc([3, 4], [1, 2])).toBe(1);
    expect(rocAuc([1, 2], [1, 2])).toBe(0.5);
  });
});
