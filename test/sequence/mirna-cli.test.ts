/**
 * `exosim mirna info|sites`: first through registerMirnaCommand on a bare commander program (works before the command
 * is wired into cli/main.ts), then through the real CLI (`cli()`; passes once cli/main.ts registers the command).
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerMirnaCommand } from '../../cli/commands/mirna.js';
import type { CliContext } from '../../cli/commands/shared.js';
import { isExosimError } from '../../src/diagnostics.js';
import { cli, ROOT } from '../cli/helpers.js';

const FIX = join(ROOT, 'test', 'sequence', 'fixtures');

async function run(args: string[]): Promise<{ code: number; stdout: string; error?: { code: string; message: string; file?: string | undefined } }> {
  let stdout = '';
  let code = -1;
  const ctx: CliContext = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined }, cwd: ROOT, isTTY: false, env: {}, version: '0.0.0', handleSignals: false };
  const program = new Command().exitOverride();
  registerMirnaCommand(program, ctx, (n) => (code = n));
  try {
    await program.parseAsync(['node', 'exosim', ...args]);
  } catch (e) {
    if (isExosimError(e)) return { code: 2, stdout, error: { code: e.diagnostics[0]!.code, message: e.diagnostics[0]!.message, file: e.diagnostics[0]!.file } };
    throw e;
  }
  return { code, stdout };
}

describe('mirna info (registered directly)', () => {
  it('--json has name, accession, sequence, seed, motifs, loadingWeight, family, v18', async () => {
    const r = await run(['mirna', 'info', 'miR-375', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ name: 'hsa-miR-375-3p', accession: 'MIMAT0000728', sequence: 'UUUGUUCGUUCGGCUCGCGUGA', seed: 'UUGUUCG', loadingWeight: 2 });
    expect(j.motifs).toEqual([expect.objectContaining({ motif: 'GGCU', count: 1, positions: [12], kind: 'EXOmotif', source: expect.stringMatching(/Santangelo/) })]);
    expect(j.v18).toEqual({ name: 'hsa-miR-375', sequence: 'UUUGUUCGUUCGGCUCGCGUGA' });
    expect(j.family.seed).toBe('UUGUUCG');
  });

  it('text output names the sequence, seed and loading weight', async () => {
    const r = await run(['mirna', 'info', 'hsa-mir-205']);
    expect(r.stdout).toMatch(/hsa-miR-205-5p \(MIMAT0000266, miRBase 22\)/);
    expect(r.stdout).toMatch(/seed +CCUUCAU/);
    expect(r.stdout).toMatch(/GGAG +x1 at 15/);
    expect(r.stdout).toMatch(/loading weight 4\.47/);
  });

  it('unknown and ambiguous names: E_UNKNOWN_MIRNA', async () => {
    expect((await run(['mirna', 'info', 'miR-200'])).error).toMatchObject({ code: 'E_UNKNOWN_MIRNA', message: expect.stringMatching(/hsa-miR-200a-3p/) });
    expect((await run(['mirna', 'info', 'miR-122'])).error!.message).toMatch(/ambiguous/);
  });
});

describe('mirna sites (registered directly)', () => {
  it('one record: {mirna, sites:[{type,start,end}]} and the silencing parameters', async () => {
    const r = await run(['mirna', 'sites', '--mirna', 'miR-21', '--utr', 'test/sequence/fixtures/utr-rna-lower.fa', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mirna).toBe('hsa-miR-21-5p');
    // ccccAUAAGCUAccccUAAGCUcc: 8mer at 5-12, 6mer at 17-22 (counted by hand)
    expect(j.sites).toEqual([
      { type: '8mer', start: 5, end: 12 },
      { type: '6mer', start: 17, end: 22 },
    ]);
    expect(j.repression.site_type).toBe('8mer');
    expect(j.repression.n_sites).toBeCloseTo(1 + 20 / 1000, 12);
  });

  it('several records: each site carries its record', async () => {
    const r = await run(['mirna', 'sites', '--mirna', 'hsa-miR-10b-5p', '--utr', join(FIX, 'utr-two-records.fa'), '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.sites).toEqual([{ record: 'HOXD10_constructed', type: '8mer', start: 11, end: 18 }]);
    expect(j.records.map((x: { record: string; sites: number }) => [x.record, x.sites])).toEqual([
      ['PTEN_constructed', 0],
      ['HOXD10_constructed', 1],
    ]);
    const text = await run(['mirna', 'sites', '--mirna', 'miR-10b', '--utr', join(FIX, 'utr-two-records.fa')]);
    expect(text.stdout).toMatch(/HOXD10_constructed \(28 nt\): 1 site\n  8mer +11-18\n  target-silencing: site_type 8mer, n_sites 1/);
    expect(text.stdout).toMatch(/PTEN_constructed \(28 nt\): 0 sites\n  no canonical site/);
  });

  it('bad flags and files: clear errors', async () => {
    expect((await run(['mirna', 'sites', '--utr', join(FIX, 'utr-rna-lower.fa')])).error).toMatchObject({ code: 'E_FLAG', message: expect.stringMatching(/--mirna/) });
    expect((await run(['mirna', 'sites', '--mirna', 'miR-21'])).error).toMatchObject({ code: 'E_FLAG', message: expect.stringMatching(/--utr/) });
    expect((await run(['mirna', 'sites', '--mirna', 'miR-21', '--utr', 'test/sequence/fixtures/not-fasta.txt'])).error).toMatchObject({ code: 'E_FASTA', file: 'test/sequence/fixtures/not-fasta.txt' });
    expect((await run(['mirna', 'sites', '--mirna', 'miR-21', '--utr', 'nope.fa'])).error!.code).toBe('E_FILE_NOT_FOUND');
    expect((await run(['mirna', 'sites', '--mirna', 'miR-0', '--utr', 'test/sequence/fixtures/utr-rna-lower.fa'])).error!.code).toBe('E_UNKNOWN_MIRNA');
  });
});

// Through the real CLI: passes once cli/main.ts calls registerMirnaCommand(program, ctx, setCode).
describe('exosim mirna through cli()', () => {
  it('info --json, sites --json, and exit 2 with the error code and file:line on bad input', async () => {
    const info = await cli(['mirna', 'info', 'MIR375', '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).name).toBe('hsa-miR-375-3p');
    const sites = await cli(['mirna', 'sites', '--mirna', 'miR-21', '--utr', 'test/sequence/fixtures/utr-rna-lower.fa', '--json']);
    expect(sites.code).toBe(0);
    expect(JSON.parse(sites.stdout).sites).toHaveLength(2);
    const bad = await cli(['mirna', 'sites', '--mirna', 'miR-21', '--utr', 'test/sequence/fixtures/non-nucleotide.fa']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/non-nucleotide\.fa:3:4: error E_FASTA/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const unk = await cli(['mirna', 'info', 'miR-200']);
    expect(unk.code).toBe(2);
    expect(unk.stderr).toMatch(/error E_UNKNOWN_MIRNA/);
  });
});
