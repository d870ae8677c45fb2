/**
 * Simplifier: constant folding and local algebraic identities, applied bottom-up in one linear pass
 * (each node is rewritten a bounded number of times, so there is no exponential blow-up).
 *
 * Folding uses the interpreter (evaluate.ts), so a folded constant equals what the generated code would have
 * computed. Identities used (x any expression, c constants):
 *   x + 0, 0 + x, x - 0 -> x;  0 - x -> -x;  x + -y -> x - y;  x - -y -> x + y
 *   x * 1, 1 * x, x / 1 -> x;  (-x) * y, x * (-y) -> -(x * y);  (-x) / y, x / (-y) -> -(x / y)
 *   c1 * (c2 * x) -> (c1*c2) * x (may differ in the last bit);  x * c -> c * x
 *   x ^ 1 -> x;  x ^ 0 -> 1;  1 ^ x -> 1
 *   --x -> x;  +x -> x;  !!b -> b (b boolean-valued);  -(c) -> (-c)
 *   true && b -> b, false || b -> b (b boolean-valued); false && x -> false; true || x -> true
 *   piecewise with constant conditions: false pairs dropped, first true pair (or lone otherwise) selected
 * Deliberate approximations (acceptable for rate laws, documented): -(0) -> 0 (not -0); 0 * x -> 0, x * 0 -> 0 and 0 / x -> 0 even
 * though x could be inf or NaN; x + 0 -> x loses the sign of a -0 result; 0 - x -> -x gives -0 for x = 0.
 */
import type { Expr } from './ast.js';
import { BUILTINS } from './builtins.js';
import { applyBinary, evaluate } from './evaluate.js';
import { binary, bool, call, num, transformBottomUp, unary } from './traverse.js';

const NO_ENV = (name: string): number => {
  throw new Error(`unexpected identifier ${name} while folding constants`);
};

function isNum(e: Expr): e is Extract<Expr, { kind: 'num' }> {
  return e.kind === 'num';
}
function isNumVal(e: Expr, v: number): boolean {
  return e.kind === 'num' && e.value === v;
}
function isConst(e: Expr): boolean {
  return e.kind === 'num' || e.kind === 'bool';
}
function constValue(e: Expr): number {
  return e.kind === 'num' ? e.value : e.kind === 'bool' ? (e.value ? 1 : 0) : NaN;
}

/** Does `e` always produce a boolean (comparison, logical operator, `!`, bool literal)? */
export function isBooleanValued(e: Expr): boolean {
  switch (e.kind) {
    case 'bool':
      return true;
    case 'unary':
      return e.op === '!';
    case 'binary':
      return ['<', '<=', '>', '>=', '==', '!=', '&&', '||'].includes(e.op);
    default:
      return false;
  }
}

/** Truthiness of a constant condition (NaN is false), or undefined when not constant. */
function constTruth(e: Expr): boolean | undefined {
  if (!isConst(e)) return undefined;
  const v = constValue(e);
  return v !== 0 && !Number.isNaN(v);
}

const COMPARISON = new Set(['<', '<=', '>', '>=', '==', '!=', '&&', '||']);

/**
 * Simplify one node whose children are already simplified (local rules only). Used by `simplify` and as a
 * smart constructor by the differentiator.
 */
export function simplifyNode(e: Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'bool':
    case 'id':
      return e;
    case 'unary':
      return simplifyUnary(e);
    case 'binary':
      return simplifyBinary(e);
    case 'call':
      return simplifyCall(e);
  }
}

function simplifyUnary(e: Extract<Expr, { kind: 'unary' }>): Expr {
  const a = e.arg;
  if (e.op === '+') return a.kind === 'bool' ? num(a.value ? 1 : 0) : isBooleanValued(a) ? e : a;
  if (e.op === '-') {
    if (a.kind === 'num') return num(a.value === 0 ? 0 : -a.value); // -(0) -> 0, not -0 (documented)
    if (a.kind === 'unary' && a.op === '-' && !isBooleanValued(a.arg)) return a.arg;
    return e;
  }
  // '!'
  if (isConst(a)) return bool(!constTruth(a));
  if (a.kind === 'unary' && a.op === '!' && isBooleanValued(a.arg)) return a.arg;
  return e;
}

function neg(x: Expr): Expr {
  return simplifyUnary(unary('-', x) as Extract<Expr, { kind: 'unary' }>);
}

function isNeg(x: Expr): x is Extract<Expr, { kind: 'unary' }> {
  return x.kind === 'unary' && x.op === '-';
}

function simplifyBinary(e: Extract<Expr, { kind: 'binary' }>): Expr {
  const { op, left: l, right: r } = e;
  if (isConst(l) && isConst(r)) {
    const v = applyBinary(op, constValue(l), constValue(r), l, r);
    return COMPARISON.has(op) ? bool(v !== 0) : num(v);
  }
  switch (op) {
    case '+':
      if (isNumVal(r, 0)) return l;
      if (isNumVal(l, 0)) return r;
      if (isNeg(r)) return simplifyBinary(binary('-', l, r.arg) as Extract<Expr, { kind: 'binary' }>);
      if (isNum(r) && r.value < 0) return binary('-', l, num(-r.value));
      return e;
    case '-':
      if (isNumVal(r, 0)) return l;
      if (isNumVal(l, 0)) return neg(r);
      if (isNeg(r)) return simplifyBinary(binary('+', l, r.arg) as Extract<Expr, { kind: 'binary' }>);
      if (isNum(r) && r.value < 0) return binary('+', l, num(-r.value));
      return e;
    case '*':
      if (isNumVal(l, 0) || isNumVal(r, 0)) return num(0);
      if (isNumVal(l, 1)) return r;
      if (isNumVal(r, 1)) return l;
      if (isNumVal(l, -1)) return neg(r);
      if (isNumVal(r, -1)) return neg(l);
      if (isNeg(l)) return neg(simplifyBinary(binary('*', l.arg, r) as Extract<Expr, { kind: 'binary' }>));
      if (isNeg(r)) return neg(simplifyBinary(binary('*', l, r.arg) as Extract<Expr, { kind: 'binary' }>));
      if (isNum(l) && r.kind === 'binary' && r.op === '*' && isNum(r.left)) {
        return simplifyBinary(binary('*', num(l.value * r.left.value), r.right) as Extract<Expr, { kind: 'binary' }>);
      }
      if (isNum(r) && !isNum(l)) {
        // constants first: x * 2 -> 2 * x (exact: multiplication is commutative in IEEE arithmetic)
        return simplifyBinary(binary('*', r, l) as Extract<Expr, { kind: 'binary' }>);
      }
      return e;
    case '/':
      if (isNumVal(l, 0)) return num(0);
      if (isNumVal(r, 1)) return l;
      if (isNumVal(r, -1)) return neg(l);
      if (isNeg(l)) return neg(simplifyBinary(binary('/', l.arg, r) as Extract<Expr, { kind: 'binary' }>));
      if (isNeg(r)) return neg(simplifyBinary(binary('/', l, r.arg) as Extract<Expr, { kind: 'binary' }>));
      return e;
    case '^':
      if (isNumVal(r, 1)) return l;
      if (isNumVal(r, 0)) return num(1);
      if (isNumVal(l, 1)) return num(1);
      return e;
    case '&&': {
      const lt = constTruth(l);
      const rt = constTruth(r);
      if (lt === false || rt === false) return bool(false);
      if (lt === true && isBooleanValued(r)) return r;
      if (rt === true && isBooleanValued(l)) return l;
      return e;
    }
    case '||': {
      const lt = constTruth(l);
      const rt = constTruth(r);
      if (lt === true || rt === true) return bool(true);
      if (lt === false && isBooleanValued(r)) return r;
      if (rt === false && isBooleanValued(l)) return l;
      return e;
    }
    default:
      return e;
  }
}

function simplifyCall(e: Extract<Expr, { kind: 'call' }>): Expr {
  const { fn, args } = e;
  if (!BUILTINS.has(fn) || fn === 'delay') return e;
  if (fn === 'piecewise') return simplifyPiecewise(e);
  if (args.every(isConst)) return num(evaluate(e, NO_ENV));
  if (fn === 'pow') return simplifyBinary(binary('^', args[0]!, args[1]!, e.span) as Extract<Expr, { kind: 'binary' }>);
  if ((fn === 'min' || fn === 'max') && args.length === 1) return args[0]!;
  return e;
}

function simplifyPiecewise(e: Extract<Expr, { kind: 'call' }>): Expr {
  const args = e.args;
  const n = args.length;
  const out: Expr[] = [];
  let changed = false;
  for (let i = 0; i + 1 < n; i += 2) {
    const t = constTruth(args[i + 1]!);
    if (t === false) {
      changed = true;
      continue;
    }
    if (t === true) {
      // this value is always chosen once reached: it becomes the otherwise
      out.push(args[i]!);
      return finishPiecewise(out, e);
    }
    out.push(args[i]!, args[i + 1]!);
  }
  if (n % 2 === 1) out.push(args[n - 1]!);
  else if (out.length === 0) return num(NaN);
  if (!changed) return out.length === 1 ? out[0]! : e;
  return finishPiecewise(out, e);
}

function finishPiecewise(out: Expr[], e: Extract<Expr, { kind: 'call' }>): Expr {
  if (out.length === 1) return out[0]!;
  return call('piecewise', out, e.span);
}

/** Simplify a whole expression (bottom-up, linear in the size of the tree/DAG). */
export function simplify(e: Expr): Expr {
  return transformBottomUp(e, simplifyNode);
}
