/**
 * Uncertain parameters of a sensitivity analysis: id, range [low, high] in the parameter's declared unit, and
 * the scale the unit-cube coordinate u in [0, 1] is mapped with: linear, x = low + u (high - low), or
 * log-uniform, x = low (high / low)^u. Default ranges are the parameters' declared `range`; a range spanning more
 * than two decades (high / low > 100, low > 0) is sampled log-uniformly.
 */
import { ExosimError, diag } from '../../diagnostics.js';
import type { CompiledModel } from '../../compile/types.js';
import { toBaseFactor } from '../../model/units.js';

export interface ParamRange {
  id: string;
  low: number;
  high: number;
  scale: 'linear' | 'log';
  /** Nominal (default) value in the declared unit, when known. */
  nominal?: number;
  unit?: string;
}

/** Log-uniform when the range spans more than two decades (high / low > 100 with low > 0). */
export function defaultScale(low: number, high: number): 'linear' | 'log' {
  return low > 0 && high / low > 100 ? 'log' : 'linear';
}

/** u in [0, 1] -> parameter value. */
export function fromUnit(p: ParamRange, u: number): number {
  if (p.scale === 'log') return p.low * (p.high / p.low) ** u;
  return p.low + u * (p.high - p.low);
}

/** parameter value -> u in [0, 1] (inverse of fromUnit). */
export function toUnit(p: ParamRange, x: number): number {
  if (p.scale === 'log') return Math.log(x / p.low) / Math.log(p.high / p.low);
  return (x - p.low) / (p.high - p.low);
}

function sensError(code: string, message: string, hint: string): ExosimError {
  return new ExosimError([diag(code, message, { hint })]);
}

/** Check one range; throws E_SENS_RANGE. */
export function checkRange(p: ParamRange): void {
  if (!Number.isFinite(p.low) || !Number.isFinite(p.high) || !(p.high > p.low)) {
    throw sensError('E_SENS_RANGE', `Parameter '${p.id}': range [${p.low}, ${p.high}] is not an interval with low < high.`, `Give --range ${p.id}=low:high with finite low < high.`);
  }
  if (p.scale === 'log' && !(p.low > 0)) {
    throw sensError('E_SENS_RANGE', `Parameter '${p.id}': a log-scaled range needs low > 0 (got ${p.low}).`, `Give a positive lower bound, or a linear range.`);
  }
}

/** Nominal value of a flat parameter in its declared unit. */
function declaredValue(compiled: CompiledModel, id: string): { value: number; unit?: string } | undefined {
  const i = compiled.parameterIndex.get(id);
  if (i === undefined) return undefined;
  const fp = compiled.flat.parameters[i]!;
  const f = fp.unit ? toBaseFactor(compiled.flat.units, fp.unit) : 1;
  return { value: fp.value / f, ...(fp.unit ? { unit: fp.unit.text } : {}) };
}

/**
 * The parameter ranges of a compiled model: `ids` (default: every constant parameter with a declared range that
 * is a real interval, not computed by a rule or initial assignment), each with `overrides[id]` or its declared
 * range. Throws E_SENS_PARAM (unknown or computed id) and E_SENS_NO_RANGE (no declared range, none given).
 */
export function modelRanges(compiled: CompiledModel, ids: string[] | undefined, overrides: Record<string, [number, number]> = {}, scales: Record<string, 'linear' | 'log'> = {}): ParamRange[] {
  const flat = compiled.flat;
  const computed = new Set([...flat.assignmentRules.map((r) => r.variable), ...flat.initialAssignments.map((r) => r.variable)]);
  const chosen =
    ids ??
    flat.parameters
      .filter((p) => p.constant && !computed.has(p.id) && ((p.range && p.range[1] > p.range[0]) || overrides[p.id]))
      .map((p) => p.id);
  if (chosen.length === 0) throw sensError('E_SENS_PARAM', `Model '${flat.id}' has no parameter with a declared range.`, 'Name the parameters with --params a,b and give --range a=low:high for each.');
  const out: ParamRange[] = [];
  for (const id of chosen) {
    const i = compiled.parameterIndex.get(id);
    if (i === undefined || computed.has(id) || !flat.parameters[i]!.constant) {
      const known = flat.parameters.filter((p) => p.constant && !computed.has(p.id)).map((p) => p.id);
      const close = known.filter((k) => k.toLowerCase().includes(id.toLowerCase()) || id.toLowerCase().includes(k.toLowerCase())).slice(0, 5);
      throw sensError('E_SENS_PARAM', `'${id}' is not a constant parameter of model '${flat.id}'${computed.has(id) ? ' (it is computed by a rule or initial assignment)' : ''}.`, close.length ? `Did you mean ${close.join(', ')}?` : 'List the parameters with `exosim describe <model>`.');
    }
    const fp = flat.parameters[i]!;
    const r = overrides[id] ?? fp.range;
    if (!r || !(r[1] > r[0])) {
      throw sensError('E_SENS_NO_RANGE', `Parameter '${id}' has no declared range${r ? ` (declared [${r[0]}, ${r[1]}] is a single value)` : ''}.`, `Give one in its declared unit: --range ${id}=low:high for exosim sensitivity, --from/--to for exosim scan.`);
    }
    const nominal = declaredValue(compiled, id);
    const p: ParamRange = { id, low: r[0], high: r[1], scale: scales[id] ?? defaultScale(r[0], r[1]), ...(nominal ? { nominal: nominal.value } : {}), ...(nominal?.unit ? { unit: nominal.unit } : {}) };
    checkRange(p);
    out.push(p);
  }
  return out;
}
