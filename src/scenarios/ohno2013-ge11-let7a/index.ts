/**
 * ohno2013-ge11-let7a (Ohno et al. 2013, Mol Ther 21:185): exosomes displaying the EGFR-binding GE11 peptide and
 * carrying let-7a, injected i.v. once a week into RAG2-/- mice with EGFR-positive HCC70 breast cancer xenografts,
 * reach the tumour better than untargeted exosomes and inhibit its growth.
 *
 * Model: src/mechanisms/therapy/scenario-kit.ts buildMimicTumourModel (therapy mimic i.v. -> endocrine plasma PK and
 * tumour capture, raised by the GE11 factor of the uptake mechanism -> uptake into tumour cells -> let-7a miRISC
 * (biogenesis, endogenous let-7a) -> HMGA2 (target-silencing) -> tumour growth factor (tissue, exponential)).
 */
import { ORGAN_SHARES_4H } from '../../mechanisms/endocrine/index.js';
import { LIGANDS } from '../../mechanisms/uptake/index.js';
import { closeGap, buildMimicTumourModel, exosomesFromMass, groupedBars, linesOf, pointSeries, seriesWithPrefix, type Bar } from '../../mechanisms/therapy/scenario-kit.js';
import type { ModelDoc, ParameterDoc } from '../../model/types.js';
import { compileDoc, runCondition, seriesOf, valueAt, checkDirection } from '../support.js';
import type { CompiledModel } from '../../compile/types.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';

const ID = 'ohno2013-ge11-let7a';
const CITATION = 'Ohno S, Takanashi M, Sudo K, Ueda S, Ishikawa A, Matsuyama N, Fujita K, Mizutani T, Ohgi T, Ochiya T, Gotoh N, Kuroda M (2013) Systemically injected exosomes targeted to EGFR deliver antitumor microRNA to breast cancer cells. Mol Ther 21:185-191. doi:10.1038/mt.2012.180';

const PROTOCOL = {
  exosome_g: 1e-6, // 1 ug exosomes per injection (R)
  n_doses: 4,
  interval_h: 168, // once a week
  t_end: 672, // 4 weeks
  t_uptake: 24, // h: tumour uptake read-out after the first dose
  growth_target: 0.3, // 'tumour growth inhibited': GE11 tumours at least 30 % smaller than PBS at 4 weeks
  V0_mm3: 50, // tumour volume at the first injection
};
const V_CELL_UM3 = 2000;
/** Upper end of the therapy module's loading range: a 100-nm lumen (3.8e-19 L) packed with RNA duplexes. */
const MAX_LOADING = 1e4; // tissue mechanism default V_cell (BioNumbers HeLa, parameters.md §1.2)

type Cond = 'PBS' | 'untargeted let-7a exosomes' | 'GE11 let-7a exosomes';
const CONDS: Cond[] = ['PBS', 'untargeted let-7a exosomes', 'GE11 let-7a exosomes'];

const P = (id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: 'high' | 'medium' | 'low', note?: string): ParameterDoc =>
  ({ id, value, unit, range, description, source: { citation, tag, ...(note ? { note } : {}) }, confidence });

function buildModel(): ModelDoc {
  const ts = ORGAN_SHARES_4H.tumour;
  return buildMimicTumourModel({
    id: 'ohno2013_ge11_let7a',
    name: 'GE11-targeted let-7a exosomes against EGFR-positive breast cancer xenografts (Ohno 2013)',
    route: 'iv',
    ligand: 'GE11',
    miRNA: 'let-7a',
    target: 'HMGA2',
    endogenousCopies: 10,
    dose: P('dose', exosomesFromMass(PROTOCOL.exosome_g), 'exosome', [1e8, 1e12], 'exosomes per injection', 'Ohno 2013 protocol (1 ug exosomes per injection, recalled) converted at 6e-16 g per exosome (parameters.md §1.1, D)', 'D', 'low'),
    nDoses: PROTOCOL.n_doses,
    interval_h: PROTOCOL.interval_h,
    N0: P('N0', (PROTOCOL.V0_mm3 * 1e9) / V_CELL_UM3, 'cell', [1e6, 1e9], 'tumour cells at the first injection', `protocol choice: ${PROTOCOL.V0_mm3} mm^3 xenograft / 2000 um^3 per cell`, 'D', 'low'),
    growthRate: P('r', Math.LN2 / 10, '1/d', [0.02, 0.5], 'net growth rate of HCC70 xenografts', 'recalled order of magnitude (xenograft volume doubling ~10 d); not in parameters.md', 'R', 'low'),
    isf_mL: 0.3 * PROTOCOL.V0_mm3 * 1e-3,
    plasma_mL: 1,
    tumourShare: P('share_tumour_untargeted', ts.value, 'dimensionless', ts.range, 'percent of an i.v. dose of untargeted exosomes captured by the tumour at 4 h', ts.citation, ts.tag, ts.confidence, ts.note),
  });
}

let cache: CompiledModel | undefined;
const compiled = (): CompiledModel => (cache ??= compileDoc(buildModel()));
const T_WARM = 20000; // h of warm-up: the miRISC bound to the target turns over slowly (titration), ~1e3-h time scale
const TIMES = Array.from({ length: 29 }, (_, i) => i * 24); // daily, 0..672 h

function force(c: Cond): Record<string, number> {
  if (c === 'PBS') return { 'tx.dose': 0 };
  if (c === 'untargeted let-7a exosomes') return { 'up.ligand_gain': 1 };
  return {};
}

function simulate(c: Cond, set: Record<string, number>, extra: Record<string, number>, tCtrl: number) {
  const res = runCondition(compiled(), { tStart: -T_WARM, tEnd: PROTOCOL.t_end, times: TIMES, overrides: { T_ctrl: tCtrl }, set: { ...set, ...extra, ...force(c) } });
  return {
    res,
    V: valueAt(res, 'tum.V_tumour', PROTOCOL.t_end),
    uptake: valueAt(res, 'up.EV_taken', PROTOCOL.t_uptake),
    delivered: valueAt(res, 'up.miR_delivered', PROTOCOL.t_uptake),
    HMGA2min: Math.min(...TIMES.map((t) => valueAt(res, 'T_rel', t))),
  };
}

/** HMGA2 of untreated tumour cells at the start (warm-up without exosomes). */
function controlTarget(set: Record<string, number>): number {
  const res = runCondition(compiled(), { tStart: -T_WARM, tEnd: 0, times: [0], set: { ...set, 'tx.dose': 0 } });
  return valueAt(res, 'T', 0);
}

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set;
  const tCtrl = controlTarget(set);
  const pbs = simulate('PBS', set, {}, tCtrl);
  const inhibition = (extra: Record<string, number>) => 1 - simulate('GE11 let-7a exosomes', set, extra, tCtrl).V / pbs.V;
  const inhDefault = inhibition({});
  const p0 = set['tx.payload_per_EV'] ?? 0.00825;
  const f0 = set['up.f_escape'] ?? 0.01;
  let extra: Record<string, number> = {};
  let gap: ScenarioCheck['gap'] | undefined;
  let ok = true;
  if (!(inhDefault >= PROTOCOL.growth_target)) {
    // 1) the loading alone, up to the therapy module's range limit (a 100-nm lumen packed with duplexes);
    // 2) at that limit, the escape fraction within its range (parameters.md §5: 1e-4-0.3)
    const found = closeGap(inhibition, PROTOCOL.growth_target, [
      { fixed: {}, param: 'tx.payload_per_EV', lo: p0, hi: MAX_LOADING },
      { fixed: { 'tx.payload_per_EV': MAX_LOADING }, param: 'up.f_escape', lo: f0, hi: 0.3 },
    ]);
    ok = found !== undefined;
    if (found) extra = found.closing;
    gap = {
      statement:
        `At ${p0} let-7a copies per exosome (Chevillet 2014's natural loading) ${PROTOCOL.n_doses} weekly doses of ${exosomesFromMass(PROTOCOL.exosome_g).toExponential(2)} GE11 exosomes shrink the tumour by ${(100 * inhDefault).toPrecision(2)} % vs PBS. `
        + (found
          ? `An inhibition of ${100 * PROTOCOL.growth_target} % needs ${found.stage === 0
            ? `${found.closing['tx.payload_per_EV']!.toPrecision(3)} let-7a copies per exosome (donor cells over-expressing let-7a)`
            : `more than the maximal loading (${MAX_LOADING} copies per exosome, a packed lumen): at that loading an escape fraction of ${found.closing['up.f_escape']!.toPrecision(3)} (default ${f0})`}.`
          : `No loading up to ${MAX_LOADING} copies per exosome with an escape fraction up to 0.3 reaches ${100 * PROTOCOL.growth_target} %.`),
      closingParameters: found ? found.closing : {},
    };
  }
  const runs = new Map<Cond, ReturnType<typeof simulate>>();
  runs.set('PBS', pbs);
  for (const c of CONDS.slice(1)) runs.set(c, simulate(c, set, extra, tCtrl));
  const ge11 = runs.get('GE11 let-7a exosomes')!, untargeted = runs.get('untargeted let-7a exosomes')!;
  const inh = (x: { V: number }) => 1 - x.V / pbs.V;

  const checks: ScenarioCheck[] = [
    checkDirection(
      'GE11 exosomes are taken up more by the EGFR-positive tumour',
      'more exosomes (and let-7a) reach HCC70 tumour cells with GE11 than without (Ohno 2013)',
      ge11.uptake, untargeted.uptake, 'up', 0.5,
      `[exosomes taken up per tumour cell within ${PROTOCOL.t_uptake} h of the first dose, GE11 vs untargeted]; GE11 factor ${LIGANDS.GE11.gain} (uptake mechanism, recalled)`,
    ),
    {
      name: 'GE11 let-7a exosomes inhibit tumour growth (vs PBS)',
      expected: `smaller tumours than with PBS after 4 weekly i.v. doses (Ohno 2013); here at least ${100 * PROTOCOL.growth_target} % smaller at 4 weeks`,
      observed: [inhDefault, inh(ge11)],
      pass: inhDefault >= PROTOCOL.growth_target || (ok && inh(ge11) >= PROTOCOL.growth_target),
      detail: '[fractional inhibition 1 - V(GE11)/V(PBS) at the literature defaults, at the closing loading]',
      ...(gap ? { gap } : {}),
    },
    checkDirection(
      'Untargeted let-7a exosomes inhibit growth less than GE11 exosomes',
      'growth inhibited vs untargeted exosomes (Ohno 2013: targeting needed)',
      inh(untargeted), inh(ge11), 'down', 0.2,
      '[inhibition vs PBS at 4 weeks: untargeted, GE11] (closing loading)',
    ),
    checkDirection(
      'let-7a represses HMGA2 in the tumour (GE11)',
      'let-7a reduces RAS/HMGA2 (Ohno 2013 introduction)',
      ge11.HMGA2min, 1, 'down', 0.05,
      '[lowest HMGA2 relative to untreated over the 4 weeks, untreated = 1] (closing loading)',
    ),
  ];

  const series: Record<string, ScenarioSeries> = {};
  for (const c of CONDS) {
    const r = runs.get(c)!;
    series[`volume/${c}`] = seriesOf(r.res, 'tum.V_tumour', c, { x: 'time after the first injection (h)', y: 'tumour volume (mm^3)' });
    series[`HMGA2/${c}`] = seriesOf(r.res, 'T_rel', c, { x: 'time after the first injection (h)', y: 'HMGA2 (% of untreated)', scale: 100 });
    series[`uptake/${c}`] = pointSeries(PROTOCOL.t_uptake, r.uptake, 'time after the first injection (h)', 'exosomes taken up per tumour cell (exosome)', c);
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult) {
  const lines = linesOf('Ohno 2013: tumour volume, weekly i.v. let-7a exosomes (closing loading)', seriesWithPrefix(result, 'volume', CONDS), CONDS, { width: 560, height: 260 });
  const bars: Bar[] = CONDS.map((c) => ({ group: `tumour uptake in ${PROTOCOL.t_uptake} h`, condition: c, value: result.series[`uptake/${c}`]?.y[0] ?? 0 }));
  const b = groupedBars('', 'exosomes taken up per tumour cell', bars, CONDS, [`tumour uptake in ${PROTOCOL.t_uptake} h`]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    background: 'white',
    config: { font: 'DejaVu Sans' },
    vconcat: [stripTop(lines), stripTop(b)],
  } as unknown as ReturnType<typeof groupedBars>;
}

/** A sub-spec for vconcat: without the top-level keys ($schema, background, config). */
function stripTop(spec: ReturnType<typeof groupedBars>): Record<string, unknown> {
  const { $schema: _s, background: _b, config: _c, ...rest } = spec as unknown as Record<string, unknown>;
  void _s; void _b; void _c;
  return rest;
}

export const scenario: Scenario = {
  id: ID,
  title: 'GE11-targeted exosomes deliver let-7a to EGFR-positive breast cancer xenografts after i.v. injection (Ohno 2013)',
  citation: CITATION,
  references: [
    'Wilhelm S et al. (2016) Analysis of nanoparticle delivery to tumours. Nat Rev Mater 1:16014 (0.7 % of an i.v. dose reaches a tumour).',
    'Morishita M et al. (2015) J Pharm Sci 104:705-713 (organ shares of i.v. exosomes).',
    'Chevillet JR et al. (2014) PNAS 111:14888-14893 (natural miRNA copies per exosome).',
  ],
  claim: 'Exosomes displaying the EGFR-binding GE11 peptide deliver let-7a to EGFR-expressing breast cancer xenografts after intravenous injection and inhibit tumour growth, better than untargeted exosomes.',
  mechanisms: ['therapy', 'endocrine', 'uptake', 'biogenesis', 'target-silencing', 'tissue'],
  protocol: [
    `HCC70 xenograft of ${PROTOCOL.V0_mm3} mm^3 at the first injection; exponential growth (doubling 10 d) scaled by the HMGA2 level (a_growth = 0.5).`,
    `${PROTOCOL.n_doses} i.v. doses of 1 ug exosomes (${exosomesFromMass(PROTOCOL.exosome_g).toExponential(2)} exosomes), once a week; tumour volume read at 4 weeks.`,
    'Conditions: PBS, untargeted let-7a exosomes, GE11 let-7a exosomes (GE11 raises tumour capture and tumour-cell uptake by the uptake mechanism\'s GE11 factor).',
    `Endogenous let-7a miRISC ~1e3 copies per tumour cell (low in breast cancer), at steady state after a ${T_WARM}-h warm-up.`,
    `Gap analysis: the let-7a loading per exosome at which GE11 exosomes inhibit growth by ${100 * PROTOCOL.growth_target} %.`,
  ],
  keyParameters: ['tx.payload_per_EV', 'up.f_escape', 'up.ligand_gain', 'share_tumour_untargeted', 'a_growth', 'tx.dose'],
  model: buildModel,
  run,
  plot,
};
