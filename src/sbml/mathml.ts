/**
 * SBML MathML subset -> ExoSim expression AST (src/expr/ast.ts).
 *
 * Covers the MathML subset of SBML Level 2 and Level 3 (SBML L3V2 specification, section 3.4, including the
 * L3V2 additions max, min, rem, quotient, implies and the rateOf csymbol). Every produced tree uses only
 * operators and built-ins that `printExpression` prints and `evaluate` computes, except two calls that the
 * importer must handle itself:
 *   - `delay(x, tau)`: a built-in the parser knows, but the compiler/interpreter refuse it (no DDE support);
 *   - `rateOf(x)`: NOT an ExoSim built-in; it is returned as a call so the importer can decide (e.g. replace it
 *     by the right-hand side of x's rate equation). `parseExpression` rejects its printed form as an unknown
 *     function unless `rateOf` is declared as a function, and `evaluate` throws on it.
 *
 * Mapping of functions without an ExoSim built-in (equivalent expressions, argument x):
 *   log(x) (no logbase)  = log10(x)          (MathML default base 10; ExoSim `log(x)` is the natural log)
 *   log with logbase b   = log(b, x)         (log10 / log2 when b is the literal 10 / 2)
 *   root with degree n   = root(n, x)        (sqrt(x) when the degree is absent or the literal 2)
 *   ceiling              = ceil
 *   sech, csch, coth     = 1/cosh(x), 1/sinh(x), 1/tanh(x)
 *   arcsec, arccsc, arccot = acos(1/x), asin(1/x), atan(1/x)          (libSBML's convention)
 *   arcsech, arccsch, arccoth = acosh(1/x), asinh(1/x), atanh(1/x)
 *   exponentiale         = 2.718281828459045 (Math.E)
 *   quotient(a, b)       = trunc(a/b),  trunc(y) = sign(y) * floor(abs(y))
 *   rem(a, b)            = a - b * trunc(a/b)
 *     (MathML 2.0 section 4.4.3: a = b*q + r with |r| < |b| and a*r >= 0, i.e. truncation toward zero;
 *      rem has the sign of a, like C's fmod)
 *   implies(a, b)        = !a || b
 *   xor(a, b, c, ...)    = ((a != b) != c) ...  on 0/1 values (non-boolean operands are normalised with !!)
 *   eq/lt/... (a, b, c)  = a op b && b op c          (n-ary relational chains; 0 or 1 operand -> true)
 *   plus() = 0, times() = 1, and() = true, or() = false, xor() = false   (empty n-ary operators)
 * Identifiers: csymbol time -> id `time`, pi -> id `pi`; csymbol avogadro -> the number 6.02214179e23 (SBML's
 * value, see SBML_AVOGADRO; not ExoSim's `avogadro`).
 * The `sbml:units` attribute of cn is ignored (units do not change the value).
 */
import type { Expr, FunctionDef } from '../expr/ast.js';
import { binary, bool, call, id, num, unary } from '../expr/traverse.js';
import { isBooleanValued } from '../expr/simplify.js';
import { isReservedName } from '../expr/builtins.js';
import { diag, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { XmlElement } from './xml.js';

export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

export const CSYMBOL_TIME = 'http://www.sbml.org/sbml/symbols/time';
export const CSYMBOL_DELAY = 'http://www.sbml.org/sbml/symbols/delay';
export const CSYMBOL_AVOGADRO = 'http://www.sbml.org/sbml/symbols/avogadro';
export const CSYMBOL_RATE_OF = 'http://www.sbml.org/sbml/symbols/rateOf';

/**
 * SBML's value of the avogadro csymbol, mol^-1: 6.02214179e23 (CODATA 2006), fixed by the SBML Level 3
 * specification (L3V1/L3V2 section 3.4.6) and checked by SBML Test Suite case 01323. It differs from ExoSim's
 * `avogadro` constant (6.02214076e23, SI 2019) in the 7th digit, so the csymbol becomes this literal, not the
 * identifier `avogadro`.
 */
export const SBML_AVOGADRO = 6.02214179e23;

export interface MathmlContext {
  /** File name for diagnostics. */
  file?: string;
  /**
   * Renames SBML identifiers (ci names, user function names, lambda parameters) into ExoSim names. Importers
   * need it for SBML ids that are ExoSim reserved words: e.g. a parameter `pi`, `time`, `inf` or `exp`
   * (SBML Test Suite cases 01811-01821) would otherwise read as the constant pi, model time, Infinity or the
   * built-in. Without it such ids are kept as they are and a W_MATHML_RESERVED_ID warning is given.
   */
  mapId?: (sbmlId: string) => string;
}

export interface MathmlResult {
  expr?: Expr;
  diagnostics: Diagnostic[];
}

/** MathML function elements that map 1:1 onto a one-argument ExoSim built-in. */
const UNARY_BUILTIN: ReadonlyMap<string, string> = new Map([
  ['abs', 'abs'],
  ['exp', 'exp'],
  ['ln', 'ln'],
  ['floor', 'floor'],
  ['ceiling', 'ceil'],
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
  ['arcsin', 'asin'],
  ['arccos', 'acos'],
  ['arctan', 'atan'],
  ['arcsinh', 'asinh'],
  ['arccosh', 'acosh'],
  ['arctanh', 'atanh'],
]);

/** f(x) = 1 / g(x). */
const RECIPROCAL_OF: ReadonlyMap<string, string> = new Map([
  ['sech', 'cosh'],
  ['csch', 'sinh'],
  ['coth', 'tanh'],
]);

/** f(x) = g(1 / x). */
const OF_RECIPROCAL: ReadonlyMap<string, string> = new Map([
  ['arcsec', 'acos'],
  ['arccsc', 'asin'],
  ['arccot', 'atan'],
  ['arcsech', 'acosh'],
  ['arccsch', 'asinh'],
  ['arccoth', 'atanh'],
]);

const RELATIONAL: ReadonlyMap<string, '==' | '<' | '>' | '<=' | '>='> = new Map([
  ['eq', '=='],
  ['lt', '<'],
  ['gt', '>'],
  ['leq', '<='],
  ['geq', '>='],
]);

/** Qualifier elements of <apply> (not operands). */
const QUALIFIERS = new Set(['bvar', 'degree', 'logbase', 'lowlimit', 'uplimit', 'condition', 'domainofapplication']);

/** Elements ignored wherever they appear as children (annotations). */
const IGNORED = new Set(['annotation', 'annotation-xml']);

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseDecimal(s: string): number | undefined {
  const t = s.trim();
  if (DECIMAL.test(t)) return Number(t);
  const w = t.toLowerCase();
  if (w === 'inf' || w === 'infinity' || w === '+inf' || w === '+infinity') return Infinity;
  if (w === '-inf' || w === '-infinity') return -Infinity;
  if (w === 'nan' || w === 'notanumber') return NaN;
  return undefined;
}

/**
 * A numeric literal as the expression parser would produce it: negative values become unary minus of a
 * non-negative literal, so printExpression/parseExpression round-trip the tree exactly (see print.ts).
 */
function literal(v: number): Expr {
  return v < 0 || Object.is(v, -0) ? unary('-', num(-v)) : num(v);
}

/** Children that are not annotations; `el.children` itself when none is (the result is never modified). */
function elementChildren(el: XmlElement): XmlElement[] {
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    if (IGNORED.has(children[i]!.name)) return children.filter((c) => !IGNORED.has(c.name));
  }
  return children;
}

/** The two numbers of `<cn type="e-notation|rational">a<sep/>b</cn>`, or undefined. */
function cnParts(el: XmlElement): [string, string] | undefined {
  const seps = el.children.filter((c) => c.name === 'sep');
  if (seps.length !== 1 || el.children.length !== 1 || !el.segments) return undefined;
  return [el.segments[0]!, el.segments[1]!];
}

/** Left-associative chain a op b op c ... (n >= 1). */
function chain(op: Parameters<typeof binary>[0], args: Expr[]): Expr {
  let e = args[0]!;
  for (let i = 1; i < args.length; i++) e = binary(op, e, args[i]!);
  return e;
}

/** trunc(y) = sign(y) * floor(abs(y)): rounds toward zero. */
function trunc(y: Expr): Expr {
  return binary('*', call('sign', [y]), call('floor', [call('abs', [y])]));
}

/** 0/1 value of a condition (NaN is false, as in conditions). */
function asBoolean(e: Expr): Expr {
  return isBooleanValued(e) ? e : unary('!', unary('!', e));
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly ctx: MathmlContext) {}

  error(code: string, message: string, el: XmlElement, hint?: string): undefined {
    const extra: Partial<Diagnostic> = { line: el.line };
    if (this.ctx.file !== undefined) extra.file = this.ctx.file;
    if (el.column !== undefined) extra.column = el.column;
    if (hint !== undefined) extra.hint = hint;
    this.diagnostics.push(diag(code, message, extra));
    return undefined;
  }

  /** An SBML identifier as an ExoSim name (see MathmlContext.mapId). */
  name(raw: string, el: XmlElement): string {
    if (this.ctx.mapId) return this.ctx.mapId(raw);
    if (isReservedName(raw)) {
      this.error(
        'W_MATHML_RESERVED_ID',
        `SBML identifier '${raw}' at line ${el.line} is an ExoSim reserved word (constant, keyword or built-in)`,
        el,
        'the importer must rename it (MathmlContext.mapId)',
      );
    }
    return raw;
  }

  unsupported(el: XmlElement, what = `<${el.name}>`): undefined {
    return this.error(
      'E_MATHML_UNSUPPORTED',
      `MathML element ${what} at line ${el.line} is not supported`,
      el,
      'SBML MathML subset: see SBML L3V2 section 3.4',
    );
  }

  /** `<math>` (or any MathML element): the expression it holds. */
  top(el: XmlElement): Expr | undefined {
    if (el.name !== 'math') return this.expr(el);
    const kids = elementChildren(el);
    if (kids.length !== 1) {
      return this.error('E_MATHML_SYNTAX', `<math> at line ${el.line} must hold exactly one expression, found ${kids.length}`, el);
    }
    return this.expr(kids[0]!);
  }

  expr(el: XmlElement): Expr | undefined {
    switch (el.name) {
      case 'cn':
        return this.cn(el);
      case 'ci': {
        const name = el.text.trim();
        if (name === '') return this.error('E_MATHML_SYNTAX', `empty <ci> at line ${el.line}`, el);
        return id(this.name(name, el));
      }
      case 'csymbol':
        return this.csymbol(el);
      case 'true':
        return bool(true);
      case 'false':
        return bool(false);
      case 'pi':
        return id('pi');
      case 'exponentiale':
        return num(Math.E);
      case 'infinity':
        return num(Infinity);
      case 'notanumber':
        return num(NaN);
      case 'apply':
        return this.apply(el);
      case 'piecewise':
        return this.piecewise(el);
      case 'semantics': {
        const first = elementChildren(el)[0];
        if (!first) return this.error('E_MATHML_SYNTAX', `empty <semantics> at line ${el.line}`, el);
        return this.expr(first);
      }
      default:
        return this.unsupported(el);
    }
  }

  cn(el: XmlElement): Expr | undefined {
    const type = (el.attrs['type'] ?? 'real').trim();
    const base = el.attrs['base'] !== undefined ? Number(el.attrs['base']) : 10;
    switch (type) {
      case 'integer':
      case 'real': {
        if (el.children.length > 0) return this.badNumber(el, type, el.text);
        if (base !== 10) {
          if (type !== 'integer' || !Number.isInteger(base) || base < 2 || base > 36) {
            return this.unsupported(el, `<cn base="${el.attrs['base']}" type="${type}">`);
          }
          const t = el.text.trim();
          const v = parseInt(t, base);
          if (Number.isNaN(v) || v.toString(base) !== t.toLowerCase().replace(/^\+/, '')) return this.badNumber(el, type, t);
          return literal(v);
        }
        const v = parseDecimal(el.text);
        return v === undefined ? this.badNumber(el, type, el.text) : literal(v);
      }
      case 'e-notation':
      case 'rational': {
        const p = cnParts(el);
        if (!p) {
          return this.error('E_MATHML_SYNTAX', `<cn type="${type}"> at line ${el.line} must be two numbers separated by <sep/>`, el);
        }
        const a = parseDecimal(p[0]);
        const b = parseDecimal(p[1]);
        if (a === undefined || b === undefined) return this.badNumber(el, type, `${p[0].trim()} <sep/> ${p[1].trim()}`);
        // e-notation: mantissa * 10^exponent, parsed as one literal so the value is correctly rounded
        if (type === 'e-notation') return literal(Number(`${p[0].trim()}e${p[1].trim()}`));
        return literal(a / b);
      }
      default:
        return this.unsupported(el, `<cn type="${type}">`);
    }
  }

  badNumber(el: XmlElement, type: string, text: string): undefined {
    return this.error('E_MATHML_BAD_NUMBER', `<cn type="${type}"> at line ${el.line} holds '${text.trim()}', not a number`, el);
  }

  csymbol(el: XmlElement): Expr | undefined {
    const url = (el.attrs['definitionURL'] ?? '').trim();
    if (url === CSYMBOL_TIME) return id('time');
    if (url === CSYMBOL_AVOGADRO) return num(SBML_AVOGADRO);
    if (url === CSYMBOL_DELAY || url === CSYMBOL_RATE_OF) {
      return this.error('E_MATHML_SYNTAX', `<csymbol> ${url} at line ${el.line} must be the first child of an <apply>`, el);
    }
    return this.unsupported(el, `<csymbol definitionURL="${url}">`);
  }

  piecewise(el: XmlElement): Expr | undefined {
    const args: Expr[] = [];
    let otherwise: Expr | undefined;
    let ok = true;
    for (const c of elementChildren(el)) {
      if (c.name === 'piece') {
        const kids = elementChildren(c);
        if (kids.length !== 2) {
          this.error('E_MATHML_SYNTAX', `<piece> at line ${c.line} must hold a value and a condition, found ${kids.length} elements`, c);
          ok = false;
          continue;
        }
        const v = this.expr(kids[0]!);
        const cond = this.expr(kids[1]!);
        if (!v || !cond) ok = false;
        else args.push(v, cond);
      } else if (c.name === 'otherwise') {
        const kids = elementChildren(c);
        if (kids.length !== 1 || otherwise) {
          this.error('E_MATHML_SYNTAX', `<otherwise> at line ${c.line} must hold one expression and appear once`, c);
          ok = false;
          continue;
        }
        const v = this.expr(kids[0]!);
        if (!v) ok = false;
        else otherwise = v;
      } else {
        this.unsupported(c, `<${c.name}> inside <piecewise>`);
        ok = false;
      }
    }
    if (!ok) return undefined;
    if (otherwise) args.push(otherwise);
    // an empty piecewise has no value: NaN (as piecewise with no true condition and no otherwise)
    if (args.length === 0) return num(NaN);
    return call('piecewise', args);
  }

  apply(el: XmlElement): Expr | undefined {
    const kids = elementChildren(el);
    const head = kids[0];
    if (!head) return this.error('E_MATHML_SYNTAX', `empty <apply> at line ${el.line}`, el);
    // qualifiers (rare: created only when present) and operands; no closures per <apply> (cold reads)
    // operandEls: undefined while every child after the head is an operand
    let quals: Map<string, XmlElement> | undefined;
    let operandEls: XmlElement[] | undefined;
    for (let i = 1; i < kids.length; i++) {
      const k = kids[i]!;
      if (QUALIFIERS.has(k.name)) {
        if (quals === undefined) {
          quals = new Map();
          operandEls = kids.slice(1, i);
        }
        quals.set(k.name, k);
      } else if (operandEls !== undefined) operandEls.push(k);
    }
    if (quals !== undefined) {
      for (const [name, q] of quals) {
        const allowed = (name === 'degree' && head.name === 'root') || (name === 'logbase' && head.name === 'log');
        if (!allowed) return this.unsupported(q, `<${name}> in <apply><${head.name}/>`);
      }
    }
    const args: Expr[] = [];
    let ok = true;
    if (operandEls === undefined) {
      for (let i = 1; i < kids.length; i++) {
        const e = this.expr(kids[i]!);
        if (e) args.push(e);
        else ok = false;
      }
    } else {
      for (const o of operandEls) {
        const e = this.expr(o);
        if (e) args.push(e);
        else ok = false;
      }
    }
    if (!ok) return undefined;
    const n = args.length;
    const name = head.name;

    if (name === 'ci') {
      const fn = head.text.trim();
      if (fn === '') return this.error('E_MATHML_SYNTAX', `empty <ci> at line ${head.line}`, head);
      return call(this.name(fn, head), args);
    }
    if (name === 'csymbol') {
      const url = (head.attrs['definitionURL'] ?? '').trim();
      if (url === CSYMBOL_DELAY) return this.arity(n, 2, 2, head) ? call('delay', args) : undefined;
      if (url === CSYMBOL_RATE_OF) return this.arity(n, 1, 1, head) ? call('rateOf', args) : undefined;
      return this.unsupported(head, `<csymbol definitionURL="${url}"> as a function`);
    }
    if (head.children.length > 0) {
      // a compound head (e.g. an inline <lambda>) is outside the SBML subset
      return this.unsupported(head, `<${name}> as the head of <apply>`);
    }

    const builtin = UNARY_BUILTIN.get(name);
    if (builtin !== undefined) return this.arity(n, 1, 1, head) ? call(builtin, args) : undefined;
    const recipOf = RECIPROCAL_OF.get(name);
    if (recipOf !== undefined) return this.arity(n, 1, 1, head) ? binary('/', num(1), call(recipOf, args)) : undefined;
    const ofRecip = OF_RECIPROCAL.get(name);
    if (ofRecip !== undefined) return this.arity(n, 1, 1, head) ? call(ofRecip, [binary('/', num(1), args[0]!)]) : undefined;
    const rel = RELATIONAL.get(name);
    if (rel !== undefined) {
      if (n < 2) return bool(true);
      const pairs: Expr[] = [];
      for (let i = 0; i + 1 < n; i++) pairs.push(binary(rel, args[i]!, args[i + 1]!));
      return chain('&&', pairs);
    }

    switch (name) {
      case 'plus':
        return n === 0 ? num(0) : chain('+', args);
      case 'times':
        return n === 0 ? num(1) : chain('*', args);
      case 'minus':
        if (!this.arity(n, 1, 2, head)) return undefined;
        return n === 1 ? unary('-', args[0]!) : binary('-', args[0]!, args[1]!);
      case 'divide':
        return this.arity(n, 2, 2, head) ? binary('/', args[0]!, args[1]!) : undefined;
      case 'power':
        return this.arity(n, 2, 2, head) ? binary('^', args[0]!, args[1]!) : undefined;
      case 'root': {
        if (!this.arity(n, 1, 1, head)) return undefined;
        const deg = quals?.get('degree');
        if (!deg) return call('sqrt', args);
        const d = this.qualifierValue(deg);
        if (!d) return undefined;
        return d.kind === 'num' && d.value === 2 ? call('sqrt', args) : call('root', [d, args[0]!]);
      }
      case 'log': {
        if (!this.arity(n, 1, 1, head)) return undefined;
        const lb = quals?.get('logbase');
        if (!lb) return call('log10', args);
        const b = this.qualifierValue(lb);
        if (!b) return undefined;
        if (b.kind === 'num' && b.value === 10) return call('log10', args);
        if (b.kind === 'num' && b.value === 2) return call('log2', args);
        return call('log', [b, args[0]!]);
      }
      case 'max':
      case 'min':
        return this.arity(n, 1, Infinity, head) ? call(name, args) : undefined;
      case 'quotient':
        return this.arity(n, 2, 2, head) ? trunc(binary('/', args[0]!, args[1]!)) : undefined;
      case 'rem':
        return this.arity(n, 2, 2, head) ? binary('-', args[0]!, binary('*', args[1]!, trunc(binary('/', args[0]!, args[1]!)))) : undefined;
      case 'neq':
        return this.arity(n, 2, 2, head) ? binary('!=', args[0]!, args[1]!) : undefined;
      case 'and':
        return n === 0 ? bool(true) : chain('&&', args);
      case 'or':
        return n === 0 ? bool(false) : chain('||', args);
      case 'xor':
        return n === 0 ? bool(false) : chain('!=', args.map(asBoolean));
      case 'not':
        return this.arity(n, 1, 1, head) ? unary('!', args[0]!) : undefined;
      case 'implies':
        return this.arity(n, 2, 2, head) ? binary('||', unary('!', args[0]!), args[1]!) : undefined;
      default:
        return this.unsupported(head, `<apply><${name}/>`);
    }
  }

  /** Whether `n` arguments fit the operator `head` (E_MATHML_ARITY otherwise). */
  arity(n: number, min: number, max: number, head: XmlElement): boolean {
    if (n >= min && n <= max) return true;
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    this.error('E_MATHML_ARITY', `<${head.name}> at line ${head.line} takes ${want} argument(s), found ${n}`, head);
    return false;
  }

  /** The single expression inside <degree> or <logbase>. */
  qualifierValue(q: XmlElement): Expr | undefined {
    const kids = elementChildren(q);
    if (kids.length !== 1) return this.error('E_MATHML_SYNTAX', `<${q.name}> at line ${q.line} must hold one expression`, q);
    return this.expr(kids[0]!);
  }
}

/** Convert a `<math>` element (or any MathML expression element) into an expression. */
export function mathmlToExpr(math: XmlElement, ctx: MathmlContext = {}): MathmlResult {
  const c = new Converter(ctx);
  const expr = c.top(math);
  return expr && !hasErrors(c.diagnostics) ? { expr, diagnostics: c.diagnostics } : { diagnostics: c.diagnostics };
}

/**
 * Convert an SBML function definition's `<math><lambda><bvar><ci>x</ci></bvar>... body</lambda></math>`
 * (a `<semantics>` wrapper is allowed) into a FunctionDef.
 */
export function lambdaToFunctionDef(
  id: string,
  math: XmlElement,
  ctx: MathmlContext = {},
): { def?: FunctionDef; diagnostics: Diagnostic[] } {
  const c = new Converter(ctx);
  let el: XmlElement | undefined = math;
  if (el.name === 'math') {
    const kids = elementChildren(el);
    el = kids.length === 1 ? kids[0] : undefined;
  }
  while (el && el.name === 'semantics') el = elementChildren(el)[0];
  if (!el || el.name !== 'lambda') {
    c.error('E_MATHML_SYNTAX', `function definition '${id}' at line ${math.line} must hold one <lambda>`, math);
    return { diagnostics: c.diagnostics };
  }
  const kids = elementChildren(el);
  const params: string[] = [];
  let ok = true;
  const bodies: XmlElement[] = [];
  for (const k of kids) {
    if (k.name !== 'bvar') {
      bodies.push(k);
      continue;
    }
    const ci = elementChildren(k);
    const name = ci.length === 1 && ci[0]!.name === 'ci' ? ci[0]!.text.trim() : '';
    if (name === '') {
      c.error('E_MATHML_SYNTAX', `<bvar> at line ${k.line} of function '${id}' must hold one <ci> name`, k);
      ok = false;
    } else if (params.includes(name)) {
      c.error('E_MATHML_SYNTAX', `function '${id}' declares parameter '${name}' twice (line ${k.line})`, k);
      ok = false;
    } else {
      params.push(c.name(name, ci[0]!));
    }
  }
  if (bodies.length !== 1) {
    c.error('E_MATHML_SYNTAX', `<lambda> of function '${id}' at line ${el.line} must hold exactly one body expression after its <bvar>s, found ${bodies.length}`, el);
    return { diagnostics: c.diagnostics };
  }
  const body = c.expr(bodies[0]!);
  if (!ok || !body || hasErrors(c.diagnostics)) return { diagnostics: c.diagnostics };
  return { def: { id, params, body }, diagnostics: c.diagnostics };
}

/** One `<math>` element of an SBML document with the element that holds it. */
export interface MathSite {
  math: XmlElement;
  /** Element holding the `<math>` (kineticLaw, assignmentRule, trigger, functionDefinition, ...). */
  parent: XmlElement;
  /** Local names from the root to the parent, e.g. `sbml/model/listOfReactions/reaction/kineticLaw`. */
  path: string;
}

/** Every `<math>` element below `root` (document order; does not look inside `<math>`). */
export function collectMath(root: XmlElement): MathSite[] {
  const out: MathSite[] = [];
  const todo: { el: XmlElement; path: string }[] = [{ el: root, path: root.name }];
  while (todo.length > 0) {
    const { el, path } = todo.pop()!;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (c.name === 'math') continue;
      todo.push({ el: c, path: `${path}/${c.name}` });
    }
    // push order above is reversed, so record this element's maths before its descendants' are visited
    for (const c of el.children) if (c.name === 'math') out.push({ math: c, parent: el, path });
  }
  return out;
}

/**
 * Convert one math site: a functionDefinition's lambda gives `def`, anything else `expr`.
 * (Convenience for importers and the corpus tests.)
 */
export function convertMathSite(site: MathSite, ctx: MathmlContext = {}): { expr?: Expr; def?: FunctionDef; diagnostics: Diagnostic[] } {
  if (site.parent.name === 'functionDefinition') {
    const raw = site.parent.attrs['id'] ?? '';
    return lambdaToFunctionDef(ctx.mapId ? ctx.mapId(raw) : raw, site.math, ctx);
  }
  return mathmlToExpr(site.math, ctx);
}
