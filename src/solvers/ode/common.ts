/**
 * Helpers shared by the ODE steppers: error weights and norms (CVODE convention), Hairer's starting step
 * size heuristic, and settings defaults/validation driven by the solver descriptors.
 *
 * References:
 *   Hindmarsh et al., SUNDIALS: Suite of nonlinear and differential/algebraic equation solvers,
 *     ACM TOMS 31 (2005) 363-396 (error weights w_i = 1 / (rtol |y_i| + atol_i), weighted RMS norm).
 *   Hairer, Norsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer 1993,
 *     section II.4 "Starting step size" (algorithm implemented as HINIT in dopri5.f).
 */
import { diag, ExosimError, type Diagnostic } from '../../diagnostics.js';
import type { OdeSettings, OdeSolverDescriptor, OdeSystem, SettingDescriptor, SolverStats } from '../types.js';

/** Settings every ODE stepper understands (OdeSettings' named members). Listed in each descriptor's settings. */
export const commonOdeSettingDescriptors: SettingDescriptor[] = [
  {
    name: 'rtol',
    type: 'number',
    default: 1e-6,
    help: 'Relative tolerance: local error in y_i is kept below about rtol*|y_i| + atol_i (CVODE convention).',
  },
  {
    name: 'atol',
    type: 'number',
    default: 1e-12,
    unit: 'state units',
    help: 'Absolute tolerance (scalar, or one value per state variable from the library API); sets the noise floor below which values are not resolved.',
  },
  {
    name: 'maxSteps',
    type: 'integer',
    default: 500000,
    help: 'Maximum number of accepted steps over one integration before giving up with E_MAX_STEPS.',
  },
  {
    name: 'initialStep',
    type: 'number',
    default: 0,
    unit: 'time units',
    help: "Initial step size; 0 = automatic (Hairer & Wanner's starting-step heuristic).",
  },
  {
    name: 'maxStep',
    type: 'number',
    default: 0,
    unit: 'time units',
    help: 'Maximum step size; 0 = unlimited. Set it when short input pulses could be stepped over.',
  },
  {
    name: 'linearSolver',
    type: 'string',
    default: 'auto',
    choices: ['auto', 'dense', 'sparse'],
    help: 'Linear solver for implicit methods: dense LU, sparse LU, or auto (sparse when n >= 100 and the Jacobian pattern is sparse).',
  },
];

const COMMON_NAMES = new Set(commonOdeSettingDescriptors.map((d) => d.name));

/** Expand a scalar or per-component absolute tolerance to a vector of length n. */
export function expandAtol(atol: number | Float64Array, n: number): Float64Array {
  if (typeof atol === 'number') return new Float64Array(n).fill(atol);
  if (atol.length !== n) {
    throw new ExosimError([
      diag('E_SOLVER_SETTING_RANGE', `atol has ${atol.length} entries but the system has ${n} state variables.`, {
        hint: 'Give a scalar atol or exactly one value per state variable.',
        path: ['solver', 'atol'],
      }),
    ]);
  }
  return Float64Array.from(atol);
}

/** CVODE error weights: w_i = 1 / (rtol |y_i| + atol_i). */
export function errorWeights(y: Float64Array, rtol: number, atol: Float64Array, w: Float64Array): void {
  const n = y.length;
  for (let i = 0; i < n; i++) w[i] = 1 / (rtol * Math.abs(y[i]!) + atol[i]!);
}

/** Weighted RMS norm sqrt( (1/n) sum (v_i w_i)^2 ). */
export function wrmsNorm(v: Float64Array, w: Float64Array): number {
  const n = v.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i]! * w[i]!;
    s += x * x;
  }
  return n > 0 ? Math.sqrt(s / n) : 0;
}

/**
 * Weighted RMS norm of an error estimate with the weights taken over a step (Hairer's DOPRI5 convention):
 * sqrt( (1/n) sum (err_i / (atol_i + rtol max(|y0_i|, |y1_i|)))^2 ).
 */
export function wrmsNormStep(err: Float64Array, y0: Float64Array, y1: Float64Array, rtol: number, atol: Float64Array): number {
  const n = err.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(y0[i]!);
    const b = Math.abs(y1[i]!);
    const x = err[i]! / (atol[i]! + rtol * (a > b ? a : b));
    s += x * x;
  }
  return n > 0 ? Math.sqrt(s / n) : 0;
}

/**
 * Hairer's starting step size (HNW I, II.4; HINIT in dopri5.f), for a method of order `order`:
 *   d0 = ||y0||, d1 = ||f0|| (weights sk_i = atol_i + rtol |y0_i|);  h0 = 0.01 d0/d1 (1e-6 if either tiny);
 *   explicit Euler step y1 = y0 + h0 f0;  d2 = ||f(t0 + h0, y1) - f0|| / h0;
 *   h1 = (0.01 / max(d1, d2))^(1/order);  h = min(100 h0, h1, hmax).
 * `f0` = f(t0, y0); `work1`, `work2` are scratch vectors of length n. Counts one rhs evaluation.
 */
export function initialStepSize(
  system: OdeSystem,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  order: number,
  rtol: number,
  atol: Float64Array,
  hmax: number,
  work1: Float64Array,
  work2: Float64Array,
  stats: SolverStats,
): number {
  const n = system.n;
  const hcap = hmax > 0 ? hmax : Infinity;
  let dnf = 0;
  let dny = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol[i]! + rtol * Math.abs(y0[i]!);
    const a = f0[i]! / sk;
    const b = y0[i]! / sk;
    dnf += a * a;
    dny += b * b;
  }
  let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
  if (h > hcap) h = hcap;
  for (let i = 0; i < n; i++) work1[i] = y0[i]! + h * f0[i]!;
  system.rates(t0 + h, work1, work2);
  stats.rhsEvals++;
  let der2 = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol[i]! + rtol * Math.abs(y0[i]!);
    const d = (work2[i]! - f0[i]!) / sk;
    der2 += d * d;
  }
  der2 = Math.sqrt(der2) / h;
  const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
  const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : Math.pow(0.01 / der12, 1 / order);
  h = Math.min(100 * h, h1, hcap);
  if (!Number.isFinite(h) || h <= 0) h = 1e-6;
  return h;
}

export interface ResolveOptions {
  /** Drop settings the descriptor does not know instead of reporting them (used by composite solvers). */
  ignoreUnknown?: boolean;
}

function checkSetting(d: SettingDescriptor, value: unknown, out: Diagnostic[]): boolean {
  const path = ['solver', d.name];
  if (d.name === 'atol' && value instanceof Float64Array) {
    for (let i = 0; i < value.length; i++) {
      if (!(value[i]! > 0) || !Number.isFinite(value[i]!)) {
        out.push(diag('E_SOLVER_SETTING_RANGE', `atol[${i}] = ${value[i]} must be a finite number > 0.`, { hint: 'Use positive absolute tolerances, e.g. 1e-12.', path }));
        return false;
      }
    }
    return true;
  }
  switch (d.type) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        out.push(diag('E_SOLVER_SETTING_TYPE', `Solver setting '${d.name}' must be a finite number, got ${JSON.stringify(value)}.`, { hint: `${d.help} Default: ${d.default}.`, path }));
        return false;
      }
      if (d.type === 'integer' && !Number.isInteger(value)) {
        out.push(diag('E_SOLVER_SETTING_TYPE', `Solver setting '${d.name}' must be an integer, got ${value}.`, { hint: `Default: ${d.default}.`, path }));
        return false;
      }
      return true;
    case 'boolean':
      if (typeof value !== 'boolean') {
        out.push(diag('E_SOLVER_SETTING_TYPE', `Solver setting '${d.name}' must be true or false, got ${JSON.stringify(value)}.`, { hint: `Default: ${d.default}.`, path }));
        return false;
      }
      return true;
    case 'string':
      if (typeof value !== 'string' || (d.choices && !d.choices.includes(value))) {
        out.push(
          diag('E_SOLVER_SETTING_TYPE', `Solver setting '${d.name}' = ${JSON.stringify(value)} is not allowed${d.choices ? `; choose one of ${d.choices.join(', ')}` : ''}.`, {
            hint: `Default: ${String(d.default)}.`,
            path,
          }),
        );
        return false;
      }
      return true;
  }
}

/**
 * Fill in defaults and validate solver settings against a descriptor. Known names are the common settings
 * (`commonOdeSettingDescriptors`) plus `descriptor.settings`. Collects every problem and throws one
 * ExosimError (codes E_SOLVER_SETTING_UNKNOWN / _TYPE / _RANGE) listing them all.
 */
export function resolveOdeSettings(
  partial: Partial<OdeSettings> | Record<string, unknown> | undefined,
  descriptor: Pick<OdeSolverDescriptor, 'id' | 'settings'>,
  options: ResolveOptions = {},
): OdeSettings {
  const known = new Map<string, SettingDescriptor>();
  for (const d of commonOdeSettingDescriptors) known.set(d.name, d);
  for (const d of descriptor.settings) known.set(d.name, d);
  const out: Record<string, unknown> = {};
  for (const d of known.values()) out[d.name] = d.default;
  const problems: Diagnostic[] = [];
  for (const [name, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    const d = known.get(name);
    if (!d) {
      if (options.ignoreUnknown) continue;
      problems.push(
        diag('E_SOLVER_SETTING_UNKNOWN', `Solver '${descriptor.id}' has no setting '${name}'.`, {
          hint: `Known settings: ${[...known.keys()].join(', ')}.`,
          path: ['solver', name],
        }),
      );
      continue;
    }
    if (checkSetting(d, value, problems)) out[name] = value instanceof Float64Array ? Float64Array.from(value) : value;
  }
  const s = out as OdeSettings;
  const range = (ok: boolean, name: string, msg: string, hint: string) => {
    if (!ok) problems.push(diag('E_SOLVER_SETTING_RANGE', msg, { hint, path: ['solver', name] }));
  };
  range(s.rtol > 0 && s.rtol < 1, 'rtol', `rtol = ${s.rtol} must be in (0, 1).`, 'Typical values: 1e-6 (default) to 1e-10.');
  if (typeof s.atol === 'number') range(s.atol > 0, 'atol', `atol = ${s.atol} must be > 0.`, 'Use a small positive value below the concentrations you care about, e.g. 1e-12.');
  if (typeof s.rtol === 'number' && s.rtol > 0 && s.rtol < 1e3 * Number.EPSILON) {
    range(false, 'rtol', `rtol = ${s.rtol} is below what double precision can deliver (about 2e-13).`, 'Use rtol >= 1e-13.');
  }
  range(s.maxSteps >= 1, 'maxSteps', `maxSteps = ${s.maxSteps} must be >= 1.`, 'Default: 500000.');
  range(s.initialStep >= 0, 'initialStep', `initialStep = ${s.initialStep} must be >= 0 (0 = automatic).`, 'Leave it at 0 unless you know the time scale.');
  range(s.maxStep >= 0, 'maxStep', `maxStep = ${s.maxStep} must be >= 0 (0 = unlimited).`, 'Leave it at 0 unless pulses are stepped over.');
  for (const d of descriptor.settings) {
    if (COMMON_NAMES.has(d.name)) continue;
    const v = out[d.name];
    if ((d.type === 'number' || d.type === 'integer') && typeof v === 'number' && v < 0) {
      range(false, d.name, `Solver setting '${d.name}' = ${v} must be >= 0.`, `${d.help} Default: ${d.default}.`);
    }
  }
  if (problems.length > 0) throw new ExosimError(problems);
  return s;
}

/** Numeric extra setting with a fallback (for steppers reading `settings[name]`). */
export function numberSetting(settings: OdeSettings, name: string, fallback: number): number {
  const v = settings[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
