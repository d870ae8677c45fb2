/**
 * Canonical miRNA seed sites in a 3'UTR, typed by TargetScan's definitions (Lewis, Burge & Bartel 2005 Cell 120:15;
 * Grimson et al. 2007 Mol Cell 27:91; Bartel 2009 Cell 136:215; Agarwal et al. 2015 eLife 4:e05005):
 *
 *   8mer     exact Watson-Crick match to miRNA nt 2-8, followed by an A opposite nt 1
 *   7mer-m8  exact match to nt 2-8
 *   7mer-A1  exact match to nt 2-7, followed by an A opposite nt 1
 *   6mer     exact match to nt 2-7
 *
 * The miRNA (5'->3') pairs antiparallel with the mRNA, so on the mRNA (5'->3') a site reads
 *   [complement of nt 8] [reverse complement of nt 2-7] [A]
 * e.g. miR-21-5p (seed AGCUUAU) has the 8mer site AUAAGCUA. Every occurrence of the 6-nt core (reverse complement of
 * nt 2-7) is one site, reported once with its best type (8mer > 7mer-m8 > 7mer-A1 > 6mer); start and end are 1-based
 * and inclusive and span the nucleotides of that type (8 for an 8mer, 7 for 7mers, 6 for a 6mer). Only Watson-Crick
 * pairs count (no G:U wobble); N and IUPAC ambiguity codes never pair. Overlapping sites (possible when the core
 * overlaps itself) are each reported.
 *
 * siteRepression() turns the sites of one UTR into the target-silencing module's parameters (its site_type option and
 * n_sites; src/mechanisms/target-silencing/index.ts).
 */
import { SITE_KD } from '../mechanisms/target-silencing/index.js';

export type SiteType = '8mer' | '7mer-m8' | '7mer-A1' | '6mer';

/** Best first (TargetScan efficacy order: 8mer > 7mer-m8 > 7mer-A1 > 6mer; Grimson 2007, Nielsen 2007). */
export const SITE_TYPES: readonly SiteType[] = ['8mer', '7mer-m8', '7mer-A1', '6mer'];

export interface Site {
  type: SiteType;
  /** 1-based first nucleotide of the site in the UTR. */
  start: number;
  /** 1-based last nucleotide (inclusive). */
  end: number;
}

const COMPLEMENT: Record<string, string> = { A: 'U', U: 'A', G: 'C', C: 'G' };

/** Upper case RNA alphabet. */
function rna(s: string): string {
  return s.toUpperCase().replace(/T/g, 'U');
}

/** Reverse complement (RNA, Watson-Crick); non-ACGU letters become '?', which matches nothing. */
export function reverseComplement(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += COMPLEMENT[s[i]!] ?? '?';
  return out;
}

/** The 8mer site of a miRNA on the mRNA, 5'->3': reverse complement of nt 2-8, then A. */
export function site8mer(mirna: string): string {
  const m = rna(mirna);
  return reverseComplement(m.slice(1, 8)) + 'A';
}

/** Canonical seed sites of `mirna` (mature, 5'->3') in `utr` (mRNA 5'->3', DNA or RNA, any case), by position. */
export function findSites(mirna: string, utr: string): Site[] {
  const m = rna(mirna);
  if (m.length < 8) throw new Error(`findSites: a mature miRNA of at least 8 nt is needed (got ${m.length})`);
  const u = rna(utr);
  const core = reverseComplement(m.slice(1, 7)); // pairs with nt 2-7
  if (core.includes('?')) throw new Error(`findSites: miRNA seed holds a non-ACGU letter: ${m.slice(1, 7)}`);
  const m8 = COMPLEMENT[m[7]!]; // the UTR nucleotide 5' of the core that pairs with nt 8
  const sites: Site[] = [];
  for (let i = u.indexOf(core); i >= 0; i = u.indexOf(core, i + 1)) {
    const hasM8 = m8 !== undefined && i > 0 && u[i - 1] === m8;
    const hasA1 = u[i + 6] === 'A';
    const type: SiteType = hasM8 && hasA1 ? '8mer' : hasM8 ? '7mer-m8' : hasA1 ? '7mer-A1' : '6mer';
    // 0-based core [i, i+5]; m8 at i-1, A1 at i+6; 1-based inclusive coordinates.
    sites.push({ type, start: (hasM8 ? i - 1 : i) + 1, end: (hasA1 ? i + 6 : i + 5) + 1 });
  }
  return sites;
}

export interface SiteRepression {
  /** Best site type present: the target-silencing module's `site_type` option; null without sites. */
  site_type: SiteType | null;
  /**
   * The module's `n_sites`: the number of best-type sites with the same total affinity as all the sites,
   * n_sites = Σ_i Kd(site_type) / Kd(type_i) (independent sites: association constants add). Equal to the number of
   * sites when all are of the best type. 0 without sites.
   */
  n_sites: number;
  /** Sites of each type. */
  counts: Record<SiteType, number>;
  /** Total number of sites. */
  total: number;
  /** Kd of one best-type site (pM), from the module's SITE_KD; null without sites. */
  Kd_pM: number | null;
  /** Total association constant Σ 1/Kd_i (1/pM): what the module's binding equilibrium depends on. */
  affinity_per_pM: number;
}

/**
 * Map the sites of one 3'UTR to the target-silencing module (src/mechanisms/target-silencing): in its titration model
 * the binding rate is k_on·n_sites and the unbinding rate k_on·Kd(site_type), so the bound fraction depends on
 * n_sites / Kd. Sites act independently (Grimson 2007: multiple sites act roughly independently beyond ~40 nt), so
 * their association constants add: n_sites / Kd(best) = Σ_i 1 / Kd(type_i). Kd per type: SITE_KD (8mer 20 pM, 7mer-m8
 * 50, 7mer-A1 100, 6mer 1000; Wee et al. 2012, parameters.md §4.1).
 */
export function siteRepression(sites: readonly Pick<Site, 'type'>[]): SiteRepression {
  const counts: Record<SiteType, number> = { '8mer': 0, '7mer-m8': 0, '7mer-A1': 0, '6mer': 0 };
  for (const s of sites) counts[s.type]++;
  const best = SITE_TYPES.find((t) => counts[t] > 0) ?? null;
  const affinity = SITE_TYPES.reduce((a, t) => a + counts[t] / SITE_KD[t].kd, 0);
  if (best === null) return { site_type: null, n_sites: 0, counts, total: 0, Kd_pM: null, affinity_per_pM: 0 };
  const kd = SITE_KD[best].kd;
  return { site_type: best, n_sites: affinity * kd, counts, total: sites.length, Kd_pM: kd, affinity_per_pM: affinity };
}
