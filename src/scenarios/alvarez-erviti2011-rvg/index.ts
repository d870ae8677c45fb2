/**
 * alvarez-erviti2011-rvg (Alvarez-Erviti et al. 2011, Nat Biotechnol 29:341): dendritic-cell exosomes displaying
 * RVG-Lamp2b, electroporated with an siRNA against BACE1 and injected i.v. into mice, knock BACE1 down in the brain
 * (60 % mRNA, 62 % protein) and not in other tissues; unmodified exosomes do not reach the brain.
 *
 * Model (one mouse, time in h, counts per organ pool and per cell), composed from the mechanism modules:
 *   tx        therapy (siRNA, iv, RVG)  the i.v. dose into plasma; siRNA action in brain cells
 *   tx_<t>    therapy (siRNA, dosing off)  the siRNA action in the cells of tissue t (liver, spleen, kidney, muscle)
 *   endo      endocrine               plasma two-phase PK and organ capture (brain, liver, spleen fitted to 4-h shares)
 *   up_<t>    uptake (RVG)            the cells of tissue t take the captured exosomes up; endosomal escape
 *   bace_<t>  target-silencing        BACE1 mRNA turnover in tissue t (no miRNA bound: the siRNA slices it)
 * Scenario terms: kidney and muscle capture from plasma (k_t = share_t / 100 / AUC(4 h), the endocrine fit), and
 * resident phagocytes (Kupffer cells, splenic macrophages, ...) that compete with the parenchymal cells for the
 * exosomes captured by an organ: EV_t -> 0 at k_phago_t = N_t k_up,t / V_t (1 - f_par_t) / f_par_t, so that a
 * fraction f_par_t of the captured exosomes reaches the BACE1-expressing cells.
 * RVG: the brain's capture share is raised by the uptake mechanism's RVG ligand factor (ligand_gain), brain cells
 * carry the receptor (receptor = 1), other tissues not (receptor = 0).
 */
import { mechanism as endocrine, ORGAN_SHARES_4H } from '../../mechanisms/endocrine/index.js';
import { mechanism as uptake, LIGANDS } from '../../mechanisms/uptake/index.js';
import { mechanism as targetSilencing } from '../../mechanisms/target-silencing/index.js';
import { mechanism as therapy, uptakeOptions } from '../../mechanisms/therapy/index.js';
import { bisectLog } from '../../analysis/bisect.js';
import { exosomesFromMass, groupedBars, pointSeries, type Bar } from '../../mechanisms/therapy/scenario-kit.js';
import type { InstanceDoc, ModelDoc, ParameterDoc, ReactionDoc, SpeciesDoc } from '../../model/types.js';
import { compileDoc, runCondition, seriesOf, valueAt } from '../support.js';
import type { CompiledModel } from '../../compile/types.js';
import type { Scenario, ScenarioCheck, ScenarioResult, ScenarioSeries } from '../types.js';
import { EXOSIM_VERSION } from '../../version.js';

const ID = 'alvarez-erviti2011-rvg';
const CITATION = 'Alvarez-Erviti L, Seow Y, Yin H, Betts C, Lakhal S, Wood MJA (2011) Delivery of siRNA to the mouse brain by systemic injection of targeted exosomes. Nat Biotechnol 29:341-345. doi:10.1038/nbt.1807';

const TISSUES = ['brain', 'liver', 'spleen', 'kidney', 'muscle'] as const;
type Tissue = (typeof TISSUES)[number];
const OFF_TARGET: Tissue[] = ['liver', 'spleen', 'kidney', 'muscle'];
const ENDO_ORGANS: Tissue[] = ['brain', 'liver', 'spleen'];

/** Protocol and read-out (the paper's numbers where it gives them). */
const PROTOCOL = {
  exosome_protein_g: 150e-6, // 150 ug exosomes per injection (R: Alvarez-Erviti 2011 methods)
  siRNA_g: 150e-6, // 150 ug siRNA electroporated into them (R)
  siRNA_g_per_mol: 13300, // 21-nt siRNA duplex
  t_read: 72, // h: knock-down read 3 days after the injection (R)
  kd_brain: 0.6, // 60 % BACE1 mRNA knock-down in brain (S: PubMed abstract of the paper)
  kd_none: 0.15, // 'no knock-down': below 15 % (smaller than a group comparison of n ~ 5 mice resolves)
};
const DOSE = exosomesFromMass(PROTOCOL.exosome_protein_g); // 2.5e11 exosomes (lower bound, parameters.md §1.1 D)
/** All the siRNA inside the exosomes: the protocol's upper bound of the loading (copies per exosome). */
const MAX_LOADING = (PROTOCOL.siRNA_g / PROTOCOL.siRNA_g_per_mol) * 6.02214076e23 / DOSE;

type Conditions = 'RVG exosomes' | 'unmodified exosomes' | 'no exosomes';
const CONDS: Conditions[] = ['RVG exosomes', 'unmodified exosomes', 'no exosomes'];

/** Tissue data of a 25-g mouse (recalled; low confidence): organ mass (g) and parenchymal cells (BACE1-expressing). */
const TISSUE_DATA: Record<Tissue, { mass: number; cells: number; cite: string }> = {
  brain: { mass: 0.45, cells: 1e8, cite: 'Herculano-Houzel S et al. (2006) PNAS 103:12138 (mouse brain ~7e7 neurons, ~1e8 cells)' },
  liver: { mass: 1.3, cells: 1.4e8, cite: 'hepatocellularity ~1.1e8 hepatocytes/g liver (Sohlenius-Sternbeck 2006 Toxicol In Vitro 20:1582) x 1.3 g' },
  spleen: { mass: 0.1, cells: 1e8, cite: 'mouse spleen ~1e8 splenocytes (standard immunology yield)' },
  kidney: { mass: 0.4, cells: 4e7, cite: 'order of magnitude 1e8 cells/g tissue x 0.4 g (both kidneys)' },
  muscle: { mass: 10, cells: 1e9, cite: 'order of magnitude 1e8 nuclei/g x 10 g skeletal muscle (Davies & Morris 1993 Pharm Res 10:1093, muscle ~40 % of body mass)' },
};
/** Kidney and muscle are not organs of the endocrine module: their 4-h capture shares (% of dose; recalled). */
const EXTRA_SHARES: Record<'kidney' | 'muscle', number> = { kidney: 2, muscle: 2 };

const R = (id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: string, confidence: 'high' | 'medium' | 'low', note?: string): ParameterDoc =>
  ({ id, value, unit, range, description, source: { citation, tag, ...(note ? { note } : {}) }, confidence });

function buildModel(): ModelDoc {
  const ligand = 'RVG';
  const mods = [
    therapy.module({ payload: 'siRNA', route: 'iv', ligand }),
    { ...therapy.module({ payload: 'siRNA', dosing: 'off' }), id: 'therapy_cell' },
    endocrine.module({ cargo: 'on' }),
    uptake.module(uptakeOptions({ ligand })),
    targetSilencing.module(),
  ];
  const sp = (id: string, compartment: string, unit: string, description: string): SpeciesDoc => ({ id, compartment, initialAmount: 0, unit, hasOnlySubstanceUnits: true, description });
  const species: SpeciesDoc[] = [
    sp('EV', 'plasma', 'exosome', 'engineered exosomes in plasma'),
    sp('EV_si', 'plasma', 'molecule', 'siRNA copies carried by the plasma exosomes'),
  ];
  const parameters: ParameterDoc[] = [];
  const reactions: ReactionDoc[] = [];
  const instances: InstanceDoc[] = [
    { id: 'tx', module: 'therapy', bind: { medium: 'plasma', cell: 'cell_brain', EV: 'EV', EV_payload: 'EV_si', payload: 'si_brain', mRNA: 'BACE1_brain' }, set: { dose: DOSE } },
  ];
  const endoBind: Record<string, string> = { medium: 'plasma', EV: 'EV', EV_miR: 'EV_si' };
  const initialAssignments: { symbol: string; formula: string }[] = [];
  const compartments = [{ id: 'plasma', size: 1, unit: 'mL', description: 'mouse plasma (endocrine mechanism default ~1 mL)' }];
  for (const t of TISSUES) {
    const d = TISSUE_DATA[t];
    compartments.push(
      { id: `isf_${t}`, size: 0.2 * d.mass, unit: 'mL', description: `interstitial fluid of the ${t} (0.2 mL/g x ${d.mass} g; R)` },
      { id: `cell_${t}`, size: 1.4, unit: 'pL', description: `cytoplasm of one ${t} cell` },
    );
    species.push(
      sp(`EV_${t}`, `isf_${t}`, 'exosome', `exosomes captured by the ${t}, not yet internalised`),
      sp(`si_EV_${t}`, `isf_${t}`, 'molecule', `siRNA in exosomes captured by the ${t}`),
      sp(`si_${t}`, `cell_${t}`, 'molecule', `siRNA delivered to the cytosol of one ${t} cell`),
      sp(`BACE1_${t}`, `cell_${t}`, 'molecule', `BACE1 mRNA per ${t} cell`),
      sp(`noRISC_${t}`, `cell_${t}`, 'molecule', 'no miRNA acts on BACE1 here (empty miRISC pool of the target-silencing instance)'),
    );
    parameters.push(
      R(`N_${t}`, d.cells, 'dimensionless', [d.cells / 10, d.cells * 10], `BACE1-expressing (parenchymal) cells of the ${t}`, `${d.cite}; not in parameters.md`, 'R', 'low'),
      R(`f_par_${t}`, 1, 'dimensionless', [1e-4, 1], `fraction of the exosomes captured by the ${t} that its parenchymal cells internalise (the rest: resident phagocytes)`,
        'default 1 (no phagocyte competition); macrophages dominate exosome clearance (Imai et al. 2015 J Extracell Vesicles 4:26238, macrophage-depleted mice, parameters.md §1.5): the scenario finds the value the data imply', 'D', 'low'),
      { id: `k_phago_${t}`, unit: '1/h', description: `clearance of captured exosomes by resident phagocytes of the ${t} (initial assignment from f_par_${t})` },
    );
    initialAssignments.push({ symbol: `k_phago_${t}`, formula: `N_${t} * up_${t}.k_up / isf_${t} * (1 - f_par_${t}) / f_par_${t}` });
    reactions.push(
      { id: `phago_${t}`, name: `resident phagocytes of the ${t} take captured exosomes`, equation: `EV_${t} ->`, rate: `k_phago_${t} * EV_${t}` },
      { id: `phago_si_${t}`, name: `siRNA in them is degraded`, equation: `si_EV_${t} ->`, rate: `k_phago_${t} * si_EV_${t}` },
    );
    if (ENDO_ORGANS.includes(t)) {
      endoBind[`EV_${t}`] = `EV_${t}`;
      endoBind[`EV_miR_${t}`] = `si_EV_${t}`;
    } else {
      const e = t as 'kidney' | 'muscle';
      parameters.push(
        R(`share_${t}`, EXTRA_SHARES[e], 'dimensionless', [0.1, 10], `percent of an i.v. exosome dose captured by the ${t} at 4 h`,
          'Wiklander et al. 2015 J Extracell Vesicles 4:26316 (kidney and muscle take up little of an i.v. EV dose; parameters.md §1.5 names liver, spleen, lung as the main organs); value recalled', 'R', 'low'),
        { id: `k_${t}`, unit: '1/h', description: `capture rate constant of the ${t} from plasma, share/100/AUC(4 h) as the endocrine fit (initial assignment)` },
      );
      initialAssignments.push({ symbol: `k_${t}`, formula: `share_${t} / 100 / endo.AUC_ref` });
      reactions.push(
        { id: `capture_${t}`, name: `plasma exosomes captured by the ${t}`, equation: `EV -> EV_${t}`, rate: `k_${t} * EV` },
        { id: `capture_si_${t}`, name: `their siRNA`, equation: `EV_si -> si_EV_${t}`, rate: `k_${t} * EV_si` },
      );
    }
    instances.push(
      { id: `up_${t}`, module: 'uptake', bind: { medium: `isf_${t}`, cell: `cell_${t}`, EV: `EV_${t}`, EV_miR: `si_EV_${t}`, miR: `si_${t}`, N_cells: `N_${t}` }, set: { receptor: t === 'brain' ? 1 : 0 } },
      { id: `bace_${t}`, module: 'target_silencing', bind: { cell: `cell_${t}`, miRISC: `noRISC_${t}`, mRNA: `BACE1_${t}` } },
    );
    if (t !== 'brain') instances.push({ id: `tx_${t}`, module: 'therapy_cell', bind: { cell: `cell_${t}`, payload: `si_${t}`, mRNA: `BACE1_${t}` } });
  }
  // RVG: the brain's capture share rises by the uptake mechanism's ligand factor for receptor-bearing brain cells,
  // share_brain = share_brain_untargeted (1 + (ligand_gain - 1) receptor) (the uptake module's k_up factor)
  instances.push({ id: 'endo', module: 'endocrine', bind: endoBind });
  const b = ORGAN_SHARES_4H.brain;
  parameters.push(R('share_brain_untargeted', b.value, 'dimensionless', b.range, 'percent of an i.v. dose of untargeted exosomes captured by the brain at 4 h', b.citation, b.tag, b.confidence, b.note));
  initialAssignments.push({ symbol: 'endo.share_brain', formula: 'share_brain_untargeted * (1 + (up_brain.ligand_gain - 1) * up_brain.receptor)' });
  return {
    exosim: '1',
    id: 'alvarez_erviti2011_rvg',
    name: 'RVG-targeted exosomes deliver BACE1 siRNA to the mouse brain (Alvarez-Erviti 2011)',
    units: { time: 'h', substance: 'molecule', volume: 'pL' },
    modules: mods,
    compartments,
    species,
    parameters,
    initialAssignments,
    reactions,
    instances,
    observables: TISSUES.map((t) => ({ id: `BACE1_rel_${t}`, name: `BACE1 mRNA in the ${t} relative to untreated`, formula: `BACE1_${t} / bace_${t}.mRNA_0`, unit: 'dimensionless' })),
  };
}

let cache: CompiledModel | undefined;
const compiled = (): CompiledModel => (cache ??= compileDoc(buildModel()));

const TIMES = Array.from({ length: 19 }, (_, i) => i * 4); // 0..72 h

/** What defines a condition (applied after the user's --set). */
function force(c: Conditions): Record<string, number> {
  if (c === 'no exosomes') return { 'tx.dose': 0 };
  if (c === 'unmodified exosomes') {
    // no ligand: untargeted uptake everywhere, and the brain captures share_brain_untargeted
    const o: Record<string, number> = {};
    for (const t of TISSUES) o[`up_${t}.ligand_gain`] = 1;
    return o;
  }
  return {};
}

function simulate(c: Conditions, set: Record<string, number>, extra: Record<string, number>) {
  const res = runCondition(compiled(), { tEnd: PROTOCOL.t_read, times: TIMES, set: { ...set, ...extra, ...force(c) } });
  const kd = Object.fromEntries(TISSUES.map((t) => [t, 1 - valueAt(res, `BACE1_rel_${t}`, PROTOCOL.t_read)])) as Record<Tissue, number>;
  return { res, kd };
}

async function run(opts: { set: Record<string, number>; seed: number }): Promise<ScenarioResult> {
  const set = opts.set;
  const checks: ScenarioCheck[] = [];
  const def = simulate('RVG exosomes', set, {});
  const p0 = set['tx.payload_per_EV'] ?? 0.00825;
  const g0 = set['up_brain.ligand_gain'] ?? LIGANDS.RVG.gain;
  /** The loading that gives the reported brain knock-down with RVG exosomes (given `base` values). */
  const fitLoading = (base: Record<string, number>) =>
    bisectLog((p) => simulate('RVG exosomes', set, { ...base, 'tx.payload_per_EV': p }).kd.brain, p0, 10 * MAX_LOADING, PROTOCOL.kd_brain, { iterations: 30 });

  // Gap 1: the loading that gives the reported 60 % brain knock-down.
  let extra: Record<string, number> = {};
  let gap1: ScenarioCheck['gap'] | undefined;
  let ok1 = true;
  let pStar = p0;
  if (!(def.kd.brain >= PROTOCOL.kd_brain)) {
    pStar = fitLoading({});
    ok1 = Number.isFinite(pStar) && pStar <= MAX_LOADING;
    if (Number.isFinite(pStar)) extra = { 'tx.payload_per_EV': pStar };
    gap1 = {
      statement:
        `At ${p0} siRNA copies per exosome (Chevillet 2014's natural loading) the brain knock-down is ${(100 * def.kd.brain).toPrecision(2)} %. `
        + `The reported 60 % needs ${Number.isFinite(pStar) ? pStar.toPrecision(3) : '(not found)'} copies per exosome, `
        + `${Number.isFinite(pStar) && pStar <= MAX_LOADING ? 'within' : 'ABOVE'} the protocol's maximum of ${MAX_LOADING.toPrecision(3)} (150 ug siRNA in ${DOSE.toExponential(2)} exosomes; ${Number.isFinite(pStar) ? (100 * pStar / MAX_LOADING).toPrecision(2) : '?'} % of it loaded).`,
      closingParameters: Number.isFinite(pStar) ? { 'tx.payload_per_EV': pStar } : {},
    };
  }

  // Gap 3: unmodified exosomes must give no brain knock-down at the loading that gives 60 % with RVG. The
  // unmodified knock-down falls as the RVG factor rises (the loading is refitted each time); estimate the factor
  // from KD/(1 - KD) ~ delivered siRISC (proportional to the brain share), then refit and verify.
  const odds = (kd: number) => kd / (1 - kd);
  let unmodKd = simulate('unmodified exosomes', set, extra).kd.brain;
  const unmodDefault = unmodKd;
  let gStar = g0;
  let gap3: ScenarioCheck['gap'] | undefined;
  let ok3 = unmodKd <= PROTOCOL.kd_none;
  for (let round = 0; round < 3 && !ok3 && ok1; round++) {
    gStar = gStar * odds(unmodKd) / odds(0.95 * PROTOCOL.kd_none);
    const gains = Object.fromEntries(TISSUES.map((t) => [`up_${t}.ligand_gain`, gStar]));
    const p = fitLoading(gains);
    if (!Number.isFinite(p)) break;
    pStar = p;
    extra = { ...gains, 'tx.payload_per_EV': p };
    unmodKd = simulate('unmodified exosomes', set, extra).kd.brain;
    ok3 = unmodKd <= PROTOCOL.kd_none;
  }
  if (gStar !== g0) {
    const r = LIGANDS.RVG.range;
    gap3 = {
      statement:
        `With the uptake mechanism's RVG factor ${g0} (recalled; range ${r[0]}-${r[1]}) unmodified exosomes, at the loading that gives 60 % with RVG, knock brain BACE1 down by ${(100 * unmodDefault).toPrecision(2)} %. `
        + `The paper's null result needs RVG to raise brain capture at least ${gStar.toPrecision(3)}-fold (${gStar >= r[0] && gStar <= r[1] ? 'inside' : 'OUTSIDE'} that range); the loading is then ${pStar.toPrecision(3)} copies per exosome.`,
      closingParameters: { 'up_brain.ligand_gain': gStar, 'tx.payload_per_EV': pStar },
    };
    ok3 = ok3 && gStar <= r[1];
  }

  // Gap 2: at that loading, how much of each off-target organ's capture must go to resident phagocytes? The organs
  // do not feed back on the plasma, so one bisection (on log f_par) runs for all of them at once.
  const rvg0 = simulate('RVG exosomes', set, extra);
  const before: Record<string, number> = {};
  for (const t of OFF_TARGET) before[t] = rvg0.kd[t];
  const open = OFF_TARGET.filter((t) => rvg0.kd[t] > PROTOCOL.kd_none);
  const lo: Record<string, number> = {}, hi: Record<string, number> = {};
  for (const t of open) { lo[t] = -6; hi[t] = Math.log10(set[`f_par_${t}`] ?? 1); }
  for (let i = 0; i < 24 && open.length; i++) {
    const trial = Object.fromEntries(open.map((t) => [`f_par_${t}`, 10 ** ((lo[t]! + hi[t]!) / 2)]));
    const r = simulate('RVG exosomes', set, { ...extra, ...trial });
    for (const t of open) {
      const m = (lo[t]! + hi[t]!) / 2;
      if (r.kd[t] > PROTOCOL.kd_none) hi[t] = m; else lo[t] = m;
    }
  }
  const closing2: Record<string, number> = Object.fromEntries(open.map((t) => [`f_par_${t}`, 10 ** lo[t]!]));
  extra = { ...extra, ...closing2 };
  const runs = new Map<Conditions, ReturnType<typeof simulate>>();
  for (const c of CONDS) runs.set(c, simulate(c, set, extra));
  const rvg = runs.get('RVG exosomes')!, unmod = runs.get('unmodified exosomes')!;
  const ok2 = OFF_TARGET.every((t) => rvg.kd[t] <= PROTOCOL.kd_none) && open.every((t) => lo[t]! > -6);

  checks.push({
    name: 'RVG exosomes knock BACE1 mRNA down by 60 % in the brain',
    expected: 'BACE1 mRNA knock-down in brain 60 % (Alvarez-Erviti 2011 abstract: mRNA 60 %, protein 62 %)',
    observed: [def.kd.brain, rvg.kd.brain],
    pass: ok1 && Math.abs(rvg.kd.brain - PROTOCOL.kd_brain) < 0.01,
    detail: `[brain knock-down at the natural loading, at the closing loading], ${PROTOCOL.t_read} h after one i.v. dose of ${DOSE.toExponential(2)} exosomes`,
    ...(gap1 ? { gap: gap1 } : {}),
  });
  checks.push({
    name: 'No knock-down in liver, spleen, kidney and muscle (RVG exosomes)',
    expected: `knock-down below ${100 * PROTOCOL.kd_none} % in other tissues (Alvarez-Erviti 2011: non-specific uptake in other tissues was not observed)`,
    observed: OFF_TARGET.map((t) => rvg.kd[t]),
    pass: ok2,
    detail: `knock-down in ${OFF_TARGET.join(', ')} at ${PROTOCOL.t_read} h (closing loading${Object.keys(closing2).length ? ' and phagocyte shares' : ''}); with every captured exosome reaching parenchymal cells: ${OFF_TARGET.map((t) => `${t} ${(100 * before[t]!).toPrecision(2)} %`).join(', ')}`,
    ...(Object.keys(closing2).length
      ? {
          gap: {
            statement:
              `If every exosome an organ captures reached its BACE1-expressing cells, the loading that gives 60 % in brain would also knock BACE1 down in ${OFF_TARGET.filter((t) => before[t]! > PROTOCOL.kd_none).map((t) => `${t} (${(100 * before[t]!).toPrecision(2)} %)`).join(', ')}: `
              + 'the liver and spleen capture 28 % and 1.6 % of the dose (Morishita 2015). The reported absence needs resident phagocytes (Kupffer cells, splenic macrophages; Imai 2015) to take all but '
              + `${Object.entries(closing2).map(([k, v]) => `${(100 * v).toPrecision(2)} % (${k.replace('f_par_', '')})`).join(', ')} of the captured exosomes.`,
            closingParameters: closing2,
          },
        }
      : {}),
  });
  checks.push({
    name: 'Unmodified exosomes give no brain knock-down',
    expected: `brain knock-down below ${100 * PROTOCOL.kd_none} % with exosomes without RVG (Alvarez-Erviti 2011: targeting needed)`,
    observed: [unmodDefault, unmod.kd.brain],
    pass: ok3 && unmod.kd.brain <= PROTOCOL.kd_none,
    detail: `[brain knock-down with unmodified exosomes at ${PROTOCOL.t_read} h with the default RVG factor, after the gap analysis]; same loading as the RVG exosomes; untargeted brain share ${ORGAN_SHARES_4H.brain.value} %`,
    ...(gap3 ? { gap: gap3 } : {}),
  });
  checks.push({
    name: 'Brain knock-down with RVG exceeds that with unmodified exosomes',
    expected: 'targeting raises brain delivery (RVG-Lamp2b binds the neuronal acetylcholine receptor)',
    observed: [rvg.kd.brain, unmod.kd.brain],
    pass: rvg.kd.brain > 2 * unmod.kd.brain,
    detail: '[brain knock-down RVG, unmodified]; at least 2-fold required',
  });

  const series: Record<string, ScenarioSeries> = {};
  for (const c of CONDS) {
    const r = runs.get(c)!;
    for (const t of TISSUES) {
      series[`BACE1_${t}/${c}`] = seriesOf(r.res, `BACE1_rel_${t}`, c, { x: 'time after injection (h)', y: `BACE1 mRNA in ${t} (% of untreated)`, scale: 100 });
      series[`BACE1_end_${t}/${c}`] = pointSeries(PROTOCOL.t_read, 100 * (1 - r.kd[t]), 'time after injection (h)', 'BACE1 mRNA (% of untreated)', c);
    }
  }
  return { id: ID, citation: CITATION, checks, series, record: { set: { ...set }, seed: opts.seed, exosimVersion: EXOSIM_VERSION } };
}

function plot(result: ScenarioResult) {
  const bars: Bar[] = [];
  const conds: Conditions[] = ['RVG exosomes', 'unmodified exosomes'];
  for (const t of TISSUES) for (const c of conds) {
    const s = result.series[`BACE1_end_${t}/${c}`];
    if (s) bars.push({ group: t, condition: c, value: s.y[0]! });
  }
  return groupedBars(`Alvarez-Erviti 2011: BACE1 mRNA ${PROTOCOL.t_read} h after one i.v. dose of siRNA exosomes (closing values)`, 'BACE1 mRNA (% of untreated)', bars, conds, [...TISSUES]);
}

export const scenario: Scenario = {
  id: ID,
  title: 'RVG-Lamp2b exosomes deliver BACE1 siRNA to the mouse brain after i.v. injection (Alvarez-Erviti 2011)',
  citation: CITATION,
  references: [
    'Morishita M et al. (2015) J Pharm Sci 104:705-713 (organ shares of i.v. exosomes at 4 h).',
    'Imai T et al. (2015) Macrophage-dependent clearance of systemically administered B16BL6-derived exosomes from the blood circulation in mice. J Extracell Vesicles 4:26238.',
    'Wiklander OPB et al. (2015) Extracellular vesicle in vivo biodistribution is determined by cell source, route of administration and targeting. J Extracell Vesicles 4:26316.',
    'Chevillet JR et al. (2014) PNAS 111:14888-14893 (natural miRNA copies per exosome).',
  ],
  claim: 'Exosomes displaying the neuron-targeting RVG peptide (RVG-Lamp2b) and loaded with BACE1 siRNA knock BACE1 down in the mouse brain after intravenous injection (60 % of the mRNA), but not in other tissues; unmodified exosomes do not.',
  mechanisms: ['therapy', 'endocrine', 'uptake', 'target-silencing'],
  protocol: [
    `One i.v. injection of 150 ug dendritic-cell exosomes (${DOSE.toExponential(2)} exosomes at 6e-16 g each, parameters.md §1.1) electroporated with 150 ug BACE1 siRNA (at most ${MAX_LOADING.toPrecision(3)} copies per exosome).`,
    'Conditions: RVG exosomes, unmodified exosomes, no exosomes (reference for % of untreated).',
    `Plasma pharmacokinetics and organ capture from the endocrine mechanism (brain, liver, spleen; kidney and muscle added with recalled shares); RVG multiplies the brain's share by the uptake mechanism's RVG factor (${LIGANDS.RVG.gain}).`,
    `Read-out: BACE1 mRNA (% of untreated) in brain, liver, spleen, kidney and muscle ${PROTOCOL.t_read} h after the injection.`,
    'Gap analysis: the siRNA loading that gives the reported 60 % brain knock-down, then the fraction of each organ\'s captured exosomes its parenchymal cells may receive for no off-target knock-down.',
  ],
  keyParameters: ['tx.payload_per_EV', 'up_brain.f_escape', 'share_brain_untargeted', 'up_brain.ligand_gain', 'tx.k_cleave', 'N_brain'],
  model: buildModel,
  run,
  plot,
};
