/**
 * Scenario secretion-control: controlling exosome secretion and its downstream effects. Rab27 knock-down lowers
 * secretion (Ostrowski 2010; seed review refs 117-119), heparanase up-regulation raises it (Thompson 2013; ref 120),
 * and cisplatin makes A549 lung cancer cells release more exosomes that pass on resistance to other A549 cells
 * (Xiao et al. 2014, PLoS One 9:e89534; seed review ref 93).
 *
 * Model: 1e5 donor A549 cells (secretion) and 1e5 recipient A549 cells (uptake) share 2 mL of medium for 72 h;
 * exosomes carry a miRNA (0.00825 copies per exosome, Chevillet 2014) that the recipients load into miRISC
 * (biogenesis, no endogenous transcription of it) and that silences a pro-apoptotic target (target-silencing,
 * median target). Resistance marker: the fall of that target protein (less pro-apoptotic protein = more resistant);
 * an assumption of the scenario, since the exosomal effector of Xiao 2014 is not identified in the seeds.
 * Conditions are overrides of the donors' secretion factors with the sourced effect sizes of SECRETION_EFFECTS.
 */
import type * as vl from 'vega-lite';
import { mechanism as secretion, SECRETION_EFFECTS } from '../../mechanisms/secretion/index.js';
import { mechanism as uptake } from '../../mechanisms/uptake/index.js';
import { mechanism as biogenesis } from '../../mechanisms/biogenesis/index.js';
import { mechanism as targetSilencing } from '../../mechanisms/target-silencing/index.js';
import type { ModelDoc } from '../../model/types.js';
import { compileDoc, runCondition, valueAt, checkDirection } from '../support.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';
import { bisectLog } from '../../analysis/bisect.js';
import { fmt, groupedBars, validateSet, withSet, type BarDatum } from '../chevillet2014-stoichiometry/kit.js';

const ID = 'secretion-control';
const CITATION = 'Xiao X, Yu S, Li S, et al. (2014) Exosomes: decreased sensitivity of lung cancer A549 cells to cisplatin. PLoS One 9:e89534. doi:10.1371/journal.pone.0089534';

export const PROTOCOL = { t_end: 72, N_donor: 1e5, N_recip: 1e5, medium_mL: 2, fold: 1.2 };

const E = SECRETION_EFFECTS;
/** Conditions: overrides of the donors' secretion factors (values and sources in SECRETION_EFFECTS). */
export const CONDITIONS: { label: string; overrides: Record<string, number>; direction: 'up' | 'down' | 'none'; source: string }[] = [
  { label: 'control', overrides: {}, direction: 'none', source: '' },
  { label: 'Rab27 knock-down', overrides: { 'donor.rab27': E.rab27_knockdown.value }, direction: 'down', source: E.rab27_knockdown.citation },
  { label: 'heparanase up-regulation', overrides: { 'donor.f_heparanase': E.heparanase_up.value }, direction: 'up', source: E.heparanase_up.citation },
  { label: 'cisplatin exposure', overrides: { 'donor.f_cisplatin': E.cisplatin.value }, direction: 'up', source: E.cisplatin.citation },
];

function model(): ModelDoc {
  return {
    exosim: '1',
    id: 'secretion_control',
    name: 'Control of exosome secretion (Rab27, heparanase, cisplatin) and its downstream effect on recipient cells',
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [
      { id: 'medium', size: PROTOCOL.medium_mL, unit: 'mL', description: 'culture medium of one well (protocol)' },
      { id: 'recipient', size: 1.4, unit: 'pL', description: 'cytoplasm of one recipient A549 cell' },
    ],
    species: [
      { id: 'EV', compartment: 'medium', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'EV_miR', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'miR', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'miRISC', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'target_mRNA', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'target_protein', compartment: 'recipient', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    parameters: [
      { id: 'N_donor', value: PROTOCOL.N_donor, unit: 'dimensionless', description: 'donor A549 cells per well (protocol)', source: { citation: 'protocol choice: 1e5 cells per well', confidence: 'high' } },
      { id: 'N_recip', value: PROTOCOL.N_recip, unit: 'dimensionless', description: 'recipient A549 cells per well (protocol)', source: { citation: 'protocol choice: 1e5 cells per well', confidence: 'high' } },
      {
        id: 'copies_per_EV', value: 0.00825, unit: 'molecule/exosome', range: [0.0001, 10],
        description: 'copies of the resistance-conferring miRNA per exosome (most abundant miRNA)',
        source: { citation: 'Chevillet JR et al. 2014 PNAS 111:14888, parameters.md §2.1 and §0 #12', tag: 'S', confidence: 'high' },
      },
    ],
    modules: [secretion.module(), uptake.module(), biogenesis.module(), targetSilencing.module()],
    instances: [
      { id: 'donor', module: 'secretion', bind: { medium: 'medium', EV: 'EV', EV_miR: 'EV_miR', N_cells: 'N_donor', copies_per_EV: 'copies_per_EV' } },
      { id: 'rec', module: 'uptake', bind: { medium: 'medium', cell: 'recipient', EV: 'EV', EV_miR: 'EV_miR', miR: 'miR', N_cells: 'N_recip' } },
      { id: 'bio', module: 'biogenesis', bind: { cell: 'recipient', miR: 'miR', miRISC: 'miRISC' }, set: { k_tx: 0 } },
      { id: 'target', module: 'target_silencing', bind: { cell: 'recipient', miRISC: 'miRISC', mRNA: 'target_mRNA', protein: 'target_protein' } },
    ],
    observables: [
      { id: 'released_per_day', name: 'exosomes released per donor cell per day', formula: 'donor.k_eff', unit: 'exosome/day' },
      { id: 'resistance_marker', name: 'fall of the pro-apoptotic target protein relative to control (resistance marker)', formula: '1 - target_protein / target.protein_0', unit: 'dimensionless' },
    ],
  };
}

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set ?? {};
  const compiled = compileDoc(model());
  validateSet(compiled, set);
  const T = PROTOCOL.t_end;
  // rtol 1e-10: at natural loading the marker is ~1e-7 of the protein, resolved only with a tight tolerance
  const sim = (o: Record<string, number>, rtol = 1e-10) => runCondition(compiled, { tEnd: T, steps: 24, rtol, atol: 1e-12, overrides: withSet(compiled, o, set) });
  const readout = (o: Record<string, number>, rtol?: number) => {
    const r = sim(o, rtol);
    return {
      released: valueAt(r, 'released_per_day', T),
      delivered: valueAt(r, 'rec.miR_delivered', T),
      marker: valueAt(r, 'resistance_marker', T),
      result: r,
    };
  };
  const res = CONDITIONS.map((c) => ({ c, ...readout(c.overrides) }));
  const ctrl = res[0]!;

  const checks: ScenarioCheck[] = [];
  for (const x of res.slice(1)) {
    const dir = x.c.direction as 'up' | 'down';
    const word = dir === 'up' ? 'more' : 'fewer';
    checks.push(checkDirection(`${x.c.label}: ${word} exosomes released per donor cell`, `${dir === 'up' ? 'higher' : 'lower'} secretion than control (${x.c.source})`, x.released, ctrl.released, dir, 0.05,
      `[exosomes per donor cell per day under ${x.c.label}, control]; at least 5 % change required`));
    checks.push(checkDirection(`${x.c.label}: ${word} miRNA copies delivered to recipient cells`, `downstream: recipients receive ${word} exosomal miRNA (Xiao 2014: exosomes from cisplatin-treated cells act on other A549 cells)`, x.delivered, ctrl.delivered, dir, 0.05,
      `[cumulative miRNA copies delivered to the cytosol per recipient cell at ${T} h, control]`));
    checks.push(checkDirection(`${x.c.label}: resistance marker ${dir === 'up' ? 'rises' : 'falls'}`, `${dir === 'up' ? 'more' : 'less'} resistance passed on (Xiao 2014: cisplatin-induced exosomes raise cisplatin resistance of recipients)`, x.marker, ctrl.marker, dir, 0.05,
      `[fall of the pro-apoptotic target protein (fraction) at ${T} h, control]; at natural loading both are tiny (see the gap check)`));
  }

  // --- gap: at natural loading the marker is not measurable. Copies per exosome that give a measurable
  // (1.2-fold, 17 %) target fall under cisplatin, found by bisection and verified by re-simulation.
  const cis = res.find((x) => x.c.label === 'cisplatin exposure')!;
  const markerAim = 1 - 1 / PROTOCOL.fold;
  const markerAt = (o: Record<string, number>) => valueAt(sim(o, 1e-6), 'resistance_marker', T);
  const copiesReq = bisectLog((c) => markerAt({ ...cis.c.overrides, copies_per_EV: c }), 0.00825, 1e8, markerAim);
  const closed = Number.isFinite(copiesReq) ? res.map((x) => ({ c: x.c, ...readout({ ...x.c.overrides, copies_per_EV: copiesReq }) })) : [];
  const cisClosed = closed.find((x) => x.c.label === 'cisplatin exposure');
  const ctrlClosed = closed[0];
  const verified = !!cisClosed && Math.abs(cisClosed.marker - markerAim) < 1e-3;
  const orderedClosed = verified && closed.slice(1).every((x) => (x.c.direction === 'up' ? x.marker > ctrlClosed!.marker : x.marker < ctrlClosed!.marker));
  checks.push({
    name: 'Resistance passed on by cisplatin-induced exosomes is measurable only with far more miRNA per exosome',
    expected: 'Xiao 2014: recipients of exosomes from cisplatin-treated A549 cells become measurably more resistant; a measurable marker change is a 1.2-fold (17 %) fall of the pro-apoptotic target (parameters.md §0 #20)',
    observed: [cis.marker, ctrl.marker, copiesReq, cisClosed?.marker ?? NaN, ctrlClosed?.marker ?? NaN],
    pass: verified && orderedClosed,
    detail: `[marker under cisplatin at 0.00825 copies/exosome, control, copies per exosome closing the gap, marker under cisplatin with it, control with it] at ${T} h; bisection on log copies, verified by re-simulation; the direction of every condition is kept at the closing loading`,
    gap: {
      statement:
        `With natural loading (0.00825 copies per exosome) cisplatin-induced secretion raises the marker from ${fmt(100 * ctrl.marker)} % to ${fmt(100 * cis.marker)} %, far below a measurable 17 % fall: ` +
        `each recipient receives only ${fmt(cis.delivered)} cytosolic copies in ${T} h. A measurable effect needs ${fmt(copiesReq)} copies per exosome ` +
        `(${fmt(Math.log10(copiesReq / 0.00825), 2)} orders above Chevillet's mean), or other effectors than one miRNA (proteins, many miRNAs) in the exosomes.`,
      closingParameters: Number.isFinite(copiesReq) ? { copies_per_EV: copiesReq } : {},
    },
  });

  const series: Record<string, ScenarioSeries> = {};
  const tLabel = 'time (h)';
  for (const x of res) {
    series[`released/${x.c.label}`] = { x: [T], y: [x.released], xLabel: tLabel, yLabel: 'exosomes released|per donor cell per day|(exosome/day)', condition: x.c.label };
    series[`delivered/${x.c.label}`] = { x: [T], y: [x.delivered], xLabel: tLabel, yLabel: `miRNA copies delivered|per recipient cell in ${T} h|(molecule)`, condition: x.c.label };
    series[`EV_timecourse/${x.c.label}`] = { x: Array.from(x.result.time), y: Array.from(x.result.time, (t) => valueAt(x.result, 'EV', t) / (PROTOCOL.medium_mL)), xLabel: tLabel, yLabel: 'exosomes in the medium (exosome/mL)', condition: x.c.label };
  }
  for (const x of closed) {
    series[`marker_closing/${x.c.label}`] = { x: [T], y: [100 * x.marker], xLabel: tLabel, yLabel: `resistance marker: target fall|at ${T} h, ${fmt(copiesReq)} copies/exosome|(% of control)`, condition: x.c.label };
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const labels = CONDITIONS.map((c) => c.label);
  const measures: string[] = [];
  const data: BarDatum[] = [];
  for (const prefix of ['released', 'delivered', 'marker_closing']) {
    for (const c of labels) {
      const s = result.series[`${prefix}/${c}`];
      if (!s) continue;
      if (!measures.includes(s.yLabel)) measures.push(s.yLabel);
      data.push({ measure: s.yLabel, condition: c, value: s.y[0]! });
    }
  }
  return groupedBars('Secretion control: Rab27 knock-down, heparanase, cisplatin (A549, 72 h)', data, labels, measures);
}

export const scenario: Scenario = {
  id: ID,
  title: 'Controlling exosome secretion: Rab27 knock-down, heparanase up-regulation and cisplatin exposure, and what recipient cells receive',
  citation: CITATION,
  references: [
    'Ostrowski M et al. (2010) Rab27a and Rab27b control different steps of the exosome secretion pathway. Nat Cell Biol 12:19-30.',
    'Thompson CA et al. (2013) Heparanase regulates secretion, composition, and function of tumor cell-derived exosomes. J Biol Chem 288:10093-10099.',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Chiu YJ et al. (2016) A single-cell assay for time lapse studies of exosome secretion and cell behaviors. Small 12:3658-3666.',
  ],
  claim:
    'Exosome secretion is controlled by Rab27 (knock-down lowers it) and raised by heparanase up-regulation and by cisplatin; A549 lung cancer cells exposed to cisplatin release more exosomes, and these exosomes make other A549 cells more resistant to cisplatin.',
  mechanisms: ['secretion', 'uptake', 'biogenesis', 'target-silencing'],
  protocol: [
    '1e5 donor and 1e5 recipient A549 cells share 2 mL of medium for 72 h (co-culture); donors secrete 60 exosomes/cell/h in control (breast-cancer value, Chiu 2016; no A549 value in parameters.md), each carrying 0.00825 copies of a miRNA.',
    `Conditions (donor secretion factors): control; Rab27 knock-down (rab27 = ${E.rab27_knockdown.value}); heparanase up-regulation (f_heparanase = ${E.heparanase_up.value}); cisplatin exposure (f_cisplatin = ${E.cisplatin.value}).`,
    'Recipients take exosomes up (eta_bind 2e-3, f_escape 0.01), load the miRNA into miRISC, and it silences a pro-apoptotic target; the resistance marker is the target protein fall at 72 h.',
    'Read-outs at 72 h: exosomes released per donor cell per day, miRNA copies delivered per recipient cell, resistance marker; the copies per exosome needed for a measurable (1.2-fold) marker change under cisplatin are found by bisection.',
  ],
  keyParameters: ['donor.rab27', 'donor.f_heparanase', 'donor.f_cisplatin', 'donor.k_sec', 'copies_per_EV', 'rec.f_escape'],
  model,
  run,
  plot,
};
