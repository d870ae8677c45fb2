/**
 * le2014-mir200-metastasis: one run; every check passes on simulated numbers; series finite; the gap analysis found a
 * closing miR-200 cargo (re-checked here: the switch flips at it and not at a third of it); a higher colonisation
 * probability of epithelial cells raises the metastasis ratio; an unknown --set id is an error.
 */
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/scenarios/le2014-mir200-metastasis/index.js';
import { compileDoc, runCondition, valueAt } from '../../src/scenarios/support.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

let result: ScenarioResult | undefined;
async function once(): Promise<ScenarioResult> {
  result ??= await scenario.run({ set: {}, seed: 0 });
  return result;
}

describe('scenario le2014-mir200-metastasis', () => {
  it('model compiles; key parameters exist', () => {
    const cm = compileDoc(scenario.model());
    const ids = new Set([...cm.flat.parameters.map((p) => p.id), ...cm.flat.species.map((s) => s.id)]);
    for (const k of scenario.keyParameters) expect(ids.has(k), k).toBe(true);
  });

  it('runs; every check passes; series finite; the gap is stated with closing values', async () => {
    const r = await once();
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
    expect(r.record.replicates).toBeGreaterThan(1);
    const main = r.checks[0]!;
    expect(main.gap).toBeDefined();
    expect(Math.abs((main.observed as number[])[0]! - 1)).toBeLessThan(1e-3); // natural dose: no effect
    const copies = main.gap!.closingParameters['copies_4T1']!;
    expect(copies).toBeGreaterThan(1);
    // independent re-check: with 4T1 EVs at 1.5x the closing cargo the switch leaves the mesenchymal state, at a third of it it does not
    const cm = compileDoc(scenario.model());
    const E = (x: number) => valueAt(runCondition(cm, { tEnd: 300, times: [0, 300], solver: 'ode-bdf', overrides: { copies_4T1: x, ev_source: 1 } }), 'E_score', 300);
    expect(E(copies * 1.5)).toBeGreaterThan(0.3);
    expect(E(copies / 3)).toBeLessThan(0.05);
    expect(scenario.plot(r)).toHaveProperty('hconcat');
  });

  it('--set changes the outcome in the expected direction: a higher epithelial colonisation probability raises the ratio', async () => {
    const base = (await once()).checks[0]!.observed as number[];
    const more = (await scenario.run({ set: { 'tis.p_col_E': 4e-3 }, seed: 0 })).checks[0]!.observed as number[];
    expect(more[1]!).toBeGreaterThan(base[1]!);
  });

  it('an unknown --set id throws E_UNKNOWN_OVERRIDE', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { no_such_parameter: 1 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
  });
});
