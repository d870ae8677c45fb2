/**
 * Seed-site typing (TargetScan: 8mer = match to nt 2-8 + A opposite nt 1; 7mer-m8 = match to 2-8; 7mer-A1 = match
 * to 2-7 + A; 6mer = match to 2-7) on constructed UTRs whose sites and positions are written out by hand below,
 * and the mapping of the sites to the target-silencing module's site_type and n_sites.
 *
 * Site strings written by hand (mRNA 5'->3' = reverse complement of the seed, then A):
 *   miR-21-5p  UAGCUUAUCAGACUGAUGUUGA   nt 2-8 AGCUUAU -> 8mer AUAAGCUA, 7mer-m8 AUAAGCU, 7mer-A1 UAAGCUA, 6mer UAAGCU
 *   miR-10b-5p UACCCUGUAGAACCGAAUUUGUG  nt 2-8 ACCCUGU -> 8mer ACAGGGUA, 7mer-m8 ACAGGGU, 7mer-A1 CAGGGUA, 6mer CAGGGU
 * The published PTEN (miR-21) and HOXD10 (miR-10b) 3'UTR sites could not be retrieved with their genomic flanks from
 * a reliable source, so the "PTEN" and "HOXD10" UTRs here are CONSTRUCTED: the site above between neutral spacers.
 */
import { describe, expect, it } from 'vitest';
import { mechanism as targetSilencing, SITE_KD } from '../../src/mechanisms/target-silencing/index.js';
import { allMirnas, mirnaInfo } from '../../src/sequence/mirna-db.js';
import { findSites, reverseComplement, site8mer, siteRepression } from '../../src/sequence/sites.js';

const MIR21 = 'UAGCUUAUCAGACUGAUGUUGA';
const MIR10B = 'UACCCUGUAGAACCGAAUUUGUG';
const SP = 'CCGCCGCCGC'; // spacer: no A, no U, cannot extend a miR-21 or miR-10b core

describe('site types on constructed UTRs', () => {
  it('miR-21-5p: each type alone, with its 1-based span', () => {
    expect(findSites(MIR21, `${SP}AUAAGCUA${SP}`)).toEqual([{ type: '8mer', start: 11, end: 18 }]);
    expect(findSites(MIR21, `${SP}AUAAGCU${SP}`)).toEqual([{ type: '7mer-m8', start: 11, end: 17 }]);
    expect(findSites(MIR21, `${SP}UAAGCUA${SP}`)).toEqual([{ type: '7mer-A1', start: 11, end: 17 }]);
    expect(findSites(MIR21, `${SP}UAAGCU${SP}`)).toEqual([{ type: '6mer', start: 11, end: 16 }]);
    expect(findSites(MIR21, `${SP}${SP}`)).toEqual([]);
    // a mismatch inside the core (UAAGCU -> UAAGGU) leaves no site; G:U wobble does not pair (UAAGCU -> UGAGCU)
    expect(findSites(MIR21, `${SP}AUAAGGUA${SP}`)).toEqual([]);
    expect(findSites(MIR21, `${SP}AUGAGCUA${SP}`)).toEqual([]);
  });

  it('miR-10b-5p: each type, and a wrong nucleotide opposite nt 8 or nt 1 demotes the site', () => {
    expect(findSites(MIR10B, `${SP}ACAGGGUA${SP}`)).toEqual([{ type: '8mer', start: 11, end: 18 }]);
    expect(findSites(MIR10B, `${SP}GCAGGGUA${SP}`)).toEqual([{ type: '7mer-A1', start: 12, end: 18 }]); // G opposite nt 8
    expect(findSites(MIR10B, `${SP}ACAGGGUU${SP}`)).toEqual([{ type: '7mer-m8', start: 11, end: 17 }]); // U opposite nt 1
    expect(findSites(MIR10B, `${SP}GCAGGGUC${SP}`)).toEqual([{ type: '6mer', start: 12, end: 17 }]);
  });

  it('each site once, by its best type; at the very start and end of the UTR', () => {
    const s = findSites(MIR21, 'AUAAGCUA');
    expect(s).toEqual([{ type: '8mer', start: 1, end: 8 }]);
    expect(findSites(MIR21, 'UAAGCU')).toEqual([{ type: '6mer', start: 1, end: 6 }]);
    expect(findSites(MIR21, 'GAUAAGCU')).toEqual([{ type: '7mer-m8', start: 2, end: 8 }]);
  });

  it('adjacent and overlapping sites are each reported', () => {
    // two miR-21 8mers sharing one nt: the A1 of the first is the nucleotide opposite nt 8 of the second
    expect(findSites(MIR21, 'AUAAGCUAUAAGCUA')).toEqual([
      { type: '8mer', start: 1, end: 8 },
      { type: '8mer', start: 8, end: 15 },
    ]);
    // back to back: three cores; the A1 of the first site also pairs with nt 8 of the second
    expect(findSites(MIR21, `${SP}AUAAGCUAUAAGCUCUAAGCUA${SP}`)).toEqual([
      { type: '8mer', start: 11, end: 18 },
      { type: '7mer-m8', start: 18, end: 24 }, // A at 18 pairs with nt 8 of the second core 19-24
      { type: '7mer-A1', start: 26, end: 32 },
    ]);
    // a self-overlapping core: synthetic miRNA UAUAUAUA..., nt 2-7 AUAUAU, core AUAUAU, m8 partner U
    //   G G A U A U A U A U G G   (1-based 1..12): cores at 3-8 and 5-10
    //   core 3-8: 5' neighbour G (not U), 3' neighbour A(9)   -> 7mer-A1 3-9
    //   core 5-10: 5' neighbour U(4), 3' neighbour G(11)      -> 7mer-m8 4-10
    expect(findSites('UAUAUAUAUAUAUAUAUAUAUA', 'GGAUAUAUAUGG')).toEqual([
      { type: '7mer-A1', start: 3, end: 9 },
      { type: '7mer-m8', start: 4, end: 10 },
    ]);
  });

  it('DNA or RNA alphabet, any case: same sites', () => {
    const rna = `${SP}AUAAGCUA${SP}UAAGCU${SP}`;
    const want = findSites(MIR21, rna);
    expect(want.map((s) => s.type)).toEqual(['8mer', '6mer']);
    expect(findSites(MIR21, rna.replace(/U/g, 'T'))).toEqual(want);
    expect(findSites(MIR21, rna.toLowerCase())).toEqual(want);
    expect(findSites(MIR21, rna.replace(/U/g, 't').toLowerCase())).toEqual(want);
    expect(findSites(MIR21.replace(/U/g, 'T').toLowerCase(), rna)).toEqual(want); // miRNA given as DNA, lower case
    // N never pairs
    expect(findSites(MIR21, `${SP}NUAAGCUA${SP}`)).toEqual([{ type: '7mer-A1', start: 12, end: 18 }]);
  });

  it('"published" sites (constructed, see header): PTEN / miR-21 8mer, HOXD10 / miR-10b 8mer, and no cross-talk', () => {
    const pten = `GGCCGGCCGG${'AUAAGCUA'}GGCCGGCCGG`;
    const hoxd10 = `GGCCGGCCGG${'ACAGGGUA'}GGCCGGCCGG`;
    expect(findSites(mirnaInfo('miR-21').sequence, pten)).toEqual([{ type: '8mer', start: 11, end: 18 }]);
    expect(findSites(mirnaInfo('miR-10b').sequence, hoxd10)).toEqual([{ type: '8mer', start: 11, end: 18 }]);
    expect(findSites(mirnaInfo('miR-21').sequence, hoxd10)).toEqual([]);
    expect(findSites(mirnaInfo('miR-10b').sequence, pten)).toEqual([]);
    expect(site8mer(MIR21)).toBe('AUAAGCUA');
    expect(site8mer(MIR10B)).toBe('ACAGGGUA');
  });

  it('the perfect complement of every shipped miRNA holds one site at its 3\' end: 8mer if nt 1 is U, else 7mer-m8', () => {
    for (const r of allMirnas()) {
      const target = reverseComplement(r.sequence); // nt 1 pairs with the last target nucleotide
      const L = target.length;
      const last = findSites(r.sequence, target).at(-1)!;
      // site ends at the nucleotide opposite nt 1 (8mer: that nt is A, i.e. nt 1 = U) or opposite nt 2 (7mer-m8)
      if (r.sequence[0] === 'U') expect(last, r.name).toEqual({ type: '8mer', start: L - 7, end: L });
      else expect(last, r.name).toEqual({ type: '7mer-m8', start: L - 7, end: L - 1 });
    }
  });
});

describe('siteRepression: sites -> target-silencing site_type and n_sites', () => {
  it('best type and affinity-equivalent count (Kd 8mer 20, 7mer-m8 50, 7mer-A1 100, 6mer 1000 pM)', () => {
    expect(siteRepression([])).toMatchObject({ site_type: null, n_sites: 0, total: 0 });
    expect(siteRepression([{ type: '8mer' }, { type: '8mer' }])).toMatchObject({ site_type: '8mer', n_sites: 2, total: 2, Kd_pM: 20 });
    // 1 x 8mer + 1 x 6mer: 20 * (1/20 + 1/1000) = 1.02
    expect(siteRepression([{ type: '8mer' }, { type: '6mer' }]).n_sites).toBeCloseTo(1.02, 12);
    // 1 x 7mer-m8 + 1 x 7mer-A1: 50 * (1/50 + 1/100) = 1.5
    const r = siteRepression([{ type: '7mer-A1' }, { type: '7mer-m8' }]);
    expect(r.site_type).toBe('7mer-m8');
    expect(r.n_sites).toBeCloseTo(1.5, 12);
    expect(r.affinity_per_pM).toBeCloseTo(1 / 50 + 1 / 100, 15);
    expect(r.counts).toEqual({ '8mer': 0, '7mer-m8': 1, '7mer-A1': 1, '6mer': 0 });
  });

  it('matches the module: its Kd for the chosen site_type is Kd_pM, and n_sites/Kd is the total affinity', () => {
    const rep = siteRepression(findSites(MIR21, `${SP}AUAAGCUA${SP}UAAGCUA${SP}`));
    expect(rep.site_type).toBe('8mer');
    const mod = targetSilencing.module({ site_type: rep.site_type! });
    const kd = mod.parameters!.find((p) => p.id === 'Kd')!.value;
    expect(kd).toBe(rep.Kd_pM);
    expect(kd).toBe(SITE_KD['8mer'].kd);
    expect(rep.n_sites / kd!).toBeCloseTo(1 / 20 + 1 / 100, 15);
  });
});
