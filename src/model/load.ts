/**
 * Loading model text (YAML or JSON) into a LoadedModel: the document plus the source location of every
 * field, so later stages can point at `file:line:column`.
 *
 * Two parsers, one result:
 *  - fast path (default): JSON text -> JSON.parse; YAML -> js-yaml 4 with a schema that resolves plain
 *    scalars exactly like the `yaml` package's YAML 1.2 core schema (same regular expressions, same
 *    conversions). Source locations are then computed lazily, on first access of `LoadedModel.locations`,
 *    by the `yaml` package's parseDocument + LineCounter (the slow part: ~15x slower than js-yaml), so a
 *    valid model never pays for them.
 *  - `yaml` path (the reference): the `yaml` package's parseDocument, as before. Taken whenever the fast
 *    path could differ or be unsafe (see needsYamlPackage: anchors/aliases, for the billion-laughs limit
 *    maxAliasCount, tags, directives, block scalars, collection keys, unusual layout); when js-yaml reports
 *    any error (the `yaml` package then produces the diagnostics, so syntax errors read exactly as before);
 *    when a JSON text has duplicate keys (JSON.parse keeps the last; the reference reports them).
 * test/model/load-fast.test.ts checks that both paths give identical documents, diagnostics and locations
 * (every model file in the repository, generated networks, YAML 1.2 scalars, seeded random mutations).
 * No fs here: the CLI reads files and calls `loadModelText`.
 */
import jsyaml from 'js-yaml';
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

/** Which parser reads the data: 'fast' (default; falls back to 'yaml' when needed) or 'yaml' (the reference). */
export type ModelParser = 'fast' | 'yaml';

export interface LoadOptions {
  file?: string;
  format?: ModelFormat;
  /** For tests and benchmarks: force the `yaml` package path. Default 'fast'. */
  parser?: ModelParser;
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

/**
 * A Map filled on first use: every read (get, has, size, iteration) and every write first runs `fill` once.
 * Used for source locations, which are expensive to compute and only needed when something is reported.
 */
export class LazyMap<K, V> extends Map<K, V> {
  #fill: ((set: (key: K, value: V) => void) => void) | undefined;

  constructor(fill: (set: (key: K, value: V) => void) => void) {
    super();
    this.#fill = fill;
  }

  /** True once the entries have been computed. */
  get filled(): boolean {
    return this.#fill === undefined;
  }

  #ensure(): void {
    const fill = this.#fill;
    if (fill === undefined) return;
    this.#fill = undefined;
    fill((key, value) => {
      super.set(key, value);
    });
  }

  override get(key: K): V | undefined {
    this.#ensure();
    return super.get(key);
  }
  override has(key: K): boolean {
    this.#ensure();
    return super.has(key);
  }
  override get size(): number {
    this.#ensure();
    return super.size;
  }
  override set(key: K, value: V): this {
    this.#ensure();
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.#ensure();
    return super.delete(key);
  }
  override clear(): void {
    this.#ensure();
    super.clear();
  }
  override keys(): MapIterator<K> {
    this.#ensure();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.#ensure();
    return super.values();
  }
  override entries(): MapIterator<[K, V]> {
    this.#ensure();
    return super.entries();
  }
  override forEach(cb: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#ensure();
    super.forEach(cb, thisArg);
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    this.#ensure();
    return super[Symbol.iterator]();
  }
}

let locationParseCounter = 0;
const parsedBy = { fast: 0, yaml: 0 };
/** How many times source locations were computed with the `yaml` package (for tests: the fast path must not). */
export function locationParseCount(): number {
  return locationParseCounter;
}
/** How many texts each parser has read the data of (for tests: which path a text took). */
export function parserUsage(): { fast: number; yaml: number } {
  return { ...parsedBy };
}

// ---------------------------------------------------------------------------------------------------------
// js-yaml schema equal to the `yaml` package's YAML 1.2 core schema (yaml 2.x, src/schema/core/*.ts and
// src/schema/common/null.ts): the same tests, in the same order, with the same conversions. Only plain
// scalars are resolved; quoted scalars stay strings in both. Empty nodes are null in both.
// ---------------------------------------------------------------------------------------------------------
// js-yaml keeps one implicit type per tag, so each tag tries the `yaml` package's tests for it in order.
type Resolver = readonly [RegExp, (s: string) => unknown];
const scalarType = (tag: string, resolvers: readonly Resolver[]) =>
  new jsyaml.Type(tag, {
    kind: 'scalar',
    resolve: (s: unknown) => typeof s === 'string' && resolvers.some(([re]) => re.test(s)),
    construct: (s: string) => {
      for (const [re, conv] of resolvers) if (re.test(s)) return conv(s);
      return s;
    },
  });
const CORE_COMPATIBLE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType('tag:yaml.org,2002:null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalarType('tag:yaml.org,2002:bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalarType('tag:yaml.org,2002:int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalarType('tag:yaml.org,2002:float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
        (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});

/**
 * Whether a YAML text may use something the fast path leaves to the `yaml` package. Conservative: a false
 * positive only costs time (small hand-written models load in milliseconds either way; the fast path is for
 * large generated models). Returns true for:
 *  - anchors `&a`, aliases `*a`, tags `!t`, block scalars `|` `>`, reserved `@` and backquote at the start of
 *    a node: aliases can expand exponentially (billion laughs: the `yaml` package limits them); tags and
 *    block scalars are rare in models and parsed the same way by the reference path;
 *  - directives (`%YAML 1.1` changes the schema), explicit keys `? k` / `: v`, flow collections used as keys;
 *  - tabs, a lone carriage return, NEL / LS / PS, a byte-order mark after the start;
 *  - quoted scalars spanning lines; a `:` more than 1000 characters after the line start, `[`, `{` or `,`
 *    (the `yaml` package rejects implicit keys longer than 1024 characters, js-yaml does not);
 *  - flow collections spanning lines whose continuation lines are not indented more than the first content
 *    column of the opening line (the `yaml` package requires at least its block indent + 1; js-yaml is laxer),
 *    except a closing bracket one column less (the `yaml` package's own exception); a flow collection that
 *    spans lines must start at the start of a node (otherwise brackets may be plain text).
 * Everything else is plain/quoted scalars, single-line or properly indented flow collections and block
 * collections, where js-yaml and the `yaml` package agree (test/model/load-fast.test.ts, incl. a mutation test).
 */
export function needsYamlPackage(text: string): boolean {
  if (text.indexOf('\t') >= 0 || text.indexOf('\uFEFF', 1) >= 0 || /[\u0085\u2028\u2029]/.test(text)) return true;
  const n = text.length;
  const open: string[] = []; // the open flow collections, '[' or '{'
  let minIndent = 0; // continuation lines of the current multi-line flow collection need at least this indent
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const line = text.slice(pos, lineEnd);
    pos = end + 1;
    if (line.indexOf('\r') >= 0) return true;
    let i = 0;
    while (line.charCodeAt(i) === 0x20) i++;
    if (i >= line.length || line[i] === '#') continue; // blank or comment line
    const indent = i;
    if (open.length > 0 && indent < minIndent) {
      const closing = line[i] === ']' || line[i] === '}';
      if (!(closing && open.length === 1 && indent === minIndent - 1)) return true;
    }
    if (open.length === 0 && indent === 0) {
      if (line[0] === '%') return true;
      if ((line.startsWith('---') || line.startsWith('...')) && (line.length === 3 || line[3] === ' ')) i = 3;
    }
    // The first content column after block indicators `- ` (explicit `? ` / `: ` fall back).
    let c = i;
    if (open.length === 0) {
      while ((line[c] === '-' || line[c] === '?' || line[c] === ':') && (c + 1 >= line.length || line[c + 1] === ' ')) {
        if (line[c] !== '-') return true;
        c++;
        while (line.charCodeAt(c) === 0x20) c++;
      }
    }
    let nodeStart = true; // the next non-blank character starts a node
    let afterColon = false; // ... and that node follows a `:` (a value, not a key, in a flow mapping)
    let openedAtNodeStart = true; // the outermost flow collection opened on this line started a node
    let keyStart = i; // no implicit key starts before this (the `yaml` package limits implicit keys to 1024 chars)
    for (let k = i; k < line.length; k++) {
      const ch = line[k]!;
      if (ch === ' ') continue;
      if (ch === '#') {
        if (k === 0 || line[k - 1] === ' ') break; // comment
        if (nodeStart || ']}"\''.includes(line[k - 1]!)) return true; // a comment not separated by a blank
      }
      if (nodeStart) {
        if ('&*!|>%@`'.includes(ch)) return true;
        if (ch === '?' && (k + 1 >= line.length || line[k + 1] === ' ')) return true;
        if (ch === '"' || ch === "'") {
          let q = k + 1;
          for (;;) {
            if (q >= line.length) return true; // spans lines
            const d = line[q];
            if (ch === '"' && d === '\\') q += 2;
            else if (d === ch) {
              if (ch === "'" && line[q + 1] === "'") q += 2;
              else break;
            } else q++;
          }
          k = q;
          nodeStart = false;
          continue;
        }
      }
      if (ch === '[' || ch === '{') {
        // A collection in key position of a flow mapping (js-yaml and the `yaml` package name such keys differently).
        if (open[open.length - 1] === '{' && !(nodeStart && afterColon)) return true;
        if (open.length === 0) {
          minIndent = c + 1;
          openedAtNodeStart = nodeStart;
        }
        open.push(ch);
        nodeStart = true;
        keyStart = k;
      } else if (ch === ']' || ch === '}') {
        if (open.pop() === undefined) return true;
        let m = k + 1;
        while (line.charCodeAt(m) === 0x20) m++;
        if (line[m] === ':') return true; // a collection used as a key
        nodeStart = false;
      } else if (ch === ',' || ch === ':') {
        if (ch === ':' && k - keyStart > 1000) return true;
        if (ch === ',') keyStart = k;
        nodeStart = true;
        afterColon = ch === ':';
        continue;
      } else if ((ch === '-' || ch === '?') && (k + 1 >= line.length || line[k + 1] === ' ')) {
        nodeStart = true;
      } else {
        nodeStart = false;
      }
      afterColon = false;
    }
    if (open.length > 0 && !openedAtNodeStart) return true;
  }
  return false;
}

/** Whether a JSON text (already accepted by JSON.parse) has a repeated key in some object. */
function jsonHasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j += 2;
        } else if (d === 0x22 || j >= n) break;
        else j++;
      }
      const keys = stack[stack.length - 1];
      if (keys) {
        let k = j + 1;
        for (let w = text.charCodeAt(k); w === 0x20 || w === 0x09 || w === 0x0a || w === 0x0d; w = text.charCodeAt(++k));
        if (text.charCodeAt(k) === 0x3a) {
          const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
          if (keys.has(key)) return true;
          keys.add(key);
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b) stack.push(new Set());
    else if (c === 0x5b) stack.push(null);
    else if (c === 0x7d || c === 0x5d) stack.pop();
    i++;
  }
  return false;
}

/** Whether js-yaml produced a key the `yaml` package would spell differently (null keys: '' vs 'null'). */
function hasSuspiciousKey(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    for (const x of node) if (hasSuspiciousKey(x)) return true;
    return false;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'null' || k === '[object Object]' || hasSuspiciousKey(v)) return true;
  }
  return false;
}

/** Parse with js-yaml (YAML) or JSON.parse (JSON); undefined when the `yaml` package must decide. */
function fastParse(text: string, format: ModelFormat, json: unknown): { data: unknown } | undefined {
  if (format === 'json') return jsonHasDuplicateKeys(text) ? undefined : { data: json };
  if (needsYamlPackage(text)) return undefined;
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE_COMPATIBLE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  // An empty document: js-yaml gives undefined, the `yaml` package null.
  return hasSuspiciousKey(data) ? undefined : { data: data === undefined ? null : data };
}

interface YamlParse {
  errors: Diagnostic[];
  doc: ReturnType<typeof parseDocument>;
  posOf: (offset: number) => SourceLocation;
}

function yamlParse(text: string, format: ModelFormat, at: (loc: SourceLocation) => SourceLocation): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false });
  const posOf = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const errors: Diagnostic[] = [];
  for (const err of doc.errors) {
    const loc = posOf(err.pos[0]);
    const duplicate = err.code === 'DUPLICATE_KEY';
    const firstLine = err.message.split('\n')[0] ?? err.message;
    errors.push(diag(duplicate ? 'E_DUPLICATE_KEY' : format === 'json' ? 'E_JSON_SYNTAX' : 'E_YAML_SYNTAX',
      duplicate ? `duplicate key '${(/^[\s-]*["']?([^:"']+)/.exec(text.slice(err.pos[0]).split('\n')[0] ?? '')?.[1] ?? '').trim()}': each key may appear once in a mapping` : `malformed ${format === 'json' ? 'JSON' : 'YAML'}: ${firstLine}`, {
        hint: duplicate ? 'each key may appear once in a mapping; remove or rename the repeated one'
          : 'check indentation, colons after keys, and quoting of strings containing `:` or `#`',
        ...at(loc),
      }));
  }
  return { errors, doc, posOf };
}

/** Locations: for scalars the value's position; for collections the key's position (the line that opens them). */
function walkLocations(
  contents: unknown,
  posOf: (offset: number) => SourceLocation,
  at: (loc: SourceLocation) => SourceLocation,
  setLocation: (key: string, loc: SourceLocation) => void,
  setKeyLocation: (key: string, loc: SourceLocation) => void,
): void {
  const walk = (node: unknown, path: (string | number)[], keyLoc?: SourceLocation) => {
    const n = node as YamlNode | null;
    const own = n && n.range ? posOf(n.range[0]) : undefined;
    const loc = isScalar(n) ? own : keyLoc ?? own;
    if (loc) setLocation(pathKey(path), at(loc));
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const kn = item.key as YamlNode | null;
        const kl = kn && kn.range ? posOf(kn.range[0]) : undefined;
        if (kl) setKeyLocation(pathKey([...path, k]), at(kl));
        walk(item.value, [...path, k], kl);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(contents, []);
}

interface ModelData {
  data: unknown;
  locations: Map<string, SourceLocation>;
  keyLocations: Map<string, SourceLocation>;
}

/** Text -> plain data plus (possibly lazy) locations, or the syntax diagnostics. */
function readModelData(text: string, opts: LoadOptions): ModelData | { diagnostics: Diagnostic[] } {
  const file = opts.file;
  const at = (loc: SourceLocation) => withFile(loc, file);
  if (text.length > MAX_MODEL_TEXT) {
    return {
      diagnostics: [diag('E_TOO_LARGE', `model text is ${text.length} characters, more than the limit of ${MAX_MODEL_TEXT}`, {
        hint: 'a model file should be small; keep data (time series, tables) in separate files', ...at({}),
      })],
    };
  }
  const format = opts.format ?? detectFormat(file, text);

  let json: unknown;
  if (format === 'json') {
    try {
      json = JSON.parse(text);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const m = /position (\d+)/.exec(msg);
      const lc = /line (\d+) column (\d+)/.exec(msg);
      const loc = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : m ? offsetToLineCol(text, Number(m[1])) : offsetToLineCol(text, text.length);
      return {
        diagnostics: [diag('E_JSON_SYNTAX', `malformed JSON: ${msg}`, {
          hint: 'check for trailing commas, unquoted keys, single quotes or a missing bracket near this position', ...at(loc),
        })],
      };
    }
  }

  const fast = opts.parser === 'yaml' ? undefined : fastParse(text, format, json);
  if (fast) {
    parsedBy.fast++;
    // Locations on demand: one `yaml` parse serves both maps.
    let computed: { locations: Map<string, SourceLocation>; keyLocations: Map<string, SourceLocation> } | undefined;
    const compute = () => {
      if (!computed) {
        locationParseCounter++;
        const c = { locations: new Map<string, SourceLocation>(), keyLocations: new Map<string, SourceLocation>() };
        const p = yamlParse(text, format, at);
        // Both parsers accept the text here (see needsYamlPackage); should the `yaml` package ever report
        // errors anyway, its node ranges are still the best locations available.
        walkLocations(p.doc.contents, p.posOf, at, (k, l) => c.locations.set(k, l), (k, l) => c.keyLocations.set(k, l));
        computed = c;
      }
      return computed;
    };
    return {
      data: fast.data,
      locations: new LazyMap((set) => compute().locations.forEach((v, k) => set(k, v))),
      keyLocations: new LazyMap((set) => compute().keyLocations.forEach((v, k) => set(k, v))),
    };
  }

  parsedBy.yaml++;
  const p = yamlParse(text, format, at);
  if (p.errors.length) return { diagnostics: p.errors };
  const locations = new Map<string, SourceLocation>();
  const keyLocations = new Map<string, SourceLocation>();
  walkLocations(p.doc.contents, p.posOf, at, (k, l) => locations.set(k, l), (k, l) => keyLocations.set(k, l));
  try {
    return { data: p.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locations, keyLocations };
  } catch (e) {
    return {
      diagnostics: [diag('E_YAML_SYNTAX', `cannot expand the document: ${e instanceof Error ? e.message : String(e)}`, {
        hint: `YAML aliases are limited to ${MAX_ALIAS_COUNT} expansions`, ...at({ line: 1, column: 1 }),
      })],
    };
  }
}

/**
 * Model text -> plain data (before the schema check), or the syntax diagnostics. The data is what
 * `loadModelText` checks against the schema; exported for tools and for the tests comparing both parsers.
 */
export function parseModelData(text: string, opts: LoadOptions = {}): { data?: unknown; diagnostics: Diagnostic[] } {
  const r = readModelData(text, opts);
  return 'diagnostics' in r ? r : { data: r.data, diagnostics: [] };
}

/** Load model text (YAML or JSON). Returns the loaded model when the text parses and matches the schema. */
export function loadModelText(text: string, opts: LoadOptions = {}): LoadResult {
  const file = opts.file;
  const r = readModelData(text, opts);
  if ('diagnostics' in r) return { diagnostics: r.diagnostics };
  const { data, locations, keyLocations } = r;
  const diagnostics: Diagnostic[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(diag('E_SCHEMA', 'a model document must be a mapping with at least an `id`', {
      hint: 'start the file with `id: my_model`', ...withFile({ line: 1, column: 1 }, file),
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
