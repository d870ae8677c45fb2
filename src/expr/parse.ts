/**
 * Parser: source text -> Expr, with character-offset spans on every node and collected issues.
 * Method: hand-written lexer + precedence-climbing (Pratt) parser. Left-associative operators are parsed in a
 * loop, so a 5,000-term sum uses constant stack depth.
 *
 * Precedence, low -> high:
 *   1 `||` `or`   2 `&&` `and`   3 `==` `!=`   4 `<` `<=` `>` `>=`   5 `+` `-`   6 `*` `/`
 *   7 unary `-` `+` `!` `not`   8 `^` (right-assoc; exponent may carry unary signs: 2^-1)   9 calls, parentheses
 * so -2^2 = -(2^2) = -4 and a^b^c = a^(b^c).
 */
import { PREC } from './print.js';
import type { BinaryOp, Expr, ExprIssue, ParseResult, Span, UnaryOp } from './ast.js';
import { BUILTINS, KEYWORDS, NUMBER_WORDS } from './builtins.js';
import { binary, bool, call, id, num, unary } from './traverse.js';

export interface ParseOptions {
  /** Names of user-defined functions that may be called (in addition to built-ins). */
  functions?: ReadonlySet<string>;
  /** Optional parameter counts of user-defined functions, to report E_ARITY for them too. */
  functionArity?: ReadonlyMap<string, number>;
}

type TokKind = 'num' | 'id' | 'op' | 'eof';
interface Token {
  kind: TokKind;
  /** Operator text in canonical form (`and` -> `&&`), identifier name, or number source. */
  text: string;
  /** Source text as written. */
  raw: string;
  start: number;
  end: number;
  value?: number;
}

class SyntaxAbort extends Error {}


const TWO_CHAR_OPS = new Set(['<=', '>=', '==', '!=', '&&', '||', '**']);
const ONE_CHAR_OPS = new Set(['+', '-', '*', '/', '^', '<', '>', '!', '(', ')', ',', '=', '&', '|']);
const MAX_DEPTH = 1000;

function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdPart(c: string): boolean {
  return isIdStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Levenshtein edit distance (insert/delete/substitute, unit costs), O(|a|*|b|) time, O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `limit` candidates closest to `name` (case-insensitive edit distance <= max(2, |name|/3)), best first. */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lname = name.toLowerCase();
  const maxD = Math.max(2, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const d = editDistance(lname, c.toLowerCase());
    if (d <= maxD) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return scored.slice(0, limit).map((s) => s[0]);
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of expression';
    case 'num':
      return `number '${t.raw}'`;
    case 'id':
      return `identifier '${t.raw}'`;
    default:
      return `'${t.raw}'`;
  }
}

class Parser {
  private readonly toks: Token[] = [];
  private pos = 0;
  private depth = 0;
  readonly issues: ExprIssue[] = [];

  constructor(
    private readonly src: string,
    private readonly opts: ParseOptions,
  ) {}

  private syntax(message: string, span: Span, hint?: string): never {
    this.issues.push(hint ? { code: 'E_EXPR_SYNTAX', message, span, hint } : { code: 'E_EXPR_SYNTAX', message, span });
    throw new SyntaxAbort(message);
  }

  // ------------------------------------------------------------------------------------------- lexer

  lex(): void {
    const s = this.src;
    let i = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        i++;
        continue;
      }
      const start = i;
      if (isDigit(c) || (c === '.' && isDigit(s[i + 1] ?? ''))) {
        while (isDigit(s[i] ?? '')) i++;
        if (s[i] === '.') {
          i++;
          while (isDigit(s[i] ?? '')) i++;
        }
        if (s[i] === 'e' || s[i] === 'E') {
          let j = i + 1;
          if (s[j] === '+' || s[j] === '-') j++;
          if (!isDigit(s[j] ?? '')) {
            this.syntax(
              `malformed number '${s.slice(start, j)}': the exponent needs digits`,
              { start, end: j },
              'write e.g. 1e-3 or 2.5E6',
            );
          }
          while (isDigit(s[j] ?? '')) j++;
          i = j;
        }
        if (isIdStart(s[i] ?? '')) {
          let j = i;
          while (isIdPart(s[j] ?? '')) j++;
          this.syntax(
            `malformed number '${s.slice(start, j)}'`,
            { start, end: j },
            'identifiers cannot start with a digit; insert an operator such as * between a number and a name',
          );
        }
        const raw = s.slice(start, i);
        this.toks.push({ kind: 'num', text: raw, raw, start, end: i, value: Number(raw) });
        continue;
      }
      if (isIdStart(c)) {
        while (isIdPart(s[i] ?? '')) i++;
        // dotted names of flattened modules: a.b.c
        while (s[i] === '.' && isIdStart(s[i + 1] ?? '')) {
          i++;
          while (isIdPart(s[i] ?? '')) i++;
        }
        const raw = s.slice(start, i);
        if (raw === 'and') this.toks.push({ kind: 'op', text: '&&', raw, start, end: i });
        else if (raw === 'or') this.toks.push({ kind: 'op', text: '||', raw, start, end: i });
        else if (raw === 'not') this.toks.push({ kind: 'op', text: '!', raw, start, end: i });
        else this.toks.push({ kind: 'id', text: raw, raw, start, end: i });
        continue;
      }
      const two = s.slice(i, i + 2);
      if (TWO_CHAR_OPS.has(two)) {
        this.toks.push({ kind: 'op', text: two, raw: two, start, end: i + 2 });
        i += 2;
        continue;
      }
      if (ONE_CHAR_OPS.has(c)) {
        this.toks.push({ kind: 'op', text: c, raw: c, start, end: i + 1 });
        i++;
        continue;
      }
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      this.syntax(
        `unexpected character '${ch}' at column ${i + 1}`,
        { start: i, end: i + ch.length },
        ch === '.' ? 'a dot must join two name parts (a.b) or start a number (.5)' : 'expressions use numbers, names, + - * / ^, comparisons, && || ! and function calls',
      );
    }
    this.toks.push({ kind: 'eof', text: '', raw: '', start: s.length, end: s.length });
  }

  // ------------------------------------------------------------------------------------------- parser

  private peek(): Token {
    return this.toks[this.pos]!;
  }
  private next(): Token {
    const t = this.toks[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private isOp(t: Token, text: string): boolean {
    return t.kind === 'op' && t.text === text;
  }

  parseAll(): Expr {
    if (this.peek().kind === 'eof') {
      this.syntax('empty expression', { start: 0, end: this.src.length }, 'write a number, a name or a formula such as k1 * A');
    }
    const e = this.parseBinary(1);
    const t = this.peek();
    if (t.kind !== 'eof') this.unexpectedAfterOperand(t);
    return e;
  }

  /** An operand was complete and `t` cannot follow it. */
  private unexpectedAfterOperand(t: Token): never {
    if (this.isOp(t, ')')) {
      this.syntax(`unmatched ')' at column ${t.start + 1}`, { start: t.start, end: t.end }, "remove it or add the matching '('");
    }
    if (this.isOp(t, '=')) {
      this.syntax(`unexpected '=' at column ${t.start + 1}`, { start: t.start, end: t.end }, "use '==' to compare values");
    }
    if (this.isOp(t, ',')) {
      this.syntax(`unexpected ',' at column ${t.start + 1} outside a function call`, { start: t.start, end: t.end });
    }
    if (this.isOp(t, '&')) this.syntax(`unexpected '&' at column ${t.start + 1}`, { start: t.start, end: t.end }, "use '&&' or 'and'");
    if (this.isOp(t, '|')) this.syntax(`unexpected '|' at column ${t.start + 1}`, { start: t.start, end: t.end }, "use '||' or 'or'");
    if (this.isOp(t, '**')) this.syntax(`unexpected '**' at column ${t.start + 1}`, { start: t.start, end: t.end }, "use '^' for powers");
    this.syntax(
      `unexpected ${describe(t)} at column ${t.start + 1}: expected an operator`,
      { start: t.start, end: t.end },
      'insert an operator such as * or + between two operands',
    );
  }

  private parseBinary(minPrec: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return left;
      // One precedence table for parser and printer (print.ts); `^` is parsed separately (right-associative).
      const prec = t.text === '^' ? undefined : PREC[t.text];
      if (prec === undefined || prec < minPrec) return left;
      this.next();
      const right = this.parseBinary(prec + 1);
      left = binary(t.text as BinaryOp, left, right, { start: left.span!.start, end: right.span!.end });
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '!')) {
      this.next();
      this.enter(t);
      const arg = this.parseUnary();
      this.depth--;
      return unary(t.text as UnaryOp, arg, { start: t.start, end: arg.span!.end });
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    const t = this.peek();
    if (this.isOp(t, '^')) {
      this.next();
      this.enter(t);
      const exponent = this.parseUnary();
      this.depth--;
      return binary('^', base, exponent, { start: base.span!.start, end: exponent.span!.end });
    }
    if (this.isOp(t, '**')) this.syntax(`unexpected '**' at column ${t.start + 1}`, { start: t.start, end: t.end }, "use '^' for powers");
    return base;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) {
      this.syntax(`expression nested too deeply (more than ${MAX_DEPTH} levels) at column ${t.start + 1}`, { start: t.start, end: t.end });
    }
  }

  /** A token that cannot start an operand was found where an operand is needed. */
  private expectedOperand(t: Token): never {
    const prev = this.pos > 0 ? this.toks[this.pos - 1] : undefined;
    if (t.kind === 'eof' && prev && prev.kind === 'op' && prev.text !== ')') {
      this.syntax(
        `expected an operand after '${prev.raw}' at column ${prev.start + 1}, found end of expression`,
        { start: prev.start, end: prev.end },
        `complete the expression after '${prev.raw}' or remove it`,
      );
    }
    const after = prev && prev.kind === 'op' && prev.text !== ')' ? ` after '${prev.raw}'` : '';
    let hint: string | undefined;
    if (this.isOp(t, '=')) hint = "use '==' to compare values";
    else if (this.isOp(t, '**')) hint = "use '^' for powers";
    else if (this.isOp(t, ')')) hint = 'an operand is missing before the closing parenthesis';
    this.syntax(`expected an operand${after} but found ${describe(t)} at column ${t.start + 1}`, { start: t.start, end: t.end }, hint);
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (t.kind === 'num') {
      this.next();
      return num(t.value!, { start: t.start, end: t.end });
    }
    if (t.kind === 'id') {
      this.next();
      const span = { start: t.start, end: t.end };
      if (this.isOp(this.peek(), '(')) return this.parseCall(t);
      if (t.text === 'true') return bool(true, span);
      if (t.text === 'false') return bool(false, span);
      const nw = NUMBER_WORDS.get(t.text.toLowerCase());
      if (nw !== undefined) return num(nw, span);
      return id(t.text, span);
    }
    if (this.isOp(t, '(')) {
      this.next();
      this.enter(t);
      const inner = this.parseBinary(1);
      this.depth--;
      const close = this.peek();
      if (!this.isOp(close, ')')) this.expectClose(t, close, "'('");
      this.next();
      return inner;
    }
    return this.expectedOperand(t);
  }

  private expectClose(open: Token, found: Token, what: string): never {
    const hint = found.kind === 'eof' ? "add ')' at the end" : found.kind === 'op' && found.text !== ')' ? undefined : 'an operator may be missing';
    this.syntax(
      `expected ')' to close ${what} opened at column ${open.start + 1}, found ${describe(found)}`,
      found.kind === 'eof' ? { start: open.start, end: this.src.length } : { start: found.start, end: found.end },
      hint,
    );
  }

  private parseCall(name: Token): Expr {
    const open = this.next(); // '('
    this.enter(open);
    const fn = name.text;
    const nameSpan = { start: name.start, end: name.end };
    const args: Expr[] = [];
    if (!this.isOp(this.peek(), ')')) {
      for (;;) {
        const a = this.parseBinary(1);
        args.push(a);
        const t = this.peek();
        if (this.isOp(t, ',')) {
          this.next();
          continue;
        }
        if (this.isOp(t, ')')) break;
        this.expectClose(open, t, `the argument list of ${fn}(`);
      }
    }
    const close = this.next();
    this.depth--;
    const span = { start: name.start, end: close.end };
    this.checkCall(fn, args.length, nameSpan, span);
    return call(fn, args, span);
  }

  private checkCall(fn: string, nargs: number, nameSpan: Span, span: Span): void {
    const b = BUILTINS.get(fn);
    if (b) {
      if (nargs < b.minArgs || nargs > b.maxArgs) {
        const range =
          b.maxArgs === Infinity
            ? `at least ${b.minArgs} argument${b.minArgs === 1 ? '' : 's'}`
            : b.minArgs === b.maxArgs
              ? `${b.minArgs} argument${b.minArgs === 1 ? '' : 's'}`
              : b.maxArgs === b.minArgs + 1
                ? `${b.minArgs} or ${b.maxArgs} arguments`
                : `${b.minArgs} to ${b.maxArgs} arguments`;
        this.issues.push({
          code: 'E_ARITY',
          message: `${fn}() takes ${range} but was given ${nargs}`,
          span,
          hint: `call it as ${b.signature}`,
        });
      }
      return;
    }
    if (this.opts.functions?.has(fn)) {
      const n = this.opts.functionArity?.get(fn);
      if (n !== undefined && n !== nargs) {
        this.issues.push({
          code: 'E_ARITY',
          message: `${fn}() takes ${n} argument${n === 1 ? '' : 's'} but was given ${nargs}`,
          span,
          hint: `check the definition of function ${fn}`,
        });
      }
      return;
    }
    const known = [...BUILTINS.keys(), ...(this.opts.functions ?? [])];
    const close = closestNames(fn, known);
    const hint =
      close.length > 0
        ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?`
        : 'define it as a function of the model, or use a built-in such as exp, log, sqrt, min, max, piecewise';
    this.issues.push({ code: 'E_UNKNOWN_FUNCTION', message: `unknown function '${fn}'`, span: nameSpan, hint });
  }
}

/**
 * Parse an expression. Returns every issue found: unknown functions and wrong argument counts are collected
 * while parsing continues; the first syntax error stops parsing (reported together with the issues before it).
 */
export function parseExpression(src: string, opts: ParseOptions = {}): ParseResult {
  const p = new Parser(src, opts);
  let expr: Expr | undefined;
  try {
    p.lex();
    expr = p.parseAll();
  } catch (err) {
    if (err instanceof SyntaxAbort) {
      // issue already recorded
    } else if (err instanceof RangeError) {
      p.issues.push({ code: 'E_EXPR_SYNTAX', message: 'expression nested too deeply', span: { start: 0, end: src.length } });
    } else {
      throw err;
    }
  }
  if (p.issues.length > 0 || !expr) return { ok: false, issues: p.issues };
  return { ok: true, expr };
}

/** Keywords that can never be identifiers (re-exported for validators). */
export { KEYWORDS };
