/**
 * Worker thread of evaluatePoints (parallel.ts): builds the evaluator once (compiles the model: kernels cannot
 * cross threads), then evaluates the chunks of points the main thread sends and answers with their outputs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExosimError } from '../../diagnostics.js';
import { evaluateRows, type FromWorker, type ToWorker, type WorkerData } from './parallel.js';
import { makeEvaluator } from './target.js';

function post(m: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(m, transfer);
}

function postError(e: unknown): void {
  if (e instanceof ExosimError) post({ type: 'error', message: e.message, diagnostics: e.diagnostics });
  else post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}

async function start(): Promise<void> {
  const data = workerData as WorkerData;
  let evaluate: Awaited<ReturnType<typeof makeEvaluator>>;
  try {
    evaluate = await makeEvaluator(data.target);
  } catch (e) {
    postError(e);
    return;
  }
  // chunks are evaluated one after the other, in the order they arrive (the main thread keeps one queued)
  let queue: Promise<void> = Promise.resolve();
  parentPort?.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      parentPort?.close();
      return;
    }
    queue = queue.then(() =>
      evaluateRows(evaluate, data.ids, m.points).then(
        (r) => post({ type: 'result', start: m.start, y: r.y, failures: r.failures, ...(r.firstFailure !== undefined ? { firstFailure: r.firstFailure } : {}) }, [r.y.buffer as ArrayBuffer]),
        postError,
      ),
    );
  });
  post({ type: 'ready' });
}

void start();
