/**
 * Integration driver: advances a Stepper to the requested output times, locates events by root finding on
 * the stepper's dense output, stops exactly at scheduled (delayed-event) times, and reports progress.
 *
 * Event location follows CVODE's rootfinding (Hindmarsh et al., ACM TOMS 31 (2005); cvRootfind in cvode.c):
 * root functions g_k are evaluated at step ends; a sign change (or an exact zero reached from a nonzero
 * value) in (t_a, t_b] is bracketed and the EARLIEST crossing over all g_k is located with the Illinois
 * variant of regula falsi (Dowell & Jarratt, BIT 11 (1971) 168-174) to |t_hi - t_lo| <= eventTimeTol.
 * The event time t* is the upper end of the final bracket, i.e. a point at which the sign has already
 * changed (or g is exactly 0). A root function that is exactly 0 at t0 or right after an event is
 * deactivated until it becomes nonzero, so it is not re-detected immediately.
 *
 * Output times that coincide with an event time (within a few ulp) report the state AFTER the event
 * (SBML test-suite convention).
 */
import { findRoot as findRootShared } from '../root-find.js';
import { SolverError, type IntegrateOptions, type IntegrateResult, type OdeSystem, type Stepper, type SolverStats } from '../types.js';

/** More than this many events at (numerically) the same time is an event loop. */
const MAX_EVENTS_AT_SAME_TIME = 10000;
/** Poll shouldCancel / the wall clock every this many steps. */
const POLL_EVERY = 64;
const PROGRESS_MS = 100;

function copyStats(s: SolverStats): SolverStats {
  return {
    steps: s.steps,
    rejectedSteps: s.rejectedSteps,
    rhsEvals: s.rhsEvals,
    jacobianEvals: s.jacobianEvals,
    luDecompositions: s.luDecompositions,
    linearSolves: s.linearSolves,
    newtonIterations: s.newtonIterations,
    newtonFailures: s.newtonFailures,
  };
}

/** Tolerance within which an output time counts as "at" an event time (a few ulp of t). */
function coincidenceTol(t: number): number {
  return 4 * Number.EPSILON * Math.max(Math.abs(t), Number.MIN_VALUE);
}

/**
 * Integrate `system` from opts.t0 to the last output time. Throws SolverError on solver failure
 * (E_MAX_STEPS, E_EVENT_LOOP, E_OUTPUT_TIMES, or whatever the stepper throws).
 */
export function integrate(system: OdeSystem, opts: IntegrateOptions): IntegrateResult {
  const n = system.n;
  const t0 = opts.t0;
  const outT = opts.outputTimes;
  const nOut = outT.length;
  if (opts.y0.length !== n) {
    throw new SolverError('E_BAD_INITIAL', `Initial state has ${opts.y0.length} entries, the system has ${n}.`, t0, 'Pass one initial value per state variable.');
  }
  if (!Number.isFinite(t0)) throw new SolverError('E_OUTPUT_TIMES', `Start time ${t0} is not finite.`, t0, 'Use a finite start time.');
  for (let i = 0; i < nOut; i++) {
    const ti = outT[i]!;
    if (!Number.isFinite(ti) || ti < t0 || (i > 0 && !(ti > outT[i - 1]!))) {
      throw new SolverError(
        'E_OUTPUT_TIMES',
        `Output times must be finite, >= t0 = ${t0} and strictly increasing; entry ${i} is ${ti}${i > 0 ? ` after ${outT[i - 1]}` : ''}.`,
        t0,
        'Sort the output times and remove duplicates.',
      );
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(opts.y0[i]!)) {
      throw new SolverError('E_BAD_INITIAL', `Initial value of state ${i} is ${opts.y0[i]}.`, t0, 'Check initial assignments for divisions by zero or missing values.');
    }
  }

  const states: Float64Array[] = [];
  const eventTimes: number[] = [];
  let iOut = 0;
  const makeResult = (status: IntegrateResult['status'], stepper: Stepper | null): IntegrateResult => ({
    times: outT.slice(0, iOut),
    states,
    status,
    stats: stepper ? copyStats(stepper.stats) : { steps: 0, rejectedSteps: 0, rhsEvals: 0, jacobianEvals: 0, luDecompositions: 0, linearSolves: 0, newtonIterations: 0, newtonFailures: 0 },
    eventTimes,
  });

  // Output at t0 (the caller prepared y0; the driver does not call the hooks at t0).
  while (iOut < nOut && outT[iOut]! <= t0) {
    states.push(Float64Array.from(opts.y0));
    iOut++;
  }
  if (iOut >= nOut) return makeResult('done', null);
  if (opts.shouldCancel?.()) return makeResult('cancelled', null);

  const tEnd = outT[nOut - 1]!;
  // A system may bound the step (OdeSystem.maxStep: a delay model's smallest constant delay, so that delayed
  // values are always read from accepted history, never extrapolated inside the step being taken).
  const sysMax = system.maxStep;
  const settings =
    sysMax !== undefined && sysMax > 0 && Number.isFinite(sysMax) && !(opts.settings.maxStep > 0 && opts.settings.maxStep <= sysMax)
      ? { ...opts.settings, maxStep: sysMax }
      : opts.settings;
  const stepper = opts.solver.create(system, t0, opts.y0, settings);
  const maxSteps = opts.settings.maxSteps > 0 ? opts.settings.maxSteps : Infinity;
  const stepsAtStart = stepper.stats.steps;

  const hooks = opts.events;
  const m = hooks ? hooks.rootCount : 0;
  // Root-function work arrays (CVODE's glo / ghi / grout) and the activity mask.
  const gLo = new Float64Array(m);
  const gHi = new Float64Array(m);
  const gMid = new Float64Array(m);
  const gB = new Float64Array(m);
  const active = new Uint8Array(m);
  const yEvt = new Float64Array(n);
  const crossed: number[] = [];
  const userTol = opts.eventTimeTol;

  const setReference = (g: Float64Array): void => {
    // g holds root values at the current point; zeros are deactivated until they become nonzero.
    for (let k = 0; k < m; k++) {
      gLo[k] = g[k]!;
      active[k] = g[k] !== 0 ? 1 : 0;
    }
  };
  if (hooks && m > 0) {
    hooks.roots(t0, stepper.y, gMid);
    setReference(gMid);
  }

  let lastEventTime = NaN;
  let eventsAtSameTime = 0;
  const countEvent = (t: number, tol: number): void => {
    if (eventTimes.length > 0 && Math.abs(t - lastEventTime) <= tol) {
      if (++eventsAtSameTime > MAX_EVENTS_AT_SAME_TIME) {
        throw new SolverError(
          'E_EVENT_LOOP',
          `More than ${MAX_EVENTS_AT_SAME_TIME} events fired at t = ${t}: the event assignments keep re-triggering each other.`,
          t,
          'Check event triggers and assignments: an assignment must not immediately re-arm its own trigger.',
        );
      }
    } else {
      eventsAtSameTime = 0;
    }
    lastEventTime = t;
    eventTimes.push(t);
  };

  // Write outputs with time < tLimit (strictly) or <= tLimit (inclusive) from the dense output of the
  // current step; an output exactly at the step end uses the stepper's state itself.
  const writeUpTo = (tLimit: number, inclusive: boolean): void => {
    while (iOut < nOut) {
      const to = outT[iOut]!;
      if (inclusive ? to > tLimit : to >= tLimit) break;
      const yo = new Float64Array(n);
      if (to === stepper.t) yo.set(stepper.y);
      else stepper.interpolate(to, yo);
      states.push(yo);
      iOut++;
    }
  };
  // Write outputs coinciding with event time te from the post-event state yEvt.
  const writeCoinciding = (te: number): void => {
    const tol = coincidenceTol(te);
    while (iOut < nOut && outT[iOut]! <= te + tol) {
      states.push(Float64Array.from(yEvt));
      iOut++;
    }
  };

  /**
   * CVODE-style search (root-find.ts) for the earliest root in (tLo, tHi] given gLo (at tLo) and gHi (at tHi),
   * on the step's dense output. Returns the event time (tHi side of the final bracket) and fills `crossed` and gHi
   * with values there, or NaN if none.
   */
  const findRoot = (tLo0: number, tHi0: number): number => {
    const tHi = findRootShared(tLo0, tHi0, gLo, gHi, gMid, active, rootsOnDenseOutput, userTol ?? 1e-12 * Math.max(1, Math.abs(tHi0)));
    if (!(tHi === tHi)) return NaN;
    crossed.length = 0;
    for (let k = 0; k < m; k++) {
      if (!active[k]) continue;
      const gh = gHi[k]!;
      if (gh === 0 || gLo[k]! * gh < 0) crossed.push(k);
    }
    return tHi;
  };
  const rootsOnDenseOutput = (t: number, out: Float64Array): void => {
    stepper.interpolate(t, yEvt);
    hooks!.roots(t, yEvt, out);
  };

  // Progress and cancellation bookkeeping.
  const onProgress = opts.onProgress;
  const shouldCancel = opts.shouldCancel;
  const span = tEnd - t0;
  let lastProgressTime = onProgress ? Date.now() : 0;
  let lastFraction = 0;
  let sincePoll = 0;

  // History hook (OdeSystem.stepAccepted): every accepted step end, and every restart after an event
  // (restart = true: the trajectory after that time is replaced).
  const accepted = system.stepAccepted ? system.stepAccepted.bind(system) : undefined;
  const breakpoint = system.nextBreakpoint ? system.nextBreakpoint.bind(system) : undefined;
  const denseOutput = (tq: number, out: Float64Array): void => stepper.interpolate(tq, out);
  accepted?.(t0, stepper.y, true);
  let t = t0;
  while (t < tEnd) {
    // Scheduled (delayed) event times are hard stops.
    let tSched = hooks ? hooks.nextScheduledTime(t) : Infinity;
    if (hooks && tSched <= t) {
      // A scheduled time not strictly ahead (e.g. zero delay): execute it now.
      yEvt.set(stepper.y);
      countEvent(t, userTol ?? 1e-12 * Math.max(1, Math.abs(t)));
      crossed.length = 0;
      const r = hooks.handle(t, yEvt, crossed);
      if (r.terminate) return makeResult('terminated', stepper);
      if (r.changed) {
        stepper.restart(t, yEvt);
        accepted?.(t, yEvt, true);
      }
      if (m > 0) {
        hooks.roots(t, stepper.y, gMid);
        setReference(gMid);
      }
      continue;
    }
    // Breakpoints (OdeSystem.nextBreakpoint, e.g. t0 + j tau of a delay) are hard stops too; the stepper
    // restarts there (below) so that no step straddles a jump in a derivative.
    const tBreak = breakpoint ? breakpoint(t) : Infinity;
    const tStop = Math.min(tSched, tBreak, tEnd);
    stepper.step(tStop);
    accepted?.(stepper.t, stepper.y, false, denseOutput);
    if (stepper.stats.steps - stepsAtStart > maxSteps) {
      throw new SolverError(
        'E_MAX_STEPS',
        `Reached maxSteps = ${maxSteps} at t = ${stepper.t} before t = ${tEnd}.`,
        stepper.t,
        'Raise maxSteps, loosen the tolerances, or use a stiff solver (ode-bdf, ode-rosenbrock) if the model is stiff.',
      );
    }
    let ta = stepper.tPrev;
    const tb = stepper.t;
    let restarted = false;

    // Events located inside (ta, tb], earliest first.
    if (hooks && m > 0) {
      hooks.roots(tb, stepper.y, gB);
      for (;;) {
        gHi.set(gB);
        const ts = findRoot(ta, tb);
        if (!(ts === ts)) break; // NaN: no root
        const tol = coincidenceTol(ts);
        writeUpTo(ts - tol, false);
        if (ts === tb) yEvt.set(stepper.y);
        else stepper.interpolate(ts, yEvt);
        countEvent(ts, userTol ?? 1e-12 * Math.max(1, Math.abs(ts)));
        const r = hooks.handle(ts, yEvt, crossed, gLo);
        writeCoinciding(ts);
        if (r.terminate) return makeResult('terminated', stepper);
        hooks.roots(ts, yEvt, gMid);
        setReference(gMid);
        ta = ts;
        // Restart at ts when the state changed, or when the hooks scheduled an execution (a delayed event)
        // inside the rest of this step: the step already went past it, and scheduled times are hard stops.
        if (r.changed || hooks.nextScheduledTime(ts) <= tb) {
          stepper.restart(ts, yEvt);
          accepted?.(ts, yEvt, true);
          restarted = true;
          break;
        }
        if (ts === tb) break;
      }
    }
    if (restarted) {
      t = stepper.t;
      continue;
    }

    if (tb === tSched && hooks) {
      // Scheduled time reached exactly: outputs before it, then the hooks, then coinciding outputs.
      writeUpTo(tb - coincidenceTol(tb), false);
      yEvt.set(stepper.y);
      countEvent(tb, userTol ?? 1e-12 * Math.max(1, Math.abs(tb)));
      crossed.length = 0;
      const r = hooks.handle(tb, yEvt, crossed);
      writeCoinciding(tb);
      if (r.terminate) return makeResult('terminated', stepper);
      if (r.changed) {
        stepper.restart(tb, yEvt);
        accepted?.(tb, yEvt, true);
      }
      if (m > 0) {
        hooks.roots(tb, stepper.y, gMid);
        setReference(gMid);
      }
    } else {
      writeUpTo(tb, true);
      if (m > 0 && ta !== tb) setReference(gB);
    }
    if (tb === tBreak && tb < tEnd) {
      yEvt.set(stepper.y);
      stepper.restart(tb, yEvt); // the solution is continuous here: no history restart
    }
    t = tb;

    if (++sincePoll >= POLL_EVERY) {
      sincePoll = 0;
      if (shouldCancel && shouldCancel()) return makeResult('cancelled', stepper);
      if (onProgress) {
        const now = Date.now();
        const fraction = span > 0 ? (t - t0) / span : 1;
        if (now - lastProgressTime >= PROGRESS_MS || fraction - lastFraction >= 0.01) {
          lastProgressTime = now;
          lastFraction = fraction;
          onProgress(fraction);
        }
      }
    }
  }
  // Any outputs left (e.g. the final time reached by an event restart) take the current state.
  while (iOut < nOut && outT[iOut]! <= stepper.t) {
    states.push(Float64Array.from(stepper.y));
    iOut++;
  }
  onProgress?.(1);
  return makeResult('done', stepper);
}
