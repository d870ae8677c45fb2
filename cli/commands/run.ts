/**
 * `exosim run <model>`: compile, simulate, write results (CSV/JSON + run record) and an optional plot.
 * Every file is written atomically after the run; a failed run leaves existing output files untouched.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { diag, ExosimError, type Diagnostic } from '../../src/diagnostics.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { formatCsv } from '../../src/io/csv.js';
import { formatResultJson } from '../../src/io/json.js';
import { formatRunRecord, resultFormatFromPath, runRecordPath } from '../../src/io/run-record.js';
import type { SimulationResult } from '../../src/results.js';
import { simulate, type SimulateOptions } from '../../src/simulate.js';
import { SolverError } from '../../src/solvers/types.js';
import { hasStochasticSolver, listStochasticSolvers, getStochasticSolver } from '../../src/solvers/stochastic/registry.js';
import { ensembleTable, isEnsembleStat, simulateEnsemble, trajectoryTable, type EnsembleResult, type EnsembleStat } from '../../src/ensemble.js';
import { createProgress } from '../progress.js';
import type { RunWorkerData, RunWorkerMessage } from './run-worker.js';
import {
  type CliContext,
  type Compiled,
  EXIT_CANCELLED,
  EXIT_OK,
  FlagErrors,
  loadCompiledModel,
  parseListFlag,
  parseNumberFlag,
  parsePositiveIntegerFlag,
  parseSetFlags,
  parseSettingFlags,
  printDiagnostics,
  resolvePath,
} from './shared.js';

export interface RunFlags {
  tStart?: string;
  tEnd?: string;
  steps?: string;
  solver?: string;
  rtol?: string;
  atol?: string;
  seed?: string;
  set?: string[];
  setting?: string[];
  out?: string;
  plot?: string;
  species?: string;
  plotSpecies?: string;
  logY?: boolean;
  title?: string;
  quiet?: boolean;
  interpret?: boolean;
  /** Stochastic solvers only (runStochastic). */
  replicates?: string;
  threads?: string;
  stats?: string;
  trajectories?: string;
}

/** Keep only the selected columns of a result (for --species). */
function selectColumns(result: SimulationResult, ids: string[] | undefined): SimulationResult {
  if (!ids) return result;
  const idx = ids.map((id) => result.columns.findIndex((c) => c.id === id));
  return {
    ...result,
    columns: idx.map((k) => result.columns[k]!),
    values: idx.map((k) => result.values[k]!),
  };
}

/** Where simulate runs: a worker thread when the compiled worker script exists (built CLI), else in-process. */
function workerScript(): string | undefined {
  const url = new URL('./run-worker.js', import.meta.url);
  if (url.protocol !== 'file:') return undefined;
  const p = fileURLToPath(url);
  return existsSync(p) ? p : undefined;
}

interface Simulation {
  result: SimulationResult;
}

/**
 * Ctrl-C handling for one run. The first SIGINT sets a shared cancel flag (polled by the solver through
 * `shouldCancel`, also from the worker thread via Atomics) so that the partial result is still written; a second
 * SIGINT aborts the run without writing anything. Installed at the start of the command, so an interrupt during
 * model loading cancels the run at its first step.
 */
class Interrupt {
  readonly buffer = new SharedArrayBuffer(4);
  private readonly flag = new Int32Array(this.buffer);
  interrupted = false;
  /** Called on the second interrupt (set while a worker runs). */
  onAbort: (() => void) | undefined;
  private readonly listener = (): void => this.handle();

  constructor(private readonly ctx: CliContext) {
    if (ctx.handleSignals) process.on('SIGINT', this.listener);
  }

  get cancelled(): boolean {
    return Atomics.load(this.flag, 0) !== 0;
  }

  handle(): void {
    if (!this.interrupted) {
      this.interrupted = true;
      Atomics.store(this.flag, 0, 1);
      this.ctx.stderr.write('\nexosim: interrupted; stopping the run and writing the partial result (Ctrl-C again to abort)\n');
    } else {
      this.onAbort?.();
    }
  }

  dispose(): void {
    if (this.ctx.handleSignals) process.removeListener('SIGINT', this.listener);
  }
}

function runInWorker(script: string, m: Compiled, options: Record<string, unknown>, interrupt: Interrupt, onProgress: (f: number) => void, interpret: boolean): Promise<Simulation> {
  const data: RunWorkerData = { text: m.text, file: m.file, path: m.path, format: m.format, options, cancel: interrupt.buffer, ...(interpret ? { codegen: 'interpret' as const } : {}) };
  return new Promise<Simulation>((resolvePromise, reject) => {
    const worker = new Worker(script, { workerData: data });
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      interrupt.onAbort = undefined;
      f();
    };
    interrupt.onAbort = () => {
      settle(() => reject(new ExosimError([diag('E_INTERRUPTED', 'run aborted by a second interrupt; nothing was written', { hint: 'press Ctrl-C once to stop a run and keep its partial result' })])));
      void worker.terminate();
    };
    worker.on('message', (msg: RunWorkerMessage) => {
      switch (msg.type) {
        case 'progress':
          onProgress(msg.fraction);
          break;
        case 'result':
          settle(() => resolvePromise({ result: msg.result }));
          void worker.terminate();
          break;
        case 'exosim-error':
          settle(() => reject(new ExosimError(msg.diagnostics, msg.message)));
          break;
        case 'solver-error':
          settle(() => reject(new SolverError(msg.code, msg.message, msg.t, msg.hint)));
          break;
        case 'internal-error': {
          const err = new Error(msg.message);
          err.stack = msg.stack;
          settle(() => reject(err));
          break;
        }
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`simulation worker exited with code ${code} before finishing`))));
  });
}

export async function runCommand(ctx: CliContext, model: string, flags: RunFlags): Promise<number> {
  const interrupt = new Interrupt(ctx);
  try {
    return await runWith(ctx, model, flags, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function runWith(ctx: CliContext, model: string, flags: RunFlags, interrupt: Interrupt): Promise<number> {
  if (flags.solver !== undefined && hasStochasticSolver(flags.solver)) return runStochastic(ctx, model, flags, interrupt);
  // 1. Flags: collect every problem before touching the model.
  const errs = new FlagErrors();
  for (const [flag, v] of [
    ['--replicates', flags.replicates],
    ['--threads', flags.threads],
    ['--stats', flags.stats],
    ['--trajectories', flags.trajectories],
  ] as const) {
    if (v !== undefined) {
      errs.add(flag, `only for stochastic solvers, and the solver is ${flags.solver === undefined ? 'the default ODE solver' : `'${flags.solver}'`}`, `add --solver with a stochastic solver (${listStochasticSolvers().map((d) => d.id).join(', ')}), or drop ${flag}`);
    }
  }
  const tStart = parseNumberFlag(errs, '--t-start', flags.tStart);
  const tEnd = parseNumberFlag(errs, '--t-end', flags.tEnd);
  const steps = parsePositiveIntegerFlag(errs, '--steps', flags.steps);
  const rtol = parseNumberFlag(errs, '--rtol', flags.rtol, { positive: true });
  const atol = parseNumberFlag(errs, '--atol', flags.atol, { positive: true });
  const seed = parseNumberFlag(errs, '--seed', flags.seed);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) errs.add('--seed', `must be a non-negative integer, got '${flags.seed}'`, 'give a whole number, e.g. --seed 42');
  const overrides = parseSetFlags(errs, flags.set ?? []);
  const settings = parseSettingFlags(errs, flags.setting ?? []);
  const species = parseListFlag(flags.species);
  const plotSpecies = parseListFlag(flags.plotSpecies);
  if (flags.out !== undefined && !resultFormatFromPath(flags.out)) {
    errs.add('--out', `output file '${flags.out}' must end in .csv or .json`, 'use e.g. --out results.csv or --out results.json');
  }
  const plotFormat = flags.plot === undefined ? undefined : flags.plot.toLowerCase().endsWith('.svg') ? 'svg' : flags.plot.toLowerCase().endsWith('.png') ? 'png' : undefined;
  if (flags.plot !== undefined && !plotFormat) {
    errs.add('--plot', `plot file '${flags.plot}' must end in .svg or .png`, 'use e.g. --plot results.svg or --plot results.png');
  }
  if (species && species.length === 0) errs.add('--species', 'empty list', 'give output ids separated by commas, e.g. --species A,B');
  if (plotSpecies && plotSpecies.length === 0) errs.add('--plot-species', 'empty list', 'give output ids separated by commas, e.g. --plot-species A,B');
  if (plotSpecies && flags.plot === undefined) errs.add('--plot-species', 'given without --plot', 'add --plot file.svg (or .png), or drop --plot-species');
  errs.throwIfAny();

  // 2. Model.
  // Compiled once here. When the built CLI runs the simulation in a worker thread, the worker compiles the
  // model for real (kernels cannot cross threads) and this copy only serves the checks below, so it skips the
  // analytic Jacobian; in-process runs compile with the back end asked for (--interpret).
  const script = workerScript();
  const m = await loadCompiledModel(ctx, model, script ? { jacobian: false } : flags.interpret ? { codegen: 'interpret' } : {});
  const warnings = m.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length && !flags.quiet) printDiagnostics(ctx, warnings);
  const compiled = m.compiled;

  // 3. Checks that need the model. (The model holds no protocol: end time and output grid come from the flags;
  // scenarios, which pair a model with a protocol, arrive with issue 5.)
  const problems: Diagnostic[] = [];
  const solver = flags.solver;
  if (tEnd === undefined) {
    problems.push(
      diag('E_FLAG', `--t-end: required (the end time of the simulation)`, {
        file: m.file,
        hint: `give the end time in the model's time unit (${compiled.flat.units.time.text}), e.g. --t-end 100`,
      }),
    );
  }
  for (const [flag, list, ids] of [
    ['--species', species, compiled.outputs.map((c) => c.id)],
    ['--plot-species', plotSpecies, species ?? compiled.outputs.map((c) => c.id)],
  ] as const) {
    if (!list) continue;
    const unknown = list.filter((s) => !ids.includes(s));
    if (unknown.length) {
      problems.push(
        diag('E_FLAG', `${flag}: ${unknown.map((u) => `'${u}'`).join(', ')} ${unknown.length > 1 ? 'are not output columns' : 'is not an output column'} of model '${compiled.flat.id}'${flag === '--plot-species' && species ? ' kept by --species' : ''}`, {
          hint: `choose among: ${ids.join(', ')}`,
        }),
      );
    }
  }
  if (problems.length) throw new ExosimError(problems);

  // 4. Simulate (in a worker thread when built, so that Ctrl-C and the progress bar work during the run).
  const options: Record<string, unknown> = {
    tEnd: tEnd as number,
    modelText: m.text,
    modelFile: m.file,
    exosimVersion: ctx.version,
    overrides,
  };
  if (tStart !== undefined) options['tStart'] = tStart;
  if (steps !== undefined) options['steps'] = steps;
  if (solver !== undefined) options['solver'] = solver;
  if (rtol !== undefined) options['rtol'] = rtol;
  if (atol !== undefined) options['atol'] = atol;
  if (seed !== undefined) options['seed'] = seed;
  if (Object.keys(settings).length) options['settings'] = settings;

  const progress = createProgress(ctx.stderr, { enabled: ctx.isTTY && !flags.quiet, label: 'exosim run' });
  const t0 = performance.now();
  let sim: Simulation;
  try {
    if (script) {
      sim = await runInWorker(script, m, options, interrupt, (f) => progress.update(f), flags.interpret === true);
    } else {
      const result = simulate(compiled, {
        ...(options as unknown as SimulateOptions),
        onProgress: (f: number) => progress.update(f),
        shouldCancel: () => interrupt.cancelled,
      });
      sim = { result };
    }
  } catch (e) {
    // A solver failure is a problem of this model and these settings: name the model file.
    if (e instanceof SolverError) {
      const where = /\bt = /.test(e.message) ? '' : ` (at t = ${e.t})`;
      throw new ExosimError([diag(e.code, `${e.message}${where}`, { file: m.file, hint: e.hint })]);
    }
    throw e;
  } finally {
    progress.stop();
  }
  const wallMs = performance.now() - t0;

  // 5. Render everything in memory first, then write atomically.
  const result = selectColumns(sim.result, species);
  const files: { path: string; data: string | Uint8Array; label: string }[] = [];
  let plotBytes: string | Uint8Array | undefined;
  if (flags.plot !== undefined) {
    // Loaded only when plotting: vega, vega-lite and resvg take a while to import.
    const { plotTimeCourse, svgToPng } = await import('../../src/plot/index.js');
    const svg = await plotTimeCourse(result, {
      title: flags.title ?? compiled.flat.name ?? compiled.flat.id,
      ...(plotSpecies ? { species: plotSpecies } : {}),
      ...(flags.logY !== undefined ? { logY: flags.logY } : {}),
    });
    plotBytes = plotFormat === 'png' ? svgToPng(svg) : svg;
  }
  let recordShownPath: string | undefined;
  if (flags.out !== undefined) {
    const text = resultFormatFromPath(flags.out) === 'json' ? formatResultJson(result) : formatCsv(result);
    files.push({ path: flags.out, data: text, label: 'results' });
    files.push({ path: runRecordPath(flags.out), data: formatRunRecord(result.record), label: 'record' });
    recordShownPath = runRecordPath(flags.out);
  }
  if (flags.plot !== undefined && plotBytes !== undefined) {
    files.push({ path: flags.plot, data: plotBytes, label: 'plot' });
    if (recordShownPath === undefined) {
      files.push({ path: runRecordPath(flags.plot), data: formatRunRecord(result.record), label: 'record' });
    }
  }
  for (const f of files) await writeFileAtomic(resolvePath(ctx, f.path), f.data);
  if (flags.out === undefined) ctx.stdout.write(formatCsv(result));

  // 6. Summary on stderr.
  const status = result.record.status;
  if (!flags.quiet || status === 'cancelled') {
    const written = files.map((f) => `${f.label} ${f.path}`).join(', ');
    const st = result.record.stats;
    ctx.stderr.write(
      `exosim: ${status === 'done' ? 'done' : status}: ${result.time.length} output points, t = ${shortNumber(result.record.tStart)}..${shortNumber(
        result.time.length ? result.time[result.time.length - 1]! : result.record.tStart,
      )} ${result.timeUnit}; ${st.steps} steps (${st.rejectedSteps} rejected) with ${result.record.solver.id} in ${(wallMs / 1000).toFixed(3)} s` +
        (written ? `; wrote ${written}` : '') +
        '\n',
    );
  }
  return status === 'cancelled' || interrupt.interrupted ? EXIT_CANCELLED : EXIT_OK;
}

/** A time for the summary line: plain up to 1e6, otherwise exponent notation (1e+11 rather than 100000000000). */
function shortNumber(x: number): string {
  return Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential().replace(/\.?0+e/, 'e') : String(x);
}

// ----------------------------------------------------------------------------------------------------------
// Stochastic solvers: ensembles of replicates (src/ensemble.ts)
// ----------------------------------------------------------------------------------------------------------

/** A count flag (>= 1, integer) with its own hint. */
function parseCountFlag(errs: FlagErrors, flag: string, value: string | undefined, hint: string): number | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  if (!/^\+?\d+$/.test(s) || !(Number(s) >= 1) || !Number.isSafeInteger(Number(s))) {
    errs.add(flag, `must be an integer >= 1, got '${value}'`, hint);
    return undefined;
  }
  return Number(s);
}

/** `--trajectories`: one long CSV (`replicate,time,<outputs>`) when the path ends in .csv, else a directory of
 * `replicate-<r>.csv` files (time,<outputs>), r zero-padded. */
function trajectoryFiles(result: EnsembleResult, path: string): { path: string; data: string; label: string }[] {
  const trajs = result.trajectories ?? [];
  if (path.toLowerCase().endsWith('.csv')) {
    const nC = result.columns.length;
    const lines = [['replicate', 'time', ...result.columns.map((c) => c.id)].join(',')];
    for (const t of trajs) {
      for (let i = 0; i < result.time.length; i++) {
        const row = [String(t.replicate), String(result.time[i])];
        for (let k = 0; k < nC; k++) row.push(String(t.values[i * nC + k]));
        lines.push(row.join(','));
      }
    }
    return [{ path, data: lines.join('\n') + '\n', label: 'trajectories' }];
  }
  const width = String(Math.max(0, result.replicates - 1)).length;
  return trajs.map((t) => ({ path: join(path, `replicate-${String(t.replicate).padStart(width, '0')}.csv`), data: formatCsv(trajectoryTable(result, t)), label: 'trajectory' }));
}

/**
 * `exosim run --solver <stochastic id>`: an ensemble of replicates. Without --replicates and --stats, one
 * replicate is written as its trajectory (time,<outputs>); otherwise the statistics table
 * time,<X>-<stat>,... (for each output X, its statistics in the order of --stats; default mean,sd).
 */
async function runStochastic(ctx: CliContext, model: string, flags: RunFlags, interrupt: Interrupt): Promise<number> {
  const solver = getStochasticSolver(flags.solver!);
  const errs = new FlagErrors();
  const tStart = parseNumberFlag(errs, '--t-start', flags.tStart);
  const tEnd = parseNumberFlag(errs, '--t-end', flags.tEnd);
  const steps = parsePositiveIntegerFlag(errs, '--steps', flags.steps);
  for (const [flag, v] of [
    ['--rtol', flags.rtol],
    ['--atol', flags.atol],
  ] as const) {
    if (v !== undefined) errs.add(flag, `does not apply to the stochastic solver '${solver.id}'`, `drop ${flag}; stochastic engines take --setting name=value (see 'exosim solvers')`);
  }
  const seed = parseNumberFlag(errs, '--seed', flags.seed);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) errs.add('--seed', `must be a non-negative integer, got '${flags.seed}'`, 'give a whole number, e.g. --seed 42');
  const replicates = parseCountFlag(errs, '--replicates', flags.replicates, 'give the number of replicates, e.g. --replicates 1000');
  const threads = parseCountFlag(errs, '--threads', flags.threads, 'give the number of worker threads, e.g. --threads 2 (default: all cores)');
  let stats: EnsembleStat[] | undefined;
  if (flags.stats !== undefined) {
    const list = parseListFlag(flags.stats) ?? [];
    const unknown = list.filter((s) => !isEnsembleStat(s));
    if (list.length === 0) errs.add('--stats', 'empty list', 'give statistics separated by commas, e.g. --stats mean,sd,q05,q95');
    else if (unknown.length) errs.add('--stats', `unknown ${unknown.length > 1 ? 'statistics' : 'statistic'} ${unknown.map((u) => `'${u}'`).join(', ')}`, 'choose among mean, sd, min, max and quantiles q<digits> (q05 = 5 %, q50 = median, q975 = 97.5 %)');
    else if (new Set(list).size !== list.length) errs.add('--stats', `a statistic is listed twice in '${flags.stats}'`, 'give each statistic once');
    else stats = list as EnsembleStat[];
  }
  if (flags.trajectories !== undefined && flags.trajectories.trim() === '') errs.add('--trajectories', 'empty path', 'give a file.csv (one long table) or a directory (one CSV per replicate)');
  const overrides = parseSetFlags(errs, flags.set ?? []);
  const settings = parseSettingFlags(errs, flags.setting ?? []);
  const species = parseListFlag(flags.species);
  const plotSpecies = parseListFlag(flags.plotSpecies);
  if (flags.out !== undefined && !resultFormatFromPath(flags.out)) {
    errs.add('--out', `output file '${flags.out}' must end in .csv or .json`, 'use e.g. --out results.csv or --out results.json');
  }
  const plotFormat = flags.plot === undefined ? undefined : flags.plot.toLowerCase().endsWith('.svg') ? 'svg' : flags.plot.toLowerCase().endsWith('.png') ? 'png' : undefined;
  if (flags.plot !== undefined && !plotFormat) errs.add('--plot', `plot file '${flags.plot}' must end in .svg or .png`, 'use e.g. --plot results.svg or --plot results.png');
  if (species && species.length === 0) errs.add('--species', 'empty list', 'give output ids separated by commas, e.g. --species A,B');
  if (plotSpecies && plotSpecies.length === 0) errs.add('--plot-species', 'empty list', 'give output ids separated by commas, e.g. --plot-species A,B');
  if (plotSpecies && flags.plot === undefined) errs.add('--plot-species', 'given without --plot', 'add --plot file.svg (or .png), or drop --plot-species');
  errs.throwIfAny();

  const m = await loadCompiledModel(ctx, model, { jacobian: false, ...(flags.interpret ? { codegen: 'interpret' as const } : {}) });
  const warnings = m.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length && !flags.quiet) printDiagnostics(ctx, warnings);
  const compiled = m.compiled;
  const problems: Diagnostic[] = [];
  if (tEnd === undefined) {
    problems.push(diag('E_FLAG', `--t-end: required (the end time of the simulation)`, { file: m.file, hint: `give the end time in the model's time unit (${compiled.flat.units.time.text}), e.g. --t-end 100` }));
  }
  const outputIds = compiled.outputs.map((c) => c.id);
  for (const [flag, list, ids] of [
    ['--species', species, outputIds],
    ['--plot-species', plotSpecies, species ?? outputIds],
  ] as const) {
    const unknown = (list ?? []).filter((s) => !ids.includes(s));
    if (unknown.length) {
      problems.push(diag('E_FLAG', `${flag}: ${unknown.map((u) => `'${u}'`).join(', ')} ${unknown.length > 1 ? 'are not output columns' : 'is not an output column'} of model '${compiled.flat.id}'`, { hint: `choose among: ${ids.join(', ')}` }));
    }
  }
  if (problems.length) throw new ExosimError(problems);

  const single = replicates === undefined && stats === undefined;
  const progress = createProgress(ctx.stderr, { enabled: ctx.isTTY && !flags.quiet, label: `exosim run (${solver.id})` });
  const abort = new AbortController();
  interrupt.onAbort = () => abort.abort();
  const t0 = performance.now();
  let result: EnsembleResult;
  try {
    result = await simulateEnsemble(compiled, {
      tEnd: tEnd as number,
      ...(tStart !== undefined ? { tStart } : {}),
      ...(steps !== undefined ? { steps } : {}),
      solver: solver.id,
      replicates: replicates ?? 1,
      ...(seed !== undefined ? { seed } : {}),
      ...(threads !== undefined ? { threads } : {}),
      stats: stats ?? ['mean', 'sd'],
      keepTrajectories: single || flags.trajectories !== undefined,
      overrides,
      settings,
      onProgress: (f) => progress.update(f),
      shouldCancel: () => interrupt.cancelled,
      cancelBuffer: interrupt.buffer,
      signal: abort.signal,
      source: { text: m.text, format: m.format, file: m.file, path: m.path, ...(flags.interpret ? { codegen: 'interpret' as const } : {}) },
      modelText: m.text,
      modelFile: m.file,
      exosimVersion: ctx.version,
    });
  } catch (e) {
    if (e instanceof SolverError) {
      const where = /\bt = /.test(e.message) ? '' : ` (at t = ${e.t})`;
      throw new ExosimError([diag(e.code, `${e.message}${where}`, { file: m.file, hint: e.hint })]);
    }
    throw e;
  } finally {
    interrupt.onAbort = undefined;
    progress.stop();
  }
  const wallMs = performance.now() - t0;

  // Tables: the single trajectory, or the statistics; --species keeps the chosen outputs.
  let table: SimulationResult;
  if (single) {
    const t = result.trajectories?.[0];
    table = t ? trajectoryTable(result, t) : { ...trajectoryTable(result, { replicate: 0, values: new Float64Array(0) }), time: new Float64Array(0), values: result.columns.map(() => new Float64Array(0)) };
    table = selectColumns(table, species);
  } else {
    const full = ensembleTable(result);
    // Columns in --species order (else model order), each with its statistics in --stats order.
    const order = species ?? result.columns.map((c) => c.id);
    const keep = order.flatMap((id) => result.series.map((s, k) => (s.column === id ? k : -1)).filter((k) => k >= 0));
    table = { ...full, columns: keep.map((k) => full.columns[k]!), values: keep.map((k) => full.values[k]!) };
  }
  const files: { path: string; data: string | Uint8Array; label: string }[] = [];
  if (flags.plot !== undefined) {
    const { plotTimeCourse, svgToPng, ensembleSpec, ensembleBand, renderVegaLiteSvg } = await import('../../src/plot/index.js');
    const title = flags.title ?? `${compiled.flat.name ?? compiled.flat.id} (${solver.id}, ${result.replicatesDone} replicate${result.replicatesDone === 1 ? '' : 's'})`;
    let svg: string;
    if (!single && ensembleBand(result.stats)) {
      // mean as a line, mean +- SD (or the widest quantile range) as a band
      const cols = plotSpecies ?? species;
      svg = await renderVegaLiteSvg(ensembleSpec(result, { title, ...(cols ? { columns: cols } : {}) }));
    } else {
      const plotIds = plotSpecies === undefined ? undefined : single ? plotSpecies : plotSpecies.flatMap((id) => result.stats.map((s) => `${id}-${s}`));
      svg = await plotTimeCourse(table, { title, ...(plotIds ? { species: plotIds } : {}), ...(flags.logY !== undefined ? { logY: flags.logY } : {}) });
    }
    files.push({ path: flags.plot, data: plotFormat === 'png' ? svgToPng(svg) : svg, label: 'plot' });
    if (flags.out === undefined) files.push({ path: runRecordPath(flags.plot), data: formatRunRecord(result.record), label: 'record' });
  }
  if (flags.out !== undefined) {
    files.push({ path: flags.out, data: resultFormatFromPath(flags.out) === 'json' ? formatResultJson(table) : formatCsv(table), label: 'results' });
    files.push({ path: runRecordPath(flags.out), data: formatRunRecord(result.record), label: 'record' });
  }
  if (flags.trajectories !== undefined) files.push(...trajectoryFiles(result, flags.trajectories));
  for (const f of files) await writeFileAtomic(resolvePath(ctx, f.path), f.data);
  if (flags.out === undefined) ctx.stdout.write(formatCsv(table));

  if (!flags.quiet || result.status === 'cancelled') {
    const shown = files.filter((f) => f.label !== 'trajectory');
    const nTraj = files.length - shown.length;
    const written = [...shown.map((f) => `${f.label} ${f.path}`), ...(nTraj ? [`${nTraj} trajectories in ${flags.trajectories}`] : [])].join(', ');
    const e = result.record.ensemble;
    ctx.stderr.write(
      `exosim: ${result.status}: ${result.replicatesDone} of ${result.replicates} replicates with ${solver.id} (seed ${e.seed}, ${e.threads} thread${e.threads === 1 ? '' : 's'}) in ${(wallMs / 1000).toFixed(3)} s; ` +
        `${result.time.length} output points, t = ${shortNumber(result.record.tStart)}..${shortNumber(result.record.tEnd)} ${result.timeUnit}; ${result.firings} firings` +
        (written ? `; wrote ${written}` : '') +
        '\n',
    );
  }
  return result.status === 'cancelled' || interrupt.interrupted ? EXIT_CANCELLED : EXIT_OK;
}
