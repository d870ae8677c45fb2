/**
 * SBML export: FlatModel -> SBML Level 3 Version 2 core document (text), and the import-side reader of the
 * ExoSim annotations it writes (readExosimAnnotations, called by importSbml) so that export -> import gives back
 * the same flat model: ids, units, parameter sources, observables.
 *
 * What is written (SBML L3V2 core specification, sections 4.x):
 *  - unitDefinitions for the model's base units and every base-unit combination a quantity uses. FlatModel
 *    numbers are in the model's base units (FlatModel.units), so every value is exported as it is and its
 *    `units` attribute names the base-unit combination of its dimensions: e.g. a rate constant declared in 1/min
 *    in a model with time unit h is exported as value * 60 with units `u_per_time` = 1/h. Dimensions:
 *    time -> second, length^3k -> litre^k (other lengths -> metre), substance -> mole, mass -> kilogram,
 *    cell and exosome counts -> item (SBML has one count kind; the ExoSim annotation keeps which);
 *  - the model's timeUnits, substanceUnits, volumeUnits and extentUnits (= substance: kinetic laws are in model
 *    substance per model time);
 *  - compartments (size, constant, units), species (initialAmount or initialConcentration per initialKind,
 *    omitted when an initial assignment sets it; hasOnlySubstanceUnits, boundaryCondition, constant,
 *    substanceUnits: item for cell/exosome counts), parameters (value, constant, units), reactions (species
 *    references with stoichiometry and constant="true", modifiers, kineticLaw), assignment and rate rules,
 *    initial assignments, function definitions (lambda), events (trigger initialValue/persistent, delay,
 *    priority, useValuesFromTriggerTime, event assignments);
 *  - observables as non-constant parameters set by an assignment rule, marked as observables in the annotation;
 *  - stoichiometries that vary in time (FlatSpeciesRef.stoichiometryExpr) as species references with an id and
 *    constant="false" set by an assignment rule (L3V2 section 4.11.3), folded back on import;
 *  - species a kinetic law uses without being a reactant, product or modifier are added as modifiers (SBML
 *    requires it; libSBML rule 21121) and listed in the reaction's annotation (`implicitModifiers`), removed on import;
 *  - ExoSim function definitions may use model symbols and `time`, SBML lambdas only their arguments: each free
 *    symbol becomes an extra trailing argument passed at every call (`freeArguments` in the annotation);
 *  - MathML from src/sbml/mathml-write.ts.
 * Ids: flat ids of module instances hold dots (`donor.miR`), which SBML ids (SId) cannot: '.' becomes '__' and a
 * clash with another id gets a suffix `_2`, `_3`, ...; the original id is kept in the annotation.
 * Annotations: every exported compartment, species, parameter, reaction and event carries
 *   <exosim:data xmlns:exosim="https://exosim.dev/sbml/annotation/1" id="donor.miR" unit="nM" unitScale="1e-6"
 *                unitDims="0,-3,1,0,0,0" .../>
 * with, for parameters, <exosim:description>, <exosim:source citation doi url tag confidence note/> and
 * <exosim:range low high/> (range in the declared unit, as in FlatParameter.range); the model carries
 * <exosim:model version=... id=...> with the base units (text, SI scale, dimensions) and the description.
 */
import type { Expr } from '../expr/ast.js';
import { collectIdentifiers, forEachNode, transformBottomUp } from '../expr/traverse.js';
import { ExosimError, diag } from '../diagnostics.js';
import { isBooleanValued } from '../expr/simplify.js';
import type {
  Confidence,
  FlatModel,
  FlatObservable,
  FlatParameter,
  FlatSpeciesRef,
  ParameterSource,
  ResolvedUnit,
} from '../model/types.js';
import type { Dims } from '../model/units.js';
import { EXOSIM_VERSION } from '../version.js';
import { exprToMathml, formatSbmlNumber, functionToMathml, renderXml, xel, type MathmlWriteContext, type XNode } from './mathml-write.js';
import type { SbmlImportInfo } from './import.js';
import type { XmlElement } from './xml.js';

/** Namespace of ExoSim's SBML annotations (version 1 of their format). */
export const EXOSIM_ANNOTATION_NS = 'https://exosim.dev/sbml/annotation/1';
export const SBML_L3V2_NS = 'http://www.sbml.org/sbml/level3/version2/core';

export interface SbmlExportOptions {
  /** SBML model id (default: the flat model's id, made a valid SId). */
  id?: string;
}

const SID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A valid SId from any text: '.' -> '__', other invalid characters -> '_', leading digit -> '_' prefix. */
function toSid(s: string): string {
  let t = s.replace(/\./g, '__').replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(t)) t = `_${t}`;
  return t;
}

// ------------------------------------------------------------------------------------------------ units

const DIM_WORDS = ['time', 'length', 'substance', 'mass', 'item'] as const;

/**
 * Exported dimension exponents: [time, length, substance, mass, item] (cell and exosome counts are both `item`).
 */
function sbmlDims(d: Dims): [number, number, number, number, number] {
  return [d[0], d[1], d[2], d[3], d[4] + d[5]];
}

function unitDefId(d: [number, number, number, number, number]): string {
  if (d.every((x) => x === 0)) return 'dimensionless';
  const word = (i: number, k: number): string => {
    const name = i === 1 && k % 3 === 0 ? 'volume' : DIM_WORDS[i]!;
    const p = i === 1 && k % 3 === 0 ? Math.abs(k) / 3 : Math.abs(k);
    return p === 1 ? name : `${name}${p}`;
  };
  const num: string[] = [];
  const den: string[] = [];
  d.forEach((k, i) => {
    if (k > 0) num.push(word(i, k));
    else if (k < 0) den.push(word(i, k));
  });
  return `u_${num.join('_')}${den.length ? `${num.length ? '_' : ''}per_${den.join('_')}` : ''}`;
}

class UnitTable {
  readonly defs = new Map<string, XNode>();
  constructor(private readonly flat: FlatModel) {}

  /** Id of the unit definition for a value of dimensions `dims` in the model's base units (created on first use). */
  ref(dims: Dims): string {
    const d = sbmlDims(dims);
    const id = unitDefId(d);
    if (id === 'dimensionless' || this.defs.has(id)) return id;
    // One SBML <unit> per dimension, each carrying its base unit's scale: SBML unit value =
    // (multiplier * 10^scale * kind)^exponent, e.g. 1/h -> (3600 second)^-1, nM with base nmol, L -> (1e-9 mole)
    // (litre)^-1. Scales that are powers of ten go into `scale` (exact), the rest into `multiplier`.
    const b = this.flat.units;
    const kinds: { kind: string; exp: number; factor: number }[] = [];
    if (d[0]) kinds.push({ kind: 'second', exp: d[0], factor: b.time.scale });
    if (d[1] && d[1] % 3 === 0) kinds.push({ kind: 'litre', exp: d[1] / 3, factor: b.volume.scale / 1e-3 });
    else if (d[1]) kinds.push({ kind: 'metre', exp: d[1], factor: Math.cbrt(b.volume.scale) });
    if (d[2]) kinds.push({ kind: 'mole', exp: d[2], factor: b.substance.scale });
    if (d[3]) kinds.push({ kind: 'kilogram', exp: d[3], factor: 1 });
    if (d[4]) kinds.push({ kind: 'item', exp: d[4], factor: 1 });
    const units = kinds.map((k) => {
      const p10 = Math.round(Math.log10(k.factor));
      const pow10 = Math.abs(k.factor / Math.pow(10, p10) - 1) < 1e-12;
      return xel('unit', [
        ['kind', k.kind],
        ['exponent', String(k.exp)],
        ['scale', pow10 ? String(p10) : '0'],
        ['multiplier', pow10 ? '1' : formatSbmlNumber(k.factor)],
      ]);
    });
    this.defs.set(id, xel('unitDefinition', [['id', id], ['name', this.describe(dims)]], [xel('listOfUnits', [], units)]));
    return id;
  }

  /** Human-readable base-unit text, e.g. `nmol/L/h`. */
  describe(dims: Dims): string {
    const u = this.flat.units;
    const parts: [string, number][] = [];
    if (dims[1] % 3 === 0) parts.push([u.volume.text, dims[1] / 3]);
    else parts.push([`(${u.volume.text})^(1/3)`, dims[1]]);
    parts.unshift([u.time.text, dims[0]]);
    parts.splice(1, 0, [u.substance.text, dims[2]]);
    parts.push(['kg', dims[3]], ['cell', dims[4]], ['exosome', dims[5]]);
    const num = parts.filter(([, k]) => k > 0).map(([t, k]) => (k === 1 ? t : `${t}^${k}`));
    const den = parts.filter(([, k]) => k < 0).map(([t, k]) => (k === -1 ? t : `${t}^${-k}`));
    return `${num.length ? num.join('*') : '1'}${den.map((t) => `/${t}`).join('')}`;
  }
}

// ------------------------------------------------------------------------------------------------ annotations

const P = 'exosim:';

function unitAttrs(u: ResolvedUnit | undefined, prefix = 'unit'): [string, string | undefined][] {
  if (!u) return [];
  return [
    [prefix, u.text],
    [`${prefix}Scale`, formatSbmlNumber(u.scale)],
    [`${prefix}Dims`, u.dims.join(',')],
  ];
}

function annotation(attrs: [string, string | undefined][], children: XNode[] = []): XNode {
  return xel('annotation', [], [xel(`${P}data`, [['xmlns:exosim', EXOSIM_ANNOTATION_NS], ...attrs], children)]);
}

function sourceNode(s: ParameterSource): XNode {
  return xel(`${P}source`, [
    ['citation', s.citation],
    ['doi', s.doi],
    ['url', s.url],
    ['tag', s.tag],
    ['confidence', s.confidence],
    ['note', s.note],
  ]);
}

// ------------------------------------------------------------------------------------------------ export

function exportError(message: string, hint: string): ExosimError {
  return new ExosimError([diag('E_SBML_EXPORT', message, { hint })]);
}

/** Write a flat model as an SBML Level 3 Version 2 core document. Throws ExosimError (E_SBML_EXPORT). */
export function exportSbml(flat: FlatModel, opts: SbmlExportOptions = {}): string {
  if (opts.id !== undefined && !SID.test(opts.id)) {
    throw exportError(`the SBML model id '${opts.id}' is not a valid SBML identifier`, 'use letters, digits and underscores, not starting with a digit');
  }
  // ---- ids: flat id -> SBML id, unique across every SId of the model
  const used = new Set<string>();
  const sidOf = new Map<string, string>();
  const alloc = (flatId: string, table: Map<string, string> = sidOf): string => {
    const base = toSid(flatId);
    let s = base;
    for (let k = 2; used.has(s); k++) s = `${base}_${k}`;
    used.add(s);
    table.set(flatId, s);
    return s;
  };
  const modelSid = opts.id ?? toSid(flat.id);
  used.add(modelSid);
  for (const c of flat.compartments) alloc(c.id);
  for (const s of flat.species) alloc(s.id);
  for (const p of flat.parameters) alloc(p.id);
  for (const o of flat.observables) alloc(o.id);
  for (const f of flat.functions) alloc(f.id);
  const reactionSid = new Map<string, string>();
  for (const r of flat.reactions) alloc(r.id, reactionSid);
  const eventSid = new Map<string, string>();
  for (const e of flat.events) alloc(e.id, eventSid);

  const functions = new Set(flat.functions.map((f) => f.id));
  // ---- free variables of function definitions: an ExoSim function body may use model symbols and `time`, an SBML
  // lambda only its arguments. Each free symbol becomes an extra trailing argument, passed at every call (also
  // through nested calls): f(x) = k * x  ->  lambda(x, k, k * x), and f(S) -> f(S, k). Exact.
  const free = new Map<string, string[]>(flat.functions.map((f) => [f.id, []]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of flat.functions) {
      const params = new Set(f.params);
      const cur = free.get(f.id)!;
      const want: string[] = [];
      const add = (n: string) => {
        if (!params.has(n) && !want.includes(n)) want.push(n);
      };
      forEachNode(f.body, (n) => {
        if (n.kind === 'id' && n.name !== 'pi' && n.name !== 'avogadro') add(n.name);
        if (n.kind === 'call') for (const g of free.get(n.fn) ?? []) add(g);
      });
      if (want.length !== cur.length) {
        free.set(f.id, want);
        changed = true;
      }
    }
  }
  /** `e` with the free-variable arguments appended to every call of a user function. */
  const augment = (e: Expr): Expr =>
    transformBottomUp(e, (n) => {
      const extra = n.kind === 'call' ? free.get(n.fn) : undefined;
      return n.kind === 'call' && extra && extra.length ? { ...n, args: [...n.args, ...extra.map((x): Expr => ({ kind: 'id', name: x }))] } : n;
    });
  // functions whose value is a boolean (a comparison or logical expression, or a call of such a function)
  const booleanFunctions = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of flat.functions) {
      const b = f.body;
      if (!booleanFunctions.has(f.id) && (isBooleanValued(b) || b.kind === 'bool' || (b.kind === 'call' && booleanFunctions.has(b.fn)))) {
        booleanFunctions.add(f.id);
        changed = true;
      }
    }
  }
  const mathCtx = (where: string): MathmlWriteContext => ({
    where,
    functions,
    booleanFunctions,
    mapId: (name) => {
      const s = sidOf.get(name);
      if (s === undefined) {
        throw exportError(`${where} uses '${name}', which is not a compartment, species, parameter, observable or function of the model`, 'fix the model: every identifier must be declared');
      }
      return s;
    },
  });
  const math = (e: Expr, where: string, want: 'num' | 'bool' = 'num') => exprToMathml(augment(e), mathCtx(where), want);
  const ref = (flatId: string, where: string): string => mathCtx(where).mapId(flatId);

  const units = new UnitTable(flat);
  const base = flat.units;
  const uTime = units.ref(base.time.dims);
  const uSub = units.ref(base.substance.dims);
  const uVol = units.ref(base.volume.dims);

  // ---- function definitions
  const fdefs = flat.functions.map((f) => {
    const extra = free.get(f.id)!;
    const def = { id: f.id, params: [...f.params, ...extra], body: augment(f.body) };
    const ann = annotation([['id', f.id], ['freeArguments', extra.length ? extra.join(' ') : undefined]]);
    return xel('functionDefinition', [['id', sidOf.get(f.id)!]], [ann, functionToMathml(def, mathCtx(`function '${f.id}'`))]);
  });

  // ---- compartments
  const comps = flat.compartments.map((c) =>
    xel(
      'compartment',
      [
        ['id', sidOf.get(c.id)!],
        ['name', c.name],
        ['spatialDimensions', c.unit.dims[1] === 3 && c.unit.dims.every((k, i) => i === 1 || k === 0) ? '3' : undefined],
        ['size', formatSbmlNumber(c.size)],
        ['units', units.ref(c.unit.dims)],
        ['constant', String(c.constant)],
      ],
      [annotation([['id', c.id], ...unitAttrs(c.unit)])],
    ),
  );

  // ---- species
  const species = flat.species.map((s) => {
    const amountDims: Dims = s.initialKind === 'concentration' ? [s.unit.dims[0], s.unit.dims[1] + 3, s.unit.dims[2], s.unit.dims[3], s.unit.dims[4], s.unit.dims[5]] : s.unit.dims;
    const init = Number.isNaN(s.initial) ? undefined : formatSbmlNumber(s.initial);
    return xel(
      'species',
      [
        ['id', sidOf.get(s.id)!],
        ['name', s.name],
        ['compartment', ref(s.compartment, `species '${s.id}'`)],
        [s.initialKind === 'amount' ? 'initialAmount' : 'initialConcentration', init],
        ['substanceUnits', units.ref(amountDims)],
        ['hasOnlySubstanceUnits', String(s.hasOnlySubstanceUnits)],
        ['boundaryCondition', String(s.boundaryCondition)],
        ['constant', String(s.constant)],
      ],
      [annotation([['id', s.id], ['initialKind', s.initialKind], ['outputFactor', formatSbmlNumber(s.outputFactor)], ...unitAttrs(s.unit)])],
    );
  });

  // ---- parameters (and observables)
  const paramNode = (p: FlatParameter): XNode => {
    const kids: XNode[] = [];
    if (p.description !== undefined) kids.push(xel(`${P}description`, [], [p.description]));
    if (p.source) kids.push(sourceNode(p.source));
    if (p.range) kids.push(xel(`${P}range`, [['low', formatSbmlNumber(p.range[0])], ['high', formatSbmlNumber(p.range[1])]]));
    return xel(
      'parameter',
      [
        ['id', sidOf.get(p.id)!],
        ['name', p.name],
        ['value', formatSbmlNumber(p.value)],
        ['units', p.unit ? units.ref(p.unit.dims) : undefined],
        ['constant', String(p.constant)],
      ],
      [annotation([['id', p.id], ...unitAttrs(p.unit)], kids)],
    );
  };
  const observableNode = (o: FlatObservable): XNode =>
    xel(
      'parameter',
      [
        ['id', sidOf.get(o.id)!],
        ['name', o.name],
        ['units', o.unit ? units.ref(o.unit.dims) : undefined],
        ['constant', 'false'],
      ],
      [annotation([['id', o.id], ['observable', 'true'], ...unitAttrs(o.unit)])],
    );
  const params = [...flat.parameters.map(paramNode), ...flat.observables.map(observableNode)];

  // ---- initial assignments and rules
  const ias = flat.initialAssignments.map((r) =>
    xel('initialAssignment', [['symbol', ref(r.variable, `the initial assignment to '${r.variable}'`)]], [math(r.expr, `the initial assignment to '${r.variable}'`)]),
  );
  const rules = [
    ...flat.assignmentRules.map((r) =>
      xel('assignmentRule', [['variable', ref(r.variable, `the assignment rule for '${r.variable}'`)]], [math(r.expr, `the assignment rule for '${r.variable}'`)]),
    ),
    ...flat.rateRules.map((r) => xel('rateRule', [['variable', ref(r.variable, `the rate rule for '${r.variable}'`)]], [math(r.expr, `the rate rule for '${r.variable}'`)])),
    // implicit rules 0 = expr (the importer matches each back to the variable it determines)
    ...(flat.algebraicRules ?? []).map((r) => xel('algebraicRule', [], [math(r.expr, `the algebraic rule for '${r.variable}'`)])),
    ...flat.observables.map((o) => xel('assignmentRule', [['variable', sidOf.get(o.id)!]], [math(o.expr, `observable '${o.id}'`)])),
  ];

  // ---- reactions
  const srSid = new Map<string, string>();
  const stoichRules: XNode[] = [];
  const speciesIds = new Set(flat.species.map((x) => x.id));
  const reactions = flat.reactions.map((r) => {
    const where = `reaction '${r.id}'`;
    const sref = (x: FlatSpeciesRef) => {
      if (!x.stoichiometryExpr) {
        return xel('speciesReference', [
          ['species', ref(x.species, where)],
          ['stoichiometry', formatSbmlNumber(x.stoichiometry)],
          ['constant', 'true'],
        ]);
      }
      // Stoichiometry varying in time (SBML L3V2 section 4.11.3): a species reference with an id, constant="false",
      // set by an assignment rule. The annotation lets the importer fold the rule back into stoichiometryExpr.
      const srId = alloc(`${reactionSid.get(r.id)!}__${ref(x.species, where)}__stoichiometry`, srSid);
      stoichRules.push(xel('assignmentRule', [['variable', srId]], [math(x.stoichiometryExpr, `the stoichiometry of '${x.species}' in ${where}`)]));
      return xel(
        'speciesReference',
        [
          ['id', srId],
          ['species', ref(x.species, where)],
          ['stoichiometry', Number.isFinite(x.stoichiometry) ? formatSbmlNumber(x.stoichiometry) : undefined],
          ['constant', 'false'],
        ],
        [annotation([['stoichiometryExpr', 'true'], ['stoichiometry', formatSbmlNumber(x.stoichiometry)]])],
      );
    };
    // SBML: every species a kinetic law uses must be a reactant, product or modifier (libSBML rule 21121);
    // ExoSim does not ask for that, so the missing ones are added as modifiers and listed in the annotation.
    const listed = new Set([...r.reactants.map((x) => x.species), ...r.products.map((x) => x.species), ...r.modifiers]);
    const implicit = [...collectIdentifiers(augment(r.rate))].filter((n) => speciesIds.has(n) && !listed.has(n));
    const modifiers = [...r.modifiers, ...implicit];
    // SBML L3V2 has no `fast` attribute (removed from core): a fast reaction is marked in the ExoSim annotation
    // (other tools will simulate it as an ordinary reaction).
    const kids: XNode[] = [annotation([['id', r.id], ['implicitModifiers', implicit.length ? implicit.join(' ') : undefined], ['fast', r.fast ? 'true' : undefined]])];
    if (r.reactants.length) kids.push(xel('listOfReactants', [], r.reactants.map(sref)));
    if (r.products.length) kids.push(xel('listOfProducts', [], r.products.map(sref)));
    if (modifiers.length) kids.push(xel('listOfModifiers', [], modifiers.map((m) => xel('modifierSpeciesReference', [['species', ref(m, where)]]))));
    kids.push(xel('kineticLaw', [], [math(r.rate, `the rate of reaction '${r.id}'`)]));
    return xel('reaction', [['id', reactionSid.get(r.id)!], ['name', r.name], ['reversible', String(r.reversible)]], kids);
  });

  // ---- events
  const events = flat.events.map((ev) => {
    const where = `event '${ev.id}'`;
    const kids: XNode[] = [
      annotation([['id', ev.id]]),
      xel('trigger', [['initialValue', String(ev.initialValue)], ['persistent', String(ev.persistent)]], [math(ev.trigger, `the trigger of ${where}`, 'bool')]),
    ];
    if (ev.priority) kids.push(xel('priority', [], [math(ev.priority, `the priority of ${where}`)]));
    if (ev.delay) kids.push(xel('delay', [], [math(ev.delay, `the delay of ${where}`)]));
    if (ev.assignments.length) {
      kids.push(
        xel(
          'listOfEventAssignments',
          [],
          ev.assignments.map((a) =>
            xel('eventAssignment', [['variable', ref(a.variable, `the assignment to '${a.variable}' in ${where}`)]], [math(a.expr, `the assignment to '${a.variable}' in ${where}`)]),
          ),
        ),
      );
    }
    return xel('event', [['id', eventSid.get(ev.id)!], ['useValuesFromTriggerTime', String(ev.useValuesFromTriggerTime)]], kids);
  });

  // ---- model
  const modelAnn: XNode[] = [];
  if (flat.description !== undefined) modelAnn.push(xel(`${P}description`, [], [flat.description]));
  const modelAnnotation = xel('annotation', [], [
    xel(
      `${P}model`,
      [
        ['xmlns:exosim', EXOSIM_ANNOTATION_NS],
        ['version', EXOSIM_VERSION],
        ['id', flat.id],
        ...unitAttrs(base.time, 'timeUnit'),
        ...unitAttrs(base.substance, 'substanceUnit'),
        ...unitAttrs(base.volume, 'volumeUnit'),
      ],
      modelAnn,
    ),
  ]);
  const lists: XNode[] = [modelAnnotation];
  const list = (name: string, items: XNode[]) => {
    if (items.length) lists.push(xel(name, [], items));
  };
  list('listOfFunctionDefinitions', fdefs);
  list('listOfUnitDefinitions', [...units.defs.values()]);
  list('listOfCompartments', comps);
  list('listOfSpecies', species);
  list('listOfParameters', params);
  list('listOfInitialAssignments', ias);
  list('listOfRules', [...rules, ...stoichRules]);
  list('listOfReactions', reactions);
  list('listOfEvents', events);
  const model = xel(
    'model',
    [
      ['id', modelSid],
      ['name', flat.name],
      ['substanceUnits', uSub],
      ['timeUnits', uTime],
      ['volumeUnits', uVol],
      ['extentUnits', uSub],
    ],
    lists,
  );
  const doc = xel('sbml', [['xmlns', SBML_L3V2_NS], ['level', '3'], ['version', '2']], [model]);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + renderXml(doc);
}

// ------------------------------------------------------------------------------------------------ import side

/** The ExoSim annotation child of an element's <annotation>, if any. */
function exosimChild(el: XmlElement, name: string): XmlElement | undefined {
  const ann = el.children.find((c) => c.name === 'annotation');
  return ann?.children.find((c) => c.name === name && c.ns === EXOSIM_ANNOTATION_NS);
}

function readNum(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  if (t === 'NaN') return NaN;
  const x = Number(t);
  return t === '' || Number.isNaN(x) ? undefined : x;
}

/** A ResolvedUnit from `<prefix>`, `<prefix>Scale`, `<prefix>Dims` attributes (undefined when absent or malformed). */
function readUnit(a: Record<string, string>, prefix = 'unit'): ResolvedUnit | undefined {
  const text = a[prefix];
  const scale = readNum(a[`${prefix}Scale`]);
  const dims = (a[`${prefix}Dims`] ?? '').split(',').map((x) => Number(x));
  if (text === undefined || scale === undefined || !(scale > 0) || dims.length !== 6 || !dims.every((x) => Number.isInteger(x))) return undefined;
  return { text, scale, dims: dims as unknown as Dims };
}

const CONFIDENCE = new Set<string>(['high', 'medium', 'low']);

function readSource(el: XmlElement): ParameterSource | undefined {
  const a = el.attrs;
  const s: ParameterSource = {};
  if (a['citation'] !== undefined) s.citation = a['citation'];
  if (a['doi'] !== undefined) s.doi = a['doi'];
  if (a['url'] !== undefined) s.url = a['url'];
  if (a['tag'] !== undefined) s.tag = a['tag'];
  if (a['confidence'] !== undefined && CONFIDENCE.has(a['confidence'])) s.confidence = a['confidence'] as Confidence;
  if (a['note'] !== undefined) s.note = a['note'];
  return Object.keys(s).length ? s : undefined;
}

/**
 * Apply the ExoSim annotations of an SBML document (written by exportSbml) to the flat model importSbml built
 * from it: original ids (`donor.miR` for the SBML id `donor__miR`), declared units and output factors, the
 * model's base units, parameter descriptions, sources and ranges, and observables (parameters marked
 * `observable="true"` become FlatObservables again, their assignment rules removed). Documents without ExoSim
 * annotations are left unchanged. `mapId` is the importer's SBML id -> flat id map (reserved-word renames).
 * Modifies `flat` and `info` in place.
 */
export function readExosimAnnotations(flat: FlatModel, model: XmlElement, info: SbmlImportInfo | undefined, mapId: (sbmlId: string) => string = (s) => s): void {
  const modelAnn = exosimChild(model, 'model');
  if (modelAnn) {
    const t = readUnit(modelAnn.attrs, 'timeUnit');
    const s = readUnit(modelAnn.attrs, 'substanceUnit');
    const v = readUnit(modelAnn.attrs, 'volumeUnit');
    if (t && s && v) flat.units = { time: t, substance: s, volume: v };
    const id = modelAnn.attrs['id'];
    if (id !== undefined) flat.id = id;
    const desc = modelAnn.children.find((c) => c.name === 'description' && c.ns === EXOSIM_ANNOTATION_NS);
    if (desc) flat.description = desc.text;
  }
  // ---- per-element data, keyed by the importer's flat id (the SBML id after reserved-word renaming)
  const data = new Map<string, XmlElement>();
  const lists: [string, string][] = [
    ['listOfCompartments', 'compartment'],
    ['listOfSpecies', 'species'],
    ['listOfParameters', 'parameter'],
    ['listOfReactions', 'reaction'],
    ['listOfEvents', 'event'],
    ['listOfFunctionDefinitions', 'functionDefinition'],
  ];
  for (const [listName, item] of lists) {
    for (const l of model.children) {
      if (l.name !== listName) continue;
      for (const el of l.children) {
        const sid = el.attrs['id'];
        if (el.name !== item || sid === undefined) continue;
        const d = exosimChild(el, 'data');
        if (d) data.set(mapId(sid.trim()), d);
      }
    }
  }
  if (data.size === 0 && !modelAnn) return;
  /** Importer flat id -> original ExoSim id. */
  const flatIdOf = new Map<string, string>();
  for (const [fid, d] of data) flatIdOf.set(fid, d.attrs['id'] ?? fid);
  const sub = (d: XmlElement, name: string) => d.children.find((c) => c.name === name && c.ns === EXOSIM_ANNOTATION_NS);

  for (const c of flat.compartments) {
    const d = data.get(c.id);
    const u = d && readUnit(d.attrs);
    if (u) c.unit = u;
  }
  for (const s of flat.species) {
    const d = data.get(s.id);
    if (!d) continue;
    const u = readUnit(d.attrs);
    if (u) s.unit = u;
    const kind = d.attrs['initialKind'];
    if (kind === 'amount' || kind === 'concentration') s.initialKind = kind;
    const f = readNum(d.attrs['outputFactor']);
    if (f !== undefined && f > 0) s.outputFactor = f;
  }
  for (const p of flat.parameters) {
    const d = data.get(p.id);
    if (!d) continue;
    const u = readUnit(d.attrs);
    if (u) p.unit = u;
    else delete p.unit; // exported without a unit
    const desc = sub(d, 'description');
    if (desc) p.description = desc.text;
    const src = sub(d, 'source');
    const s = src && readSource(src);
    if (s) p.source = s;
    const range = sub(d, 'range');
    const lo = readNum(range?.attrs['low']);
    const hi = readNum(range?.attrs['high']);
    if (lo !== undefined && hi !== undefined) p.range = [lo, hi];
  }
  // ---- modifiers the exporter added (species used by a kinetic law without being listed in the reaction)
  for (const re of flat.reactions) {
    if (data.get(re.id)?.attrs['fast'] === 'true') re.fast = true;
    const imp = data.get(re.id)?.attrs['implicitModifiers'];
    if (imp === undefined) continue;
    const drop = new Set(imp.split(/\s+/).filter((x) => x !== ''));
    re.modifiers = re.modifiers.filter((m) => !drop.has(flatIdOf.get(m) ?? m));
  }
  // ---- variable stoichiometries the exporter wrote as species references set by an assignment rule
  const stoichIds = new Map<string, number>();
  for (const l of model.children) {
    if (l.name !== 'listOfReactions') continue;
    for (const re of l.children) {
      for (const lst of re.children) {
        if (lst.name !== 'listOfReactants' && lst.name !== 'listOfProducts') continue;
        for (const sr of lst.children) {
          const d = exosimChild(sr, 'data');
          const sid = sr.attrs['id'];
          if (d?.attrs['stoichiometryExpr'] === 'true' && sid !== undefined) stoichIds.set(mapId(sid.trim()), readNum(d.attrs['stoichiometry']) ?? NaN);
        }
      }
    }
  }
  if (stoichIds.size) {
    const ruleOf = new Map(flat.assignmentRules.map((r) => [r.variable, r]));
    const folded = new Set<string>();
    for (const re of flat.reactions) {
      for (const x of [...re.reactants, ...re.products]) {
        const e = x.stoichiometryExpr;
        const rule = e?.kind === 'id' && stoichIds.has(e.name) ? ruleOf.get(e.name) : undefined;
        if (!e || e.kind !== 'id' || !rule) continue;
        x.stoichiometryExpr = rule.expr;
        x.stoichiometry = stoichIds.get(e.name)!;
        folded.add(e.name);
      }
    }
    flat.parameters = flat.parameters.filter((p) => !folded.has(p.id));
    flat.assignmentRules = flat.assignmentRules.filter((r) => !folded.has(r.variable));
    for (const id of folded) {
      flat.locations.delete(id);
      flat.locations.delete(`rules.${id}`);
    }
  }
  // ---- observables: parameter + assignment rule -> FlatObservable (in the exported order)
  const observableIds = new Set(flat.parameters.filter((p) => data.get(p.id)?.attrs['observable'] === 'true').map((p) => p.id));
  if (observableIds.size) {
    const ruleOf = new Map(flat.assignmentRules.map((r) => [r.variable, r]));
    const keep: FlatParameter[] = [];
    for (const p of flat.parameters) {
      const rule = ruleOf.get(p.id);
      if (!observableIds.has(p.id) || !rule) {
        keep.push(p);
        continue;
      }
      const o: FlatObservable = { id: p.id, expr: rule.expr };
      if (p.name !== undefined) o.name = p.name;
      if (p.unit) o.unit = p.unit;
      flat.observables.push(o);
    }
    flat.parameters = keep;
    flat.assignmentRules = flat.assignmentRules.filter((r) => !(observableIds.has(r.variable) && flat.observables.some((o) => o.id === r.variable)));
  }
  // ---- original ids
  const rename = new Map<string, string>();
  for (const [fid, d] of data) {
    const orig = d.attrs['id'];
    if (orig !== undefined && orig !== fid) rename.set(fid, orig);
  }
  if (rename.size) renameFlat(flat, info, rename);
}

/** Rename ids everywhere in a flat model (entities, references, expressions, locations). */
function renameFlat(flat: FlatModel, info: SbmlImportInfo | undefined, rename: ReadonlyMap<string, string>): void {
  const r = (s: string) => rename.get(s) ?? s;
  const rx = (e: Expr, locals?: ReadonlySet<string>): Expr =>
    transformBottomUp(e, (n) => {
      if (n.kind === 'id' && !locals?.has(n.name) && rename.has(n.name)) return { ...n, name: r(n.name) };
      if (n.kind === 'call' && rename.has(n.fn)) return { ...n, fn: r(n.fn) };
      return n;
    });
  for (const c of flat.compartments) c.id = r(c.id);
  for (const s of flat.species) {
    s.id = r(s.id);
    s.compartment = r(s.compartment);
  }
  for (const p of flat.parameters) p.id = r(p.id);
  for (const re of flat.reactions) {
    re.id = r(re.id);
    for (const x of [...re.reactants, ...re.products]) {
      x.species = r(x.species);
      if (x.stoichiometryExpr) x.stoichiometryExpr = rx(x.stoichiometryExpr);
    }
    re.modifiers = re.modifiers.map(r);
    re.rate = rx(re.rate);
  }
  for (const list of [flat.assignmentRules, flat.rateRules, flat.initialAssignments, flat.algebraicRules ?? []]) {
    for (const rule of list) {
      rule.variable = r(rule.variable);
      rule.expr = rx(rule.expr);
    }
  }
  for (const f of flat.functions) {
    f.id = r(f.id);
    f.body = rx(f.body, new Set(f.params));
  }
  for (const ev of flat.events) {
    ev.id = r(ev.id);
    ev.trigger = rx(ev.trigger);
    if (ev.delay) ev.delay = rx(ev.delay);
    if (ev.priority) ev.priority = rx(ev.priority);
    for (const a of ev.assignments) {
      a.variable = r(a.variable);
      a.expr = rx(a.expr);
    }
  }
  for (const o of flat.observables) {
    o.id = r(o.id);
    o.expr = rx(o.expr);
  }
  const locs = new Map<string, (typeof flat.locations extends Map<string, infer V> ? V : never)>();
  for (const [k, v] of flat.locations) {
    const dot = k.indexOf('.');
    const prefix = dot > 0 ? k.slice(0, dot) : '';
    const known = ['rules', 'reactions', 'events', 'initialAssignments'];
    locs.set(rename.has(k) ? r(k) : known.includes(prefix) && rename.has(k.slice(dot + 1)) ? `${prefix}.${r(k.slice(dot + 1))}` : k, v);
  }
  flat.locations = locs;
  if (info) {
    info.speciesIds = info.speciesIds.map(r);
    info.compartmentOf = Object.fromEntries(Object.entries(info.compartmentOf).map(([k, v]) => [r(k), r(v)]));
  }
}
