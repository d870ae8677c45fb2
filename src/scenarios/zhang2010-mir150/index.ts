/**
 * Scenario zhang2010-mir150: THP-1 monocytic cells secrete miR-150 in microvesicles/exosomes; HMEC-1 endothelial
 * cells take them up, miR-150 rises in HMEC-1, its target c-Myb falls and HMEC-1 migration rises (Zhang et al.
 * 2010, Mol Cell 39:133; seed review ref 85). Exosomes of miR-150-depleted THP-1 cells (anti-miR-150) do not.
 *
 * Model: transwell co-culture; THP-1 donors (secretion) -> medium -> HMEC-1 recipients (uptake); delivered
 * miR-150 is loaded into miRISC (biogenesis, HMEC-1 transcription of miR-150 taken as 0) and silences c-Myb
 * (target-silencing, 2 sites, c-Myb protein t1/2 1 h); migration from c-Myb through the phenotypes mechanism
 * (migration_rel = 1 + a_mig (1 - cMYB / cMYB_ref)). The literature loading (0.00825 copies per exosome,
 * Chevillet 2014) gives no measurable effect: the scenario finds the miR-150 loading that gives a measurable
 * 1.2-fold c-Myb repression and verifies it by re-simulation.
 */
import type * as vl from 'vega-lite';
import { mechanism as secretion } from '../../mechanisms/secretion/index.js';
import { mechanism as uptake } from '../../mechanisms/uptake/index.js';
import { mechanism as biogenesis } from '../../mechanisms/biogenesis/index.js';
import { mechanism as targetSilencing } from '../../mechanisms/target-silencing/index.js';
import { mechanism as phenotypes } from '../../mechanisms/phenotypes/index.js';
import type { ModelDoc } from '../../model/types.js';
import { compileDoc, runCondition, valueAt, checkDirection, checkRange } from '../support.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';
import { bisectLog } from '../../analysis/bisect.js';
import { fmt, groupedBars, validateSet, withSet, type BarDatum } from '../chevillet2014-stoichiometry/kit.js';

const ID = 'zhang2010-mir150';
const CITATION = 'Zhang Y, Liu D, Chen X, et al. (2010) Secreted monocytic miR-150 enhances targeted endothelial cell migration. Mol Cell 39:133-144. doi:10.1016/j.molcel.2010.06.010';

export const PROTOCOL = {
  t_end: 48, // h
  N_THP1: 1e6,
  N_HMEC: 1e5,
  medium_mL: 2,
  /** Measurable c-Myb fall: 1.2-fold (parameters.md §0 #20, lower end of typical miRNA repression). */
  fold: 1.2,
};

/** c-Myb-specific target parameters (instance `cmyb` of target-silencing). */
export const CMYB = {
  n_sites: { value: 2, source: 'Xiao C et al. (2007) Cell 131:146 (miR-150 controls c-Myb through conserved 3\'UTR sites; two sites recalled, R low); not in parameters.md' },
  t_half_protein: { value: 1, source: 'c-Myb is a short-lived protein (ubiquitin-proteasome degradation, t1/2 ~30-60 min; Bies & Wolff 1997 Oncogene 14:203, R low); inside the 0.75-22.5 h of Eden 2011 (parameters.md §4.3)' },
};

const CONDITIONS = {
  control: 'control (no THP-1 exosomes)',
  natural: 'THP-1 exosomes, 0.00825 copies/exosome',
  closing: 'THP-1 exosomes, gap-closing loading',
  depleted: 'miR-150-depleted THP-1 exosomes',
} as const;

function model(): ModelDoc {
  return {
    exosim: '1',
    id: 'zhang2010_mir150',
    name: 'THP-1 exosomes deliver miR-150 to HMEC-1 endothelial cells: c-Myb falls, migration rises',
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    compartments: [
      { id: 'medium', size: PROTOCOL.medium_mL, unit: 'mL', description: 'shared medium of the transwell co-culture (protocol)' },
      { id: 'hmec', size: 1.4, unit: 'pL', description: 'cytoplasm of one HMEC-1 cell' },
    ],
    species: [
      { id: 'EV', compartment: 'medium', initialAmount: 0, unit: 'exosome', hasOnlySubstanceUnits: true },
      { id: 'EV_miR150', compartment: 'medium', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'miR150', name: 'delivered free miR-150 per HMEC-1 cell', compartment: 'hmec', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'miR150_RISC', name: 'miR-150 miRISC per HMEC-1 cell', compartment: 'hmec', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'cMyb_mRNA', compartment: 'hmec', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
      { id: 'cMyb', name: 'c-Myb protein per HMEC-1 cell', compartment: 'hmec', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true },
    ],
    parameters: [
      { id: 'N_THP1', value: PROTOCOL.N_THP1, unit: 'dimensionless', description: 'THP-1 donor cells in the insert (protocol; 0 = control)', source: { citation: 'protocol choice: 1e6 THP-1 cells above 1e5 HMEC-1', confidence: 'high' } },
      { id: 'N_HMEC', value: PROTOCOL.N_HMEC, unit: 'dimensionless', description: 'HMEC-1 recipient cells (protocol)', source: { citation: 'protocol choice', confidence: 'high' } },
      {
        id: 'copies_per_EV', value: 0.00825, unit: 'molecule/exosome', range: [0, 10],
        description: 'miR-150 copies per THP-1 exosome (0 = miR-150-depleted exosomes)',
        source: { citation: 'Chevillet JR et al. 2014 PNAS 111:14888 (most abundant miRNA, 0.00825 per exosome), parameters.md §2.1; miR-150 is selectively packaged in THP-1 vesicles (Zhang 2010) but its copy number is not reported', tag: 'S', confidence: 'medium' },
      },
      { id: 'cMyb_ref', unit: 'molecule', description: 'c-Myb copies in control HMEC-1 (assignment rule: the unrepressed steady state of the c-Myb target)' },
    ],
    rules: [{ type: 'assignment', variable: 'cMyb_ref', formula: 'cmyb.protein_0' }],
    modules: [secretion.module(), uptake.module(), biogenesis.module(), targetSilencing.module(), phenotypes.module({ phenotype: 'migration' })],
    instances: [
      { id: 'thp1', module: 'secretion', bind: { medium: 'medium', EV: 'EV', EV_miR: 'EV_miR150', N_cells: 'N_THP1', copies_per_EV: 'copies_per_EV' } },
      { id: 'rec', module: 'uptake', bind: { medium: 'medium', cell: 'hmec', EV: 'EV', EV_miR: 'EV_miR150', miR: 'miR150', N_cells: 'N_HMEC' } },
      { id: 'bio', module: 'biogenesis', bind: { cell: 'hmec', miR: 'miR150', miRISC: 'miR150_RISC' }, set: { k_tx: 0 } },
      {
        id: 'cmyb', module: 'target_silencing', bind: { cell: 'hmec', miRISC: 'miR150_RISC', mRNA: 'cMyb_mRNA', protein: 'cMyb' },
        set: { n_sites: CMYB.n_sites.value, t_half_protein: CMYB.t_half_protein.value },
      },
      { id: 'pheno', module: 'phenotypes', bind: { cell: 'hmec', cMYB: 'cMyb', cMYB_ref: 'cMyb_ref' } },
    ],
    observables: [
      { id: 'cMyb_pct', name: 'c-Myb protein (% of control)', formula: '100 * cMyb / cMyb_ref', unit: 'dimensionless' },
      { id: 'migration_pct', name: 'HMEC-1 migration (% of control)', formula: '100 * pheno.migration_rel', unit: 'dimensionless' },
    ],
  };
}

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set ?? {};
  const compiled = compileDoc(model());
  validateSet(compiled, set);
  const T = PROTOCOL.t_end;
  const sim = (o: Record<string, number>, rtol = 1e-10) => runCondition(compiled, { tEnd: T, steps: 48, rtol, atol: 1e-12, overrides: withSet(compiled, o, set) });
  const read = (o: Record<string, number>, rtol?: number) => {
    const r = sim(o, rtol);
    return { r, cMyb: valueAt(r, 'cMyb_pct', T), migration: valueAt(r, 'migration_pct', T), delivered: valueAt(r, 'rec.miR_delivered', T), risc: valueAt(r, 'miR150_RISC', T) + valueAt(r, 'cmyb.mRNA_bound', T) };
  };
  const ctrl = read({ N_THP1: 0 });
  const nat = read({});
  const aim = 100 / PROTOCOL.fold;
  const loading = bisectLog((c) => valueAt(sim({ copies_per_EV: c }, 1e-6), 'cMyb_pct', T), 0.00825, 1e8, aim);
  const found = Number.isFinite(loading);
  const closing = found ? read({ copies_per_EV: loading }) : undefined;
  const depleted = read({ copies_per_EV: 0 });
  const verified = !!closing && Math.abs(closing.cMyb - aim) < 0.1;

  const checks: ScenarioCheck[] = [];
  checks.push(checkDirection('miR-150 rises in HMEC-1 exposed to THP-1 exosomes', 'Zhang 2010: elevated exogenous miR-150 in HMEC-1 after THP-1 microvesicles', nat.delivered, ctrl.delivered, 'up', 0,
    `[cumulative miR-150 copies delivered to the cytosol per HMEC-1 cell at ${T} h, control]`));
  checks.push({
    name: 'c-Myb falls in HMEC-1 exposed to THP-1 exosomes (measurable only above the literature miR-150 loading)',
    expected: `Zhang 2010: c-Myb protein falls (western blot); a measurable fall taken as 1.2-fold (${fmt(100 - aim)} %; parameters.md §0 #20)`,
    observed: [nat.cMyb, ctrl.cMyb, loading, closing?.cMyb ?? NaN],
    pass: nat.cMyb < ctrl.cMyb && verified,
    detail: `[c-Myb % of control at 0.00825 copies/exosome, control, miR-150 copies per exosome for a 1.2-fold fall, c-Myb with that loading] at ${T} h; bisection on log loading, verified by re-simulation`,
    gap: {
      statement:
        `With ${fmt(0.00825)} miR-150 copies per exosome an HMEC-1 cell receives ${fmt(nat.delivered)} cytosolic copies in ${T} h and c-Myb falls by only ${fmt(100 - nat.cMyb)} %. ` +
        `A measurable 1.2-fold fall needs ${fmt(loading)} miR-150 copies per THP-1 exosome (${fmt(closing?.risc ?? NaN)} miRISC per cell), ${fmt(Math.log10(loading / 0.00825), 2)} orders above Chevillet's mean: ` +
        'THP-1 vesicles must be strongly enriched in miR-150 (selective packaging, as Zhang 2010 reports) or the dose must be far higher than a co-culture gives.',
      closingParameters: found ? { copies_per_EV: loading } : {},
    },
  });
  checks.push(checkDirection('Migration of HMEC-1 rises when c-Myb falls', 'Zhang 2010: THP-1 microvesicles (miR-150) enhance HMEC-1 migration', closing?.migration ?? NaN, ctrl.migration, 'up', 0.05,
    `[migration % of control with the gap-closing loading, control] at ${T} h (phenotypes migration: 1 + a_mig (1 - c-Myb/c-Myb_ref))`));
  checks.push(checkRange('miR-150-depleted exosomes leave c-Myb unchanged', 'Zhang 2010: vesicles of anti-miR-150-treated THP-1 cells do not reduce c-Myb or raise migration', Math.abs(depleted.cMyb - ctrl.cMyb) + Math.abs(depleted.migration - ctrl.migration), 0, 0.01,
    `|c-Myb - control| + |migration - control| in percentage points at ${T} h (copies_per_EV = 0): ${fmt(depleted.cMyb)} % and ${fmt(depleted.migration)} %`));

  const series: Record<string, ScenarioSeries> = {};
  const rows: [string, ReturnType<typeof read> | undefined][] = [[CONDITIONS.control, ctrl], [CONDITIONS.natural, nat], [CONDITIONS.closing, closing], [CONDITIONS.depleted, depleted]];
  for (const [label, x] of rows) {
    if (!x) continue;
    series[`cMyb/${label}`] = { x: [T], y: [x.cMyb], xLabel: 'time (h)', yLabel: `c-Myb protein at ${T} h|(% of control)`, condition: label };
    series[`migration/${label}`] = { x: [T], y: [x.migration], xLabel: 'time (h)', yLabel: `HMEC-1 migration at ${T} h|(% of control)`, condition: label };
  }
  if (closing) {
    series['cMyb_timecourse/gap-closing loading'] = { x: Array.from(closing.r.time), y: Array.from(closing.r.time, (t) => valueAt(closing.r, 'cMyb_pct', t)), xLabel: 'time (h)', yLabel: 'c-Myb protein (% of control)', condition: CONDITIONS.closing };
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const labels = Object.values(CONDITIONS) as string[];
  const data: BarDatum[] = [];
  const measures: string[] = [];
  for (const prefix of ['cMyb', 'migration']) {
    for (const c of labels) {
      const s = result.series[`${prefix}/${c}`];
      if (!s) continue;
      if (!measures.includes(s.yLabel)) measures.push(s.yLabel);
      data.push({ measure: s.yLabel, condition: c, value: s.y[0]! });
    }
  }
  return groupedBars('Zhang 2010: THP-1 exosomal miR-150 lowers c-Myb and raises HMEC-1 migration', data, labels, measures);
}

export const scenario: Scenario = {
  id: ID,
  title: 'THP-1 monocyte exosomes deliver miR-150 to HMEC-1 endothelial cells: c-Myb falls, migration rises (Zhang 2010)',
  citation: CITATION,
  references: [
    'Xiao C et al. (2007) MiR-150 controls B cell differentiation by targeting the transcription factor c-Myb. Cell 131:146-159.',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Chiu YJ et al. (2016) A single-cell assay for time lapse studies of exosome secretion and cell behaviors. Small 12:3658-3666.',
  ],
  claim:
    'Microvesicles (exosomes) secreted by THP-1 monocytic cells carry miR-150 into HMEC-1 endothelial cells, where the elevated miR-150 reduces c-Myb and enhances cell migration; vesicles depleted of miR-150 do not.',
  mechanisms: ['secretion', 'uptake', 'biogenesis', 'target-silencing', 'phenotypes'],
  protocol: [
    'Transwell co-culture: 1e6 THP-1 cells secrete exosomes (60 exosomes/cell/h, the breast-cancer value of Chiu 2016; no monocyte value in parameters.md) into 2 mL shared with 1e5 HMEC-1 cells, for 48 h; control without THP-1 cells.',
    'HMEC-1 take exosomes up (eta_bind 2e-3, f_escape 0.01); delivered miR-150 is loaded into miRISC and silences c-Myb (2 miR-150 sites, c-Myb protein t1/2 1 h, mRNA t1/2 9 h).',
    'Migration relative to control = 1 + a_mig (1 - c-Myb/c-Myb_ref), a_mig = 1 (phenotypes mechanism, migration sub-module).',
    'Conditions: control; THP-1 exosomes with 0.00825 miR-150 copies per exosome (Chevillet 2014); THP-1 exosomes with the miR-150 loading that gives a measurable 1.2-fold c-Myb fall (found by bisection); miR-150-depleted exosomes (0 copies).',
  ],
  keyParameters: ['copies_per_EV', 'rec.f_escape', 'rec.eta_bind', 'thp1.k_sec', 'cmyb.n_sites', 'pheno.a_mig'],
  model,
  run,
  plot,
};
