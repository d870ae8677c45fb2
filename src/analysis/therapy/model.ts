/**
 * The model of the therapy-design analysis (issue 6): engineered exosomes given i.v., intratumourally or to cells in
 * a dish, with the payload acting in the tumour cells AND in the cells of off-target organs (liver, spleen, lung,
 * brain, lymph nodes).
 *
 * It is not a new model: the tumour part is the ohno2013-ge11-let7a scenario's model (itself
 * `buildMimicTumourModel` of src/mechanisms/therapy/scenario-kit.ts: therapy -> endocrine -> uptake -> biogenesis ->
 * target-silencing -> tissue; HCC70 xenograft, let-7a / HMGA2, 1 mL mouse plasma), imported through the scenario's
 * `model()` and changed only where the design asks for it:
 *   - the therapy module gets the chosen payload (antimiR, mimic, siRNA), route and ligand; the uptake module the
 *     ligand's `targeting` option (therapy `uptakeOptions`);
 *   - the dose goes into plasma (iv), the tumour interstitium (intratumoural) or a culture well (in-vitro: the
 *     interstitium compartment resized to the well, no drainage into blood, no growth);
 *   - each off-target organ o gets what the alvarez-erviti2011-rvg scenario gives its tissues: an interstitial pool
 *     fed by the endocrine module's organ capture (`EV_o`, `EV_miR_o`), competition of resident phagocytes for the
 *     captured exosomes (fraction `f_par_o` reaches the parenchymal cells; Imai 2015), an uptake instance for its
 *     N_o parenchymal cells, the payload's action (therapy module with dosing off), the same miRNA (biogenesis)
 *     and target (target-silencing) as the tumour cells;
 *   - a ligand raises the capture share of every compartment whose cells carry its receptor by the uptake module's
 *     factor: share_o = share_o_untargeted (1 + (ligand_gain - 1) receptor_o) (as the two scenarios do for the
 *     tumour and the brain).
 */
import { scenario as ohno } from '../../scenarios/ohno2013-ge11-let7a/index.js';
import { ORGAN_SHARES_4H } from '../../mechanisms/endocrine/index.js';
import { mechanism as uptakeMech } from '../../mechanisms/uptake/index.js';
import { mechanism as therapyMech, uptakeOptions, type Ligand, type PayloadKind } from '../../mechanisms/therapy/index.js';
import { biogenesisKtxFor } from '../../mechanisms/therapy/scenario-kit.js';
import type { CompartmentDoc, InitialAssignmentDoc, InstanceDoc, ModelDoc, ParameterDoc, ReactionDoc, SpeciesDoc } from '../../model/types.js';

export type Payload = 'antiMiR' | 'mimic' | 'siRNA';
export type DesignRoute = 'iv' | 'intratumoural' | 'in-vitro';
export const PAYLOADS: readonly Payload[] = ['antiMiR', 'mimic', 'siRNA'];
export const ROUTES: readonly DesignRoute[] = ['iv', 'intratumoural', 'in-vitro'];
export const LIGAND_CHOICES: readonly Ligand[] = ['none', 'GE11', 'RVG', 'PS'];

/** Off-target organs: those with a capture share in the endocrine module. */
export const OFF_TARGET_ORGANS = ['liver', 'spleen', 'lung', 'brain', 'LN'] as const;
export type OffTargetOrgan = (typeof OFF_TARGET_ORGANS)[number];

/**
 * Mouse organ data (25-g mouse; recalled, low confidence; not in parameters.md): mass (g) and parenchymal cells
 * that express the target. Liver, spleen and brain as in the alvarez-erviti2011-rvg scenario.
 */
export const ORGAN_DATA: Record<OffTargetOrgan, { mass_g: number; cells: number; cite: string }> = {
  liver: { mass_g: 1.3, cells: 1.4e8, cite: 'hepatocellularity ~1.1e8 hepatocytes/g liver (Sohlenius-Sternbeck 2006 Toxicol In Vitro 20:1582) x 1.3 g (as alvarez-erviti2011-rvg)' },
  spleen: { mass_g: 0.1, cells: 1e8, cite: 'mouse spleen ~1e8 splenocytes (standard immunology yield; as alvarez-erviti2011-rvg)' },
  lung: { mass_g: 0.15, cells: 1e8, cite: 'order of magnitude: ~1e8-1e9 cells/g tissue x 0.15 g mouse lungs (recalled)' },
  brain: { mass_g: 0.45, cells: 1e8, cite: 'Herculano-Houzel S et al. (2006) PNAS 103:12138 (mouse brain ~1e8 cells; as alvarez-erviti2011-rvg)' },
  LN: { mass_g: 0.05, cells: 2e7, cite: 'order of magnitude: mouse lymph nodes together ~0.05 g, ~2e7 lymphocytes (recalled)' },
};

/**
 * Which compartments carry each ligand's receptor by default (receptor = 1; elsewhere 0): GE11 -> EGFR on the
 * EGFR-positive tumour (HCC70, Ohno 2013); RVG -> nAChR on neurons (brain; Alvarez-Erviti 2011); PS ->
 * phosphatidylserine receptors of NK cells and macrophages (spleen; seed review ref. 122). Assumption (D): normal
 * hepatocytes and lung epithelium also express EGFR; set `up_liver.receptor` etc. to explore it.
 */
export const RECEPTOR_SITES: Record<Ligand, readonly ('tumour' | OffTargetOrgan)[]> = {
  none: [], GE11: ['tumour'], RVG: ['brain'], PS: ['spleen'],
};

/** Culture well of the in-vitro route: 1 mL medium over 1e5 cells (a protocol choice, D). */
export const IN_VITRO = { medium_mL: 1, cells: 1e5 };

export interface DesignStructure {
  payload: Payload;
  ligand: Ligand;
  route: DesignRoute;
  organs: readonly OffTargetOrgan[];
  /** Endogenous miRISC copies of the miRNA per cell (tumour and organs); default: the ohno scenario's 10. */
  endogenousCopies?: number;
}

const kind = (p: Payload): PayloadKind => (p === 'antiMiR' ? 'antimiR' : p);
const R = (id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: 'high' | 'medium' | 'low'): ParameterDoc =>
  ({ id, value, unit, range, description, source: { citation, tag }, confidence });

/** The flat ids of the species a knock-down is read from, per site ('tumour' or an organ). */
export function readoutIds(site: 'tumour' | OffTargetOrgan): { target: string; risc: string; bound: string } {
  const sfx = site === 'tumour' ? '' : `_${site}`;
  return { target: site === 'tumour' ? 'T' : `T${sfx}`, risc: site === 'tumour' ? 'RISC' : `RISC${sfx}`, bound: site === 'tumour' ? 'tgt.mRNA_bound' : `tgt${sfx}.mRNA_bound` };
}

export function buildTherapyDesignModel(s: DesignStructure): ModelDoc {
  const base = ohno.model();
  const pk = kind(s.payload);
  const therapyRoute = s.route;
  const iv = s.route === 'iv';
  const mods = (base.modules ?? []).map((m) => {
    if (m.id === 'therapy') return therapyMech.module({ payload: pk, route: therapyRoute, ligand: s.ligand });
    if (m.id === 'uptake') return uptakeMech.module(uptakeOptions({ ligand: s.ligand }));
    return m;
  });
  const organs = s.route === 'in-vitro' ? [] : [...s.organs];
  if (organs.length) mods.push({ ...therapyMech.module({ payload: pk, dosing: 'off' }), id: 'therapy_cell' });

  const compartments: CompartmentDoc[] = (base.compartments ?? []).map((c) =>
    s.route === 'in-vitro' && c.id === 'isf' ? { ...c, size: IN_VITRO.medium_mL, description: 'culture medium of the well (in-vitro route)' } : { ...c });
  const species: SpeciesDoc[] = [...(base.species ?? [])];
  const parameters: ParameterDoc[] = [...(base.parameters ?? [])];
  const initialAssignments: InitialAssignmentDoc[] = [...(base.initialAssignments ?? [])];
  const reactions: ReactionDoc[] = [...(base.reactions ?? [])];
  const receptorAt = (site: 'tumour' | OffTargetOrgan): number => (RECEPTOR_SITES[s.ligand].includes(site) ? 1 : 0);
  const kTx = s.endogenousCopies !== undefined ? biogenesisKtxFor(s.endogenousCopies) : undefined;

  // payload-specific binding of the intracellular action: mimic and anti-miR act on the miRISC pool, siRNA on the mRNA
  const action = (risc: string, mrna: string): Record<string, string> => (s.payload === 'siRNA' ? { mRNA: mrna } : { miRISC: risc });
  const instances: InstanceDoc[] = (base.instances ?? []).map((inst) => {
    if (inst.id === 'tx') {
      const bind: Record<string, string> = iv
        ? { medium: 'plasma', cell: 'cell', EV: 'EV_plasma', EV_payload: 'mimic_plasma', payload: 'mimic', ...action('RISC', 'T_mRNA') }
        : { medium: 'isf', cell: 'cell', EV: 'EV_tum', EV_payload: 'mimic_tum', payload: 'mimic', ...action('RISC', 'T_mRNA') };
      return { ...inst, bind };
    }
    if (inst.id === 'up') return { ...inst, set: { ...(inst.set ?? {}), receptor: receptorAt('tumour') } };
    if (inst.id === 'mir' && kTx !== undefined) return { ...inst, set: { ...(inst.set ?? {}), k_tx: kTx } };
    if (inst.id === 'endo') {
      const bind = { ...(inst.bind ?? {}) };
      for (const o of organs) { bind[`EV_${o}`] = `EV_${o}`; bind[`EV_miR_${o}`] = `pay_EV_${o}`; }
      return { ...inst, bind };
    }
    return { ...inst };
  });
  const mirSet = instances.find((i) => i.id === 'mir')?.set ?? {};
  const tgtSet = instances.find((i) => i.id === 'tgt')?.set ?? {};

  const sp = (id: string, compartment: string, unit: string, description: string): SpeciesDoc => ({ id, compartment, initialAmount: 0, unit, hasOnlySubstanceUnits: true, description });
  for (const o of organs) {
    const d = ORGAN_DATA[o];
    compartments.push(
      { id: `isf_${o}`, size: 0.2 * d.mass_g, unit: 'mL', description: `interstitial fluid of the ${o} (0.2 mL/g x ${d.mass_g} g; R)` },
      { id: `cell_${o}`, size: 1.4, unit: 'pL', description: `cytoplasm of one ${o} cell` },
    );
    species.push(
      sp(`EV_${o}`, `isf_${o}`, 'exosome', `exosomes captured by the ${o}, not yet internalised`),
      sp(`pay_EV_${o}`, `isf_${o}`, 'molecule', `payload in the exosomes captured by the ${o}`),
      sp(`pay_${o}`, `cell_${o}`, 'molecule', `payload delivered to the cytosol of one ${o} cell`),
      sp(`miR_free_${o}`, `cell_${o}`, 'molecule', `free guide strands of the miRNA per ${o} cell`),
      sp(`RISC_${o}`, `cell_${o}`, 'molecule', `miRISC of the miRNA per ${o} cell`),
      sp(`T_mRNA_${o}`, `cell_${o}`, 'molecule', `target mRNA per ${o} cell`),
      sp(`T_${o}`, `cell_${o}`, 'molecule', `target protein per ${o} cell`),
    );
    parameters.push(
      R(`N_${o}`, d.cells, 'dimensionless', [d.cells / 10, d.cells * 10], `target-expressing (parenchymal) cells of the ${o}`, `${d.cite}; not in parameters.md`, 'R', 'low'),
      R(`f_par_${o}`, 1, 'dimensionless', [1e-4, 1], `fraction of the exosomes captured by the ${o} that its parenchymal cells internalise (the rest: resident phagocytes)`,
        'default 1 (no phagocyte competition: the upper bound of off-target delivery); macrophages dominate exosome clearance (Imai et al. 2015 J Extracell Vesicles 4:26238, parameters.md §1.5); alvarez-erviti2011-rvg finds the values its null result implies', 'D', 'low'),
      { id: `k_phago_${o}`, unit: '1/h', description: `clearance of captured exosomes by resident phagocytes of the ${o} (initial assignment from f_par_${o})` },
    );
    // phagocytes compete with the N parenchymal cells (each taking k_up/V per h): fraction f_par reaches them
    initialAssignments.push({ symbol: `k_phago_${o}`, formula: `N_${o} * up_${o}.k_up / isf_${o} * (1 - f_par_${o}) / f_par_${o}` });
    reactions.push(
      { id: `phago_${o}`, name: `resident phagocytes of the ${o} take captured exosomes`, equation: `EV_${o} ->`, rate: `k_phago_${o} * EV_${o}` },
      { id: `phago_pay_${o}`, name: 'their payload is degraded', equation: `pay_EV_${o} ->`, rate: `k_phago_${o} * pay_EV_${o}` },
    );
    instances.push(
      { id: `up_${o}`, module: 'uptake', bind: { medium: `isf_${o}`, cell: `cell_${o}`, EV: `EV_${o}`, EV_miR: `pay_EV_${o}`, miR: `pay_${o}`, N_cells: `N_${o}` }, set: { receptor: receptorAt(o) } },
      { id: `tx_${o}`, module: 'therapy_cell', bind: { cell: `cell_${o}`, payload: `pay_${o}`, ...action(`RISC_${o}`, `T_mRNA_${o}`) } },
      { id: `mir_${o}`, module: 'biogenesis', bind: { cell: `cell_${o}`, miR: `miR_free_${o}`, miRISC: `RISC_${o}` }, set: { ...mirSet } },
      { id: `tgt_${o}`, module: 'target_silencing', bind: { cell: `cell_${o}`, miRISC: `RISC_${o}`, mRNA: `T_mRNA_${o}`, protein: `T_${o}` }, set: { ...tgtSet } },
    );
    // the ligand raises the organ's capture share when its cells carry the receptor (uptake module's factor)
    const sh = ORGAN_SHARES_4H[o];
    parameters.push(R(`share_${o}_untargeted`, sh.value, 'dimensionless', sh.range, `percent of an i.v. dose of untargeted exosomes captured by the ${o} at 4 h`, sh.citation, sh.tag, sh.confidence));
    initialAssignments.push({ symbol: `endo.share_${o}`, formula: `share_${o}_untargeted * (1 + (up_${o}.ligand_gain - 1) * up_${o}.receptor)` });
  }
  return {
    ...base,
    id: `therapy_design_${s.payload}_${s.ligand}_${s.route.replace('-', '_')}`,
    name: `Therapy design: ${s.payload} exosomes, ligand ${s.ligand}, route ${s.route}; tumour (ohno2013-ge11-let7a model) and ${organs.join(', ') || 'no'} off-target organs`,
    modules: mods,
    compartments,
    species,
    parameters,
    initialAssignments,
    reactions,
    instances,
  };
}
