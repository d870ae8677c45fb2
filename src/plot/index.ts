/** Plots: time courses as SVG (Vega-Lite -> Vega -> SVG) and SVG -> PNG rasterisation with resvg. */
import { Resvg } from '@resvg/resvg-js';

export { plotTimeCourse, timeCourseSpec } from './timecourse.js';
export type { TimeCourseOptions } from './timecourse.js';

/** Rasterise an SVG string to PNG bytes with resvg, using the system fonts (DejaVu Sans when no family matches). */
export function svgToPng(svg: string, options: { scale?: number } = {}): Buffer {
  const scale = options.scale ?? 1;
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
