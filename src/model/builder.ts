/**
 * A typed fluent builder for model documents: the TypeScript twin of a YAML model file.
 *
 *   const doc = modelBuilder('decay').units({ time: 'min' })
 *     .compartment({ id: 'cell', size: 1, unit: 'pL' })
 *     .species({ id: 'A', compartment: 'cell', initialConcentration: 5, unit: 'nM' })
 *     .parameter({ id: 'k', value: 0.1, unit: '1/min' })
 *     .reaction({ id: 'r1', equation: 'A ->', kinetics: { law: 'massAction', kf: 'k' } })
 *     .build();
 *
 * The builder only assembles plain data (a ModelDoc); validation and flattening work on it exactly as on a
 * loaded file (wrap it with `loadedFromDoc`).
 */
import type {
  CompartmentDoc, EventDoc, FunctionDoc, InitialAssignmentDoc, InstanceDoc, LoadedModel, ModelBodyDoc, ModelDoc,
  ModuleDoc, ObservableDoc, ParameterDoc, ReactionDoc, RuleDoc, SpeciesDoc, UnitsDoc,
} from './types.js';

/** Shared body-building methods (model and module). */
export class BodyBuilder<Self> {
  protected readonly body: ModelBodyDoc = {};

  private push<K extends keyof ModelBodyDoc>(key: K, item: NonNullable<ModelBodyDoc[K]>[number]): Self {
    const list = (this.body[key] ?? []) as NonNullable<ModelBodyDoc[K]>[number][];
    list.push(item);
    (this.body as Record<string, unknown>)[key] = list;
    return this as unknown as Self;
  }

  compartment(c: CompartmentDoc): Self { return this.push('compartments', c); }
  species(s: SpeciesDoc): Self { return this.push('species', s); }
  parameter(p: ParameterDoc): Self { return this.push('parameters', p); }
  reaction(r: ReactionDoc): Self { return this.push('reactions', r); }
  /** `rule({type: 'assignment', variable, formula})` or `rule('rate', 'x', '-k*x')`. */
  rule(r: RuleDoc): Self;
  rule(type: RuleDoc['type'], variable: string, formula: string): Self;
  rule(a: RuleDoc | RuleDoc['type'], variable?: string, formula?: string): Self {
    const r: RuleDoc = typeof a === 'string' ? { type: a, variable: variable ?? '', formula: formula ?? '' } : a;
    return this.push('rules', r);
  }
  initialAssignment(symbol: string, formula: string): Self {
    const ia: InitialAssignmentDoc = { symbol, formula };
    return this.push('initialAssignments', ia);
  }
  function(f: FunctionDoc): Self { return this.push('functions', f); }
  event(e: EventDoc): Self { return this.push('events', e); }
  observable(o: ObservableDoc): Self;
  observable(id: string, formula: string, unit?: string): Self;
  observable(a: ObservableDoc | string, formula?: string, unit?: string): Self {
    const o: ObservableDoc = typeof a === 'string' ? { id: a, formula: formula ?? '', ...(unit !== undefined ? { unit } : {}) } : a;
    return this.push('observables', o);
  }
  instance(i: InstanceDoc): Self { return this.push('instances', i); }
}

export class ModuleBuilder extends BodyBuilder<ModuleBuilder> {
  private readonly head: Pick<ModuleDoc, 'id' | 'name' | 'description' | 'ports'>;
  constructor(id: string) {
    super();
    this.head = { id };
  }
  name(name: string): this { this.head.name = name; return this; }
  description(text: string): this { this.head.description = text; return this; }
  ports(...ids: string[]): this { this.head.ports = [...(this.head.ports ?? []), ...ids]; return this; }
  build(): ModuleDoc {
    return structuredClone({ ...this.head, ...this.body });
  }
}

export class ModelBuilder extends BodyBuilder<ModelBuilder> {
  private readonly head: Pick<ModelDoc, 'id' | 'name' | 'description' | 'units' | 'exosim'>;
  private readonly mods: ModuleDoc[] = [];
  constructor(id: string) {
    super();
    this.head = { exosim: '1', id };
  }
  name(name: string): this { this.head.name = name; return this; }
  description(text: string): this { this.head.description = text; return this; }
  units(u: UnitsDoc): this { this.head.units = { ...u }; return this; }
  /** Add a module definition: a ModuleDoc, a ModuleBuilder, or (id, build callback). */
  module(m: ModuleDoc | ModuleBuilder): this;
  module(id: string, define: (b: ModuleBuilder) => ModuleBuilder): this;
  module(a: ModuleDoc | ModuleBuilder | string, define?: (b: ModuleBuilder) => ModuleBuilder): this {
    if (typeof a === 'string') this.mods.push((define ? define(new ModuleBuilder(a)) : new ModuleBuilder(a)).build());
    else this.mods.push(a instanceof ModuleBuilder ? a.build() : structuredClone(a));
    return this;
  }
  /** The document (a fresh deep copy each call). */
  build(): ModelDoc {
    const doc: ModelDoc = { ...this.head, ...this.body };
    if (this.mods.length) doc.modules = this.mods;
    return structuredClone(doc);
  }
}

export function modelBuilder(id: string): ModelBuilder {
  return new ModelBuilder(id);
}

export function moduleBuilder(id: string): ModuleBuilder {
  return new ModuleBuilder(id);
}

/** Wrap a document built in code as a LoadedModel (no source locations). */
export function loadedFromDoc(doc: ModelDoc, file?: string): LoadedModel {
  const loaded: LoadedModel = { doc, text: JSON.stringify(doc), locations: new Map() };
  if (file !== undefined) loaded.file = file;
  return loaded;
}
