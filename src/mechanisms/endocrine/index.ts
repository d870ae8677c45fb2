/**
 * Mechanism 7 (SYSTEM.md): ENDOCRINE transport of exosomes. Exosomes drain from the tissue they were secreted
 * into (a tumour's interstitium) into blood, distribute between plasma and a peripheral (tissue-bound,
 * reversible) compartment and are removed from plasma by uptake into organs: liver, lung, spleen, lymph nodes,
 * tumour, brain and the rest of the body ("other": kidney, muscle, degradation).
 *
 * Two-compartment pharmacokinetics written as mass action on counts (rate constants in 1/time):
 *
 *   dEV_tissue/dt = -k_entry * EV_tissue
 *   dEV/dt        =  k_entry * EV_tissue - (k12 + k10) * EV + k21 * EV_periph        (plasma, port `EV`)
 *   dEV_periph/dt =  k12 * EV - k21 * EV_periph
 *   dEV_o/dt      =  k_o * EV,  o in {liver, lung, spleen, LN, tumour, brain, other},  sum_o k_o = k10
 *
 * Exosome cargo (EV_miR, ...) moves with its carriers (same rate constants), when the option cargo = 'on'.
 *
 * The micro-constants are DERIVED (tag D) from the published macro-constants of the plasma curve of an i.v.
 * bolus, C(t)/C0 = A e^(-alpha t) + (1 - A) e^(-beta t):
 *   alpha = ln2 / t_half_alpha, beta = ln2 / t_half_beta,
 *   k21 = A beta + (1 - A) alpha,  k10 = alpha beta / k21,  k12 = alpha + beta - k21 - k10.
 * Organ uptake constants are fitted so that the cumulative uptake at T_ref = 4 h equals the published organ
 * shares (Morishita 2015): share_o = k_o * AUC(T_ref), with the dose-normalised plasma AUC
 *   AUC(T) = A/alpha (1 - e^(-alpha T)) + (1 - A)/beta (1 - e^(-beta T)),   so   k_o = share_o / AUC(T_ref),
 * and k_other = max(0, k10 - sum of the fitted k_o) takes the rest of the plasma clearance.
 */
import type { ModuleDoc, ParameterDoc, ReactionDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism } from '../types.js';

const MORISHITA = 'Morishita M et al. (2015) J Pharm Sci 104:705-713 (125I-SAV-LA B16BL6 exosomes i.v., mouse)';
const KIM = 'Kim SM et al. (2019) Pharmaceutics 11:649, Table 1 (t1/2 alpha 6.85-8.79 min, t1/2 beta 149-792 min, CD-1 mice); Takahashi Y et al. (2013) J Biotechnol 165:77 (~2 min)';

/** The organs with fitted uptake; `other` takes the remaining clearance. */
export const ORGANS = ['liver', 'lung', 'spleen', 'LN', 'tumour', 'brain'] as const;
export type Organ = (typeof ORGANS)[number];

const ORGAN_NAMES: Record<Organ | 'other', string> = {
  liver: 'liver', lung: 'lung', spleen: 'spleen', LN: 'lymph nodes', tumour: 'tumour', brain: 'brain',
  other: 'rest of body (kidney, muscle, degradation)',
};

interface ShareDefault { value: number; range: [number, number]; citation: string; tag: string; confidence: 'high' | 'medium' | 'low'; note?: string }

/** Published (or recalled) organ shares of the injected dose at 4 h, percent. */
export const ORGAN_SHARES_4H: Record<Organ, ShareDefault> = {
  liver: { value: 28, range: [10, 60], citation: `${MORISHITA}; parameters.md §1.5 and §0 #11`, tag: 'S', confidence: 'medium' },
  lung: { value: 7, range: [1, 20], citation: `${MORISHITA}; parameters.md §1.5 and §0 #11`, tag: 'S', confidence: 'medium' },
  spleen: { value: 1.6, range: [0.5, 20], citation: `${MORISHITA}; parameters.md §1.5 and §0 #11 (Lai et al. 2014 ACS Nano 8:483 find spleen > liver for other EVs)`, tag: 'S', confidence: 'medium' },
  LN: {
    value: 0.5, range: [0.05, 3],
    citation: 'not in parameters.md (§1.5 names lymph nodes only qualitatively); recalled order of magnitude for i.v. nanovesicles in mouse lymph nodes',
    tag: 'R', confidence: 'low', note: 'lymph-node share of the injected dose at 4 h; free parameter',
  },
  tumour: {
    value: 0.7, range: [0.05, 5],
    citation: 'Wilhelm S et al. (2016) Nat Rev Mater 1:16014 (median 0.7 % of an i.v. nanoparticle dose reaches a solid tumour); not in parameters.md',
    tag: 'R', confidence: 'low', note: 'tumour share at 4 h taken equal to the nanoparticle median; 0 for a host without tumour; targeting ligands raise it',
  },
  brain: {
    value: 0.1, range: [0.01, 2],
    citation: 'not in parameters.md; unmodified exosomes barely reach the brain after i.v. injection (Alvarez-Erviti L et al. (2011) Nat Biotechnol 29:341, qualitative); recalled order of magnitude',
    tag: 'R', confidence: 'low', note: 'brain share at 4 h; RVG-Lamp2b targeting raises it',
  },
};

function par(
  id: string, value: number, unit: string, range: [number, number], description: string,
  citation: string, tag: string, confidence: 'high' | 'medium' | 'low', note?: string,
): ParameterDoc {
  return { id, value, unit, range, description, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) }, confidence };
}

/** Default values of the derived constants (per hour), from the primary defaults: the formulas of the header. */
export function derivedDefaults(p: { t_half_alpha_min: number; t_half_beta_min: number; A: number; T_ref_h: number; shares: Record<Organ, number> }): Record<string, number> {
  const alpha = Math.LN2 / (p.t_half_alpha_min / 60);
  const beta = Math.LN2 / (p.t_half_beta_min / 60);
  const k21 = p.A * beta + (1 - p.A) * alpha;
  const k10 = (alpha * beta) / k21;
  const k12 = alpha + beta - k21 - k10;
  const AUC_ref = (p.A / alpha) * (1 - Math.exp(-alpha * p.T_ref_h)) + ((1 - p.A) / beta) * (1 - Math.exp(-beta * p.T_ref_h));
  const out: Record<string, number> = { alpha, beta, k21, k10, k12, AUC_ref };
  let sum = 0;
  for (const o of ORGANS) {
    out[`k_${o}`] = p.shares[o] / 100 / AUC_ref;
    sum += out[`k_${o}`]!;
  }
  out['k_other'] = Math.max(0, k10 - sum);
  return out;
}

const DEFAULTS = derivedDefaults({
  t_half_alpha_min: 5, t_half_beta_min: 300, A: 0.9, T_ref_h: 4,
  shares: Object.fromEntries(ORGANS.map((o) => [o, ORGAN_SHARES_4H[o].value])) as Record<Organ, number>,
});

/**
 * Derived parameter, set by an initial assignment (its formula in `note`). The declared value is the default
 * computed from the primary defaults (for documentation; the initial assignment recomputes it from --set values);
 * the range is the value a factor 10 either way.
 */
function derived(id: string, unit: string, description: string, formula: string): ParameterDoc {
  const v = DEFAULTS[id]!;
  return {
    id, value: v, unit, range: [v / 10, v * 10], description,
    source: { citation: 'derived from the plasma half-lives (Kim 2019, parameters.md §1.5) and organ shares (Morishita 2015, parameters.md §1.5)', tag: 'D', confidence: 'low', note: `${id} = ${formula} (initial assignment)` },
    confidence: 'low',
  };
}

/** The value of option `cargo` ('on' | 'off'); anything else is an error. */
function cargoOption(opts: Record<string, string>): boolean {
  const v = opts['cargo'] ?? 'on';
  if (v !== 'on' && v !== 'off') throw new Error(`endocrine: option cargo must be one of on, off (got '${v}')`);
  return v === 'on';
}

function buildModule(opts: Record<string, string> = {}): ModuleDoc {
  const cargo = cargoOption(opts);
  const parameters: ParameterDoc[] = [
    par('t_half_alpha', 5, 'min', [2, 20], 'half-life of the fast (alpha, distribution) phase of exosomes in plasma after an i.v. bolus',
      `${KIM}; parameters.md §1.5 (modelling default 5 min) and §0 #9`, 'S2', 'medium'),
    par('t_half_beta', 300, 'min', [150, 790], 'half-life of the slow (beta, elimination) phase of exosomes in plasma',
      `${KIM}; parameters.md §1.5 (modelling default 5 h) and §0 #10`, 'S2', 'medium'),
    par('A_alpha', 0.9, 'dimensionless', [0.5, 0.99], 'fraction of the initial plasma concentration that decays in the fast phase (A of A e^(-alpha t) + (1-A) e^(-beta t))',
      'not in parameters.md; most of an i.v. exosome dose leaves the blood within minutes (Takahashi 2013; Morishita 2015, parameters.md §1.5, qualitative)',
      'R', 'low', 'chosen so that the Morishita organ shares at 4 h are reachable (needs k10 * AUC(4 h) >= sum of the shares)'),
    par('T_ref', 4, 'h', [1, 24], 'time at which the organ shares are measured (Morishita 2015: 4 h)', `${MORISHITA}; parameters.md §1.5`, 'S', 'high'),
    ...ORGANS.map((o) => {
      const d = ORGAN_SHARES_4H[o];
      return par(`share_${o}`, d.value, 'dimensionless', d.range,
        `percent of an i.v. exosome dose found in the ${ORGAN_NAMES[o]} at T_ref (value in %)`, d.citation, d.tag, d.confidence, d.note);
    }),
    par('k_entry', 0.1, '1/h', [0.01, 1], 'rate constant of drainage of exosomes from the source tissue (tumour interstitium) into blood (lymph and capillaries)',
      'not in parameters.md; recalled order of magnitude of interstitial-to-lymph drainage of nanoparticles (hours); free parameter', 'R', 'low',
      'interstitial exosomes reach blood with mean delay 1/k_entry = 10 h'),
    derived('alpha', '1/h', 'fast-phase rate constant', 'ln(2) / t_half_alpha'),
    derived('beta', '1/h', 'slow-phase rate constant', 'ln(2) / t_half_beta'),
    derived('k21', '1/h', 'peripheral -> plasma rate constant', 'A_alpha * beta + (1 - A_alpha) * alpha'),
    derived('k10', '1/h', 'total elimination rate constant from plasma', 'alpha * beta / k21'),
    derived('k12', '1/h', 'plasma -> peripheral rate constant', 'alpha + beta - k21 - k10'),
    derived('AUC_ref', 'h', 'dose-normalised plasma AUC from 0 to T_ref', 'A_alpha / alpha * (1 - exp(-alpha * T_ref)) + (1 - A_alpha) / beta * (1 - exp(-beta * T_ref))'),
    ...ORGANS.map((o) => derived(`k_${o}`, '1/h', `uptake rate constant of the ${ORGAN_NAMES[o]}`, `share_${o} / 100 / AUC_ref`)),
    derived('k_other', '1/h', 'remaining plasma clearance', 'max(0, k10 - sum of the organ uptake constants)'),
  ];
  const initialAssignments = [
    { symbol: 'alpha', formula: 'ln(2) / t_half_alpha' },
    { symbol: 'beta', formula: 'ln(2) / t_half_beta' },
    { symbol: 'k21', formula: 'A_alpha * beta + (1 - A_alpha) * alpha' },
    { symbol: 'k10', formula: 'alpha * beta / k21' },
    { symbol: 'k12', formula: 'alpha + beta - k21 - k10' },
    { symbol: 'AUC_ref', formula: 'A_alpha / alpha * (1 - exp(-alpha * T_ref)) + (1 - A_alpha) / beta * (1 - exp(-beta * T_ref))' },
    ...ORGANS.map((o) => ({ symbol: `k_${o}`, formula: `share_${o} / 100 / AUC_ref` })),
    { symbol: 'k_other', formula: `max(0, k10 - (${ORGANS.map((o) => `k_${o}`).join(' + ')}))` },
  ];

  const pools: { prefix: string; unit: string; what: string }[] = [{ prefix: 'EV', unit: 'exosome', what: 'exosomes' }];
  if (cargo) pools.push({ prefix: 'EV_miR', unit: 'molecule', what: 'cargo miRNA copies (carried by the exosomes)' });

  const species: SpeciesDoc[] = [];
  const reactions: ReactionDoc[] = [];
  for (const { prefix, unit, what } of pools) {
    // EV / EV_miR (plasma) and EV_tissue / EV_miR_tissue (source tissue) are ports; the rest is internal.
    const sp = (id: string, compartment: string, description: string): void => {
      species.push({ id, compartment, initialAmount: 0, unit, hasOnlySubstanceUnits: true, description });
    };
    const tag = prefix === 'EV' ? '' : '_miR';
    sp(prefix, 'medium', `${what} in plasma`);
    sp(`${prefix}_tissue`, 'tissue', `${what} in the source tissue's interstitium (e.g. a tumour), draining into blood`);
    sp(`EV${tag}_periph`, 'body', `${what} in the peripheral (reversibly tissue-bound) compartment`);
    for (const o of [...ORGANS, 'other' as const]) sp(`EV${tag}_${o}`, 'body', `${what} taken up by the ${ORGAN_NAMES[o]} (cumulative)`);
    reactions.push(
      { id: `entry${tag}`, name: `${what}: drainage from the source tissue into blood`, equation: `${prefix}_tissue -> ${prefix}`, rate: `k_entry * ${prefix}_tissue` },
      { id: `distribution${tag}`, name: `${what}: plasma -> peripheral`, equation: `${prefix} -> EV${tag}_periph`, rate: `k12 * ${prefix}` },
      { id: `redistribution${tag}`, name: `${what}: peripheral -> plasma`, equation: `EV${tag}_periph -> ${prefix}`, rate: `k21 * EV${tag}_periph` },
      ...[...ORGANS, 'other' as const].map((o) => ({
        id: `uptake_${o}${tag}`, name: `${what}: uptake by the ${ORGAN_NAMES[o]}`, equation: `${prefix} -> EV${tag}_${o}`, rate: `k_${o} * ${prefix}`,
      })),
    );
  }
  const ports = ['medium', 'tissue', 'EV', 'EV_tissue', ...ORGANS.map((o) => `EV_${o}`)];
  if (cargo) ports.push('EV_miR', 'EV_miR_tissue', ...ORGANS.map((o) => `EV_miR_${o}`));
  return {
    id: 'endocrine',
    name: 'Endocrine transport of exosomes: entry into blood, two-phase clearance, organ uptake',
    description: 'Two-compartment plasma/peripheral pharmacokinetics of exosomes with organ uptake fitted to Morishita 2015 (4 h shares) and the half-lives of Kim 2019.',
    ports,
    compartments: [
      { id: 'medium', size: 1, unit: 'mL', description: 'blood plasma (port; mouse ~1 mL, human ~3150 mL per Hori & Gambhir 2011)' },
      { id: 'tissue', size: 1, unit: 'mL', description: 'interstitium of the source tissue (port; size not used by the rates)' },
      { id: 'body', size: 1, unit: 'mL', description: 'nominal container of the peripheral and organ pools (counts; size not used by the rates)' },
    ],
    species,
    parameters,
    initialAssignments,
    reactions,
    observables: [
      { id: 'EV_per_mL', name: 'exosome concentration in plasma', formula: 'EV / medium', unit: 'exosome/mL' },
    ],
  };
}

function describe(opts: Record<string, string> = {}): string[] {
  const cargo = cargoOption(opts);
  const s = ORGAN_SHARES_4H;
  return [
    'Exosomes in the source tissue (EV_tissue, e.g. a tumour interstitium) drain into plasma with rate constant k_entry = 0.1 /h (recalled, low confidence).',
    'In plasma an i.v. bolus follows C(t)/C0 = A e^(-alpha t) + (1 - A) e^(-beta t) with t_half_alpha = 5 min, t_half_beta = 300 min (Kim 2019, parameters.md §1.5) and A_alpha = 0.9; the plasma/peripheral micro-constants k12, k21 and k10 are derived from them (k21 = A beta + (1 - A) alpha, k10 = alpha beta / k21, k12 = alpha + beta - k21 - k10).',
    `Plasma exosomes are taken up by organs with first-order constants k_o = (share_o/100) / AUC(T_ref) fitted so that at T_ref = 4 h the liver holds share_liver = ${s.liver.value} %, the lung share_lung = ${s.lung.value} % and the spleen share_spleen = ${s.spleen.value} % of the dose (Morishita 2015), lymph nodes share_LN = ${s.LN.value} %, the tumour share_tumour = ${s.tumour.value} % and the brain share_brain = ${s.brain.value} % (recalled); k_other takes the rest of the clearance k10.`,
    'Organ pools (EV_liver, EV_lung, ...) count the exosomes taken up (cumulative; no degradation inside the organ).',
    ...(cargo ? ['Cargo miRNA copies (EV_miR, ...) move with their exosomes with the same rate constants.'] : []),
  ];
}

export const mechanism: Mechanism = {
  id: 'endocrine',
  number: 7,
  title: 'Endocrine transport: entry into blood, two-phase clearance and organ uptake',
  summary:
    'Exosomes drain from a source tissue into plasma, exchange with a peripheral compartment (two-phase plasma curve with t1/2 alpha 5 min and beta 5 h, mouse i.v.) and are cleared by first-order uptake into liver, lung, spleen, lymph nodes, tumour, brain and the rest of the body; the organ constants are fitted so that the 4-h organ shares equal the published ones (liver 28 %, lung 7 %, spleen 1.6 %). Main assumption: linear (unsaturated) clearance and no loss from the organ pools.',
  ports: [
    { id: 'medium', kind: 'compartment', description: 'blood plasma (mL)' },
    { id: 'tissue', kind: 'compartment', description: 'interstitium of the source tissue (mL)' },
    { id: 'EV', kind: 'species', description: 'exosomes in plasma (exosome)' },
    { id: 'EV_tissue', kind: 'species', description: 'exosomes in the source tissue, draining into blood (exosome)' },
    ...ORGANS.map((o) => ({ id: `EV_${o}`, kind: 'species' as const, description: `exosomes taken up by the ${ORGAN_NAMES[o]}, cumulative (exosome)` })),
    { id: 'EV_miR', kind: 'species', description: 'cargo miRNA copies in plasma exosomes (molecule; option cargo = on)' },
    { id: 'EV_miR_tissue', kind: 'species', description: 'cargo miRNA copies in source-tissue exosomes (molecule; option cargo = on)' },
    ...ORGANS.map((o) => ({ id: `EV_miR_${o}`, kind: 'species' as const, description: `cargo copies taken up by the ${ORGAN_NAMES[o]} (molecule; option cargo = on)` })),
  ],
  options: [{ name: 'cargo', choices: ['on', 'off'], default: 'on', help: "'on' also moves the exosomes' miRNA cargo (EV_miR pools) with the same rate constants" }],
  module: buildModule,
  describe,
  references: [
    'Morishita M, Takahashi Y, Nishikawa M, et al. (2015) Quantitative analysis of tissue distribution of the B16BL6-derived exosomes using a streptavidin-lactadherin fusion protein and iodine-125-labeled biotin derivative after intravenous injection in mice. J Pharm Sci 104:705-713.',
    'Kim SM, Yang Y, Oh SJ, et al. (2019) Pharmacokinetics of fluorophore-labelled exosomes in mice (review table of exosome PK). Pharmaceutics 11:649.',
    'Takahashi Y, Nishikawa M, Shinotsuka H, et al. (2013) Visualization and in vivo tracking of the exosomes of murine melanoma B16-BL6 cells in mice after intravenous injection. J Biotechnol 165:77-84.',
    'Wiklander OPB, Nordin JZ, O\'Loughlin A, et al. (2015) Extracellular vesicle in vivo biodistribution is determined by cell source, route of administration and targeting. J Extracell Vesicles 4:26316.',
    'Wilhelm S, Tavares AJ, Dai Q, et al. (2016) Analysis of nanoparticle delivery to tumours. Nat Rev Mater 1:16014.',
  ],
};
