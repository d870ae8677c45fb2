/** Plots: time courses as SVG (Vega-Lite -> Vega -> SVG) and SVG -> PNG rasterisation with resvg. */
import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

// resvg (a native addon) is loaded on first use, so that importing the library does not pay for it.
let resvgModule: typeof ResvgModule | undefined;
function loadResvg(): typeof ResvgModule {
  resvgModule ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgModule;
  return resvgModule;
}

export { plotTimeCourse, timeCourseSpec } from './timecourse.js';
export { renderVegaLiteSvg } from './vega.js';
export { ensembleSpec, ensembleBand } from './ensemble.js';
export type { EnsemblePlotOptions } from './ensemble.js';
export type { TimeCourseOptions } from './timecourse.js';

/** Rasterise an SVG string to PNG bytes with resvg, using the system fonts (DejaVu Sans when no family matches). */
export function svgToPng(svg: string, options: { scale?: number } = {}): Buffer {
  const scale = options.scale ?? 1;
  const resvg = new (loadResvg().Resvg)(svg, {
    background: 'white',
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
