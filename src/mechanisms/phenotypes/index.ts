/**
 * Mechanism 10 (SYSTEM.md): phenotypes of recipient cells, read from the levels of miRNA target proteins.
 *
 * Sub-modules (option `phenotype`, several joined with '+', or 'all'):
 *   proliferation   PTEN -| PI3K/AKT -> proliferation and survival (parameters.md §7.3)
 *   invasion        HOXD10 -| RHOC -> invasion (Ma et al. 2007; parameters.md §7.3, §4.3)
 *   migration       c-Myb -> migration readout (Zhang et al. 2010)
 *   emt             miR-200/ZEB double-negative feedback switch (Lu et al. 2013 PNAS; parameters.md §0 #25, §7.1)
 *   resistance      MDR1 efflux -> drug (temozolomide, cisplatin) kill (Munoz 2013; Xiao 2014)
 *   transformation  a score from PTEN and HOXD10 loss crossing a threshold (Melo et al. 2014)
 *
 * Every readout is normalised to the unperturbed control (target at its reference level), so that the numbers
 * are "fraction of control" as in the papers' figures.
 */
import type { EventDoc, FunctionDoc, InitialAssignmentDoc, ModuleDoc, ObservableDoc, ParameterDoc, ReactionDoc, RuleDoc, SpeciesDoc, CompartmentDoc } from '../../model/types.js';
import type { Mechanism, MechanismPort } from '../types.js';

type Tag = 'S' | 'S2' | 'C' | 'D' | 'R';
type Conf = 'high' | 'medium' | 'low';

/** A sourced parameter (value in `unit`, plausible range, citation naming the paper and parameters.md section). */
function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: Tag, confidence: Conf, note?: string): ParameterDoc {
  return { id, value, unit, range, description, confidence, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) } };
}

export const PHENOTYPES = ['proliferation', 'invasion', 'migration', 'emt', 'resistance', 'transformation'] as const;
export type Phenotype = (typeof PHENOTYPES)[number];

/** The sub-modules selected by the `phenotype` option ('all', one name, or names joined with '+' or ','). */
export function selectedPhenotypes(opts?: Record<string, string>): Set<Phenotype> {
  const raw = (opts?.phenotype ?? 'all').trim();
  if (raw === 'all') return new Set(PHENOTYPES);
  const out = new Set<Phenotype>();
  for (const part of raw.split(/[+,]/).map((s) => s.trim()).filter(Boolean)) {
    if (!(PHENOTYPES as readonly string[]).includes(part)) throw new Error(`phenotypes: unknown phenotype '${part}' (choose from all, ${PHENOTYPES.join(', ')}; join several with '+')`);
    out.add(part as Phenotype);
  }
  if (out.size === 0) throw new Error("phenotypes: option 'phenotype' is empty");
  return out;
}

// Lu et al. 2013 (PNAS 110:18144) miRNA-mRNA binding factors for i = 0..6 bound miR-200 (parameters.md §7.1, tag C):
// translation factor L_i, active mRNA degradation gamma_m,i (1/h), miRNA co-degradation gamma_mu,i (1/h).
const LU_L = [1, 0.6, 0.3, 0.1, 0.05, 0.05, 0.05];
const LU_GM = [0, 0.04, 0.2, 1, 1, 1, 1];
const LU_GU = [0, 0.005, 0.05, 0.5, 0.5, 0.5, 0.5];
const BINOM6 = [1, 6, 15, 20, 15, 6, 1];

/** Sum_i c_i * C(6,i) * M_i(u), M_i(u) = (u/u0)^i / (1 + u/u0)^6 (Lu 2013 SI), as an expression in u, u0. */
function luSum(coef: number[], withI: boolean): string {
  const terms: string[] = [];
  for (let i = 0; i <= 6; i++) {
    const c = coef[i]! * BINOM6[i]! * (withI ? i : 1);
    if (c === 0) continue;
    terms.push(i === 0 ? `${c}` : `${c} * (u / u0)^${i}`);
  }
  return `(${terms.join(' + ')}) / (1 + u / u0)^6`;
}

export const EMT_STATES = {
  // Steady states of the ZEB/miR-200 module at SNAIL = 200e3 molecules with the Lu 2013 parameters (computed by
  // root-finding of the three steady-state equations; see README): miR-200, ZEB mRNA, ZEB protein (molecules).
  mesenchymal: { miR200: 1714, ZEB_mRNA: 827.5, ZEB: 563720 },
  epithelial: { miR200: 18668, ZEB_mRNA: 65.8, ZEB: 6456 },
} as const;

const LU = 'Lu M, Jolly MK, Levine H, Onuchic JN, Ben-Jacob E (2013) PNAS 110:18144';

function buildModule(opts?: Record<string, string>): ModuleDoc {
  const sel = selectedPhenotypes(opts);
  const drug = opts?.drug ?? 'temozolomide';
  if (drug !== 'temozolomide' && drug !== 'cisplatin') throw new Error(`phenotypes: unknown drug '${drug}' (temozolomide or cisplatin)`);
  const emtStart = opts?.emt_start ?? 'mesenchymal';
  if (emtStart !== 'mesenchymal' && emtStart !== 'epithelial') throw new Error(`phenotypes: unknown emt_start '${emtStart}'`);
  const needPTEN = sel.has('proliferation') || sel.has('transformation');
  const needHOX = sel.has('invasion') || sel.has('transformation');

  const ports: string[] = ['cell'];
  const compartments: CompartmentDoc[] = [{ id: 'cell', size: 1.4, unit: 'pL', description: 'cytoplasm of one recipient cell (Mihaila et al. 2017 V_intra, parameters.md §5)' }];
  const species: SpeciesDoc[] = [];
  const parameters: ParameterDoc[] = [];
  const reactions: ReactionDoc[] = [];
  const rules: RuleDoc[] = [];
  const ias: InitialAssignmentDoc[] = [];
  const functions: FunctionDoc[] = [];
  const events: EventDoc[] = [];
  const observables: ObservableDoc[] = [];
  const count = (id: string, initial: number, description: string, unit = 'molecule', compartment = 'cell'): SpeciesDoc => ({ id, compartment, initialAmount: initial, unit, hasOnlySubstanceUnits: true, description });

  const refNote = 'Only the ratio to this reference enters the phenotype; bind it to the unperturbed steady state of the target (target-silencing module).';
  if (needPTEN) {
    ports.push('PTEN', 'PTEN_ref');
    species.push(count('PTEN', 1e4, 'PTEN protein per recipient cell (port: bind to the target protein of a target-silencing instance)'));
    parameters.push(par('PTEN_ref', 1e4, 'molecule', [1e2, 1e6], 'PTEN protein copies per cell in unexposed control cells (reference of the normalisation)', 'no copy number in the sources; order of magnitude of signalling proteins (parameters.md §11 item 7: target abundance is R-tagged)', 'R', 'low', refNote));
  }
  if (needHOX) {
    ports.push('HOXD10', 'HOXD10_ref');
    species.push(count('HOXD10', 1e4, 'HOXD10 protein per recipient cell (port: bind to the target protein of a target-silencing instance)'));
    parameters.push(par('HOXD10_ref', 1e4, 'molecule', [1e2, 1e6], 'HOXD10 protein copies per cell in unexposed control cells (reference of the normalisation)', 'no copy number in the sources (parameters.md §4.3: no HOXD10-specific data; §11 item 7)', 'R', 'low', refNote));
  }

  if (sel.has('proliferation')) {
    // AKT_rel = (1 + 1/K) / (1 + (PTEN/PTEN_ref)/K): PI3K/AKT activity relative to control, activity ∝ 1/(1 + PTEN/K) (parameters.md §7.3)
    // prolif_rel = 1 + a_prolif (1 - PTEN/PTEN_ref)  (parameters.md §7.3 suggested phenotype map)
    // death rate = d0 / AKT_rel (AKT is pro-survival); dN/dt = (r0 prolif_rel - d0 / AKT_rel) N
    ports.push('prolif_rel', 'AKT_rel');
    parameters.push(
      par('K_AKT', 1, 'dimensionless', [0.1, 10], 'PTEN level (as a fraction of PTEN_ref) giving half-maximal inhibition of PI3K/AKT activity', 'parameters.md §7.3 (PI3K/AKT activity ∝ 1/(1 + PTEN/K)); K not given there: assumption K = PTEN_ref', 'R', 'low'),
      par('a_prolif', 1, 'dimensionless', [0.5, 1], 'gain of proliferation on PTEN loss: complete loss multiplies the proliferation rate by 1 + a_prolif', 'Meng et al. 2007 Gastroenterology 133:647 (miR-21 -| PTEN raises proliferation); parameters.md §7.3 (a = 0.5-1 so that loss of PTEN roughly doubles proliferation)', 'R', 'low'),
      par('r0_prolif', 0.029, '1/h', [0.014, 0.058], 'proliferation rate of control recipient cells in culture (doubling time ln2/r0 = 24 h)', 'not in parameters.md; typical doubling of non-tumorigenic epithelial lines in culture (MCF-10A, ~24 h)', 'R', 'low'),
      par('d0_death', 0.005, '1/h', [0.001, 0.02], 'death rate of control recipient cells in culture', 'not in parameters.md; assumption for sub-confluent cultures', 'R', 'low'),
      par('N0_culture', 1e5, 'cell', [1e3, 1e7], 'recipient cells seeded per well at the start of the exposure', 'protocol choice (1e5 cells per well, as in the flagship model examples/flagship/exosome-transfer.yaml)', 'R', 'medium'),
      { id: 'AKT_rel', unit: 'dimensionless', description: 'PI3K/AKT activity relative to control (assignment rule)' },
      { id: 'prolif_rel', unit: 'dimensionless', description: 'proliferation rate relative to control (assignment rule)' },
      { id: 'survival_rel', unit: 'dimensionless', description: 'survival (inverse death rate) relative to control (assignment rule)' },
    );
    rules.push(
      { type: 'assignment', variable: 'AKT_rel', formula: '(1 + 1 / K_AKT) / (1 + PTEN / (K_AKT * PTEN_ref))' },
      { type: 'assignment', variable: 'prolif_rel', formula: 'max(0, 1 + a_prolif * (1 - PTEN / PTEN_ref))' },
      { type: 'assignment', variable: 'survival_rel', formula: 'AKT_rel' },
    );
    species.push({ id: 'N_viable', compartment: 'cell', unit: 'cell', hasOnlySubstanceUnits: true, description: 'viable recipient cells in the culture (count; lives in the cell compartment for bookkeeping only)' });
    ias.push({ symbol: 'N_viable', formula: 'N0_culture' });
    reactions.push(
      { id: 'division', name: 'recipient cell division, raised by PTEN loss', equation: '-> N_viable', modifiers: needPTEN ? ['PTEN'] : [], rate: 'r0_prolif * prolif_rel * N_viable' },
      { id: 'death', name: 'recipient cell death, lowered by AKT activity', equation: 'N_viable ->', rate: 'd0_death / AKT_rel * N_viable' },
    );
    // control culture: N_ctrl(t) = N0 exp((r0 - d0) t) (PTEN = PTEN_ref); viable_rel = N / N_ctrl
    observables.push({ id: 'viable_rel', name: 'viable cells relative to the unexposed control culture', formula: 'N_viable / (N0_culture * exp((r0_prolif - d0_death) * time))', unit: 'dimensionless' });
    observables.push({ id: 'PTEN_rel', name: 'PTEN relative to control', formula: 'PTEN / PTEN_ref', unit: 'dimensionless' });
  }

  if (sel.has('invasion')) {
    // RHOC transcription repressed by HOXD10 (Ma et al. 2007): d RHOC/dt = k_syn / (1 + HOXD10 / (K_HOX HOXD10_ref)) - k_deg RHOC
    // invasion_rel = 1 + a_inv (RHOC / RHOC_ctrl - 1)
    ports.push('invasion_rel');
    parameters.push(
      par('K_HOX', 1, 'dimensionless', [0.1, 10], 'HOXD10 level (fraction of HOXD10_ref) giving half-maximal repression of RHOC', 'Ma, Teruya-Feldstein & Weinberg 2007 Nature 449:682 (HOXD10 -| RHOC, mechanism only); parameters.md §7.3; value an assumption', 'R', 'low'),
      par('t_half_RHOC', 46, 'h', [0.75, 100], 'RHOC protein half-life (median protein half-life used)', 'Schwanhausser et al. 2011 Nature 473:337, median protein half-life, parameters.md §4.3 (no RHOC-specific value)', 'R', 'medium'),
      par('RHOC_ctrl', 1e4, 'molecule', [1e2, 1e6], 'RHOC copies per cell in control cells (only ratios matter)', 'no copy number in the sources (parameters.md §11 item 7)', 'R', 'low'),
      par('a_inv', 1, 'dimensionless', [0.5, 2], 'gain of invasion on RHOC: invasion_rel = 1 + a_inv (RHOC/RHOC_ctrl - 1)', 'Ma et al. 2007 Nature 449:682 (RHOC drives invasion); proportional map, an assumption (parameters.md §7.3 style)', 'R', 'low'),
      { id: 'k_RHOC_syn', unit: 'molecule/h', description: 'RHOC synthesis at zero HOXD10 (initial assignment: control steady state equals RHOC_ctrl)' },
      { id: 'invasion_rel', unit: 'dimensionless', description: 'invasion relative to control (assignment rule)' },
    );
    ias.push({ symbol: 'k_RHOC_syn', formula: 'RHOC_ctrl * ln(2) / t_half_RHOC * (1 + 1 / K_HOX)' });
    species.push({ id: 'RHOC', compartment: 'cell', unit: 'molecule', hasOnlySubstanceUnits: true, description: 'RHOC protein per recipient cell' });
    ias.push({ symbol: 'RHOC', formula: 'RHOC_ctrl' });
    reactions.push(
      { id: 'RHOC_synthesis', name: 'RHOC synthesis repressed by HOXD10', equation: '-> RHOC', modifiers: ['HOXD10'], rate: 'k_RHOC_syn / (1 + HOXD10 / (K_HOX * HOXD10_ref))' },
      { id: 'RHOC_decay', equation: 'RHOC ->', rate: 'ln(2) / t_half_RHOC * RHOC' },
    );
    rules.push({ type: 'assignment', variable: 'invasion_rel', formula: 'max(0, 1 + a_inv * (RHOC / RHOC_ctrl - 1))' });
    observables.push({ id: 'HOXD10_rel', name: 'HOXD10 relative to control', formula: 'HOXD10 / HOXD10_ref', unit: 'dimensionless' });
    observables.push({ id: 'RHOC_rel', name: 'RHOC relative to control', formula: 'RHOC / RHOC_ctrl', unit: 'dimensionless' });
  }

  if (sel.has('migration')) {
    // migration_rel = 1 + a_mig (1 - cMYB / cMYB_ref)  (Zhang et al. 2010: miR-150 -| c-Myb raises endothelial migration)
    ports.push('cMYB', 'cMYB_ref', 'migration_rel');
    species.push(count('cMYB', 1e4, 'c-Myb protein per recipient cell (port: bind to the target protein of a target-silencing instance)'));
    parameters.push(
      par('cMYB_ref', 1e4, 'molecule', [1e2, 1e6], 'c-Myb protein copies per cell in control cells (reference)', 'no copy number in the sources (parameters.md §11 item 7)', 'R', 'low', refNote),
      par('a_mig', 1, 'dimensionless', [0.5, 2], 'gain of migration on c-Myb loss: complete loss multiplies migration by 1 + a_mig', 'Zhang Y et al. 2010 Mol Cell 39:133 (miR-150 -| c-Myb raises HMEC-1 migration, direction only); proportional map an assumption as parameters.md §7.3', 'R', 'low'),
      { id: 'migration_rel', unit: 'dimensionless', description: 'migration relative to control (assignment rule)' },
    );
    rules.push({ type: 'assignment', variable: 'migration_rel', formula: 'max(0, 1 + a_mig * (1 - cMYB / cMYB_ref))' });
    observables.push({ id: 'cMYB_rel', name: 'c-Myb relative to control', formula: 'cMYB / cMYB_ref', unit: 'dimensionless' });
  }

  if (sel.has('emt')) {
    // Lu et al. 2013, ZEB/miR-200 module with SNAIL as input (parameters.md §7.1, tag C):
    //  d mu/dt = g_mu HS(Z; Z0_mu, nZ_mu, lZ_mu) HS(S; S0_mu, nS_mu, lS_mu) - mZ Y_mu(mu) - k_mu mu
    //  d mZ/dt = g_mZ HS(Z; Z0_mZ, nZ_mZ, lZ_mZ) HS(S; S0_mZ, nS_mZ, lS_mZ) - mZ Y_m(mu) - k_mZ mZ
    //  d Z/dt  = g_Z mZ L(mu) - k_Z Z
    // HS(x; x0, n, l) = (1 + l (x/x0)^n) / (1 + (x/x0)^n); L, Y_m, Y_mu: binomial sums over i bound miR-200 (6 sites).
    const st = EMT_STATES[emtStart];
    ports.push('miR200', 'SNAIL', 'epithelial_score');
    species.push(
      count('miR200', st.miR200, 'miR-200 copies per cell (endogenous plus delivered; port)'),
      count('ZEB_mRNA', st.ZEB_mRNA, 'ZEB mRNA copies per cell'),
      count('ZEB', st.ZEB, 'ZEB protein copies per cell'),
    );
    const c = `${LU} (parameters.md §7.1, from public implementations)`;
    parameters.push(
      par('g_miR200', 2.1e3, 'molecule/h', [1e3, 5e3], 'miR-200 production', `${LU}; parameters.md §0 #25, §7.1`, 'C', 'medium'),
      par('k_miR200', 0.05, '1/h', [0.02, 0.1], 'miR-200 decay (t1/2 13.9 h)', `${LU}; parameters.md §0 #25, §4.3`, 'C', 'medium'),
      par('g_ZEB_mRNA', 11, 'molecule/h', [5, 25], 'ZEB mRNA production', c, 'C', 'medium'),
      par('k_ZEB_mRNA', 0.5, '1/h', [0.09, 1], 'ZEB mRNA decay (Tian 2013: 0.09 /h)', `${c}; §4.3`, 'C', 'medium'),
      par('g_ZEB', 100, '1/h', [50, 200], 'ZEB translation per mRNA', c, 'C', 'medium'),
      par('k_ZEB', 0.1, '1/h', [0.1, 1.66], 'ZEB protein decay (Tian 2013: 1.66 /h)', `${c}; §4.3`, 'C', 'medium'),
      par('mu0_200', 10e3, 'molecule', [5e3, 2e4], 'miR-200/ZEB mRNA binding constant (6 sites on ZEB mRNA)', c, 'C', 'medium'),
      par('Z0_miR200', 220e3, 'molecule', [1e5, 4e5], 'ZEB threshold for repression of miR-200', c, 'C', 'medium'),
      par('n_Z_miR200', 3, 'dimensionless', [1, 4], 'Hill coefficient ZEB -| miR-200', c, 'C', 'medium'),
      par('l_Z_miR200', 0.1, 'dimensionless', [0.01, 0.5], 'fold change of miR-200 production by ZEB', c, 'C', 'medium'),
      par('S0_miR200', 180e3, 'molecule', [1e5, 3e5], 'SNAIL threshold for repression of miR-200', c, 'C', 'medium'),
      par('n_S_miR200', 2, 'dimensionless', [1, 4], 'Hill coefficient SNAIL -| miR-200', c, 'C', 'medium'),
      par('l_S_miR200', 0.1, 'dimensionless', [0.01, 0.5], 'fold change of miR-200 production by SNAIL', c, 'C', 'medium'),
      par('Z0_ZEB_mRNA', 25e3, 'molecule', [1e4, 5e4], 'ZEB threshold of ZEB self-activation', c, 'C', 'medium'),
      par('n_Z_ZEB_mRNA', 2, 'dimensionless', [1, 4], 'Hill coefficient of ZEB self-activation', c, 'C', 'medium'),
      par('l_Z_ZEB_mRNA', 7.5, 'dimensionless', [2, 15], 'fold change of ZEB self-activation', c, 'C', 'medium'),
      par('S0_ZEB_mRNA', 180e3, 'molecule', [1e5, 3e5], 'SNAIL threshold of ZEB activation', c, 'C', 'medium'),
      par('n_S_ZEB_mRNA', 2, 'dimensionless', [1, 4], 'Hill coefficient SNAIL -> ZEB', c, 'C', 'medium'),
      par('l_S_ZEB_mRNA', 10, 'dimensionless', [2, 20], 'fold change of ZEB activation by SNAIL', c, 'C', 'medium'),
      par('SNAIL', 200e3, 'molecule', [0, 3e5], 'SNAIL protein per cell, the input of the switch (Lu 2013 bifurcation parameter); 200e3 lies in the window 188e3-210e3 where the epithelial and mesenchymal states coexist',
        `${LU} (parameters.md §7.1); the value is chosen inside the multistable window computed here from the §7.1 parameters`, 'D', 'medium', 'steady states found by root-finding of the three steady-state equations for SNAIL in 180e3-230e3 (README)'),
      par('ZEB_half', 5e4, 'molecule', [2e4, 2e5], 'ZEB level of half epithelial score (between the hybrid (~5e4) and mesenchymal (~5.6e5) states)', `${LU} (parameters.md §7.1): the E, hybrid and M states at SNAIL = 200e3 have ZEB 6.5e3, 5.2e4 and 5.6e5`, 'D', 'medium', 'score = 1/(1+(ZEB/ZEB_half)^2): E 0.98, hybrid 0.48, M 0.008'),
      { id: 'epithelial_score', unit: 'dimensionless', description: 'epithelial score 1/(1 + (ZEB/ZEB_half)^2): 1 epithelial, 0.5 hybrid, 0 mesenchymal (assignment rule; port to the tissue module)' },
    );
    functions.push(
      { id: 'hs', args: ['x', 'x0', 'n', 'l'], formula: '(1 + l * (x / x0)^n) / (1 + (x / x0)^n)' },
      { id: 'lu_L', args: ['u', 'u0'], formula: luSum(LU_L, false) },
      { id: 'lu_Ym', args: ['u', 'u0'], formula: luSum(LU_GM, false) },
      { id: 'lu_Yu', args: ['u', 'u0'], formula: luSum(LU_GU, true) },
    );
    reactions.push(
      { id: 'miR200_production', name: 'miR-200 transcription, repressed by ZEB and SNAIL', equation: '-> miR200', modifiers: ['ZEB'], rate: 'g_miR200 * hs(ZEB, Z0_miR200, n_Z_miR200, l_Z_miR200) * hs(SNAIL, S0_miR200, n_S_miR200, l_S_miR200)' },
      { id: 'miR200_decay', equation: 'miR200 ->', rate: 'k_miR200 * miR200' },
      // gamma_mu,i in 1/h per bound complex; ZEB_mRNA * Y_mu(mu) in molecule/h (Y carries 1/h through the literal gammas)
      { id: 'miR200_codegradation', name: 'miR-200 degraded with the ZEB mRNA it binds', equation: 'miR200 ->', modifiers: ['ZEB_mRNA'], rate: 'ZEB_mRNA * lu_Yu(miR200, mu0_200) / time_unit_h' },
      { id: 'ZEB_mRNA_production', name: 'ZEB transcription, activated by ZEB and SNAIL', equation: '-> ZEB_mRNA', modifiers: ['ZEB'], rate: 'g_ZEB_mRNA * hs(ZEB, Z0_ZEB_mRNA, n_Z_ZEB_mRNA, l_Z_ZEB_mRNA) * hs(SNAIL, S0_ZEB_mRNA, n_S_ZEB_mRNA, l_S_ZEB_mRNA)' },
      { id: 'ZEB_mRNA_decay', equation: 'ZEB_mRNA ->', rate: 'k_ZEB_mRNA * ZEB_mRNA' },
      { id: 'ZEB_mRNA_silencing', name: 'miR-200-directed ZEB mRNA decay', equation: 'ZEB_mRNA ->', modifiers: ['miR200'], rate: 'ZEB_mRNA * lu_Ym(miR200, mu0_200) / time_unit_h' },
      { id: 'ZEB_translation', name: 'ZEB translation, repressed by bound miR-200', equation: '-> ZEB', modifiers: ['ZEB_mRNA', 'miR200'], rate: 'g_ZEB * ZEB_mRNA * lu_L(miR200, mu0_200)' },
      { id: 'ZEB_decay', equation: 'ZEB ->', rate: 'k_ZEB * ZEB' },
    );
    parameters.push(par('time_unit_h', 1, 'h', [1, 1], 'one hour: the unit of the literal gamma factors of Lu 2013 (1/h), so that they convert with the model time unit', `${LU} (parameters.md §7.1: gamma_m,i and gamma_mu,i in 1/h)`, 'C', 'high'));
    rules.push({ type: 'assignment', variable: 'epithelial_score', formula: '1 / (1 + (ZEB / ZEB_half)^2)' });
    observables.push({ id: 'ZEB_rel_M', name: 'ZEB relative to the mesenchymal state', formula: `ZEB / ${EMT_STATES.mesenchymal.ZEB}`, unit: 'dimensionless' });
  }

  if (sel.has('resistance')) {
    // Intracellular drug relative to external: C_in = drug / (1 + r_efflux * MDR1 / MDR1_ref) (P-gp efflux)
    // kill rate k = kmax * C_in^h / (EC50^h + C_in^h); d viability/dt = -k viability
    const d = drug === 'temozolomide'
      ? { dose: 100, ec50: 200, range: [20, 1000] as [number, number], cite: 'Munoz JL et al. 2013 Mol Ther Nucleic Acids 2:e126 (temozolomide-resistant GBM; anti-miR-9 lowers MDR1); temozolomide IC50 in GBM lines ~100-1000 uM' }
      : { dose: 10, ec50: 10, range: [1, 50] as [number, number], cite: 'Xiao X et al. 2014 (A549 cisplatin resistance passed on by exosomes); cisplatin IC50 in lung cancer lines ~5-20 uM' };
    ports.push('MDR1', 'MDR1_ref', 'drug');
    species.push(count('MDR1', 1e4, 'MDR1 (P-glycoprotein) per recipient cell (port: bind to the target protein of a target-silencing instance)'));
    species.push({ id: 'viability_drug', compartment: 'cell', initialAmount: 1, unit: 'dimensionless', hasOnlySubstanceUnits: true, description: 'fraction of cells surviving the drug' });
    parameters.push(
      par('MDR1_ref', 1e4, 'molecule', [1e2, 1e6], 'MDR1 copies per cell in control (resistant) cells (reference)', 'no copy number in the sources (parameters.md §11 item 7)', 'R', 'low', refNote),
      par('drug', d.dose, 'uM', d.range, `${drug} concentration in the medium (protocol)`, `protocol choice; ${d.cite} (not in parameters.md)`, 'R', 'low'),
      par('EC50_drug', d.ec50, 'uM', d.range, `intracellular ${drug} concentration giving half-maximal kill rate`, `${d.cite} (not in parameters.md)`, 'R', 'low'),
      par('h_drug', 1, 'dimensionless', [0.5, 3], 'Hill coefficient of the kill rate', 'standard sigmoid Emax model (assumption; not in parameters.md)', 'R', 'low'),
      par('kmax_kill', 0.03, '1/h', [0.005, 0.1], 'maximal drug kill rate', 'assumption (not in parameters.md): at saturating drug most cells die within 3 days', 'R', 'low'),
      par('r_efflux', 3, 'dimensionless', [0.5, 20], 'P-gp efflux strength at the control MDR1 level: intracellular drug is 1/(1 + r_efflux) of the external one', 'Munoz et al. 2013 (MDR1 confers temozolomide resistance, direction only); value an assumption (not in parameters.md)', 'R', 'low'),
      { id: 'drug_in', unit: 'uM', description: 'intracellular drug concentration (assignment rule)' },
      { id: 'k_kill', unit: '1/h', description: 'drug kill rate (assignment rule)' },
      { id: 'k_kill_ctrl', unit: '1/h', description: 'kill rate of control cells (MDR1 = MDR1_ref; initial assignment)' },
    );
    rules.push(
      { type: 'assignment', variable: 'drug_in', formula: 'drug / (1 + r_efflux * MDR1 / MDR1_ref)' },
      { type: 'assignment', variable: 'k_kill', formula: 'kmax_kill * drug_in^h_drug / (EC50_drug^h_drug + drug_in^h_drug)' },
    );
    ias.push({ symbol: 'k_kill_ctrl', formula: 'kmax_kill * (drug / (1 + r_efflux))^h_drug / (EC50_drug^h_drug + (drug / (1 + r_efflux))^h_drug)' });
    reactions.push({ id: 'drug_kill', name: 'drug-induced death', equation: 'viability_drug ->', modifiers: ['MDR1'], rate: 'k_kill * viability_drug' });
    // control: viability_ctrl(t) = exp(-k_kill_ctrl t); resistance_rel = viability / viability_ctrl
    observables.push({ id: 'resistance_rel', name: 'surviving fraction under drug relative to control cells', formula: 'viability_drug / exp(-k_kill_ctrl * time)', unit: 'dimensionless' });
    observables.push({ id: 'MDR1_rel', name: 'MDR1 relative to control', formula: 'MDR1 / MDR1_ref', unit: 'dimensionless' });
  }

  if (sel.has('transformation')) {
    // score = w_PTEN max(0, 1 - PTEN/PTEN_ref) + (1 - w_PTEN) max(0, 1 - HOXD10/HOXD10_ref); transformed := 1 when score >= theta
    ports.push('transformed', 'transform_score');
    parameters.push(
      par('w_PTEN', 0.5, 'dimensionless', [0, 1], 'weight of PTEN loss in the transformation score (HOXD10 loss has 1 - w_PTEN)', 'Melo et al. 2014 Cancer Cell 26:707 (PTEN and HOXD10 both fall in transformed MCF-10A; equal weights an assumption)', 'R', 'low'),
      par('theta_transform', 0.3, 'dimensionless', [0.1, 0.6], 'score at which a non-tumorigenic cell becomes tumorigenic (a ~1.4-fold repression of both targets)', 'assumption inside the typical 1.2-2-fold miRNA repression (parameters.md §4.1, §0 #20: losses of 17-50 %); Melo et al. 2014 (transformation follows PTEN/HOXD10 loss)', 'R', 'low'),
      { id: 'transform_score', unit: 'dimensionless', description: 'transformation score in [0, 1] (assignment rule)' },
      { id: 'transformed', value: 0, unit: 'dimensionless', constant: false, description: 'becomes 1 (and stays) when the score first reaches theta_transform (event)' },
    );
    rules.push({ type: 'assignment', variable: 'transform_score', formula: 'w_PTEN * max(0, 1 - PTEN / PTEN_ref) + (1 - w_PTEN) * max(0, 1 - HOXD10 / HOXD10_ref)' });
    events.push({ id: 'transformation', name: 'the cell becomes tumorigenic', trigger: 'transform_score >= theta_transform', initialValue: false, assignments: [{ variable: 'transformed', formula: '1' }] });
  }

  const mod: ModuleDoc = {
    id: 'phenotypes',
    name: 'Recipient-cell phenotypes',
    description: `Phenotypes of a recipient cell from its target proteins (${[...sel].join(', ')}), normalised to control.`,
    ports,
    compartments,
    species,
    parameters,
    reactions,
  };
  if (rules.length) mod.rules = rules;
  if (ias.length) mod.initialAssignments = ias;
  if (functions.length) mod.functions = functions;
  if (events.length) mod.events = events;
  if (observables.length) mod.observables = observables;
  return mod;
}

const PORTS: MechanismPort[] = [
  { id: 'cell', kind: 'compartment', description: 'cytoplasm of one recipient cell (pL)' },
  { id: 'PTEN', kind: 'species', description: 'PTEN protein per cell (molecule) [proliferation, transformation]' },
  { id: 'PTEN_ref', kind: 'parameter', description: 'PTEN copies in control cells (molecule) [proliferation, transformation]' },
  { id: 'HOXD10', kind: 'species', description: 'HOXD10 protein per cell (molecule) [invasion, transformation]' },
  { id: 'HOXD10_ref', kind: 'parameter', description: 'HOXD10 copies in control cells (molecule) [invasion, transformation]' },
  { id: 'cMYB', kind: 'species', description: 'c-Myb protein per cell (molecule) [migration]' },
  { id: 'cMYB_ref', kind: 'parameter', description: 'c-Myb copies in control cells (molecule) [migration]' },
  { id: 'MDR1', kind: 'species', description: 'MDR1 (P-gp) per cell (molecule) [resistance]' },
  { id: 'MDR1_ref', kind: 'parameter', description: 'MDR1 copies in control cells (molecule) [resistance]' },
  { id: 'drug', kind: 'parameter', description: 'drug concentration in the medium (uM) [resistance]' },
  { id: 'miR200', kind: 'species', description: 'miR-200 copies per cell, endogenous plus delivered (molecule) [emt]' },
  { id: 'SNAIL', kind: 'parameter', description: 'SNAIL protein per cell, input of the switch (molecule) [emt]' },
  { id: 'epithelial_score', kind: 'parameter', description: 'output: epithelial score 0 (M) .. 1 (E) (dimensionless) [emt]' },
  { id: 'prolif_rel', kind: 'parameter', description: 'output: proliferation rate relative to control (dimensionless) [proliferation]' },
  { id: 'AKT_rel', kind: 'parameter', description: 'output: PI3K/AKT activity relative to control (dimensionless) [proliferation]' },
  { id: 'invasion_rel', kind: 'parameter', description: 'output: invasion relative to control (dimensionless) [invasion]' },
  { id: 'migration_rel', kind: 'parameter', description: 'output: migration relative to control (dimensionless) [migration]' },
  { id: 'transform_score', kind: 'parameter', description: 'output: transformation score (dimensionless) [transformation]' },
  { id: 'transformed', kind: 'parameter', description: 'output: 1 once the cell is transformed, else 0 [transformation]' },
];

function describe(opts?: Record<string, string>): string[] {
  const sel = selectedPhenotypes(opts);
  const out: string[] = [`Phenotypes of one recipient cell from its target proteins; sub-modules: ${[...sel].join(', ')}; every readout is relative to unexposed control cells.`];
  if (sel.has('proliferation'))
    out.push('Proliferation: PI3K/AKT activity relative to control is (1 + 1/K_AKT)/(1 + PTEN/(K_AKT·PTEN_ref)) with K_AKT = 1; the proliferation rate is r0_prolif = 0.029 /h (doubling 24 h) times 1 + a_prolif·(1 − PTEN/PTEN_ref) with a_prolif = 1 (parameters.md §7.3), and the death rate d0_death = 0.005 /h is divided by the AKT activity; viable_rel compares the culture with the analytic control N0·exp((r0 − d0)t).');
  if (sel.has('invasion'))
    out.push('Invasion: HOXD10 represses RHOC synthesis as 1/(1 + HOXD10/(K_HOX·HOXD10_ref)) with K_HOX = 1; RHOC has a half-life t_half_RHOC = 46 h; invasion relative to control is 1 + a_inv·(RHOC/RHOC_ctrl − 1) with a_inv = 1 (Ma et al. 2007).');
  if (sel.has('migration')) out.push('Migration: migration relative to control is 1 + a_mig·(1 − cMYB/cMYB_ref) with a_mig = 1 (Zhang et al. 2010, miR-150 -| c-Myb).');
  if (sel.has('emt'))
    out.push(`EMT: the miR-200/ZEB switch of Lu et al. 2013 with miR-200 production g_miR200 = 2100 molecules/h and decay k_miR200 = 0.05 /h, ZEB mRNA production g_ZEB_mRNA = 11 molecules/h and decay 0.5 /h, ZEB translation g_ZEB = 100 /h per mRNA and decay k_ZEB = 0.1 /h, miR-200 binding constant mu0_200 = 10000 molecules on 6 sites; at the input SNAIL = 200000 molecules the epithelial (miR-200 18668, ZEB 6456) and mesenchymal (miR-200 1714, ZEB 563720) states coexist, and the cell starts ${opts?.emt_start ?? 'mesenchymal'}; epithelial_score = 1/(1 + (ZEB/ZEB_half)^2) with ZEB_half = 50000.`);
  if (sel.has('resistance'))
    out.push(`Drug resistance (${opts?.drug ?? 'temozolomide'}): MDR1 efflux lowers the intracellular drug to drug/(1 + r_efflux·MDR1/MDR1_ref) with r_efflux = 3; the kill rate is kmax_kill = 0.03 /h times an Emax term with EC50_drug and h_drug = 1; resistance_rel is the surviving fraction relative to control cells.`);
  if (sel.has('transformation'))
    out.push('Transformation: the score w_PTEN·(1 − PTEN/PTEN_ref) + (1 − w_PTEN)·(1 − HOXD10/HOXD10_ref) with w_PTEN = 0.5; when it reaches theta_transform = 0.3 the event sets transformed = 1 for good.');
  return out;
}

export const mechanism: Mechanism = {
  id: 'phenotypes',
  number: 10,
  title: 'Recipient-cell phenotypes',
  summary:
    'Phenotypes of a recipient cell computed from the levels of miRNA target proteins, each normalised to unexposed control cells: proliferation and survival through PTEN and PI3K/AKT, invasion through HOXD10 and RHOC, migration through c-Myb, epithelial and mesenchymal states through the miR-200/ZEB double-negative feedback switch of Lu et al. 2013, drug resistance through MDR1 efflux, and transformation of non-tumorigenic cells when a PTEN/HOXD10 loss score crosses a threshold. Main assumption: phenotypes follow the target proteins through simple monotone maps (parameters.md §7.3) except the EMT switch, which is the published multistable circuit.',
  ports: PORTS,
  options: [
    { name: 'phenotype', choices: ['all', ...PHENOTYPES], free: true, default: 'all', help: "which sub-module(s) to include; join several with '+', e.g. 'proliferation+invasion+transformation'" },
    { name: 'drug', choices: ['temozolomide', 'cisplatin'], default: 'temozolomide', help: 'drug of the resistance sub-module (sets the dose and EC50 defaults)' },
    { name: 'emt_start', choices: ['mesenchymal', 'epithelial'], default: 'mesenchymal', help: 'initial state of the miR-200/ZEB switch' },
  ],
  module: buildModule,
  describe,
  references: [
    'Lu M, Jolly MK, Levine H, Onuchic JN, Ben-Jacob E (2013) MicroRNA-based regulation of epithelial-hybrid-mesenchymal fate determination. PNAS 110:18144-18149. doi:10.1073/pnas.1318192110',
    'Meng F et al. (2007) MicroRNA-21 regulates expression of the PTEN tumor suppressor gene in human hepatocellular cancer. Gastroenterology 133:647-658.',
    'Ma L, Teruya-Feldstein J, Weinberg RA (2007) Tumour invasion and metastasis initiated by microRNA-10b in breast cancer. Nature 449:682-688.',
    'Zhang Y et al. (2010) Secreted monocytic miR-150 enhances targeted endothelial cell migration. Mol Cell 39:133-144.',
    'Munoz JL et al. (2013) Delivery of functional anti-miR-9 by mesenchymal stem cell-derived exosomes to glioblastoma multiforme cells conferred chemosensitivity. Mol Ther Nucleic Acids 2:e126.',
    'Melo SA et al. (2014) Cancer exosomes perform cell-independent microRNA biogenesis and promote tumorigenesis. Cancer Cell 26:707-721.',
    'Schwanhausser B et al. (2011) Global quantification of mammalian gene expression control. Nature 473:337-342.',
  ],
};
