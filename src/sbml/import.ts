/**
 * SBML importer: an SBML Level 2 (versions 1-5) or Level 3 (versions 1-2) core document -> FlatModel.
 *
 * Semantics kept exactly (SBML L3V2 core spec, sections 4.x; L2V4 spec for the Level 2 defaults):
 *  - species symbols in math mean concentration = amount / compartment size, unless hasOnlySubstanceUnits
 *    (then amount); the compiler implements this from FlatSpecies.hasOnlySubstanceUnits;
 *  - a kinetic law is the reaction rate in substance/time (FlatReaction.rate as is);
 *  - local parameters (L2 kineticLaw/listOfParameters, L3 listOfLocalParameters) become global parameters with
 *    flat id `<reactionId>.<paramId>` (SBML ids cannot hold dots, so no clash), substituted in their own
 *    kinetic law only, where they shadow global ids of the same name;
 *  - a reaction id used in math means that reaction's rate: it is replaced by the rate expression;
 *  - units: the whole model is in base units s, mol, L; numbers are taken as they are (no unit conversion),
 *    parameters are dimensionless, species are declared `mol` (initialAmount) or `mol/L`
 *    (initialConcentration) so every output factor is 1;
 *  - SBML ids that are ExoSim reserved words (pi, time, inf, exp, true, ...) are renamed `<id>_` (more `_`
 *    until unique) everywhere (ids and math), through mathmlToExpr's mapId.
 * Level 2 event defaults: trigger initialValue = true (L2 events cannot fire at t0), persistent = true,
 * useValuesFromTriggerTime = true (L2V4 section 4.14).
 * Constant stoichiometries named by a species-reference id (L3): an initial assignment to the id is evaluated
 * once at t0 (with the model's other t0 values) into FlatSpeciesRef.stoichiometry, and the id used in math
 * becomes a constant parameter with that value; a math-less L3V2 rule to the id has no effect.
 * L2 stoichiometryMath constant in time (only numbers, constant species, and parameters/compartments that no rule
 * or event changes, directly or through function definitions; no `time`, delay() or rateOf()) is evaluated once
 * at t0 into FlatSpeciesRef.stoichiometry.
 * L3 conversion factors (species-level conversionFactor, else the model-level one; a constant parameter, value at
 * t0) multiply every stoichiometry of the species (L3V1 section 4.11.7: d(amount)/dt = f * sum(stoich * rate)).
 * Refused with E_SBML_UNSUPPORTED (naming the feature and line): algebraic rules, fast reactions,
 * time-varying stoichiometryMath and species references changed by rules or event assignments (variable
 * stoichiometry), modifier species references in math or assigned, non-constant conversion factors, delay() and
 * rateOf(), SBML Level 1, and SBML Level 3 packages other than layout/render (which carry no dynamics and are ignored).
 */
import { diag, hasErrors, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import type { Expr, FunctionDef } from '../expr/ast.js';
import { binary, collectCalls, collectIdentifiers, id as idNode, inlineFunctions, num, substitute } from '../expr/traverse.js';
import { assignAlgebraicRules } from './algebraic.js';
import { isReservedName } from '../expr/builtins.js';
import { evaluate } from '../expr/evaluate.js';
import type {
  FlatCompartment,
  FlatEvent,
  FlatModel,
  FlatParameter,
  FlatReaction,
  FlatRule,
  FlatSpecies,
  FlatSpeciesRef,
} from '../model/types.js';
import { DIMENSIONLESS, unit } from '../model/units.js';
import { lambdaToFunctionDef, mathmlToExpr, MATHML_NS, type MathmlContext } from './mathml.js';
import { parseXml, type XmlElement } from './xml.js';
import { validateSbml } from './validate.js';
import { COMP_NS, flattenIfComp } from './comp.js';
import { readExosimAnnotations } from './export.js';

export interface SbmlImportInfo {
  level: number;
  version: number;
  /** Flat ids of the species (after renaming of reserved words), in document order. */
  speciesIds: string[];
  /** Species flat id -> compartment flat id. */
  compartmentOf: Record<string, string>;
  /** SBML id -> flat id, for every id that was renamed (reserved words). */
  renamed?: Record<string, string>;
}

export interface SbmlImportResult {
  flat?: FlatModel;
  diagnostics: Diagnostic[];
  info?: SbmlImportInfo;
}

/** Human names of SBML Level 3 packages, for refusals. */
const PACKAGE_NAMES: Record<string, string> = {
  fbc: 'fbc package (flux balance constraints)',
  comp: 'comp package (hierarchical model composition)',
  qual: 'qual package (qualitative models)',
  multi: 'multi package (multistate, multicomponent species)',
  distrib: 'distrib package (distributions)',
  arrays: 'arrays package',
  spatial: 'spatial package (spatial processes)',
  dyn: 'dyn package (dynamic structures)',
  groups: 'groups package',
  layout: 'layout package',
  render: 'render package',
};
/** Packages with no effect on simulation results: ignored with a warning. */
const IGNORABLE_PACKAGES = new Set(['layout', 'render', 'groups']);

const CORE_NS = /^http:\/\/www\.sbml\.org\/sbml\/level(\d)(?:\/version(\d))?(?:\/core)?$/;

function elems(el: XmlElement | undefined, list: string, item: string): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const l of el.children) if (l.name === list) for (const c of l.children) if (c.name === item) out.push(c);
  return out;
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

function parseNum(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  if (t === 'NaN') return NaN;
  const x = Number(t);
  return t === '' || Number.isNaN(x) ? undefined : x;
}

function packageOf(uri: string): string | undefined {
  const m = /^http:\/\/www\.sbml\.org\/sbml\/level3\/version\d\/([A-Za-z_]+)\/version\d+/.exec(uri);
  return m ? m[1] : undefined;
}

/** What one walk of the document tree finds (outside annotations, notes and math), see surveyTree. */
interface TreeSurvey {
  /** The root's namespace ('' when none). */
  rootNs: string;
  /** The root's first <model> child, if any. */
  model: XmlElement | undefined;
  /** An element or attribute is in the comp namespace (as comp.ts usesComp). */
  usesComp: boolean;
  /** Package (or foreign namespace) -> the first element using it, in document order. */
  packages: Map<string, XmlElement>;
  /** Every id attribute inside `model` (the model's own included). */
  ids: Set<string>;
}

function surveyElement(el: XmlElement, s: TreeSurvey, inModel: boolean): void {
  const name = el.name;
  if (name === 'annotation' || name === 'notes' || name === 'math') return;
  const ns = el.ns;
  if (ns) {
    if (ns === COMP_NS) s.usesComp = true;
    if (ns !== s.rootNs && ns !== MATHML_NS) {
      const p = packageOf(ns) ?? ns;
      if (!s.packages.has(p)) s.packages.set(p, el);
    }
  }
  const attrNs = el.attrNs;
  if (attrNs !== undefined) {
    for (const a in attrNs) {
      const u = attrNs[a]!;
      if (u === COMP_NS) s.usesComp = true;
      if (u !== s.rootNs) {
        const p = packageOf(u) ?? u;
        if (!s.packages.has(p)) s.packages.set(p, el);
      }
    }
  }
  if (inModel) {
    const id = el.attrs['id'];
    if (id !== undefined) s.ids.add(id);
  }
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    surveyElement(c, s, inModel || c === s.model);
  }
}

/**
 * One walk of the tree (performance only) for what importSbml needs from all of it: whether it uses comp (then it
 * is flattened first), the SBML packages / foreign namespaces used outside annotations, and the ids of the model.
 */
function surveyTree(root: XmlElement): TreeSurvey {
  const s: TreeSurvey = { rootNs: root.ns ?? '', model: child(root, 'model'), usesComp: false, packages: new Map(), ids: new Set() };
  surveyElement(root, s, false);
  return s;
}

/** Import an SBML document. Never throws on bad input: problems are diagnostics. */
export function importSbml(text: string, opts: { file?: string; readExternal?: (source: string) => string | undefined } = {}): SbmlImportResult {
  const file = opts.file;
  const diagnostics: Diagnostic[] = [];
  // (no object spreads: `at` runs once per declared element, and a cold read is mostly such small costs)
  const at = (el: XmlElement | undefined): SourceLocation => {
    const loc: SourceLocation = {};
    if (file !== undefined) loc.file = file;
    if (el) {
      loc.line = el.line;
      if (el.column !== undefined) loc.column = el.column;
    }
    return loc;
  };
  const where = (el: XmlElement): string => `${file ?? '<sbml>'}:${el.line}`;
  const unsupported = (el: XmlElement, feature: string, hint?: string) =>
    diagnostics.push(
      diag('E_SBML_UNSUPPORTED', `${feature} (${where(el)}) is not supported by the ExoSim SBML importer.`, {
        ...at(el),
        hint: hint ?? 'Remove or rewrite this construct, or use another simulator for this model.',
      }),
    );
  const invalid = (el: XmlElement, msg: string) =>
    diagnostics.push(diag('E_SBML_INVALID', `${msg} (${where(el)}).`, { ...at(el), hint: 'Fix the SBML document (validate it with libSBML).' }));

  const parsed = parseXml(text, file !== undefined ? { file } : {});
  diagnostics.push(...parsed.diagnostics);
  // comp (hierarchical models) is flattened to core first (src/sbml/comp.ts; the survey tells whether the
  // document uses comp, so flattenIfComp, which would return the root unchanged, is skipped when it does not)
  const parsedRoot = parsed.root;
  let survey = parsedRoot && parsedRoot.name === 'sbml' ? surveyTree(parsedRoot) : undefined;
  const root =
    survey && !survey.usesComp
      ? parsedRoot
      : flattenIfComp(parsedRoot, { ...(file !== undefined ? { file } : {}), ...(opts.readExternal ? { readExternal: opts.readExternal } : {}) }, diagnostics);
  if (!root) return { diagnostics };
  if (!survey || root !== parsedRoot) survey = surveyTree(root);
  const rootNs = root.ns ?? '';
  const nsMatch = CORE_NS.exec(rootNs);
  if (root.name !== 'sbml' || !nsMatch) {
    diagnostics.push(
      diag('E_SBML_NOT_SBML', `The document's root element is <${root.name}>${rootNs ? ` in namespace ${rootNs}` : ''}, not an SBML <sbml> element.`, {
        ...at(root),
        hint: 'Give an SBML Level 2 or 3 file (root <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" ...>).',
      }),
    );
    return { diagnostics };
  }
  const level = parseNum(root.attrs['level']) ?? Number(nsMatch[1]);
  const version = parseNum(root.attrs['version']) ?? Number(nsMatch[2] ?? 1);
  if (level !== 2 && level !== 3) {
    unsupported(root, `SBML Level ${level}`, 'Convert the model to SBML Level 2 or 3 (e.g. with libSBML).');
    return { diagnostics };
  }
  const l3 = level === 3;

  // --- packages: any element or attribute in a non-core, non-MathML namespace outside annotations (surveyTree)
  for (const [p, el] of survey.packages) {
    const name = PACKAGE_NAMES[p] ? `the SBML ${PACKAGE_NAMES[p]}` : `the SBML package or namespace '${p}'`;
    if (IGNORABLE_PACKAGES.has(p)) {
      diagnostics.push(diag('W_SBML_PACKAGE_IGNORED', `${name} carries no dynamics and is ignored (${where(el)}).`, at(el)));
    } else unsupported(el, name);
  }
  if (hasErrors(diagnostics)) return { diagnostics };

  const model = child(root, 'model');
  if (!model) {
    invalid(root, 'the <sbml> element has no <model>');
    return { diagnostics };
  }
  const checked = validateSbml(root, file); // ids, references, attribute values, level/version (src/sbml/validate.ts)
  diagnostics.push(...checked);
  if (hasErrors(checked)) return { diagnostics };

  // --- ids: every SBML id of the model (surveyTree), so reserved-word renames are unique
  const allIds = survey.ids;
  const renamed: Record<string, string> = {};
  const mapId = (id: string): string => {
    const r = renamed[id];
    if (r !== undefined) return r;
    if (!isReservedName(id)) return id;
    let n = `${id}_`;
    while (allIds.has(n) || isReservedName(n)) n += '_';
    allIds.add(n);
    renamed[id] = n;
    return n;
  };
  const locations = new Map<string, SourceLocation>();
  const requireId = (el: XmlElement, what: string): string | undefined => {
    const id = el.attrs['id'];
    if (id === undefined || id.trim() === '') {
      invalid(el, `${what} has no id attribute`);
      return undefined;
    }
    const f = mapId(id.trim());
    locations.set(f, at(el));
    return f;
  };
  const globalMathCtx: MathmlContext = file !== undefined ? { file, mapId } : { mapId }; // shared by every math without local parameters
  const mathCtx = (localMap?: Map<string, string>): MathmlContext => {
    if (!localMap) return globalMathCtx;
    const localMapId = (s: string) => localMap.get(s) ?? mapId(s);
    return file !== undefined ? { file, mapId: localMapId } : { mapId: localMapId };
  };
  /** Math of the <math> child of `el`, or undefined (with a diagnostic when required). */
  const mathOf = (el: XmlElement, what: string, required: boolean, localMap?: Map<string, string>): Expr | undefined => {
    const m = child(el, 'math');
    if (!m) {
      if (required) invalid(el, `${what} has no <math>`);
      return undefined;
    }
    const r = mathmlToExpr(m, mathCtx(localMap));
    diagnostics.push(...r.diagnostics);
    return r.expr;
  };

  // --- function definitions
  const functions: FunctionDef[] = [];
  for (const fd of elems(model, 'listOfFunctionDefinitions', 'functionDefinition')) {
    const id = requireId(fd, '<functionDefinition>');
    const m = child(fd, 'math');
    if (!id) continue;
    if (!m) {
      if (!(level === 3 && version >= 2)) invalid(fd, `function definition '${id}' has no <math>`); // optional in L3V2
      continue;
    }
    const r = lambdaToFunctionDef(id, m, mathCtx());
    diagnostics.push(...r.diagnostics);
    if (r.def) functions.push(r.def);
  }

  // --- compartments
  const compartments: FlatCompartment[] = [];
  const volume = unit('L');
  for (const c of elems(model, 'listOfCompartments', 'compartment')) {
    const id = requireId(c, '<compartment>');
    if (!id) continue;
    // missing size: 1. A 0-D compartment keeps its declared size: SBML Test Suite case 01809 expects
    // amount = concentration * size there too.
    const size = parseNum(c.attrs['size'] ?? c.attrs['volume']) ?? 1;
    const constant = parseBool(c.attrs['constant']) ?? true;
    const name = c.attrs['name'];
    // (here and below: two object literals rather than a spread for the optional name; same keys, same order)
    compartments.push(name !== undefined ? { id, name, size, unit: volume, constant } : { id, size, unit: volume, constant });
  }
  const compartmentIds = new Set(compartments.map((c) => c.id));

  // --- species
  const species: FlatSpecies[] = [];
  const compartmentOf: Record<string, string> = {};
  /** Species-level L3 conversionFactor: species flat id -> factor parameter flat id (applied at t0 below). */
  const speciesFactor = new Map<string, { factor: string; el: XmlElement }>();
  // Substance: 'item' (molecule counts) when the model declares it (stochastic models, e.g. DSMTS), else mol.
  // The numbers are not converted; the unit decides how stochastic solvers turn amounts into copy numbers.
  const countModel = model.attrs['substanceUnits'] === 'item';
  const amountUnit = unit(countModel ? 'item' : 'mol');
  const concUnit = unit(countModel ? 'item/L' : 'mol/L');
  for (const s of elems(model, 'listOfSpecies', 'species')) {
    const id = requireId(s, '<species>');
    if (!id) continue;
    const comp = s.attrs['compartment'];
    if (comp === undefined) {
      invalid(s, `species '${id}' has no compartment attribute`);
      continue;
    }
    const compId = mapId(comp);
    if (!compartmentIds.has(compId)) invalid(s, `species '${id}' is in compartment '${comp}', which is not declared`);
    const cf = s.attrs['conversionFactor'];
    if (cf !== undefined) speciesFactor.set(id, { factor: mapId(cf), el: s });
    const hosu = parseBool(s.attrs['hasOnlySubstanceUnits']) ?? false;
    const amount = parseNum(s.attrs['initialAmount']);
    const conc = parseNum(s.attrs['initialConcentration']);
    if (amount !== undefined && conc !== undefined) invalid(s, `species '${id}' has both initialAmount and initialConcentration`);
    const kind: 'amount' | 'concentration' = amount !== undefined ? 'amount' : conc !== undefined ? 'concentration' : hosu ? 'amount' : 'concentration';
    const name = s.attrs['name'];
    const initial = amount ?? conc ?? 0; // set to NaN below when an initial assignment sets it
    const speciesUnit = kind === 'amount' ? amountUnit : concUnit;
    const boundaryCondition = parseBool(s.attrs['boundaryCondition']) ?? false;
    const constant = parseBool(s.attrs['constant']) ?? false;
    species.push(
      name !== undefined
        ? { id, name, compartment: compId, initial, initialKind: kind, unit: speciesUnit, outputFactor: 1, boundaryCondition, constant, hasOnlySubstanceUnits: hosu }
        : { id, compartment: compId, initial, initialKind: kind, unit: speciesUnit, outputFactor: 1, boundaryCondition, constant, hasOnlySubstanceUnits: hosu },
    );
    compartmentOf[id] = compId;
  }
  const speciesById = new Map(species.map((s) => [s.id, s]));

  // --- global parameters
  const parameters: FlatParameter[] = [];
  for (const p of elems(model, 'listOfParameters', 'parameter')) {
    const id = requireId(p, '<parameter>');
    if (!id) continue;
    const name = p.attrs['name'];
    const value = parseNum(p.attrs['value']) ?? 0;
    const constant = parseBool(p.attrs['constant']) ?? true;
    parameters.push(name !== undefined ? { id, name, value, unit: DIMENSIONLESS, constant } : { id, value, unit: DIMENSIONLESS, constant });
  }

  // --- reactions
  const reactions: FlatReaction[] = [];
  const speciesRefIds = new Map<string, XmlElement>();
  /** Reactant/product species references with an id: their FlatSpeciesRef (stoichiometry set at t0 below). */
  const stoichRefs = new Map<string, FlatSpeciesRef>();
  /** L2 stoichiometryMath of reactant/product species references (FlatSpeciesRef.stoichiometry set at t0 below). */
  const stoichMath: { ref: FlatSpeciesRef; expr: Expr; el: XmlElement; what: string }[] = [];
  for (const r of elems(model, 'listOfReactions', 'reaction')) {
    const id = requireId(r, '<reaction>');
    if (!id) continue;
    const isFast = parseBool(r.attrs['fast']) === true; // always at equilibrium: src/compile/fast.ts
    const refs = (list: string, item: string): FlatSpeciesRef[] => {
      const out: FlatSpeciesRef[] = [];
      for (const sr of elems(r, list, item)) {
        const sp = sr.attrs['species'];
        if (sp === undefined) {
          invalid(sr, `a species reference of reaction '${id}' has no species attribute`);
          continue;
        }
        const sid = mapId(sp);
        if (!speciesById.has(sid)) invalid(sr, `reaction '${id}' refers to species '${sp}', which is not declared`);
        const refId = sr.attrs['id'];
        const st = parseNum(sr.attrs['stoichiometry']);
        const den = parseNum(sr.attrs['denominator']);
        if (sr.attrs['stoichiometry'] !== undefined && st === undefined) invalid(sr, `stoichiometry '${sr.attrs['stoichiometry']}' is not a number`);
        const ref: FlatSpeciesRef = { species: sid, stoichiometry: (st ?? 1) / (den ?? 1) };
        const smEl = child(sr, 'stoichiometryMath');
        if (smEl) {
          // L2 stoichiometryMath: accepted when constant in time (checked below), then evaluated once at t0
          const expr = mathOf(smEl, `the stoichiometryMath of species '${sp}' in reaction '${id}'`, true);
          if (expr) stoichMath.push({ ref, expr, el: sr, what: `the stoichiometryMath of species '${sp}' in reaction '${id}'` });
        }
        if (refId !== undefined) {
          speciesRefIds.set(mapId(refId), sr);
          stoichRefs.set(mapId(refId), ref);
        }
        out.push(ref);
      }
      return out;
    };
    const reactants = refs('listOfReactants', 'speciesReference');
    const products = refs('listOfProducts', 'speciesReference');
    const modifiers: string[] = [];
    for (const m of elems(r, 'listOfModifiers', 'modifierSpeciesReference')) {
      const sp = m.attrs['species'];
      if (sp !== undefined) modifiers.push(mapId(sp));
      if (m.attrs['id'] !== undefined) speciesRefIds.set(mapId(m.attrs['id']), m);
    }
    const kl = child(r, 'kineticLaw');
    let rate: Expr | undefined;
    if (!kl) {
      diagnostics.push(diag('W_SBML_NO_KINETIC_LAW', `reaction '${id}' has no kineticLaw; its rate is taken as 0 (${where(r)}).`, at(r)));
      rate = { kind: 'num', value: 0 };
    } else {
      const local = new Map<string, string>();
      for (const lp of [...elems(kl, 'listOfParameters', 'parameter'), ...elems(kl, 'listOfLocalParameters', 'localParameter')]) {
        const pid = lp.attrs['id'];
        if (pid === undefined) {
          invalid(lp, `a local parameter of reaction '${id}' has no id`);
          continue;
        }
        const flatId = `${id}.${pid}`;
        local.set(pid, flatId);
        locations.set(flatId, at(lp));
        const name = lp.attrs['name'];
        const value = parseNum(lp.attrs['value']) ?? 0;
        parameters.push(name !== undefined ? { id: flatId, name, value, unit: DIMENSIONLESS, constant: true } : { id: flatId, value, unit: DIMENSIONLESS, constant: true });
      }
      rate = mathOf(kl, `the kineticLaw of reaction '${id}'`, true, local);
    }
    const name = r.attrs['name'];
    if (rate) {
      const reversible = parseBool(r.attrs['reversible']) ?? true;
      const reaction: FlatReaction = name !== undefined ? { id, name, reactants, products, modifiers, reversible, rate } : { id, reactants, products, modifiers, reversible, rate };
      if (isFast) reaction.fast = true;
      reactions.push(reaction);
      locations.set(`reactions.${id}`, at(r));
    }
  }
  const reactionRate = new Map(reactions.map((r) => [r.id, r.rate]));

  // --- rules, initial assignments, events
  const assignmentRules: FlatRule[] = [];
  const rateRules: FlatRule[] = [];
  const initialAssignments: FlatRule[] = [];
  /** Targets of rules, initial assignments and event assignments; hasMath false: L3V2 math-less (no effect). */
  const assigned: { variable: string; el: XmlElement; what: string; hasMath: boolean }[] = [];
  const algebraicRules: { expr: Expr; el: XmlElement }[] = [];
  /** Algebraic rules not linear in their variable (FlatModel.algebraicRules). */
  const implicitRules: FlatRule[] = [];
  const listOfRules = child(model, 'listOfRules');
  for (const rule of listOfRules?.children ?? []) {
    if (rule.name === 'algebraicRule') {
      const expr = mathOf(rule, 'an algebraic rule', !(level === 3 && version >= 2));
      if (expr) algebraicRules.push({ expr, el: rule });
      continue;
    }
    if (rule.name !== 'assignmentRule' && rule.name !== 'rateRule') continue;
    const v = rule.attrs['variable'];
    if (v === undefined) {
      invalid(rule, `<${rule.name}> has no variable attribute`);
      continue;
    }
    const variable = mapId(v);
    const expr = mathOf(rule, `the ${rule.name} for '${v}'`, !(level === 3 && version >= 2)); // L3V2: math optional (no effect)
    assigned.push({ variable, el: rule, what: rule.name, hasMath: expr !== undefined });
    if (!expr) continue;
    (rule.name === 'assignmentRule' ? assignmentRules : rateRules).push({ variable, expr });
    locations.set(`rules.${variable}`, at(rule));
  }
  for (const ia of elems(model, 'listOfInitialAssignments', 'initialAssignment')) {
    const s = ia.attrs['symbol'];
    if (s === undefined) {
      invalid(ia, '<initialAssignment> has no symbol attribute');
      continue;
    }
    const variable = mapId(s);
    const expr = mathOf(ia, `the initial assignment to '${s}'`, !(level === 3 && version >= 2));
    if (expr) {
      initialAssignments.push({ variable, expr });
      assigned.push({ variable, el: ia, what: 'initial assignment', hasMath: true });
    }
  }
  const events: FlatEvent[] = [];
  let eventNo = 0;
  for (const ev of elems(model, 'listOfEvents', 'event')) {
    eventNo++;
    const rawId = ev.attrs['id'];
    const id = rawId !== undefined ? mapId(rawId) : `event_${eventNo}`;
    locations.set(`events.${id}`, at(ev));
    const trig = child(ev, 'trigger');
    if (!trig) {
      if (!(level === 3 && version >= 2)) invalid(ev, `event '${id}' has no <trigger>`); // L3V2: optional, never fires
      continue;
    }
    const trigger = mathOf(trig, `the trigger of event '${id}'`, !(level === 3 && version >= 2)) ?? { kind: 'bool', value: false };
    const delayEl = child(ev, 'delay');
    const delay = delayEl ? mathOf(delayEl, `the delay of event '${id}'`, false) : undefined;
    const prioEl = child(ev, 'priority');
    const priority = prioEl ? mathOf(prioEl, `the priority of event '${id}'`, false) : undefined;
    const assignments: FlatRule[] = [];
    for (const ea of elems(ev, 'listOfEventAssignments', 'eventAssignment')) {
      const v = ea.attrs['variable'];
      if (v === undefined) {
        invalid(ea, `an event assignment of event '${id}' has no variable attribute`);
        continue;
      }
      const variable = mapId(v);
      const expr = mathOf(ea, `the assignment to '${v}' in event '${id}'`, l3 ? false : true);
      assigned.push({ variable, el: ea, what: 'event assignment', hasMath: expr !== undefined });
      if (expr) assignments.push({ variable, expr });
    }
    events.push({
      id,
      trigger,
      ...(delay ? { delay } : {}),
      ...(priority ? { priority } : {}),
      // L2: events cannot fire at t0 (initialValue true) and cannot be cancelled (persistent true)
      persistent: parseBool(trig.attrs['persistent']) ?? true,
      initialValue: parseBool(trig.attrs['initialValue']) ?? true,
      useValuesFromTriggerTime: parseBool(ev.attrs['useValuesFromTriggerTime']) ?? true,
      assignments,
    });
  }

  // --- algebraic rules (algebraic.ts): each determines one variable; linear ones become assignment rules
  if (algebraicRules.length) {
    const ruled = new Set([...assignmentRules, ...rateRules].map((r) => r.variable));
    const inReactions = new Set(reactions.flatMap((r) => [...r.reactants, ...r.products].map((x) => x.species)));
    const candidates = [
      ...species.filter((sp) => !sp.constant && (sp.boundaryCondition || !inReactions.has(sp.id))).map((sp) => sp.id),
      ...compartments.filter((c) => !c.constant).map((c) => c.id),
      ...parameters.filter((p) => !p.constant).map((p) => p.id),
    ].filter((v) => !ruled.has(v));
    const fnMap = new Map(functions.map((f) => [f.id, f]));
    const inl = (e: Expr): Expr => {
      try {
        return fnMap.size ? inlineFunctions(e, fnMap) : e;
      } catch {
        return e;
      }
    };
    const rulesIn = algebraicRules.map((r) => ({ expr: inl(r.expr), where: `the algebraic rule at ${where(r.el)}` }));
    // A variable an event assigns cannot also be determined by an algebraic rule at every instant (01589):
    // match without event targets first, and only if that leaves a rule unmatched, with them.
    const eventTargets = new Set(events.flatMap((ev) => ev.assignments.map((a) => a.variable)));
    let { solutions, unmatched } = assignAlgebraicRules(rulesIn, candidates.filter((c) => !eventTargets.has(c)));
    if (unmatched.length) ({ solutions, unmatched } = assignAlgebraicRules(rulesIn, candidates));
    for (const r of unmatched) {
      invalid(algebraicRules[r]!.el, `the algebraic rule at line ${algebraicRules[r]!.el.line} determines no variable: every variable it mentions is constant or already set by a rule or by reactions (the model is over-determined)`);
    }
    for (const sol of solutions) {
      const el = algebraicRules[sol.rule]!.el;
      if (!sol.explicit) {
        // not linear in its variable: solved numerically at every evaluation (src/compile/algebraic.ts)
        implicitRules.push({ variable: sol.variable, expr: rulesIn[sol.rule]!.expr });
        assigned.push({ variable: sol.variable, el, what: 'algebraic rule', hasMath: true });
        locations.set(`rules.${sol.variable}`, at(el));
        continue;
      }
      assignmentRules.push({ variable: sol.variable, expr: sol.explicit });
      assigned.push({ variable: sol.variable, el, what: 'algebraic rule', hasMath: true });
      locations.set(`rules.${sol.variable}`, at(el));
    }
  }

  // --- variables that rules/assignments target must exist; species references must not be targets
  const paramIds = new Set(parameters.map((p) => p.id));
  /** Species-reference ids whose stoichiometry a rule or event changes: they become non-constant parameters. */
  const variableRefs = new Set<string>();
  for (const a of assigned) {
    if (speciesRefIds.has(a.variable)) {
      // An initial assignment sets a constant stoichiometry (evaluated at t0 below); rules and event
      // assignments with math make it vary in time: refused. Math-less L3V2 rules have no effect.
      if (!stoichRefs.has(a.variable)) unsupported(a.el, `the ${a.what} to the modifier species reference '${a.variable}'`);
      else if (a.what !== 'initial assignment' && a.hasMath) variableRefs.add(a.variable); // variable stoichiometry
    } else if (!speciesById.has(a.variable) && !compartmentIds.has(a.variable) && !paramIds.has(a.variable)) {
      invalid(a.el, `the ${a.what} targets '${a.variable}', which is not a species, compartment or parameter`);
    }
  }
  // --- symbols that change in time: targets of assignment rules, rate rules and event assignments (with math)
  const varying = new Set(assigned.filter((a) => a.what !== 'initial assignment' && a.hasMath).map((a) => a.variable));
  const functionMap = new Map(functions.map((f) => [f.id, f]));
  /**
   * Why `e` is not constant in time (undefined when it is): it may use constant parameters and compartments
   * (declared constant or not, but never the target of a rule or event assignment), constant species and numbers,
   * directly or through function definitions; not `time`, other species, reaction ids, delay() or rateOf().
   */
  const timeDependence = (e: Expr): string | undefined => {
    let flat: Expr;
    try {
      flat = inlineFunctions(e, functionMap);
    } catch (err) {
      return String((err as Error).message);
    }
    for (const f of collectCalls(flat)) if (f === 'delay' || f === 'rateOf') return `${f}()`;
    for (const n of collectIdentifiers(flat)) {
      if (n === 'time') return 'time';
      if (varying.has(n)) return `'${n}', which a rule or event changes`;
      const sp = speciesById.get(n);
      if (sp) {
        if (!sp.constant) return `the species '${n}'`;
      } else if (!compartmentIds.has(n) && !paramIds.has(n)) return `'${n}', which is not a constant parameter or compartment`;
    }
    return undefined;
  };
  // Variable stoichiometry (SBML L3V2 section 4.11.3; L2 stoichiometryMath): the species' rate term becomes
  // stoichiometry(t) * rate. A species reference changed by a rule or event becomes a non-constant parameter
  // with that id (its initial assignment, if any, stays one); time-varying stoichiometryMath is used as is.
  // An assignment rule to a species reference whose math is constant in time (and nothing else changes it) fixes
  // the stoichiometry once: treated as an initial assignment (SBML Test Suite tag AssignedConstantStoichiometry;
  // it also keeps fast reactions' stoichiometry numeric, 01571).
  for (const refId of [...variableRefs]) {
    const rules = assignmentRules.filter((r) => r.variable === refId);
    const others = assigned.filter((a) => a.variable === refId && a.hasMath && a.what !== 'assignmentRule' && a.what !== 'initial assignment');
    if (rules.length !== 1 || others.length || timeDependence(rules[0]!.expr) !== undefined) continue;
    assignmentRules.splice(assignmentRules.indexOf(rules[0]!), 1);
    initialAssignments.push(rules[0]!);
    variableRefs.delete(refId);
  }
  for (const refId of variableRefs) {
    const ref = stoichRefs.get(refId)!;
    paramIds.add(refId);
    parameters.push({ id: refId, value: ref.stoichiometry, unit: DIMENSIONLESS, constant: false });
    ref.stoichiometryExpr = idNode(refId);
    const el = speciesRefIds.get(refId);
    if (el) locations.set(refId, at(el));
  }
  for (let i = stoichMath.length - 1; i >= 0; i--) {
    const sm = stoichMath[i]!;
    if (timeDependence(sm.expr) === undefined) continue;
    sm.ref.stoichiometryExpr = sm.expr;
    sm.ref.stoichiometry = NaN;
    stoichMath.splice(i, 1);
  }
  // --- L3V1 conversion factors (section 4.11.7): species-level overrides model-level; constant parameters only
  const modelFactor = model.attrs['conversionFactor'];
  const factorOf = new Map<string, string>();
  /** Conversion factors that change in time: they multiply the stoichiometry as an expression. */
  const varyingFactorOf = new Map<string, string>();
  for (const sp of species) {
    const f = speciesFactor.get(sp.id);
    const factor = f?.factor ?? (modelFactor !== undefined ? mapId(modelFactor) : undefined);
    if (factor === undefined) continue;
    const el = f?.el ?? model;
    const p = parameters.find((q) => q.id === factor);
    if (!p) invalid(el, `the conversionFactor '${factor}' of species '${sp.id}' is not a global parameter`);
    else if (!p.constant || varying.has(factor)) varyingFactorOf.set(sp.id, factor);
    else factorOf.set(sp.id, factor);
  }

  // initial assignments replace declared initial values
  const iaTargets = new Set(initialAssignments.map((r) => r.variable));
  for (const s of species) if (iaTargets.has(s.id)) s.initial = NaN;

  // --- every expression: refuse delay/rateOf/modifier references; replace reaction ids by their rates
  const srInMath = new Set<string>();
  const checkExpr = (e: Expr, what: string, el: XmlElement | undefined): Expr => {
    const ctxEl = el ?? model;
    // delay() and rateOf() pass through: the compiler implements them (DDE history, symbolic rates of change).
    const ids = collectIdentifiers(e);
    for (const n of ids) {
      if (!speciesRefIds.has(n)) continue;
      if (variableRefs.has(n)) continue; // a non-constant parameter already
      if (stoichRefs.has(n)) srInMath.add(n); // a constant stoichiometry: becomes a constant parameter below
      else unsupported(ctxEl, `the modifier species reference '${n}' used in ${what}`);
    }
    let usesRate = false;
    if (reactionRate.size > 0) {
      for (const n of ids) {
        if (reactionRate.has(n)) {
          usesRate = true;
          break;
        }
      }
    }
    if (usesRate) {
      // reaction ids in math mean the reaction's rate (one level deep; kinetic laws referring to reactions are rare)
      return substitute(e, (n) => reactionRate.get(n));
    }
    return e;
  };
  for (const f of functions) checkExpr(f.body, `function '${f.id}'`, undefined);
  for (const r of reactions) {
    r.rate = checkExpr(r.rate, `the kinetic law of reaction '${r.id}'`, undefined);
    for (const ref of [...r.reactants, ...r.products]) if (ref.stoichiometryExpr) ref.stoichiometryExpr = checkExpr(ref.stoichiometryExpr, `the stoichiometry of '${ref.species}' in reaction '${r.id}'`, undefined);
  }
  for (const list of [assignmentRules, rateRules, initialAssignments, implicitRules]) for (const r of list) r.expr = checkExpr(r.expr, `the math for '${r.variable}'`, undefined);
  for (const ev of events) {
    ev.trigger = checkExpr(ev.trigger, `the trigger of event '${ev.id}'`, undefined);
    if (ev.delay) ev.delay = checkExpr(ev.delay, `the delay of event '${ev.id}'`, undefined);
    if (ev.priority) ev.priority = checkExpr(ev.priority, `the priority of event '${ev.id}'`, undefined);
    for (const a of ev.assignments) a.expr = checkExpr(a.expr, `event '${ev.id}'`, undefined);
  }

  // --- constant stoichiometries given by species-reference ids (SBML L3V2 section 4.11.3): an initial
  // assignment to the id sets the stoichiometry once at t0; an id used in math means that (constant) value.
  // The value is computed here with the model's other t0 values and the id becomes a constant parameter.
  const srWithIa = initialAssignments.filter((r) => stoichRefs.has(r.variable) && !variableRefs.has(r.variable));
  if ((srWithIa.length > 0 || srInMath.size > 0 || stoichMath.length > 0 || factorOf.size > 0) && !hasErrors(diagnostics)) {
    const t0 = initialValueEvaluator({ compartments, species, parameters, assignmentRules, initialAssignments, functions, stoichRefs });
    // constant stoichiometryMath (checked above): its value at t0 is the stoichiometry
    for (const sm of stoichMath) {
      const v = evaluate(sm.expr, t0, functionMap);
      if (!Number.isFinite(v)) unsupported(sm.el, `${sm.what}, whose value at t0 could not be computed (${v})`);
      sm.ref.stoichiometry = v;
    }
    for (const r of srWithIa) {
      const ref = stoichRefs.get(r.variable)!;
      const v = t0(r.variable);
      if (!Number.isFinite(v)) {
        const el = speciesRefIds.get(r.variable)!;
        unsupported(el, `the initial assignment to the species reference '${r.variable}', whose value at t0 could not be computed (${v})`);
      }
      ref.stoichiometry = v;
    }
    for (let i = initialAssignments.length - 1; i >= 0; i--) {
      const v = initialAssignments[i]!.variable;
      if (stoichRefs.has(v) && !variableRefs.has(v)) initialAssignments.splice(i, 1);
    }
    for (const n of srInMath) {
      parameters.push({ id: n, value: stoichRefs.get(n)!.stoichiometry, unit: DIMENSIONLESS, constant: true });
      const el = speciesRefIds.get(n);
      if (el) locations.set(n, at(el));
    }
    // conversion factors (SBML L3V1 section 4.11.7): d(amount_S)/dt = f_S * sum_r stoich_{S,r} * rate_r, so each
    // stoichiometry of S is multiplied by f_S (after the species-reference ids above took the unscaled values).
    if (factorOf.size > 0) {
      for (const r of reactions) {
        for (const ref of [...r.reactants, ...r.products]) {
          const f = factorOf.get(ref.species);
          if (f === undefined) continue;
          const v = t0(f);
          if (!Number.isFinite(v)) unsupported(model, `the conversionFactor '${f}', whose value at t0 could not be computed (${v})`);
          ref.stoichiometry *= v;
          if (ref.stoichiometryExpr) ref.stoichiometryExpr = binary('*', ref.stoichiometryExpr, num(v));
        }
      }
    }
  }
  // conversion factors that vary in time multiply the stoichiometry as an expression
  if (varyingFactorOf.size > 0) {
    for (const r of reactions) {
      for (const ref of [...r.reactants, ...r.products]) {
        const f = varyingFactorOf.get(ref.species);
        if (f === undefined) continue;
        ref.stoichiometryExpr = binary('*', ref.stoichiometryExpr ?? num(ref.stoichiometry), idNode(f));
      }
    }
  }

  const info: SbmlImportInfo = { level, version, speciesIds: species.map((s) => s.id), compartmentOf, ...(Object.keys(renamed).length ? { renamed } : {}) };
  if (hasErrors(diagnostics)) return { diagnostics, info };
  const rawModelId = model.attrs['id'];
  const modelName = model.attrs['name'];
  const flat: FlatModel = {
    id: rawModelId ?? 'sbml_model',
    ...(modelName !== undefined ? { name: modelName } : {}),
    units: { time: unit('s'), substance: amountUnit, volume },
    compartments,
    species,
    parameters,
    reactions,
    assignmentRules,
    rateRules,
    initialAssignments,
    ...(implicitRules.length ? { algebraicRules: implicitRules } : {}),
    functions,
    events,
    observables: [],
    locations,
  };
  readExosimAnnotations(flat, model, info, mapId); // ExoSim's own annotations (exportSbml): ids, units, sources, observables
  return { flat, diagnostics, info };
}

/**
 * Values at t0 of model symbols, for quantities the importer must fix once (constant stoichiometries).
 * SBML semantics (L3V2 section 3.4.8, 4.8): an initial assignment or assignment rule gives the value, else the
 * declared value; a species symbol is its concentration (amount / compartment size) unless
 * hasOnlySubstanceUnits (then its amount); `time` is 0. Cycles and unknown ids give NaN.
 */
function initialValueEvaluator(m: {
  compartments: FlatCompartment[];
  species: FlatSpecies[];
  parameters: FlatParameter[];
  assignmentRules: FlatRule[];
  initialAssignments: FlatRule[];
  functions: FunctionDef[];
  stoichRefs: Map<string, FlatSpeciesRef>;
}): (name: string) => number {
  const ia = new Map(m.initialAssignments.map((r) => [r.variable, r.expr]));
  const ar = new Map(m.assignmentRules.map((r) => [r.variable, r.expr]));
  const comps = new Map(m.compartments.map((c) => [c.id, c]));
  const spec = new Map(m.species.map((s) => [s.id, s]));
  const pars = new Map(m.parameters.map((p) => [p.id, p]));
  const fns = new Map(m.functions.map((f) => [f.id, f]));
  const cache = new Map<string, number>();
  const active = new Set<string>();
  const value = (name: string): number => {
    const c = cache.get(name);
    if (c !== undefined) return c;
    if (name === 'time') return 0;
    if (active.has(name)) return NaN;
    active.add(name);
    let v = NaN;
    const e = ia.get(name) ?? ar.get(name);
    if (e) v = evaluate(e, value, fns);
    else {
      const s = spec.get(name);
      const comp = comps.get(name);
      const p = pars.get(name);
      const ref = m.stoichRefs.get(name);
      if (s) {
        const size = value(s.compartment);
        const amount = s.initialKind === 'amount' ? s.initial : s.initial * size;
        v = s.hasOnlySubstanceUnits ? amount : amount / size;
      } else if (comp) v = comp.size;
      else if (p) v = p.value;
      else if (ref) v = ref.stoichiometry;
    }
    active.delete(name);
    cache.set(name, v);
    return v;
  };
  return value;
}
