/**
 * ssa-hybrid: abundant reactions deterministic, rare ones exact (exosomes are abundant, miRNA copies per exosome
 * are rare), by the integrated-propensity method of Haseltine & Rawlings (2002) and Salis & Kaznessis (2005).
 *
 * Partition. Reaction k is FAST when a_k >= aMin (firings per time unit) and every species its propensity reads or
 * it consumes has at least nMin copies; the others are SLOW. The partition is recomputed at t0, at every output
 * time and after every event (never between two output times, so one output interval is one ODE problem).
 *
 * Between slow firings the state follows the ODE of the fast part plus the continuous states (rate rules):
 *   dx_i/dt = sum_{k fast} v_ik a_k(t, x)          (species; v_ik: ReactionSystem change data, copies per firing)
 *   dx_c/dt = rate rule of c                        (continuous states: ReactionSystem.ode() at those indices)
 *   dR/dt   = sum_{k slow} a_k(t, x),  R(t_last) = 0 (integrated slow propensity)
 * integrated by an ODE stepper (ode-dopri5 by default, `odeSolver`) on the augmented state (x, R). A slow reaction
 * fires when R reaches r = -ln(u), u ~ U[0, 1) (a unit-rate Poisson process in the integrated-propensity time
 * scale: the firing time has the exact distribution P(no slow firing in [t_last, t]) = exp(-int a0_slow), also
 * for time-varying propensities); the time t* with R(t*) = r is located on the stepper's dense output (Illinois
 * regula falsi to 1e-12 max(1, |t|)), reaction k fires with probability a_k(t*, x(t*)) / a0_slow(t*, x(t*)), R
 * restarts at 0 with a new r. Accuracy of the firing times is that of the ODE tolerances (rtol, atol).
 * When no reaction is fast, no state is continuous and no propensity depends on time, the ODE is trivial and
 * the engine does Gillespie's direct method instead (same distribution, no stepper).
 *
 * Species changed by fast reactions are continuous (non-integer) copy numbers. When the partition changes, a
 * species no longer changed by any fast reaction is rounded stochastically to an integer (floor(x) + 1 with
 * probability x - floor(x): the mean is kept), so that exact firings see integer copy numbers.
 *
 * Events: root functions are checked after every ODE step and every firing; a crossing inside an ODE step is
 * located on the dense output (as in the ODE driver), a crossing caused by a firing is at the firing time.
 * Output times and scheduled (delayed) event times are hard stops of the stepper.
 *
 * References: E. L. Haseltine, J. B. Rawlings, J. Chem. Phys. 117 (2002) 6959-6969; H. Salis, Y. Kaznessis,
 * J. Chem. Phys. 122 (2005) 054103.
 */
import { getSolver } from '../registry.js';
import { resolveOdeSettings } from '../ode/common.js';
import { SolverError, type OdeSystem, type SettingDescriptor, type Stepper } from '../types.js';
import type { ReactionSystem, StochasticRunOptions, StochasticRunResult, StochasticSolverDescriptor } from './types.js';
import { badPropensity, checkRunOptions, expDraw } from './common.js';
import { JumpEvents, settingOf, speciesMask } from './tau-leap.js';

const hybridSettings: SettingDescriptor[] = [
  { name: 'aMin', type: 'number', default: 10, unit: '1/time', help: 'A reaction is simulated deterministically only when its propensity is at least this many firings per time unit (and its reactants are abundant).' },
  { name: 'nMin', type: 'number', default: 100, unit: 'copies', help: 'A reaction is simulated deterministically only when every species it reads or consumes has at least this many copies.' },
  { name: 'rtol', type: 'number', default: 1e-6, help: 'Relative tolerance of the ODE part (fast reactions, rate rules, integrated slow propensity).' },
  { name: 'atol', type: 'number', default: 1e-6, unit: 'copies', help: 'Absolute tolerance of the ODE part (copy numbers; the integrated propensity is O(1)).' },
  { name: 'odeSolver', type: 'string', default: 'ode-dopri5', choices: ['ode-dopri5', 'ode-auto', 'ode-bdf', 'ode-rosenbrock'], help: 'ODE stepper for the deterministic part (ode-auto or ode-bdf when the fast reactions are stiff).' },
];

function hybridRun(sys: ReactionSystem, opts: StochasticRunOptions): StochasticRunResult {
  const S = opts.settings;
  const aMin = settingOf(S, hybridSettings, 'aMin');
  const nMin = settingOf(S, hybridSettings, 'nMin');
  const rtol = settingOf(S, hybridSettings, 'rtol');
  const atol = settingOf(S, hybridSettings, 'atol');
  const odeId = typeof S['odeSolver'] === 'string' ? S['odeSolver'] : 'ode-dopri5';
  if (!(aMin >= 0) || !(nMin >= 0)) throw new SolverError('E_SOLVER_SETTING_RANGE', `aMin = ${aMin} and nMin = ${nMin} must be >= 0.`, opts.t0, 'Give non-negative thresholds.');

  const n = sys.n, M = sys.nReactions;
  const rng = opts.rng;
  const outT = opts.outputTimes;
  const nOut = outT.length;
  const t0 = opts.t0;
  checkRunOptions(sys, opts);
  const isSpecies = speciesMask(sys);
  const cont = sys.continuous;
  const cP = sys.changePtr, cI = sys.changeIdx, cV = sys.changeVal;

  // Augmented state y = (x, R); x is a view (events and propensities read and write it in place).
  const y = new Float64Array(n + 1);
  y.set(opts.x0);
  const x = y.subarray(0, n);
  for (let i = 0; i < n; i++) if (isSpecies[i]) x[i] = Math.round(x[i]!);
  const states = new Float64Array(nOut * n);
  let iOut = 0;
  let firings = 0, steps = 0;
  const ev = opts.events ? new JumpEvents(opts.events, t0, x) : null;
  let status: StochasticRunResult['status'] = 'done';
  const result = (): StochasticRunResult => ({ states, reached: iOut, firings, steps, events: ev ? ev.count : 0, status });

  // Species each reaction reads or consumes (for the abundance test).
  const watch: number[][] = Array.from({ length: M }, () => []);
  for (let i = 0; i < n; i++) {
    if (!isSpecies[i]) continue;
    for (let p = sys.readersPtr[i]!; p < sys.readersPtr[i + 1]!; p++) watch[sys.readersIdx[p]!]!.push(i);
  }
  for (let k = 0; k < M; k++) {
    for (let j = cP[k]!; j < cP[k + 1]!; j++) {
      const i = cI[j]!;
      if (cV[j]! < 0 && isSpecies[i] && !watch[k]!.includes(i)) watch[k]!.push(i);
    }
  }

  const fast = new Uint8Array(M);
  const inFast = new Uint8Array(n); // species changed by some fast reaction
  let nFast = 0;
  const a = new Float64Array(M);
  const aR = new Float64Array(M); // propensities inside rates() (separate buffer: rates() runs inside steps)
  const odeFull = cont.length > 0 ? sys.ode() : null;
  const xb = new Float64Array(n);
  const contRates = new Float64Array(n);
  const trivialOde = (): boolean => nFast === 0 && cont.length === 0 && !sys.timeDependent;

  const augmented: OdeSystem = {
    n: n + 1,
    rates(t, yy, dy) {
      sys.propensities(t, yy, aR);
      dy.fill(0);
      if (odeFull) {
        for (let i = 0; i < n; i++) xb[i] = yy[i]!;
        odeFull.rates(t, xb, contRates);
        for (const c of cont) dy[c] = contRates[c]!;
      }
      let slow = 0;
      for (let k = 0; k < M; k++) {
        const ak = aR[k]!;
        if (fast[k]) {
          for (let j = cP[k]!; j < cP[k + 1]!; j++) {
            const i = cI[j]!;
            dy[i] = dy[i]! + cV[j]! * ak;
          }
        } else slow += ak;
      }
      dy[n] = slow;
    },
  };

  const partition = (t: number): void => {
    sys.propensities(t, x, a);
    nFast = 0;
    inFast.fill(0);
    for (let k = 0; k < M; k++) {
      let f = a[k]! >= aMin && cP[k + 1]! > cP[k]! ? 1 : 0;
      if (f) for (const i of watch[k]!) if (!(x[i]! >= nMin)) f = 0;
      fast[k] = f;
      if (f) {
        nFast++;
        for (let j = cP[k]!; j < cP[k + 1]!; j++) inFast[cI[j]!] = 1;
      }
    }
    // Species left to the exact part: stochastic rounding to an integer (keeps the mean).
    for (let i = 0; i < n; i++) {
      if (!isSpecies[i] || inFast[i]) continue;
      const v = x[i]!;
      const fl = Math.floor(v);
      if (v !== fl) x[i] = fl + (rng.next() < v - fl ? 1 : 0);
    }
  };

  const desc = getSolver(odeId);
  const odeSettings = resolveOdeSettings({ rtol, atol }, desc, { ignoreUnknown: true });
  let stepper: Stepper | null = null;
  let r = expDraw(rng);
  const yE = new Float64Array(n + 1);
  const xE = yE.subarray(0, n);

  /** (Re)start the ODE part at (t, y) (after a jump, an event or a new partition). */
  let wasTrivial = false;
  const restart = (t: number): void => {
    if (trivialOde()) {
      wasTrivial = true;
      return;
    }
    if (wasTrivial) {
      // Back from the direct method: a fresh threshold (memoryless, so any fresh pair (R = 0, r) is valid).
      y[n] = 0;
      r = expDraw(rng);
      wasTrivial = false;
    }
    if (stepper === null) stepper = desc.create(augmented, t, y, odeSettings);
    else stepper.restart(t, y);
  };
  const fireSlow = (t: number): void => {
    sys.propensities(t, x, a);
    let a0 = 0;
    for (let k = 0; k < M; k++) {
      if (fast[k]) continue;
      const ak = a[k]!;
      if (!(ak >= 0 && ak < Infinity)) throw badPropensity(sys, k, t, ak);
      a0 += ak;
    }
    if (!(a0 > 0)) return; // round-off at a vanishing propensity: nothing to fire
    const u = rng.next() * a0;
    let k = -1, cum = 0;
    for (let q = 0; q < M; q++) {
      if (fast[q] || a[q] === 0) continue;
      k = q;
      cum += a[q]!;
      if (cum > u) break;
    }
    for (let j = cP[k]!; j < cP[k + 1]!; j++) {
      const i = cI[j]!;
      x[i] = x[i]! + cV[j]!;
    }
    firings++;
  };
  const evalDense = (tq: number, g: Float64Array): void => {
    stepper!.interpolate(tq, yE);
    opts.events!.roots(tq, xE, g);
  };
  const xFixed = new Float64Array(n);
  const evalFixed = (tq: number, g: Float64Array): void => {
    xFixed.set(x);
    opts.events!.roots(tq, xFixed, g);
  };

  if (ev && ev.handle(t0, x, [], false).terminate) {
    status = 'terminated';
    return result();
  }
  let t = t0;
  partition(t);
  restart(t);
  let sincePoll = 0;

  while (iOut < nOut) {
    const tOut = outT[iOut]!;
    if (t >= tOut) {
      states.set(x, iOut * n);
      iOut++;
      if (iOut < nOut) {
        partition(t);
        restart(t);
      }
      continue;
    }
    if (opts.shouldCancel && ++sincePoll >= 64) {
      sincePoll = 0;
      if (opts.shouldCancel()) {
        status = 'cancelled';
        return result();
      }
    }
    const tSched = ev ? ev.hooks.nextScheduledTime(t) : Infinity;
    const tStop = tSched < tOut ? tSched : tOut;
    let eventHandled = false;
    let stop = false;

    if (trivialOde()) {
      // Gillespie's direct method (constant propensities between firings).
      sys.propensities(t, x, a);
      let a0 = 0;
      for (let k = 0; k < M; k++) {
        const ak = a[k]!;
        if (!(ak >= 0 && ak < Infinity)) throw badPropensity(sys, k, t, ak);
        a0 += ak;
      }
      const tn = a0 > 0 ? t + expDraw(rng) / a0 : Infinity;
      const tLim = tn < tStop ? tn : tStop;
      steps++;
      const te = ev && ev.m > 0 ? ev.locate(t, tLim, evalFixed) : NaN;
      if (te === te) {
        t = te;
        stop = ev!.handle(te, x, ev!.crossed, true).terminate;
        eventHandled = true;
      } else if (tn >= tStop) {
        t = tStop;
        const rr = ev ? ev.afterJump(t, x) : null;
        if (rr) {
          stop = rr.terminate;
          eventHandled = true;
        }
      } else {
        t = tn;
        fireSlow(t);
        const rr = ev ? ev.afterJump(t, x) : null;
        if (rr) {
          stop = rr.terminate;
          eventHandled = true;
        }
      }
    } else {
      const st = stepper!;
      st.step(tStop);
      steps++;
      const ta = st.tPrev, tb = st.t;
      // Slow firing inside (ta, tb]?
      let tFire = NaN;
      if (st.y[n]! >= r) tFire = locateLevel(st, n, r, ta, tb, yE);
      const tLimit = tFire === tFire ? tFire : tb;
      const te = ev && ev.m > 0 ? ev.locate(ta, tLimit, evalDense) : NaN;
      if (te === te) {
        // Event on the continuous path (before any firing): state at te, then the hooks; R carries on.
        st.interpolate(te, yE);
        y.set(yE);
        t = te;
        stop = ev!.handle(te, x, ev!.crossed, true).terminate;
        eventHandled = true;
      } else if (tFire === tFire) {
        st.interpolate(tFire, yE);
        y.set(yE);
        t = tFire;
        fireSlow(t);
        y[n] = 0;
        r = expDraw(rng);
        const rr = ev ? ev.afterJump(t, x) : null;
        if (rr) {
          stop = rr.terminate;
          eventHandled = true;
        }
        if (!eventHandled) restart(t);
      } else {
        y.set(st.y);
        t = tb;
        const rr = ev ? ev.afterJump(t, x) : null;
        if (rr) {
          stop = rr.terminate;
          eventHandled = true;
        }
      }
    }
    if (stop) {
      status = 'terminated';
      return result();
    }
    if (ev && t === tSched) {
      if (ev.handle(t, x, [], false).terminate) {
        status = 'terminated';
        return result();
      }
      eventHandled = true;
    }
    if (eventHandled) {
      partition(t);
      restart(t);
    }
  }
  return result();
}

/**
 * Time in (ta, tb] at which component c of the stepper's dense output reaches `level` (it is below at ta and
 * at or above at tb): Illinois regula falsi to 1e-12 max(1, |t|); returns the upper end of the final bracket.
 */
function locateLevel(st: Stepper, c: number, level: number, ta: number, tb: number, buf: Float64Array): number {
  let tLo = ta, tHi = tb;
  st.interpolate(ta, buf);
  let gLo = buf[c]! - level;
  let gHi = st.y[c]! - level;
  if (!(gLo < 0)) return tb; // already at the level at ta (round-off): fire at the step end
  const ttol = 1e-12 * Math.max(1, Math.abs(tb));
  let side = 0;
  for (let it = 0; it < 200 && tHi - tLo > ttol && gHi !== 0; it++) {
    let tm = tHi - ((tHi - tLo) * gHi) / (gHi - gLo);
    if (!(tm > tLo && tm < tHi)) tm = 0.5 * (tLo + tHi);
    st.interpolate(tm, buf);
    const gm = buf[c]! - level;
    if (gm >= 0) {
      tHi = tm;
      gHi = gm;
      if (side === 1) gLo *= 0.5;
      side = 1;
    } else {
      tLo = tm;
      gLo = gm;
      if (side === 2) gHi *= 0.5;
      side = 2;
    }
  }
  return tHi;
}

export const hybridDescriptor: StochasticSolverDescriptor = {
  id: 'ssa-hybrid',
  kind: 'stochastic',
  name: 'Hybrid ODE/SSA (integrated propensity)',
  method:
    'Reactions with large propensities and abundant reactants follow the deterministic rate equations (ODE stepper with dense output); the others fire exactly when their integrated propensity reaches an exponential threshold (Haseltine-Rawlings, Salis-Kaznessis); the partition is updated at output times and events.',
  references: [
    'E. L. Haseltine, J. B. Rawlings, Approximate simulation of coupled fast and slow reactions for stochastic chemical kinetics, J. Chem. Phys. 117 (2002) 6959-6969. doi:10.1063/1.1505860',
    'H. Salis, Y. Kaznessis, Accurate hybrid stochastic simulation of a system of coupled chemical or biochemical reactions, J. Chem. Phys. 122 (2005) 054103. doi:10.1063/1.1835951',
  ],
  settings: hybridSettings,
  exact: false,
  run: hybridRun,
};
