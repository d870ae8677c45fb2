/**
 * Symbolic differentiation d e / d variable (for analytic Jacobians and sensitivities), simplified as it is built.
 * Method: bottom-up over the tree (iterative, memoised per node, so linear in the size of the DAG) applying
 * the chain rule with the standard derivative table (e.g. Abramowitz & Stegun ch. 4).
 *
 * Rules worth knowing:
 *  - a^b with b independent of the variable: b * a^(b-1) * a'  (defined at a = 0 for y^2);
 *    a independent: a^b * ln(a) * b';  general: a^b * (b' * ln(a) + b * a' / a).
 *  - abs(u)' = sign(u) * u' (0 at u = 0); floor, ceil, sign, factorial, comparisons, booleans: 0.
 *  - piecewise(v1, c1, ..., o)' = piecewise(v1', c1, ..., o') (conditions unchanged; switch points ignored).
 *  - min(a1, ..., an)' = piecewise(a1', a1 <= min(a2..an), a2', a2 <= min(a3..an), ..., an'), max likewise with >=.
 *  - `time` is an ordinary identifier: its derivative is 1 only when `variable` is 'time'.
 *  - User function calls must be inlined first (inlineFunctions); `delay` cannot be differentiated. Both throw.
 */
import type { Expr } from './ast.js';
import { BUILTINS } from './builtins.js';
import { simplify, simplifyNode } from './simplify.js';
import { binary, call, foldBottomUp, num, unary } from './traverse.js';

// smart constructors: build a node from simplified parts and simplify locally
const add = (a: Expr, b: Expr): Expr => simplifyNode(binary('+', a, b));
const sub = (a: Expr, b: Expr): Expr => simplifyNode(binary('-', a, b));
const mul = (a: Expr, b: Expr): Expr => simplifyNode(binary('*', a, b));
const div = (a: Expr, b: Expr): Expr => simplifyNode(binary('/', a, b));
const pow = (a: Expr, b: Expr): Expr => simplifyNode(binary('^', a, b));
const neg = (a: Expr): Expr => simplifyNode(unary('-', a));
const fn = (name: string, ...args: Expr[]): Expr => simplifyNode(call(name, args));
const isZero = (e: Expr): boolean => e.kind === 'num' && e.value === 0;
const ZERO = num(0);
const ONE = num(1);
const TWO = num(2);

/** Derivative of `e` with respect to the identifier `variable`, simplified. */
export function differentiate(e: Expr, variable: string): Expr {
  const d = foldBottomUp<Expr>(e, (node, kids) => derivNode(node, kids, variable));
  return simplify(d);
}

function derivNode(e: Expr, dk: Expr[], variable: string): Expr {
  switch (e.kind) {
    case 'num':
    case 'bool':
      return ZERO;
    case 'id':
      return e.name === variable ? ONE : ZERO;
    case 'unary':
      return e.op === '!' ? ZERO : e.op === '-' ? neg(dk[0]!) : dk[0]!;
    case 'binary': {
      const a = e.left;
      const b = e.right;
      const da = dk[0]!;
      const db = dk[1]!;
      switch (e.op) {
        case '+':
          return add(da, db);
        case '-':
          return sub(da, db);
        case '*':
          return add(mul(da, b), mul(a, db));
        case '/':
          // (a/b)' = a'/b - a*b'/b^2
          if (isZero(db)) return div(da, b);
          return sub(div(da, b), div(mul(a, db), pow(b, TWO)));
        case '^':
          return powerRule(e, a, b, da, db);
        default:
          return ZERO; // comparisons and logical operators are piecewise constant
      }
    }
    case 'call':
      return derivCall(e, dk, variable);
  }
}

function powerRule(e: Expr, a: Expr, b: Expr, da: Expr, db: Expr): Expr {
  if (isZero(db)) {
    if (isZero(da)) return ZERO;
    // b * a^(b-1) * a'
    return mul(mul(b, pow(a, sub(b, ONE))), da);
  }
  if (isZero(da)) return mul(mul(e, fn('ln', a)), db); // a^b * ln(a) * b'
  // a^b * (b' * ln(a) + b * a' / a)
  return mul(e, add(mul(db, fn('ln', a)), div(mul(b, da), a)));
}

function derivCall(e: Extract<Expr, { kind: 'call' }>, dk: Expr[], variable: string): Expr {
  const args = e.args;
  const u = args[0]!;
  const du = dk[0]!;
  const chain = (outer: Expr): Expr => (isZero(du) ? ZERO : mul(outer, du));
  switch (e.fn) {
    case 'exp':
      return chain(e);
    case 'ln':
      return div(du, u);
    case 'log':
      if (args.length === 1) return div(du, u);
      // log(b, x) = ln(x) / ln(b)
      return differentiate(div(fn('ln', args[1]!), fn('ln', u)), variable);
    case 'log10':
      return div(du, mul(u, fn('ln', num(10))));
    case 'log2':
      return div(du, mul(u, fn('ln', num(2))));
    case 'sqrt':
      return div(du, mul(TWO, e));
    case 'root':
      if (args.length === 1) return div(du, mul(TWO, e));
      return differentiate(pow(args[1]!, div(ONE, u)), variable);
    case 'abs':
      return chain(fn('sign', u));
    case 'floor':
    case 'ceil':
    case 'sign':
    case 'factorial':
      return ZERO;
    case 'pow':
      return powerRule(e, u, args[1]!, du, dk[1]!);
    case 'sin':
      return chain(fn('cos', u));
    case 'cos':
      return chain(neg(fn('sin', u)));
    case 'tan':
      return div(du, pow(fn('cos', u), TWO));
    case 'sec':
      return chain(mul(e, fn('tan', u)));
    case 'csc':
      return chain(neg(mul(e, fn('cot', u))));
    case 'cot':
      return chain(neg(pow(fn('csc', u), TWO)));
    case 'asin':
      return div(du, fn('sqrt', sub(ONE, pow(u, TWO))));
    case 'acos':
      return neg(div(du, fn('sqrt', sub(ONE, pow(u, TWO)))));
    case 'atan':
      return div(du, add(ONE, pow(u, TWO)));
    case 'atan2': {
      // atan2(y, x)' = (x*y' - y*x') / (x^2 + y^2)
      const x = args[1]!;
      const dx = dk[1]!;
      return div(sub(mul(x, du), mul(u, dx)), add(pow(x, TWO), pow(u, TWO)));
    }
    case 'sinh':
      return chain(fn('cosh', u));
    case 'cosh':
      return chain(fn('sinh', u));
    case 'tanh':
      return div(du, pow(fn('cosh', u), TWO));
    case 'asinh':
      return div(du, fn('sqrt', add(pow(u, TWO), ONE)));
    case 'acosh':
      // 1/(sqrt(u-1)*sqrt(u+1)), valid for u > 1
      return div(du, mul(fn('sqrt', sub(u, ONE)), fn('sqrt', add(u, ONE))));
    case 'atanh':
      return div(du, sub(ONE, pow(u, TWO)));
    case 'min':
    case 'max':
      return derivMinMax(e.fn, args, dk);
    case 'piecewise': {
      // values sit at even indices (and the otherwise last when the count is odd), conditions at odd indices
      const valuesConstant = args.every((_, i) => i % 2 === 1 || isZero(dk[i]!));
      if (valuesConstant && args.length % 2 === 1) return ZERO; // keep NaN when no branch applies and no otherwise
      return fn('piecewise', ...args.map((a, i) => (i % 2 === 1 ? a : dk[i]!)));
    }
    case 'delay':
      throw new Error('delay() cannot be differentiated (delay-differential equations are not supported yet)');
  }
  if (!BUILTINS.has(e.fn)) {
    throw new Error(`cannot differentiate call to user function '${e.fn}': inline function definitions first (inlineFunctions)`);
  }
  throw new Error(`no derivative rule for built-in '${e.fn}'`);
}

function derivMinMax(name: string, args: Expr[], dk: Expr[]): Expr {
  const n = args.length;
  if (n === 1) return dk[0]!;
  if (dk.every(isZero)) return ZERO;
  const cmp = name === 'min' ? '<=' : '>=';
  const out: Expr[] = [];
  for (let i = 0; i < n - 1; i++) {
    const rest = args.slice(i + 1);
    const other = rest.length === 1 ? rest[0]! : call(name, rest);
    out.push(dk[i]!, binary(cmp, args[i]!, other));
  }
  out.push(dk[n - 1]!);
  return fn('piecewise', ...out);
}
