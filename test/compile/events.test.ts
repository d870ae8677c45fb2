import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import type { FlatEvent } from '../../src/model/types.js';
import { CODEGEN_MODES, col, compilerFor, event, model, par, rx, sp } from './helpers.js';

const tight = { rtol: 1e-10, atol: 1e-14, solver: 'ode-dopri5' } as const;

describe.each(CODEGEN_MODES)('events (codegen: %s)', (mode) => {
  const compileModel = compilerFor(mode);

  /** Exponential decay A' = -k A (A0 = 1, V = 1, amounts) plus the given events and parameters. */
  function decay(k: number, events: FlatEvent[], params: [string, number][] = []) {
    return compileModel(
      model({
        species: [sp('A', 'V', 1, { initialKind: 'amount', hasOnlySubstanceUnits: true })],
        parameters: [par('k', k), ...params.map(([id, v]) => par(id, v, { constant: false }))],
        reactions: [rx('decay', ['A'], [], 'k * A')],
        events,
      }),
    );
  }

  describe('events (SBML Level 3 semantics)', () => {
    it('time event at t = 10 adds to a species; output at t = 10 is post-event', () => {
      const k = 0.1;
      const c = decay(k, [event('dose', 'time >= 10', [['A', 'A + 1']])]);
      const res = simulate(c, { tEnd: 20, steps: 4, ...tight }); // rows at 0, 5, 10, 15, 20
      const A = col(res, 'A');
      const a10 = Math.exp(-k * 10) + 1;
      expect(A[1]).toBeCloseTo(Math.exp(-k * 5), 9);
      expect(A[2]).toBeCloseTo(a10, 9);
      expect(A[3]).toBeCloseTo(a10 * Math.exp(-k * 5), 9);
      expect(A[4]).toBeCloseTo(a10 * Math.exp(-k * 10), 9);
      expect(res.record.eventTimes).toEqual([10]);
    });

    it('threshold crossing A < 0.5 in exponential decay fires at ln(2)/k', () => {
      const k = 0.3;
      const c = decay(k, [event('half', 'A < 0.5', [['tfire', 'time']])], [['tfire', -1]]);
      const res = simulate(c, { tEnd: 5, steps: 5, ...tight });
      const tf = col(res, 'tfire');
      expect(Math.abs(tf[5]! - Math.log(2) / k)).toBeLessThan(1e-8);
      expect(tf[0]).toBe(-1); // before the event, the parameter has its initial value
      expect(Math.abs(res.record.eventTimes[0]! - Math.log(2) / k)).toBeLessThan(1e-8);
    });

    it('delayed event executes at trigger time + delay', () => {
      const k = 0.2;
      // useValuesFromTriggerTime false: A + 1 is evaluated at execution (t = 7)
      const c = decay(k, [event('late', 'time >= 5', [['A', 'A + 1']], { delay: '2', useValuesFromTriggerTime: false })]);
      const res = simulate(c, { tEnd: 10, times: [0, 6, 7, 10], ...tight });
      const A = col(res, 'A');
      expect(A[1]).toBeCloseTo(Math.exp(-k * 6), 9);
      const a7 = Math.exp(-k * 7) + 1;
      expect(A[2]).toBeCloseTo(a7, 9);
      expect(A[3]).toBeCloseTo(a7 * Math.exp(-k * 3), 9);
      expect(res.record.eventTimes).toEqual([7]);
      // default (values from trigger time): A(7) = A(5) + 1
      const c2 = decay(k, [event('late', 'time >= 5', [['A', 'A + 1']], { delay: '2' })]);
      expect(col(simulate(c2, { tEnd: 10, times: [0, 7], ...tight }), 'A')[1]).toBeCloseTo(Math.exp(-k * 5) + 1, 9);
    });

    it('persistent vs non-persistent: a trigger that turns false before execution cancels only non-persistent events', () => {
      const ev = (persistent: boolean) => event('e', 'time >= 2 && time < 3', [['x', 'x + 1']], { delay: '2', persistent });
      const run = (persistent: boolean) => col(simulate(decay(0.1, [ev(persistent)], [['x', 0]]), { tEnd: 6, steps: 6, ...tight }), 'x');
      const xp = run(true);
      expect(Array.from(xp)).toEqual([0, 0, 0, 0, 1, 1, 1]); // executes at t = 4
      const xn = run(false);
      expect(Array.from(xn)).toEqual([0, 0, 0, 0, 0, 0, 0]); // cancelled at t = 3
    });

    it('priority orders simultaneous executions (higher first)', () => {
      // x0 = 1. 'dbl': x = 2x, 'inc': x = x + 1, both at t >= 1, useValuesFromTriggerTime false so each
      // sees the other's result. inc first -> (1 + 1) * 2 = 4; dbl first -> 2 * 1 + 1 = 3.
      const run = (pDbl: string, pInc: string) =>
        col(
          simulate(
            decay(0.1, [
              event('dbl', 'time >= 1', [['x', '2 * x']], { priority: pDbl, useValuesFromTriggerTime: false }),
              event('inc', 'time >= 1', [['x', 'x + 1']], { priority: pInc, useValuesFromTriggerTime: false }),
            ], [['x', 1]]),
            { tEnd: 2, steps: 2, ...tight },
          ),
          'x',
        )[2];
      expect(run('1', '2')).toBe(4);
      expect(run('2', '1')).toBe(3);
    });

    it('useValuesFromTriggerTime: values from the trigger time vs from the execution time', () => {
      const k = 0.5;
      const run = (useTrig: boolean) =>
        col(
          simulate(decay(k, [event('snap', 'time >= 1', [['s', 'A']], { delay: '1', useValuesFromTriggerTime: useTrig })], [['s', 0]]), {
            tEnd: 3,
            steps: 3,
            ...tight,
          }),
          's',
        )[3]!;
      expect(run(true)).toBeCloseTo(Math.exp(-k * 1), 9);
      expect(run(false)).toBeCloseTo(Math.exp(-k * 2), 9);
    });

    it('initialValue false: a trigger true at t0 fires at t0; initialValue true: it does not', () => {
      const run = (initialValue: boolean) =>
        simulate(decay(0.1, [event('start', 'time >= 0', [['A', '5']], { initialValue })]), { tEnd: 1, steps: 1, ...tight });
      const fired = run(false);
      expect(col(fired, 'A')[0]).toBe(5);
      expect(col(fired, 'A')[1]).toBeCloseTo(5 * Math.exp(-0.1), 9);
      expect(fired.record.eventTimes).toEqual([0]);
      const notFired = run(true);
      expect(col(notFired, 'A')[0]).toBe(1);
      expect(notFired.record.eventTimes).toEqual([]);
    });

    it('cascading events at the same time fire in one handle call', () => {
      // e1 at t = 1 sets x = 1; e2 triggers on x > 0.5 (no time dependence) and sets y = 5 at the same instant.
      const c = decay(0.1, [event('e1', 'time >= 1', [['x', '1']]), event('e2', 'x > 0.5', [['y', '5']])], [['x', 0], ['y', 0]]);
      const res = simulate(c, { tEnd: 2, times: [0, 1, 2], ...tight });
      expect(Array.from(col(res, 'x'))).toEqual([0, 1, 1]);
      expect(Array.from(col(res, 'y'))).toEqual([0, 5, 5]);
      expect(res.record.eventTimes).toEqual([1]);
    });

    it('an event re-fires on each false -> true transition (periodic dosing)', () => {
      // trigger A < 0.5 with reset A = 1: fires every ln(2)/k.
      const k = 1;
      const c = decay(k, [event('reset', 'A < 0.5', [['A', '1']])]);
      const res = simulate(c, { tEnd: 3, steps: 3, ...tight });
      const T = Math.log(2) / k;
      expect(res.record.eventTimes.length).toBe(Math.floor(3 / T));
      res.record.eventTimes.forEach((t, i) => expect(t).toBeCloseTo((i + 1) * T, 7));
      expect(col(res, 'A')[3]).toBeCloseTo(Math.exp(-k * (3 - 4 * T)), 6);
    });

    it('assignment to a species with concentration semantics assigns a concentration', () => {
      const c = compileModel(
        model({
          compartments: [{ id: 'V', size: 4, unit: { text: 'L', scale: 1e-3, dims: [0, 3, 0, 0, 0, 0] }, constant: true }],
          species: [sp('B', 'V', 1), sp('N', 'V', 0, { initialKind: 'amount', unit: { text: 'mol', scale: 1, dims: [0, 0, 1, 0, 0, 0] } })],
          events: [event('set', 'time >= 1', [['B', '3']])],
        }),
      );
      const res = simulate(c, { tEnd: 2, steps: 2 });
      expect(col(res, 'B')[2]).toBe(3); // concentration output
      expect(c.stateIds[0]).toBe('B');
    });
  });
});
