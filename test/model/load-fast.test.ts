/**
 * The fast loader (JSON.parse / js-yaml + lazy locations) against the reference (`yaml` package, eager):
 * identical documents, diagnostics and locations on every model file in the repository, on a generated
 * 2,000-reaction network, on hand-picked YAML 1.2 scalars (with values written out from the YAML 1.2 core
 * schema, spec section 10.3.2), and on seeded random mutations of the corpus. Also: aliases never reach
 * js-yaml, and the valid path does not compute source locations.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LazyMap, loadModelText, locationParseCount, needsYamlPackage, parseModelData, parserUsage, type LoadOptions,
} from '../../src/model/load.js';
import { flattenModel } from '../../src/model/flatten.js';
import { compileModel } from '../../src/compile/compile.js';
import { mulberry32 } from '../helpers/prng.js';

const root = join(import.meta.dirname, '..', '..');

function modelFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(f)) out.push(p);
    }
  };
  for (const r of ['examples', 'test/corpus', 'test/fixtures']) walk(join(root, r));
  return out;
}

/** Load through both parsers and expect the same result everywhere (doc, diagnostics, locations, flattening). */
function expectSame(text: string, opts: LoadOptions, deep = true): { fast: ReturnType<typeof loadModelText>; ref: ReturnType<typeof loadModelText> } {
  const ref = loadModelText(text, { ...opts, parser: 'yaml' });
  const fast = loadModelText(text, opts);
  expect(fast.diagnostics).toEqual(ref.diagnostics);
  expect(fast.loaded?.doc).toEqual(ref.loaded?.doc);
  expect(parseModelData(text, opts)).toEqual(parseModelData(text, { ...opts, parser: 'yaml' }));
  if (ref.loaded && fast.loaded && deep) {
    expect([...fast.loaded.locations]).toEqual([...ref.loaded.locations]);
    const fr = flattenModel(ref.loaded);
    const ff = flattenModel(fast.loaded);
    expect(ff.diagnostics).toEqual(fr.diagnostics);
    expect(ff.flat ? [...ff.flat.locations] : undefined).toEqual(fr.flat ? [...fr.flat.locations] : undefined);
  }
  return { fast, ref };
}


interface GenNetwork {
  network: (o?: Record<string, number>) => unknown;
  toYaml: (p: unknown) => string;
}
async function generator(): Promise<GenNetwork> {
  const url = pathToFileURL(join(root, 'bench', 'ode', 'gen-network.mjs')).href;
  return (await import(url)) as GenNetwork;
}

describe('fast model loading', () => {
  const files = modelFiles();

  it('gives identical documents, diagnostics and locations for every example, corpus and fixture file', () => {
    expect(files.length).toBeGreaterThan(30);
    const before = parserUsage();
    let valid = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const { ref } = expectSame(text, { file: f.slice(root.length + 1) });
      if (ref.loaded) valid++;
    }
    expect(valid).toBeGreaterThan(5);
    // Most of these files really went through js-yaml / JSON.parse (two reads each; the rest fell back on purpose).
    expect(parserUsage().fast - before.fast).toBeGreaterThan(files.length * 1.5);
  });

  it('loads the generated 2,000-reaction network identically without computing locations', async () => {
    const gen = await generator();
    const text = gen.toYaml(gen.network());
    expect(text.length).toBeGreaterThan(200_000);
    const before = parserUsage();
    const count0 = locationParseCount();
    const fast = loadModelText(text, { file: 'network.yaml' });
    expect(parserUsage().fast).toBe(before.fast + 1);
    expect(fast.diagnostics).toEqual([]);
    expect(fast.loaded!.doc.reactions).toHaveLength(2000);
    expect(fast.loaded!.doc.species).toHaveLength(1000);
    // The valid path (load, validate + flatten, compile) never needs a source location.
    const ff = flattenModel(fast.loaded!);
    expect(ff.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    compileModel(ff.flat!);
    expect(locationParseCount()).toBe(count0);
    expect((fast.loaded!.locations as LazyMap<string, unknown>).filled).toBe(false);

    const ref = loadModelText(text, { file: 'network.yaml', parser: 'yaml' });
    expect(fast.loaded!.doc).toEqual(ref.loaded!.doc);
    // First access computes them once, with the same answers as the reference path.
    expect(fast.loaded!.locations.get('reactions/1999/rate')).toEqual(ref.loaded!.locations.get('reactions/1999/rate'));
    expect(fast.loaded!.locations.get('reactions/1999/rate')).toMatchObject({ file: 'network.yaml', line: expect.any(Number) });
    expect(locationParseCount()).toBe(count0 + 1);
    expect([...fast.loaded!.locations]).toEqual([...ref.loaded!.locations]);
    const fr = flattenModel(ref.loaded!);
    expect([...ff.flat!.locations]).toEqual([...fr.flat!.locations]);
    expect(locationParseCount()).toBe(count0 + 1);
  });

  it('loads a network with varied number spellings identically (YAML and JSON)', () => {
    const r = mulberry32(7);
    const spell = (x: number) => {
      const k = Math.floor(r() * 5);
      return k === 0 ? x.toExponential(3) : k === 1 ? x.toExponential(2).replace('e', 'E') : k === 2 ? x.toPrecision(6) : k === 3 ? `+${x}` : String(x);
    };
    const lines = ['id: net', 'compartments: [{ id: box, size: 1.0 }]', 'species:'];
    for (let i = 1; i <= 200; i++) lines.push(`  - { id: x${i}, compartment: box, initialAmount: ${spell(r())} }`);
    lines.push('parameters:');
    for (let i = 1; i <= 2000; i++) lines.push(`  - id: k${i}\n    value: ${spell(10 ** (6 * r() - 3))}`);
    lines.push('reactions:');
    for (let i = 1; i <= 2000; i++) {
      const a = 1 + Math.floor(r() * 200);
      const b = 1 + Math.floor(r() * 200);
      lines.push(`  - { id: r${i}, equation: "x${a} -> x${b}", rate: k${i} * x${a} }`);
    }
    const text = lines.join('\n') + '\n';
    const before = parserUsage();
    const { fast } = expectSame(text, { file: 'net.yaml' }, false);
    expect(fast.loaded!.doc.reactions).toHaveLength(2000);
    const json = JSON.stringify(fast.loaded!.doc, null, 1);
    expectSame(json, { file: 'net.json' }, false);
    expect(parserUsage().fast - before.fast).toBe(4);
  });

  it('resolves YAML 1.2 core-schema scalars like the yaml package (and like the spec)', () => {
    // [plain scalar, expected value]: YAML 1.2.2 section 10.3.2 (tag resolution of the core schema).
    const cases: [string, unknown][] = [
      ['1e-3', 0.001], ['3.0e7', 3e7], ['1E+5', 1e5], ['-2.5e-3', -0.0025], ['+1.5', 1.5], ['.5', 0.5], ['-.5', -0.5],
      ['1.', 1], ['0.', 0], ['-0', -0], ['-0.0', -0], ['007', 7], ['+5', 5], ['-17', -17], ['0o17', 15], ['0x1F', 31],
      ['0xff', 255], ['12345678901234567890', 12345678901234567890],
      ['.nan', NaN], ['.NaN', NaN], ['.NAN', NaN], ['.inf', Infinity], ['.Inf', Infinity], ['+.inf', Infinity],
      ['-.inf', -Infinity], ['-.INF', -Infinity],
      ['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false],
      ['null', null], ['Null', null], ['NULL', null], ['~', null], ['', null],
      // Not numbers / booleans / null in YAML 1.2 core (some are in YAML 1.1 or in js-yaml's own core schema):
      ['1_000', '1_000'], ['0b101', '0b101'], ['0X1F', '0X1F'], ['0o8', '0o8'], ['.iNf', '.iNf'], ['+.nan', '+.nan'],
      ['yes', 'yes'], ['No', 'No'], ['on', 'on'], ['tRUE', 'tRUE'], ['nULL', 'nULL'], ['12e', '12e'], ['1.2.3', '1.2.3'],
      ['2001-12-14', '2001-12-14'], ['1:20', '1:20'], ['=', '='], ['<<', '<<'], ['k * x1 + 2', 'k * x1 + 2'],
      ['a && b', 'a && b'], ['time > 10', 'time > 10'], ["it's", "it's"], ['x#y', 'x#y'],
      // Quoted scalars are always strings.
      ["'1e-3'", '1e-3'], ['"true"', 'true'], ['"a\\"b\\u00e9\\x41\\/"', 'a"béA/'], ["'it''s'", "it's"], ['""', ''],
    ];
    const before = parserUsage();
    for (const [src, want] of cases) {
      const blockMap = `id: m\nv: ${src}\nseq:\n  - ${src}\n  - [${src}]\n`;
      const flowMap = `{ id: m, v: ${src} }\n`;
      for (const text of [blockMap, flowMap]) {
        const fast = parseModelData(text, { format: 'yaml' });
        const ref = parseModelData(text, { format: 'yaml', parser: 'yaml' });
        expect(fast, text).toEqual(ref);
        expect((fast.data as { v: unknown }).v, text).toEqual(want);
      }
      expect(((parseModelData(blockMap).data as { seq: unknown[] }).seq)).toEqual([want, src === '' ? [] : [want]]);
      // As a key: the yaml package spells null keys '' (js-yaml 'null'), so those take the reference path.
      if (src !== '' && src !== '=') {
        const keyed = `id: m\n${src}: 1\n`;
        expect(parseModelData(keyed), keyed).toEqual(parseModelData(keyed, { parser: 'yaml' }));
      }
    }
    expect(parserUsage().fast - before.fast).toBeGreaterThan(cases.length * 3);
  });

  it('parses multi-line plain scalars, comments, CRLF, flow mappings and document markers identically', () => {
    const texts = [
      'id: m\ndescription: a long\n  plain scalar\n\n  with a blank line\nname: x # comment\n',
      'id: m\r\nparameters:\r\n  - { id: k, value: 2 }\r\n',
      '---\nid: m\nparameters: [ { id: k, value: 1e-3 },\n  { id: j, value: .inf } ]\n...\n',
      '\uFEFFid: m\nspecies: []\nreactions: {}\n',
      'id: m\nx: [a, [b, {c: d}], {e: [f]}]\ny: { "quoted key": 1, \'k\': 2, plain key: 3 }\n',
      'id: m\nparameters:\n- id: k\n  value: 1\n-   id: j\n    value: 2\n',
      'id: m\nseq:\n  - - a\n    - b\n  - - c\n',
      '# only a comment\n',
      '',
      'id: m\nrate: "k * f(A, 2)"\nf: { a: 1, b: "x, y" }\n',
      '__proto__: { x: 1 }\nid: m\n',
      'id: m\nx: [a: b, c]\ny: {a, b: c}\nz: [\n  b,\n]\n',
    ];
    for (const t of texts) {
      expect(parseModelData(t), JSON.stringify(t)).toEqual(parseModelData(t, { parser: 'yaml' }));
      expectSame(t, { file: 'm.yaml' });
    }
  });

  it('reports syntax errors, duplicate keys and schema errors exactly as before', () => {
    const yamlTexts = [
      'id: m\nspecies: [a, b\n',
      'id: m\nid: n\n',
      'id: m\nparameters:\n  - { id: k, value: 1, value: 2 }\n',
      'id: m\n  bad: indent\n',
      'id: m\nspecies:\n  - { id: A, compartment: c }#x\n',
      'id: m\nspecies:\n  - { id: A,\ncompartment: c }\n',
      'id: m\nx: "unterminated\n',
      'id: m\n1: a\n"1": b\n',
      'id: m\n1: a\n1.0: b\n',
      'id: m\n--- \nid: n\n',
      'id: m\nspecies:\n  - id: A\n    compartment: c\n    intialAmount: 1\n',
      'id: m\nparameters:\n  - { id: k, value: fast }\n',
      '[1, 2]\n',
      'id: m\nx: @foo\n',
      'id: m\nx:\ty\n',
      'id: m\nx: a\u0001b\n',
      `id: m\n${'k'.repeat(1100)}: 1\n`,
      'id: m\nx:\n  - a: [\n    b ]\n',
    ];
    for (const t of yamlTexts) expectSame(t, { file: 'bad.yaml' });
    const jsonTexts = [
      '{ "id": "m", "id": "n" }',
      '{ "id": "m", "parameters": [ { "id": "k", "value": 1, "\\u0076alue": 2 } ] }',
      '{ "id": "m", "x": { "a": 1 }, "y": { "a": 1 } }',
      '{ "id": "m", }',
      '{ "id": \'m\' }',
      '{\n\t"id": "m",\n\t"parameters": [ { "id": "k", "value": 1e400 }, { "id": "j", "value": -0.0 } ]\n}',
      '{ "id": "m", "description": "tab\\tnew\\nline \\ud83d\\ude00 \\/" }',
      '{ "id": "m", "__proto__": { "x": 1 } }',
      '"m"',
    ];
    for (const t of jsonTexts) expectSame(t, { file: 'bad.json' });
    // Duplicate JSON keys take the reference path, which reports them.
    expect(loadModelText('{ "id": "m", "id": "n" }', { file: 'd.json' }).diagnostics[0]!.code).toBe('E_DUPLICATE_KEY');
  });

  it('never hands anchors or aliases to js-yaml (billion laughs), and keeps the alias limit', () => {
    const lol = ['id: m', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lol.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const text = lol.join('\n') + '\n';
    expect(needsYamlPackage(text)).toBe(true);
    const before = parserUsage();
    const { fast } = expectSame(text, { file: 'lol.yaml' });
    expect(parserUsage().fast).toBe(before.fast);
    expect(fast.diagnostics[0]!.code).toBe('E_YAML_SYNTAX');
    expect(fast.diagnostics[0]!.message).toMatch(/cannot expand/);
    // Small alias uses still load (through the reference path).
    expectSame('id: m\nunits: &u { time: s }\nmodules:\n  - { id: mod }\n', { file: 'ok.yaml' });
  });

  it('sends anchors, aliases, tags, directives, block scalars and unusual layout to the yaml package', () => {
    const needs = [
      'a: &x 1', 'a: *x', 'a: !!str 1', '- &x b', '[*x]', '{a: *x}', '{"a":*x}', 'a: ! x', '%YAML 1.1\n---\na: 1',
      'a: |\n  text', 'a: >-\n  text', '? a\n: b', '[a]: b', '{a: 1}: b', 'a:\tb', 'a: "multi\n  line"',
      "a: 'multi\n  line'", 'a: [b,\nc]', 'a:\n  - [b,\n  c]', 'a: x[1\nb: 2', 'a: x]', 'a: b\rc: d', 'a: @b', 'a: `b`',
      'a: "b"#c', 'a: [b]#c', '--- &x\na: 1', 'a: b\u2028c', 'x: { [a], b: c }', 'x: {a: 1, {b: c}: d}', `${'k'.repeat(1100)}: 1`,
      `x: [${'k '.repeat(600)}: 1]`,
    ];
    for (const t of needs) expect(needsYamlPackage(t), JSON.stringify(t)).toBe(true);
    const fine = [
      'id: m', 'rate: k*x1', 'rate: k * x1', 'trigger: a && b', 'trigger: time > 10', 'x: [a, b]', 'x: { a: 1, b: [c] }',
      'x:\n  - { a: 1,\n      b: 2 }', 'x: [\n  a,\n  b\n]', 'd: what? yes', 'd: a # [ comment', 'd: "a [ # \' b"', "d: 'it''s'",
      'd: x#y', '---\nid: m\n...', 'e: a - b', 'e: "&x *y !z"',
    ];
    for (const t of fine) expect(needsYamlPackage(t), JSON.stringify(t)).toBe(false);
    for (const t of [...needs, ...fine]) expect(parseModelData(t), JSON.stringify(t)).toEqual(parseModelData(t, { parser: 'yaml' }));
  });

  it('matches the reference on 600 seeded random mutations of the model files', async () => {
    const gen = await generator();
    const bases = files.map((f) => ({ name: f.endsWith('.json') ? 'x.json' : 'x.yaml', text: readFileSync(f, 'utf8') }));
    bases.push({ name: 'g.yaml', text: gen.toYaml(gen.network({ n: 12, conversions: 12, bimolecular: 5, productions: 3, degradations: 4 })) });
    const pieces = [' ', '\n', ':', '-', '"', "'", '#', '{', '}', '[', ']', ',', '?', '0', '.', 'e', '~', '  ', '\\', '&a', '*a',
      '!', '%', 'true', '1_0', '.inf', '-.5', '0o7', '0x1', '@', '\r\n', '|', '>', 'null'];
    const r = mulberry32(20240611);
    const before = parserUsage();
    for (let it = 0; it < 600; it++) {
      const base = bases[Math.floor(r() * bases.length)]!;
      let text = base.text;
      const edits = 1 + Math.floor(r() * 3);
      for (let j = 0; j < edits; j++) {
        const pos = Math.floor(r() * (text.length + 1));
        const op = r();
        if (op < 0.4) text = text.slice(0, pos) + pieces[Math.floor(r() * pieces.length)]! + text.slice(pos);
        else if (op < 0.8) text = text.slice(0, pos) + text.slice(pos + 1 + Math.floor(r() * 3));
        else {
          const p2 = Math.floor(r() * text.length);
          text = text.slice(0, pos) + text.slice(p2, p2 + 1 + Math.floor(r() * 10)) + text.slice(pos);
        }
      }
      const ref = loadModelText(text, { file: base.name, parser: 'yaml' });
      const fast = loadModelText(text, { file: base.name });
      expect(fast.diagnostics, JSON.stringify(text)).toEqual(ref.diagnostics);
      expect(fast.loaded?.doc, JSON.stringify(text)).toEqual(ref.loaded?.doc);
    }
    expect(parserUsage().fast - before.fast).toBeGreaterThan(100);
  });
});

describe('LazyMap', () => {
  it('fills once, on the first read or write', () => {
    let calls = 0;
    const m = new LazyMap<string, number>((set) => {
      calls++;
      set('a', 1);
      set('b', 2);
    });
    expect(calls).toBe(0);
    expect(m.filled).toBe(false);
    expect(m.size).toBe(2);
    expect(m.get('a')).toBe(1);
    expect([...m]).toEqual([['a', 1], ['b', 2]]);
    expect(calls).toBe(1);
    const w = new LazyMap<string, number>((set) => {
      calls++;
      set('a', 1);
    });
    w.set('a', 5); // a write after the fill wins
    expect(w.get('a')).toBe(5);
    expect([...w.keys()]).toEqual(['a']);
    const it = new LazyMap<string, number>((set) => set('z', 26));
    const seen: string[] = [];
    it.forEach((_v, k) => seen.push(k));
    expect(seen).toEqual(['z']);
    expect(new LazyMap<string, number>((set) => set('q', 1)).has('q')).toBe(true);
    expect([...new LazyMap<string, number>((set) => set('q', 1)).values()]).toEqual([1]);
    expect([...new LazyMap<string, number>((set) => set('q', 1)).entries()]).toEqual([['q', 1]]);
  });
});
