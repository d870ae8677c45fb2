/**
 * `exosim scenario list [--json]` and `exosim scenario run <id> [--json] [--plot file] [--set id=value] [--seed n]`:
 * the published experiments of SYSTEM.md as runnable scenarios (src/scenarios/). `run` prints each check
 * (expected vs observed, pass/fail), writes the plot (SVG or PNG) atomically, and exits 1 when a check fails.
 */
import { listScenarios, getScenario } from '../../src/scenarios/registry.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { EXOSIM_VERSION } from '../../src/version.js';
import { type CliContext, EXIT_OK, FlagErrors, parseSetFlags, resolvePath } from './shared.js';

export interface ScenarioListFlags {
  json?: boolean;
}

export interface ScenarioRunFlags {
  json?: boolean;
  plot?: string;
  out?: string;
  set: string[];
  seed?: string;
  quiet?: boolean;
}

/** Exit status when a scenario ran but some check failed. */
export const EXIT_CHECK_FAILED = 1;

export async function scenarioListCommand(ctx: CliContext, flags: ScenarioListFlags): Promise<number> {
  const all = listScenarios();
  if (flags.json) {
    ctx.stdout.write(JSON.stringify(all.map((s) => ({ id: s.id, title: s.title, citation: s.citation })), null, 2) + '\n');
    return EXIT_OK;
  }
  const w = Math.max(...all.map((s) => s.id.length), 2);
  for (const s of all) ctx.stdout.write(`${s.id.padEnd(w)}  ${s.title}\n${' '.repeat(w)}  ${s.citation}\n`);
  return EXIT_OK;
}

function formatObserved(v: number | number[]): string {
  const one = (x: number) => (Number.isInteger(x) && Math.abs(x) < 1e6 ? String(x) : x.toPrecision(3));
  return Array.isArray(v) ? `[${v.map(one).join(', ')}]` : one(v);
}

export function formatScenarioText(r: ScenarioResult): string {
  const lines = [`${r.id} (${r.citation})`];
  for (const c of r.checks) {
    lines.push(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}`);
    lines.push(`        paper: ${c.expected}`);
    lines.push(`        model: ${formatObserved(c.observed)}${c.detail ? `  (${c.detail})` : ''}`);
    if (c.gap) {
      lines.push(`        gap:   ${c.gap.statement}`);
      lines.push(`        closes it: ${Object.entries(c.gap.closingParameters).map(([k, v]) => `${k} = ${v.toPrecision(3)}`).join(', ')}`);
    }
  }
  const failed = r.checks.filter((c) => !c.pass).length;
  lines.push(`${r.checks.length - failed} of ${r.checks.length} checks pass`);
  return lines.join('\n') + '\n';
}

export async function scenarioRunCommand(ctx: CliContext, id: string, flags: ScenarioRunFlags): Promise<number> {
  const errs = new FlagErrors();
  const set = parseSetFlags(errs, flags.set ?? []);
  let seed = 0;
  if (flags.seed !== undefined) {
    const s = flags.seed.trim();
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) errs.add('--seed', `expected a non-negative integer, got '${flags.seed}'`, 'give e.g. --seed 42');
    else seed = Number(s);
  }
  const plotFormat = flags.plot === undefined ? undefined : flags.plot.toLowerCase().endsWith('.svg') ? 'svg' : flags.plot.toLowerCase().endsWith('.png') ? 'png' : undefined;
  if (flags.plot !== undefined && !plotFormat) errs.add('--plot', `plot file '${flags.plot}' must end in .svg or .png`, 'use e.g. --plot scenario.svg or --plot scenario.png');
  if (flags.out !== undefined && !flags.out.toLowerCase().endsWith('.json')) errs.add('--out', `result file '${flags.out}' must end in .json`, 'use e.g. --out scenario.json');
  errs.throwIfAny();
  const scenario = getScenario(id);
  const result = await scenario.run({ set, seed });
  if (flags.plot !== undefined) {
    const { renderVegaLiteSvg, svgToPng } = await import('../../src/plot/index.js');
    const svg = await renderVegaLiteSvg(scenario.plot(result));
    await writeFileAtomic(resolvePath(ctx, flags.plot), plotFormat === 'png' ? svgToPng(svg) : svg);
  }
  const json = JSON.stringify({ ...result, record: { ...result.record, exosimVersion: result.record.exosimVersion || EXOSIM_VERSION } }, null, 2) + '\n';
  if (flags.out !== undefined) await writeFileAtomic(resolvePath(ctx, flags.out), json);
  if (flags.json) ctx.stdout.write(json);
  else {
    const wrote = [...(flags.plot !== undefined ? [`plot ${flags.plot}`] : []), ...(flags.out !== undefined ? [`result ${flags.out}`] : [])];
    ctx.stdout.write(formatScenarioText(result) + (wrote.length ? `wrote ${wrote.join(', ')}\n` : ''));
  }
  return result.checks.every((c) => c.pass) ? EXIT_OK : EXIT_CHECK_FAILED;
}
