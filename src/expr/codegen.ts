/**
 * Code generation: Expr -> JavaScript expression source, compiled by the model compiler with `new Function`.
 * Same semantics as the interpreter (evaluate.ts); the shared test table runs both.
 *
 * Mapping: numbers exactly via String(n) (negatives parenthesised; Infinity, NaN); booleans `true`/`false`
 * (JS coerces them to 1/0 in arithmetic); comparisons `a < b` (JS boolean); `&&`/`||` on JS booleans (numeric
 * operands are converted with `!!`); piecewise -> nested ternaries (no otherwise -> NaN); `^`/pow -> Math.pow,
 * with x^2 -> (x*x) and x^3 -> (x*x*x) for identifier/number bases, x^0.5 -> Math.sqrt(x); built-ins -> Math.*;
 * factorial -> an inline arrow function (FACTORIAL_JS); `delay` -> Error.
 * Operator parentheses are minimal (JS precedence matches ours once ^ becomes a call), and long left operand
 * chains are generated iteratively, so a 5,000-term sum neither overflows our stack nor V8's parser.
 */
import type { Expr } from './ast.js';
import {
  AVOGADRO,
  BUILTINS,
  FACTORIAL_JS,
  logBaseForm,
  MATH_DIRECT,
  MATH_RECIPROCAL,
  powerForm,
  rootForm,
} from './builtins.js';
import { PREC } from './print.js';

interface Code {
  code: string;
  /** JS precedence class of `code` using PREC levels; ATOM when self-delimited. */
  prec: number;
  /** Whether the value is a JS boolean. */
  isBool: boolean;
}

const ATOM = 100;

function numberJs(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${String(v)})` : String(v);
}

const SIMPLE_CODE = /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\[\d+\])?|\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/;

class Generator {
  constructor(private readonly resolve: (name: string) => string) {}

  atom(e: Expr): string {
    const c = this.gen(e);
    return c.prec === ATOM ? c.code : `(${c.code})`;
  }

  /** Code for use where any expression is allowed (function arguments, ternary branches). */
  any(e: Expr): string {
    return this.gen(e).code;
  }

  /** Code whose JS truthiness equals the condition (booleans pass through; numbers too). */
  cond(e: Expr): string {
    return this.atom(e);
  }

  gen(e: Expr): Code {
    switch (e.kind) {
      case 'num':
        return { code: numberJs(e.value), prec: ATOM, isBool: false };
      case 'bool':
        return { code: e.value ? 'true' : 'false', prec: ATOM, isBool: true };
      case 'id': {
        if (e.name === 'pi') return { code: 'Math.PI', prec: ATOM, isBool: false };
        if (e.name === 'avogadro') return { code: String(AVOGADRO), prec: ATOM, isBool: false };
        const r = this.resolve(e.name);
        return { code: SIMPLE_CODE.test(r) ? r : `(${r})`, prec: ATOM, isBool: false };
      }
      case 'unary': {
        const a = this.atom(e.arg);
        if (e.op === '!') return { code: `(!${a})`, prec: ATOM, isBool: true };
        return { code: `(${e.op}${a})`, prec: ATOM, isBool: false };
      }
      case 'binary':
        return this.genChain(e);
      case 'call':
        return this.genCall(e);
    }
  }

  private genChain(e: Extract<Expr, { kind: 'binary' }>): Code {
    const spine: Extract<Expr, { kind: 'binary' }>[] = [];
    let cur: Expr = e;
    while (cur.kind === 'binary' && cur.op !== '^') {
      spine.push(cur);
      cur = cur.left;
    }
    let acc: Code = cur.kind === 'binary' ? this.genPower(cur.left, cur.right) : this.gen(cur);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i]!;
      const p = PREC[b.op]!;
      const r = this.gen(b.right);
      if (b.op === '&&' || b.op === '||') {
        const l = acc.isBool ? (acc.prec < p ? `(${acc.code})` : acc.code) : `!!${acc.prec === ATOM ? acc.code : `(${acc.code})`}`;
        const rr = r.isBool ? (r.prec <= p ? `(${r.code})` : r.code) : `!!${r.prec === ATOM ? r.code : `(${r.code})`}`;
        acc = { code: `${l} ${b.op} ${rr}`, prec: p, isBool: true };
        continue;
      }
      const l = acc.prec < p ? `(${acc.code})` : acc.code;
      const rr = r.prec <= p ? `(${r.code})` : r.code;
      acc = { code: `${l} ${b.op} ${rr}`, prec: p, isBool: p <= 4 };
    }
    return acc;
  }

  private genPower(base: Expr, exponent: Expr): Code {
    const form = powerForm(base, exponent);
    const b = this.atom(base);
    switch (form) {
      case 'square':
        return { code: `(${b}*${b})`, prec: ATOM, isBool: false };
      case 'cube':
        return { code: `(${b}*${b}*${b})`, prec: ATOM, isBool: false };
      case 'sqrt':
        return { code: `Math.sqrt(${this.any(base)})`, prec: ATOM, isBool: false };
      default:
        return { code: `Math.pow(${this.any(base)}, ${this.any(exponent)})`, prec: ATOM, isBool: false };
    }
  }

  private genCall(e: Extract<Expr, { kind: 'call' }>): Code {
    const { fn, args } = e;
    const fnum = (code: string): Code => ({ code, prec: ATOM, isBool: false });
    const direct = MATH_DIRECT.get(fn);
    if (direct !== undefined) return fnum(`Math.${direct}(${args.map((a) => this.any(a)).join(', ')})`);
    const recip = MATH_RECIPROCAL.get(fn);
    if (recip !== undefined) return fnum(`(1 / Math.${recip}(${this.any(args[0]!)}))`);
    switch (fn) {
      case 'log':
        if (args.length === 1) return fnum(`Math.log(${this.any(args[0]!)})`);
        switch (logBaseForm(args[0]!)) {
          case 'log10':
            return fnum(`Math.log10(${this.any(args[1]!)})`);
          case 'log2':
            return fnum(`Math.log2(${this.any(args[1]!)})`);
          default:
            return fnum(`(Math.log(${this.any(args[1]!)}) / Math.log(${this.any(args[0]!)}))`);
        }
      case 'root':
        if (args.length === 1) return fnum(`Math.sqrt(${this.any(args[0]!)})`);
        switch (rootForm(args[0]!)) {
          case 'sqrt':
            return fnum(`Math.sqrt(${this.any(args[1]!)})`);
          case 'cbrt':
            return fnum(`Math.cbrt(${this.any(args[1]!)})`);
          default:
            return fnum(`Math.pow(${this.any(args[1]!)}, 1 / ${this.atom(args[0]!)})`);
        }
      case 'pow':
        return this.genPower(args[0]!, args[1]!);
      case 'piecewise': {
        const n = args.length;
        let code = n % 2 === 1 ? this.any(args[n - 1]!) : 'NaN';
        let isBool = n % 2 === 1 ? this.gen(args[n - 1]!).isBool : false;
        // build from the innermost (last) pair outwards; depth = number of pieces (small)
        for (let i = (n % 2 === 1 ? n - 1 : n) - 2; i >= 0; i -= 2) {
          const v = this.gen(args[i]!);
          isBool = isBool && v.isBool;
          code = `(${this.cond(args[i + 1]!)} ? ${v.code} : ${code})`;
        }
        return { code: n === 1 ? `(${code})` : code, prec: ATOM, isBool };
      }
      case 'factorial':
        return fnum(`${FACTORIAL_JS}(${this.any(args[0]!)})`);
      case 'delay':
        throw new Error(
          'delay() is not supported by the expression code generator: compileModel replaces each delay call by a history lookup (src/compile/delay.ts) before generating code',
        );
    }
    if (!BUILTINS.has(fn)) {
      throw new Error(`cannot generate code for call to user function '${fn}': inline function definitions first (inlineFunctions)`);
    }
    throw new Error(`no code generation rule for built-in '${fn}'`);
  }
}

/**
 * JavaScript expression source for `e`. `resolve(name)` returns JS code for each identifier (including `time`;
 * not called for the constants `pi` and `avogadro`), e.g. `y[3]`, `p[0]`, `t`; code that is not a plain name or
 * indexed name is parenthesised. Boolean-valued expressions yield JS booleans (coerce with unary + if needed).
 * Throws for `delay()` and for user function calls (inline them first).
 */
export function generateJs(e: Expr, resolve: (name: string) => string): string {
  return new Generator(resolve).gen(e).code;
}

const JS_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Compile `e` into a function of `argNames` (identifier names as they appear in the expression, including
 * `time` if used; dotted names allowed). Any other identifier throws an Error. Booleans are returned as 1/0.
 * Uses `new Function`: not available under a strict Content-Security-Policy (use `evaluate` there).
 */
export function compileExpression(e: Expr, argNames: string[]): (...args: number[]) => number {
  const index = new Map<string, number>();
  argNames.forEach((n, i) => {
    if (index.has(n)) throw new Error(`duplicate argument name '${n}'`);
    index.set(n, i);
  });
  const body = generateJs(e, (name) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`unknown identifier '${name}' (not among the arguments ${argNames.join(', ')})`);
    return `a${i}`;
  });
  const params = argNames.map((_, i) => `a${i}`);
  for (const p of params) if (!JS_IDENT.test(p)) throw new Error(`bad parameter ${p}`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...params, `"use strict"; return +(${body});`) as (...args: number[]) => number;
}
