/**
 * compileModel: FlatModel -> CompiledModel (packed state vector, parameter vector, generated kernels).
 *
 * State vector y (model base units):
 *   1. every species not set by an assignment rule, as an AMOUNT (model substance unit; counts for cell/exosome
 *      units), in declaration order. Boundary/constant species are state too (rate 0 unless a rate rule applies)
 *      so that events can assign them;
 *   2. compartments with rate rules (size);
 *   3. parameters with rate rules (value).
 *
 * Parameter vector p (Float64Array, model base units), length parameterIds.length + #compartments + #species:
 *   p[0 .. nP)              parameter values, in `parameterIds` order (parameterIndex maps id -> slot);
 *   p[nP .. nP+nC)          compartment sizes (layout.compartmentOffset + index in flat.compartments);
 *   p[nP+nC .. nP+nC+nS)    species initial values as in FlatSpecies.initial (amount or concentration per
 *                           initialKind; layout.speciesInitialOffset + index in flat.species).
 * Parameters and compartments that events assign live in p and are written by the event hooks, so each
 * simulation must work on its own copy of p (simulate() copies defaultParameters). Initial assignments to
 * parameters/compartments are written into p by initialState (in place).
 *
 * Rates (SBML): dAmount_i/dt = sum_r stoich_ir * rate_r for species that are neither boundary nor constant;
 * rate rule on a species with concentration semantics gives d[conc]/dt, so dAmount/dt = size * expr +
 * [conc] * d(size)/dt (d(size)/dt = the compartment's rate rule; a size set by a time-varying assignment rule
 * is refused with E_UNSUPPORTED_FEATURE).
 * Jacobian: each flux (reaction rate or rate rule) is rewritten in terms of state symbols (species symbol ->
 * y_s / size, assignment rules substituted), then differentiated symbolically w.r.t. only the state symbols it
 * references, simplified and generated; J[i][j] = sum_r stoich_ir * d rate_r / d y_j.
 * Kernel size: V8 optimises only functions below ~60 KB of bytecode, so the rates, sparse Jacobian and outputs
 * kernels of large models are emitted as chunk functions of bounded size called by a small driver (emitSumKernel
 * here, emitBody / CHUNK_WEIGHT in codegen.ts); state and parameter slots used once are read in place (p[12] *
 * y[598]) rather than copied to locals. The interpreter back end builds the same sums in the same order.
 */
import type { Expr, FunctionDef } from '../expr/ast.js';
import { collectIdentifiers, differentiate, generateJs, inlineFunctions, substitute } from '../expr/index.js';
import { binary, id as idNode, num, unary } from '../expr/traverse.js';
import { TIME } from '../expr/builtins.js';
import { ExosimError, diag, type Diagnostic } from '../diagnostics.js';
import type { FlatModel, FlatSpecies } from '../model/types.js';
import { toBaseFactor } from '../model/units.js';
import type { OdeSystem, SparsityPattern } from '../solvers/types.js';
import type { CompiledModel, OutputColumn, StateKind } from './types.js';
import { CHUNK_WEIGHT, LocalEmitter, callsFunction, chunkItems, emitBody, exprWeight, isZero, makeJsNames, type SymbolDef } from './codegen.js';
import { compileEvents } from './events.js';
import { AuxRegistry, type AuxProvider } from './aux.js';
import { planFastReactions } from './fast.js';
import { planAlgebraicRules } from './algebraic.js';
import { buildReactionSystem, type SsaReaction } from './stochastic.js';
import { DelayCalls, markDelayedRates } from './delay.js';
import { interpretKernel, type KernelIR, type Stmt } from './interpret.js';
import { withRateOfExpanded } from './rate-of.js';

export interface CompileOptions {
  /** Generate the analytic Jacobian (default true). */
  jacobian?: boolean;
  /**
   * How kernels are evaluated (default 'js'): 'js' generates specialised JavaScript with `new Function`;
   * 'interpret' walks pre-resolved expression trees (closures), for environments that forbid code generation
   * (browser Content-Security-Policy). With 'js', when `new Function` is unavailable (throws, e.g. EvalError
   * under CSP) the compiler falls back to 'interpret' by itself; CompiledModel.codegen says which was used.
   */
  codegen?: CodegenMode;
}

export type CodegenMode = 'js' | 'interpret';

/** True when `new Function` works here (false under a Content-Security-Policy without 'unsafe-eval'). */
export function codeGenerationAvailable(): boolean {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
}

/** Layout of the packed parameter vector (see the file comment). */
export interface ParameterLayout {
  nParameters: number;
  compartmentOffset: number;
  speciesInitialOffset: number;
  length: number;
}

/** Internal context shared with events.ts. */
export interface CompileContext {
  flat: FlatModel;
  defs: Map<string, SymbolDef>;
  names: Map<string, string>;
  stateIndex: Map<string, number>;
  parameterIndex: Map<string, number>;
  layout: ParameterLayout;
  assignmentRules: Map<string, Expr>;
  /** Inline user functions and refuse unsupported features. */
  prepare(e: Expr, where: string): Expr;
  speciesById: Map<string, FlatSpecies>;
  compartmentIds: Set<string>;
  /** Back end of the kernels. */
  codegen: CodegenMode;
}

/** `const`-free JS expression for `e`, emitting the locals it needs into `em`. */
export function jsOf(e: Expr, em: LocalEmitter, extra?: (name: string) => string | undefined): string {
  for (const n of collectIdentifiers(e)) if (!extra || extra(n) === undefined) em.need(n);
  return generateJs(e, (n) => (extra ? extra(n) : undefined) ?? em.resolve(n));
}

/** True when a species' declared unit is a concentration (length^-3), i.e. output as amount / size. */
export function declaredAsConcentration(s: FlatSpecies): boolean {
  return s.unit.dims[1] === -3;
}

/** `c1 * x1 + c2 * x2 - ...` as an expression with the same operations, in the same order, as signedSum. */
export function signedSumExpr(terms: [number, string][]): Expr {
  let acc: Expr | undefined;
  for (const [c, name] of terms) {
    const mag = Math.abs(c);
    const body = mag === 1 ? idNode(name) : binary('*', num(mag), idNode(name));
    if (acc === undefined) acc = c < 0 ? unary('-', body) : body;
    else acc = binary(c < 0 ? '-' : '+', acc, body);
  }
  return acc ?? num(0);
}

/** `e * f`, or `e` when f = 1. */
function withFactor(e: Expr, f: number): Expr {
  return f === 1 ? e : binary('*', e, num(f));
}

function signedSum(terms: [number, string][]): string {
  let s = '';
  for (const [c, name] of terms) {
    const mag = Math.abs(c);
    const body = mag === 1 ? name : `${mag} * ${name}`;
    if (s === '') s = c < 0 ? `-${body}` : body;
    else s += c < 0 ? ` - ${body}` : ` + ${body}`;
  }
  return s === '' ? '0' : s;
}

/** A kernel `out[row] = sum_k coef * item_k` (rates: fluxes -> dydt; sparse Jacobian: partials -> values). */
interface SumKernelSpec {
  /** Kernel name and output argument: function name(t, y, out). */
  name: string;
  out: string;
  /** Item values in order; `local(k)` names item k's local. */
  items: { expr: Expr; label: string }[];
  local: (k: number) => string;
  /** out[index] = sum of terms [coefficient, item index], in item order. */
  rows: { index: number; terms: [number, number][]; comment?: string; header?: string }[];
  defs: ReadonlyMap<string, SymbolDef>;
  names: ReadonlyMap<string, string>;
}

/** `c * v` as written in a sum: `v`, `2 * v`. */
const scaled = (c: number, v: string) => (Math.abs(c) === 1 ? v : `${Math.abs(c)} * ${v}`);

/**
 * Source of a sum kernel, and whether it was chunked.
 *  - Small (weight <= CHUNK_WEIGHT): one function, item values in locals, then each row as one signed sum
 *    `out[i] = -r0 + r1 + 2 * r3` (signedSum / signedSumExpr).
 *  - Large: `out.fill(0)`, then chunk functions `name_c(t, y, out)` (each small enough for V8 to optimise, see
 *    codegen.ts) compute each item and add it to its rows at once: `const r7 = ...; dydt[3] -= r7; dydt[9] += r7;`.
 *    Row i is then ((0 + c_a v_a) + c_b v_b) + ... in item order (accumulatedSumExpr): the interpreter builds the
 *    same sums. Measured on the 2,000-reaction network: ~2x faster than a flux buffer summed by a loop over tables,
 *    and a straight-line sum stage cost TurboFan seconds to compile.
 */
function emitSumKernel(spec: SumKernelSpec): { src: string; chunked: boolean } {
  const { name, out, items, rows, defs, names } = spec;
  const rowsOf: [number, number][][] = items.map(() => []); // item -> [out index, coefficient]
  for (const r of rows) {
    const terms = r.terms;
    for (let q = 0; q < terms.length; q++) rowsOf[terms[q]![1]]!.push([r.index, terms[q]![0]]);
  }
  const itemWeight = (k: number) => exprWeight(items[k]!.expr) + 1 + 2 * rowsOf[k]!.length;
  const ks = items.map((_, k) => k);
  const total = ks.reduce((a, k) => a + itemWeight(k), 0) + rows.reduce((a, r) => a + 1 + r.terms.length, 0);
  if (total <= CHUNK_WEIGHT) {
    const body = emitBody(
      ks.map((k) => ({ expr: items[k]!.expr, line: (js: string) => `    const ${spec.local(k)} = ${js}; // ${items[k]!.label}` })),
      defs,
      names,
    );
    const rowLines = rows.flatMap((r) => [
      ...(r.header ? [`    ${r.header}`] : []),
      `    ${out}[${r.index}] = ${signedSum(r.terms.map(([c, k]) => [c, spec.local(k)]))};${r.comment ? ` // ${r.comment}` : ''}`,
    ]);
    return { src: [`  function ${name}(t, y, ${out}) {`, ...body, ...rowLines, '  }'].join('\n'), chunked: false };
  }
  const chunks = chunkItems(ks, itemWeight);
  const src: string[] = [
    `  // ${name}: ${items.length} values in ${chunks.length} chunk functions ${name}_0.. (each small enough for V8 to optimise),`,
    `  // each value added to its ${out} entries as soon as it is computed.`,
  ];
  chunks.forEach((chunk, c) => {
    const body = emitBody(
      chunk.map((k) => ({
        expr: items[k]!.expr,
        line: (js: string) => {
          const v = spec.local(k);
          const to = rowsOf[k]!;
          let adds = '';
          for (let q = 0; q < to.length; q++) {
            const i = to[q]![0], cf = to[q]![1];
            adds += ` ${out}[${i}] ${cf < 0 ? '-' : '+'}= ${scaled(cf, v)};`;
          }
          return `    const ${v} = ${js};${adds} // ${items[k]!.label}`;
        },
      })),
      defs,
      names,
    );
    src.push(`  function ${name}_${c}(t, y, ${out}) {`, ...body, '  }');
  });
  src.push(`  function ${name}(t, y, ${out}) {`, `    ${out}.fill(0);`, ...chunks.map((_, c) => `    ${name}_${c}(t, y, ${out});`), '  }');
  return { src: src.join('\n'), chunked: true };
}

/** The value of a chunked kernel's row: ((0 +- c_a v_a) +- c_b v_b) ..., as `out[i] += c v` computes it. */
function accumulatedSumExpr(terms: [number, string][]): Expr {
  let acc: Expr = num(0);
  for (const [c, name] of terms) {
    const mag = Math.abs(c);
    acc = binary(c < 0 ? '-' : '+', acc, mag === 1 ? idNode(name) : binary('*', num(mag), idNode(name)));
  }
  return acc;
}

/** Factors of a product tree a * b * (c * d) -> [a, b, c, d]; a non-product is its own single factor. */
function productFactors(e: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === 'binary' && x.op === '*') stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

export function compileModel(flat: FlatModel, opts: CompileOptions = {}): CompiledModel {
  flat = withRateOfExpanded(markDelayedRates(flat)); // rateOf(x) -> an expression for dx/dt (rate-of.ts), before anything reads `flat`
  const wantJacobian = opts.jacobian ?? true;
  // 'js' unless asked otherwise or code generation is forbidden here (automatic fallback, recorded).
  const codegen: CodegenMode = opts.codegen === 'interpret' || !codeGenerationAvailable() ? 'interpret' : 'js';
  const problems: Diagnostic[] = [];
  const loc = (key: string) => flat.locations.get(key) ?? {};
  const fnDefs = new Map<string, FunctionDef>(flat.functions.map((f) => [f.id, f]));
  const delays = new DelayCalls(); // delay(e, tau) calls (delay.ts)

  const prepare = (e: Expr, where: string): Expr => {
    let out = e;
    try {
      out = fnDefs.size ? inlineFunctions(e, fnDefs) : e;
    } catch (err) {
      problems.push(diag('E_FUNCTION_INLINE', `${where}: ${(err as Error).message}.`, { ...loc(where), hint: 'Fix the function definition or its call.' }));
    }
    // delay(e, tau) -> a `$delay<k>` symbol read from an aux slot (delay.ts)
    // (ExoSim models locate a reaction by its id, SBML imports by `reactions.<id>`)
    if (callsFunction(out, 'delay')) out = delays.replace(out, where, problems, { ...loc(where.replace(/^reactions\./, '')), ...loc(where) });
    return out;
  };

  const speciesById = new Map(flat.species.map((s) => [s.id, s]));
  const compartmentIds = new Set(flat.compartments.map((c) => c.id));
  const assignmentRules = new Map(flat.assignmentRules.map((r) => [r.variable, prepare(r.expr, r.variable)]));
  const rateRules = new Map(flat.rateRules.map((r) => [r.variable, prepare(r.expr, r.variable)]));
  const initialAssignments = new Map(flat.initialAssignments.map((r) => [r.variable, prepare(r.expr, r.variable)]));

  // ----------------------------------------------------------------------------------------- state layout
  const stateIds: string[] = [];
  const stateKinds: StateKind[] = [];
  const algebraicTargets = new Set((flat.algebraicRules ?? []).map((r) => r.variable));
  for (const s of flat.species) {
    if (assignmentRules.has(s.id) || algebraicTargets.has(s.id)) continue;
    stateIds.push(s.id);
    stateKinds.push('species');
  }
  for (const c of flat.compartments) {
    if (rateRules.has(c.id)) {
      stateIds.push(c.id);
      stateKinds.push('compartment');
    }
  }
  for (const p of flat.parameters) {
    if (rateRules.has(p.id)) {
      stateIds.push(p.id);
      stateKinds.push('parameter');
    }
  }
  const n = stateIds.length;
  const stateIndex = new Map(stateIds.map((s, i) => [s, i]));

  const parameterIds = flat.parameters.map((p) => p.id);
  const parameterIndex = new Map(parameterIds.map((s, i) => [s, i]));
  const nP = parameterIds.length;
  const layout: ParameterLayout = {
    nParameters: nP,
    compartmentOffset: nP,
    speciesInitialOffset: nP + flat.compartments.length,
    length: nP + flat.compartments.length + flat.species.length,
  };
  // Auxiliary slots p[auxOffset ..) (aux.ts): algebraic variables and delayed values, written by providers
  // before kernels run. allocAux reserves consecutive slots; providers register in auxProviders.
  const auxOffset = layout.length;
  let nAux = 0;
  const allocAux = (count: number): number => {
    const o = auxOffset + nAux;
    nAux += count;
    return o;
  };
  const auxProviders: AuxProvider[] = [];
  // Fast reactions (fast.ts): equilibrated amounts of their species live in aux slots.
  const fastPlan = planFastReactions(flat, stateIndex, allocAux);
  const fastSlot = (sid: string): number | undefined => fastPlan?.eqSlot.get(sid);
  // Implicit algebraic rules (algebraic.ts): their variables live in aux slots, solved by Newton's method.
  const algPlan = planAlgebraicRules(flat.algebraicRules ?? [], allocAux, (v) => {
    const par = flat.parameters.find((x) => x.id === v);
    if (par) return par.value;
    const comp = flat.compartments.find((x) => x.id === v);
    if (comp) return comp.size;
    const sp = speciesById.get(v);
    if (!sp) return NaN;
    const size = flat.compartments.find((x) => x.id === sp.compartment)?.size ?? 1;
    const amount = sp.initialKind === 'amount' ? sp.initial : sp.initial * size;
    return sp.hasOnlySubstanceUnits ? amount : amount / size; // the species' SBML value
  });
  const algSlot = (v: string): number | undefined => algPlan?.slot.get(v);
  const defaultParameters = new Float64Array(layout.length);
  flat.parameters.forEach((p, i) => (defaultParameters[i] = p.value));
  flat.compartments.forEach((c, j) => (defaultParameters[layout.compartmentOffset + j] = c.size));
  flat.species.forEach((s, k) => (defaultParameters[layout.speciesInitialOffset + k] = s.initial));
  const compIndex = new Map(flat.compartments.map((c, j) => [c.id, j]));
  const specIndex = new Map(flat.species.map((s, k) => [s.id, k]));

  // ----------------------------------------------------------------------------------------- symbol table
  const allIds = [...flat.parameters.map((p) => p.id), ...flat.compartments.map((c) => c.id), ...flat.species.map((s) => s.id)];
  const names = makeJsNames(allIds);
  const depsOf = (e: Expr) => [...collectIdentifiers(e)].filter((x) => x !== TIME);
  const ruleDef = (idv: string, e: Expr, note: string): SymbolDef => ({ id: idv, deps: depsOf(e), expr: e, note });
  const yId = (s: number) => idNode(`$y${s}`);
  const pId = (i: number) => idNode(`$p${i}`);

  const defs = new Map<string, SymbolDef>();
  flat.parameters.forEach((p, i) => {
    const rule = assignmentRules.get(p.id);
    const s = stateIndex.get(p.id);
    const as = algSlot(p.id);
    if (as !== undefined) defs.set(p.id, { id: p.id, deps: [], expr: pId(as), note: 'parameter, algebraic rule (solved)' });
    else if (rule) defs.set(p.id, ruleDef(p.id, rule, 'parameter, assignment rule'));
    else if (s !== undefined) defs.set(p.id, { id: p.id, deps: [], expr: yId(s), note: 'parameter, rate rule (state)' });
    else defs.set(p.id, { id: p.id, deps: [], expr: pId(i), note: 'parameter' });
  });
  flat.compartments.forEach((c, j) => {
    const rule = assignmentRules.get(c.id);
    const s = stateIndex.get(c.id);
    const as = algSlot(c.id);
    if (as !== undefined) defs.set(c.id, { id: c.id, deps: [], expr: pId(as), note: 'compartment size, algebraic rule (solved)' });
    else if (rule) defs.set(c.id, ruleDef(c.id, rule, 'compartment size, assignment rule'));
    else if (s !== undefined) defs.set(c.id, { id: c.id, deps: [], expr: yId(s), note: 'compartment size, rate rule (state)' });
    else defs.set(c.id, { id: c.id, deps: [], expr: pId(layout.compartmentOffset + j), note: 'compartment size' });
  });
  for (const sp of flat.species) {
    const rule = assignmentRules.get(sp.id);
    const s = stateIndex.get(sp.id);
    const as = algSlot(sp.id);
    if (as !== undefined) defs.set(sp.id, { id: sp.id, deps: [], expr: pId(as), note: `species ${sp.hasOnlySubstanceUnits ? 'amount' : 'concentration'}, algebraic rule (solved)` });
    else if (rule) defs.set(sp.id, ruleDef(sp.id, rule, `species ${sp.hasOnlySubstanceUnits ? 'amount' : 'concentration'}, assignment rule`));
    else {
      const fs = fastSlot(sp.id);
      const amount = fs !== undefined ? pId(fs) : yId(s!); // fast species: the equilibrated amount (fast.ts)
      if (sp.hasOnlySubstanceUnits) defs.set(sp.id, { id: sp.id, deps: [], expr: amount, note: 'species amount' });
      else defs.set(sp.id, { id: sp.id, deps: [sp.compartment], expr: binary('/', amount, idNode(sp.compartment)), note: 'concentration' });
    }
  }
  delays.bind(defs, names, allocAux); // `$delay<k>` symbols = aux slots (delay.ts)

  // ----------------------------------------------------------------------------------------- fluxes
  interface Flux {
    label: string;
    expr: Expr;
    terms: [number, number][]; // [state index, coefficient]
  }
  const fluxes: Flux[] = [];
  const ssaReactions: SsaReaction[] = []; // the same reactions, for the stochastic engines (stochastic.ts)
  for (const r of flat.reactions) {
    if (r.fast && fastPlan) {
      ssaReactions.push({ id: r.id, rate: r.rate, terms: [], variableStoichiometry: false, fast: true });
      continue; // at equilibrium: eliminated (fast.ts)
    }
    const net = new Map<string, number>();
    /** Species references whose stoichiometry varies in time: their own flux stoich(t) * rate, coefficient +-1. */
    const varying: { species: string; sign: number; stoich: Expr }[] = [];
    for (const ref of r.reactants) {
      if (ref.stoichiometryExpr) varying.push({ species: ref.species, sign: -1, stoich: ref.stoichiometryExpr });
      else net.set(ref.species, (net.get(ref.species) ?? 0) - ref.stoichiometry);
    }
    for (const ref of r.products) {
      if (ref.stoichiometryExpr) varying.push({ species: ref.species, sign: 1, stoich: ref.stoichiometryExpr });
      else net.set(ref.species, (net.get(ref.species) ?? 0) + ref.stoichiometry);
    }
    const terms: [number, number][] = [];
    for (const [sid, c] of net) {
      const sp = speciesById.get(sid);
      if (!sp || c === 0 || sp.boundaryCondition || sp.constant) continue;
      const s = stateIndex.get(sid);
      if (s === undefined) {
        problems.push(diag('E_SPECIES_RULE_AND_REACTION', `Species '${sid}' is set by an assignment rule and also changed by reaction '${r.id}'.`, { ...loc(`reactions.${r.id}`), hint: 'Set boundaryCondition: true on the species, or remove the rule.' }));
        continue;
      }
      terms.push([s, c]);
    }
    const rateExpr = prepare(r.rate, `reactions.${r.id}`);
    fluxes.push({ label: `reaction ${r.id}`, expr: rateExpr, terms });
    ssaReactions.push({ id: r.id, rate: rateExpr, terms, variableStoichiometry: varying.length > 0, fast: false });
    for (const v of varying) {
      const sp = speciesById.get(v.species);
      const s = stateIndex.get(v.species);
      if (!sp || sp.boundaryCondition || sp.constant || s === undefined) continue;
      // d(amount)/dt += sign * stoichiometry(t) * rate (SBML L3V2 section 4.11.3, variable stoichiometry)
      fluxes.push({ label: `reaction ${r.id}, variable stoichiometry of ${v.species}`, expr: binary('*', prepare(v.stoich, `reactions.${r.id}`), rateExpr), terms: [[s, v.sign]] });
    }
  }
  // True when `x` may change continuously in time: it is state, or time, or (through assignment rules) depends
  // on state or time.
  const varyMemo = new Map<string, boolean>();
  const varies = (x: string): boolean => {
    if (x === TIME || stateIndex.has(x)) return true;
    const known = varyMemo.get(x);
    if (known !== undefined) return known;
    varyMemo.set(x, true); // cycles (rejected elsewhere) count as varying
    const rule = assignmentRules.get(x);
    const r = rule ? [...collectIdentifiers(rule)].some(varies) : false;
    varyMemo.set(x, r);
    return r;
  };
  for (const [v, e] of rateRules) {
    const s = stateIndex.get(v);
    if (s === undefined) continue;
    const sp = speciesById.get(v);
    let expr = e;
    if (sp && !sp.hasOnlySubstanceUnits) {
      // Species with concentration semantics: the rule gives d[c]/dt; amount n = [c] V, so (product rule)
      // dn/dt = V d[c]/dt + [c] dV/dt, with dV/dt the compartment's rate rule (0 for a size constant between
      // events). SBML L3V2 section 4.9.4; SBML Test Suite 01505-01513.
      expr = binary('*', idNode(sp.compartment), e);
      const dV = rateRules.get(sp.compartment);
      if (dV) expr = binary('+', expr, binary('*', idNode(sp.id), dV));
      else if (assignmentRules.has(sp.compartment) && varies(sp.compartment)) {
        problems.push(
          diag('E_UNSUPPORTED_FEATURE', `Species '${v}' has a rate rule for its concentration, but the size of its compartment '${sp.compartment}' is set by an assignment rule that varies in time; the compiler does not support the time derivative of that rule.`, {
            ...loc(v),
            hint: `Give compartment '${sp.compartment}' a rate rule instead, or set hasOnlySubstanceUnits: true on '${v}' and write the rule for its amount.`,
          }),
        );
        continue;
      }
    }
    fluxes.push({ label: `rate rule d(${v})/dt`, expr, terms: [[s, 1]] });
  }
  // Event expressions are compiled later (events.ts); check them for unsupported calls now, before any code is generated.
  for (const ev of flat.events) {
    for (const [e, w] of [[ev.trigger, 'trigger'], [ev.delay, 'delay'], [ev.priority, 'priority']] as const) if (e) prepare(e, `events.${ev.id}.${w}`);
    for (const a of ev.assignments) prepare(a.expr, `events.${ev.id}.assignments.${a.variable}`);
  }
  if (problems.length) throw new ExosimError(problems);

  // ----------------------------------------------------------------------------------------- rates code
  // dydt_i = sum_k stoich_ik * flux_k (signedSum, terms in flux order). One function when small; otherwise flux
  // chunks write the flux values into a buffer r, then row chunks sum them (the same operations in the same
  // order: values are identical either way, and to the interpreter's single kernel).
  const ratesIrEm = LocalEmitter.irOnly(defs, names);
  const ratesStmts: Stmt[] = [{ kind: 'locals' }];
  fluxes.forEach((f, k) => {
    ratesIrEm.needIn(f.expr);
    ratesStmts.push({ kind: 'local', name: `#r${k}`, expr: f.expr });
  });
  const rows: [number, number][][] = Array.from({ length: n }, () => []);
  fluxes.forEach((f, k) => {
    for (let q = 0; q < f.terms.length; q++) rows[f.terms[q]![0]]!.push([f.terms[q]![1], k]);
  });
  const ratesKernel = emitSumKernel({
    name: 'rates',
    out: 'dydt',
    items: fluxes.map((f) => ({ expr: f.expr, label: f.label })),
    local: (k) => `r${k}`,
    rows: rows.map((terms, i) => ({ index: i, terms, comment: stateIds[i]! })),
    defs,
    names,
  });
  const ratesSrc = ratesKernel.src;
  const rowSum = ratesKernel.chunked ? accumulatedSumExpr : signedSumExpr;
  // The row sums of the interpreted kernel (the JavaScript back end never reads the IR's statements).
  if (codegen === 'interpret') rows.forEach((terms, i) => ratesStmts.push({ kind: 'store', to: 'out', index: i, expr: rowSum(terms.map(([c, k]) => [c, `#r${k}`])) }));
  const ratesIR = ratesIrEm.kernel(ratesStmts);

  // ----------------------------------------------------------------------------------------- Jacobian code
  let jacSrc = '';
  let sparsity: SparsityPattern | undefined;
  let jacIR: KernelIR | undefined;
  if (wantJacobian && n > 0) {
    try {
      const built = buildJacobian();
      jacSrc = built.src;
      sparsity = built.sparsity;
      jacIR = built.ir;
    } catch (err) {
      if (err instanceof ExosimError) throw err;
      jacSrc = ''; // a function without a derivative rule: solvers fall back to finite differences
      sparsity = undefined;
      jacIR = undefined;
    }
  }

  function buildJacobian(): { src: string; sparsity: SparsityPattern; ir: KernelIR } {
    const yName = (s: number) => `$y${s}`;
    const expanded = new Map<string, Expr>();
    const onStack = new Set<string>();
    // Replacement of a symbol by its expression in state symbols ($y<s>), or undefined for constants in p.
    const replace = (name: string): Expr | undefined => {
      if (name === TIME) return undefined;
      const done = expanded.get(name);
      if (done) return done;
      let out: Expr | undefined;
      const rule = assignmentRules.get(name);
      const s = stateIndex.get(name);
      if (rule) {
        if (onStack.has(name)) throw new ExosimError([diag('E_RULE_CYCLE', `Assignment rules form a cycle through '${name}'.`, { hint: 'Break the cycle.' })]);
        onStack.add(name);
        out = substitute(rule, replace);
        onStack.delete(name);
      } else if (s !== undefined) {
        const sp = speciesById.get(name);
        if (sp && !sp.hasOnlySubstanceUnits) out = binary('/', idNode(yName(s)), replace(sp.compartment) ?? idNode(sp.compartment));
        else out = idNode(yName(s));
      }
      if (out) expanded.set(name, out);
      return out;
    };
    const irEm = LocalEmitter.irOnly(defs, names);
    const jacStmts: Stmt[] = [{ kind: 'locals' }];
    /** Partial derivatives d flux_k / d y_j, in generation order (the items of the sum kernel). */
    const partials: { expr: Expr; label: string }[] = [];
    // entries: row -> col -> terms [coefficient, partial index]
    const entries: Map<number, [number, number][]>[] = Array.from({ length: n }, () => new Map());
    const addPartial = (_k: number, j: number, expr: Expr, f: Flux) => {
      const m = partials.length;
      irEm.needIn(expr);
      jacStmts.push({ kind: 'local', name: `#d${m}`, expr });
      partials.push({ expr, label: `d(${f.label})/d(${stateIds[j]})` });
      for (let q = 0; q < f.terms.length; q++) {
        const row = entries[f.terms[q]![0]]!;
        const list = row.get(j);
        if (list) list.push([f.terms[q]![1], m]);
        else row.set(j, [[f.terms[q]![1], m]]);
      }
    };
    // A symbol is "direct" when it is a state variable whose symbol value is y_j (amount, size, value) or
    // y_j / V with V a constant compartment size from p; then d/dy_j = (1/V) d/dsymbol (chain rule) and the
    // flux can be differentiated without substitution (the common, fast case).
    const isConstInP = (name: string) => !assignmentRules.has(name) && !stateIndex.has(name);
    const direct = (name: string): boolean => {
      if (name === TIME) return true;
      if (assignmentRules.has(name)) return false;
      const sp = speciesById.get(name);
      if (sp && stateIndex.has(name) && !sp.hasOnlySubstanceUnits) return isConstInP(sp.compartment);
      return true;
    };
    fluxes.forEach((f, k) => {
      if (f.terms.length === 0) return;
      const ids = [...collectIdentifiers(f.expr)];
      if (ids.every(direct)) {
        const vars = ids.filter((x) => stateIndex.has(x)).sort((a, b) => stateIndex.get(a)! - stateIndex.get(b)!);
        // Mass-action fast path: rate = product of factors, v appears as exactly one factor `v` and nowhere
        // else -> d rate / d v = product of the other factors (no symbolic differentiation needed).
        const factors = productFactors(f.expr);
        const factorIds = factors.map((x) => (x.kind === 'id' ? undefined : collectIdentifiers(x)));
        for (const v of vars) {
          let expr: Expr;
          let hits = 0;
          let elsewhere = false;
          factors.forEach((x, i) => {
            if (x.kind === 'id' && x.name === v) hits++;
            else if (factorIds[i]?.has(v)) elsewhere = true;
          });
          if (hits === 1 && !elsewhere) {
            let skipped = false;
            const others = factors.filter((x) => {
              if (!skipped && x.kind === 'id' && x.name === v) return !(skipped = true);
              return true;
            });
            // the left-to-right product of the other factors
            expr = others.length ? others.reduce((a, b) => binary('*', a, b)) : num(1);
          } else {
            const d = differentiate(f.expr, v);
            if (isZero(d)) continue;
            expr = d;
          }
          const sp = speciesById.get(v);
          if (sp && !sp.hasOnlySubstanceUnits) expr = binary('/', expr, idNode(sp.compartment));
          addPartial(k, stateIndex.get(v)!, expr, f);
        }
        return;
      }
      const e = substitute(f.expr, replace);
      const vars = [...collectIdentifiers(e)].filter((x) => x.startsWith('$y')).sort((a, b) => +a.slice(2) - +b.slice(2));
      for (const v of vars) {
        const d = differentiate(e, v); // differentiate() returns a simplified derivative
        if (isZero(d)) continue;
        addPartial(k, +v.slice(2), d, f);
      }
    });
    const rowPtr = new Int32Array(n + 1);
    const cols: number[] = [];
    const sums: SumKernelSpec['rows'] = [];
    for (let i = 0; i < n; i++) {
      const row = entries[i]!;
      const js = [...row.keys()].sort((a, b) => a - b);
      js.forEach((j, q) => {
        const terms = row.get(j)!;
        sums.push({ index: cols.length, terms, ...(q === 0 ? { header: `// row ${i}: d(${stateIds[i]})/dt` } : {}) });
        cols.push(j);
      });
      rowPtr[i + 1] = cols.length;
    }
    const sparseKernel = emitSumKernel({ name: 'jacobianSparse', out: 'v', items: partials, local: (m) => `d${m}`, rows: sums, defs, names });
    const sparseSrc = sparseKernel.src;
    const valueSum = sparseKernel.chunked ? accumulatedSumExpr : signedSumExpr;
    if (codegen === 'interpret') for (const r of sums) jacStmts.push({ kind: 'store', to: 'out', index: r.index, expr: valueSum(r.terms.map(([c, m]) => [c, `#d${m}`])) });
    // Dense J is the sparse values scattered into a zeroed n x n row-major matrix (one copy of the code).
    const src = [
      sparseSrc,
      `  const jacPos = new Int32Array(${cols.length});`,
      `  { const rp = [${Array.from(rowPtr).join(',')}], ci = [${cols.join(',')}];`,
      `    for (let i = 0; i < ${n}; i++) for (let k = rp[i]; k < rp[i + 1]; k++) jacPos[k] = i * ${n} + ci[k]; }`,
      `  const jacBuf = new Float64Array(${cols.length});`,
      '  function jacobian(t, y, J) {',
      '    J.fill(0);',
      '    jacobianSparse(t, y, jacBuf);',
      `    for (let k = 0; k < ${cols.length}; k++) J[jacPos[k]] = jacBuf[k];`,
      '  }',
    ].join('\n');
    return { src, sparsity: { n, rowPtr, colIdx: Int32Array.from(cols) }, ir: irEm.kernel(jacStmts) };
  }

  const kernelSrc = ['"use strict";', ratesSrc, jacSrc, `  return { rates${jacSrc ? ', jacobian, jacobianSparse' : ''} };`].join('\n');
  type OdeKernels = {
    rates: OdeSystem['rates'];
    jacobian?: (t: number, y: Float64Array, J: Float64Array) => void;
    jacobianSparse?: (t: number, y: Float64Array, v: Float64Array) => void;
  };
  // The generated source is compiled by V8 on first use (odeSystem), not here: parsing ~0.6 MB of kernels for a
  // 2,000-reaction network costs ~20 ms that a caller who only inspects the model (or `code`) never needs.
  let kernelFactoryFn: ((p: Float64Array) => OdeKernels) | undefined =
    codegen === 'js' ? undefined : interpretOdeKernels(ratesIR, jacIR, sparsity);
  const kernelFactory = (params: Float64Array): OdeKernels =>
    (kernelFactoryFn ??= new Function('p', kernelSrc) as (p: Float64Array) => OdeKernels)(params);

  // ----------------------------------------------------------------------------------------- initial state
  const initDefs = new Map<string, SymbolDef>();
  // algebraic variables: their solved aux slot (refreshed before and after the initial-state kernel)
  for (const [v, slot] of algPlan?.slot ?? []) initDefs.set(v, { id: v, deps: [], expr: pId(slot), note: 'algebraic rule (solved)' });
  flat.parameters.forEach((p, i) => {
    if (algSlot(p.id) !== undefined) return;
    const e = initialAssignments.get(p.id) ?? assignmentRules.get(p.id);
    initDefs.set(p.id, e ? ruleDef(p.id, e, initialAssignments.has(p.id) ? 'initial assignment' : 'assignment rule') : { id: p.id, deps: [], expr: pId(i), note: 'parameter' });
  });
  flat.compartments.forEach((c, j) => {
    if (algSlot(c.id) !== undefined) return;
    const e = initialAssignments.get(c.id) ?? assignmentRules.get(c.id);
    initDefs.set(c.id, e ? ruleDef(c.id, e, initialAssignments.has(c.id) ? 'initial assignment' : 'assignment rule') : { id: c.id, deps: [], expr: pId(layout.compartmentOffset + j), note: 'compartment size' });
  });
  flat.species.forEach((sp, k) => {
    if (algSlot(sp.id) !== undefined) return;
    const e = initialAssignments.get(sp.id) ?? assignmentRules.get(sp.id);
    if (e) {
      initDefs.set(sp.id, ruleDef(sp.id, e, initialAssignments.has(sp.id) ? 'initial assignment' : 'assignment rule'));
      return;
    }
    const slot = pId(layout.speciesInitialOffset + k);
    // symbol value: concentration unless hasOnlySubstanceUnits
    const isAmount = sp.initialKind === 'amount';
    const size = idNode(sp.compartment);
    const expr = sp.hasOnlySubstanceUnits ? (isAmount ? slot : binary('*', slot, size)) : isAmount ? binary('/', slot, size) : slot;
    initDefs.set(sp.id, { id: sp.id, deps: [sp.compartment], expr, note: `initial ${sp.initialKind}` });
  });
  delays.bind(initDefs, names, allocAux);
  const initEm = new LocalEmitter(initDefs, names);
  const initOut: string[] = [];
  const initStmts: Stmt[] = [{ kind: 'locals' }];
  stateIds.forEach((sid, s) => {
    const sp = speciesById.get(sid);
    if (sp && !initialAssignments.has(sid)) {
      // plain initial value: write the amount directly (no amount / size * size round trip)
      const pi = layout.speciesInitialOffset + specIndex.get(sid)!;
      const slot = `p[${pi}]`;
      if (sp.initialKind === 'amount') {
        initOut.push(`    y[${s}] = ${slot}; // ${sid} initial amount`);
        initStmts.push({ kind: 'store', to: 'y', index: s, expr: pId(pi) });
      } else {
        initEm.need(sp.compartment);
        initOut.push(`    y[${s}] = ${slot} * ${initEm.resolve(sp.compartment)}; // ${sid} amount = initial concentration * size`);
        initStmts.push({ kind: 'store', to: 'y', index: s, expr: binary('*', pId(pi), idNode(sp.compartment)) });
      }
      return;
    }
    initEm.need(sid);
    if (sp && !sp.hasOnlySubstanceUnits) {
      initEm.need(sp.compartment);
      initOut.push(`    y[${s}] = ${names.get(sid)} * ${initEm.resolve(sp.compartment)}; // ${sid} amount = concentration * size`);
      initStmts.push({ kind: 'store', to: 'y', index: s, expr: binary('*', idNode(sid), idNode(sp.compartment)) });
    } else {
      initOut.push(`    y[${s}] = ${names.get(sid)}; // ${sid}`);
      initStmts.push({ kind: 'store', to: 'y', index: s, expr: idNode(sid) });
    }
  });
  const iaTargetsInP: [string, number][] = [];
  for (const v of initialAssignments.keys()) {
    const slot = parameterIndex.get(v) ?? (compIndex.has(v) ? layout.compartmentOffset + compIndex.get(v)! : undefined);
    if (slot === undefined) continue;
    initEm.need(v);
    initOut.push(`    p[${slot}] = ${names.get(v)}; // ${v} (initial assignment)`);
    initStmts.push({ kind: 'store', to: 'p', index: slot, expr: idNode(v) });
    iaTargetsInP.push([v, slot]);
  }
  const initSrc = ['"use strict";', ...initEm.lines, ...initOut].join('\n');
  type InitFn = (t: number, p: Float64Array, y: Float64Array) => void;
  let initFnImpl: InitFn | undefined = codegen === 'js' ? undefined : interpretInit(initEm.kernel(initStmts));
  const initFn: InitFn = (t, p, y) => (initFnImpl ??= new Function('t', 'p', 'y', initSrc) as InitFn)(t, p, y); // compiled on first use

  const initialState = (params: Float64Array, t0: number): Float64Array => {
    const y = new Float64Array(n);
    initFn(t0, params, y);
    const bad: Diagnostic[] = [];
    const report = (v: string, value: number) =>
      bad.push(
        diag('E_INITIAL_VALUE_NOT_FINITE', `Initial value of '${v}' is ${value} (not finite) at t = ${t0}.`, {
          ...(flat.locations.get(v) ?? flat.locations.get(`initialAssignments.${v}`) ?? {}),
          hint: 'Give it a finite initial value, or fix the initial assignment / rule that computes it (division by zero? missing value?).',
        }),
      );
    stateIds.forEach((v, s) => {
      if (!Number.isFinite(y[s]!)) report(v, y[s]!);
    });
    // Parameters and compartment sizes set by initial assignments may be infinite (SBML allows INF; a state
    // cannot be integrated from it, but a parameter is just a value): only NaN is an error for them.
    // A NaN written as such (SBML <notanumber/>, 01813) is meant; a NaN computed (0/0, a missing value) is not.
    for (const [v, slot] of iaTargetsInP) {
      const e = initialAssignments.get(v);
      const literalNaN = e?.kind === 'num' && Number.isNaN(e.value);
      if (Number.isNaN(params[slot]!) && !literalNaN) report(v, params[slot]!);
    }
    if (bad.length) throw new ExosimError(bad);
    return y;
  };

  // ----------------------------------------------------------------------------------------- outputs
  const eventTargets = new Set(flat.events.flatMap((e) => e.assignments.map((a) => a.variable)));
  const outputs: OutputColumn[] = [];
  const outEm = LocalEmitter.irOnly(defs, names); // locals of the interpreted kernel (the generated code: emitBody)
  const outItems: { expr: Expr; label: string }[] = [];
  const outStmts: Stmt[] = [{ kind: 'locals' }];
  const push = (col: OutputColumn, expr: Expr) => {
    outEm.needIn(expr);
    outItems.push({ expr, label: `${col.id} [${col.unit}]` });
    outStmts.push({ kind: 'store', to: 'out', index: outputs.length, expr });
    outputs.push(col);
  };
  for (const sp of flat.species) {
    const conc = declaredAsConcentration(sp);
    const s = stateIndex.get(sp.id);
    let expr: Expr;
    const sizeE = idNode(sp.compartment);
    if (s !== undefined) {
      const fs = fastSlot(sp.id);
      const amount = fs !== undefined ? pId(fs) : yId(s); // state holds the amount (fast species: equilibrated, in p)
      expr = conc ? binary('/', amount, sizeE) : amount;
    } else {
      const symE = idNode(sp.id);
      if (conc) expr = sp.hasOnlySubstanceUnits ? binary('/', symE, sizeE) : symE;
      else expr = sp.hasOnlySubstanceUnits ? symE : binary('*', symE, sizeE);
    }
    push({ id: sp.id, unit: sp.unit.text, kind: 'species' }, withFactor(expr, sp.outputFactor));
  }
  const baseUnits = flat.units;
  for (const c of flat.compartments) {
    if (!assignmentRules.has(c.id) && !rateRules.has(c.id) && !eventTargets.has(c.id) && !algebraicTargets.has(c.id)) continue;
    const f = 1 / toBaseFactor(baseUnits, c.unit);
    push({ id: c.id, unit: c.unit.text, kind: 'compartment' }, withFactor(idNode(c.id), f));
  }
  for (const p of flat.parameters) {
    if (!assignmentRules.has(p.id) && !rateRules.has(p.id) && !eventTargets.has(p.id) && !algebraicTargets.has(p.id)) continue;
    const f = p.unit ? 1 / toBaseFactor(baseUnits, p.unit) : 1;
    push({ id: p.id, unit: p.unit?.text ?? 'dimensionless', kind: 'parameter' }, withFactor(idNode(p.id), f));
  }
  for (const o of flat.observables) {
    const e = prepare(o.expr, `observables.${o.id}`);
    const f = o.unit ? 1 / toBaseFactor(baseUnits, o.unit) : 1;
    push({ id: o.id, unit: o.unit?.text ?? 'dimensionless', kind: 'observable' }, withFactor(e, f));
  }
  if (problems.length) throw new ExosimError(problems);
  // One function, or chunk functions of bounded size (codegen.ts) called in order for many outputs.
  const outLine = (k: number) => (js: string) => `    out[${k}] = ${js}; // ${outItems[k]!.label}`;
  const outChunks = chunkItems(
    outItems.map((_, k) => k),
    (k) => exprWeight(outItems[k]!.expr) + 2,
  );
  const outBody = (ks: number[]) => emitBody(ks.map((k) => ({ expr: outItems[k]!.expr, line: outLine(k) })), defs, names);
  const outSrc = [
    '"use strict";',
    ...(outChunks.length <= 1
      ? ['  return function outputs(t, y, p, out) {', ...outBody(outChunks[0] ?? []), '  };']
      : [
          ...outChunks.flatMap((ks, c) => [`  function outputs_${c}(t, y, p, out) {`, ...outBody(ks), '  }']),
          '  return function outputs(t, y, p, out) {',
          ...outChunks.map((_, c) => `    outputs_${c}(t, y, p, out);`),
          '  };',
        ]),
  ].join('\n');
  type OutFn = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;
  let outFnImpl: OutFn | undefined = codegen === 'js' ? undefined : interpretOutputs(outEm.kernel(outStmts));
  const outFn: OutFn = (t, y, p, out) => (outFnImpl ??= (new Function(outSrc) as () => OutFn)())(t, y, p, out); // compiled on first use

  // Expression-list kernels for aux providers: out[k] <- exprs[k] at (t, y, p), with the model's symbol table
  // (rules, concentrations, aux slots), in either back end; compiled on first use.
  function exprListKernel(exprs: readonly Expr[], label: string): OutFn {
    let impl: OutFn | undefined;
    return (t, y, p, out) => {
      if (!impl) {
        if (codegen === 'interpret') {
          const em = LocalEmitter.irOnly(defs, names);
          const stmts: Stmt[] = [{ kind: 'locals' }];
          exprs.forEach((e, k) => {
            em.needIn(e);
            stmts.push({ kind: 'store', to: 'out', index: k, expr: e });
          });
          impl = interpretOutputs(em.kernel(stmts));
        } else {
          const body = emitBody(exprs.map((e, k) => ({ expr: e, line: (js: string) => `    out[${k}] = ${js}; // ${label} ${k}` })), defs, names);
          impl = (new Function(['"use strict";', '  return function aux(t, y, p, out) {', ...body, '  };'].join('\n')) as () => OutFn)();
        }
      }
      impl(t, y, p, out);
    };
  }
  void exprListKernel;

  // ----------------------------------------------------------------------------------------- atol scale
  const atolScale = new Float64Array(n).fill(1);
  stateIds.forEach((sid, s) => {
    const sp = speciesById.get(sid);
    if (!sp) return;
    // declared value x_decl -> base amount: amount = x_decl / outputFactor (* size when declared as concentration)
    const j = compIndex.get(sp.compartment);
    const size = j !== undefined ? defaultParameters[layout.compartmentOffset + j]! : 1;
    const f = (declaredAsConcentration(sp) ? Math.abs(size) : 1) / sp.outputFactor;
    atolScale[s] = Number.isFinite(f) && f > 0 ? f : 1;
  });

  // ----------------------------------------------------------------------------------------- events
  const ctx: CompileContext = {
    flat,
    defs,
    names,
    stateIndex,
    parameterIndex,
    layout,
    assignmentRules,
    prepare,
    speciesById,
    compartmentIds,
    codegen,
  };
  const events = compileEvents(ctx);
  if (problems.length) throw new ExosimError(problems);

  // ----------------------------------------------------------------------------------------- code text
  const stateDoc = stateIds.map((sid, s) => `//   y[${s}] ${sid} (${stateKinds[s]}${stateKinds[s] === 'species' ? ' amount' : ''})`).join('\n');
  const code = [
    `// ExoSim generated kernels for model '${flat.id}'${flat.name ? ` (${flat.name})` : ''}`,
    `// ${n} state variables, ${flat.reactions.length} reactions, ${flat.rateRules.length} rate rules, ${flat.assignmentRules.length} assignment rules, ${flat.events.length} events.`,
    `// Units: time ${flat.units.time.text}, substance ${flat.units.substance.text}, volume ${flat.units.volume.text}.`,
    '// State vector:',
    stateDoc,
    `// Parameter vector p: [0, ${nP}) parameters, [${layout.compartmentOffset}, ${layout.speciesInitialOffset}) compartment sizes, [${layout.speciesInitialOffset}, ${layout.length}) species initial values.`,
    '',
    '// ---- kernels: new Function("p", ...) ----',
    kernelSrc,
    '',
    '// ---- initial state: new Function("t", "p", "y", ...) ----',
    initSrc,
    '',
    '// ---- outputs: new Function(...)() returns outputs(t, y, p, out) ----',
    outSrc,
    ...(events ? ['', '// ---- events: new Function("p", ...) ----', events.code] : []),
  ].join('\n');

  // ----------------------------------------------------------------------------------------- aux wrappers
  // With aux providers (aux.ts), every entry point first lets them write their slots of p for (t, y).
  // Delayed values (delay.ts): looked up in the run's solution history; slopes from the model's rates.
  const delayProvider = delays.provider({ n, paramLength: auxOffset, defs, kernel: exprListKernel, initial: initFn, rates: (p) => compiled.odeSystem(p).rates, location: loc });
  if (delayProvider) auxProviders.push(delayProvider);
  if (algPlan) auxProviders.unshift(algPlan.provider(exprListKernel, prepare)); // before delays (which may read them)
  if (fastPlan) auxProviders.unshift(fastPlan.provider(exprListKernel, prepare)); // first: others may read fast species
  const aux = new AuxRegistry(auxProviders);
  const fullDefaults = nAux ? new Float64Array(auxOffset + nAux) : defaultParameters;
  if (nAux) fullDefaults.set(defaultParameters);
  const initialStateAux = aux.empty
    ? initialState
    : (params: Float64Array, t0: number): Float64Array => {
        // A new run on this parameter vector. Initial assignments may read aux values (an algebraic variable),
        // which need the state: compute, refresh, and compute again.
        aux.start(params, t0);
        const refresh = aux.refresher(params, t0);
        const y0 = new Float64Array(n);
        initFn(t0, params, y0);
        refresh(t0, y0);
        const y = initialState(params, t0);
        refresh(t0, y);
        return y;
      };

  const compiled: CompiledModel & { layout: ParameterLayout } = {
    flat,
    stateIds,
    stateKinds,
    stateIndex,
    parameterIds,
    parameterIndex,
    defaultParameters: fullDefaults,
    initialState: initialStateAux,
    odeSystem(params: Float64Array): OdeSystem {
      const k = kernelFactory(params);
      if (!aux.empty) {
        const t0 = 0;
        const refresh = aux.refresher(params, t0);
        const inner = k.rates;
        const maxStep = aux.maxStep;
        const sys: OdeSystem = {
          n,
          rates(t, y, dydt) {
            refresh(t, y);
            inner(t, y, dydt);
          },
          ...(maxStep !== undefined ? { maxStep } : {}),
        };
        const cb = aux.stepCallback(params, t0);
        if (cb) sys.stepAccepted = cb;
        const bp = aux.breakpoints(params, t0);
        if (bp) sys.nextBreakpoint = bp;
        if (!aux.dependsOnState && k.jacobian && k.jacobianSparse && sparsity) {
          const jd = k.jacobian;
          const js = k.jacobianSparse;
          sys.jacobian = (t, y, J) => {
            refresh(t, y);
            jd(t, y, J);
          };
          sys.jacobianSparse = (t, y, v) => {
            refresh(t, y);
            js(t, y, v);
          };
          sys.sparsity = sparsity;
        }
        return sys;
      }
      const sys: OdeSystem = { n, rates: k.rates };
      if (k.jacobian && k.jacobianSparse && sparsity) {
        const sp = sparsity;
        return { n, rates: k.rates, jacobian: k.jacobian, jacobianSparse: k.jacobianSparse, sparsity: sp };
      }
      return sys;
    },
    eventHooks(params: Float64Array, t0: number, y0: Float64Array, opts?: { seed?: number }) {
      if (!events) return undefined;
      const seed = opts?.seed ?? 0;
      return aux.empty ? events.create(params, t0, y0, undefined, undefined, seed) : events.create(params, t0, y0, aux.refresher(params, t0), aux.committer(params, t0), seed);
    },
    eventsUseSeed: flat.events.filter((e) => e.priority !== undefined).length > 1,
    reactionSystem(params: Float64Array, opts?: { massAction?: boolean }) {
      return buildReactionSystem(
        {
          flat,
          defs,
          names,
          stateIds,
          stateIndex,
          reactions: ssaReactions,
          continuous: stateIds.map((id, i) => (rateRules.has(id) ? i : -1)).filter((i) => i >= 0),
          codegen,
          auxLabels: auxProviders.map((a) => a.label),
          compiled: () => compiled,
        },
        params,
        opts?.massAction !== false,
      );
    },
    outputs,
    computeOutputs: aux.empty
      ? (t, y, params, out) => outFn(t, y, params, out)
      : (t, y, params, out) => {
          aux.refreshOnce(params, t, t, y);
          outFn(t, y, params, out);
        },
    code,
    atolScale,
    codegen,
    layout,
  };
  return compiled;
}

// ------------------------------------------------------------------------------------------ interpreter back end

/** Rates and Jacobian kernels as interpreted closures (same statements as the generated source). */
function interpretOdeKernels(ratesIR: KernelIR, jacIR: KernelIR | undefined, sparsity: SparsityPattern | undefined): (p: Float64Array) => {
  rates: OdeSystem['rates'];
  jacobian?: (t: number, y: Float64Array, J: Float64Array) => void;
  jacobianSparse?: (t: number, y: Float64Array, v: Float64Array) => void;
} {
  const rk = interpretKernel(ratesIR);
  const jk = jacIR && sparsity ? interpretKernel(jacIR) : undefined;
  // Dense Jacobian = sparse values scattered into a zeroed n x n row-major matrix (as the generated code).
  let jacPos: Int32Array | undefined;
  if (jk && sparsity) {
    const { n, rowPtr, colIdx } = sparsity;
    jacPos = new Int32Array(colIdx.length);
    for (let i = 0; i < n; i++) for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) jacPos[k] = i * n + colIdx[k]!;
  }
  return (p) => {
    const rf = rk.frame(p);
    const rates = (t: number, y: Float64Array, dydt: Float64Array): void => {
      rf.t = t;
      rf.y = y;
      rf.out = dydt;
      rk.run(rf);
    };
    if (!jk || !jacPos) return { rates };
    const jf = jk.frame(p);
    const pos = jacPos;
    const buf = new Float64Array(pos.length);
    const jacobianSparse = (t: number, y: Float64Array, v: Float64Array): void => {
      jf.t = t;
      jf.y = y;
      jf.out = v;
      jk.run(jf);
    };
    const jacobian = (t: number, y: Float64Array, J: Float64Array): void => {
      J.fill(0);
      jacobianSparse(t, y, buf);
      for (let k = 0; k < pos.length; k++) J[pos[k]!] = buf[k]!;
    };
    return { rates, jacobian, jacobianSparse };
  };
}

function interpretInit(ir: KernelIR): (t: number, p: Float64Array, y: Float64Array) => void {
  const k = interpretKernel(ir);
  const f = k.frame(new Float64Array(0));
  return (t, p, y) => {
    f.t = t;
    f.p = p;
    f.y = y;
    k.run(f);
  };
}

function interpretOutputs(ir: KernelIR): (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void {
  const k = interpretKernel(ir);
  const f = k.frame(new Float64Array(0));
  return (t, y, p, out) => {
    f.t = t;
    f.y = y;
    f.p = p;
    f.out = out;
    k.run(f);
  };
}

/** The parameter-vector layout of a model compiled by compileModel. */
export function parameterLayout(c: CompiledModel): ParameterLayout {
  const l = (c as CompiledModel & { layout?: ParameterLayout }).layout;
  if (l) return l;
  const nP = c.parameterIds.length;
  return { nParameters: nP, compartmentOffset: nP, speciesInitialOffset: nP + c.flat.compartments.length, length: c.defaultParameters.length };
}
