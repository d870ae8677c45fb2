/**
 * RODAS: stiffly accurate Rosenbrock method of order 4 with embedded order-3 error estimate, 6 stages,
 * L-stable, with order-3 continuous output; coefficients of Hairer & Wanner's RODAS (rodas.f, METH = 1).
 *
 *   Hairer & Wanner, Solving Ordinary Differential Equations II: Stiff and Differential-Algebraic Problems,
 *   2nd ed., Springer 1996, section IV.7 (Rosenbrock methods; eq. (7.25) transformed form; Table 7.2
 *   coefficient set "RODAS"; dense output eq. (7.33) ff.).
 *
 * Transformed form (no mass matrix), with E = I/(h*gamma) - J, J = df/dy(t_n, y_n), f_t = df/dt(t_n, y_n):
 *   E k_i = f(t_n + c_i h, y_n + sum_{j<i} a_ij k_j) + (d_i h) f_t + sum_{j<i} (C_ij / h) k_j,  i = 1..6,
 *   with a_6j = a_5j (j <= 4), a_65 = 1 (stiffly accurate: the stage arguments of stages 5 and 6 are the
 *   embedded and the final solution):
 *   y_emb = y_n + sum_{j<=4} a_5j k_j + k_5,   y_{n+1} = y_emb + k_6,   error estimate = k_6.
 * Dense output: y(t_n + s h) = (1 - s) y_n + s (y_{n+1} + (1 - s)(q1 + s q2)),
 *   q1 = sum_j D2j k_j, q2 = sum_j D3j k_j (j = 1..5).
 * Non-autonomous systems: f_t by a forward difference with increment sqrt(eps * max(1e-5, |t|)) (as rodas.f).
 * Step-size control: err = weighted RMS of k_6 with w_i = 1/(atol_i + rtol max(|y_n,i|, |y_n+1,i|)),
 *   h_new = h / clamp(err^(1/4) / 0.9, 1/6, 5), and Gustafsson's predictive controller after accepted steps
 *   (HNW II, IV.8, eq. (8.21); as in rodas.f).
 * The Jacobian is evaluated once per accepted step (re-used on rejections) and the iteration matrix is
 * re-factored for each new h.
 */
import { SolverError, emptyStats, type OdeSettings, type OdeSolverDescriptor, type OdeSystem, type SolverStats, type Stepper } from '../types.js';
import type { IterationMatrix } from '../linalg/types.js';
import { createIterationMatrix } from '../linalg/iteration-matrix.js';
import { commonOdeSettingDescriptors, expandAtol, initialStepSize, numberSetting } from './common.js';

// RODAS coefficients (rodas.f, RODCOE with METH = 1; HNW II, Table 7.2).
const C2 = 0.386, C3 = 0.21, C4 = 0.63;
const D1 = 0.25, D2 = -0.1043, D3 = 0.1035, D4 = -0.3620000000000023e-1;
const A21 = 0.1544e1;
const A31 = 0.9466785280815826, A32 = 0.2557011698983284;
const A41 = 0.3314825187068521e1, A42 = 0.2896124015972201e1, A43 = 0.9986419139977817;
const A51 = 0.1221224509226641e1, A52 = 0.6019134481288629e1, A53 = 0.1253708332932087e2, A54 = -0.687886036105895;
const C21 = -0.56688e1;
const C31 = -0.2430093356833875e1, C32 = -0.2063599157091915;
const C41 = -0.1073529058151375, C42 = -0.9594562251023355e1, C43 = -0.2047028614809616e2;
const C51 = 0.7496443313967647e1, C52 = -0.1024680431464352e2, C53 = -0.3399990352819905e2, C54 = 0.117089089320616e2;
const C61 = 0.8083246795921522e1, C62 = -0.7981132988064893e1, C63 = -0.3152159432874371e2, C64 = 0.1631930543123136e2;
const C65 = -0.6058818238834054e1;
const GAMMA = 0.25;
// Dense output coefficients.
const D21 = 0.1012623508344586e2, D22 = -0.7487995877610167e1, D23 = -0.3480091861555747e2, D24 = -0.7992771707568823e1;
const D25 = 0.1025137723295662e1;
const D31 = -0.6762803392801253, D32 = 0.6087714651680015e1, D33 = 0.1643084320892478e2, D34 = 0.2476722511418386e2;
const D35 = -0.6594389125716872e1;

const UROUND = Number.EPSILON;
// Step-size factor bounds (rodas.f defaults: FAC1 = 5 i.e. h_new >= h/5... written as 1/fac here) and safety.
const FAC_MIN = 1 / 6; // h_new <= 6 h
const FAC_MAX = 5; // h_new >= h / 5

export class RodasStepper implements Stepper {
  t: number;
  tPrev: number;
  readonly y: Float64Array;
  readonly stats: SolverStats = emptyStats();
  readonly order = 4;
  /** The iteration matrix (dense or sparse) in use. */
  readonly matrix: IterationMatrix;

  private readonly sys: OdeSystem;
  private readonly n: number;
  private readonly rtol: number;
  private readonly atol: Float64Array;
  private readonly hmax: number;
  private readonly safe: number;
  private readonly autonomous: boolean;

  private h = 0; // proposed size of the next step (0 = not chosen yet)
  private hAcc = 0; // last accepted step (predictive controller)
  private errAcc = 0;
  private nAccepted = 0; // accepted steps since (re)start
  private rejectedLast = false;
  private jacStale = true;

  private readonly yPrev: Float64Array;
  private readonly ynew: Float64Array;
  private readonly f0: Float64Array;
  private readonly fx: Float64Array;
  private readonly dy: Float64Array;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly q1: Float64Array;
  private readonly q2: Float64Array;

  constructor(system: OdeSystem, t0: number, y0: Float64Array, settings: OdeSettings) {
    const n = system.n;
    if (y0.length !== n) {
      throw new SolverError('E_BAD_INITIAL', `Initial state has ${y0.length} entries, the system has ${n}.`, t0, 'Pass one initial value per state variable.');
    }
    this.sys = system;
    this.n = n;
    this.t = t0;
    this.tPrev = t0;
    this.rtol = settings.rtol;
    this.atol = expandAtol(settings.atol, n);
    this.hmax = settings.maxStep > 0 ? settings.maxStep : Infinity;
    this.safe = numberSetting(settings, 'safety', 0.9);
    this.autonomous = settings['autonomous'] === true;
    this.h = settings.initialStep > 0 ? Math.min(settings.initialStep, this.hmax) : 0;
    this.matrix = createIterationMatrix(system, { linearSolver: settings.linearSolver, atol: this.atol, rtol: settings.rtol });
    this.y = Float64Array.from(y0);
    this.yPrev = Float64Array.from(y0);
    this.ynew = new Float64Array(n);
    this.f0 = new Float64Array(n);
    this.fx = new Float64Array(n);
    this.dy = new Float64Array(n);
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.k4 = new Float64Array(n);
    this.k5 = new Float64Array(n);
    this.k6 = new Float64Array(n);
    this.q1 = new Float64Array(n);
    this.q2 = new Float64Array(n);
  }

  /** f0 = f(t, y), J(t, y) and f_t(t, y) at the start of a step (once per accepted step). */
  private prepare(): void {
    const n = this.n, t = this.t, y = this.y, f0 = this.f0, fx = this.fx, stats = this.stats;
    this.sys.rates(t, y, f0);
    stats.rhsEvals++;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(f0[i]!)) {
        throw new SolverError('E_NAN', `Non-finite rate in component ${i} at t = ${t}.`, t, 'Check the model for divisions by zero, overflow or negative arguments to roots/logarithms.');
      }
    }
    this.matrix.evaluateJacobian(t, y, f0, stats);
    if (this.autonomous) {
      fx.fill(0);
    } else {
      // Forward difference in t (rodas.f): delta = sqrt(uround * max(1e-5, |t|)).
      const delt = Math.sqrt(UROUND * Math.max(1e-5, Math.abs(t)));
      const tp = t + delt;
      const dt = tp - t;
      this.sys.rates(tp, y, fx);
      stats.rhsEvals++;
      const r = 1 / dt;
      for (let i = 0; i < n; i++) fx[i] = (fx[i]! - f0[i]!) * r;
    }
    this.jacStale = false;
  }

  step(tStop: number): void {
    const t = this.t;
    if (!(tStop > t)) throw new SolverError('E_BAD_STOP', `step(${tStop}) called at t = ${t}: tStop must lie ahead.`, t, 'This is a driver bug.');
    const n = this.n, stats = this.stats, sys = this.sys, M = this.matrix;
    const y = this.y, ynew = this.ynew, dy = this.dy, f0 = this.f0, fx = this.fx;
    const k1 = this.k1, k2 = this.k2, k3 = this.k3, k4 = this.k4, k5 = this.k5, k6 = this.k6;
    if (this.jacStale) this.prepare();
    let h = this.h;
    if (!(h > 0)) {
      h = initialStepSize(sys, t, y, f0, 4, this.rtol, this.atol, this.hmax, ynew, dy, stats);
    }
    for (;;) {
      if (h > this.hmax) h = this.hmax;
      let last = false;
      if (t + 1.0001 * h >= tStop) { h = tStop - t; last = true; }
      if (!(h > 0) || 0.1 * h <= Math.abs(t) * UROUND) {
        throw new SolverError('E_STEP_UNDERFLOW', `Step size ${h} became too small at t = ${t} (rodas).`, t, 'The model may have a singularity or a discontinuity not declared as an event; check the rates, or loosen the tolerances.');
      }
      if (!M.factor(1 / (h * GAMMA), stats)) {
        // Singular iteration matrix: retry with a smaller step.
        stats.rejectedSteps++;
        this.rejectedLast = true;
        h *= 0.5;
        continue;
      }
      const rh = 1 / h;
      const hc21 = C21 * rh, hc31 = C31 * rh, hc32 = C32 * rh, hc41 = C41 * rh, hc42 = C42 * rh, hc43 = C43 * rh;
      const hc51 = C51 * rh, hc52 = C52 * rh, hc53 = C53 * rh, hc54 = C54 * rh;
      const hc61 = C61 * rh, hc62 = C62 * rh, hc63 = C63 * rh, hc64 = C64 * rh, hc65 = C65 * rh;
      const hd1 = h * D1, hd2 = h * D2, hd3 = h * D3, hd4 = h * D4;
      // Stage 1.
      for (let i = 0; i < n; i++) k1[i] = f0[i]! + hd1 * fx[i]!;
      M.solve(k1, stats);
      // Stage 2.
      for (let i = 0; i < n; i++) ynew[i] = y[i]! + A21 * k1[i]!;
      sys.rates(t + C2 * h, ynew, dy);
      for (let i = 0; i < n; i++) k2[i] = dy[i]! + hd2 * fx[i]! + hc21 * k1[i]!;
      M.solve(k2, stats);
      // Stage 3.
      for (let i = 0; i < n; i++) ynew[i] = y[i]! + A31 * k1[i]! + A32 * k2[i]!;
      sys.rates(t + C3 * h, ynew, dy);
      for (let i = 0; i < n; i++) k3[i] = dy[i]! + hd3 * fx[i]! + hc31 * k1[i]! + hc32 * k2[i]!;
      M.solve(k3, stats);
      // Stage 4.
      for (let i = 0; i < n; i++) ynew[i] = y[i]! + A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!;
      sys.rates(t + C4 * h, ynew, dy);
      for (let i = 0; i < n; i++) k4[i] = dy[i]! + hd4 * fx[i]! + hc41 * k1[i]! + hc42 * k2[i]! + hc43 * k3[i]!;
      M.solve(k4, stats);
      // Stage 5 (c5 = 1, d5 = 0).
      for (let i = 0; i < n; i++) ynew[i] = y[i]! + A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!;
      sys.rates(t + h, ynew, dy);
      for (let i = 0; i < n; i++) k5[i] = dy[i]! + hc51 * k1[i]! + hc52 * k2[i]! + hc53 * k3[i]! + hc54 * k4[i]!;
      M.solve(k5, stats);
      // Embedded solution and stage 6 (c6 = 1, d6 = 0).
      for (let i = 0; i < n; i++) ynew[i] = ynew[i]! + k5[i]!;
      sys.rates(t + h, ynew, dy);
      for (let i = 0; i < n; i++) k6[i] = dy[i]! + hc61 * k1[i]! + hc62 * k2[i]! + hc63 * k3[i]! + hc64 * k4[i]! + hc65 * k5[i]!;
      M.solve(k6, stats);
      stats.rhsEvals += 5;
      // New solution and error estimate err = ||k6||.
      let s = 0;
      const rtol = this.rtol, atol = this.atol;
      for (let i = 0; i < n; i++) {
        const yn = ynew[i]! + k6[i]!;
        ynew[i] = yn;
        const a = Math.abs(y[i]!), b = Math.abs(yn);
        const e = k6[i]! / (atol[i]! + rtol * (a > b ? a : b));
        s += e * e;
      }
      const err = Math.sqrt(s / n);
      if (!Number.isFinite(err)) {
        // Overflow / NaN in the stages: retry with a much smaller step (rodas.f: h *= 0.5 on failure).
        stats.rejectedSteps++;
        this.rejectedLast = true;
        h *= 0.25;
        continue;
      }
      let fac = Math.pow(err, 0.25) / this.safe;
      fac = Math.max(FAC_MIN, Math.min(FAC_MAX, fac));
      let hnew = h / fac;
      if (err <= 1) {
        // Accepted. Gustafsson's predictive controller (HNW II, IV.8, (8.21)).
        if (this.nAccepted > 0) {
          let facgus = (this.hAcc / h) * Math.pow((err * err) / this.errAcc, 0.25) / this.safe;
          facgus = Math.max(FAC_MIN, Math.min(FAC_MAX, facgus));
          fac = Math.max(fac, facgus);
          hnew = h / fac;
        }
        this.hAcc = h;
        this.errAcc = Math.max(1e-2, err);
        if (this.rejectedLast) hnew = Math.min(hnew, h);
        this.rejectedLast = false;
        this.nAccepted++;
        stats.steps++;
        // Dense output coefficients and state update.
        const q1 = this.q1, q2 = this.q2, yPrev = this.yPrev;
        for (let i = 0; i < n; i++) {
          q1[i] = D21 * k1[i]! + D22 * k2[i]! + D23 * k3[i]! + D24 * k4[i]! + D25 * k5[i]!;
          q2[i] = D31 * k1[i]! + D32 * k2[i]! + D33 * k3[i]! + D34 * k4[i]! + D35 * k5[i]!;
          yPrev[i] = y[i]!;
          y[i] = ynew[i]!;
        }
        this.tPrev = t;
        this.t = last ? tStop : t + h;
        this.h = Math.min(hnew, this.hmax);
        this.jacStale = true;
        return;
      }
      // Rejected.
      stats.rejectedSteps++;
      this.rejectedLast = true;
      h = this.nAccepted === 0 ? h * 0.1 : hnew;
    }
  }

  interpolate(tq: number, out: Float64Array): void {
    const n = this.n, y = this.y;
    const dt = this.t - this.tPrev;
    if (!(dt > 0)) { out.set(y); return; }
    const s = (tq - this.tPrev) / dt;
    const s1 = 1 - s;
    const yPrev = this.yPrev, q1 = this.q1, q2 = this.q2;
    for (let i = 0; i < n; i++) out[i] = yPrev[i]! * s1 + s * (y[i]! + s1 * (q1[i]! + s * q2[i]!));
  }

  restart(t: number, y: Float64Array): void {
    this.t = t;
    this.tPrev = t;
    this.y.set(y);
    this.yPrev.set(y);
    this.jacStale = true;
    this.nAccepted = 0;
    this.rejectedLast = false;
  }
}

export const rodasDescriptor: OdeSolverDescriptor = {
  id: 'ode-rosenbrock',
  kind: 'ode',
  name: 'Rosenbrock RODAS 4(3)',
  method:
    "Stiffly accurate, L-stable linearly implicit Rosenbrock method of order 4(3) with 6 stages (Hairer & Wanner's RODAS), one Jacobian and one LU factorisation per step, order-3 dense output; for stiff models at moderate to tight tolerances.",
  references: [
    'E. Hairer, G. Wanner, Solving Ordinary Differential Equations II: Stiff and Differential-Algebraic Problems, 2nd ed., Springer 1996, section IV.7 (code RODAS). doi:10.1007/978-3-642-05221-7',
    'T. A. Davis, Direct Methods for Sparse Linear Systems, SIAM 2006 (sparse LU used for large networks). doi:10.1137/1.9780898718881',
    'A. R. Curtis, M. J. D. Powell, J. K. Reid, On the estimation of sparse Jacobian matrices, J. Inst. Math. Appl. 13 (1974) 117-119 (grouped finite differences).',
  ],
  settings: [
    ...commonOdeSettingDescriptors,
    { name: 'safety', type: 'number', default: 0.9, help: 'Safety factor in the step-size prediction h_new = h * safety * err^(-1/4).' },
    {
      name: 'autonomous',
      type: 'boolean',
      default: false,
      help: 'Declare that the rates do not depend on time explicitly: skips the finite-difference df/dt (one rate evaluation per step).',
    },
  ],
  features: { events: true, stiff: true, analyticJacobian: true, sparse: true, stochastic: false, delays: true, algebraicRules: false },
  create(system: OdeSystem, t0: number, y0: Float64Array, settings: OdeSettings): RodasStepper {
    return new RodasStepper(system, t0, y0, settings);
  },
};
