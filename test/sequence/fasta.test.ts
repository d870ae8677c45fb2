/**
 * FASTA reading: valid multi-record files in both alphabets and cases, and the invalid-input corpus in
 * test/sequence/fixtures/ (empty, blank, not FASTA, non-nucleotide letters, header without sequence or name, GenBank
 * digits, binary) plus a huge line generated here: every error is E_FASTA (or E_FILE_*) naming the file and line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, isExosimError } from '../../src/diagnostics.js';
import { MAX_LINE_LENGTH, parseFasta, readFastaFile } from '../../src/sequence/fasta.js';
import { ROOT } from '../cli/helpers.js';

const FIX = join(ROOT, 'test', 'sequence', 'fixtures');

async function diagnostics(path: string): Promise<Diagnostic[]> {
  try {
    await readFastaFile(path, path);
  } catch (e) {
    if (isExosimError(e)) return e.diagnostics;
    throw e;
  }
  throw new Error(`no error for ${path}`);
}

describe('valid FASTA', () => {
  it('multi-record, DNA alphabet, mixed case, sequences over several lines -> RNA upper case', async () => {
    const recs = await readFastaFile(join(FIX, 'utr-two-records.fa'));
    expect(recs.map((r) => [r.id, r.line, r.sequence.length])).toEqual([
      ['PTEN_constructed', 1, 28],
      ['HOXD10_constructed', 3, 28],
    ]);
    expect(recs[0]!.sequence).toBe('GGCCGGCCGGAUAAGCUAGGCCGGCCGG');
    expect(recs[1]!.sequence).toBe('GGCCGGCCGGACAGGGUAGGCCGGCCGG');
    expect(recs[0]!.description).toMatch(/^constructed 3UTR fragment/);
  });

  it('RNA lower case; CRLF line ends; comments and blank lines; spaces inside lines', () => {
    expect(parseFasta('>a\r\nacgu\r\n\r\n;comment\r\nAC GU\r\n', 'x.fa')).toEqual([{ id: 'a', description: '', sequence: 'ACGUACGU', line: 1 }]);
    expect(parseFasta('>n desc here\nNNRYACGT\n', 'x.fa')[0]!.sequence).toBe('NNRYACGU');
  });
});

describe('invalid FASTA corpus: clear errors naming file and line', () => {
  it('empty and blank files', async () => {
    for (const f of ['empty.fa', 'blank.fa']) {
      const [d] = await diagnostics(join(FIX, f));
      expect(d!.code).toBe('E_FASTA');
      expect(d!.file).toBe(join(FIX, f));
      expect(d!.message).toMatch(/empty/);
    }
  });

  it('not FASTA: text before any header, at line 1', async () => {
    const [d] = await diagnostics(join(FIX, 'not-fasta.txt'));
    expect(d).toMatchObject({ code: 'E_FASTA', line: 1 });
    expect(d!.message).toMatch(/not FASTA.*before any '>' header/);
    expect(d!.hint).toMatch(/>name/);
  });

  it('non-nucleotide letters: every bad line with line and column', async () => {
    const ds = await diagnostics(join(FIX, 'non-nucleotide.fa'));
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([
      ['E_FASTA', 3, 4], // ACGXACGE*: X at column 4
      ['E_FASTA', 5, 4], // MKVLAAGIEE: M, K, V are IUPAC codes; L at column 4 is not
    ]);
    expect(ds[0]!.message).toMatch(/record 'utr1': 'X' at line 3, column 4 is not a nucleotide letter/);
    expect(ds[1]!.message).toMatch(/'utr2': 'L'/);
  });

  it('GenBank-style digits, a header with no sequence, a header with no name, binary', async () => {
    expect((await diagnostics(join(FIX, 'genbank-digits.fa')))[0]).toMatchObject({ code: 'E_FASTA', line: 2, column: 9 });
    const noSeq = await diagnostics(join(FIX, 'no-sequence.fa'));
    expect(noSeq).toHaveLength(1);
    expect(noSeq[0]).toMatchObject({ code: 'E_FASTA', line: 1 });
    expect(noSeq[0]!.message).toMatch(/'only_header' has no sequence/);
    expect((await diagnostics(join(FIX, 'header-no-name.fa')))[0]).toMatchObject({ code: 'E_FASTA', line: 1 });
    expect((await diagnostics(join(FIX, 'binary.fa')))[0]!.message).toMatch(/binary file/);
  });

  it('a huge line (over the 1e6-character limit) names its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exosim-fasta-'));
    const f = join(dir, 'huge.fa');
    writeFileSync(f, `>ok\nACGU\n>huge\n${'A'.repeat(MAX_LINE_LENGTH + 1)}\n`);
    const ds = await diagnostics(f);
    expect(ds[0]).toMatchObject({ code: 'E_FASTA', file: f, line: 4 });
    expect(ds[0]!.message).toMatch(/line 4 is 1000001 characters long \(limit 1000000\)/);
    // the limit is a parameter of the parser
    expect(() => parseFasta('>a\nACGUACGU\n', 'y.fa', { maxLineLength: 4 })).toThrow(/line 2 is 8 characters long/);
  });

  it('missing file and directory', async () => {
    expect((await diagnostics(join(FIX, 'does-not-exist.fa')))[0]!.code).toBe('E_FILE_NOT_FOUND');
    expect((await diagnostics(FIX))[0]!.code).toBe('E_FILE_READ');
  });
});
