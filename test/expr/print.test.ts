import { describe, expect, it } from 'vitest';
import { parseExpression, printExpression, structurallyEqual, type Expr } from '../../src/expr/index.js';
import { mulberry32, randomAst } from './random-ast.js';

const USER = new Map([
  ['hill', 3],
  ['f', 1],
]);
function parse(src: string): Expr {
  const r = parseExpression(src, { functions: new Set(USER.keys()) });
  if (!r.ok) throw new Error(`parse failed for ${JSON.stringify(src)}: ${JSON.stringify(r.issues)}`);
  return r.expr;
}

describe('printExpression', () => {
  const canonical: [string, string][] = [
    ['k1*A*B', 'k1 * A * B'],
    ['(k1*A)*B', 'k1 * A * B'],
    ['k1*(A*B)', 'k1 * (A * B)'],
    ['a-(b-c)', 'a - (b - c)'],
    ['(a-b)-c', 'a - b - c'],
    ['a/(b*c)', 'a / (b * c)'],
    ['(a+b)^2', '(a + b)^2'],
    ['a^(b^c)', 'a^b^c'],
    ['(a^b)^c', '(a^b)^c'],
    ['-(a^b)', '-a^b'],
    ['(-a)^b', '(-a)^b'],
    ['2^(-1)', '2^-1'],
    ['-(a*b)', '-(a * b)'],
    ['(-a)*b', '-a * b'],
    ['(a<b)&&(c>=d)', 'a < b && c >= d'],
    ['a && (b || c)', 'a && (b || c)'],
    ['not (a and b)', '!(a && b)'],
    ['Vmax*S/(Km+S)', 'Vmax * S / (Km + S)'],
    ['piecewise( 1 ,x<0 , 2 )', 'piecewise(1, x < 0, 2)'],
    ['1e-3', '0.001'],
    ['1E21', '1e+21'],
    ['.5', '0.5'],
    ['INF', 'inf'],
    ['NaN', 'nan'],
    ['0.1+0.2', '0.1 + 0.2'],
    ['a == (b == c)', 'a == (b == c)'],
    ['(a == b) == c', 'a == b == c'],
  ];
  for (const [src, out] of canonical) {
    it(`${src} prints as ${out}`, () => expect(printExpression(parse(src))).toBe(out));
  }

  it('numbers print so that they round-trip exactly', () => {
    for (const v of [0.1, 1 / 3, Math.PI, 6.02214076e23, 5e-324, Number.MAX_VALUE, 1e21, 123456789012345680000, 2 ** -1074 * 3]) {
      const e = parse(printExpression({ kind: 'num', value: v }));
      expect(e.kind === 'num' && Object.is(e.value, v)).toBe(true);
    }
    expect(printExpression({ kind: 'num', value: Infinity })).toBe('inf');
    expect(printExpression({ kind: 'num', value: NaN })).toBe('nan');
  });

  it('negative literals (from simplify) print as unary minus with the same value', () => {
    const e: Expr = { kind: 'binary', op: '^', left: { kind: 'num', value: -2 }, right: { kind: 'num', value: 2 } };
    expect(printExpression(e)).toBe('(-2)^2');
    expect(printExpression({ kind: 'binary', op: '-', left: { kind: 'id', name: 'a' }, right: { kind: 'num', value: -3 } })).toBe(
      'a - -3',
    );
  });

  const corpus = [
    'k1 * A * B - k2 * C',
    'Vmax * S^n / (K^n + S^n)',
    'piecewise(0, time < 10, kdeg * X * exp(-(time - 10) / tau))',
    'min(a, b, max(c, d)) + abs(-x)',
    'log(10, x) + ln(y) + log(z) + log10(w) + log2(v)',
    '-2^-3^-x',
    '!(a < b) || c != d && e == f',
    'factorial(3) + root(3, 27) + atan2(y, x) + sec(x) * csc(x) / cot(x)',
    'donor.dicer.kcat * donor.pre_miR / (donor.dicer.Km + donor.pre_miR)',
    'delay(x, 2) + pi * avogadro + true - false',
    'hill(S, K, 2.5) + f(f(f(x)))',
    '+a - -b * +c',
    '(((a)))',
    'a^b^c^d',
    '2 * (3 * (4 * x))',
  ];
  for (const src of corpus) {
    it(`round trip: ${src}`, () => {
      const e = parse(src);
      const printed = printExpression(e);
      const e2 = parse(printed);
      expect(structurallyEqual(e2, e)).toBe(true);
      expect(printExpression(e2)).toBe(printed); // printing is idempotent
    });
  }

  it('round trip on 3,000 random trees (seeded)', () => {
    const rand = mulberry32(20240521);
    for (let i = 0; i < 3000; i++) {
      const e = randomAst(rand, 1 + (i % 7), { userFunctions: USER });
      const printed = printExpression(e);
      const back = parse(printed);
      if (!structurallyEqual(back, e)) {
        throw new Error(`round trip failed for tree #${i}: ${printed} -> ${printExpression(back)}`);
      }
    }
  });

  it('structurallyEqual distinguishes trees and ignores spans', () => {
    expect(structurallyEqual(parse('a + b'), parse(' a+b '))).toBe(true);
    expect(structurallyEqual(parse('a + b'), parse('b + a'))).toBe(false);
    expect(structurallyEqual(parse('a - b'), parse('a + b'))).toBe(false);
    expect(structurallyEqual(parse('nan'), parse('NaN'))).toBe(true);
    expect(structurallyEqual(parse('f(a)'), parse('f(a)'))).toBe(true);
    expect(structurallyEqual(parse('min(a)'), parse('min(a, b)'))).toBe(false);
  });
});
