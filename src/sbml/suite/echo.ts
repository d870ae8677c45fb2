/**
 * The "expected-echo" self-check simulator: it returns the case's own expected results file, with every value
 * except time multiplied by `factor`. With factor 1 every case must pass (proves reading, column matching and
 * scoring); with factor 1 + d a point fails exactly when |d U| > T_a + T_r |U|, so factor 1.01 must fail the
 * cases whose relative tolerance is below 0.01 and whose values are large enough for the absolute tolerance
 * not to absorb the change. Non-finite values stay as they are (NaN * f = NaN, Inf * f = Inf for f > 0).
 */
import { casePaths, readCaseResults } from './cases.js';
import type { SimulateCase } from './runner.js';

export function makeEchoSimulator(factor = 1): SimulateCase {
  return (caseDir, id, settings) => {
    const t = readCaseResults(casePaths(caseDir, id), settings);
    if (factor === 1) return t;
    const isTime = t.header.map((h) => h.trim().toLowerCase() === 'time');
    return { header: t.header, rows: t.rows.map((r) => r.map((x, j) => (isTime[j] ? x : x * factor))) };
  };
}

/** Factor-1 echo, exported under the name the suite script looks for in simulator modules. */
export const simulateCase: SimulateCase = makeEchoSimulator(1);
