/**
 * `exosim dsmts <cases-dir> [<case-id>] [--all]`: the Discrete Stochastic Models Test Suite (Evans, Gillespie &
 * Wilkinson 2008, Bioinformatics 24:285, doi:10.1093/bioinformatics/btm566) as the SBML Test Suite ships it
 * (`cases/stochastic/NNNNN/`: NNNNN-sbml-l3v2.xml, NNNNN-settings.txt, NNNNN-results.csv).
 *
 * Each case runs n replicates (default 10,000) with a stochastic solver (default ssa-direct) over the settings'
 * grid (start, duration, steps) and is tested, per output variable X and output time t, against the expected
 * mean mu_t and SD sigma_t of the results file (DSMTS user guide, section "Testing procedure"):
 *   Z_t = sqrt(n) (Xbar_t - mu_t) / sigma_t   must lie in meanRange (open interval, (-3, 3) for every case);
 *   Y_t = sqrt(n/2) (S_t^2 / sigma_t^2 - 1)   must lie in sdRange ((-5, 5)), S_t^2 the sample variance (n - 1).
 * Where sigma_t = 0 (e.g. t = 0) the statistics are undefined; the guide says to check the estimates are (very)
 * close: we require |Xbar_t - mu_t| <= 1e-9 max(1, |mu_t|) (mean test) and S_t <= 1e-9 max(1, |mu_t|) (SD
 * test); a miss there is an "exact" failure, never excused by chance. Where mu_t = 0 but sigma_t > 0 the tests
 * are the usual Z and Y.
 *
 * Verdict (exit 0 = pass, 1 = fail), over all cases run:
 * - no exact failure;
 * - mean failures <= A_mean = max(3, ceil(E + 3 sqrt(V))), E = sum p, V = sum p (1 - p) over the mean tests run,
 *   p = P(|Z| >= 3) = 0.0027 for a correct simulator (Z ~ N(0, 1) by the CLT): the expected count plus three
 *   standard deviations of the (Poisson-)binomial count, floored at the authors' "2 or 3 failed mean tests over
 *   the suite are unsurprising";
 * - SD failures, case 00003 excepted (the guide: its distribution is so skewed that the SD test is expected to
 *   fail at large t), <= A_sd = max(6, ceil(E + 3 sqrt(V))) with per-test p_t = P(|Y| >= 5) under
 *   Y ~ N(0, 1 + kappa_t / 2), kappa_t the excess kurtosis of X at t estimated from the replicates (the
 *   asymptotic law of the sample variance: n Var(S^2) -> sigma^4 (2 + kappa)); floored at the authors' "5 or 6".
 *   Failures are reported with their times: failures that repeat at the same times point to a real bug.
 * - approximate solvers (descriptor.exact false: tau-leaping, hybrid) are judged by the guide's accuracy band
 *   instead: the ratios Xbar_t / mu_t and S_t / sigma_t (where mu_t, sigma_t > 0) are reported (min, max); the
 *   run fails when a ratio is outside [0.98, 1.02] AND the matching Z or Y test fails there too (a bias both
 *   larger than 2 % and statistically detectable at this n). Z/Y failures are still counted and printed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag, ExosimError, hasErrors } from '../../src/diagnostics.js';
import { simulateEnsemble, type EnsembleResult } from '../../src/ensemble.js';
import { externalReaderFor } from '../../src/io/sbml-external.js';
import { compileModelText } from '../../src/pipeline.js';
import { buildParameters } from '../../src/simulate.js';
import { readResultsCsv } from '../../src/sbml/suite/files.js';
import { getStochasticSolver, hasStochasticSolver, listStochasticSolvers } from '../../src/solvers/stochastic/registry.js';
import { SolverError } from '../../src/solvers/types.js';
import { createProgress } from '../progress.js';
import { type CliContext, EXIT_CANCELLED, EXIT_OK, FlagErrors, parseNumberFlag, resolvePath } from './shared.js';

export interface DsmtsFlags {
  all?: boolean;
  solver?: string;
  replicates?: string;
  seed?: string;
  threads?: string;
  json?: boolean;
  quiet?: boolean;
}

export const EXIT_DSMTS_FAIL = 1;
/** P(|Z| >= 3) for Z ~ N(0, 1). */
const P_MEAN = 0.0026997960632601866;
/** Cases whose SD failures are expected (user guide) and not counted against the verdict. */
const SD_EXCEPTED = new Set(['00003']);
const RATIO_BAND = 0.02;

interface DsmtsSettings {
  start: number;
  duration: number;
  steps: number;
  /** Variables with a mean test and with an SD test (from `output: X-mean, X-sd, ...`). */
  meanVars: string[];
  sdVars: string[];
  meanRange: [number, number];
  sdRange: [number, number];
}

/** Parse NNNNN-settings.txt (key: value lines). */
export function parseDsmtsSettings(text: string, file: string): DsmtsSettings {
  const kv = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s*:(.*)$/.exec(line);
    if (m) kv.set(m[1]!, m[2]!.trim());
  }
  const problems = [];
  const num = (k: string): number => {
    const v = Number(kv.get(k) ?? 'x');
    if (!Number.isFinite(v)) problems.push(diag('E_DSMTS_CASE', `settings key '${k}' is missing or not a number`, { file, hint: 'a DSMTS settings file has start, duration, steps, output, meanRange and sdRange' }));
    return v;
  };
  const range = (k: string): [number, number] => {
    const m = /^\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)$/.exec(kv.get(k) ?? '');
    if (!m) {
      problems.push(diag('E_DSMTS_CASE', `settings key '${k}' is missing or not of the form (lo, hi)`, { file, hint: 'e.g. meanRange: (-3, 3)' }));
      return [NaN, NaN];
    }
    return [Number(m[1]), Number(m[2])];
  };
  const output = (kv.get('output') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const meanVars = output.filter((o) => o.endsWith('-mean')).map((o) => o.slice(0, -5));
  const sdVars = output.filter((o) => o.endsWith('-sd')).map((o) => o.slice(0, -3));
  if (meanVars.length + sdVars.length === 0) problems.push(diag('E_DSMTS_CASE', "settings key 'output' lists no X-mean or X-sd column", { file, hint: 'e.g. output: X-mean, X-sd' }));
  const s: DsmtsSettings = { start: num('start'), duration: num('duration'), steps: num('steps'), meanVars, sdVars, meanRange: range('meanRange'), sdRange: range('sdRange') };
  if (problems.length) throw new ExosimError(problems);
  return s;
}

/** Standard normal upper tail Q(x) = erfc(x / sqrt 2) / 2: the Maclaurin series of erf for z = x/sqrt 2 < 2, the
 * continued fraction of erfc (Abramowitz & Stegun 7.1.14) evaluated backwards from 60 terms beyond. */
export function normalTail(x: number): number {
  if (x < 0) return 1 - normalTail(-x);
  const z = x / Math.SQRT2;
  if (z < 2) {
    // erf series: erf z = 2/sqrt(pi) sum (-1)^k z^(2k+1) / (k! (2k+1))
    let sum = 0;
    let term = z;
    for (let k = 0; k < 60; k++) {
      sum += term / (2 * k + 1);
      term *= (-z * z) / (k + 1);
    }
    return 0.5 * (1 - (2 / Math.sqrt(Math.PI)) * sum);
  }
  // erfc z = exp(-z^2)/sqrt(pi) * 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...)))) (continued fraction, evaluated backwards)
  let f = z;
  for (let k = 60; k >= 1; k--) f = z + k / 2 / f;
  return (0.5 * Math.exp(-z * z)) / Math.sqrt(Math.PI) / f;
}

interface VarReport {
  variable: string;
  meanTests: number;
  sdTests: number;
  meanFailures: number[];
  sdFailures: number[];
  exactFailures: { t: number; test: 'mean' | 'sd'; estimate: number; expected: number }[];
  maxAbsZ: number;
  maxAbsY: number;
  /** Sum of the per-test chance failure probabilities (mean, SD). */
  expectedMean: number;
  varMean: number;
  expectedSd: number;
  varSd: number;
  meanRatio: [number, number] | null;
  sdRatio: [number, number] | null;
  /** Times where a ratio is outside the band and the matching test fails (approximate solvers' verdict). */
  biased: number[];
}

interface CaseReport {
  case: string;
  replicates: number;
  replicatesDone: number;
  seconds: number;
  firings: number;
  status: 'done' | 'cancelled';
  variables: VarReport[];
  sdExcepted: boolean;
}

function listCases(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d{5}$/.test(e.name) && existsSync(join(dir, e.name, `${e.name}-settings.txt`)))
    .map((e) => e.name)
    .sort();
}

function readCaseFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ExosimError([diag('E_FILE_NOT_FOUND', `cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`, { file: path, hint: 'give the folder holding the NNNNN/ DSMTS case folders (e.g. cases/stochastic of the SBML Test Suite)' })]);
  }
}

/** Score one variable of one case. `values[r][i]`: replicate r's X at time i (kept trajectories). */
function scoreVariable(
  variable: string,
  res: EnsembleResult,
  colIndex: number,
  scale: number,
  expected: { mean: number[] | undefined; sd: number[] },
  s: DsmtsSettings,
  wantMean: boolean,
  wantSd: boolean,
): VarReport {
  const nT = res.time.length;
  const nC = res.columns.length;
  const rep: VarReport = {
    variable,
    meanTests: 0,
    sdTests: 0,
    meanFailures: [],
    sdFailures: [],
    exactFailures: [],
    maxAbsZ: 0,
    maxAbsY: 0,
    expectedMean: 0,
    varMean: 0,
    expectedSd: 0,
    varSd: 0,
    meanRatio: null,
    sdRatio: null,
    biased: [],
  };
  const trajs = res.trajectories ?? [];
  for (let i = 0; i < nT; i++) {
    const t = res.time[i]!;
    // Moments over the replicates, two-pass (mean, then central moments M2 and M4), in the expected units.
    let n = 0;
    let sum = 0;
    for (const tr of trajs) {
      const v = tr.values[i * nC + colIndex]!;
      if (Number.isNaN(v)) continue;
      n++;
      sum += v * scale;
    }
    if (n < 2) continue;
    const xbar = sum / n;
    let m2 = 0;
    let m4 = 0;
    for (const tr of trajs) {
      const v = tr.values[i * nC + colIndex]!;
      if (Number.isNaN(v)) continue;
      const d = v * scale - xbar;
      m2 += d * d;
      m4 += d * d * d * d;
    }
    const s2 = m2 / (n - 1);
    const sd = Math.sqrt(s2);
    const mu = expected.mean?.[i] ?? NaN;
    const sigma = expected.sd[i]!;
    const tol = 1e-9 * Math.max(1, Math.abs(Number.isFinite(mu) ? mu : xbar));
    if (sigma === 0) {
      if (wantMean && Number.isFinite(mu) && !(Math.abs(xbar - mu) <= tol)) rep.exactFailures.push({ t, test: 'mean', estimate: xbar, expected: mu });
      if (wantSd && !(sd <= tol)) rep.exactFailures.push({ t, test: 'sd', estimate: sd, expected: 0 });
      continue;
    }
    // Excess kurtosis kappa = m4 / m2^2 - 3 (population moments from the sample), for the SD test's chance rate.
    const kappa = m2 > 0 ? (n * m4) / (m2 * m2) - 3 : 0;
    if (wantMean && Number.isFinite(mu)) {
      const z = (Math.sqrt(n) * (xbar - mu)) / sigma;
      rep.meanTests++;
      rep.expectedMean += P_MEAN;
      rep.varMean += P_MEAN * (1 - P_MEAN);
      rep.maxAbsZ = Math.max(rep.maxAbsZ, Math.abs(z));
      const fail = !(z > s.meanRange[0] && z < s.meanRange[1]);
      if (fail) rep.meanFailures.push(t);
      if (mu > 0) {
        const r = xbar / mu;
        rep.meanRatio = rep.meanRatio ? [Math.min(rep.meanRatio[0], r), Math.max(rep.meanRatio[1], r)] : [r, r];
        if (fail && Math.abs(r - 1) > RATIO_BAND) rep.biased.push(t);
      }
    }
    if (wantSd) {
      const y = Math.sqrt(n / 2) * (s2 / (sigma * sigma) - 1);
      rep.sdTests++;
      const half = Math.min(-s.sdRange[0], s.sdRange[1]);
      const p = 2 * normalTail(half / Math.sqrt(Math.max(1e-12, 1 + kappa / 2)));
      rep.expectedSd += p;
      rep.varSd += p * (1 - p);
      rep.maxAbsY = Math.max(rep.maxAbsY, Math.abs(y));
      const fail = !(y > s.sdRange[0] && y < s.sdRange[1]);
      if (fail) rep.sdFailures.push(t);
      const r = sd / sigma;
      rep.sdRatio = rep.sdRatio ? [Math.min(rep.sdRatio[0], r), Math.max(rep.sdRatio[1], r)] : [r, r];
      if (fail && Math.abs(r - 1) > RATIO_BAND && !rep.biased.includes(t)) rep.biased.push(t);
    }
  }
  return rep;
}

function fmt(x: number, d = 3): string {
  return Number.isFinite(x) ? x.toFixed(d) : String(x);
}

function timesText(ts: number[]): string {
  if (!ts.length) return '';
  const shown = ts.slice(0, 8).map((t) => String(t));
  return ` (t = ${shown.join(',')}${ts.length > 8 ? ',...' : ''})`;
}

export async function dsmtsCommand(ctx: CliContext, casesDir: string, caseId: string | undefined, flags: DsmtsFlags): Promise<number> {
  const errs = new FlagErrors();
  if (flags.all && caseId !== undefined) errs.add('--all', `given with the case id '${caseId}'`, 'run one case (exosim dsmts <dir> 00001) or all of them (exosim dsmts <dir> --all)');
  if (!flags.all && caseId === undefined) errs.add('<case-id>', 'missing', 'name a case (e.g. 00001) or add --all');
  if (caseId !== undefined && !/^\d{1,5}$/.test(caseId)) errs.add('<case-id>', `'${caseId}' is not a case number`, 'give a case number such as 00001 or 31');
  const solverId = flags.solver ?? 'ssa-direct';
  if (!hasStochasticSolver(solverId)) errs.add('--solver', `'${solverId}' is not a stochastic solver`, `choose among: ${listStochasticSolvers().map((d) => d.id).join(', ')}`);
  const count = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\+?\d+$/.test(v.trim()) || !(Number(v) >= 1) || !Number.isSafeInteger(Number(v))) {
      errs.add(flag, `must be an integer >= 1, got '${v}'`, `e.g. ${flag} ${flag === '--threads' ? 2 : 10000}`);
      return undefined;
    }
    return Number(v);
  };
  const replicates = count('--replicates', flags.replicates) ?? 10000;
  const threads = count('--threads', flags.threads);
  const seed = parseNumberFlag(errs, '--seed', flags.seed);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) errs.add('--seed', `must be a non-negative integer, got '${flags.seed}'`, 'give a whole number, e.g. --seed 42');
  errs.throwIfAny();
  const solver = getStochasticSolver(solverId);

  const dir = resolvePath(ctx, casesDir);
  if (!existsSync(dir)) throw new ExosimError([diag('E_FILE_NOT_FOUND', `cases directory '${casesDir}' does not exist`, { hint: 'give the folder holding the NNNNN/ DSMTS case folders' })]);
  const ids = flags.all ? listCases(dir) : [caseId!.padStart(5, '0')];
  if (ids.length === 0) throw new ExosimError([diag('E_FILE_NOT_FOUND', `no DSMTS case folders (NNNNN/ with NNNNN-settings.txt) in '${casesDir}'`, { hint: 'give the folder holding the case folders, e.g. cases/stochastic' })]);

  // Ctrl-C: stop the current case, keep what is done, print the partial tables, exit 130.
  const cancelBuffer = new SharedArrayBuffer(4);
  const cancelFlag = new Int32Array(cancelBuffer);
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    Atomics.store(cancelFlag, 0, 1);
    ctx.stderr.write('\nexosim: interrupted; reporting the replicates finished so far\n');
  };
  if (ctx.handleSignals) process.on('SIGINT', onSigint);
  const reports: CaseReport[] = [];
  try {
    for (const id of ids) {
      if (interrupted) break;
      const cdir = join(dir, id);
      const settingsPath = join(cdir, `${id}-settings.txt`);
      const settings = parseDsmtsSettings(readCaseFile(settingsPath), settingsPath);
      const modelPath = [join(cdir, `${id}-sbml-l3v2.xml`), join(cdir, `${id}-sbml-l3v1.xml`)].find((p) => existsSync(p)) ?? join(cdir, `${id}-sbml-l3v2.xml`);
      const text = readCaseFile(modelPath);
      const resultsPath = join(cdir, `${id}-results.csv`);
      const table = readResultsCsv(readCaseFile(resultsPath), resultsPath);
      const out = compileModelText(text, { file: modelPath, format: 'sbml', jacobian: false, readExternal: externalReaderFor(modelPath) });
      if (!out.compiled || hasErrors(out.diagnostics)) throw new ExosimError(out.diagnostics.filter((d) => d.severity === 'error'));
      const compiled = out.compiled;
      const progress = createProgress(ctx.stderr, { enabled: ctx.isTTY && !flags.quiet && !flags.json, label: `dsmts ${id}` });
      const t0 = performance.now();
      let res: EnsembleResult;
      try {
        res = await simulateEnsemble(compiled, {
          tStart: settings.start,
          tEnd: settings.start + settings.duration,
          steps: settings.steps,
          solver: solver.id,
          replicates,
          ...(seed !== undefined ? { seed } : {}),
          ...(threads !== undefined ? { threads } : {}),
          stats: ['mean', 'sd'],
          keepTrajectories: true,
          cancelBuffer,
          onProgress: (f) => progress.update(f),
          source: { text, format: 'sbml', file: modelPath, path: modelPath },
          modelText: text,
          modelFile: modelPath,
          exosimVersion: ctx.version,
        });
      } catch (e) {
        if (e instanceof SolverError) throw new ExosimError([diag(e.code, `case ${id}: ${e.message} (at t = ${e.t})`, { file: modelPath, hint: e.hint })]);
        throw e;
      } finally {
        progress.stop();
      }
      // Expected columns; variables are amounts: a species output in concentration is scaled by its
      // (constant) compartment size (DSMTS cases have constant compartments).
      const { p } = buildParameters(compiled);
      compiled.initialState(p, settings.start);
      const layout = compiled.parameterIds.length;
      const variables = [...new Set([...settings.meanVars, ...settings.sdVars])];
      const vreps: VarReport[] = [];
      for (const v of variables) {
        const k = res.columns.findIndex((c) => c.id === v);
        if (k < 0) throw new ExosimError([diag('E_DSMTS_CASE', `case ${id}: variable '${v}' is not an output column of the model`, { file: modelPath, hint: `output columns: ${res.columns.map((c) => c.id).join(', ')}` })]);
        const sp = compiled.flat.species.find((x) => x.id === v);
        let scale = 1;
        if (sp && sp.unit.dims[1] === -3) {
          const j = compiled.flat.compartments.findIndex((c) => c.id === sp.compartment);
          scale = p[layout + j]!;
        }
        const col = (name: string): number[] | undefined => {
          const c = table.header.indexOf(name);
          return c < 0 ? undefined : table.rows.map((r) => r[c]!);
        };
        const mean = col(`${v}-mean`);
        const sd = col(`${v}-sd`);
        if (!sd || (settings.meanVars.includes(v) && !mean) || table.rows.length !== res.time.length) {
          throw new ExosimError([diag('E_DSMTS_CASE', `case ${id}: ${resultsPath} lacks ${v}-mean/${v}-sd or has ${table.rows.length} rows for ${res.time.length} output times`, { file: resultsPath, hint: 'the results file has time, X-mean..., X-sd... with steps + 1 rows' })]);
        }
        vreps.push(scoreVariable(v, res, k, scale, { mean, sd }, settings, settings.meanVars.includes(v), settings.sdVars.includes(v)));
      }
      reports.push({ case: id, replicates, replicatesDone: res.replicatesDone, seconds: (performance.now() - t0) / 1000, firings: res.firings, status: res.status, variables: vreps, sdExcepted: SD_EXCEPTED.has(id) });
      if (!flags.json && !flags.quiet) printCase(ctx, reports[reports.length - 1]!, solver.exact);
    }
  } finally {
    if (ctx.handleSignals) process.removeListener('SIGINT', onSigint);
  }

  // Totals and verdict.
  const all = reports.flatMap((r) => r.variables.map((v) => ({ r, v })));
  const sum = (f: (x: { r: CaseReport; v: VarReport }) => number): number => all.reduce((s, x) => s + f(x), 0);
  const meanFailures = sum((x) => x.v.meanFailures.length);
  const sdFailuresAll = sum((x) => x.v.sdFailures.length);
  const sdCounted = all.filter((x) => !x.r.sdExcepted);
  const sdFailures = sdCounted.reduce((s, x) => s + x.v.sdFailures.length, 0);
  const exactFailures = sum((x) => x.v.exactFailures.length);
  const eMean = sum((x) => x.v.expectedMean);
  const vMean = sum((x) => x.v.varMean);
  const eSd = sdCounted.reduce((s, x) => s + x.v.expectedSd, 0);
  const vSd = sdCounted.reduce((s, x) => s + x.v.varSd, 0);
  const allowMean = Math.max(3, Math.ceil(eMean + 3 * Math.sqrt(vMean)));
  const allowSd = Math.max(6, Math.ceil(eSd + 3 * Math.sqrt(vSd)));
  const biased = sum((x) => x.v.biased.length);
  const pass = exactFailures === 0 && (solver.exact ? meanFailures <= allowMean && sdFailures <= allowSd : biased === 0);
  const totals = {
    solver: solver.id,
    exact: solver.exact,
    replicates,
    seed: seed ?? 0,
    cases: reports.length,
    meanTests: sum((x) => x.v.meanTests),
    sdTests: sum((x) => x.v.sdTests),
    meanFailures,
    sdFailures: sdFailuresAll,
    sdFailuresCounted: sdFailures,
    exactFailures,
    expectedMeanFailures: eMean,
    expectedSdFailures: eSd,
    allowedMeanFailures: allowMean,
    allowedSdFailures: allowSd,
    ratioFailures: biased,
    pass,
    interrupted,
  };
  if (flags.json) ctx.stdout.write(JSON.stringify({ totals, cases: reports }, null, 2) + '\n');
  else {
    ctx.stdout.write(
      `\ntotal: ${reports.length} case${reports.length === 1 ? '' : 's'}, ${replicates} replicates, ${solver.id}${solver.exact ? '' : ' (approximate)'}: ` +
        `mean failures ${meanFailures} of ${totals.meanTests} (expected ${fmt(eMean, 2)}, allowed ${allowMean}); ` +
        `SD failures ${sdFailuresAll} of ${totals.sdTests}${sdFailuresAll !== sdFailures ? `, ${sdFailures} counted (00003 excepted)` : ''} (expected ${fmt(eSd, 2)}, allowed ${allowSd}); ` +
        `exact-value failures ${exactFailures}` +
        (solver.exact ? '' : `; ratio failures (outside [${1 - RATIO_BAND}, ${1 + RATIO_BAND}] and significant) ${biased}`) +
        ` -> ${pass ? 'PASS' : 'FAIL'}${interrupted ? ' (interrupted: partial)' : ''}\n`,
    );
  }
  if (interrupted) return EXIT_CANCELLED;
  return pass ? EXIT_OK : EXIT_DSMTS_FAIL;
}

function printCase(ctx: CliContext, r: CaseReport, exact: boolean): void {
  const head = `case ${r.case}: ${r.replicatesDone}${r.status === 'cancelled' ? ` of ${r.replicates}` : ''} replicates, ${r.firings} firings, ${r.seconds.toFixed(2)} s${r.sdExcepted ? ' (SD failures excepted)' : ''}`;
  const lines = [head];
  for (const v of r.variables) {
    let line =
      `  ${v.variable.padEnd(6)} mean fails ${String(v.meanFailures.length).padStart(2)}/${v.meanTests}${timesText(v.meanFailures)}  max|Z| ${fmt(v.maxAbsZ, 2)}` +
      `   SD fails ${String(v.sdFailures.length).padStart(2)}/${v.sdTests}${timesText(v.sdFailures)}  max|Y| ${fmt(v.maxAbsY, 2)}`;
    if (v.exactFailures.length) line += `   exact-value fails ${v.exactFailures.length}${timesText(v.exactFailures.map((e) => e.t))}`;
    if (!exact) {
      line += `   mean ratio ${v.meanRatio ? `${fmt(v.meanRatio[0], 4)}..${fmt(v.meanRatio[1], 4)}` : '-'}   SD ratio ${v.sdRatio ? `${fmt(v.sdRatio[0], 4)}..${fmt(v.sdRatio[1], 4)}` : '-'}`;
    }
    lines.push(line);
  }
  ctx.stdout.write(lines.join('\n') + '\n');
}
