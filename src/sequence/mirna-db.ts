/**
 * The miRNA database ExoSim ships (src/sequence/mirbase-data.ts, generated from ../shared/domain/mirna/): the 25
 * project miRNAs with their miRBase 22 names and sequences, and every human mature miRNA of miRBase 18. Name
 * resolution across releases and spellings, seeds (nt 2-8), seed families, and the sorting module's motif content
 * and loading weight (src/mechanisms/sorting/motifs.ts, reused here, not copied).
 */
import { diag, ExosimError } from '../diagnostics.js';
import { EXO_MOTIFS, loadingWeight } from '../mechanisms/sorting/motifs.js';
import { PROJECT_MIRNAS, V18_HAIRPINS, V18_MATURE } from './mirbase-data.js';
import { editDistance, familyKey, parseMirnaName, type ParsedMirnaName } from './names.js';

export interface MirnaRecord {
  /** Current name: miRBase 22 for the project miRNAs, else the miRBase 18 name. */
  name: string;
  /** Mature accession (MIMAT), stable across releases. */
  accession: string;
  /** Mature sequence 5'->3', RNA alphabet (release of `release`). */
  sequence: string;
  release: 'miRBase 22' | 'miRBase 18';
  /** The miRBase 18 name and sequence. */
  v18: { name: string; sequence: string };
  /** miRBase 18 stem-loops this mature miRNA is cut from. */
  hairpins: { id: string; accession: string }[];
  /** One of the 25 project miRNAs (parameters.md §9). */
  project: boolean;
}

export interface MirnaResolution {
  record: MirnaRecord;
  query: string;
  /** How the name matched: exactly (name, v18 name or accession), as a stem-loop id, or by spelling. */
  how: 'exact' | 'hairpin' | 'spelling';
  /** Set when several miRNAs matched and the dominant arm of the data's v18/v22 mapping was chosen. */
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Records (built once, on first use)
// ---------------------------------------------------------------------------------------------------------------

interface Db {
  records: MirnaRecord[];
  byAccession: Map<string, MirnaRecord>;
  byName: Map<string, MirnaRecord>;
  /** Stem-loop id -> products (records). Includes legacy ids listed in the project table (hsa-mir-451). */
  hairpins: Map<string, MirnaRecord[]>;
  /** Parsed names of each record: current, v18 and its stem-loops. */
  parsed: Map<MirnaRecord, ParsedMirnaName[]>;
  bySeed: Map<string, MirnaRecord[]>;
}

let db: Db | undefined;

function build(): Db {
  const records: MirnaRecord[] = [];
  const byAccession = new Map<string, MirnaRecord>();
  for (const p of PROJECT_MIRNAS) {
    const r: MirnaRecord = { name: p.v22Name, accession: p.accession, sequence: p.v22Sequence, release: 'miRBase 22', v18: { name: p.v18Name, sequence: p.v18Sequence }, hairpins: [], project: true };
    records.push(r);
    byAccession.set(r.accession, r);
  }
  const byV18Name = new Map<string, MirnaRecord>();
  for (const [name, accession, sequence] of V18_MATURE) {
    let r = byAccession.get(accession);
    if (!r) {
      r = { name, accession, sequence, release: 'miRBase 18', v18: { name, sequence }, hairpins: [], project: false };
      records.push(r);
      byAccession.set(accession, r);
    }
    byV18Name.set(name, r);
  }
  const hairpins = new Map<string, MirnaRecord[]>();
  for (const [id, accession, products] of V18_HAIRPINS) {
    const recs = products.map((n) => byV18Name.get(n)).filter((r): r is MirnaRecord => r !== undefined);
    hairpins.set(id, recs);
    for (const r of recs) r.hairpins.push({ id, accession });
  }
  for (const p of PROJECT_MIRNAS) {
    const r = byAccession.get(p.accession)!;
    for (const h of p.hairpins) if (!hairpins.has(h)) hairpins.set(h, [r]); // legacy stem-loop id (e.g. hsa-mir-451)
  }
  const byName = new Map<string, MirnaRecord>();
  for (const r of records) {
    byName.set(r.name, r);
    byName.set(r.v18.name, r);
  }
  const parsed = new Map<MirnaRecord, ParsedMirnaName[]>();
  for (const r of records) parsed.set(r, []);
  for (const r of records) {
    for (const n of new Set([r.name, r.v18.name])) {
      const p = parseMirnaName(n);
      if (p) parsed.get(r)!.push(p);
    }
  }
  for (const [id, recs] of hairpins) {
    const p = parseMirnaName(id);
    if (!p) continue;
    // A stem-loop name carries no arm: it matches its products by family and precursor only.
    for (const r of recs) parsed.get(r)!.push({ kind: p.kind, id: p.id, ...(p.precursor !== undefined ? { precursor: p.precursor } : {}) });
  }
  const bySeed = new Map<string, MirnaRecord[]>();
  for (const r of records) {
    const s = seedOf(r.sequence);
    bySeed.set(s, [...(bySeed.get(s) ?? []), r]);
  }
  return { records, byAccession, byName, hairpins, parsed, bySeed };
}

function getDb(): Db {
  db ??= build();
  return db;
}

/** Every miRNA shipped (project miRNAs first, then miRBase 18 human mature miRNAs). */
export function allMirnas(): readonly MirnaRecord[] {
  return getDb().records;
}

/** Seed: nucleotides 2-8 of a mature miRNA (Lewis, Burge & Bartel 2005 Cell 120:15; TargetScan). */
export function seedOf(sequence: string): string {
  return sequence.toUpperCase().replace(/T/g, 'U').slice(1, 8);
}

// ---------------------------------------------------------------------------------------------------------------
// Name resolution
// ---------------------------------------------------------------------------------------------------------------

function unknown(message: string, suggestions: string[], hint?: string): ExosimError {
  const list = suggestions.length ? ` Closest names: ${suggestions.join(', ')}.` : '';
  return new ExosimError([
    diag('E_UNKNOWN_MIRNA', `${message}${list}`, {
      hint: hint ?? "give a human miRBase name (e.g. hsa-miR-21-5p, miR-375, let-7a, MIR21) or a MIMAT accession; docs/sequences.md describes the names accepted and the data shipped",
    }),
  ]);
}

/** The `n` names (mature names and stem-loop ids) closest to `query` by edit distance. */
export function closestNames(query: string, n = 5): string[] {
  const d = getDb();
  const names = new Set<string>();
  for (const r of d.records) {
    names.add(r.name);
    names.add(r.v18.name);
  }
  // Names that extend the query (miR-200 -> miR-200a-3p) first, then by edit distance.
  const dashed = (n: string): string => n.trim().toLowerCase().replace(/^[a-z]{3,4}-(?=mir|let)/, '').replace(/^(mir|let)-?/, '$1-');
  const qd = dashed(query);
  const extends_ = (k: string): boolean => k.startsWith(qd) && qd.length >= 5 && /^(-|[a-z])/.test(k.slice(qd.length));
  const scored = [...names].map((name) => ({ name, p: extends_(dashed(name)) ? 0 : 1, d: editDistance(qd, dashed(name)) }));
  scored.sort((a, b) => a.p - b.p || a.d - b.d || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return scored.slice(0, n).map((s) => s.name);
}

function matches(p: ParsedMirnaName, q: ParsedMirnaName): boolean {
  if (familyKey(p) !== familyKey(q)) return false;
  if (q.arm !== undefined && p.arm !== q.arm) return false;
  if (q.precursor !== undefined && p.precursor !== q.precursor) return false;
  return true;
}

/**
 * Resolve a miRNA name of any miRBase release or spelling to one record. Order: exact mature name (v22 or v18, with
 * or without 'hsa-') or MIMAT accession; exact stem-loop id or MI accession; then by spelling (parseMirnaName):
 * miR-375 = hsa-miR-375 (v18) = hsa-miR-375-3p (v22) = hsa-mir-375 (stem-loop) = MIR375 (HGNC). When several
 * miRNAs match (an arm-less name with both arms shipped: miR-21 -> miR-21-5p and miR-21-3p) and exactly one of them
 * is a project miRNA, that one is the dominant arm of the data's v18/v22 mapping and is chosen; otherwise the name is
 * ambiguous. Throws E_UNKNOWN_MIRNA (with the closest names) for unknown or ambiguous names.
 */
export function resolveMirna(query: string): MirnaResolution {
  const d = getDb();
  const q = query.trim();
  if (!q) throw unknown('empty miRNA name.', []);
  const withPrefix = /^[a-z]{3,4}-/i.test(q) ? q : `hsa-${q}`;
  const exact = d.byName.get(q) ?? d.byName.get(withPrefix) ?? d.byAccession.get(q.toUpperCase());
  if (exact) return { record: exact, query, how: 'exact' };

  const pick = (cands: MirnaRecord[], how: MirnaResolution['how'], what: string): MirnaResolution => {
    const uniq = [...new Set(cands)];
    if (uniq.length === 1) return { record: uniq[0]!, query, how };
    const proj = uniq.filter((r) => r.project);
    if (proj.length === 1) {
      const others = uniq.filter((r) => r !== proj[0]).map((r) => r.name);
      return { record: proj[0]!, query, how, note: `'${query}' also matches ${others.join(', ')}; the dominant arm of the miRBase v18/v22 mapping, ${proj[0]!.name}, was chosen` };
    }
    throw unknown(`miRNA name '${query}' is ambiguous: ${what} ${uniq.map((r) => r.name).join(', ')}.`, [], 'give the full name with its arm (-5p or -3p) and precursor number where there is one');
  };

  const hp = d.hairpins.get(q) ?? d.hairpins.get(withPrefix) ?? [...d.hairpins.entries()].find(([id]) => id.toLowerCase() === withPrefix.toLowerCase())?.[1];
  if (hp && /^[a-z]{3,4}-mir-|^[a-z]{3,4}-let-/.test(withPrefix)) return pick(hp, 'hairpin', 'stem-loop with products');
  const hpAcc = V18_HAIRPINS.find(([, acc]) => acc === q.toUpperCase());
  if (hpAcc) return pick(d.hairpins.get(hpAcc[0]) ?? [], 'hairpin', `stem-loop ${hpAcc[0]} with products`);

  const parsed = parseMirnaName(q);
  if (!parsed) throw unknown(`'${query}' is not a miRNA name.`, closestNames(q));
  if (parsed.species !== undefined && parsed.species !== 'hsa') {
    const human = closestNames(q.replace(/^[a-z]{3,4}-/i, 'hsa-'));
    throw unknown(`only human (hsa) miRNAs are shipped; '${query}' is a ${parsed.species} name.`, human, 'give the human orthologue (hsa-...)');
  }
  const cands = d.records.filter((r) => d.parsed.get(r)!.some((p) => matches(p, parsed)));
  if (cands.length === 0) throw unknown(`unknown miRNA '${query}' (not in miRBase 18 human or the project's miRBase 22 list).`, closestNames(q));
  return pick(cands, 'spelling', 'it matches');
}

// ---------------------------------------------------------------------------------------------------------------
// Information about one miRNA
// ---------------------------------------------------------------------------------------------------------------

export interface MotifInfo {
  motif: string;
  kind: 'EXOmotif' | 'CLmotif';
  count: number;
  /** 1-based start positions in the mature sequence. */
  positions: number[];
  /** Enrichment factor per occurrence in the sorting module's loading weight. */
  factor: number;
  source: string;
  tag: string;
}

export interface MirnaInfo {
  name: string;
  accession: string;
  release: 'miRBase 22' | 'miRBase 18';
  sequence: string;
  length: number;
  /** Nucleotides 2-8. */
  seed: string;
  /** Seed family: every shipped miRNA with the same nt 2-8 (this one included), by name. */
  family: { seed: string; members: string[] };
  motifs: MotifInfo[];
  /** Loading weight of the sorting module (src/mechanisms/sorting/motifs.ts): Π f_m^(n_m); 1 without motif. */
  loadingWeight: number;
  hairpins: { id: string; accession: string }[];
  /** The miRBase 18 name and sequence, when either differs from the current one. */
  v18?: { name: string; sequence: string };
  resolvedFrom: { query: string; how: MirnaResolution['how']; note?: string };
}

/** Sequence, seed, family, sorting motifs (with sources) and loading weight of a miRNA given by any name. */
export function mirnaInfo(query: string): MirnaInfo {
  const res = resolveMirna(query);
  const r = res.record;
  const seed = seedOf(r.sequence);
  const lw = loadingWeight(r.sequence);
  const motifs = lw.motifs.map((h) => {
    const m = EXO_MOTIFS.find((x) => x.motif === h.motif)!;
    return { motif: h.motif, kind: m.kind, count: h.count, positions: h.positions, factor: m.factor, source: m.source, tag: m.tag };
  });
  const members = (getDb().bySeed.get(seed) ?? [r]).map((x) => x.name).sort((a, b) => a.localeCompare(b));
  const info: MirnaInfo = {
    name: r.name,
    accession: r.accession,
    release: r.release,
    sequence: r.sequence,
    length: r.sequence.length,
    seed,
    family: { seed, members },
    motifs,
    loadingWeight: lw.weight,
    hairpins: r.hairpins,
    resolvedFrom: { query: res.query, how: res.how, ...(res.note !== undefined ? { note: res.note } : {}) },
  };
  if (r.v18.name !== r.name || r.v18.sequence !== r.sequence) info.v18 = { ...r.v18 };
  return info;
}
