/** Assertions shared by the per-scenario tests (test/scenarios/<id>.test.ts). */
import { expect } from 'vitest';
import { compileDoc } from '../../src/scenarios/support.js';
import type { Scenario, ScenarioResult } from '../../src/scenarios/types.js';

/** The scenario's model compiles and names its key parameters; it is composed from `mechanism` among others. */
export function expectModelAndMetadata(scenario: Scenario, id: string, mechanism: string): void {
  expect(scenario.id).toBe(id);
  const c = compileDoc(scenario.model());
  const ids = new Set([...c.flat.parameters.map((p) => p.id), ...c.flat.species.map((p) => p.id), ...c.flat.compartments.map((p) => p.id)]);
  for (const k of scenario.keyParameters) expect(ids.has(k), k).toBe(true);
  expect(scenario.mechanisms).toContain(mechanism);
}

/** Every check passes on finite observed numbers (a gap names its closing values); every series is finite, with units. */
export function expectCleanRun(base: ScenarioResult, minChecks: number): void {
  expect(base.checks.length).toBeGreaterThan(minChecks);
  for (const c of base.checks) {
    const obs = Array.isArray(c.observed) ? c.observed : [c.observed];
    for (const v of obs) expect(Number.isFinite(v), c.name).toBe(true);
    expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)} ${c.gap?.statement ?? ''}`).toBe(true);
    if (c.gap) expect(Object.keys(c.gap.closingParameters).length, c.name).toBeGreaterThan(0);
  }
  for (const [k, s] of Object.entries(base.series)) {
    expect(s.x.length, k).toBe(s.y.length);
    for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v), k).toBe(true);
    expect(s.xLabel, k).toMatch(/\(.+\)/);
    expect(s.yLabel, k).toMatch(/\(.+\)/);
  }
}
