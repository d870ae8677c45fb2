import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODEGEN_MODES, textCompilerFor } from '../compile/helpers.js';
import { simulate } from '../../src/simulate.js';
import { hires, maxRelError, oregonator, robertson, type TestProblem } from '../solvers/problems.js';

/**
 * The stiff examples written in the model language reproduce the published end values of the Test Set for IVP
 * Solvers (references in test/solvers/problems.ts, computed there with RADAU5): text -> load -> flatten ->
 * compile (generated rates and analytic Jacobian) -> simulate.
 */
const cases: [string, TestProblem, number[]][] = [
  ['robertson', robertson, [1]], // y2 of ROBER (~8e-14) is below what atol 1e-16 resolves to 1e-5
  ['hires', hires, []],
  ['oregonator', oregonator, []],
];

describe.each(CODEGEN_MODES)('stiff examples (codegen: %s)', (mode) => {
  const compileModelText = textCompilerFor(mode);

  describe('stiff examples through the whole pipeline', () => {
    for (const solver of ['ode-bdf', 'ode-rosenbrock']) {
      for (const [file, prob, skip] of cases) {
        it(`${file} with ${solver} matches the reference at t = ${prob.tEnd}`, () => {
          const path = `examples/stiff/${file}.yaml`;
          const r = compileModelText(readFileSync(path, 'utf8'), { file: path });
          expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const c = r.compiled!;
          const y0 = c.initialState(Float64Array.from(c.defaultParameters), 0);
          expect(Array.from(y0)).toEqual(prob.y0);
          const res = simulate(c, { tEnd: prob.tEnd, steps: 1, solver, rtol: 1e-9, atol: 1e-16 });
          expect(res.record.status).toBe('done');
          const end = prob.y0.map((_, i) => res.values[i]![1]!);
          expect(maxRelError(end, prob.reference, skip)).toBeLessThan(1e-5);
        });
      }
    }

    it('the compiled ROBER Jacobian equals the hand-written one', () => {
      const r = compileModelText(readFileSync('examples/stiff/robertson.yaml', 'utf8'));
      const sys = r.compiled!.odeSystem(Float64Array.from(r.compiled!.defaultParameters));
      const y = Float64Array.from([0.7, 2e-5, 0.3]);
      const J = new Float64Array(9);
      const Jref = new Float64Array(9);
      sys.jacobian!(0, y, J);
      robertson.system.jacobian!(0, y, Jref);
      for (let i = 0; i < 9; i++) expect(J[i]).toBeCloseTo(Jref[i]!, 10);
    });
  });
});
