#!/usr/bin/env node
/**
 * Benchmark problem generator: the ONE place where the three benchmark problems are defined as mass-action
 * reaction networks, and from which every tool's input is emitted, so all tools integrate the same equations:
 *
 *   ROBER   Robertson's chemical kinetics (Test Set for IVP Solvers, Mazzia & Magherini, release 2.4), t_end 1e11
 *   HIRES   High Irradiance RESponse (same test set), t_end 321.8122, rewritten as 15 mass-action reactions
 *           (1.71 y1 -> y2 etc.; the net rates equal the test set's right-hand side term by term)
 *   NETWORK a seeded random mass-action network: 1,000 species x1..x1000, 2,000 reactions
 *
 * Every reaction r has rate v_r = k_r * prod_{j in reactants(r)} y_j (deterministic mass action, no 1/2 for
 * dimerisation; unit-size compartment, so amount = concentration) and the ODE is dy/dt = N v with N the
 * net stoichiometry matrix. Emitted (into bench/ode/out/gen/ unless --out is given):
 *   <name>.yaml        ExoSim model (explicit `rate` expressions such as `k12 * x3 * x7`)
 *   problems.json      structure for the SciPy script (vectorised numpy rhs and sparse Jacobian)
 *   problems_gen.h     C code for CVODE: rhs and the analytic Jacobian in CSR (structural pattern incl. diagonal)
 *
 * The random network (seed 20240611 by default, PRNG mulberry32):
 *   - 1,000 conversions x_perm[i-1] -> x_perm[i] around one random cycle (every species has an inflow, the
 *     linear part is strongly connected), k = 10^U(-2, 3)   (stiffness: rate constants span 5 decades)
 *   - 400 bimolecular reactions x_a + x_b -> x_c (a != b != c, all three within 8 places of each other along
 *     the cycle: pathway-like locality), k = 10^U(-1, 2)   (these only remove mass)
 *   - 100 zeroth-order productions 0 -> x_i, k = 10^U(-1, 0)
 *   - 500 first-order degradations x_i -> 0 on distinct species, k = 10^U(-1, 0)
 *   Boundedness: conversions conserve sum(y), bimolecular steps lower it, and with degradation reachable from
 *   every species around the cycle the linear part is a Hurwitz compartmental matrix, so y stays bounded and
 *   positive. Initial values y0_i = U(0.1, 1). t_end = 5e4 (slowest Jacobian eigenvalue at the steady state is about
 *   -2.6e-4, so exp(-13) of the slowest transient is left; the fastest is about -1e3: stiffness ratio ~4e6;
 *   max|f(y_end)| is printed by the CVODE reference run, see README).
 *
 * Scoring (bench.mjs): error = max_i |y_i - ref_i| / |ref_i| over components with |ref_i| >= errorFloor, and
 * every tool runs with atol = rtol * errorFloor (so components at the floor are still controlled relatively).
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: 32-bit seeded PRNG (Tommy Ettinger), returns U[0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A problem: { name, species: string[], y0: number[], tEnd, reactions: [{ id, k, reactants: int[] (with
 * repetition for order 2), products: int[] }] , reference?: number[] }.
 */
export function rober() {
  return {
    name: 'rober',
    title: 'ROBER',
    species: ['y1', 'y2', 'y3'],
    y0: [1, 0, 0],
    tEnd: 1e11,
    reactions: [
      { id: 'r1', k: 0.04, reactants: [0], products: [1] }, // y1 -> y2
      { id: 'r2', k: 1e4, reactants: [1, 2], products: [0, 2] }, // y2 + y3 -> y1 + y3
      { id: 'r3', k: 3e7, reactants: [1, 1], products: [1, 2] }, // 2 y2 -> y2 + y3
    ],
    // Test set reference at t = 1e11 (RADAU5, tight tolerances).
    reference: [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050e0],
    // y2 (8e-14 at t_end) is below the floor and not scored; y1 (2e-8) and y3 are.
    errorFloor: 1e-9,
  };
}

export function hires() {
  const R = (id, k, reactants, products) => ({ id, k, reactants, products });
  // Indices 0..7 = y1..y8. Each line: the term(s) of the test set's f it reproduces.
  return {
    name: 'hires',
    title: 'HIRES',
    species: ['y1', 'y2', 'y3', 'y4', 'y5', 'y6', 'y7', 'y8'],
    y0: [1, 0, 0, 0, 0, 0, 0, 0.0057],
    tEnd: 321.8122,
    reactions: [
      R('r1', 1.71, [0], [1]), // -1.71 y1 (f1), +1.71 y1 (f2)
      R('r2', 0.43, [1], [0]), // +0.43 y2 (f1)
      R('r3', 8.32, [1], [3]), // +8.32 y2 (f4); f2 loses 0.43 + 8.32 = 8.75
      R('r4', 8.32, [2], [0]), // +8.32 y3 (f1)
      R('r5', 1.71, [2], [3]), // +1.71 y3 (f4); f3 loses 10.03
      R('r6', 0.0007, [], [0]), // +0.0007 (f1)
      R('r7', 0.43, [3], [2]), // +0.43 y4 (f3)
      R('r8', 0.69, [3], [5]), // +0.69 y4 (f6); f4 loses 1.12
      R('r9', 0.035, [4], [2]), // +0.035 y5 (f3)
      R('r10', 1.71, [4], [5]), // +1.71 y5 (f6); f5 loses 1.745
      R('r11', 0.43, [5], [4]), // +0.43 y6 (f5), f6 loses 0.43
      R('r12', 280, [5, 7], [6]), // 280 y6 y8: -f6, +f7, -f8
      R('r13', 0.43, [6], [4, 7]), // +0.43 y7 (f5, f8)
      R('r14', 0.69, [6], [5, 7]), // +0.69 y7 (f6, f8)
      R('r15', 0.69, [6], [7]), // +0.69 y7 (f8); f7 loses 1.81, f8 gains 1.81
    ],
    reference: [
      0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
      0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
    ],
    errorFloor: 1e-7, // all eight components (>= 5.9e-5) are scored
  };
}

export function network({ n = 1000, seed = 20240611, conversions = 1000, bimolecular = 400, productions = 100, degradations = 500, tEnd = 5e4 } = {}) {
  const rnd = mulberry32(seed);
  const int = (m) => Math.floor(rnd() * m);
  const logU = (lo, hi) => 10 ** (lo + (hi - lo) * rnd());
  const round = (x) => Number(x.toPrecision(6)); // short constants in every tool's input, same values everywhere
  // Random permutation (Fisher-Yates) -> one cycle through all species.
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = int(i + 1); [perm[i], perm[j]] = [perm[j], perm[i]]; }
  const reactions = [];
  let id = 0;
  const add = (k, reactants, products) => reactions.push({ id: `r${++id}`, k: round(k), reactants, products });
  for (let c = 0; c < conversions; c++) {
    const from = perm[c % n], to = perm[(c + 1) % n];
    add(logU(-2, 3), [from], [to]);
  }
  // Bimolecular partners and product lie within +-window places of each other along the cycle (pathway-like
  // locality; fully random triples make the Jacobian an expander graph whose LU fills in almost completely).
  const window = 8;
  for (let b = 0; b < bimolecular; b++) {
    const pa = int(n);
    const pb = (pa + 1 + int(window)) % n;
    let pc = pa; while (pc === pa || pc === pb) pc = (pa - window + int(2 * window + 1) + n) % n;
    add(logU(-1, 2), [perm[pa], perm[pb]], [perm[pc]]);
  }
  for (let p = 0; p < productions; p++) add(logU(-1, 0), [], [int(n)]);
  const shuffled = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = int(i + 1); [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]; }
  for (let d = 0; d < degradations; d++) add(logU(-1, 0), [shuffled[d]], []);
  const y0 = Array.from({ length: n }, () => round(0.1 + 0.9 * rnd()));
  return {
    name: 'network',
    title: `NETWORK (${n} species, ${reactions.length} reactions)`,
    species: Array.from({ length: n }, (_, i) => `x${i + 1}`),
    y0,
    tEnd,
    reactions,
    seed,
    // reference: computed by CVODE at rtol 1e-13 (see bench.mjs); components below the floor are not scored
    errorFloor: 1e-8,
  };
}

/** Net stoichiometry of reaction r as Map(species -> coefficient), zero entries removed. */
function netStoich(r) {
  const m = new Map();
  for (const j of r.reactants) m.set(j, (m.get(j) ?? 0) - 1);
  for (const j of r.products) m.set(j, (m.get(j) ?? 0) + 1);
  for (const [j, v] of [...m]) if (v === 0) m.delete(j);
  return m;
}

/** CSR pattern (with diagonal) and accumulation plan of the Jacobian J = N dv/dy. */
export function jacobianPlan(p) {
  const n = p.species.length;
  const rows = Array.from({ length: n }, (_, i) => new Set([i]));
  // terms: { i, j, coef, k, others: int[] } meaning J[i][j] += coef * k * prod(y[others])
  const terms = [];
  for (const r of p.reactions) {
    const ns = netStoich(r);
    const distinct = [...new Set(r.reactants)];
    for (const j of distinct) {
      // d/dy_j of k * prod y: multiplicity m of j -> m * y_j^(m-1) * prod(others)
      const mult = r.reactants.filter((x) => x === j).length;
      const others = [];
      let removed = false;
      for (const x of r.reactants) { if (x === j && !removed) { removed = true; continue; } others.push(x); }
      for (const [i, s] of ns) {
        rows[i].add(j);
        terms.push({ i, j, coef: s * mult, k: r.k, others });
      }
    }
  }
  const rowPtr = [0];
  const colIdx = [];
  for (let i = 0; i < n; i++) { const cols = [...rows[i]].sort((a, b) => a - b); colIdx.push(...cols); rowPtr.push(colIdx.length); }
  const pos = (i, j) => { for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (colIdx[k] === j) return k; throw new Error('pattern'); };
  for (const t of terms) t.pos = pos(t.i, t.j);
  return { rowPtr, colIdx, terms };
}

const num = (x) => (Number.isInteger(x) ? x.toFixed(1) : x.toPrecision(17));

/** ExoSim YAML model: explicit mass-action `rate` expressions, parameters k_r, unit-size compartment. */
export function toYaml(p) {
  const L = [];
  L.push(`# Generated by bench/ode/gen-network.mjs (${p.title}${p.seed !== undefined ? `, seed ${p.seed}` : ''}). Do not edit.`);
  L.push(`exosim: '1'`);
  L.push(`id: bench_${p.name}`);
  L.push(`name: ${JSON.stringify(p.title)}`);
  L.push(`compartments:`);
  L.push(`  - { id: box, size: 1 }`);
  L.push(`species:`);
  p.species.forEach((s, i) => L.push(`  - { id: ${s}, compartment: box, initialAmount: ${p.y0[i]} }`));
  L.push(`parameters:`);
  p.reactions.forEach((r) => L.push(`  - { id: k_${r.id}, value: ${r.k} }`));
  L.push(`reactions:`);
  for (const r of p.reactions) {
    const ns = netStoich(r);
    const reac = [], prod = [];
    for (const [j, s] of ns) (s < 0 ? reac : prod).push(s === -1 || s === 1 ? p.species[j] : `{ species: ${p.species[j]}, stoichiometry: ${Math.abs(s)} }`);
    const mods = [...new Set(r.reactants)].filter((j) => !ns.has(j)).map((j) => p.species[j]);
    const rate = [`k_${r.id}`, ...r.reactants.map((j) => p.species[j])].join(' * ');
    let line = `  - { id: ${r.id}, reactants: [${reac.join(', ')}], products: [${prod.join(', ')}]`;
    if (mods.length) line += `, modifiers: [${mods.join(', ')}]`;
    line += `, rate: '${rate}' }`;
    L.push(line);
  }
  return L.join('\n') + '\n';
}

/**
 * C code: per problem, table-driven rhs / CSR Jacobian (loops over reaction tables; straight-line code for
 * 2,000 reactions takes gcc -O2 over a minute to compile and is no faster).
 *   v_r = k_r * y[a_r] * y[b_r] (missing reactant = index -1 -> factor 1); f_i = sum_r N_ir v_r
 *   J[pos_t] += c_t * y[o_t]   (c_t = N_ij * multiplicity * k_r, o_t the other reactant or -1)
 */
export function toC(problems) {
  const L = ['/* Generated by bench/ode/gen-network.mjs. Do not edit. */', '#pragma once', ''];
  const arr = (type, name, xs, fmt = String) => `static const ${type} ${name}[${Math.max(1, xs.length)}] = {${xs.length ? xs.map(fmt).join(', ') : '0'}};`;
  for (const p of problems) {
    const n = p.species.length, P = p.name;
    const plan = jacobianPlan(p);
    const st = p.reactions.flatMap((r, ri) => [...netStoich(r)].map(([i, s]) => [i, ri, s]));
    L.push(`#define ${P.toUpperCase()}_N ${n}`);
    L.push(`#define ${P.toUpperCase()}_NNZ ${plan.colIdx.length}`);
    L.push(`#define ${P.toUpperCase()}_NR ${p.reactions.length}`);
    L.push(`#define ${P.toUpperCase()}_NS ${st.length}`);
    L.push(`#define ${P.toUpperCase()}_NT ${plan.terms.length}`);
    L.push(`static const double ${P}_tEnd = ${num(p.tEnd)};`);
    L.push(arr('double', `${P}_y0`, p.y0, num));
    L.push(arr('int', `${P}_rowPtr`, plan.rowPtr));
    L.push(arr('int', `${P}_colIdx`, plan.colIdx));
    L.push(arr('double', `${P}_k`, p.reactions.map((r) => r.k), num));
    L.push(arr('int', `${P}_ra`, p.reactions.map((r) => r.reactants[0] ?? -1)));
    L.push(arr('int', `${P}_rb`, p.reactions.map((r) => r.reactants[1] ?? -1)));
    L.push(arr('int', `${P}_si`, st.map((x) => x[0])));
    L.push(arr('int', `${P}_sr`, st.map((x) => x[1])));
    L.push(arr('double', `${P}_sv`, st.map((x) => x[2]), num));
    L.push(arr('int', `${P}_tp`, plan.terms.map((t) => t.pos)));
    L.push(arr('double', `${P}_tc`, plan.terms.map((t) => t.coef * t.k), num));
    L.push(arr('int', `${P}_to`, plan.terms.map((t) => t.others[0] ?? -1)));
    L.push(`static void ${P}_rhs(const double *restrict y, double *restrict f) {`);
    L.push(`  double v[${P.toUpperCase()}_NR];`);
    L.push(`  for (int r = 0; r < ${P.toUpperCase()}_NR; r++) { double x = ${P}_k[r]; if (${P}_ra[r] >= 0) x *= y[${P}_ra[r]]; if (${P}_rb[r] >= 0) x *= y[${P}_rb[r]]; v[r] = x; }`);
    L.push(`  for (int i = 0; i < ${n}; i++) f[i] = 0.0;`);
    L.push(`  for (int s = 0; s < ${P.toUpperCase()}_NS; s++) f[${P}_si[s]] += ${P}_sv[s] * v[${P}_sr[s]];`);
    L.push('}');
    L.push(`static void ${P}_jac(const double *restrict y, double *restrict J) {`);
    L.push(`  for (int k = 0; k < ${P.toUpperCase()}_NNZ; k++) J[k] = 0.0;`);
    L.push(`  for (int t = 0; t < ${P.toUpperCase()}_NT; t++) J[${P}_tp[t]] += ${P}_to[t] >= 0 ? ${P}_tc[t] * y[${P}_to[t]] : ${P}_tc[t];`);
    L.push('}', '');
  }
  return L.join('\n');
}

/** JSON consumed by scipy-bench.py (and by the ExoSim bench for y0 / tEnd / reference). */
export function toJson(problems) {
  const out = {};
  for (const p of problems) {
    out[p.name] = {
      title: p.title,
      n: p.species.length,
      species: p.species,
      y0: p.y0,
      tEnd: p.tEnd,
      reference: p.reference ?? null,
      errorFloor: p.errorFloor,
      seed: p.seed ?? null,
      // reactions as flat lists (reactants padded to 2 with -1) and net stoichiometry triples
      k: p.reactions.map((r) => r.k),
      reactants: p.reactions.map((r) => [r.reactants[0] ?? -1, r.reactants[1] ?? -1]),
      stoich: p.reactions.flatMap((r, ri) => [...netStoich(r)].map(([i, s]) => [i, ri, s])),
    };
  }
  return out;
}

function writeAtomic(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outArg = args.indexOf('--out');
  const outDir = outArg >= 0 ? resolve(args[outArg + 1]) : join(here, 'out', 'gen');
  mkdirSync(outDir, { recursive: true });
  const problems = [rober(), hires(), network()];
  for (const p of problems) writeAtomic(join(outDir, `${p.name}.yaml`), toYaml(p));
  writeAtomic(join(outDir, 'problems.json'), JSON.stringify(toJson(problems)));
  writeAtomic(join(outDir, 'problems_gen.h'), toC(problems));
  const net = problems[2];
  process.stderr.write(`gen-network: wrote ${outDir} (network: ${net.species.length} species, ${net.reactions.length} reactions, seed ${net.seed})\n`);
}
