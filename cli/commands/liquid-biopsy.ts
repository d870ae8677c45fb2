/**
 * `exosim liquid-biopsy detect|roc|resection`: when a tumour-derived plasma marker (CA125 with Hori & Gambhir 2011's
 * parameters, or exosomal miR-141) becomes detectable, how well it separates a virtual cohort, and how it falls
 * after resection (src/analysis/liquid-biopsy.ts). Figures: --plot file.svg|png (written atomically).
 */
import type { Command } from 'commander';
import type * as vl from 'vega-lite';
import {
  cohort, type Criterion, firstDetection, GROWTH_LAWS, type GrowthLaw, MARKER_PARAMS, type MarkerId, markerModel, type MarkerModel, type Measure, resection,
} from '../../src/analysis/liquid-biopsy.js';
import { detectionFigureData, detectionSpec, resectionSpec, rocSpec } from '../../src/analysis/liquid-biopsy-plots.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { type CliContext, EXIT_OK, FlagErrors, parseNumberFlag, parseSetFlags, resolvePath } from './shared.js';

export interface LiquidBiopsyFlags {
  marker?: string;
  measure?: string;
  growth?: string;
  set: string[];
  plot?: string;
  json?: boolean;
}
export interface DetectFlags extends LiquidBiopsyFlags {
  criterion?: string;
}
export interface RocFlags extends LiquidBiopsyFlags {
  n?: string;
  seed?: string;
  burdenMedian?: string;
  burdenLogsd?: string;
  shedLogsd?: string;
}
export interface ResectionFlags extends LiquidBiopsyFlags {
  burden?: string;
  days?: string;
  bgFactor?: string;
}

const MARKERS = Object.keys(MARKER_PARAMS) as MarkerId[];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Flags every subcommand shares; problems are added to errs. */
function common(errs: FlagErrors, f: LiquidBiopsyFlags): { marker: MarkerId; measure: Measure; growth: GrowthLaw; set: Record<string, number>; plotFormat?: 'svg' | 'png' } {
  const marker = (f.marker ?? 'mir141').toLowerCase();
  if (!MARKERS.includes(marker as MarkerId)) errs.add('--marker', `unknown marker '${f.marker}'`, `use one of: ${MARKERS.join(', ')}`);
  const measure = (f.measure ?? 'total').toLowerCase();
  if (measure !== 'total' && measure !== 'ev') errs.add('--measure', `expected total or ev, got '${f.measure}'`, 'use --measure total (all plasma miRNA) or --measure ev (exosomal fraction only)');
  const growth = (f.growth ?? 'exponential').toLowerCase();
  if (!GROWTH_LAWS.includes(growth as GrowthLaw)) errs.add('--growth', `expected ${GROWTH_LAWS.join(' or ')}, got '${f.growth}'`, 'use --growth exponential (Hori & Gambhir) or --growth gompertz (plateau K_cap, --set K_cap=...)');
  const set = parseSetFlags(errs, f.set ?? []);
  let plotFormat: 'svg' | 'png' | undefined;
  if (f.plot !== undefined) {
    const p = f.plot.toLowerCase();
    plotFormat = p.endsWith('.svg') ? 'svg' : p.endsWith('.png') ? 'png' : undefined;
    if (!plotFormat) errs.add('--plot', `plot file '${f.plot}' must end in .svg or .png`, 'use e.g. --plot detect.svg');
  }
  return { marker: marker as MarkerId, measure: measure as Measure, growth: growth as GrowthLaw, set, ...(plotFormat ? { plotFormat } : {}) };
}

function nonNegativeInt(errs: FlagErrors, flag: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  const s = v.trim();
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)) || Number(s) < min) {
    errs.add(flag, `expected an integer >= ${min}, got '${v}'`, `give e.g. ${flag} ${dflt}`);
    return dflt;
  }
  return Number(s);
}

async function writePlot(ctx: CliContext, file: string, format: 'svg' | 'png', spec: vl.TopLevelSpec): Promise<void> {
  const { renderVegaLiteSvg, svgToPng } = await import('../../src/plot/index.js');
  const svg = await renderVegaLiteSvg(spec);
  await writeFileAtomic(resolvePath(ctx, file), format === 'png' ? svgToPng(svg) : svg);
}

function modelSummary(m: MarkerModel) {
  return { marker: m.marker, measure: m.measure, growth: m.growth, unit: `${m.unit}/mL`, params: m.params, backgroundMedian: m.bgMedian, backgroundLogSd: m.bgSigma, cutoff: m.cutoff, detectionLimit: m.lod, pools: m.pools };
}

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toPrecision(d) : 'never');

export async function liquidBiopsyDetectCommand(ctx: CliContext, flags: DetectFlags): Promise<number> {
  const errs = new FlagErrors();
  const c = common(errs, flags);
  const criterion = (flags.criterion ?? 'cutoff').toLowerCase();
  if (criterion !== 'cutoff' && criterion !== 'lod') errs.add('--criterion', `expected cutoff or lod, got '${flags.criterion}'`, 'use --criterion cutoff (measured level above the cut-off) or --criterion lod (tumour-derived level above the detection limit)');
  errs.throwIfAny();
  const m = markerModel(c.marker, c.set, c.measure, c.growth);
  const det = firstDetection(m, criterion as Criterion);
  const other = firstDetection(m, criterion === 'cutoff' ? 'lod' : 'cutoff');
  if (flags.plot !== undefined && c.plotFormat) {
    const cut = criterion === 'cutoff' ? det : other;
    await writePlot(ctx, flags.plot, c.plotFormat, detectionSpec(m, cut, detectionFigureData(m, c.set, c.measure), `${c.marker} (${c.measure}): tumour size at first detection`));
  }
  if (flags.json) {
    ctx.stdout.write(JSON.stringify({ ...modelSummary(m), detection: det, [criterion === 'cutoff' ? 'tumourOnlyDetection' : 'cutoffDetection']: other }, null, 2) + '\n');
    return EXIT_OK;
  }
  const u = `${m.unit}/mL`;
  const line = (d: typeof det) =>
    `${d.criterion === 'cutoff' ? `measured level >= cut-off ${fmt(m.cutoff)} ${u}` : `tumour-derived level >= detection limit ${fmt(m.lod)} ${u}`}: after ${fmt(d.timeYears)} years of growth, ${fmt(d.cells)} cells, ${fmt(d.volumeCm3)} cm3, diameter ${fmt(d.diameterMm)} mm`;
  ctx.stdout.write(
    [
      `${c.marker} (${c.measure}); healthy median ${fmt(m.bgMedian)} ${u} (log-SD ${m.bgSigma}); tumour growth ${m.growth === 'gompertz' ? `Gompertz (${m.params['k_gr']}/day at ${m.N0} cell(s), plateau ${fmt(m.K)} cells)` : `${m.params['k_gr']}/day from ${m.N0} cell(s)`}`,
      `first detection, ${line(det)}`,
      `  (other criterion: ${line(other)})`,
    ].join('\n') + '\n',
  );
  return EXIT_OK;
}

export async function liquidBiopsyRocCommand(ctx: CliContext, flags: RocFlags): Promise<number> {
  const errs = new FlagErrors();
  const c = common(errs, flags);
  const n = nonNegativeInt(errs, '--n', flags.n, 500, 2);
  const seed = nonNegativeInt(errs, '--seed', flags.seed, 1, 0);
  const med = parseNumberFlag(errs, '--burden-median', flags.burdenMedian, { positive: true });
  const lsd = parseNumberFlag(errs, '--burden-logsd', flags.burdenLogsd);
  const ssd = parseNumberFlag(errs, '--shed-logsd', flags.shedLogsd);
  if (lsd !== undefined && lsd < 0) errs.add('--burden-logsd', `must be >= 0, got ${flags.burdenLogsd}`, 'give e.g. --burden-logsd 1.2');
  if (ssd !== undefined && ssd < 0) errs.add('--shed-logsd', `must be >= 0, got ${flags.shedLogsd}`, 'give e.g. --shed-logsd 0.5');
  if (n > 1e6) errs.add('--n', `at most 1000000 people per group, got ${n}`, 'give e.g. --n 500');
  errs.throwIfAny();
  const m = markerModel(c.marker, c.set, c.measure, c.growth);
  const res = cohort(m, { n, seed, ...(med !== undefined ? { burdenMedianCm3: med } : {}), ...(lsd !== undefined ? { burdenLogSd: lsd } : {}), ...(ssd !== undefined ? { shedLogSd: ssd } : {}) });
  if (flags.plot !== undefined && c.plotFormat) await writePlot(ctx, flags.plot, c.plotFormat, rocSpec(m, res, `${c.marker} (${c.measure}): virtual cohort`));
  if (flags.json) {
    ctx.stdout.write(JSON.stringify({ ...modelSummary(m), cohort: res }, null, 2) + '\n');
    return EXIT_OK;
  }
  const u = `${m.unit}/mL`;
  ctx.stdout.write(
    [
      `${c.marker} (${c.measure}): ${n} patients (burden lognormal, median ${res.burdenMedianCm3} cm3, log-SD ${res.burdenLogSd}; shedding log-SD ${res.shedLogSd}) vs ${n} healthy (background log-SD ${m.bgSigma}), seed ${seed}`,
      `AUC ${res.auc.toFixed(3)}`,
      `at the cut-off ${fmt(m.cutoff)} ${u}: sensitivity ${res.atCutoff.sensitivity.toFixed(3)}, specificity ${res.atCutoff.specificity.toFixed(3)}`,
      `at the detection limit ${fmt(m.lod)} ${u}: sensitivity ${res.atLod.sensitivity.toFixed(3)}, specificity ${res.atLod.specificity.toFixed(3)}`,
    ].join('\n') + '\n',
  );
  return EXIT_OK;
}

export async function liquidBiopsyResectionCommand(ctx: CliContext, flags: ResectionFlags): Promise<number> {
  const errs = new FlagErrors();
  const c = common(errs, flags);
  const burden = parseNumberFlag(errs, '--burden', flags.burden, { positive: true }) ?? 1;
  const days = parseNumberFlag(errs, '--days', flags.days, { positive: true }) ?? 20;
  const bg = parseNumberFlag(errs, '--bg-factor', flags.bgFactor) ?? 1;
  if (bg < 0) errs.add('--bg-factor', `must be >= 0, got ${flags.bgFactor}`, 'give e.g. --bg-factor 1 (the healthy median)');
  errs.throwIfAny();
  const m = markerModel(c.marker, c.set, c.measure, c.growth);
  const r = resection(m, burden, { bgFactor: bg, days });
  if (flags.plot !== undefined && c.plotFormat) await writePlot(ctx, flags.plot, c.plotFormat, resectionSpec(m, r, `${c.marker} (${c.measure}): level after resection of a ${burden} cm3 tumour`));
  if (flags.json) {
    ctx.stdout.write(JSON.stringify({ ...modelSummary(m), resection: r }, null, 2) + '\n');
    return EXIT_OK;
  }
  const u = `${m.unit}/mL`;
  ctx.stdout.write(
    [
      `${c.marker} (${c.measure}): resection of a ${burden} cm3 tumour (${fmt(r.cells)} cells), background factor ${bg}`,
      `pre-operative ${fmt(r.preOp)} ${u}; own baseline ${fmt(r.baseline)} ${u}; cut-off ${fmt(r.cutoff)} ${u}`,
      `within 10 % of baseline after ${fmt(r.daysToBaseline)} days; below the cut-off after ${fmt(r.daysBelowCutoff)} days`,
    ].join('\n') + '\n',
  );
  return EXIT_OK;
}

export function registerLiquidBiopsyCommand(program: Command, ctx: CliContext, setCode: (n: number) => void): void {
  const lb = program.command('liquid-biopsy').description('tumour-derived plasma markers (CA125, exosomal miR-141): detection, ROC, fall after resection');
  const shared = (cmd: Command) =>
    cmd
      .option('--marker <id>', `marker: ${MARKERS.join(' or ')} (default mir141)`)
      .option('--measure <what>', 'miRNA measured: total (all plasma miRNA, default) or ev (exosomal fraction only)')
      .option('--growth <law>', 'tumour growth: exponential (Hori & Gambhir, default) or gompertz (k_gr at N0, plateau K_cap)')
      .option('--set <id=value>', 'override a marker parameter (value in its unit); repeatable', collect, [] as string[])
      .option('--plot <file>', 'write the figure to file.svg or file.png')
      .option('--json', 'print the result as JSON');
  shared(lb.command('detect').description('tumour size and growth time at first detection'))
    .option('--criterion <c>', 'cutoff (measured level above the cut-off, default) or lod (tumour-derived level above the detection limit)')
    .action(async (opts: DetectFlags) => setCode(await liquidBiopsyDetectCommand(ctx, opts)));
  shared(lb.command('roc').description('sensitivity, specificity and ROC of a seeded virtual cohort'))
    .option('--n <count>', 'patients and healthy people per group (default 500)')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--burden-median <cm3>', "patients' median tumour burden in cm3 (default 1)")
    .option('--burden-logsd <sd>', "log-SD of the patients' burden (default 1.2)")
    .option('--shed-logsd <sd>', 'between-patient log-SD of shedding per cell (default 0)')
    .action(async (opts: RocFlags) => setCode(await liquidBiopsyRocCommand(ctx, opts)));
  shared(lb.command('resection').description('plasma level after complete resection of the tumour'))
    .option('--burden <cm3>', 'tumour burden at surgery in cm3 (default 1)')
    .option('--days <d>', 'days followed after surgery (default 20)')
    .option('--bg-factor <f>', "the person's background relative to the healthy median (default 1)")
    .action(async (opts: ResectionFlags) => setCode(await liquidBiopsyResectionCommand(ctx, opts)));
}
