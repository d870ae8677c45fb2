/**
 * JSON output of a simulation result:
 *   { time: [...], timeUnit, columns: [{ id, unit, kind, values: [...] }], record }
 * JSON has no NaN or Infinity: non-finite values are written as null (JSON.stringify's own rule).
 */
import type { SimulationResult } from '../results.js';

export interface ResultJson {
  time: (number | null)[];
  timeUnit: string;
  columns: { id: string; unit: string; kind: string; values: (number | null)[] }[];
  record: SimulationResult['record'];
}

function toArray(a: Float64Array | undefined): (number | null)[] {
  if (!a) return [];
  const out = new Array<number | null>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}

export function resultToJson(result: SimulationResult): ResultJson {
  return {
    time: toArray(result.time),
    timeUnit: result.timeUnit,
    columns: result.columns.map((c, k) => ({ id: c.id, unit: c.unit, kind: c.kind, values: toArray(result.values[k]) })),
    record: result.record,
  };
}

/** Result as JSON text (compact, one line, trailing newline). */
export function formatResultJson(result: SimulationResult): string {
  return JSON.stringify(resultToJson(result)) + '\n';
}
