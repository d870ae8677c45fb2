/**
 * Sensitivity analysis and parameter scans for any model output or scenario output: 1-D/2-D scans, local
 * sensitivities, Morris screening and Sobol' indices (Saltelli sampling, Joe-Kuo Sobol' sequence, bootstrap
 * intervals), evaluated over worker threads with results independent of the thread count.
 */
export { type ParamRange, defaultScale, fromUnit, toUnit, modelRanges, checkRange } from './params.js';
export { type EvalTarget, type ScenarioOutput, type OutputTransform, makeEvaluator, scenarioOutputValue, ishigami, TEST_FUNCTIONS, LINEAR_COEFFS } from './target.js';
export { evaluatePoints, chunkSize, type EvaluateOptions, type EvaluateResult } from './parallel.js';
export { type SensitivityProblem, type RunOptions } from './common.js';
export { sobolPoints, SOBOL_MAX_DIM } from './sobol-sequence.js';
export { sobolIndices, type SobolIndices } from './estimators.js';
export { sobolAnalysis, saltelliDesign, type SobolResult } from './sobol.js';
export { morrisAnalysis, morrisTrajectories, type MorrisResult } from './morris.js';
export { localAnalysis, type LocalResult } from './local.js';
export { scan, axisValues, type ScanAxis, type ScanResult } from './scan.js';
export { morrisSpec, sobolSpec, localSpec, scanSpec } from './plots.js';
