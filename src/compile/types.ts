/**
 * The compiled model: a packed state vector, index maps and generated kernels. Produced by compileModel
 * (src/compile/compile.ts) from a FlatModel; consumed by simulate (src/simulate.ts) and the CLI.
 */
import type { FlatModel, ResolvedUnit } from '../model/types.js';
import type { EventHooks, OdeSystem } from '../solvers/types.js';
import type { ReactionSystem } from '../solvers/stochastic/types.js';

export type StateKind = 'species' | 'compartment' | 'parameter';

export interface OutputColumn {
  id: string;
  /** Unit as text for column headers and plots, e.g. `nM`, `molecule`, `dimensionless`. */
  unit: string;
  kind: 'species' | 'compartment' | 'parameter' | 'observable';
}

export interface CompiledModel {
  flat: FlatModel;
  /** State variables in packed order: species amounts (model substance units; counts for cell/exosome units),
   * then compartments and parameters changed by rate rules. Species with constant/boundary conditions and
   * no rule are still state (their rate is 0), so that events can assign them. */
  stateIds: string[];
  stateKinds: StateKind[];
  stateIndex: Map<string, number>;
  /** All parameter ids (flat) in packed order, and their default values (model base units). */
  parameterIds: string[];
  parameterIndex: Map<string, number>;
  defaultParameters: Float64Array;
  /** Computes y(t0) for a parameter vector: initial amounts/concentrations times sizes, initial assignments
   * and assignment rules, in dependency order. Throws ExosimError (E_INITIAL_VALUE) for non-finite results. */
  initialState(params: Float64Array, t0: number): Float64Array;
  /** The ODE system for a parameter vector (rates and analytic Jacobian via generated code). */
  odeSystem(params: Float64Array): OdeSystem;
  /** Event hooks with SBML semantics for a parameter vector; undefined when the model has no events. */
  eventHooks(params: Float64Array, t0: number, y0: Float64Array, opts?: { seed?: number }): EventHooks | undefined;
  /** True when simultaneous events of equal priority are possible, so the run depends on the seed (SBML L3:
   * ties are broken at random). */
  readonly eventsUseSeed?: boolean;
  /**
   * The model as a reaction network in copy numbers for the stochastic engines (compile/stochastic.ts), for a
   * parameter vector. Throws ExosimError (E_STOCHASTIC_UNSUPPORTED) for what they cannot simulate.
   */
  /** The reaction network in copy numbers (stochastic.ts). `massAction: false` keeps the compiled propensity kernels even
   * when every law is mass action (for tests comparing the two). */
  reactionSystem?(params: Float64Array, opts?: { massAction?: boolean }): ReactionSystem;
  /** Output columns (after `time`): species in their declared units, then observables. */
  outputs: OutputColumn[];
  /** out[k] <- value of outputs[k] at (t, y). */
  computeOutputs(t: number, y: Float64Array, params: Float64Array, out: Float64Array): void;
  /** Generated JavaScript source of the kernels (for `exosim compile --emit code`). */
  code: string;
  /** Per-state absolute-tolerance scale: atol_i = atol * atolScale[i] turns a user atol in declared units into
   * model base units. */
  atolScale: Float64Array;
  /** How the kernels run: generated JavaScript ('js', `new Function`) or the interpreter of the same
   * expression trees ('interpret': asked for, or the automatic fallback where code generation is forbidden). */
  readonly codegen?: 'js' | 'interpret';
}

export type { ResolvedUnit };
