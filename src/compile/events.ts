/**
 * SBML Level 3 event semantics compiled to EventHooks (src/solvers/types.ts).
 *
 * Root functions: every relational subexpression `a op b` of a trigger (op in < <= > >= == !=, nested ones
 * included) gives one continuous root function g = a - b; the driver locates sign changes of g on the dense
 * output. A trigger is evaluated as its boolean expression with each outermost relational `a op b` replaced by
 * `g op 0`, so the decision at a located crossing does not depend on which side of the crossing the driver
 * reports: for a root that the driver says crossed, g takes the sign it has *after* the crossing (the opposite
 * of the sign recorded at the previous handle() call; exactly 0 for `==`/`!=`), as long as no event assignment
 * has changed g since. Time-only triggers (`time >= 10`) give linear roots t - 10 that secant/Illinois root
 * finders locate exactly.
 *
 * handle(t, y, crossed) at a root or scheduled time:
 *   loop
 *     evaluate all triggers; an event whose trigger goes false -> true is triggered: its delay (and, with
 *       useValuesFromTriggerTime, its assignment values) are evaluated now and an execution is scheduled at
 *       t + delay; an event whose trigger goes true -> false cancels its pending executions if non-persistent;
 *     among executions due at t, pick one: highest priority first (priority evaluated now; events without a
 *       priority rank below any given priority), ties broken by declaration order then by scheduling order
 *       (SBML leaves ties random; we choose a reproducible order);
 *     execute it (assignment values computed now unless stored at trigger time; all values are computed before
 *       any is applied; species first with the pre-event sizes, then parameters/compartments, so a species with
 *       concentration semantics gets amount = value * size before the event; SBML Test Suite 01779), then re-evaluate
 *       triggers (cascades at the same time fire).
 *   until nothing is due.
 * Before t0 each trigger is assumed to have the value `initialValue`; simulate() calls handle(t0, y0, []) so a
 * trigger that is true at t0 with initialValue false fires at t0.
 * Reference: SBML Level 3 Version 2 Core specification, section 4.12 (Events).
 */
import type { Expr } from '../expr/ast.js';
import { binary, id as idNode, num, withChildren, childrenOf } from '../expr/traverse.js';
import { ExosimError, diag } from '../diagnostics.js';
import type { EventHooks } from '../solvers/types.js';
import { LocalEmitter, isRelational } from './codegen.js';
import { jsOf, type CompileContext } from './compile.js';
import { interpretKernel, type KernelIR, type Stmt } from './interpret.js';

/** EventHooks plus the record of executions (times at which event assignments were applied). */
export interface SbmlEventHooks extends EventHooks {
  /** Times at which event assignments were executed, in order. */
  readonly firedTimes: number[];
  /** Ids of executed events, parallel to firedTimes. */
  readonly firedEvents: string[];
  /** Copies of the parameter vector after each handle() call that executed assignments (for outputs). */
  readonly parameterHistory: { t: number; p: Float64Array }[];
}

interface Kernels {
  roots(t: number, y: Float64Array, out: Float64Array): void;
  triggers(t: number, y: Float64Array, g: Float64Array, out: Uint8Array): void;
  delay: ((t: number, y: Float64Array) => number)[];
  priority: ((t: number, y: Float64Array) => number)[];
  values: ((t: number, y: Float64Array, out: Float64Array) => void)[];
  apply: ((t: number, y: Float64Array, vals: Float64Array) => void)[];
}

interface Pending {
  event: number;
  time: number;
  values: Float64Array | undefined;
  seq: number;
}

const MAX_EVENT_ITERATIONS = 100_000;

export function compileEvents(ctx: CompileContext): { code: string; create(p: Float64Array, t0: number, y0: Float64Array, refresh?: (t: number, y: Float64Array) => void, commit?: (t: number, y: Float64Array) => void, seed?: number): SbmlEventHooks } | undefined {
  const { flat } = ctx;
  if (flat.events.length === 0) return undefined;
  const nE = flat.events.length;

  // --- root functions and transformed triggers
  const rootExprs: Expr[] = [];
  const rootOps: string[] = [];
  const rootEvent: number[] = [];
  const trigExprs: Expr[] = [];
  const collectNested = (e: Expr, k: number): void => {
    if (isRelational(e)) {
      rootExprs.push(binary('-', e.left, e.right));
      rootOps.push(e.op);
      rootEvent.push(k);
    }
    for (const c of childrenOf(e)) collectNested(c, k);
  };
  const transform = (e: Expr, k: number): Expr => {
    if (isRelational(e)) {
      const r = rootExprs.length;
      rootExprs.push(binary('-', e.left, e.right));
      rootOps.push(e.op);
      rootEvent.push(k);
      collectNested(e.left, k);
      collectNested(e.right, k);
      return binary(e.op, idNode(`$g${r}`), num(0));
    }
    const kids = childrenOf(e);
    if (kids.length === 0) return e;
    return withChildren(e, kids.map((c) => transform(c, k)));
  };
  flat.events.forEach((ev, k) => trigExprs.push(transform(ctx.prepare(ev.trigger, `events.${ev.id}.trigger`), k)));
  const nR = rootExprs.length;
  const gRes = (name: string) => (name.startsWith('$g') ? `g[${name.slice(2)}]` : undefined);

  const fn = (name: string, args: string, em: LocalEmitter, body: string[]) =>
    [`  function ${name}(${args}) {`, ...em.lines, ...body, '  }'].join('\n');
  const parts: string[] = ['"use strict";'];
  // The same kernels as data for the interpreter back end (interpret.ts).
  const L: Stmt = { kind: 'locals' };
  let rootsIR: KernelIR;
  let triggersIR: KernelIR;
  const delayIR: (KernelIR | undefined)[] = [];
  const prioIR: (KernelIR | undefined)[] = [];
  const valuesIR: KernelIR[] = [];
  const applyIR: KernelIR[] = [];
  {
    const em = new LocalEmitter(ctx.defs, ctx.names);
    const body = rootExprs.map((e, r) => `    out[${r}] = ${jsOf(e, em)}; // root ${r} (${rootOps[r]}) of event ${flat.events[rootEvent[r]!]!.id}`);
    parts.push(fn('roots', 't, y, out', em, body));
    rootsIR = em.kernel([L, ...rootExprs.map((e, r): Stmt => ({ kind: 'store', to: 'out', index: r, expr: e }))]);
  }
  {
    const em = new LocalEmitter(ctx.defs, ctx.names);
    const body = trigExprs.map((e, k) => `    out[${k}] = (${jsOf(e, em, gRes)}) ? 1 : 0; // trigger of ${flat.events[k]!.id}`);
    parts.push(fn('triggers', 't, y, g, out', em, body));
    triggersIR = em.kernel([L, ...trigExprs.map((e, k): Stmt => ({ kind: 'store', to: 'out', index: k, expr: e, bool: true }))]);
  }
  const delayNames: string[] = [];
  const prioNames: string[] = [];
  const valueNames: string[] = [];
  const applyNames: string[] = [];
  flat.events.forEach((ev, k) => {
    if (ev.delay) {
      const em = new LocalEmitter(ctx.defs, ctx.names);
      const e = ctx.prepare(ev.delay, `events.${ev.id}.delay`);
      const js = jsOf(e, em);
      parts.push(fn(`delay${k}`, 't, y', em, [`    return ${js}; // delay of ${ev.id}`]));
      delayNames.push(`delay${k}`);
      delayIR.push(em.kernel([L, { kind: 'return', expr: e }]));
    } else {
      delayNames.push('zero');
      delayIR.push(undefined);
    }
    if (ev.priority) {
      const em = new LocalEmitter(ctx.defs, ctx.names);
      const e = ctx.prepare(ev.priority, `events.${ev.id}.priority`);
      const js = jsOf(e, em);
      parts.push(fn(`priority${k}`, 't, y', em, [`    return ${js}; // priority of ${ev.id}`]));
      prioNames.push(`priority${k}`);
      prioIR.push(em.kernel([L, { kind: 'return', expr: e }]));
    } else {
      prioNames.push('noPriority');
      prioIR.push(undefined);
    }
    {
      const em = new LocalEmitter(ctx.defs, ctx.names);
      const es = ev.assignments.map((a) => ctx.prepare(a.expr, `events.${ev.id}.assignments.${a.variable}`));
      const body = ev.assignments.map((a, i) => `    out[${i}] = ${jsOf(es[i]!, em)}; // ${a.variable}`);
      parts.push(fn(`values${k}`, 't, y, out', em, body));
      valueNames.push(`values${k}`);
      valuesIR.push(em.kernel([L, ...es.map((e, i): Stmt => ({ kind: 'store', to: 'out', index: i, expr: e }))]));
    }
    {
      // Apply: species (sizes from the pre-event state), then parameters / compartments (in p or state).
      const first: string[] = [];
      const species: string[] = [];
      const firstS: Stmt[] = [];
      const speciesS: Stmt[] = [];
      const val = (i: number) => idNode(`$v${i}`);
      const em = new LocalEmitter(ctx.defs, ctx.names, '      ');
      ev.assignments.forEach((a, i) => {
        const v = a.variable;
        const s = ctx.stateIndex.get(v);
        const sp = ctx.speciesById.get(v);
        if (sp) {
          if (s === undefined) throw new ExosimError([diag('E_EVENT_TARGET', `Event '${ev.id}' assigns species '${v}', which is set by an assignment rule.`, { ...(flat.locations.get(`events.${ev.id}`) ?? {}), hint: 'Assign a species that is not defined by an assignment rule.' })]);
          if (sp.hasOnlySubstanceUnits) {
            species.push(`      y[${s}] = vals[${i}]; // ${v} amount`);
            speciesS.push({ kind: 'store', to: 'y', index: s, expr: val(i) });
          } else {
            em.need(sp.compartment);
            species.push(`      y[${s}] = vals[${i}] * ${em.resolve(sp.compartment)}; // ${v}: amount = concentration * size`);
            speciesS.push({ kind: 'store', to: 'y', index: s, expr: binary('*', val(i), idNode(sp.compartment)) });
          }
          return;
        }
        if (ctx.assignmentRules.has(v)) throw new ExosimError([diag('E_EVENT_TARGET', `Event '${ev.id}' assigns '${v}', which is set by an assignment rule.`, { ...(flat.locations.get(`events.${ev.id}`) ?? {}), hint: 'Remove the assignment or the rule.' })]);
        if (s !== undefined) {
          first.push(`    y[${s}] = vals[${i}]; // ${v}`);
          firstS.push({ kind: 'store', to: 'y', index: s, expr: val(i) });
        } else {
          const pi = ctx.parameterIndex.get(v);
          const ci = flat.compartments.findIndex((c) => c.id === v);
          const slot = pi ?? (ci >= 0 ? ctx.layout.compartmentOffset + ci : undefined);
          if (slot === undefined) throw new ExosimError([diag('E_EVENT_TARGET', `Event '${ev.id}' assigns unknown variable '${v}'.`, { ...(flat.locations.get(`events.${ev.id}`) ?? {}), hint: 'Assign a species, compartment or parameter.' })]);
          first.push(`    p[${slot}] = vals[${i}]; // ${v}`);
          firstS.push({ kind: 'store', to: 'p', index: slot, expr: val(i) });
        }
      });
      // Species first, with the compartment sizes of the pre-event state (the locals are read before any
      // write), then parameters / compartments. SBML L3V2 section 4.12.4: all assignment values are computed
      // from the state before the event; a concentration assigned together with its compartment's size gives
      // amount = value * OLD size, and the new size then changes the concentration (SBML Test Suite 01779).
      const body = ['    {', ...em.lines, ...species, '    }', ...first];
      parts.push([`  function apply${k}(t, y, vals) {`, ...body, '  }'].join('\n'));
      applyNames.push(`apply${k}`);
      applyIR.push(em.kernel([L, ...speciesS, ...firstS]));
    }
  });
  parts.push('  function zero() { return 0; }');
  parts.push('  function noPriority() { return NaN; }');
  parts.push(
    `  return { roots, triggers, delay: [${delayNames.join(', ')}], priority: [${prioNames.join(', ')}], values: [${valueNames.join(', ')}], apply: [${applyNames.join(', ')}] };`,
  );
  const code = parts.join('\n');
  const factory: (p: Float64Array) => Kernels =
    ctx.codegen === 'js'
      ? (new Function('p', code) as (p: Float64Array) => Kernels)
      : interpretEventKernels(rootsIR, triggersIR, delayIR, prioIR, valuesIR, applyIR);

  const meta = flat.events.map((ev) => ({
    id: ev.id,
    persistent: ev.persistent,
    initialValue: ev.initialValue,
    useValuesFromTriggerTime: ev.useValuesFromTriggerTime,
    nAssign: ev.assignments.length,
  }));
  const hasPriority = flat.events.map((ev) => ev.priority !== undefined);

  /** `refresh` (aux.ts) writes the aux slots of p (algebraic variables, delayed values) for (t, y); it runs
   * before every kernel evaluation here. */
  function create(p: Float64Array, t0: number, y0: Float64Array, refresh?: (t: number, y: Float64Array) => void, commit?: (t: number, y: Float64Array) => void, seed = 0): SbmlEventHooks {
    const K0 = factory(p);
    // Tie-breaking stream: SplitMix32-style hash of (seed, draw counter), so the draws depend only on the seed.
    let draw = 0;
    const seed32 = (Math.trunc(seed) ^ Math.trunc(seed / 4294967296)) >>> 0;
    const uniform = (): number => {
      let z = (seed32 + Math.imul(++draw, 0x9e3779b9)) >>> 0;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      z = (z ^ (z >>> 16)) >>> 0;
      return z / 4294967296;
    };
    const K: Kernels = refresh
      ? {
          roots(t, y, out) {
            refresh(t, y);
            K0.roots(t, y, out);
          },
          triggers(t, y, g, out) {
            refresh(t, y);
            K0.triggers(t, y, g, out);
          },
          delay: K0.delay.map((f) => (t: number, y: Float64Array) => (refresh(t, y), f(t, y))),
          priority: K0.priority.map((f) => (t: number, y: Float64Array) => (refresh(t, y), f(t, y))),
          values: K0.values.map((f) => (t: number, y: Float64Array, out: Float64Array) => (refresh(t, y), f(t, y, out))),
          apply: K0.apply.map((f) => (t: number, y: Float64Array, vals: Float64Array) => {
            if (commit) commit(t, y);
            refresh(t, y);
            f(t, y, vals);
          }),
        }
      : K0;
    const prev = new Uint8Array(nE);
    meta.forEach((m, k) => (prev[k] = m.initialValue ? 1 : 0));
    const g = new Float64Array(nR);
    const gEntry = new Float64Array(nR);
    const gEff = new Float64Array(nR);
    const lastSign = new Float64Array(nR);
    const override = new Uint8Array(nR);
    const cur = new Uint8Array(nE);
    const pending: Pending[] = [];
    let seq = 0;
    const firedTimes: number[] = [];
    const firedEvents: string[] = [];
    const parameterHistory: { t: number; p: Float64Array }[] = [];
    K.roots(t0, y0, g);
    for (let r = 0; r < nR; r++) lastSign[r] = Math.sign(g[r]!);

    const evalTriggers = (t: number, y: Float64Array) => {
      K.roots(t, y, g);
      for (let r = 0; r < nR; r++) {
        if (override[r] && g[r] !== gEntry[r]) override[r] = 0; // an assignment moved this root: use its value
        if (override[r]) {
          const op = rootOps[r];
          gEff[r] = op === '==' || op === '!=' ? 0 : lastSign[r] !== 0 ? -lastSign[r]! : g[r]!;
        } else gEff[r] = g[r]!;
      }
      K.triggers(t, y, gEff, cur);
    };

    const hooks: SbmlEventHooks = {
      rootCount: nR,
      firedTimes,
      firedEvents,
      parameterHistory,
      roots(t, y, out) {
        K.roots(t, y, out);
      },
      nextScheduledTime(t) {
        let best = Infinity;
        for (const e of pending) if (e.time > t && e.time < best) best = e.time;
        return best;
      },
      handle(t, y, crossed, before) {
        K.roots(t, y, g);
        override.fill(0);
        for (const r of crossed) {
          if (r < 0 || r >= nR) continue;
          override[r] = 1;
          // The side the root came from: known to the driver even when the root started at exactly 0 (at t0
          // or after an event) and left zero between our evaluations (SBML Test Suite 00663).
          if (before && before[r] !== 0 && before[r] === before[r]) lastSign[r] = Math.sign(before[r]!);
        }
        gEntry.set(g);
        const tolT = 4 * Number.EPSILON * Math.max(1, Math.abs(t));
        let changed = false;
        for (let iter = 0; ; iter++) {
          if (iter > MAX_EVENT_ITERATIONS) {
            throw new ExosimError([
              diag('E_EVENT_LOOP', `More than ${MAX_EVENT_ITERATIONS} event executions at t = ${t}: events keep re-triggering each other.`, {
                hint: 'Check triggers and assignments of the events for an infinite cascade (an assignment that re-enables its own trigger).',
              }),
            ]);
          }
          evalTriggers(t, y);
          for (let k = 0; k < nE; k++) {
            const now = cur[k]!;
            if (now && !prev[k]) {
              const m = meta[k]!;
              let d = K.delay[k]!(t, y);
              if (!(d >= 0)) d = 0;
              let values: Float64Array | undefined;
              if (m.useValuesFromTriggerTime) {
                values = new Float64Array(m.nAssign);
                K.values[k]!(t, y, values);
              }
              pending.push({ event: k, time: t + d, values, seq: seq++ });
            } else if (!now && prev[k] && !meta[k]!.persistent) {
              for (let i = pending.length - 1; i >= 0; i--) if (pending[i]!.event === k) pending.splice(i, 1);
            }
            prev[k] = now;
          }
          // choose the due execution with the highest priority; SBML L3V2 section 4.12.6: among executions of
          // equal (defined) priority the choice is random. Events without a priority keep declaration order.
          let best = -1;
          let bestPrio = -Infinity;
          let ties = 0;
          for (let i = 0; i < pending.length; i++) {
            const e = pending[i]!;
            if (e.time > t + tolT) continue;
            let pr = K.priority[e.event]!(t, y);
            if (Number.isNaN(pr)) pr = -Infinity;
            if (best < 0) {
              best = i;
              bestPrio = pr;
              ties = 1;
              continue;
            }
            const b = pending[best]!;
            if (pr > bestPrio) {
              best = i;
              bestPrio = pr;
              ties = 1;
            } else if (pr === bestPrio) {
              if (pr !== -Infinity && hasPriority[e.event] && hasPriority[b.event]) {
                // reservoir sampling: the k-th tie replaces the choice with probability 1/k (uniform overall)
                ties++;
                if (uniform() * ties < 1) best = i;
              } else if (e.event < b.event || (e.event === b.event && e.seq < b.seq)) best = i;
            }
          }
          if (best < 0) break;
          const e = pending.splice(best, 1)[0]!;
          const vals = e.values ?? new Float64Array(meta[e.event]!.nAssign);
          if (!e.values) K.values[e.event]!(t, y, vals);
          K.apply[e.event]!(t, y, vals);
          changed = true;
          firedTimes.push(t);
          firedEvents.push(meta[e.event]!.id);
        }
        // record root signs for the next crossing (after-crossing sign for crossed roots not moved by assignments)
        for (let r = 0; r < nR; r++) {
          if (override[r]) {
            const op = rootOps[r];
            if (op === '==' || op === '!=') lastSign[r] = lastSign[r] !== 0 ? -lastSign[r]! : Math.sign(g[r]!);
            else lastSign[r] = Math.sign(gEff[r]!);
          } else lastSign[r] = Math.sign(g[r]!);
        }
        if (changed) parameterHistory.push({ t, p: Float64Array.from(p) });
        return { changed, terminate: false };
      },
    };
    return hooks;
  }

  return { code, create };
}

/** The event kernels as interpreted closures (same statements as the generated source; see interpret.ts). */
function interpretEventKernels(
  rootsIR: KernelIR,
  triggersIR: KernelIR,
  delayIR: (KernelIR | undefined)[],
  prioIR: (KernelIR | undefined)[],
  valuesIR: KernelIR[],
  applyIR: KernelIR[],
): (p: Float64Array) => Kernels {
  const rk = interpretKernel(rootsIR);
  const tk = interpretKernel(triggersIR);
  const dk = delayIR.map((ir) => (ir ? interpretKernel(ir) : undefined));
  const pk = prioIR.map((ir) => (ir ? interpretKernel(ir) : undefined));
  const vk = valuesIR.map(interpretKernel);
  const ak = applyIR.map(interpretKernel);
  return (p) => {
    const rf = rk.frame(p);
    const tf = tk.frame(p);
    const numberFn = (k: ReturnType<typeof interpretKernel> | undefined, none: number) => {
      if (!k) return () => none;
      const f = k.frame(p);
      return (t: number, y: Float64Array): number => {
        f.t = t;
        f.y = y;
        return k.run(f);
      };
    };
    return {
      roots(t, y, out) {
        rf.t = t;
        rf.y = y;
        rf.out = out;
        rk.run(rf);
      },
      triggers(t, y, g, out) {
        tf.t = t;
        tf.y = y;
        tf.g = g;
        tf.out = out;
        tk.run(tf);
      },
      delay: dk.map((k) => numberFn(k, 0)),
      priority: pk.map((k) => numberFn(k, NaN)),
      values: vk.map((k) => {
        const f = k.frame(p);
        return (t: number, y: Float64Array, out: Float64Array) => {
          f.t = t;
          f.y = y;
          f.out = out;
          k.run(f);
        };
      }),
      apply: ak.map((k) => {
        const f = k.frame(p);
        return (t: number, y: Float64Array, vals: Float64Array) => {
          f.t = t;
          f.y = y;
          f.v = vals;
          k.run(f);
        };
      }),
    };
  };
}
