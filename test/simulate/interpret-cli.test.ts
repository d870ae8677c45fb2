/**
 * `exosim run --interpret`: the interpreter back end through the CLI, in-process and in the built CLI (where the
 * simulation runs in a worker thread that compiles the model itself). The results must equal those of the
 * generated JavaScript exactly (same operations in the same order), and the run record says which back end ran.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, parseCsv, spawnCli, tmp } from '../cli/helpers.js';

const decay = join(FIXTURES, 'decay.yaml');
const dosing = 'examples/basics/dosing-event.yaml';

describe('exosim run --interpret', () => {
  it('in-process: same CSV as generated code; the record says codegen: interpret', async () => {
    const d = tmp();
    const a = join(d, 'js.csv');
    const b = join(d, 'interp.csv');
    const ra = await cli(['run', dosing, '--t-end', '20', '--steps', '40', '--out', a]);
    const rb = await cli(['run', dosing, '--t-end', '20', '--steps', '40', '--out', b, '--interpret']);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(JSON.parse(readFileSync(`${a}.run.json`, 'utf8')).codegen).toBe('js');
    const rec = JSON.parse(readFileSync(`${b}.run.json`, 'utf8'));
    expect(rec.codegen).toBe('interpret');
    expect(rec.eventTimes).toEqual([10]);
  });

  it('the help names the flag', async () => {
    const r = await cli(['run', '--help']);
    expect(r.stdout).toContain('--interpret');
    expect(r.stdout).toMatch(/interpreter instead of\s+generated JavaScript/);
  });

  it('built CLI (worker thread): decay matches exp(-k t) and the record says interpret', async () => {
    const d = tmp();
    const out = join(d, 'r.csv');
    const r = await spawnCli(['run', decay, '--t-end', '3', '--steps', '6', '--out', out, '--rtol', '1e-9', '--interpret']);
    expect(r.code, r.stderr).toBe(0);
    const { rows } = parseCsv(readFileSync(out, 'utf8'));
    for (const row of rows) expect(row[1]).toBeCloseTo(Math.exp(-0.5 * row[0]!), 6); // A(t) = exp(-k t), k = 0.5/s
    expect(JSON.parse(readFileSync(`${out}.run.json`, 'utf8')).codegen).toBe('interpret');
  });
});
