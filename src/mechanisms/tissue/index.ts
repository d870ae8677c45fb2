/**
 * Mechanism 11 (SYSTEM.md): tissue and organism. Tumour growth of one or two cell populations (Gompertz, logistic or
 * exponential, sharing one carrying capacity), and optionally lung metastasis after tail-vein injection: arrest of
 * circulating cells in the lung, a fate decision of each seeded cell (colonise or die) whose colonisation probability
 * rises with the epithelial (MET) state, and Gompertz growth of the colonies.
 *
 * Counts are in cells (`cell` unit, hasOnlySubstanceUnits), rates per day (converted to the model time unit).
 */
import type { CompartmentDoc, EventDoc, InitialAssignmentDoc, ModuleDoc, ObservableDoc, ParameterDoc, ReactionDoc, RuleDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism, MechanismPort } from '../types.js';

type Tag = 'S' | 'S2' | 'C' | 'D' | 'R';
type Conf = 'high' | 'medium' | 'low';

function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: Tag, confidence: Conf, note?: string): ParameterDoc {
  return { id, value, unit, range, description, confidence, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) } };
}

export type GrowthLaw = 'gompertz' | 'logistic' | 'exponential';

function option<T extends string>(opts: Record<string, string> | undefined, name: string, choices: readonly T[], dflt: T): T {
  const v = (opts?.[name] ?? dflt) as T;
  if (!choices.includes(v)) throw new Error(`tissue: option ${name} must be one of ${choices.join(', ')} (got '${v}')`);
  return v;
}

const HG = 'Hori SS, Gambhir SS (2011) Sci Transl Med 3:109ra116, via J Transl Med 2018 Table 1 (parameters.md §6)';
const LUZZI = 'Luzzi KJ et al. (1998) Am J Pathol 153:865 and Chambers AF, Groom AC, MacDonald IC (2002) Nat Rev Cancer 2:563 (metastatic inefficiency; not in parameters.md)';

/** Per-capita growth factor of the chosen law (multiplied by the rate constant and the population's own factor). */
function lawFactor(law: GrowthLaw): string {
  // exponential: dN/dt = r N;  logistic: dN/dt = r N (1 - N_total/K);  Gompertz: dN/dt = alpha N ln(K / N_total)
  if (law === 'exponential') return '1';
  if (law === 'logistic') return '(1 - N_total / K_cap)';
  return 'ln(K_cap / N_total)';
}

function buildModule(opts?: Record<string, string>): ModuleDoc {
  const law = option(opts, 'growth', ['gompertz', 'logistic', 'exponential'] as const, 'gompertz');
  const pops = option(opts, 'populations', ['1', '2'] as const, '1');
  const meta = option(opts, 'metastasis', ['none', 'lung'] as const, 'none');
  const two = pops === '2';
  const rateId = law === 'gompertz' ? 'alpha_A' : 'r_A';
  const rateIdB = law === 'gompertz' ? 'alpha_B' : 'r_B';

  const ports = ['site', 'N_total', 'gf_A'];
  const compartments: CompartmentDoc[] = [{ id: 'site', size: 1, unit: 'mL', description: 'tissue or organ holding the primary tumour (its size does not enter the growth law)' }];
  const species: SpeciesDoc[] = [{ id: 'N_A', compartment: 'site', unit: 'cell', hasOnlySubstanceUnits: true, description: 'cells of population A (tumour cells)' }];
  const ias: InitialAssignmentDoc[] = [{ symbol: 'N_A', formula: 'N0_A' }];
  const parameters: ParameterDoc[] = [
    par('N0_A', 1e6, 'cell', [1, 1e10], 'initial cells of population A (implanted or at the start of the record)', 'protocol choice (e.g. 1e6 cells injected subcutaneously)', 'R', 'medium'),
  ];
  if (law === 'gompertz') {
    parameters.push(par('alpha_A', 4.2e-4, '1/d', [1e-5, 1], 'Gompertz rate constant of population A (per-capita growth alpha ln(K_cap/N))',
      `${HG}: k_gr = 5.78e-3 /d (doubling 120 d) taken as the per-capita rate at N0_A: alpha = k_gr / ln(K_cap/N0_A)`, 'D', 'low', 'alpha = 5.78e-3 / ln(1e12/1e6) = 4.18e-4 /d'));
  } else {
    parameters.push(par('r_A', 5.78e-3, '1/d', [1e-4, 2], `${law} growth rate of population A`, `${HG}: tumour growth rate k_gr = 5.78e-3 /d (doubling 120 d)`, 'S2', 'medium'));
  }
  if (law !== 'exponential') {
    parameters.push(par('K_cap', 1e12, 'cell', [1e9, 1e13], 'carrying capacity shared by the populations (Gompertz plateau, about 1 kg of tumour)', 'Norton L (1988) Cancer Res 48:7067 (Gompertzian growth of human breast cancers; plateau ~1e12 cells); not in parameters.md', 'R', 'low'));
  }
  parameters.push(
    par('gf_A', 1, 'dimensionless', [0, 10], 'growth factor of population A (port: e.g. a phenotype readout such as transformed or prolif_rel; 0 stops division)', 'model switch (no source needed)', 'D', 'high', 'multiplies the per-capita division rate'),
    par('kd_A', 0, '1/d', [0, 5], 'death rate of population A', 'assumption: net growth in the growth law (Hori & Gambhir 2011 use net growth), parameters.md §6', 'R', 'low'),
    par('V_cell', 2000, 'um^3/cell', [500, 5000], 'volume of one cell (tumour volume = cells x V_cell)', 'BioNumbers HeLa volume 500-5000 um^3 (parameters.md §1.2)', 'S', 'medium'),
    par('V_detect', 50, 'mm^3', [5, 500], 'tumour volume at which a tumour is scored as formed (palpable/measurable)', 'protocol choice (calliper-measurable xenograft ~50 mm^3); not in parameters.md', 'R', 'low'),
    { id: 'N_total', unit: 'cell', description: 'all tumour cells (assignment rule; port, e.g. to the N_cells of a secretion instance)' },
  );
  const rules: RuleDoc[] = [{ type: 'assignment', variable: 'N_total', formula: two ? 'N_A + N_B' : 'N_A' }];
  const reactions: ReactionDoc[] = [
    { id: 'growth_A', name: `${law} growth of population A`, equation: '-> N_A', rate: `max(0, ${rateId} * gf_A * ${lawFactor(law)}) * N_A` },
    { id: 'death_A', equation: 'N_A ->', rate: 'kd_A * N_A' },
  ];
  if (two) {
    ports.push('gf_B');
    species.push({ id: 'N_B', compartment: 'site', unit: 'cell', hasOnlySubstanceUnits: true, description: 'cells of population B (e.g. co-injected non-tumorigenic cells)' });
    ias.push({ symbol: 'N_B', formula: 'N0_B' });
    parameters.push(
      par('N0_B', 1e6, 'cell', [0, 1e10], 'initial cells of population B', 'protocol choice', 'R', 'medium'),
      law === 'gompertz'
        ? par('alpha_B', 4.2e-4, '1/d', [1e-5, 1], 'Gompertz rate constant of population B', `${HG} (as alpha_A)`, 'D', 'low', 'alpha = k_gr / ln(K_cap/N0)')
        : par('r_B', 5.78e-3, '1/d', [1e-4, 2], `${law} growth rate of population B`, `${HG} (as r_A)`, 'S2', 'medium'),
      par('gf_B', 1, 'dimensionless', [0, 10], 'growth factor of population B (port)', 'model switch (no source needed)', 'D', 'high'),
      par('kd_B', 0, '1/d', [0, 5], 'death rate of population B', 'assumption (parameters.md §6 net growth)', 'R', 'low'),
    );
    reactions.push(
      { id: 'growth_B', name: `${law} growth of population B`, equation: '-> N_B', rate: `max(0, ${rateIdB} * gf_B * ${lawFactor(law)}) * N_B` },
      { id: 'death_B', equation: 'N_B ->', rate: 'kd_B * N_B' },
    );
  }
  const observables: ObservableDoc[] = [
    { id: 'V_tumour', name: 'tumour volume', formula: 'N_total * V_cell', unit: 'mm^3' },
    { id: 'tumour_formed', name: '1 when the tumour volume exceeds V_detect', formula: 'piecewise(1, N_total * V_cell >= V_detect, 0)', unit: 'dimensionless' },
  ];
  const events: EventDoc[] = [];

  if (meta === 'lung') {
    // Tail-vein injection at t_inject: CTC += N_injected.
    //   CTC -> seeded (f_lung k_arrest CTC), CTC -> (other organs) ((1 - f_lung) k_arrest CTC)
    //   seeded -> metastases + N_met (k_fate P_col seeded), seeded -> (k_fate (1 - P_col) seeded)
    //   P_col = p_col_M + (p_col_E - p_col_M) E_score
    //   colonies (mean field): dN_met/dt = alpha_met (1 + b_E E_score) gf_met N_met ln(K_col metastases / N_met)
    ports.push('blood', 'lung', 'E_score', 'gf_met');
    compartments.push(
      { id: 'blood', size: 2, unit: 'mL', description: 'blood of a mouse (~2 mL)' },
      { id: 'lung', size: 0.2, unit: 'mL', description: 'mouse lungs' },
    );
    species.push(
      { id: 'CTC', compartment: 'blood', initialAmount: 0, unit: 'cell', hasOnlySubstanceUnits: true, description: 'injected tumour cells in the circulation' },
      { id: 'seeded', compartment: 'lung', initialAmount: 0, unit: 'cell', hasOnlySubstanceUnits: true, description: 'single tumour cells arrested in the lung, before their fate decision' },
      { id: 'metastases', compartment: 'lung', initialAmount: 0, unit: 'cell', hasOnlySubstanceUnits: true, description: 'founder cells of colonies = number of lung metastases' },
      { id: 'N_met', compartment: 'lung', initialAmount: 0, unit: 'cell', hasOnlySubstanceUnits: true, description: 'tumour cells in all lung metastases' },
    );
    parameters.push(
      par('N_injected', 2e5, 'cell', [1e3, 1e7], 'cells injected into the tail vein', 'protocol choice (2e5 4TO7 cells, typical of Le et al. 2014 J Clin Invest 124:5109 tail-vein assays)', 'R', 'low'),
      par('t_inject', 0, 'h', [0, 1e4], 'time of the injection', 'protocol choice', 'R', 'high'),
      par('k_arrest', 12, '1/h', [1, 60], 'rate at which circulating cells arrest in capillary beds (first pass, minutes)', `${LUZZI}: most injected cells arrest in the first capillary bed within minutes`, 'R', 'low'),
      par('f_lung', 0.8, 'dimensionless', [0.5, 0.99], 'fraction of arrested cells held in the lung after tail-vein injection (first capillary bed)', `${LUZZI}: >80 % of injected cells arrest and extravasate`, 'R', 'low'),
      par('k_fate', 0.33, '1/d', [0.1, 1], 'rate of the fate decision (colonise or die) of a seeded cell; most decided within 3 days', `${LUZZI}: most cells that do not form micrometastases are lost within days`, 'R', 'low'),
      par('p_col_M', 2e-4, 'dimensionless', [1e-5, 1e-2], 'probability that a seeded mesenchymal (poorly metastatic) cell forms a macroscopic metastasis', `${LUZZI}: ~0.02 % of injected cells form macroscopic metastases`, 'R', 'low'),
      par('p_col_E', 2e-3, 'dimensionless', [2e-4, 0.1], 'colonisation probability of a seeded cell in the epithelial (MET) state',
        'Le MTN et al. 2014 J Clin Invest 124:5109 and Tsai JH et al. 2012 Cancer Cell 22:725 (MET needed for colonisation; direction only); 10-fold over p_col_M an assumption (parameters.md §10 row "miR-200 EV transfer -> MET -> colonisation")', 'R', 'low'),
      par('E_score', 0, 'dimensionless', [0, 1], 'epithelial score of the injected cells (port: bind to the epithelial_score of a phenotypes instance)', 'Lu et al. 2013 PNAS 110:18144 states (parameters.md §7.1); 0 = mesenchymal', 'D', 'medium'),
      par('alpha_met', 0.1, '1/d', [0.02, 0.5], 'Gompertz rate constant of a lung colony (colonies reach ~1 mm in 2-3 weeks)', 'assumption for mouse mammary carcinoma lung nodules (not in parameters.md): with K_col = 1e7 a colony has ~2e5 cells (0.9 mm) at 14 d', 'R', 'low'),
      par('K_col', 1e7, 'dimensionless', [1e5, 1e9], 'plateau size of one lung colony (cells per colony)', 'assumption (not in parameters.md)', 'R', 'low'),
      par('b_E', 1, 'dimensionless', [0, 3], 'proliferative gain of colonies in the epithelial state: growth rate x (1 + b_E E_score)', 'Tsai et al. 2012 Cancer Cell 22:725; Ocana OH et al. 2012 Cancer Cell 22:709 (EMT reversal needed for proliferation at the distant site; value an assumption)', 'R', 'low'),
      par('gf_met', 1, 'dimensionless', [0, 10], 'growth factor of lung colonies (port)', 'model switch (no source needed)', 'D', 'high'),
      par('eps_cell', 1e-6, 'cell', [1e-9, 1e-3], 'numerical guard: keeps ln(K_col metastases / N_met) finite before the first colony', 'numerical constant (no biological meaning)', 'D', 'high'),
      { id: 'P_col', unit: 'dimensionless', description: 'colonisation probability of a seeded cell (assignment rule)' },
    );
    rules.push({ type: 'assignment', variable: 'P_col', formula: 'p_col_M + (p_col_E - p_col_M) * E_score' });
    events.push({ id: 'injection', name: 'tail-vein injection', trigger: 'time >= t_inject', initialValue: false, assignments: [{ variable: 'CTC', formula: 'CTC + N_injected' }] });
    reactions.push(
      { id: 'arrest_lung', name: 'arrest of circulating cells in the lung', equation: 'CTC -> seeded', rate: 'f_lung * k_arrest * CTC' },
      { id: 'arrest_elsewhere', name: 'arrest elsewhere (lost for the lung)', equation: 'CTC ->', rate: '(1 - f_lung) * k_arrest * CTC' },
      { id: 'colonisation', name: 'a seeded cell founds a colony', equation: 'seeded -> metastases + N_met', rate: 'k_fate * P_col * seeded' },
      { id: 'seed_loss', name: 'a seeded cell dies or stays dormant', equation: 'seeded ->', rate: 'k_fate * (1 - P_col) * seeded' },
      { id: 'colony_growth', name: 'Gompertz growth of lung colonies (mean field)', equation: '-> N_met', modifiers: ['metastases'], rate: 'max(0, alpha_met * (1 + b_E * E_score) * gf_met * ln((K_col * metastases + eps_cell) / (N_met + eps_cell))) * N_met' },
    );
    observables.push(
      { id: 'met_count', name: 'lung metastases (colonies)', formula: 'metastases', unit: 'cell' },
      { id: 'met_mean_cells', name: 'mean cells per metastasis', formula: 'N_met / (metastases + eps_cell)', unit: 'dimensionless' },
      { id: 'met_mean_volume', name: 'mean metastasis volume', formula: 'N_met / (metastases + eps_cell) * cell_unit * V_cell', unit: 'mm^3' },
    );
    parameters.push(par('cell_unit', 1, 'cell', [1, 1], 'one cell (unit helper for volumes of a mean colony)', 'unit constant', 'D', 'high'));
  }

  const mod: ModuleDoc = {
    id: 'tissue',
    name: 'Tumour growth and metastasis',
    description: `Tumour growth (${law}, ${pops} population${two ? 's' : ''})${meta === 'lung' ? ' and lung metastasis after tail-vein injection' : ''}.`,
    ports,
    compartments,
    species,
    parameters,
    reactions,
    rules,
    initialAssignments: ias,
    observables,
  };
  if (events.length) mod.events = events;
  return mod;
}

const PORTS: MechanismPort[] = [
  { id: 'site', kind: 'compartment', description: 'tissue holding the primary tumour (mL)' },
  { id: 'N_total', kind: 'parameter', description: 'output: all primary tumour cells (cell)' },
  { id: 'gf_A', kind: 'parameter', description: 'growth factor of population A (dimensionless; 0 stops division)' },
  { id: 'gf_B', kind: 'parameter', description: 'growth factor of population B (dimensionless) [populations: 2]' },
  { id: 'blood', kind: 'compartment', description: 'blood (mL) [metastasis: lung]' },
  { id: 'lung', kind: 'compartment', description: 'lungs (mL) [metastasis: lung]' },
  { id: 'E_score', kind: 'parameter', description: 'epithelial score of the injected cells, 0..1 (dimensionless) [metastasis: lung]' },
  { id: 'gf_met', kind: 'parameter', description: 'growth factor of lung colonies (dimensionless) [metastasis: lung]' },
];

function describe(opts?: Record<string, string>): string[] {
  const law = option(opts, 'growth', ['gompertz', 'logistic', 'exponential'] as const, 'gompertz');
  const two = option(opts, 'populations', ['1', '2'] as const, '1') === '2';
  const meta = option(opts, 'metastasis', ['none', 'lung'] as const, 'none');
  const out: string[] = [];
  if (law === 'gompertz') out.push('Tumour cells grow by the Gompertz law dN/dt = alpha_A·gf_A·N·ln(K_cap/N_total) with alpha_A = 4.2e-4 /d (Hori & Gambhir 2011 k_gr = 5.78e-3 /d at N0_A = 1e6 cells) and K_cap = 1e12 cells.');
  else if (law === 'logistic') out.push('Tumour cells grow logistically, dN/dt = r_A·gf_A·N·(1 − N_total/K_cap), with r_A = 5.78e-3 /d (Hori & Gambhir 2011, doubling 120 d) and K_cap = 1e12 cells.');
  else out.push('Tumour cells grow exponentially, dN/dt = r_A·gf_A·N, with r_A = 5.78e-3 /d (Hori & Gambhir 2011, doubling 120 d).');
  out.push('Cells die at kd_A = 0 /d by default; the tumour volume is N_total·V_cell with V_cell = 2000 um^3, and a tumour counts as formed above V_detect = 50 mm^3.');
  if (two) out.push('A second population N_B shares the carrying capacity and has its own growth factor gf_B and death rate kd_B.');
  if (meta === 'lung')
    out.push('Lung metastasis: N_injected = 2e5 cells are injected at t_inject; circulating cells arrest at k_arrest = 12 /h, a fraction f_lung = 0.8 in the lung; each seeded cell decides at k_fate = 0.33 /d to found a colony with probability P_col = p_col_M + (p_col_E − p_col_M)·E_score (p_col_M = 2e-4, p_col_E = 2e-3) or to die; colonies grow by Gompertz with alpha_met·(1 + b_E·E_score) (alpha_met = 0.1 /d, b_E = 1) up to K_col = 1e7 cells each.');
  return out;
}

export const mechanism: Mechanism = {
  id: 'tissue',
  number: 11,
  title: 'Tissue and organism: tumour growth and lung metastasis',
  summary:
    'Tumour growth of one or two cell populations sharing a carrying capacity (Gompertz, logistic or exponential; the Hori & Gambhir 2011 growth rate by default), with growth factors as ports so that phenotype readouts (transformation, proliferation) can switch growth on or speed it up; optionally lung metastasis after tail-vein injection: arrest in the lung, a fate decision of each seeded cell whose colonisation probability rises with the epithelial (MET) state, and Gompertz growth of the colonies, giving the number and mean size of metastases. Main assumption: colonies are described in the mean field (one mean colony size), and metastatic inefficiency follows Luzzi 1998.',
  ports: PORTS,
  options: [
    { name: 'growth', choices: ['gompertz', 'logistic', 'exponential'], default: 'gompertz', help: 'growth law of the primary tumour' },
    { name: 'populations', choices: ['1', '2'], default: '1', help: 'one tumour population, or two sharing the carrying capacity' },
    { name: 'metastasis', choices: ['none', 'lung'], default: 'none', help: 'add lung metastasis after tail-vein injection' },
  ],
  module: buildModule,
  describe,
  references: [
    'Hori SS, Gambhir SS (2011) Mathematical model identifies blood biomarker-based early cancer detection strategies and limitations. Sci Transl Med 3:109ra116.',
    'Norton L (1988) A Gompertzian model of human breast cancer growth. Cancer Res 48:7067-7071.',
    'Luzzi KJ et al. (1998) Multistep nature of metastatic inefficiency. Am J Pathol 153:865-873.',
    'Chambers AF, Groom AC, MacDonald IC (2002) Dissemination and growth of cancer cells in metastatic sites. Nat Rev Cancer 2:563-572.',
    'Le MTN et al. (2014) miR-200-containing extracellular vesicles promote breast cancer cell metastasis. J Clin Invest 124:5109-5128.',
    'Tsai JH, Donaher JL, Murphy DA, Chau S, Yang J (2012) Spatiotemporal regulation of epithelial-mesenchymal transition is essential for squamous cell carcinoma metastasis. Cancer Cell 22:725-736.',
  ],
};
