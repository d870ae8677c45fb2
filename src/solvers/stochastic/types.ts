/**
 * Contracts between compiled models and the stochastic engines (issue 4). The engines see only this narrow
 * interface (packed state in copy numbers, compiled propensities, sparse stoichiometry, dependency graph), never
 * the model: propensities come from the same compiled kinetic laws as the ODE rates (compile.ts, reactionSystem),
 * with amounts converted to copy numbers in one place.
 */
import type { EventHooks, OdeSystem } from '../types.js';

/**
 * A reaction network on a packed state vector x (length n, the same layout as the ODE state, compile/types.ts):
 * species are in COPY NUMBERS (molecules, cells, exosomes: amount * countFactor[i]); compartments and parameters
 * with rate rules are continuous states in their model units (countFactor 1).
 */
export interface ReactionSystem {
  readonly n: number;
  readonly nReactions: number;
  /** Reaction ids (flat), for messages and per-reaction statistics. */
  readonly reactionIds: readonly string[];
  /** State ids (flat) in packed order. */
  readonly stateIds: readonly string[];
  /** Copy numbers per model amount for each state (1 for counts and for continuous states). */
  readonly countFactor: Float64Array;
  /**
   * Propensity of reaction k at (t, x), in firings per model time unit (the kinetic law, with SBML's stochastic
   * interpretation: the rate law evaluated with the state's amounts, times the count factor). A negative or
   * NaN value is the caller's to report (E_NEGATIVE_PROPENSITY).
   */
  propensity(k: number, t: number, x: Float64Array): number;
  /** out[k] <- propensity(k, t, x) for every reaction (faster than nReactions single calls). */
  propensities(t: number, x: Float64Array, out: Float64Array): void;
  /** State change when reaction k fires: for j in [changePtr[k], changePtr[k+1]): x[changeIdx[j]] += changeVal[j]. */
  readonly changePtr: Int32Array;
  readonly changeIdx: Int32Array;
  readonly changeVal: Float64Array;
  /**
   * Dependency graph (Gibson & Bruck 2000): after reaction k fires, the propensities that may have changed are
   * dependsIdx[dependsPtr[k] .. dependsPtr[k+1]) (k itself included when its own propensity reads a state it changes).
   */
  readonly dependsPtr: Int32Array;
  readonly dependsIdx: Int32Array;
  /**
   * For each state i, the reactions whose propensity reads it (CSR: readersPtr/readersIdx): for engines that change
   * states other than by firing (events, continuous parts of a hybrid).
   */
  readonly readersPtr: Int32Array;
  readonly readersIdx: Int32Array;
  /**
   * True when some propensity depends on time other than through the state (explicit `time`, or parameters changed
   * by rate rules): exact engines then must treat propensities as time-varying (refuse or integrate them).
   */
  readonly timeDependent: boolean;
  /** Indices of continuous states (rate rules on compartments/parameters/species); empty for pure networks. */
  readonly continuous: Int32Array;
  /**
   * The deterministic rates of the whole model in copy numbers: dx/dt = sum_k change_k * propensity_k plus the
   * continuous states' rate rules. For hybrid engines and tests (SSA ensemble means vs the ODE solution).
   */
  ode(): OdeSystem;
  /** Output columns at (t, x) (the CompiledModel's outputs: declared units). */
  outputs(t: number, x: Float64Array, out: Float64Array): void;
  /** Initial state in copy numbers (amounts * countFactor; not rounded: engines round species to integers). */
  initialState(t0: number): Float64Array;
  /**
   * SBML event hooks working on the count state (undefined without events); the engines call roots/handle after
   * every change of state and at scheduled times, as the ODE driver does.
   */
  eventHooks(t0: number, x0: Float64Array, seed: number): EventHooks | undefined;
}

/** A uniform random stream: next() in [0, 1) (53 random bits), seeded per replicate. */
export interface RandomStream {
  next(): number;
}
