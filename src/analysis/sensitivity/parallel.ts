/**
 * Evaluate a target at many parameter points, over worker threads (default: all cores, os.availableParallelism()).
 *
 * Points are a row-major matrix (n x k, parameter values in declared units). They are cut into chunks whose size
 * depends only on n (never on the number of threads); each worker builds the evaluator once (compiles the model)
 * and answers chunks with their outputs, written back by point index. Every evaluation is a deterministic function
 * of its point, so the result is bit-identical for any thread count (tested). From TypeScript sources (vitest,
 * tsx) there is no compiled worker script unless one is given: the points are then evaluated in the calling thread.
 * A failed evaluation (solver failure) gives NaN and its message is kept (first one) for the caller to report.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ExosimError } from '../../diagnostics.js';
import { type EvalTarget, makeEvaluator } from './target.js';

export interface EvaluateOptions {
  /** Worker threads (default os.availableParallelism()); 1 = in the calling thread. */
  threads?: number;
  /** Compiled worker script (default: worker.js beside this module when it is compiled JS). */
  workerScript?: string | URL;
  /** Called with the fraction done. */
  onProgress?: (fraction: number) => void;
}

export interface EvaluateResult {
  y: Float64Array;
  failures: number;
  firstFailure?: string;
  threads: number;
}

export interface WorkerData {
  target: EvalTarget;
  ids: string[];
}

export type ToWorker = { type: 'chunk'; start: number; points: Float64Array } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; start: number; y: Float64Array; failures: number; firstFailure?: string }
  | { type: 'error'; message: string; diagnostics?: ExosimError['diagnostics'] };

function defaultWorkerScript(): URL | undefined {
  if (!import.meta.url.endsWith('.js') || !import.meta.url.startsWith('file:')) return undefined;
  return new URL('./worker.js', import.meta.url);
}

/** Chunk size from n only: ~64 chunks, 1..256 points each. */
export function chunkSize(n: number): number {
  return Math.max(1, Math.min(256, Math.ceil(n / 64)));
}

/** Evaluate rows [start, start + rows) of `points` (k columns) with `evaluate`; failures give NaN. */
export async function evaluateRows(evaluate: (v: Record<string, number>) => Promise<number>, ids: string[], points: Float64Array): Promise<{ y: Float64Array; failures: number; firstFailure?: string }> {
  const k = ids.length;
  const n = k === 0 ? 0 : points.length / k;
  const y = new Float64Array(n);
  let failures = 0;
  let firstFailure: string | undefined;
  for (let i = 0; i < n; i++) {
    const v: Record<string, number> = {};
    for (let j = 0; j < k; j++) v[ids[j]!] = points[i * k + j]!;
    try {
      y[i] = await evaluate(v);
      if (!Number.isFinite(y[i]!)) throw new Error(`output is ${y[i]}`);
    } catch (e) {
      if (e instanceof ExosimError && e.diagnostics.some((d) => d.code === 'E_SENS_OUTPUT' || d.code === 'E_UNKNOWN_OVERRIDE' || d.code === 'E_UNKNOWN_SCENARIO')) throw e;
      y[i] = NaN;
      failures++;
      firstFailure ??= `at ${ids.map((id) => `${id}=${v[id]!.toPrecision(4)}`).join(', ')}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return { y, failures, ...(firstFailure !== undefined ? { firstFailure } : {}) };
}

/** Evaluate `target` at every row of `points` (n x ids.length). */
export async function evaluatePoints(target: EvalTarget, ids: string[], points: Float64Array, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const k = ids.length;
  const n = points.length / k;
  const size = chunkSize(n);
  const nChunks = Math.ceil(n / size);
  const script = opts.workerScript ?? defaultWorkerScript();
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), nChunks));
  // one thread (or no compiled worker script): the calling thread alone, through the same loop
  return evaluateParallel(target, ids, points, n, k, size, nChunks, script ? threads - 1 : 0, script, opts);
}

/**
 * `workerCount` workers plus the calling thread share the chunks (the calling thread evaluates faster than a worker,
 * and one worker fewer starts; with no workers it evaluates every chunk in order). Each worker holds up to two chunks (one running, one queued),
 * so it never waits for the calling thread, which deals new chunks between its own. Outputs are written by point
 * index, so the result does not depend on who evaluated what.
 */
async function evaluateParallel(target: EvalTarget, ids: string[], points: Float64Array, n: number, k: number, size: number, nChunks: number, workerCount: number, script: string | URL | undefined, opts: EvaluateOptions): Promise<EvaluateResult> {
  const y = new Float64Array(n);
  let failures = 0;
  let firstFailure: string | undefined;
  let firstFailureAt = Infinity;
  let next = 0;
  let done = 0;
  let failure: Error | undefined;
  const workers: Worker[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const record = (start: number, r: { y: Float64Array; failures: number; firstFailure?: string }) => {
    y.set(r.y, start);
    failures += r.failures;
    // the first failure by point index, not by arrival order: thread-count independent messages
    if (r.firstFailure !== undefined && (firstFailure === undefined || start < firstFailureAt)) {
      firstFailure = r.firstFailure;
      firstFailureAt = start;
    }
    done++;
    opts.onProgress?.(done / nChunks);
  };
  const deal = (w: Worker): boolean => {
    if (next >= nChunks) return false;
    const c = next++;
    const pts = points.slice(c * size * k, Math.min(n, (c + 1) * size) * k);
    w.postMessage({ type: 'chunk', start: c * size, points: pts } satisfies ToWorker, [pts.buffer as ArrayBuffer]);
    return true;
  };
  const fail = (e: Error) => {
    failure ??= e;
    notify();
  };
  const data: WorkerData = { target, ids };
  for (let t = 0; t < workerCount && script; t++) {
    const w = new Worker(script, { workerData: data });
    workers.push(w);
    w.on('message', (m: FromWorker) => {
      if (failure) return;
      if (m.type === 'ready') {
        deal(w);
        deal(w);
      } else if (m.type === 'result') {
        record(m.start, m);
        deal(w);
        notify();
      } else fail(m.diagnostics ? new ExosimError(m.diagnostics, m.message) : new Error(m.message));
    });
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => {
      if (done < nChunks && !failure && code !== 0) fail(new Error(`sensitivity worker exited with code ${code}`));
    });
  }
  try {
    const evaluate = await makeEvaluator(target);
    // the calling thread takes chunks too, yielding to the event loop between them so that workers are dealt new ones
    while (!failure && next < nChunks) {
      const c = next++;
      const r = await evaluateRows(evaluate, ids, points.subarray(c * size * k, Math.min(n, (c + 1) * size) * k));
      record(c * size, r);
      await new Promise<void>((res) => setImmediate(res));
    }
    while (!failure && done < nChunks) await new Promise<void>((res) => (wake = res));
  } catch (e) {
    failure ??= e instanceof Error ? e : new Error(String(e));
  } finally {
    for (const w of workers) void w.terminate();
  }
  if (failure) throw failure;
  return { y, failures, ...(firstFailure !== undefined ? { firstFailure } : {}), threads: workers.length + 1 };
}
