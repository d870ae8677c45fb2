/**
 * Mechanism 5 (SYSTEM.md): cell-independent maturation of pre-miRNA inside exosomes (Melo et al. 2014), a disputed
 * finding (Jeppesen et al. 2019) modelled as a switch with both sides cited.
 *
 *   d EV_pre/dt = - k_dice_EV * exo_dicer * EV_pre
 *   d EV_miR/dt = + k_dice_EV * exo_dicer * EV_pre
 *
 * (copies in all exosomes of the `medium`; first order in the pre-miRNA: each exosome's Dicer/TRBP/AGO2 processes
 * its own cargo, so the rate does not depend on the exosome concentration). Solution:
 *   EV_pre(t) = EV_pre(0) e^(-k t),  EV_miR(t) = EV_miR(0) + EV_pre(0) (1 - e^(-k t)),  k = k_dice_EV · exo_dicer,
 * and the mature/pre ratio rises as (EV_miR(0)/EV_pre(0) + 1 - e^(-k t)) e^(k t).
 */
import type { ModuleDoc, ParameterDoc } from '../../model/types.js';
import type { Mechanism } from '../types.js';

type Evidence = 'melo2014' | 'jeppesen2019';
type Origin = 'cancer' | 'normal';

const MELO = 'Melo SA et al. (2014) Cancer Cell 26:707';
const JEPPESEN = 'Jeppesen DK et al. (2019) Cell 177:428';

function opt(opts?: Record<string, string>): { evidence: Evidence; origin: Origin } {
  const evidence = opts?.['evidence'] || 'melo2014';
  const origin = opts?.['origin'] || 'cancer';
  if (evidence !== 'melo2014' && evidence !== 'jeppesen2019') throw new Error(`exosome-maturation: option evidence must be melo2014 or jeppesen2019 (got '${evidence}')`);
  if (origin !== 'cancer' && origin !== 'normal') throw new Error(`exosome-maturation: option origin must be cancer or normal (got '${origin}')`);
  return { evidence, origin };
}

/** Exosomal Dicer/TRBP/AGO2 activity for an evidence/origin choice, with its source. */
function exoDicer(evidence: Evidence, origin: Origin): ParameterDoc {
  const base = { id: 'exo_dicer', unit: 'dimensionless', range: [0, 1] as [number, number], description: 'exosomal Dicer/TRBP/AGO2 (RISC-loading complex) activity relative to MDA-MB-231 exosomes (0 = absent or blocked)' };
  if (evidence === 'jeppesen2019') {
    return {
      ...base, value: 0, confidence: 'medium',
      source: {
        citation: `${JEPPESEN}: Argonaute 1-4 not detected in exosomes purified by high-resolution density gradient and direct immunoaffinity capture; parameters.md §2.2, §11 item 2`, tag: 'S', confidence: 'medium',
        note: 'No Argonaute in rigorously purified exosomes: no RISC-loading complex, no in-exosome maturation; the Melo activity would belong to co-isolated non-vesicular material (disputed; Melo 2014 is the other side).',
      },
    };
  }
  if (origin === 'normal') {
    return {
      ...base, value: 0, confidence: 'medium',
      source: { citation: `${MELO}: exosomes of non-tumorigenic MCF-10A and NMuMG cells carry no Dicer/TRBP/AGO2 and do not convert pre-miRNAs over 72 h (seed 001; parameters.md §2.2, §10)`, tag: 'S', confidence: 'medium' },
    };
  }
  return {
    ...base, value: 1, confidence: 'low',
    source: {
      citation: `${MELO}: Dicer, TRBP and AGO2 in exosomes of breast cancer cells (MDA-MB-231), which process pre-miRNAs cell-independently (seed 001; parameters.md §2.2, §10)`, tag: 'S', confidence: 'low',
      note: 'Reference activity (1). Disputed by Jeppesen et al. 2019 (option evidence: jeppesen2019).',
    },
  };
}

function moduleDoc(opts?: Record<string, string>): ModuleDoc {
  const { evidence, origin } = opt(opts);
  return {
    id: opts?.['id'] || 'exosome_maturation',
    name: `in-exosome pre-miRNA maturation (${evidence}, ${origin} exosomes)`,
    description: 'Exosomal Dicer/TRBP/AGO2 convert pre-miRNA carried by exosomes into mature miRNA (Melo 2014); switchable to Jeppesen 2019 (no Argonaute in purified exosomes, no maturation).',
    ports: ['medium', 'EV_pre', 'EV_miR', 'k_dice_EV', 'exo_dicer'],
    compartments: [{ id: 'medium', size: 1, unit: 'mL', description: 'extracellular volume holding the exosomes' }],
    species: [
      { id: 'EV_pre', name: 'pre-miRNA copies inside exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'EV_miR', name: 'mature miRNA copies inside exosomes in the medium', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    parameters: [
      {
        id: 'k_dice_EV', value: Math.LN2 / 24, unit: '1/h', range: [0.01, 0.03],
        description: 'first-order rate of pre-miRNA processing by the Dicer/TRBP/AGO2 of cancer exosomes',
        confidence: 'low',
        source: {
          citation: `${MELO} (conversion over ~72 h, seed 001); parameters.md §3 (k_dice,EV ≈ ln2/24 h) and §10 (0.01-0.03 h⁻¹)`, tag: 'D', confidence: 'low',
          note: 'k = ln 2 / 24 h = 0.0289 h⁻¹: half the pre-miRNA converted in 24 h, 87.5 % by 72 h ("most conversion done by 72 h", calibrated to seed 001).',
        },
      },
      exoDicer(evidence, origin),
    ],
    reactions: [
      { id: 'exo_dicing', name: 'pre-miRNA -> mature miRNA inside exosomes (exosomal Dicer/TRBP/AGO2)', equation: 'EV_pre -> EV_miR', rate: 'k_dice_EV * exo_dicer * EV_pre' },
    ],
  };
}

export const mechanism: Mechanism = {
  id: 'exosome-maturation',
  number: 5,
  title: 'Cell-independent pre-miRNA maturation in exosomes',
  summary:
    'Exosomes of cancer cells carry Dicer, TRBP and AGO2 and turn their pre-miRNA cargo into mature miRNA over ~72 h outside cells ' +
    '(Melo 2014); exosomes of non-tumorigenic cells do not. First-order conversion EV_pre -> EV_miR at k_dice_EV · exo_dicer. ' +
    'Disputed: Jeppesen 2019 found no Argonaute in rigorously purified exosomes (option evidence: jeppesen2019 sets exo_dicer = 0). ' +
    'Main assumption: each exosome processes its own cargo with a fixed enzyme content, so the rate is first order in the pre-miRNA copies.',
  ports: [
    { id: 'medium', kind: 'compartment', description: 'extracellular volume the exosomes are in (mL)' },
    { id: 'EV_pre', kind: 'species', description: 'pre-miRNA copies carried by the exosomes in medium (molecule)' },
    { id: 'EV_miR', kind: 'species', description: 'mature miRNA copies carried by the exosomes in medium (molecule)' },
    { id: 'k_dice_EV', kind: 'parameter', description: 'optional: processing rate (1/h); bind one model parameter when several instances (one per pre-miRNA) share it' },
    { id: 'exo_dicer', kind: 'parameter', description: 'optional: exosomal Dicer/TRBP/AGO2 activity (dimensionless; 0 = blocked); bind to share it between instances' },
  ],
  options: [
    { name: 'evidence', choices: ['melo2014', 'jeppesen2019'], default: 'melo2014', help: 'Melo 2014 (exosomal Dicer/TRBP/AGO2 active) or Jeppesen 2019 (no Argonaute in purified exosomes: no maturation)' },
    { name: 'origin', choices: ['cancer', 'normal'], default: 'cancer', help: 'exosomes of cancer cells (exo_dicer = 1) or of non-tumorigenic cells (MCF-10A, NMuMG: exo_dicer = 0), Melo 2014' },
  ],
  module: moduleDoc,
  describe(opts) {
    const { evidence, origin } = opt(opts);
    const doc = moduleDoc(opts);
    const ed = doc.parameters!.find((p) => p.id === 'exo_dicer')!;
    const k = Math.LN2 / 24;
    return [
      `Pre-miRNA inside exosomes (EV_pre) is converted into mature miRNA (EV_miR) at k_dice_EV · exo_dicer, with k_dice_EV = ${k.toPrecision(3)} 1/h (ln 2 / 24 h: half converted in 24 h, ${(100 * (1 - Math.exp(-72 * k))).toFixed(1)} % in 72 h; Melo 2014, parameters.md §3).`,
      evidence === 'jeppesen2019'
        ? `exo_dicer = ${ed.value} dimensionless: Jeppesen 2019 found no Argonaute in rigorously purified exosomes, so no maturation happens inside exosomes (the Melo 2014 result is the disputed alternative).`
        : origin === 'cancer'
          ? `exo_dicer = ${ed.value} dimensionless for exosomes of breast cancer cells (MDA-MB-231), which carry Dicer, TRBP and AGO2 (Melo 2014); setting it to 0 blocks exosomal Dicer.`
          : `exo_dicer = ${ed.value} dimensionless for exosomes of non-tumorigenic cells (MCF-10A, NMuMG), which carry no Dicer/TRBP/AGO2 and do not convert pre-miRNA (Melo 2014).`,
      'The mature/pre ratio in the exosomes rises as (r0 + 1 - exp(-k t)) · exp(k t) from its initial value r0 when exo_dicer > 0 and stays at r0 when exo_dicer = 0.',
    ];
  },
  references: [
    'Melo SA et al. (2014) Cancer exosomes perform cell-independent microRNA biogenesis and promote tumorigenesis. Cancer Cell 26:707-721. doi:10.1016/j.ccell.2014.09.005',
    'Jeppesen DK et al. (2019) Reassessment of exosome composition. Cell 177:428-445. doi:10.1016/j.cell.2019.02.029',
    'Théry C et al. (2018) Minimal information for studies of extracellular vesicles 2018 (MISEV2018). J Extracell Vesicles 7:1535750. doi:10.1080/20013078.2018.1535750',
  ],
};
