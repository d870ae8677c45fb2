import { describe, expect, it } from 'vitest';
import { AutoStepper, getSolver, listSolvers, registerSolver, selectSolver } from '../../src/solvers/registry.js';
import { resolveOdeSettings } from '../../src/solvers/ode/common.js';
import { integrate } from '../../src/solvers/ode/driver.js';
import type { OdeSolverDescriptor, OdeSystem } from '../../src/solvers/types.js';
import { robertson } from './problems.js';

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

  it('ode-auto notices ROBER is stiff early: switches before t = 1 and needs < 1.5x the steps of BDF alone', () => {
    // DOPRI5's |h lambda| estimate sits at 1.3-3.1 on ROBER while its steps are stability-limited, below
    // dopri5.f's 3.25; without ode-auto's lower threshold the switch came at t = 15.6 after ~12,500 steps.
    const run = (id: string) => {
      const d = getSolver(id);
      const settings = resolveOdeSettings({ rtol: 1e-9, atol: 1e-16 }, d);
      let stepper: AutoStepper | undefined;
      const spy: OdeSolverDescriptor = { ...d, create: (...a) => { const s = d.create(...a); if (s instanceof AutoStepper) stepper = s; return s; } };
      const r = integrate(robertson.system, { t0: 0, y0: Float64Array.from(robertson.y0), outputTimes: Float64Array.of(0, robertson.tEnd), solver: spy, settings });
      return { steps: r.stats.steps, stepper };
    };
    const auto = run('ode-auto');
    const bdf = run('ode-bdf');
    expect(auto.stepper?.switchTime).toBeLessThan(1);
    expect(auto.steps).toBeLessThan(1.5 * bdf.steps);
  });
});
