/**
 * Batch runner for SBML Test Suite semantic cases, independent of any simulator: it lists the cases, selects
 * them (default: plain time courses, see `isTimeCourse`), calls the given `simulateCase` for each, scores the
 * output against `NNNNN-results.csv` with `scoreCase`, and summarises the results by test tag and component
 * tag. Simulator exceptions and unreadable case files count as `errored`, never abort the batch.
 */
import { isExosimError, formatDiagnostic } from '../../diagnostics.js';
import { caseInfo, isTimeCourse, listCases, readCaseResults, readCaseSettings, type CaseInfo } from './cases.js';
import type { NumericTable, SuiteSettings } from './files.js';
import { scoreCase, type CaseScore } from './score.js';

/** A simulator under test: returns the output table (header `time,<variables>`) for one case. */
export type SimulateCase = (
  caseDir: string,
  id: string,
  settings: SuiteSettings,
  sbmlPath: string,
) => Promise<NumericTable> | NumericTable;

export type CaseStatus = 'passed' | 'failed' | 'errored';

export interface CaseResult {
  id: string;
  status: CaseStatus;
  /** Absent when the model description could not be read. */
  info?: CaseInfo;
  score?: CaseScore;
  /** Why the case failed or errored (one line). */
  reason?: string;
}

export interface RunOptions {
  /** Which cases to run (default: `isTimeCourse`). */
  filter?: (info: CaseInfo) => boolean;
  /** Cases simulated at the same time (default 1). */
  concurrency?: number;
  /** Called once per finished case, in completion order. */
  onResult?: (result: CaseResult) => void;
  /** Restrict to these ids (after listing). */
  ids?: readonly string[];
}

export interface TagCount {
  passed: number;
  total: number;
}

export interface SuiteSummary {
  /** Case folders found. */
  total: number;
  /** Of those, plain time courses (`isTimeCourse`). */
  timeCourse: number;
  /** Cases selected by the filter and run. */
  run: number;
  passed: number;
  failed: number;
  errored: number;
  /** Pass counts over the run cases, keyed by test tag and by component tag. */
  byTag: Record<string, TagCount>;
  byTestTag: Record<string, TagCount>;
  byComponentTag: Record<string, TagCount>;
  /** Failed and errored cases with a one-line reason, in id order. */
  failures: { id: string; status: 'failed' | 'errored'; reason: string }[];
  /** Every run case, in id order. */
  results: CaseResult[];
}

function errorText(e: unknown): string {
  if (isExosimError(e)) return e.diagnostics.map((d) => formatDiagnostic(d).replace(/\n\s*/g, ' ')).join('; ');
  return e instanceof Error ? e.message : String(e);
}

function describeScore(s: CaseScore): string {
  if (s.reason) return s.reason;
  const f = s.failures[0];
  if (!f) return 'failed';
  return `${s.failureCount} point(s) out of tolerance; first at t=${f.time} ${f.variable}: expected ${f.expected}, computed ${f.computed}, allowed ${f.allowed}`;
}

/** Run one case: read its files, simulate, score. Never throws. */
export async function runCase(casesDir: string, id: string, simulateCase: SimulateCase, info?: CaseInfo): Promise<CaseResult> {
  let ci = info;
  try {
    ci ??= caseInfo(casesDir, id);
    const settings = readCaseSettings(ci);
    const expected = readCaseResults(ci, settings);
    if (!ci.sbmlPath) return { id, info: ci, status: 'errored', reason: 'no NNNNN-sbml-lXvY.xml file in the case folder' };
    const computed = await simulateCase(ci.dir, id, settings, ci.sbmlPath);
    const score = scoreCase(expected, computed, settings);
    const r: CaseResult = { id, info: ci, status: score.pass ? 'passed' : 'failed', score };
    if (!score.pass) r.reason = describeScore(score);
    return r;
  } catch (e) {
    const r: CaseResult = { id, status: 'errored', reason: errorText(e) };
    if (ci) r.info = ci;
    return r;
  }
}

function bump(map: Record<string, TagCount>, tag: string, passed: boolean): void {
  const c = (map[tag] ??= { passed: 0, total: 0 });
  c.total++;
  if (passed) c.passed++;
}

/** Run every selected case of `casesDir` through `simulateCase` and summarise. */
export async function runSuite(casesDir: string, simulateCase: SimulateCase, opts: RunOptions = {}): Promise<SuiteSummary> {
  const filter = opts.filter ?? ((info: CaseInfo) => isTimeCourse(info));
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  let refs = listCases(casesDir);
  if (opts.ids) {
    const want = new Set(opts.ids);
    refs = refs.filter((r) => want.has(r.id));
  }

  const summary: SuiteSummary = {
    total: refs.length,
    timeCourse: 0,
    run: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    byTag: {},
    byTestTag: {},
    byComponentTag: {},
    failures: [],
    results: [],
  };

  // Classify first; a case whose description is unreadable is run (and will be reported as errored).
  const todo: { id: string; info?: CaseInfo }[] = [];
  for (const ref of refs) {
    let info: CaseInfo | undefined;
    try {
      info = caseInfo(casesDir, ref.id);
    } catch {
      info = undefined;
    }
    if (info && isTimeCourse(info)) summary.timeCourse++;
    if (!info) todo.push({ id: ref.id });
    else if (filter(info)) todo.push({ id: ref.id, info });
  }

  const results: CaseResult[] = new Array<CaseResult>(todo.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const k = next++;
      const t = todo[k]!;
      const r = await runCase(casesDir, t.id, simulateCase, t.info);
      results[k] = r;
      opts.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, todo.length)) }, worker));

  for (const r of results) {
    summary.run++;
    summary[r.status]++;
    const ok = r.status === 'passed';
    for (const tag of r.info?.testTags ?? []) {
      bump(summary.byTestTag, tag, ok);
      bump(summary.byTag, tag, ok);
    }
    for (const tag of r.info?.componentTags ?? []) {
      bump(summary.byComponentTag, tag, ok);
      bump(summary.byTag, tag, ok);
    }
    if (r.status !== 'passed') summary.failures.push({ id: r.id, status: r.status, reason: r.reason ?? r.status });
  }
  summary.results = results;
  return summary;
}

function pct(passed: number, total: number): string {
  return total === 0 ? '–' : `${((100 * passed) / total).toFixed(1)}%`;
}

function tagTable(title: string, map: Record<string, TagCount>): string {
  const tags = Object.keys(map).sort((a, b) => map[b]!.total - map[a]!.total || a.localeCompare(b));
  const lines = [`### ${title}`, '', '| tag | passed | total | pass rate |', '|---|---:|---:|---:|'];
  for (const t of tags) {
    const c = map[t]!;
    lines.push(`| ${t} | ${c.passed} | ${c.total} | ${pct(c.passed, c.total)} |`);
  }
  if (tags.length === 0) lines.push('| (none) | 0 | 0 | – |');
  return lines.join('\n');
}

/** Escape a table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Markdown report: totals, pass counts by test tag and by component tag, then the failures (first `maxFailures`, default 100). */
export function formatSummary(summary: SuiteSummary, options: { title?: string; maxFailures?: number } = {}): string {
  const maxFailures = options.maxFailures ?? 100;
  const out: string[] = [
    `## ${options.title ?? 'SBML Test Suite (semantic) results'}`,
    '',
    '| cases found | time courses | run | passed | failed | errored | pass rate |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${summary.total} | ${summary.timeCourse} | ${summary.run} | ${summary.passed} | ${summary.failed} | ${summary.errored} | ${pct(summary.passed, summary.run)} |`,
    '',
    tagTable('By test tag', summary.byTestTag),
    '',
    tagTable('By component tag', summary.byComponentTag),
    '',
  ];
  if (summary.failures.length > 0) {
    out.push('### Failures', '', '| case | status | reason |', '|---|---|---|');
    for (const f of summary.failures.slice(0, maxFailures)) out.push(`| ${f.id} | ${f.status} | ${cell(f.reason)} |`);
    if (summary.failures.length > maxFailures) out.push('', `(${summary.failures.length - maxFailures} more not shown)`);
    out.push('');
  }
  return out.join('\n');
}
