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
/** Shared work stack of LocalEmitter.needIn (restored to its length on exit, so re-entrant calls are safe). */
const NEED_STACK: Expr[] = [];

export class LocalEmitter {
  readonly lines: string[] = [];
  /** Emitted symbols in emission (dependency) order: the locals of the interpreted kernel. */
  readonly order: string[] = [];
  private readonly emitted = new Set<string>();
  private readonly onStack = new Set<string>();

  /**
   * @param inline symbols for which no local is emitted: their value is written where used instead. Only for
   *   symbols whose value is a plain slot (`$p3` -> `p[3]`, `$y5` -> `y[5]`): a typed-array load, the same value
   *   as the local would hold (see emitChunk, which inlines slot symbols used once).
   */
  constructor(
    private readonly defs: ReadonlyMap<string, SymbolDef>,
    private readonly names: ReadonlyMap<string, string>,
    private readonly indent = '    ',
    private readonly comments = true,
    private readonly inline?: (name: string) => boolean,
    /** false: record the locals (order, for the interpreter's KernelIR) without generating their source lines. */
    private readonly source = true,
  ) {}

  /** An emitter for a KernelIR only (interpreter back end): the same checks and local order, no source lines. */
  static irOnly(defs: ReadonlyMap<string, SymbolDef>, names: ReadonlyMap<string, string>): LocalEmitter {
    return new LocalEmitter(defs, names, '    ', true, undefined, false);
  }

  resolve = (name: string): string => {
    const b = builtinName(name);
    if (b !== undefined) return b;
    const slot = slotCode(name);
    if (slot !== undefined) return slot;
    if (this.inline?.(name)) {
      const e = this.defs.get(name)?.expr;
      const code = e && e.kind === 'id' ? slotCode(e.name) : undefined;
      if (code !== undefined) return code;
    }
    const n = this.names.get(name);
    if (n === undefined || !this.defs.has(name)) {
      throw new ExosimError([diag('E_UNKNOWN_SYMBOL', `Unknown symbol '${name}' in a model expression.`, { hint: 'Declare it as a species, compartment or parameter.' })]);
    }
    return n;
  };

  /** Ensure `name` (and its dependencies) are emitted; no-op for `time`/constants. */
  need(name: string): void {
    if (this.emitted.has(name) || builtinName(name) !== undefined || slotCode(name) !== undefined) return;
    const def = this.defs.get(name);
    if (this.inline?.(name) && isSlotDef(def)) return;
    if (!def) {
      this.resolve(name); // throws
      return;
    }
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
    if (!this.source) return;
    const line = `${this.indent}const ${this.names.get(name)!} = ${generateJs(def.expr, this.resolve)};`;
    this.lines.push(this.comments ? `${line} // ${name}: ${def.note}` : line);
  }

  /** Calls need(name) for every identifier of `e`, in pre-order (the order of collectIdentifiers(e)). */
  needIn(e: Expr): void {
    const stack = NEED_STACK;
    const base = stack.length;
    stack.push(e);
    try {
      while (stack.length > base) {
        const x = stack.pop()!;
        switch (x.kind) {
          case 'id':
            this.need(x.name);
            break;
          case 'unary':
            stack.push(x.arg);
            break;
          case 'binary':
            stack.push(x.right, x.left);
            break;
          case 'call':
            for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
            break;
          default:
            break;
        }
      }
    } finally {
      stack.length = base;
    }
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

// ------------------------------------------------------------------------------------------ chunked kernels
//
// V8 optimises a function (TurboFan) only when its bytecode is below --max-optimized-bytecode-size (60 KB in
// Node 20); a larger function stays in the baseline tiers (Ignition / Sparkplug) for ever, ~10-30x slower on
// straight-line arithmetic. A 2,000-reaction network as one `rates` function is ~5x over that limit, so large
// kernels are emitted as chunk functions of bounded size (CHUNK_WEIGHT), each with its own locals, called by a
// small driver. Models below the limit keep one function.

/**
 * Max weight (printed AST nodes, plus 2 per store) of one chunk function: ~150 mass-action reactions, a few KB of
 * bytecode. TurboFan's compile time grows faster than linearly with function size (measured: ~40 ms for 100
 * reactions, ~330 ms for 400), so chunks are kept well below the 60 KB limit; on the 2,000-reaction network 1,000
 * and 2,000 ran equally fast once optimised, 1,000 tiered up sooner.
 */
export const CHUNK_WEIGHT = 1000;

/** True when a symbol's value is a plain slot (`$p3` = p[3], `$y5` = y[5]): parameters, amounts, fixed sizes. */
export function isSlotDef(d: SymbolDef | undefined): boolean {
  return d !== undefined && d.expr.kind === 'id' && slotCode(d.expr.name) !== undefined;
}

/** Number of nodes of `e` as printed (generateJs prints shared subtrees each time). */
export function exprWeight(e: Expr): number {
  let n = 0;
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    n++;
    switch (x.kind) {
      case 'unary':
        stack.push(x.arg);
        break;
      case 'binary':
        stack.push(x.left, x.right);
        break;
      case 'call':
        for (const a of x.args) stack.push(a);
        break;
      default:
        break;
    }
  }
  return n;
}

/** Adds the number of occurrences of each identifier of `e` (as printed) to `uses`. */
function countUses(e: Expr, uses: Map<string, number>): void {
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'id':
        uses.set(x.name, (uses.get(x.name) ?? 0) + 1);
        break;
      case 'unary':
        stack.push(x.arg);
        break;
      case 'binary':
        stack.push(x.left, x.right);
        break;
      case 'call':
        for (const a of x.args) stack.push(a);
        break;
      default:
        break;
    }
  }
}

/** Consecutive groups of `items` (order kept), each of total weight <= maxWeight or a single item. */
export function chunkItems<T>(items: readonly T[], weight: (t: T) => number, maxWeight = CHUNK_WEIGHT): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let w = 0;
  for (const it of items) {
    const wi = weight(it);
    if (cur.length > 0 && w + wi > maxWeight) {
      out.push(cur);
      cur = [];
      w = 0;
    }
    cur.push(it);
    w += wi;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** One statement of a kernel body: the value `expr`, written by `line(js)` (e.g. `    r[3] = ${js}; // r4`). */
export interface CodeItem {
  expr: Expr;
  line: (js: string) => string;
}

/**
 * The body of one kernel function (or chunk): one line per item, each preceded by the `const` locals for the model
 * symbols it needs first (dependency order). Slot symbols (parameters, amounts, fixed compartment sizes) used only once in the
 * body are read in place (`p[12] * y[598]`) instead of through a local; symbols used more often, assignment
 * rules and concentrations get a local. Values are the same either way (the same loads and operations), so the
 * interpreter, which computes every symbol once, stays bit-identical.
 */
export function emitBody(items: readonly CodeItem[], defs: ReadonlyMap<string, SymbolDef>, names: ReadonlyMap<string, string>, indent = '    ', comments = true): string[] {
  const uses = new Map<string, number>();
  for (const it of items) countUses(it.expr, uses);
  // Uses inside the locals that will be emitted (each non-slot symbol once, with its dependencies).
  const seen = new Set<string>();
  const stack = [...uses.keys()];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const d = defs.get(name);
    if (!d || isSlotDef(d)) continue;
    const local = new Map<string, number>();
    countUses(d.expr, local);
    for (const [k, c] of local) {
      uses.set(k, (uses.get(k) ?? 0) + c);
      if (!seen.has(k)) stack.push(k);
    }
  }
  const em = new LocalEmitter(defs, names, indent, comments, (name) => (uses.get(name) ?? 0) <= 1);
  // Each local right before the first item that needs it: short live ranges (all locals first made TurboFan
  // spend seconds on register allocation for a 400-reaction chunk).
  const lines: string[] = [];
  let flushed = 0;
  for (const it of items) {
    em.needIn(it.expr);
    while (flushed < em.lines.length) lines.push(em.lines[flushed++]!);
    lines.push(it.line(generateJs(it.expr, em.resolve)));
  }
  return lines;
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
