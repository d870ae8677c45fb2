/**
 * Built-in functions, reserved words and named constants of the expression language, plus the small
 * numeric helpers shared by the code generator and the interpreter (so both give bit-identical results).
 */
import type { BuiltinInfo, Expr } from './ast.js';

/** A built-in with a human-readable signature used in arity messages and docs. */
export interface BuiltinSpec extends BuiltinInfo {
  /** e.g. `log(x) or log(b, x)`. */
  signature: string;
  /** One line describing the function. */
  description: string;
}

function spec(minArgs: number, maxArgs: number, signature: string, description: string): BuiltinSpec {
  return { minArgs, maxArgs, signature, description };
}

const one = (name: string, description: string): [string, BuiltinSpec] => [name, spec(1, 1, `${name}(x)`, description)];

/**
 * Built-in functions with their arity. `log(x)` is the natural logarithm; `log(b, x)` is the logarithm of x in
 * base b (libSBML infix two-argument form). `root(n, x)` is the n-th root (SBML `root`), `root(x)` = sqrt(x).
 * `piecewise(v1, c1, v2, c2, ..., otherwise)` follows SBML/libSBML infix; `delay(x, tau)` is x at time - tau (src/compile/delay.ts).
 */
export const BUILTINS: ReadonlyMap<string, BuiltinSpec> = new Map<string, BuiltinSpec>([
  one('exp', 'e raised to x'),
  ['log', spec(1, 2, 'log(x) or log(b, x)', 'natural logarithm of x, or logarithm of x in base b')],
  one('ln', 'natural logarithm'),
  one('log10', 'base-10 logarithm'),
  one('log2', 'base-2 logarithm'),
  one('sqrt', 'square root'),
  ['root', spec(1, 2, 'root(x) or root(n, x)', 'n-th root of x (square root when n is omitted)')],
  one('abs', 'absolute value'),
  one('floor', 'largest integer <= x'),
  one('ceil', 'smallest integer >= x'),
  one('sign', 'sign of x: -1, 0 or 1'),
  ['pow', spec(2, 2, 'pow(a, b)', 'a raised to b (same as a^b)')],
  one('sin', 'sine (radians)'),
  one('cos', 'cosine (radians)'),
  one('tan', 'tangent (radians)'),
  one('sec', 'secant 1/cos(x)'),
  one('csc', 'cosecant 1/sin(x)'),
  one('cot', 'cotangent 1/tan(x)'),
  one('asin', 'inverse sine'),
  one('acos', 'inverse cosine'),
  one('atan', 'inverse tangent'),
  ['atan2', spec(2, 2, 'atan2(y, x)', 'angle of the point (x, y)')],
  one('sinh', 'hyperbolic sine'),
  one('cosh', 'hyperbolic cosine'),
  one('tanh', 'hyperbolic tangent'),
  one('asinh', 'inverse hyperbolic sine'),
  one('acosh', 'inverse hyperbolic cosine'),
  one('atanh', 'inverse hyperbolic tangent'),
  ['min', spec(1, Infinity, 'min(a, b, ...)', 'smallest argument')],
  ['max', spec(1, Infinity, 'max(a, b, ...)', 'largest argument')],
  [
    'piecewise',
    spec(1, Infinity, 'piecewise(v1, c1, v2, c2, ..., otherwise)', 'first vi whose condition ci holds, else otherwise (NaN if absent)'),
  ],
  ['delay', spec(2, 2, 'delay(x, tau)', 'value of x at time - tau (delay differential equations; src/compile/delay.ts)')],
  one('factorial', 'n! for a non-negative integer n (NaN otherwise)'),
]);

export function isBuiltin(name: string): boolean {
  return BUILTINS.has(name);
}

/** Avogadro constant, mol^-1 (exact, SI 2019 redefinition; CODATA 2018). */
export const AVOGADRO = 6.02214076e23;

/** Named constants that are identifiers in the AST (`{kind:'id'}`) but are not model symbols. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['avogadro', AVOGADRO],
]);

/** The identifier meaning model time. */
export const TIME = 'time';

/**
 * Words that can never be identifiers: operator aliases, boolean literals and number literals.
 * The number words are matched case-insensitively by the parser (`inf`, `INF`, `Infinity`, `NaN`, ...).
 */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false']);
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['inf', Infinity],
  ['infinity', Infinity],
  ['nan', NaN],
  ['notanumber', NaN],
]);

/** True if `name` cannot be used as a model identifier (keyword, number word, constant, `time`, built-in). */
export function isReservedName(name: string): boolean {
  return (
    KEYWORDS.has(name) ||
    NUMBER_WORDS.has(name.toLowerCase()) ||
    CONSTANTS.has(name) ||
    name === TIME ||
    BUILTINS.has(name)
  );
}

/**
 * factorial(n) = 1*2*...*n for integer n >= 0; NaN for negative, non-integer or NaN input; Infinity above 170
 * (171! exceeds the largest double). Must stay identical to FACTORIAL_JS.
 */
export function factorial(x: number): number {
  const n = +x;
  if (!(n >= 0) || n !== Math.floor(n)) return NaN;
  if (n > 170) return Infinity;
  let r = 1;
  for (let i = 2; i <= n; i++) r *= i;
  return r;
}

/** Import-free JavaScript source of `factorial` (an arrow function expression), inlined by the code generator. */
export const FACTORIAL_JS =
  '((x) => { const n = +x; if (!(n >= 0) || n !== Math.floor(n)) return NaN; if (n > 170) return Infinity; ' +
  'let r = 1; for (let i = 2; i <= n; i++) r *= i; return r; })';

/**
 * How `base ^ exponent` (and `pow(base, exponent)`) is computed. Shared by code generator and interpreter so
 * both round identically:
 *   exponent literal 2 and base a plain identifier/number -> base*base (no duplicated work)
 *   exponent literal 3 and base a plain identifier/number -> base*base*base
 *   exponent literal 0.5 -> Math.sqrt(base)  (note: differs from Math.pow only for base = -0 or -Infinity)
 *   otherwise -> Math.pow(base, exponent)
 */
export type PowerForm = 'square' | 'cube' | 'sqrt' | 'pow';

export function powerForm(base: Expr, exponent: Expr): PowerForm {
  if (exponent.kind !== 'num') return 'pow';
  const simple = base.kind === 'id' || base.kind === 'num';
  if (exponent.value === 2 && simple) return 'square';
  if (exponent.value === 3 && simple) return 'cube';
  if (exponent.value === 0.5) return 'sqrt';
  return 'pow';
}

/**
 * How `log(b, x)` is computed: literal bases 10 and 2 use Math.log10 / Math.log2 (exact for powers of the base),
 * anything else Math.log(x) / Math.log(b).
 */
export function logBaseForm(base: Expr): 'log10' | 'log2' | 'ratio' {
  if (base.kind === 'num' && base.value === 10) return 'log10';
  if (base.kind === 'num' && base.value === 2) return 'log2';
  return 'ratio';
}

/** How `root(n, x)` is computed: n literal 2 -> Math.sqrt, 3 -> Math.cbrt (real cube root of negatives), else Math.pow(x, 1 / n). */
export function rootForm(n: Expr): 'sqrt' | 'cbrt' | 'pow' {
  if (n.kind === 'num' && n.value === 2) return 'sqrt';
  if (n.kind === 'num' && n.value === 3) return 'cbrt';
  return 'pow';
}

/** Built-ins that map 1:1 onto a `Math` function of the same arity. */
export const MATH_DIRECT: ReadonlyMap<string, string> = new Map([
  ['exp', 'exp'],
  ['ln', 'log'],
  ['log10', 'log10'],
  ['log2', 'log2'],
  ['sqrt', 'sqrt'],
  ['abs', 'abs'],
  ['floor', 'floor'],
  ['ceil', 'ceil'],
  ['sign', 'sign'],
  ['sin', 'sin'],
  ['cos', 'cos'],
  ['tan', 'tan'],
  ['asin', 'asin'],
  ['acos', 'acos'],
  ['atan', 'atan'],
  ['atan2', 'atan2'],
  ['sinh', 'sinh'],
  ['cosh', 'cosh'],
  ['tanh', 'tanh'],
  ['asinh', 'asinh'],
  ['acosh', 'acosh'],
  ['atanh', 'atanh'],
  ['min', 'min'],
  ['max', 'max'],
]);

/** Built-ins computed as 1 / Math.<f>(x). */
export const MATH_RECIPROCAL: ReadonlyMap<string, string> = new Map([
  ['sec', 'cos'],
  ['csc', 'sin'],
  ['cot', 'tan'],
]);
