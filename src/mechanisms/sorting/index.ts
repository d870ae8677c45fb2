/**
 * Mechanism 3 (SYSTEM.md): selective sorting of cytosolic miRNA (and optionally pre-miRNA) into MVB intraluminal
 * vesicles, i.e. into the exosomes a cell secretes.
 *
 * Each secreted exosome samples the cytosol copy by copy: the mean cargo of one exosome is proportional to the
 * cytosolic copy number, with a sequence-derived weight (motifs.ts: sumoylated hnRNPA2B1 binding EXOmotifs such as
 * GGAG, Villarroya-Beltri et al. 2013; CGGGAG, Garcia-Martin et al. 2022; SYNCRIP/GGCU, Santangelo et al. 2016;
 * CLmotif UGCA for retention):
 *
 *   copies_per_EV = phi * w_motif * M              (molecule/exosome; M = miRISC or miR copies per cell)
 *   pre_per_EV    = phi_pre * w_pre * pre           (option pre: on)
 *   d M/dt   = ... - k_sec * copies_per_EV          (copies leaving the donor cell with its exosomes)
 *   d pre/dt = ... - k_sec * pre_per_EV
 *
 * The exosomes and their cargo in the medium are made by the secretion mechanism (SYSTEM.md 4), which multiplies
 * its exosome release by `copies_per_EV` (and `pre_per_EV`): bind this module's `copies_per_EV` and `k_sec` ports to
 * the same model parameters as the secretion module's. Cargo per exosome is Poisson with mean copies_per_EV
 * (cargo.ts).
 *
 * Calibration (tag D): phi = 0.00825 / 1e4 per exosome, so that a miRNA without motifs (w = 1) at the abundance of a
 * highly expressed miR-21-class miRNA (1e4 copies per cell, parameters.md §0 #17) gives the 0.00825 copies per
 * exosome Chevillet et al. 2014 measured for the most abundant miRNA (parameters.md §0 #12, §2.1).
 */
import type { ModuleDoc, ParameterDoc, ReactionDoc, RuleDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism } from '../types.js';
import { loadingWeight, EXO_MOTIFS } from './motifs.js';
import { findMirna, type MirnaRecord, MIRNAS } from './mirna-data.js';

type Conf = 'high' | 'medium' | 'low';

function param(
  id: string, value: number, unit: string, range: [number, number], description: string,
  citation: string, tag: string, confidence: Conf, note?: string,
): ParameterDoc {
  return { id, value, unit, range, description, confidence, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) } };
}

/** Chevillet et al. 2014: mean copies of the most abundant miRNA per exosome (parameters.md §0 #12). */
export const CHEVILLET_COPIES_PER_EV = 0.00825;
/** Reference abundance of a highly expressed (miR-21-class) miRNA, copies per cell (parameters.md §0 #17, R). */
export const REFERENCE_COPIES_PER_CELL = 1e4;
/**
 * pre-miRNA : mature ratio in a donor cell at the biogenesis module's steady state (defaults):
 * pre* / miRISC* = [k_tx/(k_dice + k_pre_deg)] / [k_tx · toDuplex · f_guide · f_loaded / k_risc_deg] = 215.0 / 1.902e5.
 */
export const PRE_TO_MATURE_IN_CELL = 215.03 / 190219;
/** Assumed pre-miRNA : mature copy ratio in exosomes of cancer cells at secretion (Melo 2014 detected both; R, low). */
export const PRE_TO_MATURE_IN_EV = 1;

const CHEVILLET = 'Chevillet JR et al. (2014) PNAS 111:14888 (0.00825 ± 0.02 copies of the most abundant miRNA per exosome); parameters.md §0 #12, §2.1';

interface SortingChoice {
  from: 'miRISC' | 'miR';
  pre: boolean;
  record?: MirnaRecord;
  sequence?: string;
  hairpin?: string;
}

function choice(opts?: Record<string, string>): SortingChoice {
  const from = opts?.['from'] ?? 'miRISC';
  if (from !== 'miRISC' && from !== 'miR') throw new Error(`sorting: option from must be miRISC or miR (got '${from}')`);
  const pre = opts?.['pre'] ?? 'off';
  if (pre !== 'on' && pre !== 'off') throw new Error(`sorting: option pre must be on or off (got '${pre}')`);
  const c: SortingChoice = { from, pre: pre === 'on' };
  const name = opts?.['mirna'];
  if (name) {
    const rec = findMirna(name);
    if (!rec) throw new Error(`sorting: miRNA '${name}' is not in src/mechanisms/sorting/mirna-data.ts; give its sequence with option 'sequence'`);
    c.record = rec;
    c.sequence = rec.sequence;
    if (rec.hairpins[0]) c.hairpin = rec.hairpins[0].sequence;
  }
  if (opts?.['sequence']) c.sequence = opts['sequence'];
  if (opts?.['preSequence']) c.hairpin = opts['preSequence'];
  return c;
}

function weightNote(seq: string | undefined, label: string): { w: number; note: string } {
  if (seq === undefined) return { w: 1, note: `no ${label} sequence given: basal loading, weight 1 (motifs.ts)` };
  const lw = loadingWeight(seq);
  const hits = lw.motifs.map((m) => `${m.motif} ×${m.count} at ${m.positions.join(',')}`).join('; ');
  const factors = EXO_MOTIFS.map((m) => `${m.motif} ${m.factor.toPrecision(3)}`).join(', ');
  return {
    w: lw.weight,
    note: `weight = Π f_m^n_m over motifs of the ${label} sequence ${seq} (${hits || 'no motif'}); factors per occurrence: ${factors} (motifs.ts, parameters.md §2.3)`,
  };
}

function moduleDoc(opts?: Record<string, string>): ModuleDoc {
  const c = choice(opts);
  const M = c.from;
  const mature = weightNote(c.sequence, 'mature');
  const species: SpeciesDoc[] = [
    { id: M, name: M === 'miRISC' ? 'AGO-loaded mature miRNA per donor cell' : 'free mature miRNA per donor cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
  ];
  const parameters: ParameterDoc[] = [
    param('k_sec', 60, 'exosome/h', [10, 1000], 'exosomes secreted per donor cell per hour (bind to the secretion module\'s effective rate)',
      'Chiu et al. 2016 Small (single-cell exosome capture, MCF7 and MDA-MB-231: 60-65 exosomes/cell/h); parameters.md §0 #6, §1.3', 'S2', 'medium'),
    param('phi', CHEVILLET_COPIES_PER_EV / REFERENCE_COPIES_PER_CELL, '1/exosome', [1e-7, 3e-6],
      'packaging coefficient: mean copies loaded into one exosome per cytosolic copy of a motif-less miRNA',
      CHEVILLET, 'D', 'medium',
      'phi = 0.00825 copies/EV (Chevillet 2014) / (w = 1 × 1e4 copies/cell, a highly expressed miR-21-class miRNA, parameters.md §0 #17 [R]); range from copies per EV 0.001-0.03 at the same abundance'),
    param('w_motif', mature.w, 'dimensionless', [mature.w / 5, mature.w * 5], 'sequence-derived loading weight of the mature miRNA (1 = no motif)',
      'Villarroya-Beltri et al. 2013 Nat Commun 4:2980 (hnRNPA2B1/EXOmotifs); Garcia-Martin et al. 2022 Nature 601:446 (CGGGAG); Santangelo et al. 2016 Cell Rep 17:799 (GGCU); parameters.md §2.3 (2-10× prior)', 'D', 'low',
      `${mature.note}; range ±5-fold, the width of the 2-10× enrichment prior`),
    { id: 'copies_per_EV', unit: 'molecule/exosome', description: 'mean copies of the miRNA per secreted exosome (assignment rule; Poisson per exosome, cargo.ts)' },
  ];
  const rules: RuleDoc[] = [{ type: 'assignment', variable: 'copies_per_EV', formula: `phi * w_motif * ${M}` }];
  const reactions: ReactionDoc[] = [
    { id: 'export', name: 'miRNA copies leaving the donor cell inside its secreted exosomes', equation: `${M} ->`, rate: 'k_sec * copies_per_EV' },
  ];
  const ports = ['cell', M, 'k_sec', 'copies_per_EV'];
  if (c.pre) {
    const preW = weightNote(c.hairpin, 'pre-miRNA (hairpin)');
    species.push({ id: 'pre', name: 'cytoplasmic pre-miRNA per donor cell', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true });
    parameters.push(
      param('phi_pre', (PRE_TO_MATURE_IN_EV * CHEVILLET_COPIES_PER_EV) / (REFERENCE_COPIES_PER_CELL * PRE_TO_MATURE_IN_CELL), '1/exosome', [7.3e-5, 7.3e-3],
        'packaging coefficient of pre-miRNA: mean pre-miRNA copies per exosome per cytosolic pre-miRNA copy (weight 1)',
        'Melo SA et al. (2014) Cancer Cell 26:707 (pre-miRNAs, Dicer, TRBP, AGO2 in cancer exosomes; parameters.md §2.2, §10); ' + CHEVILLET, 'D', 'low',
        'phi_pre = r · 0.00825 / (1e4 · pre/mature ratio in the cell); pre/mature ratio 1.13e-3 from the biogenesis module steady state (215 pre vs 1.9e5 miRISC copies); r = pre:mature copies in cancer exosomes, assumed 1 (R, low; range 0.1-10): Melo 2014 report cancer exosomes enriched in pre-miRNAs, without copy numbers'),
      param('w_pre', preW.w, 'dimensionless', [preW.w / 5, preW.w * 5], 'sequence-derived loading weight of the pre-miRNA hairpin (1 = no motif)',
        'as w_motif, applied to the hairpin (pre-miRNA sorting is sequence-dependent but uncertain: review seed 000, Figure 1 note 2)', 'D', 'low', preW.note),
      { id: 'pre_per_EV', unit: 'molecule/exosome', description: 'mean pre-miRNA copies per secreted exosome (assignment rule)' },
    );
    rules.push({ type: 'assignment', variable: 'pre_per_EV', formula: 'phi_pre * w_pre * pre' });
    reactions.push({ id: 'export_pre', name: 'pre-miRNA copies leaving the donor cell inside its exosomes', equation: 'pre ->', rate: 'k_sec * pre_per_EV' });
    ports.push('pre', 'pre_per_EV');
  }
  return {
    id: opts?.['id'] ?? 'sorting',
    name: `selective sorting of ${c.record?.name ?? 'a miRNA'} into exosomes`,
    description: 'Sequence-dependent (EXOmotif) loading of cytosolic miRNA into the exosomes a donor cell secretes; copies per exosome proportional to cytosolic copies (Chevillet 2014 calibration).',
    ports,
    compartments: [{ id: 'cell', size: 1.4, unit: 'pL', description: 'cytoplasm of one donor cell' }],
    species,
    parameters,
    rules,
    reactions,
  };
}

export const mechanism: Mechanism = {
  id: 'sorting',
  number: 3,
  title: 'Selective sorting of miRNAs into exosomes',
  summary:
    'Sumoylated hnRNPA2B1 (and SYNCRIP, Alyref/Fus) recognise EXOmotifs in miRNAs and load them into MVB intraluminal vesicles: ' +
    'each secreted exosome carries on average copies_per_EV = phi · w_motif · M copies of the miRNA, M the donor cell\'s cytosolic copies ' +
    'and w_motif a weight derived from the sequence (motifs.ts). phi is calibrated to the 0.00825 copies per exosome of Chevillet 2014. ' +
    'Pre-miRNA sorting is an option. Main assumption: copies are loaded independently (Poisson cargo per exosome, cargo.ts) and ' +
    'the donor loses k_sec · copies_per_EV copies per hour.',
  ports: [
    { id: 'cell', kind: 'compartment', description: 'cytoplasm of the donor cell (pL)' },
    { id: 'miRISC', kind: 'species', description: 'mature miRNA sorted from (option from: miRISC, default), copies per donor cell (molecule)' },
    { id: 'miR', kind: 'species', description: 'free mature miRNA sorted from (option from: miR), copies per donor cell (molecule)' },
    { id: 'pre', kind: 'species', description: 'cytoplasmic pre-miRNA (option pre: on), copies per donor cell (molecule)' },
    { id: 'k_sec', kind: 'parameter', description: 'exosomes secreted per donor cell per hour (exosome/h); bind to the secretion module' },
    { id: 'copies_per_EV', kind: 'parameter', description: 'mean miRNA copies per secreted exosome (molecule/exosome), computed here; bind to the secretion module' },
    { id: 'pre_per_EV', kind: 'parameter', description: 'mean pre-miRNA copies per secreted exosome (molecule/exosome; option pre: on)' },
  ],
  options: [
    { name: 'from', choices: ['miRISC', 'miR'], default: 'miRISC', help: 'pool the mature miRNA is sorted from: AGO-loaded miRISC (review Fig. 1: miRISC not engaged with targets) or free miR' },
    { name: 'pre', choices: ['off', 'on'], default: 'off', help: 'also sort cytoplasmic pre-miRNA into exosomes (Melo 2014; review Fig. 1 notes 1-2)' },
    { name: 'mirna', choices: MIRNAS.map((r) => r.name), default: '', help: 'miRNA whose sequence (miRBase v22) and hairpin (v18) set the loading weights (names in src/mechanisms/sorting/mirna-data.ts)' },
    { name: 'sequence', choices: [], free: true, default: '', help: 'explicit mature sequence, RNA or DNA letters (overrides mirna)' },
    { name: 'preSequence', choices: [], free: true, default: '', help: 'explicit pre-miRNA hairpin sequence (overrides mirna)' },
  ],
  module: moduleDoc,
  describe(opts) {
    const doc = moduleDoc(opts);
    const c = choice(opts);
    const P = new Map((doc.parameters ?? []).map((p) => [p.id, p]));
    const v = (id: string): number => P.get(id)?.value ?? NaN;
    const lw = c.sequence !== undefined ? loadingWeight(c.sequence) : { motifs: [], weight: 1 };
    const s = [
      `Each exosome secreted by the donor cell carries on average copies_per_EV = phi · w_motif · ${c.from} copies, with phi = ${v('phi').toPrecision(3)} 1/exosome (0.00825 copies per exosome at 1e4 cytosolic copies, Chevillet 2014).`,
      `The loading weight w_motif = ${v('w_motif').toPrecision(3)} is derived from the ${c.record ? `${c.record.name} (${c.record.accession})` : 'given'} sequence: ` +
        (lw.motifs.length ? lw.motifs.map((m) => `${m.motif} ×${m.count}`).join(', ') : 'no EXOmotif or CLmotif, basal loading') +
        ' (GGAG ×4.47, CGGGAG ×10, CCCU ×2, GGCU ×2 and UGCA ×0.5 per occurrence).',
      `The donor cell loses k_sec · copies_per_EV copies per hour, with k_sec = ${v('k_sec')} exosome/h (Chiu 2016); copies per exosome are Poisson, so a fraction exp(-copies_per_EV) of exosomes is empty.`,
    ];
    if (c.pre) s.push(`Pre-miRNA is sorted likewise: pre_per_EV = phi_pre · w_pre · pre with phi_pre = ${v('phi_pre').toPrecision(3)} 1/exosome and w_pre = ${v('w_pre').toPrecision(3)}.`);
    return s;
  },
  references: [
    'Villarroya-Beltri C et al. (2013) Sumoylated hnRNPA2B1 controls the sorting of miRNAs into exosomes through binding to specific motifs. Nat Commun 4:2980. doi:10.1038/ncomms3980',
    'Garcia-Martin R et al. (2022) MicroRNA sequence codes for small extracellular vesicle release and cellular retention. Nature 601:446-451. doi:10.1038/s41586-021-04234-3',
    'Santangelo L et al. (2016) The RNA-binding protein SYNCRIP is a component of the hepatocyte exosomal machinery controlling microRNA sorting. Cell Rep 17:799-808. doi:10.1016/j.celrep.2016.09.031',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893. doi:10.1073/pnas.1408301111',
    'Chiu YJ et al. (2016) Analysis and quantification of exosome secretion from single cells. Small 12:3658-3666. doi:10.1002/smll.201600725',
    'Melo SA et al. (2014) Cancer exosomes perform cell-independent microRNA biogenesis and promote tumorigenesis. Cancer Cell 26:707-721. doi:10.1016/j.ccell.2014.09.005',
  ],
};
