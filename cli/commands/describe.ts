/** `exosim describe <model|scenario>`: the model in sentences (describeModel), or a scenario (describeScenario). */
import { diag, ExosimError, hasErrors } from '../../src/diagnostics.js';
import { describeModel } from '../../src/model/index.js';
import { getScenario, hasScenario } from '../../src/scenarios/registry.js';
import { describeScenario } from '../../src/scenarios/describe.js';
import { type CliContext, EXIT_OK, loadModel, printDiagnostics } from './shared.js';

export async function describeCommand(ctx: CliContext, model: string): Promise<number> {
  if (hasScenario(model)) {
    ctx.stdout.write(describeScenario(getScenario(model)));
    return EXIT_OK;
  }
  const m = await loadModel(ctx, model, { jacobian: false }); // sentences need the flat model only
  const flat = m.flat ?? m.compiled?.flat;
  if (hasErrors(m.diagnostics) || !flat) {
    throw new ExosimError(m.diagnostics.length ? m.diagnostics : [diag('E_COMPILE', `model '${model}' could not be flattened`, { file: model })]);
  }
  printDiagnostics(ctx, m.diagnostics);
  const text = describeModel(flat);
  ctx.stdout.write(text.endsWith('\n') ? text : text + '\n');
  return EXIT_OK;
}
