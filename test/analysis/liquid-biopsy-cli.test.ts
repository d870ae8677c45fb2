/**
 * `exosim liquid-biopsy detect|roc|resection`: through a local commander program with the command's register
 * function (works before wiring), and through cli() of cli/main.ts (passes once registerLiquidBiopsyCommand is
 * wired). Invalid input corpus: clear error (E_FLAG / E_LB_PARAM / E_LB_MEASURE), nothing written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerLiquidBiopsyCommand } from '../../cli/commands/liquid-biopsy.js';
import { isExosimError } from '../../src/diagnostics.js';
import { cli, tmp } from '../cli/helpers.js';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; errorCodes?: string[] }> {
  let stdout = '';
  let code = -1;
  const ctx = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, cwd, isTTY: false, env: {}, version: '0', handleSignals: false };
  const program = new Command().exitOverride();
  registerLiquidBiopsyCommand(program, ctx, (n) => (code = n));
  try {
    await program.parseAsync(['node', 'exosim', ...args]);
  } catch (e) {
    if (!isExosimError(e)) throw e;
    return { code: 2, stdout, errorCodes: e.diagnostics.map((d) => d.code) };
  }
  return { code, stdout };
}

describe('exosim liquid-biopsy (command functions)', () => {
  it('detect --marker ca125 --json: Hori & Gambhir headline, and an SVG figure', async () => {
    const dir = tmp();
    const r = await run(['liquid-biopsy', 'detect', '--marker', 'ca125', '--json', '--plot', 'd.svg'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { detection: { timeYears: number; diameterMm: number }; cutoff: number };
    expect(j.cutoff).toBe(34.11);
    expect(Math.abs(j.detection.timeYears - 10.1) / 10.1).toBeLessThan(0.01);
    expect(Math.abs(j.detection.diameterMm - 25.36) / 25.36).toBeLessThan(0.05);
    expect(readFileSync(join(dir, 'd.svg'), 'utf8')).toMatch(/^<svg/);
  }, 30000);

  it('detect --set changes a parameter; text output', async () => {
    const r = await run(['liquid-biopsy', 'detect', '--marker', 'mir141', '--set', 'bg_conc=3e4'], tmp());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('healthy median 3.00e+4 copies/mL');
  });

  it('detect --growth gompertz --json --plot: same size, later detection than exponential growth', async () => {
    const dir = tmp();
    const g = JSON.parse((await run(['liquid-biopsy', 'detect', '--marker', 'ca125', '--growth', 'gompertz', '--json', '--plot', 'g.svg'], dir)).stdout) as { growth: string; detection: { timeYears: number; diameterMm: number } };
    const e = JSON.parse((await run(['liquid-biopsy', 'detect', '--marker', 'ca125', '--json'], dir)).stdout) as { growth: string; detection: { timeYears: number; diameterMm: number } };
    expect([g.growth, e.growth]).toEqual(['gompertz', 'exponential']);
    expect(g.detection.timeYears).toBeGreaterThan(e.detection.timeYears);
    expect(Math.abs(g.detection.diameterMm / e.detection.diameterMm - 1)).toBeLessThan(0.05);
    expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toMatch(/^<svg/);
  }, 30000);

  it('roc --n 200 --seed 1 --json is reproducible', async () => {
    const a = JSON.parse((await run(['liquid-biopsy', 'roc', '--n', '200', '--seed', '1', '--json'], tmp())).stdout) as { cohort: { auc: number } };
    const b = JSON.parse((await run(['liquid-biopsy', 'roc', '--n', '200', '--seed', '1', '--json'], tmp())).stdout) as { cohort: { auc: number } };
    expect(a.cohort.auc).toBe(b.cohort.auc);
    expect(a.cohort.auc).toBeGreaterThan(0.5);
  });

  it('resection --json: miR-141 back within 10 % of baseline within 10 days (Kelly 2015)', async () => {
    const r = await run(['liquid-biopsy', 'resection', '--burden', '1', '--json'], tmp());
    const j = JSON.parse(r.stdout) as { resection: { daysToBaseline: number } };
    expect(j.resection.daysToBaseline).toBeLessThanOrEqual(10);
  });

  it.each([
    [['detect', '--marker', 'psa'], 'E_FLAG'],
    [['detect', '--criterion', 'maybe'], 'E_FLAG'],
    [['detect', '--set', 'nonsense'], 'E_FLAG'],
    [['detect', '--set', 'no_such=1'], 'E_LB_PARAM'],
    [['detect', '--set', 'k_e=-1', '--marker', 'ca125'], 'E_LB_PARAM'],
    [['detect', '--marker', 'ca125', '--measure', 'ev'], 'E_LB_MEASURE'],
    [['detect', '--plot', 'x.pdf'], 'E_FLAG'],
    [['detect', '--growth', 'logistic'], 'E_FLAG'],
    [['detect', '--growth', 'gompertz', '--set', 'K_cap=0.5'], 'E_LB_PARAM'],
    [['roc', '--n', '1'], 'E_FLAG'],
    [['roc', '--seed', '-3'], 'E_FLAG'],
    [['resection', '--burden', '0'], 'E_FLAG'],
  ])('invalid: %j -> %s, nothing written', async (args, code) => {
    const dir = tmp();
    const r = await run(['liquid-biopsy', ...args, ...(args.includes('--plot') ? [] : ['--plot', 'out.svg'])], dir);
    expect(r.code).toBe(2);
    expect(r.errorCodes).toContain(code);
    expect(existsSync(join(dir, 'out.svg'))).toBe(false);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });
});

describe('exosim liquid-biopsy (wired into cli/main.ts)', () => {
  it('detect --marker ca125 --json', async () => {
    const r = await cli(['liquid-biopsy', 'detect', '--marker', 'ca125', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { detection: { timeYears: number } }).detection.timeYears).toBeCloseTo(10.07, 1);
  });
  it('bad marker: exit 2 with error and fix', async () => {
    const r = await cli(['liquid-biopsy', 'detect', '--marker', 'psa']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error E_FLAG: --marker/);
    expect(r.stderr).toContain('fix:');
  });
});
