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

/**
 * How a name was resolved (the rules of classifyMirnaName, in order):
 *   exact       a mature name of miRBase 22 (project) or 18, with or without 'hsa-', or a MIMAT accession;
 *   hairpin     a stem-loop id or MI accession (or a spelling matching only stem-loop ids, such as the legacy
 *               hsa-mir-451 the project table lists: miR-451 -> hsa-miR-451a, as papers before miRBase 18's
 *               miR-451b meant) whose products hold exactly one miRNA, or the dominant one;
 *   project     an arm-less spelling matching several arms of which exactly one is a project miRNA (the arm the
 *               literature's bare name means, parameters.md §9): miR-21 -> hsa-miR-21-5p;
 *   single-arm  a spelling matching exactly one miRNA (mature names first: miR-517c -> hsa-miR-517c-3p although the
 *               stem-loop hsa-mir-517c also yields hsa-miR-517-5p);
 *   star        name* = the other arm of the dominant arm (miR-21* -> hsa-miR-21-3p), the pre-2012 star notation;
 *   paralog     the bare name now exists only as one lettered paralog (miR-422 -> hsa-miR-422a), then the rules above.
 * Otherwise 'ambiguous' (with candidates: miR-146 -> miR-146a/b, miR-30e -> both arms) or 'not-found'. No guess
 * between two arms by accession order is made: it is wrong for e.g. miR-378 (the 3p arm has the later accession).
 */
export type NameStatus = 'exact' | 'hairpin' | 'project' | 'single-arm' | 'star' | 'paralog';

export interface MirnaResolution {
  record: MirnaRecord;
  query: string;
  how: NameStatus;
  /** Set when several miRNAs matched and the dominant arm of the data's v18/v22 mapping was chosen. */
  note?: string;
}

/** The outcome of classifyMirnaName: resolved (one record) or why not. */
export type NameClassification =
  | { status: NameStatus; query: string; record: MirnaRecord; note?: string }
  | { status: 'ambiguous'; query: string; candidates: MirnaRecord[]; what: string }
  | { status: 'not-found' | 'not-a-name' | 'other-species' | 'empty'; query: string; species?: string };

// ---------------------------------------------------------------------------------------------------------------
// Records (built once, on first use)
// ---------------------------------------------------------------------------------------------------------------

interface Db {
  records: MirnaRecord[];
  byAccession: Map<string, MirnaRecord>;
  byName: Map<string, MirnaRecord>;
  /** Stem-loop id -> products (records). Includes legacy ids listed in the project table (hsa-mir-451). */
  hairpins: Map<string, MirnaRecord[]>;
  /** Parsed mature names of each record (current and v18). */
  parsedMature: Map<MirnaRecord, ParsedMirnaName[]>;
  /** Parsed ids of the stem-loops each record is cut from (no arm). */
  parsedHairpin: Map<MirnaRecord, ParsedMirnaName[]>;
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
  const parsedMature = new Map<MirnaRecord, ParsedMirnaName[]>();
  const parsedHairpin = new Map<MirnaRecord, ParsedMirnaName[]>();
  for (const r of records) {
    parsedHairpin.set(r, []);
    parsedMature.set(r, [...new Set([r.name, r.v18.name])].map(parseMirnaName).filter((p): p is ParsedMirnaName => p !== undefined));
  }
  for (const [id, recs] of hairpins) {
    const p = parseMirnaName(id);
    if (!p) continue;
    // A stem-loop name carries no arm: it matches its products by family and precursor only.
    for (const r of recs) parsedHairpin.get(r)!.push({ kind: p.kind, id: p.id, ...(p.precursor !== undefined ? { precursor: p.precursor } : {}) });
  }
  const bySeed = new Map<string, MirnaRecord[]>();
  for (const r of records) {
    const s = seedOf(r.sequence);
    bySeed.set(s, [...(bySeed.get(s) ?? []), r]);
  }
  return { records, byAccession, byName, hairpins, parsedMature, parsedHairpin, bySeed };
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
 * Candidates for a parsed name: matches of mature names first, then of stem-loop ids (their products, including
 * legacy ids the project table lists: hsa-mir-451 -> hsa-miR-451a). `via` tells which.
 */
function spellingMatches(d: Db, q: ParsedMirnaName): { cands: MirnaRecord[]; via: 'mature' | 'hairpin' } {
  const byMature = d.records.filter((r) => (d.parsedMature.get(r) ?? []).some((p) => matches(p, q)));
  if (byMature.length > 0) return { cands: byMature, via: 'mature' };
  return { cands: d.records.filter((r) => (d.parsedHairpin.get(r) ?? []).some((p) => matches(p, q))), via: 'hairpin' };
}

/**
 * Classify a miRNA name of any miRBase release or spelling (rules at NameStatus). Never throws: the biomarker
 * knowledge base records unresolved names as such; resolveMirna turns them into E_UNKNOWN_MIRNA.
 */
export function classifyMirnaName(query: string): NameClassification {
  const d = getDb();
  const q = query.trim();
  if (!q) return { status: 'empty', query };
  if (q.endsWith('*')) return classifyStar(query, q.slice(0, -1).trim());
  const withPrefix = /^[a-z]{3,4}-(?=mir|let)/i.test(q) ? q : `hsa-${q}`; // 'miR-21' has no species prefix
  const exact = d.byName.get(q) ?? d.byName.get(withPrefix) ?? d.byAccession.get(q.toUpperCase());
  if (exact) return { status: 'exact', query, record: exact };

  const hp = d.hairpins.get(q) ?? d.hairpins.get(withPrefix) ?? [...d.hairpins.entries()].find(([id]) => id.toLowerCase() === withPrefix.toLowerCase())?.[1];
  if (hp && /^[a-z]{3,4}-(mir|let)-/.test(withPrefix)) return pick(query, hp, 'hairpin', 'stem-loop with products');
  const hpAcc = V18_HAIRPINS.find(([, acc]) => acc === q.toUpperCase());
  if (hpAcc) return pick(query, d.hairpins.get(hpAcc[0]) ?? [], 'hairpin', `stem-loop ${hpAcc[0]} with products`);

  const parsed = parseMirnaName(q);
  if (!parsed) return { status: 'not-a-name', query };
  if (parsed.species !== undefined && parsed.species !== 'hsa') return { status: 'other-species', query, species: parsed.species };
  const { cands, via } = spellingMatches(d, parsed);
  if (cands.length > 0) return pick(query, cands, via === 'mature' ? 'single-arm' : 'hairpin', via === 'mature' ? 'it matches' : 'the stem-loops of that name yield');
  // paralog: the bare id now exists only with a letter (miR-451 -> miR-451a; miR-146 -> miR-146a and miR-146b)
  if (/\d$/.test(parsed.id)) {
    const ids = new Set<string>();
    for (const ps of d.parsedMature.values()) for (const p of ps) if (p.kind === parsed.kind && p.id.length === parsed.id.length + 1 && p.id.startsWith(parsed.id) && /[a-z]$/.test(p.id)) ids.add(p.id);
    if (ids.size === 1) {
      const r = pick(query, spellingMatches(d, { ...parsed, id: [...ids][0]! }).cands, 'paralog', 'its paralog matches');
      return 'record' in r ? { ...r, status: 'paralog' } : r;
    }
    if (ids.size > 1) {
      const all = [...ids].sort().flatMap((id) => spellingMatches(d, { ...parsed, id }).cands);
      return { status: 'ambiguous', query, candidates: all, what: `it names the paralogs ${[...ids].sort().map((id) => `${parsed.kind}-${id}`).join(', ')}:` };
    }
  }
  return { status: 'not-found', query };
}

/**
 * One record from several candidates: the only one, else the only project miRNA among them (the dominant arm of the
 * data's v18/v22 mapping; status 'project' for spellings), else ambiguous.
 */
function pick(query: string, cands: MirnaRecord[], status: NameStatus, what: string): NameClassification {
  const uniq = [...new Set(cands)];
  if (uniq.length === 1) return { status, query, record: uniq[0]! };
  const proj = uniq.filter((r) => r.project);
  if (proj.length === 1) {
    const others = uniq.filter((r) => r !== proj[0]).map((r) => r.name);
    const note = `'${query}' also matches ${others.join(', ')}; the dominant arm of the miRBase v18/v22 mapping, ${proj[0]!.name}, was chosen`;
    return { status: status === 'single-arm' ? 'project' : status, query, record: proj[0]!, note };
  }
  return { status: 'ambiguous', query, candidates: uniq, what };
}

/** name*: the arm(s) other than the dominant arm of `base` (same stem-loops). */
function classifyStar(query: string, base: string): NameClassification {
  const main = classifyMirnaName(base);
  if (!('record' in main)) {
    if (main.status === 'ambiguous') return { ...main, query, what: `'${base}' (whose other arm '*' names) is ambiguous:` };
    return { ...main, query };
  }
  const hairpinIds = new Set(main.record.hairpins.map((h) => h.id));
  const others = allMirnas().filter((r) => r !== main.record && r.hairpins.some((h) => hairpinIds.has(h.id)));
  if (others.length === 1) return { status: 'star', query, record: others[0]!, note: `'${query}' is the pre-2012 star notation: the arm opposite ${main.record.name}` };
  if (others.length > 1) return { status: 'ambiguous', query, candidates: others, what: `the arms opposite ${main.record.name} are` };
  return { status: 'not-found', query };
}

/**
 * Resolve a miRNA name of any miRBase release or spelling to one record (classifyMirnaName): miR-375 = hsa-miR-375
 * (v18) = hsa-miR-375-3p (v22) = hsa-mir-375 (stem-loop) = MIR375 (HGNC); miR-21 -> hsa-miR-21-5p with a note;
 * miR-21* -> hsa-miR-21-3p. Throws E_UNKNOWN_MIRNA (with the closest names) for unknown or ambiguous names.
 */
export function resolveMirna(query: string): MirnaResolution {
  const c = classifyMirnaName(query);
  if ('record' in c) return { record: c.record, query, how: c.status, ...(c.note !== undefined ? { note: c.note } : {}) };
  const q = query.trim();
  switch (c.status) {
    case 'empty':
      throw unknown('empty miRNA name.', []);
    case 'ambiguous':
      throw unknown(`miRNA name '${query}' is ambiguous: ${c.what} ${c.candidates.map((r) => r.name).join(', ')}.`, [], 'give the full name with its arm (-5p or -3p) and precursor number where there is one');
    case 'not-a-name':
      throw unknown(`'${query}' is not a miRNA name.`, closestNames(q));
    case 'other-species':
      throw unknown(`only human (hsa) miRNAs are shipped; '${query}' is a ${c.species ?? 'non-human'} name.`, closestNames(q.replace(/^[a-z]{3,4}-/i, 'hsa-')), 'give the human orthologue (hsa-...)');
    case 'not-found':
      throw unknown(`unknown miRNA '${query}' (not in miRBase 18 human or the project's miRBase 22 list).`, closestNames(q.replace(/\*$/, '')));
  }
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
