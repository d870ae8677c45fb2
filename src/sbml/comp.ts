/**
 * SBML Level 3 Hierarchical Model Composition (comp, Version 1) by flattening.
 *
 * Reference: L. P. Smith, M. Hucka, S. Hoops, A. Finney, M. Ginkel, C. J. Myers, I. Moraru, W. Liebermeister,
 * "SBML Level 3 Package: Hierarchical Model Composition, Version 1 Release 3", J. Integr. Bioinform. 12(2):268
 * (2015), sections 3.6-3.9 and appendix (flattening); the behaviour follows libSBML's CompFlatteningConverter.
 *
 * `flattenComp` turns a comp document into a core `<sbml><model>` element tree (same core namespace, original
 * line numbers kept) that the core importer then reads:
 *  1. instantiate: every `<comp:submodel>` becomes a deep copy of its `<comp:modelDefinition>` (or of the model of
 *     an `<comp:externalModelDefinition>` document, read through `opts.readExternal`), recursively; the copy's
 *     SIds, UnitSIds and metaids get the prefix `<submodelId>__` (nested: `A__B__x`), as libSBML does.
 *  2. resolve every SBaseRef (`portRef`, `idRef`, `unitRef`, `metaIdRef`, nested `<comp:sBaseRef>` chains) against
 *     the instance it points into, with the original (unprefixed) ids.
 *  3. deletions remove their target (a deleted submodel removes its whole instance); a `<comp:replacedElement>`
 *     removes the replaced element and redirects every reference to it to the replacing element; a
 *     `<comp:replacedBy>` removes its parent element and the submodel element takes the parent's id.
 *  4. conversion factors (spec 3.6.5, 3.5.3):
 *     - replacedElement conversionFactor f: replacement = f * replaced, so in the submodel's math a reference
 *       to the replaced element x becomes (replacement / f), and the math of a rule, initial assignment or
 *       event assignment whose target is x is multiplied by f (chains multiply);
 *     - submodel timeConversionFactor T (parent time = T * submodel time) and extentConversionFactor E (parent
 *       extent = E * submodel extent), cumulative over nesting: csymbol time -> time / T; delay(x, d) ->
 *       delay(x, d * T); rateOf(x) -> T * rateOf(x); rate rules -> math / T; kinetic laws -> math * E / T;
 *       event delays -> math * T; a reference to a (not replaced) reaction id, whose flattened rate is in parent
 *       units -> reaction * T / E.
 *  5. a submodel model's `conversionFactor` attribute becomes the `conversionFactor` of its species that have none.
 *
 * Refused by name (E_SBML_UNSUPPORTED): external model definitions without a resolver, replacing or replacing-by
 * a whole submodel; unresolvable references are E_SBML_INVALID; unreadable or unsafe external sources are
 * E_SBML_EXTERNAL_MODEL. No file system access here: the caller supplies `readExternal`.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { CSYMBOL_DELAY, CSYMBOL_RATE_OF, CSYMBOL_TIME, MATHML_NS } from './mathml.js';
import { parseXml, type XmlElement } from './xml.js';

/** Namespace of comp Version 1 (the only one defined). */
export const COMP_NS = 'http://www.sbml.org/sbml/level3/version1/comp/version1';

export interface FlattenCompOptions {
  /** File name of the main document, for diagnostics. */
  file?: string;
  /**
   * Reads the document named by an externalModelDefinition's `source` (a relative path, already joined to the
   * directory of the referring external document, with '/' separators; never absolute, never escaping the
   * main document's directory). Return undefined when it cannot be read.
   */
  readExternal?: (source: string) => string | undefined;
}

export interface FlattenCompResult {
  root?: XmlElement;
  diagnostics: Diagnostic[];
}

interface Doc {
  root: XmlElement;
  coreNs: string;
  /** Source path relative to the main document ('' for the main document). */
  source: string;
}

interface Instance {
  model: XmlElement;
  doc: Doc;
  prefix: string;
  parent?: Instance;
  /** The `<comp:submodel>` element (in the parent) this instance comes from. */
  submodel?: XmlElement;
  subs: Map<string, Instance>;
  ids: Map<string, XmlElement>;
  units: Map<string, XmlElement>;
  metaids: Map<string, XmlElement>;
  ports: Map<string, XmlElement>;
  deleted: boolean;
  /** Cumulative time / extent conversion factors (MathML expressions in final ids), root first. */
  timeFactors: XmlElement[];
  extentFactors: XmlElement[];
}

interface Replacement {
  by: XmlElement;
  /** conversionFactor id, an SId of `inst`. */
  factor?: { inst: Instance; id: string; el: XmlElement };
}

/** SIdRef attributes of core SBML elements (Level 2 and 3) that name model-namespace ids. */
const SID_REF_ATTRS = new Set(['compartment', 'species', 'variable', 'symbol', 'conversionFactor', 'outside', 'speciesType', 'compartmentType']);
/** UnitSIdRef attributes. */
const UNIT_REF_ATTRS = new Set(['units', 'substanceUnits', 'timeUnits', 'volumeUnits', 'areaUnits', 'lengthUnits', 'extentUnits']);
const SKIP = new Set(['annotation', 'notes', 'math']);
const MAX_DEPTH = 50;

const isComp = (el: XmlElement): boolean => el.ns === COMP_NS;
const compChild = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name && isComp(c));
const compChildren = (el: XmlElement, list: string, item: string): XmlElement[] =>
  el.children.filter((c) => c.name === list && isComp(c)).flatMap((l) => l.children.filter((c) => c.name === item && isComp(c)));

/** Deep copy; core-namespace elements of an external document move to the main document's core namespace. */
function cloneEl(el: XmlElement, fromNs?: string, toNs?: string): XmlElement {
  const c: XmlElement = { name: el.name, attrs: { ...el.attrs }, children: el.children.map((k) => cloneEl(k, fromNs, toNs)), text: el.text, line: el.line };
  if (el.ns !== undefined) c.ns = fromNs !== undefined && toNs !== undefined && el.ns === fromNs ? toNs : el.ns;
  if (el.attrNs) {
    const a: Record<string, string> = {};
    for (const [k, v] of Object.entries(el.attrNs)) a[k] = fromNs !== undefined && toNs !== undefined && v === fromNs ? toNs : v;
    c.attrNs = a;
  }
  if (el.segments) c.segments = [...el.segments];
  if (el.column !== undefined) c.column = el.column;
  return c;
}

/** MathML builders (elements in the MathML namespace). */
const m = (name: string, line: number, children: XmlElement[] = [], text = '', attrs: Record<string, string> = {}): XmlElement => ({
  name,
  ns: MATHML_NS,
  attrs,
  children,
  text,
  line,
});
const ci = (id: string, line: number): XmlElement => m('ci', line, [], id);
const apply = (op: string, args: XmlElement[], line: number): XmlElement => m('apply', line, [m(op, line), ...args]);
/** a * f1 * f2 ... (a alone when no factor). */
const timesAll = (a: XmlElement, fs: XmlElement[], line: number): XmlElement => (fs.length === 0 ? a : apply('times', [a, ...fs.map((f) => cloneEl(f))], line));
/** a / (f1 * f2 ...) (a alone when no factor). */
const divideAll = (a: XmlElement, fs: XmlElement[], line: number): XmlElement =>
  fs.length === 0 ? a : apply('divide', [a, fs.length === 1 ? cloneEl(fs[0]!) : apply('times', fs.map((f) => cloneEl(f)), line)], line);

/** Posix-style join of a relative source to the directory of the referring document; undefined when unsafe. */
function joinSource(base: string, source: string): string | undefined {
  const s = source.trim();
  if (s === '' || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) || s.startsWith('/') || s.startsWith('\\') || s.includes('\0')) return undefined;
  const dir = base.includes('/') ? base.slice(0, base.lastIndexOf('/')).split('/') : [];
  const out = [...dir];
  for (const part of s.split(/[/\\]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined; // escapes the main document's directory
      out.pop();
    } else out.push(part);
  }
  return out.length ? out.join('/') : undefined;
}

/** Flatten a comp document (root `<sbml>` element) into a core document. Never throws on bad input. */
export function flattenComp(root: XmlElement, opts: FlattenCompOptions = {}): FlattenCompResult {
  const file = opts.file;
  const diagnostics: Diagnostic[] = [];
  const where = (el: XmlElement, doc?: Doc): string => `${doc && doc.source !== '' ? doc.source : (file ?? '<sbml>')}:${el.line}`;
  const at = (el: XmlElement, doc?: Doc) => ({
    ...(doc && doc.source !== '' ? { file: doc.source } : file !== undefined ? { file } : {}),
    line: el.line,
    ...(el.column !== undefined ? { column: el.column } : {}),
  });
  const unsupported = (el: XmlElement, feature: string, hint: string, doc?: Doc) =>
    diagnostics.push(diag('E_SBML_UNSUPPORTED', `${feature} (${where(el, doc)}) is not supported by the ExoSim SBML importer.`, { ...at(el, doc), hint }));
  const invalid = (el: XmlElement, msg: string, doc?: Doc) =>
    diagnostics.push(diag('E_SBML_INVALID', `${msg} (${where(el, doc)}).`, { ...at(el, doc), hint: 'Fix the comp references of the document (validate it with libSBML).' }));

  const coreNs = root.ns ?? '';
  const mainDoc: Doc = { root, coreNs, source: '' };
  const topModel = root.children.find((c) => c.name === 'model' && c.ns === coreNs);
  if (!topModel) {
    invalid(root, 'the <sbml> element has no <model>');
    return { diagnostics };
  }

  // --- external documents (parsed once per source)
  const docs = new Map<string, Doc | null>();
  const loadDoc = (from: Doc, ext: XmlElement): Doc | undefined => {
    const source = ext.attrs['source'] ?? '';
    if (!opts.readExternal) {
      unsupported(
        ext,
        `the external model definition '${ext.attrs['id'] ?? ''}' (comp:source="${source}") without a way to read external files`,
        'Import the document through the ExoSim CLI or the SBML Test Suite driver (which read external files next to the document), or inline the model as a <comp:modelDefinition>.',
        from,
      );
      return undefined;
    }
    const path = joinSource(from.source, source);
    if (path === undefined) {
      diagnostics.push(
        diag('E_SBML_EXTERNAL_MODEL', `the external model source '${source}' (${where(ext, from)}) is refused: only relative paths inside the document's directory are read (no URLs, absolute paths or '..' above it).`, {
          ...at(ext, from),
          hint: 'Copy the external model file next to the document and refer to it by a relative file name.',
        }),
      );
      return undefined;
    }
    const cached = docs.get(path);
    if (cached !== undefined) return cached ?? undefined;
    const text = opts.readExternal(path);
    if (text === undefined) {
      docs.set(path, null);
      diagnostics.push(
        diag('E_SBML_EXTERNAL_MODEL', `cannot read the external model file '${path}' named by comp:source="${source}" (${where(ext, from)}).`, {
          ...at(ext, from),
          hint: 'Put the external model file at that path, relative to the referring document.',
        }),
      );
      return undefined;
    }
    const parsed = parseXml(text, { file: path });
    diagnostics.push(...parsed.diagnostics);
    const r = parsed.root;
    if (!r || r.name !== 'sbml') {
      if (r) diagnostics.push(diag('E_SBML_EXTERNAL_MODEL', `the external model file '${path}' is not an SBML document (${where(ext, from)}).`, { ...at(ext, from), hint: 'Refer to an SBML Level 3 file.' }));
      docs.set(path, null);
      return undefined;
    }
    const d: Doc = { root: r, coreNs: r.ns ?? '', source: path };
    docs.set(path, d);
    return d;
  };

  /** The model a submodel's modelRef names, looked up in `doc` (modelDefinitions, externals, the main model). */
  const findModel = (doc: Doc, ref: string, el: XmlElement, depth: number): { model: XmlElement; doc: Doc } | undefined => {
    if (depth > MAX_DEPTH) {
      invalid(el, `the model reference '${ref}' is nested more than ${MAX_DEPTH} levels deep (a cycle of external model definitions?)`, doc);
      return undefined;
    }
    const md = compChildren(doc.root, 'listOfModelDefinitions', 'modelDefinition').find((x) => x.attrs['id'] === ref);
    if (md) return { model: md, doc };
    const ext = compChildren(doc.root, 'listOfExternalModelDefinitions', 'externalModelDefinition').find((x) => x.attrs['id'] === ref);
    if (ext) {
      const d = loadDoc(doc, ext);
      if (!d) return undefined;
      const inner = ext.attrs['modelRef'];
      if (inner === undefined) {
        const main = d.root.children.find((c) => c.name === 'model');
        if (!main) invalid(ext, `the external document '${d.source}' has no <model>`, doc);
        return main ? { model: main, doc: d } : undefined;
      }
      const main = d.root.children.find((c) => c.name === 'model' && c.attrs['id'] === inner);
      if (main) return { model: main, doc: d };
      return findModel(d, inner, ext, depth + 1);
    }
    const main = doc.root.children.find((c) => c.name === 'model' && c.attrs['id'] === ref);
    if (main && doc !== mainDoc) return { model: main, doc };
    invalid(el, `the submodel refers to the model '${ref}', which is not a modelDefinition or externalModelDefinition of the document`, doc);
    return undefined;
  };

  // --- 1. instantiate
  const elInst = new Map<XmlElement, Instance>();
  const index = (inst: Instance) => {
    const walk = (el: XmlElement) => {
      if (SKIP.has(el.name)) return;
      elInst.set(el, inst);
      const mid = el.attrs['metaid'];
      if (mid !== undefined) inst.metaids.set(mid, el);
      const id = el.attrs['id'];
      if (isComp(el) && el !== inst.model) {
        if (el.name === 'submodel' && id !== undefined) inst.ids.set(id, el);
        else if (el.name === 'port' && id !== undefined) inst.ports.set(id, el);
        else if (el.name === 'listOfSubmodels' || el.name === 'listOfPorts') for (const c of el.children) walk(c);
        // deletions, replacedElements etc. are not model entities; their ids are not referenced
        return;
      }
      if (el !== inst.model && id !== undefined) {
        if (el.name === 'unitDefinition') inst.units.set(id, el);
        else if (el.name !== 'localParameter' && !(el.name === 'parameter' && isLocal(el))) inst.ids.set(id, el);
      }
      for (const c of el.children) walk(c);
    };
    const parents = new Map<XmlElement, XmlElement>();
    const link = (el: XmlElement) => {
      for (const c of el.children) {
        parents.set(c, el);
        link(c);
      }
    };
    link(inst.model);
    const isLocal = (el: XmlElement): boolean => {
      const l = parents.get(el);
      return l !== undefined && l.name === 'listOfParameters' && parents.get(l)?.name === 'kineticLaw';
    };
    walk(inst.model);
  };

  const build = (model: XmlElement, doc: Doc, prefix: string, chain: string[], parent?: Instance, submodel?: XmlElement): Instance => {
    const inst: Instance = {
      model,
      doc,
      prefix,
      subs: new Map(),
      ids: new Map(),
      units: new Map(),
      metaids: new Map(),
      ports: new Map(),
      deleted: false,
      timeFactors: [],
      extentFactors: [],
      ...(parent ? { parent } : {}),
      ...(submodel ? { submodel } : {}),
    };
    index(inst);
    for (const s of compChildren(model, 'listOfSubmodels', 'submodel')) {
      const sid = s.attrs['id'];
      const ref = s.attrs['modelRef'];
      if (sid === undefined || ref === undefined) {
        invalid(s, `<comp:submodel> needs comp:id and comp:modelRef`, doc);
        continue;
      }
      const found = findModel(doc, ref, s, 0);
      if (!found) continue;
      const key = `${found.doc.source}#${found.model.attrs['id'] ?? ''}`;
      if (chain.includes(key) || chain.length > MAX_DEPTH) {
        invalid(s, `the submodel '${sid}' instantiates the model '${ref}', which contains itself (a cycle of submodels)`, doc);
        continue;
      }
      const copy = cloneEl(found.model, found.doc.coreNs, coreNs);
      copy.ns = coreNs;
      inst.subs.set(sid, build(copy, found.doc, `${prefix}${sid}__`, [...chain, key], inst, s));
    }
    return inst;
  };
  const top = build(cloneEl(topModel), mainDoc, '', [`#${topModel.attrs['id'] ?? ''}`]);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  // --- 2. resolve SBaseRefs
  const resolveIn = (inst: Instance, ref: XmlElement, depth = 0): XmlElement | undefined => {
    const a = ref.attrs;
    let base: XmlElement | undefined;
    let what: string;
    if (a['portRef'] !== undefined) {
      what = `port '${a['portRef']}'`;
      const port = inst.ports.get(a['portRef']);
      base = port && depth < MAX_DEPTH ? resolveIn(inst, port, depth + 1) : undefined;
    } else if (a['idRef'] !== undefined) {
      what = `id '${a['idRef']}'`;
      base = inst.ids.get(a['idRef']);
    } else if (a['unitRef'] !== undefined) {
      what = `unit '${a['unitRef']}'`;
      base = inst.units.get(a['unitRef']);
    } else if (a['metaIdRef'] !== undefined) {
      what = `metaid '${a['metaIdRef']}'`;
      base = inst.metaids.get(a['metaIdRef']);
    } else {
      invalid(ref, `<comp:${ref.name}> names no portRef, idRef, unitRef or metaIdRef`, inst.doc);
      return undefined;
    }
    const where2 = inst.prefix === '' ? 'the model' : `the submodel instance '${inst.prefix.slice(0, -2)}'`;
    if (!base) {
      invalid(ref, `<comp:${ref.name}> refers to the ${what}, which ${where2} does not have`, inst.doc);
      return undefined;
    }
    const next = compChild(ref, 'sBaseRef');
    if (!next) return base;
    const sub = isComp(base) && base.name === 'submodel' ? inst.subs.get(base.attrs['id'] ?? '') : undefined;
    if (!sub) {
      invalid(next, `<comp:sBaseRef> descends into the ${what}, which is not a submodel`, inst.doc);
      return undefined;
    }
    return depth < MAX_DEPTH ? resolveIn(sub, next, depth + 1) : undefined;
  };
  const resolveFrom = (inst: Instance, ref: XmlElement): XmlElement | undefined => {
    const sm = ref.attrs['submodelRef'];
    const sub = sm !== undefined ? inst.subs.get(sm) : undefined;
    if (!sub) {
      invalid(ref, `<comp:${ref.name}> has comp:submodelRef="${sm ?? ''}", which is not a submodel of this model`, inst.doc);
      return undefined;
    }
    return resolveIn(sub, ref);
  };

  const removed = new Set<XmlElement>();
  const rep = new Map<XmlElement, Replacement>();
  /** replacedBy target -> the parent element whose id it takes. */
  const takesIdOf = new Map<XmlElement, XmlElement>();
  const markDeletedInstance = (i: Instance) => {
    i.deleted = true;
    for (const s of i.subs.values()) markDeletedInstance(s);
  };
  const instances: Instance[] = [];
  const collect = (i: Instance) => {
    instances.push(i);
    for (const s of i.subs.values()) collect(s);
  };
  collect(top);

  for (const inst of instances) {
    // deletions, on each submodel of inst
    for (const s of compChildren(inst.model, 'listOfSubmodels', 'submodel')) {
      const sub = inst.subs.get(s.attrs['id'] ?? '');
      if (!sub) continue;
      for (const del of compChildren(s, 'listOfDeletions', 'deletion')) {
        const t = resolveIn(sub, del);
        if (!t) continue;
        if (isComp(t) && t.name === 'submodel') {
          const d = elInst.get(t)?.subs.get(t.attrs['id'] ?? '');
          if (d) markDeletedInstance(d);
        }
        removed.add(t);
      }
    }
    // replacements: walk core elements of inst.model
    const walk = (el: XmlElement) => {
      if (SKIP.has(el.name) || (isComp(el) && el !== inst.model)) return;
      for (const re of compChildren(el, 'listOfReplacedElements', 'replacedElement')) {
        if (re.attrs['deletion'] !== undefined) continue; // replaces a deletion: nothing left to replace
        const t = resolveFrom(inst, re);
        if (!t) continue;
        if (isComp(t)) {
          unsupported(re, `replacing the whole submodel '${t.attrs['id'] ?? ''}' (comp:replacedElement)`, 'Replace the submodel\'s elements one by one instead.', inst.doc);
          continue;
        }
        if (rep.has(t)) {
          invalid(re, `the element '${t.attrs['id'] ?? t.attrs['metaid'] ?? t.name}' is replaced twice`, inst.doc);
          continue;
        }
        const f = re.attrs['conversionFactor'];
        rep.set(t, { by: el, ...(f !== undefined ? { factor: { inst, id: f, el: re } } : {}) });
        removed.add(t);
      }
      const rb = compChild(el, 'replacedBy');
      if (rb) {
        const t = resolveFrom(inst, rb);
        if (t && isComp(t)) unsupported(rb, `replacing an element by the whole submodel '${t.attrs['id'] ?? ''}' (comp:replacedBy)`, 'Refer to an element of the submodel instead.', inst.doc);
        else if (t) {
          if (rep.has(el)) invalid(rb, `the element '${el.attrs['id'] ?? el.name}' is both replaced and replacedBy`, inst.doc);
          else {
            rep.set(el, { by: t });
            // several replacedBy may name one element (a parent's and a grandparent's, case 01135): instances are
            // visited outermost first, and the outermost element's id wins
            if (!takesIdOf.has(t)) takesIdOf.set(t, el);
            removed.add(el);
          }
        }
      }
      for (const c of el.children) walk(c);
    };
    walk(inst.model);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  // --- 3. final names and reference expressions
  /** Survivor of `el` and the replacement factors met on the way (replacement = f * replaced). */
  const survivorOf = (el: XmlElement): { el: XmlElement; factors: { inst: Instance; id: string; el: XmlElement }[] } => {
    const factors: { inst: Instance; id: string; el: XmlElement }[] = [];
    let cur = el;
    const seen = new Set<XmlElement>();
    for (;;) {
      const r = rep.get(cur);
      if (!r || seen.has(cur)) break;
      seen.add(cur);
      if (r.factor) factors.push(r.factor);
      cur = r.by;
    }
    return { el: cur, factors };
  };
  const naturalName = (el: XmlElement): string => {
    const inst = elInst.get(el);
    return `${inst?.prefix ?? ''}${el.attrs['id'] ?? ''}`;
  };
  const finalName = (el: XmlElement, depth = 0): string => {
    const p = takesIdOf.get(el);
    return p !== undefined && depth < MAX_DEPTH ? finalName(p, depth + 1) : naturalName(el);
  };
  /** MathML for the value of `id` of `inst` in inst's units (undefined when `id` is not an SId of inst). */
  const refExpr = (inst: Instance, id: string, line: number, depth = 0): XmlElement | undefined => {
    const el = inst.ids.get(id);
    if (!el) return undefined;
    const s = survivorOf(el);
    const e = ci(finalName(s.el), line);
    const fs = depth < MAX_DEPTH ? s.factors.map((f) => refExpr(f.inst, f.id, line, depth + 1) ?? ci(f.id, line)) : [];
    if (s.el === el && el.name === 'reaction' && (inst.timeFactors.length || inst.extentFactors.length)) {
      // a reaction id in math is its rate: in inst's units = flattened rate * T / E. A replaced reaction only
      // gets the replacement's conversion factor (SBML Test Suite case 01183).
      return divideAll(timesAll(e, inst.timeFactors, line), inst.extentFactors, line);
    }
    return divideAll(e, fs, line);
  };
  /** Product of the replacement factors of the target `id` (assignments to it are multiplied by it). */
  const targetOf = (inst: Instance, id: string, line: number): { name: string; factors: XmlElement[] } | undefined => {
    const el = inst.ids.get(id);
    if (!el) return undefined;
    const s = survivorOf(el);
    return { name: finalName(s.el), factors: s.factors.map((f) => refExpr(f.inst, f.id, line) ?? ci(f.id, line)) };
  };
  const unitName = (inst: Instance, u: string): string => {
    const el = inst.units.get(u);
    return el ? finalName(survivorOf(el).el) : u;
  };

  // cumulative time / extent factors (ids of the parent instance)
  for (const inst of instances) {
    const p = inst.parent;
    const s = inst.submodel;
    if (!p || !s) continue;
    inst.timeFactors = [...p.timeFactors];
    inst.extentFactors = [...p.extentFactors];
    for (const [attr, list] of [
      ['timeConversionFactor', inst.timeFactors],
      ['extentConversionFactor', inst.extentFactors],
    ] as const) {
      const f = s.attrs[attr];
      if (f === undefined) continue;
      const e = refExpr(p, f, s.line);
      if (!e) invalid(s, `the submodel's comp:${attr} '${f}' is not a parameter of the containing model`, p.doc);
      else list.push(e);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  // --- 4. emit
  const rewriteMath = (inst: Instance, math: XmlElement, locals: Set<string>): XmlElement => {
    const T = inst.timeFactors;
    const rw = (el: XmlElement, bound: Set<string>): XmlElement => {
      if (el.name === 'ci' && el.children.length === 0) {
        const name = el.text.trim();
        if (bound.has(name)) return cloneEl(el);
        const r = refExpr(inst, name, el.line);
        if (!r) return cloneEl(el);
        if (r.name === 'ci') return { ...cloneEl(el), text: r.text };
        return r;
      }
      if (el.name === 'csymbol' && (el.attrs['definitionURL'] ?? '').trim() === CSYMBOL_TIME && T.length) {
        return divideAll(cloneEl(el), T, el.line); // submodel time = parent time / T
      }
      if (el.name === 'lambda') {
        const b = new Set(bound);
        for (const bv of el.children) if (bv.name === 'bvar') for (const c of bv.children) if (c.name === 'ci') b.add(c.text.trim());
        return { ...cloneEl(el), children: el.children.map((c) => (c.name === 'bvar' ? cloneEl(c) : rw(c, b))) };
      }
      if (el.name === 'apply' && T.length) {
        const head = el.children[0];
        const url = head && head.name === 'csymbol' ? (head.attrs['definitionURL'] ?? '').trim() : '';
        if (url === CSYMBOL_DELAY && el.children.length === 3) {
          // delay(x, d) in submodel time units -> delay(x, d * T)
          return { ...cloneEl(el), children: [cloneEl(head!), rw(el.children[1]!, bound), timesAll(rw(el.children[2]!, bound), T, el.line)] };
        }
        if (url === CSYMBOL_RATE_OF) {
          // d/dt_sub = T d/dt_parent
          return timesAll({ ...cloneEl(el), children: el.children.map((c) => rw(c, bound)) }, T, el.line);
        }
      }
      const c = cloneEl(el);
      c.children = el.children.map((k) => rw(k, bound));
      if (c.attrs['units'] !== undefined) c.attrs['units'] = unitName(inst, c.attrs['units'].trim()); // <cn sbml:units>
      return c;
    };
    return rw(math, locals);
  };
  /** Replace the <math> child of `el` (already copied) by f(rewritten math content). */
  const mapMath = (el: XmlElement, f: (e: XmlElement) => XmlElement) => {
    const k = el.children.findIndex((c) => c.name === 'math');
    const mathEl = el.children[k];
    if (!mathEl) return;
    const kids = mathEl.children;
    if (kids.length !== 1) return; // empty or malformed math: the importer reports it
    el.children[k] = { ...mathEl, children: [f(kids[0]!)] };
  };

  const emit = (inst: Instance, el: XmlElement, locals: Set<string>): XmlElement | undefined => {
    if (removed.has(el) || isComp(el)) return undefined;
    if (el.name === 'annotation' || el.name === 'notes') return cloneEl(el);
    const line = el.line;
    if (el.name === 'math') return rewriteMath(inst, el, locals);
    const c: XmlElement = { ...cloneEl(el), children: [] };
    // kinetic law: local parameters shadow model ids in its math
    let loc = locals;
    if (el.name === 'kineticLaw') {
      loc = new Set(locals);
      // (a deleted local parameter no longer shadows: the model id of the same name is used, case 01159)
      for (const l of el.children) {
        if (l.name !== 'listOfLocalParameters' && l.name !== 'listOfParameters') continue;
        for (const p of l.children) if (p.attrs['id'] !== undefined && !removed.has(p)) loc.add(p.attrs['id']);
      }
    }
    const localDecl = el.name === 'localParameter' || (el.name === 'parameter' && locals.has(el.attrs['id'] ?? ''));
    for (const k of el.children) {
      const e = emit(inst, k, loc);
      if (e) c.children.push(e);
    }
    // ids
    const id = el.attrs['id'];
    if (id !== undefined && !localDecl) c.attrs['id'] = el.name === 'unitDefinition' ? finalName(el) : inst.ids.get(id) === el ? finalName(el) : id;
    if (el.attrs['metaid'] !== undefined) c.attrs['metaid'] = `${inst.prefix}${el.attrs['metaid']}`;
    for (const [a, v] of Object.entries(el.attrs)) {
      if (el.attrNs?.[a] !== undefined && el.attrNs[a] !== coreNs) continue;
      if (SID_REF_ATTRS.has(a)) {
        const t = targetOf(inst, v.trim(), line);
        if (t) c.attrs[a] = t.name;
      } else if (UNIT_REF_ATTRS.has(a)) c.attrs[a] = unitName(inst, v.trim());
    }
    // drop comp-namespace attributes
    if (c.attrNs) {
      for (const [a, u] of Object.entries(c.attrNs)) if (u === COMP_NS) delete c.attrs[a];
      const rest = Object.fromEntries(Object.entries(c.attrNs).filter(([, u]) => u !== COMP_NS));
      if (Object.keys(rest).length) c.attrNs = rest;
      else delete c.attrNs;
    }
    // assignments to a replaced element with conversion factors: replacement = f * value
    const target = el.attrs['variable'] ?? el.attrs['symbol'];
    if (target !== undefined && ['assignmentRule', 'rateRule', 'initialAssignment', 'eventAssignment'].includes(el.name)) {
      const t = targetOf(inst, target.trim(), line);
      if (t && t.factors.length) mapMath(c, (e) => timesAll(e, t.factors, line));
    }
    if (el.name === 'rateRule' && inst.timeFactors.length) mapMath(c, (e) => divideAll(e, inst.timeFactors, line));
    if (el.name === 'kineticLaw' && (inst.timeFactors.length || inst.extentFactors.length)) {
      mapMath(c, (e) => divideAll(timesAll(e, inst.extentFactors, line), inst.timeFactors, line));
    }
    if (el.name === 'delay' && inst.timeFactors.length) mapMath(c, (e) => timesAll(e, inst.timeFactors, line));
    // a submodel's model-wide species conversion factor
    if (el.name === 'species' && el.attrs['conversionFactor'] === undefined && inst !== top) {
      const mcf = inst.model.attrs['conversionFactor'];
      const t = mcf !== undefined ? targetOf(inst, mcf.trim(), line) : undefined;
      if (t) c.attrs['conversionFactor'] = t.name;
    }
    return c;
  };

  const outModel: XmlElement = { ...cloneEl(topModel), children: [] };
  for (const [a, u] of Object.entries(topModel.attrNs ?? {})) if (u === COMP_NS) delete outModel.attrs[a];
  const lists = new Map<string, XmlElement>();
  const noLocals = new Set<string>();
  for (const inst of instances) {
    if (inst.deleted) continue;
    for (const l of inst.model.children) {
      if (isComp(l)) continue;
      if (l.name === 'annotation' || l.name === 'notes') {
        if (inst === top) outModel.children.push(cloneEl(l));
        continue;
      }
      let out = lists.get(l.name);
      if (!out) {
        out = { ...cloneEl(l), ns: coreNs, children: [] };
        if (inst !== top) delete out.attrs['metaid'];
        lists.set(l.name, out);
        outModel.children.push(out);
      }
      for (const item of l.children) {
        const e = emit(inst, item, noLocals);
        if (e) out.children.push(e);
      }
    }
  }
  // core order of the lists (the importer does not depend on it, but keep the document canonical)
  const ORDER = ['notes', 'annotation', 'listOfFunctionDefinitions', 'listOfUnitDefinitions', 'listOfCompartmentTypes', 'listOfSpeciesTypes', 'listOfCompartments', 'listOfSpecies', 'listOfParameters', 'listOfInitialAssignments', 'listOfRules', 'listOfConstraints', 'listOfReactions', 'listOfEvents'];
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  outModel.children.sort((a, b) => rank(a.name) - rank(b.name));

  const outRoot: XmlElement = { ...cloneEl(root), children: [] };
  if (outRoot.attrNs) {
    for (const [a, u] of Object.entries(outRoot.attrNs)) if (u === COMP_NS) delete outRoot.attrs[a];
    const rest = Object.fromEntries(Object.entries(outRoot.attrNs).filter(([, u]) => u !== COMP_NS));
    if (Object.keys(rest).length) outRoot.attrNs = rest;
    else delete outRoot.attrNs;
  }
  for (const c of root.children) {
    if (c === topModel) outRoot.children.push(outModel);
    else if (!isComp(c)) outRoot.children.push(cloneEl(c));
  }
  return { root: outRoot, diagnostics };
}

/** True when the document uses the comp namespace (an element or attribute outside annotations). */
export function usesComp(root: XmlElement): boolean {
  const scan = (el: XmlElement): boolean => {
    if (el.name === 'annotation' || el.name === 'notes' || el.name === 'math') return false;
    if (el.ns === COMP_NS || Object.values(el.attrNs ?? {}).includes(COMP_NS)) return true;
    return el.children.some(scan);
  };
  return scan(root);
}

/**
 * The importer's hook: an SBML `<sbml>` root using comp is flattened (diagnostics appended; undefined when
 * flattening failed); any other root is returned unchanged.
 */
export function flattenIfComp(root: XmlElement | undefined, opts: FlattenCompOptions, diagnostics: Diagnostic[]): XmlElement | undefined {
  if (!root || root.name !== 'sbml' || !usesComp(root)) return root;
  const r = flattenComp(root, opts);
  diagnostics.push(...r.diagnostics);
  return r.diagnostics.some((d) => d.severity === 'error') ? undefined : r.root;
}
