/**
 * Root finding on a log scale for the gap searches of the scenarios and analyses ("which loading, dose or escape
 * fraction makes the effect reach the target?").
 *
 * Method: bisection on log10(x) for a monotone f on [lo, hi] (Burden & Faires, Numerical Analysis, §2.1): each step
 * halves the log interval, so n steps leave (log10 hi - log10 lo) / 2^n decades; 26 steps on a 10-decade range
 * leave 1.5e-7 decades (relative error 3.4e-7). Units: x's own (copies per exosome, exosomes per day, ...).
 */

export interface BisectLogOptions {
  /** Halvings of the log interval (default 26). */
  iterations?: number;
  /**
   * 'midpoint' (default): the centre of the final interval, or an exact root met on the way.
   * 'reached': the end of the final interval on the far side of the target from lo, where f has reached it (the
   * conservative answer when the value is then verified by re-simulation: f(x) - target has the sign of f(hi) - target).
   */
  result?: 'midpoint' | 'reached';
}

/** Solve f(x) = target for monotone f on [lo, hi] (0 < lo < hi); NaN when [lo, hi] does not bracket the target. */
export function bisectLog(f: (x: number) => number, lo: number, hi: number, target: number, opts: BisectLogOptions = {}): number {
  const iterations = opts.iterations ?? 26;
  const reached = opts.result === 'reached';
  let a = Math.log10(lo), b = Math.log10(hi);
  let fa = f(lo) - target;
  const fb = f(hi) - target;
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || fa * fb > 0) return NaN;
  if (!reached && fa === 0) return lo;
  if (!reached && fb === 0) return hi;
  for (let i = 0; i < iterations; i++) {
    const m = (a + b) / 2;
    const fm = f(10 ** m) - target;
    if (!reached && fm === 0) return 10 ** m;
    if (reached ? fa * fm <= 0 : fa * fm < 0) b = m;
    else {
      a = m;
      fa = fm;
    }
  }
  return reached ? 10 ** b : 10 ** ((a + b) / 2);
}
