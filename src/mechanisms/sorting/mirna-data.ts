/**
 * Mature miRNA sequences (miRBase release 22) and their stem-loop (pre-miRNA) hairpins (miRBase release 18) for the
 * 25 miRNAs of the project, copied from ../shared/domain/mirna/ so that src/ never reads ../shared at run time.
 *
 * Provenance (../shared/domain/parameters.md §9 and mirna/mirbase-v18/SOURCE.txt):
 * - mature: mirna/mirna_mature_sequences.tsv, read from a copy of miRBase `mature.fa` of the release-22 era
 *   (github:hoangtien07/DHGCMDA-fork, commit 93685e8f6b33429a314f2831e27cf28553308a26), cross-checked against
 *   miRBase release 18 (identical except miR-146b-5p and miR-155-5p, which gained a 3' nt in v22).
 * - hairpins: mirna/mirbase-v18/hairpin_subset_project_mirnas.fa, miRBase release 18 `hairpin.fa`
 *   (github:riverlee/miRNA-SNP commit 07ef5a5d5baa2687861038f685bf13116498fa86); `matureStart` is the 1-based
 *   position of the v22 mature sequence inside the hairpin.
 * miRBase: Kozomara, Birgaoanu & Griffiths-Jones (2019) NAR 47:D155 (v22); Kozomara & Griffiths-Jones (2014) NAR 42:D68.
 * Generated from those files (no hand edits). Sequences 5'->3', RNA alphabet.
 */
import { classifyMirnaName } from '../../sequence/mirna-db.js';

export interface Hairpin {
  /** miRBase stem-loop id, e.g. 'hsa-mir-21'. */
  id: string;
  /** miRBase accession, e.g. 'MI0000077'. */
  accession: string;
  /** 1-based start of the mature sequence inside the hairpin. */
  matureStart: number;
  sequence: string;
  release: 'miRBase 18';
}

export interface MirnaRecord {
  /** miRBase v22 mature name, e.g. 'hsa-miR-21-5p'. */
  name: string;
  /** miRBase mature accession (MIMAT). */
  accession: string;
  sequence: string;
  release: 'miRBase 22';
  hairpins: Hairpin[];
}

export const MIRNAS: readonly MirnaRecord[] = [
  { name: 'hsa-miR-21-5p', accession: 'MIMAT0000076', sequence: 'UAGCUUAUCAGACUGAUGUUGA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-21', accession: 'MI0000077', matureStart: 8, sequence: 'UGUCGGGUAGCUUAUCAGACUGAUGUUGACUGUUGAAUCUCAUGGCAACACCAGUCGAUGGGCUGUCUGACA', release: 'miRBase 18' }] },
  { name: 'hsa-miR-10b-5p', accession: 'MIMAT0000254', sequence: 'UACCCUGUAGAACCGAAUUUGUG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-10b', accession: 'MI0000267', matureStart: 27, sequence: 'CCAGAGGUUGUAACGUUGUCUAUAUAUACCCUGUAGAACCGAAUUUGUGUGGUAUCCGUAUAGUCACAGAUUCGAUUCUAGGGGAAUAUAUGGUCGAUGCAAAAACUUCA', release: 'miRBase 18' }] },
  { name: 'hsa-miR-141-3p', accession: 'MIMAT0000432', sequence: 'UAACACUGUCUGGUAAAGAUGG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-141', accession: 'MI0000457', matureStart: 59, sequence: 'CGGCCGGCCCUGGGUCCAUCUUCCAGUACAGUGUUGGAUGGUCUAAUUGUGAAGCUCCUAACACUGUCUGGUAAAGAUGGCUCCCGGGUGGGUUC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-200a-3p', accession: 'MIMAT0000682', sequence: 'UAACACUGUCUGGUAACGAUGU', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-200a', accession: 'MI0000737', matureStart: 54, sequence: 'CCGGGCCCCUGUGAGCAUCUUACCGGACAGUGCUGGAUUUCCCAGCUUGACUCUAACACUGUCUGGUAACGAUGUUCAAAGGUGACCCGC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-200b-3p', accession: 'MIMAT0000318', sequence: 'UAAUACUGCCUGGUAAUGAUGA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-200b', accession: 'MI0000342', matureStart: 57, sequence: 'CCAGCUCGGGCAGCCGUGGCCAUCUUACUGGGCAGCAUUGGAUGGAGUCAGGUCUCUAAUACUGCCUGGUAAUGAUGACGGCGGAGCCCUGCACG', release: 'miRBase 18' }] },
  { name: 'hsa-miR-200c-3p', accession: 'MIMAT0000617', sequence: 'UAAUACUGCCGGGUAAUGAUGGA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-200c', accession: 'MI0000650', matureStart: 44, sequence: 'CCCUCGUCUUACCCAGCAGUGUUUGGGUGCGGUUGGGAGUCUCUAAUACUGCCGGGUAAUGAUGGAGG', release: 'miRBase 18' }] },
  { name: 'hsa-miR-205-5p', accession: 'MIMAT0000266', sequence: 'UCCUUCAUUCCACCGGAGUCUG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-205', accession: 'MI0000285', matureStart: 34, sequence: 'AAAGAUCCUCAGACAAUCCAUGUGCUUCUCUUGUCCUUCAUUCCACCGGAGUCUGUCUCAUACCCAACCAGAUUUCAGUGGAGUGAAGUUCAGGAGGCAUGGAGCUGACA', release: 'miRBase 18' }] },
  { name: 'hsa-miR-29a-3p', accession: 'MIMAT0000086', sequence: 'UAGCACCAUCUGAAAUCGGUUA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-29a', accession: 'MI0000087', matureStart: 42, sequence: 'AUGACUGAUUUCUUUUGGUGUUCAGAGUCAAUAUAAUUUUCUAGCACCAUCUGAAAUCGGUUAU', release: 'miRBase 18' }] },
  { name: 'hsa-miR-9-5p', accession: 'MIMAT0000441', sequence: 'UCUUUGGUUAUCUAGCUGUAUGA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-9-1', accession: 'MI0000466', matureStart: 16, sequence: 'CGGGGUUGGUUGUUAUCUUUGGUUAUCUAGCUGUAUGAGUGGUGUGGAGUCUUCAUAAAGCUAGAUAACCGAAAGUAAAAAUAACCCCA', release: 'miRBase 18' }, { id: 'hsa-mir-9-2', accession: 'MI0000467', matureStart: 16, sequence: 'GGAAGCGAGUUGUUAUCUUUGGUUAUCUAGCUGUAUGAGUGUAUUGGUCUUCAUAAAGCUAGAUAACCGAAAGUAAAAACUCCUUCA', release: 'miRBase 18' }, { id: 'hsa-mir-9-3', accession: 'MI0000468', matureStart: 16, sequence: 'GGAGGCCCGUUUCUCUCUUUGGUUAUCUAGCUGUAUGAGUGCCACAGAGCCGUCAUAAAGCUAGAUAACCGAAAGUAGAAAUGAUUCUCA', release: 'miRBase 18' }] },
  { name: 'hsa-miR-146b-5p', accession: 'MIMAT0002809', sequence: 'UGAGAACUGAAUUCCAUAGGCUG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-146b', accession: 'MI0003129', matureStart: 9, sequence: 'CCUGGCACUGAGAACUGAAUUCCAUAGGCUGUGAGCUCUAGCAAUGCCCUGUGGACUCAGUUCUGGUGCCCGG', release: 'miRBase 18' }] },
  { name: 'hsa-let-7a-5p', accession: 'MIMAT0000062', sequence: 'UGAGGUAGUAGGUUGUAUAGUU', release: 'miRBase 22', hairpins: [{ id: 'hsa-let-7a-1', accession: 'MI0000060', matureStart: 6, sequence: 'UGGGAUGAGGUAGUAGGUUGUAUAGUUUUAGGGUCACACCCACCACUGGGAGAUAACUAUACAAUCUACUGUCUUUCCUA', release: 'miRBase 18' }, { id: 'hsa-let-7a-2', accession: 'MI0000061', matureStart: 5, sequence: 'AGGUUGAGGUAGUAGGUUGUAUAGUUUAGAAUUACAUCAAGGGAGAUAACUGUACAGCCUCCUAGCUUUCCU', release: 'miRBase 18' }, { id: 'hsa-let-7a-3', accession: 'MI0000062', matureStart: 4, sequence: 'GGGUGAGGUAGUAGGUUGUAUAGUUUGGGGCUCUGCCCUGCUAUGGGAUAACUAUACAAUCUACUGUCUUUCCU', release: 'miRBase 18' }] },
  { name: 'hsa-miR-150-5p', accession: 'MIMAT0000451', sequence: 'UCUCCCAACCCUUGUACCAGUG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-150', accession: 'MI0000479', matureStart: 16, sequence: 'CUCCCCAUGGCCCUGUCUCCCAACCCUUGUACCAGUGCUGGGCUCAGACCCUGGUACAGGCCUGGGGGACAGGGACCUGGGGAC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-155-5p', accession: 'MIMAT0000646', sequence: 'UUAAUGCUAAUCGUGAUAGGGGUU', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-155', accession: 'MI0000681', matureStart: 4, sequence: 'CUGUUAAUGCUAAUCGUGAUAGGGGUUUUUGCCUCCAACUGACUCCUACAUAUUAGCAUUAACAG', release: 'miRBase 18' }] },
  { name: 'hsa-miR-1246', accession: 'MIMAT0005898', sequence: 'AAUGGAUUUUUGGAGCAGG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-1246', accession: 'MI0006381', matureStart: 11, sequence: 'UGUAUCCUUGAAUGGAUUUUUGGAGCAGGAGUGGACACCUGACCCAAAGGAAAUCAAUCCAUAGGCUAGCAAU', release: 'miRBase 18' }] },
  { name: 'hsa-miR-451a', accession: 'MIMAT0001631', sequence: 'AAACCGUUACCAUUACUGAGUU', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-451a', accession: 'MI0001729', matureStart: 17, sequence: 'CUUGGGAAUGGCAAGGAAACCGUUACCAUUACUGAGUUUAGUAAUGGUAAUGGUUCUCUUGCUAUACCCAGA', release: 'miRBase 18' }] },
  { name: 'hsa-miR-16-5p', accession: 'MIMAT0000069', sequence: 'UAGCAGCACGUAAAUAUUGGCG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-16-1', accession: 'MI0000070', matureStart: 14, sequence: 'GUCAGCAGUGCCUUAGCAGCACGUAAAUAUUGGCGUUAAGAUUCUAAAAUUAUCUCCAGUAUUAACUGUGCUGCUGAAGUAAGGUUGAC', release: 'miRBase 18' }, { id: 'hsa-mir-16-2', accession: 'MI0000115', matureStart: 10, sequence: 'GUUCCACUCUAGCAGCACGUAAAUAUUGGCGUAGUGAAAUAUAUAUUAAACACCAAUAUUACUGUGCUGCUUUAGUGUGAC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-214-3p', accession: 'MIMAT0000271', sequence: 'ACAGCAGGCACAGACAGGCAGU', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-214', accession: 'MI0000290', matureStart: 71, sequence: 'GGCCUGGCUGGACAGAGUUGUCAUGUGUCUGCCUGUCUACACUUGCUGUGCAGAACAUCCGCUCACCUGUACAGCAGGCACAGACAGGCAGUCACAUGACAACCCAGCCU', release: 'miRBase 18' }] },
  { name: 'hsa-miR-221-3p', accession: 'MIMAT0000278', sequence: 'AGCUACAUUGUCUGCUGGGUUUC', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-221', accession: 'MI0000298', matureStart: 65, sequence: 'UGAACAUCCAGGUCUGGGGCAUGAACCUGGCAUACAAUGUAGAUUUCUGUGUUCGUUAGGCAACAGCUACAUUGUCUGCUGGGUUUCAGGCUACCUGGAAACAUGUUCUC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-222-3p', accession: 'MIMAT0000279', sequence: 'AGCUACAUCUGGCUACUGGGU', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-222', accession: 'MI0000299', matureStart: 69, sequence: 'GCUGCUGGAAGGUGUAGGUACCCUCAAUGGCUCAGUAGCCAGUGUAGAUCCUGUCUUUCGUAAUCAGCAGCUACAUCUGGCUACUGGGUCUCUGAUGGCAUCUUCUAGCU', release: 'miRBase 18' }] },
  { name: 'hsa-miR-17-3p', accession: 'MIMAT0000071', sequence: 'ACUGCAGUGAAGGCACUUGUAG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-17', accession: 'MI0000071', matureStart: 51, sequence: 'GUCAGAAUAAUGUCAAAGUGCUUACAGUGCAGGUAGUGAUAUGUGCAUCUACUGCAGUGAAGGCACUUGUAGCAUUAUGGUGAC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-106a-5p', accession: 'MIMAT0000103', sequence: 'AAAAGUGCUUACAGUGCAGGUAG', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-106a', accession: 'MI0000113', matureStart: 13, sequence: 'CCUUGGCCAUGUAAAAGUGCUUACAGUGCAGGUAGCUUUUUGAGAUCUACUGCAAUGUAAGCACUUCUUACAUUACCAUGG', release: 'miRBase 18' }] },
  { name: 'hsa-miR-192-5p', accession: 'MIMAT0000222', sequence: 'CUGACCUAUGAAUUGACAGCC', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-192', accession: 'MI0000234', matureStart: 24, sequence: 'GCCGAGACCGAGUGCACAGGGCUCUGACCUAUGAAUUGACAGCCAGUGCUCUCGUCUCCCCUCUGGCUGCCAAUUCCAUAGGUCACAGGUAUGUUCGCCUCAAUGCCAGC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-375-3p', accession: 'MIMAT0000728', sequence: 'UUUGUUCGUUCGGCUCGCGUGA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-375', accession: 'MI0000783', matureStart: 40, sequence: 'CCCCGCGACGAGCCCCUCGCACAAACCGGACCUGAGCGUUUUGUUCGUUCGGCUCGCGUGAGGC', release: 'miRBase 18' }] },
  { name: 'hsa-miR-107', accession: 'MIMAT0000104', sequence: 'AGCAGCAUUGUACAGGGCUAUCA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-107', accession: 'MI0000114', matureStart: 50, sequence: 'CUCUCUGCUUUCAGCUUCUUUACAGUGUUGCCUUGUGGCAUGGAGUUCAAGCAGCAUUGUACAGGGCUAUCAAAGCACAGA', release: 'miRBase 18' }] },
  { name: 'hsa-miR-574-3p', accession: 'MIMAT0003239', sequence: 'CACGCUCAUGCACACACCCACA', release: 'miRBase 22', hairpins: [{ id: 'hsa-mir-574', accession: 'MI0003581', matureStart: 61, sequence: 'GGGACCUGCGUGGGUGCGGGCGUGUGAGUGUGUGUGUGUGAGUGUGUGUCGCUCCGGGUCCACGCUCAUGCACACACCCACACGCCCACACUCAGG', release: 'miRBase 18' }] },
];

/**
 * The record of a miRNA by name in any spelling ('miR-21', 'hsa-miR-21-5p', 'miR-451', 'let-7a', 'MIR21'), resolved
 * by ExoSim's one resolver (src/sequence/mirna-db.ts); undefined when the name does not resolve to one of the 25.
 */
export function findMirna(name: string): MirnaRecord | undefined {
  const c = classifyMirnaName(name);
  return 'record' in c ? MIRNAS.find((m) => m.accession === c.record.accession) : undefined;
}
