/**
 * Code-generation helpers shared by the compiler (compile.ts) and the event compiler (events.ts):
 * the symbol table (how each model identifier's *symbol value* is computed in generated JavaScript),
 * dependency-ordered emission of `const` locals, JS identifier naming, and small AST builders.
 *
 * Symbol values follow SBML semantics:
 *   species (not hasOnlySubstanceUnits)  -> concentration = amount / compartment size
 *   species (hasOnlySubstanceUnits)      -> amount
 *   compartment                          -> size
 *   parameter                            -> value
 *   time                                 -> t
 * All numbers are in the model's base units (FlatModel convention).
 */
import type { Expr } from '../expr/ast.js';
import { CONSTANTS, TIME } from '../expr/builtins.js';
import { ExosimError, diag } from '../diagnostics.js';
import { generateJs } from '../expr/codegen.js';
import { slotCode, type KernelIR, type Stmt } from './interpret.js';

/** How one model symbol is computed in generated code. */
export interface SymbolDef {
  id: string;
  /** Symbols this one is computed from (must be emitted before it). */
  deps: readonly string[];
  /** The value as an expression over model symbols (its deps) and slot identifiers (`$y<i>` = y[i],
   * `$p<i>` = p[i]; see slotCode in interpret.ts). Both back ends (JavaScript source, interpreter) read it. */
  expr: Expr;
  /** Short description for the generated comment. */
  note: string;
}

/** Turn a model id (possibly dotted) into a readable, unique JS identifier (prefix avoids keywords/clashes). */
export function makeJsNames(ids: Iterable<string>, prefix = 'v_'): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    const base = prefix + id.replace(/[^A-Za-z0-9_$]/g, '_');
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    out.set(id, name);
  }
  return out;
}

/** JS source for a finite or non-finite number literal. */
export function jsNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  const s = String(v);
  return v < 0 ? `(${s})` : s;
}

/** Resolver for names that are not model symbols: `time` and named constants. */
export function builtinName(name: string): string | undefined {
  if (name === TIME) return 't';
  const c = CONSTANTS.get(name);
  if (c !== undefined) return jsNumber(c);
  return undefined;
}

/**
 * Emits `const` locals for the closure of `needed` under `defs` dependencies, in dependency order
 * (depth-first post-order, deterministic: follows the order of `needed` and of each def's deps).
 * Throws ExosimError E_RULE_CYCLE on a dependency cycle.
 */
export class LocalEmitter {
  readonly lines: string[] = [];
  /** Emitted symbols in emission (dependency) order: the locals of the interpreted kernel. */
  readonly order: string[] = [];
  private readonly emitted = new Set<string>();
  private readonly onStack = new Set<string>();

  constructor(
    private readonly defs: ReadonlyMap<string, SymbolDef>,
    private readonly names: ReadonlyMap<string, string>,
    private readonly indent = '    ',
    private readonly comments = true,
  ) {}

  resolve = (name: string): string => {
    const b = builtinName(name);
    if (b !== undefined) return b;
    const n = this.names.get(name);
    if (n === undefined || !this.defs.has(name)) {
      throw new ExosimError([diag('E_UNKNOWN_SYMBOL', `Unknown symbol '${name}' in a model expression.`, { hint: 'Declare it as a species, compartment or parameter.' })]);
    }
    return n;
  };

  /** Ensure `name` (and its dependencies) are emitted; no-op for `time`/constants. */
  need(name: string): void {
    if (builtinName(name) !== undefined || this.emitted.has(name)) return;
    const def = this.defs.get(name);
    if (!def) this.resolve(name); // throws
    if (!def) return;
    if (this.onStack.has(name)) {
      throw new ExosimError([
        diag('E_RULE_CYCLE', `Assignment rules form a cycle through '${name}': ${[...this.onStack, name].join(' -> ')}.`, {
          hint: 'Break the cycle: an assignment rule may not depend on itself, directly or through other rules.',
        }),
      ]);
    }
    this.onStack.add(name);
    for (const d of def.deps) this.need(d);
    this.onStack.delete(name);
    this.emitted.add(name);
    this.order.push(name);
    const code = generateJs(def.expr, (x) => slotCode(x) ?? this.resolve(x));
    const line = `${this.indent}const ${this.names.get(name)!} = ${code};`;
    this.lines.push(this.comments ? `${line} // ${name}: ${def.note}` : line);
  }

  needAll(names: Iterable<string>): void {
    for (const n of names) this.need(n);
  }

  /** The emitted locals with their value expressions, in emission order (read when the kernel is built). */
  locals = (): { name: string; expr: Expr }[] => this.order.map((name) => ({ name, expr: this.defs.get(name)!.expr }));

  /** Kernel description for the interpreter: this emitter's locals plus `stmts`. */
  kernel(stmts: Stmt[]): KernelIR {
    return { locals: this.locals, stmts };
  }
}

// ------------------------------------------------------------------------------------------ AST helpers

export const RELATIONAL = new Set(['<', '<=', '>', '>=', '==', '!=']);

export function isRelational(e: Expr): e is Extract<Expr, { kind: 'binary' }> {
  return e.kind === 'binary' && RELATIONAL.has(e.op);
}

/** True if `e` calls `fn` anywhere. */
export function callsFunction(e: Expr, fn: string): boolean {
  switch (e.kind) {
    case 'num':
    case 'bool':
    case 'id':
      return false;
    case 'unary':
      return callsFunction(e.arg, fn);
    case 'binary':
      return callsFunction(e.left, fn) || callsFunction(e.right, fn);
    case 'call':
      return e.fn === fn || e.args.some((a) => callsFunction(a, fn));
  }
}

/** True if the expression is the literal number 0 (after simplification). */
export function isZero(e: Expr): boolean {
  return e.kind === 'num' && e.value === 0;
}
