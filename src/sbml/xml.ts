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
 *  - malformed XML -> E_XML_SYNTAX with line and column; parsing stops at the first error.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
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
}

export const DEFAULT_MAX_XML_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_XML_DEPTH = 1000;

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
      diag('E_XML_TOO_LARGE', `${file ?? 'the XML document'} is larger than the limit of ${maxBytes} bytes`, {
        ...where,
        hint: 'raise the size limit (maxBytes) if the file is trusted',
      }),
    );
    return { diagnostics };
  }

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;
  let startColumn = 1;

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
      const place = file ? `${file} line ${parser.line}` : `line ${parser.line}`;
      fail(
        'E_XML_ENTITY',
        `${place}: the DOCTYPE declares entities; entity declarations are refused (entity expansion attacks)`,
        parser.line,
        undefined,
        'remove the <!DOCTYPE ...> declaration; SBML files do not need one',
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
        `XML elements are nested more than ${maxDepth} deep at <${tag.name}>`,
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
  parser.on('closetag', () => {
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
    fail('E_XML_SYNTAX', `malformed XML: ${msg}`, parser.line, parser.column);
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { diagnostics };
  }
  if (!root) {
    diagnostics.push(diag('E_XML_SYNTAX', 'malformed XML: the document has no root element', { ...where, line: 1 }));
    return { diagnostics };
  }
  return { root, diagnostics };
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
