/**
 * The analytic liquid-biopsy solution for exosomal miR-141 equals ExoSim's ODE model built from the `tissue`
 * (exponential growth) and `biomarker` mechanisms (an independent implementation of the same equations: module
 * units in hours, compiled and integrated by the ODE solver), and both give the same fall after resection.
 */
import { describe, expect, it } from 'vitest';
import { cellsOfTime, excessAfterResection, firstDetection, markerModel, tumourLevel } from '../../src/analysis/liquid-biopsy.js';
import { mechanism as biomarker } from '../../src/mechanisms/biomarker/index.js';
import { mechanism as tissue } from '../../src/mechanisms/tissue/index.js';
import type { ModelDoc } from '../../src/model/types.js';
import { compileDoc, runCondition, valueAt } from '../../src/scenarios/support.js';

function doc(initial: 'empty' | 'steady-state', growth: 'exponential' | 'gompertz' = 'exponential'): ModelDoc {
  const src = { citation: 'test', tag: 'D', confidence: 'high' } as const;
  return {
    exosim: '1', id: 'lb_ode_check', name: 'liquid-biopsy ODE cross-check',
    units: { time: 'day', substance: 'molecule', volume: 'mL' },
    compartments: [{ id: 'plasma', size: 3150, unit: 'mL' }, { id: 'organ', size: 20, unit: 'mL' }],
    parameters: [
      { id: 'one_cell', value: 1, unit: 'cell', source: src, confidence: 'high', range: [1, 1] },
      { id: 'N_shed', unit: 'dimensionless' },
      { id: 't_surgery', value: 1e6, unit: 'day', source: src, confidence: 'high', range: [0, 1e6] },
    ],
    rules: [{ type: 'assignment', variable: 'N_shed', formula: 'tumour.N_total / one_cell' }],
    modules: [tissue.module({ growth }), biomarker.module({ initial })],
    instances: [
      { id: 'tumour', module: 'tissue', bind: { site: 'organ' }, set: growth === 'gompertz' ? { N0_A: 1e6, K_cap: 1e12, alpha_A: 5.78e-3 / Math.log(1e6) } : { N0_A: 1e6 } },
      { id: 'bm', module: 'biomarker', bind: { medium: 'plasma', N_tumour: 'N_shed' } },
    ],
    events: [{ id: 'resect', trigger: 'time >= t_surgery', assignments: [{ variable: 'tumour.N_A', formula: '0' }] }],
  } as ModelDoc;
}

describe('analytic model = tissue + biomarker mechanisms (ODE)', () => {
  it('tumour-derived plasma miR-141 while a tumour grows from 1e6 cells', () => {
    const r = runCondition(compileDoc(doc('empty')), { tEnd: 400, steps: 400 });
    const m = markerModel('mir141', { N0: 1e6 });
    for (const t of [1, 10, 100, 400]) {
      expect(valueAt(r, 'bm.tumour_copies_per_mL', t) / tumourLevel(m, t)).toBeCloseTo(1, 3);
    }
  });

  it('fall after resection of a growing tumour', () => {
    const ts = 300;
    const r = runCondition(compileDoc(doc('empty')), { tEnd: ts + 10, steps: 3100, overrides: { t_surgery: ts } });
    const m = markerModel('mir141', { N0: 1e6 });
    const cells = 1e6 * Math.exp(5.78e-3 * ts);
    for (const dt of [1, 3, 6]) {
      // the analytic resection starts from the quasi-steady state; after 300 days of growth the transients are gone
      expect(valueAt(r, 'bm.tumour_copies_per_mL', ts + dt) / excessAfterResection(m, cells, dt)).toBeCloseTo(1, 2);
    }
  });

  it('Gompertz growth (the tissue mechanism\'s law): cells and tumour-derived miR-141 over 20 years', () => {
    const r = runCondition(compileDoc(doc('empty', 'gompertz')), { tEnd: 7300, steps: 730 });
    const m = markerModel('mir141', { N0: 1e6, K_cap: 1e12 }, 'total', 'gompertz');
    for (const t of [10, 100, 1000, 3000, 7300]) {
      expect(valueAt(r, 'tumour.N_total', t) / cellsOfTime(m, t), `cells at ${t} d`).toBeCloseTo(1, 4);
      expect(valueAt(r, 'bm.tumour_copies_per_mL', t) / tumourLevel(m, t), `level at ${t} d`).toBeCloseTo(1, 4);
    }
    // first detection: the ODE level at the detection time equals the threshold
    const d = firstDetection(m, 'lod');
    const r2 = runCondition(compileDoc(doc('empty', 'gompertz')), { tEnd: d.timeDays, steps: 100 });
    expect(valueAt(r2, 'bm.tumour_copies_per_mL', d.timeDays) / m.lod).toBeCloseTo(1, 4);
  });
});

