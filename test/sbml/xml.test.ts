import { describe, expect, it } from 'vitest';
import { findAll, parseXml } from '../../src/sbml/index.js';

describe('parseXml: well-formed documents', () => {
  it('builds the element tree with local names, namespaces, attributes, text and line numbers', () => {
    const src = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">',
      '  <model id="m">',
      '    <math xmlns="http://www.w3.org/1998/Math/MathML" xmlns:sbml="http://www.sbml.org/sbml/level3/version2/core">',
      '      <cn sbml:units="mole" type="integer"> 5 </cn>',
      '    </math>',
      '  </model>',
      '</sbml>',
    ].join('\n');
    const { root, diagnostics } = parseXml(src, { file: 'a.xml' });
    expect(diagnostics).toEqual([]);
    expect(root!.name).toBe('sbml');
    expect(root!.ns).toBe('http://www.sbml.org/sbml/level3/version2/core');
    expect(root!.attrs).toEqual({ level: '3', version: '2' });
    expect(root!.line).toBe(2);
    expect(root!.column).toBe(1);
    const model = root!.children[0]!;
    expect(model.name).toBe('model');
    expect(model.line).toBe(3);
    expect(model.column).toBe(3);
    const cn = findAll(root!, 'cn')[0]!;
    expect(cn.ns).toBe('http://www.w3.org/1998/Math/MathML');
    expect(cn.attrs).toEqual({ units: 'mole', type: 'integer' });
    expect(cn.attrNs).toEqual({ units: 'http://www.sbml.org/sbml/level3/version2/core' });
    expect(cn.text).toBe(' 5 ');
    expect(cn.line).toBe(5);
    expect(cn.column).toBe(7);
  });

  it('decodes the five predefined entities, numeric character references and CDATA', () => {
    const { root, diagnostics } = parseXml(`<a t="&lt;&gt;&amp;&quot;&apos;">&#65;&#x42;&amp;<![CDATA[<raw>]]></a>`);
    expect(diagnostics).toEqual([]);
    expect(root!.attrs['t']).toBe(`<>&"'`);
    expect(root!.text).toBe('AB&<raw>');
  });

  it('keeps mixed-content text runs around child elements (MathML <sep/>)', () => {
    const { root } = parseXml('<cn type="e-notation"> 1.5 <sep/> -3 </cn>');
    expect(root!.segments).toEqual([' 1.5 ', ' -3 ']);
    const plain = parseXml('<a>\n  <b/>\n</a>').root!;
    expect(plain.segments).toBeUndefined();
  });

  it('accepts a DOCTYPE without entity declarations and never fetches an external DTD', () => {
    const r = parseXml('<!DOCTYPE sbml SYSTEM "http://example.invalid/sbml.dtd">\n<sbml/>');
    expect(r.diagnostics).toEqual([]);
    expect(r.root!.name).toBe('sbml');
  });
});

describe('parseXml: refused and malformed input', () => {
  it('reports malformed XML with line and column', () => {
    const r = parseXml('<a>\n  <b>\n</a>', { file: 'bad.xml' });
    expect(r.root).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('E_XML_SYNTAX');
    expect(d.file).toBe('bad.xml');
    expect(d.line).toBe(3);
    expect(d.column).toBeGreaterThan(0);
  });

  it('reports an empty document and undefined entities as syntax errors', () => {
    expect(parseXml('').diagnostics[0]!.code).toBe('E_XML_SYNTAX');
    expect(parseXml('<a>&foo;</a>').diagnostics[0]!.code).toBe('E_XML_SYNTAX');
  });

  it('refuses an entity-expansion bomb (billion laughs) without expanding it', () => {
    const bomb = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    const r = parseXml(bomb, { file: 'bomb.xml' });
    expect(r.root).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('E_XML_ENTITY');
    expect(d.message).toContain('bomb.xml');
    expect(d.message).toContain('entity declarations are refused (entity expansion attacks)');
    expect(d.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses external entities (XXE) and parameter entities', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<foo>&xxe;</foo>';
    const r = parseXml(xxe, { file: 'xxe.xml' });
    expect(r.root).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E_XML_ENTITY']);
    expect(JSON.stringify(r)).not.toContain('root:');
    const pe = '<!DOCTYPE foo [ <!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p; ]>\n<foo/>';
    expect(parseXml(pe).diagnostics.map((d) => d.code)).toEqual(['E_XML_ENTITY']);
  });

  it('enforces the depth limit', () => {
    const deep = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(parseXml(deep(50), { maxDepth: 50 }).diagnostics).toEqual([]);
    const r = parseXml(deep(51), { maxDepth: 50 });
    expect(r.root).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E_XML_TOO_DEEP']);
    // default limit 1,000
    expect(parseXml(deep(1000)).diagnostics).toEqual([]);
    expect(parseXml(deep(1001)).diagnostics[0]!.code).toBe('E_XML_TOO_DEEP');
  });

  it('enforces the size limit in UTF-8 bytes', () => {
    expect(parseXml('<a>xx</a>', { maxBytes: 9 }).diagnostics).toEqual([]);
    expect(parseXml('<a>xxx</a>', { maxBytes: 9 }).diagnostics[0]!.code).toBe('E_XML_TOO_LARGE');
    // 'é' is 2 bytes in UTF-8: 10 characters, 11 bytes
    const r = parseXml('<a>xé</a>'.padEnd(10, ' '), { maxBytes: 10 });
    expect(r.diagnostics[0]!.code).toBe('E_XML_TOO_LARGE');
  });
});
