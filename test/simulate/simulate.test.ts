import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { ExosimError } from '../../src/diagnostics.js';
import { CODEGEN_MODES, col, comp, compilerFor, model, par, rx, sp, textCompilerFor, U } from '../compile/helpers.js';

describe.each(CODEGEN_MODES)('simulate (codegen: %s)', (mode) => {
  const compileModel = compilerFor(mode);
  const compileModelText = textCompilerFor(mode);

  function decayModel() {
    return compileModel(
      model({
        compartments: [comp('V', 2)],
        species: [sp('A', 'V', 1e-3, { unit: U.mM, outputFactor: 1000 })],
        parameters: [par('k', 0.1 / 60, { unit: U.perMin, source: { citation: 'made up', confidence: 'low' } })],
        reactions: [rx('d', ['A'], [], 'V * k * A')],
      }),
    );
  }

  function codeOf(f: () => unknown): string[] {
    try {
      f();
    } catch (e) {
      if (e instanceof ExosimError) return e.diagnostics.map((d) => d.code);
      throw e;
    }
    return [];
  }

  describe('simulate options', () => {
    const c = decayModel();
    it('rejects bad options with E_BAD_OPTION', () => {
      expect(codeOf(() => simulate(c, { tEnd: 0 }))).toEqual(['E_BAD_OPTION']);
      expect(codeOf(() => simulate(c, { tStart: 5, tEnd: 1 }))).toEqual(['E_BAD_OPTION']);
      expect(codeOf(() => simulate(c, { tEnd: 1, steps: 0 }))).toEqual(['E_BAD_OPTION']);
      expect(codeOf(() => simulate(c, { tEnd: 1, steps: 2.5 }))).toEqual(['E_BAD_OPTION']);
      expect(codeOf(() => simulate(c, { tEnd: 1, rtol: 0 }))).toEqual(['E_BAD_OPTION']);
      expect(codeOf(() => simulate(c, { tEnd: 1, atol: -1 }))).toEqual(['E_BAD_OPTION']);
      expect(codeOf(() => simulate(c, { tEnd: 1, times: [0, 2] }))).toEqual(['E_BAD_OPTION']);
      expect(codeOf(() => simulate(c, { tEnd: 1, times: [0.5, 0.5] }))).toEqual(['E_BAD_OPTION']);
    });

    it('unknown solver lists the known ids', () => {
      try {
        simulate(c, { tEnd: 1, solver: 'ode-euler' });
        expect.unreachable();
      } catch (e) {
        const d = (e as ExosimError).diagnostics[0]!;
        expect(d.code).toBe('E_UNKNOWN_SOLVER');
        expect(d.hint).toContain('ode-bdf');
        expect(d.hint).toContain('ode-dopri5');
      }
    });

    it('unknown override names the closest ids', () => {
      try {
        simulate(c, { tEnd: 1, overrides: { kk: 1 } });
        expect.unreachable();
      } catch (e) {
        const d = (e as ExosimError).diagnostics[0]!;
        expect(d.code).toBe('E_UNKNOWN_OVERRIDE');
        expect(d.hint).toContain("'k'");
      }
    });

    it('steps N gives N + 1 rows; overrides are in declared units', () => {
      // k declared in 1/min: override 6 /min = 0.1 /s. A declared in mM: override 2 mM. V override 3 L keeps [A].
      const res = simulate(c, { tEnd: 10, steps: 5, rtol: 1e-10, atol: 1e-12, overrides: { k: 6, A: 2, V: 3 } });
      expect(res.time.length).toBe(6);
      expect(Array.from(res.time)).toEqual([0, 2, 4, 6, 8, 10]);
      res.time.forEach((t, i) => expect(col(res, 'A')[i]!).toBeCloseTo(2 * Math.exp(-0.1 * t), 8));
      const k = res.record.parameters.find((p) => p.id === 'k')!;
      expect(k.value).toBeCloseTo(6, 12);
      expect(k.unit).toBe('1/min');
      expect(k.overridden).toBe(true);
      expect(k.source?.citation).toBe('made up');
      expect(res.record.overrides).toEqual({ k: 6, A: 2, V: 3 });
      // the record names every output column with the unit it is reported in (A was declared in mM)
      expect(res.record.columns).toEqual(res.columns);
      expect(res.record.columns.find((x) => x.id === 'A')?.unit).toBe('mM');
    });

    it('default parameters: k = 0.1/min in base 1/s', () => {
      const res = simulate(c, { tEnd: 60, steps: 2, rtol: 1e-10, atol: 1e-12 });
      expect(col(res, 'A')[2]).toBeCloseTo(Math.exp(-0.1), 8);
      expect(res.record.parameters[0]!.value).toBeCloseTo(0.1, 14);
      expect(res.record.parameters[0]!.overridden).toBe(false);
    });

    it('fills the run record', () => {
      const text = 'model text for hashing';
      const res = simulate(c, { tEnd: 1, steps: 4, solver: 'ode-bdf', modelText: text, modelFile: 'x.yaml', exosimVersion: '9.9.9' });
      const r = res.record;
      expect(r.modelHash).toBe(createHash('sha256').update(text).digest('hex'));
      expect(r.modelFile).toBe('x.yaml');
      expect(r.exosimVersion).toBe('9.9.9');
      expect(r.modelId).toBe('test');
      expect(r.solver.id).toBe('ode-bdf');
      expect(r.solver.settings.rtol).toBe(1e-6);
      expect(r.outputPoints).toBe(5);
      expect(r.status).toBe('done');
      expect(r.timeUnit).toBe('s');
      expect(r.stats.steps).toBeGreaterThan(0);
      expect(r.wallTimeMs).toBeGreaterThanOrEqual(0);
      expect(r.seed).toBeNull();
      expect(Date.parse(r.createdAt)).not.toBeNaN();
    });

    it('cancellation returns a prefix with status cancelled', () => {
      const res = simulate(c, { tEnd: 10, steps: 10, shouldCancel: () => true });
      expect(res.record.status).toBe('cancelled');
      expect(res.values[0]!.length).toBe(res.time.length);
    });
  });

  describe('compileModelText', () => {
    it('loads, flattens and compiles a YAML model with units end to end', () => {
      // V = 0.5 mL = 5e-4 L; [A]0 = 10 nM; rate = V k [A] (mass action in a compartment), k = 0.1/s.
      const text = [
        "exosim: '1'",
        'id: units_demo',
        'compartments:',
        '  - { id: cell, size: 0.5, unit: mL }',
        'species:',
        '  - { id: A, compartment: cell, initialConcentration: 10, unit: nM }',
        'parameters:',
        '  - { id: k, value: 0.1, unit: 1/s }',
        'reactions:',
        '  - { id: deg, equation: A -> , rate: cell * k * A }',
      ].join('\n');
      const r = compileModelText(text, { file: 'demo.yaml' });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const c = r.compiled!;
      expect(c.initialState(Float64Array.from(c.defaultParameters), 0)[0]).toBeCloseTo(10e-9 * 5e-4, 20); // mol
      expect(c.atolScale[0]).toBeCloseTo(1e-9 * 5e-4, 20); // 1 nM in this compartment, in mol
      const res = simulate(c, { tEnd: 10, steps: 2, rtol: 1e-10, atol: 1e-9 });
      expect(res.columns[0]).toEqual({ id: 'A', unit: 'nM', kind: 'species' });
      res.time.forEach((t, i) => expect(col(res, 'A')[i]!).toBeCloseTo(10 * Math.exp(-0.1 * t), 7));
    });

    it('unsupported features (nested delay) are refused with a located diagnostic, not an exception', () => {
      const text = [
        "exosim: '1'",
        'id: bad',
        'compartments: [{ id: c, size: 1 }]',
        'species: [{ id: A, compartment: c, initialConcentration: 1 }]',
        'parameters: [{ id: k, value: 1 }]',
        'reactions:',
        '  - { id: r, equation: A -> , rate: "k * delay(delay(A, 1), 1)" }',
      ].join('\n');
      const r = compileModelText(text, { file: 'bad.yaml' });
      expect(r.compiled).toBeUndefined();
      // nested delays are refused by the compiler (src/compile/delay.ts)
      const d = r.diagnostics.find((x) => x.code === 'E_UNSUPPORTED_FEATURE');
      expect(d?.line).toBe(7);
    });

    it('syntax errors stop before compiling', () => {
      const r = compileModelText('id: [unclosed', { file: 'x.yaml' });
      expect(r.compiled).toBeUndefined();
      expect(r.diagnostics.length).toBeGreaterThan(0);
    });
  });
});
