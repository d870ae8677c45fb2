/** Simulation results: named columns with units, plus the run record written beside every result. */
import type { OutputColumn } from './compile/types.js';
import type { SolverStats } from './solvers/types.js';
import type { ParameterSource } from './model/types.js';

export interface RunRecord {
  exosimVersion: string;
  createdAt: string;
  /** sha256 of the model text (hex). */
  modelHash: string;
  modelFile?: string;
  modelId: string;
  solver: { id: string; settings: Record<string, unknown> };
  seed: number | null;
  tStart: number;
  tEnd: number;
  timeUnit: string;
  /** The result's columns after `time`, with their units (so a CSV's units are on record beside it). */
  columns: OutputColumn[];
  outputPoints: number;
  /** Parameter overrides from --set (id -> value, in the parameter's declared unit). */
  overrides: Record<string, number>;
  wallTimeMs: number;
  stats: SolverStats;
  status: 'done' | 'terminated' | 'cancelled';
  eventTimes: number[];
  /** Every parameter used: value (declared unit), unit and source. */
  parameters: { id: string; value: number; unit: string; source?: ParameterSource; overridden: boolean }[];
  node: string;
  platform: string;
  /** How the model's kernels ran: generated JavaScript or the interpreter (CompiledModel.codegen). */
  codegen?: 'js' | 'interpret';
}

export interface SimulationResult {
  /** Output times in the model's time unit. */
  time: Float64Array;
  timeUnit: string;
  columns: OutputColumn[];
  /** values[k][i] = column k at time[i]. */
  values: Float64Array[];
  record: RunRecord;
}
