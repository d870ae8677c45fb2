/**
 * Scenario fabbri2012-tlr8 (SYSTEM.md experiments table): tumour exosomes carrying miR-21 and miR-29a reach
 * macrophages; the miRNAs bind TLR8 (human) / TLR7 (mouse) in endosomes, activate NF-kB and raise TNF-alpha and IL-6
 * secretion; without the receptor (TLR7-/- mice) there is no cytokine response and the tumour grows less
 * (Fabbri et al. 2012 PNAS 109:E2110).
 *
 * One model, two parts (conditions are parameter overrides on it):
 *  - in vitro: a well with N_mac_v human macrophages given a dose of lung-cancer exosomes (uptake -> endosomal
 *    miR-21/29a -> tlr-signalling); TNF-alpha and IL-6 measured in the medium at 24 h (ELISA);
 *  - in vivo: a Lewis lung carcinoma tumour (tissue, exponential growth) whose cells secrete exosomes (secretion)
 *    into the tumour interstitium (volume = f_int x tumour volume), where tumour-associated macrophages (f_TAM per
 *    tumour cell) take them up (uptake -> tlr-signalling); exosomes drain to blood (endocrine). The cytokine
 *    response raises the tumour's per-capita growth: gf = 1 + a_infl * I, with I = (mean cytokine secretion fold
 *    - 1) / (maximal fold - 1) in [0, 1].
 */
import type * as vl from 'vega-lite';
import type { ModelDoc, ParameterDoc } from '../../model/types.js';
import { EXOSIM_VERSION } from '../../version.js';
import { mechanism as secretion } from '../../mechanisms/secretion/index.js';
import { mechanism as uptake } from '../../mechanisms/uptake/index.js';
import { mechanism as tlr } from '../../mechanisms/tlr-signalling/index.js';
import { mechanism as tissue } from '../../mechanisms/tissue/index.js';
import { mechanism as endocrine } from '../../mechanisms/endocrine/index.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioRunOptions, ScenarioSeries } from '../types.js';
import { checkDirection, checkRange, column, compileDoc, runCondition, seriesOf, valueAt } from '../support.js';

const ID = 'fabbri2012-tlr8';
const T_VITRO = 24; // h, ELISA of the medium
const T_VIVO_DAYS = 21; // days of tumour growth

type Conf = 'high' | 'medium' | 'low';
function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: Conf, note?: string): ParameterDoc {
  return { id, value, unit, range, description, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) }, confidence };
}

function model(): ModelDoc {
  return {
    exosim: '1',
    id: 'fabbri2012_tlr8',
    name: 'Tumour exosomal miR-21/miR-29a activate macrophage TLR8/TLR7: cytokines and tumour growth',
    units: { time: 'h', substance: 'molecule', volume: 'mL' },
    compartments: [
      { id: 'well', size: 1, unit: 'mL', description: 'culture medium of one well (protocol)' },
      { id: 'mac_v', size: 2, unit: 'pL', description: 'cytoplasm of one cultured human macrophage' },
      { id: 'interstitium', size: 1e-3, unit: 'mL', description: 'tumour interstitial fluid (assignment rule: f_int x tumour volume)' },
      { id: 'mac_t', size: 2, unit: 'pL', description: 'cytoplasm of one tumour-associated mouse macrophage' },
      { id: 'plasma', size: 1, unit: 'mL', description: 'mouse plasma (~1 mL)' },
      { id: 'flank', size: 1, unit: 'mL', description: 'subcutaneous site of the tumour (size not used)' },
    ],
    species: [
      { id: 'EV_well', compartment: 'well', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true, description: 'tumour exosomes in the well' },
      { id: 'miR_well', compartment: 'well', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'miR-21 + miR-29a copies in the exosomes of the well' },
      { id: 'endo_v', compartment: 'mac_v', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'endosomal miR-21 + miR-29a per cultured macrophage' },
      { id: 'EV_int', compartment: 'interstitium', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true, description: 'tumour exosomes in the interstitium' },
      { id: 'miR_int', compartment: 'interstitium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'miR-21 + miR-29a in interstitial exosomes' },
      { id: 'endo_t', compartment: 'mac_t', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true, description: 'endosomal miR-21 + miR-29a per tumour-associated macrophage' },
    ],
    parameters: [
      par('agonist_per_EV', 0.0165, 'molecule/exosome', [0.001, 1], 'miR-21 + miR-29a copies per tumour exosome',
        'Chevillet JR et al. (2014) PNAS 111:14888: 0.00825 copies of an abundant miRNA per exosome (parameters.md §2.1, §0 #12), times 2 miRNAs', 'D', 'medium', '2 x 0.00825'),
      par('dose_EV', 6e10, 'exosome', [0, 1e12], 'exosomes added to the 1-mL well (100 pM)',
        'Heusermann W et al. (2016) J Cell Biol 213:173 uptake assays at 50-100 pM exosomes; 100 pM = 6e10 exosomes/mL (parameters.md §5)', 'S', 'medium'),
      par('N_mac_v', 1e6, 'dimensionless', [1e4, 1e7], 'macrophages per well', 'protocol (1e6 macrophages per well)', 'D', 'high'),
      par('one_cell', 1, 'cell', [1, 1], 'unit conversion: cells -> dimensionless number', 'unit conversion', 'D', 'high'),
      par('f_TAM', 0.2, 'dimensionless', [0.05, 0.5], 'tumour-associated macrophages per tumour cell',
        'not in parameters.md; recalled: macrophages make up to ~50 % of the cells of some tumours (Mantovani A et al. (2002) Trends Immunol 23:549)', 'R', 'low'),
      par('f_int', 0.3, 'dimensionless', [0.1, 0.6], 'interstitial volume fraction of the tumour',
        'not in parameters.md; recalled: tumour interstitial fraction 0.2-0.5 (Jain RK (1987) Cancer Res 47:3039)', 'R', 'low'),
      par('a_infl', 0.5, 'dimensionless', [0, 1], 'maximal relative increase of tumour cell proliferation by the TLR-driven inflammation (IL-6/TNF-alpha)',
        'assumption: the phenotype map of parameters.md §7.3 (rate = r0 (1 + a x signal), a = 0.5-1); Fabbri 2012 report less growth without TLR7 (direction only)', 'R', 'low'),
      { id: 'N_tum', unit: 'dimensionless', description: 'tumour cells secreting exosomes (assignment rule)' },
      { id: 'N_mac_t', unit: 'dimensionless', description: 'tumour-associated macrophages (assignment rule f_TAM N_tum)' },
      { id: 'inflammation', unit: 'dimensionless', description: 'normalised cytokine response of the tumour macrophages, 0 (resting) to 1 (maximal) (assignment rule)' },
      { id: 'gf', unit: 'dimensionless', description: 'tumour growth factor 1 + a_infl * inflammation (assignment rule; tissue port gf_A)' },
    ],
    initialAssignments: [
      { symbol: 'EV_well', formula: 'dose_EV' },
      { symbol: 'miR_well', formula: 'dose_EV * agonist_per_EV' },
    ],
    rules: [
      { type: 'assignment', variable: 'N_tum', formula: 'tumour.N_total / one_cell' },
      { type: 'assignment', variable: 'N_mac_t', formula: 'f_TAM * N_tum' },
      { type: 'assignment', variable: 'interstitium', formula: 'f_int * tumour.N_total * tumour.V_cell' },
      { type: 'assignment', variable: 'inflammation', formula: '((tlr_t.TNF_pro / tlr_t.pro0_TNF + tlr_t.IL6_pro / tlr_t.pro0_IL6) / 2 - 1) / (1 / tlr_t.f_nuc_basal - 1)' },
      { type: 'assignment', variable: 'gf', formula: '1 + a_infl * inflammation' },
    ],
    modules: [uptake.module(), tlr.module(), secretion.module(), tissue.module({ growth: 'exponential' }), endocrine.module({ cargo: 'on' })],
    instances: [
      // in vitro
      { id: 'up_v', module: 'uptake', bind: { medium: 'well', cell: 'mac_v', EV: 'EV_well', EV_miR: 'miR_well', miR_endo: 'endo_v', N_cells: 'N_mac_v' } },
      { id: 'tlr_v', module: 'tlr_signalling', bind: { cell: 'mac_v', medium: 'well', miR_endo: 'endo_v', N_cells: 'N_mac_v' } },
      // in vivo
      {
        id: 'tumour', module: 'tissue', bind: { site: 'flank', gf_A: 'gf' },
        // Lewis lung carcinoma: 1e6 cells injected s.c., doubling ~2.3 days (r = 0.3 /d; recalled, not in parameters.md)
        set: { N0_A: 1e6, r_A: 0.3 },
      },
      { id: 'secr', module: 'secretion', bind: { medium: 'interstitium', EV: 'EV_int', EV_miR: 'miR_int', N_cells: 'N_tum', copies_per_EV: 'agonist_per_EV' } },
      { id: 'up_t', module: 'uptake', bind: { medium: 'interstitium', cell: 'mac_t', EV: 'EV_int', EV_miR: 'miR_int', miR_endo: 'endo_t', N_cells: 'N_mac_t' } },
      { id: 'tlr_t', module: 'tlr_signalling', bind: { cell: 'mac_t', medium: 'interstitium', miR_endo: 'endo_t', N_cells: 'N_mac_t' } },
      { id: 'blood', module: 'endocrine', bind: { medium: 'plasma', tissue: 'interstitium', EV_tissue: 'EV_int', EV_miR_tissue: 'miR_int' } },
    ],
    observables: [
      { id: 'TNF_well_pg_per_mL', name: 'TNF-alpha in the well', formula: 'tlr_v.TNF * tlr_v.MW_TNF / well', unit: 'pg/mL' },
      { id: 'IL6_well_pg_per_mL', name: 'IL-6 in the well', formula: 'tlr_v.IL6 * tlr_v.MW_IL6 / well', unit: 'pg/mL' },
    ],
  };
}

interface Condition { key: string; label: string; overrides: Record<string, number> }
const CONDITIONS: Condition[] = [
  { key: 'control', label: 'control (no exosomal miR-21/29a)', overrides: { dose_EV: 0, agonist_per_EV: 0 } },
  { key: 'exosomes', label: 'tumour exosomes', overrides: {} },
  { key: 'knockout', label: 'tumour exosomes + TLR knockout', overrides: { 'tlr_v.TLR_total': 0, 'tlr_t.TLR_total': 0 } },
];

async function run(opts: ScenarioRunOptions): Promise<ScenarioResult> {
  const { set, seed } = opts;
  const compiled = compileDoc(model());
  const series: Record<string, ScenarioSeries> = {};
  const checks: ScenarioCheck[] = [];

  const vitro: Record<string, ReturnType<typeof runCondition>> = {};
  const vivo: Record<string, ReturnType<typeof runCondition>> = {};
  for (const c of CONDITIONS) {
    vitro[c.key] = runCondition(compiled, { tEnd: T_VITRO, steps: 96, overrides: c.overrides, set });
    vivo[c.key] = runCondition(compiled, { tEnd: T_VIVO_DAYS * 24, steps: T_VIVO_DAYS * 4, overrides: c.overrides, set });
  }
  const at = (r: ReturnType<typeof runCondition>, id: string) => valueAt(r, id, T_VITRO);
  const ctl = vitro['control']!, exo = vitro['exosomes']!, ko = vitro['knockout']!;
  const fold = (r: ReturnType<typeof runCondition>, id: string) => at(r, id) / at(ctl, id);

  // in vitro checks (24-h ELISA of the medium)
  const tnfFold = fold(exo, 'TNF_well_pg_per_mL');
  const il6Fold = fold(exo, 'IL6_well_pg_per_mL');
  const nfkb6h = (r: ReturnType<typeof runCondition>) => valueAt(r, 'tlr_v.NFkB_nuclear_fraction', 6);
  checks.push(
    checkDirection('tumour exosomes activate NF-kB in macrophages (6 h)', 'Fabbri 2012: miR-21/miR-29a in exosomes activate TLR8 -> NF-kB', nfkb6h(exo), nfkb6h(ctl), 'up', 0.5,
      '[nuclear NF-kB fraction with exosomes, control] at 6 h; at least 1.5-fold required'),
    checkDirection('tumour exosomes raise TNF-alpha secretion', 'Fabbri 2012: TNF-alpha secretion by macrophages rises (ELISA)', at(exo, 'TNF_well_pg_per_mL'), at(ctl, 'TNF_well_pg_per_mL'), 'up', 0.5,
      `[TNF-alpha pg/mL with exosomes, control] in the medium at ${T_VITRO} h; ${tnfFold.toFixed(2)}-fold; at least 1.5-fold required`),
    checkDirection('tumour exosomes raise IL-6 secretion', 'Fabbri 2012: IL-6 secretion by macrophages rises (ELISA)', at(exo, 'IL6_well_pg_per_mL'), at(ctl, 'IL6_well_pg_per_mL'), 'up', 0.5,
      `[IL-6 pg/mL with exosomes, control] at ${T_VITRO} h; ${il6Fold.toFixed(2)}-fold; at least 1.5-fold required`),
    checkRange('no cytokine response without the receptor (TNF-alpha)', 'Fabbri 2012: no TNF-alpha/IL-6 induction in TLR7-/- macrophages (fold 1)', fold(ko, 'TNF_well_pg_per_mL'), 0.95, 1.05,
      `TNF-alpha with exosomes in receptor-knockout macrophages over control at ${T_VITRO} h`),
    checkRange('no cytokine response without the receptor (IL-6)', 'Fabbri 2012: no TNF-alpha/IL-6 induction in TLR7-/- macrophages (fold 1)', fold(ko, 'IL6_well_pg_per_mL'), 0.95, 1.05,
      `IL-6 with exosomes in receptor-knockout macrophages over control at ${T_VITRO} h`),
  );

  // in vivo: tumour growth with and without the receptor
  const tEnd = T_VIVO_DAYS * 24;
  const vol = (k: string) => valueAt(vivo[k]!, 'tumour.V_tumour', tEnd);
  const endoT = valueAt(vivo['exosomes']!, 'endo_t', tEnd);
  checks.push(
    checkDirection('tumours grow less without the receptor (TLR7-/- mice)', 'Fabbri 2012: TLR7-/- mice show less tumour growth/metastasis (LLC)', vol('knockout'), vol('exosomes'), 'down', 0.05,
      `[tumour volume mm3 at day ${T_VIVO_DAYS}, TLR7-/- vs wild type]; at least 5 % smaller required; tumour macrophages hold ${endoT.toFixed(1)} endosomal miR-21/29a copies each, inflammation index ${valueAt(vivo['exosomes']!, 'inflammation', tEnd).toFixed(2)}`),
  );

  // series
  for (const c of CONDITIONS) {
    const rv = vitro[c.key]!;
    series[`TNF_fold/${c.key}`] = { x: [T_VITRO], y: [fold(rv, 'TNF_well_pg_per_mL')], xLabel: 'time (h)', yLabel: 'TNF-alpha (fold over control)', condition: c.label };
    series[`IL6_fold/${c.key}`] = { x: [T_VITRO], y: [fold(rv, 'IL6_well_pg_per_mL')], xLabel: 'time (h)', yLabel: 'IL-6 (fold over control)', condition: c.label };
    series[`TNF/${c.key}`] = seriesOf(rv, 'TNF_well_pg_per_mL', c.label, { y: 'TNF-alpha in the medium (pg/mL)' });
    const tv = vivo[c.key]!;
    series[`tumour_volume/${c.key}`] = { x: Array.from(tv.time, (t) => t / 24), y: column(tv, 'tumour.V_tumour'), xLabel: 'time (days)', yLabel: 'tumour volume (mm3)', condition: c.key === 'knockout' ? 'TLR7-/- mice' : c.key === 'exosomes' ? 'wild-type mice' : c.label };
  }
  return { id: ID, citation: scenario.citation, checks, series, record: { set: { ...set }, seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const bars: { cytokine: string; condition: string; fold: number }[] = [];
  const lines: { t: number; v: number; condition: string }[] = [];
  for (const c of CONDITIONS) {
    const tnf = result.series[`TNF_fold/${c.key}`];
    const il6 = result.series[`IL6_fold/${c.key}`];
    if (tnf) bars.push({ cytokine: 'TNF-alpha', condition: c.label, fold: tnf.y[0]! });
    if (il6) bars.push({ cytokine: 'IL-6', condition: c.label, fold: il6.y[0]! });
    const tv = result.series[`tumour_volume/${c.key}`];
    if (tv && c.key !== 'control') tv.x.forEach((t, i) => lines.push({ t, v: tv.y[i]!, condition: tv.condition }));
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Fabbri 2012: exosomal miR-21/miR-29a activate macrophage TLR8/TLR7',
    background: 'white',
    config: { font: 'DejaVu Sans' },
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      {
        width: 560, height: 220,
        title: `Cytokines in the medium at ${T_VITRO} h (fold over control)`,
        data: { values: bars },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'cytokine', type: 'nominal', title: 'cytokine', axis: { labelAngle: 0 } },
          xOffset: { field: 'condition', type: 'nominal' },
          y: { field: 'fold', type: 'quantitative', title: 'secreted cytokine (fold over control)' },
          color: { field: 'condition', type: 'nominal', title: 'condition', legend: { labelLimit: 300 } },
        },
      },
      {
        width: 560, height: 220,
        title: 'Lewis lung carcinoma growth (wild-type vs TLR7-/- mice)',
        data: { values: lines },
        mark: { type: 'line' },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time (days)' },
          y: { field: 'v', type: 'quantitative', title: 'tumour volume (mm3)' },
          color: { field: 'condition', type: 'nominal', title: 'mice', legend: { labelLimit: 300 } },
        },
      },
    ],
  } as vl.TopLevelSpec;
}

export const scenario: Scenario = {
  id: ID,
  title: 'Tumour exosomal miR-21/miR-29a activate macrophage TLR8/TLR7: TNF-alpha, IL-6 and tumour growth',
  citation: 'Fabbri M, Paone A, Calore F, et al. (2012) MicroRNAs bind to Toll-like receptors to induce prometastatic inflammatory response. PNAS 109:E2110-E2116. doi:10.1073/pnas.1209414109',
  references: [
    'Chevillet JR, et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Heusermann W, et al. (2016) Exosomes surf on filopodia to enter cells at endocytic hot spots. J Cell Biol 213:173-184.',
    'Heil F, et al. (2004) Species-specific recognition of single-stranded RNA via Toll-like receptor 7 and 8. Science 303:1526-1529.',
  ],
  claim: 'miR-21 and miR-29a secreted in tumour exosomes bind TLR8 (human) / TLR7 (mouse) in macrophage endosomes, activate NF-kB and raise TNF-alpha and IL-6 secretion; without the receptor there is no cytokine response and tumours grow less.',
  mechanisms: ['secretion', 'uptake', 'tlr-signalling', 'tissue', 'endocrine'],
  protocol: [
    `In vitro: 1e6 human macrophages in 1 mL receive 6e10 lung-cancer exosomes (100 pM) carrying 0.0165 copies of miR-21 + miR-29a each (control: no exosomes); TNF-alpha and IL-6 in the medium at ${T_VITRO} h; receptor knockout: TLR_total = 0.`,
    `In vivo: 1e6 Lewis lung carcinoma cells grow (doubling ~2.3 days) and secrete exosomes (60/cell/h) into the tumour interstitium (30 % of the tumour volume); tumour-associated macrophages (0.2 per tumour cell) take them up; the cytokine response raises proliferation by up to a_infl = 50 %; tumour volume over ${T_VIVO_DAYS} days in wild-type and TLR7-/- mice.`,
  ],
  keyParameters: ['agonist_per_EV', 'dose_EV', 'up_v.eta_bind', 'tlr_v.C_half', 'tlr_v.t_half_proc', 'tlr_v.f_nuc_basal', 'a_infl', 'tlr_t.C_half'],
  model,
  run,
  plot,
};
