/**
 * `exosim mechanisms [--json]`: the mechanism library (src/mechanisms/); `exosim mechanisms <id> [--yaml]
 * [--option name=value]`: one mechanism in sentences, or its module as YAML to paste under a model's `modules:`.
 */
import { stringify } from 'yaml';
import { getMechanism, listMechanisms } from '../../src/mechanisms/registry.js';
import { type CliContext, EXIT_OK, FlagErrors } from './shared.js';

export interface MechanismsFlags {
  json?: boolean;
  yaml?: boolean;
  option: string[];
}

export async function mechanismsCommand(ctx: CliContext, id: string | undefined, flags: MechanismsFlags): Promise<number> {
  if (id === undefined) {
    const all = listMechanisms();
    if (flags.json) {
      ctx.stdout.write(JSON.stringify(all.map((m) => ({ id: m.id, number: m.number, title: m.title, ports: m.ports, options: m.options })), null, 2) + '\n');
      return EXIT_OK;
    }
    for (const m of all) ctx.stdout.write(`${String(m.number).padStart(2)}  ${m.id.padEnd(20)} ${m.title}\n`);
    return EXIT_OK;
  }
  const m = getMechanism(id);
  const errs = new FlagErrors();
  const opts: Record<string, string> = {};
  for (const o of flags.option ?? []) {
    const eq = o.indexOf('=');
    const name = eq > 0 ? o.slice(0, eq) : '';
    const value = eq > 0 ? o.slice(eq + 1) : '';
    const spec = m.options.find((x) => x.name === name);
    if (!spec) errs.add('--option', `mechanism '${m.id}' has no option '${name || o}'`, m.options.length ? `options: ${m.options.map((x) => `${x.name}=${x.choices.join('|')}`).join(', ')}` : 'this mechanism has no options');
    else if (!spec.free && !spec.choices.includes(value)) errs.add('--option', `${name} must be one of ${spec.choices.join(', ')}, got '${value}'`, spec.help);
    else opts[name] = value;
  }
  errs.throwIfAny();
  if (flags.yaml) {
    ctx.stdout.write(stringify({ modules: [m.module(opts)] }, { lineWidth: 0 }));
    return EXIT_OK;
  }
  if (flags.json) {
    ctx.stdout.write(JSON.stringify({ id: m.id, number: m.number, title: m.title, summary: m.summary, ports: m.ports, options: m.options, references: m.references, module: m.module(opts) }, null, 2) + '\n');
    return EXIT_OK;
  }
  const lines = [`${m.number}. ${m.title} (${m.id})`, '', m.summary, '', 'Ports:', ...m.ports.map((p) => `  ${p.id} (${p.kind}): ${p.description}`), '', ...m.describe(opts), '', 'References:', ...m.references.map((r) => `  ${r}`)];
  ctx.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}
