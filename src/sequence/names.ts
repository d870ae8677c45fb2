/**
 * miRNA name spellings (miRBase conventions, Griffiths-Jones et al. 2006 NAR 34:D140; Kozomara et al. 2019):
 * mature 'hsa-miR-21-5p' (arm -5p/-3p; arm-less in older releases, e.g. 'hsa-miR-375' in <= v21), stem-loop
 * 'hsa-mir-21' / 'hsa-mir-9-1' / 'hsa-let-7a-1' (precursor number after the id), HGNC gene symbols 'MIR21',
 * 'MIR9-1', 'MIR19B1', 'MIRLET7A1'; the species prefix is optional. parseMirnaName reduces every spelling to
 * { kind, id, precursor?, arm? } so that names of different releases and conventions compare equal.
 */

export interface ParsedMirnaName {
  /** 'mir' for miR-/mir-/MIR names, 'let' for let-7 names. */
  kind: 'mir' | 'let';
  /** Number with its letter suffix, lower case: '21', '10b', '7a', '548aa'. */
  id: string;
  /** Precursor (paralogue) number, e.g. '1' in hsa-mir-9-1 or hsa-miR-16-1-3p. */
  precursor?: string;
  arm?: '5p' | '3p';
  /** Species prefix when given, lower case ('hsa', 'mmu'). */
  species?: string;
}

/** Parse a miRNA name in any of the spellings above; undefined when it is not a miRNA name. */
export function parseMirnaName(input: string): ParsedMirnaName | undefined {
  let s = input.trim().toLowerCase().replace(/_/g, '-');
  let species: string | undefined;
  const sp = /^([a-z]{3,4})-(?=mir|let)/.exec(s);
  if (sp) {
    species = sp[1]!;
    s = s.slice(sp[0].length);
  }
  s = s.replace(/^microrna-?/, 'mir-').replace(/^mirna-?/, 'mir-').replace(/^mirlet-?/, 'let-'); // 'MIRLET7A1' (HGNC)
  const m = /^(mir|let)-?(\d+[a-z]{0,2})(?:-?(\d+))?(?:-?([35]p))?$/.exec(s);
  if (!m) return undefined;
  // A precursor number glued to a bare number is part of the number ('mir1246' = 1246); only after a letter
  // ('mir19b1' = mir-19b-1, HGNC style) or a dash ('mir-9-1') is it a precursor. The regex is greedy, so a
  // glued digit after a number has already been taken into the id.
  const out: ParsedMirnaName = { kind: m[1] as 'mir' | 'let', id: m[2]! };
  if (m[3] !== undefined) out.precursor = m[3];
  if (m[4] !== undefined) out.arm = m[4] as '5p' | '3p';
  if (species !== undefined) out.species = species;
  return out;
}

/** `kind-id` (e.g. 'mir-21', 'let-7a'): names with equal keys name the same miRNA gene family member. */
export function familyKey(p: ParsedMirnaName): string {
  return `${p.kind}-${p.id}`;
}

/** Levenshtein edit distance (insertions, deletions, substitutions; Wagner-Fischer dynamic programme). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Comparison form for suggestions: lower case, no species prefix, no separators. */
export function looseKey(name: string): string {
  return name.trim().toLowerCase().replace(/^[a-z]{3,4}-(?=mir|let)/, '').replace(/[^a-z0-9]/g, '');
}
