/**
 * Shared conformance table: every case runs through BOTH the interpreter (evaluate) and the generated
 * JavaScript (generateJs + new Function). Expected values are written independently as plain JS math.
 */
import { describe, expect, it } from 'vitest';
import {
  collectIdentifiers,
  compileExpression,
  evaluate,
  factorial,
  FACTORIAL_JS,
  generateJs,
  parseExpression,
  simplify,
  type Expr,
  type FunctionDef,
} from '../../src/expr/index.js';
import { mulberry32, randomAst } from './random-ast.js';

function parse(src: string, functions?: ReadonlySet<string>): Expr {
  const r = parseExpression(src, functions ? { functions } : {});
  if (!r.ok) throw new Error(`parse failed for ${src}: ${JSON.stringify(r.issues)}`);
  return r.expr;
}

type Env = Record<string, number>;
/** Run the generated code with identifiers mapped to entries of an array argument, as the compiler does. */
function viaCodegen(e: Expr, env: Env): number {
  const names = Object.keys(env);
  const js = generateJs(e, (name) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`unbound ${name}`);
    return name === 'time' ? 't' : `v[${i}]`;
  });
  const f = new Function('v', 't', `return +(${js});`) as (v: number[], t: number) => number;
  return f(
    names.map((n) => env[n]!),
    env['time'] ?? NaN,
  );
}
function viaInterpreter(e: Expr, env: Env): number {
  return evaluate(e, (name) => {
    const v = env[name];
    if (v === undefined) throw new Error(`unbound ${name}`);
    return v;
  });
}

const E = Math.E;
const env1: Env = { x: 2, y: 3, z: 0.5, k1: 0.1, A: 4, B: 5, time: 7, 'donor.dicer.kcat': 11 };
const { x, k1, A, B } = { x: 2, k1: 0.1, A: 4, B: 5 };

const CASES: [string, Env, number][] = [
  // arithmetic and precedence
  ['1 + 2 * 3', {}, 7],
  ['(1 + 2) * 3', {}, 9],
  ['10 - 4 - 3', {}, 3],
  ['24 / 4 / 2', {}, 3],
  ['2 ^ 3 ^ 2', {}, 512],
  ['(2 ^ 3) ^ 2', {}, 64],
  ['-2 ^ 2', {}, -4],
  ['(-2) ^ 2', {}, 4],
  ['2 ^ -1', {}, 0.5],
  ['-x ^ 2 + 1', env1, -(x * x) + 1],
  ['2 * -x', env1, -4],
  ['- -x', env1, 2],
  ['+x', env1, 2],
  ['k1 * A * B', env1, k1 * A * B],
  ['x ^ 3', env1, 8],
  ['y ^ 0.5', env1, Math.sqrt(3)],
  ['(x + y) ^ 2', env1, 25],
  ['x ^ y', env1, 8],
  ['pow(x, 10)', env1, 1024],
  ['1e-3 * 1000 + .5 + 1.', {}, 2.5],
  ['donor.dicer.kcat * 2', env1, 22],
  ['time * 2', env1, 14],
  ['pi', {}, Math.PI],
  ['avogadro * 1e-23', {}, 6.02214076e23 * 1e-23],
  ['1 / 0', {}, Infinity],
  ['-1 / 0', {}, -Infinity],
  ['inf - inf', {}, NaN],
  ['nan == nan', {}, 0],
  // comparisons and booleans (1/0 in numeric context)
  ['x < y', env1, 1],
  ['x > y', env1, 0],
  ['x <= 2', env1, 1],
  ['x >= 2.5', env1, 0],
  ['x == 2', env1, 1],
  ['x != 2', env1, 0],
  ['x < y == y < x', env1, 0],
  ['true + true', {}, 2],
  ['true * 5 + false', {}, 5],
  ['x < y && y < 4', env1, 1],
  ['x > y || y > 4', env1, 0],
  ['x && 0', env1, 0],
  ['x && y', env1, 1],
  ['!x', env1, 0],
  ['!0', {}, 1],
  ['not (x < y) or z', env1, 1],
  ['1 || 0 && 0', {}, 1],
  ['(1 || 0) && 0', {}, 0],
  ['(x < y) * 10', env1, 10],
  ['nan && 1', {}, 0],
  // piecewise, min, max
  ['piecewise(1, x < 0, 2, x < 5, 3)', env1, 2],
  ['piecewise(1, x > 0, 2, x < 5, 3)', env1, 1],
  ['piecewise(1, x > 5, 2, x > 5, 3)', env1, 3],
  ['piecewise(1, x > 5)', env1, NaN],
  ['piecewise(1, x < 5)', env1, 1],
  ['piecewise(4)', {}, 4],
  ['piecewise(x, nan, y)', env1, 3],
  ['min(x, y, z)', env1, 0.5],
  ['max(x, y, z)', env1, 3],
  ['min(x)', env1, 2],
  ['max(x, nan)', env1, NaN],
  // exponentials and logarithms
  ['exp(2) * 3', {}, Math.exp(2) * 3],
  ['exp(-x / y)', env1, Math.exp(-2 / 3)],
  ['log(x)', env1, Math.log(2)],
  ['ln(y)', env1, Math.log(3)],
  ['log(2, 8)', {}, 3],
  ['log(10, 1000)', {}, 3],
  ['log(3, 81)', {}, Math.log(81) / Math.log(3)],
  ['log(y, x)', env1, Math.log(2) / Math.log(3)],
  ['log10(1e-7)', {}, -7],
  ['log2(1024)', {}, 10],
  ['sqrt(16)', {}, 4],
  ['root(3, -27)', {}, -3],
  ['root(2, 9)', {}, 3],
  ['root(4, 16)', {}, 2],
  ['root(9)', {}, 3],
  ['abs(-x)', env1, 2],
  ['floor(-2.5) + ceil(2.1)', {}, -3 + 3],
  ['sign(-3) + sign(0) * 10 + sign(4) * 100', {}, -1 + 100],
  ['factorial(5)', {}, 120],
  ['factorial(0)', {}, 1],
  ['factorial(2.5)', {}, NaN],
  ['factorial(x < y)', env1, 1],
  // trigonometry
  ['sin(x) ^ 2 + cos(x) ^ 2', env1, Math.sin(2) ** 2 + Math.cos(2) ** 2],
  ['tan(z)', env1, Math.tan(0.5)],
  ['sec(z)', env1, 1 / Math.cos(0.5)],
  ['csc(z)', env1, 1 / Math.sin(0.5)],
  ['cot(z)', env1, 1 / Math.tan(0.5)],
  ['asin(z) + acos(z) + atan(z)', env1, Math.asin(0.5) + Math.acos(0.5) + Math.atan(0.5)],
  ['atan2(1, -1)', {}, (3 * Math.PI) / 4],
  ['sinh(z) + cosh(z) + tanh(z)', env1, Math.sinh(0.5) + Math.cosh(0.5) + Math.tanh(0.5)],
  ['asinh(z) + acosh(y) + atanh(z)', env1, Math.asinh(0.5) + Math.acosh(3) + Math.atanh(0.5)],
  ['cos(pi)', {}, -1],
  // rate laws
  ['Vmax * S / (Km + S)', { Vmax: 2, S: 3, Km: 1 }, (2 * 3) / (1 + 3)],
  ['Vmax * S^n / (K^n + S^n)', { Vmax: 2, S: 3, K: 1.5, n: 2.7 }, (2 * 3 ** 2.7) / (1.5 ** 2.7 + 3 ** 2.7)],
  ['k * E ^ 2', { k: 3, E }, 3 * E * E],
];

describe('conformance: interpreter and generated code agree with hand-computed values', () => {
  for (const [src, env, expected] of CASES) {
    it(`${src} = ${expected}`, () => {
      const e = parse(src);
      const vi = viaInterpreter(e, env);
      const vc = viaCodegen(e, env);
      if (Number.isNaN(expected)) {
        expect(vi).toBeNaN();
        expect(vc).toBeNaN();
      } else if (!Number.isFinite(expected)) {
        expect(vi).toBe(expected);
        expect(vc).toBe(expected);
      } else {
        const tol = 1e-14 * Math.max(1, Math.abs(expected));
        expect(Math.abs(vi - expected)).toBeLessThanOrEqual(tol);
        expect(Math.abs(vc - expected)).toBeLessThanOrEqual(tol);
      }
      // interpreter and generated code are bit-identical
      expect(Object.is(vi, vc)).toBe(true);
      // simplification (constant folding) keeps the value
      const vs = viaInterpreter(simplify(e), env);
      expect(Object.is(vs, vi) || Math.abs(vs - vi) <= 1e-15 * Math.abs(vi)).toBe(true);
    });
  }

  it('generated code and interpreter are bit-identical on 2,000 random trees', () => {
    const rand = mulberry32(7);
    const names = ['x', 'y', 'k1', 'S_a', 'donor.dicer.kcat', 'time', '_z9'];
    for (let i = 0; i < 2000; i++) {
      const e = randomAst(rand, 1 + (i % 6), { excludeBuiltins: new Set(['delay']) });
      const env: Env = {};
      for (const n of names) env[n] = [0, 1, -1, 0.5, 2.5, -3.25, 1e-8, 100][Math.floor(rand() * 8)]!;
      const vi = viaInterpreter(e, env);
      const vc = viaCodegen(e, env);
      if (!Object.is(vi, vc)) throw new Error(`mismatch for tree #${i}: interpreter ${vi}, generated ${vc}\n${generateJs(e, (n) => n)}`);
    }
  });

  it('compileExpression maps argument names (dotted, time) to parameters', () => {
    const e = parse('donor.k * S / (Km + S) + time');
    const f = compileExpression(e, ['donor.k', 'S', 'Km', 'time']);
    expect(f(2, 3, 1, 10)).toBe((2 * 3) / (1 + 3) + 10);
    expect(() => compileExpression(e, ['S'])).toThrow(/unknown identifier 'donor.k'/);
    expect(compileExpression(parse('1 < 2'), [])()).toBe(1);
  });

  it('generated code: exact numbers, x^2 as a product, ternaries, Math.*', () => {
    const js = (src: string): string => generateJs(parse(src), (n) => (n === 'time' ? 't' : `y[${n.length}]`));
    expect(js('x^2')).toBe('(y[1]*y[1])');
    expect(js('x^3')).toBe('(y[1]*y[1]*y[1])');
    expect(js('x^0.5')).toBe('Math.sqrt(y[1])');
    expect(js('x^2.5')).toBe('Math.pow(y[1], 2.5)');
    expect(js('exp(x) + time')).toBe('Math.exp(y[1]) + t');
    expect(js('piecewise(1, x < 2, 3)')).toBe('((y[1] < 2) ? 1 : 3)');
    expect(js('piecewise(1, x < 2)')).toBe('((y[1] < 2) ? 1 : NaN)');
    expect(js('0.1 + 1e-300 + inf')).toBe('0.1 + 1e-300 + Infinity');
    expect(js('pi')).toBe('Math.PI');
    expect(() => js('delay(x, 1)')).toThrow(/delay\(\) is not supported/);
    expect(() => generateJs(parse('f(x)', new Set(['f'])), (n) => n)).toThrow(/inline/);
  });

  it('a 5,000-term sum generates code that compiles and evaluates', () => {
    const n = 5000;
    const src = Array.from({ length: n }, (_, i) => `${i % 3 === 0 ? '-' : ''}k${i} * S${i}`).join(' + ').replace(/\+ -/g, '- ');
    const e = parse(src);
    const ids = [...collectIdentifiers(e)];
    expect(ids).toHaveLength(2 * n);
    const index = new Map(ids.map((s, i) => [s, i]));
    const js = generateJs(e, (name) => `v[${index.get(name)}]`);
    const f = new Function('v', `return ${js};`) as (v: number[]) => number;
    const v = ids.map((s) => (s.startsWith('k') ? 1 : 2));
    // sum over i of (+/-) 1 * 2, with a minus on every third term (i % 3 == 0, i > 0) and on term 0 as unary minus
    let expected = 0;
    for (let i = 0; i < n; i++) expected += i % 3 === 0 ? -2 : 2;
    expect(f(v)).toBe(expected);
    expect(evaluate(e, (name) => v[index.get(name)!]!)).toBe(expected);
  });

  it('user functions in the interpreter (and recursion is refused)', () => {
    const defs = new Map<string, FunctionDef>([
      ['hill', { id: 'hill', params: ['S', 'K', 'n'], body: parse('S^n / (K^n + S^n)') }],
      ['twice', { id: 'twice', params: ['x'], body: parse('2 * hill(x, K, 1)', new Set(['hill'])) }],
      ['loop', { id: 'loop', params: ['x'], body: parse('loop(x)', new Set(['loop'])) }],
    ]);
    const fns = new Set(defs.keys());
    expect(evaluate(parse('hill(3, 1.5, 2)', fns), () => NaN, defs)).toBe(9 / (2.25 + 9));
    // body names other than parameters come from the model environment
    expect(evaluate(parse('twice(3)', fns), (n) => (n === 'K' ? 1 : NaN), defs)).toBe(2 * (3 / 4));
    expect(() => evaluate(parse('loop(1)', fns), () => 0, defs)).toThrow(/recursive/);
    expect(() => evaluate(parse('delay(x, 1)'), () => 0)).toThrow(/delay/);
  });

  it('factorial helper and its inline JS agree', () => {
    const inline = new Function(`return ${FACTORIAL_JS};`)() as (n: number) => number;
    for (const n of [0, 1, 2, 5, 10, 20, 170, 171, -1, 2.5, NaN, Infinity]) {
      expect(Object.is(inline(n), factorial(n))).toBe(true);
    }
    expect(factorial(10)).toBe(3628800);
    expect(factorial(171)).toBe(Infinity);
  });
});
