/**
 * Species with concentration semantics in compartments whose size changes (SBML L3V2 sections 4.9.4 and 4.12.4;
 * SBML Test Suite cases 01505-01513 and 01779). Expected values are analytic.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { ExosimError } from '../../src/diagnostics.js';
import { CODEGEN_MODES, col, compilerFor, event, model, rule, rx, sp, U } from './helpers.js';

const tight = { rtol: 1e-10, atol: 1e-14, solver: 'ode-dopri5' } as const;

describe.each(CODEGEN_MODES)('variable compartments (codegen: %s)', (mode) => {
  const compileModel = compilerFor(mode);
  const growing = { id: 'C', size: 0.5, unit: U.L, constant: false };

  it('rate rule on a concentration in a compartment with a rate rule: d[S]/dt is the rule itself', () => {
    // dC/dt = 0.2, C(0) = 0.5 -> C = 0.5 + 0.2 t; d[S]/dt = 0.4, [S](0) = 0 -> [S] = 0.4 t (amount [S] C).
    const m = model({
      compartments: [growing],
      species: [sp('S', 'C', 0), sp('N', 'C', 0, { unit: U.mol, outputFactor: 1 })],
      rateRules: [rule('C', '0.2'), rule('S', '0.4'), rule('N', '0.4')],
    });
    const res = simulate(compileModel(m), { tEnd: 2, steps: 4, ...tight });
    res.time.forEach((t, i) => {
      expect(col(res, 'C')[i]!).toBeCloseTo(0.5 + 0.2 * t, 10);
      expect(col(res, 'S')[i]!).toBeCloseTo(0.4 * t, 9); // concentration output (M)
      expect(col(res, 'N')[i]!).toBeCloseTo(0.4 * t * (0.5 + 0.2 * t), 9); // amount output (mol)
    });
  });

  it('reaction in a growing compartment changes the amount; the concentration is diluted', () => {
    // Production of 1 mol/s into C = 0.5 + 0.2 t: amount = t, [P] = t / (0.5 + 0.2 t).
    const m = model({
      compartments: [growing],
      species: [sp('P', 'C', 0)],
      rateRules: [rule('C', '0.2')],
      reactions: [rx('make', [], ['P'], '1')],
    });
    const res = simulate(compileModel(m), { tEnd: 2, steps: 4, ...tight });
    res.time.forEach((t, i) => expect(col(res, 'P')[i]!).toBeCloseTo(t / (0.5 + 0.2 * t), 9));
  });

  it('event assigning a concentration and its compartment size uses the pre-event size (01779)', () => {
    // [S] = 2 in C = 0.5 (amount 1). At t = 0.45: S := 0.2 -> amount 0.2 * 0.5 = 0.1; C := 0.2 -> [S] = 0.5.
    for (const order of [
      [['S', '0.2'], ['C', '0.2']],
      [['C', '0.2'], ['S', '0.2']],
    ] as [string, string][][]) {
      const m = model({
        compartments: [growing],
        species: [sp('S', 'C', 2), sp('T', 'C', 2, { unit: U.mol, outputFactor: 1 })],
        events: [event('E0', 'time >= 0.45', [...order, ['T', '0.2']])],
      });
      const res = simulate(compileModel(m), { tEnd: 1, times: [0, 0.4, 0.5, 1], ...tight });
      [0.5, 0.5, 0.2, 0.2].forEach((v, i) => expect(col(res, 'C')[i]!).toBeCloseTo(v, 12));
      expect(col(res, 'S')[1]!).toBeCloseTo(2, 12);
      expect(col(res, 'S')[2]!).toBeCloseTo(0.5, 12);
      expect(col(res, 'S')[3]!).toBeCloseTo(0.5, 12);
      expect(col(res, 'T')[1]!).toBeCloseTo(1, 12); // amount before
      expect(col(res, 'T')[3]!).toBeCloseTo(0.1, 12); // amount after: 0.2 M * 0.5 L
    }
  });

  it('rate rule on a concentration in a compartment set by a time-varying assignment rule is refused', () => {
    const m = model({
      compartments: [growing],
      species: [sp('S', 'C', 0)],
      assignmentRules: [rule('C', '1 + time')],
      rateRules: [rule('S', '1')],
    });
    try {
      compileModel(m);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExosimError);
      expect((e as ExosimError).diagnostics[0]!.code).toBe('E_UNSUPPORTED_FEATURE');
    }
  });
});
