/**
 * miRNA name normalisation to miRBase names for the biomarker knowledge base (local normaliser; the sequence
 * tools of src/sequence/ may expose their own resolver).
 *
 * The review's Table 1 uses the names of its time ("miR-21", "miR-141", "miR-21*", "miR-451"). miRBase has since
 * named both arms of each hairpin (-5p/-3p, release 21+) and renamed paralogs (miR-451 -> miR-451a). The rules,
 * applied to a catalogue of human names (the project's v22 set of ../shared/domain/mirna/mirna_mature_sequences.tsv
 * first, then miRBase release 18 mature.fa), resolve a reported name "where the data allows":
 *   1. exact       the reported name is itself a catalogue name (hsa-miR-720, hsa-miR-139-5p);
 *   2. project     the project's v22 set holds exactly one arm of it (miR-21 -> hsa-miR-21-5p; the v22 set records
 *                  which arm the literature's bare name means, parameters.md §9);
 *   3. single-arm  the catalogue holds exactly one arm (miR-517c -> hsa-miR-517c-3p);
 *   4. star        name* = the other arm of a name resolved by rule 2 (miR-21* -> hsa-miR-21-3p);
 *   5. paralog     the bare name now exists only as one lettered paralog (miR-451 -> hsa-miR-451a), then rules 1-4;
 * otherwise 'ambiguous' (several candidates: miR-146 -> miR-146a/b; miR-30e -> both arms) or 'not-found' (miR-923
 * was removed from miRBase; miR-351-5p is a rodent miRNA). A guess between two arms by accession order is NOT made:
 * it is wrong for e.g. miR-378 (the 3p arm has the later accession).
 */

export interface CatalogueEntry {
  /** miRBase name, e.g. hsa-miR-21-5p. */
  name: string;
  /** MIMAT accession. */
  accession: string;
  /** 'v22' = project set (parameters.md §9), 'v18' = miRBase release 18 mature.fa. */
  source: 'v22' | 'v18';
}

export type ResolutionStatus = 'exact' | 'project' | 'single-arm' | 'star' | 'paralog' | 'ambiguous' | 'not-found';

export interface ResolvedName {
  /** The name as the source reports it. */
  reported: string;
  /** The miRBase name (resolved), or the reported name when unresolved. */
  name: string;
  accession?: string;
  /** miRBase release of the resolved name. */
  release?: 'v22' | 'v18';
  status: ResolutionStatus;
  /** Candidate miRBase names when ambiguous. */
  candidates?: string[];
}

const ARM = /-(?:\d-)?[35]p$/;

/** Comparison key: lower case, no species prefix, 'mir141' -> 'mir-141', 'let7a' -> 'let-7a'. */
export function nameKey(s: string): string {
  let k = s.trim().toLowerCase().replace(/^hsa-/, '');
  k = k.replace(/^mir(?=\d)/, 'mir-').replace(/^let(?=\d)/, 'let-');
  return k;
}

/** The key without its arm suffix (-5p, -3p, -1-3p, -2-3p). */
export function armlessKey(s: string): string {
  return nameKey(s).replace(ARM, '');
}

/** Resolve one reported name against the catalogue (rules in the header). */
export function resolveMirnaName(reported: string, catalogue: readonly CatalogueEntry[]): ResolvedName {
  const star = reported.trim().endsWith('*');
  const base = nameKey(reported.trim().replace(/\*$/, ''));
  const direct = resolveBase(base, star, catalogue, reported);
  if (direct) return direct;
  // 5. paralogs: catalogue bases that are base + one letter (mir-451 -> mir-451a)
  const paralogs = [...new Set(catalogue.map((e) => armlessKey(e.name)).filter((k) => k.length === base.length + 1 && k.startsWith(base) && /[a-z]$/.test(k)))];
  if (paralogs.length === 1) {
    const r = resolveBase(paralogs[0]!, star, catalogue, reported);
    if (r && r.status !== 'ambiguous') return { ...r, status: 'paralog' };
    if (r) return r;
  }
  if (paralogs.length > 1) {
    const candidates = catalogue.filter((e) => paralogs.includes(armlessKey(e.name))).map((e) => e.name);
    return { reported, name: reported, status: 'ambiguous', candidates: sortNames(candidates) };
  }
  return { reported, name: reported, status: 'not-found' };
}

function sortNames(names: string[]): string[] {
  return [...new Set(names)].sort();
}

function hit(reported: string, e: CatalogueEntry, status: ResolutionStatus): ResolvedName {
  return { reported, name: e.name, accession: e.accession, release: e.source, status };
}

function resolveBase(base: string, star: boolean, catalogue: readonly CatalogueEntry[], reported: string): ResolvedName | undefined {
  const projectArms = catalogue.filter((e) => e.source === 'v22' && armlessKey(e.name) === base && ARM.test(e.name));
  const arms = catalogue.filter((e) => armlessKey(e.name) === base && ARM.test(e.name));
  if (!star) {
    const exact = catalogue.find((e) => nameKey(e.name) === base);
    if (exact) return hit(reported, exact, 'exact');
    if (projectArms.length === 1) return hit(reported, projectArms[0]!, 'project');
    if (arms.length === 1) return hit(reported, arms[0]!, 'single-arm');
    if (arms.length > 1) return { reported, name: reported, status: 'ambiguous', candidates: sortNames(arms.map((e) => e.name)) };
    return undefined;
  }
  // star strand: the arm(s) other than the literature's main arm, known only from the project set
  if (projectArms.length === 1) {
    const main = projectArms[0]!;
    const others = arms.filter((e) => e.accession !== main.accession);
    if (others.length === 1) return hit(reported, others[0]!, 'star');
    if (others.length > 1) return { reported, name: reported, status: 'ambiguous', candidates: sortNames(others.map((e) => e.name)) };
  }
  if (arms.length > 0) return { reported, name: reported, status: 'ambiguous', candidates: sortNames(arms.map((e) => e.name)) };
  return undefined;
}

/**
 * Does a query, resolved by the same rules (resolveMirnaName(query, catalogue)), name this knowledge-base miRNA?
 * Resolved query: same accession, or among an ambiguous entry's candidates. Ambiguous query (miR-146): any shared
 * candidate. Unresolved query: the reported spelling.
 */
export function mirnaMatches(query: ResolvedName, m: ResolvedName): boolean {
  if (nameKey(query.reported) === nameKey(m.reported)) return true;
  if (query.accession !== undefined) return m.accession === query.accession || (m.candidates ?? []).includes(query.name);
  if (query.status === 'ambiguous') {
    const qc = new Set(query.candidates ?? []);
    return qc.has(m.name) || (m.candidates ?? []).some((c) => qc.has(c));
  }
  return false;
}
