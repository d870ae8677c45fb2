/**
 * ExoSim's one public entry point. Everything a user of the library needs is exported from here:
 * the pipeline (load -> validate -> flatten -> compile -> simulate), the expression language, the
 * solver registry and driver, results writers and plots.
 *
 *   import { compileModelText, simulate } from 'exosim';
 */
export * from './diagnostics.js';
export * from './expr/index.js';
export * from './model/index.js';
export * from './compile/index.js';
export * from './solvers/index.js';
export * from './pipeline.js';
export * from './simulate.js';
export type { RunRecord, SimulationResult } from './results.js';
export * from './io/csv.js';
export * from './io/json.js';
export * from './io/atomic-write.js';
// Names exported by two modules: state which one is public.
export { AVOGADRO } from './expr/index.js';
export type { ModelFormat } from './model/index.js';
export * from './io/run-record.js';
export * from './plot/index.js';
export { EXOSIM_VERSION } from './version.js';
export * from './steady-state.js';
// Stochastic ensembles (issue 4): replicates over worker threads, streaming statistics, seeded streams.
export { simulateEnsemble, ensembleTable, trajectoryTable, isEnsembleStat, quantileLevel, quantileSorted, chooseChunkSize } from './ensemble.js';
export type { EnsembleOptions, EnsembleResult, EnsembleSeries, EnsembleStat, EnsembleRecord, EnsembleRunRecord, EnsembleModelSource } from './ensemble.js';
export { replicateStream, replicateEventSeed, Xoshiro128StarStar, mix64 } from './solvers/stochastic/rng.js';
