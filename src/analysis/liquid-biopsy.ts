/**
 * Liquid biopsy: from tumour burden to the plasma level of a tumour-derived marker, then to detection.
 *
 * Model (Hori & Gambhir 2011 Sci Transl Med 3:109ra116, extended to exosomal miRNA as in the `biomarker`
 * mechanism, src/mechanisms/biomarker): a tumour of N(t) cells grows from N0 cells, exponentially (default)
 *   N(t) = N0 exp(g t)                                                    g = k_gr (1/day)
 * or by the Gompertz law (growth 'gompertz'; the `tissue` mechanism's law, Norton 1988 Cancer Res 48:7067)
 *   dN/dt = alpha N ln(K/N)  =>  N(t) = K exp(ln(N0/K) exp(-alpha t)),   alpha = k_gr / ln(K/N0)
 * (k_gr is then the per-capita rate at N0; the per-capita rate at N is r(N) = alpha ln(K/N), K = K_cap cells).
 * and sheds the marker into plasma (volume V, mL) through one or more pools i, each with a shedding rate s_i per
 * tumour cell (amount/day/cell, already multiplied by the fraction reaching blood) and first-order clearance k_i:
 *   dM_i/dt = s_i N(t) - k_i M_i,   M_i(0) = 0
 *   => M_i(t) = s_i N0 (exp(g t) - exp(-k_i t)) / (g + k_i)               (exact solution, linear ODE)
 * Gompertz: the same ODE integrated in steps of h <= 1 day, taking N exponential within a step at the rate r at the
 * step's midpoint (exponential integrator: M <- M e^(-k h) + s N_n (e^(r h) - e^(-k h)) / (r + k); exact for the
 * exponential law, error O(h^2 dr/dt) otherwise: < 1e-6 relative at h = 1 day, tested against the ODE model).
 * Tumour-derived plasma level C_T(t) = sum_i M_i(t) / V. Healthy tissues add a background B * b (B = healthy
 * median, b = a person's factor, lognormal with log-SD sigma); the measured level is C = b B + C_T.
 *   CA125 (Hori & Gambhir): one pool, s = f_t R_t, k = k_et; B = (f_h R_h N_h) / (k_et V).
 *   exosomal miR-141: an EV-borne pool (s_EV = k_sec copies_per_EV f_blood, k_EV = ln2 / t_half_EV) and a free
 *   (Ago2-bound) pool released with it (s_free = r_free s_EV, r_free = (1 - f_EV)/f_EV k_free/k_EV so that a
 *   fraction f_EV of the steady-state tumour-derived plasma miRNA is in exosomes; k_free = ln2 / t_half_free):
 *   the `biomarker` mechanism's equations, with its defaults (BIOMARKER_DEFAULTS).
 * Detection: criterion 'cutoff' - the measured level reaches the assay cut-off / upper limit of normal c
 * (C_T >= c - b B; Hori & Gambhir's CA125 criterion, c = 34.11 U/mL); criterion 'lod' - the tumour-derived level
 * alone reaches the assay detection limit (a tumour-specific marker without background; Hori & Gambhir's 1.5 U/mL).
 * Size: volume = N V_cell, diameter of the equivalent sphere d = (6 volume / pi)^(1/3).
 * Resection at t = 0 of a tumour that was growing: M_i(0) = s_i N / (r(N) + k_i) (quasi-steady state of the exact
 * solution; r(N) = g for exponential growth), then M_i(t) = M_i(0) exp(-k_i t).
 * Cohort: patients with lognormal burden and lognormal shedding factor, everyone with a lognormal background
 * factor (seeded: replicateStream(seed, i)); levels at the quasi-steady state; ROC over all thresholds,
 * AUC = P(patient > healthy) (Mann-Whitney, ties 1/2).
 */
import { BIOMARKER_DEFAULTS } from '../mechanisms/biomarker/index.js';
import { replicateStream } from '../solvers/stochastic/rng.js';
import { diag, ExosimError } from '../diagnostics.js';

export type MarkerId = 'ca125' | 'mir141';
export type Criterion = 'cutoff' | 'lod';
export type Measure = 'total' | 'ev';
export type GrowthLaw = 'exponential' | 'gompertz';
export const GROWTH_LAWS: readonly GrowthLaw[] = ['exponential', 'gompertz'];

export interface ParamDoc {
  value: number;
  unit: string;
  description: string;
  source: string;
  /** parameters.md section, or 'assumption'. */
  section: string;
  tag: 'S' | 'S2' | 'C' | 'D' | 'R';
}

export const DAYS_PER_YEAR = 365.25;
const LN2 = Math.LN2;

const HG = 'Hori & Gambhir 2011, via J Transl Med 2018 Table 1';
const BM = BIOMARKER_DEFAULTS;

/** Default parameters of each marker, with sources (parameters.md sections and tags). */
export const MARKER_PARAMS: Record<MarkerId, Record<string, ParamDoc>> = {
  ca125: {
    f_t: { value: 0.1, unit: 'dimensionless', description: 'fraction of tumour biomarker entering the vasculature', source: HG, section: '§6', tag: 'S2' },
    R_t: { value: 4.5e-5, unit: 'U/day/cell', description: 'CA125 shedding rate per tumour cell', source: HG, section: '§6', tag: 'S2' },
    k_e: { value: 0.11, unit: '1/day', description: 'plasma elimination rate (t1/2 6.3 d)', source: HG, section: '§6, §0 #23', tag: 'S2' },
    healthy_influx: { value: 4.56e3, unit: 'U/day', description: 'healthy-cell CA125 influx f_h R_h N_h', source: HG, section: '§6', tag: 'S2' },
    V_plasma: { value: 3150, unit: 'mL', description: 'plasma volume (70-year-old woman)', source: HG, section: '§6, §1.4', tag: 'S2' },
    cutoff: { value: 34.11, unit: 'U/mL', description: 'assay cut-off, healthy vs disease (tumour + healthy shedding)', source: HG, section: '§6', tag: 'S2' },
    lod: { value: 1.5, unit: 'U/mL', description: 'assay detection limit (tumour-only shedding)', source: HG, section: '§6', tag: 'S2' },
    k_gr: { value: 5.78e-3, unit: '1/day', description: 'exponential tumour growth rate (doubling 120 d)', source: HG, section: '§6', tag: 'S2' },
    N0: { value: 1, unit: 'cell', description: 'cells at t = 0 (growth from a single cancer cell)', source: 'Hori & Gambhir 2011 abstract ("beginning with a single cancer cell")', section: '§6', tag: 'S' },
    V_cell: {
      value: 5000, unit: 'um^3', description: 'tumour volume per cell (volume = N V_cell)',
      source: "implied by Hori & Gambhir's reported volume at detection, pi/6 (25.36 mm)^3 = 8.54 cm3, over the 1.7e9 cells their parameters give at detection (2e8 cells/cm3); upper end of the BioNumbers 500-5000 um^3 range", section: '§6, §1.2', tag: 'D',
    },
    bg_sigma: {
      value: 0.41, unit: 'dimensionless', description: 'between-person log-SD of the healthy CA125 level',
      source: 'assumption: the 35 U/mL cut-off is about the 99th percentile of healthy women (Bast RC et al. 1983 NEJM 309:883, recalled), so sigma = ln(34.11 / 13.16) / 2.326', section: 'not in parameters.md', tag: 'R',
    },
    K_cap: { value: 1e12, unit: 'cell', description: 'Gompertz plateau (about 1 kg of tumour); used with growth gompertz only', source: 'Norton L (1988) Cancer Res 48:7067 (Gompertzian growth of human breast cancers); as the tissue mechanism', section: 'not in parameters.md (§11.3 lists Gompertz growth)', tag: 'R' },
  },
  mir141: {
    k_sec: { value: BM.k_sec, unit: 'exosome/h/cell', description: 'exosomes secreted per tumour cell', source: 'Chiu 2016 (biomarker mechanism default)', section: '§1.3, §0 #6', tag: 'S2' },
    copies_per_EV: { value: BM.copies_per_EV, unit: 'molecule/exosome', description: 'miRNA copies per exosome (most abundant miRNA)', source: 'Chevillet 2014', section: '§2.1, §0 #12', tag: 'S' },
    f_blood: { value: BM.f_blood, unit: 'dimensionless', description: 'fraction of the shed marker reaching blood (f_t)', source: HG, section: '§6', tag: 'S2' },
    f_EV: { value: BM.f_EV, unit: 'dimensionless', description: 'fraction of tumour-derived plasma miRNA inside exosomes (steady state)', source: 'Chevillet 2014; Arroyo 2011', section: '§2.1, §0 #13', tag: 'R' },
    t_half_EV: { value: BM.t_half_EV_h, unit: 'h', description: 'plasma half-life of exosome-borne miRNA (exosome beta phase, mouse)', source: 'Kim 2019 (biomarker mechanism default 5 h)', section: '§1.5, §0 #10', tag: 'S2' },
    t_half_free: { value: BM.t_half_free_d, unit: 'day', description: 'plasma half-life of tumour-derived free miRNA', source: 'derived from Kelly 2015 (back to normal at day 10): t1/2 <~ 1-2 d (biomarker mechanism default)', section: '§6', tag: 'D' },
    bg_conc: { value: BM.bg_conc, unit: 'copies/mL', description: 'healthy median plasma level of the miRNA', source: 'biomarker mechanism default (recalled; not in parameters.md)', section: 'not in parameters.md', tag: 'R' },
    bg_sigma: { value: BM.bg_sigma, unit: 'dimensionless', description: 'between-person log-SD of the healthy level', source: 'biomarker mechanism default (recalled)', section: 'not in parameters.md', tag: 'R' },
    z_normal: { value: BM.z_normal, unit: 'dimensionless', description: 'upper limit of normal in healthy log-SDs (1.645 = 95th percentile); cut-off = bg_conc exp(z_normal bg_sigma)', source: 'assay convention', section: 'assumption', tag: 'D' },
    lod_reaction: { value: BM.lod_reaction, unit: 'copies/reaction', description: 'qPCR detection limit per reaction', source: 'practical qPCR LOD 10-100 copies/reaction', section: '§6', tag: 'R' },
    plasma_per_reaction: { value: BM.plasma_per_reaction_uL, unit: 'uL', description: 'plasma equivalent per qPCR reaction', source: 'protocol (recalled)', section: 'assumption', tag: 'R' },
    V_plasma: { value: 3150, unit: 'mL', description: 'plasma volume', source: HG, section: '§6, §1.4', tag: 'S2' },
    k_gr: { value: 5.78e-3, unit: '1/day', description: 'exponential tumour growth rate (doubling 120 d; the only growth rate in parameters.md, measured for ovarian cancer)', source: HG, section: '§6', tag: 'S2' },
    N0: { value: 1, unit: 'cell', description: 'cells at t = 0', source: 'Hori & Gambhir 2011 (growth from one cell)', section: '§6', tag: 'S' },
    V_cell: { value: 1000, unit: 'um^3', description: 'tumour volume per cell (1e9 cells per cm3, the rule of thumb of the biomarker mechanism and the mitchell2008-mir141 scenario)', source: 'rule of thumb (recalled); BioNumbers 500-5000 um^3', section: '§1.2', tag: 'R' },
    K_cap: { value: 1e12, unit: 'cell', description: 'Gompertz plateau (about 1 kg of tumour); used with growth gompertz only', source: 'Norton L (1988) Cancer Res 48:7067 (Gompertzian growth of human breast cancers); as the tissue mechanism', section: 'not in parameters.md (§11.3 lists Gompertz growth)', tag: 'R' },
  },
};

export interface Pool {
  id: string;
  /** Amount shed into plasma per tumour cell per day (marker unit/day/cell). */
  shed: number;
  /** Clearance rate constant (1/day). */
  k: number;
}

/** A marker model in days, mL and the marker's amount unit. */
export interface MarkerModel {
  marker: MarkerId;
  measure: Measure;
  /** Amount unit ('U' or 'copies'). */
  unit: string;
  params: Record<string, number>;
  pools: Pool[];
  V: number;
  /** Healthy median measured level (unit/mL). */
  bgMedian: number;
  bgSigma: number;
  /** Assay cut-off / upper limit of normal of the measured level (unit/mL). */
  cutoff: number;
  /** Assay detection limit (unit/mL). */
  lod: number;
  /** Per-capita growth rate at N0 (1/day): k_gr. */
  g: number;
  N0: number;
  /** um^3 per cell. */
  Vcell: number;
  growth: GrowthLaw;
  /** Gompertz plateau (cells) and rate constant alpha = g / ln(K/N0) (1/day); unused for exponential growth. */
  K: number;
  alpha: number;
}

function liquidBiopsyError(code: string, message: string, hint: string): ExosimError {
  return new ExosimError([diag(code, message, { hint })]);
}

/** Build a marker model from its defaults and overrides (`set`: parameter id -> value in its unit). */
export function markerModel(marker: MarkerId, set: Record<string, number> = {}, measure: Measure = 'total', growth: GrowthLaw = 'exponential'): MarkerModel {
  const docs = MARKER_PARAMS[marker];
  if (!docs) throw liquidBiopsyError('E_LB_MARKER', `unknown marker '${String(marker)}'`, `use one of: ${Object.keys(MARKER_PARAMS).join(', ')}`);
  if (!GROWTH_LAWS.includes(growth)) throw liquidBiopsyError('E_LB_GROWTH', `unknown growth law '${String(growth)}'`, `use one of: ${GROWTH_LAWS.join(', ')}`);
  for (const [id, v] of Object.entries(set)) {
    if (!(id in docs)) throw liquidBiopsyError('E_LB_PARAM', `marker ${marker} has no parameter '${id}'`, `settable parameters: ${Object.keys(docs).join(', ')}`);
    if (!Number.isFinite(v) || v < 0 || (v === 0 && !['bg_sigma', 'bg_conc', 'k_gr', 'z_normal'].includes(id))) {
      throw liquidBiopsyError('E_LB_PARAM', `parameter ${id} must be ${['bg_sigma', 'bg_conc', 'k_gr', 'z_normal'].includes(id) ? 'non-negative' : 'positive'}, got ${v}`, `give e.g. --set ${id}=${docs[id]!.value}`);
    }
  }
  const p: Record<string, number> = {};
  for (const [id, d] of Object.entries(docs)) p[id] = set[id] ?? d.value;
  const P = (id: string) => p[id]!;
  if (growth === 'gompertz' && !(P('K_cap') > P('N0'))) {
    throw liquidBiopsyError('E_LB_PARAM', `Gompertz growth needs K_cap above N0, got K_cap ${P('K_cap')} and N0 ${P('N0')}`, `give e.g. --set K_cap=${docs['K_cap']!.value}`);
  }
  const law = { growth, K: P('K_cap'), alpha: growth === 'gompertz' ? P('k_gr') / Math.log(P('K_cap') / P('N0')) : 0 };
  if (marker === 'ca125') {
    if (measure !== 'total') throw liquidBiopsyError('E_LB_MEASURE', "marker ca125 has no exosomal fraction: --measure ev applies to miRNA markers", 'use --measure total (or leave it out) with --marker ca125');
    const V = P('V_plasma');
    return {
      marker, measure, unit: 'U', params: p, V,
      pools: [{ id: 'plasma', shed: P('f_t') * P('R_t'), k: P('k_e') }],
      bgMedian: P('healthy_influx') / (P('k_e') * V), // steady state of dB/dt = influx - k_e B (U in plasma)
      bgSigma: P('bg_sigma'), cutoff: P('cutoff'), lod: P('lod'), g: P('k_gr'), N0: P('N0'), Vcell: P('V_cell'), ...law,
    };
  }
  if (P('f_EV') > 1) throw liquidBiopsyError('E_LB_PARAM', `parameter f_EV must be at most 1, got ${P('f_EV')}`, 'give a fraction, e.g. --set f_EV=0.1');
  const kEV = LN2 / (P('t_half_EV') / 24); // 1/day
  const kFree = LN2 / P('t_half_free'); // 1/day
  const sEV = P('k_sec') * 24 * P('copies_per_EV') * P('f_blood'); // copies/day/cell reaching blood in exosomes
  const rFree = ((1 - P('f_EV')) / P('f_EV')) * (kFree / kEV); // free copies per EV-borne copy (biomarker mechanism)
  const pools: Pool[] = [{ id: 'EV', shed: sEV, k: kEV }];
  if (measure === 'total') pools.push({ id: 'free', shed: sEV * rFree, k: kFree });
  // healthy background: EV-only measurement sees the same exosomal fraction f_EV of it (assumption)
  const bgMedian = P('bg_conc') * (measure === 'ev' ? P('f_EV') : 1);
  return {
    marker, measure, unit: 'copies', params: p, V: P('V_plasma'), pools,
    bgMedian, bgSigma: P('bg_sigma'), cutoff: bgMedian * Math.exp(P('z_normal') * P('bg_sigma')),
    lod: P('lod_reaction') / (P('plasma_per_reaction') * 1e-3), g: P('k_gr'), N0: P('N0'), Vcell: P('V_cell'), ...law,
  };
}

// ------------------------------------------------------------------------------------------ levels and sizes

/** Step of the Gompertz level integration (days). */
const GOMPERTZ_STEP_DAYS = 1;

/** Per-capita growth rate (1/day) of a tumour of `cells` cells: g (exponential) or alpha ln(K/N) (Gompertz). */
export function growthRateAt(m: MarkerModel, cells: number): number {
  return m.growth === 'gompertz' ? m.alpha * Math.log(m.K / cells) : m.g;
}

/** One exponential-integrator step of the pools M (amounts) over h days from a tumour of N cells growing at rate r. */
function stepPools(m: MarkerModel, M: number[], N: number, r: number, h: number): void {
  m.pools.forEach((p, i) => {
    const decay = Math.exp(-p.k * h);
    // integral over [0, h] of s N e^(r tau) e^(-k (h - tau)) d tau = s N (e^(r h) - e^(-k h)) / (r + k)
    M[i] = M[i]! * decay + (Math.abs(r + p.k) > 1e-300 ? (p.shed * N * (Math.exp(r * h) - decay)) / (r + p.k) : p.shed * N * h);
  });
}

/**
 * March the Gompertz tumour and its plasma pools from t = 0 (N0 cells, empty pools) until `stop(t, level)` is true or
 * t reaches tEnd; returns the last (t, level) and the time and pool amounts before the last step. Steps of at most
 * GOMPERTZ_STEP_DAYS.
 */
function marchGompertz(m: MarkerModel, tEnd: number, stop?: (t: number, level: number) => boolean): { t: number; level: number; prevT: number; prevM: number[] } {
  const M = m.pools.map(() => 0);
  const prevM = m.pools.map(() => 0);
  let t = 0, prevT = 0;
  while (t < tEnd) {
    const h = Math.min(GOMPERTZ_STEP_DAYS, tEnd - t);
    prevT = t;
    for (let i = 0; i < M.length; i++) prevM[i] = M[i]!;
    stepPools(m, M, cellsOfTime(m, t), growthRateAt(m, cellsOfTime(m, t + h / 2)), h);
    t += h;
    if (stop && stop(t, M.reduce((a, b) => a + b, 0) / m.V)) break;
  }
  return { t, level: M.reduce((a, b) => a + b, 0) / m.V, prevT, prevM };
}

/** Tumour-derived plasma level (unit/mL) at time t (days) of growth from N0 cells (exact solution; Gompertz: stepped). */
export function tumourLevel(m: MarkerModel, t: number): number {
  if (m.growth === 'gompertz') return marchGompertz(m, t).level;
  let s = 0;
  for (const p of m.pools) s += (p.shed * m.N0 * (Math.exp(m.g * t) - Math.exp(-p.k * t))) / (m.g + p.k);
  return s / m.V;
}

/**
 * Tumour-derived level per tumour cell (unit/mL/cell) of a growing tumour at quasi-steady state:
 * sum s_i / ((r + k_i) V), with r the per-capita growth rate at `cells` (default N0; the same at every size for
 * exponential growth).
 */
export function levelPerCell(m: MarkerModel, cells = m.N0): number {
  const r = growthRateAt(m, cells);
  return m.pools.reduce((a, p) => a + p.shed / (r + p.k), 0) / m.V;
}

export function cellsOfTime(m: MarkerModel, tDays: number): number {
  if (m.growth === 'gompertz') return m.K * Math.exp(Math.log(m.N0 / m.K) * Math.exp(-m.alpha * tDays));
  return m.N0 * Math.exp(m.g * tDays);
}

export function volumeCm3(m: MarkerModel, cells: number): number {
  return cells * m.Vcell * 1e-12; // um^3 -> cm^3
}

/** Diameter (mm) of the sphere of the tumour's volume. */
export function diameterMm(m: MarkerModel, cells: number): number {
  return 10 * Math.cbrt((6 * volumeCm3(m, cells)) / Math.PI);
}

export function cellsOfDiameter(m: MarkerModel, dMm: number): number {
  return ((Math.PI / 6) * (dMm / 10) ** 3) / (m.Vcell * 1e-12);
}

export interface Detection {
  criterion: Criterion;
  /** Tumour-derived level the criterion needs (unit/mL). */
  threshold: number;
  /** True when this person's background alone meets the criterion (a false positive before any tumour). */
  positiveWithoutTumour: boolean;
  timeDays: number;
  timeYears: number;
  cells: number;
  volumeCm3: number;
  diameterMm: number;
}

/** Tumour-derived level needed for detection by a criterion, for a person with background factor b. */
export function detectionThreshold(m: MarkerModel, criterion: Criterion, bgFactor = 1): number {
  return criterion === 'lod' ? m.lod : m.cutoff - bgFactor * m.bgMedian;
}

/**
 * First detection of a tumour growing from N0 cells: the smallest t with tumourLevel(t) >= threshold (the level
 * rises monotonically; bracketing, then bisection to 1e-10 relative). Infinity when growth is 0 and the
 * steady level stays below the threshold.
 */
export function firstDetection(m: MarkerModel, criterion: Criterion = 'cutoff', bgFactor = 1): Detection {
  const thr = detectionThreshold(m, criterion, bgFactor);
  const at = (t: number): Detection => {
    const cells = cellsOfTime(m, t);
    return { criterion, threshold: thr, positiveWithoutTumour: thr <= 0, timeDays: t, timeYears: t / DAYS_PER_YEAR, cells, volumeCm3: volumeCm3(m, cells), diameterMm: diameterMm(m, cells) };
  };
  if (thr <= 0) return at(0);
  if (m.growth === 'gompertz') return firstDetectionGompertz(m, thr, at);
  let hi = 1;
  while (tumourLevel(m, hi) < thr) {
    hi *= 2;
    if (hi > 1e7) return { ...at(Infinity), cells: Infinity, volumeCm3: Infinity, diameterMm: Infinity };
  }
  let lo = 0;
  while (hi - lo > 1e-10 * hi) {
    const mid = (lo + hi) / 2;
    if (tumourLevel(m, mid) >= thr) hi = mid;
    else lo = mid;
  }
  return at(hi);
}

/**
 * Gompertz: march until the level reaches `thr` (at most 1e7 days), then bisect inside the last step (the step
 * re-taken from its start with a shorter h, to 1e-10 relative). Infinity when the plateau level stays below thr.
 */
function firstDetectionGompertz(m: MarkerModel, thr: number, at: (t: number) => Detection): Detection {
  if (levelPerCell(m, m.K) * m.K * (1 - 1e-12) < thr) return { ...at(Infinity), cells: Infinity, volumeCm3: Infinity, diameterMm: Infinity };
  const crossed = marchGompertz(m, 1e7, (_t, level) => level >= thr);
  if (crossed.level < thr) return { ...at(Infinity), cells: Infinity, volumeCm3: Infinity, diameterMm: Infinity };
  const t0 = crossed.prevT;
  const levelAfter = (h: number): number => {
    const M = [...crossed.prevM];
    stepPools(m, M, cellsOfTime(m, t0), growthRateAt(m, cellsOfTime(m, t0 + h / 2)), h);
    return M.reduce((a, b) => a + b, 0) / m.V;
  };
  let lo = 0, hi = crossed.t - t0;
  while (hi - lo > 1e-10 * (t0 + hi)) {
    const mid = (lo + hi) / 2;
    if (levelAfter(mid) >= thr) hi = mid;
    else lo = mid;
  }
  return at(t0 + hi);
}

export interface ScanPoint {
  x: number;
  diameterMm: number;
  timeYears: number;
  cells: number;
}

/** Diameter and growth time at first detection as one parameter varies over `values` (other parameters fixed). */
export function detectionScan(marker: MarkerId, param: string, values: readonly number[], criterion: Criterion, set: Record<string, number> = {}, measure: Measure = 'total', growth: GrowthLaw = 'exponential'): ScanPoint[] {
  return values.map((x) => {
    const d = firstDetection(markerModel(marker, { ...set, [param]: x }, measure, growth), criterion);
    return { x, diameterMm: d.diameterMm, timeYears: d.timeYears, cells: d.cells };
  });
}

// ------------------------------------------------------------------------------------------ resection

export interface ResectionResult {
  burdenCm3: number;
  cells: number;
  baseline: number;
  preOp: number;
  /** Days after surgery until the level is within 10 % of the person's own baseline (excess <= 0.1 baseline). */
  daysToBaseline: number;
  /** Days until the level is below the cut-off (0 if it never was above). */
  daysBelowCutoff: number;
  cutoff: number;
  t: number[];
  level: number[];
}

/** Tumour-derived excess after resection of a growing tumour of `cells` cells: sum M_i(0) exp(-k_i t) / V. */
export function excessAfterResection(m: MarkerModel, cells: number, t: number): number {
  const r = growthRateAt(m, cells);
  let s = 0;
  for (const p of m.pools) s += ((p.shed * cells) / (r + p.k)) * Math.exp(-p.k * t);
  return s / m.V;
}

function solveDown(f: (t: number) => number, level: number): number {
  if (f(0) <= level) return 0;
  let hi = 1;
  while (f(hi) > level) {
    hi *= 2;
    if (hi > 1e7) return Infinity;
  }
  let lo = 0;
  while (hi - lo > 1e-10 * hi) {
    const mid = (lo + hi) / 2;
    if (f(mid) <= level) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Resection (t = 0) of a tumour of `burdenCm3` in a person with background factor b; level followed for `days`. */
export function resection(m: MarkerModel, burdenCm3: number, opts: { bgFactor?: number; days?: number; points?: number } = {}): ResectionResult {
  const b = opts.bgFactor ?? 1;
  const days = opts.days ?? 20;
  const n = opts.points ?? 201;
  const cells = burdenCm3 / (m.Vcell * 1e-12);
  const baseline = b * m.bgMedian;
  const f = (t: number) => excessAfterResection(m, cells, t);
  const t = Array.from({ length: n }, (_, i) => (days * i) / (n - 1));
  return {
    burdenCm3, cells, baseline, preOp: baseline + f(0), cutoff: m.cutoff,
    daysToBaseline: baseline > 0 ? solveDown(f, 0.1 * baseline) : Infinity,
    daysBelowCutoff: solveDown((x) => baseline + f(x), m.cutoff),
    t, level: t.map((x) => baseline + f(x)),
  };
}

// ------------------------------------------------------------------------------------------ cohort and ROC

export interface CohortOptions {
  n: number;
  seed: number;
  /** Patients' tumour burden: lognormal median (cm3) and log-SD. */
  burdenMedianCm3?: number;
  burdenLogSd?: number;
  /** Between-patient log-SD of the shedding per cell (tumour heterogeneity). */
  shedLogSd?: number;
}

export interface RocPoint {
  threshold: number;
  sensitivity: number;
  specificity: number;
}

export interface CohortResult {
  n: number;
  seed: number;
  burdenMedianCm3: number;
  burdenLogSd: number;
  shedLogSd: number;
  patients: number[];
  healthy: number[];
  auc: number;
  /** At the assay cut-off (upper limit of normal). */
  atCutoff: { threshold: number; sensitivity: number; specificity: number };
  /** At the assay detection limit of the measured level. */
  atLod: { threshold: number; sensitivity: number; specificity: number };
  roc: RocPoint[];
}

/** Standard normal draw (Box-Muller) from a seeded stream. */
function normal(stream: { next(): number }): number {
  const u = 1 - stream.next(); // (0, 1]
  const v = stream.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** AUC = P(X > Y) + P(X = Y)/2 by ranks (Mann-Whitney U / (n_x n_y)). */
export function aucOf(pos: readonly number[], neg: readonly number[]): number {
  const all = [...pos.map((v) => ({ v, p: 1 })), ...neg.map((v) => ({ v, p: 0 }))].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.v === all[i]!.v) j++;
    const avg = (i + 1 + j) / 2; // mean rank of the tie block
    for (let k = i; k < j; k++) if (all[k]!.p) rankSum += avg;
    i = j;
  }
  const np = pos.length, nn = neg.length;
  return (rankSum - (np * (np + 1)) / 2) / (np * nn);
}

/** ROC curve (sensitivity, specificity at each distinct threshold; positive = level >= threshold). */
export function rocCurve(pos: readonly number[], neg: readonly number[]): RocPoint[] {
  const ts = [...new Set([...pos, ...neg])].sort((a, b) => b - a);
  const P = [...pos].sort((a, b) => a - b), N = [...neg].sort((a, b) => a - b);
  const countGe = (arr: number[], t: number) => { // binary search: entries >= t
    let lo = 0, hi = arr.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid]! >= t) hi = mid; else lo = mid + 1; }
    return arr.length - lo;
  };
  const pts: RocPoint[] = [{ threshold: Infinity, sensitivity: 0, specificity: 1 }];
  for (const t of ts) pts.push({ threshold: t, sensitivity: countGe(P, t) / P.length, specificity: 1 - countGe(N, t) / N.length });
  return pts;
}

function rates(pos: readonly number[], neg: readonly number[], t: number) {
  return { threshold: t, sensitivity: pos.filter((v) => v >= t).length / pos.length, specificity: neg.filter((v) => v < t).length / neg.length };
}

/**
 * A seeded virtual cohort of n patients and n healthy people. Person i of the patients uses the random stream
 * (seed, i), healthy person i the stream (seed, n + i): background factor b = exp(sigma z1); patients also have a
 * burden = median exp(burdenLogSd z2) and a shedding factor exp(shedLogSd z3). Level = b B + burden-cells x level
 * per cell x shedding factor (quasi-steady state of a growing tumour).
 */
export function cohort(m: MarkerModel, o: CohortOptions): CohortResult {
  if (!Number.isSafeInteger(o.n) || o.n < 2) throw liquidBiopsyError('E_LB_COHORT', `cohort size must be an integer >= 2, got ${o.n}`, 'give e.g. --n 500');
  const med = o.burdenMedianCm3 ?? 1, lsd = o.burdenLogSd ?? 1.2, ssd = o.shedLogSd ?? 0;
  const patients: number[] = [], healthy: number[] = [];
  for (let i = 0; i < o.n; i++) {
    const s = replicateStream(o.seed, i);
    const b = Math.exp(m.bgSigma * normal(s));
    const burden = med * Math.exp(lsd * normal(s));
    const shed = Math.exp(ssd * normal(s));
    const cells = burden / (m.Vcell * 1e-12);
    patients.push(b * m.bgMedian + cells * levelPerCell(m, cells) * shed);
  }
  for (let i = 0; i < o.n; i++) healthy.push(Math.exp(m.bgSigma * normal(replicateStream(o.seed, o.n + i))) * m.bgMedian);
  return {
    n: o.n, seed: o.seed, burdenMedianCm3: med, burdenLogSd: lsd, shedLogSd: ssd, patients, healthy,
    auc: aucOf(patients, healthy), atCutoff: rates(patients, healthy, m.cutoff), atLod: rates(patients, healthy, m.lod), roc: rocCurve(patients, healthy),
  };
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
