/**
 * Time-course plots: a Vega-Lite spec (one line per output column, colour legend by column id) compiled to
 * Vega and rendered headless (View with renderer 'none') to SVG. Columns with different units get one panel
 * per unit (vertical concatenation), each panel's y axis titled `amount (<unit>)`.
 */
import { parseUnit } from '../model/units.js';
import type * as vl from 'vega-lite';
import type { SimulationResult } from '../results.js';
import { diag, ExosimError } from '../diagnostics.js';
import { renderVegaLiteSvg } from './vega.js';

export interface TimeCourseOptions {
  title?: string;
  /** Column ids to plot (default: every column). */
  species?: string[];
  /** Log y axis. Default: automatic, when every plotted value of a panel is positive and they span > 4 decades. */
  logY?: boolean;
  /** Width and height of one panel in pixels (defaults 640 x 320). */
  width?: number;
  height?: number;
}

interface Point {
  time: number;
  value: number;
  series: string;
}

/** Decades spanned by positive finite values, or -1 when some value is <= 0 (log scale not possible). */
function decadesSpanned(values: readonly number[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return -1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > 0)) return -1;
  return Math.log10(max / min);
}

/** Select the plotted column indices; throws ExosimError E_PLOT_UNKNOWN_SERIES for unknown ids. */
function selectColumns(result: SimulationResult, species: string[] | undefined): number[] {
  if (!species || species.length === 0) return result.columns.map((_, k) => k);
  const ids = result.columns.map((c) => c.id);
  const unknown = species.filter((s) => !ids.includes(s));
  if (unknown.length) {
    throw new ExosimError([
      diag('E_PLOT_UNKNOWN_SERIES', `cannot plot ${unknown.map((u) => `'${u}'`).join(', ')}: not an output column`, {
        hint: `choose among: ${ids.join(', ')}`,
      }),
    ]);
  }
  return species.map((s) => ids.indexOf(s));
}

/** Build the Vega-Lite spec of a time-course plot (plain data; exported for tests and the browser app). */
export function timeCourseSpec(result: SimulationResult, options: TimeCourseOptions = {}): vl.TopLevelSpec {
  const cols = selectColumns(result, options.species);
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  // Group the plotted columns by unit, keeping the first-seen order.
  const units: string[] = [];
  for (const k of cols) {
    const u = result.columns[k]!.unit;
    if (!units.includes(u)) units.push(u);
  }
  const xTitle = `time (${result.timeUnit})`;
  const panels = units.map((unit) => {
    const ks = cols.filter((k) => result.columns[k]!.unit === unit);
    const all: number[] = [];
    for (const k of ks) for (const v of result.values[k] ?? []) all.push(v);
    const span = decadesSpanned(all);
    const log = options.logY ?? span > 4;
    const points: Point[] = [];
    for (const k of ks) {
      const id = result.columns[k]!.id;
      const v = result.values[k];
      if (!v) continue;
      for (let i = 0; i < result.time.length; i++) {
        const y = v[i] as number;
        const t = result.time[i] as number;
        // Non-finite points cannot be drawn; a log axis cannot show values <= 0.
        if (!Number.isFinite(y) || !Number.isFinite(t) || (log && y <= 0)) continue;
        points.push({ time: t, value: y, series: id });
      }
    }
    return {
      width,
      height,
      data: { values: points },
      mark: { type: 'line' as const, clip: true },
      encoding: {
        x: { field: 'time', type: 'quantitative' as const, title: xTitle, scale: { nice: false } },
        y: {
          field: 'value',
          type: 'quantitative' as const,
          title: `${quantityName(unit)} (${unit})`,
          scale: log ? { type: 'log' as const } : { zero: false },
        },
        color: {
          field: 'series',
          type: 'nominal' as const,
          title: 'series',
          // One colour per column id across all panels (shared colour scale and legend).
          scale: { domain: cols.map((k) => result.columns[k]!.id) },
        },
      },
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

/** Render a time-course plot of a result to an SVG string. */
export async function plotTimeCourse(result: SimulationResult, options: TimeCourseOptions = {}): Promise<string> {
  return renderVegaLiteSvg(timeCourseSpec(result, options));
}

/**
 * The word for a panel's y axis from its unit's dimensions: `concentration (nM)`, `amount (molecule)`,
 * `value (dimensionless)`. Dimensions vector order: [time, length, substance, mass, cell, exosome].
 */
export function quantityName(unitText: string): string {
  const parsed = parseUnit(unitText);
  if (!parsed.ok) return 'value';
  const [time, length, substance, mass, cell, exosome] = parsed.unit.dims;
  const counts = substance !== 0 || cell !== 0 || exosome !== 0;
  if (counts && length === -3 && time === 0) return 'concentration';
  if (counts && length === 0 && mass === 0 && time === 0) return 'amount';
  if (length === 3 && !counts && time === 0 && mass === 0) return 'volume';
  return 'value';
}

