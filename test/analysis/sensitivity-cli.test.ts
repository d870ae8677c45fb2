/**
 * `exosim sensitivity` and `exosim scan` (cli/commands/sensitivity.ts): run through a commander program built
 * with registerSensitivityCommand (errors rendered like cli/main.ts: exit 2, `error CODE`, nothing written), and
 * through cli() once the lead has wired the command into cli/main.ts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { formatDiagnostic, isExosimError } from '../../src/diagnostics.js';
import { registerSensitivityCommand } from '../../cli/commands/sensitivity.js';
import type { CliContext } from '../../cli/commands/shared.js';
import { cli, tmp } from '../cli/helpers.js';

/** Closed-form test model: A -> B (k1), B -> (k2); k_inert unused. B(t) = 100 k1 (e^-k1 t - e^-k2 t) / (k2 - k1). */
const MODEL = `exosim: '1'
id: cli_sens
units: { time: h, substance: molecule, volume: pL }
compartments:
  - { id: cell, size: 1, unit: pL }
species:
  - { id: A, compartment: cell, initialAmount: 100, unit: molecule, hasOnlySubstanceUnits: true }
  - { id: B, compartment: cell, initialAmount: 0, unit: molecule, hasOnlySubstanceUnits: true }
parameters:
  - { id: k1, value: 0.5, unit: 1/h, range: [0.1, 1], source: { citation: test, confidence: low } }
  - { id: k2, value: 0.2, unit: 1/h, range: [0.05, 0.5], source: { citation: test, confidence: low } }
  - { id: k_inert, value: 2, unit: 1/h, range: [1, 10], source: { citation: test, confidence: low } }
  - { id: k_bare, value: 2, unit: 1/h, source: { citation: test, confidence: low } }
reactions:
  - { id: r1, equation: A -> B, rate: k1 * A }
  - { id: r2, equation: B ->, rate: k2 * B }
`;
const Bexact = (k1: number, k2: number, t: number) => (100 * k1 * (Math.exp(-k1 * t) - Math.exp(-k2 * t))) / (k2 - k1);

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const ctx: CliContext = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, isTTY: false, env: {}, version: 'test', handleSignals: false };
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => void (stdout += s), writeErr: (s) => void (stderr += s) });
  registerSensitivityCommand(program, ctx, (n) => (code = n));
  try {
    await program.parseAsync(['node', 'exosim', ...args]);
  } catch (e) {
    if (isExosimError(e)) {
      for (const d of e.diagnostics) stderr += formatDiagnostic(d) + '\n';
      code = 2;
    } else if (e instanceof CommanderError) code = 2;
    else throw e;
  }
  return { code, stdout, stderr };
}

function setup(): string {
  const dir = tmp();
  writeFileSync(join(dir, 'm.yaml'), MODEL);
  return dir;
}

describe('exosim sensitivity / scan (registered command)', () => {
  it('morris --json on a model file: inert k_inert has mu* 0, k1 and k2 > 0; plot and result written', async () => {
    const dir = setup();
    const r = await run(['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--method', 'morris', '--n', '6', '--threads', '1', '--json', '--plot', 'm.svg', '--out', 'm.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.method).toBe('morris');
    const by = Object.fromEntries(j.params.map((p: { id: string; muStar: number }) => [p.id, p.muStar]));
    expect(Object.keys(by).sort()).toEqual(['k1', 'k2', 'k_inert']);
    expect(by.k_inert).toBe(0);
    expect(by.k1).toBeGreaterThan(1);
    expect(readFileSync(join(dir, 'm.svg'), 'utf8')).toMatch(/^<svg/);
    expect(JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')).evaluations).toBe(6 * 4);
    // --levels 6: delta = 6 / (2 * 5) = 0.6; the inert parameter stays at mu* 0
    const r6 = JSON.parse((await run(['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--n', '6', '--levels', '6', '--threads', '1', '--json'], dir)).stdout);
    expect([r6.levels, r6.delta]).toEqual([6, 0.6]);
    expect(r6.params.find((p: { id: string }) => p.id === 'k_inert').muStar).toBe(0);
  });

  it('local: normalised sensitivity of B(3) to k1 equals the closed form; text output names the parameters', async () => {
    const dir = setup();
    const r = await run(['sensitivity', 'm.yaml', '--output', 'B', '--t', '3', '--method', 'local', '--params', 'k1,k2', '--threads', '1', '--json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const h = 1e-6;
    const s1 = (Math.log(Bexact(0.5 * (1 + h), 0.2, 3)) - Math.log(Bexact(0.5 * (1 - h), 0.2, 3))) / (2 * h);
    expect(j.params[0].normalized).toBeCloseTo(s1, 4);
    const t = await run(['sensitivity', 'm.yaml', '--output', 'B', '--t', '3', '--method', 'sobol', '--n', '32', '--threads', '1'], dir);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Sobol' indices of B at t = 3 h: N = 32, 160 runs/);
    expect(t.stdout).toMatch(/k_inert/);
  });

  it('scan: 1-D over the declared range and 2-D heat map, values equal the closed form', async () => {
    const dir = setup();
    const r = await run(['scan', 'm.yaml', '--param', 'k1', '--steps', '3', '--output', 'B', '--t', '3', '--threads', '1', '--json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.values[0]).toEqual([0.1, 0.4, 0.7, 1]);
    j.output.forEach((y: number, i: number) => expect(y).toBeCloseTo(Bexact(j.values[0][i], 0.2, 3), 5));
    const r2 = await run(['scan', 'm.yaml', '--param', 'k1', '--from', '0.2', '--to', '0.8', '--steps', '2', '--param2', 'k2', '--from2', '0.1', '--to2', '0.3', '--steps2', '2', '--output', 'B', '--t', '3', '--threads', '1', '--plot', 'h.svg'], dir);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toMatch(/k1 \\ k2/);
    expect(readFileSync(join(dir, 'h.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('scenario model column: d log10(knockdown) / d ln(copies per EV) = 1 / ln 10 at the natural dose (linear delivery chain)', async () => {
    const dir = setup();
    const r = await run(['sensitivity', 'chevillet2014-stoichiometry', '--output', 'log10:knockdown', '--t', '72', '--method', 'local', '--params', 'copies_per_EV,rec.f_escape', '--threads', '1', '--json'], dir);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    // knock-down ~ delivered miRISC (<< target mRNA) ~ copies per exosome: log10 y = log10 c + const
    const c = j.params[0];
    expect(c.dydp * c.nominal).toBeCloseTo(1 / Math.LN10, 2);
  });

  it('scenario check output: check:<i> of melo2014-exosome-maturation (synthetic pre-miRNA conversion) over a 2-point scan', async () => {
    const dir = setup();
    const r = await run(['scan', 'melo2014-exosome-maturation', '--param', 'k_dice_EV', '--steps', '1', '--output', 'check:6', '--threads', '1', '--json'], dir);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.output.length).toBe(2);
    // conversion is a fraction that rises with exosomal Dicer activity
    expect(j.output[0]).toBeGreaterThanOrEqual(0);
    expect(j.output[1]).toBeLessThanOrEqual(1);
    expect(j.output[1]).toBeGreaterThan(j.output[0]);
  });

  it.each([
    [['sensitivity', 'm.yaml', '--t', '2'], 'E_FLAG', '--output'],
    [['sensitivity', 'm.yaml', '--output', 'B'], 'E_FLAG', '--t'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--method', 'fast'], 'E_FLAG', '--method'],
    [['sensitivity', 'm.yaml', '--output', 'nope', '--t', '2'], 'E_SENS_OUTPUT', 'nope'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--params', 'k_bare'], 'E_SENS_NO_RANGE', 'k_bare'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--params', 'zz'], 'E_SENS_PARAM', 'zz'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--range', 'k1=1:0'], 'E_FLAG', '--range'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--threads', '0'], 'E_FLAG', '--threads'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--plot', 'x.pdf'], 'E_FLAG', '--plot'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--levels', '3'], 'E_FLAG', '--levels'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--levels', 'x'], 'E_FLAG', '--levels'],
    [['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--method', 'sobol', '--levels', '4'], 'E_FLAG', '--levels'],
    [['sensitivity', 'no-such.yaml', '--output', 'B', '--t', '2'], 'E_', 'no-such'],
    [['sensitivity', 'melo2014-exosome-maturation', '--output', 'check:99'], 'E_SENS_OUTPUT', 'check'],
    [['sensitivity', 'melo2014-exosome-maturation', '--output', 'series:nope'], 'E_SENS_OUTPUT', 'nope'],
    [['sensitivity', 'melo2014-exosome-maturation', '--output', 'check:0'], 'E_SENS_OUTPUT', 'check'],
    [['scan', 'm.yaml', '--output', 'B', '--t', '2'], 'E_FLAG', '--param'],
    [['scan', 'm.yaml', '--param', 'k1', '--from', '0', '--to', '1', '--log', '--output', 'B', '--t', '2'], 'E_SENS_RANGE', 'k1'],
    [['scan', 'm.yaml', '--param', 'k1', '--output', 'B', '--t', '2', '--from2', '1'], 'E_FLAG', '--param2'],
  ])('bad input %j -> exit 2, %s, nothing written', async (args, code, word) => {
    const dir = setup();
    const r = await run([...args, '--out', 'o.json', ...(args.includes('--threads') ? [] : ['--threads', '1'])], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error ${code}`);
    expect(r.stderr).toContain(word);
    expect(r.stderr).toMatch(/fix:/);
    expect(existsSync(join(dir, 'o.json'))).toBe(false);
  });
});

describe('exosim sensitivity through cli() (passes once cli/main.ts registers the command)', () => {
  it('morris on a model file', async () => {
    const dir = setup();
    const r = await cli(['sensitivity', 'm.yaml', '--output', 'B', '--t', '2', '--n', '4', '--threads', '1', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).params.length).toBe(3);
  });
});
