/**
 * Every scenario of SYSTEM.md's table (src/scenarios/registry.ts): present with exactly the table's ids, runs,
 * every check passes and compares numbers (not constants), the series are finite, the plot renders and equals its
 * reviewed snapshot docs/scenarios/<id>.svg (regenerate with UPDATE_SNAPSHOTS=1 or `npm run docs:scenarios`, then
 * review the image), the CLI lists and runs scenarios, and docs/scenarios.md covers each one.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, getScenario } from '../../src/scenarios/registry.js';
import { renderVegaLiteSvg } from '../../src/plot/vega.js';
import { compileDoc } from '../../src/scenarios/support.js';
import { describeScenario } from '../../src/scenarios/describe.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const IDS = [
  'melo2014-exosome-maturation',
  'melo2014-mcf10a-transformation',
  'melo2014-patient-sera',
  'le2014-mir200-metastasis',
  'fabbri2012-tlr8',
  'zhang2010-mir150',
  'mitchell2008-mir141',
  'munoz2013-antimir9',
  'katakowski2013-mir146b',
  'ohno2013-ge11-let7a',
  'alvarez-erviti2011-rvg',
  'secretion-control',
  'chevillet2014-stoichiometry',
];

describe('scenario registry', () => {
  it("holds exactly SYSTEM.md's 13 experiment ids, in the table's order", () => {
    expect(listScenarios().map((s) => s.id)).toEqual(IDS);
  });
  it('unknown ids are E_UNKNOWN_SCENARIO with a hint', () => {
    let err: unknown;
    try {
      getScenario('melo2015');
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
  });
});

const results = new Map<string, ScenarioResult>();

describe.each(IDS)('scenario %s', (id) => {
  it('its model compiles; metadata complete; describe() in sentences', () => {
    const s = getScenario(id);
    expect(s.title.length).toBeGreaterThan(10);
    expect(s.citation).toMatch(/\d{4}/);
    expect(s.claim.length).toBeGreaterThan(20);
    expect(s.protocol.length).toBeGreaterThan(0);
    expect(s.mechanisms.length).toBeGreaterThan(0);
    for (const m of s.mechanisms) expect(existsSync(join(ROOT, 'src', 'mechanisms', m, 'index.ts')), m).toBe(true);
    expect(s.keyParameters.length).toBeGreaterThan(0);
    const compiled = compileDoc(s.model());
    const ids = new Set([...compiled.flat.parameters.map((p) => p.id), ...compiled.flat.species.map((p) => p.id), ...compiled.flat.compartments.map((p) => p.id)]);
    for (const k of s.keyParameters) expect(ids.has(k), `key parameter ${k}`).toBe(true);
    expect(describeScenario(s)).toContain(s.citation);
  });

  it('runs; every check passes on observed numbers; series finite', async () => {
    const s = getScenario(id);
    const r = await s.run({ set: {}, seed: 0 });
    results.set(id, r);
    expect(r.id).toBe(id);
    expect(r.citation).toBe(s.citation);
    expect(r.checks.length).toBeGreaterThan(0);
    for (const c of r.checks) {
      const obs = Array.isArray(c.observed) ? c.observed : [c.observed];
      expect(obs.length, c.name).toBeGreaterThan(0);
      for (const v of obs) expect(Number.isFinite(v), `${c.name}: ${v}`).toBe(true);
      expect(c.pass, `${c.name}: expected ${c.expected}, observed ${JSON.stringify(c.observed)}`).toBe(true);
      if (c.gap) expect(Object.keys(c.gap.closingParameters).length, c.name).toBeGreaterThan(0);
    }
    expect(Object.keys(r.series).length).toBeGreaterThan(0);
    for (const [k, ser] of Object.entries(r.series)) {
      expect(ser.x.length, k).toBe(ser.y.length);
      for (const v of [...ser.x, ...ser.y]) expect(Number.isFinite(v), k).toBe(true);
      expect(ser.xLabel.length, k).toBeGreaterThan(0); // a time or dose axis, or an index of persons/conditions
      expect(ser.yLabel, k).toMatch(/\(.+\)/); // the quantity with its unit
    }
    // the same seed gives the same result
    const again = await s.run({ set: {}, seed: 0 });
    expect(again.checks.map((c) => c.observed)).toEqual(r.checks.map((c) => c.observed));
  }, 60_000);

  it('plot renders and matches its reviewed snapshot docs/scenarios/<id>.svg', async () => {
    const s = getScenario(id);
    const r = results.get(id) ?? (await s.run({ set: {}, seed: 0 }));
    const svg = await renderVegaLiteSvg(s.plot(r));
    expect(svg).toMatch(/^<svg/);
    const file = join(ROOT, 'docs', 'scenarios', `${id}.svg`);
    if (process.env.UPDATE_SNAPSHOTS || !existsSync(file)) {
      mkdirSync(join(ROOT, 'docs', 'scenarios'), { recursive: true });
      if (process.env.UPDATE_SNAPSHOTS) writeFileSync(file, svg);
    }
    expect(existsSync(file), `${file} missing: run UPDATE_SNAPSHOTS=1 or npm run docs:scenarios`).toBe(true);
    expect(svg).toBe(readFileSync(file, 'utf8'));
  }, 60_000);
});

describe('docs/scenarios.md', () => {
  it("covers every scenario: id, the paper's claim, key parameters", () => {
    const text = readFileSync(join(ROOT, 'docs', 'scenarios.md'), 'utf8');
    for (const s of listScenarios()) {
      expect(text).toContain(`## ${s.id}`);
      expect(text).toContain(s.claim);
      for (const k of s.keyParameters) expect(text).toContain(`\`${k}\``);
    }
  });
});
