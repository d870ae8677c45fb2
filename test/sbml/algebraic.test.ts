import { describe, expect, it } from 'vitest';
import { assignAlgebraicRules, solveLinear } from '../../src/sbml/algebraic.js';
import { parseExpression } from '../../src/expr/parse.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { binary, call, collectIdentifiers, id } from '../../src/expr/traverse.js';

const P = (s: string) => {
  const r = parseExpression(s);
  if (!('expr' in r) || !r.expr) throw new Error(`parse ${s}`);
  return r.expr;
};

describe('algebraic rules', () => {
  it('solves rules linear in the variable: v = -g(v=0) / (dg/dv), checked by substituting back', () => {
    const cases: [string, string][] = [
      ['(k3 + 1) * S1 - T', 'T'],
      ['(k3 + 1) * S1 - T', 'S1'],
      ['-k1 + S1 + S2', 'k1'],
      ['2 * x / c - y + 3', 'x'],
      ['a * b * x + exp(b) - x', 'x'],
    ];
    const env: Record<string, number> = { k3: 0.7, S1: 1.3, T: 2.1, k1: 4, S2: 0.25, c: 2.5, y: 0.8, a: 0.3, b: 1.7, x: 0 };
    for (const [g, v] of cases) {
      const sol = solveLinear(P(g), v);
      expect(sol, `${g} for ${v}`).toBeDefined();
      expect(collectIdentifiers(sol!).has(v)).toBe(false);
      const val = evaluate(sol!, (n) => env[n] ?? NaN);
      const residual = evaluate(P(g), (n) => (n === v ? val : (env[n] ?? NaN)));
      expect(Math.abs(residual)).toBeLessThan(1e-12);
    }
  });
  it('does not solve rules nonlinear in the variable', () => {
    expect(solveLinear(P('x^2 - 2'), 'x')).toBeUndefined();
    expect(solveLinear(P('x * y - exp(x)'), 'x')).toBeUndefined();
    expect(solveLinear(P('y - 1'), 'x')).toBeUndefined(); // x absent
  });
  it('keeps rateOf() calls opaque while solving', () => {
    const sol = solveLinear(binary('-', call('rateOf', [id('S1')]), id('P1')), 'P1');
    expect(sol).toBeDefined();
    expect(evaluate(sol!, () => NaN, new Map([['rateOf', { id: 'rateOf', params: ['x'], body: P('5') }]]))).toBe(5);
  });
  it('matches each rule to a distinct variable (augmenting paths), preferring variables it is linear in', () => {
    // rule 0 mentions a and b; rule 1 only a: a must go to rule 1, b to rule 0
    const r = assignAlgebraicRules([{ expr: P('a + b - 1'), where: 'r0' }, { expr: P('a - 2'), where: 'r1' }], ['a', 'b']);
    expect(r.unmatched).toEqual([]);
    expect(r.solutions.map((s) => [s.rule, s.variable])).toEqual([[0, 'b'], [1, 'a']]);
    // linear preferred: x^2 + y - 3 is solved for y, not x
    const q = assignAlgebraicRules([{ expr: P('x^2 + y - 3'), where: 'r' }], ['x', 'y']);
    expect(q.solutions[0]!.variable).toBe('y');
    // over-determined: two rules, one candidate
    const o = assignAlgebraicRules([{ expr: P('a - 1'), where: 'r0' }, { expr: P('a - 2'), where: 'r1' }], ['a']);
    expect(o.unmatched).toEqual([1]);
  });
});
