/**
 * Dormand-Prince 5(4) explicit Runge-Kutta method with FSAL, PI step-size control, dense output of order 4
 * and stiffness detection, following Hairer's DOPRI5 (dopri5.f, version of 1996):
 *   Hairer, Norsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer 1993,
 *   section II.4 (automatic step size control, PI control eq. (4.27) "Lund-stabilisation"), II.5 (Table 5.2,
 *   the coefficients), II.6 (dense output, eq. (6.12) with Hairer's coefficients d_i), IV.2 (stiffness
 *   detection: estimate |h lambda| from the last two stages, eq. (2.22)).
 *   Dormand & Prince, A family of embedded Runge-Kutta formulae, J. Comput. Appl. Math. 6 (1980) 19-26.
 *
 * Integrates forward in time only. No allocation inside `step`.
 */
import { SolverError, emptyStats, type OdeSettings, type OdeSolverDescriptor, type OdeSystem, type Stepper, type SolverStats } from '../types.js';
import { commonOdeSettingDescriptors, expandAtol, initialStepSize, numberSetting } from './common.js';

// Butcher tableau (HNW I, Table 5.2).
const C2 = 0.2, C3 = 0.3, C4 = 0.8, C5 = 8 / 9;
const A21 = 0.2;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
// Error estimate coefficients e_i = b_i - bhat_i.
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
// Dense output of order 4 (Hairer's coefficients, dopri5.f).
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

const UROUND = Number.EPSILON;

export class Dopri5Stepper implements Stepper {
  t: number;
  tPrev: number;
  readonly y: Float64Array;
  readonly stats: SolverStats = emptyStats();
  readonly order = 5;
  private stiff = false;
  /** True once the stiffness test (HNW I, IV.2) has found |h lambda| near the stability boundary 15 times in a row. */
  get stiffnessDetected(): boolean {
    return this.stiff;
  }

  private readonly sys: OdeSystem;
  private readonly n: number;
  private readonly rtol: number;
  private readonly atol: Float64Array;
  private readonly hmax: number;
  private readonly safe: number;
  private readonly facc1: number; // 1 / fac1 (largest step decrease factor's inverse)
  private readonly facc2: number; // 1 / fac2
  private readonly beta: number;
  private readonly expo1: number;
  private readonly nstiff: number;
  /** |h lambda| estimate above which a step counts as stability-limited (3.25 in dopri5.f). */
  private readonly stiffThreshold: number;

  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly y1: Float64Array;
  private readonly ysti: Float64Array;
  private readonly err: Float64Array;
  private readonly cont1: Float64Array;
  private readonly cont2: Float64Array;
  private readonly cont3: Float64Array;
  private readonly cont4: Float64Array;
  private readonly cont5: Float64Array;
  private hOld = 0; // size of the last accepted step (dense output interval)

  private h: number;
  private facold = 1e-4;
  private rejectLast = false;
  private nAccepted = 0;
  private iasti = 0;
  private nonsti = 0;

  constructor(system: OdeSystem, t0: number, y0: Float64Array, settings: OdeSettings) {
    const n = system.n;
    if (y0.length !== n) throw new SolverError('E_BAD_INITIAL', `Initial state has ${y0.length} entries, the system has ${n}.`, t0, 'Pass one initial value per state variable.');
    this.sys = system;
    this.n = n;
    this.rtol = settings.rtol;
    this.atol = expandAtol(settings.atol, n);
    this.hmax = settings.maxStep > 0 ? settings.maxStep : Infinity;
    this.safe = numberSetting(settings, 'safety', 0.9);
    this.facc1 = 1 / numberSetting(settings, 'minStepFactor', 0.2);
    this.facc2 = 1 / numberSetting(settings, 'maxStepFactor', 10);
    this.beta = numberSetting(settings, 'beta', 0.04);
    this.expo1 = 0.2 - this.beta * 0.75;
    this.nstiff = Math.max(1, Math.round(numberSetting(settings, 'stiffnessCheckInterval', 1000)));
    this.stiffThreshold = numberSetting(settings, 'stiffnessThreshold', 3.25);
    const mk = () => new Float64Array(n);
    this.y = Float64Array.from(y0);
    this.k1 = mk(); this.k2 = mk(); this.k3 = mk(); this.k4 = mk(); this.k5 = mk(); this.k6 = mk();
    this.y1 = mk(); this.ysti = mk(); this.err = mk();
    this.cont1 = Float64Array.from(y0); this.cont2 = mk(); this.cont3 = mk(); this.cont4 = mk(); this.cont5 = mk();
    this.t = t0;
    this.tPrev = t0;
    system.rates(t0, this.y, this.k1);
    this.stats.rhsEvals++;
    this.checkFinite(this.k1, t0, 'the rates at the initial state');
    this.h = settings.initialStep > 0 ? Math.min(settings.initialStep, this.hmax) : this.startStep();
  }

  private startStep(): number {
    return initialStepSize(this.sys, this.t, this.y, this.k1, 5, this.rtol, this.atol, this.hmax === Infinity ? 0 : this.hmax, this.y1, this.k2, this.stats);
  }

  private checkFinite(v: Float64Array, t: number, what: string): void {
    for (let i = 0; i < this.n; i++) {
      if (!Number.isFinite(v[i]!)) {
        throw new SolverError('E_NAN', `Non-finite value in ${what} (component ${i}) at t = ${t}.`, t, 'Check the model for divisions by zero, overflow or negative arguments to roots/logarithms.');
      }
    }
  }

  step(tStop: number): void {
    const n = this.n, sys = this.sys, y = this.y, y1 = this.y1, ysti = this.ysti;
    const k1 = this.k1, k2 = this.k2, k3 = this.k3, k4 = this.k4, k5 = this.k5, k6 = this.k6, err = this.err;
    const x = this.t;
    if (!(tStop > x)) throw new SolverError('E_BAD_STOP', `step(${tStop}) called at t = ${x}: tStop must lie ahead.`, x, 'This is a driver bug.');
    let h = this.h;
    for (;;) {
      if (h > this.hmax) h = this.hmax;
      const hProposal = h;
      // Land exactly on tStop when within 1% of a step (dopri5.f).
      let last = false;
      if (x + 1.01 * h >= tStop) {
        h = tStop - x;
        last = true;
      }
      if (0.1 * Math.abs(h) <= Math.abs(x) * UROUND || !(h > 0)) {
        throw new SolverError('E_STEP_UNDERFLOW', `Step size ${h} became too small at t = ${x} (dopri5).`, x, 'The problem may be stiff: use ode-bdf, ode-rosenbrock or auto; or look for a singularity in the rates.');
      }
      // Stages 2..6
      for (let i = 0; i < n; i++) y1[i] = y[i]! + h * A21 * k1[i]!;
      sys.rates(x + C2 * h, y1, k2);
      for (let i = 0; i < n; i++) y1[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
      sys.rates(x + C3 * h, y1, k3);
      for (let i = 0; i < n; i++) y1[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
      sys.rates(x + C4 * h, y1, k4);
      for (let i = 0; i < n; i++) y1[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
      sys.rates(x + C5 * h, y1, k5);
      for (let i = 0; i < n; i++) ysti[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
      const xph = last ? tStop : x + h;
      sys.rates(xph, ysti, k6);
      // 5th-order solution and FSAL stage k7 (stored in k2; k2 is not needed any more: b2 = 0).
      for (let i = 0; i < n; i++) y1[i] = y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
      sys.rates(xph, y1, k2);
      this.stats.rhsEvals += 6;
      // Error estimate err = h * sum e_i k_i; norm with sk_i = atol_i + rtol max(|y_i|, |y1_i|).
      let s = 0;
      for (let i = 0; i < n; i++) {
        const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k2[i]!);
        err[i] = e;
        const a = Math.abs(y[i]!), b = Math.abs(y1[i]!);
        const q = e / (this.atol[i]! + this.rtol * (a > b ? a : b));
        s += q * q;
      }
      let errNorm = Math.sqrt(s / n);
      if (errNorm !== errNorm) errNorm = Infinity; // NaN in the trial step: treat as a rejection
      // PI step-size control (HNW I, II.4, eq. (4.27); dopri5.f): fac = err^expo1 / facold^beta.
      const fac11 = errNorm === Infinity ? Infinity : Math.pow(errNorm, this.expo1);
      let fac = fac11 / Math.pow(this.facold, this.beta);
      fac = Math.max(this.facc2, Math.min(this.facc1, fac / this.safe));
      let hnew = h / fac;
      if (errNorm <= 1) {
        // Accepted.
        this.facold = Math.max(errNorm, 1e-4);
        this.nAccepted++;
        this.stats.steps++;
        // Stiffness detection (HNW I, IV.2): h*lambda ~ h ||k7 - k6|| / ||y1 - ysti||; boundary ~ 3.3.
        if (this.nAccepted % this.nstiff === 0 || this.iasti > 0) {
          let stnum = 0, stden = 0;
          for (let i = 0; i < n; i++) {
            const a = k2[i]! - k6[i]!;
            const b = y1[i]! - ysti[i]!;
            stnum += a * a;
            stden += b * b;
          }
          if (stden > 0) {
            const hlamb = Math.abs(h) * Math.sqrt(stnum / stden);
            if (hlamb > this.stiffThreshold) {
              this.nonsti = 0;
              this.iasti++;
              if (this.iasti === 15) this.stiff = true;
            } else {
              this.nonsti++;
              if (this.nonsti === 6) this.iasti = 0;
            }
          }
        }
        // Dense output coefficients (dopri5.f): y(x + theta h) = c1 + theta (c2 + (1-theta)(c3 + theta (c4 + (1-theta) c5))).
        const c1 = this.cont1, c2 = this.cont2, c3 = this.cont3, c4 = this.cont4, c5 = this.cont5;
        for (let i = 0; i < n; i++) {
          const ydiff = y1[i]! - y[i]!;
          const bspl = h * k1[i]! - ydiff;
          c1[i] = y[i]!;
          c2[i] = ydiff;
          c3[i] = bspl;
          c4[i] = ydiff - h * k2[i]! - bspl;
          c5[i] = h * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k2[i]!);
          k1[i] = k2[i]!;
          y[i] = y1[i]!;
        }
        this.checkFinite(y, xph, 'the state');
        this.hOld = h;
        this.tPrev = x;
        this.t = xph;
        if (hnew > this.hmax) hnew = this.hmax;
        if (this.rejectLast && hnew > h) hnew = h;
        this.rejectLast = false;
        // A step shortened to land on tStop must not shrink the next one: keep the untruncated proposal.
        this.h = last && hProposal > hnew ? hProposal : hnew;
        return;
      }
      // Rejected.
      hnew = h / Math.min(this.facc1, fac11 / this.safe);
      this.rejectLast = true;
      this.stats.rejectedSteps++;
      h = hnew;
      this.h = h;
    }
  }

  interpolate(tq: number, out: Float64Array): void {
    const n = this.n;
    if (this.hOld === 0 || this.t === this.tPrev) {
      out.set(this.y);
      return;
    }
    const theta = (tq - this.tPrev) / this.hOld;
    const theta1 = 1 - theta;
    const c1 = this.cont1, c2 = this.cont2, c3 = this.cont3, c4 = this.cont4, c5 = this.cont5;
    for (let i = 0; i < n; i++) out[i] = c1[i]! + theta * (c2[i]! + theta1 * (c3[i]! + theta * (c4[i]! + theta1 * c5[i]!)));
  }

  restart(t: number, y: Float64Array): void {
    this.y.set(y);
    this.t = t;
    this.tPrev = t;
    this.hOld = 0;
    this.sys.rates(t, this.y, this.k1);
    this.stats.rhsEvals++;
    this.checkFinite(this.k1, t, 'the rates after an event');
    this.facold = 1e-4;
    this.rejectLast = false;
    // Keep the step size hint but let the starting heuristic shrink it if the jump changed the time scale.
    const h0 = this.startStep();
    this.h = Math.min(this.h, Math.max(h0, this.h * 1e-3));
    if (!(this.h > 0)) this.h = h0;
  }
}

export const dopri5Descriptor: OdeSolverDescriptor = {
  id: 'ode-dopri5',
  kind: 'ode',
  name: 'Dormand-Prince 5(4)',
  method:
    'Explicit Runge-Kutta pair of orders 5(4) (FSAL, 6 rate evaluations per step) with PI step-size control, 4th-order dense output and stiffness detection; for non-stiff models.',
  references: [
    'J. R. Dormand, P. J. Prince, A family of embedded Runge-Kutta formulae, J. Comput. Appl. Math. 6 (1980) 19-26. doi:10.1016/0771-050X(80)90013-3',
    'E. Hairer, S. P. Norsett, G. Wanner, Solving Ordinary Differential Equations I: Nonstiff Problems, 2nd ed., Springer 1993, sections II.4-II.6 (code DOPRI5). doi:10.1007/978-3-540-78862-1',
  ],
  settings: [
    ...commonOdeSettingDescriptors,
    { name: 'safety', type: 'number', default: 0.9, help: 'Safety factor in the step-size prediction h_new = h * safety * err^(-1/5).' },
    { name: 'minStepFactor', type: 'number', default: 0.2, help: 'Lower bound of h_new / h after an accepted step (fac1 of DOPRI5).' },
    { name: 'maxStepFactor', type: 'number', default: 10, help: 'Upper bound of h_new / h (fac2 of DOPRI5).' },
    { name: 'beta', type: 'number', default: 0.04, help: 'PI (Lund) stabilisation exponent of the step-size control; 0 gives the classical controller.' },
    {
      name: 'stiffnessCheckInterval',
      type: 'integer',
      default: 1000,
      help: 'Test for stiffness every this many accepted steps (NSTIFF of DOPRI5); stiffness is flagged after 15 consecutive positive tests.',
    },
    {
      name: 'stiffnessThreshold',
      type: 'number',
      default: 3.25,
      help: 'A stiffness test is positive when the estimate of |h lambda| (power iteration on the last stages) exceeds this; DOPRI5 uses 3.25, near the edge of its stability region.',
    },
  ],
  features: { events: true, stiff: false, analyticJacobian: false, sparse: false, stochastic: false, delays: true, algebraicRules: false },
  create(system: OdeSystem, t0: number, y0: Float64Array, settings: OdeSettings): Dopri5Stepper {
    return new Dopri5Stepper(system, t0, y0, settings);
  },
};
