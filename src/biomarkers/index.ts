/**
 * Biomarker knowledge base: the review's Table 1 (exosomal miRNA biomarkers by tumour type; generated data in
 * table1-data.ts) and the biomarker figures of parameters.md (figures.ts), queryable by tumour type (case-insensitive
 * substring) and miRNA (any spelling, resolved to a miRBase name by src/sequence's resolver via mirna-names.ts).
 */
import { BIOMARKER_FIGURES, type BiomarkerFigure } from './figures.js';
import { mirnaMatches, resolveMirnaName, type ResolvedName } from './mirna-names.js';
import { TABLE1_ROWS, TABLE1_SOURCE, type Table1Row } from './table1-data.js';

export { BIOMARKER_FIGURES, TABLE1_ROWS, TABLE1_SOURCE };
export type { BiomarkerFigure, ResolvedName, Table1Row };
export { resolveMirnaName, nameKey, mirnaMatches } from './mirna-names.js';

export interface BiomarkerQuery {
  /** Case-insensitive substring of the tumour type ('prostate', 'lung'). */
  tumor?: string;
  /** miRNA name in any spelling (miR-141, hsa-miR-141-3p, mir141). */
  mirna?: string;
}

export interface FigureHit extends Omit<BiomarkerFigure, 'mirnas'> {
  mirnas: ResolvedName[];
}

export interface BiomarkerQueryResult {
  query: { tumor?: string; mirna?: ResolvedName };
  rows: Table1Row[];
  figures: FigureHit[];
}

/** Resolve a miRNA name as the knowledge base does (unresolved names are reported, not thrown). */
export function resolveMirna(name: string): ResolvedName {
  return resolveMirnaName(name);
}

function tumorMatches(filter: string | undefined, tumorType: string | null): boolean {
  if (filter === undefined) return true;
  if (tumorType === null) return false;
  return tumorType.toLowerCase().includes(filter.trim().toLowerCase());
}

/** Table 1 rows and parameters.md figures matching every given filter (no filter: everything). */
export function queryBiomarkers(q: BiomarkerQuery = {}): BiomarkerQueryResult {
  const mir = q.mirna !== undefined ? resolveMirna(q.mirna) : undefined;
  const rows = TABLE1_ROWS.filter((r) => tumorMatches(q.tumor, r.tumorType) && (mir === undefined || r.mirnas.some((m) => mirnaMatches(mir, m))));
  const figures: FigureHit[] = BIOMARKER_FIGURES.map((f) => ({ ...f, mirnas: f.mirnas.map(resolveMirna) })).filter(
    (f) => tumorMatches(q.tumor, f.tumorType) && (mir === undefined || f.mirnas.some((m) => mirnaMatches(mir, m))),
  );
  return {
    query: { ...(q.tumor !== undefined ? { tumor: q.tumor } : {}), ...(mir !== undefined ? { mirna: mir } : {}) },
    rows: rows.map((r) => ({ ...r, mirnas: r.mirnas.map((m) => ({ ...m })) })),
    figures,
  };
}
