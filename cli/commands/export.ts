/**
 * `exosim export <model> --to sbml [--out file.xml] [--id <sid>]`: write a model (ExoSim YAML/JSON, flattened, or
 * an SBML document as imported) as an SBML Level 3 Version 2 core document (src/sbml/export.ts). Without --out
 * the document goes to stdout; with --out it is written atomically (temporary file + rename). Exit 0 / 2.
 */
import { resolve } from 'node:path';
import { diag, ExosimError, hasErrors } from '../../src/diagnostics.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { exportSbml } from '../../src/sbml/export.js';
import { type CliContext, EXIT_OK, FlagErrors, loadModel, printDiagnostics, resolvePath } from './shared.js';

export interface ExportFlags {
  to?: string;
  out?: string;
  id?: string;
  quiet?: boolean;
}

export async function exportCommand(ctx: CliContext, model: string, flags: ExportFlags): Promise<number> {
  const errs = new FlagErrors();
  const to = flags.to ?? 'sbml';
  if (to !== 'sbml') errs.add('--to', `unknown target format '${to}'`, 'use --to sbml (SBML Level 3 Version 2 core)');
  if (flags.out !== undefined) {
    const lower = flags.out.toLowerCase();
    if (!lower.endsWith('.xml') && !lower.endsWith('.sbml')) errs.add('--out', `'${flags.out}' does not end in .xml or .sbml`, 'name the SBML file e.g. --out model.xml');
    else if (resolvePath(ctx, flags.out) === resolve(ctx.cwd, model)) errs.add('--out', `'${flags.out}' is the input model itself`, 'choose another output file');
  }
  if (flags.id !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.id)) {
    errs.add('--id', `'${flags.id}' is not a valid SBML identifier`, 'use letters, digits and underscores, not starting with a digit, e.g. --id my_model');
  }
  errs.throwIfAny();

  const m = await loadModel(ctx, model, { jacobian: false });
  if (hasErrors(m.diagnostics) || !m.flat) {
    throw new ExosimError(m.diagnostics.length ? m.diagnostics : [diag('E_COMPILE', `model '${model}' could not be read`, { file: model, hint: 'run exosim validate on it' })]);
  }
  if (!flags.quiet) printDiagnostics(ctx, m.diagnostics);
  let xml: string;
  try {
    xml = exportSbml(m.flat, flags.id !== undefined ? { id: flags.id } : {});
  } catch (e) {
    if (e instanceof ExosimError) throw new ExosimError(e.diagnostics.map((d) => (d.file === undefined ? { ...d, file: model } : d)));
    throw e;
  }
  if (flags.out === undefined) {
    ctx.stdout.write(xml);
    return EXIT_OK;
  }
  await writeFileAtomic(resolvePath(ctx, flags.out), xml);
  if (!flags.quiet) {
    const f = m.flat;
    ctx.stderr.write(
      `exosim: wrote ${flags.out} (SBML Level 3 Version 2: ${f.compartments.length} compartment(s), ${f.species.length} species, ` +
        `${f.parameters.length} parameter(s), ${f.reactions.length} reaction(s), ${f.events.length} event(s))\n`,
    );
  }
  return EXIT_OK;
}
