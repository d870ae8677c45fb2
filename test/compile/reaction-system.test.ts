/**
 * The compiled model as a reaction network (src/compile/stochastic.ts): propensities from the same rate laws
 * as the ODE rates, copy numbers, sparse changes and the dependency graph. Checked against the ODE kernels
 * (sum_k change_k * a_k must equal the ODE rates in copy numbers) and against hand-derived values.
 */
import { describe, expect, it } from 'vitest';
import { buildParameters } from '../../src/simulate.js';
import { AVOGADRO } from '../../src/model/units.js';
import type { ResolvedUnit } from '../../src/model/types.js';
import { ExosimError } from '../../src/diagnostics.js';
import { CODEGEN_MODES, U, compilerFor, model, par, rule, rx, sp } from './helpers.js';

const item: ResolvedUnit = { text: 'item', scale: 1 / AVOGADRO, dims: [0, 0, 1, 0, 0, 0] };

describe.each(CODEGEN_MODES)('reactionSystem (codegen: %s)', (mode) => {
  const compile = compilerFor(mode);
  // A + B -> C (k1 A B), C -> A + B (k2 C), C -> 0 (k3 C), 0 -> A (k0); amounts in a 2 L compartment with
  // concentration semantics: propensities read concentrations (amount / 2).
  const net = (substance = item) =>
    model({
      units: { time: U.s, substance, volume: U.L },
      compartments: [{ id: 'V', size: 2, unit: U.L, constant: true }],
      species: [
        sp('A', 'V', 10, { initialKind: 'amount', unit: substance }),
        sp('B', 'V', 6, { initialKind: 'amount', unit: substance }),
        sp('C', 'V', 0, { initialKind: 'amount', unit: substance }),
      ],
      parameters: [par('k0', 3), par('k1', 0.5), par('k2', 0.2), par('k3', 0.1)],
      reactions: [rx('bind', ['A', 'B'], ['C'], 'k1 * A * B * V'), rx('unbind', ['C'], ['A', 'B'], 'k2 * C * V'), rx('deg', ['C'], [], 'k3 * C * V'), rx('make', [], ['A'], 'k0')],
    });

  it('propensities are the rate laws in copy numbers; the changes reproduce the ODE rates', () => {
    const c = compile(net());
    const { p } = buildParameters(c);
    const rs = c.reactionSystem!(p);
    expect(rs.reactionIds).toEqual(['bind', 'unbind', 'deg', 'make']);
    expect(Array.from(rs.countFactor)).toEqual([1, 1, 1]);
    const x = Float64Array.from([10, 6, 4]);
    const a = new Float64Array(4);
    rs.propensities(0, x, a);
    // concentrations 5, 3, 2 in V = 2: bind 0.5*5*3*2 = 15, unbind 0.2*2*2 = 0.8, deg 0.1*2*2 = 0.4, make 3
    expect(Array.from(a).map((v) => +v.toFixed(12))).toEqual([15, 0.8, 0.4, 3]);
    for (let k = 0; k < 4; k++) expect(rs.propensity(k, 0, x)).toBe(a[k]);
    // sum_k change_k a_k == ODE rates (copy numbers)
    const dx = new Float64Array(3);
    for (let k = 0; k < 4; k++) for (let j = rs.changePtr[k]!; j < rs.changePtr[k + 1]!; j++) dx[rs.changeIdx[j]!] = dx[rs.changeIdx[j]!]! + rs.changeVal[j]! * a[k]!;
    const ode = new Float64Array(3);
    rs.ode().rates(0, x, ode);
    for (let i = 0; i < 3; i++) expect(dx[i]).toBeCloseTo(ode[i]!, 12);
  });

  it('dependency graph: after a firing, exactly the reactions reading a changed species', () => {
    const c = compile(net());
    const rs = c.reactionSystem!(buildParameters(c).p);
    const deps = (k: number) => Array.from(rs.dependsIdx.subarray(rs.dependsPtr[k]!, rs.dependsPtr[k + 1]!));
    expect(deps(0)).toEqual([0, 1, 2]); // bind changes A, B, C: bind (A, B), unbind (C), deg (C)
    expect(deps(1)).toEqual([0, 1, 2]);
    expect(deps(2)).toEqual([1, 2]); // deg changes C only
    expect(deps(3)).toEqual([0]); // make changes A: bind reads A
    expect(rs.timeDependent).toBe(false);
  });

  it('mol-based models count N_A * scale copies per amount unit; propensities and changes scale consistently', () => {
    const mmol = U.mmol;
    const c = compile(net(mmol));
    const rs = c.reactionSystem!(buildParameters(c).p);
    const F = 1e-3 * AVOGADRO;
    for (const f of rs.countFactor) expect(f / F).toBeCloseTo(1, 12);
    const x0 = rs.initialState(0);
    expect(x0[0]! / (10 * F)).toBeCloseTo(1, 12);
    // propensity of 'make' = k0 mmol/s * F copies/mmol
    expect(rs.propensity(3, 0, x0) / (3 * F)).toBeCloseTo(1, 12);
    // a firing changes one copy
    expect(Array.from(rs.changeVal.subarray(rs.changePtr[0]!, rs.changePtr[1]!)).map((v) => +v.toFixed(9))).toEqual([-1, -1, 1]);
  });

  it('time in a rate law, directly or through a rule, marks the system time-dependent', () => {
    const m = net();
    m.parameters.push(par('g', 0, { constant: false }));
    m.assignmentRules.push(rule('g', 'k0 * (1 + sin(time))'));
    m.reactions[3] = rx('make', [], ['A'], 'g');
    const c = compile(m);
    expect(c.reactionSystem!(buildParameters(c).p).timeDependent).toBe(true);
  });

  it('refuses what the stochastic engines cannot simulate (delays), naming it', () => {
    const m = net();
    m.reactions[3] = rx('make', [], ['A'], 'k0 * delay(A, 1)');
    const c = compile(m);
    expect(() => c.reactionSystem!(buildParameters(c).p)).toThrow(ExosimError);
    try {
      c.reactionSystem!(buildParameters(c).p);
    } catch (e) {
      expect((e as ExosimError).diagnostics[0]!.code).toBe('E_STOCHASTIC_UNSUPPORTED');
      expect((e as ExosimError).diagnostics[0]!.message).toContain('delays');
    }
  });
});
