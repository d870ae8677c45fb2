/**
 * Mechanism 12 (SYSTEM.md): BIOMARKER readout of a tumour-derived exosomal miRNA in plasma (a Hori & Gambhir
 * 2011-type shedding model adapted to exosomal miRNA, after Ferguson & Weissleder 2020).
 *
 * Tumour cells (N_tumour, a parameter port) shed the miRNA into blood inside exosomes and, with it, as free
 * (Ago2/protein-bound) miRNA; healthy tissues give a background; all pools are cleared first-order:
 *
 *   S_EV       = k_sec * copies_per_EV * f_blood                      EV-borne copies reaching blood per tumour cell per h
 *   r_free     = (1 - f_EV)/f_EV * k_free/k_EV                        free copies released per EV-borne copy (D: makes the
 *                                                                     steady-state plasma fraction inside EVs equal f_EV)
 *   dEV_miR/dt  = N_tumour * S_EV          - k_EV   * EV_miR           k_EV   = ln2 / t_half_EV
 *   dmiR_free/dt = N_tumour * S_EV * r_free - k_free * miR_free       k_free = ln2 / t_half_free
 *   dmiR_bg/dt  = k_free * bg_conc * bg_factor * V_plasma - k_free * miR_bg   (steady state bg_conc * bg_factor)
 *
 * Readouts: plasma copies/mL (all pools / V_plasma), tumour-derived copies/mL, fold over the healthy median
 * (bg_conc), detected (plasma level >= assay LOD = lod_reaction / plasma_per_reaction) and above the upper limit
 * of normal (ULN = bg_conc * exp(z_normal * bg_sigma), the healthy lognormal's upper percentile).
 *
 * Steady state (independent reference for tests): C_tumour = N_tumour * S_EV * (1/k_EV + r_free/k_free) / V_plasma
 * = N_tumour * S_EV / (f_EV * k_EV * V_plasma).
 */
import type { ModuleDoc, ParameterDoc } from '../../model/types.js';
import type { Mechanism } from '../types.js';

type Conf = 'high' | 'medium' | 'low';

function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: Conf, note?: string): ParameterDoc {
  return { id, value, unit, range, description, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) }, confidence };
}

/** Primary defaults (used for the derived parameters' documented values). */
export const BIOMARKER_DEFAULTS = {
  N_tumour: 1e9,
  k_sec: 60, // exosome/h per cell
  copies_per_EV: 0.00825, // molecule/exosome
  f_blood: 0.1,
  f_EV: 0.1,
  t_half_EV_h: 5,
  t_half_free_d: 1,
  bg_conc: 3e5, // molecule/mL
  bg_sigma: 0.7,
  z_normal: 1.645,
  lod_reaction: 30, // molecule
  plasma_per_reaction_uL: 1,
} as const;

/** Derived defaults, per hour and per mL (formulas of the header). */
export function biomarkerDerived(d: typeof BIOMARKER_DEFAULTS = BIOMARKER_DEFAULTS): Record<string, number> {
  const k_EV = Math.LN2 / d.t_half_EV_h;
  const k_free = Math.LN2 / (d.t_half_free_d * 24);
  return {
    k_EV, k_free,
    S_EV: d.k_sec * d.copies_per_EV * d.f_blood,
    r_free: ((1 - d.f_EV) / d.f_EV) * (k_free / k_EV),
    LOD: d.lod_reaction / (d.plasma_per_reaction_uL * 1e-3),
    ULN: d.bg_conc * Math.exp(d.z_normal * d.bg_sigma),
  };
}

const DER = biomarkerDerived();

function derived(id: string, unit: string, description: string, formula: string): ParameterDoc {
  const v = DER[id]!;
  return {
    id, value: v, unit, range: [v / 10, v * 10], description,
    source: { citation: 'derived from the parameters of this module (parameters.md §6, §2.1, §1.5)', tag: 'D', confidence: 'low', note: `${id} = ${formula} (initial assignment; the value shown is the default)` },
    confidence: 'low',
  };
}

const HG = 'Hori SS & Gambhir SS (2011) Sci Transl Med 3:109ra116, parameters as tabulated in J Transl Med 2018 doi 10.1186/s12967-018-1432-8, Table 1';

/** The value of option `initial`; anything else is an error. */
function steadyOption(opts: Record<string, string>): boolean {
  const v = opts['initial'] ?? 'steady-state';
  if (v !== 'steady-state' && v !== 'empty') throw new Error(`biomarker: option initial must be one of steady-state, empty (got '${v}')`);
  return v === 'steady-state';
}

function buildModule(opts: Record<string, string> = {}): ModuleDoc {
  const steady = steadyOption(opts);
  const d = BIOMARKER_DEFAULTS;
  return {
    id: 'biomarker',
    name: 'Tumour-derived exosomal miRNA in plasma: shedding, clearance, background and assay',
    description: 'Hori-Gambhir-type shedding model for a tumour-derived circulating miRNA, with EV-borne and free pools, a healthy background with between-person variability, and an assay detection limit.',
    ports: ['medium', 'N_tumour', 'EV_miR', 'miR_free'],
    compartments: [{ id: 'medium', size: 3150, unit: 'mL', description: 'blood plasma (port); 3150 mL (Hori & Gambhir 2011, parameters.md §6)' }],
    species: [
      { id: 'EV_miR', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'tumour-derived miRNA copies inside plasma exosomes' },
      { id: 'miR_free', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'tumour-derived free (Ago2/protein-bound) miRNA copies in plasma' },
      { id: 'miR_bg', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'background copies of the same miRNA from healthy tissues in plasma' },
    ],
    parameters: [
      par('N_tumour', d.N_tumour, 'dimensionless', [0, 1e12], 'tumour cells shedding the miRNA (port; ~1e9 cells per cm3 of tumour)',
        'protocol / tumour burden; 1e9 cells per cm3 is the usual rule of thumb (recalled); Hori & Gambhir 2011 (parameters.md §6) relate burden to cell number the same way', 'R', 'medium'),
      par('k_sec', d.k_sec, 'exosome/h', [10, 1000], 'exosomes secreted per tumour cell per hour',
        'Chiu YJ et al. (2016) Small (single-cell exosome capture, breast cancer lines), parameters.md §1.3 and §0 #6', 'S2', 'medium'),
      par('copies_per_EV', d.copies_per_EV, 'molecule/exosome', [0.001, 0.03], 'mean copies of the miRNA per secreted exosome (most abundant miRNA)',
        'Chevillet JR et al. (2014) PNAS 111:14888, parameters.md §2.1 and §0 #12', 'S', 'high'),
      par('f_blood', d.f_blood, 'dimensionless', [0.01, 1], 'fraction of the shed biomarker that reaches the vasculature (f_t)',
        `${HG}; parameters.md §6`, 'S2', 'medium'),
      par('f_EV', d.f_EV, 'dimensionless', [0.01, 0.3], 'fraction of the tumour-derived plasma miRNA that is inside exosomes (steady state)',
        'Chevillet 2014 and Arroyo JD et al. (2011) PNAS 108:5003 (a minority); parameters.md §2.1 and §0 #13 (use 0.1)', 'R', 'medium'),
      par('t_half_EV', d.t_half_EV_h, 'h', [2.5, 13.2], 'plasma half-life of exosome-borne miRNA (exosome elimination, beta phase)',
        'Kim SM et al. (2019) Pharmaceutics 11:649 (t1/2 beta 149-792 min, mouse); parameters.md §1.5 (modelling default 5 h) and §0 #10; human value unknown (parameters.md §11.5)', 'S2', 'low'),
      par('t_half_free', d.t_half_free_d, 'day', [0.1, 6.3], 'plasma half-life of tumour-derived free circulating miRNA',
        'Kelly BD et al. (2015) J Clin Med 4:1369 (miR-141 back to normal at day 10 after prostatectomy); parameters.md §6 implied kinetics (t1/2 <~ 1-2 d); upper bound CA125 0.11/day (t1/2 6.3 d, Hori & Gambhir 2011, §0 #23)',
        'D', 'medium', 'back to baseline within 10 d needs the tumour excess to fall below the healthy spread: about 5-10 half-lives, so t1/2 <~ 1-2 d'),
      par('bg_conc', d.bg_conc, 'molecule/mL', [1e3, 1e7], 'median background concentration of the miRNA in plasma of healthy people',
        'not in parameters.md; order of magnitude of a low-abundance circulating miRNA by stem-loop qRT-PCR (Mitchell PS et al. (2008) PNAS 105:10513 quantify absolute copies per uL of serum; value recalled, not re-checked)', 'R', 'low'),
      par('bg_factor', 1, 'dimensionless', [0, 10], "this person's background relative to the healthy median (between-person variability: lognormal with log-SD bg_sigma; 0 = the miRNA is absent from the host, e.g. a human-specific miRNA in a mouse)",
        'individual (1 = the healthy median); scenarios draw it from the lognormal', 'D', 'high'),
      par('bg_sigma', d.bg_sigma, 'dimensionless', [0.3, 1.5], 'between-person SD of the natural log of the healthy background',
        'not in parameters.md; recalled: circulating miRNA levels in healthy people vary ~2-fold (CV 50-100 %) between individuals', 'R', 'low'),
      par('z_normal', d.z_normal, 'dimensionless', [1, 3], 'upper limit of normal in healthy log-SDs (1.645 = 95th percentile, one-sided)',
        'assay convention (reference interval); protocol choice', 'D', 'high'),
      par('lod_reaction', d.lod_reaction, 'molecule', [1, 100], 'assay detection limit in copies per qPCR reaction',
        'parameters.md §6 (practical qPCR LOD ~10-100 copies/reaction; ddPCR ~1-3 copies/uL); Chen C et al. (2005) NAR 33:e179 (stem-loop RT-PCR)', 'R', 'medium'),
      par('plasma_per_reaction', d.plasma_per_reaction_uL, 'uL', [0.1, 10], 'plasma (serum) volume equivalent whose RNA goes into one qPCR reaction',
        'protocol: typical extraction of 100-400 uL serum into 10-50 uL eluate with 1-5 uL per reaction (recalled)', 'R', 'low'),
      derived('k_EV', '1/h', 'clearance rate constant of EV-borne miRNA', 'ln(2) / t_half_EV'),
      derived('k_free', '1/h', 'clearance rate constant of free miRNA', 'ln(2) / t_half_free'),
      derived('S_EV', 'molecule/h', 'EV-borne copies reaching blood per tumour cell per hour', 'k_sec * copies_per_EV * f_blood'),
      derived('r_free', 'dimensionless', 'free copies released per EV-borne copy', '(1 - f_EV) / f_EV * k_free / k_EV'),
      derived('LOD', 'molecule/mL', 'assay detection limit as a plasma concentration', 'lod_reaction / plasma_per_reaction'),
      derived('ULN', 'molecule/mL', 'upper limit of the normal (healthy) range', 'bg_conc * exp(z_normal * bg_sigma)'),
    ],
    initialAssignments: [
      { symbol: 'k_EV', formula: 'ln(2) / t_half_EV' },
      { symbol: 'k_free', formula: 'ln(2) / t_half_free' },
      { symbol: 'S_EV', formula: 'k_sec * copies_per_EV * f_blood' },
      { symbol: 'r_free', formula: '(1 - f_EV) / f_EV * k_free / k_EV' },
      { symbol: 'LOD', formula: 'lod_reaction / plasma_per_reaction' },
      { symbol: 'ULN', formula: 'bg_conc * exp(z_normal * bg_sigma)' },
      { symbol: 'miR_bg', formula: 'bg_conc * bg_factor * medium' },
      ...(steady
        ? [
            { symbol: 'EV_miR', formula: 'N_tumour * S_EV / k_EV' },
            { symbol: 'miR_free', formula: 'N_tumour * S_EV * r_free / k_free' },
          ]
        : []),
    ],
    reactions: [
      { id: 'shed_EV', name: 'tumour cells shed the miRNA into blood inside exosomes', equation: '-> EV_miR', rate: 'N_tumour * S_EV' },
      { id: 'shed_free', name: 'tumour cells release free (Ago2-bound) miRNA into blood', equation: '-> miR_free', rate: 'N_tumour * S_EV * r_free' },
      { id: 'clear_EV', name: 'clearance of exosome-borne miRNA', equation: 'EV_miR ->', rate: 'k_EV * EV_miR' },
      { id: 'clear_free', name: 'clearance of free miRNA', equation: 'miR_free ->', rate: 'k_free * miR_free' },
      { id: 'background_release', name: 'release of the miRNA by healthy tissues', equation: '-> miR_bg', rate: 'k_free * bg_conc * bg_factor * medium' },
      { id: 'background_clearance', name: 'clearance of the background miRNA', equation: 'miR_bg ->', rate: 'k_free * miR_bg' },
    ],
    observables: [
      { id: 'plasma_copies_per_mL', name: 'plasma miRNA (tumour + background)', formula: '(EV_miR + miR_free + miR_bg) / medium', unit: 'molecule/mL' },
      { id: 'tumour_copies_per_mL', name: 'tumour-derived plasma miRNA', formula: '(EV_miR + miR_free) / medium', unit: 'molecule/mL' },
      { id: 'EV_copies_per_mL', name: 'tumour-derived miRNA inside plasma exosomes', formula: 'EV_miR / medium', unit: 'molecule/mL' },
      { id: 'fold_over_background', name: 'plasma miRNA over the healthy median', formula: '(EV_miR + miR_free + miR_bg) / medium / bg_conc', unit: 'dimensionless' },
      { id: 'detected', name: 'plasma level at or above the assay detection limit (1 yes, 0 no)', formula: '(EV_miR + miR_free + miR_bg) / medium >= LOD', unit: 'dimensionless' },
      { id: 'upper_limit_normal', name: 'upper limit of the normal range (ULN)', formula: 'ULN', unit: 'molecule/mL' },
      { id: 'detection_limit', name: 'assay detection limit as a plasma concentration (LOD)', formula: 'LOD', unit: 'molecule/mL' },
      { id: 'above_normal', name: 'plasma level above the upper limit of normal (1 yes, 0 no)', formula: '(EV_miR + miR_free + miR_bg) / medium > ULN', unit: 'dimensionless' },
    ],
  };
}

function describe(opts: Record<string, string> = {}): string[] {
  const steady = steadyOption(opts);
  const d = BIOMARKER_DEFAULTS;
  return [
    `Each of N_tumour = ${d.N_tumour.toExponential(0)} tumour cells secretes k_sec = ${d.k_sec} exosomes/h carrying copies_per_EV = ${d.copies_per_EV} copies of the miRNA (Chevillet 2014); a fraction f_blood = ${d.f_blood} reaches blood (Hori & Gambhir 2011).`,
    `The tumour also releases free (Ago2-bound) miRNA, r_free = (1 - f_EV)/f_EV * k_free/k_EV copies per exosome-borne copy, so that at steady state a fraction f_EV = ${d.f_EV} of the tumour-derived plasma miRNA is inside exosomes (parameters.md §0 #13).`,
    `Exosome-borne miRNA is cleared with half-life t_half_EV = ${d.t_half_EV_h} h (exosome beta phase, Kim 2019), free miRNA with t_half_free = ${d.t_half_free_d} day (from the fall to normal within 10 days after prostatectomy, Kelly 2015).`,
    `Healthy tissues keep a background at bg_conc = ${d.bg_conc.toExponential(0)} copies/mL times the person's factor bg_factor (lognormal between people, log-SD bg_sigma = ${d.bg_sigma}); the upper limit of normal is ULN = bg_conc * exp(z_normal * bg_sigma) with z_normal = ${d.z_normal}.`,
    `The assay detects the miRNA when the plasma level reaches LOD = lod_reaction / plasma_per_reaction = ${d.lod_reaction} copies per reaction / ${d.plasma_per_reaction_uL} uL.`,
    steady ? 'All pools start at the steady state of the initial tumour size.' : 'Tumour-derived pools start empty (the background at its steady state).',
  ];
}

export const mechanism: Mechanism = {
  id: 'biomarker',
  number: 12,
  title: 'Biomarkers: tumour-derived exosomal miRNA in plasma',
  summary:
    'A tumour of N_tumour cells sheds a miRNA into plasma inside exosomes (secretion x copies per exosome x fraction reaching blood) and as free Ago2-bound miRNA (so that 10 % of the plasma miRNA is in exosomes); both are cleared first-order (exosome-borne t1/2 5 h, free t1/2 1 day); healthy tissues add a lognormally varying background. Readouts: plasma copies/mL, fold over the healthy median, detected by the assay (LOD) and above the upper limit of normal. Main assumption: linear shedding proportional to tumour cell number (Hori & Gambhir 2011).',
  ports: [
    { id: 'medium', kind: 'compartment', description: 'blood plasma (mL; human 3150 mL)' },
    { id: 'N_tumour', kind: 'parameter', description: 'number of tumour cells shedding the miRNA (dimensionless; set 0 at resection)' },
    { id: 'EV_miR', kind: 'species', description: 'tumour-derived miRNA copies inside plasma exosomes (molecule)' },
    { id: 'miR_free', kind: 'species', description: 'tumour-derived free miRNA copies in plasma (molecule)' },
  ],
  options: [{ name: 'initial', choices: ['steady-state', 'empty'], default: 'steady-state', help: "'steady-state' starts the tumour-derived pools at the steady state of the initial N_tumour; 'empty' starts them at 0" }],
  module: buildModule,
  describe,
  references: [
    'Hori SS, Gambhir SS (2011) Mathematical model identifies blood biomarker-based early cancer detection strategies and limitations. Sci Transl Med 3:109ra116.',
    'Ferguson S, Weissleder R (2020) Modeling EV kinetics for use in early cancer detection. Adv Biosyst 4:e1900305.',
    'Chevillet JR, Kang Q, Ruf IK, et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Arroyo JD, Chevillet JR, Kroh EM, et al. (2011) Argonaute2 complexes carry a population of circulating microRNAs independent of vesicles in human plasma. PNAS 108:5003-5008.',
    'Mitchell PS, Parkin RK, Kroh EM, et al. (2008) Circulating microRNAs as stable blood-based markers for cancer detection. PNAS 105:10513-10518.',
    'Kelly BD, Miller N, Sweeney KJ, et al. (2015) A circulating microRNA signature as a biomarker for prostate cancer in a high risk group. J Clin Med 4:1369-1379.',
  ],
};
