import { describe, expect, it } from 'vitest';
import {
  collectCalls,
  collectIdentifiers,
  evaluate,
  inlineFunctions,
  parseExpression,
  printExpression,
  simplify,
  structurallyEqual,
  substitute,
  type Expr,
  type FunctionDef,
} from '../../src/expr/index.js';
import { mulberry32, randomAst } from './random-ast.js';

function parse(src: string, functions?: ReadonlySet<string>): Expr {
  const r = parseExpression(src, functions ? { functions } : {});
  if (!r.ok) throw new Error(`parse failed for ${src}: ${JSON.stringify(r.issues)}`);
  return r.expr;
}

describe('simplify', () => {
  const cases: [string, string][] = [
    ['0 * x', '0'],
    ['x * 0', '0'],
    ['1 * x', 'x'],
    ['x * 1', 'x'],
    ['x + 0', 'x'],
    ['0 + x', 'x'],
    ['x - 0', 'x'],
    ['0 - x', '-x'],
    ['x / 1', 'x'],
    ['0 / x', '0'],
    ['x^1', 'x'],
    ['x^0', '1'],
    ['1^x', '1'],
    ['--x', 'x'],
    ['+x', 'x'],
    ['!!(x < y)', 'x < y'],
    ['!!x', '!!x'],
    ['2 * 3 + x', '6 + x'],
    ['x * 2', '2 * x'],
    ['2 * (3 * x)', '6 * x'],
    ['x + -y', 'x - y'],
    ['x - -y', 'x + y'],
    ['-x * y', '-(x * y)'],
    ['x / -y', '-(x / y)'],
    ['-(2)', '-2'],
    ['exp(0) * k', 'k'],
    ['log(2, 8) * x', '3 * x'],
    ['1 < 2', 'true'],
    ['true && x < y', 'x < y'],
    ['false && x', 'false'],
    ['x || true', 'true'],
    ['piecewise(a, 1 > 2, b, 2 > 1, c)', 'b'],
    ['piecewise(a, false, b, x < 1, c)', 'piecewise(b, x < 1, c)'],
    ['piecewise(a, false, b, false)', 'nan'],
    ['piecewise(a, x < 1, b, true, c)', 'piecewise(a, x < 1, b)'],
    ['pow(x, 1)', 'x'],
    ['min(x)', 'x'],
    ['max(1, 2, 3) * x', '3 * x'],
    ['factorial(4) + k', '24 + k'],
    ['delay(2, 1)', 'delay(2, 1)'],
    ['k1 * A * B', 'k1 * A * B'],
    ['f(0 * x)', 'f(0)'],
  ];
  for (const [src, out] of cases) {
    it(`${src} -> ${out}`, () => {
      const r = parseExpression(src, { functions: new Set(['f']) });
      if (!r.ok) throw new Error('parse');
      expect(printExpression(simplify(r.expr))).toBe(out);
    });
  }

  it('keeps the value of random expressions (where the original is finite)', () => {
    const rand = mulberry32(99);
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const e = randomAst(rand, 1 + (i % 6), { excludeBuiltins: new Set(['delay']), friendlyNumbers: true });
      const env = (name: string): number => ({ x: 0.7, y: 1.9, k1: -0.4, S_a: 3, 'donor.dicer.kcat': 0.25, time: 2, _z9: 0 })[name]!;
      const v0 = evaluate(e, env);
      if (!Number.isFinite(v0)) continue;
      const v1 = evaluate(simplify(e), env);
      compared++;
      const ok = v0 === v1 || Math.abs(v1 - v0) <= 1e-12 * Math.max(1, Math.abs(v0));
      if (!ok) throw new Error(`simplify changed the value of ${printExpression(e)}: ${v0} -> ${v1} (${printExpression(simplify(e))})`);
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('is linear on a 5,000-term sum and folds zero terms', () => {
    const src = Array.from({ length: 5000 }, (_, i) => (i % 2 ? `0 * k${i}` : `1 * k${i}`)).join(' + ');
    const out = printExpression(simplify(parse(src)));
    expect(out).toBe(Array.from({ length: 2500 }, (_, i) => `k${2 * i}`).join(' + '));
  });
});

describe('substitute, collect, inline', () => {
  it('substitute is simultaneous and keeps other identifiers', () => {
    const e = substitute(parse('x + y * z'), (n) => (n === 'x' ? parse('y') : n === 'y' ? parse('x') : undefined));
    expect(printExpression(e)).toBe('y + x * z');
    expect(printExpression(substitute(parse('time * k'), (n) => (n === 'time' ? parse('t0 + 1') : undefined)))).toBe('(t0 + 1) * k');
  });

  it('collectIdentifiers excludes pi/avogadro, includes time and dotted names, not function names', () => {
    expect([...collectIdentifiers(parse('pi * avogadro * time + donor.k * exp(x) + inf + true'))].sort()).toEqual(['donor.k', 'time', 'x']);
    expect([...collectCalls(parse('exp(x) + f(g(y), 2)', new Set(['f', 'g'])))].sort()).toEqual(['exp', 'f', 'g']);
  });

  const defs = new Map<string, FunctionDef>([
    ['hill', { id: 'hill', params: ['S', 'K', 'n'], body: parse('S^n / (K^n + S^n)') }],
    ['act', { id: 'act', params: ['S'], body: parse('hill(S, Ka, 2) * S', new Set(['hill'])) }],
    ['swap', { id: 'swap', params: ['a', 'b'], body: parse('a - b') }],
    ['ping', { id: 'ping', params: ['x'], body: parse('pong(x) + 1', new Set(['pong'])) }],
    ['pong', { id: 'pong', params: ['x'], body: parse('ping(x) * 2', new Set(['ping'])) }],
  ]);
  const fns = new Set(defs.keys());

  it('inlines nested user functions with simultaneous parameter binding', () => {
    expect(printExpression(inlineFunctions(parse('hill(A, 2, 1.5)', fns), defs))).toBe('A^1.5 / (2^1.5 + A^1.5)');
    expect(printExpression(inlineFunctions(parse('act(X + 1)', fns), defs))).toBe('(X + 1)^2 / (Ka^2 + (X + 1)^2) * (X + 1)');
    expect(printExpression(inlineFunctions(parse('swap(b, a)', fns), defs))).toBe('b - a');
    expect(printExpression(inlineFunctions(parse('exp(swap(hill(x, 1, 1), 1))', fns), defs))).toBe('exp(x^1 / (1^1 + x^1) - 1)');
    const inlined = inlineFunctions(parse('act(3) + hill(2, 1, 2)', fns), defs);
    expect([...collectCalls(inlined)]).toEqual([]);
    expect(evaluate(inlined, (n) => (n === 'Ka' ? 1.5 : NaN))).toBe(evaluate(parse('act(3) + hill(2, 1, 2)', fns), (n) => (n === 'Ka' ? 1.5 : NaN), defs));
  });

  it('inlining refuses recursion and wrong argument counts', () => {
    expect(() => inlineFunctions(parse('ping(1)', fns), defs)).toThrow(/recursive function definition: ping -> pong -> ping/);
    expect(() => inlineFunctions(parse('hill(1, 2)', fns), defs)).toThrow(/takes 3 argument/);
  });

  it('inlined body root carries the span of the call', () => {
    const e = inlineFunctions(parse('1 + swap(x, y)', fns), defs);
    if (e.kind !== 'binary') throw new Error('shape');
    expect(e.right.span).toEqual({ start: 4, end: 14 });
    expect(structurallyEqual(e, parse('1 + (x - y)'))).toBe(true);
  });
});
