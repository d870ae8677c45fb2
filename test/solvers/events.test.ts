import { describe, expect, it } from 'vitest';
import { dopri5Descriptor } from '../../src/solvers/ode/dopri5.js';
import { resolveOdeSettings } from '../../src/solvers/ode/common.js';
import { integrate } from '../../src/solvers/ode/driver.js';
import type { EventHooks, OdeSystem, SolverError } from '../../src/solvers/types.js';

const settings = (o: Record<string, unknown> = {}) => resolveOdeSettings({ rtol: 1e-10, atol: 1e-14, ...o }, dopri5Descriptor);
const linspace = (a: number, b: number, k: number) => Float64Array.from({ length: k + 1 }, (_, i) => (i === k ? b : a + ((b - a) * i) / k));

interface Call { t: number; crossed: number[]; y: number[] }

/** Minimal hooks: roots from a function, handle from a function, records every call. */
function hooks(
  rootCount: number,
  roots: (t: number, y: Float64Array, out: Float64Array) => void,
  handle: (t: number, y: Float64Array, crossed: readonly number[]) => { changed: boolean; terminate: boolean },
  nextScheduledTime: (t: number) => number = () => Infinity,
): EventHooks & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    rootCount, roots, nextScheduledTime, calls,
    handle(t, y, crossed) {
      calls.push({ t, crossed: [...crossed], y: [...y] });
      return handle(t, y, crossed);
    },
  };
}

describe('events', () => {
  it('time event at t = 10 with a jump y += 1: located exactly, output at t = 10 is post-event', () => {
    const k = 0.1;
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -k * y[0]!; } };
    const h = hooks(1, (t, _y, g) => { g[0] = t - 10; }, (_t, y) => { y[0]! += 1; return { changed: true, terminate: false }; });
    const times = linspace(0, 20, 20);
    const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: times, solver: dopri5Descriptor, settings: settings(), events: h });
    expect(r.status).toBe('done');
    expect(h.calls.length).toBe(1);
    expect(Math.abs(h.calls[0]!.t - 10)).toBeLessThan(1e-12);
    expect(h.calls[0]!.crossed).toEqual([0]);
    expect(r.eventTimes.length).toBe(1);
    const y10 = Math.exp(-1) + 1; // value just after the jump
    expect(r.times[10]).toBe(10);
    expect(Math.abs(r.states[10]![0]! - y10) / y10).toBeLessThan(1e-9);
    expect(Math.abs(r.states[9]![0]! - Math.exp(-0.9)) / Math.exp(-0.9)).toBeLessThan(1e-9);
    for (let i = 11; i <= 20; i++) {
      const exact = y10 * Math.exp(-k * (times[i]! - 10));
      expect(Math.abs(r.states[i]![0]! - exact) / exact).toBeLessThan(1e-9);
    }
  });

  it('threshold crossing of y = exp(-t) through 0.5 is located at ln 2', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
    const h = hooks(1, (_t, y, g) => { g[0] = y[0]! - 0.5; }, () => ({ changed: false, terminate: false }));
    const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 5), solver: dopri5Descriptor, settings: settings(), events: h });
    expect(h.calls.length).toBe(1);
    expect(Math.abs(h.calls[0]!.t - Math.LN2)).toBeLessThan(1e-8);
    // the sign has changed at t*
    expect(h.calls[0]!.y[0]!).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.states[1]![0]! - Math.exp(-5)) / Math.exp(-5)).toBeLessThan(1e-8);
  });

  it('detects crossings in both directions, each once (sin t crosses zero at k pi)', () => {
    const sys: OdeSystem = { n: 2, rates: (_t, y, f) => { f[0] = y[1]!; f[1] = -y[0]!; } }; // y0 = sin t
    const h = hooks(1, (_t, y, g) => { g[0] = y[0]!; }, () => ({ changed: false, terminate: false }));
    integrate(sys, { t0: 0, y0: Float64Array.of(0, 1), outputTimes: Float64Array.of(0, 20), solver: dopri5Descriptor, settings: settings(), events: h });
    // g(0) = 0 exactly: inactive at t0, not reported. Roots at pi, 2pi, ..., 6pi (< 20).
    expect(h.calls.map((c) => Math.round(c.t / Math.PI))).toEqual([1, 2, 3, 4, 5, 6]);
    for (const c of h.calls) expect(Math.abs(c.t - Math.round(c.t / Math.PI) * Math.PI)).toBeLessThan(1e-9);
  });

  it('finds the earliest of several roots in one step and reports simultaneous crossings together', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, _y, f) => { f[0] = 0; } }; // constant: dopri5 takes huge steps
    const h = hooks(3, (t, _y, g) => { g[0] = 3 - t; g[1] = t - 1.25; g[2] = 2 * (t - 1.25); }, () => ({ changed: false, terminate: false }));
    integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 10), solver: dopri5Descriptor, settings: settings(), events: h });
    expect(h.calls.length).toBe(2);
    expect(Math.abs(h.calls[0]!.t - 1.25)).toBeLessThan(1e-11);
    expect(h.calls[0]!.crossed).toEqual([1, 2]);
    expect(Math.abs(h.calls[1]!.t - 3)).toBeLessThan(1e-11);
    expect(h.calls[1]!.crossed).toEqual([0]);
  });

  it('does not re-detect a root that is exactly zero right after an event', () => {
    // y' = 1; event at y = 1 resets y to exactly 0 -> g = y - 1 is -1 after; roots g2 = y is 0 after the reset.
    const sys: OdeSystem = { n: 1, rates: (_t, _y, f) => { f[0] = 1; } };
    const h = hooks(2, (_t, y, g) => { g[0] = y[0]! - 1; g[1] = y[0]!; }, (_t, y, crossed) => {
      if (crossed.includes(0)) { y[0] = 0; return { changed: true, terminate: false }; }
      return { changed: false, terminate: false };
    });
    integrate(sys, { t0: 0, y0: Float64Array.of(0.5), outputTimes: Float64Array.of(0, 3.2), solver: dopri5Descriptor, settings: settings(), events: h });
    // Sawtooth: resets at t = 0.5, 1.5, 2.5; root 1 (y = 0) never reported.
    expect(h.calls.map((c) => c.crossed)).toEqual([[0], [0], [0]]);
    h.calls.forEach((c, i) => expect(Math.abs(c.t - (0.5 + i))).toBeLessThan(1e-10));
  });

  it('terminates on request and returns outputs up to the event', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
    const h = hooks(1, (_t, y, g) => { g[0] = y[0]! - 0.25; }, () => ({ changed: false, terminate: true }));
    const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: linspace(0, 5, 50), solver: dopri5Descriptor, settings: settings(), events: h });
    expect(r.status).toBe('terminated');
    expect(r.times[r.times.length - 1]!).toBeLessThanOrEqual(Math.log(4));
    expect(r.times.length).toBe(Math.floor(Math.log(4) / 0.1) + 1);
    expect(Math.abs(r.eventTimes[0]! - Math.log(4))).toBeLessThan(1e-8);
  });

  it('delayed event: trigger at ln 2, scheduled execution 1.5 later is a hard stop', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
    let pending = Infinity;
    const h = hooks(
      1,
      (_t, y, g) => { g[0] = y[0]! - 0.5; },
      (t, y, crossed) => {
        if (crossed.length > 0) { pending = t + 1.5; return { changed: false, terminate: false }; }
        if (t === pending) { pending = Infinity; y[0] = 2; return { changed: true, terminate: false }; }
        return { changed: false, terminate: false };
      },
      (t) => (pending > t ? pending : Infinity),
    );
    const tExec = Math.LN2 + 1.5;
    const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 1, 3.5), solver: dopri5Descriptor, settings: settings(), events: h });
    // (y = 2 decays back through 0.5 only at tExec + ln 4 > 3.5)
    expect(h.calls.length).toBe(2);
    expect(h.calls[1]!.crossed).toEqual([]);
    expect(Math.abs(h.calls[1]!.t - tExec)).toBeLessThan(1e-8);
    expect(h.calls[1]!.t).toBe(h.calls[0]!.t + 1.5); // exactly the scheduled time
    expect(Math.abs(h.calls[1]!.y[0]! - 0.5 * Math.exp(-1.5))).toBeLessThan(1e-9); // state handed to the hooks (before the assignment)
    const exact = 2 * Math.exp(-(3.5 - h.calls[1]!.t));
    expect(Math.abs(r.states[2]![0]! - exact) / exact).toBeLessThan(1e-8);
  });

  it('output time coinciding with a scheduled time reflects the post-event state', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, _y, f) => { f[0] = 0; } };
    let done = false;
    const h = hooks(0, () => {}, (_t, y) => { y[0] = 7; done = true; return { changed: true, terminate: false }; }, (t) => (!done && t < 2 ? 2 : Infinity));
    const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 1, 2, 3), solver: dopri5Descriptor, settings: settings(), events: h });
    expect(Array.from(r.states, (s) => s[0])).toEqual([1, 1, 7, 7]);
    expect(r.eventTimes).toEqual([2]);
  });

  it('guards against event loops (E_EVENT_LOOP)', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, _y, f) => { f[0] = 0; } };
    const h = hooks(0, () => {}, () => ({ changed: false, terminate: false }), (t) => t); // never moves on
    let err: unknown;
    try {
      integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 1), solver: dopri5Descriptor, settings: settings(), events: h });
    } catch (e) { err = e; }
    expect((err as SolverError).code).toBe('E_EVENT_LOOP');
  });

  it('respects a user event time tolerance', () => {
    const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
    const h = hooks(1, (_t, y, g) => { g[0] = y[0]! - 0.5; }, () => ({ changed: false, terminate: false }));
    integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 5), solver: dopri5Descriptor, settings: settings(), events: h, eventTimeTol: 1e-3 });
    expect(h.calls[0]!.t).toBeGreaterThanOrEqual(Math.LN2 - 1e-9);
    expect(h.calls[0]!.t - Math.LN2).toBeLessThan(1.01e-3);
  });
});

describe('events with every registered ODE solver', async () => {
  const { listSolvers } = await import('../../src/solvers/registry.js');
  for (const solver of listSolvers().filter((d) => d.id.startsWith('ode-') && d.id !== 'ode-test-plugin')) {
    it(`${solver.id}: jump at t = 10 and threshold crossing at ln 2`, () => {
      const sys: OdeSystem = { n: 1, rates: (_t, y, f) => { f[0] = -y[0]!; } };
      const h = hooks(
        2,
        (t, y, g) => { g[0] = t - 10; g[1] = y[0]! - 0.5; },
        (_t, y, crossed) => {
          if (crossed.includes(0)) { y[0]! += 1; return { changed: true, terminate: false }; }
          return { changed: false, terminate: false };
        },
      );
      const s = resolveOdeSettings({ rtol: 1e-10, atol: 1e-14 }, solver);
      const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: linspace(0, 12, 12), solver, settings: s, events: h });
      // Calls: ln 2 (down through 0.5), 10 (jump to 1 + e^-10 crosses 0.5 upward by the assignment itself,
      // which is not a crossing of the trajectory), then down through 0.5 again at 10 + ln(2 (1 + e^-10)).
      expect(h.calls.length).toBe(3);
      expect(Math.abs(h.calls[0]!.t - Math.LN2)).toBeLessThan(1e-8);
      expect(Math.abs(h.calls[1]!.t - 10)).toBeLessThan(1e-12);
      const t3 = 10 + Math.log(2 * (1 + Math.exp(-10)));
      expect(Math.abs(h.calls[2]!.t - t3)).toBeLessThan(1e-8);
      const y10 = 1 + Math.exp(-10);
      expect(Math.abs(r.states[10]![0]! - y10) / y10).toBeLessThan(1e-8);
      const y12 = y10 * Math.exp(-2);
      expect(Math.abs(r.states[12]![0]! - y12) / y12).toBeLessThan(1e-7);
    });
  }

  it('a delayed execution scheduled by a root inside the current step is not skipped', () => {
    // y' = 0 (linear y = 1 + 0*t): steps grow huge, so the root at t = 1 (g = t - 1) and the execution at
    // t = 1.5 it schedules lie inside one step. The driver must restart at the root and stop at 1.5.
    const sys: OdeSystem = { n: 1, rates: (_t, _y, f) => { f[0] = 0; } };
    let pending = Infinity;
    const h = hooks(
      1,
      (t, _y, g) => { g[0] = t - 1; },
      (t, y, crossed) => {
        if (crossed.length > 0) { pending = t + 0.5; return { changed: false, terminate: false }; }
        if (Math.abs(t - pending) < 1e-12) { pending = Infinity; y[0]! += 10; return { changed: true, terminate: false }; }
        return { changed: false, terminate: false };
      },
      (t) => (pending > t ? pending : Infinity),
    );
    const r = integrate(sys, { t0: 0, y0: Float64Array.of(1), outputTimes: Float64Array.of(0, 1.25, 2, 100), solver: dopri5Descriptor, settings: settings(), events: h });
    expect(h.calls.map((c) => c.t)).toEqual([1, 1.5]);
    expect(r.states.map((s) => s[0])).toEqual([1, 1, 11, 11]);
  });
});

