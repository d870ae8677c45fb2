/**
 * SBML algebraic rules 0 = g(x): which variable each rule determines, and its explicit solution when g is
 * linear in that variable.
 *
 * Method.
 *  1. Candidates (SBML L3V2 section 4.9.5, "a variable determined by an algebraic rule"): non-constant
 *     parameters and compartments and non-constant species that no assignment or rate rule sets and that are
 *     not changed by reactions (boundary species, or species in no reaction as reactant or product).
 *  2. Matching: each rule is matched to one candidate it mentions, every candidate to at most one rule: a
 *     maximum bipartite matching by augmenting paths (Kuhn's algorithm), trying candidates in which the rule
 *     is linear first. A rule without a match (over-determined model) is an error.
 *  3. Solution: when g is linear in its variable v (a = dg/dv does not mention v), v = -g(v = 0) / a, an
 *     assignment rule (exact, and the compiler then orders it with the other rules). Otherwise the rule stays
 *     implicit and is solved numerically by the compiler (Newton's method on the state; src/compile/algebraic.ts).
 * Calls that cannot be differentiated (rateOf, delay, user functions not inlined) are frozen as opaque symbols
 * while solving (they must not mention v).
 */
import type { Expr } from '../expr/ast.js';
import { differentiate } from '../expr/differentiate.js';
import { simplify } from '../expr/simplify.js';
import { binary, collectIdentifiers, id as idNode, num, substitute, transformBottomUp, unary } from '../expr/traverse.js';

export interface AlgebraicRuleIn {
  expr: Expr;
  /** For messages: e.g. 'the algebraic rule at line 33'. */
  where: string;
}

export interface AlgebraicSolution {
  rule: number;
  variable: string;
  /** Explicit solution v = expr (linear rules), or undefined (implicit: 0 = rule expr, solved numerically). */
  explicit?: Expr;
}

export interface AlgebraicAssignment {
  solutions: AlgebraicSolution[];
  /** Rules that no candidate variable could be matched to. */
  unmatched: number[];
}

const OPAQUE = '\u0000call';

/** Replace calls that `differentiate` cannot handle by opaque identifiers; returns the frozen tree and a restorer. */
function freezeCalls(e: Expr): { frozen: Expr; restore: (x: Expr) => Expr } {
  const calls = new Map<string, Expr>();
  const frozen = transformBottomUp(e, (node) => {
    if (node.kind === 'call' && (node.fn === 'rateOf' || node.fn === 'delay')) {
      const name = `${OPAQUE}${calls.size}`;
      calls.set(name, node);
      return idNode(name);
    }
    return node;
  });
  return { frozen, restore: (x) => (calls.size ? substitute(x, (n) => calls.get(n)) : x) };
}

/** v = -g(v=0) / (dg/dv) when g is linear in v; undefined otherwise. */
export function solveLinear(g: Expr, v: string): Expr | undefined {
  const { frozen, restore } = freezeCalls(g);
  let a: Expr;
  try {
    a = differentiate(frozen, v);
  } catch {
    return undefined;
  }
  if (collectIdentifiers(a).has(v)) return undefined;
  if (a.kind === 'num' && a.value === 0) return undefined;
  const b = simplify(substitute(frozen, (n) => (n === v ? num(0) : undefined)));
  const sol = simplify(binary('/', unary('-', b), a));
  if (collectIdentifiers(sol).has(v)) return undefined;
  return restore(sol);
}

/**
 * Match rules to candidate variables and solve the linear ones. `candidates` in declaration order (the order
 * tried first when several fit, after linearity).
 */
export function assignAlgebraicRules(rules: readonly AlgebraicRuleIn[], candidates: readonly string[]): AlgebraicAssignment {
  const candSet = new Set(candidates);
  const order = new Map(candidates.map((c, i) => [c, i]));
  // adjacency: candidates mentioned by each rule, linear ones first, then declaration order
  const adj: string[][] = rules.map((r) => {
    const ids = [...collectIdentifiers(freezeCalls(r.expr).frozen)].filter((x) => candSet.has(x));
    const lin = new Map(ids.map((x) => [x, solveLinear(r.expr, x) !== undefined ? 0 : 1]));
    return ids.sort((a, b) => lin.get(a)! - lin.get(b)! || order.get(a)! - order.get(b)!);
  });
  const owner = new Map<string, number>();
  const tryRule = (r: number, seen: Set<string>): boolean => {
    for (const v of adj[r]!) {
      if (seen.has(v)) continue;
      seen.add(v);
      const o = owner.get(v);
      if (o === undefined || tryRule(o, seen)) {
        owner.set(v, r);
        return true;
      }
    }
    return false;
  };
  const unmatched: number[] = [];
  rules.forEach((_, r) => {
    if (!tryRule(r, new Set())) unmatched.push(r);
  });
  const solutions: AlgebraicSolution[] = [];
  for (const [variable, rule] of owner) {
    const explicit = solveLinear(rules[rule]!.expr, variable);
    solutions.push(explicit ? { rule, variable, explicit } : { rule, variable });
  }
  solutions.sort((a, b) => a.rule - b.rule);
  return { solutions, unmatched };
}
