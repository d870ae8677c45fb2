import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, parseCsv, tmp } from '../cli/helpers.js';
import { GROWTH, MM, REVERSIBLE, TWO_COMPARTMENTS, WITH_EVENT } from './models.js';

function modelDir(): string {
  const dir = tmp();
  writeFileSync(join(dir, 'mm.yaml'), MM);
  writeFileSync(join(dir, 'two.yaml'), TWO_COMPARTMENTS);
  writeFileSync(join(dir, 'rev.yaml'), REVERSIBLE);
  writeFileSync(join(dir, 'event.yaml'), WITH_EVENT);
  writeFileSync(join(dir, 'growth.yaml'), GROWTH);
  return dir;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
/** Parse the `id  value  unit` table. */
function table(stdout: string): Map<string, { value: number; unit: string }> {
  const lines = stdout.trimEnd().split('\n');
  expect(lines[0]!.split(/\s+/)).toEqual(['id', 'value', 'unit']);
  return new Map(lines.slice(1).map((l) => {
    const [id, v, unit] = l.trim().split(/\s+/);
    return [id!, { value: Number(v), unit: unit! }];
  }));
}

describe('exosim steady-state', () => {
  it('prints the table id value unit and exits 0 (S* = Km k0 / (Vmax - k0))', async () => {
    const dir = modelDir();
    const r = await cli(['steady-state', 'mm.yaml'], dir);
    expect(r.code).toBe(0);
    const t = table(r.stdout);
    expect(t.get('S')!.unit).toBe('nM');
    expect(rel(t.get('S')!.value, (3 * 0.6) / (1.5 - 0.6))).toBeLessThan(1e-9);
    expect(r.stderr).toMatch(/method newton/);
  });

  it('--set overrides in declared units; --quiet silences stderr', async () => {
    const dir = modelDir();
    const r = await cli(['steady-state', 'mm.yaml', '--set', 'k0=1.2', '--set', 'Km=0.5', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(rel(table(r.stdout).get('S')!.value, (0.5 * 1.2) / (1.5 - 1.2))).toBeLessThan(1e-9);
  });

  it('--json parses: method, residual, iterations, values with units and kinds, record', async () => {
    const dir = modelDir();
    const r = await cli(['steady-state', 'two.yaml', '--json', '--rtol', '1e-10', '--atol', '1e-14'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { method: string; residual: number; iterations: number; values: { id: string; unit: string; kind: string; value: number }[]; record: { solver: { id: string; settings: Record<string, unknown> }; modelFile: string } };
    expect(j.method).toBe('newton');
    expect(j.residual).toBeLessThan(1);
    expect(j.iterations).toBeGreaterThan(0);
    expect(j.values.map((v) => [v.id, v.unit, v.kind])).toEqual([['X', 'nM', 'species'], ['Y', 'pM', 'species']]);
    // X* = k_prod / k_ex = (3 nM/min * 60) / 0.2 /h; Y* = k_prod V_cell / (k_deg V_medium), nM -> pM.
    expect(rel(j.values[0]!.value, 900)).toBeLessThan(1e-9);
    expect(rel(j.values[1]!.value, ((180 * 2e-12) / ((1.5 / 24) * 0.5e-3)) * 1e3)).toBeLessThan(1e-9);
    expect(j.record.solver.id).toBe('steady-state');
    expect(j.record.solver.settings).toMatchObject({ rtol: 1e-10, atol: 1e-14 });
    expect(j.record.modelFile).toBe('two.yaml');
  });

  it('--out x.csv writes one row time,<ids> and the run record beside it', async () => {
    const dir = modelDir();
    const r = await cli(['steady-state', 'rev.yaml', '--out', 'out/ss.csv'], dir);
    expect(r.code).toBe(0);
    const csv = parseCsv(readFileSync(join(dir, 'out', 'ss.csv'), 'utf8'));
    expect(csv.header[0]).toMatch(/^time/);
    expect(csv.header.slice(1).map((h) => h.split(' ')[0])).toEqual(['A', 'B']);
    expect(csv.rows.length).toBe(1);
    expect(csv.rows[0]![0]).toBe(0);
    // A <-> B with A + B = 3 nM: A* = kr T / (kf + kr) = 0.6 nM (integration fallback).
    expect(rel(csv.rows[0]![1]!, 0.6)).toBeLessThan(1e-7);
    expect(rel(csv.rows[0]![2]!, 2.4)).toBeLessThan(1e-7);
    const rec = JSON.parse(readFileSync(join(dir, 'out', 'ss.csv.run.json'), 'utf8')) as Record<string, unknown>;
    expect(rec).toMatchObject({ tStart: 0, tEnd: 0, outputPoints: 1, status: 'done', solver: { id: 'steady-state', settings: { method: 'integration' } } });
    // The table is still printed.
    expect(rel(table(r.stdout).get('A')!.value, 0.6)).toBeLessThan(1e-7);
  });

  it('--out x.json writes a JSON result', async () => {
    const dir = modelDir();
    const r = await cli(['steady-state', 'mm.yaml', '--out', 'ss.json', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(readFileSync(join(dir, 'ss.json'), 'utf8'))).not.toThrow();
    expect(existsSync(join(dir, 'ss.json.run.json'))).toBe(true);
  });

  it('bad flags exit 2 with every message, before reading the model', async () => {
    const dir = modelDir();
    const r = await cli(['steady-state', 'missing.yaml', '--rtol', 'abc', '--atol', '-1', '--set', 'k0', '--out', 'x.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    for (const flag of ['--rtol', '--atol', '--set', '--out']) expect(r.stderr).toContain(`E_FLAG: ${flag}`);
    const u = await cli(['steady-state', 'mm.yaml', '--t-end', '5'], dir);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('E_USAGE');
  });

  it('unknown override, events and no steady state: exit 2 with the code, and an existing --out file untouched', async () => {
    const dir = modelDir();
    writeFileSync(join(dir, 'keep.csv'), 'old\n');
    const cases: [string[], string][] = [
      [['mm.yaml', '--set', 'k00=1'], 'E_UNKNOWN_OVERRIDE'],
      [['event.yaml'], 'E_STEADY_STATE_EVENTS'],
      [['growth.yaml'], 'E_NO_STEADY_STATE'],
    ];
    for (const [args, code] of cases) {
      const r = await cli(['steady-state', ...args, '--out', 'keep.csv'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(code);
      expect(r.stderr).toContain('fix:');
      expect(readFileSync(join(dir, 'keep.csv'), 'utf8')).toBe('old\n');
      expect(existsSync(join(dir, 'keep.csv.run.json'))).toBe(false);
    }
  });
});
