/**
 * Scenario melo2014-exosome-maturation (SYSTEM.md experiments table): exosomes of breast cancer cells (MDA-MB-231)
 * vs non-tumorigenic cells (MCF-10A, NMuMG) cultured cell-free for 0-72 h; six pre-miRNAs (including pre-miR-10b and
 * pre-miR-21) mature inside cancer exosomes only (Melo et al. 2014 Cancer Cell 26:707; NEJM note, seed 001).
 *
 * Model (composed from src/mechanisms): for each of the six miRNAs, a `sorting` instance (option pre: on, with the
 * miRNA's sequence and hairpin) gives the mature and pre-miRNA copies per exosome that a donor cell at the reference
 * state (1e4 mature copies, parameters.md §0 #17) packs; the tube starts with EV0 exosomes carrying those copies
 * (plus synthetic pre-miRNA in one condition); an `exosome-maturation` instance per miRNA converts pre -> mature with
 * the shared k_dice_EV and exo_dicer. Conditions are overrides of exo_dicer and synthetic_pre.
 */
import type * as vl from 'vega-lite';
import type { ModelDoc, ParameterDoc, SpeciesDoc, InstanceDoc, ModuleDoc, InitialAssignmentDoc, ObservableDoc } from '../../model/types.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { mechanism as maturation } from '../../mechanisms/exosome-maturation/index.js';
import { mechanism as sorting, PRE_TO_MATURE_IN_CELL, REFERENCE_COPIES_PER_CELL } from '../../mechanisms/sorting/index.js';
import { findMirna } from '../../mechanisms/sorting/mirna-data.js';
import { poissonCargo } from '../../mechanisms/sorting/cargo.js';
import { checkDirection, checkRange, compileDoc, runCondition, valueAt } from '../support.js';
import type { SimulationResult } from '../../results.js';
import { EXOSIM_VERSION } from '../../version.js';

const ID = 'melo2014-exosome-maturation';
const CITATION = 'Melo SA et al. (2014) Cancer exosomes perform cell-independent microRNA biogenesis and promote tumorigenesis. Cancer Cell 26:707-721. doi:10.1016/j.ccell.2014.09.005';

/**
 * The six pre-miRNAs. The NEJM note (seed 001) names two of Melo's six (pre-miR-10b, pre-miR-21); the other four are
 * stand-ins from the project's breast-cancer-relevant miRNAs (parameters.md §6, §9). Every pre-miRNA has the same
 * exosomal kinetics; they differ only in their sequence-derived sorting weights (initial mature/pre ratio).
 */
export const PRE_MIRNAS: readonly { tag: string; name: string }[] = [
  { tag: 'miR10b', name: 'hsa-miR-10b-5p' },
  { tag: 'miR21', name: 'hsa-miR-21-5p' },
  { tag: 'miR155', name: 'hsa-miR-155-5p' },
  { tag: 'miR200c', name: 'hsa-miR-200c-3p' },
  { tag: 'miR141', name: 'hsa-miR-141-3p' },
  { tag: 'let7a', name: 'hsa-let-7a-5p' },
];

const T_END = 72; // h
const TIMES = [0, 24, 48, 72]; // h, Melo's sampling times

function maturationParam(id: string, opts: Record<string, string>): ParameterDoc {
  const p = maturation.module(opts).parameters!.find((x) => x.id === id);
  if (!p) throw new Error(`${ID}: exosome-maturation has no parameter ${id}`);
  return structuredClone(p);
}

function buildModel(): ModelDoc {
  const modules: ModuleDoc[] = [maturation.module({ evidence: 'melo2014', origin: 'cancer' })];
  const species: SpeciesDoc[] = [
    { id: 'EV', name: 'exosomes in the tube', compartment: 'tube', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
  ];
  const initialAssignments: InitialAssignmentDoc[] = [{ symbol: 'EV', formula: 'EV0' }];
  const instances: InstanceDoc[] = [];
  const parameters: ParameterDoc[] = [
    {
      id: 'EV0', value: 1e10, unit: 'exosome', range: [1e8, 1e12], confidence: 'low',
      description: 'exosomes cultured in the tube (protocol; the ratio does not depend on it)',
      source: { citation: 'protocol choice: exosomes from ~1e8 cells (60 exosomes/cell/h, parameters.md §1.3) at ~1e11/mL, in the 50-100 pM range of uptake assays (parameters.md §5)', tag: 'D', confidence: 'low' },
    },
    {
      id: 'M_ref', value: REFERENCE_COPIES_PER_CELL, unit: 'molecule', range: [1e3, 3e4], confidence: 'medium',
      description: 'mature copies per donor cell at the reference state (highly expressed miR-21-class miRNA)',
      source: { citation: 'Chen et al. 2005 NAR 33:e179 (range); miR-21-class ~1e4 copies/cell; parameters.md §0 #17', tag: 'R', confidence: 'medium' },
    },
    {
      id: 'P_ref', value: REFERENCE_COPIES_PER_CELL * PRE_TO_MATURE_IN_CELL, unit: 'molecule', range: [1, 100], confidence: 'low',
      description: 'cytoplasmic pre-miRNA copies per donor cell at the reference state',
      source: { citation: 'biogenesis module steady state (pre/mature = 215/1.9e5, parameters.md §3 defaults) times M_ref', tag: 'D', confidence: 'low', note: 'P_ref = M_ref · 1.13e-3' },
    },
    {
      id: 'synthetic_pre', value: 0, unit: 'molecule/exosome', range: [0, 1], confidence: 'high',
      description: 'synthetic pre-miRNA copies added per exosome at 0 h (protocol; 0.1 in the synthetic condition)',
      source: { citation: 'Melo 2014 (synthetic pre-miRNAs introduced into cancer exosomes, seed 001); amount: protocol choice', tag: 'D', confidence: 'high' },
    },
    maturationParam('k_dice_EV', { evidence: 'melo2014' }),
    maturationParam('exo_dicer', { evidence: 'melo2014', origin: 'cancer' }),
  ];
  const observables: ObservableDoc[] = [];
  for (const { tag, name } of PRE_MIRNAS) {
    const rec = findMirna(name);
    if (!rec) throw new Error(`${ID}: ${name} missing from mirna-data.ts`);
    modules.push(sorting.module({ id: `sorting_${tag}`, mirna: name, pre: 'on' }));
    species.push(
      { id: `cell_miR_${tag}`, name: `${name} in the donor cell (reference state)`, compartment: 'donor', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: true },
      { id: `cell_pre_${tag}`, name: `pre-${name} in the donor cell (reference state)`, compartment: 'donor', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, boundaryCondition: true },
      { id: `pre_${tag}`, name: `pre-${name} copies in the exosomes`, compartment: 'tube', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: `miR_${tag}`, name: `mature ${name} copies in the exosomes`, compartment: 'tube', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    );
    parameters.push(
      { id: `cpe_${tag}`, unit: 'molecule/exosome', description: `mature ${name} copies per exosome at secretion (sorting)` },
      { id: `ppe_${tag}`, unit: 'molecule/exosome', description: `pre-${name} copies per exosome at secretion (sorting)` },
    );
    initialAssignments.push(
      { symbol: `cell_miR_${tag}`, formula: 'M_ref' },
      { symbol: `cell_pre_${tag}`, formula: 'P_ref' },
      { symbol: `miR_${tag}`, formula: `EV * cpe_${tag}` },
      { symbol: `pre_${tag}`, formula: `EV * (ppe_${tag} + synthetic_pre)` },
    );
    instances.push(
      { id: `s_${tag}`, module: `sorting_${tag}`, bind: { cell: 'donor', miRISC: `cell_miR_${tag}`, pre: `cell_pre_${tag}`, copies_per_EV: `cpe_${tag}`, pre_per_EV: `ppe_${tag}` } },
      { id: `m_${tag}`, module: 'exosome_maturation', bind: { medium: 'tube', EV_pre: `pre_${tag}`, EV_miR: `miR_${tag}`, k_dice_EV: 'k_dice_EV', exo_dicer: 'exo_dicer' } },
    );
  }
  return {
    exosim: '1',
    id: 'melo2014_exosome_maturation',
    name: 'Melo 2014: pre-miRNA maturation in cell-free exosomes over 72 h',
    description: 'Exosomes carrying six pre-miRNAs and their mature forms (copies per exosome from the sorting mechanism) are cultured cell-free; exosomal Dicer/TRBP/AGO2 convert pre-miRNA to mature miRNA (exosome-maturation mechanism).',
    units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [
      { id: 'tube', size: 0.1, unit: 'mL', description: 'exosome suspension cultured cell-free (protocol)' },
      { id: 'donor', size: 1.4, unit: 'pL', description: 'cytoplasm of a donor cell at the reference state (sets the cargo per exosome)' },
    ],
    species,
    parameters,
    initialAssignments,
    modules,
    instances,
    observables,
  };
}

interface Condition {
  key: string;
  label: string;
  overrides: Record<string, number>;
}

const NORMAL = maturationParam('exo_dicer', { evidence: 'melo2014', origin: 'normal' }).value!;
const JEPPESEN = maturationParam('exo_dicer', { evidence: 'jeppesen2019' }).value!;

export const CONDITIONS: readonly Condition[] = [
  { key: 'cancer', label: 'MDA-MB-231 exosomes (cancer)', overrides: {} },
  { key: 'normal', label: 'MCF-10A / NMuMG exosomes (non-tumorigenic)', overrides: { exo_dicer: NORMAL } },
  { key: 'dicer_blocked', label: 'cancer exosomes, Dicer blocked', overrides: { exo_dicer: 0 } },
  { key: 'synthetic', label: 'cancer exosomes + synthetic pre-miRNAs', overrides: { synthetic_pre: 0.1 } },
  { key: 'jeppesen', label: 'purified exosomes, no AGO (Jeppesen 2019)', overrides: { exo_dicer: JEPPESEN } },
];

/** mature/pre ratio of one miRNA at time t. */
function ratio(r: SimulationResult, tag: string, t: number): number {
  return valueAt(r, `miR_${tag}`, t) / valueAt(r, `pre_${tag}`, t);
}

/** Fold change of the mature/pre ratio vs 0 h, per miRNA. */
function folds(r: SimulationResult, t: number): number[] {
  return PRE_MIRNAS.map(({ tag }) => ratio(r, tag, t) / ratio(r, tag, 0));
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Geometric mean (fold changes of six miRNAs whose initial ratios differ by orders of magnitude). */
const gmean = (xs: number[]): number => Math.exp(mean(xs.map((x) => Math.log(x))));

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const compiled = compileDoc(buildModel());
  const res = new Map<string, SimulationResult>();
  for (const c of CONDITIONS) res.set(c.key, runCondition(compiled, { tEnd: T_END, steps: 72, overrides: c.overrides, set: opts.set }));
  const R = (k: string): SimulationResult => res.get(k)!;

  const cancerFold = folds(R('cancer'), 72);
  const cancerCourse = TIMES.slice(1).map((t) => gmean(folds(R('cancer'), t)));
  const flatness = (k: string): number => Math.max(...[24, 48, 72].flatMap((t) => folds(R(k), t).map((f) => Math.abs(f - 1))));
  const synPre0 = PRE_MIRNAS.reduce((s, { tag }) => s + valueAt(R('synthetic'), `pre_${tag}`, 0), 0);
  const synPre72 = PRE_MIRNAS.reduce((s, { tag }) => s + valueAt(R('synthetic'), `pre_${tag}`, 72), 0);
  const synConverted = 1 - synPre72 / synPre0;
  // per-exosome cargo (Poisson, cargo.ts): fraction of cancer exosomes carrying >= 1 mature miR-21 copy
  const ev = valueAt(R('cancer'), 'EV', 0);
  const loaded0 = poissonCargo(valueAt(R('cancer'), 'miR_miR21', 0) / ev).fractionLoaded;
  const loaded72 = poissonCargo(valueAt(R('cancer'), 'miR_miR21', 72) / ev).fractionLoaded;

  const monotone = cancerCourse.every((f, i) => f > (i === 0 ? 1 : cancerCourse[i - 1]!));
  const checks: ScenarioCheck[] = [
    checkDirection(
      'mature/pre ratio rises over 72 h in cancer exosomes, for every one of the six pre-miRNAs',
      'the ratio of miRNA to pre-miRNA increased with time in exosomes of breast cancer cells (Melo 2014; seed 001)',
      Math.min(...cancerFold), 1, 'up', 0.01,
      `[smallest 72 h/0 h fold of the ratio over the six miRNAs, no change = 1]; folds ${cancerFold.map((f) => f.toFixed(2)).join(', ')} (${PRE_MIRNAS.map((p) => p.tag).join(', ')})`,
    ),
    {
      name: 'the rise is progressive: fold at 24 h < 48 h < 72 h',
      expected: 'active miRNA formation over the 3 days of culture (ratio increased with time)',
      observed: cancerCourse,
      pass: monotone,
      detail: 'geometric mean over the six miRNAs of the ratio fold vs 0 h at 24, 48, 72 h; must increase at each time',
    },
    checkRange(
      'no change of the ratio in exosomes of non-tumorigenic cells (MCF-10A, NMuMG)',
      'no change in the mature/pre ratio detected in exosomes of nontumorigenic breast cells (seed 001)',
      flatness('normal'), 0, 0.05,
      'largest |fold - 1| over six miRNAs and 24/48/72 h; "no change" taken as within 5 % (qPCR resolution)',
    ),
    checkRange(
      'no change of the ratio when exosomal Dicer is blocked',
      'maturation requires exosomal Dicer (Melo 2014: Dicer-dependent)',
      flatness('dicer_blocked'), 0, 0.05,
      'largest |fold - 1| over six miRNAs and 24/48/72 h with exo_dicer = 0',
    ),
    checkDirection(
      'cancer exosomes end with a higher ratio fold than non-tumorigenic exosomes',
      'conversion in cancer exosomes only',
      gmean(cancerFold), gmean(folds(R('normal'), 72)), 'up', 0.01,
      '[geometric-mean 72 h fold, cancer; the same, non-tumorigenic]',
    ),
    checkRange(
      'synthetic pre-miRNAs introduced into cancer exosomes are mostly converted within 72 h',
      'synthetic pre-miRNAs were converted to miRNAs over the same time frame (3 days; seed 001)',
      synConverted, 0.5, 1,
      `fraction of all pre-miRNA (endogenous + 0.1 synthetic copies/exosome) converted by 72 h; endogenous-only: ${(1 - PRE_MIRNAS.reduce((s, { tag }) => s + valueAt(R('cancer'), `pre_${tag}`, 72), 0) / PRE_MIRNAS.reduce((s, { tag }) => s + valueAt(R('cancer'), `pre_${tag}`, 0), 0)).toFixed(3)}`,
    ),
    checkRange(
      'disputed alternative: no maturation in rigorously purified exosomes (Jeppesen 2019)',
      'Jeppesen 2019 found no Argonaute in purified exosomes, hence no in-exosome RISC loading: the ratio stays flat (contradicts Melo 2014; shown as the alternative)',
      flatness('jeppesen'), 0, 0.05,
      'largest |fold - 1| over six miRNAs and 24/48/72 h with the jeppesen2019 exo_dicer',
    ),
  ];
  checks[0]!.detail += `; per-exosome cargo (Poisson): ${(100 * loaded0).toFixed(2)} % of cancer exosomes carry >= 1 mature miR-21 at 0 h, ${(100 * loaded72).toFixed(2)} % at 72 h`;

  const series: Record<string, ScenarioSeries> = {};
  for (const c of CONDITIONS) {
    const r = R(c.key);
    const x = Array.from(r.time);
    series[`ratio_fold/${c.key}`] = {
      x, y: x.map((t) => gmean(folds(r, t))), xLabel: 'time in culture (h)', yLabel: 'mature/pre-miRNA ratio (fold of 0 h)', condition: c.label,
    };
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...opts.set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const values: { time: number; ratio: number; condition: string }[] = [];
  for (const s of Object.values(result.series)) for (let i = 0; i < s.x.length; i++) values.push({ time: s.x[i]!, ratio: s.y[i]!, condition: s.condition });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Melo 2014: pre-miRNA maturation inside exosomes', subtitle: 'geometric mean of six pre-miRNAs (incl. pre-miR-10b, pre-miR-21), cell-free culture' },
    width: 560,
    height: 320,
    background: 'white',
    config: { font: 'DejaVu Sans' },
    data: { values },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'time', type: 'quantitative', title: 'time in culture (h)', scale: { domain: [0, 72] }, axis: { values: [0, 24, 48, 72] } },
      y: { field: 'ratio', type: 'quantitative', title: 'mature/pre-miRNA ratio (fold of 0 h)', scale: { type: 'log' } },
      color: { field: 'condition', type: 'nominal', title: 'exosomes', sort: CONDITIONS.map((c) => c.label), legend: { orient: 'right', labelLimit: 400 } },
      strokeDash: { field: 'condition', type: 'nominal', title: 'exosomes', sort: CONDITIONS.map((c) => c.label), legend: { orient: 'right', labelLimit: 400 } },
    },
  };
}

export const scenario: Scenario = {
  id: ID,
  title: 'Cancer exosomes mature pre-miRNAs on their own; exosomes of non-tumorigenic cells do not',
  citation: CITATION,
  references: [
    'Kalluri R (2014/2015) NEJM Clinical Implications note on Melo et al. 2014 and Le et al. 2014 (seed 001)',
    'Jeppesen DK et al. (2019) Reassessment of exosome composition. Cell 177:428-445. doi:10.1016/j.cell.2019.02.029',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893',
    'Villarroya-Beltri C et al. (2013) Sumoylated hnRNPA2B1 controls the sorting of miRNAs into exosomes. Nat Commun 4:2980',
  ],
  claim:
    'Exosomes of breast cancer cells, cultured cell-free for 72 h, convert six pre-miRNAs (including pre-miR-10b and pre-miR-21) and added synthetic pre-miRNAs into mature miRNAs, so the mature/pre ratio rises with time; exosomes of non-tumorigenic MCF-10A and NMuMG cells show no change, and the conversion needs exosomal Dicer.',
  mechanisms: ['sorting', 'exosome-maturation'],
  protocol: [
    'Exosomes (1e10 in 0.1 mL) of MDA-MB-231 cancer cells or of non-tumorigenic MCF-10A/NMuMG cells are cultured cell-free for 72 h and sampled at 0, 24, 48 and 72 h.',
    'Each exosome carries the six miRNAs and their pre-miRNAs at the copies per exosome the sorting mechanism gives for a donor cell with 1e4 mature and 11 pre-miRNA copies (Chevillet 2014 calibration, sequence-derived EXOmotif weights).',
    'Conditions: cancer exosomes; non-tumorigenic exosomes (exo_dicer = 0); cancer exosomes with Dicer blocked (exo_dicer = 0); cancer exosomes with 0.1 synthetic pre-miRNA copies per exosome added at 0 h; and, as the disputed alternative, purified exosomes without Argonaute (Jeppesen 2019, exo_dicer = 0).',
    'Readout: mature/pre-miRNA ratio per miRNA, as fold of its 0 h value (qPCR in the paper).',
  ],
  keyParameters: ['k_dice_EV', 'exo_dicer'],
  model: buildModel,
  run,
  plot,
};
