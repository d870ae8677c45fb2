/**
 * Scenario melo2014-patient-sera (SYSTEM.md experiments table): exosomes from the sera of 11 breast cancer patients
 * and 8 healthy donors; patients' sera hold more exosomes, only patients' exosomes mature pre-miRNAs, and the exosomes
 * of 5 of 11 patients (0 of 8 donors) made co-injected MCF-10A cells form tumours (Melo et al. 2014 Cancer Cell
 * 26:707; NEJM note, seed 001).
 *
 * One individual = one simulation of the model composed from src/mechanisms:
 *   inoculum: EV = EV_serum · EV_fold · V_serum exosomes carrying m_EV·cargo_scale mature and r_pre·m_EV·cargo_scale
 *             pre-miR-21 copies each;
 *   exosome-maturation: pre -> mature at k_dice_EV · exo_dicer, exo_dicer = exo_dicer_tumour · is_patient ·
 *             max(0, 1 - 1/EV_fold) (the exosomes in excess of the healthy level are tumour-derived and carry Dicer);
 *   uptake: N_recip MCF-10A cells take the exosomes up, f_escape of the cargo reaches the cytosol;
 *   biogenesis (recipient, k_tx = 0): the delivered guide strands load into miRISC and turn over.
 * Tumour: the exosome-derived miR-21 miRISC per MCF-10A cell at 72 h reaches T_transform, the titration threshold of
 * PTEN (README: T = (1 - 1/repression_min) · PTEN mRNA copies, Levine 2007 threshold-linear repression).
 *
 * Between-individual variability: seeded truncated-lognormal sampling of EV_fold, m_EV, r_pre and k_dice_EV (ranges
 * from parameters.md). Many cohorts: the delivered copies are linear in the initial cargo (every rate law of the
 * chain is first order in the cargo), D = M0·a + P0·b(k_eff), with a and b(k_eff) from simulations of the same model
 * on a grid of k_eff; the surrogate is verified against full simulations of the displayed cohort.
 */
import type * as vl from 'vega-lite';
import type { ModelDoc, ParameterDoc } from '../../model/types.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { mechanism as maturation } from '../../mechanisms/exosome-maturation/index.js';
import { mechanism as uptake } from '../../mechanisms/uptake/index.js';
import { mechanism as biogenesis } from '../../mechanisms/biogenesis/index.js';
import { CHEVILLET_COPIES_PER_EV } from '../../mechanisms/sorting/index.js';
import { poissonCargo } from '../../mechanisms/sorting/cargo.js';
import { checkDirection, compileDoc, finalValue, runCondition, valueAt } from '../support.js';
import type { CompiledModel } from '../../compile/types.js';
import { replicateStream } from '../../solvers/stochastic/rng.js';
import { EXOSIM_VERSION } from '../../version.js';
import { bisectLog } from '../../analysis/bisect.js';

const ID = 'melo2014-patient-sera';
const CITATION = 'Melo SA et al. (2014) Cancer exosomes perform cell-independent microRNA biogenesis and promote tumorigenesis. Cancer Cell 26:707-721. doi:10.1016/j.ccell.2014.09.005';

export const N_PATIENTS = 11;
export const N_HEALTHY = 8;
export const OBSERVED_PATIENT_TUMOURS = 5;
export const OBSERVED_HEALTHY_TUMOURS = 0;
/** Simulated cohorts for the distribution of tumour counts (cohort 0 is the displayed one). */
export const N_COHORTS = 4000;
const T_END = 72; // h

// ------------------------------------------------------------------------------------------------ variability

/** A truncated lognormal: median, log-SD, and [lo, hi] (rejection sampling). */
export interface LogNormalSpec {
  median: number;
  sigma: number;
  lo: number;
  hi: number;
  source: string;
}

const LN_RANGE95 = 2 * 1.959964; // a range read as a central 95 % interval spans 2 × 1.96 log-SDs

/** Chevillet 2014: mean 0.00825, SD 0.02 copies/EV across exosome sources -> lognormal with those moments. */
const CV_M = 0.02 / CHEVILLET_COPIES_PER_EV;
const SIGMA_M = Math.sqrt(Math.log(1 + CV_M * CV_M)); // σ² = ln(1 + CV²)
const MEDIAN_M = CHEVILLET_COPIES_PER_EV / Math.sqrt(1 + CV_M * CV_M); // median = mean / sqrt(1 + CV²)

export const VARIABILITY: Record<'EV_fold_patient' | 'EV_fold_healthy' | 'm_EV' | 'r_pre' | 'k_dice_EV', LogNormalSpec> = {
  EV_fold_patient: {
    median: 2, sigma: Math.log(10 / 1) / LN_RANGE95, lo: 1, hi: 10,
    source: 'parameters.md §0 #8 (plasma EV fold increase in cancer 2, range 1-10, R lo-med); range read as a central 95 % interval',
  },
  EV_fold_healthy: {
    median: 1, sigma: Math.log(10 / 1) / LN_RANGE95, lo: 0.1, hi: 10,
    source: 'between-person spread of healthy plasma EV levels taken equal to the patients\' (parameters.md §1.4 gives the healthy level 1e10/mL, no spread); D',
  },
  m_EV: {
    median: MEDIAN_M, sigma: SIGMA_M, lo: 1e-5, hi: 1,
    source: 'Chevillet 2014 (0.00825 ± 0.02 copies/EV across exosome sources, parameters.md §0 #12): lognormal with that mean and SD',
  },
  r_pre: {
    median: 1, sigma: Math.log(10 / 0.1) / LN_RANGE95, lo: 0.1, hi: 10,
    source: 'pre:mature copies in exosomes (sorting module, phi_pre: R, low; range 0.1-10)',
  },
  k_dice_EV: {
    median: Math.LN2 / 24, sigma: Math.log(0.03 / 0.01) / LN_RANGE95, lo: 0.01, hi: 0.03,
    source: 'parameters.md §3 (ln2/24 h) and §10 (0.01-0.03 /h)',
  },
};

/** Standard normal draws from a uniform stream (Box-Muller, one of the pair). */
function normal(u: () => number): number {
  let a = u();
  while (a <= 0) a = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

function drawTruncLogNormal(spec: LogNormalSpec, u: () => number): number {
  for (let i = 0; i < 1000; i++) {
    const x = spec.median * Math.exp(spec.sigma * normal(u));
    if (x >= spec.lo && x <= spec.hi) return x;
  }
  return Math.min(spec.hi, Math.max(spec.lo, spec.median));
}

export interface Individual {
  label: string;
  patient: boolean;
  EV_fold: number;
  m_EV: number;
  r_pre: number;
  k_dice_EV: number;
}

/** Cohort c (seeded): 11 patients then 8 healthy donors; stream = replicateStream(seed, c). */
export function sampleCohort(seed: number, c: number): Individual[] {
  const rng = replicateStream(seed, c);
  const u = (): number => rng.next();
  const out: Individual[] = [];
  for (let j = 0; j < N_PATIENTS + N_HEALTHY; j++) {
    const patient = j < N_PATIENTS;
    out.push({
      label: patient ? `P${j + 1}` : `H${j - N_PATIENTS + 1}`,
      patient,
      EV_fold: drawTruncLogNormal(patient ? VARIABILITY.EV_fold_patient : VARIABILITY.EV_fold_healthy, u),
      m_EV: drawTruncLogNormal(VARIABILITY.m_EV, u),
      r_pre: drawTruncLogNormal(VARIABILITY.r_pre, u),
      k_dice_EV: drawTruncLogNormal(VARIABILITY.k_dice_EV, u),
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ model

function moduleParam(mod: { parameters?: ParameterDoc[] }, id: string): ParameterDoc {
  const p = mod.parameters?.find((x) => x.id === id);
  if (!p) throw new Error(`${ID}: module parameter ${id} missing`);
  return structuredClone(p);
}

function buildModel(): ModelDoc {
  const mat = maturation.module({ evidence: 'melo2014', origin: 'cancer' });
  const exoDicerRef = moduleParam(mat, 'exo_dicer');
  const parameters: ParameterDoc[] = [
    {
      id: 'EV_serum', value: 1e10, unit: 'exosome/mL', range: [1e8, 1e13], confidence: 'medium',
      description: 'plasma/serum exosome concentration of a healthy person',
      source: { citation: 'Johnsen et al. 2019 BBA Rev Cancer ("What is the blood concentration of EVs?"); parameters.md §0 #7, §1.4', tag: 'S', confidence: 'medium' },
    },
    {
      id: 'EV_fold', value: 1, unit: 'dimensionless', range: [0.1, 10], confidence: 'low',
      description: "the individual's serum exosome concentration relative to the healthy median (patients: median 2)",
      source: { citation: 'plasma EV fold increase in cancer 2 (range 1-10), parameters.md §0 #8; Melo 2014: more exosomes in patients\' sera (seed 001)', tag: 'R', confidence: 'low' },
    },
    {
      id: 'is_patient', value: 0, unit: 'dimensionless', range: [0, 1], confidence: 'high',
      description: '1 for a breast cancer patient, 0 for a healthy donor (protocol)',
      source: { citation: 'protocol: 11 patients, 8 healthy donors (Melo 2014, seed 001)', tag: 'D', confidence: 'high' },
    },
    {
      id: 'V_serum', value: 1, unit: 'mL', range: [0.2, 5], confidence: 'low',
      description: 'serum volume the co-injected exosomes were isolated from (protocol assumption)',
      source: { citation: 'not reported in the seeds; protocol assumption of 1 mL of serum per injection', tag: 'R', confidence: 'low' },
    },
    {
      id: 'm_EV', value: CHEVILLET_COPIES_PER_EV, unit: 'molecule/exosome', range: [1e-5, 1], confidence: 'high',
      description: 'mature miR-21 copies per serum exosome (the most abundant miRNA)',
      source: { citation: 'Chevillet et al. 2014 PNAS 111:14888; parameters.md §0 #12 (0.00825 ± 0.02)', tag: 'S', confidence: 'high' },
    },
    {
      id: 'r_pre', value: 1, unit: 'dimensionless', range: [0.1, 10], confidence: 'low',
      description: 'pre-miR-21 copies per exosome relative to mature copies',
      source: { citation: 'Melo 2014 (pre-miRNAs in exosomes, seed 001); the sorting module\'s assumption (phi_pre, R low)', tag: 'R', confidence: 'low' },
    },
    {
      id: 'cargo_scale', value: 1, unit: 'dimensionless', range: [1, 1e5], confidence: 'low',
      description: 'multiplier of the miRNA cargo per exosome (1 = Chevillet 2014); the gap analysis finds the value that reproduces 5/11 tumours',
      source: { citation: 'gap parameter (scenario); 1 = literature default', tag: 'D', confidence: 'low' },
    },
    {
      id: 'exo_dicer_tumour', value: exoDicerRef.value!, unit: 'dimensionless', range: [0, 1], confidence: 'low',
      description: 'Dicer/TRBP/AGO2 activity of tumour-derived exosomes relative to MDA-MB-231 exosomes (0 = blocked)',
      source: exoDicerRef.source!,
    },
    { id: 'exo_dicer', unit: 'dimensionless', description: 'activity of the pooled serum exosomes: exo_dicer_tumour · is_patient · tumour-derived fraction (assignment rule)' },
    moduleParam(mat, 'k_dice_EV'),
    {
      id: 'N_recip', value: 1e6, unit: 'dimensionless', range: [1e5, 1e7], confidence: 'medium',
      description: 'MCF-10A cells co-injected with the exosomes (protocol assumption: a typical xenograft inoculum)',
      source: { citation: 'protocol assumption (1e6 cells per injection); not reported in the seeds', tag: 'R', confidence: 'medium' },
    },
    {
      id: 'tx_PTEN', value: 100, unit: 'molecule/h', range: [10, 1000], confidence: 'low',
      description: 'PTEN mRNA transcription per MCF-10A cell (target of miR-21)',
      source: { citation: 'Mihaila et al. 2017 (mRNA transcription 100 copies/h), parameters.md §5; Meng et al. 2007 (miR-21 targets PTEN), parameters.md §7.3', tag: 'R', confidence: 'low' },
    },
    {
      id: 't_half_PTEN_mRNA', value: 9, unit: 'h', range: [4, 20], confidence: 'high',
      description: 'PTEN mRNA half-life (median mRNA)',
      source: { citation: 'Schwanhäusser et al. 2011 Nature 473:337 (median 9 h); parameters.md §0 #18, §4.3', tag: 'S', confidence: 'high' },
    },
    {
      id: 'repression_min', value: 1.2, unit: 'dimensionless', range: [1.1, 2], confidence: 'medium',
      description: 'PTEN repression (fold) needed for transformation: the lower end of typical miRNA repression',
      source: { citation: 'Baek et al. 2008; Selbach et al. 2008 (typical repression 1.2-2 fold at protein level); parameters.md §0 #20', tag: 'R', confidence: 'medium' },
    },
    { id: 'T_transform', unit: 'molecule', description: 'exosome-derived miRISC per MCF-10A cell needed to transform it (assignment rule, README)' },
  ];
  return {
    exosim: '1',
    id: 'melo2014_patient_sera',
    name: 'Melo 2014: exosomes of patient and donor sera co-injected with MCF-10A cells',
    description: 'Serum exosomes of one individual (maturation of pre-miR-21 inside them), uptake by co-injected MCF-10A cells, loading of the delivered miR-21 into miRISC over 72 h; tumour when miRISC reaches the PTEN titration threshold.',
    units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [
      { id: 'inoculum', size: 0.2, unit: 'mL', description: 'volume of the co-injected cell/exosome suspension (protocol assumption)' },
      { id: 'recipient', size: 1.4, unit: 'pL', description: 'cytoplasm of one MCF-10A cell' },
    ],
    species: [
      { id: 'EV', name: 'serum exosomes in the inoculum', compartment: 'inoculum', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'EV_pre', name: 'pre-miR-21 copies in the exosomes', compartment: 'inoculum', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'EV_miR', name: 'mature miR-21 copies in the exosomes', compartment: 'inoculum', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'EV_endo', name: 'internalised exosomes per MCF-10A cell', compartment: 'recipient', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'miR_endo', name: 'endosomal exosomal miR-21 per MCF-10A cell', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'pre_endo', name: 'endosomal exosomal pre-miR-21 per MCF-10A cell', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'pre_delivered', name: 'exosomal pre-miR-21 delivered to the cytosol per MCF-10A cell (not processed: Melo 2014 Dicer-dependence)', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'miR', name: 'delivered free miR-21 guide strands per MCF-10A cell', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'miRISC', name: 'exosome-derived miR-21 miRISC per MCF-10A cell', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    parameters,
    initialAssignments: [
      { symbol: 'EV', formula: 'EV_serum * EV_fold * V_serum' },
      { symbol: 'EV_miR', formula: 'EV * m_EV * cargo_scale' },
      { symbol: 'EV_pre', formula: 'EV * m_EV * r_pre * cargo_scale' },
    ],
    rules: [
      // tumour-derived fraction of the pooled exosomes: (EV_fold - 1) / EV_fold for patients, 0 for donors
      { type: 'assignment', variable: 'exo_dicer', formula: 'exo_dicer_tumour * is_patient * max(0, 1 - 1 / EV_fold)' },
      // titration threshold (Levine 2007): miRISC ≈ (1 - 1/repression_min) × PTEN mRNA copies (tx · t½ / ln 2)
      { type: 'assignment', variable: 'T_transform', formula: '(1 - 1 / repression_min) * tx_PTEN * t_half_PTEN_mRNA / ln(2)' },
    ],
    modules: [mat, uptake.module({ targeting: 'none', cargo: 'mature+pre' }), biogenesis.module({ pathway: 'canonical' })],
    instances: [
      { id: 'mat', module: 'exosome_maturation', bind: { medium: 'inoculum', EV_pre: 'EV_pre', EV_miR: 'EV_miR', k_dice_EV: 'k_dice_EV', exo_dicer: 'exo_dicer' } },
      { id: 'up', module: 'uptake', bind: { medium: 'inoculum', cell: 'recipient', EV: 'EV', EV_miR: 'EV_miR', EV_endo: 'EV_endo', miR_endo: 'miR_endo', miR: 'miR', N_cells: 'N_recip', EV_pre: 'EV_pre', pre_endo: 'pre_endo', pre: 'pre_delivered' } },
      // recipient MCF-10A: only the exosome-derived miR-21 is tracked (its own transcription set to 0)
      { id: 'rec', module: 'biogenesis', bind: { cell: 'recipient', miR: 'miR', miRISC: 'miRISC' }, set: { k_tx: 0 } },
    ],
    observables: [
      { id: 'mature_pre_ratio', name: 'mature/pre miR-21 copies in the exosomes', formula: 'EV_miR / EV_pre' },
      { id: 'transform_margin', name: 'exosome-derived miRISC relative to the transformation threshold', formula: 'miRISC / T_transform' },
    ],
  };
}

// ------------------------------------------------------------------------------------------------ simulation

/** A host parameter's value in its declared unit: the user's --set if given, else the model default. */
function paramValue(set: Record<string, number>, id: string): number {
  const v = set[id] ?? buildModel().parameters?.find((p) => p.id === id)?.value;
  if (v === undefined) throw new Error(`${ID}: no parameter ${id}`);
  return v;
}

function overridesOf(ind: Individual, cargoScale: number): Record<string, number> {
  return { EV_fold: ind.EV_fold, m_EV: ind.m_EV, r_pre: ind.r_pre, k_dice_EV: ind.k_dice_EV, is_patient: ind.patient ? 1 : 0, cargo_scale: cargoScale };
}

interface IndividualOutcome {
  ind: Individual;
  EV_per_mL: number;
  ratioFold: number;
  delivered: number; // miRISC per recipient cell at 72 h
  tumour: boolean;
}

function simulateIndividual(compiled: CompiledModel, ind: Individual, cargoScale: number, set: Record<string, number>): IndividualOutcome & { T: number } {
  const r = runCondition(compiled, { tEnd: T_END, steps: 24, overrides: overridesOf(ind, cargoScale), set });
  // maturation readout: the same exosomes cultured cell-free for 72 h (no recipient cells)
  const free = runCondition(compiled, { tEnd: T_END, steps: 3, overrides: { ...overridesOf(ind, cargoScale), N_recip: 0 }, set });
  const T = finalValue(r, 'T_transform');
  const delivered = finalValue(r, 'miRISC');
  return {
    ind,
    EV_per_mL: valueAt(r, 'EV', 0) / paramValue(set, 'V_serum'),
    ratioFold: finalValue(free, 'mature_pre_ratio') / valueAt(free, 'mature_pre_ratio', 0),
    delivered,
    tumour: delivered >= T,
    T,
  };
}

/**
 * The linear surrogate D = M0·a + P0·b(k_eff) (every law of the chain is first order in the cargo): a and b from
 * simulations of the model with one mature or one pre copy at t = 0, b tabulated over k_eff in [0, 0.04] /h.
 */
interface Surrogate {
  a: number;
  kGrid: number[];
  b: number[];
  T: number;
  EV_serum: number;
  V_serum: number;
  exoDicerTumour: number;
  D(ind: Individual, cargoScale: number): number;
}

function buildSurrogate(compiled: CompiledModel, set: Record<string, number>): Surrogate {
  const probe = runCondition(compiled, { tEnd: T_END, steps: 1, set });
  const EV_serum = paramValue(set, 'EV_serum'), V_serum = paramValue(set, 'V_serum'), T = finalValue(probe, 'T_transform');
  const exoDicerTumour = paramValue(set, 'exo_dicer_tumour');
  // one copy per inoculum: EV_fold = 1, m_EV = 1 / EV; exo_dicer forced through EV_fold -> huge (patient), k_dice_EV = k
  const unit = (k: number, rPre: number): number => {
    const fold = 1e9;
    const ev = EV_serum * (k > 0 ? fold : 1) * V_serum;
    const o = { ...set, EV_fold: k > 0 ? fold : 1, m_EV: 1 / ev, r_pre: rPre, is_patient: k > 0 ? 1 : 0, cargo_scale: 1, exo_dicer_tumour: 1, k_dice_EV: k > 0 ? k : 0.02 };
    return finalValue(runCondition(compiled, { tEnd: T_END, steps: 1, overrides: o }), 'miRISC');
  };
  const a = unit(0, 0);
  const kGrid: number[] = [];
  const b: number[] = [];
  for (let i = 0; i <= 40; i++) {
    const k = (0.04 * i) / 40;
    kGrid.push(k);
    b.push(unit(k, 1) - unit(k, 0));
  }
  return {
    a, kGrid, b, T, EV_serum, V_serum, exoDicerTumour,
    D(ind, cargoScale) {
      const ev = EV_serum * ind.EV_fold * V_serum;
      const m0 = ev * ind.m_EV * cargoScale;
      const p0 = m0 * ind.r_pre;
      const kEff = ind.k_dice_EV * exoDicerTumour * (ind.patient ? Math.max(0, 1 - 1 / ind.EV_fold) : 0);
      const x = Math.min(kEff, 0.04) / 0.04 * 40;
      const i = Math.min(39, Math.floor(x));
      const bk = b[i]! + (x - i) * (b[i + 1]! - b[i]!);
      return m0 * a + p0 * bk;
    },
  };
}

interface CohortStats {
  patientsTumours: number[]; // per cohort
  healthyTumours: number[];
  patientFraction: number; // over all simulated patients
}

function cohortStats(s: Surrogate, cohorts: Individual[][], cargoScale: number): CohortStats {
  const patientsTumours: number[] = [];
  const healthyTumours: number[] = [];
  let tumP = 0, nP = 0;
  for (const cohort of cohorts) {
    let p = 0, h = 0;
    for (const ind of cohort) {
      const t = s.D(ind, cargoScale) >= s.T;
      if (ind.patient) {
        p += t ? 1 : 0;
        nP++;
      } else h += t ? 1 : 0;
    }
    tumP += p;
    patientsTumours.push(p);
    healthyTumours.push(h);
  }
  return { patientsTumours, healthyTumours, patientFraction: tumP / nP };
}

/** Central (1 - alpha) interval of an integer sample: [q(alpha/2), q(1 - alpha/2)] (type-1 quantiles). */
function centralInterval(xs: number[], alpha = 0.05): [number, number] {
  const s = [...xs].sort((p, q) => p - q);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return [q(alpha / 2), q(1 - alpha / 2)];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const compiled = compileDoc(buildModel());
  const set = opts.set;
  const surrogate = buildSurrogate(compiled, set);
  // a sampled parameter fixed by the user (--set) takes that value in every individual (no variability for it)
  const fixed = (['EV_fold', 'm_EV', 'r_pre', 'k_dice_EV'] as const).filter((k) => set[k] !== undefined);
  const cohorts: Individual[][] = [];
  for (let c = 0; c < N_COHORTS; c++) {
    const cohort = sampleCohort(opts.seed, c);
    for (const ind of cohort) for (const k of fixed) ind[k] = set[k]!;
    cohorts.push(cohort);
  }
  // the gap search varies cargo_scale itself: a user value of it is the starting (literature) point only
  const setNoScale = { ...set };
  delete setNoScale['cargo_scale'];
  const shown = cohorts[0]!;
  // cargo_scale given by the user (--set) is the literature value for the default analysis
  const scale0 = set['cargo_scale'] ?? 1;

  // --- literature defaults: the displayed cohort, full simulations
  const atDefault = shown.map((ind) => simulateIndividual(compiled, ind, scale0, set));
  const T = atDefault[0]!.T;
  const pDefault = atDefault.filter((o) => o.ind.patient);
  const hDefault = atDefault.filter((o) => !o.ind.patient);
  const statsDefault = cohortStats(surrogate, cohorts, scale0);

  // --- gap analysis: the cargo scale at which the expected fraction of patients with tumours is 5/11 (bisection in log)
  const target = OBSERVED_PATIENT_TUMOURS / N_PATIENTS;
  const frac = (s: number): number => cohortStats(surrogate, cohorts, s).patientFraction;
  const sFound = frac(scale0) < target ? bisectLog(frac, scale0, scale0 * 1e7, target, { iterations: 60, result: 'reached' }) : NaN;
  const sStar = Number.isFinite(sFound) ? sFound : scale0 * 1e7;
  const statsStar = cohortStats(surrogate, cohorts, sStar);
  const found = Number.isFinite(sFound) && Math.abs(statsStar.patientFraction - target) < 0.01;
  // verification by re-simulation: the displayed cohort with the full model at s*, and surrogate agreement
  const atStar = shown.map((ind) => simulateIndividual(compiled, ind, sStar, setNoScale));
  const maxRelErr = Math.max(...atStar.map((o) => Math.abs(surrogate.D(o.ind, sStar) - o.delivered) / Math.max(o.delivered, 1e-300)));
  const verified = found && maxRelErr < 0.01;
  const ciP = centralInterval(statsStar.patientsTumours);
  const ciH = centralInterval(statsStar.healthyTumours);
  const pZeroHealthy = statsStar.healthyTumours.filter((x) => x === 0).length / N_COHORTS;
  const shownP = atStar.filter((o) => o.ind.patient && o.tumour).length;
  const shownH = atStar.filter((o) => !o.ind.patient && o.tumour).length;

  const medDelivered = median(pDefault.map((o) => o.delivered));
  const mRef = set['m_EV'] ?? CHEVILLET_COPIES_PER_EV; // mean copies per exosome of the sampled population
  const recipientsReached = poissonCargo(medDelivered).fractionLoaded;
  const checks: ScenarioCheck[] = [
    checkDirection(
      "more exosomes in patients' sera than in healthy donors' sera",
      'serum specimens from patients had more exosomes than those from healthy controls (seed 001; parameters.md §0 #8: about 2-fold)',
      median(pDefault.map((o) => o.EV_per_mL)), median(hDefault.map((o) => o.EV_per_mL)), 'up', 0.01,
      '[median exosomes/mL, 11 patients; median, 8 donors] of the displayed cohort',
    ),
    {
      name: "pre-miRNA matures in patients' exosomes only",
      expected: 'the pre-miRNAs matured in the exosomes from patients but not in those from healthy donors (seed 001)',
      observed: [median(pDefault.map((o) => o.ratioFold)), Math.max(...hDefault.map((o) => Math.abs(o.ratioFold - 1)))],
      pass: median(pDefault.map((o) => o.ratioFold)) > 1.01 && pDefault.every((o) => o.ratioFold > 1) && hDefault.every((o) => Math.abs(o.ratioFold - 1) < 1e-6),
      detail: '[median 72 h/0 h fold of the mature/pre ratio in patients\' exosomes (> 1, every patient > 1); largest |fold - 1| in donors\' exosomes (0)]',
    },
    {
      name: 'tumours with about 5 of 11 patients\' exosomes and 0 of 8 donors\' at literature defaults',
      expected: 'exosomes from 5 of 11 patients induced tumours with MCF-10A cells; those of 8 healthy donors did not (seed 001)',
      observed: [pDefault.filter((o) => o.tumour).length, hDefault.filter((o) => o.tumour).length, statsDefault.patientFraction, medDelivered],
      pass: verified,
      detail: `[patients with tumours /11, donors with tumours /8 (displayed cohort), fraction of all ${N_COHORTS * N_PATIENTS} simulated patients, median miR-21 miRISC delivered per MCF-10A cell (copies)] at cargo_scale = ${scale0}; threshold T_transform = ${T.toFixed(0)} copies; with a median of ${medDelivered.toPrecision(2)} copies, a fraction ${recipientsReached.toPrecision(2)} of cells receives >= 1 copy (Poisson)`,
      gap: {
        statement:
          `With ${mRef === CHEVILLET_COPIES_PER_EV ? `Chevillet's ${mRef}` : `${mRef} (set; Chevillet 2014: 0.00825)`} copies per exosome, the exosomes of ${surrogate.V_serum} mL of serum deliver a median ${medDelivered.toPrecision(2)} miR-21 copies (miRISC) per co-injected MCF-10A cell in 72 h, ${(T / medDelivered).toPrecision(2)}-fold below the ${T.toFixed(0)} copies needed to titrate PTEN mRNA by ${paramValue(set, 'repression_min')}-fold; no patient's exosomes reach it. ` +
          (verified
            ? `Scaling the cargo per exosome by cargo_scale = ${sStar.toPrecision(3)} (mean m_EV = ${(mRef * sStar).toPrecision(3)} copies/exosome) gives tumours in ${(100 * statsStar.patientFraction).toFixed(1)} % of simulated patients (5/11 = 45.5 %), verified by re-simulation.`
            : 'The search for a closing cargo scale failed.'),
        closingParameters: { cargo_scale: sStar, m_EV: mRef * sStar },
      },
    },
    {
      name: `with the closing cargo scale: 5/11 patients lies in the central 95 % of ${N_COHORTS} simulated cohorts`,
      expected: '5 of 11 patients (between-individual variability makes the count a random variable)',
      observed: [OBSERVED_PATIENT_TUMOURS, ciP[0], ciP[1], shownP],
      pass: verified && ciP[0] <= OBSERVED_PATIENT_TUMOURS && OBSERVED_PATIENT_TUMOURS <= ciP[1],
      detail: `[observed, 2.5 % quantile, 97.5 % quantile of patients with tumours per simulated cohort of 11, displayed cohort (full simulation)] at cargo_scale = ${sStar.toPrecision(3)}`,
    },
    {
      name: `with the closing cargo scale: 0/8 healthy donors lies in the central 95 % of ${N_COHORTS} simulated cohorts`,
      expected: '0 of 8 healthy donors (no maturation in their exosomes, fewer exosomes)',
      observed: [OBSERVED_HEALTHY_TUMOURS, ciH[0], ciH[1], pZeroHealthy, shownH],
      pass: verified && ciH[0] <= OBSERVED_HEALTHY_TUMOURS && OBSERVED_HEALTHY_TUMOURS <= ciH[1] && pZeroHealthy >= 0.025,
      detail: `[observed, 2.5 % and 97.5 % quantiles of donors with tumours per simulated cohort of 8, fraction of cohorts with 0/8, displayed cohort (full simulation)] at cargo_scale = ${sStar.toPrecision(3)}; surrogate vs full simulation: max relative error ${maxRelErr.toExponential(1)}`,
    },
  ];

  const series: Record<string, ScenarioSeries> = {};
  const group = (p: boolean): string => (p ? 'breast cancer patients' : 'healthy donors');
  for (const p of [true, false]) {
    const sel = atStar.filter((o) => o.ind.patient === p);
    const x = sel.map((_, i) => i + 1);
    series[`delivered_closing/${p ? 'patients' : 'healthy'}`] = {
      x, y: sel.map((o) => o.delivered), xLabel: 'individual (index in group)',
      yLabel: `exosome-derived miR-21 miRISC per MCF-10A cell at 72 h (copies; cargo_scale ${sStar.toPrecision(3)})`, condition: group(p),
    };
    const selD = atDefault.filter((o) => o.ind.patient === p);
    series[`delivered_default/${p ? 'patients' : 'healthy'}`] = {
      x, y: selD.map((o) => o.delivered), xLabel: 'individual (index in group)',
      yLabel: 'exosome-derived miR-21 miRISC per MCF-10A cell at 72 h (copies; literature defaults)', condition: group(p),
    };
    series[`exosomes/${p ? 'patients' : 'healthy'}`] = {
      x, y: selD.map((o) => o.EV_per_mL), xLabel: 'individual (index in group)', yLabel: 'serum exosomes (exosome/mL)', condition: group(p),
    };
    series[`maturation/${p ? 'patients' : 'healthy'}`] = {
      x, y: selD.map((o) => o.ratioFold), xLabel: 'individual (index in group)', yLabel: 'mature/pre ratio after 72 h (fold of 0 h)', condition: group(p),
    };
  }
  series['threshold/all'] = {
    x: [1, N_PATIENTS], y: [T, T], xLabel: 'individual (index in group)', yLabel: 'transformation threshold T_transform (copies)', condition: 'threshold',
  };
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, replicates: N_COHORTS, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const T = result.series['threshold/all']?.y[0] ?? NaN;
  const values: { individual: string; group: string; delivered: number; tumour: string }[] = [];
  for (const key of ['delivered_closing/patients', 'delivered_closing/healthy']) {
    const s = result.series[key];
    if (!s) continue;
    const prefix = key.endsWith('patients') ? 'P' : 'H';
    s.x.forEach((xi, i) => values.push({ individual: `${prefix}${xi}`, group: s.condition, delivered: s.y[i]!, tumour: s.y[i]! >= T ? 'tumour' : 'no tumour' }));
  }
  const positive = values.map((v) => v.delivered).filter((v) => v > 0);
  const base = Math.pow(10, Math.floor(Math.log10(Math.min(T, ...positive))) - 0);
  const top = Math.pow(10, Math.ceil(Math.log10(Math.max(T, ...positive))));
  const yScale = { type: 'log' as const, domain: [base, top] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: "Melo 2014: exosomes of patients' and donors' sera with MCF-10A cells", subtitle: `one bar per individual (cargo scaled to close the Chevillet gap); dashed: transformation threshold ${T.toFixed(0)} copies` },
    width: 560,
    height: 300,
    background: 'white',
    config: { font: 'DejaVu Sans' },
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'individual', type: 'nominal', sort: null, title: 'individual (P = patient, H = healthy donor)' },
          y: { field: 'delivered', type: 'quantitative', title: 'miR-21 miRISC per MCF-10A cell at 72 h (copies)', scale: yScale },
          y2: { datum: base },
          color: { field: 'group', type: 'nominal', title: 'serum donor', scale: { domain: ['breast cancer patients', 'healthy donors'], range: ['#c0392b', '#2e86c1'] }, legend: { labelLimit: 300 } },
          opacity: { field: 'tumour', type: 'ordinal', title: 'outcome', sort: ['tumour', 'no tumour'], scale: { domain: ['tumour', 'no tumour'], range: [1, 0.4] } },
        },
      },
      {
        data: { values: [{ threshold: T }] },
        mark: { type: 'rule', strokeDash: [6, 4], color: 'black', strokeWidth: 1.5 },
        encoding: { y: { datum: T, scale: yScale } },
      },
    ],
  };
}

export const scenario: Scenario = {
  id: ID,
  title: "Exosomes of breast cancer patients' sera mature pre-miRNAs and make MCF-10A cells form tumours in about half of the patients",
  citation: CITATION,
  references: [
    'Kalluri R (2014/2015) NEJM Clinical Implications note on Melo et al. 2014 and Le et al. 2014 (seed 001)',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893',
    'Johnsen KB et al. (2019) What is the blood concentration of extracellular vesicles? Implications for the use of extracellular vesicles as blood-borne biomarkers of cancer. Biochim Biophys Acta Rev Cancer 1871:109-116',
    'Levine E et al. (2007) Quantitative characteristics of gene regulation by small RNA. PLoS Biol 5:e229',
    'Jeppesen DK et al. (2019) Reassessment of exosome composition. Cell 177:428-445',
  ],
  claim:
    "Serum of breast cancer patients holds more exosomes than that of healthy donors; pre-miRNAs mature in the patients' exosomes but not in the donors'; co-injected with non-tumorigenic MCF-10A cells, the exosomes of 5 of 11 patients induced tumours and those of 0 of 8 donors did not.",
  mechanisms: ['exosome-maturation', 'uptake', 'biogenesis', 'sorting'],
  protocol: [
    'Exosomes are isolated from 1 mL of serum of each of 11 breast cancer patients and 8 healthy donors (healthy level 1e10 exosomes/mL; patients about 2-fold more, each individual sampled).',
    "Each exosome carries mature and pre-miR-21 (Chevillet 2014: 0.00825 mature copies per exosome, between-individual lognormal spread; pre:mature 1); in patients' exosomes the tumour-derived fraction (EV_fold - 1)/EV_fold carries Dicer/TRBP/AGO2 and matures pre-miR-21 (k_dice_EV ~ ln2/24 h).",
    'The exosomes are co-injected with 1e6 MCF-10A cells (0.2 mL) and taken up for 72 h (uptake mechanism: k_up = eta_bind·k_D, 1 % endosomal escape); delivered guide strands load into miRISC (biogenesis mechanism).',
    "An individual's exosomes form a tumour when the exosome-derived miR-21 miRISC per MCF-10A cell at 72 h reaches T_transform = (1 - 1/1.2)·PTEN mRNA copies (216): the titration threshold for a 1.2-fold PTEN fall.",
    `Variability: ${N_COHORTS} seeded cohorts of 11 + 8 individuals (truncated lognormal over the parameters.md ranges); cohort 0 is shown and simulated in full.`,
  ],
  keyParameters: ['m_EV', 'cargo_scale', 'V_serum', 'up.f_escape', 'EV_fold', 'repression_min'],
  model: buildModel,
  run,
  plot,
};
