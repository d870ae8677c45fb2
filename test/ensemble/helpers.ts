/**
 * Test helpers for ensembles: a tiny reference engine (Gillespie's direct method without dependency graph,
 * Gillespie 1977, J. Phys. Chem. 81:2340) written independently of the engines under src/, and small models.
 */
import type { ReactionSystem, StochasticRunOptions, StochasticRunResult, StochasticSolverDescriptor } from '../../src/solvers/stochastic/types.js';
import { compileModelText } from '../../src/pipeline.js';
import type { CompiledModel } from '../../src/compile/types.js';

/** Direct method: tau = -ln(1 - u1) / a0, reaction j with a_{j-1} cumulative < u2 a0 <= a_j cumulative. */
export const tinyDirect: StochasticSolverDescriptor = {
  id: 'test-direct',
  kind: 'stochastic',
  name: 'test direct method',
  method: 'Gillespie direct method (test engine).',
  references: ['Gillespie 1977'],
  settings: [{ name: 'maxFirings', type: 'integer', default: 1e9, help: 'limit' }],
  exact: true,
  run(sys: ReactionSystem, o: StochasticRunOptions): StochasticRunResult {
    const n = sys.n;
    const m = sys.nReactions;
    const x = Float64Array.from(o.x0, (v) => Math.round(v));
    const a = new Float64Array(m);
    const times = o.outputTimes;
    const states = new Float64Array(times.length * n);
    let t = o.t0;
    let i = 0;
    let firings = 0;
    while (i < times.length) {
      if (o.shouldCancel?.()) return { states, reached: i, firings, steps: firings, events: 0, status: 'cancelled' };
      sys.propensities(t, x, a);
      let a0 = 0;
      for (let k = 0; k < m; k++) a0 += a[k]!;
      const tNext = a0 > 0 ? t - Math.log(1 - o.rng.next()) / a0 : Infinity;
      while (i < times.length && times[i]! < tNext) {
        states.set(x, i * n);
        i++;
      }
      if (i >= times.length) break;
      const target = o.rng.next() * a0;
      let k = 0;
      let cum = a[0]!;
      while (cum <= target && k < m - 1) cum += a[++k]!;
      for (let j = sys.changePtr[k]!; j < sys.changePtr[k + 1]!; j++) x[sys.changeIdx[j]!]! += sys.changeVal[j]!;
      t = tNext;
      firings++;
    }
    return { states, reached: i, firings, steps: firings, events: 0, status: 'done' };
  },
};

/** Immigration-death: 0 -> X (alpha), X -> 0 (mu X), X(0) = 0: X(t) ~ Poisson(alpha/mu (1 - e^{-mu t})). */
export const IMMIGRATION_DEATH = `exosim: '1'
id: immigration_death
units: { time: s, substance: molecule, volume: L }
compartments:
  - { id: c, size: 1, unit: L }
species:
  - { id: X, compartment: c, initialAmount: 0, unit: molecule }
parameters:
  - { id: alpha, value: 10, unit: molecule/s }
  - { id: mu, value: 0.1, unit: 1/s }
reactions:
  - { id: birth, equation: -> X, rate: alpha }
  - { id: death, equation: X ->, rate: mu * X * c }
`;

export function compileText(text: string): CompiledModel {
  const out = compileModelText(text, { file: 'test.yaml', format: 'yaml' });
  if (!out.compiled) throw new Error(out.diagnostics.map((d) => d.message).join('\n'));
  return out.compiled;
}
