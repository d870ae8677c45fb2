/** `exosim validate <model>`: every diagnostic (errors and warnings), or a one-line summary. Exit 0 / 2. */
import { hasErrors } from '../../src/diagnostics.js';
import { type CliContext, EXIT_OK, EXIT_USER, loadModel, printDiagnostics } from './shared.js';

export async function validateCommand(ctx: CliContext, model: string): Promise<number> {
  const m = await loadModel(ctx, model);
  printDiagnostics(ctx, m.diagnostics);
  if (hasErrors(m.diagnostics)) {
    const n = m.diagnostics.filter((d) => d.severity === 'error').length;
    ctx.stderr.write(`${model}: ${n} error${n === 1 ? '' : 's'}\n`);
    return EXIT_USER;
  }
  const f = m.flat ?? m.compiled?.flat;
  const warnings = m.diagnostics.length;
  const parts = f
    ? [
        count(f.species.length, 'species', 'species'),
        count(f.reactions.length, 'reaction'),
        count(f.parameters.length, 'parameter'),
        count(f.compartments.length, 'compartment'),
        count(f.assignmentRules.length + f.rateRules.length, 'rule'),
        count(f.events.length, 'event'),
        count(f.observables.length, 'observable'),
      ]
    : [];
  ctx.stdout.write(`ok: ${parts.join(', ')}${warnings ? `; ${count(warnings, 'warning')}` : ''}\n`);
  return EXIT_OK;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
