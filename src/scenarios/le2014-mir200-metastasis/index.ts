/**
 * le2014-mir200-metastasis (Le et al. 2014, J Clin Invest 124:5109; NEJM note, seed 001): poorly metastatic 4TO7
 * cells pre-incubated for 3 days with extracellular vesicles (EVs) of highly metastatic 4T1 cells, which carry
 * miR-200, form more and larger lung metastases after tail-vein injection than cells given their own EVs; the effect
 * is lost when miR-200 is blocked. Mechanism: miR-200 drives a mesenchymal-to-epithelial transition (MET), which
 * favours colonisation at the distant site.
 *
 * Model (one well, then one mouse; counts per 4TO7 cell, time in h), composed from the mechanism modules:
 *   donor secretion   donor cells (4T1 or 4TO7) release EVs carrying miR-200 (copies_per_EV by condition)
 *   up    uptake      4TO7 cells take the EVs up; escaped miR-200 joins the cell's miR-200 pool
 *   ph    phenotypes  the miR-200/ZEB switch of Lu et al. 2013 (4TO7: mesenchymal state, SNAIL in the bistable
 *                     window); its epithelial score is the E_score of the injected cells
 *   tis   tissue      tail-vein injection at 72 h, arrest in the lung, colonisation (probability rising with the
 *                     epithelial score), Gompertz growth of the colonies (faster in the epithelial state)
 */
import { mechanism as secretion } from '../../mechanisms/secretion/index.js';
import { mechanism as uptake } from '../../mechanisms/uptake/index.js';
import { mechanism as phenotypes, EMT_STATES } from '../../mechanisms/phenotypes/index.js';
import { mechanism as tissue } from '../../mechanisms/tissue/index.js';
import type { ModelDoc, ParameterDoc } from '../../model/types.js';
import type { CompiledModel } from '../../compile/types.js';
import type { SimulationResult } from '../../results.js';
import { compileDoc, runCondition, valueAt, seriesOf, checkDirection, checkRange, runEnsembleInProcess, ensembleStat } from '../support.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';
import { bisectLog } from '../../analysis/bisect.js';
import type * as vl from 'vega-lite';

const ID = 'le2014-mir200-metastasis';
const CITATION = 'Le MTN, Hamar P, Guo C, Basar E, Perdigão-Henriques R, Balaj L, Lieberman J (2014) miR-200-containing extracellular vesicles promote breast cancer cell metastasis. J Clin Invest 124:5109-5128. doi:10.1172/JCI75695';

const P = {
  t_pre: 72, // h of pre-incubation with EVs (3 days, seed 001)
  t_lung: 21 * 24, // h after injection at which lungs are scored (3 weeks)
  mice: 8, // mice per group in the stochastic cohort (Le 2014 used groups of about 5-10)
  ratio_target: 2, // 'substantially more lung metastases': at least 2-fold (own EVs as reference)
  margin: 1.5, // the conditions are run at 1.5 x the closing miR-200 cargo
};

type Cond = 'own (4TO7) EVs' | '4T1 EVs' | '4T1 EVs, miR-200 blocked';
const CONDS: Cond[] = ['own (4TO7) EVs', '4T1 EVs', '4T1 EVs, miR-200 blocked'];
const COND_CODE: Record<Cond, number> = { 'own (4TO7) EVs': 0, '4T1 EVs': 1, '4T1 EVs, miR-200 blocked': 2 };

function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: 'high' | 'medium' | 'low'): ParameterDoc {
  return { id, value, unit, range, description, confidence, source: { citation, tag, confidence } };
}

function buildModel(): ModelDoc {
  const M = EMT_STATES.mesenchymal;
  return {
    exosim: '1',
    id: 'le2014_mir200_metastasis',
    name: '4TO7 cells pre-incubated with 4T1 EVs carrying miR-200, then injected into the tail vein (Le 2014)',
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    modules: [secretion.module(), uptake.module({ targeting: 'none', cargo: 'mature' }), phenotypes.module({ phenotype: 'emt', emt_start: 'mesenchymal' }), tissue.module({ growth: 'gompertz', populations: '1', metastasis: 'lung' })],
    compartments: [
      { id: 'well', size: 2, unit: 'mL', description: 'culture medium of one well (protocol)' },
      { id: 'c4to7', size: 1.4, unit: 'pL', description: 'cytoplasm of one 4TO7 cell (Mihaila et al. 2017 V_intra, parameters.md §5)' },
      { id: 'mouse', size: 1, unit: 'mL', description: 'mouse (bookkeeping of the primary site; no primary tumour in this experiment)' },
    ],
    species: [
      { id: 'EV', compartment: 'well', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true, description: 'EVs in the medium' },
      { id: 'EV_miR200', compartment: 'well', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'miR-200 copies in the EVs in the medium' },
      { id: 'miR200', compartment: 'c4to7', initialAmount: M.miR200, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'miR-200 per 4TO7 cell (endogenous + delivered), starting at the mesenchymal steady state of Lu 2013' },
    ],
    parameters: [
      par('N_donor', 1e5, 'dimensionless', [0, 1e7], 'donor cells whose EVs the well receives over the pre-incubation (conditioned-medium equivalent)', 'protocol choice (1e5 cells, as examples/flagship/exosome-transfer.yaml); Le 2014 EV dose not in parameters.md', 'R', 'medium'),
      par('N_recip', 1e5, 'dimensionless', [1e3, 1e7], '4TO7 cells per well', 'protocol choice', 'R', 'medium'),
      par('copies_4T1', 0.00825, 'molecule/exosome', [0.001, 1e5], 'miR-200 copies per 4T1 EV', 'Chevillet et al. 2014 PNAS 111:14888 (most abundant miRNA, parameters.md §2.1, §0 #12); Le 2014: miR-200 is abundant in 4T1 EVs', 'S', 'medium'),
      par('f_own', 0.01, 'dimensionless', [0, 0.3], 'miR-200 cargo of 4TO7 EVs relative to 4T1 EVs (4TO7 cells are mesenchymal and express little miR-200)', 'Le et al. 2014 J Clin Invest 124:5109 (miR-200 high in 4T1, low in 4TO7; ratio not given): assumption', 'R', 'low'),
      par('f_blocked', 0.05, 'dimensionless', [0, 0.5], 'miR-200 cargo left when miR-200 is blocked (sponge / inhibitor)', 'Le et al. 2014 (miR-200 blocked abolishes the effect; efficiency not given): assumption of a 95 % block', 'R', 'low'),
      { id: 'ev_source', value: 1, unit: 'dimensionless', range: [0, 2], description: 'condition code: 0 = own (4TO7) EVs, 1 = 4T1 EVs, 2 = 4T1 EVs with miR-200 blocked', source: { citation: 'protocol (condition switch)', tag: 'D' }, confidence: 'high' },
      { id: 'one_um3', value: 1, unit: 'um^3', range: [1, 1], description: 'unit helper (1 um^3) for the colony diameter in um', source: { citation: 'unit constant', tag: 'D' }, confidence: 'high' },
      { id: 'copies_per_EV', unit: 'molecule/exosome', description: 'miR-200 copies per EV of the condition (assignment rule)' },
      { id: 'E_score', unit: 'dimensionless', description: 'epithelial score of the 4TO7 cells (from the miR-200/ZEB switch; shared with the tissue module)' },
    ],
    rules: [
      { type: 'assignment', variable: 'copies_per_EV', formula: 'copies_4T1 * piecewise(f_own, ev_source < 0.5, 1, ev_source < 1.5, f_blocked)' },
    ],
    events: [
      {
        id: 'harvest', name: 'cells washed free of EVs and injected (the injection itself is the tissue module event at tis.t_inject)', trigger: `time >= ${P.t_pre}`,
        assignments: [{ variable: 'EV', formula: '0' }, { variable: 'EV_miR200', formula: '0' }, { variable: 'N_donor', formula: '0' }],
      },
    ],
    instances: [
      { id: 'donor', module: 'secretion', bind: { medium: 'well', EV: 'EV', EV_miR: 'EV_miR200', N_cells: 'N_donor', copies_per_EV: 'copies_per_EV' } },
      { id: 'up', module: 'uptake', bind: { medium: 'well', cell: 'c4to7', EV: 'EV', EV_miR: 'EV_miR200', miR: 'miR200', N_cells: 'N_recip' } },
      { id: 'ph', module: 'phenotypes', bind: { cell: 'c4to7', miR200: 'miR200', epithelial_score: 'E_score' } },
      { id: 'tis', module: 'tissue', bind: { site: 'mouse', E_score: 'E_score' }, set: { t_inject: P.t_pre, N0_A: 1 } },
    ],
    observables: [
      { id: 'delivered200', name: 'EV-derived miR-200 delivered to the cytosol per 4TO7 cell', formula: 'up.miR_delivered', unit: 'molecule' },
      // d = (6 V / pi)^(1/3), V = mean cells per colony x V_cell, in um
      { id: 'met_diameter_um', name: 'diameter of the mean lung metastasis (um)', formula: '(6 * tis.N_met / (tis.metastases + tis.eps_cell) * tis.cell_unit * tis.V_cell / (pi * one_um3))^(1/3)', unit: 'dimensionless' },
    ],
  };
}

/**
 * The mouse cohort: the tissue module alone (lung metastasis), run with a stochastic engine, one replicate per mouse,
 * with the epithelial score of the injected cells fixed at its value 3 days after injection (when most fate
 * decisions are made) and colony growth switched off (only the counts are random in a useful way).
 */
function cohortModel(): ModelDoc {
  return {
    exosim: '1', id: 'le2014_mouse_cohort', units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [{ id: 'mouse', size: 1, unit: 'mL' }],
    modules: [tissue.module({ growth: 'gompertz', populations: '1', metastasis: 'lung' })],
    instances: [{ id: 'tis', module: 'tissue', bind: { site: 'mouse' }, set: { N0_A: 1, alpha_met: 0.02 } }],
  };
}
let cohortCache: CompiledModel | undefined;

let cache: CompiledModel | undefined;
function compiled(): CompiledModel {
  cache ??= compileDoc(buildModel());
  return cache;
}

const TIMES = [...Array.from({ length: 13 }, (_, i) => i * 6), ...Array.from({ length: 21 }, (_, i) => P.t_pre + (i + 1) * 24)];

function simulate(set: Record<string, number>, extra: Record<string, number>, c: Cond): SimulationResult {
  // ode-bdf: the miR-200/ZEB switch and the colony growth are stiff near the switching threshold
  return runCondition(compiled(), { tEnd: P.t_pre + P.t_lung, times: TIMES, solver: 'ode-bdf', set: { ...set, ...extra, ev_source: COND_CODE[c] } });
}

interface Outcome { count: number; size: number; E72: number; Eend: number; delivered: number; res: SimulationResult }
function outcome(r: SimulationResult): Outcome {
  const tEnd = P.t_pre + P.t_lung;
  return { count: valueAt(r, 'tis.met_count', tEnd), size: valueAt(r, 'met_diameter_um', tEnd), E72: valueAt(r, 'E_score', P.t_pre - 1e-6), Eend: valueAt(r, 'E_score', tEnd), delivered: valueAt(r, 'delivered200', P.t_pre - 1e-6), res: r };
}

/** Metastases with 4T1 EVs relative to own EVs. */
function ratioOf(set: Record<string, number>, extra: Record<string, number>): number {
  return outcome(simulate(set, extra, '4T1 EVs')).count / outcome(simulate(set, extra, 'own (4TO7) EVs')).count;
}

/** bisectLog returning the end where the target is reached (the value the checks re-simulate), 14 halvings. */
const bisectReached = (f: (x: number) => number, lo: number, hi: number, target: number): number => bisectLog(f, lo, hi, target, { iterations: 14, result: 'reached' });

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set;
  const def = new Map<Cond, Outcome>(CONDS.map((c) => [c, outcome(simulate(set, {}, c))]));
  const D = (c: Cond) => def.get(c)!;
  const ratioDef = D('4T1 EVs').count / D('own (4TO7) EVs').count;

  // ---- gap analysis: the miR-200 cargo per EV, the EV dose or the escape fraction giving >= 2-fold more metastases
  const c0 = set['copies_4T1'] ?? 0.00825;
  const closing: Record<string, number> = {};
  let extra: Record<string, number> = {};
  let gapOk = true;
  let gap: ScenarioCheck['gap'] | undefined;
  if (!(ratioDef >= P.ratio_target)) {
    const cStar = bisectReached((x) => ratioOf(set, { copies_4T1: x }), c0, 1e5, P.ratio_target);
    if (Number.isFinite(cStar)) closing['copies_4T1'] = cStar;
    const n0 = set['N_donor'] ?? 1e5;
    const nStar = bisectReached((x) => ratioOf(set, { N_donor: x }), n0, n0 * 1e8, P.ratio_target);
    if (Number.isFinite(nStar)) closing['N_donor'] = nStar;
    const fStar = bisectReached((x) => ratioOf(set, { 'up.f_escape': x }), set['up.f_escape'] ?? 0.01, 0.3, P.ratio_target);
    if (Number.isFinite(fStar)) closing['up.f_escape'] = fStar;
    gapOk = Number.isFinite(cStar) && ratioOf(set, { copies_4T1: cStar }) >= P.ratio_target && ratioOf(set, { copies_4T1: cStar / 1.05 }) < P.ratio_target;
    extra = Number.isFinite(cStar) ? { copies_4T1: cStar * P.margin } : {};
    gap = {
      statement:
        `With the literature defaults (EVs of ${n0.toExponential(0)} 4T1 cells at 60 EVs/cell/h for 72 h, ${c0} miR-200 copies per EV (Chevillet 2014), escape fraction ${set['up.f_escape'] ?? 0.01}) `
        + `a 4TO7 cell receives ${D('4T1 EVs').delivered.toPrecision(2)} miR-200 copies in its cytosol, against ~${EMT_STATES.mesenchymal.miR200} endogenous copies and a switching threshold of thousands: `
        + `the miR-200/ZEB switch stays mesenchymal and the metastasis ratio is ${ratioDef.toPrecision(4)}. `
        + `A ${P.ratio_target}-fold rise needs ${Number.isFinite(cStar) ? `${cStar.toPrecision(3)} miR-200 copies per EV` : 'more than 1e5 copies per EV (not found)'}`
        + `${Number.isFinite(nStar) ? `, or the EVs of ${nStar.toPrecision(3)} donor cells (${((nStar * 60 * P.t_pre) / 2).toExponential(2)} EVs/mL by 72 h)` : ', no dose up to 1e8-fold'}`
        + `${Number.isFinite(fStar) ? `, or an escape fraction of ${fStar.toPrecision(3)}` : '; no escape fraction within 0.01-0.3 suffices alone'}. The conditions below are run at ${P.margin} x the closing cargo.`,
      closingParameters: closing,
    };
  }
  const cal = new Map<Cond, Outcome>(CONDS.map((c) => [c, outcome(simulate(set, extra, c))]));
  const C = (c: Cond) => cal.get(c)!;
  const ratioCal = C('4T1 EVs').count / C('own (4TO7) EVs').count;

  const checks: ScenarioCheck[] = [];
  checks.push({
    name: 'More lung metastases from 4TO7 cells pre-incubated with 4T1 EVs than with their own EVs',
    expected: `substantially more lung metastases (Le 2014; seed 001), taken here as at least ${P.ratio_target}-fold`,
    observed: [ratioDef, ratioCal],
    pass: ratioDef >= P.ratio_target || (gapOk && ratioCal >= P.ratio_target),
    detail: '[metastases (4T1 EVs) / metastases (own EVs) at the literature defaults, at 1.5 x the closing miR-200 cargo], 3 weeks after injection',
    ...(gap ? { gap } : {}),
  });
  checks.push(checkDirection(
    'Larger lung metastases with 4T1 EVs',
    'larger metastases with 4T1 EVs than with own EVs (Le 2014: more and larger)',
    C('4T1 EVs').size, C('own (4TO7) EVs').size, 'up', 0.05,
    '[mean metastasis diameter (um) 3 weeks after injection: 4T1 EVs, own EVs] (closing cargo)',
  ));
  checks.push(checkDirection(
    'miR-200 from 4T1 EVs moves 4TO7 cells towards the epithelial state (MET)',
    'a mesenchymal-to-epithelial transition after the EVs (Le 2014: MET at the site; Lu 2013 switch: hybrid E/M or epithelial)',
    C('4T1 EVs').Eend, C('own (4TO7) EVs').Eend, 'up', 0.5,
    '[epithelial score (0 M .. 1 E) 3 weeks after injection: 4T1 EVs, own EVs] (closing cargo); the switched state persists after the EVs are gone',
  ));
  checks.push(checkRange(
    'Blocking miR-200 abolishes the effect',
    'with miR-200 blocked, metastases back to the level of own EVs (Le 2014: fewer and smaller metastases when miR-200 is blocked)',
    C('4T1 EVs, miR-200 blocked').count / C('own (4TO7) EVs').count, 0.8, 1.25,
    'metastases (4T1 EVs, miR-200 blocked) / metastases (own EVs), closing cargo',
  ));

  // ---- stochastic mouse cohort: metastasis counts per mouse (small numbers: Poisson-like scatter between mice)
  cohortCache ??= compileDoc(cohortModel());
  const tisSet = Object.fromEntries(Object.entries(set).filter(([k]) => k.startsWith('tis.') && k !== 'tis.alpha_met' && k !== 'tis.E_score'));
  const cohort = new Map<Cond, { mean: number; sd: number }>();
  for (const [k, c] of CONDS.entries()) {
    const E3 = valueAt(C(c).res, 'E_score', P.t_pre + 72);
    const ens = await runEnsembleInProcess(cohortCache, { tEnd: P.t_lung, times: [0, P.t_lung], solver: 'ssa-tau-leap', replicates: P.mice, seed: opts.seed * 10 + k, overrides: { ...tisSet, 'tis.E_score': E3, 'tis.alpha_met': 0 }, stats: ['mean', 'sd'] });
    cohort.set(c, { mean: ensembleStat(ens, 'tis.metastases')[1]!, sd: ensembleStat(ens, 'tis.metastases', 'sd')[1]! });
  }
  const a = cohort.get('4T1 EVs')!, b = cohort.get('own (4TO7) EVs')!;
  const welch = (a.mean - b.mean) / Math.sqrt((a.sd ** 2 + b.sd ** 2) / P.mice);
  checks.push({
    name: `The rise in metastases is significant in groups of ${P.mice} mice`,
    expected: 'significantly more metastases per mouse with 4T1 EVs (Le 2014 reports significant differences between groups of mice); here Welch t > 3',
    observed: [a.mean, a.sd, b.mean, b.sd, welch],
    pass: welch > 3,
    detail: `[mean, SD of metastases per mouse with 4T1 EVs, mean, SD with own EVs, Welch t]; ${P.mice} stochastic replicates (ssa-tau-leap) of the lung-metastasis module per group, epithelial score fixed at its value 3 days after injection (closing cargo)`,
  });

  const series: Record<string, ScenarioSeries> = {};
  for (const c of CONDS) {
    const r = C(c).res;
    series[`metastases/${c}`] = seriesOf(r, 'tis.met_count', c, { x: 'time (h)', y: 'metastases per lung (count)' });
    series[`diameter/${c}`] = seriesOf(r, 'met_diameter_um', c, { x: 'time (h)', y: 'mean metastasis diameter (um)' });
    series[`epithelial/${c}`] = seriesOf(r, 'E_score', c, { x: 'time (h)', y: 'epithelial score (0 M, 1 E) (dimensionless)' });
    series[`miR200/${c}`] = seriesOf(r, 'miR200', c, { x: 'time (h)', y: 'miR-200 per cell (copies)' });
  }
  series['metastases_defaults/4T1 EVs'] = seriesOf(D('4T1 EVs').res, 'tis.met_count', '4T1 EVs (literature defaults)', { x: 'time (h)', y: 'metastases per lung (count)' });
  for (const c of CONDS) {
    const m = cohort.get(c)!;
    series[`cohort/${c}`] = { x: [P.t_lung / 24], y: [m.mean], xLabel: 'days after injection (d)', yLabel: `metastases per mouse, mean of ${P.mice} stochastic mice (count)`, condition: c };
    series[`cohort_sd/${c}`] = { x: [P.t_lung / 24], y: [m.sd], xLabel: 'days after injection (d)', yLabel: `metastases per mouse, SD of ${P.mice} stochastic mice (count)`, condition: c };
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, replicates: P.mice, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const last = (key: string) => { const s = result.series[key]; return s ? s.y[s.y.length - 1]! : NaN; };
  const panels = [
    { key: 'metastases', title: 'lung metastases per mouse (count)' },
    { key: 'diameter', title: 'mean metastasis diameter (um)' },
    { key: 'epithelial', title: 'epithelial score of the cells (0-1)' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    background: 'white',
    config: { font: 'DejaVu Sans' },
    title: { text: 'Le 2014: 4T1 EVs carrying miR-200 raise lung metastasis of 4TO7 cells', subtitle: `3 weeks after tail-vein injection; miR-200 cargo at ${P.margin} x the closing value` },
    hconcat: panels.map((p) => ({
      width: 150,
      height: 240,
      data: { values: CONDS.map((c) => ({ condition: c, value: last(`${p.key}/${c}`) })) },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'condition', type: 'nominal', sort: CONDS, axis: { title: null, labels: false, ticks: false } },
        y: { field: 'value', type: 'quantitative', title: p.title },
        color: { field: 'condition', type: 'nominal', sort: CONDS, scale: { scheme: 'tableau10' }, legend: { title: 'pre-incubation', orient: 'bottom', columns: 2, labelLimit: 320 } },
      },
    })),
  } as vl.TopLevelSpec;
}

export const scenario: Scenario = {
  id: ID,
  title: 'EVs of highly metastatic 4T1 cells carry miR-200 to poorly metastatic 4TO7 cells and raise lung metastasis (Le 2014)',
  citation: CITATION,
  references: [
    'Kalluri R et al. (2014) NEJM Clinical Implications note on Melo 2014 and Le 2014 (seed 001).',
    'Lu M, Jolly MK, Levine H, Onuchic JN, Ben-Jacob E (2013) MicroRNA-based regulation of epithelial-hybrid-mesenchymal fate determination. PNAS 110:18144-18149.',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Luzzi KJ et al. (1998) Multistep nature of metastatic inefficiency. Am J Pathol 153:865-873.',
  ],
  claim: 'Poorly metastatic 4TO7 breast cancer cells pre-incubated with extracellular vesicles of highly metastatic 4T1 cells, which carry miR-200, form more and larger lung metastases after tail-vein injection than cells given their own vesicles; blocking miR-200 abolishes the effect.',
  mechanisms: ['secretion', 'uptake', 'phenotypes', 'tissue'],
  protocol: [
    'One well: 1e5 4TO7 cells in 2 mL receive for 72 h the EVs that 1e5 donor cells secrete (60 EVs/cell/h): 4T1 EVs with 0.00825 miR-200 copies each (Chevillet 2014), own 4TO7 EVs with 1 % of that, or 4T1 EVs with miR-200 blocked (5 % left).',
    'The 4TO7 cells start in the mesenchymal state of the miR-200/ZEB switch (Lu 2013; SNAIL 200e3 in the bistable window); EV-delivered miR-200 adds to their miR-200.',
    'At 72 h the cells are washed and 2e5 are injected into the tail vein; 80 % arrest in the lung; each seeded cell founds a colony with probability 2e-4 (mesenchymal) to 2e-3 (epithelial); colonies grow by Gompertz, twice as fast when epithelial.',
    'Read-outs 3 weeks after injection: metastases per lung, mean metastasis diameter, epithelial score.',
    'When the natural doses cannot raise metastasis 2-fold, the scenario finds the miR-200 cargo per EV, the EV dose and the escape fraction that would, and runs the conditions at 1.5 x the closing cargo.',
  ],
  keyParameters: ['copies_4T1', 'N_donor', 'up.f_escape', 'ph.SNAIL', 'tis.p_col_E', 'tis.p_col_M', 'tis.b_E', 'f_blocked'],
  model: buildModel,
  run,
  plot,
};
