/** `exosim solvers [--json]`: the registered solvers as they describe themselves. */
import { listSolvers } from '../../src/solvers/registry.js';
import { listStochasticSolvers } from '../../src/solvers/stochastic/registry.js';
import type { StochasticSolverDescriptor } from '../../src/solvers/stochastic/types.js';
import type { OdeSolverDescriptor } from '../../src/solvers/types.js';
import { type CliContext, EXIT_OK } from './shared.js';

/** Descriptor without its factory function: plain data for JSON. */
export function solverToPlain(s: OdeSolverDescriptor): Omit<OdeSolverDescriptor, 'create'> {
  const { create: _create, ...rest } = s;
  return rest;
}

export function formatSolvers(solvers: readonly OdeSolverDescriptor[]): string {
  const lines: string[] = [];
  for (const s of solvers) {
    lines.push(`${s.id}  (${s.kind}) ${s.name}`);
    lines.push(`  method: ${s.method}`);
    if (s.references.length) {
      lines.push('  references:');
      for (const r of s.references) lines.push(`    - ${r}`);
    }
    if (s.settings.length) {
      lines.push('  settings:');
      for (const st of s.settings) {
        const unit = st.unit ? ` ${st.unit}` : '';
        const choices = st.choices?.length ? `; one of ${st.choices.join(', ')}` : '';
        lines.push(`    ${st.name} (${st.type}, default ${String(st.default)}${unit}${choices}): ${st.help}`);
      }
    }
    const on = Object.entries(s.features)
      .filter(([, v]) => v)
      .map(([k]) => k);
    const off = Object.entries(s.features)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    lines.push(`  features: ${on.length ? on.join(', ') : 'none'}${off.length ? ` (not: ${off.join(', ')})` : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Stochastic engine descriptor without its run function: plain data for JSON. */
export function stochasticToPlain(s: StochasticSolverDescriptor): Omit<StochasticSolverDescriptor, 'run'> {
  const { run: _run, ...rest } = s;
  return rest;
}

export function formatStochasticSolvers(solvers: readonly StochasticSolverDescriptor[]): string {
  const lines: string[] = [];
  for (const s of solvers) {
    lines.push(`${s.id}  (${s.kind}, ${s.exact ? 'exact' : 'approximate'}) ${s.name}`);
    lines.push(`  method: ${s.method}`);
    if (s.references.length) {
      lines.push('  references:');
      for (const r of s.references) lines.push(`    - ${r}`);
    }
    if (s.settings.length) {
      lines.push('  settings:');
      for (const st of s.settings) {
        const unit = st.unit ? ` ${st.unit}` : '';
        const choices = st.choices?.length ? `; one of ${st.choices.join(', ')}` : '';
        lines.push(`    ${st.name} (${st.type}, default ${String(st.default)}${unit}${choices}): ${st.help}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function solversCommand(ctx: CliContext, flags: { json?: boolean }): number {
  const solvers = listSolvers();
  const stochastic = listStochasticSolvers();
  if (flags.json) ctx.stdout.write(JSON.stringify([...solvers.map(solverToPlain), ...stochastic.map(stochasticToPlain)], null, 2) + '\n');
  else ctx.stdout.write(formatSolvers(solvers) + formatStochasticSolvers(stochastic));
  return EXIT_OK;
}
