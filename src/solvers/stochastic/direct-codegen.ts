/**
 * ssa-direct for SMALL mass-action networks, specialised per network by code generation.
 *
 * Same method, same draws, same floating-point operations in the same order as the generic path (DirectCore in
 * direct.ts with the search in model order, runExact in common.ts), so a seed gives bit-identical trajectories
 * (test/solvers/ssa-direct-paths.test.ts). What differs is only where the numbers live: the generated function
 * keeps every copy number x_i and every propensity a_k in a local variable, the selection is an unrolled chain
 * of comparisons of the cumulative sums, and each reaction's state change and dependent-propensity updates are
 * straight-line code with the rate constants as literals (a_k = c_k * prod_q (x_s - o_q), the mass-action tables
 * of src/compile/mass-action.ts). A C compiler would do the same with the network known at compile time; this is
 * what brings the JavaScript engine to the C reference's speed on 2-6 reaction networks (bench/ssa/README.md).
 *
 * Used by ssa-direct when: the ReactionSystem has mass-action tables and allows code generation, the run has no
 * events, the random stream is xoshiro128** (its state words are kept in locals), the search order is the model
 * order, and the network is small (nReactions <= MAX_REACTIONS, n <= MAX_STATES; larger networks would make the
 * generated function too large for V8 to optimise well).
 */
import type { ReactionSystem, StochasticRunResult } from './types.js';
import type { Xoshiro128StarStar } from './rng.js';

export const CODEGEN_MAX_REACTIONS = 32;
export const CODEGEN_MAX_STATES = 64;

/** The generated replicate loop: runs from t0 on x (copy numbers, already rounded) with initial propensities a. */
export type GeneratedDirectLoop = (
  x: Float64Array,
  a: Float64Array,
  outT: Float64Array,
  states: Float64Array,
  rng: Xoshiro128StarStar,
  t0: number,
  every: number,
  shouldCancel: (() => boolean) | undefined,
  zk: Readonly<Float64Array>,
  zw: Readonly<Float64Array>,
  zigFrom: (rng: Xoshiro128StarStar, u: number) => number,
  bad: (k: number, t: number, v: number) => Error,
  pollEvery: number,
) => { reached: number; firings: number; status: StochasticRunResult['status'] };

const cache = new WeakMap<ReactionSystem, GeneratedDirectLoop | null>();

/** A JavaScript literal for a finite double that reads back exactly (String() round-trips). */
function lit(v: number): string {
  return v < 0 || Object.is(v, -0) ? `(${String(v)})` : String(v);
}

/** The xoshiro128** step (rng.ts nextUint32) on locals s0..s3, leaving the unsigned output in `out`. */
function step(out: string): string[] {
  return [
    'mm = Math.imul(s1, 5);',
    `${out} = Math.imul((mm << 7) | (mm >>> 25), 9) >>> 0;`,
    'tt = s1 << 9;',
    's2 ^= s0;',
    's3 ^= s1;',
    's1 ^= s2;',
    's0 ^= s3;',
    's2 ^= tt;',
    's3 = (s3 << 11) | (s3 >>> 21);',
  ];
}

/** JavaScript source of the specialised loop for `sys` (exported for inspection and tests). */
export function directLoopSource(sys: ReactionSystem): string {
  const ma = sys.massAction;
  if (!ma) throw new Error('directLoopSource: the system has no mass-action tables');
  const n = sys.n;
  const M = sys.nReactions;
  const xs = (i: number) => `x${i}`;
  const as = (k: number) => `a${k}`;
  const prop = (k: number): string => {
    // v = c_k; v *= (x_s - o) for each factor, left to right (the table loop's order of operations)
    let e = lit(ma.rate[k]!);
    for (let q = ma.factorPtr[k]!; q < ma.factorPtr[k + 1]!; q++) {
      const s = ma.factorIdx[q]!;
      const o = ma.factorOff[q]!;
      e = `${e} * ${o === 0 ? xs(s) : `(${xs(s)} - ${lit(o)})`}`;
    }
    return e;
  };
  const sumAll = M === 0 ? '0' : Array.from({ length: M }, (_, k) => as(k)).join(' + ');
  const writeRng = 'rng.s0 = s0; rng.s1 = s1; rng.s2 = s2; rng.s3 = s3;';
  const record = Array.from({ length: n }, (_, i) => `states[b + ${i}] = ${xs(i)};`).join(' ');
  const L: string[] = [
    '"use strict";',
    'return function ssaDirectGenerated(x, a, outT, states, rng, t0, every, shouldCancel, zk, zw, zigFrom, bad, pollEvery) {',
    'const nOut = outT.length;',
    'const tEnd = outT[nOut - 1];',
    ...Array.from({ length: n }, (_, i) => `let ${xs(i)} = x[${i}];`),
    ...Array.from({ length: M }, (_, k) => `let ${as(k)} = a[${k}];`),
    `let A = ${sumAll};`,
    'let AExact = A, since = 0, t = t0, reached = 0, firings = 0, sincePoll = 0, cancelled = false;',
    'let tOut = nOut > 0 ? outT[0] : Infinity; // next pending output time',
    'let s0 = rng.s0, s1 = rng.s1, s2 = rng.s2, s3 = rng.s3;',
    'let mm = 0, tt = 0, u = 0, ua = 0, ub = 0, v = 0, cum = 0;',
    'for (;;) {',
    `  if (A < 1e-6 * AExact || A <= 0) { A = AExact = ${sumAll}; since = 0; }`,
    '  if (!(A > 0)) break;',
    ...step('u').map((s) => '  ' + s),
    '  const zi = u & 255, zj = u >>> 8;',
    '  let e;',
    `  if (zj < zk[zi]) e = zj * zw[zi]; else { ${writeRng} e = zigFrom(rng, u); s0 = rng.s0; s1 = rng.s1; s2 = rng.s2; s3 = rng.s3; }`,
    '  const tNext = t + e / A;',
    '  if (shouldCancel !== undefined && ++sincePoll >= pollEvery) { sincePoll = 0; if (shouldCancel()) { cancelled = true; break; } }',
    '  if (tNext > tEnd) break;',
    `  while (tOut < tNext) { const b = reached++ * ${n}; ${record} tOut = reached < nOut ? outT[reached] : Infinity; }`,
    '  t = tNext;',
    ...step('ua').map((s) => '  ' + s),
    '  ua = ua >>> 5;',
    ...step('ub').map((s) => '  ' + s),
    '  ub = ub >>> 6;',
    '  const r = (ua * 67108864 + ub) * 1.1102230246251565e-16 * A;',
    '  sel: {',
    '    cum = 0;',
  ];
  const fire = (r: number, ind: string): string[] => {
    const out: string[] = [];
    for (let q = sys.changePtr[r]!; q < sys.changePtr[r + 1]!; q++) out.push(`${ind}${xs(sys.changeIdx[q]!)} = ${xs(sys.changeIdx[q]!)} + ${lit(sys.changeVal[q]!)};`);
    for (let q = sys.dependsPtr[r]!; q < sys.dependsPtr[r + 1]!; q++) {
      const k = sys.dependsIdx[q]!;
      out.push(`${ind}v = ${prop(k)};`);
      out.push(`${ind}if (!(v >= 0 && v < Infinity)) { ${writeRng} throw bad(${k}, t, v); }`);
      out.push(`${ind}A += v - ${as(k)}; ${as(k)} = v;`);
    }
    return out;
  };
  // reaction r fires when the cumulative sum first exceeds r: its state change and dependent updates follow inline
  for (let k = 0; k < M; k++) L.push(`    cum += ${as(k)};`, '    if (cum > r) {', ...fire(k, '      '), '      break sel;', '    }');
  // round-off: r beyond the true sum -> the last reaction with a positive propensity; none -> recompute the total
  for (let k = M - 1; k >= 0; k--) L.push(`    if (${as(k)} > 0) {`, ...fire(k, '      '), '      break sel;', '    }');
  L.push(`    A = AExact = ${sumAll}; since = 0; continue;`);
  L.push('  }');
  L.push('  firings++;');
  L.push(`  if (++since >= every) { A = AExact = ${sumAll}; since = 0; }`);
  L.push('}');
  L.push(writeRng);
  L.push(`if (!cancelled) while (reached < nOut && outT[reached] <= tEnd) { const b = reached++ * ${n}; ${record} }`);
  L.push(...Array.from({ length: n }, (_, i) => `x[${i}] = ${xs(i)};`));
  L.push("return { reached, firings, status: cancelled ? 'cancelled' : 'done' };");
  L.push('};');
  return L.join('\n');
}

/**
 * The generated loop for `sys`, or null when it does not qualify (no mass-action tables, code generation not
 * allowed, too large) or `new Function` is unavailable. Built once per ReactionSystem.
 */
export function generatedDirectLoop(sys: ReactionSystem): GeneratedDirectLoop | null {
  const hit = cache.get(sys);
  if (hit !== undefined) return hit;
  let fn: GeneratedDirectLoop | null = null;
  if (sys.massAction && sys.codegen !== 'interpret' && sys.nReactions <= CODEGEN_MAX_REACTIONS && sys.n <= CODEGEN_MAX_STATES) {
    try {
      fn = (new Function(directLoopSource(sys)) as () => GeneratedDirectLoop)();
    } catch {
      fn = null; // code generation forbidden here (CSP): the fused loop serves
    }
  }
  cache.set(sys, fn);
  return fn;
}
