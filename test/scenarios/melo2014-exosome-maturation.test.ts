/**
 * Scenario melo2014-exosome-maturation: runs once, every check passes, series finite; the analytic solution of the
 * first-order conversion (pre(t) = pre(0)·e^(-kt)) is reproduced; --set k_dice_EV lowers the 72 h fold; unknown
 * --set ids throw the ExosimError of the simulator.
 */
import { describe, expect, it } from 'vitest';
import { scenario, CONDITIONS, PRE_MIRNAS } from '../../src/scenarios/melo2014-exosome-maturation/index.js';
import { compileDoc } from '../../src/scenarios/support.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

function fold72(r: ScenarioResult, key: string): number {
  const label = CONDITIONS.find((c) => c.key === key)!.label;
  const s = Object.values(r.series).find((x) => x.condition === label)!;
  return s.y[s.x.indexOf(72)]!;
}

describe('scenario melo2014-exosome-maturation', () => {
  let base: ScenarioResult;

  it('model compiles from the mechanism modules; metadata complete', () => {
    const compiled = compileDoc(scenario.model());
    const ids = new Set(compiled.flat.parameters.map((p) => p.id));
    for (const k of scenario.keyParameters) expect(ids.has(k), k).toBe(true);
    expect(scenario.mechanisms).toEqual(['sorting', 'exosome-maturation']);
    expect(PRE_MIRNAS.map((p) => p.name)).toContain('hsa-miR-10b-5p');
    expect(PRE_MIRNAS.map((p) => p.name)).toContain('hsa-miR-21-5p');
    expect(PRE_MIRNAS.length).toBe(6);
  });

  it('runs; every check passes; series finite with units', async () => {
    const t0 = Date.now();
    base = await scenario.run({ set: {}, seed: 0 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(base.checks.length).toBeGreaterThanOrEqual(6);
    for (const c of base.checks) expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)}`).toBe(true);
    for (const s of Object.values(base.series)) {
      expect(s.x.length).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v)).toBe(true);
      expect(s.xLabel).toMatch(/\(h\)/);
    }
    expect(Object.keys(base.series).length).toBe(CONDITIONS.length);
  });

  it('reproduces the analytic first-order solution: 87.5 % of pre-miRNA converted at 72 h (k = ln2/24 h)', () => {
    const synthetic = base.checks.find((c) => c.name.startsWith('synthetic'))!;
    expect(synthetic.observed as number).toBeCloseTo(1 - Math.exp(-72 * (Math.LN2 / 24)), 5);
    // flat conditions are exactly flat
    for (const key of ['normal', 'dicer_blocked', 'jeppesen']) expect(fold72(base, key)).toBeCloseTo(1, 10);
  });

  it('--set changes the outcome in the expected direction: slower exosomal Dicer gives a smaller 72 h rise', async () => {
    const slow = await scenario.run({ set: { k_dice_EV: 0.01 }, seed: 0 });
    expect(fold72(slow, 'cancer')).toBeLessThan(fold72(base, 'cancer'));
    expect(fold72(slow, 'cancer')).toBeGreaterThan(1);
    expect(slow.record.set).toEqual({ k_dice_EV: 0.01 });
    const half = await scenario.run({ set: { exo_dicer: 0.5 }, seed: 0 });
    expect(fold72(half, 'cancer')).toBeLessThan(fold72(base, 'cancer'));
  });

  it('an unknown --set id throws the simulator ExosimError', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { no_such_parameter: 1 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
  });

  it('plot: Vega-Lite lines of the ratio vs time, one colour per condition, white background', () => {
    const spec = scenario.plot(base) as { mark: { type: string }; background: string; config: { font: string }; encoding: { x: { title: string }; y: { title: string } } };
    expect(spec.mark.type).toBe('line');
    expect(spec.background).toBe('white');
    expect(spec.config.font).toBe('DejaVu Sans');
    expect(spec.encoding.x.title).toMatch(/\(h\)/);
    expect(spec.encoding.y.title).toMatch(/ratio/);
  });
});
