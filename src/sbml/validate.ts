/**
 * Structural validation of an SBML document before import: the checks libSBML would make that the importer
 * needs to give clear errors instead of silent defaults or confusing messages later.
 *
 *  - Level and version: the <sbml> namespace must be a known SBML core namespace (L2V1-5, L3V1-2) and agree with
 *    the `level` / `version` attributes (E_SBML_LEVEL_VERSION).
 *  - Required attributes the importer cannot do without (ids; a species' compartment; a species reference's
 *    species; a rule's or event assignment's variable; an initial assignment's symbol; a unit's kind): E_SBML_INVALID.
 *  - Attribute values: numbers must be XML Schema doubles (`1`, `-2.5e-3`, `INF`, `-INF`, `NaN`), booleans
 *    `true` / `false` / `1` / `0`, ids SBML SIds (letter or `_`, then letters, digits, `_`): E_SBML_BAD_VALUE.
 *  - Identifiers (SBML L3V2 section 3.3): one global SId namespace (the model, function definitions, compartment and
 *    species types, compartments, species, parameters, reactions, species references, events and, in L3V2, any
 *    other element with an id); unit definitions have their own namespace; local parameters are scoped to their
 *    kinetic law, where they shadow global ids; lambda `bvar`s are scoped to their function. A repeated id in one
 *    namespace is E_SBML_DUPLICATE_ID.
 *  - References: compartment=, species=, variable=, symbol=, conversionFactor=, compartmentType=, speciesType=,
 *    outside=, the *Units= attributes (unit definitions or SBML base units) and every MathML `<ci>` must name a
 *    declared id of a fitting kind (E_SBML_INVALID, with the closest declared ids as a hint). `<csymbol>`s (time,
 *    delay, avogadro, rateOf) are not ids.
 * Elements in package namespaces, annotations and notes are not inspected (the importer refuses packages by name
 * before this runs). Messages name the element; the Diagnostic carries file, line and column.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { closestNames } from '../model/units.js';
import { MATHML_NS } from './mathml.js';
import type { XmlElement } from './xml.js';

/** Known SBML core namespaces and their level and version. */
const CORE_NAMESPACES: Record<string, [number, number]> = {
  'http://www.sbml.org/sbml/level1': [1, 2],
  'http://www.sbml.org/sbml/level2': [2, 1],
  'http://www.sbml.org/sbml/level2/version2': [2, 2],
  'http://www.sbml.org/sbml/level2/version3': [2, 3],
  'http://www.sbml.org/sbml/level2/version4': [2, 4],
  'http://www.sbml.org/sbml/level2/version5': [2, 5],
  'http://www.sbml.org/sbml/level3/version1/core': [3, 1],
  'http://www.sbml.org/sbml/level3/version2/core': [3, 2],
};

/** SBML base units (L3V2 Table 2, plus the Level 2 spellings) and the Level 2 predefined unit ids. */
const BASE_UNITS = new Set([
  'ampere', 'avogadro', 'becquerel', 'candela', 'celsius', 'Celsius', 'coulomb', 'dimensionless', 'farad', 'gram',
  'gray', 'henry', 'hertz', 'item', 'joule', 'katal', 'kelvin', 'kilogram', 'liter', 'litre', 'lumen', 'lux',
  'meter', 'metre', 'mole', 'newton', 'ohm', 'pascal', 'radian', 'second', 'siemens', 'sievert', 'steradian',
  'tesla', 'volt', 'watt', 'weber',
  // Level 2 predefined units (L2V4 section 4.4.3)
  'substance', 'volume', 'area', 'length', 'time',
]);

const UNIT_ATTRIBUTES = ['units', 'substanceUnits', 'timeUnits', 'volumeUnits', 'areaUnits', 'lengthUnits', 'extentUnits', 'spatialSizeUnits'];
const NUMBER_ATTRIBUTES = [
  'size', 'volume', 'spatialDimensions', 'initialAmount', 'initialConcentration', 'charge', 'value', 'stoichiometry',
  'denominator', 'exponent', 'scale', 'multiplier', 'offset',
];
const BOOLEAN_ATTRIBUTES = ['constant', 'boundaryCondition', 'hasOnlySubstanceUnits', 'reversible', 'fast', 'persistent', 'initialValue', 'useValuesFromTriggerTime'];

/** XML Schema double (whitespace collapsed), as SBML uses it. */
const XSD_DOUBLE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?INF$|^NaN$/;
const XSD_BOOLEAN = /^(?:true|false|1|0)$/;
const SID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Required attributes the importer cannot do without, by element name. */
const REQUIRED: Record<string, string[]> = {
  functionDefinition: ['id'],
  unitDefinition: ['id'],
  unit: ['kind'],
  compartmentType: ['id'],
  speciesType: ['id'],
  compartment: ['id'],
  species: ['id', 'compartment'],
  parameter: ['id'],
  localParameter: ['id'],
  reaction: ['id'],
  speciesReference: ['species'],
  modifierSpeciesReference: ['species'],
  assignmentRule: ['variable'],
  rateRule: ['variable'],
  initialAssignment: ['symbol'],
  eventAssignment: ['variable'],
};

/** Elements whose id means a value in math (or a function, as the head of an <apply>). */
const VALUE_KINDS = new Set(['compartment', 'species', 'parameter', 'reaction', 'speciesReference', 'modifierSpeciesReference']);
/** Kinds rules, initial assignments and event assignments may target (the importer refines this further). */
const ASSIGNABLE_KINDS = new Set(['compartment', 'species', 'parameter', 'speciesReference', 'modifierSpeciesReference']);

/** What an attribute refers to: the kinds it accepts, the noun for messages, and whether it sets the target. */
const REFERENCES: Record<string, Record<string, { kinds: string[]; noun: string }>> = {
  species: {
    compartment: { kinds: ['compartment'], noun: 'compartment' },
    speciesType: { kinds: ['speciesType'], noun: 'species type' },
    conversionFactor: { kinds: ['parameter'], noun: 'conversion factor parameter' },
  },
  compartment: {
    compartmentType: { kinds: ['compartmentType'], noun: 'compartment type' },
    outside: { kinds: ['compartment'], noun: 'compartment' },
  },
  model: { conversionFactor: { kinds: ['parameter'], noun: 'conversion factor parameter' } },
  reaction: { compartment: { kinds: ['compartment'], noun: 'compartment' } },
  speciesReference: { species: { kinds: ['species'], noun: 'species' } },
  modifierSpeciesReference: { species: { kinds: ['species'], noun: 'species' } },
};
/** REFERENCES as lists (attribute, reference), for attributesClean. */
const REFERENCE_LISTS = new Map(Object.entries(REFERENCES).map(([el, refs]) => [el, Object.entries(refs)]));
/** Attribute kinds checkAttributes checks by name (id, numbers, booleans, unit references), for attributesClean. */
const ATTR_ID = 1;
const ATTR_NUMBER = 2;
const ATTR_BOOLEAN = 3;
const ATTR_UNIT = 4;
const ATTRIBUTE_KIND = new Map<string, number>([
  ['id', ATTR_ID],
  ...NUMBER_ATTRIBUTES.map((a) => [a, ATTR_NUMBER] as [string, number]),
  ...BOOLEAN_ATTRIBUTES.map((a) => [a, ATTR_BOOLEAN] as [string, number]),
  ...UNIT_ATTRIBUTES.map((a) => [a, ATTR_UNIT] as [string, number]),
]);
/** Attributes naming the variable an element assigns. */
const TARGETS: Record<string, string> = { assignmentRule: 'variable', rateRule: 'variable', eventAssignment: 'variable', initialAssignment: 'symbol' };

/** No bound names (outside lambdas); never modified: lambdas copy it. */
const NO_NAMES: ReadonlySet<string> = new Set();

interface Decl {
  el: XmlElement;
  kind: string;
}

/** An element for messages: `<species id="A">`, or `<rateRule variable="x">`, or `<unit>`. */
function describe(el: XmlElement): string {
  for (const a of ['id', 'variable', 'symbol', 'species']) {
    const v = el.attrs[a];
    if (v !== undefined) return `<${el.name} ${a}="${v}">`;
  }
  return `<${el.name}>`;
}

function article(kind: string): string {
  return /^[aeiou]/i.test(kind) ? 'an' : 'a';
}

/**
 * Check an SBML document (the root `<sbml>` element of parseXml) for the problems listed in the module comment.
 * Returns every problem found (document order within each kind of check); never throws. `file` names the file in
 * the diagnostics.
 */
export function validateSbml(root: XmlElement, file?: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const loc = (el: XmlElement, hint: string): Partial<Diagnostic> => ({
    ...(file !== undefined ? { file } : {}),
    line: el.line,
    ...(el.column !== undefined ? { column: el.column } : {}),
    hint,
  });
  const report = (code: string, el: XmlElement, message: string, hint: string) => diagnostics.push(diag(code, message, loc(el, hint)));

  // ---------------------------------------------------------------------------------------- level and version
  const coreNs = root.ns ?? '';
  const known = CORE_NAMESPACES[coreNs];
  const levelAttr = root.attrs['level']?.trim();
  const versionAttr = root.attrs['version']?.trim();
  const fixLevel =
    'use one of the SBML namespaces with matching attributes, e.g. <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2"> (Level 2 Versions 1-5 and Level 3 Versions 1-2 exist)';
  if (!known) {
    const m = /^http:\/\/www\.sbml\.org\/sbml\/level(\d+)(?:\/version(\d+))?/.exec(coreNs);
    const lv = m ? `SBML Level ${m[1]} Version ${m[2] ?? 1}` : 'an unknown SBML version';
    report('E_SBML_LEVEL_VERSION', root, `the namespace ${coreNs} is ${lv}, which does not exist`, fixLevel);
    return diagnostics;
  }
  for (const [attr, value, want] of [['level', levelAttr, known[0]], ['version', versionAttr, known[1]]] as const) {
    if (value === undefined) {
      report('E_SBML_INVALID', root, `the <sbml> element has no ${attr} attribute`, `add ${attr}="${want}" (the namespace is SBML Level ${known[0]} Version ${known[1]})`);
    } else if (!/^\d+$/.test(value) || Number(value) !== want) {
      report(
        'E_SBML_LEVEL_VERSION',
        root,
        `the <sbml> element says ${attr}="${value}", but its namespace ${coreNs} is SBML Level ${known[0]} Version ${known[1]}`,
        `write ${attr}="${want}", or change the namespace to the ${attr} the model is written in; ${fixLevel}`,
      );
    }
  }
  if (diagnostics.length > 0) return diagnostics;

  const isCore = (el: XmlElement) => (el.ns ?? '') === coreNs;
  const model = root.children.find((c) => c.name === 'model' && isCore(c));
  if (!model) return diagnostics; // the importer reports it
  /** Value of a core (unprefixed or core-prefixed) attribute. */
  const attr = (el: XmlElement, name: string): string | undefined => {
    const v = el.attrs[name];
    const ns = el.attrNs?.[name];
    return v !== undefined && (ns === undefined || ns === coreNs) ? v : undefined;
  };

  // ---------------------------------------------------------------------------------------- declarations
  const globals = new Map<string, Decl>();
  const units = new Map<string, Decl>();
  /** Local parameters: kineticLaw element -> id -> declaration. */
  const locals = new Map<XmlElement, Map<string, Decl>>();
  /** Every local parameter id -> the reactions declaring it (for hints). */
  const localOwners = new Map<string, XmlElement[]>();

  const declare = (table: Map<string, Decl>, id: string, el: XmlElement, scope: string) => {
    const prev = table.get(id);
    if (prev) {
      report(
        'E_SBML_DUPLICATE_ID',
        el,
        `the id '${id}' of ${describe(el)} is already the id of the <${prev.el.name}> at line ${prev.el.line}; ids must be unique ${scope}`,
        `rename one of the two (and the references to it)`,
      );
    } else table.set(id, { el, kind: el.name });
  };

  const walkDecl = (el: XmlElement, kineticLaw: XmlElement | undefined, reaction: XmlElement | undefined) => {
    for (const c of el.children) {
      if (!isCore(c) || c.name === 'annotation' || c.name === 'notes' || c.name === 'math') continue;
      const id = attr(c, 'id');
      if (id !== undefined && SID.test(id)) {
        const isLocal = kineticLaw !== undefined && (c.name === 'localParameter' || c.name === 'parameter');
        if (isLocal) {
          let table = locals.get(kineticLaw);
          if (!table) locals.set(kineticLaw, (table = new Map()));
          declare(table, id, c, `among the local parameters of reaction '${reaction ? attr(reaction, 'id') ?? '?' : '?'}'`);
          if (reaction) {
            const owners = localOwners.get(id);
            if (owners) owners.push(reaction);
            else localOwners.set(id, [reaction]);
          }
        } else if (c.name === 'unitDefinition') {
          declare(units, id, c, 'among the unit definitions');
        } else if (c.name !== 'unit') {
          declare(globals, id, c, 'in a model (local parameters and unit definitions aside)');
        }
      }
      walkDecl(c, c.name === 'kineticLaw' ? c : kineticLaw, c.name === 'reaction' ? c : reaction);
    }
  };
  const modelId = attr(model, 'id');
  if (modelId !== undefined && SID.test(modelId)) globals.set(modelId, { el: model, kind: 'model' });
  walkDecl(model, undefined, undefined);

  // ---------------------------------------------------------------------------------------- helpers for hints
  const didYouMean = (name: string, candidates: Iterable<string>): string => {
    const close = closestNames(name, candidates);
    return close.length ? ` (did you mean ${close.map((c) => `'${c}'`).join(' or ')}?)` : '';
  };
  const idsOfKinds = (kinds: Iterable<string>): string[] => {
    const want = new Set(kinds);
    return [...globals].filter(([, d]) => want.has(d.kind)).map(([id]) => id);
  };
  /** Noun phrase for a declared element of another kind: `the <event> at line 12`. */
  const declaredAs = (d: Decl) => `${article(d.kind)} <${d.kind}> (line ${d.el.line})`;

  // ---------------------------------------------------------------------------------------- attributes
  const checkAttributes = (el: XmlElement, reaction: XmlElement | undefined, event: XmlElement | undefined) => {
    for (const name of REQUIRED[el.name] ?? []) {
      if (attr(el, name) === undefined) {
        report('E_SBML_INVALID', el, `${describe(el)} has no ${name} attribute`, `add ${name}="..."; SBML requires it on every <${el.name}>`);
      }
    }
    const id = attr(el, 'id');
    if (id !== undefined && !SID.test(id)) {
      report('E_SBML_BAD_VALUE', el, `the id '${id}' of <${el.name}> is not a valid SBML identifier`, `write ids with letters, digits and '_', starting with a letter or '_' (e.g. '${id.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_')}')`);
    }
    for (const name of NUMBER_ATTRIBUTES) {
      const v = attr(el, name);
      if (v !== undefined && !XSD_DOUBLE.test(v.trim())) {
        report('E_SBML_BAD_VALUE', el, `${describe(el)} has ${name}="${v}", which is not a number`, `write a number such as ${name}="1.5" or "2e-3" (INF, -INF and NaN are allowed)`);
      }
    }
    for (const name of BOOLEAN_ATTRIBUTES) {
      const v = attr(el, name);
      if (v !== undefined && !XSD_BOOLEAN.test(v.trim())) {
        report('E_SBML_BAD_VALUE', el, `${describe(el)} has ${name}="${v}", which is not a boolean`, `write ${name}="true" or ${name}="false"`);
      }
    }
    for (const name of UNIT_ATTRIBUTES) {
      const v = attr(el, name);
      if (v === undefined || units.has(v) || BASE_UNITS.has(v)) continue;
      report(
        'E_SBML_INVALID',
        el,
        `${describe(el)} has ${name}="${v}", which is neither a unit definition nor an SBML base unit`,
        `define <unitDefinition id="${v}"> in <listOfUnitDefinitions>, or use a base unit such as second, mole, litre or dimensionless${didYouMean(v, [...units.keys(), ...BASE_UNITS])}`,
      );
    }
    for (const [name, ref] of Object.entries(REFERENCES[el.name] ?? {})) {
      const v = attr(el, name);
      if (v === undefined) continue;
      const d = globals.get(v);
      const owner = el.name === 'speciesReference' || el.name === 'modifierSpeciesReference' ? `reaction '${reaction ? attr(reaction, 'id') ?? '?' : '?'}'` : describe(el);
      if (!d) {
        report(
          'E_SBML_INVALID',
          el,
          `${owner} refers to ${ref.noun} '${v}', which is not declared`,
          `declare ${article(ref.noun)} ${ref.noun} with id="${v}", or name a declared one${didYouMean(v, idsOfKinds(ref.kinds))}`,
        );
      } else if (!ref.kinds.includes(d.kind)) {
        report('E_SBML_INVALID', el, `${owner} refers to ${ref.noun} '${v}', but '${v}' is ${declaredAs(d)}`, `name ${article(ref.noun)} ${ref.noun}${didYouMean(v, idsOfKinds(ref.kinds))}`);
      }
    }
    const targetAttr = TARGETS[el.name];
    const target = targetAttr !== undefined ? attr(el, targetAttr) : undefined;
    if (target !== undefined) {
      const what = el.name === 'eventAssignment' ? `event '${event ? attr(event, 'id') ?? '(no id)' : '?'}'` : `the <${el.name}>`;
      const d = globals.get(target);
      if (!d) {
        report(
          'E_SBML_INVALID',
          el,
          `${what} assigns '${target}', which is not declared`,
          `declare a parameter, species or compartment with id="${target}", or fix the name${didYouMean(target, idsOfKinds(ASSIGNABLE_KINDS))}`,
        );
      } else if (!ASSIGNABLE_KINDS.has(d.kind)) {
        report('E_SBML_INVALID', el, `${what} assigns '${target}', which is ${declaredAs(d)} and has no value to set`, 'assign a parameter, species, compartment or species reference');
      }
    }
  };

  /**
   * True when checkAttributes(el) would report nothing (performance only: one pass over the element's own
   * attributes instead of some 30 lookups per element; checkAttributes runs, in its order, whenever this is false).
   */
  const attributesClean = (el: XmlElement): boolean => {
    const required = REQUIRED[el.name];
    if (required !== undefined) for (let i = 0; i < required.length; i++) if (attr(el, required[i]!) === undefined) return false;
    const attrs = el.attrs;
    const attrNs = el.attrNs;
    for (const name in attrs) {
      const kind = ATTRIBUTE_KIND.get(name);
      if (kind === undefined) continue;
      if (attrNs !== undefined) {
        const ns = attrNs[name];
        if (ns !== undefined && ns !== coreNs) continue; // not a core attribute: checkAttributes ignores it too
      }
      const v = attrs[name]!;
      switch (kind) {
        case ATTR_ID:
          if (!SID.test(v)) return false;
          break;
        case ATTR_NUMBER:
          if (!XSD_DOUBLE.test(v.trim())) return false;
          break;
        case ATTR_BOOLEAN:
          if (v !== 'true' && v !== 'false' && !XSD_BOOLEAN.test(v.trim())) return false;
          break;
        case ATTR_UNIT:
          if (!units.has(v) && !BASE_UNITS.has(v)) return false;
          break;
      }
    }
    const refs = REFERENCE_LISTS.get(el.name);
    if (refs !== undefined) {
      for (let i = 0; i < refs.length; i++) {
        const [name, ref] = refs[i]!;
        const v = attr(el, name);
        if (v === undefined) continue;
        const d = globals.get(v);
        if (!d || !ref.kinds.includes(d.kind)) return false;
      }
    }
    const targetAttr = TARGETS[el.name];
    if (targetAttr !== undefined) {
      const target = attr(el, targetAttr);
      if (target !== undefined) {
        const d = globals.get(target);
        if (!d || !ASSIGNABLE_KINDS.has(d.kind)) return false;
      }
    }
    return true;
  };

  // ---------------------------------------------------------------------------------------- math
  /** Where a <math> element sits, for messages: `the kinetic law of reaction 'R1'`. `p`: the element holding it,
   * when walkDecl walked that element (undefined otherwise). */
  const mathContext = (p: XmlElement | undefined, reaction: XmlElement | undefined, event: XmlElement | undefined): string => {
    const id = (el: XmlElement | undefined) => (el ? attr(el, 'id') ?? '(no id)' : '?');
    switch (p?.name) {
      case 'kineticLaw':
        return `the kinetic law of reaction '${id(reaction)}'`;
      case 'functionDefinition':
        return `function '${id(p)}'`;
      case 'assignmentRule':
      case 'rateRule':
        return `the ${p.name === 'rateRule' ? 'rate rule' : 'assignment rule'} for '${attr(p, 'variable') ?? '?'}'`;
      case 'algebraicRule':
        return 'an algebraic rule';
      case 'initialAssignment':
        return `the initial assignment to '${attr(p, 'symbol') ?? '?'}'`;
      case 'eventAssignment':
        return `the assignment to '${attr(p, 'variable') ?? '?'}' of event '${id(event)}'`;
      case 'trigger':
      case 'delay':
      case 'priority':
        return `the ${p.name} of event '${id(event)}'`;
      case 'stoichiometryMath':
        return `a stoichiometryMath of reaction '${id(reaction)}'`;
      case 'constraint':
        return 'a constraint';
      default:
        return `the math of <${p?.name ?? '?'}>`;
    }
  };

  const checkMath = (math: XmlElement, context: string, localTable: Map<string, Decl> | undefined) => {
    const walk = (el: XmlElement, bound: ReadonlySet<string>, isHead: boolean) => {
      if (el.ns !== undefined && el.ns !== MATHML_NS) return; // annotation-xml content, package math
      if (el.name === 'annotation' || el.name === 'annotation-xml' || el.name === 'csymbol') return;
      if (el.name === 'cn') {
        const u = el.attrs['units'];
        const uNs = el.attrNs?.['units'];
        if (u !== undefined && uNs === coreNs && !units.has(u) && !BASE_UNITS.has(u)) {
          report('E_SBML_INVALID', el, `a <cn> in ${context} has sbml:units="${u}", which is neither a unit definition nor an SBML base unit`, `define <unitDefinition id="${u}">, or use a base unit${didYouMean(u, [...units.keys(), ...BASE_UNITS])}`);
        }
        return;
      }
      if (el.name === 'ci') {
        checkName(el, el.text.trim(), context, localTable, bound, isHead);
        return;
      }
      let inner = bound;
      if (el.name === 'lambda') {
        const names = new Set(bound);
        for (const b of el.children) if (b.name === 'bvar') for (const ci of b.children) if (ci.name === 'ci') names.add(ci.text.trim());
        inner = names;
      }
      let first = true;
      for (const c of el.children) {
        if (c.name === 'bvar') continue; // declarations, not references
        walk(c, inner, el.name === 'apply' && first);
        first = false;
      }
    };
    walk(math, NO_NAMES, false);
  };

  const checkName = (el: XmlElement, name: string, context: string, localTable: Map<string, Decl> | undefined, bound: ReadonlySet<string>, isHead: boolean) => {
    if (name === '' || bound.has(name) || localTable?.has(name)) return; // empty <ci>: the MathML converter reports it
    const d = globals.get(name);
    if (isHead) {
      if (d?.kind === 'functionDefinition') return;
      const fns = idsOfKinds(['functionDefinition']);
      report(
        'E_SBML_INVALID',
        el,
        d ? `${context} calls '${name}' as a function, but '${name}' is ${declaredAs(d)}` : `${context} calls the function '${name}', which is not declared`,
        `declare <functionDefinition id="${name}"> in <listOfFunctionDefinitions>, or call a declared function${didYouMean(name, fns)}`,
      );
      return;
    }
    if (d && (VALUE_KINDS.has(d.kind) || d.kind === 'functionDefinition')) return;
    const candidates = [...idsOfKinds(VALUE_KINDS), ...(localTable?.keys() ?? []), ...bound];
    if (d) {
      report('E_SBML_INVALID', el, `${context} uses '${name}', which is ${declaredAs(d)} and has no value in math`, `use a parameter, species, compartment or reaction id${didYouMean(name, candidates)}`);
      return;
    }
    const owners = localOwners.get(name);
    const fns = bvarOwners().get(name);
    const hint = owners
      ? `'${name}' is a local parameter of reaction ${owners.map((r) => `'${attr(r, 'id') ?? '?'}' (line ${r.line})`).join(', ')}, visible only in that reaction's kinetic law: declare it as a global <parameter>, or as a local parameter here too`
      : fns
        ? `'${name}' is an argument of function ${fns.map((f) => `'${attr(f, 'id') ?? '?'}' (line ${f.line})`).join(', ')}, visible only inside it: pass the value as an argument, or declare a <parameter id="${name}">`
        : `declare a <parameter id="${name}"> (or species, compartment) or fix the name${didYouMean(name, candidates)}`;
    report('E_SBML_INVALID', el, `${context} uses '${name}', which is not declared`, hint);
  };

  /** Lambda argument names -> the function definitions declaring them (for hints; computed on first use). */
  let bvars: Map<string, XmlElement[]> | undefined;
  const bvarOwners = (): Map<string, XmlElement[]> => {
    if (bvars) return bvars;
    bvars = new Map();
    for (const [, d] of globals) {
      if (d.kind !== 'functionDefinition') continue;
      const todo = [...d.el.children];
      while (todo.length > 0) {
        const e = todo.pop()!;
        if (e.name === 'bvar') for (const ci of e.children) if (ci.name === 'ci') bvars.set(ci.text.trim(), [...(bvars.get(ci.text.trim()) ?? []), d.el]);
        todo.push(...e.children);
      }
    }
    return bvars;
  };

  // ---------------------------------------------------------------------------------------- walk
  // `declWalked`: walkDecl walked `el` too (it skips core-namespace <math> elements, which walkCheck enters);
  // mathContext names the parent of a <math> only then.
  const walkCheck = (el: XmlElement, reaction: XmlElement | undefined, event: XmlElement | undefined, kineticLaw: XmlElement | undefined, declWalked: boolean) => {
    if (!attributesClean(el)) checkAttributes(el, reaction, event);
    for (const c of el.children) {
      if (c.name === 'math' && (c.ns === MATHML_NS || c.ns === undefined)) {
        checkMath(c, mathContext(declWalked ? el : undefined, reaction, event), kineticLaw && el === kineticLaw ? locals.get(kineticLaw) : undefined);
        continue;
      }
      if (!isCore(c) || c.name === 'annotation' || c.name === 'notes') continue;
      walkCheck(c, c.name === 'reaction' ? c : reaction, c.name === 'event' ? c : event, c.name === 'kineticLaw' ? c : kineticLaw, declWalked && c.name !== 'math');
    }
  };
  walkCheck(model, undefined, undefined, undefined, true);
  return diagnostics;
}
