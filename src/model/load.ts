/**
 * Loading model text (YAML or JSON) into a LoadedModel: the document plus the source location of every
 * field, so later stages can point at `file:line:column`. JSON is parsed with the YAML parser too (JSON is
 * YAML 1.2 flow syntax), after a strict JSON.parse check, so locations work the same way for both.
 * No fs here: the CLI reads files and calls `loadModelText`.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { diag, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import type { LoadedModel, ModelDoc } from './types.js';
import { allowedKeysAt, modelDocSchema } from './schema.js';
import { closestNames } from './units.js';

/** Refuse model texts larger than this (characters): a model is not a data set. */
export const MAX_MODEL_TEXT = 50 * 1024 * 1024;
/** Limit on YAML alias expansion (billion-laughs protection). */
export const MAX_ALIAS_COUNT = 1000;

export type ModelFormat = 'yaml' | 'json';

export interface LoadOptions {
  file?: string;
  format?: ModelFormat;
}

export interface LoadResult {
  loaded?: LoadedModel;
  diagnostics: Diagnostic[];
}

/** Guess the format from the file name (`.json`, `.yaml`, `.yml`), else from the first non-blank character. */
export function detectFormat(fileName: string | undefined, text: string): ModelFormat {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const first = /\S/.exec(text);
  return first && (first[0] === '{' || first[0] === '[') ? 'json' : 'yaml';
}

/** Path array -> location-map key: `species/2/initialAmount`. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('/');
}

/** 1-based line and column of a character offset. */
function offsetToLineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function withFile(loc: SourceLocation, file: string | undefined): SourceLocation {
  return file !== undefined ? { file, ...loc } : loc;
}

/** Find the location of the longest prefix of `path` that has one. */
export function locate(locations: Map<string, SourceLocation>, path: readonly (string | number)[]): SourceLocation {
  for (let n = path.length; n >= 0; n--) {
    const loc = locations.get(pathKey(path.slice(0, n)));
    if (loc) return loc;
  }
  return {};
}

/** Load model text (YAML or JSON). Returns the loaded model when the text parses and matches the schema. */
export function loadModelText(text: string, opts: LoadOptions = {}): LoadResult {
  const file = opts.file;
  const at = (loc: SourceLocation) => withFile(loc, file);
  const diagnostics: Diagnostic[] = [];
  if (text.length > MAX_MODEL_TEXT) {
    diagnostics.push(diag('E_TOO_LARGE', `model text is ${text.length} characters, more than the limit of ${MAX_MODEL_TEXT}`, {
      hint: 'a model file should be small; keep data (time series, tables) in separate files', ...at({}),
    }));
    return { diagnostics };
  }
  const format = opts.format ?? detectFormat(file, text);

  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const m = /position (\d+)/.exec(msg);
      const lc = /line (\d+) column (\d+)/.exec(msg);
      const loc = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : m ? offsetToLineCol(text, Number(m[1])) : offsetToLineCol(text, text.length);
      diagnostics.push(diag('E_JSON_SYNTAX', `malformed JSON: ${msg}`, {
        hint: 'check for trailing commas, unquoted keys, single quotes or a missing bracket near this position', ...at(loc),
      }));
      return { diagnostics };
    }
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false });
  const posOf = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const err of doc.errors) {
    const loc = posOf(err.pos[0]);
    const duplicate = err.code === 'DUPLICATE_KEY';
    const firstLine = err.message.split('\n')[0] ?? err.message;
    diagnostics.push(diag(duplicate ? 'E_DUPLICATE_KEY' : format === 'json' ? 'E_JSON_SYNTAX' : 'E_YAML_SYNTAX',
      duplicate ? `duplicate key '${(/^[\s-]*["']?([^:"']+)/.exec(text.slice(err.pos[0]).split('\n')[0] ?? '')?.[1] ?? '').trim()}': each key may appear once in a mapping` : `malformed ${format === 'json' ? 'JSON' : 'YAML'}: ${firstLine}`, {
        hint: duplicate ? 'each key may appear once in a mapping; remove or rename the repeated one'
          : 'check indentation, colons after keys, and quoting of strings containing `:` or `#`',
        ...at(loc),
      }));
  }
  if (diagnostics.length) return { diagnostics };

  // Locations: for scalars the value's position; for collections the key's position (the line that opens them).
  const locations = new Map<string, SourceLocation>();
  const keyLocations = new Map<string, SourceLocation>();
  const walk = (node: unknown, path: (string | number)[], keyLoc?: SourceLocation) => {
    const n = node as YamlNode | null;
    const own = n && n.range ? posOf(n.range[0]) : undefined;
    const loc = isScalar(n) ? own : keyLoc ?? own;
    if (loc) locations.set(pathKey(path), at(loc));
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const kn = item.key as YamlNode | null;
        const kl = kn && kn.range ? posOf(kn.range[0]) : undefined;
        if (kl) keyLocations.set(pathKey([...path, k]), at(kl));
        walk(item.value, [...path, k], kl);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    diagnostics.push(diag('E_YAML_SYNTAX', `cannot expand the document: ${e instanceof Error ? e.message : String(e)}`, {
      hint: `YAML aliases are limited to ${MAX_ALIAS_COUNT} expansions`, ...at({ line: 1, column: 1 }),
    }));
    return { diagnostics };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(diag('E_SCHEMA', 'a model document must be a mapping with at least an `id`', {
      hint: 'start the file with `id: my_model`', ...at({ line: 1, column: 1 }),
    }));
    return { diagnostics };
  }

  const parsed = modelDocSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      diagnostics.push(...schemaIssueToDiagnostics(issue as ZIssue, data, locations, keyLocations, file));
    }
    return { diagnostics };
  }
  const loaded: LoadedModel = { doc: parsed.data as ModelDoc, text, locations };
  if (file !== undefined) loaded.file = file;
  return { loaded, diagnostics };
}

/** The parts of a zod 4 issue we use. */
interface ZIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  errors?: ZIssue[][];
  discriminator?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function typeName(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** `species[2].initialAmount` (and the entity id when known: `species[2] (A)`). */
export function fieldName(root: unknown, path: readonly (string | number)[]): string {
  let s = '';
  let cur: unknown = root;
  for (const p of path) {
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[p] : undefined;
    if (typeof p === 'number') {
      const id = cur !== null && typeof cur === 'object' ? (cur as { id?: unknown }).id : undefined;
      s += `[${p}]${typeof id === 'string' ? ` (${id})` : ''}`;
    } else s += s ? `.${p}` : p;
  }
  return s || 'the document';
}

const EXPECTED_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping',
  record: 'a mapping', tuple: 'a list', nan: 'a number',
};

function schemaIssueToDiagnostics(
  issue: ZIssue,
  root: unknown,
  locations: Map<string, SourceLocation>,
  keyLocations: Map<string, SourceLocation>,
  file: string | undefined,
): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  const value = getAt(root, path);
  const where = fieldName(root, path);
  const loc = locate(locations, path);
  const mk = (message: string, hint?: string, p = path, l: SourceLocation = loc): Diagnostic =>
    diag('E_SCHEMA', message, { path: p, ...(hint ? { hint } : {}), ...l, ...(file !== undefined ? { file } : {}) });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(path, value) ?? [];
      return (issue.keys ?? []).map((k) => {
        const close = closestNames(k, allowed, 1);
        const fragment = /[()\s*/+^]/.test(k);
        const hint = fragment
          ? 'a formula containing commas inside a { ... } flow mapping must be quoted: rate: "k * f(A, 2)"'
          : `${close.length ? `did you mean '${close[0]}'? ` : ''}allowed keys: ${allowed.join(', ')}`;
        const kp = [...path, k];
        return mk(`unknown key '${k}' in ${where}`, hint, kp, keyLocations.get(pathKey(kp)) ?? locate(locations, kp));
      });
    }
    case 'invalid_type': {
      const exp = issue.expected ?? 'a value';
      if (value === undefined) {
        return [mk(`${where} is required (${EXPECTED_WORDS[exp] ?? exp})`, `add \`${String(path[path.length - 1])}: ...\``)];
      }
      return [mk(`${where} must be ${EXPECTED_WORDS[exp] ?? exp}, got ${typeName(value)}`)];
    }
    case 'invalid_union': {
      if (issue.discriminator) {
        return [mk(`${where}.${issue.discriminator} must be one of massAction, michaelisMenten, hill; got ${typeName(getAt(value, [issue.discriminator]))}`,
          'named kinetic laws: massAction (kf, kr?), michaelisMenten (vmax, km, substrate?), hill (vmax, k, n, substrate?)')];
      }
      // Prefer the branch whose problems are deeper than a top-level type mismatch (the one the user meant).
      const branches = (issue.errors ?? []).filter((b) => !b.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      const chosen = branches[0];
      if (chosen) {
        return chosen.flatMap((i) => schemaIssueToDiagnostics({ ...i, path: [...issue.path, ...i.path] }, root, locations, keyLocations, file));
      }
      const exps = (issue.errors ?? []).flatMap((b) => b.map((i) => i.expected).filter((x): x is string => !!x));
      return [mk(`${where} must be ${[...new Set(exps)].map((e) => EXPECTED_WORDS[e] ?? e).join(' or ') || 'a valid value'}, got ${typeName(value)}`)];
    }
    case 'invalid_value':
      return [mk(`${where} must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, got ${typeName(value)}`)];
    case 'invalid_format':
      return [mk(`${where} ${issue.message.startsWith('must') ? issue.message : `is invalid: ${issue.message}`}, got ${typeName(value)}`,
        'ids use letters, digits and underscores and do not start with a digit')];
    case 'too_small':
    case 'too_big':
      return [mk(`${where}: ${issue.message}`)];
    case 'custom':
      if (issue.message === 'expected a number') return [mk(`${where} must be a number, got ${typeName(value)}`)];
      return [mk(`${where}: ${issue.message}`)];
    default:
      return [mk(`${where}: ${issue.message}${value !== undefined ? `, got ${typeName(value)}` : ''}`)];
  }
}
