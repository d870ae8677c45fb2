import { describe, expect, it } from 'vitest';
import { AutoStepper, getSolver, listSolvers, registerSolver, selectSolver } from '../../src/solvers/registry.js';
import { resolveOdeSettings } from '../../src/solvers/ode/common.js';
import { integrate } from '../../src/solvers/ode/driver.js';
import type { OdeSolverDescriptor, OdeSystem } from '../../src/solvers/types.js';

describe('solver registry', () => {
  it('registers the built-in solvers with self-descriptions', () => {
    const ids = listSolvers().map((d) => d.id);
    for (const id of ['ode-dopri5', 'ode-rosenbrock', 'ode-bdf', 'ode-auto']) expect(ids).toContain(id);
    for (const d of listSolvers()) {
      expect(d.kind).toBe('ode');
      expect(d.name.length).toBeGreaterThan(0);
      expect(d.method.length).toBeGreaterThan(10);
      expect(d.references.length).toBeGreaterThan(0);
      for (const s of d.settings) expect(s.help.length).toBeGreaterThan(0);
      // defaults validate against the descriptor itself
      expect(() => resolveOdeSettings({}, d)).not.toThrow();
    }
    expect(getSolver('auto').id).toBe('ode-auto');
  });

  it('unknown ids throw an error listing the known ones', () => {
    expect(() => getSolver('ode-euler')).toThrow(/ode-euler.*ode-dopri5.*ode-bdf/s);
  });

  it('registerSolver adds a plugin', () => {
    const d: OdeSolverDescriptor = { ...getSolver('ode-dopri5'), id: 'ode-test-plugin', name: 'plugin' };
    registerSolver(d);
    expect(getSolver('ode-test-plugin')).toBe(d);
  });

  it('selectSolver picks ode-auto', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
    expect(selectSolver(sys).id).toBe('ode-auto');
  });

  it('ode-auto stays explicit on a non-stiff problem (exp decay exact to 1e-8)', () => {
    const auto = getSolver('ode-auto');
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -0.5 * y[0]!; } };
    const stepper = auto.create(sys, 0, Float64Array.of(1), resolveOdeSettings({ rtol: 1e-10, atol: 1e-14 }, auto)) as AutoStepper;
    while (stepper.t < 20) stepper.step(20);
    expect(stepper.activeSolverId).toBe('ode-dopri5');
    expect(Math.abs(stepper.y[0]! - Math.exp(-10)) / Math.exp(-10)).toBeLessThan(1e-8);
  });

  it('ode-auto switches to BDF on a stiff problem and stays accurate', () => {
    // y' = -1e5 (y - cos t) - sin t has the smooth solution y = cos t (for y(0) = 1).
    const auto = getSolver('ode-auto');
    const sys: OdeSystem = { n: 1, rates: (t, y, f) => { f[0] = -1e5 * (y[0]! - Math.cos(t)) - Math.sin(t); } };
    const stepper = auto.create(sys, 0, Float64Array.of(1), resolveOdeSettings({ rtol: 1e-8, atol: 1e-10 }, auto)) as AutoStepper;
    const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 1, 5, 10), solver: auto, settings: resolveOdeSettings({ rtol: 1e-8, atol: 1e-10 }, auto) });
    expect(r.states.map((s) => s[0])).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(Math.abs(r.states[i]![0]! - Math.cos(r.times[i]!))).toBeLessThan(1e-6);
    // explicit alone would need ~ 1e5 * 10 / 3.3 = 3e5 steps
    expect(r.stats.steps).toBeLessThan(20000);
    while (stepper.t < 1) stepper.step(1);
    expect(stepper.activeSolverId).toBe('ode-bdf');
    expect(stepper.switchTime).toBeGreaterThan(0);
    expect(stepper.switchTime).toBeLessThan(1);
  });

  it('ode-auto can switch to Rosenbrock on request', () => {
    const auto = getSolver('ode-auto');
    const sys: OdeSystem = { n: 1, rates: (t, y, f) => { f[0] = -1e5 * (y[0]! - Math.cos(t)) - Math.sin(t); } };
    const stepper = auto.create(sys, 0, Float64Array.of(1), resolveOdeSettings({ rtol: 1e-8, atol: 1e-10, stiffSolver: 'ode-rosenbrock' }, auto)) as AutoStepper;
    while (stepper.t < 2) stepper.step(2);
    expect(stepper.activeSolverId).toBe('ode-rosenbrock');
    expect(Math.abs(stepper.y[0]! - Math.cos(2))).toBeLessThan(1e-6);
  });
});
