/**
 * `exosim biomarkers`: the command function through a local commander program (works before the lead wires it),
 * and through cli() of cli/main.ts (passes once `registerBiomarkersCommand` is wired into cli/main.ts).
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBiomarkersCommand } from '../../cli/commands/biomarkers.js';
import { isExosimError } from '../../src/diagnostics.js';
import { cli, ROOT } from '../cli/helpers.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; error?: unknown }> {
  let stdout = '';
  let code = -1;
  const ctx = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, cwd: ROOT, isTTY: false, env: {}, version: '0', handleSignals: false };
  const program = new Command().exitOverride();
  registerBiomarkersCommand(program, ctx, (n) => (code = n));
  try {
    await program.parseAsync(['node', 'exosim', ...args]);
  } catch (error) {
    return { code: 2, stdout, error };
  }
  return { code, stdout };
}

describe('exosim biomarkers (command function)', () => {
  it('--tumor prostate --json returns the prostate rows with miR-141 (Mitchell et al.)', async () => {
    const r = await run(['biomarkers', '--tumor', 'prostate', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { rows: { tumorType: string; study: string; mirnas: { name: string }[] }[] };
    expect(j.rows.length).toBe(4);
    expect(j.rows.every((x) => x.tumorType === 'Prostate cancer')).toBe(true);
    expect(j.rows.some((x) => x.study === 'Mitchell et al.' && x.mirnas.some((m) => m.name === 'hsa-miR-141-3p'))).toBe(true);
  });

  it('text output names the resolved miRNAs', async () => {
    const r = await run(['biomarkers', '--mirna', 'miR-141']);
    expect(r.stdout).toContain('miR-141 = hsa-miR-141-3p');
    expect(r.stdout).toContain('Mitchell et al.');
  });

  it('an empty filter is a flag error (E_FLAG)', async () => {
    const r = await run(['biomarkers', '--tumor', ' ']);
    expect(isExosimError(r.error)).toBe(true);
    expect((r.error as { diagnostics: { code: string }[] }).diagnostics[0]!.code).toBe('E_FLAG');
  });
});

describe('exosim biomarkers (wired into cli/main.ts)', () => {
  it('--tumor prostate --json', async () => {
    const r = await cli(['biomarkers', '--tumor', 'prostate', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { rows: { study: string; mirnas: { name: string }[] }[] };
    expect(j.rows.some((x) => x.study === 'Mitchell et al.' && x.mirnas[0]!.name === 'hsa-miR-141-3p')).toBe(true);
  });
  it('bad flag: exit 2, error line and fix', async () => {
    const r = await cli(['biomarkers', '--mirna', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error E_FLAG: --mirna/);
    expect(r.stderr).toContain('fix:');
  });
});
