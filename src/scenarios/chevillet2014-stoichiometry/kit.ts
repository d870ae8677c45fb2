/**
 * Small helpers shared by the scenarios chevillet2014-stoichiometry, secretion-control and zhang2010-mir150:
 * the `--set` handling (validate against the compiled model, then merge
 * on top of a condition), and Vega-Lite specs (grouped bars with one facet per read-out, a log-x dose-response).
 */
import type * as vl from 'vega-lite';
import type { CompiledModel } from '../../compile/types.js';
import { buildParameters } from '../../simulate.js';

/** Throw the simulator's ExosimError (E_UNKNOWN_OVERRIDE, E_BAD_OPTION) for a bad `--set` before any run. */
export function validateSet(compiled: CompiledModel, set: Record<string, number>): void {
  buildParameters(compiled, set);
}

/** Condition overrides with the user's --set on top, restricted to ids the (sub)model knows. */
export function withSet(compiled: CompiledModel, condition: Record<string, number>, set: Record<string, number>): Record<string, number> {
  const known = new Set([...compiled.flat.parameters.map((p) => p.id), ...compiled.flat.species.map((s) => s.id), ...compiled.flat.compartments.map((c) => c.id)]);
  const out: Record<string, number> = { ...condition };
  for (const [k, v] of Object.entries(set)) if (known.has(k)) out[k] = v;
  return out;
}

/** Significant-figure formatting for check texts. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1);
}

const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', background: 'white', config: { font: 'DejaVu Sans' } } as const;

export interface BarDatum {
  /** Facet (read-out with its unit); '|' breaks the facet header into lines. */
  measure: string;
  condition: string;
  value: number;
}

/** Grouped bars: one facet per read-out (independent y scales), one bar and colour per condition. */
export function groupedBars(title: string, data: BarDatum[], conditions: string[], measures: string[], opts: { yScale?: 'linear' | 'log' } = {}): vl.TopLevelSpec {
  const width = Math.max(90, Math.floor(560 / Math.max(1, measures.length)) - 24);
  return {
    ...BASE,
    title,
    data: { values: data.map((d) => ({ ...d })) },
    facet: { column: { field: 'measure', type: 'nominal', title: null, sort: measures, header: { labelFontSize: 11, labelLimit: 0, labelExpr: "split(datum.label, '|')" } } },
    spec: {
      width,
      height: 240,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'condition', type: 'nominal', sort: conditions, axis: { title: null, labels: false, ticks: false } },
        y: { field: 'value', type: 'quantitative', title: null, ...(opts.yScale === 'log' ? { scale: { type: 'log' } } : {}) },
        color: { field: 'condition', type: 'nominal', sort: conditions, scale: { scheme: 'tableau10' }, legend: { title: 'condition', orient: 'bottom', columns: 2, labelLimit: 320 } },
        tooltip: [{ field: 'condition', type: 'nominal' }, { field: 'value', type: 'quantitative', format: '.3g' }],
      },
    },
    resolve: { scale: { y: 'independent', x: 'independent' } },
  } as vl.TopLevelSpec;
}
