/**
 * Vega-Lite plots of the therapy-design analysis: knock-down time courses per site (tumour, off-target organs) and
 * dose-response curves (knock-down at the read-out against the dose per injection, log axis) with the target.
 */
import type * as vl from 'vega-lite';
import type { ScenarioSeries } from '../../scenarios/types.js';
import { linesOf } from '../../mechanisms/therapy/scenario-kit.js';
import type { Readout, TherapyCourse } from '../therapy-design.js';

export function courseSeries(c: TherapyCourse): ScenarioSeries[] {
  return c.sites.map((s) => ({
    x: c.time_h, y: c.courses[s]!.knockdown.map((v) => 100 * v), xLabel: 'time after the first dose (h)',
    yLabel: `knock-down of the ${c.design.payload === 'antiMiR' ? 'active miRISC' : 'target protein'} (%)`, condition: s,
  }));
}

/** Knock-down time courses, one line per site. */
export function courseSpec(c: TherapyCourse, title?: string): vl.TopLevelSpec {
  const d = c.design;
  return linesOf(
    title ?? `${d.payload} exosomes (${d.copiesPerEV} copies each, ligand ${d.ligand}, ${d.route}): ${d.nDoses} x ${d.dose.toExponential(2)} exosomes every ${d.interval_h} h`,
    courseSeries(c), c.sites, { width: 560, height: 260 },
  );
}

export interface DoseResponsePoint { dose: number; site: string; knockdown: number }

function readoutText(r: Readout): string {
  return r === 'peak' ? 'peak' : r === 'end' ? 'end of course' : `at ${r.at} h`;
}

/** Dose-response curves (log dose), a horizontal rule at the target and a vertical one at the found dose. */
export function doseResponseSpec(points: DoseResponsePoint[], sites: string[], readout: Readout, target?: { knockdown: number; dose?: number }, title = ''): vl.TopLevelSpec {
  const layers: unknown[] = [
    {
      data: { values: points.map((p) => ({ ...p, knockdown: 100 * p.knockdown })) },
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { field: 'dose', type: 'quantitative', scale: { type: 'log' }, title: 'exosomes per dose', axis: { format: '.0e' } },
        y: { field: 'knockdown', type: 'quantitative', title: `knock-down, ${readoutText(readout)} (%)`, scale: { domain: [0, 100] } },
        color: { field: 'site', type: 'nominal', sort: sites, scale: { scheme: 'tableau10' }, legend: { title: 'site', orient: 'bottom' } },
      },
    },
  ];
  if (target) {
    layers.push({ data: { values: [{ y: 100 * target.knockdown }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { y: { field: 'y', type: 'quantitative' } } });
    if (target.dose !== undefined && Number.isFinite(target.dose)) {
      layers.push({ data: { values: [{ x: target.dose }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'black' }, encoding: { x: { field: 'x', type: 'quantitative', scale: { type: 'log' } } } });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    background: 'white', config: { font: 'DejaVu Sans' }, title, width: 560, height: 260, layer: layers,
  } as unknown as vl.TopLevelSpec;
}

/** Two panels stacked: a dose-response and the time courses at the found dose. */
export function stack(specs: vl.TopLevelSpec[]): vl.TopLevelSpec {
  const strip = (s: vl.TopLevelSpec) => {
    const { $schema: _a, background: _b, config: _c, ...rest } = s as unknown as Record<string, unknown>;
    void _a; void _b; void _c;
    return rest;
  };
  return { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', background: 'white', config: { font: 'DejaVu Sans' }, vconcat: specs.map(strip), resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } } } as unknown as vl.TopLevelSpec;
}
