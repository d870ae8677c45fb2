/**
 * Render any Vega-Lite spec to SVG headless (vega View with renderer 'none': no canvas). Used by the time-course
 * plots and the scenario plots. vega and vega-lite are imported on first use (~250 ms).
 */
import type * as vl from 'vega-lite';

export async function renderVegaLiteSvg(spec: vl.TopLevelSpec): Promise<string> {
  const [vlm, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vlm.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
