/**
 * Run records and result files. Every result file `<out>` gets `<out>.run.json` beside it: the RunRecord
 * (model hash, seed, solver and settings, version, parameters and their sources, status, statistics).
 */
import { createHash } from 'node:crypto';
import type { RunRecord, SimulationResult } from '../results.js';
import { diag, ExosimError } from '../diagnostics.js';
import { writeFileAtomic } from './atomic-write.js';
import { formatCsv } from './csv.js';
import { formatResultJson } from './json.js';

/** sha256 of a text (UTF-8), hex: the RunRecord's modelHash. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Path of the run record written beside a result file. */
export function runRecordPath(resultPath: string): string {
  return `${resultPath}.run.json`;
}

export function formatRunRecord(record: RunRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

export type ResultFormat = 'csv' | 'json';

/** Result format from the output file's extension; undefined when neither .csv nor .json. */
export function resultFormatFromPath(path: string): ResultFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/**
 * Write a result to `path` (CSV or JSON by extension, atomically) and its run record to `<path>.run.json`.
 * Returns the paths written. Throws ExosimError (E_OUTPUT_FORMAT) for another extension, before writing anything.
 */
export async function writeResult(path: string, result: SimulationResult): Promise<{ result: string; record: string }> {
  const format = resultFormatFromPath(path);
  if (!format) {
    throw new ExosimError([
      diag('E_OUTPUT_FORMAT', `output file '${path}' must end in .csv or .json`, {
        hint: 'use --out results.csv or --out results.json',
      }),
    ]);
  }
  const text = format === 'csv' ? formatCsv(result) : formatResultJson(result);
  const recordPath = runRecordPath(path);
  await writeFileAtomic(path, text);
  await writeFileAtomic(recordPath, formatRunRecord(result.record));
  return { result: path, record: recordPath };
}
