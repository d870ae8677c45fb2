/**
 * `exosim run <model>`: compile, simulate, write results (CSV/JSON + run record) and an optional plot.
 * Every file is written atomically after the run; a failed run leaves existing output files untouched.
 */
import { existsSync } from 'node:fs';
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
  // 1. Flags: collect every problem before touching the model.
  const errs = new FlagErrors();
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
