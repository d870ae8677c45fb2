/**
 * Safe XML parsing into a small element tree (for SBML import).
 *
 * Parser choice: saxes@6 (streaming, non-validating, namespace-aware, ~1 dependency: xmlchars). It reports the
 * line and column of every start tag directly and never reads a DTD or an external entity; fast-xml-parser
 * gives no reliable per-element line numbers, which diagnostics need.
 *
 * Safety rules (XML entity attacks, OWASP "XML External Entity Prevention"):
 *  - a DOCTYPE that declares entities (`<!ENTITY`, general or parameter) is refused (E_XML_ENTITY): internal
 *    entities enable "billion laughs" expansion, external ones read files / URLs. Nothing is ever expanded
 *    except the five predefined entities and numeric character references (decoded by saxes).
 *  - an external DTD (`<!DOCTYPE x SYSTEM "...">`) is never fetched.
 *  - size limit (default 100 MB, UTF-8 bytes, E_XML_TOO_LARGE) and element depth limit (default 1,000,
 *    E_XML_TOO_DEEP; the tree is built iteratively but consumers recurse).
 *  - malformed XML -> E_XML_SYNTAX with line and column; parsing stops at the first error. Messages add what saxes
 *    does not say (syntaxProblem): the unclosed elements of a truncated file with their lines, the open element a
 *    mismatched end tag meets, the undeclared prefix, the undefined entity, text where the root should start; every
 *    XML diagnostic carries a fix hint.
 */
import { createRequire } from 'node:module';
import type { SaxesTagNS } from 'saxes';
import { diag, type Diagnostic } from '../diagnostics.js';

export interface XmlElement {
  /** Local name (prefix stripped). */
  name: string;
  /** Namespace URI of the element, when it is in a namespace. */
  ns?: string;
  /**
   * Attributes keyed by local name (prefix stripped); namespace declarations (`xmlns`, `xmlns:p`) are left out.
   * When a prefixed and an unprefixed attribute share a local name, the unprefixed one wins.
   */
  attrs: Record<string, string>;
  /** Namespace URIs of prefixed attributes, keyed like `attrs` (e.g. `{ units: 'http://www.sbml.org/sbml/level3/version2/core' }`). */
  attrNs?: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text (and CDATA) directly inside this element, entities decoded, whitespace kept. */
  text: string;
  /**
   * Mixed content only (element with child elements and non-blank text): the text runs between children,
   * `segments.length === children.length + 1` (e.g. MathML `<cn type="rational">1<sep/>3</cn>` -> ['1', '3']).
   */
  segments?: string[];
  /** 1-based line of the start tag. */
  line: number;
  /** 1-based column of the `<` of the start tag. */
  column?: number;
}

export interface ParseXmlOptions {
  /** File name used in diagnostics. */
  file?: string;
  /** Maximum document size in UTF-8 bytes (default 100 MB). */
  maxBytes?: number;
  /** Maximum element nesting depth (default 1,000). */
  maxDepth?: number;
  /**
   * Try the fast scanner (parsePlainXml) first (default true); false parses with saxes only. Same tree either
   * way; the option exists for tests that compare the two.
   */
  fastPath?: boolean;
}

export const DEFAULT_MAX_XML_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_XML_DEPTH = 1000;

/**
 * saxes, loaded on first use (performance only): plain documents never need it, and importing the 74 KB CommonJS
 * module from ESM makes Node scan its source for exports, work that on a loaded machine still competes with the
 * first read after the import (bench/sbml/README.md). A synchronous require keeps parseXml synchronous.
 */
let saxesModule: typeof import('saxes') | undefined;
function loadSaxes(): typeof import('saxes') {
  return (saxesModule ??= createRequire(import.meta.url)('saxes') as typeof import('saxes'));
}

/** Thrown inside saxes handlers to stop parsing; never escapes parseXml. */
class Stop extends Error {}

interface Building {
  el: XmlElement;
  /** Text run since the last child (only used to fill `segments`). */
  run: string;
  runs: string[];
}

/** Parse `text` into an element tree. Never throws on bad input: problems are returned as diagnostics. */
export function parseXml(text: string, opts: ParseXmlOptions = {}): { root?: XmlElement; diagnostics: Diagnostic[] } {
  const file = opts.file;
  const where = file ? { file } : {};
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  const diagnostics: Diagnostic[] = [];

  // text.length <= UTF-8 byte length <= 3 * text.length: only count bytes when it can matter
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    diagnostics.push(
      diag('E_XML_TOO_LARGE', `${file ?? 'the XML document'} is ${Buffer.byteLength(text, 'utf8')} bytes, larger than the limit of ${maxBytes} bytes; it was not parsed`, {
        ...where,
        hint: 'raise the size limit (maxBytes) if the file is trusted',
      }),
    );
    return { diagnostics };
  }

  // Performance only: plain well-formed documents take the fast scanner; anything else (and every document with
  // a problem) goes through saxes below, which gives the diagnostics.
  if (opts.fastPath !== false) {
    const fast = parsePlainXml(text, maxDepth);
    if (fast) return { root: fast, diagnostics };
  }

  const { SaxesParser } = loadSaxes();
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;
  let startColumn = 1;
  /** The element closed last and the close tag's name (for mismatched-tag messages). */
  let lastClosed: { name: string; el: XmlElement | undefined } | undefined;

  const fail = (code: string, message: string, line: number, column: number | undefined, hint?: string): never => {
    const loc: Partial<Diagnostic> = { ...where, line };
    if (column !== undefined) loc.column = column;
    if (hint !== undefined) loc.hint = hint;
    diagnostics.push(diag(code, message, loc));
    throw new Stop();
  };

  const addText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (!top) return; // text outside the root element is whitespace (saxes reports anything else as an error)
    top.el.text += t;
    top.run += t;
  };

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      // Report at the first `<!ENTITY` of the original text (the DOCTYPE event fires at its closing `>`).
      const d = text.indexOf('<!DOCTYPE');
      const e = text.indexOf('<!ENTITY', Math.max(0, d));
      const pos = e >= 0 ? lineColAt(text, e) : { line: parser.line, column: Math.max(1, parser.column) };
      const place = file ? `${file} line ${pos.line}` : `line ${pos.line}`;
      const decls = [...doctype.matchAll(/<!ENTITY\s+(%\s+)?([^\s"'>]+)(?:\s+(SYSTEM|PUBLIC)\s*(?:"([^"]*)"|'([^']*)'))?/gi)];
      const external = decls.find((m) => m[3] !== undefined);
      const names = decls.map((m) => `'${m[2]}'`);
      const what = external
        ? `the external entity '${external[2]}' (${external[3]!.toUpperCase()} "${external[4] ?? external[5] ?? ''}"), which is never read`
        : `${names.length === 1 ? 'the entity' : `${names.length} entities:`} ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}`;
      fail(
        'E_XML_ENTITY',
        `${place}: the DOCTYPE declares ${what}; entity declarations are refused (entity expansion attacks) and nothing was expanded or read: internal entities allow "billion laughs" bombs, external ones read files or URLs`,
        pos.line,
        pos.column,
        'remove the <!DOCTYPE ...> declaration and write the text the entities stood for; SBML files need no DOCTYPE',
      );
    }
  });
  parser.on('opentagstart', (tag) => {
    startLine = parser.line;
    // saxes has consumed `<name` plus one more character here; column is 0-based after that
    startColumn = Math.max(1, parser.column - tag.name.length - 1);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length >= maxDepth) {
      fail(
        'E_XML_TOO_DEEP',
        `XML elements are nested more than ${maxDepth} deep at <${tag.name}> (line ${startLine}, inside ${stack.length > 0 ? `<${stack[stack.length - 1]!.el.name}>` : 'the root'})`,
        startLine,
        startColumn,
        'raise the depth limit (maxDepth) if the file is trusted',
      );
    }
    const el: XmlElement = { name: tag.local, attrs: {}, children: [], text: '', line: startLine, column: startColumn };
    if (tag.uri) el.ns = tag.uri;
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || (a.prefix === '' && a.local === 'xmlns')) continue;
      if (a.prefix === '') {
        el.attrs[a.local] = a.value;
      } else if (!(a.local in el.attrs)) {
        el.attrs[a.local] = a.value;
        (el.attrNs ??= {})[a.local] = a.uri;
      }
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.el.children.push(el);
      parent.runs.push(parent.run);
      parent.run = '';
    } else {
      root = el;
    }
    stack.push({ el, run: '', runs: [] });
  });
  parser.on('closetag', (tag) => {
    lastClosed = { name: tag.name, el: stack[stack.length - 1]?.el };
    const top = stack.pop();
    if (!top) return;
    const { el } = top;
    if (el.children.length > 0) {
      top.runs.push(top.run);
      if (top.runs.some((r) => r.trim() !== '')) el.segments = top.runs;
    }
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (err) => {
    // saxes prefixes messages with `line:column: `; we report the position separately
    const msg = err.message.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '');
    const s = syntaxProblem(msg, text, parser.line, Math.max(1, parser.column), {
      open: stack.map((b) => b.el),
      rootSeen: root !== undefined,
      lastClosed,
      tagStart: { line: startLine, column: startColumn },
    });
    fail('E_XML_SYNTAX', `malformed XML: ${s.message}`, s.line, s.column, s.hint);
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { diagnostics };
  }
  if (!root) {
    diagnostics.push(
      diag('E_XML_SYNTAX', 'malformed XML: the document has no root element', {
        ...where,
        line: 1,
        hint: 'an SBML file holds one <sbml ...> element after the <?xml ...?> declaration',
      }),
    );
    return { diagnostics };
  }
  return { root, diagnostics };
}

// ------------------------------------------------------------------------------------------------ errors

/** 1-based line and column of offset `i` in `text` (line breaks \n, \r\n and \r, as XML normalises them). */
function lineColAt(text: string, i: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < i && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: i - lineStart + 1 };
}

/** Text of 1-based line `line` (without the line break). */
function lineText(text: string, line: number): string {
  return text.split(/\r\n|\r|\n/, line)[line - 1] ?? '';
}

/** Offset of the first character that is not blank, BOM, XML declaration, processing instruction or comment. */
function firstContentOffset(text: string): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const close = text.startsWith('<?', i) ? '?>' : text.startsWith('<!--', i) ? '-->' : undefined;
    if (close === undefined) return i;
    const j = text.indexOf(close, i);
    if (j < 0) return i;
    i = j + close.length;
  }
}

const XML_SYNTAX_HINT = 'fix the XML at this place: every start tag needs its end tag, attribute values need quotes, and a literal & is written &amp;';

/** E_XML_SYNTAX message, location and fix for a saxes error message, with the context saxes does not give. */
function syntaxProblem(
  msg: string,
  text: string,
  line: number,
  column: number,
  ctx: {
    open: XmlElement[];
    rootSeen: boolean;
    lastClosed: { name: string; el: XmlElement | undefined } | undefined;
    tagStart: { line: number; column: number };
  },
): { message: string; line: number; column: number; hint: string } {
  const tag = (el: XmlElement) => `<${el.name}> (line ${el.line})`;
  if (msg.startsWith('text data outside of root node')) {
    if (!ctx.rootSeen) {
      const p = lineColAt(text, firstContentOffset(text));
      const shown = lineText(text, p.line).slice(p.column - 1).trim();
      return {
        message: `the file is not an XML document: it has text ('${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown}') where the root element should start`,
        ...p,
        hint: 'give an SBML file: it starts with <?xml version="1.0" encoding="UTF-8"?> and an <sbml ...> element',
      };
    }
    return { message: 'text after the end of the root element', line, column, hint: 'remove everything after the closing tag of the root element (</sbml>)' };
  }
  if (msg.startsWith('unclosed tag')) {
    const open = [...ctx.open].reverse();
    const end = lineColAt(text, text.trimEnd().length);
    const names = open.map((el) => `</${el.name}>`).join('');
    return {
      message: `the file ends before ${open.length ? open.map(tag).join(', ') : 'an element'} ${open.length > 1 ? 'are' : 'is'} closed`,
      ...end,
      hint: `the file looks truncated: restore the complete file, or add the missing end tags ${names}`,
    };
  }
  if (msg.startsWith('unexpected close tag') && ctx.lastClosed?.el) {
    const el = ctx.lastClosed.el;
    const m = /<\/\s*([^\s>]*)\s*>$/.exec(lineText(text, line).slice(0, column));
    const got = m?.[1];
    return {
      message: `${got ? `the end tag </${got}>` : 'this end tag'} does not match the open element ${tag(el)}`,
      line,
      column: m ? column - m[0].length + 1 : column,
      hint: `close <${ctx.lastClosed.name}> with </${ctx.lastClosed.name}> before this point${got ? `, or fix the spelling of </${got}>` : ''}`,
    };
  }
  if (msg.startsWith('unmatched closing tag')) {
    return { message: msg.replace(/\.$/, '') + ' (no element with this name is open)', line, column, hint: 'remove the end tag, or add the start tag it closes' };
  }
  const prefix = /^unbound namespace prefix: "([^"]*)"/.exec(msg);
  if (prefix) {
    const p = prefix[1]!;
    return {
      message: `the namespace prefix '${p}:' is used but not declared`,
      ...ctx.tagStart,
      hint: `declare it on the root element, e.g. <sbml xmlns:${p}="..." ...> (an SBML package prefix needs its package namespace URI), or remove the prefix`,
    };
  }
  if (msg.startsWith('undefined entity')) {
    const name = /&([^;&\s]*);?$/.exec(lineText(text, line).slice(0, column))?.[1];
    return {
      message: `undefined entity${name ? ` '&${name};'` : ''}`,
      line,
      column,
      hint: 'XML defines only &lt; &gt; &amp; &quot; &apos; and numeric references such as &#916;; write a literal & as &amp;',
    };
  }
  if (msg.startsWith('document must contain a root element')) {
    if (text.trim() === '') return { message: 'the file is empty', line: 1, column: 1, hint: 'give an SBML file; this one has no content (was it written completely?)' };
    return { message: 'the document has no root element', ...lineColAt(text, text.trimEnd().length), hint: 'an SBML file holds one <sbml ...> element after the <?xml ...?> declaration' };
  }
  return { message: msg, line, column, hint: XML_SYNTAX_HINT };
}

// ------------------------------------------------------------------------------------------------ helpers

/** Child elements with local name `name` (any namespace). */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** First child element with local name `name`, if any. */
export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Every descendant element (pre-order, iterative) with local name `name`; does not descend into matches. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const todo: XmlElement[] = [root];
  while (todo.length > 0) {
    const el = todo.pop()!;
    if (el.name === name) {
      out.push(el);
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i--) todo.push(el.children[i]!);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ fast path

const XML_NS_URI = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS_URI = 'http://www.w3.org/2000/xmlns/';
/** Characters the fast path leaves to saxes: C0 controls other than tab/LF/CR (not allowed in XML 1.0), and
 * everything from U+D800 up (surrogate pairs count as one column in saxes; U+FFFE/U+FFFF are not allowed). */
const FAST_UNSUPPORTED_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uFFFF]/;
/** The XML declaration forms the fast path accepts (saxes checks the others and reports their errors). */
const FAST_XML_DECL = /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.0\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>/;
const PREDEFINED_ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes entity and character references; undefined for anything saxes would refuse or decode differently. */
function fastDecode(s: string): string | undefined {
  let out = '';
  let from = 0;
  for (let a = s.indexOf('&'); a >= 0; a = s.indexOf('&', from)) {
    const semi = s.indexOf(';', a + 1);
    if (semi < 0) return undefined;
    const ref = s.slice(a + 1, semi);
    let ch: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const m = /^#(?:([0-9]{1,7})|x([0-9A-Fa-f]{1,6}))$/.exec(ref);
      if (!m) return undefined;
      const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
      // XML 1.0 Char production, BMP only (supplementary characters: saxes)
      if (!(cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd))) return undefined;
      ch = String.fromCharCode(cp);
    } else {
      ch = PREDEFINED_ENTITY[ref];
      if (ch === undefined) return undefined;
    }
    out += s.slice(from, a) + ch;
    from = semi + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/*
 * Tokens of the fast path, as sticky regexes (performance: on the first read in a process V8 runs JavaScript in its
 * interpreter, while the regex engine runs compiled code, so a regex per tag beats a loop per character there).
 * Names: ASCII XML names with at most one colon that neither starts nor ends the name (anything else: saxes).
 * Attribute values: no `<` (not allowed in XML); entity references are decoded afterwards (fastDecode).
 */
const NAME_RE = '[A-Za-z_][\\w.-]*(?::[A-Za-z_][\\w.-]*)?';
const ATTR_RE = `[ \\t\\n]+${NAME_RE}[ \\t\\n]*=[ \\t\\n]*(?:"[^"<]*"|'[^'<]*')`;
/** A whole start tag: name, the attributes as one run, `/` when self-closing. */
const START_TAG = new RegExp(`<(${NAME_RE})((?:${ATTR_RE})*)[ \\t\\n]*(/?)>`, 'y');
/** One attribute of a start tag: name, then the value in double or single quotes. */
const ATTRIBUTE = new RegExp(`[ \\t\\n]+(${NAME_RE})[ \\t\\n]*=[ \\t\\n]*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
/** An end tag (its name is compared with the open element's). */
const END_TAG = new RegExp(`</${NAME_RE}[ \\t\\n]*>`, 'y');
/** Blanks only (outside the root element). */
const BLANKS = /[ \t\n]*/y;
/** A character String.prototype.trim would keep (`r.trim() !== ''` is NON_BLANK.test(r): same white space). */
const NON_BLANK = /\S/;
const TAB_OR_LF = /[\t\n]/;
const TABS_AND_LFS = /[\t\n]/g;

/**
 * State of one parsePlainXml run: parallel stacks of the open elements and small methods (no closures per
 * element, no objects per attribute).
 */
class PlainXmlScanner {
  readonly text: string;
  readonly maxDepth: number;
  /** 1-based line of offset `lineAt`; `lineStart` is the offset of that line's first character. */
  line = 1;
  lineStart = 0;
  lineAt = 0;
  /** Open elements (`depth` of them): element, qualified name, text run since the last child, the runs before each
   * child (null until the first child), namespace bindings in scope. */
  depth = 0;
  readonly els: XmlElement[] = [];
  readonly qnames: string[] = [];
  readonly runs: string[] = [];
  readonly runLists: (string[] | null)[] = [];
  readonly scopes: Map<string, string>[] = [];
  /** Bindings in scope (prefix -> uri; '' = default namespace). */
  scope: Map<string, string> = new Map([['xml', XML_NS_URI]]);
  root: XmlElement | undefined = undefined;
  /** Attributes of the start tag being read (names and values, `na` of them; reused between tags). */
  readonly attrNames: string[] = [];
  readonly attrValues: string[] = [];
  /** Duplicate-attribute keys of the start tag being read (as saxes: the name, or `{uri}local` when prefixed). */
  readonly attrKeys: string[] = [];
  na = 0;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  /** The element tree, or undefined when the text needs saxes. */
  parse(i: number): XmlElement | undefined {
    const text = this.text;
    const n = text.length;
    while (i < n) {
      const lt = text.indexOf('<', i);
      const end = lt < 0 ? n : lt;
      if (end > i && !this.textRun(i, end)) return undefined;
      if (lt < 0) break;
      const c1 = text.charCodeAt(lt + 1);
      if (c1 === 47 /* / */) i = this.endTag(lt);
      else if (c1 === 33 /* ! */) i = this.markup(lt);
      else if (c1 === 63 /* ? */) return undefined; // processing instruction: saxes
      else i = this.startTag(lt);
      if (i < 0) return undefined;
    }
    if (this.depth > 0 || this.root === undefined) return undefined;
    return this.root;
  }

  /** Text between markup, text[i, end). False when saxes must parse the document. */
  textRun(i: number, end: number): boolean {
    const text = this.text;
    if (this.depth === 0) {
      // outside the root element only blanks (saxes reports anything else)
      BLANKS.lastIndex = i;
      BLANKS.test(text);
      return BLANKS.lastIndex >= end;
    }
    const raw = text.slice(i, end);
    if (raw.indexOf(']]>') >= 0) return false;
    const t = raw.indexOf('&') >= 0 ? fastDecode(raw) : raw;
    if (t === undefined) return false;
    this.addText(t);
    return true;
  }

  addText(t: string): void {
    const top = this.depth - 1;
    const el = this.els[top]!;
    el.text += t;
    this.runs[top] += t;
  }

  /** `<!...` at `lt`: a comment or CDATA section (anything else: saxes). Offset after it, or -1. */
  markup(lt: number): number {
    const text = this.text;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0) return -1;
      if (text.slice(lt + 4, close).indexOf('--') >= 0 || text.charCodeAt(close - 1) === 45) return -1;
      return close + 3;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      if (this.depth === 0) return -1;
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0) return -1;
      this.addText(text.slice(lt + 9, close));
      return close + 3;
    }
    return -1; // DOCTYPE and anything else: saxes
  }

  /** `</name>` at `lt`. Offset after it, or -1. */
  endTag(lt: number): number {
    const text = this.text;
    END_TAG.lastIndex = lt;
    if (!END_TAG.test(text) || this.depth === 0) return -1;
    const top = --this.depth;
    const qname = this.qnames[top]!;
    // the tag's name is the open element's: it starts the tag and ends where a blank or `>` follows
    if (!text.startsWith(qname, lt + 2)) return -1;
    const c = text.charCodeAt(lt + 2 + qname.length);
    if (c !== 62 && c !== 32 && c !== 10 && c !== 9) return -1;
    const el = this.els[top]!;
    const runs = this.runLists[top];
    if (runs !== null && runs !== undefined) {
      runs.push(this.runs[top]!);
      for (let r = 0; r < runs.length; r++) {
        if (NON_BLANK.test(runs[r]!)) {
          el.segments = runs;
          break;
        }
      }
      this.runLists[top] = null;
    }
    if (top > 0) this.scope = this.scopes[top - 1]!;
    return END_TAG.lastIndex;
  }

  /** Moves the line bookkeeping to offset `to` (>= lineAt). */
  advanceLine(to: number): void {
    const text = this.text;
    for (let k = text.indexOf('\n', this.lineAt); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) {
      this.line++;
      this.lineStart = k + 1;
    }
    this.lineAt = to;
  }

  /** Reads the attributes text[from, to) (a START_TAG attribute run) into attrNames / attrValues; false when a
   * value holds a reference fastDecode leaves to saxes. */
  attributes(from: number, to: number): boolean {
    const text = this.text;
    let na = 0;
    ATTRIBUTE.lastIndex = from;
    while (ATTRIBUTE.lastIndex < to) {
      const m = ATTRIBUTE.exec(text);
      if (m === null) return false; // cannot happen: START_TAG matched the same text
      let v = m[2] ?? m[3]!;
      if (v.indexOf('&') >= 0) {
        // literal tab / line feed become spaces (attribute-value normalisation); character references do not
        v = v.replace(TABS_AND_LFS, ' ');
        const d = fastDecode(v);
        if (d === undefined) return false;
        v = d;
      } else if (TAB_OR_LF.test(v)) v = v.replace(TABS_AND_LFS, ' ');
      this.attrNames[na] = m[1]!;
      this.attrValues[na] = v;
      na++;
    }
    this.na = na;
    return true;
  }

  /** Namespace bindings after the declarations among the current attributes (checks as saxes' nsPairCheck);
   * undefined when saxes must parse the document. */
  declarations(): Map<string, string> | undefined {
    let ns = this.scope;
    for (let a = 0; a < this.na; a++) {
      const name = this.attrNames[a]!;
      if (name.charCodeAt(0) !== 120 /* x */ || !name.startsWith('xmlns')) continue;
      let prefix: string;
      if (name.length === 5) prefix = '';
      else if (name.charCodeAt(5) === 58 /* : */) prefix = name.slice(6);
      else continue;
      const uri = this.attrValues[a]!.trim();
      if (prefix === 'xml' || prefix === 'xmlns' || uri === XML_NS_URI || uri === XMLNS_NS_URI) return undefined;
      if (prefix !== '' && uri === '') return undefined;
      if (ns === this.scope) ns = new Map(this.scope);
      ns.set(prefix, uri);
    }
    return ns;
  }

  /** Sets el.attrs / el.attrNs from the current attributes (as the saxes path); false on an unbound prefix or a
   * duplicate attribute. */
  setAttributes(el: XmlElement, ns: Map<string, string>): boolean {
    const na = this.na;
    const keys = this.attrKeys;
    for (let a = 0; a < na; a++) {
      const name = this.attrNames[a]!;
      const ac = name.indexOf(':');
      let key = name;
      let local = name;
      let auri = '';
      if (ac >= 0) {
        const ap = name.slice(0, ac);
        local = name.slice(ac + 1);
        if (ap === 'xmlns') auri = XMLNS_NS_URI;
        else {
          const u = ns.get(ap);
          if (u === undefined || u === '') return false; // unbound prefix
          auri = u;
        }
        key = `{${auri}}${local}`;
      }
      for (let b = 0; b < a; b++) if (keys[b] === key) return false; // duplicate attribute
      keys[a] = key;
      if (ac >= 0) {
        if (auri === XMLNS_NS_URI) continue; // xmlns:p declaration (no other prefix can be bound to this URI)
        if (!(local in el.attrs)) {
          el.attrs[local] = this.attrValues[a]!;
          (el.attrNs ??= {})[local] = auri;
        }
      } else if (name !== 'xmlns') {
        el.attrs[local] = this.attrValues[a]!;
      }
    }
    return true;
  }

  /** `<name ...>` or `<name .../>` at `lt`. Offset after it, or -1. */
  startTag(lt: number): number {
    const text = this.text;
    if (this.root !== undefined && this.depth === 0) return -1; // a second root element
    START_TAG.lastIndex = lt;
    const m = START_TAG.exec(text);
    if (m === null) return -1;
    const qname = m[1]!;
    const nameEnd = lt + 1 + qname.length;
    const after = START_TAG.lastIndex;
    // position as saxes reports it at `opentagstart`: after the character that ends the name
    this.advanceLine(lt);
    let elLine = this.line;
    let elColumn = lt - this.lineStart + 1;
    if (text.charCodeAt(nameEnd) === 10) {
      elLine = this.line + 1;
      elColumn = 1;
    }
    const attrRun = m[2]!;
    if (attrRun.length > 0) {
      if (!this.attributes(nameEnd, nameEnd + attrRun.length)) return -1;
    } else this.na = 0;
    if (this.depth >= this.maxDepth) return -1;
    const ns = this.na > 0 ? this.declarations() : this.scope;
    if (ns === undefined) return -1;
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const uri = ns.get(prefix) ?? '';
    if (prefix !== '' && (prefix === 'xmlns' || uri === '')) return -1;
    const el: XmlElement = { name: colon < 0 ? qname : qname.slice(colon + 1), attrs: {}, children: [], text: '', line: elLine, column: elColumn };
    if (uri) el.ns = uri;
    if (this.na > 0 && !this.setAttributes(el, ns)) return -1;
    const d = this.depth;
    if (d > 0) {
      const parent = this.els[d - 1]!;
      parent.children.push(el);
      const runs = this.runLists[d - 1];
      if (runs !== null && runs !== undefined) runs.push(this.runs[d - 1]!);
      else this.runLists[d - 1] = [this.runs[d - 1]!];
      this.runs[d - 1] = '';
    } else {
      this.root = el;
    }
    if (m[3] === '') {
      // not self-closing: open
      this.els[d] = el;
      this.qnames[d] = qname;
      this.runs[d] = '';
      this.runLists[d] = null;
      this.scopes[d] = ns;
      this.scope = ns;
      this.depth = d + 1;
    }
    return after;
  }
}

/**
 * Fast path of parseXml (performance only; profiling showed saxes' character-by-character scanner to be most of
 * the SBML read time, bench/sbml/README.md). A strict scanner for the plain, well-formed XML that SBML files are:
 * it builds exactly the tree the saxes path builds (same names, namespaces, attributes, text, segments, lines and
 * columns) or returns undefined as soon as it meets anything it does not handle itself (a DOCTYPE, processing
 * instructions after the XML declaration, entity references other than the five predefined ones and BMP
 * character references, non-ASCII names, characters outside tab/LF/CR/U+0020-U+D7FF, any well-formedness or
 * namespace problem, nesting deeper than maxDepth); parseXml then parses the text with saxes, which gives the
 * diagnostics. Line breaks are normalised first (CR LF and CR -> LF, XML 1.0 section 2.11), so lines and columns
 * count like saxes.
 */
export function parsePlainXml(input: string, maxDepth: number): XmlElement | undefined {
  if (FAST_UNSUPPORTED_CHAR.test(input)) return undefined;
  const text = input.indexOf('\r') >= 0 ? input.replace(/\r\n?/g, '\n') : input;
  let i = 0;
  if (text.startsWith('<?xml')) {
    const m = FAST_XML_DECL.exec(text);
    if (!m) return undefined;
    i = m[0].length;
  }
  return new PlainXmlScanner(text, maxDepth).parse(i);
}
