/**
 * Generate src/sequence/mirbase-data.ts from the miRBase files in ../shared/domain/mirna/ (run from the repository
 * root: `npx tsx scripts/gen-mirbase-data.ts [mirna-dir]`; default mirna-dir ../shared/domain/mirna).
 *
 * Inputs (read-only; provenance in ../shared/domain/mirna/mirbase-v18/SOURCE.txt and parameters.md §9):
 * - mirna_mature_sequences.tsv: the 25 project miRNAs, v22 name/MIMAT/sequence, v18 name/sequence, hairpin ids.
 * - mirna_mature_sequences_v22.fa: the same 25 v22 sequences (cross-checked against the tsv).
 * - mirbase-v18/mature.fa and hairpin.fa: miRBase release 18; only the Homo sapiens (hsa-) records are kept.
 *
 * Derived here: the mature products of each v18 hairpin = the v18 human mature sequences contained in the hairpin
 * sequence (exact substring). The script checks that every project miRNA's v18 sequence is found in each hairpin the
 * tsv lists that exists in v18, and that the tsv's seed_2_8 equals nt 2-8 of its sequence; it fails otherwise.
 * The output file records each input's file name, miRBase release, sha256 and record count. No hand edits.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = resolve(process.argv[2] ?? join(ROOT, '..', 'shared', 'domain', 'mirna'));
const OUT = join(ROOT, 'src', 'sequence', 'mirbase-data.ts');

interface FaRecord {
  id: string;
  accession: string;
  sequence: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readFa(text: string): FaRecord[] {
  const out: FaRecord[] = [];
  let cur: FaRecord | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('>')) {
      const [id, accession] = line.slice(1).trim().split(/\s+/);
      if (!id || !accession) throw new Error(`bad FASTA header: ${line}`);
      cur = { id, accession, sequence: '' };
      out.push(cur);
    } else if (cur && line.trim()) cur.sequence += line.trim().toUpperCase().replace(/T/g, 'U');
  }
  return out;
}

function fail(msg: string): never {
  throw new Error(`gen-mirbase-data: ${msg}`);
}

const files = {
  tsv: 'mirna_mature_sequences.tsv',
  v22: 'mirna_mature_sequences_v22.fa',
  mature18: 'mirbase-v18/mature.fa',
  hairpin18: 'mirbase-v18/hairpin.fa',
} as const;
const text = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readFileSync(join(DIR, f), 'utf8')])) as Record<keyof typeof files, string>;

// --- project table (tsv) ---
const [head, ...rows] = text.tsv.trim().split(/\r?\n/);
const cols = head!.split('\t');
const col = (r: string[], name: string): string => {
  const i = cols.indexOf(name);
  if (i < 0) fail(`column ${name} missing from ${files.tsv}`);
  return r[i] ?? '';
};
const v22 = new Map(readFa(text.v22).map((r) => [r.id, r]));
const project = rows.map((line) => {
  const r = line.split('\t');
  const p = {
    v22Name: col(r, 'name_v22'),
    accession: col(r, 'mimat'),
    v22Sequence: col(r, 'seq_v22'),
    v18Name: col(r, 'name_v18'),
    v18Sequence: col(r, 'seq_v18'),
    hairpins: col(r, 'hairpin_ids_v18').split(';').filter(Boolean),
  };
  const fa = v22.get(p.v22Name);
  if (!fa || fa.sequence !== p.v22Sequence || fa.accession !== p.accession) fail(`${p.v22Name}: tsv and ${files.v22} disagree`);
  if (col(r, 'seed_2_8') !== p.v22Sequence.slice(1, 8)) fail(`${p.v22Name}: seed_2_8 is not nt 2-8`);
  return p;
});
if (project.length !== v22.size) fail(`${files.tsv} has ${project.length} rows, ${files.v22} ${v22.size} records`);

// --- miRBase 18, human ---
const mature18All = readFa(text.mature18);
const hairpin18All = readFa(text.hairpin18);
const mature18 = mature18All.filter((r) => r.id.startsWith('hsa-'));
const hairpin18 = hairpin18All.filter((r) => r.id.startsWith('hsa-'));
const byName18 = new Map(mature18.map((r) => [r.id, r]));
for (const p of project) {
  const m = byName18.get(p.v18Name);
  if (!m || m.sequence !== p.v18Sequence || m.accession !== p.accession) fail(`${p.v18Name}: not in v18 mature.fa as in the tsv`);
}
const hairpinRows = hairpin18.map((h) => [h.id, h.accession, mature18.filter((m) => h.sequence.includes(m.sequence)).map((m) => m.id)] as const);
const hairpinById = new Map(hairpinRows.map((h) => [h[0], h]));
for (const p of project) {
  for (const h of p.hairpins) {
    const row = hairpinById.get(h);
    if (row && !row[2].includes(p.v18Name)) fail(`${p.v18Name} is not contained in v18 hairpin ${h}`);
  }
  if (!p.hairpins.some((h) => hairpinById.has(h))) fail(`${p.v22Name}: none of its hairpins ${p.hairpins.join(', ')} is in v18`);
}

// --- write ---
const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const provenance = [
  { file: `mirna/${files.tsv}`, release: 'miRBase 22 (project subset, with v18 comparison)', sha256: sha256(text.tsv), records: project.length, kept: project.length },
  { file: `mirna/${files.v22}`, release: 'miRBase 22 (mature.fa of github:hoangtien07/DHGCMDA-fork@93685e8f6b33429a314f2831e27cf28553308a26)', sha256: sha256(text.v22), records: v22.size, kept: v22.size },
  { file: `mirna/${files.mature18}`, release: 'miRBase 18 (github:riverlee/miRNA-SNP@07ef5a5d5baa2687861038f685bf13116498fa86)', sha256: sha256(text.mature18), records: mature18All.length, kept: mature18.length },
  { file: `mirna/${files.hairpin18}`, release: 'miRBase 18 (github:riverlee/miRNA-SNP@07ef5a5d5baa2687861038f685bf13116498fa86)', sha256: sha256(text.hairpin18), records: hairpin18All.length, kept: hairpin18.length },
];
const lines: string[] = [
  '/**',
  ' * GENERATED by scripts/gen-mirbase-data.ts from ../shared/domain/mirna/ - do not edit by hand; re-run the script.',
  ' *',
  ' * miRBase data shipped with ExoSim (src/ never reads ../shared at run time):',
  ' * - PROJECT_MIRNAS: the 25 project miRNAs with their miRBase 22 name, MIMAT accession and sequence, their',
  ' *   miRBase 18 name and sequence, and their v18 stem-loop ids (mirna_mature_sequences.tsv, parameters.md §9).',
  ' * - V18_MATURE: every Homo sapiens mature miRNA of miRBase release 18 (name, MIMAT accession, sequence).',
  ' * - V18_HAIRPINS: every Homo sapiens stem-loop of release 18 (id, MI accession) with its mature products, derived',
  ' *   here as the v18 human mature sequences contained in the stem-loop sequence.',
  ' * Sequences 5\'->3\', RNA alphabet, upper case. miRBase: Kozomara, Birgaoanu & Griffiths-Jones (2019) NAR 47:D155',
  ' * (v22); Kozomara & Griffiths-Jones (2011) NAR 39:D152 (v18 era). Data are freely available under the miRBase terms.',
  ' */',
  '',
  'export interface MirbaseSourceFile {',
  '  /** Path below ../shared/domain/. */',
  '  file: string;',
  '  release: string;',
  '  sha256: string;',
  '  /** Records in the file. */',
  '  records: number;',
  '  /** Records kept here (human only for the v18 files). */',
  '  kept: number;',
  '}',
  '',
  `export const MIRBASE_PROVENANCE: readonly MirbaseSourceFile[] = ${JSON.stringify(provenance, null, 2).replace(/"(\w+)":/g, '$1:').replace(/"/g, "'")};`,
  '',
  'export interface ProjectMirnaRow {',
  '  v22Name: string;',
  '  accession: string;',
  '  v22Sequence: string;',
  '  v18Name: string;',
  '  v18Sequence: string;',
  '  /** miRBase 18 stem-loop ids (as listed in the tsv; a legacy id such as hsa-mir-451 may be absent from v18). */',
  '  hairpins: readonly string[];',
  '}',
  '',
  'export const PROJECT_MIRNAS: readonly ProjectMirnaRow[] = [',
  ...project.map((p) => `  { v22Name: ${q(p.v22Name)}, accession: ${q(p.accession)}, v22Sequence: ${q(p.v22Sequence)}, v18Name: ${q(p.v18Name)}, v18Sequence: ${q(p.v18Sequence)}, hairpins: [${p.hairpins.map(q).join(', ')}] },`),
  '];',
  '',
  '/** miRBase 18 human mature miRNAs: [name, MIMAT accession, sequence]. */',
  'export const V18_MATURE: readonly (readonly [string, string, string])[] = [',
  ...mature18.map((m) => `  [${q(m.id)}, ${q(m.accession)}, ${q(m.sequence)}],`),
  '];',
  '',
  '/** miRBase 18 human stem-loops: [id, MI accession, names of the v18 mature miRNAs contained in it]. */',
  'export const V18_HAIRPINS: readonly (readonly [string, string, readonly string[]])[] = [',
  ...hairpinRows.map((h) => `  [${q(h[0])}, ${q(h[1])}, [${h[2].map(q).join(', ')}]],`),
  '];',
  '',
];
writeFileSync(OUT, lines.join('\n'));
process.stdout.write(`wrote ${OUT}: ${project.length} project miRNAs, ${mature18.length} v18 human mature, ${hairpin18.length} v18 human hairpins\n`);
