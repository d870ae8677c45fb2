/**
 * melo2014-mcf10a-transformation (Melo et al. 2014, Cancer Cell 26:707; NEJM note, seed 001): MCF-10A cells exposed
 * for 3 days to exosomes of MDA-MB-231 breast cancer cells lose PTEN and HOXD10, survive and proliferate more, and,
 * co-injected into mice, form tumours unless the exosomal Dicer is blocked.
 *
 * Model (one well, counts per recipient cell, time in h), composed from the mechanism modules:
 *   sec21, sec10b   secretion           MDA-MB-231 cells secrete exosomes carrying mature and pre-miR-21 / miR-10b
 *   mat21, mat10b   exosome-maturation  exosomal Dicer/TRBP/AGO2 turns pre-miRNA into mature miRNA (Melo 2014)
 *   up21, up10b     uptake              MCF-10A cells take the exosomes up; a fraction of the mature cargo escapes
 *   bg21, bg10b     biogenesis          delivered guide strands are loaded into miRISC and turn over (k_tx = 0:
 *                                       the recipient's own miRNA is part of the target baseline)
 *   pten, hoxd10    target-silencing    miR-21 miRISC silences PTEN, miR-10b miRISC silences HOXD10
 *   ph              phenotypes          proliferation (PTEN -> AKT), invasion (HOXD10 -> RHOC), transformation
 *   tis             tissue              after 72 h the cells are injected into a mouse: transformed cells grow
 *                                       (Gompertz), non-transformed MCF-10A cells are cleared
 * The second secretion/uptake pair only carries the miR-10b cargo: its exosome count (EV_shadow) duplicates EV and
 * is not used for anything else. Delivered pre-miRNA is not taken as functional (uptake cargo 'mature'): the
 * scenario tests Melo's claim that the exosomal (not the recipient's) Dicer makes the cargo active.
 */
import { mechanism as secretion } from '../../mechanisms/secretion/index.js';
import { mechanism as maturation } from '../../mechanisms/exosome-maturation/index.js';
import { mechanism as uptake } from '../../mechanisms/uptake/index.js';
import { mechanism as biogenesis } from '../../mechanisms/biogenesis/index.js';
import { mechanism as targetSilencing } from '../../mechanisms/target-silencing/index.js';
import { mechanism as phenotypes } from '../../mechanisms/phenotypes/index.js';
import { mechanism as tissue } from '../../mechanisms/tissue/index.js';
import type { ModelDoc, ParameterDoc, SpeciesDoc } from '../../model/types.js';
import type { CompiledModel } from '../../compile/types.js';
import type { SimulationResult } from '../../results.js';
import { compileDoc, runCondition, valueAt, finalValue, seriesOf, checkDirection } from '../support.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';
import { bisectLog } from '../../analysis/bisect.js';
import type * as vl from 'vega-lite';

const ID = 'melo2014-mcf10a-transformation';
const CITATION = 'Melo SA, Sugimoto H, O\'Connell JT, Kato N, Villanueva A, Vidal A, Qiu L, Vitkin E, Perelman LT, Melo CA, Lucci A, Ivan C, Calin GA, Kalluri R (2014) Cancer exosomes perform cell-independent microRNA biogenesis and promote tumorigenesis. Cancer Cell 26:707-721. doi:10.1016/j.ccell.2014.09.005';

/** Protocol choices (the paper's doses are not in parameters.md). */
const P = {
  t_exposure: 72, // h of exposure to exosomes (Melo 2014: 3 days)
  t_mouse: 42 * 24, // h after injection at which tumours are scored (6 weeks)
  fall_target: 0.3, // 'PTEN and HOXD10 fall': >= 30 % (the phenotypes module's transformation threshold)
  margin: 1.5, // the conditions are run at 1.5 x the closing cargo, so that the reported effect is clearly reached
};

type Cond = 'no exosomes' | 'cancer exosomes' | 'cancer exosomes, Dicer blocked' | 'normal (MCF-10A) exosomes';
const CONDS: Cond[] = ['no exosomes', 'cancer exosomes', 'cancer exosomes, Dicer blocked', 'normal (MCF-10A) exosomes'];

function condOverrides(c: Cond): Record<string, number> {
  if (c === 'no exosomes') return { N_donor: 0 };
  if (c === 'cancer exosomes, Dicer blocked') return { exo_dicer: 0 };
  if (c === 'normal (MCF-10A) exosomes') return { exo_dicer: 0 }; // Melo 2014: no Dicer/TRBP/AGO2 in MCF-10A exosomes
  return {};
}

function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: 'high' | 'medium' | 'low'): ParameterDoc {
  return { id, value, unit, range, description, confidence, source: { citation, tag, confidence } };
}

function buildModel(): ModelDoc {
  const count = (id: string, compartment: string, unit: string, description: string): SpeciesDoc => ({ id, compartment, initialAmount: 0, unit, hasOnlySubstanceUnits: true, description });
  const sec = (id: string, evSp: string, mir: string, pre: string) => ({ id, module: 'secretion', bind: { medium: 'well', EV: evSp, EV_miR: mir, EV_pre: pre, N_cells: 'N_donor', copies_per_EV: 'copies_per_EV', pre_per_EV: 'pre_per_EV' } });
  const mat = (id: string, mir: string, pre: string) => ({ id, module: 'exosome_maturation', bind: { medium: 'well', EV_pre: pre, EV_miR: mir, k_dice_EV: 'k_dice_EV', exo_dicer: 'exo_dicer' } });
  const up = (id: string, evSp: string, mir: string, cyto: string) => ({ id, module: 'uptake', bind: { medium: 'well', cell: 'mcf10a', EV: evSp, EV_miR: mir, miR: cyto, N_cells: 'N_recip' } });
  const bg = (id: string, cyto: string, risc: string) => ({ id, module: 'biogenesis', bind: { cell: 'mcf10a', miR: cyto, miRISC: risc }, set: { k_tx: 0 } });
  const ts = (id: string, risc: string, mrna: string, prot: string) => ({ id, module: 'target_silencing', bind: { cell: 'mcf10a', miRISC: risc, mRNA: mrna, protein: prot } });
  return {
    exosim: '1',
    id: 'melo2014_mcf10a_transformation',
    name: 'MCF-10A cells exposed to MDA-MB-231 exosomes, then co-injected into mice (Melo 2014)',
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    modules: [
      secretion.module(), maturation.module({ evidence: 'melo2014', origin: 'cancer' }), uptake.module({ targeting: 'none', cargo: 'mature' }),
      biogenesis.module(), targetSilencing.module(), phenotypes.module({ phenotype: 'proliferation+invasion+transformation' }), tissue.module({ growth: 'gompertz', populations: '1', metastasis: 'none' }),
    ],
    compartments: [
      { id: 'well', size: 2, unit: 'mL', description: 'culture medium of one well of a 6-well plate (protocol)' },
      { id: 'mcf10a', size: 1.4, unit: 'pL', description: 'cytoplasm of one MCF-10A cell (Mihaila et al. 2017 V_intra, parameters.md §5)' },
      { id: 'mouse', size: 1, unit: 'mL', description: 'injection site in the mouse (bookkeeping)' },
    ],
    species: [
      count('EV', 'well', 'exosome', 'exosomes in the medium'),
      count('EV_shadow', 'well', 'exosome', 'duplicate exosome count of the miR-10b secretion/uptake pair (same dynamics as EV; not read)'),
      count('EV_miR21', 'well', 'molecule', 'mature miR-21 in exosomes in the medium'),
      count('EV_pre21', 'well', 'molecule', 'pre-miR-21 in exosomes in the medium'),
      count('EV_miR10b', 'well', 'molecule', 'mature miR-10b in exosomes in the medium'),
      count('EV_pre10b', 'well', 'molecule', 'pre-miR-10b in exosomes in the medium'),
      count('miR21', 'mcf10a', 'molecule', 'exosome-derived free miR-21 guide strands per MCF-10A cell'),
      count('miR10b', 'mcf10a', 'molecule', 'exosome-derived free miR-10b guide strands per MCF-10A cell'),
      count('RISC21', 'mcf10a', 'molecule', 'exosome-derived miR-21 miRISC per MCF-10A cell'),
      count('RISC10b', 'mcf10a', 'molecule', 'exosome-derived miR-10b miRISC per MCF-10A cell'),
      count('PTEN_mRNA', 'mcf10a', 'molecule', 'PTEN mRNA per MCF-10A cell (free)'),
      count('PTEN', 'mcf10a', 'molecule', 'PTEN protein per MCF-10A cell'),
      count('HOXD10_mRNA', 'mcf10a', 'molecule', 'HOXD10 mRNA per MCF-10A cell (free)'),
      count('HOXD10', 'mcf10a', 'molecule', 'HOXD10 protein per MCF-10A cell'),
    ],
    parameters: [
      par('N_donor', 1e5, 'dimensionless', [0, 1e7], 'MDA-MB-231 cells whose exosomes the well receives over the exposure (conditioned-medium equivalent)', 'protocol choice (1e5 cells, as examples/flagship/exosome-transfer.yaml); Melo 2014 dose not in parameters.md', 'R', 'medium'),
      par('N_recip', 1e5, 'dimensionless', [1e3, 1e7], 'MCF-10A cells per well', 'protocol choice (1e5 cells per well of a 6-well plate)', 'R', 'medium'),
      par('copies_per_EV', 0.00825, 'molecule/exosome', [0.001, 1e4], 'mature miR-21 (and miR-10b) copies per secreted exosome', 'Chevillet et al. 2014 PNAS 111:14888 (most abundant miRNA; parameters.md §2.1, §0 #12)', 'S', 'high'),
      par('pre_per_EV', 0.00825, 'molecule/exosome', [0.001, 1e4], 'pre-miR-21 (and pre-miR-10b) copies per secreted exosome', 'Melo et al. 2014 (cancer exosomes enriched in pre-miRNAs; no copy number): taken equal to the mature cargo of Chevillet et al. 2014 (parameters.md §2.1)', 'R', 'low'),
      par('k_dice_EV', Math.LN2 / 24, '1/h', [0.01, 0.03], 'in-exosome pre-miRNA processing rate', 'Melo 2014 via seed 001 (conversion over 72 h); parameters.md §3 and §10 (k_dice,EV ~ ln2/24 h)', 'D', 'low'),
      par('exo_dicer', 1, 'dimensionless', [0, 1], 'exosomal Dicer/TRBP/AGO2 activity (1 = MDA-MB-231 exosomes, 0 = blocked or normal exosomes)', 'Melo et al. 2014 Cancer Cell 26:707 (parameters.md §2.2, §10); disputed by Jeppesen et al. 2019 (parameters.md §11 item 2)', 'S', 'low'),
      par('alpha_mouse', 0.05, '1/d', [0.01, 0.3], 'Gompertz rate constant of transformed MCF-10A tumours in mice', 'assumption for a xenograft growing from 1e6 cells to ~1 cm^3 in 6 weeks (not in parameters.md)', 'R', 'low'),
      par('kd_host', 0.2, '1/d', [0.02, 1], 'clearance of non-transformed MCF-10A cells after injection (non-tumorigenic cells do not persist)', 'assumption (not in parameters.md): Melo 2014 and seed 001 report no tumours from MCF-10A alone', 'R', 'low'),
      { id: 'injected', value: 0, unit: 'dimensionless', constant: false, description: '1 after the injection into the mouse at t_exposure (event)' },
      { id: 'gf_tumour', unit: 'dimensionless', description: 'growth factor of the injected cells: transformed and injected (assignment rule)' },
      { id: 'PTEN_ref', unit: 'molecule', description: 'PTEN of unexposed MCF-10A cells = the target-silencing steady state (assignment rule)' },
      { id: 'HOXD10_ref', unit: 'molecule', description: 'HOXD10 of unexposed MCF-10A cells (assignment rule)' },
    ],
    rules: [
      { type: 'assignment', variable: 'gf_tumour', formula: 'ph.transformed * injected' },
      { type: 'assignment', variable: 'PTEN_ref', formula: 'pten.protein_0' },
      { type: 'assignment', variable: 'HOXD10_ref', formula: 'hoxd10.protein_0' },
    ],
    initialAssignments: [{ symbol: 'tis.alpha_A', formula: 'alpha_mouse' }],
    events: [
      {
        id: 'injection', name: 'cells harvested and co-injected into a mouse (exposure ends)', trigger: `time >= ${P.t_exposure}`,
        assignments: [
          { variable: 'injected', formula: '1' },
          { variable: 'N_donor', formula: '0' },
          { variable: 'tis.kd_A', formula: 'kd_host * (1 - ph.transformed)' },
          { variable: 'EV', formula: '0' }, { variable: 'EV_shadow', formula: '0' },
          { variable: 'EV_miR21', formula: '0' }, { variable: 'EV_pre21', formula: '0' },
          { variable: 'EV_miR10b', formula: '0' }, { variable: 'EV_pre10b', formula: '0' },
        ],
      },
    ],
    instances: [
      sec('sec21', 'EV', 'EV_miR21', 'EV_pre21'),
      sec('sec10b', 'EV_shadow', 'EV_miR10b', 'EV_pre10b'),
      mat('mat21', 'EV_miR21', 'EV_pre21'),
      mat('mat10b', 'EV_miR10b', 'EV_pre10b'),
      up('up21', 'EV', 'EV_miR21', 'miR21'),
      up('up10b', 'EV_shadow', 'EV_miR10b', 'miR10b'),
      bg('bg21', 'miR21', 'RISC21'),
      bg('bg10b', 'miR10b', 'RISC10b'),
      ts('pten', 'RISC21', 'PTEN_mRNA', 'PTEN'),
      ts('hoxd10', 'RISC10b', 'HOXD10_mRNA', 'HOXD10'),
      { id: 'ph', module: 'phenotypes', bind: { cell: 'mcf10a', PTEN: 'PTEN', HOXD10: 'HOXD10', PTEN_ref: 'PTEN_ref', HOXD10_ref: 'HOXD10_ref' } },
      { id: 'tis', module: 'tissue', bind: { site: 'mouse', gf_A: 'gf_tumour' }, set: { N0_A: 1e6, K_cap: 1e9 } },
    ],
    observables: [
      { id: 'PTEN_pct', name: 'PTEN (% of unexposed control)', formula: '100 * PTEN / PTEN_ref', unit: 'dimensionless' },
      { id: 'HOXD10_pct', name: 'HOXD10 (% of unexposed control)', formula: '100 * HOXD10 / HOXD10_ref', unit: 'dimensionless' },
      { id: 'delivered21', name: 'exosome-derived miR-21 delivered to the cytosol per cell', formula: 'up21.miR_delivered', unit: 'molecule' },
    ],
  };
}

let cache: CompiledModel | undefined;
function compiled(): CompiledModel {
  cache ??= compileDoc(buildModel());
  return cache;
}

/** The in-vitro phase only (0..72 h), for the gap search. */
function exposure(set: Record<string, number>, extra: Record<string, number>, c: Cond): SimulationResult {
  return runCondition(compiled(), { tEnd: P.t_exposure, times: [0, 24, 48, P.t_exposure - 1e-6], set: { ...set, ...extra, ...condOverrides(c) } });
}

function fullRun(set: Record<string, number>, extra: Record<string, number>, c: Cond): SimulationResult {
  const times = [...Array.from({ length: 19 }, (_, i) => i * 4), ...Array.from({ length: 42 }, (_, i) => P.t_exposure + (i + 1) * 24)];
  return runCondition(compiled(), { tEnd: P.t_exposure + P.t_mouse, times, set: { ...set, ...extra, ...condOverrides(c) } });
}

/** Relative fall of PTEN and HOXD10 at the end of the exposure (the smaller of the two). */
function fallOf(set: Record<string, number>, extra: Record<string, number>): { pten: number; hox: number; min: number } {
  const r = exposure(set, extra, 'cancer exosomes');
  const pten = 1 - valueAt(r, 'PTEN_pct', P.t_exposure - 1e-6) / 100;
  const hox = 1 - valueAt(r, 'HOXD10_pct', P.t_exposure - 1e-6) / 100;
  return { pten, hox, min: Math.min(pten, hox) };
}

/** bisectLog returning the end where the target is reached (the value the checks re-simulate), 16 halvings. */
const bisectReached = (f: (x: number) => number, lo: number, hi: number, target: number): number => bisectLog(f, lo, hi, target, { iterations: 16, result: 'reached' });

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set;
  // validate --set once (unknown ids throw E_UNKNOWN_OVERRIDE from simulate)
  const def = fallOf(set, {});
  const defRun = exposure(set, {}, 'cancer exosomes');
  const delivered = valueAt(defRun, 'delivered21', P.t_exposure - 1e-6);
  const checks: ScenarioCheck[] = [];

  // ---- gap analysis: which cargo, escape fraction or dose closes the gap to a >= 30 % fall of both targets
  const pre0 = set['pre_per_EV'] ?? 0.00825;
  const closing: Record<string, number> = {};
  let extra: Record<string, number> = {};
  let gapOk = true;
  let gap: ScenarioCheck['gap'] | undefined;
  if (!(def.min >= P.fall_target)) {
    const preStar = bisectReached((x) => fallOf(set, { pre_per_EV: x }).min, pre0, 1e5, P.fall_target);
    if (Number.isFinite(preStar)) closing['pre_per_EV'] = preStar;
    const esc = (x: number) => ({ 'up21.f_escape': x, 'up10b.f_escape': x });
    const fStar = bisectReached((x) => fallOf(set, esc(x)).min, set['up21.f_escape'] ?? 0.01, 0.3, P.fall_target);
    if (Number.isFinite(fStar)) { closing['up21.f_escape'] = fStar; closing['up10b.f_escape'] = fStar; }
    const n0 = set['N_donor'] ?? 1e5;
    const nStar = bisectReached((x) => fallOf(set, { N_donor: x }).min, n0, n0 * 1e8, P.fall_target);
    if (Number.isFinite(nStar)) closing['N_donor'] = nStar;
    // verification by re-simulation: the reported fall at the closing cargo, and not below it
    const verified = Number.isFinite(preStar) && fallOf(set, { pre_per_EV: preStar }).min >= P.fall_target && fallOf(set, { pre_per_EV: preStar / 1.05 }).min < P.fall_target;
    gapOk = verified;
    extra = Number.isFinite(preStar) ? { pre_per_EV: preStar * P.margin } : {};
    const dose = (x: number) => `${x.toPrecision(3)} donor cells (${((x * 60 * P.t_exposure) / 2).toExponential(2)} exosomes/mL by 72 h)`;
    gap = {
      statement:
        `With the literature defaults (natural secretion by ${n0.toExponential(0)} MDA-MB-231 cells at 60 exosomes/cell/h, ${pre0} pre-miRNA and 0.00825 mature copies per exosome (Chevillet 2014), escape fraction ${set['up21.f_escape'] ?? 0.01}) `
        + `each MCF-10A cell receives ${delivered.toPrecision(2)} copies of exosomal miR-21 in its cytosol in 72 h, and PTEN falls by only ${def.pten.toPrecision(2)} (fraction), HOXD10 by ${def.hox.toPrecision(2)}: `
        + `far below the reported loss. A ${100 * P.fall_target} % fall of both needs ${Number.isFinite(preStar) ? `${preStar.toPrecision(3)} pre-miRNA copies per exosome` : 'more pre-miRNA cargo than 1e5 copies per exosome (not found)'}`
        + `${Number.isFinite(nStar) ? `, or a dose of ${dose(nStar)}` : ', no dose up to 1e8-fold'}`
        + `${Number.isFinite(fStar) ? `, or an escape fraction of ${fStar.toPrecision(3)}` : '; no escape fraction within 0.01-0.3 suffices alone'}. The conditions below are run at ${P.margin} x the closing pre-miRNA cargo.`,
      closingParameters: closing,
    };
  }

  // ---- the four conditions, at the closing cargo (or at the defaults if they suffice)
  const runs = new Map<Cond, SimulationResult>();
  for (const c of CONDS) runs.set(c, fullRun(set, extra, c));
  const R = (c: Cond) => runs.get(c)!;
  const at72 = (c: Cond, id: string) => valueAt(R(c), id, P.t_exposure - 1e-6);
  const cal = fallOf(set, extra);

  checks.push({
    name: 'PTEN and HOXD10 fall in MCF-10A after 3 days of cancer exosomes',
    expected: `PTEN and HOXD10 protein reduced (Melo 2014 western blots; seed 001); taken here as a fall of at least ${100 * P.fall_target} % of both, the transformation threshold of the phenotypes module`,
    observed: [def.pten, def.hox, cal.pten, cal.hox],
    pass: def.min >= P.fall_target || (gapOk && cal.min >= P.fall_target),
    detail: '[PTEN fall, HOXD10 fall at the literature defaults, PTEN fall, HOXD10 fall at 1.5 x the closing pre-miRNA cargo]; fall = 1 - protein(72 h)/protein(control)',
    ...(gap ? { gap } : {}),
  });
  checks.push(checkDirection(
    'Proliferation/survival of MCF-10A rises with cancer exosomes',
    'more viable MCF-10A cells after 3 days with cancer exosomes than without (Melo 2014: increased survival and proliferation)',
    at72('cancer exosomes', 'ph.viable_rel'), at72('no exosomes', 'ph.viable_rel'), 'up', 0.05,
    '[viable cells relative to the unexposed culture at 72 h: cancer exosomes, no exosomes] (closing cargo)',
  ));
  checks.push(checkDirection(
    'Blocking exosomal Dicer abolishes the PTEN fall',
    'PTEN with Dicer-blocked cancer exosomes higher than with active cancer exosomes, close to control (Melo 2014: Dicer-dependent)',
    at72('cancer exosomes, Dicer blocked', 'PTEN_pct'), at72('cancer exosomes', 'PTEN_pct'), 'up', 0.1,
    '[PTEN % of control at 72 h: Dicer blocked, active] (closing cargo)',
  ));
  const tumour = (c: Cond) => finalValue(R(c), 'tis.tumour_formed');
  const vol = (c: Cond) => finalValue(R(c), 'tis.V_tumour');
  checks.push({
    name: 'Co-injected MCF-10A cells form tumours with cancer exosomes only',
    expected: 'tumours form with cancer exosomes; none with Dicer-blocked cancer exosomes, normal (MCF-10A) exosomes or without exosomes (Melo 2014; seed 001)',
    observed: CONDS.map(tumour),
    pass: tumour('cancer exosomes') === 1 && tumour('cancer exosomes, Dicer blocked') === 0 && tumour('normal (MCF-10A) exosomes') === 0 && tumour('no exosomes') === 0,
    detail: `[tumour formed (1) or not (0) ${P.t_mouse / 24} days after injection (volume >= V_detect = 50 mm^3)] for ${CONDS.join(', ')} (closing cargo); volumes ${CONDS.map((c) => vol(c).toPrecision(3)).join(', ')} mm^3`,
  });
  checks.push(checkDirection(
    'Normal exosomes do not lower PTEN like cancer exosomes',
    'MCF-10A exosomes (no Dicer/TRBP/AGO2) leave PTEN near control (Melo 2014)',
    at72('normal (MCF-10A) exosomes', 'PTEN_pct'), at72('cancer exosomes', 'PTEN_pct'), 'up', 0.1,
    '[PTEN % of control at 72 h: normal exosomes, cancer exosomes] (closing cargo)',
  ));

  const series: Record<string, ScenarioSeries> = {};
  const tx = 'time (h)';
  for (const c of CONDS) {
    const r = R(c);
    const cut = (s: ScenarioSeries, tMax: number): ScenarioSeries => {
      const k = s.x.findIndex((x) => x > tMax);
      return k < 0 ? s : { ...s, x: s.x.slice(0, k), y: s.y.slice(0, k) };
    };
    series[`PTEN/${c}`] = cut(seriesOf(r, 'PTEN_pct', c, { x: tx, y: 'PTEN (% of control)' }), P.t_exposure);
    series[`HOXD10/${c}`] = cut(seriesOf(r, 'HOXD10_pct', c, { x: tx, y: 'HOXD10 (% of control)' }), P.t_exposure);
    series[`proliferation/${c}`] = cut(seriesOf(r, 'ph.viable_rel', c, { x: tx, y: 'viable cells (% of control)', scale: 100 }), P.t_exposure);
    const vt = seriesOf(r, 'tis.V_tumour', c, { x: 'time after injection (d)', y: 'tumour volume (mm^3)' });
    const k0 = vt.x.findIndex((x) => x >= P.t_exposure);
    series[`tumour/${c}`] = { ...vt, x: vt.x.slice(k0).map((x) => (x - P.t_exposure) / 24), y: vt.y.slice(k0) };
  }
  series['PTEN_defaults/cancer exosomes'] = seriesOf(defRun, 'PTEN_pct', 'cancer exosomes (literature defaults)', { x: tx, y: 'PTEN (% of control)' });
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult): vl.TopLevelSpec {
  const last = (key: string) => { const s = result.series[key]; return s ? s.y[s.y.length - 1]! : NaN; };
  const panels: { key: string; title: string }[] = [
    { key: 'PTEN', title: 'PTEN at 72 h (% of control)' },
    { key: 'HOXD10', title: 'HOXD10 at 72 h (% of control)' },
    { key: 'proliferation', title: 'viable cells at 72 h (% of control)' },
    { key: 'tumour', title: `tumour volume at ${P.t_mouse / 24} d (mm^3)` },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    background: 'white',
    config: { font: 'DejaVu Sans' },
    title: { text: 'Melo 2014: cancer exosomes transform MCF-10A cells, Dicer-dependently', subtitle: `pre-miRNA cargo at ${P.margin} x the closing value` },
    hconcat: panels.map((p) => ({
      width: 105,
      height: 240,
      data: { values: CONDS.map((c) => ({ condition: c, value: last(`${p.key}/${c}`) })) },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'condition', type: 'nominal', sort: CONDS, axis: { title: null, labels: false, ticks: false } },
        y: { field: 'value', type: 'quantitative', title: p.title },
        color: { field: 'condition', type: 'nominal', sort: CONDS, scale: { scheme: 'tableau10' }, legend: { title: 'condition', orient: 'bottom', columns: 2, labelLimit: 320 } },
      },
    })),
  } as vl.TopLevelSpec;
}

export const scenario: Scenario = {
  id: ID,
  title: 'Cancer exosomes transform non-tumorigenic MCF-10A cells in a Dicer-dependent way (Melo 2014)',
  citation: CITATION,
  references: [
    'Kalluri R et al. (2014) Clinical implications: exosomes and ectosomes in intercellular communication (NEJM note on Melo 2014 and Le 2014; seed 001).',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Jeppesen DK et al. (2019) Reassessment of exosome composition. Cell 177:428-445.',
    'Meng F et al. (2007) Gastroenterology 133:647 (miR-21 -| PTEN); Ma L et al. (2007) Nature 449:682 (miR-10b -| HOXD10).',
  ],
  claim: 'MCF-10A cells exposed for 3 days to exosomes of MDA-MB-231 breast cancer cells lose PTEN and HOXD10 and survive and proliferate more; co-injected into mice they form tumours, unless the exosomal Dicer is blocked.',
  mechanisms: ['secretion', 'exosome-maturation', 'uptake', 'biogenesis', 'target-silencing', 'phenotypes', 'tissue'],
  protocol: [
    'One well: 1e5 MCF-10A cells in 2 mL receive the exosomes that 1e5 MDA-MB-231 cells secrete (60 exosomes/cell/h) over 72 h; each exosome carries 0.00825 mature and 0.00825 pre-miR-21 and miR-10b copies (Chevillet 2014).',
    'Conditions: no exosomes; cancer exosomes (exosomal Dicer active: pre-miRNA matures at ln2/24 h in the exosomes); cancer exosomes with Dicer blocked (exo_dicer = 0); normal MCF-10A exosomes (no exosomal Dicer).',
    'Read-outs at 72 h: PTEN and HOXD10 protein (% of control), viable cells (% of control) and the transformation flag (PTEN/HOXD10 loss score >= 0.3).',
    'At 72 h the cells are injected into a mouse: transformed cells grow by Gompertz (alpha 0.05 /d, K 1e9 cells), non-transformed cells are cleared (0.2 /d); tumours are scored after 6 weeks (>= 50 mm^3).',
    'When the natural doses cannot produce a 30 % fall of PTEN and HOXD10, the scenario finds the pre-miRNA cargo per exosome, the dose and the escape fraction that would, and runs the conditions at 1.5 x the closing cargo.',
  ],
  keyParameters: ['pre_per_EV', 'copies_per_EV', 'N_donor', 'up21.f_escape', 'exo_dicer', 'k_dice_EV', 'ph.theta_transform', 'pten.t_half_protein'],
  model: buildModel,
  run,
  plot,
};
