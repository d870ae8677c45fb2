/**
 * Biomarker knowledge base: Table 1 rows against the source CSV (read here independently of the generated data),
 * miRNA name resolution against parameters.md §9 (v22 names and accessions), and the Done-when query
 * `exosim biomarkers --tumor prostate --json` (miR-141, Mitchell et al., among the prostate rows).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryBiomarkers, resolveMirna, TABLE1_ROWS, TABLE1_SOURCE } from '../../src/biomarkers/index.js';
import { resolveMirnaName } from '../../src/biomarkers/mirna-names.js';
import { ROOT } from '../cli/helpers.js';

// ../shared/domain's CSV when present, else its committed copy (test/fixtures/domain/extract.sh)
const SHARED_CSV = join(ROOT, '..', 'shared', 'domain', 'table1-exosomal-mirna-biomarkers.csv');
const CSV = existsSync(SHARED_CSV) ? SHARED_CSV : join(ROOT, 'test', 'fixtures', 'domain', 'table1-exosomal-mirna-biomarkers.csv');

/** Minimal independent CSV reading: the file quotes only the miRNA and sample fields. */
function csvRows(): { tumor: string; mirnas: string[]; study: string }[] {
  const lines = readFileSync(CSV, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((l) => {
    const fields = l.match(/("([^"]*)"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, ''));
    return { tumor: fields[0]!, mirnas: fields[1]!.split(';'), study: fields[3]! };
  });
}

describe('Table 1 data', () => {
  it('matches the source CSV row by row (tumour, reported miRNAs, study)', () => {
    const src = csvRows();
    expect(TABLE1_ROWS.length).toBe(src.length);
    src.forEach((r, i) => {
      expect(TABLE1_ROWS[i]!.tumorType).toBe(r.tumor);
      expect(TABLE1_ROWS[i]!.study).toBe(r.study);
      expect(TABLE1_ROWS[i]!.mirnas.map((m) => m.reported)).toEqual(r.mirnas);
    });
    expect(TABLE1_SOURCE.file).toContain('table1-exosomal-mirna-biomarkers.csv');
  });

  it('every embedded resolution is what the one resolver (src/sequence) gives today', () => {
    for (const r of TABLE1_ROWS) for (const m of r.mirnas) expect(resolveMirnaName(m.reported)).toEqual(m);
  });
});

describe('miRNA names normalised to miRBase', () => {
  // references: parameters.md §9 (v22 name, MIMAT)
  it.each([
    ['miR-21', 'hsa-miR-21-5p', 'MIMAT0000076'],
    ['mir21', 'hsa-miR-21-5p', 'MIMAT0000076'],
    ['hsa-miR-21-5p', 'hsa-miR-21-5p', 'MIMAT0000076'],
    ['miR-141', 'hsa-miR-141-3p', 'MIMAT0000432'],
    ['MIR-141', 'hsa-miR-141-3p', 'MIMAT0000432'],
    ['miR-375', 'hsa-miR-375-3p', 'MIMAT0000728'],
    ['let-7a', 'hsa-let-7a-5p', 'MIMAT0000062'],
    ['miR-1246', 'hsa-miR-1246', 'MIMAT0005898'],
  ])('%s -> %s', (q, name, acc) => {
    const r = resolveMirna(q);
    expect(r.name).toBe(name);
    expect(r.accession).toBe(acc);
  });

  it('star strands, ambiguous and retired names are reported as such', () => {
    expect(resolveMirna('miR-21*').name).toBe('hsa-miR-21-3p');
    expect(resolveMirna('miR-21*').status).toBe('star');
    const m146 = resolveMirna('miR-146');
    expect(m146.status).toBe('ambiguous');
    expect(m146.candidates).toEqual(expect.arrayContaining(['hsa-miR-146a-5p', 'hsa-miR-146b-5p']));
    expect(resolveMirna('miR-923').status).toBe('not-found'); // removed from miRBase
    expect(resolveMirna('miR-351-5p').status).toBe('not-found'); // a rodent miRNA
  });

  it('agrees with `exosim mirna` (src/sequence) on every name both accept', async () => {
    const { classifyMirnaName } = await import('../../src/sequence/mirna-db.js');
    // the names the two former resolvers disagreed on, and Table 1's own
    const names = ['miR-451', 'miR-21*', 'miR-517c', 'miR-146', ...TABLE1_ROWS.flatMap((r) => r.mirnas.map((m) => m.reported))];
    for (const n of names) {
      const kb = resolveMirna(n);
      const seq = classifyMirnaName(n);
      expect(kb.status, n).toBe(seq.status === 'not-a-name' || seq.status === 'other-species' || seq.status === 'empty' ? 'not-found' : seq.status);
      if ('record' in seq) expect(kb.accession, n).toBe(seq.record.accession);
    }
    expect(resolveMirna('miR-517c').name).toBe('hsa-miR-517c-3p'); // not the stem-loop's other product miR-517-5p
    expect(resolveMirna('miR-451')).toMatchObject({ name: 'hsa-miR-451a', status: 'hairpin' }); // legacy id hsa-mir-451
  });
});

describe('queries', () => {
  it('--tumor prostate: the Table 1 prostate rows, miR-141 (Mitchell et al.) among them', () => {
    const res = queryBiomarkers({ tumor: 'PROSTATE' });
    const expected = csvRows().filter((r) => /prostate/i.test(r.tumor)).map((r) => r.study);
    expect(res.rows.map((r) => r.study)).toEqual(expected);
    const mitchell = res.rows.find((r) => r.study === 'Mitchell et al.')!;
    expect(mitchell.mirnas.map((m) => m.name)).toEqual(['hsa-miR-141-3p']);
    expect(mitchell.sample).toBe('Serum');
    expect(res.figures.map((f) => f.id)).toEqual(expect.arrayContaining(['mitchell2008-auc', 'kelly2015-postop']));
  });

  it('--mirna in any spelling finds the rows naming it', () => {
    const studies = (q: string) => queryBiomarkers({ mirna: q }).rows.map((r) => r.study);
    const withMir141 = csvRows().filter((r) => r.mirnas.includes('miR-141')).map((r) => r.study);
    expect(studies('miR-141')).toEqual(withMir141);
    expect(studies('hsa-miR-141-3p')).toEqual(withMir141);
    expect(studies('mir141')).toEqual(withMir141);
    expect(studies('miR-141-5p')).toEqual([]); // the other arm is not in Table 1
    expect(studies('hsa-miR-21-3p')).toEqual(['Hessvik et al.']); // reported as miR-21*
    expect(queryBiomarkers({ tumor: 'prostate', mirna: 'miR-375' }).rows.map((r) => r.study)).toEqual(['Bryant et al.']);
    expect(queryBiomarkers({ tumor: 'no such tumour' }).rows).toEqual([]);
  });
});
