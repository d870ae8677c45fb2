/**
 * The interpreter back end (codegen: 'interpret') against the generated JavaScript (codegen: 'js'): the same
 * kernels must give bit-identical numbers (the same IEEE-754 operations in the same order), and the compiler must
 * fall back to the interpreter by itself where `new Function` is forbidden (browser CSP). The other compiler,
 * event and simulate tests run on both back ends (describe.each over CODEGEN_MODES).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codeGenerationAvailable, compileModel } from '../../src/compile/index.js';
import type { CompiledModel } from '../../src/compile/index.js';
import { compileModelText } from '../../src/pipeline.js';
import { simulate } from '../../src/simulate.js';
import type { FlatModel } from '../../src/model/types.js';
import { col, comp, event, ex, lcg, model, par, rule, rx, sp, U } from './helpers.js';

/**
 * A model that uses every construct of the expression language the kernels can meet: powers in all PowerForms,
 * logarithms and roots with literal and non-literal bases, variadic min/max, reciprocal trigonometry, booleans and
 * comparisons, piecewise, factorial, constants, time, a user function, assignment rules (parameter and species),
 * rate rules on a parameter and on a compartment (so concentrations depend on a state size: the Jacobian's
 * substitution path), species with amount semantics, and a boundary species.
 */
function kitchenSink(opts: { smooth?: boolean } = {}): FlatModel {
  const m = model({
    compartments: [comp('V', 2), { id: 'W', size: 0.5, unit: U.L, constant: false }],
    species: [
      sp('A', 'V', 0.8),
      sp('B', 'V', 0.3),
      sp('C', 'W', 0.6),
      sp('D', 'V', 0.4, { initialKind: 'amount', hasOnlySubstanceUnits: true }),
      sp('E', 'V', 0), // assignment rule
      sp('F', 'V', 0.2, { boundaryCondition: true }),
    ],
    parameters: [
      par('k1', 0.7),
      par('k2', 1.3),
      par('k3', 0.25),
      par('k4', 2.1),
      par('k5', 0.05),
      par('km', 0.4),
      par('n', 2.5),
      par('q', 1.5, { constant: false }), // rate rule (state)
      par('h', 0, { constant: false }), // assignment rule
    ],
    functions: [{ id: 'hill', params: ['x', 'n'], body: ex('x^n / (1 + x^n)') }],
    reactions: [
      { ...rx('r1', ['A'], ['B'], 'k1 * A^2 / (km + A) * h'), products: [{ species: 'B', stoichiometry: 2 }] },
      { ...rx('r2', ['B'], ['C'], 'x'), rate: ex('k2 * B^0.5 * hill(C, n) + k3 * C^3', ['hill']) },
      rx('r3', ['C'], [], 'piecewise(k4 * C, C > 0.5 && time < 5, 0.1 * C, B >= A || !(D < 0.1), k5 * C) + sin(C)^2'),
      rx('r4', ['D'], ['A'], 'k5 * D * exp(-time / 10) * (1 + cos(D)^2) + q * D / (1 + q)'),
      rx('r5', [], ['D'], 'max(0, min(k1, A, B)) + log(10, 1 + B) + root(3, C) + log(2, 2 + A) + log(q, 2 + A) + root(n, 1 + D) + sqrt(F)'),
      rx('r6', ['A'], [], 'k1 * E * abs(cos(A)) / (1 + sec(B)^2 + csc(1 + A)^2 / 100 + cot(1 + C)^2 / 1000) + tanh(A) * atan2(A, B) / factorial(3)'),
      rx('r7', ['B'], [], '0.01 * (k2 * (A > B) + k3 * !(C >= 1) + (A < 1 || B != 0) * 0.5) * B + avogadro * 1e-25 * B + pi / 100 * B^1.7'),
      rx('r8', ['A', 'B'], ['C'], 'k3 * A * B * F'),
    ],
    assignmentRules: [rule('E', 'A + 2 * B'), rule('h', 'k1 * piecewise(2, A > B, 1) + ln(1 + q) + log10(1 + C) + log2(1 + D)')],
    rateRules: [rule('q', '-0.1 * q + A'), rule('W', '0.01 * (1 + sinh(0.1 * A)) * W')],
    observables: [
      { id: 'ratio', expr: ex('A / (B + C)') },
      { id: 'flag', expr: ex('A > B') },
      { id: 'total', expr: ex('(A + B) * V + C * W + D'), unit: U.mmol },
    ],
    events: [event('kick', 'A < 0.75 && time > 0.1', [['B', 'B + 0.2'], ['k4', 'k4 * 0.9'], ['q', 'q + 1']], { delay: '0.05', priority: 'A' })],
  });
  if (opts.smooth) {
    // for whole simulations: no state-dependent switches in the rates (they chatter), events stay
    m.reactions[1] = { ...m.reactions[1]!, rate: ex('k2 * B^0.5 * hill(C, n) / (1 + C^3)', ['hill']) };
    m.reactions[2] = rx('r3', ['C'], [], 'piecewise(k4 * C, time < 1, k5 * C) + sin(C)^2');
    m.reactions[6] = rx('r7', ['B'], [], '0.01 * k2 * B + avogadro * 1e-25 * B + pi / 100 * B^1.7');
    m.assignmentRules[1] = rule('h', 'k1 * 1.5 + ln(1 + q) + log10(1 + C) + log2(1 + D)');
  }
  return m;
}

function bits(a: Float64Array): string[] {
  // exact representation (distinguishes -0, NaN payload-free): equal strings = identical doubles
  const dv = new DataView(new ArrayBuffer(8));
  return Array.from(a, (x) => {
    dv.setFloat64(0, x);
    return dv.getBigUint64(0).toString(16);
  });
}

function randomState(n: number, rnd: () => number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 0.05 + 1.5 * rnd();
  return y;
}

/** Rates, dense and sparse Jacobians, outputs and event kernels of two compiled models on the same random states. */
function expectIdenticalKernels(js: CompiledModel, it_: CompiledModel, seed: number, trials = 25): void {
  expect(js.codegen).toBe('js');
  expect(it_.codegen).toBe('interpret');
  const p = Float64Array.from(js.defaultParameters);
  expect(bits(it_.initialState(Float64Array.from(p), 0))).toEqual(bits(js.initialState(Float64Array.from(p), 0)));
  const a = js.odeSystem(Float64Array.from(p));
  const b = it_.odeSystem(Float64Array.from(p));
  expect(b.n).toBe(a.n);
  expect(!!b.jacobian).toBe(!!a.jacobian);
  expect(b.sparsity).toEqual(a.sparsity);
  const n = a.n;
  const nnz = a.sparsity?.colIdx.length ?? 0;
  const fa = new Float64Array(n);
  const fb = new Float64Array(n);
  const Ja = new Float64Array(n * n);
  const Jb = new Float64Array(n * n);
  const va = new Float64Array(nnz);
  const vb = new Float64Array(nnz);
  const oa = new Float64Array(js.outputs.length);
  const ob = new Float64Array(js.outputs.length);
  const rnd = lcg(seed);
  for (let trial = 0; trial < trials; trial++) {
    const y = randomState(n, rnd);
    const t = 10 * rnd();
    a.rates(t, y, fa);
    b.rates(t, y, fb);
    expect(bits(fb)).toEqual(bits(fa));
    if (a.jacobian && b.jacobian) {
      Jb.fill(7); // the interpreter must zero the structural zeros itself
      a.jacobian(t, y, Ja);
      b.jacobian(t, y, Jb);
      expect(bits(Jb)).toEqual(bits(Ja));
      a.jacobianSparse!(t, y, va);
      b.jacobianSparse!(t, y, vb);
      expect(bits(vb)).toEqual(bits(va));
    }
    js.computeOutputs(t, y, p, oa);
    it_.computeOutputs(t, y, p, ob);
    expect(bits(ob)).toEqual(bits(oa));
  }
}

describe('interpreter back end vs generated JavaScript', () => {
  it('the kitchen-sink model compiles with a Jacobian (so the comparison covers it)', () => {
    const c = compileModel(kitchenSink(), { codegen: 'interpret' });
    const sys = c.odeSystem(Float64Array.from(c.defaultParameters));
    expect(sys.jacobian).toBeDefined();
    expect(c.stateIds).toContain('W'); // compartment with a rate rule is state
    expect(c.code).toContain('function rates'); // the source is still available for --emit code
  });

  it('rates, Jacobians (dense and sparse), outputs and initial state are bit-identical on random states', () => {
    const m = kitchenSink();
    expectIdenticalKernels(compileModel(m), compileModel(m, { codegen: 'interpret' }), 2024);
  });

  it('the same without the analytic Jacobian', () => {
    const m = kitchenSink();
    const js = compileModel(m, { jacobian: false });
    const ip = compileModel(m, { jacobian: false, codegen: 'interpret' });
    expect(ip.odeSystem(ip.defaultParameters).jacobian).toBeUndefined();
    expectIdenticalKernels(js, ip, 5, 5);
  });

  for (const file of ['examples/stiff/hires.yaml', 'examples/stiff/robertson.yaml', 'examples/stiff/oregonator.yaml', 'examples/flagship/exosome-transfer.yaml']) {
    it(`${file}: kernels bit-identical on random states`, () => {
      const text = readFileSync(file, 'utf8');
      const js = compileModelText(text, { file }).compiled!;
      const ip = compileModelText(text, { file, codegen: 'interpret' }).compiled!;
      expectIdenticalKernels(js, ip, 77);
    });
  }

  it('whole simulations with events give identical trajectories and event times', () => {
    const m = kitchenSink({ smooth: true });
    const opts = { tEnd: 2, steps: 20, rtol: 1e-8, atol: 1e-12 };
    for (const solver of ['ode-dopri5', 'ode-bdf', 'ode-rosenbrock']) {
      const a = simulate(compileModel(m), { ...opts, solver });
      const b = simulate(compileModel(m, { codegen: 'interpret' }), { ...opts, solver });
      expect(a.record.eventTimes.length).toBeGreaterThan(0); // the event does fire
      expect(b.record.eventTimes).toEqual(a.record.eventTimes);
      expect(b.values.map(bits)).toEqual(a.values.map(bits));
      expect(b.record.stats).toEqual(a.record.stats);
      expect(a.record.codegen).toBe('js');
      expect(b.record.codegen).toBe('interpret');
    }
  });

  it('a 5,000-term sum neither overflows the stack nor changes the result', () => {
    const N = 5000;
    const ids = Array.from({ length: N }, (_, i) => `k${i}`);
    const m = model({
      species: [sp('X', 'V', 1, { initialKind: 'amount', hasOnlySubstanceUnits: true })],
      parameters: ids.map((id, i) => par(id, 1 / (i + 1))),
      reactions: [rx('big', ['X'], [], `(${ids.join(' + ')}) * X - X / 3 * k1 - X * k2 / 7 > 0`)],
    });
    const js = compileModel(m);
    const ip = compileModel(m, { codegen: 'interpret' });
    expectIdenticalKernels(js, ip, 3, 3);
    const f = new Float64Array(1);
    ip.odeSystem(ip.defaultParameters).rates(0, Float64Array.of(1), f);
    expect(f[0]).toBe(-1); // the comparison is true: rate = 1 -> dX/dt = -1
  });

  it('large models: chunked kernels (rates, Jacobian, outputs) are bit-identical and right', () => {
    // 400 species, 900 reactions of several kinds, so that every kernel is split into chunk functions (V8
    // optimises only functions below a bytecode limit): mass action with stoichiometry 2, Michaelis-Menten through
    // an assignment rule shared by reactions in different chunks, amount-semantics species, a compartment with a
    // rate rule (the Jacobian's substitution path), time dependence, and 400 observables.
    const N = 400;
    const rnd = lcg(99);
    const pick = () => Math.floor(rnd() * N);
    const species = Array.from({ length: N }, (_, i) =>
      i % 7 === 0 ? sp(`X${i}`, 'V', 0.5 + rnd(), { initialKind: 'amount', hasOnlySubstanceUnits: true }) : sp(`X${i}`, i % 5 === 0 ? 'W' : 'V', 0.5 + rnd()),
    );
    const parameters = [par('km', 0.3), par('vmax', 0), par('g', 0.4)];
    const reactions = [];
    for (let r = 0; r < 900; r++) {
      const a = `X${pick()}`, b = `X${pick()}`, c = `X${pick()}`;
      parameters.push(par(`k${r}`, 0.1 + rnd()));
      switch (r % 4) {
        case 0:
          reactions.push({ ...rx(`r${r}`, [a], [c], `k${r} * ${a}`), products: [{ species: c, stoichiometry: 2 }] });
          break;
        case 1:
          reactions.push(rx(`r${r}`, [a, b], [c], `k${r} * ${a} * ${b}`));
          break;
        case 2:
          reactions.push(rx(`r${r}`, [a], [b], `vmax * ${a} / (km + ${a})`));
          break;
        default:
          reactions.push(rx(`r${r}`, [], [a], `k${r} * (1 + sin(time)) / (1 + ${b}^2)`));
      }
    }
    // Z's only flux is -0: dZ/dt is -0 as one signed sum but +0 as 0 + (-0) when accumulated; the interpreter
    // must build the form the generated code uses (the bit comparison sees the sign of zero).
    species.push(sp('Z', 'V', 1, { initialKind: 'amount', hasOnlySubstanceUnits: true }));
    reactions.push(rx('z', [], ['Z'], '-(0 * X1)'));
    const m = model({
      compartments: [comp('V', 1.5), { id: 'W', size: 0.8, unit: U.L, constant: false }],
      species,
      parameters,
      reactions,
      assignmentRules: [rule('vmax', 'g * (1 + X1 / 10)')],
      rateRules: [rule('W', '0.01 * (1 - W)')],
      observables: Array.from({ length: N }, (_, i) => ({ id: `o${i}`, expr: ex(`X${i} / (1 + X${(i * 7) % N})`) })),
    });
    const js = compileModel(m);
    for (const f of ['rates_1', 'jacobianSparse_1', 'outputs_1']) expect(js.code).toContain(`function ${f}(`);
    expectIdenticalKernels(js, compileModel(m, { codegen: 'interpret' }), 8, 4);
    // The Jacobian against central differences of the rates (an independent check of the chunked kernels).
    const p = Float64Array.from(js.defaultParameters);
    const sys = js.odeSystem(p);
    const n = sys.n;
    const y = randomState(n, rnd);
    const J = new Float64Array(n * n);
    sys.jacobian!(0.3, y, J);
    const fp = new Float64Array(n), fm = new Float64Array(n);
    let worst = 0;
    for (const j of [0, 1, 5, 7, 133, 250, n - 1]) {
      const h = 1e-6 * Math.max(1, Math.abs(y[j]!));
      const yp = Float64Array.from(y), ym = Float64Array.from(y);
      yp[j] = y[j]! + h;
      ym[j] = y[j]! - h;
      sys.rates(0.3, yp, fp);
      sys.rates(0.3, ym, fm);
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs((fp[i]! - fm[i]!) / (2 * h) - J[i * n + j]!) / (1 + Math.abs(J[i * n + j]!)));
    }
    expect(worst).toBeLessThan(1e-6);
    // Whole simulations agree too (same steps, same bits).
    const opts = { tEnd: 1, steps: 4, rtol: 1e-6, atol: 1e-10, solver: 'ode-bdf' };
    const a = simulate(js, opts);
    const b = simulate(compileModel(m, { codegen: 'interpret' }), opts);
    expect(b.values.map(bits)).toEqual(a.values.map(bits));
    expect(b.record.stats).toEqual(a.record.stats);
  });

  it('interpreted kernels of one model are independent per parameter vector (no shared frames)', () => {
    const m = model({
      species: [sp('A', 'V', 1, { initialKind: 'amount', hasOnlySubstanceUnits: true })],
      parameters: [par('k', 2)],
      reactions: [rx('d', ['A'], [], 'k * A')],
    });
    const c = compileModel(m, { codegen: 'interpret' });
    const s1 = c.odeSystem(Float64Array.of(2, 1, 1));
    const s2 = c.odeSystem(Float64Array.of(5, 1, 1));
    const f = new Float64Array(1);
    s1.rates(0, Float64Array.of(3), f);
    expect(f[0]).toBe(-6);
    s2.rates(0, Float64Array.of(3), f);
    expect(f[0]).toBe(-15);
    s1.rates(0, Float64Array.of(1), f);
    expect(f[0]).toBe(-2);
  });
});

describe('automatic fallback where code generation is forbidden (CSP)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** Make `new Function(...)` throw as under a Content-Security-Policy without 'unsafe-eval'. */
  function forbidCodeGeneration(): void {
    vi.stubGlobal('Function', function forbidden(): never {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source of script");
    });
  }

  it('detects the restriction', () => {
    expect(codeGenerationAvailable()).toBe(true);
    forbidCodeGeneration();
    expect(codeGenerationAvailable()).toBe(false);
  });

  it('compileModel falls back to the interpreter and the model simulates (decay vs exp(-k t))', () => {
    forbidCodeGeneration();
    const k = 0.3;
    const c = compileModel(
      model({
        species: [sp('A', 'V', 1, { initialKind: 'amount', hasOnlySubstanceUnits: true })],
        parameters: [par('k', k)],
        reactions: [rx('d', ['A'], [], 'k * A')],
        events: [event('dose', 'time >= 2', [['A', 'A + 1']])],
      }),
    );
    expect(c.codegen).toBe('interpret');
    const res = simulate(c, { tEnd: 4, steps: 4, rtol: 1e-10, atol: 1e-14, solver: 'ode-bdf' });
    expect(res.record.codegen).toBe('interpret');
    expect(res.record.eventTimes).toEqual([2]);
    const A = col(res, 'A');
    const a2 = Math.exp(-k * 2) + 1;
    expect(A[1]).toBeCloseTo(Math.exp(-k), 8);
    expect(A[2]).toBeCloseTo(a2, 8);
    expect(A[4]).toBeCloseTo(a2 * Math.exp(-k * 2), 8);
  });

  it('compileModelText (load, validate, flatten, compile) works too, even when js is asked for', () => {
    forbidCodeGeneration();
    const text = readFileSync('examples/basics/dosing-event.yaml', 'utf8');
    const r = compileModelText(text, { codegen: 'js' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.compiled!.codegen).toBe('interpret');
    const res = simulate(r.compiled!, { tEnd: 20, steps: 20 });
    expect(res.record.status).toBe('done');
    vi.unstubAllGlobals();
    const ref = simulate(compileModelText(text).compiled!, { tEnd: 20, steps: 20 });
    expect(res.values.map(bits)).toEqual(ref.values.map(bits));
  });
});
