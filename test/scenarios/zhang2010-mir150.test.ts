/**
 * Scenario zhang2010-mir150: runs once; every check passes; c-Myb and migration move in opposite directions as the
 * phenotype map says (migration - 100 = a_mig (100 - c-Myb)); the negative control is flat; a higher escape
 * fraction lowers the miR-150 loading needed; unknown --set ids throw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/zhang2010-mir150/index.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let r: ScenarioResult;
beforeAll(async () => {
  r = await scenario.run({ set: {}, seed: 0 });
});

describe('zhang2010-mir150', () => {
  it('every check passes; observed numbers finite', () => {
    expect(r.checks.length).toBeGreaterThanOrEqual(4);
    for (const c of r.checks) {
      const obs = Array.isArray(c.observed) ? c.observed : [c.observed];
      for (const v of obs) expect(Number.isFinite(v), `${c.name}: ${v}`).toBe(true);
      expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)}`).toBe(true);
    }
  });

  it('c-Myb falls 1.2-fold with the closing loading, and migration rises by a_mig times the c-Myb fall', () => {
    const cm = r.series['cMyb/THP-1 exosomes, gap-closing loading']!.y[0]!;
    const mig = r.series['migration/THP-1 exosomes, gap-closing loading']!.y[0]!;
    expect(cm).toBeCloseTo(100 / 1.2, 1);
    expect(mig - 100).toBeCloseTo(1 * (100 - cm), 6); // a_mig = 1 (phenotypes)
    expect(r.series['cMyb/control (no THP-1 exosomes)']!.y[0]!).toBeCloseTo(100, 8);
    expect(r.series['cMyb/miR-150-depleted THP-1 exosomes']!.y[0]!).toBeCloseTo(100, 8);
  });

  it('series finite with units', () => {
    for (const [k, s] of Object.entries(r.series)) {
      expect(s.x.length, k).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v), k).toBe(true);
      expect(s.yLabel, k).toMatch(/\(.+\)/);
    }
  });

  it('--set rec.f_escape=0.1 lowers the miR-150 loading that closes the gap', async () => {
    const r2 = await scenario.run({ set: { 'rec.f_escape': 0.1 }, seed: 0 });
    const c1 = r.checks.find((c) => c.gap)!.gap!.closingParameters.copies_per_EV!;
    const c2 = r2.checks.find((c) => c.gap)!.gap!.closingParameters.copies_per_EV!;
    expect(c1 / c2).toBeGreaterThan(5);
  });

  it('an unknown --set id is an ExosimError', async () => {
    await expect(scenario.run({ set: { 'cmyb.n_site': 3 }, seed: 0 })).rejects.toSatisfy(isExosimError);
  });
});
