/**
 * SBML Level 3 Version 2 `rateOf(x)` csymbol (L3V2 core spec, section 3.4.8): the instantaneous rate of change
 * dx/dt of a symbol, in the units of x per time. Implemented as a pure FlatModel -> FlatModel rewrite that
 * replaces every `rateOf(x)` call by a closed-form expression for dx/dt, so the compiler, code generator,
 * interpreter and event machinery see ordinary expressions (compileModel calls expandRateOf first).
 *
 * rate(x), for an identifier x (the first rule that applies):
 *  - `time`: 1;
 *  - x has a rate rule: the rule's expression. For a species this is the rate of the species' SBML value
 *    (concentration unless hasOnlySubstanceUnits, amount otherwise), which is what rateOf returns (suite 01457,
 *    01463, 01823: a species with concentration semantics and a rate rule reports the rule, not d(amount)/dt);
 *  - x has an assignment rule x = f(v1, ..., vn, time): the chain rule
 *        rate(x) = sum_i (df/dv_i) * rate(v_i) + df/dtime
 *    (symbolic partial derivatives, src/expr/differentiate.ts; terms with rate(v_i) = 0 dropped);
 *  - x is a species that is neither boundaryCondition nor constant: the amount rate from the reactions
 *        dn/dt = sum_r s_xr * v_r
 *    with s_xr the net stoichiometry (FlatModel stoichiometries already include SBML L3 conversion factors, see
 *    import.ts) and v_r the reaction rate (substance/time). With hasOnlySubstanceUnits rate(x) = dn/dt; otherwise
 *    the concentration c = n / V changes as (quotient rule)
 *        dc/dt = (dn/dt) / V - c * (dV/dt) / V,     dV/dt = rate(V)
 *    (the dilution term vanishes for a compartment constant between events);
 *  - everything else (constant parameters, compartments and species, boundary species without rules, local
 *    parameters, symbols changed only by events): 0, since events change values discontinuously and rateOf is
 *    the rate between events.
 * rateOf(e) for a non-identifier argument (e.g. a reaction id the importer replaced by its rate law, or a
 * function argument after inlining) is the total derivative by the same chain rule.
 *
 * Function definitions: an expression that calls a user function whose body (after inlining) uses rateOf is
 * inlined first (inlineFunctions), because the argument of rateOf inside a lambda is usually one of the lambda's
 * parameters and only the call site says which model symbol it is. Expressions without rateOf are left exactly as
 * they were (the compiler inlines them later), and function definitions that use rateOf are dropped from the
 * result: all their call sites have been inlined.
 *
 * rateOf inside the expressions that rate(x) uses (a rate rule or kinetic law that itself contains rateOf) is
 * expanded recursively. A definition that needs its own rate (e.g. reaction J: -> S with rate k * rateOf(S)) is an
 * algebraic loop that SBML forbids; it is reported as E_RULE_CYCLE with the chain of symbols.
 * Results are simplified (src/expr/simplify.ts) so that generated code stays small.
 */
import type { Expr, FunctionDef } from '../expr/ast.js';
import { CONSTANTS, TIME } from '../expr/builtins.js';
import { differentiate } from '../expr/differentiate.js';
import { simplify } from '../expr/simplify.js';
import { binary, collectCalls, collectIdentifiers, id as idNode, inlineFunctions, num, substitute, transformBottomUp } from '../expr/traverse.js';

/** Stand-in for an algebraic variable held fixed while differentiating its rule (not a valid model id). */
const HELD = '\u0000held';
import { ExosimError, diag, type Diagnostic } from '../diagnostics.js';
import type { FlatEvent, FlatModel, FlatRule } from '../model/types.js';

/** Name of the rateOf call in ExoSim expressions (the SBML importer's rendering of the csymbol). */
export const RATE_OF = 'rateOf';

const ZERO = num(0);
const ONE = num(1);
const isZero = (e: Expr): boolean => e.kind === 'num' && e.value === 0;

/** True when `e` calls rateOf directly (not through a user function). */
function callsRateOf(e: Expr): boolean {
  return collectCalls(e).has(RATE_OF);
}

/** Every expression of a FlatModel, with a label and a location key, in a fixed order. */
function* modelExpressions(flat: FlatModel): Generator<[Expr, string]> {
  for (const r of flat.reactions) yield [r.rate, `reactions.${r.id}`];
  for (const r of flat.assignmentRules) yield [r.expr, r.variable];
  for (const r of flat.rateRules) yield [r.expr, r.variable];
  for (const r of flat.initialAssignments) yield [r.expr, r.variable];
  for (const r of flat.algebraicRules ?? []) yield [r.expr, r.variable];
  for (const ev of flat.events) {
    yield [ev.trigger, `events.${ev.id}`];
    if (ev.delay) yield [ev.delay, `events.${ev.id}`];
    if (ev.priority) yield [ev.priority, `events.${ev.id}`];
    for (const a of ev.assignments) yield [a.expr, `events.${ev.id}`];
  }
  for (const o of flat.observables) yield [o.expr, `observables.${o.id}`];
}

/** Ids of the user functions whose body, with the functions it calls inlined, uses rateOf. */
function rateOfFunctions(flat: FlatModel): Set<string> {
  const out = new Set<string>();
  if (!flat.functions.some((f) => callsRateOf(f.body))) return out; // the usual case: no inlining needed
  const defs = new Map<string, FunctionDef>(flat.functions.map((f) => [f.id, f]));
  for (const f of flat.functions) {
    try {
      if (callsRateOf(inlineFunctions(f.body, defs))) out.add(f.id);
    } catch {
      // recursive or ill-formed definitions are reported by the compiler when a call site is inlined
      if (callsRateOf(f.body)) out.add(f.id);
    }
  }
  return out;
}

/** True when some expression of the model uses rateOf, directly or through a function definition. */
export function usesRateOf(flat: FlatModel): boolean {
  const viaFns = rateOfFunctions(flat);
  for (const [e] of modelExpressions(flat)) {
    const calls = collectCalls(e);
    if (calls.has(RATE_OF)) return true;
    for (const c of calls) if (viaFns.has(c)) return true;
  }
  return false;
}

/**
 * Replace every rateOf(x) of `flat` by an expression for dx/dt (see the file comment for the rules). Returns the
 * rewritten model (a new object; `flat` is not modified; the same object when nothing uses rateOf) and the
 * problems found: E_RULE_CYCLE for a rate that depends on itself, E_FUNCTION_INLINE for a function that cannot
 * be inlined, E_UNSUPPORTED_FEATURE for a derivative with no rule (e.g. rateOf of an assignment rule using
 * delay()). When diagnostics are returned the affected rateOf calls are replaced by NaN.
 */
export function expandRateOf(flat: FlatModel): { flat: FlatModel; diagnostics: Diagnostic[] } {
  if (!usesRateOf(flat)) return { flat, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const loc = (key: string) => flat.locations.get(key) ?? flat.locations.get(`rules.${key}`) ?? {};
  const fnDefs = new Map<string, FunctionDef>(flat.functions.map((f) => [f.id, f]));
  const viaFns = rateOfFunctions(flat);

  const speciesById = new Map(flat.species.map((s) => [s.id, s]));
  const rateRules = new Map(flat.rateRules.map((r) => [r.variable, r.expr]));
  const assignmentRules = new Map(flat.assignmentRules.map((r) => [r.variable, r.expr]));
  const implicit = new Map((flat.algebraicRules ?? []).map((r) => [r.variable, r.expr]));
  /** Species id -> [net stoichiometry, reaction index] for every reaction that changes it. */
  // A time-varying stoichiometry (FlatSpeciesRef.stoichiometryExpr) is a term of its own: sign * stoich(t) * rate.
  const reactionTerms = new Map<string, [number, number, Expr?][]>();
  const addTerm = (sid: string, t: [number, number, Expr?]) => {
    const list = reactionTerms.get(sid) ?? [];
    list.push(t);
    reactionTerms.set(sid, list);
  };
  flat.reactions.forEach((r, k) => {
    const net = new Map<string, number>();
    for (const ref of r.reactants) {
      if (ref.stoichiometryExpr) addTerm(ref.species, [-1, k, ref.stoichiometryExpr]);
      else net.set(ref.species, (net.get(ref.species) ?? 0) - ref.stoichiometry);
    }
    for (const ref of r.products) {
      if (ref.stoichiometryExpr) addTerm(ref.species, [1, k, ref.stoichiometryExpr]);
      else net.set(ref.species, (net.get(ref.species) ?? 0) + ref.stoichiometry);
    }
    for (const [sid, c] of net) if (c !== 0) addTerm(sid, [c, k]);
  });

  /** Inline the user functions of `e` when that brings rateOf into it (else `e` unchanged). */
  const inlineIfNeeded = (e: Expr, where: string): Expr => {
    const calls = collectCalls(e);
    if (![...calls].some((c) => viaFns.has(c))) return e;
    try {
      return inlineFunctions(e, fnDefs);
    } catch (err) {
      diagnostics.push(diag('E_FUNCTION_INLINE', `${where}: ${(err as Error).message}.`, { ...loc(where), hint: 'Fix the function definition or its call.' }));
      return e;
    }
  };

  // ---------------------------------------------------------------------------------- rates of symbols
  const rateMemo = new Map<string, Expr>();
  const onStack: string[] = [];
  /** Expressions of the model with rateOf expanded, by object (kinetic laws and rules are used repeatedly). */
  const expandedMemo = new Map<Expr, Expr>();

  /** `e` with every rateOf(...) replaced (after inlining functions that use rateOf). */
  const expand = (e: Expr, where: string): Expr => {
    const hit = expandedMemo.get(e);
    if (hit) return hit;
    const inl = inlineIfNeeded(e, where);
    const out = callsRateOf(inl)
      ? simplify(
          transformBottomUp(inl, (n) => {
            if (n.kind !== 'call' || n.fn !== RATE_OF) return n;
            const arg = n.args[0];
            if (n.args.length !== 1 || arg === undefined) {
              diagnostics.push(diag('E_ARITY', `${where}: rateOf takes exactly one argument, got ${n.args.length}.`, { ...loc(where), hint: 'Write rateOf(x) with x a model symbol.' }));
              return num(NaN);
            }
            return arg.kind === 'id' ? rateOfSymbol(arg.name, where) : totalDerivative(arg, where);
          }),
        )
      : inl;
    expandedMemo.set(e, out);
    return out;
  };

  /** d e / dt = sum_v (de/dv) * rate(v), for `e` free of rateOf (chain rule; `time` has rate 1). */
  const totalDerivative = (e: Expr, where: string): Expr => {
    let acc: Expr = ZERO;
    for (const v of collectIdentifiers(e)) {
      if (CONSTANTS.has(v)) continue;
      const rv = rateOfSymbol(v, where);
      if (isZero(rv)) continue;
      let dv: Expr;
      try {
        dv = differentiate(e, v);
      } catch (err) {
        diagnostics.push(
          diag('E_UNSUPPORTED_FEATURE', `${where}: the rate of change needed by rateOf() has no symbolic form: ${(err as Error).message}.`, {
            ...loc(where),
            hint: 'Give the symbol a rate rule instead of an assignment rule, or remove rateOf().',
          }),
        );
        return num(NaN);
      }
      if (isZero(dv)) continue;
      acc = binary('+', acc, rv.kind === 'num' && rv.value === 1 ? dv : binary('*', dv, rv));
    }
    return simplify(acc);
  };

  /** rate(x) for a model symbol x (file comment), memoised, with cycle detection. */
  const rateOfSymbol = (x: string, where: string): Expr => {
    if (x === TIME) return ONE;
    const done = rateMemo.get(x);
    if (done) return done;
    if (onStack.includes(x)) {
      const chain = [...onStack.slice(onStack.indexOf(x)), x].join(' -> ');
      diagnostics.push(
        diag('E_RULE_CYCLE', `${where}: rateOf(${x}) depends on itself (${chain}): the rate of '${x}' is defined in terms of rateOf(${x}), an algebraic loop.`, {
          ...loc(where),
          hint: `Remove the rateOf() from the rules or kinetic laws that determine the rate of '${x}'.`,
        }),
      );
      return num(NaN);
    }
    onStack.push(x);
    let r: Expr;
    const rr = rateRules.get(x);
    const ar = assignmentRules.get(x);
    const sp = speciesById.get(x);
    const alg = implicit.get(x);
    if (rr) r = expand(rr, x);
    else if (ar) r = totalDerivative(expand(ar, x), x);
    else if (alg) {
      // implicit rule 0 = g(x, ...): dx/dt = -(dg/dt with x held fixed) / (dg/dx) (implicit function theorem)
      const g = expand(alg, x);
      const held = substitute(g, (n) => (n === x ? idNode(HELD) : undefined));
      const dg = totalDerivative(held, x);
      r = binary('-', ZERO, binary('/', substitute(dg, (n) => (n === HELD ? idNode(x) : undefined)), differentiate(g, x)));
    }
    else if (sp && !sp.boundaryCondition && !sp.constant && reactionTerms.has(x)) {
      // dn/dt = sum_r s_xr v_r (substance/time)
      let dn: Expr = ZERO;
      for (const [c, k, st] of reactionTerms.get(x)!) {
        const rx = flat.reactions[k]!;
        const v = expand(rx.rate, `reactions.${rx.id}`);
        const mag = Math.abs(c);
        const term = st ? binary('*', expand(st, `reactions.${rx.id}`), v) : mag === 1 ? v : binary('*', num(mag), v);
        dn = isZero(dn) ? (c < 0 ? binary('-', ZERO, term) : term) : binary(c < 0 ? '-' : '+', dn, term);
      }
      if (sp.hasOnlySubstanceUnits) r = dn;
      else {
        // c = n / V: dc/dt = (dn/dt) / V - c * (dV/dt) / V
        const V = idNode(sp.compartment);
        const dV = rateOfSymbol(sp.compartment, x);
        r = binary('/', dn, V);
        if (!isZero(dV)) r = binary('-', r, binary('/', binary('*', idNode(x), dV), V));
      }
    } else r = ZERO;
    onStack.pop();
    r = simplify(r);
    rateMemo.set(x, r);
    return r;
  };

  // ---------------------------------------------------------------------------------- rewrite the model
  const rule = (r: FlatRule, where: string): FlatRule => ({ ...r, expr: expand(r.expr, where) });
  const event = (ev: FlatEvent): FlatEvent => {
    const w = `events.${ev.id}`;
    return {
      ...ev,
      trigger: expand(ev.trigger, w),
      ...(ev.delay ? { delay: expand(ev.delay, w) } : {}),
      ...(ev.priority ? { priority: expand(ev.priority, w) } : {}),
      assignments: ev.assignments.map((a) => rule(a, w)),
    };
  };
  const out: FlatModel = {
    ...flat,
    reactions: flat.reactions.map((r) => ({ ...r, rate: expand(r.rate, `reactions.${r.id}`) })),
    assignmentRules: flat.assignmentRules.map((r) => rule(r, r.variable)),
    rateRules: flat.rateRules.map((r) => rule(r, r.variable)),
    initialAssignments: flat.initialAssignments.map((r) => rule(r, r.variable)),
    ...(flat.algebraicRules ? { algebraicRules: flat.algebraicRules.map((r) => rule(r, `rules.${r.variable}`)) } : {}),
    functions: flat.functions.filter((f) => !viaFns.has(f.id)),
    events: flat.events.map(event),
    observables: flat.observables.map((o) => ({ ...o, expr: expand(o.expr, `observables.${o.id}`) })),
  };
  return { flat: out, diagnostics };
}

/**
 * compileModel's entry point: `flat` with rateOf expanded (the same object when the model does not use rateOf).
 * Throws ExosimError with every problem found (errors only; there are no warnings).
 */
export function withRateOfExpanded(flat: FlatModel): FlatModel {
  if (!usesRateOf(flat)) return flat;
  const r = expandRateOf(flat);
  if (r.diagnostics.length) throw new ExosimError(r.diagnostics);
  return r.flat;
}
