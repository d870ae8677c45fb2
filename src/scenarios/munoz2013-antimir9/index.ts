/**
 * munoz2013-antimir9 (Munoz et al. 2013, Mol Ther Nucleic Acids 2:e126): exosomes of mesenchymal stem cells
 * deliver anti-miR-9 to temozolomide-resistant glioblastoma (GBM) cells; MDR1 (P-glycoprotein) falls and
 * temozolomide kills more cells.
 *
 * Model (one well, counts per GBM cell, time in h), composed from the mechanism modules:
 *   mir9   biogenesis         endogenous miR-9 of the GBM cell (k_tx scaled so that miR-9 miRISC ~ 1e4 copies)
 *   ptch1  target-silencing   miR-9 miRISC silences PTCH1 (Munoz 2015: miR-9 targets PTCH1)
 *   tx     therapy (antimiR)  the exosome dose and the anti-miR's sequestration of miR-9 miRISC
 *   up     uptake             GBM cells take the exosomes up; endosomal escape of the anti-miR
 *   pheno  phenotypes         resistance: MDR1 efflux lowers the intracellular temozolomide and the kill rate
 * plus the scenario's coupling of PTCH1 to MDR1 (hedgehog signalling represses MDR1 transcription via PTCH1):
 *   dm/dt    = k_m m_ref (1 + K_hh) / (1 + K_hh PTCH1 / PTCH1_ctrl) - k_m m,   k_m = ln2 / t_half_MDR1_mRNA
 *   dMDR1/dt = k_M MDR1_ref m / m_ref - k_M MDR1,                             k_M = ln2 / t_half_MDR1
 * so that MDR1 mRNA = m_ref and MDR1 = MDR1_ref in untreated cells (PTCH1 = PTCH1_ctrl); both fall when the
 * anti-miR frees PTCH1 from miR-9.
 * The run starts with a warm-up (t_warm h before the dose) that brings the cell to its steady state.
 */
import { mechanism as biogenesis } from '../../mechanisms/biogenesis/index.js';
import { mechanism as targetSilencing } from '../../mechanisms/target-silencing/index.js';
import { mechanism as uptake } from '../../mechanisms/uptake/index.js';
import { mechanism as phenotypes } from '../../mechanisms/phenotypes/index.js';
import { mechanism as therapy, uptakeOptions } from '../../mechanisms/therapy/index.js';
import { bisectLog } from '../../analysis/bisect.js';
import { biogenesisKtxFor, groupedBars, pointSeries, type Bar } from '../../mechanisms/therapy/scenario-kit.js';
import type { ModelDoc } from '../../model/types.js';
import { compileDoc, runCondition, seriesOf, valueAt, checkDirection, checkRange } from '../support.js';
import type { CompiledModel } from '../../compile/types.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';

const ID = 'munoz2013-antimir9';
const CITATION = 'Munoz JL, Bliss SA, Greco SJ, Ramkissoon SH, Ligon KL, Rameshwar P (2013) Delivery of functional anti-miR-9 by mesenchymal stem cell-derived exosomes to glioblastoma multiforme cells conferred chemosensitivity. Mol Ther Nucleic Acids 2:e126. doi:10.1038/mtna.2013.60';

/** Protocol (model choices; the paper's exact doses are not in parameters.md). */
const PROTOCOL = {
  t_warm: 20000, // h of warm-up before the dose (the target-bound miRISC pool relaxes slowly: ~1e3-h time scale)
  t_MDR1: 72, // h after the dose: MDR1 read-out
  t_end: 96, // h: viability read-out (72 h of temozolomide from t_TMZ)
  miR9_copies: 1e4, // target steady state of miR-9 miRISC per GBM cell (miR-21-class, parameters.md §0 #17, R)
  fall_target: 0.3, // 'MDR1 falls': MDR1 mRNA at least 30 % lower at 72 h (a change RT-qPCR resolves with a few replicates)
};

type ExoCond = 'no exosomes' | 'control exosomes' | 'anti-miR-9 exosomes';
const EXO_CONDS: ExoCond[] = ['no exosomes', 'control exosomes', 'anti-miR-9 exosomes'];
const TMZ_LABEL = { minus: '- TMZ', plus: '+ TMZ' } as const;

function buildModel(): ModelDoc {
  const th = therapy.module({ payload: 'antimiR', route: 'in-vitro' });
  const up = uptake.module(uptakeOptions({}));
  const bio = biogenesis.module();
  const ts = targetSilencing.module();
  const ph = phenotypes.module({ phenotype: 'resistance', drug: 'temozolomide' });
  const count = (id: string, compartment: string, unit: string, description: string) => ({ id, compartment, initialAmount: 0, unit, hasOnlySubstanceUnits: true, description });
  return {
    exosim: '1',
    id: 'munoz2013_antimir9',
    name: 'Anti-miR-9 delivered by MSC exosomes to temozolomide-resistant GBM cells (Munoz 2013)',
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    modules: [th, up, bio, ts, ph],
    compartments: [
      { id: 'medium', size: 2, unit: 'mL', description: 'culture medium of one well of a 6-well plate (protocol)' },
      { id: 'gbm', size: 1.4, unit: 'pL', description: 'cytoplasm of one GBM cell (Mihaila et al. 2017 V_intra, parameters.md §5)' },
    ],
    species: [
      count('EV', 'medium', 'exosome', 'MSC exosomes in the medium'),
      count('EV_antimiR', 'medium', 'molecule', 'anti-miR-9 copies carried by the exosomes in the medium'),
      count('antimiR', 'gbm', 'molecule', 'anti-miR-9 delivered to the cytosol of one GBM cell'),
      count('miR9', 'gbm', 'molecule', 'free miR-9 guide strands per GBM cell'),
      count('miR9_RISC', 'gbm', 'molecule', 'miR-9 miRISC (active) per GBM cell'),
      count('PTCH1_mRNA', 'gbm', 'molecule', 'PTCH1 mRNA per GBM cell (free)'),
      count('PTCH1', 'gbm', 'molecule', 'PTCH1 protein per GBM cell'),
      { ...count('MDR1_mRNA', 'gbm', 'molecule', 'MDR1 (ABCB1) mRNA per GBM cell'), initialAmount: 1.3e3 },
      { ...count('MDR1', 'gbm', 'molecule', 'MDR1 (P-glycoprotein) per GBM cell'), initialAmount: 1e4 },
    ],
    parameters: [
      { id: 'N_GBM', value: 1e5, unit: 'dimensionless', range: [1e4, 1e6], description: 'GBM cells per well (protocol)', source: { citation: 'protocol choice (1e5 cells per well of a 6-well plate); Munoz 2013 used T98G/U87 GBM lines', tag: 'R', note: 'not in parameters.md' }, confidence: 'medium' },
      { id: 'TMZ', value: 0, unit: 'uM', constant: false, description: 'temozolomide in the medium (set by the event TMZ_on)' },
      { id: 'TMZ_dose', value: 100, unit: 'uM', range: [20, 1000], description: 'temozolomide concentration added at t_TMZ (0 = no drug)', source: { citation: 'phenotypes mechanism default (temozolomide IC50 in GBM lines ~100-1000 uM); Munoz 2013 protocol (not in parameters.md)', tag: 'R' }, confidence: 'low' },
      { id: 't_TMZ', value: 24, unit: 'h', range: [0, 72], description: 'time temozolomide is added (after the exosomes)', source: { citation: 'protocol choice: exosomes first, temozolomide 24 h later for 72 h (Munoz 2013 design; times not in parameters.md)', tag: 'R' }, confidence: 'low' },
      { id: 'K_hh', value: 1, unit: 'dimensionless', range: [0.1, 10], description: 'strength of the repression of MDR1 synthesis by PTCH1 (hedgehog pathway) at the control PTCH1 level', source: { citation: 'Munoz JL et al. (2015) Oncotarget 6:1190 (miR-9 targets PTCH1; PTCH1 loss raises MDR1); coupling strength not in parameters.md', tag: 'R', note: 'MDR1 synthesis = (1 + K_hh) / (1 + K_hh PTCH1/PTCH1_ctrl) of control: full PTCH1 derepression (4-fold) lowers it to 0.4' }, confidence: 'low' },
      { id: 'PTCH1_ctrl', value: 1, unit: 'molecule', range: [1, 1e8], description: 'PTCH1 protein of untreated GBM cells at steady state (set by the scenario from a first run without exosomes)', source: { citation: 'computed by the scenario (steady state of the model without exosomes)', tag: 'D' }, confidence: 'high' },
      { id: 'MDR1_ref', value: 1e4, unit: 'molecule', range: [1e2, 1e6], description: 'MDR1 copies per untreated GBM cell', source: { citation: 'phenotypes mechanism default; no copy number in the sources (parameters.md §11 item 7)', tag: 'R' }, confidence: 'low' },
      { id: 'MDR1_mRNA_ref', value: 1.3e3, unit: 'molecule', range: [10, 1e5], description: 'MDR1 mRNA copies per untreated GBM cell', source: { citation: 'transcription 100 copies/h (Mihaila 2017, parameters.md §5) x median mRNA half-life 9 h / ln 2 (Schwanhausser 2011, parameters.md §4.3)', tag: 'D', note: 'only ratios to it are used' }, confidence: 'low' },
      { id: 't_half_MDR1_mRNA', value: 9, unit: 'h', range: [1, 30], description: 'MDR1 mRNA half-life', source: { citation: 'Schwanhausser et al. 2011 Nature 473:337 (median mRNA half-life 9 h, BNID 106378), parameters.md §4.3 / §0 #18', tag: 'S', note: 'median used (no MDR1-specific value in parameters.md)' }, confidence: 'medium' },
      { id: 't_half_MDR1', value: 46, unit: 'h', range: [0.75, 200], description: 'MDR1 protein half-life', source: { citation: 'Schwanhausser et al. 2011 Nature 473:337 (median protein half-life 46 h), parameters.md §4.3 / §0 #19', tag: 'R', note: 'no MDR1-specific value in parameters.md' }, confidence: 'low' },
    ],
    reactions: [
      // dm/dt = k_m m_ref (1 + K_hh)/(1 + K_hh PTCH1/PTCH1_ctrl) - k_m m   [molecule/h]
      { id: 'MDR1_transcription', name: 'MDR1 transcription, repressed by PTCH1 (hedgehog)', equation: '-> MDR1_mRNA', modifiers: ['PTCH1'], rate: 'ln(2) / t_half_MDR1_mRNA * MDR1_mRNA_ref * (1 + K_hh) / (1 + K_hh * PTCH1 / PTCH1_ctrl)' },
      { id: 'MDR1_mRNA_decay', name: 'MDR1 mRNA turnover', equation: 'MDR1_mRNA ->', rate: 'ln(2) / t_half_MDR1_mRNA * MDR1_mRNA' },
      // dMDR1/dt = k_M MDR1_ref m/m_ref - k_M MDR1   [molecule/h]
      { id: 'MDR1_translation', name: 'MDR1 translation', equation: '-> MDR1', modifiers: ['MDR1_mRNA'], rate: 'ln(2) / t_half_MDR1 * MDR1_ref * MDR1_mRNA / MDR1_mRNA_ref' },
      { id: 'MDR1_decay', name: 'MDR1 protein turnover', equation: 'MDR1 ->', rate: 'ln(2) / t_half_MDR1 * MDR1' },
    ],
    events: [{ id: 'TMZ_on', name: 'temozolomide added', trigger: 'time >= t_TMZ', assignments: [{ variable: 'TMZ', formula: 'TMZ_dose' }] }],
    instances: [
      { id: 'tx', module: 'therapy', bind: { medium: 'medium', cell: 'gbm', EV: 'EV', EV_payload: 'EV_antimiR', payload: 'antimiR', miRISC: 'miR9_RISC' }, set: { dose: 1.2e11 } },
      { id: 'up', module: 'uptake', bind: { medium: 'medium', cell: 'gbm', EV: 'EV', EV_miR: 'EV_antimiR', miR: 'antimiR', N_cells: 'N_GBM' } },
      { id: 'mir9', module: 'biogenesis', bind: { cell: 'gbm', miR: 'miR9', miRISC: 'miR9_RISC' }, set: { k_tx: biogenesisKtxFor(PROTOCOL.miR9_copies) } },
      { id: 'ptch1', module: 'target_silencing', bind: { cell: 'gbm', miRISC: 'miR9_RISC', mRNA: 'PTCH1_mRNA', protein: 'PTCH1' } },
      { id: 'pheno', module: 'phenotypes', bind: { cell: 'gbm', MDR1: 'MDR1', MDR1_ref: 'MDR1_ref', drug: 'TMZ' } },
    ],
    observables: [
      { id: 'MDR1_rel', name: 'MDR1 protein relative to untreated cells', formula: 'MDR1 / MDR1_ref', unit: 'dimensionless' },
      { id: 'MDR1_mRNA_rel', name: 'MDR1 mRNA relative to untreated cells', formula: 'MDR1_mRNA / MDR1_mRNA_ref', unit: 'dimensionless' },
      { id: 'viability', name: 'fraction of GBM cells surviving temozolomide', formula: 'pheno.viability_drug', unit: 'dimensionless' },
    ],
  };
}

let compiledCache: CompiledModel | undefined;
function compiled(): CompiledModel {
  compiledCache ??= compileDoc(buildModel());
  return compiledCache;
}

const TIMES = Array.from({ length: 25 }, (_, i) => i * 4); // 0..96 h

function exoOverrides(c: ExoCond): Record<string, number> {
  if (c === 'no exosomes') return { 'tx.dose': 0 };
  if (c === 'control exosomes') return { 'tx.payload_per_EV': 0 };
  return {};
}

interface Run { MDR1: number; MDR1p: number; viability: number; miR9: number; res: ReturnType<typeof runCondition> }

function simulate(c: ExoCond, tmz: boolean, set: Record<string, number>, extra: Record<string, number>, ptch1: number): Run {
  // user --set, then the gap search's values (`extra`), then what defines the condition (no dose, empty exosomes,
  // no drug), which nothing overrides
  const force = { ...exoOverrides(c), ...(tmz ? {} : { TMZ_dose: 0 }) };
  const res = runCondition(compiled(), { tStart: -PROTOCOL.t_warm, tEnd: PROTOCOL.t_end, times: TIMES, overrides: { PTCH1_ctrl: ptch1 }, set: { ...set, ...extra, ...force } });
  return { MDR1: valueAt(res, 'MDR1_mRNA_rel', PROTOCOL.t_MDR1), MDR1p: valueAt(res, 'MDR1_rel', PROTOCOL.t_MDR1), viability: valueAt(res, 'viability', PROTOCOL.t_end), miR9: valueAt(res, 'miR9_RISC', PROTOCOL.t_MDR1), res };
}

/** PTCH1 of untreated cells at the dose time (first run: no exosomes, no drug). */
function controlPTCH1(set: Record<string, number>): number {
  const res = runCondition(compiled(), { tStart: -PROTOCOL.t_warm, tEnd: 0, times: [0], overrides: { 'tx.dose': 0, TMZ_dose: 0 }, set });
  return valueAt(res, 'PTCH1', 0);
}

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set;
  const ptch1 = controlPTCH1(set);
  const fallOf = (extra: Record<string, number>) => {
    const ref = simulate('control exosomes', false, set, extra, ptch1).MDR1;
    return 1 - simulate('anti-miR-9 exosomes', false, set, extra, ptch1).MDR1 / ref;
  };
  const fallDefault = fallOf({});
  const deliveredDefault = valueAt(simulate('anti-miR-9 exosomes', false, set, {}, ptch1).res, 'up.miR_delivered', PROTOCOL.t_MDR1);
  const checks: ScenarioCheck[] = [];
  // Gap analysis: the loading (payload copies per exosome) at which MDR1 mRNA falls by fall_target at 72 h.
  let engineered: Record<string, number> = {};
  let gapOk = true;
  let gap: ScenarioCheck['gap'] | undefined;
  if (!(fallDefault >= PROTOCOL.fall_target)) {
    const p0 = set['tx.payload_per_EV'] ?? 0.00825;
    const pStar = bisectLog((p) => fallOf({ 'tx.payload_per_EV': p }), p0, 1e4, PROTOCOL.fall_target, { iterations: 30 });
    const closing: Record<string, number> = {};
    if (Number.isFinite(pStar)) closing['tx.payload_per_EV'] = pStar;
    // can the escape fraction alone (within its range 1e-4..0.3) close it?
    const fStar = bisectLog((f) => fallOf({ 'up.f_escape': f }), set['up.f_escape'] ?? 0.01, 0.3, PROTOCOL.fall_target, { iterations: 30 });
    if (Number.isFinite(fStar)) closing['up.f_escape'] = fStar;
    // verified by re-simulation slightly above the closing value
    const verified = Number.isFinite(pStar) && fallOf({ 'tx.payload_per_EV': pStar * 1.02 }) >= PROTOCOL.fall_target;
    gapOk = verified;
    engineered = Number.isFinite(pStar) ? { 'tx.payload_per_EV': pStar * 1.02 } : {};
    gap = {
      statement:
        `With the literature defaults (${p0} anti-miR copies per exosome, Chevillet 2014's natural loading; escape fraction ${set['up.f_escape'] ?? 0.01}) MDR1 mRNA falls by only ${(100 * fallDefault).toPrecision(2)} % at ${PROTOCOL.t_MDR1} h: `
        + `the anti-miR reaching the cytosol (${deliveredDefault.toPrecision(2)} copies per cell by ${PROTOCOL.t_MDR1} h) cannot sequester ~${PROTOCOL.miR9_copies.toExponential(0)} miR-9 miRISC. `
        + `A fall of ${100 * PROTOCOL.fall_target} % needs ${Number.isFinite(pStar) ? pStar.toPrecision(3) : '(not found)'} copies per exosome (engineered, over-loaded exosomes)`
        + (Number.isFinite(fStar) ? ` or an escape fraction of ${fStar.toPrecision(3)}` : '; no escape fraction within 1e-4-0.3 is enough alone') + '.',
      closingParameters: closing,
    };
  }
  const runs = new Map<string, Run>();
  for (const c of EXO_CONDS) for (const tmz of [false, true]) runs.set(`${c}|${tmz}`, simulate(c, tmz, set, engineered, ptch1));
  const R = (c: ExoCond, tmz: boolean) => runs.get(`${c}|${tmz}`)!;
  const fallEng = 1 - R('anti-miR-9 exosomes', false).MDR1 / R('control exosomes', false).MDR1;

  checks.push({
    name: 'MDR1 expression falls in GBM cells given anti-miR-9 exosomes (vs control exosomes)',
    expected: `MDR1 lower than with control exosomes (Munoz 2013: anti-miR-9 delivery reversed MDR1 expression); here MDR1 mRNA at least ${100 * PROTOCOL.fall_target} % lower at ${PROTOCOL.t_MDR1} h`,
    observed: [fallDefault, fallEng],
    pass: fallDefault >= PROTOCOL.fall_target || (gapOk && fallEng >= PROTOCOL.fall_target),
    detail: '[fractional MDR1 mRNA fall at the literature defaults, at the closing loading]; fall = 1 - MDR1(anti-miR-9 exosomes)/MDR1(control exosomes)',
    ...(gap ? { gap } : {}),
  });
  checks.push(checkDirection(
    'MDR1 protein (P-glycoprotein) falls too',
    'lower P-glycoprotein with anti-miR-9 exosomes (Munoz 2013)',
    R('anti-miR-9 exosomes', false).MDR1p, R('control exosomes', false).MDR1p, 'down', 0.05,
    `[MDR1 protein relative to untreated at ${PROTOCOL.t_MDR1} h, anti-miR-9 vs control exosomes] (closing loading; protein half-life 46 h lags the mRNA)`,
  ));
  checks.push(checkRange(
    'Control exosomes leave MDR1 unchanged',
    'MDR1 with control (empty) exosomes equal to no exosomes (Munoz 2013 controls)',
    R('control exosomes', false).MDR1 / R('no exosomes', false).MDR1, 0.99, 1.01,
    'MDR1 mRNA(control exosomes) / MDR1 mRNA(no exosomes) at 72 h',
  ));
  checks.push(checkDirection(
    'anti-miR-9 exosomes lower active miR-9 (miRISC) in GBM cells',
    'anti-miR-9 sequesters miR-9 (Munoz 2013: functional anti-miR-9 delivered)',
    R('anti-miR-9 exosomes', false).miR9, R('control exosomes', false).miR9, 'down', 0.1,
    '[miR-9 miRISC copies per cell at 72 h with anti-miR-9 exosomes, with control exosomes] (closing loading)',
  ));
  checks.push(checkDirection(
    'Temozolomide kills more GBM cells given anti-miR-9 exosomes',
    'a larger killed fraction under temozolomide with anti-miR-9 exosomes than with control exosomes (Munoz 2013: increased cell death and caspase activity)',
    1 - R('anti-miR-9 exosomes', true).viability, 1 - R('control exosomes', true).viability, 'up', 0.01,
    `[fraction of cells killed by ${PROTOCOL.t_end} h (72 h of temozolomide), anti-miR-9 exosomes vs control exosomes] (closing loading; the gain is small because P-glycoprotein turns over slowly, t_half_MDR1 = 46 h)`,
  ));
  checks.push(checkRange(
    'Without temozolomide anti-miR-9 exosomes do not kill',
    'no loss of viability without the drug (the anti-miR sensitises, it is not toxic)',
    R('anti-miR-9 exosomes', false).viability, 0.999, 1.001,
    'surviving fraction at 96 h without temozolomide',
  ));

  const series: Record<string, ScenarioSeries> = {};
  for (const c of EXO_CONDS) {
    series[`MDR1_mRNA/${c}`] = seriesOf(R(c, false).res, 'MDR1_mRNA_rel', c, { x: 'time after the exosomes (h)', y: 'MDR1 mRNA (% of untreated)', scale: 100 });
    series[`MDR1_protein/${c}`] = seriesOf(R(c, false).res, 'MDR1_rel', c, { x: 'time after the exosomes (h)', y: 'MDR1 protein (% of untreated)', scale: 100 });
    for (const tmz of [false, true]) {
      const label = `${c} ${tmz ? TMZ_LABEL.plus : TMZ_LABEL.minus}`;
      series[`viability/${label}`] = seriesOf(R(c, tmz).res, 'viability', label, { x: 'time after the exosomes (h)', y: 'viable cells (% of start)', scale: 100 });
    }
    series[`MDR1_72h/${c}`] = pointSeries(PROTOCOL.t_MDR1, 100 * R(c, false).MDR1 / R('no exosomes', false).MDR1, 'time after the exosomes (h)', 'MDR1 mRNA (% of no exosomes)', c);
    series[`MDR1p_72h/${c}`] = pointSeries(PROTOCOL.t_MDR1, 100 * R(c, false).MDR1p / R('no exosomes', false).MDR1p, 'time after the exosomes (h)', 'MDR1 protein (% of no exosomes)', c);
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult) {
  const G = ['MDR1 mRNA', 'MDR1 protein', 'viable, + TMZ', 'viable, no TMZ'] as const;
  const bars: Bar[] = [];
  for (const c of EXO_CONDS) {
    const m = result.series[`MDR1_72h/${c}`];
    if (m) bars.push({ group: G[0], condition: c, value: m.y[0]! });
    const mp = result.series[`MDR1p_72h/${c}`];
    if (mp) bars.push({ group: G[1], condition: c, value: mp.y[0]! });
    for (const tmz of [true, false]) {
      const s = result.series[`viability/${c} ${tmz ? TMZ_LABEL.plus : TMZ_LABEL.minus}`];
      if (s) bars.push({ group: tmz ? G[2] : G[3], condition: c, value: s.y[s.y.length - 1]! });
    }
  }
  return groupedBars(`Munoz 2013: anti-miR-9 exosomes (closing loading): MDR1 at ${PROTOCOL.t_MDR1} h, viable GBM cells at ${PROTOCOL.t_end} h`, '% of no exosomes (MDR1) / % viable (cells)', bars, EXO_CONDS, [...G]);
}

export const scenario: Scenario = {
  id: ID,
  title: 'Anti-miR-9 delivered by mesenchymal stem cell exosomes sensitises glioblastoma cells to temozolomide (Munoz 2013)',
  citation: CITATION,
  references: [
    'Munoz JL, Rodriguez-Cruz V, Ramkissoon SH, Ligon KL, Greco SJ, Rameshwar P (2015) Temozolomide resistance in glioblastoma occurs by miRNA-9-targeted PTCH1, independent of sonic hedgehog level. Oncotarget 6:1190-1201.',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
  ],
  claim: 'Exosomes of mesenchymal stem cells transfected with anti-miR-9 deliver it to temozolomide-resistant glioblastoma cells, where MDR1 (P-glycoprotein) falls and temozolomide kills more cells.',
  mechanisms: ['therapy', 'uptake', 'biogenesis', 'target-silencing', 'phenotypes'],
  protocol: [
    `One well: 1e5 GBM cells in 2 mL medium; miR-9 miRISC at steady state (~${PROTOCOL.miR9_copies.toExponential(0)} copies per cell) after a ${PROTOCOL.t_warm}-h warm-up.`,
    'Conditions: no exosomes, control exosomes (no anti-miR), anti-miR-9 exosomes; each without and with temozolomide.',
    'At t = 0 one dose of 1.2e11 MSC exosomes (100 pM in 2 mL; Heusermann 2016 assay concentration) is added; temozolomide (100 uM) is added at 24 h.',
    `Read-outs: MDR1 mRNA and protein (% of no exosomes) at ${PROTOCOL.t_MDR1} h, viable cells at ${PROTOCOL.t_end} h.`,
    `When the natural loading (0.00825 copies per exosome) cannot lower MDR1 mRNA by ${100 * PROTOCOL.fall_target} %, the scenario finds the loading (and escape fraction) that does, and the conditions are run at that loading.`,
  ],
  keyParameters: ['tx.payload_per_EV', 'up.f_escape', 'tx.dose', 'K_hh', 't_half_MDR1_mRNA', 't_half_MDR1', 'mir9.k_tx'],
  model: buildModel,
  run,
  plot,
};
