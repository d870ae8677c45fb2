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
// Issue 5: the mechanism library and the scenarios.
export { listMechanisms, getMechanism } from './mechanisms/registry.js';
export type { Mechanism, MechanismPort, MechanismVariantOption } from './mechanisms/types.js';
export { listScenarios, getScenario, hasScenario } from './scenarios/registry.js';
export type { Scenario, ScenarioResult, ScenarioCheck, ScenarioSeries, ScenarioRunOptions } from './scenarios/types.js';
// Issue 6: sequence tools, the biomarker knowledge base, liquid biopsy, therapy design, sensitivity (namespaces:
// their names would clash with the mechanisms' own helpers).
export * as sequence from './sequence/index.js';
export * as biomarkers from './biomarkers/index.js';
export * as liquidBiopsy from './analysis/liquid-biopsy.js';
export * as therapyDesign from './analysis/therapy-design.js';
export * as sensitivity from './analysis/sensitivity/index.js';
