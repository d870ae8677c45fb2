/**
 * melo2014-mcf10a-transformation: one run; every check passes on simulated numbers; series finite; the gap analysis
 * found closing values (verified inside the scenario by re-simulation, re-checked here); a larger escape fraction
 * deepens the PTEN fall at the literature defaults; an unknown --set id is an error.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/melo2014-mcf10a-transformation/index.js';
import { compileDoc, runCondition, valueAt } from '../../src/scenarios/support.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let result: ScenarioResult | undefined;
async function once(): Promise<ScenarioResult> {
  result ??= await scenario.run({ set: {}, seed: 0 });
  return result;
}

describe('scenario melo2014-mcf10a-transformation', () => {
  it('model compiles; key parameters and mechanisms exist', () => {
    const cm = compileDoc(scenario.model());
    const ids = new Set([...cm.flat.parameters.map((p) => p.id), ...cm.flat.species.map((s) => s.id)]);
    for (const k of scenario.keyParameters) expect(ids.has(k), k).toBe(true);
    expect(scenario.mechanisms).toContain('exosome-maturation');
  });

  it('runs; every check passes; series finite; the PTEN gap is stated with closing values', async () => {
    const r = await once();
    expect(r.id).toBe('melo2014-mcf10a-transformation');
    expect(r.checks.length).toBeGreaterThanOrEqual(5);
    for (const c of r.checks) {
      const obs = Array.isArray(c.observed) ? c.observed : [c.observed];
      for (const v of obs) expect(Number.isFinite(v), c.name).toBe(true);
      expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)}`).toBe(true);
    }
    for (const [k, s] of Object.entries(r.series)) {
      expect(s.x.length, k).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v), k).toBe(true);
    }
    const fall = r.checks[0]!;
    expect(fall.gap).toBeDefined();
    // natural dose: PTEN falls by far less than 1 % (Chevillet 2014 stoichiometry; the flagship model finds ~1e-6)
    expect((fall.observed as number[])[0]!).toBeLessThan(1e-3);
    const pre = fall.gap!.closingParameters['pre_per_EV']!;
    expect(pre).toBeGreaterThan(1);
    // independent re-check of the closing value: at it PTEN and HOXD10 have fallen by >= 30 % at 72 h, at half of it not
    const cm = compileDoc(scenario.model());
    const pten = (x: number) => valueAt(runCondition(cm, { tEnd: 72, times: [0, 71.999], overrides: { pre_per_EV: x } }), 'PTEN_pct', 71.999);
    expect(pten(pre * 1.01)).toBeLessThanOrEqual(70);
    expect(pten(pre / 2)).toBeGreaterThan(70);
    // Dicer blocked at the closing cargo: no fall
    const blocked = valueAt(runCondition(cm, { tEnd: 72, times: [0, 71.999], overrides: { pre_per_EV: pre, exo_dicer: 0 } }), 'PTEN_pct', 71.999);
    expect(blocked).toBeGreaterThan(99);
    expect(scenario.plot(r)).toHaveProperty('hconcat');
  });

  it('--set changes the outcome in the expected direction: a larger escape fraction deepens the natural-dose PTEN fall', async () => {
    const base = (await once()).checks[0]!.observed as number[];
    const more = (await scenario.run({ set: { 'up21.f_escape': 0.05, 'up10b.f_escape': 0.05 }, seed: 0 })).checks[0]!.observed as number[];
    expect(more[0]!).toBeGreaterThan(2 * base[0]!);
    expect(more[0]!).toBeLessThan(10 * base[0]!);
  });

  it('an unknown --set id throws E_UNKNOWN_OVERRIDE', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { no_such_parameter: 1 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/E_UNKNOWN_OVERRIDE|no_such_parameter/);
  });
});
