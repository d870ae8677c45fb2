/**
 * Steady state of dy/dt = f(t0, y): damped Newton on f(y) = 0, with a fallback to time integration by a
 * stiff solver (pseudo-transient continuation in its simplest, most robust form) followed by a Newton polish.
 *
 * Newton: J(y_k) dx = -f(y_k) solved with the iteration matrix at alpha = 0 (M = -J, so M dx = f gives
 * dx = -J^{-1} f); damping by step halving until the weighted residual decreases (Armijo-type backtracking,
 * Deuflhard, Newton Methods for Nonlinear Problems, Springer 2004, section 3.1). Converged when the weighted
 * RMS norm of the Newton step ||dx||_w < 1 and the weighted residual ||f||_w * tScale < 1, with CVODE weights
 * w_i = 1/(rtol |y_i| + atol_i) and tScale = 1 time unit.
 *
 * Fallback: integrate from (t0, y0) to t0 + 1, 10, 100, ... (time units) until ||f(y)||_w * (t - t0) < 1
 * (the state would move by less than the tolerance over a time as long as the one already simulated), then
 * polish with Newton; the polished point is kept only if it is valid (finite, nonnegative where y0 was).
 */
import type { CreateIterationMatrix, IterationMatrix } from '../linalg/types.js';
import { SolverError, emptyStats, type OdeSolverDescriptor, type OdeSystem, type SolverStats } from '../types.js';
import { errorWeights, expandAtol, resolveOdeSettings, wrmsNorm } from './common.js';
import { getSolver, hasSolver } from '../registry.js';

export interface SteadyStateOptions {
  t0?: number;
  rtol: number;
  atol: number | Float64Array;
  /** Newton iterations per attempt (default 50). */
  maxNewtonIterations?: number;
  createIterationMatrix: CreateIterationMatrix;
  linearSolver?: 'auto' | 'dense' | 'sparse';
  /** Stiff solver for the integration fallback (default: ode-bdf, else ode-rosenbrock, from the registry). */
  solver?: OdeSolverDescriptor;
  /** Longest simulated time span of the fallback before giving up (default 1e12 time units). */
  maxIntegrationTime?: number;
}

export interface SteadyStateResult {
  y: Float64Array;
  method: 'newton' | 'integration';
  /** Weighted RMS norm of f at the returned y (weights 1/(rtol |y_i| + atol_i), per time unit). */
  residual: number;
  /** Newton iterations used (all attempts). */
  iterations: number;
  stats: SolverStats;
}

interface NewtonWork {
  n: number;
  f: Float64Array;
  fTrial: Float64Array;
  dx: Float64Array;
  yTrial: Float64Array;
  w: Float64Array;
  atol: Float64Array;
  rtol: number;
  matrix: IterationMatrix;
  stats: SolverStats;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** Damped Newton from y (modified in place). Returns the number of iterations and whether it converged. */
function newton(system: OdeSystem, t: number, y: Float64Array, maxIt: number, wk: NewtonWork): { converged: boolean; iterations: number } {
  const { n, f, fTrial, dx, yTrial, w, atol, rtol, matrix, stats } = wk;
  system.rates(t, y, f);
  stats.rhsEvals++;
  if (!allFinite(f)) return { converged: false, iterations: 0 };
  errorWeights(y, rtol, atol, w);
  let fnorm = wrmsNorm(f, w);
  for (let it = 1; it <= maxIt; it++) {
    stats.newtonIterations++;
    matrix.evaluateJacobian(t, y, f, stats);
    if (!matrix.factor(0, stats)) {
      stats.newtonFailures++;
      return { converged: false, iterations: it };
    }
    dx.set(f);
    matrix.solve(dx, stats); // (-J) dx = f  =>  dx = -J^{-1} f
    if (!allFinite(dx)) return { converged: false, iterations: it };
    const stepNorm = wrmsNorm(dx, w);
    // Backtracking: halve lambda until the weighted residual does not grow (at most 30 halvings).
    let lambda = 1;
    let accepted = false;
    let trialNorm = Infinity;
    for (let k = 0; k < 30; k++) {
      for (let i = 0; i < n; i++) yTrial[i] = y[i]! + lambda * dx[i]!;
      system.rates(t, yTrial, fTrial);
      stats.rhsEvals++;
      errorWeights(yTrial, rtol, atol, w);
      trialNorm = wrmsNorm(fTrial, w);
      if (trialNorm === trialNorm && (trialNorm <= fnorm || lambda * stepNorm < 1)) {
        accepted = true;
        break;
      }
      lambda *= 0.5;
    }
    if (!accepted) {
      stats.newtonFailures++;
      return { converged: false, iterations: it };
    }
    y.set(yTrial);
    f.set(fTrial);
    fnorm = trialNorm;
    if (lambda === 1 && stepNorm < 1 && fnorm < 1) return { converged: true, iterations: it };
    if (fnorm === 0) return { converged: true, iterations: it };
  }
  stats.newtonFailures++;
  return { converged: false, iterations: maxIt };
}

/** Find y with f(t0, y) = 0 starting from y0. Throws SolverError E_NO_STEADY_STATE when nothing works. */
export function findSteadyState(system: OdeSystem, y0: Float64Array, opts: SteadyStateOptions): SteadyStateResult {
  const n = system.n;
  const t0 = opts.t0 ?? 0;
  const maxIt = opts.maxNewtonIterations ?? 50;
  const atol = expandAtol(opts.atol, n);
  const stats = emptyStats();
  const matrix = opts.createIterationMatrix(system, { linearSolver: opts.linearSolver ?? 'auto', atol: opts.atol, rtol: opts.rtol });
  const wk: NewtonWork = {
    n, f: new Float64Array(n), fTrial: new Float64Array(n), dx: new Float64Array(n), yTrial: new Float64Array(n),
    w: new Float64Array(n), atol, rtol: opts.rtol, matrix, stats,
  };
  // Nonnegativity: components with y0_i >= 0 must stay >= -atol_i.
  const valid = (y: Float64Array): boolean => {
    if (!allFinite(y)) return false;
    for (let i = 0; i < n; i++) if (y0[i]! >= 0 && y[i]! < -atol[i]!) return false;
    return true;
  };
  const residualOf = (y: Float64Array): number => {
    system.rates(t0, y, wk.f);
    stats.rhsEvals++;
    errorWeights(y, opts.rtol, atol, wk.w);
    return wrmsNorm(wk.f, wk.w);
  };
  let iterations = 0;

  const y = Float64Array.from(y0);
  const r1 = newton(system, t0, y, maxIt, wk);
  iterations += r1.iterations;
  if (r1.converged && valid(y)) {
    return { y, method: 'newton', residual: residualOf(y), iterations, stats };
  }

  // Fallback: integrate with a stiff solver over geometrically growing spans.
  const desc = opts.solver ?? (hasSolver('ode-bdf') ? getSolver('ode-bdf') : getSolver('ode-rosenbrock'));
  const settings = resolveOdeSettings({ rtol: opts.rtol, atol: opts.atol, linearSolver: opts.linearSolver ?? 'auto' }, desc);
  const stepper = desc.create(system, t0, y0, settings);
  const maxT = opts.maxIntegrationTime ?? 1e12;
  const f = new Float64Array(n);
  const w = new Float64Array(n);
  let reached = false;
  for (let span = 1; span <= maxT; span *= 10) {
    const tEnd = t0 + span;
    while (stepper.t < tEnd) {
      stepper.step(tEnd);
      if (stepper.stats.steps > settings.maxSteps) {
        throw new SolverError('E_MAX_STEPS', `Steady-state search: reached maxSteps = ${settings.maxSteps} at t = ${stepper.t}.`, stepper.t, 'The model may oscillate, grow without bound, or approach its steady state too slowly (e.g. algebraically, like 1/t); simulate it to see which.');
      }
    }
    system.rates(stepper.t, stepper.y, f);
    stats.rhsEvals++;
    errorWeights(stepper.y, opts.rtol, atol, w);
    if (wrmsNorm(f, w) * span < 1) {
      reached = true;
      break;
    }
  }
  const st = stepper.stats;
  stats.steps += st.steps; stats.rejectedSteps += st.rejectedSteps; stats.rhsEvals += st.rhsEvals; stats.jacobianEvals += st.jacobianEvals;
  stats.luDecompositions += st.luDecompositions; stats.linearSolves += st.linearSolves;
  stats.newtonIterations += st.newtonIterations; stats.newtonFailures += st.newtonFailures;
  if (!reached) {
    throw new SolverError(
      'E_NO_STEADY_STATE',
      `No steady state found: Newton did not converge and the state still changes after integrating to t = ${stepper.t}.`,
      stepper.t,
      'The model may oscillate, grow without bound, or approach its steady state too slowly (e.g. algebraically, like 1/t); simulate it to see which.',
    );
  }
  const yInt = Float64Array.from(stepper.y);
  // Polish with Newton; keep the polished point only if it converged to a valid point nearby.
  const yPol = Float64Array.from(yInt);
  const r2 = newton(system, t0, yPol, maxIt, wk);
  iterations += r2.iterations;
  if (r2.converged && valid(yPol)) {
    errorWeights(yInt, opts.rtol, atol, w);
    for (let i = 0; i < n; i++) f[i] = yPol[i]! - yInt[i]!;
    // Integration already brought us within tolerance of the attractor: a far jump means another root.
    if (wrmsNorm(f, w) < 100) return { y: yPol, method: 'integration', residual: residualOf(yPol), iterations, stats };
  }
  return { y: yInt, method: 'integration', residual: residualOf(yInt), iterations, stats };
}
