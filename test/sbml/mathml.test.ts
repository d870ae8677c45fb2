/**
 * MathML -> expression conversion, construct by construct. Expected values are computed independently with
 * plain JavaScript Math (the MathML definitions), never from the converter's output.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, printExpression, structurallyEqual, type Expr, type FunctionDef } from '../../src/expr/index.js';
import { lambdaToFunctionDef, mathmlToExpr, parseXml } from '../../src/sbml/index.js';

const NS = 'xmlns="http://www.w3.org/1998/Math/MathML" xmlns:sbml="http://www.sbml.org/sbml/level3/version2/core"';
const cn = (v: number | string): string => `<cn>${v}</cn>`;
const ci = (n: string): string => `<ci> ${n} </ci>`;
const ap = (op: string, ...args: string[]): string => `<apply><${op}/>${args.join('')}</apply>`;
const TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time"> t </csymbol>';

function convert(body: string): Expr {
  const { root, diagnostics } = parseXml(`<math ${NS}>${body}</math>`);
  expect(diagnostics).toEqual([]);
  const r = mathmlToExpr(root!);
  expect(r.diagnostics).toEqual([]);
  const e = r.expr!;
  // every result prints and parses back to the same tree (rateOf excepted: see mathml.ts)
  const back = parseExpression(printExpression(e), { functions: new Set(['f', 'g']) });
  expect(back.ok).toBe(true);
  if (back.ok) expect(structurallyEqual(back.expr, e)).toBe(true);
  return e;
}

function val(body: string, env: Record<string, number> = {}, fns?: Map<string, FunctionDef>): number {
  return evaluate(
    convert(body),
    (n) => {
      const v = env[n];
      if (v === undefined) throw new Error(`no value for ${n}`);
      return v;
    },
    fns,
  );
}

function problems(body: string): string[] {
  const { root } = parseXml(`<math ${NS}>${body}</math>`);
  const r = mathmlToExpr(root!, { file: 'm.xml' });
  expect(r.expr).toBeUndefined();
  for (const d of r.diagnostics) {
    expect(d.file).toBe('m.xml');
    expect(d.line).toBe(1);
  }
  return r.diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe('tokens', () => {
  it('cn: integer, real, e-notation, rational, special values; sbml:units ignored', () => {
    expect(val('<cn type="integer"> -7 </cn>')).toBe(-7);
    expect(val('<cn sbml:units="mole"> 2.5e-3 </cn>')).toBe(0.0025);
    expect(val('<cn type="real"> .5 </cn>')).toBe(0.5);
    expect(val('<cn type="e-notation"> 1.5 <sep/> -3 </cn>')).toBe(1.5e-3);
    expect(val('<cn type="e-notation">6.02214076<sep/>23</cn>')).toBe(6.02214076e23);
    expect(val('<cn type="rational"> 1 <sep/> 3 </cn>')).toBe(1 / 3);
    expect(val('<cn> INF </cn>')).toBe(Infinity);
    expect(val('<cn> -INF </cn>')).toBe(-Infinity);
    expect(val('<cn> NaN </cn>')).toBeNaN();
    expect(val('<cn type="integer" base="16">ff</cn>')).toBe(255);
  });

  it('ci, csymbol time and avogadro, constants', () => {
    expect(val(ci('k1'), { k1: 4 })).toBe(4);
    expect(convert(TIME)).toEqual({ kind: 'id', name: 'time' });
    expect(val(TIME, { time: 3 })).toBe(3);
    // SBML L3 section 3.4.6 fixes avogadro = 6.02214179e23 (not the SI 2019 value 6.02214076e23)
    expect(val('<csymbol definitionURL="http://www.sbml.org/sbml/symbols/avogadro">NA</csymbol>')).toBe(6.02214179e23);
    expect(val('<pi/>')).toBe(Math.PI);
    expect(val('<exponentiale/>')).toBe(Math.E);
    expect(val('<true/>')).toBe(1);
    expect(val('<false/>')).toBe(0);
    expect(val('<infinity/>')).toBe(Infinity);
    expect(val('<notanumber/>')).toBeNaN();
  });

  it('semantics and annotations: the first child is the expression', () => {
    expect(val(`<semantics>${ap('plus', cn(1), cn(2))}<annotation encoding="text">x</annotation></semantics>`)).toBe(3);
  });
});

describe('arithmetic', () => {
  it('plus, times: n-ary with empty defaults', () => {
    expect(val(ap('plus'))).toBe(0);
    expect(val(ap('plus', cn(4)))).toBe(4);
    expect(val(ap('plus', cn(1), cn(2), cn(3), cn(4)))).toBe(10);
    expect(val(ap('times'))).toBe(1);
    expect(val(ap('times', cn(2), cn(3), cn(4)))).toBe(24);
  });
  it('minus (unary and binary), divide, power', () => {
    expect(val(ap('minus', cn(5)))).toBe(-5);
    expect(val(ap('minus', cn(5), cn(7)))).toBe(-2);
    expect(val(ap('divide', cn(1), cn(4)))).toBe(0.25);
    expect(val(ap('power', cn(2), cn(10)))).toBe(1024);
    // -(2^2) vs (-2)^2: the tree keeps the MathML grouping
    expect(val(ap('power', ap('minus', cn(2)), cn(2)))).toBe(4);
    expect(val(ap('minus', ap('power', cn(2), cn(2))))).toBe(-4);
  });
  it('root with and without degree', () => {
    expect(val(ap('root', cn(16)))).toBe(4);
    expect(val(`<apply><root/><degree>${cn(2)}</degree>${cn(9)}</apply>`)).toBe(3);
    expect(val(`<apply><root/><degree>${cn(3)}</degree>${cn(-27)}</apply>`)).toBeCloseTo(-3, 14);
    expect(val(`<apply><root/><degree>${ci('n')}</degree>${cn(81)}</apply>`, { n: 4 })).toBeCloseTo(3, 14);
  });
  it('exp, ln, log (default base 10, logbase)', () => {
    expect(val(ap('exp', cn(2)))).toBe(Math.exp(2));
    expect(val(ap('ln', cn(10)))).toBe(Math.log(10));
    expect(val(ap('log', cn(1000)))).toBe(3);
    expect(val(`<apply><log/><logbase>${cn(2)}</logbase>${cn(8)}</apply>`)).toBe(3);
    expect(val(`<apply><log/><logbase>${cn(10)}</logbase>${cn(0.01)}</apply>`)).toBe(-2);
    expect(val(`<apply><log/><logbase>${cn(3)}</logbase>${cn(7)}</apply>`)).toBeCloseTo(Math.log(7) / Math.log(3), 15);
  });
  it('abs, floor, ceiling, factorial', () => {
    expect(val(ap('abs', cn(-2.5)))).toBe(2.5);
    expect(val(ap('floor', cn(-2.5)))).toBe(-3);
    expect(val(ap('ceiling', cn(-2.5)))).toBe(-2);
    expect(val(ap('factorial', cn(5)))).toBe(120);
  });
  it('max, min (L3V2)', () => {
    expect(val(ap('max', cn(1), cn(7), cn(-3)))).toBe(7);
    expect(val(ap('min', cn(1), cn(7), cn(-3)))).toBe(-3);
    expect(val(ap('min', cn(4)))).toBe(4);
  });
  it('quotient and rem (L3V2): truncation toward zero, rem has the sign of the dividend', () => {
    // MathML 2.0 4.4.3: a = b*q + r, |r| < |b|, a*r >= 0
    const cases: [number, number, number, number][] = [
      [9, 2, 4, 1],
      [-9, 2, -4, -1],
      [9, -2, -4, 1],
      [-9, -2, 4, -1],
      [7.5, 2, 3, 1.5],
      [6, 3, 2, 0],
    ];
    for (const [a, b, q, r] of cases) {
      expect(val(ap('quotient', cn(a), cn(b)))).toBe(q);
      expect(val(ap('rem', cn(a), cn(b)))).toBe(r);
    }
  });
});

describe('trigonometry', () => {
  const x = 0.5;
  const cases: [string, number][] = [
    ['sin', Math.sin(x)],
    ['cos', Math.cos(x)],
    ['tan', Math.tan(x)],
    ['sec', 1 / Math.cos(x)],
    ['csc', 1 / Math.sin(x)],
    ['cot', 1 / Math.tan(x)],
    ['sinh', Math.sinh(x)],
    ['cosh', Math.cosh(x)],
    ['tanh', Math.tanh(x)],
    ['sech', 1 / Math.cosh(x)],
    ['csch', 1 / Math.sinh(x)],
    ['coth', 1 / Math.tanh(x)],
    ['arcsin', Math.asin(x)],
    ['arccos', Math.acos(x)],
    ['arctan', Math.atan(x)],
    ['arcsinh', Math.asinh(x)],
    ['arctanh', Math.atanh(x)],
    ['arcsech', Math.acosh(1 / x)],
    ['arccsch', Math.asinh(1 / x)],
  ];
  it.each(cases)('%s(0.5)', (op, expected) => {
    expect(val(ap(op, cn(x)))).toBeCloseTo(expected, 14);
  });
  const y = 2;
  const cases2: [string, number][] = [
    ['arccosh', Math.acosh(y)],
    ['arcsec', Math.acos(1 / y)],
    ['arccsc', Math.asin(1 / y)],
    ['arccot', Math.atan(1 / y)],
    ['arccoth', Math.atanh(1 / y)],
  ];
  it.each(cases2)('%s(2)', (op, expected) => {
    expect(val(ap(op, cn(y)))).toBeCloseTo(expected, 14);
  });
});

describe('relations and logic', () => {
  it('binary relations', () => {
    expect(val(ap('eq', cn(2), cn(2)))).toBe(1);
    expect(val(ap('neq', cn(2), cn(2)))).toBe(0);
    expect(val(ap('gt', cn(3), cn(2)))).toBe(1);
    expect(val(ap('lt', cn(3), cn(2)))).toBe(0);
    expect(val(ap('geq', cn(2), cn(2)))).toBe(1);
    expect(val(ap('leq', cn(3), cn(2)))).toBe(0);
  });
  it('n-ary relational chains: a < b < c means a < b and b < c', () => {
    expect(val(ap('lt', cn(1), cn(2), cn(3)))).toBe(1);
    expect(val(ap('lt', cn(1), cn(3), cn(2)))).toBe(0);
    expect(val(ap('eq', cn(2), cn(2), cn(2)))).toBe(1);
    expect(val(ap('eq', cn(2), cn(2), cn(3)))).toBe(0);
    expect(val(ap('geq', cn(3), cn(3), cn(1)))).toBe(1);
    expect(val(ap('gt', cn(1)))).toBe(1);
  });
  it('and, or, xor, not, implies: truth tables', () => {
    const B = (b: boolean): string => (b ? '<true/>' : '<false/>');
    for (const a of [false, true]) {
      for (const b of [false, true]) {
        for (const c of [false, true]) {
          expect(val(ap('and', B(a), B(b), B(c)))).toBe(+(a && b && c));
          expect(val(ap('or', B(a), B(b), B(c)))).toBe(+(a || b || c));
          expect(val(ap('xor', B(a), B(b), B(c)))).toBe((+a + +b + +c) % 2);
        }
        expect(val(ap('implies', B(a), B(b)))).toBe(+(!a || b));
      }
      expect(val(ap('not', B(a)))).toBe(+!a);
    }
    expect(val(ap('and'))).toBe(1);
    expect(val(ap('or'))).toBe(0);
    expect(val(ap('xor'))).toBe(0);
    // xor of numeric operands uses their truth values (2 and 3 are both true)
    expect(val(ap('xor', cn(2), cn(3)))).toBe(0);
    expect(val(ap('xor', cn(2), cn(0)))).toBe(1);
  });
  it('piecewise: first true piece, otherwise, NaN when nothing holds', () => {
    const pw = (x: string, withOtherwise: boolean): string =>
      `<piecewise><piece>${cn(10)}${ap('lt', x, cn(0))}</piece><piece>${cn(20)}${ap('lt', x, cn(5))}</piece>` +
      (withOtherwise ? `<otherwise>${cn(30)}</otherwise>` : '') +
      '</piecewise>';
    expect(val(pw(ci('x'), true), { x: -1 })).toBe(10);
    expect(val(pw(ci('x'), true), { x: 1 })).toBe(20);
    expect(val(pw(ci('x'), true), { x: 9 })).toBe(30);
    expect(val(pw(ci('x'), false), { x: 9 })).toBeNaN();
    expect(val(`<piecewise><otherwise>${cn(4)}</otherwise></piecewise>`)).toBe(4);
  });
});

describe('calls and functions', () => {
  it('user function calls and lambdas', () => {
    const lam = parseXml(`<math ${NS}><lambda><bvar><ci> x </ci></bvar><bvar><ci>y</ci></bvar>${ap('plus', ci('x'), ap('times', cn(2), ci('y')))}</lambda></math>`);
    const r = lambdaToFunctionDef('f', lam.root!);
    expect(r.diagnostics).toEqual([]);
    expect(r.def!.id).toBe('f');
    expect(r.def!.params).toEqual(['x', 'y']);
    const fns = new Map([['f', r.def!]]);
    expect(val(`<apply><ci> f </ci>${cn(1)}${ci('k')}</apply>`, { k: 5 }, fns)).toBe(11);
    // zero-parameter lambda
    const c = lambdaToFunctionDef('g', parseXml(`<math ${NS}><lambda>${cn(3)}</lambda></math>`).root!);
    expect(c.def).toEqual({ id: 'g', params: [], body: { kind: 'num', value: 3 } });
  });
  it('reserved-word ids: warning without mapId, renamed with it', () => {
    const { root } = parseXml(`<math ${NS}>${ap('plus', ci('pi'), ci('x'))}</math>`);
    const plain = mathmlToExpr(root!);
    expect(plain.diagnostics.map((d) => d.code)).toEqual(['W_MATHML_RESERVED_ID']);
    expect(plain.expr).toBeDefined();
    const renamed = mathmlToExpr(root!, { mapId: (n) => `sbml_${n}` });
    expect(renamed.diagnostics).toEqual([]);
    expect(printExpression(renamed.expr!)).toBe('sbml_pi + sbml_x');
    // the <pi/> constant is not an SBML id and is never renamed
    expect(printExpression(mathmlToExpr(parseXml(`<math ${NS}><pi/></math>`).root!, { mapId: (n) => `sbml_${n}` }).expr!)).toBe('pi');
  });
  it('lambda errors', () => {
    const noBody = lambdaToFunctionDef('f', parseXml(`<math ${NS}><lambda><bvar><ci>x</ci></bvar></lambda></math>`).root!);
    expect(noBody.def).toBeUndefined();
    expect(noBody.diagnostics[0]!.code).toBe('E_MATHML_SYNTAX');
    const notLambda = lambdaToFunctionDef('f', parseXml(`<math ${NS}>${cn(1)}</math>`).root!);
    expect(notLambda.diagnostics[0]!.code).toBe('E_MATHML_SYNTAX');
  });
  it('delay and rateOf csymbols become calls', () => {
    const d = convert(`<apply><csymbol definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol>${ci('S')}${cn(2)}</apply>`);
    expect(d).toEqual({ kind: 'call', fn: 'delay', args: [{ kind: 'id', name: 'S' }, { kind: 'num', value: 2 }] });
    const { root } = parseXml(`<math ${NS}><apply><csymbol definitionURL="http://www.sbml.org/sbml/symbols/rateOf">rateOf</csymbol>${ci('S')}</apply></math>`);
    expect(mathmlToExpr(root!).expr).toEqual({ kind: 'call', fn: 'rateOf', args: [{ kind: 'id', name: 'S' }] });
  });
});

describe('diagnostics', () => {
  it('unsupported elements name the element and line', () => {
    const p = problems('<apply><diff/><bvar><ci>x</ci></bvar><ci>f</ci></apply>');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^E_MATHML_UNSUPPORTED .*<bvar>/);
    expect(problems('<matrix/>')[0]).toBe('E_MATHML_UNSUPPORTED MathML element <matrix> at line 1 is not supported');
    expect(problems(ap('sum', cn(1)))[0]).toMatch(/E_MATHML_UNSUPPORTED .*<apply><sum\/>/);
    expect(problems('<csymbol definitionURL="http://example.invalid/x">x</csymbol>')[0]).toMatch(/E_MATHML_UNSUPPORTED/);
  });
  it('arity and number errors', () => {
    expect(problems(ap('divide', cn(1)))[0]).toMatch(/^E_MATHML_ARITY <divide> .* takes 2 argument\(s\), found 1/);
    expect(problems(ap('minus', cn(1), cn(2), cn(3)))[0]).toMatch(/^E_MATHML_ARITY/);
    expect(problems(ap('sin'))[0]).toMatch(/^E_MATHML_ARITY/);
    expect(problems('<cn> 0x10 </cn>')[0]).toMatch(/^E_MATHML_BAD_NUMBER/);
    expect(problems('<cn type="integer"></cn>')[0]).toMatch(/^E_MATHML_BAD_NUMBER/);
    expect(problems('<cn type="rational">1</cn>')[0]).toMatch(/^E_MATHML_SYNTAX/);
    expect(problems('<ci> </ci>')[0]).toMatch(/^E_MATHML_SYNTAX/);
  });
  it('collects every problem, not only the first', () => {
    expect(problems(ap('plus', '<foo/>', '<bar/>'))).toHaveLength(2);
  });
});
