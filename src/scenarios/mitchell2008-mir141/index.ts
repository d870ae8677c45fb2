/**
 * Scenario mitchell2008-mir141 (SYSTEM.md experiments table): tumour-derived miR-141 in the serum of prostate
 * cancer patients vs healthy men (Mitchell et al. 2008 PNAS 105:10513), in xenografted mice, and its fall after
 * radical prostatectomy (Kelly et al. 2015 J Clin Med 4:1369; Aushev et al. 2013 PLoS One for lung cancer).
 *
 * Model: a tumour (tissue module, exponential growth at the Hori & Gambhir rate) sheds miR-141 into plasma
 * (biomarker module: exosome-borne + free miRNA, healthy background, assay LOD, normal range). The tumour cell count
 * drives the shedding through a host parameter N_shed = tumour.N_total / (1 cell); resection sets the tumour's
 * cells to 0 at t_surgery.
 *
 * Cohort (Mitchell: 25 patients, 25 healthy men): between-person variability of the healthy background (lognormal,
 * log-SD bm.bg_sigma) and of the patients' tumour burden (lognormal, median 1 cm3, log-SD 1.2: an assumption, the
 * paper does not give burdens), drawn by Latin-hypercube sampling from a generator seeded by `seed`; each person is
 * one ODE run of the same model (overrides tumour.N0_A and bm.bg_factor).
 */
import type * as vl from 'vega-lite';
import type { ModelDoc } from '../../model/types.js';
import { EXOSIM_VERSION } from '../../version.js';
import { mechanism as biomarker } from '../../mechanisms/biomarker/index.js';
import { mechanism as tissue } from '../../mechanisms/tissue/index.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioRunOptions, ScenarioSeries } from '../types.js';
import { checkRange, column, compileDoc, crossingTime, runCondition, valueAt } from '../support.js';

const ID = 'mitchell2008-mir141';
const CELLS_PER_CM3 = 1e9; // rule of thumb (1 cm3 of tumour ~ 1e9 cells); R
/** Mitchell 2008's design: 25 patients, 25 healthy men. */
const N_STUDY = 25;
/** Virtual cohort per group (larger than the study, so that the model's AUC and sensitivity are not sampling noise). */
const N_VIRTUAL = 200;
/** Patients' tumour burden: lognormal, median and log-SD (assumption; Mitchell 2008 does not report burdens). */
const BURDEN_MEDIAN_CM3 = 1;
const BURDEN_LOGSD = 1.2;
/** Pre-operative observation before resection, days (protocol of the time course). */
const T_SURGERY = 5;
const T_AFTER = 20;

function model(): ModelDoc {
  return {
    exosim: '1',
    id: 'mitchell2008_mir141',
    name: 'Circulating tumour-derived miR-141: prostate cancer vs healthy men, tumour burden and prostatectomy',
    units: { time: 'day', substance: 'molecule', volume: 'mL' },
    compartments: [
      { id: 'plasma', size: 3150, unit: 'mL', description: 'plasma of an adult (Hori & Gambhir 2011, parameters.md §6); mouse 1 mL' },
      { id: 'prostate', size: 20, unit: 'mL', description: 'organ holding the primary tumour (size not used by the rates)' },
    ],
    parameters: [
      { id: 'one_cell', value: 1, unit: 'cell', description: 'unit conversion: cells -> dimensionless cell number', source: { citation: 'unit conversion (no source needed)', tag: 'D', confidence: 'high' }, confidence: 'high', range: [1, 1] },
      { id: 'N_shed', unit: 'dimensionless', description: 'tumour cells shedding miR-141 (assignment rule: tumour.N_total / one_cell)' },
      {
        id: 't_surgery', value: 1e6, unit: 'day', range: [0, 1e6], description: 'time of radical prostatectomy (1e6 = no surgery)',
        source: { citation: 'protocol (Kelly 2015: radical retropubic prostatectomy, serum at day 10)', tag: 'D', confidence: 'high' }, confidence: 'high',
      },
    ],
    rules: [{ type: 'assignment', variable: 'N_shed', formula: 'tumour.N_total / one_cell' }],
    modules: [tissue.module({ growth: 'exponential' }), biomarker.module({ initial: 'steady-state' })],
    instances: [
      { id: 'tumour', module: 'tissue', bind: { site: 'prostate' }, set: { N0_A: BURDEN_MEDIAN_CM3 * CELLS_PER_CM3 } },
      { id: 'bm', module: 'biomarker', bind: { medium: 'plasma', N_tumour: 'N_shed' } },
    ],
    events: [{ id: 'prostatectomy', name: 'radical prostatectomy removes the tumour', trigger: 'time >= t_surgery', assignments: [{ variable: 'tumour.N_A', formula: '0' }] }],
  };
}

// ------------------------------------------------------------------------------------------ cohort sampling

/** mulberry32: a small seeded generator (the scenario's only source of randomness, driven by `seed`). */
function generator(seed: number): () => number {
  let a = (seed >>> 0) + 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** n standard-normal draws by Latin-hypercube sampling (one per probability stratum, shuffled). */
function lhsNormal(n: number, rnd: () => number): number[] {
  const z = Array.from({ length: n }, (_, i) => normalQuantile((i + rnd()) / n));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [z[i], z[j]] = [z[j]!, z[i]!];
  }
  return z;
}

/** Area under the ROC curve (Mann-Whitney): P(patient > healthy) + 0.5 P(tie). */
export function rocAuc(pos: number[], neg: number[]): number {
  let s = 0;
  for (const p of pos) for (const q of neg) s += p > q ? 1 : p === q ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

// ------------------------------------------------------------------------------------------ run

async function run(opts: ScenarioRunOptions): Promise<ScenarioResult> {
  const { set, seed } = opts;
  const compiled = compileDoc(model());
  const series: Record<string, ScenarioSeries> = {};
  const checks: ScenarioCheck[] = [];
  const level = 'bm.plasma_copies_per_mL';

  // Every condition applies the user's --set on top (runCondition throws E_UNKNOWN_OVERRIDE for unknown ids).
  const person = (burdenCm3: number, bgFactor: number, extra: Record<string, number> = {}) =>
    runCondition(compiled, { tEnd: 1, steps: 1, overrides: { 'tumour.N0_A': burdenCm3 * CELLS_PER_CM3, 'bm.bg_factor': bgFactor, ...extra }, set });

  // Reference run (defaults + set): background median, ULN and LOD as the model computes them.
  const ref = person(0, 1);
  const bgMedian = valueAt(ref, level, 1);
  const ULN = valueAt(ref, 'bm.upper_limit_normal', 1);
  const sigma = set['bm.bg_sigma'] ?? 0.7;

  // ---- 1. Cohort: 25 patients vs 25 healthy men (Mitchell 2008)
  const rnd = generator(seed);
  const zBurden = lhsNormal(N_VIRTUAL, rnd);
  const zBgP = lhsNormal(N_VIRTUAL, rnd);
  const zBgH = lhsNormal(N_VIRTUAL, rnd);
  const patients = zBurden.map((zb, i) => valueAt(person(BURDEN_MEDIAN_CM3 * Math.exp(BURDEN_LOGSD * zb), Math.exp(sigma * zBgP[i]!)), level, 1));
  const healthy = zBgH.map((z) => valueAt(person(0, Math.exp(sigma * z)), level, 1));
  const auc = rocAuc(patients, healthy);
  // 100 % specificity in a study of 25 controls = above the highest of 25 controls, whose expected quantile is
  // 25/26 of the healthy distribution (order statistics): the threshold is that quantile of the virtual healthy men.
  const sortedH = [...healthy].sort((a, b) => a - b);
  const maxHealthy = sortedH[Math.min(sortedH.length - 1, Math.floor((N_STUDY / (N_STUDY + 1)) * sortedH.length))]!;
  const sens100 = patients.filter((p) => p > maxHealthy).length / patients.length;
  checks.push(
    checkRange('serum miR-141 separates prostate cancer patients from healthy men (ROC AUC)', 'Mitchell 2008: AUC 0.907 for 25 patients vs 25 controls (parameters.md §6, R med); 95 % CI of an AUC of 0.9 with 25 + 25 is about 0.80-0.98', auc, 0.8, 0.98,
      `virtual cohort of ${N_VIRTUAL} + ${N_VIRTUAL} men (Latin-hypercube, seed ${seed}): patients' tumour burden lognormal (median ${BURDEN_MEDIAN_CM3} cm3, log-SD ${BURDEN_LOGSD}), backgrounds lognormal (log-SD ${sigma}); AUC = P(patient > healthy)`),
    checkRange('sensitivity at 100 % specificity', 'Mitchell 2008: 60 % (15 of 25 patients above every control); binomial 95 % CI for 25 patients about 0.39-0.79', sens100, 0.39, 0.79,
      `fraction of simulated patients above the expected highest of ${N_STUDY} healthy levels (the ${N_STUDY}/${N_STUDY + 1} quantile of the virtual healthy men, ${maxHealthy.toExponential(2)} copies/mL)`),
  );
  series['cohort/patients'] = { x: patients.map((_, i) => i + 1), y: patients, xLabel: 'person', yLabel: 'serum miR-141 (copies/mL)', condition: 'prostate cancer patients' };
  series['cohort/healthy'] = { x: healthy.map((_, i) => i + 1), y: healthy, xLabel: 'person', yLabel: 'serum miR-141 (copies/mL)', condition: 'healthy men' };

  // ---- 2. Level tracks tumour burden (Mitchell 2008 xenografts; a median-background man)
  const burdens = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const byBurden = burdens.map((b) => valueAt(person(b, 1), level, 1));
  const monotone = byBurden.every((v, i) => i === 0 || v > byBurden[i - 1]!);
  const excess = byBurden.map((v) => v - bgMedian);
  const slope = (Math.log(excess[excess.length - 1]!) - Math.log(excess[0]!)) / (Math.log(burdens[burdens.length - 1]!) - Math.log(burdens[0]!));
  // smallest burden above the upper limit of normal (bisection on log burden, each step a simulation)
  let lo = Math.log(1e-3), hi = Math.log(100);
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (valueAt(person(Math.exp(mid), 1), level, 1) > ULN) hi = mid;
    else lo = mid;
  }
  const burdenAtULN = Math.exp(hi);
  checks.push({
    name: 'serum miR-141 rises with tumour burden',
    expected: 'Mitchell 2008: tumour-derived miRNAs in plasma of xenografted mice rise with the tumour (level tracks burden)',
    observed: byBurden,
    pass: monotone && slope > 0.9 && slope < 1.1,
    detail: `plasma copies/mL for tumour burdens ${burdens.join(', ')} cm3 (median background); tumour-derived excess scales with burden^${slope.toFixed(3)}; a median-background man exceeds the upper limit of normal (${ULN.toExponential(2)} copies/mL) from ${burdenAtULN.toFixed(2)} cm3 of tumour`,
  });
  series['burden/level'] = { x: burdens, y: byBurden, xLabel: 'tumour burden (cm3)', yLabel: 'serum miR-141 (copies/mL)', condition: 'median-background man' };

  // ---- 3. Xenografted vs control mice (human-specific tumour miRNA: no background in the mouse; 1 mL plasma)
  const mouse = { plasma: 1, 'bm.bg_factor': 0 };
  const xeno = [0.1, 0.3, 1].map((b) => person(b, 0, mouse));
  const ctrl = person(0, 0, mouse);
  const xenoDetected = xeno.every((r) => valueAt(r, 'bm.detected', 1) === 1);
  const ctrlDetected = valueAt(ctrl, 'bm.detected', 1) === 1;
  checks.push({
    name: 'tumour-derived miRNA distinguishes xenografted mice from controls',
    expected: 'Mitchell 2008: xenograft-derived (human) miRNAs are readily measured in mouse plasma and robustly distinguish xenografted mice from controls',
    observed: [...xeno.map((r) => valueAt(r, level, 1)), valueAt(ctrl, level, 1)],
    pass: xenoDetected && !ctrlDetected,
    detail: `plasma copies/mL in mice with 0.1, 0.3, 1 cm3 xenografts and a control mouse; assay LOD ${valueAt(ctrl, 'bm.detection_limit', 1).toExponential(2)} copies/mL`,
  });

  // ---- 4. Fall after radical prostatectomy (Kelly 2015: back to normal at day 10)
  const steps = (T_SURGERY + T_AFTER) * 10;
  const course = (burden: number) => runCondition(compiled, { tEnd: T_SURGERY + T_AFTER, steps, overrides: { 'tumour.N0_A': burden * CELLS_PER_CM3, t_surgery: T_SURGERY }, set });
  const med = course(BURDEN_MEDIAN_CM3);
  const big = course(BURDEN_MEDIAN_CM3 * Math.exp(1.2816 * BURDEN_LOGSD)); // the cohort's 90th percentile
  const baseline = bgMedian;
  const preOp = valueAt(med, level, T_SURGERY - 0.1);
  const tBaseline = crossingTime(med, level, 1.1 * baseline, 'down') - T_SURGERY;
  const tNormal = crossingTime(med, level, ULN, 'down') - T_SURGERY;
  const day10 = valueAt(med, level, T_SURGERY + 10);
  checks.push({
    name: 'serum miR-141 falls to baseline within about 10 days after prostatectomy',
    expected: 'Kelly 2015: miR-141 "returned to normal at day 10" after radical prostatectomy (20 patients); parameters.md §6',
    observed: [tBaseline, tNormal],
    pass: Number.isFinite(tBaseline) && tBaseline > 0 && tBaseline <= 10 && preOp > ULN && day10 < 1.1 * baseline,
    detail: `days after surgery until the level is within 10 % of the man's own baseline (${baseline.toExponential(2)} copies/mL) and until it is below the upper limit of normal (${ULN.toExponential(2)}); pre-operative level ${preOp.toExponential(2)} copies/mL, day 10 ${day10.toExponential(2)} (median patient, ${BURDEN_MEDIAN_CM3} cm3)`,
  });
  const shift = (r: typeof med, cond: string): ScenarioSeries => ({
    x: Array.from(r.time, (t) => t - T_SURGERY), y: column(r, level), xLabel: 'days after prostatectomy', yLabel: 'serum miR-141 (copies/mL)', condition: cond,
  });
  series['timecourse/median'] = shift(med, `patient, ${BURDEN_MEDIAN_CM3} cm3 tumour`);
  series['timecourse/large'] = shift(big, `patient, ${(BURDEN_MEDIAN_CM3 * Math.exp(1.2816 * BURDEN_LOGSD)).toFixed(1)} cm3 tumour`);
  series['timecourse/ULN'] = { x: [-T_SURGERY, T_AFTER], y: [ULN, ULN], xLabel: 'days after prostatectomy', yLabel: 'serum miR-141 (copies/mL)', condition: 'upper limit of normal' };

  return { id: ID, citation: scenario.citation, checks, series, record: { set: { ...set }, seed, exosimVersion: EXOSIM_VERSION } };
}

// ------------------------------------------------------------------------------------------ plot

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const course: { t: number; v: number; c: string }[] = [];
  for (const key of ['timecourse/median', 'timecourse/large']) {
    const s = result.series[key];
    if (s) s.x.forEach((t, i) => course.push({ t, v: s.y[i]!, c: s.condition }));
  }
  const uln = result.series['timecourse/ULN']?.y[0] ?? 0;
  const cohort: { g: string; v: number }[] = [];
  for (const key of ['cohort/patients', 'cohort/healthy']) {
    const s = result.series[key];
    if (s) s.y.forEach((v) => cohort.push({ g: s.condition, v }));
  }
  const yLog = { type: 'log' as const };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Mitchell 2008 / Kelly 2015: circulating tumour-derived miR-141',
    background: 'white',
    config: { font: 'DejaVu Sans' },
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      {
        width: 560, height: 220,
        title: 'Serum miR-141 after radical prostatectomy (day 0)',
        layer: [
          {
            data: { values: course },
            mark: { type: 'line' },
            encoding: {
              x: { field: 't', type: 'quantitative', title: 'days after prostatectomy' },
              y: { field: 'v', type: 'quantitative', title: 'serum miR-141 (copies/mL)', scale: yLog },
              color: { field: 'c', type: 'nominal', title: 'condition', legend: { labelLimit: 300 } },
            },
          },
          { data: { values: [{ t: 0 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: 'black' }, encoding: { x: { field: 't', type: 'quantitative' } } },
          { data: { values: [{ v: uln }] }, mark: { type: 'rule', strokeDash: [2, 2], color: 'grey' }, encoding: { y: { field: 'v', type: 'quantitative' } } },
        ],
      },
      {
        width: 560, height: 220,
        title: `Prostate cancer patients vs healthy men (virtual cohort, ${N_VIRTUAL} + ${N_VIRTUAL})`,
        layer: [
          {
            data: { values: cohort },
            mark: { type: 'boxplot', extent: 'min-max' },
            encoding: {
              x: { field: 'g', type: 'nominal', title: 'group', axis: { labelAngle: 0, labelLimit: 300 } },
              y: { field: 'v', type: 'quantitative', title: 'serum miR-141 (copies/mL)', scale: yLog },
              color: { field: 'g', type: 'nominal', title: 'group', legend: { labelLimit: 300 } },
            },
          },
          { data: { values: [{ v: uln }] }, mark: { type: 'rule', strokeDash: [2, 2], color: 'grey' }, encoding: { y: { field: 'v', type: 'quantitative' } } },
        ],
      },
    ],
  } as vl.TopLevelSpec;
}

export const scenario: Scenario = {
  id: ID,
  title: 'Circulating tumour-derived miR-141 in prostate cancer: patients vs healthy men, tumour burden, fall after surgery',
  citation: 'Mitchell PS, Parkin RK, Kroh EM, et al. (2008) Circulating microRNAs as stable blood-based markers for cancer detection. PNAS 105:10513-10518. doi:10.1073/pnas.0804549105',
  references: [
    'Kelly BD, Miller N, Sweeney KJ, et al. (2015) A circulating microRNA signature as a biomarker for prostate cancer in a high risk group. J Clin Med 4:1369-1379.',
    'Aushev VN, Zborovskaya IB, Laktionov KK, et al. (2013) Comparisons of microRNA patterns in plasma before and after tumor removal reveal new biomarkers of lung squamous cell carcinoma. PLoS One 8:e78649.',
    'Hori SS, Gambhir SS (2011) Mathematical model identifies blood biomarker-based early cancer detection strategies and limitations. Sci Transl Med 3:109ra116.',
    'Chevillet JR, et al. (2014) PNAS 111:14888 (miRNA copies per exosome).',
  ],
  claim: 'Tumour-derived miR-141 enters the circulation: its serum level separates prostate cancer patients from healthy men (AUC 0.907), rises with tumour burden (xenografts) and returns to normal within about 10 days after radical prostatectomy.',
  mechanisms: ['tissue', 'biomarker'],
  protocol: [
    `A virtual cohort of ${N_VIRTUAL} prostate cancer patients and ${N_VIRTUAL} healthy men (Mitchell 2008 studied ${N_STUDY} + ${N_STUDY}): each man's healthy background is lognormal around the median (log-SD bm.bg_sigma), each patient's tumour burden lognormal (median ${BURDEN_MEDIAN_CM3} cm3, log-SD ${BURDEN_LOGSD}; 1e9 cells per cm3); Latin-hypercube draws from a generator seeded by the run seed; serum miR-141 at steady state.`,
    'Tumour burden series 0.01-10 cm3 for a man with median background; xenografted mice (1 mL plasma, human-specific miRNA without mouse background) with 0.1, 0.3 and 1 cm3 tumours vs a control mouse.',
    `Time course: a patient with a ${BURDEN_MEDIAN_CM3} cm3 tumour (and one at the cohort's 90th percentile) undergoes radical prostatectomy (all tumour cells removed) after ${T_SURGERY} days; serum miR-141 followed for ${T_AFTER} days (Kelly 2015 sampled day 10).`,
  ],
  keyParameters: ['bm.t_half_free', 'bm.copies_per_EV', 'bm.f_blood', 'bm.bg_conc', 'bm.bg_sigma', 'bm.f_EV', 'bm.t_half_EV'],
  model,
  run,
  plot,
};
