/**
 * `exosim sbml-test`: the SBML Test Suite (semantic cases) wrapper.
 *
 * - One case, in the SBML Test Runner's wrapper convention:
 *       exosim sbml-test <cases-dir> <case-id> <out-dir> [level] [version]
 *   simulates `<cases-dir>/<case-id>/<case-id>-sbml-l<level>v<version>.xml` (default: the highest Level/Version
 *   present) with the case's settings and writes `<out-dir>/<case-id>.csv` (header `time,<variables>`, numbers
 *   as shortest round-trip decimals) atomically. Exit 0 when the case ran, whether or not it matches the expected
 *   results (the Test Runner scores it; `--score` also scores it here); 2 with the importer's diagnostics when the
 *   model is refused or invalid (an existing CSV is then left untouched).
 * - Batch, one process:
 *       exosim sbml-test <cases-dir> --all --out <out-dir> [--filter tag,...] [--report report.md] [--json] [--concurrency n]
 *   runs every time-course case folder (core, and comp models which the importer flattens; src/sbml/suite runSuite), writes each case's CSV into out-dir, scores it
 *   (unless --no-score) and prints the summary by tag. Exit 0 when the run completed, even with failures.
 *
 * The hidden testing option `--simulator echo[:factor]` uses the harness's self-check simulator (the case's own
 * expected results times factor) instead of ExoSim's simulator (src/sbml/suite/exosim-simulator.ts, loaded
 * dynamically so that a missing or broken module is the diagnostic E_SBML_UNAVAILABLE, not a crash).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { diag, ExosimError } from '../../src/diagnostics.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { formatNumber } from '../../src/io/csv.js';
import {
  caseInfo,
  caseRef,
  EXOSIM_SUPPORTED_PACKAGES,
  isTimeCourse,
  listCases,
  readCaseResults,
  readCaseSettings,
  type CaseInfo,
} from '../../src/sbml/suite/cases.js';
import { makeEchoSimulator } from '../../src/sbml/suite/echo.js';
import type { NumericTable, SuiteSettings } from '../../src/sbml/suite/files.js';
import { formatSummary, runSuite, type SimulateCase, type SuiteSummary } from '../../src/sbml/suite/runner.js';
import { scoreCase, type CaseScore } from '../../src/sbml/suite/score.js';
import { type CliContext, EXIT_OK, FlagErrors, parseListFlag, resolvePath } from './shared.js';

export interface SbmlTestFlags {
  all?: boolean;
  out?: string;
  filter?: string;
  report?: string;
  json?: boolean;
  concurrency?: string;
  /** true: --score, false: --no-score, undefined: the mode's default (off for one case, on with --all). */
  score?: boolean;
  /** Hidden: `exosim` (default) or `echo[:factor]`. */
  simulator?: string;
}

/** Module of ExoSim's suite simulator, relative to this file (cli/commands/ and dist/cli/commands/ alike). */
const EXOSIM_SIMULATOR_MODULE = '../../src/sbml/suite/exosim-simulator.js';

function unavailable(message: string): ExosimError {
  return new ExosimError([
    diag('E_SBML_UNAVAILABLE', message, {
      hint: 'the SBML simulator (src/sbml/suite/exosim-simulator.ts) is missing or failed to load; rebuild with `npm run build`, or report it',
    }),
  ]);
}

/**
 * The simulator named by --simulator: `exosim` (dynamic import of `modulePath`, default ExoSim's suite
 * simulator) or `echo[:factor]`.
 */
export async function loadSuiteSimulator(name: string, modulePath: string = EXOSIM_SIMULATOR_MODULE): Promise<SimulateCase> {
  const echo = /^echo(?::(.+))?$/.exec(name);
  if (echo) {
    const factor = echo[1] === undefined ? 1 : Number(echo[1]);
    if (!(Number.isFinite(factor) && factor > 0)) {
      throw new ExosimError([diag('E_FLAG', `--simulator: bad echo factor '${echo[1] ?? ''}'`, { hint: 'write echo or echo:<positive number>' })]);
    }
    return makeEchoSimulator(factor);
  }
  if (name !== 'exosim') {
    throw new ExosimError([diag('E_FLAG', `--simulator: unknown simulator '${name}'`, { hint: 'use exosim (the default)' })]);
  }
  let mod: { simulateCase?: unknown };
  try {
    mod = (await import(modulePath)) as { simulateCase?: unknown };
  } catch (e) {
    throw unavailable(`the ExoSim SBML simulator could not be loaded: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (typeof mod.simulateCase !== 'function') throw unavailable('the ExoSim SBML simulator module does not export simulateCase');
  return mod.simulateCase as SimulateCase;
}

/** CSV text of a suite table: the header as given, numbers as shortest round-trip decimals (src/io/csv.ts). */
export function formatSuiteCsv(t: NumericTable): string {
  const lines = [t.header.join(',')];
  for (const row of t.rows) lines.push(row.map(formatNumber).join(','));
  return lines.join('\n') + '\n';
}

function checkTable(t: unknown, id: string): NumericTable {
  const ok =
    typeof t === 'object' &&
    t !== null &&
    Array.isArray((t as NumericTable).header) &&
    Array.isArray((t as NumericTable).rows) &&
    (t as NumericTable).rows.every((r) => Array.isArray(r) && r.length === (t as NumericTable).header.length);
  if (!ok) throw new Error(`the simulator returned a malformed table for case ${id}`);
  return t as NumericTable;
}

/** Wrap file-system failures of reading a case into a user diagnostic (the harness's parsers already throw ExosimError). */
function caseFileError(e: unknown, what: string): never {
  if (e instanceof ExosimError) throw e;
  const err = e as NodeJS.ErrnoException;
  if (err && (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES')) {
    throw new ExosimError([
      diag('E_SBML_CASE_NOT_FOUND', `${what}: ${err.message}`, { hint: 'check <cases-dir> and <case-id>: the case folder needs NNNNN-settings.txt, NNNNN-model.m and an SBML file' }),
    ]);
  }
  throw e;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function scoreLine(id: string, s: CaseScore): string {
  if (s.pass) return `${id}: passed (${s.pointsCompared} points within tolerance)`;
  if (s.reason) return `${id}: failed: ${s.reason}`;
  const f = s.failures[0];
  return f
    ? `${id}: failed: ${s.failureCount} point(s) out of tolerance; first at t=${f.time} ${f.variable}: expected ${f.expected}, computed ${f.computed}, allowed ${f.allowed}`
    : `${id}: failed`;
}

export async function sbmlTestCommand(ctx: CliContext, casesDir: string, args: string[], flags: SbmlTestFlags): Promise<number> {
  const errs = new FlagErrors();
  let concurrency = 1;
  if (flags.concurrency !== undefined) {
    const s = flags.concurrency.trim();
    if (!/^\+?\d+$/.test(s) || !(Number(s) >= 1) || Number(s) > 1024) {
      errs.add('--concurrency', `must be an integer from 1 to 1024, got '${flags.concurrency}'`, 'give the number of cases simulated at once, e.g. --concurrency 4');
    } else concurrency = Number(s);
  }
  const filterTags = parseListFlag(flags.filter);
  if (filterTags !== undefined && filterTags.length === 0) errs.add('--filter', 'no tag given', 'write e.g. --filter EventWithDelay,AssignmentRule');

  if (flags.all) {
    if (args.length > 0) errs.add('--all', `takes no <case-id>/<out-dir> arguments, got '${args.join(' ')}'`, 'write exosim sbml-test <cases-dir> --all --out <out-dir>');
    if (flags.out === undefined) errs.add('--out', 'is required with --all', 'write e.g. --out results/sbml');
  } else {
    for (const [flag, v] of [
      ['--out', flags.out],
      ['--filter', flags.filter],
      ['--report', flags.report],
      ['--concurrency', flags.concurrency],
    ] as const) {
      if (v !== undefined) errs.add(flag, 'only applies with --all', 'for one case write exosim sbml-test <cases-dir> <case-id> <out-dir>');
    }
    if (args.length < 2) {
      errs.add('sbml-test', 'expected <case-id> <out-dir> after <cases-dir> (or --all --out <out-dir>)', 'write e.g. exosim sbml-test cases/semantic 00001 out');
    } else if (args.length !== 2 && args.length !== 4) {
      errs.add('sbml-test', `expected <cases-dir> <case-id> <out-dir> [<level> <version>], got ${args.length + 1} arguments`, 'the level and version come together, e.g. 00001 out 3 2');
    }
    const id = args[0];
    if (id !== undefined && !/^\d{5}$/.test(id)) errs.add('<case-id>', `expected a five-digit case id, got '${id}'`, 'write e.g. 00001');
    for (const [name, v] of [
      ['<level>', args[2]],
      ['<version>', args[3]],
    ] as const) {
      if (v !== undefined && !/^\d+$/.test(v)) errs.add(name, `expected a positive integer, got '${v}'`, 'write e.g. 3 2 for SBML Level 3 Version 2');
    }
  }
  if (flags.report !== undefined && !/\.(md|markdown)$/i.test(flags.report)) errs.add('--report', `report file '${flags.report}' must end in .md`, 'write e.g. --report report.md');
  errs.throwIfAny();

  const dir = resolvePath(ctx, casesDir);
  if (!isDir(dir)) {
    throw new ExosimError([diag('E_SBML_CASE_NOT_FOUND', `cases directory '${casesDir}' does not exist or is not a directory`, { hint: 'give the folder holding the NNNNN/ case folders (e.g. cases/semantic)' })]);
  }
  const simulate = await loadSuiteSimulator(flags.simulator ?? 'exosim');
  return flags.all
    ? runAll(ctx, dir, simulate, { ...flags, out: flags.out! }, concurrency, filterTags)
    : runOne(ctx, dir, casesDir, args, simulate, flags);
}

async function runOne(ctx: CliContext, dir: string, casesDir: string, args: string[], simulate: SimulateCase, flags: SbmlTestFlags): Promise<number> {
  const id = args[0]!;
  const outDir = args[1]!;
  if (!isDir(join(dir, id))) {
    throw new ExosimError([diag('E_SBML_CASE_NOT_FOUND', `case '${id}' not found: no folder '${join(casesDir, id)}'`, { hint: 'check the case id and <cases-dir>' })]);
  }
  const ref = caseRef(dir, id);
  let sbmlPath = ref.sbmlPath;
  if (args[2] !== undefined && args[3] !== undefined) {
    const p = join(ref.dir, `${id}-sbml-l${Number(args[2])}v${Number(args[3])}.xml`);
    if (!existsSync(p)) {
      throw new ExosimError([
        diag('E_SBML_CASE_NOT_FOUND', `case ${id} has no SBML Level ${args[2]} Version ${args[3]} file`, {
          hint: `available: ${ref.available.map(([l, v]) => `l${l}v${v}`).join(', ') || 'none'}`,
        }),
      ]);
    }
    sbmlPath = p;
  }
  if (!sbmlPath) throw new ExosimError([diag('E_SBML_CASE_NOT_FOUND', `case ${id} has no ${id}-sbml-lXvY.xml file`, { hint: 'check the case folder' })]);

  let settings: SuiteSettings;
  try {
    settings = readCaseSettings({ settingsPath: join(ref.dir, `${id}-settings.txt`) });
  } catch (e) {
    caseFileError(e, `cannot read the settings of case ${id}`);
  }
  // Import errors and solver failures propagate as ExosimError / SolverError: exit 2 with their diagnostics.
  const table = checkTable(await simulate(ref.dir, id, settings, sbmlPath), id);
  const outFile = join(resolvePath(ctx, outDir), `${id}.csv`);
  await writeFileAtomic(outFile, formatSuiteCsv(table));

  let score: CaseScore | undefined;
  if (flags.score === true) {
    let expected: NumericTable;
    try {
      expected = readCaseResults({ resultsPath: join(ref.dir, `${id}-results.csv`) }, settings);
    } catch (e) {
      caseFileError(e, `cannot read the expected results of case ${id}`);
    }
    score = scoreCase(expected, table, settings);
  }
  const csvPath = join(outDir, `${id}.csv`);
  if (flags.json) {
    const out: Record<string, unknown> = { id, sbml: sbmlPath, csv: csvPath, rows: table.rows.length };
    if (score) out['score'] = { ...score, status: score.pass ? 'passed' : 'failed' };
    ctx.stdout.write(JSON.stringify(out, jsonNumber, 2) + '\n');
  } else {
    ctx.stderr.write(`${id}: wrote ${csvPath} (${table.rows.length} rows)\n`);
    if (score) ctx.stderr.write(scoreLine(id, score) + '\n');
  }
  return EXIT_OK;
}

/** JSON has no NaN/Infinity: write them as strings. */
function jsonNumber(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

async function runAll(
  ctx: CliContext,
  dir: string,
  inner: SimulateCase,
  flags: SbmlTestFlags & { out: string },
  concurrency: number,
  filterTags: string[] | undefined,
): Promise<number> {
  const outDir = resolvePath(ctx, flags.out);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw new ExosimError([diag('E_FILE_WRITE', `cannot create directory '${flags.out}': ${e instanceof Error ? e.message : String(e)}`, { hint: 'choose a writable --out directory' })]);
  }
  const filter = (info: CaseInfo): boolean =>
    isTimeCourse(info, { supportedPackages: EXOSIM_SUPPORTED_PACKAGES }) && (!filterTags || filterTags.some((t) => info.testTags.includes(t) || info.componentTags.includes(t)));
  // Every simulated table is written before it is scored; a write failure makes the case `errored`.
  const simulate: SimulateCase = async (caseDir, id, settings, sbmlPath) => {
    const t = checkTable(await inner(caseDir, id, settings, sbmlPath), id);
    await writeFileAtomic(join(outDir, `${id}.csv`), formatSuiteCsv(t));
    return t;
  };
  const score = flags.score ?? true;
  const summary = score ? await runSuite(dir, simulate, { filter, concurrency }) : await runUnscored(dir, simulate, filter, concurrency);

  const title = `SBML Test Suite (semantic) results${flags.simulator && flags.simulator !== 'exosim' ? ` — simulator: ${flags.simulator}` : ''}`;
  const md = score ? formatSummary(summary, { title }) : formatUnscored(summary);
  if (flags.report !== undefined) await writeFileAtomic(resolvePath(ctx, flags.report), md + '\n');
  if (flags.json) {
    const { results, ...rest } = summary;
    const out = {
      scored: score,
      ...rest,
      results: results.map((r) => ({
        id: r.id,
        status: r.status,
        ...(r.reason !== undefined ? { reason: r.reason } : {}),
        ...(r.info ? { testTags: r.info.testTags, componentTags: r.info.componentTags } : {}),
        ...(r.score ? { maxViolation: r.score.maxViolation, failureCount: r.score.failureCount } : {}),
      })),
    };
    ctx.stdout.write(JSON.stringify(out, jsonNumber, 2) + '\n');
  } else {
    ctx.stdout.write(md + '\n');
  }
  ctx.stderr.write(
    score
      ? `sbml-test: ${summary.run} case(s) run: ${summary.passed} passed, ${summary.failed} failed, ${summary.errored} errored; CSVs in ${flags.out}\n`
      : `sbml-test: ${summary.run} case(s) run: ${summary.run - summary.errored} simulated, ${summary.errored} errored (not scored); CSVs in ${flags.out}\n`,
  );
  return EXIT_OK;
}

/**
 * --no-score: simulate and write the selected cases without reading their expected results. Cases that ran
 * count as `passed` in the returned summary (formatUnscored calls them "simulated"); failures are `errored`.
 */
async function runUnscored(dir: string, simulate: SimulateCase, filter: (info: CaseInfo) => boolean, concurrency: number): Promise<SuiteSummary> {
  const summary: SuiteSummary = {
    total: 0,
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
  const todo: { id: string; info?: CaseInfo }[] = [];
  for (const ref of listCases(dir)) {
    summary.total++;
    let info: CaseInfo | undefined;
    try {
      info = caseInfo(dir, ref.id);
    } catch {
      todo.push({ id: ref.id });
      continue;
    }
    if (isTimeCourse(info)) summary.timeCourse++;
    if (filter(info)) todo.push({ id: ref.id, info });
  }
  const results: SuiteSummary['results'] = new Array(todo.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const k = next++;
      const t = todo[k]!;
      try {
        const info = t.info ?? caseInfo(dir, t.id);
        if (!info.sbmlPath) throw new Error('no NNNNN-sbml-lXvY.xml file in the case folder');
        await simulate(info.dir, t.id, readCaseSettings(info), info.sbmlPath);
        results[k] = { id: t.id, status: 'passed', info };
      } catch (e) {
        const reason = e instanceof ExosimError ? e.diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ') : e instanceof Error ? e.message : String(e);
        results[k] = { id: t.id, status: 'errored', reason, ...(t.info ? { info: t.info } : {}) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, todo.length)) }, worker));
  for (const r of results) {
    summary.run++;
    summary[r.status]++;
    if (r.status !== 'passed') summary.failures.push({ id: r.id, status: 'errored', reason: r.reason ?? 'errored' });
  }
  summary.results = results;
  return summary;
}

function formatUnscored(s: SuiteSummary): string {
  const lines = [
    '## SBML Test Suite (semantic): simulated, not scored',
    '',
    '| cases found | time courses | run | simulated | errored |',
    '|---:|---:|---:|---:|---:|',
    `| ${s.total} | ${s.timeCourse} | ${s.run} | ${s.passed} | ${s.errored} |`,
    '',
  ];
  if (s.failures.length) {
    lines.push('### Errors', '', '| case | reason |', '|---|---|');
    for (const f of s.failures) lines.push(`| ${f.id} | ${f.reason.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}
