/**
 * The shipped miRBase data and what is derived from it, checked against independent references:
 * - ../shared/domain/mirna/mirna_mature_sequences.tsv (its seed_2_8 and motifs_present columns) and the v22 FASTA;
 * - the raw miRBase 18 mature.fa (re-parsed here) and the sha256 sums in mirbase-v18/SOURCE.txt;
 * - parameters.md §2.3 (motif presence in the project miRNAs) and §9 (v18/v22 naming differences);
 * - loading weights computed by hand from the motif factors (GGAG √20, CCCU 2, GGCU 2, UGCA 1/2).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExosimError } from '../../src/diagnostics.js';
import { MIRBASE_PROVENANCE, PROJECT_MIRNAS, V18_HAIRPINS, V18_MATURE } from '../../src/sequence/mirbase-data.js';
import { allMirnas, classifyMirnaName, closestNames, mirnaInfo, resolveMirna, seedOf } from '../../src/sequence/mirna-db.js';
import { parseMirnaName } from '../../src/sequence/names.js';
import { ROOT } from '../cli/helpers.js';

// The reference files: ../shared/domain/mirna when present (full miRBase 18 files, sha256 provenance), else the
// committed copies in test/fixtures/domain (made by its extract.sh; miRBase 18 reduced to its hsa- records).
const SHARED_DIR = join(ROOT, '..', 'shared', 'domain', 'mirna');
const hasShared = existsSync(join(SHARED_DIR, 'mirna_mature_sequences.tsv'));
const MIRNA_DIR = hasShared ? SHARED_DIR : join(ROOT, 'test', 'fixtures', 'domain', 'mirna');
const V18_FILE = (f: 'mature.fa' | 'hairpin.fa'): string => join(MIRNA_DIR, 'mirbase-v18', hasShared ? f : `hsa-${f}`);

function tsvRows(): Record<string, string>[] {
  const [head, ...rows] = readFileSync(join(MIRNA_DIR, 'mirna_mature_sequences.tsv'), 'utf8').trim().split(/\r?\n/);
  const cols = head!.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i]!, v])));
}

function readFa(path: string): { id: string; accession: string; sequence: string }[] {
  const out: { id: string; accession: string; sequence: string }[] = [];
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (line.startsWith('>')) {
      const [id, accession] = line.slice(1).split(/\s+/);
      out.push({ id: id!, accession: accession!, sequence: '' });
    } else if (line.trim() && out.length) out[out.length - 1]!.sequence += line.trim();
  }
  return out;
}

function errorCode(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isExosimError(e)) return { code: e.diagnostics[0]!.code, message: e.diagnostics[0]!.message };
    throw e;
  }
  throw new Error('no error thrown');
}

describe('shipped data vs the miRNA reference files (../shared/domain/mirna or their committed copies)', () => {
  it('the 25 project miRNAs: name, MIMAT, v22 sequence and v18 name/sequence as in the tsv and the v22 FASTA', () => {
    const rows = tsvRows();
    expect(rows).toHaveLength(25);
    expect(PROJECT_MIRNAS).toHaveLength(25);
    const fa = new Map(readFa(join(MIRNA_DIR, 'mirna_mature_sequences_v22.fa')).map((r) => [r.id, r]));
    for (const row of rows) {
      const info = mirnaInfo(row['name_v22']!);
      expect(info.name).toBe(row['name_v22']);
      expect(info.accession).toBe(row['mimat']);
      expect(info.sequence).toBe(row['seq_v22']);
      expect(info.sequence).toBe(fa.get(row['name_v22']!)!.sequence);
      expect(info.length).toBe(Number(row['length']));
      expect(info.release).toBe('miRBase 22');
      if (row['v18_identical'] === 'True' && row['name_v18'] === row['name_v22']) expect(info.v18).toBeUndefined();
      else expect(info.v18).toEqual({ name: row['name_v18'], sequence: row['seq_v18'] });
    }
  });

  it('seeds (nt 2-8) equal the tsv seed_2_8 column for every sequence', () => {
    for (const row of tsvRows()) {
      expect(mirnaInfo(row['name_v22']!).seed, row['name_v22']).toBe(row['seed_2_8']);
      expect(seedOf(row['seq_v18']!), row['name_v18']).toBe(row['seed_2_8']); // v18 sequences differ only at the 3' end
    }
  });

  it('motifs equal the tsv motifs_present column for every sequence (and parameters.md §2.3)', () => {
    for (const row of tsvRows()) {
      const want = (row['motifs_present'] ?? '').split(/[;,\s]+/).filter(Boolean).sort();
      const got = mirnaInfo(row['name_v22']!).motifs.map((m) => m.motif).sort();
      expect(got, row['name_v22']).toEqual(want);
    }
    // parameters.md §2.3, "Motif presence in the project miRNAs".
    const by = (motif: string) => PROJECT_MIRNAS.filter((p) => mirnaInfo(p.v22Name).motifs.some((m) => m.motif === motif)).map((p) => p.v22Name).sort();
    expect(by('GGAG')).toEqual(['hsa-miR-1246', 'hsa-miR-205-5p']);
    expect(by('CCCU')).toEqual(['hsa-miR-10b-5p', 'hsa-miR-150-5p']);
    expect(by('UGCA')).toEqual(['hsa-miR-106a-5p', 'hsa-miR-17-3p', 'hsa-miR-574-3p']);
    expect(by('GGCU')).toEqual(['hsa-miR-107', 'hsa-miR-146b-5p', 'hsa-miR-222-3p', 'hsa-miR-375-3p']);
    expect(by('CGGGAG')).toEqual([]);
  });

  it('every human mature miRNA of miRBase 18 is shipped unchanged (re-parsed from mature.fa)', () => {
    const raw = readFa(V18_FILE('mature.fa')).filter((r) => r.id.startsWith('hsa-'));
    expect(raw.length).toBe(1921);
    expect(V18_MATURE.map(([n, a, s]) => `${n} ${a} ${s}`)).toEqual(raw.map((r) => `${r.id} ${r.accession} ${r.sequence}`));
    const hp = readFa(V18_FILE('hairpin.fa')).filter((r) => r.id.startsWith('hsa-'));
    expect(V18_HAIRPINS.map(([id, acc]) => `${id} ${acc}`)).toEqual(hp.map((r) => `${r.id} ${r.accession}`));
  });

  // The full files are needed for their sha256: only where ../shared exists (the content checks above run everywhere).
  it.runIf(hasShared)('provenance: the recorded sha256 sums are those of SOURCE.txt and of the files now (data file up to date)', () => {
    const source = readFileSync(join(MIRNA_DIR, 'mirbase-v18', 'SOURCE.txt'), 'utf8');
    for (const p of MIRBASE_PROVENANCE) {
      const text = readFileSync(join(MIRNA_DIR, p.file.replace(/^mirna\//, '')), 'utf8');
      expect(createHash('sha256').update(text).digest('hex'), p.file).toBe(p.sha256);
      if (p.file.includes('mirbase-v18/')) expect(source).toContain(`${p.sha256}  ${p.file.split('/').pop()}`);
    }
  });

  it('stem-loop products: the tsv hairpin ids contain their mature miRNA (hairpin_subset positions)', () => {
    const sub = readFileSync(join(MIRNA_DIR, 'mirbase-v18', 'hairpin_subset_project_mirnas.fa'), 'utf8');
    for (const m of sub.matchAll(/^>(\S+) (MI\d+) mature=(\S+) mature_start=(\d+)/gm)) {
      const info = mirnaInfo(m[3]!);
      expect(info.hairpins, m[1]).toContainEqual({ id: m[1]!, accession: m[2]! });
    }
  });
});

describe('seed families, motifs with sources, loading weights', () => {
  it('seed families: the miR-200 family splits by seed (AACACUG: 141/200a; AAUACUG: 200b/200c/429); 221/222 share GCUACAU', () => {
    expect(mirnaInfo('miR-141').family.members).toEqual(['hsa-miR-141-3p', 'hsa-miR-200a-3p']);
    expect(mirnaInfo('miR-200b').family.members).toEqual(['hsa-miR-200b-3p', 'hsa-miR-200c-3p', 'hsa-miR-429']);
    expect(mirnaInfo('miR-221').family.members).toEqual(expect.arrayContaining(['hsa-miR-221-3p', 'hsa-miR-222-3p']));
    expect(mirnaInfo('let-7a').family.members).toEqual(expect.arrayContaining(['hsa-let-7a-5p', 'hsa-let-7b-5p', 'hsa-miR-98']));
    for (const m of ['miR-21', 'miR-375', 'miR-1246']) expect(mirnaInfo(m).family.members).toContain(mirnaInfo(m).name);
  });

  it('motif positions and loading weights computed by hand', () => {
    // miR-205-5p UCCUUCAUUCCACCGGAGUCUG: GGAG at nt 15 -> weight √20 (geometric middle of 2-10, parameters.md §2.3)
    const m205 = mirnaInfo('miR-205');
    expect(m205.motifs).toEqual([expect.objectContaining({ motif: 'GGAG', kind: 'EXOmotif', count: 1, positions: [15] })]);
    expect(m205.motifs[0]!.source).toMatch(/Villarroya-Beltri/);
    expect(m205.loadingWeight).toBeCloseTo(Math.sqrt(20), 12);
    // miR-150-5p UCUCCCAACCCUUGUACCAGUG: CCCU at nt 9 -> 2
    expect(mirnaInfo('miR-150').motifs.map((m) => [m.motif, m.positions])).toEqual([['CCCU', [9]]]);
    expect(mirnaInfo('miR-150').loadingWeight).toBeCloseTo(2, 12);
    // miR-17-3p ACUGCAGUGAAGGCACUUGUAG: UGCA at nt 3 (CLmotif) -> 1/2
    const m17 = mirnaInfo('hsa-miR-17-3p');
    expect(m17.motifs).toEqual([expect.objectContaining({ motif: 'UGCA', kind: 'CLmotif', positions: [3] })]);
    expect(m17.loadingWeight).toBeCloseTo(0.5, 12);
    // miR-375-3p UUUGUUCGUUCGGCUCGCGUGA: GGCU at nt 12 -> 2 (Santangelo 2016)
    expect(mirnaInfo('miR-375').motifs.map((m) => [m.motif, m.positions, m.factor])).toEqual([['GGCU', [12], 2]]);
    // miR-21-5p: no motif -> basal weight 1
    expect(mirnaInfo('miR-21').motifs).toEqual([]);
    expect(mirnaInfo('miR-21').loadingWeight).toBe(1);
  });
});

describe('name resolution across miRBase versions and spellings', () => {
  it('miR-375 = hsa-miR-375-3p (v22) = hsa-miR-375 (v18) = hsa-mir-375 (stem-loop) = MIR375 (HGNC) = MIMAT0000728', () => {
    for (const n of ['miR-375', 'hsa-miR-375-3p', 'hsa-miR-375', 'hsa-mir-375', 'MIR375', 'mir375', 'miR-375-3p', 'MIMAT0000728', 'MI0000783']) {
      expect(resolveMirna(n).record.name, n).toBe('hsa-miR-375-3p');
    }
    const info = mirnaInfo('hsa-miR-375');
    expect(info.v18).toEqual({ name: 'hsa-miR-375', sequence: 'UUUGUUCGUUCGGCUCGCGUGA' });
  });

  it('arm-less names resolve to the dominant arm of the data (the project miRNA), with a note', () => {
    const r = resolveMirna('miR-21');
    expect(r.record.name).toBe('hsa-miR-21-5p');
    expect(r.note).toMatch(/hsa-miR-21-3p/);
    expect(resolveMirna('miR-10b').record.name).toBe('hsa-miR-10b-5p');
    expect(resolveMirna('miR-141').record.name).toBe('hsa-miR-141-3p');
    expect(resolveMirna('let-7a').record.name).toBe('hsa-let-7a-5p');
    expect(resolveMirna('MIRLET7A1').record.name).toBe('hsa-let-7a-5p');
    expect(resolveMirna('miR-9-2').record.name).toBe('hsa-miR-9-5p');
    expect(resolveMirna('miR-451').record.name).toBe('hsa-miR-451a'); // legacy stem-loop id hsa-mir-451 (tsv)
    expect(resolveMirna('miR-21-3p').record.name).toBe('hsa-miR-21-3p'); // the other arm when asked for
    expect(resolveMirna('hsa-miR-21-3p').record.release).toBe('miRBase 18');
  });

  it('star notation, mature names before stem-loop products, paralogs (the rules of classifyMirnaName)', () => {
    expect(resolveMirna('miR-21*')).toMatchObject({ how: 'star', record: { name: 'hsa-miR-21-3p' } });
    expect(resolveMirna('miR-141*').record.name).toBe('hsa-miR-141-5p');
    expect(errorCode(() => resolveMirna('let-7a*')).message).toMatch(/opposite hsa-let-7a-5p.*hsa-let-7a-3p, hsa-let-7a-2-3p/);
    // hsa-mir-517c yields miR-517-5p and miR-517c-3p: the name miR-517c is the mature miR-517c-3p's
    expect(resolveMirna('miR-517c')).toMatchObject({ how: 'single-arm', record: { name: 'hsa-miR-517c-3p' } });
    expect(resolveMirna('miR-210').how).toBe('exact'); // 'miR-' is not a species prefix
    const m146 = errorCode(() => resolveMirna('miR-146'));
    expect(m146.message).toMatch(/paralogs mir-146a, mir-146b: hsa-miR-146a-5p, hsa-miR-146a-3p, hsa-miR-146b-5p, hsa-miR-146b-3p/);
    expect(resolveMirna('miR-422')).toMatchObject({ how: 'paralog', record: { name: 'hsa-miR-422a' } });
    expect(classifyMirnaName('miR-923').status).toBe('not-found');
    expect(classifyMirnaName('PTEN').status).toBe('not-a-name');
  });

  it('v18/v22 sequence changes: miR-146b-5p and miR-155-5p gained a 3\' nt in v22 (parameters.md §9)', () => {
    expect(mirnaInfo('miR-146b-5p').v18).toEqual({ name: 'hsa-miR-146b-5p', sequence: 'UGAGAACUGAAUUCCAUAGGCU' });
    expect(mirnaInfo('miR-146b-5p').sequence).toBe('UGAGAACUGAAUUCCAUAGGCUG');
    expect(mirnaInfo('miR-155').v18!.sequence + 'U').toBe(mirnaInfo('miR-155').sequence);
    expect(mirnaInfo('miR-21').v18).toBeUndefined();
  });

  it('non-project miRBase 18 miRNAs are found by full name', () => {
    const r = mirnaInfo('hsa-miR-122-5p');
    expect(r.sequence).toBe('UGGAGUGUGACAAUGGUGUUUG');
    expect(r.release).toBe('miRBase 18');
    expect(r.seed).toBe('GGAGUGU');
    expect(allMirnas().length).toBe(1921); // the 25 project miRNAs are among the v18 human ones (same MIMAT)
  });

  it('ambiguous and unknown names give E_UNKNOWN_MIRNA with the closest names', () => {
    const amb = errorCode(() => resolveMirna('miR-122'));
    expect(amb.code).toBe('E_UNKNOWN_MIRNA');
    expect(amb.message).toMatch(/ambiguous.*hsa-miR-122-5p.*hsa-miR-122-3p/);
    expect(errorCode(() => resolveMirna('miR-16-3p')).message).toMatch(/hsa-miR-16-1-3p, hsa-miR-16-2-3p/);
    const unk = errorCode(() => resolveMirna('miR-200'));
    expect(unk.code).toBe('E_UNKNOWN_MIRNA');
    expect(unk.message).toMatch(/hsa-miR-200a-3p/);
    expect(errorCode(() => resolveMirna('miR-99999')).code).toBe('E_UNKNOWN_MIRNA');
    expect(errorCode(() => resolveMirna('PTEN')).message).toMatch(/not a miRNA name/);
    expect(errorCode(() => resolveMirna('mmu-miR-21a-5p')).message).toMatch(/only human.*hsa-miR-21-5p/);
    expect(errorCode(() => resolveMirna('  ')).code).toBe('E_UNKNOWN_MIRNA');
    expect(closestNames('hsa-miR-21-5q')[0]).toBe('hsa-miR-21-5p');
  });

  it('parseMirnaName reads every convention', () => {
    expect(parseMirnaName('hsa-miR-16-1-3p')).toEqual({ kind: 'mir', id: '16', precursor: '1', arm: '3p', species: 'hsa' });
    expect(parseMirnaName('MIR19B1')).toEqual({ kind: 'mir', id: '19b', precursor: '1' });
    expect(parseMirnaName('MIRLET7A2')).toEqual({ kind: 'let', id: '7a', precursor: '2' });
    expect(parseMirnaName('miR-1246')).toEqual({ kind: 'mir', id: '1246' });
    expect(parseMirnaName('PTEN')).toBeUndefined();
  });
});
