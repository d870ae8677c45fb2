/**
 * Flattening: module instances become dotted entities (`donor.dicer.kcat`), ports are replaced by the ids
 * they are bound to, `set` overrides are applied, reaction equations and named kinetic laws are expanded into
 * rate expressions, and every number is converted into the model's base units (time, substance, volume;
 * counts of cells and exosomes stay counts). The input is not modified.
 */
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import {
  binary, id as idNode, num as numNode, parseExpression, transformBottomUp,
  type Expr, type FunctionDef,
} from '../expr/index.js';
import type {
  CompartmentDoc, FlatCompartment, FlatEvent, FlatModel, FlatObservable, FlatParameter, FlatReaction, FlatRule,
  FlatSpecies, FlatSpeciesRef, LoadedModel, ModelBodyDoc, ModelDoc, ModuleDoc, ParameterDoc, ParameterSource,
  ReactionDoc, ResolvedUnit, SpeciesDoc, SpeciesReferenceDoc,
} from './types.js';
import { LazyMap, locate } from './load.js';
import { baseScale, parseUnit, toBaseFactor, unit as mustUnit, type BaseUnits, type Dims } from './units.js';
import { validateAndFlatten } from './validate.js';

export type Path = (string | number)[];

// ---------------------------------------------------------------------------------------------- equations

export type EquationResult =
  | { ok: true; reactants: FlatSpeciesRef[]; products: FlatSpeciesRef[]; reversible: boolean }
  | { ok: false; message: string };

const EMPTY_SIDE = new Set(['', '∅', 'Ø', 'nothing', 'null']);
const TERM_RE = /^(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*\*?\s*)?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$/;

/**
 * Parse a reaction equation: `2 A + B -> C` (irreversible), `A <-> B` (reversible), `-> A` (source),
 * `A ->` (sink). `=>` and `<=>` are accepted too; coefficients may be written `2 A`, `2A` or `2*A`;
 * a species repeated on one side adds up (`A + A` = `2 A`).
 */
export function parseEquation(text: string): EquationResult {
  const arrows = [...text.matchAll(/<->|<=>|->|=>/g)];
  if (arrows.length !== 1) {
    return { ok: false, message: arrows.length === 0 ? `reaction equation '${text}' has no arrow (->, <->)` : `reaction equation '${text}' has ${arrows.length} arrows` };
  }
  const a = arrows[0]!;
  const reversible = a[0] === '<->' || a[0] === '<=>';
  const sides = [text.slice(0, a.index), text.slice(a.index + a[0].length)];
  const out: FlatSpeciesRef[][] = [];
  for (const side of sides) {
    const refs: FlatSpeciesRef[] = [];
    const s = side.trim();
    if (!EMPTY_SIDE.has(s)) {
      for (const raw of s.split('+')) {
        const term = raw.trim();
        const m = TERM_RE.exec(term);
        if (!m) return { ok: false, message: `cannot read '${term}' in reaction equation '${text}' (expected e.g. '2 A')` };
        const st = m[1] !== undefined ? Number(m[1]) : 1;
        const existing = refs.find((r) => r.species === m[2]);
        if (existing) existing.stoichiometry += st;
        else refs.push({ species: m[2]!, stoichiometry: st });
      }
    }
    out.push(refs);
  }
  return { ok: true, reactants: out[0]!, products: out[1]!, reversible };
}

function refsOf(list: (string | SpeciesReferenceDoc)[] | undefined): FlatSpeciesRef[] {
  const out: FlatSpeciesRef[] = [];
  for (const r of list ?? []) {
    const species = typeof r === 'string' ? r : r.species;
    const st = typeof r === 'string' ? 1 : r.stoichiometry ?? 1;
    const ex = out.find((x) => x.species === species);
    if (ex) ex.stoichiometry += st;
    else out.push({ species, stoichiometry: st });
  }
  return out;
}

/** Reactants, products and reversibility of a reaction document (from `equation` or the lists). */
export function reactionParticipants(r: ReactionDoc): EquationResult {
  if (r.equation !== undefined) {
    const eq = parseEquation(r.equation);
    if (!eq.ok) return eq;
    return { ...eq, reversible: r.reversible ?? eq.reversible };
  }
  return { ok: true, reactants: refsOf(r.reactants), products: refsOf(r.products), reversible: r.reversible ?? false };
}

// ---------------------------------------------------------------------------------------------- units

/** Default model units: s, mol, L. */
export function resolveBaseUnits(doc: ModelDoc): BaseUnits {
  const pick = (text: string | undefined, dflt: string, dims: Dims): ResolvedUnit => {
    if (text !== undefined) {
      const r = parseUnit(text);
      if (r.ok && r.unit.dims.every((x, i) => x === dims[i])) return r.unit;
    }
    return mustUnit(dflt);
  };
  return {
    time: pick(doc.units?.time, 's', [1, 0, 0, 0, 0, 0]),
    substance: pick(doc.units?.substance, 'mol', [0, 0, 1, 0, 0, 0]),
    volume: pick(doc.units?.volume, 'L', [0, 3, 0, 0, 0, 0]),
  };
}

/** Substance/volume in model base units (default species concentration unit). */
export function baseConcentrationUnit(base: BaseUnits): ResolvedUnit {
  return {
    text: `${base.substance.text}/${base.volume.text}`,
    scale: base.substance.scale / base.volume.scale,
    dims: [0, -3, 1, 0, 0, 0],
  };
}

export interface SpeciesUnitInfo {
  unit: ResolvedUnit;
  kind: 'amount' | 'concentration';
}

/**
 * The species' declared (or default) unit and whether its initial value is an amount or a concentration.
 * Returns undefined when the unit cannot be parsed or is neither an amount nor an amount per volume.
 */
export function speciesUnitInfo(sp: SpeciesDoc, base: BaseUnits): SpeciesUnitInfo | undefined {
  if (sp.unit === undefined) {
    return sp.initialConcentration !== undefined
      ? { unit: baseConcentrationUnit(base), kind: 'concentration' }
      : { unit: base.substance, kind: 'amount' };
  }
  const r = parseUnit(sp.unit);
  if (!r.ok) return undefined;
  const u = r.unit;
  if (u.dims[0] !== 0 || u.dims[3] !== 0) return undefined;
  if (u.dims[1] === -3) return { unit: u, kind: 'concentration' };
  if (u.dims[1] === 0) return { unit: u, kind: 'amount' };
  return undefined;
}

export function compartmentUnit(c: CompartmentDoc, base: BaseUnits): ResolvedUnit | undefined {
  if (c.unit === undefined) return base.volume;
  const r = parseUnit(c.unit);
  return r.ok ? r.unit : undefined;
}

// ---------------------------------------------------------------------------------------------- flatten core

/** Where each flat element came from (document paths), for diagnostics on the flat model. */
export interface FlatOrigins {
  entities: Map<string, Path>;
  assignmentRules: Path[];
  rateRules: Path[];
  initialAssignments: Path[];
  events: Path[];
  /** Event assignments: [event index][assignment index] -> path. */
  eventAssignments: Path[][];
  reactions: Path[];
  /** Flat ids whose `constant` was written explicitly as true. */
  explicitConstant: Set<string>;
  /** Parameter flat id -> declared unit (for overrides and describe). */
  parameterUnits: Map<string, ResolvedUnit | undefined>;
}

const RESERVED = new Set(['time', 'pi', 'avogadro']);

interface Scope {
  prefix: string;
  /** Port id -> flat id it is bound to. */
  ports: Map<string, string>;
  /** User function ids of this body. */
  functions: Set<string>;
  /** The body (document or module definition) being instantiated: key of the ParseCache. */
  body: ModelBodyDoc;
}

function flatId(scope: Scope, local: string): string {
  return scope.ports.get(local) ?? scope.prefix + local;
}

/**
 * Build the flat model. Assumes per-body validation passed (unknown ids etc.); anything it cannot resolve is
 * skipped. Exported for validateModel (which runs model-wide checks on the result).
 */
export function flattenCore(loaded: LoadedModel): { flat: FlatModel; origins: FlatOrigins; diagnostics: Diagnostic[] } {
  return flattenCoreWith(loaded, undefined);
}

/**
 * Expressions already parsed by the validator, per model body (the document or a module definition) and source
 * text. An expression that parsed without issues under the validator's options gives the same tree under
 * flattenCore's (options only add issues), so flattenCore renames the cached tree instead of parsing again.
 * Trees are never modified (renaming builds new nodes).
 */
export class ParseCache {
  private readonly byBody = new Map<ModelBodyDoc, Map<string, Expr>>();
  get(body: ModelBodyDoc, src: string): Expr | undefined {
    return this.byBody.get(body)?.get(src);
  }
  set(body: ModelBodyDoc, src: string, e: Expr): void {
    let m = this.byBody.get(body);
    if (!m) this.byBody.set(body, (m = new Map()));
    m.set(src, e);
  }
}

/** flattenCore reusing the validator's parsed expressions (see ParseCache). */
export function flattenCoreWith(loaded: LoadedModel, parsed: ParseCache | undefined): { flat: FlatModel; origins: FlatOrigins; diagnostics: Diagnostic[] } {
  const doc = loaded.doc;
  const base = resolveBaseUnits(doc);
  const diagnostics: Diagnostic[] = [];
  const modules = new Map<string, { mod: ModuleDoc; index: number }>();
  (doc.modules ?? []).forEach((m, index) => modules.set(m.id, { mod: m, index }));

  const flat: FlatModel = {
    id: doc.id,
    units: base,
    compartments: [],
    species: [],
    parameters: [],
    reactions: [],
    assignmentRules: [],
    rateRules: [],
    initialAssignments: [],
    functions: [],
    events: [],
    observables: [],
    locations: new Map(),
  };
  if (doc.name !== undefined) flat.name = doc.name;
  if (doc.description !== undefined) flat.description = doc.description;
  const origins: FlatOrigins = {
    entities: new Map(), assignmentRules: [], rateRules: [], initialAssignments: [], events: [], eventAssignments: [],
    reactions: [], explicitConstant: new Set(), parameterUnits: new Map(),
  };
  const overrides: { id: string; value: number; path: Path }[] = [];
  const compartmentById = new Map<string, FlatCompartment>();
  const speciesById = new Map<string, FlatSpecies>();
  // Source locations are resolved lazily (on first access of flat.locations), so a valid model never
  // forces loaded.locations (an expensive `yaml` parse, see load.ts) to be computed.
  const pendingLocations: [string, Path][] = [];
  flat.locations = new LazyMap((set) => {
    for (const [key, path] of pendingLocations) {
      const loc = locate(loaded.locations, path);
      if (loc.line !== undefined) set(key, loc);
    }
  });
  const setLoc = (key: string, path: Path) => {
    pendingLocations.push([key, [...path]]);
  };

  // One bottom-up pass: identifiers -> flat ids (substitute), calls of the body's own functions -> prefixed names.
  const renameExpr = (e: Expr, scope: Scope, locals?: ReadonlySet<string>): Expr =>
    transformBottomUp(e, (n) => {
      if (n.kind === 'id') return RESERVED.has(n.name) || locals?.has(n.name) ? n : idNode(flatId(scope, n.name), undefined);
      return n.kind === 'call' && scope.functions.has(n.fn) ? { ...n, fn: scope.prefix + n.fn } : n;
    });
  const parse = (src: string, scope: Scope, locals?: ReadonlySet<string>): Expr | undefined => {
    const cached = parsed?.get(scope.body, src);
    if (cached) return renameExpr(cached, scope, locals);
    const r = parseExpression(src, { functions: scope.functions });
    return r.ok ? renameExpr(r.expr, scope, locals) : undefined;
  };

  const instantiate = (body: ModelBodyDoc, basePath: Path, scope: Scope, stack: string[]) => {
    const isBound = (local: string) => scope.ports.has(local);
    for (const f of body.functions ?? []) {
      const bodyExpr = parse(f.formula, scope, new Set(f.args));
      if (bodyExpr) flat.functions.push({ id: scope.prefix + f.id, params: [...f.args], body: bodyExpr });
    }
    (body.compartments ?? []).forEach((c, i) => {
      if (isBound(c.id)) return;
      const u = compartmentUnit(c, base) ?? base.volume;
      const fid = flatId(scope, c.id);
      const fc: FlatCompartment = { id: fid, size: (c.size ?? 1) * toBaseFactor(base, u), unit: u, constant: c.constant ?? true };
      if (c.name !== undefined) fc.name = c.name;
      if (c.constant === true) origins.explicitConstant.add(fid);
      flat.compartments.push(fc);
      compartmentById.set(fid, fc);
      origins.entities.set(fid, [...basePath, 'compartments', i]);
      setLoc(fid, [...basePath, 'compartments', i]);
    });
    (body.parameters ?? []).forEach((p: ParameterDoc, i) => {
      if (isBound(p.id)) return;
      const fid = flatId(scope, p.id);
      let u: ResolvedUnit | undefined;
      if (p.unit !== undefined) {
        const r = parseUnit(p.unit);
        if (r.ok) u = r.unit;
      }
      const fp: FlatParameter = { id: fid, value: p.value === undefined ? NaN : p.value * (u ? toBaseFactor(base, u) : 1), constant: p.constant ?? true };
      if (p.name !== undefined) fp.name = p.name;
      if (u) fp.unit = u;
      if (p.range) fp.range = [p.range[0], p.range[1]];
      const src = sourceOf(p);
      if (src) fp.source = src;
      if (p.description !== undefined) fp.description = p.description;
      if (p.constant === true) origins.explicitConstant.add(fid);
      origins.parameterUnits.set(fid, u);
      flat.parameters.push(fp);
      origins.entities.set(fid, [...basePath, 'parameters', i]);
      setLoc(fid, [...basePath, 'parameters', i]);
    });
    (body.species ?? []).forEach((s, i) => {
      if (isBound(s.id)) return;
      const fid = flatId(scope, s.id);
      const info = speciesUnitInfo(s, base) ?? { unit: base.substance, kind: 'amount' as const };
      const baseUnit = info.kind === 'amount' ? info.unit.dims : info.unit.dims;
      const toBase = info.unit.scale / baseScale(base, baseUnit);
      const value = info.kind === 'amount' ? s.initialAmount : s.initialConcentration;
      const fs: FlatSpecies = {
        id: fid,
        compartment: flatId(scope, s.compartment),
        initial: value === undefined ? NaN : value * toBase,
        initialKind: info.kind,
        unit: info.unit,
        // base -> declared: the inverse of declared -> base.
        outputFactor: 1 / toBase,
        boundaryCondition: s.boundaryCondition ?? false,
        constant: s.constant ?? false,
        hasOnlySubstanceUnits: s.hasOnlySubstanceUnits ?? false,
      };
      if (s.name !== undefined) fs.name = s.name;
      if (s.constant === true) origins.explicitConstant.add(fid);
      flat.species.push(fs);
      speciesById.set(fid, fs);
      origins.entities.set(fid, [...basePath, 'species', i]);
      setLoc(fid, [...basePath, 'species', i]);
    });
    // Instances before reactions so that their species are known when expanding kinetic laws.
    (body.instances ?? []).forEach((inst, i) => {
      const m = modules.get(inst.module);
      if (!m || stack.includes(inst.module)) return;
      const ports = new Map<string, string>();
      for (const [port, outer] of Object.entries(inst.bind ?? {})) ports.set(port, flatId(scope, outer));
      const inner: Scope = {
        prefix: `${scope.prefix}${inst.id}.`,
        ports,
        functions: new Set((m.mod.functions ?? []).map((f) => f.id)),
        body: m.mod,
      };
      instantiate(m.mod, ['modules', m.index], inner, [...stack, inst.module]);
      for (const [k, v] of Object.entries(inst.set ?? {})) overrides.push({ id: flatId(inner, k), value: v, path: [...basePath, 'instances', i, 'set', k] });
    });
    (body.reactions ?? []).forEach((r, i) => {
      const path: Path = [...basePath, 'reactions', i];
      const parts = reactionParticipants(r);
      if (!parts.ok) return;
      const reactants = parts.reactants.map((x) => ({ species: flatId(scope, x.species), stoichiometry: x.stoichiometry }));
      const products = parts.products.map((x) => ({ species: flatId(scope, x.species), stoichiometry: x.stoichiometry }));
      let rate: Expr | undefined;
      if (r.rate !== undefined) rate = parse(r.rate, scope);
      else if (r.kinetics) rate = expandKinetics(r, reactants, products, parts.reversible, scope);
      if (!rate) return;
      const fr: FlatReaction = {
        id: flatId(scope, r.id),
        reactants,
        products,
        modifiers: (r.modifiers ?? []).map((m) => flatId(scope, m)),
        reversible: parts.reversible,
        rate,
      };
      if (r.name !== undefined) fr.name = r.name;
      flat.reactions.push(fr);
      origins.reactions.push(path);
      origins.entities.set(fr.id, path);
      setLoc(fr.id, path);
    });
    (body.rules ?? []).forEach((rule, i) => {
      const e = parse(rule.formula, scope);
      if (!e) return;
      const fr: FlatRule = { variable: flatId(scope, rule.variable), expr: e };
      const path: Path = [...basePath, 'rules', i];
      if (rule.type === 'assignment') {
        flat.assignmentRules.push(fr);
        origins.assignmentRules.push(path);
        setLoc(`assignmentRules.${fr.variable}`, path);
      } else {
        flat.rateRules.push(fr);
        origins.rateRules.push(path);
        setLoc(`rateRules.${fr.variable}`, path);
      }
    });
    (body.initialAssignments ?? []).forEach((ia, i) => {
      const e = parse(ia.formula, scope);
      if (!e) return;
      const fr: FlatRule = { variable: flatId(scope, ia.symbol), expr: e };
      flat.initialAssignments.push(fr);
      origins.initialAssignments.push([...basePath, 'initialAssignments', i]);
      setLoc(`initialAssignments.${fr.variable}`, [...basePath, 'initialAssignments', i]);
    });
    (body.events ?? []).forEach((ev, i) => {
      const path: Path = [...basePath, 'events', i];
      const trigger = parse(ev.trigger, scope);
      if (!trigger) return;
      const fe: FlatEvent = {
        id: flatId(scope, ev.id),
        trigger,
        persistent: ev.persistent ?? true,
        initialValue: ev.initialValue ?? true,
        useValuesFromTriggerTime: ev.useValuesFromTriggerTime ?? true,
        assignments: [],
      };
      if (ev.delay !== undefined) {
        const d = parse(ev.delay, scope);
        if (d) fe.delay = d;
      }
      if (ev.priority !== undefined) {
        const p = parse(ev.priority, scope);
        if (p) fe.priority = p;
      }
      const aPaths: Path[] = [];
      ev.assignments.forEach((a, j) => {
        const e = parse(a.formula, scope);
        if (e) {
          fe.assignments.push({ variable: flatId(scope, a.variable), expr: e });
          aPaths.push([...path, 'assignments', j]);
        }
      });
      flat.events.push(fe);
      origins.events.push(path);
      origins.eventAssignments.push(aPaths);
      origins.entities.set(fe.id, path);
      setLoc(fe.id, path);
    });
    (body.observables ?? []).forEach((o, i) => {
      const e = parse(o.formula, scope);
      if (!e) return;
      const fo: FlatObservable = { id: flatId(scope, o.id), expr: e };
      if (o.name !== undefined) fo.name = o.name;
      if (o.unit !== undefined) {
        const r = parseUnit(o.unit);
        if (r.ok) fo.unit = r.unit;
      }
      flat.observables.push(fo);
      origins.entities.set(fo.id, [...basePath, 'observables', i]);
      setLoc(fo.id, [...basePath, 'observables', i]);
    });
  };

  /**
   * Named kinetic laws (amounts when every participating species has hasOnlySubstanceUnits, otherwise
   * concentrations multiplied by the compartment size V so that the rate is in substance/time):
   *   massAction:      V * (kf * prod_R [R]^nu_R - kr * prod_P [P]^nu_P)
   *   michaelisMenten: V * vmax * S / (km + S)
   *   hill:            V * vmax * S^n / (k^n + S^n)
   */
  const expandKinetics = (
    r: ReactionDoc, reactants: FlatSpeciesRef[], products: FlatSpeciesRef[], reversible: boolean, scope: Scope,
  ): Expr | undefined => {
    const k = r.kinetics!;
    const participants = [...reactants, ...products];
    const allAmounts = participants.length > 0 && participants.every((p) => speciesById.get(p.species)?.hasOnlySubstanceUnits === true);
    const compId = r.compartment !== undefined ? flatId(scope, r.compartment)
      : speciesById.get(reactants[0]?.species ?? products[0]?.species ?? '')?.compartment;
    const withVolume = (e: Expr): Expr => (allAmounts || compId === undefined ? e : binary('*', idNode(compId), e));
    const power = (s: FlatSpeciesRef): Expr => (s.stoichiometry === 1 ? idNode(s.species) : binary('^', idNode(s.species), numNode(s.stoichiometry)));
    const product = (head: Expr, refs: FlatSpeciesRef[]): Expr => refs.reduce<Expr>((acc, s) => binary('*', acc, power(s)), head);
    if (k.law === 'massAction') {
      const kf = parse(k.kf, scope);
      if (!kf) return undefined;
      let e = product(kf, reactants);
      if (k.kr !== undefined && reversible) {
        const kr = parse(k.kr, scope);
        if (!kr) return undefined;
        e = binary('-', e, product(kr, products));
      }
      return withVolume(e);
    }
    const sId = k.substrate !== undefined ? flatId(scope, k.substrate) : reactants[0]?.species;
    if (sId === undefined) return undefined;
    const S = idNode(sId);
    const vmax = parse(k.vmax, scope);
    if (!vmax) return undefined;
    if (k.law === 'michaelisMenten') {
      const km = parse(k.km, scope);
      if (!km) return undefined;
      return withVolume(binary('/', binary('*', vmax, S), binary('+', km, S)));
    }
    const kk = parse(k.k, scope);
    const n = parse(k.n, scope);
    if (!kk || !n) return undefined;
    const Sn = binary('^', S, n);
    return withVolume(binary('/', binary('*', vmax, Sn), binary('+', binary('^', kk, n), Sn)));
  };

  instantiate(doc, [], { prefix: '', ports: new Map(), functions: new Set((doc.functions ?? []).map((f) => f.id)), body: doc }, []);

  for (const o of overrides) {
    const p = flat.parameters.find((x) => x.id === o.id);
    if (!p) continue;
    const u = origins.parameterUnits.get(o.id);
    p.value = o.value * (u ? toBaseFactor(base, u) : 1);
  }
  // A parameter or compartment assigned by a rule or event is not constant unless the user said so.
  const assigned = new Set<string>([
    ...flat.assignmentRules.map((r) => r.variable),
    ...flat.rateRules.map((r) => r.variable),
    ...flat.events.flatMap((e) => e.assignments.map((a) => a.variable)),
  ]);
  for (const p of flat.parameters) if (assigned.has(p.id) && !origins.explicitConstant.has(p.id)) p.constant = false;
  for (const c of flat.compartments) if (assigned.has(c.id) && !origins.explicitConstant.has(c.id)) c.constant = false;
  void compartmentById;
  return { flat, origins, diagnostics };
}

function sourceOf(p: ParameterDoc): ParameterSource | undefined {
  let s: ParameterSource | undefined;
  if (typeof p.source === 'string') s = { citation: p.source };
  else if (p.source) s = { ...p.source };
  if (p.confidence !== undefined) s = { ...(s ?? {}), confidence: s?.confidence ?? p.confidence };
  return s;
}

/**
 * Validate and flatten. Returns `flat` only when there are no errors (warnings are returned alongside).
 */
export function flattenModel(loaded: LoadedModel): { flat?: FlatModel; diagnostics: Diagnostic[] } {
  const v = validateAndFlatten(loaded);
  const diagnostics = v.diagnostics;
  if (hasErrors(diagnostics)) return { diagnostics };
  // validateAndFlatten already flattened the model for its model-wide checks (pass 2): reuse that result.
  const r = v.core ?? flattenCore(loaded);
  diagnostics.push(...r.diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { flat: r.flat, diagnostics };
}

/** Convenience for tests and the builder: the FunctionDefs of a flat model by id. */
export function functionMap(flat: FlatModel): Map<string, FunctionDef> {
  return new Map(flat.functions.map((f) => [f.id, f]));
}


