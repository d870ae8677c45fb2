/**
 * Scenario secretion-control: runs once; every check passes; series finite; delivered copies scale with secretion
 * (uptake is linear in the exosome concentration: ratio of delivered copies = ratio of secretion); a higher basal
 * secretion raises what the recipients receive; unknown --set ids throw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/secretion-control/index.js';
import { SECRETION_EFFECTS } from '../../src/mechanisms/secretion/index.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let r: ScenarioResult;
beforeAll(async () => {
  r = await scenario.run({ set: {}, seed: 0 });
});

const y = (res: ScenarioResult, key: string) => res.series[key]!.y[0]!;

describe('secretion-control', () => {
  it('every check passes; observed numbers finite', () => {
    expect(r.checks.length).toBeGreaterThanOrEqual(10);
    for (const c of r.checks) {
      const obs = Array.isArray(c.observed) ? c.observed : [c.observed];
      for (const v of obs) expect(Number.isFinite(v), `${c.name}: ${v}`).toBe(true);
      expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)}`).toBe(true);
    }
    const gap = r.checks.find((c) => c.gap)!;
    expect(gap.gap!.closingParameters.copies_per_EV).toBeGreaterThan(1);
  });

  it('secretion follows the effect sizes and delivered copies scale with it (linear uptake)', () => {
    const ctrl = y(r, 'released/control');
    expect(ctrl).toBeCloseTo(60 * 24, 6); // Chiu 2016: 60 exosomes/cell/h
    for (const [label, factor] of [['Rab27 knock-down', SECRETION_EFFECTS.rab27_knockdown.value], ['heparanase up-regulation', SECRETION_EFFECTS.heparanase_up.value], ['cisplatin exposure', SECRETION_EFFECTS.cisplatin.value]] as const) {
      expect(y(r, `released/${label}`) / ctrl).toBeCloseTo(factor, 6);
      expect(y(r, `delivered/${label}`) / y(r, 'delivered/control')).toBeCloseTo(factor, 3);
    }
  });

  it('series finite with units', () => {
    for (const [k, s] of Object.entries(r.series)) {
      expect(s.x.length, k).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v), k).toBe(true);
      expect(s.yLabel, k).toMatch(/\(.+\)/);
    }
  });

  it('--set donor.k_sec=120 doubles what recipients receive and lowers the gap-closing loading', async () => {
    const r2 = await scenario.run({ set: { 'donor.k_sec': 120 }, seed: 0 });
    expect(y(r2, 'delivered/control') / y(r, 'delivered/control')).toBeCloseTo(2, 3);
    const c1 = r.checks.find((c) => c.gap)!.gap!.closingParameters.copies_per_EV!;
    const c2 = r2.checks.find((c) => c.gap)!.gap!.closingParameters.copies_per_EV!;
    expect(c2).toBeLessThan(c1);
  });

  it('an unknown --set id is an ExosimError', async () => {
    await expect(scenario.run({ set: { 'donor.rab72': 0.1 }, seed: 0 })).rejects.toSatisfy(isExosimError);
  });
});
