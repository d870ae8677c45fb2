import { describe, expect, it } from 'vitest';
import { scoreCase } from '../../src/sbml/suite/score.js';

// Tolerances chosen so that every allowed deviation is exact in binary floating point:
// T_a = 0.5, T_r = 0.25: for U = 2 the allowed |C - U| is 0.5 + 0.25 * 2 = 1 (exactly).
const TOL = { absolute: 0.5, relative: 0.25 };
const expected = {
  header: ['time', 'A', 'B'],
  rows: [
    [0, 2, -4],
    [1, 0, 8],
  ],
};

describe('scoreCase', () => {
  it('passes identical tables with margin -allowed at every point', () => {
    const s = scoreCase(expected, expected, TOL);
    expect(s.pass).toBe(true);
    expect(s.failures).toEqual([]);
    expect(s.pointsCompared).toBe(6); // 2 rows x (time + A + B)
    // The smallest allowed deviation is at time 0 / A = 0: 0.5; margin = 0 - 0.5.
    expect(s.maxViolation).toBe(-0.5);
  });

  it('passes exactly at the tolerance |C - U| = T_a + T_r |U| and fails just beyond it', () => {
    // A=2 -> allowed 1; B=-4 -> allowed 1.5; A=0 -> 0.5; B=8 -> 2.5 (tolerance scales with |U|, the expected value).
    const atLimit = { header: ['time', 'A', 'B'], rows: [[0, 3, -5.5], [1, -0.5, 10.5]] };
    const s = scoreCase(expected, atLimit, TOL);
    expect(s.pass).toBe(true);
    expect(s.maxViolation).toBe(0);

    const beyond = { header: ['time', 'A', 'B'], rows: [[0, 3 + 2 ** -20, -5.5], [1, -0.5, 10.5]] };
    const f = scoreCase(expected, beyond, TOL);
    expect(f.pass).toBe(false);
    expect(f.failureCount).toBe(1);
    expect(f.failures).toEqual([{ time: 0, variable: 'A', expected: 2, computed: 3 + 2 ** -20, allowed: 1 }]);
    expect(f.maxViolation).toBe(2 ** -20);
  });

  it('scales the relative tolerance by the expected value, not the computed one', () => {
    // U = 0, C = 1, T_a = 0, T_r = 0.5: allowed 0 (would be 0.5 if scaled by |C|).
    const s = scoreCase({ header: ['time', 'x'], rows: [[0, 0]] }, { header: ['time', 'x'], rows: [[0, 1]] }, { absolute: 0, relative: 0.5 });
    expect(s.pass).toBe(false);
    expect(s.failures[0]?.allowed).toBe(0);
  });

  it('matches columns by name in any order and ignores extra computed columns', () => {
    const computed = { header: ['Time', 'extra', 'B', 'A'], rows: [[0, 99, -4, 2], [1, 99, 8, 0]] };
    expect(scoreCase(expected, computed, TOL).pass).toBe(true);
  });

  it('compares only the settings variables when given', () => {
    const computed = { header: ['time', 'A'], rows: [[0, 2], [1, 0]] };
    expect(scoreCase(expected, computed, { ...TOL, variables: ['A'] }).pass).toBe(true);
  });

  it('fails with a reason on missing columns and row-count mismatch', () => {
    const noB = scoreCase(expected, { header: ['time', 'A'], rows: [[0, 2], [1, 0]] }, TOL);
    expect(noB.pass).toBe(false);
    expect(noB.reason).toBe('computed results lack column(s) B');
    const short = scoreCase(expected, { header: ['time', 'A', 'B'], rows: [[0, 2, -4]] }, TOL);
    expect(short.pass).toBe(false);
    expect(short.reason).toBe('row count differs: expected 2, computed 1');
    const noTime = scoreCase(expected, { header: ['A', 'B'], rows: [[2, -4], [0, 8]] }, TOL);
    expect(noTime.reason).toMatch(/no time column/);
    const missingExpected = scoreCase(expected, expected, { ...TOL, variables: ['C'] });
    expect(missingExpected.reason).toBe('expected results lack column(s) C');
  });

  it('checks the time column too (wrong output times fail)', () => {
    const shifted = { header: ['time', 'A', 'B'], rows: [[0, 2, -4], [3, 0, 8]] };
    const s = scoreCase(expected, shifted, TOL);
    expect(s.pass).toBe(false);
    expect(s.failures[0]?.variable).toBe('time');
    expect(scoreCase(expected, shifted, TOL, { compareTime: false }).pass).toBe(true);
  });

  it('requires NaN for NaN and the same infinity for an infinity', () => {
    const e = { header: ['time', 'n', 'p', 'm'], rows: [[0, NaN, Infinity, -Infinity]] };
    expect(scoreCase(e, e, TOL).pass).toBe(true);
    const cases: [number, number, number, string][] = [
      [0, Infinity, -Infinity, 'n'], // NaN expected, 0 computed
      [NaN, 1e308, -Infinity, 'p'], // huge but finite is not +Infinity
      [NaN, Infinity, Infinity, 'm'], // wrong sign
    ];
    for (const [n, p, m, bad] of cases) {
      const s = scoreCase(e, { header: e.header, rows: [[0, n, p, m]] }, TOL);
      expect(s.pass).toBe(false);
      expect(s.failures.map((f) => f.variable)).toEqual([bad]);
      expect(s.maxViolation).toBe(Infinity);
    }
  });

  it('fails a NaN or infinite computed value against a finite expected one', () => {
    for (const c of [NaN, Infinity, -Infinity]) {
      const s = scoreCase(expected, { header: expected.header, rows: [[0, c, -4], [1, 0, 8]] }, { absolute: 1e300, relative: 1 });
      expect(s.pass).toBe(false);
      expect(s.maxViolation).toBe(Infinity);
    }
  });

  it('keeps only the first maxFailures failures but counts all', () => {
    const bad = { header: ['time', 'A', 'B'], rows: [[0, 100, 100], [1, 100, 100]] };
    const s = scoreCase(expected, bad, TOL, { maxFailures: 3 });
    expect(s.failureCount).toBe(4);
    expect(s.failures.map((f) => `${f.time}:${f.variable}`)).toEqual(['0:A', '0:B', '1:A']);
  });

  it('compares tables without a time column (FluxBalanceSteadyState) by name', () => {
    const e = { header: ['R1', 'OBJF'], rows: [[1, 2]] };
    expect(scoreCase(e, { header: ['OBJF', 'R1'], rows: [[2, 1]] }, TOL).pass).toBe(true);
    expect(scoreCase(e, { header: ['R1', 'OBJF'], rows: [[1, 5]] }, TOL).pass).toBe(false);
  });
});
