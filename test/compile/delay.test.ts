/**
 * Delay differential equations (src/compile/delay.ts): delay(x, tau) against analytic solutions (method of
 * steps), in both kernel back ends and with explicit and stiff solvers.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { ExosimError } from '../../src/diagnostics.js';
import { CODEGEN_MODES, col, compilerFor, event, model, par, rule, rx, sp, textCompilerFor } from './helpers.js';

/**
 * y' = -y(t - 1), y(t <= 0) = 1: by the method of steps, on [n - 1, n]
 *   y(t) = sum_{k=0}^{n} (-1)^k (t - k + 1)^k / k!
 * (1 - t on [0, 1]; 1 - t + (t - 1)^2 / 2 on [1, 2]; ... ).
 */
function methodOfSteps(t: number): number {
  const n = Math.max(1, Math.ceil(t));
  let sum = 0;
  let fact = 1;
  for (let k = 0; k <= n; k++) {
    if (k > 0) fact *= k;
    const base = t - k + 1;
    if (base < 0) break;
    sum += ((k % 2 ? -1 : 1) * base ** k) / fact;
  }
  return sum;
}

describe.each(CODEGEN_MODES)('delay(x, tau) (codegen: %s)', (mode) => {
  const compileModel = compilerFor(mode);
  const compileModelText = textCompilerFor(mode);

  describe.each(['ode-dopri5', 'ode-bdf', 'ode-rosenbrock'] as const)('%s', (solver) => {
    // BDF and Rosenbrock are lower-order methods: the same tolerances give somewhat larger errors.
    const tol = solver === 'ode-dopri5' ? 1e-7 : 1e-6;
    it('y\' = -y(t - 1), y(t <= 0) = 1 matches the method-of-steps solution on [0, 4]', () => {
      const m = model({
        parameters: [par('y', 1, { constant: false })],
        rateRules: [rule('y', '-delay(y, 1)')],
      });
      const res = simulate(compileModel(m), { tEnd: 4, steps: 40, rtol: 1e-10, atol: 1e-12, solver });
      const y = col(res, 'y');
      res.time.forEach((t, i) => expect(Math.abs(y[i]! - methodOfSteps(t)), `t = ${t}`).toBeLessThan(tol));
    });
  });

  it('at the default tolerances (rtol 1e-6, default solver) the error over [0, 10] stays near rtol (history from the dense output, breakpoints at t0 + j tau)', () => {
    const m = model({
      parameters: [par('y', 1, { constant: false })],
      rateRules: [rule('y', '-delay(y, 1)')],
    });
    for (const solver of ['ode-auto', 'ode-dopri5', 'ode-bdf', 'ode-rosenbrock'] as const) {
      const res = simulate(compileModel(m), { tEnd: 10, steps: 100, rtol: 1e-6, atol: 1e-8, solver });
      const y = col(res, 'y');
      let err = 0;
      res.time.forEach((t, i) => (err = Math.max(err, Math.abs(y[i]! - methodOfSteps(t)))));
      expect(err, solver).toBeLessThan(1e-5);
    }
  });

  it('the method-of-steps reference itself: pieces join continuously and solve the equation', () => {
    // y(2) = 1 - 2 + 1/2 = -1/2; y(3) = 1 - 3 + 2 - 1/6 = -1/6 (by hand)
    expect(methodOfSteps(1)).toBeCloseTo(0, 15);
    expect(methodOfSteps(2)).toBeCloseTo(-0.5, 15);
    expect(methodOfSteps(3)).toBeCloseTo(-1 / 6, 15);
    const h = 1e-6;
    for (const t of [0.5, 1.5, 2.5, 3.7]) expect((methodOfSteps(t + h) - methodOfSteps(t - h)) / (2 * h)).toBeCloseTo(-methodOfSteps(t - 1), 6);
  });

  it('delayed exponential: P = delay(A, 1.5) of A\' = -k A (concentration in a compartment of size 2)', () => {
    const k = 0.7;
    const m = model({
      compartments: [{ id: 'V', size: 2, unit: { text: 'L', scale: 1e-3, dims: [0, 3, 0, 0, 0, 0] }, constant: true }],
      species: [sp('A', 'V', 3)],
      parameters: [par('k', k), par('P', 0, { constant: false })],
      reactions: [rx('decay', ['A'], [], 'V * k * A')],
      assignmentRules: [rule('P', 'delay(A, 1.5)')],
    });
    const res = simulate(compileModel(m), { tEnd: 6, steps: 60, rtol: 1e-10, atol: 1e-14, solver: 'ode-dopri5' });
    const P = col(res, 'P');
    res.time.forEach((t, i) => {
      const expected = t <= 1.5 ? 3 : 3 * Math.exp(-k * (t - 1.5)); // concentration; before t0 the initial value
      expect(Math.abs(P[i]! - expected), `t = ${t}`).toBeLessThan(1e-8);
    });
  });

  it('before the start, a time-dependent rule is seen as a function of time: delay(sin(time), 0.5) = sin(t - 0.5)', () => {
    const m = model({
      // d' = 1 only gives the model a state variable (ode-dopri5 refuses an empty state vector)
      parameters: [par('x', 0, { constant: false }), par('y', 0, { constant: false }), par('d', 0, { constant: false })],
      rateRules: [rule('d', '1')],
      assignmentRules: [rule('x', 'sin(time)'), rule('y', 'delay(x, 0.5)')],
    });
    const res = simulate(compileModel(m), { tEnd: 3, steps: 30, solver: 'ode-dopri5' });
    const y = col(res, 'y');
    res.time.forEach((t, i) => expect(y[i]!).toBeCloseTo(Math.sin(t - 0.5), 12));
  });

  it('a delay time that depends on time: delay(x, time / 2) of x = t is t / 2', () => {
    const m = model({
      parameters: [par('x', 0, { constant: false }), par('y', 0, { constant: false })],
      rateRules: [rule('x', '1')],
      assignmentRules: [rule('y', 'delay(x, time / 2)')],
    });
    const res = simulate(compileModel(m), { tEnd: 4, steps: 20, rtol: 1e-10, atol: 1e-12, solver: 'ode-dopri5' });
    const y = col(res, 'y');
    res.time.forEach((t, i) => expect(y[i]!).toBeCloseTo(t / 2, 9));
  });

  it('a delay time that reads another delay: z = delay(x, 1), y = delay(x, z) with x = t', () => {
    // z = max(t - 1, 0) (x(s) = 0 before the start); y = x(t - z) = t - z for t - z >= 0.
    const m = model({
      parameters: [par('x', 0, { constant: false }), par('y', 0, { constant: false }), par('z', 0, { constant: false })],
      rateRules: [rule('x', '1')],
      assignmentRules: [rule('z', 'delay(x, 1)'), rule('y', 'delay(x, z)')],
    });
    const res = simulate(compileModel(m), { tEnd: 5, steps: 10, rtol: 1e-10, atol: 1e-12, solver: 'ode-dopri5' });
    res.time.forEach((t, i) => {
      const z = Math.max(t - 1, 0);
      expect(col(res, 'z')[i]!).toBeCloseTo(z, 9);
      expect(col(res, 'y')[i]!).toBeCloseTo(t - z, 9);
    });
  });

  it('a delay in an event trigger: delay(x, 1) > 2.5 with x = t fires at t = 3.5', () => {
    const m = model({
      parameters: [par('x', 0, { constant: false }), par('tfire', -1, { constant: false })],
      rateRules: [rule('x', '1')],
      events: [event('E', 'delay(x, 1) > 2.5', [['tfire', 'time']])],
    });
    for (const solver of ['ode-dopri5', 'ode-bdf'] as const) {
      const res = simulate(compileModel(m), { tEnd: 5, steps: 5, solver });
      expect(col(res, 'tfire')[5]!).toBeCloseTo(3.5, 8);
    }
  });

  it('a delayed parameter that an event changes: the value in force at t - tau (event at t = 2, delay 1)', () => {
    const m = model({
      parameters: [par('k', 1, { constant: false }), par('P', 0, { constant: false }), par('d', 0, { constant: false })],
      rateRules: [rule('d', '1')],
      assignmentRules: [rule('P', 'delay(k, 1)')],
      events: [event('E', 'time >= 2', [['k', '5']])],
    });
    const res = simulate(compileModel(m), { tEnd: 5, steps: 50, solver: 'ode-dopri5' });
    const P = col(res, 'P');
    // The event time is located by root finding (within ~1e-11 of 2), so the row at t = 3 exactly may see either
    // side of the jump; every other row is unambiguous.
    res.time.forEach((t, i) => {
      if (Math.abs(t - 3) > 1e-9) expect(P[i], `t = ${t}`).toBe(t < 3 ? 1 : 5);
    });
  });

  it('a delayed species across an event jump: the left value before t_e + tau, the right value after', () => {
    // A' = 0, A = 1; at t = 1 an event sets A = 4. P = delay(A, 0.5): 1 until t = 1.5, then 4.
    const m = model({
      species: [sp('A', 'V', 1, { initialKind: 'amount', hasOnlySubstanceUnits: true })],
      parameters: [par('P', 0, { constant: false })],
      assignmentRules: [rule('P', 'delay(A, 0.5)')],
      events: [event('E', 'time >= 1', [['A', '4']])],
    });
    const res = simulate(compileModel(m), { tEnd: 3, steps: 30, solver: 'ode-dopri5' });
    const P = col(res, 'P');
    res.time.forEach((t, i) => expect(P[i]!, `t = ${t}`).toBeCloseTo(t < 1.5 - 1e-9 ? 1 : 4, 12));
  });

  it('delay(e, 0) is e now', () => {
    const m = model({
      parameters: [par('x', 0, { constant: false }), par('y', 0, { constant: false })],
      rateRules: [rule('x', '2')],
      assignmentRules: [rule('y', 'delay(x, 0)')],
    });
    const res = simulate(compileModel(m), { tEnd: 2, steps: 4, solver: 'ode-dopri5' });
    res.time.forEach((t, i) => expect(col(res, 'y')[i]!).toBeCloseTo(2 * t, 10));
  });

  it('nested delays are refused at compile time', () => {
    const m = model({
      parameters: [par('x', 1, { constant: false }), par('y', 0, { constant: false }), par('z', 0, { constant: false })],
      rateRules: [rule('x', '1')],
      assignmentRules: [rule('y', 'delay(delay(x, 1), 1)')],
    });
    expect(() => compileModel(m)).toThrow(ExosimError);
    // through an assignment rule
    const m2 = model({
      parameters: [par('x', 1, { constant: false }), par('y', 0, { constant: false }), par('z', 0, { constant: false })],
      rateRules: [rule('x', '1')],
      assignmentRules: [rule('z', 'delay(x, 1)'), rule('y', 'delay(z, 1)')],
    });
    try {
      compileModel(m2);
      expect.unreachable();
    } catch (e) {
      expect((e as ExosimError).diagnostics[0]!.code).toBe('E_UNSUPPORTED_FEATURE');
    }
  });

  it('a negative delay time is an error (E_DELAY_NEGATIVE)', () => {
    const m = model({
      parameters: [par('x', 1, { constant: false }), par('y', 0, { constant: false })],
      rateRules: [rule('x', '1')],
      assignmentRules: [rule('y', 'delay(x, 1 - time)')],
    });
    try {
      simulate(compileModel(m), { tEnd: 3, steps: 3, solver: 'ode-dopri5' });
      expect.unreachable();
    } catch (e) {
      expect((e as ExosimError).diagnostics[0]!.code).toBe('E_DELAY_NEGATIVE');
    }
  });

  it('ExoSim model text: a reaction rate with delay(A, 1) (A\' = -A(t - 1))', () => {
    const text = [
      "exosim: '1'",
      'id: dde',
      'compartments: [{ id: c, size: 1 }]',
      'species: [{ id: A, compartment: c, initialAmount: 1 }]',
      'parameters: [{ id: k, value: 1 }]',
      'reactions:',
      '  - { id: r, equation: A -> , rate: "k * delay(A, 1)" }',
    ].join('\n');
    const r = compileModelText(text, { file: 'dde.yaml' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const res = simulate(r.compiled!, { tEnd: 3, steps: 6, rtol: 1e-10, atol: 1e-12, solver: 'ode-dopri5' });
    res.time.forEach((t, i) => expect(Math.abs(col(res, 'A')[i]! - methodOfSteps(t))).toBeLessThan(1e-7));
  });
});
