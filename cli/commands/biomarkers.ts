/**
 * `exosim biomarkers [--tumor <text>] [--mirna <name>] [--json]`: the biomarker knowledge base (src/biomarkers/):
 * the review's Table 1 rows (tumour type, miRNAs with their miRBase names, sample, study, seed reference) and the
 * biomarker figures of parameters.md, filtered case-insensitively by tumour type and by miRNA (any spelling).
 */
import type { Command } from 'commander';
import { queryBiomarkers, type ResolvedName } from '../../src/biomarkers/index.js';
import { type CliContext, EXIT_OK, FlagErrors } from './shared.js';

export interface BiomarkersFlags {
  tumor?: string;
  mirna?: string;
  json?: boolean;
}

function showName(m: ResolvedName): string {
  if (m.accession !== undefined) return m.name === m.reported ? m.name : `${m.reported} = ${m.name}`;
  if (m.status === 'ambiguous') return `${m.reported} (ambiguous: ${(m.candidates ?? []).join(' / ')})`;
  return `${m.reported} (not in miRBase)`;
}

export async function biomarkersCommand(ctx: CliContext, flags: BiomarkersFlags): Promise<number> {
  const errs = new FlagErrors();
  if (flags.tumor !== undefined && flags.tumor.trim() === '') errs.add('--tumor', 'empty tumour filter', "give part of a tumour type, e.g. --tumor prostate");
  if (flags.mirna !== undefined && flags.mirna.trim() === '') errs.add('--mirna', 'empty miRNA name', 'give a miRNA name, e.g. --mirna miR-141');
  errs.throwIfAny();
  const res = queryBiomarkers({ ...(flags.tumor !== undefined ? { tumor: flags.tumor } : {}), ...(flags.mirna !== undefined ? { mirna: flags.mirna } : {}) });
  if (flags.json) {
    ctx.stdout.write(JSON.stringify(res, null, 2) + '\n');
    return EXIT_OK;
  }
  const out: string[] = [];
  if (res.query.mirna) out.push(`miRNA query: ${showName(res.query.mirna)}`);
  out.push(`Table 1 (review, OncoTargets Ther 2014): ${res.rows.length} row(s)`);
  for (const r of res.rows) {
    out.push(`  ${r.tumorType} — ${r.study} [${r.seedRef}] — ${r.sample}`);
    out.push(`    ${r.mirnas.map(showName).join(', ')}`);
  }
  out.push(`Figures (parameters.md): ${res.figures.length}`);
  for (const f of res.figures) {
    const what = f.marker ?? f.mirnas.map((m) => m.name).join(', ');
    out.push(`  ${f.id}: ${f.quantity} = ${f.value}${f.unit === '-' ? '' : ` ${f.unit}`}${what ? ` [${what}]` : ''} (${f.source}; parameters.md ${f.section}, ${f.tag})`);
  }
  ctx.stdout.write(out.join('\n') + '\n');
  return EXIT_OK;
}

export function registerBiomarkersCommand(program: Command, ctx: CliContext, setCode: (n: number) => void): void {
  program
    .command('biomarkers')
    .description("exosomal miRNA biomarkers: the review's Table 1 and the figures of parameters.md, by tumour type and miRNA")
    .option('--tumor <text>', 'tumour type contains this text (case-insensitive), e.g. prostate')
    .option('--mirna <name>', 'rows naming this miRNA (any spelling: miR-141, hsa-miR-141-3p; resolved to miRBase)')
    .option('--json', 'print the query, rows and figures as JSON')
    .action(async (opts: BiomarkersFlags) => setCode(await biomarkersCommand(ctx, opts)));
}
