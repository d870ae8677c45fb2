/**
 * Mechanism 9 (SYSTEM.md): NON-CANONICAL signalling of exosomal miRNAs through Toll-like receptors (Fabbri et al.
 * 2012 PNAS 109:E2110). GU-rich miR-21 and miR-29a delivered to the endosomes of a macrophage (port miR_endo, the
 * sum of both) bind TLR8 (human) / TLR7 (mouse); the active receptor drives NF-kB into the nucleus; nuclear
 * NF-kB drives TNF-alpha and IL-6 transcription; the cytokines are secreted (after a 1-2 h lag) into the medium.
 *
 * Per macrophage (counts), N_cells macrophages secreting into `medium`:
 *
 *   miR_endo + TLR -> TLR_miR        kon * miR_endo * TLR            kon = koff / K_tlr
 *   TLR_miR -> miR_endo + TLR        koff * TLR_miR
 *   TLR_miR -> TLR                   k_proc * TLR_miR                (ligand degraded in the endolysosome)
 *   NFkB_c -> NFkB_n                 (k_basal + k_act * TLR_miR) * NFkB_c,   k_act = k_out / C_half
 *   NFkB_n -> NFkB_c                 k_out * NFkB_n                  (IkB re-export, tau = 1/k_out = 30 min)
 *   -> X_mRNA                        k_tx_X * NFkB_n                 X in {TNF, IL6}
 *   X_mRNA ->                        k_mdeg_X * X_mRNA
 *   -> X_pro                         k_transl * X_mRNA              (pro-cytokine in the secretory pathway)
 *   X_pro ->  (and  -> X in medium)  k_secr * X_pro, N_cells * k_secr * X_pro
 *   X (medium) ->                    k_cdeg_X * X
 *
 * Basal state (no ligand): nuclear fraction f_nuc_basal (k_basal = k_out f/(1-f)); k_tx_X is set so that the basal
 * secretion is s0_X molecules/cell/h: k_tx_X = s0_X * k_mdeg_X / (k_transl * f_nuc_basal * NFkB_tot). The maximum
 * fold increase of secretion is therefore 1/f_nuc_basal. Receptor knockout (TLR7-/- mice) = TLR_total 0.
 */
import type { ModuleDoc, ParameterDoc, ReactionDoc } from '../../model/types.js';
import type { Mechanism } from '../types.js';

type Conf = 'high' | 'medium' | 'low';

function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: Conf, note?: string): ParameterDoc {
  return { id, value, unit, range, description, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) }, confidence };
}

const FABBRI = 'Fabbri M et al. (2012) PNAS 109:E2110-E2116; parameters.md §7.4';

export const TLR_DEFAULTS = {
  TLR_total: 2000, // receptors per macrophage
  K_tlr: 100, // molecule
  koff: 1, // 1/h
  t_half_proc: 1.5, // h
  NFkB_tot: 1e5,
  f_nuc_basal: 0.05,
  tau_nfkb: 30, // min
  C_half: 200,
  t_half_mRNA_TNF: 0.5, // h
  t_half_mRNA_IL6: 1, // h
  k_transl: 100, // 1/h
  t_secr: 1, // h
  s0_TNF: 15, // molecule/h per cell
  s0_IL6: 15,
  t_half_TNF_medium: 12, // h
  t_half_IL6_medium: 24, // h
} as const;

export function tlrDerived(d: typeof TLR_DEFAULTS = TLR_DEFAULTS): Record<string, number> {
  const k_out = 60 / d.tau_nfkb;
  const out: Record<string, number> = {
    kon: d.koff / d.K_tlr,
    k_proc: Math.LN2 / d.t_half_proc,
    k_out,
    k_basal: (k_out * d.f_nuc_basal) / (1 - d.f_nuc_basal),
    k_act: k_out / d.C_half,
    k_secr: 1 / d.t_secr,
  };
  for (const [X, th, s0, thm] of [['TNF', d.t_half_mRNA_TNF, d.s0_TNF, d.t_half_TNF_medium], ['IL6', d.t_half_mRNA_IL6, d.s0_IL6, d.t_half_IL6_medium]] as const) {
    const kmdeg = Math.LN2 / th;
    out[`k_mdeg_${X}`] = kmdeg;
    out[`k_tx_${X}`] = (s0 * kmdeg) / (d.k_transl * d.f_nuc_basal * d.NFkB_tot);
    out[`k_cdeg_${X}`] = Math.LN2 / thm;
    out[`pro0_${X}`] = s0 * d.t_secr;
  }
  return out;
}

const DER = tlrDerived();

function derived(id: string, unit: string, description: string, formula: string): ParameterDoc {
  const v = DER[id]!;
  return {
    id, value: v, unit, range: [v / 10, v * 10], description,
    source: { citation: 'derived from the parameters of this module (parameters.md §7.4)', tag: 'D', confidence: 'low', note: `${id} = ${formula} (initial assignment; the value shown is the default)` },
    confidence: 'low',
  };
}

const CYTOKINES = ['TNF', 'IL6'] as const;
const CYT_NAME = { TNF: 'TNF-alpha', IL6: 'IL-6' } as const;
/** Molar masses (g/mol) for pg/mL readouts: mature soluble TNF-alpha monomer 17.4 kDa, IL-6 ~21 kDa (UniProt P01375, P05231; recalled). */
const MW = { TNF: 17350, IL6: 21000 } as const;

function buildModule(): ModuleDoc {
  const d = TLR_DEFAULTS;
  const parameters: ParameterDoc[] = [
    par('N_cells', 1e6, 'dimensionless', [1, 1e9], 'macrophages the instance stands for (port)', 'protocol (1e6 macrophages per well)', 'D', 'high'),
    par('TLR_total', d.TLR_total, 'molecule', [0, 2e4], 'TLR8 (human) / TLR7 (mouse) receptors per macrophage (0 = knockout, e.g. TLR7-/- mice)',
      'not in parameters.md; recalled order of magnitude of endosomal TLR7/8 copies in monocytes/macrophages (10^3-10^4); free parameter', 'R', 'low'),
    par('K_tlr', d.K_tlr, 'molecule', [1, 1e4], 'endosomal agonist miRNA copies per cell at half-maximal receptor occupancy (K_d in copies per cell)',
      `${FABBRI} ("K has no published value; make it a free parameter")`, 'R', 'low'),
    par('koff', d.koff, '1/h', [0.1, 10], 'dissociation rate of the miRNA-TLR complex', 'not in parameters.md; free parameter (only K_tlr = koff/kon matters for the steady state)', 'R', 'low'),
    par('t_half_proc', d.t_half_proc, 'h', [1, 2], 'half-life of the receptor-bound miRNA before endolysosomal degradation frees the receptor',
      'parameters.md §5 recommendation (lysosomal loss of internalised cargo, t1/2 1-2 h)', 'R', 'low'),
    par('NFkB_tot', d.NFkB_tot, 'molecule', [1e4, 3e5], 'NF-kB (RelA) molecules per cell',
      'Lipniacki T et al. (2004) J Theor Biol 228:195 and Hoffmann A et al. (2002) Science 298:1241 (NF-kB models, parameters.md §7.4); copy number recalled', 'R', 'low'),
    par('f_nuc_basal', d.f_nuc_basal, 'dimensionless', [0.01, 0.2], 'nuclear fraction of NF-kB in resting macrophages (sets the maximal fold induction 1/f)',
      'not in parameters.md; resting cells keep NF-kB mostly cytoplasmic bound to IkB (Hoffmann 2002, qualitative)', 'R', 'low'),
    par('tau_nfkb', d.tau_nfkb, 'min', [10, 60], 'time constant of NF-kB nuclear export (IkB resynthesis and re-export)',
      'parameters.md §7.4 suggested coupling (2-state NF-kB model with tau ~ 30 min; Hoffmann 2002, Lipniacki 2004)', 'R', 'medium'),
    par('C_half', d.C_half, 'molecule', [10, 2000], 'active miRNA-TLR complexes per cell that bring NF-kB half-way to the nucleus (import = export)',
      'not in parameters.md; free parameter (TLR signalling is sensitive: a few hundred ligated receptors)', 'R', 'low'),
    par('t_half_mRNA_TNF', d.t_half_mRNA_TNF, 'h', [0.2, 2], 'TNF-alpha mRNA half-life (AU-rich element decay)', 'not in parameters.md; recalled (TNF mRNA is among the least stable, t1/2 ~ 20-60 min in macrophages)', 'R', 'low'),
    par('t_half_mRNA_IL6', d.t_half_mRNA_IL6, 'h', [0.3, 3], 'IL-6 mRNA half-life', 'not in parameters.md; recalled (IL-6 mRNA t1/2 ~ 0.5-2 h, regulated by Regnase-1/TTP)', 'R', 'low'),
    par('k_transl', d.k_transl, '1/h', [10, 1000], 'cytokine molecules made per mRNA per hour',
      'Schwanhausser B et al. (2011) Nature 473:337 (median translation ~ 140 proteins/mRNA/h; parameters.md §4.3 cites the study)', 'R', 'low'),
    par('t_secr', d.t_secr, 'h', [0.5, 2], 'mean time from translation to secretion (secretory pathway; with mRNA dynamics gives the ~1-2 h delay)',
      'parameters.md §7.4 suggested coupling (IL-6/TNF secretion follows NF-kB with ~1-2 h delay)', 'R', 'medium'),
    par('s0_TNF', d.s0_TNF, 'molecule/h', [1, 1000], 'basal TNF-alpha secretion per resting macrophage',
      'not in parameters.md; recalled: resting macrophage cultures release ~10 pg/mL TNF-alpha per 1e6 cells per day (~15 molecules/cell/h)', 'R', 'low'),
    par('s0_IL6', d.s0_IL6, 'molecule/h', [1, 1000], 'basal IL-6 secretion per resting macrophage', 'not in parameters.md; recalled order of magnitude as for TNF-alpha', 'R', 'low'),
    par('t_half_TNF_medium', d.t_half_TNF_medium, 'h', [1, 48], 'half-life of TNF-alpha in culture medium', 'not in parameters.md; recalled (hours in culture; ~20 min in plasma in vivo)', 'R', 'low'),
    par('t_half_IL6_medium', d.t_half_IL6_medium, 'h', [1, 72], 'half-life of IL-6 in culture medium', 'not in parameters.md; recalled', 'R', 'low'),
    par('MW_TNF', MW.TNF, 'g/mol', [17000, 52000], 'molar mass of soluble TNF-alpha (monomer; trimer 52 kDa) for pg/mL readouts', 'UniProt P01375 (recalled)', 'R', 'medium'),
    par('MW_IL6', MW.IL6, 'g/mol', [20000, 28000], 'molar mass of IL-6 for pg/mL readouts', 'UniProt P05231 (recalled; glycosylated forms up to 28 kDa)', 'R', 'medium'),
    derived('kon', '1/(molecule*h)', 'miRNA-TLR association constant per copy', 'koff / K_tlr'),
    derived('k_proc', '1/h', 'degradation of the bound ligand', 'ln(2) / t_half_proc'),
    derived('k_out', '1/h', 'NF-kB nuclear export', '1 / tau_nfkb'),
    derived('k_basal', '1/h', 'ligand-independent NF-kB import', 'k_out * f_nuc_basal / (1 - f_nuc_basal)'),
    derived('k_act', '1/(molecule*h)', 'NF-kB import per active complex', 'k_out / C_half'),
    derived('k_secr', '1/h', 'secretion of pro-cytokine', '1 / t_secr'),
    ...CYTOKINES.flatMap((X) => [
      derived(`k_mdeg_${X}`, '1/h', `${CYT_NAME[X]} mRNA decay`, `ln(2) / t_half_mRNA_${X}`),
      derived(`k_tx_${X}`, '1/h', `${CYT_NAME[X]} transcription per nuclear NF-kB molecule`, `s0_${X} * k_mdeg_${X} / (k_transl * f_nuc_basal * NFkB_tot)`),
      derived(`k_cdeg_${X}`, '1/h', `${CYT_NAME[X]} decay in the medium`, `ln(2) / t_half_${X}_medium`),
      derived(`pro0_${X}`, 'molecule', `basal ${CYT_NAME[X]} in the secretory pathway per cell`, `s0_${X} * t_secr`),
    ]),
  ];
  const initialAssignments = [
    { symbol: 'kon', formula: 'koff / K_tlr' },
    { symbol: 'k_proc', formula: 'ln(2) / t_half_proc' },
    { symbol: 'k_out', formula: '1 / tau_nfkb' },
    { symbol: 'k_basal', formula: 'k_out * f_nuc_basal / (1 - f_nuc_basal)' },
    { symbol: 'k_act', formula: 'k_out / C_half' },
    { symbol: 'k_secr', formula: '1 / t_secr' },
    ...CYTOKINES.flatMap((X) => [
      { symbol: `k_mdeg_${X}`, formula: `ln(2) / t_half_mRNA_${X}` },
      { symbol: `k_tx_${X}`, formula: `s0_${X} * k_mdeg_${X} / (k_transl * f_nuc_basal * NFkB_tot)` },
      { symbol: `k_cdeg_${X}`, formula: `ln(2) / t_half_${X}_medium` },
      { symbol: `pro0_${X}`, formula: `s0_${X} * t_secr` },
      // resting steady state of the cytokine chain
      { symbol: `${X}_mRNA`, formula: `s0_${X} / k_transl` },
      { symbol: `${X}_pro`, formula: `pro0_${X}` },
    ]),
    { symbol: 'TLR', formula: 'TLR_total' },
    { symbol: 'NFkB_n', formula: 'f_nuc_basal * NFkB_tot' },
    { symbol: 'NFkB_c', formula: '(1 - f_nuc_basal) * NFkB_tot' },
  ];
  const cellSpecies = (id: string, description: string) => ({ id, compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description });
  const species = [
    cellSpecies('miR_endo', 'agonist miRNA copies (miR-21 + miR-29a) in the endosomes of one macrophage (port)'),
    cellSpecies('TLR', 'free TLR8/TLR7 receptors per macrophage'),
    cellSpecies('TLR_miR', 'miRNA-bound (active) receptors per macrophage'),
    cellSpecies('NFkB_c', 'cytoplasmic (IkB-bound) NF-kB per macrophage'),
    cellSpecies('NFkB_n', 'nuclear (active) NF-kB per macrophage'),
    ...CYTOKINES.flatMap((X) => [
      cellSpecies(`${X}_mRNA`, `${CYT_NAME[X]} mRNA per macrophage`),
      cellSpecies(`${X}_pro`, `${CYT_NAME[X]} in the secretory pathway per macrophage`),
      { id: X, compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: `${CYT_NAME[X]} secreted into the medium by all N_cells macrophages (port)` },
    ]),
  ];
  const reactions: ReactionDoc[] = [
    { id: 'binding', name: 'endosomal miRNA binds TLR8/TLR7', equation: 'miR_endo + TLR -> TLR_miR', rate: 'kon * miR_endo * TLR' },
    { id: 'unbinding', name: 'miRNA-TLR complex dissociates', equation: 'TLR_miR -> miR_endo + TLR', rate: 'koff * TLR_miR' },
    { id: 'ligand_degradation', name: 'bound miRNA degraded, receptor freed', equation: 'TLR_miR -> TLR', rate: 'k_proc * TLR_miR' },
    { id: 'nfkb_basal_import', name: 'ligand-independent NF-kB nuclear import', equation: 'NFkB_c -> NFkB_n', rate: 'k_basal * NFkB_c' },
    { id: 'nfkb_activation', name: 'active TLR (via MyD88/IRAK/IKK) frees NF-kB into the nucleus', equation: 'NFkB_c -> NFkB_n', modifiers: ['TLR_miR'], rate: 'k_act * TLR_miR * NFkB_c' },
    { id: 'nfkb_export', name: 'IkB-mediated NF-kB export', equation: 'NFkB_n -> NFkB_c', rate: 'k_out * NFkB_n' },
    ...CYTOKINES.flatMap((X): ReactionDoc[] => [
      { id: `${X}_transcription`, name: `NF-kB drives ${CYT_NAME[X]} transcription`, equation: `-> ${X}_mRNA`, modifiers: ['NFkB_n'], rate: `k_tx_${X} * NFkB_n` },
      { id: `${X}_mRNA_decay`, equation: `${X}_mRNA ->`, rate: `k_mdeg_${X} * ${X}_mRNA` },
      { id: `${X}_translation`, equation: `-> ${X}_pro`, modifiers: [`${X}_mRNA`], rate: `k_transl * ${X}_mRNA` },
      { id: `${X}_secretion_exit`, name: `${CYT_NAME[X]} leaves the cell`, equation: `${X}_pro ->`, rate: `k_secr * ${X}_pro` },
      { id: `${X}_secretion`, name: `${CYT_NAME[X]} secreted into the medium by all macrophages`, equation: `-> ${X}`, modifiers: [`${X}_pro`], rate: `N_cells * k_secr * ${X}_pro` },
      { id: `${X}_decay`, name: `${CYT_NAME[X]} decay in the medium`, equation: `${X} ->`, rate: `k_cdeg_${X} * ${X}` },
    ]),
  ];
  return {
    id: 'tlr_signalling',
    name: 'Exosomal miR-21/miR-29a as TLR8/TLR7 agonists: NF-kB and TNF-alpha/IL-6 secretion',
    description: 'Fabbri 2012: endosomal miRNA binds TLR8/TLR7, activates NF-kB (2-state, tau 30 min), drives TNF-alpha and IL-6 secretion with a 1-2 h lag.',
    ports: ['cell', 'medium', 'miR_endo', 'N_cells', 'TNF', 'IL6'],
    compartments: [
      { id: 'cell', size: 2, unit: 'pL', description: 'cytoplasm of one macrophage (port)' },
      { id: 'medium', size: 1, unit: 'mL', description: 'medium the cytokines are secreted into (port)' },
    ],
    species,
    parameters,
    initialAssignments,
    reactions,
    observables: [
      { id: 'occupancy', name: 'fraction of TLR bound by miRNA', formula: 'piecewise(TLR_miR / TLR_total, TLR_total > 0, 0)', unit: 'dimensionless' },
      { id: 'NFkB_nuclear_fraction', formula: 'NFkB_n / NFkB_tot', unit: 'dimensionless' },
      { id: 'TNF_secretion_fold', name: 'TNF-alpha secretion rate over the resting rate', formula: 'TNF_pro / pro0_TNF', unit: 'dimensionless' },
      { id: 'IL6_secretion_fold', name: 'IL-6 secretion rate over the resting rate', formula: 'IL6_pro / pro0_IL6', unit: 'dimensionless' },
      { id: 'TNF_pg_per_mL', formula: 'TNF * MW_TNF / medium', unit: 'pg/mL' },
      { id: 'IL6_pg_per_mL', formula: 'IL6 * MW_IL6 / medium', unit: 'pg/mL' },
    ],
  };
}

function describe(): string[] {
  const d = TLR_DEFAULTS;
  return [
    `Endosomal miR-21/miR-29a copies (miR_endo) bind the TLR_total = ${d.TLR_total} TLR8/TLR7 receptors of a macrophage by mass action with half-occupancy at K_tlr = ${d.K_tlr} copies per cell (koff = ${d.koff} /h; no published value, Fabbri 2012 / parameters.md §7.4); the bound miRNA is degraded with t_half_proc = ${d.t_half_proc} h, freeing the receptor.`,
    `Each active complex frees NF-kB into the nucleus (k_act = k_out / C_half, C_half = ${d.C_half} complexes); NF-kB returns to the cytoplasm with tau_nfkb = ${d.tau_nfkb} min; at rest a fraction f_nuc_basal = ${d.f_nuc_basal} of NFkB_tot = ${d.NFkB_tot.toExponential(0)} molecules is nuclear, so secretion can rise at most ${1 / d.f_nuc_basal}-fold.`,
    `Nuclear NF-kB drives TNF-alpha and IL-6 transcription (mRNA half-lives ${d.t_half_mRNA_TNF} h and ${d.t_half_mRNA_IL6} h), k_transl = ${d.k_transl} cytokines per mRNA per h, and secretion after t_secr = ${d.t_secr} h; the resting cell secretes s0_TNF = ${d.s0_TNF} and s0_IL6 = ${d.s0_IL6} molecules/h.`,
    `The N_cells macrophages secrete into the medium, where TNF-alpha and IL-6 decay with half-lives ${d.t_half_TNF_medium} h and ${d.t_half_IL6_medium} h.`,
    'A receptor knockout (TLR7-/- mice, or TLR8 blocked) is TLR_total = 0: no ligand-driven NF-kB activation, basal cytokine secretion only.',
  ];
}

export const mechanism: Mechanism = {
  id: 'tlr-signalling',
  number: 9,
  title: 'Non-canonical signalling: exosomal miR-21/miR-29a activate TLR8/TLR7, NF-kB and TNF-alpha/IL-6',
  summary:
    'miR-21 and miR-29a delivered to macrophage endosomes bind TLR8 (human) / TLR7 (mouse) by mass action; active receptors drive NF-kB into the nucleus (2-state model, tau 30 min); nuclear NF-kB drives TNF-alpha and IL-6 transcription, translation and secretion (1-2 h lag) into the medium (Fabbri 2012). Main assumption: receptor activation proportional to occupancy, no IkB oscillations; receptor knockout = TLR_total 0.',
  ports: [
    { id: 'cell', kind: 'compartment', description: 'cytoplasm of one macrophage (pL)' },
    { id: 'medium', kind: 'compartment', description: 'medium or interstitium the cytokines are secreted into (mL)' },
    { id: 'miR_endo', kind: 'species', description: 'agonist miRNA copies (miR-21 + miR-29a) in the endosomes of one macrophage, from uptake (molecule)' },
    { id: 'N_cells', kind: 'parameter', description: 'number of macrophages the instance stands for (dimensionless)' },
    { id: 'TNF', kind: 'species', description: 'TNF-alpha secreted into the medium (molecule)' },
    { id: 'IL6', kind: 'species', description: 'IL-6 secreted into the medium (molecule)' },
  ],
  options: [],
  module: () => buildModule(),
  describe: () => describe(),
  references: [
    'Fabbri M, Paone A, Calore F, et al. (2012) MicroRNAs bind to Toll-like receptors to induce prometastatic inflammatory response. PNAS 109:E2110-E2116.',
    'Heil F, Hemmi H, Hochrein H, et al. (2004) Species-specific recognition of single-stranded RNA via Toll-like receptor 7 and 8. Science 303:1526-1529.',
    'Hoffmann A, Levchenko A, Scott ML, Baltimore D (2002) The IkB-NF-kB signaling module: temporal control and selective gene activation. Science 298:1241-1245.',
    'Lipniacki T, Paszek P, Brasier AR, Luxon B, Kimmel M (2004) Mathematical model of NF-kB regulatory module. J Theor Biol 228:195-215.',
  ],
};
