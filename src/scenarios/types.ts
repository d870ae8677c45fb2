/**
 * Contract of the scenarios (issue 5): a published experiment = model (composed from src/mechanisms) + protocol
 * (conditions, doses, knock-downs, time points, replicates) + observables + the outcome the paper reports +
 * citation. `exosim scenario run <id>` runs it and prints its checks; every check compares a SIMULATED quantity
 * with what the paper reports (a direction, a ratio, a fraction, a time), never with a constant chosen to pass.
 * Where literature defaults cannot reproduce the reported effect, the check says so (`gap`) and names the
 * parameters and values that would close it (found by the scenario itself, e.g. by a scan or a solve).
 */
import type * as vl from 'vega-lite';
import type { ModelDoc } from '../model/types.js';

export interface ScenarioCheck {
  /** Short name, e.g. 'PTEN falls in MCF-10A after 3 days of cancer exosomes'. */
  name: string;
  /** What the paper reports, in words with its number where it gives one ('lower than control', 'ratio 2-4'). */
  expected: string;
  /** The simulated number(s) the check is decided on. */
  observed: number | number[];
  pass: boolean;
  /** Optional: how the observed number was obtained, units. */
  detail?: string;
  /**
   * Present when the literature defaults cannot reach the reported effect: what is missing and which parameter
   * values (found by the scenario) would close the gap. A check with a gap passes only when the gap analysis
   * itself succeeded (the closing values were found and verified by re-simulation).
   */
  gap?: { statement: string; closingParameters: Record<string, number> };
}

/** One plotted series: y against x (time or a dose), belonging to a condition. */
export interface ScenarioSeries {
  x: number[];
  y: number[];
  /** Axis titles with units, e.g. 'time (h)', 'PTEN (% of control)'. */
  xLabel: string;
  yLabel: string;
  /** Condition label (legend), e.g. 'cancer exosomes', 'Dicer blocked'. */
  condition: string;
}

export interface ScenarioResult {
  id: string;
  citation: string;
  checks: ScenarioCheck[];
  /** Series keyed by a stable name ('<observable>/<condition>'). */
  series: Record<string, ScenarioSeries>;
  /** Parameter overrides applied (--set), seed and replicate counts: the run record of the scenario. */
  record: { set: Record<string, number>; seed: number; replicates?: number; exosimVersion: string };
}

export interface ScenarioRunOptions {
  /** Parameter overrides `id=value` in the parameter's declared unit (CLI --set). Unknown ids are an error. */
  set: Record<string, number>;
  seed: number;
}

export interface Scenario {
  /** Exactly the ids of SYSTEM.md's experiment table. */
  id: string;
  title: string;
  /** Main citation, e.g. 'Melo SA et al. (2014) Cancer Cell 26:707-721. doi:10.1016/j.ccell.2014.09.005'. */
  citation: string;
  /** Further sources (Kelly 2015, Jeppesen 2019, ...). */
  references: string[];
  /** The paper's claim in one or two sentences. */
  claim: string;
  /** Mechanism ids the model is composed from. */
  mechanisms: string[];
  /** The protocol in sentences (conditions, doses, time points, replicates). */
  protocol: string[];
  /** Parameters (flat ids) the outcome depends on most (for docs/scenarios.md; verified by a local sensitivity in the tests). */
  keyParameters: string[];
  /** The base model (conditions are parameter overrides and events on top of it). */
  model(): ModelDoc;
  run(opts: ScenarioRunOptions): Promise<ScenarioResult>;
  /** The plot a biologist would recognise: the paper's comparison, with units (Vega-Lite). */
  plot(result: ScenarioResult): vl.TopLevelSpec;
}
