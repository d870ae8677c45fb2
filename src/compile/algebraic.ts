/**
 * Implicit algebraic rules 0 = g_k(x, z) (FlatModel.algebraicRules; SBML algebraic rules not linear in the
 * variable they determine): a semi-explicit index-1 DAE, reduced to an ODE by solving for the algebraic
 * variables z at every evaluation.
 *
 * Method: z lives in auxiliary slots of p (aux.ts). Before any kernel runs, Newton's method solves g(z) = 0 for
 * the current (t, y): Jacobian dg/dz by forward differences (the number of algebraic variables is small),
 * Gaussian elimination with partial pivoting, backtracking on max |g| (damped Newton, Deuflhard 2004 ch. 3),
 * warm-started from the previous solution (the initial guess at t0 is the variable's declared value, or 1 when it
 * has none). The root followed is therefore the one continuous in time from the declared start, as an index-1
 * DAE solver (IDA, DASSL) would follow it. Failure to converge is an error naming the rule.
 * The analytic Jacobian of the rates treats the slots as constants, so odeSystem falls back to finite
 * differences (dependsOnState).
 */
import type { Expr } from '../expr/ast.js';
import { ExosimError, diag } from '../diagnostics.js';
import type { AuxProvider, AuxRun } from './aux.js';
import { denseSolve } from '../solvers/linalg/dense-lu.js';

type ListKernel = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;

const MAX_ITER = 100;

export interface AlgebraicPlan {
  /** Variable id -> its aux slot. */
  slot: Map<string, number>;
  provider(kernel: (exprs: readonly Expr[], label: string) => ListKernel, prepare: (e: Expr, where: string) => Expr): AuxProvider;
}

/**
 * Reserve slots for the variables of `rules`; `guess(v)` is the starting value (declared value, NaN when none).
 */
export function planAlgebraicRules(
  rules: readonly { variable: string; expr: Expr }[],
  allocAux: (count: number) => number,
  guess: (variable: string) => number,
): AlgebraicPlan | undefined {
  if (!rules.length) return undefined;
  const m = rules.length;
  const base = allocAux(m);
  const slot = new Map(rules.map((r, k) => [r.variable, base + k]));
  const start = Float64Array.from(rules, (r) => {
    const g = guess(r.variable);
    return Number.isFinite(g) ? g : 1;
  });
  return {
    slot,
    provider(kernel, prepare) {
      const residual = kernel(
        rules.map((r) => prepare(r.expr, `rules.${r.variable}`)),
        'algebraic rule residual',
      );
      return {
        label: 'algebraic rules',
        dependsOnState: true,
        create(p: Float64Array): AuxRun {
          const z = Float64Array.from(start);
          const r0 = new Float64Array(m);
          const r1 = new Float64Array(m);
          const J = new Float64Array(m * m);
          const dz = new Float64Array(m);
          const trial = new Float64Array(m);
          const write = (v: Float64Array) => {
            for (let k = 0; k < m; k++) p[base + k] = v[k]!;
          };
          const norm = (v: Float64Array) => {
            let s = 0;
            for (let k = 0; k < m; k++) s = Math.max(s, Math.abs(v[k]!));
            return s;
          };
          const fail = (t: number, why: string): never => {
            throw new ExosimError([
              diag('E_ALGEBRAIC_RULE_SOLVE', `At t = ${t}, the algebraic rule${m > 1 ? 's' : ''} for ${rules.map((r) => `'${r.variable}'`).join(', ')} could not be solved: ${why}.`, {
                hint: 'Check that the rule has a solution near the variable\'s previous value (give the variable a declared starting value close to the intended root), or rewrite it as an assignment rule.',
              }),
            ]);
          };
          return {
            refresh(t, y) {
              write(z);
              residual(t, y, p, r0);
              let n0 = norm(r0);
              if (!Number.isFinite(n0)) fail(t, 'the rule is not finite at the current value');
              for (let iter = 0; iter < MAX_ITER; iter++) {
                if (n0 === 0) return;
                for (let j = 0; j < m; j++) {
                  const h = 1e-7 * Math.max(Math.abs(z[j]!), 1e-6);
                  trial.set(z);
                  trial[j] = z[j]! + h;
                  write(trial);
                  residual(t, y, p, r1);
                  for (let i = 0; i < m; i++) J[i * m + j] = (r1[i]! - r0[i]!) / h;
                }
                if (!denseSolve(J, r0, dz, m)) fail(t, 'the rule does not depend on its variable here (singular Jacobian)');
                let lambda = 1;
                let accepted = false;
                for (let k = 0; k < 40; k++) {
                  for (let j = 0; j < m; j++) trial[j] = z[j]! - lambda * dz[j]!;
                  write(trial);
                  residual(t, y, p, r1);
                  const n1 = norm(r1);
                  if (Number.isFinite(n1) && n1 < n0) {
                    accepted = true;
                    n0 = n1;
                    break;
                  }
                  lambda *= 0.5;
                }
                let small = true;
                for (let j = 0; j < m; j++) if (Math.abs(lambda * dz[j]!) > 1e-14 * Math.max(Math.abs(z[j]!), 1e-300)) small = false;
                if (!accepted) {
                  // no decrease: converged to rounding level, or stuck
                  write(z);
                  if (small || n0 <= 1e-12 * Math.max(1, norm(z))) return;
                  fail(t, `Newton's method stalled with residual ${n0.toExponential(3)}`);
                }
                z.set(trial);
                r0.set(r1);
                if (small) return;
              }
              write(z);
              fail(t, `no convergence in ${MAX_ITER} Newton iterations (residual ${n0.toExponential(3)})`);
            },
          };
        },
      };
    },
  };
}
