/**
 * `exosim mirna info <name> [--json]`: sequence, seed, seed family, sorting motifs and loading weight of a miRNA
 * (names of any miRBase release or spelling). `exosim mirna sites --mirna <name> --utr <fasta> [--json]`: canonical
 * seed sites (8mer, 7mer-m8, 7mer-A1, 6mer) in each 3'UTR record and the target-silencing parameters they give.
 * Library code: src/sequence/.
 */
import type { Command } from 'commander';
import { mirnaInfo, resolveMirna, seedOf, type MirnaInfo } from '../../src/sequence/mirna-db.js';
import { readFastaFile } from '../../src/sequence/fasta.js';
import { findSites, site8mer, siteRepression, type Site, type SiteRepression } from '../../src/sequence/sites.js';
import { type CliContext, EXIT_OK, FlagErrors, resolvePath } from './shared.js';

export interface MirnaInfoFlags {
  json?: boolean;
}

export interface MirnaSitesFlags {
  mirna?: string;
  utr?: string;
  json?: boolean;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}

export function formatMirnaInfo(i: MirnaInfo): string {
  const lines = [
    `${i.name} (${i.accession}, ${i.release})`,
    `  sequence  ${i.sequence} (${i.length} nt)`,
    `  seed      ${i.seed} (nt 2-8)`,
    `  family    ${i.family.members.length > 1 ? `${i.family.members.join(', ')} (same seed)` : 'no other shipped miRNA has this seed'}`,
  ];
  if (i.v18) lines.push(`  miRBase 18: ${i.v18.name} ${i.v18.sequence}`);
  if (i.hairpins.length) lines.push(`  stem-loops ${i.hairpins.map((h) => `${h.id} (${h.accession})`).join(', ')}`);
  if (i.motifs.length === 0) lines.push('  motifs    none of CGGGAG, GGAG, CCCU, GGCU, UGCA');
  else {
    lines.push('  motifs');
    for (const m of i.motifs) lines.push(`    ${m.motif.padEnd(6)} x${m.count} at ${m.positions.join(', ')}  ${m.kind}, factor ${fmt(m.factor)} per copy; ${m.source} [${m.tag}]`);
  }
  lines.push(`  loading weight ${fmt(i.loadingWeight)} (sorting module: product of motif factors; 1 = basal)`);
  if (i.resolvedFrom.note) lines.push(`  note: ${i.resolvedFrom.note}`);
  return lines.join('\n') + '\n';
}

export async function mirnaInfoCommand(ctx: CliContext, name: string, flags: MirnaInfoFlags): Promise<number> {
  const info = mirnaInfo(name);
  ctx.stdout.write(flags.json ? JSON.stringify(info, null, 2) + '\n' : formatMirnaInfo(info));
  return EXIT_OK;
}

function describeRepression(r: SiteRepression): string {
  if (r.site_type === null) return 'no canonical site: the target-silencing module does not apply (n_sites 0)';
  const counts = Object.entries(r.counts).filter(([, n]) => n > 0).map(([t, n]) => `${n} x ${t}`).join(' + ');
  return `target-silencing: site_type ${r.site_type}, n_sites ${fmt(r.n_sites)} (Kd ${r.Kd_pM} pM; ${counts})`;
}

export async function mirnaSitesCommand(ctx: CliContext, flags: MirnaSitesFlags): Promise<number> {
  const errs = new FlagErrors();
  if (flags.mirna === undefined || !flags.mirna.trim()) errs.add('--mirna', 'is required', 'give the miRNA, e.g. --mirna miR-21');
  if (flags.utr === undefined || !flags.utr.trim()) errs.add('--utr', 'is required', "give a FASTA file of 3'UTR sequences, e.g. --utr pten-3utr.fa");
  errs.throwIfAny();
  const res = resolveMirna(flags.mirna!);
  const records = await readFastaFile(resolvePath(ctx, flags.utr!), flags.utr!);
  const mirna = res.record;
  const per = records.map((r) => {
    const sites = findSites(mirna.sequence, r.sequence);
    return { record: r.id, length: r.sequence.length, sites, repression: siteRepression(sites) };
  });
  const several = per.length > 1;
  if (flags.json) {
    const sites: (Site & { record?: string })[] = per.flatMap((p) => p.sites.map((s) => (several ? { record: p.record, ...s } : { ...s })));
    const out: Record<string, unknown> = { mirna: mirna.name, accession: mirna.accession, seed: seedOf(mirna.sequence), site8mer: site8mer(mirna.sequence), sites };
    if (!several) out['repression'] = per[0]!.repression;
    out['records'] = per.map((p) => ({ record: p.record, length: p.length, sites: p.sites.length, repression: p.repression }));
    if (res.note) out['note'] = res.note;
    ctx.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return EXIT_OK;
  }
  const lines = [`${mirna.name} (${mirna.accession}): seed ${seedOf(mirna.sequence)}, 8mer site ${site8mer(mirna.sequence)}`];
  if (res.note) lines.push(`note: ${res.note}`);
  for (const p of per) {
    lines.push(`${p.record} (${p.length} nt): ${p.sites.length} site${p.sites.length === 1 ? '' : 's'}`);
    for (const s of p.sites) lines.push(`  ${s.type.padEnd(8)} ${s.start}-${s.end}`);
    lines.push(`  ${describeRepression(p.repression)}`);
  }
  ctx.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}

/** Add `exosim mirna info|sites` to the program (wired in cli/main.ts). */
export function registerMirnaCommand(program: Command, ctx: CliContext, setCode: (n: number) => void): void {
  const mirna = program.command('mirna').description("miRNA sequences (miRBase), seeds, sorting motifs, and seed sites in 3'UTRs (info, sites)");
  mirna
    .command('info')
    .description('sequence, seed (nt 2-8), seed family, sorting motifs and loading weight of a miRNA')
    .argument('<name>', 'miRNA name of any miRBase release or spelling (miR-375, hsa-miR-375-3p, hsa-mir-375, MIR375) or MIMAT accession')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: MirnaInfoFlags) => setCode(await mirnaInfoCommand(ctx, name, opts)));
  mirna
    .command('sites')
    .description("canonical seed sites (8mer, 7mer-m8, 7mer-A1, 6mer) of a miRNA in each 3'UTR of a FASTA file")
    .option('--mirna <name>', 'the miRNA (any miRBase name or spelling)')
    .option('--utr <fasta>', "FASTA file of 3'UTR sequences (DNA or RNA, any case, one or more records)")
    .option('--json', 'print JSON')
    .action(async (opts: MirnaSitesFlags) => setCode(await mirnaSitesCommand(ctx, opts)));
}
