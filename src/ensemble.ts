/**
 * Stochastic ensembles: N replicates of a stochastic engine over worker threads, with streaming statistics per
 * output time and output column (mean, SD, min, max, quantiles), optional trajectories and a run record.
 *
 * Reproducibility (DESIGN.md, "Randomness and reproducibility"): replicate r draws from
 * replicateStream(seed, r) (rng.ts), whatever thread runs it. Replicates are cut into fixed chunks
 * [c * chunkSize, (c + 1) * chunkSize) whose size depends only on N (never on the number of threads); workers
 * take the next chunk when free; each chunk is summarised in replicate order (Welford) and the summaries are
 * merged in chunk order (Chan et al.), so the statistics are bit-identical for 1, 2 or 64 threads.
 *
 * Statistics, for output column X at output time t_i over the n_i replicates that reached t_i:
 * - mean and variance: Welford's update inside a chunk (Welford 1962, Technometrics 4:419; Knuth TAOCP 2,
 *   4.2.2), then the pairwise merge of Chan, Golub & LeVeque (1979/1983, "Algorithms for computing the sample
 *   variance", Am. Stat. 37:242): n = na + nb, d = mean_b - mean_a, mean = mean_a + d nb / n,
 *   M2 = M2a + M2b + d^2 na nb / n. `sd` is the sample SD sqrt(M2 / (n - 1)) (NaN when n < 2), as the DSMTS
 *   S_t uses.
 * - min, max: exact.
 * - quantiles q<pp>: exact, from the kept values of every replicate at that time (memory N x times x columns
 *   doubles; no P-square approximation), by linear interpolation between order statistics (Hyndman & Fan 1996
 *   type 7, the default of R and NumPy): h = (n - 1) p, Q = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h)).
 *
 * Threads: node:worker_threads directly (no pool library): each worker compiles the model once, then runs
 * chunks as the main thread deals them; cancellation is a shared Int32 flag read with Atomics by the engines'
 * shouldCancel, progress a shared counter of finished replicates. Without a model source (or without the
 * compiled worker script, e.g. when running from TypeScript sources) the chunks run in this thread, with the
 * same chunking (same numbers), yielding to the event loop between chunks.
 *
 * Cancellation: the replicates finished when the cancel arrives (whole replicates only; an interrupted
 * replicate is dropped) form a valid partial ensemble; the result says how many and which ranges.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompiledModel, OutputColumn } from './compile/types.js';
import type { FlatModel } from './model/types.js';
import { diag, ExosimError } from './diagnostics.js';
import type { RunRecord, SimulationResult } from './results.js';
import { buildParameters, buildRunRecord } from './simulate.js';
import { resolveStochasticSettings } from './solvers/stochastic/common.js';
import { replicateEventSeed, replicateStream } from './solvers/stochastic/rng.js';
import type { ReactionSystem, StochasticSolverDescriptor } from './solvers/stochastic/types.js';
import { emptyStats, SolverError } from './solvers/types.js';
import { getStochasticSolver, hasStochasticSolver, listStochasticSolvers } from './solvers/stochastic/registry.js';

/** A statistic per output time and column: mean, sample SD, min, max, or a quantile `q<digits>` (q05 = 5 %). */
export type EnsembleStat = 'mean' | 'sd' | 'min' | 'max' | `q${string}`;

/** Where workers find the model (they compile it themselves: compiled kernels cannot cross threads). */
export interface EnsembleModelSource {
  text: string;
  format: 'yaml' | 'json' | 'sbml';
  /** File name for diagnostics. */
  file: string;
  /** Resolved path (SBML comp external model files are read relative to it). */
  path?: string;
  /** Compile with the interpreter back end (`--interpret`). */
  codegen?: 'js' | 'interpret';
}

export interface EnsembleOptions {
  /** Start time (model time unit, default 0). */
  tStart?: number;
  tEnd: number;
  /** N -> N + 1 equally spaced output times (default 100); or explicit `times`. */
  steps?: number;
  times?: number[];
  /** A stochastic solver id (listStochasticSolvers), or a descriptor object (a custom engine: runs in the
   * calling thread, since workers find engines by id in the registry). */
  solver: string | StochasticSolverDescriptor;
  /** Number of replicates (>= 1). */
  replicates: number;
  /** Seed (non-negative safe integer, default 0). */
  seed?: number;
  /** Worker threads (default os.availableParallelism()); never more than the number of chunks. */
  threads?: number;
  /** Statistics, in this order (default ['mean', 'sd']). */
  stats?: EnsembleStat[];
  /** Keep every replicate's output trajectory (memory: N x times x columns doubles). */
  keepTrajectories?: boolean;
  /** Parameter / initial value / compartment overrides in declared units (as simulate). */
  overrides?: Record<string, number>;
  /** Engine settings (validated against the solver's descriptor). */
  settings?: Record<string, unknown>;
  /** Called as replicates finish: fraction in [0, 1] and replicates finished so far. */
  onProgress?: (fraction: number, replicatesDone: number) => void;
  /** Polled (every ~50 ms with workers; between replicates in-process); true stops the run with a partial result. */
  shouldCancel?: () => boolean;
  /** A shared Int32 cancel flag (non-zero = cancel), read directly by the workers (the CLI's Ctrl-C flag). */
  cancelBuffer?: SharedArrayBuffer;
  /** Abort: stop at once, terminate the workers and reject with E_INTERRUPTED (no partial result). */
  signal?: AbortSignal;
  /** The model for worker threads; without it the ensemble runs in the calling thread. */
  source?: EnsembleModelSource;
  /** Compiled worker script (default: ensemble-worker.js beside this module, when this module is compiled JS). */
  workerScript?: string | URL;
  /** Run in the calling thread even when workers are possible. */
  inProcess?: boolean;
  /** Replicates per chunk (default: chooseChunkSize(N)); part of what the numbers depend on, recorded. */
  chunkSize?: number;
  /** Hashed into the run record (sha256). */
  modelText?: string;
  modelFile?: string;
  exosimVersion?: string;
}

/** What an ensemble adds to the run record. */
export interface EnsembleRecord {
  replicates: number;
  replicatesDone: number;
  /** Finished replicates as half-open index ranges [start, end), in order. */
  replicateRanges: [number, number][];
  seed: number;
  threads: number;
  chunkSize: number;
  stats: EnsembleStat[];
  rng: string;
  firings: number;
  steps: number;
  events: number;
}

export type EnsembleRunRecord = RunRecord & { ensemble: EnsembleRecord };

export interface EnsembleSeries {
  /** Output column id (model output). */
  column: string;
  stat: EnsembleStat;
  unit: string;
  values: Float64Array;
}

export interface EnsembleResult {
  time: Float64Array;
  timeUnit: string;
  /** The model's output columns. */
  columns: OutputColumn[];
  stats: EnsembleStat[];
  /** For each column (model order), its statistics in the order asked: series[k * stats.length + s]. */
  series: EnsembleSeries[];
  /** Replicates that reached each output time (fewer than replicatesDone after terminating events). */
  count: Float64Array;
  /** Per finished replicate (in replicate order): values[i * columns.length + k], NaN after a termination. */
  trajectories?: { replicate: number; values: Float64Array }[];
  replicates: number;
  replicatesDone: number;
  status: 'done' | 'cancelled';
  firings: number;
  steps: number;
  events: number;
  record: EnsembleRunRecord;
}

const RNG_NAME = 'xoshiro128** per replicate, seeded by SplitMix64(mix(seed) ^ mix(replicate)) (src/solvers/stochastic/rng.ts)';

function bad(message: string, hint: string, path: (string | number)[]): ExosimError {
  return new ExosimError([diag('E_BAD_OPTION', message, { hint, path })]);
}

// ----------------------------------------------------------------------------------------------------------
// Statistics names
// ----------------------------------------------------------------------------------------------------------

/** Probability of a quantile statistic: q05 -> 0.05, q5 -> 0.5, q975 -> 0.975; undefined for other names. */
export function quantileLevel(stat: string): number | undefined {
  const m = /^q(\d+)$/.exec(stat);
  if (!m) return undefined;
  return Number(`0.${m[1]}`);
}

/** True for mean, sd, min, max and q<digits>. */
export function isEnsembleStat(s: string): s is EnsembleStat {
  return s === 'mean' || s === 'sd' || s === 'min' || s === 'max' || quantileLevel(s) !== undefined;
}

/** Default chunk size: about 64 chunks, between 1 and 1,000 replicates each. Depends on N only. */
export function chooseChunkSize(replicates: number): number {
  return Math.max(1, Math.min(1000, Math.ceil(replicates / 64)));
}

// ----------------------------------------------------------------------------------------------------------
// Settings and output grid
// ----------------------------------------------------------------------------------------------------------

function outputGrid(o: { tStart?: number; tEnd: number; steps?: number; times?: number[] }): Float64Array {
  const tStart = o.tStart ?? 0;
  const tEnd = o.tEnd;
  if (typeof tStart !== 'number' || !Number.isFinite(tStart)) throw bad(`tStart = ${String(tStart)} is not a finite number.`, 'Use a finite start time.', ['tStart']);
  if (typeof tEnd !== 'number' || !Number.isFinite(tEnd) || !(tEnd > tStart)) {
    throw bad(`tEnd = ${String(tEnd)} must be a finite number greater than tStart = ${tStart}.`, 'Set tEnd after tStart.', ['tEnd']);
  }
  if (o.times !== undefined) {
    const ts = o.times;
    if (!Array.isArray(ts) || ts.length === 0) throw bad('times must be a non-empty array of numbers.', 'Give at least one output time.', ['times']);
    ts.forEach((t, i) => {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < tStart || t > tEnd) {
        throw bad(`times[${i}] = ${String(t)} is outside [tStart, tEnd] = [${tStart}, ${tEnd}].`, 'Output times must lie within the simulated interval.', ['times', i]);
      }
      if (i > 0 && !(t > ts[i - 1]!)) throw bad(`times must be strictly increasing; times[${i}] = ${t} follows ${ts[i - 1]}.`, 'Sort the times and remove duplicates.', ['times', i]);
    });
    return Float64Array.from(ts);
  }
  const steps = o.steps ?? 100;
  if (!Number.isInteger(steps) || steps < 1) throw bad(`steps = ${steps} must be an integer >= 1.`, 'Use e.g. steps: 100 (101 output rows).', ['steps']);
  const out = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) out[i] = tStart + ((tEnd - tStart) * i) / steps;
  out[steps] = tEnd;
  return out;
}

function lookupSolver(id: string | StochasticSolverDescriptor): StochasticSolverDescriptor {
  if (typeof id !== 'string') return id;
  if (!hasStochasticSolver(id)) {
    throw new ExosimError([
      diag('E_UNKNOWN_SOLVER', `Unknown stochastic solver '${id}'.`, {
        hint: `Stochastic solvers: ${listStochasticSolvers()
          .map((s) => s.id)
          .join(', ')}.`,
        path: ['solver'],
      }),
    ]);
  }
  return getStochasticSolver(id);
}

// ----------------------------------------------------------------------------------------------------------
// Running replicates and summarising chunks (shared by the worker and the in-process path)
// ----------------------------------------------------------------------------------------------------------

/** What a chunk of replicates sends back: Welford accumulators per (time i, column k) at i * nCols + k. */
export interface ChunkSummary {
  chunk: number;
  start: number;
  /** Replicates of the chunk finished: [start, start + done). */
  done: number;
  count: Float64Array;
  mean: Float64Array;
  m2: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** Outputs of every finished replicate (replicate-major: (r - start) * nT * nC + i * nC + k), when kept. */
  values?: Float64Array;
  firings: number;
  steps: number;
  events: number;
  cancelled: boolean;
}

/** The job a runner executes: everything but the model (plain data, sent to workers as is). */
export interface EnsembleJob {
  tStart: number;
  times: Float64Array;
  solver: string;
  settings: Record<string, unknown>;
  overrides: Record<string, number>;
  seed: number;
  keepValues: boolean;
}

/** Runs replicates of one compiled model (one per thread). */
export class ReplicateRunner {
  readonly system: ReactionSystem;
  readonly nCols: number;
  private readonly engine: StochasticSolverDescriptor;
  private readonly x0: Float64Array;
  private readonly out: Float64Array;

  constructor(
    compiled: CompiledModel,
    readonly job: EnsembleJob,
    engine?: StochasticSolverDescriptor,
  ) {
    this.engine = engine ?? lookupSolver(job.solver);
    if (!compiled.reactionSystem) {
      throw new ExosimError([
        diag('E_STOCHASTIC_UNSUPPORTED', `Model '${compiled.flat.id}' cannot be simulated stochastically (no reaction network).`, {
          hint: 'Use an ODE solver (ode-auto).',
        }),
      ]);
    }
    const { p } = buildParameters(compiled, job.overrides);
    this.system = compiled.reactionSystem(p);
    this.x0 = this.system.initialState(job.tStart);
    this.nCols = compiled.outputs.length;
    this.out = new Float64Array(this.nCols);
  }

  /** Run replicates [start, end) in order and summarise them; stops early (cancelled) when shouldCancel says so. */
  runChunk(chunk: number, start: number, end: number, shouldCancel: () => boolean, onReplicate?: () => void): ChunkSummary {
    const { times, tStart, seed } = this.job;
    const nT = times.length;
    const nC = this.nCols;
    const sys = this.system;
    const n = sys.n;
    const s: ChunkSummary = {
      chunk,
      start,
      done: 0,
      count: new Float64Array(nT),
      mean: new Float64Array(nT * nC),
      m2: new Float64Array(nT * nC),
      min: new Float64Array(nT * nC).fill(Infinity),
      max: new Float64Array(nT * nC).fill(-Infinity),
      firings: 0,
      steps: 0,
      events: 0,
      cancelled: false,
    };
    const values = this.job.keepValues ? new Float64Array((end - start) * nT * nC).fill(NaN) : undefined;
    const xi = new Float64Array(n);
    for (let r = start; r < end; r++) {
      if (shouldCancel()) {
        s.cancelled = true;
        break;
      }
      const x0 = Float64Array.from(this.x0);
      const events = sys.eventHooks(tStart, x0, replicateEventSeed(seed, r));
      const res = this.engine.run(sys, {
        t0: tStart,
        outputTimes: times,
        x0,
        rng: replicateStream(seed, r),
        ...(events ? { events } : {}),
        settings: this.job.settings,
        shouldCancel,
      });
      if (res.status === 'cancelled') {
        s.cancelled = true;
        break;
      }
      s.firings += res.firings;
      s.steps += res.steps;
      s.events += res.events;
      const base = (r - start) * nT * nC;
      for (let i = 0; i < res.reached; i++) {
        for (let j = 0; j < n; j++) xi[j] = res.states[i * n + j]!;
        sys.outputs(times[i]!, xi, this.out);
        // Welford (1962): n <- n + 1; d = x - mean; mean += d / n; M2 += d (x - mean)
        const c = ++s.count[i]!;
        for (let k = 0; k < nC; k++) {
          const v = this.out[k]!;
          const q = i * nC + k;
          const d = v - s.mean[q]!;
          const m = s.mean[q]! + d / c;
          s.mean[q] = m;
          s.m2[q] = s.m2[q]! + d * (v - m);
          if (v < s.min[q]!) s.min[q] = v;
          if (v > s.max[q]!) s.max[q] = v;
          if (values) values[base + q] = v;
        }
      }
      s.done++;
      onReplicate?.();
    }
    if (values) s.values = s.done === end - start ? values : values.slice(0, s.done * nT * nC);
    return s;
  }
}

/** Chan et al. (1983) merge of chunk b into the accumulator a (same layout). */
function mergeInto(a: ChunkSummary, b: ChunkSummary, nC: number): void {
  const nT = a.count.length;
  for (let i = 0; i < nT; i++) {
    const na = a.count[i]!;
    const nb = b.count[i]!;
    if (nb === 0) continue;
    const nn = na + nb;
    for (let k = 0; k < nC; k++) {
      const q = i * nC + k;
      if (na === 0) {
        a.mean[q] = b.mean[q]!;
        a.m2[q] = b.m2[q]!;
      } else {
        const d = b.mean[q]! - a.mean[q]!;
        a.mean[q] = a.mean[q]! + (d * nb) / nn;
        a.m2[q] = a.m2[q]! + b.m2[q]! + (d * d * na * nb) / nn;
      }
      if (b.min[q]! < a.min[q]!) a.min[q] = b.min[q]!;
      if (b.max[q]! > a.max[q]!) a.max[q] = b.max[q]!;
    }
    a.count[i] = nn;
  }
  a.firings += b.firings;
  a.steps += b.steps;
  a.events += b.events;
  a.done += b.done;
}

/** Quantile of sorted finite values, Hyndman & Fan type 7. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const xl = sorted[lo]!;
  return xl + (h - lo) * (sorted[hi]! - xl);
}

// ----------------------------------------------------------------------------------------------------------
// Workers
// ----------------------------------------------------------------------------------------------------------

export interface EnsembleWorkerData {
  source: EnsembleModelSource;
  /**
   * The flat model the calling thread compiled (plain data, structured-cloned): workers compile it directly, so they
   * never load the YAML/SBML readers (~0.2 s of start-up per worker). Without it they compile `source`.
   */
  flat?: FlatModel;
  job: EnsembleJob;
  cancel: SharedArrayBuffer;
  progress: SharedArrayBuffer;
}

export type EnsembleToWorker = { type: 'chunk'; chunk: number; start: number; end: number } | { type: 'stop' };

export type EnsembleFromWorker =
  | { type: 'ready' }
  | { type: 'summary'; summary: ChunkSummary }
  | { type: 'exosim-error'; diagnostics: ExosimError['diagnostics']; message: string }
  | { type: 'solver-error'; code: string; message: string; t: number; hint: string }
  | { type: 'internal-error'; message: string; stack: string };

function defaultWorkerScript(): URL | undefined {
  // From TypeScript sources (tsx, vitest) there is no compiled sibling: run in-process unless told otherwise.
  if (!import.meta.url.endsWith('.js') || !import.meta.url.startsWith('file:')) return undefined;
  return new URL('./ensemble-worker.js', import.meta.url);
}

function errorFrom(msg: EnsembleFromWorker): Error {
  switch (msg.type) {
    case 'exosim-error':
      return new ExosimError(msg.diagnostics, msg.message);
    case 'solver-error':
      return new SolverError(msg.code, msg.message, msg.t, msg.hint);
    case 'internal-error': {
      const e = new Error(msg.message);
      e.stack = msg.stack;
      return e;
    }
    default:
      return new Error(`unexpected message ${msg.type} from an ensemble worker`);
  }
}

function aborted(): ExosimError {
  return new ExosimError([diag('E_INTERRUPTED', 'ensemble run aborted; nothing was kept', { hint: 'cancel (shouldCancel, one Ctrl-C) instead of aborting to keep a partial result' })]);
}

interface Chunk {
  chunk: number;
  start: number;
  end: number;
}

/** Deal chunks to `threads` workers (next chunk to the first free worker); resolve with the summaries. */
function runInWorkers(
  script: string | URL,
  data: EnsembleWorkerData,
  chunks: Chunk[],
  threads: number,
  cancelFlag: Int32Array,
  poll: () => void,
  signal: AbortSignal | undefined,
): Promise<ChunkSummary[]> {
  return new Promise<ChunkSummary[]>((resolvePromise, reject) => {
    const summaries: ChunkSummary[] = [];
    const workers: Worker[] = [];
    let next = 0;
    let live = 0;
    let failed: Error | undefined;
    const timer = setInterval(poll, 50);
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      poll();
      for (const w of workers) void w.terminate();
      if (failed) reject(failed);
      else resolvePromise(summaries);
    };
    const dealTo = (w: Worker): boolean => {
      if (failed || Atomics.load(cancelFlag, 0) !== 0 || next >= chunks.length) return false;
      const c = chunks[next++]!;
      w.postMessage({ type: 'chunk', chunk: c.chunk, start: c.start, end: c.end } satisfies EnsembleToWorker);
      return true;
    };
    const retire = (w: Worker): void => {
      if ((w as Worker & { retired?: boolean }).retired) return;
      (w as Worker & { retired?: boolean }).retired = true;
      live--;
      w.postMessage({ type: 'stop' } satisfies EnsembleToWorker);
      if (live === 0) finish();
    };
    const fail = (w: Worker, e: Error): void => {
      if (!failed) {
        failed = e;
        Atomics.store(cancelFlag, 0, 1); // stop the others
      }
      retire(w);
    };
    signal?.addEventListener('abort', () => {
      if (failed) return;
      failed = aborted();
      Atomics.store(cancelFlag, 0, 1);
      live = 0;
      finish();
    });
    for (let t = 0; t < threads; t++) {
      const w = new Worker(script, { workerData: data });
      workers.push(w);
      live++;
      w.on('message', (msg: EnsembleFromWorker) => {
        if (msg.type === 'ready') {
          if (!dealTo(w)) retire(w);
        } else if (msg.type === 'summary') {
          summaries.push(msg.summary);
          if (!dealTo(w)) retire(w);
        } else fail(w, errorFrom(msg));
      });
      w.on('error', (e) => fail(w, e));
      w.on('exit', (code) => {
        if (!(w as Worker & { retired?: boolean }).retired) fail(w, new Error(`ensemble worker exited with code ${code} before finishing`));
      });
    }
  });
}

// ----------------------------------------------------------------------------------------------------------
// simulateEnsemble
// ----------------------------------------------------------------------------------------------------------

/**
 * Run `replicates` replicates of a stochastic solver and return statistics per output time and output column.
 * Throws ExosimError (E_BAD_OPTION, E_UNKNOWN_SOLVER, E_STOCHASTIC_UNSUPPORTED, ...) and SolverError.
 */
export async function simulateEnsemble(compiled: CompiledModel, opts: EnsembleOptions): Promise<EnsembleResult> {
  const wall0 = performance.now();
  const flat = compiled.flat;
  const times = outputGrid(opts);
  const tStart = opts.tStart ?? 0;
  const N = opts.replicates;
  if (!Number.isSafeInteger(N) || N < 1) throw bad(`replicates = ${String(N)} must be an integer >= 1.`, 'Use e.g. replicates: 1000.', ['replicates']);
  const seed = opts.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw bad(`seed = ${String(seed)} must be a non-negative integer.`, 'Use e.g. seed: 42.', ['seed']);
  const stats = opts.stats ?? ['mean', 'sd'];
  if (!Array.isArray(stats) || stats.length === 0) throw bad('stats must be a non-empty list.', "Use e.g. ['mean', 'sd'].", ['stats']);
  for (const [i, s] of stats.entries()) {
    if (!isEnsembleStat(s)) throw bad(`Unknown statistic '${String(s)}'.`, 'Statistics: mean, sd, min, max, q<digits> (q05 = 5 % quantile, q50 = median).', ['stats', i]);
  }
  if (new Set(stats).size !== stats.length) throw bad(`stats lists a statistic twice: ${stats.join(', ')}.`, 'Give each statistic once.', ['stats']);
  const threadsAsked = opts.threads ?? availableParallelism();
  if (!Number.isSafeInteger(threadsAsked) || threadsAsked < 1) throw bad(`threads = ${String(threadsAsked)} must be an integer >= 1.`, 'Use e.g. threads: 2.', ['threads']);
  const chunkSize = opts.chunkSize ?? chooseChunkSize(N);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw bad(`chunkSize = ${String(chunkSize)} must be an integer >= 1.`, 'Leave it out for the default.', ['chunkSize']);

  const solver = lookupSolver(opts.solver);
  const settings = resolveStochasticSettings(opts.settings, solver);
  const quantiles = stats.some((s) => quantileLevel(s) !== undefined);
  const job: EnsembleJob = { tStart, times, solver: solver.id, settings, overrides: { ...(opts.overrides ?? {}) }, seed, keepValues: quantiles || opts.keepTrajectories === true };
  // Built here too: checks the model and overrides before any worker starts, and gives the record its values.
  const runner = new ReplicateRunner(compiled, job, solver);
  const { p, overridden } = buildParameters(compiled, job.overrides);

  const chunks: Chunk[] = [];
  for (let c = 0, s = 0; s < N; c++, s += chunkSize) chunks.push({ chunk: c, start: s, end: Math.min(N, s + chunkSize) });
  const script = opts.inProcess || !opts.source || typeof opts.solver !== 'string' ? undefined : (opts.workerScript ?? defaultWorkerScript());
  const threads = script ? Math.min(threadsAsked, chunks.length) : 1;

  const cancelBuffer = opts.cancelBuffer ?? new SharedArrayBuffer(4);
  const cancelFlag = new Int32Array(cancelBuffer);
  const progressBuffer = new SharedArrayBuffer(4);
  const progressCount = new Int32Array(progressBuffer);
  let lastReported = -1;
  const poll = (): void => {
    if (opts.shouldCancel?.()) Atomics.store(cancelFlag, 0, 1);
    const done = Atomics.load(progressCount, 0);
    if (done !== lastReported) {
      lastReported = done;
      opts.onProgress?.(done / N, done);
    }
  };
  const cancelled = (): boolean => Atomics.load(cancelFlag, 0) !== 0 || (opts.shouldCancel?.() ?? false);

  let summaries: ChunkSummary[];
  if (script) {
    summaries = await runInWorkers(script, { source: opts.source!, flat: compiled.flat, job, cancel: cancelBuffer, progress: progressBuffer }, chunks, threads, cancelFlag, poll, opts.signal);
  } else {
    summaries = [];
    let last = performance.now();
    for (const c of chunks) {
      if (opts.signal?.aborted) throw aborted();
      if (cancelled()) break;
      const s = runner.runChunk(c.chunk, c.start, c.end, cancelled, () => {
        Atomics.add(progressCount, 0, 1);
        const now = performance.now();
        if (now - last > 100) {
          last = now;
          poll();
        }
      });
      summaries.push(s);
      poll();
      if (s.cancelled) break;
      if (opts.signal?.aborted) throw aborted();
      // Let timers and signal handlers run between chunks (Ctrl-C in a CLI running in-process).
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  // Merge in chunk order: the same arithmetic whatever the number of threads.
  summaries.sort((a, b) => a.chunk - b.chunk);
  const nT = times.length;
  const nC = runner.nCols;
  const acc: ChunkSummary = {
    chunk: -1,
    start: 0,
    done: 0,
    count: new Float64Array(nT),
    mean: new Float64Array(nT * nC),
    m2: new Float64Array(nT * nC),
    min: new Float64Array(nT * nC).fill(Infinity),
    max: new Float64Array(nT * nC).fill(-Infinity),
    firings: 0,
    steps: 0,
    events: 0,
    cancelled: false,
  };
  const ranges: [number, number][] = [];
  for (const s of summaries) {
    mergeInto(acc, s, nC);
    if (s.done === 0) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === s.start) last[1] = s.start + s.done;
    else ranges.push([s.start, s.start + s.done]);
  }
  const done = acc.done;
  const status: 'done' | 'cancelled' = done === N ? 'done' : 'cancelled';

  // Statistics series.
  const series: EnsembleSeries[] = [];
  let sortedAt: ((i: number, k: number) => Float64Array) | undefined;
  if (quantiles) {
    sortedAt = (i, k) => {
      const vals: number[] = [];
      for (const s of summaries) {
        const v = s.values!;
        for (let r = 0; r < s.done; r++) {
          const x = v[r * nT * nC + i * nC + k]!;
          if (!Number.isNaN(x)) vals.push(x);
        }
      }
      return Float64Array.from(vals).sort();
    };
  }
  const cols = compiled.outputs;
  const perColumn = cols.map(() => new Map<EnsembleStat, Float64Array>());
  for (let k = 0; k < nC; k++) for (const st of stats) perColumn[k]!.set(st, new Float64Array(nT));
  for (let i = 0; i < nT; i++) {
    const c = acc.count[i]!;
    for (let k = 0; k < nC; k++) {
      const q = i * nC + k;
      const m = perColumn[k]!;
      const sorted = sortedAt && stats.some((s) => quantileLevel(s) !== undefined) ? sortedAt(i, k) : undefined;
      for (const st of stats) {
        let v: number;
        if (c === 0) v = NaN;
        else if (st === 'mean') v = acc.mean[q]!;
        else if (st === 'sd') v = c < 2 ? NaN : Math.sqrt(acc.m2[q]! / (c - 1));
        else if (st === 'min') v = acc.min[q]!;
        else if (st === 'max') v = acc.max[q]!;
        else v = quantileSorted(sorted!, quantileLevel(st)!);
        m.get(st)![i] = v;
      }
    }
  }
  cols.forEach((col, k) => {
    for (const st of stats) series.push({ column: col.id, stat: st, unit: col.unit, values: perColumn[k]!.get(st)! });
  });

  let trajectories: EnsembleResult['trajectories'];
  if (opts.keepTrajectories) {
    trajectories = [];
    for (const s of summaries) {
      for (let r = 0; r < s.done; r++) trajectories.push({ replicate: s.start + r, values: s.values!.slice(r * nT * nC, (r + 1) * nT * nC) });
    }
  }

  const steps = emptyStats();
  steps.steps = acc.steps;
  const base = buildRunRecord(compiled, p, overridden, { ...opts, seed }, {
    solver: { id: solver.id, settings },
    tStart,
    tEnd: opts.tEnd,
    outputPoints: nT,
    stats: steps,
    status,
    eventTimes: [],
  });
  const record: EnsembleRunRecord = {
    ...base,
    seed,
    ensemble: {
      replicates: N,
      replicatesDone: done,
      replicateRanges: ranges,
      seed,
      threads,
      chunkSize,
      stats: [...stats],
      rng: RNG_NAME,
      firings: acc.firings,
      steps: acc.steps,
      events: acc.events,
    },
  };
  record.wallTimeMs = performance.now() - wall0;
  const result: EnsembleResult = {
    time: times,
    timeUnit: flat.units.time.text,
    columns: cols.map((c) => ({ ...c })),
    stats: [...stats],
    series,
    count: acc.count,
    replicates: N,
    replicatesDone: done,
    status,
    firings: acc.firings,
    steps: acc.steps,
    events: acc.events,
    record,
  };
  if (trajectories) result.trajectories = trajectories;
  return result;
}

/**
 * The statistics as a flat table (a SimulationResult with columns `<X>-<stat>`, each with X's unit), for the
 * CSV/JSON writers and plots. The record is the ensemble's.
 */
export function ensembleTable(result: EnsembleResult): SimulationResult {
  const kind = new Map(result.columns.map((c) => [c.id, c.kind]));
  return {
    time: result.time,
    timeUnit: result.timeUnit,
    columns: result.series.map((s) => ({ id: `${s.column}-${s.stat}`, unit: s.unit, kind: kind.get(s.column) ?? 'species' })),
    values: result.series.map((s) => s.values),
    record: result.record,
  };
}

/** One replicate's trajectory as a SimulationResult (columns: the model outputs). */
export function trajectoryTable(result: EnsembleResult, t: { replicate: number; values: Float64Array }): SimulationResult {
  const nC = result.columns.length;
  const nT = result.time.length;
  return {
    time: result.time,
    timeUnit: result.timeUnit,
    columns: result.columns,
    values: result.columns.map((_, k) => Float64Array.from({ length: nT }, (_, i) => t.values[i * nC + k]!)),
    record: result.record,
  };
}
