/**
 * Scenario chevillet2014-stoichiometry: runs once with the defaults; every check passes on simulated numbers; the
 * gap (natural vs required dose) is found and its closing values verified; series finite; a higher escape fraction
 * lowers the required dose (by about its ratio, since delivery is linear in f_escape); unknown --set ids throw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/chevillet2014-stoichiometry/index.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let r: ScenarioResult;
beforeAll(async () => {
  r = await scenario.run({ set: {}, seed: 0 });
}, 30_000);

describe('chevillet2014-stoichiometry', () => {
  it('every check passes; observed numbers finite', () => {
    expect(r.id).toBe('chevillet2014-stoichiometry');
    expect(r.checks.length).toBeGreaterThanOrEqual(4);
    for (const c of r.checks) {
      const obs = Array.isArray(c.observed) ? c.observed : [c.observed];
      for (const v of obs) expect(Number.isFinite(v), `${c.name}: ${v}`).toBe(true);
      expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)} ${c.detail ?? ''}`).toBe(true);
    }
  });

  it('the gap: natural dose far below the required dose; closing values found (dose, copies per exosome)', () => {
    const gap = r.checks.find((c) => c.gap)!;
    const [natural, required, orders] = gap.observed as number[];
    // Chevillet: >100 exosomes per copy; with f_escape 0.01 and ~1e2 miRISC needed, >= 1e5 exosomes/day
    expect(required! / natural!).toBeGreaterThan(1e3);
    expect(orders).toBeCloseTo(Math.log10(required! / natural!), 10);
    expect(gap.gap!.closingParameters.dose).toBeCloseTo(required!, 6);
    expect(gap.gap!.closingParameters.copies_per_EV).toBeGreaterThan(1);
    // independent order-of-magnitude estimate: miRISC ~ dose x copies x f_escape x loading x tau; a 17 % fall of a
    // 1.3e3-copy target needs ~1.5e2 bound miRISC (fall = 1.5 C / m0), tau = 24 h / ln2 = 1.44 d
    const estimate = (0.1667 * 1298) / 1.5 / (0.00825 * 0.01 * 0.9 * 1.44);
    expect(required! / estimate).toBeGreaterThan(0.5);
    expect(required! / estimate).toBeLessThan(10); // transient at 72 h needs more than the steady state
  });

  it('series are finite with units in the axis titles', () => {
    expect(Object.keys(r.series).length).toBeGreaterThan(2);
    for (const [k, s] of Object.entries(r.series)) {
      expect(s.x.length, k).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v), k).toBe(true);
      expect(s.xLabel).toMatch(/\(.+\)/);
      expect(s.yLabel).toMatch(/\(.+\)/);
    }
    const curve = r.series['knockdown/dose-response']!;
    for (let i = 1; i < curve.y.length; i++) expect(curve.y[i]!).toBeGreaterThanOrEqual(curve.y[i - 1]! - 1e-6);
  });

  it('--set rec.f_escape=0.1 lowers the required dose about 10-fold', async () => {
    const r2 = await scenario.run({ set: { 'rec.f_escape': 0.1 }, seed: 0 });
    const req1 = (r.checks.find((c) => c.gap)!.observed as number[])[1]!;
    const req2 = (r2.checks.find((c) => c.gap)!.observed as number[])[1]!;
    expect(req2).toBeLessThan(req1);
    // delivery ~ f/(1-f) k_lys fraction: 0.1 vs 0.01 -> 10x more escaped copies
    expect(req1 / req2).toBeGreaterThan(7);
    expect(req1 / req2).toBeLessThan(13);
    expect(r2.record.set).toEqual({ 'rec.f_escape': 0.1 });
  }, 30_000);

  it('an unknown --set id is an ExosimError', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { 'rec.f_escap': 0.1 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/E_UNKNOWN_OVERRIDE|Unknown id/);
  });

  it('the plot is a Vega-Lite spec with a log dose axis', () => {
    const spec = scenario.plot(r) as unknown as { layer: { encoding: { x: { scale?: { type: string } } } }[]; background: string };
    expect(spec.background).toBe('white');
    expect(spec.layer[0]!.encoding.x.scale?.type).toBe('log');
  });
});
