/**
 * katakowski2013-mir146b (Katakowski et al. 2013, Cancer Lett 335:201): exosomes of marrow stromal cells (MSCs)
 * transfected with a miR-146b expression plasmid, injected into a rat 9L glioma, lower EGFR and reduce tumour growth
 * compared with exosomes of control MSCs.
 *
 * Model: src/mechanisms/therapy/scenario-kit.ts buildMimicTumourModel with the intratumoural route (therapy mimic
 * dosed into the tumour interstitium -> uptake into glioma cells, with drainage of interstitial exosomes into blood by
 * the endocrine mechanism -> miR-146b miRISC (biogenesis: low endogenous miR-146b) -> EGFR (target-silencing) ->
 * tumour growth factor (tissue, exponential)).
 */
import { closeGap, buildMimicTumourModel, exosomesFromMass, linesOf, seriesWithPrefix } from '../../mechanisms/therapy/scenario-kit.js';
import type { ModelDoc, ParameterDoc } from '../../model/types.js';
import { compileDoc, runCondition, seriesOf, valueAt, checkDirection } from '../support.js';
import type { CompiledModel } from '../../compile/types.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';

const ID = 'katakowski2013-mir146b';
const CITATION = 'Katakowski M, Buller B, Zheng X, Lu Y, Rogers T, Osobamiro O, Shu W, Jiang F, Chopp M (2013) Exosomes from marrow stromal cells expressing miR-146b inhibit glioma growth. Cancer Lett 335:201-204. doi:10.1016/j.canlet.2013.02.019';

const PROTOCOL = {
  exosome_g: 5e-6, // 5 ug exosomes, one intratumoural injection (R)
  t_end: 240, // h: 10 days after the injection
  t_EGFR: 72, // h: EGFR read-out
  V0_mm3: 10, // glioma volume at the injection (R)
  growth_target: 0.3, // 'tumour grows less': at least 30 % smaller than with control exosomes at day 10
  egfr_target: 0.1, // 'EGFR falls': at least 10 % lower than with control exosomes at 72 h (western-blot resolvable)
};
const V_CELL_UM3 = 2000; // tissue mechanism default V_cell
/** Upper end of the therapy module's loading range: a 100-nm lumen (3.8e-19 L) packed with RNA duplexes. */
const MAX_LOADING = 1e4;

type Cond = 'control exosomes' | 'miR-146b exosomes';
const CONDS: Cond[] = ['control exosomes', 'miR-146b exosomes'];

const P = (id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: 'high' | 'medium' | 'low', note?: string): ParameterDoc =>
  ({ id, value, unit, range, description, source: { citation, tag, ...(note ? { note } : {}) }, confidence });

function buildModel(): ModelDoc {
  return buildMimicTumourModel({
    id: 'katakowski2013_mir146b',
    name: 'Intratumoural miR-146b exosomes of marrow stromal cells against a rat glioma (Katakowski 2013)',
    route: 'intratumoural',
    ligand: 'none',
    miRNA: 'miR-146b',
    target: 'EGFR',
    endogenousCopies: 10,
    dose: P('dose', exosomesFromMass(PROTOCOL.exosome_g), 'exosome', [1e8, 1e12], 'exosomes per injection', 'Katakowski 2013 protocol (a few ug of exosomes injected into the tumour, recalled) converted at 6e-16 g per exosome (parameters.md §1.1, D)', 'D', 'low'),
    nDoses: 1,
    interval_h: 24,
    N0: P('N0', (PROTOCOL.V0_mm3 * 1e9) / V_CELL_UM3, 'cell', [1e5, 1e9], 'glioma cells at the injection', `protocol choice: ${PROTOCOL.V0_mm3} mm^3 tumour / 2000 um^3 per cell`, 'D', 'low'),
    growthRate: P('r', Math.LN2 / 2, '1/d', [0.05, 1], 'net growth rate of 9L gliosarcoma in rat brain', 'recalled order of magnitude (9L volume doubling ~2 d in vivo); not in parameters.md', 'R', 'low'),
    isf_mL: 0.3 * PROTOCOL.V0_mm3 * 1e-3,
    plasma_mL: 10,
  });
}

let cache: CompiledModel | undefined;
const compiled = (): CompiledModel => (cache ??= compileDoc(buildModel()));
const T_WARM = 20000; // h of warm-up: the miRISC bound to the target turns over slowly (titration), ~1e3-h time scale
const TIMES = Array.from({ length: 41 }, (_, i) => i * 6); // 0..240 h

function force(c: Cond): Record<string, number> {
  return c === 'control exosomes' ? { 'tx.payload_per_EV': 0 } : {};
}

function simulate(c: Cond, set: Record<string, number>, extra: Record<string, number>, tCtrl: number) {
  const res = runCondition(compiled(), { tStart: -T_WARM, tEnd: PROTOCOL.t_end, times: TIMES, overrides: { T_ctrl: tCtrl }, set: { ...set, ...extra, ...force(c) } });
  return { res, V: valueAt(res, 'tum.V_tumour', PROTOCOL.t_end), EGFR: valueAt(res, 'T_rel', PROTOCOL.t_EGFR) };
}

function controlTarget(set: Record<string, number>): number {
  const res = runCondition(compiled(), { tStart: -T_WARM, tEnd: 0, times: [0], set: { ...set, 'tx.dose': 0 } });
  return valueAt(res, 'T', 0);
}

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set;
  const tCtrl = controlTarget(set);
  const ctrl = simulate('control exosomes', set, {}, tCtrl);
  const inhibition = (extra: Record<string, number>) => 1 - simulate('miR-146b exosomes', set, extra, tCtrl).V / ctrl.V;
  const inhDefault = inhibition({});
  const p0 = set['tx.payload_per_EV'] ?? 0.00825;
  const f0 = set['up.f_escape'] ?? 0.01;
  let extra: Record<string, number> = {};
  let gap: ScenarioCheck['gap'] | undefined;
  let ok = true;
  if (!(inhDefault >= PROTOCOL.growth_target)) {
    const found = closeGap(inhibition, PROTOCOL.growth_target, [
      { fixed: {}, param: 'tx.payload_per_EV', lo: p0, hi: MAX_LOADING },
      { fixed: { 'tx.payload_per_EV': MAX_LOADING }, param: 'up.f_escape', lo: f0, hi: 0.3 },
    ]);
    ok = found !== undefined;
    if (found) extra = found.closing;
    gap = {
      statement:
        `At ${p0} miR-146b copies per exosome (Chevillet 2014's natural loading) one intratumoural dose of ${exosomesFromMass(PROTOCOL.exosome_g).toExponential(2)} exosomes shrinks the glioma by ${(100 * inhDefault).toPrecision(2)} % at day 10 vs control exosomes. `
        + (found
          ? `An inhibition of ${100 * PROTOCOL.growth_target} % needs ${found.stage === 0
            ? `${found.closing['tx.payload_per_EV']!.toPrecision(3)} miR-146b copies per exosome (MSCs over-expressing miR-146b)`
            : `more than the maximal loading (${MAX_LOADING} copies per exosome): at that loading an escape fraction of ${found.closing['up.f_escape']!.toPrecision(3)} (default ${f0})`}.`
          : `No loading up to ${MAX_LOADING} copies per exosome with an escape fraction up to 0.3 reaches ${100 * PROTOCOL.growth_target} %.`),
      closingParameters: found ? found.closing : {},
    };
  }
  const treated = simulate('miR-146b exosomes', set, extra, tCtrl);
  const ctrlE = Object.keys(extra).length ? simulate('control exosomes', set, extra, tCtrl) : ctrl;
  const inh = 1 - treated.V / ctrlE.V;
  const checks: ScenarioCheck[] = [
    checkDirection(
      'EGFR falls in the glioma given miR-146b exosomes',
      `EGFR lower than with control exosomes (Katakowski 2013: miR-146b targets EGFR); here at least ${100 * PROTOCOL.egfr_target} % lower at ${PROTOCOL.t_EGFR} h`,
      treated.EGFR, ctrlE.EGFR, 'down', PROTOCOL.egfr_target,
      `[EGFR relative to untreated at ${PROTOCOL.t_EGFR} h, miR-146b vs control exosomes] (closing loading)`,
    ),
    {
      name: 'The glioma grows less after miR-146b exosomes',
      expected: `smaller tumour than with control exosomes (Katakowski 2013: significantly reduced glioma growth); here at least ${100 * PROTOCOL.growth_target} % smaller at day 10`,
      observed: [inhDefault, inh],
      pass: inhDefault >= PROTOCOL.growth_target || (ok && inh >= PROTOCOL.growth_target),
      detail: '[fractional inhibition 1 - V(miR-146b)/V(control) at the literature defaults, at the closing values]',
      ...(gap ? { gap } : {}),
    },
    checkDirection(
      'EGFR recovers after the single dose',
      'a single dose acts transiently (miRISC half-life 24 h): EGFR at day 10 closer to control than at its lowest',
      Math.abs(1 - valueAt(treated.res, 'T_rel', PROTOCOL.t_end)), Math.abs(1 - Math.min(...TIMES.map((t) => valueAt(treated.res, 'T_rel', t)))), 'down', 0.05,
      '[|1 - EGFR| at day 10, |1 - EGFR| at its lowest] (closing values)',
    ),
  ];
  const series: Record<string, ScenarioSeries> = {};
  for (const [c, r] of [['control exosomes', ctrlE], ['miR-146b exosomes', treated]] as const) {
    series[`EGFR/${c}`] = seriesOf(r.res, 'T_rel', c, { x: 'time after the injection (h)', y: 'EGFR (% of untreated)', scale: 100 });
    series[`volume/${c}`] = seriesOf(r.res, 'tum.V_tumour', c, { x: 'time after the injection (h)', y: 'tumour volume (mm^3)' });
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult) {
  const strip = (spec: unknown): Record<string, unknown> => {
    const { $schema: _s, background: _b, config: _c, ...rest } = spec as Record<string, unknown>;
    void _s; void _b; void _c;
    return rest;
  };
  const a = linesOf('Katakowski 2013: EGFR after one intratumoural dose (closing values)', seriesWithPrefix(result, 'EGFR', CONDS), CONDS, { height: 200 });
  const b = linesOf('glioma volume', seriesWithPrefix(result, 'volume', CONDS), CONDS, { height: 200 });
  return { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', background: 'white', config: { font: 'DejaVu Sans' }, vconcat: [strip(a), strip(b)] } as unknown as ReturnType<typeof linesOf>;
}

export const scenario: Scenario = {
  id: ID,
  title: 'Exosomes of miR-146b-expressing marrow stromal cells inhibit rat glioma growth after intratumoural injection (Katakowski 2013)',
  citation: CITATION,
  references: [
    'Chevillet JR et al. (2014) PNAS 111:14888-14893 (natural miRNA copies per exosome).',
    'Katakowski M et al. (2010) MicroRNA-146b-5p suppresses EGFR expression and reduces in vitro migration and invasion of glioma. Cancer Invest 28:1024-1030.',
  ],
  claim: 'Exosomes released by marrow stromal cells transfected with miR-146b, injected into a rat glioma, lower EGFR and significantly reduce tumour growth compared with exosomes of control cells.',
  mechanisms: ['therapy', 'endocrine', 'uptake', 'biogenesis', 'target-silencing', 'tissue'],
  protocol: [
    `9L glioma of ${PROTOCOL.V0_mm3} mm^3 at the injection; exponential growth (doubling 2 d) scaled by the EGFR level (a_growth = 0.5).`,
    `One intratumoural injection of 5 ug exosomes (${exosomesFromMass(PROTOCOL.exosome_g).toExponential(2)} exosomes) into the tumour interstitium (${0.3 * PROTOCOL.V0_mm3} uL); interstitial exosomes are taken up by glioma cells or drain into blood (endocrine k_entry).`,
    'Conditions: control MSC exosomes (no miR-146b), miR-146b MSC exosomes.',
    `Read-outs: EGFR (% of untreated) at ${PROTOCOL.t_EGFR} h and over time, tumour volume over 10 days.`,
    `Gap analysis: the miR-146b loading per exosome (then the escape fraction) at which the glioma is ${100 * PROTOCOL.growth_target} % smaller at day 10.`,
  ],
  keyParameters: ['tx.payload_per_EV', 'up.f_escape', 'tx.dose', 'a_growth', 'endo.k_entry', 'tgt.t_half_protein'],
  model: buildModel,
  run,
  plot,
};
