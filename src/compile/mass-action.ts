/**
 * Recognising mass-action propensities, so that the stochastic engines can evaluate them from tables instead of
 * calling a compiled kernel per propensity (bench/ssa/README.md, hot spot 3).
 *
 * A propensity a_r (copy numbers, see stochastic.ts) has MASS-ACTION FORM when, after expanding the symbol table
 * (species -> `$y<i>` / F_i [/ compartment], parameters -> `$p<j>`, assignment rules -> their expressions), it is
 *
 *     a_r(x) = c_r * prod_q (x_{s_q} - o_q)                                                        (1)
 *
 * with c_r a number computed once from constants and parameters, s_q state indices and o_q integers: this covers
 * k*A, k*A*B, k*A*(A-1)/2 (SBML's stochastic dimerisation), k*A*(A-1)*(A-2)/6, constants (productions), and the
 * same laws written in concentrations with a constant compartment (k*V*A/V ...). Everything else (time, states in
 * a divisor, Hill functions, piecewise, parameters or compartments that events or rate rules change) is left to
 * the compiled kernels. A recognised law is the same mathematical function as the kernel; only the order of the
 * floating-point operations differs (relative differences ~1e-16; test/compile/mass-action.test.ts compares them
 * on random states).
 */
import type { Expr } from '../expr/ast.js';
import { CONSTANTS, TIME } from '../expr/builtins.js';
import type { SymbolDef } from './codegen.js';

/** Propensity tables for a whole reaction network (every reaction in mass-action form). */
export interface MassActionTables {
  /** c_r of (1), per reaction. */
  rate: Float64Array;
  /** Factors of reaction r: q in [factorPtr[r], factorPtr[r+1]). */
  factorPtr: Int32Array;
  /** State index s_q of each factor. */
  factorIdx: Int32Array;
  /** Offset o_q of each factor (x - o). */
  factorOff: Float64Array;
}

interface Form {
  c: number;
  f: [number, number][]; // [state, offset]
}

const SLOT_Y = /^\$y(\d+)$/;
const SLOT_P = /^\$p(\d+)$/;

/**
 * The mass-action form (1) of `e`, or null. `frozen`: ids whose value may change during a run other than as a
 * state (event-assignment targets, rate-rule parameters): their presence makes the law non-constant.
 */
export function massActionForm(e: Expr, defs: ReadonlyMap<string, SymbolDef>, params: Float64Array, frozen: ReadonlySet<string>, depth = 0): Form | null {
  if (depth > 200) return null;
  const rec = (x: Expr) => massActionForm(x, defs, params, frozen, depth + 1);
  switch (e.kind) {
    case 'num':
      return { c: e.value, f: [] };
    case 'bool':
      return { c: e.value ? 1 : 0, f: [] };
    case 'id': {
      const name = e.name;
      if (name === TIME || frozen.has(name)) return null;
      const y = SLOT_Y.exec(name);
      if (y) return { c: 1, f: [[+y[1]!, 0]] };
      const p = SLOT_P.exec(name);
      if (p) {
        const v = params[+p[1]!];
        return v === undefined ? null : { c: v, f: [] };
      }
      const k = CONSTANTS.get(name);
      if (k !== undefined && !defs.has(name)) return { c: k, f: [] };
      const d = defs.get(name);
      return d ? rec(d.expr) : null;
    }
    case 'unary': {
      const a = rec(e.arg);
      if (!a) return null;
      if (e.op === '+') return a;
      if (e.op === '-') return { c: -a.c, f: a.f };
      return null;
    }
    case 'binary': {
      const l = rec(e.left);
      if (!l) return null;
      const r = rec(e.right);
      if (!r) return null;
      switch (e.op) {
        case '*':
          return { c: l.c * r.c, f: [...l.f, ...r.f] };
        case '/':
          if (r.f.length || r.c === 0 || !Number.isFinite(r.c)) return null;
          return { c: l.c / r.c, f: l.f };
        case '+':
        case '-': {
          const s = e.op === '+' ? 1 : -1;
          if (!l.f.length && !r.f.length) return { c: l.c + s * r.c, f: [] };
          // (x - o) +/- k  with integer k: a shifted factor
          if (l.f.length === 1 && l.c === 1 && !r.f.length && Number.isInteger(r.c)) return { c: 1, f: [[l.f[0]![0], l.f[0]![1] - s * r.c]] };
          return null;
        }
        case '^':
          if (!l.f.length && !r.f.length) return { c: Math.pow(l.c, r.c), f: [] };
          return null;
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

/** Tables for every propensity, or undefined when some propensity is not in mass-action form (or c_r is not finite). */
export function massActionTables(props: readonly Expr[], defs: ReadonlyMap<string, SymbolDef>, params: Float64Array, frozen: ReadonlySet<string>): MassActionTables | undefined {
  const rate = new Float64Array(props.length);
  const ptr = new Int32Array(props.length + 1);
  const idx: number[] = [];
  const off: number[] = [];
  for (let k = 0; k < props.length; k++) {
    const f = massActionForm(props[k]!, defs, params, frozen);
    if (!f || !Number.isFinite(f.c)) return undefined;
    rate[k] = f.c;
    for (const [s, o] of f.f) {
      idx.push(s);
      off.push(o);
    }
    ptr[k + 1] = idx.length;
  }
  return { rate, factorPtr: ptr, factorIdx: Int32Array.from(idx), factorOff: Float64Array.from(off) };
}
