/**
 * Model validation: every problem in a loaded model, each with a stable code, the document path, the file
 * line and column (inside expression strings: of the offending token), a message naming ids and values,
 * and a hint. Two passes:
 *   1. per body (the model and each module definition): ids, references, units, dimensions, expressions,
 *      kinetic laws, module instances and ports;
 *   2. if pass 1 found no errors, on the flattened model: rule cycles, over-determined variables, constants
 *      that are assigned, missing initial values, initial values that evaluate to inf/NaN, unused parameters.
 */
import { diag, hasErrors, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import {
  BUILTINS, collectIdentifiers, evaluate, forEachNode, parseExpression, printExpression,
  type Expr, type FunctionDef, type Span,
} from '../expr/index.js';
import type { FlatModel, LoadedModel, ModelBodyDoc, ModuleDoc, ReactionDoc } from './types.js';
import { locate, pathKey } from './load.js';
import {
  closestNames, dimsEqual, divDims, formatDims, isDimensionless, mulDims, parseUnit, scaleDims,
  type BaseUnits, type Dims,
} from './units.js';
import {
  ParseCache, compartmentUnit, flattenCore, flattenCoreWith, reactionParticipants, resolveBaseUnits, speciesUnitInfo,
  type FlatOrigins, type Path,
} from './flatten.js';

type Kind = 'compartment' | 'species' | 'parameter' | 'reaction' | 'function' | 'event' | 'observable';

interface Sym {
  kind: Kind;
  /** Dimensions of the symbol's value in expressions (null = unknown). */
  dims: Dims | null;
  /** Species only: boundaryCondition. */
  boundary?: boolean;
  /** Explicit `constant: true`. */
  constant?: boolean;
  /** Function arity. */
  arity?: number;
}

const TIME_DIMS: Dims = [1, 0, 0, 0, 0, 0];
const VOLUME_DIMS: Dims = [0, 3, 0, 0, 0, 0];
const RESERVED_VALUES = new Set(['time', 'pi', 'avogadro']);

/** Amount-like dimensions: substance, cell, exosome (one of them, exponent 1) or a pure number. */
function isAmountDims(d: Dims): boolean {
  if (d[0] !== 0 || d[1] !== 0 || d[3] !== 0) return false;
  const counts = [d[2], d[4], d[5]];
  return counts.every((x) => x === 0) || (counts.filter((x) => x === 1).length === 1 && counts.filter((x) => x === 0).length === 2);
}

function describeKind(k: Kind): string {
  return k;
}

/** Validate a loaded model; returns every problem found (errors and warnings). */
export function validateModel(loaded: LoadedModel): Diagnostic[] {
  return validateAndFlatten(loaded).diagnostics;
}

/**
 * validateModel, also returning the flattened model that pass 2 built (when pass 1 found no errors), so that
 * flattenModel does not flatten the document a second time (flattenCore is a pure function of `loaded`).
 */
export function validateAndFlatten(loaded: LoadedModel): { diagnostics: Diagnostic[]; core?: ReturnType<typeof flattenCore> } {
  const doc = loaded.doc;
  const out: Diagnostic[] = [];
  const file = loaded.file;
  const lines = loaded.text.split('\n');

  const locOf = (path: Path): SourceLocation => {
    const l = locate(loaded.locations, path);
    return file !== undefined ? { ...l, file } : l;
  };
  const report = (code: string, message: string, path: Path, hint?: string, loc?: SourceLocation) => {
    out.push(diag(code, message, { path, ...(hint !== undefined ? { hint } : {}), ...(loc ?? locOf(path)) }));
  };
  /** Location of a token inside an expression string (when the string sits verbatim on one line). */
  const exprLoc = (path: Path, src: string, span: Span | undefined): SourceLocation => {
    const loc = locOf(path);
    const exact = loaded.locations.get(pathKey(path));
    if (!span || !exact || exact.line === undefined || exact.column === undefined) return loc;
    const lineText = lines[exact.line - 1] ?? '';
    const col0 = exact.column - 1;
    const q = lineText[col0];
    const off = q === '"' || q === "'" ? 1 : 0;
    if (lineText.substr(col0 + off, src.length) !== src) return loc;
    return { ...loc, line: exact.line, column: exact.column + off + span.start };
  };

  // ---- model units
  const unitsDims: Record<string, Dims> = { time: TIME_DIMS, substance: [0, 0, 1, 0, 0, 0], volume: VOLUME_DIMS };
  for (const key of ['time', 'substance', 'volume'] as const) {
    const text = doc.units?.[key];
    if (text === undefined) continue;
    const r = parseUnit(text);
    const path: Path = ['units', key];
    if (!r.ok) report('E_UNKNOWN_UNIT', `model ${key} unit: ${r.message}`, path, r.hint);
    else if (!dimsEqual(r.unit.dims, unitsDims[key]!)) {
      report('E_DIMENSION_MISMATCH', `model ${key} unit '${text}' has dimensions ${formatDims(r.unit.dims)}, expected ${formatDims(unitsDims[key]!)}`, path,
        key === 'time' ? 'use s, min, h or day' : key === 'substance' ? 'use mol, nmol or molecule' : 'use L, mL, uL or fL');
    }
  }
  const base = resolveBaseUnits(doc);

  // ---- module table and symbol tables (with instance exports), cycle-safe
  const modules = new Map<string, { mod: ModuleDoc; index: number }>();
  (doc.modules ?? []).forEach((m, index) => {
    if (modules.has(m.id)) report('E_DUPLICATE_ID', `module id '${m.id}' is defined twice`, ['modules', index, 'id'], 'rename one of the modules');
    else modules.set(m.id, { mod: m, index });
  });
  const symbolCache = new Map<string, Map<string, Sym>>();
  const parsed = new ParseCache(); // expressions parsed by pass 1, reused by flattenCoreWith in pass 2
  const cyclicModules = new Set<string>();

  const ownSymbols = (body: ModelBodyDoc): Map<string, Sym> => {
    const syms = new Map<string, Sym>();
    const compDims = new Map<string, Dims | null>();
    for (const c of body.compartments ?? []) {
      const u = compartmentUnit(c, base);
      const s: Sym = { kind: 'compartment', dims: u ? u.dims : null };
      if (c.constant === true) s.constant = true;
      syms.set(c.id, s);
      compDims.set(c.id, s.dims);
    }
    for (const p of body.parameters ?? []) {
      let dims: Dims | null = null;
      if (p.unit !== undefined) {
        const r = parseUnit(p.unit);
        if (r.ok) dims = r.unit.dims;
      }
      const s: Sym = { kind: 'parameter', dims };
      if (p.constant === true) s.constant = true;
      if (!syms.has(p.id)) syms.set(p.id, s);
    }
    for (const sp of body.species ?? []) {
      const info = speciesUnitInfo(sp, base);
      let dims: Dims | null = null;
      if (info) {
        const amount = info.kind === 'concentration' ? mulDims(info.unit.dims, VOLUME_DIMS) : info.unit.dims;
        const cd = compDims.has(sp.compartment) ? compDims.get(sp.compartment)! : VOLUME_DIMS;
        dims = sp.hasOnlySubstanceUnits ? amount : cd ? divDims(amount, cd) : null;
      }
      const s: Sym = { kind: 'species', dims, boundary: sp.boundaryCondition ?? false };
      if (sp.constant === true) s.constant = true;
      if (!syms.has(sp.id)) syms.set(sp.id, s);
    }
    for (const r of body.reactions ?? []) if (!syms.has(r.id)) syms.set(r.id, { kind: 'reaction', dims: null });
    for (const f of body.functions ?? []) if (!syms.has(f.id)) syms.set(f.id, { kind: 'function', dims: null, arity: f.args.length });
    for (const e of body.events ?? []) if (!syms.has(e.id)) syms.set(e.id, { kind: 'event', dims: null });
    for (const o of body.observables ?? []) if (!syms.has(o.id)) syms.set(o.id, { kind: 'observable', dims: null });
    return syms;
  };

  /** Symbols visible in a body: its own plus `inst.x` for every entity x of each instance (bound ports excluded). */
  const symbolsOf = (body: ModelBodyDoc, stack: string[]): Map<string, Sym> => {
    const syms = ownSymbols(body);
    for (const inst of body.instances ?? []) {
      const m = modules.get(inst.module);
      if (!m) continue;
      if (stack.includes(inst.module)) {
        cyclicModules.add([...stack.slice(stack.indexOf(inst.module)), inst.module].join(' -> '));
        continue;
      }
      const inner = moduleSymbols(m.mod, [...stack, inst.module]);
      const bound = new Set(Object.keys(inst.bind ?? {}));
      for (const [k, s] of inner) {
        if (s.kind === 'function') continue;
        if (bound.has(k)) continue;
        syms.set(`${inst.id}.${k}`, s);
      }
    }
    return syms;
  };
  const moduleSymbols = (mod: ModuleDoc, stack: string[]): Map<string, Sym> => {
    const cached = symbolCache.get(mod.id);
    if (cached) return cached;
    const s = symbolsOf(mod, stack);
    symbolCache.set(mod.id, s);
    return s;
  };

  // ---- per-body checks
  const checkBody = (body: ModelBodyDoc, bp: Path, stack: string[], mod?: ModuleDoc) => {
    const syms = symbolsOf(body, stack);
    const userFns = new Map((body.functions ?? []).map((f) => [f.id, f.args.length]));
    const userFnSet = new Set(userFns.keys());
    const valueIds = () => [...syms].filter(([, s]) => s.kind === 'species' || s.kind === 'parameter' || s.kind === 'compartment').map(([k]) => k);

    // Duplicate ids across all kinds (and instance ids).
    const seen = new Map<string, string>();
    const idLists: [string, { id: string }[] | undefined][] = [
      ['compartments', body.compartments], ['species', body.species], ['parameters', body.parameters],
      ['reactions', body.reactions], ['functions', body.functions], ['events', body.events],
      ['observables', body.observables], ['instances', body.instances],
    ];
    for (const [coll, list] of idLists) {
      (list ?? []).forEach((e, i) => {
        const where = `${coll}[${i}]`;
        const prev = seen.get(e.id);
        if (prev) {
          report('E_DUPLICATE_ID', `id '${e.id}' is used twice: by ${prev} and by ${where}`, [...bp, coll, i, 'id'],
            'every compartment, species, parameter, reaction, function, event, observable and instance needs its own id');
        } else seen.set(e.id, where);
        if (RESERVED_VALUES.has(e.id) || BUILTINS.has(e.id) || ['true', 'false', 'and', 'or', 'not', 'inf', 'nan', 'infinity'].includes(e.id.toLowerCase())) {
          report('E_RESERVED_ID', `id '${e.id}' is a reserved name of the expression language`, [...bp, coll, i, 'id'], 'choose another id');
        }
      });
    }

    /** Parse and check one expression; returns its AST and dimensions (null = unknown). */
    const checkExpr = (src: string, path: Path, what: string, locals?: ReadonlySet<string>): { expr?: Expr; dims: Dims | null } => {
      const pr = parseExpression(src, { functions: userFnSet, functionArity: userFns });
      if (pr.ok) parsed.set(body, src, pr.expr);
      if (!pr.ok) {
        for (const is of pr.issues) {
          report(is.code, `${what}: ${is.message} in '${src}'`, path, is.hint ?? (is.code === 'E_UNKNOWN_FUNCTION'
            ? `define it under \`functions:\` or use a built-in (${[...BUILTINS.keys()].slice(0, 8).join(', ')}, ...)` : undefined),
          exprLoc(path, src, is.span));
        }
        return { dims: null };
      }
      const e = pr.expr;
      let ok = true;
      forEachNode(e, (n) => {
        if (n.kind === 'id') {
          if (RESERVED_VALUES.has(n.name) || locals?.has(n.name)) return;
          const s = syms.get(n.name);
          if (!s) {
            ok = false;
            const close = closestNames(n.name, [...valueIds(), ...(locals ?? [])]);
            report('E_UNKNOWN_SYMBOL', `${what}: '${n.name}' is not defined (in '${src}')`, path,
              close.length ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : 'declare it as a species, parameter or compartment',
              exprLoc(path, src, n.span));
          } else if (s.kind !== 'species' && s.kind !== 'parameter' && s.kind !== 'compartment') {
            ok = false;
            report('E_UNKNOWN_SYMBOL', `${what}: '${n.name}' is a ${describeKind(s.kind)}, which has no value in expressions (in '${src}')`, path,
              s.kind === 'observable' ? 'repeat the observable formula, or make it a parameter with an assignment rule'
                : s.kind === 'function' ? `call it: ${n.name}(...)` : 'use a species, parameter or compartment',
              exprLoc(path, src, n.span));
          }
        }
      });
      const dims = ok ? dimsOf(e, src, path, what, locals) : null;
      return { expr: e, dims };
    };

    /**
     * Dimension analysis. Numbers, unit-less parameters and function results are wildcards (null): an
     * operation involving a wildcard is never reported.
     */
    const dimsOf = (root: Expr, src: string, path: Path, what: string, locals?: ReadonlySet<string>): Dims | null => {
      const mismatch = (n: Expr, a: Dims, b: Dims, opText: string) => {
        report('E_DIMENSION_MISMATCH', `${what}: ${opText} combines ${formatDims(a)} with ${formatDims(b)} in '${src}'`, path,
          'both sides of +, -, comparisons, min and max must have the same dimensions; check the units of the parameters involved',
          exprLoc(path, src, n.span));
      };
      const rec = (n: Expr): Dims | null => {
        switch (n.kind) {
          case 'num': return null;
          case 'bool': return [0, 0, 0, 0, 0, 0];
          case 'id':
            if (n.name === 'time') return TIME_DIMS;
            if (RESERVED_VALUES.has(n.name) || locals?.has(n.name)) return null;
            return syms.get(n.name)?.dims ?? null;
          case 'unary': {
            const a = rec(n.arg);
            return n.op === '!' ? [0, 0, 0, 0, 0, 0] : a;
          }
          case 'binary': {
            const a = rec(n.left);
            const b = rec(n.right);
            switch (n.op) {
              case '*': return a && b ? mulDims(a, b) : null;
              case '/': return a && b ? divDims(a, b) : null;
              case '^': {
                if (!a) return null;
                if (isDimensionless(a)) return a;
                const k = literalNumber(n.right);
                return k !== undefined ? scaleDims(a, k) : null;
              }
              case '+': case '-':
                if (a && b && !dimsEqual(a, b)) {
                  mismatch(n, a, b, `'${n.op}'`);
                  return null;
                }
                return a ?? b;
              case '&&': case '||': return [0, 0, 0, 0, 0, 0];
              default:
                if (a && b && !dimsEqual(a, b)) mismatch(n, a, b, `comparison '${n.op}'`);
                return [0, 0, 0, 0, 0, 0];
            }
          }
          case 'call': {
            const args = n.args.map(rec);
            if (n.fn === 'min' || n.fn === 'max' || n.fn === 'abs' || n.fn === 'floor' || n.fn === 'ceil') {
              let acc: Dims | null = null;
              for (const a of args) {
                if (!a) continue;
                if (acc && !dimsEqual(acc, a)) {
                  mismatch(n, acc, a, `${n.fn}()`);
                  return null;
                }
                acc = a;
              }
              return acc;
            }
            if (n.fn === 'piecewise') {
              let acc: Dims | null = null;
              for (let i = 0; i < args.length; i += 2) {
                const a = i === args.length - 1 || i % 2 === 0 ? args[i] : null;
                if (!a) continue;
                if (acc && !dimsEqual(acc, a)) {
                  mismatch(n, acc, a, 'piecewise()');
                  return null;
                }
                acc = a;
              }
              return acc;
            }
            if (n.fn === 'sqrt') {
              const a = args[0];
              return a && a.every((x) => x % 2 === 0) ? scaleDims(a, 0.5) : null;
            }
            if (n.fn === 'delay') return args[0] ?? null;
            if (BUILTINS.has(n.fn)) return n.fn === 'pow' ? null : [0, 0, 0, 0, 0, 0];
            return null;
          }
        }
      };
      return rec(root);
    };

    const checkUnit = (text: string | undefined, path: Path, what: string) => {
      if (text === undefined) return undefined;
      const r = parseUnit(text);
      if (!r.ok) {
        report('E_UNKNOWN_UNIT', `${what}: ${r.message}`, path, r.hint);
        return undefined;
      }
      return r.unit;
    };
    const finite = (v: number) => Number.isFinite(v);

    // Compartments.
    (body.compartments ?? []).forEach((c, i) => {
      const p: Path = [...bp, 'compartments', i];
      const u = checkUnit(c.unit, [...p, 'unit'], `compartment '${c.id}'`);
      if (u && !(u.dims[0] === 0 && u.dims[2] === 0 && u.dims[3] === 0 && u.dims[4] === 0 && u.dims[5] === 0 && u.dims[1] >= 0 && u.dims[1] <= 3)) {
        report('E_DIMENSION_MISMATCH', `compartment '${c.id}' has unit '${c.unit}' (${formatDims(u.dims)}), which is not a volume, area, length or dimensionless`,
          [...p, 'unit'], 'use a volume unit such as L, uL, fL or um^3');
      }
      if (c.size !== undefined && (!finite(c.size) || c.size < 0)) {
        report('E_INVALID_INITIAL_VALUE', `compartment '${c.id}' has size ${c.size}; a size must be a finite number >= 0`, [...p, 'size'],
          'give the compartment volume in its unit, e.g. `size: 1.5` with `unit: pL`');
      }
    });

    // Species.
    (body.species ?? []).forEach((s, i) => {
      const p: Path = [...bp, 'species', i];
      const cs = syms.get(s.compartment);
      if (!cs || cs.kind !== 'compartment') {
        const comps = [...syms].filter(([, x]) => x.kind === 'compartment').map(([k]) => k);
        const close = closestNames(s.compartment, comps);
        report('E_UNKNOWN_COMPARTMENT', `species '${s.id}' is in compartment '${s.compartment}', which is not defined`, [...p, 'compartment'],
          close.length ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : comps.length ? `compartments: ${comps.join(', ')}` : 'add it under `compartments:`');
      }
      const u = checkUnit(s.unit, [...p, 'unit'], `species '${s.id}'`);
      if (u) {
        const isConc = u.dims[1] === -3;
        const amountDims = isConc ? mulDims(u.dims, VOLUME_DIMS) : u.dims;
        if (!isAmountDims(amountDims) || (u.dims[1] !== 0 && u.dims[1] !== -3)) {
          report('E_DIMENSION_MISMATCH', `species '${s.id}' has unit '${s.unit}' (${formatDims(u.dims)}), which is neither an amount nor a concentration`,
            [...p, 'unit'], 'use an amount (mol, nmol, molecule, cell, exosome, dimensionless) or a concentration (M, nM, molecule/fL)');
        } else if (s.initialConcentration !== undefined && !isConc) {
          report('E_DIMENSION_MISMATCH', `species '${s.id}' has initialConcentration but its unit '${s.unit}' is an amount (${formatDims(u.dims)})`,
            [...p, 'unit'], 'use initialAmount with an amount unit, or a concentration unit such as nM with initialConcentration');
        } else if (s.initialAmount !== undefined && isConc) {
          report('E_DIMENSION_MISMATCH', `species '${s.id}' has initialAmount but its unit '${s.unit}' is a concentration (${formatDims(u.dims)})`,
            [...p, 'unit'], 'use initialConcentration with a concentration unit, or an amount unit such as nmol or molecule with initialAmount');
        }
      }
      if (s.initialAmount !== undefined && s.initialConcentration !== undefined) {
        report('E_OVERDETERMINED', `species '${s.id}' has both initialAmount (${s.initialAmount}) and initialConcentration (${s.initialConcentration})`, p,
          'keep one of them');
      }
      for (const key of ['initialAmount', 'initialConcentration'] as const) {
        const v = s[key];
        if (v !== undefined && (!finite(v) || v < 0)) {
          report('E_INVALID_INITIAL_VALUE', `species '${s.id}' has ${key} ${v}; it must be a finite number >= 0`, [...p, key],
            Number.isNaN(v) ? 'write a number (YAML `.nan` means not-a-number)' : 'amounts and concentrations cannot be negative or infinite');
        }
      }
    });

    // Parameters.
    (body.parameters ?? []).forEach((pa, i) => {
      const p: Path = [...bp, 'parameters', i];
      checkUnit(pa.unit, [...p, 'unit'], `parameter '${pa.id}'`);
      if (pa.value !== undefined && !finite(pa.value)) {
        report('E_INVALID_INITIAL_VALUE', `parameter '${pa.id}' has value ${pa.value}; it must be a finite number`, [...p, 'value'],
          'write a finite number; use an initial assignment to compute it from other parameters');
      }
      if (pa.range) {
        const [lo, hi] = pa.range;
        if (!(lo <= hi)) report('E_SCHEMA', `parameter '${pa.id}' has range [${lo}, ${hi}] with low > high`, [...p, 'range'], 'write [low, high]');
        else if (pa.value !== undefined && finite(pa.value) && (pa.value < lo || pa.value > hi)) {
          report('W_OUT_OF_RANGE', `parameter '${pa.id}' = ${pa.value} lies outside its plausible range [${lo}, ${hi}]`, [...p, 'value'],
            'check the value and its unit, or widen the range if the source supports it');
        }
      }
    });

    // Functions.
    (body.functions ?? []).forEach((f, i) => {
      const p: Path = [...bp, 'functions', i];
      const dup = f.args.find((a, j) => f.args.indexOf(a) !== j);
      if (dup) report('E_DUPLICATE_ID', `function '${f.id}' has argument '${dup}' twice`, [...p, 'args'], 'give each argument its own name');
      checkExpr(f.formula, [...p, 'formula'], `function '${f.id}'`, new Set(f.args));
    });

    // Reactions.
    const changedByReactions = new Set<string>();
    (body.reactions ?? []).forEach((r: ReactionDoc, i) => {
      const p: Path = [...bp, 'reactions', i];
      const what = `reaction '${r.id}'`;
      if (r.equation !== undefined && (r.reactants !== undefined || r.products !== undefined)) {
        report('E_SCHEMA', `${what} has both 'equation' and reactants/products`, p, 'use either `equation: A -> B` or the reactants/products lists');
      }
      const parts = reactionParticipants(r);
      if (!parts.ok) {
        report('E_EQUATION_SYNTAX', `${what}: ${parts.message}`, [...p, 'equation'], "write e.g. '2 A + B -> C', 'A <-> B', '-> A' or 'A ->'");
        return;
      }
      if (r.equation !== undefined && r.reversible !== undefined) {
        const eq = reactionParticipants({ ...r, reversible: undefined } as unknown as ReactionDoc);
        if (eq.ok && eq.reversible !== r.reversible) {
          report('E_EQUATION_SYNTAX', `${what}: equation '${r.equation}' ${eq.reversible ? 'is reversible (<->)' : 'is irreversible (->)'} but reversible is ${r.reversible}`,
            [...p, 'reversible'], 'drop `reversible:` and let the arrow decide');
        }
      }
      const checkSpecies = (sid: string, sub: Path, role: string) => {
        const s = syms.get(sid);
        if (!s || s.kind !== 'species') {
          const spIds = [...syms].filter(([, x]) => x.kind === 'species').map(([k]) => k);
          const close = closestNames(sid, spIds);
          report('E_UNKNOWN_SPECIES', `${what}: ${role} '${sid}' is not a declared species`, sub,
            close.length ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : 'declare it under `species:`');
          return false;
        }
        return true;
      };
      const refsPath = (role: 'reactants' | 'products', j: number): Path => (r.equation !== undefined ? [...p, 'equation'] : [...p, role, j]);
      const allKnown = [
        ...parts.reactants.map((x, j) => checkSpecies(x.species, refsPath('reactants', j), 'reactant')),
        ...parts.products.map((x, j) => checkSpecies(x.species, refsPath('products', j), 'product')),
      ].every(Boolean);
      for (const x of [...parts.reactants, ...parts.products]) {
        if (!Number.isFinite(x.stoichiometry) || x.stoichiometry < 0) {
          report('E_SCHEMA', `${what}: stoichiometry of '${x.species}' is ${x.stoichiometry}; it must be a finite number >= 0`, p);
        }
        const s = syms.get(x.species);
        if (s?.kind === 'species') {
          if (!s.boundary) changedByReactions.add(x.species);
          if (s.constant && !s.boundary) {
            report('E_CONSTANT_ASSIGNED', `${what} changes species '${x.species}', which is constant and not a boundary species`, p,
              `set boundaryCondition: true on '${x.species}' (held fixed by reactions) or drop constant: true`);
          }
        }
      }
      (r.modifiers ?? []).forEach((m, j) => checkSpecies(m, [...p, 'modifiers', j], 'modifier'));
      if (r.compartment !== undefined) {
        const c = syms.get(r.compartment);
        if (!c || c.kind !== 'compartment') report('E_UNKNOWN_COMPARTMENT', `${what}: compartment '${r.compartment}' is not defined`, [...p, 'compartment']);
      }
      if (r.rate === undefined && r.kinetics === undefined) {
        report('E_KINETICS', `${what} has no rate`, p, 'add `rate: <expression in substance/time>` or `kinetics: {law: massAction, kf: k1}`');
      } else if (r.rate !== undefined && r.kinetics !== undefined) {
        report('E_KINETICS', `${what} has both 'rate' and 'kinetics'`, p, 'keep one: an explicit rate law or a named kinetic law');
      } else if (r.rate !== undefined) {
        const { dims } = checkExpr(r.rate, [...p, 'rate'], `rate of ${what}`);
        if (dims && !(dims[0] === -1 && isAmountDims([0, dims[1], dims[2], dims[3], dims[4], dims[5]]))) {
          report('E_DIMENSION_MISMATCH', `rate of ${what} has dimensions ${formatDims(dims)}, expected substance/time ('${r.rate}')`, [...p, 'rate'],
            'a rate law is in amount per time (SBML kinetic law): multiply by the compartment size, or use a named kinetic law (kinetics: {law: massAction, kf: ...})');
        }
      } else if (r.kinetics) {
        const k = r.kinetics;
        const kp: Path = [...p, 'kinetics'];
        const exprFields: [string, string | undefined][] = k.law === 'massAction' ? [['kf', k.kf], ['kr', k.kr]]
          : k.law === 'michaelisMenten' ? [['vmax', k.vmax], ['km', k.km]] : [['vmax', k.vmax], ['k', k.k], ['n', k.n]];
        for (const [f, src] of exprFields) if (src !== undefined) checkExpr(src, [...kp, f], `kinetics.${f} of ${what}`);
        if (k.law === 'massAction') {
          if (parts.reversible && k.kr === undefined) {
            report('E_KINETICS', `${what} is reversible but its massAction law has no kr`, kp, 'add `kr: <reverse rate constant>` or make the reaction irreversible (->)');
          } else if (!parts.reversible && k.kr !== undefined) {
            report('E_KINETICS', `${what} is irreversible but its massAction law has kr = ${k.kr}`, [...kp, 'kr'], 'write the equation with <-> to make it reversible, or drop kr');
          }
        } else {
          if (k.substrate !== undefined) {
            if (checkSpecies(k.substrate, [...kp, 'substrate'], 'substrate') && allKnown && !parts.reactants.some((x) => x.species === k.substrate)
              && !(r.modifiers ?? []).includes(k.substrate)) {
              report('E_KINETICS', `${what}: substrate '${k.substrate}' of the ${k.law} law is neither a reactant nor a modifier`, [...kp, 'substrate'],
                'list it as a reactant or under modifiers');
            }
          } else if (parts.reactants.length === 0) {
            report('E_KINETICS', `${what}: the ${k.law} law needs a substrate, but the reaction has no reactants`, kp, 'add `substrate: <species id>`');
          }
        }
        if (parts.reactants.length + parts.products.length === 0 && r.compartment === undefined) {
          report('E_KINETICS', `${what} has no species, so the compartment of its ${k.law} law is unknown`, kp, 'add `compartment: <id>`');
        }
      }
    });

    // Rules and initial assignments.
    const assignable = (v: string, path: Path, what: string): Sym | undefined => {
      const s = syms.get(v);
      if (!s || (s.kind !== 'species' && s.kind !== 'parameter' && s.kind !== 'compartment')) {
        const close = closestNames(v, valueIds());
        report(s ? 'E_UNKNOWN_SYMBOL' : (s === undefined ? 'E_UNKNOWN_SYMBOL' : 'E_UNKNOWN_SYMBOL'),
          s ? `${what} assigns '${v}', which is a ${s.kind} (only species, parameters and compartments have values)` : `${what} assigns '${v}', which is not defined`, path,
          close.length ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : 'declare it as a parameter (constant: false) first');
        return undefined;
      }
      return s;
    };
    (body.rules ?? []).forEach((rule, i) => {
      const p: Path = [...bp, 'rules', i];
      const what = `${rule.type} rule for '${rule.variable}'`;
      const s = assignable(rule.variable, [...p, 'variable'], what);
      if (s?.constant) {
        report('E_CONSTANT_ASSIGNED', `${what}: '${rule.variable}' is declared constant`, [...p, 'variable'], `drop constant: true from '${rule.variable}'`);
      }
      const { dims } = checkExpr(rule.formula, [...p, 'formula'], what);
      const expected = s?.dims ? (rule.type === 'rate' ? divDims(s.dims, TIME_DIMS) : s.dims) : null;
      if (dims && expected && !dimsEqual(dims, expected)) {
        report('E_DIMENSION_MISMATCH', `${what} has dimensions ${formatDims(dims)}, but '${rule.variable}' needs ${formatDims(expected)} ('${rule.formula}')`,
          [...p, 'formula'], 'check the units of the parameters in the formula');
      }
    });
    (body.initialAssignments ?? []).forEach((ia, i) => {
      const p: Path = [...bp, 'initialAssignments', i];
      const what = `initial assignment for '${ia.symbol}'`;
      const s = assignable(ia.symbol, [...p, 'symbol'], what);
      const { dims } = checkExpr(ia.formula, [...p, 'formula'], what);
      if (dims && s?.dims && !dimsEqual(dims, s.dims)) {
        report('E_DIMENSION_MISMATCH', `${what} has dimensions ${formatDims(dims)}, but '${ia.symbol}' needs ${formatDims(s.dims)} ('${ia.formula}')`,
          [...p, 'formula'], 'check the units of the parameters in the formula');
      }
    });

    // Events.
    (body.events ?? []).forEach((ev, i) => {
      const p: Path = [...bp, 'events', i];
      const what = `event '${ev.id}'`;
      checkExpr(ev.trigger, [...p, 'trigger'], `trigger of ${what}`);
      if (ev.delay !== undefined) {
        const { dims } = checkExpr(ev.delay, [...p, 'delay'], `delay of ${what}`);
        if (dims && !dimsEqual(dims, TIME_DIMS)) {
          report('E_DIMENSION_MISMATCH', `delay of ${what} has dimensions ${formatDims(dims)}, expected time`, [...p, 'delay']);
        }
      }
      if (ev.priority !== undefined) checkExpr(ev.priority, [...p, 'priority'], `priority of ${what}`);
      ev.assignments.forEach((a, j) => {
        const ap: Path = [...p, 'assignments', j];
        const s = assignable(a.variable, [...ap, 'variable'], what);
        if (s?.constant) {
          report('E_CONSTANT_ASSIGNED', `${what} assigns '${a.variable}', which is declared constant`, [...ap, 'variable'], `drop constant: true from '${a.variable}'`);
        }
        const { dims } = checkExpr(a.formula, [...ap, 'formula'], `assignment to '${a.variable}' in ${what}`);
        if (dims && s?.dims && !dimsEqual(dims, s.dims)) {
          report('E_DIMENSION_MISMATCH', `${what} assigns ${formatDims(dims)} to '${a.variable}', which has ${formatDims(s.dims)}`, [...ap, 'formula']);
        }
      });
    });

    // Observables.
    (body.observables ?? []).forEach((o, i) => {
      const p: Path = [...bp, 'observables', i];
      const u = checkUnit(o.unit, [...p, 'unit'], `observable '${o.id}'`);
      const { dims } = checkExpr(o.formula, [...p, 'formula'], `observable '${o.id}'`);
      if (u && dims && !dimsEqual(u.dims, dims)) {
        report('E_DIMENSION_MISMATCH', `observable '${o.id}' is declared in '${o.unit}' (${formatDims(u.dims)}) but its formula has dimensions ${formatDims(dims)}`,
          [...p, 'unit'], 'fix the unit or the formula');
      }
    });

    // Instances.
    (body.instances ?? []).forEach((inst, i) => {
      const p: Path = [...bp, 'instances', i];
      const m = modules.get(inst.module);
      if (!m) {
        const close = closestNames(inst.module, modules.keys());
        report('E_UNKNOWN_MODULE', `instance '${inst.id}' uses module '${inst.module}', which is not defined`, [...p, 'module'],
          close.length ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : modules.size ? `modules: ${[...modules.keys()].join(', ')}` : 'define it under `modules:`');
        return;
      }
      const ports = new Set(m.mod.ports ?? []);
      const inner = ownSymbols(m.mod);
      for (const [port, outer] of Object.entries(inst.bind ?? {})) {
        if (!ports.has(port)) {
          const close = closestNames(port, ports);
          report('E_UNKNOWN_PORT', `instance '${inst.id}' binds '${port}', which is not a port of module '${inst.module}'`, [...p, 'bind', port],
            ports.size ? `${close.length ? `did you mean '${close[0]}'? ` : ''}ports of '${inst.module}': ${[...ports].join(', ')}` : `module '${inst.module}' has no ports; add \`ports: [${port}]\` to it`);
          continue;
        }
        const target = syms.get(outer);
        const portSym = inner.get(port);
        if (!target) {
          const close = closestNames(outer, valueIds());
          report('E_UNKNOWN_SYMBOL', `instance '${inst.id}' binds port '${port}' to '${outer}', which is not defined`, [...p, 'bind', port],
            close.length ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : undefined);
        } else if (portSym && portSym.kind !== target.kind) {
          report(portSym.kind === 'species' ? 'E_UNKNOWN_SPECIES' : portSym.kind === 'compartment' ? 'E_UNKNOWN_COMPARTMENT' : 'E_UNKNOWN_PORT',
            `instance '${inst.id}' binds ${portSym.kind} port '${port}' to '${outer}', which is a ${target.kind}`, [...p, 'bind', port],
            `bind it to a ${portSym.kind}`);
        }
      }
      const innerAll = moduleSymbols(m.mod, [...stack, inst.module]);
      for (const [k, v] of Object.entries(inst.set ?? {})) {
        const s = innerAll.get(k);
        if (!s || s.kind !== 'parameter') {
          const params = [...innerAll].filter(([, x]) => x.kind === 'parameter').map(([n]) => n);
          const close = closestNames(k, params);
          report('E_UNKNOWN_SYMBOL', `instance '${inst.id}' sets '${k}', which is not a parameter of module '${inst.module}'`, [...p, 'set', k],
            close.length ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : `parameters: ${params.join(', ')}`);
        } else if (Object.keys(inst.bind ?? {}).includes(k)) {
          report('E_UNKNOWN_SYMBOL', `instance '${inst.id}' sets '${k}', but that port is bound to '${inst.bind?.[k]}'`, [...p, 'set', k], 'set the bound parameter instead');
        }
        if (!Number.isFinite(v)) report('E_INVALID_INITIAL_VALUE', `instance '${inst.id}' sets '${k}' to ${v}`, [...p, 'set', k], 'write a finite number');
      }
    });

    // Module ports must be entities of the module.
    if (mod) {
      (mod.ports ?? []).forEach((port, j) => {
        const s = syms.get(port);
        if (!s || (s.kind !== 'species' && s.kind !== 'parameter' && s.kind !== 'compartment')) {
          report('E_UNKNOWN_PORT', `module '${mod.id}' lists port '${port}', which is not a species, parameter or compartment of the module`, [...bp, 'ports', j],
            'declare the port entity inside the module (instances bind it to an entity of the enclosing model)');
        }
      });
    }
    void changedByReactions;
  };

  checkBody(doc, [], []);
  for (const { mod, index } of modules.values()) checkBody(mod, ['modules', index], [mod.id], mod);
  for (const c of cyclicModules) report('E_CYCLIC_MODULES', `modules instantiate each other in a cycle: ${c}`, ['modules'], 'a module cannot contain an instance of itself');

  if (hasErrors(out)) return { diagnostics: out };

  // ---- pass 2: model-wide checks on the flattened model
  const core = flattenCoreWith(loaded, parsed);
  globalChecks(core.flat, core.origins, base, report);
  return { diagnostics: out, core };
}

function literalNumber(e: Expr): number | undefined {
  if (e.kind === 'num') return e.value;
  if (e.kind === 'unary' && e.op === '-' && e.arg.kind === 'num') return -e.arg.value;
  if (e.kind === 'unary' && e.op === '+' && e.arg.kind === 'num') return e.arg.value;
  return undefined;
}

type Reporter = (code: string, message: string, path: Path, hint?: string) => void;

/** Find cycles in a dependency graph (node -> dependencies); each cycle reported once, as a -> b -> a. */
export function findCycles(graph: Map<string, Set<string>>): string[][] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string) => {
    state.set(n, 1);
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (!graph.has(d)) continue;
      const s = state.get(d);
      if (s === 1) cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (s === undefined) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return cycles;
}

function globalChecks(flat: FlatModel, origins: FlatOrigins, base: BaseUnits, report: Reporter): void {
  void base;
  const species = new Map(flat.species.map((s) => [s.id, s]));
  const params = new Map(flat.parameters.map((p) => [p.id, p]));
  const comps = new Map(flat.compartments.map((c) => [c.id, c]));
  const kindOf = (v: string) => (species.has(v) ? 'species' : params.has(v) ? 'parameter' : comps.has(v) ? 'compartment' : 'symbol');

  // Over-determined variables: two rules, a rule and an initial assignment is fine for rate rules only.
  const ruleOf = new Map<string, { type: 'assignment' | 'rate'; path: Path }>();
  const addRule = (variable: string, type: 'assignment' | 'rate', path: Path) => {
    const prev = ruleOf.get(variable);
    if (prev) {
      report('E_OVERDETERMINED', `${kindOf(variable)} '${variable}' is set by two rules (${prev.type} rule at ${prev.path.join('.')} and ${type} rule at ${path.join('.')})`,
        [...path, 'variable'], 'keep one rule per variable');
    } else ruleOf.set(variable, { type, path });
  };
  flat.assignmentRules.forEach((r, i) => addRule(r.variable, 'assignment', origins.assignmentRules[i]!));
  flat.rateRules.forEach((r, i) => addRule(r.variable, 'rate', origins.rateRules[i]!));
  flat.initialAssignments.forEach((ia, i) => {
    const r = ruleOf.get(ia.variable);
    if (r?.type === 'assignment') {
      report('E_OVERDETERMINED', `'${ia.variable}' has both an assignment rule and an initial assignment`, origins.initialAssignments[i]!,
        'an assignment rule holds at all times, including t = 0: drop the initial assignment');
    }
  });
  const iaSeen = new Set<string>();
  flat.initialAssignments.forEach((ia, i) => {
    if (iaSeen.has(ia.variable)) report('E_OVERDETERMINED', `'${ia.variable}' has two initial assignments`, origins.initialAssignments[i]!, 'keep one');
    iaSeen.add(ia.variable);
  });
  // Species changed by reactions and by a rule.
  flat.reactions.forEach((r, i) => {
    for (const ref of [...r.reactants, ...r.products]) {
      const s = species.get(ref.species);
      if (!s || s.boundaryCondition) continue;
      const rule = ruleOf.get(ref.species);
      if (rule) {
        report('E_OVERDETERMINED', `species '${ref.species}' is changed by reaction '${r.id}' and also set by ${rule.type === 'assignment' ? 'an assignment' : 'a rate'} rule`, origins.reactions[i]!,
          `set boundaryCondition: true on '${ref.species}' so that only the rule changes it, or remove the rule`);
        ruleOf.delete(ref.species); // report once
      }
    }
  });
  // Constants assigned (including across module boundaries).
  const constantIds = new Set([
    ...flat.species.filter((s) => s.constant).map((s) => s.id),
    ...[...origins.explicitConstant],
  ]);
  flat.assignmentRules.forEach((r, i) => {
    if (constantIds.has(r.variable) && species.has(r.variable)) report('E_CONSTANT_ASSIGNED', `assignment rule sets '${r.variable}', which is constant`, origins.assignmentRules[i]!, 'drop constant: true');
  });
  flat.rateRules.forEach((r, i) => {
    if (constantIds.has(r.variable) && species.has(r.variable)) report('E_CONSTANT_ASSIGNED', `rate rule changes '${r.variable}', which is constant`, origins.rateRules[i]!, 'drop constant: true');
  });

  // Cycles among assignment rules.
  const arGraph = new Map<string, Set<string>>();
  for (const r of flat.assignmentRules) arGraph.set(r.variable, collectIdentifiers(r.expr));
  const arIndex = new Map(flat.assignmentRules.map((r, i) => [r.variable, i]));
  const cycles = findCycles(arGraph);
  for (const c of cycles) {
    report('E_CYCLIC_RULES', `assignment rules depend on each other in a cycle: ${c.join(' -> ')}`, origins.assignmentRules[arIndex.get(c[0]!)!]!,
      'break the cycle: make one of these a parameter, a rate rule or an initial assignment');
  }
  // Cycles among initial assignments (+ assignment rules, which also hold at t0).
  const initGraph = new Map<string, Set<string>>();
  const initExpr = new Map<string, { expr: Expr; path: Path }>();
  flat.assignmentRules.forEach((r, i) => initExpr.set(r.variable, { expr: r.expr, path: origins.assignmentRules[i]! }));
  flat.initialAssignments.forEach((r, i) => { if (!initExpr.has(r.variable)) initExpr.set(r.variable, { expr: r.expr, path: origins.initialAssignments[i]! }); });
  for (const [v, { expr }] of initExpr) initGraph.set(v, collectIdentifiers(expr));
  const cyclesInit = cycles.length ? [] : findCycles(initGraph);
  for (const c of cyclesInit) {
    report('E_CYCLIC_RULES', `initial assignments depend on each other in a cycle: ${c.join(' -> ')}`, initExpr.get(c[0]!)!.path,
      'break the cycle: give one of them a number');
  }
  const hasCycle = cycles.length > 0 || cyclesInit.length > 0;

  // Missing initial values.
  const setAtStart = new Set([...initExpr.keys()]);
  for (const s of flat.species) {
    if (Number.isNaN(s.initial) && !setAtStart.has(s.id)) {
      report('E_MISSING_INITIAL_VALUE', `species '${s.id}' has no initial value`, origins.entities.get(s.id) ?? [],
        'add initialAmount or initialConcentration, or an initial assignment');
    }
  }
  for (const p of flat.parameters) {
    if (Number.isNaN(p.value) && !setAtStart.has(p.id)) {
      report('E_MISSING_INITIAL_VALUE', `parameter '${p.id}' has no value`, origins.entities.get(p.id) ?? [],
        'add `value:`, an initial assignment or an assignment rule');
    }
  }

  // Evaluate initial values in dependency order; report formulas that give inf or NaN.
  if (!hasCycle) {
    const values = new Map<string, number>();
    for (const c of flat.compartments) values.set(c.id, c.size);
    for (const p of flat.parameters) values.set(p.id, p.value);
    const amounts = new Map<string, number>();
    for (const s of flat.species) {
      const size = comps.get(s.compartment)?.size ?? 1;
      amounts.set(s.id, s.initialKind === 'amount' ? s.initial : s.initial * size);
    }
    const speciesValue = (id: string) => {
      const s = species.get(id)!;
      const a = amounts.get(id)!;
      return s.hasOnlySubstanceUnits ? a : a / (comps.get(s.compartment)?.size ?? 1);
    };
    const fns = new Map<string, FunctionDef>(flat.functions.map((f) => [f.id, f]));
    const bad = new Set<string>();
    const done = new Set<string>();
    const evalVar = (v: string, trail: Set<string>): void => {
      if (done.has(v) || trail.has(v)) return;
      const entry = initExpr.get(v);
      if (!entry) return;
      trail.add(v);
      const deps = collectIdentifiers(entry.expr);
      for (const d of deps) evalVar(d, trail);
      done.add(v);
      if ([...deps].some((d) => bad.has(d))) {
        bad.add(v);
        return;
      }
      let val: number;
      try {
        val = evaluate(entry.expr, (name) => (name === 'time' ? 0 : species.has(name) ? speciesValue(name) : values.get(name) ?? NaN), fns);
      } catch {
        return;
      }
      if (!Number.isFinite(val)) {
        bad.add(v);
        report('E_INITIAL_VALUE_NOT_FINITE', `initial value of '${v}' evaluates to ${val} ('${printExpression(entry.expr)}')`, [...entry.path, 'formula'],
          'check for division by zero, log of zero or a negative number, or an overflow in this formula and the values it uses');
        return;
      }
      const s = species.get(v);
      if (s) {
        const size = comps.get(s.compartment)?.size ?? 1;
        amounts.set(v, s.hasOnlySubstanceUnits ? val : val * size);
      } else values.set(v, val);
    };
    for (const v of initExpr.keys()) evalVar(v, new Set());
  }

  // Unused parameters (warning).
  const used = new Set<string>();
  const use = (e: Expr | undefined) => { if (e) for (const n of collectIdentifiers(e)) used.add(n); };
  for (const r of flat.reactions) use(r.rate);
  for (const r of [...flat.assignmentRules, ...flat.rateRules, ...flat.initialAssignments]) use(r.expr);
  for (const f of flat.functions) use(f.body);
  for (const e of flat.events) {
    use(e.trigger); use(e.delay); use(e.priority);
    for (const a of e.assignments) use(a.expr);
  }
  for (const o of flat.observables) use(o.expr);
  const assigned = new Set([...flat.assignmentRules, ...flat.rateRules].map((r) => r.variable));
  for (const p of flat.parameters) {
    if (!used.has(p.id) && !assigned.has(p.id)) {
      report('W_UNUSED_PARAMETER', `parameter '${p.id}' is not used by any rate, rule, event or observable`, origins.entities.get(p.id) ?? [],
        'remove it, or use it; if it is kept for documentation, add an observable that reports it');
    }
  }
}
