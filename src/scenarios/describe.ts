/** A scenario in sentences (`exosim describe <scenario>`): claim, citation, protocol, mechanisms, key parameters. */
import type { Scenario } from './types.js';

export function describeScenario(s: Scenario): string {
  const lines: string[] = [];
  lines.push(`Scenario ${s.id}: ${s.title}.`);
  lines.push(`Source: ${s.citation}.`);
  for (const r of s.references) lines.push(`Also: ${r}.`);
  lines.push('');
  lines.push(`The paper reports: ${s.claim}`);
  lines.push('');
  lines.push('Protocol:');
  for (const p of s.protocol) lines.push(`- ${p}`);
  lines.push('');
  lines.push(`The model is composed of the mechanisms ${s.mechanisms.join(', ')} (src/mechanisms/).`);
  lines.push(`The outcome depends most on ${s.keyParameters.join(', ')}.`);
  lines.push(`Run it with: exosim scenario run ${s.id} [--plot ${s.id}.svg] [--set <id>=<value>]`);
  return lines.join('\n') + '\n';
}
