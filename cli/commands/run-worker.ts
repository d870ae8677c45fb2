/**
 * Worker thread of `exosim run`: compiles the model and runs `simulate` off the main thread, so that the main
 * thread stays free to draw the progress bar and to catch Ctrl-C (SIGINT). Cancellation is a shared Int32 flag
 * read with Atomics by `shouldCancel` between solver steps (scheduling is separate from advancing: DESIGN.md).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileModelText } from '../../src/pipeline.js';
import { simulate, type SimulateOptions } from '../../src/simulate.js';
import { ExosimError, hasErrors } from '../../src/diagnostics.js';
import { SolverError } from '../../src/solvers/types.js';
import { externalReaderFor } from '../../src/io/sbml-external.js';
import type { SimulationResult } from '../../src/results.js';

export interface RunWorkerData {
  text: string;
  file: string;
  /** 'sbml': the text is an SBML document (importSbml -> compileModel). */
  format: 'yaml' | 'json' | 'sbml';
  /** Resolved path of the model file (SBML comp external model files are read relative to it). */
  path?: string;
  /** simulate options without the callbacks. */
  options: Record<string, unknown>;
  cancel: SharedArrayBuffer;
  /** `exosim run --interpret`: compile with the interpreter back end. */
  codegen?: 'interpret';
}

export type RunWorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'result'; result: SimulationResult }
  | { type: 'exosim-error'; diagnostics: ExosimError['diagnostics']; message: string }
  | { type: 'solver-error'; code: string; message: string; t: number; hint: string }
  | { type: 'internal-error'; message: string; stack: string };

function post(m: RunWorkerMessage): void {
  parentPort?.postMessage(m);
}

function run(): void {
  const data = workerData as RunWorkerData;
  const flag = new Int32Array(data.cancel);
  try {
    const out = compileModelText(data.text, {
      file: data.file,
      format: data.format,
      ...(data.codegen ? { codegen: data.codegen } : {}),
      ...(data.format === 'sbml' && data.path ? { readExternal: externalReaderFor(data.path) } : {}),
    });
    if (!out.compiled || hasErrors(out.diagnostics)) throw new ExosimError(out.diagnostics);
    let last = -Infinity;
    const result = simulate(out.compiled, {
      ...(data.options as unknown as SimulateOptions),
      onProgress: (fraction: number) => {
        const now = performance.now();
        if (now - last < 100 && fraction < 1) return;
        last = now;
        post({ type: 'progress', fraction });
      },
      shouldCancel: () => Atomics.load(flag, 0) !== 0,
    });
    post({ type: 'result', result });
  } catch (e) {
    if (e instanceof ExosimError) post({ type: 'exosim-error', diagnostics: e.diagnostics, message: e.message });
    else if (e instanceof SolverError) post({ type: 'solver-error', code: e.code, message: e.message, t: e.t, hint: e.hint });
    else {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ type: 'internal-error', message: err.message, stack: err.stack ?? '' });
    }
  }
}

run();
