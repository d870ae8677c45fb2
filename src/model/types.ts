/**
 * ExoSim model types: the document users write (YAML/JSON, one schema; or the TypeScript builder) and the
 * flat, unit-resolved intermediate representation the compiler consumes. Both are plain data.
 *
 * Pipeline: text -> parseModelText -> ModelDoc -> validateModel (all problems) -> flattenModel -> FlatModel
 *           -> compileModel (index, codegen) -> CompiledModel -> simulate.
 */
import type { Expr, FunctionDef } from '../expr/ast.js';
import type { SourceLocation } from '../diagnostics.js';

export type Confidence = 'high' | 'medium' | 'low';

/** Where a number comes from: a citation and/or DOI, and how sure it is (parameters.md's tags). */
export interface ParameterSource {
  citation?: string;
  doi?: string;
  url?: string;
  confidence?: Confidence;
  /** parameters.md provenance tag: S, S2, C, D, R. */
  tag?: string;
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------
// The document (what users write). Field names follow SBML so SBML users need no translation.
// ---------------------------------------------------------------------------------------------------------

/** Model-wide base units; every quantity is converted into these at flattening. Defaults: s, mol, L. */
export interface UnitsDoc {
  time?: string;
  substance?: string;
  volume?: string;
}

export interface CompartmentDoc {
  id: string;
  name?: string;
  /** Size (volume) in `unit`; default 1. */
  size?: number;
  /** Volume unit, default the model's volume unit. */
  unit?: string;
  /** Default true; false when a rule changes the size. */
  constant?: boolean;
  description?: string;
}

export interface SpeciesDoc {
  id: string;
  name?: string;
  compartment: string;
  /** Exactly one of initialAmount / initialConcentration, unless an initial assignment sets the species. */
  initialAmount?: number;
  initialConcentration?: number;
  /**
   * Unit of the initial value and of output: an amount unit (mol, nmol, molecule, exosome, ...) with
   * initialAmount, a concentration unit (M, nM, molecule/fL, ...) with initialConcentration.
   */
  unit?: string;
  /** SBML boundaryCondition: not changed by reactions (rules and events may change it). */
  boundaryCondition?: boolean;
  /** Never changes. */
  constant?: boolean;
  /** SBML hasOnlySubstanceUnits: the species' symbol in expressions means its amount, not its concentration. */
  hasOnlySubstanceUnits?: boolean;
  description?: string;
}

export interface ParameterDoc {
  id: string;
  name?: string;
  value?: number;
  unit?: string;
  /** Default true. */
  constant?: boolean;
  /** Plausible range [low, high] in `unit`. */
  range?: [number, number];
  /** A citation string, or a structured source. */
  source?: string | ParameterSource;
  confidence?: Confidence;
  description?: string;
}

export interface SpeciesReferenceDoc {
  species: string;
  /** Default 1. */
  stoichiometry?: number;
}

/** Named kinetic laws; the arguments are expressions (usually parameter ids). */
export type KineticsDoc =
  | { law: 'massAction'; kf: string; kr?: string }
  | { law: 'michaelisMenten'; vmax: string; km: string; substrate?: string }
  | { law: 'hill'; vmax: string; k: string; n: string; substrate?: string };

export interface ReactionDoc {
  id: string;
  name?: string;
  /** Shorthand `2 A + B -> C` (irreversible) or `A <-> B` (reversible); alternative to reactants/products. */
  equation?: string;
  reactants?: (string | SpeciesReferenceDoc)[];
  products?: (string | SpeciesReferenceDoc)[];
  modifiers?: string[];
  reversible?: boolean;
  /** Rate law as an expression in substance/time (SBML kinetic law semantics). Exclusive with `kinetics`. */
  rate?: string;
  /** Named kinetic law: rate = compartment size x law(concentrations) (amounts when hasOnlySubstanceUnits). */
  kinetics?: KineticsDoc;
  /** Compartment whose size multiplies a named kinetic law; default: the first reactant's (else product's). */
  compartment?: string;
  description?: string;
}

export interface RuleDoc {
  type: 'assignment' | 'rate';
  variable: string;
  formula: string;
}

export interface InitialAssignmentDoc {
  symbol: string;
  formula: string;
}

export interface FunctionDoc {
  id: string;
  args: string[];
  formula: string;
}

export interface EventAssignmentDoc {
  variable: string;
  formula: string;
}

export interface EventDoc {
  id: string;
  name?: string;
  /** Boolean expression; the event fires when it goes from false to true. */
  trigger: string;
  /** Delay expression (model time units); default none. */
  delay?: string;
  /** Priority expression (higher first) among events firing at the same time; default none. */
  priority?: string;
  /** SBML: if false, a delayed event is cancelled when its trigger turns false before it executes. Default true. */
  persistent?: boolean;
  /** SBML: trigger value assumed just before t0. Default true (a trigger already true at t0 does not fire). */
  initialValue?: boolean;
  /** SBML: assignments use values from the trigger time (true, default) or the execution time. */
  useValuesFromTriggerTime?: boolean;
  assignments: EventAssignmentDoc[];
}

export interface ObservableDoc {
  id: string;
  name?: string;
  formula: string;
  unit?: string;
  description?: string;
}

/** A module instance: `module` is instantiated under `id`; its entities become `id.<entity>`. */
export interface InstanceDoc {
  id: string;
  module: string;
  /** Port bindings: module port id -> id in the enclosing model (e.g. `cytoplasm: donor_cell`). */
  bind?: Record<string, string>;
  /** Parameter overrides inside the instance: local parameter id -> value (in the parameter's unit). */
  set?: Record<string, number>;
}

/** The body shared by models and module definitions. */
export interface ModelBodyDoc {
  compartments?: CompartmentDoc[];
  species?: SpeciesDoc[];
  parameters?: ParameterDoc[];
  reactions?: ReactionDoc[];
  rules?: RuleDoc[];
  initialAssignments?: InitialAssignmentDoc[];
  functions?: FunctionDoc[];
  events?: EventDoc[];
  observables?: ObservableDoc[];
  instances?: InstanceDoc[];
}

/** A reusable module: its `ports` are entity ids that instances bind to entities of the enclosing model. */
export interface ModuleDoc extends ModelBodyDoc {
  id: string;
  name?: string;
  description?: string;
  ports?: string[];
}

export interface ModelDoc extends ModelBodyDoc {
  /** Format version; currently '1'. */
  exosim?: string;
  id: string;
  name?: string;
  description?: string;
  units?: UnitsDoc;
  /** Module definitions available to `instances`. */
  modules?: ModuleDoc[];
}

/**
 * A loaded model document plus where each part came from: `locations` maps a JSON-pointer-like path
 * (`species/2/initialAmount`, `reactions/0/rate`) to its source location, for diagnostics.
 */
export interface LoadedModel {
  doc: ModelDoc;
  file?: string;
  /** Raw text the model was read from (hashed into run records). */
  text: string;
  locations: Map<string, SourceLocation>;
}

// ---------------------------------------------------------------------------------------------------------
// The flat model: modules flattened (dotted ids), expressions parsed, numbers in the model's base units.
// ---------------------------------------------------------------------------------------------------------

/** A resolved unit: scale to SI-coherent base (s, m, mol, kg, cell, exosome) and dimension exponents. */
export interface ResolvedUnit {
  /** The text the user wrote (normalised), e.g. `nM`, `1/s`. */
  text: string;
  /** Multiply a value in this unit by `scale` to get SI-coherent units. */
  scale: number;
  /** Exponents of [time, length, substance, mass, cell, exosome]. */
  dims: readonly [number, number, number, number, number, number];
}

export interface FlatCompartment {
  id: string;
  name?: string;
  /** Size in the model's volume unit. */
  size: number;
  unit: ResolvedUnit;
  constant: boolean;
}

export interface FlatSpecies {
  id: string;
  name?: string;
  compartment: string;
  /**
   * Initial value in model base units: an amount (model substance unit, or counts of cells/exosomes) when
   * initialKind = 'amount', a concentration (model substance / model volume) when 'concentration'.
   * NaN when an initial assignment sets it.
   */
  initial: number;
  initialKind: 'amount' | 'concentration';
  /** The declared unit (used for output): its dimensions tell amount vs concentration. */
  unit: ResolvedUnit;
  /** Factor turning the model-base value of this species (amount or concentration, as `unit`) into `unit`. */
  outputFactor: number;
  boundaryCondition: boolean;
  constant: boolean;
  hasOnlySubstanceUnits: boolean;
}

export interface FlatParameter {
  id: string;
  name?: string;
  /** Value in model base units. */
  value: number;
  unit?: ResolvedUnit;
  constant: boolean;
  /** Range in the declared unit. */
  range?: [number, number];
  source?: ParameterSource;
  description?: string;
}

export interface FlatSpeciesRef {
  species: string;
  stoichiometry: number;
  /**
   * Stoichiometry that varies in time (SBML: a species reference changed by a rule or event, time-varying L2
   * stoichiometryMath, a non-constant conversion factor): the species' rate term is stoichiometryExpr * rate,
   * evaluated continuously. When set, `stoichiometry` holds its value at t0 when known (else NaN) and is not used.
   */
  stoichiometryExpr?: Expr;
}

export interface FlatReaction {
  id: string;
  name?: string;
  reactants: FlatSpeciesRef[];
  products: FlatSpeciesRef[];
  modifiers: string[];
  reversible: boolean;
  /** Reaction rate in model substance / model time (named kinetic laws already expanded). */
  rate: Expr;
  /** SBML fast reaction: always at equilibrium (rate 0), eliminated by the compiler (src/compile/fast.ts). */
  fast?: boolean;
}

export interface FlatRule {
  variable: string;
  expr: Expr;
}

export interface FlatEvent {
  id: string;
  trigger: Expr;
  delay?: Expr;
  priority?: Expr;
  persistent: boolean;
  initialValue: boolean;
  useValuesFromTriggerTime: boolean;
  assignments: FlatRule[];
}

export interface FlatObservable {
  id: string;
  name?: string;
  expr: Expr;
  unit?: ResolvedUnit;
}

export interface FlatModel {
  id: string;
  name?: string;
  description?: string;
  /** The model's base units (all FlatModel numbers are in these). */
  units: { time: ResolvedUnit; substance: ResolvedUnit; volume: ResolvedUnit };
  compartments: FlatCompartment[];
  species: FlatSpecies[];
  parameters: FlatParameter[];
  reactions: FlatReaction[];
  assignmentRules: FlatRule[];
  rateRules: FlatRule[];
  initialAssignments: FlatRule[];
  /**
   * Implicit (algebraic) rules 0 = expr, each determining `variable` (SBML algebraic rules that are not linear in
   * their variable; linear ones arrive as assignment rules). Solved numerically by the compiler at every
   * evaluation (src/compile/algebraic.ts). The variable is then neither state nor set by another rule.
   */
  algebraicRules?: FlatRule[];
  /** User functions (the compiler inlines them). */
  functions: FunctionDef[];
  events: FlatEvent[];
  observables: FlatObservable[];
  /** Flat id (or `reactions.<id>` etc.) -> source location, for compile-time diagnostics. */
  locations: Map<string, SourceLocation>;
}
