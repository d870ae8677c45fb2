/** Vega-Lite specs of the analyses (render with src/plot/vega.ts renderVegaLiteSvg). */
import type * as vl from 'vega-lite';
import type { MorrisResult } from './morris.js';
import type { SobolResult } from './sobol.js';
import type { LocalResult } from './local.js';
import type { ScanResult } from './scan.js';

const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', background: 'white', config: { font: 'DejaVu Sans' } } as const;

/** Morris: mu* (with 95 % bootstrap interval) per parameter, sorted, and sigma as a second bar. */
export function morrisSpec(r: MorrisResult, title: string, outputLabel: string): vl.TopLevelSpec {
  const sorted = [...r.params].sort((a, b) => b.muStar - a.muStar);
  const order = sorted.map((p) => p.id);
  const data = sorted.flatMap((p) => [
    { id: p.id, measure: 'mu* (mean |EE|)', value: p.muStar, lo: p.muStar_ci[0], hi: p.muStar_ci[1] },
    { id: p.id, measure: 'sigma (SD of EE)', value: p.sigma, lo: p.sigma, hi: p.sigma },
  ]);
  return {
    ...BASE,
    title: { text: title, subtitle: `Morris screening: ${r.trajectories} trajectories, ${r.levels} levels, ${r.evaluations} runs; EE per unit of each parameter's range` },
    data: { values: data },
    width: 520,
    height: Math.max(120, 22 * order.length),
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'id', type: 'nominal', sort: order, title: null }, yOffset: { field: 'measure' }, x: { field: 'value', type: 'quantitative', title: `elementary effect of ${outputLabel}` }, color: { field: 'measure', type: 'nominal', title: null, legend: { orient: 'bottom' } } } },
      { mark: { type: 'rule', color: 'black' }, encoding: { y: { field: 'id', type: 'nominal', sort: order }, yOffset: { field: 'measure' }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  } as vl.TopLevelSpec;
}

/** Sobol: S1 and ST per parameter with 95 % bootstrap intervals. */
export function sobolSpec(r: SobolResult, title: string): vl.TopLevelSpec {
  const order = [...r.params].sort((a, b) => b.ST - a.ST).map((p) => p.id);
  const data = r.params.flatMap((p) => [
    { id: p.id, index: 'first order S1', value: p.S1, lo: p.S1_ci[0], hi: p.S1_ci[1] },
    { id: p.id, index: 'total ST', value: p.ST, lo: p.ST_ci[0], hi: p.ST_ci[1] },
  ]);
  return {
    ...BASE,
    title: { text: title, subtitle: `Sobol' indices: Saltelli sampling, N = ${r.n} (${r.evaluations} runs); bars 95 % bootstrap intervals` },
    data: { values: data },
    width: 520,
    height: Math.max(120, 22 * order.length),
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'id', type: 'nominal', sort: order, title: null }, yOffset: { field: 'index' }, x: { field: 'value', type: 'quantitative', title: 'fraction of output variance', scale: { domain: [0, 1], clamp: true } }, color: { field: 'index', type: 'nominal', title: null, legend: { orient: 'bottom' } } } },
      { mark: { type: 'rule', color: 'black' }, encoding: { y: { field: 'id', type: 'nominal', sort: order }, yOffset: { field: 'index' }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  } as vl.TopLevelSpec;
}

/** Local: normalised coefficients d ln y / d ln p. */
export function localSpec(r: LocalResult, title: string): vl.TopLevelSpec {
  const data = r.params.map((p) => ({ id: p.id, value: Number.isFinite(p.normalized) ? p.normalized : 0 }));
  const order = [...data].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).map((d) => d.id);
  return {
    ...BASE,
    title: { text: title, subtitle: 'local sensitivities d ln(output) / d ln(parameter) at the defaults (central differences)' },
    data: { values: data },
    width: 520,
    height: Math.max(120, 18 * order.length),
    mark: 'bar',
    encoding: { y: { field: 'id', type: 'nominal', sort: order, title: null }, x: { field: 'value', type: 'quantitative', title: 'normalised sensitivity' } },
  } as vl.TopLevelSpec;
}

/** Scan: a line (1-D) or a heat map (2-D). */
export function scanSpec(r: ScanResult, title: string, outputLabel: string, axisLabels?: string[]): vl.TopLevelSpec {
  const [a, b] = r.axes;
  const xl = axisLabels?.[0] ?? a!.id;
  if (r.axes.length === 1) {
    const ys = r.output as number[];
    return {
      ...BASE,
      title,
      width: 520,
      height: 300,
      data: { values: r.values[0]!.map((x, i) => ({ x, y: ys[i]! })) },
      mark: { type: 'line', point: true },
      encoding: { x: { field: 'x', type: 'quantitative', title: xl, ...(a!.log ? { scale: { type: 'log' } } : {}) }, y: { field: 'y', type: 'quantitative', title: outputLabel } },
    } as vl.TopLevelSpec;
  }
  const z = r.output as number[][];
  const data = r.values[0]!.flatMap((x, i) => r.values[1]!.map((y, j) => ({ x: i, y: j, xv: x, yv: y, z: z[i]![j]! })));
  const fmtv = (v: number) => Number(v.toPrecision(3));
  const ticks = (vals: number[]) => {
    const every = Math.max(1, Math.ceil(vals.length / 8));
    return vals.map((_, i) => i).filter((i) => i % every === 0 || i === vals.length - 1);
  };
  const labelExpr = (vals: number[]) => `[${vals.map((v) => `'${fmtv(v)}'`).join(',')}][datum.value]`;
  return {
    ...BASE,
    title,
    width: 440,
    height: 360,
    data: { values: data },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'x', type: 'ordinal', title: `${xl}${a!.log ? ' (log grid)' : ''}`, axis: { values: ticks(r.values[0]!), labelExpr: labelExpr(r.values[0]!), labelAngle: -45 } },
      y: { field: 'y', type: 'ordinal', sort: 'descending', title: `${axisLabels?.[1] ?? b!.id}${b!.log ? ' (log grid)' : ''}`, axis: { values: ticks(r.values[1]!), labelExpr: labelExpr(r.values[1]!) } },
      color: { field: 'z', type: 'quantitative', title: outputLabel, scale: { scheme: 'viridis' } },
      tooltip: [{ field: 'xv', type: 'quantitative', title: a!.id }, { field: 'yv', type: 'quantitative', title: b!.id }, { field: 'z', type: 'quantitative', format: '.3g' }],
    },
  } as vl.TopLevelSpec;
}
