/**
 * Mechanism 2 (SYSTEM.md): TARGET SILENCING by miRISC. A titration model (Levine et al. 2007; Mukherji et al.
 * 2011): miRISC binds seed sites on a target mRNA (reversibly, K_d of the site type), the bound mRNA is translated
 * less (rho_tl) and decays faster (decay_fold), and miRISC is released intact when the bound mRNA decays
 * (recycled). Competing sites (ceRNA / sponge sites, ceRNA_sites) share the same miRISC pool. Per cell, V = cell:
 *
 *   k_m = ln2 / t_half_mRNA,  k_p = ln2 / t_half_protein,  kon = k_on * n_sites,  k_off = k_on * Kd
 *   dmRNA/dt    = k_tx - k_m mRNA - kon/V miRISC mRNA + k_off mRNA_bound
 *   dmRNA_b/dt  = kon/V miRISC mRNA - k_off mRNA_bound - decay_fold k_m mRNA_bound
 *   dmiRISC/dt  = -kon/V miRISC mRNA + (k_off + decay_fold k_m) mRNA_bound
 *                 - k_on/V miRISC ceRNA_free + (k_off + k_m) ceRNA_bound
 *   dprotein/dt = k_tl (mRNA + rho_tl mRNA_bound) - k_p protein
 *   dceRNA_b/dt = k_on/V miRISC ceRNA_free - (k_off + k_m) ceRNA_bound,  ceRNA_free + ceRNA_bound = ceRNA_sites
 *
 * With tight binding the steady state is threshold-linear (Levine 2007): bound target C ~ min(k_tx/(decay_fold k_m),
 * miRISC_total); below the threshold the target is repressed up to decay_fold / rho_tl = 4-fold, above it the free
 * target rises linearly with transcription. Role 'extra-miRNA' adds a second miRNA acting on a target modelled by
 * a 'target' instance (bind mRNA and protein to it): only its binding, bound decay and bound translation.
 */
import type { InitialAssignmentDoc, ModuleDoc, ParameterDoc, ReactionDoc, RuleDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism, MechanismVariantOption } from '../types.js';

type SiteType = '8mer' | '7mer-m8' | '7mer-A1' | '6mer';

/** Dissociation constants of miRISC from one site of each type (pM). */
export const SITE_KD: Record<SiteType, { kd: number; note: string }> = {
  '8mer': { kd: 20, note: 'seed-matched 8mer: low end of the 10-100 pM of Wee et al. 2012 (parameters.md §4.1)' },
  '7mer-m8': { kd: 50, note: 'seed-matched 7mer: middle of the 10-100 pM of Wee et al. 2012 (parameters.md §4.1)' },
  '7mer-A1': { kd: 100, note: '7mer-A1: high end of the 10-100 pM of Wee et al. 2012 (parameters.md §4.1)' },
  '6mer': { kd: 1000, note: '6mer: 10-fold weaker than 7mer-A1, extrapolated (site efficacy 6mer << 7mer, Grimson et al. 2007); not in parameters.md' },
};

export const OPTIONS: MechanismVariantOption[] = [
  {
    name: 'role',
    choices: ['target', 'extra-miRNA'],
    default: 'target',
    help: "'target': the full target (transcription, decay, translation, protein turnover, miRISC binding); 'extra-miRNA': one more miRNA on a target already modelled by a 'target' instance (bind mRNA and protein to it) - binding, bound decay and bound translation only",
  },
  {
    name: 'site_type',
    choices: ['8mer', '7mer-m8', '7mer-A1', '6mer'],
    default: '7mer-m8',
    help: 'type of the seed site(s) on the target 3\'UTR; sets the default Kd (8mer tightest); issue 6 derives it from the sequences',
  },
];

function opt(opts: Record<string, string> | undefined, name: string): string {
  const o = OPTIONS.find((x) => x.name === name)!;
  const v = opts?.[name] ?? o.default;
  if (!o.choices.includes(v)) throw new Error(`target-silencing: option ${name} must be one of ${o.choices.join(', ')} (got '${v}')`);
  return v;
}

function buildModule(opts?: Record<string, string>): ModuleDoc {
  const full = opt(opts, 'role') === 'target';
  const site = opt(opts, 'site_type') as SiteType;
  const parameters: ParameterDoc[] = [
    {
      id: 'k_tx', value: 100, unit: 'molecule/h', range: [1, 1000],
      description: 'target mRNA transcription per cell',
      source: { citation: 'Mihaila R et al. 2017 (LNP-siRNA PK/PD model: mRNA transcription 100 copies/h), parameters.md §5', tag: 'R', note: 'analogue value; with t_half_mRNA 9 h it gives 1.3e3 mRNA copies per cell' },
      confidence: 'low',
    },
    {
      id: 't_half_mRNA', value: 9, unit: 'h', range: [1, 30],
      description: 'half-life of the free target mRNA',
      source: { citation: 'Schwanhausser B et al. 2011 Nature 473:337 (median mRNA half-life 9 h, NIH3T3; BNID 106378), parameters.md §4.3 and §0 #18', tag: 'S', note: 'range: bulk of the measured distribution' },
      confidence: 'high',
    },
    {
      id: 'k_tl', value: 40, unit: '1/h', range: [1, 200],
      description: 'translation rate of the free target mRNA (proteins per mRNA per hour)',
      source: { citation: 'Schwanhausser B et al. 2011 Nature 473:337 (median translation rate constant ~40 proteins/mRNA/h); parameters.md §4.3 cites the paper for half-lives only', tag: 'R', note: 'only protein relative to its baseline is used by the scenarios, so this value sets copy numbers, not fold changes' },
      confidence: 'medium',
    },
    {
      id: 't_half_protein', value: 46, unit: 'h', range: [0.75, 200],
      description: 'half-life of the target protein',
      source: { citation: 'Schwanhausser B et al. 2011 (median 46 h, R hi); Eden E et al. 2011 Science 331:764 (0.75-22.5 h in cancer cells, S); parameters.md §4.3 and §0 #19', tag: 'R', note: 'median; scenarios set the target-specific value' },
      confidence: 'medium',
    },
    {
      id: 'k_on', value: 1e7, unit: '1/(M*s)', range: [1e7, 1e8],
      description: 'association rate constant of miRISC with one seed-matched site',
      source: { citation: 'Salomon WE et al. 2015 Cell 162:84; Wee LM et al. 2012 Cell 151:1055 (1e7-1e8 /M/s), parameters.md §4.1', tag: 'R', note: 'lower end: in-cell search slower than in vitro' },
      confidence: 'medium',
    },
    {
      id: 'Kd', value: SITE_KD[site].kd, unit: 'pM', range: [5, 5000],
      description: `dissociation constant of miRISC from one ${site} site`,
      source: { citation: 'Wee LM et al. 2012 Cell 151:1055 (seed-matched 7-8mer K_d ~10-100 pM, mouse AGO2), parameters.md §4.1', tag: 'R', note: SITE_KD[site].note },
      confidence: 'low',
    },
    {
      id: 'n_sites', value: 1, unit: 'dimensionless', range: [1, 10],
      description: 'number of seed sites for this miRNA on the target 3\'UTR (multiplies the binding rate)',
      source: { citation: 'target property (TargetScan-type site count; issue 6 derives it from the sequences); parameters.md §4.1 (Chandradoss 2015: neighbouring sites cooperate)', tag: 'D', note: 'binding rate proportional to the number of sites; cooperativity left out' },
      confidence: 'medium',
    },
    {
      id: 'decay_fold', value: 2, unit: 'dimensionless', range: [1, 10],
      description: 'fold increase of the decay rate of miRISC-bound target mRNA (deadenylation and decay)',
      source: { citation: 'derived from parameters.md §4.1 and §0 #20 (Baek et al. 2008; Selbach et al. 2008: population-average repression 1.2-2 fold, rarely > 4)', tag: 'D', note: 'decay_fold / rho_tl = 4 is the maximal (fully bound) repression; partial occupancy gives the typical 1.2-2 fold' },
      confidence: 'low',
    },
    {
      id: 'rho_tl', value: 0.5, unit: 'dimensionless', range: [0, 1],
      description: 'translation of miRISC-bound target mRNA relative to free mRNA (translational repression)',
      source: { citation: 'derived from parameters.md §4.1 and §0 #20 (repression rarely > 4-fold at protein level; Baek 2008, Selbach 2008)', tag: 'D', note: 'with decay_fold 2 the fully bound target is repressed 4-fold' },
      confidence: 'low',
    },
    {
      id: 'ceRNA_sites', value: 0, unit: 'molecule', range: [0, 1e6],
      description: 'competing (ceRNA / sponge) sites for this miRNA per cell, sharing the miRISC pool',
      source: { citation: 'Denzler R et al. 2014 Mol Cell 54:766 (>= 1.5e5 added sites to derepress miR-122 targets); Bosson AD et al. 2014 Mol Cell 56:347 (~3e3 sites for low-ratio families), parameters.md §4.2 and §0 #21', tag: 'S', note: 'default 0 (no added sites); sites turn over with the median mRNA half-life' },
      confidence: 'medium',
    },
    { id: 'k_m', unit: '1/h', description: 'free target mRNA decay rate ln 2 / t_half_mRNA (assignment rule)' },
    { id: 'k_p', unit: '1/h', description: 'protein decay rate ln 2 / t_half_protein (assignment rule)' },
    { id: 'kon_site', unit: '1/(M*s)', description: 'binding rate constant to the target, k_on n_sites (assignment rule)' },
    { id: 'k_off', unit: '1/h', description: 'dissociation rate k_on Kd (assignment rule)' },
    { id: 'mRNA_0', unit: 'molecule', description: 'unrepressed steady-state target mRNA k_tx / k_m (assignment rule)' },
    { id: 'protein_0', unit: 'molecule', description: 'unrepressed steady-state protein k_tl mRNA_0 / k_p (assignment rule)' },
  ];
  const species: SpeciesDoc[] = [
    { id: 'miRISC', name: 'free miRISC (AGO-loaded miRNA) per cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'mRNA', name: 'free target mRNA per cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'protein', name: 'target protein per cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'mRNA_bound', name: 'miRISC-bound target mRNA per cell (this miRNA)', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'ceRNA_free', name: 'free competing sites per cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'ceRNA_bound', name: 'miRISC-bound competing sites per cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
  ];
  const reactions: ReactionDoc[] = [];
  if (full) {
    reactions.push(
      { id: 'transcription', name: 'target mRNA transcription', equation: '-> mRNA', rate: 'k_tx' },
      { id: 'mRNA_decay', name: 'basal decay of free target mRNA', equation: 'mRNA ->', rate: 'k_m * mRNA' },
      { id: 'translation', name: 'translation of free target mRNA', equation: '-> protein', modifiers: ['mRNA'], rate: 'k_tl * mRNA' },
      { id: 'protein_decay', name: 'target protein decay', equation: 'protein ->', rate: 'k_p * protein' },
    );
  }
  reactions.push(
    // binding kon/V miRISC mRNA [molecule/h]: k_on in 1/(M s), V = cell, counts -> concentrations by the unit system
    { id: 'bind', name: 'miRISC binds a seed site on the target', equation: 'miRISC + mRNA -> mRNA_bound', rate: 'kon_site * miRISC * mRNA / cell' },
    { id: 'unbind', name: 'miRISC dissociates from the target', equation: 'mRNA_bound -> miRISC + mRNA', rate: 'k_off * mRNA_bound' },
    { id: 'bound_decay', name: 'miRISC-bound target mRNA decays (miRISC recycled)', equation: 'mRNA_bound -> miRISC', rate: 'decay_fold * k_m * mRNA_bound' },
    { id: 'bound_translation', name: 'residual translation of miRISC-bound target mRNA', equation: '-> protein', modifiers: ['mRNA_bound'], rate: 'rho_tl * k_tl * mRNA_bound' },
    { id: 'ceRNA_bind', name: 'miRISC binds a competing (ceRNA) site', equation: 'miRISC + ceRNA_free -> ceRNA_bound', rate: 'k_on * miRISC * ceRNA_free / cell' },
    { id: 'ceRNA_unbind', name: 'miRISC leaves a competing site (dissociation or turnover of the ceRNA)', equation: 'ceRNA_bound -> miRISC + ceRNA_free', rate: '(k_off + k_m) * ceRNA_bound' },
  );
  // Derived constants as assignment rules (the stochastic engines read rule parameters through their expressions;
  // 0.6931471805599453 = ln 2 keeps the laws in mass-action form for the SSA tables).
  const rules: RuleDoc[] = [
    { type: 'assignment', variable: 'k_m', formula: '0.6931471805599453 / t_half_mRNA' },
    { type: 'assignment', variable: 'k_p', formula: '0.6931471805599453 / t_half_protein' },
    { type: 'assignment', variable: 'kon_site', formula: 'k_on * n_sites' },
    { type: 'assignment', variable: 'k_off', formula: 'k_on * Kd' },
    { type: 'assignment', variable: 'mRNA_0', formula: 'k_tx / k_m' },
    { type: 'assignment', variable: 'protein_0', formula: 'k_tl * mRNA_0 / k_p' },
  ];
  const initialAssignments: InitialAssignmentDoc[] = [{ symbol: 'ceRNA_free', formula: 'ceRNA_sites' }];
  if (full) initialAssignments.push({ symbol: 'mRNA', formula: 'mRNA_0' }, { symbol: 'protein', formula: 'protein_0' });
  return {
    id: full ? 'target_silencing' : 'target_silencing_extra',
    name: full ? `miRISC silencing of a target mRNA (${site} site)` : `additional miRNA on a shared target (${site} site)`,
    description: 'Titration model of miRNA target silencing: reversible miRISC binding to seed sites, translational repression and accelerated decay of the bound mRNA, miRISC recycling, competing ceRNA sites.',
    ports: ['cell', 'miRISC', 'mRNA', 'protein'],
    compartments: [{ id: 'cell', size: 1.4, unit: 'pL', description: 'cytoplasm of one cell (port)' }],
    species,
    parameters,
    rules,
    initialAssignments,
    reactions,
    observables: [
      { id: 'mRNA_total', name: 'target mRNA, free plus bound by this miRNA', formula: 'mRNA + mRNA_bound', unit: 'molecule' },
      { id: 'protein_rel', name: 'target protein relative to its unrepressed steady state', formula: 'protein / protein_0', unit: 'dimensionless' },
      { id: 'occupancy', name: 'fraction of target mRNA bound by this miRNA', formula: 'mRNA_bound / (mRNA + mRNA_bound)', unit: 'dimensionless' },
    ],
  };
}

export const mechanism: Mechanism = {
  id: 'target-silencing',
  number: 2,
  title: 'Target silencing by miRISC: seed-site binding, titration thresholds, translational repression, mRNA decay, ceRNA competition',
  summary:
    'miRISC binds seed sites on a target mRNA (k_on 1e7 /M/s per site, K_d 10-100 pM by site type) in a titration (threshold-linear) model after Levine 2007 and Mukherji 2011: the bound mRNA is translated at rho_tl = 0.5 of the free rate and decays decay_fold = 2 times faster, releasing the miRISC intact. ' +
    'The target is transcribed at k_tx = 100 copies/h, decays with t1/2 9 h and makes protein with t1/2 46 h; a fully bound target is repressed 4-fold and partial occupancy gives the typical 1.2-2 fold. ' +
    'Competing ceRNA sites share the miRISC pool (threshold ~1e3-1.5e5 added sites, Denzler 2014, Bosson 2014); several miRNAs on one target use role extra-miRNA instances, one miRNA on several targets several instances bound to the same miRISC.',
  ports: [
    { id: 'cell', kind: 'compartment', description: 'cytoplasm of one cell (pL)' },
    { id: 'miRISC', kind: 'species', description: 'free miRISC of the miRNA per cell (molecule); bound miRISC sits in mRNA_bound and ceRNA_bound and is returned' },
    { id: 'mRNA', kind: 'species', description: 'free target mRNA per cell (molecule); mRNA_total = mRNA + mRNA_bound' },
    { id: 'protein', kind: 'species', description: 'target protein per cell (molecule); protein_rel is relative to the unrepressed steady state' },
  ],
  options: OPTIONS,
  module: (opts) => buildModule(opts),
  describe: (opts) => {
    const full = opt(opts, 'role') === 'target';
    const site = opt(opts, 'site_type') as SiteType;
    const s: string[] = [];
    if (full) {
      s.push(
        'The target mRNA is transcribed at k_tx = 100 molecules/h per cell (Mihaila 2017 analogue; parameters.md §5) and its free form decays with half-life t_half_mRNA = 9 h (Schwanhausser 2011), giving mRNA_0 = k_tx t_half_mRNA / ln 2 = 1.3e3 copies without miRNA.',
        'Free mRNA is translated at k_tl = 40 proteins per mRNA per hour and the protein decays with half-life t_half_protein = 46 h (median, Schwanhausser 2011; 0.75-22.5 h in cancer cells, Eden 2011).',
      );
    } else {
      s.push("This instance adds one more miRNA to a target modelled by a 'target' instance (bound to its mRNA and protein): only this miRNA's binding, bound decay and bound translation are added.");
    }
    s.push(
      `miRISC binds the target's n_sites = 1 ${site} site(s) with k_on = 1e7 /M/s per site (Salomon 2015, Wee 2012) and leaves it with k_off = k_on x Kd, Kd = ${SITE_KD[site].kd} pM.`,
      'Bound mRNA is translated at rho_tl = 0.5 of the free rate and decays decay_fold = 2 times faster than free mRNA; when it decays the miRISC is released intact (recycled), so the maximal repression of a fully bound target is decay_fold / rho_tl = 4-fold (parameters.md §0 #20: typically 1.2-2 fold, rarely > 4).',
      'Because binding is tight, silencing titrates: while the miRISC pool exceeds k_tx / (decay_fold k_m) most target is bound and repressed, above that the free target rises linearly (threshold-linear response, Levine 2007, Mukherji 2011).',
      'ceRNA_sites = 0 competing sites per cell (sponges, other targets) bind the same miRISC with the same rate constants and turn over with the mRNA half-life; about 3e3 (low-ratio miRNA families, Bosson 2014) to 1.5e5 (miR-122, Denzler 2014) added sites derepress targets.',
    );
    return s;
  },
  references: [
    'Levine E, Zhang Z, Kuhlman T, Hwa T (2007) Quantitative characteristics of gene regulation by small RNA. PLoS Biol 5:e229.',
    'Mukherji S, Ebert MS, Zheng GXY, Tsang JS, Sharp PA, van Oudenaarden A (2011) MicroRNAs can generate thresholds in target gene expression. Nat Genet 43:854-859.',
    'Wee LM, Flores-Jasso CF, Salomon WE, Zamore PD (2012) Argonaute divides its RNA guide into domains with distinct functions and RNA-binding properties. Cell 151:1055-1067.',
    'Salomon WE, Jolly SM, Moore MJ, Zamore PD, Serebrov V (2015) Single-molecule imaging reveals that Argonaute reshapes the binding properties of its nucleic acid guides. Cell 162:84-95.',
    'Baek D et al. (2008) The impact of microRNAs on protein output. Nature 455:64-71.',
    'Selbach M et al. (2008) Widespread changes in protein synthesis induced by microRNAs. Nature 455:58-63.',
    'Schwanhausser B et al. (2011) Global quantification of mammalian gene expression control. Nature 473:337-342.',
    'Denzler R, Agarwal V, Stefano J, Bartel DP, Stoffel M (2014) Assessing the ceRNA hypothesis with quantitative measurements of miRNA and target abundance. Mol Cell 54:766-776.',
    'Bosson AD, Zamudio JR, Sharp PA (2014) Endogenous miRNA and target concentrations determine susceptibility to potential ceRNA competition. Mol Cell 56:347-359.',
  ],
};
