/**
 * Mechanism 4 (SYSTEM.md): exosome SECRETION. Multivesicular bodies (MVBs) fuse with the plasma membrane and
 * release their intraluminal vesicles (exosomes) and the cargo loaded into them into the extracellular medium.
 *
 * One instance stands for N_cells identical donor cells secreting into one `medium`:
 *
 *   k_eff   = k_sec * rab27 * rab35 * f_heparanase * f_detach * f_cisplatin * (1 + a_auto * C / (K_auto + C))
 *             with C = EV / medium (exosome/mL; autocrine positive feedback, saturating)      [exosome/h per cell]
 *   dEV/dt     = N_cells * k_eff                                                              [exosome/h]
 *   dEV_miR/dt = N_cells * k_eff * copies_per_EV                                              [molecule/h]
 *   dEV_pre/dt = N_cells * k_eff * pre_per_EV                                                 [molecule/h]
 *
 * Defaults: k_sec 60 exosomes/cell/h (Chiu et al. 2016, parameters.md §1.3, §0 #6); copies_per_EV 0.00825
 * (Chevillet et al. 2014, parameters.md §2.1). Control state = all factors 1, no feedback (a_auto = 0). The
 * published knock-down and stimulation effects are in SECRETION_EFFECTS (to set the factors in scenarios).
 */
import type { ModuleDoc, ParameterDoc } from '../../model/types.js';
import type { Mechanism } from '../types.js';

/** A sourced effect size (knock-down residual or stimulation fold), for scenario conditions. */
export interface SourcedEffect {
  /** The module parameter it sets. */
  parameter: string;
  value: number;
  range: [number, number];
  unit: string;
  citation: string;
  tag: 'S' | 'S2' | 'C' | 'D' | 'R';
  confidence: 'high' | 'medium' | 'low';
  note: string;
}

/**
 * Published effects on exosome secretion, as values of this module's factors. parameters.md gives none of these
 * numbers (only the qualitative claims, through the review's text): each is recalled (tag R, confidence low) with a
 * wide range, and the direction is the part the literature supports.
 */
export const SECRETION_EFFECTS: Record<'rab27_knockdown' | 'rab35_knockdown' | 'heparanase_up' | 'detachment' | 'cisplatin', SourcedEffect> = {
  rab27_knockdown: {
    parameter: 'rab27', value: 0.4, range: [0.2, 0.7], unit: 'dimensionless',
    citation: 'Ostrowski M et al. (2010) Nat Cell Biol 12:19-30 (Rab27a/Rab27b shRNA in HeLa-CIITA); Bobrie A et al. (2012) Cancer Res 72:4920 (4T1); qualitative claim in the seed review (OncoTargets Ther 2014, refs 117-119), parameters.md has no number',
    tag: 'R', confidence: 'low',
    note: 'residual secretion after Rab27a or Rab27b knock-down, recalled as roughly 40 % (reported reductions ~30-80 %)',
  },
  rab35_knockdown: {
    parameter: 'rab35', value: 0.5, range: [0.3, 0.8], unit: 'dimensionless',
    citation: 'Hsu C et al. (2010) J Cell Biol 189:223-232 (Rab35 knock-down/inactivation, oligodendroglial cells); seed review ref 118; parameters.md has no number',
    tag: 'R', confidence: 'low',
    note: 'residual exosome secretion after Rab35 inactivation, recalled as about half',
  },
  heparanase_up: {
    parameter: 'f_heparanase', value: 3, range: [1.5, 5], unit: 'dimensionless',
    citation: 'Thompson CA et al. (2013) J Biol Chem 288:10093-10099 (heparanase-high myeloma and other cancer lines); seed review ref 120; parameters.md has no number',
    tag: 'R', confidence: 'low',
    note: 'fold increase of exosome secretion by heparanase up-regulation, recalled as several-fold',
  },
  detachment: {
    parameter: 'f_detach', value: 2, range: [1.2, 5], unit: 'dimensionless',
    citation: 'Koumangoye RB et al. (2011) PLoS One 6:e24234 (detached breast cancer cells release exosomes rapidly); seed review ref 121; parameters.md has no number',
    tag: 'R', confidence: 'low',
    note: 'fold increase of secretion after loss of adherence (fast, minutes to hours)',
  },
  cisplatin: {
    parameter: 'f_cisplatin', value: 2, range: [1.2, 4], unit: 'dimensionless',
    citation: 'Xiao X et al. (2014) PLoS One 9:e89534 (A549 cells release more exosomes under cisplatin); Safaei R et al. (2005) Mol Cancer Ther 4:1595 (cisplatin-resistant cells export ~2.6-fold more exosomes); seed review ref 93; parameters.md has no number',
    tag: 'R', confidence: 'low',
    note: 'fold increase of exosome release by cisplatin exposure',
  },
};

function factor(id: string, description: string, range: [number, number], effect: SourcedEffect | undefined, extra: string): ParameterDoc {
  return {
    id,
    value: 1,
    unit: 'dimensionless',
    range,
    description,
    source: {
      citation: `control state (1 = unperturbed cell); effect size for scenarios: ${effect ? effect.citation : 'none'}`,
      tag: 'D',
      note: `${extra}${effect ? ` Published effect: ${effect.parameter} = ${effect.value} (${effect.note}; range ${effect.range[0]}-${effect.range[1]}, tag ${effect.tag}).` : ''}`,
    },
    confidence: 'medium',
  };
}

function buildModule(): ModuleDoc {
  const E = SECRETION_EFFECTS;
  const parameters: ParameterDoc[] = [
    {
      id: 'N_cells', value: 1, unit: 'dimensionless', range: [1, 1e12],
      description: 'number of identical donor cells this instance stands for (port; a protocol quantity)',
      source: { citation: 'protocol quantity (bound by the scenario)', tag: 'D', note: 'one cell unless bound' }, confidence: 'high',
    },
    {
      id: 'k_sec', value: 60, unit: 'exosome/h', range: [10, 1000],
      description: 'basal exosome secretion rate per donor cell',
      source: {
        citation: 'Chiu YJ et al. (2016) Small (single-cell exosome capture, MCF7 and MDA-MB-231: ~60-65 exosomes/cell/h), parameters.md §1.3 and §0 #6',
        tag: 'S2', note: 'range 10-1000 /h is the model prior of parameters.md §0 #6 (1e3-1e4 EVs/cell/day common prior)',
      },
      confidence: 'medium',
    },
    {
      id: 'copies_per_EV', value: 0.00825, unit: 'molecule/exosome', range: [0.0001, 10],
      description: 'mean copies of the modelled mature miRNA per secreted exosome (port; from sorting)',
      source: {
        citation: 'Chevillet JR et al. (2014) PNAS 111:14888 (0.00825 +/- 0.02 copies of the most abundant miRNA per exosome), parameters.md §2.1 and §0 #12',
        tag: 'S', note: 'upper end of the range allows engineered, over-loaded exosomes (therapy mechanism)',
      },
      confidence: 'high',
    },
    {
      id: 'pre_per_EV', value: 0, unit: 'molecule/exosome', range: [0, 1],
      description: 'mean copies of the modelled pre-miRNA per secreted exosome (port; Melo 2014 cancer exosomes carry pre-miRNAs)',
      source: {
        citation: 'Melo SA et al. (2014) Cancer Cell 26:707 (pre-miRNAs in cancer exosomes, no copy number), parameters.md §2.2; no quantitative value in parameters.md',
        tag: 'R', note: 'default 0 (no pre-miRNA cargo) unless a scenario sets it',
      },
      confidence: 'low',
    },
    factor('rab27', 'relative Rab27a/b activity (1 = control; knock-down < 1, over-expression > 1); secretion is proportional to it', [0, 3], E.rab27_knockdown,
      'Rab27a/b dock MVBs at the plasma membrane; up-regulated in breast cancer (seed review ref 119).'),
    factor('rab35', 'relative Rab35 activity (1 = control; inactivation < 1); secretion is proportional to it', [0, 3], E.rab35_knockdown,
      'Rab35 inactivation makes vesicles accumulate inside the cell (seed review ref 118).'),
    factor('f_heparanase', 'fold change of secretion by heparanase expression (1 = control, up-regulation > 1)', [0.5, 5], E.heparanase_up, ''),
    factor('f_detach', 'fold change of secretion by loss of adherence (1 = adherent, detached > 1)', [1, 5], E.detachment, ''),
    factor('f_cisplatin', 'fold change of secretion under cisplatin exposure (1 = untreated)', [1, 4], E.cisplatin, ''),
    {
      id: 'a_auto', value: 0, unit: 'dimensionless', range: [0, 3],
      description: 'maximal fractional increase of secretion by the cell\'s own exosomes (autocrine positive feedback); 0 = off',
      source: {
        citation: 'self-stimulated secretion is named in SYSTEM.md mechanism 4 as an open question; no value in parameters.md',
        tag: 'R', note: 'default off; explore 0-3 (up to a 4-fold rise at saturation)',
      },
      confidence: 'low',
    },
    {
      id: 'K_auto', value: 1e9, unit: 'exosome/mL', range: [1e8, 1e11],
      description: 'exosome concentration giving half the maximal autocrine stimulation',
      source: {
        citation: 'no value in parameters.md; set at the order of the exosome concentrations used in uptake assays (50-100 pM ~ 3e10-6e10 /mL, Heusermann et al. 2016, parameters.md §5) and plasma (1e10 /mL, §1.4)',
        tag: 'R', note: 'half-saturation below assay doses so that conditioned medium can reach it',
      },
      confidence: 'low',
    },
    { id: 'k_eff', unit: 'exosome/h', description: 'effective secretion rate per donor cell (assignment rule: k_sec times every factor and the feedback)' },
  ];
  return {
    id: 'secretion',
    name: 'Exosome secretion (MVB fusion with the plasma membrane)',
    description: 'N_cells donor cells release exosomes and their miRNA/pre-miRNA cargo into the medium; Rab27/Rab35 activity, heparanase, loss of adherence, cisplatin and autocrine feedback modulate the rate.',
    ports: ['medium', 'EV', 'EV_miR', 'EV_pre', 'N_cells', 'copies_per_EV', 'pre_per_EV'],
    compartments: [{ id: 'medium', size: 2, unit: 'mL', description: 'extracellular medium receiving the exosomes (port)' }],
    species: [
      { id: 'EV', name: 'exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'EV_miR', name: 'mature miRNA copies carried by exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'EV_pre', name: 'pre-miRNA copies carried by exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    parameters,
    rules: [
      // k_eff [exosome/h per cell] = k_sec x Rab activities x stimulation folds x (1 + a_auto C/(K_auto + C)), C = EV/medium
      { type: 'assignment', variable: 'k_eff', formula: 'k_sec * rab27 * rab35 * f_heparanase * f_detach * f_cisplatin * (1 + a_auto * (EV / medium) / (K_auto + EV / medium))' },
    ],
    reactions: [
      { id: 'release', name: 'MVB fusion releases exosomes (all donor cells)', equation: '-> EV', rate: 'N_cells * k_eff' },
      { id: 'release_miR', name: 'mature miRNA released inside exosomes', equation: '-> EV_miR', rate: 'N_cells * k_eff * copies_per_EV' },
      { id: 'release_pre', name: 'pre-miRNA released inside exosomes', equation: '-> EV_pre', rate: 'N_cells * k_eff * pre_per_EV' },
    ],
    // Per-exosome cargo of the pool (src/mechanisms/README.md): mean copies per exosome EV_miR / EV; with
    // independent loading the copies per exosome are Poisson, so a fraction exp(-mean) carries none
    // (src/mechanisms/sorting/cargo.ts). Both read the two counts, so ODE and SSA runs report them alike.
    observables: [
      { id: 'cargo_per_EV', name: 'mean mature miRNA copies per exosome in the medium', formula: 'piecewise(EV_miR / EV, EV > 0, 0)', unit: 'molecule/exosome' },
      { id: 'fraction_EV_empty', name: 'fraction of exosomes in the medium carrying no copy (Poisson)', formula: 'exp(-piecewise(EV_miR / EV, EV > 0, 0))', unit: 'dimensionless' },
    ],
  };
}

export const mechanism: Mechanism = {
  id: 'secretion',
  number: 4,
  title: 'Exosome secretion: MVB fusion with the plasma membrane (Rab27a/b, Rab35, heparanase, adherence, cisplatin, autocrine feedback)',
  summary:
    'N_cells donor cells release exosomes into the medium at k_sec = 60 exosomes/cell/h (Chiu 2016), each carrying on average copies_per_EV mature miRNA copies (0.00825, Chevillet 2014) and pre_per_EV pre-miRNA copies. ' +
    'Rab27a/b and Rab35 enter as activity factors (knock-down < 1), heparanase up-regulation, loss of adherence and cisplatin as fold multipliers, and the cell\'s own exosomes raise secretion through a saturating autocrine feedback (off by default). ' +
    'Secretion is zero-order in the donor\'s miRNA (the sorting mechanism sets the cargo per exosome); exosome stability and uptake belong to the transport and uptake mechanisms.',
  ports: [
    { id: 'medium', kind: 'compartment', description: 'extracellular volume receiving the exosomes (mL)' },
    { id: 'EV', kind: 'species', description: 'exosomes in the medium (exosome)' },
    { id: 'EV_miR', kind: 'species', description: 'mature miRNA copies carried by the exosomes in the medium (molecule)' },
    { id: 'EV_pre', kind: 'species', description: 'pre-miRNA copies carried by the exosomes in the medium (molecule)' },
    { id: 'N_cells', kind: 'parameter', description: 'number of donor cells (dimensionless)' },
    { id: 'copies_per_EV', kind: 'parameter', description: 'mature miRNA copies per secreted exosome (molecule/exosome)' },
    { id: 'pre_per_EV', kind: 'parameter', description: 'pre-miRNA copies per secreted exosome (molecule/exosome)' },
  ],
  options: [],
  module: () => buildModule(),
  describe: () => {
    const E = SECRETION_EFFECTS;
    return [
      'Each of N_cells donor cells releases exosomes into the medium at k_eff = k_sec x rab27 x rab35 x f_heparanase x f_detach x f_cisplatin x (1 + a_auto C/(K_auto + C)) exosomes per hour, with C the exosome concentration in the medium.',
      'The basal rate k_sec is 60 exosomes/cell/h (Chiu et al. 2016, MCF7 and MDA-MB-231 single cells; parameters.md §1.3), plausible range 10-1000 /h.',
      'Every released exosome carries on average copies_per_EV = 0.00825 copies of the modelled mature miRNA (Chevillet et al. 2014; about 1 copy per 121 exosomes) and pre_per_EV = 0 pre-miRNA copies unless set, so the medium gains N_cells x k_eff x copies_per_EV miRNA copies per hour.',
      `The Rab27a/b activity rab27 and the Rab35 activity rab35 are 1 in control cells; knock-down lowers them (published residual secretion about ${E.rab27_knockdown.value} after Rab27 knock-down, Ostrowski 2010, and ${E.rab35_knockdown.value} after Rab35 inactivation, Hsu 2010; both recalled, low confidence).`,
      `Heparanase up-regulation multiplies secretion by f_heparanase (about ${E.heparanase_up.value}, Thompson 2013), loss of adherence by f_detach (about ${E.detachment.value}, Koumangoye 2011) and cisplatin exposure by f_cisplatin (about ${E.cisplatin.value}, Xiao 2014 in A549 cells); all are 1 in the control state.`,
      'The cell\'s own exosomes raise secretion by up to a factor 1 + a_auto, half-maximally at K_auto = 1e9 exosomes/mL; a_auto is 0 (feedback off) by default because no published value exists.',
    ];
  },
  references: [
    'Chiu YJ, Cai W, Shih YR, Lian I, Lo YH (2016) A single-cell assay for time lapse studies of exosome secretion and cell behaviors. Small 12:3658-3666.',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Ostrowski M et al. (2010) Rab27a and Rab27b control different steps of the exosome secretion pathway. Nat Cell Biol 12:19-30.',
    'Hsu C et al. (2010) Regulation of exosome secretion by Rab35 and its GTPase-activating proteins TBC1D10A-C. J Cell Biol 189:223-232.',
    'Thompson CA, Purushothaman A, Ramani VC, Vlodavsky I, Sanderson RD (2013) Heparanase regulates secretion, composition, and function of tumor cell-derived exosomes. J Biol Chem 288:10093-10099.',
    'Koumangoye RB, Sakwe AM, Goodwin JS, Patel T, Ochieng J (2011) Detachment of breast tumor cells induces rapid secretion of exosomes which subsequently mediate cellular adhesion and spreading. PLoS One 6:e24234.',
    'Xiao X et al. (2014) Exosomes: decreased sensitivity of lung cancer A549 cells to cisplatin. PLoS One 9:e89534.',
  ],
};
