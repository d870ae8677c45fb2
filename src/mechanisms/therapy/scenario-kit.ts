/**
 * Helpers shared by the therapy scenarios (munoz2013-antimir9, katakowski2013-mir146b, ohno2013-ge11-let7a,
 * alvarez-erviti2011-rvg): the gap search (bisection on a log scale, verified by re-simulation), exosome counts
 * from a protein mass, and the Vega-Lite specs of their plots.
 */
import type * as vl from 'vega-lite';
import type { InitialAssignmentDoc, ModelDoc, ParameterDoc, SpeciesDoc } from '../../model/types.js';
import type { ScenarioResult, ScenarioSeries } from '../../scenarios/types.js';
import { bisectLog } from '../../analysis/bisect.js';
import { compileDoc } from '../../scenarios/support.js';
import { steadyState } from '../../steady-state.js';
import { mechanism as biogenesisMech } from '../biogenesis/index.js';
import { mechanism as targetSilencingMech } from '../target-silencing/index.js';
import { mechanism as uptakeMech } from '../uptake/index.js';
import { mechanism as endocrineMech } from '../endocrine/index.js';
import { mechanism as tissueMech } from '../tissue/index.js';
import { mechanism as therapyMech, uptakeOptions, type Ligand } from './index.js';

/** One stage of a gap search: `param` scanned over [lo, hi] with the `fixed` values in place. */
export interface GapStage { fixed: Record<string, number>; param: string; lo: number; hi: number }

/**
 * Find parameter values at which `metric` (increasing in the scanned parameter) reaches `target`: the stages are
 * tried in order (e.g. the loading alone within its range, then the escape fraction with the loading at its
 * maximum); the first stage whose bisection brackets the target wins. The values are raised by 2 % and verified by
 * re-simulation (metric >= target). Returns undefined when no stage closes the gap.
 */
export function closeGap(metric: (extra: Record<string, number>) => number, target: number, stages: GapStage[], iterations = 30): { closing: Record<string, number>; achieved: number; stage: number } | undefined {
  for (let k = 0; k < stages.length; k++) {
    const st = stages[k]!;
    if (!(st.hi > st.lo)) continue;
    const x = bisectLog((v) => metric({ ...st.fixed, [st.param]: v }), st.lo, st.hi, target, { iterations });
    if (!Number.isFinite(x)) continue;
    const closing = { ...st.fixed, [st.param]: Math.min(st.hi, x * 1.02) };
    const achieved = metric(closing);
    if (achieved >= target) return { closing, achieved, stage: k };
  }
  return undefined;
}

/** The value of a module parameter (throws for a missing value: a scenario bug). */
export function paramValue(params: readonly ParameterDoc[] | undefined, id: string): number {
  const p = (params ?? []).find((q) => q.id === id);
  if (!p || p.value === undefined) throw new Error(`scenario: module parameter '${id}' has no value`);
  return p.value;
}

/**
 * Exosomes in a dose given as exosome protein mass: N = m / m_EV with m_EV = 6e-16 g, the mass of one 100-nm
 * exosome (V x 1.15 g/mL, parameters.md §1.1, tag D). Protein is only part of that mass, so this is a lower bound
 * of the particle count.
 */
export const EV_MASS_G = 6e-16;
export function exosomesFromMass(grams: number): number {
  return grams / EV_MASS_G;
}

const BASE = { background: 'white', config: { font: 'DejaVu Sans' } } as const;

export interface Bar { group: string; condition: string; value: number }

/** Grouped bars (one colour per condition, one facet column per group), for end-point comparisons. */
export function groupedBars(title: string, yTitle: string, bars: Bar[], conditions: string[], groups: string[]): vl.TopLevelSpec {
  const width = Math.max(80, Math.floor(560 / Math.max(1, groups.length)) - 20);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...BASE,
    title,
    data: { values: bars.map((b) => ({ ...b })) },
    facet: { column: { field: 'group', type: 'nominal', title: null, sort: groups, header: { labelFontSize: 11, labelLimit: width + 10 } } },
    spec: {
      width,
      height: 260,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'condition', type: 'nominal', sort: conditions, axis: { title: null, labels: false, ticks: false } },
        y: { field: 'value', type: 'quantitative', title: yTitle },
        color: { field: 'condition', type: 'nominal', sort: conditions, scale: { scheme: 'tableau10' }, legend: { title: 'condition', orient: 'bottom', labelLimit: 400 } },
        tooltip: [{ field: 'condition', type: 'nominal' }, { field: 'value', type: 'quantitative', format: '.3g' }],
      },
    },
    resolve: { scale: { x: 'independent' } },
  } as vl.TopLevelSpec;
}

/** Lines of y against x, one colour per condition, from scenario series (all with the same labels). */
export function linesOf(title: string, series: ScenarioSeries[], conditions: string[], opts: { width?: number; height?: number } = {}): vl.TopLevelSpec {
  const first = series[0];
  const values = series.flatMap((s) => s.x.map((x, i) => ({ x, y: s.y[i]!, condition: s.condition })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...BASE,
    title,
    width: opts.width ?? 560,
    height: opts.height ?? 280,
    data: { values },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: first?.xLabel ?? 'time' },
      y: { field: 'y', type: 'quantitative', title: first?.yLabel ?? 'value' },
      color: { field: 'condition', type: 'nominal', sort: conditions, scale: { scheme: 'tableau10' }, legend: { title: 'condition', orient: 'bottom', labelLimit: 400 } },
    },
  } as vl.TopLevelSpec;
}

/** The series of a result whose key starts with `prefix/`, in the order of `conditions`. */
export function seriesWithPrefix(result: ScenarioResult, prefix: string, conditions: string[]): ScenarioSeries[] {
  const out: ScenarioSeries[] = [];
  for (const c of conditions) {
    const s = result.series[`${prefix}/${c}`];
    if (s) out.push(s);
  }
  return out;
}

/** A one-point series (an end-point value per condition, for bar plots), x = the time it is read at. */
export function pointSeries(x: number, y: number, xLabel: string, yLabel: string, condition: string): ScenarioSeries {
  return { x: [x], y: [y], xLabel, yLabel, condition };
}

// ------------------------------------------------------------------------------------------------------------
// A tumour treated with exosomes carrying a miRNA mimic (katakowski2013-mir146b, ohno2013-ge11-let7a)
// ------------------------------------------------------------------------------------------------------------


export interface MimicTumourOptions {
  id: string;
  name: string;
  route: 'iv' | 'intratumoural';
  ligand: Ligand;
  /** Labels used in descriptions: the miRNA and its target. */
  miRNA: string;
  target: string;
  /** Endogenous copies of the miRNA's miRISC per tumour cell at steady state. */
  endogenousCopies: number;
  dose: ParameterDoc;
  nDoses: number;
  interval_h: number;
  N0: ParameterDoc;
  growthRate: ParameterDoc;
  isf_mL: number;
  plasma_mL: number;
  /** Percent of an i.v. dose captured by the tumour at 4 h without a ligand (overrides the endocrine default). */
  tumourShare?: ParameterDoc;
  /** Protein half-life of the target (h), with its source. */
  targetHalfLife?: ParameterDoc;
}

/** Unrepressed steady-state target protein of the target-silencing module's defaults: k_tl k_tx / (k_m k_p). */
export function unrepressedProtein(): number {
  const ps = targetSilencingMech.module().parameters;
  const km = Math.LN2 / paramValue(ps, 't_half_mRNA');
  const kp = Math.LN2 / paramValue(ps, 't_half_protein');
  return (paramValue(ps, 'k_tl') * paramValue(ps, 'k_tx')) / (km * kp);
}

/** k_tx of the biogenesis module that gives `copies` miRISC at steady state (miRISC is linear in k_tx). */
export function biogenesisKtxFor(copies: number): number {
  const mod = biogenesisMech.module();
  const k0 = paramValue(mod.parameters, 'k_tx');
  const host: ModelDoc = {
    exosim: '1', id: 'biogenesis_alone', units: { time: 'h', substance: 'molecule', volume: 'pL' },
    modules: [mod], compartments: [{ id: 'c', size: 1.4, unit: 'pL' }],
    instances: [{ id: 'b', module: 'biogenesis', bind: { cell: 'c' } }],
  };
  const ss = steadyState(compileDoc(host));
  const k = ss.columns.findIndex((c) => c.id === 'b.miRISC');
  return (k0 * copies) / ss.values[k]!;
}

/**
 * The model: `tx` therapy (mimic) doses exosomes into plasma (i.v.) or the tumour interstitium (intratumoural);
 * `endo` endocrine moves them between plasma, organs and the tumour (capture share raised by the ligand factor of
 * `up`; intratumoural exosomes drain into blood); `up` uptake brings them into the tumour cells; the mimic joins the
 * miRISC of `mir` (biogenesis: the endogenous miRNA); `tgt` target-silencing represses the target; the target sets
 * the growth factor of `tum` (tissue, exponential growth):
 *   gf = growth_on (1 - a_growth (1 - T / T_ctrl))      (parameters.md §7.3 map, sign for a growth-promoting target;
 *                                                        clamped to [0, 1 + a_growth])
 * growth_on switches growth on at t = 0 after a warm-up in which the cell reaches its steady state.
 */
export function buildMimicTumourModel(o: MimicTumourOptions): ModelDoc {
  const count = (id: string, compartment: string, unit: string, description: string, init = 0): SpeciesDoc => ({ id, compartment, initialAmount: init, unit, hasOnlySubstanceUnits: true, description });
  const iv = o.route === 'iv';
  const th = therapyMech.module({ payload: 'mimic', route: o.route, ligand: o.ligand });
  const up = uptakeMech.module(uptakeOptions({ ligand: o.ligand }));
  const species: SpeciesDoc[] = [
    count('EV_plasma', 'plasma', 'exosome', 'exosomes in plasma'),
    count('mimic_plasma', 'plasma', 'molecule', `${o.miRNA} mimic carried by plasma exosomes`),
    count('EV_tum', 'isf', 'exosome', 'exosomes in the tumour interstitium'),
    count('mimic_tum', 'isf', 'molecule', `${o.miRNA} mimic carried by the exosomes in the tumour interstitium`),
    count('mimic', 'cell', 'molecule', `${o.miRNA} mimic delivered to the cytosol of one tumour cell`),
    count('miR_free', 'cell', 'molecule', `free ${o.miRNA} guide strands per tumour cell`),
    count('RISC', 'cell', 'molecule', `${o.miRNA} miRISC per tumour cell (endogenous + mimic)`),
    count('T_mRNA', 'cell', 'molecule', `${o.target} mRNA per tumour cell`),
    count('T', 'cell', 'molecule', `${o.target} protein per tumour cell`),
  ];
  const parameters: ParameterDoc[] = [
    { id: 'N_tum', unit: 'cell', description: 'tumour cells (the tissue module\'s N_total; assignment rule)' },
    { id: 'N_up', unit: 'dimensionless', description: 'tumour cells as the uptake module\'s N_cells count (assignment rule N_tum / one_cell)' },
    { id: 'one_cell', value: 1, unit: 'cell', description: 'unit conversion: one cell' },
    { id: 'gf', unit: 'dimensionless', description: 'growth factor of the tumour cells (assignment rule)' },
    { id: 'growth_on', value: 0, unit: 'dimensionless', constant: false, description: 'growth switch: 0 during the warm-up, 1 from t = 0 (event)' },
    { id: 'T_ctrl', value: unrepressedProtein(), unit: 'molecule', range: [1, 1e9], description: `${o.target} protein of untreated tumour cells at steady state (the scenario sets it from a warm-up run; default: the unrepressed steady state of the target-silencing module)`, source: { citation: 'computed by the scenario (steady state without exosomes); default k_tl k_tx t_half_protein t_half_mRNA / ln(2)^2 from the target-silencing defaults', tag: 'D' }, confidence: 'high' },
    {
      id: 'a_growth', value: 0.5, unit: 'dimensionless', range: [0, 1],
      description: `fraction of the tumour's proliferation that depends on ${o.target} (growth factor 1 - a_growth (1 - T/T_ctrl))`,
      source: { citation: 'parameters.md §7.3 suggested phenotype map (proliferation = r0 (1 + a (1 - PTEN/PTEN0)), a = 0.5-1), applied with the sign of a growth-promoting target', tag: 'R', note: 'lower end of the suggested a; an assumption (no source)' },
      confidence: 'low',
    },
  ];
  if (o.tumourShare) parameters.push(o.tumourShare);
  const ias: InitialAssignmentDoc[] = [];
  const txBind: Record<string, string> = iv
    ? { medium: 'plasma', cell: 'cell', EV: 'EV_plasma', EV_payload: 'mimic_plasma', payload: 'mimic', miRISC: 'RISC' }
    : { medium: 'isf', cell: 'cell', EV: 'EV_tum', EV_payload: 'mimic_tum', payload: 'mimic', miRISC: 'RISC' };
  const endoBind: Record<string, string> = {
    medium: 'plasma', tissue: 'isf', EV: 'EV_plasma', EV_miR: 'mimic_plasma', EV_tissue: 'EV_tum', EV_miR_tissue: 'mimic_tum',
    EV_tumour: 'EV_tum', EV_miR_tumour: 'mimic_tum',
  };
  if (o.tumourShare) {
    // the ligand raises the tumour's capture from plasma by the uptake module's factor for receptor-bearing cells
    ias.push({ symbol: 'endo.share_tumour', formula: `${o.tumourShare.id} * (1 + (up.ligand_gain - 1) * up.receptor)` });
  }
  const tsSet: Record<string, number> = {};
  if (o.targetHalfLife) tsSet.t_half_protein = o.targetHalfLife.value!;
  return {
    exosim: '1',
    id: o.id,
    name: o.name,
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    modules: [th, up, endocrineMech.module({ cargo: 'on' }), biogenesisMech.module(), targetSilencingMech.module(), tissueMech.module({ growth: 'exponential' })],
    compartments: [
      { id: 'plasma', size: o.plasma_mL, unit: 'mL', description: 'blood plasma' },
      { id: 'isf', size: o.isf_mL, unit: 'mL', description: 'tumour interstitium (fixed volume)' },
      { id: 'cell', size: 1.4, unit: 'pL', description: 'cytoplasm of one tumour cell (Mihaila et al. 2017 V_intra, parameters.md §5)' },
    ],
    species,
    parameters,
    initialAssignments: ias,
    rules: [
      // clamped to [0, 1 + a_growth]: a target far above control cannot speed growth without bound
      { type: 'assignment', variable: 'gf', formula: 'growth_on * max(0, min(1 + a_growth, 1 - a_growth * (1 - T / T_ctrl)))' },
      { type: 'assignment', variable: 'N_up', formula: 'N_tum / one_cell' },
    ],
    events: [{ id: 'start', name: 'treatment start: tumour growth counted from here', trigger: 'time >= 0', assignments: [{ variable: 'growth_on', formula: '1' }] }],
    instances: [
      { id: 'tx', module: 'therapy', bind: txBind, set: { dose: o.dose.value!, n_doses: o.nDoses, interval: o.interval_h } },
      { id: 'up', module: 'uptake', bind: { medium: 'isf', cell: 'cell', EV: 'EV_tum', EV_miR: 'mimic_tum', miR: 'mimic', N_cells: 'N_up' } },
      { id: 'endo', module: 'endocrine', bind: endoBind },
      { id: 'mir', module: 'biogenesis', bind: { cell: 'cell', miR: 'miR_free', miRISC: 'RISC' }, set: { k_tx: biogenesisKtxFor(o.endogenousCopies) } },
      { id: 'tgt', module: 'target_silencing', bind: { cell: 'cell', miRISC: 'RISC', mRNA: 'T_mRNA', protein: 'T' }, set: tsSet },
      { id: 'tum', module: 'tissue', bind: { site: 'isf', N_total: 'N_tum', gf_A: 'gf' }, set: { N0_A: o.N0.value!, r_A: o.growthRate.value! } },
    ],
    observables: [
      { id: 'T_rel', name: `${o.target} protein relative to untreated tumour cells`, formula: 'T / T_ctrl', unit: 'dimensionless' },
    ],
  };
}
