/**
 * Scoring of one SBML Test Suite semantic case (sbmlteam/sbml-test-suite, cases/semantic/README.md,
 * "Tolerances and errors for TimeCourse tests"): a computed value C passes against the expected value U iff
 *
 *     |C - U| <= T_a + T_r * |U|
 *
 * with T_a (`absolute`) and T_r (`relative`) from the case's settings file; the tolerance scales with the
 * expected value, not the computed one. Every row of every compared column must pass. Non-finite expected
 * values: NaN must be matched by NaN; +Infinity / -Infinity must be matched exactly. Columns are matched by
 * name (the first column is time when named so, matched case-insensitively; FluxBalanceSteadyState
 * results have no time column); row counts must agree.
 */
import type { NumericTable } from './files.js';

export interface PointFailure {
  /** Expected time of the row (NaN for tables without a time column). */
  time: number;
  /** Column name. */
  variable: string;
  /** Expected value U (from the suite). */
  expected: number;
  /** Computed value C (from the simulator). */
  computed: number;
  /** Allowed deviation T_a + T_r |U| (NaN when U is not finite: exact match required). */
  allowed: number;
}

export interface CaseScore {
  pass: boolean;
  /** Structural reason for failing (missing column, row-count mismatch); absent when all points were compared. */
  reason?: string;
  /** The first few failing points, in row order. */
  failures: PointFailure[];
  /** Number of failing points in all. */
  failureCount: number;
  /** Points compared. */
  pointsCompared: number;
  /**
   * Largest |C - U| - (T_a + T_r |U|) over compared points (negative: the smallest margin when passing;
   * +Infinity for a NaN/Inf mismatch; -Infinity when no finite point was compared; NaN when not compared).
   */
  maxViolation: number;
}

export interface ScoreOptions {
  /** How many failing points to keep in `failures` (default 10). */
  maxFailures?: number;
  /** Also compare the time column with the same rule (default true). */
  compareTime?: boolean;
}

function isTimeName(s: string | undefined): boolean {
  return s !== undefined && s.trim().toLowerCase() === 'time';
}

/**
 * Compare a computed table with the expected one. `settings.variables` chooses the columns (default: every
 * expected column after time). Column names are exact, except the time column.
 */
export function scoreCase(
  expected: NumericTable,
  computed: NumericTable,
  settings: { absolute: number; relative: number; variables?: readonly string[] },
  options: ScoreOptions = {},
): CaseScore {
  const maxFailures = options.maxFailures ?? 10;
  const compareTime = options.compareTime ?? true;
  const structural = (reason: string): CaseScore => ({
    pass: false,
    reason,
    failures: [],
    failureCount: 0,
    pointsCompared: 0,
    maxViolation: Number.NaN,
  });

  const eh = expected.header;
  const ch = computed.header;
  // Time courses have `time` first; FluxBalanceSteadyState results have no time column at all.
  const timed = isTimeName(eh[0]);
  if (timed && !isTimeName(ch[0])) return structural(`computed results have no time column first (header: ${ch.join(',')})`);
  const first = timed ? 1 : 0;
  const cfirst = isTimeName(ch[0]) ? 1 : 0;
  const variables = settings.variables ? [...settings.variables] : eh.slice(first);

  const columns: { name: string; e: number; c: number }[] = [];
  if (compareTime && timed) columns.push({ name: 'time', e: 0, c: 0 });
  const missingExpected: string[] = [];
  const missingComputed: string[] = [];
  for (const v of variables) {
    const e = eh.indexOf(v, first);
    const c = ch.indexOf(v, cfirst);
    if (e < 0) missingExpected.push(v);
    if (c < 0) missingComputed.push(v);
    if (e >= 0 && c >= 0) columns.push({ name: v, e, c });
  }
  if (missingExpected.length > 0) return structural(`expected results lack column(s) ${missingExpected.join(', ')}`);
  if (missingComputed.length > 0) return structural(`computed results lack column(s) ${missingComputed.join(', ')}`);
  if (expected.rows.length !== computed.rows.length) {
    return structural(`row count differs: expected ${expected.rows.length}, computed ${computed.rows.length}`);
  }

  const failures: PointFailure[] = [];
  let failureCount = 0;
  let pointsCompared = 0;
  let maxViolation = -Infinity;
  for (let i = 0; i < expected.rows.length; i++) {
    const er = expected.rows[i]!;
    const cr = computed.rows[i]!;
    const time = timed ? (er[0] ?? Number.NaN) : Number.NaN;
    for (const col of columns) {
      const U = er[col.e];
      const C = cr[col.c];
      if (U === undefined) return structural(`expected row ${i + 1} is shorter than its header`);
      if (C === undefined) return structural(`computed row ${i + 1} is shorter than its header`);
      pointsCompared++;
      let ok: boolean;
      let allowed: number;
      let violation: number;
      if (Number.isNaN(U)) {
        // NaN expected: only NaN matches.
        ok = Number.isNaN(C);
        allowed = Number.NaN;
        violation = ok ? -Infinity : Infinity;
      } else if (!Number.isFinite(U)) {
        // +/-Infinity expected: exact match.
        ok = C === U;
        allowed = Number.NaN;
        violation = ok ? -Infinity : Infinity;
      } else {
        allowed = settings.absolute + settings.relative * Math.abs(U);
        const diff = Math.abs(C - U); // NaN when C is NaN; Infinity when C is infinite
        ok = diff <= allowed;
        violation = Number.isNaN(diff) ? Infinity : diff - allowed;
      }
      if (violation > maxViolation) maxViolation = violation;
      if (!ok) {
        failureCount++;
        if (failures.length < maxFailures) failures.push({ time, variable: col.name, expected: U, computed: C, allowed });
      }
    }
  }
  return { pass: failureCount === 0, failures, failureCount, pointsCompared, maxViolation };
}
