import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { ExosimError } from '../../src/diagnostics.js';
import { CODEGEN_MODES, col, comp, compilerFor, ex, model, par, rule, rx, sp, U } from './helpers.js';

const tight = { rtol: 1e-10, atol: 1e-14, solver: 'ode-dopri5' } as const;

describe.each(CODEGEN_MODES)('compiler (codegen: %s)', (mode) => {
  const compileModel = compilerFor(mode);

  describe('compileModel: state layout and rates', () => {
    it('exponential decay A -> 0 matches A0 exp(-k t)', () => {
      const m = model({
        species: [sp('A', 'V', 2, { initialKind: 'amount', hasOnlySubstanceUnits: true })],
        parameters: [par('k', 0.3)],
        reactions: [rx('decay', ['A'], [], 'k * A')],
      });
      const c = compileModel(m);
      expect(c.stateIds).toEqual(['A']);
      expect(c.code).toContain('// reaction decay');
      const res = simulate(c, { tEnd: 10, steps: 10, ...tight });
      const A = col(res, 'A');
      res.time.forEach((t, i) => expect(A[i]!).toBeCloseTo(2 * Math.exp(-0.3 * t), 8));
    });

    it('reversible A <-> B matches the analytic relaxation', () => {
      const kf = 2, kr = 0.5, A0 = 1, B0 = 0.2;
      const m = model({
        species: [sp('A', 'V', A0), sp('B', 'V', B0)],
        parameters: [par('kf', kf), par('kr', kr)],
        reactions: [rx('r', ['A'], ['B'], 'V * (kf * A - kr * B)')],
      });
      const res = simulate(compileModel(m), { tEnd: 3, steps: 30, ...tight });
      const tot = A0 + B0;
      const Aeq = (kr * tot) / (kf + kr);
      res.time.forEach((t, i) => {
        const A = Aeq + (A0 - Aeq) * Math.exp(-(kf + kr) * t);
        expect(col(res, 'A')[i]!).toBeCloseTo(A, 9);
        expect(col(res, 'B')[i]!).toBeCloseTo(tot - A, 9);
      });
    });

    it('concentration vs amount semantics with compartment size 2.5', () => {
      // X: initial concentration 2 M in V = 2.5 L -> amount 5 mol; symbol X means concentration.
      // rate = V * k * X (mol/s) -> d[X]/dt = -k [X]: [X] = 2 e^{-kt}, amount = 5 e^{-kt}.
      // Y: hasOnlySubstanceUnits, initial amount 3 mol, declared in mol; rate = k * Y: Y = 3 e^{-kt}.
      // Z: initial amount 1 mol but declared in M (concentration output: amount / V), no reaction.
      const k = 0.7;
      const m = model({
        compartments: [comp('V', 2.5)],
        species: [
          sp('X', 'V', 2),
          sp('Y', 'V', 3, { initialKind: 'amount', hasOnlySubstanceUnits: true }),
          sp('Z', 'V', 1, { initialKind: 'amount', unit: U.M }),
        ],
        parameters: [par('k', k)],
        reactions: [rx('rx', ['X'], [], 'V * k * X'), rx('ry', ['Y'], [], 'k * Y')],
      });
      const c = compileModel(m);
      const y0 = c.initialState(Float64Array.from(c.defaultParameters), 0);
      expect(Array.from(y0)).toEqual([5, 3, 1]);
      // amount state derivative: d(amount X)/dt = -V k [X] = -2.5 * 0.7 * 2
      const f = new Float64Array(3);
      c.odeSystem(Float64Array.from(c.defaultParameters)).rates(0, y0, f);
      expect(f[0]).toBeCloseTo(-2.5 * k * 2, 14);
      expect(f[1]).toBeCloseTo(-k * 3, 14);
      expect(f[2]).toBe(0);
      const res = simulate(c, { tEnd: 2, steps: 4, ...tight });
      res.time.forEach((t, i) => {
        expect(col(res, 'X')[i]!).toBeCloseTo(2 * Math.exp(-k * t), 9); // declared in M: concentration
        expect(col(res, 'Y')[i]!).toBeCloseTo(3 * Math.exp(-k * t), 9); // declared in mol: amount
        expect(col(res, 'Z')[i]!).toBeCloseTo(1 / 2.5, 12);
      });
      expect(res.columns.map((x) => x.unit)).toEqual(['M', 'mol', 'M']);
    });

    it('species declared in mM with base mol/L: output factor and atolScale', () => {
      // initial 1 mM = 1e-3 M (base); outputFactor 1000 turns base M into mM.
      const m = model({
        compartments: [comp('V', 2)],
        species: [sp('S', 'V', 1e-3, { unit: U.mM, outputFactor: 1000 })],
      });
      const c = compileModel(m);
      expect(c.initialState(Float64Array.from(c.defaultParameters), 0)[0]).toBeCloseTo(2e-3, 15);
      // atol in mM -> base amount (mol): x mM * 1e-3 M/mM * 2 L
      expect(c.atolScale[0]).toBeCloseTo(2e-3, 15);
      const res = simulate(c, { tEnd: 1, steps: 1 });
      expect(col(res, 'S')[1]).toBeCloseTo(1, 12);
    });

    it('boundary and constant species are state with zero rate', () => {
      const m = model({
        species: [sp('S', 'V', 1, { boundaryCondition: true }), sp('P', 'V', 0), sp('E', 'V', 0.5, { constant: true })],
        parameters: [par('k', 1)],
        reactions: [rx('r', ['S', 'E'], ['P', 'E'], 'k * S * E')],
      });
      const c = compileModel(m);
      expect(c.stateIds).toEqual(['S', 'P', 'E']);
      const res = simulate(c, { tEnd: 2, steps: 2, ...tight });
      expect(col(res, 'S')[2]).toBe(1);
      expect(col(res, 'E')[2]).toBe(0.5);
      expect(col(res, 'P')[2]).toBeCloseTo(1, 9); // constant flux 0.5 for 2 s
    });

    it('assignment rules: species and parameter outputs, used inside rates', () => {
      // T = A + B (assignment-rule parameter); C is a species set by a rule: C = 2 * A.
      // Reaction A -> B with rate V*k*A; total stays A0 + B0.
      const k = 1.3;
      const m = model({
        compartments: [comp('V', 1)],
        species: [sp('A', 'V', 1), sp('B', 'V', 0), sp('C', 'V', NaN)],
        parameters: [par('k', k), par('T', NaN, { constant: false }), par('kk', NaN, { constant: false })],
        reactions: [rx('r', ['A'], ['B'], 'kk * A')],
        assignmentRules: [rule('T', 'A + B'), rule('C', '2 * A'), rule('kk', 'k * V')],
      });
      const c = compileModel(m);
      expect(c.stateIds).toEqual(['A', 'B']);
      const res = simulate(c, { tEnd: 1, steps: 5, ...tight });
      res.time.forEach((t, i) => {
        expect(col(res, 'T')[i]!).toBeCloseTo(1, 12);
        expect(col(res, 'C')[i]!).toBeCloseTo(2 * Math.exp(-k * t), 9);
        expect(col(res, 'A')[i]!).toBeCloseTo(Math.exp(-k * t), 9);
      });
    });

    it('rate rules on a parameter and on a species with concentration semantics', () => {
      // dq/dt = -k q -> q = 4 e^{-kt}. Species X in V = 2: d[X]/dt = 1 -> [X] = 0.5 + t, amount = 2 [X].
      const m = model({
        compartments: [comp('V', 2)],
        species: [sp('X', 'V', 0.5, { unit: U.mol, outputFactor: 1 })],
        parameters: [par('k', 0.4), par('q', 4, { constant: false })],
        rateRules: [rule('q', '-k * q'), rule('X', '1')],
      });
      // X declared in mol (amount output) with initial concentration given: unit and kind differ on purpose.
      m.species[0]!.initialKind = 'concentration';
      const c = compileModel(m);
      expect(c.stateIds).toEqual(['X', 'q']);
      expect(c.stateKinds).toEqual(['species', 'parameter']);
      const res = simulate(c, { tEnd: 3, steps: 3, ...tight });
      res.time.forEach((t, i) => {
        expect(col(res, 'q')[i]!).toBeCloseTo(4 * Math.exp(-0.4 * t), 9);
        expect(col(res, 'X')[i]!).toBeCloseTo(2 * (0.5 + t), 9);
      });
    });

    it('initial assignments on species (concentration) and parameters, in dependency order', () => {
      // k2 = 3 * k (IA), A (conc, V = 2) = k2 + 1 via IA -> [A]0 = 7, amount 14; B initial from rule-free value.
      const m = model({
        compartments: [comp('V', 2)],
        species: [sp('A', 'V', NaN), sp('B', 'V', 1, { initialKind: 'amount', hasOnlySubstanceUnits: true })],
        parameters: [par('k', 2), par('k2', NaN)],
        initialAssignments: [rule('A', 'k2 + 1'), rule('k2', '3 * k')],
      });
      const c = compileModel(m);
      const p = Float64Array.from(c.defaultParameters);
      const y0 = c.initialState(p, 0);
      expect(Array.from(y0)).toEqual([14, 1]);
      expect(p[c.parameterIndex.get('k2')!]).toBe(6);
      const res = simulate(c, { tEnd: 1, steps: 1, overrides: { k: 1 } });
      expect(col(res, 'A')[0]).toBe(4);
      expect(res.record.parameters.find((x) => x.id === 'k2')!.value).toBe(3);
    });

    it('user functions are inlined', () => {
      const m = model({
        species: [sp('A', 'V', 1)],
        parameters: [par('k', 0.5)],
        functions: [{ id: 'lin', params: ['a', 'x'], body: ex('a * x') }],
        reactions: [{ ...rx('r', ['A'], [], 'k'), rate: ex('lin(k, A)', ['lin']) }],
      });
      const res = simulate(compileModel(m), { tEnd: 2, steps: 2, ...tight });
      expect(col(res, 'A')[2]).toBeCloseTo(Math.exp(-1), 9);
    });

    it('observables are computed in their unit', () => {
      const m = model({
        compartments: [comp('V', 1)],
        species: [sp('A', 'V', 2), sp('B', 'V', 3)],
        observables: [{ id: 'total', expr: ex('A + B'), unit: U.mM }],
      });
      const res = simulate(compileModel(m), { tEnd: 1, steps: 1 });
      expect(col(res, 'total')[0]).toBeCloseTo(5000, 9); // 5 M = 5000 mM
      expect(res.columns.at(-1)).toEqual({ id: 'total', unit: 'mM', kind: 'observable' });
    });
  });

  describe('compileModel: errors', () => {
    it('a nested delay() is refused with E_UNSUPPORTED_FEATURE (delay itself: test/compile/delay.test.ts)', () => {
      const m = model({
        species: [sp('A', 'V', 1)],
        reactions: [rx('r', ['A'], [], 'delay(delay(A, 1), 1)')],
        locations: new Map([['reactions.r', { file: 'm.yaml', line: 7 }]]),
      });
      try {
        compileModel(m);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ExosimError);
        const d = (e as ExosimError).diagnostics[0]!;
        expect(d.code).toBe('E_UNSUPPORTED_FEATURE');
        expect(d.line).toBe(7);
      }
    });

    it('non-finite initial values throw E_INITIAL_VALUE_NOT_FINITE with the location', () => {
      const m = model({
        compartments: [comp('V', 1)],
        species: [sp('A', 'V', NaN)],
        parameters: [par('z', 0)],
        initialAssignments: [rule('A', '1 / z')],
        locations: new Map([['A', { file: 'm.yaml', line: 3, column: 5 }]]),
      });
      const c = compileModel(m);
      try {
        c.initialState(Float64Array.from(c.defaultParameters), 0);
        expect.unreachable();
      } catch (e) {
        const d = (e as ExosimError).diagnostics[0]!;
        expect(d.code).toBe('E_INITIAL_VALUE_NOT_FINITE');
        expect(d.message).toContain("'A'");
        expect(d.line).toBe(3);
      }
    });

    it('assignment-rule cycles give E_RULE_CYCLE', () => {
      const m = model({
        species: [sp('A', 'V', 1)],
        parameters: [par('a', 0, { constant: false }), par('b', 0, { constant: false })],
        assignmentRules: [rule('a', 'b + 1'), rule('b', 'a * 2')],
        reactions: [rx('r', ['A'], [], 'a * A')],
      });
      expect(() => compileModel(m)).toThrowError(/cycle/);
    });
  });
});
