/**
 * Tree utilities: node builders, iterative traversal (no recursion, so 5,000-term sums do not overflow the
 * stack), structural equality, substitution, identifier/call collection and function inlining.
 */
import type { BinaryOp, Expr, FunctionDef, Span, UnaryOp } from './ast.js';
import { BUILTINS, CONSTANTS } from './builtins.js';

// ---------------------------------------------------------------------------------------------- builders

export function num(value: number, span?: Span): Expr {
  return span ? { kind: 'num', value, span } : { kind: 'num', value };
}
export function bool(value: boolean, span?: Span): Expr {
  return span ? { kind: 'bool', value, span } : { kind: 'bool', value };
}
export function id(name: string, span?: Span): Expr {
  return span ? { kind: 'id', name, span } : { kind: 'id', name };
}
export function unary(op: UnaryOp, arg: Expr, span?: Span): Expr {
  return span ? { kind: 'unary', op, arg, span } : { kind: 'unary', op, arg };
}
export function binary(op: BinaryOp, left: Expr, right: Expr, span?: Span): Expr {
  return span ? { kind: 'binary', op, left, right, span } : { kind: 'binary', op, left, right };
}
export function call(fn: string, args: Expr[], span?: Span): Expr {
  return span ? { kind: 'call', fn, args, span } : { kind: 'call', fn, args };
}

// ---------------------------------------------------------------------------------------------- traversal

const NO_CHILDREN: readonly Expr[] = [];

export function childrenOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args;
    default:
      return NO_CHILDREN;
  }
}

/** Same node with new children (returns `e` itself when nothing changed). Keeps the span. */
export function withChildren(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.kind) {
    case 'unary':
      return kids[0] === e.arg ? e : { ...e, arg: kids[0]! };
    case 'binary':
      return kids[0] === e.left && kids[1] === e.right ? e : { ...e, left: kids[0]!, right: kids[1]! };
    case 'call': {
      let same = kids.length === e.args.length;
      for (let i = 0; same && i < kids.length; i++) same = kids[i] === e.args[i];
      return same ? e : { ...e, args: kids.slice() };
    }
    default:
      return e;
  }
}

/**
 * Post-order fold with an explicit stack: `f(node, results of its children)`. Results are memoised per node
 * object, so shared subtrees (DAGs produced by differentiation) are visited once.
 */
export function foldBottomUp<T>(root: Expr, f: (node: Expr, kids: T[]) => T, memo: Map<Expr, T> = new Map()): T {
  const hit = memo.get(root);
  if (hit !== undefined) return hit;
  if (root.kind === 'num' || root.kind === 'bool' || root.kind === 'id') {
    const r = f(root, []);
    memo.set(root, r);
    return r;
  }
  interface Frame {
    node: Expr;
    children: readonly Expr[];
    i: number;
    kids: T[];
  }
  const stack: Frame[] = [{ node: root, children: childrenOf(root), i: 0, kids: [] }];
  let result!: T;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i < top.children.length) {
      const child = top.children[top.i++]!;
      const m = memo.get(child);
      if (m !== undefined) top.kids.push(m);
      else if (child.kind === 'num' || child.kind === 'bool' || child.kind === 'id') {
        // leaf: folded at once (the same call order as a frame pushed and popped right away)
        const r = f(child, []);
        memo.set(child, r);
        top.kids.push(r);
      } else stack.push({ node: child, children: childrenOf(child), i: 0, kids: [] });
      continue;
    }
    stack.pop();
    const r = f(top.node, top.kids);
    memo.set(top.node, r);
    const parent = stack[stack.length - 1];
    if (parent) parent.kids.push(r);
    else result = r;
  }
  return result;
}

/** Rebuild bottom-up: `f` receives each node with its children already transformed. */
export function transformBottomUp(root: Expr, f: (node: Expr) => Expr): Expr {
  return foldBottomUp<Expr>(root, (node, kids) => f(withChildren(node, kids)));
}

/** Visit every node (pre-order, iterative). Shared subtrees are visited once. */
export function forEachNode(root: Expr, visit: (node: Expr) => void): void {
  const seen = new Set<Expr>();
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    visit(e);
    const kids = childrenOf(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

// ---------------------------------------------------------------------------------------------- queries

/** Structural equality ignoring spans. Numbers compare with Object.is (NaN equals NaN; 0 differs from -0). */
export function structurallyEqual(a: Expr, b: Expr): boolean {
  const stack: [Expr, Expr][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    switch (x.kind) {
      case 'num':
        if (y.kind !== 'num' || !Object.is(x.value, y.value)) return false;
        break;
      case 'bool':
        if (y.kind !== 'bool' || x.value !== y.value) return false;
        break;
      case 'id':
        if (y.kind !== 'id' || x.name !== y.name) return false;
        break;
      case 'unary':
        if (y.kind !== 'unary' || x.op !== y.op) return false;
        stack.push([x.arg, y.arg]);
        break;
      case 'binary':
        if (y.kind !== 'binary' || x.op !== y.op) return false;
        stack.push([x.left, y.left], [x.right, y.right]);
        break;
      case 'call':
        if (y.kind !== 'call' || x.fn !== y.fn || x.args.length !== y.args.length) return false;
        for (let i = 0; i < x.args.length; i++) stack.push([x.args[i]!, y.args[i]!]);
        break;
    }
  }
  return true;
}

/**
 * Names of all identifiers in `e`, excluding the named constants `pi` and `avogadro` but INCLUDING `time`
 * (the caller decides whether model time is a dependency). Function names of calls are not included.
 */
export function collectIdentifiers(e: Expr): Set<string> {
  const out = new Set<string>();
  if (!walkTree(e, (n) => { if (n.kind === 'id' && !CONSTANTS.has(n.name)) out.add(n.name); })) {
    forEachNode(e, (n) => {
      if (n.kind === 'id' && !CONSTANTS.has(n.name)) out.add(n.name);
    });
  }
  return out;
}

/** Names of all called functions (built-in and user-defined), e.g. `{'exp', 'piecewise', 'hill'}`. */
export function collectCalls(e: Expr): Set<string> {
  const out = new Set<string>();
  if (!walkTree(e, (n) => { if (n.kind === 'call') out.add(n.fn); })) {
    forEachNode(e, (n) => {
      if (n.kind === 'call') out.add(n.fn);
    });
  }
  return out;
}

/** Node budget of walkTree: beyond it the expression is probably a DAG with much sharing (derivatives). */
const TREE_WALK_BUDGET = 4096;

/**
 * Pre-order walk WITHOUT the visited set of forEachNode (cheaper for the small trees that parsing produces): a
 * node shared by several parents is visited each time. For idempotent visitors (collecting names into a Set) the
 * outcome is that of forEachNode. Gives up (returns false, after partial visits) past TREE_WALK_BUDGET nodes, so
 * a DAG with exponentially many paths costs no more than that; the caller then repeats with forEachNode.
 */
function walkTree(root: Expr, visit: (node: Expr) => void): boolean {
  const stack: Expr[] = [root];
  let budget = TREE_WALK_BUDGET;
  while (stack.length > 0) {
    if (--budget < 0) return false;
    const e = stack.pop()!;
    visit(e);
    switch (e.kind) {
      case 'unary':
        stack.push(e.arg);
        break;
      case 'binary':
        stack.push(e.right, e.left);
        break;
      case 'call':
        for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i]!);
        break;
      default:
        break;
    }
  }
  return true;
}

/** Names of called functions that are not built-ins. */
export function collectUserCalls(e: Expr): Set<string> {
  const out = new Set<string>();
  for (const f of collectCalls(e)) if (!BUILTINS.has(f)) out.add(f);
  return out;
}

// ---------------------------------------------------------------------------------------------- rewriting

/**
 * Replace identifiers: `replace(name)` returns the replacement or undefined to keep the identifier.
 * It is called for every identifier including `time`, `pi` and `avogadro`. Replacements are not re-scanned
 * (simultaneous substitution), so `substitute(x + y, {x: y, y: x})` gives `y + x`.
 */
export function substitute(e: Expr, replace: (name: string) => Expr | undefined): Expr {
  return transformBottomUp(e, (n) => (n.kind === 'id' ? (replace(n.name) ?? n) : n));
}

/**
 * Inline user function calls (SBML lambdas) using `defs`, recursively (function bodies may call other functions).
 * Throws an Error for recursive definitions (f -> g -> f), wrong argument counts, or body identifiers that are
 * not parameters are left as they are (global references). Calls not in `defs` (built-ins, unknown) are kept.
 * The inlined body's root takes the call's span; inner nodes keep the spans of the definition's source.
 */
export function inlineFunctions(e: Expr, defs: ReadonlyMap<string, FunctionDef>): Expr {
  const inlinedBodies = new Map<string, Expr>();
  const inProgress: string[] = [];

  const bodyOf = (name: string, def: FunctionDef): Expr => {
    const done = inlinedBodies.get(name);
    if (done) return done;
    if (inProgress.includes(name)) {
      throw new Error(`recursive function definition: ${[...inProgress.slice(inProgress.indexOf(name)), name].join(' -> ')}`);
    }
    inProgress.push(name);
    const body = inlineIn(def.body);
    inProgress.pop();
    inlinedBodies.set(name, body);
    return body;
  };

  const inlineIn = (root: Expr): Expr =>
    transformBottomUp(root, (n) => {
      if (n.kind !== 'call') return n;
      const def = defs.get(n.fn);
      if (!def) return n;
      if (def.params.length !== n.args.length) {
        throw new Error(
          `function ${n.fn}(${def.params.join(', ')}) takes ${def.params.length} argument(s) but was called with ${n.args.length}`,
        );
      }
      const body = bodyOf(n.fn, def);
      const bind = new Map<string, Expr>();
      def.params.forEach((p, i) => bind.set(p, n.args[i]!));
      const out = substitute(body, (name) => bind.get(name));
      return n.span ? { ...out, span: n.span } : out;
    });

  return inlineIn(e);
}
