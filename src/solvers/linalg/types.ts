/**
 * Linear algebra contract for implicit solvers (BDF, Rosenbrock, steady-state Newton).
 * An IterationMatrix stores a Jacobian J (dense row-major or CSR sparse), forms M = alpha*I - J and factors it.
 *   BDF / Newton on y' = f:  (I - h*beta*J) dx = r   <=>  (alpha*I - J) dx = alpha*r  with alpha = 1/(h*beta)
 *   Rosenbrock:              (I/(h*gamma) - J) k = rhs  (alpha = 1/(h*gamma))
 *   Steady state Newton:     alpha = 0 gives M = -J, so solve(-f) yields the Newton step dx = -J^{-1} f.
 */
import type { OdeSystem, SolverStats } from '../types.js';

export interface IterationMatrix {
  readonly kind: 'dense' | 'sparse';
  readonly n: number;
  /**
   * Evaluate J(t, y) into internal storage: analytic (system.jacobian / jacobianSparse) when available,
   * otherwise forward finite differences using f0 = f(t, y) (columns grouped by the sparsity pattern when
   * sparse). Increments stats.jacobianEvals and, for finite differences, stats.rhsEvals.
   */
  evaluateJacobian(t: number, y: Float64Array, f0: Float64Array, stats: SolverStats): void;
  /** Form M = alpha*I - J from the stored J and LU-factor it (partial pivoting). Returns false if singular. */
  factor(alpha: number, stats: SolverStats): boolean;
  /** Solve M x = b in place (b becomes x), using the last factorization. */
  solve(b: Float64Array, stats: SolverStats): void;
}

export interface IterationMatrixOptions {
  linearSolver: 'auto' | 'dense' | 'sparse';
  /** Used for finite-difference increments: delta_j = sqrt(eps) * max(|y_j|, atol_j / rtol... ) */
  atol: number | Float64Array;
  rtol: number;
}

export type CreateIterationMatrix = (system: OdeSystem, options: IterationMatrixOptions) => IterationMatrix;
