/**
 * AST of ExoSim's restricted expression language (rate laws, rules, triggers, assignments).
 * This file is the contract between the expression package and its users (model validation, compiler).
 *
 * Syntax (infix, C-like precedence, `^` right-associative and binding tighter than unary minus: -2^2 = -4):
 *   numbers      1, 2.5, 1e-3, .5, inf, nan
 *   identifiers  k1, S_a, donor.dicer.kcat (dotted names of flattened modules), time (reserved: model time)
 *   constants    pi, avogadro, true, false
 *   operators    + - * / ^   < <= > >= == !=   && || !   (aliases: and, or, not)
 *   calls        f(a, b) for built-ins and user function definitions;
 *                piecewise(v1, c1, v2, c2, ..., otherwise) as in SBML/libSBML infix;
 *                delay(x, tau): x at time - tau (the compiler replaces it by a history lookup, src/compile/delay.ts).
 * Booleans are 1/0 in numeric contexts (SBML semantics).
 */

/** Character offsets [start, end) inside the expression source string. */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export type UnaryOp = '-' | '+' | '!';

export type Expr =
  | { kind: 'num'; value: number; span?: Span }
  | { kind: 'bool'; value: boolean; span?: Span }
  /** Identifier or named constant (`pi`, `avogadro`) or `time`. */
  | { kind: 'id'; name: string; span?: Span }
  | { kind: 'unary'; op: UnaryOp; arg: Expr; span?: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span?: Span }
  /** Built-in function, user-defined function, `piecewise`, `delay`. */
  | { kind: 'call'; fn: string; args: Expr[]; span?: Span };

/** A user function definition `f(x, y) = body` (SBML lambda). */
export interface FunctionDef {
  id: string;
  params: string[];
  body: Expr;
}

/** A problem found while parsing an expression: offsets are inside the expression string. */
export interface ExprIssue {
  code: 'E_EXPR_SYNTAX' | 'E_UNKNOWN_FUNCTION' | 'E_ARITY';
  message: string;
  span: Span;
  hint?: string;
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; issues: ExprIssue[] };

/**
 * Built-in functions with their arity (min, max; max = Infinity for variadic). Shared by the parser
 * (to report unknown functions), the printer, the differentiator, the code generator and the interpreter.
 */
export interface BuiltinInfo {
  minArgs: number;
  maxArgs: number;
}
