/**
 * Delay differential equations: SBML's `delay(x, tau)` csymbol (L3V2 core spec, section 3.4.7) and ExoSim's
 * `delay(expr, tau)` call. The value of delay(e, tau) at time t is e evaluated at time t - tau, i.e. with the
 * state, the parameters and `time` in force at t - tau. tau is evaluated at the current time t (it may depend on
 * the state, on time and on other delays) and must be >= 0.
 *
 * Implementation (an aux provider, see aux.ts):
 *  - compile time (DelayCalls.replace, called by `prepare` in compile.ts after function inlining): every call
 *    delay(e, tau) is replaced by a symbol `$delay<k>` (identical calls share one symbol); the symbol's definition
 *    is the auxiliary slot p[slot_k] (DelayCalls.bind adds it to the compiler's symbol tables). The kernels
 *    (rates, Jacobian, outputs, events, initial state) therefore read delayed values like constants: the
 *    analytic Jacobian's d y(t - tau) / d y(t) = 0 is right (dependsOnState = false);
 *  - run time (refresh(t, y), before every kernel evaluation): for each distinct tau expression, tau is
 *    evaluated at (t, y, p); then the state at s = t - tau is read from the solution history (below), the
 *    parameters from the snapshot in force at s, and the delayed expressions are evaluated at (s, y(s), p(s))
 *    with kernels built by compile.ts's exprListKernel (both back ends);
 *  - history (stepAccepted, called by the ODE driver at t0, after every accepted step and after every event
 *    restart): points (t_i, y_i, f_i = dy/dt(t_i)) with f from the model's rates, for the state components the
 *    delayed expressions read. Between two points the state is the cubic Hermite interpolant
 *        y(s) = h00(th) y_i + h10(th) h f_i + h01(th) y_i+1 + h11(th) h f_i+1,   th = (s - t_i) / h, h = t_i+1 - t_i
 *        h00 = 2th^3 - 3th^2 + 1, h10 = th^3 - 2th^2 + th, h01 = -2th^3 + 3th^2, h11 = th^3 - th^2
 *    (local error O(h^4), the order of DOPRI5's dense output; Hairer, Norsett & Wanner, Solving ODEs I, II.17,
 *    and Bellen & Zennaro, Numerical Methods for Delay Differential Equations, 2003, ch. 3 for the method of
 *    steps with continuous extensions). An event restart at t_e keeps both sides of the jump: the left value
 *    (interpolated from the step that crossed t_e, whose later points are dropped) and the right value (the state
 *    after the event). A lookup exactly at t_e reads the right value: SBML values are right-continuous (a
 *    variable's value at an event time is the value after the event executes).
 *    Lookups later than the last point (tau smaller than the step being attempted, e.g. tau = time / 2 near
 *    t0) use the quadratic through (t_last, y_last) with slope f_last and the current (t, y); tau = 0 gives the
 *    current state exactly. For constant delays the step could be bounded by the smallest tau instead (no
 *    lookup inside the current step); that needs a solver setting and is left to the caller (maxStep).
 *  - before the start (s < t0): SBML gives the delayed value of x before the simulation as x's initial value
 *    "as a function of time": the initial state and initial assignments are evaluated at time s (suite 00937,
 *    00941: an assignment rule or initial assignment sin(10 time) is seen oscillating before t0; a species with
 *    a constant initial value is seen constant).
 *  - parameters: events change parameters and compartment sizes in p; a snapshot of p is stored at every event
 *    restart where p changed, and a lookup at s uses the snapshot in force at s (suite 01593: delay(Q, 1) of a
 *    parameter incremented by events).
 *
 * Outputs: simulate() computes output rows after the integration, on copies of p (the parameters in force at
 * each row). A run that never recorded a step (such a copy) reads the history of the last run of this model
 * that did. So the history is not pruned (the outputs may look back to any time); to keep it small only the
 * state components the delayed expressions read are stored (3 numbers per step for a delay of one species).
 *
 * Limitations (reported as errors, or documented): a delayed expression that itself depends on a delayed value
 * (delay(delay(x, 1), 1), directly or through an assignment rule) is refused (E_UNSUPPORTED_FEATURE); a delay
 * tau that depends on other delays is supported. Algebraic variables (other aux slots) inside a delayed
 * expression are read at the current time, not at t - tau.
 */
import type { Expr } from '../expr/ast.js';
import { binary, collectIdentifiers, id as idNode } from '../expr/traverse.js';
import type { FlatEvent, FlatModel, FlatRule } from '../model/types.js';
import { printExpression } from '../expr/index.js';
import { ExosimError, diag, type Diagnostic } from '../diagnostics.js';
import type { AuxProvider, AuxRun } from './aux.js';
import type { SymbolDef } from './codegen.js';

/** Name of the delay call in ExoSim expressions (the SBML importer's rendering of the csymbol). */
export const DELAY = 'delay';
const SYMBOL_PREFIX = '$delay';
/** Breakpoints t0 + j tau, j = 1..JUMPS, at which the driver stops (the order of DOPRI5 plus one). */
const JUMPS = 6;
/**
 * 1 when a delayed expression is evaluated at a time inside the run, 0 before the start (an aux slot). rateOf(x)
 * inside a delay is rewritten to rateOf(x) * $delayLive before rateOf is expanded (markDelayedRates): before the
 * start the history is the initial state, constant in time, so its rate of change is 0 (suite 01401, 01403,
 * 01409: delay(rateOf(S1), 1) is 0 for t < 1).
 */
const LIVE = '$delayLive';

/**
 * `flat` with every rateOf(...) inside the first argument of a delay call multiplied by the `$delayLive` symbol
 * (see LIVE); the same object when no delay argument uses rateOf. To be applied before rateOf is expanded.
 */
export function markDelayedRates(flat: FlatModel): FlatModel {
  let changed = false;
  const markRates = (e: Expr): Expr => {
    switch (e.kind) {
      case 'unary': {
        const a = markRates(e.arg);
        return a === e.arg ? e : { ...e, arg: a };
      }
      case 'binary': {
        const l = markRates(e.left);
        const r = markRates(e.right);
        return l === e.left && r === e.right ? e : { ...e, left: l, right: r };
      }
      case 'call': {
        const args = e.args.map(markRates);
        const same = args.every((a, i) => a === e.args[i]);
        const c = same ? e : { ...e, args };
        if (e.fn !== 'rateOf') return c;
        changed = true;
        return binary('*', c, idNode(LIVE));
      }
      default:
        return e;
    }
  };
  const rec = (e: Expr): Expr => {
    switch (e.kind) {
      case 'unary': {
        const a = rec(e.arg);
        return a === e.arg ? e : { ...e, arg: a };
      }
      case 'binary': {
        const l = rec(e.left);
        const r = rec(e.right);
        return l === e.left && r === e.right ? e : { ...e, left: l, right: r };
      }
      case 'call': {
        const args = e.fn === DELAY && e.args.length === 2 ? [markRates(e.args[0]!), e.args[1]!] : e.args.map(rec);
        return args.every((a, i) => a === e.args[i]) ? e : { ...e, args };
      }
      default:
        return e;
    }
  };
  const rule = (r: FlatRule): FlatRule => {
    const x = rec(r.expr);
    return x === r.expr ? r : { ...r, expr: x };
  };
  const event = (ev: FlatEvent): FlatEvent => ({
    ...ev,
    trigger: rec(ev.trigger),
    ...(ev.delay ? { delay: rec(ev.delay) } : {}),
    ...(ev.priority ? { priority: rec(ev.priority) } : {}),
    assignments: ev.assignments.map(rule),
  });
  const out: FlatModel = {
    ...flat,
    reactions: flat.reactions.map((r) => ({ ...r, rate: rec(r.rate) })),
    assignmentRules: flat.assignmentRules.map(rule),
    rateRules: flat.rateRules.map(rule),
    initialAssignments: flat.initialAssignments.map(rule),
    events: flat.events.map(event),
    observables: flat.observables.map((o) => ({ ...o, expr: rec(o.expr) })),
  };
  return changed ? out : flat;
}

/** One distinct delay(value, tau) call of a model. */
export interface DelayCall {
  /** `$delay<k>`: the symbol that replaces the call in model expressions. */
  symbol: string;
  value: Expr;
  tau: Expr;
  /** Where the call was first seen (for messages), e.g. `reactions.J0`. */
  where: string;
  /** The aux slot p[slot] holding the delayed value (set by bind). */
  slot: number;
}

/** A (t, y, p, out) kernel evaluating a list of expressions (compile.ts exprListKernel). */
export type ExprKernel = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;

/** A compact structural key of an expression (spans ignored), to share identical delay calls. */
function keyOf(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return Object.is(e.value, -0) ? '-0' : String(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'id':
      return `@${e.name}`;
    case 'unary':
      return `(${e.op}${keyOf(e.arg)})`;
    case 'binary':
      return `(${keyOf(e.left)}${e.op}${keyOf(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(keyOf).join(',')})`;
  }
}

function containsDelay(e: Expr): boolean {
  switch (e.kind) {
    case 'unary':
      return containsDelay(e.arg);
    case 'binary':
      return containsDelay(e.left) || containsDelay(e.right);
    case 'call':
      return e.fn === DELAY || e.args.some(containsDelay);
    default:
      return false;
  }
}

/** True for a delay symbol `$delay<k>`. */
export function isDelaySymbol(name: string): boolean {
  return name.startsWith(SYMBOL_PREFIX) && /^\d+$/.test(name.slice(SYMBOL_PREFIX.length));
}

/**
 * The delay calls of one model being compiled: replace() rewrites expressions, bind() defines the symbols in the
 * compiler's symbol tables (calls found after binding are defined at once), provider() builds the aux provider.
 */
export class DelayCalls {
  readonly calls: DelayCall[] = [];
  private readonly byKey = new Map<string, DelayCall>();
  private readonly tables: Map<string, SymbolDef>[] = [];
  private names: Map<string, string> | undefined;
  private alloc: ((count: number) => number) | undefined;
  /** Slot of LIVE (allocated with the first call). */
  liveSlot = -1;

  get empty(): boolean {
    return this.calls.length === 0;
  }

  /**
   * `e` with every delay(value, tau) call replaced by its `$delay<k>` symbol (user functions must be inlined
   * first). Problems (wrong arity, nested delays) are appended to `problems`.
   */
  replace(e: Expr, where: string, problems: Diagnostic[], location: Omit<Partial<Diagnostic>, 'code' | 'message'> = {}): Expr {
    if (!containsDelay(e)) return e;
    const rec = (x: Expr): Expr => {
      switch (x.kind) {
        case 'unary': {
          const a = rec(x.arg);
          return a === x.arg ? x : { ...x, arg: a };
        }
        case 'binary': {
          const l = rec(x.left);
          const r = rec(x.right);
          return l === x.left && r === x.right ? x : { ...x, left: l, right: r };
        }
        case 'call': {
          if (x.fn !== DELAY) {
            const args = x.args.map(rec);
            return args.every((a, i) => a === x.args[i]) ? x : { ...x, args };
          }
          if (x.args.length !== 2) {
            problems.push(diag('E_ARITY', `${where}: delay() takes 2 arguments (the expression and the delay), not ${x.args.length}.`, { ...location, hint: 'Write delay(x, tau).' }));
            return x;
          }
          const [value, tau] = x.args as [Expr, Expr];
          if (containsDelay(value) || containsDelay(tau)) {
            problems.push(
              diag('E_UNSUPPORTED_FEATURE', `${where}: nested delay calls (${printExpression(x)}) are not supported.`, {
                ...location,
                hint: 'Introduce a parameter with an assignment rule for the inner delay and delay that parameter only if it is the delay time; otherwise combine the delays into one: delay(x, tau1 + tau2).',
              }),
            );
            return x;
          }
          const key = `${keyOf(value)}|${keyOf(tau)}`;
          let c = this.byKey.get(key);
          if (!c) {
            c = { symbol: `${SYMBOL_PREFIX}${this.calls.length}`, value, tau, where, slot: -1 };
            this.byKey.set(key, c);
            this.calls.push(c);
            if (this.alloc) this.define(c);
          }
          return idNode(c.symbol);
        }
        default:
          return x;
      }
    };
    return rec(e);
  }

  /**
   * Define the `$delay<k>` symbols in `table` (a symbol table of the compiler: the model's `defs`, the initial
   * state's `initDefs`) as the aux slots, allocating slots with `alloc` on first use; later calls are defined in
   * every bound table as they are found.
   */
  bind(table: Map<string, SymbolDef>, names: Map<string, string>, alloc: (count: number) => number): void {
    this.names = names;
    this.alloc = alloc;
    this.tables.push(table);
    for (const c of this.calls) this.define(c);
  }

  private define(c: DelayCall): void {
    if (this.liveSlot < 0) this.liveSlot = this.alloc!(1);
    const live: SymbolDef = { id: LIVE, deps: [], expr: idNode(`$p${this.liveSlot}`), note: '1 inside the run, 0 before its start (delayed rateOf)' };
    this.names!.set(LIVE, 'dly_live');
    for (const t of this.tables) if (!t.has(LIVE)) t.set(LIVE, live);
    if (c.slot < 0) c.slot = this.alloc!(1);
    this.names!.set(c.symbol, `dly_${c.symbol.slice(SYMBOL_PREFIX.length)}`);
    const def: SymbolDef = { id: c.symbol, deps: [], expr: idNode(`$p${c.slot}`), note: `delayed value ${printExpression({ kind: 'call', fn: DELAY, args: [c.value, c.tau] })}` };
    for (const t of this.tables) if (!t.has(c.symbol)) t.set(c.symbol, def);
  }

  /** The aux provider for these calls (undefined without calls). Throws ExosimError for unsupported nesting. */
  provider(spec: DelayProviderSpec): AuxProvider | undefined {
    if (!this.calls.length) return undefined;
    return createDelayProvider(this.calls, this.liveSlot, spec);
  }
}

export interface DelayProviderSpec {
  /** Number of state variables. */
  n: number;
  /** p[0 .. paramLength) are the model's parameters, sizes and initial values (snapshotted); aux slots follow. */
  paramLength: number;
  /** The compiler's symbol table (to find which states and delays an expression reads). */
  defs: ReadonlyMap<string, SymbolDef>;
  /** exprListKernel of compile.ts: a kernel evaluating `exprs` at (t, y, p) with the model's symbols. */
  kernel(exprs: readonly Expr[], label: string): ExprKernel;
  /** The initial state at time t (writes initial assignments to parameters into p, the state into y). */
  initial(t: number, p: Float64Array, y: Float64Array): void;
  /** The model's rates for parameter vector p (including every aux provider's refresh), for history slopes. */
  rates(p: Float64Array): (t: number, y: Float64Array, dydt: Float64Array) => void;
  /** Location of a call for messages. */
  location?(where: string): Omit<Partial<Diagnostic>, 'code' | 'message'>;
}

/** States ($y<i>) and delay symbols an expression reads, through the symbol definitions (assignment rules). */
function closureOf(e: Expr, defs: ReadonlyMap<string, SymbolDef>): { states: Set<number>; delays: Set<string> } {
  const states = new Set<number>();
  const delays = new Set<string>();
  const seen = new Set<string>();
  const stack = [...collectIdentifiers(e)];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const m = /^\$y(\d+)$/.exec(name);
    if (m) {
      states.add(+m[1]!);
      continue;
    }
    if (isDelaySymbol(name)) {
      delays.add(name);
      continue;
    }
    const def = defs.get(name);
    if (!def) continue;
    for (const d of def.deps) stack.push(d);
    for (const d of collectIdentifiers(def.expr)) stack.push(d);
  }
  return { states, delays };
}

/** Calls sharing one tau expression: one tau evaluation, one history lookup, one kernel for their values. */
interface Group {
  tau: Expr;
  calls: DelayCall[];
  tauKernel: ExprKernel;
  valueKernel: ExprKernel;
  /** History columns (indices into the stored components) and state indices the values read. */
  cols: Int32Array;
  states: Int32Array;
}

/**
 * Solution history of one run: points (t, y, f) for the stored components, with parameter snapshots. Grows by
 * doubling; never pruned (see the file comment).
 */
class History {
  len = 0;
  t = new Float64Array(64);
  y: Float64Array;
  f: Float64Array;
  /** Index of the parameter snapshot in force from each point on. */
  seg = new Int32Array(64);
  readonly snaps: Float64Array[] = [];

  constructor(readonly m: number) {
    this.y = new Float64Array(64 * Math.max(1, m));
    this.f = new Float64Array(64 * Math.max(1, m));
  }

  get tFirst(): number {
    return this.t[0]!;
  }
  get tLast(): number {
    return this.t[this.len - 1]!;
  }

  push(t: number, y: ArrayLike<number>, f: ArrayLike<number>, seg: number): void {
    if (this.len === this.t.length) {
      const cap = this.t.length * 2;
      const grow = (a: Float64Array, c: number) => {
        const b = new Float64Array(c);
        b.set(a);
        return b;
      };
      this.t = grow(this.t, cap);
      this.y = grow(this.y, cap * Math.max(1, this.m));
      this.f = grow(this.f, cap * Math.max(1, this.m));
      const s = new Int32Array(cap);
      s.set(this.seg);
      this.seg = s;
    }
    const i = this.len++;
    this.t[i] = t;
    this.seg[i] = seg;
    const o = i * this.m;
    for (let j = 0; j < this.m; j++) {
      this.y[o + j] = y[j]!;
      this.f[o + j] = f[j]!;
    }
  }

  /** The last index i with t_i <= s (-1 when s < t_0). Among equal times (a jump), the later (right) point. */
  find(s: number): number {
    let lo = 0;
    let hi = this.len - 1;
    if (this.len === 0 || s < this.t[0]!) return -1;
    if (s >= this.t[hi]!) return hi;
    // invariant: t[lo] <= s < t[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.t[mid]! <= s) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Cubic Hermite value (and slope) of stored columns `cols` at s in [t_i, t_i+1] into out[states[j]] (and
   * slope[states[j]]); i = len - 1 gives the last point.
   */
  interpolate(i: number, s: number, cols: Int32Array, states: Int32Array, out: Float64Array, slope?: Float64Array): void {
    const m = this.m;
    const o = i * m;
    if (i >= this.len - 1) {
      for (let j = 0; j < cols.length; j++) {
        out[states[j]!] = this.y[o + cols[j]!]!;
        if (slope) slope[states[j]!] = this.f[o + cols[j]!]!;
      }
      return;
    }
    const h = this.t[i + 1]! - this.t[i]!;
    const th = (s - this.t[i]!) / h;
    const th2 = th * th;
    const th3 = th2 * th;
    const h00 = 2 * th3 - 3 * th2 + 1;
    const h10 = th3 - 2 * th2 + th;
    const h01 = -2 * th3 + 3 * th2;
    const h11 = th3 - th2;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j]!;
      const y0 = this.y[o + c]!;
      const y1 = this.y[o + m + c]!;
      const f0 = this.f[o + c]!;
      const f1 = this.f[o + m + c]!;
      out[states[j]!] = h00 * y0 + h10 * h * f0 + h01 * y1 + h11 * h * f1;
      if (slope) {
        // d/ds of the interpolant: (dh00 y0 + dh01 y1) / h + dh10 f0 + dh11 f1
        slope[states[j]!] = ((6 * th2 - 6 * th) * (y0 - y1)) / h + (3 * th2 - 4 * th + 1) * f0 + (3 * th2 - 2 * th) * f1;
      }
    }
  }

  /** Drop the points later than t. */
  truncateAfter(t: number): void {
    while (this.len > 0 && this.t[this.len - 1]! > t) this.len--;
  }
}

function createDelayProvider(calls: readonly DelayCall[], liveSlot: number, spec: DelayProviderSpec): AuxProvider {
  const { n, paramLength, defs } = spec;
  const loc = (where: string) => spec.location?.(where) ?? {};
  // Nesting through assignment rules: the value of a delay must not read another delayed value.
  const problems: Diagnostic[] = [];
  const valueClosure = calls.map((c) => closureOf(c.value, defs));
  calls.forEach((c, k) => {
    if (valueClosure[k]!.delays.size) {
      problems.push(
        diag('E_UNSUPPORTED_FEATURE', `${c.where}: the delayed expression ${printExpression(c.value)} depends on another delayed value (through an assignment rule); nested delays are not supported.`, {
          ...loc(c.where),
          hint: 'Combine the delays into one, delay(x, tau1 + tau2), or delay the underlying variable directly.',
        }),
      );
    }
  });
  // Groups by tau; a tau may read other delays (suite 00985: y = delay(x, z), z = delay(x, 1)): order the groups so
  // that those are refreshed first.
  const byTau = new Map<string, DelayCall[]>();
  for (const c of calls) {
    const key = keyOf(c.tau);
    const list = byTau.get(key);
    if (list) list.push(c);
    else byTau.set(key, [c]);
  }
  const groupsRaw = [...byTau.values()];
  const groupOfSymbol = new Map<string, number>();
  groupsRaw.forEach((g, i) => g.forEach((c) => groupOfSymbol.set(c.symbol, i)));
  const order: number[] = [];
  const state = new Uint8Array(groupsRaw.length); // 0 new, 1 on stack, 2 done
  const visit = (i: number, path: string[]): void => {
    if (state[i] === 2) return;
    const g = groupsRaw[i]!;
    if (state[i] === 1) {
      problems.push(diag('E_RULE_CYCLE', `The delay time of ${printExpression({ kind: 'call', fn: DELAY, args: [g[0]!.value, g[0]!.tau] })} depends on its own delayed value (${path.join(' -> ')}).`, { ...loc(g[0]!.where), hint: 'A delay time must not depend on the delayed value it defines.' }));
      return;
    }
    state[i] = 1;
    for (const d of closureOf(g[0]!.tau, defs).delays) {
      const j = groupOfSymbol.get(d);
      if (j !== undefined) visit(j, [...path, d]);
    }
    state[i] = 2;
    order.push(i);
  };
  groupsRaw.forEach((_, i) => visit(i, [groupsRaw[i]![0]!.symbol]));
  if (problems.length) throw new ExosimError(problems);

  // Stored history columns: the union of the states the delayed values read.
  const stored = new Set<number>();
  for (const v of valueClosure) for (const s of v.states) stored.add(s);
  const storedStates = Int32Array.from([...stored].sort((a, b) => a - b));
  const colOf = new Map<number, number>();
  storedStates.forEach((s, j) => colOf.set(s, j));
  /** Delays given by a positive number: their breakpoints are known in advance. */
  const constantTaus = [...new Set(calls.map((c) => c.tau).filter((e): e is Expr & { kind: 'num' } => e.kind === 'num' && e.value > 0).map((e) => e.value))];
  const m = storedStates.length;

  const groups: Group[] = order.map((i) => {
    const cs = groupsRaw[i]!;
    const states = new Set<number>();
    for (const c of cs) for (const s of valueClosure[calls.indexOf(c)]!.states) states.add(s);
    const st = Int32Array.from([...states].sort((a, b) => a - b));
    return {
      tau: cs[0]!.tau,
      calls: cs,
      tauKernel: spec.kernel([cs[0]!.tau], `delay time ${printExpression(cs[0]!.tau)}`),
      valueKernel: spec.kernel(
        cs.map((c) => c.value),
        'delayed value',
      ),
      cols: Int32Array.from(st, (s) => colOf.get(s)!),
      states: st,
    };
  });
  const allCols = Int32Array.from(storedStates, (_, j) => j);

  /** The history of the last run that recorded steps (read by runs that never step: output rows). */
  let latest: History | undefined;

  const create = (p: Float64Array, _t0: number): AuxRun => {
    let hist: History | undefined;
    let rates: ((t: number, y: Float64Array, dydt: Float64Array) => void) | undefined;
    const yPast = new Float64Array(n);
    const pPast = new Float64Array(p.length);
    let loaded = -2; // snapshot held by pPast[0 .. paramLength): index, -1 = p itself at load time, -2 = none
    const tauBuf = new Float64Array(1);
    const valBuf = new Float64Array(Math.max(1, ...groups.map((g) => g.calls.length)));
    const dydt = new Float64Array(n);
    const rowY = new Float64Array(m);
    const rowF = new Float64Array(m);

    const loadParams = (snap: Float64Array | undefined, id: number): void => {
      if (loaded !== id || id === -1) {
        pPast.set(snap ? snap : p.subarray(0, paramLength));
        loaded = id;
      }
    };

    const refresh = (t: number, y: Float64Array): void => {
      // aux slots of other providers (algebraic variables): current values (see the file comment)
      p[liveSlot] = 1;
      for (let i = paramLength; i < p.length; i++) pPast[i] = p[i]!;
      const H = hist ?? latest;
      for (let gi = 0; gi < groups.length; gi++) {
        const g = groups[gi]!;
        g.tauKernel(t, y, p, tauBuf);
        const tau = tauBuf[0]!;
        if (!(tau >= 0)) {
          throw new ExosimError([
            diag('E_DELAY_NEGATIVE', `The delay time ${printExpression(g.tau)} of ${g.calls[0]!.where} is ${tau} at t = ${t}; a delay must be >= 0.`, {
              ...loc(g.calls[0]!.where),
              hint: 'Make the delay time non-negative (e.g. max(0, tau)).',
            }),
          ]);
        }
        const s = t - tau;
        let pv: Float64Array = pPast;
        let yv: Float64Array = yPast;
        if (tau === 0) {
          // delay(e, 0) = e now
          pv = p;
          yv = y;
        } else if (!H || H.len === 0 || s < H.tFirst) {
          // Before the start: the initial state and initial assignments at time s.
          loadParams(H && H.snaps.length ? H.snaps[0] : undefined, -1);
          spec.initial(s, pPast, yPast);
          pPast[liveSlot] = 0;
          loaded = -2; // initial assignments overwrote parameters
        } else if (s <= H.tLast) {
          const i = H.find(s);
          H.interpolate(i, s, g.cols, g.states, yPast);
          const seg = H.seg[i]!;
          loadParams(H.snaps[seg], seg);
        } else {
          // Inside the step being attempted: quadratic through (t_last, y_last) with slope f_last and (t, y).
          const i = H.len - 1;
          const tl = H.t[i]!;
          const h = t - tl;
          const x = s - tl;
          const o = i * H.m;
          for (let j = 0; j < g.cols.length; j++) {
            const c = g.cols[j]!;
            const st = g.states[j]!;
            const yl = H.y[o + c]!;
            const fl = H.f[o + c]!;
            const q = h > 0 ? (y[st]! - yl - fl * h) / (h * h) : 0;
            yPast[st] = yl + x * (fl + x * q);
          }
          pv = p;
        }
        g.valueKernel(s, yv, pv, valBuf);
        pPast[liveSlot] = 1;
        for (let k = 0; k < g.calls.length; k++) {
          const v = valBuf[k]!;
          p[g.calls[k]!.slot] = v;
          // later groups (delay times reading this value) and later value kernels see it
          pPast[g.calls[k]!.slot] = v;
        }
      }
    };

    const record = (t: number, y: Float64Array, seg: number): void => {
      rates ??= spec.rates(p);
      rates(t, y, dydt);
      for (let j = 0; j < m; j++) {
        rowY[j] = y[storedStates[j]!]!;
        rowF[j] = dydt[storedStates[j]!]!;
      }
      hist!.push(t, rowY, rowF, seg);
    };

    // Interior history points of an accepted step from the solver's dense output (no rate evaluations): values
    // at theta = 1/4, 1/2, 3/4 and slopes from the quartic through the five values theta = 0 .. 1 (exact for the
    // degree-4 continuous extension of DOPRI5; 5-point finite-difference weights, spacing d = h / 4):
    //   f(1/4) = (-3 y0 - 10 y1 + 18 y2 - 6 y3 + y4) / (12 d),  f(1/2) = (y0 - 8 y1 + 8 y3 - y4) / (12 d),
    //   f(3/4) = (-y0 + 6 y1 - 18 y2 + 10 y3 + 3 y4) / (12 d).
    // Cubic Hermite between points h/4 apart then follows the solver's own interpolant closely (a step of the
    // order of the delay across a smooth solution would otherwise leave only a cubic between its ends: errors
    // of 5e-4 on y' = -y(t - 1) at any tolerance).
    const samples = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const sy = new Float64Array(5 * Math.max(1, m));
    const sampleStep = (H: History, t: number, y: Float64Array, seg: number, interp: (tq: number, out: Float64Array) => void): void => {
      const ta = H.tLast;
      const d = (t - ta) / 4;
      if (!(d > 0)) return;
      for (let k = 1; k <= 3; k++) interp(ta + k * d, samples[k - 1]!);
      const o = (H.len - 1) * m;
      for (let j = 0; j < m; j++) {
        sy[j] = H.y[o + j]!;
        for (let k = 1; k <= 3; k++) sy[k * m + j] = samples[k - 1]![storedStates[j]!]!;
        sy[4 * m + j] = y[storedStates[j]!]!;
      }
      for (let k = 1; k <= 3; k++) {
        for (let j = 0; j < m; j++) {
          const y0 = sy[j]!, y1 = sy[m + j]!, y2 = sy[2 * m + j]!, y3 = sy[3 * m + j]!, y4 = sy[4 * m + j]!;
          rowY[j] = k === 1 ? y1 : k === 2 ? y2 : y3;
          rowF[j] =
            (k === 1 ? -3 * y0 - 10 * y1 + 18 * y2 - 6 * y3 + y4 : k === 2 ? y0 - 8 * y1 + 8 * y3 - y4 : -y0 + 6 * y1 - 18 * y2 + 10 * y3 + 3 * y4) / (12 * d);
        }
        H.push(ta + k * d, rowY, rowF, seg);
      }
    };

    const sameParams = (a: Float64Array): boolean => {
      for (let i = 0; i < paramLength; i++) if (!Object.is(a[i], p[i])) return false;
      return true;
    };

    // Breakpoints (Bellen & Zennaro 2003, section 4.1): with a constant delay tau, the solution's derivatives jump
    // at t0 + j tau (and e + j tau after an event at e), the derivative of order j being the first continuous
    // one; a Runge-Kutta step across such a point loses its order without its error estimate noticing. The driver
    // stops at the first JUMPS of them (nextBreakpoint) and restarts there.
    const breakpoints: number[] = [];
    const addBreakpoints = (t: number) => {
      for (const tau of constantTaus) for (let j = 1; j <= JUMPS; j++) breakpoints.push(t + j * tau);
      breakpoints.sort((a, b) => a - b);
    };
    return {
      refresh,
      nextBreakpoint(t: number): number {
        while (breakpoints.length && breakpoints[0]! <= t * (1 + 4 * Number.EPSILON) + Number.MIN_VALUE) breakpoints.shift();
        return breakpoints.length ? breakpoints[0]! : Infinity;
      },
      stepAccepted(t, y, restart, interpolate) {
        if (restart && constantTaus.length) addBreakpoints(t);
        if (!hist) {
          hist = new History(m);
          latest = hist;
        }
        const H = hist;
        if (restart) {
          if (H.len > 0 && H.tLast > t) {
            // The step that crossed t is replaced after t: keep its left value at t (interpolated), drop the rest.
            const i = H.find(t);
            if (i >= 0 && H.t[i]! < t) {
              H.interpolate(i, t, allCols, allCols, rowY, rowF);
              const seg = H.seg[i]!;
              H.truncateAfter(t);
              H.push(t, rowY, rowF, seg);
            } else H.truncateAfter(t);
          }
          let seg = H.snaps.length - 1;
          if (seg < 0 || !sameParams(H.snaps[seg]!)) {
            H.snaps.push(Float64Array.from(p.subarray(0, paramLength)));
            seg = H.snaps.length - 1;
            if (loaded === seg) loaded = -2;
          }
          record(t, y, seg);
        } else {
          if (!H.snaps.length) H.snaps.push(Float64Array.from(p.subarray(0, paramLength)));
          const seg = H.len ? H.seg[H.len - 1]! : 0;
          if (interpolate && H.len > 0 && t > H.tLast) sampleStep(H, t, y, seg, interpolate);
          record(t, y, seg);
        }
      },
    };
  };

  const minTau = Math.min(...constantTaus);
  return { label: 'delays', dependsOnState: false, create, ...(Number.isFinite(minTau) ? { maxStep: minTau } : {}) };
}
