/**
 * Contracts between compiled models and the stochastic engines (issue 4). The engines see only this narrow
 * interface (packed state in copy numbers, compiled propensities, sparse stoichiometry, dependency graph), never
 * the model: propensities come from the same compiled kinetic laws as the ODE rates (compile.ts, reactionSystem),
 * with amounts converted to copy numbers in one place.
 */
import type { MassActionTables } from '../../compile/mass-action.js';
import type { EventHooks, OdeSystem, SettingDescriptor } from '../types.js';

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
  /**
   * Present when every propensity is in mass-action form a_k = rate[k] * prod_q (x[factorIdx[q]] - factorOff[q]),
   * q in [factorPtr[k], factorPtr[k+1]) (src/compile/mass-action.ts); `propensity` then evaluates these tables.
   * Engines may inline the same loop. Never present when an event or rate rule can change a rate constant.
   */
  readonly massAction?: MassActionTables;
  /** 'interpret' when the model was compiled without code generation (engines must not generate code either). */
  readonly codegen?: 'js' | 'interpret';
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
   * every change of state and at scheduled times, as the ODE driver does. Call once at the start of each
   * replicate: it also restores the parameters that a previous replicate's events changed. (Outputs are computed
   * with the parameters in force when they are computed: parameters changed by events are not tracked per output
   * time.)
   */
  eventHooks(t0: number, x0: Float64Array, seed: number): EventHooks | undefined;
}

/** A uniform random stream: next() in [0, 1) (53 random bits), seeded per replicate. */
export interface RandomStream {
  next(): number;
  /** Optional raw 32-bit output, uniform on 0..2^32 - 1 (expDraw then uses a ziggurat instead of -ln U). */
  nextUint32?(): number;
}

/** Options of one stochastic replicate. */
export interface StochasticRunOptions {
  t0: number;
  /** Strictly increasing output times >= t0; the state at each is recorded (the state in force at that time). */
  outputTimes: Float64Array;
  /** Initial state (copy numbers; species are rounded to integers by the engine: Math.round). */
  x0: Float64Array;
  rng: RandomStream;
  /** SBML events on the count state (ReactionSystem.eventHooks). */
  events?: EventHooks;
  /** Engine settings, validated against the descriptor (defaults filled in). */
  settings: Record<string, unknown>;
  /** Polled now and then; when true the run stops and returns what it has (status 'cancelled'). */
  shouldCancel?: () => boolean;
}

export interface StochasticRunResult {
  /** states[i * n + j] = state j at outputTimes[i], for i < reached. */
  states: Float64Array;
  /** Number of output times reached (outputTimes.length unless cancelled or terminated). */
  reached: number;
  /** Reaction firings (for tau-leaping: the sum of the Poisson counts), leaps, and event executions. */
  firings: number;
  steps: number;
  events: number;
  status: 'done' | 'cancelled' | 'terminated';
}

/** A stochastic engine describes itself (as OdeSolverDescriptor): CLI help and docs come from this. */
export interface StochasticSolverDescriptor {
  id: string; // e.g. 'ssa-direct'
  kind: 'stochastic';
  name: string;
  /** One sentence: the method. */
  method: string;
  references: string[];
  settings: SettingDescriptor[];
  /** Exact (statistically exact trajectories) or approximate (tau-leaping, hybrid). */
  exact: boolean;
  /** Simulate one replicate. Throws SolverError for what it cannot do (negative propensity, time-dependent
   * propensities for an exact engine, ...). */
  run(system: ReactionSystem, opts: StochasticRunOptions): StochasticRunResult;
}
