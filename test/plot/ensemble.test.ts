/**
 * Ensemble plots (src/plot/ensemble.ts): the band is mean +- SD, or the widest quantile pair when the ensemble has
 * two quantiles; the line is the mean; the rendered SVG has both marks; `exosim run --replicates --plot` uses it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModelText } from '../../src/pipeline.js';
import { simulateEnsemble } from '../../src/ensemble.js';
import { ensembleBand, ensembleSpec, renderVegaLiteSvg } from '../../src/plot/index.js';
import { cli, tmp } from '../cli/helpers.js';

const MODEL = `exosim: '1'
id: birth_death
units: { time: h, substance: molecule, volume: pL }
compartments:
  - { id: cell, size: 1, unit: pL }
species:
  - { id: X, compartment: cell, initialAmount: 0, unit: molecule, hasOnlySubstanceUnits: true }
parameters:
  - { id: kp, value: 20, unit: molecule/h }
  - { id: kd, value: 0.5, unit: 1/h }
reactions:
  - { id: make, equation: '-> X', rate: kp }
  - { id: decay, equation: 'X ->', rate: kd * X }
`;

describe('ensemble plots', () => {
  const compiled = compileModelText(MODEL, { file: 'bd.yaml' }).compiled!;

  it('chooses the band from the statistics', () => {
    expect(ensembleBand(['mean', 'sd'])).toEqual({ kind: 'sd' });
    expect(ensembleBand(['mean', 'q95', 'q05', 'q50'])).toEqual({ kind: 'quantiles', lo: 'q05', hi: 'q95' });
    expect(ensembleBand(['sd'])).toBeNull();
    expect(ensembleBand(['mean'])).toBeNull();
  });

  it('band = mean +- SD per output time; renders an area and a line', async () => {
    const r = await simulateEnsemble(compiled, { solver: 'ssa-direct', replicates: 50, tEnd: 10, steps: 10, seed: 2, inProcess: true });
    const spec = ensembleSpec(r) as unknown as { data: { values: { time: number; mean: number; lo: number; hi: number }[] } };
    const mean = r.series.find((s) => s.column === 'X' && s.stat === 'mean')!.values;
    const sd = r.series.find((s) => s.column === 'X' && s.stat === 'sd')!.values;
    const rows = spec.data.values;
    expect(rows.length).toBe(11);
    rows.forEach((row, i) => {
      expect(row.mean).toBe(mean[i]);
      expect(row.lo).toBeCloseTo(mean[i]! - sd[i]!, 12);
      expect(row.hi).toBeCloseTo(mean[i]! + sd[i]!, 12);
    });
    const svg = await renderVegaLiteSvg(ensembleSpec(r));
    expect(svg).toContain('mark-area');
    expect(svg).toContain('mark-line');
  });

  it('`exosim run --solver ssa-direct --replicates N --plot` writes the band plot', async () => {
    const dir = tmp();
    const model = join(dir, 'bd.yaml');
    await import('node:fs').then((fs) => fs.writeFileSync(model, MODEL));
    const svgPath = join(dir, 'bd.svg');
    const r = await cli(['run', model, '--solver', 'ssa-direct', '--replicates', '40', '--t-end', '5', '--steps', '5', '--threads', '1', '--stats', 'mean,q05,q95', '--plot', svgPath, '--out', join(dir, 'bd.csv'), '--quiet']);
    expect(r.code).toBe(0);
    expect(existsSync(svgPath)).toBe(true);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg).toContain('mark-area');
    expect(svg).toContain('q05-q95');
  });
});
