import { describe, expect, it } from 'vitest';
import {
  collectCalls,
  differentiate,
  evaluate,
  generateJs,
  parseExpression,
  printExpression,
  type Expr,
} from '../../src/expr/index.js';

function parse(src: string, functions?: ReadonlySet<string>): Expr {
  const r = parseExpression(src, functions ? { functions } : {});
  if (!r.ok) throw new Error(`parse failed for ${src}: ${JSON.stringify(r.issues)}`);
  return r.expr;
}
const d = (src: string, v = 'x'): string => printExpression(differentiate(parse(src), v));

describe('differentiate: exact forms', () => {
  const exact: [string, string, string][] = [
    ['x^2', 'x', '2 * x'],
    ['x', 'x', '1'],
    ['y', 'x', '0'],
    ['k * x', 'x', 'k'],
    ['3 * x^2', 'x', '6 * x'],
    ['x^3 + 2 * x', 'x', '3 * x^2 + 2'],
    ['exp(x)', 'x', 'exp(x)'],
    ['sin(x)', 'x', 'cos(x)'],
    ['cos(x)', 'x', '-sin(x)'],
    ['ln(x)', 'x', '1 / x'],
    ['-x', 'x', '-1'],
    ['k1 * A * B', 'A', 'k1 * B'],
    ['x < 1', 'x', '0'],
    ['floor(x) + 5', 'x', '0'],
    ['abs(x)', 'x', 'sign(x)'],
    ['time', 'time', '1'],
    ['time * x', 'x', 'time'],
    ['pi * x', 'x', 'pi'],
    ['piecewise(x^2, x < 1, 3 * x)', 'x', 'piecewise(2 * x, x < 1, 3)'],
    ['min(x, y)', 'x', 'piecewise(1, x <= y, 0)'],
    ['a.b * a.c', 'a.c', 'a.b'],
  ];
  for (const [src, v, out] of exact) {
    it(`d/d${v} ${src} = ${out}`, () => expect(d(src, v)).toBe(out));
  }

  it('constant exponents stay defined at 0: d/dy y^2, y^3, y^2.5 at y = 0 are 0', () => {
    for (const src of ['y^2', 'y^3', 'y^2.5', 'pow(y, 2)', 'k * y^2']) {
      const de = differentiate(parse(src), 'y');
      expect(evaluate(de, (n) => (n === 'y' ? 0 : 2))).toBe(0);
    }
  });

  it('user function calls must be inlined first; delay cannot be differentiated', () => {
    expect(() => differentiate(parse('f(x)', new Set(['f'])), 'x')).toThrow(/inline/);
    expect(() => differentiate(parse('delay(x, 2)'), 'x')).toThrow(/delay/);
  });

  it('derivative of a 5,000-term sum is linear-time and correct', () => {
    const src = Array.from({ length: 5000 }, (_, i) => `k${i} * S${i}`).join(' + ');
    expect(printExpression(differentiate(parse(src), 'S4321'))).toBe('k4321');
    const sq = Array.from({ length: 5000 }, (_, i) => `S${i}^2`).join(' - ');
    expect(printExpression(differentiate(parse(sq), 'S0'))).toBe('2 * S0');
    expect(printExpression(differentiate(parse(sq), 'S9'))).toBe('-(2 * S9)');
  });
});

describe('differentiate: agrees with central finite differences', () => {
  // Each case: expression, variable, fixed environment, points for the variable (away from kinks/switches).
  const cases: [string, string, Record<string, number>, number[]][] = [
    ['Vmax * S / (Km + S)', 'S', { Vmax: 2.5, Km: 0.7 }, [0.1, 0.5, 1.3, 4]],
    ['Vmax * S / (Km + S)', 'Km', { Vmax: 2.5, S: 1.1 }, [0.1, 0.5, 1.3, 4]],
    ['Vmax * S^n / (K^n + S^n)', 'S', { Vmax: 3, K: 0.8, n: 2.7 }, [0.2, 0.8, 1.5, 3]],
    ['Vmax * S^n / (K^n + S^n)', 'n', { Vmax: 3, K: 0.8, S: 1.7 }, [0.5, 1, 2.7, 4]],
    ['Vmax * S^n / (K^n + S^n)', 'K', { Vmax: 3, S: 0.9, n: 1.4 }, [0.2, 0.8, 1.5]],
    ['k * A * exp(-x / tau)', 'x', { k: 0.3, A: 2, tau: 1.7 }, [0, 0.4, 2]],
    ['log(x) + ln(2 * x) + log10(x) + log2(x) + log(3, x) + log(x, 5)', 'x', {}, [0.3, 1.7, 4]],
    ['sqrt(x) + root(3, x) + root(x) + root(x, 10)', 'x', {}, [0.3, 1.7, 4]],
    ['x^x + 2^x + x^-1 + (x^2 + 1)^0.5 + pow(x, 3)', 'x', {}, [0.3, 1.7, 2.2]],
    ['sin(x) * cos(2 * x) + tan(x / 3)', 'x', {}, [0.3, 0.9, 2]],
    ['sec(x) + csc(x) + cot(x)', 'x', {}, [0.3, 0.9, 1.3]],
    ['asin(x) + acos(x / 2) + atan(3 * x)', 'x', {}, [-0.5, 0.1, 0.6]],
    ['atan2(x, 2) + atan2(1.5, x) + atan2(x, x^2)', 'x', {}, [0.3, 1.1, 2]],
    ['sinh(x) + cosh(x) * tanh(x)', 'x', {}, [-1, 0.2, 1.5]],
    ['asinh(x) + acosh(x + 1.5) + atanh(x / 2)', 'x', {}, [-0.4, 0.2, 1.5]],
    ['exp(sin(x^2)) / (1 + x^2)', 'x', {}, [-1, 0.4, 1.5]],
    ['(x + 1) / (x^2 + 2) - x / y', 'x', { y: 3 }, [-1, 0.4, 1.5]],
    ['piecewise(x^2, x < 1, 3 * x + sin(x), x < 2, exp(x))', 'x', {}, [0.5, 1.5, 2.5]],
    ['piecewise(x^2, x < 1)', 'x', {}, [0.5, -2]],
    ['min(x, 2 * x - 1, 3) + max(x^2, 1)', 'x', {}, [0.5, 1.5, 4]],
    ['abs(x - 1) + sign(x) * x + floor(x) * x + ceil(x)', 'x', {}, [0.5, 1.5, -2.5]],
    ['(x > 1) * x^2 + !(x > 1) * x^3 + factorial(3) * x', 'x', {}, [0.5, 1.5]],
    ['-x^2 + --x + +x * time', 'x', { time: 3 }, [0.5, 2]],
    ['k1 * A * B - k2 * C', 'A', { k1: 0.3, B: 2, k2: 0.1, C: 4 }, [0.5, 2]],
    ['time^2 * x', 'time', { x: 3 }, [0.5, 2]],
  ];

  for (const [src, v, fixed, points] of cases) {
    it(`d/d${v} ${src}`, () => {
      const e = parse(src);
      const de = differentiate(e, v);
      expect([...collectCalls(de)].every((f) => f !== 'delay')).toBe(true);
      for (const p of points) {
        const env = (val: number) => (name: string) => {
          if (name === v) return val;
          const f = fixed[name];
          if (f === undefined) throw new Error(`unbound ${name}`);
          return f;
        };
        // central difference, step h = 1e-6 * max(1, |p|): truncation O(h^2), rounding O(eps/h) ~ 1e-10
        const h = 1e-6 * Math.max(1, Math.abs(p));
        const fd = (evaluate(e, env(p + h)) - evaluate(e, env(p - h))) / (2 * h);
        const exact = evaluate(de, env(p));
        expect(Math.abs(exact - fd)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
        // the generated code of the derivative gives the same value
        const names = [v, ...Object.keys(fixed)];
        const js = generateJs(de, (n) => `a[${names.indexOf(n)}]`);
        const f = new Function('a', `return +(${js});`) as (a: number[]) => number;
        expect(Object.is(f(names.map((n) => (n === v ? p : fixed[n]!))), exact)).toBe(true);
      }
    });
  }

  it('product of 200 factors: derivative stays polynomial-size and correct', () => {
    const src = Array.from({ length: 200 }, (_, i) => `(1 + x / ${i + 1})`).join(' * ');
    const e = parse(src);
    const de = differentiate(e, 'x');
    const x0 = 0.25;
    // d/dx prod (1 + x/i) = prod * sum (1/i) / (1 + x/i) = prod * sum 1 / (i + x)
    let prod = 1;
    let sum = 0;
    for (let i = 1; i <= 200; i++) {
      prod *= 1 + x0 / i;
      sum += 1 / (i + x0);
    }
    const got = evaluate(de, () => x0);
    expect(Math.abs(got - prod * sum)).toBeLessThanOrEqual(1e-12 * Math.abs(prod * sum));
  });

  it('deeply nested exp: no exponential blow-up', () => {
    let src = 'x';
    for (let i = 0; i < 40; i++) src = `exp(0.01 * ${src})`;
    const de = differentiate(parse(src), 'x');
    expect(printExpression(de).length).toBeLessThan(200_000);
    expect(Number.isFinite(evaluate(de, () => 0.5))).toBe(true);
  });
});
