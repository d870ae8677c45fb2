/** Sequence-aware tools: the shipped miRBase data, name resolution, seeds and motifs, FASTA, seed sites. */
export { MIRBASE_PROVENANCE, PROJECT_MIRNAS, V18_HAIRPINS, V18_MATURE, type MirbaseSourceFile, type ProjectMirnaRow } from './mirbase-data.js';
export { allMirnas, classifyMirnaName, closestNames, mirnaInfo, resolveMirna, seedOf, type MirnaInfo, type MirnaRecord, type MirnaResolution, type MotifInfo, type NameClassification, type NameStatus } from './mirna-db.js';
export { editDistance, familyKey, parseMirnaName, type ParsedMirnaName } from './names.js';
export { MAX_FILE_BYTES, MAX_LINE_LENGTH, parseFasta, readFastaFile, type FastaRecord } from './fasta.js';
export { findSites, reverseComplement, site8mer, siteRepression, SITE_TYPES, type Site, type SiteRepression, type SiteType } from './sites.js';
