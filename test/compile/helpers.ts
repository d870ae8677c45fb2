/** Hand-built FlatModels for compiler tests (independent of the model loader). Base units: s, mol, L. */
import type { Expr, FunctionDef } from '../../src/expr/ast.js';
import { parseExpression } from '../../src/expr/index.js';
import { compileModel, type CompileOptions } from '../../src/compile/index.js';
import { compileModelText } from '../../src/pipeline.js';
import type {
  FlatCompartment,
  FlatEvent,
  FlatModel,
  FlatParameter,
  FlatReaction,
  FlatRule,
  FlatSpecies,
  ResolvedUnit,
} from '../../src/model/types.js';

type Dims = ResolvedUnit['dims'];
const D = (t: number, l: number, n: number): Dims => [t, l, n, 0, 0, 0];
export const U = {
  s: { text: 's', scale: 1, dims: D(1, 0, 0) } as ResolvedUnit,
  mol: { text: 'mol', scale: 1, dims: D(0, 0, 1) } as ResolvedUnit,
  mmol: { text: 'mmol', scale: 1e-3, dims: D(0, 0, 1) } as ResolvedUnit,
  L: { text: 'L', scale: 1e-3, dims: D(0, 3, 0) } as ResolvedUnit,
  mL: { text: 'mL', scale: 1e-6, dims: D(0, 3, 0) } as ResolvedUnit,
  M: { text: 'M', scale: 1e3, dims: D(0, -3, 1) } as ResolvedUnit,
  mM: { text: 'mM', scale: 1, dims: D(0, -3, 1) } as ResolvedUnit,
  perS: { text: '1/s', scale: 1, dims: D(-1, 0, 0) } as ResolvedUnit,
  perMin: { text: '1/min', scale: 1 / 60, dims: D(-1, 0, 0) } as ResolvedUnit,
  dimensionless: { text: 'dimensionless', scale: 1, dims: D(0, 0, 0) } as ResolvedUnit,
};

export function ex(src: string, functions: string[] = []): Expr {
  const r = parseExpression(src, { functions: new Set(functions) });
  if (!r.ok) throw new Error(`bad test expression '${src}': ${r.issues.map((i) => i.message).join('; ')}`);
  return r.expr;
}

export function comp(id: string, size = 1, unit: ResolvedUnit = U.L): FlatCompartment {
  return { id, size, unit, constant: true };
}

/** Species; `kind` says what `initial` is. Amount species are declared in mol, concentration ones in M (factor 1). */
export function sp(
  id: string,
  compartment: string,
  initial: number,
  o: Partial<Omit<FlatSpecies, 'id' | 'compartment' | 'initial'>> = {},
): FlatSpecies {
  const kind = o.initialKind ?? 'concentration';
  return {
    id,
    compartment,
    initial,
    initialKind: kind,
    unit: o.unit ?? (kind === 'amount' ? U.mol : U.M),
    outputFactor: o.outputFactor ?? 1,
    boundaryCondition: o.boundaryCondition ?? false,
    constant: o.constant ?? false,
    hasOnlySubstanceUnits: o.hasOnlySubstanceUnits ?? false,
  };
}

export function par(id: string, value: number, o: Partial<FlatParameter> = {}): FlatParameter {
  return { id, value, constant: o.constant ?? true, ...o };
}

/** Reaction from `A + 2 B -> C` style lists. */
export function rx(id: string, reactants: string[], products: string[], rate: string): FlatReaction {
  const refs = (xs: string[]) =>
    xs.map((x) => {
      const m = /^(\d+(?:\.\d+)?)\s+(\S+)$/.exec(x.trim());
      return m ? { species: m[2]!, stoichiometry: Number(m[1]) } : { species: x.trim(), stoichiometry: 1 };
    });
  return { id, reactants: refs(reactants), products: refs(products), modifiers: [], reversible: false, rate: ex(rate) };
}

export function rule(variable: string, formula: string): FlatRule {
  return { variable, expr: ex(formula) };
}

export function event(
  id: string,
  trigger: string,
  assignments: [string, string][],
  o: { delay?: string; priority?: string; persistent?: boolean; initialValue?: boolean; useValuesFromTriggerTime?: boolean } = {},
): FlatEvent {
  const e: FlatEvent = {
    id,
    trigger: ex(trigger),
    persistent: o.persistent ?? true,
    initialValue: o.initialValue ?? true,
    useValuesFromTriggerTime: o.useValuesFromTriggerTime ?? true,
    assignments: assignments.map(([v, f]) => rule(v, f)),
  };
  if (o.delay) e.delay = ex(o.delay);
  if (o.priority) e.priority = ex(o.priority);
  return e;
}

export function model(m: Partial<FlatModel> & { functions?: FunctionDef[] }): FlatModel {
  return {
    id: m.id ?? 'test',
    units: m.units ?? { time: U.s, substance: U.mol, volume: U.L },
    compartments: m.compartments ?? [comp('V', 1)],
    species: m.species ?? [],
    parameters: m.parameters ?? [],
    reactions: m.reactions ?? [],
    assignmentRules: m.assignmentRules ?? [],
    rateRules: m.rateRules ?? [],
    initialAssignments: m.initialAssignments ?? [],
    functions: m.functions ?? [],
    events: m.events ?? [],
    observables: m.observables ?? [],
    locations: m.locations ?? new Map(),
  };
}

/** Column of a simulation result by id. */
export function col(res: { columns: { id: string }[]; values: Float64Array[] }, idv: string): Float64Array {
  const k = res.columns.findIndex((c) => c.id === idv);
  if (k < 0) throw new Error(`no column ${idv}`);
  return res.values[k]!;
}

/** Deterministic uniform numbers in [0, 1) (a 32-bit LCG; tests only). */
export function lcg(seed = 12345): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Both kernel back ends: generated JavaScript and the interpreter (the same tests run on both; DESIGN.md). */
export const CODEGEN_MODES = ['js', 'interpret'] as const;
export type CodegenMode = (typeof CODEGEN_MODES)[number];

/** compileModel with the back end fixed to `mode`. */
export function compilerFor(mode: CodegenMode): (m: FlatModel, o?: CompileOptions) => ReturnType<typeof compileModel> {
  return (m, o = {}) => compileModel(m, { ...o, codegen: mode });
}

/** compileModelText with the back end fixed to `mode`. */
export function textCompilerFor(mode: CodegenMode): typeof compileModelText {
  return (text, o = {}) => compileModelText(text, { ...o, codegen: mode });
}
