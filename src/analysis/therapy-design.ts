/**
 * Therapy design with engineered exosomes (issue 6): for a payload (anti-miR, miRNA mimic or siRNA) at a loading
 * (copies per exosome), a targeting ligand (none, GE11, RVG, PS), a dose (exosomes, or ug of exosome protein), a
 * route (i.v., intratumoural, in vitro) and a schedule (n doses every `interval` h), the knock-down of the target in
 * the tumour and in off-target organs over time, and the dose that gives a chosen knock-down in one of them.
 *
 * Model: src/analysis/therapy/model.ts (the ohno2013-ge11-let7a scenario's model with the chosen payload, ligand
 * and route, plus off-target organs built as in alvarez-erviti2011-rvg). Knock-down at time t, per site s
 * (tumour cells or the parenchymal cells of organ s), against the same model without exosomes (dose 0):
 *   mimic, siRNA:  KD_s(t) = 1 - T_s(t) / T_s,ctrl(t)            (target protein per cell; let-7a -> HMGA2 by default)
 *   antiMiR:       KD_s(t) = 1 - A_s(t) / A_s,ctrl(t)            (A = active miRISC of the miRNA: free + target-bound)
 * Every run starts with a warm-up of T_WARM h without exosomes (the cells reach their steady state), as the ohno
 * scenario does. The read-out of a course is its peak (max over the output times), its end value, or its value
 * at a given time.
 *
 * Dose search: KD_s at the read-out rises monotonically with the dose (every rate the dose feeds is linear in it,
 * and repression rises with the delivered copies), so the dose for a target knock-down K is the root of
 * g(x) = KD_s(10^x) - K on x = log10(dose) in a bracket [lo, hi], found by the Illinois variant of regula falsi
 * (Dowell & Jarratt 1971; superlinear, keeps the bracket) and verified by re-simulating at the root. When
 * KD_s(hi) < K no dose in the bracket reaches K: the result says so and gives the loading (copies per exosome,
 * same root finding on log loading) that would reach K at the design's dose.
 */
import { diag, ExosimError } from '../diagnostics.js';
import type { CompiledModel } from '../compile/types.js';
import type { SimulationResult } from '../results.js';
import { compileDoc, runCondition, column } from '../scenarios/support.js';
import { EV_MASS_G } from '../mechanisms/therapy/scenario-kit.js';
import type { Ligand } from '../mechanisms/therapy/index.js';
import {
  buildTherapyDesignModel, readoutIds, IN_VITRO, LIGAND_CHOICES, OFF_TARGET_ORGANS, PAYLOADS, ROUTES,
  type DesignRoute, type OffTargetOrgan, type Payload,
} from './therapy/model.js';

export { OFF_TARGET_ORGANS, PAYLOADS, ROUTES, LIGAND_CHOICES, buildTherapyDesignModel };
export type { DesignRoute, OffTargetOrgan, Payload };

export type Site = 'tumour' | OffTargetOrgan;
export type Readout = 'peak' | 'end' | { at: number };

/** Warm-up without exosomes before t = 0 (h): as ohno2013-ge11-let7a (target-bound miRISC turns over slowly). */
export const T_WARM = 20000;
/** Loading range of the therapy module: 1e-3 .. a 100-nm lumen packed with RNA duplexes (ohno scenario's maximum). */
export const MAX_LOADING = 1e4;
/** Natural loading: Chevillet 2014, 0.00825 copies of the most abundant miRNA per exosome (parameters.md §2.1, S). */
export const NATURAL_LOADING = 0.00825;

export interface TherapyDesign {
  payload: Payload;
  /** Payload copies per exosome (Poisson mean). */
  copiesPerEV: number;
  ligand: Ligand;
  route: DesignRoute;
  /** Exosomes per dose. */
  dose: number;
  nDoses: number;
  interval_h: number;
  /** End of the simulated course (h after the first dose); default max(168, nDoses * interval). */
  tEnd_h?: number;
  /** Output step (h); default tEnd / 112. */
  step_h?: number;
  /** Off-target organs (ignored for the in-vitro route); default liver, spleen, lung. */
  organs?: readonly OffTargetOrgan[];
  /** Endogenous miRISC copies per cell of the miRNA (tumour and organs); default the ohno scenario's 10. */
  endogenousCopies?: number;
  /** Further parameter overrides (flat ids, declared units), applied last. */
  set?: Record<string, number>;
}

/** Exosomes in `ug` micrograms of exosome protein (N = m / 6e-16 g, parameters.md §1.1 via scenario-kit; a lower bound). */
export function exosomesFromUg(ug: number): number {
  return (ug * 1e-6) / EV_MASS_G;
}
export function ugFromExosomes(n: number): number {
  return n * EV_MASS_G * 1e6;
}

function bad(message: string, hint: string): ExosimError {
  return new ExosimError([diag('E_THERAPY_DESIGN', message, { hint })]);
}

/** Check a design; throws ExosimError E_THERAPY_DESIGN with every problem. */
export function validateDesign(d: TherapyDesign): void {
  const problems = [];
  if (!PAYLOADS.includes(d.payload)) problems.push(diag('E_THERAPY_DESIGN', `payload '${d.payload}' is not one of ${PAYLOADS.join(', ')}`, { hint: 'choose antiMiR, mimic or siRNA' }));
  if (!LIGAND_CHOICES.includes(d.ligand)) problems.push(diag('E_THERAPY_DESIGN', `ligand '${d.ligand}' is not one of ${LIGAND_CHOICES.join(', ')}`, { hint: 'choose none, GE11, RVG or PS' }));
  if (!ROUTES.includes(d.route)) problems.push(diag('E_THERAPY_DESIGN', `route '${d.route}' is not one of ${ROUTES.join(', ')}`, { hint: 'choose iv, intratumoural or in-vitro' }));
  const pos = (name: string, v: number, hint: string) => {
    if (!(Number.isFinite(v) && v > 0)) problems.push(diag('E_THERAPY_DESIGN', `${name} must be a positive number, got ${v}`, { hint }));
  };
  pos('copies per exosome', d.copiesPerEV, `give a loading between 1e-3 and ${MAX_LOADING}`);
  if (d.copiesPerEV > MAX_LOADING) problems.push(diag('E_THERAPY_DESIGN', `copies per exosome ${d.copiesPerEV} exceed ${MAX_LOADING} (a 100-nm lumen packed with RNA duplexes)`, { hint: `give at most ${MAX_LOADING} copies per exosome` }));
  if (!(Number.isFinite(d.dose) && d.dose >= 0)) problems.push(diag('E_THERAPY_DESIGN', `dose must be a non-negative number of exosomes, got ${d.dose}`, { hint: 'give e.g. 1.67e9 exosomes (1 ug of exosome protein)' }));
  if (!(Number.isInteger(d.nDoses) && d.nDoses >= 1 && d.nDoses <= 100)) problems.push(diag('E_THERAPY_DESIGN', `number of doses must be an integer 1-100, got ${d.nDoses}`, { hint: 'give e.g. 4 doses' }));
  pos('interval', d.interval_h, 'give the interval between doses in h, e.g. 168 (weekly)');
  if (d.tEnd_h !== undefined) pos('end time', d.tEnd_h, 'give the end of the course in h, e.g. 672');
  if (d.step_h !== undefined) pos('output step', d.step_h, 'give the output step in h, e.g. 6');
  if (d.endogenousCopies !== undefined && !(Number.isFinite(d.endogenousCopies) && d.endogenousCopies > 0)) problems.push(diag('E_THERAPY_DESIGN', `endogenous miRISC copies must be positive, got ${d.endogenousCopies}`, { hint: 'give e.g. 10 (the ohno scenario) or 1000' }));
  for (const o of d.organs ?? []) if (!OFF_TARGET_ORGANS.includes(o)) problems.push(diag('E_THERAPY_DESIGN', `organ '${o}' is not one of ${OFF_TARGET_ORGANS.join(', ')}`, { hint: `choose among ${OFF_TARGET_ORGANS.join(', ')}` }));
  if (problems.length) throw new ExosimError(problems);
}

const DEFAULT_ORGANS: readonly OffTargetOrgan[] = ['liver', 'spleen', 'lung'];
export function sitesOf(d: TherapyDesign): Site[] {
  return d.route === 'in-vitro' ? ['tumour'] : ['tumour', ...(d.organs ?? DEFAULT_ORGANS)];
}

const compiledCache = new Map<string, CompiledModel>();
function compiledFor(d: TherapyDesign): CompiledModel {
  const organs = d.route === 'in-vitro' ? [] : [...(d.organs ?? DEFAULT_ORGANS)];
  const key = JSON.stringify([d.payload, d.ligand, d.route, organs, d.endogenousCopies ?? null]);
  let c = compiledCache.get(key);
  if (!c) {
    c = compileDoc(buildTherapyDesignModel({ payload: d.payload, ligand: d.ligand, route: d.route, organs, ...(d.endogenousCopies !== undefined ? { endogenousCopies: d.endogenousCopies } : {}) }));
    compiledCache.set(key, c);
  }
  return c;
}

function tEndOf(d: TherapyDesign): number {
  return d.tEnd_h ?? Math.max(168, d.nDoses * d.interval_h);
}
function timesOf(d: TherapyDesign): number[] {
  const tEnd = tEndOf(d);
  const step = d.step_h ?? tEnd / 112;
  const n = Math.max(1, Math.ceil(tEnd / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Math.min(tEnd, i * step));
}

/** The parameter overrides a design implies (schedule, dose, loading; in-vitro well; the user's set last). */
export function overridesOf(d: TherapyDesign): Record<string, number> {
  const o: Record<string, number> = {
    'tx.dose': d.dose, 'tx.payload_per_EV': d.copiesPerEV, 'tx.n_doses': d.nDoses, 'tx.interval': d.interval_h,
  };
  // in vitro: the well is the interstitium compartment, nothing drains into blood, the cells do not grow
  if (d.route === 'in-vitro') Object.assign(o, { 'endo.k_entry': 0, 'tum.r_A': 0, 'tum.N0_A': IN_VITRO.cells });
  return { ...o, ...(d.set ?? {}) };
}

function simulateRaw(d: TherapyDesign, extra: Record<string, number> = {}): SimulationResult {
  return runCondition(compiledFor(d), { tStart: -T_WARM, tEnd: tEndOf(d), times: timesOf(d), set: { ...overridesOf(d), ...extra } });
}

/** The quantity whose fall is the knock-down, per output time, at site s. */
function effectSeries(res: SimulationResult, payload: Payload, s: Site): number[] {
  const ids = readoutIds(s);
  if (payload !== 'antiMiR') return column(res, ids.target);
  const r = column(res, ids.risc), b = column(res, ids.bound);
  return r.map((x, i) => x + b[i]!);
}

export interface SiteCourse {
  site: Site;
  /** Knock-down (fraction, 0 = untreated, 1 = none left) per output time. */
  knockdown: number[];
  peak: number;
  peakTime_h: number;
  end: number;
}

export interface TherapyCourse {
  design: TherapyDesign & { tEnd_h: number; organs: readonly OffTargetOrgan[] };
  doseUg: number;
  /** What the knock-down is of. */
  readoutOf: string;
  time_h: number[];
  sites: Site[];
  courses: Record<string, SiteCourse>;
}

/** Control (no exosomes) effect series per site, cached per design structure + overrides other than the dose. */
const controlCache = new Map<string, Record<string, number[]>>();
function controlOf(d: TherapyDesign): Record<string, number[]> {
  const key = JSON.stringify([d.payload, d.ligand, d.route, sitesOf(d), d.endogenousCopies ?? null, timesOf(d), { ...overridesOf(d), 'tx.dose': 0, 'tx.payload_per_EV': 0 }]);
  let c = controlCache.get(key);
  if (!c) {
    const res = simulateRaw(d, { 'tx.dose': 0 });
    c = Object.fromEntries(sitesOf(d).map((s) => [s, effectSeries(res, d.payload, s)]));
    if (controlCache.size > 64) controlCache.clear();
    controlCache.set(key, c);
  }
  return c;
}

/** Simulate a design: knock-down courses in the tumour and the off-target organs. */
export function simulateTherapy(d: TherapyDesign): TherapyCourse {
  validateDesign(d);
  const ctrl = controlOf(d);
  const res = simulateRaw(d);
  const courses: Record<string, SiteCourse> = {};
  for (const s of sitesOf(d)) {
    const y = effectSeries(res, d.payload, s), c = ctrl[s]!;
    const kd = y.map((v, i) => 1 - v / c[i]!);
    let k = 0;
    for (let i = 1; i < kd.length; i++) if (kd[i]! > kd[k]!) k = i;
    courses[s] = { site: s, knockdown: kd, peak: kd[k]!, peakTime_h: res.time[k]!, end: kd[kd.length - 1]! };
  }
  return {
    design: { ...d, tEnd_h: tEndOf(d), organs: d.route === 'in-vitro' ? [] : (d.organs ?? DEFAULT_ORGANS) },
    doseUg: ugFromExosomes(d.dose),
    readoutOf: d.payload === 'antiMiR' ? 'active miRISC of the miRNA (free + target-bound) per cell' : 'target protein per cell (HMGA2 under let-7a in the default model)',
    time_h: Array.from(res.time),
    sites: sitesOf(d),
    courses,
  };
}

/** The read-out of a site course: peak, end, or the value at time `at` (linear interpolation). */
export function readKnockdown(course: TherapyCourse, site: Site, readout: Readout): number {
  const c = course.courses[site];
  if (!c) throw bad(`site '${site}' is not simulated in this design (sites: ${course.sites.join(', ')})`, `choose one of ${course.sites.join(', ')}, or add the organ to the design`);
  if (readout === 'peak') return c.peak;
  if (readout === 'end') return c.end;
  const t = course.time_h, y = c.knockdown;
  if (readout.at <= t[0]!) return y[0]!;
  for (let i = 1; i < t.length; i++) if (readout.at <= t[i]!) return y[i - 1]! + ((readout.at - t[i - 1]!) / (t[i]! - t[i - 1]!)) * (y[i]! - y[i - 1]!);
  return y[y.length - 1]!;
}

/**
 * Root of g(x) = f(x) - target for an increasing f on [a, b] by the Illinois method (regula falsi with the
 * retained end's value halved after two steps on the same side). Returns NaN when [a, b] does not bracket the
 * root. Stops when |g| <= ftol or the bracket is narrower than xtol.
 */
export function illinois(f: (x: number) => number, a: number, b: number, target: number, opts: { ftol?: number; xtol?: number; maxIter?: number; fa?: number; fb?: number } = {}): { x: number; fx: number; evaluations: number } {
  const ftol = opts.ftol ?? 1e-4, xtol = opts.xtol ?? 1e-9, maxIter = opts.maxIter ?? 60;
  let evals = 0;
  const g = (x: number) => { evals++; return f(x) - target; };
  let ga = opts.fa !== undefined ? opts.fa - target : g(a);
  let gb = opts.fb !== undefined ? opts.fb - target : g(b);
  if (!Number.isFinite(ga) || !Number.isFinite(gb) || ga * gb > 0) return { x: NaN, fx: NaN, evaluations: evals };
  if (Math.abs(ga) <= ftol) return { x: a, fx: ga + target, evaluations: evals };
  if (Math.abs(gb) <= ftol) return { x: b, fx: gb + target, evaluations: evals };
  let side = 0;
  let x = a, gx = ga;
  for (let i = 0; i < maxIter; i++) {
    x = (a * gb - b * ga) / (gb - ga);
    if (!(x > a && x < b)) x = (a + b) / 2;
    gx = g(x);
    if (Math.abs(gx) <= ftol || b - a < xtol) break;
    if (gx * gb > 0) { b = x; gb = gx; if (side === -1) ga /= 2; side = -1; }
    else { a = x; ga = gx; if (side === 1) gb /= 2; side = 1; }
  }
  return { x, fx: gx + target, evaluations: evals };
}

export interface DoseQuery {
  /** Target knock-down (fraction in (0, 1)). */
  knockdown: number;
  site: Site;
  readout?: Readout;
  /** Dose bracket (exosomes per dose); default [1e6, 1e14]. */
  lo?: number;
  hi?: number;
  /** Tolerance of the verification by re-simulation (absolute knock-down); default 0.005. */
  tolerance?: number;
}

export interface DoseSolution {
  query: Required<Omit<DoseQuery, 'readout'>> & { readout: Readout };
  feasible: boolean;
  /** Exosomes per dose giving the target knock-down (NaN when not feasible), and as ug of exosome protein. */
  dose: number;
  doseUg: number;
  /** Knock-down re-simulated at the found dose, and whether it is within the tolerance of the target. */
  achieved: number;
  verified: boolean;
  /** Knock-down (same read-out) of every site at that dose (off-target included). */
  knockdowns: Record<string, number>;
  evaluations: number;
  /** Knock-down at the bracket's ends. */
  atLo: number;
  atHi: number;
  /** The course at the found dose (feasible) or at the bracket's upper end (not feasible). */
  course: TherapyCourse;
  /** When not feasible: the loading that reaches the target at the design's dose (NaN when none up to MAX_LOADING). */
  loadingNeeded?: number;
  /**
   * When not feasible within the bracket at the design's loading: the dose at the maximal loading, and the dose
   * at the design's loading outside the bracket (dose x loading scaling, verified by re-simulation).
   */
  beyondBracket?: { doseAtMaxLoading: number; dose: number; doseUg: number; achieved: number; verified: boolean };
  /** Plain-language statement of the result. */
  statement: string;
}

function checkQuery(q: DoseQuery, d: TherapyDesign): void {
  if (!(q.knockdown > 0 && q.knockdown < 1)) throw bad(`target knock-down must be a fraction between 0 and 1 (exclusive), got ${q.knockdown}`, 'give e.g. 0.5 for 50 % knock-down');
  if (!sitesOf(d).includes(q.site)) throw bad(`site '${q.site}' is not simulated in this design (sites: ${sitesOf(d).join(', ')})`, `choose one of ${sitesOf(d).join(', ')}`);
  const lo = q.lo ?? 1e6, hi = q.hi ?? 1e14;
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) throw bad(`dose bracket [${lo}, ${hi}] must satisfy 0 < lo < hi`, 'give e.g. --dose-range 1e6,1e14');
  const r = q.readout ?? 'peak';
  if (typeof r === 'object' && !(r.at >= 0 && r.at <= tEndOf(d))) throw bad(`read-out time ${r.at} h is outside the course [0, ${tEndOf(d)}] h`, 'give a time within the course, or peak / end');
}

/** The loading (copies per exosome) that gives `knockdown` at `site` at the design's dose, or NaN (none up to MAX_LOADING). */
export function solveLoading(d: TherapyDesign, knockdown: number, site: Site, readout: Readout = 'peak'): { loading: number; achieved: number; evaluations: number } {
  const f = (x: number) => readKnockdown(simulateTherapy({ ...d, copiesPerEV: 10 ** x }), site, readout);
  const r = illinois(f, Math.log10(1e-3), Math.log10(MAX_LOADING), knockdown);
  if (!Number.isFinite(r.x)) return { loading: NaN, achieved: NaN, evaluations: r.evaluations };
  const loading = 10 ** r.x;
  return { loading, achieved: readKnockdown(simulateTherapy({ ...d, copiesPerEV: loading }), site, readout), evaluations: r.evaluations + 1 };
}

/** The dose per injection (schedule and loading of the design) that gives the target knock-down at `site`. */
export function solveDose(d: TherapyDesign, q: DoseQuery): DoseSolution {
  validateDesign(d);
  checkQuery(q, d);
  const readout = q.readout ?? 'peak';
  const lo = q.lo ?? 1e6, hi = q.hi ?? 1e14, tol = q.tolerance ?? 0.005;
  const at = (dose: number) => readKnockdown(simulateTherapy({ ...d, dose }), q.site, readout);
  const fLo = at(lo);
  const courseHi = simulateTherapy({ ...d, dose: hi });
  const fHi = readKnockdown(courseHi, q.site, readout);
  const query = { knockdown: q.knockdown, site: q.site, readout, lo, hi, tolerance: tol };
  const allKd = (c: TherapyCourse) => Object.fromEntries(c.sites.map((s) => [s, readKnockdown(c, s, readout)]));
  const what = `${(100 * q.knockdown).toPrecision(3)} % knock-down in the ${q.site}`;
  if (!(fHi >= q.knockdown) || !(fLo <= q.knockdown)) {
    const tooHigh = fLo > q.knockdown;
    const load = tooHigh ? undefined : solveLoading(d, q.knockdown, q.site, readout);
    // beyond the bracket: the delivered payload (hence the knock-down) depends on the dose only through
    // dose x loading (first-order transport and uptake); the dose at the design's loading is the dose at the
    // maximal loading times MAX_LOADING / loading, verified by re-simulating at it
    let beyond: DoseSolution['beyondBracket'];
    if (!tooHigh && d.copiesPerEV < MAX_LOADING) {
      const atMax = solveDose({ ...d, copiesPerEV: MAX_LOADING }, { ...q, readout });
      if (atMax.feasible) {
        const dose = (atMax.dose * MAX_LOADING) / d.copiesPerEV;
        const achieved = readKnockdown(simulateTherapy({ ...d, dose }), q.site, readout);
        beyond = { doseAtMaxLoading: atMax.dose, dose, doseUg: ugFromExosomes(dose), achieved, verified: Math.abs(achieved - q.knockdown) <= tol };
      }
    }
    const statement = tooHigh
      ? `Even ${lo.toExponential(2)} exosomes per dose give ${(100 * fLo).toPrecision(3)} % in the ${q.site}: the dose for ${what} is below the bracket; lower --dose-range.`
      : `No dose up to ${hi.toExponential(2)} exosomes per dose reaches ${what} at ${d.copiesPerEV} copies per exosome (at that dose: ${(100 * fHi).toPrecision(3)} %). `
        + (load && Number.isFinite(load.loading)
          ? `At the design's dose (${d.dose.toExponential(3)} exosomes) a loading of ${load.loading.toPrecision(3)} copies per exosome would reach it.`
          : `No loading up to ${MAX_LOADING} copies per exosome reaches it at the design's dose (${d.dose.toExponential(3)} exosomes) either.`)
        + (beyond
          ? ` At ${MAX_LOADING} copies per exosome it needs ${beyond.doseAtMaxLoading.toExponential(3)} exosomes per dose; at ${d.copiesPerEV} copies per exosome ${beyond.dose.toExponential(3)} exosomes (${beyond.doseUg.toPrecision(3)} ug exosome protein) per dose (re-simulated: ${(100 * beyond.achieved).toPrecision(3)} %).`
          : '');
    return {
      query, feasible: false, dose: NaN, doseUg: NaN, achieved: fHi, verified: false, knockdowns: allKd(courseHi), evaluations: 2 + (load?.evaluations ?? 0),
      atLo: fLo, atHi: fHi, course: courseHi, ...(load ? { loadingNeeded: load.loading } : {}), ...(beyond ? { beyondBracket: beyond } : {}), statement,
    };
  }
  const r = illinois((x) => at(10 ** x), Math.log10(lo), Math.log10(hi), q.knockdown, { fa: fLo, fb: fHi, ftol: tol / 10 });
  const dose = 10 ** r.x;
  const course = simulateTherapy({ ...d, dose }); // verification by re-simulation
  const achieved = readKnockdown(course, q.site, readout);
  const kds = allKd(course);
  const verified = Math.abs(achieved - q.knockdown) <= tol;
  const off = course.sites.filter((s) => s !== q.site).map((s) => `${s} ${(100 * kds[s]!).toPrecision(3)} %`);
  const statement = `${dose.toExponential(3)} exosomes per dose (${ugFromExosomes(dose).toPrecision(3)} ug exosome protein; ${d.nDoses} dose${d.nDoses > 1 ? 's' : ''}${d.nDoses > 1 ? ` every ${d.interval_h} h` : ''}, ${d.copiesPerEV} copies per exosome) give ${what} `
    + `(re-simulated: ${(100 * achieved).toPrecision(3)} %${verified ? '' : ', NOT within tolerance'})${off.length ? `; at that dose: ${off.join(', ')}` : ''}.`;
  return { query, feasible: true, dose, doseUg: ugFromExosomes(dose), achieved, verified, knockdowns: kds, evaluations: r.evaluations + 3, atLo: fLo, atHi: fHi, course, statement };
}

/** The ohno2013-ge11-let7a protocol as a design: 4 weekly i.v. doses of 1 ug GE11 exosomes carrying a let-7a mimic. */
export function ohnoDesign(copiesPerEV = NATURAL_LOADING): TherapyDesign {
  return { payload: 'mimic', copiesPerEV, ligand: 'GE11', route: 'iv', dose: exosomesFromUg(1), nDoses: 4, interval_h: 168, tEnd_h: 672 };
}

/** Knock-down at the read-out for every site at each dose (the design's loading and schedule). */
export function doseResponse(d: TherapyDesign, doses: readonly number[], readout: Readout = 'peak'): { dose: number; site: Site; knockdown: number }[] {
  const out: { dose: number; site: Site; knockdown: number }[] = [];
  for (const dose of doses) {
    const c = simulateTherapy({ ...d, dose });
    for (const s of c.sites) out.push({ dose, site: s, knockdown: readKnockdown(c, s, readout) });
  }
  return out;
}

/** `n` doses spaced evenly on a log scale over [lo, hi]. */
export function logSpace(lo: number, hi: number, n: number): number[] {
  const a = Math.log10(lo), b = Math.log10(hi);
  return Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / Math.max(1, n - 1)));
}
