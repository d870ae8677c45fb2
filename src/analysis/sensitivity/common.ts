/** Shared pieces of the analyses: the problem, options, and the failure check. */
import { ExosimError, diag } from '../../diagnostics.js';
import type { ParamRange } from './params.js';
import type { EvalTarget } from './target.js';
import type { EvaluateOptions, EvaluateResult } from './parallel.js';

export interface SensitivityProblem {
  target: EvalTarget;
  params: ParamRange[];
}

export type RunOptions = EvaluateOptions & { seed?: number };

/** Throw E_SENS_EVAL_FAILED when any evaluation failed (NaN would corrupt every index). */
export function requireNoFailures(r: EvaluateResult, total: number): void {
  if (r.failures > 0) {
    throw new ExosimError([
      diag('E_SENS_EVAL_FAILED', `${r.failures} of ${total} model evaluations failed (first ${r.firstFailure ?? 'unknown'}).`, {
        hint: 'Narrow the parameter ranges (--range id=low:high) to values the model can be simulated with, or check the model with exosim run at those values.',
      }),
    ]);
  }
}
