/**
 * Vega-Lite figures of the liquid-biopsy analysis (render with src/plot/vega.ts renderVegaLiteSvg):
 *   detectionSpec  - plasma level while the tumour grows (median person, cut-off and LOD lines), and the tumour
 *                    diameter at first detection vs the healthy background (cut-off criterion) and vs the assay
 *                    detection limit (tumour-only criterion);
 *   rocSpec        - ROC curve of a virtual cohort, and the levels of patients vs healthy people;
 *   resectionSpec  - the level after resection, with the person's baseline and the cut-off.
 */
import type * as vl from 'vega-lite';
import {
  type CohortResult, type Detection, detectionScan, type GrowthLaw, type MarkerModel, type Measure, type ResectionResult, type ScanPoint,
  DAYS_PER_YEAR, cellsOfTime, diameterMm, firstDetection, markerModel, tumourLevel,
} from './liquid-biopsy.js';

const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', background: 'white', config: { font: 'DejaVu Sans' } } as const;

/** Parameter varied for the background scan and for the detection-limit scan of each marker. */
export const SCAN_PARAMS: Record<MarkerModel['marker'], { background: string; lod: string }> = {
  ca125: { background: 'healthy_influx', lod: 'lod' },
  mir141: { background: 'bg_conc', lod: 'lod_reaction' },
};

function logspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));
}

export interface DetectionFigureData {
  growth: { years: number; diameterMm: number; level: number; series: string }[];
  background: (ScanPoint & { xLabel: string })[];
  lod: (ScanPoint & { xLabel: string })[];
  backgroundParam: string;
  lodParam: string;
}

/** Data of the detection figure: growth curve and the two scans (25 log-spaced points over 1/30x-30x the defaults). */
export function detectionFigureData(m: MarkerModel, set: Record<string, number>, measure: Measure): DetectionFigureData {
  const det = firstDetection(m, 'cutoff');
  const tEnd = Number.isFinite(det.timeDays) ? det.timeDays * 1.15 : 20 * DAYS_PER_YEAR;
  const growth: DetectionFigureData['growth'] = [];
  for (let i = 1; i <= 200; i++) {
    const t = (tEnd * i) / 200;
    const cells = cellsOfTime(m, t);
    const tl = tumourLevel(m, t);
    growth.push({ years: t / DAYS_PER_YEAR, diameterMm: diameterMm(m, cells), level: m.bgMedian + tl, series: 'measured level (median person)' });
    growth.push({ years: t / DAYS_PER_YEAR, diameterMm: diameterMm(m, cells), level: Math.max(tl, 1e-300), series: 'tumour-derived part' });
  }
  const sp = SCAN_PARAMS[m.marker];
  const bg0 = m.params[sp.background]!, lod0 = m.params[sp.lod]!;
  const background = detectionScan(m.marker, sp.background, logspace(bg0 / 30, bg0 * 30, 25), 'cutoff', set, measure, m.growth).map((p) => ({ ...p, xLabel: sp.background }));
  const lod = detectionScan(m.marker, sp.lod, logspace(lod0 / 30, lod0 * 30, 25), 'lod', set, measure, m.growth).map((p) => ({ ...p, xLabel: sp.lod }));
  return { growth, background, lod, backgroundParam: sp.background, lodParam: sp.lod };
}

export function detectionSpec(m: MarkerModel, det: Detection, data: DetectionFigureData, title: string): vl.TopLevelSpec {
  const u = `${m.unit}/mL`;
  const yLog = { type: 'log' as const };
  const yMin = Math.min(m.lod, m.bgMedian) / 100;
  const rules = [
    { v: m.cutoff, what: `cut-off ${m.cutoff.toPrecision(3)} ${u}` },
    { v: m.lod, what: `detection limit ${m.lod.toPrecision(3)} ${u}` },
  ];
  const scanPanel = (values: unknown[], xTitle: string, sub: string, x0: number): Record<string, unknown> => ({
    width: 260, height: 200, title: sub,
    layer: [
      { data: { values }, mark: { type: 'line', point: true }, encoding: { x: { field: 'x', type: 'quantitative', scale: yLog, title: xTitle }, y: { field: 'diameterMm', type: 'quantitative', scale: yLog, title: 'diameter at first detection (mm)' } } },
      { data: { values: [{ x: x0 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: 'grey' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
    ],
  });
  return {
    ...BASE,
    title,
    vconcat: [
      {
        width: 580, height: 230,
        title: `Plasma level while the tumour grows from ${m.N0} cell(s); first detection (cut-off) at ${det.timeYears.toFixed(2)} y, ${det.diameterMm.toFixed(1)} mm`,
        layer: [
          { data: { values: data.growth.filter((g) => g.level >= yMin) }, mark: { type: 'line', clip: true }, encoding: { x: { field: 'years', type: 'quantitative', title: 'years of growth' }, y: { field: 'level', type: 'quantitative', scale: { type: 'log', domainMin: yMin }, title: `plasma level (${u})` }, color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'top-left', labelLimit: 300 } } } },
          { data: { values: rules }, mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { y: { field: 'v', type: 'quantitative' }, color: { value: 'grey' } } },
          { data: { values: rules }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: 'grey' }, encoding: { x: { value: 0 }, y: { field: 'v', type: 'quantitative' }, text: { field: 'what' } } },
          { data: { values: [{ years: det.timeYears }] }, mark: { type: 'rule', color: 'black' }, encoding: { x: { field: 'years', type: 'quantitative' } } },
        ],
      },
      {
        hconcat: [
          scanPanel(data.background, `${data.backgroundParam} (healthy background)`, 'Cut-off criterion vs background', m.params[data.backgroundParam]!),
          scanPanel(data.lod, `${data.lodParam} (assay limit)`, 'Tumour-only criterion vs assay limit', m.params[data.lodParam]!),
        ],
      },
    ],
  } as vl.TopLevelSpec;
}

export function rocSpec(m: MarkerModel, c: CohortResult, title: string): vl.TopLevelSpec {
  // thin the ROC to <= 400 points for the figure
  const step = Math.max(1, Math.floor(c.roc.length / 400));
  const roc = c.roc.filter((_, i) => i % step === 0 || i === c.roc.length - 1).map((p) => ({ fpr: 1 - p.specificity, tpr: p.sensitivity }));
  const levels = [...c.patients.map((v) => ({ g: 'patients', v })), ...c.healthy.map((v) => ({ g: 'healthy', v }))];
  return {
    ...BASE,
    title,
    hconcat: [
      {
        width: 260, height: 260, title: `ROC (AUC ${c.auc.toFixed(3)}; n = ${c.n} + ${c.n}, seed ${c.seed})`,
        layer: [
          { data: { values: roc }, mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: { field: 'fpr', type: 'quantitative', title: '1 - specificity', scale: { domain: [0, 1] } }, y: { field: 'tpr', type: 'quantitative', title: 'sensitivity', scale: { domain: [0, 1] } } } },
          { data: { values: [{ a: 0 }, { a: 1 }] }, mark: { type: 'line', strokeDash: [2, 2], color: 'grey' }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } } },
          { data: { values: [{ fpr: 1 - c.atCutoff.specificity, tpr: c.atCutoff.sensitivity }] }, mark: { type: 'point', filled: true, size: 80, color: 'red' }, encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } } },
        ],
      },
      {
        width: 260, height: 260, title: 'Measured levels (red line: cut-off)',
        layer: [
          { data: { values: levels }, mark: { type: 'boxplot', extent: 'min-max' }, encoding: { x: { field: 'g', type: 'nominal', title: null, axis: { labelAngle: 0 } }, y: { field: 'v', type: 'quantitative', scale: { type: 'log' }, title: `plasma level (${m.unit}/mL)` }, color: { field: 'g', type: 'nominal', legend: null } } },
          { data: { values: [{ v: m.cutoff }] }, mark: { type: 'rule', color: 'red', strokeDash: [4, 3] }, encoding: { y: { field: 'v', type: 'quantitative' } } },
        ],
      },
    ],
  } as vl.TopLevelSpec;
}

export function resectionSpec(m: MarkerModel, r: ResectionResult, title: string): vl.TopLevelSpec {
  const values = r.t.map((t, i) => ({ t, v: r.level[i]! }));
  const refs = [
    { v: r.baseline, what: 'own baseline' },
    { v: r.cutoff, what: 'cut-off' },
  ];
  return {
    ...BASE,
    title,
    width: 580, height: 260,
    layer: [
      { data: { values }, mark: { type: 'line' }, encoding: { x: { field: 't', type: 'quantitative', title: 'days after resection' }, y: { field: 'v', type: 'quantitative', scale: { type: 'log' }, title: `plasma level (${m.unit}/mL)` } } },
      { data: { values: refs }, mark: { type: 'rule', strokeDash: [4, 3], color: 'grey' }, encoding: { y: { field: 'v', type: 'quantitative' } } },
      { data: { values: refs }, mark: { type: 'text', align: 'right', dy: -6, color: 'grey' }, encoding: { x: { value: 575 }, y: { field: 'v', type: 'quantitative' }, text: { field: 'what' } } },
      ...(Number.isFinite(r.daysToBaseline) ? [{ data: { values: [{ t: r.daysToBaseline }] }, mark: { type: 'rule' as const, color: 'black' }, encoding: { x: { field: 't', type: 'quantitative' as const } } }] : []),
    ],
  } as vl.TopLevelSpec;
}

/** Convenience for docs: the detection figure of a marker with overrides. */
export function detectionFigure(marker: MarkerModel['marker'], set: Record<string, number> = {}, measure: Measure = 'total', growth: GrowthLaw = 'exponential'): vl.TopLevelSpec {
  const m = markerModel(marker, set, measure, growth);
  const det = firstDetection(m, 'cutoff');
  return detectionSpec(m, det, detectionFigureData(m, set, measure), `${marker}: tumour size at first detection`);
}
