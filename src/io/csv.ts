/**
 * CSV output of a simulation result: header `time,<column ids>`, one row per output time, numbers printed
 * with String(x) (the shortest decimal that round-trips to the same double, ECMA-262 Number::toString), so a
 * reader gets back exactly the doubles that were computed. Units are not in the CSV (kept machine-friendly);
 * they are in the run record written beside it and in the JSON output.
 */
import type { SimulationResult } from '../results.js';

/** Quote a header field when it contains a comma, quote or newline (RFC 4180). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Number -> shortest round-trip text; non-finite values as NaN, Infinity, -Infinity. */
export function formatNumber(x: number): string {
  return String(x);
}

export function formatCsv(result: SimulationResult): string {
  const header = ['time', ...result.columns.map((c) => c.id)].map(csvField).join(',');
  const lines: string[] = [header];
  const n = result.time.length;
  const row: string[] = new Array<string>(result.columns.length + 1);
  for (let i = 0; i < n; i++) {
    row[0] = formatNumber(result.time[i] as number);
    for (let k = 0; k < result.columns.length; k++) {
      const v = result.values[k];
      row[k + 1] = formatNumber(v ? (v[i] as number) : NaN);
    }
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
