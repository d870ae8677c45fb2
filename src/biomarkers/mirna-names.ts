/**
 * miRNA names of the biomarker knowledge base, resolved to miRBase names by the one resolver ExoSim has
 * (src/sequence/mirna-db.ts, classifyMirnaName; its rules: exact, hairpin, project, single-arm, star, paralog).
 *
 * The review's Table 1 uses the names of its time ("miR-21", "miR-141", "miR-21*", "miR-451"); miRBase has since
 * named both arms of each hairpin (-5p/-3p, release 21+) and renamed paralogs (miR-451 -> miR-451a). A name that
 * does not resolve to one miRNA is kept as reported with status 'ambiguous' (and its candidates: miR-146 -> miR-146a
 * and miR-146b, both arms) or 'not-found' (miR-923 was removed from miRBase; miR-351-5p is a rodent miRNA), never
 * guessed.
 */
import { classifyMirnaName, type NameStatus } from '../sequence/mirna-db.js';

export type ResolutionStatus = NameStatus | 'ambiguous' | 'not-found';

export interface ResolvedName {
  /** The name as the source reports it. */
  reported: string;
  /** The miRBase name (resolved), or the reported name when unresolved. */
  name: string;
  accession?: string;
  /** miRBase release of the resolved name: 'v22' for the project's miRNAs (parameters.md §9), else 'v18'. */
  release?: 'v22' | 'v18';
  status: ResolutionStatus;
  /** Candidate miRBase names when ambiguous. */
  candidates?: string[];
}

/** Comparison key: lower case, no species prefix, 'mir141' -> 'mir-141', 'let7a' -> 'let-7a'. */
export function nameKey(s: string): string {
  let k = s.trim().toLowerCase().replace(/^hsa-/, '');
  k = k.replace(/^mir(?=\d)/, 'mir-').replace(/^let(?=\d)/, 'let-');
  return k;
}

/** Resolve one reported name (src/sequence's rules; unresolved names are reported, not thrown). */
export function resolveMirnaName(reported: string): ResolvedName {
  const c = classifyMirnaName(reported);
  if ('record' in c) {
    const r = c.record;
    return { reported, name: r.name, accession: r.accession, release: r.release === 'miRBase 22' ? 'v22' : 'v18', status: c.status };
  }
  if (c.status === 'ambiguous') return { reported, name: reported, status: 'ambiguous', candidates: [...new Set(c.candidates.map((r) => r.name))].sort() };
  return { reported, name: reported, status: 'not-found' };
}

/**
 * Does a query, resolved by the same rules, name this knowledge-base miRNA? Resolved query: same accession, or
 * among an ambiguous entry's candidates. Ambiguous query (miR-146): any shared candidate. Unresolved query: the
 * reported spelling.
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
