/**
 * The document schema (zod 4) for ExoSim model files: the runtime twin of `ModelDoc` in types.ts.
 * Objects are strict so a typo (`intialAmount`) is an error, not a silently ignored key.
 * `modelJsonSchema()` renders it as JSON Schema for docs and editors.
 */
import { z } from 'zod';

/** Local ids: letters, digits, underscore; no dots (dots name entities inside module instances). */
const ID_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** References may be dotted (`donor.dicer.kcat`) to reach into module instances. */
const REF_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export const idSchema = z.string().regex(ID_RE, { message: 'must be an identifier (letters, digits, _; not starting with a digit)' });
const refSchema = z.string().regex(REF_RE, { message: 'must be an identifier, optionally dotted (inst.id)' });

/**
 * Any JS number, including NaN and +-Infinity (YAML `.nan`, `.inf`): the validator reports those with
 * precise codes (E_INVALID_INITIAL_VALUE) instead of a generic schema error.
 */
const num = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' }).meta({ type: 'number' });

const confidence = z.enum(['high', 'medium', 'low']);

export const unitsSchema = z.strictObject({
  time: z.string().optional(),
  substance: z.string().optional(),
  volume: z.string().optional(),
});

export const compartmentSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  size: num.optional(),
  unit: z.string().optional(),
  constant: z.boolean().optional(),
  description: z.string().optional(),
});

export const speciesSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  compartment: refSchema,
  initialAmount: num.optional(),
  initialConcentration: num.optional(),
  unit: z.string().optional(),
  boundaryCondition: z.boolean().optional(),
  constant: z.boolean().optional(),
  hasOnlySubstanceUnits: z.boolean().optional(),
  description: z.string().optional(),
});

export const parameterSourceSchema = z.strictObject({
  citation: z.string().optional(),
  doi: z.string().optional(),
  url: z.string().optional(),
  confidence: confidence.optional(),
  tag: z.string().optional(),
  note: z.string().optional(),
});

export const parameterSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  value: num.optional(),
  unit: z.string().optional(),
  constant: z.boolean().optional(),
  range: z.tuple([num, num]).optional(),
  source: z.union([z.string(), parameterSourceSchema]).optional(),
  confidence: confidence.optional(),
  description: z.string().optional(),
});

export const speciesReferenceSchema = z.strictObject({
  species: refSchema,
  stoichiometry: num.optional(),
});

/** Expressions are strings; a bare YAML number (`formula: 2`) is accepted and kept as its text. */
const expr = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

export const massActionSchema = z.strictObject({ law: z.literal('massAction'), kf: expr, kr: expr.optional() });
export const michaelisMentenSchema = z.strictObject({
  law: z.literal('michaelisMenten'), vmax: expr, km: expr, substrate: refSchema.optional(),
});
export const hillSchema = z.strictObject({
  law: z.literal('hill'), vmax: expr, k: expr, n: expr, substrate: refSchema.optional(),
});
export const kineticsSchema = z.discriminatedUnion('law', [massActionSchema, michaelisMentenSchema, hillSchema]);

export const reactionSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  equation: z.string().optional(),
  reactants: z.array(z.union([refSchema, speciesReferenceSchema])).optional(),
  products: z.array(z.union([refSchema, speciesReferenceSchema])).optional(),
  modifiers: z.array(refSchema).optional(),
  reversible: z.boolean().optional(),
  rate: expr.optional(),
  kinetics: kineticsSchema.optional(),
  compartment: refSchema.optional(),
  description: z.string().optional(),
});

export const ruleSchema = z.strictObject({
  type: z.enum(['assignment', 'rate']),
  variable: refSchema,
  formula: expr,
});

export const initialAssignmentSchema = z.strictObject({ symbol: refSchema, formula: expr });

export const functionSchema = z.strictObject({ id: idSchema, args: z.array(idSchema), formula: expr });

export const eventAssignmentSchema = z.strictObject({ variable: refSchema, formula: expr });

export const eventSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  trigger: expr,
  delay: expr.optional(),
  priority: expr.optional(),
  persistent: z.boolean().optional(),
  initialValue: z.boolean().optional(),
  useValuesFromTriggerTime: z.boolean().optional(),
  assignments: z.array(eventAssignmentSchema),
});

export const observableSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  formula: expr,
  unit: z.string().optional(),
  description: z.string().optional(),
});

export const instanceSchema = z.strictObject({
  id: idSchema,
  module: idSchema,
  bind: z.record(z.string(), refSchema).optional(),
  set: z.record(z.string(), num).optional(),
});

const bodyShape = {
  compartments: z.array(compartmentSchema).optional(),
  species: z.array(speciesSchema).optional(),
  parameters: z.array(parameterSchema).optional(),
  reactions: z.array(reactionSchema).optional(),
  rules: z.array(ruleSchema).optional(),
  initialAssignments: z.array(initialAssignmentSchema).optional(),
  functions: z.array(functionSchema).optional(),
  events: z.array(eventSchema).optional(),
  observables: z.array(observableSchema).optional(),
  instances: z.array(instanceSchema).optional(),
};

export const moduleSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  description: z.string().optional(),
  ports: z.array(idSchema).optional(),
  ...bodyShape,
});

export const modelDocSchema = z.strictObject({
  exosim: z.union([z.string(), z.number()]).optional(),
  id: idSchema,
  name: z.string().optional(),
  description: z.string().optional(),
  units: unitsSchema.optional(),
  modules: z.array(moduleSchema).optional(),
  ...bodyShape,
});

/** The model document schema as JSON Schema (draft 2020-12), for docs and editor completion. */
export function modelJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(modelDocSchema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}

/**
 * Allowed keys of the object found at a document path (numbers are array indices), for "unknown key" hints.
 * Returns undefined when the path does not lead to a known object kind.
 */
export function allowedKeysAt(path: readonly (string | number)[], value?: unknown): string[] | undefined {
  const names = path.filter((p): p is string => typeof p === 'string');
  const last = names[names.length - 1];
  const inModule = names[0] === 'modules';
  if (path.length === 0) return Object.keys(modelDocSchema.shape);
  if (inModule && names.length === 1) return Object.keys(moduleSchema.shape);
  const keysOf = (s: { shape: Record<string, unknown> }) => Object.keys(s.shape);
  switch (last) {
    case 'units': return keysOf(unitsSchema);
    case 'compartments': return keysOf(compartmentSchema);
    case 'species': return keysOf(speciesSchema);
    case 'parameters': return keysOf(parameterSchema);
    case 'source': return keysOf(parameterSourceSchema);
    case 'reactions': return keysOf(reactionSchema);
    case 'reactants':
    case 'products': return keysOf(speciesReferenceSchema);
    case 'kinetics': {
      const law = (value as { law?: unknown } | undefined)?.law;
      if (law === 'michaelisMenten') return keysOf(michaelisMentenSchema);
      if (law === 'hill') return keysOf(hillSchema);
      return keysOf(massActionSchema);
    }
    case 'rules': return keysOf(ruleSchema);
    case 'initialAssignments': return keysOf(initialAssignmentSchema);
    case 'functions': return keysOf(functionSchema);
    case 'events': return keysOf(eventSchema);
    case 'assignments': return keysOf(eventAssignmentSchema);
    case 'observables': return keysOf(observableSchema);
    case 'instances': return keysOf(instanceSchema);
    case 'modules': return keysOf(moduleSchema);
    default: return undefined;
  }
}
