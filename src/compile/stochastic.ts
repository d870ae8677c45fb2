/**
 * The compiled model as a reaction network for the stochastic engines (src/solvers/stochastic/types.ts,
 * ReactionSystem): propensities from the same kinetic laws as the ODE rates, in copy numbers.
 *
 * Copy numbers: species of substance dimension count N_A * (model substance unit in mol) copies per model amount
 * unit (1 for `item`/`molecule` models: no conversion); species counted in cells or exosomes are copies already.
 * The conversion happens once, here, in the symbol table of the propensity kernels: a species state x_i (copies)
 * is read as the amount x_i / F_i, and the propensity of reaction r is a_r = F_r * v_r with v_r its rate law
 * (model amount per time) and F_r the copy factor of the species it changes (SBML's stochastic reading of a
 * kinetic law: the rate law in substance per time is the propensity in molecules per time). The state change
 * of species i when r fires is nu_ir F_i / F_r copies (nu_ir, i.e. the stoichiometry, when both count alike).
 *
 * Dependency graph (Gibson & Bruck 2000): reaction j depends on the states its rate law reads, through
 * assignment rules and concentrations (the closure of its symbols over the symbol table); after r fires, the
 * propensities to update are those of the reactions reading a state r changes.
 */
import type { Expr } from '../expr/ast.js';
import { TIME } from '../expr/builtins.js';
import { binary, collectIdentifiers, id as idNode, num } from '../expr/traverse.js';
import { ExosimError, diag } from '../diagnostics.js';
import type { FlatModel } from '../model/types.js';
import { AVOGADRO } from '../model/units.js';
import type { EventHooks, OdeSystem } from '../solvers/types.js';
import type { ReactionSystem } from '../solvers/stochastic/types.js';
import { chunkItems, emitBody, exprWeight, LocalEmitter, type SymbolDef } from './codegen.js';
import { interpretKernel, type Stmt } from './interpret.js';
import { massActionTables } from './mass-action.js';
import type { CompiledModel } from './types.js';

/** A reaction as the compiler sees it (compile.ts fills these while building the fluxes). */
export interface SsaReaction {
  id: string;
  /** Rate law after function inlining (model amount per time). */
  rate: Expr;
  /** Net stoichiometry on state indices (boundary and constant species left out). */
  terms: [number, number][];
  /** Some stoichiometry varies in time (not supported by the stochastic engines). */
  variableStoichiometry: boolean;
  fast: boolean;
}

export interface StochasticContext {
  flat: FlatModel;
  defs: ReadonlyMap<string, SymbolDef>;
  names: ReadonlyMap<string, string>;
  stateIds: readonly string[];
  stateIndex: ReadonlyMap<string, number>;
  reactions: readonly SsaReaction[];
  /** State indices with rate rules (continuous). */
  continuous: readonly number[];
  codegen: 'js' | 'interpret';
  /** Labels of aux providers (delays, algebraic rules, fast reactions): not supported by the stochastic engines. */
  auxLabels: readonly string[];
  compiled(): CompiledModel;
}

/** Copy numbers per model amount of each state (see the file comment). */
function countFactors(ctx: StochasticContext): Float64Array {
  const { flat, stateIds } = ctx;
  const sub = flat.units.substance.scale * AVOGADRO;
  const subF = Math.abs(sub - 1) < 1e-9 ? 1 : sub;
  const species = new Map(flat.species.map((s) => [s.id, s]));
  return Float64Array.from(stateIds, (id) => {
    const sp = species.get(id);
    if (!sp) return 1;
    const d = sp.unit.dims;
    if (d[4] !== 0 || d[5] !== 0) return 1; // cells, exosomes: counts already
    return subF;
  });
}

export function buildReactionSystem(ctx: StochasticContext, params: Float64Array, useMassAction = true): ReactionSystem {
  const { flat, defs, names, stateIds, stateIndex } = ctx;
  const problems = [];
  if (ctx.auxLabels.length) {
    problems.push(
      diag('E_STOCHASTIC_UNSUPPORTED', `The stochastic solvers do not simulate models with ${ctx.auxLabels.join(', ')}.`, {
        hint: 'Use an ODE solver (ode-auto), or remove the delays / algebraic rules / fast reactions.',
      }),
    );
  }
  for (const r of ctx.reactions) {
    if (r.variableStoichiometry)
      problems.push(diag('E_STOCHASTIC_UNSUPPORTED', `Reaction '${r.id}' has a stoichiometry that changes in time; the stochastic solvers need constant stoichiometry.`, { hint: 'Give the reaction constant stoichiometry, or use an ODE solver.' }));
  }
  if (problems.length) throw new ExosimError(problems);

  const n = stateIds.length;
  const F = countFactors(ctx);
  const reactions = ctx.reactions.filter((r) => !r.fast);
  const m = reactions.length;

  // --- symbol table reading copy numbers: species amount = x_i / F_i
  const sDefs = new Map(defs);
  for (const sp of flat.species) {
    const s = stateIndex.get(sp.id);
    if (s === undefined || F[s] === 1) continue;
    const amount = binary('/', idNode(`$y${s}`), num(F[s]!));
    const d = defs.get(sp.id);
    if (!d) continue;
    sDefs.set(sp.id, { ...d, deps: sp.hasOnlySubstanceUnits ? [] : [sp.compartment], expr: sp.hasOnlySubstanceUnits ? amount : binary('/', amount, idNode(sp.compartment)) });
  }

  // --- propensity expressions a_r = F_r * v_r, state changes nu_ir F_i / F_r
  const changePtr = new Int32Array(m + 1);
  const changeIdx: number[] = [];
  const changeVal: number[] = [];
  const props: Expr[] = [];
  reactions.forEach((r, k) => {
    const Fr = r.terms.length ? F[r.terms[0]![0]]! : F.length ? Math.max(...Array.from(F)) : 1;
    props.push(Fr === 1 ? r.rate : binary('*', num(Fr), r.rate));
    for (const [s, c] of r.terms) {
      changeIdx.push(s);
      changeVal.push((c * F[s]!) / Fr);
    }
    changePtr[k + 1] = changeIdx.length;
  });

  // --- which states (and time) each propensity reads, through the symbol table
  const reads: Set<number>[] = [];
  let timeDependent = false;
  const continuous = new Set(ctx.continuous);
  for (const e of props) {
    const states = new Set<number>();
    const seen = new Set<string>();
    const stack = [...collectIdentifiers(e)];
    while (stack.length) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      if (name === TIME) {
        timeDependent = true;
        continue;
      }
      const mY = /^\$y(\d+)$/.exec(name);
      if (mY) {
        const s = +mY[1]!;
        states.add(s);
        if (continuous.has(s)) timeDependent = true;
        continue;
      }
      const d = sDefs.get(name);
      if (!d) continue;
      for (const x of d.deps) stack.push(x);
      for (const x of collectIdentifiers(d.expr)) stack.push(x);
    }
    reads.push(states);
  }
  const readers: number[][] = Array.from({ length: n }, () => []);
  reads.forEach((st, j) => {
    for (const s of st) readers[s]!.push(j);
  });
  const readersPtr = new Int32Array(n + 1);
  const readersIdx: number[] = [];
  readers.forEach((list, s) => {
    readersIdx.push(...list);
    readersPtr[s + 1] = readersIdx.length;
  });
  const dependsPtr = new Int32Array(m + 1);
  const dependsIdx: number[] = [];
  for (let k = 0; k < m; k++) {
    const set = new Set<number>();
    for (let j = changePtr[k]!; j < changePtr[k + 1]!; j++) for (const r of readers[changeIdx[j]!]!) set.add(r);
    dependsIdx.push(...[...set].sort((a, b) => a - b));
    dependsPtr[k + 1] = dependsIdx.length;
  }

  // --- kernels
  type AllFn = (t: number, y: Float64Array, out: Float64Array) => void;
  type OneFn = (k: number, t: number, y: Float64Array) => number;
  let all: AllFn;
  let one: OneFn;
  if (ctx.codegen === 'interpret') {
    const em = LocalEmitter.irOnly(sDefs, names);
    const stmts: Stmt[] = [{ kind: 'locals' }];
    props.forEach((e, k) => {
      em.needIn(e);
      stmts.push({ kind: 'store', to: 'out', index: k, expr: e });
    });
    const kAll = interpretKernel(em.kernel(stmts));
    const fAll = kAll.frame(params);
    all = (t, y, out) => {
      fAll.t = t;
      fAll.y = y;
      fAll.out = out;
      kAll.run(fAll);
    };
    const singles = props.map((e) => {
      const e1 = LocalEmitter.irOnly(sDefs, names);
      e1.needIn(e);
      const k1 = interpretKernel(e1.kernel([{ kind: 'locals' }, { kind: 'return', expr: e }]));
      const f1 = k1.frame(params);
      return (t: number, y: Float64Array): number => {
        f1.t = t;
        f1.y = y;
        return k1.run(f1);
      };
    });
    one = (k, t, y) => singles[k]!(t, y);
  } else {
    const idx = props.map((_, k) => k);
    const chunks = chunkItems(idx, (k) => exprWeight(props[k]!) + 2);
    const src: string[] = ['"use strict";'];
    chunks.forEach((ks, c) => {
      src.push(`  function all_${c}(t, y, out) {`, ...emitBody(ks.map((k) => ({ expr: props[k]!, line: (js: string) => `    out[${k}] = ${js};` })), sDefs, names), '  }');
      src.push(`  function one_${c}(k, t, y) {`, '    switch (k) {');
      for (const k of ks) src.push(`    case ${k}: {`, ...emitBody([{ expr: props[k]!, line: (js: string) => `      return ${js};` }], sDefs, names, '      ', false), '    }');
      src.push('    }', '    return NaN;', '  }');
    });
    const bounds = chunks.map((ks) => ks[ks.length - 1]!);
    src.push('  function all(t, y, out) {', ...chunks.map((_, c) => `    all_${c}(t, y, out);`), '  }');
    src.push(
      '  function one(k, t, y) {',
      ...chunks.map((_, c) => (c === chunks.length - 1 ? `    return one_${c}(k, t, y);` : `    if (k <= ${bounds[c]}) return one_${c}(k, t, y);`)),
      ...(chunks.length ? [] : ['    return NaN;']),
      '  }',
      '  return { all, one };',
    );
    const made = (new Function('p', src.join('\n')) as (p: Float64Array) => { all: AllFn; one: OneFn })(params);
    all = made.all;
    one = made.one;
  }

  // Parameters and compartments set by initial assignments are written into p by initialState (compile.ts): do it
  // now, so that the tables below and the per-replicate restore (`pristine`) hold their values, not NaN.
  const compiled = ctx.compiled();
  compiled.initialState(params, 0);

  // --- mass-action tables (src/compile/mass-action.ts): when every propensity is c_r prod (x_s - o), evaluate the
  // tables instead of the kernels (one small loop V8 inlines into the engines; no call into a large switch).
  const frozen = new Set<string>();
  for (const ev of flat.events) for (const a of ev.assignments) frozen.add(a.variable);
  for (const r of flat.rateRules) frozen.add(r.variable);
  // parameters set by initial assignments: their values (in p once ia() ran, below) are constants of the run, unless
  // the assignment reads time (then they depend on t0)
  for (const ia of flat.initialAssignments) if (collectIdentifiers(ia.expr).has(TIME)) frozen.add(ia.variable);
  const mass = useMassAction ? massActionTables(props, sDefs, params, frozen) : undefined;
  if (mass) {
    const { rate, factorPtr: fp, factorIdx: fi, factorOff: fo } = mass;
    // a_k = c_k prod_q (x[s_q] - o_q): the same function as the kernel, operations in another order
    one = (k, _t, y) => {
      let a = rate[k]!;
      for (let q = fp[k]!, e = fp[k + 1]!; q < e; q++) a *= y[fi[q]!]! - fo[q]!;
      return a;
    };
    all = (_t, y, out) => {
      for (let k = 0; k < m; k++) {
        let a = rate[k]!;
        for (let q = fp[k]!, e = fp[k + 1]!; q < e; q++) a *= y[fi[q]!]! - fo[q]!;
        out[k] = a;
      }
    };
  }

  // --- conversions between copy numbers x and model amounts y for the ODE-side hooks
  const unit = Array.from(F).every((f) => f === 1);
  const toY = (x: Float64Array, y: Float64Array) => {
    for (let i = 0; i < n; i++) y[i] = x[i]! / F[i]!;
  };
  const toX = (y: Float64Array, x: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = y[i]! * F[i]!;
  };
  const yBuf = new Float64Array(n);
  const pristine = Float64Array.from(params);

  return {
    n,
    nReactions: m,
    reactionIds: reactions.map((r) => r.id),
    stateIds,
    countFactor: F,
    propensity: one,
    propensities: all,
    ...(mass ? { massAction: mass } : {}),
    codegen: ctx.codegen,
    changePtr,
    changeIdx: Int32Array.from(changeIdx),
    changeVal: Float64Array.from(changeVal),
    dependsPtr,
    dependsIdx: Int32Array.from(dependsIdx),
    readersPtr,
    readersIdx: Int32Array.from(readersIdx),
    timeDependent,
    continuous: Int32Array.from(ctx.continuous),
    ode(): OdeSystem {
      const sys = compiled.odeSystem(params);
      if (unit) return { n, rates: sys.rates };
      const y = new Float64Array(n);
      const dy = new Float64Array(n);
      return {
        n,
        rates(t, x, dx) {
          toY(x, y);
          sys.rates(t, y, dy);
          for (let i = 0; i < n; i++) dx[i] = dy[i]! * F[i]!;
        },
      };
    },
    outputs(t, x, out) {
      if (unit) compiled.computeOutputs(t, x, params, out);
      else {
        toY(x, yBuf);
        compiled.computeOutputs(t, yBuf, params, out);
      }
    },
    initialState(t0) {
      const y0 = compiled.initialState(params, t0);
      const x0 = new Float64Array(n);
      toX(y0, x0);
      return x0;
    },
    eventHooks(t0, x0, seed): EventHooks | undefined {
      // A new replicate: events of the previous one may have changed parameters in p (shared with the
      // propensity kernels): start again from the parameters the system was built with.
      params.set(pristine);
      compiled.initialState(params, t0); // initial assignments to parameters (at this replicate's t0)
      if (unit) return compiled.eventHooks(params, t0, x0, { seed });
      const y0 = new Float64Array(n);
      toY(x0, y0);
      const h = compiled.eventHooks(params, t0, y0, { seed });
      if (!h) return undefined;
      const y = new Float64Array(n);
      return {
        rootCount: h.rootCount,
        roots(t, x, out) {
          toY(x, y);
          h.roots(t, y, out);
        },
        nextScheduledTime: (t) => h.nextScheduledTime(t),
        handle(t, x, crossed, before) {
          toY(x, y);
          const r = h.handle(t, y, crossed, before);
          if (r.changed) toX(y, x);
          return r;
        },
      };
    },
  };
}
