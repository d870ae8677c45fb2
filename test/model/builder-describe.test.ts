import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeModel, flattenModel, loadedFromDoc, loadModelText, modelBuilder, moduleBuilder, type FlatModel } from '../../src/model/index.js';

const examples = join(import.meta.dirname, '..', '..', 'examples');

function fromYaml(rel: string): FlatModel {
  const { loaded } = loadModelText(readFileSync(join(examples, rel), 'utf8'));
  return flattenModel(loaded!).flat!;
}

/** Everything but source locations (code-built models have none). */
function strip(f: FlatModel) {
  const { locations: _l, ...rest } = f;
  return JSON.parse(JSON.stringify(rest, (_k, v) => (_k === 'span' ? undefined : v)));
}

describe('modelBuilder', () => {
  it('builds the same flat model as the YAML decay example', () => {
    const doc = modelBuilder('decay')
      .name('First-order decay')
      .units({ time: 'min', substance: 'nmol', volume: 'L' })
      .compartment({ id: 'cell', size: 1, unit: 'pL' })
      .species({ id: 'A', compartment: 'cell', initialConcentration: 5, unit: 'nM' })
      .parameter({ id: 'k', value: 0.1, unit: '1/min', range: [0.01, 1], source: { citation: 'Illustrative value', confidence: 'low' } })
      .reaction({ id: 'degradation', equation: 'A ->', kinetics: { law: 'massAction', kf: 'k' } })
      .build();
    const r = flattenModel(loadedFromDoc(doc));
    expect(r.diagnostics).toEqual([]);
    expect(strip(r.flat!)).toEqual(strip(fromYaml('basics/decay.yaml')));
  });
  it('builds modules and instances like the YAML module example', () => {
    const turnover = moduleBuilder('turnover').ports('cell')
      .compartment({ id: 'cell', size: 1, unit: 'pL' })
      .species({ id: 'miR', compartment: 'cell', initialAmount: 0, unit: 'molecule', hasOnlySubstanceUnits: true })
      .parameter({ id: 'kp', value: 100, unit: 'molecule/h' })
      .parameter({ id: 'kd', value: 0.1, unit: '1/h' })
      .reaction({ id: 'production', equation: '-> miR', rate: 'kp' })
      .reaction({ id: 'decay', equation: 'miR ->', rate: 'kd * miR' });
    const doc = modelBuilder('two_cells').name('miRNA turnover in two cells')
      .units({ time: 'h', substance: 'molecule', volume: 'pL' })
      .compartment({ id: 'donor_cell', size: 2, unit: 'pL' })
      .compartment({ id: 'recipient_cell', size: 1.5, unit: 'pL' })
      .module(turnover)
      .instance({ id: 'donor', module: 'turnover', bind: { cell: 'donor_cell' } })
      .instance({ id: 'recipient', module: 'turnover', bind: { cell: 'recipient_cell' }, set: { kp: 20 } })
      .observable('total_miR', 'donor.miR + recipient.miR', 'molecule')
      .build();
    const r = flattenModel(loadedFromDoc(doc));
    expect(r.diagnostics).toEqual([]);
    expect(strip(r.flat!)).toEqual(strip(fromYaml('basics/module-instance.yaml')));
  });
  it('returns fresh copies: building twice does not share state', () => {
    const b = modelBuilder('m').parameter({ id: 'k', value: 1 });
    const a = b.build();
    a.parameters![0]!.value = 99;
    expect(b.build().parameters![0]!.value).toBe(1);
  });
});

describe('describeModel', () => {
  it('describes species, reactions and parameters in declared units with sources', () => {
    const text = describeModel(fromYaml('basics/decay.yaml'));
    expect(text).toMatch(/^Model decay \(First-order decay\) has 1 species in 1 compartment, 1 reaction and 1 parameter\./);
    expect(text).toContain('Species A (nM) starts at 5 nM in compartment cell.');
    expect(text).toContain('Reaction degradation removes A at rate cell * (k * A).');
    expect(text).toContain('Parameter k = 0.1 1/min, plausible range 0.01 to 1 1/min (source: Illustrative value, confidence low).');
  });
  it('describes conversions, events and observables', () => {
    expect(describeModel(fromYaml('basics/michaelis-menten.yaml'))).toContain('Reaction conversion converts S into P at rate cyto * (vmax * S / (km + S)).');
    const ev = describeModel(fromYaml('basics/dosing-event.yaml'));
    expect(ev).toContain('Event add_dose fires when time >= 10 and then sets EV to EV + dose.');
    expect(ev).toContain('Parameter dose = 1000000000 exosome.');
  });
});
