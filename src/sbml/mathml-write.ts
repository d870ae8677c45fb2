/**
 * ExoSim expression AST (src/expr/ast.ts) -> SBML Level 3 Version 2 MathML content markup, plus the small
 * escaping XML writer the SBML exporter uses (no dependency).
 *
 * The mapping is the inverse of src/sbml/mathml.ts (MathML -> Expr), chosen so that export followed by import
 * gives an expression that evaluates to the same double for every input (same operations in the same order):
 *   a + b + c (left-nested)  -> <plus/> a b c     (the importer rebuilds the same left-nested chain)
 *   a * b * c                -> <times/> a b c
 *   a - b, -a, a / b, a ^ b  -> <minus/>, <minus/> (one argument), <divide/>, <power/>;  +a -> a
 *   == != < <= > >=          -> eq neq lt leq gt geq;   && || ! -> and or not (n-ary chains flattened)
 *   exp, ln, abs, floor, factorial, sin ... tanh, sec, csc, cot -> same-named MathML elements
 *   ceil -> <ceiling/>;  asin acos atan asinh acosh atanh -> arcsin arccos arctan arcsinh arccosh arctanh
 *   log(x) (ExoSim: natural log) -> <ln/>;  log10(x) -> <log/> (MathML default base 10)
 *   log2(x) -> <log/> with <logbase>2;  log(b, x) -> <log/> with <logbase>b
 *   sqrt(x), root(x) -> <root/>;  root(n, x) -> <root/> with <degree>n;  pow(a, b) -> <power/>
 *   min, max (SBML L3V2 additions) -> <min/>, <max/>
 *   sign(x) -> piecewise(1, x > 0, -1, x < 0, x)     (exact: x itself for 0, -0 and NaN, like Math.sign)
 *   atan2(y, x) -> piecewise(atan(y/x), x > 0, atan(y/x) + pi, x < 0 && y >= 0, atan(y/x) - pi, x < 0 && y < 0,
 *                            pi/2, y > 0, -pi/2, y < 0, 0)   (the quadrant formula; agrees with Math.atan2 to
 *                            rounding, ~1 ulp, except for signed zeros)
 *   piecewise(v1, c1, ..., o) -> <piecewise>; without `otherwise` an <otherwise><notanumber/> is added (ExoSim's
 *                            value when no condition holds is NaN; SBML leaves it undefined)
 *   delay(x, tau) -> csymbol delay;  rateOf(x) (imported SBML) -> csymbol rateOf
 *   time -> csymbol time;  pi -> <pi/>;  avogadro -> <cn>6.02214076e23</cn> (ExoSim's SI 2019 value: SBML's
 *                            avogadro csymbol is 6.02214179e23, a different number)
 *   numbers -> <cn type="integer"> / <cn> (shortest round-trip decimal), <infinity/>, <notanumber/>
 *   user functions f(a, b) -> <apply><ci>f</ci> a b</apply>
 * Types (SBML L3V2 section 3.4.9: MathML operators are typed, booleans and numbers do not mix): a boolean
 * expression in a numeric place (kinetic law, rule, arithmetic operand) is written piecewise(1, c, 0); a numeric
 * expression in a boolean place (trigger, and/or/not operand, piecewise condition) is written x != 0. ExoSim
 * treats NaN as false in conditions while NaN != 0 is true: the only value where the two differ.
 * Anything else (an unknown function) is an ExosimError E_SBML_EXPORT naming the expression.
 */
import type { Expr, FunctionDef } from '../expr/ast.js';
import { AVOGADRO } from '../expr/builtins.js';
import { printExpression } from '../expr/print.js';
import { isBooleanValued } from '../expr/simplify.js';
import { ExosimError, diag } from '../diagnostics.js';
import { CSYMBOL_DELAY, CSYMBOL_RATE_OF, CSYMBOL_TIME, MATHML_NS } from './mathml.js';

// ------------------------------------------------------------------------------------------------ XML writer

/** An XML element to write: attributes in the given order (undefined values are left out). */
export interface XNode {
  name: string;
  attrs?: [string, string | undefined][];
  children?: (XNode | string)[];
}

export function xel(name: string, attrs: [string, string | undefined][] = [], children: (XNode | string)[] = []): XNode {
  return { name, attrs, children };
}

/** Characters not allowed in XML 1.0 (C0 controls other than tab/newline/return, lone surrogates, U+FFFE/F). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escape text content: & < > (and characters XML cannot hold become U+FFFD). */
export function escapeText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape an attribute value (double-quoted): also " and whitespace that attribute normalisation would change. */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Render an element tree, two-space indentation; elements holding text are written on one line. */
export function renderXml(node: XNode, indent = 0): string {
  const pad = ' '.repeat(indent);
  const attrs = (node.attrs ?? [])
    .filter((a): a is [string, string] => a[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
  const kids = node.children ?? [];
  if (kids.length === 0) return `${pad}<${node.name}${attrs}/>\n`;
  if (kids.every((k) => typeof k === 'string')) {
    return `${pad}<${node.name}${attrs}>${kids.map((k) => escapeText(k as string)).join('')}</${node.name}>\n`;
  }
  let s = `${pad}<${node.name}${attrs}>\n`;
  for (const k of kids) s += typeof k === 'string' ? `${pad}  ${escapeText(k)}\n` : renderXml(k, indent + 2);
  return s + `${pad}</${node.name}>\n`;
}

// ------------------------------------------------------------------------------------------------ numbers

/** Shortest decimal that reads back as the same double; SBML's spellings for non-finite values (INF, -INF, NaN). */
export function formatSbmlNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'INF';
  if (v === -Infinity) return '-INF';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

// ------------------------------------------------------------------------------------------------ Expr -> MathML

export interface MathmlWriteContext {
  /** ExoSim identifier -> SBML id (species, parameters, compartments, user functions, function arguments). */
  mapId: (name: string) => string;
  /** Ids of user function definitions (calls to them become <apply><ci>f</ci>...). */
  functions: ReadonlySet<string>;
  /** User functions whose value is a boolean (their calls are conditions, not numbers). */
  booleanFunctions?: ReadonlySet<string>;
  /** What the expression is, for error messages: e.g. `the rate of reaction 'r1'`. */
  where: string;
}

type Ctx = 'num' | 'bool' | 'any';

const UNARY_FN: ReadonlyMap<string, string> = new Map([
  ['exp', 'exp'],
  ['ln', 'ln'],
  ['abs', 'abs'],
  ['floor', 'floor'],
  ['ceil', 'ceiling'],
  ['factorial', 'factorial'],
  ['sin', 'sin'],
  ['cos', 'cos'],
  ['tan', 'tan'],
  ['sec', 'sec'],
  ['csc', 'csc'],
  ['cot', 'cot'],
  ['sinh', 'sinh'],
  ['cosh', 'cosh'],
  ['tanh', 'tanh'],
  ['asin', 'arcsin'],
  ['acos', 'arccos'],
  ['atan', 'arctan'],
  ['asinh', 'arcsinh'],
  ['acosh', 'arccosh'],
  ['atanh', 'arctanh'],
]);

const BINARY_OP: Readonly<Record<string, string>> = {
  '+': 'plus',
  '-': 'minus',
  '*': 'times',
  '/': 'divide',
  '^': 'power',
  '==': 'eq',
  '!=': 'neq',
  '<': 'lt',
  '<=': 'leq',
  '>': 'gt',
  '>=': 'geq',
  '&&': 'and',
  '||': 'or',
};

/** Operators whose left-nested chains are written as one n-ary <apply> (the importer rebuilds the same chain). */
const NARY = new Set(['+', '*', '&&', '||']);

const apply = (op: string, args: XNode[], quals: XNode[] = []): XNode => xel('apply', [], [xel(op), ...quals, ...args]);
const cn = (v: number): XNode => {
  if (Number.isNaN(v)) return xel('notanumber');
  if (v === Infinity) return xel('infinity');
  if (v === -Infinity) return apply('minus', [xel('infinity')]);
  if (Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) < 1e21) return xel('cn', [['type', 'integer']], [String(v)]);
  return xel('cn', [], [formatSbmlNumber(v)]);
};
const csymbol = (url: string, name: string): XNode => xel('csymbol', [['encoding', 'text'], ['definitionURL', url]], [name]);

class Writer {
  constructor(private readonly ctx: MathmlWriteContext, private readonly locals: ReadonlySet<string> = new Set()) {}

  fail(e: Expr, why: string): never {
    throw new ExosimError([
      diag('E_SBML_EXPORT', `cannot write ${this.ctx.where} as SBML MathML: ${why} (in '${printExpression(e)}')`, {
        hint: 'rewrite the expression with operators and functions SBML Level 3 Version 2 has (see docs/model-language.md)',
      }),
    ]);
  }

  /** `e` written for a place that expects `want`, converting boolean <-> number where SBML needs it. */
  write(e: Expr, want: Ctx): XNode {
    const isBool = e.kind === 'bool' || isBooleanValued(e) || (e.kind === 'call' && this.ctx.booleanFunctions?.has(e.fn) === true);
    if (want === 'num' && isBool) {
      if (e.kind === 'bool') return cn(e.value ? 1 : 0);
      return xel('piecewise', [], [xel('piece', [], [cn(1), this.node(e)]), xel('otherwise', [], [cn(0)])]);
    }
    if (want === 'bool' && !isBool) {
      if (e.kind === 'num') return xel(e.value !== 0 && !Number.isNaN(e.value) ? 'true' : 'false');
      return apply('neq', [this.node(e), cn(0)]);
    }
    return this.node(e);
  }

  /** Flatten a left-nested chain of `op` into its operands. */
  chain(e: Expr, op: string): Expr[] {
    const out: Expr[] = [];
    let cur = e;
    while (cur.kind === 'binary' && cur.op === op) {
      out.push(cur.right);
      cur = cur.left;
    }
    out.push(cur);
    return out.reverse();
  }

  node(e: Expr): XNode {
    switch (e.kind) {
      case 'num':
        return cn(e.value);
      case 'bool':
        return xel(e.value ? 'true' : 'false');
      case 'id':
        if (this.locals.has(e.name)) return xel('ci', [], [this.ctx.mapId(e.name)]);
        if (e.name === 'time') return csymbol(CSYMBOL_TIME, 'time');
        if (e.name === 'pi') return xel('pi');
        if (e.name === 'avogadro') return cn(AVOGADRO);
        return xel('ci', [], [this.ctx.mapId(e.name)]);
      case 'unary':
        if (e.op === '+') return this.write(e.arg, 'num');
        if (e.op === '-') return apply('minus', [this.write(e.arg, 'num')]);
        return apply('not', [this.write(e.arg, 'bool')]);
      case 'binary': {
        const op = BINARY_OP[e.op]!;
        const argCtx: Ctx = e.op === '&&' || e.op === '||' ? 'bool' : 'num';
        const operands = NARY.has(e.op) ? this.chain(e, e.op) : [e.left, e.right];
        return apply(op, operands.map((a) => this.write(a, argCtx)));
      }
      case 'call':
        return this.call(e);
    }
  }

  call(e: Extract<Expr, { kind: 'call' }>): XNode {
    const { fn, args } = e;
    const n = args.length;
    const num = (i: number): XNode => this.write(args[i]!, 'num');
    const arity = (min: number, max: number) => {
      if (n < min || n > max) this.fail(e, `${fn}() takes ${min === max ? min : `${min} to ${max}`} argument(s), found ${n}`);
    };
    if (this.ctx.functions.has(fn)) return xel('apply', [], [xel('ci', [], [this.ctx.mapId(fn)]), ...args.map((a) => this.write(a, 'any'))]);
    const unary = UNARY_FN.get(fn);
    if (unary !== undefined) {
      arity(1, 1);
      return apply(unary, [num(0)]);
    }
    switch (fn) {
      case 'log':
        arity(1, 2);
        return n === 1 ? apply('ln', [num(0)]) : apply('log', [num(1)], [xel('logbase', [], [num(0)])]);
      case 'log10':
        arity(1, 1);
        return apply('log', [num(0)]);
      case 'log2':
        arity(1, 1);
        return apply('log', [num(0)], [xel('logbase', [], [cn(2)])]);
      case 'sqrt':
        arity(1, 1);
        return apply('root', [num(0)]);
      case 'root':
        arity(1, 2);
        return n === 1 ? apply('root', [num(0)]) : apply('root', [num(1)], [xel('degree', [], [num(0)])]);
      case 'pow':
        arity(2, 2);
        return apply('power', [num(0), num(1)]);
      case 'min':
      case 'max':
        if (n < 1) this.fail(e, `${fn}() needs at least one argument`);
        return apply(fn, args.map((_, i) => num(i)));
      case 'sign': {
        arity(1, 1);
        const x = args[0]!;
        return this.node({
          kind: 'call',
          fn: 'piecewise',
          args: [{ kind: 'num', value: 1 }, gt(x, zero), { kind: 'num', value: -1 }, lt(x, zero), x],
        });
      }
      case 'atan2': {
        arity(2, 2);
        const [y, x] = [args[0]!, args[1]!];
        const at: Expr = { kind: 'call', fn: 'atan', args: [{ kind: 'binary', op: '/', left: y, right: x }] };
        const pi: Expr = { kind: 'id', name: 'pi' };
        const halfPi: Expr = { kind: 'binary', op: '/', left: pi, right: { kind: 'num', value: 2 } };
        const and = (a: Expr, b: Expr): Expr => ({ kind: 'binary', op: '&&', left: a, right: b });
        return this.node({
          kind: 'call',
          fn: 'piecewise',
          args: [
            at, gt(x, zero),
            { kind: 'binary', op: '+', left: at, right: pi }, and(lt(x, zero), { kind: 'binary', op: '>=', left: y, right: zero }),
            { kind: 'binary', op: '-', left: at, right: pi }, and(lt(x, zero), lt(y, zero)),
            halfPi, gt(y, zero),
            { kind: 'unary', op: '-', arg: halfPi }, lt(y, zero),
            zero,
          ],
        });
      }
      case 'piecewise': {
        if (n < 1) this.fail(e, 'piecewise() needs at least one argument');
        const kids: XNode[] = [];
        for (let i = 0; i + 1 < n; i += 2) kids.push(xel('piece', [], [num(i), this.write(args[i + 1]!, 'bool')]));
        kids.push(xel('otherwise', [], [n % 2 === 1 ? num(n - 1) : cn(NaN)]));
        return xel('piecewise', [], kids);
      }
      case 'delay':
        arity(2, 2);
        return xel('apply', [], [csymbol(CSYMBOL_DELAY, 'delay'), num(0), num(1)]);
      case 'rateOf':
        arity(1, 1);
        return xel('apply', [], [csymbol(CSYMBOL_RATE_OF, 'rateOf'), this.write(args[0]!, 'any')]);
      default:
        return this.fail(e, `'${fn}' is neither an ExoSim built-in with an SBML MathML equivalent nor a function definition of the model`);
    }
  }
}

const zero: Expr = { kind: 'num', value: 0 };
const gt = (a: Expr, b: Expr): Expr => ({ kind: 'binary', op: '>', left: a, right: b });
const lt = (a: Expr, b: Expr): Expr => ({ kind: 'binary', op: '<', left: a, right: b });

/** `<math xmlns="http://www.w3.org/1998/Math/MathML">` holding `e`; `want` is the type SBML expects there. */
export function exprToMathml(e: Expr, ctx: MathmlWriteContext, want: 'num' | 'bool' | 'any' = 'num'): XNode {
  return xel('math', [['xmlns', MATHML_NS]], [new Writer(ctx).write(e, want)]);
}

/** `<math><lambda><bvar><ci>x</ci></bvar>... body</lambda></math>` for a function definition. */
export function functionToMathml(def: FunctionDef, ctx: MathmlWriteContext): XNode {
  const locals = new Set(def.params);
  // Arguments keep their names (lambda scope); a dot is not valid in an SBML id, so map them like model ids.
  const w = new Writer({ ...ctx, mapId: (n) => (locals.has(n) ? n.replace(/\./g, '__') : ctx.mapId(n)) }, locals);
  const bvars = def.params.map((p) => xel('bvar', [], [xel('ci', [], [p.replace(/\./g, '__')])]));
  return xel('math', [['xmlns', MATHML_NS]], [xel('lambda', [], [...bvars, w.write(def.body, 'any')])]);
}
