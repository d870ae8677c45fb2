/**
 * Root location shared by the ODE driver and the stochastic engines' event handling.
 *
 * CVODE's cvRootfind (Hindmarsh et al. 2005, section 2.4; Hiebert & Shampine 1980): among the active root
 * functions, the one whose sign change lies furthest back in (tLo, tHi] (largest |g_hi / (g_hi - g_lo)|) drives
 * an Illinois-modified secant iteration until the bracket is shorter than `ttol`; an exact zero inside stops the
 * search there. Callers supply how to evaluate the functions along the path (dense output of an ODE step, or a
 * fixed stochastic state with time moving).
 */

/**
 * Earliest root in (tLo, tHi] of the functions k with active[k] != 0. gLo holds their values at tLo and gHi at
 * tHi on entry; on return gLo holds the values at the lower end and gHi at the upper end of the final bracket
 * (gMid is scratch). Returns the upper end (the root time), or NaN when no active function changes sign or is 0 at tHi.
 */
export function findRoot(
  tLo0: number,
  tHi0: number,
  gLo: Float64Array,
  gHi: Float64Array,
  gMid: Float64Array,
  active: ArrayLike<number>,
  evalAt: (t: number, out: Float64Array) => void,
  ttol: number,
): number {
  const m = gLo.length;
  // scan(g): the active function with the largest sign-change fraction against gLo, and whether some is exactly 0
  let imax = -1;
  let zroot = false;
  let sgnchg = false;
  const scan = (g: Float64Array): void => {
    let maxfrac = 0;
    imax = -1;
    zroot = false;
    sgnchg = false;
    for (let k = 0; k < m; k++) {
      if (!active[k]) continue;
      const gk = g[k]!;
      if (gk === 0) zroot = true;
      else if (gLo[k]! * gk < 0) {
        const gfrac = Math.abs(gk / (gk - gLo[k]!));
        if (gfrac > maxfrac) {
          sgnchg = true;
          maxfrac = gfrac;
          imax = k;
        }
      }
    }
  };
  scan(gHi);
  if (!sgnchg && !zroot) return NaN;
  let tLo = tLo0;
  let tHi = tHi0;
  if (sgnchg) {
    let side = 0;
    let sideprev = -1;
    let alph = 1;
    let ik = imax;
    while (Math.abs(tHi - tLo) > ttol) {
      if (sideprev === side) alph = side === 2 ? alph * 2 : alph * 0.5;
      else alph = 1;
      const gl = gLo[ik]!, gh = gHi[ik]!;
      let tMid = tHi - ((tHi - tLo) * gh) / (gh - alph * gl);
      if (!(tMid > tLo && tMid < tHi)) tMid = 0.5 * (tLo + tHi);
      if (Math.abs(tMid - tLo) < 0.5 * ttol) {
        const fracint = Math.abs(tHi - tLo) / ttol;
        tMid = tLo + (fracint > 5 ? 0.1 : 0.5 / fracint) * (tHi - tLo);
      }
      if (Math.abs(tHi - tMid) < 0.5 * ttol) {
        const fracint = Math.abs(tHi - tLo) / ttol;
        tMid = tHi - (fracint > 5 ? 0.1 : 0.5 / fracint) * (tHi - tLo);
      }
      evalAt(tMid, gMid);
      sideprev = side;
      scan(gMid);
      if (sgnchg) {
        // root in (tLo, tMid]
        tHi = tMid;
        gHi.set(gMid);
        ik = imax;
        side = 1;
        continue;
      }
      if (zroot) {
        // exact zero at tMid and no sign change before it
        tHi = tMid;
        gHi.set(gMid);
        break;
      }
      // no crossing in (tLo, tMid]: root in (tMid, tHi]
      tLo = tMid;
      gLo.set(gMid);
      side = 2;
    }
  }
  return tHi;
}
