/**
 * Worker thread of simulateEnsemble (src/ensemble.ts): compiles the model once (kernels cannot cross threads),
 * then runs the chunks of replicates the main thread sends, one at a time, and answers each with its summary
 * (typed arrays transferred, not copied). Cancellation: the shared Int32 flag, read with Atomics by the engines'
 * shouldCancel; progress: a shared counter of finished replicates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExosimError, hasErrors } from './diagnostics.js';
import { type ChunkSummary, type EnsembleFromWorker, type EnsembleToWorker, type EnsembleWorkerData, ReplicateRunner } from './ensemble.js';
import { compileModel } from './compile/compile.js';
import type { CompiledModel } from './compile/types.js';
import { SolverError } from './solvers/types.js';

function post(m: EnsembleFromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(m, transfer);
}

function postError(e: unknown): void {
  if (e instanceof ExosimError) post({ type: 'exosim-error', diagnostics: e.diagnostics, message: e.message });
  else if (e instanceof SolverError) post({ type: 'solver-error', code: e.code, message: e.message, t: e.t, hint: e.hint });
  else {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ type: 'internal-error', message: err.message, stack: err.stack ?? '' });
  }
}

function buffersOf(s: ChunkSummary): ArrayBuffer[] {
  const list = [s.count, s.mean, s.m2, s.min, s.max, ...(s.values ? [s.values] : [])];
  return list.map((a) => a.buffer as ArrayBuffer);
}

async function start(): Promise<void> {
  const data = workerData as EnsembleWorkerData;
  const cancel = new Int32Array(data.cancel);
  const progress = new Int32Array(data.progress);
  const shouldCancel = (): boolean => Atomics.load(cancel, 0) !== 0;
  let runner: ReplicateRunner;
  try {
    const src = data.source;
    let compiled: CompiledModel;
    if (data.flat) {
      compiled = compileModel(data.flat, { jacobian: false, ...(src.codegen ? { codegen: src.codegen } : {}) });
    } else {
      // Only the text: load the readers (YAML, SBML) now.
      const [{ compileModelText }, { externalReaderFor }] = await Promise.all([import('./pipeline.js'), import('./io/sbml-external.js')]);
      const out = compileModelText(src.text, {
        file: src.file,
        format: src.format,
        jacobian: false,
        ...(src.codegen ? { codegen: src.codegen } : {}),
        ...(src.format === 'sbml' && src.path ? { readExternal: externalReaderFor(src.path) } : {}),
      });
      if (!out.compiled || hasErrors(out.diagnostics)) throw new ExosimError(out.diagnostics);
      compiled = out.compiled;
    }
    runner = new ReplicateRunner(compiled, data.job);
  } catch (e) {
    postError(e);
    return;
  }
  parentPort?.on('message', (msg: EnsembleToWorker) => {
    if (msg.type === 'stop') {
      parentPort?.close();
      return;
    }
    try {
      const s = runner.runChunk(msg.chunk, msg.start, msg.end, shouldCancel, () => Atomics.add(progress, 0, 1));
      post({ type: 'summary', summary: s }, buffersOf(s));
    } catch (e) {
      postError(e);
    }
  });
  post({ type: 'ready' });
}

void start();
