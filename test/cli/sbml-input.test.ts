/**
 * SBML files as model input of `exosim run`, `validate`, `describe`, `compile` and `steady-state` (in-process and
 * through the built CLI, whose `run` recompiles the model from its text in a worker thread).
 * The reference is the SBML Test Suite's own result table for case 00001 (S1 -> S2 at rate k1*S1*compartment,
 * results computed independently by the suite), compared with the suite's absolute/relative tolerances.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, parseCsv, ROOT, spawnCli, tmp } from './helpers.js';

const CASE = 'test/sbml-suite/cases/00001/00001-sbml-l3v2.xml';
const CASE_DIR = join(ROOT, 'test', 'sbml-suite', 'cases', '00001');
const UNSUPPORTED = 'test/sbml/invalid/package-distrib.xml'; // a required package ExoSim does not implement

/** The suite's settings file: `key: value` lines. */
function settings(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(CASE_DIR, '00001-settings.txt'), 'utf8').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * Factor turning the CLI's output column of `species` into the quantity the suite reports: the importer outputs
 * amounts for species declared with initialAmount and concentrations for initialConcentration; the suite wants
 * amounts for the species listed under `amount:` (amount = concentration * compartment size).
 */
function toSuiteFactor(sbml: string, species: string, wantAmount: boolean): number {
  const sp = new RegExp(`<species[^>]*\\bid="${species}"[^>]*>`).exec(sbml)?.[0];
  if (!sp) throw new Error(`species ${species} not in the SBML`);
  const comp = /compartment="([^"]+)"/.exec(sp)![1]!;
  const c = new RegExp(`<compartment[^>]*\\bid="${comp}"[^>]*>`).exec(sbml)![0];
  const size = Number(/\bsize="([^"]+)"/.exec(c)![1]);
  const outIsAmount = /initialAmount=/.test(sp);
  if (outIsAmount === wantAmount) return 1;
  return wantAmount ? size : 1 / size;
}

/** Compare a CLI CSV against the suite's results with its tolerances: |x - r| <= abs + rel * |r|. */
function expectMatchesSuite(csv: string): void {
  const s = settings();
  const abs = Number(s['absolute']);
  const rel = Number(s['relative']);
  const amount = new Set((s['amount'] ?? '').split(',').map((x) => x.trim()).filter(Boolean));
  const variables = (s['variables'] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  expect(abs).toBeGreaterThan(0);
  expect(rel).toBeGreaterThan(0);
  const sbml = readFileSync(join(ROOT, CASE), 'utf8');
  const got = parseCsv(csv);
  const ref = parseCsv(readFileSync(join(CASE_DIR, '00001-results.csv'), 'utf8'));
  expect(got.rows).toHaveLength(ref.rows.length);
  expect(variables.length).toBeGreaterThan(0);
  for (const v of variables) {
    const gi = got.header.indexOf(v);
    const ri = ref.header.indexOf(v);
    expect(gi, `${v} in CLI output`).toBeGreaterThan(0);
    expect(ri).toBeGreaterThan(0);
    const f = toSuiteFactor(sbml, v, amount.has(v));
    for (let k = 0; k < ref.rows.length; k++) {
      expect(got.rows[k]![0]).toBeCloseTo(ref.rows[k]![0]!, 12);
      const x = got.rows[k]![gi]! * f;
      const r = ref.rows[k]![ri]!;
      expect(Math.abs(x - r), `${v} at t = ${ref.rows[k]![0]}`).toBeLessThanOrEqual(abs + rel * Math.abs(r));
    }
  }
}

describe('SBML input (in-process CLI)', () => {
  it('run: case 00001 matches the suite results; the record hashes the SBML text', async () => {
    const d = tmp();
    const out = join(d, 'r.csv');
    const r = await cli(['run', CASE, '--t-end', '5', '--steps', '50', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expectMatchesSuite(readFileSync(out, 'utf8'));
    const record = JSON.parse(readFileSync(`${out}.run.json`, 'utf8')) as { modelHash: string; status: string };
    expect(record.status).toBe('done');
    expect(record.modelHash).toBe(createHash('sha256').update(readFileSync(join(ROOT, CASE), 'utf8')).digest('hex'));
    // stdout CSV (no --out) is the same table.
    const r2 = await cli(['run', CASE, '--t-end', '5', '--steps', '50', '--quiet']);
    expect(r2.code, r2.stderr).toBe(0);
    expectMatchesSuite(r2.stdout);
  });

  it('run --interpret takes the SBML path too', async () => {
    const r = await cli(['run', CASE, '--t-end', '5', '--steps', '50', '--interpret', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expectMatchesSuite(r.stdout);
  });

  it('SBML is recognised by content whatever the extension', async () => {
    const d = tmp();
    const p = join(d, 'model.txt');
    writeFileSync(p, readFileSync(join(ROOT, CASE), 'utf8'));
    const r = await cli(['run', p, '--t-end', '5', '--steps', '50', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expectMatchesSuite(r.stdout);
  });

  it('validate and describe', async () => {
    const v = await cli(['validate', CASE]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^ok: 2 species, 1 reaction, 1 parameter, 1 compartment/);
    const d = await cli(['describe', CASE]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain('S1');
    expect(d.stdout).toContain('S2');
    expect(d.stdout).toContain('reaction1');
    expect(d.stdout).toContain('k1');
  });

  it('compile: --emit model prints the SBML document, --emit flat and code work', async () => {
    const m = await cli(['compile', CASE, '--emit', 'model']);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toBe(readFileSync(join(ROOT, CASE), 'utf8').replace(/\n?$/, '\n'));
    const f = await cli(['compile', CASE, '--emit', 'flat']);
    expect(f.code, f.stderr).toBe(0);
    const flat = JSON.parse(f.stdout) as { species: { id: string }[] };
    expect(flat.species.map((s) => s.id)).toEqual(['S1', 'S2']);
    const c = await cli(['compile', CASE, '--emit', 'code']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.length).toBeGreaterThan(0);
  });

  it('steady-state: S1 -> S2 ends with all substance in S2 (S1 + S2 = 1.5e-4 mol conserved)', async () => {
    const r = await cli(['steady-state', CASE]);
    expect(r.code, r.stderr).toBe(0);
    const rows = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/))
        .map((c) => [c[0]!, Number(c[1])]),
    );
    expect(Math.abs(rows['S1']!)).toBeLessThan(1e-10);
    expect(rows['S2']!).toBeCloseTo(1.5e-4, 9);
  });

  it('malformed SBML exits 2 with file:line', async () => {
    const d = tmp();
    const p = join(d, 'bad.xml');
    writeFileSync(p, '<?xml version="1.0" encoding="UTF-8"?>\n<sbml level="3" version="2">\n  <model id="m">\n    <listOfSpecies>\n  </model>\n</sbml>\n');
    for (const args of [['validate', 'bad.xml'], ['run', 'bad.xml', '--t-end', '1'], ['describe', 'bad.xml']]) {
      const r = await cli(args, d);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^bad\.xml:\d+(:\d+)?: error E_[A-Z_]+: /m);
      expect(r.stderr).not.toContain('    at ');
    }
  });

  it('unsupported SBML (a required package) exits 2 with E_SBML_UNSUPPORTED', async () => {
    for (const args of [['validate', UNSUPPORTED], ['run', UNSUPPORTED, '--t-end', '1']]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^test\/sbml\/invalid\/package-distrib\.xml:\d+(:\d+)?: error E_SBML_UNSUPPORTED: .*distrib/m);
    }
  });
});

describe('SBML comp input with an external model file', () => {
  it('run reads the external model definition next to the document (case 01475) and matches the suite results', async () => {
    const dir = 'test/sbml-suite/cases/01475';
    const d = tmp();
    const out = join(d, 'comp.csv');
    const r = await cli(['run', `${dir}/01475-sbml-l3v2.xml`, '--t-end', '1', '--steps', '10', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const got = parseCsv(readFileSync(out, 'utf8'));
    const want = parseCsv(readFileSync(join(ROOT, dir, '01475-results.csv'), 'utf8'));
    const s1 = got.header.indexOf('s1');
    const w1 = want.header.indexOf('s1');
    expect(s1).toBeGreaterThan(0);
    expect(got.rows.length).toBe(want.rows.length);
    got.rows.forEach((row, i) => expect(Math.abs(row[s1]! - want.rows[i]![w1]!)).toBeLessThan(1e-9));
  });
});

describe('SBML input (node bin/exosim.js)', () => {
  it('run recompiles the SBML model in the worker and matches the suite results', async () => {
    const d = tmp();
    const out = join(d, 'r.csv');
    const r = await spawnCli(['run', CASE, '--t-end', '5', '--steps', '50', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expectMatchesSuite(readFileSync(out, 'utf8'));
    const v = await spawnCli(['validate', UNSUPPORTED]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('E_SBML_UNSUPPORTED');
    expect(v.stderr).not.toContain('    at ');
  });
});
