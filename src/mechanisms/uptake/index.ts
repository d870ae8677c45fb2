/**
 * Mechanism 8 (SYSTEM.md): exosome UPTAKE by recipient cells and the endosomal fate of the cargo.
 *
 * One instance stands for N_cells identical recipient cells in one `medium`; species in `cell` are per recipient
 * cell, EV / EV_miR are per medium. With C = EV / medium (exosome per volume):
 *
 *   k_up = eta_bind * k_D * (1 + (ligand_gain - 1) * receptor)                     [volume/h, per cell]
 *   uptake per cell        = k_up * EV / medium                                    [exosome/h]
 *   dEV/dt                 = -N_cells * k_up * EV / medium
 *   dEV_miR/dt             = -N_cells * k_up * EV_miR / medium
 *   dEV_endo/dt            = (1 - f_fusion) * k_up * EV / medium - (k_lys + k_esc) * EV_endo
 *   dmiR_endo/dt           = (1 - f_fusion) * k_up * EV_miR / medium - (k_lys + k_esc) * miR_endo
 *   dmiR/dt                = k_esc * miR_endo + f_fusion * k_up * EV_miR / medium     (cytosolic delivery)
 *   k_lys = ln 2 / t_half_lys,   k_esc = k_lys * f_escape / (1 - f_escape)
 *
 * so a fraction f_escape of the endosomal cargo reaches the cytosol and 1 - f_escape is lost to the lysosome.
 * k_D = 4 pi D R (diffusion-limited encounter), eta_bind, f_escape and t_half_lys are those of
 * examples/flagship/exosome-transfer.yaml (parameters.md §5). Ligand targeting (GE11 -> EGFR, RVG-Lamp2b ->
 * nAChR on neurons, phosphatidylserine -> NK cells) multiplies the uptake rate by a receptor-dependent factor.
 */
import type { ModuleDoc, ParameterDoc, ReactionDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism, MechanismVariantOption } from '../types.js';

type Targeting = 'none' | 'GE11' | 'RVG' | 'PS';

interface LigandDefault {
  gain: number;
  range: [number, number];
  receptor: string;
  citation: string;
  note: string;
}

/** Targeting ligands: the fold increase of uptake by receptor-high recipient cells (all recalled, low confidence). */
export const LIGANDS: Record<Targeting, LigandDefault> = {
  none: {
    gain: 1, range: [1, 1], receptor: 'none',
    citation: 'untargeted exosomes: uptake by nonspecific endocytosis only (parameters.md §5)',
    note: 'no ligand, no receptor dependence',
  },
  GE11: {
    gain: 3, range: [1.5, 10], receptor: 'EGFR',
    citation: 'Ohno S et al. (2013) Mol Ther 21:185 (GE11/EGF display raises uptake by EGFR-high cells; parameters.md §5 and §10)',
    note: 'fold increase recalled (2-3x more uptake / tumour accumulation of GE11 exosomes); parameters.md gives the direction only',
  },
  RVG: {
    gain: 10, range: [2, 50], receptor: 'nAChR (neurons)',
    citation: 'Alvarez-Erviti L et al. (2011) Nat Biotechnol 29:341 (RVG-Lamp2b exosomes deliver siRNA to brain, not other tissues; parameters.md §5)',
    note: 'fold increase recalled from the brain-specific knock-down; parameters.md gives the direction only',
  },
  PS: {
    gain: 3, range: [1.5, 10], receptor: 'phosphatidylserine receptors (NK cells)',
    citation: 'seed review ref 122 (ovarian carcinoma exosomes need surface phosphatidylserine to be taken up by NK cells); parameters.md §5 (targeting raises tissue-specific uptake)',
    note: 'fold increase recalled, no published number found',
  },
};

export const OPTIONS: MechanismVariantOption[] = [
  {
    name: 'targeting',
    choices: ['none', 'GE11', 'RVG', 'PS'],
    default: 'none',
    help: 'targeting ligand on the exosome surface: GE11 peptide (EGFR), RVG-Lamp2b (neuronal nAChR), phosphatidylserine (NK cells); sets the default ligand_gain',
  },
  {
    name: 'cargo',
    choices: ['mature', 'mature+pre'],
    default: 'mature',
    help: "'mature+pre' also takes up pre-miRNA cargo (EV_pre -> pre_endo -> pre, same kinetics), for Melo 2014-type models",
  },
];

function opt(opts: Record<string, string> | undefined, name: string): string {
  const o = OPTIONS.find((x) => x.name === name)!;
  const v = opts?.[name] ?? o.default;
  if (!o.choices.includes(v)) throw new Error(`uptake: option ${name} must be one of ${o.choices.join(', ')} (got '${v}')`);
  return v;
}

function buildModule(opts?: Record<string, string>): ModuleDoc {
  const targeting = opt(opts, 'targeting') as Targeting;
  const withPre = opt(opts, 'cargo') === 'mature+pre';
  const L = LIGANDS[targeting];
  const parameters: ParameterDoc[] = [
    {
      id: 'N_cells', value: 1, unit: 'dimensionless', range: [1, 1e12],
      description: 'number of identical recipient cells this instance stands for (port; a protocol quantity)',
      source: { citation: 'protocol quantity (bound by the scenario)', tag: 'D', note: 'one cell unless bound' }, confidence: 'high',
    },
    {
      id: 'k_D', value: 6.3e-13, unit: 'L/s', range: [1e-13, 2e-12],
      description: 'diffusion-limited exosome encounter rate per cell, 4 pi D R (D = 5 um^2/s, R = 10 um)',
      source: {
        citation: 'Smoluchowski rate with D from Stokes-Einstein (parameters.md §1.2 and §5); as in examples/flagship/exosome-transfer.yaml',
        tag: 'D', note: 'k_D = 4 pi D R = 4 pi (5e-12 m^2/s)(1e-5 m) = 6.3e-16 m^3/s = 6.3e-13 L/s; range: D 2.5-22 um^2/s, R 5-15 um',
      },
      confidence: 'medium',
    },
    {
      id: 'eta_bind', value: 2e-3, unit: 'dimensionless', range: [1e-3, 1e-2],
      description: 'fraction of encounters that lead to internalisation (k_up = eta_bind k_D ~ 1e3 exosomes per cell per day at 1e10/mL)',
      source: {
        citation: 'parameters.md §5 recommendation (eta_bind 1e-3 to 1e-2, tuned to ~1e3 EVs internalised per cell in 24 h at 1e10/mL; Heusermann et al. 2016 JCB 213:173 for uptake within minutes)',
        tag: 'R', note: 'at 1e10 /mL: 2e-3 x 6.3e-13 L/s x 3600 s/h x 1e13 /L = 45 exosomes/h ~ 1.1e3 per day',
      },
      confidence: 'low',
    },
    {
      id: 'ligand_gain', value: L.gain, unit: 'dimensionless', range: L.range,
      description: `fold increase of uptake by receptor-high cells given by the targeting ligand (${targeting}; receptor ${L.receptor})`,
      source: { citation: L.citation, tag: targeting === 'none' ? 'D' : 'R', note: L.note },
      confidence: targeting === 'none' ? 'high' : 'low',
    },
    {
      id: 'receptor', value: 1, unit: 'dimensionless', range: [0, 2],
      description: 'receptor level of the recipient cells relative to a receptor-high cell (0 = receptor absent: untargeted uptake only)',
      source: { citation: 'recipient property set by the scenario (EGFR-positive tumour, neurons, NK cells: 1; receptor-negative tissue: 0); parameters.md §5', tag: 'D', note: 'uptake factor 1 + (ligand_gain - 1) receptor' },
      confidence: 'medium',
    },
    {
      id: 'f_fusion', value: 0, unit: 'dimensionless', range: [0, 0.1],
      description: 'fraction of uptake events that are direct fusion with the plasma membrane (cargo straight into the cytosol); the rest is endocytosed',
      source: {
        citation: 'Bioconjug Chem (2022) 33:1852 (small and large EVs have very low fusogenic activity) and Joshi et al. (2020) ACS Nano 14:4444 (fusion happens from endosomes), parameters.md §5',
        tag: 'R', note: 'default 0: all uptake is endocytic and cytosolic release goes through f_escape',
      },
      confidence: 'low',
    },
    {
      id: 'f_escape', value: 0.01, unit: 'dimensionless', range: [1e-4, 0.3],
      description: 'fraction of internalised cargo reaching the cytosol (endosomal escape vs lysosomal loss; disputed)',
      source: {
        citation: 'parameters.md §5 and §0 #22: Joshi et al. 2020 ACS Nano 14:4444 (route); Bonsergent et al. 2021 Nat Commun (~0.3) vs Somiya & Kuroda 2021 JEV (<<1 %); Gilleron et al. 2013 (LNP analogue 1-2 %)',
        tag: 'R', note: 'default 0.01; the largest uncertainty of the chain (1e-4 to 0.3)',
      },
      confidence: 'low',
    },
    {
      id: 't_half_lys', value: 1.5, unit: 'h', range: [1, 2],
      description: 'half-life of internalised exosomes and cargo in the endosome before lysosomal degradation',
      source: { citation: 'parameters.md §5 recommendation (lysosomal loss t1/2 1-2 h; Mihaila et al. 2017 k_lys = 3 /h analogue)', tag: 'R', note: '' },
      confidence: 'low',
    },
    { id: 'k_up', unit: 'L/h', description: 'uptake clearance per recipient cell, eta_bind k_D (1 + (ligand_gain - 1) receptor) (assignment rule)' },
    { id: 'k_lys', unit: '1/h', description: 'lysosomal loss rate ln 2 / t_half_lys (assignment rule)' },
    { id: 'k_esc', unit: '1/h', description: 'endosomal escape rate k_lys f_escape / (1 - f_escape) (assignment rule)' },
  ];
  const species: SpeciesDoc[] = [
    { id: 'EV', name: 'exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
    { id: 'EV_miR', name: 'mature miRNA copies carried by exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'EV_endo', name: 'internalised exosomes in endosomes, per recipient cell', compartment: 'cell', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
    { id: 'miR_endo', name: 'endosomal miRNA copies, per recipient cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'miR', name: 'exosome-derived miRNA delivered to the cytosol, per recipient cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    { id: 'EV_taken', name: 'cumulative exosomes taken up per recipient cell', compartment: 'cell', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
    { id: 'miR_delivered', name: 'cumulative miRNA copies delivered to the cytosol per recipient cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
  ];
  const reactions: ReactionDoc[] = [
    // medium side: all N_cells recipients clear exosomes and cargo at N_cells k_up [volume/h] from C = EV/medium
    { id: 'clear_EV', name: 'exosomes removed from the medium by all recipient cells', equation: 'EV ->', rate: 'N_cells * k_up * EV / medium' },
    { id: 'clear_miR', name: 'exosomal miRNA removed from the medium by all recipient cells', equation: 'EV_miR ->', rate: 'N_cells * k_up * EV_miR / medium' },
    // cell side (one representative recipient)
    { id: 'count_EV', name: 'exosomes taken up by one recipient cell (cumulative counter)', equation: '-> EV_taken', rate: 'k_up * EV / medium' },
    { id: 'endocytose_EV', name: 'exosomes endocytosed by one recipient cell', equation: '-> EV_endo', rate: '(1 - f_fusion) * k_up * EV / medium' },
    { id: 'endocytose_miR', name: 'exosomal miRNA endocytosed by one recipient cell', equation: '-> miR_endo', rate: '(1 - f_fusion) * k_up * EV_miR / medium' },
    { id: 'fuse_miR', name: 'exosomal miRNA delivered by plasma-membrane fusion', equation: '-> miR', rate: 'f_fusion * k_up * EV_miR / medium' },
    { id: 'count_fused', name: 'cumulative cytosolic delivery by fusion', equation: '-> miR_delivered', rate: 'f_fusion * k_up * EV_miR / medium' },
    { id: 'process_EV', name: 'internalised exosomes processed (escape or lysosome)', equation: 'EV_endo ->', rate: '(k_lys + k_esc) * EV_endo' },
    { id: 'lysosome_miR', name: 'endosomal miRNA degraded in the lysosome', equation: 'miR_endo ->', rate: 'k_lys * miR_endo' },
    { id: 'escape_miR', name: 'endosomal escape of miRNA to the cytosol', equation: 'miR_endo -> miR', rate: 'k_esc * miR_endo' },
    { id: 'count_escaped', name: 'cumulative cytosolic delivery by escape', equation: '-> miR_delivered', modifiers: ['miR_endo'], rate: 'k_esc * miR_endo' },
  ];
  const ports = ['medium', 'cell', 'EV', 'EV_miR', 'EV_endo', 'miR_endo', 'miR', 'N_cells'];
  if (withPre) {
    species.push(
      { id: 'EV_pre', name: 'pre-miRNA copies carried by exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'pre_endo', name: 'endosomal pre-miRNA copies, per recipient cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'pre', name: 'exosome-derived pre-miRNA delivered to the cytosol, per recipient cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    );
    reactions.push(
      { id: 'clear_pre', name: 'exosomal pre-miRNA removed from the medium', equation: 'EV_pre ->', rate: 'N_cells * k_up * EV_pre / medium' },
      { id: 'endocytose_pre', name: 'exosomal pre-miRNA endocytosed by one recipient cell', equation: '-> pre_endo', rate: '(1 - f_fusion) * k_up * EV_pre / medium' },
      { id: 'fuse_pre', name: 'exosomal pre-miRNA delivered by plasma-membrane fusion', equation: '-> pre', rate: 'f_fusion * k_up * EV_pre / medium' },
      { id: 'lysosome_pre', name: 'endosomal pre-miRNA degraded in the lysosome', equation: 'pre_endo ->', rate: 'k_lys * pre_endo' },
      { id: 'escape_pre', name: 'endosomal escape of pre-miRNA', equation: 'pre_endo -> pre', rate: 'k_esc * pre_endo' },
    );
    ports.push('EV_pre', 'pre_endo', 'pre');
  }
  return {
    id: 'uptake',
    name: `Exosome uptake and endosomal escape (targeting: ${targeting})`,
    description: 'Recipient cells take exosomes up from the medium (diffusion-limited encounter times a binding efficiency, times a ligand/receptor factor); internalised cargo escapes to the cytosol (fraction f_escape) or is degraded in the lysosome.',
    ports,
    compartments: [
      { id: 'medium', size: 2, unit: 'mL', description: 'extracellular medium holding the exosomes (port)' },
      { id: 'cell', size: 1.4, unit: 'pL', description: 'cytoplasm of one recipient cell (port)' },
    ],
    species,
    parameters,
    // Derived rates as assignment rules (not initial assignments: the stochastic engines read rule parameters
    // through their expressions; 0.6931471805599453 = ln 2 keeps the laws in mass-action form for the SSA tables).
    rules: [
      { type: 'assignment', variable: 'k_up', formula: 'eta_bind * k_D * (1 + (ligand_gain - 1) * receptor)' },
      { type: 'assignment', variable: 'k_lys', formula: '0.6931471805599453 / t_half_lys' },
      { type: 'assignment', variable: 'k_esc', formula: 'k_lys * f_escape / (1 - f_escape)' },
    ],
    reactions,
    observables: [
      { id: 'uptake_per_day', name: 'exosomes taken up per recipient cell per day at the current medium concentration', formula: 'k_up * EV / medium', unit: 'exosome/day' },
    ],
  };
}

export const mechanism: Mechanism = {
  id: 'uptake',
  number: 8,
  title: 'Exosome uptake by recipient cells (endocytosis, fusion, ligand targeting) and endosomal escape vs lysosomal loss',
  summary:
    'N_cells recipient cells clear exosomes from the medium with a per-cell clearance k_up = eta_bind x k_D x (1 + (ligand_gain - 1) x receptor), where k_D = 4 pi D R is the diffusion-limited encounter rate (6.3e-13 L/s) and eta_bind = 2e-3 the fraction of encounters that lead to uptake (about 1e3 exosomes per cell per day at 1e10/mL). ' +
    'Targeting ligands (GE11 -> EGFR, RVG-Lamp2b -> neuronal nAChR, phosphatidylserine -> NK cells) multiply uptake by receptor-high cells. ' +
    'Internalised cargo escapes to the cytosol with probability f_escape = 0.01 (range 1e-4 to 0.3, disputed) and is otherwise degraded in the lysosome with t1/2 = 1.5 h; a fraction f_fusion (default 0) fuses at the plasma membrane and delivers directly. Cumulative counters give exosomes taken up and copies delivered per cell.',
  ports: [
    { id: 'medium', kind: 'compartment', description: 'extracellular volume holding the exosomes (mL)' },
    { id: 'cell', kind: 'compartment', description: 'cytoplasm of one recipient cell (pL)' },
    { id: 'EV', kind: 'species', description: 'exosomes in the medium (exosome)' },
    { id: 'EV_miR', kind: 'species', description: 'mature miRNA copies carried by exosomes in the medium (molecule)' },
    { id: 'EV_endo', kind: 'species', description: 'internalised exosomes in endosomes per recipient cell (exosome)' },
    { id: 'miR_endo', kind: 'species', description: 'endosomal miRNA copies per recipient cell (molecule)' },
    { id: 'miR', kind: 'species', description: 'miRNA delivered to the cytosol per recipient cell (molecule); bind to the free miRNA of the recipient (biogenesis loads it into miRISC)' },
    { id: 'N_cells', kind: 'parameter', description: 'number of recipient cells (dimensionless)' },
    { id: 'EV_pre', kind: 'species', description: "(cargo 'mature+pre') pre-miRNA copies carried by exosomes in the medium (molecule)" },
    { id: 'pre_endo', kind: 'species', description: "(cargo 'mature+pre') endosomal pre-miRNA copies per recipient cell (molecule)" },
    { id: 'pre', kind: 'species', description: "(cargo 'mature+pre') pre-miRNA delivered to the cytosol per recipient cell (molecule)" },
  ],
  options: OPTIONS,
  module: (opts) => buildModule(opts),
  describe: (opts) => {
    const targeting = opt(opts, 'targeting') as Targeting;
    const L = LIGANDS[targeting];
    const s = [
      'Each recipient cell clears exosomes from the medium at k_up = eta_bind x k_D x (1 + (ligand_gain - 1) x receptor) volume per hour, so it takes up k_up x EV / medium exosomes per hour and the medium loses N_cells times that.',
      'k_D = 6.3e-13 L/s is the diffusion-limited encounter rate 4 pi D R (D = 5 um^2/s, R = 10 um; parameters.md §5) and eta_bind = 2e-3 the fraction of encounters that end in uptake, about 1e3 exosomes per cell per day at 1e10 exosomes/mL.',
      targeting === 'none'
        ? 'The exosomes carry no targeting ligand (ligand_gain = 1), so uptake does not depend on the receptor level.'
        : `The exosomes display ${targeting}, which binds ${L.receptor}: uptake by receptor-high cells (receptor = 1) rises ligand_gain = ${L.gain}-fold (range ${L.range[0]}-${L.range[1]}; recalled, low confidence), receptor-negative cells (receptor = 0) take up at the untargeted rate.`,
      'A fraction f_fusion = 0 of uptake events fuses with the plasma membrane and delivers cargo straight to the cytosol; the rest is endocytosed.',
      'Endosomal exosomes and their miRNA cargo are processed with total rate k_lys + k_esc: a fraction f_escape = 0.01 (range 1e-4 to 0.3, the largest uncertainty of the chain) escapes to the cytosol and the rest is degraded in the lysosome with half-life t_half_lys = 1.5 h.',
      'The counters EV_taken and miR_delivered add up the exosomes taken up and the miRNA copies delivered to the cytosol per recipient cell.',
    ];
    if (opt(opts, 'cargo') === 'mature+pre') s.push('Pre-miRNA cargo (EV_pre) is taken up, escapes and is degraded with the same rates, giving cytosolic pre-miRNA (pre).');
    return s;
  },
  references: [
    'Heusermann W et al. (2016) Exosomes surf on filopodia to enter cells at endocytic hot spots, traffic within endosomes, and are targeted to the ER. J Cell Biol 213:173-184.',
    'Joshi BS, de Beer MA, Giepmans BNG, Zuhorn IS (2020) Endocytosis of extracellular vesicles and release of their cargo from endosomes. ACS Nano 14:4444-4455.',
    'Bonsergent E et al. (2021) Quantitative characterization of extracellular vesicle uptake and content delivery within mammalian cells. Nat Commun 12:1864.',
    'Somiya M, Kuroda S (2021) Real-time luminescence assay for cytoplasmic cargo delivery of extracellular vesicles. J Extracell Vesicles 10:e12053.',
    'Gilleron J et al. (2013) Image-based analysis of lipid nanoparticle-mediated siRNA delivery, intracellular trafficking and endosomal escape. Nat Biotechnol 31:638-646.',
    'Mihaila R et al. (2017) Mathematical modeling: a tool for optimization of lipid nanoparticle-mediated delivery of siRNA. Mol Ther Nucleic Acids 7:246-255.',
    'Ohno S et al. (2013) Systemically injected exosomes targeted to EGFR deliver antitumor microRNA to breast cancer cells. Mol Ther 21:185-191.',
    'Alvarez-Erviti L et al. (2011) Delivery of siRNA to the mouse brain by systemic injection of targeted exosomes. Nat Biotechnol 29:341-345.',
  ],
};
