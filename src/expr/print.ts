/**
 * Printer: Expr -> canonical source text with the fewest parentheses that parse back to the same tree.
 * Style: spaces around binary operators except `^` (`k1 * A * B`, `x^2`, `a && b`), `f(a, b)` for calls,
 * `-x` / `!x` for unary operators (the `and/or/not` aliases print as `&& || !`).
 * Numbers print with String(n), the shortest text that round-trips exactly; Infinity -> `inf`, NaN -> `nan`.
 *
 * Round trip: parseExpression(printExpression(e)) is structurally equal to e for every tree whose numeric
 * literals are >= 0 (all trees the parser produces). A negative literal (made by simplify) prints as `-3` and
 * parses back as unary minus of 3 (same value).
 */
import type { Expr } from './ast.js';

/** Precedence levels (see parse.ts): 1 || 2 && 3 == != 4 < <= > >= 5 + - 6 * / 7 unary 8 ^ 9 atom. */
export const PREC: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '^': 8,
};
const UNARY = 7;
const ATOM = 9;

export function precedenceOf(e: Expr): number {
  switch (e.kind) {
    case 'binary':
      return PREC[e.op]!;
    case 'unary':
      return UNARY;
    case 'num':
      return e.value < 0 || Object.is(e.value, -0) ? UNARY : ATOM;
    default:
      return ATOM;
  }
}

/** Does `child`, as the left (side 0) or right (side 1) operand of binary `op`, need parentheses? */
export function needsParens(op: string, child: Expr, side: 0 | 1): boolean {
  const p = PREC[op]!;
  const c = precedenceOf(child);
  if (op === '^') {
    // base: must be an atom (-a^b is -(a^b); (a^b)^c needs parens); exponent: parsed at unary level
    return side === 0 ? c <= p : c < UNARY;
  }
  return side === 0 ? c < p : c <= p;
}

export function printNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function binOpText(op: string): string {
  return op === '^' ? '^' : ` ${op} `;
}

function wrap(s: string, yes: boolean): string {
  return yes ? `(${s})` : s;
}

/** Print an expression (iterative along left operand chains, so long sums do not overflow the stack). */
export function printExpression(e: Expr): string {
  if (e.kind === 'binary') {
    // walk the left spine: ((a op1 b) op2 c) op3 d ...
    const spine: Extract<Expr, { kind: 'binary' }>[] = [];
    let cur: Expr = e;
    while (cur.kind === 'binary') {
      spine.push(cur);
      cur = cur.left;
    }
    let s = printExpression(cur);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i]!;
      s = wrap(s, needsParens(b.op, b.left, 0)) + binOpText(b.op) + wrap(printExpression(b.right), needsParens(b.op, b.right, 1));
    }
    return s;
  }
  switch (e.kind) {
    case 'num':
      return printNumber(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'id':
      return e.name;
    case 'unary':
      return e.op + wrap(printExpression(e.arg), precedenceOf(e.arg) < UNARY);
    case 'call':
      return `${e.fn}(${e.args.map(printExpression).join(', ')})`;
  }
}
