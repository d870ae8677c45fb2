/**
 * Fast reactions (SBML L2 / L3V1 `fast="true"`): reactions so fast that they are always at equilibrium.
 *
 * Semantics (SBML L3V1 section 4.11.2; L2V4 section 4.13.6): the species of the fast subsystem are at every
 * instant at the state where every fast reaction's rate is zero, reached from the current state by the fast
 * reactions alone; slow reactions, rules and events move the state, and the fast subsystem re-equilibrates
 * instantly.
 *
 * Method (an index-1 DAE reduced by a nested Newton solve, as a quasi-steady-state elimination):
 *  - State y keeps the "pre-equilibrium" amounts of the fast species; slow reactions change them as usual
 *    (fast reactions contribute nothing to dy/dt).
 *  - The equilibrated amounts are x = y + N_f xi, with N_f the fast reactions' stoichiometry (species x fast
 *    reactions, amounts) and xi their extents, the solution of v_f(x) = 0 (one equation per fast reaction).
 *    x preserves every conservation law of the fast subsystem (N_f xi changes only along the fast directions).
 *  - x is written to auxiliary slots of p (aux.ts) before every kernel runs; every expression reads a fast
 *    species through its slot (concentration = slot / size). Outputs report x.
 *  - xi by pseudo-transient continuation (implicit Euler in pseudo-time on the fast dynamics, becoming Newton's
 *    method near equilibrium) with a finite-difference Jacobian (m = number of fast reactions, small), warm-started
 *    from the previous solve: it ends at the equilibrium the fast reactions reach from the current state (with
 *    v = k S1 S2 and k < 0, the one where S2 is used up, SBML Test Suite 01399), not at an arbitrary root.
 *  - Before an event assignment changes the state, the equilibrium is committed (y <- x, xi <- 0), so that the
 *    assignment acts on the equilibrated values (an event setting one fast species leaves the others where
 *    they were, then the subsystem re-equilibrates).
 * The analytic Jacobian does not see x's dependence on y: odeSystem falls back to finite differences.
 */
import type { Expr } from '../expr/ast.js';
import type { FlatModel } from '../model/types.js';
import { ExosimError, diag } from '../diagnostics.js';
import type { AuxProvider, AuxRun } from './aux.js';
import { denseSolve } from '../solvers/linalg/dense-lu.js';

type ListKernel = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;

export interface FastPlan {
  /** Fast reaction ids (their fluxes are left out of the rates). */
  reactionIds: Set<string>;
  /** Fast species id -> aux slot holding its equilibrated amount. */
  eqSlot: Map<string, number>;
  /** The provider, once the kernels can be built (call after the symbol table is complete). */
  provider(kernel: (exprs: readonly Expr[], label: string) => ListKernel, prepare: (e: Expr, where: string) => Expr): AuxProvider;
}

const MAX_ITER = 400;

/** Plan the fast subsystem: which species, which slots. Undefined when the model has no fast reaction. */
export function planFastReactions(flat: FlatModel, stateIndex: ReadonlyMap<string, number>, allocAux: (count: number) => number): FastPlan | undefined {
  const fast = flat.reactions.filter((r) => r.fast);
  if (!fast.length) return undefined;
  const speciesById = new Map(flat.species.map((s) => [s.id, s]));
  // N_f: net stoichiometry of each (non-boundary, non-constant, state) species in each fast reaction
  const species: string[] = [];
  const rowOf = new Map<string, number>();
  const cols: [number, number][][] = []; // per fast reaction: [species row, coefficient]
  fast.forEach((r) => {
    const net = new Map<string, number>();
    for (const ref of r.reactants) net.set(ref.species, (net.get(ref.species) ?? 0) - ref.stoichiometry);
    for (const ref of r.products) net.set(ref.species, (net.get(ref.species) ?? 0) + ref.stoichiometry);
    const col: [number, number][] = [];
    for (const [sid, c] of net) {
      const sp = speciesById.get(sid);
      if (!sp || c === 0 || sp.boundaryCondition || sp.constant || !stateIndex.has(sid)) continue;
      if (!Number.isFinite(c)) {
        throw new ExosimError([diag('E_UNSUPPORTED_FEATURE', `Fast reaction '${r.id}' has a stoichiometry for '${sid}' that is not a number; fast reactions need constant stoichiometry.`, { hint: 'Give the species reference a constant stoichiometry.' })]);
      }
      let row = rowOf.get(sid);
      if (row === undefined) {
        row = species.length;
        rowOf.set(sid, row);
        species.push(sid);
      }
      col.push([row, c]);
    }
    cols.push(col);
  });
  const base = allocAux(species.length);
  const eqSlot = new Map(species.map((s, i) => [s, base + i]));
  const stateOf = species.map((s) => stateIndex.get(s)!);
  const m = fast.length;
  const ns = species.length;

  return {
    reactionIds: new Set(fast.map((r) => r.id)),
    eqSlot,
    provider(kernel, prepare) {
      const residual = kernel(
        fast.map((r) => prepare(r.rate, `reactions.${r.id}`)),
        'fast reaction rate',
      );
      return {
        label: 'fast reactions',
        dependsOnState: true,
        create(p: Float64Array): AuxRun {
          const xi = new Float64Array(m);
          const trial = new Float64Array(m);
          const r0 = new Float64Array(m);
          const r1 = new Float64Array(m);
          const J = new Float64Array(m * m);
          const dx = new Float64Array(m);
          const scale = new Float64Array(m);
          const write = (y: Float64Array, z: Float64Array) => {
            for (let i = 0; i < ns; i++) p[base + i] = y[stateOf[i]!]!;
            for (let j = 0; j < m; j++) {
              const zj = z[j]!;
              if (zj === 0) continue;
              for (const [row, c] of cols[j]!) p[base + row] = p[base + row]! + c * zj;
            }
          };
          const norm = (v: Float64Array) => {
            let s = 0;
            for (let j = 0; j < m; j++) s = Math.max(s, Math.abs(v[j]!));
            return s;
          };
          const solve = (t: number, y: Float64Array) => {
            // amount scale of each reaction's species: step-size convergence test and FD increments
            for (let j = 0; j < m; j++) {
              let s = Math.abs(xi[j]!);
              for (const [row] of cols[j]!) s = Math.max(s, Math.abs(y[stateOf[row]!]!));
              scale[j] = s > 0 ? s : 1;
            }
            write(y, xi);
            residual(t, y, p, r0);
            // Pseudo-transient continuation (Kelley & Keyes 1998): implicit Euler steps of the fast dynamics
            // d xi / d tau = v_f(y + N_f xi), (I / dtau - J) d = v_f, with dtau growing as |v_f| falls (switched
            // evolution relaxation), so the solve ends at the equilibrium the fast reactions actually reach from
            // the current state (the stable one), and turns into Newton's method near it.
            let dtau = Infinity;
            for (let j = 0; j < m; j++) {
              const v = Math.abs(r0[j]!);
              if (v > 0) dtau = Math.min(dtau, (1e-2 * scale[j]!) / v);
            }
            if (dtau === Infinity) return; // all fast rates are 0: at equilibrium
            let nPrev = norm(r0);
            for (let iter = 0; iter < MAX_ITER; iter++) {
              if (nPrev === 0) return;
              // Jacobian d v_f / d xi by forward differences
              for (let j = 0; j < m; j++) {
                const h = 1e-7 * Math.max(Math.abs(xi[j]!), scale[j]!);
                trial.set(xi);
                trial[j] = xi[j]! + h;
                write(y, trial);
                residual(t, y, p, r1);
                for (let i = 0; i < m; i++) J[i * m + j] = -(r1[i]! - r0[i]!) / h;
              }
              for (let j = 0; j < m; j++) J[j * m + j] = J[j * m + j]! + 1 / dtau;
              if (!denseSolve(J, r0, dx, m)) {
                write(y, xi);
                return; // singular: the rates do not depend on the extents
              }
              let small = true;
              for (let j = 0; j < m; j++) {
                trial[j] = xi[j]! + dx[j]!;
                if (Math.abs(dx[j]!) > 1e-13 * scale[j]!) small = false;
              }
              write(y, trial);
              residual(t, y, p, r1);
              const n1 = norm(r1);
              if (!Number.isFinite(n1)) {
                dtau *= 0.1; // overshoot into an invalid region: shorter pseudo-time step
                write(y, xi);
                continue;
              }
              xi.set(trial);
              r0.set(r1);
              if (small) return;
              dtau = n1 > 0 ? Math.min(dtau * Math.max(2, nPrev / n1), 1e300) : dtau;
              nPrev = n1;
            }
          };
          return {
            refresh(t, y) {
              solve(t, y);
            },
            commit(t, y) {
              solve(t, y);
              for (let i = 0; i < ns; i++) y[stateOf[i]!] = p[base + i]!;
              xi.fill(0);
            },
          };
        },
      };
    },
  };
}
