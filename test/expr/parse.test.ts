import { describe, expect, it } from 'vitest';
import {
  BUILTINS,
  parseExpression,
  printExpression,
  structurallyEqual,
  type Expr,
  type ExprIssue,
} from '../../src/expr/index.js';

function parse(src: string, functions?: ReadonlySet<string>): Expr {
  const r = parseExpression(src, functions ? { functions } : {});
  if (!r.ok) throw new Error(`parse failed for ${src}: ${JSON.stringify(r.issues)}`);
  return r.expr;
}
function issues(src: string, functions?: ReadonlySet<string>): ExprIssue[] {
  const r = parseExpression(src, functions ? { functions } : {});
  if (r.ok) throw new Error(`expected failure for ${src}`);
  return r.issues;
}
/** Fully parenthesised rendering (independent of the printer) to check the tree shape. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'bool':
      return String(e.value);
    case 'id':
      return e.name;
    case 'unary':
      return `(${e.op}${shape(e.arg)})`;
    case 'binary':
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(shape).join(',')})`;
  }
}

describe('parseExpression: structure and precedence', () => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b * c', '((a / b) * c)'],
    ['a ^ b ^ c', '(a ^ (b ^ c))'],
    ['-2^2', '(-(2 ^ 2))'],
    ['2^-1', '(2 ^ (-1))'],
    ['-a * b', '((-a) * b)'],
    ['a^-b^c', '(a ^ (-(b ^ c)))'],
    ['a < b == c > d', '((a < b) == (c > d))'],
    ['a || b && c', '(a || (b && c))'],
    ['a or b and not c', '(a || (b && (!c)))'],
    ['!a == b', '((!a) == b)'],
    ['a + b < c * d', '((a + b) < (c * d))'],
    ['(a + b) * c', '((a + b) * c)'],
    ['f(x, g(y) + 1)', 'f(x,(g(y) + 1))'],
    ['donor.dicer.kcat * E', '(donor.dicer.kcat * E)'],
    ['1e-3 + .5 + 1. + 2.5E+2', '(((0.001 + 0.5) + 1) + 250)'],
    ['true && false', '(true && false)'],
    ['inf + nan + Infinity + NaN', '(((Infinity + NaN) + Infinity) + NaN)'],
    ['pi * time', '(pi * time)'],
    ['piecewise(1, x < 0, 2)', 'piecewise(1,(x < 0),2)'],
    ['min(a)', 'min(a)'],
    ['--a', '(-(-a))'],
    ['a <= b != c >= d', '((a <= b) != (c >= d))'],
  ];
  for (const [src, expected] of cases) {
    it(`${src}  ->  ${expected}`, () => {
      expect(shape(parse(src, new Set(['f', 'g'])))).toBe(expected);
    });
  }

  it('records spans (character offsets) on every node', () => {
    const src = 'k1 * A + exp(-x)';
    const e = parse(src);
    const check = (n: Expr): void => {
      expect(n.span).toBeDefined();
      if (n.kind === 'binary') [n.left, n.right].forEach(check);
      if (n.kind === 'unary') check(n.arg);
      if (n.kind === 'call') n.args.forEach(check);
    };
    check(e);
    expect(e.span).toEqual({ start: 0, end: src.length });
    if (e.kind !== 'binary' || e.right.kind !== 'call') throw new Error('shape');
    expect(src.slice(e.right.span!.start, e.right.span!.end)).toBe('exp(-x)');
    const neg = e.right.args[0]!;
    expect(src.slice(neg.span!.start, neg.span!.end)).toBe('-x');
    if (e.left.kind !== 'binary') throw new Error('shape');
    expect(src.slice(e.left.right.span!.start, e.left.right.span!.end)).toBe('A');
  });

  it('accepts every built-in with its minimum arity', () => {
    for (const [name, info] of BUILTINS) {
      const args = Array.from({ length: info.minArgs }, (_, i) => `x${i}`).join(', ');
      const e = parse(`${name}(${args})`);
      expect(e.kind).toBe('call');
    }
  });

  it('parses a 5,000-term sum without stack overflow', () => {
    const src = Array.from({ length: 5000 }, (_, i) => `k${i} * S${i}`).join(' + ');
    const e = parse(src);
    expect(e.kind).toBe('binary');
    // left-associative: the root's right operand is the last term
    if (e.kind !== 'binary') return;
    expect(printExpression(e.right)).toBe('k4999 * S4999');
    expect(structurallyEqual(parse(printExpression(e)), e)).toBe(true);
  });
});

describe('parseExpression: errors', () => {
  it('unknown function: code, span of the name, close suggestions', () => {
    const is = issues('2 * expp(x) + 1');
    expect(is).toHaveLength(1);
    expect(is[0]!.code).toBe('E_UNKNOWN_FUNCTION');
    expect(is[0]!.span).toEqual({ start: 4, end: 8 });
    expect(is[0]!.message).toContain('expp');
    expect(is[0]!.hint).toContain("'exp'");
  });

  it('suggests user functions too, and accepts them when declared', () => {
    const is = issues('hil(S, K, n)', new Set(['hill']));
    expect(is[0]!.code).toBe('E_UNKNOWN_FUNCTION');
    expect(is[0]!.hint).toContain("'hill'");
    expect(parse('hill(S, K, n)', new Set(['hill'])).kind).toBe('call');
  });

  it('collects several unknown-function and arity issues in one pass', () => {
    const is = issues('foo(a) + log(1, 2, 3) + bar(b) + pow(x)');
    expect(is.map((i) => i.code)).toEqual(['E_UNKNOWN_FUNCTION', 'E_ARITY', 'E_UNKNOWN_FUNCTION', 'E_ARITY']);
    expect(is[1]!.span).toEqual({ start: 9, end: 21 });
    expect(is[1]!.message).toMatch(/log\(\) takes 1 or 2 arguments but was given 3/);
    expect(is[3]!.message).toMatch(/pow\(\) takes 2 arguments but was given 1/);
  });

  it('arity of piecewise, delay, min', () => {
    expect(issues('piecewise()')[0]!.code).toBe('E_ARITY');
    expect(issues('delay(x)')[0]!.code).toBe('E_ARITY');
    expect(issues('max()')[0]!.code).toBe('E_ARITY');
    expect(parse('max(a, b, c, d, e)').kind).toBe('call');
  });

  it('user function arity when known', () => {
    const r = parseExpression('hill(S, K)', { functions: new Set(['hill']), functionArity: new Map([['hill', 3]]) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.code).toBe('E_ARITY');
  });

  it('missing closing parenthesis names the column of the opening one', () => {
    const is = issues('k * (A + B');
    expect(is).toHaveLength(1);
    expect(is[0]!.code).toBe('E_EXPR_SYNTAX');
    expect(is[0]!.message).toContain("expected ')' to close '(' opened at column 5");
    expect(is[0]!.span.start).toBe(4);
  });

  it('missing parenthesis in a call', () => {
    const is = issues('exp(x + 1');
    expect(is[0]!.code).toBe('E_EXPR_SYNTAX');
    expect(is[0]!.message).toContain('opened at column 4');
  });

  it('trailing operator: span of the operator', () => {
    const is = issues('a * b +');
    expect(is).toHaveLength(1);
    expect(is[0]!.code).toBe('E_EXPR_SYNTAX');
    expect(is[0]!.span).toEqual({ start: 6, end: 7 });
    expect(is[0]!.message).toContain("after '+'");
  });

  it('empty and blank input', () => {
    for (const src of ['', '   ']) {
      const is = issues(src);
      expect(is[0]!.code).toBe('E_EXPR_SYNTAX');
      expect(is[0]!.message).toBe('empty expression');
      expect(is[0]!.span).toEqual({ start: 0, end: src.length });
    }
  });

  it('other syntax errors with spans and hints', () => {
    const eq = issues('a = b')[0]!;
    expect(eq.span).toEqual({ start: 2, end: 3 });
    expect(eq.hint).toContain('==');
    const juxt = issues('2 x')[0]!;
    expect(juxt.span).toEqual({ start: 2, end: 3 });
    expect(issues('2x')[0]!.message).toContain("malformed number '2x'");
    expect(issues('a ** 2')[0]!.hint).toContain('^');
    expect(issues('a + )')[0]!.span).toEqual({ start: 4, end: 5 });
    expect(issues('a)')[0]!.message).toContain("unmatched ')'");
    expect(issues('a # b')[0]!.span).toEqual({ start: 2, end: 3 });
    expect(issues('1e')[0]!.message).toContain('malformed number');
    expect(issues('f(a,)', new Set(['f']))[0]!.code).toBe('E_EXPR_SYNTAX');
    expect(issues('a & b')[0]!.hint).toContain('&&');
  });

  it('reports too-deep nesting as an issue instead of crashing', () => {
    const src = '('.repeat(5000) + 'x' + ')'.repeat(5000);
    const is = issues(src);
    expect(is[0]!.code).toBe('E_EXPR_SYNTAX');
    expect(is[0]!.message).toContain('nested too deeply');
  });
});
