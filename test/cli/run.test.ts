import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, parseCsv, ROOT, tmp } from './helpers.js';

const decay = join(FIXTURES, 'decay.yaml');
const pkgVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

// decay.yaml: A -> B, k = 0.5/s, A(0) = 1 nM: A(t) = exp(-k t), B(t) = 1 - exp(-k t) (analytic solution).
const A = (t: number, k = 0.5): number => Math.exp(-k * t);

describe('exosim run (in-process)', () => {
  it('writes CSV with N+1 rows, a time,<ids> header and the run record beside it', async () => {
    const d = tmp();
    const out = join(d, 'sub', 'r.csv');
    const r = await cli(['run', decay, '--t-end', '4', '--steps', '8', '--out', out, '--rtol', '1e-8', '--atol', '1e-12']);
    expect(r.stderr).not.toContain('    at ');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const { header, rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['time', 'A', 'B']);
    expect(rows).toHaveLength(9);
    for (const [i, row] of rows.entries()) {
      expect(row[0]).toBeCloseTo(i * 0.5, 12);
      expect(row[1]).toBeCloseTo(A(row[0]!), 6);
      expect(row[2]).toBeCloseTo(1 - A(row[0]!), 6);
    }
    // Run record: hash of the model text, seed, solver and settings, version, parameters with sources.
    const rec = JSON.parse(readFileSync(`${out}.run.json`, 'utf8'));
    expect(rec.modelHash).toBe(sha256(readFileSync(decay, 'utf8')));
    expect(rec.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.seed).toBeNull();
    expect(typeof rec.solver.id).toBe('string');
    expect(typeof rec.solver.settings).toBe('object');
    expect(rec.exosimVersion).toBe(pkgVersion);
    expect(rec.status).toBe('done');
    expect(rec.tEnd).toBe(4);
    expect(rec.outputPoints).toBe(9);
    expect(rec.modelId).toBe('decay');
    const k = rec.parameters.find((p: { id: string }) => p.id === 'k');
    expect(k.value).toBe(0.5);
    expect(k.source.citation).toBe('test fixture');
    // Summary line names what was written.
    expect(r.stderr).toContain(out);
    expect(r.stderr).toContain(`${out}.run.json`);
    // No temporary files left.
    expect(readdirSync(join(d, 'sub')).sort()).toEqual(['r.csv', 'r.csv.run.json']);
  });

  it('prints CSV on stdout without --out', async () => {
    const r = await cli(['run', 'test/fixtures/decay.yaml', '--t-end', '2', '--steps', '4', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['time', 'A', 'B']);
    expect(rows).toHaveLength(5);
    expect(rows[4]![1]).toBeCloseTo(A(2), 5);
  });

  it('writes JSON with units, values and the record', async () => {
    const d = tmp();
    const out = join(d, 'r.json');
    const r = await cli(['run', decay, '--t-end', '1', '--steps', '2', '--out', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.time).toEqual([0, 0.5, 1]);
    expect(j.timeUnit).toBe('s');
    expect(j.columns.map((c: { id: string; unit: string }) => [c.id, c.unit])).toEqual([
      ['A', 'nM'],
      ['B', 'nM'],
    ]);
    expect(j.columns[0].values[2]).toBeCloseTo(A(1), 5);
    expect(j.record.modelHash).toBe(sha256(readFileSync(decay, 'utf8')));
    expect(existsSync(`${out}.run.json`)).toBe(true);
  });

  it('--set changes the result and is recorded', async () => {
    const r = await cli(['run', decay, '--t-end', '2', '--steps', '2', '--set', 'k=1.5', '--quiet']);
    expect(r.code).toBe(0);
    const { rows } = parseCsv(r.stdout);
    expect(rows[2]![1]).toBeCloseTo(A(2, 1.5), 5);
    const d = tmp();
    await cli(['run', decay, '--t-end', '2', '--steps', '2', '--set', 'k=1.5', '--out', join(d, 'r.csv')]);
    const rec = JSON.parse(readFileSync(join(d, 'r.csv.run.json'), 'utf8'));
    expect(rec.overrides).toEqual({ k: 1.5 });
  });

  it('--species keeps only the chosen columns', async () => {
    const r = await cli(['run', decay, '--t-end', '1', '--steps', '1', '--species', 'B', '--quiet']);
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout).header).toEqual(['time', 'B']);
  });

  it('reads JSON models', async () => {
    const r = await cli(['run', join(FIXTURES, 'decay.json'), '--t-end', '1', '--steps', '2', '--quiet']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['time', 'A']);
    expect(rows[2]![1]).toBeCloseTo(2 * Math.exp(-1), 5);
  });

  it('writes SVG and PNG plots', async () => {
    const d = tmp();
    const r = await cli(['run', decay, '--t-end', '4', '--steps', '20', '--out', join(d, 'r.csv'), '--plot', join(d, 'p.svg')]);
    expect(r.code).toBe(0);
    const svg = readFileSync(join(d, 'p.svg'), 'utf8');
    expect(svg).toContain('time (s)');
    expect(svg).toContain('concentration (nM)');
    const r2 = await cli(['run', decay, '--t-end', '4', '--steps', '20', '--plot', join(d, 'p.png'), '--quiet']);
    expect(r2.code).toBe(0);
    expect([...readFileSync(join(d, 'p.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Without --out the record goes beside the plot.
    expect(existsSync(join(d, 'p.png.run.json'))).toBe(true);
  });
});

describe('exosim run: user errors exit 2 with a located message and no stack trace', () => {
  const bad = async (args: string[], ...expected: (string | RegExp)[]): Promise<string> => {
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toContain('    at ');
    for (const e of expected) expect(r.stderr).toMatch(e);
    return r.stderr;
  };

  it('refuses bad flags, naming the flag', async () => {
    await bad(['run', decay, '--t-end', '1', '--rtol', 'abc'], /--rtol/, /abc/, /E_FLAG/);
    await bad(['run', decay, '--t-end', 'soon'], /--t-end/);
    await bad(['run', decay, '--t-end', '1', '--steps', '0'], /--steps: must be a positive integer/);
    await bad(['run', decay, '--t-end', '1', '--steps', '2.5'], /--steps/);
    await bad(['run', decay, '--t-end', '1', '--set', 'k'], /--set: expected id=number/);
    await bad(['run', decay, '--t-end', '1', '--set', 'k=fast'], /--set/);
    await bad(['run', decay, '--t-end', '1', '--out', 'r.txt'], /--out/, /\.csv or \.json/);
    await bad(['run', decay, '--t-end', '1', '--plot', 'p.pdf'], /--plot/, /\.svg or \.png/);
    await bad(['run', decay, '--t-end', '1', '--species', 'Nope'], /--species/, /Nope/);
    // Every flag problem at once.
    const all = await bad(['run', decay, '--t-end', 'x', '--rtol', 'y']);
    expect(all).toMatch(/--t-end[\s\S]*--rtol/);
  });

  it('requires --t-end', async () => {
    await bad(['run', decay], /--t-end/, /fix: /);
  });

  it('reports commander errors as E_USAGE', async () => {
    await bad(['run', decay, '--bogus'], /E_USAGE/, /--bogus/);
    await bad(['run'], /E_USAGE/, /model/);
    await bad(['frobnicate'], /E_USAGE/);
  });

  it('reports missing files and invalid models with file:line', async () => {
    await bad(['run', 'test/fixtures/nope.yaml', '--t-end', '1'], /test\/fixtures\/nope\.yaml: error E_FILE_NOT_FOUND/);
    await bad(['run', 'test/fixtures/unknown-species.yaml', '--t-end', '1'], /test\/fixtures\/unknown-species\.yaml:\d+(:\d+)?: error E_/);
    await bad(['run', 'test/fixtures/bad-yaml.yaml', '--t-end', '1'], /test\/fixtures\/bad-yaml\.yaml:\d+(:\d+)?: error E_/);
  });

  it('reports an unknown solver', async () => {
    await bad(['run', decay, '--t-end', '1', '--solver', 'ode-nonexistent'], /ode-nonexistent/, /error E_/);
  });

  it('leaves an existing output file byte-identical when the run fails', async () => {
    const d = tmp();
    const out = join(d, 'r.csv');
    const before = 'time,A\n0,1\n';
    writeFileSync(out, before);
    writeFileSync(`${out}.run.json`, '{"old":true}\n');
    await bad(['run', 'test/fixtures/unknown-species.yaml', '--t-end', '1', '--out', out]);
    await bad(['run', decay, '--t-end', '1', '--solver', 'ode-nonexistent', '--out', out]);
    await bad(['run', decay, '--t-end', '1', '--rtol', 'abc', '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readFileSync(`${out}.run.json`, 'utf8')).toBe('{"old":true}\n');
    expect(readdirSync(d).sort()).toEqual(['r.csv', 'r.csv.run.json']);
  });
});

describe('exosim run: solver failures', () => {
  it('exit 2 naming the model and the solver code; existing output untouched', async () => {
    const d = tmp();
    const out = join(d, 'b.csv');
    writeFileSync(out, 'old');
    // x' = x^2, x(0) = 1 blows up at t = 1 (x = 1/(1-t)): no solver can pass it.
    const r = await cli(['run', 'test/fixtures/blowup.yaml', '--t-end', '2', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/blowup\.yaml: error E_[A-Z_]+: /m);
    expect(r.stderr).toContain('fix: ');
    expect(r.stderr).not.toContain('    at ');
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['b.csv']);
  });
});
