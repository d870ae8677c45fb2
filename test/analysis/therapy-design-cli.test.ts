/**
 * `exosim therapy simulate|dose`: the command registered on its own commander program (in-process), JSON and plot
 * output, and the invalid-flag corpus (clear error, exit 2, nothing written). The last block goes through
 * cli/main.ts (`cli()`), which sees the command once it is wired there.
 */
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerTherapyCommand } from '../../cli/commands/therapy.js';
import { EXIT_OK, EXIT_USER, type CliContext } from '../../cli/commands/shared.js';
import { formatDiagnostic, isExosimError } from '../../src/diagnostics.js';
import { cli, tmp } from '../cli/helpers.js';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '', code = EXIT_OK;
  const ctx: CliContext = {
    stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) },
    cwd, isTTY: false, env: {}, version: 'test', handleSignals: false,
  };
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerTherapyCommand(program, ctx, (c) => (code = c));
  try {
    await program.parseAsync(['node', 'exosim', ...args]);
  } catch (e) {
    if (!isExosimError(e)) throw e;
    for (const d of e.diagnostics) stderr += formatDiagnostic(d) + '\n';
    code = EXIT_USER;
  }
  return { code, stdout, stderr };
}

const GE11 = ['--ligand', 'GE11', '--copies', '1e4'];

describe('exosim therapy (command registered in-process)', () => {
  it('simulate --json gives knock-down courses per site, starting at 0, and writes the plot', async () => {
    const dir = tmp();
    const r = await run(['therapy', 'simulate', ...GE11, '--doses', '2', '--json', '--plot', 'sim.svg'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { sites: string[]; courses: Record<string, { knockdown: number[]; peak: number }>; design: { dose: number } };
    expect(j.sites).toEqual(['tumour', 'liver', 'spleen', 'lung']);
    expect(j.design.dose).toBeCloseTo(1e-6 / 6e-16, -3); // default 1 ug
    for (const s of j.sites) {
      expect(Math.abs(j.courses[s]!.knockdown[0]!)).toBeLessThan(1e-6);
      expect(j.courses[s]!.peak).toBeGreaterThan(0.01);
    }
    expect(readFileSync(join(dir, 'sim.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('dose --knockdown 0.5 finds a verified dose and the off-target knock-downs at it', async () => {
    const dir = tmp();
    const r = await run(['therapy', 'dose', ...GE11, '--knockdown', '0.5', '--organ', 'tumour', '--doses', '2', '--json', '--out', 'dose.json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'dose.json'), 'utf8')) as { feasible: boolean; verified: boolean; dose: number; achieved: number; knockdowns: Record<string, number> };
    expect(j).toEqual(JSON.parse(r.stdout));
    expect(j.feasible && j.verified).toBe(true);
    expect(Math.abs(j.achieved - 0.5)).toBeLessThan(0.005);
    expect(Object.keys(j.knockdowns)).toEqual(['tumour', 'liver', 'spleen', 'lung']);
    // text mode states the dose and the off-target knock-downs
    const t = await run(['therapy', 'dose', ...GE11, '--knockdown', '0.5', '--doses', '2'], dir);
    expect(t.stdout).toMatch(/exosomes per dose .* give 50\.0 % knock-down in the tumour .*liver/);
  });

  it('dose exits 1 with a statement when no dose in the range reaches the target', async () => {
    const r = await run(['therapy', 'dose', '--ligand', 'GE11', '--knockdown', '0.5', '--doses', '1', '--dose-range', '1e6,1e10'], tmp());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/No dose up to 1\.00e\+10/);
  });

  const bad: [string[], RegExp][] = [
    [['therapy', 'simulate', '--payload', 'shRNA'], /--payload: 'shRNA' is not one of antiMiR, mimic, siRNA/],
    [['therapy', 'simulate', '--ligand', 'EGF'], /--ligand: 'EGF' is not one of/],
    [['therapy', 'simulate', '--route', 'oral'], /--route: 'oral'/],
    [['therapy', 'simulate', '--copies', '-3'], /--copies: must be positive/],
    [['therapy', 'simulate', '--copies', '1e6'], /exceed 1e4/],
    [['therapy', 'simulate', '--dose', '1e9', '--dose-ug', '1'], /either --dose .* or --dose-ug/],
    [['therapy', 'simulate', '--doses', '2.5'], /--doses: must be an integer/],
    [['therapy', 'simulate', '--organs', 'liver,heart'], /--organs: 'heart' is not an off-target organ/],
    [['therapy', 'simulate', '--read', 'soon'], /--read: expected peak, end or a time/],
    [['therapy', 'simulate', '--read', '5000'], /--read: time 5000 h is after the end/],
    [['therapy', 'simulate', '--set', 'nope=1'], /nope/],
    [['therapy', 'simulate', '--set', 'tx.dose'], /--set: expected id=number/],
    [['therapy', 'simulate', '--plot', 'x.pdf'], /--plot: plot file 'x.pdf' must end in .svg or .png/],
    [['therapy', 'dose'], /--knockdown: required/],
    [['therapy', 'dose', '--knockdown', '50'], /--knockdown: must be a fraction between 0 and 1/],
    [['therapy', 'dose', '--knockdown', '0.5', '--organ', 'heart'], /--organ: 'heart' is not a simulated site/],
    [['therapy', 'dose', '--knockdown', '0.5', '--organ', 'liver', '--route', 'in-vitro'], /--organ: 'liver' is not a simulated site/],
    [['therapy', 'dose', '--knockdown', '0.5', '--dose-range', '1e10,1e6'], /--dose-range: expected lo,hi/],
  ];
  it.each(bad)('rejects %j with a clear error, exit 2, no output file', async (args, msg) => {
    const dir = tmp();
    const r = await run([...args, '--out', 'r.json'], dir);
    expect(r.code).toBe(EXIT_USER);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).toMatch(/^error E_[A-Z_]+:/m);
    expect(r.stderr).toMatch(/fix:/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
  });
});

describe('exosim therapy through cli/main.ts (passes once the command is wired)', () => {
  it('therapy simulate --json', async () => {
    const r = await cli(['therapy', 'simulate', ...GE11, '--doses', '1', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { sites: string[] }).sites).toContain('liver');
  });
  it('therapy dose with a bad flag exits 2', async () => {
    const r = await cli(['therapy', 'dose', '--knockdown', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--knockdown/);
  });
});
