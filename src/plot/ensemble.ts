/**
 * Ensemble plots: for each output column the ensemble mean as a line and a shaded band, mean +- SD or, when the
 * ensemble has both, the q05..q95 (or any lowest..highest quantile pair) range; one panel per unit, one colour per
 * column. Vega-Lite layer of an `area` (y, y2) and a `line`; rendered with renderVegaLiteSvg.
 */
import type * as vl from 'vega-lite';
import type { EnsembleResult } from '../ensemble.js';
import { quantityName } from './timecourse.js';
import { diag, ExosimError } from '../diagnostics.js';

export interface EnsemblePlotOptions {
  title?: string;
  /** Output columns to plot (default: all). */
  columns?: string[];
  width?: number;
  height?: number;
}

interface Row {
  time: number;
  series: string;
  mean: number;
  lo: number;
  hi: number;
}

/** The band a result supports: the widest quantile pair if there are two quantiles, else mean +- SD; null if no mean. */
export function ensembleBand(stats: readonly string[]): { kind: 'quantiles'; lo: string; hi: string } | { kind: 'sd' } | null {
  if (!stats.includes('mean')) return null;
  const qs = stats.filter((s) => /^q\d+$/.test(s)).sort((a, b) => Number(`0.${a.slice(1)}`) - Number(`0.${b.slice(1)}`));
  if (qs.length >= 2) return { kind: 'quantiles', lo: qs[0]!, hi: qs[qs.length - 1]! };
  if (stats.includes('sd')) return { kind: 'sd' };
  return null;
}

export function ensembleSpec(result: EnsembleResult, options: EnsemblePlotOptions = {}): vl.TopLevelSpec {
  const band = ensembleBand(result.stats);
  if (!band) {
    throw new ExosimError([diag('E_PLOT_UNKNOWN_SERIES', 'an ensemble plot needs the mean and either the SD or two quantiles', { hint: 'add mean,sd (or mean,q05,q95) to --stats' })]);
  }
  const ids = result.columns.map((c) => c.id);
  const cols = options.columns ?? ids;
  const unknown = cols.filter((c) => !ids.includes(c));
  if (unknown.length) throw new ExosimError([diag('E_PLOT_UNKNOWN_SERIES', `cannot plot ${unknown.map((u) => `'${u}'`).join(', ')}: not an output column`, { hint: `choose among: ${ids.join(', ')}` })]);
  const stat = (col: string, s: string): Float64Array | undefined => result.series.find((x) => x.column === col && x.stat === s)?.values;
  const units: string[] = [];
  for (const c of cols) {
    const u = result.columns.find((x) => x.id === c)!.unit;
    if (!units.includes(u)) units.push(u);
  }
  const bandTitle = band.kind === 'sd' ? 'mean +- SD' : `mean, ${band.lo}-${band.hi}`;
  const panels = units.map((unit) => {
    const rows: Row[] = [];
    for (const c of cols) {
      if (result.columns.find((x) => x.id === c)!.unit !== unit) continue;
      const mean = stat(c, 'mean')!;
      const sd = band.kind === 'sd' ? stat(c, 'sd')! : undefined;
      const lo = band.kind === 'quantiles' ? stat(c, band.lo)! : undefined;
      const hi = band.kind === 'quantiles' ? stat(c, band.hi)! : undefined;
      for (let i = 0; i < result.time.length; i++) {
        const m = mean[i]!;
        const l = sd ? m - sd[i]! : lo![i]!;
        const h = sd ? m + sd[i]! : hi![i]!;
        if (![m, l, h, result.time[i]!].every(Number.isFinite)) continue;
        rows.push({ time: result.time[i]!, series: c, mean: m, lo: l, hi: h });
      }
    }
    const x = { field: 'time', type: 'quantitative' as const, title: `time (${result.timeUnit})`, scale: { nice: false } };
    const color = { field: 'series', type: 'nominal' as const, title: `series (${bandTitle})`, scale: { domain: cols } };
    return {
      width: options.width ?? 640,
      height: options.height ?? 320,
      data: { values: rows },
      layer: [
        { mark: { type: 'area' as const, opacity: 0.25, clip: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: `${quantityName(unit)} (${unit})`, scale: { zero: false } }, y2: { field: 'hi' }, color } },
        { mark: { type: 'line' as const, clip: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' as const }, color } },
      ],
    };
  });
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    config: { font: 'DejaVu Sans' },
    ...(options.title !== undefined ? { title: options.title } : {}),
  };
  if (panels.length === 1) return { ...base, ...panels[0]! } as vl.TopLevelSpec;
  return { ...base, vconcat: panels, resolve: { scale: { color: 'shared', y: 'independent' } } } as vl.TopLevelSpec;
}
