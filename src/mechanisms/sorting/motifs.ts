/**
 * Sequence-derived exosome loading weight of a miRNA (SYSTEM.md mechanism 3: "sorting depends on the sequence:
 * derive it from it").
 *
 * Formula (the log-additive form recommended in ../shared/domain/parameters.md §2.3: loading = basal × exp(Σ motif
 * weights)):
 *
 *     weight = Π_m f_m^(n_m) = exp( Σ_m n_m · ln f_m )
 *
 * n_m = number of (overlapping) occurrences of motif m in the sequence (RNA alphabet; T is read as U), f_m the
 * enrichment factor of one occurrence. A sequence with no motif has weight 1 (basal loading). A GGAG that is part of a
 * CGGGAG is counted once, as CGGGAG.
 *
 * Factors: parameters.md §2.3 gives no verified general enrichment number and recommends calibrating motif-carrying
 * miRNAs to be 2-10× enriched (prior, R-lo). We use the ends and the geometric middle of that prior by strength of
 * evidence:
 * - CGGGAG ×10 (upper end): the strongest EXOmotif across cell types (Alyref/Fus), Garcia-Martin et al. 2022
 *   Nature 601:446 (tag S).
 * - GGAG ×√(2·10) ≈ 4.47 (geometric middle): the main hnRNPA2B1 EXOmotif, bound by sumoylated hnRNPA2B1;
 *   Villarroya-Beltri et al. 2013 Nat Commun 4:2980 (concept S, motif R-hi).
 * - CCCU ×2 (lower end): second EXOmotif of Villarroya-Beltri 2013 (R-med).
 * - GGCU ×2 (lower end): hEXO motif bound by SYNCRIP (hnRNP-Q) in hepatocytes; Santangelo et al. 2016 Cell Rep
 *   17:799 (concept S, motif R-med).
 * - UGCA ×1/2 (inverse lower end): CLmotif enriched in cell-retained miRNAs (miR-17/20/93/106 family);
 *   Villarroya-Beltri 2013 (R lo-med).
 */

export interface ExoMotif {
  motif: string;
  /** Enrichment factor per occurrence (> 1 export, < 1 retention). */
  factor: number;
  kind: 'EXOmotif' | 'CLmotif';
  source: string;
  tag: string;
}

export const EXO_MOTIFS: readonly ExoMotif[] = [
  { motif: 'CGGGAG', factor: 10, kind: 'EXOmotif', source: 'Garcia-Martin et al. 2022 Nature 601:446 (strongest EXOmotif across cell types); parameters.md §2.3', tag: 'S' },
  { motif: 'GGAG', factor: Math.sqrt(20), kind: 'EXOmotif', source: 'Villarroya-Beltri et al. 2013 Nat Commun 4:2980 (sumoylated hnRNPA2B1 binds GGAG); parameters.md §2.3', tag: 'R' },
  { motif: 'CCCU', factor: 2, kind: 'EXOmotif', source: 'Villarroya-Beltri et al. 2013 Nat Commun 4:2980 (second EXOmotif); parameters.md §2.3', tag: 'R' },
  { motif: 'GGCU', factor: 2, kind: 'EXOmotif', source: 'Santangelo et al. 2016 Cell Rep 17:799 (hEXO motif, SYNCRIP); parameters.md §2.3', tag: 'R' },
  { motif: 'UGCA', factor: 0.5, kind: 'CLmotif', source: 'Villarroya-Beltri et al. 2013 Nat Commun 4:2980 (CLmotif, cell-retained miRNAs); parameters.md §2.3', tag: 'R' },
];

export interface MotifHit {
  motif: string;
  count: number;
  /** 1-based start positions of the occurrences. */
  positions: number[];
}

export interface LoadingWeight {
  /** Motifs found (count > 0 only), in EXO_MOTIFS order. */
  motifs: MotifHit[];
  /** Π f_m^(n_m); 1 without motif. */
  weight: number;
}

/** Normalise to the RNA alphabet, upper case (T -> U); throws on characters other than ACGUTN. */
export function normaliseSequence(sequence: string): string {
  const s = sequence.trim().toUpperCase().replace(/T/g, 'U');
  if (!/^[ACGUN]*$/.test(s)) throw new Error(`loadingWeight: not a nucleotide sequence: '${sequence}'`);
  return s;
}

/** 1-based start positions of every (overlapping) occurrence of `motif` in `s`. */
function occurrences(s: string, motif: string): number[] {
  const out: number[] = [];
  for (let i = s.indexOf(motif); i >= 0; i = s.indexOf(motif, i + 1)) out.push(i + 1);
  return out;
}

/** The loading weight of a sequence (mature miRNA or pre-miRNA hairpin), with the motifs found. */
export function loadingWeight(sequence: string): LoadingWeight {
  const s = normaliseSequence(sequence);
  const cgggag = occurrences(s, 'CGGGAG');
  // GGAG inside a CGGGAG starts 2 nt after the C: counted once, as CGGGAG.
  const inside = new Set(cgggag.map((p) => p + 2));
  const motifs: MotifHit[] = [];
  let logW = 0;
  for (const m of EXO_MOTIFS) {
    let positions = m.motif === 'CGGGAG' ? cgggag : occurrences(s, m.motif);
    if (m.motif === 'GGAG') positions = positions.filter((p) => !inside.has(p));
    if (positions.length === 0) continue;
    motifs.push({ motif: m.motif, count: positions.length, positions });
    logW += positions.length * Math.log(m.factor); // weight = exp(Σ n_m ln f_m)
  }
  return { motifs, weight: Math.exp(logW) };
}
