/**
 * Stochastic solver registry (the stochastic counterpart of src/solvers/registry.ts): engines describe
 * themselves with a StochasticSolverDescriptor; CLI help and docs come from the descriptors.
 *
 * Registered at import time:
 *   exact:       ssa-direct (Gillespie direct, sorting order, dependency graph), ssa-next-reaction (Gibson-Bruck),
 *                ssa-cr (composition-rejection, for networks of thousands of reactions);
 *   approximate: ssa-tau-leap (adaptive tau-leaping, src/solvers/stochastic/tau-leap.ts) and the hybrid engine
 *                (src/solvers/stochastic/hybrid.ts).
 */
import type { StochasticSolverDescriptor } from './types.js';
import { directDescriptor } from './direct.js';
import { nextReactionDescriptor } from './next-reaction.js';
import { compositionRejectionDescriptor } from './composition-rejection.js';
import { tauLeapDescriptor } from './tau-leap.js';
import { hybridDescriptor } from './hybrid.js';

const registry = new Map<string, StochasticSolverDescriptor>();
/** Short aliases accepted by getStochasticSolver. */
const aliases: Record<string, string> = {
  ssa: 'ssa-direct',
  direct: 'ssa-direct',
  gillespie: 'ssa-direct',
  'next-reaction': 'ssa-next-reaction',
  nrm: 'ssa-next-reaction',
  'gibson-bruck': 'ssa-next-reaction',
  cr: 'ssa-cr',
  'composition-rejection': 'ssa-cr',
  'tau-leap': 'ssa-tau-leap',
  hybrid: 'ssa-hybrid',
};

/** Register (or replace) a stochastic engine under its id. */
export function registerStochasticSolver(d: StochasticSolverDescriptor): void {
  if (!d.id) throw new Error('registerStochasticSolver: descriptor has no id.');
  if (d.kind !== 'stochastic') throw new Error(`registerStochasticSolver: '${d.id}' is not a stochastic solver (kind '${String(d.kind)}').`);
  registry.set(d.id, d);
}

/** Whether an id (or alias) names a registered stochastic engine. */
export function hasStochasticSolver(id: string): boolean {
  return registry.has(id) || registry.has(aliases[id] ?? '');
}

/** The engine with this id (or alias). Unknown ids throw, listing the known ones. */
export function getStochasticSolver(id: string): StochasticSolverDescriptor {
  const d = registry.get(id) ?? registry.get(aliases[id] ?? '');
  if (!d) throw new Error(`Unknown stochastic solver '${id}'. Known stochastic solvers: ${[...registry.keys()].join(', ')}.`);
  return d;
}

/** All registered stochastic engines, in registration order (exact ones first). */
export function listStochasticSolvers(): StochasticSolverDescriptor[] {
  return [...registry.values()];
}

registerStochasticSolver(directDescriptor);
registerStochasticSolver(nextReactionDescriptor);
registerStochasticSolver(compositionRejectionDescriptor);
registerStochasticSolver(tauLeapDescriptor);
registerStochasticSolver(hybridDescriptor);
